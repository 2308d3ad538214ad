//! The settings area: the workspace's objects and lists, their attributes, and the options
//! and statuses of those attributes. Each write calls the service function of the /v2
//! configuration route it mirrors, where the member's role is checked: a member is refused
//! by the service, not by a hidden button.

use super::AppError;
use crate::table::source::Source;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use model::wire::{ApiKeySummary, Attribute, List, Object};
use model::AttributeType;
use serde::{Deserialize, Serialize};

/// What the settings area lists.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SettingsIndex {
    pub objects: Vec<Object>,
    pub lists: Vec<List>,
}

/// A status or select option as its editor shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub id: String,
    pub title: String,
    pub is_archived: bool,
}

/// An object's or a list's attributes, archived ones included, with each status or select
/// attribute's choices.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AttributeSettings {
    pub title: String,
    pub attributes: Vec<Attribute>,
    /// By attribute slug.
    pub choices: std::collections::HashMap<String, Vec<Choice>>,
    /// What a record reference may point at: (slug, plural noun).
    pub objects: Vec<(String, String)>,
}

/// A new attribute as the form gives it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NewAttributeForm {
    pub title: String,
    pub api_slug: String,
    pub kind: AttributeType,
    pub description: Option<String>,
    pub is_required: bool,
    pub is_unique: bool,
    pub is_multiselect: bool,
    /// For a currency: its ISO code.
    pub currency_code: Option<String>,
    /// For a record reference: the object it points at.
    pub target_object: Option<String>,
}

/// A change to an attribute; what is `None` stays.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct AttributeChange {
    pub title: Option<String>,
    pub description: Option<String>,
    pub is_required: Option<bool>,
    pub is_unique: Option<bool>,
    pub is_archived: Option<bool>,
}

#[cfg(feature = "ssr")]
fn target(source: &Source) -> (api::attributes::Target, &str) {
    match source {
        Source::Object(slug) => (api::attributes::Target::Objects, slug),
        Source::List(slug) => (api::attributes::Target::Lists, slug),
    }
}

#[cfg(feature = "ssr")]
fn choice_kind(is_status: bool) -> api::choices::ChoiceKind {
    if is_status {
        api::choices::ChoiceKind::Status
    } else {
        api::choices::ChoiceKind::Option
    }
}

/// The objects and lists, for an admin: anyone else is refused here, as by every write.
#[server]
pub async fn load_settings() -> Result<SettingsIndex, AppError> {
    let ctx = super::session::context().await?;
    ctx.require_admin()?;
    Ok(SettingsIndex { objects: api::objects::list_objects(&ctx).await?, lists: api::lists::list_lists(&ctx).await? })
}

/// `POST /v2/objects`.
#[server(input = Json)]
pub async fn create_object(singular: String, plural: String, api_slug: String) -> Result<Object, AppError> {
    let ctx = super::session::context().await?;
    let new = api::objects::NewObject { api_slug, singular_noun: singular, plural_noun: plural };
    Ok(api::objects::create_object(&ctx, new).await?)
}

/// `PATCH /v2/objects/{object}`: its nouns.
#[server(input = Json)]
pub async fn rename_object(object: String, singular: String, plural: String) -> Result<Object, AppError> {
    let ctx = super::session::context().await?;
    let patch =
        api::objects::ObjectPatch { singular_noun: Some(singular), plural_noun: Some(plural), ..Default::default() };
    Ok(api::objects::update_object(&ctx, &object, patch).await?)
}

/// The attributes of an object or a list, and their choices.
#[server(input = Json)]
pub async fn load_attribute_settings(source: Source) -> Result<AttributeSettings, AppError> {
    use api::attributes::{list_attributes, list_options, list_statuses};

    let ctx = super::session::context().await?;
    ctx.require_admin()?;
    let title = match &source {
        Source::Object(slug) => api::objects::get_object(&ctx, slug).await?.plural_noun,
        Source::List(slug) => api::lists::get_list(&ctx, slug).await?.name,
    };
    let (target, identifier) = target(&source);
    let attributes = list_attributes(&ctx, target, identifier, true).await?;
    let mut choices = std::collections::HashMap::new();
    for attribute in &attributes {
        let slug = &attribute.api_slug;
        let list = match attribute.kind {
            AttributeType::Status => list_statuses(&ctx, target, identifier, slug, true)
                .await?
                .into_iter()
                .map(|s| Choice { id: s.id.status_id.to_string(), title: s.title, is_archived: s.is_archived })
                .collect(),
            AttributeType::Select => list_options(&ctx, target, identifier, slug, true)
                .await?
                .into_iter()
                .map(|o| Choice { id: o.id.option_id.to_string(), title: o.title, is_archived: o.is_archived })
                .collect(),
            _ => continue,
        };
        choices.insert(slug.clone(), list);
    }
    let objects = api::objects::list_objects(&ctx).await?.into_iter().map(|o| (o.api_slug, o.plural_noun)).collect();
    Ok(AttributeSettings { title, attributes, choices, objects })
}

