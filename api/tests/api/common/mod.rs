//! Spawns the real `/v2` router on an ephemeral port over a fresh database: a new SQLite file,
//! or a new PostgreSQL database named after a random UUID.

#![allow(dead_code)]

mod contract;

use api::db::Db;
use api::members::{self, NewMember};
use api::{keys, workspaces, AppState, Config};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sqlx::Connection;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Declares one test per backend for each async fn `name(backend: Backend)`.
#[macro_export]
macro_rules! backend_tests {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name($crate::common::Backend::Sqlite).await })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                if $crate::common::postgres_available().await {
                    super::$name($crate::common::Backend::Postgres).await
                }
            })*
        }
    };
}

fn pg_base() -> String {
    std::env::var("CRM_TEST_DATABASE_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
}

/// False (after a loud message) when no PostgreSQL answers; under CI=true that is a failure.
pub async fn postgres_available() -> bool {
    sqlx::any::install_default_drivers();
    let url = format!("{}/postgres", pg_base());
    match sqlx::AnyConnection::connect(&url).await {
        Ok(c) => {
            let _ = c.close().await;
            true
        }
        Err(e) => {
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!("PostgreSQL at {url} is unreachable under CI=true: {e}");
            }
            eprintln!("SKIPPING PostgreSQL test: {url} unreachable ({e})");
            false
        }
    }
}

pub struct TestApp {
    pub base: String,
    pub token: String,
    pub state: AppState,
    pub client: reqwest::Client,
    pub workspace: String,
    /// The database's URL, for a second server on it.
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    /// The PostgreSQL database made for this test, dropped with it.
    pg_database: Option<String>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let Some(name) = self.pg_database.take() else { return };
        // The test's runtime is going away: drop the database from a runtime of our own.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
            rt.block_on(async {
                let mut admin = sqlx::AnyConnection::connect(&format!("{}/postgres", pg_base())).await.ok()?;
                sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut admin).await.ok()
            })
        })
        .join();
    }
}

/// Connects to `url` and serves the `/v2` router on an ephemeral port.
async fn serve(url: &str, config: Config) -> (AppState, String) {
    let db = Db::connect(url).await.expect("connect");
    let state = AppState::new(db, config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let router = api::rest::router().with_state(state.clone());
    tokio::spawn(async move { axum::serve(listener, router).await.expect("serve") });
    (state, base)
}

/// A client of `GET /v2/events`, reading server-sent events as they arrive.
pub struct EventStream {
    response: reqwest::Response,
    buffer: String,
}

impl EventStream {
    /// Opens the stream with these request headers (a Bearer key or a session cookie).
    pub async fn open(base: &str, headers: &[(&str, String)]) -> EventStream {
        let mut req = reqwest::Client::new().get(format!("{base}/v2/events"));
        for (name, value) in headers {
            req = req.header(*name, value);
        }
        let response = req.send().await.expect("event stream");
        assert_eq!(response.status(), StatusCode::OK);
        let kind = response.headers()["content-type"].to_str().unwrap_or_default().to_owned();
        assert!(kind.starts_with("text/event-stream"), "{kind}");
        EventStream { response, buffer: String::new() }
    }

    pub async fn with_key(base: &str, token: &str) -> EventStream {
        Self::open(base, &[("authorization", format!("Bearer {token}"))]).await
    }

    /// The next event's name and data, or None when none comes within `wait`.
    pub async fn next_within(&mut self, wait: std::time::Duration) -> Option<(String, Value)> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let (mut name, mut data) = (String::from("message"), String::new());
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        name = v.trim().to_owned();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push_str(v.trim());
                    }
                }
                if !data.is_empty() {
                    return Some((name, serde_json::from_str(&data).expect("JSON data")));
                }
            }
            let chunk = tokio::time::timeout_at(deadline, self.response.chunk()).await.ok()?;
            let bytes = chunk.expect("stream").expect("the stream ended");
            self.buffer.push_str(&String::from_utf8_lossy(&bytes));
        }
    }

    /// The next event, which must come within five seconds.
    pub async fn next(&mut self) -> (String, Value) {
        self.next_within(std::time::Duration::from_secs(5)).await.expect("an event within 5 s")
    }
}

pub struct Response {
    pub status: StatusCode,
    pub body: Value,
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> TestApp {
        Self::spawn_with(backend, Config::new("http://crm.test")).await
    }

