//! What the command palette finds: records of every object whose name, e-mail addresses,
//! domains or phone numbers contain the query (`POST /v2/objects/records/search`).

use super::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Found {
    pub object: String,
    pub record_id: String,
    pub text: String,
    /// An e-mail address or domain that matched, to tell namesakes apart.
    pub detail: Option<String>,
}

/// Records matching `query`, in `object` only when it is given.
#[server]
pub async fn search(query: String, object: Option<String>) -> Result<Vec<Found>, AppError> {
    use serde_json::Value;

    let ctx = super::session::context().await?;
    if query.trim().is_empty() {
        return Ok(Vec::new());
    }
    let objects = match object {
        Some(object) => vec![object],
        None => api::objects::list_objects(&ctx).await?.into_iter().map(|o| o.api_slug).collect(),
    };
    let request = api::search::SearchRequest { query, limit: Some(12.0), objects, request_as: None };
    let results = api::search::search_records(&ctx, request).await?;
    Ok(results
        .into_iter()
        .filter_map(|r| {
            let first =
                |key: &str| r.get(key).and_then(Value::as_array).and_then(|a| a.first()).and_then(Value::as_str);
            Some(Found {
                object: r.get("object_slug")?.as_str()?.to_owned(),
                record_id: r.get("id")?.get("record_id")?.as_str()?.to_owned(),
                text: r.get("record_text").and_then(Value::as_str).unwrap_or_default().to_owned(),
                detail: first("email_addresses").or_else(|| first("domains")).map(str::to_owned),
            })
        })
        .collect())
}
