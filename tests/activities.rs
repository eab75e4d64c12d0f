//! Activities (活动) and associations (协会) as their users meet them:
//! residents register while places last and wait after, move up in order
//! when someone cancels, check in by the door's QR code; registrations
//! arriving together never confirm more than the capacity; the reminder
//! says when and where; calendar apps read the feeds; an association's
//! leader accepts members and books its room every week.

mod common;

use chrono::{Datelike, Duration, NaiveDate, Timelike, Utc, Weekday};
use common::{Browser, TestApp, raw_db, signed_in};
use linli::app::access::auth::User;
use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

const JTL: &str = "141102001002";

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn next(weekday: Weekday, ahead: i64) -> NaiveDate {
    let mut d = linli::domain::time::day(Utc::now()) + Duration::days(ahead);
    while d.weekday() != weekday {
        d += Duration::days(1);
    }
    d
}

/// One person of each of 交通路's households, as staff's list gives them.
async fn people(staff: &mut Browser<'_>) -> Vec<Uuid> {
    let (_, list) = staff.api("/api/v1/households").await;
    list.as_array().unwrap().iter().filter_map(|h| h["people"][0]["id"].as_str()).map(|p| p.parse().unwrap()).collect()
}

/// A resident of 交通路 signed in and linked to `person`.
async fn resident<'a>(app: &'a TestApp, login: &str, person: Uuid) -> Browser<'a> {
    common::resident(app, login, JTL, person).await
}

/// A resident of 交通路 as the app knows a signed-in user.
async fn quick_resident(app: &TestApp, login: &str, person: Uuid) -> User {
    common::quick_resident(app, login, JTL, person).await
}

