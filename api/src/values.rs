//! Attribute values: parsing every write form Attio accepts into one normalised value per
//! type, and rendering stored values in Attio's read shape.

use crate::catalog::{AttributeDef, ObjectSchema};
use crate::error::{ApiError, Result};
use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, Utc};
use model::AttributeType;
use serde_json::{json, Map, Value};

/// A parsed value, before it is stamped with who wrote it and when.
#[derive(Clone, Debug, PartialEq)]
pub struct NewValue {
    /// The type-specific fields of the read shape (status and select hold the choice id).
    pub fields: Map<String, Value>,
    /// The primary property as text: what filters, sorts and uniqueness compare.
    pub key: Option<String>,
    /// The primary property as a number, for numeric types.
    pub num: Option<f64>,
}

impl NewValue {
    fn text(field: &str, value: String) -> Self {
        let mut fields = Map::new();
        fields.insert(field.into(), Value::String(value.clone()));
        Self { fields, key: Some(value), num: None }
    }

    fn with_fields(fields: Map<String, Value>, key: Option<String>) -> Self {
        Self { fields, key, num: None }
    }

    /// The stored form: Attio's read shape of this write, so that reads only rename keys and
    /// expand status and select ids.
    pub fn stamp(&self, attribute: &AttributeDef, active_from: &str, actor: &Value) -> Value {
        let mut m = self.fields.clone();
        m.insert("active_from".into(), Value::String(active_from.into()));
        m.insert("active_until".into(), Value::Null);
        m.insert("created_by_actor".into(), actor.clone());
        m.insert("attribute_type".into(), Value::String(attribute.kind.as_str().into()));
        Value::Object(m)
    }
}

/// Keys every stored value carries besides its type's fields.
const ENVELOPE: [&str; 4] = ["active_from", "active_until", "created_by_actor", "attribute_type"];

/// Values whose fields are equal are the same value: rewriting one keeps its history.
pub fn same_fields(stored: &Value, new: &NewValue) -> bool {
    let Some(stored) = stored.as_object() else {
        return false;
    };
    new.fields.iter().all(|(k, v)| stored.get(k) == Some(v))
        && stored.keys().filter(|k| !ENVELOPE.contains(&k.as_str())).count() == new.fields.len()
}

/// Two stored values hold the same value, whoever wrote them and whenever.
pub fn same_stored(a: &Value, b: &Value) -> bool {
    let fields = |v: &Value| -> Option<Map<String, Value>> {
        Some(
            v.as_object()?
                .iter()
                .filter(|(k, _)| !ENVELOPE.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        )
    };
    fields(a).is_some() && fields(a) == fields(b)
}

/// Reads the primary key back from a stored value (for multi-value bookkeeping).
pub fn stored_key(attribute: &AttributeDef, stored: &Value) -> Option<String> {
    let field = primary_field(attribute.kind);
    match stored.get(field)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The property filters and sorts use when none is named.
pub fn primary_field(t: AttributeType) -> &'static str {
    match t {
        AttributeType::Currency => "currency_value",
        AttributeType::Status => "status",
        AttributeType::Select => "option",
        AttributeType::RecordReference => "target_record_id",
        AttributeType::ActorReference => "referenced_actor_id",
        AttributeType::Location => "locality",
        AttributeType::Domain => "domain",
        AttributeType::EmailAddress => "email_address",
        AttributeType::PhoneNumber => "phone_number",
        AttributeType::Interaction => "interacted_at",
        AttributeType::PersonalName => "full_name",
        _ => "value",
    }
}

/// Properties a filter may name, per type.
pub fn properties(t: AttributeType) -> &'static [&'static str] {
    match t {
        AttributeType::Currency => &["currency_value", "currency_code"],
        AttributeType::Status => &["status", "title", "id", "status_id"],
        AttributeType::Select => &["option", "title", "id", "option_id"],
        AttributeType::RecordReference => &["target_record_id", "target_object"],
        AttributeType::ActorReference => &["referenced_actor_id", "referenced_actor_type"],
        AttributeType::Location => &[
            "locality",
            "line_1",
            "line_2",
            "line_3",
            "line_4",
            "region",
            "postcode",
            "country_code",
            "latitude",
            "longitude",
        ],
        AttributeType::Domain => &["domain", "root_domain"],
        AttributeType::EmailAddress => {
            &["email_address", "original_email_address", "email_domain", "email_root_domain", "email_local_specifier"]
        }
        AttributeType::PhoneNumber => &["phone_number", "original_phone_number", "country_code"],
        AttributeType::Interaction => &["interacted_at", "interaction_type", "owner_actor"],
        AttributeType::PersonalName => &["full_name", "first_name", "last_name"],
        _ => &["value"],
    }
}

