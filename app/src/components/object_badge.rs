//! An object's badge: its initial on a colour of its own, the same in the sidebar and in
//! the header of its page.

use super::value_cell::stable_hash;
use leptos::prelude::*;

/// Written out in full so Tailwind's scanner finds every class.
const TONES: [&str; 8] = [
    "bg-sky-100 text-sky-700",
    "bg-emerald-100 text-emerald-700",
    "bg-teal-100 text-teal-700",
    "bg-pink-100 text-pink-700",
    "bg-amber-100 text-amber-800",
    "bg-indigo-100 text-indigo-700",
    "bg-violet-100 text-violet-700",
    "bg-rose-100 text-rose-700",
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
