//! Elderly day care (日间照料) through HTTP, as its users meet it: the
//! centre's staff enrol an elder from the registry with a diet and an
//! emergency contact and publish the week's menu; the daughter, signed in
//! with the phone written as that contact, books her mother's meals before
//! the cut-off and the central kitchen's order counts them by dish and
//! diet; arrivals and departures tell the family; a finished month is
//! billed once through the bills module.

mod common;

use chrono::{Datelike, Duration, NaiveDate, Utc};
use common::{Browser, GOOD, TestApp, add_account, signed_in};
use linli::app::access::auth::User;
use linli::app::access::token::Scope;
use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

const JTL: &str = "141102001002";
const DAUGHTER_PHONE: &str = "13900001234";

/// Someone signed in through the pages with a phone on their account.
async fn with_phone<'a>(app: &'a TestApp, login: &str, phone: &str) -> Browser<'a> {
    let initial = add_account(app, login, Some(phone), "resident", JTL).await;
    let mut b = Browser::new(app);
    b.sign_in(login, &initial).await;
    b.get("/account/password").await;
    b.post("/account/password", &[("current", &initial), ("new", GOOD), ("confirm", GOOD)]).await;
    b.sign_in(login, GOOD).await;
    b
}

/// The value of the first `attr="…"` after `after` in a page.
fn attr_after(body: &str, after: &str, attr: &str) -> String {
    let rest = body.split(after).nth(1).unwrap_or_default();
    rest.split(&format!("{attr}=\"")).nth(1).and_then(|r| r.split('"').next()).unwrap_or_default().to_owned()
}

fn urlencode(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}

/// The staff enrol the registry's first candidate through the form: diets
/// diabetic and soft, the daughter as emergency contact. Returns the elder.
async fn enrol(staff: &mut Browser<'_>) -> Uuid {
    let (status, _, page) = staff.get(&format!("/daycare/elders/new?community={JTL}")).await;
    assert_eq!(status, 200, "{page}");
    // Nobody is chosen for her: the first option asks.
    let person = attr_after(&page, "<option value=\"\">", "value");
    assert!(person.parse::<Uuid>().is_ok(), "a candidate from the registry: {page}");
    // Found by name among many.
    let name =
        page.split(&format!("<option value=\"{person}\">")).nth(1).unwrap().split(" · ").next().unwrap().to_owned();
    let (_, _, found) = staff.get(&format!("/daycare/elders/new?community={JTL}&q={}", urlencode(&name))).await;
    assert!(
        found.contains(&person) && found.matches("<option value=\"").count() < page.matches("<option value=\"").count()
    );
    let mut fields = vec![
        ("community", JTL),
        ("person", person.as_str()),
        ("diet", "diabetic"),
        ("diet", "soft"),
        ("allergies", "花生"),
        ("contact_name", "王丽华"),
        ("contact_relation", "女儿"),
        ("contact_phone", "1390000123"),
    ];
    // A diet linli does not know is refused, not dropped.
    let mut keto = fields.clone();
    keto.push(("diet", "keto"));
    let (status, _, body) = staff.post("/daycare/elders", &keto).await;
    assert_eq!(status, 422);
    assert!(body.contains("不认识的代码"), "{body}");
    // Nobody to call: refused by the contact's name.
    let no_contact: Vec<(&str, &str)> = fields.iter().filter(|(k, _)| !k.starts_with("contact_")).copied().collect();
    let (status, _, body) = staff.post("/daycare/elders", &no_contact).await;
    assert_eq!(status, 422);
    assert!(body.contains("请填写紧急联系人姓名"), "{body}");
    // A phone that is not one comes back by its field, with what was typed.
    let (status, _, body) = staff.post("/daycare/elders", &fields).await;
    assert_eq!(status, 422);
    assert!(body.contains("手机号"), "{body}");
    assert!(body.contains("value=\"王丽华\"") && body.contains("value=\"花生\""), "{body}");
    assert!(body.contains("value=\"soft\" checked"), "the diets ticked stay ticked");
    fields.pop();
    fields.push(("contact_phone", DAUGHTER_PHONE));
    let (status, location, body) = staff.post("/daycare/elders", &fields).await;
    assert_eq!(status, 303, "{body}");
    // Enrolled once: the person is no longer a candidate, and again is refused.
    let (status, _, body) = staff.post("/daycare/elders", &fields).await;
    assert!(
        status == 422 && body.contains("请从本社区人口信息中选择") || body.contains("已经在日间照料中心登记"),
        "{body}"
    );
    location.trim_start_matches("/daycare/elders/").parse().unwrap()
}

