//! A card of the board: the row's name (a link to its page) and the view's chosen values.
//!
//! Dragged with pointer events, so a mouse, a pen and a finger behave alike: the card follows
//! the pointer, the column under it lights up (with a manual order, a marker shows the place
//! it would take), and letting go there moves it. From the keyboard: Space picks the focused
//! card up, left and right choose a column, up and down its place, Space drops it and Escape
//! puts it back; each step is announced to screen readers.

use super::{BoardState, Lifted, Spot};
use crate::values::display::{pieces, ValueCell};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos_router::hooks::use_navigate;

/// How far (px) a pointer moves before a press becomes a drag rather than a click.
const DRAG_THRESHOLD: i32 = 5;

/// Where card `id`, dragged to a point of the viewport, would land: the column under the
/// point, and how many of that column's other cards have their middle above it.
fn spot_at(x: i32, y: i32, id: &str) -> Option<Spot> {
    use leptos::web_sys::Element;
    let stack = document().elements_from_point(x as f32, y as f32);
    let column = stack.iter().filter_map(|e| e.dyn_into::<Element>().ok()).find(|e| e.has_attribute("data-lane"))?;
    let lane = column.get_attribute("data-lane")?.parse().ok()?;
    let cards = column.query_selector_all("[data-card]").ok()?;
    let slot = (0..cards.length())
        .filter_map(|i| cards.item(i)?.dyn_into::<Element>().ok())
        .filter(|card| card.get_attribute("data-card").as_deref() != Some(id))
        .filter(|card| {
            let rect = card.get_bounding_client_rect();
            rect.top() + rect.height() / 2.0 < f64::from(y)
        })
        .count();
    Some(Spot { lane, slot })
}

/// Focuses card `id` once it is on the page again (a move re-renders it in its new column).
fn refocus(id: String) {
    request_animation_frame(move || {
        let card = document().get_element_by_id(&format!("card-{id}"));
        if let Some(card) = card.and_then(|c| c.dyn_into::<leptos::web_sys::HtmlElement>().ok()) {
            let _ = card.focus();
        }
    });
}

