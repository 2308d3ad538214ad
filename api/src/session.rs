//! Browser sessions: e-mail + password (argon2) exchanged for an opaque cookie token.

use crate::catalog::parse_uuid;
use crate::ctx::{Ctx, Principal, Role, Workspace};
use crate::error::{ApiError, Result};
use crate::schema::{Sessions, Users, Workspaces};
use crate::scopes::Scopes;
use crate::state::AppState;
use crate::time;
use crate::tokens;
use argon2::{Argon2, PasswordHash, PasswordVerifier};
use model::ids::{MemberId, WorkspaceId};
use sea_query::{Expr, Query};
use sqlx::Row;

pub const COOKIE_NAME: &str = "crm_session";
const SESSION_DAYS: i64 = 30;

/// The session token from a request's `Cookie` headers, if any.
pub fn token(headers: &http::HeaderMap) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == COOKIE_NAME && !value.is_empty())
        .map(|(_, value)| value.to_string())
}

pub struct NewSession {
    pub token: String,
    pub max_age_secs: i64,
}

fn bad_credentials() -> ApiError {
    ApiError::Unauthorized("Incorrect e-mail or password.".into())
}

pub async fn login(state: &AppState, email: &str, password: &str) -> Result<NewSession> {
    let db = &state.db;
    let q = Query::select()
        .columns([Users::Id, Users::WorkspaceId, Users::PasswordHash])
        .from(Users::Table)
        .and_where(Expr::col(Users::Email).eq(email.trim().to_lowercase()))
        .and_where(Expr::col(Users::AccessLevel).ne("suspended"))
        .to_owned();
    let rows = db.read_all(&q).await?;
    // A person may belong to several workspaces; the first whose password matches wins.
    for row in rows {
        let hash: String = row.try_get("password_hash")?;
        let password = password.to_owned();
        let ok = tokio::task::spawn_blocking(move || {
            PasswordHash::new(&hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
        })
        .await
        .map_err(anyhow::Error::from)?;
        if !ok {
            continue;
        }
        let token = tokens::generate("");
        let now = time::now();
        let q = Query::insert()
            .into_table(Sessions::Table)
            .columns([
                Sessions::TokenHash,
                Sessions::UserId,
                Sessions::WorkspaceId,
                Sessions::ExpiresAt,
                Sessions::CreatedAt,
            ])
            .values_panic([
                tokens::digest(&token).into(),
                row.try_get::<String, _>("id")?.into(),
                row.try_get::<String, _>("workspace_id")?.into(),
                time::to_db(now + chrono::Duration::days(SESSION_DAYS)).into(),
                time::to_db(now).into(),
            ])
            .to_owned();
        let mut wtx = db.begin_write().await?;
        db.execute(&mut wtx.tx, &q).await?;
        wtx.commit().await?;
        return Ok(NewSession { token, max_age_secs: SESSION_DAYS * 24 * 3600 });
    }
    Err(bad_credentials())
}

pub async fn logout(state: &AppState, token: &str) -> Result<()> {
    let db = &state.db;
    let q = Query::delete()
        .from_table(Sessions::Table)
        .and_where(Expr::col(Sessions::TokenHash).eq(tokens::digest(token)))
        .to_owned();
    let mut wtx = db.begin_write().await?;
    db.execute(&mut wtx.tx, &q).await?;
    wtx.commit().await?;
    Ok(())
}

/// The context of a session token; 401 when it is unknown or expired.
pub async fn context(state: &AppState, token: &str) -> Result<Ctx> {
    let db = &state.db;
    let q = Query::select()
        .column((Users::Table, Users::Id))
        .column((Users::Table, Users::Email))
        .column((Users::Table, Users::AccessLevel))
        .column((Workspaces::Table, Workspaces::Id))
        .column((Workspaces::Table, Workspaces::Slug))
        .column((Workspaces::Table, Workspaces::Name))
        .column((Workspaces::Table, Workspaces::CatalogVersion))
        .from(Sessions::Table)
        .inner_join(Users::Table, Expr::col((Users::Table, Users::Id)).equals((Sessions::Table, Sessions::UserId)))
        .inner_join(
            Workspaces::Table,
            Expr::col((Workspaces::Table, Workspaces::Id)).equals((Sessions::Table, Sessions::WorkspaceId)),
        )
        .and_where(Expr::col((Sessions::Table, Sessions::TokenHash)).eq(tokens::digest(token)))
        .and_where(Expr::col((Sessions::Table, Sessions::ExpiresAt)).gt(time::to_db(time::now())))
        .and_where(Expr::col((Users::Table, Users::AccessLevel)).ne("suspended"))
        .to_owned();
    let (sql, values) = db.sql(&q);
    let row = sqlx::query_with(&sql, values)
        .fetch_optional(&mut *db.conn().await?)
        .await?
        .ok_or_else(|| ApiError::Unauthorized("Your session has expired; please log in again.".into()))?;
    let member = MemberId(parse_uuid(row.try_get(0)?)?);
    let email: String = row.try_get(1)?;
    let level: String = row.try_get(2)?;
    let role = Role::parse(&level)
        .ok_or_else(|| ApiError::Unauthorized("Your session has expired; please log in again.".into()))?;
    let workspace = Workspace {
        id: WorkspaceId(parse_uuid(row.try_get(3)?)?),
        slug: row.try_get(4)?,
        name: row.try_get(5)?,
        catalog_version: row.try_get(6)?,
    };
    Ok(Ctx::new(state, workspace, Principal::Member { id: member, email, role }, Scopes::all()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::header::COOKIE;
    use http::{HeaderMap, HeaderValue};

    fn headers(cookies: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for cookie in cookies {
            headers.append(COOKIE, HeaderValue::from_str(cookie).expect("valid header"));
        }
        headers
    }

    #[test]
    fn finds_the_session_among_other_cookies() {
        let h = headers(&["theme=dark; crm_session=abc123", "other=1"]);
        assert_eq!(token(&h).as_deref(), Some("abc123"));
    }

    #[test]
    fn ignores_missing_empty_and_lookalike_cookies() {
        assert_eq!(token(&headers(&[])), None);
        assert_eq!(token(&headers(&["crm_session="])), None);
        assert_eq!(token(&headers(&["xcrm_session=abc"])), None);
    }
}
