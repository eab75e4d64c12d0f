//! Everything that differs between SQLite and PostgreSQL, in one place:
//! connection settings, DDL rendering, error codes, locking and catalogue
//! queries. Queries elsewhere are written once with sea-query.

use std::path::Path;
use std::str::FromStr;

use sea_query::{
    IndexCreateStatement, PostgresQueryBuilder, SqliteQueryBuilder, TableAlterStatement, TableCreateStatement,
};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};

use crate::{Backend, Error, PoolSettings, Result};

/// Opens the SQLite writer (one connection) and reader pools with the
/// settings a production deployment needs.
pub(crate) async fn open_sqlite(path: &Path, s: &PoolSettings) -> Result<(SqlitePool, SqlitePool)> {
    let unreachable = |reason: String| Error::Unreachable { target: format!("sqlite://{}", path.display()), reason };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        private_dir(dir).map_err(|e| unreachable(format!("cannot create {}: {e}", dir.display())))?;
    }
    private_database_files(path).map_err(|e| unreachable(format!("cannot make {} private: {e}", path.display())))?;
    let base = SqliteConnectOptions::new()
        .filename(path)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(s.acquire_timeout)
        .pragma("temp_store", "memory")
        .optimize_on_close(true, None);
    // The one writer keeps a large page cache: a bulk import updates a dozen
    // indexes at random places, and with SQLite's default 2 MB it re-reads
    // and re-writes the same pages over and over.
    let writer = SqlitePoolOptions::new()
        .max_connections(1)
        .acquire_timeout(s.acquire_timeout)
        .test_before_acquire(false)
        .connect_with(
            base.clone()
                .create_if_missing(true)
                .pragma("cache_size", "-131072")
                // Index builds sort with a helper thread.
                .pragma("threads", "2")
                // ANALYZE samples instead of reading whole indexes.
                .pragma("analysis_limit", "1000"),
        )
        .await
        .map_err(|e| unreachable(e.to_string()))?;
    // A connection to a local file does not go stale: no ping before each
    // use, which would cost a round trip to the connection's thread per query.
    let reader = SqlitePoolOptions::new()
        .max_connections(s.max_connections.max(1))
        .acquire_timeout(s.acquire_timeout)
        .test_before_acquire(false)
        .connect_lazy_with(base.read_only(true).pragma("cache_size", "-16384"));
    Ok((writer, reader))
}

/// Creates a folder (and its parents) that only the owner may enter.
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

/// The SQLite file readable by its owner only (0600): created so before
/// SQLite opens it — SQLite gives its `-wal` and `-shm` files the mode of
/// the database file — and an older, wider file and its companions are
/// narrowed.
fn private_database_files(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        std::fs::OpenOptions::new().write(true).create(true).truncate(false).mode(0o600).open(path)?;
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let file = std::path::PathBuf::from(format!("{}{suffix}", path.display()));
            match std::fs::metadata(&file) {
                Ok(m) if m.permissions().mode() & 0o077 != 0 => {
                    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))?;
                }
                _ => {}
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Opens a PostgreSQL pool and checks that the server answers.
pub(crate) async fn open_postgres(url: &str, s: &PoolSettings) -> Result<PgPool> {
    let unreachable = |reason: String| Error::Unreachable { target: redact_url(url), reason };
    let opts = PgConnectOptions::from_str(url).map_err(|e| unreachable(e.to_string()))?;
    // One direct attempt first: the pool would retry a refused connection
    // until its acquire timeout, and an operator wants the reason at once.
    use sqlx::Connection;
    sqlx::PgConnection::connect_with(&opts).await.map_err(|e| unreachable(e.to_string()))?.close().await.ok();
    PgPoolOptions::new()
        .max_connections(s.max_connections.max(1))
        .acquire_timeout(s.acquire_timeout)
        .connect_with(opts)
        .await
        .map_err(|e| unreachable(e.to_string()))
}

