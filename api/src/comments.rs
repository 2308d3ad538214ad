//! Comment threads on records. A comment either starts a thread on a record or replies in
//! an existing thread; deleting a thread's first comment deletes the thread.

use crate::catalog::{find_object, parse_uuid};
use crate::ctx::Ctx;
use crate::cursor::PageParams;
use crate::error::{ApiError, Result};
use crate::records::record_exists;
use crate::schema::Users;
use crate::scopes::Access;
use crate::time;
use model::ids::{CommentId, RecordId, ThreadId, WorkspaceId};
use model::wire::{Actor, Comment, CommentIdent, Paged, Pagination, Thread, ThreadIdent};
use sea_query::{Expr, Iden, Order, Query};
use serde::Deserialize;
use serde_json::{json, Value};
use sqlx::any::AnyRow;
use sqlx::Row;

#[derive(Iden, Clone, Copy)]
enum Comments {
    Table,
    Id,
    WorkspaceId,
    ThreadId,
    ContentPlaintext,
    Author,
    ObjectId,
    RecordId,
    ListId,
    EntryId,
    ResolvedAt,
    ResolvedBy,
    CreatedAt,
}

const COLUMNS: [Comments; 12] = [
    Comments::Id,
    Comments::WorkspaceId,
    Comments::ThreadId,
    Comments::ContentPlaintext,
    Comments::Author,
    Comments::ObjectId,
    Comments::RecordId,
    Comments::ListId,
    Comments::EntryId,
    Comments::ResolvedAt,
    Comments::ResolvedBy,
    Comments::CreatedAt,
];

const READ: &[(&str, Access)] = &[("comment", Access::Read)];
const WRITE: &[(&str, Access)] = &[("comment", Access::ReadWrite)];

#[derive(Debug, Deserialize)]
pub struct NewComment {
    #[serde(default)]
    pub format: Option<String>,
    pub content: String,
    pub author: Value,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub thread_id: Option<String>,
    #[serde(default)]
    pub record: Option<RecordTarget>,
    #[serde(default)]
    pub entry: Option<Value>,
}

