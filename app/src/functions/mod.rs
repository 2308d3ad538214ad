//! Server functions: thin adapters from the session cookie to `api`'s handlers.
//!
//! Each one reads the session, builds an `api::Ctx` and calls the same function the /v2
//! route calls, so no business rule lives here. Every server function is a public
//! endpoint, which is why each checks the session itself.

mod error;
mod records;
#[cfg(feature = "ssr")]
mod session;
mod workspace;

pub use error::AppError;
pub use records::{load_object_schema, load_records, ObjectSchema, RecordPage, RECORD_LIMIT};
pub use workspace::{load_workspace, Login, Logout, WorkspaceSummary};
