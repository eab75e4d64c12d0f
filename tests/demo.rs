//! The demo registry at the source document's numbers, seen through the
//! statistics a community head would open.

mod common;

use std::collections::{BTreeSet, HashMap};

use chrono::{Datelike, Duration, NaiveDate, Utc};
use common::{TestApp, raw_db, signed_in};
use sea_query::{Expr, ExprTrait, Query};

#[tokio::test]
async fn the_demo_has_the_seed_numbers() {
    let app = TestApp::spawn().await;
    linli::demo_town::build(&app.app, linli::demo_town::Scale::Seed).await.unwrap();
    let mut admin = signed_in(&app, "district", "district_admin", "141102").await;
    let (status, jtl) = admin.api("/api/v1/stats/141102001002").await;
    assert_eq!(status, 200, "{jtl}");
    assert_eq!(
        (jtl["households"].as_u64(), jtl["people"].as_u64(), jtl["grids"].as_u64()),
        (Some(3065), Some(8787), Some(6))
    );
    // The home page names where each served community lies, not its code.
    let (_, _, home) = common::Browser::new(&app).get("/").await;
    assert!(home.contains("<strong>交通路社区</strong><small>滨河街道</small>"), "{home}");
    let (_, lijing) = admin.api("/api/v1/stats/141102003005").await;
    assert_eq!(lijing["grids"], 52, "12 level-3 and 40 level-4 grids");
    assert_eq!(lijing["teams"], 40, "40 grid teams");
    let (_, sty) = admin.api("/api/v1/stats/141102002006").await;
    assert_eq!(sty["grids"], 31);
    // Ages, sexes and tags look like a community, not noise.
    let count = |v: &serde_json::Value, key: &str, label: &str| {
        v[key].as_array().unwrap().iter().find(|p| p[0] == label).map_or(0, |p| p[1].as_u64().unwrap())
    };
    let people = 8787;
    let elderly = count(&jtl, "by_age", "60–79") + count(&jtl, "by_age", "80+");
    assert!(elderly > people / 8 && elderly < people / 2, "{elderly} of {people} are 60 or over");
    let men = count(&jtl, "by_sex", "男");
    assert!(men > people * 2 / 5 && men < people * 3 / 5, "{men} men");
    for tag in ["独居老人", "空巢老人", "党员", "退役军人", "低保", "高龄老人"] {
        let n = count(&jtl, "by_tag", tag);
        assert!(n > 5 && n < people / 5, "{tag}: {n}");
    }
    assert_eq!(count(&jtl, "by_tag", "残疾人"), 0, "a sensitive tag is not counted for a district admin");
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let (_, own) = staff.api("/api/v1/stats/141102001002").await;
    let disabled = count(&own, "by_tag", "残疾人");
    assert!(disabled > 50 && disabled < people / 10, "staff of the community count it: {disabled}");
    assert!(count(&jtl, "by_residency", "流动") > 300);
    // The people of the story are there, where the story needs them.
    for (pinyin, name, grid) in [
        ("fengjinbao", "冯金保", "141102003005001001"),
        ("wanglie", "王丽娥", "141102002006001"),
        ("gaojianguo", "高建国", "141102001002001"),
    ] {
        let (_, found) = admin.api(&format!("/api/v1/people?q={pinyin}")).await;
        let found = found.as_array().unwrap();
        assert_eq!(found.iter().filter(|p| p["name"] == name).count(), 1, "one {name}: {found:?}");
        assert_eq!(found.iter().find(|p| p["name"] == name).unwrap()["grid"], grid, "{name}");
    }
    let (_, node) = staff.api("/api/v1/registry/141102001002").await;
    assert_eq!(node["organisations"].as_array().unwrap().len(), 4, "shops and a clinic");
    assert_eq!(node["children"].as_array().unwrap().len(), 6);
    // The street admin's page shows the same numbers for a community in their street.
    let mut street = signed_in(&app, "fengshan", "street_admin", "141102002").await;
    let (status, _, html) = street.get("/stats?region=141102002006").await;
    assert_eq!(status, 200);
    assert!(html.contains(&format!("<dd id=\"households-n\">{}</dd>", sty["households"])), "{html}");
    assert_eq!(street.get("/stats?region=141102001002").await.0, 404, "交通路 is in another street");
    let (status, _, html) = street.get("/stats").await;
    assert_eq!(status, 200, "their own street by default");
    assert!(html.contains("凤山街道") && html.contains("value=\"141102002006\""), "{html}");
    app.stop().await;
}

