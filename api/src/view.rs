//! Records and entries as the API returns them, serialised straight from their stored
//! documents. Stored values are already in Attio's read shape, so they are copied as raw JSON;
//! only status and select values are decoded, to embed their status or option. Reads never
//! build a `serde_json::Value` tree of the whole record.

use crate::catalog::{AttributeDef, ObjectSchema};
use crate::error::Result;
use crate::records::RecordRow;
use crate::time;
use crate::values;
use model::ids::{EntryId, ListId, WorkspaceId};
use model::wire::{Entry, EntryIdent, Record, RecordIdent};
use model::AttributeType;
use serde::de::{MapAccess, Visitor};
use serde::ser::{Error as _, SerializeMap, SerializeStruct};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::sync::Arc;

/// A record's current values: the stored JSON document as read, or decoded for a write.
pub(crate) enum Doc {
    Stored(String),
    Decoded(Map<String, Value>),
}

impl Doc {
    fn size_hint(&self) -> usize {
        match self {
            Doc::Stored(text) => text.len() + text.len() / 4,
            Doc::Decoded(map) => map.len() * 256,
        }
    }

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

/// The stored document's entries, borrowed from its text. A record has a few dozen
/// attributes at most, so a linear search beats hashing the keys.
struct RawEntries<'a>(Vec<(&'a str, &'a RawValue)>);

impl<'de> Deserialize<'de> for RawEntries<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Visit;
        impl<'de> Visitor<'de> for Visit {
            type Value = RawEntries<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Self::Value, A::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(16));
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(RawEntries(entries))
            }
        }
        d.deserialize_map(Visit)
    }
}

/// Borrowed access to one attribute's stored values, whichever form the document is in.
enum DocRef<'a> {
    Raw(RawEntries<'a>),
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
            DocRef::Raw(entries) => entries.0.iter().find(|(k, _)| *k == key).map(|(_, v)| Stored::Raw(v)),
            DocRef::Decoded(m) => m.get(key).map(Stored::Decoded),
        }
    }
}

/// The fields of one stored value, as read or as decoded for a write.
enum Fields<'a> {
    Raw(RawEntries<'a>),
    Decoded(&'a Map<String, Value>),
}

/// A stored status or select value with its choice embedded: the stored id is swapped for
/// the status or option, pre-serialised in the schema.
struct ChoiceValue<'a> {
    fields: Fields<'a>,
    field: &'static str,
    schema: &'a ObjectSchema,
}

impl ChoiceValue<'_> {
    fn choice(&self, id: Option<&str>) -> Option<&RawValue> {
        let id = id?.parse::<uuid::Uuid>().ok()?;
        self.schema.choice_json.get(&id).map(|raw| &**raw)
    }
}

impl Serialize for ChoiceValue<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut out = s.serialize_map(None)?;
        match &self.fields {
            Fields::Raw(entries) => {
                for (key, raw) in &entries.0 {
                    if *key == self.field {
                        out.serialize_entry(key, &self.choice(Some(raw.get().trim_matches('"'))))?;
                    } else {
                        out.serialize_entry(key, raw)?;
                    }
                }
            }
            Fields::Decoded(map) => {
                for (key, value) in *map {
                    if key == self.field {
                        out.serialize_entry(key, &self.choice(value.as_str()))?;
                    } else {
                        out.serialize_entry(key, value)?;
                    }
                }
            }
        }
        out.end()
    }
}

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
                match attr.api_slug.as_str() {
                    "record_id" => {
                        let id = self.row.id.to_string();
                        out.serialize_entry(&attr.api_slug, &[SystemValue::new(self.row, &id, "text")])?;
                        continue;
                    }
                    "created_at" => {
                        let at = &self.row.created_at;
                        out.serialize_entry(&attr.api_slug, &[SystemValue::new(self.row, at, "timestamp")])?;
                        continue;
                    }
                    "created_by" => {
                        let by: ActorRef = serde_json::from_str(&self.row.created_by).map_err(S::Error::custom)?;
                        out.serialize_entry(&attr.api_slug, &[CreatedByValue::new(self.row, by)])?;
                        continue;
                    }
                    _ => {}
                }
            }
            let id = attr.id.0.as_hyphenated().encode_lower(&mut key);
            let field = match attr.kind {
                AttributeType::Status => Some("status"),
                AttributeType::Select => Some("option"),
                _ => None,
            };
            match (doc.get(id), field) {
                (None, _) => out.serialize_entry(&attr.api_slug, &[] as &[Value])?,
                (Some(stored), Some(field)) => {
                    let fields: Vec<Fields> = match stored {
                        Stored::Raw(raw) => serde_json::from_str::<Vec<RawEntries>>(raw.get())
                            .map_err(S::Error::custom)?
                            .into_iter()
                            .map(Fields::Raw)
                            .collect(),
                        Stored::Decoded(v) => v
                            .as_array()
                            .into_iter()
                            .flatten()
                            .filter_map(Value::as_object)
                            .map(Fields::Decoded)
                            .collect(),
                    };
                    let items: Vec<ChoiceValue> =
                        fields.into_iter().map(|fields| ChoiceValue { fields, field, schema: self.schema }).collect();
                    out.serialize_entry(&attr.api_slug, &items)?;
                }
                (Some(Stored::Raw(raw)), None) => out.serialize_entry(&attr.api_slug, raw)?,
                (Some(Stored::Decoded(v)), None) => out.serialize_entry(&attr.api_slug, v)?,
            }
        }
        out.end()
    }
}

