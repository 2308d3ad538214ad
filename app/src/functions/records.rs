//! The data behind an object's table: its schema, one page of its records, and how many
//! records its filter matches.

use super::AppError;
use leptos::prelude::*;
use model::wire::{Attribute, Object, Record};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// How many records one page of a table holds; the next page loads as the table scrolls.
pub const PAGE_SIZE: u64 = 100;

/// An object and its attributes (the table's columns), loaded once per object rather than
/// on every re-sort.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ObjectSchema {
    pub object: Object,
    pub attributes: Vec<Attribute>,
    /// The titles each select or status attribute can take, by slug, in order.
    pub choices: HashMap<String, Vec<String>>,
}

#[server]
pub async fn load_object_schema(object: String) -> Result<ObjectSchema, AppError> {
    use super::session;
    use api::attributes::{list_attributes, Target};

    let ctx = session::context().await?;
    let found = api::objects::get_object(&ctx, &object).await?;
    let attributes = list_attributes(&ctx, Target::Objects, &object, false).await?;
    let choices = choice_titles(&ctx, api::attributes::Target::Objects, &object, &attributes).await?;
    Ok(ObjectSchema { object: found, attributes, choices })
}

/// The titles of the active options and statuses of an object's select and status
/// attributes, by attribute slug.
#[cfg(feature = "ssr")]
pub(super) async fn choice_titles(
    ctx: &api::Ctx,
    target: api::attributes::Target,
    parent: &str,
    attributes: &[Attribute],
) -> Result<HashMap<String, Vec<String>>, AppError> {
    use api::attributes::{list_options, list_statuses};
    use model::AttributeType;

    let mut choices = HashMap::new();
    for attribute in attributes.iter().filter(|a| !a.is_archived) {
        let slug = &attribute.api_slug;
        let titles: Vec<String> = match attribute.kind {
            AttributeType::Select => {
                list_options(ctx, target, parent, slug, false).await?.into_iter().map(|o| o.title).collect()
            }
            AttributeType::Status => {
                list_statuses(ctx, target, parent, slug, false).await?.into_iter().map(|s| s.title).collect()
            }
            _ => continue,
        };
        choices.insert(slug.clone(), titles);
    }
    Ok(choices)
}

/// A filter from the address: JSON, or a clear error.
#[cfg(feature = "ssr")]
pub(super) fn parse_filter(filter: Option<String>) -> Result<Option<serde_json::Value>, AppError> {
    filter
        .map(|f| serde_json::from_str(&f).map_err(|e| AppError::Other(format!("The filter is not valid JSON: {e}"))))
        .transpose()
}

/// One page of records, with the names of the records they reference so a reference can
/// be shown by name rather than by id.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RecordPage {
    pub records: Vec<Record>,
    /// Referenced records' names by record id; unnamed records are left out.
    pub labels: HashMap<String, String>,
}

/// One page of the records of `object` that match `filter` (Attio's filter JSON), in the
/// order of `sort` (as the table's address writes it: `value:desc,name`).
#[server]
pub async fn load_records(
    object: String,
    sort: String,
    filter: Option<String>,
    offset: u64,
) -> Result<RecordPage, AppError> {
    use super::session;
    use crate::table::view_state::ViewState;
    use model::query::QueryRequest;

    let ctx = session::context().await?;
    let body = QueryRequest {
        sorts: ViewState::from_query(Some(sort), None, None).query_sorts(),
        filter: parse_filter(filter)?,
        limit: Some(PAGE_SIZE),
        offset: Some(offset),
    };
    let records = api::records::query_records(&ctx, &object, body)
        .await?
        .into_iter()
        .map(api::view::RecordView::into_record)
        .collect::<Result<Vec<_>, _>>()?;
    let labels = reference_names(&ctx, &records).await?;
    Ok(RecordPage { records, labels })
}

/// How many records of `object` match `filter`: the total the table's header shows.
#[server]
pub async fn count_records(object: String, filter: Option<String>) -> Result<u64, AppError> {
    let ctx = super::session::context().await?;
    Ok(api::records::count_records(&ctx, &object, parse_filter(filter)?).await?)
}

/// The names of the records that `records` reference, by record id: one query per
/// referenced object rather than one per reference.
#[cfg(feature = "ssr")]
pub(super) async fn reference_names(ctx: &api::Ctx, records: &[Record]) -> Result<HashMap<String, String>, AppError> {
    use model::query::QueryRequest;
    use serde_json::{json, Value};
    use std::collections::{BTreeMap, BTreeSet};

    let mut targets: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for value in records.iter().flat_map(|record| record.values.values().flatten()) {
        if value.get("attribute_type").and_then(Value::as_str) != Some("record-reference") {
            continue;
        }
        let field = |key| value.get(key).and_then(Value::as_str);
        if let (Some(target), Some(id)) = (field("target_object"), field("target_record_id")) {
            targets.entry(target).or_default().insert(id);
        }
    }
    let mut labels = HashMap::new();
    for (target, ids) in targets {
        let body = QueryRequest {
            filter: Some(json!({ "record_id": { "$in": ids } })),
            limit: Some(ids.len() as u64),
            ..QueryRequest::default()
        };
        for referenced in api::records::query_records(ctx, target, body).await? {
            let referenced = referenced.into_record()?;
            if let Some(name) = referenced.display_name() {
                labels.insert(referenced.id.record_id.to_string(), name);
            }
        }
    }
    Ok(labels)
}
