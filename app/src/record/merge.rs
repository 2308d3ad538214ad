//! "Merge": this record and a duplicate of the same object become one new record. The user
//! finds the duplicate, then chooses side by side which value to keep where both records
//! have a different one; multi-value attributes are joined, and list entries, notes, tasks
//! and comments move, as the merge endpoint does. It runs as one transaction.

use super::details::RecordState;
use crate::functions::{load_record, merge_records, search};
use crate::values::display::record_href;
use crate::values::editor::{draft, editable, to_input};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use model::wire::{Attribute, Record};
use serde_json::{Map, Value};

/// An attribute both records hold different values of, and which one to keep.
#[derive(Clone, Debug, PartialEq)]
struct Choice {
    slug: String,
    title: String,
    kind: model::AttributeType,
    ours: String,
    theirs: String,
}

/// The attributes a user can choose between: single values of the editable types that both
/// records have and that differ. The rest merge by the endpoint's rules.
fn choices(attributes: &[Attribute], ours: &Record, theirs: &Record) -> Vec<Choice> {
    attributes
        .iter()
        .filter(|a| editable(a))
        .filter_map(|a| {
            let value = |r: &Record| draft(a.kind, r.values.get(&a.api_slug).map(Vec::as_slice).unwrap_or_default());
            let (mine, other) = (value(ours), value(theirs));
            (!mine.is_empty() && !other.is_empty() && mine != other).then(|| Choice {
                slug: a.api_slug.clone(),
                title: a.title.clone(),
                kind: a.kind,
                ours: mine,
                theirs: other,
            })
        })
        .collect()
}

