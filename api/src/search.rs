//! `POST /v2/objects/records/search`: records whose name, e-mail addresses, domains or phone
//! numbers contain the query, compiled to the same filters as the query endpoint.

use crate::catalog::ObjectSchema;
use crate::ctx::Ctx;
use crate::error::{ApiError, Result};
use crate::records::query_rows;
use crate::scopes::Access;
use model::query::QueryRequest;
use model::wire::RecordIdent;
use serde::Deserialize;
use serde_json::{json, Map, Value};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchRequest {
    pub query: String,
    #[serde(default)]
    pub limit: Option<f64>,
    pub objects: Vec<String>,
    #[serde(default)]
    pub request_as: Option<Value>,
}

/// Attributes searched besides the name, and shown in results, as Attio does.
const EXTRA: [&str; 3] = ["email_addresses", "phone_numbers", "domains"];

pub async fn search_records(ctx: &Ctx, req: SearchRequest) -> Result<Vec<Value>> {
    ctx.require(&[("record_permission", Access::Read), ("object_configuration", Access::Read)])?;
    if req.query.chars().count() > 256 {
        return Err(ApiError::validation("\"query\" may be at most 256 characters."));
    }
    let limit = req.limit.unwrap_or(25.0);
    if !(1.0..=25.0).contains(&limit) || limit.fract() != 0.0 {
        return Err(ApiError::validation("\"limit\" must be a whole number from 1 to 25."));
    }
    if req.objects.is_empty() {
        return Err(ApiError::validation("\"objects\" must name at least one object."));
    }
    let mut out = Vec::new();
    for name in &req.objects {
        let schema = ObjectSchema::load(ctx, name)
            .await
            .map_err(|_| ApiError::value_not_found(format!("Object \"{name}\" not found.")))?;
        let label = schema.attributes.iter().find(|a| a.api_slug == "name" && !a.is_archived);
        let shown: Vec<&str> = EXTRA
            .iter()
            .copied()
            .filter(|s| schema.attributes.iter().any(|a| a.api_slug == *s && !a.is_archived))
            .collect();
        let mut any = Vec::new();
        if !req.query.trim().is_empty() {
            for slug in label.iter().map(|a| a.api_slug.as_str()).chain(shown.iter().copied()) {
                any.push(json!({ slug: {"$contains": req.query.trim()} }));
            }
            if any.is_empty() {
                continue;
            }
        }
        let body = QueryRequest {
            filter: (!any.is_empty()).then(|| json!({"$or": any})),
            limit: Some(limit as u64),
            ..QueryRequest::default()
        };
        for mut row in query_rows(ctx, &schema, body).await? {
            let doc = &*row.doc.values()?;
            let first = |slug: &str, field: &str| -> Vec<Value> {
                schema
                    .attributes
                    .iter()
                    .find(|a| a.api_slug == slug)
                    .and_then(|a| doc.get(&a.id.0.to_string()))
                    .and_then(Value::as_array)
                    .map(|vs| vs.iter().filter_map(|v| v.get(field).cloned()).collect())
                    .unwrap_or_default()
            };
            let text = label
                .map(|a| {
                    let field = crate::values::primary_field(a.kind);
                    first(&a.api_slug, field).first().and_then(Value::as_str).unwrap_or_default().to_owned()
                })
                .unwrap_or_default();
            let mut item = Map::new();
            item.insert(
                "id".into(),
                json!(RecordIdent { workspace_id: ctx.workspace_id(), object_id: schema.object.id, record_id: row.id }),
            );
            item.insert("record_text".into(), json!(text));
            item.insert("record_image".into(), Value::Null);
            item.insert("object_slug".into(), json!(schema.object.api_slug));
            for (slug, field) in
                [("email_addresses", "email_address"), ("phone_numbers", "phone_number"), ("domains", "domain")]
            {
                if shown.contains(&slug) {
                    item.insert(slug.into(), Value::Array(first(slug, field)));
                }
            }
            out.push(Value::Object(item));
        }
    }
    out.truncate(limit as usize);
    Ok(out)
}
