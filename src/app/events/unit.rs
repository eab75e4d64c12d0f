//! Handler units (处置单位): the organisations events are dispatched to, with
//! their members' accounts; the routing rules (智能分拨) that name a default
//! unit per category and region; and each unit's own measures.
//!
//! A unit is kept by the heads and admins whose region covers it (a
//! community head her property company, a district admin the water
//! company). Its members sign in with the role `handler` and see only the
//! events dispatched to their unit or assigned to them.

use chrono::Utc;
use linli_store::events::unit::{MemberRow, RuleRow, UnitRow};
use serde_json::json;
use uuid::Uuid;

use crate::app::access::account::{NewAccount, covers, hash_password, initial_password, significant_prefix};
use crate::app::access::audit::record;
use crate::app::access::auth::User;
use crate::app::events::measures::MeasureRow;
use crate::app::refusal::Reason;
use crate::app::registry::household::read_scope;
use crate::app::{App, Error, Result};
use crate::domain::access::role::Role;
use crate::domain::events::routing::{Route, Rule};
use crate::domain::registry::phone::Phone;
use linli_codes::RegionCode;

/// What kinds of unit there are, by stored name.
pub const KINDS: [&str; 7] =
    ["department", "utility", "property", "police_office", "mediation", "member_unit", "community"];

/// A member's part in their unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitRole {
    /// 单位调度员: sees all the unit's tasks and assigns them.
    Dispatcher,
    /// 处置人员: works the tasks.
    Handler,
}

impl UnitRole {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            UnitRole::Dispatcher => "dispatcher",
            UnitRole::Handler => "handler",
        }
    }

    /// Reads a stored or typed name.
    pub fn parse(s: &str) -> Option<UnitRole> {
        [UnitRole::Dispatcher, UnitRole::Handler].into_iter().find(|r| r.as_str() == s.trim())
    }
}

/// A new unit as typed.
#[derive(Debug, Clone)]
pub struct NewUnit {
    /// Its name.
    pub name: String,
    /// One of [`KINDS`].
    pub kind: String,
    /// The region it works in.
    pub region: RegionCode,
    /// Its office phone.
    pub phone: Option<String>,
}

/// A new member as typed: an existing account by its login, or a new one.
#[derive(Debug, Clone)]
pub struct NewMember {
    /// A user name (new or existing) or the phone of an existing account.
    pub login: String,
    /// The name shown to others (for a new account).
    pub display_name: String,
    /// The new account's mobile number.
    pub phone: Option<Phone>,
    /// Their part.
    pub role: UnitRole,
}

/// A rule as typed.
#[derive(Debug, Clone)]
pub struct NewRule {
    /// The region it applies in.
    pub region: RegionCode,
    /// The category.
    pub category: String,
    /// The unit.
    pub unit: Uuid,
    /// Dispatch at once (certain) or only suggest.
    pub certain: bool,
    /// Deadline in hours, when not the category's.
    pub hours: Option<u32>,
}

/// A unit with its members and the rules that route to it.
#[derive(Debug, Clone)]
pub struct UnitView {
    /// The unit.
    pub row: UnitRow,
    /// Its members: (membership, display name, login).
    pub members: Vec<(MemberRow, String, String)>,
    /// The rules naming it.
    pub rules: Vec<RuleRow>,
    /// Whether the viewer may change it.
    pub may_keep: bool,
}

/// A unit's measures, among the others.
#[derive(Debug, Clone)]
pub struct UnitMeasure {
    /// The unit.
    pub unit: UnitRow,
    /// Its counts and rates.
    pub measure: MeasureRow,
    /// Average seconds from dispatch to start plus from start to feedback.
    pub avg_secs: Option<i64>,
}

/// The units' measures of a period, ranked.
#[derive(Debug, Clone)]
pub struct UnitMeasures {
    /// Ranked: on-time rate, then satisfaction, then fewer reworks.
    pub units: Vec<UnitMeasure>,
    /// Events routing suggested a unit for that were dispatched.
    pub suggested: i64,
    /// Of those, dispatched to the unit suggested.
    pub kept: i64,
}

/// The rules as routing reads them, and the active units by id with their names.
pub type RoutingTable = (Vec<Rule>, std::collections::HashMap<Uuid, String>);

/// Roles that keep units and routing rules within their region.
const KEEPERS: [Role; 4] = [Role::CommunityHead, Role::StreetAdmin, Role::DistrictAdmin, Role::SystemAdmin];

