//! `/settings/keys`: the workspace's API keys. A new key gets a name and, per area, no access,
//! read, or read and write (Attio's scopes); its secret is shown once, with a copy button. A
//! revoked key fails on its next request.

use super::SettingsFrame;
use crate::components::dialog::Dialog;
use crate::components::error_notice::ErrorNotice;
use crate::components::ui::{BUTTON, BUTTON_DANGER, BUTTON_PRIMARY, FIELD};
use crate::functions::{create_key, list_keys, revoke_key};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use model::wire::ApiKeySummary;

/// The areas a key is scoped to, as Attio groups them, with what they cover.
const AREAS: [(&str, &str); 9] = [
    ("record_permission", "Records"),
    ("object_configuration", "Objects and attributes"),
    ("list_entry", "List entries"),
    ("list_configuration", "Lists and their attributes"),
    ("note", "Notes"),
    ("task", "Tasks"),
    ("comment", "Comments"),
    ("webhook", "Webhooks"),
    ("user_management", "Workspace members"),
];

#[component]
pub fn KeysPage() -> impl IntoView {
    let keys = Resource::new(|| (), |_| list_keys());
    let changed = Callback::new(move |_: ()| keys.refetch());
    let body = move || {
        Suspend::new(async move {
            match keys.await {
                Ok(keys) => view! { <KeyList keys=keys changed=changed /> }.into_any(),
                Err(error) => view! { <ErrorNotice error=error /> }.into_any(),
            }
        })
    };
    view! {
        <Title text="API keys · Settings" />
        <SettingsFrame trail=vec![("Settings".into(), "/settings".into())] title="API keys".into()>
            <div class="mt-4 flex items-center">
                <p class="text-sm text-fg-subtle">"Integrations call the /v2 API with a key, within its scopes."</p>
                <div class="ml-auto">
                    <NewKey changed=changed />
                </div>
            </div>
            <Transition fallback=|| view! { <p class="mt-6 text-fg-faint">"Loading…"</p> }>{body}</Transition>
        </SettingsFrame>
    }
}

#[component]
fn KeyList(keys: Vec<ApiKeySummary>, changed: Callback<()>) -> impl IntoView {
    if keys.is_empty() {
        return view! { <p class="mt-6 text-sm text-fg-subtle">"No keys yet."</p> }.into_any();
    }
    let error = RwSignal::new(None::<String>);
    let rows = keys
        .into_iter()
        .map(|key| {
            let ApiKeySummary { id, name, scopes, created_at, revoked_at } = key;
            let confirming = RwSignal::new(false);
            let id = StoredValue::new(id.to_string());
            let revoke = move |_| {
                spawn_local(async move {
                    match revoke_key(id.get_value()).await {
                        Ok(()) => changed.run(()),
                        Err(e) => error.set(Some(e.to_string())),
                    }
                });
            };
            let label = format!("Revoke {name}");
            let state = match revoked_at {
                Some(at) => view! { <span class="text-xs text-fg-subtle">{format!("Revoked {}", at.format("%Y-%m-%d"))}</span> }
                    .into_any(),
                None => view! {
                    <Show
                        when=move || confirming.get()
                        fallback=move || {
                            view! {
                                <button type="button" class=BUTTON aria-label=label.clone() on:click=move |_| confirming.set(true)>
                                    "Revoke"
                                </button>
                            }
                        }
                    >
                        <span class="text-xs text-fg-muted">"Integrations using it stop working."</span>
                        <button type="button" class=BUTTON_DANGER on:click=revoke>
                            "Revoke key"
                        </button>
                        <button type="button" class=BUTTON on:click=move |_| confirming.set(false)>
                            "Keep"
                        </button>
                    </Show>
                }
                .into_any(),
            };
            let scopes = scopes
                .into_iter()
                .map(|s| view! { <span class="rounded bg-raised px-1.5 py-0.5 font-mono text-[11px] text-fg-muted">{s}</span> })
                .collect_view();
            view! {
                <li class="flex items-start gap-4 px-4 py-3">
                    <div class="min-w-0 flex-1">
                        <p class="font-medium text-fg">{name}</p>
                        <p class="text-xs text-fg-subtle">{format!("Created {}", created_at.format("%Y-%m-%d"))}</p>
                        <div class="mt-1.5 flex flex-wrap gap-1">{scopes}</div>
                    </div>
                    <div class="flex shrink-0 items-center gap-2">{state}</div>
                </li>
            }
        })
        .collect_view();
    view! {
        <p role="alert" class="mt-2 text-sm text-danger empty:hidden">{move || error.get()}</p>
        <ul aria-label="API keys" class="mt-4 divide-y divide-line overflow-hidden rounded-lg border border-line">
            {rows}
        </ul>
    }
    .into_any()
}

