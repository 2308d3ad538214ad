//! A record's activity, read from its value history: who changed which attribute from what
//! to what, and when, newest first. `GET /v2/objects/{object}/records/{record_id}/timeline`
//! (ours) serves it, and the record page shows it beside the record's notes and tasks.

use crate::catalog::ObjectSchema;
use crate::ctx::Ctx;
use crate::error::{ApiError, Result};
use crate::records::{fetch_row, not_found, parse_record_id, READ};
use crate::schema::ValueHistory;
use crate::values;
use model::wire::{Actor, ValueChange};
use sea_query::{Expr, Order, Query};
use serde_json::Value;
use sqlx::Row;
use std::collections::{BTreeMap, HashMap};

/// The most changes one call returns.
pub const MAX_LIMIT: u64 = 500;

fn instant(value: &Value, field: &str) -> Option<String> {
    value.get(field).and_then(Value::as_str).map(str::to_owned)
}

/// Groups one attribute's values, past and present, into the writes that made them.
fn changes_of(values: Vec<Value>) -> Vec<(String, Vec<Value>, Vec<Value>)> {
    let mut by_instant: BTreeMap<String, (Vec<Value>, Vec<Value>)> = BTreeMap::new();
    for value in values {
        if let Some(until) = instant(&value, "active_until") {
            by_instant.entry(until).or_default().0.push(value.clone());
        }
        if let Some(from) = instant(&value, "active_from") {
            by_instant.entry(from).or_default().1.push(value);
        }
    }
    by_instant.into_iter().map(|(at, (before, after))| (at, before, after)).collect()
}

/// The changes of a record's values, newest first.
pub async fn record_timeline(
    ctx: &Ctx,
    object: &str,
    record_id: &str,
    limit: Option<u64>,
    offset: u64,
) -> Result<Vec<ValueChange>> {
    ctx.require(READ)?;
    let limit = limit.unwrap_or(100);
    if limit > MAX_LIMIT {
        return Err(ApiError::validation(format!("\"limit\" may be at most {MAX_LIMIT}.")));
    }
    let schema = ObjectSchema::load(ctx, object).await?;
    let id = parse_record_id(object, record_id)?;
    let mut conn = ctx.db.conn().await?;
    let mut row = fetch_row(&ctx.db, &mut conn, &schema, id, false)
        .await?
        .ok_or_else(|| not_found(&schema.object.api_slug, record_id))?;
    let q = Query::select()
        .columns([ValueHistory::AttributeId, ValueHistory::Value, ValueHistory::ActiveUntil])
        .from(ValueHistory::Table)
        .and_where(Expr::col(ValueHistory::RecordId).eq(id.to_string()))
        .order_by(ValueHistory::Id, Order::Asc)
        .to_owned();
    let mut past: HashMap<String, Vec<Value>> = HashMap::new();
    for r in ctx.db.fetch_all(&mut conn, &q).await? {
        let mut value: Value = serde_json::from_str(&r.try_get::<String, _>("value")?).map_err(anyhow::Error::from)?;
        if let Some(m) = value.as_object_mut() {
            m.insert("active_until".into(), r.try_get::<Option<String>, _>("active_until")?.into());
        }
        past.entry(r.try_get("attribute_id")?).or_default().push(value);
    }
    drop(conn);

    let mut changes = Vec::new();
    for attr in schema.attributes.iter().filter(|a| !a.is_system) {
        let mut all: Vec<Value> = past
            .remove(&attr.id.0.to_string())
            .unwrap_or_default()
            .into_iter()
            .map(|v| values::read_shape(attr, &schema, v))
            .collect();
        all.extend(crate::view::attribute_values(&schema, attr, &mut row)?);
        for (at, before, after) in changes_of(all) {
            let actor = after
                .first()
                .and_then(|v| v.get("created_by_actor"))
                .and_then(|a| serde_json::from_value::<Actor>(a.clone()).ok());
            changes.push(ValueChange {
                attribute: attr.api_slug.clone(),
                attribute_title: attr.title.clone(),
                attribute_type: attr.kind,
                at,
                actor,
                before,
                after,
            });
        }
    }
    // Newest first; within one write, in the object's attribute order.
    changes.sort_by(|a, b| b.at.cmp(&a.at));
    Ok(changes.into_iter().skip(offset as usize).take(limit as usize).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_replaced_value_and_its_successor_are_one_change() {
        let changes = changes_of(vec![
            json!({"value": "Lead", "active_from": "t1", "active_until": "t2"}),
            json!({"value": "Won", "active_from": "t2", "active_until": null}),
        ]);
        assert_eq!(changes.len(), 2);
        let (at, before, after) = &changes[1];
        assert_eq!(at, "t2");
        assert_eq!(before[0]["value"], "Lead");
        assert_eq!(after[0]["value"], "Won");
        assert!(changes[0].1.is_empty(), "the first write replaced nothing");
    }

    #[test]
    fn a_removal_is_a_change_with_nothing_after() {
        let changes = changes_of(vec![json!({"value": "x", "active_from": "t1", "active_until": "t3"})]);
        assert_eq!(changes.len(), 2);
        assert!(changes[1].2.is_empty());
    }
}
