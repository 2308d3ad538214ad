//! Indexes on value columns are made when a query first compares or sorts a column, not
//! when its attribute is created: each index costs every write of its table, and most
//! attributes are never filtered on. The query that finds an index missing runs without it
//! (a scan) and asks for it; the index is built in the background and serves the next ones.

use crate::db::{Backend, Db};
use sqlx::Executor as _;

/// An index over value columns of one record or entry table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexSpec {
    table: String,
    pub name: String,
    columns: Vec<String>,
    /// PostgreSQL walks an index only in its own NULL order, so a descending sort (NULLs
    /// last, as every sort here) needs the last column indexed `DESC NULLS LAST`.
    descending: bool,
    /// An index the new one makes redundant: dropped once the new one exists.
    replaces: Option<String>,
}

impl IndexSpec {
    /// The index of one value column. Column names carry the attribute id, so index names
    /// are unique per database and within PostgreSQL's 63 bytes.
    pub fn single(table: &str, column: &str) -> Self {
        IndexSpec {
            table: table.to_owned(),
            name: format!("i_{column}"),
            columns: vec![column.to_owned()],
            descending: false,
            replaces: None,
        }
    }

    /// The index of a pipeline column: records of one status sorted by a value. It serves
    /// lookups by status alone too, so it replaces the status column's own index.
    pub fn pipeline(backend: Backend, table: &str, status: &str, sort: &str, descending: bool) -> Self {
        let tail = |c: &str| c[c.len().saturating_sub(12)..].to_owned();
        let descending = descending && backend == Backend::Postgres;
        let suffix = if backend == Backend::Postgres && !descending { "_a" } else { "" };
        IndexSpec {
            table: table.to_owned(),
            name: format!("x_{}_{}{suffix}", tail(status), tail(sort)),
            columns: vec![status.to_owned(), sort.to_owned()],
            descending,
            replaces: Some(format!("i_{status}")),
        }
    }

    fn create_sql(&self, backend: Backend) -> String {
        let last = self.columns.len() - 1;
        let columns: Vec<String> = self
            .columns
            .iter()
            .enumerate()
            .map(
                |(i, c)| {
                    if i == last && self.descending {
                        format!("\"{c}\" DESC NULLS LAST")
                    } else {
                        format!("\"{c}\"")
                    }
                },
            )
            .collect();
        // On PostgreSQL the build must not stop the table's writes.
        let concurrently = if backend == Backend::Postgres { "CONCURRENTLY " } else { "" };
        format!(
            "CREATE INDEX {concurrently}IF NOT EXISTS \"{}\" ON \"{}\" ({})",
            self.name,
            self.table,
            columns.join(", ")
        )
    }
}

/// Builds, in the background, the indexes in `specs` that this process has not built or
/// asked for yet. A build that fails is logged and asked for again by a later query.
pub fn ensure(db: &Db, specs: Vec<IndexSpec>) {
    for spec in specs {
        if !db.claim_index(&spec.name) {
            continue;
        }
        let db = db.clone();
        tokio::spawn(async move {
            if let Err(error) = build(&db, &spec).await {
                db.forget_index(&spec.name);
                tracing::warn!(%error, index = %spec.name, "building an index failed");
            }
        });
    }
}

async fn build(db: &Db, spec: &IndexSpec) -> sqlx::Result<()> {
    let create = spec.create_sql(db.backend());
    let drop = spec.replaces.as_ref().map(|old| format!("DROP INDEX IF EXISTS \"{old}\""));
    match db.backend() {
        Backend::Sqlite => {
            let mut w = db.begin_write().await?;
            w.tx.execute(create.as_str()).await?;
            if let Some(drop) = drop {
                w.tx.execute(drop.as_str()).await?;
            }
            w.commit().await
        }
        Backend::Postgres => {
            let mut conn = db.pool().acquire().await?;
            if let Err(e) = conn.execute(create.as_str()).await {
                // A failed concurrent build leaves an invalid index behind under the name.
                conn.execute(format!("DROP INDEX IF EXISTS \"{}\"", spec.name).as_str()).await.ok();
                return Err(e);
            }
            if let Some(drop) = drop {
                conn.execute(drop.as_str()).await?;
            }
            Ok(())
        }
    }
}
