//! Comment threads on the record: read them, start one, reply in one. Comments are written
//! through the service function of `POST /v2/comments`, as the signed-in member.

use super::activity::{actor_name, moment};
use crate::components::ui::{BUTTON, BUTTON_PRIMARY, FIELD};
use crate::functions::add_comment;
use leptos::prelude::*;
use leptos::task::spawn_local;
use model::wire::{Comment, Thread};
use std::collections::HashMap;

#[component]
pub fn Comments(
    object: String,
    record_id: String,
    /// The page's threads, which changes made by others replace.
    threads: RwSignal<Vec<Thread>>,
    members: HashMap<String, String>,
) -> impl IntoView {
    let members = StoredValue::new(members);
    let target = StoredValue::new((object, record_id));
    let error = RwSignal::new(None::<String>);

    // Posts `content` in `thread` (a new thread when `None`), then runs `done`.
    let post = move |thread: Option<String>, content: String, done: Callback<()>| {
        if content.trim().is_empty() {
            return;
        }
        let (object, record) = target.get_value();
        spawn_local(async move {
            match add_comment(object, record, thread, content).await {
                Ok(comment) => {
                    threads.update(|all| place(all, comment));
                    error.set(None);
                    done.run(());
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };

    let draft = RwSignal::new(String::new());
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        post(None, draft.get_untracked(), Callback::new(move |_| draft.set(String::new())));
    };
    let list = move || {
        threads
            .get()
            .into_iter()
            .map(|thread| {
                let id = thread.id.thread_id.to_string();
                let reply = RwSignal::new(String::new());
                let answer = {
                    let id = id.clone();
                    move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        post(Some(id.clone()), reply.get_untracked(), Callback::new(move |_| reply.set(String::new())));
                    }
                };
                let comments = thread
                    .comments
                    .into_iter()
                    .map(|c| {
                        let who = members.with_value(|m| actor_name(Some(&c.author), m));
                        view! {
                            <li class="px-3 py-2.5">
                                <p class="text-xs">
                                    <span class="font-medium text-fg">{who}</span>
                                    <time class="ml-2 text-fg-subtle" datetime=c.created_at.to_rfc3339()>
                                        {moment(c.created_at)}
                                    </time>
                                </p>
                                <p class="mt-0.5 whitespace-pre-wrap text-fg-muted">{c.content_plaintext}</p>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <li class="rounded-lg border border-line bg-canvas">
                        <ol aria-label="Thread" class="divide-y divide-line-soft">{comments}</ol>
                        <form on:submit=answer class="flex gap-2 border-t border-line-soft p-2">
                            <input
                                aria-label="Reply"
                                placeholder="Reply…"
                                class=format!("{FIELD} min-w-0 flex-1")
                                prop:value=move || reply.get()
                                on:input=move |ev| reply.set(event_target_value(&ev))
                            />
                            <button type="submit" class=BUTTON>"Reply"</button>
                        </form>
                    </li>
                }
            })
            .collect_view()
    };

    view! {
        <section aria-labelledby="comments-heading" class="mt-8">
            <h2 id="comments-heading" class="font-medium text-fg">"Comments"</h2>
            {move || error.get().map(|m| view! { <p role="alert" class="mt-2 rounded-md bg-danger-soft px-3 py-2 text-danger">{m}</p> })}
            <ul class="mt-2 space-y-3">{list}</ul>
            <form on:submit=start class="mt-3 flex items-start gap-2">
                <textarea
                    aria-label="New comment"
                    placeholder="Comment…"
                    rows="2"
                    class=format!("{FIELD} min-w-0 flex-1")
                    prop:value=move || draft.get()
                    on:input=move |ev| draft.set(event_target_value(&ev))
                ></textarea>
                <button type="submit" class=BUTTON_PRIMARY>"Comment"</button>
            </form>
        </section>
    }
}

/// Puts a new comment at the end of its thread, or of the list as a new thread.
fn place(threads: &mut Vec<Thread>, comment: Comment) {
    match threads.iter_mut().find(|t| t.id.thread_id == comment.thread_id) {
        Some(thread) => thread.comments.push(comment),
        None => threads.push(Thread {
            id: model::wire::ThreadIdent { workspace_id: comment.id.workspace_id, thread_id: comment.thread_id },
            created_at: comment.created_at,
            comments: vec![comment],
        }),
    }
}
