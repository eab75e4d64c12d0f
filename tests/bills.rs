//! Bills and payments through the API: fee items, bill runs that create
//! nothing new the second time, and payments applied exactly once — a
//! repeated key, a double click and two cashiers at once never pay twice or
//! over-pay.

mod common;

use common::{TestApp, ledger_holds, raw_db, signed_in};
use reqwest::Method;
use sea_query::{Expr, ExprTrait, Query};
use serde_json::{Value, json};
use uuid::Uuid;

const JTL: &str = "141102001002";

/// The community's houses and their areas (hundredths of a m²), from the tables.
async fn houses(app: &TestApp, community: &str) -> Vec<(Uuid, i64)> {
    let db = raw_db(app).await;
    let q = Query::select()
        .columns(["id", "area_cm2x100"])
        .from("house")
        .and_where(Expr::col("community_id").eq(community))
        .to_owned();
    let rows = db.fetch_all(&q).await.unwrap();
    db.close().await;
    rows.iter().map(|r| (r.get("id").unwrap(), r.get("area_cm2x100").unwrap())).collect()
}

async fn setup(app: &TestApp) -> common::Browser<'_> {
    linli::demo_people::fill(&app.app).await.unwrap();
    let mut staff = signed_in(app, "liu.yuanyuan", "community_staff", JTL).await;
    let fee = json!({"name": "物业费", "kind": "area", "price": "1.20"});
    let (status, body) = staff.api_send(Method::PUT, &format!("/api/v1/communities/{JTL}/fee-items/wy"), &fee).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["code"], "WY");
    staff
}

#[tokio::test]
async fn a_bill_run_bills_every_house_once_by_its_area() {
    let app = TestApp::spawn().await;
    let mut staff = setup(&app).await;
    let bad = json!({"name": "水费", "kind": "metered", "tiers": [{"up_to": "10", "price": "3.40"}, {"up_to": "5", "price": "4.80"}]});
    let (status, body) = staff.api_send(Method::PUT, &format!("/api/v1/communities/{JTL}/fee-items/SF"), &bad).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("price")), "tiers out of order: {body}");
    let (status, body) = staff
        .api_send(
            Method::PUT,
            &format!("/api/v1/communities/{JTL}/fee-items/WY"),
            &json!({"name": "物业费", "kind": "area", "price": "1.234"}),
        )
        .await;
    assert_eq!((status, body["field"].as_str()), (400, Some("price")), "no fractions of a fen: {body}");
    let mut other = signed_in(&app, "luo.xinjuan", "community_head", "141102002006").await;
    let fee = json!({"name": "物业费", "kind": "area", "price": "9.99"});
    assert_eq!(other.api_send(Method::PUT, &format!("/api/v1/communities/{JTL}/fee-items/WY"), &fee).await.0, 403);

    let run = json!({"fee": "WY", "period": "2026-11"});
    let path = format!("/api/v1/communities/{JTL}/bill-runs");
    let (status, first) = staff.api_send(Method::POST, &path, &run).await;
    assert_eq!(status, 200, "{first}");
    let all = houses(&app, JTL).await;
    assert_eq!(first, json!({"created": all.len(), "existing": 0, "unread": 0, "from_prepaid": 0}));
    let (_, again) = staff.api_send(Method::POST, &path, &run).await;
    assert_eq!(
        again,
        json!({"created": 0, "existing": all.len(), "unread": 0, "from_prepaid": 0}),
        "running it twice creates nothing"
    );
    let (status, body) = staff.api_send(Method::POST, &path, &json!({"fee": "WY", "period": "2026-13"})).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("period")));

    // Each house: area × ¥1.20, rounded half up to the fen.
    for (house, area) in &all {
        let (_, bills) = staff.api(&format!("/api/v1/communities/{JTL}/houses/{house}/bills")).await;
        assert_eq!(bills.as_array().unwrap().len(), 1);
        assert_eq!(bills[0]["amount"], (area * 120 + 50) / 100, "{bills}");
        assert_eq!(
            (bills[0]["state"].as_str(), bills[0]["owed"].clone()),
            (Some("unpaid"), bills[0]["amount"].clone())
        );
    }
    // A later month for one house only.
    let (_, one) =
        staff.api_send(Method::POST, &path, &json!({"fee": "WY", "period": "2026-12", "house": all[0].0})).await;
    assert_eq!(one["created"], 1);
    let (status, _) = other.api(&format!("/api/v1/communities/{JTL}/houses/{}/bills", all[0].0)).await;
    assert_eq!(status, 404, "another community's staff");
    assert_eq!(app.app.recent_audit(Some("bill.run"), 10).await.unwrap().len(), 3);
    app.stop().await;
}

async fn first_bill(app: &TestApp, staff: &mut common::Browser<'_>) -> (Uuid, i64) {
    let path = format!("/api/v1/communities/{JTL}/bill-runs");
    staff.api_send(Method::POST, &path, &json!({"fee": "WY", "period": "2026-11"})).await;
    let (house, _) = houses(app, JTL).await[0];
    let (_, bills) = staff.api(&format!("/api/v1/communities/{JTL}/houses/{house}/bills")).await;
    (bills[0]["id"].as_str().unwrap().parse().unwrap(), bills[0]["amount"].as_i64().unwrap())
}

/// Bills November's property fee; returns the first house, its household
/// and the household's first person.
async fn november_of_first_house(app: &TestApp, staff: &mut common::Browser<'_>) -> (Uuid, Uuid, Uuid) {
    let run = json!({"fee": "WY", "period": "2026-11"});
    staff.api_send(Method::POST, &format!("/api/v1/communities/{JTL}/bill-runs"), &run).await;
    let (house, _) = houses(app, JTL).await[0];
    let db = raw_db(app).await;
    let q = Query::select().column("id").from("household").and_where(Expr::col("house_id").eq(house)).to_owned();
    let household: Uuid = db.fetch_all(&q).await.unwrap()[0].get("id").unwrap();
    let q = Query::select().column("id").from("person").and_where(Expr::col("household_id").eq(household)).to_owned();
    let person: Uuid = db.fetch_all(&q).await.unwrap()[0].get("id").unwrap();
    db.close().await;
    (house, household, person)
}

/// The local payment provider on (it is off unless `--pay-sim`).
fn pay_sim(g: &mut linli::config::Given) {
    g.pay_sim = linli::config::Overrides { value: Some(true), source: None };
}

