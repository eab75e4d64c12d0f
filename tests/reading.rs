//! The reading room's cloud bookmark (云书签), as far as it stands: a book
//! in the catalogue with its ISBN checked, and a reader's position in it
//! saved from several devices, where the latest reading stands whatever
//! order the uploads arrive in, on both engines. (Its pages, loans, EPUB
//! reader and KOReader sync are still to come.)

mod common;

use chrono::{Duration, SubsecRound, Utc};
use common::TestApp;
use linli::app::access::audit::Actor;
use linli::app::centre::reading::NewBook;
use linli::domain::centre::reading::Locator;

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
