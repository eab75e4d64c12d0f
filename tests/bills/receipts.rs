//! The counter's receipt as the resident takes it home: whose it is (house,
//! payer, service centre, cashier by name), printable on an 80 mm slip or
//! A4, and checkable by anyone through its QR code — a page that says only
//! whether it is real, the amount and the day.

use super::*;

/// Pays the first house's November bill at the counter; returns the
/// receipt's address and the household.
async fn paid_at_the_counter(staff: &mut common::Browser<'_>) -> (String, Uuid) {
    let path = format!("/api/v1/communities/{JTL}/bill-runs");
    staff.api_send(Method::POST, &path, &json!({"fee": "WY", "period": "2026-11"})).await;
    let (_, _, page) = staff.get("/counter?q=11号楼 101").await;
    let link = page.split("href=\"/counter?household=").nth(1).expect("a resident found").split('"').next().unwrap();
    let household: Uuid = link.parse().unwrap();
    let (_, _, page) = staff.get(&format!("/counter?household={household}")).await;
    let bill = page.split("action=\"/counter/bills/").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let key = page.split("name=\"key\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let owed = page.split("name=\"amount\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let form = [
        ("household", household.to_string()),
        ("community", JTL.into()),
        ("amount", owed),
        ("channel", "cash".into()),
        ("key", key),
    ];
    // Mistyped (two points, and paid by card), the form comes back as typed
    // with the reason beside it; nothing is taken.
    let mut wrong: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    wrong[2].1 = "96.0.0";
    wrong[3].1 = "card";
    let (status, _, page) = staff.post(&format!("/counter/bills/{bill}"), &wrong).await;
    assert_eq!(status, 422);
    assert!(page.contains("name=\"amount\" value=\"96.0.0\""), "{page}");
    assert!(page.contains("<option value=\"card\" selected>"), "{page}");
    let beside = page.split("id=\"pay-error\">").nth(1).expect("the reason beside the form");
    assert!(beside.contains("金额"), "{beside}");
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, location, _) = staff.post(&format!("/counter/bills/{bill}"), &fields).await;
    assert_eq!(status, 303);
    (location, household)
}

/// The check page's address for a number and a code as typed.
fn check_url(app: &TestApp, no: &str, code: &str) -> String {
    app.url(&format!("/verify/receipt?{}", serde_urlencoded::to_string([("no", no), ("code", code)]).unwrap()))
}

fn between<'a>(page: &'a str, start: &str, end: &str) -> &'a str {
    page.split(start).nth(1).unwrap_or_else(|| panic!("{start} in {page}")).split(end).next().unwrap()
}

#[tokio::test]
async fn the_receipt_says_whose_it_is_and_anyone_can_check_it_without_seeing_who() {
    let app = TestApp::spawn().await;
    let mut staff = setup(&app).await;
    let (location, household) = paid_at_the_counter(&mut staff).await;
    let (status, _, receipt) = staff.get(&location).await;
    assert_eq!(status, 200);

    // Whose it is: the house, its householder, the service centre, the cashier by name.
    let db = raw_db(&app).await;
    let q = Query::select()
        .columns(["name", "relation"])
        .from("person")
        .and_where(Expr::col("household_id").eq(household))
        .to_owned();
    let people = db.fetch_all(&q).await.unwrap();
    db.close().await;
    let head: String =
        people.iter().find(|r| r.get::<String>("relation").unwrap() == "本人").map(|r| r.get("name").unwrap()).unwrap();
    assert_eq!(between(&receipt, "id=\"receipt-payer\">", "<"), head);
    assert!(between(&receipt, "id=\"receipt-address\">", "<").contains("11号楼"), "{receipt}");
    assert_eq!(between(&receipt, "id=\"receipt-office\">", "<"), "交通路社区服务中心");
    assert_eq!(between(&receipt, "id=\"receipt-cashier\">", "<"), "测试liu.yuanyuan", "the name, not the login");
    assert!(receipt.contains("<svg") && receipt.contains("id=\"print-button\""), "a QR code and a print button");
    assert!(receipt.contains("data-paper=\"a4\""));
    let (_, _, slip) = staff.get(&format!("{location}?paper=80mm")).await;
    assert!(slip.contains("class=\"receipt-paper paper-80mm\""), "{slip}");

    // The QR code's page, opened by anyone: real, the amount, the day — nobody's name.
    let check = between(&receipt, "data-check-url=\"", "\"").replace("&#38;", "&").replace("&amp;", "&");
    let path = &check[check.find("/verify/receipt").expect("the check page")..];
    let number = between(&receipt, "id=\"receipt-no\"><code>", "<").to_owned();
    let amount = between(&receipt, "id=\"receipt-amount\" class=\"sum\"><strong>", "<").to_owned();
    let stranger = app.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(stranger.status(), 200);
    let page = stranger.text().await.unwrap();
    assert!(page.contains("data-real=\"yes\"") && page.contains(&number) && page.contains(&amount), "{page}");
    assert!(!page.contains(&head) && !page.contains("11号楼") && !page.contains("测试liu"), "nothing personal: {page}");

    // A number without its check code proves nothing: the next number, a typo.
    let code = between(&receipt, "id=\"check-code\">", "<").to_owned();
    let seq: u32 = number.rsplit('-').next().unwrap().parse().unwrap();
    let next = format!("{}-{:06}", number.rsplit_once('-').unwrap().0, seq + 1);
    for (no, c) in [(next.as_str(), code.as_str()), (number.as_str(), "0000-0000-0000"), (number.as_str(), "")] {
        let res = app.client.get(check_url(&app, no, c)).send().await.unwrap();
        assert_eq!(res.status(), 404, "{no} {c}");
        assert!(res.text().await.unwrap().contains("没有找到这张收据"));
    }
    let typed = code.to_lowercase().replace('-', " ");
    let res = app.client.get(check_url(&app, &number, &typed)).send().await.unwrap();
    assert_eq!(res.status(), 200, "typed by hand");

    // Checking is bounded per address.
    let mut last = 0;
    for _ in 0..30 {
        let res = app.client.get(check_url(&app, &next, &code)).send().await.unwrap();
        last = res.status().as_u16();
    }
    assert_eq!(last, 429, "too many checks from one address");
    app.stop().await;
}
