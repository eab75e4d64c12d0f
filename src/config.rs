//! Settings: flags over environment (`LINLI_*`) over file (`linli.toml`) over
//! defaults. Each value remembers where it came from, for `linli config`.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use linli_store::{PoolSettings, Target};

use crate::domain::registry::region::RegionCode;

/// Where a setting's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A command-line flag.
    Flag,
    /// A `LINLI_*` environment variable.
    Env,
    /// The configuration file.
    File,
    /// The built-in default.
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Source::Flag => "flag",
            Source::Env => "env",
            Source::File => "file",
            Source::Default => "default",
        })
    }
}

/// A value and where it came from.
#[derive(Debug, Clone)]
pub struct Sourced<T> {
    /// The value in force.
    pub value: T,
    /// Its origin.
    pub source: Source,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// One readable line per event.
    Human,
    /// One JSON object per line, for log collectors.
    Json,
}

impl fmt::Display for LogFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LogFormat::Human => "human",
            LogFormat::Json => "json",
        })
    }
}

/// The file `linli.toml`: every key optional, unknown keys refused.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSettings {
    data_dir: Option<PathBuf>,
    database: Option<String>,
    listen: Option<SocketAddr>,
    log: Option<String>,
    log_format: Option<LogFormat>,
    max_body_bytes: Option<usize>,
    request_timeout_secs: Option<u64>,
    db_max_connections: Option<u32>,
    migrate: Option<bool>,
    smtp: Option<String>,
    mail_from: Option<String>,
    pay_sim: Option<bool>,
    public_url: Option<String>,
    trusted_proxies: Option<String>,
    time_zone: Option<String>,
    home_region: Option<String>,
    sms_daily_limit: Option<u32>,
}

/// Values given on the command line or in the environment; `None` where absent.
#[derive(Debug, Clone)]
pub struct Overrides<T> {
    /// The value, if given.
    pub value: Option<T>,
    /// Flag or Env.
    pub source: Option<Source>,
}

impl<T> Default for Overrides<T> {
    fn default() -> Self {
        Overrides { value: None, source: None }
    }
}

/// What the command line and environment said (see `cli`).
#[derive(Debug, Default, Clone)]
pub struct Given {
    /// `--config` / `LINLI_CONFIG`.
    pub config: Overrides<PathBuf>,
    /// `--data-dir` / `LINLI_DATA_DIR`.
    pub data_dir: Overrides<PathBuf>,
    /// `--database` / `LINLI_DATABASE`.
    pub database: Overrides<String>,
    /// `--listen` / `LINLI_LISTEN`.
    pub listen: Overrides<SocketAddr>,
    /// `--log` / `LINLI_LOG`.
    pub log: Overrides<String>,
    /// `--log-format` / `LINLI_LOG_FORMAT`.
    pub log_format: Overrides<LogFormat>,
    /// `--max-body-bytes` / `LINLI_MAX_BODY_BYTES`.
    pub max_body_bytes: Overrides<usize>,
    /// `--request-timeout-secs` / `LINLI_REQUEST_TIMEOUT_SECS`.
    pub request_timeout_secs: Overrides<u64>,
    /// `--db-max-connections` / `LINLI_DB_MAX_CONNECTIONS`.
    pub db_max_connections: Overrides<u32>,
    /// `--sms-daily-limit` / `LINLI_SMS_DAILY_LIMIT`.
    pub sms_daily_limit: Overrides<u32>,
    /// `--no-migrate` / `LINLI_NO_MIGRATE` (inverted into `migrate`).
    pub migrate: Overrides<bool>,
    /// `--smtp` / `LINLI_SMTP`.
    pub smtp: Overrides<String>,
    /// `--mail-from` / `LINLI_MAIL_FROM`.
    pub mail_from: Overrides<String>,
    /// `--pay-sim` / `LINLI_PAY_SIM`.
    pub pay_sim: Overrides<bool>,
    /// `--public-url` / `LINLI_PUBLIC_URL`.
    pub public_url: Overrides<String>,
    /// `--trusted-proxies` / `LINLI_TRUSTED_PROXIES`.
    pub trusted_proxies: Overrides<String>,
    /// `--time-zone` / `LINLI_TIME_ZONE`.
    pub time_zone: Overrides<String>,
    /// `--home-region` / `LINLI_HOME_REGION`.
    pub home_region: Overrides<String>,
}