/// The staff's menu for the week of `day`: lunch every day, published.
async fn publish_menu(staff: &mut Browser<'_>, day: NaiveDate) -> Value {
    let monday = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
    let today = linli::domain::time::day(Utc::now());
    let mut cells = Vec::new();
    // Days whose bookings have closed keep their menu: only later ones are sent.
    for d in (0..7).map(|i| monday + Duration::days(i)).filter(|d| *d > today) {
        let d = d.to_string();
        cells.push(json!({ "day": d, "meal": "lunch", "course": "hot", "dishes": ["清蒸鲈鱼", "蒜蓉西兰花"] }));
        cells.push(json!({ "day": d, "meal": "lunch", "course": "soup", "dishes": ["冬瓜汤"] }));
    }
    let body = json!({ "community": JTL, "monday": monday.to_string(), "cells": cells, "publish": true });
    let (status, menu) = staff.api_send(Method::PUT, "/api/v1/daycare/menu", &body).await;
    assert_eq!(status, 200, "{menu}");
    assert!(menu["published_at"].is_string());
    menu
}

fn kitchen_lunch(k: &Value) -> (u64, u64, u64, u64) {
    let lunch = k["meals"].as_array().unwrap().iter().find(|m| m["meal"] == "lunch");
    lunch.map_or((0, 0, 0, 0), |m| {
        (
            m["plates"].as_u64().unwrap(),
            m["plain"].as_u64().unwrap(),
            m["diabetic"].as_u64().unwrap(),
            m["soft"].as_u64().unwrap(),
        )
    })
}

