//! The signed-in frame: sidebar on the left, the matched page on the right. A transition,
//! not a suspense: the palette's searches inside it must not unmount the frame while they load.

use crate::components::error_notice::ErrorNotice;
use crate::components::sidebar::Sidebar;
use crate::functions::{load_workspace, AppError, WorkspaceSummary};
use crate::live::Live;
use crate::palette::{Palette, PaletteOpen};
use crate::store::RecordStore;
use leptos::prelude::*;
use leptos_router::components::Outlet;

/// The workspace summary, shared with the pages under the shell.
#[derive(Clone, Copy)]
pub struct WorkspaceResource(pub Resource<Result<WorkspaceSummary, AppError>>);

#[component]
pub fn AppShell() -> impl IntoView {
    let workspace = Resource::new(|| (), |_| load_workspace());
    provide_context(WorkspaceResource(workspace));
    provide_context(PaletteOpen(RwSignal::new(false)));
    RecordStore::provide();
    Live::provide();

    view! {
        <div class="flex h-screen overflow-hidden bg-canvas text-sm text-fg">
            <Transition fallback=|| {
                view! { <aside class="w-60 shrink-0 border-r border-line bg-panel"></aside> }
            }>
                {move || Suspend::new(async move {
                    match workspace.await {
                        Ok(summary) => {
                            view! {
                                <Sidebar workspace=summary.clone() />
                                <Palette workspace=summary />
                            }
                                .into_any()
                        }
                        Err(error) => view! { <ErrorNotice error=error /> }.into_any(),
                    }
                })}
            </Transition>
            <main class="flex min-w-0 flex-1 flex-col">
                <Outlet />
            </main>
        </div>
    }
}
