//! The way around for a signed-in user: the places they may open (the
//! navigation every page shows) and what waits for them today (工作台, the
//! workbench they land on). Each place is offered by the same check its
//! handler makes, so a link never leads to a refusal.

use chrono::Utc;

use crate::app::access::account::significant_prefix;
use crate::app::access::auth::User;
use crate::app::registry::household::read_scope;
use crate::app::{App, Error, Result};
use crate::domain::access::role::Role;
use crate::domain::events::event::State;

/// A page of the navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// 工作台: today's to-dos.
    Workbench,
    /// 我的任务: events assigned to the user or their unit.
    Tasks,
    /// 诉求事件: the events in scope.
    Events,
    /// 走访: today's visits.
    Visits,
    /// 便民服务: applications.
    Applications,
    /// 上门预约.
    Appointments,
    /// 找人: people search.
    People,
    /// 住户.
    Households,
    /// 网格与楼栋.
    Registry,
    /// 人口统计.
    Stats,
    /// 收费窗口.
    Counter,
    /// 收费管理.
    Billing,
    /// 抄表.
    Readings,
    /// 欠费催缴.
    Arrears,
    /// 居民注册审核.
    Registrations,
    /// 导入居民.
    Import,
    /// 巡查上报 (a grid worker's patrol report) or 反映问题 (a resident's).
    Report,
    /// 消息.
    Inbox,
    /// 审计日志.
    Audit,
    /// 诉求类别.
    Categories,
    /// 走访规则.
    Rules,
    /// 服务事项.
    ServiceItems,
    /// 处置单位 and routing.
    Units,
    /// 我的家庭.
    MyHousehold,
    /// 我的账单.
    MyBills,
    /// 我的诉求.
    MyReports,
    /// 我的办事.
    MyApplications,
    /// 我的预约.
    MyAppointments,
    /// 通知公告: what staff publish, and who has read it.
    Notices,
    /// 社区通知: what reached the resident's household.
    MyNotices,
    /// 社区活动: what is on, registering, putting one on.
    Activities,
    /// 场地预约: the centre's rooms.
    Rooms,
    /// 爱心回音壁: residents' wishes and who takes them up.
    Wall,
    /// 志愿服务: volunteers and their hours.
    Volunteers,
    /// 积分: points, the shop, study items.
    Points,
    /// 三清单: the joint meeting's needs, resources and projects.
    Joint,
    /// 助农展销: the produce counter.
    Produce,
    /// 日间照料: the elderly day care centre.
    DayCare,
    /// 电子阅览: the reading room and the cloud bookmark.
    Reading,
    /// 矛盾调解: disputes, petitions and the 三零 figures.
    Mediation,
    /// 大脑中枢: the dashboard of an area.
    Dashboard,
    /// 一表通: the standing reports, filled from the data.
    Reports,
}

/// Every place, in the order the navigation lists them.
pub const PLACES: [Place; 42] = [
    Place::Workbench,
    Place::Dashboard,
    Place::Tasks,
    Place::Events,
    Place::Visits,
    Place::Applications,
    Place::Appointments,
    Place::People,
    Place::Households,
    Place::Registry,
    Place::Notices,
    Place::Activities,
    Place::Rooms,
    Place::Wall,
    Place::Volunteers,
    Place::Points,
    Place::Joint,
    Place::Produce,
    Place::DayCare,
    Place::Reading,
    Place::Mediation,
    Place::Stats,
    Place::Reports,
    Place::Counter,
    Place::Billing,
    Place::Readings,
    Place::Arrears,
    Place::Registrations,
    Place::Import,
    Place::Report,
    Place::MyHousehold,
    Place::MyBills,
    Place::MyReports,
    Place::MyApplications,
    Place::MyAppointments,
    Place::MyNotices,
    Place::Inbox,
    Place::Audit,
    Place::Categories,
    Place::Rules,
    Place::ServiceItems,
    Place::Units,
];

