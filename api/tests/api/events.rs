//! `GET /v2/events`: committed changes reach watchers as server-sent events, filtered by
//! workspace and scope, across servers sharing one PostgreSQL database.

use crate::backend_tests;
use crate::common::{assert_error, Backend, EventStream, TestApp};
use serde_json::json;
use std::time::Duration;

backend_tests!(
    committed_changes_arrive_in_order,
    a_watcher_sees_only_its_workspace_and_scopes,
    a_browser_watches_with_its_session
);

async fn committed_changes_arrive_in_order(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut events = EventStream::with_key(&app.base, &app.token).await;
    assert_eq!(events.next().await.0, "ready");

    let deal = app.create("deals", json!({"name": "Beta Deal", "stage": "In Progress"})).await;
    let (name, data) = events.next().await;
    assert_eq!(name, "record.created");
    assert_eq!(data["event_type"], "record.created");
    assert_eq!(data["id"]["record_id"], deal.as_str());
    assert_eq!(data["actor"]["type"], "api-token");

    // A refused write announces nothing: the next event is the write after it.
    let path = format!("/v2/objects/deals/records/{deal}");
    let refused = app.patch(&path, json!({"data": {"values": {"stage": "No such stage"}}})).await;
    assert_eq!(refused.status.as_u16(), 400, "{}", refused.body);
    app.patch(&path, json!({"data": {"values": {"stage": "Won"}}})).await;
    let (name, data) = events.next().await;
    assert_eq!((name.as_str(), data["id"]["record_id"].as_str()), ("record.updated", Some(deal.as_str())));

    let note = json!({"data": {"parent_object": "deals", "parent_record_id": deal, "title": "Call", "format": "plaintext", "content": "x"}});
    assert_eq!(app.post("/v2/notes", note).await.status.as_u16(), 200);
    assert_eq!(events.next().await.0, "note.created");
    app.delete(&path).await;
    let (name, data) = events.next().await;
    assert_eq!((name.as_str(), data["id"]["record_id"].as_str()), ("record.deleted", Some(deal.as_str())));
    assert!(events.next_within(Duration::from_millis(300)).await.is_none());
}

async fn a_watcher_sees_only_its_workspace_and_scopes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let other = app.other_workspace("globex").await;
    let notes_only =
        api::keys::create_api_key(&app.state, &app.workspace, "notes", &["note:read".into()]).await.unwrap().token;
    let mut theirs = EventStream::with_key(&app.base, &other).await;
    let mut scoped = EventStream::with_key(&app.base, &notes_only).await;
    assert_eq!(theirs.next().await.0, "ready");
    assert_eq!(scoped.next().await.0, "ready");

    let deal = app.create("deals", json!({"name": "Ours", "stage": "Lead"})).await;
    let note = json!({"data": {"parent_object": "deals", "parent_record_id": deal, "title": "Ours", "format": "plaintext", "content": "x"}});
    app.post("/v2/notes", note).await;
    let r = app
        .request_as(
            &other,
            reqwest::Method::POST,
            "/v2/objects/companies/records",
            Some(json!({"data": {"values": {"name": "Theirs"}}})),
        )
        .await;
    let theirs_id = r.body["data"]["id"]["record_id"].clone();

    // Each is sent its own workspace's changes and, of those, what its scopes may read.
    let (name, data) = theirs.next().await;
    assert_eq!((name.as_str(), &data["id"]["record_id"]), ("record.created", &theirs_id));
    assert_eq!(scoped.next().await.0, "note.created");
    assert!(theirs.next_within(Duration::from_millis(300)).await.is_none());
    assert!(scoped.next_within(Duration::from_millis(300)).await.is_none());
}

async fn a_browser_watches_with_its_session(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let r = app.client.get(format!("{}/v2/events", app.base)).send().await.unwrap();
    let body = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    assert_error(&crate::common::Response { status: reqwest::StatusCode::UNAUTHORIZED, body }, 401, "unauthorized");

    let session = api::session::login(&app.state, "ada@acme.test", "correct horse").await.unwrap();
    let cookie = format!("{}={}", api::session::COOKIE_NAME, session.token);
    let mut events = EventStream::open(&app.base, &[("cookie", cookie)]).await;
    assert_eq!(events.next().await.0, "ready");
    app.create("companies", json!({"name": "Seen"})).await;
    assert_eq!(events.next().await.0, "record.created");
}

/// Two servers on one database, as two `crm serve` processes: a change made through either
/// reaches the watchers of both.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_reaches_the_watchers_of_every_server() {
    if !crate::common::postgres_available().await {
        return;
    }
    let app = TestApp::spawn(Backend::Postgres).await;
    let second = app.second_server().await;
    let mut here = EventStream::with_key(&app.base, &app.token).await;
    let mut there = EventStream::with_key(&second, &app.token).await;
    assert_eq!(here.next().await.0, "ready");
    assert_eq!(there.next().await.0, "ready");

    let deal = app.create("companies", json!({"name": "Made here"})).await;
    for events in [&mut here, &mut there] {
        let (name, data) = events.next().await;
        assert_eq!((name.as_str(), data["id"]["record_id"].as_str()), ("record.created", Some(deal.as_str())));
    }
    let r = app
        .client
        .post(format!("{second}/v2/objects/companies/records"))
        .bearer_auth(&app.token)
        .json(&json!({"data": {"values": {"name": "Made there"}}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    for events in [&mut here, &mut there] {
        assert_eq!(events.next().await.0, "record.created");
    }
}
