//! List entries: one parent record each, with list-level values written and queried by the
//! same code as record values.

use crate::catalog::{find_object, ObjectSchema};
use crate::ctx::Ctx;
use crate::error::{ApiError, Result};
use crate::lists::{all_lists, list_schema, ListDef};
use crate::records::{self, fetch_row, query_rows, record_exists, value_history, write_values, RecordRow, WriteMode};
use crate::schema::RecordCols;
use crate::scopes::Access;
use crate::time;
use model::ids::{EntryId, ListId, RecordId};
use model::query::QueryRequest;
use model::wire::{Entry, EntryIdent};
use sea_query::{Alias, Expr, Order, Query};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sqlx::Row;

const READ: &[(&str, Access)] = &[("list_entry", Access::Read), ("list_configuration", Access::Read)];
const WRITE: &[(&str, Access)] = &[("list_entry", Access::ReadWrite), ("list_configuration", Access::Read)];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewEntry {
    pub parent_record_id: String,
    pub parent_object: String,
    #[serde(default)]
    pub entry_values: Map<String, Value>,
}

/// PATCH and PUT bodies: only values; naming another parent is an `immutable_value` error.
#[derive(Debug, Deserialize)]
pub struct EntryPatch {
    #[serde(default)]
    pub entry_values: Map<String, Value>,
    #[serde(default)]
    pub parent_record_id: Option<String>,
    #[serde(default)]
    pub parent_object: Option<String>,
}

