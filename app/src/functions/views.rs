//! Saved views of an object's table: saving the current filter and sort under a name, and
//! the views the sidebar lists. The same service functions as `/v2/objects/{object}/views`.

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

/// The saved views of an object, as links.
#[cfg(feature = "ssr")]
pub(super) async fn view_links(ctx: &api::Ctx, object: &str) -> Result<Vec<ViewLink>, AppError> {
    use crate::table::view_state::ViewState;

    let views = api::views::saved_views(ctx, api::views::Parent::Object(object), false).await?;
    Ok(views
        .into_iter()
        .map(|view| ViewLink {
            id: view.id.view_id().to_string(),
            title: view.title,
            href: ViewState::from_config(&view.config).href(object),
        })
        .collect())
}

/// Saves a table's filter, sorts and columns as a view of `object` named `title`.
#[server(input = Json)]
pub async fn save_view(object: String, title: String, config: ViewConfig) -> Result<(), AppError> {
    use model::wire::ViewKind;

    let ctx = super::session::context().await?;
    let new = api::views::NewView { title, kind: ViewKind::Table, config };
    api::views::create_view(&ctx, api::views::Parent::Object(&object), new).await?;
    Ok(())
}