/// Whoever turns `years` by `day`.
fn aged(birth: NaiveDate, years: i32, day: NaiveDate) -> bool {
    let turns = NaiveDate::from_ymd_opt(birth.year() + years, birth.month(), birth.day())
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(birth.year() + years, 3, 1).unwrap());
    turns <= day
}

#[tokio::test]
async fn the_demo_names_who_to_reach_and_which_doors_are_due() {
    let app = TestApp::spawn().await;
    linli::demo_town::build(&app.app, linli::demo_town::Scale::Seed).await.unwrap();
    let grid = "141102001002001";
    let now = Utc::now();
    let visits = linli::demo::record_visits(&app.app, grid, now).await.unwrap();
    assert!(visits > 10, "{visits}");
    let applications = linli::demo::record_applications(&app.app, "141102001002", now).await.unwrap();
    assert!(applications > 10, "{applications}");

    // What the registry says, read straight from the tables.
    let db = raw_db(&app).await;
    let q = Query::select()
        .columns([("person", "id"), ("person", "id_sealed"), ("person", "tags"), ("person", "household_id")])
        .expr_as(Expr::col(("building", "grid_code")), "grid_code")
        .from("person")
        .inner_join("household", Expr::col(("household", "id")).equals(("person", "household_id")))
        .inner_join("house", Expr::col(("house", "id")).equals(("household", "house_id")))
        .inner_join("building", Expr::col(("building", "id")).equals(("house", "building_id")))
        .and_where(Expr::col(("person", "community_id")).eq("141102001002"))
        .and_where(Expr::col(("person", "status")).eq("active"))
        .to_owned();
    let rows = db.fetch_all(&q).await.unwrap();
    let today = (now + Duration::hours(8)).date_naive();
    // Only the birth month is stored in clear: the day is in the sealed number.
    let keys = linli::app::system::keys::KeyStore::load_or_create(app.engine.data_dir()).unwrap().get();
    let mut expected = BTreeSet::new();
    let mut ruled: HashMap<String, i64> = HashMap::new();
    for r in &rows {
        let (id, sealed, tags): (uuid::Uuid, String, String) =
            (r.get("id").unwrap(), r.get("id_sealed").unwrap(), r.get("tags").unwrap());
        let number = keys.open(&sealed).unwrap();
        let birth = NaiveDate::parse_from_str(&number[6..14], "%Y%m%d").unwrap();
        let tags: Vec<&str> = tags.split(',').collect();
        if aged(birth, 80, today + Duration::days(30)) {
            expected.insert((id.to_string(), "GL01".to_owned()));
        }
        if tags.contains(&"残疾人") {
            expected.insert((id.to_string(), "CJ01".to_owned()));
        }
        if tags.contains(&"退役军人") {
            expected.insert((id.to_string(), "TY01".to_owned()));
        }
        let grid_code: String = r.get("grid_code").unwrap();
        let every =
            [("独居老人", 7), ("特困", 14), ("空巢老人", 14), ("严重精神障碍", 14), ("残疾人", 30), ("高龄老人", 30)]
                .iter()
                .filter(|(t, _)| tags.contains(t))
                .map(|(_, d)| *d)
                .min();
        if let (Some(e), true) = (every, grid_code == grid) {
            let h: uuid::Uuid = r.get("household_id").unwrap();
            let slot = ruled.entry(h.to_string()).or_insert(e);
            *slot = Ord::min(*slot, e);
        }
    }
    let q = Query::select().columns(["person_id", "item_code", "state"]).from("service_application").to_owned();
    let applied: BTreeSet<(String, String)> = db
        .fetch_all(&q)
        .await
        .unwrap()
        .iter()
        .filter(|r| r.get::<String>("state").unwrap() != "refused")
        .map(|r| (r.get::<uuid::Uuid>("person_id").unwrap().to_string(), r.get::<String>("item_code").unwrap()))
        .collect();
    assert_eq!(applied.len(), applications);
    let expected: BTreeSet<(String, String)> = expected.difference(&applied).cloned().collect();
    let q = Query::select().columns(["household_id", "at"]).from("visit").to_owned();
    let last: HashMap<String, chrono::DateTime<Utc>> = db
        .fetch_all(&q)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get::<uuid::Uuid>("household_id").unwrap().to_string(), r.get("at").unwrap()))
        .collect();
    db.close().await;

    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let (status, list) = staff.api("/api/v1/services/suggestions").await;
    assert_eq!(status, 200);
    let got: BTreeSet<(String, String)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["person_id"].as_str().unwrap().to_owned(), s["item"].as_str().unwrap().to_owned()))
        .collect();
    assert!(expected.len() > 100, "{}", expected.len());
    assert_eq!(got, expected, "the proactive list is exactly who the rules name");
    let feng = list.as_array().unwrap().iter().find(|s| s["name"] == "高建国").unwrap();
    assert_eq!((feng["item"].as_str(), feng["reason"].as_str()), (Some("TY01"), Some("登记为退役军人")));
    let (_, summary) = staff.api("/api/v1/applications/summary").await;
    let overdue: i64 = summary.as_array().unwrap().iter().map(|t| t["overdue"].as_i64().unwrap()).sum();
    assert!(overdue >= 2, "the leader's view shows overdue ones: {summary}");

    let mut worker = signed_in(&app, "wang.mengxia", "grid_worker", grid).await;
    let (_, due) = worker.api("/api/v1/visits/due").await;
    let got: BTreeSet<(String, String)> = due
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["household_id"].as_str().unwrap().to_owned(), d["standing"].as_str().unwrap().to_owned()))
        .collect();
    let expected: BTreeSet<(String, String)> = ruled
        .iter()
        .filter_map(|(h, every)| match last.get(h) {
            None => Some((h.clone(), "never".to_owned())),
            Some(at) if *at + Duration::days(*every) <= now => Some((h.clone(), "overdue".to_owned())),
            Some(at) if *at + Duration::days(*every) - now <= Duration::days(3) => Some((h.clone(), "soon".to_owned())),
            Some(_) => None,
        })
        .collect();
    let kinds: BTreeSet<&str> = got.iter().map(|(_, k)| k.as_str()).collect();
    assert_eq!(kinds, BTreeSet::from(["never", "overdue", "soon"]), "the demo shows every kind");
    assert_eq!(got, expected, "her due list follows the rules");
    app.stop().await;
}

