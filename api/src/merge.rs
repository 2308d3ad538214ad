//! `POST /v2/objects/{object}/records/merge`: two records of one object become a new record.
//!
//! In one transaction: the new record takes the primary's values where both have one and the
//! union of multi-value attributes; the secondary's losing values go to the new record's
//! history with both originals' history; list entries, notes, tasks, comments and the
//! references other records hold move to the new record; the originals are deleted, so both
//! answer 404 afterwards.

use crate::catalog::ObjectSchema;
use crate::ctx::Ctx;
use crate::db::Batch;
use crate::error::{ApiError, Result};
use crate::records::{
    archive_values, claim_unique, column_value, fetch_row, not_found, parse_record_id, reference_of, release_claims,
    write_multi, write_values, RecordRow, WriteMode,
};
use crate::related::{holders, Referrer, Targets};
use crate::schema::{RecordCols, ValueHistory};
use crate::scopes::Access;
use crate::time;
use crate::values::same_stored;
use model::ids::RecordId;
use model::AttributeType;
use sea_query::{Alias, Expr, IntoIden, Query, SimpleExpr};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use sqlx::{AnyConnection, Row};

const WRITE: &[(&str, Access)] = &[("record_permission", Access::ReadWrite), ("object_configuration", Access::Read)];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MergeRequest {
    pub primary_record_id: String,
    pub secondary_record_id: String,
}

#[derive(Debug, Serialize)]
pub struct Merged {
    pub new_record_id: RecordId,
}

pub async fn merge_records(ctx: &Ctx, object: &str, req: MergeRequest) -> Result<Merged> {
    merge_records_keeping(ctx, object, req, Map::new()).await
}

/// A merge that then writes `keep` (values in any form a record write takes) to the new
/// record, in the same transaction: the web app's side-by-side choice of which record's
/// value to keep where the primary's would otherwise win.
pub async fn merge_records_keeping(
    ctx: &Ctx,
    object: &str,
    req: MergeRequest,
    keep: Map<String, Value>,
) -> Result<Merged> {
    ctx.require(WRITE)?;
    let schema = ObjectSchema::load(ctx, object).await?;
    let primary = parse_record_id(object, &req.primary_record_id)?;
    let secondary = parse_record_id(object, &req.secondary_record_id)?;
    if primary == secondary {
        return Err(ApiError::BadRequest {
            code: "self_merge",
            message: "A record cannot be merged with itself.".into(),
        });
    }
    let referrers = crate::related::referrers(ctx, &schema).await?;
    let lists: Vec<_> = crate::lists::all_lists(&ctx.db, ctx.workspace_id())
        .await?
        .into_iter()
        .filter(|l| l.parent_object_id == schema.object.id)
        .collect();
    let (c, object) = (ctx.clone(), object.to_owned());
    let new_id = ctx
        .write(move |conn| {
            Box::pin(async move {
                let db = &c.db;
                let mut p = fetch_row(db, conn, &schema, primary, true)
                    .await?
                    .ok_or_else(|| not_found(&object, &primary.to_string()))?;
                let mut s = fetch_row(db, conn, &schema, secondary, true)
                    .await?
                    .ok_or_else(|| not_found(&object, &secondary.to_string()))?;
                let new_id = RecordId::new();
                let originals = [primary, secondary];
                let now = time::to_db(time::now());
                let (doc, losing) = merged_doc(&schema, &mut p, &mut s, new_id)?;

                // The originals give up their rows and claims before the new record takes them.
                for id in originals {
                    let row = Query::delete()
                        .from_table(Alias::new(&schema.object.table_name))
                        .and_where(Expr::col(RecordCols::RecordId).eq(id.to_string()))
                        .to_owned();
                    db.execute(&mut *conn, &row).await?;
                    release_claims(db, conn, id).await?;
                }
                insert_merged(&c, &schema, conn, &p, &s, new_id, &doc).await?;
                let history = Query::update()
                    .table(ValueHistory::Table)
                    .value(ValueHistory::RecordId, new_id.to_string())
                    .and_where(Expr::col(ValueHistory::RecordId).is_in(originals.map(|o| o.to_string())))
                    .to_owned();
                db.execute(&mut *conn, &history).await?;
                if let Some(archive) = archive_values(c.workspace_id(), schema.object.id, new_id, &losing, &now) {
                    db.execute(&mut *conn, &archive).await?;
                }
                for list in &lists {
                    let entries = Query::update()
                        .table(Alias::new(&list.table_name))
                        .value(RecordCols::ParentRecordId, new_id.to_string())
                        .and_where(Expr::col(RecordCols::ParentRecordId).is_in(originals.map(|o| o.to_string())))
                        .to_owned();
                    db.execute(&mut *conn, &entries).await?;
                }
                move_attachments(&c, conn, &originals, new_id).await?;
                repoint_references(&c, conn, &referrers, &schema, &doc, &originals, new_id).await?;
                if !keep.is_empty() {
                    let row = fetch_row(db, conn, &schema, new_id, true)
                        .await?
                        .ok_or_else(|| not_found(&object, &new_id.to_string()))?;
                    write_values(&c, &schema, conn, Some(row), &keep, WriteMode::Append, None).await?;
                }
                let event = json!({
                    "id": {"workspace_id": c.workspace_id(), "object_id": schema.object.id, "record_id": new_id},
                    "primary_record_id": primary,
                    "secondary_record_id": secondary,
                });
                crate::webhooks::emit(db, conn, &c, "record.merged", event).await?;
                Ok(new_id)
            })
        })
        .await?;
    Ok(Merged { new_record_id: new_id })
}

