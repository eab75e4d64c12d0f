//! `linli backup` and `linli restore`: a consistent copy of the whole
//! database taken while the server runs, and putting one back.
//!
//! SQLite: one file (`VACUUM INTO` reads a single snapshot, so payments
//! committed during the copy are either wholly in it or not at all).
//! PostgreSQL: `pg_dump --format=custom` of linli's schema, restored with
//! `pg_restore`; both read one snapshot as well.
//!
//! The secret key that opens ID numbers and phones is never in a backup in
//! clear. The operator chooses: keep `linli.key` separately (the default;
//! `--key-to` copies it), or seal it into the backup with a passphrase.

use std::io::Write;
use std::path::{Path, PathBuf};

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
use linli_store::system::backup as store;
use linli_store::{Db, Target};

use crate::app::system::keys::{KEY_FILE, KeyStore, random_bytes};
use crate::config::Settings;

/// The lock file in the data folder: every process that opens the database
/// holds it shared; restore needs it alone.
pub const LOCK_FILE: &str = "linli.lock";

/// Why a backup or restore was refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The destination exists: a backup never overwrites.
    #[error("{0} 已存在，备份不会覆盖已有文件 / {0} exists: a backup never overwrites a file")]
    Exists(String),
    /// The file is not a linli backup, or it is damaged.
    #[error("{path} 不是完好的 linli 备份：{reason} / {path} is not a sound linli backup: {reason}")]
    NotABackup {
        /// The file.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// A server (or another command) has the database open.
    #[error(
        "数据库正在使用中（linli serve 或其他命令正在运行），请先停止再恢复 / the database is in use (linli serve or another command is running): stop it before restoring"
    )]
    InUse,
    /// The data folder already holds a database.
    #[error(
        "{0} 已有数据库；确认要用备份替换它请加 --force（原库会改名保留）/ {0} already holds a database: add --force to replace it (the old one is kept, renamed)"
    )]
    Occupied(String),
    /// The passphrase does not open the sealed key.
    #[error("口令不对，无法取出备份中的密钥 / the passphrase does not open the key sealed in this backup")]
    WrongPassphrase,
    /// The key at hand is not the one the backup's personal data was sealed with.
    #[error(
        "当前密钥（{have}）与备份的密钥（{want}）不一致：请把备份时的 linli.key 放进数据目录，或用 --passphrase-env 取出备份里封存的密钥 / the key at hand ({have}) is not the backup's ({want}): put the backup's linli.key in the data folder, or unseal the key in the backup with --passphrase-env"
    )]
    KeyMismatch {
        /// Fingerprint of the key at hand.
        have: String,
        /// Fingerprint the backup names.
        want: String,
    },
    /// The backup has a sealed key but the data folder has another key file.
    #[error(
        "数据目录中已有另一把密钥 {0}；加 --force 用备份中的密钥替换（原文件改名保留）/ {0} holds another key: add --force to replace it with the backup's (the old file is kept, renamed)"
    )]
    OtherKey(String),
    /// `pg_dump` or `pg_restore` is missing or failed.
    #[error("{tool} 失败 / {tool} failed: {reason}")]
    Tool {
        /// The program.
        tool: &'static str,
        /// What it said.
        reason: String,
    },
    /// A file could not be read or written.
    #[error("{path}: {reason}")]
    Io {
        /// The file.
        path: String,
        /// The system's words.
        reason: String,
    },
    /// The database refused.
    #[error(transparent)]
    Store(#[from] linli_store::Error),
    /// The key could not be loaded.
    #[error(transparent)]
    Keys(#[from] crate::app::system::keys::KeyError),
    /// The settings are unusable.
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
}

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> BackupError + '_ {
    move |e| BackupError::Io { path: path.display().to_string(), reason: e.to_string() }
}

/// What to do with the secret key.
#[derive(Debug, Clone)]
pub enum KeyChoice {
    /// The key stays out of the backup; optionally copied to a file (mode 0600).
    Separate(Option<PathBuf>),
    /// The key is sealed into the backup with this passphrase.
    Sealed(String),
}

/// What a finished backup holds.
#[derive(Debug)]
pub struct Made {
    /// Bytes written.
    pub bytes: u64,
    /// The key's fingerprint.
    pub key_id: String,
    /// Whether the key is sealed inside.
    pub key_sealed: bool,
}

/// What a finished restore put back.
#[derive(Debug)]
pub struct Restored {
    /// When the backup was taken (RFC 3339).
    pub taken_at: String,
    /// Where the database that was there before went (renamed), if any.
    pub kept_old: Option<PathBuf>,
    /// Whether the key came out of the backup.
    pub key_unsealed: bool,
}