fn yuan(fen: i64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

#[tokio::test]
async fn a_payment_is_applied_once_whatever_is_repeated() {
    let app = TestApp::spawn().await;
    let mut staff = setup(&app).await;
    let (bill, amount) = first_bill(&app, &mut staff).await;
    let pay = format!("/api/v1/communities/{JTL}/bills/{bill}/payments");

    let (status, body) = staff.api_send(Method::POST, &pay, &json!({"amount": "10.00", "channel": "cash"})).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("idempotency_key")), "a key is required");
    let part = json!({"amount": "10.00", "channel": "cash", "idempotency_key": "counter-0001"});
    let (status, first) = staff.api_send(Method::POST, &pay, &part).await;
    assert_eq!(status, 201, "{first}");
    assert_eq!(
        (first["bill"]["state"].as_str(), first["bill"]["owed"].as_i64()),
        (Some("partly_paid"), Some(amount - 1000))
    );
    // The same request again (a double click, a retry): the same receipt, nothing paid.
    let (status, again) = staff.api_send(Method::POST, &pay, &part).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!((again["replayed"].as_bool(), &again["receipt_no"]), (Some(true), &first["receipt_no"]));
    assert_eq!(again["bill"]["paid"], 1000);
    let reused = json!({"amount": "20.00", "channel": "cash", "idempotency_key": "counter-0001"});
    let (status, body) = staff.api_send(Method::POST, &pay, &reused).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("idempotency_key")), "{body}");
    let over = json!({"amount": yuan(amount), "channel": "card", "idempotency_key": "counter-0002"});
    let (status, body) = staff.api_send(Method::POST, &pay, &over).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("amount")), "more than owed: {body}");

    // The rest: paid.
    let rest = json!({"amount": yuan(amount - 1000), "channel": "card", "idempotency_key": "counter-0003"});
    let (status, done) = staff.api_send(Method::POST, &pay, &rest).await;
    assert_eq!(status, 201, "{done}");
    assert_eq!((done["bill"]["state"].as_str(), done["bill"]["owed"].as_i64()), (Some("paid"), Some(0)));
    let n = |r: &Value| r["receipt_no"].as_str().unwrap().rsplit('-').next().unwrap().parse::<u32>().unwrap();
    assert_eq!((n(&first), n(&done)), (1, 2), "receipts numbered in order, no gaps for refused payments");
    assert!(first["receipt_no"].as_str().unwrap().starts_with("141102001002-20"));

    // The printable receipt.
    let (status, _, page) = staff.get(&format!("/receipts/{}", done["receipt_no"].as_str().unwrap())).await;
    assert_eq!(status, 200);
    assert!(page.contains(&format!("¥{}", yuan(amount - 1000))) && page.contains("已缴清"), "{page}");
    let mut other = signed_in(&app, "luo.xinjuan", "community_head", "141102002006").await;
    assert_eq!(other.get(&format!("/receipts/{}", done["receipt_no"].as_str().unwrap())).await.0, 404);
    // Without `--pay-sim` there is no online payment: nothing to mark paid for free.
    let (status, body) =
        staff.api_send(Method::POST, &format!("/api/v1/communities/{JTL}/bills/{bill}/orders"), &json!({})).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("provider")), "{body}");
    assert_eq!(staff.get("/pay-sim/P0000000000000000000000000").await.0, 404);
    let mut worker = signed_in(&app, "wang.mengxia", "grid_worker", "141102001002001").await;
    let key = json!({"amount": "1.00", "channel": "cash", "idempotency_key": "worker-0001"});
    assert_eq!(worker.api_send(Method::POST, &pay, &key).await.0, 403, "grid workers do not take money");
    app.stop().await;
}

/// Many small payments at once into one bill (they are written together):
/// those that fit what is owed are applied in full, the rest refused, repeats
/// pay nothing, and the receipt numbers run on without a gap.
#[tokio::test]
async fn a_crowd_of_part_payments_fills_the_bill_exactly_and_numbers_receipts_without_gaps() {
    let app = TestApp::spawn().await;
    let mut staff = setup(&app).await;
    let (bill, amount) = first_bill(&app, &mut staff).await;
    let pay = format!("/api/v1/communities/{JTL}/bills/{bill}/payments");
    let cookie = staff.cookie_header();
    let nowhere = format!("/api/v1/communities/{JTL}/bills/{}/payments", Uuid::new_v4());
    let body = json!({"amount": "0.10", "channel": "cash", "idempotency_key": "crowd-nowhere"});
    assert_eq!(staff.api_send(Method::POST, &nowhere, &body).await.0, 404, "no such bill");
    let zero = json!({"amount": "0", "channel": "cash", "idempotency_key": "crowd-zero-01"});
    let (status, out) = staff.api_send(Method::POST, &pay, &zero).await;
    assert_eq!((status, out["field"].as_str()), (400, Some("amount")), "{out}");
    // Pay all but ¥1.00 first, then 30 payments of ¥0.10 race for the rest.
    let first = json!({"amount": yuan(amount - 100), "channel": "card", "idempotency_key": "crowd-first-1"});
    assert_eq!(staff.api_send(Method::POST, &pay, &first).await.0, 201);
    let mut tasks = Vec::new();
    for i in 0..40 {
        // Every fourth request repeats the one before (its retry).
        let key = format!("crowd-{:04}", if i % 4 == 3 { i - 1 } else { i });
        let (client, url, cookie) = (app.client.clone(), app.url(&pay), cookie.clone());
        let body = json!({"amount": "0.10", "channel": "cash", "idempotency_key": key});
        tasks.push(tokio::spawn(async move {
            let res = client.post(url).header("cookie", cookie).json(&body).send().await.unwrap();
            (res.status().as_u16(), key, res.json::<Value>().await.unwrap())
        }));
    }
    let mut results = Vec::new();
    for t in tasks {
        results.push(t.await.unwrap());
    }
    let mut fresh = std::collections::BTreeMap::new();
    for (status, key, body) in &results {
        if *status == 201 {
            assert!(fresh.insert(key.clone(), body["receipt_no"].as_str().unwrap().to_owned()).is_none());
        }
    }
    let mut refused = 0;
    for (status, key, body) in &results {
        match status {
            201 => {}
            // A retry that came after its payment: that payment's receipt.
            200 => assert_eq!(fresh.get(key).map(String::as_str), body["receipt_no"].as_str(), "{body}"),
            400 => {
                assert_eq!(body["field"], "amount", "{body}");
                refused += 1;
            }
            other => panic!("{other} {body}"),
        }
    }
    assert_eq!(fresh.len(), 10, "exactly ¥1.00 of ¥0.10 payments fit: {fresh:?}");
    assert!(refused >= 20, "{refused}");
    let mut numbers: Vec<u32> =
        fresh.values().map(|r| r.rsplit('-').next().unwrap().parse().unwrap()).collect::<Vec<_>>();
    numbers.sort();
    assert_eq!(numbers, (2..=11).collect::<Vec<_>>(), "receipts follow the first without gaps");
    let (_, bills) = staff.api(&format!("/api/v1/communities/{JTL}/houses/{}/bills", house_of(&app, bill).await)).await;
    let b = bills.as_array().unwrap().iter().find(|b| b["id"] == bill.to_string()).unwrap().clone();
    assert_eq!((b["state"].as_str(), b["owed"].as_i64()), (Some("paid"), Some(0)), "{b}");
    // The database agrees: the payments add up to the bill's paid, which is its amount.
    let db = raw_db(&app).await;
    let q = Query::select().columns(["amount"]).from("payment").and_where(Expr::col("bill_id").eq(bill)).to_owned();
    let sum: i64 = db.fetch_all(&q).await.unwrap().iter().map(|r| r.get::<i64>("amount").unwrap()).sum();
    assert_eq!(sum, amount);
    db.close().await;
    app.stop().await;
}