/// Whether the user keeps units somewhere (the navigation's 处置单位).
pub fn may_keep_units(user: &User) -> bool {
    user.account.grants.iter().any(|(r, _)| KEEPERS.contains(r))
}

/// Whether the user keeps units in `region` (a grant at or above it).
fn keeps(user: &User, region: &str) -> bool {
    user.account.grants.iter().any(|(r, c)| *r == Role::SystemAdmin || (KEEPERS.contains(r) && covers(c, region)))
}

/// Whether two regions overlap: one is within the other.
fn overlaps(a: &str, b: &str) -> bool {
    let (a, b) = (significant_prefix(a), significant_prefix(b));
    a.starts_with(b) || b.starts_with(a)
}

impl App {
    /// The regions the user may keep units and rules in, by code: their
    /// grants' regions and the communities served below them ((code, name)).
    pub async fn keeper_regions(&self, user: &User) -> Result<Vec<(String, String)>> {
        let mut codes: Vec<String> =
            user.account.grants.iter().filter(|(r, _)| KEEPERS.contains(r)).map(|(_, c)| c.clone()).collect();
        for (c, _) in self.communities_served().await? {
            if keeps(user, &c) {
                codes.push(c);
            }
        }
        codes.sort();
        codes.dedup();
        let refs: Vec<&str> = codes.iter().map(String::as_str).collect();
        let rows = linli_store::registry::region::get_many(self.db(), &refs).await?;
        Ok(rows.into_iter().map(|r| (r.code, r.name)).collect())
    }

    /// Regions' full names by code ((code, name)), for the units page.
    pub async fn region_names(&self, codes: &[&str]) -> Result<Vec<(String, String)>> {
        let rows = linli_store::registry::region::get_many(self.db(), codes).await?;
        Ok(rows.into_iter().map(|r| (r.code, r.name)).collect())
    }

    /// The units the user may see: those working in a region that overlaps
    /// their scope (staff dispatch to them, heads keep them); a member sees
    /// their own.
    pub async fn units(&self, user: &User) -> Result<Vec<UnitRow>> {
        let scope = read_scope(user);
        let mine: Vec<Uuid> = self.my_units(user).await?.into_iter().map(|m| m.unit_id).collect();
        Ok(linli_store::events::unit::units(self.db())
            .await?
            .into_iter()
            .filter(|u| {
                mine.contains(&u.id) || keeps(user, &u.region_code) || scope.iter().any(|p| overlaps(p, &u.region_code))
            })
            .collect())
    }

    /// The units active where an event of `community` is, for dispatch.
    pub async fn units_for(&self, community: &str) -> Result<Vec<UnitRow>> {
        Ok(linli_store::events::unit::units(self.db())
            .await?
            .into_iter()
            .filter(|u| u.active && covers(&u.region_code, community))
            .collect())
    }

    /// The units the user belongs to.
    pub async fn my_units(&self, user: &User) -> Result<Vec<MemberRow>> {
        Ok(linli_store::events::unit::memberships(self.db(), user.account.row.id).await?)
    }

    /// Adds a unit in a region the user keeps.
    pub async fn add_unit(&self, user: &User, ip: &str, new: NewUnit) -> Result<Uuid> {
        if !keeps(user, new.region.as_str()) {
            return Err(Error::Forbidden);
        }
        self.add_unit_by(&user.actor(ip), new).await
    }

    /// Adds a unit on the say of an operator (the command line, the demo).
    pub async fn add_unit_by(&self, actor: &crate::app::access::audit::Actor, new: NewUnit) -> Result<Uuid> {
        let name = new.name.trim();
        if !(2..=64).contains(&name.chars().count()) {
            return Err(Error::invalid("name", Reason::UnitName));
        }
        if !KINDS.contains(&new.kind.as_str()) {
            return Err(Error::invalid("kind", Reason::UnitKind { kinds: &KINDS }));
        }
        let phone = new.phone.as_deref().map(str::trim).filter(|p| !p.is_empty());
        if phone.is_some_and(|p| p.len() > 32 || !p.bytes().all(|b| b.is_ascii_digit() || b == b'-')) {
            return Err(Error::invalid("phone", Reason::UnitPhone));
        }
        if linli_store::registry::region::get(self.db(), new.region.as_str()).await?.is_none() {
            return Err(Error::RegionNotFound);
        }
        let row = UnitRow {
            id: Uuid::now_v7(),
            region_code: new.region.as_str().to_owned(),
            name: name.to_owned(),
            kind: new.kind.clone(),
            phone: phone.map(str::to_owned),
            active: true,
            created_at: Utc::now(),
        };
        let mut tx = self.db().begin().await?;
        linli_store::events::unit::add_unit(&mut tx, &row).await?;
        let detail = json!({ "kind": row.kind, "region": row.region_code });
        record(&mut tx, actor, "unit.add", &row.name, detail).await?;
        tx.commit().await?;
        self.cache().routing = None;
        Ok(row.id)
    }

