//! BENCHMARKS.md: one section per run, with the machine and the date.

use crate::measure::{Results, Timing, WrkResult};
use crate::screens::Screens;
use crate::Args;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("model name")).map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    format!("{cores} cores, {cpu}")
}

fn row(name: &str, r: &WrkResult) -> String {
    format!("| {name} | {:.0} | {:.2} | {:.2} | {} |\n", r.rps, r.p50_ms, r.p99_ms, r.errors)
}

fn screen_row(name: &str, t: &Timing) -> String {
    format!("| {name} | {:.1} | {:.1} |\n", t.p50_us / 1000.0, t.p99_us / 1000.0)
}

pub fn render(
    args: &Args,
    baseline: &Timing,
    results: &[(String, f64, Results, Screens)],
    (wasm, wasm_gzip): (u64, u64),
) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "## {} — {}\n", chrono::Utc::now().format("%Y-%m-%d %H:%M UTC"), machine());
    let _ = writeln!(
        s,
        "{} deals (gen_deals.py --seed 42), wrk with {} connections for {}s per run.\n",
        args.n, args.connections, args.seconds
    );
    let _ = writeln!(
        s,
        "(d) plain indexed SQLite table, same rows as (a): p50 {:.0} µs, p99 {:.0} µs\n",
        baseline.p50_us, baseline.p99_us
    );
    let sqlite_rps = results.iter().find(|(b, ..)| b == "sqlite").map(|(_, _, r, _)| r.query.rps);
    for (backend, load_secs, r, screens) in results {
        let _ = writeln!(s, "### {backend}\n");
        let _ = writeln!(
            s,
            "Load of {} deals through the API ({} concurrent POSTs): {load_secs:.1} s ({:.0} records/s)\n",
            args.n,
            args.load_connections,
            args.n as f64 / load_secs
        );
        if backend == "postgres" {
            s.push_str("Measured after `VACUUM ANALYZE`, the state autovacuum leaves a table in shortly after a bulk load.\n\n");
        }
        let _ = writeln!(
            s,
            "The view of (a) was opened once before measuring; the index it asks for was ready {:.0} ms later.\n",
            r.index_build.as_secs_f64() * 1000.0
        );
        s.push_str("| operation | req/s | p50 ms | p99 ms | non-2xx |\n|---|---|---|---|---|\n");
        s.push_str(&row(
            "(a) records/query: stage = Negotiation, amount > 50000, sort amount desc, limit 50",
            &r.query,
        ));
        s.push_str(&row("(b) GET one record", &r.get));
        s.push_str(&row("(c) PATCH stage (kanban move)", &r.patch));
        let _ = writeln!(
            s,
            "\n(j) during (c): a change's event at a client of `GET /v2/events`, from sending its PATCH: p50 {:.1} ms, p99 {:.1} ms.",
            r.events.p50_us / 1000.0,
            r.events.p99_us / 1000.0
        );
        let _ = writeln!(
            s,
            "\n(a) storage time in process (query + rows to records, no HTTP, no JSON): p50 {:.0} µs, p99 {:.0} µs — **{:.2}x** the plain table (d).",
            r.storage.p50_us,
            r.storage.p99_us,
            r.storage.p50_us / baseline.p50_us
        );
        if let (Some(base), true) = (sqlite_rps, backend != "sqlite") {
            let _ = writeln!(s, "\n(a) throughput relative to SQLite: {:.2}x.", r.query.rps / base);
        }
        s.push_str("\nThe web app's screens, one request at a time (time to the last byte):\n\n");
        s.push_str("| screen | p50 ms | p99 ms |\n|---|---|---|\n");
        s.push_str(&screen_row("(e) deals table, first page rendered on the server", &screens.table));
        s.push_str(&screen_row("(f) records query at offset 50,000, 100 rows (a scrolled table)", &screens.deep_page));
        s.push_str(&screen_row("(g) count of (a)'s filter (the table's total)", &screens.count));
        s.push_str(&screen_row(
            "(h) record page rendered on the server, with notes, task, thread, entry, timeline",
            &screens.record_page,
        ));
        s.push_str(&screen_row(
            "(i) deals board rendered on the server: six stages' counts and sums, 25 cards each",
            &screens.board,
        ));
        s.push_str(&screen_row("(i') aggregate alone: count and amount per stage, 100,000 deals", &screens.aggregate));
        s.push('\n');
    }
    let _ = writeln!(
        s,
        "Browser bundle: {:.0} KB of wasm, **{:.0} KB gzipped**.\n",
        wasm as f64 / 1024.0,
        wasm_gzip as f64 / 1024.0
    );
    s
}

pub fn append(path: &Path, text: &str) -> anyhow::Result<()> {
    let existing = std::fs::read_to_string(path).ok();
    let mut f = std::fs::OpenOptions::new().create(true).append(true).open(path)?;
    match &existing {
        None => writeln!(f, "# Benchmarks\n\nProduced by `./scripts/bench`; newest runs at the bottom. See docs/storage.md for how to read them.\n")?,
        // A run starts after a blank line, whatever notes were added below the last one.
        Some(text) if text.ends_with("\n\n") => {}
        Some(text) if text.ends_with('\n') => writeln!(f)?,
        Some(_) => write!(f, "\n\n")?,
    }
    f.write_all(text.as_bytes())?;
    Ok(())
}
