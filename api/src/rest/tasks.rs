use super::{data, documented_400, empty, Auth, Body, Params, Wrapped};
use crate::error::Result;
use crate::state::AppState;
use crate::tasks::{self, NewTask, TaskFilter, TaskPatch};
use axum::extract::Path;
use axum::response::IntoResponse;
use axum::routing::{get, patch, post};
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new().route("/v2/tasks", get(list).merge(post(create).layer(documented_400!("validation_type")))).route(
        "/v2/tasks/{task}",
        get(show).merge(patch(update).layer(documented_400!("validation_type"))).delete(delete),
    )
}

async fn list(Auth(ctx): Auth, Params(filter): Params<TaskFilter>) -> Result<impl IntoResponse> {
    Ok(data(tasks::list_tasks(&ctx, filter).await?))
}

async fn create(Auth(ctx): Auth, Body(b): Body<Wrapped<NewTask>>) -> Result<impl IntoResponse> {
    Ok(data(tasks::create_task(&ctx, b.data).await?))
}

async fn show(Auth(ctx): Auth, Path(id): Path<String>) -> Result<impl IntoResponse> {
    Ok(data(tasks::get_task(&ctx, &id).await?))
}

async fn update(
    Auth(ctx): Auth,
    Path(id): Path<String>,
    Body(b): Body<Wrapped<TaskPatch>>,
) -> Result<impl IntoResponse> {
    Ok(data(tasks::update_task(&ctx, &id, b.data).await?))
}

async fn delete(Auth(ctx): Auth, Path(id): Path<String>) -> Result<impl IntoResponse> {
    tasks::delete_task(&ctx, &id).await?;
    Ok(empty())
}
