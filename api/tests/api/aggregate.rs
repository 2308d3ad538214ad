//! Counts and totals grouped by a status or select attribute, under a filter (ours:
//! `POST .../records/aggregate`, `POST .../entries/aggregate`).

use crate::backend_tests;
use crate::common::{assert_error, Backend, TestApp};
use serde_json::{json, Value};

backend_tests!(aggregates_by_status, aggregate_refusals, aggregates_list_entries);

/// A group as (title or "-", count, sum, min, max, avg) of one metric.
type Row = (String, u64, f64, Option<f64>, Option<f64>, Option<f64>);

fn rows(body: &Value, metric: &str) -> Vec<Row> {
    body["data"]
        .as_array()
        .unwrap_or_else(|| panic!("no groups in {body}"))
        .iter()
        .map(|g| {
            let stats = &g["metrics"][metric];
            (
                g["value"]["title"].as_str().unwrap_or("-").to_owned(),
                g["count"].as_u64().unwrap(),
                stats["sum"].as_f64().unwrap_or(0.0),
                stats["min"].as_f64(),
                stats["max"].as_f64(),
                stats["avg"].as_f64(),
            )
        })
        .collect()
}

async fn aggregates_by_status(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for (name, stage, value) in
        [("a", "Lead", Some(100)), ("b", "Lead", Some(300)), ("c", "Won", Some(1000)), ("d", "Won", None)]
    {
        let mut values = json!({"name": name, "stage": stage});
        if let Some(value) = value {
            values["value"] = json!(value);
        }
        app.create("deals", values).await;
    }
    let body = json!({"group_by": "stage", "metrics": ["value"]});
    let r = app.post("/v2/objects/deals/records/aggregate", body).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        rows(&r.body, "value"),
        [
            ("Lead".into(), 2, 400.0, Some(100.0), Some(300.0), Some(200.0)),
            ("In Progress".into(), 0, 0.0, None, None, None),
            ("Won".into(), 2, 1000.0, Some(1000.0), Some(1000.0), Some(1000.0)),
            ("Lost".into(), 0, 0.0, None, None, None),
            ("-".into(), 0, 0.0, None, None, None),
        ]
    );
    assert!(r.body["data"][0]["value"]["id"]["status_id"].is_string(), "{}", r.body);

    // Under a filter: only what it matches, in every group.
    let filtered = json!({"group_by": "stage", "metrics": ["value"], "filter": {"value": {"$gte": 200}}});
    let r = app.post("/v2/objects/deals/records/aggregate", filtered).await;
    let counts: Vec<u64> = rows(&r.body, "value").iter().map(|g| g.1).collect();
    assert_eq!(counts, [1, 0, 1, 0, 0]);
    assert_eq!(rows(&r.body, "value")[0].2, 300.0);

    // An archived status shows while records hold it, and not once none does.
    app.create("deals", json!({"name": "e", "stage": "Lost"})).await;
    let statuses = app.get("/v2/objects/deals/attributes/stage/statuses").await;
    let id_of = |title: &str| {
        statuses.body["data"].as_array().unwrap().iter().find(|s| s["title"] == title).unwrap()["id"]["status_id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    for title in ["Lost", "In Progress"] {
        let path = format!("/v2/objects/deals/attributes/stage/statuses/{}", id_of(title));
        let r = app.patch(&path, json!({"data": {"is_archived": true}})).await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
    let r = app.post("/v2/objects/deals/records/aggregate", json!({"group_by": "stage"})).await;
    let titles: Vec<String> = rows(&r.body, "value").into_iter().map(|g| g.0).collect();
    assert_eq!(titles, ["Lead", "Won", "Lost", "-"]);
    assert_eq!(r.body["data"][2]["metrics"], json!({}));
}

async fn aggregate_refusals(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let path = "/v2/objects/deals/records/aggregate";
    assert_error(&app.post(path, json!({"group_by": "name"})).await, 400, "filter_error");
    assert_error(&app.post(path, json!({"group_by": "stage", "metrics": ["name"]})).await, 400, "filter_error");
    assert_error(&app.post(path, json!({"metrics": ["value"]})).await, 400, "filter_error");
    assert_error(&app.post(path, json!({"group_by": "stage", "filter": {"nope": 1}})).await, 400, "filter_error");
    assert_error(&app.post(path, json!({"group_by": "nope"})).await, 404, "not_found");
    assert_error(&app.post("/v2/objects/nope/records/aggregate", json!({"group_by": "stage"})).await, 404, "not_found");

    // Workspaces are isolated: another workspace's deals count nothing here.
    let other = app.other_workspace("globex").await;
    app.request_as(
        &other,
        reqwest::Method::POST,
        "/v2/objects/deals/records",
        Some(json!({"data": {"values": {"name": "x", "stage": "Won"}}})),
    )
    .await;
    let r = app.post(path, json!({"group_by": "stage"})).await;
    assert!(rows(&r.body, "value").iter().all(|g| g.1 == 0), "{}", r.body);
}

async fn aggregates_list_entries(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let r = app
        .post("/v2/lists", json!({"data": {"name": "Reviews", "api_slug": "reviews", "parent_object": "deals", "workspace_access": "full-access", "workspace_member_access": []}}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let attribute = json!({"data": {"title": "Review", "api_slug": "review", "type": "status", "description": null, "is_required": false, "is_unique": false, "is_multiselect": false, "config": {}}});
    assert_eq!(app.post("/v2/lists/reviews/attributes", attribute).await.status, 200);
    for title in ["Open", "Done"] {
        let r = app.post("/v2/lists/reviews/attributes/review/statuses", json!({"data": {"title": title}})).await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
    for review in [Some("Open"), None] {
        let deal = app.create("deals", json!({"name": "x", "stage": "Lead"})).await;
        let values = review.map_or(json!({}), |r| json!({"review": r}));
        let r = app
            .post(
                "/v2/lists/reviews/entries",
                json!({"data": {"parent_record_id": deal, "parent_object": "deals", "entry_values": values}}),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
    let r = app.post("/v2/lists/reviews/entries/aggregate", json!({"group_by": "review"})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let groups: Vec<(String, u64)> = rows(&r.body, "-").into_iter().map(|g| (g.0, g.1)).collect();
    assert_eq!(groups, [("Open".into(), 1), ("Done".into(), 0), ("-".into(), 1)]);
}
