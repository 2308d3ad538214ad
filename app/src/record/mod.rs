//! The record page: one record with every attribute, what it is related to both ways, its
//! notes, tasks and comments, and its activity. Served at `/objects/:slug/:id` and at the API's `web_url`
//! (`/:workspace/objects/:slug/:id`).

mod activity;
mod comments;
mod details;
mod lists;
mod merge;
mod related;
mod work;

use crate::components::error_notice::ErrorNotice;
use crate::components::object_badge::ObjectBadge;
use crate::functions::{load_record_page, RecordPageData};
use crate::store::RecordStore;
use crate::values::display::{pieces, ObjectNouns, ValueCell};
use details::RecordState;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use model::AttributeType;

#[component]
pub fn RecordPage() -> impl IntoView {
    let params = use_params_map();
    let key = move || {
        let p = params.read();
        (p.get("workspace"), p.get("slug").unwrap_or_default(), p.get("id").unwrap_or_default())
    };
    let page = Resource::new(key, |(workspace, object, id)| load_record_page(workspace, object, id));
    let body = move || {
        Suspend::new(async move {
            match page.await {
                Ok(data) => view! { <RecordView data=data /> }.into_any(),
                Err(error) => view! { <ErrorNotice error=error /> }.into_any(),
            }
        })
    };
    view! {
        <Transition fallback=|| view! { <p class="p-6 text-fg-faint">"Loading…"</p> }>{body}</Transition>
    }
}

#[component]
fn RecordView(data: RecordPageData) -> impl IntoView {
    let RecordPageData {
        object,
        attributes,
        record,
        names,
        nouns,
        referenced_by,
        notes,
        tasks,
        choices,
        timeline,
        threads,
        members,
        entries,
        lists,
    } = data;
    let (notes, tasks) = (RwSignal::new(notes), RwSignal::new(tasks));
    let nouns: ObjectNouns = nouns;
    let record_id = record.id.record_id.to_string();
    let state = RecordState {
        object: StoredValue::new(object.api_slug.clone()),
        // The store's cell: the tables and this page show one record alike.
        record: RwSignal::from(RecordStore::use_store().hold(record)),
        nouns: StoredValue::new(nouns),
        names: StoredValue::new(names),
    };
    let unnamed = format!("Unnamed {}", object.singular_noun.to_lowercase());
    let name = move || state.record.with(|r| r.display_name()).unwrap_or_else(|| unnamed.clone());
    // Status and select values sum a record up at a glance, under its name.
    let summary: Vec<(String, AttributeType)> = attributes
        .iter()
        .filter(|a| matches!(a.kind, AttributeType::Status | AttributeType::Select) && !a.is_system_attribute)
        .map(|a| (a.api_slug.clone(), a.kind))
        .collect();
    let chips = move || {
        state.record.with(|record| {
            summary
                .iter()
                .filter_map(|(slug, kind)| {
                    let values = record.values.get(slug)?;
                    let shown = state.nouns.with_value(|n| state.names.with_value(|m| pieces(*kind, values, n, m)));
                    (!shown.is_empty()).then(|| view! { <ValueCell pieces=shown /> })
                })
                .collect_view()
        })
    };
    let table_href = format!("/objects/{}", object.api_slug);
    view! {
        <Title text={
            let (name, plural) = (name.clone(), object.plural_noun.clone());
            move || format!("{} · {plural}", name())
        } />
        <header class="flex h-12 shrink-0 items-center gap-2 border-b border-line px-4">
            <ObjectBadge slug=object.api_slug.clone() name=object.plural_noun.clone() />
            <nav aria-label="Breadcrumb" class="flex min-w-0 items-center gap-1.5 text-fg-subtle">
                <a href=table_href class="hover:text-fg">{object.plural_noun.clone()}</a>
                <span aria-hidden="true">"/"</span>
                <span class="truncate text-fg" aria-current="page">{name.clone()}</span>
            </nav>
            <merge::MergeButton state=state attributes=attributes.clone() />
        </header>
        <div class="grid min-h-0 flex-1 grid-cols-1 overflow-y-auto lg:grid-cols-[minmax(0,1fr)_22rem] lg:overflow-hidden">
            <section class="min-w-0 px-8 py-6 lg:overflow-y-auto" aria-labelledby="record-name">
                <h1 id="record-name" class="text-xl font-semibold text-fg">{name}</h1>
                <div class="mt-2 flex flex-wrap items-center gap-2">{chips}</div>
                <work::Work
                    object=object.api_slug.clone()
                    record_id=record_id.clone()
                    notes=notes
                    tasks=tasks
                    members=members.clone()
                />
                <comments::Comments
                    object=object.api_slug.clone()
                    record_id=record_id
                    threads=threads
                    members=members.clone()
                />
                <activity::Activity
                    state=state
                    singular=object.singular_noun.clone()
                    timeline=timeline
                    notes=notes
                    tasks=tasks
                    members=members
                />
            </section>
            <aside
                aria-label="Record details"
                class="border-t border-line bg-panel lg:overflow-y-auto lg:border-t-0 lg:border-l"
            >
                <details::Details state=state attributes=attributes choices=choices />
                <lists::Lists state=state entries=entries lists=lists />
                <related::ReferencedBy groups=referenced_by />
            </aside>
        </div>
     }
    .into_any()
}
