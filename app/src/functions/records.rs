//! The data behind an object's table: its schema and one page of its records.

use super::AppError;
use leptos::prelude::*;
use model::wire::{Attribute, Object, Record};
use serde::{Deserialize, Serialize};

/// The most records one table page asks for; the UI says so when a page is full.
pub const RECORD_LIMIT: u64 = 500;

/// An object and its attributes (the table's columns), loaded once per object rather than
/// on every re-sort.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ObjectSchema {
    pub object: Object,
    pub attributes: Vec<Attribute>,
}

#[server]
pub async fn load_object_schema(object: String) -> Result<ObjectSchema, AppError> {
    use super::session;
    use api::attributes::{list_attributes, Target};

    let ctx = session::context().await?;
    let found = api::objects::get_object(&ctx, &object).await?;
    let attributes = list_attributes(&ctx, Target::Objects, &object, false).await?;
    Ok(ObjectSchema { object: found, attributes })
}

/// Records of `object`, sorted by the attribute slug `sort` when given.
#[server]
pub async fn load_records(object: String, sort: Option<String>, descending: bool) -> Result<Vec<Record>, AppError> {
    use super::session;
    use model::query::{Direction, QueryRequest, Sort};

    let ctx = session::context().await?;
    let direction = if descending { Direction::Desc } else { Direction::Asc };
    let body = QueryRequest {
        sorts: sort
            .into_iter()
            .map(|attribute| Sort { direction, attribute: Some(attribute), path: None, field: None })
            .collect(),
        limit: Some(RECORD_LIMIT),
        ..QueryRequest::default()
    };
    Ok(api::records::query_records(&ctx, &object, body).await?)
}
