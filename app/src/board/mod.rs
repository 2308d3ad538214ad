//! The board: an object's records or a list's entries grouped by a status or select
//! attribute, one column per active status or option in its order and "No value" last.
//!
//! The server renders each column's first cards and its header's count and sum, both for the
//! whole filter (the aggregate service); more cards load as a column is scrolled. Cards are
//! dragged between columns with a mouse or a finger (pointer events) or with the keyboard
//! (`card`); a drop writes the grouping attribute through the record store, so the card, the
//! counts and the sums move at once and move back, with the server's message, when the write
//! is refused. With no sort, a column keeps the order its cards were dropped in, the same for
//! everyone (`place_cards`). Changes made by others (`live`) read the board again, once per
//! burst: cards land in their new columns with a brief highlight, and the headers' figures
//! follow.

mod card;
pub mod switch;

use crate::functions::{load_board, load_cards, place_cards, AppError, BoardData, BoardGroup, RecordPage};
use crate::live::{debounced, Live, Signal as LiveSignal};
use crate::store::RecordStore;
use crate::table::create::{NewRecord, Preset};
use crate::table::source::{row_name, Source};
use crate::values::display::{format_currency, ObjectNouns, RecordNames};
use card::Card;
use leptos::prelude::*;
use leptos::task::spawn_local;
use model::wire::{Attribute, Record};
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};

/// The filter of one column: the view's, and the grouping attribute holding the column's
/// status or option (by id), or nothing for "No value".
pub fn lane_filter(view: Option<Value>, attribute: &str, choice: Option<&str>) -> Value {
    let lane = match choice {
        Some(id) => json!({ attribute: id }),
        None => json!({ attribute: { "$not_empty": false } }),
    };
    match view {
        Some(view) => json!({ "$and": [view, lane] }),
        None => lane,
    }
}

/// What creating a record in a column takes: the object and the form's attributes.
#[derive(Clone)]
pub struct CreateCard {
    pub object: String,
    pub singular: String,
    pub attributes: Vec<Attribute>,
    pub choices: HashMap<String, Vec<String>>,
    pub on_created: Callback<Record>,
}

/// One column: its header's figures and the ids of its loaded cards, in order.
#[derive(Clone, Copy)]
struct Lane {
    group: RwSignal<BoardGroup>,
    ids: RwSignal<Vec<String>>,
    loading: RwSignal<bool>,
}

/// Where a dragged card would land: a column, and with a manual order its place there (the
/// index among the column's other cards).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Spot {
    lane: usize,
    slot: usize,
}

/// A card being moved (dragged, or lifted with the keyboard), and where it would drop.
#[derive(Clone, Debug, PartialEq)]
struct Lifted {
    id: String,
    over: Spot,
}

/// Where a moved card would land in a manually ordered column: the column, and the card it
/// would come before (none: after the last).
type Marker = (usize, Option<String>);

fn drop_marker(lanes: &[Lane], moving: &Lifted) -> Option<Marker> {
    let Spot { lane, slot } = moving.over;
    let ids = lanes.get(lane)?.ids.get();
    // The slot counts the column's cards without the one moving: its own place moves nothing.
    if ids.iter().position(|i| *i == moving.id) == Some(slot) {
        return None;
    }
    let before = ids.into_iter().filter(|i| *i != moving.id).nth(slot);
    Some((lane, before))
}

/// What the columns and cards of one board share.
#[derive(Clone, Copy)]
struct BoardState {
    source: StoredValue<Source>,
    group_by: StoredValue<Attribute>,
    metric: StoredValue<Option<Attribute>>,
    /// The view's sort and filter, as the query service takes them.
    query: StoredValue<(String, Option<Value>)>,
    lanes: StoredValue<Vec<Lane>>,
    cells: StoredValue<HashMap<String, ArcRwSignal<Record>>>,
    names: RwSignal<RecordNames>,
    nouns: StoredValue<ObjectNouns>,
    /// The attributes a card shows under its name.
    fields: StoredValue<Vec<Attribute>>,
    /// The card a pointer drags, and where it would drop.
    hovered: RwSignal<Option<Lifted>>,
    /// No sort: cards keep the order they are dropped in.
    ordered: bool,
    lifted: RwSignal<Option<Lifted>>,
    /// Where the drop marker shows (`drop_marker`), worked out once per move of the card.
    marker: Memo<Option<Marker>>,
    /// A refused move's message.
    message: RwSignal<Option<String>>,
    /// Read out by screen readers (an `aria-live` region).
    announcement: RwSignal<String>,
    create: StoredValue<Option<CreateCard>>,
    store: RecordStore,
    /// Cards just moved or added by someone else, highlighted for a moment.
    arrived: RwSignal<HashSet<String>>,
    /// Moves of this tab still being written; a refresh waits for them (`stale`).
    moving: StoredValue<u32>,
    stale: StoredValue<bool>,
    /// The page's total, which a board read again updates.
    recount: RwSignal<Option<u64>>,
}

