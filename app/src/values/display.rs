//! Renders an attribute's values (Attio's read shape) as a table cell.
//!
//! Formatting is split from markup: `pieces` turns values into plain display pieces so the
//! rules can be unit-tested without a DOM. Everything here is deterministic (UTC, fixed
//! palette) because the server and the browser must render the same HTML for hydration.

use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use model::AttributeType;
use serde_json::Value;
use std::collections::HashMap;

/// The workspace's objects' singular nouns by slug (`companies` -> `Company`), to label
/// references to their records.
pub type ObjectNouns = HashMap<String, String>;

/// Referenced records' names by record id, to show references by name.
pub type RecordNames = HashMap<String, String>;

/// One displayable part of a cell; a multi-valued attribute yields several.
#[derive(Clone, Debug, PartialEq)]
pub enum Piece {
    Text(String),
    /// A coloured label (status, select option, reference); `tone` is a Tailwind class list.
    Pill {
        label: String,
        tone: &'static str,
    },
    Link {
        label: String,
        href: String,
    },
    /// Another record: its object (slug and singular noun), and its name when it has one.
    Reference {
        object: String,
        noun: String,
        name: Option<String>,
        record_id: String,
    },
    Check(bool),
}

impl Piece {
    /// The piece as plain text, for the cell's tooltip.
    /// What the piece says as a row's name: a reference by its name alone.
    pub fn label(&self) -> Option<String> {
        match self {
            Self::Reference { name: Some(name), .. } => Some(name.clone()),
            other => other.tooltip(),
        }
    }

    pub fn tooltip(&self) -> Option<String> {
        match self {
            Self::Text(text) => Some(text.clone()),
            Self::Pill { label, .. } | Self::Link { label, .. } => Some(label.clone()),
            Self::Reference { noun, name: Some(name), .. } => Some(format!("{noun}: {name}")),
            Self::Reference { noun, name: None, record_id, .. } => Some(format!("{noun} ({record_id})")),
            Self::Check(_) => None,
        }
    }
}

/// Pill colours. Written out in full so Tailwind's scanner finds every class.
const TONES: [&str; 8] = [
    "bg-sky-50 text-sky-700 ring-sky-600/20 dark:bg-sky-400/10 dark:text-sky-300 dark:ring-sky-400/25",
    "bg-violet-50 text-violet-700 ring-violet-600/20 dark:bg-violet-400/10 dark:text-violet-300 dark:ring-violet-400/25",
    "bg-amber-50 text-amber-800 ring-amber-600/20 dark:bg-amber-400/10 dark:text-amber-300 dark:ring-amber-400/25",
    "bg-teal-50 text-teal-700 ring-teal-600/20 dark:bg-teal-400/10 dark:text-teal-300 dark:ring-teal-400/25",
    "bg-pink-50 text-pink-700 ring-pink-600/20 dark:bg-pink-400/10 dark:text-pink-300 dark:ring-pink-400/25",
    "bg-indigo-50 text-indigo-700 ring-indigo-600/20 dark:bg-indigo-400/10 dark:text-indigo-300 dark:ring-indigo-400/25",
    "bg-lime-50 text-lime-800 ring-lime-600/20 dark:bg-lime-400/10 dark:text-lime-300 dark:ring-lime-400/25",
    "bg-orange-50 text-orange-800 ring-orange-600/20 dark:bg-orange-400/10 dark:text-orange-300 dark:ring-orange-400/25",
];
const POSITIVE: &str =
    "bg-emerald-50 text-emerald-700 ring-emerald-600/20 dark:bg-emerald-400/10 dark:text-emerald-300 dark:ring-emerald-400/25";
const NEGATIVE: &str =
    "bg-rose-50 text-rose-700 ring-rose-600/20 dark:bg-rose-400/10 dark:text-rose-300 dark:ring-rose-400/25";

