//! A session is only as good as its weakest surface: a sign-in that is not
//! finished opens nothing anywhere, another site cannot write through a
//! signed-in browser, a planted form cookie is worthless, and the kiosk's
//! cookie is as careful as the session's.

mod common;

use common::{Browser, TestApp, add_account, signed_in};
use serde_json::{Value, json};

const JTL: &str = "141102001002";

#[tokio::test]
async fn an_initial_password_opens_nothing_on_the_api_pages_or_exports() {
    let app = TestApp::spawn().await;
    let initial = add_account(&app, "staff.he", None, "community_staff", JTL).await;
    let res = app
        .client
        .post(app.url("/api/v1/session"))
        .json(&json!({"login": "staff.he", "password": initial}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let get = |path: &'static str| app.client.get(app.url(path)).header("cookie", &cookie).send();
    let res = get("/api/v1/households").await.unwrap();
    assert_eq!(res.status(), 403, "reads wait for the new password");
    assert_eq!(res.json::<Value>().await.unwrap()["code"], "password_change_required");
    let res = app
        .client
        .post(app.url(&format!("/api/v1/communities/{JTL}/arrears/reminders")))
        .header("cookie", &cookie)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403, "and so do writes");
    assert_eq!(res.json::<Value>().await.unwrap()["code"], "password_change_required");
    for path in ["/households", "/households.csv", "/account"] {
        let res = get(path).await.unwrap();
        assert_eq!(res.status(), 303, "{path}");
        assert_eq!(res.headers()["location"], "/account/password", "{path}");
    }
    assert_eq!(get("/account/password").await.unwrap().status(), 200, "the one page it gets");
    app.stop().await;
}

#[tokio::test]
async fn when_the_second_factor_is_mandatory_staff_without_one_use_nothing_until_they_enrol() {
    let app = TestApp::spawn().await;
    let mut staff = signed_in(&app, "staff.ma", "community_staff", JTL).await;
    assert_eq!(staff.api("/api/v1/households").await.0, 200);
    app.app.set_second_factor_required(&linli::app::access::audit::Actor::cli(), true).await.unwrap();
    let (status, body) = staff.api("/api/v1/households").await;
    assert_eq!((status, body["code"].as_str()), (403, Some("second_factor_enrolment_required")));
    let (status, body) = staff.api_send(reqwest::Method::POST, "/api/v1/events/dispatch", &json!({})).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("second_factor_enrolment_required")));
    let (status, location, _) = staff.get("/households").await;
    assert_eq!((status, location.as_str()), (303, "/account/totp"));
    assert_eq!(staff.get("/account/totp").await.0, 200);
    // Signing out still works.
    staff.get("/account/totp").await;
    let (status, location, _) = staff.post("/signout", &[]).await;
    assert_eq!((status, location.as_str()), (303, "/"));
    app.stop().await;
}

#[tokio::test]
async fn another_site_cannot_write_through_a_signed_in_browser() {
    let app = TestApp::spawn().await;
    let staff = signed_in(&app, "staff.xu", "community_staff", JTL).await;
    let remind = app.url(&format!("/api/v1/communities/{JTL}/arrears/reminders"));
    let send = |kind: &'static str, body: &'static str, extra: Option<(&'static str, &'static str)>| {
        let mut r =
            app.client.post(&remind).header("cookie", staff.cookie_header()).header("content-type", kind).body(body);
        if let Some((k, v)) = extra {
            r = r.header(k, v);
        }
        r.send()
    };
    // What a form or a no-preflight fetch on another site can send.
    for (kind, body) in [
        ("application/x-www-form-urlencoded", "a=b"),
        ("text/plain", "{}"),
        ("multipart/form-data; boundary=x", "--x--\r\n"),
    ] {
        let res = send(kind, body, None).await.unwrap();
        assert_eq!(res.status(), 403, "{kind}");
        assert_eq!(res.json::<Value>().await.unwrap()["code"], "cross_site_request", "{kind}");
    }
    for header in [("sec-fetch-site", "cross-site"), ("sec-fetch-site", "same-site"), ("origin", "http://evil.example")]
    {
        let res = send("application/json", "{}", Some(header)).await.unwrap();
        assert_eq!(res.status(), 403, "{header:?}");
        assert_eq!(res.json::<Value>().await.unwrap()["code"], "cross_site_request", "{header:?}");
    }
    // JSON from this site goes through.
    let res = send("application/json", "{}", Some(("sec-fetch-site", "same-origin"))).await.unwrap();
    assert_eq!(res.status(), 200);
    // A machine client with a bearer token is not a browser: a form body is fine.
    let region = linli::domain::registry::region::RegionCode::parse(JTL).unwrap();
    let (_, kiosk) = app
        .app
        .create_token(
            &linli::app::access::audit::Actor::cli(),
            "kiosk-form",
            &[linli::app::access::token::Scope::Kiosk],
            &region,
        )
        .await
        .unwrap();
    let form = [("category", "0206"), ("text", "门口路灯坏了"), ("community", JTL), ("phone", "13700002222")];
    let res = app.client.post(app.url("/api/v1/events")).bearer_auth(kiosk).form(&form).send().await.unwrap();
    assert_eq!(res.status(), 201);
    app.stop().await;
}