/// The statement that opens a write transaction. SQLite takes the write lock
/// at once (`IMMEDIATE`), so that another process writing the same file makes
/// us wait for the busy timeout instead of failing half-way.
pub(crate) fn begin_write(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "BEGIN IMMEDIATE",
        Backend::Postgres => "BEGIN",
    }
}

/// SQL that serialises migrations between processes, run first in each
/// migration's transaction. SQLite's `BEGIN IMMEDIATE` already does it.
pub(crate) fn migration_lock(backend: Backend) -> Option<&'static str> {
    match backend {
        Backend::Sqlite => None,
        // Key: a constant naming "linli migrations" and the schema, so that
        // separate schemas (tenants, tests) migrate independently.
        Backend::Postgres => Some("SELECT pg_advisory_xact_lock(73120501, hashtext(current_schema()))"),
    }
}

/// SQL that serialises appends to the audit chain between connections.
/// SQLite's single writer already does.
pub(crate) fn audit_lock(backend: Backend) -> Option<&'static str> {
    match backend {
        Backend::Sqlite => None,
        Backend::Postgres => Some("SELECT pg_advisory_xact_lock(73120502, hashtext(current_schema()))"),
    }
}

/// A multi-row INSERT for bulk loads. On SQLite, `OR FAIL` (with foreign
/// keys deferred, see [`defer_constraints`]) spares each statement its
/// statement journal: a failure aborts the whole load's transaction anyway,
/// so undoing one statement's half is never needed. That journal cost a
/// fifth of an import's time.
pub(crate) fn bulk_insert_sql(backend: Backend, sql: String) -> String {
    match backend {
        Backend::Sqlite => match sql.strip_prefix("INSERT INTO") {
            Some(rest) => format!("INSERT OR FAIL INTO{rest}"),
            None => sql,
        },
        Backend::Postgres => sql,
    }
}

/// SQL that checks foreign keys at commit instead of per statement, for the
/// rest of the transaction. PostgreSQL's constraints are not deferrable and
/// its inserts need no statement journal: nothing to do.
pub(crate) fn defer_constraints(backend: Backend) -> Option<&'static str> {
    match backend {
        Backend::Sqlite => Some("PRAGMA defer_foreign_keys = ON"),
        Backend::Postgres => None,
    }
}

/// Renders a table definition for the engine.
pub(crate) fn create_table(backend: Backend, t: &TableCreateStatement) -> String {
    match backend {
        Backend::Sqlite => t.to_string(SqliteQueryBuilder),
        Backend::Postgres => t.to_string(PostgresQueryBuilder),
    }
}

/// Renders a table that is its primary key (postings of an index): SQLite
/// stores it without a rowid, as one b-tree instead of a table and an index.
pub(crate) fn create_keyed_table(backend: Backend, t: &TableCreateStatement) -> String {
    match backend {
        Backend::Sqlite => format!("{} WITHOUT ROWID", t.to_string(SqliteQueryBuilder)),
        Backend::Postgres => t.to_string(PostgresQueryBuilder),
    }
}

/// SQL that widens a `varchar` column. SQLite does not enforce declared
/// lengths, so it needs none (and cannot alter a column's type anyway).
pub(crate) fn widen_varchar(backend: Backend, table: &str, column: &str, len: u32) -> Option<String> {
    match backend {
        Backend::Sqlite => None,
        Backend::Postgres => Some(format!("ALTER TABLE \"{table}\" ALTER COLUMN \"{column}\" TYPE varchar({len})")),
    }
}

/// SQL that makes a column compare by code point. SQLite's default (BINARY)
/// already does; PostgreSQL's database collation may not, and then a range
/// like `name >= '王丽' AND name < '王丽\u{10FFFF}'` would not be a prefix.
pub(crate) fn code_point_order(backend: Backend, table: &str, column: &str, len: u32) -> Option<String> {
    match backend {
        Backend::Sqlite => None,
        Backend::Postgres => {
            Some(format!("ALTER TABLE \"{table}\" ALTER COLUMN \"{column}\" TYPE varchar({len}) COLLATE \"C\""))
        }
    }
}

