//! Notes on records: plaintext or markdown content, kept in both forms.

use crate::catalog::{find_object, find_object_by_id, parse_uuid, ObjectDef};
use crate::ctx::Ctx;
use crate::error::{ApiError, Result};
use crate::records::record_exists;
use crate::scopes::Access;
use crate::time;
use model::ids::{NoteId, ObjectId, RecordId};
use model::wire::{Actor, Note, NoteIdent};
use sea_query::{Expr, Iden, Order, Query};
use serde::Deserialize;
use sqlx::any::AnyRow;
use sqlx::Row;

#[derive(Iden, Clone, Copy)]
enum Notes {
    Table,
    Id,
    WorkspaceId,
    ParentObjectId,
    ParentRecordId,
    Title,
    ContentPlaintext,
    ContentMarkdown,
    MeetingId,
    CreatedBy,
    CreatedAt,
}

const COLUMNS: [Notes; 10] = [
    Notes::Id,
    Notes::ParentObjectId,
    Notes::ParentRecordId,
    Notes::Title,
    Notes::ContentPlaintext,
    Notes::ContentMarkdown,
    Notes::MeetingId,
    Notes::CreatedBy,
    Notes::CreatedAt,
    Notes::WorkspaceId,
];

const READ: &[(&str, Access)] =
    &[("note", Access::Read), ("object_configuration", Access::Read), ("record_permission", Access::Read)];
const WRITE: &[(&str, Access)] =
    &[("note", Access::ReadWrite), ("object_configuration", Access::Read), ("record_permission", Access::Read)];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewNote {
    pub parent_object: String,
    pub parent_record_id: String,
    pub title: String,
    #[serde(default)]
    pub format: Option<String>,
    pub content: String,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub meeting_id: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct NoteFilter {
    #[serde(default, deserialize_with = "model::num::opt_u64")]
    pub limit: Option<u64>,
    #[serde(default, deserialize_with = "model::num::opt_u64")]
    pub offset: Option<u64>,
    pub parent_object: Option<String>,
    pub parent_record_id: Option<String>,
}

/// Plain text of markdown: the text and code of every block, one block per line.
fn markdown_to_text(md: &str) -> String {
    use pulldown_cmark::{Event, Parser, TagEnd};
    let mut out = String::new();
    for event in Parser::new(md) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock) => out.push('\n'),
            _ => {}
        }
    }
    out.trim_end().to_owned()
}

fn note_from_row(row: &AnyRow, objects: &[ObjectDef]) -> Result<Note> {
    let object_id = ObjectId(parse_uuid(row.try_get("parent_object_id")?)?);
    let created_by: String = row.try_get("created_by")?;
    Ok(Note {
        id: NoteIdent {
            workspace_id: model::ids::WorkspaceId(parse_uuid(row.try_get("workspace_id")?)?),
            note_id: NoteId(parse_uuid(row.try_get("id")?)?),
        },
        parent_object: objects.iter().find(|o| o.id == object_id).map(|o| o.api_slug.clone()).unwrap_or_default(),
        parent_record_id: RecordId(parse_uuid(row.try_get("parent_record_id")?)?),
        title: row.try_get("title")?,
        meeting_id: row.try_get("meeting_id")?,
        content_plaintext: row.try_get("content_plaintext")?,
        content_markdown: row.try_get("content_markdown")?,
        tags: Vec::new(),
        created_by_actor: serde_json::from_str::<Actor>(&created_by).map_err(anyhow::Error::from)?,
        created_at: time::from_db(row.try_get("created_at")?)?,
    })
}

pub async fn create_note(ctx: &Ctx, new: NewNote) -> Result<Note> {
    ctx.require(WRITE)?;
    let object = find_object(ctx, &new.parent_object).await?;
    let record_id: RecordId = new
        .parent_record_id
        .parse()
        .map_err(|_| ApiError::not_found(format!("Record \"{}\" not found.", new.parent_record_id)))?;
    if !record_exists(ctx, &object, record_id).await? {
        return Err(ApiError::not_found(format!("Record \"{record_id}\" not found on \"{}\".", object.api_slug)));
    }
    let (plaintext, markdown) = match new.format.as_deref().unwrap_or("plaintext") {
        "plaintext" => (new.content.clone(), new.content.clone()),
        "markdown" => (markdown_to_text(&new.content), new.content.clone()),
        other => {
            return Err(ApiError::validation(format!("Unknown note format \"{other}\": use plaintext or markdown.")))
        }
    };
    let created_at = match &new.created_at {
        Some(s) => crate::values::parse_timestamp(s)
            .ok_or_else(|| ApiError::validation("\"created_at\" must be an ISO 8601 timestamp."))?,
        None => time::now(),
    };
    let id = NoteId::new();
    let q = Query::insert()
        .into_table(Notes::Table)
        .columns(COLUMNS)
        .values_panic([
            id.to_string().into(),
            object.id.to_string().into(),
            record_id.to_string().into(),
            new.title.clone().into(),
            plaintext.into(),
            markdown.into(),
            new.meeting_id.clone().into(),
            ctx.actor_json().to_string().into(),
            time::to_db(created_at).into(),
            ctx.workspace_id().to_string().into(),
        ])
        .to_owned();
    let event = serde_json::json!({
        "id": {"workspace_id": ctx.workspace_id(), "note_id": id},
        "parent_object_id": object.id,
        "parent_record_id": record_id,
    });
    let c = ctx.clone();
    ctx.write(move |conn| {
        Box::pin(async move {
            c.db.execute(&mut *conn, &q).await?;
            crate::webhooks::emit(&c.db, conn, &c, "note.created", event).await
        })
    })
    .await?;
    get_note(ctx, &id.to_string()).await
}

