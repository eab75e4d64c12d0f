//! The help wall (爱心回音壁) as it stands when the demo opens: in each
//! community, wishes waiting, offered, taken up, done and thanked; its
//! volunteers (one an 在职党员 of the power company) with their hours;
//! study items with their QR codes; a points shop of rice, oil and daily
//! goods given by member units, and one exchange waiting at the counter.
//! Told through the app, as residents, volunteers and staff would.

use chrono::{Duration, Utc};

use crate::app::access::account::NewAccount;
use crate::app::access::audit::Actor;
use crate::app::access::auth::User;
use crate::app::life::points::{NewItem, NewStudy};
use crate::app::life::wish::{NewHours, NewVolunteer, NewWish};
use crate::app::{App, Error, Result};
use crate::domain::access::role::Role;
use crate::domain::life::wish::Step;
use crate::domain::registry::region::RegionCode;

const IP: &str = "demo";

/// The volunteers with sign-ins: (login, community, kind, employer or team,
/// skills, the household they live in by its place in staff's list, what
/// the banner says).
pub const VOLUNTEERS: [(&str, &str, &str, &str, &str, usize, &str); 3] = [
    (
        "zhiyuan.jtl",
        "141102001002",
        "volunteer",
        "",
        "errand,repair,company",
        5,
        "交通路社区志愿者 / volunteer, 交通路",
    ),
    (
        "zhiyuan.sty",
        "141102002006",
        "party_member",
        "区供电公司",
        "repair,tutoring",
        3,
        "生态园社区在职党员（区供电公司）/ working party member, 生态园",
    ),
    (
        "zhiyuan.ljj",
        "141102003005",
        "organisation",
        "老年协会",
        "company,outing,errand",
        4,
        "丽景街老年协会（社会组织，登记的实有单位）/ a registered social organisation, 丽景街",
    ),
];

/// Each community's wishes: (title, category, what becomes of it).
const WISHES: [(&str, &str, &str); 6] = [
    ("帮忙买一袋米送上楼", "errand", "thanked"),
    ("修一下漏水的水龙头", "repair", "done"),
    ("周末陪老伴去医院复查", "outing", "taken"),
    ("教我用手机挂号", "tutoring", "claimed"),
    ("下午有人陪我下象棋", "company", "open"),
    ("换个楼道灯泡", "repair", "open"),
];

/// The thanks left on the wall.
const THANKS: [&str; 3] =
    ["谢谢小伙子，米扛到五楼，还帮我把桶装满了！", "志愿者真热心，谢谢社区！", "孩子们都学会了，谢谢老师！"];

use crate::demo_stories::user;

/// The community's staff who run its wall in the demo.
fn staff_of(community: &str) -> &'static str {
    match community {
        "141102002006" => "luo.xinjuan",
        "141102003005" => "wu.xiaoli",
        _ => "liu.yuanyuan",
    }
}

/// Tells it.
pub async fn tell(app: &App) -> Result<()> {
    let actor = Actor::cli();
    for (k, (login, community, kind, org, skills, nth, _)) in VOLUNTEERS.into_iter().enumerate() {
        let staff = user(app, staff_of(community)).await?;
        let homes: Vec<_> =
            app.households(&staff, 200).await?.into_iter().filter(|h| h.row.community_id == community).collect();
        let Some(home) = homes.get(nth).filter(|h| !h.people.is_empty()) else { continue };
        let adult = home.people.iter().find(|p| p.age >= 18).unwrap_or(&home.people[0]);
        let new = NewAccount { username: Some(login.into()), display_name: adult.name.clone(), phone: None };
        let (account, _) = app.create_account(&actor, new).await?;
        let code = RegionCode::parse(community).map_err(|_| Error::NotFound("community"))?;
        app.grant(&actor, &account.row, Role::Resident, &code).await?;
        app.set_password(&actor, &account.row, crate::demo::DEMO_PASSWORD, false).await?;
        app.link_resident_account(&actor, account.row.id, community, adult.id).await?;
        let volunteer = user(app, login).await?;
        // An organisation acts as the one the registry has under that name.
        let registered = app.community_orgs(community).await?.into_iter().find(|o| o.name.ends_with(org)).map(|o| o.id);
        let offer = NewVolunteer {
            community: community.into(),
            kind: kind.into(),
            org_name: org.into(),
            org: if kind == "organisation" { registered } else { None },
            skills: skills.split(',').map(str::to_owned).collect(),
            available: "周末全天、工作日晚上".into(),
        };
        let v = app.register_volunteer(&volunteer, IP, offer).await?;
        let others: Vec<_> = homes.iter().enumerate().filter(|(i, _)| *i != nth).map(|(_, h)| h.clone()).collect();
        wishes(app, &staff, &volunteer, &others, k).await?;
        // The centre records the volunteer's morning of cleaning up the courtyards.
        let day = crate::domain::time::day(Utc::now()) - Duration::days(6);
        let hours = NewHours { activity: None, what: "小区环境整治".into(), day: Some(day), minutes: 120 };
        app.record_hours(&staff, IP, v.id, hours).await?;
        shop_and_study(app, &staff, community).await?;
    }
    // 交通路's resident 一 asks for help himself and, as a volunteer of the
    // red-song association's evenings, exchanges his points for oil.
    let yi = user(app, "jumin.yi").await?;
    let later = crate::domain::time::day(Utc::now()) + Duration::days(4);
    let wish = NewWish {
        title: "想找人一起晨练打太极".into(),
        category: "company".into(),
        needed_by: Some(later),
        ..NewWish::default()
    };
    app.post_wish(&yi, IP, wish).await?;
    let er = user(app, "jumin.er").await?;
    let v = app
        .register_volunteer(
            &er,
            IP,
            NewVolunteer {
                community: "141102001002".into(),
                kind: "party_member".into(),
                org_name: "区供电公司".into(),
                org: None,
                skills: vec!["repair".into()],
                available: "周末".into(),
            },
        )
        .await?;
    let staff = user(app, "liu.yuanyuan").await?;
    let day = crate::domain::time::day(Utc::now()) - Duration::days(2);
    app.record_hours(
        &staff,
        IP,
        v.id,
        NewHours { activity: None, what: "义务检修楼道电路".into(), day: Some(day), minutes: 180 },
    )
    .await?;
    if let Some(oil) = app.shop_items(&er).await?.into_iter().find(|i| i.name.starts_with("大米")) {
        app.exchange_points(&er, IP, oil.id, 1, None).await?;
    }
    joint_meeting(app, &staff, &er).await
}

