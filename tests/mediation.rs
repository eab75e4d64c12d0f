//! Mediation (矛盾纠纷调解) and 三零, through HTTP on both engines: a
//! high-risk dispute registered with a party found in the registry by ID
//! number (linked, with her grid) and one from outside it; the head and the
//! police office alerted; the case file open only to its keepers, the
//! police office taking part and the head — a grid worker of that grid
//! learns it exists, nothing more; every opening audited; the workflow
//! through sessions (a 科技法庭 one) to the printed agreement; a petition
//! needs both parties' consent; and the 三零 figures counted from what was
//! recorded, per community and for the street.

mod common;

use common::{Browser, GOOD, TestApp, raw_db, signed_in};
use linli::app::access::audit::Actor;
use linli::app::events::unit::{NewMember, NewUnit, UnitRole};
use linli::app::registry::household::NewPerson;
use linli::domain::registry::id_number::IdNumber;
use linli::domain::registry::phone::Phone;
use linli::domain::registry::region::{CommunityCode, RegionCode};
use reqwest::Method;
use sea_query::{Expr, ExprTrait, Query};
use serde_json::json;

const JIAOTONG: &str = "141102001002";
const ID: &str = "141102198003151231";

/// A household in 交通路's third grid whose person has a known ID number.
async fn resident(app: &TestApp) -> String {
    let actor = Actor::cli();
    let community = CommunityCode::parse(JIAOTONG).unwrap();
    app.app.add_grid(&actor, &community, 1, "交通路第一网格").await.unwrap();
    let grid = app.app.add_grid(&actor, &community, 3, "交通路第三网格").await.unwrap();
    let building = app.app.add_building(&actor, &grid, "交通路小区31号楼").await.unwrap();
    let person = NewPerson {
        name: "韩立新".into(),
        id_number: IdNumber::parse(ID, chrono::Utc::now().date_naive()).unwrap().into(),
        phone: Some(Phone::parse("13800001111").unwrap()),
        relation: "本人".into(),
        tags: vec![],
        facts: Default::default(),
    };
    app.app.add_household(&actor, &community, building, ("1", "101", 8000), &[person]).await.unwrap();
    grid.as_str().to_owned()
}

/// 交通路's police office with one member, signed in.
async fn police(app: &TestApp) -> (uuid::Uuid, Browser<'_>) {
    let actor = Actor::cli();
    let region = RegionCode::parse(JIAOTONG).unwrap();
    let unit = NewUnit { name: "交通路社区警务室".into(), kind: "police_office".into(), region, phone: None };
    let id = app.app.add_unit_by(&actor, unit).await.unwrap();
    let member =
        NewMember { login: "jingwu.t".into(), display_name: "刘警官".into(), phone: None, role: UnitRole::Handler };
    let initial = app.app.add_unit_member_by(&actor, id, member).await.unwrap().expect("a new account's password");
    let mut b = Browser::new(app);
    b.sign_in("jingwu.t", &initial).await;
    b.get("/account/password").await;
    b.post("/account/password", &[("current", &initial), ("new", GOOD), ("confirm", GOOD)]).await;
    b.sign_in("jingwu.t", GOOD).await;
    (id, b)
}

async fn audited(app: &TestApp, action: &str, target: &str) -> i64 {
    let db = raw_db(app).await;
    let q = Query::select()
        .expr_as(Expr::col("seq").count(), "n")
        .from("audit_log")
        .and_where(Expr::col("action").eq(action))
        .and_where(Expr::col("target").eq(target))
        .to_owned();
    db.fetch_optional(&q).await.unwrap().map(|r| r.get::<i64>("n").unwrap()).unwrap_or(0)
}

