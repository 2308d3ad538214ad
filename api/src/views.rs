//! Saved views of an object or a list: a table or a board with its filter, sorts, columns and
//! grouping. Attio's API lists them (`GET /v2/objects/{object}/views`); our own routes create,
//! read, change and archive them, and the web app reads them through the same functions.

use crate::catalog::{parse_uuid, ObjectSchema};
use crate::ctx::Ctx;
use crate::cursor::PageParams;
use crate::error::{ApiError, Result};
use crate::scopes::Access;
use crate::time;
use model::ids::{ListId, ObjectId, ViewId, WorkspaceId};
use model::query::QueryRequest;
use model::wire::{Actor, Paged, Pagination, SavedView, ViewConfig, ViewIdent, ViewKind, ViewSummary};
use model::AttributeType;
use sea_query::{Expr, Iden, Order, Query};
use serde::Deserialize;
use sqlx::any::AnyRow;
use sqlx::Row;
use std::sync::Arc;

#[derive(Iden, Clone, Copy)]
enum Views {
    Table,
    Id,
    WorkspaceId,
    ParentKind,
    ParentId,
    Title,
    Kind,
    Config,
    IsArchived,
    CreatedBy,
    CreatedAt,
}

const COLUMNS: [Views; 10] = [
    Views::Id,
    Views::WorkspaceId,
    Views::ParentKind,
    Views::ParentId,
    Views::Title,
    Views::Kind,
    Views::Config,
    Views::IsArchived,
    Views::CreatedBy,
    Views::CreatedAt,
];

/// What a view belongs to, as named in a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Parent<'a> {
    Object(&'a str),
    List(&'a str),
}

impl Parent<'_> {
    fn area(self) -> &'static str {
        match self {
            Parent::Object(_) => "object_configuration",
            Parent::List(_) => "list_configuration",
        }
    }
}

/// The container a view shows, resolved: its schema, and for a list its parent object's.
struct Container {
    kind: &'static str,
    schema: Arc<ObjectSchema>,
    parent_object: Option<Arc<ObjectSchema>>,
}

impl Container {
    async fn load(ctx: &Ctx, parent: Parent<'_>) -> Result<Self> {
        match parent {
            Parent::Object(object) => {
                Ok(Self { kind: "object", schema: ObjectSchema::load(ctx, object).await?, parent_object: None })
            }
            Parent::List(list) => {
                let (list, schema) = crate::lists::list_schema(ctx, list).await?;
                let parent_object = ObjectSchema::load(ctx, &list.parent_object_id.to_string()).await?;
                Ok(Self { kind: "list", schema, parent_object: Some(parent_object) })
            }
        }
    }

    fn ident(&self, workspace_id: WorkspaceId, view_id: ViewId) -> ViewIdent {
        let parent = self.schema.object.id.0;
        match self.kind {
            "list" => ViewIdent::List { workspace_id, list_id: ListId(parent), view_id },
            _ => ViewIdent::Object { workspace_id, object_id: ObjectId(parent), view_id },
        }
    }

