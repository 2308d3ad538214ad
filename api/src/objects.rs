//! Objects: the standard ones seeded per workspace and the custom ones admins create.

use crate::attributes::{insert_attribute, AttributeSpec};
use crate::catalog::{self, find_object, ObjectDef};
use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::{is_unique_violation, ApiError, Result};
use crate::schema::Objects;
use crate::scopes::Access;
use crate::slug::Slug;
use crate::storage;
use crate::time;
use model::ids::{ObjectId, WorkspaceId};
use model::wire::Object;
use model::AttributeType;
use sea_query::{Expr, Query};
use serde::Deserialize;
use sqlx::{AnyConnection, Executor, Row};

const READ: &[(&str, Access)] = &[("object_configuration", Access::Read)];
const WRITE: &[(&str, Access)] = &[("object_configuration", Access::ReadWrite)];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewObject {
    pub api_slug: String,
    pub singular_noun: String,
    pub plural_noun: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectPatch {
    pub api_slug: Option<String>,
    pub singular_noun: Option<String>,
    pub plural_noun: Option<String>,
}

pub async fn list_objects(ctx: &Ctx) -> Result<Vec<Object>> {
    ctx.require(READ)?;
    Ok(catalog::list_objects(&ctx.db, ctx.workspace_id()).await?.iter().map(ObjectDef::to_wire).collect())
}

pub async fn get_object(ctx: &Ctx, object: &str) -> Result<Object> {
    ctx.require(READ)?;
    Ok(find_object(ctx, object).await?.to_wire())
}

fn noun(s: &str, field: &str) -> Result<String> {
    let s = s.trim();
    if s.is_empty() || s.len() > 128 {
        return Err(ApiError::validation(format!("\"{field}\" must be 1 to 128 characters.")));
    }
    Ok(s.to_owned())
}

pub async fn create_object(ctx: &Ctx, new: NewObject) -> Result<Object> {
    ctx.require(WRITE)?;
    let slug = Slug::parse(&new.api_slug)?;
    let (singular, plural) = (noun(&new.singular_noun, "singular_noun")?, noun(&new.plural_noun, "plural_noun")?);
    let mut wtx = ctx.db.begin_write().await?;
    let object = insert_object(&ctx.db, &mut wtx.tx, ctx.workspace_id(), &slug, &singular, &plural).await?;
    ctx.commit_catalog_change(wtx).await?;
    Ok(object.to_wire())
}

pub async fn update_object(ctx: &Ctx, object: &str, patch: ObjectPatch) -> Result<Object> {
    ctx.require(WRITE)?;
    let current = find_object(ctx, object).await?;
    let mut q = Query::update();
    q.table(Objects::Table);
    let mut any = false;
    if let Some(s) = &patch.api_slug {
        q.value(Objects::ApiSlug, Slug::parse(s)?.as_str());
        any = true;
    }
    if let Some(s) = &patch.singular_noun {
        q.value(Objects::SingularNoun, noun(s, "singular_noun")?);
        any = true;
    }
    if let Some(s) = &patch.plural_noun {
        q.value(Objects::PluralNoun, noun(s, "plural_noun")?);
        any = true;
    }
    if !any {
        return Err(ApiError::validation("The request must change at least one field."));
    }
    q.and_where(Expr::col(Objects::Id).eq(current.id.0.to_string()));
    let db = &ctx.db;
    let mut wtx = db.begin_write().await?;
    db.execute(&mut wtx.tx, &q).await.map_err(|e| slug_taken(e, patch.api_slug.as_deref().unwrap_or("")))?;
    ctx.commit_catalog_change(wtx).await?;
    Ok(catalog::find_object_by_id(db, ctx.workspace_id(), current.id)
        .await?
        .ok_or_else(|| ApiError::not_found("Object not found."))?
        .to_wire())
}

fn slug_taken(e: sqlx::Error, slug: &str) -> ApiError {
    if is_unique_violation(&e) {
        ApiError::slug_conflict(format!("An object with slug \"{slug}\" already exists."))
    } else {
        e.into()
    }
}

/// Creates the catalog row, the record table and the system attributes of a new object.
pub(crate) async fn insert_object(
    db: &Db,
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    slug: &Slug,
    singular: &str,
    plural: &str,
) -> Result<ObjectDef> {
    let id = ObjectId::new();
    let table = storage::table_name(id);
    let now = time::now();
    let q = Query::insert()
        .into_table(Objects::Table)
        .columns(ObjectDef::COLUMNS)
        .values_panic([
            id.to_string().into(),
            workspace_id.to_string().into(),
            slug.as_str().into(),
            singular.into(),
            plural.into(),
            table.clone().into(),
            time::to_db(now).into(),
        ])
        .to_owned();
    db.execute(&mut *conn, &q).await.map_err(|e| slug_taken(e, slug.as_str()))?;
    storage::create_record_table(conn, &table).await?;
    let object = ObjectDef {
        kind: crate::catalog::ContainerKind::Object,
        id,
        workspace_id,
        api_slug: slug.to_string(),
        singular_noun: singular.into(),
        plural_noun: plural.into(),
        table_name: table,
        created_at: now,
    };
    for (slug, title, kind) in [
        ("record_id", "Record ID", AttributeType::Text),
        ("created_at", "Created at", AttributeType::Timestamp),
        ("created_by", "Created by", AttributeType::ActorReference),
    ] {
        let mut spec = AttributeSpec::new(slug, title, kind);
        spec.is_system = true;
        spec.is_writable = false;
        // These read the record row's own columns.
        spec.fixed_column = match slug {
            "record_id" => Some("record_id"),
            "created_at" => Some("created_at"),
            _ => None,
        };
        insert_attribute(db, conn, workspace_id, &object, spec).await?;
    }
    Ok(object)
}

/// `DELETE /v2/objects/{object}`: a custom object goes with its records, lists and their
/// entries, notes, comments, history and views. Tasks lose their links to its records (a
/// task linked to nothing else goes too); records elsewhere lose their references to them,
/// through the ordinary write path, and attributes that could only point at it are removed.
pub async fn delete_object(ctx: &Ctx, object: &str) -> Result<()> {
    ctx.require(&[("object_configuration", Access::ReadWrite), ("record_permission", Access::ReadWrite)])?;
    let def = find_object(ctx, object).await?;
    let standard = Query::select()
        .column(Objects::IsStandard)
        .from(Objects::Table)
        .and_where(Expr::col(Objects::Id).eq(def.id.to_string()))
        .to_owned();
    let is_standard = ctx.db.read_optional(&standard).await?.map(|r| r.try_get::<i64, _>("is_standard")).transpose()?;
    if is_standard.unwrap_or(0) != 0 {
        return Err(ApiError::validation(format!("\"{}\" is a standard object and cannot be deleted.", def.api_slug)));
    }
    let schema = crate::catalog::ObjectSchema::load(ctx, object).await?;
    let mut containers = vec![schema.clone()];
    for list in crate::lists::all_lists(&ctx.db, ctx.workspace_id()).await? {
        if list.parent_object_id == def.id {
            containers.push(crate::lists::list_schema(ctx, &list.id.to_string()).await?.1);
        }
    }
    let doomed: Vec<uuid::Uuid> = containers.iter().map(|c| c.object.id.0).collect();
    let referrers = crate::related::referrers(ctx, &schema).await?;

    let db = &ctx.db;
    let mut wtx = db.begin_write().await?;
    let conn: &mut AnyConnection = &mut wtx.tx;
    for r in referrers.iter().filter(|r| !doomed.contains(&r.schema.object.id.0)) {
        crate::merge::drop_references_to(ctx, conn, r, &schema).await?;
    }
    // Attributes elsewhere that could only ever point at this object go with it.
    let only_here: Vec<String> = referrers
        .iter()
        .filter(|r| !doomed.contains(&r.schema.object.id.0))
        .filter(|r| r.attribute.config.wire.record_reference.allowed_object_ids.as_deref() == Some(&[def.id]))
        .map(|r| r.attribute.id.0.to_string())
        .collect();
    let attributes: Vec<String> =
        containers.iter().flat_map(|c| c.attributes.iter().map(|a| a.id.0.to_string())).chain(only_here).collect();
    crate::tasks::unlink_object(ctx, conn, def.id).await?;
    for stmt in crate::catalog::delete_container_rows(ctx.workspace_id(), &doomed, &attributes) {
        db.execute(&mut *conn, &stmt).await?;
    }
    for c in &containers {
        conn.execute(format!("DROP TABLE \"{}\"", c.object.table_name).as_str()).await?;
    }
    ctx.commit_catalog_change(wtx).await
}
