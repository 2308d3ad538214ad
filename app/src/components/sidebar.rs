//! The left sidebar: workspace, its objects, and the signed-in user.

use crate::functions::{Logout, WorkspaceSummary};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn Sidebar(workspace: WorkspaceSummary) -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    let pathname = use_location().pathname;
    let initial = workspace.name.chars().next().map(|c| c.to_uppercase().to_string()).unwrap_or_default();

    let email = workspace.user_email.unwrap_or_default();
    let email_title = email.clone();
    let links = workspace
        .objects
        .into_iter()
        .map(|object| {
            let href = format!("/objects/{}", object.api_slug);
            let is_active = {
                let href = href.clone();
                move || pathname.with(|path| *path == href)
            };
            let badge = object
                .plural_noun
                .chars()
                .next()
                .map(|c| c.to_uppercase().to_string())
                .unwrap_or_default();
            view! {
                <li>
                    <a
                        href=href
                        aria-current=move || is_active().then_some("page")
                        class="flex items-center gap-2 rounded-md px-2 py-1.5 text-gray-600 hover:bg-gray-100 hover:text-gray-900 aria-[current=page]:bg-gray-200/70 aria-[current=page]:font-medium aria-[current=page]:text-gray-900"
                    >
                        <span
                            aria-hidden="true"
                            class="grid size-5 shrink-0 place-items-center rounded bg-white text-[11px] font-semibold text-gray-500 ring-1 ring-gray-200"
                        >
                            {badge}
                        </span>
                        <span class="truncate">{object.plural_noun}</span>
                    </a>
                </li>
            }
        })
        .collect_view();

    view! {
        <aside class="flex w-60 shrink-0 flex-col border-r border-gray-200 bg-gray-50">
            <div class="flex h-12 items-center gap-2 border-b border-gray-200 px-4">
                <span
                    aria-hidden="true"
                    class="grid size-6 shrink-0 place-items-center rounded-md bg-gray-900 text-xs font-semibold text-white"
                >
                    {initial}
                </span>
                <span class="truncate font-semibold text-gray-900">{workspace.name}</span>
            </div>
            <nav aria-label="Objects" class="flex-1 overflow-y-auto p-2">
                <p class="px-2 pt-2 pb-1 text-xs font-medium text-gray-400">Records</p>
                <ul class="space-y-0.5">{links}</ul>
            </nav>
            <div class="flex items-center justify-between gap-2 border-t border-gray-200 px-4 py-3">
                <span class="truncate text-gray-600" title=email_title>
                    {email}
                </span>
                <ActionForm action=logout>
                    <button
                        type="submit"
                        class="rounded-md px-2 py-1 text-gray-500 hover:bg-gray-200/70 hover:text-gray-900"
                    >
                        "Log out"
                    </button>
                </ActionForm>
            </div>
        </aside>
    }
}
