# Shared by the scripts: tools from node_modules first (npm binaryen's wasm-opt, not Debian's).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
CRM_BIN="$TARGET_DIR/release/crm"

# Where scripts/build put the web assets ($TARGET_DIR/site), unless LEPTOS_SITE_ROOT says
# otherwise. Call after a build.
find_site() {
  local dir
  for dir in "${LEPTOS_SITE_ROOT:-}" "$TARGET_DIR/site" "$ROOT/target/site"; do
    if [ -n "$dir" ] && [ -f "$dir/pkg/crm.wasm" ]; then
      export LEPTOS_SITE_ROOT="$dir"
      return 0
    fi
  done
  echo "no built site found (looked in $TARGET_DIR/site and $ROOT/target/site)" >&2
  return 1
}
