use super::{data, Auth};
use crate::error::Result;
use crate::members;
use crate::state::AppState;
use axum::extract::Path;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new().route("/v2/workspace_members", get(list)).route("/v2/workspace_members/{member}", get(show))
}

async fn list(Auth(ctx): Auth) -> Result<impl IntoResponse> {
    Ok(data(members::list_members(&ctx).await?))
}

async fn show(Auth(ctx): Auth, Path(member): Path<String>) -> Result<impl IntoResponse> {
    Ok(data(members::get_member(&ctx, &member).await?))
}
