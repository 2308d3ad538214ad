//! The measurements: wrk against the running server, and in-process timings of the storage
//! work of the query against the plain-table baseline.

use crate::load::Loaded;
use crate::server::Server;
use crate::Args;
use anyhow::{bail, Context};
use model::query::QueryRequest;
use serde_json::{json, Value};
use sqlx::Row;
use std::path::Path;
use std::time::Instant;

/// The benchmark query (a): stage = Negotiation and amount > 50,000, by amount, 50 rows.
pub fn query_body() -> Value {
    json!({
        "filter": {"$and": [{"stage": "Negotiation"}, {"amount": {"$gt": 50000}}]},
        "sorts": [{"attribute": "amount", "direction": "desc"}],
        "limit": 50
    })
}

const PLAIN_QUERY: &str = "SELECT id, name, amount, stage, close_date, owner, created FROM deals \
     WHERE stage = 'Negotiation' AND amount > 50000 ORDER BY amount DESC LIMIT 50";

const ITERATIONS: usize = 2000;

/// Median and 99th percentile of a sample, in microseconds.
#[derive(Clone, Copy, Debug)]
pub struct Timing {
    pub p50_us: f64,
    pub p99_us: f64,
}

impl Timing {
    pub fn of(mut samples: Vec<f64>) -> Self {
        samples.sort_by(f64::total_cmp);
        let at = |q: f64| samples[((samples.len() - 1) as f64 * q) as usize];
        Timing { p50_us: at(0.5), p99_us: at(0.99) }
    }
}

/// (d): the rows of (a) from the generator's plain SQLite table with its (stage, amount) index.
pub async fn plain_sqlite(_args: &Args, work: &Path) -> anyhow::Result<Timing> {
    let url = format!("sqlite://{}?mode=ro", work.join("plain.sqlite").display());
    let pool = sqlx::sqlite::SqlitePoolOptions::new().max_connections(1).connect(&url).await?;
    let mut samples = Vec::with_capacity(ITERATIONS);
    for i in 0..ITERATIONS + 100 {
        let t = Instant::now();
        let rows = sqlx::query(PLAIN_QUERY).fetch_all(&pool).await?;
        let _: Vec<String> = rows.iter().map(|r| r.get::<String, _>("name")).collect();
        if rows.len() != 50 {
            bail!("plain query returned {} rows", rows.len());
        }
        if i >= 100 {
            samples.push(t.elapsed().as_secs_f64() * 1e6);
        }
    }
    Ok(Timing::of(samples))
}

#[derive(Clone, Debug)]
pub struct WrkResult {
    pub rps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub errors: u64,
}

pub struct Results {
    /// From the first run of (a) until its index was built.
    pub index_build: std::time::Duration,
    pub query: WrkResult,
    pub get: WrkResult,
    pub patch: WrkResult,
    /// (j), measured during (c).
    pub events: Timing,
    pub storage: Timing,
}

fn lua_string(s: &str) -> String {
    format!("[==[{s}]==]")
}

async fn wrk(args: &Args, server: &Server, work: &Path, name: &str, script: &str) -> anyhow::Result<WrkResult> {
    let path = work.join(format!("{name}.lua"));
    let header = format!(
        "wrk.headers[\"Authorization\"] = \"Bearer {}\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n",
        server.token
    );
    std::fs::write(&path, format!("{header}{script}"))?;
    let out = tokio::process::Command::new("wrk")
        .args(["-t2", &format!("-c{}", args.connections), &format!("-d{}s", args.seconds), "--latency", "-s"])
        .arg(&path)
        .arg(&server.base)
        .output()
        .await
        .context("running wrk (apt install wrk)")?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    eprintln!("{name}:\n{text}");
    parse_wrk(&text).with_context(|| format!("parsing wrk output for {name}"))
}

fn parse_duration_ms(s: &str) -> Option<f64> {
    let (num, unit) = s.trim().split_at(s.trim().find(|c: char| c.is_alphabetic())?);
    let n: f64 = num.parse().ok()?;
    Some(match unit {
        "us" => n / 1000.0,
        "ms" => n,
        "s" => n * 1000.0,
        "m" => n * 60_000.0,
        _ => return None,
    })
}