fn type_error(attribute: &AttributeDef, expected: &str) -> ApiError {
    ApiError::validation(format!(
        "Invalid value for attribute \"{}\" of type \"{}\": expected {expected}.",
        attribute.api_slug, attribute.kind
    ))
}

/// `{"<field>": x}` -> x, or the bare value itself.
fn unwrap_field<'v>(raw: &'v Value, field: &str) -> &'v Value {
    match raw {
        Value::Object(m) if m.contains_key(field) => &m[field],
        other => other,
    }
}

/// Parses the type-independent part of a write: everything that needs no database lookup.
/// Status, select, record-reference and actor-reference are resolved by the caller, which
/// knows the catalog and the records.
pub fn parse(attribute: &AttributeDef, schema: &ObjectSchema, raw: &Value) -> Result<NewValue> {
    use AttributeType as T;
    match attribute.kind {
        T::Text => match unwrap_field(raw, "value") {
            Value::String(s) => Ok(NewValue::text("value", s.clone())),
            _ => Err(type_error(attribute, "a string")),
        },
        T::Number => {
            let n = number(unwrap_field(raw, "value")).ok_or_else(|| type_error(attribute, "a number"))?;
            Ok(num_value("value", n))
        }
        T::Rating => {
            let n = number(unwrap_field(raw, "value")).ok_or_else(|| type_error(attribute, "a number"))?;
            if n.fract() != 0.0 || !(0.0..=5.0).contains(&n) {
                return Err(type_error(attribute, "a whole number from 0 to 5"));
            }
            Ok(num_value("value", n))
        }
        T::Checkbox => {
            let b = match unwrap_field(raw, "value") {
                Value::Bool(b) => *b,
                Value::String(s) if s == "true" => true,
                Value::String(s) if s == "false" => false,
                _ => return Err(type_error(attribute, "true or false")),
            };
            let mut fields = Map::new();
            fields.insert("value".into(), Value::Bool(b));
            Ok(NewValue { fields, key: Some(b.to_string()), num: Some(if b { 1.0 } else { 0.0 }) })
        }
        T::Currency => {
            let n = number(unwrap_field(raw, "currency_value"))
                .ok_or_else(|| type_error(attribute, "a number or {\"currency_value\": number}"))?;
            let scaled = n * 10_000.0;
            // Distance to the nearest integer: 0.29 * 10^4 is 2899.9999999999995 in binary.
            if (scaled - scaled.round()).abs() > 1e-6 * scaled.abs().max(1.0) {
                return Err(type_error(attribute, "at most 4 decimal places"));
            }
            let code = match raw.get("currency_code") {
                Some(Value::String(c)) => {
                    currency_code(c).ok_or_else(|| type_error(attribute, "an ISO 4217 currency code"))?
                }
                Some(Value::Null) | None => {
                    attribute.config.wire.currency.default_currency_code.clone().unwrap_or_else(|| "USD".into())
                }
                Some(_) => return Err(type_error(attribute, "an ISO 4217 currency code")),
            };
            let mut v = num_value("currency_value", n);
            v.fields.insert("currency_code".into(), Value::String(code));
            Ok(v)
        }
        T::Date => {
            let s = unwrap_field(raw, "value").as_str().ok_or_else(|| type_error(attribute, "a date string"))?;
            let d = parse_date(s).ok_or_else(|| type_error(attribute, "a date such as 2024-05-17"))?;
            Ok(NewValue::text("value", d.format("%Y-%m-%d").to_string()))
        }
        T::Timestamp => {
            let s =
                unwrap_field(raw, "value").as_str().ok_or_else(|| type_error(attribute, "an ISO 8601 timestamp"))?;
            let t = parse_timestamp(s).ok_or_else(|| type_error(attribute, "an ISO 8601 timestamp"))?;
            Ok(NewValue::text("value", t.to_rfc3339_opts(SecondsFormat::Nanos, true)))
        }
        T::Status | T::Select => {
            let field = if attribute.kind == T::Status { "status" } else { "option" };
            let wanted = match unwrap_field(raw, field) {
                Value::String(s) => s.as_str(),
                _ => return Err(type_error(attribute, "a title or id")),
            };
            let choice = schema.find_choice(attribute, wanted).filter(|c| !c.is_archived).ok_or_else(|| {
                ApiError::value_not_found(format!(
                    "Cannot find {} \"{wanted}\" for attribute \"{}\".",
                    if attribute.kind == T::Status { "status" } else { "select option" },
                    attribute.api_slug
                ))
            })?;
            Ok(NewValue::text(field, choice.id.to_string()))
        }
        T::RecordReference => {
            let m = raw
                .as_object()
                .ok_or_else(|| type_error(attribute, "{\"target_object\": slug, \"target_record_id\": uuid}"))?;
            let mut fields = Map::new();
            for (k, v) in m {
                fields.insert(k.clone(), v.clone());
            }
            // Resolved against the target object by the record writer.
            Ok(NewValue::with_fields(fields, None))
        }
        T::ActorReference => match raw {
            Value::String(email) => {
                let mut fields = Map::new();
                fields.insert("workspace_member_email_address".into(), Value::String(email.clone()));
                Ok(NewValue::with_fields(fields, None))
            }
            Value::Object(m) => Ok(NewValue::with_fields(m.clone(), None)),
            _ => Err(type_error(attribute, "an actor reference")),
        },
        T::Location => parse_location(attribute, raw),
        T::Domain => {
            let s = unwrap_field(raw, "domain").as_str().ok_or_else(|| type_error(attribute, "a domain"))?;
            let domain = normalise_domain(s).ok_or_else(|| type_error(attribute, "a domain such as example.com"))?;
            let root = root_domain(&domain);
            let mut fields = Map::new();
            fields.insert("domain".into(), json!(domain));
            fields.insert("root_domain".into(), json!(root));
            Ok(NewValue::with_fields(fields, Some(domain)))
        }
        T::EmailAddress => {
            let s =
                unwrap_field(raw, "email_address").as_str().ok_or_else(|| type_error(attribute, "an email address"))?;
            parse_email(s).ok_or_else(|| type_error(attribute, "a valid email address"))
        }
        T::PhoneNumber => parse_phone(attribute, raw),
        T::Interaction => {
            let m = raw.as_object().ok_or_else(|| type_error(attribute, "an interaction object"))?;
            let kind = m.get("interaction_type").and_then(Value::as_str).unwrap_or("");
            const KINDS: [&str; 6] = ["calendar-event", "call", "chat-thread", "email", "in-person-meeting", "meeting"];
            if !KINDS.contains(&kind) {
                return Err(type_error(
                    attribute,
                    "an interaction_type of calendar-event, call, chat-thread, email, in-person-meeting or meeting",
                ));
            }
            let at = m
                .get("interacted_at")
                .and_then(Value::as_str)
                .and_then(parse_timestamp)
                .ok_or_else(|| type_error(attribute, "an interacted_at timestamp"))?
                .to_rfc3339_opts(SecondsFormat::Nanos, true);
            let mut fields = Map::new();
            fields.insert("interaction_type".into(), json!(kind));
            fields.insert("interacted_at".into(), json!(at));
            fields.insert("owner_actor".into(), m.get("owner_actor").cloned().unwrap_or(Value::Null));
            Ok(NewValue::with_fields(fields, Some(at)))
        }
        T::PersonalName => {
            let (first, last, full) = match raw {
                Value::String(s) => {
                    let s = s.trim();
                    let (first, last) = s.split_once(' ').unwrap_or((s, ""));
                    (first.to_owned(), last.trim().to_owned(), s.to_owned())
                }
                Value::Object(m) => {
                    let get = |k: &str| -> Result<String> {
                        match m.get(k) {
                            None | Some(Value::Null) => Ok(String::new()),
                            Some(Value::String(s)) => Ok(s.trim().to_owned()),
                            Some(_) => Err(type_error(attribute, "strings for first_name, last_name and full_name")),
                        }
                    };
                    let (first, last, full) = (get("first_name")?, get("last_name")?, get("full_name")?);
                    let full = if full.is_empty() { format!("{first} {last}").trim().to_owned() } else { full };
                    (first, last, full)
                }
                _ => return Err(type_error(attribute, "a name string or {first_name, last_name, full_name}")),
            };
            if full.is_empty() {
                return Err(type_error(attribute, "a non-empty name"));
            }
            let mut fields = Map::new();
            fields.insert("first_name".into(), json!(first));
            fields.insert("last_name".into(), json!(last));
            fields.insert("full_name".into(), json!(full));
            Ok(NewValue::with_fields(fields, Some(full)))
        }
    }
}

