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
    /// A fresh schema in the test PostgreSQL database, and a folder for the key file.
    Postgres { base: String, schema: String, dir: tempfile::TempDir },
}

static NOTICE: Once = Once::new();

/// Says once, on the real stderr (test capture does not hide it), which
/// engine runs and that the PostgreSQL half is skipped when it is.
fn notice(msg: &str) {
    NOTICE.call_once(|| {
        let _ = writeln!(std::io::stderr(), "{msg}");
    });
}

/// Says on the real stderr, which test capture does not hide, that a test
/// or a part of one did not run and why: a check that cannot run is never
/// reported as passed in silence.
pub fn skipped(what: &str, why: &str) {
    let _ = writeln!(std::io::stderr(), "SKIPPED {what}: {why}");
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
                Engine::Postgres { base, schema, dir: tempfile::tempdir().expect("temp dir") }
            }
            None => {
                notice(
                    "linli tests: running on SQLite. PostgreSQL half SKIPPED: set LINLI_TEST_POSTGRES=postgres://… to run it",
                );
                Engine::Sqlite(tempfile::tempdir().expect("temp dir"))
            }
        }
    }

    /// The data folder (the key file, and SQLite's database).
    pub fn data_dir(&self) -> &std::path::Path {
        match self {
            Engine::Sqlite(dir) | Engine::Postgres { dir, .. } => dir.path(),
        }
    }

    /// The `linli` flags that point a process at this database.
    pub fn cli_args(&self) -> Vec<String> {
        match self {
            Engine::Sqlite(dir) => vec!["--data-dir".into(), dir.path().display().to_string()],
            Engine::Postgres { base, schema, dir } => vec![
                "--data-dir".into(),
                dir.path().display().to_string(),
                "--database".into(),
                with_search_path(base, schema),
            ],
        }
    }

    /// Settings pointing at this database; `tweak` adjusts the rest.
    pub fn settings(&self, tweak: impl FnOnce(&mut Given)) -> Settings {
        let mut given = Given::default();
        match self {
            Engine::Sqlite(dir) => given.data_dir = flag(dir.path().to_path_buf()),
            Engine::Postgres { base, schema, dir } => {
                given.database = flag(with_search_path(base, schema));
                given.data_dir = flag(dir.path().to_path_buf());
            }
        }
        tweak(&mut given);
        Settings::resolve(given, defaults::DATA_DIR).expect("test settings are valid")
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        if let Engine::Postgres { base, schema, .. } = self {
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
        TestApp::spawn_on(Engine::fresh().await, tweak).await
    }

    /// Starts linli on a database that already exists (a restart, a restore).
    pub async fn spawn_on(engine: Engine, tweak: impl FnOnce(&mut Given)) -> TestApp {
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

    /// Stops the server and closes the app, keeping the database for
    /// another process (a restart).
    pub async fn stop_keeping_database(mut self) -> Engine {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(s) = self.server.take() {
            s.await.expect("server task").expect("server ran");
        }
        self.app.close().await;
        self.engine
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

/// A browser-like client: keeps cookies, reads the form token from pages.
pub struct Browser<'a> {
    /// The app it talks to.
    pub app: &'a TestApp,
    cookies: std::collections::BTreeMap<String, String>,
    /// The last page's `_csrf` value.
    pub csrf: String,
}

impl<'a> Browser<'a> {
    /// A fresh browser with no cookies.
    pub fn new(app: &'a TestApp) -> Browser<'a> {
        Browser { app, cookies: Default::default(), csrf: String::new() }
    }

    #[allow(dead_code)]
    pub fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    /// Sets or replaces a cookie by hand (to tamper with it, say).
    pub fn set_cookie(&mut self, name: &str, value: &str) {
        self.cookies.insert(name.to_owned(), value.to_owned());
    }

    /// A cookie's current value.
    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.cookies.get(name).map(String::as_str)
    }

    fn keep(&mut self, res: &reqwest::Response) {
        for v in res.headers().get_all(reqwest::header::SET_COOKIE) {
            let text = v.to_str().unwrap();
            let (pair, attrs) = text.split_once(';').unwrap_or((text, ""));
            let (k, v) = pair.split_once('=').unwrap();
            if v.is_empty() || attrs.contains("Max-Age=0") {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_owned(), v.to_owned());
            }
        }
    }

    /// GET a page; remembers cookies and the form token. Returns (status, location, body).
    pub async fn get(&mut self, path: &str) -> (u16, String, String) {
        let res = self.app.client.get(self.app.url(path)).header("cookie", self.cookie_header()).send().await.unwrap();
        self.keep(&res);
        let status = res.status().as_u16();
        let location = res.headers().get("location").map(|l| l.to_str().unwrap().to_owned()).unwrap_or_default();
        let body = res.text().await.unwrap();
        if let Some(rest) = body.split("name=\"_csrf\" value=\"").nth(1) {
            self.csrf = rest.split('"').next().unwrap().to_owned();
        }
        (status, location, body)
    }

    /// Sends a form with the current token (unless the fields carry their own `_csrf`).
    async fn send_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        if !fields.iter().any(|(k, _)| *k == "_csrf") {
            form.push(("_csrf", &self.csrf));
        }
        self.app
            .client
            .post(self.app.url(path))
            .header("cookie", self.cookie_header())
            .form(&form)
            .send()
            .await
            .unwrap()
    }

    /// POST a form with the current token (unless the fields carry their own `_csrf`).
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> (u16, String, String) {
        let res = self.send_form(path, fields).await;
        self.keep(&res);
        let status = res.status().as_u16();
        let location = res.headers().get("location").map(|l| l.to_str().unwrap().to_owned()).unwrap_or_default();
        (status, location, res.text().await.unwrap())
    }

    /// GET a file; returns (status, content type, bytes).
    #[allow(dead_code)]
    pub async fn get_bytes(&mut self, path: &str) -> (u16, String, Vec<u8>) {
        let res = self.app.client.get(self.app.url(path)).header("cookie", self.cookie_header()).send().await.unwrap();
        let kind = res.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
        (res.status().as_u16(), kind, res.bytes().await.unwrap().to_vec())
    }

    /// POST a form with the current token; returns (status, content type, bytes).
    #[allow(dead_code)]
    pub async fn post_for_bytes(&mut self, path: &str, fields: &[(&str, &str)]) -> (u16, String, Vec<u8>) {
        let res = self.send_form(path, fields).await;
        let kind = res.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
        (res.status().as_u16(), kind, res.bytes().await.unwrap().to_vec())
    }

    /// Sends JSON to an API path with this browser's cookies.
    #[allow(dead_code)]
    pub async fn api_send(
        &mut self,
        method: reqwest::Method,
        path: &str,
        body: &serde_json::Value,
    ) -> (u16, serde_json::Value) {
        let res = self
            .app
            .client
            .request(method, self.app.url(path))
            .header("cookie", self.cookie_header())
            .json(body)
            .send()
            .await
            .unwrap();
        self.keep(&res);
        (res.status().as_u16(), res.json().await.unwrap_or(serde_json::Value::Null))
    }

    /// POSTs `multipart/form-data` with this browser's cookies: text fields
    /// and `photo` files. Returns (status, body text).
    #[allow(dead_code)]
    pub async fn multipart(&mut self, path: &str, fields: &[(&str, &str)], photos: &[Vec<u8>]) -> (u16, String) {
        let mut form = reqwest::multipart::Form::new();
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        for (i, p) in photos.iter().enumerate() {
            form = form.part("photo", reqwest::multipart::Part::bytes(p.clone()).file_name(format!("IMG_{i}.jpg")));
        }
        let res = self
            .app
            .client
            .post(self.app.url(path))
            .header("cookie", self.cookie_header())
            .multipart(form)
            .send()
            .await
            .unwrap();
        self.keep(&res);
        (res.status().as_u16(), res.text().await.unwrap())
    }

    /// POSTs `multipart/form-data` with text fields and named file parts
    /// (part name, file name, bytes). Returns (status, body text).
    #[allow(dead_code)]
    pub async fn multipart_files(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, Vec<u8>)],
    ) -> (u16, String) {
        let mut form = reqwest::multipart::Form::new();
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        for (part, name, bytes) in files {
            form =
                form.part(part.to_string(), reqwest::multipart::Part::bytes(bytes.clone()).file_name(name.to_string()));
        }
        let res = self
            .app
            .client
            .post(self.app.url(path))
            .header("cookie", self.cookie_header())
            .multipart(form)
            .send()
            .await
            .unwrap();
        self.keep(&res);
        (res.status().as_u16(), res.text().await.unwrap())
    }

    /// GET a JSON API path with this browser's cookies.
    pub async fn api(&mut self, path: &str) -> (u16, serde_json::Value) {
        let res = self.app.client.get(self.app.url(path)).header("cookie", self.cookie_header()).send().await.unwrap();
        self.keep(&res);
        (res.status().as_u16(), res.json().await.unwrap_or(serde_json::Value::Null))
    }

    /// Signs in through the form; returns where it was sent.
    pub async fn sign_in(&mut self, login: &str, password: &str) -> (u16, String, String) {
        self.get("/signin").await;
        self.post("/signin", &[("login", login), ("password", password), ("next", "/account")]).await
    }
}

