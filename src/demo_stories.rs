//! The source document's stories, as they stand when the demo opens:
//! 王丽娥 paid her property fee at 生态园's kiosk (智慧货架) with 雒新娟 beside
//! her, without her ID card; 冯金保's household moved from 丽景街 to
//! 莲花池街道六一街社区, and the community transferred his party membership
//! for him (代办) through every step. Told through the app, as staff would.

use crate::app::access::audit::Actor;
use crate::app::access::auth::User;
use crate::app::registry::person::{Leaving, PersonCard};
use crate::app::services::service::NewApplication;
use crate::app::{App, Error, Result};
use crate::domain::services::service::Action;

const IP: &str = "demo";

/// A demo sign-in as the app knows a signed-in user.
pub(crate) async fn user(app: &App, login: &str) -> Result<User> {
    let account = app.account_view(app.account_by_login(login).await?).await?;
    Ok(User { account, session: String::new(), ip: IP.into() })
}

/// The person of that name and phone, as staff find them by phone.
async fn person(app: &App, user: &User, (name, phone): (&str, &str)) -> Result<PersonCard> {
    app.search_people(user, IP, phone).await?.into_iter().find(|p| p.view.name == name).ok_or(Error::NotFound("person"))
}

/// Tells the stories, gives two residents of 交通路 their sign-ins, and
/// puts up each community's notices.
pub async fn tell(app: &App) -> Result<()> {
    wang_pays_at_the_kiosk(app).await?;
    feng_moves_away(app).await?;
    residents_sign_in(app).await?;
    put_up_notices(app).await?;
    open_the_centres(app).await?;
    crate::demo_wall::tell(app).await?;
    crate::demo_produce::tell(app).await?;
    crate::demo_daycare::tell(app).await?;
    crate::demo_reading::tell(app).await?;
    crate::demo_mediation::tell(app).await.map(|_| ())
}

/// Residents with sign-ins, to try a resident's pages: the first person of
/// the first household of 交通路's first and second grids (user name,
/// grid, what the banner says).
pub const RESIDENTS: [(&str, &str, &str); 2] = [
    ("jumin.yi", "141102001002001", "交通路第一网格居民 / resident, 交通路 grid 1"),
    ("jumin.er", "141102001002002", "交通路第二网格居民 / resident, 交通路 grid 2"),
];

async fn residents_sign_in(app: &App) -> Result<()> {
    use crate::app::access::account::NewAccount;
    use crate::domain::access::role::Role;
    use crate::domain::registry::region::RegionCode;
    let staff = user(app, "liu.yuanyuan").await?;
    let actor = Actor::cli();
    for (login, grid, _) in RESIDENTS {
        let grid = RegionCode::parse(grid).map_err(|_| Error::NotFound("grid"))?;
        let page = app.households_page(&staff, Some(&grid), 1).await?;
        let h = page.items.into_iter().find(|h| !h.people.is_empty()).ok_or(Error::NotFound("household"))?;
        let p = &h.people[0];
        let new = NewAccount { username: Some(login.into()), display_name: p.name.clone(), phone: None };
        let (account, _) = app.create_account(&actor, new).await?;
        let community = RegionCode::parse(&h.row.community_id).map_err(|_| Error::NotFound("community"))?;
        app.grant(&actor, &account.row, Role::Resident, &community).await?;
        app.set_password(&actor, &account.row, crate::demo::DEMO_PASSWORD, false).await?;
        app.link_resident_account(&actor, account.row.id, &h.row.community_id, p.id).await?;
    }
    Ok(())
}

