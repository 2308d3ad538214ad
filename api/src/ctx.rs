//! The context of one operation: the database, the workspace and the acting principal with its
//! scopes. REST routes build it from a Bearer key, server functions from a session cookie.

use crate::db::Db;
use crate::error::{ApiError, Result};
use crate::scopes::{Access, Scopes};
use crate::state::AppState;
use model::ids::{ApiKeyId, MemberId, WorkspaceId};
use model::wire::Actor;
use serde_json::{json, Value};
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct Workspace {
    pub id: WorkspaceId,
    pub slug: String,
    pub name: String,
    /// Version of the workspace's catalog when the request started (see `catalog::Cache`).
    pub catalog_version: i64,
}

#[derive(Clone, Debug)]
pub enum Principal {
    ApiKey { id: ApiKeyId },
    Member { id: MemberId, email: String },
}

#[derive(Clone)]
pub struct Ctx {
    pub db: Db,
    pub workspace: Workspace,
    pub principal: Principal,
    pub scopes: Scopes,
    pub public_url: Arc<str>,
    pub catalog: Arc<crate::catalog::Cache>,
    pub credentials: Arc<crate::keys::CredentialCache>,
    /// Changes of the write in progress, announced when it commits (`Ctx::write`).
    pub(crate) outbox: crate::live::Outbox,
}

impl Ctx {
    pub fn new(state: &AppState, workspace: Workspace, principal: Principal, scopes: Scopes) -> Self {
        Self {
            db: state.db.clone(),
            workspace,
            principal,
            scopes,
            public_url: state.config.public_url.as_str().into(),
            catalog: state.catalog.clone(),
            credentials: state.credentials.clone(),
            outbox: crate::live::Outbox::default(),
        }
    }

    pub fn workspace_id(&self) -> WorkspaceId {
        self.workspace.id
    }

    pub fn workspace_name(&self) -> &str {
        &self.workspace.name
    }

    pub fn workspace_slug(&self) -> &str {
        &self.workspace.slug
    }

    pub fn user_email(&self) -> Option<&str> {
        match &self.principal {
            Principal::Member { email, .. } => Some(email),
            Principal::ApiKey { .. } => None,
        }
    }

    /// Who wrote a value: `{type, id}` as Attio reports it.
    pub fn actor(&self) -> Actor {
        match &self.principal {
            Principal::ApiKey { id } => Actor { kind: Some("api-token".into()), id: Some(id.to_string()) },
            Principal::Member { id, .. } => Actor { kind: Some("workspace-member".into()), id: Some(id.to_string()) },
        }
    }

    pub fn actor_json(&self) -> Value {
        let a = self.actor();
        json!({"type": a.kind, "id": a.id})
    }

    /// Runs a data write (`Db::write`) and, once it has committed, announces the changes it
    /// emitted to live subscribers; a write that failed announces nothing.
    pub async fn write<T, F>(&self, job: F) -> Result<T>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut sqlx::AnyConnection) -> futures_util::future::BoxFuture<'c, Result<T>>
            + Send
            + 'static,
    {
        let result = self.db.write(job).await;
        let changes = self.outbox.take();
        if result.is_ok() {
            self.db.live().publish(changes);
        }
        result
    }

    /// Tells live subscribers, once the write commits, of a change no webhook carries (a
    /// board's new order).
    pub(crate) fn announce(&self, event_type: &str, mut event: Value) {
        event["event_type"] = json!(event_type);
        event["actor"] = self.actor_json();
        let Ok(raw) = serde_json::value::to_raw_value(&event) else { return };
        self.outbox.push(crate::live::Change {
            workspace_id: self.workspace_id(),
            event_type: event_type.to_owned(),
            event: raw.into(),
        });
    }

    /// Commits a change to the workspace's objects, attributes or lists: bumps the catalog
    /// version (which every process sees with the next request's credentials) and drops
    /// this process's cached credentials, which carry the old version.
    pub async fn commit_catalog_change(&self, mut wtx: crate::db::WriteTx<'_>) -> Result<()> {
        crate::catalog::bump_version(&self.db, &mut wtx.tx, self.workspace_id()).await?;
        wtx.commit().await?;
        self.credentials.clear();
        Ok(())
    }

    /// Whether this caller may read what `change` is about: its workspace's, in an area its
    /// scopes grant.
    pub fn may_see(&self, change: &crate::live::Change) -> bool {
        let kind = change.event_type.split('.').next().unwrap_or_default();
        let areas: &[&str] = match kind {
            "record" => &["record_permission", "object_configuration"],
            "list-entry" => &["list_entry", "list_configuration"],
            "note" | "task" | "comment" => &[kind],
            _ => &["object_configuration"],
        };
        change.workspace_id == self.workspace_id() && areas.iter().all(|a| self.scopes.allows(a, Access::Read))
    }

    /// Fails with 403 unless every `(area, access)` is granted.
    pub fn require(&self, needs: &[(&str, Access)]) -> Result<()> {
        for (area, access) in needs {
            if !self.scopes.allows(area, *access) {
                let level = match access {
                    Access::Read => "read",
                    Access::ReadWrite => "read-write",
                };
                return Err(ApiError::Forbidden(format!(
                    "This token lacks the scope {area}:{level} required by this operation."
                )));
            }
        }
        Ok(())
    }
}
