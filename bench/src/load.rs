//! Generates the data set and loads it through `POST /v2/objects/deals/records`.

use crate::server::Server;
use crate::Args;
use anyhow::{bail, Context};
use futures::stream::{self, StreamExt};
use serde::Deserialize;
use serde_json::{json, Value};
use std::path::Path;
use std::time::Instant;

pub fn generate(args: &Args, work: &Path) -> anyhow::Result<Vec<Value>> {
    let out = std::process::Command::new("python3")
        .arg(&args.generator)
        .args(["--format", "jsonl", "--n", &args.n.to_string(), "--seed", "42"])
        .output()
        .with_context(|| format!("running {}", args.generator.display()))?;
    if !out.status.success() {
        bail!("generator failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    let sqlite = work.join("plain.sqlite");
    let status = std::process::Command::new("python3")
        .arg(&args.generator)
        .args(["--format", "sqlite", "--n", &args.n.to_string(), "--seed", "42", "--out"])
        .arg(&sqlite)
        .status()?;
    if !status.success() {
        bail!("generator (sqlite) failed");
    }
    String::from_utf8(out.stdout)?.lines().map(|l| Ok(serde_json::from_str(l)?)).collect()
}

#[derive(Deserialize)]
struct Created {
    data: CreatedData,
}

#[derive(Deserialize)]
struct CreatedData {
    id: CreatedId,
}

#[derive(Deserialize)]
struct CreatedId {
    record_id: String,
}

pub struct Loaded {
    pub seconds: f64,
    pub record_ids: Vec<String>,
}

/// The deals object as the data needs it: six stages, an amount, a close date, a created
/// timestamp; owners are workspace members.
async fn configure(server: &Server, client: &reqwest::Client) -> anyhow::Result<()> {
    let post = |path: &str, body: Value| {
        client.post(format!("{}{path}", server.base)).bearer_auth(&server.token).json(&body).send()
    };
    for title in ["Qualified", "Proposal", "Negotiation"] {
        post("/v2/objects/deals/attributes/stage/statuses", json!({"data": {"title": title}}))
            .await?
            .error_for_status()?;
    }
    client
        .patch(format!("{}/v2/objects/deals/attributes/stage/statuses/In Progress", server.base))
        .bearer_auth(&server.token)
        .json(&json!({"data": {"is_archived": true}}))
        .send()
        .await?
        .error_for_status()?;
    for (slug, ty) in [("amount", "currency"), ("close_date", "date"), ("created", "timestamp")] {
        let body = json!({"data": {"title": slug, "api_slug": slug, "type": ty, "is_required": false, "is_unique": false, "is_multiselect": false, "config": {}}});
        post("/v2/objects/deals/attributes", body).await?.error_for_status()?;
    }
    Ok(())
}

pub async fn load(args: &Args, server: &Server, deals: &[Value]) -> anyhow::Result<Loaded> {
    let client = reqwest::Client::builder().pool_max_idle_per_host(args.load_connections).build()?;
    configure(server, &client).await?;
    let url = format!("{}/v2/objects/deals/records", server.base);
    // Request bodies are made before the clock starts: the load measures the server.
    let bodies: Vec<Vec<u8>> = deals
        .iter()
        .map(|d| {
            let body = json!({"data": {"values": {
                "name": d["name"],
                "amount": d["amount"].as_str().and_then(|a| a.parse::<f64>().ok()),
                "stage": d["stage"],
                "close_date": d["close_date"],
                "owner": {"workspace_member_email_address": d["owner"]},
                "created": d["created"],
            }}});
            Ok(serde_json::to_vec(&body)?)
        })
        .collect::<anyhow::Result<_>>()?;
    let started = Instant::now();
    let results: Vec<anyhow::Result<String>> = stream::iter(bodies)
        .map(|body| {
            let (client, url, token) = (&client, &url, &server.token);
            async move {
                let res = client
                    .post(url)
                    .bearer_auth(token)
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(body)
                    .send()
                    .await?;
                let status = res.status();
                let bytes = res.bytes().await?;
                if !status.is_success() {
                    bail!("load failed ({status}): {}", String::from_utf8_lossy(&bytes));
                }
                // Only the id is needed: the loader's CPU is the server's CPU too.
                let created: Created = serde_json::from_slice(&bytes)?;
                Ok(created.data.id.record_id)
            }
        })
        .buffer_unordered(args.load_connections)
        .collect()
        .await;
    let seconds = started.elapsed().as_secs_f64();
    let record_ids = results.into_iter().collect::<anyhow::Result<Vec<_>>>()?;
    eprintln!("loaded {} deals in {seconds:.1}s", record_ids.len());
    Ok(Loaded { seconds, record_ids })
}
