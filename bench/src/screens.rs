//! What the web app's screens cost the server, one request at a time as a user makes them:
//! (e) the deals table's first page rendered on the server, (f) the page of the records
//! query at offset 50,000 as the table fetches it when scrolled there, (g) the total of a
//! filter, (h) a record page rendered on the server (record, entries, notes, tasks, threads,
//! related records and timeline, then the HTML), (i) the deals board rendered on the server
//! (each stage's count and amount for the whole table, and its first 25 cards), (i') the
//! aggregate alone; and the gzip size of the browser bundle.

use crate::measure::Timing;
use crate::server::Server;
use anyhow::{bail, Context};
use flate2::write::GzEncoder;
use flate2::Compression;
use serde_json::{json, Value};
use std::io::Write as _;
use std::path::Path;
use std::time::Instant;

const SAMPLES: usize = 200;

pub struct Screens {
    pub table: Timing,
    pub deep_page: Timing,
    pub count: Timing,
    pub record_page: Timing,
    pub board: Timing,
    pub aggregate: Timing,
}

/// Signs in as one of the deal owners through the login form, as a browser does, and
/// answers the session cookie.
async fn session(server: &Server) -> anyhow::Result<String> {
    let client = reqwest::Client::new();
    let page = client.get(format!("{}/login", server.base)).send().await?.text().await?;
    let action = page
        .split("action=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .context("the login page has no form")?
        .to_owned();
    let response = client
        .post(format!("{}{action}", server.base))
        .form(&[("email", "owner01@example.com"), ("password", "benchmark-owner")])
        .send()
        .await?;
    if !response.status().is_success() {
        bail!("signing in answered {}", response.status());
    }
    let cookie = response.headers().get(reqwest::header::SET_COOKIE).context("signing in set no cookie")?;
    Ok(cookie.to_str()?.split(';').next().unwrap_or_default().to_owned())
}

/// Times `SAMPLES` runs of `request` after a few to warm up, each checked to succeed.
async fn time<F, Fut>(mut request: F) -> anyhow::Result<Timing>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = reqwest::Result<reqwest::Response>>,
{
    let mut samples = Vec::with_capacity(SAMPLES);
    for i in 0..SAMPLES + 10 {
        let started = Instant::now();
        let response = request().await?;
        let status = response.status();
        response.bytes().await?;
        if !status.is_success() {
            bail!("answered {status}");
        }
        if i >= 10 {
            samples.push(started.elapsed().as_secs_f64() * 1e6);
        }
    }
    Ok(Timing::of(samples))
}

pub async fn run(server: &Server, record_id: &str) -> anyhow::Result<Screens> {
    let cookie = session(server).await?;
    let api = reqwest::Client::new();
    let base = &server.base;
    let page = |path: String| api.get(format!("{base}{path}")).header(reqwest::header::COOKIE, &cookie).send();

    let table = time(|| page("/objects/deals".into())).await.context("(e)")?;
    let deep = json!({"limit": 100, "offset": 50_000});
    let deep_page = time(|| {
        api.post(format!("{base}/v2/objects/deals/records/query")).bearer_auth(&server.token).json(&deep).send()
    })
    .await
    .context("(f)")?;
    let filter = json!({"filter": {"$and": [{"stage": "Negotiation"}, {"amount": {"$gt": 50000}}]}});
    let count = time(|| {
        api.post(format!("{base}/v2/objects/deals/records/count")).bearer_auth(&server.token).json(&filter).send()
    })
    .await
    .context("(g)")?;
    let record_page = time(|| page(format!("/objects/deals/{record_id}"))).await.context("(h)")?;
    let board = time(|| page("/objects/deals?board=stage".into())).await.context("(i)")?;
    let groups = json!({"group_by": "stage", "metrics": ["amount"]});
    let aggregate = time(|| {
        api.post(format!("{base}/v2/objects/deals/records/aggregate")).bearer_auth(&server.token).json(&groups).send()
    })
    .await
    .context("(i')")?;
    Ok(Screens { table, deep_page, count, record_page, board, aggregate })
}

/// The gzip size (best compression, as a server would precompress it) of the wasm bundle.
pub fn wasm_gzip_bytes(site: &Path) -> anyhow::Result<(u64, u64)> {
    let path = site.join("pkg/crm.wasm");
    let wasm = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    gz.write_all(&wasm)?;
    Ok((wasm.len() as u64, gz.finish()?.len() as u64))
}

/// The record (h) opens: one with notes, a task, a comment thread, a list entry and a stage
/// change in its history, so every part of the page has something to read.
pub async fn furnish(server: &Server, record_id: &str) -> anyhow::Result<()> {
    let api = reqwest::Client::new();
    let base = &server.base;
    let post =
        |path: &str, body: Value| api.post(format!("{base}{path}")).bearer_auth(&server.token).json(&body).send();
    let deal = json!({"target_object": "deals", "target_record_id": record_id});
    let members: Value = api
        .get(format!("{base}/v2/workspace_members"))
        .bearer_auth(&server.token)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let author = json!({"type": "workspace-member", "id": members["data"][0]["id"]["workspace_member_id"]});
    for request in [
        post(
            "/v2/notes",
            json!({"data": {"parent_object": "deals", "parent_record_id": record_id, "title": "Call", "format": "markdown", "content": "Budget **approved**."}}),
        ),
        post(
            "/v2/tasks",
            json!({"data": {"content": "Send the contract", "format": "plaintext", "deadline_at": null, "is_completed": false, "linked_records": [deal], "assignees": []}}),
        ),
        post(
            "/v2/comments",
            json!({"data": {"format": "plaintext", "content": "Legal is on it.", "author": author, "record": {"object": "deals", "record_id": record_id}}}),
        ),
        post(
            "/v2/lists",
            json!({"data": {"name": "Forecast", "api_slug": "forecast", "parent_object": "deals", "workspace_access": "full-access", "workspace_member_access": []}}),
        ),
    ] {
        request.await?.error_for_status()?;
    }
    post(
        "/v2/lists/forecast/entries",
        json!({"data": {"parent_record_id": record_id, "parent_object": "deals", "entry_values": {}}}),
    )
    .await?
    .error_for_status()?;
    api.patch(format!("{base}/v2/objects/deals/records/{record_id}"))
        .bearer_auth(&server.token)
        .json(&json!({"data": {"values": {"stage": "Won"}}}))
        .send()
        .await?
        .error_for_status()?;
    Ok(())
}
