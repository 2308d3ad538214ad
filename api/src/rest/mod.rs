//! The Attio-compatible `/v2` REST API: thin adapters from HTTP to the service functions.

mod attributes;
mod comments;
mod docs;
mod events;
mod extract;
mod lists;
mod members;
mod notes;
mod objects;
mod openapi;
mod records;
mod tasks;
mod views;
mod webhooks;

pub use extract::{Auth, Body, Params, Viewer};

use crate::error::ApiError;
use crate::keys;
use crate::state::AppState;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::{Json, Router};
use model::wire::SelfInfo;
use serde::Serialize;
use serde_json::{json, Value};

/// `{"data": ...}`.
pub(crate) fn data<T: Serialize>(data: T) -> Json<model::wire::Data<T>> {
    Json(model::wire::Data { data })
}

/// `{"data": ...}` written into a buffer of about the size it needs, for record pages of
/// tens of kilobytes that would otherwise grow (and copy) it a dozen times.
pub(crate) fn sized_data<T: Serialize>(data: T, size_hint: usize) -> crate::error::Result<Response> {
    let mut body = Vec::with_capacity(size_hint + 64);
    serde_json::to_writer(&mut body, &model::wire::Data { data }).map_err(anyhow::Error::from)?;
    Ok(([(axum::http::header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// Attio's document gives each operation one 400 code, and clients switch on it. Routes
/// wrap their handlers with `documented_400!("code")` so that every 400 of the operation (bad
/// JSON included) carries that code, keeping the message that says what was wrong.
macro_rules! documented_400 {
    ($code:literal) => {
        axum::middleware::map_response(|res: axum::response::Response| $crate::rest::rewrite_400($code, false, res))
    };
    // The comment endpoint documents its 400 body with `statusCode`: both spellings are sent.
    ($code:literal, camel_case) => {
        axum::middleware::map_response(|res: axum::response::Response| $crate::rest::rewrite_400($code, true, res))
    };
}
pub(crate) use documented_400;

pub(crate) async fn rewrite_400(code: &'static str, camel_case: bool, res: Response) -> Response {
    if res.status() != http::StatusCode::BAD_REQUEST {
        return res;
    }
    let (parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 1 << 20).await else {
        return Response::from_parts(parts, axum::body::Body::empty());
    };
    match serde_json::from_slice::<model::ErrorBody>(&bytes) {
        Ok(mut e) => {
            e.code = code.into();
            let mut body = serde_json::to_value(&e).unwrap_or_default();
            if camel_case {
                body["statusCode"] = e.status_code.into();
            }
            (parts.status, Json(body)).into_response()
        }
        Err(_) => Response::from_parts(parts, axum::body::Body::from(bytes)),
    }
}

/// `{"data": ...}` request bodies.
#[derive(serde::Deserialize)]
pub(crate) struct Wrapped<T> {
    pub data: T,
}

/// Query parameters of the `.../attributes/{attribute}/values` endpoints.
#[derive(serde::Deserialize)]
pub(crate) struct ValuesParams {
    #[serde(default)]
    pub show_historic: bool,
    #[serde(default, deserialize_with = "model::num::opt_u64")]
    pub limit: Option<u64>,
    #[serde(default, deserialize_with = "model::num::opt_u64")]
    pub offset: Option<u64>,
}

/// `?limit=&offset=` of the list routes that page by offset.
#[derive(serde::Deserialize)]
pub(crate) struct PageParams {
    #[serde(default, deserialize_with = "model::num::opt_u64")]
    pub limit: Option<u64>,
    #[serde(default, deserialize_with = "model::num::opt_u64")]
    pub offset: Option<u64>,
}

/// What every DELETE answers: 200 with `{}`.
pub(crate) fn empty() -> Json<Value> {
    Json(json!({}))
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v2/self", get(self_info))
        .merge(objects::router())
        .merge(attributes::router())
        .merge(records::router())
        .merge(members::router())
        .merge(lists::router())
        .merge(notes::router())
        .merge(tasks::router())
        .merge(comments::router())
        .merge(webhooks::router())
        .merge(views::router())
        .merge(events::router())
        .merge(openapi::router())
        .merge(docs::router())
        // A route, not a fallback: the web app owns the fallback of the combined server.
        .route("/v2/{*rest}", any(|| async { ApiError::not_found("No such endpoint.") }))
        // Text values may be up to 10 MB.
        .layer(DefaultBodyLimit::max(12 * 1024 * 1024))
}

/// Token introspection: `{active: false}` for a missing or invalid token, never a 401.
async fn self_info(State(state): State<AppState>, headers: HeaderMap) -> Json<SelfInfo> {
    let Some(token) = extract::bearer(&headers) else {
        return Json(SelfInfo::inactive());
    };
    match keys::authenticate(&state, token).await {
        Ok(ctx) => Json(keys::introspect(&ctx).await.unwrap_or_else(|_| SelfInfo::inactive())),
        Err(_) => Json(SelfInfo::inactive()),
    }
}