/// A password that passes the policy, for tests that set one.
pub const GOOD: &str = "Lvliang-2026-grid";

/// A browser signed in as a new account with one grant, its initial
/// password already changed to [`GOOD`].
#[allow(dead_code)]
pub async fn signed_in<'a>(app: &'a TestApp, login: &str, role: &str, region: &str) -> Browser<'a> {
    let initial = add_account(app, login, None, role, region).await;
    let mut b = Browser::new(app);
    b.sign_in(login, &initial).await;
    b.get("/account/password").await;
    b.post("/account/password", &[("current", &initial), ("new", GOOD), ("confirm", GOOD)]).await;
    let (_, location, _) = b.sign_in(login, GOOD).await;
    assert_eq!(location, "/account");
    b
}

/// Creates an account as an operator would; returns its initial password.
pub async fn add_account(app: &TestApp, username: &str, phone: Option<&str>, role: &str, region: &str) -> String {
    use linli::app::access::account::NewAccount;
    use linli::app::access::audit::Actor;
    let new = NewAccount {
        username: Some(username.to_owned()),
        display_name: format!("测试{username}"),
        phone: phone.map(|p| linli::domain::registry::phone::Phone::parse(p).unwrap()),
    };
    let (account, password) = app.app.create_account(&Actor::cli(), new).await.unwrap();
    let role = linli::domain::access::role::Role::parse(role).unwrap();
    let code = linli::domain::registry::region::RegionCode::parse(region).unwrap();
    app.app.grant(&Actor::cli(), &account.row, role, &code).await.unwrap();
    password
}