fn num_value(field: &str, n: f64) -> NewValue {
    let mut fields = Map::new();
    fields.insert(field.into(), json!(n));
    NewValue { fields, key: Some(n.to_string()), num: Some(n) }
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64().filter(|f| f.is_finite()),
        Value::String(s) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
        _ => None,
    }
}

fn currency_code(c: &str) -> Option<String> {
    let c = c.trim().to_ascii_uppercase();
    (c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase())).then_some(c)
}

/// Attio coerces dates: "2023" -> 2023-01-01, "2023-05" -> 2023-05-01, timestamps are
/// converted to UTC and trimmed.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let d = if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        d
    } else if let Some(t) = parse_timestamp(s).filter(|_| s.len() > 10) {
        t.date_naive()
    } else if s.len() == 7 {
        NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d").ok()?
    } else if s.len() == 4 {
        NaiveDate::parse_from_str(&format!("{s}-01-01"), "%Y-%m-%d").ok()?
    } else {
        return None;
    };
    (d <= NaiveDate::from_ymd_opt(9999, 12, 31)?).then_some(d)
}

pub fn parse_timestamp(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    for f in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Some(t.and_utc());
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(0, 0, 0)).map(|t| t.and_utc())
}

fn parse_location(attribute: &AttributeDef, raw: &Value) -> Result<NewValue> {
    let m = raw.as_object().ok_or_else(|| type_error(attribute, "a location object"))?;
    let mut fields = Map::new();
    for k in [
        "line_1",
        "line_2",
        "line_3",
        "line_4",
        "locality",
        "region",
        "postcode",
        "country_code",
        "latitude",
        "longitude",
    ] {
        let v = match m.get(k) {
            None | Some(Value::Null) => Value::Null,
            Some(Value::String(s)) => Value::String(s.clone()),
            Some(Value::Number(n)) if k == "latitude" || k == "longitude" => Value::String(n.to_string()),
            Some(_) => return Err(type_error(attribute, "strings or null for location fields")),
        };
        fields.insert(k.into(), v);
    }
    if let Some(Value::String(c)) = fields.get("country_code") {
        if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(type_error(attribute, "a two-letter ISO 3166 country_code"));
        }
        let upper = c.to_ascii_uppercase();
        fields.insert("country_code".into(), Value::String(upper));
    }
    for (k, max) in [("latitude", 90.0), ("longitude", 180.0)] {
        if let Some(Value::String(s)) = fields.get(k) {
            match s.parse::<f64>() {
                Ok(x) if x.abs() <= max => {}
                _ => return Err(type_error(attribute, &format!("a {k} between -{max} and {max}"))),
            }
        }
    }
    let key = fields.get("locality").and_then(Value::as_str).map(str::to_owned);
    Ok(NewValue::with_fields(fields, key))
}

