//! `linli demo`: the demo community, created on first run and reopened after.

use std::net::SocketAddr;

use crate::app::access::account::NewAccount;
use crate::app::access::audit::Actor;
use crate::app::{App, StartError};
use crate::config::Settings;
use crate::domain::access::role::Role;
use crate::domain::registry::region::RegionCode;

/// The three communities of the source document, shown in the banner.
pub const COMMUNITIES: [(&str, &str); 3] =
    [("141102001002", "交通路社区"), ("141102002006", "生态园社区"), ("141102003005", "丽景街社区")];

/// The demo's own settings: it pays online through the local provider, and
/// serves its district unless another home region was given.
pub fn adjust(settings: &mut Settings) {
    settings.pay_sim.value = true;
    if settings.home_region.value.is_none() {
        settings.home_region.value = Some(crate::demo_town::DISTRICT.to_owned());
    }
}

/// Opens (creating when new) the demo database, showing progress.
pub async fn prepare(settings: &Settings, scale: crate::demo_town::Scale) -> Result<App, StartError> {
    eprintln!("准备演示数据 / preparing the demo in {}", settings.target()?.redacted());
    let total = linli_store::migrations::latest();
    let app = App::start(settings, &mut |m| {
        eprintln!("  [{}/{}] {}", m.version, total, m.name);
    })
    .await?;
    if !app.has_registry().await.map_err(demo_failed)? {
        eprintln!("  登记演示住户 / registering the demo households");
        crate::demo_town::build(&app, scale).await.map_err(demo_failed)?;
        eprintln!("  记录演示走访 / recording the demo visits");
        let n = record_visits(&app, "141102001002001", chrono::Utc::now()).await.map_err(demo_failed)?;
        eprintln!("    {n} 次走访 / visits");
        let n = record_applications(&app, "141102001002", chrono::Utc::now()).await.map_err(demo_failed)?;
        eprintln!("    {n} 件办事申请 / applications");
        eprintln!("  生成本月物业费账单 / billing this month's property fee");
        let n = bill_property_fee(&app, chrono::Utc::now()).await.map_err(demo_failed)?;
        eprintln!("    {n} 张账单 / bills");
        eprintln!("  抄水表、收费、在线支付 / reading water meters, taking payments, paying online");
        let d = record_payments(&app, "141102001002", chrono::Utc::now()).await.map_err(demo_failed)?;
        eprintln!("    {} 户抄表，{} 笔收款，{} 笔在线支付 / readings, payments, online", d.read, d.paid, d.online);
    }
    if app.has_no_accounts().await.map_err(demo_failed)? {
        eprintln!("  创建演示账号 / creating the demo sign-ins");
        create_sign_ins(&app).await.map_err(demo_failed)?;
        eprintln!("  处置单位、分拨规则和诉求 / handler units, routing and events");
        let n = crate::demo_events::build(&app, DEMO_PASSWORD).await.map_err(demo_failed)?;
        eprintln!("    {n} 件诉求 / events");
        eprintln!("  报纸上的故事：王丽娥在自助终端缴费，冯金保的党组织关系转接 / the stories of the source document");
        crate::demo_stories::tell(&app).await.map_err(demo_failed)?;
        let (_, token) = app
            .create_token(
                &Actor::cli(),
                "交通路社区服务中心自助终端",
                &[crate::app::access::token::Scope::Kiosk],
                &RegionCode::parse("141102001002").expect("a valid code"),
            )
            .await
            .map_err(demo_failed)?;
        // Demo only: the kiosk's token is kept beside the data so the banner can show it.
        let _ = crate::app::system::keys::write_private_file(
            &settings.data_dir.value.join(KIOSK_TOKEN_FILE),
            token.as_bytes(),
        );
    }
    Ok(app)
}

/// The demo's password for every sign-in. Published: demo data only.
pub const DEMO_PASSWORD: &str = "linli-demo-2026";

