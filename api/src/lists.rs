//! Lists: named collections of records of one parent object. Each list is a container of
//! entries with attributes of its own, stored and queried exactly like records.

use crate::attributes::{insert_attribute, AttributeSpec};
use crate::catalog::{find_object, parse_uuid, ContainerKind, ObjectDef, ObjectSchema};
use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::{is_unique_violation, ApiError, Result};
use crate::schema::{Lists, Objects};
use crate::scopes::Access;
use crate::slug::Slug;
use crate::storage;
use crate::time;
use model::ids::{ListId, ObjectId, WorkspaceId};
use model::wire::{Actor, List, ListIdent};
use model::AttributeType;
use sea_query::{Expr, Order, Query};
use serde::Deserialize;
use serde_json::Value;
use sqlx::any::AnyRow;
use sqlx::Row;
use std::sync::Arc;
use uuid::Uuid;

const READ: &[(&str, Access)] = &[("list_configuration", Access::Read)];
const WRITE: &[(&str, Access)] = &[("list_configuration", Access::ReadWrite)];

#[derive(Clone, Debug)]
pub struct ListDef {
    pub id: ListId,
    pub workspace_id: WorkspaceId,
    pub api_slug: String,
    pub name: String,
    pub parent_object_id: ObjectId,
    pub parent_object_slug: String,
    pub workspace_access: Option<String>,
    pub table_name: String,
    pub created_by: Actor,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

impl ListDef {
    pub fn to_wire(&self) -> List {
        List {
            id: ListIdent { workspace_id: self.workspace_id, list_id: self.id },
            api_slug: self.api_slug.clone(),
            name: self.name.clone(),
            parent_object: vec![self.parent_object_slug.clone()],
            workspace_access: self.workspace_access.clone(),
            workspace_member_access: Vec::new(),
            created_by_actor: self.created_by.clone(),
            created_at: self.created_at,
        }
    }

    /// The list as a container of records, for the shared write and query paths.
    pub fn container(&self) -> ObjectDef {
        ObjectDef {
            kind: ContainerKind::List,
            id: ObjectId(self.id.0),
            workspace_id: self.workspace_id,
            api_slug: self.api_slug.clone(),
            singular_noun: self.name.clone(),
            plural_noun: self.name.clone(),
            table_name: self.table_name.clone(),
            created_at: self.created_at,
        }
    }