fn parse_wrk(text: &str) -> Option<WrkResult> {
    let field = |prefix: &str| text.lines().find_map(|l| l.trim().strip_prefix(prefix).map(|r| r.trim().to_owned()));
    let rps = field("Requests/sec:")?.parse().ok()?;
    let p50_ms = parse_duration_ms(&field("50%")?)?;
    let p99_ms = parse_duration_ms(&field("99%")?)?;
    let errors = field("Non-2xx or 3xx responses:").and_then(|s| s.parse().ok()).unwrap_or(0);
    Some(WrkResult { rps, p50_ms, p99_ms, errors })
}

pub async fn run(args: &Args, server: &Server, loaded: &Loaded, work: &Path) -> anyhow::Result<Results> {
    let ids: Vec<String> = loaded
        .record_ids
        .iter()
        .step_by((loaded.record_ids.len() / 1000).max(1))
        .map(|id| format!("\"{id}\""))
        .collect();
    let ids = format!("local ids = {{{}}}\n", ids.join(","));
    let index_build = open_view(server).await?;
    let query = wrk(
        args,
        server,
        work,
        "query",
        &format!(
            "wrk.method = \"POST\"\nwrk.path = \"/v2/objects/deals/records/query\"\nwrk.body = {}\n",
            lua_string(&query_body().to_string())
        ),
    )
    .await?;
    let get = wrk(
        args,
        server,
        work,
        "get",
        &format!("{ids}request = function()\n  return wrk.format(\"GET\", \"/v2/objects/deals/records/\" .. ids[math.random(#ids)])\nend\n"),
    )
    .await?;
    let stages = "local stages = {\"Lead\",\"Qualified\",\"Proposal\",\"Negotiation\",\"Won\",\"Lost\"}\n";
    let patch_script = format!(
        "{ids}{stages}request = function()\n  local body = '{{\"data\":{{\"values\":{{\"stage\":\"' .. stages[math.random(#stages)] .. '\"}}}}}}'\n  return wrk.format(\"PATCH\", \"/v2/objects/deals/records/\" .. ids[math.random(#ids)], nil, body)\nend\n"
    );
    let patch = wrk(args, server, work, "patch", &patch_script);
    // wrk's ids are every hundredth from the first: the second record is the probe's own.
    let (patch, events) = tokio::join!(patch, crate::events::probe(server, &loaded.record_ids[1], args.seconds));
    let (patch, events) = (patch?, events.context("(j)")?);
    let storage = storage_time(server).await?;
    Ok(Results { index_build, query, get, patch, events, storage })
}

/// Runs (a) once, as a user opening the pipeline view, and waits for the index that the
/// query asks for (built in the background) so that wrk measures the query as it runs from
/// then on.
async fn open_view(server: &Server) -> anyhow::Result<std::time::Duration> {
    let started = Instant::now();
    reqwest::Client::new()
        .post(format!("{}/v2/objects/deals/records/query", server.base))
        .bearer_auth(&server.token)
        .json(&query_body())
        .send()
        .await?
        .error_for_status()?;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&server.database_url).await?;
    let sql = if server.database_url.starts_with("sqlite:") {
        "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'index' AND name LIKE 'x\\_%' ESCAPE '\\'"
    } else {
        "SELECT COUNT(*) AS n FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
         WHERE c.relname LIKE 'x\\_%' ESCAPE '\\' AND i.indisvalid"
    };
    while sqlx::query(sql).fetch_one(&pool).await?.get::<i64, _>("n") == 0 {
        if started.elapsed().as_secs() > 120 {
            bail!("the query's index was not built within two minutes");
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let took = started.elapsed();
    pool.close().await;
    eprintln!("index of (a) built {took:?} after its first run");
    Ok(took)
}

/// (a) without HTTP and JSON: the service function the route calls, in a loop.
async fn storage_time(server: &Server) -> anyhow::Result<Timing> {
    let db = api::db::Db::connect(&server.database_url).await?;
    let state = api::AppState::new(db, api::Config::new(""));
    let ctx = api::keys::authenticate(&state, &server.token).await.map_err(anyhow::Error::msg)?;
    let body: QueryRequest = serde_json::from_value(query_body())?;
    let mut samples = Vec::with_capacity(ITERATIONS);
    for i in 0..ITERATIONS + 100 {
        let t = Instant::now();
        let records = api::records::query_records(&ctx, "deals", body.clone()).await.map_err(anyhow::Error::msg)?;
        if records.len() != 50 {
            bail!("query returned {} records", records.len());
        }
        if i >= 100 {
            samples.push(t.elapsed().as_secs_f64() * 1e6);
        }
    }
    state.db.close().await;
    Ok(Timing::of(samples))
}
