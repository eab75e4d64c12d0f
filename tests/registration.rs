//! Residents register themselves: matched against the registry at once, or
//! verified by their community's staff.

mod common;

use common::{Browser, TestApp, add_account};
use linli::app::registry::household::NewPerson;
use linli::domain::registry::id_number::{IdNumber, check_digit};

const GOOD: &str = "Lvliang-2026-grid";

fn id(birth: &str, seq: &str) -> String {
    let first17 = format!("141102{birth}{seq}");
    format!("{first17}{}", check_digit(first17.as_bytes()))
}

/// A household in 交通路 with 李桂兰 (ID and phone known to the test).
async fn registry_with_li(app: &TestApp) -> String {
    let actor = linli::app::access::audit::Actor::cli();
    let grid = app.app.add_grid(&actor, "141102001002", 1, "交通路第一网格").await.unwrap();
    let building = app.app.add_building(&actor, &grid, "交通路小区1号楼").await.unwrap();
    let li = id("19560312", "024");
    let person = NewPerson {
        name: "李桂兰".into(),
        id_number: IdNumber::parse(&li, chrono::Utc::now().date_naive()).unwrap().into(),
        phone: Some(linli::domain::registry::phone::Phone::parse("13912340000").unwrap()),
        relation: "本人".into(),
        tags: vec!["独居老人".into()],
        facts: Default::default(),
    };
    app.app.add_household(&actor, "141102001002", building, ("1", "101", 8000), &[person]).await.unwrap();
    li
}

async fn register(b: &mut Browser<'_>, name: &str, phone: &str, id: &str, password: &str) -> (u16, String, String) {
    b.get("/register").await;
    b.post(
        "/register",
        &[
            ("name", name),
            ("phone", phone),
            ("id_number", id),
            ("password", password),
            ("confirm", password),
            ("community", "141102001002"),
        ],
    )
    .await
}

#[tokio::test]
async fn a_resident_in_the_registry_is_linked_to_their_household_at_once() {
    let app = TestApp::spawn().await;
    let li = registry_with_li(&app).await;
    let mut b = Browser::new(&app);
    let (status, location, _) = register(&mut b, "李桂兰", "139 1234 0000", &li, GOOD).await;
    assert_eq!((status, location.as_str()), (303, "/my/household"));
    let (status, _, html) = b.get("/my/household").await;
    assert_eq!(status, 200);
    assert!(html.contains("李桂兰") && html.contains("独居老人") && html.contains("141102********"), "{html}");
    assert!(!html.contains(&li), "even her own ID number is masked");
    let (_, me) = b.api("/api/v1/me").await;
    assert_eq!(me["grants"][0]["role"], "resident");
    // A resident sees no one else's household.
    let (_, _, list) = b.get("/households").await;
    assert!(!list.contains("href=\"/households/"));
    assert_eq!(app.app.recent_audit(Some("registration.matched"), 5).await.unwrap().len(), 1);
    app.stop().await;
}

#[tokio::test]
async fn an_id_number_and_a_name_alone_do_not_open_a_household() {
    let app = TestApp::spawn().await;
    registry_with_li(&app).await;
    // 冯金保 is registered without a phone: someone who knows his ID number
    // and name must not become a member of his household.
    let actor = linli::app::access::audit::Actor::cli();
    let building = app.app.add_building(&actor, "141102001002001", "交通路小区2号楼").await.unwrap();
    let feng = id("19520815", "031");
    let person = NewPerson {
        name: "冯金保".into(),
        id_number: IdNumber::parse(&feng, chrono::Utc::now().date_naive()).unwrap().into(),
        phone: None,
        relation: "本人".into(),
        tags: vec!["退役军人".into()],
        facts: Default::default(),
    };
    app.app.add_household(&actor, "141102001002", building, ("1", "201", 7000), &[person]).await.unwrap();
    let mut b = Browser::new(&app);
    let (status, _, html) = register(&mut b, "冯金保", "13600002222", &feng, GOOD).await;
    assert_eq!(status, 200);
    assert!(html.contains("核实后即可用手机号登录"), "waits for staff");
    assert!(app.app.recent_audit(Some("registration.matched"), 5).await.unwrap().is_empty());
    app.stop().await;
}

