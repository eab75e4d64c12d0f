//! Staff find their way: each role's navigation offers only what opens for
//! it, the workbench counts what waits within the role's scope, the event
//! page offers only what the state and the role allow, 标为重复 names a real
//! event, a step of an application belongs to a role at its level, and what
//! staff type with a step stays on the timeline.

mod common;

use common::{Browser, TestApp, signed_in};
use reqwest::Method;
use serde_json::{Value, json};

const JTL: &str = "141102001002";

/// The ids and addresses of the navigation on a page.
fn nav(html: &str) -> Vec<(String, String)> {
    let Some(start) = html.find("id=\"desk-nav\"") else { return Vec::new() };
    let block = &html[start..html[start..].find("</nav>").map_or(html.len(), |e| start + e)];
    block
        .split("<a href=\"")
        .skip(1)
        .map(|a| {
            let path = a.split('"').next().unwrap().to_owned();
            let id = a.split("id=\"nav-").nth(1).and_then(|r| r.split('"').next()).unwrap_or("").to_owned();
            (id, path)
        })
        .collect()
}

/// Where a count of the workbench leads.
fn todo_href(html: &str, key: &str) -> String {
    let at = html.find(&format!("id=\"todo-{key}\"")).unwrap();
    let before = &html[..at];
    let href = before.rsplit("href=\"").next().unwrap().split('"').next().unwrap();
    href.replace("&amp;", "&").replace("&#38;", "&")
}

/// A report through the API; returns (id, tracking code).
async fn report(staff: &mut Browser<'_>, text: &str) -> (String, String) {
    let body = json!({"category": "07", "text": text, "community": JTL});
    let (status, e) = staff.api_send(Method::POST, "/api/v1/events", &body).await;
    assert_eq!(status, 201, "{e}");
    (e["id"].as_str().unwrap().to_owned(), e["code"].as_str().unwrap().to_owned())
}

