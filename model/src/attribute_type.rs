//! The 17 attribute types of Attio's data model.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AttributeType {
    Text,
    Number,
    Checkbox,
    Currency,
    Date,
    Timestamp,
    Rating,
    Status,
    Select,
    RecordReference,
    ActorReference,
    Location,
    Domain,
    EmailAddress,
    PhoneNumber,
    Interaction,
    PersonalName,
}

impl AttributeType {
    pub const ALL: [AttributeType; 17] = [
        Self::Text,
        Self::Number,
        Self::Checkbox,
        Self::Currency,
        Self::Date,
        Self::Timestamp,
        Self::Rating,
        Self::Status,
        Self::Select,
        Self::RecordReference,
        Self::ActorReference,
        Self::Location,
        Self::Domain,
        Self::EmailAddress,
        Self::PhoneNumber,
        Self::Interaction,
        Self::PersonalName,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Number => "number",
            Self::Checkbox => "checkbox",
            Self::Currency => "currency",
            Self::Date => "date",
            Self::Timestamp => "timestamp",
            Self::Rating => "rating",
            Self::Status => "status",
            Self::Select => "select",
            Self::RecordReference => "record-reference",
            Self::ActorReference => "actor-reference",
            Self::Location => "location",
            Self::Domain => "domain",
            Self::EmailAddress => "email-address",
            Self::PhoneNumber => "phone-number",
            Self::Interaction => "interaction",
            Self::PersonalName => "personal-name",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

impl fmt::Display for AttributeType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_serde() {
        for t in AttributeType::ALL {
            let json = serde_json::to_string(&t).unwrap();
            assert_eq!(json, format!("\"{}\"", t.as_str()));
            assert_eq!(AttributeType::parse(t.as_str()), Some(t));
        }
    }
}
