//! Workspace members: the users of a workspace, who log in to the web app.

use crate::catalog::parse_uuid;
use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::{is_unique_violation, ApiError, Result};
use crate::schema::Users;
use crate::scopes::Access;
use crate::time;
use crate::workspaces::find_workspace;
use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
use argon2::Argon2;
use model::ids::{MemberId, WorkspaceId};
use model::wire::{MemberIdent, WorkspaceMember};
use sea_query::{Expr, Order, Query};
use sqlx::any::AnyRow;
use sqlx::Row;

const READ: &[(&str, Access)] = &[("user_management", Access::Read)];

/// An e-mail address that parsed: trimmed, lower-cased, with a local part and a domain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(s: &str) -> Result<Self> {
        let s = s.trim().to_lowercase();
        match s.split_once('@') {
            Some((local, domain)) if !local.is_empty() && domain.contains('.') && !s.contains(char::is_whitespace) => {
                Ok(Self(s))
            }
            _ => Err(ApiError::validation(format!("\"{s}\" is not a valid e-mail address."))),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

pub struct NewMember<'a> {
    pub workspace: &'a str,
    pub email: &'a str,
    pub password: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub admin: bool,
}

pub async fn create_member(db: &Db, new: NewMember<'_>) -> Result<WorkspaceMember> {
    let ws = find_workspace(db, new.workspace).await?;
    let email = Email::parse(new.email)?;
    if new.password.len() < 8 {
        return Err(ApiError::validation("The password must be at least 8 characters."));
    }
    let hash = Argon2::default()
        .hash_password(new.password.as_bytes(), &SaltString::generate(&mut OsRng))
        .map_err(|e| anyhow::anyhow!("hashing password: {e}"))?
        .to_string();
    let id = MemberId::new();
    let now = time::now();
    let level = if new.admin { "admin" } else { "member" };
    let q = Query::insert()
        .into_table(Users::Table)
        .columns([
            Users::Id,
            Users::WorkspaceId,
            Users::Email,
            Users::FirstName,
            Users::LastName,
            Users::PasswordHash,
            Users::AccessLevel,
            Users::CreatedAt,
        ])
        .values_panic([
            id.to_string().into(),
            ws.id.to_string().into(),
            email.as_str().into(),
            new.first_name.into(),
            new.last_name.into(),
            hash.into(),
            level.into(),
            time::to_db(now).into(),
        ])
        .to_owned();
    let mut wtx = db.begin_write().await?;
    // Members are part of the cached catalog (actor references resolve against them).
    crate::catalog::bump_version(db, &mut wtx.tx, ws.id).await?;
    db.execute(&mut wtx.tx, &q).await.map_err(|e| {
        if is_unique_violation(&e) {
            ApiError::Conflict {
                code: "uniqueness_violation",
                message: format!("{} is already a member of {}.", email.as_str(), ws.slug),
            }
        } else {
            e.into()
        }
    })?;
    wtx.commit().await?;
    Ok(WorkspaceMember {
        id: MemberIdent { workspace_id: ws.id, workspace_member_id: id },
        first_name: new.first_name.into(),
        last_name: new.last_name.into(),
        avatar_url: None,
        email_address: email.0,
        created_at: now,
        access_level: level.into(),
    })
}

fn member_from_row(row: &AnyRow) -> Result<WorkspaceMember> {
    Ok(WorkspaceMember {
        id: MemberIdent {
            workspace_id: WorkspaceId(parse_uuid(row.try_get("workspace_id")?)?),
            workspace_member_id: MemberId(parse_uuid(row.try_get("id")?)?),
        },
        first_name: row.try_get("first_name")?,
        last_name: row.try_get("last_name")?,
        avatar_url: None,
        email_address: row.try_get("email")?,
        created_at: time::from_db(row.try_get("created_at")?)?,
        access_level: row.try_get("access_level")?,
    })
}

const MEMBER_COLUMNS: [Users; 7] = [
    Users::Id,
    Users::WorkspaceId,
    Users::Email,
    Users::FirstName,
    Users::LastName,
    Users::AccessLevel,
    Users::CreatedAt,
];

pub async fn list_members(ctx: &Ctx) -> Result<Vec<WorkspaceMember>> {
    ctx.require(READ)?;
    let q = Query::select()
        .columns(MEMBER_COLUMNS)
        .from(Users::Table)
        .and_where(Expr::col(Users::WorkspaceId).eq(ctx.workspace_id().to_string()))
        .order_by(Users::CreatedAt, Order::Asc)
        .to_owned();
    ctx.db.read_all(&q).await?.iter().map(member_from_row).collect()
}

pub async fn get_member(ctx: &Ctx, id: &str) -> Result<WorkspaceMember> {
    ctx.require(READ)?;
    let not_found = || ApiError::not_found(format!("Workspace member \"{id}\" not found."));
    let id: MemberId = id.parse().map_err(|_| not_found())?;
    let q = Query::select()
        .columns(MEMBER_COLUMNS)
        .from(Users::Table)
        .and_where(Expr::col(Users::WorkspaceId).eq(ctx.workspace_id().to_string()))
        .and_where(Expr::col(Users::Id).eq(id.to_string()))
        .to_owned();
    let row = ctx.db.read_optional(&q).await?.ok_or_else(not_found)?;
    member_from_row(&row)
}

/// Who can be referenced as a workspace member: ids, and ids by e-mail address.
#[derive(Debug, Default)]
pub struct Directory {
    pub ids: std::collections::HashSet<String>,
    pub by_email: std::collections::HashMap<String, String>,
}

/// The workspace's member directory, cached per catalog version.
pub(crate) async fn directory(ctx: &Ctx, conn: &mut sqlx::AnyConnection) -> Result<std::sync::Arc<Directory>> {
    let version = ctx.workspace.catalog_version;
    if let Some(d) = ctx.catalog.members(ctx.workspace_id(), version) {
        return Ok(d);
    }
    let q = Query::select()
        .columns([Users::Id, Users::Email])
        .from(Users::Table)
        .and_where(Expr::col(Users::WorkspaceId).eq(ctx.workspace_id().to_string()))
        .to_owned();
    let mut dir = Directory::default();
    for row in ctx.db.fetch_all(conn, &q).await? {
        let (id, email): (String, String) = (row.try_get("id")?, row.try_get("email")?);
        dir.ids.insert(id.clone());
        dir.by_email.insert(email, id);
    }
    let dir = std::sync::Arc::new(dir);
    ctx.catalog.put_members(ctx.workspace_id(), version, dir.clone());
    Ok(dir)
}