pub async fn list_notes(ctx: &Ctx, filter: NoteFilter) -> Result<Vec<Note>> {
    ctx.require(READ)?;
    let limit = filter.limit.unwrap_or(10);
    if limit > 50 {
        return Err(ApiError::validation("\"limit\" may be at most 50."));
    }
    let mut q = Query::select();
    q.columns(COLUMNS)
        .from(Notes::Table)
        .and_where(Expr::col(Notes::WorkspaceId).eq(ctx.workspace_id().to_string()))
        .order_by(Notes::CreatedAt, Order::Desc)
        .order_by(Notes::Id, Order::Desc)
        .limit(limit)
        .offset(filter.offset.unwrap_or(0));
    if let Some(o) = &filter.parent_object {
        q.and_where(Expr::col(Notes::ParentObjectId).eq(find_object(ctx, o).await?.id.to_string()));
    }
    if let Some(r) = &filter.parent_record_id {
        q.and_where(Expr::col(Notes::ParentRecordId).eq(r.as_str()));
    }
    let rows = ctx.db.read_all(&q).await?;
    let objects = crate::catalog::list_objects(&ctx.db, ctx.workspace_id()).await?;
    rows.iter().map(|r| note_from_row(r, &objects)).collect()
}

pub async fn get_note(ctx: &Ctx, id: &str) -> Result<Note> {
    ctx.require(READ)?;
    let not_found = || ApiError::not_found(format!("Note \"{id}\" not found."));
    let id: NoteId = id.parse().map_err(|_| not_found())?;
    let q = Query::select()
        .columns(COLUMNS)
        .from(Notes::Table)
        .and_where(Expr::col(Notes::WorkspaceId).eq(ctx.workspace_id().to_string()))
        .and_where(Expr::col(Notes::Id).eq(id.to_string()))
        .to_owned();
    let row = ctx.db.read_optional(&q).await?.ok_or_else(not_found)?;
    let object_id = ObjectId(parse_uuid(row.try_get("parent_object_id")?)?);
    let objects: Vec<ObjectDef> =
        find_object_by_id(&ctx.db, ctx.workspace_id(), object_id).await?.into_iter().collect();
    note_from_row(&row, &objects)
}

pub async fn delete_note(ctx: &Ctx, id: &str) -> Result<()> {
    ctx.require(&[("note", Access::ReadWrite)])?;
    let not_found = || ApiError::not_found(format!("Note \"{id}\" not found."));
    let id: NoteId = id.parse().map_err(|_| not_found())?;
    let q = Query::delete()
        .from_table(Notes::Table)
        .and_where(Expr::col(Notes::WorkspaceId).eq(ctx.workspace_id().to_string()))
        .and_where(Expr::col(Notes::Id).eq(id.to_string()))
        .to_owned();
    let event = serde_json::json!({"id": {"workspace_id": ctx.workspace_id(), "note_id": id}});
    let c = ctx.clone();
    let deleted = ctx
        .write(move |conn| {
            Box::pin(async move {
                if c.db.execute(&mut *conn, &q).await?.rows_affected() == 0 {
                    return Ok(false);
                }
                crate::webhooks::emit(&c.db, conn, &c, "note.deleted", event).await?;
                Ok(true)
            })
        })
        .await?;
    deleted.then_some(()).ok_or_else(not_found)
}

#[cfg(test)]
mod tests {
    #[test]
    fn markdown_becomes_plain_text() {
        let text = super::markdown_to_text("# Call notes\n\n- **Budget** approved\n- next step: `demo`\n");
        assert_eq!(text, "Call notes\nBudget approved\nnext step: demo");
    }
}
