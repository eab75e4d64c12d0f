//! Open311 GeoReport v2, as an Open311 client uses it: discover, list the
//! services, file a request with a Chinese description (form-encoded, with
//! an api_key), read it back in JSON and XML, and follow it as staff work.

mod common;

use common::{TestApp, signed_in};
use linli::app::access::token::Scope;
use reqwest::Method;
use serde_json::{Value, json};

async fn token(app: &TestApp, name: &str, scopes: &[Scope], region: &str) -> String {
    let region = linli::domain::registry::region::RegionCode::parse(region).unwrap();
    app.app.create_token(&linli::app::access::audit::Actor::cli(), name, scopes, &region).await.unwrap().1
}

async fn json_of(app: &TestApp, path: &str) -> (u16, Value) {
    let res = app.client.get(app.url(path)).send().await.unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

async fn xml_of(app: &TestApp, path: &str) -> (u16, String) {
    let res = app.client.get(app.url(path)).send().await.unwrap();
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/xml"), "{path}");
    (res.status().as_u16(), res.text().await.unwrap())
}

async fn post(app: &TestApp, path: &str, form: &[(&str, &str)]) -> (u16, Value) {
    let res = app.client.post(app.url(path)).form(form).send().await.unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

/// The text of each `item` element under the XML document's root, by child name.
fn xml_items(doc: &str, item: &str, child: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(doc).expect("well-formed XML");
    doc.root_element()
        .children()
        .filter(|n| n.has_tag_name(item))
        .map(|n| n.children().find(|c| c.has_tag_name(child)).and_then(|c| c.text()).unwrap_or("").to_owned())
        .collect()
}

#[tokio::test]
async fn an_open311_client_lists_services_posts_a_request_and_reads_it_back() {
    let app = TestApp::spawn().await;
    let (status, discovery) = json_of(&app, "/open311/v2/discovery.json").await;
    assert_eq!(status, 200);
    assert_eq!(discovery["endpoints"][0]["specification"], "http://wiki.open311.org/GeoReport_v2");
    let (_, xml) = xml_of(&app, "/open311/v2/discovery.xml").await;
    assert!(roxmltree::Document::parse(&xml).unwrap().root_element().has_tag_name("discovery"));

    let (status, services) = json_of(&app, "/open311/v2/services.json").await;
    assert_eq!(status, 200);
    let lift = services.as_array().unwrap().iter().find(|s| s["service_code"] == "0205").expect("电梯 is a service");
    assert_eq!(lift["service_name"], "电梯");
    assert_eq!(lift["group"], "设施报修");
    assert_eq!(lift["type"], "realtime");
    let (_, xml) = xml_of(&app, "/open311/v2/services.xml").await;
    let codes = xml_items(&xml, "service", "service_code");
    assert_eq!(codes.len(), services.as_array().unwrap().len());
    assert!(codes.contains(&"0301".to_owned()));
    let (status, definition) = json_of(&app, "/open311/v2/services/0205.json").await;
    assert_eq!((status, definition["service_code"].as_str()), (200, Some("0205")));
    let (status, missing) = json_of(&app, "/open311/v2/services/9999.json").await;
    assert_eq!((status, missing[0]["code"].as_u64()), (404, Some(404)));

    let key = token(&app, "fixit-app", &[Scope::Open311], "141102001002").await;
    let audit_only = token(&app, "siem", &[Scope::Audit], "141102").await;
    let description = "3号楼电梯停在5楼不动，里面有老人被困";
    let good = [
        ("api_key", key.as_str()),
        ("service_code", "0205"),
        ("description", description),
        ("lat", "37.861"),
        ("long", "113.583"),
        ("first_name", "建国"),
        ("last_name", "王"),
        ("phone", "13911112222"),
    ];
    let (status, body) = post(&app, "/open311/v2/requests.json", &good[1..]).await;
    assert_eq!((status, body[0]["code"].as_u64()), (403, Some(403)), "no api_key: {body}");
    let mut wrong_scope = good;
    wrong_scope[0].1 = &audit_only;
    let (status, _) = post(&app, "/open311/v2/requests.json", &wrong_scope).await;
    assert_eq!(status, 403, "a key without the open311 scope");
    let (status, body) = post(&app, "/open311/v2/requests.json", &[good[0], good[1], good[2]]).await;
    assert_eq!(status, 400);
    assert!(body[0]["description"].as_str().unwrap().starts_with("location"), "{body}");
    let mut bad_service = good;
    bad_service[1].1 = "9999";
    let (status, body) = post(&app, "/open311/v2/requests.json", &bad_service).await;
    assert_eq!(status, 400);
    assert!(body[0]["description"].as_str().unwrap().starts_with("service_code"), "{body}");
    let res = app.client.post(app.url("/open311/v2/requests.xml")).form(&bad_service).send().await.unwrap();
    assert_eq!(res.status(), 400);
    let xml = res.text().await.unwrap();
    assert_eq!(xml_items(&xml, "error", "code"), ["400"], "errors in the spec's XML: {xml}");

    let (status, created) = post(&app, "/open311/v2/requests.json", &good).await;
    assert_eq!(status, 201, "{created}");
    let id = created[0]["service_request_id"].as_str().unwrap().to_owned();
    assert!(created[0]["service_notice"].as_str().unwrap().contains("12 小时"), "the lift's deadline");

    let (status, read) = json_of(&app, &format!("/open311/v2/requests/{id}.json")).await;
    assert_eq!(status, 200);
    let r = &read[0];
    assert_eq!(r["description"], description);
    assert_eq!((r["status"].as_str(), r["service_code"].as_str()), (Some("open"), Some("0205")));
    assert_eq!((r["lat"].as_f64(), r["long"].as_f64()), (Some(37.861), Some(113.583)));
    assert_eq!(r["agency_responsible"], "物业服务企业");
    let text = read.to_string();
    assert!(!text.contains("13911112222") && !text.contains("王建国"), "no personal data is public: {text}");
    let (_, xml) = xml_of(&app, &format!("/open311/v2/requests/{id}.xml")).await;
    assert_eq!(xml_items(&xml, "request", "description"), [description]);
    let (status, tokens) = json_of(&app, &format!("/open311/v2/tokens/{id}.json")).await;
    assert_eq!((status, tokens[0]["service_request_id"].as_str()), (200, Some(id.as_str())));

    // Staff take it in and dispatch it; the client sees the step.
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let (_, list) = staff.api("/api/v1/events?state=reported").await;
    let event = list["items"].as_array().unwrap().iter().find(|e| e["code"] == id.as_str()).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/v1/events/{event}/actions");
    let (s, _) = staff.api_send(Method::POST, &path, &json!({"action": "accept"})).await;
    assert_eq!(s, 200);
    let (s, _) =
        staff.api_send(Method::POST, &path, &json!({"action": "dispatch", "hours": 12, "handler": "电梯维保组"})).await;
    assert_eq!(s, 200);
    let (_, read) = json_of(&app, &format!("/open311/v2/requests/{id}.json?api_key={key}")).await;
    assert_eq!(read[0]["status_notes"], "已派遣：电梯维保组，12 小时内");
    assert_eq!(read[0]["agency_responsible"], "电梯维保组");
    assert!(read[0]["expected_datetime"].as_str().unwrap().ends_with("+08:00"));
    let (_, read) = json_of(&app, &format!("/open311/v2/requests/{id}.json")).await;
    assert_eq!(read[0]["status_notes"], "已派遣", "one request reads as the public list shows it");

    // Anyone lists the public categories' requests without a key (GeoReport v2
    // needs none to read), without a person or a number in them; a private
    // category's (a neighbours' dispute) never shows without a key.
    let mut dispute = good;
    dispute[1].1 = "0401";
    dispute[2].1 = "楼上漏水到我家，电话13911112222，协商不成";
    let (status, private) = post(&app, "/open311/v2/requests.json", &dispute).await;
    assert_eq!(status, 201, "{private}");
    let private = private[0]["service_request_id"].as_str().unwrap().to_owned();
    let (status, public) = json_of(&app, "/open311/v2/requests.json").await;
    assert_eq!(status, 200, "{public}");
    let listed: Vec<&str> =
        public.as_array().unwrap().iter().filter_map(|r| r["service_request_id"].as_str()).collect();
    assert_eq!(listed, [id.as_str()], "the lift, not the dispute");
    assert_eq!(public[0]["status_notes"], "已派遣", "no handler's words for anyone");
    let text = public.to_string();
    assert!(!text.contains("13911112222") && !text.contains("王建国") && !text.contains(&private), "{text}");
    // Nor by its id, nor its token: not found, as if it did not exist.
    for path in [format!("/open311/v2/requests/{private}.json"), format!("/open311/v2/tokens/{private}.json")] {
        let (status, body) = json_of(&app, &path).await;
        assert_eq!(status, 404, "{path}: {body}");
    }
    let (status, body) = json_of(&app, &format!("/open311/v2/requests/{private}.json?api_key={key}")).await;
    assert_eq!((status, body[0]["service_request_id"].as_str()), (200, Some(private.as_str())), "{body}");
    let other = token(&app, "other-town", &[Scope::Open311], "141102002006").await;
    let (status, _) = json_of(&app, &format!("/open311/v2/requests/{private}.json?api_key={other}")).await;
    assert_eq!(status, 404, "a key of another community does not read it");
    let (_, here) = json_of(&app, "/open311/v2/requests.json?jurisdiction_id=141102001002").await;
    assert_eq!(here.as_array().unwrap().len(), 1);
    let (_, elsewhere) = json_of(&app, "/open311/v2/requests.json?jurisdiction_id=141102002006").await;
    assert_eq!(elsewhere.as_array().unwrap().len(), 0, "another community has none");
    let (status, _) = json_of(&app, "/open311/v2/requests.json?jurisdiction_id=abc").await;
    assert_eq!(status, 400);
    let (status, _) = json_of(&app, "/open311/v2/requests.json?api_key=wrong").await;
    assert_eq!(status, 403, "a key given must be good");
    // With a key of the region: every category, numbers masked in descriptions.
    let (status, all) = json_of(&app, &format!("/open311/v2/requests.json?api_key={key}")).await;
    assert_eq!(status, 200);
    assert_eq!(all.as_array().unwrap().len(), 2);
    assert!(all.to_string().contains("电话***********"), "{all}");
    let (_, closed) = json_of(&app, &format!("/open311/v2/requests.json?api_key={key}&status=closed")).await;
    assert_eq!(closed.as_array().unwrap().len(), 0);
    let (_, open) =
        json_of(&app, &format!("/open311/v2/requests.json?api_key={key}&status=open&service_code=0205")).await;
    assert_eq!(open[0]["service_request_id"], id.as_str());
    let (status, bad) = json_of(&app, &format!("/open311/v2/requests.json?api_key={key}&start_date=yesterday")).await;
    assert_eq!(status, 400, "{bad}");
    // At most a page of ids at once: more is a clear 400, not a query of thousands.
    let ids = vec!["A1B2C3"; 201].join(",");
    let (status, bad) =
        json_of(&app, &format!("/open311/v2/requests.json?api_key={key}&service_request_id={ids}")).await;
    assert_eq!(status, 400, "{bad}");
    assert!(bad[0]["description"].as_str().unwrap().contains("200"), "{bad}");
    let elsewhere = token(&app, "other-app", &[Scope::Open311], "141102002006").await;
    let (_, none) = json_of(&app, &format!("/open311/v2/requests.json?api_key={elsewhere}")).await;
    assert_eq!(none.as_array().unwrap().len(), 0, "another community's key sees none");
    let (status, _) = post(
        &app,
        "/open311/v2/requests.json",
        &[
            ("api_key", &elsewhere),
            ("service_code", "0205"),
            ("description", "路灯坏了"),
            ("address_string", "x"),
            ("jurisdiction_id", "141102001002"),
        ],
    )
    .await;
    assert_eq!(status, 403, "a key cannot file outside its region");

    // The audit log names the client.
    let mut admin = signed_in(&app, "root.admin", "system_admin", "141102").await;
    let (_, log) = admin.api(&format!("/api/v1/audit?target={id}")).await;
    assert!(log.to_string().contains("token:fixit-app"), "{log}");
    app.stop().await;
}

#[tokio::test]
async fn a_categorys_fields_are_its_service_definition_and_a_requests_attributes_are_checked_and_kept() {
    let app = TestApp::spawn().await;
    // An admin asks 电梯 reports whether someone is trapped, required.
    let mut admin = signed_in(&app, "root.admin", "system_admin", "141102").await;
    let body = json!({"name": "电梯", "handler": "property", "hours": 12, "class": "部件", "public": true,
        "fields": [{"code": "trapped", "name": "是否有人被困", "kind": "choice", "required": true, "choices": ["有人被困", "无人被困"]},
                   {"code": "floor", "name": "停在几楼", "kind": "number"},
                   {"code": "seen", "name": "看到的现象", "kind": "choices", "choices": ["不动", "异响", "门打不开"]}]});
    let (status, saved) = admin.api_send(Method::PUT, "/api/v1/event-categories/0205", &body).await;
    assert_eq!(status, 200, "{saved}");
    let mut bad = body.clone();
    bad["fields"][0]["choices"] = json!([]);
    let (status, refused) = admin.api_send(Method::PUT, "/api/v1/event-categories/0205", &bad).await;
    assert_eq!((status, refused["field"].as_str()), (400, Some("fields")), "{refused}");

    let (_, services) = json_of(&app, "/open311/v2/services.json").await;
    let metadata = |code: &str| {
        services.as_array().unwrap().iter().find(|s| s["service_code"] == code).unwrap()["metadata"].clone()
    };
    assert_eq!((metadata("0205"), metadata("0101")), (json!(true), json!(false)));
    let (_, definition) = json_of(&app, "/open311/v2/services/0205.json").await;
    let trapped = &definition["attributes"][0];
    assert_eq!((trapped["code"].as_str(), trapped["datatype"].as_str()), (Some("trapped"), Some("singlevaluelist")));
    assert_eq!((trapped["required"].as_bool(), trapped["variable"].as_bool()), (Some(true), Some(true)));
    assert_eq!(trapped["values"][0], json!({"key": "有人被困", "name": "有人被困"}));
    assert_eq!(definition["attributes"][2]["datatype"], "multivaluelist");
    let (_, xml) = xml_of(&app, "/open311/v2/services/0205.xml").await;
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let codes: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("attribute"))
        .filter_map(|a| a.children().find(|c| c.has_tag_name("code")).and_then(|c| c.text()))
        .collect();
    assert_eq!(codes, ["trapped", "floor", "seen"], "{xml}");

    let key = token(&app, "fixit-app", &[Scope::Open311], "141102001002").await;
    let base = [
        ("api_key", key.as_str()),
        ("service_code", "0205"),
        ("description", "3号楼电梯不动了"),
        ("address_string", "3号楼"),
    ];
    for (extra, at) in [
        (vec![], "attribute[trapped]"),
        (vec![("attribute[trapped]", "也许")], "attribute[trapped]"),
        (vec![("attribute[trapped]", "有人被困"), ("attribute[floor]", "五楼")], "attribute[floor]"),
        (vec![("attribute[trapped]", "有人被困"), ("attribute[colour]", "红")], "attribute[colour]"),
    ] {
        let form: Vec<(&str, &str)> = base.iter().copied().chain(extra).collect();
        let (status, body) = post(&app, "/open311/v2/requests.json", &form).await;
        assert_eq!(status, 400, "{body}");
        assert!(body[0]["description"].as_str().unwrap().starts_with(at), "{at}: {body}");
    }
    let form: Vec<(&str, &str)> = base
        .iter()
        .copied()
        .chain([
            ("attribute[trapped]", "有人被困"),
            ("attribute[floor]", "5"),
            ("attribute[seen][]", "门打不开"),
            ("attribute[seen][]", "不动"),
        ])
        .collect();
    let (status, created) = post(&app, "/open311/v2/requests.json", &form).await;
    assert_eq!(status, 201, "{created}");
    let code = created[0]["service_request_id"].as_str().unwrap().to_owned();

    // Staff see the answers with the event; the JSON API takes them too.
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let (_, list) = staff.api(&format!("/api/v1/events?q={}", "电梯不动")).await;
    let id = list["items"].as_array().unwrap().iter().find(|e| e["code"] == code.as_str()).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, event) = staff.api(&format!("/api/v1/events/{id}")).await;
    assert_eq!(
        event["attributes"],
        json!([["是否有人被困", "有人被困"], ["停在几楼", "5"], ["看到的现象", "不动、门打不开"]])
    );
    let (_, _, page) = staff.get(&format!("/events/{id}")).await;
    assert!(page.contains("是否有人被困") && page.contains("不动、门打不开"));
    let report = json!({"category": "0205", "text": "5号楼电梯门打不开", "community": "141102001002",
                        "phone": "13912345678", "attributes": {"trapped": "无人被困", "floor": 1, "seen": ["门打不开"]}});
    let (status, made) = staff.api_send(Method::POST, "/api/v1/events", &report).await;
    assert_eq!(status, 201, "{made}");
    let report = json!({"category": "0205", "text": "5号楼电梯门打不开", "community": "141102001002",
                        "phone": "13912345678", "attributes": {"floor": 1}});
    let (status, refused) = staff.api_send(Method::POST, "/api/v1/events", &report).await;
    assert_eq!((status, refused["field"].as_str()), (400, Some("attributes")), "{refused}");
    assert!(refused["detail"].as_str().unwrap().contains("是否有人被困"), "{refused}");

    // The report page asks the same, and keeps what was chosen when it refuses.
    let mut resident = common::Browser::new(&app);
    let (_, _, form) = resident.get("/report").await;
    assert!(
        form.contains(r#"name="a:trapped""#) && form.contains(r#"data-category="0205""#),
        "the fields are on the form"
    );
    let (status, _, page) = resident
        .post(
            "/report",
            &[
                ("category", "0205"),
                ("text", "电梯停了"),
                ("community", "141102001002"),
                ("phone", "13912345678"),
                ("a:floor", "七"),
                ("a:trapped", "有人被困"),
                ("a:seen:2", "异响"),
                ("a:place", "楼道"),
            ],
        )
        .await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains(r#"id="attributes-error""#) && page.contains("“停在几楼”应为数字"), "{page}");
    assert!(page.contains(r#"<option selected>有人被困</option>"#) && page.contains(r#"value="七""#), "kept");
    assert!(page.contains(r#"value="异响" checked"#), "a ticked choice stays ticked");
    app.stop().await;
}

/// A square boundary around (lon, lat), `half` degrees each way.
fn square(lon: f64, lat: f64, half: f64) -> Value {
    let (w, e, s, n) = (lon - half, lon + half, lat - half, lat + half);
    json!({"type": "Polygon", "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]]})
}

#[tokio::test]
async fn a_request_with_only_a_position_lands_in_the_grid_whose_boundary_holds_it() {
    use linli::app::access::audit::Actor;
    use linli::domain::registry::region::CommunityCode;
    let app = TestApp::spawn().await;
    let community = CommunityCode::parse("141102001002").unwrap();
    for (n, name) in [(1, "交通路第一网格"), (2, "交通路第二网格")] {
        app.app.add_grid(&Actor::cli(), &community, n, name).await.unwrap();
    }
    // Staff draw the two grids side by side in 离石区 (WGS-84).
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    for (grid, lon) in [("141102001002001", 111.130), ("141102001002002", 111.140)] {
        let body = json!({"geojson": square(lon, 37.52, 0.004)});
        let (status, answer) = staff.api_send(Method::PUT, &format!("/api/v1/registry/{grid}/boundary"), &body).await;
        assert_eq!(status, 204, "{answer}");
    }
    // A district-wide key files with a position only: no jurisdiction_id.
    let key = token(&app, "city-app", &[Scope::Open311], "141102").await;
    let at = |lat: &'static str, long: &'static str| {
        vec![
            ("api_key", key.clone()),
            ("service_code", "0101".to_owned()),
            ("description", "路边垃圾堆了三天".to_owned()),
            ("lat", lat.to_owned()),
            ("long", long.to_owned()),
        ]
    };
    let form = at("37.5210", "111.1415");
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, created) = post(&app, "/open311/v2/requests.json", &fields).await;
    assert_eq!(status, 201, "{created}");
    let code = created[0]["service_request_id"].as_str().unwrap().to_owned();
    let (_, list) = staff.api("/api/v1/events?limit=10").await;
    let event = list["items"].as_array().unwrap().iter().find(|e| e["code"] == code.as_str()).cloned().expect("filed");
    assert_eq!(event["grid"], "141102001002002", "the grid whose boundary holds the point: {event}");
    // Outside every drawn grid, without a jurisdiction: refused, saying what to give.
    let form = at("37.60", "111.30");
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, refused) = post(&app, "/open311/v2/requests.json", &fields).await;
    assert_eq!(status, 400, "{refused}");
    assert!(refused[0]["description"].as_str().unwrap().contains("lat"), "{refused}");
    // A community's own key with a position in its grid 1 files there too.
    let own = token(&app, "fixit-app", &[Scope::Open311], "141102001002").await;
    let (status, created) = post(
        &app,
        "/open311/v2/requests.json",
        &[
            ("api_key", own.as_str()),
            ("service_code", "0101"),
            ("description", "井盖松动，踩上去会响"),
            ("lat", "37.5201"),
            ("long", "111.1301"),
        ],
    )
    .await;
    assert_eq!(status, 201, "{created}");
    let code = created[0]["service_request_id"].as_str().unwrap().to_owned();
    let (_, list) = staff.api("/api/v1/events?limit=10").await;
    let event = list["items"].as_array().unwrap().iter().find(|e| e["code"] == code.as_str()).cloned().unwrap();
    assert_eq!(event["grid"], "141102001002001");
    app.stop().await;
}
