//! Workspaces: the unit of tenancy. Every query of the service layer is scoped to one.

use crate::catalog::parse_uuid;
use crate::ctx::Workspace;
use crate::db::Db;
use crate::error::{is_unique_violation, ApiError, Result};
use crate::schema::Workspaces;
use crate::seed;
use crate::slug::Slug;
use crate::time;
use model::ids::WorkspaceId;
use sea_query::{Expr, Query};
use sqlx::Row;

/// Creates a workspace with the standard objects, in one transaction.
pub async fn create_workspace(db: &Db, slug: &str, name: Option<&str>) -> Result<Workspace> {
    let slug = Slug::parse(slug)?;
    let name = name.map(str::trim).filter(|n| !n.is_empty()).unwrap_or(slug.as_str()).to_owned();
    let id = WorkspaceId::new();
    let mut wtx = db.begin_write().await?;
    let q = Query::insert()
        .into_table(Workspaces::Table)
        .columns([Workspaces::Id, Workspaces::Slug, Workspaces::Name, Workspaces::CreatedAt])
        .values_panic([
            id.to_string().into(),
            slug.as_str().into(),
            name.clone().into(),
            time::to_db(time::now()).into(),
        ])
        .to_owned();
    db.execute(&mut wtx.tx, &q).await.map_err(|e| {
        if is_unique_violation(&e) {
            ApiError::slug_conflict(format!("A workspace with slug \"{slug}\" already exists."))
        } else {
            e.into()
        }
    })?;
    seed::standard_objects(db, &mut wtx.tx, id).await?;
    wtx.commit().await?;
    Ok(Workspace { id, slug: slug.to_string(), name, catalog_version: 0 })
}

pub async fn find_workspace(db: &Db, slug: &str) -> Result<Workspace> {
    let q = Query::select()
        .columns([Workspaces::Id, Workspaces::Slug, Workspaces::Name, Workspaces::CatalogVersion])
        .from(Workspaces::Table)
        .and_where(Expr::col(Workspaces::Slug).eq(slug))
        .to_owned();
    let row =
        db.read_optional(&q).await?.ok_or_else(|| ApiError::not_found(format!("Workspace \"{slug}\" not found.")))?;
    Ok(Workspace {
        id: WorkspaceId(parse_uuid(row.try_get("id")?)?),
        slug: row.try_get("slug")?,
        name: row.try_get("name")?,
        catalog_version: row.try_get("catalog_version")?,
    })
}