async fn house_of(app: &TestApp, bill: Uuid) -> Uuid {
    let db = raw_db(app).await;
    let q = Query::select().columns(["house_id"]).from("bill").and_where(Expr::col("id").eq(bill)).to_owned();
    let house = db.fetch_optional(&q).await.unwrap().unwrap().get("house_id").unwrap();
    db.close().await;
    house
}

#[tokio::test]
async fn two_cashiers_and_a_double_click_at_once_never_pay_twice() {
    let app = TestApp::spawn().await;
    let mut staff = setup(&app).await;
    let (bill, amount) = first_bill(&app, &mut staff).await;
    let pay = format!("/api/v1/communities/{JTL}/bills/{bill}/payments");
    let cookie = staff.cookie_header();

    // 12 cashiers pay the whole bill at the same moment, each with their own key.
    let mut tasks = Vec::new();
    for i in 0..12 {
        let (client, url, cookie) = (app.client.clone(), app.url(&pay), cookie.clone());
        let body = json!({"amount": yuan(amount), "channel": "cash", "idempotency_key": format!("cashier-{i:04}")});
        tasks.push(tokio::spawn(async move {
            client.post(url).header("cookie", cookie).json(&body).send().await.unwrap().status().as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    statuses.sort();
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == 201 || *s == 400), "{statuses:?}");

    // A second bill, and one request sent 12 times at once (a double click, a retried callback).
    let path = format!("/api/v1/communities/{JTL}/bill-runs");
    staff.api_send(Method::POST, &path, &json!({"fee": "WY", "period": "2026-12"})).await;
    let (house, _) = houses(&app, JTL).await[0];
    let (_, bills) = staff.api(&format!("/api/v1/communities/{JTL}/houses/{house}/bills")).await;
    let december = bills.as_array().unwrap().iter().find(|b| b["period"] == "2026-12").unwrap();
    let pay2 = format!("/api/v1/communities/{JTL}/bills/{}/payments", december["id"].as_str().unwrap());
    let mut tasks = Vec::new();
    for _ in 0..12 {
        let (client, url, cookie) = (app.client.clone(), app.url(&pay2), cookie.clone());
        let body = json!({"amount": "5.00", "channel": "kiosk", "idempotency_key": "kiosk-click-7781"});
        tasks.push(tokio::spawn(async move {
            let res = client.post(url).header("cookie", cookie).json(&body).send().await.unwrap();
            (res.status().as_u16(), res.json::<Value>().await.unwrap())
        }));
    }
    let mut receipts = std::collections::BTreeSet::new();
    for t in tasks {
        let (status, body) = t.await.unwrap();
        assert!(status == 201 || status == 200, "{status} {body}");
        receipts.insert(body["receipt_no"].as_str().unwrap().to_owned());
    }
    assert_eq!(receipts.len(), 1, "one payment, one receipt: {receipts:?}");

    // The ledger: every bill's paid equals its payments, and none over-paid.
    let db = raw_db(&app).await;
    let (_, payments) = ledger_holds(&db).await;
    assert_eq!(payments, 2);
    db.close().await;
    app.stop().await;
}

#[tokio::test]
async fn the_counter_finds_the_resident_takes_the_payment_once_and_prints_the_receipt() {
    let app = TestApp::spawn().await;
    let mut staff = setup(&app).await;
    let path = format!("/api/v1/communities/{JTL}/bill-runs");
    staff.api_send(Method::POST, &path, &json!({"fee": "WY", "period": "2026-11"})).await;

    let (status, _, page) = staff.get("/counter?q=11号楼 101").await;
    assert_eq!(status, 200);
    let link = page.split("href=\"/counter?household=").nth(1).expect("a resident found").split('"').next().unwrap();
    let household: Uuid = link.parse().unwrap();
    let (status, _, page) = staff.get(&format!("/counter?household={household}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("物业费 · 2026-11") && page.contains("未缴"), "{page}");
    let bill = page.split("action=\"/counter/bills/").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let key = page.split("name=\"key\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let owed = page.split("name=\"amount\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let form = [
        ("household", household.to_string()),
        ("community", JTL.to_owned()),
        ("amount", owed.clone()),
        ("channel", "cash".to_owned()),
        ("key", key.clone()),
    ];
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, location, _) = staff.post(&format!("/counter/bills/{bill}"), &fields).await;
    assert_eq!(status, 303);
    assert!(location.starts_with("/receipts/141102001002-"), "{location}");
    // The cashier clicks twice: the same receipt, nothing paid twice.
    let (status, again, _) = staff.post(&format!("/counter/bills/{bill}"), &fields).await;
    assert_eq!((status, again.as_str()), (303, location.as_str()));
    let (status, _, receipt) = staff.get(&location).await;
    assert_eq!(status, 200);
    assert!(receipt.contains(&format!("¥{owed}")) && receipt.contains("已缴清"), "{receipt}");
    let (_, _, page) = staff.get(&format!("/counter?household={household}")).await;
    assert!(page.contains("已缴清") && !page.contains("class=\"inline pay\""), "nothing left to pay: {page}");
    let bad = [
        ("household", household.to_string()),
        ("community", JTL.to_owned()),
        ("amount", "abc".into()),
        ("channel", "cash".into()),
        ("key", "counter-x-0001".into()),
    ];
    let fields: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, _, page) = staff.post(&format!("/counter/bills/{bill}"), &fields).await;
    assert_eq!(status, 422);
    assert!(page.contains("金额应为数字"), "{page}");

    // The resident sees it among her bills.
    let mut resident = signed_in(&app, "res.jtl", "resident", JTL).await;
    let db = raw_db(&app).await;
    let account = linli_store::access::account::find(&db, Some("res.jtl"), None).await.unwrap().unwrap();
    let q = Query::select().column("id").from("person").and_where(Expr::col("household_id").eq(household)).to_owned();
    let person: Uuid = db.fetch_all(&q).await.unwrap()[0].get("id").unwrap();
    let mut tx = db.begin().await.unwrap();
    linli_store::access::resident::link_resident(&mut tx, JTL, account.id, person).await.unwrap();
    tx.commit().await.unwrap();
    db.close().await;
    let (status, _, page) = resident.get("/my/bills").await;
    assert_eq!(status, 200);
    assert!(page.contains("物业费 · 2026-11") && page.contains("已缴清"), "{page}");
    app.stop().await;
}

#[tokio::test]
async fn water_is_billed_from_readings_in_tiers_and_a_lower_reading_needs_a_meter_change() {
    let app = TestApp::spawn().await;
    let mut staff = setup(&app).await;
    let water = json!({"name": "水费", "kind": "metered", "unit": "m³",
        "tiers": [{"up_to": "10", "price": "3.40"}, {"up_to": "15", "price": "4.80"}, {"up_to": null, "price": "8.20"}]});
    let (status, body) = staff.api_send(Method::PUT, &format!("/api/v1/communities/{JTL}/fee-items/SF"), &water).await;
    assert_eq!(status, 200, "{body}");
    let all = houses(&app, JTL).await;
    let (house, other_house) = (all[0].0, all[1].0);
    let read = |period: &str, reading: &str, change: bool| json!({"fee": "SF", "period": period, "reading": reading, "meter_change": change});
    let path = format!("/api/v1/communities/{JTL}/houses/{house}/readings");
    let (status, first) = staff.api_send(Method::POST, &path, &read("2026-10", "100.00", false)).await;
    assert_eq!(status, 201, "{first}");
    assert_eq!(first["used"], 0, "the first reading is where counting starts");
    let (_, nov) = staff.api_send(Method::POST, &path, &read("2026-11", "112.00", false)).await;
    assert_eq!((nov["previous"].as_i64(), nov["used"].as_i64()), (Some(10000), Some(1200)));
    let (status, body) = staff.api_send(Method::POST, &path, &read("2026-11", "113.00", false)).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("period")), "one reading a period");
    let (status, body) = staff.api_send(Method::POST, &path, &read("2026-12", "105.00", false)).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("reading")), "lower than November: {body}");
    assert!(body["detail"].as_str().unwrap().contains("换表"), "{body}");
    let (status, dec) = staff.api_send(Method::POST, &path, &read("2026-12", "5.00", true)).await;
    assert_eq!(status, 201, "{dec}");
    assert_eq!(dec["used"], 500, "a new meter counts from zero");
    let (status, body) = staff.api_send(Method::POST, &path, &read("2026-12", "1.234", false)).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("reading")));

    // November: 12 m³ = 10 × 3.40 + 2 × 4.80 = ¥43.60; a house without a reading gets none.
    let runs = format!("/api/v1/communities/{JTL}/bill-runs");
    let (_, run) = staff.api_send(Method::POST, &runs, &json!({"fee": "SF", "period": "2026-11"})).await;
    assert_eq!(run, json!({"created": 1, "existing": 0, "unread": all.len() - 1, "from_prepaid": 0}));
    let (_, bills) = staff.api(&format!("/api/v1/communities/{JTL}/houses/{house}/bills")).await;
    assert_eq!((bills[0]["amount"].as_i64(), bills[0]["detail"].as_str()), (Some(4360), Some("用量 12.00 m³")));
    let (_, none) = staff.api(&format!("/api/v1/communities/{JTL}/houses/{other_house}/bills")).await;
    assert_eq!(none, json!([]));
    let (_, run) = staff.api_send(Method::POST, &runs, &json!({"fee": "SF", "period": "2026-12"})).await;
    assert_eq!(run["created"], 1);
    let (_, bills) = staff.api(&format!("/api/v1/communities/{JTL}/houses/{house}/bills")).await;
    assert_eq!(bills[0]["amount"], 1700, "5 m³ at ¥3.40");
    assert_eq!(app.app.recent_audit(Some("meter.read"), 10).await.unwrap().len(), 3);
    app.stop().await;
}

