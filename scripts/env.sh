# Shared by the scripts: tools from node_modules first (npm binaryen's wasm-opt, not Debian's).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-$TARGET_DIR/site}"
CRM_BIN="$TARGET_DIR/release/crm"
