//! Records: create, read, update (append or overwrite), assert, delete and query.
//!
//! One write path (`write_values`) updates, in a single transaction, the record row (typed
//! columns and document), the multi-value rows, the unique-value claims and the history.

use crate::catalog::{AttributeDef, ContainerKind, ObjectSchema};
use crate::ctx::Ctx;
use crate::db::{Backend, Batch, Db};
use crate::error::{is_unique_violation, ApiError, Result};
use crate::filter::{self, Compiler, Schemas};
use crate::indexes;
use crate::schema::{MultiValues, RecordCols, UniqueValues, ValueHistory};
use crate::scopes::Access;
use crate::storage::ColumnKind;
use crate::time;
use crate::values::{self, NewValue};
use crate::view::{Doc, RecordView};
use model::ids::{ObjectId, RecordId, WorkspaceId};
use model::query::{QueryRequest, DEFAULT_QUERY_LIMIT};
use model::AttributeType;
use sea_query::{Alias, CommonTableExpression, Expr, InsertStatement, IntoIden, Order, Query, SimpleExpr, WithClause};
use serde_json::{json, Map, Value};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::collections::HashMap;
use std::sync::Arc;

/// How a write treats multi-value attributes: PATCH appends, PUT and create overwrite.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteMode {
    Create,
    Append,
    Overwrite,
}

pub(crate) const READ: &[(&str, Access)] =
    &[("record_permission", Access::Read), ("object_configuration", Access::Read)];
const WRITE: &[(&str, Access)] = &[("record_permission", Access::ReadWrite), ("object_configuration", Access::Read)];

/// A record (or list entry) row: its identity and its current values by attribute id.
pub(crate) struct RecordRow {
    pub id: RecordId,
    pub created_at: String,
    /// The creating actor, as JSON.
    pub created_by: String,
    pub doc: Doc,
    /// The parent record of a list entry.
    pub parent: Option<(ObjectId, RecordId)>,
}

impl RecordRow {
    fn from_row(kind: ContainerKind, row: &AnyRow) -> Result<Self> {
        let parent = match kind {
            ContainerKind::Object => None,
            ContainerKind::List => Some((
                ObjectId(crate::catalog::parse_uuid(row.try_get("parent_object_id")?)?),
                RecordId(crate::catalog::parse_uuid(row.try_get("parent_record_id")?)?),
            )),
        };
        let id: String = row.try_get("record_id")?;
        Ok(Self {
            id: RecordId(crate::catalog::parse_uuid(id)?),
            created_at: row.try_get("created_at")?,
            created_by: row.try_get("created_by")?,
            doc: Doc::Stored(row.try_get("doc")?),
            parent,
        })
    }
}

fn record_columns(kind: ContainerKind, alias: &str) -> Vec<(Alias, RecordCols)> {
    let mut cols = vec![RecordCols::RecordId, RecordCols::CreatedAt, RecordCols::CreatedBy, RecordCols::Doc];
    if kind == ContainerKind::List {
        cols.extend([RecordCols::ParentObjectId, RecordCols::ParentRecordId]);
    }
    cols.into_iter().map(|c| (Alias::new(alias), c)).collect()
}

pub(crate) fn not_found(object: &str, id: &str) -> ApiError {
    ApiError::not_found(format!("Record with ID \"{id}\" not found on object \"{object}\"."))
}

pub(crate) fn parse_record_id(object: &str, id: &str) -> Result<RecordId> {
    id.parse::<RecordId>().map_err(|_| not_found(object, id))
}

fn view(ctx: &Ctx, schema: Arc<ObjectSchema>, row: RecordRow) -> RecordView {
    RecordView::new(&ctx.public_url, ctx.workspace_slug(), schema, row)
}

pub(crate) async fn fetch_row(
    db: &Db,
    conn: &mut AnyConnection,
    schema: &ObjectSchema,
    id: RecordId,
    for_update: bool,
) -> Result<Option<RecordRow>> {
    let mut q = Query::select();
    q.columns(record_columns(schema.object.kind, "t"))
        .from_as(Alias::new(&schema.object.table_name), Alias::new("t"))
        .and_where(Expr::col((Alias::new("t"), RecordCols::RecordId)).eq(id.to_string()));
    if for_update && db.backend() == Backend::Postgres {
        db.before_locking_read(conn).await?;
        q.lock(sea_query::LockType::Update);
    }
    db.fetch_optional(&mut *conn, &q).await?.map(|r| RecordRow::from_row(schema.object.kind, &r)).transpose()
}

pub async fn get_record(ctx: &Ctx, object: &str, record_id: &str) -> Result<RecordView> {
    ctx.require(READ)?;
    let schema = ObjectSchema::load(ctx, object).await?;
    let id = parse_record_id(object, record_id)?;
    let mut conn = ctx.db.conn().await?;
    let row = fetch_row(&ctx.db, &mut conn, &schema, id, false).await?.ok_or_else(|| not_found(object, record_id))?;
    Ok(view(ctx, schema, row))
}

pub async fn create_record(ctx: &Ctx, object: &str, values: Map<String, Value>) -> Result<RecordView> {
    ctx.require(WRITE)?;
    let schema = ObjectSchema::load(ctx, object).await?;
    let (c, s) = (ctx.clone(), schema.clone());
    let row = ctx
        .write(move |conn| {
            Box::pin(async move {
                let row = write_values(&c, &s, conn, None, &values, WriteMode::Create, None).await?;
                emit_record_event(&c, conn, &s, "record.created", row.id).await?;
                Ok(row)
            })
        })
        .await?;
    Ok(view(ctx, schema, row))
}