#[tokio::test]
async fn a_planted_form_cookie_with_its_matching_field_is_refused() {
    let app = TestApp::spawn().await;
    let mut victim = signed_in(&app, "staff.tang", "community_staff", JTL).await;
    // The attacker gets a cookie and its token by visiting the site, and
    // plants the cookie in the victim's browser (from a sibling subdomain).
    let mut attacker = Browser::new(&app);
    attacker.get("/signin").await;
    let planted = attacker.cookie("linli_csrf").unwrap().to_owned();
    let token = attacker.csrf.clone();
    victim.set_cookie("linli_csrf", &planted);
    let (status, _, _) = victim.post("/signout/everywhere", &[("_csrf", &token)]).await;
    assert_eq!(status, 403, "the token is bound to the victim's session, not to a cookie");
    let (status, _, _) = victim.post("/signout/everywhere", &[("_csrf", &planted)]).await;
    assert_eq!(status, 403, "nor is the cookie's value a token");
    assert_eq!(victim.get("/account").await.0, 200, "still signed in");
    // The victim's own form works.
    let (status, location, _) = victim.post("/signout/everywhere", &[]).await;
    assert_eq!((status, location.as_str()), (303, "/"));

    // Before signing in, the browser's word on where a form came from counts.
    let mut b = Browser::new(&app);
    b.get("/signin").await;
    let res = app
        .client
        .post(app.url("/signin"))
        .header("cookie", b.cookie_header())
        .header("sec-fetch-site", "same-site")
        .form(&[("login", "staff.tang"), ("password", "whatever-it-is"), ("_csrf", &b.csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403, "a sibling subdomain's form is refused");
    app.stop().await;
}

#[tokio::test]
async fn the_kiosk_cookie_is_secure_when_the_session_cookie_is() {
    let app = TestApp::spawn().await;
    let region = linli::domain::registry::region::RegionCode::parse(JTL).unwrap();
    let (_, token) = app
        .app
        .create_token(
            &linli::app::access::audit::Actor::cli(),
            "kiosk-tls",
            &[linli::app::access::token::Scope::Kiosk],
            &region,
        )
        .await
        .unwrap();
    for (host, secure) in [("linli.example", true), ("127.0.0.1", false)] {
        let page = app.client.get(app.url("/kiosk/pair")).header("host", host).send().await.unwrap();
        let cookie = page.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
        let html = page.text().await.unwrap();
        let csrf = html.split("name=\"_csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
        let res = app
            .client
            .post(app.url("/kiosk/pair"))
            .header("host", host)
            .header("cookie", cookie)
            .form(&[("token", token.as_str()), ("_csrf", &csrf)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "{host}");
        let set = res
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .find(|c| c.starts_with("linli_kiosk="))
            .unwrap();
        assert_eq!(set.contains("; Secure"), secure, "{host}: {set}");
    }
    app.stop().await;
}

#[tokio::test]
async fn no_page_or_answer_is_kept_by_the_browser_but_assets_are() {
    // A shared screen (the kiosk, the counter): Back must not show the
    // previous person's page from the browser's cache.
    let app = TestApp::spawn().await;
    for path in ["/", "/kiosk", "/signin", "/api/v1/session", "/track/NOSUCHCODE"] {
        let res = app.get(path).await;
        assert_eq!(res.headers().get("cache-control").map(|v| v.to_str().unwrap()), Some("no-store"), "{path}");
    }
    let page = app.text("/", 200).await;
    let css = page.split("href=\"/assets/").nth(1).and_then(|r| r.split('"').next()).expect("a stylesheet");
    let res = app.get(&format!("/assets/{css}")).await;
    assert!(res.headers()["cache-control"].to_str().unwrap().contains("immutable"), "{css}");
}