#[component]
pub(super) fn Card(board: BoardState, id: String) -> impl IntoView {
    let Some(cell) = board.cells.with_value(|cells| cells.get(&id).cloned()) else { return ().into_any() };
    let href = cell.with_untracked(|r| board.source.with_value(|s| s.row_href(r)));
    let name = Memo::new({
        let (cell, id) = (cell.clone(), id.clone());
        move |_| {
            cell.track();
            board.name_of(&id)
        }
    });
    let fields = {
        let cell = cell.clone();
        move || {
            board.fields.with_value(|fields| {
                fields
                    .iter()
                    .filter_map(|attribute| {
                        let values = cell.with(|r| r.values.get(&attribute.api_slug).cloned()).unwrap_or_default();
                        if values.is_empty() {
                            return None;
                        }
                        let pieces = board.nouns.with_value(|nouns| {
                            board.names.with(|names| pieces(attribute.kind, &values, nouns, names))
                        });
                        let title = attribute.title.clone();
                        Some(view! {
                            <div class="flex min-w-0 items-center gap-2 text-xs">
                                <dt class="sr-only">{title}</dt>
                                <dd class="min-w-0 text-fg-muted">
                                    <ValueCell pieces=pieces />
                                </dd>
                            </div>
                        })
                    })
                    .collect_view()
            })
        }
    };

    // A pointer drag: where it started, and how far it has gone once it is a drag.
    let start = StoredValue::new(None::<(i32, i32)>);
    let offset = RwSignal::new(None::<(i32, i32)>);
    let dragged = StoredValue::new(false);
    let lifted = {
        let id = id.clone();
        Memo::new(move |_| board.lifted.with(|l| l.as_ref().is_some_and(|l| l.id == id)))
    };
    let end_drag = move || {
        start.set_value(None);
        offset.set(None);
        board.hovered.set(None);
    };
    let on_pointer_down = move |ev: leptos::ev::PointerEvent| {
        if ev.button() != 0 {
            return;
        }
        dragged.set_value(false);
        start.set_value(Some((ev.client_x(), ev.client_y())));
        if let Some(el) = ev.current_target().and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok()) {
            let _ = el.set_pointer_capture(ev.pointer_id());
        }
    };
    let drag_id = id.clone();
    let on_pointer_move = move |ev: leptos::ev::PointerEvent| {
        let Some((x, y)) = start.get_value() else { return };
        let (dx, dy) = (ev.client_x() - x, ev.client_y() - y);
        if offset.get_untracked().is_none() && dx.abs() + dy.abs() < DRAG_THRESHOLD {
            return;
        }
        dragged.set_value(true);
        offset.set(Some((dx, dy)));
        let over = spot_at(ev.client_x(), ev.client_y(), &drag_id);
        board.hovered.set(over.map(|over| Lifted { id: drag_id.clone(), over }));
    };
    let on_pointer_up = {
        let id = id.clone();
        move |_: leptos::ev::PointerEvent| {
            let target = board.hovered.get_untracked();
            let was_drag = offset.get_untracked().is_some();
            end_drag();
            if let (true, Some(target)) = (was_drag, target) {
                board.move_card(id.clone(), target.over);
            }
        }
    };
    let navigate = use_navigate();
    let on_key = {
        let (id, href) = (id.clone(), href.clone());
        move |ev: leptos::ev::KeyboardEvent| {
            let current = board.lifted.get_untracked().filter(|l| l.id == id);
            let last = board.lane_count().saturating_sub(1);
            match (ev.key().as_str(), current) {
                (" ", None) => {
                    let Some(lane) = board.lane_of(&id) else { return };
                    let slot = board.index_of(lane, &id).unwrap_or(0);
                    board.lifted.set(Some(Lifted { id: id.clone(), over: Spot { lane, slot } }));
                    let how = if board.ordered {
                        "Left and right arrows choose a column, up and down its place"
                    } else {
                        "Left and right arrows choose a column"
                    };
                    board.announcement.set(format!(
                        "Picked up {} in {}. {how}, Space drops it, Escape cancels.",
                        name.get_untracked(),
                        board.title_of(lane)
                    ));
                }
                (" ", Some(lifted)) => {
                    board.lifted.set(None);
                    board.move_card(id.clone(), lifted.over);
                    refocus(id.clone());
                }
                ("ArrowLeft" | "ArrowRight", Some(lifted)) => {
                    let lane = if ev.key() == "ArrowLeft" {
                        lifted.over.lane.saturating_sub(1)
                    } else {
                        (lifted.over.lane + 1).min(last)
                    };
                    // In the column it came from, the card's own place; elsewhere the top.
                    let slot = board.index_of(lane, &id).unwrap_or(0);
                    board.lifted.set(Some(Lifted { over: Spot { lane, slot }, ..lifted }));
                    board.announcement.set(format!("Over {}.", board.title_of(lane)));
                }
                ("ArrowUp" | "ArrowDown", Some(lifted)) if board.ordered => {
                    let Spot { lane, slot } = lifted.over;
                    // The column's other cards: the card may go before any of them or last.
                    let others = board.lane_len(lane) - usize::from(board.index_of(lane, &id).is_some());
                    let slot = if ev.key() == "ArrowUp" { slot.saturating_sub(1) } else { (slot + 1).min(others) };
                    board.lifted.set(Some(Lifted { over: Spot { lane, slot }, ..lifted }));
                    board.announcement.set(format!(
                        "Place {} of {} in {}.",
                        slot + 1,
                        others + 1,
                        board.title_of(lane)
                    ));
                }
                ("Escape", Some(_)) => {
                    board.lifted.set(None);
                    board.announcement.set(format!("Move of {} cancelled.", name.get_untracked()));
                }
                ("Enter", None) => navigate(&href, Default::default()),
                _ => return,
            }
            ev.prevent_default();
            ev.stop_propagation();
        }
    };

    let card_id = format!("card-{id}");
    let (card_key, marker_key) = (id.clone(), id.clone());
    view! {
        <li class="list-none">
            <div
                aria-hidden="true"
                class=move || {
                    let before = board.marker.with(|m| m.as_ref().is_some_and(|(_, before)| before.as_ref() == Some(&marker_key)));
                    if before { "mb-2 h-0.5 rounded-full bg-focus" } else { "hidden" }
                }
            ></div>
            <article
                id=card_id
                tabindex="0"
                aria-roledescription="card"
                aria-label=move || name.get()
                aria-describedby="board-help"
                data-card=id
                class=move || {
                    let arrived = if board.arrived.with(|a| a.contains(&card_key)) { "card-arrived" } else { "" };
                    let state = match (offset.get().is_some(), lifted.get()) {
                        (true, _) => "relative z-50 cursor-grabbing shadow-xl ring-1 ring-line-strong",
                        (false, true) => "ring-2 ring-focus shadow-md",
                        (false, false) => "shadow-xs hover:border-line-strong",
                    };
                    format!(
                        "block cursor-grab touch-none rounded-lg border border-line bg-canvas p-2.5 select-none focus-visible:outline-2 focus-visible:outline-focus {state} {arrived}",
                    )
                }
                style:transform=move || offset.get().map(|(dx, dy)| format!("translate({dx}px, {dy}px) rotate(1.5deg)"))
                on:pointerdown=on_pointer_down
                on:pointermove=on_pointer_move
                on:pointerup=on_pointer_up
                on:pointercancel=move |_| end_drag()
                on:keydown=on_key
            >
                <a
                    href=href
                    tabindex="-1"
                    draggable="false"
                    class="block truncate font-medium text-fg hover:underline"
                    on:click=move |ev| {
                        if dragged.get_value() {
                            ev.prevent_default();
                            dragged.set_value(false);
                        }
                    }
                >
                    {move || name.get()}
                </a>
                <dl class="mt-1.5 space-y-1 empty:hidden">{fields}</dl>
            </article>
        </li>
    }
    .into_any()
}
