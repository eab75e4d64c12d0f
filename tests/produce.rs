//! The produce counter (助农展销) through HTTP, as its users meet it: the
//! centre sets it up, a visitor orders from the shelf without signing in,
//! pays through the local provider and collects with the code; stock is
//! never sold below zero and comes back when an order is not paid; a
//! merchant keeps only its own enterprise.

mod common;

use chrono::{Duration, Utc};
use common::{Browser, GOOD, TestApp, signed_in};
use linli::app::refusal::CentreRefusal;
use reqwest::Method;
use serde_json::json;
use uuid::Uuid;

const JTL: &str = "141102001002";

fn with_payments() -> impl FnOnce(&mut linli::config::Given) {
    |g| g.pay_sim = linli::config::Overrides { value: Some(true), source: None }
}

/// The value of the first `attr="…"` in a page.
fn attr(body: &str, attr: &str) -> String {
    body.split(&format!("{attr}=\"")).nth(1).and_then(|r| r.split('"').next()).unwrap_or_default().to_owned()
}

/// Adds an enterprise through the page; returns its id.
async fn enterprise(staff: &mut Browser<'_>, name: &str) -> Uuid {
    staff.get("/produce").await;
    let (status, location, body) = staff
        .post("/produce/enterprises", &[("community", JTL), ("name", name), ("village", "归化村"), ("about", "")])
        .await;
    assert_eq!((status, location.as_str()), (303, "/produce"), "{body}");
    let (_, _, page) = staff.get("/produce").await;
    let section = page.split("<section class=\"stall\"").find(|s| s.contains(name)).expect("its section");
    attr(section, "data-enterprise").parse().unwrap()
}

/// Adds a product through the API; returns its id.
async fn product(staff: &mut Browser<'_>, enterprise: Uuid, name: &str, fen: i64, stock: i64) -> Uuid {
    let body = json!({ "name": name, "price": fen, "unit": "袋", "stock": stock, "story": "石磨慢磨" });
    let (status, p) =
        staff.api_send(Method::POST, &format!("/api/v1/produce/enterprises/{enterprise}/products"), &body).await;
    assert_eq!(status, 201, "{p}");
    p["id"].as_str().unwrap().parse().unwrap()
}

/// Opens a pickup window tomorrow 10:00–11:30; returns its id.
async fn window(app: &TestApp, capacity: i64) -> Uuid {
    window_on(app, capacity, 1, 10).await
}

/// Opens a pickup window `days` from today, `hour`:00 to `hour`+1:30.
async fn window_on(app: &TestApp, capacity: i64, days: i64, hour: u32) -> Uuid {
    let day = linli::domain::time::day(Utc::now()) + Duration::days(days);
    let at = |h, m| linli::domain::time::zone().instant(day.and_hms_opt(h, m, 0).unwrap());
    let actor = linli::app::access::audit::Actor::cli();
    app.app.add_pickup_window_by(&actor, JTL, (at(hour, 0), at(hour + 1, 30)), capacity).await.unwrap().id
}

async fn stock(app: &TestApp, product: Uuid) -> i64 {
    app.app.produce_product(product).await.unwrap().0.stock
}