#[tokio::test]
async fn a_case_is_open_only_to_those_taking_part_and_runs_to_its_agreement() {
    let app = TestApp::spawn().await;
    let grid = resident(&app).await;
    let (_unit, mut police) = police(&app).await;
    let mut staff = signed_in(&app, "tiaojie.staff", "community_staff", JIAOTONG).await;
    let mut head = signed_in(&app, "jiaotong.head", "community_head", JIAOTONG).await;
    let mut worker = signed_in(&app, "grid.three", "grid_worker", &grid).await;
    let mut other_grid = signed_in(&app, "grid.one", "grid_worker", "141102001002001").await;
    let mut stranger = signed_in(&app, "shengtai.staff", "community_staff", "141102002006").await;

    let mut case = json!({
        "community": JIAOTONG, "kind": "dispute", "matter": "family", "risk": "high", "origin": "visit",
        "summary": "夫妻因赡养老人问题多次争吵，一方扬言过激行为。",
        "bodies": ["committee", "police"],
        "parties": [{ "side": "applicant", "name": "韩立新", "id_number": ID }],
    });
    let (s, body) = staff.api_send(Method::POST, "/api/v1/mediation/cases", &case).await;
    assert_eq!(s, 400, "a dispute without a respondent: {body}");
    assert_eq!(body["field"], "parties", "{body}");
    case["parties"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "side": "respondent", "name": "周美兰", "phone": "13912345678", "address": "外区" }));
    let (s, body) = staff.api_send(Method::POST, "/api/v1/mediation/cases", &case).await;
    assert_eq!(s, 201, "{body}");
    let id = body["case"]["id"].as_str().unwrap().to_owned();
    assert_eq!(body["case"]["grid"], grid.as_str(), "the grid of the party found in the registry");
    assert!(body["parties"][0]["person"].is_string(), "linked to the registry: {body}");
    assert_eq!(body["parties"][0]["address"], "交通路小区31号楼 1 101");
    assert_eq!(body["parties"][1]["phone"], "139****5678", "masked");
    assert_eq!(body["units"], json!(["交通路社区警务室"]));

    let (_, _, bench) = staff.get("/workbench").await;
    assert!(bench.contains("我承办或参与、还在办理的调解案件"), "the keeper's workbench counts it");
    let (_, _, bench) = worker.get("/workbench").await;
    assert!(!bench.contains("我承办或参与、还在办理的调解案件"), "not the grid worker's");
    // The head and the police office are told at once.
    let (_, _, inbox) = head.get("/inbox").await;
    assert!(inbox.contains("高风险矛盾纠纷预警"), "the head's inbox");
    let (_, _, inbox) = police.get("/inbox").await;
    assert!(inbox.contains("高风险矛盾纠纷预警"), "the police office's inbox");

    // Who opens it.
    let path = format!("/api/v1/mediation/cases/{id}");
    assert_eq!(head.api(&path).await.0, 200, "the head");
    assert_eq!(police.api(&path).await.0, 200, "the police office taking part");
    assert_eq!(worker.api(&path).await.0, 404, "not the grid worker");
    assert_eq!(worker.get(&format!("/mediation/{id}")).await.0, 404, "nor through the page");
    assert_eq!(stranger.api(&path).await.0, 404, "nor another community's staff");
    let (_, list) = worker.api("/api/v1/mediation/cases").await;
    let seen = list.as_array().unwrap().iter().find(|c| c["id"] == id.as_str()).expect("she learns it exists");
    assert_eq!(seen["opens"], false);
    assert!(seen["matter"].is_null() && seen["state"].is_null(), "and nothing of it: {seen}");
    let (_, list) = other_grid.api("/api/v1/mediation/cases").await;
    assert!(list.as_array().unwrap().iter().all(|c| c["id"] != id.as_str()), "another grid's worker is not told");
    assert_eq!(audited(&app, "mediation.open", &id).await, 2, "each opening audited");

    // The page masks; a reveal needs a reason and is audited.
    let (_, _, page) = staff.get(&format!("/mediation/{id}")).await;
    assert!(page.contains("139****5678") && !page.contains("13912345678"));
    let (s, _, _) = staff.post(&format!("/mediation/{id}/reveal"), &[("reason", "")]).await;
    assert_eq!(s, 422);
    let (s, _, page) = staff.post(&format!("/mediation/{id}/reveal"), &[("reason", "电话通知调解时间")]).await;
    assert_eq!(s, 200);
    assert!(page.contains("13912345678") && page.contains(ID), "shown in full");
    assert_eq!(audited(&app, "mediation.reveal", &id).await, 1);

    // The workflow: the police office accepts; staff mediate, hold a court session, agree.
    let act = |a: &str, text: &str| json!({ "action": a, "text": text });
    let acts = format!("{path}/actions");
    let (s, body) = police.api_send(Method::POST, &acts, &act("accept", "")).await;
    assert_eq!((s, body["case"]["state"].as_str()), (200, Some("accepted")), "{body}");
    let (s, body) = staff.api_send(Method::POST, &acts, &act("agree", "条款")).await;
    assert_eq!(s, 400, "not before mediation: {body}");
    assert!(body["detail"].as_str().unwrap().contains("已受理"), "worded with the state: {body}");
    assert_eq!(staff.api_send(Method::POST, &acts, &act("mediate", "")).await.0, 200);
    let sessions = format!("{path}/sessions");
    let now = chrono::Utc::now().to_rfc3339();
    let mut session = json!({ "held_at": now, "place": "交通路社区科技法庭", "participants": "双方、调解员、法官",
        "minutes": "法官释法，双方同意分担赡养。", "court": "离石区人民法院" });
    let (s, body) = staff.api_send(Method::POST, &sessions, &session).await;
    assert_eq!((s, body["field"].as_str()), (400, Some("court")), "a court session names its judge: {body}");
    session["judge"] = json!("张明");
    session["video"] = json!("javascript:alert(1)");
    assert_eq!(staff.api_send(Method::POST, &sessions, &session).await.0, 400, "the video is a web address");
    session["video"] = json!("https://court.lishi.local/kjft/1");
    assert_eq!(staff.api_send(Method::POST, &sessions, &session).await.0, 201);
    let (s, body) = staff.api_send(Method::POST, &acts, &act("agree", "儿子每月支付赡养费 800 元。")).await;
    assert_eq!(s, 200, "{body}");
    assert!(body["confirm_by"].is_string(), "the 30 days to ask the court");
    assert_eq!(body["sessions"][0]["judge"], "张明");
    let (s, _, doc) = staff.get(&format!("/mediation/{id}/agreement")).await;
    assert_eq!(s, 200);
    assert!(doc.contains("人民调解协议书") && doc.contains("儿子每月支付赡养费"));
    assert!(!doc.contains(ID) && !doc.contains("13912345678"), "masked until a reason is given");
    let agreement = format!("/mediation/{id}/agreement");
    let (s, _, _) = staff.post(&agreement, &[("reason", "\u{200b}\u{200b}")]).await;
    assert_eq!(s, 422, "an invisible reason is none");
    let (s, _, doc) = staff.post(&agreement, &[("reason", "打印供双方签字")]).await;
    assert_eq!(s, 200);
    assert!(doc.contains(ID) && doc.contains("13912345678"), "in full to be signed");
    assert_eq!(audited(&app, "mediation.agreement", &id).await, 3, "each print audited");
    assert_eq!(worker.get(&format!("/mediation/{id}/agreement")).await.0, 404);
    assert_eq!(
        staff.api_send(Method::POST, &acts, &act("follow_up", "\u{0}\u{200b}")).await.0,
        400,
        "invisible notes are none"
    );
    assert_eq!(staff.api_send(Method::POST, &acts, &act("follow_up", "已按月支付。")).await.0, 200);
    assert_eq!(staff.api_send(Method::POST, &acts, &act("close", "")).await.0, 400, "closing says how it ended");
    let (s, body) = staff.api_send(Method::POST, &acts, &act("close", "协议已履行。")).await;
    assert_eq!((s, body["case"]["state"].as_str()), (200, Some("closed")));
    assert!(body["actions"].as_array().unwrap().is_empty());

    // A petition goes to mediation only with both parties' consent; it counts against 三零.
    let petition = json!({
        "community": JIAOTONG, "kind": "petition", "matter": "property", "risk": "low", "origin": "letter",
        "summary": "来信反映停车费上涨未经业主大会表决。", "above": true,
        "parties": [{ "name": "韩立新", "id_number": ID }],
    });
    let (s, body) = staff.api_send(Method::POST, "/api/v1/mediation/cases", &petition).await;
    assert_eq!(s, 201, "{body}");
    let pacts = format!("/api/v1/mediation/cases/{}/actions", body["case"]["id"].as_str().unwrap());
    assert_eq!(staff.api_send(Method::POST, &pacts, &act("accept", "")).await.0, 200);
    let (s, body) = staff.api_send(Method::POST, &pacts, &act("mediate", "")).await;
    assert_eq!(s, 400, "{body}");
    assert!(body["detail"].as_str().unwrap().contains("同意"), "{body}");
    let pid = pacts.trim_start_matches("/api/v1/mediation/cases/").trim_end_matches("/actions").to_owned();
    staff.get(&format!("/mediation/{pid}")).await;
    let off = [("action", "mediate"), ("consent", "off")];
    assert_eq!(staff.post(&format!("/mediation/{pid}/act"), &off).await.0, 422, "'off' is no consent");
    let consent = json!({ "action": "mediate", "consent": true });
    assert_eq!(staff.api_send(Method::POST, &pacts, &consent).await.0, 200);

    // 三零: the police office records a public-order case; another community's staff may not.
    let today = linli::domain::time::day(chrono::Utc::now());
    let incident =
        json!({ "community": JIAOTONG, "kind": "public_order", "day": today, "summary": "醉酒滋事，民警到场处置" });
    let (s, body) = police.api_send(Method::POST, "/api/v1/mediation/incidents", &incident).await;
    assert_eq!(s, 201, "{body}");
    assert_eq!(stranger.api_send(Method::POST, "/api/v1/mediation/incidents", &incident).await.0, 403);
    let tomorrow = json!({ "community": JIAOTONG, "kind": "accident", "day": today + chrono::Duration::days(1), "summary": "未来" });
    assert_eq!(staff.api_send(Method::POST, "/api/v1/mediation/incidents", &tomorrow).await.0, 400);
    let (s, z) = head.api(&format!("/api/v1/mediation/zero?region={JIAOTONG}")).await;
    assert_eq!(s, 200, "{z}");
    let month = &z["communities"][0]["months"][usize::try_from(chrono::Datelike::month0(&today)).unwrap()];
    assert_eq!(
        (month["petitions"].as_i64(), month["above"].as_i64(), month["cases"].as_i64()),
        (Some(1), Some(1), Some(1)),
        "{month}"
    );
    assert_eq!(month["zero"], false);
    assert_eq!(stranger.api(&format!("/api/v1/mediation/zero?region={JIAOTONG}")).await.0, 404, "not her region");
    let mut street = signed_in(&app, "binhe.admin", "street_admin", "141102001000").await;
    let (s, z) = street.api("/api/v1/mediation/zero?region=141102001000").await;
    assert_eq!(s, 200, "{z}");
    assert!(z["communities"].as_array().unwrap().iter().any(|c| c["code"] == JIAOTONG));
    let (_, _, page) = street.get("/mediation/zero?region=141102001000").await;
    assert!(page.contains("信访 1") && page.contains("案件 1"), "the street's page");
    assert_eq!(street.api(&path).await.0, 404, "figures, not case files");
    let (_, list) = street.api("/api/v1/mediation/cases?all=1").await;
    assert!(list.as_array().unwrap().is_empty(), "a street admin is not told of cases: {list}");
    assert_eq!(staff.api("/api/v1/mediation/zero?region=141102000000").await.0, 404, "not the district's figures");
    assert_eq!(worker.api(&format!("/api/v1/mediation/zero?region={grid}")).await.0, 404, "a grid is no region here");
    assert_eq!(worker.api(&format!("/api/v1/mediation/zero?region={JIAOTONG}")).await.0, 200, "her community");
    assert_eq!(head.api(&format!("/api/v1/mediation/zero?region={JIAOTONG}&year=-1")).await.0, 400);
    let (s, z) = head.api("/api/v1/mediation/zero").await;
    assert_eq!((s, z["region"].as_str()), (200, Some(JIAOTONG)), "her community by default: {z}");
}