/// (user name, name, role, region, what they do), from the source document.
pub const SIGN_INS: [(&str, &str, Role, &str, &str); 10] = [
    ("admin", "系统管理员", Role::SystemAdmin, "141102", "系统管理员 / system admin"),
    (
        "lishi",
        "离石区",
        Role::DistrictAdmin,
        "141102",
        "离石区管理员（大脑中枢）/ district admin, the dashboard of 离石区",
    ),
    ("luo.xinjuan", "雒新娟", Role::CommunityHead, "141102002006", "生态园社区负责人 / head of 生态园社区"),
    (
        "wang.mengxia",
        "王梦霞",
        Role::GridWorker,
        "141102001002001",
        "交通路第一网格网格员 / grid worker, 交通路 grid 1",
    ),
    ("zhao.yifei", "赵一飞", Role::GridWorker, "141102001002002", "交通路第二网格网格员 / grid worker, 交通路 grid 2"),
    ("liu.yuanyuan", "刘媛媛", Role::CommunityStaff, "141102001002", "交通路社区工作人员 / staff, 交通路社区"),
    (
        "wu.xiaoli",
        "武小丽",
        Role::CommunityHead,
        "141102003005",
        "丽景街社区支部书记 / party branch secretary, 丽景街社区",
    ),
    ("fengshan", "凤山街道", Role::StreetAdmin, "141102002", "凤山街道管理员 / street admin, 凤山街道"),
    (
        "lianhuachi",
        "莲花池街道",
        Role::StreetAdmin,
        "141102003",
        "莲花池街道管理员 / street admin, 莲花池街道 (丽景街's street)",
    ),
    ("binhe", "滨河街道", Role::StreetAdmin, "141102001", "滨河街道管理员 / street admin, 滨河街道 (交通路's street)"),
];

fn demo_failed(e: crate::app::Error) -> StartError {
    StartError::Store(match e {
        crate::app::Error::Store(s) => s,
        other => linli_store::Error::Unreachable { target: "demo".into(), reason: other.to_string() },
    })
}

