//! Signing in and out, and what the app shell shows: the workspace, its objects, the user.

use super::AppError;
use leptos::prelude::*;
use model::wire::Object;
use serde::{Deserialize, Serialize};

/// Everything the sidebar needs, loaded once per page.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct WorkspaceSummary {
    pub name: String,
    pub user_email: Option<String>,
    /// Whether the signed-in member is an admin, who is offered the settings.
    pub is_admin: bool,
    pub objects: Vec<Object>,
    pub lists: Vec<ListLink>,
    /// Each table's saved views, by the table's address (`/objects/deals`, `/lists/pipeline`).
    pub views: std::collections::HashMap<String, Vec<super::ViewLink>>,
}

/// A list as the sidebar shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListLink {
    pub slug: String,
    pub name: String,
    /// The object its entries are records of, whose colour marks it.
    pub parent_object: String,
}

#[server]
pub async fn load_workspace() -> Result<WorkspaceSummary, AppError> {
    use super::session;
    use crate::table::source::Source;

    let ctx = session::context().await?;
    let objects = api::objects::list_objects(&ctx).await?;
    let lists: Vec<ListLink> = api::lists::list_lists(&ctx)
        .await?
        .into_iter()
        .map(|list| ListLink {
            parent_object: list.parent_object.first().cloned().unwrap_or_default(),
            slug: list.api_slug,
            name: list.name,
        })
        .collect();
    let sources = objects
        .iter()
        .map(|o| Source::Object(o.api_slug.clone()))
        .chain(lists.iter().map(|l| Source::List(l.slug.clone())));
    let mut views = std::collections::HashMap::new();
    for source in sources {
        views.insert(source.path(), super::views::view_links(&ctx, &source).await?);
    }
    Ok(WorkspaceSummary {
        name: ctx.workspace_name().to_string(),
        user_email: ctx.user_email().map(str::to_string),
        is_admin: ctx.role() == Some(api::ctx::Role::Admin),
        objects,
        lists,
        views,
    })
}

/// Starts a session and sends the browser into the app.
///
/// Before the wasm has loaded the form posts natively; a failure then redirects back to
/// `/login?error=...` so the page can still explain what went wrong.
#[server]
pub async fn login(email: String, password: String) -> Result<(), AppError> {
    use super::session;

    let state = session::state()?;
    let headers = session::request_headers().await?;
    let result =
        api::session::login(&state, email.trim(), &password).await.map_err(|error| match AppError::from(error) {
            AppError::Unauthorized => AppError::InvalidCredentials,
            other => other,
        });
    match result {
        Ok(new_session) => {
            session::set_cookie(&new_session.token, new_session.max_age_secs)?;
            leptos_axum::redirect("/");
            Ok(())
        }
        Err(error) => {
            if session::is_plain_form_post(&headers) {
                let code = match error {
                    AppError::InvalidCredentials => "credentials",
                    _ => "failed",
                };
                leptos_axum::redirect(&format!("/login?error={code}"));
            } else if matches!(error, AppError::InvalidCredentials) {
                // A wrong password is the client's mistake: 401, not a server error.
                if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
                    options.set_status(http::StatusCode::UNAUTHORIZED);
                }
            }
            Err(error)
        }
    }
}

/// Ends the session (if any). The cookie is cleared and the browser sent to `/login` even
/// when deleting the session fails, so the user is signed out of this browser either way.
#[server]
pub async fn logout() -> Result<(), AppError> {
    use super::session;

    let state = session::state()?;
    let headers = session::request_headers().await?;
    let ended = match api::session::token(&headers) {
        Some(token) => api::session::logout(&state, &token).await,
        None => Ok(()),
    };
    session::set_cookie("", 0)?;
    leptos_axum::redirect("/login");
    ended.map_err(AppError::from)
}
