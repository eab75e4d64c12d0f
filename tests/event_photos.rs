//! Photos on events: a report's photos are checked from their header before
//! a pixel is decoded, wait for the server's decoding budget, lose their
//! metadata, stay on their step and show only where the step is public.

mod common;

use common::{TestApp, phone_photo, signed_in};
use reqwest::Method;
use serde_json::{Value, json};

async fn act(b: &mut common::Browser<'_>, id: &str, body: Value) -> (u16, Value) {
    b.api_send(Method::POST, &format!("/api/v1/events/{id}/actions"), &body).await
}

fn has_exif(bytes: &[u8]) -> bool {
    bytes.windows(6).any(|w| w == b"Exif\0\0")
}

/// A PNG whose header claims `w`×`h` with the data of a 1×1 picture (IHDR
/// patched, its CRC made right): tiny to send, 805 MB if decoded.
fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    use image::ImageEncoder;
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(&[1, 2, 3], 1, 1, image::ExtendedColorType::Rgb8)
        .unwrap();
    png[16..20].copy_from_slice(&w.to_be_bytes());
    png[20..24].copy_from_slice(&h.to_be_bytes());
    let mut crc = !0u32;
    for b in &png[12..29] {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    png[29..33].copy_from_slice(&(!crc).to_be_bytes());
    png
}

#[tokio::test]
async fn reports_with_huge_canvases_are_refused_from_the_header_and_say_why() {
    let app = TestApp::spawn().await;
    let report = json!({"category": "0102", "text": "楼道堆物", "community": "141102001002", "phone": "13912345678"})
        .to_string();
    let bombs = vec![png_claiming(16_384, 16_384); 3];
    let (mut a, mut b, mut c) = (common::Browser::new(&app), common::Browser::new(&app), common::Browser::new(&app));
    let fields = [("json", report.as_str())];
    let (ra, rb, rc) = tokio::join!(
        a.multipart("/api/v1/events", &fields, &bombs),
        b.multipart("/api/v1/events", &fields, &bombs),
        c.multipart("/api/v1/events", &fields, &bombs),
    );
    for (status, body) in [ra, rb, rc] {
        assert_eq!(status, 400, "{body}");
        assert!(body.contains("16384×16384") && body.contains("4000 万像素"), "{body}");
    }
    // The page says it too, in the form.
    let mut page = common::Browser::new(&app);
    page.get("/report").await;
    let path = format!("/report?_csrf={}", page.csrf);
    let (status, html) = page
        .multipart(
            &path,
            &[("category", "0102"), ("text", "楼道堆物"), ("community", "141102001002"), ("phone", "13912345678")],
            &bombs[..1],
        )
        .await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("4000 万像素"), "{html}");
    app.stop().await;
}

#[tokio::test]
async fn photos_past_the_servers_decoding_budget_are_refused_with_retry_after() {
    let app = TestApp::spawn().await;
    let held = app.app.photo_gate().enter(linli::app::system::gate::PHOTO_MB).await.unwrap();
    let report = json!({"category": "0102", "text": "楼道堆物", "community": "141102001002", "phone": "13912345678"});
    let mut resident = common::Browser::new(&app);
    let (status, body) =
        resident.multipart("/api/v1/events", &[("json", &report.to_string())], &[phone_photo(64, 48)]).await;
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("\"code\":\"busy\""), "{body}");
    drop(held);
    let (status, body) =
        resident.multipart("/api/v1/events", &[("json", &report.to_string())], &[phone_photo(64, 48)]).await;
    assert_eq!(status, 201, "{body}");
    app.stop().await;
}

#[tokio::test]
async fn photos_are_cleaned_kept_on_their_step_and_shown_only_where_public() {
    let app = TestApp::spawn().await;
    let mut resident = common::Browser::new(&app);
    let report =
        json!({"category": "0102", "text": "楼道里堆满了纸箱", "community": "141102001002", "phone": "13912345678"});
    let (status, body) =
        resident.multipart("/api/v1/events", &[("json", &report.to_string())], &[b"GIF89a-not-a-photo".to_vec()]).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("\"field\":\"photo\"") && body.contains("JPEG"), "{body}");
    let raw = phone_photo(64, 48);
    assert!(has_exif(&raw));
    let (status, body) = resident.multipart("/api/v1/events", &[("json", &report.to_string())], &[raw]).await;
    assert_eq!(status, 201, "{body}");
    let created: Value = serde_json::from_str(&body).unwrap();
    let (id, code) = (created["id"].as_str().unwrap().to_owned(), created["code"].as_str().unwrap().to_owned());

    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let (_, list) = staff.api("/api/v1/events").await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1, "the refused report left nothing behind");
    let (_, event) = staff.api(&format!("/api/v1/events/{id}")).await;
    let photo = &event["photos"][0];
    assert_eq!((photo["width"].as_i64(), photo["content_type"].as_str()), (Some(64), Some("image/jpeg")));
    let (status, kind, bytes) = staff.get_bytes(photo["url"].as_str().unwrap()).await;
    assert_eq!((status, kind.as_str()), (200, "image/jpeg"));
    assert!(!has_exif(&bytes), "EXIF and its GPS are gone");
    let (status, _, thumb) = staff.get_bytes(photo["thumb_url"].as_str().unwrap()).await;
    assert!(status == 200 && image::load_from_memory(&thumb).is_ok());
    let mut stranger = common::Browser::new(&app);
    assert_eq!(stranger.get_bytes(photo["url"].as_str().unwrap()).await.0, 303, "staff photos need a sign-in");

    for step in [
        json!({"action": "accept"}),
        json!({"action": "dispatch", "hours": 24, "handler": "保洁组"}),
        json!({"action": "start"}),
    ] {
        assert_eq!(act(&mut staff, &id, step).await.0, 200);
    }
    // Photos go as multipart: on a session cookie, with the session's form token.
    let token = staff.api("/api/v1/me").await.1["csrf_token"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/events/{id}/actions?_csrf={token}");
    let done = json!({"action": "feedback", "reason": "纸箱已清走"}).to_string();
    let (status, body) = staff.multipart(&path, &[("json", &done)], &[phone_photo(32, 32)]).await;
    assert_eq!(status, 200, "{body}");
    let internal = json!({"action": "fail", "reason": "楼梯口还有两箱"}).to_string();
    let (status, body) = staff.multipart(&path, &[("json", &internal)], &[phone_photo(16, 16)]).await;
    assert_eq!(status, 200, "{body}");
    let shown: Value = serde_json::from_str(&body).unwrap();
    let ids: Vec<&str> = shown["photos"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 3);

    let tracked = app.client.get(app.url(&format!("/api/v1/track/{code}"))).send().await.unwrap();
    let tracked: Value = tracked.json().await.unwrap();
    let public: Vec<String> = tracked["steps"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s[3].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(public, [ids[0], ids[1]], "the report's and the feedback's photos, not the failed check's");
    let get = |p: &str| app.client.get(app.url(&format!("/track/{code}/photos/{p}.thumb"))).send();
    assert_eq!(get(ids[1]).await.unwrap().status(), 200);
    assert_eq!(get(ids[2]).await.unwrap().status(), 404, "an internal step's photo is not public");
    let (_, _, page) = resident.get(&format!("/track/{code}")).await;
    assert!(page.contains(&format!("/track/{code}/photos/{}.thumb", ids[1])));
    app.stop().await;
}
