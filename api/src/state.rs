//! What every handler gets: the database and the server's configuration.

use crate::db::Db;
use crate::rate_limit::RateLimiter;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub limiter: Arc<RateLimiter>,
    pub catalog: Arc<crate::catalog::Cache>,
    pub credentials: Arc<crate::keys::CredentialCache>,
}

#[derive(Clone, Debug)]
pub struct Config {
    /// Base of the `web_url` of records, e.g. `http://127.0.0.1:3000`.
    pub public_url: String,
    /// Requests per second per token; 0 disables the limit.
    pub reads_per_sec: u32,
    pub writes_per_sec: u32,
}

impl Config {
    pub fn new(public_url: impl Into<String>) -> Self {
        Self { public_url: public_url.into(), reads_per_sec: 100, writes_per_sec: 25 }
    }
}

impl AppState {
    pub fn new(db: Db, config: Config) -> Self {
        let limiter = RateLimiter::new(config.reads_per_sec, config.writes_per_sec);
        Self {
            db,
            config: Arc::new(config),
            limiter: Arc::new(limiter),
            catalog: Arc::default(),
            credentials: Arc::default(),
        }
    }
}
