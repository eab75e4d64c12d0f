//! A deployment counts days in its own zone (`time_zone`). The zone is one
//! per process, so this file is its own test binary: every other test runs
//! at the default, Beijing time.

mod common;

use common::{TestApp, add_account, flag, raw_db};

#[tokio::test]
async fn a_deployment_in_urumqi_counts_its_days_in_urumqi_time() {
    let app = TestApp::spawn_with(|g| g.time_zone = flag("Asia/Urumqi".into())).await;
    assert_eq!(linli::domain::time::zone().to_string(), "+06:00");
    add_account(&app, "grid.lin", None, "grid_worker", "141102001002").await;
    // The grant was given at 17:30 UTC on 27 November: already the 28th in
    // Beijing (01:30), still the 27th in Ürümqi (23:30).
    {
        use sea_query::{Expr, ExprTrait};
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-27T17:30:00Z").unwrap().with_timezone(&chrono::Utc);
        let db = raw_db(&app).await;
        let q = sea_query::Query::update()
            .table("audit_log")
            .value("at", at)
            .and_where(Expr::col("action").eq("grant.add"))
            .to_owned();
        assert_eq!(db.execute(&q).await.unwrap(), 1);
        db.close().await;
    }
    let region = linli::domain::registry::region::RegionCode::parse("141102").unwrap();
    let scopes = [linli::app::access::token::Scope::Audit];
    let (_, token) =
        app.app.create_token(&linli::app::access::audit::Actor::cli(), "siem", &scopes, &region).await.unwrap();
    let on = |day: &'static str| {
        let url = app.url(&format!("/api/v1/audit?action=grant.add&from={day}&until={day}"));
        let req = app.client.get(url).header("authorization", format!("Bearer {token}"));
        async move {
            let res = req.send().await.unwrap();
            assert_eq!(res.status(), 200);
            res.json::<serde_json::Value>().await.unwrap().as_array().unwrap().len()
        }
    };
    assert_eq!(on("2026-11-27").await, 1, "the 27th in Ürümqi");
    assert_eq!(on("2026-11-28").await, 0, "at the default (Beijing) it would be the 28th");
    app.stop().await;
}
