//! The `linli` command line.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::app::access::account::NewAccount;
use crate::app::access::audit::{Actor, Verdict};
use crate::app::access::token::Scope;
use crate::app::registry::import::{Mode, OnExisting};
use crate::config::{ConfigError, Given, LogFormat, Overrides, Settings, Source, defaults};
use crate::domain::access::role::Role;
use crate::domain::registry::phone::Phone;
use crate::domain::registry::region::{CommunityCode, GridCode, RegionCode};
use crate::domain::registry::sheet::Bounds;
use crate::web::i18n::Lang;
use crate::{app, demo, telemetry, web};

mod access;
mod bills;
mod life;
mod registry;
mod serve;
mod system;

use access::{AuditAction, TokenAction, UserAction, audit_archive, audit_verify, token, user};
use bills::{BenchWhat, bench_bills, import_readings};
use registry::{ExportWhat, GridAction, ImportWhat, export, grid, import};
use serve::{migrate, print_config, serve_until_stopped, warn_unknown_env};
use system::{KeysAction, backup, passphrase, restore, rotate};

/// 邻里 linli — 智慧社区平台 / smart-community platform.
#[derive(Debug, Parser)]
#[command(name = "linli", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Configuration file [default: ./linli.toml if present]
    #[arg(long, global = true, env = "LINLI_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,
    /// Data folder: SQLite file and uploads [default: ./linli-data, demo: ./linli-demo]
    #[arg(long, global = true, env = "LINLI_DATA_DIR", value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Database URL: postgres://… (or sqlite://PATH) [default: SQLite in the data folder]
    #[arg(long, global = true, env = "LINLI_DATABASE", value_name = "URL")]
    database: Option<String>,
    /// Log filter, e.g. info or linli=debug [default: info]
    #[arg(long, global = true, env = "LINLI_LOG", value_name = "FILTER")]
    log: Option<String>,
    /// Log format [default: human]
    #[arg(long, global = true, env = "LINLI_LOG_FORMAT", value_name = "FORMAT")]
    log_format: Option<LogFormat>,
    /// Database connections at most [default: 16]
    #[arg(long, global = true, env = "LINLI_DB_MAX_CONNECTIONS", value_name = "N")]
    db_max_connections: Option<u32>,
    /// The zone days and billing months are counted in: Asia/Shanghai, Asia/Urumqi, UTC, … or an offset such as +06:00 [default: Asia/Shanghai]
    #[arg(long, global = true, env = "LINLI_TIME_ZONE", value_name = "ZONE")]
    time_zone: Option<String>,
}

