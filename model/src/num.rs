//! Integers in request bodies and query strings. Clients generated from Attio's current
//! document send integers as JSON numbers that may carry a fraction part (`5.0`); an integral
//! value is accepted in any of those forms, a real fraction (`5.5`) is refused.

use serde::de::{self, Deserializer, Visitor};
use std::fmt;

struct Integral;

impl Visitor<'_> for Integral {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a non-negative integer")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<u64, E> {
        Ok(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<u64, E> {
        u64::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<u64, E> {
        if v.fract() == 0.0 && (0.0..=u64::MAX as f64).contains(&v) {
            Ok(v as u64)
        } else {
            Err(E::invalid_value(de::Unexpected::Float(v), &self))
        }
    }

    // Query strings arrive as text.
    fn visit_str<E: de::Error>(self, v: &str) -> Result<u64, E> {
        match v.trim().parse::<u64>() {
            Ok(n) => Ok(n),
            Err(_) => match v.trim().parse::<f64>() {
                Ok(f) if f.is_finite() => self.visit_f64(f),
                _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
            },
        }
    }
}

/// `#[serde(default, deserialize_with = "model::num::opt_u64")]` on an `Option<u64>`.
pub fn opt_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    struct Optional;
    impl<'de> Visitor<'de> for Optional {
        type Value = Option<u64>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a non-negative integer or null")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(Integral).map(Some)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Integral.visit_u64(v).map(Some)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Integral.visit_i64(v).map(Some)
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Integral.visit_f64(v).map(Some)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Integral.visit_str(v).map(Some)
        }
    }
    d.deserialize_option(Optional)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Page {
        #[serde(default, deserialize_with = "super::opt_u64")]
        limit: Option<u64>,
    }

    fn limit(json: &str) -> Result<Option<u64>, serde_json::Error> {
        serde_json::from_str::<Page>(json).map(|p| p.limit)
    }

    #[test]
    fn integral_numbers_in_any_form() {
        assert_eq!(limit(r#"{"limit": 5}"#).unwrap(), Some(5));
        assert_eq!(limit(r#"{"limit": 5.0}"#).unwrap(), Some(5));
        assert_eq!(limit(r#"{"limit": 5e1}"#).unwrap(), Some(50));
        assert_eq!(limit(r#"{"limit": null}"#).unwrap(), None);
        assert_eq!(limit("{}").unwrap(), None);
    }

    #[test]
    fn fractions_and_negatives_are_refused() {
        assert!(limit(r#"{"limit": 5.5}"#).is_err());
        assert!(limit(r#"{"limit": -1}"#).is_err());
        assert!(limit(r#"{"limit": "5"}"#).is_ok(), "text is read as a number (query strings)");
        assert!(limit(r#"{"limit": "five"}"#).is_err());
    }
}
