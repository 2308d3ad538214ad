//! Extractors: the authenticated context (Bearer key, rate-limited) and JSON bodies and query
//! strings whose rejections are Attio error bodies, not plain text.

use crate::ctx::Ctx;
use crate::error::ApiError;
use crate::keys;
use crate::state::AppState;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method};
use axum::Json;
use serde::de::DeserializeOwned;

pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(http::header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim()).filter(|t| !t.is_empty())
}

/// The caller's context, from `Authorization: Bearer <key>`.
pub struct Auth(pub Ctx);

impl FromRequestParts<AppState> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = bearer(&parts.headers)
            .ok_or_else(|| ApiError::Unauthorized("Missing \"Authorization: Bearer <token>\" header.".into()))?;
        let ctx = keys::authenticate(state, token).await?;
        let write = !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS)
            && !parts.uri.path().ends_with("/query")
            && !parts.uri.path().ends_with("/search");
        let key = match &ctx.principal {
            crate::ctx::Principal::ApiKey { id } => id.to_string(),
            crate::ctx::Principal::Member { id, .. } => id.to_string(),
        };
        state.limiter.check(&key, write)?;
        Ok(Auth(ctx))
    }
}

/// The caller's context from a Bearer key, or else from the web app's session cookie: for
/// routes a browser calls directly, such as the event stream (`EventSource` sends cookies
/// but no headers of its own).
pub struct Viewer(pub Ctx);

impl FromRequestParts<AppState> for Viewer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if bearer(&parts.headers).is_some() {
            return Auth::from_request_parts(parts, state).await.map(|Auth(ctx)| Viewer(ctx));
        }
        let token = crate::session::token(&parts.headers).ok_or_else(|| {
            ApiError::Unauthorized("Missing \"Authorization: Bearer <token>\" header or session cookie.".into())
        })?;
        crate::session::context(state, &token).await.map(Viewer)
    }
}

/// A JSON body; malformed or mistyped JSON is a 400 `validation_type`.
pub struct Body<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(Body(v)),
            Err(JsonRejection::MissingJsonContentType(_)) => {
                Err(ApiError::validation("Expected a JSON body with \"Content-Type: application/json\"."))
            }
            Err(e) => Err(ApiError::validation(e.body_text())),
        }
    }
}

/// Query-string parameters; bad ones are a 400 `validation_type`.
pub struct Params<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Params<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(v)) => Ok(Params(v)),
            Err(e @ QueryRejection::FailedToDeserializeQueryString(_)) => Err(ApiError::validation(e.body_text())),
            Err(e) => Err(ApiError::validation(e.body_text())),
        }
    }
}