impl BoardState {
    fn lane(&self, i: usize) -> Option<Lane> {
        self.lanes.with_value(|lanes| lanes.get(i).copied())
    }

    fn lane_count(&self) -> usize {
        self.lanes.with_value(Vec::len)
    }

    fn lane_of(&self, id: &str) -> Option<usize> {
        self.lanes
            .with_value(|lanes| lanes.iter().position(|l| l.ids.with_untracked(|ids| ids.iter().any(|i| i == id))))
    }

    /// Where card `id` is in column `lane`, if it is there.
    fn index_of(&self, lane: usize, id: &str) -> Option<usize> {
        self.lane(lane)?.ids.with_untracked(|ids| ids.iter().position(|i| i == id))
    }

    fn lane_len(&self, lane: usize) -> usize {
        self.lane(lane).map_or(0, |l| l.ids.with_untracked(Vec::len))
    }

    fn title_of(&self, lane: usize) -> String {
        self.lane(lane).and_then(|l| l.group.with_untracked(|g| g.title.clone())).unwrap_or_else(|| "No value".into())
    }

    fn name_of(&self, id: &str) -> String {
        let cell = self.cells.with_value(|cells| cells.get(id).cloned());
        cell.map(|c| c.with_untracked(|r| self.names.with_untracked(|names| row_name(r, names))))
            .unwrap_or_else(|| "Unnamed".into())
    }

    /// Keeps a loaded page's rows in the store and appends them to column `lane`.
    fn add_cards(&self, lane: usize, page: RecordPage) {
        let Some(column) = self.lane(lane) else { return };
        self.names.update(|names| names.extend(page.labels));
        let mut ids = Vec::with_capacity(page.records.len());
        for record in page.records {
            let id = record.id.record_id.to_string();
            let cell = self.store.hold(record);
            self.cells.update_value(|cells| {
                cells.insert(id.clone(), cell);
            });
            ids.push(id);
        }
        column.ids.update(|held| held.extend(ids.into_iter().filter(|id| !held.contains(id)).collect::<Vec<_>>()));
    }

    /// Loads the next cards of column `lane` once it is scrolled near its end.
    fn load_more(&self, lane: usize) {
        let Some(column) = self.lane(lane) else { return };
        let (loaded, count) = (column.ids.with_untracked(Vec::len) as u64, column.group.with_untracked(|g| g.count));
        if column.loading.get_untracked() || loaded >= count {
            return;
        }
        column.loading.set(true);
        let (sort, filter) = self.query.get_value();
        let choice = column.group.with_untracked(|g| g.id.clone());
        let slug = self.group_by.with_value(|a| a.api_slug.clone());
        let lane_filter = lane_filter(filter, &slug, choice.as_deref()).to_string();
        let (board, source) = (*self, self.source.get_value());
        spawn_local(async move {
            let result = load_cards(source, slug, sort, lane_filter, loaded).await;
            column.loading.set(false);
            match result {
                Ok(page) => board.add_cards(lane, page),
                Err(error) => board.message.set(Some(error.to_string())),
            }
        });
    }

    /// The metric's amount on a card, what its column's sum loses or gains when it moves.
    fn amount(&self, id: &str) -> f64 {
        let Some(metric) = self.metric.get_value() else { return 0.0 };
        let cell = self.cells.with_value(|cells| cells.get(id).cloned());
        cell.and_then(|c| {
            c.with_untracked(|r| {
                let value = r.values.get(&metric.api_slug)?.first()?.clone();
                value.get("currency_value").or_else(|| value.get("value")).and_then(Value::as_f64)
            })
        })
        .unwrap_or(0.0)
    }

    /// Shifts a card and its figures from one column to another, on screen only.
    fn shift(&self, id: &str, from: usize, to: usize, position: Option<usize>) {
        let (Some(source), Some(target)) = (self.lane(from), self.lane(to)) else { return };
        let amount = self.amount(id);
        source.ids.update(|ids| ids.retain(|i| i != id));
        target.ids.update(|ids| ids.insert(position.unwrap_or(0).min(ids.len()), id.to_owned()));
        source.group.update(|g| {
            g.count = g.count.saturating_sub(1);
            g.sum = g.sum.map(|s| s - amount);
        });
        target.group.update(|g| {
            g.count += 1;
            g.sum = g.sum.map(|s| s + amount);
        });
    }