/// Holds the data folder's lock: shared for every process that uses the
/// database, exclusive for restore.
#[derive(Debug)]
pub struct DataLock(#[allow(dead_code)] std::fs::File);

impl DataLock {
    fn open(dir: &Path) -> Result<std::fs::File, BackupError> {
        let path = dir.join(LOCK_FILE);
        std::fs::create_dir_all(dir).map_err(io_err(dir))?;
        std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path).map_err(io_err(&path))
    }

    /// A shared hold, waiting while a restore runs.
    pub fn shared(dir: &Path) -> Result<DataLock, BackupError> {
        let f = DataLock::open(dir)?;
        f.lock_shared().map_err(io_err(dir))?;
        Ok(DataLock(f))
    }

    /// The only hold, or `InUse` at once.
    pub fn exclusive(dir: &Path) -> Result<DataLock, BackupError> {
        let f = DataLock::open(dir)?;
        match f.try_lock() {
            Ok(()) => Ok(DataLock(f)),
            Err(std::fs::TryLockError::WouldBlock) => Err(BackupError::InUse),
            Err(std::fs::TryLockError::Error(e)) => Err(io_err(dir)(e)),
        }
    }
}

const SEAL_PREFIX: &str = "linli-key-v1";

fn passphrase_key(passphrase: &str, salt: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    argon2::Argon2::default()
        .hash_password_into(passphrase.as_bytes(), salt, &mut out)
        .expect("argon2 takes a 16-byte salt and a 32-byte output");
    out
}

/// Seals the key text with a passphrase (Argon2id, then AES-256-GCM).
pub fn seal_key(text: &str, passphrase: &str) -> String {
    let salt = random_bytes::<16>();
    let nonce = random_bytes::<12>();
    let cipher = Aes256Gcm::new(&passphrase_key(passphrase, &salt).into());
    let sealed = cipher.encrypt(&Nonce::from(nonce), text.as_bytes()).expect("AES-GCM seals any length we use");
    format!("{SEAL_PREFIX}${}${}${}", B64.encode(salt), B64.encode(nonce), B64.encode(sealed))
}

/// Opens what [`seal_key`] sealed; `None` for a wrong passphrase or altered text.
pub fn open_key(sealed: &str, passphrase: &str) -> Option<String> {
    let mut parts = sealed.split('$');
    if parts.next()? != SEAL_PREFIX {
        return None;
    }
    let salt = B64.decode(parts.next()?).ok()?;
    let nonce: [u8; 12] = B64.decode(parts.next()?).ok()?.try_into().ok()?;
    let body = B64.decode(parts.next()?).ok()?;
    let cipher = Aes256Gcm::new(&passphrase_key(passphrase, &salt).into());
    String::from_utf8(cipher.decrypt(&Nonce::from(nonce), body.as_slice()).ok()?).ok()
}

/// The key's text as the operator keeps it: `LINLI_SECRET_KEY` or the file.
fn key_text(data_dir: &Path) -> Result<String, BackupError> {
    if let Ok(v) = std::env::var("LINLI_SECRET_KEY") {
        return Ok(v);
    }
    let path = data_dir.join(KEY_FILE);
    std::fs::read_to_string(&path).map_err(io_err(&path))
}

/// Creates a file only the owner can read, failing if it exists.
fn create_private(path: &Path) -> Result<std::fs::File, BackupError> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    opts.open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => BackupError::Exists(path.display().to_string()),
        _ => io_err(path)(e),
    })
}

fn temp_beside(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(format!(".partial-{}", uuid::Uuid::now_v7().simple()));
    path.with_file_name(name)
}

