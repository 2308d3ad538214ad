//! The one error type that crosses the wire from every server function.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// What the UI needs to know about a failure: whether to send the user to the login page,
/// and a message fit to show them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// No session or an expired one: the UI redirects to `/login`.
    #[error("Your session has expired. Please sign in again.")]
    Unauthorized,
    /// The login form's email and password did not match an account.
    #[error("Incorrect email or password.")]
    InvalidCredentials,
    #[error("{0}")]
    NotFound(String),
    /// The member's role does not allow it (a 403).
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Other(String),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        Self::Other(value.to_string())
    }
}

#[cfg(feature = "ssr")]
impl From<api::ApiError> for AppError {
    /// Keeps the API's client-facing message: `ApiError` already hides internal details.
    /// A refusal keeps its status too (400, 403, 404...): it is the client's mistake, not a
    /// server error, for the page or server function being answered.
    fn from(error: api::ApiError) -> Self {
        let body = error.body();
        let status = http::StatusCode::from_u16(body.status_code).ok().filter(|s| s.is_client_error());
        if let (Some(status), Some(response)) = (status, leptos::prelude::use_context::<leptos_axum::ResponseOptions>())
        {
            response.set_status(status);
        }
        match body.status_code {
            401 => Self::Unauthorized,
            403 => Self::Forbidden(body.message),
            404 => Self::NotFound(body.message),
            _ => Self::Other(body.message),
        }
    }
}