/// A second handle on the app's database, for looking behind the API.
#[allow(dead_code)]
pub async fn raw_db(app: &TestApp) -> linli_store::Db {
    let settings = app.engine.settings(|_| {});
    linli_store::Db::connect(&settings.target().unwrap(), &settings.pool()).await.unwrap()
}

/// The ledger holds: every bill's paid equals the sum of its payments and
/// never exceeds what it charges. Returns (bills, payments).
pub async fn ledger_holds(db: &linli_store::Db) -> (usize, usize) {
    use sea_query::Query;
    let bills = db.fetch_all(&Query::select().columns(["id", "amount", "paid"]).from("bill").to_owned()).await.unwrap();
    let payments =
        db.fetch_all(&Query::select().columns(["bill_id", "amount"]).from("payment").to_owned()).await.unwrap();
    for b in &bills {
        let id: uuid::Uuid = b.get("id").unwrap();
        let sum: i64 = payments
            .iter()
            .filter(|p| p.get::<uuid::Uuid>("bill_id").unwrap() == id)
            .map(|p| p.get::<i64>("amount").unwrap())
            .sum();
        assert_eq!(b.get::<i64>("paid").unwrap(), sum, "bill {id}: paid equals its payments");
        assert!(sum <= b.get::<i64>("amount").unwrap(), "bill {id}: never paid beyond what it charges");
    }
    (bills.len(), payments.len())
}

/// Moves every session's last activity back by `secs`, as if idle.
pub async fn age_sessions(app: &TestApp, secs: i64) {
    let db = raw_db(app).await;
    let then = chrono::Utc::now() - chrono::Duration::seconds(secs);
    let q = sea_query::Query::update().table("session").value("last_seen_at", then).to_owned();
    db.execute(&q).await.unwrap();
    db.close().await;
}

/// Changes an audit entry's target behind linli's back.
pub async fn edit_audit_entry(app: &TestApp, seq: i64, target: &str) {
    use sea_query::{Expr, ExprTrait};
    let db = raw_db(app).await;
    let q = sea_query::Query::update()
        .table("audit_log")
        .value("target", target)
        .and_where(Expr::col("seq").eq(seq))
        .to_owned();
    assert_eq!(db.execute(&q).await.unwrap(), 1);
    db.close().await;
}

