//! `/objects/:slug`: an object's records as a table, sorted and filtered as the URL says. The
//! first page is server-rendered; the next pages load as the table is scrolled to its end, so
//! every record is reachable, and the header shows how many match.

use crate::components::error_notice::ErrorNotice;
use crate::components::object_badge::ObjectBadge;
use crate::functions::{count_records, load_object_schema, load_records};
use crate::layouts::app_shell::WorkspaceResource;
use crate::table::filter::FilterBar;
use crate::table::save_view::SaveView;
use crate::table::view_state::ViewState;
use crate::table::{ExtraPages, RecordTable};
use crate::values::display::ObjectNouns;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

/// How close to the end of the table (in pixels) scrolling starts loading the next page.
const LOAD_AHEAD_PX: i32 = 600;

#[component]
pub fn ObjectPage() -> impl IntoView {
    let WorkspaceResource(workspace) = expect_context();
    let params = use_params_map();
    let query = use_query_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let view_state = move || {
        let query = query.read();
        ViewState::from_query(query.get("sort"), query.get("dir"), query.get("filter"))
    };

    // Separate resources so a re-sort refetches only the records, not the columns.
    let schema = Resource::new(slug, load_object_schema);
    let total = Resource::new(move || (slug(), view_state().filter), |(slug, filter)| count_records(slug, filter));
    let records = Resource::new(
        move || (slug(), view_state()),
        |(slug, view)| load_records(slug, view.sort.attribute, view.sort.descending, view.filter, 0),
    );
    let extra: ExtraPages = RwSignal::new(Vec::new());
    let loading = RwSignal::new(false);
    let (pending, set_pending) = signal(false);
    // A new object, sort or filter starts again from its first page.
    Effect::new(move |_| {
        let _ = (slug(), view_state());
        extra.set(Vec::new());
    });

    let loaded = move || {
        let first = records.get().and_then(Result::ok).map_or(0, |page| page.records.len() as u64);
        first + extra.with(|pages| pages.iter().map(|(_, page)| page.records.len() as u64).sum::<u64>())
    };
    let total_count = move || total.get().and_then(Result::ok);
    let has_more = move || total_count().is_some_and(|total| loaded() < total);
    let load_more = move || {
        if loading.get_untracked() || !has_more() {
            return;
        }
        loading.set(true);
        let (slug, view, offset) = (slug(), view_state(), loaded());
        spawn_local(async move {
            let page = load_records(slug, view.sort.attribute, view.sort.descending, view.filter, offset).await;
            if let Ok(page) = page {
                extra.update(|pages| {
                    if !pages.iter().any(|(o, _)| *o == offset) {
                        pages.push((offset, page));
                    }
                });
            }
            loading.set(false);
        });
    };
    let on_scroll = move |ev: leptos::ev::Event| {
        let el = event_target::<leptos::web_sys::Element>(&ev);
        if el.scroll_top() + el.client_height() + LOAD_AHEAD_PX >= el.scroll_height() {
            load_more();
        }
    };

    let header = move || {
        Suspend::new(async move {
            let Ok(schema) = schema.await else {
                // The table below reports the error.
                return ().into_any();
            };
            let object = schema.object;
            let count = total.await.ok();
            let noun = if count == Some(1) { &object.singular_noun } else { &object.plural_noun };
            let count_label = count.map(|c| format!("{c} {}", noun.to_lowercase()));
            view! {
                <Title text=format!("{} · CRM", object.plural_noun) />
                <ObjectBadge slug=object.api_slug name=object.plural_noun.clone() large=true />
                <h1 class="truncate font-semibold text-fg">{object.plural_noun}</h1>
                <span
                    title=count_label.clone()
                    class="shrink-0 rounded-full bg-raised px-2 py-0.5 text-xs font-medium text-fg-subtle tabular-nums"
                >
                    {count.map(|c| c.to_string())}
                </span>
            }
            .into_any()
        })
    };

    let table = move || {
        Suspend::new(async move {
            let (schema, page, workspace) = match (schema.await, records.await, workspace.await) {
                (Ok(schema), Ok(page), Ok(workspace)) => (schema, page, workspace),
                (Err(error), _, _) | (_, Err(error), _) | (_, _, Err(error)) => {
                    return view! { <ErrorNotice error=error /> }.into_any();
                }
            };
            if page.records.is_empty() && view_state().filter.is_some() {
                let plural = schema.object.plural_noun.to_lowercase();
                return view! {
                    <div class="flex flex-col items-center justify-center gap-1 py-24 text-center">
                        <p class="font-medium text-fg">{format!("No {plural} match this filter")}</p>
                        <p class="text-fg-subtle">"Change or clear the filter above."</p>
                    </div>
                }
                .into_any();
            }
            if page.records.is_empty() {
                let plural = schema.object.plural_noun.to_lowercase();
                return view! {
                    <div class="flex h-full flex-col items-center justify-center gap-1 py-24 text-center">
                        <p class="font-medium text-fg">{format!("No {plural} yet")}</p>
                        <p class="text-fg-subtle">
                            "Records created in the app or through the API appear here."
                        </p>
                    </div>
                }
                .into_any();
            }
            let nouns: ObjectNouns =
                workspace.objects.into_iter().map(|object| (object.api_slug, object.singular_noun)).collect();
            view! {
                <RecordTable
                    object_slug=schema.object.api_slug
                    attributes=schema.attributes
                    first=page
                    extra=extra
                    view=view_state()
                    nouns=nouns
                />
                <div class="flex items-center gap-3 px-4 py-3 text-fg-subtle">
                    <span class="tabular-nums" aria-live="polite">
                        {move || match total_count() {
                            Some(total) => format!("{} of {total}", loaded().min(total)),
                            None => String::new(),
                        }}
                    </span>
                    <Show when=has_more>
                        <button
                            type="button"
                            on:click=move |_| load_more()
                            disabled=move || loading.get()
                            class="rounded-md border border-line px-2.5 py-1 text-fg-muted hover:bg-raised hover:text-fg disabled:opacity-60"
                        >
                            {move || if loading.get() { "Loading…" } else { "Load more" }}
                        </button>
                    </Show>
                </div>
            }
            .into_any()
        })
    };

    let navigate = use_navigate();
    let apply_filter = Callback::new(move |filter: Option<serde_json::Value>| {
        navigate(&view_state().filtered(filter).href(&slug()), Default::default());
    });
    let refresh_sidebar = Callback::new(move |_| workspace.refetch());
    let filter_bar = move || {
        Suspend::new(async move {
            let Ok(schema) = schema.await else { return ().into_any() };
            view! {
                <div class="flex items-center border-b border-line pr-4">
                    <FilterBar
                        attributes=schema.attributes
                        choices=schema.choices
                        current=view_state().filter_value()
                        on_apply=apply_filter
                    />
                    <SaveView object=schema.object.api_slug view=view_state() on_saved=refresh_sidebar />
                </div>
            }
            .into_any()
        })
    };

    view! {
        <header class="flex h-12 shrink-0 items-center gap-2 border-b border-line px-4">
            <Transition>{header}</Transition>
        </header>
        <Transition>{filter_bar}</Transition>
        <div
            on:scroll=on_scroll
            class=move || {
                if pending.get() {
                    "min-h-0 flex-1 overflow-auto opacity-60 transition-opacity"
                } else {
                    "min-h-0 flex-1 overflow-auto transition-opacity"
                }
            }
        >
            <Transition
                fallback=|| view! { <p class="p-6 text-fg-faint">"Loading…"</p> }
                set_pending
            >
                {table}
            </Transition>
        </div>
    }
}
