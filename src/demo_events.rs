//! The demo's events: the handler units of 滨河街道 and 交通路 with their
//! sign-ins and routing rules, and reports in every state, so that the
//! dispatch board, a unit's tasks, the late list and the measures have
//! something to show from the first start.

use uuid::Uuid;

use crate::app::access::audit::Actor;
use crate::app::events::event::Target;
use crate::app::events::report::NewReport;
use crate::app::events::unit::{NewMember, NewRule, NewUnit, UnitRole};
use crate::app::{App, Result};
use crate::domain::events::event::{Action, Satisfaction};
use crate::domain::registry::phone::Phone;
use crate::domain::registry::region::{CommunityCode, RegionCode};

const COMMUNITY: &str = "141102001002";

/// (name, kind, region, office phone, sign-in, member's name), from the
/// source document's 问题逐一交办.
pub const UNITS: [(&str, &str, &str, &str, &str, &str); 7] = [
    ("离石区供水公司", "utility", "141102", "0358-8221234", "gongshui", "王建军"),
    ("交通路苑物业服务中心", "property", COMMUNITY, "0358-8235678", "wuye", "张丽萍"),
    ("滨河街道城管中队", "department", "141102001", "0358-8241100", "chengguan", "李志强"),
    ("交通路社区警务室", "police_office", COMMUNITY, "0358-8250110", "jingwu", "刘警官"),
    ("滨河街道人民调解委员会", "mediation", "141102001", "0358-8262345", "tiaojie", "赵秀英"),
    ("生态园小区物业服务中心", "property", "141102002006", "0358-8271234", "shengtai.wuye", "孙丽娟"),
    ("丽景街社区物业服务中心", "property", "141102003005", "0358-8281234", "lijing.wuye", "马俊"),
];

/// The communities whose dispatch boards the demo fills: (code, the staff
/// member who takes reports, as timelines name her, its property company by
/// index in [`UNITS`]).
const BOARDS: [(&str, &str, usize); 3] =
    [(COMMUNITY, "刘媛媛", 1), ("141102002006", "雒新娟", 5), ("141102003005", "武小丽", 6)];

/// (region, category, unit by index in [`UNITS`], certain): 滨河街道's
/// routing, and 交通路's own for its property company and police office.
const RULES: [(&str, &str, usize, bool); 12] = [
    ("141102", "0201", 0, true),
    (COMMUNITY, "02", 1, false),
    (COMMUNITY, "0205", 1, false),
    (COMMUNITY, "08", 1, false),
    (COMMUNITY, "03", 3, true),
    ("141102001", "04", 4, false),
    ("141102001", "06", 2, true),
    ("141102001", "07", 2, true),
    ("141102002006", "02", 5, false),
    ("141102002006", "08", 5, false),
    ("141102003005", "02", 6, false),
    ("141102003005", "08", 6, false),
];

/// What happens to a demo report after it comes in.
#[derive(Clone, Copy)]
enum Then {
    /// Waits on the board.
    Nothing,
    /// Accepted, waiting for dispatch.
    Accepted,
    /// Routed by itself (a certain rule) and waiting for the unit.
    Routed,
    /// The unit started it.
    Started,
    /// The unit fed back; waiting for the check.
    Resolved,
    /// Checked and closed; the reporter has the link to rate it.
    Closed,
    /// Rated 满意 by phone.
    Satisfied,
    /// 不予受理.
    Rejected,
}

/// (category, what the reporter said, what happens then).
const REPORTS: [(&str, &str, Then); 12] = [
    ("0102", "3号楼2单元楼道里堆了旧家具，挡住了通道", Then::Nothing),
    ("05", "晚上十一点后楼下广场舞音响还很大声", Then::Nothing),
    ("0205", "5号楼电梯这两天经常停在半层，老人不敢坐", Then::Accepted),
    ("0201", "7号楼东侧路面冒水，像是地下水管破了", Then::Routed),
    ("0302", "1号楼楼道里有人给电动车充电，线拉得很长", Then::Started),
    ("07", "小区北门口有流动摊贩占道卖菜，早上堵车", Then::Resolved),
    ("0206", "交通路苑中心花园的路灯不亮已经一周了", Then::Closed),
    ("0101", "垃圾桶满了两天没人清运，有异味", Then::Satisfied),
    ("0201", "9号楼停水没有通知，什么时候恢复", Then::Closed),
    ("0401", "楼上卫生间漏水到我家天花板，协商不成", Then::Accepted),
    ("09", "想问一下老年人高龄补贴怎么申请", Then::Rejected),
    ("06", "楼顶有人私自搭建彩钢房", Then::Routed),
];