    /// Moves card `id` to `spot`: at once on screen, then through the record store; a
    /// refused write puts it back where it was and says why. With a manual order the card
    /// takes its place in the column, which is then written as the column's order.
    fn move_card(&self, id: String, spot: Spot) {
        let Some(from) = self.lane_of(&id) else { return };
        let Some(cell) = self.cells.with_value(|cells| cells.get(&id).cloned()) else { return };
        let position = self.index_of(from, &id);
        if from == spot.lane {
            self.reorder(&id, spot, position);
            return;
        }
        let (name, title) = (self.name_of(&id), self.title_of(spot.lane));
        let input = match self.lane(spot.lane).and_then(|l| l.group.with_untracked(|g| g.title.clone())) {
            Some(title) => Value::String(title),
            None => Value::Null,
        };
        self.message.set(None);
        self.shift(&id, from, spot.lane, self.ordered.then_some(spot.slot));
        self.announcement.set(format!("{name} moved to {title}."));
        let (board, source) = (*self, self.source.get_value());
        let (slug, kind) = self.group_by.with_value(|a| (a.api_slug.clone(), a.kind));
        self.moving.update_value(|n| *n += 1);
        spawn_local(async move {
            match RecordStore::save(cell, source, slug, kind, input).await {
                Ok(()) if board.ordered => board.place(spot.lane, None),
                Ok(()) => {}
                Err(error) => {
                    board.shift(&id, spot.lane, from, position);
                    let text = refusal(&name, &error);
                    board.announcement.set(text.clone());
                    board.message.set(Some(text));
                }
            }
            board.moved();
        });
    }

    /// Moves card `id` within its column, when the board keeps a manual order.
    fn reorder(&self, id: &str, spot: Spot, position: Option<usize>) {
        let (name, title) = (self.name_of(id), self.title_of(spot.lane));
        let (Some(column), Some(position), true) = (self.lane(spot.lane), position, self.ordered) else {
            self.announcement.set(format!("{name} dropped where it was."));
            return;
        };
        if spot.slot == position {
            self.announcement.set(format!("{name} dropped where it was."));
            return;
        }
        let before = column.ids.get_untracked();
        column.ids.update(|ids| {
            ids.retain(|i| i != id);
            ids.insert(spot.slot.min(ids.len()), id.to_owned());
        });
        self.message.set(None);
        self.announcement.set(format!("{name} moved to place {} in {title}.", spot.slot + 1));
        self.place(spot.lane, Some(before));
    }

    /// Writes column `lane`'s order as it shows; when refused, shows `before` again (if
    /// given) and says why.
    fn place(&self, lane: usize, before: Option<Vec<String>>) {
        let Some(column) = self.lane(lane) else { return };
        let ids = column.ids.get_untracked();
        let (board, source) = (*self, self.source.get_value());
        let slug = self.group_by.with_value(|a| a.api_slug.clone());
        self.moving.update_value(|n| *n += 1);
        spawn_local(async move {
            if let Err(error) = place_cards(source, slug, ids).await {
                if let Some(before) = before {
                    column.ids.try_set(before);
                }
                let text = format!("The new order could not be kept: {error}");
                board.announcement.set(text.clone());
                board.message.set(Some(text));
            }
            board.moved();
        });
    }

    /// A write of this tab is done: a refresh that waited for it runs now.
    fn moved(&self) {
        self.moving.update_value(|n| *n = n.saturating_sub(1));
        if self.moving.get_value() == 0 && self.stale.get_value() {
            self.stale.set_value(false);
            self.refresh();
        }
    }
}

impl BoardState {
    /// Whether `change` is about this board's rows.
    fn concerns(&self, change: &crate::live::Change) -> bool {
        let parent = self.group_by.with_value(|a| a.id.parent_id());
        self.source.with_value(|source| change.touches(source, &parent))
    }

    /// Reads the board again: every column's figures and first cards.
    fn refresh(&self) {
        if self.moving.get_value() > 0 {
            self.stale.set_value(true);
            return;
        }
        let (board, source) = (*self, self.source.get_value());
        let group_by = self.group_by.with_value(|a| a.api_slug.clone());
        let (sort, filter) = self.query.get_value();
        spawn_local(async move {
            if let Ok(data) = load_board(source, group_by, sort, filter.map(|f| f.to_string())).await {
                board.apply(data);
            }
        });
    }

