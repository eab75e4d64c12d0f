//! Services (便民服务) through the API: the veteran's story of the source
//! document — staff find 冯金保 and transfer his party membership on his
//! behalf (代办, "零次跑") through its steps — and he follows it by query
//! code and phone without signing in.

mod common;

use common::{TestApp, signed_in};
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test]
async fn staff_transfer_a_veterans_party_membership_on_his_behalf_and_he_follows_it() {
    let app = TestApp::spawn().await;
    let (_, catalogue): (u16, Value) = {
        let res = app.client.get(app.url("/api/v1/services")).send().await.unwrap();
        (res.status().as_u16(), res.json().await.unwrap())
    };
    let transfer = catalogue.as_array().unwrap().iter().find(|i| i["code"] == "DY01").unwrap();
    assert_eq!(transfer["name"], "党组织关系转接");
    assert_eq!(transfer["steps"], json!(["社区党委审核", "街道党工委审批"]));

    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let mut apply = json!({
        "item": "DY01", "community": "141102001002", "name": "冯金保", "phone": "13835860202",
        "fields": {"转出党组织": "某部队党委", "转入党组织": "交通路社区党委"}
    });
    let (status, body) = staff.api_send(Method::POST, "/api/v1/applications", &apply).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("consent")), "代办 notes the resident's consent");
    apply["consent"] = json!("本人当面同意");
    apply["fields"] = json!({"转出党组织": "某部队党委"});
    let (status, body) = staff.api_send(Method::POST, "/api/v1/applications", &apply).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("fields")), "every field of the item");
    apply["fields"] = json!({"转出党组织": "某部队党委", "转入党组织": "交通路社区党委", "备注": "x"});
    let (status, body) = staff.api_send(Method::POST, "/api/v1/applications", &apply).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("fields")), "no field the item does not have");
    apply["fields"] = json!({"转出党组织": "某部队党委", "转入党组织": "交通路社区党委"});
    let mut elsewhere = signed_in(&app, "luo.xinjuan", "community_head", "141102002006").await;
    assert_eq!(
        elsewhere.api_send(Method::POST, "/api/v1/applications", &apply).await.0,
        403,
        "another community's staff"
    );
    let (status, created) = staff.api_send(Method::POST, "/api/v1/applications", &apply).await;
    assert_eq!(status, 201, "{created}");
    let (id, code) = (created["id"].as_str().unwrap().to_owned(), created["code"].as_str().unwrap().to_owned());

    let path = format!("/api/v1/applications/{id}/actions");
    let (status, _) = staff.api_send(Method::POST, &path, &json!({"action": "approve"})).await;
    assert_eq!(status, 400, "not before 受理 and its steps");
    let (status, body) = staff.api_send(Method::POST, &path, &json!({"action": "deliverr"})).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("action")));
    // 社区党委审核 is the community's; 街道党工委审批 the street's.
    let mut street = signed_in(&app, "street.feng", "street_admin", "141102001").await;
    for step in ["accept", "pass"] {
        let (status, body) = staff.api_send(Method::POST, &path, &json!({"action": step})).await;
        assert_eq!(status, 200, "{step}: {body}");
    }
    let (status, body) = staff.api_send(Method::POST, &path, &json!({"action": "approve"})).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("action")), "the street's step: {body}");
    assert_eq!(street.api_send(Method::POST, &path, &json!({"action": "approve"})).await.0, 200);
    assert_eq!(staff.api_send(Method::POST, &path, &json!({"action": "deliver"})).await.0, 200);
    let track =
        |phone: &str| app.client.get(app.url(&format!("/api/v1/applications/track?code={code}&phone={phone}"))).send();
    assert_eq!(track("13900000000").await.unwrap().status(), 404, "the wrong phone finds nothing");
    let tracked: Value = track("13835860202").await.unwrap().json().await.unwrap();
    assert_eq!(tracked["state"], "已送达/领取");
    assert_eq!(tracked["proxy"], true);
    let labels: Vec<&str> = tracked["steps"].as_array().unwrap().iter().map(|s| s[1].as_str().unwrap()).collect();
    assert_eq!(labels, ["工作人员代办提交", "受理", "社区党委审核通过", "办结：准予", "已送达/领取"]);
    assert!(tracked["due_at"].is_string(), "a promised date from 受理");

    // He heard of each step by SMS; the audit log has the 代办 with its consent.
    let (_, outbox) = staff.api("/api/v1/outbox").await;
    let to_him = outbox.as_array().unwrap().iter().filter(|n| n["recipient"] == format!("applicant:{code}")).count();
    assert_eq!(to_him, 5);
    let audit = app.app.recent_audit(Some("service.apply"), 5).await.unwrap();
    assert_eq!(audit.len(), 1);
    app.stop().await;
}