#[tokio::test]
async fn a_resident_pays_online_and_a_signed_callback_is_applied_once() {
    let app = TestApp::spawn_with(pay_sim).await;
    let mut staff = setup(&app).await;
    let (house, _, person) = november_of_first_house(&app, &mut staff).await;
    let db = raw_db(&app).await;
    let mut resident = signed_in(&app, "res.online", "resident", JTL).await;
    let account = linli_store::access::account::find(&db, Some("res.online"), None).await.unwrap().unwrap();
    let mut tx = db.begin().await.unwrap();
    linli_store::access::resident::link_resident(&mut tx, JTL, account.id, person).await.unwrap();
    tx.commit().await.unwrap();

    // Her bill; an order for what it owes.
    let (_, _, page) = resident.get("/my/bills").await;
    let action = page.split("action=\"/my/bills/").nth(1).expect("a pay button").split('"').next().unwrap().to_owned();
    let bill: Uuid = action.split('/').nth(1).unwrap().parse().unwrap();
    let (status, order) =
        resident.api_send(Method::POST, &format!("/api/v1/communities/{JTL}/bills/{bill}/orders"), &json!({})).await;
    assert_eq!(status, 201, "{order}");
    let order_no = order["order_no"].as_str().unwrap().to_owned();
    let mut stranger = signed_in(&app, "res.stranger", "resident", JTL).await;
    let (status, _) =
        stranger.api_send(Method::POST, &format!("/api/v1/communities/{JTL}/bills/{bill}/orders"), &json!({})).await;
    assert_eq!(status, 404, "not her bill");

    // Forged and altered callbacks are refused.
    let (body, signature) = app.app.sim_pay(&order_no).await.unwrap();
    let send = |body: Vec<u8>, signature: String| {
        app.client
            .post(app.url("/api/v1/pay/callback/sim"))
            .header("content-type", "application/json")
            .header("x-pay-signature", signature)
            .body(body)
            .send()
    };
    let res = send(body.clone(), "0".repeat(64)).await.unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(res.json::<Value>().await.unwrap()["field"], "signature");
    let mut cheap: Value = serde_json::from_slice(&body).unwrap();
    cheap["amount"] = json!(1);
    let cheap = serde_json::to_vec(&cheap).unwrap();
    let res = send(cheap.clone(), signature.clone()).await.unwrap();
    assert_eq!(res.status(), 400, "altered after signing");
    let res = send(cheap.clone(), app.app.sim_signature(&cheap)).await.unwrap();
    assert_eq!(res.status(), 400, "signed, but not the order's amount");
    assert_eq!(res.json::<Value>().await.unwrap()["field"], "amount");

    // The genuine callback, delivered 8 times at once: applied once.
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (client, url, body, signature) =
            (app.client.clone(), app.url("/api/v1/pay/callback/sim"), body.clone(), signature.clone());
        tasks.push(tokio::spawn(async move {
            let res = client
                .post(url)
                .header("content-type", "application/json")
                .header("x-pay-signature", signature)
                .body(body)
                .send()
                .await
                .unwrap();
            (res.status().as_u16(), res.json::<Value>().await.unwrap())
        }));
    }
    let mut fresh = 0;
    let mut receipts = std::collections::BTreeSet::new();
    for t in tasks {
        let (status, out) = t.await.unwrap();
        assert_eq!(status, 200, "{out}");
        fresh += usize::from(out["replayed"] == false);
        receipts.insert(out["receipt_no"].as_str().unwrap().to_owned());
    }
    assert_eq!((fresh, receipts.len()), (1, 1));
    let (_, bills) = staff.api(&format!("/api/v1/communities/{JTL}/houses/{house}/bills")).await;
    assert_eq!((bills[0]["state"].as_str(), bills[0]["paid"].clone()), (Some("paid"), bills[0]["amount"].clone()));
    let payments = db.fetch_all(&Query::select().column("id").from("payment").to_owned()).await.unwrap();
    assert_eq!(payments.len(), 1);
    let (status, body) =
        resident.api_send(Method::POST, &format!("/api/v1/communities/{JTL}/bills/{bill}/orders"), &json!({})).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("bill")), "paid: no new order");

    // Through the pages: the next month, paid on the simulator's page.
    staff
        .api_send(
            Method::POST,
            &format!("/api/v1/communities/{JTL}/bill-runs"),
            &json!({"fee": "WY", "period": "2026-12", "house": house}),
        )
        .await;
    let (_, _, page) = resident.get("/my/bills").await;
    let action =
        page.split("action=\"/my/bills/").nth(1).expect("December to pay").split('"').next().unwrap().to_owned();
    let (status, location, _) = resident.post(&format!("/my/bills/{action}"), &[]).await;
    assert_eq!(status, 303);
    assert!(location.starts_with("/pay-sim/P"), "{location}");
    let (status, _, page) = resident.get(&location).await;
    assert_eq!(status, 200);
    assert!(page.contains("确认支付"), "{page}");
    let (status, _, page) = resident.post(&location, &[]).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("支付成功") && page.contains("receipt-no"), "{page}");
    let (_, _, page) = resident.get("/my/bills").await;
    assert!(!page.contains("action=\"/my/bills/"), "nothing left to pay: {page}");
    // Her receipts: she sees and prints hers, not another home's.
    let receipt = page.split("href=\"/receipts/").nth(1).expect("a receipt link").split('"').next().unwrap().to_owned();
    let (status, _, printed) = resident.get(&format!("/receipts/{receipt}")).await;
    assert_eq!(status, 200);
    assert!(printed.contains("已缴清"), "{printed}");
    assert_eq!(stranger.get(&format!("/receipts/{receipt}")).await.0, 404);
    db.close().await;
    app.stop().await;
}

