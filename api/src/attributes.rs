//! Attributes of objects, their select options and statuses.

use crate::catalog::{attributes_of, find_object, AttributeDef, ObjectDef, ObjectSchema, StoredConfig};
use crate::choices::{choices_of_parent, ChoiceDef, ChoiceKind};
use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::{is_unique_violation, ApiError, Result};
use crate::schema::{Attributes, RecordCols, SelectOptions, Statuses, UniqueValues};
use crate::scopes::Access;
use crate::slug::Slug;
use crate::storage::{self, ColumnKind};
use crate::time;
use model::ids::{AttributeId, WorkspaceId};
use model::wire::{Attribute, AttributeConfig, SelectOption, Status};
use model::AttributeType;
use sea_query::{Alias, Expr, Func, IntoIden, OnConflict, Query};
use serde::Deserialize;
use serde_json::{Map, Value};
use sqlx::{AnyConnection, Row};
use uuid::Uuid;

/// Object attributes are object configuration; list attributes are list configuration.
fn scopes(target: Target, access: Access) -> [(&'static str, Access); 1] {
    match target {
        Target::Objects => [("object_configuration", access)],
        Target::Lists => [("list_configuration", access)],
    }
}

/// `{target}` of `/v2/{target}/{identifier}/attributes`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    Objects,
    Lists,
}

impl Target {
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "objects" => Ok(Self::Objects),
            "lists" => Ok(Self::Lists),
            other => Err(ApiError::not_found(format!("Unknown target \"{other}\": expected objects or lists."))),
        }
    }
}

/// What the catalog needs to create an attribute.
pub(crate) struct AttributeSpec<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub description: Option<String>,
    pub kind: AttributeType,
    pub is_system: bool,
    pub is_writable: bool,
    pub is_required: bool,
    pub is_unique: bool,
    pub is_multiselect: bool,
    pub default_value: Option<Value>,
    pub config: StoredConfig,
    /// A column of the record row that already holds the value (system attributes).
    pub fixed_column: Option<&'static str>,
}

impl<'a> AttributeSpec<'a> {
    pub fn new(slug: &'a str, title: &'a str, kind: AttributeType) -> Self {
        Self {
            slug,
            title,
            description: None,
            kind,
            is_system: false,
            is_writable: true,
            is_required: false,
            is_unique: false,
            is_multiselect: false,
            default_value: None,
            config: StoredConfig::default(),
            fixed_column: None,
        }
    }
}

/// Inserts an attribute and, for a single-value one, adds its typed column.
pub(crate) async fn insert_attribute(
    db: &Db,
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    object: &ObjectDef,
    spec: AttributeSpec<'_>,
) -> Result<AttributeDef> {
    let id = AttributeId::new();
    let now = time::now();
    let column = match (spec.fixed_column, spec.is_multiselect) {
        (Some(c), _) => Some(c.to_owned()),
        (None, false) if !spec.is_system => Some(storage::column_name(id)),
        _ => None,
    };
    let position_q = Query::select()
        .expr(Func::coalesce([Expr::col(Attributes::Position).max(), Expr::val(-1).into()]))
        .from(Attributes::Table)
        .and_where(Expr::col(Attributes::ParentId).eq(object.id.0.to_string()))
        .to_owned();
    let position: i64 =
        db.fetch_optional(&mut *conn, &position_q).await?.map(|r| r.try_get(0)).transpose()?.unwrap_or(-1) + 1;
    let config = serde_json::to_string(&spec.config).map_err(anyhow::Error::from)?;
    let default = spec.default_value.as_ref().map(Value::to_string);
    let q = Query::insert()
        .into_table(Attributes::Table)
        .columns([
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
            Attributes::ParentKind,
        ])
        .values_panic([
            id.to_string().into(),
            workspace_id.to_string().into(),
            object.id.to_string().into(),
            spec.slug.into(),
            spec.title.into(),
            spec.description.clone().into(),
            spec.kind.as_str().into(),
            i64::from(spec.is_system).into(),
            i64::from(spec.is_writable).into(),
            i64::from(spec.is_required).into(),
            i64::from(spec.is_unique).into(),
            i64::from(spec.is_multiselect).into(),
            0i64.into(),
            default.into(),
            config.into(),
            column.clone().into(),
            position.into(),
            time::to_db(now).into(),
            object.kind.as_str().into(),
        ])
        .to_owned();
    db.execute(&mut *conn, &q).await.map_err(|e| {
        if is_unique_violation(&e) {
            ApiError::slug_conflict(format!(
                "An attribute with slug \"{}\" already exists on \"{}\".",
                spec.slug, object.api_slug
            ))
        } else {
            e.into()
        }
    })?;
    if let (Some(col), None) = (&column, spec.fixed_column) {
        storage::add_value_column(db, conn, &object.table_name, col, ColumnKind::of(spec.kind)).await?;
    }
    Ok(AttributeDef {
        id,
        workspace_id,
        parent_id: object.id.0,
        parent_kind: object.kind,
        api_slug: spec.slug.to_owned(),
        title: spec.title.to_owned(),
        description: spec.description,
        kind: spec.kind,
        is_system: spec.is_system,
        is_writable: spec.is_writable,
        is_required: spec.is_required,
        is_unique: spec.is_unique,
        is_multiselect: spec.is_multiselect,
        is_archived: false,
        default_value: spec.default_value,
        config: spec.config,
        column,
        created_at: now,
    })
}

