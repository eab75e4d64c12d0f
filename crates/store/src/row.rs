//! One row type for both engines, and the few functions that run a built
//! statement on a concrete sqlx executor.

use sea_query::{PostgresQueryBuilder, SqliteQueryBuilder};
use sea_query_sqlx::SqlxBinder;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{AssertSqlSafe, Postgres, Row as _, Sqlite};

use crate::{Error, Result};

/// A value type that both engines can decode (`String`, `i64`, `bool`,
/// `Uuid`, `DateTime<Utc>`, and `Option` of each).
pub trait Value:
    for<'r> sqlx::Decode<'r, Sqlite> + sqlx::Type<Sqlite> + for<'r> sqlx::Decode<'r, Postgres> + sqlx::Type<Postgres>
{
}

impl<T> Value for T where
    T: for<'r> sqlx::Decode<'r, Sqlite>
        + sqlx::Type<Sqlite>
        + for<'r> sqlx::Decode<'r, Postgres>
        + sqlx::Type<Postgres>
{
}

/// A row read from either engine.
pub enum Row {
    #[doc(hidden)]
    Sqlite(SqliteRow),
    #[doc(hidden)]
    Postgres(PgRow),
}

impl Row {
    /// Reads a column by name.
    pub fn get<T: Value>(&self, column: &str) -> Result<T> {
        let r = match self {
            Row::Sqlite(r) => r.try_get::<T, _>(column),
            Row::Postgres(r) => r.try_get::<T, _>(column),
        };
        r.map_err(|e| Error::Decode { column: column.to_owned(), reason: e.to_string() })
    }
}

pub(crate) async fn sqlite_fetch_all<'e, E, S>(e: E, stmt: &S) -> Result<Vec<Row>>
where
    E: sqlx::Executor<'e, Database = Sqlite>,
    S: SqlxBinder,
{
    let (sql, values) = stmt.build_sqlx(SqliteQueryBuilder);
    let rows = sqlx::query_with(AssertSqlSafe(sql), values).fetch_all(e).await?;
    Ok(rows.into_iter().map(Row::Sqlite).collect())
}

pub(crate) async fn sqlite_fetch_optional<'e, E, S>(e: E, stmt: &S) -> Result<Option<Row>>
where
    E: sqlx::Executor<'e, Database = Sqlite>,
    S: SqlxBinder,
{
    let (sql, values) = stmt.build_sqlx(SqliteQueryBuilder);
    Ok(sqlx::query_with(AssertSqlSafe(sql), values).fetch_optional(e).await?.map(Row::Sqlite))
}

pub(crate) async fn sqlite_execute<'e, E, S>(e: E, stmt: &S) -> Result<u64>
where
    E: sqlx::Executor<'e, Database = Sqlite>,
    S: SqlxBinder,
{
    let (sql, values) = stmt.build_sqlx(SqliteQueryBuilder);
    Ok(sqlx::query_with(AssertSqlSafe(sql), values).execute(e).await?.rows_affected())
}

pub(crate) async fn pg_fetch_all<'e, E, S>(e: E, stmt: &S) -> Result<Vec<Row>>
where
    E: sqlx::Executor<'e, Database = Postgres>,
    S: SqlxBinder,
{
    let (sql, values) = stmt.build_sqlx(PostgresQueryBuilder);
    let rows = sqlx::query_with(AssertSqlSafe(sql), values).fetch_all(e).await?;
    Ok(rows.into_iter().map(Row::Postgres).collect())
}

pub(crate) async fn pg_fetch_optional<'e, E, S>(e: E, stmt: &S) -> Result<Option<Row>>
where
    E: sqlx::Executor<'e, Database = Postgres>,
    S: SqlxBinder,
{
    let (sql, values) = stmt.build_sqlx(PostgresQueryBuilder);
    Ok(sqlx::query_with(AssertSqlSafe(sql), values).fetch_optional(e).await?.map(Row::Postgres))
}

pub(crate) async fn pg_execute<'e, E, S>(e: E, stmt: &S) -> Result<u64>
where
    E: sqlx::Executor<'e, Database = Postgres>,
    S: SqlxBinder,
{
    let (sql, values) = stmt.build_sqlx(PostgresQueryBuilder);
    Ok(sqlx::query_with(AssertSqlSafe(sql), values).execute(e).await?.rows_affected())
}
