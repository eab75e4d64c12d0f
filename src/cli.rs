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
use crate::domain::registry::region::RegionCode;
use crate::domain::registry::sheet::Bounds;
use crate::web::i18n::Lang;
use crate::{app, demo, telemetry, web};

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

#[derive(Debug, Subcommand)]
enum BenchWhat {
    /// A month's property-fee bills for a community of N houses, run twice
    /// (the second run must create nothing); on a fresh database in a
    /// temporary folder unless --database or --data-dir is given
    Bills {
        /// How many houses
        #[arg(long, default_value_t = 100_000)]
        houses: usize,
    },
}

#[derive(Debug, Subcommand)]
enum UserAction {
    /// Create an account; prints its initial password alone on the last line
    Add {
        /// Sign-in name (letters, digits, '.', '_', '-')
        #[arg(long)]
        username: Option<String>,
        /// Name shown to others, e.g. 王梦霞
        #[arg(long = "name", value_name = "NAME")]
        display_name: String,
        /// Mobile number (stored encrypted)
        #[arg(long)]
        phone: Option<String>,
        /// Grant this role at once (with --region)
        #[arg(long, requires = "region")]
        role: Option<String>,
        /// Region code the role covers
        #[arg(long, requires = "role")]
        region: Option<String>,
    },
    /// List accounts with their roles (phones masked)
    List,
    /// Grant a role on a region: linli user grant LOGIN ROLE REGION
    Grant { login: String, role: String, region: String },
    /// Take a role away: linli user revoke LOGIN ROLE REGION
    Revoke { login: String, role: String, region: String },
    /// Refuse sign-in and end every session (--enable undoes it)
    Disable {
        login: String,
        #[arg(long)]
        enable: bool,
    },
    /// Set a new initial password (printed alone on the last line) and end every session
    ResetPassword { login: String },
    /// Remove the second factor (a lost phone) and end every session
    ResetTotp { login: String },
    /// Make two-step sign-in mandatory for staff and admin roles: on, off or status
    RequireTotp {
        #[arg(value_parser = ["on", "off", "status"])]
        state: String,
    },
}

