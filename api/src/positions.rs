//! A board's manual order (ours): when a board's view has no sort, the cards of each column
//! keep the order people dragged them into, the same for everyone in the workspace.
//!
//! `POST /v2/objects/{object}/records/positions` and `POST /v2/lists/{list}/entries/positions`
//! move the given rows, in the given order, ahead of every other row of the board grouped by
//! the attribute; a query sorts by that order with
//! `{"attribute": "stage", "field": "board_position"}` (`filter::board_position`), rows never
//! placed following in the query's default order. A board sends the cards of a column as it
//! shows them after a drop, which is always a prefix of the column's order.
//!
//! A column of a large board is read in two steps (`rows_in_board_order`): its placed rows
//! through the positions' index, then, only if the page reaches past them, the others in
//! record order, so a column's first cards cost the same whatever its size.

use crate::catalog::{AttributeDef, ObjectSchema};
use crate::ctx::Ctx;
use crate::error::{ApiError, Result};
use crate::scopes::Access;
use model::query::{Direction, Sort};
use sea_query::{Alias, Expr, Func, IntoIden, OnConflict, Order, Query, SelectStatement};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::HashSet;
use std::sync::Arc;
use uuid::Uuid;

/// The sort field naming a board's manual order.
pub const BOARD_POSITION: &str = "board_position";

/// How many rows one request may place: more than a column shows.
const MAX_IDS: usize = 1_000;

const WRITE_RECORDS: &[(&str, Access)] =
    &[("record_permission", Access::ReadWrite), ("object_configuration", Access::Read)];
const WRITE_ENTRIES: &[(&str, Access)] = &[("list_entry", Access::ReadWrite), ("list_configuration", Access::Read)];

#[derive(Clone, Copy, sea_query::Iden)]
pub(crate) enum BoardPositions {
    Table,
    WorkspaceId,
    AttributeId,
    RowId,
    Position,
}

/// The body of the positions routes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PositionsRequest {
    /// The single-value status or select attribute grouping the board (slug or id).
    pub attribute: String,
    /// Record ids (entry ids on a list), in the order they are to come first.
    pub ids: Vec<String>,
}

/// What was placed.
#[derive(Debug, Serialize)]
pub struct Positions {
    pub attribute: String,
    pub ids: Vec<String>,
}

/// `POST /v2/objects/{object}/records/positions` (ours).
pub async fn position_records(ctx: &Ctx, object: &str, request: PositionsRequest) -> Result<Positions> {
    ctx.require(WRITE_RECORDS)?;
    let schema = ObjectSchema::load(ctx, object).await?;
    let id = json!({"workspace_id": ctx.workspace_id(), "object_id": schema.object.id.0});
    place(ctx, schema, request, "record.reordered", id).await
}

/// `POST /v2/lists/{list}/entries/positions` (ours).
pub async fn position_entries(ctx: &Ctx, list: &str, request: PositionsRequest) -> Result<Positions> {
    ctx.require(WRITE_ENTRIES)?;
    let (list, schema) = crate::lists::list_schema(ctx, list).await?;
    let id = json!({"workspace_id": ctx.workspace_id(), "list_id": list.id});
    place(ctx, schema, request, "list-entry.reordered", id).await
}

async fn place(
    ctx: &Ctx,
    schema: Arc<ObjectSchema>,
    request: PositionsRequest,
    event_type: &'static str,
    mut event_id: Value,
) -> Result<Positions> {
    let attribute = schema.attribute(&request.attribute)?;
    if !attribute.groups_rows() {
        return Err(ApiError::validation(format!(
            "\"attribute\" must name a single-value status or select attribute; \"{}\" is not one.",
            attribute.api_slug
        )));
    }
    if request.ids.len() > MAX_IDS {
        return Err(ApiError::validation(format!("At most {MAX_IDS} ids can be placed at once.")));
    }
    let mut seen = HashSet::new();
    let mut ids = Vec::with_capacity(request.ids.len());
    for raw in &request.ids {
        let id = Uuid::parse_str(raw)
            .map_err(|_| ApiError::validation(format!("\"{raw}\" is not a valid id.")))?
            .to_string();
        if !seen.insert(id.clone()) {
            return Err(ApiError::validation(format!("\"{raw}\" is listed twice.")));
        }
        ids.push(id);
    }
    let (slug, attribute_id) = (attribute.api_slug.clone(), attribute.id.to_string());
    if ids.is_empty() {
        return Ok(Positions { attribute: slug, ids });
    }
    event_id["attribute_id"] = json!(attribute_id);
    let (c, placed) = (ctx.clone(), ids.clone());
    ctx.write(move |conn| {
        Box::pin(async move {
            let rows = Alias::new(&schema.object.table_name);
            let existing = Query::select()
                .column(Alias::new("record_id"))
                .from(rows)
                .and_where(Expr::col(Alias::new("record_id")).is_in(placed.iter().cloned()))
                .to_owned();
            let found: HashSet<String> =
                c.db.fetch_all(conn, &existing)
                    .await?
                    .iter()
                    .map(|r| r.try_get("record_id"))
                    .collect::<Result<_, _>>()?;
            if let Some(missing) = placed.iter().find(|id| !found.contains(*id)) {
                return Err(ApiError::not_found(format!("No row with id \"{missing}\" was found.")));
            }
            // Ahead of every row placed before: the rest keep their order behind.
            let first = Query::select()
                .expr_as(Func::min(Expr::col(BoardPositions::Position)), Alias::new("first"))
                .from(BoardPositions::Table)
                .and_where(Expr::col(BoardPositions::AttributeId).eq(attribute_id.as_str()))
                .to_owned();
            let first: Option<i64> = match c.db.fetch_optional(conn, &first).await? {
                Some(row) => row.try_get("first")?,
                None => None,
            };
            let start = first.unwrap_or(0) - placed.len() as i64;
            let mut insert = Query::insert();
            insert.into_table(BoardPositions::Table).columns([
                BoardPositions::WorkspaceId,
                BoardPositions::AttributeId,
                BoardPositions::RowId,
                BoardPositions::Position,
            ]);
            for (i, id) in placed.iter().enumerate() {
                insert.values_panic([
                    c.workspace_id().to_string().into(),
                    attribute_id.as_str().into(),
                    id.as_str().into(),
                    (start + i as i64).into(),
                ]);
            }
            insert.on_conflict(
                OnConflict::columns([BoardPositions::AttributeId, BoardPositions::RowId])
                    .update_column(BoardPositions::Position)
                    .to_owned(),
            );
            c.db.execute(conn, &insert).await?;
            c.announce(event_type, &mut json!({"id": event_id}));
            Ok(())
        })
    })
    .await?;
    Ok(Positions { attribute: slug, ids })
}

