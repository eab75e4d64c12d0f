//! A record that would exist twice is refused as a conflict — 409 with the
//! stable code `conflict` — in every area, not only for accounts and tokens.

mod common;

use common::{TestApp, signed_in};

/// Two community staff (or one double click) add grid 7 at the same moment:
/// one of them adds it; the other is told it already exists (the form's own
/// check, 400, or the database's, 409 `conflict`) — never "something went
/// wrong on our side".
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_grid_added_twice_at_once_is_a_conflict_not_a_failure() {
    let app = TestApp::spawn().await;
    let staff = signed_in(&app, "liu.yuanyuan", "community_staff", "141102001002").await;
    let cookie = staff.cookie_header();
    let mut conflicts = 0;
    for number in 10..16 {
        let sends: Vec<_> = (0..8)
            .map(|i| {
                let req =
                    app.client.post(app.url("/api/v1/registry/141102001002/grids")).header("cookie", &cookie).json(
                        &serde_json::json!({ "number": number.to_string(), "name": format!("第{number}网格{i}") }),
                    );
                tokio::spawn(async move {
                    let res = req.send().await.unwrap();
                    let status = res.status().as_u16();
                    (status, res.json::<serde_json::Value>().await.unwrap_or_default())
                })
            })
            .collect();
        let mut answers = Vec::new();
        for send in sends {
            answers.push(send.await.unwrap());
        }
        let statuses: Vec<u16> = answers.iter().map(|(s, _)| *s).collect();
        assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "grid {number} added once: {answers:?}");
        for (status, body) in &answers {
            match status {
                201 => {}
                400 => assert_eq!(body["field"], "number", "{body}"),
                409 => {
                    conflicts += 1;
                    assert_eq!(body["code"], "conflict", "{body}");
                    assert!(body["message"].as_str().is_some_and(|m| m.contains("已")), "{body}");
                }
                other => panic!("grid {number}: {other} {body}"),
            }
        }
    }
    eprintln!("conflicts caught by the database: {conflicts}");
    app.stop().await;
}