/// "+ New key": a name and each area's access; then the secret, once.
#[component]
fn NewKey(changed: Callback<()>) -> impl IntoView {
    let open = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let access: Vec<RwSignal<String>> = AREAS.iter().map(|_| RwSignal::new("read".to_owned())).collect();
    let access = StoredValue::new(access);
    let secret = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let scopes: Vec<String> = access.with_value(|access| {
            AREAS
                .iter()
                .zip(access)
                .filter_map(|((area, _), level)| {
                    let level = level.get_untracked();
                    (!level.is_empty()).then(|| format!("{area}:{level}"))
                })
                .collect()
        });
        spawn_local(async move {
            match create_key(name.get_untracked(), scopes).await {
                Ok(token) => {
                    error.set(None);
                    secret.set(Some(token));
                    changed.run(());
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let close = move || {
        open.set(false);
        secret.set(None);
        name.set(String::new());
    };
    let copy = move |_| {
        if let Some(token) = secret.get_untracked() {
            let _ = window().navigator().clipboard().write_text(&token);
        }
    };
    let areas = move || {
        access.with_value(|access| {
            AREAS
                .iter()
                .zip(access.iter().copied())
                .map(|((_, title), level)| {
                    view! {
                        <label class="flex items-center justify-between gap-3 py-1 text-sm text-fg">
                            {*title}
                            <select class=format!("{FIELD} w-40 py-1") bind:value=level>
                                <option value="">"No access"</option>
                                <option value="read">"Read"</option>
                                <option value="read-write">"Read and write"</option>
                            </select>
                        </label>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <button type="button" class=BUTTON_PRIMARY on:click=move |_| open.set(true)>
            "+ New key"
        </button>
        <Dialog open=open title="New API key".into()>
            <Show
                when=move || secret.get().is_some()
                fallback=move || {
                    view! {
                        <form class="mt-3 space-y-3" on:submit=submit>
                            <label class="block text-xs font-medium text-fg-subtle">
                                "Name"
                                <input class=format!("{FIELD} mt-1 block w-full") required placeholder="Zapier" bind:value=name />
                            </label>
                            <fieldset>
                                <legend class="text-xs font-medium text-fg-subtle">"Access"</legend>
                                <div class="mt-1 divide-y divide-line">{areas}</div>
                            </fieldset>
                            <p role="alert" class="text-sm text-danger empty:hidden">{move || error.get()}</p>
                            <div class="flex justify-end gap-2 pt-1">
                                <button type="button" class=BUTTON on:click=move |_| close()>
                                    "Cancel"
                                </button>
                                <button type="submit" class=BUTTON_PRIMARY>
                                    "Create key"
                                </button>
                            </div>
                        </form>
                    }
                }
            >
                <p class="mt-3 text-sm text-fg-muted">"Copy the key now: it is not shown again."</p>
                <div class="mt-2 flex items-center gap-2">
                    <code aria-label="The new key" class="min-w-0 flex-1 rounded-md border border-line bg-panel px-2.5 py-1.5 font-mono text-xs break-all text-fg">
                        {move || secret.get()}
                    </code>
                    <button type="button" class=BUTTON on:click=copy>
                        "Copy"
                    </button>
                </div>
                <div class="mt-4 flex justify-end">
                    <button type="button" class=BUTTON_PRIMARY on:click=move |_| close()>
                        "Done"
                    </button>
                </div>
            </Show>
        </Dialog>
    }
}
