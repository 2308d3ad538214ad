//! Webhooks: subscriptions per workspace, events written to an outbox in the transaction of
//! the change that caused them, and a worker that delivers them — signed with HMAC-SHA256 of
//! the body under the webhook's secret, retried with backoff, every attempt logged.

use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::{ApiError, Result};
use crate::scopes::Access;
use crate::state::AppState;
use crate::time;
use crate::tokens;
use hmac::{Hmac, Mac};
use model::ids::WebhookId;
use sea_query::{Expr, Iden, Order, Query};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::Sha256;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::time::Duration;
use uuid::Uuid;

#[derive(Iden, Clone, Copy)]
enum Webhooks {
    Table,
    Id,
    WorkspaceId,
    TargetUrl,
    Subscriptions,
    Secret,
    Status,
    CreatedAt,
}

#[derive(Iden, Clone, Copy)]
enum WebhookDeliveries {
    Table,
    Id,
    WebhookId,
    WorkspaceId,
    EventType,
    Payload,
    State,
    Attempts,
    NextAttemptAt,
    LockedUntil,
    CreatedAt,
}

#[derive(Iden, Clone, Copy)]
enum WebhookAttempts {
    Table,
    DeliveryId,
    Attempt,
    StatusCode,
    Error,
    DurationMs,
    CreatedAt,
}

const READ: &[(&str, Access)] = &[("webhook", Access::Read)];
const WRITE: &[(&str, Access)] = &[("webhook", Access::ReadWrite)];

/// Event types a subscription may name, from Attio's document.
pub const EVENT_TYPES: [&str; 24] = [
    "call-recording.created",
    "comment.created",
    "comment.resolved",
    "comment.unresolved",
    "comment.deleted",
    "list.created",
    "list.updated",
    "list.deleted",
    "list-attribute.created",
    "list-attribute.updated",
    "list-entry.created",
    "list-entry.updated",
    "list-entry.deleted",
    "object-attribute.created",
    "object-attribute.updated",
    "note.created",
    "note-content.updated",
    "note.updated",
    "note.deleted",
    "record.created",
    "record.merged",
    "record.updated",
    "record.deleted",
    "task.created",
];

