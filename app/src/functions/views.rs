//! Saved views of an object's table: saving the current filter and sort under a name, and
//! the views the sidebar lists. The same service functions as `/v2/objects/{object}/views`.

use super::AppError;
use leptos::prelude::*;
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
    use crate::table::SortState;
    use model::query::Direction;

    let views = api::views::saved_views(ctx, api::views::Parent::Object(object), false).await?;
    Ok(views
        .into_iter()
        .map(|view| {
            let sort = view.config.sorts.first();
            let state = ViewState {
                sort: SortState {
                    attribute: sort.and_then(|s| s.attribute.clone()),
                    descending: sort.is_some_and(|s| s.direction == Direction::Desc),
                },
                filter: view.config.filter.as_ref().map(|f| f.to_string()),
            };
            ViewLink { id: view.id.view_id().to_string(), title: view.title, href: state.href(object) }
        })
        .collect())
}

/// Saves the table's filter and sort as a view of `object` named `title`.
#[server]
pub async fn save_view(
    object: String,
    title: String,
    filter: Option<String>,
    sort: Option<String>,
    descending: bool,
) -> Result<(), AppError> {
    use model::query::{Direction, Sort};
    use model::wire::{ViewConfig, ViewKind};

    let ctx = super::session::context().await?;
    let filter = filter
        .map(|f| serde_json::from_str(&f).map_err(|e| AppError::Other(format!("The filter is not valid JSON: {e}"))))
        .transpose()?;
    let direction = if descending { Direction::Desc } else { Direction::Asc };
    let sorts = sort
        .into_iter()
        .map(|attribute| Sort { direction, attribute: Some(attribute), path: None, field: None })
        .collect();
    let new = api::views::NewView {
        title,
        kind: ViewKind::Table,
        config: ViewConfig { filter, sorts, ..Default::default() },
    };
    api::views::create_view(&ctx, api::views::Parent::Object(&object), new).await?;
    Ok(())
}
