//! Reads back the schema from the engine's catalogue, in a form that does not
//! depend on the engine, so that a test can prove SQLite and PostgreSQL agree.

use crate::{Backend, Db, Result, dialect};

/// One column as the catalogue reports it, with its type reduced to a family.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ColumnInfo {
    /// Table name.
    pub table: String,
    /// Column name.
    pub column: String,
    /// Type family (see [`dialect::type_family`]).
    pub family: &'static str,
    /// Declared NOT NULL (primary-key columns count as not null).
    pub not_null: bool,
    /// Position in the primary key, 0 if not part of it.
    pub pk: i64,
}

/// One named index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct IndexInfo {
    /// Table name.
    pub table: String,
    /// Index name.
    pub index: String,
    /// Whether it enforces uniqueness.
    pub unique: bool,
}

/// The whole schema of the current database (or PostgreSQL schema).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaInfo {
    /// Columns, sorted.
    pub columns: Vec<ColumnInfo>,
    /// Named indexes, sorted.
    pub indexes: Vec<IndexInfo>,
}

/// Reads the schema.
pub async fn read(db: &Db) -> Result<SchemaInfo> {
    let backend = db.backend();
    let mut tx = db.begin().await?;
    let col_rows = tx.fetch_raw(dialect::columns_query(backend)).await;
    let idx_rows = tx.fetch_raw(dialect::indexes_query(backend)).await;
    tx.rollback().await?;
    let (col_rows, idx_rows) = (col_rows?, idx_rows?);
    let mut columns = Vec::new();
    for r in &col_rows {
        let declared: String = r.get("data_type")?;
        let pk: i64 = r.get("pk")?;
        let not_null = match backend {
            Backend::Sqlite => r.get::<i64>("not_null")? != 0,
            Backend::Postgres => r.get::<bool>("not_null")?,
        };
        columns.push(ColumnInfo {
            table: r.get("table_name")?,
            column: r.get("column_name")?,
            family: dialect::type_family(&declared),
            not_null: not_null || pk > 0,
            pk,
        });
    }
    let mut indexes = Vec::new();
    for r in &idx_rows {
        let unique = match backend {
            Backend::Sqlite => r.get::<i64>("is_unique")? != 0,
            Backend::Postgres => r.get::<bool>("is_unique")?,
        };
        indexes.push(IndexInfo { table: r.get("table_name")?, index: r.get("index_name")?, unique });
    }
    columns.sort();
    indexes.sort();
    Ok(SchemaInfo { columns, indexes })
}
