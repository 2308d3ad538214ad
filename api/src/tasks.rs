//! Tasks: content, a deadline, completion, assignees (workspace members) and linked records.

use crate::catalog::{find_object, parse_uuid};
use crate::ctx::Ctx;
use crate::error::{ApiError, Result};
use crate::records::record_exists;
use crate::schema::Users;
use crate::scopes::Access;
use crate::time;
use crate::values::parse_timestamp;
use model::ids::{RecordId, TaskId, WorkspaceId};
use model::wire::{Actor, Assignee, LinkedRecord, Task, TaskIdent};
use sea_query::{Expr, Iden, Order, Query};
use serde::Deserialize;
use serde_json::Value;
use sqlx::any::AnyRow;
use sqlx::Row;

#[derive(Iden, Clone, Copy)]
enum Tasks {
    Table,
    Id,
    WorkspaceId,
    ContentPlaintext,
    DeadlineAt,
    IsCompleted,
    CompletedAt,
    LinkedRecords,
    Assignees,
    CreatedBy,
    CreatedAt,
}

#[derive(Iden, Clone, Copy)]
enum TaskLinks {
    Table,
    TaskId,
    TargetObjectId,
    TargetRecordId,
}

const COLUMNS: [Tasks; 10] = [
    Tasks::Id,
    Tasks::WorkspaceId,
    Tasks::ContentPlaintext,
    Tasks::DeadlineAt,
    Tasks::IsCompleted,
    Tasks::CompletedAt,
    Tasks::LinkedRecords,
    Tasks::Assignees,
    Tasks::CreatedBy,
    Tasks::CreatedAt,
];

const READ: &[(&str, Access)] = &[
    ("task", Access::Read),
    ("object_configuration", Access::Read),
    ("record_permission", Access::Read),
    ("user_management", Access::Read),
];
const WRITE: &[(&str, Access)] = &[
    ("task", Access::ReadWrite),
    ("object_configuration", Access::Read),
    ("record_permission", Access::Read),
    ("user_management", Access::Read),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewTask {
    pub content: String,
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub deadline_at: Option<String>,
    #[serde(default)]
    pub is_completed: bool,
    #[serde(default)]
    pub linked_records: Vec<Value>,
    #[serde(default)]
    pub assignees: Vec<Value>,
}

/// PATCH cannot change the content, as in Attio.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskPatch {
    #[serde(default, with = "double_option")]
    pub deadline_at: Option<Option<String>>,
    pub is_completed: Option<bool>,
    pub linked_records: Option<Vec<Value>>,
    pub assignees: Option<Vec<Value>>,
}

