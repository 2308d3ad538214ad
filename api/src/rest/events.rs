//! `GET /v2/events`: the workspace's committed changes as server-sent events, one per
//! change, named by its webhook event type (`record.updated`, `list-entry.created`, ...)
//! with the webhook event as data. `ready` opens every connection and `resync` says that
//! events may have been missed (reload what is shown). Ends when the server shuts down;
//! clients reconnect (`retry: 1000`).

use super::extract::Viewer;
use crate::ctx::Ctx;
use crate::live::Signal;
use axum::http::header::HeaderName;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use futures_util::stream;
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::broadcast::{error::RecvError, Receiver};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/v2/events", get(events))
}

struct Watch {
    ctx: Ctx,
    receiver: Receiver<Signal>,
    opened: bool,
}

async fn events(Viewer(ctx): Viewer) -> impl IntoResponse {
    let receiver = ctx.db.live().subscribe().await;
    let watch = Watch { ctx, receiver, opened: false };
    let events = stream::unfold(watch, |mut w| async move {
        if !w.opened {
            w.opened = true;
            let ready = Event::default().event("ready").retry(Duration::from_secs(1)).data("{}");
            return Some((Ok::<_, Infallible>(ready), w));
        }
        loop {
            let next = tokio::select! {
                next = w.receiver.recv() => next,
                () = w.ctx.db.live().closed() => return None,
            };
            let event = match next {
                Ok(Signal::Change(change)) if w.ctx.may_see(&change) => {
                    Event::default().event(&change.event_type).data(change.event.get())
                }
                Ok(Signal::Change(_)) => continue,
                Ok(Signal::Resync) | Err(RecvError::Lagged(_)) => Event::default().event("resync").data("{}"),
                Err(RecvError::Closed) => return None,
            };
            return Some((Ok(event), w));
        }
    });
    // Proxies that buffer responses (nginx) would hold events back.
    ([(HeaderName::from_static("x-accel-buffering"), "no")], Sse::new(events).keep_alive(KeepAlive::default()))
}