impl Place {
    /// Its address.
    pub fn path(self) -> &'static str {
        match self {
            Place::Workbench => "/workbench",
            Place::Tasks => "/events?view=mine",
            Place::Units => "/units",
            Place::Events => "/events",
            Place::Visits => "/visits",
            Place::Applications => "/applications",
            Place::Appointments => "/appointments",
            Place::People => "/people",
            Place::Households => "/households",
            Place::Registry => "/registry",
            Place::Stats => "/stats",
            Place::Counter => "/counter",
            Place::Billing => "/billing",
            Place::Readings => "/readings",
            Place::Arrears => "/arrears",
            Place::Registrations => "/admin/registrations",
            Place::Import => "/import",
            Place::Report => "/report",
            Place::Inbox => "/inbox",
            Place::Audit => "/admin/audit",
            Place::Categories => "/admin/categories",
            Place::Rules => "/admin/rules",
            Place::ServiceItems => "/admin/services",
            Place::MyHousehold => "/my/household",
            Place::MyBills => "/my/bills",
            Place::MyReports => "/my/reports",
            Place::MyApplications => "/my/applications",
            Place::MyAppointments => "/my/appointments",
            Place::Notices => "/notices",
            Place::MyNotices => "/my/notices",
            Place::Activities => "/activities",
            Place::Rooms => "/rooms",
            Place::Wall => "/wall",
            Place::Volunteers => "/volunteers",
            Place::Points => "/points",
            Place::Joint => "/joint",
            Place::Produce => "/produce",
            Place::DayCare => "/daycare",
            Place::Reading => "/reading",
            Place::Mediation => "/mediation",
            Place::Dashboard => "/dashboard",
            Place::Reports => "/reports",
        }
    }

    /// Its key, for texts and element ids.
    pub fn key(self) -> &'static str {
        match self {
            Place::Workbench => "workbench",
            Place::Tasks => "tasks",
            Place::Units => "units",
            Place::Events => "events",
            Place::Visits => "visits",
            Place::Applications => "applications",
            Place::Appointments => "appointments",
            Place::People => "people",
            Place::Households => "households",
            Place::Registry => "registry",
            Place::Stats => "stats",
            Place::Counter => "counter",
            Place::Billing => "billing",
            Place::Readings => "readings",
            Place::Arrears => "arrears",
            Place::Registrations => "registrations",
            Place::Import => "import",
            Place::Report => "report",
            Place::Inbox => "inbox",
            Place::Audit => "audit",
            Place::Categories => "categories",
            Place::Rules => "rules",
            Place::ServiceItems => "items",
            Place::MyHousehold => "my-household",
            Place::MyBills => "my-bills",
            Place::MyReports => "my-reports",
            Place::MyApplications => "my-applications",
            Place::MyAppointments => "my-appointments",
            Place::Notices => "notices",
            Place::MyNotices => "my-notices",
            Place::Activities => "activities",
            Place::Rooms => "rooms",
            Place::Wall => "wall",
            Place::Volunteers => "volunteers",
            Place::Points => "points",
            Place::Joint => "joint",
            Place::Produce => "produce",
            Place::DayCare => "daycare",
            Place::Reading => "reading",
            Place::Mediation => "mediation",
            Place::Dashboard => "dashboard",
            Place::Reports => "reports",
        }
    }
}

fn has(user: &User, roles: &[Role]) -> bool {
    user.account.grants.iter().any(|(r, _)| roles.contains(r))
}

/// Staff who work households and events: grid workers, community staff and heads.
pub fn works_somewhere(user: &User) -> bool {
    has(user, &[Role::GridWorker, Role::CommunityStaff, Role::CommunityHead])
}

/// Staff or heads of at least a whole community: the counter, billing and
/// readings (the bills pages' `communities_worked`).
pub fn bills_somewhere(user: &User) -> bool {
    user.account
        .grants
        .iter()
        .any(|(r, c)| matches!(r, Role::CommunityStaff | Role::CommunityHead) && significant_prefix(c).len() <= 12)
}

/// Community staff and heads: they import residents' sheets and verify
/// residents' registrations.
pub fn keeps_register(user: &User) -> bool {
    has(user, &[Role::CommunityStaff, Role::CommunityHead])
}

/// District and system admins: the audit log, the category tree, visit
/// rules and the service catalogue, the same for the whole district.
pub fn keeps_district(user: &User) -> bool {
    has(user, &[Role::SystemAdmin, Role::DistrictAdmin])
}

/// Residents (and anyone signed in without a staff role): their own pages.
fn lives_here(user: &User) -> bool {
    has(user, &[Role::Resident]) || !user.account.is_staff()
}