#[tokio::test]
async fn a_visitor_orders_from_the_shelf_pays_online_and_collects_with_the_code() {
    let app = TestApp::spawn_with(with_payments()).await;
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", JTL).await;
    let e = enterprise(&mut staff, "隆泰面粉厂").await;

    // A price that does not read comes back by its field, with what was typed.
    staff.get("/produce").await;
    let fields =
        [("name", "隆泰石磨面粉"), ("price", "三十五"), ("unit", "袋"), ("stock", "10"), ("story", "本地冬小麦")];
    let (status, _, body) = staff.post(&format!("/produce/enterprises/{e}/products"), &fields).await;
    assert_eq!(status, 422);
    assert!(body.contains("单价应在 0.01 元到 10000 元之间"), "{body}");
    assert!(body.contains("value=\"隆泰石磨面粉\""));
    let fields = [("name", "隆泰石磨面粉"), ("price", "35"), ("unit", "袋"), ("stock", "10"), ("story", "本地冬小麦")];
    let (status, _, _) = staff.post(&format!("/produce/enterprises/{e}/products"), &fields).await;
    assert_eq!(status, 303);
    let (_, shelf) = staff.api(&format!("/api/v1/regions/{JTL}/produce")).await;
    let flour: Uuid = shelf["products"][0]["id"].as_str().unwrap().parse().unwrap();
    assert_eq!(shelf["products"][0]["price"], 3500);

    // A pickup time through the page.
    let day = (linli::domain::time::day(Utc::now()) + Duration::days(1)).to_string();
    let (status, _, body) = staff
        .post(
            "/produce/windows",
            &[("community", JTL), ("day", &day), ("from", "10:00"), ("to", "09:00"), ("capacity", "5")],
        )
        .await;
    assert_eq!(status, 422);
    assert!(body.contains("结束晚于开始"), "{body}");
    let (status, _, _) = staff
        .post(
            "/produce/windows",
            &[("community", JTL), ("day", &day), ("from", "10:00"), ("to", "11:30"), ("capacity", "5")],
        )
        .await;
    assert_eq!(status, 303);
    let (_, shelf) = staff.api(&format!("/api/v1/regions/{JTL}/produce")).await;
    let window = shelf["windows"][0]["id"].as_str().unwrap().to_owned();

    // A visitor scans the label: the product's page, no sign-in.
    let mut visitor = Browser::new(&app);
    let (status, _, page) = visitor.get(&format!("/produce/p/{flour}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("本地冬小麦") && page.contains("35.00 元/袋"), "{page}");
    // A bad phone comes back with the name kept and the message by the phone.
    let q = format!("q_{flour}");
    let order = |phone: &'static str| {
        vec![
            (q.clone(), "3".to_owned()),
            ("window".into(), window.clone()),
            ("name".into(), "张桂兰".into()),
            ("phone".into(), phone.into()),
            ("product".into(), flour.to_string()),
        ]
    };
    let send =
        |f: &Vec<(String, String)>| f.iter().map(|(k, v)| (k.as_str().to_owned(), v.clone())).collect::<Vec<_>>();
    let fields = send(&order("1380358"));
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (status, _, body) = visitor.post(&format!("/regions/{JTL}/produce/order"), &fields).await;
    assert_eq!(status, 422);
    assert!(body.contains("手机号应为 11 位数字") && body.contains("value=\"张桂兰\""), "{body}");
    let fields = send(&order("13803581001"));
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (status, location, _) = visitor.post(&format!("/regions/{JTL}/produce/order"), &fields).await;
    assert_eq!(status, 303);
    let token = location.strip_prefix("/produce/orders/").unwrap().to_owned();
    assert_eq!(stock(&app, flour).await, 7, "reserved on ordering");

    // The order waits for payment; no pickup code yet.
    let (_, o) = visitor.api(&format!("/api/v1/produce/orders/{token}")).await;
    assert_eq!(
        (o["state"].as_str(), o["total"].as_i64(), o["phone"].as_str()),
        (Some("placed"), Some(10500), Some("138****1001"))
    );
    assert!(o["code"].is_null());
    let (_, _, page) = visitor.get(&location).await;
    assert!(page.contains("待付款"));

    // Pays on the local provider's page, which calls back signed.
    let (status, pay, _) = visitor.post(&format!("/produce/orders/{token}/pay"), &[]).await;
    assert_eq!(status, 303);
    let order_no = pay.strip_prefix("/pay-sim/").unwrap().to_owned();
    visitor.get(&pay).await;
    let (status, back, _) = visitor.post(&pay, &[]).await;
    assert_eq!((status, back.as_str()), (303, location.as_str()));
    let (_, o) = visitor.api(&format!("/api/v1/produce/orders/{token}")).await;
    assert_eq!(o["state"], "paid");
    let code = o["code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 6);
    let (_, _, page) = visitor.get(&location).await;
    assert!(page.contains(&code));
    // The buyer is told by SMS (she ordered without signing in), with the code.
    let (_, outbox) = staff.api("/api/v1/outbox").await;
    let told: Vec<_> = outbox
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["recipient"] == format!("produce:{}", o["id"].as_str().unwrap()))
        .collect();
    assert_eq!(told.len(), 1, "{outbox}");
    assert_eq!(told[0]["channel"], "sms");
    assert!(told[0]["body"].as_str().unwrap().contains(&code));

    // The provider calls back again: applied once, nothing moves.
    let cb = serde_json::to_vec(&json!({ "order_no": order_no, "amount": 10500, "txn": "SIM-again" })).unwrap();
    let res = app
        .client
        .post(app.url("/api/v1/pay/callback/sim"))
        .header("x-pay-signature", app.app.sim_signature(&cb))
        .body(cb)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["replayed"], true);
    assert_eq!(stock(&app, flour).await, 7);

    // The counter: a wrong code is refused by the order, the right one hands it over.
    let (_, _, page) = staff.get(&format!("/produce/counter?code={code}")).await;
    assert!(page.contains("张桂兰") && page.contains("138****1001"), "{page}");
    let id = o["id"].as_str().unwrap();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (status, _, body) = staff.post(&format!("/produce/counter/{id}/collect"), &[("code", wrong)]).await;
    assert_eq!(status, 422);
    assert!(body.contains("取货码不对"), "{body}");
    let (status, _, _) = staff.post(&format!("/produce/counter/{id}/collect"), &[("code", &code)]).await;
    assert_eq!(status, 303);
    let (_, o) = visitor.api(&format!("/api/v1/produce/orders/{token}")).await;
    assert_eq!(o["state"], "collected");

    // Sales by month, enterprise and product, and the same as XLSX.
    let (status, sales) = staff.api("/api/v1/produce/sales").await;
    assert_eq!(status, 200);
    assert_eq!(sales.as_array().unwrap().len(), 1, "{sales}");
    assert_eq!((sales[0]["quantity"].as_i64(), sales[0]["amount"].as_i64()), (Some(3), Some(10500)));
    assert_eq!(sales[0]["village"], "归化村");
    let (status, kind, bytes) = staff.get_bytes("/produce/sales.xlsx").await;
    assert_eq!(status, 200);
    assert!(kind.contains("spreadsheetml") && bytes.starts_with(b"PK"));
    // Its keepers add photos; anyone sees them; a file that is not a photo is refused by the field.
    staff.get(&format!("/produce/products/{flour}/edit")).await;
    let csrf = staff.csrf.clone();
    let token = [("_csrf", csrf.as_str())];
    let (status, body) =
        staff.multipart(&format!("/produce/products/{flour}/photos"), &token, &[b"not a picture".to_vec()]).await;
    assert_eq!(status, 422);
    assert!(body.contains("id=\"photo-error\""), "{body}");
    let (status, _) =
        staff.multipart(&format!("/produce/products/{flour}/photos"), &token, &[common::phone_photo(800, 600)]).await;
    assert_eq!(status, 303);
    let (_, _, page) = Browser::new(&app).get(&format!("/produce/p/{flour}")).await;
    let src = attr(page.split("id=\"product-photos\"").nth(1).expect("the photos"), "src");
    let res = app.get(&src).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    let (_, _, page) = staff.get("/produce/labels").await;
    assert!(
        page.contains(&format!("/produce/p/{flour}")) && page.contains("<svg"),
        "labels carry the product's QR code"
    );
    app.stop().await;
}

