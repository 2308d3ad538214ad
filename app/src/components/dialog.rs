//! A modal dialog: a dimmed backdrop, a titled panel, Escape or a click outside closes it,
//! and focus moves into it as it opens so the keyboard starts there.

use leptos::prelude::*;

#[component]
pub fn Dialog(
    open: RwSignal<bool>,
    /// The heading, and the dialog's accessible name.
    title: String,
    /// Tailwind width class of the panel.
    #[prop(default = "w-[30rem]")]
    width: &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    let panel = NodeRef::<leptos::html::Div>::new();
    // Focus the first field (or button) once the panel is on the page.
    Effect::new(move |_| {
        if let Some(panel) = panel.get() {
            if let Ok(Some(first)) = panel.query_selector("input, select, textarea, button") {
                if let Some(first) = leptos::wasm_bindgen::JsCast::dyn_ref::<leptos::web_sys::HtmlElement>(&first) {
                    let _ = first.focus();
                }
            }
        }
    });
    let title = StoredValue::new(title);
    let children = StoredValue::new(children);
    view! {
        <Show when=move || open.get()>
            <div class="fixed inset-0 z-50 bg-black/30 dark:bg-black/50" on:click=move |_| open.set(false)></div>
            <div
                node_ref=panel
                role="dialog"
                aria-modal="true"
                aria-label=title.get_value()
                class=format!(
                    "fixed top-20 left-1/2 z-50 {width} max-w-[calc(100vw-2rem)] -translate-x-1/2 rounded-xl border border-line bg-canvas p-5 shadow-2xl",
                )
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Escape" {
                        ev.stop_propagation();
                        open.set(false);
                    }
                }
            >
                <h2 class="text-base font-semibold text-fg">{title.get_value()}</h2>
                {children.with_value(|children| children())}
            </div>
        </Show>
    }
}
