//! A write job on PostgreSQL, in as few round trips as it can. Each statement is a round trip
//! (sqlx does not pipeline), and `BEGIN` and `COMMIT` are two more: a create was three where
//! its one `INSERT` is all that needs the server. So a job's transaction opens only when it
//! must, and the writes nothing reads back (`Db::execute_batch`) wait for the end of the job:
//!
//! - a job whose only write is one waiting statement runs it alone, a transaction by itself;
//! - a statement whose result the job needs (`Db::execute`) or a locking read opens the
//!   transaction, and the batches waiting run before it;
//! - a read on the job's connection runs the waiting batches first, so the job reads its own
//!   writes. Reads before the first write need no transaction: under READ COMMITTED each
//!   statement sees what was committed before it either way.

use super::Batch;
use crate::error::{ApiError, Result};
use futures_util::future::BoxFuture;
use sqlx::{AnyConnection, Executor as _};
use std::cell::RefCell;

tokio::task_local! {
    static JOB: RefCell<Unit>;
}

type Statement = (String, sea_query_binder::SqlxValues);

#[derive(Default)]
struct Unit {
    /// Address of the job's connection: reads on other connections leave the job alone.
    conn: usize,
    begun: bool,
    waiting: Vec<Statement>,
}

fn address(conn: &AnyConnection) -> usize {
    conn as *const AnyConnection as usize
}

/// Runs `job` on `conn` as one unit: every write of it commits, or none does. Also says
/// whether the connection is fit to go back to the pool: not when finishing the unit failed.
pub(super) async fn run<T, F>(conn: &mut AnyConnection, job: F) -> (Result<T>, bool)
where
    F: for<'c> FnOnce(&'c mut AnyConnection) -> BoxFuture<'c, Result<T>>,
{
    let unit = RefCell::new(Unit { conn: address(conn), ..Unit::default() });
    let (result, unit) = JOB
        .scope(unit, async {
            let result = job(&mut *conn).await;
            (result, JOB.with(RefCell::take))
        })
        .await;
    let (finished, open) = match result {
        Ok(value) => {
            // `finish` opens a transaction of its own for more than one waiting statement.
            let open = unit.begun || unit.waiting.len() > 1;
            (finish(conn, unit).await.map(|()| value).map_err(ApiError::from), open)
        }
        Err(error) => (Err(error), unit.begun),
    };
    if finished.is_err() && open {
        // Until the failed transaction is ended the connection is unfit for anything else.
        let ended = simple(conn, "ROLLBACK").await.is_ok();
        return (finished, ended);
    }
    (finished, true)
}

/// Runs the writes still waiting and commits.
async fn finish(conn: &mut AnyConnection, unit: Unit) -> sqlx::Result<()> {
    let alone = !unit.begun && unit.waiting.len() <= 1;
    if !unit.begun && !alone {
        simple(conn, "BEGIN").await?;
    }
    run_all(conn, unit.waiting).await?;
    if !alone {
        simple(conn, "COMMIT").await?;
    }
    Ok(())
}

// The two below are boxed: a future that names sqlx's executor generically inside another
// future is not `Send` for every lifetime, which a write job's future must be.

fn simple<'a>(conn: &'a mut AnyConnection, sql: &'static str) -> BoxFuture<'a, sqlx::Result<()>> {
    Box::pin(async move { conn.execute(sql).await.map(|_| ()) })
}

fn run_all(conn: &mut AnyConnection, statements: Vec<Statement>) -> BoxFuture<'_, sqlx::Result<()>> {
    Box::pin(async move {
        for (sql, values) in statements {
            sqlx::query_with(&sql, values).execute(&mut *conn).await?;
        }
        Ok(())
    })
}

/// Whether `conn` is the connection of the job running on this task.
fn of_job(conn: &AnyConnection) -> bool {
    JOB.try_with(|u| u.borrow().conn == address(conn)).unwrap_or(false)
}

/// Holds `batch` for the end of the job when `conn` runs one; gives it back otherwise.
pub(super) fn defer(conn: &AnyConnection, batch: Batch) -> Option<Batch> {
    if !of_job(conn) {
        return Some(batch);
    }
    JOB.with(|u| u.borrow_mut().waiting.extend(batch.0));
    None
}

/// Before a statement on `conn`: opens the job's transaction when `begin` asks for it and
/// runs the writes waiting, so that what follows sees them.
pub(super) async fn settle(conn: &mut AnyConnection, begin: bool) -> sqlx::Result<()> {
    if !of_job(conn) {
        return Ok(());
    }
    let (open, waiting) = JOB.with(|u| {
        let mut u = u.borrow_mut();
        let open = !u.begun && (begin || !u.waiting.is_empty());
        u.begun |= open;
        (open, std::mem::take(&mut u.waiting))
    });
    if open {
        simple(conn, "BEGIN").await?;
    }
    run_all(conn, waiting).await
}
