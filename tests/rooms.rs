//! Rooms (场地预约) as their users meet them: staff add a room, bad input
//! is refused by its field and writes nothing, a weekly series books every
//! date it can and names each date it skipped and why, an overlapping
//! booking is refused even when many arrive at once, a room that needs
//! approval keeps a resident's booking waiting until staff approve it.

mod common;

use chrono::{Datelike, Duration, NaiveDate, Utc, Weekday};
use common::{Browser, TestApp, raw_db, signed_in};
use reqwest::Method;
use serde_json::{Value, json};

const JTL: &str = "141102001002";

fn today() -> NaiveDate {
    linli::domain::time::day(Utc::now())
}

/// The first `weekday` at least `ahead` days from today.
fn next(weekday: Weekday, ahead: i64) -> NaiveDate {
    let mut d = today() + Duration::days(ahead);
    while d.weekday() != weekday {
        d += Duration::days(1);
    }
    d
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

async fn add_room(staff: &mut Browser<'_>, name: &str, needs_approval: bool) -> String {
    let room = json!({"community": JTL, "name": name, "capacity": 30, "opens": "08:00", "closes": "21:00",
        "days": [1, 2, 3, 4, 5, 6, 7], "needs_approval": needs_approval, "equipment": "投影仪"});
    let (status, r) = staff.api_send(Method::POST, "/api/v1/rooms", &room).await;
    assert_eq!(status, 201, "{r}");
    r["id"].as_str().unwrap().to_owned()
}

/// A resident of 交通路, signed in and linked to the first person of the
/// `n`-th household staff see.
async fn resident<'a>(app: &'a TestApp, staff: &mut Browser<'_>, login: &str, n: usize) -> Browser<'a> {
    let (_, list) = staff.api("/api/v1/households").await;
    let with_people: Vec<&str> =
        list.as_array().unwrap().iter().filter_map(|h| h["people"][0]["id"].as_str()).collect();
    let person: uuid::Uuid = with_people[n].parse().unwrap();
    common::resident(app, login, JTL, person).await
}

async fn count(app: &TestApp, table: &str) -> i64 {
    let db = raw_db(app).await;
    let q = sea_query::Query::select()
        .expr_as(sea_query::ExprTrait::cast_as(sea_query::Expr::cust("COUNT(*)"), "BIGINT"), "n")
        .from(sea_query::Alias::new(table))
        .to_owned();
    let n = db.fetch_optional(&q).await.unwrap().unwrap().get("n").unwrap();
    db.close().await;
    n
}

#[tokio::test]
async fn a_weekly_series_books_every_date_it_can_and_says_why_it_skipped_the_rest() {
    let app = TestApp::spawn().await;
    linli::demo_town::build(&app.app, linli::demo_town::Scale::Seed).await.unwrap();
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", JTL).await;
    let room = add_room(&mut staff, "儿童活动室", false).await;

    // Bad input: refused by its field, nothing written.
    let bad_rooms = [
        (
            json!({"community": JTL, "name": "x", "capacity": 0, "opens": "08:00", "closes": "21:00", "days": [1]}),
            "capacity",
        ),
        (
            json!({"community": JTL, "name": "x", "capacity": 5, "opens": "21:00", "closes": "08:00", "days": [1]}),
            "opens",
        ),
        (
            json!({"community": JTL, "name": "儿童活动室", "capacity": 5, "opens": "08:00", "closes": "21:00", "days": [1]}),
            "name",
        ),
    ];
    for (body, field) in bad_rooms {
        let (status, e) = staff.api_send(Method::POST, "/api/v1/rooms", &body).await;
        assert_eq!((status, e["field"].as_str()), (400, Some(field)), "{e}");
    }
    let monday = next(Weekday::Mon, 1);
    let path = format!("/api/v1/rooms/{room}/bookings");
    let book =
        |d: NaiveDate, start: &str, end: &str| json!({"day": day(d), "start": start, "end": end, "purpose": "家长会"});
    let bad = [
        (book(monday, "17:00", "16:30"), "end", "结束时间应晚于开始时间"),
        (book(monday, "16:10", "17:00"), "start", "整刻钟"),
        (book(monday, "20:00", "22:00"), "start", "开放时间"),
        (book(today() - Duration::days(1), "09:00", "10:00"), "day", "过去"),
    ];
    for (body, field, words) in bad {
        let (status, e) = staff.api_send(Method::POST, &path, &body).await;
        assert_eq!((status, e["field"].as_str()), (400, Some(field)), "{e}");
        assert!(e["detail"].as_str().unwrap().contains(words), "{e}");
    }
    let huge = json!({"day": day(monday), "start": "09:00", "end": "10:00", "purpose": "x",
        "until": day(monday + Duration::days(360)), "weekdays": [1, 2, 3, 4, 5, 6, 7]});
    let (status, e) = staff.api_send(Method::POST, &path, &huge).await;
    assert_eq!((status, e["field"].as_str()), (400, Some("until")), "a rule making hundreds of dates: {e}");
    assert_eq!(count(&app, "room_booking").await, 0, "nothing written");
    // A date near the calendar's end is no date (its arithmetic would overflow).
    let (status, e) = staff.api(&format!("{path}?from=262142-12-31")).await;
    assert_eq!((status, e["field"].as_str()), (400, Some("from")), "{e}");
    let (status, _, _) = staff.get(&format!("/rooms/{room}?from=262142-12-31")).await;
    assert_eq!(status, 200, "the page shows this week instead");

    // A parents' meeting on the third Wednesday holds the room first.
    let third_wednesday = monday + Duration::days(16);
    let (status, one) = staff.api_send(Method::POST, &path, &book(third_wednesday, "16:00", "17:00")).await;
    assert_eq!(status, 201, "{one}");

    // The 四点半课堂: every school day 16:30–18:00 for four weeks, except the second Tuesday.
    let holiday = monday + Duration::days(8);
    let series = json!({"day": day(monday), "start": "16:30", "end": "18:00", "purpose": "四点半课堂",
        "until": day(monday + Duration::days(25)), "weekdays": [1, 2, 3, 4, 5], "except": [day(holiday)]});
    let (status, done) = staff.api_send(Method::POST, &path, &series).await;
    assert_eq!(status, 201, "{done}");
    let skipped = done["skipped"].as_array().unwrap();
    assert_eq!(done["made"].as_array().unwrap().len(), 20 - 2, "{done}");
    assert_eq!(skipped.len(), 2, "{done}");
    assert!(skipped.contains(&json!({"day": day(holiday), "why": "excepted", "by": null})), "{done}");
    assert!(skipped.contains(&json!({"day": day(third_wednesday), "why": "taken", "by": "家长会"})), "{done}");

    // A booking over the class is refused, naming when the room is taken.
    let (status, e) = staff.api_send(Method::POST, &path, &book(monday, "17:45", "18:30")).await;
    assert_eq!((status, e["field"].as_str()), (400, Some("start")), "{e}");
    assert!(e["detail"].as_str().unwrap().contains("已被预约"), "{e}");
    // Touching is not overlapping.
    let (status, e) = staff.api_send(Method::POST, &path, &book(monday, "18:00", "18:30")).await;
    assert_eq!(status, 201, "{e}");

    // The week on the page: the class in its cells, the skipped holiday not.
    let (status, _, page) = staff.get(&format!("/rooms/{room}?from={}", day(monday))).await;
    assert_eq!(status, 200);
    assert_eq!(page.matches(">四点半课堂<").count(), 5 * 3, "three half hours on each school day: {page}");

    // On the page: a refused series keeps what was typed, the message by its field.
    let (status, _, page) = staff
        .post(
            &format!("/rooms/{room}/book"),
            &[
                ("day", &day(monday)),
                ("start", "16:30"),
                ("end", "18:00"),
                ("purpose", "四点半课堂"),
                ("repeat", "1"),
                ("weekday", "1"),
                ("until", &day(monday)),
                ("except", "国庆"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("id=\"except-error\"") && page.contains("“国庆”不是日期"), "{page}");
    assert!(page.contains(">国庆</textarea>") && page.contains("value=\"四点半课堂\""), "{page}");

    // Cancelling what is left of the series frees every date.
    let id = done["made"][0]["id"].as_str().unwrap();
    let (status, c) =
        staff.api_send(Method::POST, &format!("/api/v1/bookings/{id}/cancel"), &json!({"series": true})).await;
    assert_eq!((status, c["cancelled"].as_u64()), (200, Some(18)), "{c}");
    let (status, again) = staff.api_send(Method::POST, &path, &series).await;
    assert_eq!(status, 201, "{again}");
    assert_eq!(again["made"].as_array().unwrap().len(), 18, "{again}");
    app.stop().await;
}

#[tokio::test]
async fn bookings_of_one_room_and_hour_arriving_together_confirm_exactly_one() {
    let app = TestApp::spawn().await;
    linli::demo_town::build(&app.app, linli::demo_town::Scale::Seed).await.unwrap();
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", JTL).await;
    let room = add_room(&mut staff, "共享会议室", false).await;
    let monday = next(Weekday::Mon, 1);
    let path = format!("/api/v1/rooms/{room}/bookings");
    let cookie = staff.cookie_header();
    let mut runs = Vec::new();
    for k in 0..24 {
        let (client, url, cookie) = (app.client.clone(), app.url(&path), cookie.clone());
        // Each overlapping every other: the hour, a quarter later, a quarter earlier to half past.
        let (start, end) = [("10:00", "11:00"), ("10:15", "11:15"), ("09:45", "10:30")][k % 3];
        let body = json!({"day": day(monday), "start": start, "end": end, "purpose": format!("会议{k}")});
        runs.push(tokio::spawn(async move {
            let r = client.post(url).header("cookie", cookie).json(&body).send().await.unwrap();
            let status = r.status().as_u16();
            (status, r.json::<Value>().await.unwrap())
        }));
    }
    let mut confirmed = 0;
    for r in runs {
        let (status, body) = r.await.unwrap();
        match status {
            201 => confirmed += 1,
            400 => assert!(body["detail"].as_str().unwrap().contains("已被预约"), "{body}"),
            s => panic!("{s}: {body}"),
        }
    }
    assert_eq!(confirmed, 1);
    let (_, week) = staff.api(&format!("{path}?from={}&days=1", day(monday))).await;
    assert_eq!(week.as_array().unwrap().len(), 1, "{week}");
    app.stop().await;
}

#[tokio::test]
async fn a_room_that_needs_approval_keeps_a_residents_booking_waiting_until_staff_approve() {
    let app = TestApp::spawn().await;
    linli::demo_town::build(&app.app, linli::demo_town::Scale::Seed).await.unwrap();
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", JTL).await;
    let room = add_room(&mut staff, "书记会客厅", true).await;
    let mut li = resident(&app, &mut staff, "res.li", 0).await;
    let d = next(Weekday::Tue, 2);
    let path = format!("/api/v1/rooms/{room}/bookings");

    // A resident books once, within a month and four hours; not a series.
    let long = json!({"day": day(d), "start": "09:00", "end": "14:00", "purpose": "家庭聚会"});
    let (status, e) = li.api_send(Method::POST, &path, &long).await;
    assert_eq!((status, e["field"].as_str()), (400, Some("end")), "{e}");
    let series = json!({"day": day(d), "start": "09:00", "end": "10:00", "purpose": "x", "until": day(d + Duration::days(14)), "weekdays": [2]});
    let (status, _) = li.api_send(Method::POST, &path, &series).await;
    assert_eq!(status, 403);
    let (status, b) = li
        .api_send(
            Method::POST,
            &path,
            &json!({"day": day(d), "start": "09:00", "end": "10:30", "purpose": "老党员座谈"}),
        )
        .await;
    assert_eq!(status, 201, "{b}");
    assert_eq!(b["made"][0]["status"], "pending");
    let id = b["made"][0]["id"].as_str().unwrap().to_owned();

    // Someone else sees the time taken, not what for or by whom.
    let mut other = resident(&app, &mut staff, "res.zhang", 1).await;
    let (_, week) = other.api(&format!("{path}?from={}", day(d))).await;
    assert_eq!(week[0]["purpose"], "已预约", "{week}");
    let (status, _) = other.api_send(Method::POST, &format!("/api/v1/bookings/{id}/cancel"), &json!({})).await;
    assert_eq!(status, 404, "not hers to cancel");

    // Staff see it waiting; refusing needs a reason; approving tells her.
    let (_, _, page) = staff.get("/rooms").await;
    assert!(page.contains("id=\"waiting\"") && page.contains("老党员座谈"), "{page}");
    let (status, e) =
        staff.api_send(Method::POST, &format!("/api/v1/bookings/{id}/decide"), &json!({"do": "refuse"})).await;
    assert_eq!((status, e["field"].as_str()), (400, Some("reason")), "{e}");
    let (status, _) =
        staff.api_send(Method::POST, &format!("/api/v1/bookings/{id}/decide"), &json!({"do": "approve"})).await;
    assert_eq!(status, 204);
    let (_, week) = li.api(&format!("{path}?from={}", day(d))).await;
    assert_eq!(
        (week[0]["status"].as_str(), week[0]["purpose"].as_str()),
        (Some("confirmed"), Some("老党员座谈")),
        "{week}"
    );
    let (_, _, inbox) = li.get("/inbox").await;
    assert!(inbox.contains("书记会客厅") && inbox.contains("已通过"), "{inbox}");

    // Her three bookings at most, counted so that bookings sent at once see each other.
    let cookie = li.cookie_header();
    let mut runs = Vec::new();
    for h in 11..17 {
        let (client, url, cookie) = (app.client.clone(), app.url(&path), cookie.clone());
        let body = json!({"day": day(d), "start": format!("{h}:00"), "end": format!("{h}:30"), "purpose": "读书会"});
        runs.push(tokio::spawn(async move {
            client.post(url).header("cookie", cookie).json(&body).send().await.unwrap().status().as_u16()
        }));
    }
    let mut made = 0;
    for r in runs {
        if r.await.unwrap() == 201 {
            made += 1;
        }
    }
    assert_eq!(made, 2, "one held already, two more allowed");

    // Another resident's page offers booking; a staff member's offers the weekly series.
    let (_, _, page) = other.get(&format!("/rooms/{room}")).await;
    assert!(page.contains("id=\"book-form\"") && !page.contains("id=\"repeat\""), "{page}");
    let (_, _, page) = staff.get(&format!("/rooms/{room}")).await;
    assert!(page.contains("id=\"repeat\""), "{page}");
    app.stop().await;
}
