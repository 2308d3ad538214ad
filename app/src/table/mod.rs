//! The records table: one column per attribute, one row per record, sortable headers.
//!
//! Sorting is a link, not a click handler: the sort lives in the URL (`?sort=&dir=`), with
//! the filter (`view_state`), so a sorted, filtered table is server-rendered, shareable, and
//! works before the wasm has loaded.

pub mod filter;
pub mod save_view;
pub mod view_state;

use crate::functions::RecordPage;
use crate::values::display::{is_numeric, pieces, record_href, ObjectNouns, Piece, ValueCell};
use leptos::prelude::*;
use model::wire::Attribute;
use model::AttributeType;

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
}

/// Where an attribute's column goes, or `None` to leave it out: the name first, then the
/// object's own attributes in their order, then the system's (creation time and author).
/// The record id is left out; it means nothing to a reader.
fn column_rank(api_slug: &str, is_system: bool) -> Option<u8> {
    match (api_slug, is_system) {
        ("record_id", true) => None,
        ("name", _) => Some(0),
        (_, false) => Some(1),
        (_, true) => Some(2),
    }
}

/// The table's columns, in display order.
fn columns(attributes: Vec<Attribute>) -> Vec<Attribute> {
    in_column_order(attributes, |attribute| (attribute.api_slug.as_str(), attribute.is_system_attribute))
}

/// Orders items by [`column_rank`] of their `(api_slug, is_system)`, keeping the given
/// order within a rank.
fn in_column_order<T>(items: Vec<T>, key: impl Fn(&T) -> (&str, bool)) -> Vec<T> {
    let mut ranked: Vec<(u8, T)> = items
        .into_iter()
        .filter_map(|item| {
            let (slug, is_system) = key(&item);
            Some((column_rank(slug, is_system)?, item))
        })
        .collect();
    ranked.sort_by_key(|(rank, _)| *rank);
    ranked.into_iter().map(|(_, item)| item).collect()
}

/// A column's width in pixels: enough for a typical value of its type, which is cut off
/// with an ellipsis beyond that.
fn column_width(kind: AttributeType) -> u32 {
    use AttributeType as T;
    match kind {
        T::Checkbox => 112,
        T::Number | T::Rating => 128,
        T::Currency | T::Date => 144,
        T::Status | T::Select => 152,
        T::PhoneNumber | T::ActorReference => 176,
        T::Location | T::Domain | T::RecordReference => 200,
        T::Timestamp | T::Interaction => 208,
        T::PersonalName | T::Text | T::EmailAddress => 232,
    }
}

/// The first column, which stays in view when the table scrolls sideways.
const FIRST_COLUMN_WIDTH: u32 = 256;

/// Pages of records loaded after the first, as the table scrolls; keyed by their offset.
pub type ExtraPages = RwSignal<Vec<(u64, RecordPage)>>;

