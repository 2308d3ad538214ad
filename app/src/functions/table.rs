//! The data behind a table, of an object's records or of a list's entries: its schema, one
//! page of its rows, and how many rows its filter matches. The same service functions as
//! `POST /v2/objects/{object}/records/query` and `POST /v2/lists/{list}/entries/query`, and
//! their `/count` routes.

use super::AppError;
use crate::table::source::Source;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use model::wire::{Attribute, Object, Record};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// How many rows one page of a table holds; the next page loads as the table scrolls.
pub const PAGE_SIZE: u64 = 100;

/// What a table is called and the attributes that can be its columns, loaded once per table
/// rather than on every re-sort.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TableSchema {
    pub source: Source,
    /// The object's or the list's id, as live changes name it.
    pub source_id: String,
    /// The table's title: the object's plural noun, or the list's name.
    pub title: String,
    /// What one row and several rows are called, in lower case.
    pub nouns: (String, String),
    /// The object whose colour and initial mark the table: the object, or the list's parent.
    pub badge: String,
    /// Every attribute that can be a column (for a list: the parent record, the list's own
    /// attributes and the parent's, see [`crate::table::source`]).
    pub attributes: Vec<Attribute>,
    /// The titles each select or status column can take, by column slug, in order.
    pub choices: HashMap<String, Vec<String>>,
    /// A list's parent object: its records are what can be added to the list.
    pub parent: Option<Object>,
}

impl TableSchema {
    /// The attributes the query endpoint sorts and filters by.
    pub fn queryable(&self) -> Vec<Attribute> {
        self.attributes.iter().filter(|a| crate::table::source::queryable(&a.api_slug)).cloned().collect()
    }
}

#[server(input = Json)]
pub async fn load_table_schema(source: Source) -> Result<TableSchema, AppError> {
    use api::attributes::{list_attributes, Target};

    let ctx = super::session::context().await?;
    match source {
        Source::Object(ref slug) => {
            let object = api::objects::get_object(&ctx, slug).await?;
            let attributes = list_attributes(&ctx, Target::Objects, slug, false).await?;
            let choices = choice_titles(&ctx, Target::Objects, slug, &attributes).await?;
            Ok(TableSchema {
                title: object.plural_noun.clone(),
                nouns: (object.singular_noun.to_lowercase(), object.plural_noun.to_lowercase()),
                badge: object.api_slug,
                source_id: object.id.object_id.to_string(),
                source,
                attributes,
                choices,
                parent: None,
            })
        }
        Source::List(ref slug) => {
            use crate::table::source::list_columns;

            let list = api::lists::get_list(&ctx, slug).await?;
            let parent_slug = list.parent_object.first().cloned().unwrap_or_default();
            let parent = api::objects::get_object(&ctx, &parent_slug).await?;
            let own = list_attributes(&ctx, Target::Lists, slug, false).await?;
            let parents = list_attributes(&ctx, Target::Objects, &parent_slug, false).await?;
            let mut choices = choice_titles(&ctx, Target::Lists, slug, &own).await?;
            for (column, titles) in choice_titles(&ctx, Target::Objects, &parent_slug, &parents).await? {
                choices.insert(format!("parent.{column}"), titles);
            }
            Ok(TableSchema {
                title: list.name,
                nouns: ("entry".to_owned(), "entries".to_owned()),
                badge: parent.api_slug.clone(),
                source_id: list.id.list_id.to_string(),
                source,
                attributes: list_columns(&parent.singular_noun, own, parents),
                choices,
                parent: Some(parent),
            })
        }
    }
}

/// The titles of the active options and statuses of select and status attributes, by
/// attribute slug.
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

/// One page of a table's rows, with the names of the records they reference so a reference
/// can be shown by name rather than by id.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RecordPage {
    pub records: Vec<Record>,
    /// Referenced records' names by record id; unnamed records are left out.
    pub labels: HashMap<String, String>,
}

