//! The pages residents meet, through HTTP: a report form that comes back
//! with what was typed (and the photo already sent), the form token kept
//! out of the address, and a tracking code nobody has said on the
//! tracking page.

mod common;

use common::{Browser, TestApp};

fn photo() -> Vec<u8> {
    use image::ImageEncoder;
    let img = image::RgbImage::from_fn(40, 30, |x, y| image::Rgb([(x * 6) as u8, (y * 8) as u8, 90]));
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .write_image(img.as_raw(), 40, 30, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

fn hidden(page: &str, name: &str) -> Option<String> {
    let at = page.find(&format!("name=\"{name}\" value=\""))?;
    Some(page[at..].split("value=\"").nth(1)?.split('"').next()?.to_owned())
}

#[tokio::test]
async fn a_refused_report_keeps_what_was_typed_and_the_photo_sent() {
    let app = TestApp::spawn().await;
    let mut b = Browser::new(&app);
    let (_, _, form) = b.get("/report").await;
    assert!(form.contains("action=\"/report\"") && !form.contains("?_csrf="), "the token is not in the address");
    let csrf = b.csrf.clone();
    let fields = [
        ("_csrf", csrf.as_str()),
        ("category", "0102"),
        ("text", "3号楼楼道里堆满了纸箱，挡住了消防通道"),
        ("community", "141102001002"),
        ("name", "王大妈"),
        ("phone", "1391234"),
    ];
    // The token travels in the body (no `?_csrf=` in the address).
    let (status, page) = b.multipart("/report", &fields, &[photo()]).await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("3号楼楼道里堆满了纸箱，挡住了消防通道</textarea>"), "the description stays: {page}");
    assert!(page.contains("value=\"王大妈\"") && page.contains("value=\"1391234\""), "name and phone stay");
    assert!(page.contains("<option value=\"0102\" selected>"), "the category stays");
    let by_phone = page.split("id=\"phone-error\"").nth(1).expect("a message by the phone field");
    assert!(by_phone.contains("11 位"), "{by_phone}");
    assert!(page.contains("已上传的 1 张照片已保留"), "the photo is kept, not asked again");
    let upload = hidden(&page, "upload").expect("the kept photo's token");

    // Fixed and sent again, without choosing the photo again.
    let mut fixed = fields.to_vec();
    fixed[5] = ("phone", "13912345678");
    fixed.push(("upload", &upload));
    let res = app
        .client
        .post(app.url("/report"))
        .header("cookie", b.cookie_header())
        .multipart(fixed.iter().fold(reqwest::multipart::Form::new(), |f, (k, v)| f.text(k.to_string(), v.to_string())))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let track = res.headers()["location"].to_str().unwrap().to_owned();
    let code = track.trim_start_matches("/track/").to_owned();
    let (_, tracked) = b.api(&format!("/api/v1/track/{code}")).await;
    assert_eq!(tracked["steps"][0][3].as_array().unwrap().len(), 1, "the kept photo went with the report: {tracked}");
    // A kept photo is used once.
    let again: Vec<(&str, &str)> = fixed.clone();
    let (status, _) = b.multipart("/report", &again, &[]).await;
    assert_eq!(status, 303);
    app.stop().await;
}

#[tokio::test]
async fn a_photo_that_was_refused_is_chosen_again() {
    let app = TestApp::spawn().await;
    let mut b = Browser::new(&app);
    b.get("/report").await;
    let csrf = b.csrf.clone();
    let fields = [
        ("_csrf", csrf.as_str()),
        ("category", "0102"),
        ("text", "路灯坏了"),
        ("community", "141102001002"),
        ("phone", "13912345678"),
    ];
    let (status, page) = b.multipart("/report", &fields, &[b"GIF89a-not-a-photo".to_vec()]).await;
    assert_eq!(status, 422);
    assert!(page.contains("id=\"photo-error\"") && !page.contains("name=\"upload\""), "{page}");
    assert!(page.contains("路灯坏了</textarea>"));
    app.stop().await;
}

#[tokio::test]
async fn a_tracking_code_nobody_has_is_said_on_the_tracking_page() {
    let app = TestApp::spawn().await;
    let mut b = Browser::new(&app);
    let (status, _, page) = b.get("/track/NOSUCHCODE1").await;
    assert_eq!(status, 404);
    assert!(page.contains("没有找到查询码为“NOSUCHCODE1”的诉求"), "{page}");
    assert!(page.contains("id=\"code-input\"") && page.contains("value=\"NOSUCHCODE1\""), "the form to try again");
    assert!(!page.contains("找不到这个页面"), "not the generic 404 page");
    let (status, location, _) = b.get("/track?code=nosuchcode1").await;
    assert_eq!((status, location.as_str()), (303, "/track/NOSUCHCODE1"));
    let (status, _, page) = b.get("/track?code=%3Cb%3E").await;
    assert_eq!(status, 404);
    assert!(page.contains("id=\"track-unknown\"") && !page.contains("<b>"), "said, escaped");
    app.stop().await;
}

#[tokio::test]
async fn an_address_search_for_building_1_does_not_find_building_21() {
    use linli::app::registry::household::NewPerson;
    use linli::domain::registry::id_number::{IdNumber, check_digit};
    let app = TestApp::spawn().await;
    let actor = linli::app::access::audit::Actor::cli();
    let grid = app.app.add_grid(&actor, &"141102001002".parse().unwrap(), 1, "交通路第一网格").await.unwrap();
    for (n, (building, name)) in
        [("交通路小区1号楼", "甲一"), ("交通路小区21号楼", "乙二"), ("1号楼", "丙三")].iter().enumerate()
    {
        let b = app.app.add_building(&actor, &grid, building).await.unwrap();
        let first17 = format!("14110219700101{:03}", 100 + n);
        let id = format!("{first17}{}", check_digit(first17.as_bytes()));
        let person = NewPerson {
            name: (*name).into(),
            id_number: IdNumber::parse(&id, chrono::Utc::now().date_naive()).unwrap().into(),
            phone: None,
            relation: "本人".into(),
            tags: vec![],
            facts: Default::default(),
        };
        app.app
            .add_household(&actor, &"141102001002".parse().unwrap(), b, ("1", "102", 8000), &[person])
            .await
            .unwrap();
    }
    let mut staff = common::signed_in(&app, "staff.liu", "community_staff", "141102001002").await;
    let (status, found) = staff.api(&format!("/api/v1/people?q={}", "1号楼%20102")).await;
    assert_eq!(status, 200, "{found}");
    let mut names: Vec<&str> = found.as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    names.sort_unstable();
    assert_eq!(names, ["丙三", "甲一"], "21号楼 is another building");
    let (_, found) = staff.api(&format!("/api/v1/people?q={}", "21号楼%20102")).await;
    assert_eq!(found.as_array().unwrap().len(), 1);
    app.stop().await;
}