/// 交通路's member units (共建单位) with sign-ins: (name, login, the member's name).
pub const MEMBER_UNITS: [(&str, &str, &str); 3] = [
    ("区供电公司", "gongdian", "张建国"),
    ("建设银行离石支行", "jianhang", "李晓梅"),
    ("区人民医院", "renyi", "王医生"),
];

/// 交通路's 三清单 and its last 党建联席会议: needs (one a wish from the
/// wall, taken on by 居民二 as an 在职党员), what the member units offer, and
/// the project the meeting made, under way.
async fn joint_meeting(app: &App, staff: &User, party: &User) -> Result<()> {
    use crate::app::events::unit::{NewMember, NewUnit, UnitRole};
    use crate::app::life::joint::{NewMeeting, NewProject};
    use crate::domain::life::joint::NeedStep;
    let community = "141102001002";
    let code = RegionCode::parse(community).map_err(|_| Error::NotFound("community"))?;
    let actor = Actor::cli();
    let mut units = Vec::new();
    for (name, login, person) in MEMBER_UNITS {
        let unit = app
            .add_unit_by(
                &actor,
                NewUnit { name: name.into(), kind: "member_unit".into(), region: code.clone(), phone: None },
            )
            .await?;
        let m = NewMember { login: login.into(), display_name: person.into(), phone: None, role: UnitRole::Dispatcher };
        app.add_unit_member_by(&actor, unit, m).await?;
        let account = app.account_by_login(login).await?;
        app.set_password(&actor, &account, crate::demo::DEMO_PASSWORD, false).await?;
        units.push(unit);
    }
    let needs = [
        ("老旧小区加装电动车充电桩", "3 号楼、5 号楼居民多次反映电动车上楼充电有隐患。"),
        ("独居老人助餐", "第二网格 12 位独居老人，希望中午有人送餐。"),
        ("孩子放学后没人辅导作业", "双职工家庭多，四点半课堂缺志愿老师。"),
    ];
    let mut ids = Vec::new();
    for (title, detail) in needs {
        ids.push(app.add_need(staff, IP, community, title, detail, None).await?.id);
    }
    let lamp = app.wall(staff, crate::app::life::wish::Tab::Newest).await?;
    if let Some(w) = lamp.wishes.iter().find(|w| w.title == "换个楼道灯泡" && w.community_id == community) {
        let need =
            app.add_need(staff, IP, community, "", "", Some(crate::app::life::joint::NeedFrom::Wish(w.id))).await?;
        app.need_step(party, IP, need.id, NeedStep::Take, "", None).await?;
    }
    let offers = [
        (0, "people", "电工志愿服务队 6 人", "每月第二个周六上门检修"),
        (1, "money", "爱心助餐资金 2 万元", "用于独居老人午餐补贴"),
        (2, "skill", "义诊医生 3 名", "每季度一次社区义诊"),
    ];
    let gongdian = user(app, "gongdian").await?;
    for (unit, kind, title, detail) in offers {
        let offered_by = if unit == 0 { &gongdian } else { staff };
        let n = crate::app::life::joint::NewResource {
            community: community.into(),
            kind: kind.into(),
            title: title.into(),
            detail: detail.into(),
            unit: Some(units[unit]),
        };
        app.add_resource(offered_by, IP, n).await?;
    }
    let held_on = crate::domain::time::day(Utc::now()) - Duration::days(7);
    let meeting = app
        .call_meeting(
            staff,
            IP,
            NewMeeting {
                community: community.into(),
                held_on: Some(held_on),
                place: "党群服务中心会议室".into(),
                chair: None,
                units: units.clone(),
            },
        )
        .await?;
    app.write_minutes(staff, IP, meeting.id, "一、通报本季度需求清单办理情况。\n二、研究老旧小区充电桩建设，由区供电公司牵头，年底前完成。\n三、建设银行离石支行资助独居老人助餐。")
        .await?;
    let resources = app.joint_lists(staff, Some(community)).await?.resources;
    let power_team: Vec<uuid::Uuid> = resources.iter().filter(|r| r.title.starts_with("电工")).map(|r| r.id).collect();
    let project = app
        .make_project(
            staff,
            IP,
            NewProject {
                need: ids[0],
                meeting: Some(meeting.id),
                owner: Some(units[0]),
                plan: "勘察 3 号楼、5 号楼场地，安装充电桩 20 个".into(),
                deadline: Some(crate::domain::time::day(Utc::now()) + Duration::days(45)),
                resources: power_team,
            },
        )
        .await?;
    app.project_progress(&gongdian, IP, project.id, 40, "已完成勘察，设备已订货").await?;
    Ok(())
}

