//! The dashboard (大脑中枢) through HTTP on both engines: each figure equals
//! the list it links to; a grid worker's dashboard is her grid (another
//! grid is not found, her community is narrowed to her grid); the street's
//! compares its communities and the community's its grids; the page draws
//! its charts as SVG with the numbers in tables beside them.

mod common;

use common::{Browser, TestApp, signed_in};
use linli::app::access::audit::Actor;
use linli::app::registry::household::NewPerson;
use linli::domain::registry::id_number::IdNumber;
use linli::domain::registry::region::CommunityCode;
use reqwest::Method;
use serde_json::{Value, json};

const JIAOTONG: &str = "141102001002";

/// Two grids of 交通路 with a building each and households of people of
/// known ages and sexes; the buildings' ids.
async fn town(app: &TestApp) -> (String, String) {
    let actor = Actor::cli();
    let community = CommunityCode::parse(JIAOTONG).unwrap();
    let mut buildings = Vec::new();
    for (n, name) in [(1, "交通路第一网格"), (2, "交通路第二网格")] {
        let grid = app.app.add_grid(&actor, &community, n, name).await.unwrap();
        let building = app.app.add_building(&actor, &grid, &format!("交通路小区{n}号楼")).await.unwrap();
        // Grid 1: a man of 46 and a woman of 44; grid 2: a man of 81.
        let people: Vec<(&str, &str)> = if n == 1 {
            vec![("141102198003151231", "本人"), ("141102198205201225", "配偶")]
        } else {
            vec![("141102194501011217", "本人")]
        };
        let people: Vec<NewPerson> = people
            .into_iter()
            .enumerate()
            .map(|(i, (id, relation))| NewPerson {
                name: format!("住户{n}{i}"),
                id_number: IdNumber::parse(id, chrono::Utc::now().date_naive()).unwrap().into(),
                phone: None,
                relation: relation.into(),
                // The man of 81 served in the army and lives with a disability
                // (a sensitive tag, and one the visit rules call on).
                tags: if n == 2 { vec!["退役军人".into(), "残疾人".into()] } else { vec![] },
                facts: Default::default(),
            })
            .collect();
        app.app.add_household(&actor, &community, building, ("1", "101", 8000), &people).await.unwrap();
        buildings.push(building.to_string());
    }
    (buildings[0].clone(), buildings[1].clone())
}

async fn report(staff: &mut Browser<'_>, building: Option<&str>, category: &str, text: &str) -> String {
    let mut body = json!({"category": category, "text": text, "community": JIAOTONG});
    if let Some(b) = building {
        body["building"] = json!(b);
    }
    let (status, created) = staff.api_send(Method::POST, "/api/v1/events", &body).await;
    assert_eq!(status, 201, "{created}");
    created["id"].as_str().unwrap().to_owned()
}

/// How many events a list holds (all its pages: at most 200 here).
async fn listed(b: &mut Browser<'_>, query: &str) -> i64 {
    let (status, list) = b.api(&format!("/api/v1/events?limit=200&{query}")).await;
    assert_eq!(status, 200, "{query}: {list}");
    assert!(list["next"].is_null(), "one page");
    list["items"].as_array().unwrap().len() as i64
}

fn n(v: &Value, key: &str) -> i64 {
    v[key].as_i64().unwrap_or_else(|| panic!("{key} in {v}"))
}

