//! What a table shows: an object's records, or a list's entries.
//!
//! A list's rows are its entries, shaped as records so that the grid, the editors, the
//! selection and the record store serve both: the entry's own values under their slugs (its
//! parent record among them, as the list's `parent_record` attribute), and the parent's
//! values under `parent.{slug}`, so a list table can show (and edit) the parent's attributes.

use crate::values::display::{record_href, RecordNames};
use model::ids::{ObjectId, RecordId};
use model::wire::{Attribute, Entry, Record, RecordIdent, Values};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// A table's rows: the records of an object, or the entries of a list, by slug.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Source {
    Object(String),
    List(String),
}

/// The list attribute naming each entry's parent record, the first column of its table.
pub const PARENT: &str = "parent_record";
/// What a parent attribute's slug starts with in a list's table.
const PARENT_PREFIX: &str = "parent.";

impl Source {
    pub fn slug(&self) -> &str {
        match self {
            Self::Object(slug) | Self::List(slug) => slug,
        }
    }

    /// The table's address, without a view.
    pub fn path(&self) -> String {
        match self {
            Self::Object(slug) => format!("/objects/{slug}"),
            Self::List(slug) => format!("/lists/{slug}"),
        }
    }

    /// The page a row opens: the record's, or an entry's parent record's.
    pub fn row_href(&self, row: &Record) -> String {
        match self {
            Self::Object(object) => record_href(object, &row.id.record_id.to_string()),
            Self::List(_) => parent_of(row).map(|(object, id)| record_href(&object, &id)).unwrap_or_default(),
        }
    }
}

/// The slug of the parent attribute a list table's column stands for, if it stands for one.
pub fn parent_slug(column: &str) -> Option<&str> {
    column.strip_prefix(PARENT_PREFIX)
}

/// Whether the query endpoint can sort and filter by a column: a list's own attributes and
/// an object's attributes can, the parent's columns of a list table cannot.
pub fn queryable(column: &str) -> bool {
    column != PARENT && parent_slug(column).is_none()
}

/// An entry row's parent record: object slug and record id.
pub fn parent_of(row: &Record) -> Option<(String, String)> {
    let value = row.values.get(PARENT)?.first()?;
    let field = |key| value.get(key).and_then(Value::as_str).map(str::to_owned);
    Some((field("target_object")?, field("target_record_id")?))
}

/// What a row is called: a record's name, or an entry's parent record's, from `names`.
pub fn row_name(row: &Record, names: &RecordNames) -> String {
    row.display_name().or_else(|| names.get(&parent_of(row)?.1).cloned()).unwrap_or_else(|| "Unnamed".into())
}

/// An entry as a row of its list's table, with its parent's values when they are loaded.
pub fn entry_row(entry: Entry, parent: Option<&Record>) -> Record {
    let mut row = Record {
        id: RecordIdent {
            workspace_id: entry.id.workspace_id,
            object_id: ObjectId(entry.id.list_id.0),
            record_id: RecordId(entry.id.entry_id.0),
        },
        created_at: entry.created_at,
        web_url: String::new(),
        values: entry.entry_values,
    };
    // The API answers it among the values; an entry read some other way names it too.
    row.values.entry(PARENT.to_owned()).or_insert_with(|| {
        vec![json!({
            "attribute_type": "record-reference",
            "target_object": entry.parent_object,
            "target_record_id": entry.parent_record_id,
        })]
    });
    if let Some(parent) = parent {
        with_parent_values(&mut row, parent);
    }
    row
}

/// An entry row after its own values were written: the parent's are kept.
pub fn with_entry_values(row: &mut Record, values: Values) {
    row.values.extend(values);
}

/// An entry row after its parent record was written.
pub fn with_parent_values(row: &mut Record, parent: &Record) {
    for (slug, values) in &parent.values {
        row.values.insert(format!("{PARENT_PREFIX}{slug}"), values.clone());
    }
}

/// The columns a list's table can show: the list's own attributes, its parent record
/// (`parent_record`) titled after the parent object (`noun`), then the parent's attributes,
/// titled "Company · Domains".
pub fn list_columns(noun: &str, own: Vec<Attribute>, parents: Vec<Attribute>) -> Vec<Attribute> {
    let own = own.into_iter().map(|a| if a.api_slug == PARENT { Attribute { title: noun.to_owned(), ..a } } else { a });
    let parents = parents.into_iter().filter(|a| a.api_slug != "record_id").map(|a| Attribute {
        api_slug: format!("{PARENT_PREFIX}{}", a.api_slug),
        title: format!("{noun} · {}", a.title),
        ..a
    });
    own.chain(parents).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> Entry {
        serde_json::from_value(json!({
            "id": {
                "workspace_id": "0190c6a0-0000-7000-8000-000000000001",
                "list_id": "0190c6a0-0000-7000-8000-000000000002",
                "entry_id": "0190c6a0-0000-7000-8000-000000000003",
            },
            "parent_record_id": "0190c6a0-0000-7000-8000-000000000004",
            "parent_object": "companies",
            "created_at": "2026-12-01T10:00:00Z",
            "entry_values": { "stage": [{ "status": { "title": "Lead" } }] },
        }))
        .unwrap()
    }

    #[test]
    fn an_entry_row_names_its_parent_and_leads_to_its_page() {
        let row = entry_row(entry(), None);
        assert_eq!(row.id.record_id.to_string(), "0190c6a0-0000-7000-8000-000000000003");
        assert!(row.values.contains_key("stage"));
        let list = Source::List("pipeline".into());
        assert_eq!(list.row_href(&row), "/objects/companies/0190c6a0-0000-7000-8000-000000000004");
        assert_eq!(list.path(), "/lists/pipeline");
    }

    #[test]
    fn parent_values_live_under_their_own_slugs() {
        let mut row = entry_row(entry(), None);
        let mut parent = row.clone();
        parent.values = Values::from([("name".to_owned(), vec![json!({ "value": "Acme" })])]);
        with_parent_values(&mut row, &parent);
        assert!(row.values.contains_key("parent.name"));
        assert_eq!(parent_slug("parent.name"), Some("name"));
        assert!(!queryable("parent.name") && !queryable(PARENT) && queryable("stage"));
        with_entry_values(&mut row, Values::from([("stage".to_owned(), vec![])]));
        assert!(row.values.contains_key("parent.name") && row.values["stage"].is_empty());
    }
}
