//! Notices (通知公告) as their users meet them: staff see whom a notice
//! reaches before sending it, a resident of the grid reads it (and only
//! she), the grid worker sees who has not read it and marks a door told in
//! person; refusals keep what was typed; public notices show to anyone.

mod common;

use common::{Browser, TestApp, phone_photo, signed_in};
use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

const JTL: &str = "141102001002";
const GRID1: &str = "141102001002001";
const GRID2: &str = "141102001002002";

/// A resident of the first household a grid worker's list shows, signed
/// in and linked to her record; her household's id.
async fn resident_of<'a>(app: &'a TestApp, worker: &mut Browser<'_>, login: &str) -> (Browser<'a>, Uuid) {
    let (_, list) = worker.api("/api/v1/households").await;
    let h = &list.as_array().unwrap()[0];
    let household: Uuid = h["id"].as_str().unwrap().parse().unwrap();
    let person: Uuid = h["people"][0]["id"].as_str().unwrap().parse().unwrap();
    (common::resident(app, login, JTL, person).await, household)
}

fn count(html: &str, key: &str) -> Option<i64> {
    let rest = &html[html.find(&format!("id=\"todo-{key}\""))?..];
    rest.split("class=\"count\">").nth(1)?.split('<').next()?.parse().ok()
}

#[tokio::test]
async fn a_notice_to_one_grid_is_read_there_and_the_grid_worker_knocks_on_the_rest() {
    let app = TestApp::spawn().await;
    linli::demo_town::build(&app.app, linli::demo_town::Scale::Seed).await.unwrap();
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", JTL).await;
    let mut wang = signed_in(&app, "wang.mengxia", "grid_worker", GRID1).await;
    let mut zhao = signed_in(&app, "zhao.yifei", "grid_worker", GRID2).await;
    let (mut li, household) = resident_of(&app, &mut wang, "res.li").await;
    let (mut other, _) = resident_of(&app, &mut zhao, "res.zhang").await;

    // Before sending: how many it reaches, and a few of them.
    let draft = json!({"region": JTL, "grids": [GRID1], "title": "停水通知",
        "body": "各位居民：\n明天 8:00–12:00 停水。\n\n请提前储水：\n- 厨房\n- 卫生间", "preview": true});
    let (status, reach) = staff.api_send(Method::POST, "/api/v1/notices", &draft).await;
    assert_eq!(status, 200, "{reach}");
    let in_grid = reach["households"].as_i64().unwrap();
    assert!(in_grid > 10 && reach["people"].as_i64().unwrap() > in_grid, "{reach}");
    assert!(!reach["sample"].as_array().unwrap().is_empty(), "{reach}");
    let (_, whole) = staff
        .api_send(Method::POST, "/api/v1/notices", &json!({"region": JTL, "title": "t", "body": "b", "preview": true}))
        .await;
    assert!(whole["households"].as_i64().unwrap() > in_grid, "the community is more than its first grid");
    let (_, tagged) = staff
        .api_send(
            Method::POST,
            "/api/v1/notices",
            &json!({"region": JTL, "tag": "独居老人", "title": "t", "body": "b", "preview": true}),
        )
        .await;
    assert!(tagged["households"].as_i64().unwrap() < whole["households"].as_i64().unwrap(), "{tagged}");
    let (_, list) = staff.api("/api/v1/notices").await;
    assert_eq!(list, json!([]), "a preview writes nothing");

    // A wrong entry keeps what was typed, the message by its field.
    staff.get("/notices/new").await;
    let wrong = [("region", JTL), ("grid", GRID1), ("title", ""), ("body", "明天停水"), ("do", "publish")];
    let (status, _, page) = staff.post("/notices/new", &wrong).await;
    assert_eq!(status, 422);
    assert!(page.contains("id=\"title-error\"") && page.contains("请填写标题"), "{page}");
    assert!(page.contains(">明天停水</textarea>") && page.contains(&format!("value=\"{GRID1}\" checked")), "{page}");
    let (_, _, page) = staff
        .post(
            "/notices/new",
            &[("region", JTL), ("grid", GRID1), ("title", "停水通知"), ("body", "明天停水"), ("do", "preview")],
        )
        .await;
    assert!(page.contains("id=\"reach\"") && page.contains(&format!("将送达 {in_grid} 户")), "{page}");
    let publish = [
        ("region", JTL),
        ("grid", GRID1),
        ("title", "停水通知"),
        ("body", "各位居民：\n明天停水。\n\n- 厨房\n- 卫生间"),
        ("do", "publish"),
    ];
    let (status, location, _) = staff.post("/notices/new", &publish).await;
    assert_eq!(status, 303);
    assert!(location.ends_with("?published=1"), "{location}");
    let (_, _, page) = staff.get(&location).await;
    assert!(page.contains(&format!("已发布，送达 {in_grid} 户")), "{page}");
    assert!(page.contains("<li>厨房</li>") && page.contains("各位居民：<br>明天停水。"), "laid out: {page}");
    let id = location.trim_start_matches("/notices/").trim_end_matches("?published=1").to_owned();
    let audited = app.app.recent_audit(Some("notice.publish"), 5).await.unwrap();
    assert_eq!(audited.len(), 1);

    // Her workbench counts it; she reads it; the resident of grid 2 never sees it.
    let (_, _, bench) = li.get("/workbench").await;
    assert_eq!(count(&bench, "notices_unread"), Some(1), "{bench}");
    let (_, _, inbox) = li.get("/inbox").await;
    assert!(inbox.contains("通知 停水通知"), "{inbox}");
    let (_, _, mine) = li.get("/my/notices").await;
    assert!(mine.contains("停水通知") && mine.contains("未读"), "{mine}");
    let (status, _, page) = li.get(&format!("/notices/{id}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("id=\"receipt\"") && !page.contains("id=\"tally\""), "{page}");
    let (_, _, bench) = li.get("/workbench").await;
    assert_eq!(count(&bench, "notices_unread"), Some(0));
    let (_, theirs) = other.api("/api/v1/my/notices").await;
    assert_eq!(theirs, json!([]));
    assert_eq!(other.get(&format!("/notices/{id}")).await.0, 404, "not public, not theirs");
    assert_eq!(Browser::new(&app).get(&format!("/notices/{id}")).await.0, 404);

    // The grid worker sees one household read, and knocks on the rest.
    let (_, n) = wang.api(&format!("/api/v1/notices/{id}")).await;
    let tally = &n["tally"][0];
    assert_eq!(
        (tally["grid"].as_str(), tally["households"].as_i64(), tally["read"].as_i64()),
        (Some(GRID1), Some(in_grid), Some(1)),
        "{n}"
    );
    let (_, _, page) = wang.get(&format!("/notices/{id}")).await;
    assert!(page.contains(&format!("href=\"/notices/{id}/unread?grid={GRID1}\"")), "{page}");
    let (status, _, page) = wang.get(&format!("/notices/{id}/unread?grid={GRID1}")).await;
    assert_eq!(status, 200);
    assert!(!page.contains(&format!("value=\"{household}\"")), "her household has read it");
    assert!(page.contains(&format!("<span id=\"unread-total\">{}</span>", in_grid - 1)), "{page}");
    assert!(page.contains("id=\"next\""), "50 doors a page");
    let (_, unread) = wang.api(&format!("/api/v1/notices/{id}/unread?grid={GRID1}")).await;
    assert_eq!(unread.as_array().unwrap().len() as i64, (in_grid - 1).min(500));
    let door = unread[0]["household"].as_str().unwrap().to_owned();
    let told = [("community", JTL), ("household", door.as_str()), ("grid", GRID1)];
    let (status, _, page) = wang.post(&format!("/notices/{id}/told"), &told).await;
    assert_eq!(status, 200);
    assert!(page.contains("已记为当面告知") && !page.contains(&format!("value=\"{door}\"")), "{page}");
    let (_, n) = staff.api(&format!("/api/v1/notices/{id}")).await;
    assert_eq!(n["tally"][0]["read"], 2);
    // Another grid's worker may not mark doors of grid 1.
    let body = json!({"community": JTL, "household": unread[1]["household"]});
    let (status, _) = zhao.api_send(Method::POST, &format!("/api/v1/notices/{id}/told"), &body).await;
    assert_eq!(status, 403);
    assert_eq!(zhao.get(&format!("/notices/{id}/unread?grid={GRID1}")).await.0, 403);

    // A grid worker does not publish; a poster prints with its QR code.
    let (status, _) =
        wang.api_send(Method::POST, "/api/v1/notices", &json!({"region": JTL, "title": "t", "body": "b"})).await;
    assert_eq!(status, 403);
    let (status, _, poster) = staff.get(&format!("/notices/{id}/poster")).await;
    assert_eq!(status, 200);
    assert!(poster.contains("<svg") && poster.contains(&format!("/notices/{id}")), "{poster}");

    // Withdrawn, it no longer shows to her.
    let (status, _) = staff.api_send(Method::POST, &format!("/api/v1/notices/{id}/withdraw"), &json!({})).await;
    assert_eq!(status, 204);
    let (_, mine) = li.api("/api/v1/my/notices").await;
    assert_eq!(mine, json!([]));
    let (_, _, page) = staff.get(&format!("/notices/{id}")).await;
    assert!(page.contains("已撤回"), "{page}");
    assert!(
        !page.contains("id=\"notice-withdraw\"") && !page.contains("id=\"notice-poster\""),
        "nothing left to do: {page}"
    );
    app.stop().await;
}

