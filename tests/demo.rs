//! The demo registry at the source document's numbers, seen through the
//! statistics a community head would open.

mod common;

use common::{TestApp, signed_in};

#[tokio::test]
async fn the_demo_has_the_seed_numbers() {
    let app = TestApp::spawn().await;
    linli::demo_town::build(&app.app, linli::demo_town::Scale::Seed).await.unwrap();
    let mut admin = signed_in(&app, "district", "district_admin", "141102").await;
    let (status, jtl) = admin.api("/api/v1/stats/141102001002").await;
    assert_eq!(status, 200, "{jtl}");
    assert_eq!(
        (jtl["households"].as_u64(), jtl["people"].as_u64(), jtl["grids"].as_u64()),
        (Some(3065), Some(8787), Some(6))
    );
    let (_, lijing) = admin.api("/api/v1/stats/141102003005").await;
    assert_eq!(lijing["grids"], 52, "12 level-3 and 40 level-4 grids");
    assert_eq!(lijing["teams"], 40, "40 grid teams");
    let (_, sty) = admin.api("/api/v1/stats/141102002006").await;
    assert_eq!(sty["grids"], 31);
    // Ages, sexes and tags look like a community, not noise.
    let count = |v: &serde_json::Value, key: &str, label: &str| {
        v[key].as_array().unwrap().iter().find(|p| p[0] == label).map_or(0, |p| p[1].as_u64().unwrap())
    };
    let people = 8787;
    let elderly = count(&jtl, "by_age", "60–79") + count(&jtl, "by_age", "80+");
    assert!(elderly > people / 8 && elderly < people / 2, "{elderly} of {people} are 60 or over");
    let men = count(&jtl, "by_sex", "男");
    assert!(men > people * 2 / 5 && men < people * 3 / 5, "{men} men");
    for tag in ["独居老人", "空巢老人", "党员", "退役军人", "低保", "高龄老人"] {
        let n = count(&jtl, "by_tag", tag);
        assert!(n > 5 && n < people / 5, "{tag}: {n}");
    }
    assert_eq!(count(&jtl, "by_tag", "残疾人"), 0, "a sensitive tag is not counted for a district admin");
    let mut staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let (_, own) = staff.api("/api/v1/stats/141102001002").await;
    let disabled = count(&own, "by_tag", "残疾人");
    assert!(disabled > 50 && disabled < people / 10, "staff of the community count it: {disabled}");
    assert!(count(&jtl, "by_residency", "流动") > 300);
    // The people of the story are there, where the story needs them.
    let (_, found) = admin.api("/api/v1/people?q=fengjinbao").await;
    let feng = found.as_array().unwrap().iter().find(|p| p["tags"].to_string().contains("退役军人")).unwrap();
    assert_eq!(feng["grid"], "141102001002001");
    let (_, node) = staff.api("/api/v1/registry/141102001002").await;
    assert_eq!(node["organisations"].as_array().unwrap().len(), 4, "shops and a clinic");
    assert_eq!(node["children"].as_array().unwrap().len(), 6);
    // The street admin's page shows the same numbers for a community in their street.
    let mut street = signed_in(&app, "fengshan", "street_admin", "141102002").await;
    let (status, _, html) = street.get("/stats?region=141102002006").await;
    assert_eq!(status, 200);
    assert!(html.contains(&format!("<dd id=\"households-n\">{}</dd>", sty["households"])), "{html}");
    assert_eq!(street.get("/stats?region=141102001002").await.0, 404, "交通路 is in another street");
    let (status, _, html) = street.get("/stats").await;
    assert_eq!(status, 200, "their own street by default");
    assert!(html.contains("凤山街道") && html.contains("value=\"141102002006\""), "{html}");
    app.stop().await;
}
