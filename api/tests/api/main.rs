//! Integration tests: the real `/v2` router over HTTP, on SQLite and on PostgreSQL.

mod common;

mod aggregate;
mod auth;
mod collab;
mod current;
mod events;
mod filter_props;
mod lists;
mod objects;
mod openapi;
mod positions;
mod query;
mod records;
mod roles;
mod webhooks;
