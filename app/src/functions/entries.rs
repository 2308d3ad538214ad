//! The lists a record is in, seen from its page: each entry with its list's own attributes,
//! adding the record to a list, and writing an entry's value. Each calls the service
//! function of the matching /v2 route (`GET .../records/{id}/entries`,
//! `POST /v2/lists/{list}/entries`, `PATCH /v2/lists/{list}/entries/{entry}`).

use super::AppError;
use leptos::prelude::*;
use model::wire::{Attribute, Entry};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One entry of the record, with what its list lets it hold.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EntryCard {
    pub list: String,
    pub list_name: String,
    pub entry: Entry,
    /// The list's own attributes, in order.
    pub attributes: Vec<Attribute>,
    /// The titles a select or status attribute of the list can take, by slug.
    pub choices: HashMap<String, Vec<String>>,
}

/// A list the record could be added to: slug and name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListChoice {
    pub slug: String,
    pub name: String,
}

#[cfg(feature = "ssr")]
async fn card(ctx: &api::Ctx, list: &str, list_name: String, entry: Entry) -> Result<EntryCard, AppError> {
    use api::attributes::{list_attributes, Target};

    let attributes: Vec<Attribute> =
        list_attributes(ctx, Target::Lists, list, false).await?.into_iter().filter(|a| !a.is_archived).collect();
    let choices = super::table::choice_titles(ctx, Target::Lists, list, &attributes).await?;
    Ok(EntryCard { list: list.to_owned(), list_name, entry, attributes, choices })
}

/// The record's entries, and every list of its object it could be added to.
#[cfg(feature = "ssr")]
pub(super) async fn record_lists(
    ctx: &api::Ctx,
    object: &str,
    record_id: &str,
) -> Result<(Vec<EntryCard>, Vec<ListChoice>), AppError> {
    let lists: Vec<ListChoice> = api::lists::list_lists(ctx)
        .await?
        .into_iter()
        .filter(|l| l.parent_object.iter().any(|o| o == object))
        .map(|l| ListChoice { slug: l.api_slug, name: l.name })
        .collect();
    let mut cards = Vec::new();
    for found in api::entries::record_entries(ctx, object, record_id, None, 0).await? {
        let slug = found.list_api_slug;
        let name = lists.iter().find(|l| l.slug == slug).map(|l| l.name.clone()).unwrap_or_else(|| slug.clone());
        let entry = api::entries::get_entry(ctx, &slug, &found.entry_id.to_string()).await?.into_entry()?;
        cards.push(card(ctx, &slug, name, entry).await?);
    }
    Ok((cards, lists))
}

/// Adds the record to `list` and answers its new entry.
#[server]
pub async fn add_to_list(list: String, object: String, record_id: String) -> Result<EntryCard, AppError> {
    let ctx = super::session::context().await?;
    let new =
        api::entries::NewEntry { parent_record_id: record_id, parent_object: object, entry_values: Default::default() };
    let entry = api::entries::create_entry(&ctx, &list, new).await?.into_entry()?;
    let name = api::lists::get_list(&ctx, &list).await?.name;
    card(&ctx, &list, name, entry).await
}

/// Writes one attribute of an entry from the value's JSON text, and answers the entry.
#[server]
pub async fn save_entry_value(
    list: String,
    entry_id: String,
    attribute: String,
    value_json: String,
) -> Result<Entry, AppError> {
    use api::entries::{update_entry, EntryPatch};
    use api::records::WriteMode;

    let ctx = super::session::context().await?;
    let value: serde_json::Value =
        serde_json::from_str(&value_json).map_err(|e| AppError::Other(format!("Invalid value: {e}")))?;
    let mut entry_values = serde_json::Map::new();
    entry_values.insert(attribute, value);
    let patch = EntryPatch { entry_values, parent_record_id: None, parent_object: None };
    Ok(update_entry(&ctx, &list, &entry_id, patch, WriteMode::Append).await?.into_entry()?)
}
