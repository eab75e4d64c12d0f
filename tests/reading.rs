//! The reading room (电子阅览) and its cloud bookmark (云书签): a book in
//! the catalogue with its ISBN checked; a reader's position in it saved
//! from several devices, where the latest reading stands whatever order the
//! uploads arrive in; through HTTP, staff upload an EPUB (a bomb and a
//! stranger's zip refused), lend a copy and an e-reader and take them back,
//! remind the overdue by SMS; a reader saves her place in the browser and
//! KOReader finds it through kosync with the sync password — on both
//! engines.

mod common;

use chrono::{Duration, SubsecRound, Utc};
use common::{Browser, GOOD, TestApp, add_account, signed_in};
use linli::app::access::audit::Actor;
use linli::app::centre::reading::NewBook;
use linli::domain::centre::reading::Locator;
use reqwest::Method;
use serde_json::json;

fn book(isbn: &str) -> NewBook {
    NewBook {
        community: "141102002006".into(),
        title: "平凡的世界".into(),
        author: "路遥".into(),
        isbn: isbn.into(),
        copies: 3,
        ..Default::default()
    }
}

#[tokio::test]
async fn the_latest_reading_stands_whichever_device_uploads_last() {
    let app = TestApp::spawn().await;
    let refused = app.app.add_book_by(&Actor::cli(), book("978-7-02-000220-1")).await;
    assert!(matches!(refused, Err(linli::app::Error::Invalid { field: "isbn", .. })), "{refused:?}");
    let b = app.app.add_book_by(&Actor::cli(), book("7-02-000220-X")).await.unwrap();
    assert_eq!(b.isbn.as_deref(), Some("9787020002207"), "an ISBN-10 is kept as its ISBN-13");

    let reader = uuid::Uuid::now_v7();
    let t = Utc::now().trunc_subsecs(0) - Duration::hours(1);
    let at = |href: &str, total: f64| Locator::new(href, 0.5, total).unwrap();
    // The phone read chapter 9 at t+10 min, but the e-reader (offline until
    // now) uploads chapter 5, read at t+5 min, afterwards: chapter 9 stands.
    let save = |href: &'static str, total, device: &'static str, mins| {
        let app = &app.app;
        async move {
            app.save_position(
                reader,
                b.id,
                (at(href, total), None, None),
                (device, Some(t + Duration::minutes(mins)), 0),
            )
            .await
            .unwrap()
        }
    };
    assert!(save("ch09.xhtml", 0.45, "手机", 10).await);
    assert!(!save("ch05.xhtml", 0.25, "阅读器", 5).await, "an older reading does not replace a later one");
    assert!(!save("ch05.xhtml", 0.25, "阅读器", 10).await, "nor does one read at the same moment");
    let p = app.app.position(reader, b.id).await.unwrap().unwrap();
    assert_eq!((p.href.as_str(), p.device.as_str()), ("ch09.xhtml", "手机"));
    assert!(save("ch12.xhtml", 0.6, "阅读器", 20).await);
    assert_eq!(app.app.position(reader, b.id).await.unwrap().unwrap().href, "ch12.xhtml");

    // A device whose clock runs a year ahead is taken at the server's time,
    // so it cannot hold the bookmark against later readings.
    let ahead = app
        .app
        .save_position(
            reader,
            b.id,
            (at("ch30.xhtml", 0.9), None, None),
            ("坏时钟", Some(Utc::now() + Duration::days(365)), 0),
        )
        .await
        .unwrap();
    assert!(ahead);
    let stored = app.app.position(reader, b.id).await.unwrap().unwrap();
    assert!(stored.read_at <= Utc::now() + Duration::minutes(1), "{stored:?}");

    // Two devices, 50 readings each, all at once: the latest stands.
    let other = uuid::Uuid::now_v7();
    let mut runs = Vec::new();
    for i in (0..100).rev() {
        let app = app.app.clone();
        let id = b.id;
        runs.push(tokio::spawn(async move {
            let l = Locator::new(&format!("ch{i:03}.xhtml"), 0.1, f64::from(i) / 100.0).unwrap();
            app.save_position(
                other,
                id,
                (l, None, None),
                (if i % 2 == 0 { "A" } else { "B" }, Some(t + Duration::seconds(i.into())), 0),
            )
            .await
            .unwrap()
        }));
    }
    for r in runs {
        r.await.unwrap();
    }
    let p = app.app.position(other, b.id).await.unwrap().unwrap();
    assert_eq!((p.href.as_str(), p.read_at), ("ch099.xhtml", t + Duration::seconds(99)));
    app.stop().await;
}