#[tokio::test]
async fn an_unmatched_registration_waits_for_its_community_staff() {
    let app = TestApp::spawn().await;
    let li = registry_with_li(&app).await;
    let mut b = Browser::new(&app);
    // Right ID number, wrong name: no match, so staff must verify.
    let (status, _, html) = register(&mut b, "李桂芳", "13700001111", &li, GOOD).await;
    assert_eq!(status, 200);
    assert!(html.contains("核实后即可用手机号登录"));
    assert_eq!(b.sign_in("13700001111", GOOD).await.0, 401, "no account until verified");

    let other = add_account(&app, "staff.other", None, "community_staff", "141102002006").await;
    let mut o = Browser::new(&app);
    o.sign_in("staff.other", &other).await;
    o.get("/account/password").await;
    o.post("/account/password", &[("current", &other), ("new", GOOD), ("confirm", GOOD)]).await;
    o.sign_in("staff.other", GOOD).await;
    let (_, _, queue) = o.get("/admin/registrations").await;
    assert!(queue.contains("没有待核实的注册"), "another community's staff see nothing");

    let staff = add_account(&app, "staff.liu", None, "community_staff", "141102001002").await;
    let mut s = Browser::new(&app);
    s.sign_in("staff.liu", &staff).await;
    s.get("/account/password").await;
    s.post("/account/password", &[("current", &staff), ("new", GOOD), ("confirm", GOOD)]).await;
    s.sign_in("staff.liu", GOOD).await;
    let (_, _, queue) = s.get("/admin/registrations").await;
    assert!(queue.contains("李桂芳") && queue.contains("137****1111") && !queue.contains(&li));
    let reg = queue.split("action=\"/admin/registrations/").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let (status, _, _) = o.post(&format!("/admin/registrations/{reg}"), &[("decision", "approve")]).await;
    assert_eq!(status, 404, "outside their community");
    let (status, location, _) = s.post(&format!("/admin/registrations/{reg}"), &[("decision", "approve")]).await;
    assert_eq!((status, location.as_str()), (303, "/admin/registrations"));
    assert_eq!(b.sign_in("13700001111", GOOD).await.1, "/account", "verified: she signs in with her own password");
    assert_eq!(app.app.recent_audit(Some("registration.approved"), 5).await.unwrap()[0].actor, "staff.liu");
    app.stop().await;
}

#[tokio::test]
async fn registration_refuses_bad_input_with_plain_chinese() {
    let app = TestApp::spawn().await;
    let li = registry_with_li(&app).await;
    let mut b = Browser::new(&app);
    for (name, phone, id_number, password, says) in [
        ("李桂兰", "13912340000", "4.11102E+17", GOOD, "表格软件当成了数字"),
        ("李桂兰", "13912340000", &li[..17], GOOD, "应为 18 位"),
        ("李桂兰", "1391234", li.as_str(), GOOD, "11 位数字"),
        ("李桂兰", "13912340000", li.as_str(), "12345678", "太常见"),
        ("李桂兰", "13912340000", li.as_str(), &format!("x{}", &li), "不能包含手机号、身份证号"),
        ("", "13912340000", li.as_str(), GOOD, "请填写姓名"),
    ] {
        let (status, _, html) = register(&mut b, name, phone, id_number, password).await;
        assert_eq!(status, 422, "{says}");
        assert!(html.contains(says), "{says}: {html}");
    }
    register(&mut b, "李桂兰", "13912340000", &li, GOOD).await;
    let mut again = Browser::new(&app);
    let (_, _, html) = register(&mut again, "李桂兰", "13912340000", &li, GOOD).await;
    assert!(html.contains("该手机号已注册"));
    app.stop().await;
}

#[tokio::test]
async fn the_api_registers_too() {
    let app = TestApp::spawn().await;
    let li = registry_with_li(&app).await;
    let post = |body: serde_json::Value| app.client.post(app.url("/api/v1/registrations")).json(&body).send();
    let res = post(serde_json::json!({"name": "李桂兰", "phone": "13912340000", "id_number": "4.11102E+17",
        "password": GOOD, "community": "141102001002"}))
    .await
    .unwrap();
    assert_eq!(res.status(), 400);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!((body["code"].as_str(), body["field"].as_str()), (Some("invalid_input"), Some("id_number")));
    assert!(body["detail"].as_str().unwrap().contains("文本"));
    let res = post(serde_json::json!({"name": "李桂兰", "phone": "13912340000", "id_number": li,
        "password": GOOD, "community": "141102001002"}))
    .await
    .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["set-cookie"].to_str().unwrap().starts_with("linli_session="));
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["status"], "linked");
    let res = post(serde_json::json!({"name": "陌生人", "phone": "13600009999", "id_number": id("19900101", "015"),
        "password": GOOD, "community": "141102001002"}))
    .await
    .unwrap();
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["status"], "pending");
    app.stop().await;
}

#[tokio::test]
async fn registrations_from_one_address_are_limited() {
    let app = TestApp::spawn().await;
    for i in 0..5 {
        let mut b = Browser::new(&app);
        let phone = format!("1391234{i:04}");
        let (status, _, html) =
            register(&mut b, "王五", &phone, &id("19800101", &format!("{:03}", 100 + i)), GOOD).await;
        assert_eq!(status, 200, "registration {i}: {html}");
    }
    let mut b = Browser::new(&app);
    let (status, _, html) = register(&mut b, "王五", "13912349999", &id("19800101", "199"), GOOD).await;
    assert_eq!(status, 429);
    assert!(html.contains("注册次数过多"));
    let res = app
        .client
        .post(app.url("/api/v1/registrations"))
        .json(&serde_json::json!({"name": "王五", "phone": "13912348888", "id_number": id("19800101", "201"),
                                  "password": GOOD, "community": "141102001002"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["code"], "too_many_attempts");
    app.stop().await;
}
