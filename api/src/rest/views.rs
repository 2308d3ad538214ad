//! Saved views: Attio's listing (`GET /v2/objects/{object}/views`, `GET /v2/lists/{list}/views`)
//! and our own routes that create, read, change and delete a view.

use super::{data, empty, Auth, Body, Params, Wrapped};
use crate::error::Result;
use crate::state::AppState;
use crate::views::{self, NewView, Parent, ViewListParams, ViewPatch};
use axum::extract::Path;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v2/objects/{object}/views", get(list_object).post(create_object))
        .route("/v2/objects/{object}/views/{view}", get(show_object).patch(update_object).delete(delete_object))
        .route("/v2/lists/{list}/views", get(list_list).post(create_list))
        .route("/v2/lists/{list}/views/{view}", get(show_list).patch(update_list).delete(delete_list))
}

async fn list_object(
    Auth(ctx): Auth,
    Path(object): Path<String>,
    Params(p): Params<ViewListParams>,
) -> Result<impl IntoResponse> {
    Ok(Json(views::list_views(&ctx, Parent::Object(&object), &p).await?))
}

async fn list_list(
    Auth(ctx): Auth,
    Path(list): Path<String>,
    Params(p): Params<ViewListParams>,
) -> Result<impl IntoResponse> {
    Ok(Json(views::list_views(&ctx, Parent::List(&list), &p).await?))
}

async fn create_object(
    Auth(ctx): Auth,
    Path(object): Path<String>,
    Body(b): Body<Wrapped<NewView>>,
) -> Result<impl IntoResponse> {
    Ok(data(views::create_view(&ctx, Parent::Object(&object), b.data).await?))
}

async fn create_list(
    Auth(ctx): Auth,
    Path(list): Path<String>,
    Body(b): Body<Wrapped<NewView>>,
) -> Result<impl IntoResponse> {
    Ok(data(views::create_view(&ctx, Parent::List(&list), b.data).await?))
}

async fn show_object(Auth(ctx): Auth, Path((object, view)): Path<(String, String)>) -> Result<impl IntoResponse> {
    Ok(data(views::get_view(&ctx, Parent::Object(&object), &view).await?))
}

async fn show_list(Auth(ctx): Auth, Path((list, view)): Path<(String, String)>) -> Result<impl IntoResponse> {
    Ok(data(views::get_view(&ctx, Parent::List(&list), &view).await?))
}

async fn update_object(
    Auth(ctx): Auth,
    Path((object, view)): Path<(String, String)>,
    Body(b): Body<Wrapped<ViewPatch>>,
) -> Result<impl IntoResponse> {
    Ok(data(views::update_view(&ctx, Parent::Object(&object), &view, b.data).await?))
}

async fn update_list(
    Auth(ctx): Auth,
    Path((list, view)): Path<(String, String)>,
    Body(b): Body<Wrapped<ViewPatch>>,
) -> Result<impl IntoResponse> {
    Ok(data(views::update_view(&ctx, Parent::List(&list), &view, b.data).await?))
}

async fn delete_object(Auth(ctx): Auth, Path((object, view)): Path<(String, String)>) -> Result<impl IntoResponse> {
    views::delete_view(&ctx, Parent::Object(&object), &view).await?;
    Ok(empty())
}

async fn delete_list(Auth(ctx): Auth, Path((list, view)): Path<(String, String)>) -> Result<impl IntoResponse> {
    views::delete_view(&ctx, Parent::List(&list), &view).await?;
    Ok(empty())
}