#[derive(Debug, Deserialize)]
pub struct RecordTarget {
    pub object: String,
    pub record_id: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct ThreadFilter {
    pub record_id: Option<String>,
    pub object: Option<String>,
    pub entry_id: Option<String>,
    pub list: Option<String>,
    #[serde(default, deserialize_with = "model::num::opt_u64")]
    pub limit: Option<u64>,
    #[serde(default, deserialize_with = "model::num::opt_u64")]
    pub offset: Option<u64>,
}

fn comment_from_row(row: &AnyRow) -> Result<Comment> {
    let author: String = row.try_get("author")?;
    let resolved_by: Option<String> = row.try_get("resolved_by")?;
    let object_id: Option<String> = row.try_get("object_id")?;
    let record_id: Option<String> = row.try_get("record_id")?;
    let list_id: Option<String> = row.try_get("list_id")?;
    let entry_id: Option<String> = row.try_get("entry_id")?;
    Ok(Comment {
        id: CommentIdent {
            workspace_id: WorkspaceId(parse_uuid(row.try_get("workspace_id")?)?),
            comment_id: CommentId(parse_uuid(row.try_get("id")?)?),
        },
        thread_id: ThreadId(parse_uuid(row.try_get("thread_id")?)?),
        content_plaintext: row.try_get("content_plaintext")?,
        entry: entry_id.map(|e| json!({"list_id": list_id, "entry_id": e})),
        record: record_id.map(|r| json!({"object_id": object_id, "record_id": r})),
        resolved_at: row.try_get("resolved_at")?,
        resolved_by: Some(match resolved_by {
            Some(r) => serde_json::from_str(&r).map_err(anyhow::Error::from)?,
            None => Actor { kind: None, id: None },
        }),
        created_at: time::from_db(row.try_get("created_at")?)?,
        author: serde_json::from_str::<Actor>(&author).map_err(anyhow::Error::from)?,
    })
}

async fn comments_where(ctx: &Ctx, cond: sea_query::SimpleExpr) -> Result<Vec<Comment>> {
    let q = Query::select()
        .columns(COLUMNS)
        .from(Comments::Table)
        .and_where(Expr::col(Comments::WorkspaceId).eq(ctx.workspace_id().to_string()))
        .and_where(cond)
        .order_by(Comments::CreatedAt, Order::Asc)
        .order_by(Comments::Id, Order::Asc)
        .to_owned();
    ctx.db.read_all(&q).await?.iter().map(comment_from_row).collect()
}

/// The author must be a member of the workspace.
async fn author(ctx: &Ctx, author: &Value) -> Result<Actor> {
    let id = match (author.get("type").and_then(Value::as_str), author.get("id").and_then(Value::as_str)) {
        (Some("workspace-member"), Some(id)) => id,
        _ => return Err(ApiError::validation("\"author\" must be {\"type\": \"workspace-member\", \"id\": uuid}.")),
    };
    let q = Query::select()
        .column(Users::Id)
        .from(Users::Table)
        .and_where(Expr::col(Users::WorkspaceId).eq(ctx.workspace_id().to_string()))
        .and_where(Expr::col(Users::Id).eq(id))
        .to_owned();
    ctx.db
        .read_optional(&q)
        .await?
        .ok_or_else(|| ApiError::value_not_found(format!("Workspace member \"{id}\" not found.")))?;
    Ok(Actor { kind: Some("workspace-member".into()), id: Some(id.to_owned()) })
}

pub async fn create_comment(ctx: &Ctx, new: NewComment) -> Result<Comment> {
    ctx.require(WRITE)?;
    if new.format.as_deref().is_some_and(|f| f != "plaintext") {
        return Err(ApiError::validation("Comment content must have format \"plaintext\"."));
    }
    if new.content.trim().is_empty() {
        return Err(ApiError::validation("\"content\" must not be empty."));
    }
    let author = author(ctx, &new.author).await?;
    let targets = [new.thread_id.is_some(), new.record.is_some(), new.entry.is_some()];
    if targets.iter().filter(|t| **t).count() != 1 {
        return Err(ApiError::validation("Give exactly one of \"thread_id\", \"record\" or \"entry\"."));
    }
    // Where the thread hangs: (object, record) or (list, entry); a reply inherits it.
    let (thread_id, object_id, record_id, list_id, entry_id) = if let Some(t) = &new.thread_id {
        let thread: ThreadId =
            t.parse().map_err(|_| ApiError::value_not_found(format!("Thread \"{t}\" not found.")))?;
        let head = comments_where(ctx, Expr::col(Comments::ThreadId).eq(thread.to_string()))
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| ApiError::value_not_found(format!("Thread \"{t}\" not found.")))?;
        let get =
            |v: &Option<Value>, k: &str| v.as_ref().and_then(|r| r.get(k)).and_then(Value::as_str).map(str::to_owned);
        (
            thread,
            get(&head.record, "object_id"),
            get(&head.record, "record_id"),
            get(&head.entry, "list_id"),
            get(&head.entry, "entry_id"),
        )
    } else if let Some(r) = &new.record {
        let object = find_object(ctx, &r.object)
            .await
            .map_err(|_| ApiError::value_not_found(format!("Object \"{}\" not found.", r.object)))?;
        let record: RecordId = r
            .record_id
            .parse()
            .map_err(|_| ApiError::value_not_found(format!("Record \"{}\" not found.", r.record_id)))?;
        if !record_exists(ctx, &object, record).await? {
            return Err(ApiError::value_not_found(format!("Record \"{record}\" not found.")));
        }
        (ThreadId::new(), Some(object.id.to_string()), Some(record.to_string()), None, None)
    } else {
        let entry = new.entry.as_ref().ok_or_else(|| ApiError::validation("Give \"entry\": {list, entry_id}."))?;
        let (Some(list), Some(entry_id)) =
            (entry.get("list").and_then(Value::as_str), entry.get("entry_id").and_then(Value::as_str))
        else {
            return Err(ApiError::validation("\"entry\" is {\"list\": slug or id, \"entry_id\": uuid}."));
        };
        let (list, schema) = crate::lists::list_schema(ctx, list)
            .await
            .map_err(|_| ApiError::value_not_found(format!("List \"{list}\" not found.")))?;
        let entry: RecordId =
            entry_id.parse().map_err(|_| ApiError::value_not_found(format!("Entry \"{entry_id}\" not found.")))?;
        let mut conn = ctx.db.conn().await?;
        let row = crate::records::fetch_row(&ctx.db, &mut conn, &schema, entry, false)
            .await?
            .ok_or_else(|| ApiError::value_not_found(format!("Entry \"{entry}\" not found.")))?;
        // A comment on an entry belongs to the entry's parent record too, as in Attio.
        let parent = row.parent.map(|(_, r)| r.to_string());
        (
            ThreadId::new(),
            Some(list.parent_object_id.to_string()),
            parent,
            Some(list.id.to_string()),
            Some(entry.to_string()),
        )
    };
    let created_at = match &new.created_at {
        Some(s) => crate::values::parse_timestamp(s)
            .ok_or_else(|| ApiError::validation("\"created_at\" must be an ISO 8601 timestamp."))?,
        None => time::now(),
    };
    let id = CommentId::new();
    let q = Query::insert()
        .into_table(Comments::Table)
        .columns([
            Comments::Id,
            Comments::WorkspaceId,
            Comments::ThreadId,
            Comments::ContentPlaintext,
            Comments::Author,
            Comments::ObjectId,
            Comments::RecordId,
            Comments::ListId,
            Comments::EntryId,
            Comments::CreatedAt,
        ])
        .values_panic([
            id.to_string().into(),
            ctx.workspace_id().to_string().into(),
            thread_id.to_string().into(),
            new.content.clone().into(),
            serde_json::to_string(&author).map_err(anyhow::Error::from)?.into(),
            object_id.clone().into(),
            record_id.clone().into(),
            list_id.clone().into(),
            entry_id.clone().into(),
            time::to_db(created_at).into(),
        ])
        .to_owned();
    let event = serde_json::json!({
        "id": {"workspace_id": ctx.workspace_id(), "comment_id": id},
        "thread_id": thread_id,
        "object_id": object_id,
        "record_id": record_id,
        "list_id": list_id,
        "entry_id": entry_id,
    });
    let c = ctx.clone();
    ctx.write(move |conn| {
        Box::pin(async move {
            c.db.execute(&mut *conn, &q).await?;
            crate::webhooks::emit(&c.db, conn, &c, "comment.created", event).await
        })
    })
    .await?;
    get_comment(ctx, &id.to_string()).await
}