    fn from_row(row: &AnyRow) -> Result<Self> {
        let created_by: String = row.try_get(8)?;
        Ok(Self {
            id: ListId(parse_uuid(row.try_get(0)?)?),
            workspace_id: WorkspaceId(parse_uuid(row.try_get(1)?)?),
            api_slug: row.try_get(2)?,
            name: row.try_get(3)?,
            parent_object_id: ObjectId(parse_uuid(row.try_get(4)?)?),
            workspace_access: row.try_get(5)?,
            table_name: row.try_get(6)?,
            created_at: time::from_db(row.try_get(7)?)?,
            created_by: serde_json::from_str(&created_by).map_err(anyhow::Error::from)?,
            parent_object_slug: row.try_get(9)?,
        })
    }
}

fn select() -> sea_query::SelectStatement {
    Query::select()
        .columns([
            (Lists::Table, Lists::Id),
            (Lists::Table, Lists::WorkspaceId),
            (Lists::Table, Lists::ApiSlug),
            (Lists::Table, Lists::Name),
            (Lists::Table, Lists::ParentObjectId),
            (Lists::Table, Lists::WorkspaceAccess),
            (Lists::Table, Lists::TableName),
            (Lists::Table, Lists::CreatedAt),
            (Lists::Table, Lists::CreatedBy),
        ])
        .column((Objects::Table, Objects::ApiSlug))
        .from(Lists::Table)
        .inner_join(
            Objects::Table,
            Expr::col((Objects::Table, Objects::Id)).equals((Lists::Table, Lists::ParentObjectId)),
        )
        .to_owned()
}

pub async fn all_lists(db: &Db, workspace_id: WorkspaceId) -> Result<Vec<ListDef>> {
    let q = select()
        .and_where(Expr::col((Lists::Table, Lists::WorkspaceId)).eq(workspace_id.to_string()))
        .order_by((Lists::Table, Lists::CreatedAt), Order::Asc)
        .to_owned();
    let (sql, values) = db.sql(&q);
    sqlx::query_with(&sql, values).fetch_all(&mut *db.conn().await?).await?.iter().map(ListDef::from_row).collect()
}

/// A list of the context's workspace by slug or id, from the cache when current; 404
/// otherwise.
pub async fn find_list(ctx: &Ctx, identifier: &str) -> Result<ListDef> {
    let (ws, version) = (ctx.workspace_id(), ctx.workspace.catalog_version);
    if let Some(list) = ctx.catalog.list(ws, identifier, version) {
        return Ok((*list).clone());
    }
    let list = read_list(ctx, identifier).await?;
    ctx.catalog.put_list(ws, identifier, version, Arc::new(list.clone()));
    Ok(list)
}

async fn read_list(ctx: &Ctx, identifier: &str) -> Result<ListDef> {
    let mut q = select();
    q.and_where(Expr::col((Lists::Table, Lists::WorkspaceId)).eq(ctx.workspace_id().to_string()));
    match Uuid::parse_str(identifier) {
        Ok(id) => q.and_where(Expr::col((Lists::Table, Lists::Id)).eq(id.to_string())),
        Err(_) => q.and_where(Expr::col((Lists::Table, Lists::ApiSlug)).eq(identifier)),
    };
    let (sql, values) = ctx.db.sql(&q);
    let row = sqlx::query_with(&sql, values).fetch_optional(&mut *ctx.db.conn().await?).await?;
    row.map(|r| ListDef::from_row(&r))
        .transpose()?
        .ok_or_else(|| ApiError::not_found(format!("List with slug/ID \"{identifier}\" not found.")))
}

/// The schema of a list's entries, cached like object schemas.
pub async fn list_schema(ctx: &Ctx, identifier: &str) -> Result<(ListDef, Arc<ObjectSchema>)> {
    let list = find_list(ctx, identifier).await?;
    let schema = ObjectSchema::load_container(ctx, &format!("list:{}", list.id), list.container()).await?;
    Ok((list, schema))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewList {
    pub name: String,
    pub api_slug: String,
    pub parent_object: String,
    #[serde(default)]
    pub workspace_access: Option<String>,
    #[serde(default)]
    pub workspace_member_access: Vec<Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListPatch {
    pub name: Option<String>,
    pub api_slug: Option<String>,
    pub workspace_access: Option<String>,
    #[serde(default)]
    pub workspace_member_access: Option<Vec<Value>>,
}

fn access(level: Option<&str>) -> Result<Option<String>> {
    match level {
        None => Ok(None),
        Some(l @ ("full-access" | "read-and-write" | "read-only")) => Ok(Some(l.to_owned())),
        Some(other) => Err(ApiError::validation(format!(
            "Unknown workspace_access \"{other}\": use full-access, read-and-write or read-only."
        ))),
    }
}

pub async fn list_lists(ctx: &Ctx) -> Result<Vec<List>> {
    ctx.require(READ)?;
    Ok(all_lists(&ctx.db, ctx.workspace_id()).await?.iter().map(ListDef::to_wire).collect())
}

pub async fn get_list(ctx: &Ctx, list: &str) -> Result<List> {
    ctx.require(READ)?;
    Ok(find_list(ctx, list).await?.to_wire())
}

pub async fn create_list(ctx: &Ctx, new: NewList) -> Result<List> {
    ctx.require(WRITE)?;
    let slug = Slug::parse(&new.api_slug)?;
    let name = new.name.trim();
    if name.is_empty() {
        return Err(ApiError::validation("\"name\" must not be empty."));
    }
    let parent = find_object(ctx, &new.parent_object)
        .await
        .map_err(|_| ApiError::value_not_found(format!("Object \"{}\" not found.", new.parent_object)))?;
    let access = access(new.workspace_access.as_deref())?;
    let id = ListId::new();
    let table = storage::entry_table_name(id);
    let now = time::now();
    let q = Query::insert()
        .into_table(Lists::Table)
        .columns([
            Lists::Id,
            Lists::WorkspaceId,
            Lists::ApiSlug,
            Lists::Name,
            Lists::ParentObjectId,
            Lists::WorkspaceAccess,
            Lists::TableName,
            Lists::CreatedBy,
            Lists::CreatedAt,
        ])
        .values_panic([
            id.to_string().into(),
            ctx.workspace_id().to_string().into(),
            slug.as_str().into(),
            name.into(),
            parent.id.to_string().into(),
            access.clone().into(),
            table.clone().into(),
            ctx.actor_json().to_string().into(),
            time::to_db(now).into(),
        ])
        .to_owned();
    let db = &ctx.db;
    let mut wtx = db.begin_write().await?;
    db.execute(&mut wtx.tx, &q).await.map_err(|e| {
        if is_unique_violation(&e) {
            ApiError::slug_conflict(format!("A list with slug \"{slug}\" already exists."))
        } else {
            e.into()
        }
    })?;
    storage::create_entry_table(&mut wtx.tx, &table).await?;
    let list = ListDef {
        id,
        workspace_id: ctx.workspace_id(),
        api_slug: slug.to_string(),
        name: name.to_owned(),
        parent_object_id: parent.id,
        parent_object_slug: parent.api_slug.clone(),
        workspace_access: access,
        table_name: table,
        created_by: ctx.actor(),
        created_at: now,
    };
    // The entry's parent record, as a system reference: path filters start from it.
    let mut spec = AttributeSpec::new("parent_record", "Parent record", AttributeType::RecordReference);
    spec.is_system = true;
    spec.is_writable = false;
    spec.fixed_column = Some("parent_record_id");
    spec.config.wire.record_reference.allowed_object_ids = Some(vec![parent.id]);
    insert_attribute(db, &mut wtx.tx, ctx.workspace_id(), &list.container(), spec).await?;
    ctx.commit_catalog_change(wtx).await?;
    Ok(list.to_wire())
}

pub async fn update_list(ctx: &Ctx, list: &str, patch: ListPatch) -> Result<List> {
    ctx.require(WRITE)?;
    let current = find_list(ctx, list).await?;
    let mut q = Query::update();
    q.table(Lists::Table);
    let mut any = false;
    if let Some(n) = &patch.name {
        if n.trim().is_empty() {
            return Err(ApiError::validation("\"name\" must not be empty."));
        }
        q.value(Lists::Name, n.trim());
        any = true;
    }
    if let Some(s) = &patch.api_slug {
        q.value(Lists::ApiSlug, Slug::parse(s)?.as_str());
        any = true;
    }
    if let Some(a) = &patch.workspace_access {
        q.value(Lists::WorkspaceAccess, access(Some(a))?);
        any = true;
    }
    if patch.workspace_member_access.is_some() {
        any = true;
    }
    if !any {
        return Err(ApiError::validation("The request must change at least one field."));
    }
    q.and_where(Expr::col(Lists::Id).eq(current.id.to_string()));
    let db = &ctx.db;
    let mut wtx = db.begin_write().await?;
    db.execute(&mut wtx.tx, &q).await.map_err(|e| {
        if is_unique_violation(&e) {
            ApiError::slug_conflict("A list with that slug already exists.")
        } else {
            e.into()
        }
    })?;
    ctx.commit_catalog_change(wtx).await?;
    get_list(ctx, &current.id.to_string()).await
}