#[tokio::test]
async fn the_daughter_books_before_the_cutoff_and_the_kitchen_counts_her_mothers_meal() {
    let app = TestApp::spawn().await;
    linli::demo_people::fill(&app.app).await.unwrap();
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", JTL).await;
    let elder = enrol(&mut staff).await;
    let today = linli::domain::time::day(Utc::now());
    let day = today + Duration::days(3);

    // Signed up with the contact's phone, she may not book until the centre,
    // having checked who she is, links her account.
    let mut daughter = with_phone(&app, "nver", DAUGHTER_PHONE).await;
    let booking = json!({"day": day.to_string(), "meal": "lunch"});
    let path = format!("/api/v1/daycare/elders/{elder}/bookings");
    assert_eq!(daughter.api_send(Method::POST, &path, &booking).await.0, 404);
    let (_, _, record) = staff.get(&format!("/daycare/elders/{elder}")).await;
    let link = record
        .split("<form method=\"post\" action=\"")
        .find(|s| s.contains("/link\""))
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let (status, _, body) = staff.post(&link, &[]).await;
    assert_eq!(status, 303, "{body}");
    let (_, _, record) = staff.get(&format!("/daycare/elders/{elder}")).await;
    assert!(record.contains("已关联账号"), "{record}");

    // Before the week is published nothing can be booked, and residents see no menu.
    let (status, body) = daughter
        .api_send(
            Method::POST,
            &format!("/api/v1/daycare/elders/{elder}/bookings"),
            &json!({"day": day.to_string(), "meal": "lunch"}),
        )
        .await;
    assert_eq!((status, body["field"].as_str()), (400, Some("meal")), "{body}");
    let public = format!("/api/v1/regions/{JTL}/daycare/menu?day={day}");
    assert_eq!(daughter.api(&public).await.0, 404);
    publish_menu(&mut staff, day).await;
    if day.iso_week() != today.iso_week() {
        publish_menu(&mut staff, today).await;
    }
    let (status, menu) = daughter.api(&public).await;
    assert_eq!(status, 200);
    assert!(menu["cells"].to_string().contains("清蒸鲈鱼"));

    // She finds her mother under 日间照料 and books the day's lunch there.
    let (_, _, page) = daughter.get("/workbench").await;
    assert!(page.contains("href=\"/daycare\""), "the navigation offers day care");
    let (_, _, page) = daughter.get("/daycare").await;
    assert!(page.contains(&format!("id=\"elder-{elder}\"")), "{page}");
    let d = day.to_string();
    let (status, location, body) = daughter
        .post(&format!("/daycare/elders/{elder}/bookings"), &[("day", &d), ("meal", "lunch"), ("book", "1")])
        .await;
    assert_eq!((status, location.as_str()), (303, format!("/daycare#elder-{elder}").as_str()), "{body}");
    let (_, grid) = daughter.api(&format!("/api/v1/daycare/elders/{elder}/bookings")).await;
    assert_eq!(grid["booked_as"], "family");
    let cell =
        grid["meals"].as_array().unwrap().iter().find(|c| c["day"] == d.as_str() && c["meal"] == "lunch").unwrap();
    assert_eq!((cell["booked"].as_bool(), cell["open"].as_bool()), (Some(true), Some(true)));

    // The kitchen's order: one plate, under both her diets, each dish once.
    let kitchen = format!("/api/v1/daycare/kitchen?community={JTL}&day={d}");
    let (status, k) = staff.api(&kitchen).await;
    assert_eq!(status, 200, "{k}");
    assert_eq!(kitchen_lunch(&k), (1, 0, 1, 1), "{k}");
    let dishes: Vec<&str> = k["dishes"].as_array().unwrap().iter().map(|x| x["dish"].as_str().unwrap()).collect();
    assert_eq!(dishes, ["清蒸鲈鱼", "蒜蓉西兰花", "冬瓜汤"]);
    assert_eq!(k["allergies"][0]["allergies"], "花生");
    let (_, _, page) = staff.get(&format!("/daycare/kitchen?community={JTL}&day={d}")).await;
    assert!(page.contains("清蒸鲈鱼") && page.contains("class=\"plates\">1<"), "{page}");
    // The kitchen's order is the staff's: not the daughter's, not another community's.
    assert_eq!(daughter.api(&kitchen).await.0, 403);

    // A meal someone booked cannot be emptied from the menu: the booking
    // would be hidden and still billed.
    let monday = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
    let without: Vec<Value> = (0..7)
        .map(|i| monday + Duration::days(i))
        .filter(|x| *x > today && *x != day)
        .map(|x| json!({ "day": x.to_string(), "meal": "lunch", "course": "hot", "dishes": ["清蒸鲈鱼"] }))
        .collect();
    let body = json!({ "community": JTL, "monday": monday.to_string(), "cells": without });
    let (status, refused) = staff.api_send(Method::PUT, "/api/v1/daycare/menu", &body).await;
    assert_eq!((status, refused["field"].as_str()), (400, Some("menu")), "{refused}");
    assert!(refused["detail"].as_str().unwrap().contains("已有 1 人预订"), "{refused}");

    // She cancels before the cut-off: the kitchen has none.
    let (status, _, _) = daughter
        .post(&format!("/daycare/elders/{elder}/bookings"), &[("day", &d), ("meal", "lunch"), ("book", "0")])
        .await;
    assert_eq!(status, 303);
    assert_eq!(kitchen_lunch(&staff.api(&kitchen).await.1), (0, 0, 0, 0));

    // After the cut-off she can neither book nor cancel: the staff close
    // lunch the day before at 00:00, so today's has closed.
    staff.get("/daycare").await;
    let (status, _, body) = staff
        .post(
            "/daycare/meals",
            &[("community", JTL), ("meal", "lunch"), ("price", "12"), ("cutoff_days", "1"), ("cutoff_clock", "00:00")],
        )
        .await;
    assert_eq!(status, 303, "{body}");
    let t = today.to_string();
    let (status, _, body) = daughter
        .post(&format!("/daycare/elders/{elder}/bookings"), &[("day", &t), ("meal", "lunch"), ("book", "1")])
        .await;
    assert_eq!(status, 422);
    assert!(body.contains("截止"), "{body}");
    let (status, body) = daughter
        .api_send(
            Method::POST,
            &format!("/api/v1/daycare/elders/{elder}/bookings"),
            &json!({"day": t, "meal": "lunch"}),
        )
        .await;
    assert_eq!((status, body["field"].as_str()), (400, Some("day")), "{body}");

    // Leaving the centre gives back the meals still open: the kitchen has none.
    let (status, _, _) = daughter
        .post(&format!("/daycare/elders/{elder}/bookings"), &[("day", &d), ("meal", "lunch"), ("book", "1")])
        .await;
    assert_eq!(status, 303);
    assert_eq!(kitchen_lunch(&staff.api(&kitchen).await.1).0, 1);
    staff.get(&format!("/daycare/elders/{elder}")).await;
    let (status, _, body) = staff
        .post(
            &format!("/daycare/elders/{elder}"),
            &[("diet", "diabetic"), ("allergies", ""), ("notes", ""), ("leave", "1")],
        )
        .await;
    assert_eq!(status, 303, "{body}");
    assert_eq!(kitchen_lunch(&staff.api(&kitchen).await.1).0, 0, "her open booking went with her");

    // Dates no menu is planned for are not a server error.
    assert_eq!(app.get(&format!("/regions/{JTL}/daycare/menu?day=-262143-01-01")).await.status(), 200);
    let (status, _) = staff.api(&format!("/api/v1/daycare/kitchen?community={JTL}&day=9999-12-31")).await;
    assert_eq!(status, 400);

    // Someone whose phone is no contact of hers cannot book for her, nor see her.
    let mut stranger = with_phone(&app, "moshengren", "13900009999").await;
    let (status, _) = stranger
        .api_send(
            Method::POST,
            &format!("/api/v1/daycare/elders/{elder}/bookings"),
            &json!({"day": d, "meal": "lunch"}),
        )
        .await;
    assert_eq!(status, 404);
    let (_, _, page) = stranger.get("/daycare").await;
    assert!(page.contains("id=\"family-none\"") && !page.contains(&elder.to_string()), "{page}");
    assert_eq!(stranger.get(&format!("/daycare/elders/{elder}")).await.0, 404);
    app.stop().await;
}