/// Lower-cases and strips scheme, path and `www.`.
fn normalise_domain(s: &str) -> Option<String> {
    let s = s.trim().to_ascii_lowercase();
    let s = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://")).unwrap_or(&s);
    let s = s.split(['/', '?', '#']).next()?.trim_end_matches('.');
    let s = s.strip_prefix("www.").unwrap_or(s);
    let valid = s.contains('.')
        && !s.starts_with('.')
        && s.split('.').all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
    valid.then(|| s.to_owned())
}

/// The registrable domain ("app.example.co.uk" -> "example.co.uk"), by the public suffix list.
fn root_domain(domain: &str) -> String {
    psl::domain_str(domain).unwrap_or(domain).to_owned()
}

fn parse_email(s: &str) -> Option<NewValue> {
    let original = s.trim();
    let (local, domain) = original.rsplit_once('@')?;
    let domain = normalise_domain(domain)?;
    if local.is_empty() || local.contains(char::is_whitespace) {
        return None;
    }
    let email = format!("{}@{domain}", local.to_lowercase());
    let specifier = local.split('+').next().unwrap_or(local).to_lowercase();
    let mut fields = Map::new();
    fields.insert("original_email_address".into(), json!(original));
    fields.insert("email_address".into(), json!(email));
    fields.insert("email_domain".into(), json!(domain));
    fields.insert("email_root_domain".into(), json!(root_domain(&domain)));
    fields.insert("email_local_specifier".into(), json!(specifier));
    Some(NewValue::with_fields(fields, Some(email)))
}

