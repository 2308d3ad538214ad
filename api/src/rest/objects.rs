use super::{data, documented_400, empty, Auth, Body, Wrapped};
use crate::error::Result;
use crate::objects::{self, NewObject, ObjectPatch};
use crate::state::AppState;
use axum::extract::Path;
use axum::response::IntoResponse;
use axum::routing::{get, patch};
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new().route("/v2/objects", get(list).post(create)).route(
        "/v2/objects/{object}",
        get(show).merge(patch(update).layer(documented_400!("validation_type"))).delete(delete),
    )
}

async fn list(Auth(ctx): Auth) -> Result<impl IntoResponse> {
    Ok(data(objects::list_objects(&ctx).await?))
}

async fn show(Auth(ctx): Auth, Path(object): Path<String>) -> Result<impl IntoResponse> {
    Ok(data(objects::get_object(&ctx, &object).await?))
}

async fn create(Auth(ctx): Auth, Body(body): Body<Wrapped<NewObject>>) -> Result<impl IntoResponse> {
    Ok(data(objects::create_object(&ctx, body.data).await?))
}

async fn update(
    Auth(ctx): Auth,
    Path(object): Path<String>,
    Body(body): Body<Wrapped<ObjectPatch>>,
) -> Result<impl IntoResponse> {
    Ok(data(objects::update_object(&ctx, &object, body.data).await?))
}

async fn delete(Auth(ctx): Auth, Path(object): Path<String>) -> Result<impl IntoResponse> {
    objects::delete_object(&ctx, &object).await?;
    Ok(empty())
}