#[tokio::test]
async fn notices_refuse_what_would_mislead_and_public_ones_show_to_anyone() {
    let app = TestApp::spawn().await;
    linli::demo_town::build(&app.app, linli::demo_town::Scale::Seed).await.unwrap();
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", JTL).await;
    let send = |body: Value| body;
    let cases = [
        (send(json!({"region": JTL, "title": "t", "body": "b", "tag": "社区矫正"})), "tag"),
        (send(json!({"region": JTL, "title": "t", "body": "b", "tag": "a,b"})), "tag"),
        (send(json!({"region": JTL, "title": "t", "body": "b", "grids": ["141102002006001"]})), "grids"),
        (send(json!({"region": JTL, "title": "t", "body": "b", "tag": "没有这种标签"})), "grids"),
        (send(json!({"region": JTL, "title": "t", "body": "b", "publish_at": "2020-01-01T00:00:00Z"})), "publish_at"),
        (send(json!({"region": JTL, "title": "", "body": "b"})), "title"),
    ];
    for (body, field) in cases {
        let (status, refused) = staff.api_send(Method::POST, "/api/v1/notices", &body).await;
        assert_eq!((status, refused["field"].as_str()), (400, Some(field)), "{body}: {refused}");
    }
    // Another community's staff may not publish in 交通路.
    let (status, _) = staff
        .api_send(Method::POST, "/api/v1/notices", &json!({"region": "141102002006", "title": "t", "body": "b"}))
        .await;
    assert_eq!(status, 403);
    let (_, list) = staff.api("/api/v1/notices").await;
    assert_eq!(list, json!([]), "nothing written by any refusal");

    // A public notice shows on the community's page and opens for anyone;
    // the street admin sees it in the street's list.
    let public = json!({"region": JTL, "title": "社区春节联欢会", "body": "欢迎参加", "public": true, "pinned": true});
    let (status, n) = staff.api_send(Method::POST, "/api/v1/notices", &public).await;
    assert_eq!(status, 201, "{n}");
    let id = n["id"].as_str().unwrap();
    let mut anyone = Browser::new(&app);
    let (_, _, page) = anyone.get(&format!("/regions/{JTL}")).await;
    assert!(page.contains(&format!("href=\"/notices/{id}\"")) && page.contains("社区春节联欢会"), "{page}");
    let (status, _, page) = anyone.get(&format!("/notices/{id}")).await;
    assert!(status == 200 && page.contains("欢迎参加") && !page.contains("id=\"tally\""), "{page}");
    let mut street = signed_in(&app, "binhe", "street_admin", "141102001").await;
    let (_, list) = street.api("/api/v1/notices").await;
    assert_eq!(list[0]["id"], id);
    let mut far = signed_in(&app, "luo.xinjuan", "community_head", "141102002006").await;
    let (_, list) = far.api("/api/v1/notices").await;
    assert_eq!(list, json!([]), "another community's head does not list it");
    // A notice set for later is not shown before its time.
    let later = (chrono::Utc::now() + chrono::Duration::days(2)).to_rfc3339();
    let (status, n) = staff
        .api_send(
            Method::POST,
            "/api/v1/notices",
            &json!({"region": JTL, "title": "下周体检", "body": "b", "public": true, "publish_at": later}),
        )
        .await;
    assert_eq!(status, 201, "{n}");
    assert_eq!(anyone.get(&format!("/notices/{}", n["id"].as_str().unwrap())).await.0, 404);
    app.stop().await;
}