/// Tells an explicit `null` (clear the deadline) from an absent field.
mod double_option {
    use serde::{Deserialize, Deserializer};
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
        Option::<String>::deserialize(d).map(Some)
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct TaskFilter {
    #[serde(default, deserialize_with = "model::num::opt_u64")]
    pub limit: Option<u64>,
    #[serde(default, deserialize_with = "model::num::opt_u64")]
    pub offset: Option<u64>,
    pub sort: Option<String>,
    pub linked_object: Option<String>,
    pub linked_record_id: Option<String>,
    pub assignee: Option<String>,
    pub is_completed: Option<bool>,
}

fn task_from_row(row: &AnyRow) -> Result<Task> {
    let json = |col: &str| -> Result<Value> {
        let s: String = row.try_get(col)?;
        Ok(serde_json::from_str(&s).map_err(anyhow::Error::from)?)
    };
    Ok(Task {
        id: TaskIdent {
            workspace_id: WorkspaceId(parse_uuid(row.try_get("workspace_id")?)?),
            task_id: TaskId(parse_uuid(row.try_get("id")?)?),
        },
        content_plaintext: row.try_get("content_plaintext")?,
        deadline_at: row.try_get("deadline_at")?,
        is_completed: row.try_get::<i64, _>("is_completed")? != 0,
        completed_at: row.try_get::<Option<String>, _>("completed_at")?.map(|t| time::from_db(&t)).transpose()?,
        linked_records: serde_json::from_value(json("linked_records")?).map_err(anyhow::Error::from)?,
        assignees: serde_json::from_value(json("assignees")?).map_err(anyhow::Error::from)?,
        created_by_actor: serde_json::from_value::<Actor>(json("created_by")?).map_err(anyhow::Error::from)?,
        created_at: time::from_db(row.try_get("created_at")?)?,
    })
}

async fn linked_records(ctx: &Ctx, items: &[Value]) -> Result<Vec<LinkedRecord>> {
    let mut out: Vec<LinkedRecord> = Vec::new();
    for item in items {
        let object = item
            .get("target_object")
            .and_then(Value::as_str)
            .ok_or_else(|| ApiError::validation("Each linked record needs \"target_object\"."))?;
        let id = item
            .get("target_record_id")
            .and_then(Value::as_str)
            .ok_or_else(|| ApiError::validation("Each linked record needs \"target_record_id\"."))?;
        let object = find_object(ctx, object).await?;
        let record: RecordId = id.parse().map_err(|_| ApiError::not_found(format!("Record \"{id}\" not found.")))?;
        if !record_exists(ctx, &object, record).await? {
            return Err(ApiError::not_found(format!("Record \"{id}\" not found on \"{}\".", object.api_slug)));
        }
        let link = LinkedRecord { target_object_id: object.id, target_record_id: record };
        if !out.contains(&link) {
            out.push(link);
        }
    }
    Ok(out)
}

async fn assignees(ctx: &Ctx, items: &[Value]) -> Result<Vec<Assignee>> {
    let mut out: Vec<Assignee> = Vec::new();
    for item in items {
        let mut q = Query::select();
        q.column(Users::Id)
            .from(Users::Table)
            .and_where(Expr::col(Users::WorkspaceId).eq(ctx.workspace_id().to_string()));
        if let Some(email) = item.get("workspace_member_email_address").and_then(Value::as_str) {
            q.and_where(Expr::col(Users::Email).eq(email.trim().to_lowercase()));
        } else if let (Some("workspace-member"), Some(id)) = (
            item.get("referenced_actor_type").and_then(Value::as_str),
            item.get("referenced_actor_id").and_then(Value::as_str),
        ) {
            q.and_where(Expr::col(Users::Id).eq(id));
        } else {
            return Err(ApiError::validation(
                "Each assignee is {\"referenced_actor_type\": \"workspace-member\", \"referenced_actor_id\"} or {\"workspace_member_email_address\"}.",
            ));
        }
        let row = ctx
            .db
            .read_optional(&q)
            .await?
            .ok_or_else(|| ApiError::value_not_found("Assignee is not a member of this workspace."))?;
        let a = Assignee { referenced_actor_type: "workspace-member".into(), referenced_actor_id: row.try_get("id")? };
        if !out.contains(&a) {
            out.push(a);
        }
    }
    Ok(out)
}

fn deadline(s: Option<&str>) -> Result<Option<String>> {
    s.map(|s| {
        parse_timestamp(s)
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Nanos, true))
            .ok_or_else(|| ApiError::validation("\"deadline_at\" must be an ISO 8601 timestamp."))
    })
    .transpose()
}

