//! The published OpenAPI document and the documentation page: the document covers exactly
//! what the router serves, with the scopes the services check, and the page loads nothing
//! from another origin.

use crate::common::{Backend, TestApp};
use reqwest::Method;
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// Every operation the `/v2` router serves (the `.route(...)` calls of api/src/rest/*.rs),
/// with path parameters named as in the document.
const ROUTED: &[(&str, &str)] = &[
    ("get", "/v2/self"),
    ("get", "/v2/events"),
    ("get", "/v2/objects"),
    ("post", "/v2/objects"),
    ("get", "/v2/objects/{object}"),
    ("patch", "/v2/objects/{object}"),
    ("delete", "/v2/objects/{object}"),
    ("post", "/v2/objects/{object}/records/merge"),
    ("post", "/v2/objects/{object}/records/count"),
    ("post", "/v2/objects/{object}/records/aggregate"),
    ("get", "/v2/objects/{object}/records/{record_id}/referenced-by"),
    ("get", "/v2/objects/{object}/records/{record_id}/timeline"),
    ("post", "/v2/lists/{list}/entries/count"),
    ("post", "/v2/lists/{list}/entries/aggregate"),
    ("post", "/v2/objects/{object}/records/positions"),
    ("post", "/v2/lists/{list}/entries/positions"),
    ("put", "/v2/objects/{object}/records/{record_id}/attributes/{attribute}/values"),
    ("put", "/v2/lists/{list}/entries/{entry_id}/attributes/{attribute}/values"),
    ("get", "/v2/objects/{object}/views"),
    ("post", "/v2/objects/{object}/views"),
    ("get", "/v2/objects/{object}/views/{view}"),
    ("patch", "/v2/objects/{object}/views/{view}"),
    ("delete", "/v2/objects/{object}/views/{view}"),
    ("get", "/v2/lists/{list}/views"),
    ("post", "/v2/lists/{list}/views"),
    ("get", "/v2/lists/{list}/views/{view}"),
    ("patch", "/v2/lists/{list}/views/{view}"),
    ("delete", "/v2/lists/{list}/views/{view}"),
    ("get", "/v2/objects/{identifier}/attributes"),
    ("post", "/v2/objects/{identifier}/attributes"),
    ("get", "/v2/objects/{identifier}/attributes/{attribute}"),
    ("patch", "/v2/objects/{identifier}/attributes/{attribute}"),
    ("get", "/v2/objects/{identifier}/attributes/{attribute}/options"),
    ("post", "/v2/objects/{identifier}/attributes/{attribute}/options"),
    ("patch", "/v2/objects/{identifier}/attributes/{attribute}/options/{option}"),
    ("get", "/v2/objects/{identifier}/attributes/{attribute}/statuses"),
    ("post", "/v2/objects/{identifier}/attributes/{attribute}/statuses"),
    ("patch", "/v2/objects/{identifier}/attributes/{attribute}/statuses/{status}"),
    ("get", "/v2/lists/{identifier}/attributes"),
    ("post", "/v2/lists/{identifier}/attributes"),
    ("get", "/v2/lists/{identifier}/attributes/{attribute}"),
    ("patch", "/v2/lists/{identifier}/attributes/{attribute}"),
    ("get", "/v2/lists/{identifier}/attributes/{attribute}/options"),
    ("post", "/v2/lists/{identifier}/attributes/{attribute}/options"),
    ("patch", "/v2/lists/{identifier}/attributes/{attribute}/options/{option}"),
    ("get", "/v2/lists/{identifier}/attributes/{attribute}/statuses"),
    ("post", "/v2/lists/{identifier}/attributes/{attribute}/statuses"),
    ("patch", "/v2/lists/{identifier}/attributes/{attribute}/statuses/{status}"),
    ("post", "/v2/objects/{object}/records/query"),
    ("post", "/v2/objects/{object}/records"),
    ("put", "/v2/objects/{object}/records"),
    ("get", "/v2/objects/{object}/records/{record_id}"),
    ("patch", "/v2/objects/{object}/records/{record_id}"),
    ("put", "/v2/objects/{object}/records/{record_id}"),
    ("delete", "/v2/objects/{object}/records/{record_id}"),
    ("get", "/v2/objects/{object}/records/{record_id}/attributes/{attribute}/values"),
    ("get", "/v2/objects/{object}/records/{record_id}/entries"),
    ("post", "/v2/objects/records/search"),
    ("get", "/v2/lists"),
    ("post", "/v2/lists"),
    ("get", "/v2/lists/{list}"),
    ("patch", "/v2/lists/{list}"),
    ("post", "/v2/lists/{list}/entries/query"),
    ("post", "/v2/lists/{list}/entries"),
    ("put", "/v2/lists/{list}/entries"),
    ("get", "/v2/lists/{list}/entries/{entry_id}"),
    ("patch", "/v2/lists/{list}/entries/{entry_id}"),
    ("put", "/v2/lists/{list}/entries/{entry_id}"),
    ("delete", "/v2/lists/{list}/entries/{entry_id}"),
    ("get", "/v2/lists/{list}/entries/{entry_id}/attributes/{attribute}/values"),
    ("get", "/v2/workspace_members"),
    ("get", "/v2/workspace_members/{workspace_member_id}"),
    ("get", "/v2/notes"),
    ("post", "/v2/notes"),
    ("get", "/v2/notes/{note_id}"),
    ("delete", "/v2/notes/{note_id}"),
    ("get", "/v2/tasks"),
    ("post", "/v2/tasks"),
    ("get", "/v2/tasks/{task_id}"),
    ("patch", "/v2/tasks/{task_id}"),
    ("delete", "/v2/tasks/{task_id}"),
    ("get", "/v2/threads"),
    ("get", "/v2/threads/{thread_id}"),
    ("post", "/v2/comments"),
    ("get", "/v2/comments/{comment_id}"),
    ("delete", "/v2/comments/{comment_id}"),
    ("get", "/v2/webhooks"),
    ("post", "/v2/webhooks"),
    ("get", "/v2/webhooks/{webhook_id}"),
    ("patch", "/v2/webhooks/{webhook_id}"),
    ("delete", "/v2/webhooks/{webhook_id}"),
    ("get", "/v2/webhooks/{webhook_id}/deliveries"),
];

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

