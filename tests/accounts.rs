//! Accounts as people meet them: staff hand out an initial password, the
//! grid worker signs in and must change it, guessing gets locked out, forged
//! forms and cookies are refused, and every step is in a tamper-evident log.

mod common;

use common::{Browser, TestApp, add_account, signed_in};
use linli::app::access::audit::Verdict;

const GOOD: &str = "Lvliang-2026-grid";

/// Signs in with the initial password and sets `GOOD`; the browser ends signed in.
async fn first_sign_in(browser: &mut Browser<'_>, login: &str, initial: &str) {
    let (status, location, _) = browser.sign_in(login, initial).await;
    assert_eq!((status, location.as_str()), (303, "/account/password"), "initial password must be changed first");
    let (status, location, _) = browser.get("/account").await;
    assert_eq!((status, location.as_str()), (303, "/account/password"), "nothing else until it is");
    browser.get("/account/password").await;
    let (status, location, _) =
        browser.post("/account/password", &[("current", initial), ("new", GOOD), ("confirm", GOOD)]).await;
    assert_eq!((status, location.as_str()), (303, "/signin?reason=changed"));
    let (status, location, _) = browser.sign_in(login, GOOD).await;
    assert_eq!((status, location.as_str()), (303, "/account"));
}

#[tokio::test]
async fn a_grid_worker_signs_in_changes_the_initial_password_and_sees_their_grants() {
    let app = TestApp::spawn().await;
    let initial = add_account(&app, "grid.wang", Some("13812345678"), "grid_worker", "141102001002").await;
    let mut b = Browser::new(&app);
    first_sign_in(&mut b, "grid.wang", &initial).await;
    let (status, _, html) = b.get("/account").await;
    assert_eq!(status, 200);
    assert!(html.contains("测试grid.wang") && html.contains("网格员") && html.contains("交通路社区居委会"), "{html}");
    assert!(html.contains("138****5678") && !html.contains("13812345678"), "phone masked");
    assert!(html.contains("30 分钟无操作会自动退出"));
    // Signing in by phone works too.
    let mut phone = Browser::new(&app);
    assert_eq!(phone.sign_in("138 1234 5678", GOOD).await.1, "/account");
    let (status, me) = phone.api("/api/v1/me").await;
    assert_eq!(status, 200);
    assert_eq!(me["phone"], "138****5678");
    assert_eq!(me["grants"][0]["role"], "grid_worker");
    app.stop().await;
}

#[tokio::test]
async fn a_weak_or_personal_new_password_is_refused_in_plain_chinese() {
    let app = TestApp::spawn().await;
    let initial = add_account(&app, "staff.li", Some("13900001111"), "community_staff", "141102002006").await;
    let mut b = Browser::new(&app);
    b.sign_in("staff.li", &initial).await;
    b.get("/account/password").await;
    for (new, says) in [
        ("short", "至少需要 8 个字符"),
        ("12345678", "太常见"),
        ("x13900001111", "不能包含手机号"),
        ("staff.li-2026", "不能包含手机号、身份证号或用户名"),
    ] {
        let (status, _, html) =
            b.post("/account/password", &[("current", &initial), ("new", new), ("confirm", new)]).await;
        assert_eq!(status, 422, "{new}");
        assert!(html.contains(says), "{new}: {html}");
    }
    let (_, _, html) = b.post("/account/password", &[("current", "wrong-one"), ("new", GOOD), ("confirm", GOOD)]).await;
    assert!(html.contains("当前密码不对"));
    let (_, _, html) = b.post("/account/password", &[("current", &initial), ("new", GOOD), ("confirm", "other")]).await;
    assert!(html.contains("两次输入的新密码不一致"));
    app.stop().await;
}

