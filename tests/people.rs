//! Finding a resident every way staff do, within scope; their page with its
//! history; corrections, moving out, death and moving house, each recorded.

mod common;

use common::{TestApp, signed_in};
use linli::app::registry::household::NewPerson;
use linli::domain::registry::id_number::{IdNumber, check_digit};
use reqwest::Method;
use serde_json::json;

fn id(birth: &str, seq: &str) -> String {
    let first17 = format!("141102{birth}{seq}");
    format!("{first17}{}", check_digit(first17.as_bytes()))
}

fn person(name: &str, id_number: &str, phone: Option<&str>, relation: &str) -> NewPerson {
    NewPerson {
        name: name.into(),
        id_number: IdNumber::parse(id_number, chrono::Utc::now().date_naive()).unwrap().into(),
        phone: phone.map(|p| linli::domain::registry::phone::Phone::parse(p).unwrap()),
        relation: relation.into(),
        tags: vec![],
        facts: Default::default(),
    }
}

const WANG: &str = "王丽娥";

/// 王丽娥 and 李四 in grid 1 of 交通路 (3号楼 101, and 102 empty of them),
/// 王丽 in grid 2; returns 王丽娥's ID number.
async fn registry(app: &TestApp) -> String {
    let actor = linli::app::access::audit::Actor::cli();
    let a = &app.app;
    let g1 = a.add_grid(&actor, &"141102001002".parse().unwrap(), 1, "第一网格").await.unwrap();
    let g2 = a.add_grid(&actor, &"141102001002".parse().unwrap(), 2, "第二网格").await.unwrap();
    let b1 = a.add_building(&actor, &g1, "交通路小区3号楼").await.unwrap();
    let b2 = a.add_building(&actor, &g2, "交通路小区5号楼").await.unwrap();
    let wang = id("19560312", "028");
    let people =
        [person(WANG, &wang, Some("13912345678"), "本人"), person("李四", &id("19580101", "013"), None, "配偶")];
    a.add_household(&actor, &"141102001002".parse().unwrap(), b1, ("1", "101", 8000), &people).await.unwrap();
    let other = [person("赵六", &id("19900101", "051"), Some("13800005678"), "本人")];
    a.add_household(&actor, &"141102001002".parse().unwrap(), b1, ("1", "102", 8000), &other).await.unwrap();
    let grid2 = [person("王丽", &id("19700505", "040"), None, "本人")];
    a.add_household(&actor, &"141102001002".parse().unwrap(), b2, ("2", "201", 9000), &grid2).await.unwrap();
    wang
}

fn names(found: &serde_json::Value) -> Vec<String> {
    let mut v: Vec<String> = found.as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap().to_owned()).collect();
    v.sort();
    v
}

#[tokio::test]
async fn every_kind_of_search_finds_the_person_and_only_in_scope() {
    let app = TestApp::spawn().await;
    let wang = registry(&app).await;
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let wang_tail = format!("王丽娥 {}", &wang[14..]);
    let cases: [(&str, &[&str]); 12] = [
        ("王丽娥", &[WANG]),
        ("王丽", &["王丽", WANG]),
        ("李四", &["李四"]),
        ("wle", &[WANG]),
        ("wanglie", &[WANG]),
        ("WANGLI", &["王丽", WANG]),
        (&wang, &[WANG]),
        (&wang_tail, &[WANG]),
        ("王丽 0000", &[]),
        ("139 1234 5678", &[WANG]),
        ("5678", &[WANG, "赵六"]),
        ("3号楼101", &["李四", WANG]),
    ];
    for (q, want) in cases {
        let (status, found) = staff.api(&format!("/api/v1/people?q={}", urlencode(q))).await;
        assert_eq!(status, 200, "{q}: {found}");
        let mut want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
        want.sort();
        assert_eq!(names(&found), want, "search {q}");
    }
    for part in [&wang[13..], &wang[12..], &wang[..10]] {
        let (status, _) = staff.api(&format!("/api/v1/people?q={part}")).await;
        assert_eq!(status, 400, "{part}: parts of an ID number are not searched");
    }
    let (_, found) = staff.api("/api/v1/people?q=wle").await;
    assert_eq!(found[0]["id_number"], format!("{}************", &wang[..6]), "masked");
    assert_eq!(found[0]["phone"], "139****5678");

    let (status, body) = staff.api("/api/v1/people?q=%E7%8E%8B").await;
    assert_eq!((status, body["code"].as_str()), (400, Some("invalid_input")), "one character is too few");

    // A grid worker of grid 2 finds only 王丽; 王丽娥 is not there for them.
    let mut zhao = signed_in(&app, "zhao.yifei", "grid_worker", "141102001002002").await;
    let (_, found) = zhao.api(&format!("/api/v1/people?q={}", urlencode("王丽"))).await;
    assert_eq!(names(&found), ["王丽"]);
    let (_, found) = zhao.api(&format!("/api/v1/people?q={wang}")).await;
    assert_eq!(found, json!([]));

    // The page finds the same, with links to the person.
    let (status, _, html) = staff.get(&format!("/people?q={}", urlencode("wle"))).await;
    assert_eq!(status, 200);
    assert!(html.contains(WANG) && html.contains("139****5678") && html.contains("/people/"), "{html}");
    let (status, _, html) = staff.get("/people?q=12345678").await;
    assert_eq!(status, 422);
    assert!(html.contains("身份证后 4 位"));
    app.stop().await;
}