    /// A unit as the user may see it; `NotFound` otherwise.
    pub async fn unit(&self, user: &User, id: Uuid) -> Result<UnitView> {
        let row = self.units(user).await?.into_iter().find(|u| u.id == id).ok_or(Error::NotFound("unit"))?;
        let mut members = Vec::new();
        for m in linli_store::events::unit::members(self.db(), id).await? {
            if let Some(a) = linli_store::access::account::get(self.db(), m.account_id).await? {
                let login = a.username.clone().unwrap_or_default();
                members.push((m, a.display_name, login));
            }
        }
        let rules =
            linli_store::events::unit::rules(self.db()).await?.into_iter().filter(|r| r.unit_id == id).collect();
        let may_keep = keeps(user, &row.region_code);
        Ok(UnitView { row, members, rules, may_keep })
    }

    /// Adds a member to a unit: an existing account by its login, or a new
    /// account (its initial password is returned, to hand over once). The
    /// member gets the role `handler` on the unit's region.
    pub async fn add_unit_member(&self, user: &User, ip: &str, unit: Uuid, m: NewMember) -> Result<Option<String>> {
        let view = self.unit(user, unit).await?;
        if !view.may_keep {
            return Err(Error::Forbidden);
        }
        // An existing account joins only when all it may already do lies
        // within what this keeper keeps: a community head cannot hand a
        // unit's work to the district's admin or another community's staff.
        if let Ok(a) = self.account_by_login(m.login.trim()).await {
            let grants = linli_store::access::account::grants(self.db(), a.id).await?;
            if grants.iter().any(|g| !keeps(user, &g.region_code)) {
                return Err(Error::invalid("login", Reason::MemberElsewhere));
            }
        }
        self.add_unit_member_by(&user.actor(ip), unit, m).await
    }

    /// Adds a member on the say of an operator (the command line, the demo).
    pub async fn add_unit_member_by(
        &self,
        actor: &crate::app::access::audit::Actor,
        unit: Uuid,
        m: NewMember,
    ) -> Result<Option<String>> {
        let row = linli_store::events::unit::unit(self.db(), unit).await?.ok_or(Error::NotFound("unit"))?;
        let login = m.login.trim();
        if login.is_empty() {
            return Err(Error::invalid("login", Reason::UsernameOrPhone));
        }
        let region = RegionCode::parse(&row.region_code).map_err(|_| Error::RegionNotFound)?;
        // The account (when new), its grant and the membership in one transaction.
        let mut tx = self.db().begin().await?;
        let (account, password) = match self.account_by_login(login).await {
            Ok(a) => (a, None),
            Err(Error::NotFound(_)) => {
                let new = NewAccount {
                    username: Some(login.to_owned()),
                    display_name: m.display_name.clone(),
                    phone: m.phone.clone(),
                };
                let password = initial_password();
                let a = self.insert_account(&mut tx, actor, new, hash_password(&password), true).await?;
                (a, Some(password))
            }
            Err(e) => return Err(e),
        };
        linli_store::access::account::grant(&mut tx, account.id, Role::Handler.as_str(), region.as_str()).await?;
        let member = MemberRow { unit_id: unit, account_id: account.id, role: m.role.as_str().into() };
        linli_store::events::unit::save_member(&mut tx, &member).await?;
        let detail = json!({ "unit": row.name, "role": member.role, "region": region.as_str() });
        record(&mut tx, actor, "unit.member", &account.username.clone().unwrap_or_default(), detail).await?;
        tx.commit().await?;
        self.grants_changed();
        Ok(password)
    }