/// Retries after a failed delivery; after the last one the webhook is marked degraded.
const MAX_ATTEMPTS: i64 = 10;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Subscription {
    pub event_type: String,
    pub filter: Option<Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewWebhook {
    pub target_url: String,
    pub subscriptions: Vec<Subscription>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookPatch {
    pub target_url: Option<String>,
    pub subscriptions: Option<Vec<Subscription>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Page {
    #[serde(default, deserialize_with = "model::num::opt_u64")]
    pub limit: Option<u64>,
    #[serde(default, deserialize_with = "model::num::opt_u64")]
    pub offset: Option<u64>,
}

/// A webhook target: an absolute `https://` URL with a host, in its normalised form (an
/// international host in punycode, other characters percent-encoded), so that it reads back
/// as a valid URI.
fn target_url(url: &str) -> Result<String> {
    let invalid = || ApiError::validation(format!("\"target_url\" must be an https:// URL, got \"{url}\"."));
    let parsed = reqwest::Url::parse(url).map_err(|_| invalid())?;
    // Events carry customer data: like Attio, only HTTPS targets.
    if parsed.scheme() != "https" || parsed.host_str().is_none_or(str::is_empty) {
        return Err(invalid());
    }
    Ok(parsed.into())
}

fn validate_subscriptions(subs: &[Subscription]) -> Result<()> {
    for s in subs {
        if !EVENT_TYPES.contains(&s.event_type.as_str())
            && !s.event_type.starts_with("task.")
            && !s.event_type.starts_with("workspace-member.")
        {
            return Err(ApiError::validation(format!("Unknown event type \"{}\".", s.event_type)));
        }
        match &s.filter {
            None | Some(Value::Null) => {}
            Some(Value::Object(m)) if m.len() == 1 && (m.contains_key("$and") || m.contains_key("$or")) => {
                let items = m.values().next().and_then(Value::as_array).ok_or_else(|| {
                    ApiError::validation("A subscription filter is {\"$and\" | \"$or\": [{field, operator, value}]}.")
                })?;
                for c in items {
                    let op = c.get("operator").and_then(Value::as_str);
                    let field = c.get("field").and_then(Value::as_str).filter(|f| !f.is_empty());
                    let value = c.get("value").and_then(Value::as_str);
                    if field.is_none() || value.is_none() || !matches!(op, Some("equals" | "not_equals")) {
                        return Err(ApiError::validation(
                            "Each filter condition is {\"field\", \"operator\": \"equals\" | \"not_equals\", \"value\"}.",
                        ));
                    }
                }
            }
            Some(_) => {
                return Err(ApiError::validation("A subscription filter is null or {\"$and\" | \"$or\": [...]}."));
            }
        }
    }
    Ok(())
}

fn to_wire(row: &AnyRow, with_secret: bool) -> Result<Value> {
    let subs: String = row.try_get("subscriptions")?;
    let subs: Value = serde_json::from_str(&subs).map_err(anyhow::Error::from)?;
    let mut v = json!({
        "id": {"workspace_id": row.try_get::<String, _>("workspace_id")?, "webhook_id": row.try_get::<String, _>("id")?},
        "target_url": row.try_get::<String, _>("target_url")?,
        "subscriptions": subs,
        "status": row.try_get::<String, _>("status")?,
        "created_at": row.try_get::<String, _>("created_at")?,
    });
    if with_secret {
        v["secret"] = json!(row.try_get::<String, _>("secret")?);
    }
    Ok(v)
}

const COLUMNS: [Webhooks; 7] = [
    Webhooks::Id,
    Webhooks::WorkspaceId,
    Webhooks::TargetUrl,
    Webhooks::Subscriptions,
    Webhooks::Secret,
    Webhooks::Status,
    Webhooks::CreatedAt,
];

async fn find(ctx: &Ctx, id: &str) -> Result<AnyRow> {
    let not_found = || ApiError::not_found(format!("Webhook \"{id}\" not found."));
    let id: WebhookId = id.parse().map_err(|_| not_found())?;
    let q = Query::select()
        .columns(COLUMNS)
        .from(Webhooks::Table)
        .and_where(Expr::col(Webhooks::WorkspaceId).eq(ctx.workspace_id().to_string()))
        .and_where(Expr::col(Webhooks::Id).eq(id.to_string()))
        .to_owned();
    ctx.db.read_optional(&q).await?.ok_or_else(not_found)
}

pub async fn create_webhook(ctx: &Ctx, new: NewWebhook) -> Result<Value> {
    ctx.require(WRITE)?;
    let url = target_url(&new.target_url)?;
    validate_subscriptions(&new.subscriptions)?;
    let id = WebhookId::new();
    let q = Query::insert()
        .into_table(Webhooks::Table)
        .columns(COLUMNS)
        .values_panic([
            id.to_string().into(),
            ctx.workspace_id().to_string().into(),
            url.into(),
            serde_json::to_string(&new.subscriptions).map_err(anyhow::Error::from)?.into(),
            tokens::generate("whsec_").into(),
            "active".into(),
            time::to_db(time::now()).into(),
        ])
        .to_owned();
    let mut wtx = ctx.db.begin_write().await?;
    ctx.db.execute(&mut wtx.tx, &q).await?;
    ctx.commit_catalog_change(wtx).await?;
    // The secret is shown once, on creation.
    to_wire(&find(ctx, &id.to_string()).await?, true)
}

pub async fn list_webhooks(ctx: &Ctx, page: Page) -> Result<Vec<Value>> {
    ctx.require(READ)?;
    let q = Query::select()
        .columns(COLUMNS)
        .from(Webhooks::Table)
        .and_where(Expr::col(Webhooks::WorkspaceId).eq(ctx.workspace_id().to_string()))
        .order_by(Webhooks::CreatedAt, Order::Asc)
        .limit(page.limit.unwrap_or(i64::MAX as u64))
        .offset(page.offset.unwrap_or(0))
        .to_owned();
    ctx.db.read_all(&q).await?.iter().map(|r| to_wire(r, false)).collect()
}

pub async fn get_webhook(ctx: &Ctx, id: &str) -> Result<Value> {
    ctx.require(READ)?;
    to_wire(&find(ctx, id).await?, false)
}

pub async fn update_webhook(ctx: &Ctx, id: &str, patch: WebhookPatch) -> Result<Value> {
    ctx.require(WRITE)?;
    let row = find(ctx, id).await?;
    let mut q = Query::update();
    q.table(Webhooks::Table);
    let mut any = false;
    if let Some(url) = &patch.target_url {
        q.value(Webhooks::TargetUrl, target_url(url)?);
        any = true;
    }
    if let Some(subs) = &patch.subscriptions {
        validate_subscriptions(subs)?;
        q.value(Webhooks::Subscriptions, serde_json::to_string(subs).map_err(anyhow::Error::from)?);
        any = true;
    }
    if !any {
        return Err(ApiError::validation("The request must change at least one field."));
    }
    q.and_where(Expr::col(Webhooks::Id).eq(row.try_get::<String, _>("id")?));
    let mut wtx = ctx.db.begin_write().await?;
    ctx.db.execute(&mut wtx.tx, &q).await?;
    ctx.commit_catalog_change(wtx).await?;
    get_webhook(ctx, id).await
}

pub async fn delete_webhook(ctx: &Ctx, id: &str) -> Result<()> {
    ctx.require(WRITE)?;
    let row = find(ctx, id).await?;
    let q = Query::delete()
        .from_table(Webhooks::Table)
        .and_where(Expr::col(Webhooks::Id).eq(row.try_get::<String, _>("id")?))
        .to_owned();
    let mut wtx = ctx.db.begin_write().await?;
    ctx.db.execute(&mut wtx.tx, &q).await?;
    ctx.commit_catalog_change(wtx).await?;
    Ok(())
}

/// True when a subscription's filter accepts the event. Fields are dotted paths into the
/// event (`id.object_id`, `parent_object_id`...).
fn matches(filter: Option<&Value>, event: &Value) -> bool {
    let Some(Value::Object(f)) = filter else { return true };
    let test = |c: &Value| {
        let field = c.get("field").and_then(Value::as_str).unwrap_or_default();
        let actual = field.split('.').try_fold(event, |v, k| v.get(k));
        let equal = actual == c.get("value");
        match c.get("operator").and_then(Value::as_str) {
            Some("not_equals") => !equal,
            _ => equal,
        }
    };
    match (f.get("$and"), f.get("$or")) {
        (Some(Value::Array(all)), _) => all.iter().all(test),
        (_, Some(Value::Array(any))) => any.iter().any(test),
        _ => true,
    }
}

/// Queues `event` for every webhook of the workspace subscribed to it, inside the caller's
/// transaction: the change and its notifications commit or roll back together.
pub(crate) async fn emit(
    db: &Db,
    conn: &mut AnyConnection,
    ctx: &Ctx,
    event_type: &str,
    mut event: Value,
) -> Result<()> {
    ctx.announce(event_type, &mut event);
    let hooks = hooks(db, conn, ctx).await?;
    if hooks.is_empty() {
        return Ok(());
    }
    let now = time::to_db(time::now());
    for hook in hooks.iter() {
        if !hook.subscriptions.iter().any(|s| s.event_type == event_type && matches(s.filter.as_ref(), &event)) {
            continue;
        }
        let payload = json!({"webhook_id": hook.id, "events": [event]});
        let q = Query::insert()
            .into_table(WebhookDeliveries::Table)
            .columns([
                WebhookDeliveries::Id,
                WebhookDeliveries::WebhookId,
                WebhookDeliveries::WorkspaceId,
                WebhookDeliveries::EventType,
                WebhookDeliveries::Payload,
                WebhookDeliveries::State,
                WebhookDeliveries::NextAttemptAt,
                WebhookDeliveries::CreatedAt,
            ])
            .values_panic([
                Uuid::now_v7().to_string().into(),
                hook.id.clone().into(),
                ctx.workspace_id().to_string().into(),
                event_type.into(),
                payload.to_string().into(),
                "pending".into(),
                now.clone().into(),
                now.clone().into(),
            ])
            .to_owned();
        db.execute(&mut *conn, &q).await?;
    }
    Ok(())
}

/// A webhook's id and subscriptions, as cached per catalog version.
pub(crate) struct Hook {
    id: String,
    subscriptions: Vec<Subscription>,
}

/// The workspace's webhooks, from the catalog cache when current: webhook changes bump the
/// catalog version like object and attribute changes.
async fn hooks(db: &Db, conn: &mut AnyConnection, ctx: &Ctx) -> Result<std::sync::Arc<Vec<Hook>>> {
    let version = ctx.workspace.catalog_version;
    if let Some(h) = ctx.catalog.webhooks(ctx.workspace_id(), version) {
        return Ok(h);
    }
    let q = Query::select()
        .columns([Webhooks::Id, Webhooks::Subscriptions])
        .from(Webhooks::Table)
        .and_where(Expr::col(Webhooks::WorkspaceId).eq(ctx.workspace_id().to_string()))
        .and_where(Expr::col(Webhooks::Status).ne("inactive"))
        .to_owned();
    let hooks = db
        .fetch_all(&mut *conn, &q)
        .await?
        .iter()
        .map(|r| {
            Ok(Hook {
                id: r.try_get("id")?,
                subscriptions: serde_json::from_str(&r.try_get::<String, _>("subscriptions")?)
                    .map_err(anyhow::Error::from)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let hooks = std::sync::Arc::new(hooks);
    ctx.catalog.put_webhooks(ctx.workspace_id(), version, hooks.clone());
    Ok(hooks)
}

/// Hex HMAC-SHA256 of the body under the secret: the `Attio-Signature` header.
pub fn signature(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

/// Delay before attempt `n` (1-based) after a failure: 5 s doubling, at most 6 hours.
fn backoff(attempt: i64) -> chrono::Duration {
    chrono::Duration::seconds((5i64 << attempt.clamp(0, 12)).min(6 * 3600))
}

/// Delivers due webhooks until the process stops. Several servers may share a PostgreSQL
/// database: a delivery is claimed by setting `locked_until` in a conditional update, so
/// each is sent by one of them at a time.
pub fn spawn_worker(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let client = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().unwrap_or_default();
        loop {
            match deliver_due(&state.db, &client).await {
                Ok(0) => tokio::time::sleep(Duration::from_millis(500)).await,
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(error = %e, "webhook delivery pass failed");
                    tokio::time::sleep(Duration::from_secs(2)).await;
                }
            }
        }
    })
}

/// One pass: claims up to 20 due deliveries and sends them. Returns how many were claimed.
pub async fn deliver_due(db: &Db, client: &reqwest::Client) -> Result<usize> {
    let now = time::now();
    let (now_s, lease) = (time::to_db(now), time::to_db(now + chrono::Duration::seconds(60)));
    let due = Query::select()
        .column(WebhookDeliveries::Id)
        .from(WebhookDeliveries::Table)
        .and_where(Expr::col(WebhookDeliveries::State).eq("pending"))
        .and_where(Expr::col(WebhookDeliveries::NextAttemptAt).lte(now_s.as_str()))
        .and_where(
            Expr::col(WebhookDeliveries::LockedUntil)
                .is_null()
                .or(Expr::col(WebhookDeliveries::LockedUntil).lt(now_s.as_str())),
        )
        .order_by(WebhookDeliveries::NextAttemptAt, Order::Asc)
        .limit(20)
        .to_owned();
    let ids: Vec<String> = db.read_all(&due).await?.iter().map(|r| r.try_get("id")).collect::<Result<_, _>>()?;
    let mut claimed = 0;
    for id in ids {
        let claim = Query::update()
            .table(WebhookDeliveries::Table)
            .value(WebhookDeliveries::LockedUntil, lease.as_str())
            .and_where(Expr::col(WebhookDeliveries::Id).eq(id.as_str()))
            .and_where(Expr::col(WebhookDeliveries::State).eq("pending"))
            .and_where(
                Expr::col(WebhookDeliveries::LockedUntil)
                    .is_null()
                    .or(Expr::col(WebhookDeliveries::LockedUntil).lt(now_s.as_str())),
            )
            .to_owned();
        let mut wtx = db.begin_write().await?;
        let won = db.execute(&mut wtx.tx, &claim).await?.rows_affected() == 1;
        wtx.commit().await?;
        if won {
            claimed += 1;
            send(db, client, &id).await?;
        }
    }
    Ok(claimed)
}

async fn send(db: &Db, client: &reqwest::Client, id: &str) -> Result<()> {
    let q = Query::select()
        .column((WebhookDeliveries::Table, WebhookDeliveries::Payload))
        .column((WebhookDeliveries::Table, WebhookDeliveries::Attempts))
        .column((WebhookDeliveries::Table, WebhookDeliveries::WebhookId))
        .column((Webhooks::Table, Webhooks::TargetUrl))
        .column((Webhooks::Table, Webhooks::Secret))
        .from(WebhookDeliveries::Table)
        .inner_join(
            Webhooks::Table,
            Expr::col((Webhooks::Table, Webhooks::Id)).equals((WebhookDeliveries::Table, WebhookDeliveries::WebhookId)),
        )
        .and_where(Expr::col((WebhookDeliveries::Table, WebhookDeliveries::Id)).eq(id))
        .to_owned();
    let (sql, values) = db.sql(&q);
    let Some(row) = sqlx::query_with(&sql, values).fetch_optional(&mut *db.conn().await?).await? else { return Ok(()) };
    let payload: String = row.try_get(0)?;
    let attempt = row.try_get::<i64, _>(1)? + 1;
    let webhook_id: String = row.try_get(2)?;
    let (url, secret): (String, String) = (row.try_get(3)?, row.try_get(4)?);
    let sig = signature(&secret, payload.as_bytes());
    let started = std::time::Instant::now();
    let result = client
        .post(&url)
        .header("Content-Type", "application/json")
        .header("Attio-Signature", &sig)
        .header("X-Attio-Signature", &sig)
        .header("Idempotency-Key", id)
        .body(payload)
        .send()
        .await;
    let elapsed = started.elapsed().as_millis() as i64;
    let (status, error) = match &result {
        Ok(r) => {
            (Some(i64::from(r.status().as_u16())), (!r.status().is_success()).then(|| format!("HTTP {}", r.status())))
        }
        Err(e) => (None, Some(e.to_string())),
    };
    let delivered = error.is_none();
    let now = time::now();
    let mut update = Query::update();
    update
        .table(WebhookDeliveries::Table)
        .value(WebhookDeliveries::Attempts, attempt)
        .value(WebhookDeliveries::LockedUntil, Option::<String>::None)
        .and_where(Expr::col(WebhookDeliveries::Id).eq(id));
    let exhausted = !delivered && attempt >= MAX_ATTEMPTS;
    if delivered {
        update.value(WebhookDeliveries::State, "delivered");
    } else if exhausted {
        update.value(WebhookDeliveries::State, "failed");
    } else {
        update.value(WebhookDeliveries::NextAttemptAt, time::to_db(now + backoff(attempt)));
    }
    let log = Query::insert()
        .into_table(WebhookAttempts::Table)
        .columns([
            WebhookAttempts::DeliveryId,
            WebhookAttempts::Attempt,
            WebhookAttempts::StatusCode,
            WebhookAttempts::Error,
            WebhookAttempts::DurationMs,
            WebhookAttempts::CreatedAt,
        ])
        .values_panic([
            id.into(),
            attempt.into(),
            status.into(),
            error.clone().into(),
            elapsed.into(),
            time::to_db(now).into(),
        ])
        .to_owned();
    let mut wtx = db.begin_write().await?;
    db.execute(&mut wtx.tx, &update).await?;
    db.execute(&mut wtx.tx, &log).await?;
    let health = if exhausted {
        "degraded"
    } else if delivered {
        "active"
    } else {
        ""
    };
    if !health.is_empty() {
        let q = Query::update()
            .table(Webhooks::Table)
            .value(Webhooks::Status, health)
            .and_where(Expr::col(Webhooks::Id).eq(webhook_id.as_str()))
            .to_owned();
        db.execute(&mut wtx.tx, &q).await?;
    }
    wtx.commit().await?;
    if let Some(e) = error {
        tracing::info!(delivery = id, attempt, error = %e, "webhook delivery failed");
    }
    Ok(())
}

/// The log of a webhook's recent deliveries, newest first, for the settings page.
pub async fn deliveries(ctx: &Ctx, id: &str, limit: u64) -> Result<Vec<Value>> {
    ctx.require(READ)?;
    let hook = find(ctx, id).await?;
    let q = Query::select()
        .columns([
            WebhookDeliveries::Id,
            WebhookDeliveries::EventType,
            WebhookDeliveries::State,
            WebhookDeliveries::Attempts,
            WebhookDeliveries::NextAttemptAt,
            WebhookDeliveries::CreatedAt,
        ])
        .from(WebhookDeliveries::Table)
        .and_where(Expr::col(WebhookDeliveries::WebhookId).eq(hook.try_get::<String, _>("id")?))
        .order_by(WebhookDeliveries::CreatedAt, Order::Desc)
        .limit(limit)
        .to_owned();
    ctx.db
        .read_all(&q)
        .await?
        .iter()
        .map(|r| {
            Ok(json!({
                "id": r.try_get::<String, _>("id")?,
                "event_type": r.try_get::<String, _>("event_type")?,
                "state": r.try_get::<String, _>("state")?,
                "attempts": r.try_get::<i64, _>("attempts")?,
                "next_attempt_at": r.try_get::<String, _>("next_attempt_at")?,
                "created_at": r.try_get::<String, _>("created_at")?,
            }))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_hex_hmac_sha256() {
        // RFC 4231 test case 2.
        assert_eq!(
            signature("Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn filters_match_event_fields() {
        let event = json!({"id": {"object_id": "o1"}, "parent_object_id": "p"});
        let f = json!({"$and": [{"field": "id.object_id", "operator": "equals", "value": "o1"}]});
        assert!(matches(Some(&f), &event));
        let f = json!({"$or": [{"field": "id.object_id", "operator": "not_equals", "value": "o1"}]});
        assert!(!matches(Some(&f), &event));
        assert!(matches(None, &event));
    }

    #[test]
    fn only_https_urls() {
        assert_eq!(target_url("https://example.com/hook").unwrap(), "https://example.com/hook");
        assert_eq!(target_url("https://bücher.example/ä b").unwrap(), "https://xn--bcher-kva.example/%C3%A4%20b");
        assert!(target_url("http://127.0.0.1:9000/hook").is_err());
        assert!(target_url("http://example.com/hook").is_err());
        assert!(target_url("ftp://x").is_err());
        assert!(target_url("https://").is_err());
        assert!(target_url("https://\u{13}\u{f}h").is_err());
    }
}
