//! The platform as a user meets it over HTTP: pages, API, probes, metrics,
//! errors and limits. Runs on SQLite, or on PostgreSQL with LINLI_TEST_POSTGRES.

mod common;

use common::{Engine, TestApp, flag};
use reqwest::header;
use serde_json::Value;

#[tokio::test]
async fn home_page_is_chinese_and_shows_the_three_communities() {
    // Set up as the demo is: its district as the home region, and a grid in
    // each of the three communities (a community is shown once it has one).
    let app = TestApp::spawn_with(|g| g.home_region = flag("141102".into())).await;
    let actor = linli::app::access::audit::Actor::cli();
    for (code, grid) in
        [("141102001002", "交通路第一网格"), ("141102002006", "生态园第一网格"), ("141102003005", "丽景街第一网格")]
    {
        app.app.add_grid(&actor, &code.parse().unwrap(), 1, grid).await.unwrap();
    }
    let html = app.text("/", 200).await;
    assert!(html.contains("<html lang=\"zh-CN\">"), "{html}");
    assert!(html.contains("智慧社区服务平台"));
    for name in ["交通路社区", "生态园社区", "丽景街社区"] {
        assert!(html.contains(name), "home lists {name}");
    }
    // The district's streets come from the database.
    assert!(html.contains("凤山街道") && html.contains("莲花池街道"));
    app.stop().await;
}

#[tokio::test]
async fn language_follows_accept_language_then_the_switch() {
    let app = TestApp::spawn().await;
    let en = app.client.get(app.url("/")).header(header::ACCEPT_LANGUAGE, "en-US,en;q=0.9").send().await.unwrap();
    let en = en.text().await.unwrap();
    assert!(en.contains("<html lang=\"en\">") && en.contains("Smart community services"));

    let mut browser = common::Browser::new(&app);
    browser.get("/").await;
    let (status, location, _) = browser.post("/prefs", &[("lang", "en"), ("next", "/regions/141102")]).await;
    assert_eq!((status, location.as_str()), (303, "/regions/141102"));
    assert_eq!(browser.cookie("linli_lang"), Some("en"));
    let cookie = "linli_lang=en".to_owned();
    // The cookie beats a Chinese browser.
    let page = app
        .client
        .get(app.url("/regions/141102"))
        .header(header::COOKIE, &cookie)
        .header(header::ACCEPT_LANGUAGE, "zh-CN")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("<html lang=\"en\">") && page.contains("Below"));
    app.stop().await;
}

#[tokio::test]
async fn large_text_mode_is_a_cookie_every_page_honours() {
    let app = TestApp::spawn().await;
    let mut browser = common::Browser::new(&app);
    browser.get("/").await;
    let res = app
        .client
        .post(app.url("/prefs"))
        .header(header::COOKIE, format!("linli_csrf={}", browser.cookie("linli_csrf").unwrap()))
        .form(&[("text", "large"), ("next", "/"), ("_csrf", &browser.csrf)])
        .send()
        .await
        .unwrap();
    let set = res.headers()[header::SET_COOKIE].to_str().unwrap().to_owned();
    assert!(set.starts_with("linli_text=large;") && set.contains("Max-Age=31536000") && set.contains("SameSite=Lax"));
    for path in ["/", "/regions/141102002006", "/api/docs", "/no-such-page"] {
        let html = app.client.get(app.url(path)).header(header::COOKIE, "linli_text=large").send().await.unwrap();
        let html = html.text().await.unwrap();
        assert!(html.contains("class=\"large\""), "{path} is in large mode");
        assert!(html.contains("标准字号"), "{path} offers the way back");
    }
    let plain = app.text("/", 200).await;
    assert!(!plain.contains("class=\"large\""));
    app.stop().await;
}

#[tokio::test]
async fn prefs_never_redirect_off_site() {
    let app = TestApp::spawn().await;
    let mut browser = common::Browser::new(&app);
    browser.get("/").await;
    for next in ["//evil.example/x", "https://evil.example/", "javascript:alert(1)"] {
        let (_, location, _) = browser.post("/prefs", &[("lang", "zh"), ("next", next)]).await;
        assert_eq!(location, "/", "{next}");
    }
    app.stop().await;
}

