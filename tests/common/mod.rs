//! Test harness: starts the real app on a random port with a fresh database
//! and talks HTTP to it. PostgreSQL when `LINLI_TEST_POSTGRES` holds a URL
//! (each test in its own schema), SQLite in a temporary folder otherwise.
#![allow(dead_code)]

use std::io::Write;
use std::sync::Once;

use linli::app::App;
use linli::config::{Given, Overrides, Settings, Source, defaults};
use linli::web;
use tokio::sync::oneshot;

/// Which engine this run uses.
pub enum Engine {
    /// A fresh SQLite file in its own folder.
    Sqlite(tempfile::TempDir),
    /// A fresh schema in the test PostgreSQL database.
    Postgres { base: String, schema: String },
}

static NOTICE: Once = Once::new();

/// Says once, on the real stderr (test capture does not hide it), which
/// engine runs and that the PostgreSQL half is skipped when it is.
fn notice(msg: &str) {
    NOTICE.call_once(|| {
        let _ = writeln!(std::io::stderr(), "{msg}");
    });
}

/// The PostgreSQL URL for tests, if configured.
pub fn postgres_url() -> Option<String> {
    std::env::var("LINLI_TEST_POSTGRES").ok().filter(|s| !s.is_empty())
}

fn with_search_path(base: &str, schema: &str) -> String {
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}options=-c%20search_path%3D{schema}")
}

/// Creates a fresh, empty PostgreSQL schema and returns a URL that uses it.
pub async fn fresh_postgres_schema(base: &str) -> (String, String) {
    use sqlx::Connection;
    let schema = format!("linli_t_{}", uuid::Uuid::now_v7().simple());
    let mut conn = sqlx::PgConnection::connect(base).await.expect("LINLI_TEST_POSTGRES is reachable");
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(&mut conn)
        .await
        .expect("create schema");
    conn.close().await.ok();
    (with_search_path(base, &schema), schema)
}

/// Drops test schemas left behind by runs that died: their names carry a
/// UUIDv7, whose first 48 bits are the creation time in milliseconds.
async fn drop_stale_schemas(base: &str) {
    use sqlx::{Connection, Row};
    let Ok(mut conn) = sqlx::PgConnection::connect(base).await else { return };
    let names: Vec<String> = sqlx::query("SELECT nspname::text FROM pg_namespace WHERE nspname LIKE 'linli_t_%'")
        .fetch_all(&mut conn)
        .await
        .map(|rows| rows.iter().map(|r| r.get::<String, _>(0)).collect())
        .unwrap_or_default();
    let now_ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as u64;
    for name in names {
        let created =
            u64::from_str_radix(name.trim_start_matches("linli_t_").get(..12).unwrap_or("0"), 16).unwrap_or(0);
        if now_ms.saturating_sub(created) > 3_600_000 {
            let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(format!("DROP SCHEMA IF EXISTS {name} CASCADE")))
                .execute(&mut conn)
                .await;
        }
    }
    conn.close().await.ok();
}

fn drop_postgres_schema(base: String, schema: String) {
    // Drop may run inside the test's runtime: never block it (its pool may
    // still have to roll something back); a thread of its own does the work,
    // and schemas a dying run leaves are dropped by the next run.
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        rt.block_on(async {
            use sqlx::Connection;
            if let Ok(mut c) = sqlx::PgConnection::connect(&base).await {
                let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(format!("DROP SCHEMA IF EXISTS {schema} CASCADE")))
                    .execute(&mut c)
                    .await;
            }
        });
    });
}

impl Engine {
    /// A fresh database of the engine this run tests.
    pub async fn fresh() -> Engine {
        match postgres_url() {
            Some(base) => {
                static STALE: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
                STALE.get_or_init(|| drop_stale_schemas(&base)).await;
                notice("linli tests: running on PostgreSQL (LINLI_TEST_POSTGRES)");
                let (_, schema) = fresh_postgres_schema(&base).await;
                Engine::Postgres { base, schema }
            }
            None => {
                notice(
                    "linli tests: running on SQLite. PostgreSQL half SKIPPED: set LINLI_TEST_POSTGRES=postgres://… to run it",
                );
                Engine::Sqlite(tempfile::tempdir().expect("temp dir"))
            }
        }
    }

    /// Settings pointing at this database; `tweak` adjusts the rest.
    pub fn settings(&self, tweak: impl FnOnce(&mut Given)) -> Settings {
        let mut given = Given::default();
        match self {
            Engine::Sqlite(dir) => given.data_dir = flag(dir.path().to_path_buf()),
            Engine::Postgres { base, schema } => given.database = flag(with_search_path(base, schema)),
        }
        tweak(&mut given);
        Settings::resolve(given, defaults::DATA_DIR).expect("test settings are valid")
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        if let Engine::Postgres { base, schema } = self {
            drop_postgres_schema(base.clone(), schema.clone());
        }
    }
}

/// A flag-given override.
pub fn flag<T>(v: T) -> Overrides<T> {
    Overrides { value: Some(v), source: Some(Source::Flag) }
}

/// A running linli.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// A client that keeps no cookies and follows no redirects.
    pub client: reqwest::Client,
    /// The app, for direct checks.
    pub app: App,
    stop: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    // Last: dropped after the server has stopped.
    pub engine: Engine,
}

impl TestApp {
    /// Starts linli on a fresh database.
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(|_| {}).await
    }

    /// Starts linli with adjusted settings.
    pub async fn spawn_with(tweak: impl FnOnce(&mut Given)) -> TestApp {
        let engine = Engine::fresh().await;
        let settings = engine.settings(tweak);
        let app = App::start(&settings, &mut |_| {}).await.expect("app starts");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let (tx, rx) = oneshot::channel::<()>();
        let served = app.clone();
        let server = tokio::spawn(async move {
            web::serve(listener, served, &settings, async {
                let _ = rx.await;
            })
            .await
        });
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
        TestApp { base, client, app, stop: Some(tx), server: Some(server), engine }
    }

    /// A full URL for a path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// GET a path.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request")
    }

    /// GET a path and read the body as text, asserting the status.
    pub async fn text(&self, path: &str, status: u16) -> String {
        let res = self.get(path).await;
        assert_eq!(res.status().as_u16(), status, "GET {path}");
        res.text().await.expect("body")
    }

    /// Asks the server to stop, without waiting (as SIGTERM would).
    pub fn begin_stop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }

    /// Stops the server gracefully and closes the database.
    pub async fn stop(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(s) = self.server.take() {
            s.await.expect("server task").expect("server ran");
        }
        self.app.close().await;
    }
}

/// Drops a schema made by [`fresh_postgres_schema`].
pub fn drop_schema(base: String, schema: String) {
    drop_postgres_schema(base, schema);
}

/// Pretends a newer linli has migrated this database.
pub async fn record_future_version(db: &linli_store::Db, version: i64) {
    let q = sea_query::Query::insert()
        .into_table("linli_migration")
        .columns(["version", "name", "applied_at"])
        .values_panic([version.into(), "from the future".into(), chrono::Utc::now().into()])
        .to_owned();
    db.execute(&q).await.expect("insert future version");
}
