use crate::backend_tests;
use crate::common::{assert_error, Backend, TestApp};
use reqwest::Method;
use serde_json::json;

backend_tests!(self_describes_the_token, bad_tokens_are_rejected, scopes_are_enforced, workspaces_are_isolated);

async fn self_describes_the_token(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let r = app.get("/v2/self").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["active"], true);
    assert_eq!(r.body["workspace_slug"], "acme");
    assert_eq!(r.body["workspace_name"], "Acme Inc");
    assert!(r.body["scope"].as_str().unwrap().contains("record_permission:read-write"));

    let r = app.request_as("nope", Method::GET, "/v2/self", None).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body, json!({"active": false}));
}

async fn bad_tokens_are_rejected(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let r = app.request_as("crm_not_a_key", Method::GET, "/v2/objects", None).await;
    assert_error(&r, 401, "unauthorized");
    let res = app.client.get(format!("{}/v2/objects", app.base)).send().await.unwrap();
    assert_eq!(res.status(), 401);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["type"], "auth_error");
}

async fn scopes_are_enforced(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let read_only = api::keys::create_api_key(
        &app.state,
        "acme",
        "read only",
        &["record_permission:read".into(), "object_configuration:read".into()],
    )
    .await
    .unwrap()
    .token;
    let r = app.request_as(&read_only, Method::POST, "/v2/objects/deals/records/query", Some(json!({}))).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = app
        .request_as(
            &read_only,
            Method::POST,
            "/v2/objects/deals/records",
            Some(json!({"data": {"values": {"name": "x", "stage": "Lead"}}})),
        )
        .await;
    assert_error(&r, 403, "forbidden");
    let r = app
        .request_as(
            &read_only,
            Method::POST,
            "/v2/objects",
            Some(json!({"data": {"api_slug": "x", "singular_noun": "X", "plural_noun": "Xs"}})),
        )
        .await;
    assert_error(&r, 403, "forbidden");
}

async fn workspaces_are_isolated(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let deal = app.create("deals", json!({"name": "Secret deal", "stage": "Won"})).await;
    let deals_id = app.get("/v2/objects/deals").await.body["data"]["id"]["object_id"].as_str().unwrap().to_owned();
    let custom = app
        .post(
            "/v2/objects",
            json!({"data": {"api_slug": "projects", "singular_noun": "Project", "plural_noun": "Projects"}}),
        )
        .await;
    assert_eq!(custom.status, 200, "{}", custom.body);

    let other = app.other_workspace("globex").await;
    // The other workspace has its own deals object, and sees none of acme's records.
    let r = app.request_as(&other, Method::GET, &format!("/v2/objects/deals/records/{deal}"), None).await;
    assert_error(&r, 404, "not_found");
    let r = app.request_as(&other, Method::GET, &format!("/v2/objects/{deals_id}"), None).await;
    assert_error(&r, 404, "not_found");
    let r = app.request_as(&other, Method::GET, &format!("/v2/objects/{deals_id}/records/{deal}"), None).await;
    assert_error(&r, 404, "not_found");
    let r = app.request_as(&other, Method::GET, "/v2/objects/projects", None).await;
    assert_error(&r, 404, "not_found");
    let r = app.request_as(&other, Method::POST, "/v2/objects/deals/records/query", Some(json!({}))).await;
    assert_eq!(r.body["data"], json!([]));
    let r = app
        .request_as(
            &other,
            Method::PATCH,
            &format!("/v2/objects/deals/records/{deal}"),
            Some(json!({"data": {"values": {"name": "Stolen"}}})),
        )
        .await;
    assert_error(&r, 404, "not_found");
    let r = app.request_as(&other, Method::DELETE, &format!("/v2/objects/deals/records/{deal}"), None).await;
    assert_error(&r, 404, "not_found");
    // Still there, unchanged, for its owner.
    let r = app.get(&format!("/v2/objects/deals/records/{deal}")).await;
    assert_eq!(r.body["data"]["values"]["name"][0]["value"], "Secret deal");
}
