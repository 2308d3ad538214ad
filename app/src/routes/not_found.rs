//! Any path no route matches.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Not found · CRM" />
        <div class="grid min-h-screen place-items-center bg-panel text-sm">
            <div class="text-center">
                <p class="font-semibold text-fg">"Page not found"</p>
                <a href="/" class="mt-2 inline-block text-fg-subtle underline underline-offset-2">
                    "Back to the app"
                </a>
            </div>
        </div>
    }
}