/// Every setting in force.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The configuration file that was read, if any.
    pub config_file: Sourced<Option<PathBuf>>,
    /// Folder for the SQLite file and uploads.
    pub data_dir: Sourced<PathBuf>,
    /// PostgreSQL (or SQLite) URL; when absent, SQLite in `data_dir`.
    pub database: Sourced<Option<String>>,
    /// Address the server listens on.
    pub listen: Sourced<SocketAddr>,
    /// Log filter (`info`, `linli=debug,tower_http=info`, …).
    pub log: Sourced<String>,
    /// Log line format.
    pub log_format: Sourced<LogFormat>,
    /// Largest request body accepted.
    pub max_body_bytes: Sourced<usize>,
    /// Longest a request may take.
    pub request_timeout_secs: Sourced<u64>,
    /// Database pool size.
    pub db_max_connections: Sourced<u32>,
    /// Payment reminders (催缴短信) a community may send per local day.
    pub sms_daily_limit: Sourced<u32>,
    /// Whether `serve` applies pending migrations at start.
    pub migrate: Sourced<bool>,
    /// Mail relay, `smtp://host:port`; without it no e-mail is sent.
    pub smtp: Sourced<Option<String>>,
    /// The sender of linli's mail.
    pub mail_from: Sourced<String>,
    /// Whether the local payment provider (`/pay-sim/`) takes payments: on
    /// for the demo and tests, off in production, where it would let anyone
    /// mark an order paid.
    pub pay_sim: Sourced<bool>,
    /// The address residents reach linli by (`https://linli.example.cn`),
    /// for links and QR codes; without it, the request's checked `Host`.
    pub public_url: Sourced<Option<String>>,
    /// Where this process serves (`http://127.0.0.1:8080`), once the port is
    /// open: the start of links in messages when no `public_url` is set, so
    /// that an SMS carries an address, not a bare path. Not a setting.
    pub served_at: Option<String>,
    /// Reverse proxies (comma-separated addresses) whose `X-Forwarded-For`
    /// names the client; nobody else's is believed.
    pub trusted_proxies: Sourced<String>,
    /// The zone people's days and months are counted in: a name such as
    /// `Asia/Shanghai` or `Asia/Urumqi`, or an offset such as `+06:00`.
    pub time_zone: Sourced<String>,
    /// The region the deployment serves (a district, say), shown on the
    /// home page with its communities; without it, the lowest region that
    /// holds every community with registry data.
    pub home_region: Sourced<Option<String>>,
}

/// A setting that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The configuration file is unreadable or malformed.
    #[error("配置文件 {path} 有误 / bad configuration file {path}: {reason}")]
    File {
        /// The file.
        path: String,
        /// What is wrong, as one line.
        reason: String,
    },
    /// A value is out of range.
    #[error("设置 {name} 的值无效 / invalid value for {name}: {reason}")]
    Invalid {
        /// The setting.
        name: &'static str,
        /// Why.
        reason: String,
    },
    /// `--database` is not a URL we understand.
    #[error("设置 database 的值无效 / invalid value for database: {0}")]
    Database(#[from] linli_store::Error),
}

/// Built-in defaults.
pub mod defaults {
    /// Where `serve` keeps its data.
    pub const DATA_DIR: &str = "linli-data";
    /// Where `demo` keeps its data.
    pub const DEMO_DATA_DIR: &str = "linli-demo";
    /// Listening address.
    pub const LISTEN: &str = "127.0.0.1:8080";
    /// Log filter.
    pub const LOG: &str = "info";
    /// The sender of linli's mail.
    pub const MAIL_FROM: &str = "linli@localhost";
    /// Body limit: room for a few photos (10 MB each is the upload limit).
    pub const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;
    /// Request timeout.
    pub const REQUEST_TIMEOUT_SECS: u64 = 30;
    /// Pool size.
    pub const DB_MAX_CONNECTIONS: u32 = 16;
    /// Payment reminders a community may send per day.
    pub const SMS_DAILY_LIMIT: u32 = 500;
    /// The zone days and billing months are counted in.
    pub const TIME_ZONE: &str = "Asia/Shanghai";
    /// Configuration file looked for in the working directory.
    pub const CONFIG_FILE: &str = "linli.toml";
}

fn pick<T>(given: Overrides<T>, file: Option<T>, default: T) -> Sourced<T> {
    match (given.value, file) {
        (Some(v), _) => Sourced { value: v, source: given.source.unwrap_or(Source::Flag) },
        (None, Some(v)) => Sourced { value: v, source: Source::File },
        (None, None) => Sourced { value: default, source: Source::Default },
    }
}

