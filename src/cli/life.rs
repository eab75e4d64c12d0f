//! `linli bench life`: many people at once for one room's hour and for an
//! activity's last places — the figures of BENCHMARKS.md for rooms and
//! activities, checked as they are measured.

use super::*;
use crate::app::refusal::CentreRefusal;

/// What the life benchmark measures.
pub(super) struct LifeBench {
    /// Requests at once.
    pub at_once: usize,
    /// Places left when they arrive.
    pub last_places: i64,
}

fn fail(e: impl std::fmt::Display) -> Failure {
    Failure::runtime(e.to_string())
}

/// A signed-in user as the app knows one.
async fn as_user(app: &app::App, login: &str) -> Result<app::access::auth::User, Failure> {
    let row = app.account_by_login(login).await.map_err(fail)?;
    let account = app.account_view(row).await.map_err(fail)?;
    Ok(app::access::auth::User { account, session: String::new(), ip: "bench".into() })
}

/// Builds the seed town, `at_once` residents and more, then fires the
/// bookings and the registrations at once and checks what they came to.
pub(super) async fn bench_life(settings: Settings, b: LifeBench) -> Result<(), Failure> {
    use chrono::{Duration, NaiveTime, Utc};
    let app = app::App::start(&settings, &mut |_| {}).await.map_err(fail)?;
    let actor = Actor::cli();
    let community = "141102001002";
    let code = RegionCode::parse(community).map_err(fail)?;
    eprintln!("建立演示小区 / building the seed town");
    crate::demo_town::build(&app, crate::demo_town::Scale::Seed).await.map_err(fail)?;
    let new =
        NewAccount { username: Some("bench.staff".into()), display_name: "压测工作人员".into(), phone: None };
    let (staff, _) = app.create_account(&actor, new).await.map_err(fail)?;
    app.grant(&actor, &staff.row, Role::CommunityStaff, &code).await.map_err(fail)?;
    let staff = as_user(&app, "bench.staff").await?;
    let people: Vec<uuid::Uuid> = app
        .households(&staff, 500)
        .await
        .map_err(fail)?
        .iter()
        .filter_map(|h| h.people.first().map(|p| p.id))
        .collect();
    let before = 15usize;
    let wanted = b.at_once + before;
    if people.len() < wanted {
        return Err(fail(format!("the seed town has {} households with people; {wanted} needed", people.len())));
    }
    eprintln!("登记 {wanted} 个居民账号 / {wanted} resident accounts");
    let mut residents = Vec::with_capacity(wanted);
    for (k, person) in people.iter().take(wanted).enumerate() {
        let login = format!("bench.r{k}");
        let new = NewAccount { username: Some(login.clone()), display_name: format!("居民{k}"), phone: None };
        let (a, _) = app.create_account(&actor, new).await.map_err(fail)?;
        app.grant(&actor, &a.row, Role::Resident, &code).await.map_err(fail)?;
        app.link_resident_account(&actor, a.row.id, community, *person).await.map_err(fail)?;
        residents.push(as_user(&app, &login).await?);
    }
    let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default();
    let room = app
        .add_room(
            &staff,
            "bench",
            app::life::room::NewRoom {
                community: community.into(),
                name: "共享会议室".into(),
                capacity: 20,
                opens: t(8, 0),
                closes: t(21, 0),
                days: 0x7f,
                needs_approval: false,
                rules: String::new(),
                equipment: String::new(),
            },
        )
        .await
        .map_err(fail)?;
    let tomorrow = crate::domain::time::day(Utc::now()) + Duration::days(1);

    // The same room and hour, booked by everyone at once.
    let started = std::time::Instant::now();
    let mut runs = Vec::new();
    for r in residents.iter().skip(before).cloned() {
        let app = app.clone();
        let n = app::life::room::NewBooking {
            day: tomorrow,
            start: t(10, 0),
            end: t(11, 0),
            purpose: format!("{}的聚会", r.account.row.display_name),
            association: None,
            repeat: None,
        };
        runs.push(tokio::spawn(async move { app.book_room(&r, "bench", room.id, n).await }));
    }
    let (mut booked, mut refused_taken) = (0, 0);
    for r in runs {
        match r.await.map_err(fail)? {
            Ok(_) => booked += 1,
            Err(app::Error::Invalid { reason: app::refusal::Reason::RoomTaken { .. }, .. }) => refused_taken += 1,
            Err(e) => return Err(fail(format!("a booking failed otherwise: {e}"))),
        }
    }
    let took = started.elapsed();
    println!(
        "场地 / room: {} 个同时预约同一小时 → {booked} 个成功，{refused_taken} 个被拒（已被预约）；{:.0} ms / {} bookings of one hour at once → {booked} confirmed, {refused_taken} refused as taken",
        b.at_once,
        took.as_secs_f64() * 1e3,
        b.at_once
    );
    if booked != 1 || refused_taken != b.at_once - 1 {
        return Err(fail("more or fewer than one booking confirmed"));
    }

    // An activity with `last_places` left when everyone registers at once.
    let capacity = before as i64 + b.last_places;
    let activity = app
        .add_activity(
            &staff,
            "bench",
            app::life::activity::NewActivity {
                community: community.into(),
                association: None,
                title: "健康讲座".into(),
                body: String::new(),
                room: None,
                place: "社区广场".into(),
                day: tomorrow,
                start: t(14, 0),
                end: t(15, 0),
                deadline: None,
                capacity,
                open_to: crate::domain::life::activity::OpenTo::All,
                public: true,
                weeks: 1,
            },
        )
        .await
        .map_err(fail)?;
    for r in residents.iter().take(before) {
        app.register_for_activity(r, "bench", activity.id).await.map_err(fail)?;
    }
    let started = std::time::Instant::now();
    let mut runs = Vec::new();
    for r in residents.into_iter().skip(before) {
        let app = app.clone();
        runs.push(tokio::spawn(async move { app.register_for_activity(&r, "bench", activity.id).await }));
    }
    for r in runs {
        r.await.map_err(fail)?.map_err(fail)?;
    }
    let took = started.elapsed();
    let list = linli_store::life::activity::registrations(app.db(), activity.id).await.map_err(fail)?;
    let late: Vec<_> = list.iter().filter(|r| r.seq > before as i64).collect();
    let confirmed: Vec<i64> = late.iter().filter(|r| r.standing == "confirmed").map(|r| r.seq).collect();
    let mut waiting: Vec<i64> = late.iter().filter(|r| r.standing == "waitlisted").map(|r| r.seq).collect();
    waiting.sort();
    let in_order = confirmed.iter().all(|c| waiting.first().is_none_or(|w| c < w));
    println!(
        "活动 / activity: {} 人同时报名最后 {} 个名额 → {} 人报名成功，{} 人候补（按到达顺序：{}）；{:.0} ms / {} registrations at once for the last {} places → {} confirmed, {} waitlisted (in order: {in_order})",
        b.at_once,
        b.last_places,
        confirmed.len(),
        waiting.len(),
        if in_order { "是" } else { "否" },
        took.as_secs_f64() * 1e3,
        b.at_once,
        b.last_places,
        confirmed.len(),
        waiting.len()
    );
    app.close().await;
    if confirmed.len() as i64 != b.last_places || waiting.len() != b.at_once - b.last_places as usize || !in_order {
        return Err(fail("the places were not given as they should be"));
    }
    Ok(())
}

