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
use crate::live::{debounced, Live, Signal as LiveSignal};
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
                Ok(data) => {
                    let workspace = params.with_untracked(|p| p.get("workspace"));
                    view! { <RecordView data=data workspace=workspace /> }.into_any()
                }
                Err(error) => view! { <ErrorNotice error=error /> }.into_any(),
            }
        })
    };
    view! {
        <Transition fallback=|| view! { <p class="p-6 text-fg-faint">"Loading…"</p> }>{body}</Transition>
    }
}

/// What changes made by others replace on an open record page.
#[derive(Clone, Copy)]
struct Shown {
    notes: RwSignal<Vec<crate::functions::NoteView>>,
    tasks: RwSignal<Vec<model::wire::Task>>,
    threads: RwSignal<Vec<model::wire::Thread>>,
    entries: RwSignal<Vec<crate::functions::EntryCard>>,
    deleted: RwSignal<bool>,
}

/// Shows changes made by others to the record, its notes, tasks, comments and list entries
/// as they happen: the page's data is read again once per burst and replaced in place, so
/// open editors and drafts stay as they are.
fn follow_changes(shown: Shown, workspace: Option<String>, object: String, record_id: String) {
    let store = RecordStore::use_store();
    let refresh = {
        let record_id = record_id.clone();
        debounced(250, move || {
            let (workspace, object, record_id) = (workspace.clone(), object.clone(), record_id.clone());
            leptos::task::spawn_local(async move {
                let Ok(data) = load_record_page(workspace, object, record_id).await else { return };
                store.hold(data.record);
                shown.notes.try_set(data.notes);
                shown.tasks.try_set(data.tasks);
                shown.threads.try_set(data.threads);
                shown.entries.try_set(data.entries);
            });
        })
    };
    Live::on(move |signal| match signal {
        LiveSignal::Change(change) if change.record_id() == Some(record_id.as_str()) => {
            if change.event_type == "record.deleted" || change.event_type == "record.merged" {
                shown.deleted.try_set(true);
            } else {
                refresh();
            }
        }
        LiveSignal::Change(change) if change.is_activity() || (change.list_id().is_some() && !change.is_reorder()) => {
            refresh()
        }
        LiveSignal::Change(_) => {}
        LiveSignal::Resync => refresh(),
    });
}

#[component]
fn RecordView(data: RecordPageData, workspace: Option<String>) -> impl IntoView {
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
    let (threads, entries) = (RwSignal::new(threads), RwSignal::new(entries));
    let nouns: ObjectNouns = nouns;
    let record_id = record.id.record_id.to_string();
    let state = RecordState {
        object: StoredValue::new(object.api_slug.clone()),
        // The store's cell: the tables and this page show one record alike.
        record: RwSignal::from(RecordStore::use_store().hold(record)),
        nouns: StoredValue::new(nouns),
        names: StoredValue::new(names),
    };
    let deleted = RwSignal::new(false);
    let shown = Shown { notes, tasks, threads, entries, deleted };
    follow_changes(shown, workspace, object.api_slug.clone(), record_id.clone());
    let deleted_notice = move || {
        deleted.get().then(|| {
            view! {
                <div role="alert" class="border-b border-line bg-panel px-4 py-2 text-danger">
                    "This record was deleted or merged into another by someone else."
                </div>
            }
        })
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
        {deleted_notice}
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