fn pick_opt<T>(given: Overrides<T>, file: Option<T>) -> Sourced<Option<T>> {
    match (given.value, file) {
        (Some(v), _) => Sourced { value: Some(v), source: given.source.unwrap_or(Source::Flag) },
        (None, Some(v)) => Sourced { value: Some(v), source: Source::File },
        (None, None) => Sourced { value: None, source: Source::Default },
    }
}

impl Settings {
    /// Resolves settings; `default_data_dir` differs between `serve` and `demo`.
    pub fn resolve(given: Given, default_data_dir: &str) -> Result<Settings, ConfigError> {
        let (config_file, file) = read_file(&given.config)?;
        let s = Settings {
            config_file,
            data_dir: pick(given.data_dir, file.data_dir, PathBuf::from(default_data_dir)),
            database: pick_opt(given.database, file.database),
            listen: pick(given.listen, file.listen, defaults::LISTEN.parse().expect("default address parses")),
            log: pick(given.log, file.log, defaults::LOG.to_owned()),
            log_format: pick(given.log_format, file.log_format, LogFormat::Human),
            max_body_bytes: pick(given.max_body_bytes, file.max_body_bytes, defaults::MAX_BODY_BYTES),
            request_timeout_secs: pick(
                given.request_timeout_secs,
                file.request_timeout_secs,
                defaults::REQUEST_TIMEOUT_SECS,
            ),
            db_max_connections: pick(given.db_max_connections, file.db_max_connections, defaults::DB_MAX_CONNECTIONS),
            sms_daily_limit: pick(given.sms_daily_limit, file.sms_daily_limit, defaults::SMS_DAILY_LIMIT),
            migrate: pick(given.migrate, file.migrate, true),
            smtp: pick_opt(given.smtp, file.smtp),
            mail_from: pick(given.mail_from, file.mail_from, defaults::MAIL_FROM.to_owned()),
            pay_sim: pick(given.pay_sim, file.pay_sim, false),
            public_url: pick_opt(given.public_url, file.public_url),
            served_at: None,
            trusted_proxies: pick(given.trusted_proxies, file.trusted_proxies, String::new()),
            time_zone: pick(given.time_zone, file.time_zone, defaults::TIME_ZONE.to_owned()),
            home_region: pick_opt(given.home_region, file.home_region),
        };
        s.validate()?;
        Ok(s)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        if self.max_body_bytes.value < 1024 {
            return Err(ConfigError::Invalid { name: "max_body_bytes", reason: "must be at least 1024".into() });
        }
        if !(1..=3600).contains(&self.request_timeout_secs.value) {
            return Err(ConfigError::Invalid { name: "request_timeout_secs", reason: "must be 1–3600".into() });
        }
        if !(1..=1000).contains(&self.db_max_connections.value) {
            return Err(ConfigError::Invalid { name: "db_max_connections", reason: "must be 1–1000".into() });
        }
        if !(1..=100_000).contains(&self.sms_daily_limit.value) {
            return Err(ConfigError::Invalid { name: "sms_daily_limit", reason: "must be 1–100000".into() });
        }
        tracing_subscriber::EnvFilter::try_new(&self.log.value)
            .map_err(|e| ConfigError::Invalid { name: "log", reason: e.to_string() })?;
        self.target()?;
        self.smtp_relay()?;
        self.trusted_proxies()?;
        self.zone()?;
        self.home_region()?;
        if let Some(url) = &self.public_url.value {
            let host = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
            if !host.is_some_and(|h| plain_host(h.trim_end_matches('/'))) {
                return Err(ConfigError::Invalid {
                    name: "public_url",
                    reason: "scheme and host only, e.g. https://linli.example.cn".into(),
                });
            }
        }
        if !self.mail_from.value.contains('@') || self.mail_from.value.contains(char::is_whitespace) {
            return Err(ConfigError::Invalid { name: "mail_from", reason: "an address like linli@example.org".into() });
        }
        Ok(())
    }

