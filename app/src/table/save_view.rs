//! "Save view": the table's filter, sorts and columns saved under a name, for the whole workspace; the
//! sidebar lists it under its object.

use super::view_state::ViewState;
use crate::functions::save_view;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn SaveView(object: String, view: Signal<ViewState>, on_saved: Callback<()>) -> impl IntoView {
    let open = RwSignal::new(false);
    let title = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let object = StoredValue::new(object);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = title.get_untracked();
        if name.trim().is_empty() {
            error.set(Some("Give the view a name.".into()));
            return;
        }
        busy.set(true);
        let (object, view) = (object.get_value(), view.get_untracked());
        spawn_local(async move {
            let result = save_view(object, name, view.to_config()).await;
            busy.set(false);
            match result {
                Ok(()) => {
                    open.set(false);
                    title.set(String::new());
                    error.set(None);
                    on_saved.run(());
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <Show
            when=move || open.get()
            fallback=move || {
                view! {
                    <button
                        type="button"
                        class="ml-auto rounded-md border border-line px-2.5 py-1 text-fg-muted hover:bg-raised hover:text-fg"
                        on:click=move |_| open.set(true)
                    >
                        "Save view"
                    </button>
                }
            }
        >
            <form on:submit=submit class="ml-auto flex items-center gap-2">
                <input
                    aria-label="View name"
                    placeholder="View name"
                    class="w-48 rounded-md border border-line-strong bg-canvas px-2 py-1 text-fg placeholder:text-fg-faint focus:border-focus focus:ring-2 focus:ring-focus/25 focus:outline-none"
                    prop:value=move || title.get()
                    on:input=move |ev| title.set(event_target_value(&ev))
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Escape" {
                            open.set(false);
                        }
                    }
                />
                <button
                    type="submit"
                    disabled=move || busy.get()
                    class="rounded-md bg-accent px-3 py-1 font-medium text-accent-fg hover:bg-accent-hover disabled:opacity-60"
                >
                    "Save"
                </button>
                {move || error.get().map(|m| view! { <span role="alert" class="text-danger">{m}</span> })}
            </form>
        </Show>
    }
    .into_any()
}
