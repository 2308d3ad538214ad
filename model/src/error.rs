//! Attio's error body: `{"status_code", "type", "code", "message"}`.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub status_code: u16,
    #[serde(rename = "type")]
    pub kind: String,
    pub code: String,
    pub message: String,
}