/// The attribute whose board order `sorts` asks for, when that is all they ask: the query
/// that `rows_in_board_order` answers. Anything else goes through the general sort.
pub(crate) fn board_order<'a>(root: &'a ObjectSchema, sorts: &[Sort]) -> Option<&'a AttributeDef> {
    let [sort] = sorts else { return None };
    if sort.field.as_deref() != Some(BOARD_POSITION) || sort.direction != Direction::Asc || sort.path.is_some() {
        return None;
    }
    let attribute = root.attribute(sort.attribute.as_deref()?).ok()?;
    attribute.groups_rows().then_some(attribute)
}

/// Rows `offset..offset + limit` of `matching` (the query's rows, selected from `t` and
/// filtered) in the board order of `attribute`: the placed rows by position, then the rest
/// in record order.
pub(crate) async fn rows_in_board_order(
    ctx: &Ctx,
    matching: SelectStatement,
    attribute: &AttributeDef,
    offset: u64,
    limit: u64,
) -> Result<Vec<AnyRow>> {
    let (t, bp) = (Alias::new("t"), Alias::new("bp"));
    let attribute_id = attribute.id.to_string();
    let row_of =
        |alias: &Alias| Expr::col((alias.clone(), BoardPositions::RowId)).equals((t.clone(), Alias::new("record_id")));
    // A board nobody has ordered by hand: record order alone, without the join.
    let any = Query::select()
        .expr(Expr::val(1))
        .from(BoardPositions::Table)
        .and_where(Expr::col(BoardPositions::AttributeId).eq(attribute_id.as_str()))
        .limit(1)
        .to_owned();
    if ctx.db.read_optional(&any).await?.is_none() {
        let mut rows = matching;
        rows.order_by((t, Alias::new("record_id")), Order::Asc).limit(limit).offset(offset);
        return Ok(ctx.db.read_all(&rows).await?);
    }
    let mut placed = matching.clone();
    placed
        .inner_join(
            sea_query::TableRef::TableAlias(BoardPositions::Table.into_iden(), bp.clone().into_iden()),
            row_of(&bp).and(Expr::col((bp.clone(), BoardPositions::AttributeId)).eq(attribute_id.as_str())),
        )
        .order_by((bp.clone(), BoardPositions::Position), Order::Asc)
        .limit(offset + limit);
    let placed = ctx.db.read_all(&placed).await?;
    let placed_count = placed.len() as u64;
    let mut rows: Vec<AnyRow> = placed.into_iter().skip(offset as usize).collect();
    if placed_count == offset + limit {
        return Ok(rows);
    }
    // Every placed row is read: the page continues with the others.
    let others_alias = Alias::new("others");
    let is_placed = Query::select()
        .expr(Expr::val(1))
        .from_as(BoardPositions::Table, others_alias.clone())
        .and_where(Expr::col((others_alias.clone(), BoardPositions::AttributeId)).eq(attribute_id.as_str()))
        .and_where(row_of(&others_alias))
        .to_owned();
    let skip = offset.saturating_sub(placed_count);
    let mut unplaced = matching;
    unplaced
        .and_where(Expr::exists(is_placed).not())
        .order_by((t, Alias::new("record_id")), Order::Asc)
        .limit(offset + limit - placed_count - skip)
        .offset(skip);
    rows.extend(ctx.db.read_all(&unplaced).await?);
    Ok(rows)
}