    /// Takes a member out of a unit (their account stays).
    pub async fn remove_unit_member(&self, user: &User, ip: &str, unit: Uuid, account: Uuid) -> Result<()> {
        let view = self.unit(user, unit).await?;
        if !view.may_keep {
            return Err(Error::Forbidden);
        }
        // The role `handler` on the unit's region goes with the last
        // membership of a unit there, so a removed member keeps no sign-in
        // that reaches tasks.
        // Decided inside the transaction, the memberships held: two
        // removals at once (from two units of one region) would each see
        // the other's membership and neither take the role.
        let units = linli_store::events::unit::units(self.db()).await?;
        let mut tx = self.db().begin().await?;
        linli_store::events::unit::lock_memberships(&mut tx, account).await?;
        if !linli_store::events::unit::remove_member(&mut tx, unit, account).await? {
            return Err(Error::NotFound("member"));
        }
        let others = linli_store::events::unit::memberships_in(&mut tx, account).await?;
        let still_there =
            others.iter().any(|m| units.iter().any(|u| u.id == m.unit_id && u.region_code == view.row.region_code));
        if !still_there {
            linli_store::access::account::revoke(&mut tx, account, Role::Handler.as_str(), &view.row.region_code)
                .await?;
        }
        record(&mut tx, &user.actor(ip), "unit.member_removed", &view.row.name, json!({ "account": account })).await?;
        tx.commit().await?;
        self.grants_changed();
        Ok(())
    }

    /// Stops a unit the user keeps (routing and dispatch pass it by; what
    /// it already has stays its work) or resumes it.
    pub async fn set_unit_active(&self, user: &User, ip: &str, unit: Uuid, active: bool) -> Result<()> {
        let view = self.unit(user, unit).await?;
        if !view.may_keep {
            return Err(Error::Forbidden);
        }
        // Asked twice (a second tab, a repeated call): nothing to record.
        if view.row.active == active {
            return Ok(());
        }
        let mut tx = self.db().begin().await?;
        linli_store::events::unit::set_active(&mut tx, unit, active).await?;
        let what = if active { "unit.resume" } else { "unit.stop" };
        record(&mut tx, &user.actor(ip), what, &view.row.name, json!({ "unit": unit })).await?;
        tx.commit().await?;
        self.cache().routing = None;
        Ok(())
    }

    /// The routing rules the user may see (in regions overlapping their scope).
    pub async fn routing_rules(&self, user: &User) -> Result<Vec<RuleRow>> {
        let scope = read_scope(user);
        Ok(linli_store::events::unit::rules(self.db())
            .await?
            .into_iter()
            .filter(|r| keeps(user, &r.region_code) || scope.iter().any(|p| overlaps(p, &r.region_code)))
            .collect())
    }

    /// Sets who a category goes to in a region the user keeps: a unit that
    /// works there.
    pub async fn set_routing_rule(&self, user: &User, ip: &str, r: NewRule) -> Result<()> {
        if !keeps(user, r.region.as_str()) {
            return Err(Error::Forbidden);
        }
        self.set_routing_rule_by(&user.actor(ip), r).await
    }

    /// Sets a rule on the say of an operator (the command line, the demo).
    pub async fn set_routing_rule_by(&self, actor: &crate::app::access::audit::Actor, r: NewRule) -> Result<()> {
        let category =
            self.category(&r.category).await?.ok_or_else(|| Error::invalid("category", Reason::NoSuchCategory))?;
        if r.hours.is_some_and(|h| !(1..=2160).contains(&h)) {
            return Err(Error::invalid("hours", Reason::CategoryHours));
        }
        let unit = linli_store::events::unit::unit(self.db(), r.unit)
            .await?
            .filter(|u| u.active && covers(&u.region_code, r.region.as_str()))
            .ok_or_else(|| Error::invalid("unit", Reason::NoSuchUnit))?;
        let row = RuleRow {
            region_code: r.region.as_str().to_owned(),
            category_code: category.code,
            unit_id: unit.id,
            certain: r.certain,
            hours: r.hours.map(i64::from),
        };
        let mut tx = self.db().begin().await?;
        linli_store::events::unit::save_rule(&mut tx, &row).await?;
        let detail =
            json!({ "category": row.category_code, "unit": unit.name, "certain": row.certain, "hours": row.hours });
        record(&mut tx, actor, "routing.set", &row.region_code, detail).await?;
        tx.commit().await?;
        self.cache().routing = None;
        Ok(())
    }

