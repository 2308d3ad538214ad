//! The table's columns: which attributes show, in what order, how wide. The default is every
//! attribute, the name first and the system's last (on a list: the parent record first, the
//! parent's attributes only once chosen); a view (the address or a saved view) may choose,
//! reorder and resize them. The "Columns" menu shows and hides them and moves
//! them with the keyboard; headers are dragged to reorder and their edge to resize.

use super::source::{parent_slug, PARENT};
use super::view_state::{ViewState, MAX_WIDTH, MIN_WIDTH};
use crate::components::ui::{BUTTON, MENU};
use leptos::prelude::*;
use model::wire::{Attribute, ViewColumn};
use model::AttributeType;

/// A column as the table lays it out.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub attribute: Attribute,
    pub width: u32,
}

/// Where an attribute's column goes, or `None` to leave it out: the name (a list's parent
/// record) first, then the own attributes in their order, then the system's (creation time
/// and author), then a list's parent attributes, which show only once chosen. The record id
/// is left out; it means nothing to a reader.
fn column_rank(attribute: &Attribute) -> Option<u8> {
    if attribute.is_archived {
        return None;
    }
    let slug = attribute.api_slug.as_str();
    if parent_slug(slug).is_some() {
        return Some(HIDDEN_RANK);
    }
    match (slug, attribute.is_system_attribute) {
        ("record_id", true) => None,
        ("name" | PARENT, _) => Some(0),
        (_, false) => Some(1),
        (_, true) => Some(2),
    }
}

/// The rank of columns left out of the default set.
const HIDDEN_RANK: u8 = 3;

/// Every attribute that can be a column, in the default order, and whether it shows by
/// default.
fn ranked(attributes: &[Attribute]) -> Vec<(&Attribute, bool)> {
    let mut ranked: Vec<(u8, &Attribute)> = attributes.iter().filter_map(|a| Some((column_rank(a)?, a))).collect();
    ranked.sort_by_key(|(rank, _)| *rank);
    ranked.into_iter().map(|(rank, a)| (a, rank < HIDDEN_RANK)).collect()
}

/// Every attribute that can be a column, in the default order.
pub fn candidates(attributes: &[Attribute]) -> Vec<&Attribute> {
    ranked(attributes).into_iter().map(|(a, _)| a).collect()
}