pub(crate) async fn emit_record_event(
    ctx: &Ctx,
    conn: &mut AnyConnection,
    schema: &ObjectSchema,
    event_type: &str,
    id: RecordId,
) -> Result<()> {
    let event = json!({"id": {"workspace_id": ctx.workspace_id(), "object_id": schema.object.id, "record_id": id}});
    crate::webhooks::emit(&ctx.db, conn, ctx, event_type, event).await
}

pub async fn update_record(
    ctx: &Ctx,
    object: &str,
    record_id: &str,
    values: Map<String, Value>,
    mode: WriteMode,
) -> Result<RecordView> {
    ctx.require(WRITE)?;
    let schema = ObjectSchema::load(ctx, object).await?;
    let id = parse_record_id(object, record_id)?;
    let (c, s, object, record_id) = (ctx.clone(), schema.clone(), object.to_owned(), record_id.to_owned());
    let row = ctx
        .write(move |conn| {
            Box::pin(async move {
                let existing =
                    fetch_row(&c.db, conn, &s, id, true).await?.ok_or_else(|| not_found(&object, &record_id))?;
                let row = write_values(&c, &s, conn, Some(existing), &values, mode, None).await?;
                emit_record_event(&c, conn, &s, "record.updated", row.id).await?;
                Ok(row)
            })
        })
        .await?;
    Ok(view(ctx, schema, row))
}

/// `PUT /v2/objects/{object}/records?matching_attribute=`: updates the record whose unique
/// attribute matches the given value, or creates one. Multi-value attributes are appended,
/// as Attio does on assert.
pub async fn assert_record(
    ctx: &Ctx,
    object: &str,
    matching_attribute: &str,
    values: Map<String, Value>,
) -> Result<RecordView> {
    ctx.require(WRITE)?;
    let schema = ObjectSchema::load(ctx, object).await?;
    let attr = schema.attribute(matching_attribute)?.clone();
    if !attr.is_unique {
        return Err(ApiError::validation(format!("The matching attribute \"{}\" must be unique.", attr.api_slug)));
    }
    if !values.keys().any(|k| attr.is_named(k)) {
        return Err(ApiError::missing_value(format!(
            "The values must include the matching attribute \"{}\".",
            attr.api_slug
        )));
    }
    let (c, s, object) = (ctx.clone(), schema.clone(), object.to_owned());
    let row = ctx
        .write(move |conn| {
            Box::pin(async move {
                let raw = values.iter().find(|(k, _)| attr.is_named(k)).map(|(_, v)| v).unwrap_or(&Value::Null);
                let mut candidates = Vec::new();
                for item in as_items(raw) {
                    let v = resolve(&c, &s, conn, &attr, values::parse(&attr, &s, item)?).await?;
                    if let Some(key) = &v.key {
                        let q = Query::select()
                            .column(UniqueValues::RecordId)
                            .from(UniqueValues::Table)
                            .and_where(Expr::col(UniqueValues::AttributeId).eq(attr.id.0.to_string()))
                            .and_where(Expr::col(UniqueValues::Key).eq(key.as_str()))
                            .to_owned();
                        for r in c.db.fetch_all(&mut *conn, &q).await? {
                            candidates.push(r.try_get::<String, _>("record_id")?);
                        }
                    }
                }
                candidates.sort();
                candidates.dedup();
                let row = match candidates.as_slice() {
                    [] => write_values(&c, &s, conn, None, &values, WriteMode::Create, None).await?,
                    [one] => {
                        let id = parse_record_id(&object, one)?;
                        let existing =
                            fetch_row(&c.db, conn, &s, id, true).await?.ok_or_else(|| not_found(&object, one))?;
                        write_values(&c, &s, conn, Some(existing), &values, WriteMode::Append, None).await?
                    }
                    _ => {
                        return Err(ApiError::BadRequest {
                            code: "multiple_match_results",
                            message: format!("More than one record matches on \"{}\".", attr.api_slug),
                        })
                    }
                };
                emit_record_event(&c, conn, &s, "record.updated", row.id).await?;
                Ok(row)
            })
        })
        .await?;
    Ok(view(ctx, schema, row))
}

