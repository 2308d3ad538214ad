//! A table's page: an object's records or a list's entries, as the address says (sorts,
//! filter, columns, saved view), with its toolbar. The first page is server-rendered; the
//! rest load as they scroll into view.

use super::add_entry::AddEntry;
use super::columns::{visible, ColumnsMenu};
use super::create::NewRecord;
use super::filter::FilterBar;
use super::save_view::SaveView;
use super::selection::{BulkBar, Picked};
use super::sort_bar::SortBar;
use super::source::Source;
use super::view_state::ViewState;
use super::RecordTable;
use crate::board::switch::ViewSwitch;
use crate::board::{Board, CreateCard};
use crate::components::error_notice::ErrorNotice;
use crate::components::object_badge::ObjectBadge;
use crate::functions::{count_rows, load_board, load_rows, load_table_schema, AppError, RecordPage};
use crate::layouts::app_shell::WorkspaceResource;
use crate::live::{Live, Signal as LiveSignal};
use crate::values::display::ObjectNouns;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn TablePage(source: Signal<Source>) -> impl IntoView {
    let WorkspaceResource(workspace) = expect_context();
    let query = use_query_map();
    let current = Memo::new(move |_| source.get());
    let view_state = Memo::new(move |_| {
        let query = query.read();
        ViewState::from_query(query.get("sort"), query.get("filter"), query.get("cols"))
            .in_view(query.get("view"))
            .on_board(query.get("board"))
    });
    let view = Signal::from(view_state);
    // What the rows depend on: columns change without a refetch.
    let query_key = Memo::new(move |_| view_state.with(|v| (v.sort_param(), v.filter.clone())));
    let filter = Memo::new(move |_| query_key.with(|(_, filter)| filter.clone()));
    let board = Memo::new(move |_| view_state.with(|v| v.board.clone()));

    let schema = Resource::new(move || current.get(), load_table_schema);
    let total =
        Resource::new(move || (current.get(), query_key.get().1), |(source, filter)| count_rows(source, filter));
    // A board loads its own cards, column by column.
    let records = Resource::new(
        move || (current.get(), query_key.get(), board.get().is_some()),
        |(source, (sort, filter), on_board)| async move {
            if on_board {
                Ok(RecordPage { records: Vec::new(), labels: Default::default() })
            } else {
                load_rows(source, sort, filter, 0).await
            }
        },
    );
    let board_data = Resource::new(
        move || (current.get(), query_key.get(), board.get()),
        |(source, (sort, filter), board)| async move {
            match board {
                Some(group_by) => load_board(source, group_by, sort, filter).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let picked = Picked::new();
    // The total after changes made by others, which the table reads again itself.
    let recount = RwSignal::new(None::<u64>);
    let bulk_message = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let _ = (current.get(), query_key.get());
        picked.clear();
        recount.set(None);
    });
    // After a create or a bulk change: the rows and the total again.
    let reload = Callback::new(move |_| {
        recount.set(None);
        records.refetch();
        total.refetch();
        board_data.refetch();
    });

    let navigate = use_navigate();
    let go =
        Callback::new(move |next: ViewState| navigate(&next.href(&current.get_untracked().path()), Default::default()));

    let header = move || {
        Suspend::new(async move {
            let Ok(schema) = schema.await else {
                // The table below reports the error.
                return ().into_any();
            };
            let counted = total.await.ok();
            let (singular, plural) = (schema.nouns.0.clone(), schema.nouns.1.clone());
            let count = move || recount.get().or(counted);
            let count_label = move || count().map(|c| format!("{c} {}", if c == 1 { &singular } else { &plural }));
            let on_created = Callback::new(move |_| reload.run(()));
            let action = match (&schema.source, schema.parent) {
                (Source::List(list), Some(parent)) => view! {
                    <AddEntry
                        list=list.clone()
                        object=(parent.api_slug, parent.singular_noun)
                        on_added=Callback::new(move |_| reload.run(()))
                    />
                }
                .into_any(),
                (source, _) => view! {
                    <NewRecord
                        object=source.slug().to_owned()
                        singular=schema.nouns.0.clone()
                        attributes=schema.attributes
                        choices=schema.choices
                        on_created=on_created
                    />
                }
                .into_any(),
            };
            view! {
                <Title text=format!("{} · CRM", schema.title) />
                <ObjectBadge slug=schema.badge name=schema.title.clone() large=true />
                <h1 class="truncate font-semibold text-fg">{schema.title}</h1>
                <span
                    title=count_label
                    class="shrink-0 rounded-full bg-raised px-2 py-0.5 text-xs font-medium text-fg-subtle tabular-nums"
                >
                    {move || count().map(|c| c.to_string())}
                </span>
                <div class="ml-auto">{action}</div>
            }
            .into_any()
        })
    };

    let table = move || {
        Suspend::new(async move {
            let (schema, page, workspace, total) = match (schema.await, records.await, workspace.await, total.await) {
                (Ok(schema), Ok(page), Ok(workspace), total) => (schema, page, workspace, total.ok()),
                (Err(error), _, _, _) | (_, Err(error), _, _) | (_, _, Err(error), _) => {
                    return view! { <ErrorNotice error=error /> }.into_any();
                }
            };
            let nouns: ObjectNouns =
                workspace.objects.into_iter().map(|object| (object.api_slug, object.singular_noun)).collect();
            if let Some(group) = view_state.with_untracked(|v| v.board.clone()) {
                let data = match board_data.await {
                    Ok(Some(data)) => data,
                    Ok(None) => return ().into_any(),
                    Err(error) => return view! { <ErrorNotice error=error /> }.into_any(),
                };
                let Some(group_by) = schema.attributes.iter().find(|a| a.api_slug == group).cloned() else {
                    let error = AppError::Other(format!("There is no attribute \"{group}\" to group this board by."));
                    return view! { <ErrorNotice error=error /> }.into_any();
                };
                let metric =
                    data.metric.as_ref().and_then(|m| schema.attributes.iter().find(|a| a.api_slug == *m).cloned());
                // A card shows the view's first columns after the name, but not the grouping one.
                let fields = view_state.with_untracked(|v| visible(&schema.attributes, v.columns.as_deref()));
                let fields =
                    fields.into_iter().skip(1).map(|c| c.attribute).filter(|a| a.api_slug != group).take(3).collect();
                let (sort, filter) = view_state.with_untracked(|v| (v.sort_param(), v.filter_value()));
                let create = match &schema.source {
                    Source::Object(object) => Some(CreateCard {
                        object: object.clone(),
                        singular: schema.nouns.0.clone(),
                        attributes: schema.attributes.clone(),
                        choices: schema.choices.clone(),
                        on_created: Callback::new(move |_| reload.run(())),
                    }),
                    Source::List(_) => None,
                };
                return view! {
                    <Board
                        source=schema.source
                        label=schema.title
                        group_by=group_by
                        metric=metric
                        fields=fields
                        data=data
                        sort=sort
                        filter=filter
                        nouns=nouns
                        create=create
                        recount=recount
                    />
                }
                .into_any();
            }
            let plural = schema.nouns.1.clone();
            let filter = view_state.with_untracked(|v| v.filter.clone());
            let loaded = RwSignal::new(page.records.len() as u64);
            // Shown with or without rows: it reports what a change did, a deletion of every
            // row included.
            let bulk_bar = view! {
                <BulkBar
                    picked=picked
                    source=schema.source.clone()
                    nouns=schema.nouns.clone()
                    attributes=schema.queryable()
                    choices=schema.choices.clone()
                    filter=filter
                    total=total
                    loaded=loaded.into()
                    message=bulk_message
                    on_done=reload
                />
            };
            if page.records.is_empty() {
                // The first row, when someone else adds it, replaces this notice.
                let (source, source_id) = (schema.source.clone(), schema.source_id.clone());
                Live::on(move |signal| match signal {
                    LiveSignal::Change(change) if !change.touches(&source, &source_id) => {}
                    _ => reload.run(()),
                });
                let (title, hint) = if view_state.with_untracked(|v| v.filter.is_some()) {
                    (format!("No {plural} match this filter"), "Change or clear the filter above.")
                } else {
                    let hint = match schema.source {
                        Source::Object(_) => "Create one with the button above, or through the API.",
                        Source::List(_) => "Add one with the button above, or from a record's page.",
                    };
                    (format!("No {plural} yet"), hint)
                };
                return view! {
                    {bulk_bar}
                    <div class="flex flex-col items-center justify-center gap-1 py-24 text-center">
                        <p class="font-medium text-fg">{title}</p>
                        <p class="text-fg-subtle">{hint}</p>
                    </div>
                }
                .into_any();
            }
            view! {
                {bulk_bar}
                <RecordTable
                    source=schema.source
                    label=schema.title
                    attributes=schema.attributes
                    choices=schema.choices
                    first=page
                    total=total
                    view=view
                    nouns=nouns
                    picked=picked
                    loaded=loaded
                    source_id=schema.source_id
                    recount=recount
                />
            }
            .into_any()
        })
    };

    let refresh_sidebar = Callback::new(move |_| workspace.refetch());
    let toolbar = move || {
        Suspend::new(async move {
            let Ok(schema) = schema.await else { return ().into_any() };
            let apply_filter = Callback::new(move |filter| go.run(view_state.get_untracked().filtered(filter)));
            let apply_sorts = Callback::new(move |sorts| go.run(view_state.get_untracked().with_sorts(sorts)));
            let apply_columns = Callback::new(move |columns: Vec<model::wire::ViewColumn>| {
                let current = view_state.get_untracked();
                go.run(if columns.is_empty() {
                    ViewState { columns: None, ..current }
                } else {
                    current.with_columns(columns)
                })
            });
            // Sorts and filters take what the query endpoint does.
            let queryable = schema.queryable();
            let switch_to = Callback::new(move |board| go.run(view_state.get_untracked().on_board(board)));
            let switchable = StoredValue::new(queryable.clone());
            let (attributes, choices) = (StoredValue::new(queryable.clone()), StoredValue::new(schema.choices));
            // Only the filter's own part follows a new filter (a saved view's link, say).
            let filter_bar = move || {
                let current = filter.with(|f| f.as_deref().and_then(|f| serde_json::from_str(f).ok()));
                view! {
                    <FilterBar
                        attributes=attributes.get_value()
                        choices=choices.get_value()
                        current=current
                        on_apply=apply_filter
                    />
                }
            };
            view! {
                <div class="flex flex-wrap items-center gap-2 border-b border-line pr-4">
                    {filter_bar}
                    <SortBar attributes=queryable view=view on_change=apply_sorts />
                    <div class="ml-auto flex items-center gap-2 py-1.5">
                        {move || {
                            view! {
                                <ViewSwitch
                                    attributes=switchable.get_value()
                                    board=board.get()
                                    on_change=switch_to
                                />
                            }
                        }}
                        <ColumnsMenu attributes=schema.attributes view=view on_change=apply_columns />
                        <SaveView source=schema.source view=view on_saved=refresh_sidebar />
                    </div>
                </div>
            }
            .into_any()
        })
    };

    view! {
        <header class="flex h-12 shrink-0 items-center gap-2 border-b border-line px-4">
            <Transition>{header}</Transition>
        </header>
        <Transition>{toolbar}</Transition>
        <div class="flex min-h-0 flex-1 flex-col">
            <Transition fallback=|| view! { <p class="p-6 text-fg-faint">"Loading…"</p> }>{table}</Transition>
        </div>
    }
}
