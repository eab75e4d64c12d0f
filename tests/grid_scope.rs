//! A grid worker sees the applications, bills and receipts of the people
//! and houses of their own grids, and nothing of another grid's — by list,
//! by id, by receipt number, on pages and through the API; the community's
//! staff see all of them.

mod common;

use common::{TestApp, raw_db, signed_in};
use linli::app::registry::household::NewPerson;
use linli::domain::registry::id_number::{IdNumber, check_digit};
use reqwest::Method;
use sea_query::{Expr, ExprTrait, Query};
use serde_json::{Value, json};
use uuid::Uuid;

const JTL: &str = "141102001002";

fn person(name: &str, birth: &str, seq: &str, phone: &str, tags: &[&str]) -> NewPerson {
    let first17 = format!("141102{birth}{seq}");
    let number = format!("{first17}{}", check_digit(first17.as_bytes()));
    NewPerson {
        name: name.into(),
        id_number: IdNumber::parse(&number, chrono::Utc::now().date_naive()).unwrap().into(),
        phone: Some(linli::domain::registry::phone::Phone::parse(phone).unwrap()),
        relation: "本人".into(),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        facts: Default::default(),
    }
}

/// What each grid has: its resident, her house, her application, her
/// receipt.
struct Grid {
    name: &'static str,
    house: Uuid,
    application: String,
    receipt: String,
}

async fn row_id(app: &TestApp, table: &str, column: &str, value: &str) -> Uuid {
    let db = raw_db(app).await;
    let q = Query::select()
        .column("id")
        .from(table.to_owned())
        .and_where(Expr::col(column.to_owned()).eq(value))
        .to_owned();
    let id = db.fetch_all(&q).await.unwrap()[0].get("id").unwrap();
    db.close().await;
    id
}

/// Grid 1 has 王丽娥, grid 2 has 张秀英 (残疾人); each applied for 残疾人两项补贴
/// through the staff and paid a bill at the counter.
async fn two_grids(app: &TestApp) -> (common::Browser<'_>, [Grid; 2]) {
    let actor = linli::app::access::audit::Actor::cli();
    let a = &app.app;
    let mut staff = signed_in(app, "liu.yuanyuan", "community_staff", JTL).await;
    let fee = json!({"name": "物业费", "kind": "area", "price": "1.20"});
    let (status, body) = staff.api_send(Method::PUT, &format!("/api/v1/communities/{JTL}/fee-items/wy"), &fee).await;
    assert_eq!(status, 200, "{body}");
    let res = app.client.get(app.url("/api/v1/services")).send().await.unwrap();
    let catalogue: Value = res.json().await.unwrap();
    let item = catalogue.as_array().unwrap().iter().find(|i| i["code"] == "CJ01").unwrap().clone();
    let fields: serde_json::Map<String, Value> =
        item["fields"].as_array().unwrap().iter().map(|f| (f.as_str().unwrap().to_owned(), json!("x"))).collect();

    let mut grids = Vec::new();
    for (n, name, room, p) in [
        (1, "王丽娥", "101", person("王丽娥", "19560312", "028", "13912345678", &[])),
        (2, "张秀英", "201", person("张秀英", "19610704", "046", "13912340002", &["残疾人"])),
    ] {
        let grid = a.add_grid(&actor, &JTL.parse().unwrap(), n, &format!("第{n}网格")).await.unwrap();
        let building = a.add_building(&actor, &grid, &format!("交通路小区{n}号楼")).await.unwrap();
        a.add_household(&actor, &JTL.parse().unwrap(), building, ("1", room, 8000), &[p]).await.unwrap();
        let person = row_id(app, "person", "name", name).await;
        let apply = json!({"item": "CJ01", "person": person, "consent": "本人当面同意", "fields": fields});
        let (status, created) = staff.api_send(Method::POST, "/api/v1/applications", &apply).await;
        assert_eq!(status, 201, "{created}");
        let db = raw_db(app).await;
        let q = Query::select()
            .column(("house", "id"))
            .from("house")
            .inner_join("building", Expr::col(("building", "id")).equals(("house", "building_id")))
            .and_where(Expr::col(("building", "grid_code")).eq(grid.as_str()))
            .to_owned();
        let house: Uuid = db.fetch_all(&q).await.unwrap()[0].get("id").unwrap();
        db.close().await;
        grids.push(Grid {
            name,
            house,
            application: created["id"].as_str().unwrap().to_owned(),
            receipt: String::new(),
        });
    }
    let run = json!({"fee": "WY", "period": "2026-11"});
    let (status, body) = staff.api_send(Method::POST, &format!("/api/v1/communities/{JTL}/bill-runs"), &run).await;
    assert_eq!(status, 200, "{body}");
    for (i, g) in grids.iter_mut().enumerate() {
        let (_, bills) = staff.api(&format!("/api/v1/communities/{JTL}/houses/{}/bills", g.house)).await;
        let bill = bills[0]["id"].as_str().unwrap();
        let pay = json!({"amount": "10.00", "channel": "cash", "idempotency_key": format!("counter-000{i}")});
        let (status, paid) =
            staff.api_send(Method::POST, &format!("/api/v1/communities/{JTL}/bills/{bill}/payments"), &pay).await;
        assert_eq!(status, 201, "{paid}");
        g.receipt = paid["receipt_no"].as_str().unwrap().to_owned();
    }
    let [one, two] = <[Grid; 2]>::try_from(grids).ok().unwrap();
    (staff, [one, two])
}

