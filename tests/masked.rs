//! Masked means masked: nothing stored in clear rebuilds an ID number, a
//! search cannot be used to read one digit by digit, and the files that hold
//! personal data are their owner's only.

mod common;

use chrono::{Datelike, NaiveDate, Utc};
use common::{Engine, TestApp, raw_db, signed_in};
use linli::app::registry::household::NewPerson;
use linli::domain::registry::id_number::{IdNumber, check_digit};
use sea_query::{Expr, ExprTrait, Query};

fn id(birth: &str, seq: &str) -> String {
    let first17 = format!("141102{birth}{seq}");
    format!("{first17}{}", check_digit(first17.as_bytes()))
}

fn person(name: &str, id_number: &str, phone: Option<&str>, relation: &str) -> NewPerson {
    NewPerson {
        name: name.into(),
        id_number: IdNumber::parse(id_number, Utc::now().date_naive()).unwrap().into(),
        phone: phone.map(|p| linli::domain::registry::phone::Phone::parse(p).unwrap()),
        relation: relation.into(),
        tags: vec![],
        facts: Default::default(),
    }
}

/// How many valid ID numbers fit what is stored in clear: the mask (`*`
/// hidden; a hidden area code taken as the local one, an attacker's best
/// guess), any day of the stored birth month, and the sex.
fn candidates(mask: &str, birth_month: NaiveDate, male: bool) -> usize {
    let m = mask.as_bytes();
    assert_eq!(m.len(), 18);
    let fits = |i: usize, c: u8| m[i] == b'*' || m[i] == c;
    let area: String = (0..6).map(|i| if m[i] == b'*' { b"141102"[i] as char } else { m[i] as char }).collect();
    let mut n = 0;
    for day in birth_month.iter_days().take_while(|d| d.month() == birth_month.month()) {
        for seq in (u32::from(male)..1000).step_by(2) {
            let first17 = format!("{area}{}{seq:03}", day.format("%Y%m%d"));
            let full = format!("{first17}{}", check_digit(first17.as_bytes()));
            if full.bytes().enumerate().all(|(i, c)| fits(i, c)) {
                n += 1;
            }
        }
    }
    n
}

const WANG: &str = "王丽娥";

/// 王丽娥 in grid 1 of 交通路; returns her ID number.
async fn registry(app: &TestApp) -> String {
    let actor = linli::app::access::audit::Actor::cli();
    let a = &app.app;
    let g1 = a.add_grid(&actor, &"141102001002".parse().unwrap(), 1, "第一网格").await.unwrap();
    let b1 = a.add_building(&actor, &g1, "交通路小区3号楼").await.unwrap();
    let wang = id("19560312", "028");
    let people =
        [person(WANG, &wang, Some("13912345678"), "本人"), person("李四", &id("19580101", "013"), None, "配偶")];
    a.add_household(&actor, &"141102001002".parse().unwrap(), b1, ("1", "101", 8000), &people).await.unwrap();
    wang
}

#[tokio::test]
async fn what_is_stored_in_clear_fits_thousands_of_id_numbers() {
    let app = TestApp::spawn().await;
    let wang = registry(&app).await;
    let db = raw_db(&app).await;
    let q = Query::select()
        .columns(["name", "id_masked", "birth_month", "sex", "phone_tail4"])
        .from("person")
        .and_where(Expr::col("name").eq(WANG))
        .to_owned();
    let row = db.fetch_optional(&q).await.unwrap().unwrap();
    let (mask, month, sex): (String, NaiveDate, String) =
        (row.get("id_masked").unwrap(), row.get("birth_month").unwrap(), row.get("sex").unwrap());
    db.close().await;
    assert_eq!(mask, "141102************");
    assert_eq!(month, NaiveDate::from_ymd_opt(1956, 3, 1).unwrap(), "year and month only");
    // The rebuild that worked for every demo person no longer does.
    let rebuilt = format!("{}{}{}", &mask[..6], month.format("%Y%m%d"), &mask[14..]);
    assert_ne!(rebuilt, wang);
    let n = candidates(&mask, month, sex == "male");
    assert!(n >= 14_000, "{n} numbers fit what is stored");
    // The same count for the mask as it was, with the month stored: a handful.
    let old = format!("{}********{}", &wang[..6], &wang[14..]);
    assert!(candidates(&old, month, sex == "male") < 10, "area and last four with the month give it away");
    app.stop().await;
}

