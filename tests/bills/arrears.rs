//! Arrears (欠费催缴) as staff meet them: a bill owes only after its fee
//! item's grace period, the list pages and filters, the reminders are
//! confirmed before they go — what was confirmed is what is sent — and a
//! community's daily limit holds even when many sends arrive at once.

use super::*;

const ARREARS: &str = "/api/v1/communities/141102001002/arrears";
const REMINDERS: &str = "/api/v1/communities/141102001002/arrears/reminders";

/// Sets when a period's bills were issued, as if the bill run was `days` ago.
async fn issued_days_ago(app: &TestApp, period: &str, house: Option<Uuid>, days: i64) {
    let db = raw_db(app).await;
    let mut q = Query::update()
        .table("bill")
        .value("created_at", chrono::Utc::now() - chrono::Duration::days(days))
        .and_where(Expr::col("period").eq(period))
        .to_owned();
    if let Some(h) = house {
        q.and_where(Expr::col("house_id").eq(h));
    }
    db.execute(&q).await.unwrap();
    db.close().await;
}

async fn total(staff: &mut common::Browser<'_>, query: &str) -> u64 {
    let (status, body) = staff.api(&format!("{ARREARS}{query}")).await;
    assert_eq!(status, 200, "{body}");
    body["total"].as_u64().unwrap()
}

#[tokio::test]
async fn a_bill_just_issued_does_not_owe_until_its_grace_period_has_passed() {
    let app = TestApp::spawn().await;
    let mut staff = setup(&app).await;
    let run = json!({"fee": "WY", "period": "2026-11"});
    staff.api_send(Method::POST, &format!("/api/v1/communities/{JTL}/bill-runs"), &run).await;
    let all = houses(&app, JTL).await;
    assert_eq!(total(&mut staff, "").await, all.len() as u64, "no grace: owing at once");

    // Thirty days' grace: the bills issued today owe nobody anything yet.
    let wy = format!("/api/v1/communities/{JTL}/fee-items/WY");
    let fee = json!({"name": "物业费", "kind": "area", "price": "1.20", "grace_days": 30});
    let (status, saved) = staff.api_send(Method::PUT, &wy, &fee).await;
    assert_eq!((status, saved["grace_days"].as_i64()), (200, Some(30)), "{saved}");
    assert_eq!(total(&mut staff, "").await, 0, "within the grace period");
    let (_, plan) = staff.api(REMINDERS).await;
    assert_eq!(plan["messages"], 0, "and nobody is reminded: {plan}");

    // One house's bill was issued 31 days ago: it owes; 29 days ago: not yet.
    issued_days_ago(&app, "2026-11", Some(all[0].0), 31).await;
    issued_days_ago(&app, "2026-11", Some(all[1].0), 29).await;
    let (_, list) = staff.api(ARREARS).await;
    assert_eq!(list["total"], 1, "{list}");
    assert_eq!(list["houses"][0]["house"], all[0].0.to_string());

    // Saved again without a grace period, the item keeps its own.
    let fee = json!({"name": "物业管理费", "kind": "area", "price": "1.20"});
    let (_, saved) = staff.api_send(Method::PUT, &wy, &fee).await;
    assert_eq!(saved["grace_days"], 30, "{saved}");
    let (status, body) = staff
        .api_send(Method::PUT, &wy, &json!({"name": "物业费", "kind": "area", "price": "1.20", "grace_days": -1}))
        .await;
    assert_eq!((status, body["field"].as_str()), (400, Some("grace_days")), "{body}");
    app.stop().await;
}

