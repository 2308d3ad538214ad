//! Counts and number statistics of records or list entries grouped by a status or select
//! attribute, under a query filter: what a board's column headers show for the whole filter,
//! not only the cards loaded. One `GROUP BY` over the container's table (ours:
//! `POST /v2/objects/{object}/records/aggregate`, `POST /v2/lists/{list}/entries/aggregate`).

use crate::catalog::{AttributeDef, ObjectSchema};
use crate::ctx::Ctx;
use crate::error::{ApiError, Result};
use crate::filter::Compiler;
use crate::indexes::{self, IndexSpec};
use model::AttributeType;
use sea_query::{Alias, Expr, Func, Query};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// The body of an aggregate request.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AggregateRequest {
    /// A filter as in a query body; every record when absent.
    #[serde(default)]
    pub filter: Option<Value>,
    /// The single-value status or select attribute to group by (slug or id).
    pub group_by: String,
    /// Number, currency or rating attributes to total per group (slug or id).
    #[serde(default)]
    pub metrics: Vec<String>,
}

/// One group: the records with one status or option, or with none.
#[derive(Debug, Serialize)]
pub struct Group {
    /// The status or option, as a value of the attribute reads; `null` for the records
    /// without one.
    pub value: Option<Box<RawValue>>,
    pub count: u64,
    /// Statistics of each metric attribute over the group's records that have a value.
    pub metrics: BTreeMap<String, Stats>,
}

#[derive(Debug, Default, PartialEq, Serialize)]
pub struct Stats {
    /// 0 when no record of the group has a value.
    pub sum: f64,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub avg: Option<f64>,
}

/// The groups in the attribute's order: every active status or option (empty ones too), an
/// archived one only while records still hold it, and last the records without a value.
pub(crate) async fn aggregate_rows(
    ctx: &Ctx,
    root: &Arc<ObjectSchema>,
    request: AggregateRequest,
) -> Result<Vec<Group>> {
    let group_by = root.attribute(&request.group_by)?;
    let column = match &group_by.column {
        Some(column) if group_by.groups_rows() => column,
        _ => {
            return Err(ApiError::validation(format!(
                "\"group_by\" must name a single-value status or select attribute; \"{}\" is not one.",
                group_by.api_slug
            )))
        }
    };
    let metrics: Vec<&AttributeDef> = request
        .metrics
        .iter()
        .map(|name| {
            let attribute = root.attribute(name)?;
            match (attribute.kind, &attribute.column) {
                (AttributeType::Number | AttributeType::Currency | AttributeType::Rating, Some(_)) => Ok(attribute),
                _ => Err(ApiError::validation(format!(
                    "\"metrics\" must name single-value number, currency or rating attributes; \"{}\" is not one.",
                    attribute.api_slug
                ))),
            }
        })
        .collect::<Result<_>>()?;

    let schemas = crate::records::schemas_for(ctx, root, request.filter.as_ref(), &[]).await?;
    let mut compiler = Compiler::new(&schemas, ctx.db.backend());
    let t = Alias::new("t");
    let mut q = Query::select();
    q.expr_as(Expr::col((t.clone(), Alias::new(column))), Alias::new("g"))
        // COUNT(*), not of a column: an index of the group and metric columns covers it all.
        .expr_as(Expr::cust("COUNT(*)"), Alias::new("n"))
        .from_as(Alias::new(&root.object.table_name), t.clone())
        .group_by_col((t.clone(), Alias::new(column)));
    for (i, metric) in metrics.iter().enumerate() {
        let col = || Expr::col((t.clone(), Alias::new(metric.column.as_deref().unwrap_or_default())));
        q.expr_as(Func::sum(col()), Alias::new(format!("s{i}")))
            .expr_as(Func::min(col()), Alias::new(format!("lo{i}")))
            .expr_as(Func::max(col()), Alias::new(format!("hi{i}")))
            .expr_as(Func::avg(col()), Alias::new(format!("av{i}")));
    }
    if let Some(filter) = &request.filter {
        q.cond_where(compiler.compile(filter)?);
    }
    let rows = ctx.db.read_all(&q).await?;
    let mut specs = compiler.indexes(&[]);
    specs.push(match metrics.as_slice() {
        [metric] => IndexSpec::pipeline(
            ctx.db.backend(),
            &root.object.table_name,
            column,
            metric.column.as_deref().unwrap_or_default(),
            false,
        ),
        _ => IndexSpec::single(&root.object.table_name, column),
    });
    indexes::ensure(&ctx.db, specs);

    let mut found: HashMap<Option<String>, (u64, BTreeMap<String, Stats>)> = HashMap::new();
    for row in &rows {
        let key: Option<String> = row.try_get("g")?;
        let count: i64 = row.try_get("n")?;
        let mut stats = BTreeMap::new();
        for (i, metric) in metrics.iter().enumerate() {
            let stat = Stats {
                sum: number(row, &format!("s{i}"))?.unwrap_or(0.0),
                min: number(row, &format!("lo{i}"))?,
                max: number(row, &format!("hi{i}"))?,
                avg: number(row, &format!("av{i}"))?,
            };
            stats.insert(metric.api_slug.clone(), stat);
        }
        found.insert(key, (count.max(0) as u64, stats));
    }
    let empty = || metrics.iter().map(|m| (m.api_slug.clone(), Stats::default())).collect();
    let mut groups = Vec::new();
    for choice in root.choices(group_by) {
        let held = found.remove(&Some(choice.id.to_string()));
        if choice.is_archived && held.is_none() {
            continue;
        }
        let (count, metrics) = held.unwrap_or_else(|| (0, empty()));
        groups.push(Group { value: root.choice_json.get(&choice.id).cloned(), count, metrics });
    }
    let (count, metrics) = found.remove(&None).unwrap_or_else(|| (0, empty()));
    groups.push(Group { value: None, count, metrics });
    Ok(groups)
}

/// A numeric aggregate, which the databases may answer as a float or, for whole numbers, as
/// an integer.
fn number(row: &AnyRow, column: &str) -> Result<Option<f64>> {
    match row.try_get::<Option<f64>, _>(column) {
        Ok(value) => Ok(value),
        Err(_) => Ok(row.try_get::<Option<i64>, _>(column)?.map(|n| n as f64)),
    }
}

/// `POST /v2/objects/{object}/records/aggregate` (ours).
pub async fn aggregate_records(ctx: &Ctx, object: &str, request: AggregateRequest) -> Result<Vec<Group>> {
    ctx.require(crate::records::READ)?;
    let root = ObjectSchema::load(ctx, object).await?;
    aggregate_rows(ctx, &root, request).await
}

/// `POST /v2/lists/{list}/entries/aggregate` (ours).
pub async fn aggregate_entries(ctx: &Ctx, list: &str, request: AggregateRequest) -> Result<Vec<Group>> {
    ctx.require(crate::entries::READ)?;
    let (_, schema) = crate::lists::list_schema(ctx, list).await?;
    aggregate_rows(ctx, &schema, request).await
}
