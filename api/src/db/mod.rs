//! The database handle: one sqlx `Any` pool over SQLite or PostgreSQL, the SQL dialect to
//! build statements for, and the schema migrations of each backend.
//!
//! Both backends use the same column types (text ids and instants, integer flags, double
//! numbers), so every statement is written once with sea-query and rendered per backend.

mod pool;
mod unit;
mod writer;

pub use pool::Conn;

use crate::error::Result as ApiResult;
use anyhow::Context as _;
use futures_util::future::BoxFuture;
use futures_util::{FutureExt as _, TryStreamExt as _};
use sea_query::{PostgresQueryBuilder, QueryBuilder, SchemaBuilder, SqliteQueryBuilder};
use sea_query_binder::{SqlxBinder, SqlxValues};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions, AnyQueryResult, AnyRow};
use sqlx::{AnyConnection, AnyPool, Connection as _, Executor, Row as _};
use std::collections::HashSet;
use std::panic::AssertUnwindSafe;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, MutexGuard};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Db {
    /// Connections for migrations, schema changes and background work.
    pool: AnyPool,
    /// Connections for requests (`Db::conn`).
    conns: pool::Pool,
    backend: Backend,
    /// SQLite allows one writer at a time; taking this lock before `BEGIN` serialises this
    /// process's writers so that none fails with SQLITE_BUSY on a lock upgrade.
    write_lock: Arc<Mutex<()>>,
    /// SQLite's WAL checkpointer, stopped when the last handle is dropped.
    _checkpointer: Option<Arc<AbortOnDrop>>,
    /// SQLite's writer thread, which runs the data writes (`Db::write`).
    writer: Option<Arc<writer::Writer>>,
    /// Names of the value indexes this process has built or is building (`indexes`).
    indexes: Arc<std::sync::Mutex<HashSet<String>>>,
    /// Committed changes, fanned out to live subscribers (`live`).
    live: Arc<crate::live::Hub>,
}

struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Set on every SQLite connection. `synchronous = NORMAL` in WAL mode keeps every commit
/// across a crash of the process and syncs at checkpoints.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
    PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536; \
    PRAGMA temp_store = MEMORY; PRAGMA mmap_size = 1073741824; PRAGMA wal_autocheckpoint = 0;";

/// How often the WAL is copied back into the SQLite database file.
const CHECKPOINT_INTERVAL: Duration = Duration::from_millis(50);

/// The WAL size (in 4 KB frames, 256 MB) past which the checkpointer pauses writers to
/// reset it. Each reset stalls writes for a few milliseconds; a larger WAL costs reads a
/// little more in the WAL index.
const WAL_RESET_FRAMES: i64 = 65_536;

