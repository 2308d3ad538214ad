//! A board's manual order (ours: `POST .../records/positions`, `POST .../entries/positions`,
//! read with the sort field `board_position`).

use crate::backend_tests;
use crate::common::{assert_error, Backend, EventStream, TestApp};
use serde_json::{json, Value};

backend_tests!(cards_keep_the_order_they_were_placed_in, placing_refusals, entries_are_placed_on_a_list_board);

fn by_position(slug: &str, filter: Value) -> Value {
    json!({"filter": filter, "sorts": [{"attribute": slug, "field": "board_position", "direction": "asc"}]})
}

async fn cards_keep_the_order_they_were_placed_in(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut ids = std::collections::HashMap::new();
    for name in ["a", "b", "c", "d"] {
        ids.insert(name, app.create("deals", json!({"name": name, "stage": "Lead"})).await);
    }
    let won = app.create("deals", json!({"name": "w", "stage": "Won"})).await;
    let lead = || by_position("stage", json!({"stage": "Lead"}));
    // Never placed: the default order.
    assert_eq!(app.query_names("deals", lead()).await, ["a", "b", "c", "d"]);

    let mut events = EventStream::with_key(&app.base, &app.token).await;
    assert_eq!(events.next().await.0, "ready");
    let place = |names: &[&str]| json!({"data": {"attribute": "stage", "ids": names.iter().map(|n| ids[n].clone()).collect::<Vec<_>>()}});
    let r = app.post("/v2/objects/deals/records/positions", place(&["c", "a"])).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["data"], json!({"attribute": "stage", "ids": [ids["c"], ids["a"]]}));
    assert_eq!(app.query_names("deals", lead()).await, ["c", "a", "b", "d"]);
    let (name, data) = events.next().await;
    assert_eq!(name, "record.reordered");
    assert_eq!(data["id"]["attribute_id"].as_str().map(str::len), Some(36), "{data}");
    assert!(data["id"]["object_id"].is_string(), "{data}");

    // Placing again moves only those placed, ahead of the rest, which keep their order.
    app.post("/v2/objects/deals/records/positions", place(&["b", "c"])).await;
    assert_eq!(app.query_names("deals", lead()).await, ["b", "c", "a", "d"]);
    // Pages across the placed cards and the others.
    for (offset, limit, names) in
        [(0, 1, vec!["b"]), (1, 2, vec!["c", "a"]), (2, 2, vec!["a", "d"]), (3, 5, vec!["d"]), (4, 1, vec![])]
    {
        let mut page = lead();
        page["offset"] = json!(offset);
        page["limit"] = json!(limit);
        assert_eq!(app.query_names("deals", page).await, names, "offset {offset}, limit {limit}");
    }
    let reversed = json!({"filter": {"stage": "Lead"}, "sorts": [{"attribute": "stage", "field": "board_position", "direction": "desc"}]});
    assert_eq!(app.query_names("deals", reversed).await, ["d", "a", "c", "b"]);

    // A card moved to another column keeps its place among the cards there.
    let path = format!("/v2/objects/deals/records/{}", ids["b"]);
    app.patch(&path, json!({"data": {"values": {"stage": "Won"}}})).await;
    assert_eq!(app.query_names("deals", by_position("stage", json!({"stage": "Won"}))).await, ["b", "w"]);
    let r =
        app.post("/v2/objects/deals/records/positions", json!({"data": {"attribute": "stage", "ids": [won]}})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(app.query_names("deals", by_position("stage", json!({"stage": "Won"}))).await, ["w", "b"]);

    // A deleted record leaves the order of the others as it was.
    app.delete(&format!("/v2/objects/deals/records/{}", ids["c"])).await;
    assert_eq!(app.query_names("deals", lead()).await, ["a", "d"]);
}

async fn placing_refusals(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let deal = app.create("deals", json!({"name": "x", "stage": "Lead"})).await;
    let company = app.create("companies", json!({"name": "Acme"})).await;
    let path = "/v2/objects/deals/records/positions";
    let place = |attribute: &str, ids: Value| json!({"data": {"attribute": attribute, "ids": ids}});
    assert_error(&app.post(path, place("name", json!([deal]))).await, 400, "validation_type");
    assert_error(&app.post(path, place("stage", json!(["not-an-id"]))).await, 400, "validation_type");
    assert_error(&app.post(path, place("stage", json!([deal, deal]))).await, 400, "validation_type");
    assert_error(&app.post(path, json!({"data": {"attribute": "stage"}})).await, 400, "validation_type");
    assert_error(&app.post(path, place("nope", json!([deal]))).await, 404, "not_found");
    // A record of another object is not a card of this board.
    assert_error(&app.post(path, place("stage", json!([company]))).await, 404, "not_found");
    assert_error(
        &app.post("/v2/objects/nope/records/positions", place("stage", json!([deal]))).await,
        404,
        "not_found",
    );
    let r = app.query("deals", by_position("name", json!({}))).await;
    assert_error(&r, 400, "filter_error");

    // Workspaces are isolated: another workspace cannot place this one's deals.
    let other = app.other_workspace("globex").await;
    let r = app.request_as(&other, reqwest::Method::POST, path, Some(place("stage", json!([deal])))).await;
    assert_error(&r, 404, "not_found");
    // Nothing refused was written.
    assert_eq!(app.query_names("deals", by_position("stage", json!({}))).await, ["x"]);
}

async fn entries_are_placed_on_a_list_board(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let r = app
        .post("/v2/lists", json!({"data": {"name": "Reviews", "api_slug": "reviews", "parent_object": "deals", "workspace_access": "full-access", "workspace_member_access": []}}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let attribute = json!({"data": {"title": "Review", "api_slug": "review", "type": "status", "description": null, "is_required": false, "is_unique": false, "is_multiselect": false, "config": {}}});
    assert_eq!(app.post("/v2/lists/reviews/attributes", attribute).await.status, 200);
    assert_eq!(
        app.post("/v2/lists/reviews/attributes/review/statuses", json!({"data": {"title": "Open"}})).await.status,
        200
    );
    let mut entries = Vec::new();
    for name in ["one", "two", "three"] {
        let deal = app.create("deals", json!({"name": name, "stage": "Lead"})).await;
        let body =
            json!({"data": {"parent_record_id": deal, "parent_object": "deals", "entry_values": {"review": "Open"}}});
        let r = app.post("/v2/lists/reviews/entries", body).await;
        assert_eq!(r.status, 200, "{}", r.body);
        entries.push(r.body["data"]["id"]["entry_id"].as_str().unwrap().to_owned());
    }
    let r = app
        .post(
            "/v2/lists/reviews/entries/positions",
            json!({"data": {"attribute": "review", "ids": [entries[2], entries[0]]}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = app.post("/v2/lists/reviews/entries/query", by_position("review", json!({}))).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let order: Vec<&str> =
        r.body["data"].as_array().unwrap().iter().map(|e| e["id"]["entry_id"].as_str().unwrap()).collect();
    assert_eq!(order, [&entries[2], &entries[0], &entries[1]]);
}
