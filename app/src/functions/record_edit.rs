//! Changes made on a record page: a value, a note, a task, a comment. Each calls the service function
//! of the matching /v2 route, as the signed-in member.

use super::AppError;
use super::NoteView;
use leptos::prelude::*;
use model::wire::{Comment, Record, Task};

/// Writes one attribute of a record (`PATCH .../records/{id}` with that attribute), from the
/// value's JSON text, and answers the record as it now is.
#[server]
pub async fn save_value(
    object: String,
    record_id: String,
    attribute: String,
    value_json: String,
) -> Result<Record, AppError> {
    use api::records::{update_record, WriteMode};

    let ctx = super::session::context().await?;
    let value: serde_json::Value =
        serde_json::from_str(&value_json).map_err(|e| AppError::Other(format!("Invalid value: {e}")))?;
    let mut values = serde_json::Map::new();
    values.insert(attribute, value);
    Ok(update_record(&ctx, &object, &record_id, values, WriteMode::Append).await?.into_record()?)
}

/// Adds a markdown note to a record (`POST /v2/notes`).
#[server]
pub async fn add_note(object: String, record_id: String, title: String, content: String) -> Result<NoteView, AppError> {
    let ctx = super::session::context().await?;
    let new = api::notes::NewNote {
        parent_object: object,
        parent_record_id: record_id,
        title,
        format: Some("markdown".into()),
        content,
        created_at: None,
        meeting_id: None,
    };
    Ok(NoteView::new(api::notes::create_note(&ctx, new).await?))
}

/// Adds a task linked to a record (`POST /v2/tasks`); `deadline` is a date (`YYYY-MM-DD`),
/// due at the end of that day, UTC; `assignee` a workspace member's id.
#[server]
pub async fn add_task(
    object: String,
    record_id: String,
    content: String,
    deadline: Option<String>,
    assignee: Option<String>,
) -> Result<Task, AppError> {
    let ctx = super::session::context().await?;
    let new = api::tasks::NewTask {
        content,
        format: Some("plaintext".into()),
        deadline_at: deadline.filter(|d| !d.is_empty()).map(|d| format!("{d}T23:59:59Z")),
        is_completed: false,
        linked_records: vec![serde_json::json!({"target_object": object, "target_record_id": record_id})],
        assignees: assignee
            .filter(|a| !a.is_empty())
            .map(|id| serde_json::json!({"referenced_actor_type": "workspace-member", "referenced_actor_id": id}))
            .into_iter()
            .collect(),
    };
    Ok(api::tasks::create_task(&ctx, new).await?)
}

/// Comments on a record (`POST /v2/comments`) as the signed-in member: a new thread, or a
/// reply in `thread_id`.
#[server]
pub async fn add_comment(
    object: String,
    record_id: String,
    thread_id: Option<String>,
    content: String,
) -> Result<Comment, AppError> {
    let ctx = super::session::context().await?;
    let record = thread_id.is_none().then_some(api::comments::RecordTarget { object, record_id });
    let new = api::comments::NewComment {
        format: Some("plaintext".into()),
        content,
        author: ctx.actor_json(),
        created_at: None,
        thread_id,
        record,
        entry: None,
    };
    Ok(api::comments::create_comment(&ctx, new).await?)
}

/// Completes or reopens a task (`PATCH /v2/tasks/{id}`).
#[server]
pub async fn set_task_completed(task_id: String, completed: bool) -> Result<Task, AppError> {
    let ctx = super::session::context().await?;
    let patch = api::tasks::TaskPatch { is_completed: Some(completed), ..Default::default() };
    Ok(api::tasks::update_task(&ctx, &task_id, patch).await?)
}

/// One record, for the other side of a merge.
#[server]
pub async fn load_record(object: String, record_id: String) -> Result<Record, AppError> {
    let ctx = super::session::context().await?;
    Ok(api::records::get_record(&ctx, &object, &record_id).await?.into_record()?)
}

/// Merges `secondary_record_id` into `primary_record_id` (`POST .../records/merge`), keeping
/// the values of `keep_json` (an object of attribute values) where the user chose the
/// secondary's; answers the new record's id.
#[server]
pub async fn merge_records(
    object: String,
    primary_record_id: String,
    secondary_record_id: String,
    keep_json: String,
) -> Result<String, AppError> {
    let ctx = super::session::context().await?;
    let keep: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&keep_json).map_err(|e| AppError::Other(format!("Invalid values: {e}")))?;
    let request = api::merge::MergeRequest { primary_record_id, secondary_record_id };
    let merged = api::merge::merge_records_keeping(&ctx, &object, request, keep).await?;
    Ok(merged.new_record_id.to_string())
}