    /// The mail relay as (host, port), when configured.
    pub fn smtp_relay(&self) -> Result<Option<(String, u16)>, ConfigError> {
        let Some(url) = &self.smtp.value else { return Ok(None) };
        let bad = || ConfigError::Invalid { name: "smtp", reason: "smtp://host:port, e.g. smtp://127.0.0.1:25".into() };
        let rest = url.strip_prefix("smtp://").ok_or_else(bad)?;
        let (host, port) = rest.trim_end_matches('/').rsplit_once(':').ok_or_else(bad)?;
        let port = port.parse().map_err(|_| bad())?;
        if host.is_empty() {
            return Err(bad());
        }
        Ok(Some((host.to_owned(), port)))
    }

    /// The trusted proxies' addresses.
    pub fn trusted_proxies(&self) -> Result<Vec<std::net::IpAddr>, ConfigError> {
        self.trusted_proxies
            .value
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| {
                p.parse().map_err(|_| ConfigError::Invalid {
                    name: "trusted_proxies",
                    reason: format!("{p:?} is not an IP address (comma-separated addresses, e.g. 127.0.0.1,10.0.0.2)"),
                })
            })
            .collect()
    }

    /// The zone days and billing months are counted in.
    pub fn zone(&self) -> Result<crate::domain::time::Zone, ConfigError> {
        crate::domain::time::Zone::parse(&self.time_zone.value)
            .map_err(|e| ConfigError::Invalid { name: "time_zone", reason: e.to_string() })
    }

    /// The home region, when set.
    pub fn home_region(&self) -> Result<Option<RegionCode>, ConfigError> {
        let Some(text) = &self.home_region.value else { return Ok(None) };
        match RegionCode::parse(text) {
            Ok(code) if code.as_str().len() == 12 => Ok(Some(code)),
            _ => Err(ConfigError::Invalid {
                name: "home_region",
                reason: "a region code of 2, 4, 6, 9 or 12 digits, e.g. 141102 (a district)".into(),
            }),
        }
    }

    /// The database to open.
    pub fn target(&self) -> Result<Target, ConfigError> {
        Ok(match &self.database.value {
            Some(url) => Target::parse_url(url)?,
            None => Target::in_data_dir(&self.data_dir.value),
        })
    }

    /// Pool sizes and timeouts.
    pub fn pool(&self) -> PoolSettings {
        PoolSettings { max_connections: self.db_max_connections.value, ..PoolSettings::default() }
    }

    /// The request timeout as a duration.
    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs.value)
    }

    /// Every setting as (name, value, source) rows, for `linli config`.
    pub fn rows(&self) -> Vec<(&'static str, String, Source)> {
        fn row<T: fmt::Display>(name: &'static str, s: &Sourced<T>) -> (&'static str, String, Source) {
            (name, s.value.to_string(), s.source)
        }
        let target = self.target().map(|t| t.redacted()).unwrap_or_else(|e| e.to_string());
        vec![
            (
                "config",
                self.config_file.value.as_ref().map_or("(none)".into(), |p| p.display().to_string()),
                self.config_file.source,
            ),
            ("data_dir", self.data_dir.value.display().to_string(), self.data_dir.source),
            ("database", target, self.database.source),
            row("listen", &self.listen),
            row("log", &self.log),
            row("log_format", &self.log_format),
            row("max_body_bytes", &self.max_body_bytes),
            row("request_timeout_secs", &self.request_timeout_secs),
            row("db_max_connections", &self.db_max_connections),
            row("sms_daily_limit", &self.sms_daily_limit),
            row("migrate", &self.migrate),
            ("smtp", self.smtp.value.clone().unwrap_or_else(|| "(none)".into()), self.smtp.source),
            row("mail_from", &self.mail_from),
            row("pay_sim", &self.pay_sim),
            ("public_url", self.public_url.value.clone().unwrap_or_else(|| "(none)".into()), self.public_url.source),
            row("trusted_proxies", &self.trusted_proxies),
            row("time_zone", &self.time_zone),
            (
                "home_region",
                self.home_region.value.clone().unwrap_or_else(|| "(none: from the registry)".into()),
                self.home_region.source,
            ),
        ]
    }
}

/// A host name, IPv4 or bracketed IPv6 address, with an optional port:
/// what `public_url` may name, and the only `Host` echoed into links.
pub fn plain_host(h: &str) -> bool {
    !h.is_empty()
        && h.len() <= 255
        && h.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        && !h.starts_with(['.', '-', ':'])
}

