//! Waivers and refunds, arrears, the billing page, meter readings and prepaid balances.

use super::*;

#[tokio::test]
async fn waivers_and_refunds_need_a_second_person_and_never_go_past_the_ledger() {
    let app = TestApp::spawn().await;
    let mut staff = setup(&app).await;
    let (bill, amount) = first_bill(&app, &mut staff).await;
    let adjust = format!("/api/v1/communities/{JTL}/bills/{bill}/adjustments");
    let (status, body) =
        staff.api_send(Method::POST, &adjust, &json!({"kind": "refund", "amount": "1.00", "reason": "多收了"})).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("amount")), "nothing paid, nothing to refund: {body}");
    let (status, body) =
        staff.api_send(Method::POST, &adjust, &json!({"kind": "waive", "amount": "10.00", "reason": ""})).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("reason")));
    let (status, asked) = staff
        .api_send(Method::POST, &adjust, &json!({"kind": "waive", "amount": "10.00", "reason": "低保户减免物业费"}))
        .await;
    assert_eq!(status, 201, "{asked}");
    let decide = format!("/api/v1/communities/{JTL}/adjustments/{}/decision", asked["id"].as_str().unwrap());
    assert_eq!(staff.api_send(Method::POST, &decide, &json!({"approve": true})).await.0, 403, "staff do not approve");

    // The head approves; the bill owes ¥10 less.
    let mut head = signed_in(&app, "jtl.head", "community_head", JTL).await;
    let (_, open) = head.api(&format!("/api/v1/communities/{JTL}/adjustments?state=requested")).await;
    assert_eq!(open.as_array().unwrap().len(), 1);
    let (status, done) = head.api_send(Method::POST, &decide, &json!({"approve": true})).await;
    assert_eq!((status, done["state"].as_str()), (200, Some("approved")), "{done}");
    let (status, _) = head.api_send(Method::POST, &decide, &json!({"approve": true})).await;
    assert_eq!(status, 404, "decided once");
    let (house, _) = houses(&app, JTL).await[0];
    let (_, bills) = staff.api(&format!("/api/v1/communities/{JTL}/houses/{house}/bills")).await;
    assert_eq!((bills[0]["waived"].as_i64(), bills[0]["owed"].as_i64()), (Some(1000), Some(amount - 1000)));

    // Paid in full, then refunded in full after approval: the bill shows 已退款.
    let pay = format!("/api/v1/communities/{JTL}/bills/{bill}/payments");
    let body = json!({"amount": yuan(amount - 1000), "channel": "cash", "idempotency_key": "counter-refund-1"});
    assert_eq!(staff.api_send(Method::POST, &pay, &body).await.0, 201);
    let (status, body) = staff
        .api_send(Method::POST, &adjust, &json!({"kind": "refund", "amount": yuan(amount), "reason": "重复缴费"}))
        .await;
    assert_eq!((status, body["field"].as_str()), (400, Some("amount")), "more than was paid: {body}");
    let (_, refund) = staff
        .api_send(
            Method::POST,
            &adjust,
            &json!({"kind": "refund", "amount": yuan(amount - 1000), "reason": "重复缴费"}),
        )
        .await;
    let (_, second) = staff
        .api_send(
            Method::POST,
            &adjust,
            &json!({"kind": "refund", "amount": yuan(amount - 1000), "reason": "又申请了一次"}),
        )
        .await;
    let decide = |id: &Value| format!("/api/v1/communities/{JTL}/adjustments/{}/decision", id["id"].as_str().unwrap());
    assert_eq!(head.api_send(Method::POST, &decide(&refund), &json!({"approve": true})).await.0, 200);
    let (status, body) = head.api_send(Method::POST, &decide(&second), &json!({"approve": true})).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("amount")), "the second would refund twice: {body}");
    let (_, bills) = staff.api(&format!("/api/v1/communities/{JTL}/houses/{house}/bills")).await;
    assert_eq!((bills[0]["state"].as_str(), bills[0]["refunded"].as_i64()), (Some("refunded"), Some(amount - 1000)));
    let (status, rejected) = head.api_send(Method::POST, &decide(&second), &json!({"approve": false})).await;
    assert_eq!((status, rejected["state"].as_str()), (200, Some("rejected")), "{rejected}");
    assert_eq!(app.app.recent_audit(Some("bill.adjust_decide"), 10).await.unwrap().len(), 3);
    app.stop().await;
}