#[tokio::test]
async fn five_wrong_passwords_lock_the_account_without_telling_whether_it_exists() {
    let app = TestApp::spawn().await;
    let initial = add_account(&app, "grid.zhao", None, "grid_worker", "141102003005").await;
    for login in ["grid.zhao", "no.such.user"] {
        let mut b = Browser::new(&app);
        for i in 1..=4 {
            let (status, _, html) = b.sign_in(login, "wrong-password").await;
            assert_eq!(status, 401, "{login} attempt {i}");
            assert!(html.contains("账号或密码错误"));
        }
        let (status, _, html) = b.sign_in(login, "wrong-password").await;
        assert_eq!(status, 429, "{login}: the fifth failure locks");
        assert!(html.contains("暂时锁定") && html.contains("15 分钟"), "{html}");
    }
    // Even the right password waits out the lock.
    let mut b = Browser::new(&app);
    let (status, _, html) = b.sign_in("grid.zhao", &initial).await;
    assert_eq!(status, 429);
    assert!(html.contains("暂时锁定"));
    // The API says the same with a stable code.
    let res = app
        .client
        .post(app.url("/api/v1/session"))
        .json(&serde_json::json!({"login": "grid.zhao", "password": initial}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["code"], "account_locked");
    app.stop().await;
}

#[tokio::test]
async fn an_address_trying_many_accounts_is_stopped() {
    let app = TestApp::spawn().await;
    let mut b = Browser::new(&app);
    for i in 0..10 {
        let (status, _, _) = b.sign_in(&format!("guess.{i}"), "wrong-password").await;
        assert_eq!(status, 401);
    }
    let (status, _, html) = b.sign_in("guess.final", "wrong-password").await;
    assert_eq!(status, 429);
    assert!(html.contains("此网络地址尝试登录的次数过多"));
    app.stop().await;
}

#[tokio::test]
async fn forms_without_the_right_token_are_refused() {
    let app = TestApp::spawn().await;
    let initial = add_account(&app, "grid.sun", None, "grid_worker", "141102001002").await;
    let mut b = Browser::new(&app);
    b.get("/signin").await;
    for token in ["", "forged-token-forged-token-forged-token-0123"] {
        let (status, _, html) =
            b.post("/signin", &[("login", "grid.sun"), ("password", &initial), ("_csrf", token)]).await;
        assert_eq!(status, 403, "token {token:?}");
        assert!(html.contains("页面已过期或来源不明"), "{html}");
        assert!(b.cookie("linli_session").is_none(), "no session from a forged form");
    }
    // No cookie at all (a cross-site post): refused too.
    let res = app.client.post(app.url("/signout")).form(&[("_csrf", "x")]).send().await.unwrap();
    assert_eq!(res.status(), 403);
    app.stop().await;
}

#[tokio::test]
async fn a_tampered_or_timed_out_session_sends_you_to_sign_in() {
    let app = TestApp::spawn().await;
    let initial = add_account(&app, "grid.zhou", None, "grid_worker", "141102001002").await;
    let mut b = Browser::new(&app);
    first_sign_in(&mut b, "grid.zhou", &initial).await;
    assert_eq!(b.get("/account").await.0, 200);

    let mut forged = Browser::new(&app);
    forged.set_cookie("linli_session", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    let (status, location, _) = forged.get("/account").await;
    assert_eq!((status, location.as_str()), (303, "/signin?reason=invalid&next=%2Faccount"));
    assert!(forged.cookie("linli_session").is_none(), "the bad cookie is cleared");
    let (_, _, html) = forged.get(&location).await;
    assert!(html.contains("登录状态无效"));
    let (status, body) = Browser::new(&app).api("/api/v1/me").await;
    assert_eq!((status, body["code"].as_str()), (401, Some("unauthenticated")));

    // Idle for 31 minutes: a staff session ends.
    common::age_sessions(&app, 31 * 60).await;
    let (status, body) = b.api("/api/v1/me").await;
    assert_eq!((status, body["code"].as_str()), (401, Some("session_expired")));
    app.stop().await;
}

#[tokio::test]
async fn sign_out_everywhere_ends_every_device() {
    let app = TestApp::spawn().await;
    let initial = add_account(&app, "head.wu", None, "community_head", "141102003005").await;
    let mut phone = Browser::new(&app);
    first_sign_in(&mut phone, "head.wu", &initial).await;
    let mut pc = Browser::new(&app);
    assert_eq!(pc.sign_in("head.wu", GOOD).await.1, "/account");
    pc.get("/account").await;
    let (status, location, _) = pc.post("/signout/everywhere", &[]).await;
    assert_eq!((status, location.as_str()), (303, "/"));
    assert_eq!(phone.get("/account").await.0, 303, "the phone is signed out too");
    assert_eq!(pc.get("/account").await.0, 303);
    app.stop().await;
}

#[tokio::test]
async fn a_disabled_account_cannot_sign_in_and_its_sessions_end() {
    let app = TestApp::spawn().await;
    let initial = add_account(&app, "vol.qian", None, "volunteer", "141102002006").await;
    let mut b = Browser::new(&app);
    first_sign_in(&mut b, "vol.qian", &initial).await;
    let account = app.app.account_by_login("vol.qian").await.unwrap();
    app.app.set_disabled(&linli::app::access::audit::Actor::cli(), &account, true).await.unwrap();
    assert_eq!(b.get("/account").await.0, 303);
    let (status, _, html) = b.sign_in("vol.qian", GOOD).await;
    assert_eq!(status, 403);
    assert!(html.contains("账号已停用"));
    app.stop().await;
}

#[tokio::test]
async fn phone_numbers_are_never_stored_in_clear() {
    let app = TestApp::spawn().await;
    add_account(&app, "grid.he", Some("13712349876"), "grid_worker", "141102001002").await;
    let mut b = Browser::new(&app);
    b.sign_in("13712349876", "wrong-password").await;
    for text in common::all_stored_text(&app).await {
        assert!(!text.contains("13712349876"), "clear phone in the database: {text}");
    }
    if let Some(dump) = common::pg_dump_text(&app) {
        assert!(dump.contains("grid.he"), "the dump holds the data");
        assert!(!dump.contains("13712349876"), "clear phone in pg_dump");
    }
    if let common::Engine::Sqlite(dir) = &app.engine {
        app.app.close().await;
        for entry in std::fs::read_dir(dir.path()).unwrap() {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            assert!(!bytes.windows(11).any(|w| w == b"13712349876"), "clear phone in a database file");
        }
    }
}

#[tokio::test]
async fn the_audit_log_records_each_step_and_detects_an_edit() {
    let app = TestApp::spawn().await;
    let initial = add_account(&app, "grid.ma", Some("13611112222"), "grid_worker", "141102001002").await;
    let mut b = Browser::new(&app);
    b.sign_in("grid.ma", "wrong-password").await;
    first_sign_in(&mut b, "grid.ma", &initial).await;
    b.get("/account").await;
    b.post("/signout", &[]).await;
    let actions: Vec<String> =
        app.app.recent_audit(None, 100).await.unwrap().into_iter().rev().map(|e| e.action).collect();
    for a in ["account.create", "grant.add", "signin.failure", "signin.success", "account.change_password", "signout"] {
        assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
    }
    let entries = actions.len() as i64;
    assert_eq!(app.app.verify_audit(|_| {}).await.unwrap(), Verdict::Intact { entries });
    let failure = app.app.recent_audit(Some("signin.failure"), 1).await.unwrap().remove(0);
    assert!(!failure.detail.contains("wrong-password"), "passwords never reach the log");
    // Someone edits an entry by hand in the database.
    common::edit_audit_entry(&app, 3, "somebody else").await;
    assert_eq!(app.app.verify_audit(|_| {}).await.unwrap(), Verdict::Broken { seq: 3 });
    app.stop().await;
}

#[tokio::test]
async fn the_api_signs_in_and_out() {
    let app = TestApp::spawn().await;
    let initial = add_account(&app, "resident.gao", Some("13555556666"), "resident", "141102002006").await;
    let post = |body: serde_json::Value| app.client.post(app.url("/api/v1/session")).json(&body).send();
    let bad = post(serde_json::json!({"login": "resident.gao", "password": "nope-nope"})).await.unwrap();
    assert_eq!(bad.status(), 401);
    assert_eq!(bad.json::<serde_json::Value>().await.unwrap()["code"], "bad_credentials");
    let ok = post(serde_json::json!({"login": "13555556666", "password": initial})).await.unwrap();
    assert_eq!(ok.status(), 200);
    let cookie = ok.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let info: serde_json::Value = ok.json().await.unwrap();
    assert_eq!(info["must_change_password"], true);
    assert_eq!(info["max_age_secs"], 30 * 24 * 3600, "residents stay signed in for up to 30 days");
    // An initial password opens nothing, on the API either, until it is changed.
    let me = app.client.get(app.url("/api/v1/me")).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(me.status(), 403);
    assert_eq!(me.json::<serde_json::Value>().await.unwrap()["code"], "password_change_required");
    let out = app.client.delete(app.url("/api/v1/session")).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(out.status(), 204);
    let me = app.client.get(app.url("/api/v1/me")).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(me.status(), 401);
    app.stop().await;
}

async fn make_token(app: &TestApp, name: &str, scopes: &[linli::app::access::token::Scope]) -> String {
    let region = linli::domain::registry::region::RegionCode::parse("141102").unwrap();
    app.app.create_token(&linli::app::access::audit::Actor::cli(), name, scopes, &region).await.unwrap().1
}

#[tokio::test]
async fn a_log_collector_reads_the_audit_log_with_a_scoped_token() {
    use linli::app::access::token::Scope;
    let app = TestApp::spawn().await;
    add_account(&app, "grid.lin", None, "grid_worker", "141102001002").await;
    let siem = make_token(&app, "siem", &[Scope::Audit]).await;
    let open311 = make_token(&app, "open311-app", &[Scope::Open311]).await;
    assert!(siem.starts_with("linli_") && siem.len() > 40);
    let get = |auth: Option<String>, query: &'static str| {
        let mut r = app.client.get(app.url(&format!("/api/v1/audit{query}")));
        if let Some(a) = auth {
            r = r.header("authorization", a);
        }
        r.send()
    };
    let res = get(Some(format!("Bearer {siem}")), "?action=grant.add").await.unwrap();
    assert_eq!(res.status(), 200);
    let entries: serde_json::Value = res.json().await.unwrap();
    assert_eq!(entries.as_array().unwrap().len(), 1);
    assert_eq!(entries[0]["target"], "grid.lin");
    assert_eq!(entries[0]["detail"]["role"], "grid_worker");

    let res = get(Some(format!("Bearer {open311}")), "").await.unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["code"], "insufficient_scope");
    let res = get(Some("Bearer linli_not-a-real-token".into()), "").await.unwrap();
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["code"], "invalid_token");
    let res = get(None, "").await.unwrap();
    assert_eq!(
        (res.status().as_u16(), res.json::<serde_json::Value>().await.unwrap()["code"].clone()),
        (401, "unauthenticated".into())
    );

    // Open311 clients send `api_key`; it works here too.
    let res = app.client.get(app.url(&format!("/api/v1/audit?api_key={siem}"))).send().await.unwrap();
    assert_eq!(res.status(), 200);

    // Revoked: refused at once; use and revocation are recorded.
    assert!(app.app.revoke_token(&linli::app::access::audit::Actor::cli(), "siem").await.unwrap());
    let res = get(Some(format!("Bearer {siem}")), "").await.unwrap();
    assert_eq!(res.status(), 401);
    let tokens = app.app.list_tokens().await.unwrap();
    let row = tokens.iter().find(|t| t.name == "siem").unwrap();
    assert!(row.last_used_at.is_some() && row.revoked_at.is_some());
    assert!(!row.token_hash.contains(&siem[6..]), "only a hash is stored");
    app.stop().await;
}