pub async fn delete_record(ctx: &Ctx, object: &str, record_id: &str) -> Result<()> {
    ctx.require(WRITE)?;
    let schema = ObjectSchema::load(ctx, object).await?;
    let id = parse_record_id(object, record_id)?;
    let lists = crate::lists::all_lists(&ctx.db, ctx.workspace_id()).await?;
    let (c, object, record_id) = (ctx.clone(), object.to_owned(), record_id.to_owned());
    ctx.write(move |conn| {
        Box::pin(async move {
            let db = &c.db;
            let mut row =
                fetch_row(db, conn, &schema, id, true).await?.ok_or_else(|| not_found(&object, &record_id))?;
            let doc = row.doc.values()?;
            // The other side of each relationship forgets the record.
            for attr in schema.attributes.iter().filter(|a| a.config.inverse_attribute_id.is_some()) {
                let values = doc.get(&attr.id.0.to_string()).and_then(Value::as_array).cloned().unwrap_or_default();
                for (target_object, target) in values.iter().filter_map(reference_of) {
                    let change = InverseChange { attribute: attr.clone(), target_object, target, added: false };
                    sync_inverse(&c, &schema, conn, id, change).await?;
                }
            }
            let q = Query::delete()
                .from_table(Alias::new(&schema.object.table_name))
                .and_where(Expr::col(RecordCols::RecordId).eq(id.to_string()))
                .to_owned();
            db.execute(&mut *conn, &q).await?;
            release_values(db, conn, id).await?;
            // A deleted record leaves every list it was in.
            for list in lists.iter().filter(|l| l.parent_object_id == schema.object.id) {
                let entries = Query::select()
                    .column(RecordCols::RecordId)
                    .from(Alias::new(&list.table_name))
                    .and_where(Expr::col(RecordCols::ParentRecordId).eq(id.to_string()))
                    .to_owned();
                for row in db.fetch_all(&mut *conn, &entries).await? {
                    let entry = RecordId(crate::catalog::parse_uuid(row.try_get("record_id")?)?);
                    release_values(db, conn, entry).await?;
                }
                let del = Query::delete()
                    .from_table(Alias::new(&list.table_name))
                    .and_where(Expr::col(RecordCols::ParentRecordId).eq(id.to_string()))
                    .to_owned();
                db.execute(&mut *conn, &del).await?;
            }
            emit_record_event(&c, conn, &schema, "record.deleted", id).await
        })
    })
    .await
}

pub async fn query_records(ctx: &Ctx, object: &str, body: QueryRequest) -> Result<Vec<RecordView>> {
    ctx.require(READ)?;
    let root = ObjectSchema::load(ctx, object).await?;
    let rows = query_rows(ctx, &root, body).await?;
    Ok(rows.into_iter().map(|r| view(ctx, root.clone(), r)).collect())
}

/// The schemas a filter and sorts over `root` may reach through record references.
pub(crate) async fn schemas_for(
    ctx: &Ctx,
    root: &Arc<ObjectSchema>,
    filter: Option<&Value>,
    sorts: &[model::query::Sort],
) -> Result<Schemas> {
    let mut others = HashMap::new();
    for name in filter::referenced_objects(filter, sorts) {
        if root.object.api_slug != name && root.object.id.0.to_string() != name {
            let schema = ObjectSchema::load(ctx, &name)
                .await
                .map_err(|_| ApiError::filter(format!("Unknown object \"{name}\" in path.")))?;
            others.insert(name, schema);
        }
    }
    Ok(Schemas { root: root.clone(), others })
}

/// Runs a query over any container (object or list): the rows matching `body`.
pub(crate) async fn query_rows(ctx: &Ctx, root: &Arc<ObjectSchema>, body: QueryRequest) -> Result<Vec<RecordRow>> {
    let schemas = schemas_for(ctx, root, body.filter.as_ref(), &body.sorts).await?;
    let mut compiler = Compiler::new(&schemas, ctx.db.backend());
    let mut q = Query::select();
    q.columns(record_columns(schemas.root.object.kind, "t"))
        .from_as(Alias::new(&schemas.root.object.table_name), Alias::new("t"));
    if let Some(f) = &body.filter {
        q.cond_where(compiler.compile(f)?);
    }
    if let Some(attribute) = crate::positions::board_order(root, &body.sorts) {
        let (offset, limit) = (body.offset.unwrap_or(0), body.limit.unwrap_or(DEFAULT_QUERY_LIMIT));
        let rows = crate::positions::rows_in_board_order(ctx, q, attribute, offset, limit).await?;
        // The rows never placed come in record order.
        indexes::ensure(&ctx.db, compiler.indexes(&[]));
        return rows.iter().map(|r| RecordRow::from_row(schemas.root.object.kind, r)).collect();
    }
    for (expr, order, nulls) in compiler.order_by(&body.sorts)? {
        q.order_by_expr_with_nulls(expr, order, nulls);
    }
    // Record ids are time-ordered, so this also gives creation order when nothing is sorted.
    q.order_by((Alias::new("t"), RecordCols::RecordId), Order::Asc);
    q.limit(body.limit.unwrap_or(DEFAULT_QUERY_LIMIT)).offset(body.offset.unwrap_or(0));
    let rows = ctx.db.read_all(&q).await?;
    indexes::ensure(&ctx.db, compiler.indexes(&body.sorts));
    rows.iter().map(|r| RecordRow::from_row(schemas.root.object.kind, r)).collect()
}

/// How many rows of any container (object or list) match `filter`.
pub(crate) async fn count_rows(ctx: &Ctx, root: &Arc<ObjectSchema>, filter: Option<&Value>) -> Result<u64> {
    let schemas = schemas_for(ctx, root, filter, &[]).await?;
    let mut compiler = Compiler::new(&schemas, ctx.db.backend());
    let mut q = Query::select();
    q.expr_as(Expr::col((Alias::new("t"), RecordCols::RecordId)).count(), Alias::new("n"))
        .from_as(Alias::new(&schemas.root.object.table_name), Alias::new("t"));
    if let Some(f) = filter {
        q.cond_where(compiler.compile(f)?);
    }
    let row = ctx.db.read_optional(&q).await?;
    let n: i64 = row.map(|r| r.try_get("n")).transpose()?.unwrap_or(0);
    Ok(n.max(0) as u64)
}

/// `POST /v2/objects/{object}/records/count` (ours): how many records match the filter.
pub async fn count_records(ctx: &Ctx, object: &str, filter: Option<Value>) -> Result<u64> {
    ctx.require(READ)?;
    let root = ObjectSchema::load(ctx, object).await?;
    count_rows(ctx, &root, filter.as_ref()).await
}

