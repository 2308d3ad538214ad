//! Changes made from a table: creating a record, and deleting or setting one attribute of
//! many records or list entries at once. Each row goes through the service function of the
//! matching /v2 route (create, delete, update), so each is validated, kept in history and
//! announced to webhooks as one API write would be; one refused row does not stop the others.

use super::AppError;
use crate::table::source::Source;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use model::wire::Record;
use serde::{Deserialize, Serialize};

/// Which rows (records or entries) a bulk change applies to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Selection {
    /// These rows, by record or entry id.
    Records(Vec<String>),
    /// Every row the filter (Attio's filter JSON) matches; every row when `None`.
    Matching(Option<String>),
}

/// What a bulk change did.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BulkOutcome {
    pub done: u64,
    pub refused: u64,
    /// The first refusal's message, to show.
    pub first_error: Option<String>,
}

impl BulkOutcome {
    #[cfg(feature = "ssr")]
    fn record(&mut self, result: Result<(), api::ApiError>) {
        match result {
            Ok(()) => self.done += 1,
            Err(error) => {
                self.refused += 1;
                self.first_error.get_or_insert_with(|| AppError::from(error).to_string());
            }
        }
    }
}

/// The ids a selection stands for: those given, or every row matching the filter, read a
/// page at a time through the query service.
#[cfg(feature = "ssr")]
async fn selected_ids(ctx: &api::Ctx, source: &Source, selection: Selection) -> Result<Vec<String>, AppError> {
    use model::query::QueryRequest;
    const PAGE: u64 = 1_000;

    let filter = match selection {
        Selection::Records(ids) => return Ok(ids),
        Selection::Matching(filter) => super::table::parse_filter(filter)?,
    };
    let mut ids = Vec::new();
    loop {
        let body = QueryRequest {
            filter: filter.clone(),
            limit: Some(PAGE),
            offset: Some(ids.len() as u64),
            ..QueryRequest::default()
        };
        let page: Vec<String> = match source {
            Source::Object(object) => api::records::query_records(ctx, object, body)
                .await?
                .iter()
                .map(api::view::RecordView::record_id)
                .collect(),
            Source::List(list) => api::entries::query_entries(ctx, list, body)
                .await?
                .into_iter()
                .map(|entry| Ok(entry.into_entry()?.id.entry_id.to_string()))
                .collect::<Result<_, AppError>>()?,
        };
        let full = page.len() as u64 == PAGE;
        ids.extend(page);
        if !full {
            return Ok(ids);
        }
    }
}

/// Creates a record of `object` from `values` (attribute slug to a value as
/// `POST /v2/objects/{object}/records` takes it).
#[server(input = Json)]
pub async fn create_record(
    object: String,
    values: serde_json::Map<String, serde_json::Value>,
) -> Result<Record, AppError> {
    let ctx = super::session::context().await?;
    Ok(api::records::create_record(&ctx, &object, values).await?.into_record()?)
}

/// Deletes the selected rows of `source`: records, or entries (their records stay).
#[server(input = Json)]
pub async fn delete_rows(source: Source, selection: Selection) -> Result<BulkOutcome, AppError> {
    let ctx = super::session::context().await?;
    let mut outcome = BulkOutcome::default();
    for id in selected_ids(&ctx, &source, selection).await? {
        outcome.record(match &source {
            Source::Object(object) => api::records::delete_record(&ctx, object, &id).await,
            Source::List(list) => api::entries::delete_entry(&ctx, list, &id).await,
        });
    }
    Ok(outcome)
}

/// Sets `attribute` to `value` (as a PATCH takes it; `null` clears it) on the selected rows
/// of `source`.
#[server(input = Json)]
pub async fn set_value_on_rows(
    source: Source,
    selection: Selection,
    attribute: String,
    value: serde_json::Value,
) -> Result<BulkOutcome, AppError> {
    use api::entries::{update_entry, EntryPatch};
    use api::records::{update_record, WriteMode};

    let ctx = super::session::context().await?;
    let mut outcome = BulkOutcome::default();
    for id in selected_ids(&ctx, &source, selection).await? {
        let mut values = serde_json::Map::new();
        values.insert(attribute.clone(), value.clone());
        outcome.record(match &source {
            Source::Object(object) => update_record(&ctx, object, &id, values, WriteMode::Overwrite).await.map(drop),
            Source::List(list) => {
                let patch = EntryPatch { entry_values: values, parent_record_id: None, parent_object: None };
                update_entry(&ctx, list, &id, patch, WriteMode::Overwrite).await.map(drop)
            }
        });
    }
    Ok(outcome)
}