/// Builds the seed town and `at_once` volunteers, fires their claims of one
/// wish and one person's exchanges at once, then fills the wall with
/// `wishes` and reads it as a resident would, timing each read.
pub(super) async fn bench_wall(settings: Settings, at_once: usize, wishes: usize) -> Result<(), Failure> {
    use chrono::{Duration, Utc};
    let app = app::App::start(&settings, &mut |_| {}).await.map_err(fail)?;
    let actor = Actor::cli();
    let community = "141102001002";
    let code = RegionCode::parse(community).map_err(fail)?;
    eprintln!("建立演示小区 / building the seed town");
    crate::demo_town::build(&app, crate::demo_town::Scale::Seed).await.map_err(fail)?;
    let new =
        NewAccount { username: Some("bench.staff".into()), display_name: "压测工作人员".into(), phone: None };
    let (staff, _) = app.create_account(&actor, new).await.map_err(fail)?;
    app.grant(&actor, &staff.row, Role::CommunityStaff, &code).await.map_err(fail)?;
    let staff = as_user(&app, "bench.staff").await?;
    let homes = app.households(&staff, 500).await.map_err(fail)?;
    let people: Vec<(uuid::Uuid, uuid::Uuid, String)> =
        homes.iter().filter_map(|h| h.people.first().map(|p| (p.id, h.row.id, h.row.grid_code.clone()))).collect();
    if people.len() < at_once + 1 {
        return Err(fail(format!("the seed town has {} households with people; {} needed", people.len(), at_once + 1)));
    }
    eprintln!("登记 {at_once} 个志愿者 / {at_once} volunteers");
    let mut volunteers = Vec::with_capacity(at_once + 1);
    for (k, (person, _, _)) in people.iter().take(at_once + 1).enumerate() {
        let login = format!("bench.v{k}");
        let new = NewAccount { username: Some(login.clone()), display_name: format!("志愿者{k}"), phone: None };
        let (a, _) = app.create_account(&actor, new).await.map_err(fail)?;
        app.grant(&actor, &a.row, Role::Resident, &code).await.map_err(fail)?;
        app.link_resident_account(&actor, a.row.id, community, *person).await.map_err(fail)?;
        let u = as_user(&app, &login).await?;
        let offer = app::life::wish::NewVolunteer {
            community: community.into(),
            kind: "volunteer".into(),
            ..Default::default()
        };
        app.register_volunteer(&u, "bench", offer).await.map_err(fail)?;
        volunteers.push(u);
    }
    let asker = volunteers.remove(0);
    let later = crate::domain::time::day(Utc::now()) + Duration::days(3);
    let wish = app::life::wish::NewWish {
        title: "陪老人聊天".into(),
        category: "company".into(),
        needed_by: Some(later),
        ..Default::default()
    };
    let wish = app.post_wish(&asker, "bench", wish).await.map_err(fail)?;

    // One wish, claimed by everyone at once.
    let started = std::time::Instant::now();
    let mut runs = Vec::new();
    for v in volunteers.clone() {
        let app = app.clone();
        runs.push(tokio::spawn(async move {
            app.wish_step(&v, "bench", wish.id, crate::domain::life::wish::Step::Claim, "", 0, Vec::new()).await
        }));
    }
    let (mut won, mut refused) = (0, 0);
    for r in runs {
        match r.await.map_err(fail)? {
            Ok(_) => won += 1,
            Err(app::Error::Invalid { reason: app::refusal::Reason::Wish(_), .. }) => refused += 1,
            Err(e) => return Err(fail(format!("a claim failed otherwise: {e}"))),
        }
    }
    println!(
        "心愿 / wish: {at_once} 个志愿者同时认领同一心愿 → {won} 个成功，{refused} 个被拒；{:.0} ms / {at_once} claims of one wish at once → {won} won, {refused} refused",
        started.elapsed().as_secs_f64() * 1e3
    );
    if won != 1 {
        return Err(fail("more or fewer than one claim won"));
    }

    // One person whose points cover 3 exchanges asks `at_once` times at once.
    let buyer = volunteers[0].clone();
    let buyer_person = people[1].0;
    app.correct_points(&staff, "bench", buyer_person, 30, "压测补记").await.map_err(fail)?;
    let item = app::life::points::NewItem {
        community: community.into(),
        name: "食用油".into(),
        points: 10,
        stock: 1_000,
        ..Default::default()
    };
    let item = app.add_shop_item(&staff, "bench", item).await.map_err(fail)?;
    let started = std::time::Instant::now();
    let mut runs = Vec::new();
    for _ in 0..at_once {
        let (app, u) = (app.clone(), buyer.clone());
        runs.push(tokio::spawn(async move { app.exchange_points(&u, "bench", item.id, 1, None).await }));
    }
    let (mut made, mut short) = (0, 0);
    for r in runs {
        match r.await.map_err(fail)? {
            Ok(_) => made += 1,
            Err(app::Error::Invalid { reason: app::refusal::Reason::NotEnoughPoints { .. }, .. }) => short += 1,
            Err(e) => return Err(fail(format!("an exchange failed otherwise: {e}"))),
        }
    }
    let (balance, lots, entries) = linli_store::life::points::tally(app.db(), buyer_person).await.map_err(fail)?;
    println!(
        "积分 / points: 一人同时兑换 {at_once} 次（积分够 3 次）→ {made} 次成功，{short} 次积分不足；余额 {balance}（积分批次 {lots}，明细合计 {entries}）；{:.0} ms / {at_once} exchanges at once by one person whose points cover 3 → {made} made, {short} short; balance {balance}",
        started.elapsed().as_secs_f64() * 1e3
    );
    if made != 3 || balance != 0 || lots != 0 || entries != 0 {
        return Err(fail("the points did not cover exactly three exchanges"));
    }

    // The wall with `wishes` in the database, read as a resident would.
    eprintln!("写入 {wishes} 个心愿 / writing {wishes} wishes");
    let (person, household, grid) = people[0].clone();
    let now = Utc::now();
    let states = ["open", "claimed", "taken", "done", "thanked", "withdrawn"];
    let mut rows = Vec::with_capacity(2_000);
    for k in 0..wishes {
        let at = now - Duration::seconds(k as i64 * 60);
        rows.push(linli_store::life::wish::WishRow {
            id: uuid::Uuid::now_v7(),
            community_id: community.into(),
            grid_code: grid.clone(),
            household_id: household,
            person_id: person,
            account_id: None,
            shown_name: "王女士".into(),
            title: format!("心愿 {k}"),
            body: String::new(),
            category: "errand".into(),
            needed_by: later,
            status: states[k % states.len()].into(),
            volunteer_id: None,
            volunteer_name: None,
            claimed_at: None,
            taken_at: None,
            done_at: None,
            done_note: None,
            thanks: None,
            thanked_at: None,
            not_done: None,
            raised_at: None,
            posted_by: "bench".into(),
            created_at: at,
            updated_at: at,
        });
        // 25 columns a row: 1,000 rows stay under SQLite's 32,766 variables.
        if rows.len() == 1_000 || k + 1 == wishes {
            linli_store::life::wish::add_many(app.db(), &rows).await.map_err(fail)?;
            rows.clear();
        }
    }
    app.db().analyze(&["wish"]).await.map_err(fail)?;
    let mut took = Vec::new();
    for k in 0..300 {
        let tab = app::life::wish::Tab::ALL[k % 4];
        let started = std::time::Instant::now();
        let wall = app.wall(&asker, tab).await.map_err(fail)?;
        took.push(started.elapsed().as_secs_f64() * 1e3);
        if wall.wishes.is_empty() {
            return Err(fail("the wall came back empty"));
        }
    }
    let p = quantiles(took);
    println!(
        "爱心回音壁 / wall: 库中 {wishes} 个心愿，读 300 次 → p50 {:.1} ms，p95 {:.1} ms / {wishes} wishes, 300 reads → p50 {:.1} ms, p95 {:.1} ms",
        p(0.5),
        p(0.95),
        p(0.5),
        p(0.95)
    );
    app.close().await;
    Ok(())
}