/// A stable colour for a label: outcome words get their usual colours, anything else a
/// palette entry chosen by hash so a label keeps its colour across pages and reloads.
pub fn tone_for(label: &str) -> &'static str {
    match label.trim().to_ascii_lowercase().as_str() {
        "won" | "done" | "completed" | "closed won" | "active" | "yes" => POSITIVE,
        "lost" | "closed lost" | "churned" | "cancelled" | "canceled" | "no" => NEGATIVE,
        _ => TONES[stable_hash(label) as usize % TONES.len()],
    }
}

/// FNV-1a: tiny, and the same on every platform (unlike std's hasher), so a colour picked
/// from it is the same on the server and in the browser.
pub fn stable_hash(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

pub fn pieces(kind: AttributeType, values: &[Value], nouns: &ObjectNouns, names: &RecordNames) -> Vec<Piece> {
    values.iter().filter_map(|v| piece(kind, v, nouns, names)).collect()
}

/// Numbers line up on the right so their digits compare at a glance.
/// A type's name and glyph, as the settings list attributes.
pub fn type_label(kind: AttributeType) -> (&'static str, &'static str) {
    match kind {
        AttributeType::Text => ("Text", "Aa"),
        AttributeType::Number => ("Number", "#"),
        AttributeType::Checkbox => ("Checkbox", "✓"),
        AttributeType::Currency => ("Currency", "¤"),
        AttributeType::Date => ("Date", "▦"),
        AttributeType::Timestamp => ("Timestamp", "◷"),
        AttributeType::Rating => ("Rating", "★"),
        AttributeType::Status => ("Status", "◐"),
        AttributeType::Select => ("Select", "▾"),
        AttributeType::RecordReference => ("Record", "↗"),
        AttributeType::ActorReference => ("Member", "☺"),
        AttributeType::Location => ("Location", "⌖"),
        AttributeType::Domain => ("Domain", "⌂"),
        AttributeType::EmailAddress => ("Email address", "@"),
        AttributeType::PhoneNumber => ("Phone number", "☏"),
        AttributeType::Interaction => ("Interaction", "⇄"),
        AttributeType::PersonalName => ("Personal name", "Ꭺ"),
    }
}

pub fn is_numeric(kind: AttributeType) -> bool {
    matches!(kind, AttributeType::Number | AttributeType::Currency)
}

fn piece(kind: AttributeType, v: &Value, nouns: &ObjectNouns, names: &RecordNames) -> Option<Piece> {
    let text = |key: &str| str_field(v, key).map(|s| Piece::Text(s.to_string()));
    match kind {
        AttributeType::Text => text("value"),
        AttributeType::Number => v.get("value").and_then(format_number).map(Piece::Text),
        AttributeType::Checkbox => v.get("value").and_then(Value::as_bool).map(Piece::Check),
        AttributeType::Currency => {
            let amount = v.get("currency_value").and_then(Value::as_f64)?;
            Some(Piece::Text(format_currency(amount, str_field(v, "currency_code"))))
        }
        AttributeType::Date => str_field(v, "value").map(|s| Piece::Text(format_date(s))),
        AttributeType::Timestamp => str_field(v, "value").map(|s| Piece::Text(format_timestamp(s))),
        AttributeType::Rating => {
            let stars = v.get("value").and_then(Value::as_u64)?.min(5) as usize;
            Some(Piece::Text(format!("{}{}", "★".repeat(stars), "☆".repeat(5 - stars))))
        }
        AttributeType::Status => pill(v.get("status").and_then(|s| str_field(s, "title"))),
        AttributeType::Select => pill(v.get("option").and_then(|o| str_field(o, "title"))),
        AttributeType::PersonalName => str_field(v, "full_name")
            .map(str::to_string)
            .or_else(|| {
                let parts = [str_field(v, "first_name"), str_field(v, "last_name")];
                let name = parts.into_iter().flatten().collect::<Vec<_>>().join(" ");
                (!name.is_empty()).then_some(name)
            })
            .map(Piece::Text),
        AttributeType::EmailAddress => str_field(v, "email_address")
            .map(|email| Piece::Link { label: email.to_string(), href: format!("mailto:{email}") }),
        AttributeType::Domain => str_field(v, "domain")
            .map(|domain| Piece::Link { label: domain.to_string(), href: format!("https://{domain}") }),
        AttributeType::PhoneNumber => {
            let number = str_field(v, "phone_number").or_else(|| str_field(v, "original_phone_number"))?;
            Some(Piece::Link { label: number.to_string(), href: format!("tel:{number}") })
        }
        AttributeType::RecordReference => {
            let record_id = str_field(v, "target_record_id")?;
            let object = str_field(v, "target_object")?;
            let noun = nouns.get(object).cloned().unwrap_or_else(|| humanize(object));
            Some(Piece::Reference {
                object: object.to_string(),
                noun,
                name: names.get(record_id).cloned(),
                record_id: record_id.to_string(),
            })
        }
        AttributeType::ActorReference => {
            let label = match str_field(v, "referenced_actor_type")? {
                "system" => "System".to_string(),
                "api-token" => "API token".to_string(),
                kind => match str_field(v, "referenced_actor_id") {
                    Some(id) => format!("{} · {}", humanize(kind), short_id(id)),
                    None => humanize(kind),
                },
            };
            Some(Piece::Text(label))
        }
        AttributeType::Location => {
            let parts: Vec<&str> =
                ["locality", "region", "country_code"].into_iter().filter_map(|key| str_field(v, key)).collect();
            let label = if parts.is_empty() { str_field(v, "line_1")?.to_string() } else { parts.join(", ") };
            Some(Piece::Text(label))
        }
        AttributeType::Interaction => str_field(v, "interacted_at").map(|s| Piece::Text(format_timestamp(s))),
    }
}

/// The in-app address of a record's page.
pub fn record_href(object: &str, record_id: &str) -> String {
    format!("/objects/{object}/{record_id}")
}

fn pill(label: Option<&str>) -> Option<Piece> {
    label.map(|label| Piece::Pill { label: label.to_string(), tone: tone_for(label) })
}

/// A non-empty string field of a value object.
fn str_field<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

/// The first and last few characters of an id. Both ends matter: ids made close together
/// (UUIDv7) share their leading timestamp digits.
fn short_id(id: &str) -> String {
    let chars: Vec<char> = id.chars().filter(|c| *c != '-').collect();
    if chars.len() <= 9 {
        return id.to_string();
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}…{tail}")
}

fn humanize(kind: &str) -> String {
    let spaced = kind.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => spaced,
    }
}