#[tokio::test]
async fn each_figure_equals_the_list_behind_it_and_each_viewer_sees_their_area() {
    let app = TestApp::spawn().await;
    let (first, second) = town(&app).await;
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", JIAOTONG).await;
    let a = report(&mut staff, Some(&first), "0101", "1号楼楼道堆满杂物").await;
    report(&mut staff, Some(&first), "0101", "1号楼门口垃圾没人清").await;
    report(&mut staff, Some(&second), "0205", "2号楼电梯停在5楼").await;
    report(&mut staff, None, "0101", "小区北门口有垃圾").await;
    // One accepted and rejected: closed as rejected, no longer open.
    let (status, _) = staff
        .api_send(
            Method::POST,
            &format!("/api/v1/events/{a}/actions"),
            &json!({"action": "reject", "reason": "不属于本社区"}),
        )
        .await;
    assert_eq!(status, 200);

    let (status, d) = staff.api("/api/v1/dashboard").await;
    assert_eq!(status, 200, "{d}");
    assert_eq!((d["code"].as_str(), d["level"].as_str()), (Some(JIAOTONG), Some("community")));
    assert_eq!(n(&d, "events_open"), 3, "{d}");
    assert_eq!(n(&d, "events_open"), listed(&mut staff, "view=open").await);
    assert_eq!(n(&d, "events_board"), listed(&mut staff, "view=board").await);
    assert_eq!(n(&d, "events_overdue"), listed(&mut staff, "view=late").await);
    let today = d["today"].as_str().unwrap().to_owned();
    assert_eq!(n(&d, "events_today"), 4);
    assert_eq!(n(&d, "events_today"), listed(&mut staff, &format!("from={today}&to={today}")).await);
    // The trends end today and this month, and hold what was reported.
    let months = d["months"].as_array().unwrap();
    let days = d["days"].as_array().unwrap();
    assert_eq!((months.len(), days.len()), (12, 30));
    assert_eq!(days[29]["from"].as_str(), Some(today.as_str()));
    assert_eq!(n(&days[29], "reported"), 4);
    assert_eq!(n(&months[11], "reported"), 4);
    let (from, to) = (months[11]["from"].as_str().unwrap(), months[11]["to"].as_str().unwrap());
    assert_eq!(listed(&mut staff, &format!("from={from}&to={to}")).await, 4);
    // People: three, two of them in grid 1; the grids side by side.
    let population = &d["population"];
    assert_eq!((n(population, "people"), n(population, "households")), (3, 2));
    let men: i64 = population["pyramid"].as_array().unwrap().iter().map(|b| b[1].as_i64().unwrap()).sum();
    assert_eq!(men, 2);
    assert_eq!(population["pyramid"][8], json!(["80–89", 1, 0]), "the man of 81");
    let children = d["children"].as_array().unwrap();
    let grid = |code: &str| children.iter().find(|c| c["code"] == code).unwrap_or_else(|| panic!("{code}: {d}"));
    assert_eq!((n(grid("141102001002001"), "people"), n(grid("141102001002001"), "open")), (2, 1));
    assert_eq!((n(grid("141102001002002"), "people"), n(grid("141102001002002"), "open")), (1, 1));
    // The grid's own list says the same as its row.
    assert_eq!(listed(&mut staff, "view=open&grid=141102001002001").await, 1);
    // The community's list by region holds the event not placed in a grid too.
    assert_eq!(listed(&mut staff, &format!("view=open&grid={JIAOTONG}")).await, 3);

    // Who is due a visit: his household (残疾人, every 30 days), the list the same.
    let (_, due) = staff.api("/api/v1/visits/due").await;
    assert_eq!((n(&d, "visits_due"), due.as_array().unwrap().len()), (1, 1), "{d}");

    // A grid worker's dashboard is her grid; her community is narrowed to it.
    let mut worker = signed_in(&app, "wang.mengxia", "grid_worker", "141102001002001").await;
    let (status, mine) = worker.api("/api/v1/dashboard").await;
    assert_eq!(status, 200, "{mine}");
    assert_eq!((mine["level"].as_str(), n(&mine, "events_open")), (Some("grid"), 1));
    assert_eq!(n(&mine, "events_open"), listed(&mut worker, "view=open").await);
    assert_eq!(n(&mine["population"], "people"), 2);
    let (_, narrowed) = worker.api(&format!("/api/v1/dashboard?region={JIAOTONG}")).await;
    assert_eq!((n(&narrowed, "events_open"), n(&narrowed["population"], "people")), (1, 2), "{narrowed}");
    let (status, _) = worker.api("/api/v1/dashboard?region=141102001002002").await;
    assert_eq!(status, 404, "another grid is not hers");
    let (status, _) = worker.api("/api/v1/dashboard?region=14110200100").await;
    assert_eq!(status, 400, "not a region code");

    // The street compares its communities.
    let mut street = signed_in(&app, "binhe", "street_admin", "141102001000").await;
    let (status, s) = street.api("/api/v1/dashboard").await;
    assert_eq!(status, 200, "{s}");
    assert_eq!(s["level"].as_str(), Some("street"));
    let row = s["children"].as_array().unwrap().iter().find(|c| c["code"] == JIAOTONG).cloned().expect("交通路");
    assert_eq!((n(&row, "open"), n(&row, "people")), (3, 3), "{row}");
    assert_eq!(row["name"].as_str(), Some("交通路社区居委会"));
    // Due visits rest on sensitive tags: the street has neither the figure nor the list.
    assert!(s["visits_due"].is_null(), "{s}");
    let (status, due) = street.api("/api/v1/visits/due").await;
    assert_eq!((status, due.as_array().map(Vec::len)), (200, Some(0)));
    assert!(!s["population"]["by_tag"].to_string().contains("残疾人"), "{s}");

    // Another community's staff: not theirs.
    let mut other = signed_in(&app, "luo.xinjuan", "community_head", "141102002006").await;
    let (status, _) = other.api(&format!("/api/v1/dashboard?region={JIAOTONG}")).await;
    assert_eq!(status, 404);

    // The page: reached from the navigation, charts as SVG with their tables.
    let (status, _, workbench) = staff.get("/workbench").await;
    assert_eq!(status, 200);
    assert!(workbench.contains(r#"href="/dashboard""#), "the navigation offers it");
    let (status, _, page) = staff.get("/dashboard").await;
    assert_eq!(status, 200);
    assert!(page.contains(r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart pyramid""#));
    assert!(page.contains(r#"role="img""#));
    assert!(page.contains(r#"id="fig-open" href="/events?view=open""#), "the viewer's whole area: no filter");
    assert!(page.contains(r#"<strong class="count">3</strong><span>办理中</span>"#));
    assert!(page.contains(r#"href="/dashboard?region=141102001002001""#), "a grid's row opens its dashboard");
    let (_, _, grid_page) = staff.get("/dashboard?region=141102001002002").await;
    assert!(grid_page.contains(r#"id="fig-open" href="/events?view=open&#38;grid=141102001002002""#), "{grid_page}");
    // A resident has no dashboard.
    let mut resident = signed_in(&app, "jumin.t", "resident", JIAOTONG).await;
    let (status, _) = resident.api("/api/v1/dashboard").await;
    assert_eq!(status, 404);
    app.stop().await;
}

#[tokio::test]
async fn the_population_report_is_filled_from_the_registry_and_exports_with_its_totals() {
    use calamine::{Reader, Xlsx};
    let app = TestApp::spawn().await;
    town(&app).await;
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", JIAOTONG).await;
    let (status, list) = staff.api("/api/v1/reports").await;
    assert_eq!(status, 200);
    assert!(list.as_array().unwrap().iter().any(|r| r["code"] == "population"), "{list}");

    let (status, r) = staff.api("/api/v1/reports/population").await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["title"], "人口基本情况统计表");
    let columns: Vec<&str> = r["columns"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    assert_eq!(&columns[..4], ["户数", "总人口", "性别/男", "性别/女"]);
    let rows = r["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "a row per grid: {r}");
    assert_eq!(rows[0]["counts"], json!([1, 2, 1, 1, 0, 0, 2, 0, 0, 2, 0, 0]), "grid 1: a man of 46, a woman of 44");
    assert_eq!(rows[1]["counts"], json!([1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0]), "grid 2: a man of 81");
    assert_eq!(r["total"], json!([2, 3, 2, 1, 0, 0, 2, 0, 1, 3, 0, 0]));
    // The dashboard's people are the report's.
    let (_, d) = staff.api("/api/v1/dashboard").await;
    assert_eq!(n(&d["population"], "people"), 3);

    // The workbook: title, unit, merged headings, the grids and the total.
    let (status, kind, bytes) = staff.get_bytes("/reports/population/xlsx").await;
    assert_eq!(status, 200, "{kind}");
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("population").unwrap();
    let at = |row: u32, col: u32| range.get_value((row, col)).map(|v| v.to_string()).unwrap_or_default();
    assert_eq!(at(0, 0), "人口基本情况统计表");
    assert!(at(1, 0).starts_with("填报单位：交通路"), "{}", at(1, 0));
    assert_eq!((at(2, 0), at(2, 3), at(3, 3), at(3, 4)), ("网格".into(), "性别".into(), "男".into(), "女".into()));
    assert_eq!(at(4, 0), "交通路第一网格");
    assert_eq!((at(6, 0), at(6, 1), at(6, 2), at(6, 9)), ("合计".into(), "2".into(), "3".into(), "1".into()));
    let merged = book.merge_cells_by_sheet_name("population").unwrap();
    assert!(merged.iter().any(|m| (m.start, m.end) == ((2, 3), (2, 4))), "性别 over 男 and 女");

    // The page shows the same, laid out to print.
    let (status, _, page) = staff.get("/reports/population").await;
    assert_eq!(status, 200);
    assert!(page.contains(r#"<th colspan="2" scope="colgroup">性别</th>"#), "{page}");
    assert!(page.contains(r#"<tr id="report-total"><th scope="row">合计</th><td>2</td><td>3</td>"#));

    // Sensitive groups' counts are for those who work the area; unknown reports are not found.
    let (status, special) = staff.api("/api/v1/reports/special_groups").await;
    assert_eq!(status, 200);
    assert_eq!(special["columns"][9], "其他/退役军人");
    assert_eq!((special["total"][0].as_i64(), special["total"][9].as_i64()), (Some(3), Some(1)), "{special}");
    assert_eq!(special["rows"][1]["counts"][9], 1, "in grid 2");
    assert_eq!(special["columns"][8], "其他/残疾人");
    assert_eq!(special["total"][8], 1, "staff who work the area see the sensitive column");
    let mut street = signed_in(&app, "binhe", "street_admin", "141102001000").await;
    let (status, theirs) = street.api("/api/v1/reports/special_groups").await;
    assert_eq!(status, 200);
    assert_eq!(theirs["left_out"], json!(["残疾人"]), "sensitive groups stay with those who work the area");
    assert!(!theirs["columns"].as_array().unwrap().iter().any(|c| c.as_str().unwrap().contains("残疾人")));
    assert_eq!((theirs["columns"].as_array().unwrap().len(), theirs["total"][8].as_i64()), (9, Some(1)), "{theirs}");
    let (status, s) = street.api("/api/v1/reports/population").await;
    assert_eq!((status, s["total"][1].as_i64()), (200, Some(3)), "the street's rows are its communities: {s}");
    // The list offers only areas the user may report on: no links that lead nowhere.
    let (status, _, list) = street.get("/reports").await;
    assert_eq!(status, 200);
    assert!(list.contains(r#"href="/reports/population?region=141102001000""#), "{list}");
    let (status, _, _) = street.get("/reports?region=141102002000").await;
    assert_eq!(status, 404, "another street");
    let mut worker = signed_in(&app, "wang.mengxia", "grid_worker", "141102001002001").await;
    let (status, _, _) = worker.get(&format!("/reports?region={JIAOTONG}")).await;
    assert_eq!(status, 404, "her community is not hers to report on whole");
    let (status, mine) = worker.api("/api/v1/reports/population").await;
    assert_eq!((status, mine["code"].as_str()), (200, Some("141102001002001")), "{mine}");
    let (status, _) = staff.api("/api/v1/reports/salaries").await;
    assert_eq!(status, 404);
    app.stop().await;
}