    /// Removes the rule of a category in a region the user keeps.
    pub async fn remove_routing_rule(&self, user: &User, ip: &str, region: &RegionCode, category: &str) -> Result<()> {
        if !keeps(user, region.as_str()) {
            return Err(Error::Forbidden);
        }
        let mut tx = self.db().begin().await?;
        if !linli_store::events::unit::remove_rule(&mut tx, region.as_str(), category).await? {
            return Err(Error::NotFound("rule"));
        }
        record(&mut tx, &user.actor(ip), "routing.remove", region.as_str(), json!({ "category": category })).await?;
        tx.commit().await?;
        self.cache().routing = None;
        Ok(())
    }

    /// Where a new report of `category` in `community` goes.
    pub async fn route(&self, community: &str, category: &str) -> Result<Route> {
        Ok(self.route_named(community, category).await?.0)
    }

    /// Where a new report goes, with the name of the unit it goes to.
    pub(crate) async fn route_named(&self, community: &str, category: &str) -> Result<(Route, Option<String>)> {
        let parent = self.category(category).await?.and_then(|c| c.parent);
        let table = self.routing_table().await?;
        let route = crate::domain::events::routing::route(&table.0, community, category, parent.as_deref());
        let unit = match route {
            Route::Dispatch { unit, .. } | Route::Suggest(unit) => Some(unit),
            Route::Nobody => None,
        };
        // A rule naming a unit since stopped routes nowhere.
        match unit.map(|u| table.1.get(&u)) {
            None => Ok((route, None)),
            Some(None) => Ok((Route::Nobody, None)),
            Some(Some(name)) => Ok((route, Some(name.clone()))),
        }
    }

    /// The rules and the active units, as every report reads them (cached
    /// briefly, like the categories; a change forgets them).
    async fn routing_table(&self) -> Result<std::sync::Arc<RoutingTable>> {
        if let Some((at, t)) = &self.cache().routing
            && at.elapsed() < crate::app::CACHE_FOR
        {
            return Ok(t.clone());
        }
        let rules: Vec<Rule> = linli_store::events::unit::rules(self.db())
            .await?
            .into_iter()
            .map(|r| Rule {
                region_prefix: significant_prefix(&r.region_code).to_owned(),
                category: r.category_code,
                unit: r.unit_id,
                certain: r.certain,
                hours: r.hours.and_then(|h| u32::try_from(h).ok()),
            })
            .collect();
        let active = linli_store::events::unit::units(self.db())
            .await?
            .into_iter()
            .filter(|u| u.active)
            .map(|u| (u.id, u.name))
            .collect();
        let t = std::sync::Arc::new((rules, active));
        self.cache().routing = Some((std::time::Instant::now(), t.clone()));
        Ok(t)
    }

    /// The units' own measures over events in the user's scope reported in
    /// the days `from`–`to`, ranked.
    pub async fn unit_measures(
        &self,
        user: &User,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Result<UnitMeasures> {
        let (period, counted) = self.measure_period(from, to)?;
        let prefixes = read_scope(user);
        let tallies = linli_store::events::measure::tally_by_unit(self.db(), &prefixes, period, &counted).await?;
        let times = linli_store::events::measure::unit_step_times(self.db(), &prefixes, period).await?;
        let units = linli_store::events::unit::units(self.db()).await?;
        let mut out: Vec<UnitMeasure> = tallies
            .into_iter()
            .filter_map(|(id, tally)| {
                let unit = units.iter().find(|u| u.id == id)?.clone();
                let avgs: Vec<i64> = times.iter().filter(|t| t.0 == id).map(|t| t.2).collect();
                let avg_secs = (!avgs.is_empty()).then(|| avgs.iter().sum());
                let measure =
                    MeasureRow { name: crate::app::events::measures::GroupName::Named(unit.name.clone()), tally };
                Some(UnitMeasure { unit, measure, avg_secs })
            })
            .collect();
        let score = |m: &UnitMeasure| {
            let r = |x: Option<f64>| (x.unwrap_or(0.0) * 10_000.0) as i64;
            (r(m.measure.on_time_rate()), r(m.measure.satisfaction_rate()), -r(m.measure.rework_rate()))
        };
        out.sort_by_key(|m| std::cmp::Reverse(score(m)));
        let (suggested, kept) = linli_store::events::measure::suggestions_kept(self.db(), &prefixes, period).await?;
        Ok(UnitMeasures { units: out, suggested, kept })
    }
}
