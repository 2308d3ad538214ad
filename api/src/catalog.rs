//! The catalog: objects and attributes as the server sees them (with their physical storage),
//! loaded from the catalog tables and turned into Attio's wire shapes.

use crate::choices::{choices_of_parent, ChoiceDef, ChoiceKind};
use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::{ApiError, Result};
use crate::schema::{Attributes, Objects, Workspaces};
use crate::time;
use chrono::{DateTime, Utc};
use model::ids::{AttributeId, ObjectId, WorkspaceId};
use model::wire::{self, AttributeConfig, AttributeIdent, ObjectIdent};
use model::AttributeType;
use sea_query::{Expr, Order, Query};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use uuid::Uuid;

/// Object schemas by workspace and identifier, valid for one catalog version. Reading a
/// schema costs four queries; a record operation needs one, so it is cached here and
/// revalidated against the version read with the caller's credentials.
#[derive(Default)]
pub struct Cache {
    schemas: RwLock<HashMap<SchemaKey, Versioned<ObjectSchema>>>,
    /// Member ids and e-mail addresses per workspace: actor references resolve against them.
    members: RwLock<HashMap<WorkspaceId, Versioned<crate::members::Directory>>>,
    /// Webhook subscriptions per workspace: every write consults them.
    webhooks: RwLock<HashMap<WorkspaceId, Versioned<Vec<crate::webhooks::Hook>>>>,
    /// Lists by workspace and identifier: every entry operation starts by finding its list.
    lists: RwLock<HashMap<SchemaKey, Versioned<crate::lists::ListDef>>>,
}

/// A cached value and the catalog version it was read at.
type Versioned<T> = (i64, Arc<T>);

/// A workspace and the identifier a request used (slug, id, or `list:<id>`).
type SchemaKey = (WorkspaceId, String);

impl Cache {
    fn get(&self, ws: WorkspaceId, identifier: &str, version: i64) -> Option<Arc<ObjectSchema>> {
        let map = self.schemas.read().unwrap_or_else(|e| e.into_inner());
        map.get(&(ws, identifier.to_owned())).filter(|(v, _)| *v == version).map(|(_, s)| s.clone())
    }

    pub(crate) fn members(&self, ws: WorkspaceId, version: i64) -> Option<Arc<crate::members::Directory>> {
        let map = self.members.read().unwrap_or_else(|e| e.into_inner());
        map.get(&ws).filter(|(v, _)| *v == version).map(|(_, m)| m.clone())
    }

    pub(crate) fn put_members(&self, ws: WorkspaceId, version: i64, members: Arc<crate::members::Directory>) {
        self.members.write().unwrap_or_else(|e| e.into_inner()).insert(ws, (version, members));
    }

    pub(crate) fn webhooks(&self, ws: WorkspaceId, version: i64) -> Option<Arc<Vec<crate::webhooks::Hook>>> {
        let map = self.webhooks.read().unwrap_or_else(|e| e.into_inner());
        map.get(&ws).filter(|(v, _)| *v == version).map(|(_, h)| h.clone())
    }

    pub(crate) fn put_webhooks(&self, ws: WorkspaceId, version: i64, hooks: Arc<Vec<crate::webhooks::Hook>>) {
        self.webhooks.write().unwrap_or_else(|e| e.into_inner()).insert(ws, (version, hooks));
    }

    pub(crate) fn list(&self, ws: WorkspaceId, identifier: &str, version: i64) -> Option<Arc<crate::lists::ListDef>> {
        let map = self.lists.read().unwrap_or_else(|e| e.into_inner());
        map.get(&(ws, identifier.to_owned())).filter(|(v, _)| *v == version).map(|(_, l)| l.clone())
    }

    pub(crate) fn put_list(&self, ws: WorkspaceId, identifier: &str, version: i64, list: Arc<crate::lists::ListDef>) {
        let mut map = self.lists.write().unwrap_or_else(|e| e.into_inner());
        map.retain(|(w, _), (v, _)| *w != ws || *v >= version);
        map.insert((ws, identifier.to_owned()), (version, list));
    }

    fn put(&self, ws: WorkspaceId, identifier: &str, version: i64, schema: Arc<ObjectSchema>) {
        let mut map = self.schemas.write().unwrap_or_else(|e| e.into_inner());
        // Entries of older versions are dead weight once a newer one is seen.
        map.retain(|(w, _), (v, _)| *w != ws || *v >= version);
        map.insert((ws, identifier.to_owned()), (version, schema));
    }
}