#[tokio::test]
async fn arrears_page_and_filter_by_building_months_owed_and_amount() {
    let app = TestApp::spawn().await;
    let mut staff = setup(&app).await;
    let runs = format!("/api/v1/communities/{JTL}/bill-runs");
    for period in ["2026-10", "2026-11"] {
        staff.api_send(Method::POST, &runs, &json!({"fee": "WY", "period": period})).await;
    }
    let every = addresses(&app).await;
    // Three houses paid October: they owe one month, the rest two.
    for (house, ..) in every.iter().take(3) {
        let (_, bills) = staff.api(&format!("/api/v1/communities/{JTL}/houses/{house}/bills")).await;
        let october = bills.as_array().unwrap().iter().find(|b| b["period"] == "2026-10").unwrap().clone();
        let pay = format!("/api/v1/communities/{JTL}/bills/{}/payments", october["id"].as_str().unwrap());
        let body = json!({"amount": yuan(october["owed"].as_i64().unwrap()), "channel": "cash",
            "idempotency_key": format!("paid-october-{house}")});
        assert_eq!(staff.api_send(Method::POST, &pay, &body).await.0, 201);
    }
    let n = every.len() as u64;
    assert_eq!(total(&mut staff, "").await, n);
    assert_eq!(total(&mut staff, "?months=2").await, n - 3, "two months owed");
    let (status, body) = staff.api(&format!("{ARREARS}?months=0")).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("months")), "{body}");

    // Paging: five a page, every house once, most owed first across pages.
    let mut seen = Vec::new();
    let mut owed = Vec::new();
    for page in 1..=n.div_ceil(5) {
        let (_, p) = staff.api(&format!("{ARREARS}?per_page=5&page={page}")).await;
        assert_eq!((p["total"].as_u64(), p["page"].as_u64()), (Some(n), Some(page)));
        for h in p["houses"].as_array().unwrap() {
            seen.push(h["house"].as_str().unwrap().to_owned());
            owed.push(h["owed"].as_i64().unwrap());
        }
    }
    let (_, past) = staff.api(&format!("{ARREARS}?per_page=5&page={}", n.div_ceil(5) + 1)).await;
    assert!(past["houses"].as_array().unwrap().is_empty());
    let distinct: std::collections::BTreeSet<&String> = seen.iter().collect();
    assert_eq!((seen.len() as u64, distinct.len() as u64), (n, n), "each house on exactly one page");
    assert!(owed.windows(2).all(|w| w[0] >= w[1]), "most owed first: {owed:?}");

    // By building; by an amount at least the median owed.
    let building = every[0].1;
    let in_building = every.iter().filter(|h| h.1 == building).count() as u64;
    let (_, b) = staff.api(&format!("{ARREARS}?building={building}&per_page=200")).await;
    assert_eq!(b["total"].as_u64(), Some(in_building));
    assert!(b["houses"].as_array().unwrap().iter().all(|h| h["building"] == building.to_string()));
    let mut sorted = owed.clone();
    sorted.sort();
    let median = sorted[sorted.len() / 2];
    let at_least = owed.iter().filter(|o| **o >= median).count() as u64;
    assert_eq!(total(&mut staff, &format!("?min_owed={}", yuan(median))).await, at_least);
    assert_eq!(total(&mut staff, &format!("?min_owed={}&months=2", yuan(median))).await, {
        let (_, all2) = staff.api(&format!("{ARREARS}?months=2&per_page=200")).await;
        all2["houses"].as_array().unwrap().iter().filter(|h| h["owed"].as_i64().unwrap() >= median).count() as u64
    });

    // The page: grid names, filters kept in the pager's links.
    let (status, _, page) = staff.get("/arrears?months=2").await;
    assert_eq!(status, 200);
    assert!(page.contains("交通路第一网格") && page.contains("data-grid=\"141102001002001\""), "{page}");
    assert!(page.contains("value=\"2\""), "the filter stays typed: {page}");
    let (status, _, page) = staff.get("/arrears?months=abc&min_owed=12.345").await;
    assert_eq!(status, 422);
    assert!(page.contains("class=\"alert\"") && page.contains("value=\"abc\""), "{page}");
    app.stop().await;
}

