//! A board's data in one call: for each status or option, how many rows match the view's
//! filter, the sum of a number or currency attribute over them (the same service function as
//! `POST /v2/objects/{object}/records/aggregate` and its list counterpart), and the column's
//! first cards (the query service). With no sort, a column's cards come in the board's manual
//! order, which a drop writes (`place_cards`, the service of `POST .../records/positions`).

use super::AppError;
use crate::table::source::Source;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// How many cards a column shows before it is scrolled.
pub const FIRST_CARDS: u64 = 25;

/// One column of a board.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoardGroup {
    /// The status or option id; `None` for the rows without a value.
    pub id: Option<String>,
    pub title: Option<String>,
    pub count: u64,
    /// The sum of the metric attribute, when one is chosen.
    pub sum: Option<f64>,
}

/// A board: its columns in the attribute's order ("No value" last), each with its first cards.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BoardData {
    pub groups: Vec<BoardGroup>,
    pub cards: Vec<super::RecordPage>,
    /// The attribute the headers sum: the first currency attribute, else the first number.
    pub metric: Option<String>,
}

#[server(input = Json)]
pub async fn load_board(
    source: Source,
    group_by: String,
    sort: String,
    filter: Option<String>,
) -> Result<BoardData, AppError> {
    use api::aggregate::{aggregate_entries, aggregate_records, AggregateRequest};
    use serde_json::Value;

    use api::attributes::{list_attributes, Target};
    use model::AttributeType;

    let ctx = super::session::context().await?;
    let attributes = match &source {
        Source::Object(object) => list_attributes(&ctx, Target::Objects, object, false).await?,
        Source::List(list) => list_attributes(&ctx, Target::Lists, list, false).await?,
    };
    let summable = |kind| attributes.iter().find(|a| a.kind == kind && !a.is_archived && !a.is_multiselect);
    let metric =
        summable(AttributeType::Currency).or_else(|| summable(AttributeType::Number)).map(|a| a.api_slug.clone());
    let filter = super::table::parse_filter(filter)?;
    let request = AggregateRequest {
        filter: filter.clone(),
        group_by: group_by.clone(),
        metrics: metric.iter().cloned().collect(),
    };
    let groups = match &source {
        Source::Object(object) => aggregate_records(&ctx, object, request).await?,
        Source::List(list) => aggregate_entries(&ctx, list, request).await?,
    };
    let groups: Vec<BoardGroup> = groups
        .into_iter()
        .map(|group| {
            let value: Option<Value> = group.value.and_then(|raw| serde_json::from_str(raw.get()).ok());
            let field = |key: &str| value.as_ref().and_then(|v| v.get(key)).and_then(Value::as_str).map(str::to_owned);
            let id = value.as_ref().and_then(|v| v.get("id")).and_then(|id| {
                id.get("status_id").or_else(|| id.get("option_id")).and_then(Value::as_str).map(str::to_owned)
            });
            let sum = metric.as_ref().and_then(|m| group.metrics.get(m)).map(|stats| stats.sum);
            BoardGroup { id, title: field("title"), count: group.count, sum }
        })
        .collect();
    let mut cards = Vec::with_capacity(groups.len());
    let sorts = card_sorts(&sort, &group_by);
    for group in &groups {
        let lane = crate::board::lane_filter(filter.clone(), &group_by, group.id.as_deref());
        cards.push(super::table::rows(&ctx, &source, sorts.clone(), Some(lane), 0, FIRST_CARDS).await?);
    }
    Ok(BoardData { groups, cards, metric })
}

/// The order of a column's cards: the view's sort, or with none the board's manual order.
#[cfg(feature = "ssr")]
fn card_sorts(sort: &str, group_by: &str) -> Vec<model::query::Sort> {
    use model::query::{Direction, Sort};
    if !sort.is_empty() {
        return crate::table::view_state::ViewState::from_query(Some(sort.to_owned()), None, None).query_sorts();
    }
    vec![Sort {
        direction: Direction::Asc,
        attribute: Some(group_by.to_owned()),
        path: None,
        field: Some(api::positions::BOARD_POSITION.to_owned()),
    }]
}

/// The next cards of a column (`lane_filter`: the view's filter and the column's choice).
#[server(input = Json)]
pub async fn load_cards(
    source: Source,
    group_by: String,
    sort: String,
    lane_filter: String,
    offset: u64,
) -> Result<super::RecordPage, AppError> {
    let ctx = super::session::context().await?;
    let filter = super::table::parse_filter(Some(lane_filter))?;
    super::table::rows(&ctx, &source, card_sorts(&sort, &group_by), filter, offset, super::PAGE_SIZE).await
}

/// Puts a column's cards, as it shows them, ahead of the rest in the board's manual order.
#[server(input = Json)]
pub async fn place_cards(source: Source, group_by: String, ids: Vec<String>) -> Result<(), AppError> {
    use api::positions::{position_entries, position_records, PositionsRequest};

    let ctx = super::session::context().await?;
    let request = PositionsRequest { attribute: group_by, ids };
    match &source {
        Source::Object(object) => position_records(&ctx, object, request).await?,
        Source::List(list) => position_entries(&ctx, list, request).await?,
    };
    Ok(())
}