#[tokio::test]
async fn an_older_database_is_remasked_and_loses_birth_days_on_upgrade() {
    let engine = Engine::fresh().await;
    let settings = engine.settings(|_| {});
    let db = linli_store::Db::connect(&settings.target().unwrap(), &settings.pool()).await.unwrap();
    linli_store::migrations::migrate_to(&db, 20, |_| {}).await.unwrap();
    let keys = linli::app::system::keys::KeyStore::load_or_create(engine.data_dir()).unwrap().get();
    let wang = id("19560312", "028");
    let (community, building, house, household) =
        ("141102001002", uuid::Uuid::now_v7(), uuid::Uuid::now_v7(), uuid::Uuid::now_v7());
    let now = Utc::now();
    let mut inserts = vec![
        Query::insert()
            .into_table("building")
            .columns(["community_id", "id", "grid_code", "name", "qr_token", "created_at"])
            .values_panic([
                community.into(),
                building.into(),
                community.into(),
                "3号楼".into(),
                "qr".into(),
                now.into(),
            ])
            .to_owned(),
        Query::insert()
            .into_table("house")
            .columns(["community_id", "id", "building_id", "unit", "room", "area_cm2x100", "house_use"])
            .values_panic([
                community.into(),
                house.into(),
                building.into(),
                "1".into(),
                "101".into(),
                8000i64.into(),
                "自住".into(),
            ])
            .to_owned(),
        Query::insert()
            .into_table("household")
            .columns(["community_id", "id", "house_id", "created_at"])
            .values_panic([community.into(), household.into(), house.into(), now.into()])
            .to_owned(),
    ];
    // As migration 20 left people: the mask with area and last four, the
    // whole birth date, the last four in clear. And a passport holder.
    for (name, number, masked, birth, id_type, tail) in [
        (
            WANG,
            wang.as_str(),
            format!("{}********{}", &wang[..6], &wang[14..]),
            "1956-03-12",
            "居民身份证",
            &wang[14..],
        ),
        ("Anna", "E12345678", "E1*****78".to_owned(), "1985-07-09", "护照", "5678"),
    ] {
        inserts.push(
            Query::insert()
                .into_table("person")
                .columns([
                    "community_id",
                    "id",
                    "household_id",
                    "name",
                    "id_sealed",
                    "id_hash",
                    "id_masked",
                    "birth_date",
                    "sex",
                    "relation",
                    "tags",
                    "id_type",
                    "id_tail4",
                ])
                .values_panic([
                    community.into(),
                    uuid::Uuid::now_v7().into(),
                    household.into(),
                    name.into(),
                    keys.seal(number).into(),
                    keys.lookup_hash("id", number).into(),
                    masked.into(),
                    NaiveDate::parse_from_str(birth, "%Y-%m-%d").unwrap().into(),
                    "female".into(),
                    "本人".into(),
                    "".into(),
                    id_type.into(),
                    tail.into(),
                ])
                .to_owned(),
        );
    }
    inserts.push(
        Query::insert()
            .into_table("registration")
            .columns([
                "community_id",
                "id",
                "name",
                "id_sealed",
                "id_masked",
                "phone_sealed",
                "phone_hash",
                "phone_masked",
                "password_hash",
                "state",
                "created_at",
            ])
            .values_panic([
                community.into(),
                uuid::Uuid::now_v7().into(),
                "李桂兰".into(),
                keys.seal(&wang).into(),
                format!("{}********{}", &wang[..6], &wang[14..]).into(),
                keys.seal("13912345678").into(),
                "h".into(),
                "139****5678".into(),
                "x".into(),
                "pending".into(),
                now.into(),
            ])
            .to_owned(),
    );
    for q in &inserts {
        db.execute(q).await.unwrap();
    }
    db.close().await;

    // The upgrade: migration 21, then the keys only the application can make.
    let app = TestApp::spawn_on(engine, |_| {}).await;
    let db = raw_db(&app).await;
    let q = Query::select()
        .columns(["name", "id_masked", "birth_month", "id_tail_hash"])
        .from("person")
        .order_by("name", sea_query::Order::Asc)
        .to_owned();
    let rows: Vec<(String, String, NaiveDate, Option<String>)> = db
        .fetch_all(&q)
        .await
        .unwrap()
        .iter()
        .map(|r| {
            (
                r.get("name").unwrap(),
                r.get("id_masked").unwrap(),
                r.get("birth_month").unwrap(),
                r.get("id_tail_hash").unwrap(),
            )
        })
        .collect();
    assert_eq!(rows[0].0, "Anna");
    assert_eq!((rows[0].1.as_str(), rows[0].2), ("E1*****78", NaiveDate::from_ymd_opt(1985, 7, 1).unwrap()));
    assert_eq!(rows[1].0, WANG);
    assert_eq!((rows[1].1.as_str(), rows[1].2), ("141102************", NaiveDate::from_ymd_opt(1956, 3, 1).unwrap()));
    assert!(rows.iter().all(|r| r.3.as_ref().is_some_and(|h| h.len() == 64)), "tail hashes filled: {rows:?}");
    let q = Query::select().column("id_masked").from("registration").to_owned();
    let reg: String = db.fetch_optional(&q).await.unwrap().unwrap().get("id_masked").unwrap();
    assert_eq!(reg, "141102************");
    db.close().await;

    // She is still found by her name and last four, and her age is exact.
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let (status, found) =
        staff.api(&format!("/api/v1/people?q={}", urlencode(&format!("{WANG} {}", &wang[14..])))).await;
    assert_eq!(status, 200, "{found}");
    assert_eq!(found[0]["name"], WANG);
    let today = Utc::now().date_naive();
    let exact = today.years_since(NaiveDate::from_ymd_opt(1956, 3, 12).unwrap()).unwrap();
    assert_eq!(found[0]["age"], exact, "the day comes from the sealed number");
    app.stop().await;
}

