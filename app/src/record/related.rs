//! The records whose references point at this one, grouped by object and attribute: a
//! company's team, the deals it is associated with.

use crate::functions::RelatedGroup;
use crate::values::display::record_href;
use leptos::prelude::*;

#[component]
pub fn ReferencedBy(groups: Vec<RelatedGroup>) -> impl IntoView {
    if groups.is_empty() {
        return ().into_any();
    }
    let sections = groups
        .into_iter()
        .enumerate()
        .map(|(i, group)| {
            let heading = format!("related-{i}");
            let labelled_by = heading.clone();
            let count = format!("{}{}", group.records.len(), if group.truncated { "+" } else { "" });
            let links = group
                .records
                .into_iter()
                .map(|r| {
                    let label = r.name.unwrap_or_else(|| "Unnamed record".into());
                    view! {
                        <li>
                            <a
                                href=record_href(&group.object, &r.record_id)
                                class="block truncate rounded-md px-2 py-1 text-fg-muted hover:bg-raised hover:text-fg"
                            >
                                {label}
                            </a>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section aria-labelledby=labelled_by class="px-2 pb-3">
                    <h3 id=heading class="flex items-center gap-2 px-2 py-1 text-fg-subtle">
                        <span class="truncate">{format!("{} · {}", group.object_noun, group.attribute_title)}</span>
                        <span class="rounded-full bg-raised px-1.5 text-xs tabular-nums">{count}</span>
                    </h3>
                    <ul>{links}</ul>
                </section>
            }
        })
        .collect_view();
    view! {
        <div class="border-t border-line py-4">
            <h2 class="px-4 pb-2 text-xs font-medium text-fg-subtle uppercase">"Referenced by"</h2>
            {sections}
        </div>
    }
    .into_any()
}