#[tokio::test]
async fn region_page_shows_breadcrumbs_and_children() {
    let app = TestApp::spawn().await;
    let html = app.text("/regions/141102002000", 200).await;
    assert!(html.contains("凤山街道"));
    assert!(html.contains("href=\"/regions/141102000000\""), "breadcrumb to the district");
    assert!(html.contains("生态园社区"), "child community listed");
    let missing = app.text("/regions/141102999999", 404).await;
    assert!(missing.contains("没有这个区划代码对应的地区") && missing.contains("返回首页"));
    let bad = app.text("/regions/abc", 400).await;
    assert!(bad.contains("区划代码应为"));
    app.stop().await;
}

#[tokio::test]
async fn api_returns_a_region_with_ancestry_and_children() {
    let app = TestApp::spawn().await;
    let res = app.get("/api/v1/regions/141102").await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "141102000000");
    assert_eq!(body["name"], "离石区");
    assert_eq!(body["level"], "district");
    let ancestors: Vec<&str> =
        body["ancestors"].as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert_eq!(ancestors, ["山西省", "吕梁市"]);
    let streets = body["children"].as_array().unwrap();
    assert!(streets.iter().any(|s| s["name"] == "滨河街道"));
    assert!(streets.windows(2).all(|w| w[0]["code"].as_str() < w[1]["code"].as_str()), "children in code order");
    app.stop().await;
}

async fn error_of(res: reqwest::Response) -> (u16, Value) {
    let status = res.status().as_u16();
    assert!(res.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/json"));
    (status, res.json().await.unwrap())
}

#[tokio::test]
async fn api_errors_have_stable_codes_and_chinese_messages() {
    let app = TestApp::spawn().await;
    let (s, e) = error_of(app.get("/api/v1/regions/141102999999").await).await;
    assert_eq!((s, e["code"].as_str()), (404, Some("region_not_found")));
    assert!(e["message"].as_str().unwrap().contains("区划代码"));
    let (s, e) = error_of(app.get("/api/v1/regions/12345").await).await;
    assert_eq!((s, e["code"].as_str(), e["field"].as_str()), (400, Some("invalid_region_code"), Some("code")));
    let (s, e) = error_of(app.get("/api/v1/nothing-here").await).await;
    assert_eq!((s, e["code"].as_str()), (404, Some("not_found")));
    let res = app.client.delete(app.url("/api/v1/regions/14")).send().await.unwrap();
    assert!(res.headers().contains_key(header::ALLOW), "405 keeps its Allow header");
    let (s, e) = error_of(res).await;
    assert_eq!((s, e["code"].as_str()), (405, Some("method_not_allowed")));
    // English on request.
    let res = app.client.get(app.url("/api/v1/regions/1")).header(header::ACCEPT_LANGUAGE, "en").send().await.unwrap();
    let (_, e) = error_of(res).await;
    assert_eq!(e["message"], "A region code has 2, 4, 6, 9 or 12 digits.");
    app.stop().await;
}

#[tokio::test]
async fn lookup_refuses_bad_bodies_without_a_500() {
    let app = TestApp::spawn_with(|g| g.max_body_bytes = flag(4096)).await;
    let post = |body: String, ctype: &'static str| {
        app.client.post(app.url("/api/v1/regions/lookup")).header(header::CONTENT_TYPE, ctype).body(body).send()
    };
    let (s, e) = error_of(post("{\"codes\": [".into(), "application/json").await.unwrap()).await;
    assert_eq!((s, e["code"].as_str()), (400, Some("invalid_json")));
    let (s, e) = error_of(post("{\"kodes\": []}".into(), "application/json").await.unwrap()).await;
    assert_eq!((s, e["code"].as_str()), (400, Some("invalid_json")), "unknown field refused");
    let (s, e) = error_of(post("{}".into(), "text/plain").await.unwrap()).await;
    assert_eq!((s, e["code"].as_str()), (415, Some("unsupported_media_type")));
    let huge = format!("{{\"codes\": [\"{}\"]}}", "1".repeat(10_000));
    let (s, e) = error_of(post(huge, "application/json").await.unwrap()).await;
    assert_eq!((s, e["code"].as_str()), (413, Some("body_too_large")));
    let (s, e) = error_of(post("{\"codes\": [\"14\", \"x\"]}".into(), "application/json").await.unwrap()).await;
    assert_eq!((s, e["code"].as_str()), (400, Some("invalid_region_code")));

    let ok =
        post("{\"codes\": [\"141102002006\", \"１４\", \"141102999999\"]}".into(), "application/json").await.unwrap();
    assert_eq!(ok.status(), 200);
    let body: Value = ok.json().await.unwrap();
    let names: Vec<&str> =
        body["regions"].as_array().unwrap().iter().map(|r| r["short_name"].as_str().unwrap()).collect();
    assert_eq!(names, ["生态园社区", "山西省"], "in the order asked");
    assert_eq!(body["unknown"], serde_json::json!(["141102999999"]));
    app.stop().await;
}