/// The demo's day at 交通路's counter is what the reconciliation page shows:
/// the counter's takings, one online payment matched, one lost callback.
#[tokio::test]
async fn the_demo_day_at_the_counter_reconciles_with_one_lost_callback() {
    let app = TestApp::spawn_with(|g| g.pay_sim = linli::config::Overrides { value: Some(true), source: None }).await;
    linli::demo_town::build(&app.app, linli::demo_town::Scale::Seed).await.unwrap();
    let now = Utc::now();
    linli::demo::bill_property_fee(&app.app, now).await.unwrap();
    let done = linli::demo::record_payments(&app.app, "141102001002", now).await.unwrap();
    assert_eq!((done.paid, done.online), (20, 1));
    assert!(done.read > 10, "{done:?}");
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let (status, r) = staff.api("/api/v1/communities/141102001002/reconciliation").await;
    assert_eq!(status, 200, "{r}");
    let count = |c: &str| {
        r["channels"].as_array().unwrap().iter().find(|x| x["channel"] == c).map_or(0, |x| x["count"].as_i64().unwrap())
    };
    assert_eq!((count("cash") + count("card"), count("online")), (20, 1), "{r}");
    let sim = &r["providers"][0];
    assert_eq!(sim["matched"].as_i64(), Some(1), "{sim}");
    let gaps: Vec<&str> = sim["differences"].as_array().unwrap().iter().map(|d| d["gap"].as_str().unwrap()).collect();
    assert_eq!(gaps, ["not_applied"]);
    // The page words the provider and who took the money, and says what a number is.
    let (_, _, page) = staff.get("/billing/reconciliation?community=141102001002").await;
    assert!(page.contains("支付通道 · 本地支付通道") && page.contains("<td>在线支付 · 本地支付通道</td>"), "{page}");
    assert!(page.contains("订单号 ") && !page.contains(" sim<"), "{page}");
    // The water bills are those of the houses read this month.
    let db = raw_db(&app).await;
    let q = Query::select().column("id").from("bill").and_where(Expr::col("fee_code").eq("SF")).to_owned();
    assert_eq!(db.fetch_all(&q).await.unwrap().len(), done.read);
    db.close().await;
    app.stop().await;
}

