//! How a failed server function shows up on a page.

use crate::functions::AppError;
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// An expired session sends the user to the login page (a 302 during SSR, a client-side
/// navigation after hydration); any other error is shown in place, and a missing object
/// also makes the server answer 404.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    match error {
        AppError::Unauthorized => view! { <Redirect path="/login" /> }.into_any(),
        error => {
            #[cfg(feature = "ssr")]
            if let (AppError::NotFound(_), Some(response)) = (&error, use_context::<leptos_axum::ResponseOptions>()) {
                response.set_status(http::StatusCode::NOT_FOUND);
            }
            let title = match error {
                AppError::NotFound(_) => "Not found",
                AppError::Forbidden(_) => "Not allowed",
                _ => "Something went wrong",
            };
            view! {
                <div role="alert" class="m-6 rounded-lg border border-line bg-canvas p-4 text-sm">
                    <p class="font-medium text-fg">{title}</p>
                    <p class="mt-1 text-fg-subtle">{error.to_string()}</p>
                </div>
            }
            .into_any()
        }
    }
}
