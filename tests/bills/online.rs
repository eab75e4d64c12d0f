//! Paying online and at the kiosk, and the day's reconciliation with the provider.

use super::*;

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
    let (status, _, page) = kiosk.get("/kiosk").await;
    assert_eq!(status, 403, "an unpaired screen shows nothing of anyone");
    assert!(
        page.contains("这台自助终端还没有登记") && page.contains("href=\"/kiosk/pair\""),
        "says what to do: {page}"
    );
    assert!(!page.contains("接口文档") && !page.contains("/signin"), "not the staff site's page: {page}");
    kiosk.get("/kiosk/pair").await;
    let (status, _, _) = kiosk.post("/kiosk/pair", &[("token", "linli_wrong")]).await;
    assert_eq!(status, 422);
    let (status, location, _) = kiosk.post("/kiosk/pair", &[("token", &token)]).await;
    assert_eq!((status, location.as_str()), (303, "/kiosk"));
    let (status, _, page) = kiosk.get("/kiosk").await;
    assert_eq!(status, 200);
    assert!(!page.contains("接口文档") && !page.contains("/signin") && !page.contains("class=\"top\""), "{page}");
    let (_, _, page) = kiosk.get("/kiosk/id").await;
    assert!(page.contains("http-equiv=\"refresh\" content=\"60;url=/kiosk\""), "resets itself: {page}");
    // A mistyped ID number (its check digit does not fit) is said to be wrong.
    let (status, _, page) = kiosk.post("/kiosk/id", &[("number", "141102195603120241")]).await;
    assert_eq!(status, 422);
    assert!(page.contains("号码有误") && !page.contains("没有找到"), "{page}");

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
    // Paid on the kiosk's own screen, the provider's page keeps the kiosk's
    // chrome: nothing of the staff site (no 登录, no footer links).
    let (status, _, here) = kiosk.get(&format!("/pay-sim/{order_no}?back=/kiosk/s/{session}/receipts")).await;
    assert_eq!(status, 200);
    assert!(
        here.contains("class=\"kiosk-body\"") && !here.contains("nav-signin") && !here.contains("api-docs"),
        "{here}"
    );
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
    // Every page of her session returns to the start by ending it on the
    // server: after the minute without a touch, or 返回首页.
    assert!(page.contains(&format!("content=\"60;url=/kiosk/s/{session}/end\"")), "{page}");
    let (status, location, _) = kiosk.post(&format!("/kiosk/s/{session}/end"), &[]).await;
    assert_eq!((status, location.as_str()), (303, "/kiosk"));
    let (status, _, page) = kiosk.get(&format!("/kiosk/s/{session}")).await;
    assert_eq!(status, 404, "reopening her session's address shows nothing of her");
    assert!(page.contains("上一位居民的服务已结束") && !page.contains("物业费"), "{page}");
    assert!(!page.contains("接口文档") && !page.contains("class=\"top\""), "the kiosk's own page: {page}");
    assert_eq!(kiosk.get(&receipt_at).await.0, 404, "nor her receipt");
    // Another kiosk does not see this session.
    let (_, other) =
        app.app.create_token(&actor, "kiosk-2", &[linli::app::access::token::Scope::Kiosk], &region).await.unwrap();
    let mut second = common::Browser::new(&app);
    second.get("/kiosk/pair").await;
    second.post("/kiosk/pair", &[("token", &other)]).await;
    assert_eq!(second.get(&format!("/kiosk/s/{session}")).await.0, 404);
    // The minute running out ends a session too (the page's refresh opens
    // its end by GET), and another kiosk cannot end this one's.
    let (_, location, _) = kiosk.post("/kiosk/phone", &[("number", "13912340000")]).await;
    let again = location.trim_start_matches("/kiosk/s/").trim_end_matches("/code").to_owned();
    second.get(&format!("/kiosk/s/{again}/end")).await;
    assert_eq!(kiosk.get(&format!("/kiosk/s/{again}/code")).await.0, 200, "still this kiosk's");
    let (status, location, _) = kiosk.get(&format!("/kiosk/s/{again}/end")).await;
    assert_eq!((status, location.as_str()), (303, "/kiosk"));
    assert_eq!(kiosk.get(&format!("/kiosk/s/{again}/code")).await.0, 404, "ended");
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

    // Guessing: ten misses (two so far), then the kiosk waits. (Guesses
    // with valid check digits: a mistyped number looks nothing up.)
    for i in 0..8 {
        let first17 = format!("11010119900307{:03}", 100 + i);
        let guess = format!("{first17}{}", linli::domain::registry::id_number::check_digit(first17.as_bytes()));
        let (status, _, _) = kiosk.post("/kiosk/id", &[("number", &guess)]).await;
        assert_eq!(status, 422, "miss {i}");
    }
    let (status, _, page) = kiosk.post("/kiosk/assist", &[("number", &code)]).await;
    assert_eq!(status, 429);
    assert!(page.contains("尝试次数过多"), "{page}");
    app.stop().await;
}