#[tokio::test]
async fn a_departure_tells_the_family_and_a_finished_month_is_billed_once() {
    let app = TestApp::spawn().await;
    linli::demo_people::fill(&app.app).await.unwrap();
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", JTL).await;
    let elder = enrol(&mut staff).await;

    // Her record shows whom to call masked; in full for a stated reason, audited.
    let (_, _, record) = staff.get(&format!("/daycare/elders/{elder}")).await;
    assert!(!record.contains(DAUGHTER_PHONE) && record.contains("139****1234"), "{record}");
    let (status, _, body) = staff.post(&format!("/daycare/elders/{elder}/reveal"), &[("reason", "")]).await;
    assert_eq!(status, 422);
    assert!(body.contains("aria-invalid=\"true\"") && !body.contains(DAUGHTER_PHONE), "{body}");
    let (status, _, record) =
        staff.post(&format!("/daycare/elders/{elder}/reveal"), &[("reason", "通知家属接人")]).await;
    assert_eq!(status, 200);
    assert!(record.contains(&format!("tel:{DAUGHTER_PHONE}")), "{record}");
    let views = app.app.recent_audit(Some("daycare.view_contacts"), 5).await.unwrap();
    assert_eq!(views.len(), 1);
    assert_eq!(views[0].target, elder.to_string());
    assert!(views[0].detail.contains("通知家属接人"));

    // Arrives, leaves: who took her home is asked, and her daughter hears it by SMS.
    staff.get("/daycare").await;
    let (status, _, _) = staff.post(&format!("/daycare/elders/{elder}/arrive"), &[("community", JTL)]).await;
    assert_eq!(status, 303);
    let (status, _, body) = staff.post(&format!("/daycare/elders/{elder}/arrive"), &[("community", JTL)]).await;
    assert_eq!(status, 422);
    assert!(body.contains("今天已经登记过到站"), "{body}");
    let (status, _, body) =
        staff.post(&format!("/daycare/elders/{elder}/leave"), &[("community", JTL), ("picked_up_by", " ")]).await;
    assert_eq!(status, 422);
    assert!(body.contains("请填写接走老人的人"), "{body}");
    let (status, location, _) = staff
        .post(&format!("/daycare/elders/{elder}/leave"), &[("community", JTL), ("picked_up_by", "女儿 王丽华")])
        .await;
    assert_eq!((status, location.as_str()), (303, format!("/daycare?community={JTL}&told=1").as_str()));
    let (_, _, body) = staff.get(&location).await;
    assert!(body.contains("已短信通知 1 位紧急联系人") && body.contains("女儿 王丽华 接走"), "{body}");
    let (_, body) = staff
        .api_send(
            Method::POST,
            &format!("/api/v1/daycare/elders/{elder}/attendance"),
            &json!({"step": "leave", "picked_up_by": "本人"}),
        )
        .await;
    assert_eq!(body["field"], "step", "left once: {body}");
    let gateway = app
        .app
        .create_token(
            &linli::app::access::audit::Actor::cli(),
            "sms",
            &[Scope::Gateway],
            &linli::domain::registry::region::RegionCode::parse(JTL).unwrap(),
        )
        .await
        .unwrap()
        .1;
    let res = app.client.get(app.url("/api/v1/outbox/pending?channel=sms")).bearer_auth(gateway).send().await.unwrap();
    let taken: Value = res.json().await.unwrap();
    let told: Vec<&Value> = taken.as_array().unwrap().iter().filter(|n| n["to"] == DAUGHTER_PHONE).collect();
    assert_eq!(told.len(), 1, "{taken}");
    assert!(told[0]["body"].as_str().unwrap().contains("离开社区日间照料中心"));

    // Last month's meals, booked then (before each cut-off), billed once to her house.
    let today = linli::domain::time::day(Utc::now());
    let first = (today.with_day(1).unwrap() - Duration::days(1)).with_day(1).unwrap();
    let staff_user = user(&app, "liu.yuanyuan").await;
    let actor = staff_user.actor("test");
    let e = linli_store::centre::daycare::elder(&raw(&app).await, elder).await.unwrap().unwrap();
    let mut monday = first - Duration::days(i64::from(first.weekday().num_days_from_monday()));
    let mut booked = 0;
    while monday < today.with_day(1).unwrap() {
        let cells: Vec<_> = (0..7)
            .map(|i| {
                let d = monday + Duration::days(i);
                (
                    d,
                    linli::domain::centre::daycare::Meal::Lunch,
                    linli::domain::centre::daycare::Course::Hot,
                    "炖豆腐".to_owned(),
                )
            })
            .collect();
        app.app.save_week_by(&actor, JTL, monday, &cells).await.unwrap();
        app.app.publish_week_by(&actor, JTL, monday).await.unwrap();
        monday += Duration::days(7);
    }
    for day in [first, first + Duration::days(1), first + Duration::days(9)] {
        let before = linli::domain::time::zone().instant(first.and_hms_opt(0, 0, 0).unwrap()) - Duration::days(1);
        let how = linli::app::centre::daycare::BookedAs::Staff;
        let meal = linli::domain::centre::daycare::Meal::Lunch;
        assert!(
            app.app
                .book_meal_as(&actor, staff_user.account.row.id, (&e, how), (day, meal), true, before)
                .await
                .unwrap()
        );
        booked += 1;
    }
    // A later price is for later bookings: the month's meals keep theirs.
    staff.get("/daycare").await;
    let price =
        [("community", JTL), ("meal", "lunch"), ("price", "15"), ("cutoff_days", "0"), ("cutoff_clock", "09:00")];
    assert_eq!(staff.post("/daycare/meals", &price).await.0, 303);
    let month = first.format("%Y-%m").to_string();
    let (status, run) =
        staff.api_send(Method::POST, "/api/v1/daycare/bills", &json!({"community": JTL, "month": month})).await;
    assert_eq!(status, 200, "{run}");
    assert_eq!(
        (run["created"].as_u64(), run["meals"].as_u64(), run["amount"].as_i64()),
        (Some(1), Some(booked), Some(booked as i64 * 1200)),
        "{run}"
    );
    let (_, again) =
        staff.api_send(Method::POST, "/api/v1/daycare/bills", &json!({"community": JTL, "month": month})).await;
    assert_eq!((again["created"].as_u64(), again["existing"].as_u64()), (Some(0), Some(1)), "never twice: {again}");
    let this_month = today.format("%Y-%m").to_string();
    let (status, body) =
        staff.api_send(Method::POST, "/api/v1/daycare/bills", &json!({"community": JTL, "month": this_month})).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("month")), "a month still running: {body}");
    // The bill is the house's, under the fee item the bills pages name.
    let db = raw(&app).await;
    let house = linli_store::bills::house::house_of_household(
        &db,
        JTL,
        linli_store::registry::person::person_in(&db, JTL, e.person_id).await.unwrap().unwrap().household_id,
    )
    .await
    .unwrap()
    .unwrap();
    let (_, bills) = staff.api(&format!("/api/v1/communities/{JTL}/houses/{house}/bills")).await;
    let bill = bills.to_string();
    assert!(bill.contains("DAYCARE"), "{bills}");
    assert!(bill.contains(&month), "{bill}");
    app.stop().await;
}

