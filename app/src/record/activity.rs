//! The record's activity, newest first: each change of its values (who changed which
//! attribute from what to what), the record's creation, and its notes and tasks as they
//! were added.

use super::details::RecordState;
use crate::functions::{load_timeline, NoteView};
use crate::values::display::{pieces, ValueCell};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use model::wire::{Actor, Task, ValueChange};
use model::AttributeType;
use serde_json::Value;
use std::collections::HashMap;

/// Who did something, in words.
pub(super) fn actor_name(actor: Option<&Actor>, members: &HashMap<String, String>) -> String {
    let Some(actor) = actor else { return "Someone".into() };
    match actor.kind.as_deref() {
        Some("workspace-member") => actor
            .id
            .as_ref()
            .and_then(|id| members.get(id))
            .filter(|n| !n.is_empty())
            .cloned()
            .unwrap_or_else(|| "A member".into()),
        Some("api-token") => "An API key".into(),
        Some("system") => "The system".into(),
        _ => "Someone".into(),
    }
}

pub(super) fn moment(t: DateTime<Utc>) -> String {
    t.format("%b %-d, %Y %H:%M").to_string()
}

/// One line of the feed.
#[derive(Clone)]
enum Item {
    Created { at: DateTime<Utc>, actor: Option<Actor> },
    Changed(ValueChange, DateTime<Utc>),
    Note { at: DateTime<Utc>, actor: Actor, title: String },
    Task { at: DateTime<Utc>, actor: Actor, content: String },
}

impl Item {
    fn at(&self) -> DateTime<Utc> {
        match self {
            Item::Created { at, .. } | Item::Changed(_, at) | Item::Note { at, .. } | Item::Task { at, .. } => *at,
        }
    }
}

/// The feed's items, newest first: the writes made when the record was created read as one.
fn items(created_at: DateTime<Utc>, timeline: &[ValueChange], notes: &[NoteView], tasks: &[Task]) -> Vec<Item> {
    let mut out = Vec::new();
    let mut creator = None;
    for change in timeline {
        let Ok(at) = DateTime::parse_from_rfc3339(&change.at).map(|t| t.with_timezone(&Utc)) else { continue };
        if at == created_at && change.before.is_empty() {
            creator = creator.or_else(|| change.actor.clone());
        } else {
            out.push(Item::Changed(change.clone(), at));
        }
    }
    out.push(Item::Created { at: created_at, actor: creator });
    out.extend(notes.iter().map(|n| Item::Note {
        at: n.note.created_at,
        actor: n.note.created_by_actor.clone(),
        title: n.note.title.clone(),
    }));
    out.extend(tasks.iter().map(|t| Item::Task {
        at: t.created_at,
        actor: t.created_by_actor.clone(),
        content: t.content_plaintext.clone(),
    }));
    out.sort_by_key(|item| std::cmp::Reverse(item.at()));
    out
}