#[component]
pub fn RecordTable(
    object_slug: String,
    attributes: Vec<Attribute>,
    /// The first page, rendered on the server.
    first: RecordPage,
    /// The pages loaded since, in the browser.
    extra: ExtraPages,
    view: view_state::ViewState,
    nouns: ObjectNouns,
) -> impl IntoView {
    let sort = &view.sort;
    let attributes = columns(attributes);
    let widths: Vec<u32> = attributes
        .iter()
        .enumerate()
        .map(|(i, attribute)| if i == 0 { FIRST_COLUMN_WIDTH } else { column_width(attribute.kind) })
        .collect();
    let min_width = format!("{}px", widths.iter().sum::<u32>());
    let cols = widths.into_iter().map(|width| view! { <col style:width=format!("{width}px") /> }).collect_view();

    let headers = attributes
        .iter()
        .enumerate()
        .map(|(i, attribute)| {
            let active = sort.is_on(&attribute.api_slug);
            let (aria_sort, arrow) = match (active, sort.descending) {
                (false, _) => ("none", "↑"),
                (true, false) => ("ascending", "↑"),
                (true, true) => ("descending", "↓"),
            };
            // The header row sticks to the top, and the first column also to the left.
            let position = if i == 0 { "left-0 z-30 border-r-line" } else { "z-20 border-r-line-soft" };
            let link = match (active, is_numeric(attribute.kind)) {
                (true, false) => "text-fg",
                (true, true) => "flex-row-reverse text-fg",
                (false, false) => "text-fg-subtle hover:text-fg",
                (false, true) => "flex-row-reverse text-fg-subtle hover:text-fg",
            };
            view! {
                <th
                    scope="col"
                    aria-sort=aria_sort
                    class=format!(
                        "sticky top-0 {position} h-9 border-r border-b border-b-line bg-canvas px-3 text-left text-[13px] font-medium whitespace-nowrap",
                    )
                >
                    <a
                        href=view.sorted_by(&attribute.api_slug).href(&object_slug)
                        class=format!("group/sort flex items-center gap-1 {link}")
                    >
                        <span class="truncate">{attribute.title.clone()}</span>
                        <span
                            aria-hidden="true"
                            class=if active {
                                "shrink-0 text-xs"
                            } else {
                                "shrink-0 text-xs text-fg-faint opacity-0 group-hover/sort:opacity-100"
                            }
                        >
                            {arrow}
                        </span>
                    </a>
                </th>
            }
        })
        .collect_view();

    let columns = StoredValue::new((object_slug, attributes, nouns));
    let body =
        move |page: RecordPage| columns.with_value(|(object, attributes, nouns)| rows(object, attributes, nouns, page));
    let first = body(first);

    // Fixed layout keeps every column at its width; the last, unsized column takes up
    // whatever room is left, so a narrow table still spans the page.
    view! {
        <table
            class="w-full table-fixed border-separate border-spacing-0 text-sm"
            style:min-width=min_width
        >
            <colgroup>{cols} <col /></colgroup>
            <thead>
                <tr>
                    {headers}
                    <th aria-hidden="true" class="sticky top-0 z-20 border-b border-line bg-canvas"></th>
                </tr>
            </thead>
            <tbody>{first}</tbody>
            <For each=move || extra.get() key=|(offset, _)| *offset let:((_, page))>
                <tbody>{body(page)}</tbody>
            </For>
        </table>
    }
}

/// The rows of one page. The first cell links to the record's page.
fn rows(object: &str, attributes: &[Attribute], nouns: &ObjectNouns, page: RecordPage) -> impl IntoView + use<> {
    let names = page.labels;
    page.records
        .into_iter()
        .map(|record| {
            let record_id = record.id.record_id.to_string();
            let href = record_href(object, &record_id);
            let cells = attributes
                .iter()
                .enumerate()
                .map(|(i, attribute)| {
                    let pieces = record
                        .values
                        .get(&attribute.api_slug)
                        .map(|values| pieces(attribute.kind, values, nouns, &names))
                        .unwrap_or_default();
                    let class = match (i, is_numeric(attribute.kind)) {
                        (0, _) => "sticky left-0 z-10 border-r-line font-medium text-fg",
                        (_, true) => "border-r-line-soft text-right text-fg-muted tabular-nums",
                        (_, false) => "border-r-line-soft text-fg-muted",
                    };
                    let content = if i == 0 {
                        let text = pieces.iter().filter_map(Piece::tooltip).collect::<Vec<_>>().join(", ");
                        let label = if text.is_empty() { "Unnamed".to_string() } else { text };
                        let title = label.clone();
                        view! {
                            <a href=href.clone() class="block truncate hover:underline" title=title>
                                {label}
                            </a>
                        }
                        .into_any()
                    } else {
                        view! { <ValueCell pieces=pieces /> }.into_any()
                    };
                    view! {
                        <td class=format!(
                            "h-10 border-r border-b border-b-line-soft bg-canvas px-3 group-hover:bg-hover {class}",
                        )>{content}</td>
                    }
                })
                .collect_view();
            view! {
                <tr class="group" data-record-id=record_id>
                    {cells}
                    <td class="border-b border-line-soft bg-canvas group-hover:bg-hover"></td>
                </tr>
            }
        })
        .collect_view()
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
    fn name_first_system_columns_last_record_id_hidden() {
        let attributes = [
            ("record_id", true),
            ("created_at", true),
            ("created_by", true),
            ("stage", false),
            ("name", false),
            ("value", false),
        ];
        let order: Vec<&str> = in_column_order(attributes.to_vec(), |&(slug, system)| (slug, system))
            .into_iter()
            .map(|(slug, _)| slug)
            .collect();
        assert_eq!(order, ["name", "stage", "value", "created_at", "created_by"]);
    }
}