#[tokio::test]
async fn a_late_case_warns_its_keeper_and_then_the_head_once_per_due_date() {
    let app = TestApp::spawn().await;
    let mut staff = signed_in(&app, "tiaojie.staff", "community_staff", JIAOTONG).await;
    let mut head = signed_in(&app, "jiaotong.head", "community_head", JIAOTONG).await;
    let today = linli::domain::time::day(chrono::Utc::now());
    let letter = json!({
        "community": JIAOTONG, "kind": "petition", "matter": "other", "risk": "low", "origin": "letter",
        "summary": "来信反映楼道照明长期损坏无人维修。", "received_on": today - chrono::Duration::days(20),
        "parties": [{ "name": "韩立新" }],
    });
    let (s, body) = staff.api_send(Method::POST, "/api/v1/mediation/cases", &letter).await;
    assert_eq!(s, 201, "{body}");
    assert_eq!(body["case"]["overdue"], true, "15 days to decide whether to accept: past");
    let now = chrono::Utc::now();
    assert_eq!(app.app.check_case_deadlines(now).await.unwrap(), 1, "the head is told");
    assert_eq!(app.app.check_case_deadlines(now).await.unwrap(), 0, "once");
    let (_, _, inbox) = head.get("/inbox").await;
    assert!(inbox.contains("调解案件已超期"), "in the head's inbox");
    let acts = format!("/api/v1/mediation/cases/{}/actions", body["case"]["id"].as_str().unwrap());
    assert_eq!(staff.api_send(Method::POST, &acts, &json!({ "action": "accept" })).await.0, 200);
    assert_eq!(app.app.check_case_deadlines(now).await.unwrap(), 0, "60 days to handle it now");
    let later = now + chrono::Duration::days(59);
    assert_eq!(app.app.check_case_deadlines(later).await.unwrap(), 1, "its keeper is warned two days before");
    assert_eq!(app.app.check_case_deadlines(later).await.unwrap(), 0);
    let (_, _, inbox) = staff.get("/inbox").await;
    assert!(inbox.contains("调解案件即将到期"), "in the keeper's inbox");
    let too_old = json!({ "community": JIAOTONG, "kind": "petition", "matter": "other", "risk": "low",
        "origin": "letter", "summary": "来信反映楼道照明损坏。", "received_on": today - chrono::Duration::days(400),
        "parties": [{ "name": "韩立新" }] });
    let (s, body) = staff.api_send(Method::POST, "/api/v1/mediation/cases", &too_old).await;
    assert_eq!((s, body["field"].as_str()), (400, Some("received")), "{body}");
}

