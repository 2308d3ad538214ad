//! Opaque cursors of the endpoints Attio paginates with `cursor` and `next_cursor`. A cursor
//! holds the position of the next item; clients pass it back unchanged.

use crate::error::{ApiError, Result};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::Deserialize;

/// `limit` and `cursor` query parameters.
#[derive(Debug, Default, Deserialize)]
pub struct PageParams {
    #[serde(default, deserialize_with = "model::num::opt_u64")]
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

impl PageParams {
    /// The offset the cursor points at (0 without one).
    pub fn offset(&self) -> Result<usize> {
        let Some(cursor) = &self.cursor else { return Ok(0) };
        URL_SAFE_NO_PAD
            .decode(cursor)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .and_then(|s| s.strip_prefix("o:").and_then(|n| n.parse().ok()))
            .ok_or_else(|| ApiError::validation(format!("Invalid cursor \"{cursor}\".")))
    }

    /// Takes this page out of `items`, and the cursor of the next page when there is one.
    pub fn page<T>(&self, items: Vec<T>, default_limit: u64) -> Result<(Vec<T>, Option<String>)> {
        let limit = self.limit.unwrap_or(default_limit);
        if limit == 0 {
            return Err(ApiError::validation("\"limit\" must be at least 1."));
        }
        let offset = self.offset()?;
        let total = items.len();
        let page: Vec<T> = items.into_iter().skip(offset).take(limit as usize).collect();
        let end = offset + page.len();
        Ok((page, (end < total).then(|| encode(end))))
    }
}

fn encode(offset: usize) -> String {
    URL_SAFE_NO_PAD.encode(format!("o:{offset}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_through_items() {
        let items: Vec<u32> = (0..5).collect();
        let first = PageParams { limit: Some(2), cursor: None };
        let (page, next) = first.page(items.clone(), 500).unwrap();
        assert_eq!(page, [0, 1]);
        let last = PageParams { limit: Some(3), cursor: next };
        let (page, next) = last.page(items, 500).unwrap();
        assert_eq!(page, [2, 3, 4]);
        assert_eq!(next, None);
    }

    #[test]
    fn refuses_forged_cursors() {
        let bad = PageParams { limit: None, cursor: Some("not-a-cursor".into()) };
        assert!(bad.offset().is_err());
    }
}
