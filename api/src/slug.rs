//! `Slug`: an api_slug that parsed. Lower-case letters, digits and underscores, starting with
//! a letter, at most 64 characters.

use crate::error::{ApiError, Result};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slug(String);

impl Slug {
    pub fn parse(s: &str) -> Result<Self> {
        let ok = !s.is_empty()
            && s.len() <= 64
            && s.starts_with(|c: char| c.is_ascii_lowercase())
            && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if ok {
            Ok(Self(s.to_owned()))
        } else {
            Err(ApiError::validation(format!(
                "Invalid api_slug \"{s}\": use lower-case letters, digits and underscores, starting with a letter (at most 64)."
            )))
        }
    }

    /// A slug derived from a title: "Close date" -> "close_date".
    pub fn from_title(title: &str) -> Result<Self> {
        let mut s = String::new();
        for c in title.trim().chars() {
            if c.is_ascii_alphanumeric() {
                s.push(c.to_ascii_lowercase());
            } else if !s.ends_with('_') && !s.is_empty() {
                s.push('_');
            }
        }
        Self::parse(s.trim_end_matches('_'))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_attio_style_slugs() {
        assert!(Slug::parse("deals").is_ok());
        assert!(Slug::parse("close_date_2").is_ok());
        assert!(Slug::parse("Deals").is_err());
        assert!(Slug::parse("2deals").is_err());
        assert!(Slug::parse("").is_err());
        assert!(Slug::parse("a-b").is_err());
    }

    #[test]
    fn derives_from_titles() {
        assert_eq!(Slug::from_title("Close date").unwrap().as_str(), "close_date");
        assert_eq!(Slug::from_title("  ARR (USD) ").unwrap().as_str(), "arr_usd");
    }
}
