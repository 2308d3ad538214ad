//! The command palette (Ctrl/Cmd+K): finds records of every object by name, e-mail address,
//! domain or phone number, and jumps to objects, lists and saved views. Keyboard first: arrows move,
//! Enter opens, Escape closes.

use crate::functions::{search, WorkspaceSummary};
use crate::values::display::record_href;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

const INPUT_ID: &str = "palette-input";

/// Whether the palette is open; the sidebar's search button opens it too.
#[derive(Clone, Copy)]
pub struct PaletteOpen(pub RwSignal<bool>);

/// Opens the palette with its field focused.
pub fn show(open: RwSignal<bool>) {
    open.set(true);
    focus_field(10);
}

/// Focuses the palette's field once the dialog is on the page: rendering follows the signal
/// a moment later, so it tries again for a few frames.
fn focus_field(tries: u32) {
    request_animation_frame(move || {
        use leptos::wasm_bindgen::JsCast;
        let field = document().get_element_by_id(INPUT_ID);
        match field.and_then(|f| f.dyn_into::<leptos::web_sys::HtmlElement>().ok()) {
            Some(field) => {
                let _ = field.focus();
            }
            None if tries > 0 => focus_field(tries - 1),
            None => {}
        }
    });
}

#[derive(Clone, Debug, PartialEq)]
struct Item {
    label: String,
    detail: String,
    href: String,
}

/// The objects and saved views whose names contain `query`.
fn places(workspace: &WorkspaceSummary, query: &str) -> Vec<Item> {
    let query = query.trim().to_lowercase();
    let tables = workspace
        .objects
        .iter()
        .map(|o| (o.plural_noun.clone(), "Records", format!("/objects/{}", o.api_slug), o.singular_noun.clone()))
        .chain(workspace.lists.iter().map(|l| (l.name.clone(), "List", format!("/lists/{}", l.slug), l.name.clone())));
    let mut items = Vec::new();
    let mut views = Vec::new();
    for (label, detail, href, noun) in tables {
        for view in workspace.views.get(&href).into_iter().flatten() {
            views.push(Item { label: view.title.clone(), detail: format!("{noun} view"), href: view.href.clone() });
        }
        items.push(Item { label, detail: detail.into(), href });
    }
    items.extend(views);
    items.retain(|i| query.is_empty() || i.label.to_lowercase().contains(&query));
    items
}