fn options(html: &str) -> Vec<String> {
    let Some(start) = html.find("<select id=\"action\"") else { return Vec::new() };
    let select = &html[start..start + html[start..].find("</select>").unwrap()];
    select.split("<option value=\"").skip(1).map(|o| o.split('"').next().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn every_role_is_offered_only_what_opens_for_it_and_lands_on_its_workbench() {
    let app = TestApp::spawn().await;
    let actor = linli::app::access::audit::Actor::cli();
    let grid = app.app.add_grid(&actor, &JTL.parse().unwrap(), 1, "第一网格").await.unwrap();
    let roles = [
        ("grid.wang", "grid_worker", grid.as_str()),
        ("staff.liu", "community_staff", JTL),
        ("head.wu", "community_head", JTL),
        ("street.feng", "street_admin", "141102001"),
        ("district.li", "district_admin", "141102"),
        ("admin.sys", "system_admin", "141102"),
        ("res.wang", "resident", JTL),
    ];
    for (login, role, region) in roles {
        signed_in(&app, login, role, region).await;
        // Signing in without a `next` lands on the workbench.
        let mut b = Browser::new(&app);
        b.get("/signin").await;
        let (_, to, _) = b.post("/signin", &[("login", login), ("password", common::GOOD)]).await;
        assert_eq!(to, "/workbench", "{role}");
        let (status, _, html) = b.get("/workbench").await;
        assert_eq!(status, 200, "{role}");
        let links = nav(&html);
        assert!(links.iter().any(|(id, _)| id == "workbench"), "{role}: {links:?}");
        for (id, path) in &links {
            let (status, location, _) = b.get(path).await;
            let status = if status == 303 { b.get(&location).await.0 } else { status };
            assert_eq!(status, 200, "{role}: {id} {path}");
        }
        let ids: Vec<&str> = links.iter().map(|(id, _)| id.as_str()).collect();
        let has = |id: &str| ids.contains(&id);
        match role {
            "grid_worker" => {
                assert!(has("events") && has("visits") && has("people") && has("report"), "{ids:?}");
                for not in ["billing", "counter", "import", "registrations", "audit", "my-bills"] {
                    assert!(!has(not), "a grid worker is not offered {not}");
                }
            }
            "community_staff" | "community_head" => {
                assert!(has("billing") && has("import") && has("registrations") && has("applications"), "{ids:?}");
                assert!(!has("audit") && !has("categories"), "{ids:?}");
            }
            "street_admin" => {
                assert!(has("events") && has("applications") && has("stats"), "{ids:?}");
                assert!(!has("billing") && !has("visits") && !has("import"), "{ids:?}");
            }
            "district_admin" => assert!(has("audit") && has("categories") && has("events"), "{ids:?}"),
            "system_admin" => assert!(has("audit") && !has("events") && !has("people"), "{ids:?}"),
            _ => {
                assert!(has("my-household") && has("my-bills") && has("report"), "{ids:?}");
                assert!(!has("events") && !has("people") && !has("visits"), "a resident sees no staff page");
            }
        }
        // A refusal keeps the user's name and navigation: no 登录 offered
        // to someone signed in.
        let (status, _, page) = b.get("/events/01890000-0000-7000-8000-000000000000").await;
        assert!(status == 404 || status == 403, "{role}: {status}");
        assert_eq!(nav(&page), links, "{role}: the 404 page keeps the navigation");
        assert!(!page.contains("id=\"nav-signin\""), "{role}: {page}");
        // The account page no longer carries a wall of buttons.
        let (_, _, account) = b.get("/account").await;
        assert!(!account.contains("id=\"link-billing\"") && account.contains("id=\"link-workbench\""));
    }
    app.stop().await;
}

#[tokio::test]
async fn the_workbench_counts_within_the_roles_scope() {
    let app = TestApp::spawn().await;
    let actor = linli::app::access::audit::Actor::cli();
    let g1 = app.app.add_grid(&actor, &JTL.parse().unwrap(), 1, "第一网格").await.unwrap();
    let mut staff = signed_in(&app, "staff.liu", "community_staff", JTL).await;
    for text in ["楼道灯坏了三天", "垃圾没有清运", "井盖松动有响声"] {
        report(&mut staff, text).await;
    }
    let (_, _, html) = staff.get("/workbench").await;
    let count = |html: &str, key: &str| -> Option<i64> {
        let at = html.find(&format!("id=\"todo-{key}\""))?;
        let rest = &html[at..];
        rest.split("class=\"count\">").nth(1)?.split('<').next()?.parse().ok()
    };
    assert_eq!(count(&html, "to_accept"), Some(3));
    assert_eq!(count(&html, "to_dispatch"), Some(0));
    let (_, _, board) = staff.get(&todo_href(&html, "to_accept")).await;
    assert_eq!(board.matches("<a href=\"/events/01").count(), 3, "the count opens its list");
    // The grid worker's grid has none of them (reported without a building):
    // she is counted her tasks, never the community's board.
    let mut grid = signed_in(&app, "grid.wang", "grid_worker", g1.as_str()).await;
    let (_, _, html) = grid.get("/workbench").await;
    assert_eq!(count(&html, "to_accept"), None, "accepting is the community's");
    assert_eq!(count(&html, "my_tasks"), Some(0));
    assert_eq!(count(&html, "visits_due"), Some(0));
    // The street admin is counted what is overdue, and nothing to accept.
    let mut street = signed_in(&app, "street.feng", "street_admin", "141102001").await;
    let (_, _, html) = street.get("/workbench").await;
    assert_eq!(count(&html, "overdue"), Some(0));
    assert_eq!(count(&html, "to_accept"), None);
    app.stop().await;
}

#[tokio::test]
async fn the_event_page_offers_what_the_state_and_role_allow_and_keeps_what_was_typed() {
    let app = TestApp::spawn().await;
    let mut staff = signed_in(&app, "staff.liu", "community_staff", JTL).await;
    let (id, _) = report(&mut staff, "小区门口有人占道卖菜").await;
    let page = format!("/events/{id}");
    let (_, _, html) = staff.get(&page).await;
    assert_eq!(options(&html), ["accept", "reject", "duplicate"], "上报: 受理, 不予受理, 标为重复");
    assert!(html.contains("id=\"reporter\""));
    // A street admin reads the event but acts on nothing.
    let mut street = signed_in(&app, "street.feng", "street_admin", "141102001").await;
    let (status, _, html) = street.get(&page).await;
    assert_eq!(status, 200);
    assert!(options(&html).is_empty() && !html.contains("id=\"act\""), "no actions for a reader");

    // A refused action comes back in Chinese, with the choice and the text kept.
    let (status, _, html) =
        staff.post(&page, &[("action", "reject"), ("reason", "x"), ("hours", "24"), ("of", "")]).await;
    assert_eq!(status, 422);
    assert!(html.contains("请填写原因"), "{html}");
    assert!(html.contains("<option value=\"reject\" selected>"), "the chosen action stays");
    assert!(html.contains("value=\"x\""), "what was typed stays");

    staff.post(&page, &[("action", "accept")]).await;
    let (_, _, html) = staff.get(&page).await;
    assert_eq!(options(&html), ["duplicate", "dispatch"]);
    let (status, _, html) =
        staff.post(&page, &[("action", "dispatch"), ("hours", "9999"), ("reason", "带上梯子")]).await;
    assert_eq!(status, 422);
    assert!(html.contains("时限应为 1–2160 小时"), "worded in Chinese, not “a deadline is 1 to 2160 hours”");
    assert!(html.contains("value=\"9999\"") && html.contains("value=\"带上梯子\""));
    // The English page says it in English.
    staff.set_cookie("linli_lang", "en");
    let (_, _, html) = staff.post(&page, &[("action", "dispatch"), ("hours", "0")]).await;
    assert!(html.contains("A deadline is 1–2160 hours"), "{html}");
    staff.set_cookie("linli_lang", "zh");

    // The note typed with dispatch is kept on the timeline, public as dispatch is.
    let (status, _, _) = staff
        .post(&page, &[("action", "dispatch"), ("hours", "24"), ("handler", "保洁"), ("reason", "带上梯子")])
        .await;
    assert_eq!(status, 200);
    let (_, e) = staff.api(&format!("/api/v1/events/{id}")).await;
    let last = e["steps"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "dispatch");
    assert!(last["note"].as_str().unwrap().contains("带上梯子"), "{last}");
    assert_eq!(last["public"], true);
    app.stop().await;
}

#[tokio::test]
async fn a_duplicate_names_an_earlier_event_of_the_same_community() {
    let app = TestApp::spawn().await;
    let mut staff = signed_in(&app, "staff.liu", "community_staff", JTL).await;
    let (first, first_code) = report(&mut staff, "3号楼电梯坏了，停在5楼").await;
    let (second, second_code) = report(&mut staff, "3号楼电梯又坏了").await;
    let (third, _) = report(&mut staff, "电梯还是不动").await;
    let mut other = signed_in(&app, "head.luo", "community_head", "141102002006").await;
    let body = json!({"category": "07", "text": "别的社区的事", "community": "141102002006"});
    let (_, elsewhere) = other.api_send(Method::POST, "/api/v1/events", &body).await;
    let elsewhere_code = elsewhere["code"].as_str().unwrap().to_owned();

    let page = format!("/events/{second}");
    staff.get(&page).await;
    for (of, says) in [
        ("XXXX", "本社区没有查询码为 XXXX 的诉求"),
        ("", "请填写它所重复的那件诉求的查询码"),
        (second_code.as_str(), "不能标为与自己重复"),
        (elsewhere_code.as_str(), "本社区没有查询码为"),
    ] {
        let (status, _, html) = staff.post(&page, &[("action", "duplicate"), ("of", of)]).await;
        assert_eq!(status, 422, "{of}");
        assert!(html.contains(says), "{of}: {says}");
        assert!(html.contains("id=\"field-message\""), "the message is by the field");
    }
    // Through the API too, with the field named.
    let path = format!("/api/v1/events/{second}/actions");
    let (status, body) = staff.api_send(Method::POST, &path, &json!({"action": "duplicate", "of": "XXXX"})).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("of")), "{body}");
    let (status, _, _) = staff.post(&page, &[("action", "duplicate"), ("of", &first_code.to_lowercase())]).await;
    assert_eq!(status, 200, "a real code, typed in lower case");
    // Not a chain: the third points to the original, not to the duplicate.
    let (status, _, html) =
        staff.post(&format!("/events/{third}"), &[("action", "duplicate"), ("of", &second_code)]).await;
    assert_eq!(status, 422);
    assert!(html.contains("本身已标为重复"));
    assert_eq!(staff.api(&format!("/api/v1/events/{first}")).await.1["state"], "reported");
    app.stop().await;
}

