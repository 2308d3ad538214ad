//! The record's tasks and notes (markdown rendered): add them (a task with a deadline and an
//! assignee), complete and reopen tasks.
//! A task's box ticks at once and unticks again with the server's message if it refuses.

use crate::components::ui::{BUTTON_PRIMARY, FIELD};
use crate::functions::{add_note, add_task, set_task_completed, NoteView};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use model::wire::Task;
use std::collections::HashMap;

fn when(t: DateTime<Utc>) -> String {
    t.format("%b %-d, %Y").to_string()
}

#[component]
pub fn Work(
    object: String,
    record_id: String,
    notes: RwSignal<Vec<NoteView>>,
    tasks: RwSignal<Vec<Task>>,
    /// Workspace members' names by id: who a task can be assigned to.
    members: HashMap<String, String>,
) -> impl IntoView {
    let mut people: Vec<(String, String)> = members.into_iter().collect();
    people.sort_by(|a, b| a.1.cmp(&b.1));
    let people = StoredValue::new(people);
    let target = StoredValue::new((object, record_id));
    let error = RwSignal::new(None::<String>);

    let open = move || tasks.with(|t| t.iter().filter(|t| !t.is_completed).count());
    let toggle = move |index: usize| {
        let Some(task) = tasks.with_untracked(|t| t.get(index).cloned()) else { return };
        let done = !task.is_completed;
        tasks.update(|t| t[index].is_completed = done);
        spawn_local(async move {
            match set_task_completed(task.id.task_id.to_string(), done).await {
                Ok(saved) => tasks.update(|t| {
                    if let Some(slot) = t.iter_mut().find(|t| t.id == saved.id) {
                        *slot = saved;
                    }
                }),
                Err(e) => {
                    tasks.update(|t| {
                        if let Some(slot) = t.iter_mut().find(|t| t.id == task.id) {
                            slot.is_completed = task.is_completed;
                        }
                    });
                    error.set(Some(e.to_string()));
                }
            }
        });
    };

    let new_task = RwSignal::new(String::new());
    let new_deadline = RwSignal::new(String::new());
    let new_assignee = RwSignal::new(String::new());
    let adding_task = RwSignal::new(false);
    let submit_task = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let content = new_task.get_untracked();
        if content.trim().is_empty() {
            return;
        }
        adding_task.set(true);
        let (object, record) = target.get_value();
        let (deadline, assignee) = (Some(new_deadline.get_untracked()), Some(new_assignee.get_untracked()));
        spawn_local(async move {
            match add_task(object, record, content, deadline, assignee).await {
                Ok(task) => {
                    tasks.update(|t| t.insert(0, task));
                    new_task.set(String::new());
                    new_deadline.set(String::new());
                    new_assignee.set(String::new());
                    error.set(None);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
            adding_task.set(false);
        });
    };

    let note_title = RwSignal::new(String::new());
    let note_body = RwSignal::new(String::new());
    let adding_note = RwSignal::new(false);
    let submit_note = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (title, content) = (note_title.get_untracked(), note_body.get_untracked());
        if title.trim().is_empty() && content.trim().is_empty() {
            return;
        }
        adding_note.set(true);
        let (object, record) = target.get_value();
        spawn_local(async move {
            match add_note(object, record, title, content).await {
                Ok(note) => {
                    notes.update(|n| n.insert(0, note));
                    note_title.set(String::new());
                    note_body.set(String::new());
                    error.set(None);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
            adding_note.set(false);
        });
    };

    let task_list = move || {
        tasks
            .get()
            .into_iter()
            .enumerate()
            .map(|(index, task)| {
                let deadline = task
                    .deadline_at
                    .as_deref()
                    .and_then(|d| DateTime::parse_from_rfc3339(d).ok())
                    .map(|d| format!("Due {}", when(d.with_timezone(&Utc))));
                let assigned = people.with_value(|people| {
                    task.assignees
                        .iter()
                        .filter_map(|a| people.iter().find(|(id, _)| *id == a.referenced_actor_id))
                        .map(|(_, name)| name.clone())
                        .collect::<Vec<_>>()
                        .join(", ")
                });
                let details = [deadline, (!assigned.is_empty()).then(|| format!("For {assigned}"))]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · ");
                let done = task.is_completed;
                let label = format!("{}: {}", if done { "Reopen" } else { "Complete" }, task.content_plaintext);
                view! {
                    <li class="flex items-start gap-3 px-3 py-2.5">
                        <button
                            type="button"
                            role="checkbox"
                            aria-checked=done.to_string()
                            aria-label=label
                            on:click=move |_| toggle(index)
                            class=if done {
                                "mt-0.5 inline-grid size-4 shrink-0 place-items-center rounded-full border border-accent bg-accent text-[10px] leading-none text-accent-fg focus-visible:outline-2 focus-visible:outline-focus"
                            } else {
                                "mt-0.5 inline-block size-4 shrink-0 rounded-full border border-line-strong hover:border-fg-subtle focus-visible:outline-2 focus-visible:outline-focus"
                            }
                        >
                            {done.then_some("✓")}
                        </button>
                        <div class="min-w-0">
                            <p class=if done { "text-fg-subtle line-through" } else { "text-fg" }>
                                {task.content_plaintext}
                            </p>
                            <p class="text-xs text-fg-subtle">{details}</p>
                        </div>
                    </li>
                }
            })
            .collect_view()
    };
    let note_list = move || {
        notes
            .get()
            .into_iter()
            .map(|NoteView { note, html }| {
                view! {
                    <article class="rounded-lg border border-line bg-canvas p-4">
                        <header class="flex items-baseline justify-between gap-3">
                            <h3 class="font-medium text-fg">{note.title}</h3>
                            <time class="shrink-0 text-xs text-fg-subtle" datetime=note.created_at.to_rfc3339()>
                                {when(note.created_at)}
                            </time>
                        </header>
                        <div class="note-body mt-2 text-fg-muted" inner_html=html></div>
                    </article>
                }
            })
            .collect_view()
    };

    view! {
        {move || error.get().map(|message| view! { <p role="alert" class="mt-4 rounded-md bg-danger-soft px-3 py-2 text-danger">{message}</p> })}
        <section aria-labelledby="tasks-heading" class="mt-8">
            <h2 id="tasks-heading" class="flex items-center gap-2 font-medium text-fg">
                "Tasks"
                <span class="rounded-full bg-raised px-1.5 text-xs text-fg-subtle tabular-nums">{open}" open"</span>
            </h2>
            <form on:submit=submit_task class="mt-2 flex gap-2">
                <input
                    aria-label="New task"
                    placeholder="Add a task…"
                    class=format!("{FIELD} min-w-0 flex-1")
                    prop:value=move || new_task.get()
                    on:input=move |ev| new_task.set(event_target_value(&ev))
                />
                <input
                    type="date"
                    aria-label="Due date"
                    class=format!("{FIELD} w-40 shrink-0")
                    prop:value=move || new_deadline.get()
                    on:input=move |ev| new_deadline.set(event_target_value(&ev))
                />
                <select
                    aria-label="Assignee"
                    class=format!("{FIELD} w-36 shrink-0")
                    prop:value=move || new_assignee.get()
                    on:change=move |ev| new_assignee.set(event_target_value(&ev))
                >
                    <option value="">"No assignee"</option>
                    {people
                        .get_value()
                        .into_iter()
                        .map(|(id, name)| view! { <option value=id>{name}</option> })
                        .collect_view()}
                </select>
                <button type="submit" class=format!("{BUTTON_PRIMARY} shrink-0") disabled=move || adding_task.get()>
                    "Add"
                </button>
            </form>
            <Show
                when=move || tasks.with(|t| !t.is_empty())
                fallback=|| view! { <p class="mt-2 text-fg-subtle">"No tasks yet."</p> }
            >
                <ul class="mt-2 divide-y divide-line-soft rounded-lg border border-line">{task_list}</ul>
            </Show>
        </section>
        <section aria-labelledby="notes-heading" class="mt-8">
            <h2 id="notes-heading" class="font-medium text-fg">"Notes"</h2>
            <form on:submit=submit_note class="mt-2 space-y-2 rounded-lg border border-line p-3">
                <input
                    aria-label="Note title"
                    placeholder="Title"
                    class=format!("{FIELD} w-full")
                    prop:value=move || note_title.get()
                    on:input=move |ev| note_title.set(event_target_value(&ev))
                />
                <textarea
                    aria-label="Note"
                    placeholder="Write a note… Markdown works."
                    rows="3"
                    class=format!("{FIELD} w-full")
                    prop:value=move || note_body.get()
                    on:input=move |ev| note_body.set(event_target_value(&ev))
                ></textarea>
                <div class="flex justify-end">
                    <button type="submit" class=BUTTON_PRIMARY disabled=move || adding_note.get()>"Add note"</button>
                </div>
            </form>
            <Show
                when=move || notes.with(|n| !n.is_empty())
                fallback=|| view! { <p class="mt-2 text-fg-subtle">"No notes yet."</p> }
            >
                <div class="mt-3 space-y-3">{note_list}</div>
            </Show>
        </section>
     }
    .into_any()
}