/// Writers never checkpoint (`wal_autocheckpoint = 0`): a checkpoint writes and syncs the
/// database file, and run by the committing writer it stalls every writer queued behind it.
/// This task checkpoints in the background instead; a passive checkpoint runs beside readers
/// and writers.
///
/// Under a steady stream of writes a passive checkpoint never catches up with the end of the
/// WAL, and SQLite only starts the WAL over from a fully checkpointed one: left alone it grows
/// without bound. So once it passes `WAL_RESET_FRAMES` the checkpointer takes the write lock
/// (between two transactions of the writer), copies the few frames the last passive
/// checkpoint left and truncates the WAL.
fn spawn_checkpointer(pool: AnyPool, write_lock: Arc<Mutex<()>>) -> AbortOnDrop {
    AbortOnDrop(tokio::spawn(async move {
        let mut tick = tokio::time::interval(CHECKPOINT_INTERVAL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut reset_at = None;
        while !pool.is_closed() {
            tick.tick().await;
            match checkpoint(&pool, &write_lock, reset_at).await {
                Ok(reset) => reset_at = reset.or(reset_at),
                Err(error) if !pool.is_closed() => tracing::warn!(%error, "WAL checkpoint failed"),
                Err(_) => {}
            }
        }
    }))
}

/// One round of the checkpointer; returns the WAL's length when it reset it. SQLite starts
/// the WAL over at the next write, so until then it still reports that length.
async fn checkpoint(pool: &AnyPool, write_lock: &Mutex<()>, reset_at: Option<i64>) -> sqlx::Result<Option<i64>> {
    let passive = || async {
        let row = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").fetch_one(pool).await?;
        row.try_get::<i64, _>(1)
    };
    let frames = passive().await?;
    if frames < WAL_RESET_FRAMES || Some(frames) == reset_at {
        return Ok(None);
    }
    // A second pass copies what was written during the first, so that little is left to
    // copy (and sync) while writers wait.
    passive().await?;
    let started = std::time::Instant::now();
    let _writers = write_lock.lock().await;
    let row = sqlx::query("PRAGMA wal_checkpoint(RESTART)").fetch_one(pool).await?;
    let (busy, log): (i64, i64) = (row.try_get(0)?, row.try_get(1)?);
    tracing::debug!(busy, log, elapsed = ?started.elapsed(), "WAL reset");
    Ok((busy == 0).then_some(log))
}

/// A write transaction; on SQLite it also holds the process-wide write lock.
pub struct WriteTx<'a> {
    pub tx: sqlx::Transaction<'static, sqlx::Any>,
    _guard: Option<MutexGuard<'a, ()>>,
}

impl WriteTx<'_> {
    pub async fn commit(self) -> sqlx::Result<()> {
        self.tx.commit().await
    }
}