fn read_file(given: &Overrides<PathBuf>) -> Result<(Sourced<Option<PathBuf>>, FileSettings), ConfigError> {
    let (path, source, required) = match &given.value {
        Some(p) => (p.clone(), given.source.unwrap_or(Source::Flag), true),
        None => (PathBuf::from(defaults::CONFIG_FILE), Source::Default, false),
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let file = parse_file(&path, &text)?;
            Ok((Sourced { value: Some(path), source }, file))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
            Ok((Sourced { value: None, source: Source::Default }, FileSettings::default()))
        }
        Err(e) => Err(ConfigError::File { path: path.display().to_string(), reason: e.to_string() }),
    }
}

fn parse_file(path: &Path, text: &str) -> Result<FileSettings, ConfigError> {
    toml::from_str(text).map_err(|e| ConfigError::File {
        path: path.display().to_string(),
        // toml's messages span several lines; the first says what is wrong.
        reason: e.message().lines().next().unwrap_or("").to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag<T>(v: T) -> Overrides<T> {
        Overrides { value: Some(v), source: Some(Source::Flag) }
    }

    #[test]
    fn flag_beats_file_beats_default() {
        let file = parse_file(Path::new("t.toml"), "listen = \"0.0.0.0:9000\"\nlog = \"debug\"").unwrap();
        let listen =
            pick(flag("127.0.0.1:1".parse::<SocketAddr>().unwrap()), file.listen, "1.1.1.1:1".parse().unwrap());
        assert_eq!((listen.value.port(), listen.source), (1, Source::Flag));
        let log = pick(Overrides::default(), file.log, "info".to_owned());
        assert_eq!((log.value.as_str(), log.source), ("debug", Source::File));
        let fmt = pick(Overrides::default(), file.log_format, LogFormat::Human);
        assert_eq!(fmt.source, Source::Default);
    }

    #[test]
    fn file_with_unknown_key_names_it() {
        let err = parse_file(Path::new("linli.toml"), "listne = \"x\"").unwrap_err().to_string();
        assert!(err.contains("listne"), "{err}");
    }

    #[test]
    fn bad_values_name_the_setting() {
        let given = Given { request_timeout_secs: flag(0), ..Given::default() };
        let err = Settings::resolve(given, defaults::DATA_DIR).unwrap_err().to_string();
        assert!(err.contains("request_timeout_secs"), "{err}");
        let given = Given { database: flag("mysql://x".into()), ..Given::default() };
        assert!(Settings::resolve(given, defaults::DATA_DIR).is_err());
        let given = Given { time_zone: flag("Europe/Berlin".into()), ..Given::default() };
        let err = Settings::resolve(given, defaults::DATA_DIR).unwrap_err().to_string();
        assert!(err.contains("time_zone"), "{err}");
    }

    #[test]
    fn the_zone_is_beijing_time_unless_set() {
        let s = Settings::resolve(Given::default(), defaults::DATA_DIR).unwrap();
        assert_eq!(s.zone().unwrap(), crate::domain::time::Zone::SHANGHAI);
        let file = parse_file(Path::new("t.toml"), "time_zone = \"Asia/Urumqi\"").unwrap();
        let zone = pick(Overrides::default(), file.time_zone, defaults::TIME_ZONE.to_owned());
        assert_eq!(crate::domain::time::Zone::parse(&zone.value).unwrap().to_string(), "+06:00");
    }

    #[test]
    fn the_home_region_is_a_region_code_or_unset() {
        let s = Settings::resolve(Given::default(), defaults::DATA_DIR).unwrap();
        assert_eq!((s.home_region().unwrap(), s.home_region.source), (None, Source::Default));
        let given = Given { home_region: flag("141102".into()), ..Given::default() };
        let s = Settings::resolve(given, defaults::DATA_DIR).unwrap();
        assert_eq!(s.home_region().unwrap().unwrap().as_str(), "141102000000");
        let file = parse_file(Path::new("t.toml"), "home_region = \"141102001002\"").unwrap();
        assert_eq!(file.home_region.as_deref(), Some("141102001002"));
        for bad in ["离石区", "1411020", "141102001002001"] {
            let given = Given { home_region: flag(bad.into()), ..Given::default() };
            let err = Settings::resolve(given, defaults::DATA_DIR).unwrap_err().to_string();
            assert!(err.contains("home_region"), "{bad}: {err}");
        }
    }

    #[test]
    fn sqlite_lives_in_the_data_dir_by_default() {
        let s = Settings::resolve(Given::default(), defaults::DEMO_DATA_DIR).unwrap();
        assert_eq!(s.target().unwrap(), Target::Sqlite(PathBuf::from("linli-demo/linli.db")));
    }
}
