//! Handler units (处置单位) over HTTP: a district admin sets up the water
//! company with a handler and a routing rule; a burst-pipe report is
//! dispatched to it by itself; the handler sees it in their tasks, works it
//! and cannot see another unit's event nor do staff's steps; the reporter
//! rates the result through the one-time link; a rule that only suggests
//! leaves the choice to staff, and the measures count the suggestion kept.

mod common;

use common::{Browser, GOOD, TestApp, signed_in};
use reqwest::Method;
use serde_json::{Value, json};

const COMMUNITY: &str = "141102001002";

async fn act(b: &mut Browser<'_>, id: &str, body: Value) -> (u16, Value) {
    b.api_send(Method::POST, &format!("/api/v1/events/{id}/actions"), &body).await
}

/// A report by a resident who is not signed in; its (id, code).
async fn report(app: &TestApp, category: &str, text: &str) -> (String, String) {
    let body = json!({"category": category, "text": text, "community": COMMUNITY, "phone": "13912345678"});
    let res = app.client.post(app.url("/api/v1/events")).json(&body).send().await.unwrap();
    assert_eq!(res.status(), 201);
    let v: Value = res.json().await.unwrap();
    (v["id"].as_str().unwrap().to_owned(), v["code"].as_str().unwrap().to_owned())
}

/// Adds a unit; its id.
async fn add_unit(admin: &mut Browser<'_>, name: &str, kind: &str, region: &str) -> String {
    let (status, unit) =
        admin.api_send(Method::POST, "/api/v1/units", &json!({"name": name, "kind": kind, "region": region})).await;
    assert_eq!(status, 201, "{unit}");
    unit["unit"]["id"].as_str().unwrap().to_owned()
}

/// Adds a new handler to a unit and signs them in (password changed).
async fn handler<'a>(app: &'a TestApp, admin: &mut Browser<'_>, unit: &str, login: &str) -> Browser<'a> {
    member(app, admin, unit, login, "handler").await
}

/// Adds a new member with a role to a unit and signs them in (password changed).
async fn member<'a>(app: &'a TestApp, admin: &mut Browser<'_>, unit: &str, login: &str, role: &str) -> Browser<'a> {
    let (status, added) = admin
        .api_send(
            Method::POST,
            &format!("/api/v1/units/{unit}/members"),
            &json!({"login": login, "name": format!("师傅{login}"), "role": role}),
        )
        .await;
    assert_eq!(status, 201, "{added}");
    let initial = added["initial_password"].as_str().unwrap().to_owned();
    let mut b = Browser::new(app);
    b.sign_in(login, &initial).await;
    b.get("/account/password").await;
    b.post("/account/password", &[("current", &initial), ("new", GOOD), ("confirm", GOOD)]).await;
    b.sign_in(login, GOOD).await;
    b
}

/// The rating link sent to the reporter of `code`, as a path.
async fn rating_link(staff: &mut Browser<'_>, code: &str) -> String {
    let (_, outbox) = staff.api("/api/v1/outbox").await;
    let body = outbox
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["body"].as_str())
        .find(|b| b.contains(&format!("/track/{code}/rate?t=")))
        .unwrap_or_else(|| panic!("no rating link for {code} in {outbox}"))
        .to_owned();
    body[body.find("/track/").unwrap()..].trim().to_owned()
}

