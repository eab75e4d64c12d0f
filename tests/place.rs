//! The registry tree: staff and grid workers walk it from their area down to
//! a house; staff draw boundaries, move buildings between grids (scope
//! follows), set a house's use and area, and register organisations.

mod common;

use common::{TestApp, signed_in};
use reqwest::Method;
use serde_json::json;

async fn with_demo_registry() -> TestApp {
    let app = TestApp::spawn().await;
    linli::demo_people::fill(&app.app).await.unwrap();
    app
}

fn links(html: &str, prefix: &str) -> Vec<String> {
    html.split(&format!("href=\"{prefix}")).skip(1).map(|s| s.split('"').next().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn staff_walk_the_tree_and_a_moved_building_takes_its_households_to_the_other_grid() {
    let app = with_demo_registry().await;
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let (status, location, _) = staff.get("/registry").await;
    assert_eq!((status, location.as_str()), (303, "/registry/141102001002"));
    let (status, _, html) = staff.get("/registry/141102001002").await;
    assert_eq!(status, 200);
    assert!(html.contains("交通路第一网格") && html.contains("12 户"), "{html}");
    assert_eq!(staff.get("/registry/141102002006").await.0, 404, "another community is not there for them");

    let (_, _, grid) = staff.get("/registry/141102001002001").await;
    let buildings = links(&grid, "/registry/buildings/");
    assert_eq!(buildings.len(), 2);
    assert!(grid.contains("独居老人"), "the grid's special groups are listed");
    let (status, _, page) = staff.get(&format!("/registry/buildings/{}", buildings[0])).await;
    assert_eq!(status, 200);
    assert!(page.contains("1-101") && page.contains("自住"));

    // A house becomes rented, 86.5 m².
    let house = page.split("/houses/").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let path = format!("/registry/buildings/{}/houses/{house}", buildings[0]);
    let (status, _, page) = staff.post(&path, &[("house_use", "出租"), ("area", "86.5")]).await;
    assert_eq!(status, 200);
    assert!(page.contains("出租") && page.contains("86.50"), "{page}");
    let (status, _, page) = staff.post(&path, &[("house_use", "出租"), ("area", "八十")]).await;
    assert_eq!(status, 422);
    assert!(page.contains("面积应为"));

    // Moving the building to grid 2 moves its households' scope.
    let mut wang = signed_in(&app, "wang.mengxia", "grid_worker", "141102001002001").await;
    let mut zhao = signed_in(&app, "zhao.yifei", "grid_worker", "141102001002002").await;
    let before = links(&zhao.get("/households").await.2, "/households/").len();
    let path = format!("/registry/buildings/{}/grid", buildings[0]);
    let (status, _, _) = wang.post(&path, &[("grid", "141102001002002")]).await;
    assert_eq!(status, 403, "a grid worker does not move buildings");
    let (status, _, _) = staff.post(&path, &[("grid", "141102001002002")]).await;
    assert_eq!(status, 200);
    let after = links(&zhao.get("/households").await.2, "/households/").len();
    assert_eq!(after, before + 6, "the building's six households are zhao's now");
    assert_eq!(links(&wang.get("/households").await.2, "/households/").len(), 6);
    assert_eq!(wang.get(&format!("/registry/buildings/{}", buildings[0])).await.0, 404);
    let (status, body) = staff
        .api_send(Method::POST, &format!("/api/v1/buildings/{}/grid", buildings[0]), &json!({"grid": "141102001002"}))
        .await;
    assert_eq!((status, body["field"].as_str()), (400, Some("grid")), "a community is not a grid");
    let (status, _) = staff
        .api_send(
            Method::POST,
            &format!("/api/v1/buildings/{}/grid", buildings[0]),
            &json!({"grid": "141102002006001"}),
        )
        .await;
    assert_eq!(status, 403, "a grid of another community is not theirs to move to");
    let audit = app.app.recent_audit(Some("building.move"), 5).await.unwrap();
    assert_eq!(audit.len(), 1);
    app.stop().await;
}

#[tokio::test]
async fn boundaries_and_organisations_are_checked_and_kept() {
    let app = with_demo_registry().await;
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let grid = "/registry/141102001002001";
    let (_, _, _) = staff.get(grid).await;
    let square = r#"{"type":"Polygon","coordinates":[[[111.13,37.52],[111.14,37.52],[111.14,37.53],[111.13,37.52]]]}"#;
    let (status, _, html) = staff.post(&format!("{grid}/boundary"), &[("geojson", square)]).await;
    assert_eq!(status, 200);
    assert!(html.contains("111.13"), "{html}");
    let (status, _, html) = staff.post(&format!("{grid}/boundary"), &[("geojson", "{\"type\":\"Point\"}")]).await;
    assert_eq!(status, 422);
    assert!(html.contains("Polygon"));
    let (_, node) = staff.api("/api/v1/registry/141102001002001").await;
    assert_eq!(node["boundary"]["type"], "Polygon", "the bad one did not replace it");

    let shop = [
        ("name", "交通路便民超市"),
        ("kind", "商铺"),
        ("address", "交通路小区11号楼底商"),
        ("contact_name", "贾老板"),
        ("contact_phone", "0358-8221234"),
        ("licence", "91141102MA0K123459"),
    ];
    let (status, _, html) = staff.post(&format!("{grid}/organisations"), &shop).await;
    assert_eq!(status, 422);
    assert!(html.contains("统一社会信用代码"), "a wrong check character is refused");
    let mut fixed = shop;
    fixed[5] = ("licence", "91141102ma0k123458");
    let (status, _, html) = staff.post(&format!("{grid}/organisations"), &fixed).await;
    assert_eq!(status, 200);
    assert!(html.contains("交通路便民超市") && html.contains("91141102MA0K123458"));
    let (_, node) = staff.api("/api/v1/registry/141102001002").await;
    let orgs = node["organisations"].as_array().unwrap();
    assert_eq!(orgs.len(), 1, "the community lists its grids' organisations");
    let id = orgs[0][0].as_str().unwrap().to_owned();

    // A grid worker sees them, changes nothing.
    let mut wang = signed_in(&app, "wang.mengxia", "grid_worker", "141102001002001").await;
    let (_, _, html) = wang.get(grid).await;
    assert!(html.contains("交通路便民超市") && !html.contains("id=\"org-add\""));
    let (status, _) = wang
        .api_send(Method::POST, "/api/v1/registry/141102001002001/organisations", &json!({"name": "x", "kind": "商铺"}))
        .await;
    assert_eq!(status, 403);
    let (status, _, html) = staff.post(&format!("{grid}/organisations/{id}/close"), &[]).await;
    assert_eq!(status, 200);
    assert!(html.contains("已注销"));

    // The grid's team (八位一体): roles from the list, members leave but stay on record.
    let (status, _, html) =
        staff.post(&format!("{grid}/team"), &[("role", "社区民警"), ("name", "郝警官"), ("phone", "0358-110")]).await;
    assert_eq!(status, 200);
    assert!(html.contains("郝警官") && html.contains("社区民警"));
    let (status, _, html) = staff.post(&format!("{grid}/team"), &[("role", "队长"), ("name", "某人")]).await;
    assert_eq!(status, 422);
    assert!(html.contains("角色应为"));
    let (status, _) = wang
        .api_send(Method::POST, "/api/v1/registry/141102001002001/team", &json!({"role": "楼栋长", "name": "x"}))
        .await;
    assert_eq!(status, 403);
    let (_, stats) = staff.api("/api/v1/stats/141102001002").await;
    assert_eq!(stats["teams"], 1);
    let member = html.split("/team/").nth(1).unwrap().split('/').next().unwrap().to_owned();
    let (status, _, html) = staff.post(&format!("{grid}/team/{member}/leave"), &[]).await;
    assert_eq!(status, 200);
    assert!(!html.contains("郝警官"));
    assert_eq!(staff.api("/api/v1/stats/141102001002").await.1["teams"], 0);
    app.stop().await;
}

fn names(found: &serde_json::Value) -> Vec<String> {
    found.as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap().to_owned()).collect()
}

fn id(birth: &str, seq: &str) -> String {
    let first17 = format!("141102{birth}{seq}");
    format!("{first17}{}", linli::domain::registry::id_number::check_digit(first17.as_bytes()))
}

#[tokio::test]
async fn staff_create_grids_and_buildings_and_grid_workers_register_people_moving_in() {
    let app = with_demo_registry().await;
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    staff.get("/registry/141102001002").await;
    let (status, _, html) =
        staff.post("/registry/141102001002/grids", &[("number", "9"), ("name", "交通路第九网格")]).await;
    assert_eq!(status, 200);
    assert!(html.contains("交通路第九网格"));
    let (status, _, html) = staff.post("/registry/141102001002/grids", &[("number", "9"), ("name", "重复")]).await;
    assert_eq!(status, 422);
    assert!(html.contains("已经存在"));
    let (status, _, html) = staff.post("/registry/141102001002009/buildings", &[("name", "交通路小区99号楼")]).await;
    assert_eq!(status, 200);
    assert!(html.contains("交通路小区99号楼"));
    let (status, body) = staff
        .api_send(Method::POST, "/api/v1/registry/141102001002009/buildings", &json!({"name": "交通路小区99号楼"}))
        .await;
    assert_eq!((status, body["field"].as_str()), (400, Some("name")), "same name twice in a grid");

    // 王梦霞 registers a family moving into grid 1 at the door.
    let mut wang = signed_in(&app, "wang.mengxia", "grid_worker", "141102001002001").await;
    let (_, _, grid) = wang.get("/registry/141102001002001").await;
    let building = links(&grid, "/registry/buildings/")[0].clone();
    let (_, _, page) = wang.get(&format!("/registry/buildings/{building}")).await;
    assert!(page.contains("id=\"household-add\""));
    let head = id("19750505", "031");
    let form = [
        ("unit", "2"),
        ("room", "501"),
        ("name", "贺立新"),
        ("id_number", head.as_str()),
        ("phone", "13700005555"),
        ("tags", "退役军人"),
    ];
    let (status, location, _) = wang.post(&format!("/registry/buildings/{building}/households"), &form).await;
    assert_eq!(status, 303);
    assert!(location.starts_with("/households/"));
    let (_, _, page) = wang.get(&location).await;
    assert!(page.contains("贺立新") && page.contains("退役军人") && page.contains("id=\"person-add\""));
    let (status, _, page) = wang.post(&format!("/registry/buildings/{building}/households"), &form).await;
    assert_eq!(status, 422, "the same person cannot move in twice");
    assert!(page.contains("已登记在册"));
    let child = id("20180808", "042");
    let (status, _, page) = wang
        .post(&format!("{location}/people"), &[("name", "贺一诺"), ("id_number", child.as_str()), ("relation", "女儿")])
        .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("贺一诺") && page.contains("子女"));
    let history = page.split("id=\"history\"").nth(1).expect("the household's history");
    assert!(history.contains("贺一诺") && history.contains("迁入登记"), "{history}");
    let typo = format!("{}{}", &child[..17], if child.ends_with('1') { '2' } else { '1' });
    let (status, _, page) = wang
        .post(&format!("{location}/people"), &[("name", "错号"), ("id_number", typo.as_str()), ("relation", "子女")])
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("校验位"), "{page}");
    let (_, found) = wang.api(&format!("/api/v1/people?q={child}")).await;
    let pid = found[0]["id"].as_str().unwrap().to_owned();
    let (_, person) = wang.api(&format!("/api/v1/people/{pid}")).await;
    assert_eq!(person["history"][0]["kind"], "move_in");
    // A foreign resident by passport: birth date and sex given beside it.
    let passport = json!({"name": "Anna Müller", "id_type": "护照", "id_number": "C01234567", "relation": "租户",
                          "residency": "境外", "sex": "女"});
    let (status, body) = wang.api_send(Method::POST, &format!("/api/v1{location}/people"), &passport).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("id_number")), "{body}");
    assert!(body["detail"].as_str().unwrap().contains("出生日期"));
    let mut passport = passport;
    passport["birth_date"] = json!("1990-02-03");
    let (status, body) = wang.api_send(Method::POST, &format!("/api/v1{location}/people"), &passport).await;
    assert_eq!(status, 201, "{body}");
    let (_, found) = wang.api("/api/v1/people?q=c01234567").await;
    assert_eq!(names(&found), ["Anna Müller"]);
    assert_eq!((found[0]["id_number"].as_str(), found[0]["sex"].as_str()), (Some("C0*****67"), Some("女")));
    assert_eq!((found[0]["id_type"].as_str(), found[0]["residency"].as_str()), (Some("护照"), Some("境外")));
    // Someone else's grid: not theirs to register in.
    let mut zhao = signed_in(&app, "zhao.yifei", "grid_worker", "141102001002002").await;
    let (status, _) = zhao
        .api_send(
            Method::POST,
            &format!("/api/v1/buildings/{building}/households"),
            &json!({"room": "601", "name": "某", "id_number": id("19800101", "011")}),
        )
        .await;
    assert_eq!(status, 404);
    app.stop().await;
}