pub(crate) fn as_items(raw: &Value) -> Vec<&Value> {
    match raw {
        Value::Array(items) => items.iter().collect(),
        Value::Null => Vec::new(),
        other => vec![other],
    }
}

/// Resolves the parts of a value that need the database: record references (by id or by a
/// unique attribute of the target) and actor references (by id or e-mail).
pub(crate) async fn resolve(
    ctx: &Ctx,
    schema: &ObjectSchema,
    conn: &mut AnyConnection,
    attr: &AttributeDef,
    v: NewValue,
) -> Result<NewValue> {
    match attr.kind {
        AttributeType::RecordReference => resolve_reference(ctx, schema, conn, attr, v).await,
        AttributeType::ActorReference => resolve_actor(ctx, conn, attr, v).await,
        _ => Ok(v),
    }
}

async fn resolve_reference(
    ctx: &Ctx,
    schema: &ObjectSchema,
    conn: &mut AnyConnection,
    attr: &AttributeDef,
    v: NewValue,
) -> Result<NewValue> {
    let bad =
        |m: String| ApiError::validation(format!("Invalid value for record reference \"{}\": {m}", attr.api_slug));
    let target_name = v
        .fields
        .get("target_object")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("\"target_object\" is required.".into()))?;
    let target = if schema.object.api_slug == target_name || schema.object.id.0.to_string() == target_name {
        std::sync::Arc::new(schema.clone())
    } else {
        ObjectSchema::load(ctx, target_name)
            .await
            .map_err(|_| bad(format!("unknown target object \"{target_name}\".")))?
    };
    if let Some(allowed) = &attr.config.wire.record_reference.allowed_object_ids {
        if !allowed.contains(&target.object.id) {
            return Err(bad(format!("object \"{}\" is not allowed here.", target.object.api_slug)));
        }
    }
    let record_id = match v.fields.get("target_record_id") {
        Some(Value::String(id)) => {
            let id = id.parse::<RecordId>().map_err(|_| bad(format!("\"{id}\" is not a record id.")))?;
            if fetch_row(&ctx.db, conn, &target, id, false).await?.is_none() {
                return Err(ApiError::value_not_found(format!(
                    "Record \"{id}\" referenced by \"{}\" not found on \"{}\".",
                    attr.api_slug, target.object.api_slug
                )));
            }
            id
        }
        Some(_) => return Err(bad("\"target_record_id\" must be a string.".into())),
        None => {
            // `{target_object, <unique attribute>: [value]}`: match on the target's attribute.
            let (name, raw) = v
                .fields
                .iter()
                .find(|(k, _)| k.as_str() != "target_object")
                .ok_or_else(|| bad("give \"target_record_id\" or a unique attribute of the target.".into()))?;
            let match_attr =
                target.attribute(name).map_err(|_| bad(format!("unknown attribute \"{name}\" on the target.")))?;
            if !match_attr.is_unique {
                return Err(bad(format!("\"{name}\" is not a unique attribute of the target.")));
            }
            let item = as_items(raw).into_iter().next().ok_or_else(|| bad(format!("no value for \"{name}\".")))?;
            let key = values::parse(match_attr, &target, item)?.key.unwrap_or_default();
            let q = Query::select()
                .column(UniqueValues::RecordId)
                .from(UniqueValues::Table)
                .and_where(Expr::col(UniqueValues::AttributeId).eq(match_attr.id.0.to_string()))
                .and_where(Expr::col(UniqueValues::Key).eq(key.as_str()))
                .to_owned();
            let row = ctx.db.fetch_optional(&mut *conn, &q).await?.ok_or_else(|| {
                ApiError::value_not_found(format!("No \"{}\" record has {name} \"{key}\".", target.object.api_slug))
            })?;
            crate::catalog::parse_uuid(row.try_get("record_id")?).map(RecordId)?
        }
    };
    let mut fields = Map::new();
    fields.insert("target_object".into(), json!(target.object.api_slug));
    fields.insert("target_record_id".into(), json!(record_id.to_string()));
    Ok(NewValue { fields, key: Some(record_id.to_string()), num: None })
}

async fn resolve_actor(ctx: &Ctx, conn: &mut AnyConnection, attr: &AttributeDef, v: NewValue) -> Result<NewValue> {
    let members = crate::members::directory(ctx, conn).await?;
    let found = if let Some(email) = v.fields.get("workspace_member_email_address").and_then(Value::as_str) {
        members.by_email.get(&email.trim().to_lowercase()).cloned()
    } else {
        let kind = v.fields.get("referenced_actor_type").and_then(Value::as_str);
        let id = v.fields.get("referenced_actor_id").and_then(Value::as_str);
        match (kind, id) {
            (Some("workspace-member"), Some(id)) => members.ids.contains(id).then(|| id.to_owned()),
            _ => {
                return Err(ApiError::validation(format!(
                    "Invalid value for actor reference \"{}\": expected {{\"referenced_actor_type\": \"workspace-member\", \"referenced_actor_id\": uuid}} or {{\"workspace_member_email_address\": email}}.",
                    attr.api_slug
                )))
            }
        }
    };
    let id = found
        .ok_or_else(|| ApiError::value_not_found(format!("Workspace member for \"{}\" not found.", attr.api_slug)))?;
    let mut fields = Map::new();
    fields.insert("referenced_actor_type".into(), json!("workspace-member"));
    fields.insert("referenced_actor_id".into(), json!(id));
    Ok(NewValue { fields, key: Some(id), num: None })
}

