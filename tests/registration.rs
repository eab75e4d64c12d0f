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
    let grid = app.app.add_grid(&actor, &"141102001002".parse().unwrap(), 1, "交通路第一网格").await.unwrap();
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
    app.app
        .add_household(&actor, &"141102001002".parse().unwrap(), building, ("1", "101", 8000), &[person])
        .await
        .unwrap();
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
    let (_, _, form) = b.get("/report").await;
    assert!(
        form.contains(r#"id="name" name="name" maxlength="32" value="李桂兰""#),
        "she is named as she is known: {form}"
    );
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
    let building = app.app.add_building(&actor, &"141102001002001".parse().unwrap(), "交通路小区2号楼").await.unwrap();
    let feng = id("19520815", "031");
    let person = NewPerson {
        name: "冯金保".into(),
        id_number: IdNumber::parse(&feng, chrono::Utc::now().date_naive()).unwrap().into(),
        phone: None,
        relation: "本人".into(),
        tags: vec!["退役军人".into()],
        facts: Default::default(),
    };
    app.app
        .add_household(&actor, &"141102001002".parse().unwrap(), building, ("1", "201", 7000), &[person])
        .await
        .unwrap();
    let mut b = Browser::new(&app);
    let (status, _, html) = register(&mut b, "冯金保", "13600002222", &feng, GOOD).await;
    assert_eq!(status, 200);
    assert!(html.contains("社区工作人员会核对"), "waits for staff");
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
    assert!(html.contains("社区工作人员会核对") && html.contains("2 个工作日"), "{html}");
    assert!(!html.contains("注册后立即可用"), "no promise the registration cannot keep");
    let (status, _, html) = b.sign_in("13700001111", GOOD).await;
    assert_eq!(status, 403, "no account until verified");
    assert!(html.contains("正在等待社区工作人员核实") && !html.contains("账号或密码错误"), "{html}");
    let (status, _, html) = b.sign_in("13700001111", "Wrong-password-1").await;
    assert_eq!(status, 401, "a wrong password learns nothing of the registration");
    assert!(html.contains("账号或密码错误") && !html.contains("核实"));

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
    assert!(queue.contains("人口登记：李桂兰，交通路小区1号楼 1-101"), "staff see whom it links to: {queue}");
    assert!(queue.contains("登记的姓名与注册的不同"), "and that the names differ");
    let reg = queue.split("action=\"/admin/registrations/").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let (status, _, _) = o.post(&format!("/admin/registrations/{reg}"), &[("decision", "approve")]).await;
    assert_eq!(status, 404, "outside their community");
    let (status, location, _) = s.post(&format!("/admin/registrations/{reg}"), &[("decision", "approve")]).await;
    assert_eq!((status, location.as_str()), (303, "/admin/registrations"));
    assert_eq!(b.sign_in("13700001111", GOOD).await.1, "/account", "verified: she signs in with her own password");
    let (_, _, mine) = b.get("/my/household").await;
    assert!(mine.contains("李桂兰") && mine.contains("交通路小区1号楼"), "linked to her household: {mine}");
    let approved = app.app.recent_audit(Some("registration.approved"), 5).await.unwrap();
    assert_eq!(approved[0].actor, "staff.liu");
    app.stop().await;
}