/// One page of the rows of `source` that match `filter` (Attio's filter JSON), in the order
/// of `sort` (as the table's address writes it: `value:desc,name`).
#[server(input = Json)]
pub async fn load_rows(
    source: Source,
    sort: String,
    filter: Option<String>,
    offset: u64,
) -> Result<RecordPage, AppError> {
    use crate::table::view_state::ViewState;

    let ctx = super::session::context().await?;
    let sorts = ViewState::from_query(Some(sort), None, None).query_sorts();
    rows(&ctx, &source, sorts, parse_filter(filter)?, offset, PAGE_SIZE).await
}

/// Rows `offset..offset + limit` of `source` matching `filter`, in the order of `sorts`,
/// with the names of the records they reference.
#[cfg(feature = "ssr")]
pub(super) async fn rows(
    ctx: &api::Ctx,
    source: &Source,
    sorts: Vec<model::query::Sort>,
    filter: Option<serde_json::Value>,
    offset: u64,
    limit: u64,
) -> Result<RecordPage, AppError> {
    use model::query::QueryRequest;

    let body = QueryRequest { sorts, filter, limit: Some(limit), offset: Some(offset) };
    let (records, mut labels) = match source {
        Source::Object(object) => {
            let records = api::records::query_records(ctx, object, body)
                .await?
                .into_iter()
                .map(api::view::RecordView::into_record)
                .collect::<Result<Vec<_>, _>>()?;
            (records, HashMap::new())
        }
        Source::List(list) => entry_rows(ctx, list, body).await?,
    };
    labels.extend(reference_names(ctx, &records).await?);
    Ok(RecordPage { records, labels })
}

/// A page of a list's entries as rows, with their parent records' values, and the parents'
/// names by record id.
#[cfg(feature = "ssr")]
async fn entry_rows(
    ctx: &api::Ctx,
    list: &str,
    body: model::query::QueryRequest,
) -> Result<(Vec<Record>, HashMap<String, String>), AppError> {
    use crate::table::source::entry_row;
    use model::query::QueryRequest;

    let entries = api::entries::query_entries(ctx, list, body)
        .await?
        .into_iter()
        .map(api::view::EntryView::into_entry)
        .collect::<Result<Vec<_>, _>>()?;
    let Some(object) = entries.first().map(|e| e.parent_object.clone()) else {
        return Ok((Vec::new(), HashMap::new()));
    };
    let ids: Vec<String> = entries.iter().map(|e| e.parent_record_id.to_string()).collect();
    let body = QueryRequest {
        filter: Some(serde_json::json!({ "record_id": { "$in": ids } })),
        limit: Some(ids.len() as u64),
        ..QueryRequest::default()
    };
    let mut parents = HashMap::new();
    for parent in api::records::query_records(ctx, &object, body).await? {
        let parent = parent.into_record()?;
        parents.insert(parent.id.record_id, parent);
    }
    let names = parents.values().filter_map(|p| Some((p.id.record_id.to_string(), p.display_name()?))).collect();
    let rows = entries
        .into_iter()
        .map(|entry| {
            let parent = parents.get(&entry.parent_record_id);
            entry_row(entry, parent)
        })
        .collect();
    Ok((rows, names))
}

/// How many rows of `source` match `filter`: the total the table's header shows.
#[server(input = Json)]
pub async fn count_rows(source: Source, filter: Option<String>) -> Result<u64, AppError> {
    let ctx = super::session::context().await?;
    let filter = parse_filter(filter)?;
    Ok(match &source {
        Source::Object(object) => api::records::count_records(&ctx, object, filter).await?,
        Source::List(list) => api::entries::count_entries(&ctx, list, filter).await?,
    })
}

/// The names of the records that `records` reference, by record id: one query per
/// referenced object rather than one per reference. An entry row's parent is named by
/// whoever loaded the row.
#[cfg(feature = "ssr")]
pub(super) async fn reference_names(ctx: &api::Ctx, records: &[Record]) -> Result<HashMap<String, String>, AppError> {
    use crate::table::source::PARENT;
    use model::query::QueryRequest;
    use serde_json::{json, Value};
    use std::collections::{BTreeMap, BTreeSet};

    let mut targets: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let values = records.iter().flat_map(|record| record.values.iter()).filter(|(slug, _)| *slug != PARENT);
    for value in values.flat_map(|(_, values)| values) {
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
