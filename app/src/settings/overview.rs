//! `/settings`: the workspace's objects and lists, each leading to its attributes; a new
//! object is created here and appears in the sidebar at once.

use super::{SettingsFrame, SluggedName};
use crate::components::dialog::Dialog;
use crate::components::error_notice::ErrorNotice;
use crate::components::object_badge::ObjectBadge;
use crate::components::ui::{BUTTON, BUTTON_PRIMARY, FIELD};
use crate::functions::{create_object, load_settings, SettingsIndex};
use crate::layouts::app_shell::WorkspaceResource;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;

const ROW: &str =
    "flex items-center gap-3 px-4 py-2.5 hover:bg-raised focus-visible:outline-2 focus-visible:outline-focus";

#[component]
pub fn Overview() -> impl IntoView {
    let index = Resource::new(|| (), |_| load_settings());
    let WorkspaceResource(workspace) = expect_context();
    // A new object: in this list and in the sidebar.
    let created = Callback::new(move |_: ()| {
        index.refetch();
        workspace.refetch();
    });
    let body = move || {
        Suspend::new(async move {
            match index.await {
                Ok(index) => view! { <Listing index=index created=created /> }.into_any(),
                Err(error) => view! { <ErrorNotice error=error /> }.into_any(),
            }
        })
    };
    view! {
        <Title text="Settings" />
        <SettingsFrame title="Settings".into()>
            <Transition fallback=|| view! { <p class="mt-6 text-fg-faint">"Loading…"</p> }>{body}</Transition>
        </SettingsFrame>
    }
}

#[component]
fn Listing(index: SettingsIndex, created: Callback<()>) -> impl IntoView {
    let objects = index
        .objects
        .into_iter()
        .map(|object| {
            let href = format!("/settings/objects/{}", object.api_slug);
            view! {
                <li>
                    <a href=href class=ROW>
                        <ObjectBadge slug=object.api_slug.clone() name=object.plural_noun.clone() />
                        <span class="font-medium text-fg">{object.plural_noun}</span>
                        <span class="font-mono text-xs text-fg-subtle">{object.api_slug}</span>
                        <span class="ml-auto text-xs text-fg-subtle">"Attributes →"</span>
                    </a>
                </li>
            }
        })
        .collect_view();
    let no_lists = index.lists.is_empty().then(|| view! { <p class="mt-2 text-sm text-fg-subtle">"No lists yet."</p> });
    let lists = index
        .lists
        .into_iter()
        .map(|list| {
            let href = format!("/settings/lists/{}", list.api_slug);
            let parent = list.parent_object.first().cloned().unwrap_or_default();
            view! {
                <li>
                    <a href=href class=ROW>
                        <ObjectBadge slug=parent.clone() name=list.name.clone() />
                        <span class="font-medium text-fg">{list.name}</span>
                        <span class="font-mono text-xs text-fg-subtle">{list.api_slug}</span>
                        <span class="ml-auto text-xs text-fg-subtle">{format!("Entries of {parent} · Attributes →")}</span>
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="objects-heading" class="mt-6">
            <div class="flex items-center">
                <h2 id="objects-heading" class="text-sm font-semibold text-fg">"Objects"</h2>
                <div class="ml-auto">
                    <NewObject created=created />
                </div>
            </div>
            <ul class="mt-2 divide-y divide-line overflow-hidden rounded-lg border border-line">{objects}</ul>
        </section>
        <section aria-labelledby="integrations-heading" class="mt-8">
            <h2 id="integrations-heading" class="text-sm font-semibold text-fg">"Integrations"</h2>
            <ul class="mt-2 divide-y divide-line overflow-hidden rounded-lg border border-line">
                <li>
                    <a href="/settings/keys" class=ROW>
                        <span class="font-medium text-fg">"API keys"</span>
                        <span class="text-xs text-fg-subtle">"Keys with scopes for the /v2 API"</span>
                        <span class="ml-auto text-xs text-fg-subtle">"→"</span>
                    </a>
                </li>
            </ul>
        </section>
        <section aria-labelledby="lists-heading" class="mt-8">
            <h2 id="lists-heading" class="text-sm font-semibold text-fg">"Lists"</h2>
            {no_lists}
            <ul class="mt-2 divide-y divide-line overflow-hidden rounded-lg border border-line empty:hidden">{lists}</ul>
        </section>
    }
}

/// "+ New object": its nouns and slug, the slug following the plural noun until edited.
#[component]
fn NewObject(created: Callback<()>) -> impl IntoView {
    let open = RwSignal::new(false);
    let (singular, plural, slug) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let (s, p, api_slug) = (singular.get_untracked(), plural.get_untracked(), slug.get_untracked());
        spawn_local(async move {
            let result = create_object(s, p, api_slug).await;
            busy.set(false);
            match result {
                Ok(_) => {
                    open.set(false);
                    for field in [singular, plural, slug] {
                        field.set(String::new());
                    }
                    error.set(None);
                    created.run(());
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <button type="button" class=BUTTON_PRIMARY on:click=move |_| open.set(true)>
            "+ New object"
        </button>
        <Dialog open=open title="New object".into()>
            <form class="mt-3 space-y-3" on:submit=submit>
                <label class="block text-xs font-medium text-fg-subtle">
                    "Singular noun"
                    <input class=format!("{FIELD} mt-1 block w-full") required placeholder="Invoice" bind:value=singular />
                </label>
                <SluggedName
                    name_label="Plural noun"
                    placeholder="Invoices"
                    slug_label="Slug, as the API names it"
                    name=plural
                    slug=slug
                />
                <p role="alert" class="text-sm text-danger empty:hidden">{move || error.get()}</p>
                <div class="flex justify-end gap-2 pt-1">
                    <button type="button" class=BUTTON on:click=move |_| open.set(false)>
                        "Cancel"
                    </button>
                    <button type="submit" class=BUTTON_PRIMARY disabled=move || busy.get()>
                        "Create object"
                    </button>
                </div>
            </form>
        </Dialog>
    }
}