/// A community's wishes, each taken as far as the table says.
async fn wishes(
    app: &App,
    staff: &User,
    volunteer: &User,
    homes: &[crate::app::registry::household::HouseholdView],
    k: usize,
) -> Result<()> {
    let later = crate::domain::time::day(Utc::now()) + Duration::days(5);
    for (i, (title, category, becomes)) in WISHES.into_iter().enumerate() {
        // The centre posts for older residents of other households.
        let Some(person) = homes.iter().rev().nth(i).and_then(|h| h.people.iter().max_by_key(|p| p.age)) else {
            continue;
        };
        let n = NewWish {
            person: Some(person.id),
            title: title.into(),
            category: category.into(),
            needed_by: Some(later),
            body: String::new(),
        };
        let w = app.post_wish(staff, IP, n).await?;
        let steps: &[Step] = match becomes {
            "claimed" => &[Step::Claim],
            "taken" => &[Step::Claim, Step::Accept],
            "done" => &[Step::Claim, Step::Accept, Step::Finish],
            "thanked" => &[Step::Claim, Step::Accept, Step::Finish, Step::Thank],
            _ => &[],
        };
        for step in steps {
            let (who, note, minutes) = match step {
                Step::Claim | Step::Finish => (volunteer, "已经办好了", 60),
                _ => (staff, THANKS[k % THANKS.len()], 0),
            };
            app.wish_step(who, IP, w.id, *step, note, minutes, Vec::new()).await?;
        }
    }
    Ok(())
}

/// The points shop's shelves and the study items on the notice board.
async fn shop_and_study(app: &App, staff: &User, community: &str) -> Result<()> {
    let items = [
        ("大米 5 斤", 30, 20, "区供电公司"),
        ("食用油 1.8 升", 60, 10, "建设银行长治支行"),
        ("洗衣液", 20, 30, "华润万家"),
        ("毛巾", 10, 50, "社区党委"),
    ];
    for (name, points, stock, by) in items {
        let n = NewItem {
            community: community.into(),
            name: name.into(),
            about: String::new(),
            points,
            stock,
            given_by: by.into(),
        };
        app.add_shop_item(staff, IP, n).await?;
    }
    let study = [
        (
            "有声党建：《红色家书》选读",
            "一封家书，一片丹心。……（文稿）\n\n这是革命先辈写给家人的信，字里行间是对家人的牵挂和对理想的坚守。\n\n（演示数据：录音为 45 秒静音，社区使用时上传真实录音。）",
            0,
        ),
        (
            "政策解读：高龄补贴怎么领",
            "年满 80 周岁的本区户籍老人，可到社区党群服务中心申请高龄补贴。\n\n带上身份证、户口本和银行卡，工作人员当场帮您办理。",
            3,
        ),
    ];
    for (title, body, minutes) in study {
        // Minutes 0: the recording's length is the time it takes.
        let audio = (minutes == 0).then(|| crate::domain::life::audio::silence(45));
        let n =
            NewStudy { community: community.into(), title: title.into(), body: body.into(), minutes, points: 0, audio };
        app.add_study_item(staff, IP, n).await?;
    }
    Ok(())
}
