//! Everything a record page shows, in one round trip: the record with its object's
//! attributes, the records it references and those referencing it, its notes and tasks.

use super::AppError;
use leptos::prelude::*;
use model::wire::{Attribute, Note, Object, Record, Task, Thread, ValueChange};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Records of one object whose attribute points at the page's record ("Team", "Associated
/// deals" seen from the other side).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RelatedGroup {
    pub object: String,
    /// The object's plural noun, to title the group.
    pub object_noun: String,
    pub attribute_title: String,
    pub records: Vec<RelatedRecord>,
    /// More records point here than were loaded.
    pub truncated: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RelatedRecord {
    pub record_id: String,
    pub name: Option<String>,
}

/// A note with its markdown rendered to HTML (on the server).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NoteView {
    pub note: Note,
    pub html: String,
}

impl NoteView {
    #[cfg(feature = "ssr")]
    pub(super) fn new(note: Note) -> Self {
        let html = super::markdown::to_html(&note.content_markdown);
        Self { note, html }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RecordPageData {
    pub object: Object,
    pub attributes: Vec<Attribute>,
    pub record: Record,
    /// Names of the records this one references, by record id.
    pub names: HashMap<String, String>,
    /// Every object's singular noun by slug, to label references.
    pub nouns: HashMap<String, String>,
    pub referenced_by: Vec<RelatedGroup>,
    pub notes: Vec<NoteView>,
    pub tasks: Vec<Task>,
    /// The titles a select or status attribute can take, by attribute slug, in order.
    pub choices: HashMap<String, Vec<String>>,
    /// The newest changes of the record's values.
    pub timeline: Vec<ValueChange>,
    /// Comment threads on the record, oldest first.
    pub threads: Vec<Thread>,
    /// Workspace members' names by member id, to say who did what.
    pub members: HashMap<String, String>,
    /// The record's list entries.
    pub entries: Vec<super::EntryCard>,
    /// The lists of the record's object, to add it to.
    pub lists: Vec<super::ListChoice>,
}

/// The newest changes of a record's values, as its page shows them
/// (`GET .../records/{id}/timeline`).
#[server]
pub async fn load_timeline(object: String, record_id: String) -> Result<Vec<ValueChange>, AppError> {
    let ctx = super::session::context().await?;
    Ok(api::timeline::record_timeline(&ctx, &object, &record_id, Some(TIMELINE_SIZE), 0).await?)
}

/// How many of the newest value changes the page shows.
#[cfg(feature = "ssr")]
const TIMELINE_SIZE: u64 = 100;

/// The record page of `record_id` in `object`. `workspace`, when the address names one,
/// must be the session's: a record of another workspace is not found.
#[server]
pub async fn load_record_page(
    workspace: Option<String>,
    object: String,
    record_id: String,
) -> Result<RecordPageData, AppError> {
    use super::session;
    use api::attributes::{list_attributes, Target};

    let ctx = session::context().await?;
    if workspace.is_some_and(|w| w != ctx.workspace_slug()) {
        return Err(AppError::NotFound("This record is not in your workspace.".into()));
    }
    let found = api::objects::get_object(&ctx, &object).await?;
    let attributes = list_attributes(&ctx, Target::Objects, &object, false).await?;
    let record = api::records::get_record(&ctx, &object, &record_id).await?.into_record()?;
    let names = super::table::reference_names(&ctx, std::slice::from_ref(&record)).await?;
    let objects = api::objects::list_objects(&ctx).await?;
    let plural = |slug: &str| {
        objects.iter().find(|o| o.api_slug == slug).map(|o| o.plural_noun.clone()).unwrap_or_else(|| slug.to_owned())
    };
    let mut referenced_by = Vec::new();
    for group in api::related::referenced_by(&ctx, &object, &record_id).await? {
        let records = group
            .records
            .into_iter()
            .map(|r| {
                let r = r.into_record()?;
                Ok(RelatedRecord { record_id: r.id.record_id.to_string(), name: r.display_name() })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        let truncated = records.len() as u64 >= api::related::REFERRERS_PER_ATTRIBUTE;
        referenced_by.push(RelatedGroup {
            truncated,
            object_noun: plural(&group.object),
            object: group.object,
            attribute_title: group.attribute_title,
            records,
        });
    }
    let notes = api::notes::list_notes(
        &ctx,
        api::notes::NoteFilter {
            limit: Some(50),
            parent_object: Some(object.clone()),
            parent_record_id: Some(record_id.clone()),
            ..Default::default()
        },
    )
    .await?
    .into_iter()
    .map(NoteView::new)
    .collect();
    let tasks = api::tasks::list_tasks(
        &ctx,
        api::tasks::TaskFilter {
            limit: Some(100),
            linked_object: Some(object.clone()),
            linked_record_id: Some(record_id.clone()),
            ..Default::default()
        },
    )
    .await?;
    let choices = super::table::choice_titles(&ctx, api::attributes::Target::Objects, &object, &attributes).await?;
    let nouns = objects.into_iter().map(|o| (o.api_slug, o.singular_noun)).collect();
    let timeline = api::timeline::record_timeline(&ctx, &object, &record_id, Some(TIMELINE_SIZE), 0).await?;
    let threads = api::comments::list_threads(
        &ctx,
        api::comments::ThreadFilter {
            record_id: Some(record_id.clone()),
            object: Some(object.clone()),
            ..Default::default()
        },
    )
    .await?;
    let members = api::members::list_members(&ctx)
        .await?
        .into_iter()
        .map(|m| (m.id.workspace_member_id.to_string(), format!("{} {}", m.first_name, m.last_name).trim().to_owned()))
        .collect();
    let (entries, lists) = super::entries::record_lists(&ctx, &found.api_slug, &record_id).await?;
    Ok(RecordPageData {
        entries,
        lists,
        object: found,
        attributes,
        record,
        names,
        nouns,
        referenced_by,
        notes,
        tasks,
        choices,
        timeline,
        threads,
        members,
    })
}
