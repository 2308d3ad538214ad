//! Physical layout of records: one table per object, a typed column per single-value
//! attribute (the current value, for filters and sorts), the current values as a JSON
//! document (for reads), multi-value attributes in `multi_values`, history in
//! `value_history`. docs/storage.md gives the measurements behind this choice.

use crate::db::{Backend, Db};
use model::ids::{AttributeId, ObjectId};
use model::AttributeType;
use sqlx::AnyConnection;
use sqlx::Executor;

pub fn table_name(object_id: ObjectId) -> String {
    format!("r_{}", object_id.0.simple())
}

pub fn column_name(attribute_id: AttributeId) -> String {
    format!("c_{}", attribute_id.0.simple())
}

/// The SQL type of the column that holds an attribute's primary (filterable) property.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    Text,
    Real,
    Integer,
}

impl ColumnKind {
    pub fn of(t: AttributeType) -> Self {
        match t {
            AttributeType::Number | AttributeType::Currency | AttributeType::Rating => Self::Real,
            AttributeType::Checkbox => Self::Integer,
            _ => Self::Text,
        }
    }

    fn sql(self, backend: Backend) -> &'static str {
        match (self, backend) {
            (Self::Text, _) => "TEXT",
            (Self::Real, Backend::Sqlite) => "REAL",
            (Self::Real, Backend::Postgres) => "DOUBLE PRECISION",
            (Self::Integer, Backend::Sqlite) => "INTEGER",
            (Self::Integer, Backend::Postgres) => "BIGINT",
        }
    }
}

/// Creates the record table of a new object.
pub async fn create_record_table(conn: &mut AnyConnection, table: &str) -> sqlx::Result<()> {
    conn.execute(
        format!(
            "CREATE TABLE \"{table}\" (\
               record_id TEXT PRIMARY KEY, \
               workspace_id TEXT NOT NULL, \
               created_at TEXT NOT NULL, \
               created_by TEXT NOT NULL, \
               doc TEXT NOT NULL)"
        )
        .as_str(),
    )
    .await?;
    conn.execute(format!("CREATE INDEX \"{table}_created\" ON \"{table}\" (created_at, record_id)").as_str()).await?;
    Ok(())
}

/// Adds the value column of a single-value attribute. Adding a nullable column is a
/// metadata-only change on both backends; its index is made when a query needs it
/// (`indexes`).
pub async fn add_value_column(
    db: &Db,
    conn: &mut AnyConnection,
    table: &str,
    column: &str,
    kind: ColumnKind,
) -> sqlx::Result<()> {
    let ty = kind.sql(db.backend());
    conn.execute(format!("ALTER TABLE \"{table}\" ADD COLUMN \"{column}\" {ty}").as_str()).await?;
    Ok(())
}

/// Creates the entry table of a new list: a record table plus the entry's parent record.
pub async fn create_entry_table(conn: &mut AnyConnection, table: &str) -> sqlx::Result<()> {
    create_record_table(conn, table).await?;
    conn.execute(format!("ALTER TABLE \"{table}\" ADD COLUMN parent_object_id TEXT NOT NULL DEFAULT ''").as_str())
        .await?;
    conn.execute(format!("ALTER TABLE \"{table}\" ADD COLUMN parent_record_id TEXT NOT NULL DEFAULT ''").as_str())
        .await?;
    conn.execute(format!("CREATE INDEX \"{table}_parent\" ON \"{table}\" (parent_record_id)").as_str()).await?;
    Ok(())
}

pub fn entry_table_name(list_id: model::ids::ListId) -> String {
    format!("e_{}", list_id.0.simple())
}