    pub async fn spawn_with(backend: Backend, config: Config) -> TestApp {
        let mut pg_database = None;
        let (url, dir) = match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("tempdir");
                (format!("sqlite://{}", dir.path().join("crm.db").display()), Some(dir))
            }
            Backend::Postgres => {
                sqlx::any::install_default_drivers();
                let name = format!("crm_test_{}", uuid::Uuid::new_v4().simple());
                let mut admin = sqlx::AnyConnection::connect(&format!("{}/postgres", pg_base())).await.expect("pg");
                sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.expect("create db");
                pg_database = Some(name.clone());
                (format!("{}/{name}", pg_base()), None)
            }
        };
        let (state, base) = serve(&url, config).await;
        let workspace = "acme".to_string();
        workspaces::create_workspace(&state.db, &workspace, Some("Acme Inc")).await.expect("workspace");
        members::create_member(
            &state.db,
            NewMember {
                workspace: &workspace,
                email: "ada@acme.test",
                password: "correct horse",
                first_name: "Ada",
                last_name: "Lovelace",
                admin: true,
            },
        )
        .await
        .expect("member");
        let token = keys::create_api_key(&state, &workspace, "tests", &[]).await.expect("key").token;
        TestApp { base, token, state, client: reqwest::Client::new(), workspace, url, _dir: dir, pg_database }
    }

    /// Another server on the same database, as a second `crm serve` process would be: its
    /// own connections and its own live-update listener. Returns its base URL.
    pub async fn second_server(&self) -> String {
        serve(&self.url, Config::new("http://crm.test")).await.1
    }

    /// A second workspace in the same database, with its own key.
    pub async fn other_workspace(&self, slug: &str) -> String {
        workspaces::create_workspace(&self.state.db, slug, None).await.expect("workspace");
        keys::create_api_key(&self.state, slug, "other", &[]).await.expect("key").token
    }

    pub async fn request_as(&self, token: &str, method: Method, path: &str, body: Option<Value>) -> Response {
        let method_name = method.as_str().to_owned();
        let mut req = self.client.request(method, format!("{}{path}", self.base)).bearer_auth(token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.expect("request");
        let status = res.status();
        let text = res.text().await.expect("body");
        let body = serde_json::from_str(&text).unwrap_or_else(|_| panic!("non-JSON body ({status}): {text}"));
        contract::check(&method_name, path, status.as_u16(), &body);
        Response { status, body }
    }

    pub async fn request(&self, method: Method, path: &str, body: Option<Value>) -> Response {
        self.request_as(&self.token, method, path, body).await
    }

    pub async fn get(&self, path: &str) -> Response {
        self.request(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Response {
        self.request(Method::POST, path, Some(body)).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> Response {
        self.request(Method::PATCH, path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: Value) -> Response {
        self.request(Method::PUT, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> Response {
        self.request(Method::DELETE, path, None).await
    }

    /// Creates a record and returns its id, asserting success.
    pub async fn create(&self, object: &str, values: Value) -> String {
        let r = self.post(&format!("/v2/objects/{object}/records"), json!({"data": {"values": values}})).await;
        assert_eq!(r.status, StatusCode::OK, "create {object}: {}", r.body);
        r.body["data"]["id"]["record_id"].as_str().expect("record id").to_owned()
    }

    pub async fn query(&self, object: &str, body: Value) -> Response {
        self.post(&format!("/v2/objects/{object}/records/query"), body).await
    }

    /// The values of `attribute` for each record returned by a query, in order.
    pub async fn query_names(&self, object: &str, body: Value) -> Vec<String> {
        let r = self.query(object, body).await;
        assert_eq!(r.status, StatusCode::OK, "query: {}", r.body);
        r.body["data"]
            .as_array()
            .expect("array")
            .iter()
            .map(|rec| rec["values"]["name"][0]["value"].as_str().unwrap_or_default().to_owned())
            .collect()
    }
}

/// Asserts an Attio error body with this status and code.
pub fn assert_error(r: &Response, status: u16, code: &str) {
    assert_eq!(r.status.as_u16(), status, "expected {status} {code}, got {}", r.body);
    assert_eq!(r.body["status_code"], status, "{}", r.body);
    assert_eq!(r.body["code"], code, "{}", r.body);
    assert!(r.body["type"].is_string() && r.body["message"].is_string(), "{}", r.body);
}
