//! Selecting rows (a click, shift-click for a range, the header box for every loaded row,
//! then every record the filter matches) and what can be done to them at once: set one
//! attribute, or delete them.

use super::source::Source;
use crate::components::dialog::Dialog;
use crate::components::ui::{BUTTON, BUTTON_DANGER, BUTTON_PRIMARY, FIELD};
use crate::functions::{delete_rows, set_value_on_rows, BulkOutcome, Selection};
use crate::values::display::record_href;
use crate::values::editor::{editable, to_input, FieldInput};
use leptos::prelude::*;
use leptos::task::spawn_local;
use model::wire::Attribute;
use std::collections::{BTreeSet, HashMap};

/// The rows picked, by record id; or, with `everything`, every record the filter matches.
#[derive(Clone, Copy)]
pub struct Picked {
    pub ids: RwSignal<BTreeSet<String>>,
    pub everything: RwSignal<bool>,
    /// The row a shift-click extends from.
    anchor: StoredValue<Option<u64>>,
}

impl Default for Picked {
    fn default() -> Self {
        Self::new()
    }
}

impl Picked {
    pub fn new() -> Self {
        Self { ids: RwSignal::new(BTreeSet::new()), everything: RwSignal::new(false), anchor: StoredValue::new(None) }
    }

    pub fn is_picked(&self, id: &str) -> bool {
        self.everything.get() || self.ids.with(|ids| ids.contains(id))
    }

    pub fn count(&self, total: Option<u64>) -> u64 {
        if self.everything.get() {
            total.unwrap_or(0)
        } else {
            self.ids.with(|ids| ids.len() as u64)
        }
    }

    pub fn clear(&self) {
        self.everything.set(false);
        self.ids.set(BTreeSet::new());
        self.anchor.set_value(None);
    }

    /// A click on row `index`'s box; with shift, every row from the last one clicked takes
    /// the clicked row's new state. `id_at` names the loaded rows.
    pub fn toggle(&self, index: u64, id: String, shift: bool, id_at: impl Fn(u64) -> Option<String>) {
        if self.everything.get_untracked() {
            self.everything.set(false);
        }
        let on = !self.ids.with_untracked(|ids| ids.contains(&id));
        let range = match (shift, self.anchor.get_value()) {
            (true, Some(anchor)) => anchor.min(index)..=anchor.max(index),
            _ => index..=index,
        };
        self.ids.update(|ids| {
            for id in range.filter_map(&id_at).chain([id]) {
                if on {
                    ids.insert(id);
                } else {
                    ids.remove(&id);
                }
            }
        });
        self.anchor.set_value(Some(index));
    }

    /// What a bulk change applies to.
    pub fn selection(&self, filter: Option<String>) -> Selection {
        if self.everything.get_untracked() {
            Selection::Matching(filter)
        } else {
            Selection::Records(self.ids.get_untracked().into_iter().collect())
        }
    }
}

fn plural(count: u64, singular: &str, plural: &str) -> String {
    format!("{count} {}", if count == 1 { singular } else { plural }).to_lowercase()
}