/// The actor of a system value: the system itself.
#[derive(Serialize)]
struct SystemActor {
    #[serde(rename = "type")]
    kind: &'static str,
    id: Option<()>,
}

const SYSTEM: SystemActor = SystemActor { kind: "system", id: None };

/// `record_id` and `created_at`, which come from the row itself.
#[derive(Serialize)]
struct SystemValue<'a> {
    active_from: &'a str,
    active_until: Option<()>,
    created_by_actor: SystemActor,
    value: &'a str,
    attribute_type: &'static str,
}

impl<'a> SystemValue<'a> {
    fn new(row: &'a RecordRow, value: &'a str, attribute_type: &'static str) -> Self {
        Self { active_from: &row.created_at, active_until: None, created_by_actor: SYSTEM, value, attribute_type }
    }
}

#[derive(Deserialize)]
struct ActorRef<'a> {
    #[serde(rename = "type", borrow)]
    kind: Option<Cow<'a, str>>,
    #[serde(borrow)]
    id: Option<Cow<'a, str>>,
}

/// `created_by`: who created the record.
#[derive(Serialize)]
struct CreatedByValue<'a> {
    active_from: &'a str,
    active_until: Option<()>,
    created_by_actor: SystemActor,
    referenced_actor_type: Option<Cow<'a, str>>,
    referenced_actor_id: Option<Cow<'a, str>>,
    attribute_type: &'static str,
}

impl<'a> CreatedByValue<'a> {
    fn new(row: &'a RecordRow, by: ActorRef<'a>) -> Self {
        Self {
            active_from: &row.created_at,
            active_until: None,
            created_by_actor: SYSTEM,
            referenced_actor_type: by.kind,
            referenced_actor_id: by.id,
            attribute_type: "actor-reference",
        }
    }
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

    /// About how many bytes the record's JSON takes.
    pub fn size_hint(&self) -> usize {
        self.row.doc.size_hint() + 1024
    }

    /// The record's id, without serialising the rest.
    pub fn record_id(&self) -> String {
        self.row.id.to_string()
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

    /// About how many bytes the entry's JSON takes.
    pub fn size_hint(&self) -> usize {
        self.row.doc.size_hint() + 512
    }

    /// The typed entry, for callers that work with values rather than send them on.
    pub fn into_entry(self) -> Result<Entry> {
        let text = serde_json::to_string(&self).map_err(anyhow::Error::from)?;
        Ok(serde_json::from_str(&text).map_err(anyhow::Error::from)?)
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
        let id = row.id.to_string();
        let system = match attr.api_slug.as_str() {
            "record_id" => Some(serde_json::to_value(SystemValue::new(row, &id, "text"))),
            "created_at" => Some(serde_json::to_value(SystemValue::new(row, &row.created_at, "timestamp"))),
            "created_by" => {
                let by: ActorRef = serde_json::from_str(&row.created_by).map_err(anyhow::Error::from)?;
                Some(serde_json::to_value(CreatedByValue::new(row, by)))
            }
            _ => None,
        };
        if let Some(v) = system {
            return Ok(vec![v.map_err(anyhow::Error::from)?]);
        }
    }
    let stored = row.doc.values()?.get(&attr.id.0.to_string()).and_then(Value::as_array).cloned().unwrap_or_default();
    Ok(stored.into_iter().map(|v| values::read_shape(attr, schema, v)).collect())
}
