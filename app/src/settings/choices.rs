//! The statuses of a status attribute, or the options of a select: added, renamed in place
//! (saved when the field is left or Enter pressed), archived and restored. A status archived
//! here leaves the board's columns; tables and the board show a new name at once.

use crate::components::ui::{BUTTON, FIELD};
use crate::functions::{add_choice, change_choice, Choice};
use crate::table::source::Source;
use leptos::prelude::*;
use leptos::task::spawn_local;
use model::wire::Attribute;
use model::AttributeType;

#[component]
pub fn Choices(source: Source, attribute: Attribute, choices: Vec<Choice>, changed: Callback<()>) -> impl IntoView {
    let is_status = attribute.kind == AttributeType::Status;
    let noun = if is_status { "status" } else { "option" };
    let heading = format!("{} of {}", if is_status { "Statuses" } else { "Options" }, attribute.title);
    let (heading_id, labelled_by) =
        (format!("choices-{}", attribute.api_slug), format!("choices-{}", attribute.api_slug));
    let target = StoredValue::new((source, attribute.api_slug.clone()));
    let error = RwSignal::new(None::<String>);
    let report = move |result: Result<(), crate::functions::AppError>| match result {
        Ok(()) => {
            error.set(None);
            changed.run(());
        }
        Err(e) => error.set(Some(e.to_string())),
    };
    let change = move |id: String, title: Option<String>, is_archived: Option<bool>| {
        let (source, slug) = target.get_value();
        spawn_local(async move { report(change_choice(source, slug, is_status, id, title, is_archived).await) });
    };
    let rows = choices
        .into_iter()
        .map(|choice| {
            let Choice { id, title, is_archived } = choice;
            let (rename_id, archive_id) = (id.clone(), id);
            let original = title.clone();
            let label = format!("Name of the {noun} {title}");
            let archive_label = format!("{} {title}", if is_archived { "Restore" } else { "Archive" });
            let row_class = if is_archived {
                "flex items-center gap-2 px-4 py-1.5 opacity-60"
            } else {
                "flex items-center gap-2 px-4 py-1.5"
            };
            view! {
                <li class=row_class>
                    <input
                        class="flex-1 rounded-md border border-transparent bg-transparent px-2 py-1 text-fg hover:border-line focus:border-focus focus:ring-2 focus:ring-focus/25 focus:outline-none"
                        aria-label=label
                        value=title
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            if value.trim() != original {
                                change(rename_id.clone(), Some(value), None);
                            }
                        }
                    />
                    {is_archived.then(|| view! { <span class="text-xs text-fg-subtle">"archived"</span> })}
                    <button
                        type="button"
                        class=BUTTON
                        aria-label=archive_label
                        on:click=move |_| change(archive_id.clone(), None, Some(!is_archived))
                    >
                        {if is_archived { "Restore" } else { "Archive" }}
                    </button>
                </li>
            }
        })
        .collect_view();
    let new_title = RwSignal::new(String::new());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let title = new_title.get_untracked();
        if title.trim().is_empty() {
            return;
        }
        let (source, slug) = target.get_value();
        spawn_local(async move {
            let result = add_choice(source, slug, is_status, title).await;
            if result.is_ok() {
                new_title.set(String::new());
            }
            report(result);
        });
    };
    view! {
        <section aria-labelledby=labelled_by class="mt-8">
            <h2 id=heading_id class="text-sm font-semibold text-fg">{heading}</h2>
            <ul class="mt-2 divide-y divide-line overflow-hidden rounded-lg border border-line">
                {rows}
                <li class="px-4 py-1.5">
                    <form class="flex items-center gap-2" on:submit=add>
                        <input
                            class=format!("{FIELD} flex-1 py-1")
                            aria-label=format!("New {noun}")
                            placeholder=format!("New {noun}")
                            bind:value=new_title
                        />
                        <button type="submit" class=BUTTON>
                            {format!("Add {noun}")}
                        </button>
                    </form>
                </li>
            </ul>
            <p role="alert" class="mt-1 text-sm text-danger empty:hidden">{move || error.get()}</p>
        </section>
    }
}