#[derive(Debug, Subcommand)]
enum ExportWhat {
    /// Every household and its people (or one grid's)
    Households {
        /// Where to write; the format follows the extension (.xlsx or .csv)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Only this grid (or community, or street) code
        #[arg(long)]
        grid: Option<String>,
        /// Full ID numbers and phones (needs --reason)
        #[arg(long, requires = "reason")]
        full: bool,
        /// Why the full export is needed (written to the audit log)
        #[arg(long)]
        reason: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum ImportWhat {
    /// Load another district's streets or communities (CSV in the format of
    /// the shipped data: code,name,areaCode,… or code,name,streetCode,…)
    Divisions {
        /// The CSV file
        file: PathBuf,
        /// Check and count, write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Meter readings of a metered fee item's period (水电气抄表单): all rows
    /// or none; every bad row is reported with its line
    Readings {
        /// The sheet (XLSX, or CSV in UTF-8 or GBK; columns 楼栋, 单元, 房号, 本期读数, and 换表 for a new meter)
        file: PathBuf,
        /// Community code (12 digits)
        #[arg(long)]
        community: String,
        /// The metered fee item's code, e.g. SF
        #[arg(long)]
        fee: String,
        /// The period, YYYY-MM
        #[arg(long)]
        period: String,
        /// Check and count, write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Residents into one grid: all rows or none; every bad row is reported with its line
    Residents {
        /// The sheet (XLSX, or CSV in UTF-8 or GBK; columns 楼栋, 单元, 房号, 姓名, 身份证号, 联系电话, 与户主关系, 标签 and their synonyms)
        file: PathBuf,
        /// Grid code (community code + 3 digits), see `linli grid list`
        #[arg(long)]
        grid: String,
        /// Check and count, write nothing
        #[arg(long)]
        dry_run: bool,
        /// Update people already registered (by ID number) from the sheet
        /// instead of skipping them
        #[arg(long)]
        update_existing: bool,
        /// When rows are bad, also write them to this XLSX file
        #[arg(long, value_name = "FILE.xlsx")]
        report: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum GridAction {
    /// Add a grid to a community: linli grid add COMMUNITY NUMBER NAME
    Add { community: String, number: u16, name: String },
    /// List the grids of a community
    List { community: String },
}

#[derive(Debug, Subcommand)]
enum TokenAction {
    /// Make a token; prints it alone on the last line (it is never shown again)
    Add {
        /// Unique name, e.g. open311-app or kiosk-shengtaiyuan-1
        #[arg(long)]
        name: String,
        /// What it may do: open311, kiosk, audit, gateway (repeat or comma-separate)
        #[arg(long = "scope", required = true, value_delimiter = ',')]
        scopes: Vec<String>,
        /// Region it may act in [default: 141102, the district]
        #[arg(long, default_value = "141102")]
        region: String,
    },
    /// List tokens (never the tokens themselves)
    List,
    /// Revoke a token by name or id
    Revoke { name: String },
}

#[derive(Debug, Subcommand)]
enum KeysAction {
    /// Re-encrypt every personal value with a new key, while linli keeps running
    Rotate,
}

#[derive(Debug, Subcommand)]
enum AuditAction {
    /// Walk the hash chain and report the first broken link
    Verify,
    /// Move entries older than a date (at least 180 days ago) to a new JSON-lines file
    Archive {
        /// Archive entries before this day (YYYY-MM-DD, UTC)
        #[arg(long)]
        before: String,
        /// The file to write (must not exist)
        #[arg(long)]
        to: PathBuf,
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

async fn serve_until_stopped(mut settings: Settings, demo: Option<crate::demo_town::Scale>) -> Result<(), Failure> {
    if demo.is_some() {
        demo::adjust(&mut settings);
    }
    // Before the port opens, so that an early SIGTERM still stops gracefully.
    let shutdown = web::shutdown_signal();
    let listen = settings.listen.value;
    let listener = tokio::net::TcpListener::bind(listen).await.map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            Failure::runtime(format!(
                "端口 {} 已被占用，请换一个端口（--listen）/ port {} on {} is already in use; choose another with --listen",
                listen.port(),
                listen.port(),
                listen.ip()
            ))
        } else {
            Failure::runtime(format!("无法监听 {listen} / cannot listen on {listen}: {e}"))
        }
    })?;
    let app = if let Some(scale) = demo {
        demo::prepare(&settings, scale).await?
    } else {
        app::App::start(&settings, &mut |m| eprintln!("迁移 / migrating: {} {}", m.version, m.name)).await?
    };
    let addr = listener.local_addr().map_err(|e| Failure::runtime(e.to_string()))?;
    if demo.is_some() {
        demo::print_banner(&settings, addr);
    } else {
        tracing::info!(%addr, database = %app.target_description(), "linli is serving");
        if app.has_no_accounts().await.unwrap_or(false) {
            tracing::warn!(
                "还没有任何账号。创建第一个系统管理员 / no accounts yet; create the first system admin with: linli user add --username admin --name 系统管理员 --role system_admin --region 141102{}",
                settings.database.value.as_ref().map_or_else(
                    || format!(" --data-dir {}", settings.data_dir.value.display()),
                    |_| " --database …".to_owned()
                )
            );
        }
    }
    // The deadline checks (督办, and applications' promised dates) run in
    // this process every minute; alerts are claimed in the database, so a second server sends none twice.
    let checker = app.clone();
    let deadlines = tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            every.tick().await;
            match checker.check_deadlines(chrono::Utc::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(alerts = n, "deadline alerts sent"),
                Err(e) => tracing::warn!(error = %e, "deadline check failed"),
            }
            match checker.check_application_deadlines(chrono::Utc::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(warnings = n, "application deadline warnings sent"),
                Err(e) => tracing::warn!(error = %e, "application deadline check failed"),
            }
            if let Err(e) = checker.forget_old_attempts().await {
                tracing::warn!(error = %e, "forgetting old rate-limit counters failed");
            }
        }
    });
    // E-mail goes out through the relay when one is configured.
    let mail = settings.smtp_relay().ok().flatten().map(|(host, port)| {
        let mailer = app::notify::mail::Mailer::new(host, port, settings.mail_from.value.clone());
        let sender = app.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(std::time::Duration::from_secs(10));
            loop {
                every.tick().await;
                match sender.deliver_mail(&mailer, chrono::Utc::now()).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(mails = n, "mail sent"),
                    Err(e) => tracing::warn!(error = %e, "mail delivery failed"),
                }
            }
        })
    });
    let result = web::serve(listener, app.clone(), &settings, shutdown).await;
    deadlines.abort();
    if let Some(m) = mail {
        m.abort();
    }
    app.close().await;
    result.map_err(|e| Failure::runtime(format!("server stopped: {e}")))
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