/// `GET /v2/objects/{object}/records/{id}/entries` items.
#[derive(Debug, Serialize)]
pub struct RecordEntry {
    pub list_id: ListId,
    pub list_api_slug: String,
    pub entry_id: EntryId,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

fn not_found(id: &str) -> ApiError {
    ApiError::not_found(format!("Entry with ID \"{id}\" not found."))
}

fn to_wire(ctx: &Ctx, list: &ListDef, schema: &ObjectSchema, row: RecordRow) -> Result<Entry> {
    let (entry_id, created_at, parent) = (row.id, row.created_at.clone(), row.parent);
    let record = records::to_wire(&ctx.public_url, ctx.workspace_slug(), schema, row)?;
    let system: Vec<&str> = schema.attributes.iter().filter(|a| a.is_system).map(|a| a.api_slug.as_str()).collect();
    let mut values = record.values;
    values.retain(|slug, _| !system.contains(&slug.as_str()));
    let (_, parent_record_id) = parent.ok_or_else(|| anyhow::anyhow!("entry {entry_id} without parent"))?;
    Ok(Entry {
        id: EntryIdent { workspace_id: list.workspace_id, list_id: list.id, entry_id: EntryId(entry_id.0) },
        parent_record_id,
        parent_object: list.parent_object_slug.clone(),
        created_at: time::from_db(&created_at)?,
        entry_values: values,
    })
}

/// The body of a `list-entry.*` webhook event.
fn entry_event(ctx: &Ctx, list: &ListDef, row: &RecordRow) -> Value {
    serde_json::json!({
        "id": {"workspace_id": ctx.workspace_id(), "list_id": list.id, "entry_id": row.id},
        "parent_object_id": list.parent_object_id,
        "parent_record_id": row.parent.map(|(_, r)| r),
    })
}

/// Checks the parent record against the list's parent object.
async fn parent(ctx: &Ctx, list: &ListDef, object: &str, record: &str) -> Result<RecordId> {
    let object = find_object(ctx, object)
        .await
        .map_err(|_| ApiError::value_not_found(format!("Object \"{object}\" not found.")))?;
    if object.id != list.parent_object_id {
        return Err(ApiError::validation(format!(
            "List \"{}\" holds \"{}\" records, not \"{}\".",
            list.api_slug, list.parent_object_slug, object.api_slug
        )));
    }
    let id: RecordId =
        record.parse().map_err(|_| ApiError::value_not_found(format!("Record \"{record}\" not found.")))?;
    if !record_exists(ctx, &object, id).await? {
        return Err(ApiError::value_not_found(format!("Record \"{record}\" not found on \"{}\".", object.api_slug)));
    }
    Ok(id)
}

pub async fn create_entry(ctx: &Ctx, list: &str, new: NewEntry) -> Result<Entry> {
    ctx.require(WRITE)?;
    let (list, schema) = list_schema(ctx, list).await?;
    let record = parent(ctx, &list, &new.parent_object, &new.parent_record_id).await?;
    let mut wtx = ctx.db.begin_write().await?;
    let row = write_values(
        ctx,
        &schema,
        &mut wtx.tx,
        None,
        &new.entry_values,
        WriteMode::Create,
        Some((list.parent_object_id, record)),
    )
    .await?;
    let event = entry_event(ctx, &list, &row);
    crate::webhooks::emit(&ctx.db, &mut wtx.tx, ctx, "list-entry.created", event).await?;
    wtx.commit().await?;
    to_wire(ctx, &list, &schema, row)
}

/// `PUT /v2/lists/{list}/entries`: updates the entry of the parent record (appending to
/// multi-value attributes), or creates one.
pub async fn assert_entry(ctx: &Ctx, list: &str, new: NewEntry) -> Result<Entry> {
    ctx.require(WRITE)?;
    let (list, schema) = list_schema(ctx, list).await?;
    let record = parent(ctx, &list, &new.parent_object, &new.parent_record_id).await?;
    let mut wtx = ctx.db.begin_write().await?;
    let q = Query::select()
        .column(RecordCols::RecordId)
        .from(Alias::new(&list.table_name))
        .and_where(Expr::col(RecordCols::ParentRecordId).eq(record.to_string()))
        .limit(2)
        .to_owned();
    let found = ctx.db.fetch_all(&mut *wtx.tx, &q).await?;
    let row = match found.as_slice() {
        [] => {
            write_values(
                ctx,
                &schema,
                &mut wtx.tx,
                None,
                &new.entry_values,
                WriteMode::Create,
                Some((list.parent_object_id, record)),
            )
            .await?
        }
        [one] => {
            let id: String = one.try_get("record_id")?;
            let id = RecordId(crate::catalog::parse_uuid(id)?);
            let existing =
                fetch_row(&ctx.db, &mut wtx.tx, &schema, id, true).await?.ok_or_else(|| not_found(&id.to_string()))?;
            write_values(ctx, &schema, &mut wtx.tx, Some(existing), &new.entry_values, WriteMode::Append, None).await?
        }
        _ => {
            return Err(ApiError::BadRequest {
                code: "multiple_match_results",
                message: format!("Record \"{record}\" has several entries in list \"{}\".", list.api_slug),
            })
        }
    };
    let event = entry_event(ctx, &list, &row);
    crate::webhooks::emit(&ctx.db, &mut wtx.tx, ctx, "list-entry.updated", event).await?;
    wtx.commit().await?;
    to_wire(ctx, &list, &schema, row)
}

pub async fn get_entry(ctx: &Ctx, list: &str, entry: &str) -> Result<Entry> {
    ctx.require(READ)?;
    let (list, schema) = list_schema(ctx, list).await?;
    let id: RecordId = entry.parse().map_err(|_| not_found(entry))?;
    let mut conn = ctx.db.pool().acquire().await?;
    let row = fetch_row(&ctx.db, &mut conn, &schema, id, false).await?.ok_or_else(|| not_found(entry))?;
    to_wire(ctx, &list, &schema, row)
}

pub async fn update_entry(ctx: &Ctx, list: &str, entry: &str, patch: EntryPatch, mode: WriteMode) -> Result<Entry> {
    ctx.require(WRITE)?;
    let (list, schema) = list_schema(ctx, list).await?;
    let id: RecordId = entry.parse().map_err(|_| not_found(entry))?;
    let mut wtx = ctx.db.begin_write().await?;
    let existing = fetch_row(&ctx.db, &mut wtx.tx, &schema, id, true).await?.ok_or_else(|| not_found(entry))?;
    let current_parent = existing.parent.map(|(_, r)| r.to_string());
    if patch.parent_record_id.is_some_and(|p| Some(p) != current_parent)
        || patch.parent_object.is_some_and(|o| o != list.parent_object_slug && o != list.parent_object_id.to_string())
    {
        return Err(ApiError::BadRequest {
            code: "immutable_value",
            message: "The parent record of an entry cannot be changed.".into(),
        });
    }
    let row = write_values(ctx, &schema, &mut wtx.tx, Some(existing), &patch.entry_values, mode, None).await?;
    let event = entry_event(ctx, &list, &row);
    crate::webhooks::emit(&ctx.db, &mut wtx.tx, ctx, "list-entry.updated", event).await?;
    wtx.commit().await?;
    to_wire(ctx, &list, &schema, row)
}

pub async fn delete_entry(ctx: &Ctx, list: &str, entry: &str) -> Result<()> {
    ctx.require(WRITE)?;
    let (list, _) = list_schema(ctx, list).await?;
    let id: RecordId = entry.parse().map_err(|_| not_found(entry))?;
    let db = &ctx.db;
    let mut wtx = db.begin_write().await?;
    let q = Query::delete()
        .from_table(Alias::new(&list.table_name))
        .and_where(Expr::col(RecordCols::RecordId).eq(id.to_string()))
        .to_owned();
    if db.execute(&mut *wtx.tx, &q).await?.rows_affected() == 0 {
        return Err(not_found(entry));
    }
    records::release_values(db, &mut wtx.tx, id).await?;
    let event = serde_json::json!({"id": {"workspace_id": ctx.workspace_id(), "list_id": list.id, "entry_id": id}});
    crate::webhooks::emit(db, &mut wtx.tx, ctx, "list-entry.deleted", event).await?;
    wtx.commit().await?;
    Ok(())
}

pub async fn query_entries(ctx: &Ctx, list: &str, body: QueryRequest) -> Result<Vec<Entry>> {
    ctx.require(READ)?;
    let (list, schema) = list_schema(ctx, list).await?;
    let rows = query_rows(ctx, &schema, body).await?;
    rows.into_iter().map(|r| to_wire(ctx, &list, &schema, r)).collect()
}

pub async fn entry_values(
    ctx: &Ctx,
    list: &str,
    entry: &str,
    attribute: &str,
    show_historic: bool,
    limit: Option<u64>,
    offset: u64,
) -> Result<Vec<Value>> {
    ctx.require(READ)?;
    let (_, schema) = list_schema(ctx, list).await?;
    let id: RecordId = entry.parse().map_err(|_| not_found(entry))?;
    value_history(ctx, &schema, id, attribute, show_historic, limit, offset).await
}

/// The entries of one record across every list of its object.
pub async fn record_entries(
    ctx: &Ctx,
    object: &str,
    record: &str,
    limit: Option<u64>,
    offset: u64,
) -> Result<Vec<RecordEntry>> {
    ctx.require(&[
        ("record_permission", Access::Read),
        ("object_configuration", Access::Read),
        ("list_entry", Access::Read),
    ])?;
    let object = find_object(ctx, object).await?;
    let record: RecordId =
        record.parse().map_err(|_| ApiError::not_found(format!("Record \"{record}\" not found.")))?;
    if !record_exists(ctx, &object, record).await? {
        return Err(ApiError::not_found(format!("Record \"{record}\" not found on \"{}\".", object.api_slug)));
    }
    let limit = limit.unwrap_or(100);
    if limit > 1000 {
        return Err(ApiError::validation("\"limit\" may be at most 1000."));
    }
    let mut out = Vec::new();
    for list in all_lists(&ctx.db, ctx.workspace_id()).await?.into_iter().filter(|l| l.parent_object_id == object.id) {
        let q = Query::select()
            .columns([RecordCols::RecordId, RecordCols::CreatedAt])
            .from(Alias::new(&list.table_name))
            .and_where(Expr::col(RecordCols::ParentRecordId).eq(record.to_string()))
            .order_by(RecordCols::RecordId, Order::Asc)
            .to_owned();
        for row in ctx.db.fetch_all(ctx.db.pool(), &q).await? {
            out.push(RecordEntry {
                list_id: list.id,
                list_api_slug: list.api_slug.clone(),
                entry_id: EntryId(crate::catalog::parse_uuid(row.try_get("record_id")?)?),
                created_at: time::from_db(row.try_get("created_at")?)?,
            });
        }
    }
    Ok(out.into_iter().skip(offset as usize).take(limit as usize).collect())
}
