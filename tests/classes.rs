//! The 四点半课堂 as its users meet it: staff set up the term, a parent
//! enrols her own child and names who may take the child home, staff mark
//! the child in and sign the child out only to one of those adults, and
//! the parent is told at once.

mod common;

use chrono::{Duration, Utc};
use common::{TestApp, signed_in};
use reqwest::Method;
use serde_json::{Value, json};

const JTL: &str = "141102001002";

#[tokio::test]
async fn a_parent_enrols_her_child_and_is_told_who_took_the_child_home() {
    let app = TestApp::spawn().await;
    linli::demo_town::build(&app.app, linli::demo_town::Scale::Seed).await.unwrap();
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", JTL).await;
    let today = linli::domain::time::day(Utc::now());
    let term = |until: chrono::NaiveDate, min: i64, max: i64| {
        json!({"community": JTL, "name": "四点半课堂", "place": "儿童活动室", "term_from": today.to_string(),
            "term_until": until.to_string(), "days": [1, 2, 3, 4, 5, 6, 7], "starts": "16:30", "ends": "18:00",
            "min_age": min, "max_age": max, "capacity": 30})
    };
    for (body, field) in
        [(term(today - Duration::days(1), 6, 12), "until"), (term(today + Duration::days(30), 12, 6), "ages")]
    {
        let (status, e) = staff.api_send(Method::POST, "/api/v1/classes", &body).await;
        assert_eq!((status, e["field"].as_str()), (400, Some(field)), "{e}");
    }
    let (status, class) =
        staff.api_send(Method::POST, "/api/v1/classes", &term(today + Duration::days(30), 6, 12)).await;
    assert_eq!(status, 201, "{class}");
    let id = class["id"].as_str().unwrap().to_owned();

    // A household with a child of 6–12 and a grown-up; another child elsewhere.
    let (_, list) = staff.api("/api/v1/households").await;
    let families: Vec<&Value> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| {
            let p = h["people"].as_array().unwrap();
            p.iter().any(|x| (6..=12).contains(&x["age"].as_u64().unwrap()))
                && p.iter().any(|x| x["age"].as_u64().unwrap() >= 25)
        })
        .collect();
    assert!(families.len() >= 2, "the seed town has families");
    let people = |h: &Value| h["people"].as_array().unwrap().clone();
    let mother = people(families[0]).into_iter().find(|x| x["age"].as_u64().unwrap() >= 25).unwrap();
    let child = people(families[0]).into_iter().find(|x| (6..=12).contains(&x["age"].as_u64().unwrap())).unwrap();
    let other_child = people(families[1]).into_iter().find(|x| (6..=12).contains(&x["age"].as_u64().unwrap())).unwrap();
    let mut parent = common::resident(&app, "mama", JTL, mother["id"].as_str().unwrap().parse().unwrap()).await;

    // She finds the class from 社区活动 and enrols her child; no adult named is refused, keeping the form.
    let (_, _, page) = parent.get("/activities").await;
    assert!(page.contains("href=\"/classes\""), "{page}");
    let (_, _, page) = parent.get(&format!("/classes/{id}")).await;
    let child_id = child["id"].as_str().unwrap();
    assert!(page.contains(&format!("value=\"{child_id}\"")), "her child may be enrolled: {page}");
    assert!(!page.contains(other_child["id"].as_str().unwrap()), "not another family's child");
    let (status, _, page) =
        parent.post(&format!("/classes/{id}/enrol"), &[("person", child_id), ("pickups", "王")]).await;
    assert_eq!(status, 422);
    assert!(page.contains("id=\"pickups-error\"") && page.contains("value=\"王\""), "{page}");
    let (status, e) = parent
        .api_send(
            Method::POST,
            &format!("/api/v1/classes/{id}/children"),
            &json!({"action": "enrol", "person": other_child["id"], "pickups": "王丽"}),
        )
        .await;
    assert_eq!((status, e["field"].as_str()), (400, Some("child")), "{e}");
    let mother_name = mother["name"].as_str().unwrap();
    let named = format!("{mother_name}、李奶奶");
    let (status, _, _) =
        parent.post(&format!("/classes/{id}/enrol"), &[("person", child_id), ("pickups", &named)]).await;
    assert_eq!(status, 303);

    // Staff keep the register; only a named adult takes the child home.
    let (status, _) = parent
        .api_send(
            Method::POST,
            &format!("/api/v1/classes/{id}/children"),
            &json!({"action": "arrive", "person": child_id}),
        )
        .await;
    assert_eq!(status, 403, "parents do not keep the register");
    let (_, _, page) = staff.get(&format!("/classes/{id}")).await;
    assert!(page.contains(&format!("id=\"arrive-{child_id}\"")), "{page}");
    let (status, _, _) = staff.post(&format!("/classes/{id}/arrive"), &[("person", child_id)]).await;
    assert_eq!(status, 303);
    let (status, _, page) =
        staff.post(&format!("/classes/{id}/leave"), &[("person", child_id), ("picked_up_by", "陌生人")]).await;
    assert_eq!(status, 422);
    assert!(page.contains("不在家长登记的接送人名单里"), "{page}");
    let (status, _, _) =
        staff.post(&format!("/classes/{id}/leave"), &[("person", child_id), ("picked_up_by", "李奶奶")]).await;
    assert_eq!(status, 303);
    let (_, day) = parent.api(&format!("/api/v1/classes/{id}/day")).await;
    assert_eq!(day.as_array().unwrap().len(), 1, "she sees her own child only: {day}");
    assert_eq!(day[0]["picked_up_by"], "李奶奶", "{day}");
    let (_, _, inbox) = parent.get("/inbox").await;
    assert!(inbox.contains("由李奶奶从四点半课堂接走") && inbox.contains(child["name"].as_str().unwrap()), "{inbox}");
    let (_, all) = staff.api(&format!("/api/v1/classes/{id}/day")).await;
    assert!(!all[0]["arrived_at"].is_null(), "{all}");
    app.stop().await;
}