/// Options of the commands that run the web server.
#[derive(Debug, clap::Args)]
struct ServeArgs {
    /// Address and port to listen on [default: 127.0.0.1:8080]
    #[arg(long, env = "LINLI_LISTEN", value_name = "ADDR:PORT")]
    listen: Option<SocketAddr>,
    /// Largest request body in bytes [default: 33554432]
    #[arg(long, env = "LINLI_MAX_BODY_BYTES", value_name = "BYTES")]
    max_body_bytes: Option<usize>,
    /// Longest a request may run, in seconds [default: 30]
    #[arg(long, env = "LINLI_REQUEST_TIMEOUT_SECS", value_name = "SECS")]
    request_timeout_secs: Option<u64>,
    /// Payment reminders (催缴短信) a community may send per day [default: 500]
    #[arg(long, env = "LINLI_SMS_DAILY_LIMIT", value_name = "N")]
    sms_daily_limit: Option<u32>,
    /// Mail relay for e-mail notifications, smtp://host:port [default: none]
    #[arg(long, env = "LINLI_SMTP", value_name = "URL")]
    smtp: Option<String>,
    /// Sender address of e-mail notifications [default: linli@localhost]
    #[arg(long, env = "LINLI_MAIL_FROM", value_name = "ADDRESS")]
    mail_from: Option<String>,
    /// Take online payments through the local simulated provider (/pay-sim/):
    /// for demos and tests only — anyone could mark an order paid [default: off; on in `demo`]
    #[arg(long, env = "LINLI_PAY_SIM")]
    pay_sim: bool,
    /// The address residents reach linli by, for links and QR codes (https://linli.example.cn) [default: the request's host]
    #[arg(long, env = "LINLI_PUBLIC_URL", value_name = "URL")]
    public_url: Option<String>,
    /// Reverse proxies whose X-Forwarded-For is believed, comma-separated [default: none]
    #[arg(long, env = "LINLI_TRUSTED_PROXIES", value_name = "ADDRS")]
    trusted_proxies: Option<String>,
    /// The region this deployment serves, e.g. 141102 (a district): the home page and the registration form offer
    /// its communities that have grids [default: the lowest region holding every community with grids; demo: 141102]
    #[arg(long, env = "LINLI_HOME_REGION", value_name = "CODE")]
    home_region: Option<String>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the platform (applies pending migrations first unless --no-migrate)
    Serve {
        #[command(flatten)]
        serve: ServeArgs,
        /// Do not apply pending migrations at start; refuse to run if any are pending
        #[arg(long, env = "LINLI_NO_MIGRATE")]
        no_migrate: bool,
    },
    /// Create (or reopen) the demo community in ./linli-demo and serve it
    Demo {
        #[command(flatten)]
        serve: ServeArgs,
        /// How many people: `seed` (the source document's three communities)
        /// or `district` (every community of 离石区, ≈400,000 people)
        #[arg(long, value_enum, default_value = "seed")]
        scale: crate::demo_town::Scale,
    },
    /// Apply pending migrations and exit
    Migrate {
        /// Only print the schema version and what is pending
        #[arg(long)]
        status: bool,
    },
    /// Manage accounts and their roles
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// Import residents from a sheet (XLSX, or CSV in UTF-8 or GBK, as Excel writes it)
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Export the registry to XLSX or CSV (masked unless --full with --reason; audited)
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// Manage grids (三级网格)
    Grid {
        #[command(subcommand)]
        action: GridAction,
    },
    /// Manage API tokens for machine clients (Open311 apps, kiosks, log collectors)
    Token {
        #[command(subcommand)]
        action: TokenAction,
    },
    /// Manage the secret key that protects personal data
    Keys {
        #[command(subcommand)]
        action: KeysAction,
    },
    /// Copy the whole database to FILE, consistent while the server runs
    /// (SQLite: one file; PostgreSQL: pg_dump). The secret key stays out
    /// unless sealed in with a passphrase.
    Backup {
        /// The backup file to create (never overwritten)
        file: std::path::PathBuf,
        /// Also copy the key file here (mode 0600), to keep apart from the backup
        #[arg(long, conflicts_with = "passphrase_env")]
        key_to: Option<std::path::PathBuf>,
        /// Seal the key into the backup with the passphrase held in this environment variable
        #[arg(long)]
        passphrase_env: Option<String>,
    },
    /// Put a backup back (the server must be stopped); the database that was
    /// there is kept, renamed
    Restore {
        /// The backup file
        file: std::path::PathBuf,
        /// Take the sealed key out of the backup with the passphrase in this environment variable
        #[arg(long)]
        passphrase_env: Option<String>,
        /// Replace a database (and key) already in the data folder
        #[arg(long)]
        force: bool,
    },
    /// Check the audit log
    Audit {
        #[command(subcommand)]
        action: AuditAction,
    },
    /// Measure a use case on a fresh database (the figures of BENCHMARKS.md)
    Bench {
        #[command(subcommand)]
        what: BenchWhat,
    },
    /// Print every setting, its value and where it came from
    Config {
        #[command(flatten)]
        serve: ServeArgs,
    },
}

/// A command that did not succeed: the message and the exit code.
pub struct Failure {
    code: u8,
    message: String,
}

