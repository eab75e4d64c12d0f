//! Delivering the outbox: e-mail through an SMTP relay, SMS through the
//! operator's gateway, each message sent once.

mod common;

use common::{TestApp, signed_in};
use linli::app::access::token::Scope;
use linli::app::notify::mail::{Mailer, fake_relay};
use serde_json::{Value, json};

async fn token(app: &TestApp, name: &str, scope: Scope) -> String {
    let region = linli::domain::registry::region::RegionCode::parse("141102001002").unwrap();
    app.app.create_token(&linli::app::access::audit::Actor::cli(), name, &[scope], &region).await.unwrap().1
}

#[tokio::test]
async fn mail_goes_through_the_relay_once_and_a_refusal_is_kept_for_a_retry() {
    let app = TestApp::spawn().await;
    let key = token(&app, "fixit", Scope::Open311).await;
    let form = [
        ("api_key", key.as_str()),
        ("service_code", "0206"),
        ("description", "小区东门路灯不亮"),
        ("address_string", "东门"),
        ("email", "resident@example.org"),
    ];
    let res = app.client.post(app.url("/open311/v2/requests.json")).form(&form).send().await.unwrap();
    assert_eq!(res.status(), 201);
    let code = res.json::<Value>().await.unwrap()[0]["service_request_id"].as_str().unwrap().to_owned();

    let (refusing, _) = fake_relay(true).await;
    let bad = Mailer::new("127.0.0.1".into(), refusing, "linli@jtl.example".into());
    assert_eq!(app.app.deliver_mail(&bad, chrono::Utc::now()).await.unwrap(), 0, "refused: not sent");
    let (port, got) = fake_relay(false).await;
    let relay = Mailer::new("127.0.0.1".into(), port, "linli@jtl.example".into());
    assert_eq!(app.app.deliver_mail(&relay, chrono::Utc::now()).await.unwrap(), 1, "released, so tried again");
    assert_eq!(app.app.deliver_mail(&relay, chrono::Utc::now()).await.unwrap(), 0, "never twice");
    let mails = got.lock().unwrap().clone();
    assert_eq!(mails.len(), 1);
    assert!(mails[0].contains("To: <resident@example.org>"));
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let (_, outbox) = staff.api("/api/v1/outbox").await;
    let mail = outbox.as_array().unwrap().iter().find(|n| n["channel"] == "email").unwrap();
    assert_eq!(mail["recipient"], format!("reporter:{code}"));
    assert!(mail["sent_at"].is_string(), "{mail}");
    app.stop().await;
}

#[tokio::test]
async fn an_sms_gateway_takes_each_message_once_and_confirms_it() {
    let app = TestApp::spawn().await;
    let body =
        json!({"category": "05", "text": "夜里广场舞音响太大", "community": "141102001002", "phone": "13700004444"});
    let res = app.client.post(app.url("/api/v1/events")).json(&body).send().await.unwrap();
    assert_eq!(res.status(), 201);
    let gateway = token(&app, "sms-gateway", Scope::Gateway).await;
    let kiosk = token(&app, "kiosk", Scope::Kiosk).await;
    let take = |t: String| app.client.get(app.url("/api/v1/outbox/pending?channel=sms")).bearer_auth(t).send();
    assert_eq!(take(kiosk).await.unwrap().status(), 403, "only a gateway takes messages");
    let first: Value = take(gateway.clone()).await.unwrap().json().await.unwrap();
    assert_eq!(first.as_array().unwrap().len(), 1, "{first}");
    assert_eq!(first[0]["to"], "13700004444", "the gateway needs the number itself");
    assert!(first[0]["body"].as_str().unwrap().contains("已收到"));
    let again: Value = take(gateway.clone()).await.unwrap().json().await.unwrap();
    assert_eq!(again, json!([]), "taken: not offered to a second gateway");
    let takes = app.app.recent_audit(Some("outbox.take"), 5).await.unwrap();
    assert_eq!(takes.len(), 1, "the number was shown in full to the gateway: audited once, for the take that had it");
    let id = first[0]["id"].as_str().unwrap();
    let confirm = || app.client.post(app.url(&format!("/api/v1/outbox/{id}/sent"))).bearer_auth(&gateway).send();
    let once: Value = confirm().await.unwrap().json().await.unwrap();
    let twice: Value = confirm().await.unwrap().json().await.unwrap();
    assert_eq!((once["newly_sent"].as_bool(), twice["newly_sent"].as_bool()), (Some(true), Some(false)));
    let bad =
        app.client.get(app.url("/api/v1/outbox/pending?channel=email")).bearer_auth(&gateway).send().await.unwrap();
    assert_eq!(bad.status(), 400, "mail is linli's own to send");
    app.stop().await;
}