#[tokio::test]
async fn a_session_scheduled_in_a_room_books_it_and_waits_for_its_minutes() {
    let app = TestApp::spawn().await;
    let mut staff = signed_in(&app, "tiaojie.staff", "community_staff", JIAOTONG).await;
    let room = json!({"community": JIAOTONG, "name": "调解室", "capacity": 10, "opens": "08:00", "closes": "21:00",
        "days": [1, 2, 3, 4, 5, 6, 7], "needs_approval": false, "equipment": ""});
    let (s, r) = staff.api_send(Method::POST, "/api/v1/rooms", &room).await;
    assert_eq!(s, 201, "{r}");
    let room = r["id"].as_str().unwrap().to_owned();
    let case = json!({
        "community": JIAOTONG, "kind": "dispute", "matter": "neighbours", "risk": "low", "origin": "walk_in",
        "summary": "宠物狗夜间吠叫扰邻，协商不成。",
        "parties": [{ "name": "韩立新" }, { "side": "respondent", "name": "周美兰" }],
    });
    let (_, body) = staff.api_send(Method::POST, "/api/v1/mediation/cases", &case).await;
    let id = body["case"]["id"].as_str().unwrap().to_owned();
    let day = (linli::domain::time::day(chrono::Utc::now()) + chrono::Duration::days(3)).to_string();
    let schedule = |start: &str, end: &str| {
        vec![
            ("room", room.clone()),
            ("day", day.clone()),
            ("start", start.to_owned()),
            ("end", end.to_owned()),
            ("participants", "双方当事人、调解员".to_owned()),
        ]
    };
    let post = |f: &Vec<(&'static str, String)>| f.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>();
    let form = post(&schedule("15:00", "16:00"));
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    staff.get(&format!("/mediation/{id}")).await;
    let (s, _, _) = staff.post(&format!("/mediation/{id}/schedule"), &fields).await;
    assert_eq!(s, 422, "not before the case is accepted");
    let acts = format!("/api/v1/mediation/cases/{id}/actions");
    assert_eq!(staff.api_send(Method::POST, &acts, &json!({ "action": "accept" })).await.0, 200);
    let (s, location, _) = staff.post(&format!("/mediation/{id}/schedule"), &fields).await;
    assert_eq!((s, location.starts_with(&format!("/mediation/{id}"))), (303, true));
    // The room is booked: the same hour cannot be taken again.
    let (s, _, page) = staff.post(&format!("/mediation/{id}/schedule"), &fields).await;
    assert_eq!(s, 422, "the room is taken then");
    assert!(page.contains("schedule-form"));
    let (_, file) = staff.api(&format!("/api/v1/mediation/cases/{id}")).await;
    assert_eq!(file["sessions"].as_array().unwrap().len(), 1, "{file}");
    assert_eq!(file["sessions"][0]["minutes"], "", "waiting for its minutes");
    assert_eq!(file["sessions"][0]["place"], "调解室");
    assert!(file["steps"].as_array().unwrap().iter().any(|s| s["action"] == "schedule"));
    // Held: its minutes are written on the scheduled session, not a new one.
    assert_eq!(staff.api_send(Method::POST, &acts, &json!({ "action": "mediate" })).await.0, 200);
    let (_, _, page) = staff.get(&format!("/mediation/{id}")).await;
    let planned = page.split("data-planned=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let now = linli::domain::time::zone().local(chrono::Utc::now()).format("%Y-%m-%dT%H:%M").to_string();
    let minutes = [
        ("planned", planned.as_str()),
        ("held_at", now.as_str()),
        ("place", ""),
        ("participants", "双方当事人"),
        ("minutes", "双方同意夜间将狗牵回室内。"),
    ];
    let (s, _, _) = staff.post(&format!("/mediation/{id}/sessions"), &minutes).await;
    assert_eq!(s, 303);
    let (_, file) = staff.api(&format!("/api/v1/mediation/cases/{id}")).await;
    assert_eq!(file["sessions"].as_array().unwrap().len(), 1, "the same session: {file}");
    assert_eq!(file["sessions"][0]["minutes"], "双方同意夜间将狗牵回室内。");
    assert_eq!(file["sessions"][0]["place"], "调解室", "its room kept");
}

#[tokio::test]
async fn an_event_becomes_one_case_even_when_registered_at_once() {
    let app = TestApp::spawn().await;
    let mut staff = signed_in(&app, "tiaojie.staff", "community_staff", JIAOTONG).await;
    let body = json!({"category": "04", "text": "楼上漏水到楼下，协商不成", "community": JIAOTONG});
    let (s, e) = staff.api_send(Method::POST, "/api/v1/events", &body).await;
    assert_eq!(s, 201, "{e}");
    let event: uuid::Uuid = e["id"].as_str().unwrap().parse().unwrap();
    let mut runs = Vec::new();
    for _ in 0..8 {
        let a = app.app.clone();
        runs.push(tokio::spawn(async move {
            let n = linli::app::mediation::case::NewCase {
                community: JIAOTONG.into(),
                kind: "dispute".into(),
                matter: "neighbours".into(),
                risk: "low".into(),
                origin: "event".into(),
                event: Some(event),
                summary: "楼上漏水到楼下，协商不成".into(),
                parties: vec![
                    linli::app::mediation::case::NewParty { name: "韩立新".into(), ..Default::default() },
                    linli::app::mediation::case::NewParty {
                        respondent: true,
                        name: "周美兰".into(),
                        ..Default::default()
                    },
                ],
                ..Default::default()
            };
            a.register_case_by(&Actor::cli(), n).await
        }));
    }
    let mut made = 0;
    for r in runs {
        match r.await.unwrap() {
            Ok(_) => made += 1,
            Err(linli::app::Error::Invalid { field: "event", .. }) => {}
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!(made, 1, "one case of one event");
}
