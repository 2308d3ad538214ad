//! Records and entries as the API returns them, serialised straight from their stored
//! documents. Stored values are already in Attio's read shape, so they are copied as raw JSON;
//! only status and select values are decoded, to embed their status or option. Reads never
//! build a `serde_json::Value` tree of the whole record.

use crate::catalog::{AttributeDef, ObjectSchema};
use crate::error::Result;
use crate::records::RecordRow;
use crate::time;
use crate::values;
use model::ids::{EntryId, ListId, RecordId, WorkspaceId};
use model::wire::{EntryIdent, Record, RecordIdent};
use model::AttributeType;
use serde::ser::{Error as _, SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// A record's current values: the stored JSON document as read, or decoded for a write.
pub(crate) enum Doc {
    Stored(String),
    Decoded(Map<String, Value>),
}

impl Doc {
    /// The values by attribute id, decoding the stored text on first use.
    pub fn values(&mut self) -> Result<&mut Map<String, Value>> {
        if let Doc::Stored(text) = self {
            *self = Doc::Decoded(serde_json::from_str(text).map_err(anyhow::Error::from)?);
        }
        match self {
            Doc::Decoded(map) => Ok(map),
            Doc::Stored(_) => unreachable!("decoded above"),
        }
    }
}

/// Borrowed access to one attribute's stored values, whichever form the document is in.
enum DocRef<'a> {
    Raw(HashMap<&'a str, &'a RawValue>),
    Decoded(&'a Map<String, Value>),
}

enum Stored<'a> {
    Raw(&'a RawValue),
    Decoded(&'a Value),
}

impl<'a> DocRef<'a> {
    fn new(doc: &'a Doc) -> serde_json::Result<Self> {
        Ok(match doc {
            Doc::Stored(text) => DocRef::Raw(serde_json::from_str(text)?),
            Doc::Decoded(map) => DocRef::Decoded(map),
        })
    }

    fn get(&self, key: &str) -> Option<Stored<'a>> {
        match self {
            DocRef::Raw(m) => m.get(key).copied().map(Stored::Raw),
            DocRef::Decoded(m) => m.get(key).map(Stored::Decoded),
        }
    }
}

const SYSTEM_ACTOR: &str = r#"{"type":"system","id":null}"#;

/// The `values` (or `entry_values`) object of a record or entry.
struct ValuesOut<'a> {
    schema: &'a ObjectSchema,
    row: &'a RecordRow,
    with_system: bool,
}

impl Serialize for ValuesOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let doc = DocRef::new(&self.row.doc).map_err(S::Error::custom)?;
        let mut out = s.serialize_map(None)?;
        let mut key = uuid::Uuid::encode_buffer();
        for attr in self.schema.attributes.iter().filter(|a| !a.is_archived) {
            if attr.is_system {
                if !self.with_system {
                    continue;
                }
                if let Some(v) = system_value(attr, self.row).map_err(S::Error::custom)? {
                    out.serialize_entry(&attr.api_slug, &[v])?;
                    continue;
                }
            }
            let id = attr.id.0.as_hyphenated().encode_lower(&mut key);
            match (doc.get(id), attr.kind) {
                (None, _) => out.serialize_entry(&attr.api_slug, &[] as &[Value])?,
                (Some(stored), AttributeType::Status | AttributeType::Select) => {
                    let items: Vec<Value> = match stored {
                        Stored::Raw(raw) => serde_json::from_str(raw.get()).map_err(S::Error::custom)?,
                        Stored::Decoded(v) => v.as_array().cloned().unwrap_or_default(),
                    };
                    let items: Vec<Value> =
                        items.into_iter().map(|v| values::read_shape(attr, self.schema, v)).collect();
                    out.serialize_entry(&attr.api_slug, &items)?;
                }
                (Some(Stored::Raw(raw)), _) => out.serialize_entry(&attr.api_slug, raw)?,
                (Some(Stored::Decoded(v)), _) => out.serialize_entry(&attr.api_slug, v)?,
            }
        }
        out.end()
    }
}

