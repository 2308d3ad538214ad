//! The benchmark: loads the shared 100,000 deals into a fresh workspace through the REST API,
//! then measures with wrk at 16 connections (a) a filtered, sorted page of the records query,
//! (b) one record by id, (c) a stage change (the kanban move) while (j) a client times the
//! changes' events on `GET /v2/events`; and, in process, the storage
//! time of (a) against (d), the same rows from a plain indexed SQLite table; then what the
//! web app's screens cost (`screens`) and the size of its browser bundle. Results are
//! appended to BENCHMARKS.md.

mod events;
mod load;
mod measure;
mod report;
mod screens;
mod server;

use clap::Parser;
use std::path::PathBuf;

#[derive(Parser, Clone)]
#[command(about = "Benchmark the CRM on SQLite and PostgreSQL")]
pub struct Args {
    /// The data generator.
    #[arg(long, default_value = "../shared/data/gen_deals.py")]
    pub generator: PathBuf,
    #[arg(long, default_value_t = 100_000)]
    pub n: usize,
    /// The release binary to benchmark.
    #[arg(long, default_value = "target/release/crm")]
    pub crm: PathBuf,
    /// Backends to run: sqlite, postgres.
    #[arg(long, value_delimiter = ',', default_value = "sqlite,postgres")]
    pub backends: Vec<String>,
    /// PostgreSQL server (a fresh database is created on it). On this host: no TLS, which on
    /// a loopback connection protects nothing and cost a quarter of the stage changes' throughput.
    #[arg(long, env = "CRM_BENCH_POSTGRES", default_value = "postgres://postgres@127.0.0.1:5432?sslmode=disable")]
    pub postgres: String,
    /// Seconds per wrk run.
    #[arg(long, default_value_t = 10)]
    pub seconds: u32,
    /// Connections of each wrk run.
    #[arg(long, default_value_t = 16)]
    pub connections: u32,
    /// Requests in flight while loading; more lets the server commit more creates together.
    #[arg(long, default_value_t = 64)]
    pub load_connections: usize,
    /// The built web assets (scripts/build's site folder), for the bundle's size.
    #[arg(long, default_value = "target/site")]
    pub site: PathBuf,
    /// Where to append the results.
    #[arg(long, default_value = "BENCHMARKS.md")]
    pub out: PathBuf,
}

// One thread: the loader shares the machine's cores with the server it measures.
#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let work = std::env::temp_dir().join(format!("crm-bench-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&work)?;
    let deals = load::generate(&args, &work)?;
    let baseline = measure::plain_sqlite(&args, &work).await?;
    let mut results = Vec::new();
    for backend in &args.backends {
        eprintln!("== {backend}");
        let server = server::Server::start(&args, backend, &work).await?;
        let loaded = load::load(&args, &server, &deals).await?;
        server.settle().await?;
        let r = measure::run(&args, &server, &loaded, &work).await?;
        let opened = &loaded.record_ids[0];
        screens::furnish(&server, opened).await?;
        let s = screens::run(&server, opened).await?;
        results.push((backend.clone(), loaded.seconds, r, s));
        server.stop().await?;
    }
    let bundle = screens::wasm_gzip_bytes(&args.site)?;
    let text = report::render(&args, &baseline, &results, bundle);
    println!("{text}");
    report::append(&args.out, &text)?;
    if std::env::var_os("CRM_BENCH_KEEP").is_none() {
        std::fs::remove_dir_all(&work).ok();
    } else {
        eprintln!("kept {}", work.display());
    }
    Ok(())
}