/// Every text value of the tables that hold personal data, as stored.
pub async fn all_stored_text(app: &TestApp) -> Vec<String> {
    let db = raw_db(app).await;
    let mut out = Vec::new();
    for (table, cols) in [
        ("account", &["username", "display_name", "phone_sealed", "phone_hash"][..]),
        ("login_attempt", &["login_hash", "ip"][..]),
        ("audit_log", &["actor", "target", "detail"][..]),
        ("person", &["name", "id_sealed", "id_hash", "id_masked", "phone_sealed", "phone_hash", "tags"][..]),
    ] {
        let q = sea_query::Query::select().columns(cols.iter().copied()).from(table).to_owned();
        for row in db.fetch_all(&q).await.unwrap() {
            for c in cols {
                if let Some(v) = row.get::<Option<String>>(c).unwrap() {
                    out.push(v);
                }
            }
        }
    }
    db.close().await;
    out
}

/// The data of this test's PostgreSQL schema as `pg_dump` writes it; `None`
/// on SQLite, or (said plainly) when pg_dump is not installed.
pub fn pg_dump_text(app: &TestApp) -> Option<String> {
    let Engine::Postgres { base, schema, .. } = &app.engine else { return None };
    match std::process::Command::new("pg_dump").args(["--schema", schema, "--data-only", base]).output() {
        Ok(out) if out.status.success() => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        _ => {
            skipped("the pg_dump check", "pg_dump is not available");
            None
        }
    }
}

/// Links an account to a registry person as a verified resident.
#[allow(dead_code)]
pub async fn link_resident(app: &TestApp, login: &str, community: &str, person: uuid::Uuid) {
    let db = raw_db(app).await;
    let account = linli_store::access::account::find(&db, Some(login), None).await.unwrap().unwrap();
    let mut tx = db.begin().await.unwrap();
    linli_store::access::resident::link_resident(&mut tx, community, account.id, person).await.unwrap();
    tx.commit().await.unwrap();
    db.close().await;
}

/// A resident signed in through the pages and linked to `person`.
#[allow(dead_code)]
pub async fn resident<'a>(app: &'a TestApp, login: &str, community: &str, person: uuid::Uuid) -> Browser<'a> {
    let b = signed_in(app, login, "resident", community).await;
    link_resident(app, login, community, person).await;
    b
}

/// A resident as the app knows a signed-in user (for many at once).
#[allow(dead_code)]
pub async fn quick_resident(
    app: &TestApp,
    login: &str,
    community: &str,
    person: uuid::Uuid,
) -> linli::app::access::auth::User {
    add_account(app, login, None, "resident", community).await;
    link_resident(app, login, community, person).await;
    let row = app.app.account_by_login(login).await.unwrap();
    linli::app::access::auth::User {
        account: app.app.account_view(row).await.unwrap(),
        session: String::new(),
        ip: "test".into(),
    }
}

/// The people of each household staff see, by household (the API's list).
#[allow(dead_code)]
pub async fn households_people(staff: &mut Browser<'_>) -> Vec<Vec<uuid::Uuid>> {
    let (_, list) = staff.api("/api/v1/households").await;
    list.as_array()
        .unwrap()
        .iter()
        .map(|h| h["people"].as_array().unwrap().iter().filter_map(|p| p["id"].as_str()?.parse().ok()).collect())
        .filter(|p: &Vec<uuid::Uuid>| !p.is_empty())
        .collect()
}

/// A JPEG as a phone takes it, with EXIF that holds a GPS pointer.
#[allow(dead_code)]
pub fn phone_photo(w: u32, h: u32) -> Vec<u8> {
    use image::ImageEncoder;
    let mut exif = b"II\x2a\x00\x08\x00\x00\x00\x01\x00".to_vec();
    exif.extend_from_slice(&[0x25, 0x88, 0x04, 0x00, 0x01, 0x00, 0x00, 0x00, 0x1a, 0, 0, 0, 0, 0, 0, 0]);
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 120]));
    let mut out = Vec::new();
    let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90);
    enc.set_exif_metadata(exif).unwrap();
    enc.write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8).unwrap();
    out
}
