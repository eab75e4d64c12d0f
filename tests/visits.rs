//! Visits (走访), proactive service (主动服务) and home appointments through
//! HTTP: a grid worker's due list follows the admin's rules, a visit clears
//! it, the proactive list names who is probably eligible and leaves out who
//! applied, and a resident's home-visit request reaches the worker's day.

mod common;

use chrono::{Datelike, Duration, NaiveDate, Utc};
use common::{TestApp, raw_db, signed_in};
use linli::app::access::audit::Actor;
use linli::app::registry::household::NewPerson;
use linli::domain::registry::id_number::{IdNumber, check_digit};
use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

const COMMUNITY: &str = "141102001002";

fn today() -> NaiveDate {
    (Utc::now() + Duration::hours(8)).date_naive()
}

/// A person born on `birth`, with tags; `n` keeps ID numbers apart.
fn person(name: &str, birth: NaiveDate, n: u32, tags: &[&str], phone: Option<&str>) -> NewPerson {
    let first17 = format!("141102{}{:03}", birth.format("%Y%m%d"), 100 + n * 2 + 1);
    let text = format!("{first17}{}", check_digit(first17.as_bytes()));
    NewPerson {
        name: name.into(),
        id_number: IdNumber::parse(&text, today()).unwrap().into(),
        phone: phone.map(|p| linli::domain::registry::phone::Phone::parse(p).unwrap()),
        relation: "本人".into(),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        facts: Default::default(),
    }
}

/// The day someone `years` old turns that age `in_days` from today.
fn born(years: i32, in_days: i64) -> NaiveDate {
    let d = today() + Duration::days(in_days);
    NaiveDate::from_ymd_opt(d.year() - years, d.month(), d.day().min(28)).unwrap()
}

struct Town {
    grid1: String,
    grid2: String,
    /// Household → its first person's id.
    households: Vec<(Uuid, Uuid)>,
}

/// Two grids of 交通路; each household one person.
async fn town(app: &TestApp, people: &[(u8, NewPerson)]) -> Town {
    let actor = Actor::cli();
    let grid1 = app.app.add_grid(&actor, &COMMUNITY.parse().unwrap(), 1, "第一网格").await.unwrap();
    let grid2 = app.app.add_grid(&actor, &COMMUNITY.parse().unwrap(), 2, "第二网格").await.unwrap();
    let b1 = app.app.add_building(&actor, &grid1, "交通路小区1号楼").await.unwrap();
    let b2 = app.app.add_building(&actor, &grid2, "交通路小区2号楼").await.unwrap();
    let mut households = Vec::new();
    let db = raw_db(app).await;
    for (i, (grid, p)) in people.iter().enumerate() {
        let building = if *grid == 1 { b1 } else { b2 };
        let room = format!("{}", 101 + i);
        let h = app
            .app
            .add_household(&actor, &COMMUNITY.parse().unwrap(), building, ("1", &room, 8000), std::slice::from_ref(p))
            .await
            .unwrap();
        let hit = linli_store::registry::search::care_candidates(
            &db,
            &[COMMUNITY.to_owned()],
            COMMUNITY,
            Some(NaiveDate::from_ymd_opt(2100, 1, 1).unwrap()),
            &[],
            1000,
        )
        .await
        .unwrap()
        .into_iter()
        .find(|x| x.place.id == h)
        .unwrap();
        households.push((h, hit.person.id));
    }
    db.close().await;
    Town { grid1: grid1.into_string(), grid2: grid2.into_string(), households }
}

fn due_of(list: &Value) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["people"][0][0].as_str().unwrap().to_owned(), d["standing"].as_str().unwrap().to_owned()))
        .collect();
    v.sort();
    v
}