#[tokio::test]
async fn a_burst_pipe_goes_to_the_water_company_which_works_it_and_the_reporter_rates_it() {
    let app = TestApp::spawn().await;
    let mut admin = signed_in(&app, "district.ma", "district_admin", "141102").await;
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", COMMUNITY).await;

    // Only those who keep a region set up units and rules there.
    let (status, _) = staff
        .api_send(Method::POST, "/api/v1/units", &json!({"name": "某物业", "kind": "property", "region": COMMUNITY}))
        .await;
    assert_eq!(status, 403, "community staff do not keep units");
    let (status, bad) = admin
        .api_send(Method::POST, "/api/v1/units", &json!({"name": "水", "kind": "utility", "region": "141102"}))
        .await;
    assert_eq!((status, bad["field"].as_str()), (400, Some("name")), "{bad}");
    let (status, bad) = admin
        .api_send(Method::POST, "/api/v1/units", &json!({"name": "供水公司", "kind": "shop", "region": "141102"}))
        .await;
    assert_eq!((status, bad["field"].as_str()), (400, Some("kind")), "{bad}");

    let water = add_unit(&mut admin, "离石区供水公司", "utility", "141102").await;
    let squad = add_unit(&mut admin, "滨河街道城管中队", "department", "141102001").await;
    let mut plumber = handler(&app, &mut admin, &water, "gongshui.wang").await;
    let mut inspector = handler(&app, &mut admin, &squad, "chengguan.li").await;
    for (category, unit) in [("0201", &water), ("07", &squad)] {
        let rule = json!({"region": "141102001", "category": category, "unit": unit, "certain": true});
        let (status, body) = admin.api_send(Method::PUT, "/api/v1/routing-rules", &rule).await;
        assert_eq!(status, 200, "{body}");
    }
    // A rule cannot name a unit that does not work in its region.
    let rule = json!({"region": "141102", "category": "07", "unit": squad, "certain": true});
    let (status, body) = admin.api_send(Method::PUT, "/api/v1/routing-rules", &rule).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("unit")), "{body}");

    // A burst pipe: routed at once to the water company (供水 in 滨河街道).
    let (pipe, pipe_code) = report(&app, "0201", "5号楼地下室水管爆裂，水漫到楼道").await;
    let (_, e) = staff.api(&format!("/api/v1/events/{pipe}")).await;
    assert_eq!(e["state"], "dispatched", "{e}");
    assert_eq!(e["handler"], "离石区供水公司");
    let actors: Vec<&str> = e["steps"].as_array().unwrap().iter().filter_map(|s| s["actor"].as_str()).collect();
    assert_eq!(actors[1..], ["智能分拨", "智能分拨"], "{e}");
    let actions: Vec<&str> = e["steps"].as_array().unwrap().iter().filter_map(|s| s["action"].as_str()).collect();
    assert_eq!(actions, ["report", "accept", "dispatch"], "{e}");
    // The reporter hears once, and of the unit that has it.
    let (_, outbox) = staff.api("/api/v1/outbox").await;
    let to_reporter: Vec<&str> = outbox
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["channel"] == "sms" && m["body"].as_str().is_some_and(|b| b.contains(&pipe_code)))
        .filter_map(|m| m["body"].as_str())
        .collect();
    assert_eq!(to_reporter.len(), 1, "{to_reporter:?}");
    assert!(to_reporter[0].contains("离石区供水公司"), "{to_reporter:?}");
    let (stall, _) = report(&app, "07", "小区门口有人占道卖菜").await;

    // The plumber's tasks are the water company's: not the squad's.
    let (_, mine) = plumber.api("/api/v1/events?view=mine").await;
    let ids: Vec<&str> = mine["items"].as_array().unwrap().iter().filter_map(|e| e["id"].as_str()).collect();
    assert_eq!(ids, [pipe.as_str()]);
    assert_eq!(plumber.api(&format!("/api/v1/events/{stall}")).await.0, 404, "another unit's event");
    assert_eq!(inspector.api(&format!("/api/v1/events/{pipe}")).await.0, 404, "another unit's event");
    let (_, all) = plumber.api("/api/v1/events").await;
    let ids: Vec<&str> = all["items"].as_array().unwrap().iter().filter_map(|e| e["id"].as_str()).collect();
    assert_eq!(ids, [pipe.as_str()], "a unit's list is its own work, nothing else of the community's");
    let (_, _, page) = plumber.get("/events?view=mine").await;
    assert!(page.contains(r#"id="view-mine" aria-current="page""#), "{page}");
    assert!(
        !page.contains(r#"id="view-board""#) && !page.contains(r#"id="view-measures""#),
        "staff's lists are not a unit's"
    );
    // The page shows the work and the place, not who reported it.
    let (status, _, page) = plumber.get(&format!("/events/{pipe}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("水管爆裂") && page.contains("id=\"unit-view\""), "{page}");
    assert!(!page.contains("id=\"reporter\"") && !page.contains("139****5678"), "{page}");
    let (_, _, inbox) = plumber.get("/inbox").await;
    assert!(inbox.contains(&pipe_code), "the unit is told in its inbox: {inbox}");

    // The handler starts and feeds back; checking is the community's.
    assert_eq!(act(&mut staff, &pipe, json!({"action": "start"})).await.0, 403, "the unit's own work");
    let (_, _, page) = staff.get(&format!("/events/{pipe}")).await;
    assert!(!page.contains(r#"<option value="start""#) && page.contains(r#"<option value="transfer""#), "{page}");
    assert_eq!(act(&mut plumber, &pipe, json!({"action": "start"})).await.0, 200);
    let (status, _) =
        act(&mut plumber, &pipe, json!({"action": "feedback", "reason": "已更换爆裂管段，恢复供水"})).await;
    assert_eq!(status, 200);
    assert_eq!(act(&mut plumber, &pipe, json!({"action": "pass"})).await.0, 403, "a unit does not pass its own work");
    assert_eq!(act(&mut inspector, &stall, json!({"action": "pass"})).await.0, 403);
    let (status, closed) = act(&mut staff, &pipe, json!({"action": "pass"})).await;
    assert_eq!((status, closed["state"].as_str()), (200, Some("closed")));

    // The reporter rates it through the link sent by SMS, once.
    let link = rating_link(&mut staff, &pipe_code).await;
    let mut reporter = Browser::new(&app);
    let (status, _, form) = reporter.get(&link).await;
    assert_eq!(status, 200);
    assert!(form.contains("id=\"rate-form\""), "{form}");
    assert!(form.contains("id=\"work-done\"") && form.contains("已更换爆裂管段"), "she rates what was done: {form}");
    let token = link.split("t=").nth(1).unwrap().to_owned();
    // The code as copied from an SMS, spaced and in small letters, is found.
    let spaced = format!("{} {}", &pipe_code[..5], &pipe_code[5..]).to_lowercase();
    let (status, location, _) = reporter.get(&format!("/track?code={}", spaced.replace(' ', "+"))).await;
    assert_eq!((status, location.as_str()), (303, format!("/track/{pipe_code}").as_str()));
    let (status, _, page) = reporter.get(&format!("/track/{}", spaced.replace(' ', "%20"))).await;
    assert_eq!(status, 200, "{page}");
    // Sent without a choice: the comment stays, and the sentence is hers.
    let (status, _, refused) =
        reporter.post(&format!("/track/{pipe_code}/rate"), &[("t", &token), ("comment", "修得很快")]).await;
    assert_eq!(status, 422);
    assert!(refused.contains("修得很快") && refused.contains("请选择您对处理结果的评价"), "{refused}");
    let (status, _, done) = reporter
        .post(&format!("/track/{pipe_code}/rate"), &[("t", &token), ("satisfaction", "satisfied"), ("comment", "很快")])
        .await;
    assert_eq!(status, 200, "{done}");
    assert!(done.contains("id=\"rated\""), "{done}");
    let (_, e) = staff.api(&format!("/api/v1/events/{pipe}")).await;
    assert_eq!(e["state"], "visited_satisfied");
    let (status, _, again) =
        reporter.post(&format!("/track/{pipe_code}/rate"), &[("t", &token), ("satisfaction", "unsatisfied")]).await;
    assert_eq!(status, 404, "the link works once");
    assert!(again.contains("id=\"rate-used\""), "{again}");
    let (_, _, stale) = reporter.get(&link).await;
    assert!(stale.contains("id=\"rate-used\"") && !stale.contains("rate-form"), "{stale}");

    // 不满意 by the link sends it back to work, as a staff 回访 does.
    let stall_code = staff.api(&format!("/api/v1/events/{stall}")).await.1["code"].as_str().unwrap().to_owned();
    act(&mut inspector, &stall, json!({"action": "start"})).await;
    act(&mut inspector, &stall, json!({"action": "feedback", "reason": "已劝离"})).await;
    act(&mut staff, &stall, json!({"action": "pass"})).await;
    let link = rating_link(&mut staff, &stall_code).await;
    let token = link.split("t=").nth(1).unwrap().to_owned();
    let (status, _, _) = reporter
        .post(
            &format!("/track/{stall_code}/rate"),
            &[("t", &token), ("satisfaction", "unsatisfied"), ("comment", "第二天又来了")],
        )
        .await;
    assert_eq!(status, 200);
    let (_, e) = staff.api(&format!("/api/v1/events/{stall}")).await;
    assert_eq!((e["state"].as_str(), e["rework"].as_i64()), (Some("in_progress"), Some(1)), "{e}");
    let (_, mine) = inspector.api("/api/v1/events?view=mine").await;
    assert_eq!(mine["items"][0]["id"], stall.as_str(), "back in the squad's tasks");
    let (_, _, inbox) = inspector.get("/inbox").await;
    assert!(inbox.contains("需返工") && inbox.contains("第二天又来了"), "the squad hears why: {inbox}");
    let (_, _, inbox) = staff.get("/inbox").await;
    assert!(inbox.contains("需返工") && inbox.contains(&stall_code), "and the community's staff: {inbox}");
    let (_, _, page) = staff.get(&format!("/events/{stall}")).await;
    assert!(page.contains(r#"id="rating">不满意"#) || page.contains("不满意<span id=\"rating-source\""), "{page}");

    // The units' measures: the water company on time and satisfied.
    let (status, m) = staff.api("/api/v1/units/measures").await;
    assert_eq!(status, 200);
    let w = m["units"].as_array().unwrap().iter().find(|u| u["name"] == "离石区供水公司").unwrap();
    assert_eq!((w["closed"].as_i64(), w["satisfaction_rate"].as_f64()), (Some(1), Some(1.0)), "{m}");
    assert_eq!(m["units"][0]["rank"], 1);
    assert_eq!((m["suggested"].as_i64(), m["kept"].as_i64()), (Some(2), Some(2)), "both routed and kept: {m}");
    app.stop().await;
}

#[tokio::test]
async fn a_suggestion_is_staffs_to_confirm_and_a_person_must_belong_to_the_unit() {
    let app = TestApp::spawn().await;
    let mut head = signed_in(&app, "head.zhao", "community_head", COMMUNITY).await;
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", COMMUNITY).await;
    let worker = signed_in(&app, "wang.mengxia", "grid_worker", COMMUNITY).await;
    drop(worker);
    let property = add_unit(&mut head, "交通路苑物业服务中心", "property", COMMUNITY).await;
    let mut fixer = handler(&app, &mut head, &property, "wuye.zhang").await;
    let rule = json!({"region": COMMUNITY, "category": "0205", "unit": property, "certain": false});
    assert_eq!(head.api_send(Method::PUT, "/api/v1/routing-rules", &rule).await.0, 200);
    let (_, rules) = staff.api("/api/v1/routing-rules").await;
    assert_eq!(rules[0]["unit"], property.as_str(), "staff read the rules");

    let (lift, _) = report(&app, "0205", "2号楼电梯困人").await;
    let (_, e) = staff.api(&format!("/api/v1/events/{lift}")).await;
    assert_eq!(e["state"], "reported", "a suggestion does not dispatch");
    let (_, _, page) = staff.get(&format!("/events/{lift}")).await;
    assert!(page.contains("id=\"suggested\"") && page.contains("交通路苑物业服务中心"), "{page}");
    assert_eq!(fixer.api(&format!("/api/v1/events/{lift}")).await.0, 404, "not the unit's yet");

    act(&mut staff, &lift, json!({"action": "accept"})).await;
    // A person of another unit, or nobody's: refused by the field.
    let stranger = "00000000-0000-7000-8000-000000000000";
    let (status, body) =
        act(&mut staff, &lift, json!({"action": "dispatch", "hours": 2, "unit": property, "assignee": stranger})).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("assignee")), "{body}");
    let (status, body) = act(&mut staff, &lift, json!({"action": "dispatch", "hours": 2, "unit": stranger})).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("unit")), "{body}");
    // Nothing named: the suggestion is taken.
    let (status, e) = act(&mut staff, &lift, json!({"action": "dispatch", "hours": 2})).await;
    assert_eq!((status, e["handler"].as_str()), (200, Some("交通路苑物业服务中心")), "{e}");
    let (status, _) = fixer.api(&format!("/api/v1/events/{lift}")).await;
    assert_eq!(status, 200);

    // The unit hands it back: the community dispatches it again, to a grid worker by name.
    let (status, e) = act(&mut fixer, &lift, json!({"action": "return", "reason": "不是本物业管辖的电梯"})).await;
    assert_eq!((status, e["state"].as_str()), (200, Some("accepted")));
    assert_eq!(fixer.api(&format!("/api/v1/events/{lift}")).await.0, 404, "handed back: no longer theirs");
    let (_, _, page) = staff.get(&format!("/events/{lift}")).await;
    let marker = "data-unit=\"\"";
    assert!(page.contains(marker), "the community's people are offered: {page}");
    let at = page.find("测试wang.mengxia").unwrap();
    let option = &page[page[..at].rfind("<option value=\"").unwrap() + 15..];
    let account = &option[..option.find('"').unwrap()];
    let (status, e) = act(&mut staff, &lift, json!({"action": "dispatch", "hours": 2, "assignee": account})).await;
    assert_eq!(
        (status, e["assignee"].as_str(), e["handler"].as_str()),
        (200, Some("测试wang.mengxia"), Some("物业服务企业")),
        "{e}"
    );
    let (_, tracked) = Browser::new(&app).api(&format!("/api/v1/track/{}", e["code"].as_str().unwrap())).await;
    assert!(!tracked.to_string().contains("wang.mengxia"), "the reporter is not told who: {tracked}");
    let mut worker = Browser::new(&app);
    worker.sign_in("wang.mengxia", GOOD).await;
    let (_, mine) = worker.api("/api/v1/events?view=mine").await;
    assert_eq!(mine["items"][0]["id"], lift.as_str(), "assigned to her: her task");
    let (_, mine) = staff.api("/api/v1/events?view=mine").await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 0, "not the dispatcher's own");

    let (_, m) = staff.api("/api/v1/units/measures").await;
    assert_eq!(
        (m["suggested"].as_i64(), m["kept"].as_i64()),
        (Some(0), Some(0)),
        "handed back and given elsewhere: {m}"
    );
    // The units page, from the navigation.
    let (_, _, nav) = head.get("/workbench").await;
    assert!(nav.contains("href=\"/units\""), "{nav}");
    let (status, _, units) = head.get("/units").await;
    assert_eq!(status, 200);
    assert!(units.contains("交通路苑物业服务中心") && units.contains("id=\"rule-form\""), "{units}");
    let (_, _, nav) = fixer.get("/workbench").await;
    assert!(nav.contains("/events?view=mine") && !nav.contains("href=\"/units\""), "{nav}");
    app.stop().await;
}

#[tokio::test]
async fn the_demo_has_units_that_sign_in_and_events_in_every_state() {
    let app = TestApp::spawn().await;
    assert_eq!(linli::demo_events::build(&app.app, GOOD).await.unwrap(), 36, "twelve on each of three boards");
    let mut plumber = Browser::new(&app);
    plumber.sign_in("gongshui", GOOD).await;
    let (status, mine) = plumber.api("/api/v1/events?view=mine").await;
    assert_eq!(status, 200);
    assert!(!mine["items"].as_array().unwrap().is_empty(), "the water company has a routed burst pipe: {mine}");
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", COMMUNITY).await;
    let (_, all) = staff.api("/api/v1/events?limit=200").await;
    let mut states: Vec<&str> = all["items"].as_array().unwrap().iter().filter_map(|e| e["state"].as_str()).collect();
    states.sort_unstable();
    states.dedup();
    assert_eq!(
        states,
        ["accepted", "closed", "dispatched", "in_progress", "rejected", "reported", "resolved", "visited_satisfied"]
    );
    app.stop().await;
}

#[tokio::test]
async fn a_stopped_unit_takes_nothing_new_and_a_member_taken_out_loses_the_role() {
    let app = TestApp::spawn().await;
    let mut head = signed_in(&app, "head.zhao", "community_head", COMMUNITY).await;
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", COMMUNITY).await;
    let street = signed_in(&app, "street.sun", "street_admin", "141102001").await;
    drop(street);
    let property = add_unit(&mut head, "交通路苑物业服务中心", "property", COMMUNITY).await;
    let mut fixer = handler(&app, &mut head, &property, "wuye.zhang").await;
    let rule = json!({"region": COMMUNITY, "category": "0205", "unit": property, "certain": true});
    assert_eq!(head.api_send(Method::PUT, "/api/v1/routing-rules", &rule).await.0, 200);

    // The community head cannot make the street's admin a member of her unit.
    let path = format!("/api/v1/units/{property}/members");
    let (status, body) = head.api_send(Method::POST, &path, &json!({"login": "street.sun", "role": "handler"})).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("login")), "{body}");
    head.get(&format!("/units/{property}")).await;
    let (status, _, page) =
        head.post(&format!("/units/{property}/members"), &[("login", "street.sun"), ("role", "handler")]).await;
    assert_eq!(status, 422);
    assert!(page.contains("管辖范围之外") && page.contains("value=\"street.sun\""), "{page}");

    // Stopped: routing passes it by and dispatch refuses it.
    let (status, u) =
        head.api_send(Method::PUT, &format!("/api/v1/units/{property}/active"), &json!({"active": false})).await;
    assert_eq!((status, u["unit"]["active"].as_bool()), (200, Some(false)), "{u}");
    let (lift, _) = report(&app, "0205", "2号楼电梯困人").await;
    let (_, e) = staff.api(&format!("/api/v1/events/{lift}")).await;
    assert_eq!(e["state"], "reported", "a stopped unit is not routed to: {e}");
    act(&mut staff, &lift, json!({"action": "accept"})).await;
    let (status, body) = act(&mut staff, &lift, json!({"action": "dispatch", "hours": 2, "unit": property})).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("unit")), "{body}");
    // Resumed from its page: routed again.
    let (_, _, page) = head.get(&format!("/units/{property}")).await;
    assert!(page.contains("id=\"unit-resume\"") && page.contains("已停用"), "{page}");
    let (status, _, page) = head.post(&format!("/units/{property}/active"), &[("active", "yes")]).await;
    assert_eq!(status, 400, "neither stop nor resume: {page}");
    assert!(page.contains("请选择停用或恢复使用"), "{page}");
    let (_, u) = head.api(&format!("/api/v1/units/{property}")).await;
    assert_eq!(u["unit"]["active"], false, "nothing changed: {u}");
    let (status, _, _) = head.post(&format!("/units/{property}/active"), &[("active", "1")]).await;
    assert!(status < 400, "{status}");
    let (_, _, page) = head.get(&format!("/units/{property}")).await;
    assert!(page.contains("id=\"unit-stop\""), "{page}");
    let (lift2, _) = report(&app, "0205", "3号楼电梯异响").await;
    let (_, e) = staff.api(&format!("/api/v1/events/{lift2}")).await;
    assert_eq!(e["state"], "dispatched", "{e}");
    assert_eq!(fixer.api(&format!("/api/v1/events/{lift2}")).await.0, 200);
    // Staff only read the unit: they cannot stop it.
    let (status, _) =
        staff.api_send(Method::PUT, &format!("/api/v1/units/{property}/active"), &json!({"active": false})).await;
    assert_eq!(status, 403);

    // Taken out of its only unit, the member keeps no role that reaches tasks.
    let (_, u) = head.api(&format!("/api/v1/units/{property}")).await;
    let account = u["members"][0]["account"].as_str().unwrap().to_owned();
    let (status, _) =
        head.api_send(Method::DELETE, &format!("/api/v1/units/{property}/members/{account}"), &json!({})).await;
    assert_eq!(status, 204);
    let (status, mine) = fixer.api("/api/v1/events?view=mine").await;
    assert!(status == 403 || mine["items"].as_array().is_some_and(Vec::is_empty), "{status} {mine}");
    assert_eq!(fixer.api(&format!("/api/v1/events/{lift2}")).await.0, 404);
    let (_, _, nav) = fixer.get("/workbench").await;
    assert!(!nav.contains("/events?view=mine"), "{nav}");

    // Guessing rating links from one address runs into a limit.
    let code = staff.api(&format!("/api/v1/events/{lift2}")).await.1["code"].as_str().unwrap().to_owned();
    let mut guesser = Browser::new(&app);
    let path = format!("/track/{code}/rate");
    guesser.get(&format!("{path}?t=guess")).await;
    for i in 0..30 {
        let (status, _, _) = guesser.post(&path, &[("t", &format!("guess{i}")), ("satisfaction", "satisfied")]).await;
        assert_eq!(status, 404, "guess {i}");
    }
    let (status, _, _) = guesser.post(&path, &[("t", "guess30"), ("satisfaction", "satisfied")]).await;
    assert_eq!(status, 429);
    app.stop().await;
}