/// The bar shown while rows are picked.
#[component]
pub fn BulkBar(
    picked: Picked,
    source: Source,
    /// The singular and plural nouns of the table's rows.
    nouns: (String, String),
    /// What "Set value…" can set.
    attributes: Vec<Attribute>,
    choices: HashMap<String, Vec<String>>,
    filter: Option<String>,
    /// How many rows the filter matches, when counted.
    total: Option<u64>,
    /// How many rows are loaded: "select all" beyond them is offered when fewer than the total.
    loaded: Signal<u64>,
    /// What the last change did; the page keeps it, as the table is rendered anew after it.
    message: RwSignal<Option<String>>,
    on_done: Callback<()>,
) -> impl IntoView {
    let busy = RwSignal::new(false);
    let confirm = RwSignal::new(false);
    let setting = RwSignal::new(false);
    let count = move || picked.count(total);
    let is_list = matches!(source, Source::List(_));
    let context = StoredValue::new((source, nouns, filter));
    let noun = move |n: u64| context.with_value(|(_, (s, p), _)| plural(n, s, p));

    let report = move |outcome: Result<BulkOutcome, crate::functions::AppError>, verb: &str| {
        busy.set(false);
        match outcome {
            Ok(outcome) => {
                let mut text = format!("{} {verb}.", noun(outcome.done));
                if outcome.refused > 0 {
                    let why = outcome.first_error.unwrap_or_default();
                    text = format!("{text} {} refused: {why}", outcome.refused);
                }
                message.set(Some(text));
                picked.clear();
                on_done.run(());
            }
            Err(error) => message.set(Some(error.to_string())),
        }
    };
    let delete = move |_| {
        confirm.set(false);
        busy.set(true);
        let (source, _, filter) = context.get_value();
        let selection = picked.selection(filter);
        let verb = if is_list { "removed" } else { "deleted" };
        spawn_local(async move { report(delete_rows(source, selection).await, verb) });
    };

    // Two duplicate records picked: the first one's page, with the merge of the second open.
    let merge_href = move || {
        let Source::Object(object) = context.with_value(|(source, _, _)| source.clone()) else { return None };
        if picked.everything.get() {
            return None;
        }
        picked.ids.with(|ids| match ids.iter().collect::<Vec<_>>().as_slice() {
            [first, second] => Some(format!("{}?merge={second}", record_href(&object, first))),
            _ => None,
        })
    };

    let editable: Vec<Attribute> = attributes.into_iter().filter(|a| editable(a) && a.api_slug != "name").collect();
    let first_slug = editable.first().map(|a| a.api_slug.clone()).unwrap_or_default();
    let editable = StoredValue::new(editable);
    let choices = StoredValue::new(choices);
    let chosen = RwSignal::new(first_slug);
    let draft = RwSignal::new(String::new());
    let set_error = RwSignal::new(None::<String>);
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let slug = chosen.get_untracked();
        let Some(kind) = editable.with_value(|a| a.iter().find(|a| a.api_slug == slug).map(|a| a.kind)) else {
            return;
        };
        let value = match to_input(kind, &draft.get_untracked()) {
            Ok(value) => value,
            Err(error) => return set_error.set(Some(error)),
        };
        setting.set(false);
        busy.set(true);
        let (source, _, filter) = context.get_value();
        let selection = picked.selection(filter);
        spawn_local(async move { report(set_value_on_rows(source, selection, slug, value).await, "updated") });
    };
    let field = move || {
        let slug = chosen.get();
        let attribute = editable.with_value(|a| a.iter().find(|a| a.api_slug == slug).cloned())?;
        draft.set(String::new());
        let options = choices.with_value(|c| c.get(&slug).cloned().unwrap_or_default());
        Some(view! {
            <label for="bulk-value" class="mt-3 block text-xs font-medium text-fg-subtle">"New value"</label>
            <FieldInput kind=attribute.kind id="bulk-value".into() draft=draft choices=options />
        })
    };
    let attribute_options = move || {
        editable.with_value(|a| {
            a.iter().map(|a| view! { <option value=a.api_slug.clone()>{a.title.clone()}</option> }).collect_view()
        })
    };

    view! {
        <Show when=move || { count() > 0 || message.with(Option::is_some) }>
            <div
                role="region"
                aria-label="Selection"
                class="flex h-11 shrink-0 items-center gap-2 border-b border-line bg-panel px-4"
            >
                <Show
                    when=move || { count() > 0 }
                    fallback=move || {
                        view! {
                            <p role="status" class="text-fg-muted">{move || message.get()}</p>
                            <button type="button" class=BUTTON on:click=move |_| message.set(None)>
                                "Dismiss"
                            </button>
                        }
                    }
                >
                    <span class="font-medium text-fg tabular-nums">
                        {move || format!("{} selected", noun(count()))}
                    </span>
                    <Show when=move || {
                        !picked.everything.get()
                            && total.is_some_and(|t| t > loaded.get())
                            && picked.ids.with(|ids| ids.len() as u64) >= loaded.get()
                    }>
                        <button
                            type="button"
                            class="text-fg underline underline-offset-2 hover:text-fg-muted"
                            on:click=move |_| picked.everything.set(true)
                        >
                            {move || format!("Select all {}", noun(total.unwrap_or(0)))}
                        </button>
                    </Show>
                    <div class="ml-auto flex items-center gap-2">
                        {move || merge_href().map(|href| view! { <a href=href class=BUTTON>"Merge…"</a> })}
                        <button
                            type="button"
                            class=BUTTON
                            disabled=move || busy.get()
                            on:click=move |_| {
                                set_error.set(None);
                                setting.set(true);
                            }
                        >
                            "Set value…"
                        </button>
                        <button
                            type="button"
                            class=BUTTON_DANGER
                            disabled=move || busy.get()
                            on:click=move |_| confirm.set(true)
                        >
                            {if is_list { "Remove" } else { "Delete" }}
                        </button>
                        <button type="button" class=BUTTON on:click=move |_| picked.clear()>
                            "Clear selection"
                        </button>
                    </div>
                </Show>
            </div>
        </Show>
        <Dialog open=confirm title=if is_list { "Remove from the list" } else { "Delete records" }.into()>
            <p class="mt-2 text-fg-muted">
                {move || {
                    if is_list {
                        format!("Remove {} from this list? Their records stay.", noun(count()))
                    } else {
                        format!("Delete {}? Their notes, tasks and list entries go with them.", noun(count()))
                    }
                }}
            </p>
            <div class="mt-5 flex justify-end gap-2">
                <button type="button" class=BUTTON on:click=move |_| confirm.set(false)>
                    "Cancel"
                </button>
                <button type="button" class=BUTTON_PRIMARY on:click=delete>
                    {if is_list { "Remove" } else { "Delete" }}
                </button>
            </div>
        </Dialog>
        <Dialog open=setting title="Set a value".into()>
            <form on:submit=apply>
                <label for="bulk-attribute" class="mt-3 block text-xs font-medium text-fg-subtle">
                    "Attribute"
                </label>
                <select
                    id="bulk-attribute"
                    class=format!("{FIELD} w-full")
                    on:change=move |ev| chosen.set(event_target_value(&ev))
                    prop:value=move || chosen.get()
                >
                    {attribute_options}
                </select>
                {field}
                {move || set_error.get().map(|m| view! { <p role="alert" class="mt-2 text-danger">{m}</p> })}
                <p class="mt-3 text-fg-subtle">
                    {move || format!("Applies to {}. Leave it empty to clear the value.", noun(count()))}
                </p>
                <div class="mt-5 flex justify-end gap-2">
                    <button type="button" class=BUTTON on:click=move |_| setting.set(false)>
                        "Cancel"
                    </button>
                    <button type="submit" class=BUTTON_PRIMARY>
                        "Apply"
                    </button>
                </div>
            </form>
        </Dialog>
    }
}