/// Values replaced in a write, by attribute id: they become history.
type Superseded = Vec<(String, Value)>;

/// The new record's values by attribute id, and the secondary's values that lost to the
/// primary's (they become history). References to either original point at the new record.
fn merged_doc(
    schema: &ObjectSchema,
    p: &mut RecordRow,
    s: &mut RecordRow,
    new_id: RecordId,
) -> Result<(Map<String, Value>, Superseded)> {
    let (pv, sv) = (p.doc.values()?.clone(), s.doc.values()?.clone());
    let (primary, secondary) = (p.id, s.id);
    let retarget = |v: &Value| -> Value {
        match reference_of(v) {
            Some((_, id)) if id == primary || id == secondary => {
                let mut v = v.clone();
                v["target_record_id"] = json!(new_id);
                v
            }
            _ => v.clone(),
        }
    };
    let items = |doc: &Map<String, Value>, key: &str| -> Vec<Value> {
        doc.get(key).and_then(Value::as_array).map(|a| a.iter().map(retarget).collect()).unwrap_or_default()
    };
    let mut doc = Map::new();
    let mut losing = Vec::new();
    for attr in schema.attributes.iter().filter(|a| !a.is_system) {
        let key = attr.id.0.to_string();
        let (mine, theirs) = (items(&pv, &key), items(&sv, &key));
        let mut merged = mine.clone();
        if attr.is_multiselect || mine.is_empty() {
            for v in theirs {
                if !merged.iter().any(|m| same_stored(m, &v)) {
                    merged.push(v);
                }
            }
        } else {
            losing.extend(
                theirs.into_iter().filter(|v| !mine.iter().any(|m| same_stored(m, v))).map(|v| (key.clone(), v)),
            );
        }
        if !merged.is_empty() {
            doc.insert(key, Value::Array(merged));
        }
    }
    Ok((doc, losing))
}

/// Writes the new record: its row (created when the older original was), its multi-value
/// rows and its unique claims.
async fn insert_merged(
    ctx: &Ctx,
    schema: &ObjectSchema,
    conn: &mut AnyConnection,
    p: &RecordRow,
    s: &RecordRow,
    new_id: RecordId,
    doc: &Map<String, Value>,
) -> Result<()> {
    let db = &ctx.db;
    let first = if s.created_at < p.created_at { s } else { p };
    let mut cols: Vec<sea_query::DynIden> = vec![
        RecordCols::RecordId.into_iden(),
        RecordCols::WorkspaceId.into_iden(),
        RecordCols::CreatedAt.into_iden(),
        RecordCols::CreatedBy.into_iden(),
        RecordCols::Doc.into_iden(),
    ];
    let mut vals: Vec<SimpleExpr> = vec![
        new_id.to_string().into(),
        ctx.workspace_id().to_string().into(),
        first.created_at.clone().into(),
        p.created_by.clone().into(),
        serde_json::to_string(doc).map_err(anyhow::Error::from)?.into(),
    ];
    let mut batch = Batch::default();
    for attr in schema.attributes.iter().filter(|a| !a.is_system) {
        let values: &[Value] = doc.get(&attr.id.0.to_string()).and_then(Value::as_array).map_or(&[], Vec::as_slice);
        if attr.is_unique {
            claim_unique(db, conn, schema, new_id, attr, values).await?;
        }
        if attr.is_multiselect {
            write_multi(db, &mut batch, new_id, attr, values);
        } else if let Some(col) = &attr.column {
            cols.push(Alias::new(col).into_iden());
            vals.push(column_value(attr, values.first()));
        }
    }
    let insert =
        Query::insert().into_table(Alias::new(&schema.object.table_name)).columns(cols).values_panic(vals).to_owned();
    db.execute(&mut *conn, &insert).await?;
    db.execute_batch(conn, batch).await?;
    Ok(())
}

