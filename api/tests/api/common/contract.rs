//! Every response the suite receives is validated against Attio's published OpenAPI
//! document (api/tests/contract/openapi.json): the schema of the matching operation and
//! status. A response that breaks the contract fails the test that received it.

use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

static DOCUMENT: LazyLock<Value> = LazyLock::new(|| {
    let text = include_str!("../../contract/openapi.json");
    let mut doc = serde_json::from_str(text).expect("Attio's OpenAPI document parses");
    // What Attio's current API changed and added, and the operations that are ours alone.
    for overlay in
        [include_str!("../../contract/attio-2026.json"), include_str!("../../../src/rest/own-operations.json")]
    {
        merge(&mut doc, serde_json::from_str(overlay).expect("an overlay parses"));
    }
    allow_documented_nulls(&mut doc);
    doc
});

/// Lays `overlay` over `base`: objects are merged key by key, anything else replaced.
fn merge(base: &mut Value, overlay: Value) {
    match (base, overlay) {
        (Value::Object(entries), Value::Object(more)) => {
            for (key, value) in more {
                match entries.get_mut(&key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        entries.insert(key, value);
                    }
                }
            }
        }
        (base, other) => *base = other,
    }
}

/// The document mixes OpenAPI 3.0 into 3.1: some schemas say `"nullable": true`, others
/// list `"null"` among the types but leave it out of their `enum`. Both mean that null is
/// allowed, so both are made to say so in JSON Schema terms before validating.
fn allow_documented_nulls(v: &mut Value) {
    match v {
        Value::Object(m) => {
            let nullable = m.get("nullable") == Some(&Value::Bool(true));
            if nullable {
                if let Some(Value::String(t)) = m.get("type").cloned() {
                    m.insert("type".into(), serde_json::json!([t, "null"]));
                }
            }
            let null_type =
                nullable || matches!(m.get("type"), Some(Value::Array(ts)) if ts.iter().any(|t| t == "null"));
            if null_type {
                if let Some(Value::Array(e)) = m.get_mut("enum") {
                    if !e.contains(&Value::Null) {
                        e.push(Value::Null);
                    }
                }
            }
            m.values_mut().for_each(allow_documented_nulls);
        }
        Value::Array(a) => a.iter_mut().for_each(allow_documented_nulls),
        _ => {}
    }
}

type Validators = Mutex<HashMap<String, Option<Arc<jsonschema::Validator>>>>;
static VALIDATORS: LazyLock<Validators> = LazyLock::new(Default::default);

/// The document's path template matching `path`, preferring static segments.
fn template(path: &str) -> Option<String> {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    let paths = DOCUMENT["paths"].as_object()?;
    paths
        .keys()
        .filter_map(|t| {
            let ts: Vec<&str> = t.split('/').collect();
            if ts.len() != segments.len() {
                return None;
            }
            let mut score = 0;
            for (a, b) in ts.iter().zip(&segments) {
                if a.starts_with('{') {
                    continue;
                }
                if a != b {
                    return None;
                }
                score += 1;
            }
            Some((score, t.clone()))
        })
        .max()
        .map(|(_, t)| t)
}

fn pointer_escape(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

fn validator(method: &str, path: &str, status: u16) -> Option<Arc<jsonschema::Validator>> {
    let template = template(path)?;
    let method = method.to_lowercase();
    let key = format!("{method} {template} {status}");
    let mut cache = VALIDATORS.lock().unwrap_or_else(|e| e.into_inner());
    cache
        .entry(key)
        .or_insert_with(|| {
            let pointer = format!(
                "/paths/{}/{method}/responses/{status}/content/application~1json/schema",
                pointer_escape(&template)
            );
            DOCUMENT.pointer(&pointer)?;
            // The whole document is the root resource, so the schema's `$ref`s resolve.
            let mut root = DOCUMENT.clone();
            let fragment = pointer.replace('{', "%7B").replace('}', "%7D");
            root.as_object_mut()?.insert("$ref".into(), Value::String(format!("#{fragment}")));
            Some(Arc::new(jsonschema::draft202012::new(&root).expect("schema compiles")))
        })
        .clone()
}

/// Panics with every violation when `body` breaks the documented response schema.
pub fn check(method: &str, url_path: &str, status: u16, body: &Value) {
    let path = url_path.split('?').next().unwrap_or(url_path);
    let Some(v) = validator(method, path, status) else { return };
    let errors: Vec<String> = v.iter_errors(body).take(10).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(
        errors.is_empty(),
        "{method} {path} {status} breaks Attio's contract:\n{}\nbody: {body}",
        errors.join("\n")
    );
}
