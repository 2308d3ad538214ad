//! `/v2/lists...` and the entries of lists.

use super::{data, documented_400, empty, sized_data, Auth, Body, PageParams, Params, ValuesParams, Wrapped};
use crate::entries::{self, EntryPatch, NewEntry};
use crate::error::Result;
use crate::lists::{self, ListPatch, NewList};
use crate::records::WriteMode;
use crate::state::AppState;
use crate::view::EntryView;
use axum::body::Bytes;
use axum::extract::Path;
use axum::response::IntoResponse;
use axum::routing::{get, patch, post, put};
use axum::Router;
use model::query::QueryRequest;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v2/lists", get(list).merge(post(create).layer(documented_400!("value_not_found"))))
        .route("/v2/lists/{list}", get(show).merge(patch(update).layer(documented_400!("value_not_found"))))
        .route(
            "/v2/lists/{list}/entries",
            post(create_entry)
                .layer(documented_400!("value_not_found"))
                .merge(put(assert_entry).layer(documented_400!("multiple_match_results"))),
        )
        .route("/v2/lists/{list}/entries/query", post(query))
        .route("/v2/lists/{list}/entries/count", post(count).layer(documented_400!("filter_error")))
        .route("/v2/lists/{list}/entries/aggregate", post(aggregate).layer(documented_400!("filter_error")))
        .route("/v2/lists/{list}/entries/positions", post(positions).layer(documented_400!("validation_type")))
        .route(
            "/v2/lists/{list}/entries/{entry}",
            get(show_entry)
                .merge(patch(patch_entry).put(put_entry).layer(documented_400!("immutable_value")))
                .delete(delete_entry),
        )
        .route(
            "/v2/lists/{list}/entries/{entry}/attributes/{attribute}/values",
            get(values).put(write_history).layer(documented_400!("validation_type")),
        )
        .route("/v2/objects/{object}/records/{record}/entries", get(record_entries))
}

async fn list(Auth(ctx): Auth) -> Result<impl IntoResponse> {
    Ok(data(lists::list_lists(&ctx).await?))
}

async fn create(Auth(ctx): Auth, Body(b): Body<Wrapped<NewList>>) -> Result<impl IntoResponse> {
    Ok(data(lists::create_list(&ctx, b.data).await?))
}

async fn show(Auth(ctx): Auth, Path(list): Path<String>) -> Result<impl IntoResponse> {
    Ok(data(lists::get_list(&ctx, &list).await?))
}

async fn update(
    Auth(ctx): Auth,
    Path(list): Path<String>,
    Body(b): Body<Wrapped<ListPatch>>,
) -> Result<impl IntoResponse> {
    Ok(data(lists::update_list(&ctx, &list, b.data).await?))
}

async fn create_entry(
    Auth(ctx): Auth,
    Path(list): Path<String>,
    Body(b): Body<Wrapped<NewEntry>>,
) -> Result<impl IntoResponse> {
    Ok(data(entries::create_entry(&ctx, &list, b.data).await?))
}

async fn assert_entry(
    Auth(ctx): Auth,
    Path(list): Path<String>,
    Body(b): Body<Wrapped<NewEntry>>,
) -> Result<impl IntoResponse> {
    Ok(data(entries::assert_entry(&ctx, &list, b.data).await?))
}

async fn query(Auth(ctx): Auth, Path(list): Path<String>, body: Bytes) -> Result<impl IntoResponse> {
    let body: QueryRequest = super::records::query_body(&body)?;
    let entries = entries::query_entries(&ctx, &list, body).await?;
    let size = entries.iter().map(EntryView::size_hint).sum();
    sized_data(entries, size)
}

async fn show_entry(Auth(ctx): Auth, Path((list, entry)): Path<(String, String)>) -> Result<impl IntoResponse> {
    Ok(data(entries::get_entry(&ctx, &list, &entry).await?))
}

async fn patch_entry(
    Auth(ctx): Auth,
    Path((list, entry)): Path<(String, String)>,
    Body(b): Body<Wrapped<EntryPatch>>,
) -> Result<impl IntoResponse> {
    Ok(data(entries::update_entry(&ctx, &list, &entry, b.data, WriteMode::Append).await?))
}

async fn put_entry(
    Auth(ctx): Auth,
    Path((list, entry)): Path<(String, String)>,
    Body(b): Body<Wrapped<EntryPatch>>,
) -> Result<impl IntoResponse> {
    Ok(data(entries::update_entry(&ctx, &list, &entry, b.data, WriteMode::Overwrite).await?))
}

async fn delete_entry(Auth(ctx): Auth, Path((list, entry)): Path<(String, String)>) -> Result<impl IntoResponse> {
    entries::delete_entry(&ctx, &list, &entry).await?;
    Ok(empty())
}

async fn values(
    Auth(ctx): Auth,
    Path((list, entry, attribute)): Path<(String, String, String)>,
    Params(p): Params<ValuesParams>,
) -> Result<impl IntoResponse> {
    Ok(data(
        entries::entry_values(&ctx, &list, &entry, &attribute, p.show_historic, p.limit, p.offset.unwrap_or(0)).await?,
    ))
}

async fn record_entries(
    Auth(ctx): Auth,
    Path((object, record)): Path<(String, String)>,
    Params(p): Params<PageParams>,
) -> Result<impl IntoResponse> {
    Ok(data(entries::record_entries(&ctx, &object, &record, p.limit, p.offset.unwrap_or(0)).await?))
}

async fn write_history(
    Auth(ctx): Auth,
    Path((list, entry, attribute)): Path<(String, String, String)>,
    Body(b): Body<Wrapped<crate::history::HistoryWrite>>,
) -> Result<impl IntoResponse> {
    Ok(data(entries::write_entry_history(&ctx, &list, &entry, &attribute, b.data).await?))
}

async fn aggregate(Auth(ctx): Auth, Path(list): Path<String>, body: Bytes) -> Result<impl IntoResponse> {
    let request = super::records::aggregate_body(&body)?;
    Ok(data(crate::aggregate::aggregate_entries(&ctx, &list, request).await?))
}

async fn positions(
    Auth(ctx): Auth,
    Path(list): Path<String>,
    Body(b): Body<Wrapped<crate::positions::PositionsRequest>>,
) -> Result<impl IntoResponse> {
    Ok(data(crate::positions::position_entries(&ctx, &list, b.data).await?))
}

async fn count(Auth(ctx): Auth, Path(list): Path<String>, body: Bytes) -> Result<impl IntoResponse> {
    let body = super::records::count_body(&body)?;
    Ok(data(serde_json::json!({"count": entries::count_entries(&ctx, &list, body.filter).await?})))
}