/// Notes, comments and task links of either original now belong to the new record.
async fn move_attachments(
    ctx: &Ctx,
    conn: &mut AnyConnection,
    originals: &[RecordId; 2],
    new_id: RecordId,
) -> Result<()> {
    let db = &ctx.db;
    let ws = ctx.workspace_id().to_string();
    let olds = || originals.map(|o| o.to_string());
    let notes = Query::update()
        .table(Alias::new("notes"))
        .value(Alias::new("parent_record_id"), new_id.to_string())
        .and_where(Expr::col(Alias::new("workspace_id")).eq(ws.as_str()))
        .and_where(Expr::col(Alias::new("parent_record_id")).is_in(olds()))
        .to_owned();
    let comments = Query::update()
        .table(Alias::new("comments"))
        .value(Alias::new("record_id"), new_id.to_string())
        .and_where(Expr::col(Alias::new("workspace_id")).eq(ws.as_str()))
        .and_where(Expr::col(Alias::new("record_id")).is_in(olds()))
        .to_owned();
    db.execute(&mut *conn, &notes).await?;
    db.execute(&mut *conn, &comments).await?;
    crate::tasks::relink(ctx, conn, originals, new_id).await
}

/// Records that referenced either original now reference the new record, through the
/// ordinary write path (history, inverse sides). Where the reference is the other side of a
/// relationship in which the new record kept another value (a single-value attribute the
/// primary won), the reference is dropped instead.
async fn repoint_references(
    ctx: &Ctx,
    conn: &mut AnyConnection,
    referrers: &[Referrer],
    merged: &ObjectSchema,
    doc: &Map<String, Value>,
    originals: &[RecordId; 2],
    new_id: RecordId,
) -> Result<()> {
    let db = &ctx.db;
    let olds = originals.map(|o| o.to_string());
    for Referrer { schema, attribute } in referrers {
        for holder in holders(db, conn, schema, attribute, Targets::Ids(&olds)).await? {
            if originals.contains(&holder) || holder == new_id {
                continue;
            }
            let Some(mut row) = fetch_row(db, conn, schema, holder, true).await? else { continue };
            let kept_here = attribute
                .config
                .inverse_attribute_id
                .and_then(|inverse| merged.by_id(inverse))
                .filter(|inverse| inverse.kind == AttributeType::RecordReference)
                .is_none_or(|inverse| {
                    doc.get(&inverse.id.0.to_string())
                        .and_then(Value::as_array)
                        .is_some_and(|vs| vs.iter().any(|v| reference_of(v).is_some_and(|(_, id)| id == holder)))
                });
            let stored = row.doc.values()?.get(&attribute.id.0.to_string()).and_then(Value::as_array).cloned();
            let mut refs: Vec<Value> = Vec::new();
            for (object, id) in stored.unwrap_or_default().iter().filter_map(reference_of) {
                let id = match originals.contains(&id) {
                    true if kept_here => new_id,
                    true => continue,
                    false => id,
                };
                let r = json!({"target_object": object, "target_record_id": id});
                if !refs.contains(&r) {
                    refs.push(r);
                }
            }
            let mut input = Map::new();
            input.insert(attribute.api_slug.clone(), Value::Array(refs));
            write_values(ctx, schema, conn, Some(row), &input, WriteMode::Overwrite, None).await?;
        }
    }
    Ok(())
}

/// Records holding references to records of `target` (an object being deleted) lose them,
/// through the ordinary write path.
pub(crate) async fn drop_references_to(
    ctx: &Ctx,
    conn: &mut AnyConnection,
    referrer: &Referrer,
    target: &ObjectSchema,
) -> Result<()> {
    let db = &ctx.db;
    let Referrer { schema, attribute } = referrer;
    let table = target.object.table_name.as_str();
    for holder in holders(db, conn, schema, attribute, Targets::AllIn(table)).await? {
        let Some(mut row) = fetch_row(db, conn, schema, holder, true).await? else { continue };
        let stored = row.doc.values()?.get(&attribute.id.0.to_string()).and_then(Value::as_array).cloned();
        let refs: Vec<(String, RecordId)> = stored.unwrap_or_default().iter().filter_map(reference_of).collect();
        let q = Query::select()
            .column(RecordCols::RecordId)
            .from(Alias::new(table))
            .and_where(Expr::col(RecordCols::RecordId).is_in(refs.iter().map(|(_, id)| id.to_string())))
            .to_owned();
        let gone: Vec<String> =
            db.fetch_all(&mut *conn, &q).await?.iter().map(|r| r.try_get("record_id")).collect::<sqlx::Result<_>>()?;
        let kept: Vec<Value> = refs
            .iter()
            .filter(|(_, id)| !gone.contains(&id.to_string()))
            .map(|(object, id)| json!({"target_object": object, "target_record_id": id}))
            .collect();
        let mut input = Map::new();
        input.insert(attribute.api_slug.clone(), Value::Array(kept));
        write_values(ctx, schema, conn, Some(row), &input, WriteMode::Overwrite, None).await?;
    }
    Ok(())
}
