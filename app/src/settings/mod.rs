//! The settings area, for admins: the workspace's objects and lists (`overview`), each one's
//! attributes with their options and statuses (`attributes`, `choices`), and API keys (`keys`). A member who
//! comes here is refused by the server function that loads the area, as by every write.

pub mod attributes;
mod choices;
pub mod keys;
pub mod overview;

use crate::components::ui::FIELD;
use leptos::prelude::*;

/// The frame of a settings page: breadcrumb trail and title.
#[component]
fn SettingsFrame(
    /// The pages above this one: (title, address).
    #[prop(optional)]
    trail: Vec<(String, String)>,
    title: String,
    children: Children,
) -> impl IntoView {
    let trail = trail
        .into_iter()
        .map(|(title, href)| {
            view! {
                <a href=href class="text-fg-subtle hover:text-fg">{title}</a>
                <span aria-hidden="true" class="text-fg-faint">"/"</span>
            }
        })
        .collect_view();
    view! {
        <div class="min-h-0 flex-1 overflow-y-auto bg-canvas">
            <div class="mx-auto max-w-4xl px-8 py-6">
                <nav aria-label="Breadcrumb" class="flex items-center gap-1.5 text-xs">
                    {trail}
                </nav>
                <h1 class="mt-1 text-xl font-semibold text-fg">{title}</h1>
                {children()}
            </div>
        </div>
    }
}

/// A name field and the slug field that follows it while the slug is still the name's own
/// (`slug_of`), so a slug typed by hand stays as typed.
#[component]
fn SluggedName(
    name_label: &'static str,
    placeholder: &'static str,
    slug_label: &'static str,
    name: RwSignal<String>,
    slug: RwSignal<String>,
) -> impl IntoView {
    let on_name = move |ev| {
        let value = event_target_value(&ev);
        if slug.get_untracked() == slug_of(&name.get_untracked()) {
            slug.set(slug_of(&value));
        }
        name.set(value);
    };
    view! {
        <label class="block text-xs font-medium text-fg-subtle">
            {name_label}
            <input
                class=format!("{FIELD} mt-1 block w-full")
                required
                placeholder=placeholder
                prop:value=move || name.get()
                on:input=on_name
            />
        </label>
        <label class="block text-xs font-medium text-fg-subtle">
            {slug_label}
            <input class=format!("{FIELD} mt-1 block w-full font-mono") required bind:value=slug />
        </label>
    }
}

/// A slug from a title, as Attio's are: lower case, words joined by `_`.
fn slug_of(title: &str) -> String {
    let mut slug = String::new();
    for c in title.trim().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('_') {
            slug.push('_');
        }
    }
    slug.trim_end_matches('_').to_owned()
}

#[cfg(test)]
mod tests {
    use super::slug_of;

    #[test]
    fn slugs_join_words_with_underscores() {
        assert_eq!(slug_of("Invoice amount"), "invoice_amount");
        assert_eq!(slug_of("  Due date (UTC) "), "due_date_utc");
    }
}
