//! The connections requests run on. sqlx's own pool checks a connection with a round trip
//! when it hands it out and again when it takes it back: on PostgreSQL two of a create's five
//! round trips, on SQLite two of a query's three hand-offs to the connection's worker thread.
//! This pool checks only a connection that sat idle long enough to have been dropped by the
//! server, as HikariCP does. A request cancelled mid-statement leaves nothing to check: sqlx
//! finishes reading the abandoned answer (or rolls back the abandoned transaction) before the
//! connection's next statement.

use deadpool::managed::{self, Metrics, PoolError, RecycleResult};
use sqlx::any::AnyConnectOptions;
use sqlx::{AnyConnection, Connection as _, Executor as _};
use std::time::Duration;

/// A connection idle for longer than this is pinged before it is handed out again.
const IDLE_CHECK: Duration = Duration::from_secs(5);

pub struct Connector {
    options: AnyConnectOptions,
    /// Statements every new connection runs first (SQLite's pragmas).
    init: Option<&'static str>,
}

impl managed::Manager for Connector {
    type Type = AnyConnection;
    type Error = sqlx::Error;

    async fn create(&self) -> sqlx::Result<AnyConnection> {
        let mut conn = AnyConnection::connect_with(&self.options).await?;
        if let Some(init) = self.init {
            conn.execute(init).await?;
        }
        Ok(conn)
    }

    async fn recycle(&self, conn: &mut AnyConnection, metrics: &Metrics) -> RecycleResult<sqlx::Error> {
        if metrics.last_used() > IDLE_CHECK {
            conn.ping().await?;
        }
        Ok(())
    }
}

pub type Pool = managed::Pool<Connector>;

/// A connection taken from the pool; it goes back when dropped.
pub type Conn = managed::Object<Connector>;

pub fn build(options: AnyConnectOptions, init: Option<&'static str>, size: usize) -> anyhow::Result<Pool> {
    Ok(Pool::builder(Connector { options, init })
        .max_size(size)
        .wait_timeout(Some(Duration::from_secs(10)))
        .create_timeout(Some(Duration::from_secs(10)))
        .runtime(deadpool::Runtime::Tokio1)
        .build()?)
}

pub async fn get(pool: &Pool) -> sqlx::Result<Conn> {
    pool.get().await.map_err(|e| match e {
        PoolError::Backend(e) => e,
        PoolError::Timeout(_) => sqlx::Error::PoolTimedOut,
        PoolError::Closed => sqlx::Error::PoolClosed,
        other => sqlx::Error::Protocol(other.to_string()),
    })
}