    /// Checks that a configuration can be shown here: its filter and sorts compile against
    /// the container, its columns and grouping name attributes that exist.
    async fn validate(&self, ctx: &Ctx, kind: ViewKind, config: &ViewConfig) -> Result<()> {
        let query =
            QueryRequest { filter: config.filter.clone(), sorts: config.sorts.clone(), limit: Some(0), offset: None };
        crate::records::query_rows(ctx, &self.schema, query).await?;
        for column in &config.columns {
            // A list's column may name its parent object's attribute, as `parent.{slug}` or,
            // where the list has no attribute of that slug, bare.
            let parent_slug = column.attribute.strip_prefix("parent.").unwrap_or(&column.attribute);
            let known = self.schema.attribute(&column.attribute).is_ok()
                || self.parent_object.as_ref().is_some_and(|p| p.attribute(parent_slug).is_ok());
            if !known {
                return Err(ApiError::validation(format!("Unknown column attribute \"{}\".", column.attribute)));
            }
            if column.width.is_some_and(|w| !(40..=2000).contains(&w)) {
                return Err(ApiError::validation("Column widths must be from 40 to 2000 pixels."));
            }
        }
        match (&config.group_by, kind) {
            (None, ViewKind::Board) => {
                Err(ApiError::validation("A board needs \"group_by\": a status or select attribute."))
            }
            (Some(slug), _) => {
                let attr = self.schema.attribute(slug)?;
                if !matches!(attr.kind, AttributeType::Status | AttributeType::Select) {
                    return Err(ApiError::validation(format!(
                        "\"group_by\" must be a status or select attribute; \"{slug}\" is not."
                    )));
                }
                Ok(())
            }
            (None, ViewKind::Table) => Ok(()),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewView {
    pub title: String,
    #[serde(default, rename = "type")]
    pub kind: ViewKind,
    #[serde(default)]
    pub config: ViewConfig,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ViewPatch {
    pub title: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<ViewKind>,
    pub config: Option<ViewConfig>,
    pub is_archived: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
pub struct ViewListParams {
    #[serde(default)]
    pub show_archived: bool,
    #[serde(flatten)]
    pub page: PageParams,
}

fn title(s: &str) -> Result<String> {
    let s = s.trim();
    if s.is_empty() || s.chars().count() > 128 {
        return Err(ApiError::validation("\"title\" must be 1 to 128 characters."));
    }
    Ok(s.to_owned())
}

fn kind_name(kind: ViewKind) -> &'static str {
    match kind {
        ViewKind::Table => "table",
        ViewKind::Board => "board",
    }
}

fn view_from_row(container: &Container, row: &AnyRow) -> Result<SavedView> {
    let json = |col: &str| -> Result<serde_json::Value> {
        Ok(serde_json::from_str(&row.try_get::<String, _>(col)?).map_err(anyhow::Error::from)?)
    };
    let id = ViewId(parse_uuid(row.try_get("id")?)?);
    let workspace_id = WorkspaceId(parse_uuid(row.try_get("workspace_id")?)?);
    Ok(SavedView {
        id: container.ident(workspace_id, id),
        title: row.try_get("title")?,
        kind: match row.try_get::<String, _>("kind")?.as_str() {
            "board" => ViewKind::Board,
            _ => ViewKind::Table,
        },
        config: serde_json::from_value(json("config")?).map_err(anyhow::Error::from)?,
        is_archived: row.try_get::<i64, _>("is_archived")? != 0,
        created_by_actor: serde_json::from_value::<Actor>(json("created_by")?).map_err(anyhow::Error::from)?,
        created_at: time::from_db(row.try_get("created_at")?)?,
    })
}

async fn views_of(ctx: &Ctx, container: &Container, show_archived: bool) -> Result<Vec<SavedView>> {
    let mut q = Query::select();
    q.columns(COLUMNS)
        .from(Views::Table)
        .and_where(Expr::col(Views::WorkspaceId).eq(ctx.workspace_id().to_string()))
        .and_where(Expr::col(Views::ParentId).eq(container.schema.object.id.0.to_string()))
        .order_by(Views::CreatedAt, Order::Asc)
        .order_by(Views::Id, Order::Asc);
    if !show_archived {
        q.and_where(Expr::col(Views::IsArchived).eq(0));
    }
    ctx.db.read_all(&q).await?.iter().map(|r| view_from_row(container, r)).collect()
}

/// `GET /v2/objects/{object}/views` (or a list's): Attio's listing, oldest first.
pub async fn list_views(ctx: &Ctx, parent: Parent<'_>, params: &ViewListParams) -> Result<Paged<Vec<ViewSummary>>> {
    ctx.require(&[(parent.area(), Access::Read)])?;
    let container = Container::load(ctx, parent).await?;
    let views = views_of(ctx, &container, params.show_archived).await?;
    let (page, next_cursor) = params.page.page(views, 500)?;
    let data = page.into_iter().map(|v| ViewSummary { id: v.id, title: v.title, created_at: v.created_at }).collect();
    Ok(Paged { data, pagination: Pagination { next_cursor } })
}

/// Every view of a container with its configuration, archived ones included on request:
/// what the web app's view switcher shows.
pub async fn saved_views(ctx: &Ctx, parent: Parent<'_>, show_archived: bool) -> Result<Vec<SavedView>> {
    ctx.require(&[(parent.area(), Access::Read)])?;
    let container = Container::load(ctx, parent).await?;
    views_of(ctx, &container, show_archived).await
}

async fn find(ctx: &Ctx, container: &Container, id: &str) -> Result<SavedView> {
    let not_found = || ApiError::not_found(format!("View with ID \"{id}\" not found."));
    let view_id: ViewId = id.parse().map_err(|_| not_found())?;
    let q = Query::select()
        .columns(COLUMNS)
        .from(Views::Table)
        .and_where(Expr::col(Views::WorkspaceId).eq(ctx.workspace_id().to_string()))
        .and_where(Expr::col(Views::ParentId).eq(container.schema.object.id.0.to_string()))
        .and_where(Expr::col(Views::Id).eq(view_id.to_string()))
        .to_owned();
    view_from_row(container, &ctx.db.read_optional(&q).await?.ok_or_else(not_found)?)
}

pub async fn get_view(ctx: &Ctx, parent: Parent<'_>, id: &str) -> Result<SavedView> {
    ctx.require(&[(parent.area(), Access::Read)])?;
    let container = Container::load(ctx, parent).await?;
    find(ctx, &container, id).await
}

pub async fn create_view(ctx: &Ctx, parent: Parent<'_>, new: NewView) -> Result<SavedView> {
    ctx.require_scopes(&[(parent.area(), Access::ReadWrite)])?;
    let container = Container::load(ctx, parent).await?;
    let title = title(&new.title)?;
    container.validate(ctx, new.kind, &new.config).await?;
    let id = ViewId::new();
    let q = Query::insert()
        .into_table(Views::Table)
        .columns(COLUMNS)
        .values_panic([
            id.to_string().into(),
            ctx.workspace_id().to_string().into(),
            container.kind.into(),
            container.schema.object.id.0.to_string().into(),
            title.into(),
            kind_name(new.kind).into(),
            serde_json::to_string(&new.config).map_err(anyhow::Error::from)?.into(),
            0i64.into(),
            ctx.actor_json().to_string().into(),
            time::to_db(time::now()).into(),
        ])
        .to_owned();
    let c = ctx.clone();
    ctx.db.write(move |conn| Box::pin(async move { Ok(c.db.execute(&mut *conn, &q).await.map(drop)?) })).await?;
    find(ctx, &container, &id.to_string()).await
}

pub async fn update_view(ctx: &Ctx, parent: Parent<'_>, id: &str, patch: ViewPatch) -> Result<SavedView> {
    ctx.require_scopes(&[(parent.area(), Access::ReadWrite)])?;
    let container = Container::load(ctx, parent).await?;
    let current = find(ctx, &container, id).await?;
    let kind = patch.kind.unwrap_or(current.kind);
    let config = patch.config.clone().unwrap_or_else(|| current.config.clone());
    if patch.kind.is_some() || patch.config.is_some() {
        container.validate(ctx, kind, &config).await?;
    }
    let mut q = Query::update();
    q.table(Views::Table);
    let mut any = false;
    if let Some(t) = &patch.title {
        q.value(Views::Title, title(t)?);
        any = true;
    }
    if patch.kind.is_some() {
        q.value(Views::Kind, kind_name(kind));
        any = true;
    }
    if patch.config.is_some() {
        q.value(Views::Config, serde_json::to_string(&config).map_err(anyhow::Error::from)?);
        any = true;
    }
    if let Some(archived) = patch.is_archived {
        q.value(Views::IsArchived, i64::from(archived));
        any = true;
    }
    if !any {
        return Err(ApiError::validation("The request must change at least one field."));
    }
    q.and_where(Expr::col(Views::Id).eq(current.id.view_id().to_string()));
    let c = ctx.clone();
    ctx.db.write(move |conn| Box::pin(async move { Ok(c.db.execute(&mut *conn, &q).await.map(drop)?) })).await?;
    find(ctx, &container, id).await
}

pub async fn delete_view(ctx: &Ctx, parent: Parent<'_>, id: &str) -> Result<()> {
    ctx.require_scopes(&[(parent.area(), Access::ReadWrite)])?;
    let container = Container::load(ctx, parent).await?;
    let view = find(ctx, &container, id).await?;
    let q = Query::delete()
        .from_table(Views::Table)
        .and_where(Expr::col(Views::Id).eq(view.id.view_id().to_string()))
        .to_owned();
    let c = ctx.clone();
    ctx.db.write(move |conn| Box::pin(async move { Ok(c.db.execute(&mut *conn, &q).await.map(drop)?) })).await
}

/// Deletes the views of containers that are being deleted, inside their transaction.
pub(crate) fn delete_of(parents: &[uuid::Uuid]) -> sea_query::DeleteStatement {
    Query::delete()
        .from_table(Views::Table)
        .and_where(Expr::col(Views::ParentId).is_in(parents.iter().map(uuid::Uuid::to_string)))
        .to_owned()
}
