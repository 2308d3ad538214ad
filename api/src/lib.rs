//! The server side of the CRM: storage on SQLite or PostgreSQL, the services every operation
//! goes through (one function per operation, called by the REST routes and by the web app's
//! server functions alike), and the Attio-compatible `/v2` router.
#![forbid(unsafe_code)]

pub mod aggregate;
pub mod attributes;
pub mod catalog;
pub mod choices;
pub mod comments;
pub mod ctx;
pub mod cursor;
pub mod db;
pub mod entries;
pub mod error;
mod filter;
pub mod history;
mod indexes;
pub mod keys;
pub mod lists;
pub mod live;
pub mod members;
pub mod merge;
pub mod notes;
pub mod objects;
pub mod positions;
pub mod rate_limit;
pub mod records;
pub mod related;
pub mod rest;
mod schema;
pub mod scopes;
pub mod search;
mod seed;
pub mod session;
pub mod slug;
pub mod state;
mod storage;
pub mod tasks;
mod time;
pub mod timeline;
mod tokens;
mod values;
pub mod view;
pub mod views;
pub mod webhooks;
pub mod workspaces;

pub use ctx::Ctx;
pub use error::{ApiError, Result};
pub use state::{AppState, Config};
