//! Who sees which households: scope in the query, masking, sensitive tags,
//! children, and the audited full view of an ID number.

mod common;

use common::{Browser, TestApp, signed_in};

fn household_links(html: &str) -> Vec<String> {
    html.split("href=\"/households/").skip(1).map(|s| s.split('"').next().unwrap().to_owned()).collect()
}

async fn with_demo_registry() -> TestApp {
    let app = TestApp::spawn().await;
    linli::demo_people::fill(&app.app).await.unwrap();
    app
}

#[tokio::test]
async fn each_grid_worker_sees_only_their_grid_and_cannot_open_another_by_url() {
    let app = with_demo_registry().await;
    let mut wang = signed_in(&app, "wang.mengxia", "grid_worker", "141102001002001").await;
    let mut zhao = signed_in(&app, "zhao.yifei", "grid_worker", "141102001002002").await;
    let (status, _, html) = wang.get("/households").await;
    assert_eq!(status, 200);
    let mine = household_links(&html);
    assert_eq!(mine.len(), 12, "12 households in grid 1");
    assert!(html.contains("141102********"), "IDs masked");
    assert!(!html.contains("交通路小区21号楼"), "grid 2's buildings are not listed");
    let (_, _, theirs) = zhao.get("/households").await;
    let theirs = household_links(&theirs);
    assert_eq!(theirs.len(), 12);
    assert!(mine.iter().all(|h| !theirs.contains(h)));

    let (status, _, html) = zhao.get(&format!("/households/{}", mine[0])).await;
    assert_eq!(status, 404, "another grid's household does not exist for zhao");
    assert!(html.contains("找不到"));
    assert_eq!(zhao.get("/households/not-a-uuid").await.0, 404);
    let (_, _, html) = wang.get(&format!("/households/{}", mine[0])).await;
    assert!(html.contains("查看完整身份证号"), "wang works this household");
    // Revealing in someone else's household is refused the same way.
    let person = html.split("name=\"person\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    zhao.get("/households").await;
    let (status, _, _) =
        zhao.post(&format!("/households/{}/reveal", mine[0]), &[("person", &person), ("reason", "好奇")]).await;
    assert_eq!(status, 404);
    app.stop().await;
}

#[tokio::test]
async fn staff_see_their_community_and_admins_see_less_detail() {
    let app = with_demo_registry().await;
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let (_, _, html) = staff.get("/households").await;
    assert_eq!(household_links(&html).len(), 24, "both grids of 交通路社区");

    let mut head = signed_in(&app, "luo.xinjuan", "community_head", "141102002006").await;
    let (_, _, html) = head.get("/households").await;
    assert_eq!(household_links(&html).len(), 12, "生态园社区 only");

    // A street admin covers 生态园 (in 凤山街道), masked, without sensitive tags or children's names.
    let mut street = signed_in(&app, "fengshan", "street_admin", "141102002").await;
    let (_, _, html) = street.get("/households").await;
    let links = household_links(&html);
    assert_eq!(links.len(), 12);
    let mut saw_child = false;
    for id in &links {
        let (status, _, page) = street.get(&format!("/households/{id}")).await;
        assert_eq!(status, 200);
        assert!(!page.contains("残疾人"), "sensitive tags hidden from the street");
        assert!(!page.contains("查看完整身份证号"), "no full view for the street");
        if page.contains("子女") && page.contains("**</strong>") {
            saw_child = true;
        }
    }
    assert!(saw_child, "a child's name is masked for the street admin");
    let (_, _, page) = head.get(&format!("/households/{}", links[0])).await;
    assert!(page.contains("查看完整身份证号"));

    // Roles that do not read the registry see nothing.
    let mut resident = signed_in(&app, "resident.x", "resident", "141102002006").await;
    let (_, _, html) = resident.get("/households").await;
    assert!(household_links(&html).is_empty());
    let mut admin = signed_in(&app, "sysadmin", "system_admin", "141102").await;
    let (_, _, html) = admin.get("/households").await;
    assert!(household_links(&html).is_empty(), "system admins run the system, not the registry");
    app.stop().await;
}

#[tokio::test]
async fn a_full_id_number_is_shown_for_a_reason_and_recorded() {
    let app = with_demo_registry().await;
    let mut wang = signed_in(&app, "wang.mengxia", "grid_worker", "141102001002001").await;
    let (_, _, html) = wang.get("/households").await;
    let household = household_links(&html)[0].clone();
    let (_, _, page) = wang.get(&format!("/households/{household}")).await;
    let person = page.split("name=\"person\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let masked = page.split(&format!("id=\"id-{person}\">")).nth(1).unwrap().split('<').next().unwrap().to_owned();
    assert!(masked.contains("********"));

    let (status, _, page) =
        wang.post(&format!("/households/{household}/reveal"), &[("person", &person), ("reason", "")]).await;
    assert_eq!(status, 422);
    assert!(page.contains("请填写查看原因"));

    let (status, _, page) =
        wang.post(&format!("/households/{household}/reveal"), &[("person", &person), ("reason", "代办养老保险")]).await;
    assert_eq!(status, 200);
    let full = page.split(&format!("id=\"id-{person}\">")).nth(1).unwrap().split('<').next().unwrap().to_owned();
    assert_eq!(full.len(), 18);
    assert_eq!(&full[..6], &masked[..6]);
    assert_eq!(&masked[6..], "************", "the area code only");
    assert!(linli::domain::registry::id_number::IdNumber::parse(&full, chrono::Utc::now().date_naive()).is_ok());
    // The next look is masked again.
    let (_, _, again) = wang.get(&format!("/households/{household}")).await;
    assert!(!again.contains(&full));

    let views = app.app.recent_audit(Some("person.view_id"), 5).await.unwrap();
    assert_eq!(views.len(), 1);
    assert_eq!(views[0].actor, "wang.mengxia");
    assert!(views[0].detail.contains("代办养老保险") && views[0].target.contains(&masked));
    assert!(
        !views[0].target.contains(&full) && !views[0].detail.contains(&full),
        "the log never holds the full number"
    );

    // Nowhere in the database in clear.
    for text in common::all_stored_text(&app).await {
        assert!(!text.contains(&full));
    }
    if let Some(dump) = common::pg_dump_text(&app) {
        assert!(dump.contains(&masked), "the dump holds the registry");
        assert!(!dump.contains(&full), "a full ID number in pg_dump");
    }
    if let common::Engine::Sqlite(dir) = &app.engine {
        app.app.close().await;
        for entry in std::fs::read_dir(dir.path()).unwrap() {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            assert!(!bytes.windows(18).any(|w| w == full.as_bytes()), "a full ID number in a database file");
        }
    }
}

