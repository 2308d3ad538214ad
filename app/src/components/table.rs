//! The records table: one column per attribute, one row per record, sortable headers.
//!
//! Sorting is a link, not a click handler: the sort lives in the URL (`?sort=&dir=`), so
//! a sorted table is server-rendered, shareable, and works before the wasm has loaded.

use super::value_cell::ValueCell;
use leptos::prelude::*;
use model::wire::{Attribute, Record};

/// The table's sort as read from the query string.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SortState {
    /// Attribute slug; `None` keeps the server's default order.
    pub attribute: Option<String>,
    pub descending: bool,
}

impl SortState {
    pub fn from_query(sort: Option<String>, dir: Option<String>) -> Self {
        let attribute = sort.filter(|s| !s.is_empty());
        Self { descending: attribute.is_some() && dir.as_deref() == Some("desc"), attribute }
    }

    fn is_on(&self, attribute: &str) -> bool {
        self.attribute.as_deref() == Some(attribute)
    }

    /// Where clicking `attribute`'s header goes: the other direction if it is already the
    /// sort, ascending otherwise.
    pub fn href_for(&self, object: &str, attribute: &str) -> String {
        let dir = if self.is_on(attribute) && !self.descending { "desc" } else { "asc" };
        format!("/objects/{object}?sort={attribute}&dir={dir}")
    }
}

#[component]
pub fn RecordTable(
    object_slug: String,
    attributes: Vec<Attribute>,
    records: Vec<Record>,
    sort: SortState,
) -> impl IntoView {
    let headers = attributes
        .iter()
        .enumerate()
        .map(|(i, attribute)| {
            let active = sort.is_on(&attribute.api_slug);
            let (aria_sort, arrow) = match (active, sort.descending) {
                (false, _) => ("none", ""),
                (true, false) => ("ascending", "↑"),
                (true, true) => ("descending", "↓"),
            };
            // The header row sticks to the top, and the first column also to the left.
            let sticky = if i == 0 { "left-0 z-30" } else { "z-20" };
            view! {
                <th
                    scope="col"
                    aria-sort=aria_sort
                    class=format!(
                        "sticky top-0 {sticky} border-b border-r border-gray-200 bg-white px-3 py-2 text-left font-medium whitespace-nowrap last:border-r-0",
                    )
                >
                    <a
                        href=sort.href_for(&object_slug, &attribute.api_slug)
                        class=if active {
                            "flex items-center gap-1 text-gray-900"
                        } else {
                            "flex items-center gap-1 text-gray-500 hover:text-gray-900"
                        }
                    >
                        {attribute.title.clone()}
                        <span aria-hidden="true" class="text-xs">
                            {arrow}
                        </span>
                    </a>
                </th>
            }
        })
        .collect_view();

    let rows = records
        .into_iter()
        .map(|record| {
            let cells = attributes
                .iter()
                .enumerate()
                .map(|(i, attribute)| {
                    let values = record
                        .values
                        .get(&attribute.api_slug)
                        .cloned()
                        .unwrap_or_default();
                    let class = if i == 0 {
                        "sticky left-0 z-10 max-w-xs border-b border-r border-gray-100 bg-white px-3 py-2 font-medium group-hover:bg-gray-50"
                    } else {
                        "max-w-xs border-b border-r border-gray-100 px-3 py-2 text-gray-700 last:border-r-0"
                    };
                    view! {
                        <td class=class>
                            <ValueCell kind=attribute.kind values=values />
                        </td>
                    }
                })
                .collect_view();
            view! {
                <tr class="group hover:bg-gray-50" data-record-id=record.id.record_id.to_string()>
                    {cells}
                </tr>
            }
        })
        .collect_view();

    view! {
        <table class="min-w-full border-separate border-spacing-0 text-sm">
            <thead>
                <tr>{headers}</tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_query() {
        let s = SortState::from_query(Some("value".into()), Some("desc".into()));
        assert_eq!(s.attribute.as_deref(), Some("value"));
        assert!(s.descending);
        assert_eq!(SortState::from_query(None, Some("desc".into())), SortState::default());
        assert!(!SortState::from_query(Some("value".into()), Some("sideways".into())).descending);
    }

    #[test]
    fn header_links_toggle_the_active_column_only() {
        let none = SortState::default();
        assert_eq!(none.href_for("deals", "value"), "/objects/deals?sort=value&dir=asc");
        let asc = SortState::from_query(Some("value".into()), None);
        assert_eq!(asc.href_for("deals", "value"), "/objects/deals?sort=value&dir=desc");
        assert_eq!(asc.href_for("deals", "name"), "/objects/deals?sort=name&dir=asc");
        let desc = SortState::from_query(Some("value".into()), Some("desc".into()));
        assert_eq!(desc.href_for("deals", "value"), "/objects/deals?sort=value&dir=asc");
    }
}