#[tokio::test]
async fn lookup_caps_the_number_of_codes() {
    let app = TestApp::spawn().await;
    let codes: Vec<String> = (0..501).map(|_| "14".to_owned()).collect();
    let res = app.client.post(app.url("/api/v1/regions/lookup")).json(&serde_json::json!({ "codes": codes })).send();
    let (s, e) = error_of(res.await.unwrap()).await;
    assert_eq!((s, e["code"].as_str(), e["field"].as_str()), (400, Some("invalid_input"), Some("codes")));
    app.stop().await;
}

#[tokio::test]
async fn probes_report_liveness_and_readiness() {
    let app = TestApp::spawn().await;
    assert_eq!(app.text("/healthz", 200).await, "ok");
    let ready: Value = app.get("/readyz").await.json().await.unwrap();
    assert_eq!(ready["status"], "ready");
    assert_eq!(ready["schema_version"], ready["schema_expected"]);
    let expected = if common::postgres_url().is_some() { "postgres" } else { "sqlite" };
    assert_eq!(ready["database"], expected);
    let info: Value = app.get("/api/v1/info").await.json().await.unwrap();
    assert_eq!(info["database"], expected);
    app.stop().await;
}

#[tokio::test]
async fn readyz_fails_when_the_database_is_gone() {
    let app = TestApp::spawn().await;
    app.app.close().await;
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), 503);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], "not_ready");
    assert!(body["reason"].as_str().is_some_and(|r| !r.is_empty()));
}

#[tokio::test]
async fn metrics_count_requests_per_route_template() {
    let app = TestApp::spawn().await;
    app.text("/api/v1/regions/141102", 200).await;
    app.text("/api/v1/regions/14", 200).await;
    app.get("/api/v1/regions/141102999999").await;
    let text = app.text("/metrics", 200).await;
    assert!(
        text.contains("linli_http_requests_total{method=\"GET\",route=\"/api/v1/regions/{code}\",status=\"200\"} 2"),
        "{text}"
    );
    assert!(
        text.contains("linli_http_requests_total{method=\"GET\",route=\"/api/v1/regions/{code}\",status=\"404\"} 1")
    );
    assert!(
        text.contains("linli_http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/regions/{code}\"} 3")
    );
    assert!(text.contains("linli_db_pool_max_connections "));
    assert!(text.contains("linli_db_pool_connections{state=\"idle\"}"));
    assert!(!text.contains("141102999999"), "raw paths never become labels");
    app.stop().await;
}