/// Inserts a select option or status at the end of the attribute's list.
pub(crate) async fn insert_choice(
    db: &Db,
    conn: &mut AnyConnection,
    kind: ChoiceKind,
    workspace_id: WorkspaceId,
    attribute_id: AttributeId,
    title: &str,
) -> Result<Uuid> {
    let id = Uuid::now_v7();
    let now = time::to_db(time::now());
    let result = match kind {
        ChoiceKind::Status => {
            let pos = Query::select()
                .expr(Func::coalesce([Expr::col(Statuses::Position).max(), Expr::val(-1).into()]))
                .from(Statuses::Table)
                .and_where(Expr::col(Statuses::AttributeId).eq(attribute_id.to_string()))
                .to_owned();
            let position: i64 =
                db.fetch_optional(&mut *conn, &pos).await?.map(|r| r.try_get(0)).transpose()?.unwrap_or(-1) + 1;
            let q = Query::insert()
                .into_table(Statuses::Table)
                .columns([
                    Statuses::Id,
                    Statuses::WorkspaceId,
                    Statuses::AttributeId,
                    Statuses::Title,
                    Statuses::Position,
                    Statuses::CreatedAt,
                ])
                .values_panic([
                    id.to_string().into(),
                    workspace_id.to_string().into(),
                    attribute_id.to_string().into(),
                    title.into(),
                    position.into(),
                    now.into(),
                ])
                .to_owned();
            db.execute(&mut *conn, &q).await
        }
        ChoiceKind::Option => {
            let pos = Query::select()
                .expr(Func::coalesce([Expr::col(SelectOptions::Position).max(), Expr::val(-1).into()]))
                .from(SelectOptions::Table)
                .and_where(Expr::col(SelectOptions::AttributeId).eq(attribute_id.to_string()))
                .to_owned();
            let position: i64 =
                db.fetch_optional(&mut *conn, &pos).await?.map(|r| r.try_get(0)).transpose()?.unwrap_or(-1) + 1;
            let q = Query::insert()
                .into_table(SelectOptions::Table)
                .columns([
                    SelectOptions::Id,
                    SelectOptions::WorkspaceId,
                    SelectOptions::AttributeId,
                    SelectOptions::Title,
                    SelectOptions::Position,
                    SelectOptions::CreatedAt,
                ])
                .values_panic([
                    id.to_string().into(),
                    workspace_id.to_string().into(),
                    attribute_id.to_string().into(),
                    title.into(),
                    position.into(),
                    now.into(),
                ])
                .to_owned();
            db.execute(&mut *conn, &q).await
        }
    };
    result.map_err(|e| {
        if is_unique_violation(&e) {
            ApiError::slug_conflict(format!("\"{title}\" already exists on this attribute."))
        } else {
            e.into()
        }
    })?;
    Ok(id)
}

async fn parent(ctx: &Ctx, target: Target, identifier: &str) -> Result<ObjectDef> {
    match target {
        Target::Objects => find_object(ctx, identifier).await,
        Target::Lists => Ok(crate::lists::find_list(ctx, identifier).await?.container()),
    }
}