#[tokio::test]
async fn a_return_lists_what_is_missing_and_a_resident_applies_for_herself() {
    let app = TestApp::spawn().await;
    let mut resident = signed_in(&app, "res.wang", "resident", "141102001002").await;
    let apply = json!({"item": "JZ01", "community": "141102001002", "name": "王丽娥", "phone": "13835860101", "fields": {"用途": "子女入学"}});
    let (status, created) = resident.api_send(Method::POST, "/api/v1/applications", &apply).await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap();
    assert_eq!(
        resident
            .api_send(Method::POST, &format!("/api/v1/applications/{id}/actions"), &json!({"action": "accept"}))
            .await
            .0,
        404,
        "a resident does not handle applications"
    );
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let path = format!("/api/v1/applications/{id}/actions");
    let (status, _) = staff.api_send(Method::POST, &path, &json!({"action": "return", "missing": []})).await;
    assert_eq!(status, 400, "a return names what is missing");
    let (status, body) =
        staff.api_send(Method::POST, &path, &json!({"action": "return", "missing": ["房屋租赁合同"]})).await;
    assert_eq!(status, 200);
    assert_eq!(body["state"], "退回补正");
    assert_eq!(body["steps"][1][2], "请补充：房屋租赁合同");
    for step in ["resubmit", "accept", "approve"] {
        assert_eq!(staff.api_send(Method::POST, &path, &json!({"action": step})).await.0, 200, "{step}");
    }
    let code = created["code"].as_str().unwrap();
    let tracked: Value = app
        .client
        .get(app.url(&format!("/api/v1/applications/track?code={}&phone=13835860101", code.to_lowercase())))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!((tracked["state"].as_str(), tracked["proxy"].as_bool()), (Some("办结：准予"), Some(false)));
    app.stop().await;
}

#[tokio::test]
async fn the_service_hall_and_the_tracking_page_work_without_signing_in() {
    let app = TestApp::spawn().await;
    let hall = app.text("/services", 200).await;
    assert!(
        hall.contains("党组织关系转接") && hall.contains("社区党委审核 → 街道党工委审批") && hall.contains("残疾人证")
    );
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let apply = json!({"item": "JZ01", "community": "141102001002", "name": "王丽娥", "phone": "13835860101",
        "consent": "电话同意", "fields": {"用途": "社保办理"}});
    let (_, created) = staff.api_send(Method::POST, "/api/v1/applications", &apply).await;
    let code = created["code"].as_str().unwrap();
    let page = app.text(&format!("/services/track?code={code}&phone=13835860101"), 200).await;
    assert!(
        page.contains("居住证明") && page.contains("已提交，待受理") && page.contains("工作人员代办提交"),
        "{page}"
    );
    let wrong = app.text(&format!("/services/track?code={code}&phone=13835860102"), 404).await;
    assert!(wrong.contains("没有找到") && !wrong.contains("居住证明"));
    assert!(app.text("/services/track", 200).await.contains("id=\"service-track\""));
    app.stop().await;
}