/// Marks the workspace's catalog as changed; call inside the transaction that changes it.
pub async fn bump_version(db: &Db, conn: &mut AnyConnection, workspace_id: WorkspaceId) -> Result<()> {
    let q = Query::update()
        .table(Workspaces::Table)
        .value(Workspaces::CatalogVersion, Expr::col(Workspaces::CatalogVersion).add(1))
        .and_where(Expr::col(Workspaces::Id).eq(workspace_id.to_string()))
        .to_owned();
    db.execute(conn, &q).await?;
    Ok(())
}

/// What holds records: an object, or a list whose entries are stored, written and queried
/// exactly like records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContainerKind {
    Object,
    /// A list; its parent object's id and slug live in the `ListDef`.
    List,
}

impl ContainerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Object => "object",
            Self::List => "list",
        }
    }
}

/// A container of records. For a list (`kind == List`), `id` carries the list's id: the
/// write and query paths only need it as the parent of attributes and values.
#[derive(Clone, Debug)]
pub struct ObjectDef {
    pub kind: ContainerKind,
    pub id: ObjectId,
    pub workspace_id: WorkspaceId,
    pub api_slug: String,
    pub singular_noun: String,
    pub plural_noun: String,
    /// The physical table holding this object's records.
    pub table_name: String,
    pub created_at: DateTime<Utc>,
}

impl ObjectDef {
    pub fn to_wire(&self) -> wire::Object {
        wire::Object {
            id: ObjectIdent { workspace_id: self.workspace_id, object_id: self.id },
            api_slug: self.api_slug.clone(),
            singular_noun: self.singular_noun.clone(),
            plural_noun: self.plural_noun.clone(),
            created_at: self.created_at,
        }
    }

    pub(crate) const COLUMNS: [Objects; 7] = [
        Objects::Id,
        Objects::WorkspaceId,
        Objects::ApiSlug,
        Objects::SingularNoun,
        Objects::PluralNoun,
        Objects::TableName,
        Objects::CreatedAt,
    ];

    pub(crate) fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(Self {
            id: ObjectId(parse_uuid(row.try_get("id")?)?),
            workspace_id: WorkspaceId(parse_uuid(row.try_get("workspace_id")?)?),
            api_slug: row.try_get("api_slug")?,
            singular_noun: row.try_get("singular_noun")?,
            plural_noun: row.try_get("plural_noun")?,
            table_name: row.try_get("table_name")?,
            created_at: time::from_db(row.try_get("created_at")?)?,
            kind: ContainerKind::Object,
        })
    }

    /// `object_id` or `list_id`, for the ids of attributes, options and statuses.
    pub fn parent_ident(&self) -> wire::ParentIdent {
        match self.kind {
            ContainerKind::Object => wire::ParentIdent::Object { object_id: self.id },
            ContainerKind::List => wire::ParentIdent::List { list_id: model::ids::ListId(self.id.0) },
        }
    }
}

/// Stored attribute configuration: Attio's config plus the inverse of a bidirectional
/// relationship.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct StoredConfig {
    #[serde(flatten)]
    pub wire: AttributeConfig,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inverse_attribute_id: Option<AttributeId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inverse_object_id: Option<ObjectId>,
}