async fn user(settings: Settings, action: &UserAction) -> Result<(), Failure> {
    let app = open_app(&settings).await?;
    let actor = Actor::cli();
    let result = async {
        match action {
            UserAction::Add { username, display_name, phone, role, region } => {
                let phone = phone
                    .as_deref()
                    .map(Phone::parse)
                    .transpose()
                    .map_err(|e| Failure { code: 2, message: format!("phone: {e}") })?;
                let grant = match (role, region) {
                    (Some(r), Some(c)) => Some((parse_role(r)?, parse_region(c)?)),
                    _ => None,
                };
                let new = NewAccount { username: username.clone(), display_name: display_name.clone(), phone };
                let (account, password) = app.create_account(&actor, new).await.map_err(refused)?;
                if let Some((role, code)) = grant {
                    app.grant(&actor, &account.row, role, &code).await.map_err(refused)?;
                    println!("已授予 / granted: {} {} on {}", account.login_label(), role.as_str(), code);
                }
                println!("已创建账号 / created: {} ({})", account.login_label(), account.row.display_name);
                println!("初始密码（首次登录须修改）/ initial password (must be changed at first sign-in):");
                println!("{password}");
            }
            UserAction::List => {
                println!("{:<20} {:<16} {:<14} {:<9} ROLES", "LOGIN", "NAME", "PHONE", "STATE");
                for a in app.list_accounts().await.map_err(refused)? {
                    let roles: Vec<String> = a.grants.iter().map(|(r, c)| format!("{}@{c}", r.as_str())).collect();
                    let state = if a.row.disabled {
                        "disabled"
                    } else if a.row.must_change_password {
                        "initial"
                    } else {
                        "active"
                    };
                    println!(
                        "{:<20} {:<16} {:<14} {:<9} {}",
                        a.row.username.as_deref().unwrap_or("-"),
                        a.row.display_name,
                        a.phone_masked.as_deref().unwrap_or("-"),
                        state,
                        roles.join(" ")
                    );
                }
            }
            UserAction::Grant { login, role, region } => {
                let (role, code) = (parse_role(role)?, parse_region(region)?);
                let account = app.account_by_login(login).await.map_err(refused)?;
                let added = app.grant(&actor, &account, role, &code).await.map_err(refused)?;
                println!(
                    "{} / {}",
                    if added { "已授予" } else { "已有此角色" },
                    if added { "granted" } else { "already held" }
                );
            }
            UserAction::Revoke { login, role, region } => {
                let (role, code) = (parse_role(role)?, parse_region(region)?);
                let account = app.account_by_login(login).await.map_err(refused)?;
                let removed = app.revoke(&actor, &account, role, &code).await.map_err(refused)?;
                if !removed {
                    return Err(Failure::runtime("没有这个角色 / the account does not hold this role there"));
                }
                println!("已撤销 / revoked");
            }
            UserAction::Disable { login, enable } => {
                let account = app.account_by_login(login).await.map_err(refused)?;
                app.set_disabled(&actor, &account, !enable).await.map_err(refused)?;
                println!(
                    "{}",
                    if *enable {
                        "已启用 / enabled"
                    } else {
                        "已停用，所有会话已结束 / disabled, every session ended"
                    }
                );
            }
            UserAction::ResetTotp { login } => {
                let account = app.account_by_login(login).await.map_err(refused)?;
                app.remove_second_factor(&actor, &account).await.map_err(refused)?;
                println!("已移除两步验证，所有会话已结束 / second factor removed, every session ended");
            }
            UserAction::RequireTotp { state } => {
                if state != "status" {
                    app.set_second_factor_required(&actor, state == "on").await.map_err(refused)?;
                }
                let on = app.second_factor_required().await.map_err(refused)?;
                println!(
                    "工作人员两步验证 / two-step sign-in for staff: {}",
                    if on { "必须 / required" } else { "可选 / optional" }
                );
            }
            UserAction::ResetPassword { login } => {
                let account = app.account_by_login(login).await.map_err(refused)?;
                let password = app.reset_password(&actor, &account).await.map_err(refused)?;
                println!("新的初始密码（首次登录须修改）/ new initial password (must be changed at first sign-in):");
                println!("{password}");
            }
        }
        Ok(())
    }
    .await;
    app.close().await;
    result
}