#[tokio::test]
async fn arrears_are_listed_by_grid_and_reminded_through_the_outbox() {
    let app = TestApp::spawn().await;
    let mut staff = setup(&app).await;
    let (bill, amount) = first_bill(&app, &mut staff).await;
    let pay = format!("/api/v1/communities/{JTL}/bills/{bill}/payments");
    let body = json!({"amount": yuan(amount), "channel": "cash", "idempotency_key": "counter-arrears-1"});
    assert_eq!(staff.api_send(Method::POST, &pay, &body).await.0, 201);
    let all = houses(&app, JTL).await;

    let (status, first) = staff.api(&format!("/api/v1/communities/{JTL}/arrears")).await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["total"].as_u64(), Some(all.len() as u64 - 1), "every house but the one that paid");
    let list = first["houses"].as_array().unwrap().clone();
    assert!(list.windows(2).all(|w| w[0]["owed"].as_i64() >= w[1]["owed"].as_i64()), "most owed first");
    assert!(list.iter().all(|r| r["since"] == "2026-11" && r["bills"] == 1 && r["months"] == 1));
    assert!(list.iter().all(|r| r["grid_name"].as_str().is_some_and(|n| n.contains("网格"))), "{list:?}");
    let grid1 = "141102001002001";
    let (_, mine) = staff.api(&format!("/api/v1/communities/{JTL}/arrears?grid={grid1}")).await;
    let mine_total = mine["total"].as_u64().unwrap();
    let mine = mine["houses"].as_array().unwrap().clone();
    assert!(!mine.is_empty() && mine_total < first["total"].as_u64().unwrap());
    assert!(mine.iter().all(|r| r["grid"] == grid1));

    // A grid worker sees her grid's, and not another's.
    let mut worker = signed_in(&app, "wang.mengxia", "grid_worker", grid1).await;
    let (_, hers) = worker.api(&format!("/api/v1/communities/{JTL}/arrears")).await;
    assert_eq!(hers["total"].as_u64(), Some(mine_total));
    let (status, _) = worker.api(&format!("/api/v1/communities/{JTL}/arrears?grid=141102001002002")).await;
    assert_eq!(status, 404);

    // 催缴: one SMS a house, through the outbox.
    let (status, sent) =
        worker.api_send(Method::POST, &format!("/api/v1/communities/{JTL}/arrears/reminders"), &json!({})).await;
    assert_eq!((status, sent["sent"].as_u64()), (200, Some(mine_total)), "{sent}");
    let (_, outbox) = staff.api("/api/v1/outbox").await;
    let reminders: Vec<&Value> =
        outbox.as_array().unwrap().iter().filter(|n| n["recipient"].as_str().unwrap().starts_with("person:")).collect();
    assert_eq!(reminders.len() as u64, mine_total);
    assert!(reminders[0]["body"].as_str().unwrap().contains("¥"), "{:?}", reminders[0]);
    let (_, again) =
        worker.api_send(Method::POST, &format!("/api/v1/communities/{JTL}/arrears/reminders"), &json!({})).await;
    assert_eq!(again["sent"], 0, "once a day");
    app.stop().await;
}