#[derive(Clone, Debug)]
pub struct AttributeDef {
    pub id: AttributeId,
    pub workspace_id: WorkspaceId,
    pub parent_id: Uuid,
    pub parent_kind: ContainerKind,
    pub api_slug: String,
    pub title: String,
    pub description: Option<String>,
    pub kind: AttributeType,
    pub is_system: bool,
    pub is_writable: bool,
    pub is_required: bool,
    pub is_unique: bool,
    pub is_multiselect: bool,
    pub is_archived: bool,
    pub default_value: Option<Value>,
    pub config: StoredConfig,
    /// The column of the record table holding the current value (single-value attributes).
    pub column: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl AttributeDef {
    pub fn to_wire(&self) -> wire::Attribute {
        wire::Attribute {
            id: match self.parent_kind {
                ContainerKind::Object => AttributeIdent::Object {
                    workspace_id: self.workspace_id,
                    object_id: ObjectId(self.parent_id),
                    attribute_id: self.id,
                },
                ContainerKind::List => AttributeIdent::List {
                    workspace_id: self.workspace_id,
                    list_id: model::ids::ListId(self.parent_id),
                    attribute_id: self.id,
                },
            },
            title: self.title.clone(),
            description: self.description.clone(),
            api_slug: self.api_slug.clone(),
            kind: self.kind,
            is_system_attribute: self.is_system,
            is_writable: self.is_writable,
            is_required: self.is_required,
            is_unique: self.is_unique,
            is_multiselect: self.is_multiselect,
            is_default_value_enabled: self.default_value.is_some(),
            is_archived: self.is_archived,
            default_value: self.default_value.clone(),
            relationship: self.config.inverse_attribute_id.map(|id| {
                serde_json::json!({"id": {
                    "workspace_id": self.workspace_id,
                    "object_id": self.config.inverse_object_id,
                    "attribute_id": id,
                }})
            }),
            created_at: self.created_at,
            config: self.config.wire.clone(),
        }
    }

    /// A single-value status or select: what a board groups its rows by.
    pub fn groups_rows(&self) -> bool {
        matches!(self.kind, AttributeType::Status | AttributeType::Select) && !self.is_multiselect
    }

    /// True when the attribute matches a path segment: its slug or its id.
    pub fn is_named(&self, name: &str) -> bool {
        self.api_slug == name || self.id.0.to_string() == name
    }

    fn from_row(row: &AnyRow) -> Result<Self> {
        let kind: String = row.try_get("type")?;
        let config: String = row.try_get("config")?;
        let default_value: Option<String> = row.try_get("default_value")?;
        Ok(Self {
            id: AttributeId(parse_uuid(row.try_get("id")?)?),
            workspace_id: WorkspaceId(parse_uuid(row.try_get("workspace_id")?)?),
            parent_id: parse_uuid(row.try_get("parent_id")?)?,
            parent_kind: match row.try_get::<String, _>("parent_kind")?.as_str() {
                "list" => ContainerKind::List,
                _ => ContainerKind::Object,
            },
            api_slug: row.try_get("api_slug")?,
            title: row.try_get("title")?,
            description: row.try_get("description")?,
            kind: AttributeType::parse(&kind)
                .ok_or_else(|| anyhow::anyhow!("unknown attribute type {kind:?} in catalog"))?,
            is_system: row.try_get::<i64, _>("is_system")? != 0,
            is_writable: row.try_get::<i64, _>("is_writable")? != 0,
            is_required: row.try_get::<i64, _>("is_required")? != 0,
            is_unique: row.try_get::<i64, _>("is_unique")? != 0,
            is_multiselect: row.try_get::<i64, _>("is_multiselect")? != 0,
            is_archived: row.try_get::<i64, _>("is_archived")? != 0,
            default_value: default_value.map(|v| serde_json::from_str(&v)).transpose().map_err(anyhow::Error::from)?,
            config: serde_json::from_str(&config).map_err(anyhow::Error::from)?,
            column: row.try_get("column_name")?,
            created_at: time::from_db(row.try_get("created_at")?)?,
        })
    }
}

pub(crate) fn parse_uuid(s: String) -> Result<Uuid> {
    Uuid::parse_str(&s).map_err(|e| ApiError::Internal(anyhow::anyhow!("bad uuid {s:?} in database: {e}")))
}

/// Finds an object of the context's workspace by slug or id; 404 otherwise.
pub async fn find_object(ctx: &Ctx, identifier: &str) -> Result<ObjectDef> {
    let db = &ctx.db;
    let mut q = Query::select();
    q.columns(ObjectDef::COLUMNS)
        .from(Objects::Table)
        .and_where(Expr::col(Objects::WorkspaceId).eq(ctx.workspace_id().to_string()));
    match Uuid::parse_str(identifier) {
        Ok(id) => q.and_where(Expr::col(Objects::Id).eq(id.to_string())),
        Err(_) => q.and_where(Expr::col(Objects::ApiSlug).eq(identifier)),
    };
    let row = db.read_optional(&q).await?;
    match row {
        Some(row) => ObjectDef::from_row(&row),
        None => Err(ApiError::not_found(format!("Object with slug/ID \"{identifier}\" not found."))),
    }
}

pub async fn find_object_by_id(db: &Db, workspace_id: WorkspaceId, id: ObjectId) -> Result<Option<ObjectDef>> {
    let q = Query::select()
        .columns(ObjectDef::COLUMNS)
        .from(Objects::Table)
        .and_where(Expr::col(Objects::WorkspaceId).eq(workspace_id.to_string()))
        .and_where(Expr::col(Objects::Id).eq(id.to_string()))
        .to_owned();
    db.read_optional(&q).await?.map(|r| ObjectDef::from_row(&r)).transpose()
}

pub async fn list_objects(db: &Db, workspace_id: WorkspaceId) -> Result<Vec<ObjectDef>> {
    let q = Query::select()
        .columns(ObjectDef::COLUMNS)
        .from(Objects::Table)
        .and_where(Expr::col(Objects::WorkspaceId).eq(workspace_id.to_string()))
        .order_by(Objects::CreatedAt, Order::Asc)
        .order_by(Objects::ApiSlug, Order::Asc)
        .to_owned();
    db.read_all(&q).await?.iter().map(ObjectDef::from_row).collect()
}

const ATTRIBUTE_COLUMNS: [Attributes; 19] = [
    Attributes::ParentKind,
    Attributes::Id,
    Attributes::WorkspaceId,
    Attributes::ParentId,
    Attributes::ApiSlug,
    Attributes::Title,
    Attributes::Description,
    Attributes::Type,
    Attributes::IsSystem,
    Attributes::IsWritable,
    Attributes::IsRequired,
    Attributes::IsUnique,
    Attributes::IsMultiselect,
    Attributes::IsArchived,
    Attributes::DefaultValue,
    Attributes::Config,
    Attributes::ColumnName,
    Attributes::Position,
    Attributes::CreatedAt,
];

/// Every attribute of an object or list, archived ones included, in display order.
pub async fn attributes_of(db: &Db, conn: &mut sqlx::AnyConnection, parent_id: Uuid) -> Result<Vec<AttributeDef>> {
    let q = Query::select()
        .columns(ATTRIBUTE_COLUMNS)
        .from(Attributes::Table)
        .and_where(Expr::col(Attributes::ParentId).eq(parent_id.to_string()))
        .order_by(Attributes::Position, Order::Asc)
        .to_owned();
    db.fetch_all(conn, &q).await?.iter().map(AttributeDef::from_row).collect()
}

/// An object with its attributes: what a record operation needs to know.
#[derive(Clone, Debug)]
pub struct ObjectSchema {
    pub object: ObjectDef,
    pub attributes: Vec<AttributeDef>,
    pub statuses: Vec<ChoiceDef>,
    pub options: Vec<ChoiceDef>,
    /// Each status and option in its wire shape, by id: every status or select value read
    /// embeds one, so it is serialised once per catalog version, not once per value.
    pub choice_json: HashMap<Uuid, Box<serde_json::value::RawValue>>,
}

impl ObjectSchema {
    /// The schema of an object of the context's workspace, from the cache when current.
    pub async fn load(ctx: &Ctx, identifier: &str) -> Result<Arc<Self>> {
        let (ws, version) = (ctx.workspace_id(), ctx.workspace.catalog_version);
        if let Some(s) = ctx.catalog.get(ws, identifier, version) {
            return Ok(s);
        }
        let object = find_object(ctx, identifier).await?;
        let schema = Arc::new(Self::for_object(&ctx.db, object).await?);
        ctx.catalog.put(ws, identifier, version, schema.clone());
        Ok(schema)
    }

