//! The sorts of a table, as chips: each turns round or goes away with a click, and more are
//! added from a list. Clicking a header sorts by it alone; shift-click adds it here.

use super::view_state::{SortKey, ViewState};
use crate::components::ui::FIELD;
use leptos::prelude::*;
use model::wire::Attribute;

#[component]
pub fn SortBar(
    attributes: Vec<Attribute>,
    view: Signal<ViewState>,
    on_change: Callback<Vec<SortKey>>,
) -> impl IntoView {
    let attributes = StoredValue::new(
        attributes.into_iter().filter(|a| !a.is_archived && a.api_slug != "record_id").collect::<Vec<_>>(),
    );
    let title_of = move |slug: &str| {
        attributes
            .with_value(|a| a.iter().find(|a| a.api_slug == slug).map(|a| a.title.clone()))
            .unwrap_or_else(|| slug.to_owned())
    };
    let chips = move || {
        let sorts = view.get().sorts;
        sorts
            .iter()
            .enumerate()
            .map(|(i, sort)| {
                let title = title_of(&sort.attribute);
                let (turned, removed) = (sorts.clone(), sorts.clone());
                let direction = if sort.descending { "descending" } else { "ascending" };
                let arrow = if sort.descending { "↓" } else { "↑" };
                let prefix = if i == 0 { "Sort" } else { "then" };
                view! {
                    <li class="flex items-center rounded-md border border-line bg-panel text-fg-muted">
                        <button
                            type="button"
                            class="flex items-center gap-1 rounded-l-md px-2 py-0.5 hover:bg-raised hover:text-fg"
                            aria-label=format!("{title}, {direction}: turn round")
                            on:click=move |_| {
                                let mut sorts = turned.clone();
                                sorts[i].descending = !sorts[i].descending;
                                on_change.run(sorts);
                            }
                        >
                            <span class="text-fg-subtle">{prefix}</span>
                            {title.clone()}
                            <span aria-hidden="true">{arrow}</span>
                        </button>
                        <button
                            type="button"
                            class="rounded-r-md border-l border-line px-1.5 py-0.5 text-fg-subtle hover:bg-raised hover:text-fg"
                            aria-label=format!("Remove the sort on {title}")
                            on:click=move |_| {
                                let mut sorts = removed.clone();
                                sorts.remove(i);
                                on_change.run(sorts);
                            }
                        >
                            "×"
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    let add_options = move || {
        let sorts = view.get().sorts;
        attributes.with_value(|a| {
            a.iter()
                .filter(|a| !sorts.iter().any(|s| s.attribute == a.api_slug))
                .map(|a| view! { <option value=a.api_slug.clone()>{a.title.clone()}</option> })
                .collect_view()
        })
    };
    view! {
        <ul aria-label="Sorts" class="flex items-center gap-1.5">
            {chips}
        </ul>
        <select
            aria-label="Add a sort"
            class=format!("{FIELD} py-1 text-fg-muted")
            prop:value=""
            on:change=move |ev| {
                let slug = event_target_value(&ev);
                if !slug.is_empty() {
                    let mut sorts = view.get_untracked().sorts;
                    sorts.push(SortKey { attribute: slug, descending: false });
                    on_change.run(sorts);
                }
            }
        >
            <option value="">"+ Sort"</option>
            {add_options}
        </select>
    }
}