#[tokio::test]
async fn a_community_head_assigns_grid_workers_and_their_scope_follows() {
    let app = with_demo_registry().await;
    let mut worker = signed_in(&app, "new.worker", "volunteer", "141102002006").await;
    assert!(links(&worker.get("/households").await.2, "/households/").is_empty());
    let mut head = signed_in(&app, "luo.xinjuan", "community_head", "141102002006").await;
    let grid = "/registry/141102002006001";
    let (_, _, html) = head.get(grid).await;
    assert!(html.contains("id=\"assign\""));
    let (status, _, html) = head.post(&format!("{grid}/workers"), &[("login", "nobody.here")]).await;
    assert_eq!(status, 422);
    assert!(html.contains("找不到这个账号"));
    let (status, _, html) = head.post(&format!("{grid}/workers"), &[("login", "new.worker")]).await;
    assert_eq!(status, 200);
    assert!(html.contains("测试new.worker"), "{html}");
    assert_eq!(links(&worker.get("/households").await.2, "/households/").len(), 12, "the grid's households");
    // Staff run the registry but do not decide who works which grid.
    let mut staff = signed_in(&app, "staff.sty", "community_staff", "141102002006").await;
    let (_, _, html) = staff.get(grid).await;
    assert!(!html.contains("id=\"assign\""));
    let (status, _) =
        staff.api_send(Method::POST, "/api/v1/registry/141102002006001/workers", &json!({"login": "new.worker"})).await;
    assert_eq!(status, 403);
    let account = html.split("/workers/").nth(1).map(|s| s.split('/').next().unwrap().to_owned());
    assert!(account.is_none(), "no remove buttons for staff");
    let (_, _, html) = head.get(grid).await;
    let account = html.split("/workers/").nth(1).unwrap().split('/').next().unwrap().to_owned();
    let (status, _, _) = head.post(&format!("{grid}/workers/{account}/remove"), &[]).await;
    assert_eq!(status, 200);
    assert!(links(&worker.get("/households").await.2, "/households/").is_empty(), "scope gone with the grant");
    let grants = app.app.recent_audit(Some("grant.add"), 20).await.unwrap();
    let assigned = grants.iter().filter(|e| e.target.contains("new.worker") && e.detail.contains("grid_worker"));
    assert_eq!(assigned.count(), 1, "the assignment is audited");
    app.stop().await;
}

