use super::{data, documented_400, empty, Auth, Body, Params, Wrapped};
use crate::comments::{self, NewComment, ThreadFilter};
use crate::cursor::PageParams;
use crate::error::Result;
use crate::state::AppState;
use axum::extract::Path;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v2/threads", get(list_threads))
        .route("/v2/threads/{thread}", get(show_thread))
        .route("/v2/comments", post(create).layer(documented_400!("value_not_found", camel_case)))
        .route("/v2/comments/{comment}", get(show).delete(delete))
}

async fn list_threads(Auth(ctx): Auth, Params(filter): Params<ThreadFilter>) -> Result<impl IntoResponse> {
    Ok(data(comments::list_threads(&ctx, filter).await?))
}

async fn show_thread(
    Auth(ctx): Auth,
    Path(id): Path<String>,
    Params(page): Params<PageParams>,
) -> Result<impl IntoResponse> {
    Ok(Json(comments::get_thread(&ctx, &id, &page).await?))
}

async fn create(Auth(ctx): Auth, Body(b): Body<Wrapped<NewComment>>) -> Result<impl IntoResponse> {
    Ok(data(comments::create_comment(&ctx, b.data).await?))
}

async fn show(Auth(ctx): Auth, Path(id): Path<String>) -> Result<impl IntoResponse> {
    Ok(data(comments::get_comment(&ctx, &id).await?))
}

async fn delete(Auth(ctx): Auth, Path(id): Path<String>) -> Result<impl IntoResponse> {
    comments::delete_comment(&ctx, &id).await?;
    Ok(empty())
}
