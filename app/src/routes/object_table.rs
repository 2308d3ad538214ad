//! `/objects/:slug`: an object's records as a table, sorted as the URL says.

use crate::components::error_notice::ErrorNotice;
use crate::components::table::{RecordTable, SortState};
use crate::functions::{load_object_schema, load_records, RECORD_LIMIT};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ObjectPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let sort = move || {
        let query = query.read();
        SortState::from_query(query.get("sort"), query.get("dir"))
    };

    // Two resources so a re-sort refetches only the records, not the columns.
    let schema = Resource::new(slug, load_object_schema);
    let records =
        Resource::new(move || (slug(), sort()), |(slug, sort)| load_records(slug, sort.attribute, sort.descending));
    let (pending, set_pending) = signal(false);

    // Transitions keep the current header and table on screen while a new sort loads, and
    // the scroll container sits outside them so a re-sort keeps the scroll position.
    let header = move || {
        Suspend::new(async move {
            let (Ok(schema), Ok(records)) = (schema.await, records.await) else {
                // The table below reports the error.
                return ().into_any();
            };
            let object = schema.object;
            let count = records.len();
            let noun = if count == 1 { &object.singular_noun } else { &object.plural_noun };
            let count_label = if count as u64 >= RECORD_LIMIT {
                format!("First {count} {}", noun.to_lowercase())
            } else {
                format!("{count} {}", noun.to_lowercase())
            };
            view! {
                <Title text=format!("{} · CRM", object.plural_noun) />
                <h1 class="font-semibold text-gray-900">{object.plural_noun.clone()}</h1>
                <p class="text-gray-500">{count_label}</p>
            }
            .into_any()
        })
    };

    let table = move || {
        Suspend::new(async move {
            let (schema, records) = match (schema.await, records.await) {
                (Ok(schema), Ok(records)) => (schema, records),
                (Err(error), _) | (_, Err(error)) => {
                    return view! { <ErrorNotice error=error /> }.into_any();
                }
            };
            if records.is_empty() {
                let plural = schema.object.plural_noun.to_lowercase();
                return view! {
                    <div class="flex h-full flex-col items-center justify-center gap-1 py-24 text-center">
                        <p class="font-medium text-gray-900">{format!("No {plural} yet")}</p>
                        <p class="text-gray-500">
                            "Records created in the app or through the API appear here."
                        </p>
                    </div>
                }
                .into_any();
            }
            view! {
                <RecordTable
                    object_slug=schema.object.api_slug
                    attributes=schema.attributes
                    records=records
                    sort=sort()
                />
            }
            .into_any()
        })
    };

    view! {
        <header class="flex h-12 shrink-0 items-center justify-between gap-4 border-b border-gray-200 px-4">
            <Transition>{header}</Transition>
        </header>
        <div class=move || {
            if pending.get() {
                "min-h-0 flex-1 overflow-auto opacity-60 transition-opacity"
            } else {
                "min-h-0 flex-1 overflow-auto transition-opacity"
            }
        }>
            <Transition
                fallback=|| view! { <p class="p-6 text-gray-400">"Loading…"</p> }
                set_pending
            >
                {table}
            </Transition>
        </div>
    }
}
