//! `/objects/:slug`: an object's records as a table, sorted as the URL says.

use crate::components::error_notice::ErrorNotice;
use crate::components::object_badge::ObjectBadge;
use crate::components::table::{RecordTable, SortState};
use crate::components::value_cell::ObjectNouns;
use crate::functions::{load_object_schema, load_records, RECORD_LIMIT};
use crate::layouts::app_shell::WorkspaceResource;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ObjectPage() -> impl IntoView {
    let WorkspaceResource(workspace) = expect_context();
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
            let (Ok(schema), Ok(page)) = (schema.await, records.await) else {
                // The table below reports the error.
                return ().into_any();
            };
            let object = schema.object;
            let count = page.records.len();
            let noun = if count == 1 { &object.singular_noun } else { &object.plural_noun };
            let full = count as u64 >= RECORD_LIMIT;
            let count_title = format!("{}{count} {}", if full { "First " } else { "" }, noun.to_lowercase());
            let count_label = if full { format!("{count}+") } else { count.to_string() };
            view! {
                <Title text=format!("{} · CRM", object.plural_noun) />
                <ObjectBadge slug=object.api_slug name=object.plural_noun.clone() large=true />
                <h1 class="truncate font-semibold text-gray-900">{object.plural_noun}</h1>
                <span
                    title=count_title
                    class="shrink-0 rounded-full bg-gray-100 px-2 py-0.5 text-xs font-medium text-gray-500 tabular-nums"
                >
                    {count_label}
                </span>
            }
            .into_any()
        })
    };

    let table = move || {
        Suspend::new(async move {
            let (schema, page, workspace) = match (schema.await, records.await, workspace.await) {
                (Ok(schema), Ok(page), Ok(workspace)) => (schema, page, workspace),
                (Err(error), _, _) | (_, Err(error), _) | (_, _, Err(error)) => {
                    return view! { <ErrorNotice error=error /> }.into_any();
                }
            };
            if page.records.is_empty() {
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
            let nouns: ObjectNouns =
                workspace.objects.into_iter().map(|object| (object.api_slug, object.singular_noun)).collect();
            view! {
                <RecordTable
                    object_slug=schema.object.api_slug
                    attributes=schema.attributes
                    records=page.records
                    sort=sort()
                    nouns=nouns
                    names=page.labels
                />
            }
            .into_any()
        })
    };

    view! {
        <header class="flex h-12 shrink-0 items-center gap-2 border-b border-gray-200 px-4">
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