/// Whether the navigation offers `place` to `user`: the check its page makes.
pub fn may_open(user: &User, place: Place) -> bool {
    let reads = !read_scope(user).is_empty();
    match place {
        Place::Workbench | Place::Inbox => true,
        Place::Tasks => works_somewhere(user) || has(user, &[Role::Handler]),
        Place::Units => crate::app::events::unit::may_keep_units(user) || keeps_register(user),
        Place::Events
        | Place::People
        | Place::Households
        | Place::Registry
        | Place::Stats
        | Place::Applications
        | Place::Dashboard
        | Place::Reports => reads,
        // A grid worker reminds the households of her grids that owe.
        Place::Visits | Place::Appointments | Place::Arrears => works_somewhere(user),
        Place::Counter | Place::Billing | Place::Readings => bills_somewhere(user),
        Place::Registrations | Place::Import => keeps_register(user),
        Place::Report => lives_here(user) || has(user, &[Role::GridWorker]),
        Place::Audit => keeps_district(user),
        Place::Categories | Place::ServiceItems => crate::app::events::category::may_edit(user),
        Place::Rules => crate::app::services::visit::may_set_rules(user),
        Place::Notices => reads || crate::app::life::notice::publishes(user),
        // Residents take part; staff and the centres' keepers run them.
        Place::Activities | Place::Rooms | Place::Wall | Place::Volunteers => {
            reads || crate::app::life::runs_somewhere(user) || lives_here(user)
        }
        // Residents hold points; the centres keep the shop and the counter.
        Place::Points => crate::app::life::runs_somewhere(user) || lives_here(user),
        // The centre, its member units' people (handlers) and residents (在职党员 among them).
        Place::Joint => {
            reads || crate::app::life::runs_somewhere(user) || lives_here(user) || has(user, &[Role::Handler])
        }
        // Anyone may buy; the centres keep the counter, merchants their own products.
        Place::Produce => crate::app::life::runs_somewhere(user) || lives_here(user) || has(user, &[Role::Merchant]),
        // The centres keep it; residents book meals for themselves or their elders.
        Place::DayCare => crate::app::life::runs_somewhere(user) || lives_here(user),
        Place::Reading => crate::app::life::runs_somewhere(user) || lives_here(user),
        // Keepers, heads, grid workers (that a case exists), the police office
        // and the mediation committee; street admins for the 三零 figures.
        Place::Mediation => crate::app::mediation::sees_cases(user),
        Place::MyHousehold
        | Place::MyBills
        | Place::MyReports
        | Place::MyApplications
        | Place::MyAppointments
        | Place::MyNotices => lives_here(user),
    }
}

/// The places `user` may open, in order.
pub fn places(user: &User) -> Vec<Place> {
    PLACES.into_iter().filter(|p| may_open(user, *p)).collect()
}

/// Every count the workbench may show (their words are the web layer's).
pub const TODO_KEYS: [&str; 22] = [
    "to_accept",
    "to_dispatch",
    "to_verify",
    "to_revisit",
    "my_tasks",
    "overdue",
    "visits_due",
    "appointments_new",
    "applications_waiting",
    "registrations_waiting",
    "bookings_waiting",
    "wishes_raised",
    "hours_waiting",
    "exchanges_waiting",
    "wishes_to_answer",
    "wishes_on",
    "to_reconcile",
    "bills_owed",
    "appointments_coming",
    "reports_open",
    "notices_unread",
    "cases_open",
];

/// One count of the workbench, with the list it opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Todo {
    /// What it counts: one of [`TODO_KEYS`].
    pub key: &'static str,
    /// How many.
    pub count: i64,
    /// The filtered list.
    pub href: String,
}

impl Todo {
    fn new(key: &'static str, count: i64, href: &str) -> Todo {
        debug_assert!(TODO_KEYS.contains(&key), "{key} is not a workbench count");
        Todo { key, count, href: href.to_owned() }
    }
}

