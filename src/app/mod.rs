//! Use cases: what users do, independent of HTTP. Each function checks what
//! it must and calls the store.

pub mod access;
pub mod bills;
pub mod centre;
pub mod dashboard;
pub mod events;
pub mod life;
pub mod mediation;
pub mod notify;
pub mod photo;
pub mod refusal;
pub mod registry;
pub mod services;
pub mod system;

use std::sync::Arc;
use std::time::Instant;

use linli_store::migrations::{self, Migration, Status};
use linli_store::{Backend, Db, Target};

use crate::config::Settings;

/// Why linli could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// Invalid settings.
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    /// The database is unreachable, too new, or failed to migrate.
    #[error("{}", describe_store_error(.0))]
    Store(#[from] linli_store::Error),
    /// The secret key is unusable.
    #[error(transparent)]
    Keys(#[from] system::keys::KeyError),
    /// `--no-migrate` and the database is behind.
    #[error(
        "数据库版本 {current} 落后于本程序 ({latest})，请先运行 linli migrate / the database is at schema version {current}, this linli needs {latest}: run `linli migrate` first"
    )]
    Pending {
        /// Applied version.
        current: i64,
        /// Needed version.
        latest: i64,
    },
    /// This process already counts days in another zone.
    #[error(
        "本进程已按时区 {in_force} 计日，不能再改为 {asked} / this process already counts days in {in_force}, it cannot switch to {asked}"
    )]
    ZoneInForce {
        /// The zone set first.
        in_force: crate::domain::time::Zone,
        /// The zone asked for now.
        asked: crate::domain::time::Zone,
    },
}

fn describe_store_error(e: &linli_store::Error) -> String {
    match e {
        linli_store::Error::Unreachable { target, reason } => {
            format!("无法连接数据库 {target} / cannot open the database {target}: {reason}")
        }
        linli_store::Error::TooNew { found, known } => {
            format!("数据库已被更新版本的 linli 迁移（版本 {found}，本程序只认识到 {known}），请升级 linli / {e}")
        }
        other => other.to_string(),
    }
}