/// The one write path of record values. Validates every input value, merges it with the
/// current values by `mode`, enforces required and unique attributes, and writes row,
/// multi-value rows, unique claims and history. Returns the new row.
pub(crate) async fn write_values(
    ctx: &Ctx,
    schema: &ObjectSchema,
    conn: &mut AnyConnection,
    existing: Option<RecordRow>,
    input: &Map<String, Value>,
    mode: WriteMode,
    parent: Option<(ObjectId, RecordId)>,
) -> Result<RecordRow> {
    let (row, links) = write_row(ctx, schema, conn, existing, input, mode, parent).await?;
    for link in links {
        sync_inverse(ctx, schema, conn, row.id, link).await?;
    }
    Ok(row)
}

/// A reference added or removed on an attribute that has an inverse: the other side must
/// follow (a deal's company lists the deal among its deals).
struct InverseChange {
    attribute: AttributeDef,
    target_object: String,
    target: RecordId,
    added: bool,
}

pub(crate) fn reference_of(v: &Value) -> Option<(String, RecordId)> {
    let object = v.get("target_object")?.as_str()?.to_owned();
    let id = v.get("target_record_id")?.as_str()?.parse().ok()?;
    Some((object, id))
}

/// The write form of stored reference values, minus `drop`.
pub(crate) fn references_without(stored: Option<&Value>, drop: RecordId) -> Value {
    let items = stored.and_then(Value::as_array).cloned().unwrap_or_default();
    Value::Array(
        items
            .iter()
            .filter_map(reference_of)
            .filter(|(_, id)| *id != drop)
            .map(|(object, id)| json!({"target_object": object, "target_record_id": id}))
            .collect(),
    )
}

/// Applies one side of a bidirectional relationship to the other side's record. A
/// single-value inverse that pointed elsewhere is moved, and the record it pointed to
/// loses the reference too.
async fn sync_inverse(
    ctx: &Ctx,
    schema: &ObjectSchema,
    conn: &mut AnyConnection,
    me: RecordId,
    change: InverseChange,
) -> Result<()> {
    let Some(inverse_id) = change.attribute.config.inverse_attribute_id else { return Ok(()) };
    let target_schema = ObjectSchema::load(ctx, &change.target_object).await?;
    let Some(inverse) = target_schema.by_id(inverse_id).filter(|a| !a.is_archived).cloned() else { return Ok(()) };
    let Some(mut target_row) = fetch_row(&ctx.db, conn, &target_schema, change.target, true).await? else {
        return Ok(());
    };
    let current = target_row.doc.values()?.get(&inverse.id.0.to_string()).cloned();
    let points_here = current
        .as_ref()
        .and_then(Value::as_array)
        .is_some_and(|vs| vs.iter().any(|v| reference_of(v).is_some_and(|(_, id)| id == me)));
    let me_ref = json!({"target_object": schema.object.api_slug, "target_record_id": me});
    let mut input = Map::new();
    let mode = if change.added {
        if points_here {
            return Ok(());
        }
        if inverse.is_multiselect {
            input.insert(inverse.api_slug.clone(), json!([me_ref]));
            WriteMode::Append
        } else {
            // The target moves here: its previous referrer drops it.
            let previous = current.as_ref().and_then(Value::as_array).and_then(|vs| vs.first()).and_then(reference_of);
            if let Some((_, old)) = previous.filter(|(_, id)| *id != me) {
                if let Some(mut old_row) = fetch_row(&ctx.db, conn, schema, old, true).await? {
                    let stored = old_row.doc.values()?.get(&change.attribute.id.0.to_string());
                    let kept = references_without(stored, change.target);
                    let mut old_input = Map::new();
                    old_input.insert(change.attribute.api_slug.clone(), kept);
                    write_row(ctx, schema, conn, Some(old_row), &old_input, WriteMode::Overwrite, None).await?;
                }
            }
            input.insert(inverse.api_slug.clone(), me_ref);
            WriteMode::Overwrite
        }
    } else {
        if !points_here {
            return Ok(());
        }
        input.insert(inverse.api_slug.clone(), references_without(current.as_ref(), me));
        WriteMode::Overwrite
    };
    write_row(ctx, &target_schema, conn, Some(target_row), &input, mode, None).await?;
    Ok(())
}