async fn token(settings: Settings, action: &TokenAction) -> Result<(), Failure> {
    let app = open_app(&settings).await?;
    let actor = Actor::cli();
    let result = async {
        match action {
            TokenAction::Add { name, scopes, region } => {
                let scopes = scopes
                    .iter()
                    .map(|s| {
                        Scope::parse(s).ok_or_else(|| Failure {
                            code: 2,
                            message: format!("未知权限 / unknown scope {s:?}; one of: open311, kiosk, audit, gateway"),
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                let region = parse_region(region)?;
                let (row, token) = app.create_token(&actor, name, &scopes, &region).await.map_err(refused)?;
                println!(
                    "已创建令牌 / created token {} ({}) scopes={} region={}",
                    row.name, row.id, row.scopes, row.region_code
                );
                println!("请立即保存，令牌不会再次显示 / save it now, it is not shown again:");
                println!("{token}");
            }
            TokenAction::List => {
                println!(
                    "{:<24} {:<36} {:<20} {:<13} {:<17} STATE",
                    "NAME", "ID", "SCOPES", "REGION", "LAST USED (UTC)"
                );
                for t in app.list_tokens().await.map_err(refused)? {
                    let used = t.last_used_at.map_or("-".to_owned(), |t| t.format("%Y-%m-%d %H:%M").to_string());
                    let state = if t.revoked_at.is_some() { "revoked" } else { "active" };
                    println!("{:<24} {:<36} {:<20} {:<13} {:<17} {state}", t.name, t.id, t.scopes, t.region_code, used);
                }
            }
            TokenAction::Revoke { name } => {
                let revoked = app.revoke_token(&actor, name).await.map_err(refused)?;
                println!("{}", if revoked { "已撤销 / revoked" } else { "早已撤销 / was already revoked" });
            }
        }
        Ok(())
    }
    .await;
    app.close().await;
    result
}

async fn import(settings: Settings, what: &ImportWhat) -> Result<(), Failure> {
    let (file, grid, dry_run, update_existing, report) = match what {
        ImportWhat::Residents { file, grid, dry_run, update_existing, report } => {
            (file, grid, dry_run, update_existing, report)
        }
        ImportWhat::Divisions { file, dry_run } => return import_divisions(settings, file, *dry_run).await,
        ImportWhat::Readings { file, community, fee, period, dry_run } => {
            return import_readings(settings, file, (community, fee, period), *dry_run).await;
        }
    };
    let bytes =
        std::fs::read(file).map_err(|e| Failure::runtime(format!("无法读取 / cannot read {}: {e}", file.display())))?;
    let today = chrono::Utc::now().date_naive();
    let (rows, problems) = crate::domain::registry::sheet::read_residents_file_within(&bytes, today, &Bounds::OPERATOR)
        .map_err(|e| Failure::runtime(e.to_string()))?;
    if !problems.is_empty() {
        for p in &problems {
            println!("第 {} 行 [{}]：{}", p.line, p.column, p.message);
        }
        if let Some(path) = report {
            let bytes = crate::domain::registry::sheet::problems_xlsx(&problems).map_err(Failure::runtime)?;
            crate::app::system::keys::write_private_file(path, &bytes)
                .map_err(|e| Failure::runtime(format!("无法写入 / cannot write {}: {e}", path.display())))?;
            println!("问题清单已写入 / bad rows written to {}", path.display());
        }
        let lines: std::collections::BTreeSet<usize> = problems.iter().map(|p| p.line).collect();
        return Err(Failure::runtime(format!(
            "{} 行有问题，未导入任何数据；改正后重新导入 / {} bad rows, nothing imported; fix them and import again",
            lines.len(),
            lines.len()
        )));
    }
    let app = open_app(&settings).await?;
    let source = file.display().to_string();
    let on_existing = if *update_existing { OnExisting::Update } else { OnExisting::Skip };
    let mode = Mode { on_existing, dry_run: *dry_run };
    let result = app
        .import_residents(&Actor::cli(), grid.trim(), &source, rows.into(), mode, |done, total| {
            // One line that counts up (a terminal rewrites it in place).
            eprint!("\r  导入 / importing {done}/{total} ({}%)", (done * 100).checked_div(total).unwrap_or(100));
        })
        .await;
    eprintln!();
    app.close().await;
    let r = result.map_err(refused)?;
    println!(
        "{}{} 行：新增 {} 栋楼、{} 户、{} 人；已登记而跳过 {} 人，更新 {} 人 / rows {}: {} buildings, {} households, {} people added; {} already registered, skipped; {} updated",
        if r.dry_run { "（试运行，未写入 / dry run, nothing written）" } else { "" },
        r.rows,
        r.buildings,
        r.households,
        r.people,
        r.skipped,
        r.updated,
        r.rows,
        r.buildings,
        r.households,
        r.people,
        r.skipped,
        r.updated
    );
    Ok(())
}

async fn import_readings(
    settings: Settings,
    file: &std::path::Path,
    (community, fee, period): (&str, &str, &str),
    dry_run: bool,
) -> Result<(), Failure> {
    let bytes =
        std::fs::read(file).map_err(|e| Failure::runtime(format!("无法读取 / cannot read {}: {e}", file.display())))?;
    let table = crate::domain::registry::sheet::read_table_within(&bytes, &Bounds::OPERATOR)
        .map_err(|e| Failure::runtime(e.to_string()))?;
    let (rows, problems) =
        crate::domain::bills::meter_sheet::read(&table).map_err(|e| Failure::runtime(e.to_string()))?;
    let app = open_app(&settings).await?;
    let who = (&Actor::cli(), "cli".to_owned());
    let result = app
        .readings_import(who, community.trim(), (fee, period), (&rows, problems, dry_run), &mut |done, total| {
            eprint!("\r  导入 / importing {done}/{total} ({}%)", (done * 100).checked_div(total).unwrap_or(100));
        })
        .await;
    eprintln!();
    app.close().await;
    match result.map_err(refused)? {
        Ok(r) => {
            let dry = if r.dry_run { "（试运行，未写入 / dry run, nothing written）" } else { "" };
            println!("{dry}{} 行，写入抄表 {} 条 / rows {}: {} readings written", r.rows, r.written, r.rows, r.written);
            Ok(())
        }
        Err(problems) => {
            for p in &problems {
                println!("第 {} 行 [{}]：{}", p.line, p.column, p.message);
            }
            let lines: std::collections::BTreeSet<usize> = problems.iter().map(|p| p.line).collect();
            Err(Failure::runtime(format!(
                "{} 行有问题，未导入任何数据；改正后重新导入 / {} bad rows, nothing imported; fix them and import again",
                lines.len(),
                lines.len()
            )))
        }
    }
}

async fn import_divisions(settings: Settings, file: &std::path::Path, dry_run: bool) -> Result<(), Failure> {
    let bytes =
        std::fs::read(file).map_err(|e| Failure::runtime(format!("无法读取 / cannot read {}: {e}", file.display())))?;
    let text = crate::domain::registry::sheet::decode(&bytes).map_err(|e| Failure::runtime(e.to_string()))?;
    let app = open_app(&settings).await?;
    let result = app.import_divisions(&Actor::cli(), &text, dry_run).await;
    app.close().await;
    match result {
        Ok(r) => {
            let dry = if dry_run { "（试运行，未写入 / dry run, nothing written）" } else { "" };
            println!(
                "{dry}{}：新增 {}，更名 {} / {}: {} added, {} updated",
                r.level, r.added, r.updated, r.level, r.added, r.updated
            );
            Ok(())
        }
        Err(crate::app::registry::region::DivisionError::Lines(lines)) => {
            for (line, message) in &lines {
                println!("第 {line} 行：{message}");
            }
            Err(Failure::runtime(format!(
                "{} 行有问题，未导入任何数据 / {} bad lines, nothing imported",
                lines.len(),
                lines.len()
            )))
        }
        Err(crate::app::registry::region::DivisionError::App(e)) => Err(refused(e)),
    }
}

async fn export(settings: Settings, what: &ExportWhat) -> Result<(), Failure> {
    let ExportWhat::Households { out, grid, full, reason } = what;
    let xlsx = match out.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("xlsx") => true,
        Some("csv") => false,
        _ => return Err(Failure::runtime("--out 应以 .xlsx 或 .csv 结尾 / --out must end in .xlsx or .csv")),
    };
    let app = open_app(&settings).await?;
    let full_reason = if *full { reason.as_deref() } else { None };
    let result = app
        .export_households_cli(grid.as_deref().map(str::trim), full_reason, &mut |done, total| {
            eprint!("\r  {done}/{total} 户 / households");
        })
        .await;
    eprintln!();
    app.close().await;
    let rows = result.map_err(refused)?;
    use crate::domain::export;
    let bytes = if xlsx {
        export::xlsx("住户", &export::HOUSEHOLD_COLUMNS, &rows)
    } else {
        export::csv(&export::HOUSEHOLD_COLUMNS, &rows)
    }
    .map_err(Failure::runtime)?;
    crate::app::system::keys::write_private_file(out, &bytes)
        .map_err(|e| Failure::runtime(format!("无法写入 / cannot write {}: {e}", out.display())))?;
    println!("已导出 {} 人到 {} / exported {} people to {}", rows.len(), out.display(), rows.len(), out.display());
    Ok(())
}

async fn grid(settings: Settings, action: &GridAction) -> Result<(), Failure> {
    let app = open_app(&settings).await?;
    let result = match action {
        GridAction::Add { community, number, name } => {
            let community = parse_region(community)?;
            app.add_grid(&Actor::cli(), community.as_str(), *number, name).await.map(|code| {
                println!("已创建网格 / created grid {code} {name}");
            })
        }
        GridAction::List { community } => {
            let community = parse_region(community)?;
            app.region(&community).await.map(|v| {
                for g in v.children {
                    println!("{}  {}", g.code, g.name);
                }
            })
        }
    };
    app.close().await;
    result.map_err(refused)
}

async fn rotate(settings: Settings) -> Result<(), Failure> {
    let app = open_app(&settings).await?;
    let result =
        app.rotate_keys(&Actor::cli(), |done, total| eprintln!("  已重新加密 / re-sealed {done}/{total}")).await;
    app.close().await;
    let r = result.map_err(refused)?;
    println!("新密钥 / new key {}: re-sealed {} accounts, dropped {} old key(s)", r.key_id, r.resealed, r.dropped_keys);
    if r.kept_keys > 0 {
        println!(
            "仍有数据使用旧密钥，已保留，请稍后再运行一次 / {} old key(s) kept: some values still use them; run again later",
            r.kept_keys
        );
    }
    println!("请备份新的密钥文件 / back up the new key file with the database");
    Ok(())
}

async fn audit_archive(settings: Settings, before: &str, to: &std::path::Path) -> Result<(), Failure> {
    let day = chrono::NaiveDate::parse_from_str(before.trim(), "%Y-%m-%d")
        .map_err(|_| Failure { code: 2, message: format!("--before {before:?}: a date is YYYY-MM-DD") })?;
    let before = day.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc();
    let app = open_app(&settings).await?;
    let result = app
        .archive_audit(&Actor::cli(), before, app::access::archive::KEEP_DAYS, to, |n| {
            eprintln!("  已归档 / archived {n}")
        })
        .await;
    app.close().await;
    let done = result.map_err(refused)?;
    match done.through_seq {
        Some(seq) => println!(
            "已归档 {} 条（至第 {seq} 条）到 {} / archived {} entries (through {seq}) to {}",
            done.entries,
            to.display(),
            done.entries,
            to.display()
        ),
        None => println!("没有需要归档的记录 / nothing older than that to archive"),
    }
    Ok(())
}

/// A passphrase from the named environment variable (never a flag: flags
/// show in the process list and the shell's history).
fn passphrase(var: &str) -> Result<String, Failure> {
    match std::env::var(var) {
        Ok(p) if p.chars().count() >= 12 => Ok(p),
        Ok(_) => Err(Failure {
            code: 2,
            message: format!("{var}: 口令至少 12 个字符 / the passphrase needs 12 characters or more"),
        }),
        Err(_) => {
            Err(Failure { code: 2, message: format!("{var}: 环境变量未设置 / environment variable not set") })
        }
    }
}

/// Prints `label: 42% (12.0 / 28.5 MB)` at most every whole percent.
fn progress_printer(label: &'static str) -> impl FnMut(u64, u64) + Send {
    let mut shown = None;
    move |done, total| {
        let pct = done.saturating_mul(100).checked_div(total).unwrap_or(100).min(100);
        if shown != Some(pct) {
            shown = Some(pct);
            let mb = |b: u64| b as f64 / 1_048_576.0;
            eprintln!("  {label}: {pct:>3}% ({:.1} / {:.1} MB)", mb(done), mb(total));
        }
    }
}

fn backup_failed(e: app::system::backup::BackupError) -> Failure {
    use app::system::backup::BackupError as E;
    let code = match e {
        E::Exists(_) | E::NotABackup { .. } | E::Occupied(_) | E::OtherKey(_) | E::WrongPassphrase => 2,
        E::InUse | E::KeyMismatch { .. } => 2,
        _ => 1,
    };
    Failure { code, message: e.to_string() }
}

async fn backup(
    settings: Settings,
    file: &std::path::Path,
    key: app::system::backup::KeyChoice,
) -> Result<(), Failure> {
    let copy_to = match &key {
        app::system::backup::KeyChoice::Separate(to) => to.clone(),
        app::system::backup::KeyChoice::Sealed(_) => None,
    };
    let made = app::system::backup::backup(&settings, file, key, progress_printer("备份 / backup"))
        .await
        .map_err(backup_failed)?;
    println!("备份完成 / backup written: {} ({} bytes)", file.display(), made.bytes);
    if made.key_sealed {
        println!(
            "密钥 {} 已用口令封存在备份中 / key {} is sealed in the backup with the passphrase",
            made.key_id, made.key_id
        );
    } else if let Some(to) = copy_to {
        println!(
            "密钥 {} 已另存到 {} ，请与备份分开保管 / key {} copied to {}: keep it apart from the backup",
            made.key_id,
            to.display(),
            made.key_id,
            to.display()
        );
    } else {
        println!(
            "注意：密钥 {} 不在备份中，恢复时需要数据目录中的 linli.key / note: key {} is not in the backup; restoring needs the data folder's linli.key",
            made.key_id, made.key_id
        );
    }
    Ok(())
}

async fn restore(settings: Settings, file: &std::path::Path, pass: Option<String>, force: bool) -> Result<(), Failure> {
    let done =
        app::system::backup::restore(&settings, file, pass.as_deref(), force, progress_printer("恢复 / restore"))
            .await
            .map_err(backup_failed)?;
    if let Some(old) = &done.kept_old {
        println!("原数据库已改名保留 / the database that was there is kept as {}", old.display());
    }
    if done.key_unsealed {
        println!("密钥已从备份中取出 / the key was taken out of the backup");
    }
    // The restored copy is checked as the server would use it: migrated, chain intact.
    let app = open_app(&settings).await?;
    let verdict = app.verify_audit(|_| {}).await.map_err(refused);
    app.close().await;
    match verdict? {
        Verdict::Intact { entries } => {
            println!(
                "已恢复到 {} 的备份；审计日志完整（{entries} 条）/ restored the backup of {}; audit log intact ({entries} entries)",
                done.taken_at, done.taken_at
            );
            Ok(())
        }
        Verdict::Broken { seq } => Err(Failure::runtime(format!(
            "已恢复，但审计日志第 {seq} 条不完整 / restored, but the audit log is broken at entry {seq}"
        ))),
    }
}

async fn audit_verify(settings: Settings) -> Result<(), Failure> {
    let app = open_app(&settings).await?;
    let verdict = app.verify_audit(|n| eprintln!("  已核对 / checked {n}")).await.map_err(refused);
    app.close().await;
    match verdict? {
        Verdict::Intact { entries } => {
            println!("审计日志完整 / audit log intact: {entries} entries");
            Ok(())
        }
        Verdict::Broken { seq } => Err(Failure::runtime(format!(
            "审计日志第 {seq} 条被改动或缺失 / audit log broken at entry {seq}: it or the one before was altered or removed"
        ))),
    }
}

async fn migrate(settings: Settings, status_only: bool) -> Result<(), Failure> {
    let db = app::open(&settings).await?;
    let status = linli_store::migrations::status(&db).await.map_err(app::StartError::from)?;
    println!("数据库 / database: {}", settings.target()?.redacted());
    println!("版本 / schema version: {} (本程序最新 / newest known: {})", status.current, status.latest);
    if status_only {
        let pending = status.latest - status.current;
        println!("待迁移 / pending: {pending}");
    } else {
        let applied = linli_store::migrations::migrate(&db, |m| {
            println!("  → {:>4} {}", m.version, m.name);
        })
        .await
        .map_err(app::StartError::from)?;
        println!("已应用 / applied: {}", applied.len());
    }
    db.close().await;
    Ok(())
}

fn print_config(s: &Settings) {
    println!("{:<22} {:<44} SOURCE", "SETTING", "VALUE");
    for (name, value, source) in s.rows() {
        println!("{name:<22} {value:<44} {source}");
    }
}

/// A misspelt `LINLI_*` variable would silently do nothing; say so.
fn warn_unknown_env(also_known: Option<&str>) {
    const KNOWN: &[&str] = &[
        "LINLI_CONFIG",
        "LINLI_DATA_DIR",
        "LINLI_DATABASE",
        "LINLI_LISTEN",
        "LINLI_LOG",
        "LINLI_LOG_FORMAT",
        "LINLI_MAX_BODY_BYTES",
        "LINLI_REQUEST_TIMEOUT_SECS",
        "LINLI_DB_MAX_CONNECTIONS",
        "LINLI_NO_MIGRATE",
        "LINLI_SECRET_KEY",
        "LINLI_SMTP",
        "LINLI_MAIL_FROM",
        "LINLI_PAY_SIM",
        "LINLI_PUBLIC_URL",
        "LINLI_TRUSTED_PROXIES",
        "LINLI_TIME_ZONE",
        "LINLI_HOME_REGION",
    ];
    for (k, _) in std::env::vars_os() {
        let Some(k) = k.to_str() else { continue };
        if k.starts_with("LINLI_") && !k.starts_with("LINLI_TEST_") && !KNOWN.contains(&k) && Some(k) != also_known {
            eprintln!("linli: 警告 / warning: unknown environment variable {k} is ignored");
        }
    }
}

/// `linli bench bills`: builds a community of `houses` houses in one bulk
/// load, then times a month's property-fee bill run, twice.
async fn bench_bills(settings: Settings, houses: usize) -> Result<(), Failure> {
    use linli_store::registry::building::{NewBuilding, insert_buildings};
    use linli_store::registry::household::{NewHouse, insert_houses};
    let app = app::App::start(&settings, &mut |_| {}).await.map_err(|e| Failure::runtime(e.to_string()))?;
    let actor = Actor::cli();
    let community = "141102001002";
    let grid = app.add_grid(&actor, community, 1, "压测网格").await.map_err(refused)?;
    eprintln!("登记 {houses} 户 / registering {houses} houses");
    let mut buildings = Vec::new();
    let mut rows = Vec::with_capacity(houses);
    for i in 0..houses {
        if i % 96 == 0 {
            buildings.push(NewBuilding {
                community_id: community.into(),
                id: uuid::Uuid::now_v7(),
                grid_code: grid.clone(),
                name: format!("压测小区{}号楼", buildings.len() + 1),
                qr_token: format!("{:024}", buildings.len()),
            });
        }
        rows.push(NewHouse {
            community_id: community.into(),
            id: uuid::Uuid::now_v7(),
            building_id: buildings.last().expect("a building").id,
            unit: format!("{}", i % 96 / 24 + 1),
            room: format!("{}{:02}", i % 24 / 2 + 1, i % 2 + 1),
            area_centi_m2: 4500 + (i as i64 * 7919) % 9500,
            house_use: "自住".into(),
        });
    }
    let load = async {
        let mut tx = app.db().begin().await?;
        tx.defer_constraints().await?;
        insert_buildings(&mut tx, &buildings).await?;
        for chunk in rows.chunks(10_000) {
            insert_houses(&mut tx, chunk).await?;
        }
        tx.commit().await?;
        app.db().analyze(&["building", "house"]).await
    };
    load.await.map_err(|e| Failure::runtime(e.to_string()))?;
    let fee = app::bills::fee::FeeItem {
        code: "WY".into(),
        name: "物业费".into(),
        pricing: crate::domain::bills::bill::Pricing::PerArea { fen_per_m2: 120 },
        unit: String::new(),
        active: true,
    };
    app.put_fee_item(&actor, community, fee).await.map_err(refused)?;
    for round in ["第一次 / first run", "第二次 / second run"] {
        let started = std::time::Instant::now();
        let mut last = 0;
        let run = app
            .bill_run(&actor, community, ("WY", "2026-11"), (None, None), &mut |done, total| {
                if done * 10 / total.max(1) > last {
                    last = done * 10 / total.max(1);
                    eprintln!("  {done}/{total}");
                }
            })
            .await
            .map_err(refused)?;
        println!(
            "{round}: {} 张新账单 / new bills, {} 已有 / existing, {:.2} s ({})",
            run.created,
            run.existing,
            started.elapsed().as_secs_f64(),
            app.db().backend().name()
        );
    }
    app.close().await;
    Ok(())
}