impl Db {
    /// Connects to `url` (`sqlite://path` or `postgres://...`), creating a SQLite file and its
    /// folder when missing, and runs the migrations.
    pub async fn connect(url: &str) -> anyhow::Result<Db> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            anyhow::bail!("unsupported database URL {url:?}: expected sqlite://... or postgres://...");
        };
        // The pool that runs requests is the larger one; see `pool` for why it is not sqlx's.
        let (pool, conns) = match backend {
            Backend::Sqlite => {
                let url = sqlite_url_with_create(url)?;
                let options = AnyConnectOptions::from_str(&url)?;
                let pool = AnyPoolOptions::new()
                    .max_connections(4)
                    .after_connect(|conn, _| Box::pin(async move { conn.execute(SQLITE_PRAGMAS).await.map(|_| ()) }))
                    .connect_with(options.clone())
                    .await
                    .with_context(|| format!("opening SQLite database {url}"))?;
                (pool, pool::build(options, Some(SQLITE_PRAGMAS), 8)?)
            }
            Backend::Postgres => {
                let options = AnyConnectOptions::from_str(url)?;
                let pool = AnyPoolOptions::new()
                    .max_connections(4)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(options.clone())
                    .await
                    .with_context(|| format!("connecting to PostgreSQL at {url}"))?;
                (pool, pool::build(options, None, 16)?)
            }
        };
        let mut db = Db {
            pool,
            conns,
            backend,
            write_lock: Arc::new(Mutex::new(())),
            _checkpointer: None,
            writer: None,
            indexes: Arc::default(),
            live: Arc::new(crate::live::Hub::new((backend == Backend::Postgres).then(|| url.to_owned()))),
        };
        db.migrate().await?;
        if backend == Backend::Sqlite {
            db._checkpointer = Some(Arc::new(spawn_checkpointer(db.pool.clone(), db.write_lock.clone())));
            let url = sqlite_url_with_create(url)?;
            let mut conn = AnyConnection::connect(&url).await.context("opening the SQLite writer")?;
            conn.execute(SQLITE_PRAGMAS).await?;
            db.writer = Some(Arc::new(writer::Writer::start(conn, db.write_lock.clone())?));
        }
        Ok(db)
    }

    /// Applies pending migrations; running it again is a no-op.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        let migrator = match self.backend {
            Backend::Sqlite => sqlx::migrate!("../migrations/sqlite"),
            Backend::Postgres => sqlx::migrate!("../migrations/postgres"),
        };
        migrator.run(&self.pool).await.context("running migrations")?;
        Ok(())
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// A connection for a request's statements.
    pub async fn conn(&self) -> sqlx::Result<Conn> {
        pool::get(&self.conns).await
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn query_builder(&self) -> &'static dyn QueryBuilder {
        match self.backend {
            Backend::Sqlite => &SqliteQueryBuilder,
            Backend::Postgres => &PostgresQueryBuilder,
        }
    }

    pub fn schema_builder(&self) -> &'static dyn SchemaBuilder {
        match self.backend {
            Backend::Sqlite => &SqliteQueryBuilder,
            Backend::Postgres => &PostgresQueryBuilder,
        }
    }

    /// Renders a sea-query statement for this backend.
    pub fn sql(&self, stmt: &impl SqlxBinder) -> (String, SqlxValues) {
        stmt.build_any_sqlx(self.query_builder())
    }

    pub async fn fetch_all(&self, conn: &mut AnyConnection, stmt: &impl SqlxBinder) -> sqlx::Result<Vec<AnyRow>> {
        self.settle(conn, false).await?;
        let (sql, values) = self.sql(stmt);
        sqlx::query_with(&sql, values).fetch_all(conn).await
    }

    pub async fn fetch_optional(
        &self,
        conn: &mut AnyConnection,
        stmt: &impl SqlxBinder,
    ) -> sqlx::Result<Option<AnyRow>> {
        self.settle(conn, false).await?;
        let (sql, values) = self.sql(stmt);
        sqlx::query_with(&sql, values).fetch_optional(conn).await
    }

    /// A read on a request connection of its own, taken for this statement only.
    pub async fn read_all(&self, stmt: &impl SqlxBinder) -> sqlx::Result<Vec<AnyRow>> {
        let mut conn = self.conn().await?;
        self.fetch_all(&mut conn, stmt).await
    }

    /// A read on a request connection of its own, taken for this statement only.
    pub async fn read_optional(&self, stmt: &impl SqlxBinder) -> sqlx::Result<Option<AnyRow>> {
        let mut conn = self.conn().await?;
        self.fetch_optional(&mut conn, stmt).await
    }

    /// Before a locking read (`FOR UPDATE`) in a write job: its lock lasts until the commit,
    /// so the job's transaction must be open.
    pub async fn before_locking_read(&self, conn: &mut AnyConnection) -> sqlx::Result<()> {
        self.settle(conn, true).await
    }

    /// On PostgreSQL, readies a write job's connection for a statement (see `unit`).
    async fn settle(&self, conn: &mut AnyConnection, begin: bool) -> sqlx::Result<()> {
        match self.backend {
            Backend::Postgres => unit::settle(conn, begin).await,
            Backend::Sqlite => Ok(()),
        }
    }

    /// Runs a write statement. On SQLite's writer thread the first write of a job also opens
    /// the job's savepoint (see `writer`).
    pub async fn execute(&self, conn: &mut AnyConnection, stmt: &impl SqlxBinder) -> sqlx::Result<AnyQueryResult> {
        self.settle(conn, true).await?;
        let (mut sql, values) = self.sql(stmt);
        let Some(prefix) = writer::savepoint_prefix() else {
            return sqlx::query_with(&sql, values).execute(conn).await;
        };
        sql.insert_str(0, prefix);
        // SQLite reports the previous write's row count for the savepoint statements: only
        // the last statement's result is this statement's.
        let mut last = AnyQueryResult::default();
        #[allow(deprecated)]
        let mut results = sqlx::query_with(&sql, values).fetch_many(conn);
        while let Some(item) = results.try_next().await? {
            if let sqlx::Either::Left(result) = item {
                last = result;
            }
        }
        Ok(last)
    }

    /// Runs the statements of `batch` in order. On SQLite they go to the connection's worker
    /// thread in one call (their `?` parameters bind in order across statements): a write
    /// costs one hand-off instead of one per statement. On PostgreSQL a write job holds them
    /// for its end (`unit`); elsewhere they run one by one.
    pub async fn execute_batch(&self, conn: &mut AnyConnection, batch: Batch) -> sqlx::Result<()> {
        match self.backend {
            Backend::Sqlite if !batch.0.is_empty() => {
                let mut sql = writer::savepoint_prefix().unwrap_or_default().to_owned();
                let mut values = Vec::new();
                for (text, SqlxValues(sea_query::Values(v))) in batch.0 {
                    sql.push_str(&text);
                    sql.push_str(";\n");
                    values.extend(v);
                }
                sqlx::query_with(&sql, SqlxValues(sea_query::Values(values))).execute(conn).await?;
            }
            Backend::Sqlite => {}
            Backend::Postgres => {
                if let Some(batch) = unit::defer(conn, batch) {
                    for (sql, values) in batch.0 {
                        sqlx::query_with(&sql, values).execute(&mut *conn).await?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Runs `job` in a write transaction and commits it. On SQLite the job queues for the
    /// writer thread and may share its transaction (and commit) with other jobs, each in a
    /// savepoint of its own; on PostgreSQL it runs in a task of its own (a client that goes
    /// away does not cut it short), in a transaction of its own opened only when needed
    /// (`unit`). Either way a failed job leaves nothing behind and the result arrives once it
    /// is committed.
    pub async fn write<T, F>(&self, job: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut AnyConnection) -> BoxFuture<'c, ApiResult<T>> + Send + 'static,
    {
        match &self.writer {
            Some(writer) => writer.write(job).await,
            None => {
                let mut conn = self.conn().await?;
                tokio::spawn(async move {
                    let (result, fit) = match AssertUnwindSafe(unit::run(&mut conn, job)).catch_unwind().await {
                        Ok(done) => done,
                        Err(_) => (Err(anyhow::anyhow!("the write failed unexpectedly").into()), false),
                    };
                    if !fit {
                        // Closing it ends whatever transaction it was in.
                        drop(Conn::take(conn));
                    }
                    result
                })
                .await
                .map_err(|e| anyhow::anyhow!("the write failed unexpectedly: {e}"))?
            }
        }
    }

    pub async fn begin_write(&self) -> sqlx::Result<WriteTx<'_>> {
        let guard = match self.backend {
            Backend::Sqlite => Some(self.write_lock.lock().await),
            Backend::Postgres => None,
        };
        let tx = self.pool.begin().await?;
        Ok(WriteTx { tx, _guard: guard })
    }

    /// True the first time an index is asked for; the caller then builds it.
    pub(crate) fn claim_index(&self, name: &str) -> bool {
        let mut known = self.indexes.lock().unwrap_or_else(|e| e.into_inner());
        !known.contains(name) && known.insert(name.to_owned())
    }

    /// Lets a later query ask for an index whose build failed.
    pub(crate) fn forget_index(&self, name: &str) {
        self.indexes.lock().unwrap_or_else(|e| e.into_inner()).remove(name);
    }

    /// This process's subscribers to committed changes.
    pub fn live(&self) -> &crate::live::Hub {
        &self.live
    }

    pub async fn close(&self) {
        self.conns.close();
        self.pool.close().await;
    }
}

/// Write statements rendered for one backend, to run together (`Db::execute_batch`).
#[derive(Default)]
pub struct Batch(Vec<(String, SqlxValues)>);

impl Batch {
    pub fn push(&mut self, db: &Db, stmt: &impl SqlxBinder) {
        self.0.push(db.sql(stmt));
    }
}

/// `sqlite://data/crm.db` -> `sqlite://data/crm.db?mode=rwc`, creating `data/`.
fn sqlite_url_with_create(url: &str) -> anyhow::Result<String> {
    let rest = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path != ":memory:" {
        if let Some(dir) = std::path::Path::new(path).parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
    }
    let query = if query.contains("mode=") {
        query.to_owned()
    } else if query.is_empty() {
        "mode=rwc".to_owned()
    } else {
        format!("{query}&mode=rwc")
    };
    Ok(format!("sqlite://{path}?{query}"))
}