impl App {
    /// Today's to-dos of `user`, each only for those who can act on it and
    /// counted within their scope (a grid worker's are her grids').
    pub async fn workbench(&self, user: &User) -> Result<Vec<Todo>> {
        let mut out = Vec::new();
        let scope = read_scope(user);
        let todo = |key, count, href: &str| Todo::new(key, count, href);
        // Theirs: assigned to them or to their unit (staff, grid workers, handler units).
        if works_somewhere(user) || has(user, &[Role::Handler]) {
            out.push(todo("my_tasks", self.my_task_count(user).await?, "/events?view=mine"));
        }
        if !scope.is_empty() {
            let at = |rows: &[(String, i64)], s: State| rows.iter().find(|(k, _)| k == s.as_str()).map_or(0, |r| r.1);
            let all = linli_store::events::event::count_by_state(self.db(), &scope, false).await?;
            if works_somewhere(user) {
                let grid_only = has(user, &[Role::GridWorker]) && !keeps_register(user);
                if !grid_only {
                    out.push(todo("to_accept", at(&all, State::Reported), "/events?view=board&state=reported"));
                    out.push(todo("to_dispatch", at(&all, State::Accepted), "/events?view=board&state=accepted"));
                    // The handler says it is done: staff check it (核查), then ask the reporter (回访).
                    out.push(todo("to_verify", at(&all, State::Resolved), "/events?view=board&state=resolved"));
                    out.push(todo("to_revisit", at(&all, State::Closed), "/events?view=board&state=closed"));
                }
            }
            let late = linli_store::events::event::count_by_state(self.db(), &scope, true).await?;
            let open_late = late.iter().filter(|(s, _)| State::parse(s).is_some_and(|s| s.open311() == "open"));
            out.push(todo("overdue", open_late.map(|(_, n)| n).sum(), "/events?view=late"));
            if works_somewhere(user) {
                let due = self.due_visits(user, None, Utc::now()).await?;
                out.push(todo("visits_due", count(due.len()), "/visits"));
                // Asked for by residents and not yet given a day (at most the list's 500).
                let open = self.appointments(user, crate::domain::time::day(Utc::now())).await?;
                let asked = open.iter().filter(|a| a.state == "requested").count();
                out.push(todo("appointments_new", count(asked), "/appointments"));
            }
            let waiting = self.applications_waiting(user).await?;
            if let Some(n) = waiting {
                out.push(todo("applications_waiting", n, "/applications?waiting=1"));
            }
        }
        if keeps_register(user) {
            let n = self.pending_registrations(user).await?.len();
            out.push(todo("registrations_waiting", count(n), "/admin/registrations"));
            let n = self.bookings_waiting(user).await?.len();
            out.push(todo("bookings_waiting", count(n), "/rooms#waiting"));
            let n = self.hours_waiting(user).await?.len();
            out.push(todo("hours_waiting", count(n), "/volunteers#waiting"));
            let n = self.exchanges_to_collect(user).await?.len();
            out.push(todo("exchanges_waiting", count(n), "/shop#waiting"));
        }
        if works_somewhere(user) {
            out.push(todo("wishes_raised", self.wishes_raised(user).await?, "/wall"));
        }
        // The mediation cases the user keeps or takes part in, still running.
        if crate::app::mediation::sees_cases(user) {
            let open = self.cases(user, true).await?.iter().filter(|c| c.opens).count();
            if open > 0 {
                out.push(todo("cases_open", count(open), "/mediation"));
            }
        }
        if lives_here(user) {
            self.resident_todos(user, &mut out).await?;
        }
        if bills_somewhere(user) {
            let today = crate::domain::time::day(Utc::now());
            let mut n = 0;
            let mut first = None;
            for c in self.communities_served().await?.into_iter().map(|(c, _)| c) {
                if crate::app::registry::household::works(user, &c) {
                    let r = self.reconcile(user, &Error::community(&c)?, today).await?;
                    n += r.providers.iter().map(|p| p.differences.len()).sum::<usize>();
                    first.get_or_insert(c);
                }
            }
            if let Some(c) = first {
                let href = format!("/billing/reconciliation?community={c}");
                out.push(todo("to_reconcile", count(n), &href));
            }
        }
        Ok(out)
    }

    /// A resident's own to-dos: bills still owed, home visits asked for or
    /// coming, and reports still being handled.
    async fn resident_todos(&self, user: &User, out: &mut Vec<Todo>) -> Result<()> {
        let owed = self
            .my_homes(user)
            .await?
            .iter()
            .flat_map(|(_, bills, _)| bills)
            .filter(|b| b.ledger.owed().fen() > 0)
            .count();
        out.push(Todo::new("bills_owed", count(owed), "/my/bills"));
        let coming = self
            .my_appointments(user)
            .await?
            .iter()
            .filter(|a| matches!(a.state.as_str(), "requested" | "scheduled"))
            .count();
        out.push(Todo::new("appointments_coming", count(coming), "/my/appointments"));
        let open = self
            .my_reports(user)
            .await?
            .iter()
            .filter(|e| State::parse(&e.state).is_some_and(|s| s.open311() == "open"))
            .count();
        out.push(Todo::new("reports_open", count(open), "/my/reports"));
        out.push(Todo::new("notices_unread", count(self.my_unread_notices(user).await?), "/my/notices"));
        // Offered and waiting for her yes, or done and waiting for her thanks.
        let (asked, taken) = self.my_wishes(user).await?;
        let answer = asked.iter().filter(|w| matches!(w.status.as_str(), "claimed" | "done")).count();
        out.push(Todo::new("wishes_to_answer", count(answer), "/wall#mine"));
        if !self.my_volunteering(user).await?.is_empty() {
            // A volunteer's: offered and waiting, or taken up and not yet done.
            let on = taken.iter().filter(|w| matches!(w.status.as_str(), "claimed" | "taken")).count();
            out.push(Todo::new("wishes_on", count(on), "/wall#mine"));
        }
        Ok(())
    }
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}
