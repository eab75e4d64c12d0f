//! Bills and payments through the API: fee items, bill runs that create
//! nothing new the second time, and payments applied exactly once — a
//! repeated key, a double click and two cashiers at once never pay twice or
//! over-pay.

mod arrears;
#[path = "../common/mod.rs"]
mod common;
mod ledger;
mod online;
mod receipts;

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
    // No grace: a bill owes the day it is issued (the arrears tests bill today).
    let fee = json!({"name": "物业费", "kind": "area", "price": "1.20", "grace_days": 0});
    let (status, body) = staff.api_send(Method::PUT, &format!("/api/v1/communities/{JTL}/fee-items/wy"), &fee).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!((body["code"].as_str(), body["grace_days"].as_i64()), (Some("WY"), Some(0)));
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
