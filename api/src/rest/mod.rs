//! The Attio-compatible `/v2` REST API: thin adapters from HTTP to the service functions.

mod attributes;
mod comments;
mod extract;
mod lists;
mod members;
mod notes;
mod objects;
mod records;
mod tasks;

pub use extract::{Auth, Body, Params};

use crate::error::ApiError;
use crate::keys;
use crate::state::AppState;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::HeaderMap;
use axum::routing::{any, get};
use axum::{Json, Router};
use model::wire::SelfInfo;
use serde::Serialize;
use serde_json::{json, Value};

/// `{"data": ...}`.
pub(crate) fn data<T: Serialize>(data: T) -> Json<model::wire::Data<T>> {
    Json(model::wire::Data { data })
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
        // A route, not a fallback: the web app owns the fallback of the combined server.
        .route("/v2/{*rest}", any(|| async { ApiError::not_found("No such endpoint.") }))
        // Text values may be up to 10 MB.
        .layer(DefaultBodyLimit::max(12 * 1024 * 1024))
}

/// Token introspection: `{active: false}` for a missing or invalid token, never a 401.
async fn self_info(State(state): State<AppState>, headers: HeaderMap) -> Json<SelfInfo> {
    let Some(token) = extract::bearer(&headers) else {
        return Json(SelfInfo::default());
    };
    match keys::authenticate(&state, token).await {
        Ok(ctx) => Json(keys::introspect(&ctx)),
        Err(_) => Json(SelfInfo::default()),
    }
}