/// Past visits of a grid's households with special groups, so the grid
/// worker's list shows some overdue, some due soon and some never visited:
/// every fourth household has none, the others one 1–45 days ago.
pub async fn record_visits(
    app: &App,
    grid: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize, crate::app::Error> {
    const SEEN: [&str; 4] =
        ["身体尚好，家中整洁", "老人腿脚不便，子女每周来一次", "家中电线老化，已提醒", "需要帮助申请补贴"];
    let scope = [grid.to_owned()];
    let mut households: Vec<(String, uuid::Uuid, String)> = Vec::new();
    for hit in linli_store::registry::search::tagged_under(app.db(), &scope, grid, 100_000).await? {
        if !households.iter().any(|(_, id, _)| *id == hit.place.id) {
            households.push((hit.place.community_id.clone(), hit.place.id, hit.person.name.clone()));
        }
    }
    let mut tx = app.db().begin().await?;
    let mut n = 0;
    for (i, (community, household, name)) in households.into_iter().enumerate() {
        if i % 4 == 0 {
            continue;
        }
        let visit = linli_store::services::visit::VisitRow {
            community_id: community,
            id: uuid::Uuid::now_v7(),
            household_id: household,
            grid_code: grid.to_owned(),
            at: now - chrono::Duration::days(1 + (i as i64 * 7) % 45) - chrono::Duration::hours(2),
            worker: "王梦霞".into(),
            met: name,
            situation: SEEN[i % SEEN.len()].into(),
            needs: None,
            appointment_id: None,
        };
        linli_store::services::visit::add_visit(&mut tx, &visit).await?;
        n += 1;
    }
    tx.commit().await?;
    Ok(n)
}

/// Applications already under way in a community, so the leader's view has
/// something to count: 高龄津贴 for some of the oldest, 残疾人两项补贴 for
/// some with the tag, at every stage (two past their promised date).
pub async fn record_applications(
    app: &App,
    community: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize, crate::app::Error> {
    use crate::domain::services::service::{CATALOGUE, Item};
    let scope = [community.to_owned()];
    let born_by = (now - chrono::Duration::days(366 * 85)).date_naive();
    let people = linli_store::registry::search::care_candidates(
        app.db(),
        &scope,
        community,
        Some(born_by),
        &["残疾人".into()],
        400,
    )
    .await?;
    // (state, step, days since 受理; none: not accepted)
    const STAGES: [(&str, i64, Option<i64>); 6] = [
        ("submitted", 0, None),
        ("returned", 0, None),
        ("in_step", 0, Some(2)),
        ("in_step", 1, Some(40)),
        ("approved", 2, Some(12)),
        ("delivered", 2, Some(20)),
    ];
    let mut tx = app.db().begin().await?;
    let mut n = 0;
    for (i, hit) in people.iter().filter(|h| h.person.phone_sealed.is_some()).step_by(7).take(18).enumerate() {
        let p = &hit.person;
        let code = if p.tags.contains("残疾人") { "CJ01" } else { "GL01" };
        let item = Item::from(CATALOGUE.iter().find(|s| s.code == code).expect("shipped"));
        let (state, step, accepted) = STAGES[i % STAGES.len()];
        let created = now - chrono::Duration::days(accepted.unwrap_or(1) + 1);
        let fields = if code == "CJ01" {
            serde_json::json!({"残疾类别": "肢体", "残疾等级": "二级"})
        } else {
            serde_json::json!({"收款银行卡号": "6222020200112233445"})
        };
        let row = linli_store::services::service::ApplicationRow {
            community_id: p.community_id.clone(),
            id: uuid::Uuid::now_v7(),
            code: format!("S{}", &uuid::Uuid::new_v4().simple().to_string()[..8].to_ascii_uppercase()),
            item_code: code.into(),
            person_id: Some(p.id),
            applicant_name: p.name.clone(),
            phone_sealed: p.phone_sealed.clone().expect("filtered"),
            proxy: true,
            consent: Some("本人当面同意".into()),
            state: state.into(),
            step,
            fields: fields.to_string(),
            created_by: "liu.yuanyuan".into(),
            created_at: created,
            updated_at: created,
            due_at: accepted
                .map(|d| crate::app::services::service::working_days_after(now - chrono::Duration::days(d), item.days)),
            account_id: None,
            steps: Some(serde_json::to_string(&item.steps).expect("strings serialise")),
        };
        linli_store::services::service::insert(&mut tx, &row).await?;
        let step_row = |at, action: &str, label: &str| linli_store::services::service::StepRow {
            community_id: row.community_id.clone(),
            id: uuid::Uuid::now_v7(),
            application_id: row.id,
            at,
            actor: "liu.yuanyuan".into(),
            action: action.into(),
            label: label.into(),
            note: None,
        };
        linli_store::services::service::add_step(&mut tx, &step_row(created, "submit", "工作人员代办提交")).await?;
        if let Some(d) = accepted {
            linli_store::services::service::add_step(
                &mut tx,
                &step_row(now - chrono::Duration::days(d), "accept", "受理"),
            )
            .await?;
        }
        n += 1;
    }
    tx.commit().await?;
    Ok(n)
}

pub async fn create_sign_ins(app: &App) -> Result<(), crate::app::Error> {
    let actor = Actor::cli();
    for (username, name, role, region, _) in SIGN_INS {
        let new = NewAccount { username: Some(username.into()), display_name: name.into(), phone: None };
        let (account, _) = app.create_account(&actor, new).await?;
        let code = RegionCode::parse(region).expect("demo region codes are valid");
        app.grant(&actor, &account.row, role, &code).await?;
        app.set_password(&actor, &account.row, DEMO_PASSWORD, false).await?;
    }
    Ok(())
}

/// Where the demo keeps its kiosk's token (demo data only).
const KIOSK_TOKEN_FILE: &str = "demo-kiosk-token.txt";

/// 交通路 and 生态园 charge a property fee of ¥1.20/m²·月 (water is metered,
/// ¥3.40/4.80/8.20 a m³); last month's property fee was billed 45 days ago
/// (past its 30 days' grace: arrears to show) and this month's is billed now.
pub async fn bill_property_fee(app: &App, now: chrono::DateTime<chrono::Utc>) -> Result<u64, crate::app::Error> {
    use crate::app::bills::fee::FeeItem;
    use crate::domain::bills::bill::{Pricing, Tier};
    let actor = Actor::cli();
    let period = crate::domain::time::period(now);
    let mut billed = 0;
    for community in ["141102001002", "141102002006"] {
        let property = FeeItem {
            code: "WY".into(),
            name: "物业费".into(),
            pricing: Pricing::PerArea { fen_per_m2: 120 },
            unit: String::new(),
            active: true,
            grace_days: crate::domain::bills::arrears::DEFAULT_GRACE_DAYS,
        };
        let tiers = vec![
            Tier { up_to: Some(1000), fen_per_unit: 340 },
            Tier { up_to: Some(1500), fen_per_unit: 480 },
            Tier { up_to: None, fen_per_unit: 820 },
        ];
        let water = FeeItem {
            code: "SF".into(),
            name: "水费".into(),
            pricing: Pricing::Metered { tiers },
            unit: "m³".into(),
            active: true,
            grace_days: 15,
        };
        app.put_fee_item(&actor, community, property).await?;
        app.put_fee_item(&actor, community, water).await?;
        let before = crate::domain::time::period(now - chrono::Days::new(45));
        billed += app.bill_run(&actor, community, ("WY", &before), (None, None), &mut |_, _| {}).await?.created;
        linli_store::bills::bill::set_issued_at(app.db(), community, "WY", &before, now - chrono::Days::new(45))
            .await?;
        billed += app.bill_run(&actor, community, ("WY", &period), (None, None), &mut |_, _| {}).await?.created;
    }
    Ok(billed)
}

/// What [`record_payments`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoPayments {
    /// Houses whose water meter was read this month.
    pub read: usize,
    /// Property fees paid at the counter today.
    pub paid: usize,
    /// Paid online today (one more was charged whose callback was lost).
    pub online: usize,
}

/// A working day at 交通路's counter: the first building's water meters read
/// last month and this month and billed; 20 property fees paid in cash; two
/// paid online, the second of whose callbacks never arrives — so the day's
/// reconciliation has a difference to show (online payment must be on).
pub async fn record_payments(
    app: &App,
    community: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<DemoPayments, crate::app::Error> {
    use crate::app::bills::payment::Payment;
    use crate::domain::bills::meter_sheet::MeterRow;
    let actor = Actor::cli();
    let today = crate::domain::time::day(now);
    let period = today.format("%Y-%m").to_string();
    use chrono::Datelike;
    let last_month = (today.with_day(1).expect("the first") - chrono::Days::new(1)).format("%Y-%m").to_string();
    let buildings = linli_store::bills::house::buildings(app.db(), community).await?;
    let Some((building, _)) = buildings.first() else {
        return Ok(DemoPayments { read: 0, paid: 0, online: 0 });
    };
    let houses = linli_store::bills::house::houses(app.db(), community, Some(*building), None).await?;
    let rows = |month: usize| -> Vec<MeterRow> {
        houses
            .iter()
            .enumerate()
            .map(|(i, (_, _, b, unit, room))| MeterRow {
                line: i + 2,
                building: b.clone(),
                unit: unit.clone(),
                room: room.clone(),
                // Hundredths of a m³: 8–23 m³ a month, some in the dearer tiers.
                reading: 10_000 + (i as i64 * 37) % 500 * 100 + month as i64 * (800 + (i as i64 * 53) % 1500),
                meter_change: false,
            })
            .collect()
    };
    let refused = |p: Vec<crate::domain::registry::sheet::RowProblem>| {
        let lines = p.into_iter().map(|p| p.line).collect();
        crate::app::Error::invalid("reading", crate::app::refusal::Reason::BadRows { lines })
    };
    let mut done = None;
    for (month, p) in [(0, last_month), (1, period.clone())] {
        let who = (&actor, "demo".to_owned());
        let sheet = rows(month);
        let r = app.readings_import(who, community, ("SF", &p), (&sheet, Vec::new(), false), &mut |_, _| {}).await?;
        done = Some(r.map_err(refused)?);
    }
    app.bill_run(&actor, community, ("SF", &period), (Some(*building), None), &mut |_, _| {}).await?;
    // Property fees: 20 paid in cash at the counter, then two online.
    let all = linli_store::bills::house::houses(app.db(), community, None, None).await?;
    let mut paid = 0;
    let mut owed = Vec::new();
    for (house, ..) in all.iter().skip(houses.len()).take(22) {
        let bills = app.bills_of(community, *house).await?;
        if let Some(b) = bills.into_iter().find(|b| b.row.fee_code == "WY" && b.row.period == period) {
            owed.push(b);
        }
    }
    for b in owed.iter().take(20) {
        let p = Payment {
            community: community.to_owned(),
            bill: b.row.id,
            amount: b.ledger.owed(),
            channel: if paid % 4 == 3 { "card" } else { "cash" }.into(),
            key: format!("demo-counter-{}", b.row.id.simple()),
            order: None,
        };
        app.take_payment(&actor, "liu.yuanyuan", p).await?;
        paid += 1;
    }
    let mut online = 0;
    for (i, b) in owed.iter().skip(20).enumerate() {
        let order = app.place_order(&actor, "demo", community, b.row.id, ("online", None)).await?;
        let (body, signature) = app.sim_pay(&order.order_no).await?;
        // The second callback is lost on its way: only reconciliation finds it.
        if i == 0 {
            app.payment_callback("sim", &body, &signature).await?;
            online += 1;
        }
    }
    Ok(DemoPayments { read: done.map_or(0, |d| d.written), paid, online })
}

/// Prints where to open the demo and how to sign in.
pub fn print_banner(settings: &Settings, addr: SocketAddr) {
    let host = if addr.ip().is_unspecified() { "127.0.0.1".to_owned() } else { addr.ip().to_string() };
    println!();
    println!("邻里 linli 演示社区已就绪 / the demo is ready");
    println!("  打开 / open:        http://{host}:{}/", addr.port());
    for (code, name) in COMMUNITIES {
        println!("  {name}:       http://{host}:{}/regions/{code}", addr.port());
    }
    println!("  接口文档 / API:     http://{host}:{}/api/docs", addr.port());
    println!("  数据 / data:        {}", settings.target().map(|t| t.redacted()).unwrap_or_default());
    println!("  演示账号 / sign-ins (密码 / password: {DEMO_PASSWORD}):");
    for (username, _, _, _, what) in SIGN_INS {
        println!("    {username:<14} {what}");
    }
    for (username, _, what) in crate::demo_stories::RESIDENTS {
        println!("    {username:<14} {what}");
    }
    for (username, _, _, _, _, _, what) in crate::demo_wall::VOLUNTEERS {
        println!("    {username:<14} {what}");
    }
    for (unit, username, _) in crate::demo_wall::MEMBER_UNITS {
        println!("    {username:<14} 交通路共建单位 / member unit of 交通路: {unit}");
    }
    println!("    {:<14} {}", crate::demo_produce::MERCHANT.0, crate::demo_produce::MERCHANT.1);
    println!("    {:<14} {}", crate::demo_daycare::FAMILY.0, crate::demo_daycare::FAMILY.2);
    println!("  处置单位 / handler units:");
    for (name, _, _, _, login, _) in crate::demo_events::UNITS {
        println!("    {login:<14} {name}");
    }
    if let Ok(token) = std::fs::read_to_string(settings.data_dir.value.join(KIOSK_TOKEN_FILE)) {
        println!("  自助终端 / kiosk:    http://{host}:{}/kiosk/pair  (令牌 / token: {})", addr.port(), token.trim());
    }
    println!("  按 Ctrl-C 停止 / press Ctrl-C to stop");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Given, Overrides, Source, defaults};

    #[test]
    fn the_demo_serves_its_district_unless_told_another() {
        let mut s = Settings::resolve(Given::default(), defaults::DEMO_DATA_DIR).unwrap();
        adjust(&mut s);
        assert!(s.pay_sim.value);
        assert_eq!(s.home_region().unwrap().unwrap().as_str(), "141102000000");
        let given = Given {
            home_region: Overrides { value: Some("141102002".into()), source: Some(Source::Flag) },
            ..Given::default()
        };
        let mut s = Settings::resolve(given, defaults::DEMO_DATA_DIR).unwrap();
        adjust(&mut s);
        assert_eq!(s.home_region().unwrap().unwrap().as_str(), "141102002000");
    }
}