    /// Shows a board read again, highlighting cards that changed column or appeared.
    fn apply(&self, data: BoardData) {
        // A status added or archived since: the columns themselves changed; a reload shows them.
        if data.groups.len() != self.lane_count() || self.moving.get_value() > 0 {
            return;
        }
        let before: HashMap<String, usize> = self.lanes.with_value(|lanes| {
            lanes
                .iter()
                .enumerate()
                .flat_map(|(i, lane)| lane.ids.get_untracked().into_iter().map(move |id| (id, i)))
                .collect()
        });
        let mut arrived = HashSet::new();
        self.recount.try_set(Some(data.groups.iter().map(|g| g.count).sum()));
        for (i, (group, page)) in data.groups.into_iter().zip(data.cards).enumerate() {
            let Some(lane) = self.lane(i) else { continue };
            lane.group.set(group);
            arrived.extend(
                page.records.iter().map(|r| r.id.record_id.to_string()).filter(|id| before.get(id) != Some(&i)),
            );
            lane.ids.set(Vec::new());
            self.add_cards(i, page);
        }
        if !arrived.is_empty() {
            self.arrived.set(arrived);
            let board = *self;
            set_timeout(move || drop(board.arrived.try_set(HashSet::new())), std::time::Duration::from_millis(1_600));
        }
    }
}

fn refusal(name: &str, error: &AppError) -> String {
    format!("{name} could not be moved: {error}")
}

/// A column's sum, as its header shows it.
fn sum_label(sum: Option<f64>, metric: Option<&Attribute>) -> Option<String> {
    let (sum, metric) = (sum?, metric?);
    let code = metric.config.currency.default_currency_code.as_deref();
    Some(match metric.kind {
        model::AttributeType::Currency => format_currency(sum, code),
        _ => format_currency(sum, None),
    })
}

#[component]
pub fn Board(
    source: Source,
    /// The board's accessible name.
    label: String,
    group_by: Attribute,
    /// The attribute whose sum each column's header shows.
    metric: Option<Attribute>,
    /// What a card shows under its name.
    fields: Vec<Attribute>,
    data: BoardData,
    /// The view's sort and filter.
    sort: String,
    filter: Option<Value>,
    nouns: ObjectNouns,
    /// Offered in each column of an object's board.
    create: Option<CreateCard>,
    /// Set to the new total when changes made by others are shown.
    recount: RwSignal<Option<u64>>,
) -> impl IntoView {
    let lanes: Vec<Lane> = data
        .groups
        .iter()
        .map(|group| Lane {
            group: RwSignal::new(group.clone()),
            ids: RwSignal::new(Vec::new()),
            loading: RwSignal::new(false),
        })
        .collect();
    let ordered = sort.is_empty();
    let lanes = StoredValue::new(lanes);
    let (hovered, lifted) = (RwSignal::new(None::<Lifted>), RwSignal::new(None::<Lifted>));
    let marker = Memo::new(move |_| {
        let moving = hovered.get().or_else(|| lifted.get()).filter(|_| ordered)?;
        lanes.with_value(|lanes| drop_marker(lanes, &moving))
    });
    let board = BoardState {
        source: StoredValue::new(source),
        group_by: StoredValue::new(group_by),
        metric: StoredValue::new(metric),
        query: StoredValue::new((sort, filter)),
        lanes,
        cells: StoredValue::new(HashMap::new()),
        names: RwSignal::new(RecordNames::new()),
        nouns: StoredValue::new(nouns),
        fields: StoredValue::new(fields),
        hovered,
        ordered,
        lifted,
        marker,
        message: RwSignal::new(None),
        announcement: RwSignal::new(String::new()),
        create: StoredValue::new(create),
        store: RecordStore::use_store(),
        arrived: RwSignal::new(HashSet::new()),
        moving: StoredValue::new(0),
        stale: StoredValue::new(false),
        recount,
    };
    for (lane, page) in data.cards.into_iter().enumerate() {
        board.add_cards(lane, page);
    }
    let refresh = debounced(150, move || board.refresh());
    Live::on(move |signal| match signal {
        LiveSignal::Change(change) if !board.concerns(change) => {}
        _ => refresh(),
    });

    let columns = (0..board.lane_count()).map(|lane| view! { <Column board=board lane=lane /> }).collect_view();
    view! {
        <div class="flex min-h-0 flex-1 flex-col">
            {move || {
                board
                    .message
                    .get()
                    .map(|text| {
                        view! {
                            <div role="alert" class="flex items-center gap-2 border-b border-line bg-panel px-4 py-2 text-danger">
                                <span class="flex-1">{text}</span>
                                <button
                                    type="button"
                                    class="text-fg-muted underline underline-offset-2 hover:text-fg"
                                    on:click=move |_| board.message.set(None)
                                >
                                    "Dismiss"
                                </button>
                            </div>
                        }
                    })
            }}
            <p aria-live="assertive" class="sr-only">{move || board.announcement.get()}</p>
            <p id="board-help" class="sr-only">
                {if ordered {
                    "Space picks a card up; left and right arrows choose its column, up and down its place; Space drops it; Escape puts it back. Enter opens it."
                } else {
                    "Space picks a card up; left and right arrows choose its column; Space drops it; Escape puts it back. Enter opens it."
                }}
            </p>
            <div
                role="group"
                aria-label=label
                aria-roledescription="board"
                class="flex min-h-0 flex-1 gap-3 overflow-x-auto bg-panel p-3"
            >
                {columns}
            </div>
        </div>
    }
}