fn parse_phone(attribute: &AttributeDef, raw: &Value) -> Result<NewValue> {
    let original = unwrap_field(raw, "original_phone_number")
        .as_str()
        .ok_or_else(|| type_error(attribute, "a phone number string or {original_phone_number, country_code}"))?;
    let region = match raw.get("country_code") {
        Some(Value::String(c)) => Some(
            c.to_ascii_uppercase()
                .parse::<phonenumber::country::Id>()
                .map_err(|_| type_error(attribute, "a two-letter ISO 3166 country_code"))?,
        ),
        _ => None,
    };
    let parsed = phonenumber::parse(region, original)
        .ok()
        .filter(phonenumber::is_valid)
        .ok_or_else(|| type_error(attribute, "a valid phone number (E.164, or with a country_code)"))?;
    let e164 = parsed.format().mode(phonenumber::Mode::E164).to_string();
    let country = parsed.country().id().map(|id| id.as_ref().to_owned());
    let mut fields = Map::new();
    fields.insert("original_phone_number".into(), json!(original));
    fields.insert("country_code".into(), json!(country));
    fields.insert("phone_number".into(), json!(e164));
    Ok(NewValue::with_fields(fields, Some(e164)))
}

/// A stored value in Attio's read shape. Status and select values are expanded to the full
/// choice object from the catalog, so a renamed status reads with its new title.
pub fn read_shape(attribute: &AttributeDef, schema: &ObjectSchema, mut stored: Value) -> Value {
    if let Some(m) = stored.as_object_mut() {
        let field = match attribute.kind {
            AttributeType::Status => "status",
            AttributeType::Select => "option",
            _ => return stored,
        };
        if let Some(Value::String(id)) = m.get(field) {
            let choice = choice_json(schema, id);
            m.insert(field.into(), choice);
        }
    }
    stored
}

fn choice_json(schema: &ObjectSchema, id: &str) -> Value {
    uuid::Uuid::parse_str(id)
        .ok()
        .and_then(|id| schema.choice_json.get(&id))
        .and_then(|raw| serde_json::from_str(raw.get()).ok())
        .unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_coerced() {
        assert_eq!(parse_date("2023").unwrap().to_string(), "2023-01-01");
        assert_eq!(parse_date("2023-05").unwrap().to_string(), "2023-05-01");
        assert_eq!(parse_date("2023-05-17T23:30:00-02:00").unwrap().to_string(), "2023-05-18");
        assert!(parse_date("yesterday").is_none());
    }

    #[test]
    fn currency_accepts_up_to_four_decimals() {
        use crate::catalog::{AttributeDef, ObjectDef, ObjectSchema, StoredConfig};
        use model::ids::*;
        let object = ObjectDef {
            id: ObjectId::new(),
            workspace_id: WorkspaceId::new(),
            api_slug: "deals".into(),
            singular_noun: "Deal".into(),
            plural_noun: "Deals".into(),
            table_name: "t".into(),
            created_at: chrono::Utc::now(),
            kind: crate::catalog::ContainerKind::Object,
        };
        let attr = AttributeDef {
            parent_kind: crate::catalog::ContainerKind::Object,
            id: AttributeId::new(),
            workspace_id: object.workspace_id,
            parent_id: object.id.0,
            api_slug: "amount".into(),
            title: "Amount".into(),
            description: None,
            kind: AttributeType::Currency,
            is_system: false,
            is_writable: true,
            is_required: false,
            is_unique: false,
            is_multiselect: false,
            is_archived: false,
            default_value: None,
            config: StoredConfig::default(),
            column: None,
            created_at: chrono::Utc::now(),
        };
        let schema = ObjectSchema {
            object,
            attributes: vec![attr.clone()],
            statuses: vec![],
            options: vec![],
            choice_json: Default::default(),
        };
        for ok in [0.29, 1234.56, 199999.99, 1.2345, 0.0001] {
            let v = parse(&attr, &schema, &json!(ok)).unwrap();
            assert_eq!(v.fields["currency_code"], "USD");
        }
        assert!(parse(&attr, &schema, &json!(1.23456)).is_err());
        assert!(parse(&attr, &schema, &json!("lots")).is_err());
    }

    #[test]
    fn domains_are_normalised() {
        assert_eq!(normalise_domain("https://www.Example.com/about").as_deref(), Some("example.com"));
        assert_eq!(root_domain("app.example.co.uk"), "example.co.uk");
        assert!(normalise_domain("not a domain").is_none());
    }

    #[test]
    fn emails_split_into_parts() {
        let v = parse_email("Ada+crm@Analytical.Engine.io").unwrap();
        assert_eq!(v.fields["email_address"], "ada+crm@analytical.engine.io");
        assert_eq!(v.fields["email_domain"], "analytical.engine.io");
        assert_eq!(v.fields["email_root_domain"], "engine.io");
        assert_eq!(v.fields["email_local_specifier"], "ada");
        assert!(parse_email("nobody").is_none());
    }
}
