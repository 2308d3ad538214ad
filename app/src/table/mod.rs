//! The records table: a grid of the view's columns over every record (or list entry) its
//! filter matches.
//!
//! Rows are fetched a page at a time as they scroll into view and only those in view are in
//! the DOM (`rows`), so 100,000 records scroll like 100. Sorting is a link (shift adds a
//! sort), so a sorted table is server-rendered and shareable. Cells are a keyboard grid:
//! arrows move, Enter edits, Escape leaves; edits go through the record store, shown at once
//! and rolled back with the server's message when refused.

pub mod add_entry;
pub mod columns;
pub mod create;
pub mod filter;
pub mod page;
pub mod rows;
pub mod save_view;
pub mod selection;
pub mod sort_bar;
pub mod source;
pub mod view_state;

use crate::functions::{count_rows, RecordPage};
use crate::live::{debounced, Live, Signal as LiveSignal};
use crate::store::RecordStore;
use crate::values::display::{is_numeric, pieces, ObjectNouns, Piece, ValueCell};
use crate::values::editor::{draft, editable, to_input, ValueEditor};
use columns::{clamp_width, moved, to_view, visible, Column};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_bindgen::JsCast;
use leptos_router::hooks::use_navigate;
use model::wire::{Attribute, Record};
use model::AttributeType;
use rows::{Rows, Window, ROW_HEIGHT};
use selection::{PickAll, Picked};
use source::{queryable, Source};
use std::collections::HashMap;
use view_state::ViewState;

/// The header row's height in pixels.
const HEADER_HEIGHT: i32 = 36;
/// The column of row boxes.
const PICK_WIDTH: u32 = 44;

/// A cell of the grid: row index, column index.
type At = (u64, usize);

/// What the rows and cells of one table share.
#[derive(Clone, Copy)]
struct Grid {
    source: StoredValue<Source>,
    rows: Rows,
    columns: Signal<Vec<Column>>,
    nouns: StoredValue<ObjectNouns>,
    choices: StoredValue<HashMap<String, Vec<String>>>,
    picked: Picked,
    /// The cell the keyboard is on.
    active: RwSignal<Option<At>>,
    editing: RwSignal<Option<At>>,
    /// A refused edit's message, shown under its cell.
    refusal: RwSignal<Option<(At, String)>>,
}

impl Grid {
    fn focus(&self, (row, column): At) {
        let grid = *self;
        request_animation_frame(move || {
            // Keys pressed since (Enter on the cell, another arrow) have moved on: an open
            // editor keeps the focus, and only the active cell takes it. A table gone since
            // has neither.
            let editing = grid.editing.try_get_untracked().flatten();
            if editing.is_some() || grid.active.try_get_untracked().flatten() != Some((row, column)) {
                return;
            }
            let cell = document().get_element_by_id(&format!("cell-{row}-{column}"));
            if let Some(cell) = cell.and_then(|c| c.dyn_into::<leptos::web_sys::HtmlElement>().ok()) {
                let _ = cell.focus();
            }
        });
    }

    fn save(&self, at: At, record: ArcRwSignal<Record>, attribute: &Attribute, text: String) {
        let input = match to_input(attribute.kind, &text) {
            Ok(input) => input,
            Err(message) => return self.refusal.set(Some((at, message))),
        };
        let (grid, slug, kind) = (*self, attribute.api_slug.clone(), attribute.kind);
        spawn_local(async move {
            if let Err(error) = RecordStore::save(record, grid.source.get_value(), slug, kind, input).await {
                grid.refusal.set(Some((at, error.to_string())));
            }
        });
    }
}

/// Shows changes made by others to the table's rows as they happen, once per burst: the
/// loaded pages and the total are read again in place.
fn follow_changes(source: Source, source_id: String, rows: Rows, total: RwSignal<u64>, recount: RwSignal<Option<u64>>) {
    let watched = source.clone();
    let refresh = debounced(200, move || {
        rows.refresh();
        let (source, filter) = (source.clone(), rows.query().1);
        spawn_local(async move {
            if let Ok(count) = count_rows(source, filter).await {
                total.try_set(count);
                recount.try_set(Some(count));
            }
        });
    });
    Live::on(move |signal| match signal {
        LiveSignal::Change(change) if !change.touches(&watched, &source_id) || change.is_reorder() => {}
        _ => refresh(),
    });
}

