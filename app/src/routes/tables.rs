//! `/objects/:slug` and `/lists/:slug`: a table of an object's records or of a list's entries.

use crate::table::page::TablePage;
use crate::table::source::Source;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The route's `:slug`.
pub(super) fn slug() -> Signal<String> {
    let params = use_params_map();
    Signal::derive(move || params.read().get("slug").unwrap_or_default())
}

#[component]
pub fn ObjectPage() -> impl IntoView {
    let slug = slug();
    view! { <TablePage source=Signal::derive(move || Source::Object(slug.get())) /> }
}

#[component]
pub fn ListPage() -> impl IntoView {
    let slug = slug();
    view! { <TablePage source=Signal::derive(move || Source::List(slug.get())) /> }
}
