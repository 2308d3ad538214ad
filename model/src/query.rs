//! The body of `POST .../records/query` and `.../entries/query`.
//!
//! The filter stays JSON here: its meaning depends on the attributes of the queried object,
//! which only the server knows. The server parses it into its own AST.

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub const DEFAULT_QUERY_LIMIT: u64 = 500;

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sorts: Vec<Sort>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::num::opt_u64")]
    pub limit: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::num::opt_u64")]
    pub offset: Option<u64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Asc,
    Desc,
}

/// `{direction, attribute, field?}` or `{direction, path: [[object, attribute], ...], field?}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sort {
    pub direction: Direction,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<Vec<(String, String)>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}