fn urlencode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

async fn id_searches_audited(app: &TestApp, actor: &str) -> Vec<String> {
    let db = raw_db(app).await;
    let q = Query::select()
        .columns(["target", "detail"])
        .from("audit_log")
        .and_where(Expr::col("action").eq("person.search_id"))
        .and_where(Expr::col("actor").like(format!("%{actor}%")))
        .to_owned();
    let rows = db.fetch_all(&q).await.unwrap();
    db.close().await;
    rows.iter()
        .map(|r| format!("{} {}", r.get::<String>("target").unwrap(), r.get::<String>("detail").unwrap()))
        .collect()
}

#[tokio::test]
async fn searches_cannot_read_an_id_number_digit_by_digit_and_guesses_are_limited_and_audited() {
    let app = TestApp::spawn().await;
    let wang = registry(&app).await;
    let mut worker = signed_in(&app, "wang.mengxia", "grid_worker", "141102001002001").await;

    // The oracle that recovered a number in 23 searches: the last 5 or 6
    // digits (the birth day's digits, one at a time), or the start. Every
    // guess now gets the same refusal, the right digit as the wrong.
    let mut answers = std::collections::BTreeSet::new();
    for d in 0..10 {
        for q in [format!("{d}{}", &wang[14..]), format!("{d}{}", &wang[13..]), format!("{}{d}", &wang[..13])] {
            let (status, body) = worker.api(&format!("/api/v1/people?q={q}")).await;
            answers.insert((status, body.to_string()));
        }
    }
    assert_eq!(answers.len(), 1, "{answers:?}");
    assert_eq!(answers.first().unwrap().0, 400);

    // Whole-number guesses: answered, each one audited without the number,
    // and no more than the hourly limit.
    let limit = linli::app::registry::person::ID_SEARCHES_PER_HOUR as usize;
    let (status, found) = worker.api(&format!("/api/v1/people?q={wang}")).await;
    assert_eq!((status, found[0]["name"].as_str()), (200, Some(WANG)));
    for seq in 1..limit {
        let guess = id("19560312", &format!("{:03}", (seq * 2) % 1000));
        let (status, _) = worker.api(&format!("/api/v1/people?q={guess}")).await;
        assert_eq!(status, 200, "guess {seq}");
    }
    let (status, body) = worker.api(&format!("/api/v1/people?q={wang}")).await;
    assert_eq!((status, body["code"].as_str()), (429, Some("too_many_attempts")), "over the limit: {body}");
    // A name with the last four counts too; a name alone does not.
    let (status, _) = worker.api(&format!("/api/v1/people?q={}", urlencode(&format!("{WANG}{}", &wang[14..])))).await;
    assert_eq!(status, 429);
    let (status, found) = worker.api(&format!("/api/v1/people?q={}", urlencode(WANG))).await;
    assert_eq!((status, found[0]["name"].as_str()), (200, Some(WANG)));

    let audited = id_searches_audited(&app, "wang.mengxia").await;
    assert_eq!(audited.len(), limit, "each answered ID search is in the audit log");
    assert!(audited.iter().all(|a| !a.contains(&wang[6..14]) && !a.contains(&wang[14..])), "{audited:?}");
    assert!(audited.iter().any(|a| a.contains("\"found\":1")), "what it found is recorded");

    // The limit is per account: a colleague still searches.
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let (status, _) = staff.api(&format!("/api/v1/people?q={wang}")).await;
    assert_eq!(status, 200);
    app.stop().await;
}

