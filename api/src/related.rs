//! Records related through reference attributes, seen from the referenced side: which
//! attributes anywhere in the workspace can point at an object's records, which records hold
//! such references, and `GET /v2/objects/{object}/records/{record_id}/referenced-by` (ours),
//! the records whose references point at one record.

use crate::catalog::{AttributeDef, ContainerKind, ObjectSchema};
use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::Result;
use crate::records::{parse_record_id, query_rows, READ};
use crate::schema::{MultiValues, RecordCols};
use crate::storage::ColumnKind;
use crate::view::RecordView;
use model::ids::RecordId;
use model::query::QueryRequest;
use model::AttributeType;
use sea_query::{Alias, Expr, Query, SimpleExpr};
use serde::Serialize;
use serde_json::json;
use sqlx::{AnyConnection, Row};
use std::sync::Arc;

/// A reference attribute anywhere in the workspace that can point at records of an object.
pub(crate) struct Referrer {
    pub schema: Arc<ObjectSchema>,
    pub attribute: AttributeDef,
}

/// Which referenced records a search for holders looks for.
pub(crate) enum Targets<'a> {
    Ids(&'a [String]),
    /// Every record of the object stored in this table.
    AllIn(&'a str),
}

impl Targets<'_> {
    fn matches(&self, column: Expr) -> SimpleExpr {
        match self {
            Targets::Ids(ids) => column.is_in(ids.iter().cloned()),
            Targets::AllIn(table) => {
                column.in_subquery(Query::select().column(RecordCols::RecordId).from(Alias::new(*table)).to_owned())
            }
        }
    }
}

/// Every reference attribute of the workspace (objects and lists) that may point at records
/// of `schema`'s object.
pub(crate) async fn referrers(ctx: &Ctx, schema: &ObjectSchema) -> Result<Vec<Referrer>> {
    let mut containers = Vec::new();
    for object in crate::catalog::list_objects(&ctx.db, ctx.workspace_id()).await? {
        containers.push(ObjectSchema::load(ctx, &object.id.to_string()).await?);
    }
    for list in crate::lists::all_lists(&ctx.db, ctx.workspace_id()).await? {
        containers.push(crate::lists::list_schema(ctx, &list.id.to_string()).await?.1);
    }
    let mut out = Vec::new();
    for container in containers {
        for attr in container.attributes.iter().filter(|a| {
            a.kind == AttributeType::RecordReference
                && !a.is_archived
                && !a.is_system
                && a.config
                    .wire
                    .record_reference
                    .allowed_object_ids
                    .as_ref()
                    .is_none_or(|ids| ids.contains(&schema.object.id))
        }) {
            out.push(Referrer { schema: container.clone(), attribute: attr.clone() });
        }
    }
    Ok(out)
}

/// The records of `schema` whose `attribute` holds one of `ids`.
pub(crate) async fn holders(
    db: &Db,
    conn: &mut AnyConnection,
    schema: &ObjectSchema,
    attribute: &AttributeDef,
    targets: Targets<'_>,
) -> Result<Vec<RecordId>> {
    let rows = if attribute.is_multiselect {
        let q = Query::select()
            .distinct()
            .column(MultiValues::RecordId)
            .from(MultiValues::Table)
            .and_where(Expr::col(MultiValues::AttributeId).eq(attribute.id.0.to_string()))
            .and_where(targets.matches(Expr::col(MultiValues::Key)))
            .to_owned();
        db.fetch_all(&mut *conn, &q).await?
    } else if let Some(col) = attribute.column.as_ref().filter(|_| ColumnKind::of(attribute.kind) == ColumnKind::Text) {
        let q = Query::select()
            .column(RecordCols::RecordId)
            .from(Alias::new(&schema.object.table_name))
            .and_where(targets.matches(Expr::col(Alias::new(col))))
            .to_owned();
        db.fetch_all(&mut *conn, &q).await?
    } else {
        Vec::new()
    };
    rows.iter().map(|r| Ok(RecordId(crate::catalog::parse_uuid(r.try_get("record_id")?)?))).collect()
}

/// The most referring records `referenced_by` returns per attribute.
pub const REFERRERS_PER_ATTRIBUTE: u64 = 100;

/// The records of one object whose attribute points at the record.
#[derive(Serialize)]
pub struct ReferencedBy {
    pub object: String,
    pub attribute: String,
    pub attribute_title: String,
    pub records: Vec<RecordView>,
}

/// The records (of any object) whose reference attributes point at `record_id`, grouped by
/// object and attribute, up to `REFERRERS_PER_ATTRIBUTE` each, oldest first.
pub async fn referenced_by(ctx: &Ctx, object: &str, record_id: &str) -> Result<Vec<ReferencedBy>> {
    ctx.require(READ)?;
    let schema = ObjectSchema::load(ctx, object).await?;
    let id = parse_record_id(object, record_id)?;
    if !crate::records::record_exists(ctx, &schema.object, id).await? {
        return Err(crate::records::not_found(object, record_id));
    }
    let ids = [id.to_string()];
    let mut out = Vec::new();
    for Referrer { schema: holder_schema, attribute } in referrers(ctx, &schema).await? {
        if holder_schema.object.kind != ContainerKind::Object {
            continue;
        }
        let found = {
            let mut conn = ctx.db.conn().await?;
            holders(&ctx.db, &mut conn, &holder_schema, &attribute, Targets::Ids(&ids)).await?
        };
        if found.is_empty() {
            continue;
        }
        let body = QueryRequest {
            filter: Some(json!({"record_id": {"$in": found.iter().map(RecordId::to_string).collect::<Vec<_>>()}})),
            limit: Some(REFERRERS_PER_ATTRIBUTE),
            ..QueryRequest::default()
        };
        let rows = query_rows(ctx, &holder_schema, body).await?;
        out.push(ReferencedBy {
            object: holder_schema.object.api_slug.clone(),
            attribute: attribute.api_slug.clone(),
            attribute_title: attribute.title.clone(),
            records: rows
                .into_iter()
                .map(|r| RecordView::new(&ctx.public_url, ctx.workspace_slug(), holder_schema.clone(), r))
                .collect(),
        });
    }
    Ok(out)
}
