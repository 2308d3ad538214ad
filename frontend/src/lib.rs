//! The browser entry point: scripts/build turns this crate into `/pkg/crm.wasm`, and the
//! generated `/pkg/crm.js` calls `hydrate()` once the server-rendered page has loaded.
#![forbid(unsafe_code)]
// Views nest deeply in their types; computing their layout needs more than the default 128.
#![recursion_limit = "256"]

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
