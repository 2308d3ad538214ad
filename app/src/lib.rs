//! The CRM's web UI, server-rendered by `server` (feature `ssr`) and hydrated in the browser
//! by `frontend` (feature `hydrate`).
//!
//! Laid out by role: `routes/` (pages), `layouts/` (frames shared by pages), `components/`,
//! and `functions/` (server functions, the only code that reaches `api`).
#![forbid(unsafe_code)]
// Views nest deeply in their types; computing their layout needs more than the default 128.
#![recursion_limit = "256"]

pub mod board;
pub mod components;
pub mod functions;
pub mod layouts;
pub mod live;
pub mod palette;
pub mod record;
pub mod routes;
pub mod settings;
pub mod store;
pub mod table;
pub mod values;

use layouts::app_shell::AppShell;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{path, SsrMode};
use record::RecordPage;
use routes::home::Home;
use routes::login::LoginPage;
use routes::not_found::NotFound;
use routes::settings::{KeysPage, ListSettingsPage, ObjectSettingsPage, SettingsPage};
use routes::tables::{ListPage, ObjectPage};

/// The HTML document the server renders around [`App`].
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en" class="h-full antialiased">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                // Before first paint, so a dark theme never flashes light.
                <script>{components::theme::THEME_SCRIPT}</script>
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body class="h-full bg-canvas font-sans text-sm text-fg">
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();

    // Set once the wasm has taken over the page; end-to-end tests wait for it before
    // interacting, and it is absent from the server-rendered HTML.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));

    view! {
        <Stylesheet id="leptos" href="/pkg/crm.css" />
        <Title text="CRM" />
        <div id="app" class="h-full" data-hydrated=move || hydrated.get().then_some("true")>
            <Router>
                <Routes fallback=NotFound>
                    <Route path=path!("/login") view=LoginPage />
                    // Async: the signed-in pages render once their data is loaded, so a
                    // redirect to /login or a 404 can still set the response status, and
                    // the page title is known before <head> is sent.
                    <ParentRoute path=path!("") view=AppShell ssr=SsrMode::Async>
                        <Route path=path!("") view=Home />
                        <Route path=path!("objects/:slug") view=ObjectPage />
                        <Route path=path!("lists/:slug") view=ListPage />
                        <Route path=path!("objects/:slug/:id") view=RecordPage />
                        <Route path=path!("settings") view=SettingsPage />
                        <Route path=path!("settings/objects/:slug") view=ObjectSettingsPage />
                        <Route path=path!("settings/lists/:slug") view=ListSettingsPage />
                        <Route path=path!("settings/keys") view=KeysPage />
                        // The address the API gives as a record's `web_url`.
                        <Route path=path!(":workspace/objects/:slug/:id") view=RecordPage />
                    </ParentRoute>
                </Routes>
            </Router>
        </div>
    }
}
