//! `/settings`, the attributes of `/settings/objects/:slug` and `/settings/lists/:slug`, and
//! `/settings/keys`.

use super::tables::slug;
use crate::settings::attributes::AttributesPage;
use crate::table::source::Source;
use leptos::prelude::*;

pub use crate::settings::keys::KeysPage;
pub use crate::settings::overview::Overview as SettingsPage;

#[component]
pub fn ObjectSettingsPage() -> impl IntoView {
    let slug = slug();
    view! { <AttributesPage source=Signal::derive(move || Source::Object(slug.get())) /> }
}

#[component]
pub fn ListSettingsPage() -> impl IntoView {
    let slug = slug();
    view! { <AttributesPage source=Signal::derive(move || Source::List(slug.get())) /> }
}
