//! "Add to list" on a list's table: find a record of the list's parent object by name,
//! e-mail address or domain (the records search), and add it as an entry through the same
//! service function as `POST /v2/lists/{list}/entries`.

use crate::components::dialog::Dialog;
use crate::components::ui::{BUTTON, BUTTON_PRIMARY, FIELD};
use crate::functions::{add_to_list, search};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn AddEntry(
    list: String,
    /// The parent object's slug and singular noun.
    object: (String, String),
    on_added: Callback<()>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let query = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let (slug, noun) = object;
    let noun = noun.to_lowercase();
    let context = StoredValue::new((list, slug));
    let found = LocalResource::new(move || {
        let object = context.with_value(|(_, object)| object.clone());
        search(query.get(), Some(object))
    });

    let add = move |record_id: String| {
        busy.set(true);
        error.set(None);
        let (list, object) = context.get_value();
        spawn_local(async move {
            let result = add_to_list(list, object, record_id).await;
            busy.set(false);
            match result {
                Ok(_) => {
                    open.set(false);
                    query.set(String::new());
                    on_added.run(());
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let results = move || {
        let found = found.get()?.ok()?;
        if found.is_empty() {
            return (!query.with(|q| q.trim().is_empty()))
                .then(|| view! { <p class="px-2 py-3 text-fg-subtle">"Nothing found."</p> }.into_any());
        }
        let items = found
            .into_iter()
            .map(|record| {
                let id = record.record_id.clone();
                let label = if record.text.is_empty() { "Unnamed record".to_owned() } else { record.text };
                view! {
                    <li>
                        <button
                            type="button"
                            class="flex w-full items-baseline gap-2 rounded-md px-2 py-1.5 text-left hover:bg-raised focus-visible:bg-raised focus-visible:outline-none disabled:opacity-60"
                            disabled=move || busy.get()
                            on:click=move |_| add(id.clone())
                        >
                            <span class="truncate text-fg">{label}</span>
                            <span class="truncate text-xs text-fg-subtle">{record.detail}</span>
                        </button>
                    </li>
                }
            })
            .collect_view();
        Some(view! { <ul aria-label="Matching records" class="mt-2 max-h-72 overflow-y-auto">{items}</ul> }.into_any())
    };

    let title = format!("Add a {noun} to the list");
    let placeholder = StoredValue::new(format!("Find a {noun} by name, e-mail or domain"));
    view! {
        <button type="button" class=BUTTON_PRIMARY on:click=move |_| open.set(true)>
            {format!("+ Add {noun}")}
        </button>
        <Dialog open=open title=title>
            <input
                type="search"
                aria-label=placeholder.get_value()
                placeholder=placeholder.get_value()
                class=format!("{FIELD} mt-3 w-full")
                prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev))
            />
            <Transition>{results}</Transition>
            {move || error.get().map(|m| view! { <p role="alert" class="mt-3 text-danger">{m}</p> })}
            <div class="mt-5 flex justify-end">
                <button type="button" class=BUTTON on:click=move |_| open.set(false)>
                    "Cancel"
                </button>
            </div>
        </Dialog>
    }
}