#[tokio::test]
async fn at_the_kiosk_a_resident_without_her_id_card_pays_by_phone_and_code() {
    let app = TestApp::spawn_with(pay_sim).await;
    let mut staff = setup(&app).await;
    let (_, household, _) = november_of_first_house(&app, &mut staff).await;
    // Her phone: the registry has one for the head of the household.
    let (_, h) = staff.api(&format!("/api/v1/households/{household}")).await;
    let person = h["people"][0]["id"].as_str().unwrap().to_owned();
    let phone = "13912340000";
    let edit = json!({"name": h["people"][0]["name"], "phone": phone, "relation": "本人"});
    let (status, body) = staff.api_send(Method::PUT, &format!("/api/v1/people/{person}"), &edit).await;
    assert_eq!(status, 200, "{body}");

    let actor = linli::app::access::audit::Actor::cli();
    let region = linli::domain::registry::region::RegionCode::parse(JTL).unwrap();
    let (_, token) =
        app.app.create_token(&actor, "kiosk-1", &[linli::app::access::token::Scope::Kiosk], &region).await.unwrap();
    let mut kiosk = common::Browser::new(&app);
    assert_eq!(kiosk.get("/kiosk").await.0, 403, "an unpaired screen shows nothing");
    kiosk.get("/kiosk/pair").await;
    let (status, _, _) = kiosk.post("/kiosk/pair", &[("token", "linli_wrong")]).await;
    assert_eq!(status, 422);
    let (status, location, _) = kiosk.post("/kiosk/pair", &[("token", &token)]).await;
    assert_eq!((status, location.as_str()), (303, "/kiosk"));
    let (status, _, page) = kiosk.get("/kiosk").await;
    assert_eq!(status, 200);
    assert!(page.contains("http-equiv=\"refresh\" content=\"60;url=/kiosk\""), "resets itself: {page}");

    let (status, _, page) = kiosk.post("/kiosk/phone", &[("number", "13900000001")]).await;
    assert_eq!(status, 422);
    assert!(page.contains("没有找到登记这个手机号的住户"), "{page}");
    let (status, location, _) = kiosk.post("/kiosk/phone", &[("number", phone)]).await;
    assert_eq!(status, 303, "{location}");
    let session = location.trim_start_matches("/kiosk/s/").trim_end_matches("/code").to_owned();
    assert_eq!(kiosk.get(&format!("/kiosk/s/{session}")).await.0, 404, "not before the code");
    // The code went out as an SMS through the outbox; the gateway resolves her phone.
    let (_, outbox) = staff.api("/api/v1/outbox").await;
    let sms = outbox.as_array().unwrap().iter().find(|n| n["recipient"] == format!("kiosk:{session}")).unwrap().clone();
    let code: String = sms["body"].as_str().unwrap().chars().filter(char::is_ascii_digit).take(6).collect();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (status, _, page) = kiosk.post(&format!("/kiosk/s/{session}/code"), &[("number", wrong)]).await;
    assert_eq!(status, 422);
    assert!(page.contains("验证码不对"));
    let (status, location, _) = kiosk.post(&format!("/kiosk/s/{session}/code"), &[("number", &code)]).await;
    assert_eq!((status, location), (303, format!("/kiosk/s/{session}")));

    // Her bills; pay; the receipt on the screen.
    let (_, _, page) = kiosk.get(&format!("/kiosk/s/{session}")).await;
    assert!(page.contains("物业费 · 2026-11") && page.contains("未缴"), "{page}");
    let action = page
        .split(&format!("action=\"/kiosk/s/{session}/bills/"))
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let (status, waiting, _) = kiosk.post(&format!("/kiosk/s/{session}/bills/{action}"), &[]).await;
    assert_eq!(status, 303);
    assert!(waiting.starts_with(&format!("/kiosk/s/{session}/orders/P")), "{waiting}");
    // The kiosk shows the order as a QR code for her phone, and looks again every few seconds.
    let (status, _, page) = kiosk.get(&waiting).await;
    assert_eq!(status, 200);
    assert!(page.contains("id=\"pay-qr\"") && page.contains("<svg") && page.contains("content=\"3;url="), "{page}");
    let order_no = waiting.rsplit('/').next().unwrap().to_owned();
    assert!(page.contains(&format!("/pay-sim/{order_no}")), "the code holds the provider's page: {page}");
    // Her phone opens the provider's page and pays; the callback applies it.
    let mut phone = common::Browser::new(&app);
    phone.get(&format!("/pay-sim/{order_no}")).await;
    let (status, _, paid) = phone.post(&format!("/pay-sim/{order_no}"), &[]).await;
    assert_eq!(status, 200);
    assert!(paid.contains("receipt-no"), "{paid}");
    // The kiosk's next look finds it paid and shows the receipt.
    let (status, receipt_at, _) = kiosk.get(&waiting).await;
    assert_eq!(status, 303);
    assert!(receipt_at.starts_with(&format!("/kiosk/s/{session}/receipts/")), "{receipt_at}");
    let (status, _, page) = kiosk.get(&receipt_at).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("缴费成功") && page.contains("已缴清"), "{page}");
    // The same bill cannot be paid again.
    let (_, _, page) = kiosk.get(&format!("/kiosk/s/{session}")).await;
    assert!(!page.contains(&format!("/kiosk/s/{session}/bills/")), "{page}");
    let (status, _, page) = kiosk.post(&format!("/kiosk/s/{session}/bills/{action}"), &[]).await;
    assert_eq!(status, 422);
    assert!(page.contains("这张账单已缴清"), "said on the kiosk's screen: {page}");
    // Another kiosk does not see this session.
    let (_, other) =
        app.app.create_token(&actor, "kiosk-2", &[linli::app::access::token::Scope::Kiosk], &region).await.unwrap();
    let mut second = common::Browser::new(&app);
    second.get("/kiosk/pair").await;
    second.post("/kiosk/pair", &[("token", &other)]).await;
    assert_eq!(second.get(&format!("/kiosk/s/{session}")).await.0, 404);
    app.stop().await;
}

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

    let (status, list) = staff.api(&format!("/api/v1/communities/{JTL}/arrears")).await;
    assert_eq!(status, 200, "{list}");
    let list = list.as_array().unwrap().clone();
    assert_eq!(list.len(), all.len() - 1, "every house but the one that paid");
    assert!(list.windows(2).all(|w| w[0]["owed"].as_i64() >= w[1]["owed"].as_i64()), "most owed first");
    assert!(list.iter().all(|r| r["since"] == "2026-11" && r["bills"] == 1));
    let grid1 = "141102001002001";
    let (_, mine) = staff.api(&format!("/api/v1/communities/{JTL}/arrears?grid={grid1}")).await;
    let mine = mine.as_array().unwrap().clone();
    assert!(!mine.is_empty() && mine.len() < list.len());
    assert!(mine.iter().all(|r| r["grid"] == grid1));

    // A grid worker sees her grid's, and not another's.
    let mut worker = signed_in(&app, "wang.mengxia", "grid_worker", grid1).await;
    let (_, hers) = worker.api(&format!("/api/v1/communities/{JTL}/arrears")).await;
    assert_eq!(hers.as_array().unwrap().len(), mine.len());
    let (status, _) = worker.api(&format!("/api/v1/communities/{JTL}/arrears?grid=141102001002002")).await;
    assert_eq!(status, 404);

    // 催缴: one SMS a house, through the outbox.
    let (status, sent) =
        worker.api_send(Method::POST, &format!("/api/v1/communities/{JTL}/arrears/reminders"), &json!({})).await;
    assert_eq!((status, sent["sent"].as_u64()), (200, Some(mine.len() as u64)), "{sent}");
    let (_, outbox) = staff.api("/api/v1/outbox").await;
    let reminders: Vec<&Value> =
        outbox.as_array().unwrap().iter().filter(|n| n["recipient"].as_str().unwrap().starts_with("person:")).collect();
    assert_eq!(reminders.len(), mine.len());
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
    let wy =
        [("community", JTL), ("what", "fee"), ("code", "WY"), ("name", "物业费"), ("kind", "area"), ("price", "1.20")];
    assert_eq!(staff.post("/billing", &wy).await.0, 200);
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
    let (status, _, page) = staff.post("/billing", &[("community", JTL), ("what", "remind")]).await;
    assert_eq!(status, 200);
    assert!(page.contains(&format!("已发送催缴短信 {}", all.len())), "{page}");
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