#[tokio::test]
async fn the_api_keeps_the_same_scope_and_masking() {
    let app = with_demo_registry().await;
    let mut wang = signed_in(&app, "wang.mengxia", "grid_worker", "141102001002001").await;
    let mut zhao = signed_in(&app, "zhao.yifei", "grid_worker", "141102001002002").await;
    let (status, list) = wang.api("/api/v1/households").await;
    assert_eq!(status, 200);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 12);
    assert!(list.iter().all(|h| h["grid"] == "141102001002001"));
    let first = list[0]["id"].as_str().unwrap().to_owned();
    let id = list[0]["people"][0]["id_number"].as_str().unwrap();
    assert!(id.starts_with("141102********"), "{id}");
    let (status, one) = wang.api(&format!("/api/v1/households/{first}")).await;
    assert_eq!((status, one["id"].as_str()), (200, Some(first.as_str())));
    let (status, body) = zhao.api(&format!("/api/v1/households/{first}")).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")));
    let (status, body) = Browser::new(&app).api("/api/v1/households").await;
    assert_eq!((status, body["code"].as_str()), (401, Some("unauthenticated")));
    // A machine token has no registry scope.
    let region = linli::domain::registry::region::RegionCode::parse("141102").unwrap();
    let scopes = [linli::app::access::token::Scope::Audit];
    let (_, token) =
        app.app.create_token(&linli::app::access::audit::Actor::cli(), "siem", &scopes, &region).await.unwrap();
    let res = app.client.get(app.url("/api/v1/households")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(res.status(), 403);
    app.stop().await;
}

