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

/// Declares a row type once: the struct (its fields named as the table's
/// columns, each with its doc comment), and with it `COLUMNS` (the column
/// list, in field order), `from_row` (the mapping from a [`Row`] holding
/// those columns) and `values` (the values to insert, in that order).
///
/// Given its table first (`table "payment";`), it also makes the statements
/// every table's functions start with: `select()` (these columns from the
/// table), `select_in(community)` (the same, of one community), `insert()`
/// (into these columns), and `one` / `all` to run a select on the database
/// and map what it returns.
///
/// ```ignore
/// row! {
///     table "payment";
///     /// A payment as stored.
///     #[derive(Debug, Clone)]
///     pub struct PaymentRow {
///         /// Fen.
///         pub amount: i64,
///     }
/// }
/// ```
macro_rules! row {
    (
        table $table:literal;
        $(#[$meta:meta])*
        $vis:vis struct $name:ident { $($body:tt)* }
    ) => {
        $crate::row::row! { $(#[$meta])* $vis struct $name { $($body)* } }

        impl $name {
            /// The table's name.
            pub const TABLE: &'static str = $table;

            /// A SELECT of [`Self::COLUMNS`] from the table.
            pub fn select() -> sea_query::SelectStatement {
                sea_query::Query::select().columns(Self::COLUMNS).from($table).to_owned()
            }

            /// A SELECT of [`Self::COLUMNS`] from the table, of one community.
            pub fn select_in(community_id: &str) -> sea_query::SelectStatement {
                use sea_query::ExprTrait as _;
                Self::select().and_where(sea_query::Expr::col("community_id").eq(community_id)).to_owned()
            }

            /// An INSERT into [`Self::COLUMNS`] of the table (values to add).
            pub fn insert() -> sea_query::InsertStatement {
                sea_query::Query::insert().into_table($table).columns(Self::COLUMNS).to_owned()
            }

            /// Runs a select of [`Self::COLUMNS`] for at most one row.
            pub async fn one(db: &$crate::Db, q: &sea_query::SelectStatement) -> $crate::Result<Option<Self>> {
                db.fetch_optional(q).await?.as_ref().map(Self::from_row).transpose()
            }

            /// Runs a select of [`Self::COLUMNS`], in the order it gives.
            pub async fn all(db: &$crate::Db, q: &sea_query::SelectStatement) -> $crate::Result<Vec<Self>> {
                db.fetch_all(q).await?.iter().map(Self::from_row).collect()
            }
        }
    };
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident {
            $( $(#[$fmeta:meta])* $fvis:vis $field:ident : $ty:ty ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis struct $name {
            $( $(#[$fmeta])* $fvis $field: $ty, )*
        }

        impl $name {
            /// The table's columns, in the order of the fields.
            pub const COLUMNS: [&'static str; [$(stringify!($field)),*].len()] = [$(stringify!($field)),*];

            /// Reads one from a row that holds [`Self::COLUMNS`].
            pub fn from_row(r: &$crate::Row) -> $crate::Result<Self> {
                Ok($name { $( $field: r.get(stringify!($field))?, )* })
            }

            /// The values to insert under [`Self::COLUMNS`], in their order.
            pub fn values(&self) -> [sea_query::Expr; [$(stringify!($field)),*].len()] {
                [$( sea_query::Expr::from(::core::clone::Clone::clone(&self.$field)), )*]
            }
        }
    };
}

pub(crate) use row;