/// The day's reconciliation: a charge whose callback was lost shows as a
/// difference and is applied from the statement once; a callback the
/// provider never charged shows too; each channel's takings add up.
#[tokio::test]
async fn reconciliation_lists_what_linli_and_the_provider_disagree_about_and_applies_a_lost_callback_once() {
    let app = TestApp::spawn_with(pay_sim).await;
    let mut staff = setup(&app).await;
    let (first, amount) = first_bill(&app, &mut staff).await;
    let all = houses(&app, JTL).await;
    let second = {
        let (_, bills) = staff.api(&format!("/api/v1/communities/{JTL}/houses/{}/bills", all[1].0)).await;
        bills[0]["id"].as_str().unwrap().parse::<Uuid>().unwrap()
    };
    let orders = |bill: Uuid| format!("/api/v1/communities/{JTL}/bills/{bill}/orders");
    // Part of the first bill, online; the callback gets lost.
    let (status, body) = staff.api_send(Method::POST, &orders(first), &json!({"amount": yuan(amount + 1)})).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("amount")), "more than owed: {body}");
    let (status, lost) = staff.api_send(Method::POST, &orders(first), &json!({"amount": "10.00"})).await;
    assert_eq!((status, lost["amount"].as_i64()), (201, Some(1000)), "{lost}");
    let lost_no = lost["order_no"].as_str().unwrap().to_owned();
    let (status, _, page) = staff.get(&format!("/pay-sim/{lost_no}")).await;
    assert!(status == 200 && page.contains("sim-lose"), "{page}");
    let (status, _, page) = staff.post(&format!("/pay-sim/{lost_no}"), &[("lose", "1")]).await;
    assert_eq!(status, 200);
    assert!(page.contains("回调没有送达"), "{page}");
    // The second bill in full, with its callback.
    let (_, full) = staff.api_send(Method::POST, &orders(second), &json!({})).await;
    let (status, _, page) = staff.post(&format!("/pay-sim/{}", full["order_no"].as_str().unwrap()), &[]).await;
    assert_eq!(status, 200);
    assert!(page.contains("receipt-no"), "{page}");
    // A callback for an order the provider never charged (signed with its key).
    let (_, ghost) = staff.api_send(Method::POST, &orders(first), &json!({"amount": "1.00"})).await;
    let ghost_no = ghost["order_no"].as_str().unwrap().to_owned();
    let body = serde_json::to_vec(&json!({"order_no": ghost_no, "amount": 100, "txn": "GHOST1"})).unwrap();
    let res = app
        .client
        .post(app.url("/api/v1/pay/callback/sim"))
        .header("x-pay-signature", app.app.sim_signature(&body))
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    // And cash at the counter.
    let pay = format!("/api/v1/communities/{JTL}/bills/{first}/payments");
    let cash = json!({"amount": "2.00", "channel": "cash", "idempotency_key": "recon-cash-1"});
    assert_eq!(staff.api_send(Method::POST, &pay, &cash).await.0, 201);

    let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive().to_string();
    let path = format!("/api/v1/communities/{JTL}/reconciliation?day={today}");
    let (status, r) = staff.api(&path).await;
    assert_eq!(status, 200, "{r}");
    let channel = |r: &Value, c: &str| {
        r["channels"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["channel"] == c)
            .map(|x| (x["count"].clone(), x["total"].clone()))
    };
    assert_eq!(channel(&r, "cash"), Some((json!(1), json!(200))));
    let cash = r["channels"].as_array().unwrap().iter().find(|x| x["channel"] == "cash").unwrap();
    assert_eq!(cash["by"], json!([{"who": "liu.yuanyuan", "count": 1, "total": 200}]), "who took it: {cash}");
    let second_amount = full["amount"].as_i64().unwrap();
    assert_eq!(channel(&r, "online"), Some((json!(2), json!(second_amount + 100))));
    let sim = &r["providers"][0];
    assert_eq!((sim["provider"].as_str(), sim["matched"].as_i64()), (Some("sim"), Some(1)), "{sim}");
    let gaps: Vec<(String, String)> = sim["differences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["gap"].as_str().unwrap().to_owned(), d["order_no"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(gaps, [("not_applied".to_owned(), lost_no.clone()), ("not_charged".to_owned(), ghost_no.clone())]);
    // The page says the same, with a button for the lost one.
    let (status, _, page) = staff.get(&format!("/billing/reconciliation?day={today}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("通道已扣款，linli 未入账") && page.contains(&lost_no), "{page}");
    // Applied from the statement, twice at once: once.
    let apply = format!("/api/v1/communities/{JTL}/reconciliation/sim/orders/{lost_no}");
    let mut worker = signed_in(&app, "wang.mengxia", "grid_worker", "141102001002001").await;
    assert_eq!(worker.api_send(Method::POST, &apply, &json!({"day": today})).await.0, 403);
    let (status, body) = staff.api_send(Method::POST, &apply, &json!({"day": "2026-13-01"})).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("day")));
    let (status, _) = staff.api_send(Method::POST, &apply, &json!({"day": "2020-01-01"})).await;
    assert_eq!(status, 404, "not on that day's statement");
    let (_, _, page) = staff
        .post(
            "/billing/reconciliation",
            &[("community", JTL), ("day", &today), ("provider", "sim"), ("order_no", &lost_no)],
        )
        .await;
    assert!(page.contains("已按对账单入账"), "{page}");
    let (status, again) = staff.api_send(Method::POST, &apply, &json!({"day": today})).await;
    assert_eq!((status, again["replayed"].as_bool()), (200, Some(true)), "{again}");
    let (_, r) = staff.api(&path).await;
    let sim = &r["providers"][0];
    assert_eq!(sim["matched"].as_i64(), Some(2), "{sim}");
    assert_eq!(sim["differences"].as_array().unwrap().len(), 1, "only the uncharged callback is left: {sim}");
    // The first bill: ¥10 + ¥1 + ¥2 paid of its amount, partly paid.
    let (_, bills) = staff.api(&format!("/api/v1/communities/{JTL}/houses/{}/bills", all[0].0)).await;
    let b = bills.as_array().unwrap().iter().find(|b| b["id"] == first.to_string()).unwrap();
    assert_eq!((b["paid"].as_i64(), b["state"].as_str()), (Some(1300), Some("partly_paid")), "{b}");
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
    assert!(page.contains("id=\"message\""), "{page}");
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

/// Every house of the community with its address as a sheet writes it.
async fn addresses(app: &TestApp) -> Vec<(Uuid, Uuid, String, String, String)> {
    let db = raw_db(app).await;
    let q = Query::select()
        .expr_as(Expr::col(("house", "id")), "id")
        .expr_as(Expr::col(("building", "id")), "building_id")
        .expr_as(Expr::col(("building", "name")), "building")
        .column(("house", "unit"))
        .column(("house", "room"))
        .from("house")
        .inner_join("building", Expr::col(("building", "id")).equals(("house", "building_id")))
        .and_where(Expr::col(("house", "community_id")).eq(JTL))
        .to_owned();
    let mut rows: Vec<(Uuid, Uuid, String, String, String)> = db
        .fetch_all(&q)
        .await
        .unwrap()
        .iter()
        .map(|r| {
            (
                r.get("id").unwrap(),
                r.get("building_id").unwrap(),
                r.get("building").unwrap(),
                r.get("unit").unwrap(),
                r.get("room").unwrap(),
            )
        })
        .collect();
    db.close().await;
    rows.sort_by(|a, b| (&a.2, &a.3, &a.4).cmp(&(&b.2, &b.3, &b.4)));
    rows
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
    let csrf = page.split("/readings/import?_csrf=").nth(1).unwrap().split('"').next().unwrap().to_owned();
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
    let grids: std::collections::BTreeSet<&str> =
        mine.split("网格 ").skip(1).map(|s| &s[..15]).filter(|g| g.starts_with("1411")).collect();
    assert_eq!(grids.into_iter().collect::<Vec<_>>(), ["141102001002001"], "only her grid");
    let (status, _, page) = worker.get("/arrears?grid=141102001002002").await;
    assert_eq!(status, 404, "another grid");
    assert!(page.contains("不在您负责的范围内") && !page.contains("id=\"arrears\""), "{page}");
    let (status, _, page) = staff.get("/arrears?grid=abc").await;
    assert_eq!(status, 422);
    assert!(page.contains("网格代码应以社区代码开头"), "{page}");
    let (_, _, chosen) = staff.get("/arrears?grid=141102001002001").await;
    assert_eq!(chosen.matches("<li>").count(), mine.matches("<li>").count());
    let (status, _, sent) = worker.post("/arrears", &[("community", JTL), ("grid", "")]).await;
    assert_eq!(status, 200);
    assert!(sent.contains("已发送催缴短信"), "{sent}");

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
    assert!(page.contains("class=\"alert\""), "{page}");
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

/// Staff beside a resident who has neither ID card nor phone: a one-time
/// assist code from the counter opens her home's bills on the kiosk, once;
/// a kiosk guessing codes or ID numbers is stopped after ten misses; with
/// online payment off the kiosk says so on its own screen.
#[tokio::test]
async fn staff_beside_the_resident_open_her_bills_on_the_kiosk_and_guessing_is_stopped() {
    let app = TestApp::spawn().await;
    let mut staff = setup(&app).await;
    let (_, household, _) = november_of_first_house(&app, &mut staff).await;
    let actor = linli::app::access::audit::Actor::cli();
    let region = linli::domain::registry::region::RegionCode::parse(JTL).unwrap();
    let (_, token) =
        app.app.create_token(&actor, "kiosk-2", &[linli::app::access::token::Scope::Kiosk], &region).await.unwrap();
    let mut kiosk = common::Browser::new(&app);
    kiosk.get("/kiosk/pair").await;
    kiosk.post("/kiosk/pair", &[("token", &token)]).await;
    let (_, _, start) = kiosk.get("/kiosk").await;
    assert!(start.contains("href=\"/kiosk/assist\""), "{start}");

    let (_, _, page) = staff.get(&format!("/counter?household={household}")).await;
    assert!(page.contains("id=\"kiosk-assist\""), "{page}");
    let (status, _, page) = staff.post("/counter/kiosk-assist", &[("household", &household.to_string())]).await;
    assert_eq!(status, 200);
    let code: String =
        page.split("协助码 ").nth(1).expect("the code shown").chars().take_while(char::is_ascii_digit).collect();
    assert_eq!(code.len(), 6, "{page}");
    let mut other = signed_in(&app, "luo.xinjuan", "community_head", "141102002006").await;
    other.get("/counter").await;
    let (status, _, _) = other.post("/counter/kiosk-assist", &[("household", &household.to_string())]).await;
    assert_eq!(status, 404, "not a household of hers");

    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (status, _, page) = kiosk.post("/kiosk/assist", &[("number", wrong)]).await;
    assert_eq!(status, 422);
    assert!(page.contains("协助码不对或已过期"), "{page}");
    let (status, location, _) = kiosk.post("/kiosk/assist", &[("number", &code)]).await;
    assert_eq!(status, 303);
    let (status, _, bills) = kiosk.get(&location).await;
    assert_eq!(status, 200);
    assert!(bills.contains("物业费 · 2026-11"), "{bills}");
    // Once only: a second kiosk (or the same, later) cannot take it again.
    let (status, _, _) = kiosk.post("/kiosk/assist", &[("number", &code)]).await;
    assert_eq!(status, 422);
    // Online payment is off here: the kiosk says so on its own screen.
    let bill = bills.split("/bills/").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let (status, _, page) = kiosk.post(&format!("{location}/bills/{bill}"), &[]).await;
    assert_eq!(status, 422);
    assert!(page.contains("data-step=\"bills\"") && page.contains("在线支付尚未开通"), "{page}");

    // Guessing: ten misses (two so far), then the kiosk waits.
    for i in 0..8 {
        let (status, _, _) = kiosk.post("/kiosk/id", &[("number", &format!("11010119900307{:04}", 1000 + i))]).await;
        assert_eq!(status, 422, "miss {i}");
    }
    let (status, _, page) = kiosk.post("/kiosk/assist", &[("number", &code)]).await;
    assert_eq!(status, 429);
    assert!(page.contains("尝试次数过多"), "{page}");
    app.stop().await;
}