fn urlencode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

#[tokio::test]
async fn changes_are_kept_on_the_persons_history_and_nothing_is_deleted() {
    let app = TestApp::spawn().await;
    let wang = registry(&app).await;
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let (_, found) = staff.api(&format!("/api/v1/people?q={wang}")).await;
    let pid = found[0]["id"].as_str().unwrap().to_owned();

    // A correction through the page: phone kept (left empty), ethnicity and tags changed.
    let (status, _, html) = staff.get(&format!("/people/{pid}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("登记以来没有变更"));
    assert!(html.contains("<span id=\"grid-name\">第一网格</span>"), "the grid by name, not its code");
    let (status, _, html) = staff
        .post(
            &format!("/people/{pid}"),
            &[
                ("name", WANG),
                ("phone", ""),
                ("relation", "户主"),
                ("tags", "独居老人、党员"),
                ("id_type", "居民身份证"),
                ("ethnicity", "03"),
                ("political", "中共党员"),
                ("residency", "户籍"),
                ("employment", "退休"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("已保存"));
    assert!(html.contains("民族：汉族 → 回族") && html.contains("标签： → 独居老人、党员"), "{html}");
    assert!(html.contains("139****5678"), "the phone was kept");
    // A bad value is refused, in Chinese, and nothing changes.
    let (status, _, html) =
        staff.post(&format!("/people/{pid}"), &[("name", WANG), ("ethnicity", "火星族"), ("political", "群众")]).await;
    assert_eq!(status, 422);
    assert!(html.contains("无法识别的民族"));

    // Through the API: a new phone, found by it afterwards, not by the old one.
    let body = json!({ "name": WANG, "phone": "13700001111", "ethnicity": "03", "political": "中共党员",
                       "tags": "独居老人、党员", "employment": "退休" });
    let (status, got) = staff.api_send(Method::PUT, &format!("/api/v1/people/{pid}"), &body).await;
    assert_eq!(status, 200, "{got}");
    assert_eq!(got["history"][0]["changes"], json!([["联系电话", "139****5678", "137****1111"]]));
    assert_eq!(names(&staff.api("/api/v1/people?q=13700001111").await.1), [WANG]);
    assert_eq!(staff.api("/api/v1/people?q=13912345678").await.1, json!([]));
    // A client that sends one field changes that field alone (PATCH and PUT alike).
    let path = format!("/api/v1/people/{pid}");
    let (status, got) = staff.api_send(Method::PATCH, &path, &json!({ "employment": "社区志愿者" })).await;
    assert_eq!(status, 200, "{got}");
    assert_eq!(got["history"][0]["changes"], json!([["工作单位", "退休", "社区志愿者"]]));
    let (status, got) = staff.api_send(Method::PUT, &path, &json!({ "political": "群众" })).await;
    assert_eq!(status, 200, "{got}");
    assert_eq!(got["history"][0]["changes"], json!([["政治面貌", "中共党员", "群众"]]), "nothing else wiped");
    let (_, person) = staff.api(&path).await;
    assert_eq!(person["person"]["tags"], json!(["独居老人", "党员"]), "{person}");
    let (status, refused) = staff.api_send(Method::PATCH, &path, &json!({ "nmae": "typo" })).await;
    assert_eq!(status, 400, "an unknown field is refused, not ignored: {refused}");

    // Moving house, then moving out: the record stays, with its status.
    let (status, _, html) =
        staff.post(&format!("/people/{pid}/move"), &[("address", "3号楼 102"), ("reason", "搬到隔壁")]).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("交通路小区3号楼 1-101 → 交通路小区3号楼 1-102"), "{html}");
    // The household she left keeps the record of her going.
    let old = found[0]["household"].as_str().unwrap().to_owned();
    let (_, _, page) = staff.get(&format!("/households/{old}")).await;
    let history = page.split("id=\"history\"").nth(1).expect("the old household's history");
    assert!(history.contains(WANG) && history.contains("迁居"), "{history}");
    assert!(history.contains("测试liu.yuanyuan") && !history.contains("· liu.yuanyuan"), "by name: {history}");
    let (status, _, html) =
        staff.post(&format!("/people/{pid}/move"), &[("address", "9号楼 1"), ("reason", "搬家")]).await;
    assert_eq!(status, 422);
    assert!(html.contains("找不到唯一的目标房屋"));
    let (status, _, _) = staff.post(&format!("/people/{pid}/leave"), &[("how", "moved_out"), ("reason", "")]).await;
    assert_eq!(status, 422, "a reason is required");
    let (status, _, html) =
        staff.post(&format!("/people/{pid}/leave"), &[("how", "moved_out"), ("reason", "迁往太原")]).await;
    assert_eq!(status, 200);
    assert!(html.contains("已迁出") && html.contains("迁往太原"));
    let (_, got) = staff.api(&format!("/api/v1/people/{pid}")).await;
    assert_eq!(got["person"]["status"], "moved_out");
    let kinds: Vec<&str> = got["history"].as_array().unwrap().iter().map(|h| h["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["move_out", "move", "update", "update", "update", "update"]);
    let (status, body) = staff
        .api_send(Method::POST, &format!("/api/v1/people/{pid}/leave"), &json!({"how": "died", "reason": "病故"}))
        .await;
    assert_eq!((status, body["field"].as_str()), (400, Some("status")), "only someone living here can leave");
    // Still found, marked.
    let (_, found) = staff.api(&format!("/api/v1/people?q={wang}")).await;
    assert_eq!(found[0]["status"], "moved_out");

    // Every change is audited, without the full phone.
    let (_, audit) = signed_in(&app, "root.admin", "system_admin", "141102").await.api("/api/v1/audit").await;
    let text = audit.to_string();
    for action in ["person.update", "person.move", "person.move_out"] {
        assert!(text.contains(action), "{action} audited");
    }
    assert!(!text.contains("13700001111"));
    app.stop().await;
}

#[tokio::test]
async fn only_those_who_work_the_grid_change_a_person() {
    let app = TestApp::spawn().await;
    let wang = registry(&app).await;
    let mut street = signed_in(&app, "street", "street_admin", "141102001").await;
    let (_, found) = street.api(&format!("/api/v1/people?q={wang}")).await;
    let pid = found[0]["id"].as_str().unwrap().to_owned();
    let (status, _, html) = street.get(&format!("/people/{pid}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("只有负责该网格的工作人员可以修改") && !html.contains("id=\"edit\""));
    let (status, _) = street.api_send(Method::PUT, &format!("/api/v1/people/{pid}"), &json!({ "name": "改名" })).await;
    assert_eq!(status, 403);
    let mut zhao = signed_in(&app, "zhao.yifei", "grid_worker", "141102001002002").await;
    assert_eq!(zhao.get(&format!("/people/{pid}")).await.0, 404, "outside scope: not found");
    app.stop().await;
}

#[tokio::test]
async fn a_bulk_import_rebuilds_the_search_indexes_and_search_finds_its_people() {
    use linli::app::registry::import::Mode;
    let app = TestApp::spawn().await;
    let cli = linli::app::access::audit::Actor::cli();
    let grid = app.app.add_grid(&cli, &"141102001002".parse().unwrap(), 8, "压测网格").await.unwrap();
    // Enough rows for the bulk path (indexes dropped, then built by sorting).
    let n = 20_000;
    let mut sheet = String::from("楼栋,房号,姓名,身份证号,联系电话\n");
    for i in 0..n {
        let f17 = format!("1411021970{:02}{:02}{:03}", 1 + i % 12, 1 + i % 28, i % 1000);
        let name = if i == 12_345 { "冯金保".to_owned() } else { format!("居民{i}") };
        sheet.push_str(&format!(
            "{}号楼,{},{name},{},139{:08}\n",
            i / 24,
            101 + i % 24,
            id(&f17[6..14], &f17[14..]),
            i
        ));
    }
    let (rows, problems) =
        linli::domain::registry::sheet::read_residents_file(sheet.as_bytes(), chrono::Utc::now().date_naive()).unwrap();
    assert!(problems.is_empty(), "{:?}", &problems[..problems.len().min(3)]);
    let report = app.app.import_residents(&cli, &grid, "bulk.csv", rows.into(), Mode::default(), |_, _| {}).await;
    assert_eq!(report.unwrap().people, n);
    let db = common::raw_db(&app).await;
    let schema = linli_store::schema::read(&db).await.unwrap();
    db.close().await;
    for (index, _) in linli_store::registry::load::PERSON_INDEXES {
        assert!(schema.indexes.iter().any(|i| i.index == index), "{index} is back");
    }
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    assert_eq!(names(&staff.api("/api/v1/people?q=fjb").await.1), ["冯金保"]);
    assert_eq!(names(&staff.api("/api/v1/people?q=13900012345").await.1), ["冯金保"]);
    app.stop().await;
}