/// Errors of use cases, mapped to HTTP in one place (`web::error`).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No such record, or not visible to the caller.
    #[error("not found: {0}")]
    NotFound(&'static str),
    /// No region (province … grid) with this code, or not visible to the caller.
    #[error("not found: region")]
    RegionNotFound,
    /// Input refused, with the field and the reason (worded by the web
    /// layer in the page's language).
    #[error("invalid {field}: {reason:?}")]
    Invalid {
        /// The offending field.
        field: &'static str,
        /// Why it was refused.
        reason: refusal::Reason,
    },
    /// Visible, but this role may not do it.
    #[error("forbidden")]
    Forbidden,
    /// Too many requests from one address; try later.
    #[error("too many requests")]
    TooMany,
    /// The server is doing as much of this work as it takes at once
    /// (decoding photos, reading sheets); try again in a moment.
    #[error("busy: {0}")]
    Busy(&'static str),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] linli_store::Error),
    /// A file in the data folder could not be written or read.
    #[error("file storage: {0}")]
    Files(#[from] std::io::Error),
}

impl Error {
    /// Input refused: the field at fault and why.
    pub fn invalid(field: &'static str, reason: refusal::Reason) -> Error {
        Error::Invalid { field, reason }
    }

    /// A community code read from the database (or from an input already
    /// checked against it) as the type the app's functions take; one that is
    /// not a community's is not found.
    pub(crate) fn community(stored: &str) -> Result<crate::domain::registry::region::CommunityCode> {
        crate::domain::registry::region::CommunityCode::parse(stored).map_err(|_| Error::NotFound("community"))
    }

    /// A state read from the database that this version does not know.
    pub(crate) fn unknown_state(stored: &str) -> Error {
        Error::invalid("state", refusal::Reason::UnknownState { state: stored.to_owned() })
    }
}

/// Result of a use case.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The running platform: database and process facts. Cheap to clone.
#[derive(Clone)]
pub struct App {
    inner: Arc<Inner>,
}

struct Inner {
    db: Db,
    keys: system::keys::KeyStore,
    target: Target,
    started: Instant,
    /// Where files live (photos); the key file is here too.
    data_dir: std::path::PathBuf,
    /// Reports waiting for their (shared) transaction.
    intake: events::intake::Queue,
    till: bills::till::Till,
    /// The local payment provider is on (demo and tests only).
    pay_sim: bool,
    /// Payment reminders a community may send per local day.
    sms_daily_limit: i64,
    /// The address links in messages start with (`public_url`), when set.
    public_url: Option<String>,
    /// Reference data every report reads.
    cache: std::sync::Mutex<Cache>,
    /// Held while the app runs, so that `linli restore` waits for it to stop.
    _hold: system::backup::DataLock,
    /// Photos being decoded, in MB of pixels.
    photo_gate: system::gate::Gate,
    /// Sheets being read and imported.
    sheet_gate: system::gate::Gate,
    /// Exports being built.
    export_gate: system::gate::Gate,
    figures_gate: system::gate::Gate,
}

/// Reference data that every report reads and that rarely changes, kept
/// for a short while: another server's change shows within the minute.
#[derive(Default)]
pub(crate) struct Cache {
    /// The category tree, when read.
    pub(crate) categories: Option<(Instant, Arc<Vec<events::category::Category>>)>,
    /// Communities by code, when read.
    pub(crate) communities: std::collections::HashMap<String, (Instant, linli_store::registry::region::RegionRow)>,
    /// Whether staff must use a second factor, when read.
    pub(crate) second_factor: Option<(Instant, bool)>,
    /// Each community's fee items, when read.
    pub(crate) fees: std::collections::HashMap<String, (Instant, Arc<Vec<bills::fee::FeeItem>>)>,
    /// The service catalogue, when read.
    pub(crate) catalogue: Option<(Instant, Arc<Vec<crate::domain::services::service::Item>>)>,
    /// The routing rules as routing reads them, with the active units, when read.
    pub(crate) routing: Option<(Instant, Arc<events::unit::RoutingTable>)>,
    /// Accounts' grants, as every signed-in request reads them.
    pub(crate) grants: std::collections::HashMap<uuid::Uuid, (Instant, Vec<linli_store::access::account::GrantRow>)>,
}

/// How long cached reference data is trusted.
pub(crate) const CACHE_FOR: std::time::Duration = std::time::Duration::from_secs(30);

/// Opens the database named by the settings.
pub async fn open(settings: &Settings) -> Result<Db, StartError> {
    Ok(Db::connect(&settings.target()?, &settings.pool()).await?)
}

impl App {
    /// Opens the database and migrates it (unless the settings say not to).
    pub async fn start(settings: &Settings, progress: &mut dyn FnMut(&Migration)) -> Result<App, StartError> {
        let zone = settings.zone()?;
        crate::domain::time::set_zone(zone).map_err(|in_force| StartError::ZoneInForce { in_force, asked: zone })?;
        let hold = system::backup::DataLock::shared(&settings.data_dir.value).map_err(|e| {
            StartError::Store(linli_store::Error::Unreachable {
                target: settings.data_dir.value.display().to_string(),
                reason: e.to_string(),
            })
        })?;
        let db = open(settings).await?;
        let status = migrations::status(&db).await?;
        if !status.is_current() {
            if settings.migrate.value {
                migrations::migrate(&db, progress).await?;
            } else {
                return Err(StartError::Pending { current: status.current, latest: status.latest });
            }
        }
        let keys = system::keys::KeyStore::load_or_create(&settings.data_dir.value)?;
        let intake = events::intake::start(db.clone());
        let till = bills::till::start(db.clone());
        let app = App {
            inner: Arc::new(Inner {
                db,
                keys,
                target: settings.target()?,
                started: Instant::now(),
                data_dir: settings.data_dir.value.clone(),
                intake,
                till,
                pay_sim: settings.pay_sim.value,
                sms_daily_limit: i64::from(settings.sms_daily_limit.value),
                public_url: settings
                    .public_url
                    .value
                    .as_deref()
                    .or(settings.served_at.as_deref())
                    .map(|u| u.trim_end_matches('/').to_owned()),
                cache: std::sync::Mutex::default(),
                _hold: hold,
                photo_gate: system::gate::Gate::new("photos", system::gate::PHOTO_MB, system::gate::WAIT),
                sheet_gate: system::gate::Gate::new("sheets", system::gate::SHEETS, system::gate::WAIT),
                export_gate: system::gate::Gate::new("exports", system::gate::EXPORTS, system::gate::WAIT),
                figures_gate: system::gate::Gate::new(
                    "figures",
                    system::gate::FIGURES,
                    std::time::Duration::from_secs(10),
                ),
            }),
        };
        // People registered before search keys existed get them now.
        let filled = app.fill_search_keys().await.map_err(|e| match e {
            Error::Store(s) => StartError::Store(s),
            other => StartError::Store(linli_store::Error::Unreachable {
                target: "search keys".into(),
                reason: other.to_string(),
            }),
        })?;
        if filled > 0 {
            tracing::info!(people = filled, "search keys filled");
        }
        // Buildings made before they had a sort key get it now.
        let sorted = app.fill_building_sort_keys().await.map_err(StartError::Store)?;
        if sorted > 0 {
            tracing::info!(buildings = sorted, "building sort keys filled");
        }
        Ok(app)
    }

    /// The data folder, for the app's own files.
    pub(crate) fn pay_sim(&self) -> bool {
        self.inner.pay_sim
    }

    /// Payment reminders a community may send per local day.
    /// A link to a page of linli for a message that leaves the server (an
    /// SMS): the `public_url` with the path, or the path alone when none is set.
    pub(crate) fn link(&self, path: &str) -> String {
        format!("{}{path}", self.inner.public_url.as_deref().unwrap_or(""))
    }

    pub(crate) fn sms_daily_limit(&self) -> i64 {
        self.inner.sms_daily_limit
    }

    pub(crate) fn data_dir(&self) -> &std::path::Path {
        &self.inner.data_dir
    }

    /// Where photos wait for their turn to be decoded.
    pub fn photo_gate(&self) -> &system::gate::Gate {
        &self.inner.photo_gate
    }

    /// Where sheets wait for their turn to be read and imported.
    pub fn sheet_gate(&self) -> &system::gate::Gate {
        &self.inner.sheet_gate
    }

    /// Where exports wait for their turn to be built.
    pub fn export_gate(&self) -> &system::gate::Gate {
        &self.inner.export_gate
    }

    /// Places for counting dashboards and reports.
    pub fn figures_gate(&self) -> &system::gate::Gate {
        &self.inner.figures_gate
    }

    /// The reference data cache.
    pub(crate) fn cache(&self) -> std::sync::MutexGuard<'_, Cache> {
        self.inner.cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The queue reports are written from.
    pub(crate) fn intake(&self) -> &events::intake::Queue {
        &self.inner.intake
    }

    pub(crate) fn till(&self) -> &bills::till::Till {
        &self.inner.till
    }

    /// The database handle, for the app's own modules.
    pub(crate) fn db(&self) -> &Db {
        &self.inner.db
    }

    /// Which engine is in use.
    pub fn backend(&self) -> Backend {
        self.inner.db.backend()
    }

    /// The keys that protect personal data.
    pub(crate) fn keys(&self) -> Arc<system::keys::Keys> {
        self.inner.keys.get()
    }

    /// Where the keys come from (for rotation).
    pub(crate) fn key_store(&self) -> &system::keys::KeyStore {
        &self.inner.keys
    }

    /// Opens a sealed value; if it names a key this process has not loaded
    /// (another process rotated), re-reads the key file once.
    pub(crate) fn open_sealed(&self, sealed: &str) -> Option<String> {
        self.keys()
            .open(sealed)
            .ok()
            .or_else(|| if self.inner.keys.reload_if_changed() { self.keys().open(sealed).ok() } else { None })
    }

    /// The database, password hidden.
    pub fn target_description(&self) -> String {
        self.inner.target.redacted()
    }

    /// Seconds since start.
    pub fn uptime_secs(&self) -> u64 {
        self.inner.started.elapsed().as_secs()
    }

    /// Database connection figures.
    pub fn pool_stats(&self) -> linli_store::PoolStats {
        self.inner.db.pool_stats()
    }

    /// Whether the database answers and its schema is the one this binary
    /// expects (for `/readyz`).
    pub async fn readiness(&self) -> Result<Status> {
        self.inner.db.ping().await?;
        Ok(migrations::status(&self.inner.db).await?)
    }

    /// Closes the database after the server has stopped.
    pub async fn close(&self) {
        self.inner.db.close().await;
    }
}