impl Failure {
    /// A failure at run time (exit code 1).
    pub fn runtime(message: impl Into<String>) -> Failure {
        Failure { code: 1, message: message.into() }
    }
}

impl From<ConfigError> for Failure {
    fn from(e: ConfigError) -> Self {
        Failure { code: 2, message: e.to_string() }
    }
}

impl From<app::StartError> for Failure {
    fn from(e: app::StartError) -> Self {
        Failure::runtime(e.to_string())
    }
}

/// Runs the command line; the process exit code is returned.
pub fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    // A passphrase's variable is the operator's to name, LINLI_… included.
    let passphrase_var = match &cli.command {
        Command::Backup { passphrase_env, .. } | Command::Restore { passphrase_env, .. } => passphrase_env.clone(),
        _ => None,
    };
    warn_unknown_env(passphrase_var.as_deref());
    let sub = matches.subcommand().map(|(_, m)| m).unwrap_or(&matches);
    match run(cli, sub) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            let _ = writeln!(std::io::stderr(), "linli: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

fn source(m: &ArgMatches, id: &str) -> Option<Source> {
    match m.value_source(id) {
        Some(ValueSource::CommandLine) => Some(Source::Flag),
        Some(ValueSource::EnvVariable) => Some(Source::Env),
        _ => None,
    }
}

fn given<T>(value: Option<T>, m: &ArgMatches, id: &str) -> Overrides<T> {
    Overrides { source: value.as_ref().and_then(|_| source(m, id)), value }
}

fn gather(cli: &Cli, m: &ArgMatches, serve: Option<&ServeArgs>, no_migrate: Option<bool>) -> Given {
    let mut g = Given {
        config: given(cli.config.clone(), m, "config"),
        data_dir: given(cli.data_dir.clone(), m, "data_dir"),
        database: given(cli.database.clone(), m, "database"),
        log: given(cli.log.clone(), m, "log"),
        log_format: given(cli.log_format, m, "log_format"),
        db_max_connections: given(cli.db_max_connections, m, "db_max_connections"),
        time_zone: given(cli.time_zone.clone(), m, "time_zone"),
        ..Given::default()
    };
    if let Some(s) = serve {
        g.listen = given(s.listen, m, "listen");
        g.max_body_bytes = given(s.max_body_bytes, m, "max_body_bytes");
        g.request_timeout_secs = given(s.request_timeout_secs, m, "request_timeout_secs");
        g.sms_daily_limit = given(s.sms_daily_limit, m, "sms_daily_limit");
        g.smtp = given(s.smtp.clone(), m, "smtp");
        g.mail_from = given(s.mail_from.clone(), m, "mail_from");
        g.pay_sim = given(s.pay_sim.then_some(true), m, "pay_sim");
        g.public_url = given(s.public_url.clone(), m, "public_url");
        g.trusted_proxies = given(s.trusted_proxies.clone(), m, "trusted_proxies");
        g.home_region = given(s.home_region.clone(), m, "home_region");
    }
    if no_migrate == Some(true) {
        g.migrate = Overrides { value: Some(false), source: source(m, "no_migrate") };
    }
    g
}

fn run(cli: Cli, m: &ArgMatches) -> Result<(), Failure> {
    match &cli.command {
        Command::Serve { serve, no_migrate } => {
            let settings = Settings::resolve(gather(&cli, m, Some(serve), Some(*no_migrate)), defaults::DATA_DIR)?;
            telemetry::init(&settings);
            runtime()?.block_on(serve_until_stopped(settings, None))
        }
        Command::Demo { serve, scale } => {
            let settings = Settings::resolve(gather(&cli, m, Some(serve), None), defaults::DEMO_DATA_DIR)?;
            telemetry::init(&settings);
            runtime()?.block_on(serve_until_stopped(settings, Some(*scale)))
        }
        Command::Migrate { status } => {
            let settings = Settings::resolve(gather(&cli, m, None, None), defaults::DATA_DIR)?;
            telemetry::init(&settings);
            runtime()?.block_on(migrate(settings, *status))
        }
        Command::User { action } => {
            let settings = Settings::resolve(gather(&cli, m, None, None), defaults::DATA_DIR)?;
            telemetry::init(&settings);
            runtime()?.block_on(user(settings, action))
        }
        Command::Import { what } => {
            let settings = Settings::resolve(gather(&cli, m, None, None), defaults::DATA_DIR)?;
            telemetry::init(&settings);
            runtime()?.block_on(import(settings, what))
        }
        Command::Export { what } => {
            let settings = Settings::resolve(gather(&cli, m, None, None), defaults::DATA_DIR)?;
            telemetry::init(&settings);
            runtime()?.block_on(export(settings, what))
        }
        Command::Grid { action } => {
            let settings = Settings::resolve(gather(&cli, m, None, None), defaults::DATA_DIR)?;
            telemetry::init(&settings);
            runtime()?.block_on(grid(settings, action))
        }
        Command::Token { action } => {
            let settings = Settings::resolve(gather(&cli, m, None, None), defaults::DATA_DIR)?;
            telemetry::init(&settings);
            runtime()?.block_on(token(settings, action))
        }
        Command::Keys { action: KeysAction::Rotate } => {
            let settings = Settings::resolve(gather(&cli, m, None, None), defaults::DATA_DIR)?;
            telemetry::init(&settings);
            runtime()?.block_on(rotate(settings))
        }
        Command::Backup { file, key_to, passphrase_env } => {
            let settings = Settings::resolve(gather(&cli, m, None, None), defaults::DATA_DIR)?;
            telemetry::init(&settings);
            let key = match passphrase_env {
                Some(var) => app::system::backup::KeyChoice::Sealed(passphrase(var)?),
                None => app::system::backup::KeyChoice::Separate(key_to.clone()),
            };
            runtime()?.block_on(backup(settings, file, key))
        }
        Command::Restore { file, passphrase_env, force } => {
            let settings = Settings::resolve(gather(&cli, m, None, None), defaults::DATA_DIR)?;
            telemetry::init(&settings);
            let pass = passphrase_env.as_deref().map(passphrase).transpose()?;
            runtime()?.block_on(restore(settings, file, pass, *force))
        }
        Command::Audit { action } => {
            let settings = Settings::resolve(gather(&cli, m, None, None), defaults::DATA_DIR)?;
            telemetry::init(&settings);
            match action {
                AuditAction::Verify => runtime()?.block_on(audit_verify(settings)),
                AuditAction::Archive { before, to } => runtime()?.block_on(audit_archive(settings, before, to)),
            }
        }
        Command::Bench { what: BenchWhat::Bills { houses } } => {
            let scratch = std::env::temp_dir().join(format!("linli-bench-{}", uuid::Uuid::new_v4().simple()));
            let settings = Settings::resolve(gather(&cli, m, None, None), &scratch.to_string_lossy())?;
            telemetry::init(&settings);
            let result = runtime()?.block_on(bench_bills(settings, *houses));
            let _ = std::fs::remove_dir_all(&scratch);
            result
        }
        Command::Bench { what: BenchWhat::Life { at_once, last_places } } => {
            let scratch = std::env::temp_dir().join(format!("linli-bench-{}", uuid::Uuid::new_v4().simple()));
            let settings = Settings::resolve(gather(&cli, m, None, None), &scratch.to_string_lossy())?;
            telemetry::init(&settings);
            let b = life::LifeBench { at_once: *at_once, last_places: *last_places };
            let result = runtime()?.block_on(life::bench_life(settings, b));
            let _ = std::fs::remove_dir_all(&scratch);
            result
        }
        Command::Bench { what: BenchWhat::Wall { at_once, wishes } } => {
            let scratch = std::env::temp_dir().join(format!("linli-bench-{}", uuid::Uuid::new_v4().simple()));
            let settings = Settings::resolve(gather(&cli, m, None, None), &scratch.to_string_lossy())?;
            telemetry::init(&settings);
            let result = runtime()?.block_on(life::bench_wall(settings, *at_once, *wishes));
            let _ = std::fs::remove_dir_all(&scratch);
            result
        }
        Command::Bench { what: BenchWhat::Produce { at_once, last } } => {
            let scratch = std::env::temp_dir().join(format!("linli-bench-{}", uuid::Uuid::new_v4().simple()));
            let settings = Settings::resolve(gather(&cli, m, None, None), &scratch.to_string_lossy())?;
            telemetry::init(&settings);
            let result = runtime()?.block_on(life::bench_produce(settings, *at_once, *last));
            let _ = std::fs::remove_dir_all(&scratch);
            result
        }
        Command::Bench { what: BenchWhat::Reading { readings } } => {
            let scratch = std::env::temp_dir().join(format!("linli-bench-{}", uuid::Uuid::new_v4().simple()));
            let settings = Settings::resolve(gather(&cli, m, None, None), &scratch.to_string_lossy())?;
            telemetry::init(&settings);
            let result = runtime()?.block_on(life::bench_reading(settings, *readings));
            let _ = std::fs::remove_dir_all(&scratch);
            result
        }
        Command::Bench { what: BenchWhat::Daycare { elders } } => {
            let scratch = std::env::temp_dir().join(format!("linli-bench-{}", uuid::Uuid::new_v4().simple()));
            let settings = Settings::resolve(gather(&cli, m, None, None), &scratch.to_string_lossy())?;
            telemetry::init(&settings);
            let result = runtime()?.block_on(life::bench_daycare(settings, *elders));
            let _ = std::fs::remove_dir_all(&scratch);
            result
        }
        Command::Config { serve } => {
            let settings = Settings::resolve(gather(&cli, m, Some(serve), None), defaults::DATA_DIR)?;
            print_config(&settings);
            Ok(())
        }
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::runtime(format!("cannot start the runtime: {e}")))
}

/// Opens the platform for a command-line job (migrating as `serve` would).
async fn open_app(settings: &Settings) -> Result<app::App, Failure> {
    Ok(app::App::start(settings, &mut |m| eprintln!("迁移 / migrating: {} {}", m.version, m.name)).await?)
}

fn refused(e: app::Error) -> Failure {
    match e {
        app::Error::NotFound(what) => Failure { code: 1, message: format!("找不到 / no such {what}") },
        app::Error::RegionNotFound => Failure { code: 1, message: "找不到 / no such region".into() },
        app::Error::Store(linli_store::Error::Conflict { .. }) => {
            Failure { code: 1, message: "已经存在 / this already exists".into() }
        }
        app::Error::Invalid { field, reason } => {
            let (zh, en) = (Lang::Zh.refusal(&reason), Lang::En.refusal(&reason));
            Failure { code: 2, message: format!("{field}: {zh} / {en}") }
        }
        other => Failure::runtime(other.to_string()),
    }
}

fn parse_role(text: &str) -> Result<Role, Failure> {
    Role::parse(text).ok_or_else(|| Failure {
        code: 2,
        message: format!(
            "未知角色 / unknown role {text:?}; one of: {}",
            crate::domain::access::role::ALL.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ")
        ),
    })
}

fn parse_region(text: &str) -> Result<RegionCode, Failure> {
    RegionCode::parse(text).map_err(|e| Failure { code: 2, message: format!("region {text:?}: {e}") })
}

fn parse_community(text: &str) -> Result<CommunityCode, Failure> {
    CommunityCode::parse(text).map_err(|e| Failure { code: 2, message: format!("community {text:?}: {e}") })
}

fn parse_grid(text: &str) -> Result<GridCode, Failure> {
    GridCode::parse(text).map_err(|e| Failure { code: 2, message: format!("grid {text:?}: {e}") })
}
