//! Arrears (欠费): the houses that owe once their bills' grace periods have
//! passed, a page at a time and filtered; and reminders (催缴), shown before
//! they go, sent at most once a day to a person and within the community's
//! daily limit, counted in the same transaction that queues them.

use chrono::Utc;
use linli_store::bills::arrears::{self as store, ArrearPlace, ArrearRow, ArrearsFilter, ArrearsTotal};
use serde_json::json;
use uuid::Uuid;

use crate::app::access::audit::record;
use crate::app::access::auth::User;
use crate::app::refusal::Reason;
use crate::app::registry::household::works;
use crate::app::{App, Error, Result};
use crate::domain::bills::arrears::{Owing, owing_if_issued_before, reminder_text};
use crate::domain::money::Fen;
use crate::domain::registry::region::{CommunityCode, GridCode};

/// Houses on a page of arrears, unless asked otherwise.
pub const PAGE: u64 = 50;

/// The most houses a page may hold.
pub const MAX_PAGE: u64 = 200;

/// The subject reminders are filed under in the outbox.
const SUBJECT: &str = "缴费提醒";

/// What an arrears list is asked for: the region and the filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArrearsAsk {
    /// A grid of the community (or none: all it holds in the caller's scope).
    pub grid: Option<GridCode>,
    /// Only this building.
    pub building: Option<Uuid>,
    /// At least this many months owed (1–120).
    pub min_months: Option<i64>,
    /// At least this much owed in all.
    pub min_owed: Option<Fen>,
}

/// One reminder as it would go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    /// The house it is for.
    pub house: Uuid,
    /// Its recipient in the outbox (`person:…`).
    pub recipient: String,
    /// Its text, exactly.
    pub text: String,
}

/// The reminders a send would make, and what the community may still send.
#[derive(Debug, Clone)]
pub struct ReminderPlan {
    /// One per household reached.
    pub reminders: Vec<Reminder>,
    /// Houses in arrears under the filters.
    pub houses: i64,
    /// Of them, without anyone reachable by phone.
    pub unreachable: i64,
    /// Of them, reminded already today.
    pub reminded_today: i64,
    /// Reminders the community has sent today.
    pub sent_today: i64,
    /// Reminders it may send a day.
    pub limit: i64,
}

impl ReminderPlan {
    /// Reminders the community may still send today.
    pub fn left(&self) -> i64 {
        (self.limit - self.sent_today).max(0)
    }
}

impl App {
    /// A page (from 0, of `size` houses, at most [`MAX_PAGE`]) of the
    /// houses of a community that owe money, most first, with what the
    /// whole list comes to: for staff of the community and the grid's workers.
    pub async fn arrears(
        &self,
        user: &User,
        community: &CommunityCode,
        ask: &ArrearsAsk,
        (page, size): (u64, u64),
    ) -> Result<(Vec<ArrearRow>, ArrearsTotal)> {
        let f = self.arrears_filter(user, community, ask).await?;
        let community = community.as_str();
        let size = size.clamp(1, MAX_PAGE);
        let rows = store::arrears(self.db(), community, &f, (page.saturating_mul(size), Some(size))).await?;
        let total = store::arrears_total(self.db(), community, &f).await?;
        Ok((rows, total))
    }

    /// The buildings (with their grids) that have houses in arrears in the
    /// region asked: what the filters offer.
    pub async fn arrears_places(
        &self,
        user: &User,
        community: &CommunityCode,
        ask: &ArrearsAsk,
    ) -> Result<Vec<ArrearPlace>> {
        let f = self.arrears_filter(user, community, ask).await?;
        Ok(store::arrears_places(self.db(), community.as_str(), &f).await?)
    }

    /// The filter of an ask: its region narrowed to the caller's scope, and
    /// each fee item's grace period as of today.
    async fn arrears_filter(&self, user: &User, community: &CommunityCode, ask: &ArrearsAsk) -> Result<ArrearsFilter> {
        let under = Self::arrears_under(user, community.as_str(), ask.grid.as_ref().map(GridCode::as_str))?;
        let min_months = ask.min_months.unwrap_or(1);
        let min_owed = ask.min_owed.unwrap_or(Fen::ZERO);
        if !(1..=120).contains(&min_months) || min_owed < Fen::ZERO {
            return Err(Error::invalid("months", Reason::ArrearsFilter));
        }
        let today = crate::domain::time::day(Utc::now());
        let owing_before = self
            .fee_items(community)
            .await?
            .into_iter()
            .map(|f| {
                let day = owing_if_issued_before(today, f.grace_days);
                (f.code, crate::domain::time::day_bounds(day).0)
            })
            .collect();
        Ok(ArrearsFilter { under, building: ask.building, min_months, min_owed: min_owed.fen(), owing_before })
    }

    /// The region an arrears list covers: the grid or community asked for,
    /// narrowed to the caller's scope.
    fn arrears_under(user: &User, community: &str, grid: Option<&str>) -> Result<String> {
        let scope = crate::app::registry::household::read_scope(user);
        let grid = grid.map(str::trim).filter(|g| !g.is_empty());
        if let Some(g) = grid
            && (!g.starts_with(community) || !g.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(Error::invalid("grid", Reason::GridOutsideCommunity));
        }
        let asked = grid.unwrap_or(community);
        // Within scope: the caller's scope covers what was asked, or what was
        // asked lies inside the caller's (narrower) scope — then only that.
        if scope.iter().any(|p| asked.starts_with(p.as_str())) {
            Ok(asked.to_owned())
        } else if let Some(p) = scope.iter().find(|p| p.starts_with(asked)) {
            Ok(p.clone())
        } else {
            Err(Error::NotFound("community"))
        }
    }

