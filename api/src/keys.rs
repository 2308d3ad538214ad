//! API keys: created by an admin with scopes, presented as `Authorization: Bearer <key>`.

use crate::catalog::parse_uuid;
use crate::ctx::{Ctx, Principal, Workspace};
use crate::error::{ApiError, Result};
use crate::schema::{ApiKeys, Users, Workspaces};
use crate::scopes::Scopes;
use crate::state::AppState;
use crate::time;
use crate::tokens;
use crate::workspaces::find_workspace;
use model::ids::{ApiKeyId, WorkspaceId};
use model::wire::{ActiveToken, ApiKeySummary, SelfInfo};
use sea_query::{Expr, Query};
use sqlx::Row;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct NewApiKey {
    pub id: ApiKeyId,
    /// The secret, shown only now.
    pub token: String,
}

/// Creates a key for a workspace. No scopes means every scope.
pub async fn create_api_key(state: &AppState, workspace: &str, name: &str, scopes: &[String]) -> Result<NewApiKey> {
    let ws = find_workspace(&state.db, workspace).await?;
    insert_key(&state.db, ws.id, name, scopes).await
}

async fn insert_key(db: &crate::db::Db, workspace: WorkspaceId, name: &str, scopes: &[String]) -> Result<NewApiKey> {
    let scopes = if scopes.is_empty() { Scopes::all() } else { Scopes::parse(scopes.iter().map(String::as_str))? };
    let name = name.trim();
    if name.is_empty() {
        return Err(ApiError::validation("An API key needs a name."));
    }
    let id = ApiKeyId::new();
    let token = tokens::generate("crm_");
    let q = Query::insert()
        .into_table(ApiKeys::Table)
        .columns([
            ApiKeys::Id,
            ApiKeys::WorkspaceId,
            ApiKeys::Name,
            ApiKeys::TokenHash,
            ApiKeys::Scopes,
            ApiKeys::CreatedAt,
        ])
        .values_panic([
            id.to_string().into(),
            workspace.to_string().into(),
            name.into(),
            tokens::digest(&token).into(),
            scopes.to_string_list().into(),
            time::to_db(time::now()).into(),
        ])
        .to_owned();
    let mut wtx = db.begin_write().await?;
    db.execute(&mut wtx.tx, &q).await?;
    wtx.commit().await?;
    Ok(NewApiKey { id, token })
}

/// The workspace's keys, newest first, revoked ones too: for admins.
pub async fn list_api_keys(ctx: &Ctx) -> Result<Vec<ApiKeySummary>> {
    ctx.require_admin()?;
    let q = Query::select()
        .columns([ApiKeys::Id, ApiKeys::Name, ApiKeys::Scopes, ApiKeys::CreatedAt, ApiKeys::RevokedAt])
        .from(ApiKeys::Table)
        .and_where(Expr::col(ApiKeys::WorkspaceId).eq(ctx.workspace_id().to_string()))
        .order_by(ApiKeys::CreatedAt, sea_query::Order::Desc)
        .to_owned();
    ctx.db
        .read_all(&q)
        .await?
        .iter()
        .map(|row| {
            let scopes: String = row.try_get("scopes")?;
            let revoked: Option<String> = row.try_get("revoked_at")?;
            Ok(ApiKeySummary {
                id: ApiKeyId(parse_uuid(row.try_get("id")?)?),
                name: row.try_get("name")?,
                scopes: scopes.split_whitespace().map(str::to_owned).collect(),
                created_at: time::from_db(&row.try_get::<String, _>("created_at")?)?,
                revoked_at: revoked.map(|r| time::from_db(&r)).transpose()?,
            })
        })
        .collect()
}

/// Creates a key in the caller's workspace: for admins. No scopes means every scope.
pub async fn create_key(ctx: &Ctx, name: &str, scopes: &[String]) -> Result<NewApiKey> {
    ctx.require_admin()?;
    insert_key(&ctx.db, ctx.workspace_id(), name, scopes).await
}

/// Revokes a key of the caller's workspace: its next request fails, here at once and in
/// the other processes once their cached credentials expire (within a second).
pub async fn revoke_api_key(ctx: &Ctx, id: &str) -> Result<()> {
    ctx.require_admin()?;
    let not_found = || ApiError::not_found(format!("No API key with id \"{id}\"."));
    let id = uuid::Uuid::parse_str(id).map_err(|_| not_found())?;
    let q = Query::update()
        .table(ApiKeys::Table)
        .value(ApiKeys::RevokedAt, time::to_db(time::now()))
        .and_where(Expr::col(ApiKeys::Id).eq(id.to_string()))
        .and_where(Expr::col(ApiKeys::WorkspaceId).eq(ctx.workspace_id().to_string()))
        .and_where(Expr::col(ApiKeys::RevokedAt).is_null())
        .to_owned();
    let mut wtx = ctx.db.begin_write().await?;
    let done = ctx.db.execute(&mut wtx.tx, &q).await?;
    wtx.commit().await?;
    if done.rows_affected() == 0 {
        return Err(not_found());
    }
    ctx.credentials.clear();
    Ok(())
}

