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
use crate::view::EntryView;
use model::ids::{EntryId, ListId, RecordId};
use model::query::QueryRequest;
use sea_query::{Alias, Expr, Order, Query};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sqlx::Row;
use std::sync::Arc;

pub(crate) const READ: &[(&str, Access)] = &[("list_entry", Access::Read), ("list_configuration", Access::Read)];
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

fn view(list: &ListDef, schema: &Arc<ObjectSchema>, row: RecordRow) -> EntryView {
    EntryView::new(list.workspace_id, list.id, list.parent_object_slug.clone(), schema.clone(), row)
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

pub async fn create_entry(ctx: &Ctx, list: &str, new: NewEntry) -> Result<EntryView> {
    add_entry(ctx, list, new, false).await
}

/// `PUT /v2/lists/{list}/entries`: updates the entry of the parent record (appending to
/// multi-value attributes), or creates one.
pub async fn assert_entry(ctx: &Ctx, list: &str, new: NewEntry) -> Result<EntryView> {
    add_entry(ctx, list, new, true).await
}

/// Creates an entry for the parent record; with `assert`, updates the record's entry when
/// it has one.
async fn add_entry(ctx: &Ctx, list: &str, new: NewEntry, assert: bool) -> Result<EntryView> {
    ctx.require(WRITE)?;
    let (list, schema) = list_schema(ctx, list).await?;
    let record = parent(ctx, &list, &new.parent_object, &new.parent_record_id).await?;
    let (c, l, s) = (ctx.clone(), list.clone(), schema.clone());
    let row = ctx
        .write(move |conn| {
            Box::pin(async move {
                let found = if assert {
                    let q = Query::select()
                        .column(RecordCols::RecordId)
                        .from(Alias::new(&l.table_name))
                        .and_where(Expr::col(RecordCols::ParentRecordId).eq(record.to_string()))
                        .limit(2)
                        .to_owned();
                    c.db.fetch_all(&mut *conn, &q).await?
                } else {
                    Vec::new()
                };
                let row = match found.as_slice() {
                    [] => {
                        let parent = Some((l.parent_object_id, record));
                        write_values(&c, &s, conn, None, &new.entry_values, WriteMode::Create, parent).await?
                    }
                    [one] => {
                        let id: String = one.try_get("record_id")?;
                        let id = RecordId(crate::catalog::parse_uuid(id)?);
                        let existing =
                            fetch_row(&c.db, conn, &s, id, true).await?.ok_or_else(|| not_found(&id.to_string()))?;
                        write_values(&c, &s, conn, Some(existing), &new.entry_values, WriteMode::Append, None).await?
                    }
                    _ => {
                        return Err(ApiError::BadRequest {
                            code: "multiple_match_results",
                            message: format!("Record \"{record}\" has several entries in list \"{}\".", l.api_slug),
                        })
                    }
                };
                let event_type = if assert { "list-entry.updated" } else { "list-entry.created" };
                crate::webhooks::emit(&c.db, conn, &c, event_type, entry_event(&c, &l, &row)).await?;
                Ok(row)
            })
        })
        .await?;
    Ok(view(&list, &schema, row))
}

pub async fn get_entry(ctx: &Ctx, list: &str, entry: &str) -> Result<EntryView> {
    ctx.require(READ)?;
    let (list, schema) = list_schema(ctx, list).await?;
    let id: RecordId = entry.parse().map_err(|_| not_found(entry))?;
    let mut conn = ctx.db.conn().await?;
    let row = fetch_row(&ctx.db, &mut conn, &schema, id, false).await?.ok_or_else(|| not_found(entry))?;
    Ok(view(&list, &schema, row))
}

pub async fn update_entry(ctx: &Ctx, list: &str, entry: &str, patch: EntryPatch, mode: WriteMode) -> Result<EntryView> {
    ctx.require(WRITE)?;
    let (list, schema) = list_schema(ctx, list).await?;
    let id: RecordId = entry.parse().map_err(|_| not_found(entry))?;
    let (c, l, s, entry) = (ctx.clone(), list.clone(), schema.clone(), entry.to_owned());
    let row = ctx
        .write(move |conn| {
            Box::pin(async move {
                let existing = fetch_row(&c.db, conn, &s, id, true).await?.ok_or_else(|| not_found(&entry))?;
                let current_parent = existing.parent.map(|(_, r)| r.to_string());
                if patch.parent_record_id.is_some_and(|p| Some(p) != current_parent)
                    || patch
                        .parent_object
                        .is_some_and(|o| o != l.parent_object_slug && o != l.parent_object_id.to_string())
                {
                    return Err(ApiError::BadRequest {
                        code: "immutable_value",
                        message: "The parent record of an entry cannot be changed.".into(),
                    });
                }
                let row = write_values(&c, &s, conn, Some(existing), &patch.entry_values, mode, None).await?;
                crate::webhooks::emit(&c.db, conn, &c, "list-entry.updated", entry_event(&c, &l, &row)).await?;
                Ok(row)
            })
        })
        .await?;
    Ok(view(&list, &schema, row))
}

pub async fn delete_entry(ctx: &Ctx, list: &str, entry: &str) -> Result<()> {
    ctx.require(WRITE)?;
    let (list, _) = list_schema(ctx, list).await?;
    let id: RecordId = entry.parse().map_err(|_| not_found(entry))?;
    let (c, entry) = (ctx.clone(), entry.to_owned());
    ctx.write(move |conn| {
        Box::pin(async move {
            let db = &c.db;
            let q = Query::delete()
                .from_table(Alias::new(&list.table_name))
                .and_where(Expr::col(RecordCols::RecordId).eq(id.to_string()))
                .to_owned();
            if db.execute(&mut *conn, &q).await?.rows_affected() == 0 {
                return Err(not_found(&entry));
            }
            records::release_values(db, conn, id).await?;
            let event =
                serde_json::json!({"id": {"workspace_id": c.workspace_id(), "list_id": list.id, "entry_id": id}});
            crate::webhooks::emit(db, conn, &c, "list-entry.deleted", event).await
        })
    })
    .await
}

pub async fn query_entries(ctx: &Ctx, list: &str, body: QueryRequest) -> Result<Vec<EntryView>> {
    ctx.require(READ)?;
    let (list, schema) = list_schema(ctx, list).await?;
    let rows = query_rows(ctx, &schema, body).await?;
    Ok(rows.into_iter().map(|r| view(&list, &schema, r)).collect())
}

/// `POST /v2/lists/{list}/entries/count` (ours): how many entries match the filter.
pub async fn count_entries(ctx: &Ctx, list: &str, filter: Option<Value>) -> Result<u64> {
    ctx.require(READ)?;
    let (_, schema) = list_schema(ctx, list).await?;
    crate::records::count_rows(ctx, &schema, filter.as_ref()).await
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

/// `PUT .../entries/{id}/attributes/{attribute}/values`: replaces the attribute's history.
pub async fn write_entry_history(
    ctx: &Ctx,
    list: &str,
    entry: &str,
    attribute: &str,
    body: crate::history::HistoryWrite,
) -> Result<Vec<Value>> {
    ctx.require(WRITE)?;
    let (_, schema) = list_schema(ctx, list).await?;
    let id: RecordId = entry.parse().map_err(|_| not_found(entry))?;
    crate::history::replace_history(ctx, &schema, id, attribute, body).await
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
        for row in ctx.db.read_all(&q).await? {
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