const STY: &str = "141102002006";

/// The value of the first `attr="…"` after `after` in a page.
fn attr_after(body: &str, after: &str, attr: &str) -> String {
    let rest = body.split(after).nth(1).unwrap_or_default();
    rest.split(&format!("{attr}=\"")).nth(1).and_then(|r| r.split('"').next()).unwrap_or_default().to_owned()
}

#[tokio::test]
async fn staff_lend_and_a_reader_continues_on_another_device_and_on_koreader() {
    let app = TestApp::spawn().await;
    linli::demo_people::fill(&app.app).await.unwrap();
    let mut staff = signed_in(&app, "luo.test", "community_head", STY).await;
    // A book through the API; a wrong ISBN refused with its field.
    let (status, body) = staff
        .api_send(
            Method::POST,
            "/api/v1/reading/books",
            &json!({ "community": STY, "title": "平凡的世界", "isbn": "978-7-02-000220-1", "copies": 1 }),
        )
        .await;
    assert_eq!((status, body["field"].as_str()), (400, Some("isbn")), "{body}");
    let (status, body) = staff
        .api_send(
            Method::POST,
            "/api/v1/reading/books",
            &json!({ "community": STY, "title": "社区读书会手册", "isbn": "978-7-02-000220-7", "copies": 1 }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let id = body["id"].as_str().unwrap().to_owned();

    // The EPUB: a zip bomb and a plain zip refused by the page, in words; a real one taken.
    staff.get(&format!("/reading/books/{id}")).await;
    let csrf = staff.cookie("linli_csrf").map(str::to_owned);
    let (_, _, page) = staff.get(&format!("/reading/books/{id}")).await;
    let token = attr_after(&page, "name=\"_csrf\"", "value");
    let _ = csrf;
    let not_epub = {
        use std::io::Write;
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        z.start_file("a.txt", zip::write::SimpleFileOptions::default()).unwrap();
        z.write_all(b"hello").unwrap();
        z.finish().unwrap().into_inner()
    };
    let (status, page) = staff
        .multipart_files(
            &format!("/reading/books/{id}/epub"),
            &[("_csrf", &token)],
            &[("attachment", "a.epub", not_epub)],
        )
        .await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("mimetype"), "{page}");
    let chapters = [("第一章", "甲"), ("第二章", "乙"), ("第三章", "丙")];
    let book = linli::domain::centre::epub::make("社区读书会手册", "生态园社区", &chapters);
    let (status, page) = staff
        .multipart_files(
            &format!("/reading/books/{id}/epub"),
            &[("_csrf", &token)],
            &[("attachment", "club.epub", book.clone())],
        )
        .await;
    assert!(status == 303 || status == 200, "{status} {page}");
    let (_, _, page) = staff.get(&format!("/reading/books/{id}")).await;
    assert!(page.contains(&format!("/reading/books/{id}/read")), "the book can be read now: {page}");

    // A reader signs in, opens the EPUB's parts as the reader page does, saves her place.
    let initial = add_account(&app, "reader.one", None, "resident", STY).await;
    let mut phone = Browser::new(&app);
    phone.sign_in("reader.one", &initial).await;
    phone.get("/account/password").await;
    phone.post("/account/password", &[("current", &initial), ("new", GOOD), ("confirm", GOOD)]).await;
    phone.sign_in("reader.one", GOOD).await;
    let (status, kind, container) = phone.get_bytes(&format!("/reading/books/{id}/epub/META-INF/container.xml")).await;
    assert_eq!(status, 200, "{kind}");
    assert!(String::from_utf8_lossy(&container).contains("OEBPS/content.opf"));
    let (status, _, _) = phone.get_bytes(&format!("/reading/books/{id}/epub/../../etc/passwd")).await;
    assert_eq!(status, 404);
    let (status, _, _) = Browser::new(&app).get_bytes(&format!("/reading/books/{id}/epub/mimetype")).await;
    assert_ne!(status, 200, "a stranger does not get the book");
    let t = Utc::now().trunc_subsecs(0);
    let (status, body) = phone
        .api_send(
            Method::PUT,
            &format!("/api/v1/reading/books/{id}/position"),
            &json!({
            "href": "text/c2.xhtml", "progression": 0.5, "totalProgression": 0.5,
            "cfi": "epubcfi(/6/6!/4/2/1:0)", "read_at": t.to_rfc3339(), "device": "手机", "minutes": 3 }),
        )
        .await;
    assert_eq!((status, body["kept"].as_bool()), (200, Some(true)), "{body}");
    // Another browser lands on the same place.
    let mut laptop = Browser::new(&app);
    laptop.sign_in("reader.one", GOOD).await;
    let (status, p) = laptop.api(&format!("/api/v1/reading/books/{id}/position")).await;
    assert_eq!(
        (status, p["cfi"].as_str(), p["href"].as_str()),
        (200, Some("epubcfi(/6/6!/4/2/1:0)"), Some("text/c2.xhtml"))
    );

    // KOReader: a sync password made on the reading page; the document is the file's hash.
    let (_, _, page) = phone.get("/reading").await;
    let token = attr_after(&page, "action=\"/reading/sync\"", "value");
    let (status, _, page) = phone.post("/reading/sync", &[("_csrf", &token)]).await;
    assert_eq!(status, 200, "{page}");
    let password = page.split("id=\"sync-password\">").nth(1).unwrap().split('<').next().unwrap().to_owned();
    let key: String = {
        use md5::Digest;
        md5::Md5::digest(password.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
    };
    let document = linli::domain::centre::reading::koreader_hash(&book);
    let ko = |method: Method, path: &str, key: &str| {
        app.client
            .request(method, app.url(path))
            .header("x-auth-user", "reader.one")
            .header("x-auth-key", key.to_owned())
    };
    assert_eq!(
        ko(Method::GET, "/api/v1/kosync/users/auth", "0123456789abcdef0123456789abcdef").send().await.unwrap().status(),
        401
    );
    assert_eq!(ko(Method::GET, "/api/v1/kosync/users/auth", &key).send().await.unwrap().status(), 200);
    let got: serde_json::Value = ko(Method::GET, &format!("/api/v1/kosync/syncs/progress/{document}"), &key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        got["progress"].as_str(),
        Some("/body/DocFragment[2]/body"),
        "the browser's chapter in KOReader's terms: {got}"
    );
    assert_eq!(got["percentage"].as_f64(), Some(0.5));
    // KOReader reads on into chapter 3 and the browser follows.
    let res = ko(Method::PUT, "/api/v1/kosync/syncs/progress", &key)
        .json(&json!({ "document": document, "progress": "/body/DocFragment[3]/body/p[1]/text().0", "percentage": 0.8, "device": "KOReader", "device_id": "X" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let (_, p) = laptop.api(&format!("/api/v1/reading/books/{id}/position")).await;
    assert_eq!((p["href"].as_str(), p["totalProgression"].as_f64()), (Some("text/c3.xhtml"), Some(0.8)), "{p}");
    assert_eq!(
        app.client
            .post(app.url("/api/v1/kosync/users/create"))
            .json(&json!({"username": "x", "password": "y"}))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );

    // Loans: the one copy lent, a second loan refused; returned, lent again.
    let people = linli_store::registry::person::elders_in(&common::raw_db(&app).await, STY, Utc::now().date_naive(), 2)
        .await
        .unwrap();
    let lend = |person: uuid::Uuid| json!({ "community": STY, "book": id, "person": person, "days": 14 });
    let (status, loan) = staff.api_send(Method::POST, "/api/v1/reading/loans", &lend(people[0].id)).await;
    assert_eq!(status, 201, "{loan}");
    let (status, body) = staff.api_send(Method::POST, "/api/v1/reading/loans", &lend(people[1].id)).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("book")), "{body}");
    let (status, body) = phone.api_send(Method::POST, "/api/v1/reading/loans", &lend(people[1].id)).await;
    assert_eq!(status, 403, "a resident does not lend: {body}");
    let loan_id = loan["id"].as_str().unwrap();
    let (status, _) = staff
        .api_send(Method::POST, &format!("/api/v1/reading/loans/{loan_id}/return?community={STY}"), &json!({}))
        .await;
    assert_eq!(status, 204);
    let (status, body) = staff
        .api_send(Method::POST, &format!("/api/v1/reading/loans/{loan_id}/return?community={STY}"), &json!({}))
        .await;
    assert_eq!((status, body["field"].as_str()), (400, Some("loan")), "{body}");
    let (status, _) = staff.api_send(Method::POST, "/api/v1/reading/loans", &lend(people[1].id)).await;
    assert_eq!(status, 201);

    // An overdue loan is reminded once by SMS through the outbox.
    let (_, open) = staff.api(&format!("/api/v1/reading/loans?community={STY}")).await;
    let open_id = open[0]["id"].as_str().unwrap().parse::<uuid::Uuid>().unwrap();
    let db = common::raw_db(&app).await;
    let mut tx = db.begin().await.unwrap();
    let past = Utc::now() - Duration::days(30);
    linli_store::centre::reading::backdate_loan(&mut tx, STY, open_id, past, past.date_naive() + Duration::days(14))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let (_, overdue) = staff.api(&format!("/api/v1/reading/loans?community={STY}&overdue=true")).await;
    assert_eq!(overdue.as_array().map(Vec::len), Some(1), "{overdue}");
    let (_, _, page) = staff.get(&format!("/reading?community={STY}")).await;
    let token = attr_after(&page, "action=\"/reading/loans/remind\"", "value");
    let (status, _, _) = staff.post("/reading/loans/remind", &[("_csrf", &token), ("community", STY)]).await;
    assert_eq!(status, 303);
    staff.post("/reading/loans/remind", &[("_csrf", &token), ("community", STY)]).await;
    let sms = linli_store::notify::outbox::outbox(&db, &[STY.to_owned()], 50).await.unwrap();
    let reminders: Vec<_> = sms.iter().filter(|n| n.subject == "阅览室还书提醒").collect();
    assert_eq!(reminders.len(), 1, "reminded once, not twice");
    assert!(reminders[0].body.contains("社区读书会手册"));

    // Minutes count no faster than time passes: the day's first save one
    // minute, a burst of saves claiming five each nothing more.
    for _ in 0..20 {
        let (status, body) = phone
            .api_send(
                Method::PUT,
                &format!("/api/v1/reading/books/{id}/position"),
                &json!({ "href": "text/c3.xhtml", "totalProgression": 0.9, "minutes": 5 }),
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }
    let (status, f) = staff.api(&format!("/api/v1/reading/figures?community={STY}")).await;
    assert_eq!(status, 200, "{f}");
    assert_eq!((f["readers"].as_u64(), f["minutes"].as_i64()), (Some(1), Some(1)), "{f}");

    // A cover photo through the page, served to anyone.
    let (_, _, page) = staff.get(&format!("/reading/books/{id}")).await;
    let token = attr_after(&page, "name=\"_csrf\"", "value");
    let (status, page) = staff
        .multipart(&format!("/reading/books/{id}/cover"), &[("_csrf", &token)], &[common::phone_photo(600, 800)])
        .await;
    assert!(status == 303 || status == 200, "{status} {page}");
    let (_, _, page) = Browser::new(&app).get(&format!("/reading/books/{id}")).await;
    let src = attr_after(&page, "id=\"cover\"", "src");
    let (status, kind, _) = Browser::new(&app).get_bytes(&src).await;
    assert_eq!((status, kind.as_str()), (200, "image/jpeg"), "{src}");

    // Withdrawn from the catalogue: its e-book is no longer served to readers.
    let (_, _, page) = staff.get(&format!("/reading/books/{id}")).await;
    let token = attr_after(&page, "name=\"_csrf\"", "value");
    let (status, _, _) = staff
        .post(&format!("/reading/books/{id}"), &[("_csrf", &token), ("title", "社区读书会手册"), ("copies", "1")])
        .await;
    assert_eq!(status, 303);
    let (status, _, _) = phone.get_bytes(&format!("/reading/books/{id}/epub/META-INF/container.xml")).await;
    assert_eq!(status, 404, "a withdrawn book is not served");
    app.stop().await;
}
