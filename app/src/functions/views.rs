//! Saved views of an object's table: saving the current filter, sorts and columns under a
//! name, saving changes to a view, renaming and deleting one, and the views the sidebar
//! lists. The same service functions as `/v2/objects/{object}/views`.

use super::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use model::wire::ViewConfig;
use serde::{Deserialize, Serialize};

/// A saved view as the sidebar links to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ViewLink {
    pub id: String,
    pub title: String,
    /// The object's table with the view's filter and sort.
    pub href: String,
}

/// A saved view as the sidebar links to it: the object's table with its configuration.
#[cfg(feature = "ssr")]
fn link(object: &str, view: model::wire::SavedView) -> ViewLink {
    use crate::table::view_state::ViewState;

    let id = view.id.view_id().to_string();
    let href = ViewState::from_config(&view.config).in_view(Some(id.clone())).href(object);
    ViewLink { id, title: view.title, href }
}

/// The saved views of an object, as links.
#[cfg(feature = "ssr")]
pub(super) async fn view_links(ctx: &api::Ctx, object: &str) -> Result<Vec<ViewLink>, AppError> {
    let views = api::views::saved_views(ctx, api::views::Parent::Object(object), false).await?;
    Ok(views.into_iter().map(|view| link(object, view)).collect())
}

/// Saves a table's filter, sorts and columns as a view of `object` named `title`, and
/// answers its link.
#[server(input = Json)]
pub async fn save_view(object: String, title: String, config: ViewConfig) -> Result<ViewLink, AppError> {
    use model::wire::ViewKind;

    let ctx = super::session::context().await?;
    let new = api::views::NewView { title, kind: ViewKind::Table, config };
    let saved = api::views::create_view(&ctx, api::views::Parent::Object(&object), new).await?;
    Ok(link(&object, saved))
}

/// Changes saved view `view_id` of `object`: its name, its configuration, or both.
#[server(input = Json)]
pub async fn change_view(
    object: String,
    view_id: String,
    title: Option<String>,
    config: Option<ViewConfig>,
) -> Result<(), AppError> {
    let ctx = super::session::context().await?;
    let patch = api::views::ViewPatch { title, kind: None, config, is_archived: None };
    api::views::update_view(&ctx, api::views::Parent::Object(&object), &view_id, patch).await?;
    Ok(())
}

/// Deletes saved view `view_id` of `object`.
#[server]
pub async fn delete_view(object: String, view_id: String) -> Result<(), AppError> {
    let ctx = super::session::context().await?;
    api::views::delete_view(&ctx, api::views::Parent::Object(&object), &view_id).await?;
    Ok(())
}