#[tokio::test]
async fn the_demo_tells_the_stories_of_the_source_document() {
    let app = TestApp::spawn_with(|g| g.pay_sim = linli::config::Overrides { value: Some(true), source: None }).await;
    linli::demo_town::build(&app.app, linli::demo_town::Scale::Seed).await.unwrap();
    linli::demo::bill_property_fee(&app.app, Utc::now()).await.unwrap();
    linli::demo::create_sign_ins(&app.app).await.unwrap();
    linli::demo_events::build(&app.app, linli::demo::DEMO_PASSWORD).await.unwrap();
    linli::demo_stories::tell(&app.app).await.unwrap();
    let signed_in = |login: &'static str| {
        let app = &app;
        async move {
            let mut b = common::Browser::new(app);
            let (_, location, _) = b.sign_in(login, linli::demo::DEMO_PASSWORD).await;
            assert_eq!(location, "/account", "{login} signs in");
            b
        }
    };

    // Each community's dispatch board has reports in every state, and a
    // handler unit of each (交通路's police office, the others' property
    // companies) its own tasks.
    for (login, unit) in [("liu.yuanyuan", "jingwu"), ("luo.xinjuan", "shengtai.wuye"), ("wu.xiaoli", "lijing.wuye")] {
        let mut staff = signed_in(login).await;
        let (_, list) = staff.api("/api/v1/events?limit=200").await;
        let states: BTreeSet<&str> =
            list["items"].as_array().unwrap().iter().map(|e| e["state"].as_str().unwrap()).collect();
        let every = [
            "reported",
            "accepted",
            "dispatched",
            "in_progress",
            "resolved",
            "closed",
            "visited_satisfied",
            "rejected",
        ];
        assert_eq!(states, every.into_iter().collect(), "{login}");
        let mut handler = signed_in(unit).await;
        let (_, mine) = handler.api("/api/v1/events?view=mine").await;
        assert!(!mine["items"].as_array().unwrap().is_empty(), "{unit} has tasks");
    }

    // 王丽娥 (44) of 生态园 paid this month's property fee at the kiosk.
    // The banner's handler units sign in as the demo's people do.
    for (_, _, _, _, login, _) in linli::demo_events::UNITS {
        signed_in(login).await;
    }

    let mut head = signed_in("luo.xinjuan").await;
    let (_, found) = head.api("/api/v1/people?q=13835860303").await;
    let wang = &found[0];
    assert_eq!((wang["name"].as_str(), wang["age"].as_u64()), (Some("王丽娥"), Some(44)));
    let household: uuid::Uuid = wang["household"].as_str().unwrap().parse().unwrap();
    let db = raw_db(&app).await;
    let house = linli_store::bills::house::house_of_household(&db, "141102002006", household).await.unwrap().unwrap();
    db.close().await;
    let (_, bills) = head.api(&format!("/api/v1/communities/141102002006/houses/{house}/bills")).await;
    let period = linli::domain::time::period(Utc::now());
    let fee = bills.as_array().unwrap().iter().find(|b| b["fee"] == "WY" && b["period"] == period.as_str());
    assert_eq!(fee.map(|b| (b["owed"].as_i64(), b["paid"] == b["amount"])), Some((Some(0), true)), "{bills}");

    // 冯金保's party membership went to 六一街社区 through every step, done
    // for him; his household moved out.
    let mut secretary = signed_in("wu.xiaoli").await;
    let (_, list) = secretary.api("/api/v1/applications").await;
    let transfer = list.as_array().unwrap().iter().find(|a| a["item"] == "DY01").unwrap();
    assert_eq!((transfer["applicant"].as_str(), transfer["state"].as_str()), (Some("冯金保"), Some("delivered")));
    assert_eq!(transfer["proxy"], true, "代办");
    let (_, found) = secretary.api("/api/v1/people?q=13835860505").await;
    assert_eq!(
        (found[0]["name"].as_str(), found[0]["status"].as_str()),
        (Some("冯金保"), Some("moved_out")),
        "{found}"
    );
    // The flat they left says so, and offers no visit to nobody.
    let (_, _, page) = secretary.get(&format!("/households/{}", found[0]["household"].as_str().unwrap())).await;
    assert_eq!(page.matches(r#"id="gone-"#).count(), 2, "both of them: {page}");
    assert!(!page.contains(r#"id="record-visit""#), "{page}");
    // Each community's board has its notices: 生态园's is public on its page.
    let (_, _, page) = common::Browser::new(&app).get("/regions/141102002006").await;
    assert!(page.contains("冬季供暖与用气安全提示"), "{page}");
    app.stop().await;
}