async fn document(app: &TestApp) -> Value {
    let res = app.client.get(format!("{}/openapi.json", app.base)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let content_type = res.headers()[reqwest::header::CONTENT_TYPE].to_str().unwrap().to_owned();
    assert!(content_type.starts_with("application/json"), "{content_type}");
    res.json().await.unwrap()
}

/// The documented operations: (method, path template, operation).
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            assert!(METHODS.contains(&method.as_str()), "{method} {path}");
            ops.push((method.clone(), path.clone(), op.clone()));
        }
    }
    ops
}

/// A path of the template with each parameter filled: random ids are never found, but they
/// reach the operation.
fn concrete(template: &str) -> String {
    template
        .split('/')
        .map(|s| if s.starts_with('{') { uuid::Uuid::new_v4().to_string() } else { s.to_owned() })
        .collect::<Vec<_>>()
        .join("/")
}

async fn send(app: &TestApp, token: &str, method: &str, path: &str) -> (u16, Value) {
    let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
    let mut req = app.client.request(method.clone(), format!("{}{path}", app.base)).bearer_auth(token);
    if method != Method::GET && method != Method::DELETE {
        req = req.json(&json!({}));
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    // An event stream never ends: its status is the answer.
    let streams = res
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"text/event-stream"));
    if streams {
        return (status, Value::Null);
    }
    (status, res.json().await.unwrap_or(Value::Null))
}