/// `record_id`, `created_at` and `created_by` come from the row itself.
fn system_value(attr: &AttributeDef, row: &RecordRow) -> serde_json::Result<Option<Value>> {
    let actor: Value = serde_json::from_str(SYSTEM_ACTOR)?;
    Ok(match attr.api_slug.as_str() {
        "record_id" => Some(json!({
            "active_from": row.created_at, "active_until": null, "created_by_actor": actor,
            "value": row.id.to_string(), "attribute_type": "text"})),
        "created_at" => Some(json!({
            "active_from": row.created_at, "active_until": null, "created_by_actor": actor,
            "value": row.created_at, "attribute_type": "timestamp"})),
        "created_by" => {
            let by: Value = serde_json::from_str(&row.created_by)?;
            Some(json!({
                "active_from": row.created_at, "active_until": null, "created_by_actor": actor,
                "referenced_actor_type": by.get("type"), "referenced_actor_id": by.get("id"),
                "attribute_type": "actor-reference"}))
        }
        _ => None,
    })
}

/// A record as the API returns it (`model::wire::Record`'s JSON).
pub struct RecordView {
    schema: Arc<ObjectSchema>,
    web_url: String,
    row: RecordRow,
}

impl RecordView {
    pub(crate) fn new(public_url: &str, workspace_slug: &str, schema: Arc<ObjectSchema>, row: RecordRow) -> Self {
        let web_url = format!("{public_url}/{workspace_slug}/objects/{}/{}", schema.object.api_slug, row.id);
        Self { schema, web_url, row }
    }

    pub fn id(&self) -> RecordId {
        self.row.id
    }

    /// The typed record, for callers that work with values rather than send them on.
    pub fn into_record(self) -> Result<Record> {
        let text = serde_json::to_string(&self).map_err(anyhow::Error::from)?;
        Ok(serde_json::from_str(&text).map_err(anyhow::Error::from)?)
    }
}

impl Serialize for RecordView {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let object = &self.schema.object;
        let mut out = s.serialize_struct("Record", 4)?;
        let id = RecordIdent { workspace_id: object.workspace_id, object_id: object.id, record_id: self.row.id };
        out.serialize_field("id", &id)?;
        out.serialize_field("created_at", &time::from_db(&self.row.created_at).map_err(S::Error::custom)?)?;
        out.serialize_field("web_url", &self.web_url)?;
        out.serialize_field("values", &ValuesOut { schema: &self.schema, row: &self.row, with_system: true })?;
        out.end()
    }
}

/// A list entry as the API returns it (`model::wire::Entry`'s JSON): list attributes only.
pub struct EntryView {
    workspace_id: WorkspaceId,
    list_id: ListId,
    parent_object: String,
    schema: Arc<ObjectSchema>,
    row: RecordRow,
}

impl EntryView {
    pub(crate) fn new(
        workspace_id: WorkspaceId,
        list_id: ListId,
        parent_object: String,
        schema: Arc<ObjectSchema>,
        row: RecordRow,
    ) -> Self {
        Self { workspace_id, list_id, parent_object, schema, row }
    }
}

impl Serialize for EntryView {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let (_, parent_record_id) =
            self.row.parent.ok_or_else(|| S::Error::custom(format!("entry {} without parent", self.row.id)))?;
        let mut out = s.serialize_struct("Entry", 5)?;
        let id =
            EntryIdent { workspace_id: self.workspace_id, list_id: self.list_id, entry_id: EntryId(self.row.id.0) };
        out.serialize_field("id", &id)?;
        out.serialize_field("parent_record_id", &parent_record_id)?;
        out.serialize_field("parent_object", &self.parent_object)?;
        out.serialize_field("created_at", &time::from_db(&self.row.created_at).map_err(S::Error::custom)?)?;
        out.serialize_field("entry_values", &ValuesOut { schema: &self.schema, row: &self.row, with_system: false })?;
        out.end()
    }
}

/// One attribute's current values in the read shape, decoded.
pub(crate) fn attribute_values(schema: &ObjectSchema, attr: &AttributeDef, row: &mut RecordRow) -> Result<Vec<Value>> {
    if attr.is_system {
        if let Some(v) = system_value(attr, row).map_err(anyhow::Error::from)? {
            return Ok(vec![v]);
        }
    }
    let stored = row.doc.values()?.get(&attr.id.0.to_string()).and_then(Value::as_array).cloned().unwrap_or_default();
    Ok(stored.into_iter().map(|v| values::read_shape(attr, schema, v)).collect())
}