/// SQL that sets a date column of every row to the first day of its month.
pub(crate) fn start_of_month(backend: Backend, table: &str, column: &str) -> String {
    match backend {
        Backend::Sqlite => format!("UPDATE \"{table}\" SET \"{column}\" = date(\"{column}\", 'start of month')"),
        Backend::Postgres => {
            format!("UPDATE \"{table}\" SET \"{column}\" = date_trunc('month', \"{column}\")::date")
        }
    }
}

/// Renders a table change for the engine.
pub(crate) fn alter_table(backend: Backend, a: &TableAlterStatement) -> String {
    match backend {
        Backend::Sqlite => a.to_string(SqliteQueryBuilder),
        Backend::Postgres => a.to_string(PostgresQueryBuilder),
    }
}

/// Renders an index definition for the engine.
pub(crate) fn create_index(backend: Backend, i: &IndexCreateStatement) -> String {
    match backend {
        Backend::Sqlite => i.to_string(SqliteQueryBuilder),
        Backend::Postgres => i.to_string(PostgresQueryBuilder),
    }
}

/// Renders a table removal for the engine.
pub(crate) fn drop_table(backend: Backend, t: &sea_query::TableDropStatement) -> String {
    match backend {
        Backend::Sqlite => t.to_string(SqliteQueryBuilder),
        Backend::Postgres => t.to_string(PostgresQueryBuilder),
    }
}

/// Renders a table's new name for the engine.
pub(crate) fn rename_table(backend: Backend, t: &sea_query::TableRenameStatement) -> String {
    match backend {
        Backend::Sqlite => t.to_string(SqliteQueryBuilder),
        Backend::Postgres => t.to_string(PostgresQueryBuilder),
    }
}

/// SQL that gives a table renamed from `from` the primary key's name it
/// would have had if made under its own (`table_pkey`). PostgreSQL names the
/// key after the table it was made in; SQLite's key has no name.
pub(crate) fn rename_primary_key(backend: Backend, from: &str, table: &str) -> Option<String> {
    match backend {
        Backend::Sqlite => None,
        Backend::Postgres => {
            Some(format!("ALTER TABLE \"{table}\" RENAME CONSTRAINT \"{from}_pkey\" TO \"{table}_pkey\""))
        }
    }
}

/// Whether a bulk load may drop and rebuild indexes inside its transaction.
/// On SQLite readers keep their snapshot; PostgreSQL's `DROP INDEX` would
/// lock them out of the table until the load commits.
pub(crate) fn rebuild_indexes_in_bulk(backend: Backend) -> bool {
    matches!(backend, Backend::Sqlite)
}

/// Renders an index removal for the engine.
pub(crate) fn drop_index(backend: Backend, i: &sea_query::IndexDropStatement) -> String {
    match backend {
        Backend::Sqlite => i.to_string(SqliteQueryBuilder),
        Backend::Postgres => i.to_string(PostgresQueryBuilder),
    }
}

/// Turns driver errors into the variants callers act on.
pub(crate) fn classify(e: sqlx::Error) -> Error {
    if let sqlx::Error::Database(db) = &e {
        // SQLite extended codes: 2067 UNIQUE, 1555 PRIMARY KEY, 787 FOREIGN KEY.
        // PostgreSQL SQLSTATE: 23505 unique_violation, 23503 foreign_key_violation.
        let code = db.code().map(|c| c.into_owned()).unwrap_or_default();
        let constraint = db.constraint().map(str::to_owned).unwrap_or_else(|| db.message().to_owned());
        match code.as_str() {
            "2067" | "1555" | "23505" => return Error::Conflict { constraint },
            "787" | "23503" => return Error::MissingReference { constraint },
            _ => {}
        }
    }
    Error::Driver(e)
}

/// Hides the password in a PostgreSQL URL.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    match rest.split_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or("");
            if userinfo.contains(':') {
                format!("{scheme}://{user}:***@{host}")
            } else {
                format!("{scheme}://{user}@{host}")
            }
        }
        None => url.to_owned(),
    }
}