/// Every role against every resource that exists so far. Reads outside the
/// scope are 404 (existence is not leaked); an action on a visible record the
/// role may not take is 403.
#[tokio::test]
async fn the_access_matrix() {
    let app = with_demo_registry().await;
    let mut grid1 = signed_in(&app, "m.grid1", "grid_worker", "141102001002001").await;
    let (_, _, html) = grid1.get("/households").await;
    let target = household_links(&html)[0].clone();
    let (_, _, page) = grid1.get(&format!("/households/{target}")).await;
    let person = page.split("name=\"person\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();

    // (login, role, region, households listed, open target, reveal in target, audit API)
    let matrix: [(&str, &str, &str, usize, u16, u16, u16); 10] = [
        ("m.grid1b", "grid_worker", "141102001002001", 12, 200, 200, 403),
        ("m.grid2", "grid_worker", "141102001002002", 12, 404, 404, 403),
        ("m.staff", "community_staff", "141102001002", 24, 200, 200, 403),
        ("m.head", "community_head", "141102002006", 12, 404, 404, 403),
        ("m.fengshan", "street_admin", "141102002", 12, 404, 404, 403),
        ("m.binhe", "street_admin", "141102001", 24, 200, 403, 403),
        ("m.district", "district_admin", "141102", 36, 200, 403, 200),
        ("m.sys", "system_admin", "141102", 0, 404, 404, 200),
        ("m.resident", "resident", "141102001002001", 0, 404, 404, 403),
        ("m.volunteer", "volunteer", "141102001002", 0, 404, 404, 403),
    ];
    for (login, role, region, listed, open, reveal, audit) in matrix {
        let mut b = signed_in(&app, login, role, region).await;
        let (_, _, html) = b.get("/households").await;
        assert_eq!(household_links(&html).len(), listed, "{role}@{region} list");
        let (status, _, _) = b.get(&format!("/households/{target}")).await;
        assert_eq!(status, open, "{role}@{region} open");
        let (status, api) = b.api(&format!("/api/v1/households/{target}")).await;
        assert_eq!(status, open, "{role}@{region} API open: {api}");
        let (status, _, _) =
            b.post(&format!("/households/{target}/reveal"), &[("person", &person), ("reason", "核对信息")]).await;
        assert_eq!(status, reveal, "{role}@{region} reveal");
        let (status, _) = b.api("/api/v1/audit").await;
        assert_eq!(status, audit, "{role}@{region} audit log");
    }
    // Not signed in: pages send you to sign in, the API says 401, forms without a token are refused.
    let mut anon = Browser::new(&app);
    assert_eq!(anon.get("/households").await.0, 303);
    assert_eq!(anon.get(&format!("/households/{target}")).await.0, 303);
    assert_eq!(anon.api(&format!("/api/v1/households/{target}")).await.0, 401);
    assert_eq!(anon.api("/api/v1/audit").await.0, 401);
    let (status, _, _) =
        anon.post(&format!("/households/{target}/reveal"), &[("person", &person), ("reason", "x")]).await;
    assert_eq!(status, 403, "no form token (it never saw a form): refused before anything else");
    app.stop().await;
}

#[tokio::test]
async fn imported_residents_appear_for_their_grid_worker_and_a_failed_import_writes_nothing() {
    use linli::app::registry::import::{Mode, OnExisting};
    use linli::domain::registry::sheet::read_residents_file;
    let dry_run = || Mode { on_existing: OnExisting::Skip, dry_run: true };
    let app = TestApp::spawn().await;
    let cli = linli::app::access::audit::Actor::cli();
    let grid = app.app.add_grid(&cli, &"141102001002".parse().unwrap(), 7, "交通路第七网格").await.unwrap();
    let id = |f17: &str| format!("{f17}{}", linli::domain::registry::id_number::check_digit(f17.as_bytes()));
    let sheet = format!(
        "楼栋,单元,房号,姓名,身份证号,标签\n9号楼,1,101,高淑珍,{},独居老人\n9号楼,1,102,郭海军,{},\n9号楼,1,102,郭子涵,{},\n",
        id("14110219470101002"),
        id("14110219800202013"),
        id("14110220180303024"),
    );
    let (rows, problems) = read_residents_file(sheet.as_bytes(), chrono::Utc::now().date_naive()).unwrap();
    assert!(problems.is_empty());

    // A dry run writes nothing.
    let dry =
        app.app.import_residents(&cli, &grid, "test.csv", rows.clone().into(), dry_run(), |_, _| {}).await.unwrap();
    assert_eq!((dry.households, dry.people, dry.dry_run), (2, 3, true));
    let mut worker = signed_in(&app, "grid.seven", "grid_worker", grid.as_str()).await;
    let (_, _, html) = worker.get("/households").await;
    assert!(household_links(&html).is_empty(), "the dry run wrote nothing");

    // Into something that is not a grid: refused (a community's code is no
    // grid's, so it never reaches the import), nothing written.
    assert!(linli::domain::registry::region::GridCode::parse("141102001002").is_err());

    let done = app
        .app
        .import_residents(&cli, &grid, "test.csv", rows.clone().into(), Mode::default(), |_, _| {})
        .await
        .unwrap();
    assert_eq!((done.buildings, done.households, done.people, done.skipped), (1, 2, 3, 0));
    let (_, _, html) = worker.get("/households").await;
    assert_eq!(household_links(&html).len(), 2);
    assert!(html.contains("高淑珍") && html.contains("独居老人") && html.contains("141102********"));
    let again = app
        .app
        .import_residents(&cli, &grid, "test.csv", rows.clone().into(), Mode::default(), |_, _| {})
        .await
        .unwrap();
    assert_eq!((again.people, again.skipped), (0, 3), "already registered people are skipped");
    // Or updated, as the user chooses: 高淑珍 has a phone and a new tag now.
    let changed = sheet.replace(",独居老人\n", ",独居老人、低保\n");
    let (rows2, _) = read_residents_file(changed.as_bytes(), chrono::Utc::now().date_naive()).unwrap();
    let update = Mode { on_existing: OnExisting::Update, dry_run: false };
    let r = app.app.import_residents(&cli, &grid, "fix.csv", rows2.into(), update, |_, _| {}).await.unwrap();
    assert_eq!((r.people, r.updated, r.skipped), (0, 1, 2), "only the changed person is updated");
    let (_, found) = worker.api("/api/v1/people?q=%E9%AB%98%E6%B7%91%E7%8F%8D").await;
    let pid = found[0]["id"].as_str().unwrap().to_owned();
    let (_, person) = worker.api(&format!("/api/v1/people/{pid}")).await;
    assert_eq!(person["person"]["tags"], serde_json::json!(["独居老人", "低保"]));
    assert_eq!(person["history"][0]["changes"], serde_json::json!([["标签", "独居老人", "独居老人、低保"]]));
    assert!(person["history"][0]["reason"].as_str().unwrap().contains("fix.csv"));
    // The upload page is for community staff.
    assert_eq!(worker.get("/import").await.0, 403);
    let mut staff = signed_in(&app, "staff.seven", "community_staff", "141102001002").await;
    let (status, _, html) = staff.get("/import").await;
    assert_eq!(status, 200);
    assert!(html.contains("enctype=\"multipart/form-data\"") && html.contains("action=\"/import\""));
    assert!(!html.contains("?_csrf="), "the form token stays out of the address bar");
    // The bad rows a page listed come back as a workbook to fix the sheet by.
    let listed = r#"[{"line":4,"column":"身份证号","message":"校验位不对"}]"#;
    let (status, kind, bytes) = staff.post_for_bytes("/import/report", &[("problems", listed)]).await;
    assert_eq!(status, 200);
    assert!(kind.contains("spreadsheetml"));
    let table = linli::domain::registry::sheet::read_table(&bytes).unwrap();
    assert_eq!(table[1].1, ["4", "身份证号", "校验位不对"]);
    // And the API: every bad row as JSON, nothing written; a dry run counts.
    // A CSV body on a session cookie carries the session's form token.
    let staff_token = staff.api("/api/v1/me").await.1["csrf_token"].as_str().unwrap().to_owned();
    let worker_token = worker.api("/api/v1/me").await.1["csrf_token"].as_str().unwrap().to_owned();
    let post = |csv: String, dry: bool| {
        app.client
            .post(app.url(&format!("/api/v1/households/import?grid={grid}&dry_run={dry}")))
            .header("cookie", format!("linli_session={}", staff.cookie("linli_session").unwrap()))
            .header("x-csrf-token", &staff_token)
            .header("content-type", "text/csv")
            .body(csv)
            .send()
    };
    let res = post("楼栋,房号,姓名,身份证号\n9号楼,201,赵一,4.11102E+17\n".into(), false).await.unwrap();
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!((body["status"].as_str(), body["problems"][0]["line"].as_u64()), (Some("invalid_rows"), Some(2)));
    let fresh = format!("楼栋,房号,姓名,身份证号\n9号楼,201,赵一,{}\n", id("14110219900909019"));
    let body: serde_json::Value = post(fresh, true).await.unwrap().json().await.unwrap();
    assert_eq!((body["status"].as_str(), body["people"].as_u64()), (Some("dry_run"), Some(1)));
    let res = app
        .client
        .post(app.url(&format!("/api/v1/households/import?grid={grid}")))
        .header("cookie", format!("linli_session={}", worker.cookie("linli_session").unwrap()))
        .header("x-csrf-token", &worker_token)
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403, "grid workers do not import");
    let imports = app.app.recent_audit(Some("import.residents"), 5).await.unwrap();
    assert_eq!(imports.len(), 3, "two imports and the update; the dry runs left no audit entry");
    app.stop().await;
}