/// The notices on each community's board: 交通路's water cut for its first
/// grid, 生态园's public heating notice (pinned), 丽景街's meeting for its
/// veterans.
async fn put_up_notices(app: &App) -> Result<()> {
    use crate::app::life::notice::NewNotice;
    use crate::domain::registry::region::{GridCode, RegionCode};
    let region = |c: &str| RegionCode::parse(c).ok();
    let notices = [
        ("liu.yuanyuan", NewNotice {
            region: region("141102001002"),
            grids: GridCode::parse("141102001002001").into_iter().collect(),
            title: "停水通知".into(),
            body: "各位居民：\n因管网检修，本周六 8:00–14:00 第一网格各楼停水。\n\n请提前储水：\n- 厨房、卫生间备足用水\n- 关好水龙头，以免来水时跑水\n\n给您带来不便，敬请谅解。".into(),
            ..NewNotice::default()
        }),
        ("luo.xinjuan", NewNotice {
            region: region("141102002006"),
            title: "冬季供暖与用气安全提示".into(),
            body: "供暖季已开始。请不要私自改动暖气管道；使用燃气时保持通风，离家前关闭阀门。\n\n发现漏气请立即开窗、不要开关电器，并拨打社区电话。".into(),
            public: true,
            pinned: true,
            ..NewNotice::default()
        }),
        ("wu.xiaoli", NewNotice {
            region: region("141102003005"),
            tag: Some("退役军人".into()),
            title: "退役军人座谈会".into(),
            body: "本周五下午 3 点在社区党群服务中心书记会客厅召开退役军人座谈会，听取大家对优抚政策落实的意见建议。".into(),
            ..NewNotice::default()
        }),
    ];
    for (login, n) in notices {
        let staff = user(app, login).await?;
        app.publish_notice(&staff, IP, n).await?;
    }
    Ok(())
}