#[tokio::test]
async fn a_grid_workers_due_list_follows_the_rules_and_a_visit_clears_it() {
    let app = TestApp::spawn().await;
    let t = town(
        &app,
        &[
            (1, person("独居甲", born(84, -30), 1, &["独居老人"], None)),
            (1, person("残疾乙", born(46, -30), 2, &["残疾人"], None)),
            (1, person("普通丙", born(36, -30), 3, &[], None)),
            (2, person("独居丁", born(82, -30), 4, &["独居老人"], None)),
        ],
    )
    .await;
    let (a, b) = (t.households[0].0, t.households[1].0);
    let mut worker = signed_in(&app, "wang.mengxia", "grid_worker", &t.grid1).await;
    let (status, due) = worker.api("/api/v1/visits/due").await;
    assert_eq!(status, 200, "{due}");
    assert_eq!(
        due_of(&due),
        [("残疾乙".into(), "never".into()), ("独居甲".into(), "never".into())],
        "her grid's ruled households, never visited; not the untagged one, not grid 2's"
    );

    // A visit clears 独居甲 for 7 days.
    let visit = json!({"met": "独居甲本人", "situation": "身体尚好，家中整洁", "needs": "想办高龄津贴"});
    let (status, body) = worker.api_send(Method::POST, &format!("/api/v1/households/{a}/visits"), &visit).await;
    assert_eq!(status, 201, "{body}");
    let (_, due) = worker.api("/api/v1/visits/due").await;
    assert_eq!(due_of(&due), [("残疾乙".into(), "never".into())]);
    let (_, visits) = worker.api(&format!("/api/v1/households/{a}/visits")).await;
    assert_eq!(visits[0]["situation"], "身体尚好，家中整洁");
    assert_eq!(visits[0]["worker"], "测试wang.mengxia", "named as people know her");

    // Eight days later it is overdue by one.
    let db = raw_db(&app).await;
    let then = Utc::now() - Duration::days(8) - Duration::hours(1);
    db.execute(&sea_query::Query::update().table("visit").value("at", then).to_owned()).await.unwrap();
    let (_, due) = worker.api("/api/v1/visits/due").await;
    assert_eq!(due_of(&due), [("残疾乙".into(), "never".into()), ("独居甲".into(), "overdue".into())]);
    assert_eq!(due[0]["people"][0][0], "残疾乙", "never visited first");
    let first = &due.as_array().unwrap()[1];
    assert_eq!(first["standing_zh"], "已超期 1 天");
    assert_eq!(first["every_days"], 7);

    // The admin's rules decide: 独居老人 every 30 days, 残疾人 off.
    let mut admin = signed_in(&app, "admin.rules", "district_admin", "141102").await;
    let rule = json!({"tag": "独居老人", "every_days": 0, "active": true});
    let (status, body) = admin.api_send(Method::PUT, "/api/v1/visit-rules", &rule).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("rule")), "{body}");
    assert_eq!(worker.api_send(Method::PUT, "/api/v1/visit-rules", &rule).await.0, 403, "only admins");
    let (status, _) = admin
        .api_send(Method::PUT, "/api/v1/visit-rules", &json!({"tag": "独居老人", "every_days": 30, "active": true}))
        .await;
    assert_eq!(status, 200);
    let (status, rules) = admin
        .api_send(Method::PUT, "/api/v1/visit-rules", &json!({"tag": "残疾人", "every_days": 30, "active": false}))
        .await;
    assert_eq!(status, 200);
    assert!(rules.as_array().unwrap().iter().any(|r| r["tag"] == "残疾人" && r["active"] == false));
    let (_, due) = worker.api("/api/v1/visits/due").await;
    assert_eq!(due, json!([]), "visited 8 days ago, due every 30; 残疾人 no longer ruled");
    assert_eq!(app.app.recent_audit(Some("visit_rule.set"), 5).await.unwrap().len(), 2);

    // Grid 2's worker neither sees nor records grid 1's households.
    let mut other = signed_in(&app, "zhao.yifei", "grid_worker", &t.grid2).await;
    let (_, due) = other.api("/api/v1/visits/due").await;
    assert_eq!(due_of(&due), [("独居丁".into(), "never".into())]);
    let (status, _) = other.api_send(Method::POST, &format!("/api/v1/households/{b}/visits"), &visit).await;
    assert_eq!(status, 404);
    let (status, body) = worker
        .api_send(Method::POST, &format!("/api/v1/households/{b}/visits"), &json!({"met": "", "situation": "x"}))
        .await;
    assert_eq!((status, body["field"].as_str()), (400, Some("met")), "{body}");
    let old = (Utc::now() - Duration::days(9)).to_rfc3339();
    let late = json!({"met": "残疾乙", "situation": "补记上周的走访", "at": old});
    let (status, body) = worker.api_send(Method::POST, &format!("/api/v1/households/{b}/visits"), &late).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("at")), "{body}");

    // On a phone: the form with a photo; the household page shows the last visit.
    let (status, _, page) = worker.get(&format!("/households/{b}/visits")).await;
    assert_eq!(status, 200, "{page}");
    let path = format!("/households/{b}/visits?_csrf={}", worker.csrf);
    // A time typed wrong: the page says what to write, nothing is recorded.
    let garbled = [("met", "残疾乙和女儿"), ("situation", "轮椅需要维修"), ("needs", ""), ("at", "昨天下午")];
    let (status, page) = worker.multipart(&path, &garbled, &[]).await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("走访时间应为") && page.contains("昨天下午"), "{page}");
    let yesterday = (Utc::now() + Duration::hours(8) - Duration::days(1)).format("%Y-%m-%dT%H:%M").to_string();
    let fields = [("met", "残疾乙和女儿"), ("situation", "轮椅需要维修"), ("needs", ""), ("at", yesterday.as_str())];
    let (status, page) = worker.multipart(&path, &fields, &[photo()]).await;
    // At the door she applies for him, from the registry (代办).
    let apply = json!({"item": "CJ01", "person": t.households[1].1, "consent": "本人当面同意",
        "fields": {"残疾类别": "肢体", "残疾等级": "二级"}});
    let (status_apply, body) = worker.api_send(Method::POST, "/api/v1/applications", &apply).await;
    assert_eq!(status_apply, 400, "no phone registered and none given: {body}");
    let mut apply = apply;
    apply["phone"] = json!("13944445555");
    let (status_apply, body) = worker.api_send(Method::POST, "/api/v1/applications", &apply).await;
    assert_eq!(status_apply, 201, "{body}");
    let (status_apply, _) = other.api_send(Method::POST, "/api/v1/applications", &apply).await;
    assert_eq!(status_apply, 404, "not another grid's resident");
    assert_eq!(status, 303, "recorded, then the page again by GET: {page}");
    let (_, _, page) = worker.get(&format!("/households/{b}/visits?saved=1")).await;
    assert!(page.contains("走访已记录") && page.contains("轮椅需要维修") && page.contains("visit-photos/"));
    let (_, visits) = worker.api(&format!("/api/v1/households/{b}/visits")).await;
    let at: chrono::DateTime<Utc> = visits[0]["at"].as_str().unwrap().parse().unwrap();
    assert!(
        (Utc::now() - at - Duration::days(1)).num_minutes().abs() <= 2,
        "recorded for yesterday, Beijing time: {at}"
    );
    let url = visits[0]["photos"][0].as_str().unwrap().to_owned();
    let (status, kind, _) = worker.get_bytes(&url).await;
    assert_eq!((status, kind.as_str()), (200, "image/jpeg"));
    assert_eq!(other.get_bytes(&url).await.0, 404, "not another grid's");
    let (_, _, page) = worker.get(&format!("/households/{b}")).await;
    assert!(page.contains("id=\"last-visit\"") && page.contains("轮椅需要维修"), "{page}");
    let (status, _, page) = worker.get("/visits").await;
    assert_eq!(status, 200);
    assert!(page.contains("独居甲") || page.contains("id=\"due-none\""), "{page}");
    db.close().await;
    app.stop().await;
}