async fn put_on(staff: &mut Browser<'_>, title: &str, capacity: i64, starts_in_minutes: i64) -> String {
    let at = linli::domain::time::zone().local(Utc::now() + Duration::minutes(starts_in_minutes));
    // Ends within the day it starts (before midnight).
    let end = if at.hour() == 23 { at.with_minute(59).unwrap() } else { at + Duration::hours(1) };
    let body = json!({"community": JTL, "title": title, "place": "社区广场", "day": at.format("%Y-%m-%d").to_string(),
        "start": at.format("%H:%M").to_string(), "end": end.format("%H:%M").to_string(), "capacity": capacity,
        "public": true});
    let (status, a) = staff.api_send(Method::POST, "/api/v1/activities", &body).await;
    assert_eq!(status, 201, "{a}");
    a["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_waitlist_moves_up_in_order_and_the_door_checks_people_in() {
    let app = TestApp::spawn().await;
    linli::demo_town::build(&app.app, linli::demo_town::Scale::Seed).await.unwrap();
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", JTL).await;
    let people = people(&mut staff).await;

    // Bad input: refused by its field, nothing written.
    let tomorrow = day(linli::domain::time::day(Utc::now()) + Duration::days(1));
    let bad = [
        (
            json!({"community": JTL, "title": "x", "place": "p", "day": tomorrow, "start": "10:00", "end": "09:00", "capacity": 5}),
            "end",
        ),
        (
            json!({"community": JTL, "title": "x", "place": "p", "day": tomorrow, "start": "10:00", "end": "11:00", "capacity": 0}),
            "capacity",
        ),
        (
            json!({"community": JTL, "title": "", "place": "p", "day": tomorrow, "start": "10:00", "end": "11:00", "capacity": 5}),
            "title",
        ),
        (
            json!({"community": JTL, "title": "x", "place": "p", "day": tomorrow, "start": "10:00", "end": "11:00", "capacity": 5,
            "open_kind": "ages", "open_value": "12-6"}),
            "open_to",
        ),
    ];
    for (body, field) in bad {
        let (status, e) = staff.api_send(Method::POST, "/api/v1/activities", &body).await;
        assert_eq!((status, e["field"].as_str()), (400, Some(field)), "{e}");
    }
    let (_, none) = staff.api("/api/v1/activities").await;
    assert_eq!(none, json!([]));

    // Starts in half an hour: the door is open already.
    let id = put_on(&mut staff, "健康讲座", 2, 30).await;
    let mut a = resident(&app, "res.a", people[0]).await;
    let mut b = resident(&app, "res.b", people[1]).await;
    let mut c = resident(&app, "res.c", people[2]).await;
    let reg = format!("/api/v1/activities/{id}/registration");
    for (r, want) in [(&mut a, "confirmed"), (&mut b, "confirmed"), (&mut c, "waitlisted")] {
        let (status, s) = r.api_send(Method::POST, &reg, &json!({})).await;
        assert_eq!((status, s["standing"].as_str()), (200, Some(want)), "{s}");
    }
    let (_, again) = a.api_send(Method::POST, &reg, &json!({})).await;
    assert_eq!(again["standing"], "confirmed", "registering twice changes nothing");
    let (_, mine) = c.api(&format!("/api/v1/activities/{id}")).await;
    assert_eq!((mine["mine"].as_str(), mine["waiting_place"].as_u64()), (Some("waitlisted"), Some(1)), "{mine}");
    let (_, _, page) = c.get(&format!("/activities/{id}")).await;
    assert!(page.contains("id=\"waiting-place\"") && page.contains("排在第 1 位"), "{page}");

    // The waitlisted cannot check in; B gives her place up and C moves up, told in her inbox.
    let (status, e) = c.api_send(Method::POST, &format!("/api/v1/activities/{id}/checkin"), &json!({"k": "x"})).await;
    assert_eq!((status, e["field"].as_str()), (400, Some("code")), "a wrong code: {e}");
    b.get(&format!("/activities/{id}")).await;
    let (status, _, page) = b.post(&format!("/activities/{id}/cancel"), &[]).await;
    assert_eq!(status, 200);
    assert!(page.contains("已取消报名"), "{page}");
    let (_, mine) = c.api(&format!("/api/v1/activities/{id}")).await;
    assert_eq!(mine["mine"], "confirmed", "{mine}");
    let (_, _, inbox) = c.get("/inbox").await;
    assert!(inbox.contains("候补转为报名成功") && inbox.contains("健康讲座"), "{inbox}");
    let (_, list) = staff.api(&format!("/api/v1/activities/{id}/registrations")).await;
    let standings: Vec<&str> = list.as_array().unwrap().iter().map(|r| r["standing"].as_str().unwrap()).collect();
    assert_eq!(standings.iter().filter(|s| **s == "confirmed").count(), 2, "{list}");
    let (status, _) = a.api(&format!("/api/v1/activities/{id}/registrations")).await;
    assert_eq!(status, 403, "the list is the organisers'");

    // The door's QR code carries the secret; scanning it checks C in.
    let (status, _, door) = staff.get(&format!("/activities/{id}/door")).await;
    assert_eq!(status, 200);
    let k = door.split("checkin?k=").nth(1).unwrap().split(['<', '"', '&']).next().unwrap().to_owned();
    let (status, _, page) = c.get(&format!("/activities/{id}/checkin?k={k}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("id=\"check-in\""), "{page}");
    let (status, _, page) = c.post(&format!("/activities/{id}/checkin"), &[("k", &k)]).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("签到成功"), "{page}");
    let (status, _, _) = a.get(&format!("/activities/{id}/door")).await;
    assert_eq!(status, 403, "only organisers show the door's code");
    let (_, list) = staff.api(&format!("/api/v1/activities/{id}/registrations")).await;
    let checked: Vec<&Value> = list.as_array().unwrap().iter().filter(|r| !r["checked_in_at"].is_null()).collect();
    assert_eq!(checked.len(), 1, "{list}");

    // The reminder, a day ahead, says when and where; once.
    assert_eq!(app.app.send_activity_reminders(Utc::now()).await.unwrap(), 1);
    assert_eq!(app.app.send_activity_reminders(Utc::now()).await.unwrap(), 0);
    let (_, _, inbox) = a.get("/inbox").await;
    assert!(inbox.contains("提醒") && inbox.contains("社区广场"), "{inbox}");

    // Calendars: a resident's feed and the community's, read by a real iCalendar parser.
    let (_, _, page) = a.get("/activities").await;
    let feed = page.split("id=\"calendar-url\">").nth(1).unwrap().split('<').next().unwrap().to_owned();
    let path = feed.trim_start_matches(&app.base).to_owned();
    for (url, name) in [(path.as_str(), "我的活动"), (&format!("/regions/{JTL}/activities.ics")[..], "社区活动")]
    {
        let res = app.get(url).await;
        assert_eq!(res.status(), 200);
        assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));
        let text = res.text().await.unwrap();
        let cal = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes())).next().unwrap().unwrap();
        let prop = |props: &[ical::property::Property], n: &str| {
            props.iter().find(|p| p.name == n).and_then(|p| p.value.clone()).unwrap_or_default()
        };
        assert!(prop(&cal.properties, "X-WR-CALNAME").contains(name), "{text}");
        let e = cal.events.iter().find(|e| prop(&e.properties, "SUMMARY") == "健康讲座").expect("the lecture is in it");
        assert_eq!(prop(&e.properties, "LOCATION"), "社区广场");
        assert!(prop(&e.properties, "DTSTART").ends_with('Z') && prop(&e.properties, "UID").starts_with(&id));
    }
    assert_eq!(app.get("/calendar/not-a-token.ics").await.status(), 404);
    app.stop().await;
}

