//! linli's database layer.
//!
//! Queries and schema changes are written once with sea-query and executed
//! through sqlx's concrete SQLite and PostgreSQL drivers. Everything that
//! differs between the two lives in [`dialect`]; the rest of the crate (and of
//! linli) is backend-agnostic.
//!
//! Modules are grouped by the area users name, as in the layers above:
//! [`access`], [`registry`], [`events`], [`services`], [`bills`], [`notify`]
//! and [`system`]. The caller's scope in WHERE clauses is shared by all of
//! them and has its own module (`scope`).

pub mod access;
pub mod bills;
pub mod centre;
pub mod dashboard;
pub mod dialect;
mod error;
pub mod events;
pub mod life;
pub mod mediation;
pub mod migrations;
pub mod notify;
pub mod registry;
mod row;
pub mod schema;
mod scope;
pub mod services;
pub mod system;

use std::path::{Path, PathBuf};
use std::time::Duration;

use sea_query_sqlx::SqlxBinder;
use sqlx::{Postgres, Sqlite};

pub use error::{Error, Result};
pub use row::{Row, Value};

/// Which database engine a [`Db`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite (the default): one file in the data folder.
    Sqlite,
    /// PostgreSQL, the scale-out path.
    Postgres,
}

impl Backend {
    /// Short lowercase name for logs, metrics and `/readyz`.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// Where the data lives, parsed from `--data-dir` / `--database`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL.
    Postgres(String),
}

impl Target {
    /// Parses a `--database` value: `postgres://…`, `postgresql://…` or `sqlite://PATH`.
    pub fn parse_url(url: &str) -> Result<Target> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Target::Postgres(url.to_owned()))
        } else if let Some(path) = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) {
            if path.is_empty() {
                return Err(Error::BadUrl(url.to_owned()));
            }
            Ok(Target::Sqlite(PathBuf::from(path)))
        } else {
            Err(Error::BadUrl(url.to_owned()))
        }
    }

    /// The SQLite file inside a data folder.
    pub fn in_data_dir(dir: &Path) -> Target {
        Target::Sqlite(dir.join("linli.db"))
    }

    /// A description safe to print: PostgreSQL passwords are hidden.
    pub fn redacted(&self) -> String {
        match self {
            Target::Sqlite(p) => format!("sqlite://{}", p.display()),
            Target::Postgres(url) => dialect::redact_url(url),
        }
    }
}

/// Pool sizes and timeouts.
#[derive(Debug, Clone)]
pub struct PoolSettings {
    /// Maximum connections (PostgreSQL) or reader connections (SQLite).
    pub max_connections: u32,
    /// How long a request waits for a connection (and SQLite for a lock).
    pub acquire_timeout: Duration,
}

impl Default for PoolSettings {
    fn default() -> Self {
        PoolSettings { max_connections: 16, acquire_timeout: Duration::from_secs(10) }
    }
}

#[derive(Clone)]
enum Pools {
    /// SQLite allows one writer at a time: all writes go through a pool of
    /// one connection so that they queue instead of failing with
    /// `database is locked`; reads use their own read-only pool (WAL lets
    /// readers run beside the writer).
    Sqlite {
        writer: sqlx::SqlitePool,
        reader: sqlx::SqlitePool,
    },
    Postgres(sqlx::PgPool),
}

/// A handle to the database, cheap to clone.
#[derive(Clone)]
pub struct Db {
    pools: Pools,
}

/// Connection-pool figures for `/metrics`.
#[derive(Debug, Clone, Copy)]
pub struct PoolStats {
    /// Open connections, including idle ones.
    pub size: u32,
    /// Idle connections.
    pub idle: u32,
    /// Configured maximum.
    pub max: u32,
}

impl Db {
    /// Opens (and for SQLite creates) the database. Does not migrate.
    pub async fn connect(target: &Target, settings: &PoolSettings) -> Result<Db> {
        let pools = match target {
            Target::Sqlite(path) => {
                let (writer, reader) = dialect::open_sqlite(path, settings).await?;
                Pools::Sqlite { writer, reader }
            }
            Target::Postgres(url) => Pools::Postgres(dialect::open_postgres(url, settings).await?),
        };
        Ok(Db { pools })
    }