pub async fn get_comment(ctx: &Ctx, id: &str) -> Result<Comment> {
    ctx.require(READ)?;
    let not_found = || ApiError::not_found(format!("Comment \"{id}\" not found."));
    let id: CommentId = id.parse().map_err(|_| not_found())?;
    comments_where(ctx, Expr::col(Comments::Id).eq(id.to_string())).await?.pop().ok_or_else(not_found)
}

pub async fn delete_comment(ctx: &Ctx, id: &str) -> Result<()> {
    ctx.require(WRITE)?;
    let comment = get_comment(ctx, id).await?;
    let thread = comments_where(ctx, Expr::col(Comments::ThreadId).eq(comment.thread_id.to_string())).await?;
    let is_head = thread.first().map(|c| c.id.comment_id) == Some(comment.id.comment_id);
    let mut q = Query::delete();
    q.from_table(Comments::Table).and_where(Expr::col(Comments::WorkspaceId).eq(ctx.workspace_id().to_string()));
    if is_head {
        q.and_where(Expr::col(Comments::ThreadId).eq(comment.thread_id.to_string()));
    } else {
        q.and_where(Expr::col(Comments::Id).eq(comment.id.comment_id.to_string()));
    }
    let event = serde_json::json!({"id": comment.id, "thread_id": comment.thread_id});
    let c = ctx.clone();
    ctx.write(move |conn| {
        Box::pin(async move {
            c.db.execute(&mut *conn, &q).await?;
            crate::webhooks::emit(&c.db, conn, &c, "comment.deleted", event).await
        })
    })
    .await
}

fn group(comments: Vec<Comment>) -> Vec<Thread> {
    let mut threads: Vec<Thread> = Vec::new();
    for c in comments {
        match threads.iter_mut().find(|t| t.id.thread_id == c.thread_id) {
            Some(t) => t.comments.push(c),
            None => threads.push(Thread {
                id: ThreadIdent { workspace_id: c.id.workspace_id, thread_id: c.thread_id },
                created_at: c.created_at,
                comments: vec![c],
            }),
        }
    }
    threads
}

pub async fn list_threads(ctx: &Ctx, filter: ThreadFilter) -> Result<Vec<Thread>> {
    ctx.require(READ)?;
    let cond = match (&filter.record_id, &filter.object, &filter.entry_id, &filter.list) {
        (Some(r), Some(o), None, None) => {
            let object = find_object(ctx, o).await?;
            Expr::col(Comments::RecordId).eq(r.as_str()).and(Expr::col(Comments::ObjectId).eq(object.id.to_string()))
        }
        (None, None, Some(e), Some(l)) => {
            let list = crate::lists::find_list(ctx, l).await?;
            Expr::col(Comments::EntryId).eq(e.as_str()).and(Expr::col(Comments::ListId).eq(list.id.to_string()))
        }
        _ => return Err(ApiError::validation("Give \"record_id\" with \"object\", or \"entry_id\" with \"list\".")),
    };
    let threads = group(comments_where(ctx, cond).await?);
    Ok(threads
        .into_iter()
        .skip(filter.offset.unwrap_or(0) as usize)
        .take(filter.limit.unwrap_or(u64::MAX) as usize)
        .collect())
}

/// A thread with one page of its comments, oldest first, and the cursor of the next page.
pub async fn get_thread(ctx: &Ctx, id: &str, page: &PageParams) -> Result<Paged<Thread>> {
    ctx.require(READ)?;
    let not_found = || ApiError::not_found(format!("Thread \"{id}\" not found."));
    let id: ThreadId = id.parse().map_err(|_| not_found())?;
    let mut thread = group(comments_where(ctx, Expr::col(Comments::ThreadId).eq(id.to_string())).await?)
        .pop()
        .ok_or_else(not_found)?;
    let (comments, next_cursor) = page.page(std::mem::take(&mut thread.comments), 500)?;
    thread.comments = comments;
    Ok(Paged { data: thread, pagination: Pagination { next_cursor } })
}
