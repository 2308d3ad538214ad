//! `/v2/objects/{object}/records...`.

use super::{data, documented_400, empty, sized_data, Auth, Body, PageParams, Params, ValuesParams};
use crate::error::{ApiError, Result};
use crate::records::{self, WriteMode};
use crate::state::AppState;
use crate::view::RecordView;
use axum::body::Bytes;
use axum::extract::Path;
use axum::response::IntoResponse;
use axum::routing::{get, patch, post};
use axum::Router;
use model::query::QueryRequest;
use serde::Deserialize;
use serde_json::{Map, Value};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v2/objects/{object}/records", post(create).put(assert).layer(documented_400!("value_not_found")))
        .route("/v2/objects/{object}/records/query", post(query).layer(documented_400!("filter_error")))
        .route("/v2/objects/{object}/records/count", post(count).layer(documented_400!("filter_error")))
        .route("/v2/objects/{object}/records/aggregate", post(aggregate).layer(documented_400!("filter_error")))
        .route("/v2/objects/{object}/records/{record_id}/referenced-by", get(referenced_by))
        .route("/v2/objects/{object}/records/{record_id}/timeline", get(timeline))
        .route("/v2/objects/{object}/records/merge", post(merge).layer(documented_400!("self_merge")))
        .route("/v2/objects/{object}/records/positions", post(positions).layer(documented_400!("validation_type")))
        .route("/v2/objects/records/search", post(search).layer(documented_400!("value_not_found")))
        .route(
            "/v2/objects/{object}/records/{record_id}",
            get(show).merge(patch(patch_record).put(put_record).layer(documented_400!("missing_value"))).delete(delete),
        )
        .route(
            "/v2/objects/{object}/records/{record_id}/attributes/{attribute}/values",
            get(values).put(write_history).layer(documented_400!("validation_type")),
        )
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ValuesBody {
    data: ValuesData,
}

#[derive(Deserialize)]
struct ValuesData {
    values: Map<String, Value>,
}

/// The query body is optional: an empty body lists everything.
pub(super) fn query_body(body: &[u8]) -> Result<QueryRequest> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(QueryRequest::default());
    }
    serde_json::from_slice(body).map_err(|e| ApiError::filter(format!("Invalid query body: {e}")))
}

async fn query(Auth(ctx): Auth, Path(object): Path<String>, body: Bytes) -> Result<impl IntoResponse> {
    let body = query_body(&body)?;
    let records = records::query_records(&ctx, &object, body).await?;
    let size = records.iter().map(RecordView::size_hint).sum();
    sized_data(records, size)
}

/// The search body is not wrapped in `data`, unlike the other writes.
async fn search(Auth(ctx): Auth, Body(b): Body<crate::search::SearchRequest>) -> Result<impl IntoResponse> {
    Ok(data(crate::search::search_records(&ctx, b).await?))
}

async fn create(Auth(ctx): Auth, Path(object): Path<String>, Body(b): Body<ValuesBody>) -> Result<impl IntoResponse> {
    Ok(data(records::create_record(&ctx, &object, b.data.values).await?))
}

#[derive(Deserialize)]
struct AssertParams {
    matching_attribute: Option<String>,
}

async fn assert(
    Auth(ctx): Auth,
    Path(object): Path<String>,
    Params(p): Params<AssertParams>,
    Body(b): Body<ValuesBody>,
) -> Result<impl IntoResponse> {
    let matching = p
        .matching_attribute
        .ok_or_else(|| ApiError::validation("The query parameter \"matching_attribute\" is required."))?;
    Ok(data(records::assert_record(&ctx, &object, &matching, b.data.values).await?))
}

/// The body of the count routes: a query body's filter.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct CountBody {
    #[serde(default)]
    pub filter: Option<Value>,
}

pub(super) fn count_body(body: &[u8]) -> Result<CountBody> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(CountBody::default());
    }
    serde_json::from_slice(body).map_err(|e| ApiError::filter(format!("Invalid count body: {e}")))
}