#[tokio::test]
async fn only_admins_search_and_export_the_audit_log() {
    let app = TestApp::spawn().await;
    let admin = add_account(&app, "admin", None, "system_admin", "141102").await;
    let worker = add_account(&app, "grid.xu", Some("13911112222"), "grid_worker", "141102001002").await;
    let mut w = Browser::new(&app);
    first_sign_in(&mut w, "grid.xu", &worker).await;
    let (status, _, html) = w.get("/admin/audit").await;
    assert_eq!(status, 403);
    assert!(html.contains("没有权限"));
    let (status, body) = w.api("/api/v1/audit").await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")));

    let mut a = Browser::new(&app);
    first_sign_in(&mut a, "admin", &admin).await;
    let (_, _, account) = a.get("/account").await;
    assert!(account.contains("href=\"/admin/audit\""), "admins find the log from their account page");
    let (status, _, html) = a.get("/admin/audit?target=grid.xu").await;
    assert_eq!(status, 200);
    assert!(html.contains("account.change_password") && html.contains("grid.xu"));
    assert!(!html.contains("13911112222"), "no clear phone in the log");
    let (_, _, none) = a.get("/admin/audit?actor=nobody-at-all").await;
    assert!(none.contains("没有符合条件的记录"));
    let (status, _, bad) = a.get("/admin/audit?from=2026-13-45").await;
    assert_eq!(status, 400, "{bad}");

    let res = app
        .client
        .get(app.url("/admin/audit.csv?action=signin.success"))
        .header("cookie", format!("linli_session={}", a.cookie("linli_session").unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let csv = res.text().await.unwrap();
    assert!(csv.starts_with('\u{feff}'), "BOM for Excel");
    assert_eq!(csv.lines().count(), 1 + 4, "header and four sign-ins: {csv}");
    let exports = app.app.recent_audit(Some("audit.export"), 5).await.unwrap();
    assert_eq!(exports.len(), 1, "the export is itself recorded");
    assert_eq!(exports[0].actor, "admin");
    app.stop().await;
}

fn code_now(secret_b32: &str, offset_steps: i64) -> String {
    use linli::domain::access::totp;
    let secret = totp::from_base32(secret_b32).unwrap();
    let step = totp::step_of(chrono::Utc::now().timestamp()) + offset_steps;
    format!("{:06}", totp::code_at(&secret, step, 6))
}

fn secret_on(html: &str) -> String {
    html.split("id=\"totp-secret\">").nth(1).unwrap().split('<').next().unwrap().replace(' ', "")
}

#[tokio::test]
async fn a_second_factor_guards_staff_sign_in_and_can_be_made_mandatory() {
    let app = TestApp::spawn().await;
    let admin = add_account(&app, "admin", None, "system_admin", "141102").await;
    let worker = add_account(&app, "grid.guo", None, "grid_worker", "141102001002").await;
    let cli = linli::app::access::audit::Actor::cli();
    app.app.set_second_factor_required(&cli, true).await.unwrap();

    // A staff account without a second factor is sent to set one up, and nothing else opens.
    let mut w = Browser::new(&app);
    first_sign_in(&mut w, "grid.guo", &worker).await;
    let (status, location, _) = w.get("/account").await;
    assert_eq!((status, location.as_str()), (303, "/account/totp"));
    let (_, _, html) = w.get("/account/totp").await;
    assert!(html.contains("系统管理员要求工作人员账号开启两步验证"));
    let secret = secret_on(&html);
    let (status, _, html) = w.post("/account/totp", &[("sealed", &sealed_on(&html)), ("code", "000000")]).await;
    assert_eq!(status, 422, "a wrong code does not enrol");
    assert!(html.contains("动态码不对"));
    let sealed = sealed_on(&html);
    let secret = if secret_on(&html) == secret { secret } else { secret_on(&html) };
    let (status, location, _) = w.post("/account/totp", &[("sealed", &sealed), ("code", &code_now(&secret, 0))]).await;
    assert_eq!((status, location.as_str()), (303, "/account"), "enrolled");
    let enrolled = app.app.account_by_login("grid.guo").await.unwrap();
    assert!(enrolled.totp_sealed.is_some() && enrolled.totp_last_step.is_some(), "the secret is stored sealed");
    assert_eq!(w.get("/account").await.0, 200);

    // Next sign-in: the password alone opens nothing.
    let mut next = Browser::new(&app);
    let (status, location, _) = next.sign_in("grid.guo", GOOD).await;
    assert_eq!((status, location.as_str()), (303, "/signin/code?next=%2Faccount"));
    assert_eq!(next.get("/account").await.1, "/signin/code?next=%2Faccount");
    let (status, body) = next.api("/api/v1/me").await;
    assert_eq!((status, body["code"].as_str()), (401, Some("second_factor_required")));
    next.get("/signin/code").await;
    let (status, _, html) = next.post("/signin/code", &[("code", "123456")]).await;
    assert_eq!(status, 401);
    assert!(html.contains("动态码不对"));
    // The next code is accepted (clocks drift by up to a step either way).
    let code = code_now(&secret, 1);
    let (status, location, _) = next.post("/signin/code", &[("code", &code), ("next", "/account")]).await;
    assert_eq!((status, location.as_str()), (303, "/account"));
    // The same code cannot be used again, even by someone who also has the password.
    let mut replay = Browser::new(&app);
    replay.sign_in("grid.guo", GOOD).await;
    replay.get("/signin/code").await;
    assert_eq!(replay.post("/signin/code", &[("code", &code)]).await.0, 401, "no replay");
    assert_eq!(next.get("/account").await.0, 200);

    // Five wrong codes on the account within 15 minutes (two above) end the half-finished sign-in.
    let mut guesser = Browser::new(&app);
    guesser.sign_in("grid.guo", GOOD).await;
    guesser.get("/signin/code").await;
    for _ in 0..2 {
        assert_eq!(guesser.post("/signin/code", &[("code", "000001")]).await.0, 401);
    }
    let (status, _, html) = guesser.post("/signin/code", &[("code", "000001")]).await;
    assert_eq!(status, 429);
    assert!(html.contains("暂时锁定"));
    assert!(guesser.cookie("linli_session").is_none());

    // A lost phone: the admin removes the factor; the worker must enrol again.
    let account = app.app.account_by_login("grid.guo").await.unwrap();
    app.app.remove_second_factor(&cli, &account).await.unwrap();
    let mut again = Browser::new(&app);
    assert_eq!(again.sign_in("grid.guo", GOOD).await.1, "/account");
    assert_eq!(again.get("/account").await.1, "/account/totp");

    // Residents are never forced.
    let resident = add_account(&app, "resident.fan", None, "resident", "141102002006").await;
    let mut r = Browser::new(&app);
    first_sign_in(&mut r, "resident.fan", &resident).await;
    assert_eq!(r.get("/account").await.0, 200);
    let _ = admin;
    app.stop().await;
}

fn sealed_on(html: &str) -> String {
    html.split("name=\"sealed\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned()
}

#[tokio::test]
async fn keys_rotate_while_the_server_runs_and_nothing_is_lost() {
    let app = TestApp::spawn().await;
    for (i, phone) in ["13800000001", "13800000002", "13800000003"].iter().enumerate() {
        let initial = add_account(&app, &format!("grid.r{i}"), Some(phone), "grid_worker", "141102001002").await;
        let mut b = Browser::new(&app);
        first_sign_in(&mut b, &format!("grid.r{i}"), &initial).await;
    }
    let key_file = app.engine.settings(|_| {}).data_dir.value.join("linli.key");
    let before = std::fs::read_to_string(&key_file).unwrap();

    // The operator runs `linli keys rotate` in another process.
    let settings = app.engine.settings(|_| {});
    let cli = linli::app::App::start(&settings, &mut |_| {}).await.unwrap();
    let mut seen = Vec::new();
    let r = cli
        .rotate_keys(&linli::app::access::audit::Actor::cli(), |done, total| seen.push((done, total)))
        .await
        .unwrap();
    cli.close().await;
    assert_eq!((r.resealed, r.dropped_keys, r.kept_keys), (3, 1, 0));
    assert_eq!(seen.last().map(|p| p.1), Some(3), "progress reported");
    let after = std::fs::read_to_string(&key_file).unwrap();
    assert_ne!(before.trim(), after.trim());
    assert_eq!(after.trim().lines().count(), 1, "the old key is gone");

    // The running server signs in by phone and shows the masked phone, without a restart.
    let mut b = Browser::new(&app);
    assert_eq!(b.sign_in("13800000002", GOOD).await.1, "/account");
    let (status, me) = b.api("/api/v1/me").await;
    assert_eq!((status, me["phone"].as_str()), (200, Some("138****0002")));
    for text in common::all_stored_text(&app).await {
        assert!(!text.contains("1380000000"), "no clear phone: {text}");
    }
    let rotations = app.app.recent_audit(Some("keys.rotate"), 5).await.unwrap();
    assert_eq!(rotations.len(), 1);
    assert!(matches!(app.app.verify_audit(|_| {}).await.unwrap(), linli::app::access::audit::Verdict::Intact { .. }));
    app.stop().await;
}

#[tokio::test]
async fn old_audit_entries_move_to_a_file_and_the_chain_still_verifies() {
    use linli::app::access::audit::{Actor, Verdict};
    let app = TestApp::spawn().await;
    add_account(&app, "grid.a", None, "grid_worker", "141102001002").await;
    add_account(&app, "grid.b", None, "grid_worker", "141102001002").await;
    let before = chrono::Utc::now();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("audit-archive.jsonl");

    // The platform refuses to archive anything younger than 180 days.
    let refused = app.app.archive_audit(&Actor::cli(), before, 180, &file, |_| {}).await;
    assert!(refused.is_err() && !file.exists());

    let done = app.app.archive_audit(&Actor::cli(), before, 0, &file, |_| {}).await.unwrap();
    assert_eq!(done.entries, 4, "two accounts, two grants");
    let lines: Vec<serde_json::Value> =
        std::fs::read_to_string(&file).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[1]["prev_hash"], lines[0]["hash"], "the file keeps the chain");
    assert_eq!(app.app.audit_anchor().await.unwrap(), Some((4, lines[3]["hash"].as_str().unwrap().to_owned())));

    // What remains (the archive record and later entries) verifies from the anchor.
    add_account(&app, "grid.c", None, "grid_worker", "141102001002").await;
    assert_eq!(app.app.verify_audit(|_| {}).await.unwrap(), Verdict::Intact { entries: 3 });
    assert!(app.app.recent_audit(Some("audit.archive"), 1).await.unwrap()[0].detail.contains("\"entries\":4"));
    // Archiving again into an existing file is refused; nothing is lost.
    assert!(app.app.archive_audit(&Actor::cli(), chrono::Utc::now(), 0, &file, |_| {}).await.is_err());
    // An edit after the anchor is still caught.
    common::edit_audit_entry(&app, 6, "tampered").await;
    assert_eq!(app.app.verify_audit(|_| {}).await.unwrap(), Verdict::Broken { seq: 6 });
    app.stop().await;
}

#[tokio::test]
async fn a_rotation_seals_the_registry_again_and_lookups_still_find_people() {
    let app = TestApp::spawn().await;
    linli::demo_people::fill(&app.app).await.unwrap();
    let mut wang = signed_in(&app, "wang.mengxia", "grid_worker", "141102001002001").await;
    let (_, _, html) = wang.get("/households").await;
    let household = html.split("href=\"/households/").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let reveal = |page: &str, person: &str| {
        page.split(&format!("id=\"id-{person}\">")).nth(1).unwrap().split('<').next().unwrap().to_owned()
    };
    let (_, _, page) = wang.get(&format!("/households/{household}")).await;
    let person = page.split("name=\"person\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let form = [("person", person.as_str()), ("reason", "核对身份")];
    let (_, _, page) = wang.post(&format!("/households/{household}/reveal"), &form).await;
    let full = reveal(&page, &person);
    assert_eq!(full.len(), 18);

    let settings = app.engine.settings(|_| {});
    let cli = linli::app::App::start(&settings, &mut |_| {}).await.unwrap();
    let r = cli.rotate_keys(&linli::app::access::audit::Actor::cli(), |_, _| {}).await.unwrap();
    cli.close().await;
    assert!(r.resealed > 50, "the registry's people were sealed again: {r:?}");
    assert_eq!((r.dropped_keys, r.kept_keys), (1, 0));

    // Under the new key alone, the ID number still opens and still finds its person.
    // (The first page after the rotation is served as the server takes up the
    // new key file: its form token is the old key's, so it is read once more.)
    wang.get(&format!("/households/{household}")).await;
    let (_, _, page) = wang.get(&format!("/households/{household}")).await;
    assert!(page.contains(&format!("id=\"id-{person}\"")));
    let (status, _, page) = wang.post(&format!("/households/{household}/reveal"), &form).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(reveal(&page, &person), full);
    let (_, found) = wang.api(&format!("/api/v1/people?q={full}")).await;
    assert!(found.to_string().contains(&person), "found by ID number after the rotation: {found}");
    app.stop().await;
}