#[tokio::test]
async fn staff_work_applications_on_their_pages() {
    let app = TestApp::spawn().await;
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let apply = json!({"item": "GL01", "community": "141102001002", "name": "冯金保", "phone": "13835860202",
        "consent": "本人当面同意", "fields": {"收款银行卡号": "6222020000000000"}});
    let (_, created) = staff.api_send(Method::POST, "/api/v1/applications", &apply).await;
    let id = created["id"].as_str().unwrap();
    let (status, _, list) = staff.get("/applications?state=submitted").await;
    assert_eq!(status, 200);
    assert!(list.contains(&format!("/applications/{id}")) && list.contains("高龄津贴申领"), "{list}");
    let (_, _, page) = staff.get(&format!("/applications/{id}")).await;
    assert!(page.contains("社区初审 → 街道审核 → 区级审批"));
    let (status, _, page) =
        staff.post(&format!("/applications/{id}"), &[("action", "return"), ("missing", "户口簿、银行卡")]).await;
    assert_eq!(status, 200);
    assert!(page.contains("请补充：户口簿、银行卡") && page.contains("退回补正"), "{page}");
    let (status, _, page) = staff.post(&format!("/applications/{id}"), &[("action", "deliverr")]).await;
    assert_eq!(status, 422, "an unknown action is refused, not taken for another");
    assert!(page.contains("请选择要做的操作") && page.contains("退回补正"));
    let (status, _, page) = staff.post(&format!("/applications/{id}"), &[("action", "approve")]).await;
    assert_eq!(status, 422, "not from 退回补正");
    assert!(page.contains("id=\"message\""));
    staff.post(&format!("/applications/{id}"), &[("action", "resubmit")]).await;
    let (_, _, page) = staff.post(&format!("/applications/{id}"), &[("action", "accept")]).await;
    assert!(page.contains("办理中：社区初审") && page.contains("id=\"due\""), "{page}");
    let mut other = signed_in(&app, "luo.xinjuan", "community_head", "141102002006").await;
    assert_eq!(other.get(&format!("/applications/{id}")).await.0, 404, "another community's");
    app.stop().await;
}

#[tokio::test]
async fn a_resident_applies_in_the_hall_and_staff_apply_for_someone_with_consent() {
    let app = TestApp::spawn().await;
    let mut resident = signed_in(&app, "res.wang", "resident", "141102001002").await;
    let (_, _, hall) = resident.get("/services").await;
    assert!(hall.contains("href=\"/services/JZ01/apply\""));
    let (status, _, form) = resident.get("/services/JZ01/apply").await;
    assert_eq!(status, 200);
    assert!(
        form.contains("name=\"field:用途\"") && !form.contains("name=\"consent\""),
        "a resident applies for herself"
    );
    let fields = [("community", "141102001002"), ("name", "王丽娥"), ("phone", "13835860101")];
    let (status, _, page) = resident.post("/services/JZ01/apply", &fields).await;
    assert_eq!(status, 422, "the item's field is required");
    assert!(page.contains("请填写“用途”"));
    let mut filled = fields.to_vec();
    filled.push(("field:用途", "子女入学"));
    let (status, location, _) = resident.post("/services/JZ01/apply", &filled).await;
    assert_eq!(status, 303, "made, then shown by GET: a reload cannot apply twice");
    assert!(location.starts_with("/my/applications/"), "{location}");
    let (_, _, page) = resident.get(&location).await;
    assert!(page.contains("已提交，待受理") && page.contains("居住证明"), "{page}");
    let (_, _, mine) = resident.get("/my/applications").await;
    assert_eq!(mine.matches("href=\"/my/applications/").count(), 1, "{mine}");

    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let (_, _, form) = staff.get("/services/DY01/apply").await;
    assert!(form.contains("name=\"consent\""), "代办 asks how the resident agreed");
    let proxy = [
        ("community", "141102001002"),
        ("name", "冯金保"),
        ("phone", "13835860202"),
        ("field:转出党组织", "某部队党委"),
        ("field:转入党组织", "交通路社区党委"),
        ("consent", "本人当面同意"),
    ];
    let (status, location, _) = staff.post("/services/DY01/apply", &proxy).await;
    assert_eq!(status, 303);
    assert!(location.starts_with("/applications/") && location.ends_with("?submitted=1"), "{location}");
    let (_, _, page) = staff.get(&location).await;
    assert!(page.contains("工作人员代办提交") && page.contains("已代办提交，查询码"), "{page}");
    app.stop().await;
}