#[tokio::test]
async fn exports_are_masked_unless_a_worker_gives_a_reason_and_never_run_formulas() {
    let app = with_demo_registry().await;
    let cli = linli::app::access::audit::Actor::cli();
    // Someone typed a formula as a name.
    let building = app.app.add_building(&cli, &"141102001002001".parse().unwrap(), "公式楼").await.unwrap();
    let f17 = "14110219700101011";
    let trap = linli::app::registry::household::NewPerson {
        name: "=HYPERLINK(\"http://x\",\"点我\")".into(),
        id_number: linli::domain::registry::id_number::IdNumber::parse(
            &format!("{f17}{}", linli::domain::registry::id_number::check_digit(f17.as_bytes())),
            chrono::Utc::now().date_naive(),
        )
        .unwrap()
        .into(),
        phone: None,
        relation: "本人".into(),
        tags: vec![],
        facts: Default::default(),
    };
    app.app.add_household(&cli, &"141102001002".parse().unwrap(), building, ("1", "101", 0), &[trap]).await.unwrap();

    let mut wang = signed_in(&app, "wang.mengxia", "grid_worker", "141102001002001").await;
    let (status, _, csv) = wang.get("/households.csv").await;
    assert_eq!(status, 200);
    assert!(csv.starts_with('\u{feff}') && csv.contains("身份证号"));
    let lines: Vec<&str> = csv.lines().skip(1).collect();
    assert!(lines.len() > 12, "every person of grid 1");
    assert!(lines.iter().all(|l| l.starts_with("141102001002001")), "only grid 1");
    assert!(lines.iter().all(|l| l.contains("141102********")), "masked");
    assert!(csv.contains("\"'=HYPERLINK("), "the formula is escaped: {csv}");

    // A link alone exports nothing in full: it leads to the confirmation page.
    let before = app.app.recent_audit(Some("export.households_full"), 5).await.unwrap().len();
    for link in [
        "/households.csv?full=1&reason=%E4%BD%8F%E6%88%BF%E6%A0%B8%E6%9F%A5",
        "/households.xlsx?full=1&reason=x1",
        "/exports/households?format=csv&full=1&reason=x1",
    ] {
        let (status, location, body) = wang.get(link).await;
        assert_eq!((status, location.split('?').next()), (303, Some("/exports/households/full")), "{link}: {body}");
        assert!(!body.contains("141102") || body.is_empty(), "nothing exported by {link}");
    }
    assert_eq!(app.app.recent_audit(Some("export.households_full"), 5).await.unwrap().len(), before);
    let (status, _, page) = wang.get("/exports/households/full?format=csv").await;
    assert_eq!(status, 200);
    assert!(page.contains("method=\"post\"") && page.contains("name=\"password\""), "{page}");
    // The households page offers the same form, posted with its token.
    let (_, _, list) = wang.get("/households").await;
    assert!(list.contains("action=\"/exports/households/full\"") && list.contains("type=\"password\""), "{list}");

    let reason = "住房核查";
    // A forged form (no token of this session) is refused.
    let forged = [("format", "csv"), ("reason", reason), ("password", common::GOOD), ("_csrf", "x")];
    assert_eq!(wang.post("/exports/households/full", &forged).await.0, 403);
    // The wrong password: refused, recorded, nothing exported.
    let wrong = [("format", "csv"), ("reason", reason), ("password", "not-my-password")];
    let (status, _, page) = wang.post("/exports/households/full", &wrong).await;
    assert_eq!(status, 422);
    assert!(page.contains("密码不正确") && page.contains(reason), "the reason stays typed: {page}");
    assert_eq!(app.app.recent_audit(Some("export.confirm_refused"), 5).await.unwrap().len(), 1);
    // Reason and password: the export, as a job for this account.
    let right = [("format", "csv"), ("reason", reason), ("password", common::GOOD)];
    let (status, job, _) = wang.post("/exports/households/full", &right).await;
    assert_eq!(status, 303);
    assert!(job.starts_with("/jobs/"), "{job}");
    let mut page = String::new();
    for _ in 0..300 {
        page = wang.get(&job).await.2;
        if page.contains("job-download") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(page.contains("job-download"), "{page}");
    let (status, _, full) = wang.get_bytes(&format!("{job}/file")).await;
    assert_eq!(status, 200);
    let full = String::from_utf8(full).unwrap();
    let today = chrono::Utc::now().date_naive();
    let mut reader = csv::Reader::from_reader(full.trim_start_matches('\u{feff}').as_bytes());
    let ids: Vec<String> = reader.records().map(|r| r.unwrap()[7].to_owned()).collect();
    assert!(ids.len() > 12);
    assert!(
        ids.iter().all(|id| linli::domain::registry::id_number::IdNumber::parse(id, today).is_ok()),
        "full ID numbers: {ids:?}"
    );
    // Guessing the password is counted per account: past the limit even the
    // right one waits.
    let tries = linli::app::registry::household::CONFIRMS_PER_15_MIN as usize;
    for _ in 2..tries {
        assert_eq!(wang.post("/exports/households/full", &wrong).await.0, 422);
    }
    assert_eq!(wang.post("/exports/households/full", &right).await.0, 429);
    let audit = app.app.recent_audit(Some("export.households_full"), 5).await.unwrap();
    assert_eq!(audit.len(), 1);
    assert!(audit[0].detail.contains("住房核查") && audit[0].actor == "wang.mengxia");
    assert_eq!(app.app.recent_audit(Some("export.households"), 5).await.unwrap().len(), 1);

    // A community's staff export one grid as XLSX: masked, every cell text.
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let (status, kind, bytes) = staff.get_bytes("/households.xlsx?grid=141102001002001").await;
    assert_eq!(status, 200);
    assert!(kind.contains("spreadsheetml"), "{kind}");
    let table = linli::domain::registry::sheet::read_table(&bytes).unwrap();
    assert_eq!(table[0].1[7], "身份证号");
    let rows = &table[1..];
    assert!(rows.len() > 12 && rows.iter().all(|(_, r)| r[0] == "141102001002001"), "grid 1 only");
    assert!(rows.iter().all(|(_, r)| r[7].contains("********")), "masked");
    assert!(rows.iter().any(|(_, r)| r[4] == "=HYPERLINK(\"http://x\",\"点我\")"), "the formula stays text");
    let (status, _, _) = staff.get_bytes("/households.xlsx?grid=14110200100200%25").await;
    assert_eq!(status, 400, "a grid code is digits");

    // A street admin exports masked, without sensitive tags, and no full export.
    let mut street = signed_in(&app, "fengshan", "street_admin", "141102002").await;
    let (status, _, csv) = street.get("/households.csv").await;
    assert_eq!(status, 200);
    assert!(!csv.contains("残疾人") && csv.lines().count() > 12);
    street.get("/households").await;
    let confirm = [("format", "csv"), ("reason", "check"), ("password", common::GOOD)];
    assert_eq!(street.post("/exports/households/full", &confirm).await.0, 403);
    app.stop().await;
}

#[tokio::test]
async fn building_qr_codes_print_for_staff_and_open_a_public_page() {
    let app = with_demo_registry().await;
    let _wang = signed_in(&app, "wang.mengxia", "grid_worker", "141102001002001").await;
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let (status, _, sheet) = staff.get("/regions/141102001002/qr").await;
    assert_eq!(status, 200);
    assert_eq!(sheet.matches("<svg").count(), 4, "the four buildings of 交通路社区, one code each");
    assert!(sheet.contains("交通路第一网格（141102001002001）"), "each building's grid by name: {sheet}");
    let url = sheet.split("href=\"http://").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let path = &url[url.find('/').unwrap()..];
    assert!(path.starts_with("/b/141102001002/"));

    // The code's page needs no sign-in and shows the grid worker by name only.
    let (status, _, page) = Browser::new(&app).get(path).await;
    assert_eq!(status, 200);
    assert!(page.contains("交通路小区") && page.contains("交通路第"), "{page}");
    let grid1 = path.contains(&sheet_token_of_grid(&sheet, "141102001002001"));
    assert_eq!(page.contains("测试wang.mengxia"), grid1, "the grid worker of that building's grid is named");
    assert!(!page.contains("141102********"), "nothing personal on a public page");
    assert_eq!(Browser::new(&app).get("/b/141102001002/not-a-token").await.0, 404);

    // Other communities' staff and grid workers do not print another community's sheet.
    let mut other = signed_in(&app, "luo.xinjuan", "community_head", "141102002006").await;
    assert_eq!(other.get("/regions/141102001002/qr").await.0, 404);
    app.stop().await;
}

/// The token of the first building of a grid on a QR sheet.
fn sheet_token_of_grid(sheet: &str, grid: &str) -> String {
    let item = sheet.split("<li>").find(|li| li.contains(&format!("（{grid}）</small>"))).unwrap();
    item.split("/b/").nth(1).unwrap().split('"').next().unwrap().to_owned()
}

#[tokio::test]
async fn long_imports_and_exports_run_as_jobs_whose_page_shows_progress_then_the_result() {
    let app = with_demo_registry().await;
    let cli = linli::app::access::audit::Actor::cli();
    let grid = app.app.add_grid(&cli, &"141102001002".parse().unwrap(), 5, "交通路第五网格").await.unwrap();
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    // 6000 rows: more than the page imports while it waits.
    let mut sheet = String::from("楼栋,房号,姓名,身份证号\n");
    for i in 0..6000 {
        let f17 = format!("14110219{:02}{:02}{:02}{:03}", 40 + i % 50, 1 + i % 12, 1 + i % 28, i % 1000);
        sheet.push_str(&format!(
            "{}号楼,{},居民{i},{f17}{}\n",
            i / 30,
            101 + i % 30,
            linli::domain::registry::id_number::check_digit(f17.as_bytes())
        ));
    }
    let csrf = staff
        .get("/import")
        .await
        .2
        .split("name=\"_csrf\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let form = reqwest::multipart::Form::new()
        .text("grid", grid.as_str().to_owned())
        .part("file", reqwest::multipart::Part::bytes(sheet.into_bytes()).file_name("big.csv"));
    let res = app
        .client
        .post(app.url(&format!("/import?_csrf={csrf}")))
        .header(
            "cookie",
            format!(
                "linli_session={}; linli_csrf={}",
                staff.cookie("linli_session").unwrap(),
                staff.cookie("linli_csrf").unwrap_or("")
            ),
        )
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    let job = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(job.starts_with("/jobs/"));
    let mut page = String::new();
    for _ in 0..300 {
        page = staff.get(&job).await.2;
        if !page.contains("job-running") {
            break;
        }
        assert!(page.contains("http-equiv=\"refresh\"") && page.contains("<progress"), "a running job reloads itself");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(page.contains("id=\"import-done\"") && page.contains("6000"), "{page}");

    // An export as a job: progress, then the file, for its owner only.
    let (status, location, _) = staff.get(&format!("/exports/households?format=xlsx&grid={grid}")).await;
    assert_eq!(status, 303);
    let mut page = String::new();
    for _ in 0..300 {
        page = staff.get(&location).await.2;
        if page.contains("job-download") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(page.contains("job-download"), "{page}");
    let (status, kind, bytes) = staff.get_bytes(&format!("{location}/file")).await;
    assert_eq!(status, 200);
    assert!(kind.contains("spreadsheetml"));
    assert_eq!(linli::domain::registry::sheet::read_table(&bytes).unwrap().len(), 6001);
    let mut other = signed_in(&app, "wang.mengxia", "grid_worker", "141102001002001").await;
    assert_eq!(other.get(&location).await.0, 404, "another account's job is not there");
    app.stop().await;
}

#[tokio::test]
async fn any_page_number_a_link_carries_is_answered_without_a_panic() {
    let app = with_demo_registry().await;
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    for page in ["200000000000000000", "18446744073709551615", "0", "1000001"] {
        let (status, _, html) = staff.get(&format!("/households?page={page}")).await;
        assert_eq!(status, 200, "page={page}: {html}");
        assert!(!html.contains("id=\"next\""), "page={page}: past the last page there is no next");
    }
    // Not a number a page can be: a clear refusal, not a 500.
    for page in ["-1", "abc", "99999999999999999999999"] {
        let (status, _, html) = staff.get(&format!("/households?page={page}")).await;
        assert_eq!(status, 400, "page={page}");
        assert!(html.contains("提交的内容有误"), "{html}");
    }
    app.stop().await;
}

#[tokio::test]
async fn exports_are_one_per_account_queued_within_a_bound_and_refused_past_it() {
    let app = with_demo_registry().await;
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    // Every export place taken: jobs wait their turn.
    let held = app.app.export_gate().enter(linli::app::system::gate::EXPORTS).await.unwrap();
    let (status, job, _) = staff.get("/exports/households?format=xlsx").await;
    assert_eq!(status, 303);
    // The same account again, while its export waits: refused, with why and when.
    let res = app
        .client
        .get(app.url("/exports/households?format=csv"))
        .header("cookie", staff.cookie_header())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    assert_eq!(res.headers()["retry-after"], "5");
    assert!(res.text().await.unwrap().contains("已有一项导出或导入正在进行"));
    assert_eq!(staff.get("/households.xlsx").await.0, 429, "a direct download counts as an export too");
    // Other accounts queue theirs, up to the bound; past it, 503.
    let mut others = Vec::new();
    for i in 1..linli::web::jobs::MAX_PENDING {
        let mut b = signed_in(&app, &format!("staff{i}"), "community_staff", "141102001002").await;
        assert_eq!(b.get("/exports/households?format=csv").await.0, 303, "export {i} queued");
        others.push(b);
    }
    let mut late = signed_in(&app, "late.staff", "community_staff", "141102001002").await;
    let res = app
        .client
        .get(app.url("/exports/households?format=xlsx"))
        .header("cookie", late.cookie_header())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 503);
    assert_eq!(res.headers()["retry-after"], "5");
    assert!(res.text().await.unwrap().contains("服务器正忙"));
    // The places given back, the queue runs and the file is there.
    drop(held);
    let mut page = String::new();
    for _ in 0..300 {
        page = staff.get(&job).await.2;
        if page.contains("job-download") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(page.contains("job-download"), "{page}");
    assert_eq!(staff.get_bytes(&format!("{job}/file")).await.0, 200);
    // A finished export makes way for the next.
    assert_eq!(late.get("/households.csv").await.0, 200);
    app.stop().await;
}

#[tokio::test]
async fn sheets_past_the_servers_places_are_refused_with_when_to_try_again() {
    let app = with_demo_registry().await;
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    // Every place for sheets taken (two long imports, say).
    let held = app.app.sheet_gate().enter(linli::app::system::gate::SHEETS).await.unwrap();
    let csrf = staff
        .get("/import")
        .await
        .2
        .split("name=\"_csrf\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let cookie = staff.cookie_header();
    let post = || {
        app.client
            .post(app.url("/api/v1/households/import?grid=141102001002001&dry_run=true"))
            .header("cookie", cookie.clone())
            .header("x-csrf-token", csrf.clone())
            .header("content-type", "text/csv")
            .body("楼栋,房号,姓名,身份证号\n")
            .send()
    };
    let res = post().await.unwrap();
    assert_eq!(res.status(), 503);
    assert_eq!(res.headers()["retry-after"], "5");
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["code"], "busy");
    // The page keeps its form and says so.
    let form = reqwest::multipart::Form::new()
        .text("grid", "141102001002001")
        .part("file", reqwest::multipart::Part::bytes(b"a,b\n".to_vec()).file_name("s.csv"));
    let res = app
        .client
        .post(app.url(&format!("/import?_csrf={csrf}")))
        .header("cookie", cookie.clone())
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 503);
    assert_eq!(res.headers()["retry-after"], "5");
    let html = res.text().await.unwrap();
    assert!(html.contains("服务器正忙") && html.contains("value=\"141102001002001\""), "{html}");
    drop(held);
    let res = post().await.unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    // An XLSX bomb through the API: refused in words, the server unharmed.
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 0, "姓名").unwrap();
    ws.write_string(1_048_575, 16_383, "x").unwrap();
    let res = app
        .client
        .post(app.url("/api/v1/households/import?grid=141102001002001"))
        .header("cookie", cookie.clone())
        .header("x-csrf-token", csrf.clone())
        .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .body(book.save_to_buffer().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let body: serde_json::Value = res.json().await.unwrap();
    assert!(body["detail"].as_str().unwrap().contains("表格太大"), "{body}");
    app.stop().await;
}