fn photo() -> Vec<u8> {
    use image::ImageEncoder;
    let img = image::RgbImage::from_fn(40, 30, |x, y| image::Rgb([(x * 6) as u8, (y * 8) as u8, 90]));
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .write_image(img.as_raw(), 40, 30, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

fn suggested(list: &Value) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["name"].as_str().unwrap().to_owned(), s["item"].as_str().unwrap().to_owned()))
        .collect();
    v.sort();
    v
}

#[tokio::test]
async fn the_proactive_list_names_who_is_probably_eligible_and_leaves_out_who_applied() {
    let app = TestApp::spawn().await;
    let t = town(
        &app,
        &[
            (1, person("将满八十", born(80, 10), 1, &[], None)),
            (1, person("两月后满", born(80, 60), 2, &[], None)),
            (1, person("早已八十", born(86, -100), 3, &[], None)),
            (1, person("残疾未申", born(50, -5), 4, &["残疾人"], None)),
            (2, person("残疾已申", born(52, -5), 5, &["残疾人"], Some("13911112222"))),
            (2, person("年轻人", born(30, -5), 6, &["党员"], None)),
        ],
    )
    .await;
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", COMMUNITY).await;
    let (status, list) = staff.api("/api/v1/services/suggestions").await;
    assert_eq!(status, 200, "{list}");
    let all = [("将满八十", "GL01"), ("早已八十", "GL01"), ("残疾已申", "CJ01"), ("残疾未申", "CJ01")];
    let mut expected: Vec<(String, String)> = all.iter().map(|(n, i)| (n.to_string(), i.to_string())).collect();
    expected.sort();
    assert_eq!(suggested(&list), expected);
    let soon = list.as_array().unwrap().iter().find(|s| s["name"] == "将满八十").unwrap();
    assert!(soon["reason"].as_str().unwrap().starts_with("将于"), "{soon}");

    // 代办 from the registry: name and phone come from the record.
    let applicant = t.households[4].1;
    let apply = json!({"item": "CJ01", "person": applicant, "consent": "本人电话同意",
        "fields": {"残疾类别": "肢体", "残疾等级": "二级"}});
    let (status, created) = staff.api_send(Method::POST, "/api/v1/applications", &apply).await;
    assert_eq!(status, 201, "{created}");
    let code = created["code"].as_str().unwrap();
    let res = app.get(&format!("/api/v1/applications/track?code={code}&phone=13911112222")).await;
    assert_eq!(res.status(), 200, "the registered phone follows it");
    let (_, list) = staff.api("/api/v1/services/suggestions").await;
    assert!(!suggested(&list).contains(&("残疾已申".into(), "CJ01".into())), "who applied is left out");

    // A refusal puts them back on the list.
    let path = format!("/api/v1/applications/{}/actions", created["id"].as_str().unwrap());
    let (status, _) = staff.api_send(Method::POST, &path, &json!({"action": "refuse", "reason": "材料不全"})).await;
    assert_eq!(status, 200);
    let (_, list) = staff.api("/api/v1/services/suggestions").await;
    assert!(suggested(&list).contains(&("残疾已申".into(), "CJ01".into())));

    // Rules an admin edits: list people 90 days ahead; drop the disability rule.
    let mut admin = signed_in(&app, "admin.care", "district_admin", "141102").await;
    let rule = json!({"item": "GL01", "kind": "age", "value": "80", "ahead_days": 90, "active": true});
    let (status, rules) = admin.api_send(Method::PUT, "/api/v1/care-rules", &rule).await;
    assert_eq!(status, 200, "{rules}");
    let off = json!({"item": "CJ01", "kind": "tag", "value": "残疾人", "active": false});
    assert_eq!(admin.api_send(Method::PUT, "/api/v1/care-rules", &off).await.0, 200);
    let bad = json!({"item": "XX99", "kind": "tag", "value": "残疾人", "active": true});
    let (status, body) = admin.api_send(Method::PUT, "/api/v1/care-rules", &bad).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("item")));
    let (_, list) = staff.api("/api/v1/services/suggestions").await;
    let names: Vec<String> = suggested(&list).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["两月后满", "将满八十", "早已八十"]);

    // A grid worker sees her grid's suggestions on her day list.
    let mut worker = signed_in(&app, "wang.mengxia", "grid_worker", &t.grid1).await;
    let (status, _, page) = worker.get("/visits").await;
    assert_eq!(status, 200);
    assert!(page.contains("将满八十") && page.contains("高龄津贴申领"), "{page}");
    assert!(page.contains(&format!("/services/GL01/apply?person={}", t.households[0].1)));
    let (status, _, page) = staff.get("/services/suggestions").await;
    assert_eq!(status, 200);
    assert!(page.contains("两月后满"));
    let mut resident = signed_in(&app, "res.li", "resident", COMMUNITY).await;
    assert_eq!(resident.api("/api/v1/services/suggestions").await.0, 403);
    app.stop().await;
}

