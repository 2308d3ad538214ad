use super::{data, documented_400, empty, Auth, Body, Params, Wrapped};
use crate::error::Result;
use crate::state::AppState;
use crate::webhooks::{self, NewWebhook, Page, WebhookPatch};
use axum::extract::Path;
use axum::response::IntoResponse;
use axum::routing::{get, patch, post};
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v2/webhooks", get(list).merge(post(create).layer(documented_400!("validation_type"))))
        .route("/v2/webhooks/{webhook}", get(show).merge(patch(update)).delete(delete))
        // Not in Attio's API: the delivery log the settings page shows.
        .route("/v2/webhooks/{webhook}/deliveries", get(deliveries))
}

async fn list(Auth(ctx): Auth, Params(page): Params<Page>) -> Result<impl IntoResponse> {
    Ok(data(webhooks::list_webhooks(&ctx, page).await?))
}

async fn create(Auth(ctx): Auth, Body(b): Body<Wrapped<NewWebhook>>) -> Result<impl IntoResponse> {
    Ok(data(webhooks::create_webhook(&ctx, b.data).await?))
}

async fn show(Auth(ctx): Auth, Path(id): Path<String>) -> Result<impl IntoResponse> {
    Ok(data(webhooks::get_webhook(&ctx, &id).await?))
}

async fn update(
    Auth(ctx): Auth,
    Path(id): Path<String>,
    Body(b): Body<Wrapped<WebhookPatch>>,
) -> Result<impl IntoResponse> {
    Ok(data(webhooks::update_webhook(&ctx, &id, b.data).await?))
}

async fn delete(Auth(ctx): Auth, Path(id): Path<String>) -> Result<impl IntoResponse> {
    webhooks::delete_webhook(&ctx, &id).await?;
    Ok(empty())
}

async fn deliveries(Auth(ctx): Auth, Path(id): Path<String>) -> Result<impl IntoResponse> {
    Ok(data(webhooks::deliveries(&ctx, &id, 100).await?))
}
