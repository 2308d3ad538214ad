//! One axum application: the `/v2` REST API and the server-rendered web app, sharing the
//! same state and the same service functions.
#![forbid(unsafe_code)]
// Views nest deeply in their types; computing their layout needs more than the default 128.
#![recursion_limit = "256"]

use api::AppState;
use app::{shell, App};
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::future::Future;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

pub fn router(state: AppState, leptos_options: LeptosOptions) -> Router {
    let routes = generate_route_list(App);
    let rest: Router<LeptosOptions> = api::rest::router().with_state(state.clone());
    let web = Router::new()
        .leptos_routes_with_context(&leptos_options, routes, move || provide_context(state.clone()), {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler(shell));
    rest.merge(web).with_state(leptos_options).layer(CompressionLayer::new()).layer(TraceLayer::new_for_http())
}

/// Serves until `shutdown` completes, then finishes in-flight requests; event streams end
/// there, and their browsers reconnect to whichever server answers next.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    leptos_options: LeptosOptions,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let db = state.db.clone();
    let shutdown = async move {
        shutdown.await;
        db.live().close();
    };
    axum::serve(listener, router(state, leptos_options)).with_graceful_shutdown(shutdown).await
}
