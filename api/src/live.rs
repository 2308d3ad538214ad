//! Live updates: the change events of committed writes, fanned out to whoever watches a
//! workspace (`GET /v2/events`, server-sent events).
//!
//! A write collects its events while its transaction runs (the same events the webhooks
//! get, `webhooks::emit`) and publishes them once it has committed, so a change that rolled
//! back is never announced. On SQLite, which one process serves, they go straight to this
//! process's subscribers. On PostgreSQL they go out as a NOTIFY on one channel that every
//! `crm serve` process on the database LISTENs to, so a browser connected to any process
//! sees the changes made through all of them. A subscriber that may have missed events (a
//! lost LISTEN connection, a slow reader) is told to resynchronise.

use model::ids::WorkspaceId;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
use tokio::sync::{broadcast, mpsc, watch};

/// The PostgreSQL channel the processes share.
const CHANNEL: &str = "crm_live";
/// NOTIFY payloads must stay under 8,000 bytes.
const PAYLOAD_LIMIT: usize = 7_500;
/// Events a subscriber may fall behind by before it is told to resynchronise.
const BACKLOG: usize = 4_096;

/// One committed change, as webhooks describe it: `event_type`, `id`, `actor`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Change {
    pub workspace_id: WorkspaceId,
    pub event_type: String,
    pub event: Arc<RawValue>,
}

/// What a subscriber receives.
#[derive(Clone, Debug)]
pub enum Signal {
    Change(Arc<Change>),
    /// Events may have been lost: reload what is on screen.
    Resync,
}

/// The changes of one write, held until it commits.
#[derive(Clone, Default)]
pub struct Outbox(Arc<Mutex<Vec<Change>>>);

impl Outbox {
    pub(crate) fn push(&self, change: Change) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(change);
    }

    pub(crate) fn take(&self) -> Vec<Change> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

/// This process's fan-out of committed changes.
pub struct Hub {
    fanout: Fanout,
    /// PostgreSQL's URL: changes travel through NOTIFY/LISTEN. None on SQLite.
    postgres: Option<String>,
    /// Started on first use, so that one-off commands open no extra connection; both stop
    /// with the hub (the notifier when its sender drops).
    notifier: OnceLock<mpsc::UnboundedSender<Change>>,
    listener: OnceLock<AbortOnDrop>,
}

/// What the LISTEN task shares with the hub.
#[derive(Clone)]
struct Fanout {
    local: broadcast::Sender<Signal>,
    /// True while this process LISTENs (always on SQLite).
    listening: Arc<watch::Sender<bool>>,
    closed: Arc<watch::Sender<bool>>,
}

impl Fanout {
    async fn closed(&self) {
        let _ = self.closed.subscribe().wait_for(|closed| *closed).await;
    }
}

struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl Hub {
    pub(crate) fn new(postgres: Option<String>) -> Self {
        let fanout = Fanout {
            local: broadcast::channel(BACKLOG).0,
            listening: Arc::new(watch::Sender::new(postgres.is_none())),
            closed: Arc::new(watch::Sender::new(false)),
        };
        Self { fanout, postgres, notifier: OnceLock::new(), listener: OnceLock::new() }
    }

    /// Announces changes that have committed.
    pub fn publish(&self, changes: Vec<Change>) {
        if changes.is_empty() {
            return;
        }
        match &self.postgres {
            None => {
                for change in changes {
                    let _ = self.fanout.local.send(Signal::Change(Arc::new(change)));
                }
            }
            Some(url) => {
                let notifier = self.notifier.get_or_init(|| spawn_notifier(url.clone()));
                for change in changes {
                    let _ = notifier.send(change);
                }
            }
        }
    }

    /// A receiver of every change from now on; on PostgreSQL it waits (up to five seconds)
    /// until this process LISTENs, so that a write made after this returns is seen.
    pub async fn subscribe(&self) -> broadcast::Receiver<Signal> {
        let receiver = self.fanout.local.subscribe();
        if let Some(url) = &self.postgres {
            self.listener.get_or_init(|| AbortOnDrop(spawn_listener(self.fanout.clone(), url.clone())));
            let mut ready = self.fanout.listening.subscribe();
            let _ = tokio::time::timeout(Duration::from_secs(5), ready.wait_for(|on| *on)).await;
        }
        receiver
    }

    /// Resolves when the server is shutting down: streams end so that it can.
    pub async fn closed(&self) {
        self.fanout.closed().await
    }

    pub fn close(&self) {
        self.fanout.closed.send_replace(true);
    }
}