    /// The engine behind this handle.
    pub fn backend(&self) -> Backend {
        match self.pools {
            Pools::Sqlite { .. } => Backend::Sqlite,
            Pools::Postgres(_) => Backend::Postgres,
        }
    }

    /// Runs a query that reads rows.
    pub async fn fetch_all<S: SqlxBinder>(&self, stmt: &S) -> Result<Vec<Row>> {
        match &self.pools {
            Pools::Sqlite { reader, .. } => row::sqlite_fetch_all(reader, stmt).await,
            Pools::Postgres(pool) => row::pg_fetch_all(pool, stmt).await,
        }
    }

    /// Runs a query that reads at most one row.
    pub async fn fetch_optional<S: SqlxBinder>(&self, stmt: &S) -> Result<Option<Row>> {
        match &self.pools {
            Pools::Sqlite { reader, .. } => row::sqlite_fetch_optional(reader, stmt).await,
            Pools::Postgres(pool) => row::pg_fetch_optional(pool, stmt).await,
        }
    }

    /// Runs one writing statement on its own; returns rows affected.
    pub async fn execute<S: SqlxBinder>(&self, stmt: &S) -> Result<u64> {
        let mut tx = self.begin().await?;
        let n = tx.execute(stmt).await?;
        tx.commit().await?;
        Ok(n)
    }