/// Removes a file when dropped, unless told to keep it.
struct Scratch(Option<PathBuf>);

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Takes a backup of the database `settings` point at into `dest`, reporting
/// `(done, total)` bytes as it goes.
pub async fn backup(
    settings: &Settings,
    dest: &Path,
    key: KeyChoice,
    mut progress: impl FnMut(u64, u64) + Send,
) -> Result<Made, BackupError> {
    if dest.exists() {
        return Err(BackupError::Exists(dest.display().to_string()));
    }
    let data_dir = settings.data_dir.value.clone();
    let _hold = DataLock::shared(&data_dir)?;
    let keys = KeyStore::load_or_create(&data_dir)?;
    let key_id = keys.get().current_id().to_owned();
    let sealed = match &key {
        KeyChoice::Sealed(pass) => Some(seal_key(&key_text(&data_dir)?, pass)),
        KeyChoice::Separate(_) => None,
    };
    let target = settings.target()?;
    let facts = |schema_version: i64| {
        let mut facts = vec![
            ("format", "linli-backup-1".to_owned()),
            ("taken_at", chrono::Utc::now().to_rfc3339()),
            ("linli_version", env!("CARGO_PKG_VERSION").to_owned()),
            ("schema_version", schema_version.to_string()),
            ("key_id", key_id.clone()),
        ];
        if let Some(s) = &sealed {
            facts.push(("sealed_key", s.clone()));
        }
        facts
    };
    let result = match &target {
        Target::Sqlite(path) => {
            let mut snap = store::Snapshot::open(path).await?;
            let facts = facts(snap.schema_version().await?);
            sqlite_backup(snap, dest, &facts, &mut progress).await
        }
        Target::Postgres(url) => {
            let db = Db::connect(&target, &settings.pool()).await?;
            let status = linli_store::migrations::status(&db).await;
            let schema = db.current_schema().await;
            db.close().await;
            let facts = facts(status?.current);
            postgres_backup(url, &schema?.unwrap_or_else(|| "public".into()), dest, &facts, &mut progress).await
        }
    };
    let bytes = result?;
    if let KeyChoice::Separate(Some(copy)) = &key {
        let text = key_text(&data_dir)?;
        create_private(copy)?.write_all(text.as_bytes()).map_err(io_err(copy))?;
    }
    Ok(Made { bytes, key_id, key_sealed: sealed.is_some() })
}

async fn sqlite_backup(
    mut snap: store::Snapshot,
    dest: &Path,
    facts: &[(&str, String)],
    progress: &mut (impl FnMut(u64, u64) + Send),
) -> Result<u64, BackupError> {
    let total = snap.size_bytes().await?;
    let partial = temp_beside(dest);
    // VACUUM INTO creates the file itself: make it private first.
    drop(create_private(&partial)?);
    std::fs::remove_file(&partial).map_err(io_err(&partial))?;
    let mut scratch = Scratch(Some(partial.clone()));
    let copying = snap.copy_into(&partial);
    tokio::pin!(copying);
    let mut tick = tokio::time::interval(std::time::Duration::from_millis(500));
    loop {
        tokio::select! {
            done = &mut copying => { done?; break; }
            _ = tick.tick() => {
                let now = std::fs::metadata(&partial).map(|m| m.len()).unwrap_or(0);
                progress(now.min(total), total);
            }
        }
    }
    restrict(&partial)?;
    store::stamp(&partial, facts).await?;
    std::fs::File::open(&partial).and_then(|f| f.sync_all()).map_err(io_err(&partial))?;
    publish(&partial, dest)?;
    scratch.0 = None;
    let bytes = std::fs::metadata(dest).map_err(io_err(dest))?.len();
    progress(bytes, bytes);
    Ok(bytes)
}

/// Moves a finished file to its name, refusing to replace one that appeared meanwhile.
fn publish(partial: &Path, dest: &Path) -> Result<(), BackupError> {
    std::fs::hard_link(partial, dest).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => BackupError::Exists(dest.display().to_string()),
        _ => io_err(dest)(e),
    })?;
    std::fs::remove_file(partial).map_err(io_err(partial))
}

fn restrict(path: &Path) -> Result<(), BackupError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(io_err(path))?;
    }
    Ok(())
}

/// The facts file written beside a PostgreSQL dump (a dump has no room for them).
fn facts_path(dump: &Path) -> PathBuf {
    let mut name = dump.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".facts.json");
    dump.with_file_name(name)
}

/// Splits a connection URL into the URL `pg_dump` can take (without our
/// `options=-c search_path` parameter, which it does not need) and the schema.
fn pg_url_for_tools(url: &str) -> String {
    match url.split_once('?') {
        None => url.to_owned(),
        Some((base, query)) => {
            let kept: Vec<&str> = query.split('&').filter(|p| !p.starts_with("options=")).collect();
            if kept.is_empty() { base.to_owned() } else { format!("{base}?{}", kept.join("&")) }
        }
    }
}

