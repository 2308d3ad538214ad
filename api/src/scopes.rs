//! Token scopes, Attio's names: `<area>:read` or `<area>:read-write` (which implies read).

use crate::error::{ApiError, Result};
use std::collections::BTreeMap;

/// Attio's whole vocabulary, so that keys made for Attio carry over; the areas of features
/// this server does not have (files, e-mails, activities, sequences) are accepted and grant
/// nothing.
pub const AREAS: [&str; 18] = [
    "user_management",
    "record_permission",
    "object_configuration",
    "list_entry",
    "list_configuration",
    "public_collection",
    "private_collection",
    "comment",
    "task",
    "note",
    "meeting",
    "call_recording",
    "webhook",
    "file",
    "email",
    "activity_configuration",
    "activity_record",
    "sequence_unsubscribe",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Access {
    Read,
    ReadWrite,
}

/// A parsed, valid set of scopes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scopes(BTreeMap<&'static str, Access>);

impl Scopes {
    pub fn all() -> Self {
        Self(AREAS.iter().map(|a| (*a, Access::ReadWrite)).collect())
    }

    /// Parses scope names such as `record_permission:read-write`.
    pub fn parse<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<Self> {
        let mut map = BTreeMap::new();
        for name in names {
            let (area, access) =
                name.split_once(':').ok_or_else(|| ApiError::validation(format!("Invalid scope {name:?}.")))?;
            let area = AREAS
                .iter()
                .find(|a| **a == area)
                .ok_or_else(|| ApiError::validation(format!("Unknown scope {name:?}.")))?;
            let access = match access {
                "read" => Access::Read,
                "read-write" => Access::ReadWrite,
                _ => return Err(ApiError::validation(format!("Invalid scope {name:?}."))),
            };
            let entry = map.entry(*area).or_insert(access);
            *entry = (*entry).max(access);
        }
        Ok(Self(map))
    }

    pub fn allows(&self, area: &str, access: Access) -> bool {
        self.0.get(area).is_some_and(|granted| *granted >= access)
    }

    /// Space-separated, as stored and as `/v2/self` reports it.
    pub fn to_string_list(&self) -> String {
        self.0
            .iter()
            .map(|(area, access)| match access {
                Access::Read => format!("{area}:read"),
                Access::ReadWrite => format!("{area}:read-write"),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_write_implies_read() {
        let s = Scopes::parse(["record_permission:read-write", "note:read"]).unwrap();
        assert!(s.allows("record_permission", Access::Read));
        assert!(s.allows("record_permission", Access::ReadWrite));
        assert!(s.allows("note", Access::Read));
        assert!(!s.allows("note", Access::ReadWrite));
        assert!(!s.allows("task", Access::Read));
    }

    #[test]
    fn accepts_attios_current_vocabulary() {
        let s = Scopes::parse(["file:read", "email:read-write", "activity_record:read", "sequence_unsubscribe:read"]);
        assert!(s.unwrap().allows("email", Access::ReadWrite));
    }

    #[test]
    fn rejects_unknown_scopes() {
        assert!(Scopes::parse(["records:read"]).is_err());
        assert!(Scopes::parse(["note:write"]).is_err());
    }

    #[test]
    fn round_trips_through_text() {
        let s = Scopes::all();
        let text = s.to_string_list();
        assert_eq!(Scopes::parse(text.split(' ')).unwrap(), s);
    }
}