/// Sets a counter up with one product of which `last` are left, fires
/// `at_once` orders of one each at the same moment (each from its own
/// address, as visitors would) and checks that exactly `last` are sold.
pub(super) async fn bench_produce(settings: Settings, at_once: usize, last: i64) -> Result<(), Failure> {
    use chrono::{Duration, NaiveTime, Utc};
    let app = app::App::start(&settings, &mut |_| {}).await.map_err(fail)?;
    let actor = Actor::cli();
    let community = "141102001002";
    let e = app
        .add_enterprise_by(
            &actor,
            app::centre::produce::NewEnterprise {
                community: community.into(),
                name: "隆泰面粉厂".into(),
                village: "归化村".into(),
                about: String::new(),
            },
        )
        .await
        .map_err(fail)?;
    let product = app::centre::produce::NewProduct {
        name: "隆泰石磨面粉 5 斤".into(),
        price: 3500,
        unit: "袋".into(),
        stock: last,
        active: true,
        ..Default::default()
    };
    let p = app.add_produce_product_by(&actor, &e, product).await.map_err(fail)?;
    let day = crate::domain::time::day(Utc::now()) + Duration::days(1);
    let at =
        |h| crate::domain::time::zone().instant(day.and_time(NaiveTime::from_hms_opt(h, 0, 0).unwrap_or_default()));
    let w = app.add_pickup_window_by(&actor, community, (at(9), at(18)), 500).await.map_err(fail)?;
    let started = std::time::Instant::now();
    let mut runs = Vec::new();
    for k in 0..at_once {
        let app = app.clone();
        let n = app::centre::produce::NewOrder {
            window: Some(w.id),
            name: format!("买家{k}"),
            phone: format!("138{:08}", k),
            lines: vec![(p.id, 1)],
        };
        runs.push(tokio::spawn(async move {
            app.place_produce_order(&format!("10.9.{}.{}", k / 250, k % 250), None, community, n).await
        }));
    }
    let (mut sold, mut short) = (0, 0);
    for r in runs {
        match r.await.map_err(fail)? {
            Ok(_) => sold += 1,
            Err(app::Error::Invalid {
                reason: app::refusal::Reason::Centre(CentreRefusal::ProduceShort { .. }),
                ..
            }) => short += 1,
            Err(e) => return Err(fail(format!("an order failed otherwise: {e}"))),
        }
    }
    let left = app.produce_product(p.id).await.map_err(fail)?.0.stock;
    println!(
        "助农 / produce: {at_once} 个订单同时抢最后 {last} 件 → 售出 {sold} 件，{short} 单库存不足，剩余库存 {left}；{:.0} ms / {at_once} orders at once for the last {last} → {sold} sold, {short} refused, stock left {left}",
        started.elapsed().as_secs_f64() * 1e3
    );
    app.close().await;
    if sold != last || left != 0 {
        return Err(fail("more or fewer than the items left were sold"));
    }
    Ok(())
}

