//! Light and dark themes: the colours are tokens (style/tailwind.css), switched by a `dark`
//! class on `<html>`. The choice is remembered in the browser; without one the system's
//! preference applies.

use leptos::prelude::*;

/// Runs in `<head>` before the page paints: applies the saved theme or the system's.
pub const THEME_SCRIPT: &str = "try{var t=localStorage.getItem('theme');\
document.documentElement.classList.toggle('dark',t?t==='dark':matchMedia('(prefers-color-scheme: dark)').matches)}catch(e){}";

fn is_dark() -> bool {
    document().document_element().is_some_and(|html| html.class_list().contains("dark"))
}

fn apply(dark: bool) {
    if let Some(html) = document().document_element() {
        let _ = html.class_list().toggle_with_force("dark", dark);
    }
    if let Ok(Some(storage)) = window().local_storage() {
        let _ = storage.set_item("theme", if dark { "dark" } else { "light" });
    }
}

/// A button that switches between the themes.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    // Only the browser knows the theme: the label follows it once the page has hydrated.
    let dark = RwSignal::new(false);
    Effect::new(move |_| dark.set(is_dark()));
    let toggle = move |_| {
        let next = !dark.get_untracked();
        apply(next);
        dark.set(next);
    };
    view! {
        <button
            type="button"
            on:click=toggle
            aria-label=move || if dark.get() { "Use light theme" } else { "Use dark theme" }
            title=move || if dark.get() { "Use light theme" } else { "Use dark theme" }
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
                <path d="M12 3a6 6 0 0 0 9 9 9 9 0 1 1-9-9Z" />
            </svg>
        </button>
    }
}