#[tokio::test]
async fn an_approved_resident_sees_her_household_and_bills_and_books_a_visit() {
    let app = TestApp::spawn().await;
    let li = registry_with_li(&app).await;
    // She registers with a new phone (the registry has another): staff verify.
    let mut b = Browser::new(&app);
    let (status, _, _) = register(&mut b, "李桂兰", "13655550000", &li, GOOD).await;
    assert_eq!(status, 200);
    let res = app
        .client
        .post(app.url("/api/v1/session"))
        .json(&serde_json::json!({"login": "13655550000", "password": GOOD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["code"], "registration_pending", "{body}");

    let mut staff = common::signed_in(&app, "staff.liu", "community_staff", "141102001002").await;
    let fee = serde_json::json!({"name": "物业费", "kind": "area", "price": "1.20"});
    let (status, body) =
        staff.api_send(reqwest::Method::PUT, "/api/v1/communities/141102001002/fee-items/wy", &fee).await;
    assert_eq!(status, 200, "{body}");
    let run = serde_json::json!({"fee": "WY", "period": "2026-11"});
    staff.api_send(reqwest::Method::POST, "/api/v1/communities/141102001002/bill-runs", &run).await;
    let (_, _, queue) = staff.get("/admin/registrations").await;
    assert!(!queue.contains("登记的姓名与注册的不同"));
    assert!(queue.contains("<small>交通路社区</small>"), "the community by name: {queue}");
    let reg = queue.split("action=\"/admin/registrations/").nth(1).unwrap().split('"').next().unwrap().to_owned();
    staff.post(&format!("/admin/registrations/{reg}"), &[("decision", "approve")]).await;

    let (_, location, _) = b.sign_in("13655550000", GOOD).await;
    assert_eq!(location, "/account");
    let (_, _, mine) = b.get("/my/household").await;
    assert!(mine.contains("李桂兰") && mine.contains("独居老人"), "{mine}");
    let (_, _, bills) = b.get("/my/bills").await;
    assert!(bills.contains("物业费") && bills.contains("96.00"), "her household's bill: {bills}");
    let (status, _, page) =
        b.post("/my/appointments", &[("item", ""), ("wish", "工作日上午"), ("note", "帮我看看医保报销怎么办")]).await;
    assert_eq!(status, 303, "{page}");
    let (_, _, page) = b.get("/my/appointments?sent=1").await;
    assert!(page.contains("预约已提交"), "{page}");
    assert!(page.contains("帮我看看医保报销怎么办"), "{page}");

    // Her workbench counts what waits for her; the staff's, the visit to schedule.
    let count = |html: &str, key: &str| -> Option<i64> {
        let rest = &html[html.find(&format!("id=\"todo-{key}\""))?..];
        rest.split("class=\"count\">").nth(1)?.split('<').next()?.parse().ok()
    };
    let (_, _, bench) = b.get("/workbench").await;
    assert_eq!(count(&bench, "bills_owed"), Some(1), "{bench}");
    assert_eq!(count(&bench, "appointments_coming"), Some(1));
    assert_eq!(count(&bench, "reports_open"), Some(0));
    assert_eq!(count(&bench, "to_accept"), None, "a resident accepts nothing");
    let (_, _, bench) = staff.get("/workbench").await;
    assert_eq!(count(&bench, "appointments_new"), Some(1), "{bench}");
    // Scheduling without a day keeps who was to go, and says why by the form.
    let (_, _, list) = staff.get("/appointments").await;
    let id = list.split("action=\"/appointments/").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let (status, _, list) = staff.post(&format!("/appointments/{id}"), &[("day", ""), ("assignee", "王梦霞")]).await;
    assert_eq!(status, 422);
    assert!(list.contains("请选择上门日期") && list.contains("value=\"王梦霞\""), "{list}");

    // She reports signed in; her inbox's link leads her to its tracking page,
    // not to the staff's event page.
    let (_, _, form) = b.get("/report").await;
    assert!(form.contains("value=\"李桂兰\"") && !form.contains("name=\"phone\""), "her inbox, not a phone: {form}");
    let (_, _, form) = b.get("/services/GL01/apply").await;
    assert!(form.contains("value=\"李桂兰\"") && form.contains("value=\"13655550000\""), "{form}");
    let (_, _, form) = staff.get("/services/GL01/apply").await;
    assert!(!form.contains("value=\"13655550000\""), "staff apply for others: the form starts empty");
    let report =
        [("community", "141102001002"), ("category", "0205"), ("text", "楼道灯坏了好几天了"), ("phone", "13655550000")];
    let (status, track, page) = b.post("/report", &report).await;
    assert_eq!(status, 303, "{page}");
    let (_, _, inbox) = b.get("/inbox").await;
    assert!(inbox.contains("已收到您反映的问题"), "{inbox}");
    let event = inbox.split("href=\"/events/").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let (status, _, page) = staff.get(&format!("/events/{event}")).await;
    assert!(status == 200 && page.contains("楼道灯坏了好几天了"), "staff open the same link: {page}");
    let (status, location, _) = b.get(&format!("/events/{event}")).await;
    assert_eq!((status, location.as_str()), (303, track.as_str()));
    app.stop().await;
}

#[tokio::test]
async fn approval_needs_the_person_in_the_registry() {
    let app = TestApp::spawn().await;
    registry_with_li(&app).await;
    let mut b = Browser::new(&app);
    register(&mut b, "陌生人", "13600009999", &id("19900101", "015"), GOOD).await;
    let mut staff = common::signed_in(&app, "staff.liu", "community_staff", "141102001002").await;
    let (_, _, queue) = staff.get("/admin/registrations").await;
    assert!(queue.contains("本社区人口登记中没有这个身份证号"), "{queue}");
    let reg = queue.split("action=\"/admin/registrations/").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let (status, _, page) = staff.post(&format!("/admin/registrations/{reg}"), &[("decision", "approve")]).await;
    assert_eq!(status, 422);
    assert!(page.contains("请先为其办理迁入登记"), "{page}");
    assert_eq!(b.sign_in("13600009999", GOOD).await.0, 403, "still waiting");
    let (status, _, _) = staff.post(&format!("/admin/registrations/{reg}"), &[("decision", "reject")]).await;
    assert_eq!(status, 303);
    let (status, _, page) = b.sign_in("13600009999", GOOD).await;
    assert_eq!(status, 403);
    assert!(page.contains("没有通过社区核实"), "{page}");
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
