//! Types shared by the server and the browser: everything here compiles to wasm and does no I/O.
#![forbid(unsafe_code)]

pub mod attribute_type;
pub mod error;
pub mod ids;
pub mod num;
pub mod query;
pub mod wire;

pub use attribute_type::AttributeType;
pub use error::ErrorBody;
