//! (j): how soon a change reaches a client watching `GET /v2/events`, while (c)'s stage
//! changes load the server: a probe changes one record (not among wrk's) every 20 ms and
//! times each from sending its PATCH until the stream carries its event. The PATCH's commit
//! comes between the two, so this bounds the time from commit to client from above.

use crate::measure::Timing;
use crate::server::Server;
use anyhow::Context;
use serde_json::json;
use std::time::{Duration, Instant};

/// Runs for `seconds` (less one to let the load ramp up) and answers the probes' latencies.
pub async fn probe(server: &Server, record_id: &str, seconds: u32) -> anyhow::Result<Timing> {
    let client = reqwest::Client::new();
    let mut stream = client
        .get(format!("{}/v2/events", server.base))
        .bearer_auth(&server.token)
        .send()
        .await?
        .error_for_status()
        .context("opening the event stream")?;
    let mut buffer = String::new();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let until = Instant::now() + Duration::from_secs(u64::from(seconds.saturating_sub(2).max(1)));
    let url = format!("{}/v2/objects/deals/records/{record_id}", server.base);
    let needle = format!("\"record_id\":\"{record_id}\"");
    let mut samples = Vec::new();
    let mut stages = ["Won", "Lost"].iter().cycle();
    while Instant::now() < until {
        // What came before this probe's write is not its event.
        buffer.clear();
        let sent = Instant::now();
        let body = json!({"data": {"values": {"stage": stages.next()}}});
        client.patch(&url).bearer_auth(&server.token).json(&body).send().await?.error_for_status()?;
        // wrk's changes stream past by the thousand: each chunk is searched once, keeping
        // only what could begin a needle cut across two chunks.
        loop {
            let chunk = tokio::time::timeout(Duration::from_secs(5), stream.chunk())
                .await
                .context("no event within 5 s")??
                .context("the event stream ended")?;
            buffer.push_str(&String::from_utf8_lossy(&chunk));
            if buffer.contains(&needle) {
                break;
            }
            let keep = buffer.len().saturating_sub(needle.len());
            let cut = (keep..buffer.len()).find(|i| buffer.is_char_boundary(*i)).unwrap_or(buffer.len());
            buffer.drain(..cut);
        }
        samples.push(sent.elapsed().as_secs_f64() * 1e6);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Ok(Timing::of(samples))
}