#[tokio::test]
async fn staff_set_fees_run_bills_and_remind_from_the_billing_page() {
    let app = TestApp::spawn().await;
    linli::demo_people::fill(&app.app).await.unwrap();
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", JTL).await;
    let (status, _, page) = staff.get(&format!("/billing?community={JTL}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("还没有收费项目"), "{page}");
    let fee = [
        ("community", JTL),
        ("what", "fee"),
        ("code", "sf"),
        ("name", "水费"),
        ("kind", "metered"),
        ("tiers", "10 3.40\r\n15 4.80\r\n- 8.20"),
        ("unit", "m³"),
    ];
    let (status, _, page) = staff.post("/billing", &fee).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("≤10m³：¥3.40") && page.contains("以上：¥8.20"), "{page}");
    let bad =
        [("community", JTL), ("what", "fee"), ("code", "WY"), ("name", "物业费"), ("kind", "area"), ("price", "1.2.3")];
    let (status, _, page) = staff.post("/billing", &bad).await;
    assert_eq!(status, 422);
    assert!(page.contains("金额应为数字"), "{page}");
    let wy = [
        ("community", JTL),
        ("what", "fee"),
        ("code", "WY"),
        ("name", "物业费"),
        ("kind", "area"),
        ("price", "1.20"),
        ("grace_days", "400"),
    ];
    let (status, _, page) = staff.post("/billing", &wy).await;
    assert_eq!(status, 422, "a grace period past a year");
    assert!(page.contains("宽限期应为 0–365 天"), "{page}");
    let mut wy = wy.to_vec();
    wy[6].1 = "0";
    let (status, _, page) = staff.post("/billing", &wy).await;
    assert_eq!(status, 200);
    assert!(page.contains("data-grace=\"WY\">0<"), "{page}");
    let run = [("community", JTL), ("what", "run"), ("fee", "WY"), ("period", "2026-11")];
    let (status, _, page) = staff.post("/billing", &run).await;
    assert_eq!(status, 200);
    let all = houses(&app, JTL).await;
    assert!(page.contains(&format!("新生成 {}，已有 0", all.len())), "{page}");
    let (_, _, page) = staff.post("/billing", &run).await;
    assert!(page.contains(&format!("新生成 0，已有 {}", all.len())), "the second run: {page}");
    // December for one building only.
    let every = addresses(&app).await;
    let building = every[0].1;
    let in_building = every.iter().filter(|h| h.1 == building).count();
    assert!(page.contains(&format!("<option value=\"{building}\">")), "{page}");
    let b = building.to_string();
    let one = [("community", JTL), ("what", "run"), ("fee", "WY"), ("period", "2026-12"), ("building", b.as_str())];
    let (_, _, page) = staff.post("/billing", &one).await;
    assert!(page.contains(&format!("新生成 {in_building}，已有 0")), "{page}");
    assert!(in_building < all.len());
    assert!(page.contains(&format!("欠费 <small>{}", all.len())), "{page}");
    // The reminders are confirmed first: how many, to whom, what they say.
    let (status, _, _) = staff.post("/billing", &[("community", JTL), ("what", "remind")]).await;
    assert_eq!(status, 422, "no longer sent from the billing page without confirming");
    let (status, _, confirm) = staff.get(&format!("/arrears/remind?community={JTL}")).await;
    assert_eq!(status, 200);
    let n = confirm.split("data-messages=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    assert!(confirm.contains(&format!("将向 {n} 户发送 {n} 条短信")), "{confirm}");
    let (status, _, page) =
        staff.post("/arrears/remind", &[("community", JTL), ("expected", n.as_str()), ("months", "")]).await;
    assert_eq!(status, 200);
    assert!(page.contains(&format!("已发送催缴短信 {n}")), "{page}");
    let mut other = signed_in(&app, "luo.xinjuan", "community_head", "141102002006").await;
    let (status, _, _) = other.post("/billing", &run).await;
    assert_eq!(status, 403, "another community's staff");
    app.stop().await;
}

#[tokio::test]
async fn meters_are_read_at_the_counter_page() {
    let app = TestApp::spawn().await;
    let mut staff = setup(&app).await;
    let water = json!({"name": "水费", "kind": "metered", "unit": "m³", "tiers": [{"up_to": null, "price": "3.40"}]});
    staff.api_send(Method::PUT, &format!("/api/v1/communities/{JTL}/fee-items/SF"), &water).await;
    let (house, household, _) = november_of_first_house(&app, &mut staff).await;
    let (status, _, page) = staff.get(&format!("/counter?household={household}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("id=\"reading\"") && page.contains(&house.to_string()), "{page}");
    let form = |period: &str, reading: &str| {
        vec![
            ("household", household.to_string()),
            ("community", JTL.to_owned()),
            ("house", house.to_string()),
            ("fee", "SF".to_owned()),
            ("period", period.to_owned()),
            ("reading", reading.to_owned()),
        ]
    };
    let f = form("2026-10", "100.00");
    let fields: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(staff.post("/counter/readings", &fields).await.0, 200);
    let f = form("2026-11", "90.00");
    let fields: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, _, page) = staff.post("/counter/readings", &fields).await;
    assert_eq!(status, 422);
    assert!(page.contains("小于上期"), "{page}");
    let f = form("2026-11", "112.50");
    let fields: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, _, page) = staff.post("/counter/readings", &fields).await;
    assert_eq!(status, 200);
    assert!(page.contains("本期用量 12.50"), "{page}");
    app.stop().await;
}