#[tokio::test]
async fn registrations_for_the_last_places_arriving_together_confirm_exactly_that_many_in_order() {
    let app = TestApp::spawn().await;
    linli::demo_town::build(&app.app, linli::demo_town::Scale::Seed).await.unwrap();
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", JTL).await;
    let people = people(&mut staff).await;
    let id: Uuid = put_on(&mut staff, "妇女手工培训", 5, 24 * 60 * 3).await.parse().unwrap();
    let mut users = Vec::new();
    for (k, p) in people.iter().take(16).enumerate() {
        users.push(quick_resident(&app, &format!("res.{k}"), *p).await);
    }
    let mut runs = Vec::new();
    for u in users.clone() {
        let app = app.app.clone();
        runs.push(tokio::spawn(async move { app.register_for_activity(&u, "test", id).await.unwrap() }));
    }
    for r in runs {
        r.await.unwrap();
    }
    let (_, list) = staff.api(&format!("/api/v1/activities/{id}/registrations")).await;
    let list = list.as_array().unwrap();
    let confirmed: Vec<&Value> = list.iter().filter(|r| r["standing"] == "confirmed").collect();
    let waiting: Vec<i64> =
        list.iter().filter(|r| r["standing"] == "waitlisted").map(|r| r["seq"].as_i64().unwrap()).collect();
    assert_eq!((confirmed.len(), waiting.len()), (5, 11), "{list:?}");
    let (_, a) = staff.api(&format!("/api/v1/activities/{id}")).await;
    assert_eq!(a["confirmed"], 5);
    // Everyone confirmed came before everyone waiting.
    let last_in = confirmed.iter().map(|r| r["seq"].as_i64().unwrap()).max().unwrap();
    assert!(waiting.iter().all(|s| *s > last_in), "{list:?}");

    // Cancellations and registrations together: still never more than five,
    // and the places go to the waitlist in its order.
    let mut runs = Vec::new();
    let confirmed_accounts: Vec<Uuid> =
        confirmed.iter().map(|r| r["account"].as_str().unwrap().parse().unwrap()).collect();
    for u in users.into_iter().filter(|u| confirmed_accounts.contains(&u.account.row.id)).take(3) {
        let app = app.app.clone();
        runs.push(tokio::spawn(async move { app.cancel_registration(&u, "test", id).await.unwrap() }));
    }
    for (k, p) in people.iter().skip(16).take(3).enumerate() {
        let u = quick_resident(&app, &format!("late.{k}"), *p).await;
        let app = app.app.clone();
        runs.push(tokio::spawn(async move {
            app.register_for_activity(&u, "test", id).await.unwrap();
        }));
    }
    for r in runs {
        r.await.unwrap();
    }
    let (_, after) = staff.api(&format!("/api/v1/activities/{id}/registrations")).await;
    let after = after.as_array().unwrap();
    let now_in: Vec<i64> =
        after.iter().filter(|r| r["standing"] == "confirmed").map(|r| r["seq"].as_i64().unwrap()).collect();
    assert_eq!(now_in.len(), 5, "{after:?}");
    let mut first_three = waiting.clone();
    first_three.sort();
    for s in &first_three[..3] {
        assert!(now_in.contains(s), "the first three waiting moved up: {after:?}");
    }
    let (_, a) = staff.api(&format!("/api/v1/activities/{id}")).await;
    assert_eq!(a["confirmed"], 5, "the count on the activity agrees");
    app.stop().await;
}

