//! Saved views of a table, of an object or of a list: saving the current filter, sorts and
//! columns under a name, saving changes to a view, renaming and deleting one, and the views
//! the sidebar lists. The same service functions as `/v2/objects/{object}/views` and
//! `/v2/lists/{list}/views`.

use super::AppError;
use crate::table::source::Source;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use model::wire::ViewConfig;
use serde::{Deserialize, Serialize};

/// A saved view as the sidebar links to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ViewLink {
    pub id: String,
    pub title: String,
    /// The table with the view's filter, sorts and columns.
    pub href: String,
}

#[cfg(feature = "ssr")]
fn parent(source: &Source) -> api::views::Parent<'_> {
    match source {
        Source::Object(slug) => api::views::Parent::Object(slug),
        Source::List(slug) => api::views::Parent::List(slug),
    }
}

/// A saved view as the sidebar links to it: the table with its configuration.
#[cfg(feature = "ssr")]
fn link(source: &Source, view: model::wire::SavedView) -> ViewLink {
    use crate::table::view_state::ViewState;

    let id = view.id.view_id().to_string();
    let href = ViewState::from_config(&view.config).in_view(Some(id.clone())).href(&source.path());
    ViewLink { id, title: view.title, href }
}

/// The saved views of a table, as links.
#[cfg(feature = "ssr")]
pub(super) async fn view_links(ctx: &api::Ctx, source: &Source) -> Result<Vec<ViewLink>, AppError> {
    let views = api::views::saved_views(ctx, parent(source), false).await?;
    Ok(views.into_iter().map(|view| link(source, view)).collect())
}

/// Saves a table's filter, sorts and columns as a view named `title`, and answers its link.
#[server(input = Json)]
pub async fn save_view(source: Source, title: String, config: ViewConfig) -> Result<ViewLink, AppError> {
    use model::wire::ViewKind;

    let ctx = super::session::context().await?;
    let kind = if config.group_by.is_some() { ViewKind::Board } else { ViewKind::Table };
    let new = api::views::NewView { title, kind, config };
    let saved = api::views::create_view(&ctx, parent(&source), new).await?;
    Ok(link(&source, saved))
}

/// Changes saved view `view_id` of a table: its name, its configuration, or both.
#[server(input = Json)]
pub async fn change_view(
    source: Source,
    view_id: String,
    title: Option<String>,
    config: Option<ViewConfig>,
) -> Result<(), AppError> {
    let ctx = super::session::context().await?;
    use model::wire::ViewKind;

    let kind = config.as_ref().map(|c| if c.group_by.is_some() { ViewKind::Board } else { ViewKind::Table });
    let patch = api::views::ViewPatch { title, kind, config, is_archived: None };
    api::views::update_view(&ctx, parent(&source), &view_id, patch).await?;
    Ok(())
}

/// Deletes saved view `view_id` of a table.
#[server(input = Json)]
pub async fn delete_view(source: Source, view_id: String) -> Result<(), AppError> {
    let ctx = super::session::context().await?;
    api::views::delete_view(&ctx, parent(&source), &view_id).await?;
    Ok(())
}
