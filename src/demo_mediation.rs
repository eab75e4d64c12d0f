//! The demo's mediation: cases of each kind and state in the three
//! communities — a 漏水纠纷 event of 丽景街 mediated to an agreement and
//! followed up, a 科技法庭 session at 生态园, a high-risk family dispute,
//! petitions (one that went above the community) — and the police office's
//! cases and an accident over the year, so that the 三零 page has a year
//! to show.

use chrono::{Duration, Utc};
use linli_store::mediation::case::CaseRow;

use crate::app::access::audit::Actor;
use crate::app::events::unit::{NewMember, NewUnit, UnitRole};
use crate::app::mediation::case::{NewCase, NewParty, NewSchedule, NewSession};
use crate::app::mediation::zero::NewIncident;
use crate::app::{App, Result};
use crate::domain::mediation::case::Action;
use crate::domain::registry::region::RegionCode;
use crate::domain::time;

const IP: &str = "demo";

/// Two people of a community (the parties of a dispute between
/// neighbours): (name, ID number, phone).
async fn two_people(app: &App, community: &str, skip: usize) -> Result<Vec<(String, String, String)>> {
    let today = time::day(Utc::now());
    let people = linli_store::registry::person::elders_in(app.db(), community, today, 60).await?;
    Ok(people
        .into_iter()
        .skip(skip)
        .take(2)
        .map(|p| {
            let id = app.open_sealed(&p.id_sealed).unwrap_or_default();
            let phone = p.phone_sealed.as_deref().and_then(|s| app.open_sealed(s)).unwrap_or_default();
            (p.name, id, phone)
        })
        .collect())
}

fn parties(people: &[(String, String, String)]) -> Vec<NewParty> {
    people
        .iter()
        .enumerate()
        .map(|(i, (name, id, phone))| NewParty {
            respondent: i == 1,
            name: name.clone(),
            id_number: id.clone(),
            phone: phone.clone(),
            address: String::new(),
        })
        .collect()
}

fn text(s: &str) -> String {
    s.to_owned()
}

async fn act(app: &App, actor: &Actor, row: CaseRow, actions: Vec<Action>) -> Result<CaseRow> {
    let mut row = row;
    for a in actions {
        row = app.act_by(actor, row, a, None).await?;
    }
    Ok(row)
}

