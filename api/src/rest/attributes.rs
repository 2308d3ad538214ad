//! `/v2/{target}/{identifier}/attributes...` for target `objects` and `lists`.

use super::{data, documented_400, Auth, Body, Params, Wrapped};
use crate::attributes::{self, AttributePatch, ChoicePatch, NewAttribute, NewChoice, Target};
use crate::choices::ChoiceKind;
use crate::error::Result;
use crate::state::AppState;
use axum::extract::Path;
use axum::response::IntoResponse;
use axum::routing::{get, patch, post};
use axum::Router;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new().merge(routes::<false>("objects")).merge(routes::<true>("lists"))
}

fn routes<const LISTS: bool>(target: &str) -> Router<AppState> {
    let base = format!("/v2/{target}/{{identifier}}/attributes");
    Router::new()
        .route(&base, get(list::<LISTS>).merge(post(create::<LISTS>).layer(documented_400!("validation_type"))))
        .route(
            &format!("{base}/{{attribute}}"),
            get(show::<LISTS>).merge(patch(update::<LISTS>).layer(documented_400!("system_edit_unauthorized"))),
        )
        .route(
            &format!("{base}/{{attribute}}/options"),
            get(list_options::<LISTS>).merge(post(create_option::<LISTS>).layer(documented_400!("validation_type"))),
        )
        .route(
            &format!("{base}/{{attribute}}/options/{{choice}}"),
            patch(update_option::<LISTS>).layer(documented_400!("value_not_found")),
        )
        .route(
            &format!("{base}/{{attribute}}/statuses"),
            get(list_statuses::<LISTS>).merge(post(create_status::<LISTS>).layer(documented_400!("validation_type"))),
        )
        .route(
            &format!("{base}/{{attribute}}/statuses/{{choice}}"),
            patch(update_status::<LISTS>).layer(documented_400!("value_not_found")),
        )
}

fn target<const LISTS: bool>() -> Target {
    if LISTS {
        Target::Lists
    } else {
        Target::Objects
    }
}

#[derive(Deserialize, Default)]
struct ListParams {
    limit: Option<usize>,
    offset: Option<usize>,
    #[serde(default)]
    show_archived: bool,
}

async fn list<const L: bool>(
    Auth(ctx): Auth,
    Path(id): Path<String>,
    Params(p): Params<ListParams>,
) -> Result<impl IntoResponse> {
    let all = attributes::list_attributes(&ctx, target::<L>(), &id, p.show_archived).await?;
    let page: Vec<_> = all.into_iter().skip(p.offset.unwrap_or(0)).take(p.limit.unwrap_or(usize::MAX)).collect();
    Ok(data(page))
}

async fn create<const L: bool>(
    Auth(ctx): Auth,
    Path(id): Path<String>,
    Body(b): Body<Wrapped<NewAttribute>>,
) -> Result<impl IntoResponse> {
    Ok(data(attributes::create_attribute(&ctx, target::<L>(), &id, b.data).await?))
}

async fn show<const L: bool>(
    Auth(ctx): Auth,
    Path((id, attribute)): Path<(String, String)>,
) -> Result<impl IntoResponse> {
    Ok(data(attributes::get_attribute(&ctx, target::<L>(), &id, &attribute).await?))
}

async fn update<const L: bool>(
    Auth(ctx): Auth,
    Path((id, attribute)): Path<(String, String)>,
    Body(b): Body<Wrapped<AttributePatch>>,
) -> Result<impl IntoResponse> {
    Ok(data(attributes::update_attribute(&ctx, target::<L>(), &id, &attribute, b.data).await?))
}

#[derive(Deserialize, Default)]
struct ArchivedParams {
    #[serde(default)]
    show_archived: bool,
}

async fn list_options<const L: bool>(
    Auth(ctx): Auth,
    Path((id, attribute)): Path<(String, String)>,
    Params(p): Params<ArchivedParams>,
) -> Result<impl IntoResponse> {
    Ok(data(attributes::list_options(&ctx, target::<L>(), &id, &attribute, p.show_archived).await?))
}

async fn list_statuses<const L: bool>(
    Auth(ctx): Auth,
    Path((id, attribute)): Path<(String, String)>,
    Params(p): Params<ArchivedParams>,
) -> Result<impl IntoResponse> {
    Ok(data(attributes::list_statuses(&ctx, target::<L>(), &id, &attribute, p.show_archived).await?))
}

async fn create_option<const L: bool>(
    Auth(ctx): Auth,
    Path((id, attribute)): Path<(String, String)>,
    Body(b): Body<Wrapped<NewChoice>>,
) -> Result<impl IntoResponse> {
    Ok(data(attributes::create_choice(&ctx, ChoiceKind::Option, target::<L>(), &id, &attribute, b.data).await?))
}

async fn create_status<const L: bool>(
    Auth(ctx): Auth,
    Path((id, attribute)): Path<(String, String)>,
    Body(b): Body<Wrapped<NewChoice>>,
) -> Result<impl IntoResponse> {
    Ok(data(attributes::create_choice(&ctx, ChoiceKind::Status, target::<L>(), &id, &attribute, b.data).await?))
}

async fn update_option<const L: bool>(
    Auth(ctx): Auth,
    Path((id, attribute, choice)): Path<(String, String, String)>,
    Body(b): Body<Wrapped<ChoicePatch>>,
) -> Result<impl IntoResponse> {
    Ok(data(
        attributes::update_choice(&ctx, ChoiceKind::Option, target::<L>(), &id, &attribute, &choice, b.data).await?,
    ))
}

async fn update_status<const L: bool>(
    Auth(ctx): Auth,
    Path((id, attribute, choice)): Path<(String, String, String)>,
    Body(b): Body<Wrapped<ChoicePatch>>,
) -> Result<impl IntoResponse> {
    Ok(data(
        attributes::update_choice(&ctx, ChoiceKind::Status, target::<L>(), &id, &attribute, &choice, b.data).await?,
    ))
}