    /// Starts a transaction on the write path.
    pub async fn begin(&self) -> Result<Tx> {
        Ok(match &self.pools {
            Pools::Sqlite { writer, .. } => Tx::Sqlite(writer.begin_with(dialect::begin_write(Backend::Sqlite)).await?),
            Pools::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// Refreshes the planner's statistics of tables after a bulk load, so that
    /// the next queries do not plan as if the tables were still empty.
    pub async fn analyze(&self, tables: &[&str]) -> Result<()> {
        let mut tx = self.begin().await?;
        for t in tables {
            tx.execute_sql(&format!("ANALYZE \"{t}\"")).await?;
        }
        tx.commit().await
    }

    /// Checks that the database answers (for `/readyz`).
    pub async fn ping(&self) -> Result<()> {
        match &self.pools {
            Pools::Sqlite { reader, .. } => {
                sqlx::query::<Sqlite>("SELECT 1").execute(reader).await?;
            }
            Pools::Postgres(pool) => {
                sqlx::query::<Postgres>("SELECT 1").execute(pool).await?;
            }
        }
        Ok(())
    }

    /// Pool figures; for SQLite the reader and writer pools added up.
    pub fn pool_stats(&self) -> PoolStats {
        fn of<DB: sqlx::Database>(p: &sqlx::Pool<DB>) -> PoolStats {
            PoolStats { size: p.size(), idle: p.num_idle() as u32, max: p.options().get_max_connections() }
        }
        match &self.pools {
            Pools::Sqlite { writer, reader } => {
                let (w, r) = (of(writer), of(reader));
                PoolStats { size: w.size + r.size, idle: w.idle + r.idle, max: w.max + r.max }
            }
            Pools::Postgres(pool) => of(pool),
        }
    }

    /// Closes every connection, waiting for those in use to be returned.
    pub async fn close(&self) {
        match &self.pools {
            Pools::Sqlite { writer, reader } => {
                reader.close().await;
                writer.close().await;
            }
            Pools::Postgres(pool) => pool.close().await,
        }
    }
}

/// A transaction on the write path. Dropped without [`Tx::commit`], it rolls back.
pub enum Tx {
    #[doc(hidden)]
    Sqlite(sqlx::Transaction<'static, Sqlite>),
    #[doc(hidden)]
    Postgres(sqlx::Transaction<'static, Postgres>),
}

impl Tx {
    /// The engine behind this transaction.
    pub fn backend(&self) -> Backend {
        match self {
            Tx::Sqlite(_) => Backend::Sqlite,
            Tx::Postgres(_) => Backend::Postgres,
        }
    }

    /// Runs a writing statement; returns rows affected.
    pub async fn execute<S: SqlxBinder>(&mut self, stmt: &S) -> Result<u64> {
        match self {
            Tx::Sqlite(tx) => row::sqlite_execute(&mut **tx, stmt).await,
            Tx::Postgres(tx) => row::pg_execute(&mut **tx, stmt).await,
        }
    }

    /// Runs a multi-row INSERT of a bulk load (see [`dialect::bulk_insert_sql`]);
    /// call [`Tx::defer_constraints`] first.
    pub async fn bulk_insert(&mut self, stmt: &sea_query::InsertStatement) -> Result<u64> {
        use sea_query::{PostgresQueryBuilder, SqliteQueryBuilder};
        match self {
            Tx::Sqlite(tx) => {
                let (sql, values) = stmt.build_sqlx(SqliteQueryBuilder);
                let sql = dialect::bulk_insert_sql(Backend::Sqlite, sql);
                let done = sqlx::query_with(sqlx::AssertSqlSafe(sql), values).execute(&mut **tx).await;
                Ok(done?.rows_affected())
            }
            Tx::Postgres(tx) => {
                let (sql, values) = stmt.build_sqlx(PostgresQueryBuilder);
                let done = sqlx::query_with(sqlx::AssertSqlSafe(sql), values).execute(&mut **tx).await;
                Ok(done?.rows_affected())
            }
        }
    }

    /// Checks foreign keys at commit for the rest of this transaction: for
    /// bulk loads, whose rows all commit or all roll back.
    pub async fn defer_constraints(&mut self) -> Result<()> {
        if let Some(sql) = dialect::defer_constraints(self.backend()) {
            self.execute_sql(sql).await?;
        }
        Ok(())
    }

    /// Reads rows inside the transaction (sees its own writes).
    pub async fn fetch_all<S: SqlxBinder>(&mut self, stmt: &S) -> Result<Vec<Row>> {
        match self {
            Tx::Sqlite(tx) => row::sqlite_fetch_all(&mut **tx, stmt).await,
            Tx::Postgres(tx) => row::pg_fetch_all(&mut **tx, stmt).await,
        }
    }

    /// Reads at most one row inside the transaction.
    pub async fn fetch_optional<S: SqlxBinder>(&mut self, stmt: &S) -> Result<Option<Row>> {
        match self {
            Tx::Sqlite(tx) => row::sqlite_fetch_optional(&mut **tx, stmt).await,
            Tx::Postgres(tx) => row::pg_fetch_optional(&mut **tx, stmt).await,
        }
    }

    /// Runs SQL text made by [`dialect`] (DDL, locks); never user text.
    pub(crate) async fn execute_sql(&mut self, sql: &str) -> Result<()> {
        match self {
            Tx::Sqlite(tx) => {
                sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned())).execute(&mut **tx).await?;
            }
            Tx::Postgres(tx) => {
                sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned())).execute(&mut **tx).await?;
            }
        }
        Ok(())
    }

    /// Reads rows with SQL text made by [`dialect`] (catalogue queries); never user text.
    pub(crate) async fn fetch_raw(&mut self, sql: &'static str) -> Result<Vec<Row>> {
        Ok(match self {
            Tx::Sqlite(tx) => sqlx::query(sql).fetch_all(&mut **tx).await?.into_iter().map(Row::Sqlite).collect(),
            Tx::Postgres(tx) => sqlx::query(sql).fetch_all(&mut **tx).await?.into_iter().map(Row::Postgres).collect(),
        })
    }

    /// Undoes the transaction now, releasing its locks at once (a dropped
    /// transaction only rolls back when its connection is next used).
    pub async fn rollback(self) -> Result<()> {
        match self {
            Tx::Sqlite(tx) => tx.rollback().await?,
            Tx::Postgres(tx) => tx.rollback().await?,
        }
        Ok(())
    }

    /// Makes the transaction's writes permanent.
    pub async fn commit(self) -> Result<()> {
        match self {
            Tx::Sqlite(tx) => tx.commit().await?,
            Tx::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }
}