/// Catalogue query listing `(table, column, declared type, not null, pk position)`
/// for every table of the current database or schema.
pub(crate) fn columns_query(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => {
            "SELECT m.name AS table_name, p.name AS column_name, p.type AS data_type, \
                    p.\"notnull\" AS not_null, p.pk AS pk \
             FROM sqlite_master m, pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
             ORDER BY m.name, p.cid"
        }
        Backend::Postgres => {
            "SELECT c.table_name::text AS table_name, c.column_name::text AS column_name, \
                    c.data_type::text AS data_type, (c.is_nullable = 'NO') AS not_null, \
                    COALESCE((SELECT k.ordinal_position FROM information_schema.key_column_usage k \
                              JOIN information_schema.table_constraints tc \
                                ON tc.constraint_name = k.constraint_name AND tc.table_schema = k.table_schema \
                              WHERE tc.constraint_type = 'PRIMARY KEY' AND k.table_schema = c.table_schema \
                                AND k.table_name = c.table_name AND k.column_name = c.column_name), 0)::bigint AS pk \
             FROM information_schema.columns c \
             WHERE c.table_schema = current_schema() \
             ORDER BY c.table_name, c.ordinal_position"
        }
    }
}

/// Catalogue query listing `(table, index, unique)` for named indexes.
pub(crate) fn indexes_query(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => {
            "SELECT m.name AS table_name, i.name AS index_name, i.\"unique\" AS is_unique \
             FROM sqlite_master m, pragma_index_list(m.name) i \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND i.origin = 'c' \
             ORDER BY m.name, i.name"
        }
        Backend::Postgres => {
            "SELECT t.relname::text AS table_name, ix.relname::text AS index_name, i.indisunique AS is_unique \
             FROM pg_index i JOIN pg_class ix ON ix.oid = i.indexrelid \
             JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace \
             WHERE n.nspname = current_schema() AND NOT i.indisprimary \
             ORDER BY t.relname, ix.relname"
        }
    }
}

/// Maps each engine's spelling of a column type onto one family name, so that
/// the two schemas can be compared.
pub fn type_family(declared: &str) -> &'static str {
    let t = declared.to_ascii_lowercase();
    let t = t.split('(').next().unwrap_or("").trim();
    match t {
        "integer" | "bigint" | "int" | "int8" | "int4" => "integer",
        "smallint" | "tinyint" => "small_integer",
        "text" | "varchar" | "character varying" | "char" | "character" => "text",
        "boolean" | "bool" => "boolean",
        "double" | "double precision" | "real" | "float" | "float8" => "float",
        "timestamp_with_timezone_text" | "timestamp with time zone" => "timestamp",
        "uuid_text" | "uuid" => "uuid",
        "blob" | "bytea" => "bytes",
        "json_text" | "jsonb_text" | "json" | "jsonb" => "json",
        "date_text" | "date" => "date",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_password_only() {
        assert_eq!(redact_url("postgres://u:secret@h:5432/db"), "postgres://u:***@h:5432/db");
        assert_eq!(redact_url("postgres://root@127.0.0.1/test"), "postgres://root@127.0.0.1/test");
        assert_eq!(redact_url("postgres://localhost/db"), "postgres://localhost/db");
    }

    #[test]
    fn both_spellings_of_a_type_share_a_family() {
        for (sqlite, pg) in [
            ("integer", "bigint"),
            ("varchar(12)", "character varying"),
            ("text", "text"),
            ("boolean", "boolean"),
            ("timestamp_with_timezone_text", "timestamp with time zone"),
            ("uuid_text", "uuid"),
            ("double", "double precision"),
        ] {
            assert_eq!(type_family(sqlite), type_family(pg), "{sqlite} vs {pg}");
            assert_ne!(type_family(sqlite), "other");
        }
        assert_ne!(type_family("integer"), type_family("text"));
    }
}