#[tokio::test]
async fn another_centre_and_bad_menus_are_refused() {
    let app = TestApp::spawn().await;
    linli::demo_people::fill(&app.app).await.unwrap();
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", JTL).await;
    let elder = enrol(&mut staff).await;
    let mut other = signed_in(&app, "luo.xinjuan", "community_head", "141102002006").await;
    assert_eq!(other.get(&format!("/daycare/elders/{elder}")).await.0, 404);
    assert_eq!(other.api(&format!("/api/v1/daycare/elders?community={JTL}")).await.0, 403);
    let (status, _) = other
        .api_send(Method::POST, &format!("/api/v1/daycare/elders/{elder}/attendance"), &json!({"step": "arrive"}))
        .await;
    assert_eq!(status, 404);
    let mut grid = signed_in(&app, "wang.mengxia", "grid_worker", "141102001002001").await;
    assert_eq!(grid.api(&format!("/api/v1/daycare/kitchen?community={JTL}")).await.0, 403);

    let today = linli::domain::time::day(Utc::now());
    let monday = (today + Duration::days(7)).to_string();
    let menu = |cells: Value| json!({ "community": JTL, "monday": monday, "cells": cells });
    let (status, body) = staff
        .api_send(
            Method::PUT,
            "/api/v1/daycare/menu",
            &menu(json!([{"day": monday, "meal": "supper", "course": "hot", "dishes": ["粥"]}])),
        )
        .await;
    assert_eq!((status, body["field"].as_str()), (400, Some("meal")), "{body}");
    let many: Vec<String> = (1..=7).map(|i| format!("菜{i}")).collect();
    let (status, body) = staff
        .api_send(
            Method::PUT,
            "/api/v1/daycare/menu",
            &menu(json!([{"day": monday, "meal": "lunch", "course": "hot", "dishes": many}])),
        )
        .await;
    assert_eq!((status, body["field"].as_str()), (400, Some("menu")), "{body}");
    let (status, body) = staff
        .api_send(
            Method::PUT,
            "/api/v1/daycare/menu",
            &json!({ "community": JTL, "monday": monday, "cells": [], "publish": true }),
        )
        .await;
    assert_eq!((status, body["field"].as_str()), (400, Some("monday")), "an empty week is not published: {body}");
    // A meal whose bookings have closed keeps its dishes.
    let yesterday = (today - Duration::days(1)).to_string();
    let past = json!({ "community": JTL, "monday": yesterday,
        "cells": [{"day": yesterday, "meal": "lunch", "course": "hot", "dishes": ["红烧肉"]}] });
    let (status, body) = staff.api_send(Method::PUT, "/api/v1/daycare/menu", &past).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("menu")), "{body}");
    assert!(body["detail"].as_str().unwrap().contains("已经截止"), "{body}");
    // A cell outside the week is refused, not dropped.
    let outside = json!({ "community": JTL, "monday": monday,
        "cells": [{"day": today.to_string(), "meal": "lunch", "course": "hot", "dishes": ["粥"]}] });
    let (status, body) = staff.api_send(Method::PUT, "/api/v1/daycare/menu", &outside).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("day")), "{body}");
    // The page's form keeps what was typed in the cell it refuses.
    let (_, _, page) = staff.get(&format!("/daycare/menu?community={JTL}&day={monday}")).await;
    assert!(page.contains(&format!("name=\"m_{monday}_lunch_hot\"")), "{page}");
    let cell = format!("m_{monday}_lunch_hot");
    let long = "长".repeat(21);
    let (status, _, body) =
        staff.post("/daycare/menu", &[("community", JTL), ("monday", &monday), (&cell, &long), ("publish", "0")]).await;
    assert_eq!(status, 422);
    assert!(body.contains("最多 6 道菜") && body.contains(&long), "{body}");
    app.stop().await;
}

async fn user(app: &TestApp, login: &str) -> User {
    let row = app.app.account_by_login(login).await.unwrap();
    User { account: app.app.account_view(row).await.unwrap(), session: String::new(), ip: "test".into() }
}

async fn raw(app: &TestApp) -> linli_store::Db {
    common::raw_db(app).await
}