#[tokio::test]
async fn every_response_carries_security_headers_and_a_request_id() {
    let app = TestApp::spawn().await;
    for path in ["/", "/api/v1/info", "/no-such-page", "/healthz"] {
        let res = app.get(path).await;
        let h = res.headers();
        let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"), "{path}");
        assert!(!csp.contains("unsafe-inline"));
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(h[header::REFERRER_POLICY], "same-origin");
        assert!(uuid::Uuid::parse_str(h["x-request-id"].to_str().unwrap()).is_ok(), "{path}");
    }
    let res = app.client.get(app.url("/healthz")).header("x-request-id", "abc-123").send().await.unwrap();
    assert_eq!(res.headers()["x-request-id"], "abc-123", "a caller's id is kept");
    app.stop().await;
}

#[tokio::test]
async fn pages_load_nothing_from_other_hosts_and_assets_cache_forever() {
    let app = TestApp::spawn().await;
    let html = app.text("/", 200).await;
    for attr in ["src=\"", "href=\""] {
        for part in html.split(attr).skip(1) {
            let target = part.split('"').next().unwrap();
            assert!(target.starts_with('/') || target.starts_with('#'), "{target} is local");
        }
    }
    let css = html.split("href=\"/assets/app.").nth(1).unwrap().split('"').next().unwrap();
    let res = app.get(&format!("/assets/app.{css}")).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
    assert!(res.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/css"));
    assert_eq!(app.get("/assets/app.0000000000.css").await.status(), 404, "stale names are not served");
    app.stop().await;
}

#[tokio::test]
async fn large_responses_are_compressed() {
    let app = TestApp::spawn().await;
    let res =
        app.client.get(app.url("/api/openapi.json")).header(header::ACCEPT_ENCODING, "gzip").send().await.unwrap();
    assert_eq!(res.headers()[header::CONTENT_ENCODING], "gzip");
    app.stop().await;
}

/// The body as its headers say it is: gunzipped when `content-encoding`
/// says gzip (and then it must be gzip), as sent otherwise.
fn decoded(encoding: Option<&str>, raw: &[u8]) -> Vec<u8> {
    match encoding {
        Some("gzip") => {
            assert!(
                raw.starts_with(&[0x1f, 0x8b]),
                "content-encoding: gzip on a plain body: {:?}",
                &raw[..raw.len().min(40)]
            );
            let mut out = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(raw), &mut out).unwrap();
            out
        }
        None => raw.to_vec(),
        Some(other) => panic!("unexpected content-encoding {other}"),
    }
}

#[tokio::test]
async fn refused_bodies_come_back_readable_to_a_browser_that_accepts_gzip() {
    let app = TestApp::spawn_with(|g| g.max_body_bytes = flag(4096)).await;
    let send = |path: &'static str, ctype: &'static str, body: String| {
        app.client
            .post(app.url(path))
            .header(header::ACCEPT_ENCODING, "gzip, deflate, br")
            .header(header::CONTENT_TYPE, ctype)
            .body(body)
            .send()
    };
    let tries = [
        ("/api/v1/regions/lookup", "application/json", "{\"codes\": [".to_owned(), 400, "invalid_json"),
        (
            "/api/v1/regions/lookup",
            "application/json",
            format!("{{\"codes\": [\"{}\"]}}", "1".repeat(10_000)),
            413,
            "body_too_large",
        ),
        ("/api/v1/regions/lookup", "text/plain", "{}".to_owned(), 415, "unsupported_media_type"),
        ("/api/v1/session", "application/json", "{\"login\": 5}".to_owned(), 400, "invalid_json"),
    ];
    let mut gzipped = 0;
    for (path, ctype, body, status, code) in tries {
        let res = send(path, ctype, body).await.unwrap();
        assert_eq!(res.status(), status, "{path}");
        let encoding = res.headers().get(header::CONTENT_ENCODING).map(|v| v.to_str().unwrap().to_owned());
        gzipped += usize::from(encoding.is_some());
        let raw = res.bytes().await.unwrap();
        let json: Value = serde_json::from_slice(&decoded(encoding.as_deref(), &raw)).unwrap();
        assert_eq!(json["code"], code, "{path}");
    }
    // A form the page's extractor refuses (no login, no password), the way
    // a browser sends it.
    let mut browser = common::Browser::new(&app);
    browser.get("/signin").await;
    let token = browser.csrf.clone();
    let res = app
        .client
        .post(app.url("/signin"))
        .header(header::ACCEPT_ENCODING, "gzip, deflate, br")
        .header(header::COOKIE, browser.cookie_header())
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(format!("_csrf={token}&nonsense={}", "x".repeat(100)))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_client_error(), "{}", res.status());
    let encoding = res.headers().get(header::CONTENT_ENCODING).map(|v| v.to_str().unwrap().to_owned());
    gzipped += usize::from(encoding.is_some());
    let html = String::from_utf8(decoded(encoding.as_deref(), &res.bytes().await.unwrap())).unwrap();
    assert!(html.contains("提交的内容有误"), "{html}");
    assert!(gzipped > 0, "error bodies are compressed like any other");
    // A page's refusal: the Chinese error page, whole.
    let res = app.client.get(app.url("/no/such/page")).header(header::ACCEPT_ENCODING, "gzip").send().await.unwrap();
    assert_eq!(res.status(), 404);
    let encoding = res.headers().get(header::CONTENT_ENCODING).map(|v| v.to_str().unwrap().to_owned());
    let html = String::from_utf8(decoded(encoding.as_deref(), &res.bytes().await.unwrap())).unwrap();
    assert!(html.contains("找不到这个页面"), "{html}");
    app.stop().await;
}