#[component]
pub fn Palette(workspace: WorkspaceSummary) -> impl IntoView {
    let PaletteOpen(open) = expect_context();
    let query = RwSignal::new(String::new());
    let active = RwSignal::new(0usize);
    let nouns: std::collections::HashMap<String, String> =
        workspace.objects.iter().map(|o| (o.api_slug.clone(), o.singular_noun.clone())).collect();
    let workspace = StoredValue::new(workspace);
    let nouns = StoredValue::new(nouns);

    // Ctrl/Cmd+K anywhere opens (or closes) the palette.
    Effect::new(move |_| {
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            if (ev.ctrl_key() || ev.meta_key()) && ev.key().eq_ignore_ascii_case("k") {
                ev.prevent_default();
                if open.get_untracked() {
                    open.set(false);
                } else {
                    show(open);
                }
            }
        });
        on_cleanup(move || handle.remove());
    });
    Effect::new(move |_| {
        if open.get() {
            query.set(String::new());
            active.set(0);
        }
    });

    let found = LocalResource::new(move || search(query.get(), None));
    let items = move || {
        let mut items = workspace.with_value(|w| places(w, &query.get()));
        if let Some(Ok(records)) = found.get() {
            items.extend(records.into_iter().map(|r| Item {
                label: if r.text.is_empty() { "Unnamed record".into() } else { r.text },
                detail: {
                    let noun = nouns.with_value(|n| n.get(&r.object).cloned().unwrap_or_else(|| r.object.clone()));
                    match r.detail {
                        Some(detail) => format!("{noun} · {detail}"),
                        None => noun,
                    }
                },
                href: record_href(&r.object, &r.record_id),
            }));
        }
        items
    };
    let navigate = use_navigate();
    let go = move |href: String| {
        open.set(false);
        navigate(&href, Default::default());
    };
    let go = StoredValue::new(go);
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let count = items().len();
        match ev.key().as_str() {
            "ArrowDown" if count > 0 => {
                ev.prevent_default();
                active.update(|a| *a = (*a + 1) % count);
            }
            "ArrowUp" if count > 0 => {
                ev.prevent_default();
                active.update(|a| *a = (*a + count - 1) % count);
            }
            "Enter" => {
                ev.prevent_default();
                if let Some(item) = items().get(active.get_untracked()).cloned() {
                    go.with_value(|go| go(item.href));
                }
            }
            "Escape" => {
                ev.prevent_default();
                open.set(false);
            }
            _ => {}
        }
    };
    let options = move || {
        items()
            .into_iter()
            .enumerate()
            .map(|(index, item)| {
                let selected = move || active.get() == index;
                let href = item.href.clone();
                view! {
                    <li
                        id=format!("palette-option-{index}")
                        role="option"
                        aria-selected=move || selected().to_string()
                        class="flex cursor-pointer items-center justify-between gap-3 rounded-md px-3 py-2 text-fg aria-selected:bg-raised"
                        on:mousemove=move |_| active.set(index)
                        on:click=move |_| go.with_value(|go| go(href.clone()))
                    >
                        <span class="truncate">{item.label}</span>
                        <span class="shrink-0 text-xs text-fg-subtle">{item.detail}</span>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <Show when=move || open.get()>
            <div class="fixed inset-0 z-50 bg-black/30 dark:bg-black/50" on:click=move |_| open.set(false)></div>
            <div
                role="dialog"
                aria-modal="true"
                aria-label="Search"
                class="fixed top-24 left-1/2 z-50 w-[36rem] max-w-[calc(100vw-2rem)] -translate-x-1/2 overflow-hidden rounded-xl border border-line bg-canvas shadow-2xl"
            >
                <input
                    id=INPUT_ID
                    role="combobox"
                    aria-label="Search records, objects and views"
                    aria-expanded="true"
                    aria-controls="palette-options"
                    aria-activedescendant=move || format!("palette-option-{}", active.get())
                    placeholder="Search records, objects and views…"
                    class="w-full border-b border-line bg-canvas px-4 py-3 text-base text-fg placeholder:text-fg-faint focus:outline-none"
                    prop:value=move || query.get()
                    on:input=move |ev| {
                        query.set(event_target_value(&ev));
                        active.set(0);
                    }
                    on:keydown=on_key
                />
                <ul id="palette-options" role="listbox" aria-label="Results" class="max-h-80 overflow-y-auto p-2">
                    {options}
                </ul>
                <p class="border-t border-line px-4 py-2 text-xs text-fg-subtle">
                    "↑ ↓ to move · Enter to open · Esc to close"
                </p>
            </div>
        </Show>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::functions::{ListLink, ViewLink};
    use model::wire::{Object, ObjectIdent};

    #[test]
    fn finds_objects_and_views_by_name() {
        let object = Object {
            id: ObjectIdent { workspace_id: Default::default(), object_id: Default::default() },
            api_slug: "deals".into(),
            singular_noun: "Deal".into(),
            plural_noun: "Deals".into(),
            created_at: Default::default(),
        };
        let view =
            ViewLink { id: "v".into(), title: "Won this quarter".into(), href: "/objects/deals?filter=x".into() };
        let workspace = WorkspaceSummary {
            name: "Acme".into(),
            user_email: None,
            is_admin: false,
            objects: vec![object],
            lists: vec![ListLink { slug: "pipeline".into(), name: "Pipeline".into(), parent_object: "deals".into() }],
            views: [("/objects/deals".to_string(), vec![view])].into(),
        };
        let labels = |q: &str| places(&workspace, q).into_iter().map(|i| i.label).collect::<Vec<_>>();
        assert_eq!(labels(""), ["Deals", "Pipeline", "Won this quarter"]);
        assert_eq!(places(&workspace, "pipe")[0].href, "/lists/pipeline");
        assert_eq!(labels("QUARTER"), ["Won this quarter"]);
        assert!(labels("nothing").is_empty());
    }
}
