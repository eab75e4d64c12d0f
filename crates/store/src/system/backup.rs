//! Backups of the embedded SQLite database: one self-contained file, a
//! consistent copy taken while the server keeps writing, with a small table
//! of facts about it (`linli_backup`) that restore reads before trusting it.
//! PostgreSQL is backed up with its own tools (`pg_dump`), see the README.

use std::path::Path;

use sqlx::{Connection, Row as _, SqliteConnection};

use crate::{Db, Error, Pools, Result};

/// The table written into every backup file (named literally in the queries below).
pub const FACTS_TABLE: &str = "linli_backup";

fn io(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Unreachable { target: format!("sqlite://{}", path.display()), reason: e.to_string() }
}

async fn open_file(path: &Path, writable: bool) -> Result<SqliteConnection> {
    let opts = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(path)
        .read_only(!writable)
        .create_if_missing(false)
        // A backup file is one file: no WAL beside it.
        .journal_mode(sqlx::sqlite::SqliteJournalMode::Delete);
    SqliteConnection::connect_with(&opts).await.map_err(|e| io(path, e))
}

/// A consistent copy of a live SQLite database, taken through one
/// read-only connection of its own: a reader in WAL mode never waits for the
/// server's writer, and the copy never takes a write lock (a busy till would
/// starve it).
pub struct Snapshot {
    conn: SqliteConnection,
}

impl Snapshot {
    /// Opens the live database at `path` for reading.
    pub async fn open(path: &Path) -> Result<Snapshot> {
        let opts = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(path)
            .read_only(true)
            .create_if_missing(false)
            .busy_timeout(std::time::Duration::from_secs(30));
        Ok(Snapshot { conn: SqliteConnection::connect_with(&opts).await.map_err(|e| io(path, e))? })
    }

    /// The bytes the database takes (pages × page size), for progress.
    pub async fn size_bytes(&mut self) -> Result<u64> {
        let row = sqlx::query("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
            .fetch_one(&mut self.conn)
            .await
            .map_err(crate::dialect::classify)?;
        Ok(row.try_get::<i64, _>(0).map_err(crate::dialect::classify)?.max(0) as u64)
    }

    /// The schema version applied (0 for a database never migrated).
    pub async fn schema_version(&mut self) -> Result<i64> {
        let row = sqlx::query("SELECT coalesce(max(version), 0) FROM linli_migration")
            .fetch_one(&mut self.conn)
            .await
            .map_err(crate::dialect::classify)?;
        row.try_get::<i64, _>(0).map_err(crate::dialect::classify)
    }

    /// Writes the whole database to `dest`, which must not exist yet, as of
    /// one moment: what writers commit meanwhile is wholly after it.
    pub async fn copy_into(mut self, dest: &Path) -> Result<()> {
        sqlx::query("VACUUM INTO ?")
            .bind(dest.to_string_lossy().into_owned())
            .execute(&mut self.conn)
            .await
            .map_err(crate::dialect::classify)?;
        self.conn.close().await.ok();
        Ok(())
    }
}

impl Db {
    /// The PostgreSQL schema this handle works in (for `pg_dump --schema`).
    pub async fn current_schema(&self) -> Result<Option<String>> {
        match &self.pools {
            Pools::Sqlite { .. } => Ok(None),
            Pools::Postgres(pool) => {
                let row = sqlx::query("SELECT current_schema()::text")
                    .fetch_one(pool)
                    .await
                    .map_err(crate::dialect::classify)?;
                Ok(row.try_get::<Option<String>, _>(0).map_err(crate::dialect::classify)?)
            }
        }
    }
}

/// Writes the facts about a backup into the copy itself.
pub async fn stamp(path: &Path, facts: &[(&str, String)]) -> Result<()> {
    let mut conn = open_file(path, true).await?;
    let mut run = async || -> std::result::Result<(), sqlx::Error> {
        sqlx::query("CREATE TABLE linli_backup (key TEXT PRIMARY KEY, value TEXT NOT NULL)").execute(&mut conn).await?;
        for (k, v) in facts {
            sqlx::query("INSERT INTO linli_backup (key, value) VALUES (?, ?)")
                .bind(*k)
                .bind(v)
                .execute(&mut conn)
                .await?;
        }
        Ok(())
    };
    run().await.map_err(|e| io(path, e))?;
    conn.close().await.map_err(|e| io(path, e))
}

/// What a backup file says about itself, after SQLite has checked every page
/// of it. `Ok(None)`: a sound SQLite file that is not a linli backup.
pub async fn facts(path: &Path) -> Result<Option<Vec<(String, String)>>> {
    let mut conn = open_file(path, false).await?;
    let check: String = sqlx::query("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .and_then(|r| r.try_get(0))
        .map_err(|e| io(path, e))?;
    if check != "ok" {
        return Err(io(path, format!("integrity check: {check}")));
    }
    let has: i64 = sqlx::query("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?")
        .bind(FACTS_TABLE)
        .fetch_one(&mut conn)
        .await
        .and_then(|r| r.try_get(0))
        .map_err(|e| io(path, e))?;
    if has == 0 {
        return Ok(None);
    }
    let rows = sqlx::query("SELECT key, value FROM linli_backup ORDER BY key")
        .fetch_all(&mut conn)
        .await
        .map_err(|e| io(path, e))?;
    conn.close().await.ok();
    Ok(Some(rows.iter().map(|r| (r.get::<String, _>(0), r.get::<String, _>(1))).collect()))
}

/// Removes the facts table from a restored copy and leaves it in WAL mode,
/// as the server runs it.
pub async fn unstamp(path: &Path) -> Result<()> {
    let mut conn = open_file(path, true).await?;
    sqlx::query("DROP TABLE IF EXISTS linli_backup").execute(&mut conn).await.map_err(|e| io(path, e))?;
    sqlx::query("PRAGMA journal_mode = WAL").execute(&mut conn).await.map_err(|e| io(path, e))?;
    conn.close().await.map_err(|e| io(path, e))
}

/// Folds the write-ahead log of a database that no server has open into
/// the main file, so that the file alone is the whole database.
pub async fn checkpoint(path: &Path) -> Result<()> {
    let opts = sqlx::sqlite::SqliteConnectOptions::new().filename(path).create_if_missing(false);
    let mut conn = SqliteConnection::connect_with(&opts).await.map_err(|e| io(path, e))?;
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&mut conn).await.map_err(|e| io(path, e))?;
    conn.close().await.map_err(|e| io(path, e))
}