fn refs(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                out.insert(r.clone());
            }
            map.values().for_each(|v| refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_document_describes_every_routed_operation() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let doc = document(&app).await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"), "{}", doc["openapi"]);
    assert_eq!(doc["info"]["title"], "CRM API");
    assert_eq!(doc["info"]["version"], env!("CARGO_PKG_VERSION"));
    assert!(doc["info"]["description"].as_str().unwrap().contains("Attio"));
    assert_eq!(doc["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    assert!(doc["paths"]["/v2/objects/{object}/records/query"]["post"].is_object());
    assert!(doc["paths"]["/v2/lists/{list}/entries"]["post"].is_object());
    assert!(doc["paths"]["/v2/lists/{list}/entries"]["put"].is_object());

    let ops = operations(&doc);
    let documented: BTreeSet<(String, String)> = ops.iter().map(|(m, p, _)| (m.clone(), p.clone())).collect();
    let routed: BTreeSet<(String, String)> = ROUTED.iter().map(|(m, p)| (m.to_string(), p.to_string())).collect();
    assert_eq!(routed.len(), ROUTED.len(), "duplicates in ROUTED");
    assert_eq!(
        documented.difference(&routed).collect::<Vec<_>>(),
        Vec::<&(String, String)>::new(),
        "documented but not in ROUTED"
    );
    assert_eq!(routed.difference(&documented).collect::<Vec<_>>(), Vec::<&(String, String)>::new(), "undocumented");

    let mut ids = BTreeSet::new();
    for (method, path, op) in &ops {
        let id = op["operationId"].as_str().unwrap_or_else(|| panic!("{method} {path}: no operationId"));
        assert!(ids.insert(id.to_owned()), "operationId {id} twice");
        assert!(op["summary"].is_string() && op["tags"][0].is_string(), "{method} {path}");
        let content = &op["responses"]["200"]["content"];
        let schema = if *path == "/v2/events" { &content["text/event-stream"] } else { &content["application/json"] };
        assert!(schema["schema"].is_object(), "{method} {path}");
        assert!(op["security"].is_array(), "{method} {path}");
        // Each path parameter is declared, with the template's name.
        for segment in path.split('/').filter(|s| s.starts_with('{')) {
            let name = &segment[1..segment.len() - 1];
            let declared =
                op["parameters"].as_array().into_iter().flatten().any(|p| p["name"] == name && p["in"] == "path");
            assert!(declared, "{method} {path}: parameter {name} not declared");
        }
        if path != "/v2/self" {
            for status in ["401", "403", "429"] {
                assert!(op["responses"][status].is_object(), "{method} {path}: no {status}");
            }
        }
    }

    // Every reference resolves, and no 3.0 `nullable` is left.
    let mut all = BTreeSet::new();
    refs(&doc, &mut all);
    for r in &all {
        let pointer = r.strip_prefix('#').unwrap_or_else(|| panic!("external reference {r}"));
        assert!(doc.pointer(pointer).is_some(), "dangling reference {r}");
    }
    assert!(!doc.to_string().contains("\"nullable\""));
}

/// The router agrees with the document: each documented operation reaches a handler, and no
/// other method is served on a documented path.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn documented_operations_are_routed() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let doc = document(&app).await;
    for (path, item) in doc["paths"].as_object().unwrap() {
        let url = concrete(path);
        for method in METHODS {
            let (status, body) = send(&app, &app.token, method, &url).await;
            if item.get(method).is_some() {
                assert!(status != 405 && status != 401, "{method} {path}: {status} {body}");
                assert_ne!(body["message"], "No such endpoint.", "{method} {path}");
            } else {
                assert_eq!(status, 405, "{method} {path} is served but not documented: {body}");
            }
        }
    }
}

/// A key with exactly the documented scopes passes the operation's scope check, and a key
/// missing any one of them is refused with 403.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn documented_scopes_are_the_ones_checked() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let doc = document(&app).await;
    let key = |scopes: Vec<String>| {
        let state = app.state.clone();
        async move {
            // No scopes at all would mean every scope: one that no operation needs stands in.
            let scopes = if scopes.is_empty() { vec!["meeting:read".to_owned()] } else { scopes };
            api::keys::create_api_key(&state, "acme", "probe", &scopes).await.unwrap().token
        }
    };
    let mut wrong = Vec::new();
    for (method, path, op) in operations(&doc) {
        let Some(scopes) = op["security"][0]["bearer"].as_array() else { continue };
        let scopes: Vec<String> = scopes.iter().map(|s| s.as_str().unwrap().to_owned()).collect();
        let url = concrete(&path);
        let (status, body) = send(&app, &key(scopes.clone()).await, &method, &url).await;
        if status == 403 || status == 401 {
            wrong.push(format!("{method} {path} with {scopes:?}: {status} {}", body["message"]));
        }
        // A 400 may come from the empty body before the scopes are checked.
        if status == 400 {
            continue;
        }
        for missing in &scopes {
            let fewer = scopes.iter().filter(|s| *s != missing).cloned().collect();
            let (status, body) = send(&app, &key(fewer).await, &method, &url).await;
            if status != 403 {
                wrong.push(format!("{method} {path} without {missing}: {status} {body}"));
            }
        }
    }
    assert!(wrong.is_empty(), "documented scopes differ from those checked:\n{}", wrong.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_docs_page_loads_everything_from_this_origin() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let res = app.client.get(format!("{}/docs", app.base)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()[reqwest::header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html"));
    let html = res.text().await.unwrap();
    assert!(!html.contains("http://") && !html.contains("https://"), "the page names another origin: {html}");

    let mut assets = Vec::new();
    for attribute in ["src=\"", "href=\""] {
        for (at, _) in html.match_indices(attribute) {
            let rest = &html[at + attribute.len()..];
            assets.push(rest[..rest.find('"').unwrap()].to_owned());
        }
    }
    assert!(assets.iter().any(|a| a.ends_with(".js")) && assets.iter().any(|a| a.ends_with(".css")), "{assets:?}");
    for asset in &assets {
        assert!(asset.starts_with('/') && !asset.starts_with("//"), "{asset} is not on this origin");
        let res = app.client.get(format!("{}{asset}", app.base)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{asset}");
        let body = res.text().await.unwrap();
        assert!(!body.is_empty(), "{asset}");
        if asset.ends_with("init.js") {
            assert!(body.contains("\"/openapi.json\""), "{body}");
            assert!(body.contains("validatorUrl: null"), "{body}");
        }
    }
}