/// Enrols `elders` elders with mixed diets, books each a lunch (and a third
/// of them a breakfast) for tomorrow, and reads the kitchen's order for
/// that day 200 times; checks its plates add up.
pub(super) async fn bench_daycare(settings: Settings, elders: usize) -> Result<(), Failure> {
    use chrono::{Duration, Utc};
    use linli_store::centre::daycare as store;

    use crate::domain::centre::daycare::{Course, Diet, Meal, diets_text};
    let app = app::App::start(&settings, &mut |_| {}).await.map_err(fail)?;
    let actor = Actor::cli();
    let community = "141102002006";
    let day = crate::domain::time::day(Utc::now()) + Duration::days(1);
    let courses = [
        (Course::Cold, "凉拌木耳"),
        (Course::Hot, "清蒸鲈鱼、蒜蓉西兰花"),
        (Course::Soup, "冬瓜汤"),
        (Course::Staple, "米饭、馒头"),
        (Course::Fruit, "香蕉"),
    ];
    let mut cells: Vec<_> = courses.iter().map(|(c, d)| (day, Meal::Lunch, *c, (*d).to_owned())).collect();
    cells.push((day, Meal::Breakfast, Course::Staple, "鸡蛋、馒头".into()));
    app.save_week_by(&actor, community, day, &cells).await.map_err(fail)?;
    app.publish_week_by(&actor, community, day).await.map_err(fail)?;
    let now = Utc::now();
    let mut tx = app.db().begin().await.map_err(fail)?;
    let mut breakfasts = 0u32;
    for k in 0..elders {
        let diets: &[Diet] = match k % 6 {
            0 => &[Diet::Diabetic],
            1 => &[Diet::Soft, Diet::LowSalt],
            2 => &[Diet::LowSalt],
            _ => &[],
        };
        let e = store::ElderRow {
            community_id: community.into(),
            id: uuid::Uuid::now_v7(),
            person_id: uuid::Uuid::now_v7(),
            name: format!("老人{k}"),
            diets: diets_text(diets),
            allergies: if k % 25 == 0 { "花生".into() } else { String::new() },
            notes: String::new(),
            active: true,
            enrolled_at: now,
        };
        store::add_elder(&mut tx, &e).await.map_err(fail)?;
        for meal in [Meal::Lunch, Meal::Breakfast].into_iter().take(if k % 3 == 0 { 2 } else { 1 }) {
            breakfasts += u32::from(meal == Meal::Breakfast);
            let b = store::BookingRow {
                community_id: community.into(),
                elder_id: e.id,
                day,
                meal: meal.code().into(),
                booked_by: uuid::Uuid::nil(),
                booked_as: "staff".into(),
                price: 1200,
                created_at: now,
            };
            store::book(&mut tx, &b).await.map_err(fail)?;
        }
    }
    tx.commit().await.map_err(fail)?;
    app.db().analyze(&["daycare_booking", "daycare_elder"]).await.map_err(fail)?;
    let mut took = Vec::new();
    for _ in 0..200 {
        let started = std::time::Instant::now();
        let k = app.kitchen_sheet(community, day).await.map_err(fail)?;
        took.push(started.elapsed().as_secs_f64() * 1e3);
        let lunch = k.plates[Meal::Lunch as usize];
        if lunch.plates as usize != elders || k.plates[Meal::Breakfast as usize].plates != breakfasts {
            return Err(fail("the kitchen's plates do not add up to the bookings"));
        }
    }
    let p = quantiles(took);
    println!(
        "日间照料 / day care: {elders} 位老人订餐，中央厨房订餐单读 200 次 → p50 {:.1} ms，p95 {:.1} ms / the kitchen's order for {elders} elders, 200 reads → p50 {:.1} ms, p95 {:.1} ms",
        p(0.5),
        p(0.95),
        p(0.5),
        p(0.95)
    );
    app.close().await;
    Ok(())
}