fn format_number(v: &Value) -> Option<String> {
    if let Some(i) = v.as_i64() {
        return Some(group_thousands(&i.to_string()));
    }
    let f = v.as_f64()?;
    if f.fract() == 0.0 && f.abs() < 1e15 {
        Some(group_thousands(&format!("{f:.0}")))
    } else {
        let s = f.to_string();
        Some(match s.split_once('.') {
            Some((whole, frac)) => format!("{}.{frac}", group_thousands(whole)),
            None => s,
        })
    }
}

/// `1234567` -> `1,234,567`, keeping a leading minus sign.
fn group_thousands(digits: &str) -> String {
    let (sign, digits) = match digits.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", digits),
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

/// Whole amounts without cents, others with two decimals; a symbol for the common codes,
/// otherwise the ISO code.
pub fn format_currency(amount: f64, code: Option<&str>) -> String {
    let sign = if amount < 0.0 { "-" } else { "" };
    let abs = amount.abs();
    let number = if abs.fract() == 0.0 {
        group_thousands(&format!("{abs:.0}"))
    } else {
        let fixed = format!("{abs:.2}");
        let (whole, cents) = fixed.split_once('.').unwrap_or((&fixed, "00"));
        format!("{}.{cents}", group_thousands(whole))
    };
    match code {
        Some("USD") => format!("{sign}${number}"),
        Some("EUR") => format!("{sign}€{number}"),
        Some("GBP") => format!("{sign}£{number}"),
        Some("JPY") => format!("{sign}¥{number}"),
        Some(code) => format!("{sign}{code} {number}"),
        None => format!("{sign}{number}"),
    }
}

fn format_date(s: &str) -> String {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(|d| d.format("%b %-d, %Y").to_string())
        .unwrap_or_else(|_| s.to_string())
}

fn format_timestamp(s: &str) -> String {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc).format("%b %-d, %Y %H:%M UTC").to_string())
        .unwrap_or_else(|_| s.to_string())
}