/// The service centres' rooms (from the source document), 交通路's square
/// dance association booking its room twice a week, the 四点半课堂 holding
/// the children's room every school day, and activities in each community
/// — one of them already full, to try the waitlist.
async fn open_the_centres(app: &App) -> Result<()> {
    use chrono::{Datelike, Duration, NaiveTime, Utc, Weekday};

    use crate::app::life::activity::NewActivity;
    use crate::app::life::association::NewAssociation;
    use crate::app::life::room::{NewBooking, NewRoom};
    use crate::domain::life::activity::OpenTo;

    let t = |h: u32, m: u32| NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default();
    let rooms = [
        ("liu.yuanyuan", "141102001002", "儿童活动室", 30, false, "绘本、积木、30 套桌椅"),
        ("liu.yuanyuan", "141102001002", "文体活动室", 60, false, "音响、镜墙、木地板"),
        ("liu.yuanyuan", "141102001002", "共享会议室", 20, false, "投影仪、白板"),
        ("luo.xinjuan", "141102002006", "图书阅览室", 40, false, "20 台电子阅读器、云书签"),
        ("luo.xinjuan", "141102002006", "红色影院", 80, true, "投影、环绕音响"),
        ("luo.xinjuan", "141102002006", "书记会客厅", 10, true, "茶桌"),
        ("wu.xiaoli", "141102003005", "舞蹈/休闲活动室", 40, false, "音响、镜墙"),
        ("wu.xiaoli", "141102003005", "书法室", 16, false, "书法桌、笔墨纸砚"),
    ];
    let mut ids = std::collections::HashMap::new();
    for (login, community, name, capacity, needs_approval, equipment) in rooms {
        let staff = user(app, login).await?;
        let n = NewRoom {
            community: community.into(),
            name: name.into(),
            capacity,
            opens: t(8, 0),
            closes: t(21, 0),
            days: 0x7f,
            needs_approval,
            rules: "爱护设施，用后关灯关窗，恢复桌椅。".into(),
            equipment: equipment.into(),
        };
        let room = app.add_room(&staff, IP, n).await?;
        ids.insert(name, room.id);
    }
    let staff = user(app, "liu.yuanyuan").await?;
    let dance = app
        .add_association(
            &staff,
            IP,
            NewAssociation {
                community: "141102001002".into(),
                name: "广场舞协会".into(),
                about: "每周两次排练，欢迎邻居们一起跳。".into(),
                meets: "每周二、四 19:00".into(),
                room: ids.get("文体活动室").copied(),
                leader: "jumin.yi".into(),
            },
        )
        .await?;
    app.add_association(
        &staff,
        IP,
        NewAssociation {
            community: "141102001002".into(),
            name: "红歌协会".into(),
            about: "唱红歌、学党史。".into(),
            meets: "每周六 9:30".into(),
            room: ids.get("共享会议室").copied(),
            leader: "jumin.er".into(),
        },
    )
    .await?;
    let today = crate::domain::time::day(Utc::now());
    let leader = user(app, "jumin.yi").await?;
    if let Some(room) = ids.get("文体活动室") {
        let weekly = NewBooking {
            day: today + Duration::days(1),
            start: t(19, 0),
            end: t(20, 30),
            purpose: "广场舞排练".into(),
            association: Some(dance.id),
            repeat: Some((today + Duration::days(56), 0b1010, Vec::new())),
        };
        app.book_room(&leader, IP, *room, weekly).await?;
    }
    if let Some(room) = ids.get("儿童活动室") {
        // This term's school days, except New Year's Day.
        let new_year = chrono::NaiveDate::from_ymd_opt(today.year() + 1, 1, 1).into_iter().collect();
        let class = NewBooking {
            day: today + Duration::days(1),
            start: t(16, 30),
            end: t(18, 0),
            purpose: "四点半课堂".into(),
            association: None,
            repeat: Some((today + Duration::days(60), 0b1_1111, new_year)),
        };
        app.book_room(&staff, IP, *room, class).await?;
    }
    // The next Saturday, at least two days ahead.
    let mut saturday = today + Duration::days(2);
    while saturday.weekday() != Weekday::Sat {
        saturday += Duration::days(1);
    }
    let activities = [
        (
            "liu.yuanyuan",
            None,
            "141102001002",
            "儿童涂鸦",
            "共享会议室",
            saturday,
            (9, 30),
            (11, 0),
            15,
            OpenTo::Ages(6, 12),
        ),
        (
            "liu.yuanyuan",
            None,
            "141102001002",
            "妇女手工培训",
            "共享会议室",
            saturday,
            (14, 0),
            (16, 0),
            20,
            OpenTo::All,
        ),
        (
            "liu.yuanyuan",
            None,
            "141102001002",
            "健康讲座：冬季防跌倒",
            "儿童活动室",
            today + Duration::days(2),
            (9, 0),
            (10, 0),
            1,
            OpenTo::All,
        ),
        (
            "jumin.yi",
            Some(dance.id),
            "141102001002",
            "广场舞协会周末联欢",
            "文体活动室",
            saturday,
            (18, 0),
            (19, 30),
            40,
            OpenTo::All,
        ),
        (
            "luo.xinjuan",
            None,
            "141102002006",
            "红色电影放映：《长津湖》",
            "红色影院",
            saturday,
            (15, 0),
            (17, 30),
            80,
            OpenTo::All,
        ),
        ("wu.xiaoli", None, "141102003005", "书法公益课", "书法室", saturday, (9, 0), (11, 0), 12, OpenTo::All),
    ];
    let mut lecture = None;
    for (login, association, community, title, room, day, (h0, m0), (h1, m1), capacity, open_to) in activities {
        let who = user(app, login).await?;
        let n = NewActivity {
            community: community.into(),
            association,
            title: title.into(),
            body: String::new(),
            room: ids.get(room).copied(),
            place: String::new(),
            day,
            start: t(h0, m0),
            end: t(h1, m1),
            deadline: None,
            capacity,
            open_to,
            public: true,
            weeks: 1,
        };
        let a = app.add_activity(&who, IP, n).await?;
        if capacity == 1 {
            lecture = Some(a.id);
        }
    }
    // The lecture's one place is taken: the next to register waits.
    if let Some(id) = lecture {
        app.register_for_activity(&user(app, "jumin.er").await?, IP, id).await?;
    }
    after_school(app, today).await
}