/// Sends published changes as NOTIFY, several to a payload when they come in a burst.
fn spawn_notifier(url: String) -> mpsc::UnboundedSender<Change> {
    let (send, mut receive) = mpsc::unbounded_channel::<Change>();
    tokio::spawn(async move {
        let mut conn: Option<sqlx::PgConnection> = None;
        while let Some(first) = receive.recv().await {
            let mut batch = vec![first];
            while let Ok(more) = receive.try_recv() {
                batch.push(more);
            }
            for payload in payloads(&batch) {
                // One retry on a fresh connection: the old one may have been closed.
                for _ in 0..2 {
                    if conn.is_none() {
                        conn = sqlx::Connection::connect(&url)
                            .await
                            .map_err(|e| tracing::warn!(error = %e, "live updates: cannot connect to notify"))
                            .ok();
                    }
                    let Some(c) = conn.as_mut() else { break };
                    let sent = sqlx::query("SELECT pg_notify($1, $2)").bind(CHANNEL).bind(&payload).execute(c).await;
                    match sent {
                        Ok(_) => break,
                        Err(e) => {
                            tracing::warn!(error = %e, "live updates: NOTIFY failed");
                            conn = None;
                        }
                    }
                }
            }
        }
    });
    send
}

/// JSON arrays of changes, each under NOTIFY's size limit; a change too big for one alone
/// is dropped with a warning (events are a few hundred bytes).
fn payloads(changes: &[Change]) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut size = 2;
    for change in changes {
        let Ok(json) = serde_json::to_string(change) else { continue };
        if json.len() + 2 > PAYLOAD_LIMIT {
            tracing::warn!(event_type = %change.event_type, "live updates: event too large to send");
            continue;
        }
        if size + json.len() + 1 > PAYLOAD_LIMIT {
            out.push(format!("[{}]", current.join(",")));
            current.clear();
            size = 2;
        }
        size += json.len() + 1;
        current.push(json);
    }
    if !current.is_empty() {
        out.push(format!("[{}]", current.join(",")));
    }
    out
}

/// LISTENs for the changes of every process and hands them to this process's subscribers;
/// after a lost connection it listens again and tells them to resynchronise.
fn spawn_listener(fanout: Fanout, url: String) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match listen(&fanout, &url).await {
                Ok(()) => return,
                Err(e) => {
                    fanout.listening.send_replace(false);
                    tracing::warn!(error = %e, "live updates: LISTEN connection lost; reconnecting");
                    let _ = fanout.local.send(Signal::Resync);
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
        }
    })
}

/// Runs until the hub closes (Ok) or the connection fails (Err).
async fn listen(fanout: &Fanout, url: &str) -> sqlx::Result<()> {
    let mut listener = sqlx::postgres::PgListener::connect(url).await?;
    listener.ignore_pool_close_event(true);
    listener.listen(CHANNEL).await?;
    fanout.listening.send_replace(true);
    loop {
        let notification = tokio::select! {
            n = listener.try_recv() => n?,
            () = fanout.closed() => return Ok(()),
        };
        let Some(notification) = notification else {
            return Err(sqlx::Error::Protocol("the LISTEN connection closed".into()));
        };
        match serde_json::from_str::<Vec<Change>>(notification.payload()) {
            Ok(changes) => {
                for change in changes {
                    let _ = fanout.local.send(Signal::Change(Arc::new(change)));
                }
            }
            Err(e) => tracing::warn!(error = %e, "live updates: unreadable notification"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(size: usize) -> Change {
        let event = serde_json::to_string(&"x".repeat(size)).unwrap();
        Change {
            workspace_id: WorkspaceId(uuid::Uuid::nil()),
            event_type: "record.updated".into(),
            event: RawValue::from_string(event).unwrap().into(),
        }
    }

    #[test]
    fn bursts_are_split_under_the_notify_limit() {
        let changes: Vec<_> = (0..40).map(|_| change(500)).collect();
        let payloads = payloads(&changes);
        assert!(payloads.len() > 1);
        assert!(payloads.iter().all(|p| p.len() < PAYLOAD_LIMIT));
        let back: usize = payloads.iter().map(|p| serde_json::from_str::<Vec<Change>>(p).unwrap().len()).sum();
        assert_eq!(back, 40);
    }

    #[test]
    fn an_oversized_change_is_dropped_alone() {
        let payloads = payloads(&[change(100), change(PAYLOAD_LIMIT), change(100)]);
        assert_eq!(payloads.len(), 1);
        assert_eq!(serde_json::from_str::<Vec<Change>>(&payloads[0]).unwrap().len(), 2);
    }
}
