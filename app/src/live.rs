//! Other people's changes, live: one `EventSource` per tab on `GET /v2/events`, whose changes
//! the open screens (board, table, record page) subscribe to and show without a reload.
//!
//! The browser reconnects by itself when the stream drops (a server restart); every
//! connection opens with `ready`, and a `ready` after the first one, or a `resync`, tells
//! the screens to read again what they show, since changes may have been missed meanwhile.

use leptos::prelude::*;
use serde::Deserialize;
use serde_json::Value;
use std::rc::Rc;

/// A committed change, as the webhook event describes it.
#[derive(Clone, Debug, Deserialize)]
pub struct Change {
    pub event_type: String,
    #[serde(default)]
    pub id: Value,
}

impl Change {
    fn id_field(&self, field: &str) -> Option<&str> {
        self.id.get(field).and_then(Value::as_str)
    }

    /// The object whose record changed (`record.*`).
    pub fn object_id(&self) -> Option<&str> {
        self.event_type.starts_with("record.").then(|| self.id_field("object_id")).flatten()
    }

    /// The list whose entry changed (`list-entry.*`).
    pub fn list_id(&self) -> Option<&str> {
        self.event_type.starts_with("list-entry.").then(|| self.id_field("list_id")).flatten()
    }

    /// Whether the change is to a row of `source`, whose object or list has id `source_id`.
    pub fn touches(&self, source: &crate::table::source::Source, source_id: &str) -> bool {
        let changed = match source {
            crate::table::source::Source::Object(_) => self.object_id(),
            crate::table::source::Source::List(_) => self.list_id(),
        };
        changed == Some(source_id)
    }

    /// A board's new manual order, which only boards show.
    pub fn is_reorder(&self) -> bool {
        self.event_type.ends_with(".reordered")
    }

    pub fn record_id(&self) -> Option<&str> {
        self.id_field("record_id")
    }

    /// A note, task or comment: what a record page shows beside the record's values.
    pub fn is_activity(&self) -> bool {
        ["note.", "task.", "comment."].iter().any(|p| self.event_type.starts_with(p))
    }
}

/// What a screen is told.
#[derive(Clone, Debug)]
pub enum Signal {
    Change(Change),
    /// Changes may have been missed: read everything shown again.
    Resync,
}

type Listener = Rc<dyn Fn(&Signal)>;

/// The tab's subscription to the workspace's changes.
#[derive(Clone, Copy)]
pub struct Live {
    listeners: StoredValue<Vec<(u64, Listener)>, LocalStorage>,
    next: StoredValue<u64>,
}

impl Live {
    /// Provided by the signed-in frame, in the browser only: a page rendered on the server
    /// is a snapshot, and follows nothing.
    pub fn provide() {
        #[cfg(feature = "hydrate")]
        {
            let live = Self { listeners: StoredValue::new_local(Vec::new()), next: StoredValue::new(0) };
            provide_context(live);
            leptos::task::spawn_local(stream::run(live));
        }
    }

    /// Calls `listener` with every change until the calling component goes away (in the
    /// browser; on the server, never).
    pub fn on(listener: impl Fn(&Signal) + 'static) {
        let Some(live) = use_context::<Self>() else { return };
        let id = live.next.get_value();
        live.next.set_value(id + 1);
        live.listeners.update_value(|all| all.push((id, Rc::new(listener))));
        on_cleanup(move || {
            live.listeners.try_update_value(|all| all.retain(|(i, _)| *i != id));
        });
    }

    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    fn tell(&self, signal: &Signal) {
        // Cloned out first: a listener may subscribe or unsubscribe others.
        let listeners: Vec<Listener> =
            self.listeners.try_with_value(|all| all.iter().map(|(_, l)| l.clone()).collect()).unwrap_or_default();
        for listener in listeners {
            listener(signal);
        }
    }
}

/// Runs `work` once, `delay_ms` after the first of a burst of calls to the returned closure:
/// a screen reads again once per burst of changes, not once per change.
pub fn debounced(delay_ms: u64, work: impl Fn() + 'static) -> impl Fn() + Clone + 'static {
    // `pending` is owned by the calling component: once it is gone, a late timer does nothing.
    let pending = StoredValue::new(false);
    let work = Rc::new(work);
    move || {
        if pending.try_get_value() != Some(false) {
            return;
        }
        pending.set_value(true);
        let work = work.clone();
        set_timeout(
            move || {
                if pending.try_set_value(false).is_none() {
                    work();
                }
            },
            std::time::Duration::from_millis(delay_ms),
        );
    }
}

#[cfg(feature = "hydrate")]
mod stream {
    use super::{Change, Live, Signal};
    use futures_util::stream::{select_all, StreamExt};
    use gloo_net::eventsource::futures::EventSource;
    use leptos::prelude::set_timeout;
    use std::time::Duration;

    /// Event types the screens act on; the stream names each event by its type.
    const EVENT_TYPES: [&str; 18] = [
        "ready",
        "resync",
        "record.created",
        "record.updated",
        "record.deleted",
        "record.merged",
        "record.reordered",
        "list-entry.created",
        "list-entry.updated",
        "list-entry.deleted",
        "list-entry.reordered",
        "note.created",
        "note.deleted",
        "task.created",
        "task.updated",
        "task.deleted",
        "comment.created",
        "comment.deleted",
    ];

    /// Keeps a stream open for the life of the tab. The browser retries a dropped stream
    /// itself; one it gave up on (the server answered with an error) is opened again here,
    /// a little later each time.
    pub async fn run(live: Live) {
        listen(live, false, Duration::from_secs(1)).await
    }

    /// `data-live` on the root element says whether changes are arriving (tests wait for it).
    fn mark_connected(on: bool) {
        if let Some(root) = leptos::prelude::document().document_element() {
            let _ = if on { root.set_attribute("data-live", "on") } else { root.remove_attribute("data-live") };
        }
    }

    async fn listen(live: Live, mut connected_before: bool, mut wait: Duration) {
        let Ok(mut source) = EventSource::new("/v2/events") else { return };
        let subscriptions: Vec<_> = EVENT_TYPES.iter().filter_map(|t| source.subscribe(*t).ok()).collect();
        let mut events = select_all(subscriptions);
        while let Some(Ok((kind, message))) = events.next().await {
            wait = Duration::from_secs(1);
            if kind == "ready" {
                mark_connected(true);
            }
            let signal = match kind.as_str() {
                "ready" if !connected_before => {
                    connected_before = true;
                    continue;
                }
                "ready" | "resync" => Signal::Resync,
                _ => {
                    let Some(data) = message.data().as_string() else { continue };
                    match serde_json::from_str::<Change>(&data) {
                        Ok(change) => Signal::Change(change),
                        Err(_) => continue,
                    }
                }
            };
            live.tell(&signal);
        }
        drop(events);
        source.close();
        mark_connected(false);
        let next = (wait * 2).min(Duration::from_secs(30));
        set_timeout(move || leptos::task::spawn_local(listen(live, connected_before, next)), wait);
    }
}