/// A prepaid balance: a deposit at the counter pays what is owed at once and
/// keeps the rest for the next bill run; it never goes below zero, even with
/// deposits and their settlements racing each other.
#[tokio::test]
async fn a_prepaid_balance_pays_owed_and_new_bills_and_never_goes_below_zero() {
    let app = TestApp::spawn().await;
    let mut staff = setup(&app).await;
    let (house, household, person) = november_of_first_house(&app, &mut staff).await;
    let (_, bills) = staff.api(&format!("/api/v1/communities/{JTL}/houses/{house}/bills")).await;
    let november = bills[0]["amount"].as_i64().unwrap();
    let prepaid = format!("/api/v1/communities/{JTL}/houses/{house}/prepaid");
    // Bad deposits are refused and leave nothing.
    for (body, field) in [
        (json!({"amount": "0", "channel": "cash", "idempotency_key": "dep-bad-0001"}), "amount"),
        (json!({"amount": "10.00", "channel": "online", "idempotency_key": "dep-bad-0002"}), "channel"),
        (json!({"amount": "10.00", "channel": "cash", "idempotency_key": "short"}), "idempotency_key"),
    ] {
        let (status, out) = staff.api_send(Method::POST, &prepaid, &body).await;
        assert_eq!((status, out["field"].as_str()), (400, Some(field)), "{out}");
    }
    let mut other = signed_in(&app, "luo.xinjuan", "community_head", "141102002006").await;
    let dep = json!({"amount": yuan(november + 500), "channel": "cash", "idempotency_key": "dep-first-0001"});
    assert_eq!(other.api_send(Method::POST, &prepaid, &dep).await.0, 403);
    // November's bill and ¥5.00 over: the bill is paid from it at once.
    let (status, first) = staff.api_send(Method::POST, &prepaid, &dep).await;
    assert_eq!(status, 201, "{first}");
    assert_eq!((first["balance"].as_i64(), first["settled"].as_array().unwrap().len()), (Some(500), 1), "{first}");
    let (status, again) = staff.api_send(Method::POST, &prepaid, &dep).await;
    assert_eq!((status, &again["receipt_no"], again["balance"].as_i64()), (200, &first["receipt_no"], Some(500)));
    let reused = json!({"amount": "1.00", "channel": "cash", "idempotency_key": "dep-first-0001"});
    assert_eq!(staff.api_send(Method::POST, &prepaid, &reused).await.1["field"], "idempotency_key");
    let (_, bills) = staff.api(&format!("/api/v1/communities/{JTL}/houses/{house}/bills")).await;
    assert_eq!(bills[0]["state"], "paid", "{bills}");
    // December's run pays ¥5.00 of the new bill from what is left.
    let (_, run) = staff
        .api_send(
            Method::POST,
            &format!("/api/v1/communities/{JTL}/bill-runs"),
            &json!({"fee": "WY", "period": "2026-12"}),
        )
        .await;
    assert_eq!(run["from_prepaid"].as_i64(), Some(1), "{run}");
    let (_, bills) = staff.api(&format!("/api/v1/communities/{JTL}/houses/{house}/bills")).await;
    let december = bills.as_array().unwrap().iter().find(|b| b["period"] == "2026-12").unwrap().clone();
    assert_eq!((december["paid"].as_i64(), december["state"].as_str()), (Some(500), Some("partly_paid")));
    let (_, state) = staff.api(&prepaid).await;
    assert_eq!(state["balance"].as_i64(), Some(0), "{state}");
    // Paying from an empty balance is refused.
    let pay = format!("/api/v1/communities/{JTL}/bills/{}/payments", december["id"].as_str().unwrap());
    let from_balance = json!({"amount": "1.00", "channel": "prepaid", "idempotency_key": "pp-empty-0001"});
    let (status, out) = staff.api_send(Method::POST, &pay, &from_balance).await;
    assert_eq!((status, out["field"].as_str()), (400, Some("amount")), "{out}");

    // Six deposits of ¥30 at once, each settling December: the balance and the
    // bill end exactly where the money says.
    let cookie = staff.cookie_header();
    let mut tasks = Vec::new();
    for i in 0..6 {
        let (client, url, cookie) = (app.client.clone(), app.url(&prepaid), cookie.clone());
        let body = json!({"amount": "30.00", "channel": "card", "idempotency_key": format!("dep-race-{i:04}")});
        tasks.push(tokio::spawn(async move {
            client.post(url).header("cookie", cookie).json(&body).send().await.unwrap().status().as_u16()
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), 201);
    }
    let owed_before = december["amount"].as_i64().unwrap() - 500;
    let paid_now = Ord::min(owed_before, 18_000);
    let (_, state) = staff.api(&prepaid).await;
    assert_eq!(state["balance"].as_i64(), Some(18_000 - paid_now), "{state}");
    let db = raw_db(&app).await;
    let sum = |kind: &'static str| {
        let q = Query::select()
            .column("amount")
            .from("prepaid_entry")
            .and_where(Expr::col("house_id").eq(house))
            .and_where(Expr::col("kind").eq(kind))
            .to_owned();
        let db = db.clone();
        async move { db.fetch_all(&q).await.unwrap().iter().map(|r| r.get::<i64>("amount").unwrap()).sum::<i64>() }
    };
    let (deposits, spends) = (sum("deposit").await, sum("spend").await);
    assert_eq!(deposits - spends, 18_000 - paid_now);
    let q = Query::select()
        .column("amount")
        .from("payment")
        .and_where(Expr::col("house_id").eq(house))
        .and_where(Expr::col("channel").eq("prepaid"))
        .to_owned();
    let paid_from_balance: i64 = db.fetch_all(&q).await.unwrap().iter().map(|r| r.get::<i64>("amount").unwrap()).sum();
    assert_eq!(paid_from_balance, spends, "every spend is a payment");
    db.close().await;

    // The counter shows the balance and takes a deposit; its receipt prints.
    let (status, _, page) = staff.get(&format!("/counter?household={household}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("id=\"balance\"") && page.contains(&format!("¥{}", yuan(18_000 - paid_now))), "{page}");
    let key = page.split("name=\"key\" value=\"").find(|k| k.split('"').next().unwrap().ends_with("-prepaid")).unwrap();
    let key = key.split('"').next().unwrap().to_owned();
    let form = [
        ("household", household.to_string()),
        ("community", JTL.to_owned()),
        ("house", house.to_string()),
        ("amount", "abc".to_owned()),
        ("channel", "cash".to_owned()),
        ("key", key.clone()),
    ];
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, _, page) = staff.post("/counter/prepaid", &fields).await;
    assert_eq!(status, 422);
    assert!(
        page.contains("id=\"deposit-error\"") && page.contains("value=\"abc\""),
        "beside the form, as typed: {page}"
    );
    let mut fields = fields.clone();
    fields[3] = ("amount", "100");
    let (status, location, _) = staff.post("/counter/prepaid", &fields).await;
    assert_eq!(status, 303);
    let (status, _, receipt) = staff.get(&location).await;
    assert_eq!(status, 200);
    assert!(receipt.contains("预存款收据") && receipt.contains("¥100.00"), "{receipt}");
    assert_eq!(other.get(&location).await.0, 404, "another community's staff");
    // The resident sees her balance.
    let mut resident = signed_in(&app, "res.prepaid", "resident", JTL).await;
    let db = raw_db(&app).await;
    let account = linli_store::access::account::find(&db, Some("res.prepaid"), None).await.unwrap().unwrap();
    let mut tx = db.begin().await.unwrap();
    linli_store::access::resident::link_resident(&mut tx, JTL, account.id, person).await.unwrap();
    tx.commit().await.unwrap();
    db.close().await;
    let (_, _, page) = resident.get("/my/bills").await;
    assert!(page.contains("id=\"my-balance\""), "{page}");
    assert_eq!(resident.get(&location).await.0, 200, "her own deposit's receipt");
    app.stop().await;
}