#[component]
pub fn MergeButton(state: RecordState, attributes: Vec<Attribute>) -> impl IntoView {
    let open = RwSignal::new(false);
    let query = RwSignal::new(String::new());
    let other = RwSignal::new(None::<Record>);
    // Slugs of the attributes whose value is taken from the other record.
    let keep_theirs = RwSignal::new(Vec::<String>::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let attributes = StoredValue::new(attributes);
    let object = state.object;
    let this_id = move || state.record.with_untracked(|r| r.id.record_id.to_string());

    let found = LocalResource::new(move || {
        let q = query.get();
        let object = object.get_value();
        async move {
            if q.trim().is_empty() {
                return Ok(Vec::new());
            }
            search(q, Some(object)).await
        }
    });
    let pick = move |record_id: String| {
        error.set(None);
        spawn_local(async move {
            match load_record(object.get_value(), record_id).await {
                Ok(record) => {
                    keep_theirs.set(Vec::new());
                    other.set(Some(record));
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    // `?merge=ID` (the table's "Merge…" with two rows picked) opens with that record chosen.
    let address = use_query_map();
    Effect::new(move |_| {
        if let Some(id) = address.with(|q| q.get("merge")).filter(|id| *id != this_id()) {
            open.set(true);
            pick(id);
        }
    });
    let navigate = use_navigate();
    let confirm = move |_| {
        let Some(theirs) = other.get_untracked() else { return };
        let rows = attributes.with_value(|a| state.record.with_untracked(|ours| choices(a, ours, &theirs)));
        let mut keep = Map::new();
        for row in rows.iter().filter(|r| keep_theirs.with_untracked(|k| k.contains(&r.slug))) {
            match to_input(row.kind, &row.theirs) {
                Ok(value) => {
                    keep.insert(row.slug.clone(), value);
                }
                Err(message) => {
                    error.set(Some(message));
                    return;
                }
            }
        }
        busy.set(true);
        let (object, primary, secondary) = (object.get_value(), this_id(), theirs.id.record_id.to_string());
        let navigate = navigate.clone();
        spawn_local(async move {
            match merge_records(object.clone(), primary, secondary, Value::Object(keep).to_string()).await {
                Ok(new_id) => {
                    open.set(false);
                    navigate(&record_href(&object, &new_id), Default::default());
                }
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };

    let confirm = StoredValue::new(confirm);
    let results = move || {
        let me = this_id();
        found
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .filter(|f| f.record_id != me)
            .map(|f| {
                let id = f.record_id.clone();
                let label = if f.text.is_empty() { "Unnamed record".to_string() } else { f.text };
                view! {
                    <li>
                        <button
                            type="button"
                            class="flex w-full justify-between gap-3 rounded-md px-3 py-2 text-left text-fg hover:bg-raised"
                            on:click=move |_| pick(id.clone())
                        >
                            <span class="truncate">{label}</span>
                            <span class="shrink-0 text-xs text-fg-subtle">{f.detail}</span>
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    let side_by_side = move || {
        let theirs = other.get()?;
        let rows = attributes.with_value(|a| state.record.with(|ours| choices(a, ours, &theirs)));
        let name = |r: &Record| r.display_name().unwrap_or_else(|| "Unnamed record".into());
        let (our_name, their_name) = (state.record.with(name), name(&theirs));
        let body = if rows.is_empty() {
            view! { <p class="py-3 text-fg-subtle">"The two records hold no conflicting values."</p> }.into_any()
        } else {
            rows.into_iter()
                .map(|row| {
                    let slug = StoredValue::new(row.slug.clone());
                    let group = format!("keep-{}", row.slug);
                    let theirs_chosen = move || keep_theirs.with(|k| slug.with_value(|s| k.contains(s)));
                    let choose = move |theirs: bool| {
                        keep_theirs.update(|k| {
                            let s = slug.get_value();
                            k.retain(|x| *x != s);
                            if theirs {
                                k.push(s);
                            }
                        })
                    };
                    view! {
                        <fieldset class="grid grid-cols-[9rem_1fr_1fr] items-center gap-3 border-t border-line-soft py-2">
                            <legend class="sr-only">{format!("Which {} to keep", row.title)}</legend>
                            <span class="truncate text-fg-subtle">{row.title.clone()}</span>
                            <label class="flex min-w-0 items-center gap-2">
                                <input type="radio" name=group.clone() prop:checked=move || !theirs_chosen() on:change=move |_| choose(false) />
                                <span class="truncate text-fg">{row.ours.clone()}</span>
                            </label>
                            <label class="flex min-w-0 items-center gap-2">
                                <input type="radio" name=group prop:checked=theirs_chosen on:change=move |_| choose(true) />
                                <span class="truncate text-fg">{row.theirs.clone()}</span>
                            </label>
                        </fieldset>
                    }
                })
                .collect_view()
                .into_any()
        };
        Some(view! {
            <div class="mt-3">
                <div class="grid grid-cols-[9rem_1fr_1fr] gap-3 pb-2 text-xs font-medium text-fg-subtle uppercase">
                    <span></span>
                    <span class="truncate">{format!("This: {our_name}")}</span>
                    <span class="truncate">{format!("Duplicate: {their_name}")}</span>
                </div>
                {body}
                <p class="mt-3 text-fg-subtle">
                    "Other values are kept from whichever record has one; multi-value attributes are joined. List entries, notes, tasks and comments move to the merged record, and both records are replaced by it."
                </p>
                <div class="mt-4 flex justify-end gap-2">
                    <button type="button" class="rounded-md px-3 py-1.5 text-fg-muted hover:bg-raised" on:click=move |_| other.set(None)>
                        "Back"
                    </button>
                    <button
                        type="button"
                        disabled=move || busy.get()
                        class="rounded-md bg-accent px-3 py-1.5 font-medium text-accent-fg hover:bg-accent-hover disabled:opacity-60"
                        on:click=move |ev| confirm.with_value(|confirm| confirm(ev))
                    >
                        "Merge records"
                    </button>
                </div>
            </div>
        })
    };

    view! {
        <button
            type="button"
            class="ml-auto rounded-md border border-line px-2.5 py-1 text-fg-muted hover:bg-raised hover:text-fg"
            on:click=move |_| {
                other.set(None);
                query.set(String::new());
                open.set(true);
            }
        >
            "Merge…"
        </button>
        <Show when=move || open.get()>
            <div class="fixed inset-0 z-50 bg-black/30 dark:bg-black/50" on:click=move |_| open.set(false)></div>
            <div
                role="dialog"
                aria-modal="true"
                aria-label="Merge records"
                class="fixed top-20 left-1/2 z-50 w-[44rem] max-w-[calc(100vw-2rem)] -translate-x-1/2 rounded-xl border border-line bg-canvas p-5 shadow-2xl"
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Escape" {
                        open.set(false);
                    }
                }
            >
                <h2 class="text-base font-semibold text-fg">"Merge with a duplicate"</h2>
                <Show
                    when=move || other.with(Option::is_some)
                    fallback=move || {
                        view! {
                            <input
                                aria-label="Find the duplicate"
                                placeholder="Find the duplicate by name, e-mail or domain…"
                                class="mt-3 w-full rounded-md border border-line-strong bg-canvas px-3 py-2 text-fg placeholder:text-fg-faint focus:border-focus focus:ring-2 focus:ring-focus/25 focus:outline-none"
                                prop:value=move || query.get()
                                on:input=move |ev| query.set(event_target_value(&ev))
                            />
                            <ul class="mt-2 max-h-72 overflow-y-auto">{results}</ul>
                        }
                    }
                >
                    {side_by_side}
                </Show>
                {move || error.get().map(|m| view! { <p role="alert" class="mt-3 text-danger">{m}</p> })}
            </div>
        </Show>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record(values: Value) -> Record {
        serde_json::from_value(json!({
            "id": {"workspace_id": "01a24248-12d3-770a-a26b-ce785de61364", "object_id": "01a24248-12da-7376-8705-666962e87a7e", "record_id": "01a24248-c997-70f9-8e95-937550de0849"},
            "created_at": "2026-12-04T00:00:00Z",
            "web_url": "http://x",
            "values": values,
        }))
        .unwrap()
    }

    fn attribute(slug: &str, kind: &str) -> Attribute {
        serde_json::from_value(json!({
            "id": {"workspace_id": "01a24248-12d3-770a-a26b-ce785de61364", "object_id": "01a24248-12da-7376-8705-666962e87a7e", "attribute_id": "01a24248-12da-7376-8705-666962e87a7f"},
            "title": slug, "description": null, "api_slug": slug, "type": kind,
            "is_system_attribute": false, "is_writable": true, "is_required": false, "is_unique": false,
            "is_multiselect": false, "is_default_value_enabled": false, "is_archived": false,
            "default_value": null, "relationship": null, "created_at": "2026-12-04T00:00:00Z",
            "config": {"currency": {"default_currency_code": null, "display_type": null}, "record_reference": {"allowed_object_ids": null}}
        }))
        .unwrap()
    }

    #[test]
    fn only_conflicting_values_are_offered() {
        let attributes = [attribute("name", "text"), attribute("description", "text"), attribute("value", "number")];
        let ours = record(json!({"name": [{"value": "Acme"}], "description": [{"value": "Same"}]}));
        let theirs = record(
            json!({"name": [{"value": "ACME Inc"}], "description": [{"value": "Same"}], "value": [{"value": 5}]}),
        );
        let offered: Vec<String> = choices(&attributes, &ours, &theirs).into_iter().map(|c| c.slug).collect();
        assert_eq!(offered, ["name"]);
    }
}