/// Writes one record's values; returns the new row and the references whose inverse side
/// must follow.
async fn write_row(
    ctx: &Ctx,
    schema: &ObjectSchema,
    conn: &mut AnyConnection,
    existing: Option<RecordRow>,
    input: &Map<String, Value>,
    mode: WriteMode,
    parent: Option<(ObjectId, RecordId)>,
) -> Result<(RecordRow, Vec<InverseChange>)> {
    let db = &ctx.db;
    let now = time::to_db(time::now());
    let actor = ctx.actor_json();
    let is_new = existing.is_none();
    let mut row = existing.unwrap_or_else(|| RecordRow {
        id: RecordId::new(),
        created_at: now.clone(),
        created_by: actor.to_string(),
        doc: Doc::Decoded(Map::new()),
        parent,
    });
    if !is_new && input.is_empty() {
        return Err(ApiError::validation("The request must set at least one value."));
    }

    // Parse and resolve every input value first: nothing is written unless all are valid.
    let mut parsed: Vec<(&AttributeDef, Vec<NewValue>)> = Vec::new();
    for (name, raw) in input {
        let attr = schema.attribute(name)?;
        if parsed.iter().any(|(a, _)| a.id == attr.id) {
            return Err(ApiError::validation(format!("Attribute \"{}\" is given twice.", attr.api_slug)));
        }
        if !attr.is_writable || attr.is_system {
            return Err(ApiError::BadRequest {
                code: "system_edit_unauthorized",
                message: format!("Attribute \"{}\" is read-only.", attr.api_slug),
            });
        }
        let items = as_items(raw);
        if !attr.is_multiselect && items.len() > 1 {
            return Err(ApiError::validation(format!(
                "Attribute \"{}\" takes a single value, {} were given.",
                attr.api_slug,
                items.len()
            )));
        }
        let mut vals: Vec<NewValue> = Vec::new();
        for item in items {
            let v = resolve(ctx, schema, conn, attr, values::parse(attr, schema, item)?).await?;
            if !vals.iter().any(|x| x.fields == v.fields) {
                vals.push(v);
            }
        }
        parsed.push((attr, vals));
    }
    // Static defaults fill attributes a new record leaves unset.
    if is_new {
        for attr in schema.attributes.iter().filter(|a| !a.is_archived && !a.is_system) {
            if parsed.iter().any(|(a, _)| a.id == attr.id) {
                continue;
            }
            if let Some(Value::Object(d)) = &attr.default_value {
                if d.get("type").and_then(Value::as_str) == Some("static") {
                    if let Some(template) = d.get("template") {
                        let mut vals = Vec::new();
                        for item in as_items(template) {
                            vals.push(resolve(ctx, schema, conn, attr, values::parse(attr, schema, item)?).await?);
                        }
                        parsed.push((attr, vals));
                    }
                }
            }
        }
    }

    // Every write of the record's own rows goes out in one batch at the end.
    let mut batch = Batch::default();
    let mut row_updates: Vec<(String, SimpleExpr)> = Vec::new();
    let mut superseded: Vec<(String, Value)> = Vec::new();
    let mut links: Vec<InverseChange> = Vec::new();
    for (attr, vals) in &parsed {
        let key = attr.id.0.to_string();
        let old: Vec<Value> = match row.doc.values()?.get(&key) {
            Some(Value::Array(a)) => a.clone(),
            _ => Vec::new(),
        };
        // Keep an old value (and its active_from) when it is rewritten unchanged.
        let mut new: Vec<Value> =
            if attr.is_multiselect && mode == WriteMode::Append { old.clone() } else { Vec::new() };
        for v in vals {
            if new.iter().any(|s| values::same_fields(s, v)) {
                continue;
            }
            match old.iter().find(|s| values::same_fields(s, v)) {
                Some(kept) => new.push(kept.clone()),
                None => new.push(v.stamp(attr, &now, &actor)),
            }
        }
        if attr.is_required && new.is_empty() {
            return Err(ApiError::missing_value(format!(
                "Required attribute \"{}\" must have a value.",
                attr.api_slug
            )));
        }
        let removed: Vec<&Value> = old.iter().filter(|o| !new.contains(o)).collect();
        let added: Vec<&Value> = new.iter().filter(|n| !old.contains(n)).collect();
        if removed.is_empty() && added.is_empty() {
            continue;
        }
        superseded.extend(removed.iter().map(|v| (key.clone(), (*v).clone())));
        if attr.config.inverse_attribute_id.is_some() {
            for (v, was_added) in removed.iter().map(|v| (v, false)).chain(added.iter().map(|v| (v, true))) {
                if let Some((target_object, target)) = reference_of(v) {
                    links.push(InverseChange { attribute: (*attr).clone(), target_object, target, added: was_added });
                }
            }
        }
        if attr.is_unique {
            claim_unique(db, conn, schema, row.id, attr, &new).await?;
        }
        if attr.is_multiselect {
            write_multi(db, &mut batch, row.id, attr, &new);
        } else if let Some(col) = &attr.column {
            row_updates.push((col.clone(), column_value(attr, new.first())));
        }
        row.doc.values()?.insert(key, Value::Array(new));
    }
    if is_new {
        for attr in schema.attributes.iter().filter(|a| a.is_required && !a.is_archived && !a.is_system) {
            if !matches!(row.doc.values()?.get(&attr.id.0.to_string()), Some(Value::Array(a)) if !a.is_empty()) {
                return Err(ApiError::missing_value(format!("Required attribute \"{}\" is missing.", attr.api_slug)));
            }
        }
    }

    let history = archive_values(ctx.workspace_id(), schema.object.id, row.id, &superseded, &now);
    let doc = serde_json::to_string(row.doc.values()?).map_err(anyhow::Error::from)?;
    let table = Alias::new(&schema.object.table_name);
    if is_new {
        let mut cols: Vec<sea_query::DynIden> = vec![
            RecordCols::RecordId.into_iden(),
            RecordCols::WorkspaceId.into_iden(),
            RecordCols::CreatedAt.into_iden(),
            RecordCols::CreatedBy.into_iden(),
            RecordCols::Doc.into_iden(),
        ];
        let mut vals: Vec<SimpleExpr> = vec![
            row.id.to_string().into(),
            ctx.workspace_id().to_string().into(),
            row.created_at.clone().into(),
            row.created_by.clone().into(),
            doc.into(),
        ];
        if let Some((object_id, record_id)) = row.parent {
            cols.extend([RecordCols::ParentObjectId.into_iden(), RecordCols::ParentRecordId.into_iden()]);
            vals.extend([object_id.to_string().into(), record_id.to_string().into()]);
        }
        for (c, v) in row_updates {
            cols.push(Alias::new(c).into_iden());
            vals.push(v);
        }
        if let Some(history) = &history {
            batch.push(db, history);
        }
        batch.push(db, &Query::insert().into_table(table).columns(cols).values_panic(vals).to_owned());
    } else {
        let mut q = Query::update();
        q.table(table).value(RecordCols::Doc, doc);
        for (c, v) in row_updates {
            q.value(Alias::new(c), v);
        }
        q.and_where(Expr::col(RecordCols::RecordId).eq(row.id.to_string()));
        match history {
            // On PostgreSQL the history rides along in the row's statement (a data-modifying
            // `WITH`): one round trip less for every changed value.
            Some(history) if db.backend() == Backend::Postgres => {
                let superseded =
                    CommonTableExpression::new().query(history).table_name(Alias::new("superseded")).to_owned();
                batch.push(db, &q.with(WithClause::new().cte(superseded).to_owned()));
            }
            Some(history) => {
                batch.push(db, &history);
                batch.push(db, &q);
            }
            None => batch.push(db, &q),
        }
    }
    db.execute_batch(conn, batch).await?;
    Ok((row, links))
}