/// A cell's content on one line: text is comma-joined and cut off with an ellipsis (the
/// whole text is in the tooltip), pills and chips sit side by side. Empty cells render
/// nothing.
#[component]
pub fn ValueCell(pieces: Vec<Piece>) -> impl IntoView {
    if pieces.is_empty() {
        return ().into_any();
    }
    let tooltip = pieces.iter().filter_map(Piece::tooltip).collect::<Vec<_>>().join(", ");
    let inline = pieces.iter().any(|p| matches!(p, Piece::Pill { .. } | Piece::Reference { .. }));
    let count = pieces.len();
    // Side-by-side pieces that run out of room fade out instead of being cut mid-letter.
    let class = match (inline, count) {
        (false, _) => "truncate",
        (true, 1) => "flex items-center gap-1 overflow-hidden",
        (true, _) => "flex items-center gap-1 overflow-hidden mask-r-from-80% mask-r-to-100%",
    };
    let rendered = pieces
        .into_iter()
        .enumerate()
        .map(|(i, piece)| {
            let separator = (!inline && i + 1 < count).then_some(", ");
            view! { {render_piece(piece)} {separator} }
        })
        .collect_view();
    view! {
        <div
            class=class
            title=(!tooltip.is_empty()).then_some(tooltip)
        >
            {rendered}
        </div>
    }
    .into_any()
}