#[tokio::test]
async fn the_confirmation_says_what_will_be_sent_and_exactly_that_is_sent() {
    let app = TestApp::spawn().await;
    let mut staff = setup(&app).await;
    let run = json!({"fee": "WY", "period": "2026-11"});
    staff.api_send(Method::POST, &format!("/api/v1/communities/{JTL}/bill-runs"), &run).await;
    let grid1 = "141102001002001";
    let (_, plan) = staff.api(&format!("{REMINDERS}?grid={grid1}")).await;
    let n = plan["messages"].as_u64().unwrap();
    assert!(n > 0 && plan["left_today"] == 500 && plan["daily_limit"] == 500, "{plan}");
    let texts: std::collections::BTreeSet<String> =
        plan["reminders"].as_array().unwrap().iter().map(|r| r["text"].as_str().unwrap().to_owned()).collect();

    // The page says it in words, with the first message in full.
    let (status, _, page) = staff.get(&format!("/arrears/remind?grid={grid1}")).await;
    assert_eq!(status, 200);
    assert!(page.contains(&format!("将向 {n} 户发送 {n} 条短信")), "{page}");
    let first = plan["reminders"][0]["text"].as_str().unwrap();
    assert!(page.contains(first), "{page}");

    // A count that is no longer true sends nothing.
    let (status, body) =
        staff.api_send(Method::POST, &format!("{REMINDERS}?grid={grid1}"), &json!({"expected": n + 1})).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("expected")), "{body}");
    let (status, _, page) =
        staff.post("/arrears/remind", &[("community", JTL), ("grid", grid1), ("expected", "999")]).await;
    assert_eq!(status, 422);
    assert!(page.contains(&format!("现在要发 {n} 条")), "{page}");

    let (status, sent) =
        staff.api_send(Method::POST, &format!("{REMINDERS}?grid={grid1}"), &json!({"expected": n})).await;
    assert_eq!((status, sent["sent"].as_u64()), (200, Some(n)), "{sent}");
    let (_, outbox) = staff.api("/api/v1/outbox").await;
    let bodies: std::collections::BTreeSet<String> = outbox
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["subject"] == "缴费提醒")
        .map(|m| m["body"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(bodies, texts, "what was shown is what went");
    // A second click of the same confirmation sends nothing more.
    let (status, _, page) =
        staff.post("/arrears/remind", &[("community", JTL), ("grid", grid1), ("expected", &n.to_string())]).await;
    assert_eq!(status, 422);
    assert!(page.contains("现在要发 0 条"), "{page}");
    let (_, plan) = staff.api(REMINDERS).await;
    assert_eq!(plan["left_today"].as_u64(), Some(500 - n), "{plan}");
    app.stop().await;
}

#[tokio::test]
async fn the_daily_limit_holds_when_many_sends_arrive_at_once() {
    const LIMIT: u32 = 7;
    let app =
        TestApp::spawn_with(|g| g.sms_daily_limit = linli::config::Overrides { value: Some(LIMIT), source: None })
            .await;
    let mut staff = setup(&app).await;
    let run = json!({"fee": "WY", "period": "2026-11"});
    staff.api_send(Method::POST, &format!("/api/v1/communities/{JTL}/bill-runs"), &run).await;
    // Each building alone fits in the limit; all of them do not.
    let mut buildings: Vec<Uuid> = addresses(&app).await.iter().map(|a| a.1).collect();
    buildings.dedup();
    let mut sizes = Vec::new();
    for b in &buildings {
        let (_, plan) = staff.api(&format!("{REMINDERS}?building={b}")).await;
        sizes.push(plan["messages"].as_i64().unwrap());
    }
    assert!(sizes.iter().all(|s| *s > 0 && *s <= i64::from(LIMIT)), "{sizes:?}");
    assert!(sizes.iter().sum::<i64>() > i64::from(LIMIT), "{sizes:?}");

    // Every building's send, twice over, all at once.
    let cookie = staff.cookie_header();
    let mut sends = tokio::task::JoinSet::new();
    for b in buildings.iter().chain(buildings.iter()) {
        let req = app
            .client
            .post(app.url(&format!("{REMINDERS}?building={b}")))
            .header("cookie", cookie.clone())
            .json(&json!({}));
        sends.spawn(async move {
            let res = req.send().await.unwrap();
            (res.status().as_u16(), res.json::<Value>().await.unwrap())
        });
    }
    let mut results = Vec::new();
    while let Some(r) = sends.join_next().await {
        results.push(r.unwrap());
    }
    let sent: i64 = results.iter().filter(|(s, _)| *s == 200).map(|(_, b)| b["sent"].as_i64().unwrap()).sum();
    let refused: Vec<&Value> = results.iter().filter(|(s, _)| *s == 400).map(|(_, b)| b).collect();
    assert_eq!(results.len(), refused.len() + results.iter().filter(|(s, _)| *s == 200).count(), "{results:?}");
    assert!(sent > 0 && sent <= i64::from(LIMIT), "sent {sent}: {results:?}");
    assert!(!refused.is_empty(), "{results:?}");
    for r in &refused {
        assert_eq!(r["field"], "daily_limit", "{r}");
        assert!(r["detail"].as_str().unwrap().contains("今天还能发送"), "{r}");
    }
    let (_, outbox) = staff.api("/api/v1/outbox").await;
    let queued = outbox.as_array().unwrap().iter().filter(|m| m["subject"] == "缴费提醒").count() as i64;
    assert_eq!(queued, sent, "the outbox holds exactly what was counted");
    let recipients: std::collections::BTreeSet<&str> = outbox
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["subject"] == "缴费提醒")
        .map(|m| m["recipient"].as_str().unwrap())
        .collect();
    assert_eq!(recipients.len() as i64, sent, "nobody reminded twice");
    let (_, plan) = staff.api(REMINDERS).await;
    assert_eq!(plan["left_today"].as_i64(), Some(i64::from(LIMIT) - sent), "{plan}");
    app.stop().await;
}