#[component]
pub fn RecordTable(
    source: Source,
    /// The table's title, the grid's accessible name.
    label: String,
    attributes: Vec<Attribute>,
    choices: HashMap<String, Vec<String>>,
    /// The first page, rendered on the server.
    first: RecordPage,
    /// How many records the filter matches, when counted. A plain value: the page renders
    /// a new table when it changes.
    total: Option<u64>,
    view: Signal<ViewState>,
    nouns: ObjectNouns,
    picked: Picked,
    /// Set to how many rows are loaded.
    loaded: RwSignal<u64>,
    /// The object's or list's id, which changes made by others name.
    source_id: String,
    /// Set to the new total when changes made by others are shown.
    recount: RwSignal<Option<u64>>,
) -> impl IntoView {
    let first_count = first.records.len() as u64;
    let (sort, filter) = view.with_untracked(|v| (v.sort_param(), v.filter.clone()));
    let rows = Rows::new(source.clone(), sort, filter, first);
    let total = RwSignal::new(total.unwrap_or(first_count));
    let count = move || total.get();
    follow_changes(source.clone(), source_id, rows, total, recount);
    let attributes = StoredValue::new(attributes);
    // Memos owned by the table stand between it and the page's longer-lived signals (the
    // address, the record store): a table being replaced is not re-rendered by them.
    let view = Memo::new(move |_| view.get());
    let columns = Signal::from(Memo::new(move |_| {
        attributes.with_value(|a| visible(a, view.with(|v| v.columns.clone()).as_deref()))
    }));
    let grid = Grid {
        source: StoredValue::new(source),
        rows,
        columns,
        nouns: StoredValue::new(nouns),
        choices: StoredValue::new(choices),
        picked,
        active: RwSignal::new(None),
        editing: RwSignal::new(None),
        refusal: RwSignal::new(None),
    };

    Effect::new(move |_| loaded.set(rows.loaded()));
    let window = Window::new();
    let range = Memo::new(move |_| window.range(count(), HEADER_HEIGHT));
    Effect::new(move |_| {
        let (start, end) = range.get();
        rows.ensure(start, end);
    });
    let scroller = NodeRef::<leptos::html::Div>::new();
    let measure = move || {
        if let Some(el) = scroller.get_untracked() {
            window.scroll_top.set(el.scroll_top());
            window.height.set(el.client_height());
        }
    };
    Effect::new(move |_| {
        if scroller.get().is_some() {
            measure();
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    // Scrolls row `row` into view under the sticky header.
    let reveal = move |row: u64| {
        if let Some(el) = scroller.get_untracked() {
            let top = row as i32 * ROW_HEIGHT;
            let (shown_from, room) = (el.scroll_top(), el.client_height() - HEADER_HEIGHT);
            if top < shown_from {
                el.set_scroll_top(top);
            } else if top + ROW_HEIGHT > shown_from + room {
                el.set_scroll_top(top + ROW_HEIGHT - room);
            }
        }
    };
    let navigate = use_navigate();
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if grid.editing.get_untracked().is_some() {
            return;
        }
        let Some((row, column)) = grid.active.get_untracked() else { return };
        let (last_row, last_column) = (count().saturating_sub(1), columns.with_untracked(Vec::len).saturating_sub(1));
        let page = (window.height.get_untracked() / ROW_HEIGHT).max(1) as u64;
        let next = match ev.key().as_str() {
            "ArrowDown" => (row.saturating_add(1).min(last_row), column),
            "ArrowUp" => (row.saturating_sub(1), column),
            "ArrowRight" => (row, (column + 1).min(last_column)),
            "ArrowLeft" => (row, column.saturating_sub(1)),
            "PageDown" => (row.saturating_add(page).min(last_row), column),
            "PageUp" => (row.saturating_sub(page), column),
            "Home" => (row, 0),
            "End" => (row, last_column),
            "Enter" | "F2" => {
                ev.prevent_default();
                let attribute = columns.with_untracked(|c| c.get(column).map(|c| c.attribute.clone()));
                let Some(attribute) = attribute else { return };
                if editable(&attribute) {
                    grid.refusal.set(None);
                    if attribute.kind == AttributeType::Checkbox {
                        toggle_checkbox(grid, (row, column), &attribute);
                    } else {
                        grid.editing.set(Some((row, column)));
                    }
                } else if let Some(record) = rows.id_at(row).and_then(|id| rows.cell(&id)) {
                    let href = record.with_untracked(|r| grid.source.with_value(|s| s.row_href(r)));
                    navigate(&href, Default::default());
                }
                return;
            }
            "Escape" => {
                grid.active.set(None);
                grid.refusal.set(None);
                if let Some(el) =
                    document().active_element().and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok())
                {
                    let _ = el.blur();
                }
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        grid.refusal.set(None);
        grid.active.set(Some(next));
        reveal(next.0);
        grid.focus(next);
    };

    // Column widths follow a resize live; the address takes the width when it ends.
    let resizing = RwSignal::new(None::<(usize, u32)>);
    let width_of = move |i: usize, column: &Column| match resizing.get() {
        Some((j, width)) if j == i => width,
        _ => column.width,
    };
    let min_width = move || {
        let widths: u32 = columns.with(|c| c.iter().enumerate().map(|(i, c)| width_of(i, c)).sum());
        format!("{}px", widths + PICK_WIDTH)
    };
    let cols = move || {
        columns
            .get()
            .iter()
            .enumerate()
            .map(|(i, column)| {
                let column = column.clone();
                view! { <col style:width=move || format!("{}px", width_of(i, &column)) /> }
            })
            .collect_view()
    };
    let on_view = move |columns: Vec<Column>| {
        let next = view.get_untracked().with_columns(to_view(&columns));
        use_navigate()(&next.href(&grid.source.with_value(Source::path)), Default::default());
    };
    let headers = move || {
        let current = view.get();
        let all = columns.get();
        all.iter()
            .enumerate()
            .map(|(i, column)| {
                header(i, column, &all, &current, grid.source.with_value(Source::path), resizing, on_view)
            })
            .collect_view()
    };
    let top_spacer = move || format!("{}px", range.get().0 as i32 * ROW_HEIGHT);
    let bottom_spacer = move || format!("{}px", (count() - range.get().1.min(count())) as i32 * ROW_HEIGHT);
    let column_count = move || columns.with(Vec::len) + 2;

    // Fixed layout keeps every column at its width; the last, unsized column takes up
    // whatever room is left, so a narrow table still spans the page.
    view! {
        <div
            node_ref=scroller
            class="min-h-0 flex-1 overflow-auto"
            on:scroll=move |_| measure()
        >
            <table
                role="grid"
                aria-label=label
                aria-rowcount=move || count() + 1
                aria-multiselectable="true"
                class="w-full table-fixed border-separate border-spacing-0 text-sm"
                style:min-width=min_width
                on:keydown=on_key
            >
                <colgroup>
                    <col style:width=format!("{PICK_WIDTH}px") />
                    {cols}
                    <col />
                </colgroup>
                <thead>
                    <tr aria-rowindex="1">
                        <th class="sticky top-0 left-0 z-30 h-9 border-b border-line bg-canvas text-center">
                            <PickAll picked=picked loaded_ids=Callback::new(move |_| rows.loaded_ids()) />
                        </th>
                        {headers}
                        <th aria-hidden="true" class="sticky top-0 z-20 border-b border-line bg-canvas"></th>
                    </tr>
                </thead>
                <tbody>
                    <tr aria-hidden="true" style:height=top_spacer></tr>
                    <For each=move || { let (start, end) = range.get(); start..end } key=|index| *index let:index>
                        <Row grid=grid index=index column_count=Signal::derive(column_count) />
                    </For>
                    <tr aria-hidden="true" style:height=bottom_spacer></tr>
                </tbody>
            </table>
        </div>
    }
}

/// A column's header: a link that sorts by it (shift adds it to the sorts) where the query
/// endpoint can, dragged to move the column, with an edge that is dragged (or moved with
/// arrow keys) to resize it.
fn header(
    i: usize,
    column: &Column,
    all: &[Column],
    view: &ViewState,
    path: String,
    resizing: RwSignal<Option<(usize, u32)>>,
    on_view: impl Fn(Vec<Column>) + Clone + 'static,
) -> impl IntoView {
    let attribute = &column.attribute;
    let sort = view.sort_of(&attribute.api_slug);
    let (aria_sort, arrow) = match sort {
        None => ("none", "↑"),
        Some((_, false)) => ("ascending", "↑"),
        Some((_, true)) => ("descending", "↓"),
    };
    let rank = (view.sorts.len() > 1).then(|| sort.map(|(i, _)| i + 1)).flatten();
    // Tailwind finds whole class names only: 44px is PICK_WIDTH.
    let position = if i == 0 { "left-[44px] z-30 border-r-line" } else { "z-20 border-r-line-soft" };
    let link = match (sort.is_some(), is_numeric(attribute.kind)) {
        (true, false) => "text-fg",
        (true, true) => "flex-row-reverse text-fg",
        (false, false) => "text-fg-subtle hover:text-fg",
        (false, true) => "flex-row-reverse text-fg-subtle hover:text-fg",
    };
    let sortable = queryable(&attribute.api_slug);
    let sorted_alone = view.sorted_by(&attribute.api_slug, false).href(&path);
    let sorted_too = view.sorted_by(&attribute.api_slug, true).href(&path);
    let on_sort = move |ev: leptos::ev::MouseEvent| {
        if ev.shift_key() {
            ev.prevent_default();
            use_navigate()(&sorted_too, Default::default());
        }
    };

    let (dropped, resized, keyed) = (all.to_vec(), all.to_vec(), all.to_vec());
    let (on_drop_view, on_resize_view, on_key_view) = (on_view.clone(), on_view.clone(), on_view);
    let start = StoredValue::new(None::<(i32, u32)>);
    let width = column.width;
    let title = attribute.title.clone();
    view! {
        <th
            scope="col"
            aria-label=title.clone()
            aria-sort=aria_sort
            draggable="true"
            class=format!(
                "sticky top-0 {position} h-9 border-r border-b border-b-line bg-canvas px-3 text-left text-[13px] font-medium whitespace-nowrap",
            )
            on:dragstart=move |ev: leptos::ev::DragEvent| {
                if let Some(data) = ev.data_transfer() {
                    let _ = data.set_data("text/plain", &i.to_string());
                }
            }
            on:dragover=move |ev: leptos::ev::DragEvent| ev.prevent_default()
            on:drop=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                let from = ev.data_transfer().and_then(|d| d.get_data("text/plain").ok()).and_then(|s| s.parse().ok());
                if let Some(from) = from {
                    on_drop_view(moved(dropped.clone(), from, i));
                }
            }
        >
            {if sortable {
                view! {
                    <a
                        href=sorted_alone
                        on:click=on_sort
                        class=format!("group/sort flex items-center gap-1 {link}")
                        draggable="false"
                    >
                        <span class="truncate">{title.clone()}</span>
                        <span
                            aria-hidden="true"
                            class=if sort.is_some() {
                                "shrink-0 text-xs"
                            } else {
                                "shrink-0 text-xs text-fg-faint opacity-0 group-hover/sort:opacity-100"
                            }
                        >
                            {arrow}
                            {rank.map(|r| view! { <sup class="ml-0.5 text-[10px]">{r}</sup> })}
                        </span>
                    </a>
                }
                    .into_any()
            } else {
                view! { <span class=format!("flex truncate {link}")>{title.clone()}</span> }.into_any()
            }}
            <span
                role="separator"
                aria-orientation="vertical"
                aria-label=format!("Resize {title}")
                aria-valuenow=width
                tabindex="0"
                class="absolute top-0 right-0 h-full w-1.5 cursor-col-resize hover:bg-focus/40 focus-visible:bg-focus/60 focus-visible:outline-none"
                on:pointerdown=move |ev: leptos::ev::PointerEvent| {
                    ev.prevent_default();
                    ev.stop_propagation();
                    if let Some(el) = ev.target().and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok()) {
                        let _ = el.set_pointer_capture(ev.pointer_id());
                    }
                    start.set_value(Some((ev.client_x(), width)));
                }
                on:pointermove=move |ev: leptos::ev::PointerEvent| {
                    if let Some((x, from)) = start.get_value() {
                        resizing.set(Some((i, clamp_width(from as i32 + ev.client_x() - x))));
                    }
                }
                on:pointerup=move |_| {
                    start.set_value(None);
                    if let Some((_, width)) = resizing.get_untracked() {
                        let mut columns = resized.clone();
                        columns[i].width = width;
                        on_resize_view(columns);
                    }
                }
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    let step = match ev.key().as_str() {
                        "ArrowLeft" => -16,
                        "ArrowRight" => 16,
                        _ => return,
                    };
                    ev.prevent_default();
                    ev.stop_propagation();
                    let mut columns = keyed.clone();
                    columns[i].width = clamp_width(width as i32 + step);
                    on_key_view(columns);
                }
            ></span>
        </th>
    }
}

