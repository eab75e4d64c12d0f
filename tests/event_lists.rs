//! The lists staff work from, through the API and the page: objects a page
//! at a time, filters, words found in descriptions and addresses (Chinese,
//! without spaces), and the same list as a workbook.

mod common;

use std::io::Cursor;

use calamine::{Reader, Xlsx};
use common::{TestApp, signed_in};
use reqwest::Method;
use serde_json::{Value, json};

const REPORTS: [(&str, &str); 7] = [
    ("0201", "3号楼地下室水管漏水，地上全是水"),
    ("0201", "5号楼楼道漏水"),
    ("0205", "3号楼电梯坏了，停在5楼"),
    ("0101", "小区门口垃圾没人清"),
    ("07", "门口有人占道卖菜"),
    ("0201", "楼道的灯不亮了"),
    ("0101", "楼道里堆满了杂物，有人漏水"),
];

fn codes(list: &Value) -> Vec<String> {
    list["items"].as_array().unwrap().iter().map(|e| e["code"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn staff_find_events_by_words_and_filters_page_by_page_and_export_them() {
    let app = TestApp::spawn().await;
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let mut made = Vec::new();
    for (category, text) in REPORTS {
        let body = json!({"category": category, "text": text, "community": "141102001002", "phone": "13912345678"});
        let (status, created) = staff.api_send(Method::POST, "/api/v1/events", &body).await;
        assert_eq!(status, 201, "{created}");
        made.push(created["code"].as_str().unwrap().to_owned());
    }
    let newest_first = |idx: &[usize]| idx.iter().rev().map(|&i| made[i].clone()).collect::<Vec<_>>();

    // Words: any two characters in a row, whole words only, every word.
    let (status, found) = staff.api("/api/v1/events?q=漏水").await;
    assert_eq!(status, 200, "{found}");
    assert_eq!(codes(&found), newest_first(&[0, 1, 6]));
    assert_eq!(found["items"][0]["text"], REPORTS[6].1, "objects, not tuples");
    assert_eq!(found["items"][0]["state"], "reported");
    assert_eq!(codes(&staff.api("/api/v1/events?q=楼道%20漏水").await.1), newest_first(&[1, 6]));
    assert_eq!(codes(&staff.api("/api/v1/events?q=水管漏水").await.1), newest_first(&[0]));
    // 水管 and 漏水 are both in the first report, but not 漏水管.
    assert_eq!(codes(&staff.api("/api/v1/events?q=漏水管").await.1), Vec::<String>::new(), "the words decide");
    assert_eq!(codes(&staff.api("/api/v1/events?q=3号楼").await.1), newest_first(&[0, 2]));
    for q in ["漏", "%25%25", "__", "((", "%F0%9F%98%80%F0%9F%98%80", "%00%00"] {
        let (status, refused) = staff.api(&format!("/api/v1/events?q={q}")).await;
        assert_eq!((status, refused["field"].as_str()), (400, Some("q")), "{q}: {refused}");
    }
    assert_eq!(staff.api("/api/v1/events?q=%20%20").await.0, 200, "blank is no search");
    let (status, refused) = staff.api(&format!("/api/v1/events?q={}", "漏水".repeat(51))).await;
    assert_eq!((status, refused["field"].as_str()), (400, Some("q")), "a query is bounded: {refused}");

    // Filters: a parent category takes its children; words and category together.
    assert_eq!(codes(&staff.api("/api/v1/events?category=01").await.1), newest_first(&[3, 6]));
    assert_eq!(codes(&staff.api("/api/v1/events?category=0201&q=楼道").await.1), newest_first(&[1, 5]));
    assert_eq!(codes(&staff.api("/api/v1/events?state=closed&q=漏水").await.1), Vec::<String>::new());
    let today = chrono::Utc::now().date_naive();
    let (status, _) = staff.api(&format!("/api/v1/events?from={today}&to=2020-01-01")).await;
    assert_eq!(status, 400, "a period that ends before it starts");
    let (status, _) = staff.api("/api/v1/events?grid=14x").await;
    assert_eq!(status, 400);
    for (query, field) in [
        ("limit=500", "limit"),
        ("limit=0", "limit"),
        ("limit=-1", "limit"),
        ("limit=abc", "limit"),
        ("limit=1e9", "limit"),
        ("view=bogus", "view"),
        ("view=MINE", "view"),
        ("overdue=2", "overdue"),
        ("overdue=yes", "overdue"),
    ] {
        let (status, refused) = staff.api(&format!("/api/v1/events?{query}")).await;
        assert_eq!((status, refused["field"].as_str()), (400, Some(field)), "{query}: {refused}");
    }
    assert_eq!(staff.api("/api/v1/events?view=all&overdue=0").await.0, 200);

    // Pages: each once, newest first, until there is no next.
    let mut seen = Vec::new();
    let mut path = "/api/v1/events?limit=3".to_owned();
    loop {
        let (status, page) = staff.api(&path).await;
        assert_eq!(status, 200, "{page}");
        assert!(page["items"].as_array().unwrap().len() <= 3);
        seen.extend(codes(&page));
        match page["next"].as_str() {
            Some(next) => path = format!("/api/v1/events?limit=3&after={next}"),
            None => break,
        }
    }
    assert_eq!(seen, newest_first(&[0, 1, 2, 3, 4, 5, 6]));

    // Another community's head finds none of them.
    let mut other = signed_in(&app, "luo.xinjuan", "community_head", "141102002006").await;
    assert_eq!(codes(&other.api("/api/v1/events?q=漏水").await.1), Vec::<String>::new());

    // The list as a workbook: the rows found, the reporter's name masked.
    let (status, kind, bytes) = staff.get_bytes("/api/v1/events.xlsx?q=漏水").await;
    assert_eq!(status, 200);
    assert!(kind.starts_with("application/vnd.openxmlformats"), "{kind}");
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("诉求").unwrap();
    let rows: Vec<Vec<String>> = sheet.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    assert_eq!(rows.len(), 4, "a header and three events");
    assert_eq!(rows[0][0], "查询码");
    assert_eq!(rows[1][0], made[6]);
    assert_eq!(rows[1][6], REPORTS[6].1);
    assert!(!rows[1][3].is_ascii(), "the channel in words, not a code: {:?}", rows[1]);
    assert!(rows[1][9].starts_with(&chrono::Utc::now().format("%Y-").to_string()[..3]), "a whole date: {:?}", rows[1]);

    // The page: the words and filters kept, a refusal beside its field.
    let (status, _, page) = staff.get("/events?q=漏水&category=0201").await;
    assert_eq!(status, 200);
    assert!(page.contains(&made[0]) && page.contains(&made[1]) && !page.contains(&made[6]), "{page}");
    assert!(page.contains(r#"value="漏水""#) && page.contains(r#"<option value="0201" selected"#), "{page}");
    let (status, _, page) = staff.get("/events?q=漏&from=2026-01-01").await;
    assert_eq!(status, 422);
    assert!(page.contains(r#"id="q-error""#) && page.contains("至少 2 个字") && page.contains(r#"value="漏""#));
    assert!(page.contains(r#"value="2026-01-01""#), "what was typed stays");
    let (_, _, page) = staff.get("/events?limit=2").await;
    assert!(page.contains(r#"id="next-page""#) || page.contains("next-page"), "a next page on a long list");
    let next = page.split(r#"id="next-page""#).next().unwrap().rsplit("href=\"").next().unwrap();
    assert!(next.contains("after=") && next.contains("limit=2"), "the next page keeps its size: {next}");
    let (status, kind, _) = staff.get_bytes("/events.xlsx?q=楼道").await;
    assert_eq!((status, kind.starts_with("application/vnd.openxmlformats")), (200, true));
    let (status, _, page) = staff.get("/events.xlsx?q=漏").await;
    assert_eq!(status, 422, "a refused export is the list, saying why: {page}");
    app.stop().await;
}

#[tokio::test]
async fn events_written_before_the_word_index_are_found_after_the_upgrade() {
    use linli_store::events::event::{EventRow, Find};
    let engine = common::Engine::fresh().await;
    let settings = engine.settings(|_| {});
    let db = linli_store::Db::connect(&settings.target().unwrap(), &settings.pool()).await.unwrap();
    linli_store::migrations::migrate_to(&db, 27, |_| {}).await.unwrap();
    let old = event_row("EOLDLEAK0001", "六号楼暖气片漏水", "reported");
    // Written as a version-27 binary did: the event alone, without the columns of later versions.
    let columns = &EventRow::COLUMNS[..EventRow::COLUMNS.len() - 1];
    let values = old.values()[..columns.len()].to_vec();
    let insert =
        sea_query::Query::insert().into_table("event").columns(columns.iter().copied()).values_panic(values).to_owned();
    db.execute(&insert).await.unwrap();
    linli_store::migrations::migrate(&db, |_| {}).await.unwrap();
    let scope = ["141102001002".to_owned()];
    for words in [&["暖气"][..], &["六号楼", "漏水"]] {
        let words: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
        let found = linli_store::events::term::search(&db, &scope, &Find::default(), &words, 10).await.unwrap().rows;
        assert_eq!(found.iter().map(|e| e.code.as_str()).collect::<Vec<_>>(), ["EOLDLEAK0001"], "{words:?}");
    }
    let elsewhere = ["141102002006".to_owned()];
    let words = ["暖气".to_owned()];
    assert!(
        linli_store::events::term::search(&db, &elsewhere, &Find::default(), &words, 10).await.unwrap().rows.is_empty()
    );
    db.close().await;
}

/// An event of 交通路 as the store keeps it.
fn event_row(code: &str, text: &str, state: &str) -> linli_store::events::event::EventRow {
    use linli_store::events::event::EventRow;
    EventRow {
        community_id: "141102001002".into(),
        id: uuid::Uuid::now_v7(),
        code: code.into(),
        category_code: "0201".into(),
        state: state.into(),
        source: "phone".into(),
        grid_code: None,
        building_id: None,
        text: text.into(),
        reporter_name: "匿名".into(),
        reporter_phone_sealed: None,
        reporter_account: None,
        handler: None,
        deadline_from: None,
        deadline_hours: None,
        rework: 0,
        created_at: chrono::Utc::now(),
        updated_at: chrono::Utc::now(),
        address: Some("交通路社区六号楼".into()),
        lat: None,
        lon: None,
        reporter_email_sealed: None,
        late: false,
        closed_at: None,
        unit_id: None,
        assignee_id: None,
        suggested_unit_id: None,
        rating_token_hash: None,
        rating_source: None,
        attributes: None,
    }
}

#[tokio::test]
async fn a_search_looks_past_coinciding_terms_and_a_long_look_gives_a_page_that_goes_on() {
    use linli_store::events::event::Find;
    use linli_store::events::term::{search, search_within};
    let engine = common::Engine::fresh().await;
    let settings = engine.settings(|_| {});
    let db = linli_store::Db::connect(&settings.target().unwrap(), &settings.pool()).await.unwrap();
    linli_store::migrations::migrate(&db, |_| {}).await.unwrap();
    // Five old reports of a broken 漏水管, then forty newer ones whose
    // bigrams (漏水, 水管) coincide with it without holding it.
    let mut rows = Vec::new();
    for i in 0..5 {
        rows.push(event_row(&format!("EPIPE{i:07}"), "一楼漏水管坏了", "reported"));
    }
    for i in 0..40 {
        rows.push(event_row(&format!("ELEAK{i:07}"), "三楼水管漏水", "closed"));
    }
    let mut tx = db.begin().await.unwrap();
    linli_store::events::event::insert(&mut tx, &rows).await.unwrap();
    tx.commit().await.unwrap();
    let scope = ["141102001002".to_owned()];
    let words = ["漏水管".to_owned()];
    let found = search(&db, &scope, &Find::default(), &words, 3).await.unwrap();
    let codes: Vec<&str> = found.rows.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(codes, ["EPIPE0000004", "EPIPE0000003", "EPIPE0000002"], "past the forty that only coincide");
    assert_eq!(found.resume, None);

    // Looking at 16 postings a request: the pages are short, each goes on
    // where the last stopped, and together they hold every report once.
    let words = ["漏水".to_owned()];
    let open = Find { states: vec!["reported".into()], ..Find::default() };
    let (mut seen, mut pages) = (Vec::new(), 0);
    let mut find = open.clone();
    loop {
        let page = search_within(&db, &scope, &find, &words, 10, 16).await.unwrap();
        pages += 1;
        seen.extend(page.rows.iter().map(|e| e.code.clone()));
        match (page.rows.len(), page.resume) {
            (10, _) => find.before = page.rows.last().map(|e| e.id),
            (_, Some(resume)) => find.before = Some(resume),
            (_, None) => break,
        }
    }
    assert_eq!(seen, (0..5).rev().map(|i| format!("EPIPE{i:07}")).collect::<Vec<_>>());
    assert!(pages > 2, "the forty closed ones took more than one look: {pages} pages");

    // A thousand more closed ones make 漏水 common: the open ones are found
    // through their state.
    let more: Vec<_> = (0..1000).map(|i| event_row(&format!("EMORE{i:07}"), "二楼漏水", "closed")).collect();
    let mut tx = db.begin().await.unwrap();
    linli_store::events::event::insert(&mut tx, &more).await.unwrap();
    tx.commit().await.unwrap();
    let found = search(&db, &scope, &open, &words, 3).await.unwrap();
    let codes: Vec<&str> = found.rows.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(codes, ["EPIPE0000004", "EPIPE0000003", "EPIPE0000002"]);
    let both = Find { states: vec!["reported".into(), "closed".into()], ..Find::default() };
    let found = search(&db, &scope, &both, &words, 2).await.unwrap();
    let codes: Vec<&str> = found.rows.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(codes, ["EMORE0000999", "EMORE0000998"], "newest first across the states");
    db.close().await;
}