/// The typed column value of a single-value attribute.
pub(crate) fn column_value(attr: &AttributeDef, stored: Option<&Value>) -> SimpleExpr {
    let field = values::primary_field(attr.kind);
    let v = stored.and_then(|s| s.get(field));
    match ColumnKind::of(attr.kind) {
        ColumnKind::Real => Expr::val(v.and_then(Value::as_f64)).into(),
        ColumnKind::Integer => Expr::val(v.and_then(Value::as_bool).map(i64::from)).into(),
        ColumnKind::Text => Expr::val(v.and_then(Value::as_str).map(str::to_owned)).into(),
    }
}

/// Moves the values a write replaced or removed into `value_history`, closed at `now`, all
/// attributes in one statement. Current values live only in the record's document.
pub(crate) fn archive_values(
    ws: WorkspaceId,
    object_id: ObjectId,
    record_id: RecordId,
    superseded: &[(String, Value)],
    now: &str,
) -> Option<InsertStatement> {
    if superseded.is_empty() {
        return None;
    }
    let mut q = Query::insert();
    q.into_table(ValueHistory::Table).columns([
        ValueHistory::WorkspaceId,
        ValueHistory::ParentId,
        ValueHistory::RecordId,
        ValueHistory::AttributeId,
        ValueHistory::Value,
        ValueHistory::ActiveFrom,
        ValueHistory::ActiveUntil,
    ]);
    for (attribute_id, value) in superseded {
        let active_from = value.get("active_from").and_then(Value::as_str).unwrap_or(now);
        q.values_panic([
            ws.to_string().into(),
            object_id.to_string().into(),
            record_id.to_string().into(),
            attribute_id.clone().into(),
            value.to_string().into(),
            active_from.into(),
            now.into(),
        ]);
    }
    Some(q)
}

pub(crate) async fn claim_unique(
    db: &Db,
    conn: &mut AnyConnection,
    schema: &ObjectSchema,
    record_id: RecordId,
    attr: &AttributeDef,
    new: &[Value],
) -> Result<()> {
    let del = Query::delete()
        .from_table(UniqueValues::Table)
        .and_where(Expr::col(UniqueValues::AttributeId).eq(attr.id.0.to_string()))
        .and_where(Expr::col(UniqueValues::RecordId).eq(record_id.to_string()))
        .to_owned();
    db.execute(&mut *conn, &del).await?;
    for v in new {
        let Some(key) = values::stored_key(attr, v) else {
            continue;
        };
        let q = Query::insert()
            .into_table(UniqueValues::Table)
            .columns([UniqueValues::AttributeId, UniqueValues::Key, UniqueValues::RecordId])
            .values_panic([attr.id.0.to_string().into(), key.clone().into(), record_id.to_string().into()])
            .to_owned();
        if let Err(e) = db.execute(&mut *conn, &q).await {
            if is_unique_violation(&e) {
                return Err(ApiError::Conflict {
                    code: "uniqueness_violation",
                    message: format!(
                        "Another \"{}\" record already has the value \"{key}\" for unique attribute \"{}\".",
                        schema.object.api_slug, attr.api_slug
                    ),
                });
            }
            return Err(e.into());
        }
    }
    Ok(())
}

pub(crate) fn write_multi(db: &Db, batch: &mut Batch, record_id: RecordId, attr: &AttributeDef, new: &[Value]) {
    let del = Query::delete()
        .from_table(MultiValues::Table)
        .and_where(Expr::col(MultiValues::RecordId).eq(record_id.to_string()))
        .and_where(Expr::col(MultiValues::AttributeId).eq(attr.id.0.to_string()))
        .to_owned();
    batch.push(db, &del);
    if new.is_empty() {
        return;
    }
    let field = values::primary_field(attr.kind);
    let mut q = Query::insert();
    q.into_table(MultiValues::Table).columns([
        MultiValues::RecordId,
        MultiValues::AttributeId,
        MultiValues::Ord,
        MultiValues::Key,
        MultiValues::Num,
        MultiValues::Value,
    ]);
    for (i, v) in new.iter().enumerate() {
        let num = v.get(field).and_then(Value::as_f64);
        q.values_panic([
            record_id.to_string().into(),
            attr.id.0.to_string().into(),
            (i as i64).into(),
            values::stored_key(attr, v).into(),
            num.into(),
            v.to_string().into(),
        ]);
    }
    batch.push(db, &q);
}