/// Buildings are listed by the number a person reads — 1号楼, 2号楼 … 10栋 …
/// 19号楼, then names without a number — on the registry page, the billing
/// page's select and the arrears filter alike (text order put 19 before 2).
#[tokio::test]
async fn buildings_are_listed_by_the_number_a_person_reads() {
    let app = with_demo_registry().await;
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let grid = "141102001002001";
    for name in ["19号楼", "A座", "2号楼", "10栋", "1号楼", "3单元"] {
        let (status, body) =
            staff.api_send(Method::POST, &format!("/api/v1/registry/{grid}/buildings"), &json!({"name": name})).await;
        assert_eq!(status, 201, "{body}");
    }
    let expected = ["1号楼", "2号楼", "3单元", "10栋", "19号楼", "A座"];
    let order = |page: &str| -> Vec<usize> {
        expected.iter().map(|n| page.find(&format!(">{n}<")).unwrap_or_else(|| panic!("{n} in {page}"))).collect()
    };
    let (status, _, page) = staff.get(&format!("/registry/{grid}")).await;
    assert_eq!(status, 200);
    let at = order(&page);
    assert!(at.windows(2).all(|w| w[0] < w[1]), "registry page: {at:?}");
    let (_, _, billing) = staff.get("/billing?community=141102001002").await;
    let at = order(&billing);
    assert!(at.windows(2).all(|w| w[0] < w[1]), "billing select: {at:?}");
    // The seed's 交通路小区11号楼 comes after 10栋 and before 19号楼.
    let eleven = billing.find(">交通路小区11号楼<").unwrap();
    assert!(at[3] < eleven && eleven < at[4], "{at:?} {eleven}");
    app.stop().await;
}