#[tokio::test]
async fn the_id_search_limit_holds_under_parallel_searches() {
    let app = TestApp::spawn().await;
    let wang = registry(&app).await;
    let staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let cookie = staff.cookie_header();
    let limit = linli::app::registry::person::ID_SEARCHES_PER_HOUR as usize;
    let mut tasks = Vec::new();
    for _ in 0..limit + 40 {
        let (client, url, cookie) = (app.client.clone(), app.url(&format!("/api/v1/people?q={wang}")), cookie.clone());
        tasks.push(tokio::spawn(async move {
            client.get(url).header("cookie", cookie).send().await.unwrap().status().as_u16()
        }));
    }
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            200 => ok += 1,
            429 => {}
            other => panic!("status {other}"),
        }
    }
    assert_eq!(ok, limit, "exactly the limit is answered");
    assert_eq!(id_searches_audited(&app, "liu.yuanyuan").await.len(), limit);
    app.stop().await;
}

#[tokio::test]
async fn a_rate_window_counts_atomically_and_starts_again_when_it_ends() {
    let app = TestApp::spawn().await;
    let db = raw_db(&app).await;
    let window = chrono::Duration::minutes(10);
    let start = Utc::now();
    let mut tasks = Vec::new();
    for _ in 0..30 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            linli_store::access::limit::take(&db, "test:a", 7, window, start).await.unwrap()
        }));
    }
    let mut granted = 0;
    for t in tasks {
        granted += usize::from(t.await.unwrap());
    }
    assert_eq!(granted, 7);
    assert!(linli_store::access::limit::take(&db, "test:b", 7, window, start).await.unwrap(), "keys are apart");
    let later = start + window + chrono::Duration::seconds(1);
    assert!(linli_store::access::limit::take(&db, "test:a", 7, window, later).await.unwrap(), "a new window");
    db.close().await;
    app.stop().await;
}

#[cfg(unix)]
#[tokio::test]
async fn the_database_and_key_files_are_the_owners_only() {
    use std::os::unix::fs::PermissionsExt;
    let app = TestApp::spawn().await;
    registry(&app).await;
    let dir = app.engine.data_dir().to_path_buf();
    let mode = |name: &str| std::fs::metadata(dir.join(name)).map(|m| m.permissions().mode() & 0o777).ok();
    assert_eq!(mode("linli.key"), Some(0o600));
    if matches!(app.engine, Engine::Sqlite(_)) {
        for f in ["linli.db", "linli.db-wal", "linli.db-shm"] {
            assert_eq!(mode(f), Some(0o600), "{f}");
        }
    }
    let engine = app.stop_keeping_database().await;

    // A key file others can read stops the start, saying how to fix it.
    let key = engine.data_dir().join("linli.key");
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let settings = engine.settings(|_| {});
    let Err(e) = linli::app::App::start(&settings, &mut |_| {}).await else { panic!("started with a readable key") };
    assert!(e.to_string().contains(&format!("chmod 600 {}", key.display())), "{e}");
    // An older, wider database file is narrowed when opened.
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    if matches!(engine, Engine::Sqlite(_)) {
        let db = engine.data_dir().join("linli.db");
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
        let app = TestApp::spawn_on(engine, |_| {}).await;
        assert_eq!(std::fs::metadata(&db).unwrap().permissions().mode() & 0o777, 0o600);
        app.stop().await;
    }
}
