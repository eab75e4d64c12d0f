//! The `linli` command line.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::config::{ConfigError, Given, LogFormat, Overrides, Settings, Source, defaults};
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
    },
    /// Apply pending migrations and exit
    Migrate {
        /// Only print the schema version and what is pending
        #[arg(long)]
        status: bool,
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
    warn_unknown_env();
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
        ..Given::default()
    };
    if let Some(s) = serve {
        g.listen = given(s.listen, m, "listen");
        g.max_body_bytes = given(s.max_body_bytes, m, "max_body_bytes");
        g.request_timeout_secs = given(s.request_timeout_secs, m, "request_timeout_secs");
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
            runtime()?.block_on(serve_until_stopped(settings, false))
        }
        Command::Demo { serve } => {
            let settings = Settings::resolve(gather(&cli, m, Some(serve), None), defaults::DEMO_DATA_DIR)?;
            telemetry::init(&settings);
            runtime()?.block_on(serve_until_stopped(settings, true))
        }
        Command::Migrate { status } => {
            let settings = Settings::resolve(gather(&cli, m, None, None), defaults::DATA_DIR)?;
            telemetry::init(&settings);
            runtime()?.block_on(migrate(settings, *status))
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

async fn serve_until_stopped(settings: Settings, demo_mode: bool) -> Result<(), Failure> {
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
    let app = if demo_mode {
        demo::prepare(&settings).await?
    } else {
        app::App::start(&settings, &mut |m| eprintln!("迁移 / migrating: {} {}", m.version, m.name)).await?
    };
    let addr = listener.local_addr().map_err(|e| Failure::runtime(e.to_string()))?;
    if demo_mode {
        demo::print_banner(&settings, addr);
    } else {
        tracing::info!(%addr, database = %app.target_description(), "linli is serving");
    }
    let result = web::serve(listener, app.clone(), &settings, web::shutdown_signal()).await;
    app.close().await;
    result.map_err(|e| Failure::runtime(format!("server stopped: {e}")))
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
fn warn_unknown_env() {
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
    ];
    for (k, _) in std::env::vars_os() {
        let Some(k) = k.to_str() else { continue };
        if k.starts_with("LINLI_") && !k.starts_with("LINLI_TEST_") && !KNOWN.contains(&k) {
            eprintln!("linli: 警告 / warning: unknown environment variable {k} is ignored");
        }
    }
}