/// Recently verified API keys. An entry lives for a second: long enough to spare the
/// credential query on a busy connection, short enough that a revocation or a catalog
/// change made by another process applies almost at once. Local catalog changes clear it.
#[derive(Default)]
pub struct CredentialCache {
    entries: Mutex<HashMap<String, (Instant, Ctx)>>,
}

const CREDENTIAL_TTL: Duration = Duration::from_secs(1);

impl CredentialCache {
    fn get(&self, digest: &str) -> Option<Ctx> {
        let map = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        map.get(digest).filter(|(at, _)| at.elapsed() < CREDENTIAL_TTL).map(|(_, ctx)| ctx.clone())
    }

    fn put(&self, digest: String, ctx: Ctx) {
        let mut map = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() > 10_000 {
            map.retain(|_, (at, _)| at.elapsed() < CREDENTIAL_TTL);
        }
        map.insert(digest, (Instant::now(), ctx));
    }

    pub fn clear(&self) {
        self.entries.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

/// The context of a Bearer token; 401 when it is unknown or revoked.
pub async fn authenticate(state: &AppState, token: &str) -> Result<Ctx> {
    let digest = tokens::digest(token);
    if let Some(ctx) = state.credentials.get(&digest) {
        return Ok(ctx);
    }
    let ctx = authenticate_uncached(state, &digest).await?;
    state.credentials.put(digest, ctx.clone());
    Ok(ctx)
}

async fn authenticate_uncached(state: &AppState, digest: &str) -> Result<Ctx> {
    let db = &state.db;
    let q = Query::select()
        .column((ApiKeys::Table, ApiKeys::Id))
        .column((ApiKeys::Table, ApiKeys::Scopes))
        .column((Workspaces::Table, Workspaces::Id))
        .column((Workspaces::Table, Workspaces::Slug))
        .column((Workspaces::Table, Workspaces::Name))
        .column((Workspaces::Table, Workspaces::CatalogVersion))
        .from(ApiKeys::Table)
        .inner_join(
            Workspaces::Table,
            Expr::col((Workspaces::Table, Workspaces::Id)).equals((ApiKeys::Table, ApiKeys::WorkspaceId)),
        )
        .and_where(Expr::col((ApiKeys::Table, ApiKeys::TokenHash)).eq(digest))
        .and_where(Expr::col((ApiKeys::Table, ApiKeys::RevokedAt)).is_null())
        .to_owned();
    let (sql, values) = db.sql(&q);
    // Both tables have `id`: read by position.
    let row = sqlx::query_with(&sql, values)
        .fetch_optional(&mut *db.conn().await?)
        .await?
        .ok_or_else(|| ApiError::Unauthorized("The API token is invalid or has been revoked.".into()))?;
    let key_id = ApiKeyId(parse_uuid(row.try_get(0)?)?);
    let scopes: String = row.try_get(1)?;
    let workspace = Workspace {
        id: WorkspaceId(parse_uuid(row.try_get(2)?)?),
        slug: row.try_get(3)?,
        name: row.try_get(4)?,
        catalog_version: row.try_get(5)?,
    };
    let scopes = Scopes::parse(scopes.split_whitespace())?;
    Ok(Ctx::new(state, workspace, Principal::ApiKey { id: key_id }, scopes))
}

/// `GET /v2/self` for an authenticated token. A key is reported as authorised by the
/// workspace's first admin, the member who administers keys.
pub async fn introspect(ctx: &Ctx) -> Result<SelfInfo> {
    let (client, member, issued, level) = match &ctx.principal {
        Principal::ApiKey { id } => {
            let q = Query::select()
                .column(ApiKeys::CreatedAt)
                .from(ApiKeys::Table)
                .and_where(Expr::col(ApiKeys::Id).eq(id.to_string()))
                .to_owned();
            let created: Option<String> =
                ctx.db.read_optional(&q).await?.map(|r| r.try_get("created_at")).transpose()?;
            let admin = Query::select()
                .column(Users::Id)
                .from(Users::Table)
                .and_where(Expr::col(Users::WorkspaceId).eq(ctx.workspace.id.to_string()))
                .and_where(Expr::col(Users::AccessLevel).eq("admin"))
                .order_by(Users::CreatedAt, sea_query::Order::Asc)
                .limit(1)
                .to_owned();
            let admin: Option<String> = ctx.db.read_optional(&admin).await?.map(|r| r.try_get("id")).transpose()?;
            let issued = created.map(|c| time::from_db(&c)).transpose()?.map(|t| t.timestamp()).unwrap_or_default();
            (id.to_string(), admin.unwrap_or_default(), issued, "workspace")
        }
        Principal::Member { id, .. } => (id.to_string(), id.to_string(), time::now().timestamp(), "user"),
    };
    Ok(SelfInfo::Active(Box::new(ActiveToken {
        active: true,
        scope: ctx.scopes.to_string_list(),
        client_id: client.clone(),
        token_type: "Bearer".into(),
        exp: None,
        iat: issued,
        sub: ctx.workspace.id.to_string(),
        aud: client,
        // Attio's clients check the issuer; compatibility needs Attio's value.
        iss: "attio.com".into(),
        authorized_by_workspace_member_id: member,
        workspace_id: ctx.workspace.id,
        workspace_name: ctx.workspace.name.clone(),
        workspace_slug: ctx.workspace.slug.clone(),
        workspace_logo_url: None,
        token_level: level.into(),
    })))
}