#[tokio::test]
async fn a_home_visit_request_reaches_the_grid_workers_day_and_a_visit_keeps_it() {
    let app = TestApp::spawn().await;
    let t = town(&app, &[(1, person("高龄戊", born(88, -3), 1, &["高龄老人"], Some("13922223333")))]).await;
    let (household, person_id) = t.households[0];
    let mut resident = signed_in(&app, "res.gao", "resident", COMMUNITY).await;
    let db = raw_db(&app).await;
    let account = linli_store::access::account::find(&db, Some("res.gao"), None).await.unwrap().unwrap();
    let mut tx = db.begin().await.unwrap();
    linli_store::access::resident::link_resident(&mut tx, COMMUNITY, account.id, person_id).await.unwrap();
    tx.commit().await.unwrap();
    db.close().await;

    let ask = json!({"item": "GL01", "wish": "工作日上午", "note": "行动不便，想在家办高龄津贴"});
    let (status, body) = resident.api_send(Method::POST, "/api/v1/appointments", &ask).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("phone")), "no phone on the account: ask for one");
    let (status, body) = resident
        .api_send(
            Method::POST,
            "/api/v1/appointments",
            &json!({"item": "JZ01", "wish": "x", "note": "居住证明", "phone": "13922223333"}),
        )
        .await;
    assert_eq!((status, body["field"].as_str()), (400, Some("item")), "居住证明 is not done at home");
    let mut ask = ask;
    ask["phone"] = json!("13922223333");
    let (status, created) = resident.api_send(Method::POST, "/api/v1/appointments", &ask).await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();

    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", COMMUNITY).await;
    let (_, open) = staff.api("/api/v1/appointments").await;
    assert_eq!(open[0]["state"], "requested");
    assert_eq!(open[0]["household_id"], household.to_string());
    let path = format!("/api/v1/appointments/{id}/schedule");
    let yesterday = (today() - Duration::days(1)).to_string();
    let (status, body) = staff.api_send(Method::POST, &path, &json!({"day": yesterday, "assignee": "王梦霞"})).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("day")));
    let (status, body) =
        staff.api_send(Method::POST, &path, &json!({"day": today().to_string(), "assignee": "王梦霞"})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["state"], "scheduled");
    let (_, outbox) = staff.api("/api/v1/outbox").await;
    let sms = outbox.as_array().unwrap().iter().find(|n| n["recipient"].as_str().unwrap().starts_with("appointment:"));
    assert!(sms.unwrap()["body"].as_str().unwrap().contains("王梦霞上门"), "{outbox}");

    // It is on the grid worker's day; recording the visit keeps it.
    let mut worker = signed_in(&app, "wang.mengxia", "grid_worker", &t.grid1).await;
    let (_, _, page) = worker.get("/visits").await;
    assert!(page.contains("行动不便，想在家办高龄津贴") && page.contains("王梦霞"), "{page}");
    let visit = json!({"met": "高龄戊", "situation": "上门受理高龄津贴", "appointment": id});
    let (status, body) = worker.api_send(Method::POST, &format!("/api/v1/households/{household}/visits"), &visit).await;
    assert_eq!(status, 201, "{body}");
    let (_, open) = staff.api("/api/v1/appointments").await;
    assert_eq!(open, json!([]));
    let (_, mine) = resident.api("/api/v1/my/appointments").await;
    assert_eq!(mine[0]["state"], "done");
    let (status, body) = worker.api_send(Method::POST, &format!("/api/v1/households/{household}/visits"), &visit).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("appointment")), "kept once");
    app.stop().await;
}

