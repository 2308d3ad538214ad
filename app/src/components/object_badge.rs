//! An object's badge: its initial on a colour of its own, the same in the sidebar and in
//! the header of its page.

use crate::values::display::stable_hash;
use leptos::prelude::*;

/// Written out in full so Tailwind's scanner finds every class.
const TONES: [&str; 8] = [
    "bg-sky-100 text-sky-700 dark:bg-sky-400/15 dark:text-sky-300",
    "bg-emerald-100 text-emerald-700 dark:bg-emerald-400/15 dark:text-emerald-300",
    "bg-teal-100 text-teal-700 dark:bg-teal-400/15 dark:text-teal-300",
    "bg-pink-100 text-pink-700 dark:bg-pink-400/15 dark:text-pink-300",
    "bg-amber-100 text-amber-800 dark:bg-amber-400/15 dark:text-amber-300",
    "bg-indigo-100 text-indigo-700 dark:bg-indigo-400/15 dark:text-indigo-300",
    "bg-violet-100 text-violet-700 dark:bg-violet-400/15 dark:text-violet-300",
    "bg-rose-100 text-rose-700 dark:bg-rose-400/15 dark:text-rose-300",
];

#[component]
pub fn ObjectBadge(
    /// The object's slug, which picks the colour.
    slug: String,
    /// The object's plural noun, whose initial is shown.
    name: String,
    /// The larger size, for page headers.
    #[prop(optional)]
    large: bool,
) -> impl IntoView {
    let initial = name.chars().next().map(|c| c.to_uppercase().to_string()).unwrap_or_default();
    let tone = TONES[stable_hash(&slug) as usize % TONES.len()];
    let size = if large { "size-6 rounded-md text-xs" } else { "size-5 rounded text-[11px]" };
    view! {
        <span
            aria-hidden="true"
            class=format!("grid shrink-0 place-items-center font-semibold {size} {tone}")
        >
            {initial}
        </span>
    }
}