/// 交通路's 四点半课堂 this term, with children of the community enrolled
/// at the desk and the adults of their households named to take them home.
async fn after_school(app: &App, today: chrono::NaiveDate) -> Result<()> {
    use chrono::{Duration, NaiveTime};

    use crate::app::life::class::NewClass;
    let staff = user(app, "liu.yuanyuan").await?;
    let t = |h: u32, m: u32| NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default();
    let class = app
        .add_class(
            &staff,
            IP,
            NewClass {
                community: "141102001002".into(),
                name: "四点半课堂".into(),
                place: "儿童活动室".into(),
                from: today,
                until: today + Duration::days(60),
                days: 0b1_1111,
                starts: t(16, 30),
                ends: t(18, 0),
                ages: (6, 12),
                capacity: 30,
            },
        )
        .await?;
    let mut enrolled = 0;
    for h in app.households(&staff, 500).await? {
        let adults: Vec<&str> = h.people.iter().filter(|p| p.age >= 18).take(3).map(|p| p.name.as_str()).collect();
        for child in h.people.iter().filter(|p| (6..=12).contains(&p.age)) {
            if adults.is_empty() || enrolled >= 8 {
                continue;
            }
            app.enrol_child(&staff, IP, class.id, child.id, &adults.join(",")).await?;
            enrolled += 1;
        }
    }
    Ok(())
}

/// 王丽娥's property fee of this month, paid at 生态园's kiosk: an order of
/// the kiosk's, paid by scanning its code, confirmed by the provider's
/// signed callback.
async fn wang_pays_at_the_kiosk(app: &App) -> Result<()> {
    let head = user(app, "luo.xinjuan").await?;
    let wang = person(app, &head, ("王丽娥", "13835860303")).await?;
    let (_, _, bills) = app.household_bills(&head, wang.place.id).await?;
    let period = crate::domain::time::period(chrono::Utc::now());
    let fee =
        bills.into_iter().find(|b| b.row.fee_code == "WY" && b.row.period == period).ok_or(Error::NotFound("bill"))?;
    let kiosk = Actor::system("生态园社区服务中心自助终端", "cli");
    let order = app.place_order(&kiosk, "雒新娟协助", &wang.place.community_id, fee.row.id, ("kiosk", None)).await?;
    let (body, signature) = app.sim_pay(&order.order_no).await?;
    app.payment_callback("sim", &body, &signature).await?;
    Ok(())
}

/// 冯金保's 党组织关系转接, applied for and carried by 武小丽 (approved by
/// 莲花池街道), then his household's move-out.
async fn feng_moves_away(app: &App) -> Result<()> {
    let secretary = user(app, "wu.xiaoli").await?;
    let street = user(app, "lianhuachi").await?;
    let feng = person(app, &secretary, ("冯金保", "13835860505")).await?;
    let mut fields = serde_json::Map::new();
    fields.insert("转出党组织".into(), "中共丽景街社区支部委员会".into());
    fields.insert("转入党组织".into(), "中共六一街社区支部委员会（莲花池街道）".into());
    let application = NewApplication {
        item: "DY01".into(),
        community: None,
        name: feng.view.name.clone(),
        phone: String::new(),
        consent: Some("本人当面同意".into()),
        fields,
        person: Some(feng.view.id),
        photos: Vec::new(),
    };
    let (id, _) = app.apply_for_service(&secretary, IP, application).await?;
    for (who, action) in [
        (&secretary, Action::Accept),
        (&secretary, Action::Pass),
        (&street, Action::Approve),
        (&secretary, Action::Deliver),
    ] {
        app.act_on_application(who, IP, id, (action, None), Vec::new()).await?;
    }
    let household = app.household(&secretary, feng.place.id).await?;
    for member in household.people {
        app.person_leaves(&secretary, IP, member.id, Leaving::MovedOut, "全家搬家，迁往莲花池街道六一街社区").await?;
    }
    Ok(())
}