/// A reading sheet goes in whole or not at all, every bad row reported with
/// its line; the round on a phone lists a building's houses with the last
/// reading and takes this one.
#[tokio::test]
async fn a_reading_sheet_goes_in_whole_or_not_at_all_and_the_round_takes_the_rest() {
    let app = TestApp::spawn().await;
    let mut staff = setup(&app).await;
    let water = json!({"name": "水费", "kind": "metered", "unit": "m³", "tiers": [{"up_to": null, "price": "3.40"}]});
    staff.api_send(Method::PUT, &format!("/api/v1/communities/{JTL}/fee-items/SF"), &water).await;
    let all = addresses(&app).await;
    assert!(all.len() >= 5);
    for (i, start) in [(0, "100.00"), (1, "50.00")] {
        let path = format!("/api/v1/communities/{JTL}/houses/{}/readings", all[i].0);
        let r = json!({"fee": "SF", "period": "2026-10", "reading": start});
        assert_eq!(staff.api_send(Method::POST, &path, &r).await.0, 201);
    }
    let line = |i: usize, reading: &str, change: &str| {
        let (_, _, b, u, r) = &all[i];
        // Sheets write 3 for 3号楼 and 1单元 for 1.
        format!("{},{}单元,{r},{reading},{change}", b.trim_end_matches("号楼"), u)
    };
    let sheet = |rows: &[String]| {
        let mut text = String::from("\u{feff}交通路社区 2026年11月 水表\n楼栋,单元,房号,本期读数,换表\n");
        for r in rows {
            text.push_str(r);
            text.push('\n');
        }
        text.into_bytes()
    };
    let import = |dry: bool| format!("/api/v1/communities/{JTL}/readings/import?fee=SF&period=2026-11&dry_run={dry}");
    let bad = sheet(&[
        line(0, "112", ""),
        line(1, "40", ""),
        line(2, "abc", ""),
        "99号楼,1,9999,10,".to_owned(),
        line(3, "20", "是"),
    ]);
    let token = staff.api("/api/v1/me").await.1["csrf_token"].as_str().unwrap().to_owned();
    let send = |path: String, body: Vec<u8>| {
        app.client
            .post(app.url(&path))
            .header("cookie", staff.cookie_header())
            .header("x-csrf-token", &token)
            .body(body)
            .send()
    };
    let res = send(import(false), bad).await.unwrap();
    assert_eq!(res.status(), 422);
    let out: Value = res.json().await.unwrap();
    let lines: Vec<i64> = out["problems"].as_array().unwrap().iter().map(|p| p["line"].as_i64().unwrap()).collect();
    assert_eq!(lines, [4, 5, 6], "every bad row, the sheet's and the registry's, by line: {out}");
    assert_eq!(out["rows"].as_i64(), Some(5));
    let db = raw_db(&app).await;
    let count = |period: &'static str| {
        let db = db.clone();
        async move {
            let q =
                Query::select().column("id").from("meter_reading").and_where(Expr::col("period").eq(period)).to_owned();
            db.fetch_all(&q).await.unwrap().len()
        }
    };
    assert_eq!(count("2026-11").await, 0, "nothing of a bad sheet is written");
    // Mended: the lower reading was a new meter; the rest left for the round.
    let good = sheet(&[line(0, "112", ""), line(1, "4", "是"), line(3, "20", "")]);
    let out: Value = send(import(true), good.clone()).await.unwrap().json().await.unwrap();
    assert_eq!(
        (out["status"].as_str(), out["rows"].as_i64(), out["written"].as_i64()),
        (Some("dry_run"), Some(3), Some(0))
    );
    assert_eq!(count("2026-11").await, 0);
    let out: Value = send(import(false), good.clone()).await.unwrap().json().await.unwrap();
    assert_eq!((out["status"].as_str(), out["written"].as_i64()), (Some("imported"), Some(3)), "{out}");
    let res = send(import(false), good).await.unwrap();
    assert_eq!(res.status(), 422, "read already");
    assert_eq!(count("2026-11").await, 3);

    // The same as XLSX through the page, for December.
    let rows = vec![vec![all[0].2.clone(), all[0].3.clone(), all[0].4.clone(), "118.5".to_owned(), String::new()]];
    let xlsx = linli::domain::export::xlsx("抄表", &["楼栋", "单元", "房号", "本期读数", "换表"], &rows).unwrap();
    let (_, _, page) = staff.get("/readings?fee=SF&period=2026-12").await;
    assert!(page.contains("id=\"import-readings\""), "{page}");
    let fields = [("community", JTL), ("fee", "SF"), ("period", "2026-12")];
    let csrf = page.split("name=\"_csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let form = reqwest::multipart::Form::new()
        .text("community", fields[0].1)
        .text("fee", fields[1].1)
        .text("period", fields[2].1)
        .part("file", reqwest::multipart::Part::bytes(xlsx).file_name("抄表.xlsx"));
    let res = app
        .client
        .post(app.url(&format!("/readings/import?_csrf={csrf}")))
        .header("cookie", staff.cookie_header())
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("已导入抄表 1"));
    assert_eq!(count("2026-12").await, 1);

    // The round: the first house's building, December.
    let building = all[0].1;
    let (status, _, page) = staff.get(&format!("/readings?fee=SF&period=2026-12&building={building}")).await;
    assert_eq!(status, 200);
    assert!(page.contains(&format!("id=\"h-{}\" data-read=\"1\"", all[0].0)), "{page}");
    assert!(page.contains("2026-11：4.00"), "house 2's last reading (a new meter): {page}");
    let target = all.iter().find(|h| h.1 == building && h.0 != all[0].0 && h.0 != all[1].0).unwrap().0;
    let form = [
        ("community", JTL.to_owned()),
        ("fee", "SF".to_owned()),
        ("period", "2026-12".to_owned()),
        ("building", building.to_string()),
        ("house", target.to_string()),
        ("reading", "7.5".to_owned()),
    ];
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, location, _) = staff.post("/readings", &fields).await;
    assert_eq!(status, 303);
    assert!(location.ends_with(&format!("#h-{target}")), "{location}");
    let (_, round) =
        staff.api(&format!("/api/v1/communities/{JTL}/readings?fee=SF&period=2026-12&building={building}")).await;
    let h = round.as_array().unwrap().iter().find(|h| h["house"] == target.to_string()).unwrap();
    assert_eq!(h["reading"].as_i64(), Some(750), "{h}");
    let mut worker = signed_in(&app, "wang.mengxia", "grid_worker", "141102001002001").await;
    assert_eq!(worker.get(&format!("/readings?fee=SF&building={building}")).await.0, 403);
    db.close().await;
    app.stop().await;
}

