//! The toolbar's choice between a table and a board, and, on a board, of the status or select
//! attribute it groups by. Each choice is a new address (`?board=stage`).

use crate::components::ui::FIELD;
use leptos::prelude::*;
use model::wire::Attribute;
use model::AttributeType;

/// The attributes a board can group by: single-value statuses first, then selects.
pub fn groupable(attributes: &[Attribute]) -> Vec<&Attribute> {
    let of = |kind| attributes.iter().filter(move |a| a.kind == kind && !a.is_multiselect && !a.is_archived);
    of(AttributeType::Status).chain(of(AttributeType::Select)).collect()
}

#[component]
pub fn ViewSwitch(
    attributes: Vec<Attribute>,
    /// The attribute the board groups by; `None` on a table.
    board: Option<String>,
    on_change: Callback<Option<String>>,
) -> impl IntoView {
    let choices: Vec<(String, String)> =
        groupable(&attributes).into_iter().map(|a| (a.api_slug.clone(), a.title.clone())).collect();
    let Some((first, _)) = choices.first().cloned() else { return ().into_any() };
    let on_board = board.is_some();
    let segment = |active: bool| {
        if active {
            "rounded px-2.5 py-0.5 bg-canvas text-fg shadow-xs"
        } else {
            "rounded px-2.5 py-0.5 text-fg-subtle hover:text-fg"
        }
    };
    let group_by = board.clone().map(|current| {
        let options = choices
            .iter()
            .map(|(slug, title)| {
                let selected = *slug == current;
                view! { <option value=slug.clone() selected=selected>{title.clone()}</option> }
            })
            .collect_view();
        view! {
            <select
                aria-label="Group by"
                class=format!("{FIELD} py-1")
                on:change=move |ev| on_change.run(Some(event_target_value(&ev)))
            >
                {options}
            </select>
        }
    });
    view! {
        <div role="group" aria-label="Layout" class="flex items-center gap-0.5 rounded-md bg-raised p-0.5">
            <button
                type="button"
                aria-pressed=(!on_board).to_string()
                class=segment(!on_board)
                on:click=move |_| on_change.run(None)
            >
                "Table"
            </button>
            <button
                type="button"
                aria-pressed=on_board.to_string()
                class=segment(on_board)
                on:click=move |_| {
                    if !on_board {
                        on_change.run(Some(first.clone()))
                    }
                }
            >
                "Board"
            </button>
        </div>
        {group_by}
    }
    .into_any()
}