#[tokio::test]
async fn openapi_describes_the_api_and_the_docs_page_renders_it() {
    let app = TestApp::spawn().await;
    let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in ["/api/v1/regions/{code}", "/api/v1/regions/lookup", "/api/v1/info", "/readyz"] {
        assert!(doc["paths"].get(path).is_some(), "{path} documented");
    }
    assert!(doc["components"]["schemas"].get("ErrorBody").is_some());
    let html = app.text("/api/docs", 200).await;
    assert!(html.contains("/api/v1/regions/lookup") && html.contains("LookupRequest") && html.contains("接口文档"));
    app.stop().await;
}

#[tokio::test]
async fn a_database_from_a_newer_linli_is_refused() {
    let engine = Engine::fresh().await;
    let settings = engine.settings(|_| {});
    let app = linli::app::App::start(&settings, &mut |_| {}).await.unwrap();
    app.close().await;
    let db = linli_store::Db::connect(&settings.target().unwrap(), &settings.pool()).await.unwrap();
    common::record_future_version(&db, linli_store::migrations::latest() + 1).await;
    db.close().await;
    let err = linli::app::App::start(&settings, &mut |_| {}).await.err().expect("refused");
    let msg = err.to_string();
    assert!(msg.contains("更新版本") && msg.contains("upgrade linli"), "{msg}");
}

#[tokio::test]
async fn no_migrate_refuses_a_database_that_is_behind() {
    let engine = Engine::fresh().await;
    let settings = engine.settings(|g| g.migrate = flag(false));
    let err = linli::app::App::start(&settings, &mut |_| {}).await.err().expect("refused");
    assert!(err.to_string().contains("linli migrate"), "{err}");
}

#[tokio::test]
async fn concurrent_writers_queue_instead_of_failing() {
    // Two handles on the same database (the server and a CLI command, say),
    // each with many concurrent write transactions.
    let engine = Engine::fresh().await;
    let settings = engine.settings(|_| {});
    let a = linli_store::Db::connect(&settings.target().unwrap(), &settings.pool()).await.unwrap();
    let b = linli_store::Db::connect(&settings.target().unwrap(), &settings.pool()).await.unwrap();
    let mut tasks = Vec::new();
    for i in 0..40 {
        let db = if i % 2 == 0 { a.clone() } else { b.clone() };
        tasks.push(tokio::spawn(async move { linli_store::migrations::migrate(&db, |_| {}).await.map(|v| v.len()) }));
    }
    let mut applied = 0;
    for t in tasks {
        applied += t.await.unwrap().expect("no write fails with `database is locked`");
    }
    assert_eq!(applied, linli_store::migrations::MIGRATIONS.len(), "each migration applied exactly once");
    a.close().await;
    b.close().await;
}

