//! The help wall (爱心回音壁), volunteers and points as their users meet
//! them: a resident posts a wish, a volunteer claims it and sees how to
//! reach her only once she accepts, marks it done with the time it took;
//! her thanks confirm the hours and earn the volunteer points, which buy
//! an item from the points shop. Claims and exchanges arriving together
//! never take a wish twice or spend a point twice; random sequences of
//! earning, spending, giving, correcting and expiring keep the ledger whole.

mod common;

use chrono::{Duration, Utc};
use common::{Browser, TestApp, households_people, quick_resident, raw_db, resident, signed_in};
use reqwest::Method;
use serde_json::json;
use uuid::Uuid;

const JTL: &str = "141102001002";

async fn exec(app: &TestApp, q: &sea_query::UpdateStatement) {
    let db = raw_db(app).await;
    db.execute(q).await.unwrap();
    db.close().await;
}

async fn tally(app: &TestApp, person: Uuid) -> (i64, i64, i64) {
    let db = raw_db(app).await;
    let t = linli_store::life::points::tally(&db, person).await.unwrap();
    db.close().await;
    t
}

async fn add_item(staff: &mut Browser<'_>, name: &str, points: i64, stock: i64) -> String {
    let body = json!({"community": JTL, "name": name, "points": points, "stock": stock, "given_by": "区供电公司"});
    let (status, i) = staff.api_send(Method::POST, "/api/v1/shop", &body).await;
    assert_eq!(status, 201, "{i}");
    i["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_wish_goes_from_the_wall_to_thanks_and_the_volunteer_earns_hours_and_points() {
    let app = TestApp::spawn().await;
    linli::demo_town::build(&app.app, linli::demo_town::Scale::Seed).await.unwrap();
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", JTL).await;
    let homes = households_people(&mut staff).await;
    let (asker_id, helper_id, other_id) = (homes[0][0], homes[1][0], homes[2][0]);
    let mut asker = resident(&app, "res.asker", JTL, asker_id).await;
    let mut helper = resident(&app, "res.helper", JTL, helper_id).await;
    let mut other = resident(&app, "res.other", JTL, other_id).await;

    // The form refuses a wish without words, keeping what was typed, by the field.
    let (status, _, page) = asker.get("/wall/new").await;
    assert_eq!(status, 200, "{page}");
    let later = (linli::domain::time::day(Utc::now()) + Duration::days(2)).to_string();
    let (status, _, page) = asker
        .post("/wall/new", &[("title", " "), ("category", "errand"), ("needed_by", &later), ("body", "米在楼下超市")])
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("id=\"title-error\"") && page.contains("米在楼下超市"), "{page}");
    let past = (linli::domain::time::day(Utc::now()) - Duration::days(1)).to_string();
    let (status, _, page) =
        asker.post("/wall/new", &[("title", "帮忙买米"), ("category", "errand"), ("needed_by", &past)]).await;
    assert_eq!(status, 422);
    assert!(page.contains("id=\"needed_by-error\""), "{page}");
    let (status, location, _) = asker
        .post(
            "/wall/new",
            &[("title", "帮忙买一袋米送上楼"), ("category", "errand"), ("needed_by", &later), ("body", "腿脚不便")],
        )
        .await;
    assert_eq!(status, 303);
    let id = location.trim_start_matches("/wall/").to_owned();

    // The wall names her as 某女士/先生, never in full, and shows no phone.
    let (_, wall) = helper.api("/api/v1/wishes").await;
    let w = wall.as_array().unwrap().iter().find(|w| w["id"] == id.as_str()).unwrap().clone();
    assert!(w["requester"].as_str().unwrap().ends_with("女士") || w["requester"].as_str().unwrap().ends_with("先生"));
    let (_, detail) = staff.api(&format!("/api/v1/people/{asker_id}/points")).await;
    assert_eq!(detail["balance"], 0);

    // Not a volunteer yet: claiming is not hers; nobody claims their own wish.
    let step = |s: &str| json!({"do": s});
    let (status, e) = asker.api_send(Method::POST, &format!("/api/v1/wishes/{id}/steps"), &step("claim")).await;
    assert_eq!(status, 400);
    assert!(e["detail"].as_str().unwrap().contains("自己的心愿"), "{e}");
    let (status, e) = helper.api_send(Method::POST, &format!("/api/v1/wishes/{id}/steps"), &step("claim")).await;
    assert_eq!((status, e["field"].as_str()), (400, Some("wish")), "{e}");

    // She registers (the page), then claims; a second volunteer finds it taken.
    helper.get("/volunteers/join").await;
    let (status, _, page) = helper
        .post(
            "/volunteers/join",
            &[("community", JTL), ("kind", "party_member"), ("org_name", ""), ("skills", "errand")],
        )
        .await;
    assert_eq!(status, 422, "an 在职党员 names the employer: {page}");
    assert!(page.contains("id=\"org_name-error\""), "{page}");
    let (status, location2, _) = helper
        .post(
            "/volunteers/join",
            &[
                ("community", JTL),
                ("kind", "party_member"),
                ("org_name", "区供电公司"),
                ("skills", "errand"),
                ("skills", "repair"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let volunteer = location2.trim_start_matches("/volunteers/").to_owned();
    let (status, _) = other
        .api_send(
            Method::POST,
            "/api/v1/volunteers",
            &json!({"community": JTL, "kind": "volunteer", "skills": ["errand"]}),
        )
        .await;
    assert_eq!(status, 201);
    let (status, w) = helper.api_send(Method::POST, &format!("/api/v1/wishes/{id}/steps"), &step("claim")).await;
    assert_eq!((status, w["status"].as_str()), (200, Some("claimed")), "{w}");
    let (status, e) = other.api_send(Method::POST, &format!("/api/v1/wishes/{id}/steps"), &step("claim")).await;
    assert_eq!((status, e["field"].as_str()), (400, Some("wish")), "{e}");

    // Before she accepts, the volunteer sees no contact; the requester is told in her inbox.
    let (_, d) = helper.api(&format!("/api/v1/wishes/{id}")).await;
    assert!(d["contact"].is_null(), "{d}");
    let (_, _, inbox) = asker.get("/inbox").await;
    assert!(inbox.contains("心愿有人认领"), "{inbox}");
    let (_, _, page) = asker.get(&format!("/wall/{id}")).await;
    assert!(page.contains("id=\"step-accept\"") && !page.contains("id=\"step-claim\""), "{page}");
    let (status, _, _) = asker.post(&format!("/wall/{id}/step"), &[("do", "accept")]).await;
    assert_eq!(status, 303);

    // Now the volunteer sees how to reach her, and that view is audited.
    let (_, d) = helper.api(&format!("/api/v1/wishes/{id}")).await;
    assert!(!d["contact"]["address"].as_str().unwrap().is_empty(), "{d}");
    assert!(d["steps"].as_array().unwrap().iter().any(|s| s == "finish"), "{d}");
    let (_, d) = other.api(&format!("/api/v1/wishes/{id}")).await;
    assert!(d["contact"].is_null(), "another volunteer never sees it: {d}");
    let db = raw_db(&app).await;
    let audits = linli_store::access::audit::recent(&db, Some("wish.contact"), 50).await.unwrap();
    assert!(audits.iter().any(|a| a.target == id), "the view is audited");
    db.close().await;

    // Done: 30 hours in one wish is refused; 90 minutes are recorded, waiting.
    let finish = |m: i64| json!({"do": "finish", "note": "米已送到家", "minutes": m});
    let (status, e) = helper.api_send(Method::POST, &format!("/api/v1/wishes/{id}/steps"), &finish(30 * 60)).await;
    assert_eq!((status, e["field"].as_str()), (400, Some("minutes")), "{e}");
    let (status, w) = helper.api_send(Method::POST, &format!("/api/v1/wishes/{id}/steps"), &finish(90)).await;
    assert_eq!((status, w["status"].as_str()), (200, Some("done")), "{w}");

    // She says it is not done, then thanks once it is: the thanks show on the wall.
    let (status, _) = asker
        .api_send(Method::POST, &format!("/api/v1/wishes/{id}/steps"), &json!({"do": "not_done", "note": "还差一袋面"}))
        .await;
    assert_eq!(status, 200);
    let (status, _) = helper.api_send(Method::POST, &format!("/api/v1/wishes/{id}/steps"), &finish(90)).await;
    assert_eq!(status, 200);
    let (status, _, page) = asker.post(&format!("/wall/{id}/step"), &[("do", "thank"), ("note", "")]).await;
    assert_eq!(status, 422, "thanks need words");
    assert!(page.contains("id=\"note-error\""), "{page}");
    let (status, _, _) =
        asker.post(&format!("/wall/{id}/step"), &[("do", "thank"), ("note", "谢谢小王，米面都送到了！")]).await;
    assert_eq!(status, 303);
    let (_, _, wall) = other.get("/wall?tab=thanked").await;
    assert!(wall.contains("谢谢小王，米面都送到了！"), "{wall}");

    // The hours are confirmed and earned 15 points (10 an hour).
    let (_, _, record) = helper.get(&format!("/volunteers/{volunteer}")).await;
    assert!(record.contains("id=\"hours-total\">1.5<"), "{record}");
    let (_, mine) = helper.api("/api/v1/my/points").await;
    assert_eq!(mine["balance"], 15, "{mine}");
    assert_eq!(tally(&app, helper_id).await, (15, 15, 15));

    // The certificate carries a code that verifies, and fails when changed.
    let (status, _, cert) = helper.get(&format!("/volunteers/{volunteer}/certificate")).await;
    assert_eq!(status, 200);
    let url = cert
        .split("id=\"verify-url\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .replace("&amp;", "&")
        .replace("&#38;", "&");
    let path = &url[url.find("/verify/").unwrap()..];
    let (status, _, page) = Browser::new(&app).get(path).await;
    assert_eq!(status, 200, "{path}");
    assert!(page.contains("id=\"verify-ok\"") && page.contains("1.5"), "{page}");
    let forged = path.replace("m=90", "m=900");
    let (status, _, page) = Browser::new(&app).get(&forged).await;
    assert_eq!(status, 404);
    assert!(page.contains("id=\"verify-bad\""), "{page}");
    let (status, kind, sheet) = helper.get_bytes(&format!("/volunteers/{volunteer}/record.xlsx")).await;
    assert_eq!(status, 200);
    assert!(kind.contains("spreadsheetml") && sheet.starts_with(b"PK"), "{kind}");

    // The shop: 10 points an item, 2 in stock. One exchange; a second is short of points.
    let item = add_item(&mut staff, "大米 5 斤", 10, 2).await;
    let (status, e) =
        helper.api_send(Method::POST, &format!("/api/v1/shop/{item}/exchange"), &json!({"quantity": 1})).await;
    assert_eq!(status, 201, "{e}");
    let code = e["code"].as_str().unwrap().to_owned();
    let exchange = e["id"].as_str().unwrap().to_owned();
    let (status, e) =
        helper.api_send(Method::POST, &format!("/api/v1/shop/{item}/exchange"), &json!({"quantity": 1})).await;
    assert_eq!((status, e["field"].as_str()), (400, Some("points")), "{e}");
    assert!(e["detail"].as_str().unwrap().contains("5"), "{e}");
    let (_, shop) = staff.api("/api/v1/shop").await;
    assert_eq!(shop[0]["stock"], 1);
    let (_, _, waiting) = staff.get("/shop").await;
    assert!(waiting.contains(&code), "staff see the code at the counter: {waiting}");

    // Called off: the points and the stock come back; twice is refused.
    let (status, _) = helper.api_send(Method::POST, &format!("/api/v1/exchanges/{exchange}/cancel"), &json!({})).await;
    assert_eq!(status, 204);
    let (status, _) = helper.api_send(Method::POST, &format!("/api/v1/exchanges/{exchange}/cancel"), &json!({})).await;
    assert_eq!(status, 400);
    let (_, mine) = helper.api("/api/v1/my/points").await;
    assert_eq!(mine["balance"], 15);
    let (_, shop) = staff.api("/api/v1/shop").await;
    assert_eq!(shop[0]["stock"], 2);

    // At the counter staff exchange for her and it is handed over at once.
    let (status, e) = staff
        .api_send(Method::POST, &format!("/api/v1/shop/{item}/exchange"), &json!({"quantity": 1, "person": helper_id}))
        .await;
    assert_eq!((status, e["status"].as_str()), (201, Some("collected")), "{e}");
    assert_eq!(tally(&app, helper_id).await, (5, 5, 5));

    // A correction below zero is refused; with a reason it is a new entry.
    let (status, e) = staff
        .api_send(
            Method::POST,
            &format!("/api/v1/people/{helper_id}/points"),
            &json!({"delta": -6, "reason": "重复记录"}),
        )
        .await;
    assert_eq!((status, e["field"].as_str()), (400, Some("points")), "{e}");
    let (status, p) = staff
        .api_send(
            Method::POST,
            &format!("/api/v1/people/{helper_id}/points"),
            &json!({"delta": -5, "reason": "重复记录"}),
        )
        .await;
    assert_eq!((status, p["balance"].as_i64()), (200, Some(0)), "{p}");
    assert_eq!(p["entries"][0]["kind"], "correction");

    // Another resident cannot see her points, nor hand over her exchange.
    let (status, _) = other.api(&format!("/api/v1/people/{helper_id}/points")).await;
    assert_eq!(status, 404);
    app.stop().await;
}

#[tokio::test]
async fn sixty_four_claims_take_a_wish_once_and_sixty_four_exchanges_spend_each_point_once() {
    let app = TestApp::spawn().await;
    linli::demo_town::build(&app.app, linli::demo_town::Scale::Seed).await.unwrap();
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", JTL).await;
    let homes = households_people(&mut staff).await;
    let asker = quick_resident(&app, "q.asker", JTL, homes[0][0]).await;
    let later = linli::domain::time::day(Utc::now()) + Duration::days(3);
    let wish = app
        .app
        .post_wish(
            &asker,
            "t",
            linli::app::life::wish::NewWish {
                title: "陪老人聊天".into(),
                category: "company".into(),
                needed_by: Some(later),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let mut volunteers = Vec::new();
    for (k, h) in homes.iter().skip(1).take(64).enumerate() {
        let u = quick_resident(&app, &format!("q.v{k}"), JTL, h[0]).await;
        let n = linli::app::life::wish::NewVolunteer {
            community: JTL.into(),
            kind: "volunteer".into(),
            ..Default::default()
        };
        app.app.register_volunteer(&u, "t", n).await.unwrap();
        volunteers.push(u);
    }
    assert!(volunteers.len() >= 32, "the demo has households enough");
    let mut runs = Vec::new();
    for u in &volunteers {
        let (app, u) = (app.app.clone(), u.clone());
        runs.push(tokio::spawn(async move {
            app.wish_step(&u, "t", wish.id, linli::domain::life::wish::Step::Claim, "", 0, Vec::new()).await
        }));
    }
    let mut results = Vec::new();
    for r in runs {
        results.push(r.await.unwrap());
    }
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "exactly one claim wins");

    // One person whose points cover 3 exchanges asks 64 times at once.
    let buyer = &volunteers[0];
    let buyer_person = homes[1][0];
    let rules = app.app.points_rules(JTL).await.unwrap();
    let staff_user = {
        let row = app.app.account_by_login("liu.yuanyuan").await.unwrap();
        linli::app::access::auth::User {
            account: app.app.account_view(row).await.unwrap(),
            session: String::new(),
            ip: "t".into(),
        }
    };
    app.app.correct_points(&staff_user, "t", buyer_person, 30, "志愿服务补记").await.unwrap();
    assert!(rules.daily_cap >= 0);
    let item = add_item(&mut staff, "食用油", 10, 100).await.parse().unwrap();
    let mut runs = Vec::new();
    for _ in 0..64 {
        let (app, u) = (app.app.clone(), buyer.clone());
        runs.push(tokio::spawn(async move { app.exchange_points(&u, "t", item, 1, None).await }));
    }
    let mut results = Vec::new();
    for r in runs {
        results.push(r.await.unwrap());
    }
    let made = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(made, 3, "exactly what the points cover");
    for r in results.iter().filter_map(|r| r.as_ref().err()) {
        assert!(matches!(r, linli::app::Error::Invalid { field: "points", .. }), "{r:?}");
    }
    assert_eq!(tally(&app, buyer_person).await, (0, 0, 0));
    let (_, shop) = staff.api("/api/v1/shop").await;
    assert_eq!(shop[0]["stock"], 97);
    app.stop().await;
}

#[tokio::test]
async fn study_activities_the_daily_cap_and_expiry_earn_and_take_points_once() {
    let app = TestApp::spawn().await;
    linli::demo_town::build(&app.app, linli::demo_town::Scale::Seed).await.unwrap();
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", JTL).await;
    let homes = households_people(&mut staff).await;
    let reader_id = homes[0][0];
    let mut reader = resident(&app, "res.reader", JTL, reader_id).await;

    // Rules: 7 for study, a cap of 10 a day; out-of-bounds rules are refused by name.
    let rules = |cap: i64| json!({"study": 7, "per_hour": 10, "activity": 5, "daily_cap": cap, "expire_months": 12, "raise_days": 3});
    let (status, e) = staff.api_send(Method::PUT, &format!("/api/v1/regions/{JTL}/points-rules"), &rules(5000)).await;
    assert_eq!((status, e["field"].as_str()), (400, Some("rules")), "{e}");
    let (status, _) = staff.api_send(Method::PUT, &format!("/api/v1/regions/{JTL}/points-rules"), &rules(10)).await;
    assert_eq!(status, 200);

    let add = |title: &str| json!({"community": JTL, "title": title, "body": "第一段。\n第二段。", "minutes": 3});
    let (status, a) = staff.api_send(Method::POST, "/api/v1/study", &add("有声党建：红色家书")).await;
    assert_eq!(status, 201, "{a}");
    let (_, b) = staff.api_send(Method::POST, "/api/v1/study", &add("政策解读：养老服务补贴")).await;
    let (a, b) = (a["id"].as_str().unwrap().to_owned(), b["id"].as_str().unwrap().to_owned());

    // Opened now, finished at once: too soon.
    let (status, _, page) = reader.get(&format!("/study/{a}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("id=\"study-finish\""), "{page}");
    let (status, _, page) = reader.post(&format!("/study/{a}/finish"), &[]).await;
    assert_eq!(status, 422);
    assert!(page.contains("3"), "{page}");
    // Three minutes later (the opening moved back), it earns 7 once.
    let back = |item: &str| {
        sea_query::Query::update()
            .table(sea_query::Alias::new("study_done"))
            .value(sea_query::Alias::new("opened_at"), Utc::now() - Duration::minutes(4))
            .and_where(sea_query::ExprTrait::eq(
                sea_query::Expr::col(sea_query::Alias::new("item_id")),
                item.parse::<Uuid>().unwrap(),
            ))
            .to_owned()
    };
    exec(&app, &back(&a)).await;
    let (status, location, _) = reader.post(&format!("/study/{a}/finish"), &[]).await;
    assert_eq!((status, location.as_str()), (303, format!("/study/{a}?earned=7").as_str()));
    let (status, e) = reader.api_send(Method::POST, &format!("/api/v1/study/{a}/finish"), &json!({})).await;
    assert_eq!((status, e["points"].as_i64()), (200, Some(0)), "once only: {e}");
    // The second item meets the day's cap of 10: 3 more.
    reader.get(&format!("/study/{b}")).await;
    exec(&app, &back(&b)).await;
    let (_, e) = reader.api_send(Method::POST, &format!("/api/v1/study/{b}/finish"), &json!({})).await;
    assert_eq!(e["points"], 3, "{e}");
    assert_eq!(tally(&app, reader_id).await, (10, 10, 10));

    // Points earned more than 12 months ago expire, oldest first, with an entry.
    let old = sea_query::Query::update()
        .table(sea_query::Alias::new("points_lot"))
        .value(sea_query::Alias::new("expires_at"), Utc::now() - Duration::days(1))
        .and_where(sea_query::ExprTrait::eq(sea_query::Expr::col(sea_query::Alias::new("amount")), 7))
        .and_where(sea_query::ExprTrait::eq(sea_query::Expr::col(sea_query::Alias::new("person_id")), reader_id))
        .to_owned();
    exec(&app, &old).await;
    assert_eq!(app.app.expire_points(Utc::now()).await.unwrap(), 1);
    assert_eq!(tally(&app, reader_id).await, (3, 3, 3));
    let (_, mine) = reader.api("/api/v1/my/points").await;
    assert_eq!(mine["entries"][0]["kind"], "expire");
    assert_eq!(mine["entries"][0]["delta"], -7);

    // A gift goes only to her household, keeping the points' expiry.
    let family = homes[0].get(1).copied();
    let (status, e) =
        reader.api_send(Method::POST, "/api/v1/my/points/give", &json!({"to": homes[1][0], "amount": 1})).await;
    assert_eq!((status, e["field"].as_str()), (400, Some("to")), "{e}");
    if let Some(f) = family {
        let (status, _) = reader.api_send(Method::POST, "/api/v1/my/points/give", &json!({"to": f, "amount": 2})).await;
        assert_eq!(status, 204);
        assert_eq!(tally(&app, reader_id).await, (1, 1, 1));
        assert_eq!(tally(&app, f).await, (2, 2, 2));
    }
    app.stop().await;
}

#[tokio::test]
async fn a_wish_nobody_takes_is_raised_to_the_centre_and_the_hall_screen_names_nobody() {
    let app = TestApp::spawn().await;
    linli::demo_town::build(&app.app, linli::demo_town::Scale::Seed).await.unwrap();
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", JTL).await;
    let homes = households_people(&mut staff).await;
    let mut asker = resident(&app, "res.alone", JTL, homes[0][0]).await;
    let later = (linli::domain::time::day(Utc::now()) + Duration::days(5)).to_string();
    let body = json!({"title": "周末陪我去医院", "category": "outing", "needed_by": later});
    let (status, w) = asker.api_send(Method::POST, "/api/v1/wishes", &body).await;
    assert_eq!(status, 201, "{w}");
    let id: Uuid = w["id"].as_str().unwrap().parse().unwrap();

    // A phone number stays off the wall; a body of megabytes is refused before it is read.
    let phone = json!({"title": "修水管", "category": "repair", "needed_by": later, "body": "打我电话 139 1234 5678"});
    let (status, e) = asker.api_send(Method::POST, "/api/v1/wishes", &phone).await;
    assert_eq!((status, e["field"].as_str()), (400, Some("body")), "{e}");
    let huge = json!({"title": "大", "category": "repair", "needed_by": later, "body": "字".repeat(200_000)});
    let (status, _) = asker.api_send(Method::POST, "/api/v1/wishes", &huge).await;
    assert_eq!(status, 413);
    // Twenty different wishes at once: the five a person may have waiting, no more.
    let homes2 = households_people(&mut staff).await;
    let many = quick_resident(&app, "res.many", JTL, homes2[3][0]).await;
    let mut runs = Vec::new();
    for k in 0..20 {
        let (app, u) = (app.app.clone(), many.clone());
        let n = linli::app::life::wish::NewWish {
            title: format!("心愿{k}"),
            category: "errand".into(),
            needed_by: Some(linli::domain::time::day(Utc::now()) + Duration::days(2)),
            ..Default::default()
        };
        runs.push(tokio::spawn(async move { app.post_wish(&u, "t", n).await }));
    }
    let mut posted = 0;
    for r in runs {
        posted += usize::from(r.await.unwrap().is_ok());
    }
    assert_eq!(posted, linli::app::life::wish::OPEN_MOST);

    assert_eq!(app.app.raise_untaken_wishes(Utc::now()).await.unwrap(), 0, "not yet");
    let aged = sea_query::Query::update()
        .table(sea_query::Alias::new("wish"))
        .value(sea_query::Alias::new("created_at"), Utc::now() - Duration::days(4))
        .and_where(sea_query::ExprTrait::eq(sea_query::Expr::col(sea_query::Alias::new("id")), id))
        .to_owned();
    exec(&app, &aged).await;
    assert_eq!(app.app.raise_untaken_wishes(Utc::now()).await.unwrap(), 1);
    assert_eq!(app.app.raise_untaken_wishes(Utc::now()).await.unwrap(), 0, "once");
    let (_, _, inbox) = staff.get("/inbox").await;
    assert!(inbox.contains("心愿无人认领"), "{inbox}");
    let (_, _, bench) = staff.get("/workbench").await;
    assert!(bench.contains("/wall"), "{bench}");

    // The hall's screen: no sign-in, the wish, and not the requester's name.
    let db = raw_db(&app).await;
    let person = linli_store::registry::person::person_in(&db, JTL, homes[0][0]).await.unwrap().unwrap();
    db.close().await;
    let (status, _, screen) = Browser::new(&app).get(&format!("/regions/{JTL}/wall")).await;
    assert_eq!(status, 200);
    assert!(screen.contains("周末陪我去医院"), "{screen}");
    assert!(!screen.contains(&person.name), "the screen names nobody in full");
    let (status, _, _) = Browser::new(&app).get("/regions/141102001/wall").await;
    assert_eq!(status, 404, "a street has no wall of its own");
    app.stop().await;
}

/// One step of a random sequence on two people of one household.
#[derive(Debug, Clone)]
enum Op {
    /// Staff add points.
    Earn(i64),
    /// Staff take points off (refused below zero).
    Correct(i64),
    /// The first exchanges an item of 7 points.
    Exchange,
    /// The last exchange is called off.
    CancelLast,
    /// The first gives points to the second.
    Give(i64),
    /// The first's oldest points expire.
    ExpireOldest,
}

fn op() -> impl proptest::strategy::Strategy<Value = Op> {
    use proptest::prelude::*;
    prop_oneof![
        (1i64..40).prop_map(Op::Earn),
        (1i64..40).prop_map(Op::Correct),
        Just(Op::Exchange),
        Just(Op::CancelLast),
        (1i64..30).prop_map(Op::Give),
        Just(Op::ExpireOldest),
    ]
}

/// Random sequences of earning, spending, correcting, giving, calling off
/// and expiring: after every step each person's balance, lots and entries
/// agree, never go below zero, and match what a plain model of the rules says.
#[test]
fn random_sequences_keep_the_ledger_whole() {
    use proptest::test_runner::{Config, TestRunner};
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let (app, staff, pairs) = rt.block_on(async {
        let app = TestApp::spawn().await;
        linli::demo_town::build(&app.app, linli::demo_town::Scale::Seed).await.unwrap();
        let mut b = signed_in(&app, "liu.yuanyuan", "community_staff", JTL).await;
        let pairs: Vec<(Uuid, Uuid)> =
            households_people(&mut b).await.into_iter().filter(|h| h.len() >= 2).map(|h| (h[0], h[1])).collect();
        let row = app.app.account_by_login("liu.yuanyuan").await.unwrap();
        let staff = linli::app::access::auth::User {
            account: app.app.account_view(row).await.unwrap(),
            session: String::new(),
            ip: "t".into(),
        };
        (app, staff, pairs)
    });
    let item: Uuid = rt.block_on(async {
        let n = linli::app::life::points::NewItem {
            community: JTL.into(),
            name: "洗衣液".into(),
            points: 7,
            stock: 100_000,
            ..Default::default()
        };
        app.app.add_shop_item(&staff, "t", n).await.unwrap().id
    });
    let cases = 10.min(pairs.len() as u32);
    let used = std::sync::atomic::AtomicUsize::new(0);
    let mut runner = TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() });
    runner
        .run(&proptest::collection::vec(op(), 1..24), |ops| {
            let run = used.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let (first, second) = pairs[run % pairs.len()];
            rt.block_on(async {
                let login = format!("prop.{run}");
                let holder = quick_resident(&app, &login, JTL, first).await;
                let start = (tally(&app, first).await.0, tally(&app, second).await.0);
                let (mut a, mut b) = start;
                let mut exchanges: Vec<Uuid> = Vec::new();
                for op in &ops {
                    match op {
                        Op::Earn(n) => {
                            app.app.correct_points(&staff, "t", first, *n, "补记积分").await.unwrap();
                            a += n;
                        }
                        Op::Correct(n) => {
                            let r = app.app.correct_points(&staff, "t", first, -n, "更正多记").await;
                            assert_eq!(r.is_ok(), *n <= a, "{op:?} with {a}: {r:?}");
                            if r.is_ok() {
                                a -= n;
                            }
                        }
                        Op::Exchange => {
                            let r = app.app.exchange_points(&holder, "t", item, 1, None).await;
                            assert_eq!(r.is_ok(), 7 <= a, "{op:?} with {a}: {r:?}");
                            if let Ok(e) = r {
                                a -= 7;
                                exchanges.push(e.id);
                            }
                        }
                        Op::CancelLast => {
                            if let Some(e) = exchanges.pop() {
                                app.app.close_exchange(&holder, "t", e, false).await.unwrap();
                                a += 7;
                            }
                        }
                        Op::Give(n) => {
                            let r = app.app.give_points(&holder, "t", second, *n).await;
                            assert_eq!(r.is_ok(), *n <= a, "{op:?} with {a}: {r:?}");
                            if r.is_ok() {
                                a -= n;
                                b += n;
                            }
                        }
                        Op::ExpireOldest => {
                            let db = raw_db(&app).await;
                            let q = linli_store::life::points::LotRow::select()
                                .and_where(sea_query::ExprTrait::eq(
                                    sea_query::Expr::col(sea_query::Alias::new("person_id")),
                                    first,
                                ))
                                .and_where(sea_query::ExprTrait::gt(
                                    sea_query::Expr::col(sea_query::Alias::new("remaining")),
                                    0,
                                ))
                                .order_by(sea_query::Alias::new("earned_at"), sea_query::Order::Asc)
                                .order_by(sea_query::Alias::new("id"), sea_query::Order::Asc)
                                .limit(1)
                                .to_owned();
                            if let Some(lot) = linli_store::life::points::LotRow::one(&db, &q).await.unwrap() {
                                let at = sea_query::Query::update()
                                    .table(sea_query::Alias::new("points_lot"))
                                    .value(sea_query::Alias::new("expires_at"), Utc::now() - Duration::seconds(1))
                                    .and_where(sea_query::ExprTrait::eq(
                                        sea_query::Expr::col(sea_query::Alias::new("id")),
                                        lot.id,
                                    ))
                                    .to_owned();
                                db.execute(&at).await.unwrap();
                                app.app.expire_points(Utc::now()).await.unwrap();
                                a -= lot.remaining;
                            }
                            db.close().await;
                        }
                    }
                    for (person, expected) in [(first, a), (second, b)] {
                        let (balance, lots, entries) = tally(&app, person).await;
                        assert!(balance >= 0, "never below zero");
                        assert_eq!((balance, lots, entries), (expected, expected, expected), "after {op:?} in {ops:?}");
                    }
                }
            });
            Ok(())
        })
        .unwrap();
    rt.block_on(app.stop());
}

#[tokio::test]
async fn a_party_lesson_is_heard_to_the_end_before_its_points() {
    let app = TestApp::spawn().await;
    linli::demo_town::build(&app.app, linli::demo_town::Scale::Seed).await.unwrap();
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", JTL).await;
    let homes = households_people(&mut staff).await;
    let mut listener = resident(&app, "res.listener", JTL, homes[0][0]).await;
    let token = staff.api("/api/v1/me").await.1["csrf_token"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/study?_csrf={token}");
    let lesson = json!({"community": JTL, "title": "有声党建：家风家训", "body": "", "points": 8}).to_string();

    // What is not a recording is refused by the field, whatever its name says.
    let (status, body) =
        staff.multipart_files(&path, &[("json", &lesson)], &[("audio", "lesson.mp3", b"ID3 but text".to_vec())]).await;
    let e: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!((status, e["field"].as_str()), (400, Some("audio")), "{e}");
    assert!(e["detail"].as_str().unwrap().contains("MP3"), "{e}");
    // A text without words is refused; a recording needs none (its transcript may wait).
    let (status, e) =
        staff.api_send(Method::POST, "/api/v1/study", &json!({"community": JTL, "title": "空", "minutes": 3})).await;
    assert_eq!((status, e["field"].as_str()), (400, Some("body")), "{e}");
    let recording = linli::domain::life::audio::silence(90);
    let (status, body) =
        staff.multipart_files(&path, &[("json", &lesson)], &[("audio", "lesson.mp3", recording.clone())]).await;
    assert_eq!(status, 201, "{body}");
    let item: serde_json::Value = serde_json::from_str(&body).unwrap();
    let id = item["id"].as_str().unwrap().to_owned();
    assert!((90..=91).contains(&item["audio_seconds"].as_i64().unwrap()), "its length is read from it: {item}");
    assert_eq!(item["minutes"], 2);

    // The page plays it (a player may ask for a range); the recording is the one sent.
    let (status, _, page) = listener.get(&format!("/study/{id}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("id=\"study-audio\"") && page.contains("study.") && page.contains("1:3"), "{page}");
    let (status, kind, bytes) = listener.get_bytes(&format!("/study/{id}/audio")).await;
    assert_eq!((status, kind.as_str()), (200, "audio/mpeg"));
    assert_eq!(bytes, recording);
    let res = app
        .client
        .get(app.url(&format!("/api/v1/study/{id}/audio")))
        .header("cookie", listener.cookie_header())
        .header("range", "bytes=0-99")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 206);
    assert_eq!(res.bytes().await.unwrap().len(), 100);

    // Finished at once: refused, it must be heard first; not by someone of another community.
    let (status, e) = listener.api_send(Method::POST, &format!("/api/v1/study/{id}/finish"), &json!({})).await;
    assert_eq!((status, e["field"].as_str()), (400, Some("study")), "{e}");
    assert!(e["detail"].as_str().unwrap().contains("听完"), "{e}");
    let mut stranger = signed_in(&app, "wu.xiaoli", "community_staff", "141102003005").await;
    let (status, _, _) = stranger.get_bytes(&format!("/study/{id}/audio")).await;
    assert_eq!(status, 404, "another community's recording is not theirs");

    // Two thirds of its length after opening (1.5× speed), it earns its points once.
    use sea_query::ExprTrait;
    exec(
        &app,
        &sea_query::Query::update()
            .table("study_done")
            .value("opened_at", Utc::now() - Duration::seconds(61))
            .and_where(sea_query::Expr::col("item_id").eq(id.parse::<Uuid>().unwrap()))
            .to_owned(),
    )
    .await;
    let (status, e) = listener.api_send(Method::POST, &format!("/api/v1/study/{id}/finish"), &json!({})).await;
    assert_eq!((status, e["points"].as_i64()), (200, Some(8)), "{e}");
    let (status, e) = listener.api_send(Method::POST, &format!("/api/v1/study/{id}/finish"), &json!({})).await;
    assert_eq!((status, e["points"].as_i64()), (200, Some(0)), "once: {e}");
    app.stop().await;
}

#[tokio::test]
async fn a_wish_done_shows_its_photo_to_the_requester_only_and_an_organisation_claims_under_its_name() {
    let app = TestApp::spawn().await;
    linli::demo_town::build(&app.app, linli::demo_town::Scale::Seed).await.unwrap();
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", JTL).await;
    let homes = households_people(&mut staff).await;
    let mut asker = resident(&app, "res.asker2", JTL, homes[0][0]).await;
    let mut club = resident(&app, "res.club", JTL, homes[1][0]).await;
    let mut other = resident(&app, "res.other2", JTL, homes[2][0]).await;

    // The club registers as the registry's 老年协会; an organisation the registry lacks is refused.
    let (_, _, form) = club.get("/volunteers/join").await;
    assert!(form.contains("id=\"org\"") && form.contains("老年协会"), "the form offers the registered ones: {form}");
    let orgs = app.app.community_orgs(JTL).await.unwrap();
    let elders = orgs.iter().find(|o| o.name.ends_with("老年协会")).unwrap();
    let (elders, elders_name) = (elders.id, elders.name.clone());
    let join = |org: Uuid| json!({"community": JTL, "kind": "organisation", "org_name": "随便写", "org": org, "skills": ["repair"]});
    let (status, e) = club.api_send(Method::POST, "/api/v1/volunteers", &join(Uuid::now_v7())).await;
    assert_eq!((status, e["field"].as_str()), (400, Some("org")), "{e}");
    let (status, v) = club.api_send(Method::POST, "/api/v1/volunteers", &join(elders)).await;
    assert_eq!(status, 201, "{v}");
    assert_eq!(
        (v["org_name"].as_str(), v["org"].as_str()),
        (Some(elders_name.as_str()), Some(elders.to_string().as_str())),
        "{v}"
    );

    // A wish claimed by it shows the organisation's name.
    let later = (linli::domain::time::day(Utc::now()) + Duration::days(2)).to_string();
    let wish = json!({"title": "帮忙修一下纱窗", "category": "repair", "needed_by": later});
    let (status, w) = asker.api_send(Method::POST, "/api/v1/wishes", &wish).await;
    assert_eq!(status, 201, "{w}");
    let id = w["id"].as_str().unwrap().to_owned();
    let steps = format!("/api/v1/wishes/{id}/steps");
    let (_, w) = club.api_send(Method::POST, &steps, &json!({"do": "claim"})).await;
    assert!(w["volunteer"].as_str().unwrap_or_default().starts_with(&format!("{elders_name}（")), "{w}");
    asker.api_send(Method::POST, &steps, &json!({"do": "accept"})).await;

    // Done with a photo: a broken one is refused and nothing changes; a phone photo is kept without its GPS.
    let token = club.api("/api/v1/me").await.1["csrf_token"].as_str().unwrap().to_owned();
    let path = format!("{steps}?_csrf={token}");
    let done = json!({"do": "finish", "note": "纱窗换好了", "minutes": 40}).to_string();
    let (status, body) = club.multipart(&path, &[("json", &done)], &[b"not a picture".to_vec()]).await;
    assert_eq!(status, 400, "{body}");
    let (_, d) = asker.api(&format!("/api/v1/wishes/{id}")).await;
    assert_eq!(d["wish"]["status"], "taken", "{d}");
    let (status, body) = club.multipart(&path, &[("json", &done)], &[common::phone_photo(64, 48)]).await;
    assert_eq!(status, 200, "{body}");
    let (_, _, page) = asker.get(&format!("/wall/{id}")).await;
    let src = page
        .split("id=\"wish-photos\"><a href=\"")
        .nth(1)
        .expect("the requester sees it")
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let (status, kind, bytes) = asker.get_bytes(&src).await;
    assert_eq!((status, kind.as_str()), (200, "image/jpeg"));
    assert!(!bytes.windows(6).any(|w| w == b"Exif\0\0"), "no EXIF");
    let (status, _, _) = club.get_bytes(&src).await;
    assert_eq!(status, 200, "the volunteer too");
    // Another resident reads the wish on the wall, but not the photo of her home.
    let (_, _, page) = other.get(&format!("/wall/{id}")).await;
    assert!(!page.contains("wish-photos"), "{page}");
    let (status, _, _) = other.get_bytes(&src).await;
    assert_eq!(status, 404);
    let (_, _, screen) = Browser::new(&app).get(&format!("/regions/{JTL}/wall")).await;
    assert!(!screen.contains("/photos/"), "never on the hall's screen");
    app.stop().await;
}