/// A column's default width in pixels: enough for a typical value of its type, which is
/// cut off with an ellipsis beyond that. The first column is wider: it names the record.
pub fn default_width(kind: AttributeType, first: bool) -> u32 {
    use AttributeType as T;
    if first {
        return 256;
    }
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

/// The columns a view shows: those it chose, in its order (attributes that no longer exist
/// are skipped), or the default ones.
pub fn visible(attributes: &[Attribute], chosen: Option<&[ViewColumn]>) -> Vec<Column> {
    let ranked = ranked(attributes);
    let picked: Vec<(&Attribute, Option<u32>)> = match chosen {
        Some(chosen) => chosen
            .iter()
            .filter_map(|c| Some((ranked.iter().find(|(a, _)| a.api_slug == c.attribute)?.0, c.width)))
            .collect(),
        None => ranked.iter().filter(|(_, shown)| *shown).map(|(a, _)| (*a, None)).collect(),
    };
    picked
        .into_iter()
        .enumerate()
        .map(|(i, (attribute, width))| Column {
            width: width.unwrap_or_else(|| default_width(attribute.kind, i == 0)),
            attribute: attribute.clone(),
        })
        .collect()
}

/// The columns as a view stores them. A width is kept only where it differs from the default.
pub fn to_view(columns: &[Column]) -> Vec<ViewColumn> {
    columns
        .iter()
        .enumerate()
        .map(|(i, c)| ViewColumn {
            attribute: c.attribute.api_slug.clone(),
            width: (c.width != default_width(c.attribute.kind, i == 0)).then_some(c.width),
        })
        .collect()
}

/// The columns with the one at `from` moved to `to`.
pub fn moved(mut columns: Vec<Column>, from: usize, to: usize) -> Vec<Column> {
    if from < columns.len() && to < columns.len() && from != to {
        let column = columns.remove(from);
        columns.insert(to, column);
    }
    columns
}

/// A width dragged to, within bounds.
pub fn clamp_width(width: i32) -> u32 {
    width.clamp(MIN_WIDTH as i32, MAX_WIDTH as i32) as u32
}

/// The "Columns" menu: every attribute with a box to show or hide it, and buttons to move
/// the shown ones. Each change is a new address (`on_change` navigates).
#[component]
pub fn ColumnsMenu(
    attributes: Vec<Attribute>,
    view: Signal<ViewState>,
    on_change: Callback<Vec<ViewColumn>>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let attributes = StoredValue::new(attributes);
    let current = move || attributes.with_value(|a| visible(a, view.get().columns.as_deref()));
    let apply = move |columns: Vec<Column>| on_change.run(to_view(&columns));

    let items = move || {
        let shown = current();
        let count = shown.len();
        let mut rows: Vec<AnyView> = shown
            .iter()
            .enumerate()
            .map(|(i, column)| {
                let title = column.attribute.title.clone();
                let (up, down, hide) = (shown.clone(), shown.clone(), shown.clone());
                view! {
                    <li class="flex items-center gap-2 rounded-md px-2 py-1 hover:bg-raised">
                        <input
                            type="checkbox"
                            checked=true
                            disabled=count == 1
                            aria-label=format!("Show {title}")
                            class="size-4 accent-accent"
                            on:change=move |_| {
                                let mut rest = hide.clone();
                                rest.remove(i);
                                apply(rest);
                            }
                        />
                        <span class="min-w-0 flex-1 truncate text-fg">{title.clone()}</span>
                        <button
                            type="button"
                            aria-label=format!("Move {title} left")
                            disabled=i == 0
                            class="rounded px-1 text-fg-subtle hover:text-fg disabled:opacity-30"
                            on:click=move |_| apply(moved(up.clone(), i, i - 1))
                        >
                            "↑"
                        </button>
                        <button
                            type="button"
                            aria-label=format!("Move {title} right")
                            disabled=i + 1 == count
                            class="rounded px-1 text-fg-subtle hover:text-fg disabled:opacity-30"
                            on:click=move |_| apply(moved(down.clone(), i, i + 1))
                        >
                            "↓"
                        </button>
                    </li>
                }
                .into_any()
            })
            .collect();
        let hidden: Vec<Attribute> = attributes.with_value(|a| {
            candidates(a)
                .into_iter()
                .filter(|a| !shown.iter().any(|c| c.attribute.api_slug == a.api_slug))
                .cloned()
                .collect()
        });
        if !hidden.is_empty() {
            rows.push(
                view! { <li class="mt-1 border-t border-line px-2 pt-2 pb-1 text-xs text-fg-subtle">"Hidden"</li> }
                    .into_any(),
            );
        }
        for attribute in hidden {
            let title = attribute.title.clone();
            let shown = shown.clone();
            rows.push(
                view! {
                    <li class="flex items-center gap-2 rounded-md px-2 py-1 hover:bg-raised">
                        <input
                            type="checkbox"
                            checked=false
                            aria-label=format!("Show {title}")
                            class="size-4 accent-accent"
                            on:change=move |_| {
                                let mut more = shown.clone();
                                let width = default_width(attribute.kind, false);
                                more.push(Column { attribute: attribute.clone(), width });
                                apply(more);
                            }
                        />
                        <span class="min-w-0 flex-1 truncate text-fg-muted">{title.clone()}</span>
                    </li>
                }
                .into_any(),
            );
        }
        rows
    };

    view! {
        <div class="relative">
            <button
                type="button"
                class=BUTTON
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                "Columns"
            </button>
            <Show when=move || open.get()>
                <div
                    role="dialog"
                    aria-label="Columns"
                    class=format!("{MENU} right-0 w-72")
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Escape" {
                            open.set(false);
                        }
                    }
                >
                    <ul class="max-h-96 overflow-y-auto">{items}</ul>
                    <div class="mt-1 flex justify-end border-t border-line px-1 pt-1.5">
                        <button
                            type="button"
                            class="rounded px-2 py-0.5 text-xs text-fg-subtle hover:text-fg"
                            on:click=move |_| {
                                open.set(false);
                                on_change.run(Vec::new());
                            }
                        >
                            "Reset to default"
                        </button>
                    </div>
                </div>
            </Show>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attribute(slug: &str, system: bool) -> Attribute {
        serde_json::from_value(serde_json::json!({
            "id": {"workspace_id": "00000000-0000-0000-0000-000000000000", "object_id": "00000000-0000-0000-0000-000000000000", "attribute_id": "00000000-0000-0000-0000-000000000000"},
            "title": slug, "description": null, "api_slug": slug, "type": "text",
            "is_system_attribute": system, "is_writable": true, "is_required": false, "is_unique": false,
            "is_multiselect": false, "is_default_value_enabled": false, "is_archived": false,
            "default_value": null, "relationship": null, "created_at": "2026-01-01T00:00:00Z",
            "config": model::wire::AttributeConfig::default(),
        }))
        .expect("an attribute")
    }

    fn slugs(columns: &[Column]) -> Vec<&str> {
        columns.iter().map(|c| c.attribute.api_slug.as_str()).collect()
    }

    #[test]
    fn name_first_system_columns_last_record_id_hidden() {
        let attributes = [
            attribute("record_id", true),
            attribute("created_at", true),
            attribute("stage", false),
            attribute("name", false),
            attribute("value", false),
        ];
        assert_eq!(slugs(&visible(&attributes, None)), ["name", "stage", "value", "created_at"]);
    }

    #[test]
    fn a_view_chooses_orders_and_sizes_columns() {
        let attributes = [attribute("name", false), attribute("stage", false), attribute("value", false)];
        let chosen = [
            ViewColumn { attribute: "value".into(), width: Some(300) },
            ViewColumn { attribute: "gone".into(), width: None },
            ViewColumn { attribute: "name".into(), width: None },
        ];
        let columns = visible(&attributes, Some(&chosen));
        assert_eq!(slugs(&columns), ["value", "name"]);
        assert_eq!(columns[0].width, 300);
        assert_eq!(to_view(&columns)[1], ViewColumn { attribute: "name".into(), width: None });
        assert_eq!(slugs(&moved(columns, 1, 0)), ["name", "value"]);
        assert_eq!(clamp_width(5), MIN_WIDTH);
    }
}
