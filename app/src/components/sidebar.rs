//! The left sidebar: workspace, its objects and lists with their saved views, and the
//! signed-in user.

use super::object_badge::ObjectBadge;
use super::theme::ThemeToggle;
use crate::functions::{Logout, ViewLink, WorkspaceSummary};
use crate::palette::{show, PaletteOpen};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};

fn initial(s: &str) -> String {
    s.chars().next().map(|c| c.to_uppercase().to_string()).unwrap_or_default()
}

#[component]
pub fn Sidebar(workspace: WorkspaceSummary) -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    let PaletteOpen(palette) = expect_context();
    let workspace_initial = initial(&workspace.name);

    let email = workspace.user_email.unwrap_or_default();
    let email_initial = initial(&email);
    let email_title = email.clone();
    let mut saved = workspace.views;
    let mut table = |href: String, badge: String, title: String, noun: String| {
        let views = saved.remove(&href).unwrap_or_default();
        view! { <TableLink href badge title noun views /> }
    };
    let objects = workspace
        .objects
        .into_iter()
        .map(|o| table(format!("/objects/{}", o.api_slug), o.api_slug, o.plural_noun, o.singular_noun))
        .collect_view();
    let has_lists = !workspace.lists.is_empty();
    let lists = workspace
        .lists
        .into_iter()
        .map(|l| table(format!("/lists/{}", l.slug), l.parent_object, l.name.clone(), l.name))
        .collect_view();

    view! {
        <aside class="flex w-60 shrink-0 flex-col border-r border-line bg-panel">
            <div class="flex h-12 items-center gap-2 border-b border-line px-4">
                <span
                    aria-hidden="true"
                    class="grid size-6 shrink-0 place-items-center rounded-md bg-accent text-xs font-semibold text-accent-fg"
                >
                    {workspace_initial}
                </span>
                <span class="truncate font-semibold text-fg">{workspace.name}</span>
            </div>
            <div class="px-2 pt-2">
                <button
                    type="button"
                    on:click=move |_| show(palette)
                    class="flex w-full items-center gap-2 rounded-md border border-line bg-canvas px-2 py-1.5 text-fg-subtle hover:text-fg"
                >
                    <svg
                        aria-hidden="true"
                        viewBox="0 0 24 24"
                        fill="none"
                        stroke="currentColor"
                        stroke-width="2"
                        stroke-linecap="round"
                        class="size-4"
                    >
                        <circle cx="11" cy="11" r="7" />
                        <path d="m20 20-3.5-3.5" />
                    </svg>
                    <span class="flex-1 text-left">"Search"</span>
                    <kbd class="rounded border border-line px-1 text-[11px] text-fg-subtle">"Ctrl K"</kbd>
                </button>
            </div>
            <nav aria-label="Objects" class="flex-1 overflow-y-auto p-2">
                <p class="px-2 pt-2 pb-1 text-xs font-medium text-fg-faint">Records</p>
                <ul class="space-y-0.5">{objects}</ul>
                {has_lists.then(|| view! { <p class="px-2 pt-4 pb-1 text-xs font-medium text-fg-faint">Lists</p> })}
                <ul aria-label="Lists" class="space-y-0.5">{lists}</ul>
            </nav>
            {workspace
                .is_admin
                .then(|| {
                    view! {
                        <div class="px-2 pb-2">
                            <a
                                href="/settings"
                                class="flex items-center gap-2 rounded-md px-2 py-1.5 text-fg-muted hover:bg-raised hover:text-fg focus-visible:outline-2 focus-visible:outline-focus"
                            >
                                <svg
                                    aria-hidden="true"
                                    viewBox="0 0 24 24"
                                    fill="none"
                                    stroke="currentColor"
                                    stroke-width="2"
                                    stroke-linecap="round"
                                    stroke-linejoin="round"
                                    class="size-4"
                                >
                                    <circle cx="12" cy="12" r="3" />
                                    <path d="M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z" />
                                </svg>
                                "Settings"
                            </a>
                        </div>
                    }
                })}
            <div class="flex items-center gap-2 border-t border-line py-2.5 pr-2 pl-3">
                <span
                    aria-hidden="true"
                    class="grid size-6 shrink-0 place-items-center rounded-full bg-raised text-xs font-semibold text-fg-muted"
                >
                    {email_initial}
                </span>
                <span class="min-w-0 flex-1 truncate text-fg-muted" title=email_title>
                    {email}
                </span>
                <ThemeToggle />
                <ActionForm action=logout attr:class="shrink-0">
                    <button
                        type="submit"
                        aria-label="Log out"
                        title="Log out"
                        class="grid size-7 place-items-center rounded-md text-fg-subtle hover:bg-raised hover:text-fg focus-visible:outline-2 focus-visible:outline-focus"
                    >
                        <svg
                            aria-hidden="true"
                            viewBox="0 0 24 24"
                            fill="none"
                            stroke="currentColor"
                            stroke-width="2"
                            stroke-linecap="round"
                            stroke-linejoin="round"
                            class="size-4"
                        >
                            <path d="M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4" />
                            <path d="m16 17 5-5-5-5" />
                            <path d="M21 12H9" />
                        </svg>
                    </button>
                </ActionForm>
            </div>
        </aside>
    }
}

/// A table in the sidebar, marked as current on its own address, and its saved views, each
/// current while it is open (its changes can then be saved to it).
#[component]
fn TableLink(href: String, badge: String, title: String, noun: String, views: Vec<ViewLink>) -> impl IntoView {
    let location = use_location();
    let (pathname, search) = (location.pathname, location.search);
    let query = use_query_map();
    let views = views
        .into_iter()
        .map(|view| {
            let current = {
                let (table, id) = (href.clone(), view.id.clone());
                move || pathname.with(|p| *p == table) && query.with(|q| q.get("view").as_deref() == Some(id.as_str()))
            };
            view! {
                <li>
                    <a
                        href=view.href
                        aria-current=move || current().then_some("page")
                        class="block truncate rounded-md py-1 pr-2 pl-9 text-fg-subtle hover:bg-raised hover:text-fg aria-[current=page]:bg-raised aria-[current=page]:text-fg"
                    >
                        {view.title}
                    </a>
                </li>
            }
        })
        .collect_view();
    let is_active = {
        let href = href.clone();
        move || pathname.with(|path| *path == href) && search.with(String::is_empty)
    };
    view! {
        <li>
            <a
                href=href
                aria-current=move || is_active().then_some("page")
                class="flex items-center gap-2 rounded-md px-2 py-1.5 text-fg-muted hover:bg-raised hover:text-fg aria-[current=page]:bg-raised aria-[current=page]:font-medium aria-[current=page]:text-fg"
            >
                <ObjectBadge slug=badge name=title.clone() />
                <span class="truncate">{title}</span>
            </a>
            <ul aria-label=format!("{noun} views")>{views}</ul>
        </li>
    }
}