/// Registers the cases and incidents.
pub async fn tell(app: &App) -> Result<usize> {
    let cli = Actor::cli();
    // 生态园's police office, with its own sign-in (社区民警).
    let region = RegionCode::parse("141102002006").expect("a valid code");
    let unit = NewUnit {
        name: "生态园社区警务室".into(),
        kind: "police_office".into(),
        region,
        phone: Some("0358-8270110".into()),
    };
    let id = app.add_unit_by(&cli, unit).await?;
    let member = NewMember {
        login: "shengtai.jingwu".into(),
        display_name: "陈警官".into(),
        phone: None,
        role: UnitRole::Dispatcher,
    };
    app.add_unit_member_by(&cli, id, member).await?;
    let account = app.account_by_login("shengtai.jingwu").await?;
    app.set_password(&cli, &account, crate::demo::DEMO_PASSWORD, false).await?;

    let today = time::day(Utc::now());
    let months_ago = |n: i64| today - Duration::days(30 * n);
    let mut n = 0;

    // 丽景街: the 漏水纠纷 event becomes a case, mediated, agreed, followed up, closed.
    let lijing = crate::demo_stories::user(app, "wu.xiaoli").await?.actor(IP);
    let leak = linli_store::events::event::list(app.db(), &["141102003005".to_owned()], None, 500)
        .await?
        .into_iter()
        .find(|e| e.category_code == "0401");
    let people = two_people(app, "141102003005", 8).await?;
    let row = app
        .register_case_by(
            &lijing,
            NewCase {
                community: "141102003005".into(),
                kind: "dispute".into(),
                matter: "neighbours".into(),
                risk: "low".into(),
                origin: if leak.is_some() { "event" } else { "walk_in" }.into(),
                event: leak.as_ref().map(|e| e.id),
                summary: text("楼上卫生间防水层老化，漏水到楼下天花板，墙皮脱落。双方对维修费用分担协商不成。"),
                bodies: vec!["committee".into()],
                parties: parties(&people),
                ..NewCase::default()
            },
        )
        .await?;
    let row = act(app, &lijing, row, vec![Action::Accept, Action::StartMediation { consent: true }]).await?;
    let session = NewSession {
        held_at: Some(Utc::now() - Duration::hours(26)),
        place: "丽景街社区调解室".into(),
        participants: "双方当事人、社区调解员、物业马俊".into(),
        minutes: "物业现场查看确认漏水点在楼上卫生间地漏周边。双方同意由楼上重做防水，楼下天花板修复费用各担一半。"
            .into(),
        ..NewSession::default()
    };
    app.hold_session_by(&lijing, row.clone(), session).await?;
    let row = linli_store::mediation::case::case(app.db(), row.id).await?.unwrap_or(row);
    act(
        app,
        &lijing,
        row,
        vec![
            Action::Agree {
                terms: text("一、楼上住户于十五日内重做卫生间防水层，费用自理；\n二、楼下天花板修复费用共计 1200 元，双方各承担 600 元，于防水完工后三日内付清；\n三、双方今后互相体谅，不再因此事发生争执。"),
            },
            Action::FollowUp { note: text("防水已重做，天花板已修复，费用已付清，双方满意。") },
            Action::Close { note: text("协议已全部履行，结案。") },
        ],
    )
    .await?;
    n += 1;

    let jiaotong = crate::demo_stories::user(app, "liu.yuanyuan").await?.actor(IP);
    // 交通路: a high-risk family dispute (alerts the head and the police office), accepted.
    let people = two_people(app, "141102001002", 6).await?;
    let row = app
        .register_case_by(
            &jiaotong,
            NewCase {
                community: "141102001002".into(),
                kind: "dispute".into(),
                matter: "family".into(),
                risk: "high".into(),
                origin: "visit".into(),
                summary: text("网格员走访发现夫妻因赡养老人问题多次争吵，一方扬言过激行为，需警务室和调委会共同介入。"),
                bodies: vec!["committee".into(), "police".into()],
                parties: parties(&people),
                ..NewCase::default()
            },
        )
        .await?;
    let row = act(app, &jiaotong, row, vec![Action::Accept]).await?;
    // Its first session, scheduled in the centre's room the day after tomorrow.
    let staff = crate::demo_stories::user(app, "liu.yuanyuan").await?;
    let rooms = linli_store::life::room::in_communities(app.db(), &["141102001002".to_owned()]).await?;
    if let Some(room) = rooms.into_iter().find(|r| r.active) {
        let at = |h| chrono::NaiveTime::from_hms_opt(h, 0, 0).expect("a valid time");
        // The first day from the day after tomorrow when the room is open and free.
        for ahead in 2..10 {
            let day = time::day(Utc::now()) + Duration::days(ahead);
            let participants = "双方当事人、调解员、社区民警".into();
            let s = NewSchedule { room: Some(room.id), day, start: at(15), end: at(16), participants };
            match app.schedule_session(&staff, IP, row.id, s).await {
                Ok(_) => break,
                Err(crate::app::Error::Invalid { .. }) => continue,
                Err(e) => return Err(e),
            }
        }
    }
    n += 1;

    // 交通路: a petition this month that went to the street first (越级).
    let people = two_people(app, "141102001002", 9).await?;
    app.register_case_by(
        &jiaotong,
        NewCase {
            community: "141102001002".into(),
            kind: "petition".into(),
            matter: "property".into(),
            risk: "medium".into(),
            origin: "letter".into(),
            summary: text("来信反映小区停车位收费上涨未经业主大会表决，曾到街道反映。"),
            above: true,
            bodies: vec!["petition".into()],
            parties: parties(&people[..1]),
            ..NewCase::default()
        },
    )
    .await?;
    n += 1;

    // 生态园: a wage dispute heard by the district court in the 科技法庭.
    let shengtai = crate::demo_stories::user(app, "luo.xinjuan").await?.actor(IP);
    let people = two_people(app, "141102002006", 2).await?;
    let row = app
        .register_case_by(
            &shengtai,
            NewCase {
                community: "141102002006".into(),
                kind: "dispute".into(),
                matter: "labour".into(),
                risk: "medium".into(),
                origin: "walk_in".into(),
                summary: text("装修工人反映小区业主拖欠装修尾款 8600 元，业主称工程质量有问题。"),
                bodies: vec!["committee".into(), "court".into()],
                parties: parties(&people),
                ..NewCase::default()
            },
        )
        .await?;
    let row = act(app, &shengtai, row, vec![Action::Accept, Action::StartMediation { consent: true }]).await?;
    let court = NewSession {
        held_at: Some(Utc::now() - Duration::hours(3)),
        place: "生态园社区科技法庭".into(),
        participants: "双方当事人、社区调解员、法官助理（视频）".into(),
        minutes: "法官视频连线释法，双方同意先委托第三方对工程质量评估，评估后再议尾款。".into(),
        court: "离石区人民法院".into(),
        judge: "张明".into(),
        video: "https://court.lishi.local/kjft/room-0615".into(),
        planned: None,
    };
    app.hold_session_by(&shengtai, row, court).await?;
    n += 1;

    // 生态园: a petition two months ago, answered and closed; a declined one.
    let people = two_people(app, "141102002006", 5).await?;
    let row = app
        .register_case_by(
            &shengtai,
            NewCase {
                community: "141102002006".into(),
                kind: "petition".into(),
                matter: "other".into(),
                risk: "low".into(),
                origin: "walk_in".into(),
                summary: text("来访反映小区南侧施工夜间噪音扰民，要求限制施工时间。"),
                bodies: vec!["petition".into()],
                parties: parties(&people[..1]),
                received: Some(months_ago(2)),
                ..NewCase::default()
            },
        )
        .await?;
    let answer = text("已书面答复：施工单位夜间 22 时后停止高噪音作业，城管中队加强巡查。信访人表示满意。");
    act(app, &shengtai, row, vec![Action::Accept, Action::Close { note: answer }]).await?;
    n += 1;

    // 丽景街: a family dispute agreed, waiting for its follow-up; and one declined.
    let people = two_people(app, "141102003005", 2).await?;
    let row = app
        .register_case_by(
            &lijing,
            NewCase {
                community: "141102003005".into(),
                kind: "dispute".into(),
                matter: "family".into(),
                risk: "low".into(),
                origin: "walk_in".into(),
                summary: text("兄弟二人因父母老房子的居住和赡养分工发生争执。"),
                parties: parties(&people),
                ..NewCase::default()
            },
        )
        .await?;
    act(
        app,
        &lijing,
        row,
        vec![
            Action::Accept,
            Action::StartMediation { consent: true },
            Action::Agree {
                terms: text("老房由弟弟居住并负责日常照料父母；哥哥每月支付赡养费 800 元；房屋产权维持不变。"),
            },
        ],
    )
    .await?;
    let people = two_people(app, "141102003005", 5).await?;
    let row = app
        .register_case_by(
            &lijing,
            NewCase {
                community: "141102003005".into(),
                kind: "dispute".into(),
                matter: "land".into(),
                risk: "low".into(),
                origin: "walk_in".into(),
                summary: text("反映外地老家宅基地纠纷，不属本社区调解范围。"),
                parties: parties(&people),
                ..NewCase::default()
            },
        )
        .await?;
    act(
        app,
        &lijing,
        row,
        vec![Action::Decline {
            reason: text("纠纷发生在外地，已告知向当地人民调解委员会申请。")
        }],
    )
    .await?;
    n += 2;

    // The police offices' cases and an accident over the year.
    let incidents = [
        ("141102001002", "public_order", months_ago(4), "小区门口两人因停车发生口角并推搡，已调解处理"),
        ("141102001002", "criminal", months_ago(7), "地下车库电动车电瓶被盗，已立案"),
        ("141102002006", "accident", months_ago(3), "小区楼道电动车充电起火，及时扑灭，无人员伤亡"),
        ("141102002006", "public_order", months_ago(1), "小区内醉酒滋事，民警到场处置"),
        ("141102003005", "accident", months_ago(5), "老人在小区结冰路面滑倒骨折"),
    ];
    for (community, kind, day, summary) in incidents {
        let incident = NewIncident {
            community: community.into(),
            kind: kind.into(),
            day: day.to_string(),
            summary: summary.into(),
            event: String::new(),
        };
        // The police office records its cases; the community its accidents.
        let by = if kind == "accident" { "社区安全员" } else { "社区民警" };
        app.record_incident_by(&Actor::cli().named(by), incident).await?;
    }
    Ok(n)
}