#[tokio::test]
async fn stock_never_goes_below_zero_and_comes_back_when_an_order_is_not_paid() {
    let app = TestApp::spawn_with(with_payments()).await;
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", JTL).await;
    let e = enterprise(&mut staff, "七狗碗团").await;
    let bowls = product(&mut staff, e, "碗团", 3000, 5).await;
    let wide = window(&app, 100).await;
    let order = |ip: String, w: Uuid| {
        let app = app.app.clone();
        async move {
            let n = linli::app::centre::produce::NewOrder {
                window: Some(w),
                name: "李".into(),
                phone: "13903582002".into(),
                lines: vec![(bowls, 1)],
            };
            app.place_produce_order(&ip, None, JTL, n).await
        }
    };
    // 20 buyers at once for 5 bowls: exactly 5 orders.
    let tries: Vec<_> = (0..20).map(|i| tokio::spawn(order(format!("10.0.0.{i}"), wide))).collect();
    let mut placed = Vec::new();
    for t in tries {
        match t.await.unwrap() {
            Ok(o) => placed.push(o),
            Err(linli::app::Error::Invalid {
                reason: linli::app::refusal::Reason::Centre(CentreRefusal::ProduceShort { left, .. }),
                ..
            }) => {
                assert_eq!(left, 0)
            }
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!(placed.len(), 5);
    assert_eq!(stock(&app, bowls).await, 0);

    // One is being paid when time runs out: the others are released.
    let late = app.app.pay_produce_online("10.0.0.1", &placed[0].order.token).await.unwrap();
    let released = app.app.expire_produce_orders(Utc::now() + Duration::minutes(31)).await.unwrap();
    assert_eq!(released, 5);
    assert_eq!(stock(&app, bowls).await, 5);
    // The late payment takes its bowl again while there is one.
    let (body, signature) = app.app.sim_pay(&late.order_no).await.unwrap();
    app.app.payment_callback("sim", &body, &signature).await.unwrap();
    let o = app.app.produce_order_by_token(&placed[0].order.token).await.unwrap();
    assert_eq!(o.order.state, "paid");
    assert_eq!(stock(&app, bowls).await, 4);
    // Another late payment finds none left: the money is owed back.
    let mut others = Vec::new();
    for i in 0..4 {
        others.push(order(format!("10.0.1.{i}"), wide).await.unwrap());
    }
    assert_eq!(stock(&app, bowls).await, 0);
    let late = app.app.pay_produce_online("10.0.0.2", &others[0].order.token).await.unwrap();
    assert_eq!(app.app.expire_produce_orders(Utc::now() + Duration::minutes(31)).await.unwrap(), 4);
    order("10.0.2.1".into(), wide).await.unwrap();
    order("10.0.2.2".into(), wide).await.unwrap();
    order("10.0.2.3".into(), wide).await.unwrap();
    order("10.0.2.4".into(), wide).await.unwrap();
    let (body, signature) = app.app.sim_pay(&late.order_no).await.unwrap();
    app.app.payment_callback("sim", &body, &signature).await.unwrap();
    let o = app.app.produce_order_by_token(&others[0].order.token).await.unwrap();
    assert_eq!(o.order.state, "refund");
    assert_eq!(stock(&app, bowls).await, 0, "never below zero");

    // A full window is refused, by the window.
    let narrow = window_on(&app, 1, 2, 14).await;
    staff.api_send(Method::POST, &format!("/api/v1/produce/products/{bowls}/stock"), &json!({ "delta": 30 })).await;
    order("10.0.3.1".into(), narrow).await.unwrap();
    match order("10.0.3.2".into(), narrow).await {
        Err(linli::app::Error::Invalid {
            field: "window",
            reason: linli::app::refusal::Reason::Centre(CentreRefusal::PickupFull),
        }) => {}
        other => panic!("{other:?}"),
    }
    // Taking off more than is left is refused; the stock stays.
    let (status, e) = staff
        .api_send(Method::POST, &format!("/api/v1/produce/products/{bowls}/stock"), &json!({ "delta": -100 }))
        .await;
    assert_eq!((status, e["field"].as_str()), (400, Some("delta")), "{e}");
    assert_eq!(stock(&app, bowls).await, 29);

    // Without signing in, one address places at most 10 orders an hour; a
    // mistyped order is refused before it is counted.
    let url = app.url(&format!("/api/v1/regions/{JTL}/produce/orders"));
    let line = |q: i64| json!({ "window": wide, "name": "王", "phone": "13703583003", "lines": [{ "product": bowls, "quantity": q }] });
    let res = app.client.post(&url).json(&line(0)).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 400);
    let mut statuses = Vec::new();
    for _ in 0..12 {
        statuses.push(app.client.post(&url).json(&line(1)).send().await.unwrap().status().as_u16());
    }
    assert_eq!(statuses, [[201; 10].as_slice(), &[429, 429]].concat());
    assert_eq!(stock(&app, bowls).await, 19);
    app.stop().await;
}

#[tokio::test]
async fn a_merchant_keeps_only_its_own_enterprise() {
    let app = TestApp::spawn_with(with_payments()).await;
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", JTL).await;
    let mill = enterprise(&mut staff, "隆泰面粉厂").await;
    let vinegar = enterprise(&mut staff, "新山湾醋业").await;
    let flour = product(&mut staff, mill, "面粉", 3500, 20).await;
    let jar = product(&mut staff, vinegar, "老陈醋", 2500, 20).await;
    let w = window(&app, 50).await;
    for (p, q) in [(flour, 2), (jar, 1)] {
        let n = linli::app::centre::produce::NewOrder {
            window: Some(w),
            name: "赵".into(),
            phone: "13803581001".into(),
            lines: vec![(p, q)],
        };
        let o = app.app.place_produce_order("10.1.0.1", None, JTL, n).await.unwrap();
        let user = staff_user(&app).await;
        app.app
            .produce_counter_step(&user, "t", o.order.id, linli::domain::centre::produce::Step::PayCash, "")
            .await
            .unwrap();
    }

    // The centre gives the mill an account; its password is shown once.
    staff.get("/produce").await;
    let (status, _, page) = staff
        .post(&format!("/produce/enterprises/{mill}/merchants"), &[("login", "longtai.test"), ("display_name", "")])
        .await;
    assert_eq!(status, 200);
    let initial = page.split("初始密码：").nth(1).unwrap().split('（').next().unwrap().trim().to_owned();
    let mut m = Browser::new(&app);
    m.sign_in("longtai.test", &initial).await;
    m.get("/account/password").await;
    m.post("/account/password", &[("current", &initial), ("new", GOOD), ("confirm", GOOD)]).await;
    m.sign_in("longtai.test", GOOD).await;

    // Its own products: yes; another's: as if they did not exist.
    let body = json!({ "name": "全麦粉", "price": 2200, "unit": "袋", "stock": 5 });
    let (status, _) = m.api_send(Method::POST, &format!("/api/v1/produce/enterprises/{mill}/products"), &body).await;
    assert_eq!(status, 201);
    let (status, _) = m.api_send(Method::POST, &format!("/api/v1/produce/enterprises/{vinegar}/products"), &body).await;
    assert_eq!(status, 404);
    let (status, _) =
        m.api_send(Method::POST, &format!("/api/v1/produce/products/{jar}/stock"), &json!({ "delta": 5 })).await;
    assert_eq!(status, 404);
    let (status, _) =
        m.api_send(Method::POST, &format!("/api/v1/produce/products/{flour}/stock"), &json!({ "delta": 5 })).await;
    assert_eq!(status, 200);
    // Its own sales only; the counter is not its.
    let (_, sales) = m.api("/api/v1/produce/sales").await;
    let names: Vec<&str> = sales.as_array().unwrap().iter().map(|r| r["product"].as_str().unwrap()).collect();
    assert_eq!(names, ["面粉"]);
    let (status, _) = m.api("/api/v1/produce/counter").await;
    assert_eq!(status, 403);
    let (_, _, page) = m.get("/produce").await;
    assert!(page.contains("面粉") && !page.contains("老陈醋"), "{page}");
    assert!(page.contains("本企业的订单") && !page.contains("138****1001"), "what to prepare, not who buys");
    assert!(page.contains("id=\"nav-produce\""), "the navigation leads there");
    app.stop().await;
}

async fn staff_user(app: &TestApp) -> linli::app::access::auth::User {
    let account = app.app.account_view(app.app.account_by_login("liu.yuanyuan").await.unwrap()).await.unwrap();
    linli::app::access::auth::User { account, session: String::new(), ip: "t".into() }
}

#[tokio::test]
async fn money_is_taken_once_and_what_must_go_back_is_owed() {
    let app = TestApp::spawn_with(with_payments()).await;
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", JTL).await;
    let e = enterprise(&mut staff, "新山湾醋业").await;
    // Names are kept without what cannot be seen or turns text around.
    let jar = product(&mut staff, e, "老\u{0}陈\u{202E}醋\u{200B}", 2500, 20).await;
    assert_eq!(app.app.produce_product(jar).await.unwrap().0.name, "老陈醋");
    let w = window(&app, 50).await;
    let user = staff_user(&app).await;
    let place = |ip: &'static str| {
        let app = app.app.clone();
        async move {
            let n = linli::app::centre::produce::NewOrder {
                window: Some(w),
                name: "钱".into(),
                phone: "13803581001".into(),
                lines: vec![(jar, 1)],
            };
            app.place_produce_order(ip, None, JTL, n).await.unwrap()
        }
    };
    use linli::domain::centre::produce::Step;

    // Asking to pay twice gives the same provider order: one charge.
    let o = place("10.2.0.1").await;
    let first = app.app.pay_produce_online("t", &o.order.token).await.unwrap();
    let again = app.app.pay_produce_online("t", &o.order.token).await.unwrap();
    assert_eq!(first.order_no, again.order_no);

    // Paid in cash while the online payment was on its way: the order stands, the second payment is owed back.
    app.app.produce_counter_step(&user, "t", o.order.id, Step::PayCash, "").await.unwrap();
    let (body, signature) = app.app.sim_pay(&first.order_no).await.unwrap();
    app.app.payment_callback("sim", &body, &signature).await.unwrap();
    let v = app.app.produce_order_by_token(&o.order.token).await.unwrap();
    assert_eq!((v.order.state.as_str(), v.order.refund_owed), ("paid", 2500));
    let (_, _, page) = Browser::new(&app).get(&format!("/produce/orders/{}", o.order.token)).await;
    assert!(page.contains("多付的 ¥25.00 待退还"), "{page}");

    // Called off at the counter after paying online: the money is owed back, the stock returns.
    let o = place("10.2.0.2").await;
    let pay = app.app.pay_produce_online("t", &o.order.token).await.unwrap();
    let (body, signature) = app.app.sim_pay(&pay.order_no).await.unwrap();
    app.app.payment_callback("sim", &body, &signature).await.unwrap();
    let before = stock(&app, jar).await;
    let v = app.app.produce_counter_step(&user, "t", o.order.id, Step::Cancel, "").await.unwrap();
    assert_eq!(v.order.state, "refund");
    assert_eq!(stock(&app, jar).await, before + 1);

    // Photos sent at once do not pass the limit together.
    let uploads: Vec<_> = (0..5)
        .map(|_| {
            let (app, user) = (app.app.clone(), user.clone());
            let photos = vec![common::phone_photo(64, 48); 3];
            tokio::spawn(async move { app.add_product_photos(&user, "t", jar, photos).await })
        })
        .collect();
    let mut added = 0;
    for u in uploads {
        if let Ok(n) = u.await.unwrap() {
            added += n;
        }
    }
    assert_eq!(added, 6);
    assert_eq!(app.app.product_photos(JTL, &[jar]).await.unwrap().len(), 6);
    app.stop().await;
}