#[tokio::test]
async fn a_notice_set_for_later_reaches_the_inbox_when_its_time_comes_and_only_once() {
    let app = TestApp::spawn().await;
    linli::demo_town::build(&app.app, linli::demo_town::Scale::Seed).await.unwrap();
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", JTL).await;
    let mut wang = signed_in(&app, "wang.mengxia", "grid_worker", GRID1).await;
    let (mut li, _) = resident_of(&app, &mut wang, "res.li").await;
    let at = chrono::Utc::now() + chrono::Duration::days(2);
    let later = json!({"region": JTL, "grids": [GRID1], "title": "下周一体检", "body": "社区卫生站免费体检", "publish_at": at.to_rfc3339()});
    let (status, n) = staff.api_send(Method::POST, "/api/v1/notices", &later).await;
    assert_eq!(status, 201, "{n}");
    let (_, _, inbox) = li.get("/inbox").await;
    assert!(!inbox.contains("下周一体检"), "not before its time");
    assert_eq!(app.app.deliver_due_notices(chrono::Utc::now()).await.unwrap(), 0);
    let when = at + chrono::Duration::minutes(1);
    assert_eq!(app.app.deliver_due_notices(when).await.unwrap(), 1);
    assert_eq!(app.app.deliver_due_notices(when).await.unwrap(), 0, "told once");
    let (_, _, inbox) = li.get("/inbox").await;
    assert_eq!(inbox.matches("通知 下周一体检").count(), 1, "{inbox}");
    app.stop().await;
}