#[tokio::test]
async fn an_association_accepts_a_member_books_its_room_weekly_and_a_conflict_is_refused() {
    let app = TestApp::spawn().await;
    linli::demo_town::build(&app.app, linli::demo_town::Scale::Seed).await.unwrap();
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", JTL).await;
    let people = people(&mut staff).await;
    let mut leader = resident(&app, "dance.lead", people[0]).await;
    let mut neighbour = resident(&app, "dance.new", people[1]).await;
    let room = json!({"community": JTL, "name": "文体活动室", "capacity": 60, "opens": "08:00", "closes": "21:00", "days": [1, 2, 3, 4, 5, 6, 7]});
    let (_, room) = staff.api_send(Method::POST, "/api/v1/rooms", &room).await;
    let room = room["id"].as_str().unwrap().to_owned();
    let (status, e) = staff
        .api_send(
            Method::POST,
            "/api/v1/associations",
            &json!({"community": JTL, "name": "广场舞协会", "leader": "nobody.here"}),
        )
        .await;
    assert_eq!((status, e["field"].as_str()), (400, Some("leader")), "{e}");
    let (status, assoc) = staff
        .api_send(
            Method::POST,
            "/api/v1/associations",
            &json!({"community": JTL, "name": "广场舞协会", "leader": "dance.lead",
            "meets": "每周二、四 19:00", "room": room}),
        )
        .await;
    assert_eq!(status, 201, "{assoc}");
    let aid = assoc["id"].as_str().unwrap().to_owned();

    // A neighbour asks to join; the leader sees it and accepts.
    let (_, _, page) = neighbour.get(&format!("/associations/{aid}")).await;
    assert!(page.contains("id=\"join\""), "{page}");
    let (status, _, _) = neighbour.post(&format!("/associations/{aid}/join"), &[]).await;
    assert_eq!(status, 303);
    let (_, _, page) = leader.get(&format!("/associations/{aid}")).await;
    assert!(page.contains("申请中") && page.contains("测试dance.new"), "{page}");
    let (_, _, page) = neighbour.get(&format!("/associations/{aid}")).await;
    assert!(!page.contains("value=\"accept\""), "only the leader accepts: {page}");
    let db = raw_db(&app).await;
    let new_id = linli_store::access::account::find(&db, Some("dance.new"), None).await.unwrap().unwrap().id;
    db.close().await;
    let (status, _) = neighbour
        .api_send(
            Method::POST,
            &format!("/api/v1/associations/{aid}/members"),
            &json!({"account": new_id, "do": "accept"}),
        )
        .await;
    assert_eq!(status, 403, "not by herself");
    let (status, _, _) = leader
        .post(&format!("/associations/{aid}/members"), &[("account", &new_id.to_string()), ("do", "accept")])
        .await;
    assert_eq!(status, 303);
    let (_, _, page) = neighbour.get(&format!("/associations/{aid}")).await;
    assert!(page.contains("已是会员") && page.contains("id=\"member-count\">2<"), "{page}");

    // The leader books the room every Tuesday and Thursday for the association.
    let tuesday = next(Weekday::Tue, 1);
    let (status, _, page) = leader
        .post(
            &format!("/rooms/{room}/book"),
            &[
                ("day", &day(tuesday)),
                ("start", "19:00"),
                ("end", "20:30"),
                ("purpose", "广场舞排练"),
                ("association", &aid),
                ("repeat", "1"),
                ("weekday", "2"),
                ("weekday", "4"),
                ("until", &day(tuesday + Duration::days(27))),
            ],
        )
        .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("已预约 8 次，跳过 0 天"), "{page}");
    // What she books for the association does not count against what she may book for herself.
    let (status, e) = leader
        .api_send(
            Method::POST,
            &format!("/api/v1/rooms/{room}/bookings"),
            &json!({"day": day(tuesday), "start": "09:00", "end": "10:00", "purpose": "家里聚会"}),
        )
        .await;
    assert_eq!(status, 201, "{e}");
    // An answer about a member that is neither accept nor remove changes nothing.
    let (status, e) = leader
        .api_send(
            Method::POST,
            &format!("/api/v1/associations/{aid}/members"),
            &json!({"account": new_id, "do": "promote"}),
        )
        .await;
    assert_eq!((status, e["field"].as_str()), (400, Some("do")), "{e}");
    // The neighbour's booking on a Thursday evening is refused.
    let thursday = tuesday + Duration::days(2);
    let (status, e) = neighbour
        .api_send(
            Method::POST,
            &format!("/api/v1/rooms/{room}/bookings"),
            &json!({"day": day(thursday), "start": "20:00", "end": "21:00", "purpose": "生日聚会"}),
        )
        .await;
    assert_eq!(status, 400, "{e}");
    assert!(e["detail"].as_str().unwrap().contains("已被预约"), "{e}");
    // A members-only activity admits members only.
    let at = tuesday + Duration::days(5);
    let (status, act) = leader
        .api_send(
            Method::POST,
            "/api/v1/activities",
            &json!({"community": JTL, "association": aid, "title": "协会联欢",
            "room": room, "day": day(at), "start": "18:00", "end": "19:00", "capacity": 30, "open_kind": "members"}),
        )
        .await;
    assert_eq!(status, 201, "{act}");
    let act = act["id"].as_str().unwrap().to_owned();
    // A kind of audience misspelt is refused, not opened to everyone.
    let (status, e) = leader
        .api_send(
            Method::POST,
            "/api/v1/activities",
            &json!({"community": JTL, "association": aid, "title": "x", "place": "广场",
            "day": day(at), "start": "10:00", "end": "11:00", "capacity": 3, "open_kind": "vip"}),
        )
        .await;
    assert_eq!((status, e["field"].as_str()), (400, Some("open_to")), "{e}");
    // Weekly for four weeks: four activities, each with its own places, the room held each week.
    let (status, weekly) = leader
        .api_send(
            Method::POST,
            "/api/v1/activities",
            &json!({"community": JTL, "association": aid, "title": "周日晨练",
            "room": room, "day": day(at), "start": "08:00", "end": "09:00", "capacity": 20, "weeks": 4}),
        )
        .await;
    assert_eq!(status, 201, "{weekly}");
    let (_, all) = neighbour.api("/api/v1/activities").await;
    assert_eq!(all.as_array().unwrap().iter().filter(|a| a["title"] == "周日晨练").count(), 4, "{all}");
    let (_, week) = leader.api(&format!("/api/v1/rooms/{room}/bookings?from={}&days=31", day(at))).await;
    assert_eq!(week.as_array().unwrap().iter().filter(|b| b["purpose"] == "周日晨练").count(), 4, "{week}");
    let mut outsider = resident(&app, "not.member", people[2]).await;
    let (status, e) =
        outsider.api_send(Method::POST, &format!("/api/v1/activities/{act}/registration"), &json!({})).await;
    assert_eq!((status, e["field"].as_str()), (400, Some("activity")), "{e}");
    let (status, s) =
        neighbour.api_send(Method::POST, &format!("/api/v1/activities/{act}/registration"), &json!({})).await;
    assert_eq!((status, s["standing"].as_str()), (200, Some("confirmed")), "{s}");
    app.stop().await;
}
