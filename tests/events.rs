//! Events through the API: a resident reports with a phone, staff move it
//! through the whole workflow (with a failed check and a reopening), and the
//! resident follows it by tracking code, seeing only the public steps.

mod common;

use common::{TestApp, signed_in};
use reqwest::Method;
use serde_json::{Value, json};

async fn act(b: &mut common::Browser<'_>, id: &str, body: Value) -> (u16, Value) {
    b.api_send(Method::POST, &format!("/api/v1/events/{id}/actions"), &body).await
}

/// Signs in as the demo community's staff and reports an event through the
/// API; returns the browser, the event's id and the API's answer.
async fn staff_reports<'a>(app: &'a TestApp, category: &str, text: &str) -> (common::Browser<'a>, String, Value) {
    let mut staff = signed_in(app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let (_, created) = staff
        .api_send(
            Method::POST,
            "/api/v1/events",
            &json!({"category": category, "text": text, "community": "141102001002"}),
        )
        .await;
    let id = created["id"].as_str().unwrap().to_owned();
    (staff, id, created)
}

#[tokio::test]
async fn a_report_goes_through_the_whole_workflow_and_its_reporter_follows_it() {
    let app = TestApp::spawn().await;
    let report =
        json!({"category": "0201", "text": "3号楼地下室水管漏水", "community": "141102001002", "phone": "13912345678"});
    let res = app.client.post(app.url("/api/v1/events")).json(&report).send().await.unwrap();
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    let (id, code) = (created["id"].as_str().unwrap().to_owned(), created["code"].as_str().unwrap().to_owned());
    let res = app
        .client
        .post(app.url("/api/v1/events"))
        .json(&json!({"category": "0201", "text": "漏水", "community": "141102001002"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400, "a phone is needed without signing in");

    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let (_, list) = staff.api("/api/v1/events?state=reported").await;
    assert_eq!(list["items"][0]["code"], code.as_str());
    let mut other = signed_in(&app, "luo.xinjuan", "community_head", "141102002006").await;
    assert_eq!(other.api(&format!("/api/v1/events/{id}")).await.0, 404, "another community's event");

    let (status, body) =
        act(&mut staff, &id, json!({"action": "dispatch", "hours": 24, "handler": "物业维修组"})).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("action")), "accept first: {body}");
    for (action, extra) in [
        ("accept", json!({})),
        ("dispatch", json!({"hours": 24, "handler": "物业维修组"})),
        ("start", json!({})),
        ("feedback", json!({"reason": "已更换阀门"})),
        ("fail", json!({"reason": "仍在滴水"})),
        ("feedback", json!({"reason": "已更换整段水管"})),
        ("pass", json!({})),
        ("visit", json!({"satisfaction": "unsatisfied"})),
        ("reopen", json!({"reason": "墙面仍潮湿"})),
        ("feedback", json!({"reason": "已做防水处理"})),
        ("pass", json!({})),
        ("visit", json!({"satisfaction": "satisfied"})),
    ] {
        let mut body = extra;
        body["action"] = json!(action);
        let (status, got) = act(&mut staff, &id, body).await;
        assert_eq!(status, 200, "{action}: {got}");
    }
    let (_, event) = staff.api(&format!("/api/v1/events/{id}")).await;
    assert_eq!(event["state"], "visited_satisfied");
    assert_eq!(event["rework"], 2, "a failed check and a reopening");
    assert_eq!(event["steps"].as_array().unwrap().len(), 13);
    let (status, _) = act(&mut staff, &id, json!({"action": "reopen", "reason": "再看看"})).await;
    assert_eq!(status, 400, "a satisfied reporter's event stays closed");

    // The reporter, not signed in: public steps only, no internal check.
    let tracked: Value =
        app.client.get(app.url(&format!("/api/v1/track/{code}"))).send().await.unwrap().json().await.unwrap();
    assert_eq!((tracked["status"].as_str(), tracked["state"].as_str()), (Some("closed"), Some("已回访：满意")));
    let notes = tracked["steps"].to_string();
    assert!(notes.contains("已更换整段水管") && !notes.contains("仍在滴水"), "{notes}");
    assert!(
        notes.contains("物业维修组") && !notes.contains("墙面仍潮湿"),
        "who handles it, not why it reopened: {notes}"
    );
    assert!(!tracked.to_string().contains("13912345678"));
    assert_eq!(app.client.get(app.url("/api/v1/track/ENOSUCHCODE")).send().await.unwrap().status(), 404);
    let audit = app.app.recent_audit(Some("event.fail"), 5).await.unwrap();
    assert_eq!(audit.len(), 1);
    // The outbox told the reporter (by SMS: they left a phone) of each public
    // step, never of the internal check, and the handler of the dispatch.
    let (_, outbox) = staff.api("/api/v1/outbox").await;
    let to_reporter: Vec<&Value> =
        outbox.as_array().unwrap().iter().filter(|n| n["recipient"] == format!("reporter:{code}")).collect();
    assert!(to_reporter.iter().all(|n| n["channel"] == "sms"));
    assert_eq!(to_reporter.len(), 12, "the receipt, and 11 of 12 actions: all but the failed check");
    assert!(
        to_reporter.last().unwrap()["body"]
            .as_str()
            .unwrap()
            .contains(&format!("已收到您反映的问题（供水），查询码 {code}"))
    );
    assert!(!to_reporter.iter().any(|n| n["body"].as_str().unwrap().contains("仍在滴水")));
    assert!(outbox.to_string().contains("handler:物业维修组"));
    app.stop().await;
}

#[tokio::test]
async fn two_people_acting_at_once_apply_one_step() {
    let app = TestApp::spawn().await;
    let (mut staff, id, _) = staff_reports(&app, "05", "夜间装修噪音").await;
    let cookie = format!("linli_session={}", staff.cookie("linli_session").unwrap());
    let fire = || {
        app.client
            .post(app.url(&format!("/api/v1/events/{id}/actions")))
            .header("cookie", cookie.clone())
            .json(&json!({"action": "accept"}))
            .send()
    };
    let (a, b) = tokio::join!(fire(), fire());
    let mut codes = [a.unwrap().status().as_u16(), b.unwrap().status().as_u16()];
    codes.sort();
    assert_eq!(codes, [200, 400], "one accept, the other refused");
    let (_, event) = staff.api(&format!("/api/v1/events/{id}")).await;
    assert_eq!(event["steps"].as_array().unwrap().len(), 2, "reported, accepted: once");
    assert_eq!(event["source"], "counter", "staff reporting is 代报");
    app.stop().await;
}

#[tokio::test]
async fn a_resident_reports_from_a_building_code_and_staff_handle_it_on_the_pages() {
    let app = TestApp::spawn().await;
    linli::demo_people::fill(&app.app).await.unwrap();
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let (_, _, sheet) = staff.get("/regions/141102001002/qr").await;
    let building = sheet.split("/b/").nth(1).unwrap().split(['"', '<']).next().unwrap().to_owned();

    let mut resident = common::Browser::new(&app);
    let (_, _, page) = resident.get(&format!("/b/{building}")).await;
    assert!(page.contains(&format!("/report?b={building}")), "the building page offers a report");
    let (status, _, form) = resident.get(&format!("/report?b={building}")).await;
    assert_eq!(status, 200);
    assert!(form.contains("电梯") && form.contains("name=\"phone\""));
    let fields =
        [("building", building.as_str()), ("category", "0205"), ("text", "电梯停在5楼不动"), ("phone", "13900001234")];
    let (status, _, page) =
        resident.post("/report", &[("building", building.as_str()), ("category", "0205"), ("text", "电")]).await;
    assert_eq!(status, 422, "too short, and no phone: {page}");
    let (status, location, _) = resident.post("/report", &fields).await;
    assert_eq!(status, 303);
    assert!(location.starts_with("/track/E"));
    let (_, _, page) = resident.get(&location).await;
    assert!(page.contains("已上报") && page.contains("电梯"));

    // The grid worker of that building's grid sees it; staff accept and dispatch it.
    let (_, _, list) = staff.get("/events").await;
    let listed = list.split("id=\"events\"").nth(1).unwrap();
    let id = listed.split("href=\"/events/").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let (_, _, page) = staff.get(&format!("/events/{id}")).await;
    assert!(page.contains("电梯停在5楼不动") && page.contains("（楼栋二维码）"), "{page}");
    let (status, _, page) = staff.post(&format!("/events/{id}"), &[("action", "accept")]).await;
    assert_eq!(status, 200);
    assert!(page.contains("已受理"));
    assert!(page.contains("placeholder=\"物业服务企业\""), "the lift's handler is offered");
    let (status, _, page) = staff.post(&format!("/events/{id}"), &[("action", "dispatch"), ("hours", "12")]).await;
    assert_eq!(status, 200, "without a name, the category's handler takes it");
    assert!(page.contains("物业服务企业，12 小时内"), "{page}");
    let transfer = [("action", "transfer"), ("hours", "12"), ("handler", "电梯维保公司"), ("reason", "需厂家维修")];
    let (status, _, page) = staff.post(&format!("/events/{id}"), &transfer).await;
    assert_eq!(status, 200);
    assert!(page.contains("电梯维保公司") && page.contains("已派遣"));
    let (_, _, page) = resident.get(&location).await;
    assert!(page.contains("已派遣"), "the reporter sees the dispatch");
    app.stop().await;
}

#[tokio::test]
async fn a_report_says_which_house_after_the_building_on_the_form_and_through_the_api() {
    let app = TestApp::spawn().await;
    linli::demo_people::fill(&app.app).await.unwrap();
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let (_, _, sheet) = staff.get("/regions/141102001002/qr").await;
    let mut codes: Vec<String> =
        sheet.split("/b/").skip(1).map(|s| s.split(['"', '<']).next().unwrap().to_owned()).collect();
    codes.dedup();
    let option_values = |page: &str, select: &str| -> Vec<String> {
        let part = page.split(&format!(r#"<select id="{select}""#)).nth(1).unwrap().split("</select>").next().unwrap();
        part.split(r#"<option value=""#).skip(2).map(|o| o.split('"').next().unwrap().to_owned()).collect()
    };

    // From a building's code: the houses of that building, unit-room.
    let mut resident = common::Browser::new(&app);
    let (status, _, form) = resident.get(&format!("/report?b={}", codes[0])).await;
    assert_eq!(status, 200);
    let houses = option_values(&form, "house");
    assert_eq!(houses.len(), 6, "{form}");
    assert!(form.contains(">1-101</option>") && form.contains(">1-302</option>"));
    let (_, _, other_form) = resident.get(&format!("/report?b={}", codes[1])).await;
    let elsewhere = option_values(&other_form, "house")[0].clone();
    let report = |house: &str| {
        vec![
            ("building", codes[0].clone()),
            ("category", "0205".to_owned()),
            ("text", "电梯停在5楼不动".to_owned()),
            ("phone", "13900001234".to_owned()),
            ("house", house.to_owned()),
        ]
    };
    let fields = |v: &[(&'static str, String)]| v.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>();
    let wrong = fields(&report(&elsewhere));
    let wrong: Vec<(&str, &str)> = wrong.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, _, page) = resident.post("/report", &wrong).await;
    assert_eq!(status, 422, "a house of another building");
    assert!(page.contains(r#"id="house-error""#) && page.contains("所选房屋不在这栋楼里"), "{page}");
    assert!(page.contains("电梯停在5楼不动"), "what was typed stays");
    let right = fields(&report(&houses[3]));
    let right: Vec<(&str, &str)> = right.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, location, _) = resident.post("/report", &right).await;
    assert_eq!(status, 303);
    let code = location.trim_start_matches("/track/");
    let (_, list) = staff.api(&format!("/api/v1/events?q={}", "电梯停在")).await;
    let item = list["items"].as_array().unwrap().iter().find(|e| e["code"] == code).unwrap().clone();
    assert!(item["address"].as_str().unwrap().ends_with("号楼 1-202"), "{item}");

    // Without a code: the community's buildings, then the building's houses.
    // What staff and clients read back is printable, and a name is short.
    for (text, name, field) in [
        ("楼道\u{0}漏水", "", "text"),
        ("楼道\u{1b}[31m漏水", "", "text"),
        ("楼道漏水\u{202e}反过来", "", "text"),
        ("楼道漏水", "王\u{7}", "name"),
        ("楼道漏水", "长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长", "name"),
    ] {
        let body = json!({"category": "0201", "text": text, "name": name, "community": "141102001002", "phone": "13900001236"});
        let (status, answer) = resident.api_send(Method::POST, "/api/v1/events", &body).await;
        assert_eq!((status, answer["field"].as_str()), (400, Some(field)), "{text:?} {name:?}: {answer}");
    }
    // A refusal quoting what was sent quotes a bounded part of it.
    let long = "甲".repeat(100_000);
    let body = json!({"category": "0205", "text": "电梯坏了", "community": "141102001002", "phone": "13900001236",
        "attributes": {long.clone(): "1"}});
    let res = app.client.post(app.url("/api/v1/events")).json(&body).send().await.unwrap();
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().len() < 4_000, "the answer is not the megabyte sent back");
    let res = app.client.get(app.url(&format!("/api/v1/events?state={}", "x".repeat(6_000)))).send().await.unwrap();
    assert!(res.text().await.unwrap().len() < 4_000);
    let (status, buildings) = resident.api("/api/v1/report/buildings?community=141102001002").await;
    assert_eq!(status, 200);
    let buildings = buildings.as_array().unwrap().clone();
    assert_eq!(buildings.len(), 4, "{buildings:?}");
    assert!(buildings.iter().all(|b| b.as_object().unwrap().len() == 2), "names only, no QR token: {buildings:?}");
    let names: Vec<&str> = buildings.iter().map(|b| b["name"].as_str().unwrap()).collect();
    let mut by_estate = names.clone();
    by_estate
        .sort_by_key(|n| (n.split(|c: char| c.is_ascii_digit()).next().unwrap().to_owned(), n.len(), n.to_string()));
    assert_eq!(names, by_estate, "estate by estate, by number");
    let building = buildings[1]["id"].as_str().unwrap();
    let (status, houses) =
        resident.api(&format!("/api/v1/report/houses?community=141102001002&building={building}")).await;
    assert_eq!(status, 200);
    assert_eq!(houses[0]["name"], "1-101");
    let house = houses[5]["id"].as_str().unwrap();
    let body = json!({"category": "0201", "text": "楼道水管漏水", "community": "141102001002",
        "phone": "13900001235", "building": building, "house": house});
    let (status, created) = resident.api_send(Method::POST, "/api/v1/events", &body).await;
    assert_eq!(status, 201, "{created}");
    let (_, event) = staff.api(&format!("/api/v1/events/{}", created["id"].as_str().unwrap())).await;
    let address = event["address"].as_str().unwrap();
    assert!(
        address.starts_with("交通路")
            && address.ends_with(&format!("{} 1-302", buildings[1]["name"].as_str().unwrap())),
        "{event}"
    );
    let refused = [
        (json!({"house": house}), "house"),
        (json!({"building": uuid::Uuid::now_v7(), "house": house}), "building_id"),
        (json!({"building": building, "house": uuid::Uuid::now_v7()}), "house"),
    ];
    for (place, field) in refused {
        let mut body =
            json!({"category": "0201", "text": "楼道水管漏水", "community": "141102001002", "phone": "13900001235"});
        body.as_object_mut().unwrap().extend(place.as_object().unwrap().clone());
        let (status, answer) = resident.api_send(Method::POST, "/api/v1/events", &body).await;
        assert_eq!((status, answer["field"].as_str()), (400, Some(field)), "{body}: {answer}");
    }
    let (status, _) = resident.api("/api/v1/report/buildings?community=1411").await;
    assert_eq!(status, 400);
    let (status, _) = resident.api(&format!("/api/v1/report/houses?community=141102002006&building={building}")).await;
    assert_eq!(status, 404, "a building is found in its own community only");

    // The page without a code lists the first community's buildings and,
    // when it comes back, the houses of the building chosen.
    let (_, _, form) = resident.get("/report").await;
    assert!(form.contains(r#"<select id="building_id""#));
    let sent = [
        ("category", "0201"),
        ("text", "漏"),
        ("community", "141102001002"),
        ("building_id", building),
        ("house", house),
        ("phone", "13900001235"),
    ];
    let (status, _, page) = resident.post("/report", &sent).await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains(&format!(r#"<option value="{building}" selected"#)), "the building stays chosen");
    assert!(page.contains(&format!(r#"<option value="{house}" selected"#)), "and the house");
    app.stop().await;
}

#[tokio::test]
async fn deadline_alerts_go_out_once_each_even_with_two_checkers_at_once() {
    let app = TestApp::spawn().await;
    let (mut staff, id, created) = staff_reports(&app, "0206", "路灯不亮").await;
    act(&mut staff, &id, json!({"action": "accept"})).await;
    let (status, _) = act(&mut staff, &id, json!({"action": "dispatch", "hours": 10, "handler": "路灯所"})).await;
    assert_eq!(status, 200);
    let start = chrono::Utc::now();
    let at = |minutes: i64| start + chrono::Duration::minutes(minutes);
    assert_eq!(app.app.check_deadlines(at(60)).await.unwrap(), 0, "on time");
    assert_eq!(app.app.check_deadlines(at(8 * 60 + 1)).await.unwrap(), 1, "80%: the handler is warned");
    assert_eq!(app.app.check_deadlines(at(8 * 60 + 2)).await.unwrap(), 0, "not twice");
    assert_eq!(app.app.check_deadlines(at(10 * 60 + 1)).await.unwrap(), 1, "overdue: the community head");
    // Two servers (or a restart mid-run) check at the same moment: one street alert.
    let (a, b) = tokio::join!(app.app.check_deadlines(at(35 * 60)), app.app.check_deadlines(at(35 * 60)));
    assert_eq!(a.unwrap() + b.unwrap(), 1, "the street is told once");
    let (_, outbox) = staff.api("/api/v1/outbox").await;
    let plain = format!("诉求 {}", created["code"].as_str().unwrap());
    let alerts = outbox.as_array().unwrap().iter().filter(|n| n["subject"] != plain.as_str());
    let recipients: Vec<&str> = alerts.map(|n| n["recipient"].as_str().unwrap()).collect();
    assert_eq!(recipients.len(), 3, "{outbox}");
    assert!(recipients.contains(&"handler:路灯所"));
    assert!(recipients.contains(&"role:community_head@141102001002"));
    assert!(recipients.contains(&"role:street_admin@141102001000"));
    app.app
        .add_grid(&linli::app::access::audit::Actor::cli(), &"141102001002".parse().unwrap(), 1, "第一网格")
        .await
        .unwrap();
    let mut worker = signed_in(&app, "grid.one", "grid_worker", "141102001002001").await;
    assert_eq!(worker.api("/api/v1/outbox").await.1, json!([]), "the community's outbox is not a grid worker's");
    // Each reads their own in the inbox.
    let mut head = signed_in(&app, "head.jtl", "community_head", "141102001002").await;
    let (_, _, inbox) = head.get("/inbox").await;
    assert!(inbox.contains("已超期") && !inbox.contains("即将到期") && !inbox.contains("街道督办"), "{inbox}");
    let mut street = signed_in(&app, "street.bh", "street_admin", "141102001").await;
    let (_, _, inbox) = street.get("/inbox").await;
    assert!(inbox.contains("街道督办") && !inbox.contains("已超期："), "{inbox}");
    let (_, _, inbox) = staff.get("/inbox").await;
    assert!(!inbox.contains("已派遣"), "staff reported it for someone (代报): not their own report: {inbox}");
    // A new dispatch starts a new deadline, with its own alerts.
    act(&mut staff, &id, json!({"action": "transfer", "hours": 10, "handler": "供电公司", "reason": "属供电线路故障"}))
        .await;
    let later = chrono::Utc::now() + chrono::Duration::minutes(8 * 60 + 1);
    assert_eq!(app.app.check_deadlines(later).await.unwrap(), 1, "the new handler is warned");
    let (_, event) = staff.api(&format!("/api/v1/events/{id}")).await;
    let alerts =
        event["steps"].as_array().unwrap().iter().filter(|s| s["action"].as_str().unwrap().starts_with("alert_"));
    assert!(alerts.clone().all(|s| s["public"] == false));
    assert_eq!(alerts.count(), 4, "on the timeline, for staff");
    app.stop().await;
}

#[tokio::test]
async fn a_repeated_report_is_suggested_as_a_duplicate_and_can_be_marked_so() {
    let app = TestApp::spawn().await;
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let report = |text: &str, category: &str| json!({"category": category, "text": text, "community": "141102001002"});
    let (_, first) = staff.api_send(Method::POST, "/api/v1/events", &report("3号楼电梯坏了，停在5楼", "0205")).await;
    let (_, other) = staff.api_send(Method::POST, "/api/v1/events", &report("小区门口有人占道卖菜", "07")).await;
    let (_, again) = staff.api_send(Method::POST, "/api/v1/events", &report("3号楼电梯又坏了停在5楼", "0205")).await;
    let id = again["id"].as_str().unwrap().to_owned();
    let (_, event) = staff.api(&format!("/api/v1/events/{id}")).await;
    assert_eq!(event["possible_duplicates"], json!([first["code"]]), "not {}", other["code"]);
    let (_, _, page) = staff.get(&format!("/events/{id}")).await;
    assert!(page.contains("id=\"duplicates\"") && page.contains(first["code"].as_str().unwrap()));
    let (status, event) = act(&mut staff, &id, json!({"action": "duplicate", "of": first["code"]})).await;
    assert_eq!((status, event["state"].as_str()), (200, Some("duplicate")));
    let (_, event) = staff.api(&format!("/api/v1/events/{}", first["id"].as_str().unwrap())).await;
    assert_eq!(event["possible_duplicates"], json!([]), "a duplicate is closed: nothing to suggest");
    app.stop().await;
}

async fn report(app: &TestApp, text: &str) -> String {
    let body = json!({"category": "0101", "text": text, "community": "141102001002", "phone": "13912345678"});
    let res = app.client.post(app.url("/api/v1/events")).json(&body).send().await.unwrap();
    assert_eq!(res.status(), 201);
    res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned()
}

async fn steps(b: &mut common::Browser<'_>, id: &str, list: &[Value]) {
    for step in list {
        let (status, body) = act(b, id, step.clone()).await;
        assert_eq!(status, 200, "{step}: {body}");
    }
}

#[tokio::test]
async fn measures_count_closing_on_time_rework_and_satisfaction_and_the_board_dispatches_in_bulk() {
    let app = TestApp::spawn().await;
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let (a, b, c, d) = (
        report(&app, "垃圾桶满了").await,
        report(&app, "垃圾没人收").await,
        report(&app, "测试一下").await,
        report(&app, "楼下有垃圾").await,
    );
    let done = [json!({"action": "start"}), json!({"action": "feedback", "reason": "已清运"})];
    steps(
        &mut staff,
        &a,
        &[json!({"action": "accept"}), json!({"action": "dispatch", "hours": 24, "handler": "物业"})],
    )
    .await;
    steps(&mut staff, &a, &done).await;
    steps(&mut staff, &a, &[json!({"action": "pass"}), json!({"action": "visit", "satisfaction": "satisfied"})]).await;
    steps(&mut staff, &b, &[json!({"action": "accept"}), json!({"action": "dispatch", "hours": 1, "handler": "保洁"})])
        .await;
    steps(&mut staff, &b, &done[..1]).await;
    // Two hours on, the 1-hour deadline has passed: B is late for good.
    assert_eq!(app.app.check_deadlines(chrono::Utc::now() + chrono::Duration::hours(2)).await.unwrap(), 2);
    let (_, late) = staff.api("/api/v1/events?view=late").await;
    assert_eq!(
        late["items"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()).collect::<Vec<_>>(),
        [b.as_str()]
    );
    steps(&mut staff, &b, &done[1..]).await;
    steps(
        &mut staff,
        &b,
        &[json!({"action": "fail", "reason": "还有一袋"}), json!({"action": "feedback", "reason": "清完了"})],
    )
    .await;
    steps(&mut staff, &b, &[json!({"action": "pass"}), json!({"action": "visit", "satisfaction": "unsatisfied"})])
        .await;
    steps(&mut staff, &c, &[json!({"action": "reject", "reason": "测试信息"})]).await;
    steps(&mut staff, &d, &[json!({"action": "accept"})]).await;

    let (status, m) = staff.api("/api/v1/events/measures?by=community").await;
    assert_eq!(status, 200, "{m}");
    let t = &m["total"];
    let counts: Vec<i64> =
        ["total", "accepted", "closed", "closed_on_time", "late", "reworked", "visited", "satisfied"]
            .iter()
            .map(|k| t[k].as_i64().unwrap())
            .collect();
    assert_eq!(counts, [4, 3, 2, 1, 1, 1, 2, 1]);
    assert_eq!(m["groups"][0]["name"], "交通路社区");
    assert!((t["closing_rate"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!((t["on_time_rate"].as_f64(), t["satisfaction_rate"].as_f64()), (Some(0.5), Some(0.5)));
    let (_, by_handler) = staff.api("/api/v1/events/measures?by=handler").await;
    let names: Vec<&str> =
        by_handler["groups"].as_array().unwrap().iter().map(|g| g["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["保洁", "物业", "未派遣"], "by key, those without one last");
    let passes = m["steps"].as_array().unwrap().iter().find(|s| s["action"] == "pass").unwrap();
    assert_eq!(passes["steps"], 2);
    let (status, _) = staff.api("/api/v1/events/measures?by=planet").await;
    assert_eq!(status, 400);
    let (status, _) = staff.api("/api/v1/events/measures?from=2026-12-01&to=2026-11-01").await;
    assert_eq!(status, 400);
    let (_, none) = staff.api("/api/v1/events/measures?from=2020-01-01&to=2020-01-31").await;
    assert_eq!(none["total"]["total"], 0, "another period has none");
    let (status, _, page) = staff.get("/events/measures?by=community").await;
    assert_eq!(status, 200);
    assert!(page.contains("66.7%") && page.contains("50.0%") && page.contains("交通路"), "{page}");

    // The board: D waits for dispatch; the rework list has B.
    let (_, board) = staff.api("/api/v1/events?view=board").await;
    assert_eq!(
        board["items"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()).collect::<Vec<_>>(),
        [d.as_str()]
    );
    let (_, rework) = staff.api("/api/v1/events?view=rework").await;
    assert_eq!(rework["items"][0]["id"], b.as_str());
    let e = report(&app, "又有垃圾").await;
    steps(&mut staff, &e, &[json!({"action": "accept"})]).await;
    let (status, results) = staff
        .api_send(Method::POST, "/api/v1/events/dispatch", &json!({"ids": [d, e, a], "handler": "保洁", "hours": 12}))
        .await;
    assert_eq!(status, 200, "{results}");
    let refused: Vec<bool> = results.as_array().unwrap().iter().map(|r| r["refused"].is_string()).collect();
    assert_eq!(refused, [false, false, true], "A is closed: refused, the others dispatched");
    // "Mine" is the caller's own: dispatched to 保洁 by name, they are nobody's task
    // (tests/units.rs: assigned to a person or a unit, they are theirs).
    let (_, mine) = staff.api("/api/v1/events?view=mine").await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 0);
    // On the page: tick and dispatch.
    let f = report(&app, "垃圾堆在门口").await;
    steps(&mut staff, &f, &[json!({"action": "accept"})]).await;
    let (_, _, board) = staff.get("/events?view=board").await;
    assert!(board.contains(&format!("name=\"id\" value=\"{f}\"")));
    // Refused (a deadline of 0 hours), the tick and what was typed stay.
    let (status, _, page) = staff.post("/events/dispatch", &[("id", &f), ("handler", "保洁"), ("hours", "0")]).await;
    assert_eq!(status, 422);
    assert!(page.contains(&format!("value=\"{f}\" aria-label=")) && page.contains(" checked>"), "{page}");
    assert!(page.contains("id=\"bulk-handler\" name=\"handler\" maxlength=\"64\" value=\"保洁\""), "{page}");
    assert!(page.contains("class=\"alert\" role=\"status\" id=\"message\""), "{page}");
    let (status, _, page) = staff.post("/events/dispatch", &[("id", &f), ("handler", "保洁"), ("hours", "8")]).await;
    assert_eq!(status, 200);
    assert!(page.contains("已派遣 1 件"), "{page}");
    app.stop().await;
}

#[tokio::test]
async fn each_channel_is_named_and_anonymous_reports_are_limited_per_address() {
    let app = TestApp::spawn().await;
    linli::demo_people::fill(&app.app).await.unwrap();
    let source = |b: Value| b["steps"][0]["note"].as_str().unwrap().to_owned();
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    // 代报 at the counter: the resident's phone hears of it, not the staff member.
    let body = json!({"category": "0301", "text": "3号楼消防通道被车堵了", "community": "141102001002", "phone": "13700001111"});
    let (status, counter) = staff.api_send(Method::POST, "/api/v1/events", &body).await;
    assert_eq!(status, 201);
    let id = counter["id"].as_str().unwrap().to_owned();
    let (_, event) = staff.api(&format!("/api/v1/events/{id}")).await;
    assert_eq!(source(event), "消防通道堵塞（窗口代报）");
    let (_, outbox) = staff.api("/api/v1/outbox").await;
    assert_eq!(outbox[0]["recipient"], format!("reporter:{}", counter["code"].as_str().unwrap()));
    assert_eq!(outbox[0]["channel"], "sms");
    // 安全隐患 goes to the community police office unless staff name someone.
    act(&mut staff, &id, json!({"action": "accept"})).await;
    let (status, event) = act(&mut staff, &id, json!({"action": "dispatch", "hours": 6})).await;
    assert_eq!((status, event["handler"].as_str()), (200, Some("社区警务室")));

    // A grid worker's report is a patrol report; no resident phone needed.
    let mut worker = signed_in(&app, "grid.one", "grid_worker", "141102001002001").await;
    let body = json!({"category": "0102", "text": "5号楼楼道堆放杂物", "community": "141102001002"});
    let (status, patrol) = worker.api_send(Method::POST, "/api/v1/events", &body).await;
    assert_eq!(status, 201, "{patrol}");
    let (_, event) = staff.api(&format!("/api/v1/events/{}", patrol["id"].as_str().unwrap())).await;
    assert_eq!(source(event), "楼道堆物（网格员巡查）");

    // A kiosk reports with its device token; another scope is refused.
    let region = linli::domain::registry::region::RegionCode::parse("141102001002").unwrap();
    let cli = linli::app::access::audit::Actor::cli();
    let scopes = [linli::app::access::token::Scope::Kiosk];
    let (_, kiosk) = app.app.create_token(&cli, "kiosk-jtl-1", &scopes, &region).await.unwrap();
    let (_, audit) =
        app.app.create_token(&cli, "siem", &[linli::app::access::token::Scope::Audit], &region).await.unwrap();
    let body = json!({"category": "0206", "text": "门口路灯坏了", "community": "141102001002", "phone": "13700002222"});
    let post = |token: String| app.client.post(app.url("/api/v1/events")).bearer_auth(token).json(&body).send();
    assert_eq!(post(audit).await.unwrap().status(), 403);
    let res = post(kiosk).await.unwrap();
    assert_eq!(res.status(), 201);
    let id = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    let (_, event) = staff.api(&format!("/api/v1/events/{id}")).await;
    assert_eq!(source(event), "路灯（自助机）");

    // Without signing in, one address may file 10 reports an hour.
    for i in 0..10 {
        let body = json!({"category": "05", "text": format!("楼上装修噪音 {i}"), "community": "141102001002", "phone": "13700003333"});
        let res = app.client.post(app.url("/api/v1/events")).json(&body).send().await.unwrap();
        assert_eq!(res.status(), 201, "report {i}");
    }
    let body = json!({"category": "05", "text": "楼上装修噪音", "community": "141102001002", "phone": "13700003333"});
    let res = app.client.post(app.url("/api/v1/events")).json(&body).send().await.unwrap();
    assert_eq!(res.status(), 429);
    assert_eq!(res.json::<Value>().await.unwrap()["code"], "too_many_attempts");
    let mut page = common::Browser::new(&app);
    page.get("/report").await;
    let form = [("category", "05"), ("text", "噪音"), ("community", "141102001002"), ("phone", "13700003333")];
    let (status, _, html) = page.post("/report", &form).await;
    assert_eq!(status, 429);
    assert!(html.contains("上报次数过多"), "the form says why");
    let (status, _) = staff.api_send(Method::POST, "/api/v1/events", &body).await;
    assert_eq!(status, 201, "signed-in staff are not limited");
    app.stop().await;
}

#[tokio::test]
async fn admins_keep_the_category_tree_and_reporters_see_only_active_categories() {
    let app = TestApp::spawn().await;
    let mut admin = signed_in(&app, "root.admin", "system_admin", "141102").await;
    let throwing = json!({"name": "高空抛物", "handler": "police_office", "hours": 6, "class": "事件"});
    let (status, saved) = admin.api_send(Method::PUT, "/api/v1/event-categories/0303", &throwing).await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!((saved["parent"].as_str(), saved["handler_zh"].as_str()), (Some("03"), Some("社区警务室")));
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    assert_eq!(staff.api_send(Method::PUT, "/api/v1/event-categories/0304", &throwing).await.0, 403);
    let (status, body) = admin
        .api_send(
            Method::PUT,
            "/api/v1/event-categories/0304",
            &json!({"name": "x", "handler": "y", "hours": 0, "class": "事件"}),
        )
        .await;
    assert_eq!((status, body["field"].as_str()), (400, Some("hours")));
    let (status, _) = admin.api_send(Method::PUT, "/api/v1/event-categories/1201", &throwing).await;
    assert_eq!(status, 400, "no parent 12");

    let report =
        json!({"category": "0303", "text": "楼上扔下一个花盆", "community": "141102001002", "phone": "13700005555"});
    let (status, created) = staff.api_send(Method::POST, "/api/v1/events", &report).await;
    assert_eq!(status, 201);
    let id = created["id"].as_str().unwrap().to_owned();
    act(&mut staff, &id, json!({"action": "accept"})).await;
    let (_, event) = act(&mut staff, &id, json!({"action": "dispatch", "hours": 6})).await;
    assert_eq!(event["handler"], "社区警务室", "the new category routes to the police office");

    // The page turns 楼道堆物 off: no longer offered, refused on intake.
    admin.get("/admin/categories?code=0102").await;
    let form =
        [("code", "0102"), ("name", "楼道堆物"), ("handler", "community_staff"), ("hours", "48"), ("class", "事件")];
    let (status, _, page) = admin.post("/admin/categories", &form).await;
    assert_eq!(status, 200);
    assert!(page.contains("已保存"), "{page}");
    let (status, _, page) = admin
        .post(
            "/admin/categories",
            &[("code", "0a"), ("name", "x"), ("handler", "y"), ("hours", "1"), ("class", "事件")],
        )
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("类别代码为 2 位数字"));
    // Extra fields, a line each; a bad line comes back with what was typed.
    let lines = "floor | 几楼扔下的 | 数字 | 必填\nthing | 扔下的东西 | 单选 | 选填 | 花盆、垃圾、其他";
    let form = [
        ("code", "0303"),
        ("name", "高空抛物"),
        ("handler", "police_office"),
        ("hours", "6"),
        ("class", "事件"),
        ("active", "1"),
    ];
    let (status, _, page) = admin.post("/admin/categories", &[&form[..], &[("fields", lines)]].concat()).await;
    assert_eq!(status, 200, "{page}");
    let (_, all) = staff.api("/api/v1/event-categories").await;
    let throwing = all.as_array().unwrap().iter().find(|c| c["code"] == "0303").unwrap();
    assert_eq!(throwing["fields"][1]["choices"], json!(["花盆", "垃圾", "其他"]));
    let (status, _, page) =
        admin.post("/admin/categories", &[&form[..], &[("fields", "floor | 几楼 | 颜色")]].concat()).await;
    assert_eq!(status, 422);
    assert!(page.contains("第 1 行应为") && page.contains("floor | 几楼 | 颜色"), "{page}");
    let (_, _, page) = admin.get("/admin/categories?code=0303").await;
    assert!(page.contains("thing | 扔下的东西 | 单选 | 选填 | 花盆、垃圾、其他"), "the lines to edit");
    let (_, all) = staff.api("/api/v1/event-categories").await;
    let hoard = all.as_array().unwrap().iter().find(|c| c["code"] == "0102").unwrap();
    assert_eq!(hoard["active"], false);
    let mut resident = common::Browser::new(&app);
    let (_, _, form) = resident.get("/report").await;
    assert!(!form.contains("value=\"0102\"") && form.contains("value=\"0303\""));
    let services: Value =
        app.client.get(app.url("/open311/v2/services.json")).send().await.unwrap().json().await.unwrap();
    assert!(!services.to_string().contains("\"0102\""));
    let refused =
        json!({"category": "0102", "text": "楼道里堆了杂物", "community": "141102001002", "phone": "13700005555"});
    assert_eq!(staff.api_send(Method::POST, "/api/v1/events", &refused).await.0, 400);
    assert_eq!(staff.get("/admin/categories").await.0, 403, "staff do not keep the tree");
    let audit = app.app.recent_audit(Some("event.category"), 5).await.unwrap();
    assert_eq!(audit.len(), 3, "0303 through the API and with its fields on the page, 0102 on the page");
    app.stop().await;
}

#[tokio::test]
async fn reports_arriving_together_are_each_committed_once_with_an_unbroken_audit_chain() {
    let app = TestApp::spawn().await;
    let region = linli::domain::registry::region::RegionCode::parse("141102001002").unwrap();
    let scopes = [linli::app::access::token::Scope::Kiosk];
    let (_, kiosk) =
        app.app.create_token(&linli::app::access::audit::Actor::cli(), "kiosk", &scopes, &region).await.unwrap();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..120 {
        let (client, url, kiosk) = (app.client.clone(), app.url("/api/v1/events"), kiosk.clone());
        let body = json!({"category": "0101", "text": format!("垃圾没清运 {i}"), "community": "141102001002", "phone": format!("139{i:08}")});
        tasks.spawn(
            async move { client.post(url).bearer_auth(kiosk).json(&body).send().await.unwrap().status().as_u16() },
        );
    }
    let mut statuses = Vec::new();
    while let Some(s) = tasks.join_next().await {
        statuses.push(s.unwrap());
    }
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    let db = common::raw_db(&app).await;
    let mut counts = Vec::new();
    for table in ["event", "event_step", "notification"] {
        let q = sea_query::Query::select().expr_as(sea_query::Expr::cust("COUNT(*)"), "n").from(table).to_owned();
        counts.push(db.fetch_all(&q).await.unwrap()[0].get::<i64>("n").unwrap());
    }
    assert_eq!(counts, [120, 120, 120], "each report with its step and its receipt");
    let verdict = app.app.verify_audit(|_| {}).await.unwrap();
    assert!(matches!(verdict, linli::app::access::audit::Verdict::Intact { .. }), "{verdict:?}");
    app.stop().await;
}

#[tokio::test]
async fn a_resident_lists_her_reports_and_staff_take_one_tap_steps() {
    let app = TestApp::spawn().await;
    let mut resident = signed_in(&app, "res.li", "resident", "141102001002").await;
    let (status, created) = resident
        .api_send(
            Method::POST,
            "/api/v1/events",
            &json!({"category": "05", "text": "楼下烧烤店油烟太大", "community": "141102001002"}),
        )
        .await;
    assert_eq!(status, 201);
    let code = created["code"].as_str().unwrap().to_owned();
    let (_, mine) = resident.api("/api/v1/my/events").await;
    assert_eq!((mine[0]["code"].as_str(), mine[0]["state_zh"].as_str()), (Some(code.as_str()), Some("已上报")));
    let (status, _, page) = resident.get("/my/reports").await;
    assert_eq!(status, 200);
    assert!(page.contains(&format!("href=\"/track/{code}\"")), "{page}");
    let mut other = signed_in(&app, "res.wang", "resident", "141102001002").await;
    assert_eq!(other.api("/api/v1/my/events").await.1, json!([]), "only one's own");

    // Staff see only the taps that apply now: 受理 first, then 开始 after dispatch.
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let id = created["id"].as_str().unwrap();
    let (_, _, page) = staff.get(&format!("/events/{id}")).await;
    assert!(page.contains("id=\"quick-accept\"") && !page.contains("id=\"quick-start\""));
    let (status, _, page) = staff.post(&format!("/events/{id}"), &[("action", "accept")]).await;
    assert_eq!(status, 200);
    assert!(!page.contains("id=\"quick-accept\""));
    act(&mut staff, id, json!({"action": "dispatch", "hours": 24, "handler": "城管"})).await;
    let (_, _, page) = staff.get(&format!("/events/{id}")).await;
    assert!(page.contains("id=\"quick-start\""));
    app.stop().await;
}