async fn run_tool(tool: &'static str, args: &[String]) -> Result<(), BackupError> {
    let args = args.to_vec();
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(tool).args(&args).stdin(std::process::Stdio::null()).output()
    })
    .await
    .map_err(|e| BackupError::Tool { tool, reason: e.to_string() })?
    .map_err(|e| BackupError::Tool {
        tool,
        reason: format!("{e} (PostgreSQL 的客户端工具需装在 PATH 中 / install PostgreSQL's client tools)"),
    })?;
    if !out.status.success() {
        return Err(BackupError::Tool { tool, reason: String::from_utf8_lossy(&out.stderr).trim().to_owned() });
    }
    Ok(())
}

async fn postgres_backup(
    url: &str,
    schema: &str,
    dest: &Path,
    facts: &[(&str, String)],
    progress: &mut (impl FnMut(u64, u64) + Send),
) -> Result<u64, BackupError> {
    let partial = temp_beside(dest);
    drop(create_private(&partial)?);
    let mut scratch = Scratch(Some(partial.clone()));
    progress(0, 1);
    run_tool(
        "pg_dump",
        &[
            "--format=custom".into(),
            "--no-owner".into(),
            "--no-privileges".into(),
            format!("--schema={schema}"),
            format!("--file={}", partial.display()),
            format!("--dbname={}", pg_url_for_tools(url)),
        ],
    )
    .await?;
    let mut map = serde_json::Map::new();
    for (k, v) in facts {
        map.insert((*k).to_owned(), serde_json::Value::String(v.clone()));
    }
    map.insert("schema".into(), serde_json::Value::String(schema.to_owned()));
    let side = facts_path(dest);
    create_private(&side)?
        .write_all(serde_json::to_string_pretty(&map).unwrap_or_default().as_bytes())
        .map_err(io_err(&side))?;
    publish(&partial, dest)?;
    scratch.0 = None;
    let bytes = std::fs::metadata(dest).map_err(io_err(dest))?.len();
    progress(bytes, bytes);
    Ok(bytes)
}

fn fact<'a>(facts: &'a [(String, String)], key: &str) -> Option<&'a str> {
    facts.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// Decides the key: the one at hand must be the backup's, or the sealed
/// one is taken out (and written to the data folder) with the passphrase.
fn settle_key(
    data_dir: &Path,
    facts: &[(String, String)],
    passphrase: Option<&str>,
    force: bool,
) -> Result<bool, BackupError> {
    let want = fact(facts, "key_id").unwrap_or_default().to_owned();
    let key_path = data_dir.join(KEY_FILE);
    if let Some(pass) = passphrase {
        let sealed = fact(facts, "sealed_key").ok_or_else(|| BackupError::NotABackup {
            path: "backup".into(),
            reason: "备份中没有封存的密钥 / no key is sealed in it".into(),
        })?;
        let text = open_key(sealed, pass).ok_or(BackupError::WrongPassphrase)?;
        match std::fs::read_to_string(&key_path) {
            Ok(existing) if existing.trim() == text.trim() => return Ok(false),
            Ok(_) if !force => return Err(BackupError::OtherKey(key_path.display().to_string())),
            Ok(_) => {
                let kept = key_path.with_extension(format!("key.before-restore-{}", stamp_now()));
                std::fs::rename(&key_path, &kept).map_err(io_err(&key_path))?;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_err(&key_path)(e)),
        }
        std::fs::create_dir_all(data_dir).map_err(io_err(data_dir))?;
        create_private(&key_path)?.write_all(text.as_bytes()).map_err(io_err(&key_path))?;
        return Ok(true);
    }
    // No passphrase: the key at hand must open the backup's data. A missing
    // key file would be created fresh by the key store, which is never right here.
    if std::env::var("LINLI_SECRET_KEY").is_err() && !key_path.exists() {
        return Err(BackupError::KeyMismatch { have: "—".into(), want });
    }
    let have = KeyStore::load_or_create(data_dir)?.get().current_id().to_owned();
    if !want.is_empty() && have != want {
        return Err(BackupError::KeyMismatch { have, want });
    }
    Ok(false)
}

fn stamp_now() -> String {
    chrono::Utc::now().format("%Y%m%d%H%M%S").to_string()
}

