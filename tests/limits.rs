//! Limits that hold however many requests arrive at once: a burst of
//! parallel guesses, registrations, reports or kiosk look-ups gets exactly
//! as many through as the limit allows, one after another or all together.

mod common;

use common::{Browser, TestApp, add_account};
use linli::domain::registry::id_number::check_digit;
use serde_json::{Value, json};

const GOOD: &str = "Lvliang-2026-grid";
const JTL: &str = "141102001002";

fn id(birth: &str, seq: &str) -> String {
    let first17 = format!("141102{birth}{seq}");
    format!("{first17}{}", check_digit(first17.as_bytes()))
}

/// Sends all `bodies` to `path` as JSON at the same moment; their statuses.
async fn burst(app: &TestApp, path: &str, bodies: Vec<Value>) -> Vec<u16> {
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(bodies.len()));
    let mut tasks = Vec::new();
    for body in bodies {
        let (client, url, start) = (app.client.clone(), app.url(path), start.clone());
        tasks.push(tokio::spawn(async move {
            start.wait().await;
            client.post(url).json(&body).send().await.unwrap().status().as_u16()
        }));
    }
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

fn count(statuses: &[u16], status: u16) -> usize {
    statuses.iter().filter(|s| **s == status).count()
}

/// Sign-in failures the audit log holds for a login label.
async fn failures_logged(app: &TestApp) -> usize {
    let db = common::raw_db(app).await;
    use sea_query::{Expr, ExprTrait};
    let q = sea_query::Query::select()
        .expr_as(Expr::col("seq").count(), "n")
        .from("audit_log")
        .and_where(Expr::col("action").eq("signin.failure"))
        .to_owned();
    let n: i64 = db.fetch_optional(&q).await.unwrap().unwrap().get("n").unwrap();
    db.close().await;
    n as usize
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixty_guesses_at_once_get_five_passwords_checked_and_the_right_one_then_waits() {
    let app = TestApp::spawn().await;
    let initial = add_account(&app, "grid.zhou", None, "grid_worker", JTL).await;
    let wrong: Vec<Value> =
        (0..60).map(|i| json!({"login": "grid.zhou", "password": format!("wrong-guess-{i}")})).collect();
    let statuses = burst(&app, "/api/v1/session", wrong).await;
    // Four are told "wrong", the fifth that it locked the account, the rest wait.
    assert_eq!(count(&statuses, 401), 4, "{statuses:?}");
    assert_eq!(count(&statuses, 429), 56, "{statuses:?}");
    assert_eq!(failures_logged(&app).await, 5, "only five passwords were ever checked");
    let statuses = burst(&app, "/api/v1/session", vec![json!({"login": "grid.zhou", "password": initial})]).await;
    assert_eq!(statuses, [429], "the right password waits out the lock");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_nine_wrong_and_one_right_at_once_check_no_more_than_the_limit() {
    let app = TestApp::spawn().await;
    let initial = add_account(&app, "grid.qian", None, "grid_worker", JTL).await;
    let mut bodies: Vec<Value> =
        (0..59).map(|i| json!({"login": "grid.qian", "password": format!("wrong-guess-{i}")})).collect();
    bodies.insert(30, json!({"login": "grid.qian", "password": initial}));
    let statuses = burst(&app, "/api/v1/session", bodies).await;
    // The right password gets in only if it came among the first five.
    assert!(count(&statuses, 200) <= 1, "{statuses:?}");
    assert!(count(&statuses, 401) <= 4, "{statuses:?}");
    assert!(failures_logged(&app).await <= 5, "no more than five wrong passwords were checked");
    assert_eq!(count(&statuses, 200) + count(&statuses, 401) + count(&statuses, 429), 60, "{statuses:?}");
    app.stop().await;
}

#[tokio::test]
async fn the_user_name_and_the_phone_of_one_account_share_one_lock() {
    let app = TestApp::spawn().await;
    let initial = add_account(&app, "grid.sun", Some("13812340001"), "grid_worker", JTL).await;
    let mut b = Browser::new(&app);
    for login in ["grid.sun", "grid.sun", "13812340001", "138 1234 0001"] {
        let (status, _, _) = b.sign_in(login, "wrong-password").await;
        assert_eq!(status, 401, "{login}");
    }
    let (status, _, html) = b.sign_in("13812340001", "wrong-password").await;
    assert_eq!(status, 429, "the fifth failure on the account locks it, whichever login was typed");
    assert!(html.contains("暂时锁定"), "{html}");
    let (status, _, _) = b.sign_in("grid.sun", &initial).await;
    assert_eq!(status, 429, "the user name is locked too");
    app.stop().await;
}

#[tokio::test]
async fn a_right_password_does_not_count_as_a_failure() {
    let app = TestApp::spawn().await;
    let initial = add_account(&app, "grid.li", None, "grid_worker", JTL).await;
    let mut b = Browser::new(&app);
    for _ in 0..8 {
        let (status, location, _) = b.sign_in("grid.li", &initial).await;
        assert_eq!((status, location.as_str()), (303, "/account/password"));
    }
    for i in 1..=4 {
        let (status, _, _) = b.sign_in("grid.li", "wrong-password").await;
        assert_eq!(status, 401, "failure {i}");
    }
    app.stop().await;
}

fn registration(i: usize, phone: &str) -> Value {
    json!({"name": "王五", "phone": phone, "id_number": id("19800101", &format!("{:03}", 100 + i)),
           "password": GOOD, "community": JTL})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn forty_registrations_at_once_from_one_address_get_five_through() {
    let app = TestApp::spawn().await;
    let bodies = (0..40).map(|i| registration(i, &format!("1391234{i:04}"))).collect();
    let statuses = burst(&app, "/api/v1/registrations", bodies).await;
    assert_eq!(count(&statuses, 200), 5, "{statuses:?}");
    assert_eq!(count(&statuses, 429), 35, "{statuses:?}");
    app.stop().await;
}

#[tokio::test]
async fn asking_whether_phones_are_registered_counts_against_the_address() {
    let app = TestApp::spawn().await;
    add_account(&app, "resident.zhang", Some("13700001111"), "resident", JTL).await;
    for i in 0..5 {
        let statuses = burst(&app, "/api/v1/registrations", vec![registration(i, "13700001111")]).await;
        assert_eq!(statuses, [400], "attempt {i}: 该手机号已注册");
    }
    let statuses = burst(&app, "/api/v1/registrations", vec![registration(9, "13700002222")]).await;
    assert_eq!(statuses, [429], "the sixth attempt waits, the phone-taken answers counted");
    let statuses = burst(&app, "/api/v1/registrations", vec![registration(10, "13700001111")]).await;
    assert_eq!(statuses, [429], "and the oracle stays shut");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_flood_of_anonymous_reports_gets_ten_through() {
    let app = TestApp::spawn().await;
    let bodies = (0..60)
        .map(|i| json!({"category": "05", "text": format!("楼上装修噪音 {i}"), "community": JTL, "phone": "13700003333"}))
        .collect();
    let statuses = burst(&app, "/api/v1/events", bodies).await;
    assert_eq!(count(&statuses, 201), 10, "{statuses:?}");
    assert_eq!(count(&statuses, 429), 50, "{statuses:?}");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_kiosk_look_ups_at_once_get_ten_misses() {
    let app = TestApp::spawn().await;
    let region = linli::domain::registry::region::RegionCode::parse(JTL).unwrap();
    let actor = linli::app::access::audit::Actor::cli();
    let (_, token) =
        app.app.create_token(&actor, "kiosk-burst", &[linli::app::access::token::Scope::Kiosk], &region).await.unwrap();
    let mut kiosk = Browser::new(&app);
    kiosk.get("/kiosk/pair").await;
    let (status, _, _) = kiosk.post("/kiosk/pair", &[("token", &token)]).await;
    assert_eq!(status, 303);
    kiosk.get("/kiosk/id").await;
    let (cookie, csrf) = (kiosk.cookie_header(), kiosk.csrf.clone());
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(100));
    let mut tasks = Vec::new();
    for i in 0..100 {
        let (client, url, cookie, csrf, start) =
            (app.client.clone(), app.url("/kiosk/id"), cookie.clone(), csrf.clone(), start.clone());
        let number = id("19700101", &format!("{i:03}"));
        tasks.push(tokio::spawn(async move {
            start.wait().await;
            let form = [("number", number.as_str()), ("_csrf", csrf.as_str())];
            client.post(url).header("cookie", cookie).form(&form).send().await.unwrap().status().as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    assert_eq!(count(&statuses, 422), 10, "ten misses looked up: {statuses:?}");
    assert_eq!(count(&statuses, 429), 90, "{statuses:?}");
    app.stop().await;
}
