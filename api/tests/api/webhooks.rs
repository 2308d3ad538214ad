use crate::backend_tests;
use crate::common::{assert_error, Backend, TestApp};
use axum::http::HeaderMap;
use axum::routing::post;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};

backend_tests!(webhooks_are_managed, events_are_signed_delivered_and_retried);

async fn webhooks_are_managed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let body = json!({"data": {"target_url": "https://hooks.example.com/crm", "subscriptions": [{"event_type": "record.created", "filter": null}]}});
    let r = app.post("/v2/webhooks", body).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body["data"]["secret"].as_str().unwrap().starts_with("whsec_"));
    assert_eq!(r.body["data"]["status"], "active");
    let id = r.body["data"]["id"]["webhook_id"].as_str().unwrap().to_owned();
    // The secret is shown once.
    let r = app.get(&format!("/v2/webhooks/{id}")).await;
    assert!(r.body["data"].get("secret").is_none());
    assert_eq!(app.get("/v2/webhooks").await.body["data"].as_array().unwrap().len(), 1);
    let r = app
        .patch(&format!("/v2/webhooks/{id}"), json!({"data": {"subscriptions": [{"event_type": "record.updated", "filter": {"$and": [{"field": "id.object_id", "operator": "equals", "value": "x"}]}}]}}))
        .await;
    assert_eq!(r.body["data"]["subscriptions"][0]["event_type"], "record.updated", "{}", r.body);
    let bad = json!({"data": {"target_url": "http://example.com/crm", "subscriptions": []}});
    assert_error(&app.post("/v2/webhooks", bad).await, 400, "validation_type");
    let bad = json!({"data": {"target_url": "https://example.com", "subscriptions": [{"event_type": "record.exploded", "filter": null}]}});
    assert_error(&app.post("/v2/webhooks", bad).await, 400, "validation_type");
    let no_value = json!({"data": {"target_url": "https://example.com", "subscriptions": [{"event_type": "note.created", "filter": {"$and": [{"field": "id.note_id", "operator": "equals"}]}}]}});
    assert_error(&app.post("/v2/webhooks", no_value).await, 400, "validation_type");
    assert_eq!(app.delete(&format!("/v2/webhooks/{id}")).await.body, json!({}));
    assert_error(&app.get(&format!("/v2/webhooks/{id}")).await, 404, "not_found");
}

type Received = Arc<Mutex<Vec<(HeaderMap, String)>>>;

/// A receiver that fails its first request and accepts the rest.
async fn receiver() -> (String, Received) {
    let got: Received = Arc::default();
    let seen = got.clone();
    let router = axum::Router::new().route(
        "/hook",
        post(move |headers: HeaderMap, body: String| {
            let seen = seen.clone();
            async move {
                let mut v = seen.lock().unwrap();
                v.push((headers, body));
                if v.len() == 1 {
                    axum::http::StatusCode::INTERNAL_SERVER_ERROR
                } else {
                    axum::http::StatusCode::OK
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (url, got)
}

async fn events_are_signed_delivered_and_retried(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (url, got) = receiver().await;
    let subs = json!([{"event_type": "record.created", "filter": null}]);
    let r = app
        .post("/v2/webhooks", json!({"data": {"target_url": "https://hooks.example.com/crm", "subscriptions": subs}}))
        .await;
    let secret = r.body["data"]["secret"].as_str().unwrap().to_owned();
    let hook = r.body["data"]["id"]["webhook_id"].as_str().unwrap().to_owned();
    // The API takes HTTPS targets only; the test's receiver speaks plain HTTP on loopback.
    sqlx::query(&format!("UPDATE webhooks SET target_url = '{url}'")).execute(app.state.db.pool()).await.unwrap();
    let deal = app.create("deals", json!({"name": "Hooked", "stage": "Lead"})).await;
    // A failed write queues nothing.
    app.post("/v2/objects/deals/records", json!({"data": {"values": {"name": "Bad", "stage": "Nope"}}})).await;

    let client = reqwest::Client::new();
    assert_eq!(api::webhooks::deliver_due(&app.state.db, &client).await.unwrap(), 1);
    // The receiver failed: the delivery waits for its retry.
    assert_eq!(api::webhooks::deliver_due(&app.state.db, &client).await.unwrap(), 0);
    let log = app.get(&format!("/v2/webhooks/{hook}/deliveries")).await;
    assert_eq!(log.body["data"][0]["state"], "pending", "{}", log.body);
    assert_eq!(log.body["data"][0]["attempts"], 1);
    // Make it due now, as the clock would.
    sqlx::query("UPDATE webhook_deliveries SET next_attempt_at = '2000-01-01T00:00:00.000000000Z'")
        .execute(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(api::webhooks::deliver_due(&app.state.db, &client).await.unwrap(), 1);
    let log = app.get(&format!("/v2/webhooks/{hook}/deliveries")).await;
    assert_eq!(log.body["data"][0]["state"], "delivered", "{}", log.body);

    let received = got.lock().unwrap().clone();
    assert_eq!(received.len(), 2);
    let (headers, body) = &received[1];
    let payload: Value = serde_json::from_str(body).unwrap();
    assert_eq!(payload["webhook_id"], hook.as_str());
    assert_eq!(payload["events"][0]["event_type"], "record.created");
    assert_eq!(payload["events"][0]["id"]["record_id"], deal.as_str());
    assert_eq!(headers["attio-signature"].to_str().unwrap(), api::webhooks::signature(&secret, body.as_bytes()));
    assert_eq!(headers["x-attio-signature"], headers["attio-signature"]);
    // Both attempts carry the delivery's idempotency key.
    assert_eq!(received[0].0["idempotency-key"], headers["idempotency-key"]);
}