/// Puts a backup back in place of the database `settings` point at.
/// Refuses while anything has the database open, and keeps what was there.
pub async fn restore(
    settings: &Settings,
    src: &Path,
    passphrase: Option<&str>,
    force: bool,
    mut progress: impl FnMut(u64, u64) + Send,
) -> Result<Restored, BackupError> {
    let data_dir = settings.data_dir.value.clone();
    let not_backup = |reason: String| BackupError::NotABackup { path: src.display().to_string(), reason };
    match settings.target()? {
        Target::Sqlite(db_path) => {
            let facts = store::facts(src)
                .await
                .map_err(|e| not_backup(e.to_string()))?
                .ok_or_else(|| not_backup("没有 linli_backup 表 / it has no linli_backup table".into()))?;
            let _only = DataLock::exclusive(&data_dir)?;
            let key_unsealed = settle_key(&data_dir, &facts, passphrase, force)?;
            let mut kept_old = None;
            if db_path.exists() {
                if !force {
                    return Err(BackupError::Occupied(data_dir.display().to_string()));
                }
                store::checkpoint(&db_path).await?;
                let old = db_path.with_extension(format!("db.before-restore-{}", stamp_now()));
                std::fs::rename(&db_path, &old).map_err(io_err(&db_path))?;
                kept_old = Some(old);
            }
            for side in ["-wal", "-shm"] {
                let mut p = db_path.clone().into_os_string();
                p.push(side);
                let _ = std::fs::remove_file(PathBuf::from(p));
            }
            let partial = temp_beside(&db_path);
            let mut scratch = Scratch(Some(partial.clone()));
            copy_with_progress(src, &partial, &mut progress)?;
            store::unstamp(&partial).await?;
            std::fs::rename(&partial, &db_path).map_err(io_err(&db_path))?;
            scratch.0 = None;
            Ok(Restored { taken_at: fact(&facts, "taken_at").unwrap_or_default().to_owned(), kept_old, key_unsealed })
        }
        Target::Postgres(url) => {
            let side = facts_path(src);
            let text = std::fs::read_to_string(&side).map_err(|e| not_backup(format!("{}: {e}", side.display())))?;
            let map: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&text).map_err(|e| not_backup(e.to_string()))?;
            let facts: Vec<(String, String)> =
                map.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned())).collect();
            let _only = DataLock::exclusive(&data_dir)?;
            let key_unsealed = settle_key(&data_dir, &facts, passphrase, force)?;
            let schema = fact(&facts, "schema").unwrap_or("public").to_owned();
            let db = Db::connect(&Target::Postgres(url.clone()), &settings.pool()).await?;
            let occupied = linli_store::migrations::status(&db).await.map(|s| s.current > 0).unwrap_or(false);
            db.close().await;
            if occupied && !force {
                return Err(BackupError::Occupied(linli_store::dialect::redact_url(&url)));
            }
            progress(0, 1);
            run_tool(
                "pg_restore",
                &[
                    "--clean".into(),
                    "--if-exists".into(),
                    "--no-owner".into(),
                    "--no-privileges".into(),
                    "--single-transaction".into(),
                    format!("--schema={schema}"),
                    format!("--dbname={}", pg_url_for_tools(&url)),
                    src.display().to_string(),
                ],
            )
            .await?;
            progress(1, 1);
            Ok(Restored {
                taken_at: fact(&facts, "taken_at").unwrap_or_default().to_owned(),
                kept_old: None,
                key_unsealed,
            })
        }
    }
}

fn copy_with_progress(src: &Path, dest: &Path, progress: &mut impl FnMut(u64, u64)) -> Result<(), BackupError> {
    use std::io::Read;
    let mut from = std::fs::File::open(src).map_err(io_err(src))?;
    let total = from.metadata().map_err(io_err(src))?.len();
    let mut to = create_private(dest)?;
    let mut buf = vec![0u8; 1 << 20];
    let mut done = 0u64;
    loop {
        let n = from.read(&mut buf).map_err(io_err(src))?;
        if n == 0 {
            break;
        }
        to.write_all(&buf[..n]).map_err(io_err(dest))?;
        done += n as u64;
        progress(done, total);
    }
    to.sync_all().map_err(io_err(dest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_key_opens_with_its_passphrase_only() {
        let sealed = seal_key("00ff\n", "长城长 2026");
        assert_eq!(open_key(&sealed, "长城长 2026").as_deref(), Some("00ff\n"));
        assert_eq!(open_key(&sealed, "长城长 2027"), None);
        let mut tampered = sealed.clone();
        tampered.pop();
        assert_eq!(open_key(&tampered, "长城长 2026"), None);
        assert!(!sealed.contains("00ff"));
    }

    #[test]
    fn tools_get_the_url_without_our_search_path_option() {
        assert_eq!(
            pg_url_for_tools("postgres://root@h/test?options=-c%20search_path%3Dx&sslmode=disable"),
            "postgres://root@h/test?sslmode=disable"
        );
        assert_eq!(pg_url_for_tools("postgres://root@h/test?options=-c"), "postgres://root@h/test");
    }
}