#[component]
pub fn Activity(
    state: RecordState,
    singular: String,
    timeline: Vec<ValueChange>,
    /// The page's notes and tasks: one added on the page shows here too.
    notes: RwSignal<Vec<NoteView>>,
    tasks: RwSignal<Vec<Task>>,
    members: HashMap<String, String>,
) -> impl IntoView {
    let created_at = state.record.with_untracked(|r| r.created_at);
    let timeline = RwSignal::new(timeline);
    let (members, singular) = (StoredValue::new(members), StoredValue::new(singular.to_lowercase()));
    // A value edited on the page (or merged into it) shows here once the server has it.
    Effect::new(move |seen: Option<()>| {
        let (object, id) = (state.object.get_value(), state.record.with(|r| r.id.record_id.to_string()));
        if seen.is_some() {
            spawn_local(async move {
                if let Ok(changes) = load_timeline(object, id).await {
                    timeline.set(changes);
                }
            });
        }
    });
    let shown = move |kind: AttributeType, values: &[Value]| {
        let p = state.nouns.with_value(|n| state.names.with_value(|m| pieces(kind, values, n, m)));
        if p.is_empty() {
            view! { <span class="text-fg-faint">"empty"</span> }.into_any()
        } else {
            view! { <ValueCell pieces=p /> }.into_any()
        }
    };
    let lines = move || {
        let feed = notes.with(|n| tasks.with(|t| timeline.with(|changes| items(created_at, changes, n, t))));
        members.with_value(|members| feed.into_iter().map(|item| {
            let at = item.at();
            let (who, what) = match item {
                Item::Created { actor, .. } => (
                    actor_name(actor.as_ref(), members),
                    view! { <span>{format!("created this {}", singular.get_value())}</span> }.into_any(),
                ),
                Item::Changed(change, _) => {
                    let who = actor_name(change.actor.as_ref(), members);
                    let title = view! { <span class="font-medium text-fg">{change.attribute_title.clone()}</span> };
                    let what = if change.after.is_empty() {
                        view! { <span>"cleared "{title}</span> }.into_any()
                    } else if change.before.is_empty() {
                        view! {
                            <span class="inline-flex flex-wrap items-center gap-1">
                                "set "{title}" to "{shown(change.attribute_type, &change.after)}
                            </span>
                        }
                        .into_any()
                    } else {
                        view! {
                            <span class="inline-flex flex-wrap items-center gap-1">
                                "changed "{title}" from "{shown(change.attribute_type, &change.before)}" to "
                                {shown(change.attribute_type, &change.after)}
                            </span>
                        }
                        .into_any()
                    };
                    (who, what)
                }
                Item::Note { actor, title, .. } => (
                    actor_name(Some(&actor), members),
                    view! { <span>"added the note "<span class="font-medium text-fg">{title}</span></span> }.into_any(),
                ),
                Item::Task { actor, content, .. } => (
                    actor_name(Some(&actor), members),
                    view! { <span>"added the task "<span class="font-medium text-fg">{content}</span></span> }
                        .into_any(),
                ),
            };
            view! {
                <li class="relative flex gap-3 pb-4 pl-5 before:absolute before:top-2 before:left-[5px] before:h-full before:w-px before:bg-line last:before:hidden">
                    <span aria-hidden="true" class="absolute top-1.5 left-0.5 size-2 rounded-full bg-line-strong"></span>
                    <div class="min-w-0 text-fg-muted">
                        <span class="font-medium text-fg">{who}</span>" "{what}
                        <time class="block text-xs text-fg-subtle" datetime=at.to_rfc3339()>{moment(at)}</time>
                    </div>
                </li>
            }
        }).collect_view())
    };
    view! {
        <section aria-labelledby="activity-heading" class="mt-8">
            <h2 id="activity-heading" class="font-medium text-fg">"Activity"</h2>
            <ol class="mt-3">{lines}</ol>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(at: &str, before: usize) -> ValueChange {
        ValueChange {
            attribute: "stage".into(),
            attribute_title: "Stage".into(),
            attribute_type: AttributeType::Status,
            at: at.into(),
            actor: None,
            before: vec![Value::Null; before],
            after: vec![Value::Null],
        }
    }

    #[test]
    fn the_writes_of_creation_read_as_one_line() {
        let created: DateTime<Utc> = "2026-01-01T10:00:00Z".parse().unwrap();
        let timeline = vec![
            change("2026-01-02T10:00:00.000000000Z", 1),
            change("2026-01-01T10:00:00.000000000Z", 0),
            change("2026-01-01T10:00:00.000000000Z", 0),
        ];
        let items = items(created, &timeline, &[], &[]);
        assert_eq!(items.len(), 2);
        assert!(matches!(items[0], Item::Changed(..)));
        assert!(matches!(items[1], Item::Created { .. }));
    }

    #[test]
    fn actors_are_named() {
        let members = HashMap::from([("m1".to_owned(), "Eve Doe".to_owned())]);
        let member = Actor { kind: Some("workspace-member".into()), id: Some("m1".into()) };
        assert_eq!(actor_name(Some(&member), &members), "Eve Doe");
        assert_eq!(actor_name(Some(&Actor { kind: Some("api-token".into()), id: None }), &members), "An API key");
        assert_eq!(actor_name(None, &members), "Someone");
    }
}
