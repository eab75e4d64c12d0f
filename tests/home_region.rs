//! A deployment shows the communities it serves, from its own registry and
//! its `home_region` setting — never the demo's.

mod common;

use common::{TestApp, flag};
use linli::app::access::audit::Actor;

/// The demo's communities, which no other deployment shows.
const DEMO: [&str; 3] = ["交通路社区", "生态园社区", "丽景街社区"];

/// A community of 小店区, 太原市: far from the demo's district.
const DIVISIONS: &str =
    "code,name,streetCode\n140105001001,坞城路社区居委会,140105001\n140105001002,体育路社区居委会,140105001\n";

/// Whether a page offers a community: a card on the home page, an option
/// of the registration form.
fn offers(page: &str, name: &str) -> bool {
    page.contains(&format!("<strong>{name}</strong>")) || page.contains(&format!(">{name}</option>"))
}

fn assert_no_demo(page: &str, what: &str) {
    for name in DEMO {
        assert!(!offers(page, name), "{what} offers the demo's {name}: {page}");
    }
}

#[tokio::test]
async fn a_deployment_offers_its_own_communities_on_the_home_page_and_the_registration_form() {
    let app = TestApp::spawn().await;
    let actor = Actor::cli();
    // Nothing registered yet: no community is offered, and none of the demo's.
    let home = app.text("/", 200).await;
    assert!(home.contains("智慧社区服务平台"), "{home}");
    assert!(!home.contains("交通路") && !home.contains("凤山街道"), "nothing of the demo's district: {home}");
    let register = app.text("/register", 200).await;
    assert!(!register.contains("<option value=\"1"), "no community to register in yet: {register}");

    // 坞城路社区 in 太原 gets its first grid.
    app.app.import_divisions(&actor, DIVISIONS, false).await.unwrap();
    app.app.add_grid(&actor, &"140105001001".parse().unwrap(), 1, "坞城路第一网格").await.unwrap();
    let home = app.text("/", 200).await;
    assert!(offers(&home, "坞城路社区") && home.contains("140105001001"), "{home}");
    assert!(!home.contains("体育路社区"), "a community without a grid is not offered: {home}");
    assert!(!home.contains("交通路"), "nothing of the demo's: {home}");
    // Its home region is the community itself, with its grid to browse.
    assert!(home.contains("坞城路社区居委会") && home.contains("坞城路第一网格"), "{home}");
    assert!(!home.contains("凤山街道"), "the demo's district is not browsed: {home}");
    let register = app.text("/register", 200).await;
    assert!(register.contains("<option value=\"140105001001\">坞城路社区</option>"), "{register}");
    assert_no_demo(&register, "the registration form");

    // A second community: home becomes the street that holds both.
    app.app.add_grid(&actor, &"140105001002".parse().unwrap(), 1, "体育路第一网格").await.unwrap();
    let home = app.text("/", 200).await;
    assert!(offers(&home, "坞城路社区") && offers(&home, "体育路社区") && home.contains("坞城街道"), "{home}");
    assert_no_demo(&home, "the home page");
    let engine = app.stop_keeping_database().await;

    // Set to one community's street elsewhere, the deployment offers only what has grids there.
    let app = TestApp::spawn_on(engine, |g| g.home_region = flag("141102001".into())).await;
    app.app.add_grid(&actor, &"141102001001".parse().unwrap(), 1, "东关第一网格").await.unwrap();
    let home = app.text("/", 200).await;
    assert!(offers(&home, "东关社区") && home.contains("滨河街道"), "{home}");
    assert!(!offers(&home, "坞城路社区"), "outside the home region: {home}");
    assert_no_demo(&home, "the home page");
    let register = app.text("/register", 200).await;
    assert!(register.contains("<option value=\"141102001001\">东关社区</option>"), "{register}");
    assert!(!register.contains("140105001001"), "{register}");
    app.stop().await;
}