#[tokio::test]
async fn a_notices_pictures_and_files_reach_its_readers_only() {
    let app = TestApp::spawn().await;
    linli::demo_town::build(&app.app, linli::demo_town::Scale::Seed).await.unwrap();
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", JTL).await;
    let mut wang = signed_in(&app, "wang.mengxia", "grid_worker", GRID1).await;
    let mut zhao = signed_in(&app, "zhao.yifei", "grid_worker", GRID2).await;
    let (mut li, _) = resident_of(&app, &mut wang, "res.li").await;
    let (mut other, _) = resident_of(&app, &mut zhao, "res.zhang").await;

    // Not a picture: refused by its field, nothing published.
    let (_, _, form) = staff.get("/notices/new").await;
    let csrf = form.split("name=\"_csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let notice = json!({"region": JTL, "grids": [GRID1], "title": "停水示意图", "body": "停水范围见图。"}).to_string();
    // A cookie session's multipart write carries the form token in the address.
    let url = format!("/api/v1/notices?_csrf={csrf}");
    let fields = [("json", notice.as_str())];
    let (status, body) = staff.multipart(&url, &fields, &[b"%PDF-1.4 not a picture".to_vec()]).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("\"field\":\"photo\""), "{body}");
    let (_, list) = staff.api("/api/v1/notices").await;
    assert_eq!(list, json!([]));

    let (status, body) = staff.multipart(&url, &fields, &[phone_photo(120, 80)]).await;
    assert_eq!(status, 201, "{body}");
    let id = serde_json::from_str::<Value>(&body).unwrap()["id"].as_str().unwrap().to_owned();
    let (_, _, page) = li.get(&format!("/notices/{id}")).await;
    let src = page.split("id=\"notice-photos\"").nth(1).expect("the picture shows").split("src=\"").nth(1).unwrap();
    let src = src.split('"').next().unwrap().to_owned();
    let (status, kind, bytes) = li.get_bytes(&src).await;
    assert_eq!((status, kind.as_str()), (200, "image/jpeg"));
    assert!(!bytes.windows(6).any(|w| w == b"Exif\0\0"), "the position it was taken at is gone");
    let (status, _, _) = other.get_bytes(&src).await;
    assert_eq!(status, 404, "not for a household the notice did not reach");
    assert_eq!(app.get(&src).await.status(), 404, "nor for strangers");

    // A PDF attached: offered under its name to readers; a file that only says it is a PDF is refused.
    let fake = [("attachment", "停水范围.pdf", b"MZ\x90\x00 an exe".to_vec())];
    let (status, body) = staff.multipart_files(&url, &fields, &fake).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("\"field\":\"attachment\""), "{body}");
    let pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".to_vec();
    let (status, body) = staff.multipart_files(&url, &fields, &[("attachment", "停水\"范围\".pdf", pdf.clone())]).await;
    assert_eq!(status, 201, "{body}");
    let id = serde_json::from_str::<Value>(&body).unwrap()["id"].as_str().unwrap().to_owned();
    let (_, _, page) = li.get(&format!("/notices/{id}")).await;
    let href = page.split("id=\"notice-files\"").nth(1).expect("the file is listed").split("href=\"").nth(1).unwrap();
    let href = href.split('"').next().unwrap().to_owned();
    assert!(page.contains(">停水范围.pdf<"), "the name without its quotes: {page}");
    let res = app.client.get(app.url(&href)).header("cookie", li.cookie_header()).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let disposition = res.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert!(
        disposition.starts_with("attachment;") && disposition.contains("filename*=UTF-8''%E5%81%9C"),
        "{disposition}"
    );
    assert_eq!(res.bytes().await.unwrap().to_vec(), pdf);
    let (status, _, _) = other.get_bytes(&href).await;
    assert_eq!(status, 404, "not for a household the notice did not reach");

    // On the page: a refused form keeps the picture chosen and says to choose the file again.
    let fields = [
        ("_csrf", csrf.as_str()),
        ("region", JTL),
        ("grid", GRID1),
        ("title", ""),
        ("body", "停水范围见图。"),
        ("do", "publish"),
    ];
    let files = [("photo", "map.jpg", phone_photo(64, 48)), ("attachment", "范围.pdf", pdf.clone())];
    let (status, page) = staff.multipart_files("/notices/new", &fields, &files).await;
    assert_eq!(status, 422, "{page}");
    assert!(
        page.contains("id=\"title-error\"")
            && page.contains("id=\"photos-kept\"")
            && page.contains("id=\"files-again\""),
        "{page}"
    );
    assert!(page.contains(">停水范围见图。</textarea>"), "{page}");
    app.stop().await;
}

#[tokio::test]
async fn one_account_publishes_at_most_twenty_notices_an_hour() {
    let app = TestApp::spawn().await;
    linli::demo_town::build(&app.app, linli::demo_town::Scale::Seed).await.unwrap();
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", JTL).await;
    let notice = |k: usize| json!({"region": JTL, "grids": [GRID1], "title": format!("通知{k}"), "body": "内容"});
    for k in 0..20 {
        let (status, body) = staff.api_send(Method::POST, "/api/v1/notices", &notice(k)).await;
        assert_eq!(status, 201, "{k}: {body}");
    }
    let (status, body) = staff.api_send(Method::POST, "/api/v1/notices", &notice(20)).await;
    assert_eq!(status, 429, "{body}");
    // Another account is not held back by hers.
    let mut other = signed_in(&app, "zhang.staff", "community_staff", JTL).await;
    let (status, body) = other.api_send(Method::POST, "/api/v1/notices", &notice(21)).await;
    assert_eq!(status, 201, "{body}");
    app.stop().await;
}