fn applicants(list: &Value) -> Vec<String> {
    let mut v: Vec<String> =
        list.as_array().unwrap().iter().map(|a| a["applicant"].as_str().unwrap_or_default().to_owned()).collect();
    v.sort();
    v
}

#[tokio::test]
async fn a_grid_worker_sees_only_her_grids_applications_bills_and_receipts() {
    let app = TestApp::spawn().await;
    let (mut staff, [mine, theirs]) = two_grids(&app).await;
    let mut worker = signed_in(&app, "wang.mengxia", "grid_worker", "141102001002001").await;

    // Applications: the list, the summary, the page and its detail.
    let (status, list) = worker.api("/api/v1/applications").await;
    assert_eq!(status, 200);
    assert_eq!(applicants(&list), [mine.name], "only her grid's: {list}");
    let (_, summary) = worker.api("/api/v1/applications/summary").await;
    assert!(summary.to_string().contains("\"total\":1"), "{summary}");
    let (status, _, page) = worker.get("/applications").await;
    assert_eq!(status, 200);
    assert!(page.contains(mine.name) && !page.contains(theirs.name), "{page}");
    assert_eq!(worker.get(&format!("/applications/{}", mine.application)).await.0, 200);
    let (status, _, page) = worker.get(&format!("/applications/{}", theirs.application)).await;
    assert_eq!(status, 404, "another grid's 残疾人两项补贴");
    assert!(!page.contains(theirs.name));
    let act = format!("/api/v1/applications/{}/actions", theirs.application);
    assert_eq!(worker.api_send(Method::POST, &act, &json!({"action": "accept"})).await.0, 404);

    // Bills of a house, by the API; receipts by number.
    let bills = |g: &Grid| format!("/api/v1/communities/{JTL}/houses/{}/bills", g.house);
    let (status, own) = worker.api(&bills(&mine)).await;
    assert_eq!((status, own.as_array().map(Vec::len)), (200, Some(1)));
    let (status, body) = worker.api(&bills(&theirs)).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")), "{body}");
    assert_eq!(worker.get(&format!("/receipts/{}", mine.receipt)).await.0, 200);
    let (status, _, page) = worker.get(&format!("/receipts/{}", theirs.receipt)).await;
    assert_eq!(status, 404, "another grid's receipt");
    assert!(!page.contains(theirs.name));

    // The community's staff see both grids.
    let (_, list) = staff.api("/api/v1/applications").await;
    assert_eq!(applicants(&list), ["张秀英", "王丽娥"]);
    for g in [&mine, &theirs] {
        assert_eq!(staff.get(&format!("/applications/{}", g.application)).await.0, 200);
        assert_eq!(staff.api(&bills(g)).await.0, 200);
        assert_eq!(staff.get(&format!("/receipts/{}", g.receipt)).await.0, 200);
    }
    // Staff of another community see none of it.
    let mut stranger = signed_in(&app, "zhao.yifei", "community_staff", "141102002006").await;
    let (_, list) = stranger.api("/api/v1/applications").await;
    assert_eq!(list, json!([]));
    assert_eq!(stranger.api(&bills(&mine)).await.0, 404);
    assert_eq!(stranger.get(&format!("/receipts/{}", mine.receipt)).await.0, 404);
    app.stop().await;
}