#[tokio::test]
async fn a_units_dispatcher_gives_its_task_to_one_of_its_people_and_no_one_else() {
    let app = TestApp::spawn().await;
    let mut admin = signed_in(&app, "district.ma", "district_admin", "141102").await;
    let water = add_unit(&mut admin, "离石区供水公司", "utility", "141102").await;
    let squad = add_unit(&mut admin, "滨河街道城管中队", "department", "141102001").await;
    let mut chief = member(&app, &mut admin, &water, "gongshui.chief", "dispatcher").await;
    let mut fitter = handler(&app, &mut admin, &water, "gongshui.li").await;
    handler(&app, &mut admin, &water, "gongshui.zhao").await;
    handler(&app, &mut admin, &squad, "chengguan.li").await;
    let rule = json!({"region": "141102001", "category": "0201", "unit": water, "certain": true});
    assert_eq!(admin.api_send(Method::PUT, "/api/v1/routing-rules", &rule).await.0, 200);
    let (pipe, code) = report(&app, "0201", "7号楼东侧路面冒水，像是地下水管破了").await;
    let account_of = |unit: &Value, name: &str| -> String {
        let members = unit["members"].as_array().unwrap();
        members.iter().find(|m| m["name"] == name).unwrap()["account"].as_str().unwrap().to_owned()
    };
    let (_, w) = admin.api(&format!("/api/v1/units/{water}")).await;
    let (other_id, fitter_id) = (account_of(&w, "师傅gongshui.zhao"), account_of(&w, "师傅gongshui.li"));
    let (_, q) = admin.api(&format!("/api/v1/units/{squad}")).await;
    let squad_member = account_of(&q, "师傅chengguan.li");

    // The dispatcher's page offers 分派 with the unit's own people only.
    let (_, _, page) = chief.get(&format!("/events/{pipe}")).await;
    assert!(page.contains(r#"<option value="assign""#), "{page}");
    assert!(page.contains("师傅gongshui.li") && !page.contains("师傅chengguan.li"), "only the unit's people: {page}");
    // A handler of the unit does not give tasks out.
    let (status, _) = act(&mut fitter, &pipe, json!({"action": "assign", "assignee": other_id})).await;
    assert_eq!(status, 403);
    let (_, _, page) = fitter.get(&format!("/events/{pipe}")).await;
    assert!(!page.contains(r#"<option value="assign""#));
    // Nobody outside the unit, and somebody must be named.
    let (status, refused) = act(&mut chief, &pipe, json!({"action": "assign", "assignee": squad_member})).await;
    assert_eq!((status, refused["field"].as_str()), (400, Some("assignee")), "{refused}");
    let (status, refused) = act(&mut chief, &pipe, json!({"action": "assign"})).await;
    assert_eq!((status, refused["field"].as_str()), (400, Some("assignee")), "{refused}");

    let (status, e) = act(&mut chief, &pipe, json!({"action": "assign", "assignee": fitter_id})).await;
    assert_eq!(status, 200, "{e}");
    assert_eq!((e["state"].as_str(), e["assignee"].as_str()), (Some("dispatched"), Some("师傅gongshui.li")), "{e}");
    let (_, mine) = fitter.api("/api/v1/events?view=mine").await;
    assert_eq!(mine["items"][0]["id"], pipe.as_str(), "now hers: {mine}");
    let (_, _, inbox) = fitter.get("/inbox").await;
    assert!(inbox.contains("分派给您的诉求") && inbox.contains(&code), "{inbox}");
    // The reporter's tracking page does not show the unit's own step.
    let res = app.get(&format!("/track/{code}")).await;
    let public = res.text().await.unwrap();
    assert!(!public.contains("分派给"), "{public}");
    // Given on again, the deadline and state stay.
    let (status, e) = act(&mut chief, &pipe, json!({"action": "assign", "assignee": other_id})).await;
    assert_eq!((status, e["state"].as_str()), (200, Some("dispatched")));
    let (_, mine) = fitter.api("/api/v1/events?view=mine").await;
    assert!(mine["items"].as_array().unwrap().iter().all(|e| e["id"] != pipe.as_str()), "no longer hers: {mine}");

    // The unit's tasks a page at a time: the dispatcher has them all, each once.
    let mut made = vec![pipe.clone()];
    for n in 0..4 {
        made.push(report(&app, "0201", &format!("{n}号楼停水了，没有通知")).await.0);
    }
    let (mut seen, mut path) = (Vec::new(), "/api/v1/events?view=mine&limit=2".to_owned());
    loop {
        let (status, page) = chief.api(&path).await;
        assert_eq!(status, 200, "{page}");
        assert!(page["items"].as_array().unwrap().len() <= 2);
        seen.extend(page["items"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap().to_owned()));
        match page["next"].as_str() {
            Some(next) => path = format!("/api/v1/events?view=mine&limit=2&after={next}"),
            None => break,
        }
    }
    made.reverse();
    assert_eq!(seen, made, "newest first, each once");
    // Their whole list holds what they handled, done or not.
    let (_, all) = chief.api("/api/v1/events?limit=200").await;
    assert_eq!(all["items"].as_array().unwrap().len(), 5, "{all}");
    let (_, words) = chief.api("/api/v1/events?view=mine&q=停水").await;
    assert_eq!(words["items"].as_array().unwrap().len(), 4);
    // The handler has the four given to nobody, not the one given to another.
    let (_, mine) = fitter.api("/api/v1/events?view=mine&limit=200").await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 4, "{mine}");
    let (_, _, bench) = fitter.get("/workbench").await;
    assert!(bench.contains(r#"id="todo-my_tasks"><strong class="count">4</strong>"#), "{bench}");
    app.stop().await;
}

#[tokio::test]
async fn a_member_taken_out_of_two_units_at_once_keeps_no_role() {
    use sea_query::{Expr, ExprTrait, Query};
    let app = TestApp::spawn().await;
    let mut head = signed_in(&app, "head.zhao", "community_head", COMMUNITY).await;
    let (a, b) = (
        add_unit(&mut head, "交通路苑物业服务中心", "property", COMMUNITY).await,
        add_unit(&mut head, "交通路社区警务室", "police_office", COMMUNITY).await,
    );
    handler(&app, &mut head, &a, "shared.li").await;
    let (status, body) = head
        .api_send(
            Method::POST,
            &format!("/api/v1/units/{b}/members"),
            &json!({"login": "shared.li", "role": "handler"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let (_, unit) = head.api(&format!("/api/v1/units/{a}")).await;
    let account = unit["members"][0]["account"].as_str().unwrap().to_owned();
    let cookie = head.cookie_header();
    let remove = |unit: String| {
        let (client, cookie, url) =
            (app.client.clone(), cookie.clone(), app.url(&format!("/api/v1/units/{unit}/members/{account}")));
        async move { client.delete(url).header("cookie", cookie).send().await.unwrap().status().as_u16() }
    };
    // At once (PostgreSQL is where the two interleave; SQLite writes one at a time).
    let (x, y) = tokio::join!(remove(a.clone()), remove(b.clone()));
    assert_eq!((x, y), (204, 204));
    // Out of both units of the community: the role that reached their tasks is gone.
    let db = common::raw_db(&app).await;
    let q = Query::select()
        .column("role")
        .from("role_grant")
        .and_where(Expr::col("account_id").eq(account.parse::<uuid::Uuid>().unwrap()))
        .to_owned();
    let roles: Vec<String> = db.fetch_all(&q).await.unwrap().iter().map(|r| r.get("role").unwrap()).collect();
    db.close().await;
    assert!(!roles.contains(&"handler".to_owned()), "{roles:?}");
    app.stop().await;
}
