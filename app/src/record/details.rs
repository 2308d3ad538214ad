//! Every attribute of the record as label and value, the object's own first and the
//! system's (created, by whom, id) last.

use crate::components::value_cell::{pieces, ObjectNouns, RecordNames, ValueCell};
use leptos::prelude::*;
use model::wire::{Attribute, Record};

#[component]
pub fn Details(attributes: Vec<Attribute>, record: Record, nouns: ObjectNouns, names: RecordNames) -> impl IntoView {
    let mut ordered: Vec<&Attribute> = attributes.iter().filter(|a| !a.is_archived).collect();
    ordered.sort_by_key(|a| a.is_system_attribute);
    let rows = ordered
        .into_iter()
        .map(|attribute| {
            let values = record.values.get(&attribute.api_slug).map(Vec::as_slice).unwrap_or_default();
            let shown = pieces(attribute.kind, values, &nouns, &names);
            let value = if shown.is_empty() {
                view! { <span class="text-fg-faint">"Empty"</span> }.into_any()
            } else {
                view! { <ValueCell pieces=shown /> }.into_any()
            };
            view! {
                <div class="grid grid-cols-[8rem_minmax(0,1fr)] items-center gap-3 px-4 py-1.5">
                    <dt class="truncate text-fg-subtle" title=attribute.title.clone()>
                        {attribute.title.clone()}
                    </dt>
                    <dd class="min-w-0 text-fg">{value}</dd>
                </div>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="details-heading" class="py-4">
            <h2 id="details-heading" class="px-4 pb-2 text-xs font-medium text-fg-subtle uppercase">
                "Details"
            </h2>
            <dl>{rows}</dl>
        </section>
    }
}