/// Saves one reader's position in one book from two devices, `readings`
/// times each, all at once and in a shuffled order, and checks that the
/// position left is the latest reading's.
pub(super) async fn bench_reading(settings: Settings, readings: usize) -> Result<(), Failure> {
    use chrono::{Duration, Utc};

    use crate::domain::centre::reading::Locator;
    let app = app::App::start(&settings, &mut |_| {}).await.map_err(fail)?;
    let actor = Actor::cli();
    let book = app::centre::reading::NewBook {
        community: "141102002006".into(),
        title: "平凡的世界".into(),
        author: "路遥".into(),
        isbn: "978-7-02-000220-7".into(),
        copies: 2,
        ..Default::default()
    };
    let book = app.add_book_by(&actor, book).await.map_err(fail)?;
    let reader = uuid::Uuid::now_v7();
    // Whole seconds: PostgreSQL keeps microseconds, and the check compares.
    let t0 = chrono::SubsecRound::trunc_subsecs(Utc::now(), 0) - Duration::hours(3);
    // Device A reads on even seconds, device B on odd ones; chapter and
    // progress follow the time, so the latest reading is known.
    let mut saves: Vec<(usize, &str)> = (0..2 * readings).map(|i| (i, if i % 2 == 0 { "A" } else { "B" })).collect();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in (1..saves.len()).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        saves.swap(i, (x % (i as u64 + 1)) as usize);
    }
    let total = saves.len();
    let started = std::time::Instant::now();
    let mut runs = Vec::new();
    for (i, device) in saves {
        let app = app.clone();
        runs.push(tokio::spawn(async move {
            let progress = i as f64 / total as f64;
            let locator = Locator::new(&format!("OEBPS/ch{:03}.xhtml", i / 10), 0.5, progress).map_err(fail)?;
            let read = t0 + Duration::seconds(i as i64);
            app.save_position(reader, book.id, (locator, None, None), (device, Some(read), 0)).await.map_err(fail)
        }));
    }
    let mut kept = 0;
    for r in runs {
        kept += usize::from(r.await.map_err(fail)??);
    }
    let took = started.elapsed().as_secs_f64() * 1e3;
    let p = app.position(reader, book.id).await.map_err(fail)?.ok_or_else(|| fail("no position stored"))?;
    let last = total - 1;
    let latest =
        p.read_at == t0 + Duration::seconds(last as i64) && p.href == format!("OEBPS/ch{:03}.xhtml", last / 10);
    println!(
        "云书签 / reading: 两台设备各 {readings} 次、乱序同时保存阅读位置 → 留下 {}（{} 次被采用），{took:.0} ms / two devices × {readings} saves at once in shuffled order → the latest reading {} ({} kept on the way), {took:.0} ms",
        if latest { "最新一次" } else { "不是最新的" },
        kept,
        if latest { "stands" } else { "LOST" },
        kept
    );
    app.close().await;
    if !latest {
        return Err(fail("the position left is not the latest reading's"));
    }
    Ok(())
}

/// The q-quantile of some timings (ms), for the benches' p50 and p95.
fn quantiles(mut took: Vec<f64>) -> impl Fn(f64) -> f64 {
    took.sort_by(f64::total_cmp);
    move |q| took.get(((took.len() as f64 * q) as usize).min(took.len().saturating_sub(1))).copied().unwrap_or(0.0)
}