#[tokio::test]
async fn a_resident_sees_her_applications_and_staff_are_warned_before_the_promise_runs_out() {
    let app = TestApp::spawn().await;
    let mut resident = signed_in(&app, "res.wang", "resident", COMMUNITY).await;
    let apply = json!({"item": "JZ01", "community": COMMUNITY, "name": "王丽娥", "phone": "13835860101", "fields": {"用途": "子女入学"}});
    let (status, created) = resident.api_send(Method::POST, "/api/v1/applications", &apply).await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    let (_, mine) = resident.api("/api/v1/my/applications").await;
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert_eq!(mine[0]["state"], "已提交，待受理");
    let other = signed_in(&app, "res.zhang", "resident", COMMUNITY).await;
    let mut other = other;
    assert_eq!(other.api("/api/v1/my/applications").await.1, json!([]), "only her own");
    assert_eq!(other.get(&format!("/my/applications/{id}")).await.0, 404);

    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", COMMUNITY).await;
    let (status, body) =
        staff.api_send(Method::POST, &format!("/api/v1/applications/{id}/actions"), &json!({"action": "accept"})).await;
    assert_eq!(status, 200, "{body}");
    assert!(body["time_left"].as_str().unwrap().contains("工作日") || body["time_left"] == "今天到期", "{body}");
    let (status, _, page) = resident.get(&format!("/my/applications/{id}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("受理") && page.contains("time-left"), "{page}");
    let (_, _, page) = resident.get("/my/applications").await;
    assert!(page.contains("居住证明"));
    let (_, _, page) = staff.get(&format!("/applications/{id}")).await;
    assert!(page.contains("id=\"time-left\""), "{page}");
    assert!(page.contains("value=\"pass\"") || page.contains("value=\"approve\""));
    assert!(!page.contains("value=\"accept\""), "only what the workflow allows now");

    // A day before the promised date the staff are warned; after it, the head; each once.
    let due: chrono::DateTime<Utc> = body["due_at"].as_str().unwrap().parse().unwrap();
    assert_eq!(app.app.check_application_deadlines(due - Duration::hours(30)).await.unwrap(), 0);
    assert_eq!(app.app.check_application_deadlines(due - Duration::hours(2)).await.unwrap(), 1);
    assert_eq!(app.app.check_application_deadlines(due - Duration::hours(1)).await.unwrap(), 0);
    assert_eq!(app.app.check_application_deadlines(due + Duration::hours(1)).await.unwrap(), 1);
    assert_eq!(app.app.check_application_deadlines(due + Duration::hours(5)).await.unwrap(), 0);
    let (_, outbox) = staff.api("/api/v1/outbox").await;
    let to: Vec<&str> = outbox
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["subject"].as_str().unwrap().contains(created["code"].as_str().unwrap()))
        .map(|n| n["recipient"].as_str().unwrap())
        .collect();
    assert!(to.contains(&"role:community_staff@141102001002") && to.contains(&"role:community_head@141102001002"));

    // The leader's view: counts by item and state; the overdue ones.
    let (_, summary) = staff.api("/api/v1/applications/summary").await;
    assert_eq!(summary[0]["item"], "JZ01");
    assert_eq!((summary[0]["total"].as_i64(), summary[0]["overdue"].as_i64()), (Some(1), Some(0)));
    let (_, overdue) = staff.api("/api/v1/applications?overdue=1").await;
    assert_eq!(overdue, json!([]));
    let db = raw_db(&app).await;
    let past = Utc::now() - Duration::hours(3);
    db.execute(&sea_query::Query::update().table("service_application").value("due_at", past).to_owned())
        .await
        .unwrap();
    db.close().await;
    let (_, summary) = staff.api("/api/v1/applications/summary").await;
    assert_eq!(summary[0]["overdue"], 1);
    assert_eq!(summary[0]["by_state"], json!([["in_step", 1]]));
    let (_, overdue) = staff.api("/api/v1/applications?overdue=1&item=JZ01").await;
    assert_eq!(overdue[0]["id"], id.as_str());
    let (_, other_item) = staff.api("/api/v1/applications?item=GL01").await;
    assert_eq!(other_item, json!([]));
    let (status, _, page) = staff.get("/applications?overdue=1").await;
    assert_eq!(status, 200);
    assert!(page.contains("id=\"tally\"") && page.contains("已超过承诺时限"), "{page}");
    app.stop().await;
}

#[tokio::test]
async fn rules_appointments_and_requests_work_from_their_pages() {
    let app = TestApp::spawn().await;
    let t = town(&app, &[(1, person("高龄己", born(90, -3), 1, &["独居老人"], Some("13933334444")))]).await;
    let mut admin = signed_in(&app, "admin.pages", "district_admin", "141102").await;
    let (status, _, page) = admin.get("/admin/rules").await;
    assert_eq!(status, 200);
    assert!(page.contains("form=\"vr-1\"") && page.contains("高龄津贴申领"), "{page}");
    let (status, _, page) =
        admin.post("/admin/rules", &[("tag", "独居老人"), ("every_days", "10"), ("active", "1")]).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("已保存"));
    let (status, _, page) = admin.post("/admin/rules", &[("tag", "独居老人"), ("every_days", "0")]).await;
    assert_eq!(status, 422);
    assert!(page.contains("走访间隔应为 1–365 天"), "{page}");
    let care = [("item", "SB01"), ("kind", "age"), ("value", "60"), ("ahead_days", "0"), ("active", "1")];
    let (status, _, page) = admin.post("/admin/rules", &care).await;
    assert_eq!(status, 200, "{page}");
    let (_, rules) = admin.api("/api/v1/visit-rules").await;
    assert!(rules.as_array().unwrap().iter().any(|r| r["tag"] == "独居老人" && r["every_days"] == 10));
    let (_, rules) = admin.api("/api/v1/care-rules").await;
    assert!(rules.as_array().unwrap().iter().any(|r| r["key"] == "SB01:age:60"));
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", COMMUNITY).await;
    assert_eq!(staff.get("/admin/rules").await.0, 403, "staff do not set rules");

    // A staff member takes a call and books a home visit; then schedules it.
    let household = t.households[0].0;
    let ask = json!({"household": household, "name": "高龄己", "phone": "13933334444", "wish": "周三下午", "note": "代领高龄津贴表格"});
    let (status, created) = staff.api_send(Method::POST, "/api/v1/appointments", &ask).await;
    assert_eq!(status, 201, "{created}");
    let (status, _, page) = staff.get("/appointments").await;
    assert_eq!(status, 200);
    assert!(page.contains("代领高龄津贴表格") && page.contains("待安排"), "{page}");
    let id = created["id"].as_str().unwrap();
    let (status, _, page) = staff.post(&format!("/appointments/{id}"), &[("day", ""), ("assignee", "王梦霞")]).await;
    assert_eq!(status, 422);
    assert!(page.contains("请选择上门日期"));
    let day = (today() + Duration::days(2)).to_string();
    let (status, _, page) = staff.post(&format!("/appointments/{id}"), &[("day", &day), ("assignee", "王梦霞")]).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("已安排") && page.contains(&day));
    // Not on today's list (it is in two days), but on the worker's household page.
    let (_, today_list) = staff.api("/api/v1/appointments").await;
    assert_eq!(today_list, json!([]));
    let mut worker = signed_in(&app, "wang.mengxia", "grid_worker", &t.grid1).await;
    let (_, _, page) = worker.get(&format!("/households/{household}/visits")).await;
    assert!(page.contains("id=\"appointment\"") && page.contains("代领高龄津贴表格"), "{page}");
    let (status, _, page) = staff.post(&format!("/appointments/{id}"), &[("cancel", "1")]).await;
    assert_eq!(status, 200);
    assert!(!page.contains("代领高龄津贴表格"), "cancelled ones leave the list");

    // A resident without a linked household is told what to do.
    let mut resident = signed_in(&app, "res.new", "resident", COMMUNITY).await;
    let (status, _, page) = resident.get("/my/appointments").await;
    assert_eq!(status, 200);
    let fields = [("item", "GL01"), ("wish", "上午"), ("note", "想在家办理"), ("phone", "13955556666")];
    let (status, _, page2) = resident.post("/my/appointments", &fields).await;
    assert_eq!(status, 422, "{page}");
    assert!(page2.contains("还没有关联住户"), "{page2}");
    app.stop().await;
}