fn material_photo() -> Vec<u8> {
    use image::ImageEncoder;
    let img = image::RgbImage::from_fn(48, 32, |x, y| image::Rgb([(x * 5) as u8, (y * 7) as u8, 200]));
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .write_image(img.as_raw(), 48, 32, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

#[tokio::test]
async fn materials_are_photographed_with_an_application_and_a_bad_photo_writes_nothing() {
    let app = TestApp::spawn().await;
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let apply = json!({"item": "GL01", "community": "141102001002", "name": "李桂兰", "phone": "13835860303",
        "consent": "本人当面同意", "fields": {"收款银行卡号": "6222020200112233445"}});
    // Multipart on a session cookie carries the session's form token.
    let token = staff.api("/api/v1/me").await.1["csrf_token"].as_str().unwrap().to_owned();
    let apply_path = format!("/api/v1/applications?_csrf={token}");
    let (status, body) = staff
        .multipart(&apply_path, &[("json", &apply.to_string())], &[material_photo(), b"not a photo".to_vec()])
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("\"field\":\"photo\"") && body.contains("第 2 张"), "{body}");
    let (_, list) = staff.api("/api/v1/applications").await;
    assert_eq!(list, json!([]), "nothing half-written");

    let (status, body) = staff.multipart(&apply_path, &[("json", &apply.to_string())], &[material_photo()]).await;
    assert_eq!(status, 201, "{body}");
    let created: Value = serde_json::from_str(&body).unwrap();
    let id = created["id"].as_str().unwrap();
    let (status, _, page) = staff.get(&format!("/applications/{id}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("***************3445") && !page.contains("6222020200112233445"), "a card by its last four");
    // Who takes the next step may see it in full, saying why; it is audited.
    assert!(page.contains("action=\"/applications/{id}/reveal\"".replace("{id}", id).as_str()), "{page}");
    let reveal = format!("/applications/{id}/reveal");
    let (status, _, page) = staff.post(&reveal, &[("reason", "")]).await;
    assert_eq!(status, 422);
    assert!(page.contains("id=\"reveal-error\"") && !page.contains("6222020200112233445"), "{page}");
    let (status, _, page) = staff.post(&reveal, &[("reason", "发放补贴核对卡号")]).await;
    assert_eq!(status, 200);
    assert!(page.contains("6222020200112233445"), "{page}");
    let seen = app.app.recent_audit(Some("application.view_numbers"), 5).await.unwrap();
    assert_eq!(seen.len(), 1);
    assert!(seen[0].detail.contains("发放补贴核对卡号"), "{:?}", seen[0]);
    let mut street = signed_in(&app, "street.bh", "street_admin", "141102001").await;
    let (status, _, page) = street.get(&format!("/applications/{id}")).await;
    assert!(status == 200 && !page.contains("id=\"reveal-submit\""), "the street reads it, masked, with no reveal");
    let (status, _, _) = street.post(&reveal, &[("reason", "想看看")]).await;
    assert_eq!(status, 403, "the street takes no step now: no full numbers");
    let photo = page.split(&format!("/applications/{id}/photos/")).nth(1).unwrap().split('"').next().unwrap();
    let (status, kind, bytes) = staff.get_bytes(&format!("/applications/{id}/photos/{photo}")).await;
    assert_eq!((status, kind.as_str()), (200, "image/jpeg"));
    assert!(image::load_from_memory(&bytes).is_ok());
    let mut other = signed_in(&app, "luo.xinjuan", "community_head", "141102002006").await;
    assert_eq!(other.get_bytes(&format!("/applications/{id}/photos/{photo}")).await.0, 404);

    // 退回补正, and the missing bank card photographed with the resubmission.
    let path = format!("/applications/{id}?_csrf={}", staff.csrf);
    let (status, page) =
        staff.multipart(&path, &[("action", "return"), ("missing", "银行卡复印件"), ("reason", "")], &[]).await;
    assert_eq!(status, 200, "{page}");
    let (status, page) = staff.multipart(&path, &[("action", "resubmit")], &[material_photo()]).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page.matches(&format!("/applications/{id}/photos/")).count(), 4, "two photos, each a link and a thumb");
    let audit = app.app.recent_audit(Some("service.resubmit"), 5).await.unwrap();
    assert_eq!(audit.len(), 1);
    app.stop().await;
}

#[tokio::test]
async fn admins_keep_the_catalogue_and_applications_keep_the_steps_they_were_made_with() {
    let app = TestApp::spawn().await;
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let apply = json!({"item": "DY01", "community": "141102001002", "name": "冯金保", "phone": "13835860202",
        "consent": "本人当面同意", "fields": {"转出党组织": "某部队党委", "转入党组织": "交通路社区党委"}});
    let (_, before) = staff.api_send(Method::POST, "/api/v1/applications", &apply).await;
    let before_id = before["id"].as_str().unwrap().to_owned();

    let mut admin = signed_in(&app, "district", "district_admin", "141102").await;
    let (_, list) = admin.api("/api/v1/services").await;
    let mut dy = list.as_array().unwrap().iter().find(|i| i["code"] == "DY01").unwrap().clone();
    dy["steps"] = json!(["社区党委审核", "街道党工委审批", "区委组织部备案"]);
    dy["fields"] = json!(["转出党组织", "转入党组织", "党费缴纳至"]);
    assert_eq!(staff.api_send(Method::PUT, "/api/v1/services/DY01", &dy).await.0, 403, "staff do not edit it");
    let (status, saved) = admin.api_send(Method::PUT, "/api/v1/services/DY01", &dy).await;
    assert_eq!(status, 200, "{saved}");
    let mut bad = dy.clone();
    bad["steps"] = json!([]);
    let (status, body) = admin.api_send(Method::PUT, "/api/v1/services/DY01", &bad).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("steps")));

    // The application made before finishes with two steps; a new one has three and the new field.
    let path = format!("/api/v1/applications/{before_id}/actions");
    let mut street = signed_in(&app, "street.feng", "street_admin", "141102001").await;
    for step in ["accept", "pass"] {
        let (status, body) = staff.api_send(Method::POST, &path, &json!({"action": step})).await;
        assert_eq!(status, 200, "{step}: {body}");
    }
    let (status, body) = street.api_send(Method::POST, &path, &json!({"action": "approve"})).await;
    assert_eq!(status, 200, "街道党工委审批, by the street: {body}");
    let (status, body) = staff.api_send(Method::POST, "/api/v1/applications", &apply).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("fields")), "the new field is required: {body}");
    let mut apply = apply;
    apply["fields"]["党费缴纳至"] = json!("2026年12月");
    let (status, after) = staff.api_send(Method::POST, "/api/v1/applications", &apply).await;
    assert_eq!(status, 201, "{after}");
    let path = format!("/api/v1/applications/{}/actions", after["id"].as_str().unwrap());
    for step in ["accept", "pass"] {
        assert_eq!(staff.api_send(Method::POST, &path, &json!({"action": step})).await.0, 200);
    }
    let (status, _) = staff.api_send(Method::POST, &path, &json!({"action": "approve"})).await;
    assert_eq!(status, 400, "a third step now");
    let (_, body) = street.api_send(Method::POST, &path, &json!({"action": "pass"})).await;
    assert_eq!(body["state"], "办理中：区委组织部备案");

    // A new item from the page; retiring it takes it out of the hall.
    let item = [
        ("code", "hy01"),
        ("name", "婚育证明"),
        ("department", "社区居委会"),
        ("eligibility", "本社区居民"),
        ("materials", "居民身份证\r\n户口簿"),
        ("fields", "用途"),
        ("days", "2"),
        ("steps", "社区审核"),
        ("proxy", "1"),
        ("active", "1"),
    ];
    let (status, _, page) = admin.get("/admin/services").await;
    assert_eq!(status, 200);
    assert!(page.contains("党组织关系转接"));
    let (status, _, page) = admin.post("/admin/services", &item).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("已保存") && page.contains("HY01"));
    let (_, _, hall) = staff.get("/services").await;
    assert!(hall.contains("婚育证明"), "{hall}");
    let retired: Vec<(&str, &str)> = item.iter().copied().filter(|(k, _)| *k != "active").collect();
    let (status, _, _) = admin.post("/admin/services", &retired).await;
    assert_eq!(status, 200);
    let (_, _, hall) = staff.get("/services").await;
    assert!(!hall.contains("婚育证明"));
    let hy = json!({"item": "HY01", "community": "141102001002", "name": "王丽娥", "phone": "13835860101",
        "consent": "本人当面同意", "fields": {"用途": "入学"}});
    let (status, body) = staff.api_send(Method::POST, "/api/v1/applications", &hy).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("item")));
    let (status, _, page) = admin
        .post("/admin/services", &[("code", "HY01"), ("name", ""), ("department", "x"), ("eligibility", "x")])
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("事项名称应为"), "{page}");
    assert_eq!(app.app.recent_audit(Some("service_item.save"), 10).await.unwrap().len(), 3);
    app.stop().await;
}