    /// The reminders a send would make now, exactly as they would go, and
    /// how many the community may still send today (for the confirmation).
    pub async fn reminder_plan(
        &self,
        user: &User,
        community: &CommunityCode,
        ask: &ArrearsAsk,
    ) -> Result<ReminderPlan> {
        let f = self.arrears_filter(user, community, ask).await?;
        let community = community.as_str();
        if !works(user, &f.under) {
            return Err(Error::Forbidden);
        }
        let day = crate::domain::time::day(Utc::now()).to_string();
        let sent_today = linli_store::bills::reminder::sent_on(self.db(), community, &day).await?;
        // Read in a transaction that writes nothing, as the send reads it.
        let mut tx = self.db().begin().await?;
        let plan = self.plan(&mut tx, community, &f, sent_today).await;
        tx.rollback().await?;
        plan
    }

    async fn plan(
        &self,
        tx: &mut linli_store::Tx,
        community: &str,
        f: &ArrearsFilter,
        sent_today: i64,
    ) -> Result<ReminderPlan> {
        let now = Utc::now();
        let midnight = crate::domain::time::day_bounds(crate::domain::time::day(now)).0;
        let today = linli_store::notify::outbox::notified_since(tx, community, SUBJECT, midnight).await?;
        let rows = store::arrears(self.db(), community, f, (0, None)).await?;
        let houses: Vec<Uuid> = rows.iter().map(|r| r.house_id).collect();
        let mut first: std::collections::HashMap<Uuid, (Uuid, String)> = std::collections::HashMap::new();
        for (house, person, name) in
            linli_store::bills::house::reachable_in_houses(self.db(), community, &houses).await?
        {
            first.entry(house).or_insert((person, name));
        }
        let mut plan = ReminderPlan {
            reminders: Vec::new(),
            houses: rows.len() as i64,
            unreachable: 0,
            reminded_today: 0,
            sent_today,
            limit: self.sms_daily_limit(),
        };
        for r in &rows {
            let Some((person, name)) = first.get(&r.house_id) else {
                plan.unreachable += 1;
                continue;
            };
            let recipient = format!("person:{community}:{person}");
            if today.contains(&recipient) {
                plan.reminded_today += 1;
                continue;
            }
            let owing = Owing {
                name,
                address: format!("{} {}-{}", r.building, r.unit, r.room),
                since: &r.since,
                bills: r.bills,
                owed: Fen::new(r.owed),
            };
            plan.reminders.push(Reminder { house: r.house_id, recipient, text: reminder_text(&owing) });
        }
        Ok(plan)
    }

    /// Sends a payment reminder (催缴) by SMS, through the outbox, to a
    /// reachable person of each house in arrears under the filters, once a
    /// day at most; `expected` is the count the sender confirmed (a send
    /// that would now differ is refused). Past the community's daily limit
    /// nothing goes, and the refusal says how many may. Returns how many went.
    pub async fn remind_arrears(
        &self,
        user: &User,
        ip: &str,
        community: &CommunityCode,
        ask: &ArrearsAsk,
        expected: Option<i64>,
    ) -> Result<usize> {
        let f = self.arrears_filter(user, community, ask).await?;
        let community = community.as_str();
        if !works(user, &f.under) {
            return Err(Error::Forbidden);
        }
        let now = Utc::now();
        let day = crate::domain::time::day(now).to_string();
        let mut tx = self.db().begin().await?;
        // The day's count is held from here to commit: a second send waits.
        let sent_today = linli_store::bills::reminder::sent_today_locked(&mut tx, community, &day).await?;
        let plan = self.plan(&mut tx, community, &f, sent_today).await?;
        let n = plan.reminders.len() as i64;
        if expected.is_some_and(|e| e != n) {
            tx.rollback().await?;
            return Err(Error::invalid("expected", Reason::RemindersChanged { now: n }));
        }
        if n > plan.left() || !linli_store::bills::reminder::count_sent(&mut tx, community, &day, n, plan.limit).await?
        {
            tx.rollback().await?;
            let reason = Reason::ReminderDailyLimit { asked: n, left: plan.left(), limit: plan.limit };
            return Err(Error::invalid("daily_limit", reason));
        }
        for r in &plan.reminders {
            let n = linli_store::notify::outbox::Notification {
                community_id: community.to_owned(),
                id: Uuid::now_v7(),
                channel: "sms".into(),
                recipient: r.recipient.clone(),
                subject: SUBJECT.into(),
                body: r.text.clone(),
                event_id: None,
                created_at: now,
                sent_at: None,
            };
            linli_store::notify::outbox::notify(&mut tx, &n).await?;
        }
        let detail = json!({ "grid": ask.grid.as_ref().map(GridCode::as_str), "building": ask.building, "min_months": ask.min_months,
            "min_owed": ask.min_owed.map(Fen::fen), "houses": plan.houses, "sent": n });
        record(&mut tx, &user.actor(ip), "bill.remind", community, detail).await?;
        tx.commit().await?;
        Ok(plan.reminders.len())
    }
}
