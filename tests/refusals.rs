//! Refusals say why in the asker's language: the API's `detail` and the
//! page's message are Chinese by default, and English when English is asked
//! for the way pages ask for it (the language cookie the switch sets, or
//! `Accept-Language`), values and all.

mod common;

use common::{TestApp, raw_db, signed_in};
use reqwest::Method;
use sea_query::{Expr, ExprTrait, Query};
use serde_json::{Value, json};
use uuid::Uuid;

const JTL: &str = "141102001002";

fn has_chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// A house of the community, from the tables.
async fn first_house(app: &TestApp) -> Uuid {
    let db = raw_db(app).await;
    let q = Query::select().column("id").from("house").and_where(Expr::col("community_id").eq(JTL)).to_owned();
    let rows = db.fetch_all(&q).await.unwrap();
    db.close().await;
    rows[0].get("id").unwrap()
}

/// POSTs JSON with no cookie, in a language; returns (status, body).
async fn post(app: &TestApp, path: &str, body: &Value, lang: Option<&str>) -> (u16, Value) {
    let mut req = app.client.post(app.url(path)).json(body);
    if let Some(lang) = lang {
        req = req.header("accept-language", lang);
    }
    let res = req.send().await.unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

#[tokio::test]
async fn a_report_refused_says_why_in_chinese_unless_english_is_asked_for() {
    let app = TestApp::spawn().await;
    let short = json!({"category": "0201", "text": "漏", "community": JTL, "phone": "13912345678"});
    let (status, zh) = post(&app, "/api/v1/events", &short, None).await;
    assert_eq!((status, zh["field"].as_str()), (400, Some("text")), "{zh}");
    assert_eq!(zh["detail"], "请用 2–2000 字说明情况");
    let (status, en) = post(&app, "/api/v1/events", &short, Some("en-GB,en;q=0.9,zh-CN;q=0.5")).await;
    assert_eq!((status, en["field"].as_str()), (400, Some("text")), "{en}");
    assert_eq!(en["detail"], "Describe it in 2–2000 characters");
    assert_eq!(en["message"], "Some input was refused; check it and try again.");
    // Chinese asked for first still gets Chinese.
    let (_, zh_first) = post(&app, "/api/v1/events", &short, Some("zh-CN,en;q=0.8")).await;
    assert_eq!(zh_first["detail"], zh["detail"]);

    // A reason the domain gives (the category) and one that lists values.
    let unknown = json!({"category": "9999", "text": "楼道堆物", "community": JTL, "phone": "13912345678"});
    let (_, en) = post(&app, "/api/v1/events", &unknown, Some("en")).await;
    assert_eq!(en["detail"], "No such category");
    let nowhere = json!({"category": "0201", "text": "楼道堆物", "community": "141102999999", "phone": "13912345678"});
    let (_, en) = post(&app, "/api/v1/events", &nowhere, Some("en")).await;
    assert_eq!((en["field"].as_str(), en["detail"].as_str()), (Some("community"), Some("Choose the community")));
    app.stop().await;
}

#[tokio::test]
async fn staff_who_chose_english_read_refusals_in_english_on_pages_and_in_the_api() {
    let app = TestApp::spawn().await;
    linli::demo_people::fill(&app.app).await.unwrap();
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", JTL).await;
    let arrears = format!("/api/v1/communities/{JTL}/arrears?grid=abc");
    let (status, zh) = staff.api(&arrears).await;
    assert_eq!((status, zh["detail"].as_str()), (400, Some("网格代码应以社区代码开头")), "{zh}");

    // The language switch, as the page's button sets it.
    staff.get("/arrears").await;
    let (status, _, _) = staff.post("/prefs", &[("lang", "en"), ("next", "/arrears")]).await;
    assert_eq!(status, 303);
    assert_eq!(staff.cookie("linli_lang"), Some("en"));
    let (status, en) = staff.api(&arrears).await;
    assert_eq!((status, en["detail"].as_str()), (400, Some("A grid code starts with its community's code")), "{en}");
    let (status, _, page) = staff.get("/arrears?grid=abc").await;
    assert_eq!(status, 422);
    assert!(page.contains("A grid code starts with its community&#39;s code"), "{page}");
    assert!(!page.contains("网格代码应以社区代码开头"), "{page}");

    // Values go into the words: a price, the tiers of a metered fee.
    let fees = format!("/api/v1/communities/{JTL}/fee-items");
    let (status, en) = staff
        .api_send(Method::PUT, &format!("{fees}/WY"), &json!({"name": "物业费", "kind": "area", "price": "1.234"}))
        .await;
    assert_eq!((status, en["field"].as_str()), (400, Some("price")), "{en}");
    assert_eq!(en["detail"], "An amount is a number with at most two decimals, such as 12.34");
    let tiers = json!({"name": "水费", "kind": "metered", "unit": "m³",
        "tiers": [{"up_to": "10", "price": "3.40"}, {"up_to": "5", "price": "4.80"}]});
    let (_, en) = staff.api_send(Method::PUT, &format!("{fees}/SF"), &tiers).await;
    assert_eq!(en["detail"], "Tiers go from low to high, the last one without a bound");
    let water = json!({"name": "水费", "kind": "metered", "unit": "m³",
        "tiers": [{"up_to": "10", "price": "3.40"}, {"up_to": null, "price": "4.80"}]});
    assert_eq!(staff.api_send(Method::PUT, &format!("{fees}/SF"), &water).await.0, 200);
    let house = first_house(&app).await;
    let path = format!("/api/v1/communities/{JTL}/houses/{house}/readings");
    let read =
        |period: &str, reading: &str| json!({"fee": "SF", "period": period, "reading": reading, "meter_change": false});
    assert_eq!(staff.api_send(Method::POST, &path, &read("2026-10", "112.00")).await.0, 201);
    let (status, en) = staff.api_send(Method::POST, &path, &read("2026-11", "105.00")).await;
    assert_eq!((status, en["field"].as_str()), (400, Some("reading")), "{en}");
    assert_eq!(en["detail"], "This reading, 105.00, is below the last one, 112.00; if the meter was changed, say so");
    // Back to Chinese: the same refusal in Chinese, values and all.
    staff.set_cookie("linli_lang", "zh");
    let (_, zh) = staff.api_send(Method::POST, &path, &read("2026-11", "105.00")).await;
    assert_eq!(zh["detail"], "本期读数 105.00 小于上期 112.00；如已换表，请注明“换表”");
    assert!(!has_chinese(en["detail"].as_str().unwrap()));
    app.stop().await;
}

#[tokio::test]
async fn texts_made_on_the_web_side_are_in_the_asker_s_language() {
    let app = TestApp::spawn().await;
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", JTL).await;
    let report = json!({"category": "05", "text": "夜间装修噪音", "community": JTL});
    assert_eq!(staff.api_send(Method::POST, "/api/v1/events", &report).await.0, 201);
    let names = |m: &Value| -> Vec<String> {
        let mut names: Vec<String> =
            m["groups"].as_array().unwrap().iter().map(|g| g["name"].as_str().unwrap().to_owned()).collect();
        names.push(m["total"]["name"].as_str().unwrap().to_owned());
        names
    };
    let round = format!("/api/v1/communities/{JTL}/readings?fee=SF");
    let registration = json!({"name": "张三", "phone": "1391234", "id_number": "", "password": "", "community": JTL});
    let (status, zh) = post(&app, "/api/v1/registrations", &registration, None).await;
    assert_eq!(
        (status, zh["field"].as_str(), zh["detail"].as_str()),
        (400, Some("phone"), Some("手机号应为 11 位数字，以 1 开头。"))
    );
    let (status, en) = post(&app, "/api/v1/registrations", &registration, Some("en")).await;
    assert_eq!(
        (status, en["detail"].as_str()),
        (400, Some("A mobile number has 11 digits and starts with 1.")),
        "{en}"
    );

    let (_, zh) = staff.api("/api/v1/events/measures?by=handler").await;
    assert_eq!(names(&zh), ["未派遣", "合计"], "{zh}");
    let (status, zh) = staff.api(&round).await;
    assert_eq!((status, zh["field"].as_str(), zh["detail"].as_str()), (400, Some("building"), Some("请选择楼栋")));
    staff.get("/events?view=board").await;
    let (_, _, page) = staff.post("/events/dispatch", &[("handler", "物业"), ("hours", "24")]).await;
    assert!(page.contains("请勾选要派遣的诉求"), "{page}");

    let (status, _, _) = staff.post("/prefs", &[("lang", "en"), ("next", "/events")]).await;
    assert_eq!(status, 303);
    let (_, en) = staff.api("/api/v1/events/measures?by=handler").await;
    assert_eq!(names(&en), ["Not dispatched", "Total"], "{en}");
    let (_, _, page) = staff.get("/events/measures?by=handler").await;
    assert!(page.contains("Not dispatched") && page.contains(">Total<") && !page.contains("未派遣"), "{page}");
    let (status, en) = staff.api(&round).await;
    assert_eq!((status, en["detail"].as_str()), (400, Some("Choose the building")), "{en}");
    let (status, _, page) = staff.post("/events/dispatch", &[("handler", "物业"), ("hours", "24")]).await;
    assert_eq!(status, 422);
    assert!(page.contains("Tick the events to dispatch") && !page.contains("请勾选"), "{page}");
    app.stop().await;
}

#[tokio::test]
async fn a_sheet_s_bad_rows_are_listed_in_chinese_unless_english_is_asked_for() {
    let app = TestApp::spawn().await;
    linli::demo_people::fill(&app.app).await.unwrap();
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", JTL).await;
    let token = staff.api("/api/v1/me").await.1["csrf_token"].as_str().unwrap().to_owned();
    // A spreadsheet made a number of the ID, the phone is short, and the room is empty.
    let sheet = "楼栋,房号,姓名,身份证号,电话\n9号楼,201,赵一,4.11102E+17,\n9号楼,,钱二,4.11102E+17,138\n";
    let import = |lang: Option<&str>| {
        let mut req = app
            .client
            .post(app.url(&format!("/api/v1/households/import?grid={JTL}001")))
            .header("cookie", staff.cookie_header())
            .header("x-csrf-token", &token)
            .header("content-type", "text/csv")
            .body(sheet);
        if let Some(lang) = lang {
            req = req.header("accept-language", lang);
        }
        req.send()
    };
    let res = import(None).await.unwrap();
    assert_eq!(res.status(), 422);
    let zh: Value = res.json().await.unwrap();
    let messages = |body: &Value| -> Vec<(u64, String, String)> {
        body["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                let text = |k: &str| p[k].as_str().unwrap().to_owned();
                (p["line"].as_u64().unwrap(), text("column"), text("message"))
            })
            .collect()
    };
    let zh = messages(&zh);
    assert_eq!(zh.len(), 4, "{zh:?}");
    assert_eq!((zh[0].0, zh[0].1.as_str()), (2, "身份证号"));
    assert!(
        zh[0].2.starts_with("身份证号被表格软件当成了数字") && zh[0].2.ends_with("（表中为 4.11102E+17）"),
        "{zh:?}"
    );
    assert!(zh.iter().any(|(line, _, m)| *line == 3 && m == "房号不能为空"), "{zh:?}");
    assert!(zh.iter().any(|(line, _, m)| *line == 3 && m == "手机号应为 11 位数字，以 1 开头"), "{zh:?}");

    let en: Value = import(Some("en-GB,en;q=0.9")).await.unwrap().json().await.unwrap();
    let en = messages(&en);
    assert_eq!(en.len(), zh.len());
    for ((line, column, message), (zh_line, zh_column, _)) in en.iter().zip(&zh) {
        assert_eq!((line, column), (zh_line, zh_column), "lines and the sheet's own headers stay");
        assert!(!has_chinese(message), "{message}");
    }
    assert!(en[0].2.ends_with("(the sheet has 4.11102E+17)"), "{en:?}");
    assert!(en.iter().any(|(_, _, m)| m == "The room is empty"), "{en:?}");
    app.stop().await;
}
