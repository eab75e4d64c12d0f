//! Deadline escalation (督办) across restarts and servers: the real `linli
//! serve` process checks deadlines; an overdue event escalates after a
//! restart, and neither another restart nor two servers at once on the same
//! database send any alert twice.

mod common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{Engine, TestApp, signed_in};
use reqwest::Method;
use sea_query::{Expr, ExprTrait, Query};
use serde_json::{Value, json};
use uuid::Uuid;

/// Starts `linli serve` on the engine's database and waits until it answers.
fn serve(engine: &Engine) -> Child {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(env!("CARGO_BIN_EXE_linli"))
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .args(engine.cli_args())
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let until = Instant::now() + Duration::from_secs(60);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < until, "linli serve did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    child
}

fn stop(child: Child) {
    let kill = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(kill.success());
    assert!(child.wait_with_output().unwrap().status.success());
}

/// The recipients of the alerts written for an event, sorted.
async fn alerts(db: &linli_store::Db, event: Uuid) -> Vec<String> {
    let q = Query::select()
        .column("recipient")
        .from("notification")
        .and_where(Expr::col("event_id").eq(event))
        .and_where(Expr::col("subject").like("%期%"))
        .to_owned();
    let mut r: Vec<String> = db.fetch_all(&q).await.unwrap().iter().map(|r| r.get("recipient").unwrap()).collect();
    r.sort();
    r
}

async fn wait_for_alerts(db: &linli_store::Db, event: Uuid, n: usize) -> Vec<String> {
    let until = Instant::now() + Duration::from_secs(30);
    loop {
        let got = alerts(db, event).await;
        if got.len() >= n || Instant::now() > until {
            return got;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Puts an event's running deadline two days back.
async fn overdue(db: &linli_store::Db, event: Uuid) {
    let q = Query::update()
        .table("event")
        .values([
            ("state", "dispatched".into()),
            ("handler", "保洁组".into()),
            ("deadline_hours", 1i64.into()),
            ("deadline_from", (chrono::Utc::now() - chrono::Duration::hours(48)).into()),
        ])
        .and_where(Expr::col("id").eq(event))
        .to_owned();
    assert_eq!(db.execute(&q).await.unwrap(), 1);
}

#[tokio::test]
async fn an_overdue_event_escalates_after_a_restart_and_no_alert_is_sent_twice() {
    let app = TestApp::spawn().await;
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let mut ids = Vec::new();
    for text in ["单元门坏了关不上", "楼道灯不亮"] {
        let report = json!({"category": "0101", "text": text, "community": "141102001002", "phone": "13912345678"});
        let (status, created) = staff.api_send(Method::POST, "/api/v1/events", &report).await;
        assert_eq!(status, 201);
        let id = created["id"].as_str().unwrap().to_owned();
        let path = format!("/api/v1/events/{id}/actions");
        assert_eq!(staff.api_send(Method::POST, &path, &json!({"action": "accept"})).await.0, 200);
        ids.push(Uuid::parse_str(&id).unwrap());
    }
    let path = format!("/api/v1/events/{}/actions", ids[0]);
    let dispatch = json!({"action": "dispatch", "hours": 1, "handler": "保洁组"});
    let (status, _): (u16, Value) = staff.api_send(Method::POST, &path, &dispatch).await;
    assert_eq!(status, 200);
    drop(staff);
    let engine = app.stop_keeping_database().await;
    let db = linli::app::open(&engine.settings(|_| {})).await.unwrap();

    // While no server ran, the first event's deadline passed long ago.
    overdue(&db, ids[0]).await;
    let server = serve(&engine);
    let expected = ["handler:保洁组", "role:community_head@141102001002", "role:street_admin@141102001000"];
    assert_eq!(wait_for_alerts(&db, ids[0], 3).await, expected, "warned, escalated to the head and the street");
    stop(server);

    // The second event goes overdue too; two servers start at once on the
    // same database. Once its alerts are out, both have checked.
    overdue(&db, ids[1]).await;
    let (one, two) = (serve(&engine), serve(&engine));
    assert_eq!(wait_for_alerts(&db, ids[1], 3).await, expected);
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop(one);
    stop(two);
    assert_eq!(alerts(&db, ids[0]).await, expected, "nothing sent again after the restarts");
    assert_eq!(alerts(&db, ids[1]).await, expected, "two servers sent each alert once");
    let late = Query::select().column("late").from("event").and_where(Expr::col("id").is_in(ids.clone())).to_owned();
    let flags: Vec<bool> = db.fetch_all(&late).await.unwrap().iter().map(|r| r.get("late").unwrap()).collect();
    assert_eq!(flags, [true, true], "both count as late");
    db.close().await;
}