/// One column: header with count and sum, and its cards, loading more near its end.
#[component]
fn Column(board: BoardState, lane: usize) -> impl IntoView {
    let Some(column) = board.lane(lane) else { return ().into_any() };
    let title = move || column.group.with(|g| g.title.clone()).unwrap_or_else(|| "No value".into());
    let (heading_id, labelled_by) = (format!("lane-{lane}"), format!("lane-{lane}"));
    let count = move || column.group.with(|g| g.count);
    let sum = move || board.metric.with_value(|m| sum_label(column.group.with(|g| g.sum), m.as_ref()));
    let over = move |moving: &Option<Lifted>| moving.as_ref().is_some_and(|m| m.over.lane == lane);
    let target = move || board.hovered.with(over) || board.lifted.with(over);
    let on_scroll = move |ev: leptos::ev::Event| {
        use leptos::wasm_bindgen::JsCast;
        let Some(el) = ev.target().and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok()) else { return };
        if el.scroll_top() + el.client_height() * 2 >= el.scroll_height() {
            board.load_more(lane);
        }
    };
    let more = move || {
        let (loaded, total) = (column.ids.with(Vec::len) as u64, count());
        (loaded < total).then(|| {
            view! {
                <button
                    type="button"
                    class="w-full rounded-md py-1.5 text-xs text-fg-subtle hover:bg-raised hover:text-fg"
                    on:click=move |_| board.load_more(lane)
                >
                    {move || if column.loading.get() { "Loading…".to_owned() } else { format!("Show more ({} more)", total - loaded) }}
                </button>
            }
        })
    };
    // A status or option of its own: a record created here starts with it.
    let new_card = board.create.get_value().and_then(|create| {
        let title = column.group.with_untracked(|g| g.title.clone())?;
        let preset =
            Preset { attribute: board.group_by.with_value(|a| a.api_slug.clone()), value: title.clone(), place: title };
        Some(view! {
            <NewRecord
                object=create.object
                singular=create.singular
                attributes=create.attributes
                choices=create.choices
                on_created=create.on_created
                preset=preset
            />
        })
    });
    view! {
        <section
            aria-labelledby=labelled_by
            data-lane=lane
            class=move || {
                let ring = if target() { "ring-2 ring-focus" } else { "" };
                format!("flex w-72 shrink-0 flex-col rounded-lg bg-canvas/60 {ring}")
            }
        >
            <header class="flex items-center gap-2 px-2 pt-2 pb-1.5">
                <h2 id=heading_id class="truncate text-[13px] font-medium text-fg">{title}</h2>
                <span class="rounded-full bg-raised px-1.5 text-xs text-fg-subtle tabular-nums" aria-label=move || format!("{} cards", count())>
                    {count}
                </span>
                <span class="ml-auto text-xs text-fg-subtle tabular-nums">{sum}</span>
            </header>
            <ul class="flex min-h-16 flex-1 flex-col gap-2 overflow-y-auto px-2 pb-2" on:scroll=on_scroll>
                <For each=move || column.ids.get() key=|id| id.clone() let:id>
                    <Card board=board id=id />
                </For>
                <li
                    aria-hidden="true"
                    class=move || {
                        let last = board.marker.with(|m| *m == Some((lane, None)));
                        if last { "list-none h-0.5 shrink-0 rounded-full bg-focus" } else { "hidden" }
                    }
                ></li>
                <li class="list-none">{more}</li>
            </ul>
            <div class="px-2 pb-2 empty:hidden">{new_card}</div>
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_filters_by_its_choice_within_the_view() {
        assert_eq!(lane_filter(None, "stage", Some("s1")), json!({ "stage": "s1" }));
        assert_eq!(
            lane_filter(Some(json!({ "value": { "$gt": 5 } })), "stage", None),
            json!({ "$and": [{ "value": { "$gt": 5 } }, { "stage": { "$not_empty": false } }] })
        );
    }
}
