//! `PUT .../attributes/{attribute}/values`: replaces the whole history of one attribute of a
//! record or list entry with supplied intervals, for migrating history from another system.
//! The open intervals become the current values; the closed ones the history. No webhooks.

use crate::catalog::{AttributeDef, ObjectSchema};
use crate::ctx::Ctx;
use crate::error::{ApiError, Result};
use crate::records::{claim_unique, column_value, fetch_row, not_found, resolve, value_history, write_multi};
use crate::schema::{RecordCols, ValueHistory};
use crate::time;
use crate::values;
use chrono::{DateTime, Utc};
use model::ids::RecordId;
use model::AttributeType;
use sea_query::{Alias, Expr, Query};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryWrite {
    pub values: Vec<Interval>,
    pub replace_history: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interval {
    pub value: Value,
    pub active_from: String,
    /// Required, even when `null` (the value is still active).
    #[serde(deserialize_with = "required_nullable")]
    pub active_until: Option<String>,
}

fn required_nullable<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<String>, D::Error> {
    Option::<String>::deserialize(d)
}

/// An interval with its times parsed, in the order given.
struct Checked {
    value: Value,
    from: DateTime<Utc>,
    until: Option<DateTime<Utc>>,
}

fn instant(s: &str, field: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
    let t = DateTime::parse_from_rfc3339(s)
        .map_err(|_| ApiError::validation(format!("\"{field}\" must be an RFC 3339 timestamp, not \"{s}\".")))?
        .with_timezone(&Utc);
    if t > now {
        return Err(ApiError::validation(format!("\"{field}\" ({s}) is in the future.")));
    }
    Ok(t)
}

/// Checks the intervals as Attio does: at least one; no time in the future; each ends after it
/// starts; for a single-value attribute no two overlap (so at most one is open).
fn check(attr: &AttributeDef, body: &HistoryWrite) -> Result<Vec<Checked>> {
    if !body.replace_history {
        return Err(ApiError::validation("\"replace_history\" must be true: the history is replaced as a whole."));
    }
    if body.values.is_empty() {
        return Err(ApiError::validation("Give at least one value."));
    }
    let now = time::now();
    let mut out = Vec::with_capacity(body.values.len());
    for v in &body.values {
        let from = instant(&v.active_from, "active_from", now)?;
        let until = v.active_until.as_deref().map(|u| instant(u, "active_until", now)).transpose()?;
        if until.is_some_and(|u| u <= from) {
            return Err(ApiError::validation(format!(
                "\"active_until\" must follow \"active_from\" ({}).",
                v.active_from
            )));
        }
        out.push(Checked { value: v.value.clone(), from, until });
    }
    if !attr.is_multiselect {
        let mut sorted: Vec<&Checked> = out.iter().collect();
        sorted.sort_by_key(|c| c.from);
        for pair in sorted.windows(2) {
            if pair[0].until.is_none_or(|u| u > pair[1].from) {
                return Err(ApiError::validation(format!(
                    "Attribute \"{}\" takes one value at a time: the intervals from {} and {} overlap.",
                    attr.api_slug,
                    time::to_db(pair[0].from),
                    time::to_db(pair[1].from)
                )));
            }
        }
    }
    Ok(out)
}

/// Replaces the history of `attribute` on record (or entry) `id` of `schema`, and answers the
/// attribute's values with their history, as `GET ...?show_historic=true` does.
pub(crate) async fn replace_history(
    ctx: &Ctx,
    schema: &std::sync::Arc<ObjectSchema>,
    id: RecordId,
    attribute: &str,
    body: HistoryWrite,
) -> Result<Vec<Value>> {
    let attr = schema.attribute(attribute)?.clone();
    if attr.is_system || !attr.is_writable {
        return Err(ApiError::BadRequest {
            code: "system_edit_unauthorized",
            message: format!("The history of \"{}\" cannot be written.", attr.api_slug),
        });
    }
    if attr.kind == AttributeType::RecordReference && attr.config.inverse_attribute_id.is_some() {
        return Err(ApiError::validation(format!(
            "\"{}\" is a relationship: its history follows the records on both sides and cannot be written.",
            attr.api_slug
        )));
    }
    let checked = check(&attr, &body)?;
    // Values are checked like any write of the attribute before anything is stored.
    let mut parsed = Vec::with_capacity(checked.len());
    for c in &checked {
        parsed.push(values::parse(&attr, schema, &c.value)?);
    }
    let (c, s, a) = (ctx.clone(), schema.clone(), attr.clone());
    let object = schema.object.api_slug.clone();
    ctx.db
        .write(move |conn| {
            Box::pin(async move {
                let db = &c.db;
                let mut row =
                    fetch_row(db, conn, &s, id, true).await?.ok_or_else(|| not_found(&object, &id.to_string()))?;
                let actor = c.actor_json();
                let mut current: Vec<Value> = Vec::new();
                let mut past: Vec<(Value, String, String)> = Vec::new();
                for (interval, value) in checked.iter().zip(parsed) {
                    let value = resolve(&c, &s, conn, &a, value).await?;
                    let from = time::to_db(interval.from);
                    let mut stored = value.stamp(&a, &from, &actor);
                    match interval.until {
                        None if !current.iter().any(|v| values::same_stored(v, &stored)) => current.push(stored),
                        None => {}
                        Some(until) => {
                            stored["active_until"] = Value::Null;
                            past.push((stored, from, time::to_db(until)));
                        }
                    }
                }
                if a.is_required && current.is_empty() {
                    return Err(ApiError::missing_value(format!(
                        "Required attribute \"{}\" needs a value that is still active (\"active_until\": null).",
                        a.api_slug
                    )));
                }
                if a.is_unique {
                    claim_unique(db, conn, &s, id, &a, &current).await?;
                }
                let forget = Query::delete()
                    .from_table(ValueHistory::Table)
                    .and_where(Expr::col(ValueHistory::RecordId).eq(id.to_string()))
                    .and_where(Expr::col(ValueHistory::AttributeId).eq(a.id.0.to_string()))
                    .to_owned();
                db.execute(&mut *conn, &forget).await?;
                if !past.is_empty() {
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
                    for (value, from, until) in &past {
                        q.values_panic([
                            c.workspace_id().to_string().into(),
                            s.object.id.to_string().into(),
                            id.to_string().into(),
                            a.id.0.to_string().into(),
                            value.to_string().into(),
                            from.clone().into(),
                            until.clone().into(),
                        ]);
                    }
                    db.execute(&mut *conn, &q).await?;
                }
                let mut batch = crate::db::Batch::default();
                let mut update = Query::update();
                update.table(Alias::new(&s.object.table_name));
                if a.is_multiselect {
                    write_multi(db, &mut batch, id, &a, &current);
                } else if let Some(col) = &a.column {
                    update.value(Alias::new(col), column_value(&a, current.first()));
                }
                row.doc.values()?.insert(a.id.0.to_string(), Value::Array(current));
                let doc = serde_json::to_string(row.doc.values()?).map_err(anyhow::Error::from)?;
                update.value(RecordCols::Doc, doc).and_where(Expr::col(RecordCols::RecordId).eq(id.to_string()));
                batch.push(db, &update);
                db.execute_batch(conn, batch).await?;
                Ok(())
            })
        })
        .await?;
    value_history(ctx, schema, id, attribute, true, None, 0).await
}
