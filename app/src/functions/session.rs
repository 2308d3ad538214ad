//! Server-side session plumbing shared by the server functions: the session cookie in,
//! `api::Ctx` out, and the `Set-Cookie` header on login and logout.

use super::AppError;
use api::session::COOKIE_NAME;
use http::header::{ACCEPT, SET_COOKIE};
use http::{HeaderMap, HeaderValue};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

/// The server provides its state as Leptos context, both to SSR and to server functions.
pub fn state() -> Result<api::AppState, AppError> {
    use_context::<api::AppState>().ok_or_else(|| AppError::Other("The server is missing its application state.".into()))
}

pub async fn request_headers() -> Result<HeaderMap, AppError> {
    leptos_axum::extract::<HeaderMap>().await.map_err(|e| AppError::Other(e.to_string()))
}

/// A plain form post (no wasm yet) wants an HTML page back rather than a serialized result.
pub fn is_plain_form_post(headers: &HeaderMap) -> bool {
    headers.get(ACCEPT).and_then(|value| value.to_str().ok()).is_some_and(|value| value.contains("text/html"))
}

/// The acting user's context, or `Unauthorized` when there is no valid session.
///
/// Without a session the response also redirects to `/login`: a 302 while rendering a page,
/// a client-side navigation when the wasm called the server function.
pub async fn context() -> Result<api::Ctx, AppError> {
    let state = state()?;
    let headers = request_headers().await?;
    let result = match api::session::token(&headers) {
        Some(token) => api::session::context(&state, &token).await.map_err(AppError::from),
        None => Err(AppError::Unauthorized),
    };
    if result.as_ref().is_err_and(|e| *e == AppError::Unauthorized) {
        leptos_axum::redirect("/login");
    }
    result
}

/// Sets (or, with `max_age_secs == 0`, clears) the session cookie. The cookie is HttpOnly so
/// scripts never see the token, and SameSite=Lax so other sites cannot post with it.
pub fn set_cookie(token: &str, max_age_secs: i64) -> Result<(), AppError> {
    let response = use_context::<ResponseOptions>()
        .ok_or_else(|| AppError::Other("No response to set the session cookie on.".into()))?;
    let cookie = format!("{COOKIE_NAME}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}");
    let value = HeaderValue::from_str(&cookie)
        .map_err(|_| AppError::Other("The session token is not a valid cookie value.".into()))?;
    response.append_header(SET_COOKIE, value);
    Ok(())
}
