//! Saved views from the table's toolbar: save the table's filter, sorts and columns under a
//! name, for the whole workspace (the sidebar lists it under its object or list); and, on a table
//! opened from a saved view, save the changes made since to it, rename it or delete it.

use super::source::Source;
use super::view_state::ViewState;
use crate::components::ui::{BUTTON, BUTTON_DANGER, BUTTON_PRIMARY, FIELD, MENU};
use crate::functions::{change_view, delete_view, save_view, AppError, ViewLink};
use crate::layouts::app_shell::WorkspaceResource;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

/// What the toolbar's view controls are doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Idle,
    Menu,
    /// Naming a new view.
    Saving,
    Renaming,
    ConfirmingDelete,
}

#[component]
pub fn SaveView(source: Source, view: Signal<ViewState>, on_saved: Callback<()>) -> impl IntoView {
    let WorkspaceResource(workspace) = expect_context();
    let mode = RwSignal::new(Mode::Idle);
    let title = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let source = StoredValue::new(source);
    let navigate = StoredValue::new(use_navigate());
    let go = move |href: String| navigate.with_value(|navigate| navigate(&href, Default::default()));

    // The saved view the table was opened from, as the sidebar lists it.
    let opened = move || -> Option<ViewLink> {
        let id = view.with(|v| v.saved.clone())?;
        let summary = workspace.get()?.ok()?;
        let path = source.with_value(Source::path);
        summary.views.get(&path)?.iter().find(|link| link.id == id).cloned()
    };
    let changed =
        move || opened().is_some_and(|link| view.with(|v| v.href(&source.with_value(Source::path))) != link.href);

    // Runs a write; on success closes, refreshes the sidebar and goes where `then` says.
    let run = move |write: std::pin::Pin<Box<dyn std::future::Future<Output = Result<Option<String>, AppError>>>>| {
        busy.set(true);
        spawn_local(async move {
            let result = write.await;
            busy.set(false);
            match result {
                Ok(next) => {
                    mode.set(Mode::Idle);
                    title.set(String::new());
                    error.set(None);
                    on_saved.run(());
                    if let Some(href) = next {
                        go(href);
                    }
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = title.get_untracked();
        if name.trim().is_empty() {
            error.set(Some("Give the view a name.".into()));
            return;
        }
        let (source, state) = (source.get_value(), view.get_untracked());
        match (mode.get_untracked(), state.saved.clone()) {
            (Mode::Renaming, Some(id)) => {
                run(Box::pin(async move { change_view(source, id, Some(name), None).await.map(|()| None) }))
            }
            _ => run(Box::pin(async move {
                let link = save_view(source, name, state.to_config()).await?;
                Ok(Some(link.href))
            })),
        }
    };
    let save_changes = move |_| {
        let (source, state) = (source.get_value(), view.get_untracked());
        let Some(id) = state.saved.clone() else { return };
        run(Box::pin(async move { change_view(source, id, None, Some(state.to_config())).await.map(|()| None) }));
    };
    let delete = move |_| {
        let (source, state) = (source.get_value(), view.get_untracked());
        let Some(id) = state.saved else { return };
        let table = source.path();
        run(Box::pin(async move { delete_view(source, id).await.map(|()| Some(table)) }));
    };
    let start = move |next: Mode| {
        error.set(None);
        title.set(if next == Mode::Renaming { opened().map(|l| l.title).unwrap_or_default() } else { String::new() });
        mode.set(next);
    };

    let naming = move || {
        view! {
            <form on:submit=submit class="flex items-center gap-2">
                <input
                    aria-label="View name"
                    placeholder="View name"
                    class=format!("{FIELD} w-48 py-1")
                    prop:value=move || title.get()
                    on:input=move |ev| title.set(event_target_value(&ev))
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Escape" {
                            mode.set(Mode::Idle);
                        }
                    }
                />
                <button type="submit" disabled=move || busy.get() class=BUTTON_PRIMARY>
                    {move || if mode.get() == Mode::Renaming { "Rename" } else { "Save" }}
                </button>
            </form>
        }
    };
    let controls = move || {
        match (mode.get(), opened()) {
        (Mode::Saving | Mode::Renaming, _) => naming().into_any(),
        (Mode::ConfirmingDelete, Some(link)) => view! {
            <span role="alert" class="text-fg-muted">{format!("Delete the view \u{201c}{}\u{201d} for everyone?", link.title)}</span>
            <button type="button" class=BUTTON_DANGER disabled=move || busy.get() on:click=delete>"Delete view"</button>
            <button type="button" class=BUTTON on:click=move |_| mode.set(Mode::Idle)>"Cancel"</button>
        }
        .into_any(),
        (_, Some(link)) => view! {
            <Show when=changed>
                <button type="button" class=BUTTON_PRIMARY disabled=move || busy.get() on:click=save_changes>
                    "Save changes"
                </button>
            </Show>
            <div class="relative">
                <button
                    type="button"
                    class=BUTTON
                    aria-haspopup="menu"
                    aria-expanded=move || (mode.get() == Mode::Menu).to_string()
                    on:click=move |_| mode.update(|m| *m = if *m == Mode::Menu { Mode::Idle } else { Mode::Menu })
                >
                    <span class="max-w-40 truncate">{link.title}</span>
                    <span aria-hidden="true" class="text-xs text-fg-faint">"▾"</span>
                </button>
                <Show when=move || mode.get() == Mode::Menu>
                    <div role="menu" aria-label="View" class=format!("{MENU} right-0 w-48")>
                        <button type="button" role="menuitem" class=ITEM on:click=move |_| start(Mode::Renaming)>
                            "Rename…"
                        </button>
                        <button type="button" role="menuitem" class=ITEM on:click=move |_| start(Mode::Saving)>
                            "Save as a new view…"
                        </button>
                        <button
                            type="button"
                            role="menuitem"
                            class=format!("{ITEM} text-danger")
                            on:click=move |_| start(Mode::ConfirmingDelete)
                        >
                            "Delete view"
                        </button>
                    </div>
                </Show>
            </div>
        }
        .into_any(),
        _ => view! {
            <button type="button" class=BUTTON on:click=move |_| start(Mode::Saving)>
                "Save view"
            </button>
        }
        .into_any(),
    }
    };
    view! {
        <div class="flex items-center gap-2">
            {controls}
            {move || error.get().map(|m| view! { <span role="alert" class="text-danger">{m}</span> })}
        </div>
    }
    .into_any()
}

/// An item of the view menu.
const ITEM: &str = "block w-full rounded-md px-2.5 py-1.5 text-left text-fg-muted hover:bg-raised hover:text-fg";
