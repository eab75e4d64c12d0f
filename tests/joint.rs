//! The 三清单 and the 党建联席会议 as their users meet them: the centre puts
//! residents' needs on the list (typed, or a wish from the help wall); an
//! 在职党员 takes one on (领办) and a member unit cannot take it twice; member
//! units offer resources; the meeting, chaired by the member units in
//! turn, takes its agenda from the open needs and makes a project whose
//! owner unit moves it forward until the need is met.

mod common;

use chrono::{Duration, Utc};
use common::{TestApp, households_people, resident, signed_in};
use reqwest::Method;
use serde_json::json;

const JTL: &str = "141102001002";

#[tokio::test]
async fn needs_are_taken_on_and_a_meeting_makes_a_project_that_its_owner_unit_finishes() {
    let app = TestApp::spawn().await;
    linli::demo_town::build(&app.app, linli::demo_town::Scale::Seed).await.unwrap();
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", JTL).await;
    let homes = households_people(&mut staff).await;

    // Two member units; a handler of the first signs in.
    let actor = linli::app::access::audit::Actor::cli();
    let mut units = Vec::new();
    for name in ["区供电公司", "建设银行离石支行"] {
        let n = linli::app::events::unit::NewUnit {
            name: name.into(),
            kind: "member_unit".into(),
            region: linli::domain::registry::region::RegionCode::parse(JTL).unwrap(),
            phone: None,
        };
        units.push(app.app.add_unit_by(&actor, n).await.unwrap());
    }
    let mut power = signed_in(&app, "gongdian", "handler", JTL).await;
    let m = linli::app::events::unit::NewMember {
        login: "gongdian".into(),
        display_name: "供电所张工".into(),
        phone: None,
        role: linli::app::events::unit::UnitRole::Handler,
    };
    app.app.add_unit_member_by(&actor, units[0], m).await.unwrap();

    // An 在职党员 living in the community, and a plain resident.
    let mut party = resident(&app, "res.party", JTL, homes[0][0]).await;
    let offer = json!({"community": JTL, "kind": "party_member", "org_name": "区人民医院", "skills": ["tutoring"]});
    let (status, v) = party.api_send(Method::POST, "/api/v1/volunteers", &offer).await;
    assert_eq!(status, 201, "{v}");
    let volunteer = v["id"].as_str().unwrap().to_owned();
    let mut plain = resident(&app, "res.plain", JTL, homes[1][0]).await;

    // The centre lists needs; a title is needed; a wish goes on once.
    let (status, e) =
        staff.api_send(Method::POST, "/api/v1/joint/needs", &json!({"community": JTL, "title": " "})).await;
    assert_eq!((status, e["field"].as_str()), (400, Some("title")), "{e}");
    let need = |t: &str| json!({"community": JTL, "title": t, "detail": "居民反映"});
    let (_, a) = staff.api_send(Method::POST, "/api/v1/joint/needs", &need("3号楼老人就医陪护")).await;
    let (_, b) = staff.api_send(Method::POST, "/api/v1/joint/needs", &need("小区路灯不亮")).await;
    let (a, b) = (a["id"].as_str().unwrap().to_owned(), b["id"].as_str().unwrap().to_owned());
    let later = (linli::domain::time::day(Utc::now()) + Duration::days(5)).to_string();
    let (_, w) = plain
        .api_send(
            Method::POST,
            "/api/v1/wishes",
            &json!({"title": "想学用智能手机", "category": "tutoring", "needed_by": later}),
        )
        .await;
    let wish = w["id"].as_str().unwrap();
    let (status, n) = staff.api_send(Method::POST, "/api/v1/joint/needs", &json!({"wish": wish})).await;
    assert_eq!((status, n["source"].as_str()), (201, Some(format!("wish:{wish}").as_str())), "{n}");
    let (status, _) = staff.api_send(Method::POST, "/api/v1/joint/needs", &json!({"wish": wish})).await;
    assert_eq!(status, 400, "once");
    // An event: the page offers its words for the centre to rewrite; it goes on once.
    let report = json!({"category": "07", "text": "5号楼前路灯坏了一个月，电话13912345678", "community": JTL});
    let (status, ev) = staff.api_send(Method::POST, "/api/v1/events", &report).await;
    assert_eq!(status, 201, "{ev}");
    let event = ev["id"].as_str().unwrap();
    let (_, _, page) = staff.get(&format!("/events/{event}")).await;
    assert!(page.contains("id=\"event-to-joint\""), "the event page offers it");
    let (_, _, page) = staff.get(&format!("/joint?community={JTL}&event={event}")).await;
    assert!(page.contains("5号楼前路灯坏了一个月") && !page.contains("13912345678"), "pre-filled, phone masked");
    let from_event = json!({"community": JTL, "title": "5号楼前路灯", "detail": "居民报告路灯不亮", "event": event});
    let (status, n) = staff.api_send(Method::POST, "/api/v1/joint/needs", &from_event).await;
    assert_eq!((status, n["source"].as_str()), (201, Some(format!("event:{event}").as_str())), "{n}");
    let (status, e) = staff.api_send(Method::POST, "/api/v1/joint/needs", &from_event).await;
    assert_eq!((status, e["field"].as_str()), (400, Some("event")), "once: {e}");
    let (status, _) = plain.api_send(Method::POST, "/api/v1/joint/needs", &need("我也想加")).await;
    assert_eq!(status, 403, "residents do not add needs");

    // The party member takes need A on; the unit finds it taken; a plain resident cannot.
    let take = json!({"do": "take"});
    let (status, e) = plain.api_send(Method::POST, &format!("/api/v1/joint/needs/{a}/steps"), &take).await;
    assert_eq!((status, e["field"].as_str()), (400, Some("need")), "{e}");
    let (status, n) = party.api_send(Method::POST, &format!("/api/v1/joint/needs/{a}/steps"), &take).await;
    assert_eq!((status, n["status"].as_str(), n["taken_by"].is_string()), (200, Some("taken"), true), "{n}");
    let by_unit = json!({"do": "take", "unit": units[0]});
    let (status, _) = power.api_send(Method::POST, &format!("/api/v1/joint/needs/{a}/steps"), &by_unit).await;
    assert_eq!(status, 400, "taken already");

    // Resources: the unit offers for itself; a plain resident has nothing to offer as.
    let res = json!({"community": JTL, "kind": "people", "title": "电工志愿服务队 5 人", "unit": units[0]});
    let (status, r) = power.api_send(Method::POST, "/api/v1/joint/resources", &res).await;
    assert_eq!(status, 201, "{r}");
    let resource = r["id"].as_str().unwrap().to_owned();
    let (status, _) = plain
        .api_send(Method::POST, "/api/v1/joint/resources", &json!({"community": JTL, "kind": "goods", "title": "大米"}))
        .await;
    assert_eq!(status, 400);

    // The meeting: agenda from the open needs, the chair in turn.
    let today = linli::domain::time::day(Utc::now()).to_string();
    let call = json!({"community": JTL, "held_on": today, "place": "党群服务中心会议室", "units": units});
    let (status, m) = staff.api_send(Method::POST, "/api/v1/joint/meetings", &call).await;
    assert_eq!(status, 201, "{m}");
    let agenda: Vec<&str> = m["agenda"].as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect();
    assert!(agenda.contains(&"小区路灯不亮") && agenda.contains(&"3号楼老人就医陪护"), "{m}");
    let first_chair = m["chair"].as_str().unwrap().to_owned();
    let meeting = m["id"].as_str().unwrap().to_owned();
    let (_, m2) = staff.api_send(Method::POST, "/api/v1/joint/meetings", &call).await;
    assert_ne!(m2["chair"].as_str().unwrap(), first_chair, "the chair rotates");

    // A project of need B, owned by the power company, with its resource.
    let deadline = (linli::domain::time::day(Utc::now()) + Duration::days(30)).to_string();
    let project = json!({"need": b, "meeting": meeting, "owner": units[0], "plan": "排查线路，更换灯具", "deadline": deadline, "resources": [resource]});
    let (status, p) = staff.api_send(Method::POST, "/api/v1/joint/projects", &project).await;
    assert_eq!(status, 201, "{p}");
    let pid = p["id"].as_str().unwrap().to_owned();
    let (status, _) = staff.api_send(Method::POST, "/api/v1/joint/projects", &project).await;
    assert_eq!(status, 400, "a need becomes one project");

    // Its owner moves it forward, never back; the other unit and residents cannot.
    let step = |n: i64| json!({"progress": n, "note": "已更换 12 盏"});
    let (status, p) = power.api_send(Method::POST, &format!("/api/v1/joint/projects/{pid}/progress"), &step(50)).await;
    assert_eq!((status, p["progress"].as_i64()), (200, Some(50)), "{p}");
    let (status, e) = power.api_send(Method::POST, &format!("/api/v1/joint/projects/{pid}/progress"), &step(30)).await;
    assert_eq!((status, e["field"].as_str()), (400, Some("progress")), "{e}");
    let (status, _) = plain.api_send(Method::POST, &format!("/api/v1/joint/projects/{pid}/progress"), &step(60)).await;
    assert_eq!(status, 404);
    let (status, _) = power.api_send(Method::POST, &format!("/api/v1/joint/projects/{pid}/progress"), &step(100)).await;
    assert_eq!(status, 200);

    // The party member meets need A; the lists show both met, to everyone.
    let (status, _) = party
        .api_send(
            Method::POST,
            &format!("/api/v1/joint/needs/{a}/steps"),
            &json!({"do": "meet", "note": "陪同就医两次"}),
        )
        .await;
    assert_eq!(status, 200);
    let (_, lists) = plain.api(&format!("/api/v1/joint?community={JTL}")).await;
    let status_of = |id: &str| {
        lists["needs"].as_array().unwrap().iter().find(|n| n["id"] == id).unwrap()["status"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!((status_of(&a), status_of(&b)), ("met".to_owned(), "met".to_owned()));

    // Pages: the unit sees its project done; the party member's record shows what he took on.
    let (_, _, page) = power.get("/joint").await;
    assert!(page.contains("小区路灯不亮") && page.contains("100%"), "{page}");
    let (_, _, page) = plain.get("/joint").await;
    assert!(!page.contains("id=\"need-form\"") && !page.contains("class=\"inline take-form\""), "residents read only");
    let (_, _, record) = party.get(&format!("/volunteers/{volunteer}")).await;
    assert!(record.contains("id=\"needs-taken\"") && record.contains("陪同就医两次"), "{record}");
    app.stop().await;
}

#[tokio::test]
async fn a_need_found_on_a_visit_goes_on_the_list_once_in_the_centres_words() {
    let app = TestApp::spawn().await;
    linli::demo_town::build(&app.app, linli::demo_town::Scale::Seed).await.unwrap();
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", JTL).await;
    let (_, list) = staff.api("/api/v1/households").await;
    let household = list[0]["id"].as_str().unwrap().to_owned();
    let visit =
        json!({"met": "本人", "situation": "独居，身体尚可", "needs": "楼道扶手松了，想有人来修，女儿电话13912345678"});
    let (status, v) = staff.api_send(Method::POST, &format!("/api/v1/households/{household}/visits"), &visit).await;
    assert_eq!(status, 201, "{v}");
    let visit_id = v["id"].as_str().unwrap().to_owned();

    // The visit page offers it to the centre; the lists' form holds its words, phone masked.
    let (_, _, page) = staff.get(&format!("/households/{household}/visits")).await;
    assert!(page.contains(&format!("id=\"visit-to-joint-{visit_id}\"")), "{page}");
    let (_, _, page) = staff.get(&format!("/joint?community={JTL}&visit={visit_id}")).await;
    assert!(page.contains("楼道扶手松了") && !page.contains("13912345678"), "pre-filled, phone masked: {page}");
    assert!(page.contains(&format!("name=\"visit\" value=\"{visit_id}\"")), "{page}");

    // The page's form puts it on once; the second time says so by the form.
    let fields =
        [("community", JTL), ("title", "3号楼楼道扶手松动"), ("detail", "走访发现，需加固"), ("visit", &visit_id)];
    let (status, _, _) = staff.post("/joint/needs", &fields).await;
    assert_eq!(status, 303);
    let (_, lists) = staff.api(&format!("/api/v1/joint?community={JTL}")).await;
    let need = lists["needs"].as_array().unwrap().iter().find(|n| n["title"] == "3号楼楼道扶手松动").unwrap().clone();
    assert_eq!(need["source"], format!("visit:{visit_id}"), "{need}");
    let again = json!({"community": JTL, "title": "再来一次", "detail": "", "visit": visit_id});
    let (status, e) = staff.api_send(Method::POST, "/api/v1/joint/needs", &again).await;
    assert_eq!((status, e["field"].as_str()), (400, Some("visit")), "once: {e}");

    // A grid worker records visits but does not run the lists; another community's staff cannot reach it.
    let mut grid = signed_in(&app, "wang.mengxia", "grid_worker", "141102001002001").await;
    let (_, _, page) = grid.get(&format!("/households/{household}/visits")).await;
    assert!(!page.contains("visit-to-joint"), "{page}");
    let mut elsewhere = signed_in(&app, "wu.xiaoli", "community_staff", "141102003005").await;
    let theirs = json!({"community": "141102003005", "title": "借来", "detail": "", "visit": visit_id});
    let (status, _) = elsewhere.api_send(Method::POST, "/api/v1/joint/needs", &theirs).await;
    assert_eq!(status, 404, "a visit of another community is not found");
    app.stop().await;
}