async fn write_links(ctx: &Ctx, conn: &mut sqlx::AnyConnection, id: TaskId, links: &[LinkedRecord]) -> Result<()> {
    let del = Query::delete()
        .from_table(TaskLinks::Table)
        .and_where(Expr::col(TaskLinks::TaskId).eq(id.to_string()))
        .to_owned();
    ctx.db.execute(&mut *conn, &del).await?;
    for l in links {
        let q = Query::insert()
            .into_table(TaskLinks::Table)
            .columns([TaskLinks::TaskId, TaskLinks::TargetObjectId, TaskLinks::TargetRecordId])
            .values_panic([
                id.to_string().into(),
                l.target_object_id.to_string().into(),
                l.target_record_id.to_string().into(),
            ])
            .to_owned();
        ctx.db.execute(&mut *conn, &q).await?;
    }
    Ok(())
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String> {
    Ok(serde_json::to_string(v).map_err(anyhow::Error::from)?)
}

pub async fn create_task(ctx: &Ctx, new: NewTask) -> Result<Task> {
    ctx.require(WRITE)?;
    if new.format.as_deref().is_some_and(|f| f != "plaintext") {
        return Err(ApiError::validation("Task content must have format \"plaintext\"."));
    }
    if new.content.trim().is_empty() {
        return Err(ApiError::validation("\"content\" must not be empty."));
    }
    let links = linked_records(ctx, &new.linked_records).await?;
    let people = assignees(ctx, &new.assignees).await?;
    let id = TaskId::new();
    let now = time::to_db(time::now());
    let q = Query::insert()
        .into_table(Tasks::Table)
        .columns(COLUMNS)
        .values_panic([
            id.to_string().into(),
            ctx.workspace_id().to_string().into(),
            new.content.clone().into(),
            deadline(new.deadline_at.as_deref())?.into(),
            i64::from(new.is_completed).into(),
            new.is_completed.then(|| now.clone()).into(),
            to_json(&links)?.into(),
            to_json(&people)?.into(),
            ctx.actor_json().to_string().into(),
            now.into(),
        ])
        .to_owned();
    let event = serde_json::json!({"id": {"workspace_id": ctx.workspace_id(), "task_id": id}});
    let c = ctx.clone();
    ctx.write(move |conn| {
        Box::pin(async move {
            c.db.execute(&mut *conn, &q).await?;
            write_links(&c, conn, id, &links).await?;
            crate::webhooks::emit(&c.db, conn, &c, "task.created", event).await
        })
    })
    .await?;
    get_task(ctx, &id.to_string()).await
}

pub async fn list_tasks(ctx: &Ctx, filter: TaskFilter) -> Result<Vec<Task>> {
    ctx.require(READ)?;
    let order = match filter.sort.as_deref() {
        None | Some("created_at:asc") => Order::Asc,
        Some("created_at:desc") => Order::Desc,
        Some(other) => {
            return Err(ApiError::validation(format!(
                "Unknown sort \"{other}\": use created_at:asc or created_at:desc."
            )))
        }
    };
    let mut q = Query::select();
    q.columns(COLUMNS)
        .from(Tasks::Table)
        .and_where(Expr::col(Tasks::WorkspaceId).eq(ctx.workspace_id().to_string()))
        .order_by(Tasks::CreatedAt, order.clone())
        .order_by(Tasks::Id, order)
        .limit(filter.limit.unwrap_or(500))
        .offset(filter.offset.unwrap_or(0));
    if let Some(done) = filter.is_completed {
        q.and_where(Expr::col(Tasks::IsCompleted).eq(i64::from(done)));
    }
    if let Some(record) = &filter.linked_record_id {
        let mut sub = Query::select();
        sub.column(TaskLinks::TaskId)
            .from(TaskLinks::Table)
            .and_where(Expr::col(TaskLinks::TargetRecordId).eq(record.as_str()));
        if let Some(object) = &filter.linked_object {
            sub.and_where(Expr::col(TaskLinks::TargetObjectId).eq(find_object(ctx, object).await?.id.to_string()));
        }
        q.and_where(Expr::col(Tasks::Id).in_subquery(sub));
    } else if filter.linked_object.is_some() {
        return Err(ApiError::validation("\"linked_object\" must be given with \"linked_record_id\"."));
    }
    if let Some(a) = &filter.assignee {
        let member = if a.contains('@') {
            assignees(ctx, &[serde_json::json!({"workspace_member_email_address": a})])
                .await?
                .remove(0)
                .referenced_actor_id
        } else {
            a.clone()
        };
        // Assignees are a JSON list of member ids (UUIDs), so a quoted id matches exactly one.
        q.and_where(Expr::col(Tasks::Assignees).like(format!("%\"{}\"%", member.replace(['%', '_', '"'], ""))));
    }
    let rows = ctx.db.read_all(&q).await?;
    rows.iter().map(task_from_row).collect()
}

pub async fn get_task(ctx: &Ctx, id: &str) -> Result<Task> {
    ctx.require(READ)?;
    find_task(ctx, id).await
}

/// A task of the workspace, without a scope check: callers have made theirs.
async fn find_task(ctx: &Ctx, id: &str) -> Result<Task> {
    let not_found = || ApiError::not_found(format!("Task \"{id}\" not found."));
    let id: TaskId = id.parse().map_err(|_| not_found())?;
    let q = Query::select()
        .columns(COLUMNS)
        .from(Tasks::Table)
        .and_where(Expr::col(Tasks::WorkspaceId).eq(ctx.workspace_id().to_string()))
        .and_where(Expr::col(Tasks::Id).eq(id.to_string()))
        .to_owned();
    task_from_row(&ctx.db.read_optional(&q).await?.ok_or_else(not_found)?)
}

pub async fn update_task(ctx: &Ctx, id: &str, patch: TaskPatch) -> Result<Task> {
    ctx.require(WRITE)?;
    let task = get_task(ctx, id).await?;
    let mut q = Query::update();
    q.table(Tasks::Table);
    let mut any = false;
    if let Some(d) = &patch.deadline_at {
        q.value(Tasks::DeadlineAt, deadline(d.as_deref())?);
        any = true;
    }
    if let Some(done) = patch.is_completed {
        q.value(Tasks::IsCompleted, i64::from(done));
        // Completing an already completed task keeps the time it was first completed.
        if done != task.is_completed {
            q.value(Tasks::CompletedAt, done.then(|| time::to_db(time::now())));
        }
        any = true;
    }
    let links = match &patch.linked_records {
        Some(items) => Some(linked_records(ctx, items).await?),
        None => None,
    };
    if let Some(l) = &links {
        q.value(Tasks::LinkedRecords, to_json(l)?);
        any = true;
    }
    if let Some(items) = &patch.assignees {
        q.value(Tasks::Assignees, to_json(&assignees(ctx, items).await?)?);
        any = true;
    }
    if !any {
        return Err(ApiError::validation("The request must change at least one field."));
    }
    q.and_where(Expr::col(Tasks::Id).eq(task.id.task_id.to_string()));
    let event = serde_json::json!({"id": task.id});
    let (c, task_id) = (ctx.clone(), task.id.task_id);
    ctx.write(move |conn| {
        Box::pin(async move {
            c.db.execute(&mut *conn, &q).await?;
            if let Some(l) = &links {
                write_links(&c, conn, task_id, l).await?;
            }
            crate::webhooks::emit(&c.db, conn, &c, "task.updated", event).await
        })
    })
    .await?;
    get_task(ctx, id).await
}

pub async fn delete_task(ctx: &Ctx, id: &str) -> Result<()> {
    ctx.require(&[("task", Access::ReadWrite)])?;
    let task = find_task(ctx, id).await?;
    let links = Query::delete()
        .from_table(TaskLinks::Table)
        .and_where(Expr::col(TaskLinks::TaskId).eq(task.id.task_id.to_string()))
        .to_owned();
    let q = Query::delete()
        .from_table(Tasks::Table)
        .and_where(Expr::col(Tasks::Id).eq(task.id.task_id.to_string()))
        .to_owned();
    let event = serde_json::json!({"id": task.id});
    let c = ctx.clone();
    ctx.write(move |conn| {
        Box::pin(async move {
            c.db.execute(&mut *conn, &links).await?;
            c.db.execute(&mut *conn, &q).await?;
            crate::webhooks::emit(&c.db, conn, &c, "task.deleted", event).await
        })
    })
    .await
}

/// A task's linked records as stored on its row, read inside a write.
async fn stored_links(ctx: &Ctx, conn: &mut sqlx::AnyConnection, id: TaskId) -> Result<Option<Vec<LinkedRecord>>> {
    let q = Query::select()
        .column(Tasks::LinkedRecords)
        .from(Tasks::Table)
        .and_where(Expr::col(Tasks::Id).eq(id.to_string()))
        .to_owned();
    let Some(task) = ctx.db.fetch_optional(&mut *conn, &q).await? else { return Ok(None) };
    Ok(Some(serde_json::from_str(&task.try_get::<String, _>("linked_records")?).map_err(anyhow::Error::from)?))
}

/// Tasks linked to either of two merged records link to the record they became.
pub(crate) async fn relink(
    ctx: &Ctx,
    conn: &mut sqlx::AnyConnection,
    olds: &[RecordId; 2],
    new: RecordId,
) -> Result<()> {
    let q = Query::select()
        .distinct()
        .column(TaskLinks::TaskId)
        .from(TaskLinks::Table)
        .and_where(Expr::col(TaskLinks::TargetRecordId).is_in(olds.map(|o| o.to_string())))
        .to_owned();
    let ids = ctx.db.fetch_all(&mut *conn, &q).await?;
    for row in ids {
        let id = TaskId(parse_uuid(row.try_get("task_id")?)?);
        let Some(stored) = stored_links(ctx, conn, id).await? else { continue };
        let mut links: Vec<LinkedRecord> = Vec::new();
        for mut link in stored {
            if olds.contains(&link.target_record_id) {
                link.target_record_id = new;
            }
            if !links.contains(&link) {
                links.push(link);
            }
        }
        let update = Query::update()
            .table(Tasks::Table)
            .value(Tasks::LinkedRecords, to_json(&links)?)
            .and_where(Expr::col(Tasks::Id).eq(id.to_string()))
            .to_owned();
        ctx.db.execute(&mut *conn, &update).await?;
        write_links(ctx, conn, id, &links).await?;
    }
    Ok(())
}

/// Tasks lose their links to the records of a deleted object; a task linked to nothing else
/// is deleted with it.
pub(crate) async fn unlink_object(
    ctx: &Ctx,
    conn: &mut sqlx::AnyConnection,
    object: model::ids::ObjectId,
) -> Result<()> {
    let q = Query::select()
        .distinct()
        .column(TaskLinks::TaskId)
        .from(TaskLinks::Table)
        .and_where(Expr::col(TaskLinks::TargetObjectId).eq(object.to_string()))
        .to_owned();
    for row in ctx.db.fetch_all(&mut *conn, &q).await? {
        let id = TaskId(parse_uuid(row.try_get("task_id")?)?);
        let Some(stored) = stored_links(ctx, conn, id).await? else { continue };
        let links: Vec<LinkedRecord> = stored.into_iter().filter(|l| l.target_object_id != object).collect();
        write_links(ctx, conn, id, &links).await?;
        let task = Expr::col(Tasks::Id).eq(id.to_string());
        if links.is_empty() {
            ctx.db.execute(&mut *conn, &Query::delete().from_table(Tasks::Table).and_where(task).to_owned()).await?;
        } else {
            let update = Query::update()
                .table(Tasks::Table)
                .value(Tasks::LinkedRecords, to_json(&links)?)
                .and_where(task)
                .to_owned();
            ctx.db.execute(&mut *conn, &update).await?;
        }
    }
    Ok(())
}