/// `GET .../records/{id}/attributes/{attribute}/values`: active values, or with
/// `show_historic` every value the attribute ever had, oldest first.
pub async fn attribute_values(
    ctx: &Ctx,
    object: &str,
    record_id: &str,
    attribute: &str,
    show_historic: bool,
    limit: Option<u64>,
    offset: u64,
) -> Result<Vec<Value>> {
    ctx.require(READ)?;
    let schema = ObjectSchema::load(ctx, object).await?;
    let id = parse_record_id(object, record_id)?;
    value_history(ctx, &schema, id, attribute, show_historic, limit, offset).await
}

/// `PUT .../records/{id}/attributes/{attribute}/values`: replaces the attribute's history.
pub async fn write_attribute_history(
    ctx: &Ctx,
    object: &str,
    record_id: &str,
    attribute: &str,
    body: crate::history::HistoryWrite,
) -> Result<Vec<Value>> {
    ctx.require(WRITE)?;
    let schema = ObjectSchema::load(ctx, object).await?;
    let id = parse_record_id(object, record_id)?;
    crate::history::replace_history(ctx, &schema, id, attribute, body).await
}

/// The values of one attribute of a record or entry, current or with their history.
pub(crate) async fn value_history(
    ctx: &Ctx,
    schema: &ObjectSchema,
    id: RecordId,
    attribute: &str,
    show_historic: bool,
    limit: Option<u64>,
    offset: u64,
) -> Result<Vec<Value>> {
    let attr = schema.attribute(attribute)?;
    let (object, record_id) = (&schema.object.api_slug, id.to_string());
    let mut conn = ctx.db.conn().await?;
    let mut row =
        fetch_row(&ctx.db, &mut conn, schema, id, false).await?.ok_or_else(|| not_found(object, &record_id))?;
    if !show_historic {
        let all = crate::view::attribute_values(schema, attr, &mut row)?;
        return Ok(all.into_iter().skip(offset as usize).take(limit.unwrap_or(u64::MAX) as usize).collect());
    }
    let q = Query::select()
        .columns([ValueHistory::Value, ValueHistory::ActiveUntil])
        .from(ValueHistory::Table)
        .and_where(Expr::col(ValueHistory::RecordId).eq(id.to_string()))
        .and_where(Expr::col(ValueHistory::AttributeId).eq(attr.id.0.to_string()))
        .order_by(ValueHistory::Id, Order::Asc)
        .to_owned();
    let rows = ctx.db.fetch_all(&mut conn, &q).await?;
    let mut all = rows
        .iter()
        .map(|r| {
            let mut v: Value = serde_json::from_str(&r.try_get::<String, _>("value")?).map_err(anyhow::Error::from)?;
            if let Some(m) = v.as_object_mut() {
                m.insert("active_until".into(), json!(r.try_get::<Option<String>, _>("active_until")?));
            }
            Ok(values::read_shape(attr, schema, v))
        })
        .collect::<Result<Vec<Value>>>()?;
    all.extend(crate::view::attribute_values(schema, attr, &mut row)?);
    // Oldest first by active_from; the sort is stable, so equal instants keep write order.
    all.sort_by(|a, b| active_from(a).cmp(active_from(b)));
    Ok(all.into_iter().skip(offset as usize).take(limit.unwrap_or(u64::MAX) as usize).collect())
}

fn active_from(v: &Value) -> &str {
    v.get("active_from").and_then(Value::as_str).unwrap_or_default()
}

/// Drops a deleted record's multi-value rows, unique claims and history: nothing can
/// reach them once the record is gone.
pub(crate) async fn release_values(db: &Db, conn: &mut AnyConnection, id: RecordId) -> Result<()> {
    release_claims(db, conn, id).await?;
    let history = Query::delete()
        .from_table(ValueHistory::Table)
        .and_where(Expr::col(ValueHistory::RecordId).eq(id.to_string()))
        .to_owned();
    db.execute(&mut *conn, &history).await?;
    Ok(())
}

/// Drops a record's multi-value rows and unique claims, keeping its history.
pub(crate) async fn release_claims(db: &Db, conn: &mut AnyConnection, id: RecordId) -> Result<()> {
    for stmt in [
        Query::delete()
            .from_table(MultiValues::Table)
            .and_where(Expr::col(MultiValues::RecordId).eq(id.to_string()))
            .to_owned(),
        Query::delete()
            .from_table(UniqueValues::Table)
            .and_where(Expr::col(UniqueValues::RecordId).eq(id.to_string()))
            .to_owned(),
    ] {
        db.execute(&mut *conn, &stmt).await?;
    }
    Ok(())
}

/// True when `record_id` is a record of `object`; used by notes, tasks and comments that
/// attach to records.
pub(crate) async fn record_exists(ctx: &Ctx, object: &crate::catalog::ObjectDef, record_id: RecordId) -> Result<bool> {
    let q = Query::select()
        .expr(Expr::val(1))
        .from(Alias::new(&object.table_name))
        .and_where(Expr::col(RecordCols::RecordId).eq(record_id.to_string()))
        .to_owned();
    Ok(ctx.db.read_optional(&q).await?.is_some())
}
