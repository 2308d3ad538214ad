//! `/`: straight to the first object's table, or a hint when the workspace has none.

use crate::layouts::app_shell::WorkspaceResource;
use leptos::prelude::*;
use leptos_router::components::Redirect;

#[component]
pub fn Home() -> impl IntoView {
    let WorkspaceResource(workspace) = expect_context();
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match workspace.await {
                    Ok(summary) => match summary.objects.first() {
                        Some(object) => {
                            view! { <Redirect path=format!("/objects/{}", object.api_slug) /> }
                                .into_any()
                        }
                        None => {
                            view! {
                                <div class="m-auto text-center">
                                    <p class="font-medium">"No objects yet"</p>
                                    <p class="mt-1 text-fg-subtle">
                                        "Objects created through the API will show up in the sidebar."
                                    </p>
                                </div>
                            }
                                .into_any()
                        }
                    },
                    // The shell already reports the error (or redirects to the login page).
                    Err(_) => ().into_any(),
                }
            })}
        </Suspense>
    }
}