/// Sets up the units, their sign-ins and rules, and the reports.
pub async fn build(app: &App, password: &str) -> Result<usize> {
    let actor = Actor::cli();
    let mut units = Vec::new();
    for (name, kind, region, phone, login, person) in UNITS {
        let region = RegionCode::parse(region).expect("demo region codes are valid");
        let id = app
            .add_unit_by(&actor, NewUnit { name: name.into(), kind: kind.into(), region, phone: Some(phone.into()) })
            .await?;
        let member =
            NewMember { login: login.into(), display_name: person.into(), phone: None, role: UnitRole::Dispatcher };
        app.add_unit_member_by(&actor, id, member).await?;
        let account = app.account_by_login(login).await?;
        app.set_password(&actor, &account, password, false).await?;
        units.push(id);
    }
    for (region, category, unit, certain) in RULES {
        let region = RegionCode::parse(region).expect("demo region codes are valid");
        let rule = NewRule { region, category: category.into(), unit: units[unit], certain, hours: None };
        app.set_routing_rule_by(&actor, rule).await?;
    }
    let mut n = 0;
    for (b, (community, staff, property)) in BOARDS.into_iter().enumerate() {
        let staff = Actor::system(staff, "cli");
        let unit_staff = Actor::system(UNITS[property].5, "cli");
        let code = CommunityCode::parse(community).expect("a valid code");
        for (i, (category, text, then)) in REPORTS.into_iter().enumerate() {
            let report = NewReport {
                category: category.into(),
                text: text.into(),
                reporter_name: ["王丽娥", "冯金保", "郭女士", "温彩"][(i + b) % 4].into(),
                reporter_phone: Phone::parse(&format!("1390358{:04}", 1000 + 100 * b + i)).ok(),
                source: "counter".into(),
                ..NewReport::in_community(code.clone())
            };
            let (id, _) = app.report_event(&actor, None, report).await?;
            let view = |a| (a, Target::default());
            let steps: Vec<(Action, Target)> = match then {
                Then::Nothing | Then::Routed => Vec::new(),
                Then::Accepted => vec![view(Action::Accept)],
                Then::Rejected => {
                    vec![view(Action::Reject {
                        reason: "属政策咨询，已电话答复，请到窗口办理".into()
                    })]
                }
                Then::Started | Then::Resolved | Then::Closed | Then::Satisfied => {
                    dispatch_steps(app, community, category, units[property], then).await?
                }
            };
            for (action, to) in steps {
                let who = if matches!(action, Action::Start | Action::Feedback { .. }) { &unit_staff } else { &staff };
                app.act_as(who, community, id, action, &to, None).await?;
            }
            n += 1;
        }
    }
    Ok(n)
}

/// The steps of a report that a unit worked: dispatched (unless routing did),
/// started, fed back, checked and rated, as far as `then` goes.
async fn dispatch_steps(
    app: &App,
    community: &str,
    category: &str,
    property: Uuid,
    then: Then,
) -> Result<Vec<(Action, Target)>> {
    let plain = Target::default();
    let mut steps = Vec::new();
    let routed =
        matches!(app.route(community, category).await?, crate::domain::events::routing::Route::Dispatch { .. });
    if !routed {
        // The property company works what no rule sends at once.
        let to = Target { unit: Some(property), ..Target::default() };
        steps.push((Action::Accept, plain.clone()));
        steps.push((Action::Dispatch { hours: 48 }, to));
    }
    steps.push((Action::Start, plain.clone()));
    if matches!(then, Then::Started) {
        return Ok(steps);
    }
    steps.push((Action::Feedback { note: "已到现场处理完毕，附现场照片".into() }, plain.clone()));
    if matches!(then, Then::Resolved) {
        return Ok(steps);
    }
    steps.push((Action::Pass, plain.clone()));
    if matches!(then, Then::Satisfied) {
        steps.push((Action::Visit(Satisfaction::Satisfied), plain));
    }
    Ok(steps)
}
