//! The table's rows, held as pages of the query endpoint, fetched as they scroll into view:
//! any row of 100,000 is one page away, wherever the scrollbar is dropped, and only the
//! rows in view are in the DOM ([`Window`]).

use super::source::Source;
use crate::functions::{load_rows, RecordPage, PAGE_SIZE};
use crate::store::RecordStore;
use crate::values::display::RecordNames;
use leptos::prelude::*;
use leptos::task::spawn_local;
use model::wire::Record;
use std::collections::{HashMap, HashSet};

/// A row's height in pixels; fixed, so a row's place follows from its index.
pub const ROW_HEIGHT: i32 = 40;
/// Rows rendered above and below the visible ones, so a quick scroll shows no gap.
const OVERSCAN: u64 = 8;
/// Rows rendered before the browser has measured the table (on the server, say).
const INITIAL_ROWS: u64 = 30;

#[derive(Clone, Copy)]
pub struct Rows {
    source: StoredValue<Source>,
    /// `sort` and `filter` as `load_rows` takes them.
    query: StoredValue<(String, Option<String>)>,
    /// Record ids of each loaded page, by page number.
    pages: RwSignal<HashMap<u64, Vec<String>>>,
    cells: StoredValue<HashMap<String, ArcRwSignal<Record>>>,
    pub names: RwSignal<RecordNames>,
    requested: StoredValue<HashSet<u64>>,
    store: RecordStore,
}

impl Rows {
    pub fn new(source: Source, sort: String, filter: Option<String>, first: RecordPage) -> Self {
        let rows = Self {
            source: StoredValue::new(source),
            query: StoredValue::new((sort, filter)),
            pages: RwSignal::new(HashMap::new()),
            cells: StoredValue::new(HashMap::new()),
            names: RwSignal::new(RecordNames::new()),
            requested: StoredValue::new(HashSet::from([0])),
            store: RecordStore::use_store(),
        };
        rows.insert(0, first);
        rows
    }

    fn insert(&self, page: u64, loaded: RecordPage) {
        let ids: Vec<String> = loaded.records.iter().map(|r| r.id.record_id.to_string()).collect();
        let held: Vec<(String, ArcRwSignal<Record>)> =
            loaded.records.into_iter().map(|r| (r.id.record_id.to_string(), self.store.hold(r))).collect();
        self.cells.update_value(|cells| cells.extend(held));
        self.names.update(|names| names.extend(loaded.labels));
        self.pages.update(|pages| {
            pages.insert(page, ids);
        });
    }

    /// The id of the record at `index`, once its page is loaded.
    pub fn id_at(&self, index: u64) -> Option<String> {
        self.pages.with(|pages| pages.get(&(index / PAGE_SIZE))?.get((index % PAGE_SIZE) as usize).cloned())
    }

    /// The record with this id, as the store holds it.
    pub fn cell(&self, id: &str) -> Option<ArcRwSignal<Record>> {
        self.cells.with_value(|cells| cells.get(id).cloned())
    }

    /// The ids of every loaded row, in order.
    pub fn loaded_ids(&self) -> Vec<String> {
        self.pages.with(|pages| {
            let mut numbers: Vec<&u64> = pages.keys().collect();
            numbers.sort();
            numbers.into_iter().flat_map(|n| pages[n].iter().cloned()).collect()
        })
    }

    /// How many rows are loaded.
    pub fn loaded(&self) -> u64 {
        self.pages.with(|pages| pages.values().map(|ids| ids.len() as u64).sum())
    }

    /// Reads every loaded page again, in place: rows changed by others show their new values
    /// and rows added or removed shift the pages, while the scroll position stays.
    pub fn refresh(&self) {
        let loaded: Vec<u64> = self.pages.with_untracked(|pages| pages.keys().copied().collect());
        for page in loaded {
            let (source, (sort, filter)) = (self.source.get_value(), self.query.get_value());
            let rows = *self;
            spawn_local(async move {
                if let Ok(loaded) = load_rows(source, sort, filter, page * PAGE_SIZE).await {
                    rows.insert(page, loaded);
                }
            });
        }
    }

    /// `sort` and `filter` as the table's queries take them.
    pub fn query(&self) -> (String, Option<String>) {
        self.query.get_value()
    }

    /// Fetches the pages holding rows `start..end` that are not loaded or on their way.
    pub fn ensure(&self, start: u64, end: u64) {
        if end <= start {
            return;
        }
        for page in start / PAGE_SIZE..=(end - 1) / PAGE_SIZE {
            if self.requested.with_value(|r| r.contains(&page)) {
                continue;
            }
            self.requested.update_value(|r| {
                r.insert(page);
            });
            let (source, (sort, filter)) = (self.source.get_value(), self.query.get_value());
            let rows = *self;
            spawn_local(async move {
                match load_rows(source, sort, filter, page * PAGE_SIZE).await {
                    Ok(loaded) => rows.insert(page, loaded),
                    // Asked again when the row next scrolls into view.
                    Err(_) => rows.requested.update_value(|r| {
                        r.remove(&page);
                    }),
                }
            });
        }
    }
}

/// Which rows are in the DOM: those in view, and a few either side.
#[derive(Clone, Copy)]
pub struct Window {
    pub scroll_top: RwSignal<i32>,
    /// The scroller's height; 0 until measured.
    pub height: RwSignal<i32>,
}

impl Default for Window {
    fn default() -> Self {
        Self::new()
    }
}

impl Window {
    pub fn new() -> Self {
        Self { scroll_top: RwSignal::new(0), height: RwSignal::new(0) }
    }

    /// The range of row indices to render, of `count` rows, under a header `header` px high.
    pub fn range(&self, count: u64, header: i32) -> (u64, u64) {
        span(self.scroll_top.get(), self.height.get(), count, header)
    }
}

fn span(scroll_top: i32, height: i32, count: u64, header: i32) -> (u64, u64) {
    if height <= 0 {
        return (0, count.min(INITIAL_ROWS));
    }
    let first = ((scroll_top - header).max(0) / ROW_HEIGHT) as u64;
    let shown = (height / ROW_HEIGHT) as u64 + 1;
    (first.saturating_sub(OVERSCAN), (first + shown + OVERSCAN).min(count))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_rows_in_view_and_a_margin() {
        assert_eq!(span(0, 0, 1_000, 36), (0, 30));
        assert_eq!(span(0, 0, 5, 36), (0, 5));
        assert_eq!(span(0, 400, 1_000, 36), (0, 19));
        // Scrolled to row 50 000 of 100 000.
        let (start, end) = span(36 + 50_000 * ROW_HEIGHT, 800, 100_000, 36);
        assert_eq!((start, end), (49_992, 50_029));
        assert_eq!(span(36 + 99_990 * ROW_HEIGHT, 800, 100_000, 36).1, 100_000);
    }
}
