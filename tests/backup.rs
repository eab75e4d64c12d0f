//! The backup drill: a backup taken while cashiers keep paying is a
//! consistent moment of the community's books, and restoring it gives back
//! exactly that moment with its audit chain whole.

mod common;

use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use common::{Engine, TestApp, ledger_holds, raw_db, signed_in};
use reqwest::Method;
use sea_query::{Expr, ExprTrait, Func, Query};
use serde_json::json;
use uuid::Uuid;

const JTL: &str = "141102001002";
const PASS: &str = "长城饭店 2026 backup drill";

fn linli(engine: &Engine, args: &[&str], extra: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_linli"));
    cmd.args(args).args(extra).args(engine.cli_args()).env("DRILL_PASS", PASS).env("LINLI_DRILL_PASS", PASS);
    cmd.output().expect("linli runs")
}

fn said(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

async fn count(db: &linli_store::Db, table: &'static str) -> i64 {
    let q = Query::select().expr_as(Func::count(Expr::cust("*")), "n").from(table).to_owned();
    db.fetch_all(&q).await.unwrap()[0].get::<i64>("n").unwrap()
}

#[tokio::test]
async fn a_backup_taken_while_cashiers_pay_restores_a_whole_moment() {
    let app = TestApp::spawn().await;
    linli::demo_people::fill(&app.app).await.unwrap();
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", JTL).await;
    let fee = json!({"name": "物业费", "kind": "area", "price": "1.20"});
    let (status, _) = staff.api_send(Method::PUT, &format!("/api/v1/communities/{JTL}/fee-items/wy"), &fee).await;
    assert_eq!(status, 200);
    let run = json!({"fee": "WY", "period": "2026-11"});
    staff.api_send(Method::POST, &format!("/api/v1/communities/{JTL}/bill-runs"), &run).await;
    let db = raw_db(&app).await;
    let q = Query::select().column("id").from("bill").and_where(Expr::col("community_id").eq(JTL)).to_owned();
    let bills: Vec<Uuid> = db.fetch_all(&q).await.unwrap().iter().map(|r| r.get("id").unwrap()).collect();
    assert!(bills.len() >= 20, "the demo's houses are billed");

    // Eight cashiers take ¥0.01 payments round the bills without pause.
    let stop = Arc::new(AtomicBool::new(false));
    let paid = Arc::new(AtomicUsize::new(0));
    let cookie = staff.cookie_header();
    let mut cashiers = Vec::new();
    for c in 0..8 {
        let (client, base, cookie, bills) = (app.client.clone(), app.base.clone(), cookie.clone(), bills.clone());
        let (stop, paid) = (stop.clone(), paid.clone());
        cashiers.push(tokio::spawn(async move {
            let mut i = 0usize;
            while !stop.load(Ordering::Relaxed) {
                let bill = bills[(c * 7 + i) % bills.len()];
                let url = format!("{base}/api/v1/communities/{JTL}/bills/{bill}/payments");
                let body = json!({"amount": "0.01", "channel": "cash", "idempotency_key": format!("drill-{c}-{i}")});
                let res = client.post(url).header("cookie", &cookie).json(&body).send().await.unwrap();
                assert_eq!(res.status().as_u16(), 201, "{}", res.text().await.unwrap());
                paid.fetch_add(1, Ordering::Relaxed);
                i += 1;
            }
        }));
    }
    while paid.load(Ordering::Relaxed) < 50 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }

    // While they pay: restore refuses to touch a database in use, and the backup runs.
    let scratch = tempfile::tempdir().unwrap();
    let file = scratch.path().join("jtl.backup");
    let file_arg = file.display().to_string();
    let engine = &app.engine;
    let o = linli(engine, &["restore", &file_arg, "--force"], &[]);
    assert_eq!(o.status.code(), Some(2), "{}", said(&o));
    let before_backup = paid.load(Ordering::Relaxed);
    let o = linli(engine, &["backup", &file_arg, "--passphrase-env", "DRILL_PASS"], &[]);
    assert!(o.status.success(), "{}", said(&o));
    assert!(said(&o).contains("100%"), "the backup shows its progress: {}", said(&o));
    let at_backup = paid.load(Ordering::Relaxed);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o077, 0, "only the owner reads a backup");
    }
    let o = linli(engine, &["backup", &file_arg], &[]);
    assert_eq!(o.status.code(), Some(2), "a backup never overwrites: {}", said(&o));

    // The cashiers go on a while after it, then stop.
    while paid.load(Ordering::Relaxed) < at_backup + 30 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    stop.store(true, Ordering::Relaxed);
    for c in cashiers {
        c.await.unwrap();
    }
    let (_, payments_at_end) = ledger_holds(&db).await;
    assert_eq!(payments_at_end, paid.load(Ordering::Relaxed));
    db.close().await;
    let engine = app.stop_keeping_database().await;

    // A damaged copy is refused before anything is touched.
    if matches!(engine, Engine::Sqlite(_)) {
        let mut bytes = std::fs::read(&file).unwrap();
        let mid = bytes.len() / 2;
        bytes[mid..mid + 4096].fill(0x5a);
        let bad = scratch.path().join("damaged.backup");
        std::fs::write(&bad, bytes).unwrap();
        let o = linli(&engine, &["restore", &bad.display().to_string(), "--force"], &[]);
        assert_eq!(o.status.code(), Some(2), "{}", said(&o));
    }

    // Restore: into a new folder for SQLite (the key comes out of the backup
    // with the passphrase), over the schema for PostgreSQL.
    let restored = match &engine {
        Engine::Sqlite(_) => {
            let fresh = Engine::Sqlite(tempfile::tempdir().unwrap());
            let o = linli(&fresh, &["restore", &file_arg], &[]);
            assert_eq!(o.status.code(), Some(2), "without the key or the passphrase: {}", said(&o));
            let o = linli(&fresh, &["restore", &file_arg, "--passphrase-env", "LINLI_DRILL_PASS"], &[]);
            assert!(o.status.success(), "{}", said(&o));
            assert!(
                !said(&o).contains("LINLI_DRILL_PASS is ignored"),
                "the passphrase's variable is used: {}",
                said(&o)
            );
            assert!(said(&o).contains("audit log intact"), "{}", said(&o));
            fresh
        }
        Engine::Postgres { .. } => {
            let o = linli(&engine, &["restore", &file_arg], &[]);
            assert_eq!(o.status.code(), Some(2), "a database is there: {}", said(&o));
            let o = linli(&engine, &["restore", &file_arg, "--force"], &[]);
            assert!(o.status.success(), "{}", said(&o));
            assert!(said(&o).contains("audit log intact"), "{}", said(&o));
            engine
        }
    };
    let settings = restored.settings(|_| {});
    let db = linli_store::Db::connect(&settings.target().unwrap(), &settings.pool()).await.unwrap();
    let (bill_count, payments) = ledger_holds(&db).await;
    assert_eq!(bill_count, bills.len());
    // Payments answered before the backup began are in it; those after it ended are not.
    assert!(
        payments >= before_backup && payments <= at_backup + 8 && payments < payments_at_end,
        "the backup holds one moment: {payments} payments (before it {before_backup}, after it {at_backup}, at the end {payments_at_end})"
    );
    assert!(count(&db, "audit_log").await as usize >= payments, "each payment left its audit entry");
    db.close().await;

    // The restored platform runs: the staff member signs in and sees the books.
    let again = TestApp::spawn_on(restored, |_| {}).await;
    let o = linli(&again.engine, &["audit", "verify"], &[]);
    assert!(o.status.success(), "{}", said(&o));
    again.stop().await;
}