#[tokio::test]
async fn sqlite_and_postgres_schemas_are_the_same() {
    let Some(base) = common::postgres_url() else {
        common::skipped("sqlite_and_postgres_schemas_are_the_same", "LINLI_TEST_POSTGRES is not set");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let pool = linli_store::PoolSettings::default();
    let sqlite = linli_store::Db::connect(&linli_store::Target::in_data_dir(dir.path()), &pool).await.unwrap();
    let (url, schema) = common::fresh_postgres_schema(&base).await;
    let pg = linli_store::Db::connect(&linli_store::Target::Postgres(url), &pool).await.unwrap();
    for db in [&sqlite, &pg] {
        linli_store::migrations::migrate(db, |_| {}).await.unwrap();
    }
    let (s, p) = (linli_store::schema::read(&sqlite).await.unwrap(), linli_store::schema::read(&pg).await.unwrap());
    assert!(s.columns.iter().any(|c| c.table == "region" && c.column == "code" && c.pk == 1));
    assert!(s.columns.iter().all(|c| c.family != "other"), "every type is known: {:?}", s.columns);
    assert_eq!(s, p, "SQLite and PostgreSQL schemas drifted");
    sqlite.close().await;
    pg.close().await;
    common::drop_schema(base, schema);
}

/// Opens a raw connection and sends the head of a JSON POST whose body is
/// still to come, as a slow phone on a poor signal would.
async fn start_slow_post(app: &TestApp, body_len: usize) -> tokio::net::TcpStream {
    use tokio::io::AsyncWriteExt;
    let mut s = tokio::net::TcpStream::connect(app.base.trim_start_matches("http://")).await.unwrap();
    let head = format!(
        "POST /api/v1/regions/lookup HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: {body_len}\r\nConnection: close\r\n\r\n"
    );
    s.write_all(head.as_bytes()).await.unwrap();
    s
}

async fn read_all(mut s: tokio::net::TcpStream) -> String {
    use tokio::io::AsyncReadExt;
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.unwrap();
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn a_request_that_takes_too_long_gets_a_timeout_error() {
    let app = TestApp::spawn_with(|g| g.request_timeout_secs = flag(1)).await;
    let conn = start_slow_post(&app, 40).await;
    // The body never comes; the server gives up after a second.
    let reply = tokio::time::timeout(std::time::Duration::from_secs(20), read_all(conn)).await.expect("answered");
    assert!(reply.starts_with("HTTP/1.1 504"), "{reply}");
    assert!(reply.contains("\"code\":\"timeout\""), "{reply}");
    app.stop().await;
}

#[tokio::test]
async fn shutdown_lets_a_request_in_flight_finish() {
    use tokio::io::AsyncWriteExt;
    let mut app = TestApp::spawn().await;
    let body = br#"{"codes": ["141102002006"]}"#;
    let mut conn = start_slow_post(&app, body.len()).await;
    conn.write_all(&body[..10]).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    app.begin_stop();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    conn.write_all(&body[10..]).await.unwrap();
    let reply = read_all(conn).await;
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert!(reply.contains("生态园社区"), "{reply}");
    app.stop().await;
}

#[tokio::test]
async fn a_client_that_trickles_its_headers_is_cut_off() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = TestApp::spawn().await;
    let mut s = tokio::net::TcpStream::connect(app.base.trim_start_matches("http://")).await.unwrap();
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: t\r\nX-Slow: a").await.unwrap();
    // The head never ends: the server lets go of the connection (a
    // slowloris holds no connection for ever).
    let wait = linli::web::server::HEAD_TIMEOUT + std::time::Duration::from_secs(15);
    let mut out = Vec::new();
    let closed = tokio::time::timeout(wait, s.read_to_end(&mut out)).await;
    assert!(closed.is_ok(), "still open after {wait:?}");
    assert!(!String::from_utf8_lossy(&out).contains("200 OK"));
    app.stop().await;
}
