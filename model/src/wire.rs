//! JSON shapes of Attio's v2 API, as returned to clients.

use crate::ids::*;
use crate::AttributeType;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// `{"data": ...}`: every successful response is wrapped this way.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Data<T> {
    pub data: T,
}

/// `{"data": [...], "pagination": {"next_cursor": ...}}`: the cursor-paginated endpoints.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Paged<T> {
    pub data: T,
    pub pagination: Pagination,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Pagination {
    /// Pass back as `cursor` for the next page; `null` on the last one.
    pub next_cursor: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectIdent {
    pub workspace_id: WorkspaceId,
    pub object_id: ObjectId,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Object {
    pub id: ObjectIdent,
    pub api_slug: String,
    pub singular_noun: String,
    pub plural_noun: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListIdent {
    pub workspace_id: WorkspaceId,
    pub list_id: ListId,
}

/// The id of an attribute names its parent: an object or a list. Attio calls the parent
/// `object_id` in both cases.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AttributeIdent {
    Object {
        workspace_id: WorkspaceId,
        object_id: ObjectId,
        attribute_id: AttributeId,
    },
    List {
        workspace_id: WorkspaceId,
        #[serde(rename = "object_id")]
        list_id: ListId,
        attribute_id: AttributeId,
    },
}

impl AttributeIdent {
    pub fn attribute_id(&self) -> AttributeId {
        match self {
            Self::Object { attribute_id, .. } | Self::List { attribute_id, .. } => *attribute_id,
        }
    }

    /// The object's or the list's id (the wire shape does not say which).
    pub fn parent_id(&self) -> String {
        match self {
            Self::Object { object_id, .. } => object_id.to_string(),
            Self::List { list_id, .. } => list_id.to_string(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Attribute {
    pub id: AttributeIdent,
    pub title: String,
    pub description: Option<String>,
    pub api_slug: String,
    #[serde(rename = "type")]
    pub kind: AttributeType,
    pub is_system_attribute: bool,
    pub is_writable: bool,
    pub is_required: bool,
    pub is_unique: bool,
    pub is_multiselect: bool,
    pub is_default_value_enabled: bool,
    pub is_archived: bool,
    pub default_value: Option<Value>,
    pub relationship: Option<Value>,
    pub created_at: DateTime<Utc>,
    pub config: AttributeConfig,
}

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct AttributeConfig {
    pub currency: CurrencyConfig,
    pub record_reference: RecordReferenceConfig,
}

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct CurrencyConfig {
    pub default_currency_code: Option<String>,
    pub display_type: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct RecordReferenceConfig {
    pub allowed_object_ids: Option<Vec<ObjectId>>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SelectOption {
    pub id: OptionIdent,
    pub title: String,
    pub is_archived: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionIdent {
    pub workspace_id: WorkspaceId,
    #[serde(flatten)]
    pub parent: ParentIdent,
    pub attribute_id: AttributeId,
    pub option_id: OptionId,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Status {
    pub id: StatusIdent,
    pub title: String,
    pub is_archived: bool,
    pub celebration_enabled: bool,
    pub target_time_in_status: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusIdent {
    pub workspace_id: WorkspaceId,
    #[serde(flatten)]
    pub parent: ParentIdent,
    pub attribute_id: AttributeId,
    pub status_id: StatusId,
}

/// The parent of an attribute-scoped thing, flattened into its id; serialised as
/// `object_id` for lists too, as Attio does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ParentIdent {
    Object {
        object_id: ObjectId,
    },
    List {
        #[serde(rename = "object_id")]
        list_id: ListId,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordIdent {
    pub workspace_id: WorkspaceId,
    pub object_id: ObjectId,
    pub record_id: RecordId,
}

/// Attribute slug -> active values, each in Attio's read shape (with `active_from`,
/// `active_until`, `created_by_actor` and `attribute_type`). An unset attribute maps to `[]`.
pub type Values = BTreeMap<String, Vec<Value>>;

impl Record {
    /// What a person calls the record: its `name` (a text, or a person's full name), when
    /// it has one.
    pub fn display_name(&self) -> Option<String> {
        let name = self.values.get("name")?.first()?;
        let full = name.get("full_name").or_else(|| name.get("value")).and_then(Value::as_str).map(str::trim);
        full.filter(|n| !n.is_empty()).map(str::to_owned)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub id: RecordIdent,
    pub created_at: DateTime<Utc>,
    pub web_url: String,
    pub values: Values,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryIdent {
    pub workspace_id: WorkspaceId,
    pub list_id: ListId,
    pub entry_id: EntryId,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Entry {
    pub id: EntryIdent,
    pub parent_record_id: RecordId,
    pub parent_object: String,
    pub created_at: DateTime<Utc>,
    pub entry_values: Values,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct List {
    pub id: ListIdent,
    pub api_slug: String,
    pub name: String,
    pub parent_object: Vec<String>,
    pub workspace_access: Option<String>,
    pub workspace_member_access: Vec<Value>,
    pub created_by_actor: Actor,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub id: Option<String>,
}

impl Actor {
    pub fn system() -> Self {
        Self { kind: Some("system".into()), id: None }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberIdent {
    pub workspace_id: WorkspaceId,
    pub workspace_member_id: MemberId,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct WorkspaceMember {
    pub id: MemberIdent,
    pub first_name: String,
    pub last_name: String,
    pub avatar_url: Option<String>,
    pub email_address: String,
    pub created_at: DateTime<Utc>,
    pub access_level: String,
}

/// `GET /v2/self`: token introspection, not wrapped in `data`. An unknown token is
/// `{"active": false}`, a valid one carries every field.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SelfInfo {
    Active(Box<ActiveToken>),
    Inactive { active: bool },
}

impl SelfInfo {
    pub fn inactive() -> Self {
        Self::Inactive { active: false }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ActiveToken {
    pub active: bool,
    pub scope: String,
    pub client_id: String,
    pub token_type: String,
    pub exp: Option<i64>,
    pub iat: i64,
    pub sub: String,
    pub aud: String,
    pub iss: String,
    pub authorized_by_workspace_member_id: String,
    pub workspace_id: WorkspaceId,
    pub workspace_name: String,
    pub workspace_slug: String,
    pub workspace_logo_url: Option<String>,
    /// `workspace` for a token acting for the whole workspace (an API key), `user` for one
    /// acting for a member.
    pub token_level: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteIdent {
    pub workspace_id: WorkspaceId,
    pub note_id: NoteId,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Note {
    pub id: NoteIdent,
    pub parent_object: String,
    pub parent_record_id: RecordId,
    pub title: String,
    pub meeting_id: Option<String>,
    pub content_plaintext: String,
    pub content_markdown: String,
    pub tags: Vec<Value>,
    pub created_by_actor: Actor,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskIdent {
    pub workspace_id: WorkspaceId,
    pub task_id: TaskId,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedRecord {
    pub target_object_id: ObjectId,
    pub target_record_id: RecordId,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignee {
    pub referenced_actor_type: String,
    pub referenced_actor_id: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Task {
    pub id: TaskIdent,
    pub content_plaintext: String,
    pub deadline_at: Option<String>,
    pub is_completed: bool,
    /// When the task was completed; `null` while it is open.
    pub completed_at: Option<DateTime<Utc>>,
    pub linked_records: Vec<LinkedRecord>,
    pub assignees: Vec<Assignee>,
    pub created_by_actor: Actor,
    pub created_at: DateTime<Utc>,
}

/// One write to one attribute of a record, as its timeline shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValueChange {
    /// The attribute's slug.
    pub attribute: String,
    pub attribute_title: String,
    pub attribute_type: AttributeType,
    /// When the write took effect (ISO 8601).
    pub at: String,
    /// Who made it; `None` when it only removed values.
    pub actor: Option<Actor>,
    /// The values active just before.
    pub before: Vec<Value>,
    /// The values it set.
    pub after: Vec<Value>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadIdent {
    pub workspace_id: WorkspaceId,
    pub thread_id: ThreadId,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentIdent {
    pub workspace_id: WorkspaceId,
    pub comment_id: CommentId,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Comment {
    pub id: CommentIdent,
    pub thread_id: ThreadId,
    pub content_plaintext: String,
    pub entry: Option<Value>,
    pub record: Option<Value>,
    pub resolved_at: Option<String>,
    pub resolved_by: Option<Actor>,
    pub created_at: DateTime<Utc>,
    pub author: Actor,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Thread {
    pub id: ThreadIdent,
    pub comments: Vec<Comment>,
    pub created_at: DateTime<Utc>,
}

/// A saved view's id: `object_id` or `list_id` names its parent, as in Attio's views listing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ViewIdent {
    Object { workspace_id: WorkspaceId, object_id: ObjectId, view_id: ViewId },
    List { workspace_id: WorkspaceId, list_id: ListId, view_id: ViewId },
}

impl ViewIdent {
    pub fn view_id(&self) -> ViewId {
        match self {
            Self::Object { view_id, .. } | Self::List { view_id, .. } => *view_id,
        }
    }
}

/// An item of `GET /v2/objects/{object}/views` (and of lists), Attio's shape.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ViewSummary {
    pub id: ViewIdent,
    pub title: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ViewKind {
    #[default]
    Table,
    Board,
}

/// A column of a view: an attribute (by slug) and its width in pixels, when resized.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ViewColumn {
    pub attribute: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
}

/// What a view shows: the query (filter and sorts, as in a query body), the columns in order,
/// and for a board the status or select attribute it groups by.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ViewConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<Value>,
    #[serde(default)]
    pub sorts: Vec<crate::query::Sort>,
    #[serde(default)]
    pub columns: Vec<ViewColumn>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_by: Option<String>,
}

/// A saved view as our own routes read and write it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SavedView {
    pub id: ViewIdent,
    pub title: String,
    #[serde(rename = "type")]
    pub kind: ViewKind,
    pub config: ViewConfig,
    pub is_archived: bool,
    pub created_by_actor: Actor,
    pub created_at: DateTime<Utc>,
}

/// An API key as its list shows it: never its secret, which is kept only as a digest.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiKeySummary {
    pub id: ApiKeyId,
    pub name: String,
    /// Scope names, as `/v2/self` reports them.
    pub scopes: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}