fn toggle_checkbox(grid: Grid, at: At, attribute: &Attribute) {
    let Some(record) = grid.rows.id_at(at.0).and_then(|id| grid.rows.cell(&id)) else { return };
    let checked =
        record.with_untracked(|r| draft(AttributeType::Checkbox, r.values.get(&attribute.api_slug).map_or(&[], |v| v)));
    grid.save(at, record, attribute, (checked != "true").to_string());
}

/// One row: a placeholder until its page has loaded.
#[component]
fn Row(grid: Grid, index: u64, column_count: Signal<usize>) -> impl IntoView {
    let id = Memo::new(move |_| grid.rows.id_at(index));
    move || {
        let Some(id) = id.get() else {
            return view! {
                <tr aria-rowindex=index + 2>
                    <td colspan=column_count class="h-10 border-b border-line-soft bg-canvas px-3">
                        <div class="h-3 w-48 animate-pulse rounded bg-raised"></div>
                    </td>
                </tr>
            }
            .into_any();
        };
        let Some(record) = grid.rows.cell(&id) else { return ().into_any() };
        let picked = Memo::new({
            let id = id.clone();
            move |_| grid.picked.is_picked(&id)
        });
        let (name, href) = record.with_untracked(|r| {
            let name = grid.rows.names.with_untracked(|names| source::row_name(r, names));
            (name, grid.source.with_value(|s| s.row_href(r)))
        });
        let cells = {
            let record = record.clone();
            move || {
                grid.columns
                    .get()
                    .into_iter()
                    .enumerate()
                    .map(|(c, column)| cell(grid, (index, c), column.attribute, record.clone(), href.clone()))
                    .collect_view()
            }
        };
        let toggle = {
            let id = id.clone();
            move |ev: leptos::ev::MouseEvent| {
                grid.picked.toggle(index, id.clone(), ev.shift_key(), |i| grid.rows.id_at(i))
            }
        };
        view! {
            <tr
                class="group"
                aria-rowindex=index + 2
                aria-selected=move || picked.get().to_string()
                data-picked=move || picked.get().to_string()
                data-record-id=id
            >
                <td class="sticky left-0 z-10 border-b border-b-line-soft bg-canvas text-center group-hover:bg-hover group-data-[picked=true]:bg-selected">
                    <input
                        type="checkbox"
                        aria-label=format!("Select {name}")
                        class="size-4 accent-accent"
                        prop:checked=move || picked.get()
                        on:click=toggle
                    />
                </td>
                {cells}
                <td class="border-b border-line-soft bg-canvas group-hover:bg-hover group-data-[picked=true]:bg-selected"></td>
            </tr>
        }
        .into_any()
    }
}

