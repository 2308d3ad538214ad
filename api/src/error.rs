//! The one error type of the service layer. Every variant maps to Attio's error body; database
//! and internal errors are logged with their chain and never shown to the client.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use model::ErrorBody;

pub type Result<T, E = ApiError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400 `invalid_request_error` with Attio's code: `validation_type`, `missing_value`,
    /// `filter_error`, `value_not_found`, `immutable_value`, `system_edit_unauthorized`...
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    /// 401: no credentials, or a token that is unknown, revoked or expired.
    #[error("{0}")]
    Unauthorized(String),
    /// 403: the token lacks a scope the operation needs.
    #[error("{0}")]
    Forbidden(String),
    /// 404 `not_found`.
    #[error("{0}")]
    NotFound(String),
    /// 409: `slug_conflict` or `uniqueness_violation`.
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    /// 429 with Retry-After in seconds.
    #[error("rate limit exceeded, retry after {retry_after_secs}s")]
    RateLimited { retry_after_secs: u64 },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    pub fn validation(message: impl Into<String>) -> Self {
        Self::BadRequest { code: "validation_type", message: message.into() }
    }

    pub fn filter(message: impl Into<String>) -> Self {
        Self::BadRequest { code: "filter_error", message: message.into() }
    }

    pub fn missing_value(message: impl Into<String>) -> Self {
        Self::BadRequest { code: "missing_value", message: message.into() }
    }

    pub fn value_not_found(message: impl Into<String>) -> Self {
        Self::BadRequest { code: "value_not_found", message: message.into() }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::NotFound(message.into())
    }

    pub fn slug_conflict(message: impl Into<String>) -> Self {
        Self::Conflict { code: "slug_conflict", message: message.into() }
    }

    /// Attio's document lists one 400 code per operation; clients switch on it. A 400 of
    /// another kind keeps its message and takes the operation's documented code.
    pub fn documented(self, code: &'static str) -> Self {
        match self {
            Self::BadRequest { message, .. } => Self::BadRequest { code, message },
            other => other,
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn body(&self) -> ErrorBody {
        let (kind, code) = match self {
            Self::BadRequest { code, .. } => ("invalid_request_error", *code),
            Self::Unauthorized(_) => ("auth_error", "unauthorized"),
            Self::Forbidden(_) => ("auth_error", "forbidden"),
            Self::NotFound(_) => ("invalid_request_error", "not_found"),
            Self::Conflict { code, .. } => ("invalid_request_error", *code),
            Self::RateLimited { .. } => ("rate_limit_error", "rate_limit_exceeded"),
            Self::Internal(_) => ("internal_server_error", "internal_server_error"),
        };
        let message = match self {
            Self::Internal(_) => "An internal error occurred.".to_owned(),
            other => other.to_string(),
        };
        ErrorBody { status_code: self.status().as_u16(), kind: kind.into(), code: code.into(), message }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        Self::Internal(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let Self::Internal(e) = &self {
            tracing::error!(error = ?e, "internal error");
        }
        let mut response = (self.status(), axum::Json(self.body())).into_response();
        if let Self::RateLimited { retry_after_secs } = self {
            response.headers_mut().insert(http::header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
        }
        response
    }
}

/// True when a database error is a unique-constraint violation, which callers turn into a 409.
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    e.as_database_error().is_some_and(|d| d.is_unique_violation())
}