/// The box in the header: picks every loaded row, or clears the selection.
#[component]
pub fn PickAll(picked: Picked, loaded_ids: Callback<(), Vec<String>>) -> impl IntoView {
    let all = move || picked.everything.get() || picked.ids.with(|ids| !ids.is_empty());
    view! {
        <input
            type="checkbox"
            aria-label="Select all rows"
            class="size-4 accent-accent"
            prop:checked=all
            on:change=move |_| {
                if all() {
                    picked.clear();
                } else {
                    picked.ids.set(loaded_ids.run(()).into_iter().collect());
                }
            }
        />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shift_click_picks_a_range() {
        let owner = Owner::new();
        owner.with(|| {
            let picked = Picked::new();
            let id_at = |i: u64| Some(format!("r{i}"));
            picked.toggle(2, "r2".into(), false, id_at);
            picked.toggle(5, "r5".into(), true, id_at);
            assert_eq!(picked.ids.get_untracked().len(), 4);
            picked.toggle(3, "r3".into(), false, id_at);
            assert!(!picked.ids.get_untracked().contains("r3"));
            assert_eq!(picked.selection(None), Selection::Records(vec!["r2".into(), "r4".into(), "r5".into()]));
            picked.everything.set(true);
            assert_eq!(picked.selection(Some("{}".into())), Selection::Matching(Some("{}".into())));
        });
    }
}