pub async fn list_attributes(
    ctx: &Ctx,
    target: Target,
    identifier: &str,
    show_archived: bool,
) -> Result<Vec<Attribute>> {
    ctx.require(&scopes(target, Access::Read))?;
    let object = parent(ctx, target, identifier).await?;
    Ok(attributes_of(&ctx.db, &mut *ctx.db.conn().await?, object.id.0)
        .await?
        .iter()
        .filter(|a| show_archived || !a.is_archived)
        .map(AttributeDef::to_wire)
        .collect())
}

async fn find_attribute(
    ctx: &Ctx,
    target: Target,
    identifier: &str,
    attribute: &str,
) -> Result<(ObjectSchema, AttributeDef)> {
    let object = parent(ctx, target, identifier).await?;
    let schema = ObjectSchema::for_object(&ctx.db, object).await?;
    let attr = schema
        .attributes
        .iter()
        .find(|a| a.is_named(attribute))
        .cloned()
        .ok_or_else(|| ApiError::not_found(format!("Attribute with slug/ID \"{attribute}\" not found.")))?;
    Ok((schema, attr))
}

pub async fn get_attribute(ctx: &Ctx, target: Target, identifier: &str, attribute: &str) -> Result<Attribute> {
    ctx.require(&scopes(target, Access::Read))?;
    Ok(find_attribute(ctx, target, identifier, attribute).await?.1.to_wire())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewAttribute {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    pub api_slug: String,
    #[serde(rename = "type")]
    pub kind: AttributeType,
    #[serde(default)]
    pub is_required: bool,
    #[serde(default)]
    pub is_unique: bool,
    #[serde(default)]
    pub is_multiselect: bool,
    #[serde(default)]
    pub default_value: Option<Value>,
    #[serde(default)]
    pub config: Option<NewAttributeConfig>,
}

#[derive(Debug, Default, Deserialize)]
pub struct NewAttributeConfig {
    #[serde(default)]
    pub currency: Option<model::wire::CurrencyConfig>,
    #[serde(default)]
    pub record_reference: Option<NewRecordReferenceConfig>,
}

#[derive(Debug, Default, Deserialize)]
pub struct NewRecordReferenceConfig {
    #[serde(default)]
    pub allowed_objects: Vec<String>,
}

pub async fn create_attribute(ctx: &Ctx, target: Target, identifier: &str, new: NewAttribute) -> Result<Attribute> {
    ctx.require(&scopes(target, Access::ReadWrite))?;
    let object = parent(ctx, target, identifier).await?;
    let slug = Slug::parse(&new.api_slug)?;
    let title = new.title.trim();
    if title.is_empty() {
        return Err(ApiError::validation("\"title\" must not be empty."));
    }
    if matches!(new.kind, AttributeType::Interaction | AttributeType::PersonalName) {
        return Err(ApiError::validation(format!(
            "Attributes of type \"{}\" cannot be created through the API.",
            new.kind
        )));
    }
    if new.is_multiselect && matches!(new.kind, AttributeType::Status | AttributeType::Checkbox) {
        return Err(ApiError::validation(format!("Attributes of type \"{}\" cannot be multiselect.", new.kind)));
    }
    let mut config = StoredConfig::default();
    if let Some(c) = new.config {
        if let Some(cur) = c.currency {
            if let Some(code) = &cur.default_currency_code {
                if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
                    return Err(ApiError::validation("\"default_currency_code\" must be an ISO 4217 code."));
                }
            }
            config.wire.currency = cur;
        }
        if let Some(rr) = c.record_reference {
            let mut ids = Vec::new();
            for name in &rr.allowed_objects {
                ids.push(
                    find_object(ctx, name)
                        .await
                        .map_err(|_| ApiError::value_not_found(format!("Object \"{name}\" not found.")))?
                        .id,
                );
            }
            if !ids.is_empty() {
                config.wire.record_reference.allowed_object_ids = Some(ids);
            }
        }
    }
    if new.kind == AttributeType::RecordReference && config.wire.record_reference.allowed_object_ids.is_none() {
        return Err(ApiError::validation(
            "A record-reference attribute needs config.record_reference.allowed_objects.",
        ));
    }
    let mut spec = AttributeSpec::new(slug.as_str(), title, new.kind);
    spec.description = new.description;
    spec.is_required = new.is_required;
    spec.is_unique = new.is_unique;
    spec.is_multiselect = new.is_multiselect;
    spec.default_value = new.default_value;
    spec.config = config;
    let mut wtx = ctx.db.begin_write().await?;
    let attr = insert_attribute(&ctx.db, &mut wtx.tx, ctx.workspace_id(), &object, spec).await?;
    ctx.commit_catalog_change(wtx).await?;
    Ok(attr.to_wire())
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributePatch {
    pub title: Option<String>,
    pub description: Option<String>,
    pub api_slug: Option<String>,
    pub is_required: Option<bool>,
    pub is_unique: Option<bool>,
    pub is_archived: Option<bool>,
    pub default_value: Option<Value>,
    pub config: Option<AttributeConfig>,
}

/// An attribute made unique claims the values records already have, so that new values
/// must differ from them. As in Attio, existing data is not checked: of values that are
/// already duplicated, the first record keeps the claim and the others keep their values.
async fn claim_existing_values(
    db: &Db,
    conn: &mut AnyConnection,
    schema: &ObjectSchema,
    attr: &AttributeDef,
) -> Result<()> {
    let q = Query::select()
        .columns([RecordCols::RecordId, RecordCols::Doc])
        .from(Alias::new(&schema.object.table_name))
        .order_by(RecordCols::RecordId, sea_query::Order::Asc)
        .to_owned();
    let key = attr.id.0.to_string();
    let mut claims = Vec::new();
    for row in db.fetch_all(&mut *conn, &q).await? {
        let record_id: String = row.try_get("record_id")?;
        let doc: Map<String, Value> = serde_json::from_str(row.try_get("doc")?).map_err(anyhow::Error::from)?;
        for v in doc.get(&key).and_then(Value::as_array).into_iter().flatten() {
            if let Some(k) = crate::values::stored_key(attr, v) {
                claims.push((k, record_id.clone()));
            }
        }
    }
    for chunk in claims.chunks(500) {
        let mut insert = Query::insert();
        insert
            .into_table(UniqueValues::Table)
            .columns([UniqueValues::AttributeId, UniqueValues::Key, UniqueValues::RecordId])
            .on_conflict(OnConflict::columns([UniqueValues::AttributeId, UniqueValues::Key]).do_nothing().to_owned());
        for (k, record_id) in chunk {
            insert.values_panic([key.clone().into(), k.clone().into(), record_id.clone().into()]);
        }
        db.execute(&mut *conn, &insert).await?;
    }
    Ok(())
}

pub async fn update_attribute(
    ctx: &Ctx,
    target: Target,
    identifier: &str,
    attribute: &str,
    patch: AttributePatch,
) -> Result<Attribute> {
    ctx.require(&scopes(target, Access::ReadWrite))?;
    let (schema, attr) = find_attribute(ctx, target, identifier, attribute).await?;
    if attr.is_system {
        return Err(ApiError::BadRequest {
            code: "system_edit_unauthorized",
            message: format!("System attribute \"{}\" cannot be changed.", attr.api_slug),
        });
    }
    let mut q = Query::update();
    q.table(Attributes::Table);
    let mut any = false;
    if let Some(t) = &patch.title {
        if t.trim().is_empty() {
            return Err(ApiError::validation("\"title\" must not be empty."));
        }
        q.value(Attributes::Title, t.trim());
        any = true;
    }
    if let Some(d) = &patch.description {
        q.value(Attributes::Description, d.as_str());
        any = true;
    }
    if let Some(s) = &patch.api_slug {
        q.value(Attributes::ApiSlug, Slug::parse(s)?.as_str());
        any = true;
    }
    if let Some(b) = patch.is_required {
        q.value(Attributes::IsRequired, i64::from(b));
        any = true;
    }
    if let Some(b) = patch.is_unique {
        q.value(Attributes::IsUnique, i64::from(b));
        any = true;
    }
    if let Some(b) = patch.is_archived {
        q.value(Attributes::IsArchived, i64::from(b));
        any = true;
    }
    if let Some(d) = &patch.default_value {
        q.value(Attributes::DefaultValue, (!d.is_null()).then(|| d.to_string()));
        any = true;
    }
    if let Some(c) = patch.config {
        let stored = StoredConfig { wire: c, ..attr.config.clone() };
        q.value(Attributes::Config, serde_json::to_string(&stored).map_err(anyhow::Error::from)?);
        any = true;
    }
    if !any {
        return Err(ApiError::validation("The request must change at least one field."));
    }
    q.and_where(Expr::col(Attributes::Id).eq(attr.id.0.to_string()));
    let db = &ctx.db;
    let mut wtx = db.begin_write().await?;
    db.execute(&mut wtx.tx, &q).await.map_err(|e| {
        if is_unique_violation(&e) {
            ApiError::slug_conflict(format!(
                "An attribute with that slug already exists on \"{}\".",
                schema.object.api_slug
            ))
        } else {
            e.into()
        }
    })?;
    match patch.is_unique {
        Some(true) if !attr.is_unique => claim_existing_values(db, &mut wtx.tx, &schema, &attr).await?,
        Some(false) if attr.is_unique => {
            let release = Query::delete()
                .from_table(UniqueValues::Table)
                .and_where(Expr::col(UniqueValues::AttributeId).eq(attr.id.0.to_string()))
                .to_owned();
            db.execute(&mut wtx.tx, &release).await?;
        }
        _ => {}
    }
    ctx.commit_catalog_change(wtx).await?;
    let (_, updated) = find_attribute(ctx, target, identifier, &attr.id.0.to_string()).await?;
    Ok(updated.to_wire())
}

fn choice_kind(attr: &AttributeDef, wanted: ChoiceKind) -> Result<()> {
    let ok = match wanted {
        ChoiceKind::Status => attr.kind == AttributeType::Status,
        ChoiceKind::Option => attr.kind == AttributeType::Select,
    };
    if ok {
        Ok(())
    } else {
        Err(ApiError::not_found(format!(
            "Attribute \"{}\" has no {}.",
            attr.api_slug,
            if wanted == ChoiceKind::Status { "statuses" } else { "select options" }
        )))
    }
}

async fn choices(ctx: &Ctx, schema: &ObjectSchema, attr: &AttributeDef, kind: ChoiceKind) -> Result<Vec<ChoiceDef>> {
    Ok(choices_of_parent(&ctx.db, kind, schema.object.id.0)
        .await?
        .into_iter()
        .filter(|c| c.attribute_id == attr.id)
        .collect())
}

pub async fn list_options(
    ctx: &Ctx,
    target: Target,
    identifier: &str,
    attribute: &str,
    show_archived: bool,
) -> Result<Vec<SelectOption>> {
    ctx.require(&scopes(target, Access::Read))?;
    let (schema, attr) = find_attribute(ctx, target, identifier, attribute).await?;
    choice_kind(&attr, ChoiceKind::Option)?;
    let parent = schema.object.parent_ident();
    Ok(choices(ctx, &schema, &attr, ChoiceKind::Option)
        .await?
        .iter()
        .filter(|c| show_archived || !c.is_archived)
        .map(|c| c.to_option(parent))
        .collect())
}

pub async fn list_statuses(
    ctx: &Ctx,
    target: Target,
    identifier: &str,
    attribute: &str,
    show_archived: bool,
) -> Result<Vec<Status>> {
    ctx.require(&scopes(target, Access::Read))?;
    let (schema, attr) = find_attribute(ctx, target, identifier, attribute).await?;
    choice_kind(&attr, ChoiceKind::Status)?;
    let parent = schema.object.parent_ident();
    Ok(choices(ctx, &schema, &attr, ChoiceKind::Status)
        .await?
        .iter()
        .filter(|c| show_archived || !c.is_archived)
        .map(|c| c.to_status(parent))
        .collect())
}

#[derive(Debug, Deserialize)]
pub struct NewChoice {
    pub title: String,
    #[serde(default)]
    pub celebration_enabled: Option<bool>,
    #[serde(default)]
    pub target_time_in_status: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct ChoicePatch {
    pub title: Option<String>,
    pub is_archived: Option<bool>,
    pub celebration_enabled: Option<bool>,
    pub target_time_in_status: Option<Option<String>>,
}

/// Creates a select option or status; returns it in its wire shape as JSON.
pub async fn create_choice(
    ctx: &Ctx,
    kind: ChoiceKind,
    target: Target,
    identifier: &str,
    attribute: &str,
    new: NewChoice,
) -> Result<Value> {
    ctx.require(&scopes(target, Access::ReadWrite))?;
    let (schema, attr) = find_attribute(ctx, target, identifier, attribute).await?;
    choice_kind(&attr, kind)?;
    let title = new.title.trim();
    if title.is_empty() {
        return Err(ApiError::validation("\"title\" must not be empty."));
    }
    let db = &ctx.db;
    let mut wtx = db.begin_write().await?;
    let id = insert_choice(db, &mut wtx.tx, kind, ctx.workspace_id(), attr.id, title).await?;
    if kind == ChoiceKind::Status {
        let mut q = Query::update();
        q.table(Statuses::Table)
            .value(Statuses::CelebrationEnabled, i64::from(new.celebration_enabled.unwrap_or(false)))
            .value(Statuses::TargetTimeInStatus, new.target_time_in_status)
            .and_where(Expr::col(Statuses::Id).eq(id.to_string()));
        db.execute(&mut wtx.tx, &q).await?;
    }
    ctx.commit_catalog_change(wtx).await?;
    choice_json(ctx, &schema, &attr, kind, id).await
}

pub async fn update_choice(
    ctx: &Ctx,
    kind: ChoiceKind,
    target: Target,
    identifier: &str,
    attribute: &str,
    choice: &str,
    patch: ChoicePatch,
) -> Result<Value> {
    ctx.require(&scopes(target, Access::ReadWrite))?;
    let (schema, attr) = find_attribute(ctx, target, identifier, attribute).await?;
    choice_kind(&attr, kind)?;
    let existing = choices(ctx, &schema, &attr, kind)
        .await?
        .into_iter()
        .find(|c| c.id.to_string() == choice || c.title == choice)
        .ok_or_else(|| ApiError::not_found(format!("\"{choice}\" not found on attribute \"{}\".", attr.api_slug)))?;
    let db = &ctx.db;
    let mut wtx = db.begin_write().await?;
    let (table, id_col, title_col, archived_col) = match kind {
        ChoiceKind::Status => (
            Statuses::Table.into_iden(),
            Statuses::Id.into_iden(),
            Statuses::Title.into_iden(),
            Statuses::IsArchived.into_iden(),
        ),
        ChoiceKind::Option => (
            SelectOptions::Table.into_iden(),
            SelectOptions::Id.into_iden(),
            SelectOptions::Title.into_iden(),
            SelectOptions::IsArchived.into_iden(),
        ),
    };
    let mut q = Query::update();
    q.table(table);
    let mut any = false;
    if let Some(t) = &patch.title {
        if t.trim().is_empty() {
            return Err(ApiError::validation("\"title\" must not be empty."));
        }
        q.value(title_col, t.trim());
        any = true;
    }
    if let Some(a) = patch.is_archived {
        q.value(archived_col, i64::from(a));
        any = true;
    }
    if kind == ChoiceKind::Status {
        if let Some(c) = patch.celebration_enabled {
            q.value(Statuses::CelebrationEnabled, i64::from(c));
            any = true;
        }
        if let Some(t) = patch.target_time_in_status {
            q.value(Statuses::TargetTimeInStatus, t);
            any = true;
        }
    }
    if !any {
        return Err(ApiError::validation("The request must change at least one field."));
    }
    q.and_where(Expr::col(id_col).eq(existing.id.to_string()));
    db.execute(&mut wtx.tx, &q).await.map_err(|e| {
        if is_unique_violation(&e) {
            ApiError::slug_conflict("Another choice of this attribute has that title.")
        } else {
            e.into()
        }
    })?;
    ctx.commit_catalog_change(wtx).await?;
    choice_json(ctx, &schema, &attr, kind, existing.id).await
}

async fn choice_json(
    ctx: &Ctx,
    schema: &ObjectSchema,
    attr: &AttributeDef,
    kind: ChoiceKind,
    id: Uuid,
) -> Result<Value> {
    let c = choices(ctx, schema, attr, kind)
        .await?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("choice {id} vanished")))?;
    let parent = schema.object.parent_ident();
    Ok(match kind {
        ChoiceKind::Status => serde_json::to_value(c.to_status(parent)),
        ChoiceKind::Option => serde_json::to_value(c.to_option(parent)),
    }
    .map_err(anyhow::Error::from)?)
}