/// `POST /v2/{objects,lists}/{identifier}/attributes`.
#[server(input = Json)]
pub async fn create_attribute(source: Source, form: NewAttributeForm) -> Result<Attribute, AppError> {
    use api::attributes::{NewAttribute, NewAttributeConfig, NewRecordReferenceConfig};

    let ctx = super::session::context().await?;
    let (target, identifier) = target(&source);
    let config = NewAttributeConfig {
        currency: form.currency_code.map(|code| model::wire::CurrencyConfig {
            default_currency_code: Some(code),
            display_type: Some("symbol".into()),
        }),
        record_reference: form.target_object.map(|object| NewRecordReferenceConfig { allowed_objects: vec![object] }),
    };
    let new = NewAttribute {
        title: form.title,
        description: form.description,
        api_slug: form.api_slug,
        kind: form.kind,
        is_required: form.is_required,
        is_unique: form.is_unique,
        is_multiselect: form.is_multiselect,
        default_value: None,
        config: Some(config),
    };
    Ok(api::attributes::create_attribute(&ctx, target, identifier, new).await?)
}

/// `PATCH /v2/{objects,lists}/{identifier}/attributes/{attribute}`.
#[server(input = Json)]
pub async fn change_attribute(
    source: Source,
    attribute: String,
    change: AttributeChange,
) -> Result<Attribute, AppError> {
    let ctx = super::session::context().await?;
    let (target, identifier) = target(&source);
    let patch = api::attributes::AttributePatch {
        title: change.title,
        description: change.description,
        is_required: change.is_required,
        is_unique: change.is_unique,
        is_archived: change.is_archived,
        ..Default::default()
    };
    Ok(api::attributes::update_attribute(&ctx, target, identifier, &attribute, patch).await?)
}

/// `POST .../attributes/{attribute}/statuses` or `.../options`.
#[server(input = Json)]
pub async fn add_choice(source: Source, attribute: String, is_status: bool, title: String) -> Result<(), AppError> {
    let ctx = super::session::context().await?;
    let (target, identifier) = target(&source);
    let new = api::attributes::NewChoice { title, celebration_enabled: None, target_time_in_status: None };
    api::attributes::create_choice(&ctx, choice_kind(is_status), target, identifier, &attribute, new).await?;
    Ok(())
}

/// `PATCH .../statuses/{status}` or `.../options/{option}`: its title, or whether archived.
#[server(input = Json)]
pub async fn change_choice(
    source: Source,
    attribute: String,
    is_status: bool,
    choice: String,
    title: Option<String>,
    is_archived: Option<bool>,
) -> Result<(), AppError> {
    let ctx = super::session::context().await?;
    let (target, identifier) = target(&source);
    let patch = api::attributes::ChoicePatch { title, is_archived, ..Default::default() };
    api::attributes::update_choice(&ctx, choice_kind(is_status), target, identifier, &attribute, &choice, patch)
        .await?;
    Ok(())
}

/// The workspace's API keys, revoked ones too.
#[server]
pub async fn list_keys() -> Result<Vec<ApiKeySummary>, AppError> {
    let ctx = super::session::context().await?;
    Ok(api::keys::list_api_keys(&ctx).await?)
}

/// A new key with these scopes; answers its secret, which is shown this once.
#[server(input = Json)]
pub async fn create_key(name: String, scopes: Vec<String>) -> Result<String, AppError> {
    let ctx = super::session::context().await?;
    if scopes.is_empty() {
        return Err(AppError::Other("Choose at least one scope.".into()));
    }
    Ok(api::keys::create_key(&ctx, &name, &scopes).await?.token)
}

#[server(input = Json)]
pub async fn revoke_key(id: String) -> Result<(), AppError> {
    let ctx = super::session::context().await?;
    api::keys::revoke_api_key(&ctx, &id).await?;
    Ok(())
}
