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
    Member { id: MemberId, email: String, role: Role },
}

/// A workspace member's access level, Attio's `access_level`: admins change the workspace's
/// configuration, members work with its records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Admin,
    Member,
}

impl Role {
    /// The role of a stored access level; none for a suspended member.
    pub fn parse(level: &str) -> Option<Role> {
        match level {
            "admin" => Some(Role::Admin),
            "member" => Some(Role::Member),
            _ => None,
        }
    }
}

/// The scope areas of the workspace's configuration, which only admins change: objects,
/// attributes and their choices, lists, members and keys, webhooks.
const CONFIGURATION: [&str; 4] = ["object_configuration", "list_configuration", "user_management", "webhook"];

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

    /// Stamps `event` with its type and this caller as actor, and holds it for live
    /// subscribers until the write commits: every webhook event (`webhooks::emit`), and
    /// changes no webhook carries (a board's new order).
    pub(crate) fn announce(&self, event_type: &str, event: &mut Value) {
        event["event_type"] = json!(event_type);
        event["actor"] = self.actor_json();
        let Ok(raw) = serde_json::value::to_raw_value(&*event) else { return };
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

    /// Fails with 403 unless every `(area, access)` is granted: to a key by its scopes, to a
    /// member by their role too (changing the configuration takes an admin).
    pub fn require(&self, needs: &[(&str, Access)]) -> Result<()> {
        self.require_scopes(needs)?;
        let changes_configuration =
            needs.iter().any(|(area, access)| *access == Access::ReadWrite && CONFIGURATION.contains(area));
        if changes_configuration && self.role() == Some(Role::Member) {
            return Err(ApiError::Forbidden(
                "Only workspace admins can change objects, attributes, lists, members, keys and webhooks.".into(),
            ));
        }
        Ok(())
    }

    /// Fails with 403 unless the caller may change the configuration: an admin, or a key
    /// with the configuration scopes. What the settings area asks before it shows anything.
    pub fn require_admin(&self) -> Result<()> {
        self.require(&[("object_configuration", Access::ReadWrite), ("list_configuration", Access::ReadWrite)])
    }

    /// The member's role; none for a key.
    pub fn role(&self) -> Option<Role> {
        match &self.principal {
            Principal::Member { role, .. } => Some(*role),
            Principal::ApiKey { .. } => None,
        }
    }

    /// Fails with 403 unless the scopes grant every `(area, access)`, whatever the role: for
    /// what any member may change although a key needs a configuration scope for it (saved
    /// views).
    pub fn require_scopes(&self, needs: &[(&str, Access)]) -> Result<()> {
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
