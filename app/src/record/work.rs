//! The record's notes (markdown rendered) and tasks, newest first.

use super::markdown::to_html;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use model::wire::{Note, Task};

fn when(t: DateTime<Utc>) -> String {
    t.format("%b %-d, %Y").to_string()
}

#[component]
pub fn Work(notes: Vec<Note>, tasks: Vec<Task>) -> impl IntoView {
    let open = tasks.iter().filter(|t| !t.is_completed).count();
    let (has_tasks, has_notes) = (!tasks.is_empty(), !notes.is_empty());
    let task_items = tasks
        .into_iter()
        .map(|task| {
            let deadline = task.deadline_at.as_deref().and_then(|d| DateTime::parse_from_rfc3339(d).ok()).map(|d| {
                format!("Due {}", when(d.with_timezone(&Utc)))
            });
            let done = task.is_completed;
            view! {
                <li class="flex items-start gap-3 px-3 py-2.5">
                    <span
                        role="img"
                        aria-label=if done { "Completed" } else { "Open" }
                        class=if done {
                            "mt-0.5 inline-grid size-4 shrink-0 place-items-center rounded-full border border-accent bg-accent text-[10px] leading-none text-accent-fg"
                        } else {
                            "mt-0.5 inline-block size-4 shrink-0 rounded-full border border-line-strong"
                        }
                    >
                        {done.then_some("✓")}
                    </span>
                    <div class="min-w-0">
                        <p class=if done { "text-fg-subtle line-through" } else { "text-fg" }>
                            {task.content_plaintext}
                        </p>
                        <p class="text-xs text-fg-subtle">{deadline}</p>
                    </div>
                </li>
            }
        })
        .collect_view();
    let note_items = notes
        .into_iter()
        .map(|note| {
            let html = to_html(&note.content_markdown);
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
        .collect_view();
    view! {
        <section aria-labelledby="tasks-heading" class="mt-8">
            <h2 id="tasks-heading" class="flex items-center gap-2 font-medium text-fg">
                "Tasks"
                <span class="rounded-full bg-raised px-1.5 text-xs text-fg-subtle tabular-nums">{open}" open"</span>
            </h2>
            {if has_tasks {
                view! { <ul class="mt-2 divide-y divide-line-soft rounded-lg border border-line">{task_items}</ul> }
                    .into_any()
            } else {
                view! { <p class="mt-2 text-fg-subtle">"No tasks yet."</p> }.into_any()
            }}
        </section>
        <section aria-labelledby="notes-heading" class="mt-8">
            <h2 id="notes-heading" class="font-medium text-fg">"Notes"</h2>
            {if has_notes {
                view! { <div class="mt-2 space-y-3">{note_items}</div> }.into_any()
            } else {
                view! { <p class="mt-2 text-fg-subtle">"No notes yet."</p> }.into_any()
            }}
        </section>
    }
}
