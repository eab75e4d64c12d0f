//! `linli import readings` and `linli bench bills`: meter-reading sheets and the bill-run benchmark.

use super::*;

#[derive(Debug, Subcommand)]
pub(super) enum BenchWhat {
    /// A month's property-fee bills for a community of N houses, run twice
    /// (the second run must create nothing); on a fresh database in a
    /// temporary folder unless --database or --data-dir is given
    Bills {
        /// How many houses
        #[arg(long, default_value_t = 100_000)]
        houses: usize,
    },
    /// Bookings of one room's hour and registrations for an activity's
    /// last places, all arriving at once (checked: one booking confirmed;
    /// exactly the places left confirmed, the rest waitlisted in order)
    Life {
        /// How many at once
        #[arg(long, default_value_t = 64)]
        at_once: usize,
        /// Places left when they arrive
        #[arg(long, default_value_t = 5)]
        last_places: i64,
    },
    /// Claims of one wish and exchanges by one person, all arriving at once
    /// (checked: one claim wins; exactly what the points cover is
    /// exchanged, the ledger never below zero), then the help wall's page
    /// read with many wishes in the database (p50/p95)
    Wall {
        /// How many at once
        #[arg(long, default_value_t = 64)]
        at_once: usize,
        /// Wishes in the database when the wall is read
        #[arg(long, default_value_t = 100_000)]
        wishes: usize,
    },
    /// Orders at the produce counter for the last items of a product, all
    /// arriving at once (checked: exactly the items left are sold, the
    /// stock never below zero), each from its own address
    Produce {
        /// How many orders at once
        #[arg(long, default_value_t = 64)]
        at_once: usize,
        /// Items left when they arrive
        #[arg(long, default_value_t = 10)]
        last: i64,
    },
    /// A reader's position in a book saved from two devices, `readings`
    /// times each, all at once in a shuffled order (checked: the latest
    /// reading stands)
    Reading {
        /// Readings per device
        #[arg(long, default_value_t = 100)]
        readings: usize,
    },
    /// The central kitchen's daily order (plates per meal, dish and diet)
    /// for a day care centre's elders, read again and again
    Daycare {
        /// Elders with a meal booked that day
        #[arg(long, default_value_t = 500)]
        elders: usize,
    },
}

pub(super) async fn import_readings(
    settings: Settings,
    file: &std::path::Path,
    (community, fee, period): (&str, &str, &str),
    dry_run: bool,
) -> Result<(), Failure> {
    let bytes =
        std::fs::read(file).map_err(|e| Failure::runtime(format!("无法读取 / cannot read {}: {e}", file.display())))?;
    let table = crate::domain::registry::sheet::read_table_within(&bytes, &Bounds::OPERATOR)
        .map_err(|e| Failure::runtime(e.to_string()))?;
    let (rows, problems) =
        crate::domain::bills::meter_sheet::read(&table).map_err(|e| Failure::runtime(e.to_string()))?;
    let app = open_app(&settings).await?;
    let who = (&Actor::cli(), "cli".to_owned());
    let result = app
        .readings_import(who, community.trim(), (fee, period), (&rows, problems, dry_run), &mut |done, total| {
            eprint!("\r  导入 / importing {done}/{total} ({}%)", (done * 100).checked_div(total).unwrap_or(100));
        })
        .await;
    eprintln!();
    app.close().await;
    match result.map_err(refused)? {
        Ok(r) => {
            let dry = if r.dry_run { "（试运行，未写入 / dry run, nothing written）" } else { "" };
            println!("{dry}{} 行，写入抄表 {} 条 / rows {}: {} readings written", r.rows, r.written, r.rows, r.written);
            Ok(())
        }
        Err(problems) => {
            for p in &problems {
                println!("第 {} 行 [{}]：{}", p.line, p.column, Lang::Zh.row_problem(&p.reason));
            }
            let lines: std::collections::BTreeSet<usize> = problems.iter().map(|p| p.line).collect();
            Err(Failure::runtime(format!(
                "{} 行有问题，未导入任何数据；改正后重新导入 / {} bad rows, nothing imported; fix them and import again",
                lines.len(),
                lines.len()
            )))
        }
    }
}

/// `linli bench bills`: builds a community of `houses` houses in one bulk
/// load, then times a month's property-fee bill run, twice.
pub(super) async fn bench_bills(settings: Settings, houses: usize) -> Result<(), Failure> {
    use linli_store::registry::building::{NewBuilding, insert_buildings};
    use linli_store::registry::household::{NewHouse, insert_houses};
    let app = app::App::start(&settings, &mut |_| {}).await.map_err(|e| Failure::runtime(e.to_string()))?;
    let actor = Actor::cli();
    let community = "141102001002";
    let code = parse_community(community)?;
    let grid = app.add_grid(&actor, &code, 1, "压测网格").await.map_err(refused)?.into_string();
    eprintln!("登记 {houses} 户 / registering {houses} houses");
    let mut buildings = Vec::new();
    let mut rows = Vec::with_capacity(houses);
    for i in 0..houses {
        if i % 96 == 0 {
            buildings.push(NewBuilding {
                community_id: community.into(),
                id: uuid::Uuid::now_v7(),
                grid_code: grid.clone(),
                name: format!("压测小区{}号楼", buildings.len() + 1),
                qr_token: format!("{:024}", buildings.len()),
                sort_key: crate::domain::registry::building::sort_key(&format!("压测小区{}号楼", buildings.len() + 1)),
            });
        }
        rows.push(NewHouse {
            community_id: community.into(),
            id: uuid::Uuid::now_v7(),
            building_id: buildings.last().expect("a building").id,
            unit: format!("{}", i % 96 / 24 + 1),
            room: format!("{}{:02}", i % 24 / 2 + 1, i % 2 + 1),
            area_centi_m2: 4500 + (i as i64 * 7919) % 9500,
            house_use: "自住".into(),
        });
    }
    let load = async {
        let mut tx = app.db().begin().await?;
        tx.defer_constraints().await?;
        insert_buildings(&mut tx, &buildings).await?;
        for chunk in rows.chunks(10_000) {
            insert_houses(&mut tx, chunk).await?;
        }
        tx.commit().await?;
        app.db().analyze(&["building", "house"]).await
    };
    load.await.map_err(|e| Failure::runtime(e.to_string()))?;
    let fee = app::bills::fee::FeeItem {
        code: "WY".into(),
        name: "物业费".into(),
        pricing: crate::domain::bills::bill::Pricing::PerArea { fen_per_m2: 120 },
        unit: String::new(),
        active: true,
        grace_days: crate::domain::bills::arrears::DEFAULT_GRACE_DAYS,
    };
    app.put_fee_item(&actor, community, fee).await.map_err(refused)?;
    for round in ["第一次 / first run", "第二次 / second run"] {
        let started = std::time::Instant::now();
        let mut last = 0;
        let run = app
            .bill_run(&actor, community, ("WY", "2026-11"), (None, None), &mut |done, total| {
                if done * 10 / total.max(1) > last {
                    last = done * 10 / total.max(1);
                    eprintln!("  {done}/{total}");
                }
            })
            .await
            .map_err(refused)?;
        println!(
            "{round}: {} 张新账单 / new bills, {} 已有 / existing, {:.2} s ({})",
            run.created,
            run.existing,
            started.elapsed().as_secs_f64(),
            app.db().backend().name()
        );
    }
    app.close().await;
    Ok(())
}