fn render_piece(piece: Piece) -> AnyView {
    match piece {
        Piece::Text(text) => text.into_any(),
        Piece::Pill { label, tone } => view! {
            <span class=format!(
                "inline-flex shrink-0 items-center rounded-md px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset {tone}",
            )>{label}</span>
        }
        .into_any(),
        Piece::Reference { object, noun, name, record_id } => {
            // Without a name, the noun and a short id still tell references apart.
            let label = name.unwrap_or_else(|| format!("{noun} · {}", short_id(&record_id)));
            view! {
                <a
                    href=record_href(&object, &record_id)
                    class="inline-flex shrink-0 items-center rounded-md bg-panel px-1.5 py-0.5 text-xs font-medium text-fg-muted ring-1 ring-line ring-inset hover:bg-raised hover:text-fg"
                >
                    {label}
                </a>
            }
            .into_any()
        }
        Piece::Link { label, href } => {
            let external = href.starts_with("https://");
            view! {
                <a
                    href=href
                    target=external.then_some("_blank")
                    rel=external.then_some("noopener noreferrer")
                    class="decoration-fg-faint underline-offset-2 hover:text-fg hover:underline"
                >
                    {label}
                </a>
            }
            .into_any()
        }
        Piece::Check(checked) => view! {
            <span
                role="img"
                aria-label=if checked { "Yes" } else { "No" }
                class=if checked {
                    "inline-grid size-4 place-items-center rounded border border-accent bg-accent text-[10px] leading-none text-accent-fg"
                } else {
                    "inline-block size-4 rounded border border-line-strong bg-canvas"
                }
            >
                {checked.then_some("✓")}
            </span>
        }
        .into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn one(kind: AttributeType, value: Value) -> Vec<Piece> {
        pieces(kind, &[value], &ObjectNouns::new(), &RecordNames::new())
    }

    fn text(s: &str) -> Vec<Piece> {
        vec![Piece::Text(s.to_string())]
    }

    #[test]
    fn currency_uses_symbol_or_code() {
        let v = json!({"currency_value": 12345, "currency_code": "USD"});
        assert_eq!(one(AttributeType::Currency, v), text("$12,345"));
        assert_eq!(format_currency(1234.5, Some("CHF")), "CHF 1,234.50");
        assert_eq!(format_currency(-999.999, None), "-1,000.00");
    }

    #[test]
    fn numbers_are_grouped() {
        assert_eq!(one(AttributeType::Number, json!({"value": 1234567})), text("1,234,567"));
        assert_eq!(one(AttributeType::Number, json!({"value": -1234.25})), text("-1,234.25"));
        assert_eq!(one(AttributeType::Number, json!({"value": 12.0})), text("12"));
    }

    #[test]
    fn dates_and_timestamps_are_readable_and_utc() {
        assert_eq!(one(AttributeType::Date, json!({"value": "2024-03-05"})), text("Mar 5, 2024"));
        let ts = json!({"value": "2024-03-05T23:30:00.000000000+02:00"});
        assert_eq!(one(AttributeType::Timestamp, ts), text("Mar 5, 2024 21:30 UTC"));
        assert_eq!(one(AttributeType::Date, json!({"value": "soon"})), text("soon"));
    }

    #[test]
    fn status_and_select_become_pills() {
        let won = one(AttributeType::Status, json!({"status": {"title": "Won"}}));
        assert_eq!(won, vec![Piece::Pill { label: "Won".into(), tone: POSITIVE }]);
        let options = pieces(
            AttributeType::Select,
            &[json!({"option": {"title": "B2B"}}), json!({"option": {"title": "SaaS"}})],
            &ObjectNouns::new(),
            &RecordNames::new(),
        );
        assert_eq!(options.len(), 2);
        assert_eq!(tone_for("B2B"), tone_for("B2B"));
    }

    #[test]
    fn names_emails_and_references() {
        let name = json!({"full_name": "Ada Lovelace", "first_name": "Ada"});
        assert_eq!(one(AttributeType::PersonalName, name), text("Ada Lovelace"));
        let parts = json!({"first_name": "Ada", "last_name": "Lovelace", "full_name": ""});
        assert_eq!(one(AttributeType::PersonalName, parts), text("Ada Lovelace"));
        let email = one(AttributeType::EmailAddress, json!({"email_address": "a@b.co"}));
        assert_eq!(email, vec![Piece::Link { label: "a@b.co".into(), href: "mailto:a@b.co".into() }]);
        let id = "0193a4b2-7c1d-7000-8000-00000000c0de";
        let reference = json!({"target_object": "companies", "target_record_id": id});
        let nouns = ObjectNouns::from([("companies".to_string(), "Company".to_string())]);
        let names = RecordNames::from([(id.to_string(), "Acme Inc".to_string())]);
        let named = pieces(AttributeType::RecordReference, std::slice::from_ref(&reference), &nouns, &names);
        let acme = Piece::Reference {
            object: "companies".into(),
            noun: "Company".into(),
            name: Some("Acme Inc".into()),
            record_id: id.into(),
        };
        assert_eq!(named, vec![acme.clone()]);
        assert_eq!(acme.tooltip().as_deref(), Some("Company: Acme Inc"));
        let unknown = one(AttributeType::RecordReference, reference);
        let unnamed =
            Piece::Reference { object: "companies".into(), noun: "Companies".into(), name: None, record_id: id.into() };
        assert_eq!(unknown, vec![unnamed]);
        assert_eq!(short_id(id), "0193…c0de");
    }

    #[test]
    fn misc_types() {
        assert_eq!(one(AttributeType::Checkbox, json!({"value": true})), vec![Piece::Check(true)]);
        assert_eq!(one(AttributeType::Rating, json!({"value": 3})), text("★★★☆☆"));
        let loc = json!({"locality": "London", "region": null, "country_code": "GB"});
        assert_eq!(one(AttributeType::Location, loc), text("London, GB"));
        let actor = json!({"referenced_actor_type": "workspace-member", "referenced_actor_id": "abcd-1"});
        assert_eq!(one(AttributeType::ActorReference, actor), text("Workspace member · abcd-1"));
        assert!(one(AttributeType::Text, json!({"value": "  "})).is_empty());
    }
}