#[tokio::test]
async fn a_step_belongs_to_a_role_at_its_level_and_its_note_is_kept() {
    let app = TestApp::spawn().await;
    let mut staff = signed_in(&app, "staff.liu", "community_staff", JTL).await;
    let apply = json!({
        "item": "TY01", "community": JTL, "name": "冯金保", "phone": "13835860202", "consent": "本人当面同意",
        "fields": {"入伍时间": "1998-12", "退役时间": "2014-09"}
    });
    let (status, created) = staff.api_send(Method::POST, "/api/v1/applications", &apply).await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/applications/{id}/actions");
    let page = format!("/applications/{id}");
    let (_, _, html) = staff.get(&page).await;
    assert!(html.contains("入伍时间") && html.contains("1998-12") && html.contains("2014-09"), "the fields filled");

    for step in ["accept", "pass"] {
        let (status, body) = staff.api_send(Method::POST, &path, &json!({"action": step, "reason": "材料齐全"})).await;
        assert_eq!(status, 200, "{step}: {body}");
    }
    // 区级审批 is the district's: the community's staff neither see it offered nor pass it.
    let (_, _, html) = staff.get(&page).await;
    assert!(!html.contains("<option value=\"approve\""), "not offered to staff");
    let (status, body) = staff.api_send(Method::POST, &path, &json!({"action": "approve"})).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("action")), "{body}");
    let (status, _, html) = staff.post(&page, &[("action", "approve"), ("reason", "同意")]).await;
    assert_eq!(status, 422);
    assert!(html.contains("“区级审批”由区级管理员办理"), "{html}");
    assert!(!html.contains("id=\"application-act\""), "staff have no step left to take here");
    let mut head = signed_in(&app, "head.wu", "community_head", JTL).await;
    assert_eq!(head.api_send(Method::POST, &path, &json!({"action": "approve"})).await.0, 400, "nor the head");
    let mut street = signed_in(&app, "street.feng", "street_admin", "141102001").await;
    assert_eq!(street.api_send(Method::POST, &path, &json!({"action": "approve"})).await.0, 400, "nor the street");
    let mut district = signed_in(&app, "district.li", "district_admin", "141102").await;
    let (_, _, html) = district.get("/workbench").await;
    assert!(html.contains("id=\"todo-applications_waiting\""));
    let (_, _, waiting) = district.get("/applications?waiting=1").await;
    assert!(waiting.contains(&id), "waiting for the district");
    let (_, _, html) = district.get(&page).await;
    assert!(html.contains("<option value=\"approve\""), "offered to the district");
    let (status, _, _) = district.post(&page, &[("action", "approve"), ("reason", "符合条件，准予")]).await;
    assert_eq!(status, 200);

    let code = created["code"].as_str().unwrap();
    let (_, a) = staff.api(&format!("/api/v1/applications/track?code={code}&phone=13835860202")).await;
    let notes: Vec<Value> = a["steps"].as_array().unwrap().iter().map(|s| s[2].clone()).collect();
    assert!(notes.iter().any(|n| n.as_str().is_some_and(|n| n.contains("材料齐全"))), "{notes:?}");
    assert!(notes.last().unwrap().as_str().is_some_and(|n| n.contains("符合条件，准予")), "{a}");
    app.stop().await;
}