async fn count(Auth(ctx): Auth, Path(object): Path<String>, body: Bytes) -> Result<impl IntoResponse> {
    let body = count_body(&body)?;
    Ok(data(serde_json::json!({"count": records::count_records(&ctx, &object, body.filter).await?})))
}

/// The body of the aggregate routes.
pub(super) fn aggregate_body(body: &[u8]) -> Result<crate::aggregate::AggregateRequest> {
    serde_json::from_slice(body).map_err(|e| ApiError::validation(format!("Invalid aggregate body: {e}")))
}

async fn aggregate(Auth(ctx): Auth, Path(object): Path<String>, body: Bytes) -> Result<impl IntoResponse> {
    let request = aggregate_body(&body)?;
    Ok(data(crate::aggregate::aggregate_records(&ctx, &object, request).await?))
}

async fn referenced_by(Auth(ctx): Auth, Path((object, id)): Path<(String, String)>) -> Result<impl IntoResponse> {
    Ok(data(crate::related::referenced_by(&ctx, &object, &id).await?))
}

async fn positions(
    Auth(ctx): Auth,
    Path(object): Path<String>,
    Body(b): Body<super::Wrapped<crate::positions::PositionsRequest>>,
) -> Result<impl IntoResponse> {
    Ok(data(crate::positions::position_records(&ctx, &object, b.data).await?))
}

async fn merge(
    Auth(ctx): Auth,
    Path(object): Path<String>,
    Body(b): Body<super::Wrapped<crate::merge::MergeRequest>>,
) -> Result<impl IntoResponse> {
    Ok(data(crate::merge::merge_records(&ctx, &object, b.data).await?))
}

async fn show(Auth(ctx): Auth, Path((object, id)): Path<(String, String)>) -> Result<impl IntoResponse> {
    let record = records::get_record(&ctx, &object, &id).await?;
    let size = record.size_hint();
    sized_data(record, size)
}

async fn patch_record(
    Auth(ctx): Auth,
    Path((object, id)): Path<(String, String)>,
    Body(b): Body<ValuesBody>,
) -> Result<impl IntoResponse> {
    Ok(data(records::update_record(&ctx, &object, &id, b.data.values, WriteMode::Append).await?))
}

async fn put_record(
    Auth(ctx): Auth,
    Path((object, id)): Path<(String, String)>,
    Body(b): Body<ValuesBody>,
) -> Result<impl IntoResponse> {
    Ok(data(records::update_record(&ctx, &object, &id, b.data.values, WriteMode::Overwrite).await?))
}

async fn delete(Auth(ctx): Auth, Path((object, id)): Path<(String, String)>) -> Result<impl IntoResponse> {
    records::delete_record(&ctx, &object, &id).await?;
    Ok(empty())
}

async fn timeline(
    Auth(ctx): Auth,
    Path((object, id)): Path<(String, String)>,
    Params(p): Params<PageParams>,
) -> Result<impl IntoResponse> {
    Ok(data(crate::timeline::record_timeline(&ctx, &object, &id, p.limit, p.offset.unwrap_or(0)).await?))
}

async fn values(
    Auth(ctx): Auth,
    Path((object, id, attribute)): Path<(String, String, String)>,
    Params(p): Params<ValuesParams>,
) -> Result<impl IntoResponse> {
    Ok(data(
        records::attribute_values(&ctx, &object, &id, &attribute, p.show_historic, p.limit, p.offset.unwrap_or(0))
            .await?,
    ))
}

async fn write_history(
    Auth(ctx): Auth,
    Path((object, id, attribute)): Path<(String, String, String)>,
    Body(b): Body<super::Wrapped<crate::history::HistoryWrite>>,
) -> Result<impl IntoResponse> {
    Ok(data(records::write_attribute_history(&ctx, &object, &id, &attribute, b.data).await?))
}