/// One cell: the value, or its editor; the first column links to the record's page.
fn cell(grid: Grid, at: At, attribute: Attribute, record: ArcRwSignal<Record>, href: String) -> impl IntoView {
    let (row, column) = at;
    let can_edit = editable(&attribute);
    let is_active = move || grid.active.get() == Some(at);
    let tab_stop = move || match grid.active.get() {
        Some(active) => active == at,
        None => at == (0, 0),
    };
    let class = match (column, is_numeric(attribute.kind)) {
        (0, _) => "sticky left-[44px] z-10 border-r-line font-medium text-fg",
        (_, true) => "relative border-r-line-soft text-right text-fg-muted tabular-nums",
        (_, false) => "relative border-r-line-soft text-fg-muted",
    };
    let attribute = StoredValue::new(attribute);
    let values = {
        let record = record.clone();
        let slug = attribute.with_value(|a| a.api_slug.clone());
        Memo::new(move |_| record.with(|r| r.values.get(&slug).cloned().unwrap_or_default()))
    };
    let display = {
        move || {
            let values = values.get();
            let kind = attribute.with_value(|a| a.kind);
            let pieces =
                grid.nouns.with_value(|nouns| grid.rows.names.with(|names| pieces(kind, &values, nouns, names)));
            if column == 0 {
                let text = pieces.iter().filter_map(Piece::label).collect::<Vec<_>>().join(", ");
                let label = if text.is_empty() { "Unnamed".to_string() } else { text };
                let title = label.clone();
                view! {
                    <a href=href.clone() tabindex="-1" class="block truncate hover:underline" title=title>
                        {label}
                    </a>
                }
                .into_any()
            } else {
                view! { <ValueCell pieces=pieces /> }.into_any()
            }
        }
    };
    let content = move || {
        if grid.editing.get() != Some(at) {
            return display.clone()().into_any();
        }
        let (kind, title, slug) = attribute.with_value(|a| (a.kind, a.title.clone(), a.api_slug.clone()));
        let choices = grid.choices.with_value(|c| c.get(&slug).cloned().unwrap_or_default());
        let record = record.clone();
        let on_save = Callback::new(move |text: String| {
            grid.editing.set(None);
            attribute.with_value(|a| grid.save(at, record.clone(), a, text));
            grid.focus(at);
        });
        let on_cancel = Callback::new(move |_| {
            grid.editing.set(None);
            grid.focus(at);
        });
        view! {
            <div class="absolute inset-x-0 top-0 z-30 min-w-full p-1">
                <ValueEditor
                    kind=kind
                    label=title
                    initial=draft(kind, &values.get_untracked())
                    choices=choices
                    on_save=on_save
                    on_cancel=on_cancel
                />
            </div>
        }
        .into_any()
    };
    let refusal = move || {
        grid.refusal.get().filter(|(on, _)| *on == at).map(|(_, message)| {
            view! {
                <p
                    role="alert"
                    class="absolute top-full left-0 z-40 mt-0.5 w-64 rounded-md border border-line bg-canvas px-2 py-1 text-xs whitespace-normal text-danger shadow-lg"
                >
                    {message}
                </p>
            }
        })
    };
    view! {
        <td
            id=format!("cell-{row}-{column}")
            tabindex=move || if tab_stop() { "0" } else { "-1" }
            aria-readonly=(!can_edit).to_string()
            class=move || {
                let ring = if is_active() { "outline-2 -outline-offset-2 outline-focus" } else { "" };
                format!(
                    "h-10 border-r border-b border-b-line-soft bg-canvas px-3 group-hover:bg-hover group-data-[picked=true]:bg-selected focus:outline-none {class} {ring}",
                )
            }
            on:click=move |_| grid.active.set(Some(at))
            on:focus=move |_| {
                if grid.active.get_untracked() != Some(at) {
                    grid.active.set(Some(at));
                }
            }
            on:dblclick=move |_| {
                if can_edit {
                    grid.refusal.set(None);
                    grid.editing.set(Some(at));
                }
            }
        >
            {content}
            {refusal}
        </td>
    }
}