/// The arrears page for a grid worker (her grid) and staff (all grids, one
/// chosen), with reminders; a waiver asked at the counter and decided by
/// the community's head on the billing page.
#[tokio::test]
async fn arrears_by_grid_and_a_waiver_from_the_counter_to_the_heads_approval() {
    let app = TestApp::spawn().await;
    let mut staff = setup(&app).await;
    let (_, household, _) = november_of_first_house(&app, &mut staff).await;
    let (status, _, page) = staff.get("/arrears").await;
    assert_eq!(status, 200);
    let all = page.matches("<li>").count();
    assert!(page.contains("141102001002001") && all > 1, "{page}");
    let mut worker = signed_in(&app, "wang.mengxia", "grid_worker", "141102001002001").await;
    let (status, _, mine) = worker.get("/arrears").await;
    assert_eq!(status, 200);
    let grids: std::collections::BTreeSet<&str> = mine.split("data-grid=\"").skip(1).map(|s| &s[..15]).collect();
    assert_eq!(grids.into_iter().collect::<Vec<_>>(), ["141102001002001"], "only her grid");
    let (status, _, page) = worker.get("/arrears?grid=141102001002002").await;
    assert_eq!(status, 404, "another grid");
    assert!(page.contains("不在您负责的范围内") && !page.contains("id=\"arrears\""), "{page}");
    let (status, _, page) = staff.get("/arrears?grid=abc").await;
    assert_eq!(status, 422);
    assert!(page.contains("网格代码应以社区代码开头"), "{page}");
    let (_, _, chosen) = staff.get("/arrears?grid=141102001002001").await;
    assert_eq!(chosen.matches("<li>").count(), mine.matches("<li>").count());
    let (status, _, confirm) = worker.get("/arrears/remind").await;
    assert_eq!(status, 200);
    let n = confirm.split("data-messages=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let (status, _, sent) = worker.post("/arrears/remind", &[("community", JTL), ("expected", n.as_str())]).await;
    assert_eq!(status, 200);
    assert!(sent.contains(&format!("已发送催缴短信 {n}")), "{sent}");

    // A waiver asked at the counter.
    let (_, _, page) = staff.get(&format!("/counter?household={household}")).await;
    let bill = page.split("action=\"/counter/bills/").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let ask = |amount: &'static str| {
        vec![
            ("household", household.to_string()),
            ("community", JTL.to_owned()),
            ("kind", "waive".to_owned()),
            ("amount", amount.to_owned()),
            ("reason", "低保户物业费减免".to_owned()),
        ]
    };
    let form = ask("99999");
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, _, page) = staff.post(&format!("/counter/bills/{bill}/adjustments"), &fields).await;
    assert_eq!(status, 422, "more than the bill");
    assert!(
        page.contains("id=\"adjust-error\"") && page.contains("value=\"99999\""),
        "beside the form, as typed: {page}"
    );
    let form = ask("10.00");
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, _, page) = staff.post(&format!("/counter/bills/{bill}/adjustments"), &fields).await;
    assert_eq!(status, 200);
    assert!(page.contains("待社区负责人审批"), "{page}");
    // The billing page lists it; staff cannot approve it, the head can.
    let (_, _, billing) = staff.get("/billing").await;
    assert!(billing.contains("data-state=\"requested\"") && billing.contains("低保户物业费减免"), "{billing}");
    let id = billing.split("name=\"id\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let decide = [("community", JTL), ("what", "decide"), ("id", id.as_str()), ("approve", "1")];
    let (status, _, page) = staff.post("/billing", &decide).await;
    assert_eq!(status, 403);
    assert!(page.contains("只有社区负责人"), "{page}");
    let mut head = signed_in(&app, "head.jtl", "community_head", JTL).await;
    head.get("/billing").await;
    let (status, _, page) = head.post("/billing", &decide).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("已批准：减免 ¥10.00") && page.contains("data-state=\"approved\""), "{page}");
    let (_, bills) = staff
        .api(&format!("/api/v1/communities/{JTL}/houses/{}/bills", house_of(&app, bill.parse().unwrap()).await))
        .await;
    assert_eq!(bills[0]["waived"].as_i64(), Some(1000), "{bills}");
    app.stop().await;
}