/// The households due on a page: `(standing, building)` in the order shown.
fn due_rows(page: &str) -> Vec<(String, String)> {
    let Some(list) = page.split("id=\"due\"").nth(1) else { return Vec::new() };
    let list = list.split("</ul>").next().unwrap();
    list.split("<li data-standing=\"")
        .skip(1)
        .map(|li| {
            let standing = li.split('"').next().unwrap().to_owned();
            let address = li.split("<strong>").nth(1).unwrap().split(' ').next().unwrap().to_owned();
            (standing, address)
        })
        .collect()
}

#[tokio::test]
async fn the_day_list_pages_by_the_number_read_and_filters_by_grid_name() {
    let app = TestApp::spawn().await;
    linli::demo_town::build(&app.app, linli::demo_town::Scale::Seed).await.unwrap();
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let (status, _, page) = staff.get("/visits").await;
    assert_eq!(status, 200);
    let total: usize = page.split("id=\"due-total\">").nth(1).unwrap().split('<').next().unwrap().parse().unwrap();
    assert!(total > 30, "the demo has hundreds due: {total}");
    let first = due_rows(&page);
    assert_eq!(first.len(), 30, "one page at a time");
    assert!(page.contains("href=\"/visits?under=&amp;page=2\""), "a next page");
    // Buildings by the number a person reads within a standing.
    let number = |b: &str| linli::domain::registry::building::number_in(b).unwrap_or(u64::MAX);
    let estate = |b: &str| b.split(|c: char| c.is_ascii_digit()).next().unwrap_or_default().to_owned();
    let same_estate: Vec<u64> = first
        .iter()
        .filter(|(s, b)| *s == first[0].0 && estate(b) == estate(&first[0].1))
        .map(|(_, b)| number(b))
        .collect();
    assert!(same_estate.len() > 1, "{first:?}");
    assert!(same_estate.windows(2).all(|w| w[0] <= w[1]), "{first:?}");
    let (_, _, second) = staff.get("/visits?page=2").await;
    let second = due_rows(&second);
    assert!(!second.is_empty() && second != first);
    // Grids are chosen by name; one grid has fewer households due.
    assert!(page.contains("<select id=\"under\" name=\"under\">") && page.contains("第一网格"), "{page}");
    let grid = page.split("<option value=\"141102001002").nth(1).unwrap().split('"').next().unwrap();
    let (status, _, one) = staff.get(&format!("/visits?under=141102001002{grid}")).await;
    assert_eq!(status, 200);
    let in_grid: usize = one.split("id=\"due-total\">").nth(1).unwrap().split('<').next().unwrap().parse().unwrap();
    assert!(in_grid < total, "{in_grid} of {total}");
    app.stop().await;
}