    /// The schema of any container under a cache key of its own (lists use `list:<id>`).
    pub async fn load_container(ctx: &Ctx, key: &str, container: ObjectDef) -> Result<Arc<Self>> {
        let (ws, version) = (ctx.workspace_id(), ctx.workspace.catalog_version);
        if let Some(s) = ctx.catalog.get(ws, key, version) {
            return Ok(s);
        }
        let schema = Arc::new(Self::for_object(&ctx.db, container).await?);
        ctx.catalog.put(ws, key, version, schema.clone());
        Ok(schema)
    }

    pub async fn for_object(db: &Db, object: ObjectDef) -> Result<Self> {
        let attributes = attributes_of(db, &mut *db.conn().await?, object.id.0).await?;
        let statuses = choices_of_parent(db, ChoiceKind::Status, object.id.0).await?;
        let options = choices_of_parent(db, ChoiceKind::Option, object.id.0).await?;
        let parent = object.parent_ident();
        let mut choice_json = HashMap::new();
        for s in &statuses {
            choice_json
                .insert(s.id, serde_json::value::to_raw_value(&s.to_status(parent)).map_err(anyhow::Error::from)?);
        }
        for o in &options {
            choice_json
                .insert(o.id, serde_json::value::to_raw_value(&o.to_option(parent)).map_err(anyhow::Error::from)?);
        }
        Ok(Self { object, attributes, statuses, options, choice_json })
    }

