//! `GET /docs`: interactive documentation of the API, rendered by Swagger UI from
//! `/openapi.json`. Swagger UI is vendored in `api/assets/swagger-ui` and served from this
//! origin, so the page works without access to the internet and loads nothing from elsewhere.

use crate::state::AppState;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

const INDEX: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>CRM API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
<style>body { margin: 0; background: #fafafa; }</style>
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
"#;

/// Swagger UI's settings. `validatorUrl: null` stops it from sending the document to
/// validator.swagger.io to draw a badge.
const INIT: &str = r##"window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
});
"##;

const BUNDLE: &str = include_str!("../../assets/swagger-ui/swagger-ui-bundle.js");
const CSS: &str = include_str!("../../assets/swagger-ui/swagger-ui.css");

/// The assets are not named by version, so caches must check back after a while to pick up
/// an upgrade.
const CACHE: &str = "public, max-age=3600";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/docs", get(|| async { asset("text/html; charset=utf-8", INDEX) }))
        .route("/docs/init.js", get(|| async { asset("text/javascript; charset=utf-8", INIT) }))
        .route("/docs/swagger-ui-bundle.js", get(|| async { asset("text/javascript; charset=utf-8", BUNDLE) }))
        .route("/docs/swagger-ui.css", get(|| async { asset("text/css; charset=utf-8", CSS) }))
}

fn asset(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, CACHE)], body)
}