    /// The options (select) or statuses (status) of an attribute, archived ones included.
    pub fn choices(&self, attribute: &AttributeDef) -> impl Iterator<Item = &ChoiceDef> {
        let list = match attribute.kind {
            AttributeType::Status => &self.statuses,
            _ => &self.options,
        };
        let id = attribute.id;
        list.iter().filter(move |c| c.attribute_id == id)
    }

    /// A choice by id or title (titles match exactly, as Attio does).
    pub fn find_choice(&self, attribute: &AttributeDef, id_or_title: &str) -> Option<&ChoiceDef> {
        let as_id = Uuid::parse_str(id_or_title).ok();
        self.choices(attribute).find(|c| Some(c.id) == as_id || c.title == id_or_title)
    }

    /// An active attribute by slug or id; 404 when unknown or archived.
    pub fn attribute(&self, name: &str) -> Result<&AttributeDef> {
        self.attributes.iter().find(|a| !a.is_archived && a.is_named(name)).ok_or_else(|| {
            ApiError::not_found(format!(
                "Cannot find attribute with slug/ID \"{name}\" on object \"{}\".",
                self.object.api_slug
            ))
        })
    }

    pub fn by_id(&self, id: AttributeId) -> Option<&AttributeDef> {
        self.attributes.iter().find(|a| a.id == id)
    }
}

/// The catalog and value rows of containers (an object and its lists) being deleted, and of
/// `attributes` (theirs and any elsewhere that go with them), in the order to delete them.
pub(crate) fn delete_container_rows(
    workspace_id: WorkspaceId,
    containers: &[Uuid],
    attributes: &[String],
) -> Vec<sea_query::DeleteStatement> {
    use crate::schema::{Lists, MultiValues, SelectOptions, Statuses, UniqueValues, ValueHistory};
    use sea_query::{Alias, IntoIden};
    let ids = || containers.iter().map(Uuid::to_string);
    let attrs = || attributes.iter().cloned();
    let ws = workspace_id.to_string();
    let in_workspace = |table: &str, column: &str, values: Vec<String>| {
        Query::delete()
            .from_table(Alias::new(table))
            .and_where(Expr::col(Alias::new("workspace_id")).eq(ws.as_str()))
            .and_where(Expr::col(Alias::new(column)).is_in(values))
            .to_owned()
    };
    let by = |table: sea_query::DynIden, column: sea_query::DynIden, values: Vec<String>| {
        Query::delete().from_table(table).and_where(Expr::col(column).is_in(values)).to_owned()
    };
    vec![
        in_workspace("notes", "parent_object_id", ids().collect()),
        in_workspace("comments", "object_id", ids().collect()),
        in_workspace("comments", "list_id", ids().collect()),
        by(ValueHistory::Table.into_iden(), ValueHistory::ParentId.into_iden(), ids().collect()),
        by(ValueHistory::Table.into_iden(), ValueHistory::AttributeId.into_iden(), attrs().collect()),
        by(MultiValues::Table.into_iden(), MultiValues::AttributeId.into_iden(), attrs().collect()),
        by(UniqueValues::Table.into_iden(), UniqueValues::AttributeId.into_iden(), attrs().collect()),
        by(Statuses::Table.into_iden(), Statuses::AttributeId.into_iden(), attrs().collect()),
        by(SelectOptions::Table.into_iden(), SelectOptions::AttributeId.into_iden(), attrs().collect()),
        by(Attributes::Table.into_iden(), Attributes::Id.into_iden(), attrs().collect()),
        crate::views::delete_of(containers),
        by(Lists::Table.into_iden(), Lists::Id.into_iden(), ids().collect()),
        by(Objects::Table.into_iden(), Objects::Id.into_iden(), ids().collect()),
    ]
}
