//! Points (学习积分 / 志愿积分): earned by study items, confirmed volunteer
//! hours and activities attended; exchanged in the points shop; given to a
//! family member; expiring oldest first after the months the community
//! sets. A balance never goes below zero and nothing earns twice: every
//! change runs under the person's balance lock and carries a key that can
//! be used once.

mod shop;
mod study;

use chrono::{DateTime, Utc};
use linli_store::Tx;
use linli_store::life::points::{self as store, EntryRow, ExchangeRow, LotRow, SettingRow, ShopItemRow, StudyItemRow};
use linli_store::registry::person::PersonRow;
use serde_json::json;
use uuid::Uuid;

use super::runs;
use crate::app::access::audit::record;
use crate::app::access::auth::User;
use crate::app::refusal::Reason;
use crate::app::{App, Error, Result};
use crate::domain::life::audio;
use crate::domain::life::points::{self, Kind, Lot, Rules};
use crate::domain::time;

/// A change of someone's points, as the ledger writes it.
#[derive(Debug, Clone)]
pub(crate) struct Move<'a> {
    /// Whose.
    pub person: Uuid,
    /// Their community.
    pub community: &'a str,
    /// Why, as a kind.
    pub kind: Kind,
    /// Why, in words (the activity, the item …).
    pub reason: &'a str,
    /// What earned or spent it: once.
    pub key: Option<String>,
    /// Who made the change.
    pub by: &'a str,
}

/// Why a spend did not happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Spent {
    /// Taken (the parts returned beside it carry each lot's expiry, which
    /// a gift passes on and a refund keeps).
    Done,
    /// They hold fewer points.
    Short {
        /// What they hold.
        have: i64,
    },
    /// The key was used already.
    Again,
}

fn lots_of(rows: &[LotRow]) -> Vec<Lot> {
    rows.iter().map(|l| Lot { id: l.id, remaining: l.remaining, expires_at: l.expires_at }).collect()
}

/// Locks the balance and takes off what has expired; returns the balance.
async fn open(tx: &mut Tx, m: &Move<'_>, now: DateTime<Utc>) -> Result<(i64, Vec<LotRow>)> {
    let mut balance = store::lock(tx, m.person, m.community, now).await?;
    let mut rows = store::lots(tx, m.person).await?;
    let gone = points::expired(&lots_of(&rows), now);
    let total: i64 = gone.iter().map(|(_, n)| n).sum();
    if total > 0 {
        for (lot, _) in &gone {
            store::set_remaining(tx, lot.id, 0).await?;
        }
        balance -= total;
        store::set_balance(tx, m.person, balance).await?;
        let e = entry(m.person, m.community, now, -total, balance, Kind::Expire, "", None, "linli");
        store::add_entry(tx, &e).await?;
        rows.retain(|r| !gone.iter().any(|(l, _)| l.id == r.id));
    }
    Ok((balance, rows))
}

#[allow(clippy::too_many_arguments)]
fn entry(
    person: Uuid,
    community: &str,
    at: DateTime<Utc>,
    delta: i64,
    balance_after: i64,
    kind: Kind,
    reason: &str,
    key: Option<String>,
    by: &str,
) -> EntryRow {
    EntryRow {
        id: Uuid::now_v7(),
        person_id: person,
        community_id: community.to_owned(),
        at,
        delta,
        balance_after,
        kind: kind.key().into(),
        reason: reason.chars().take(200).collect(),
        ref_key: key,
        by_name: by.chars().take(64).collect(),
    }
}

/// Adds points in lots expiring as given; returns the new balance, or
/// `None` when the key was used already.
async fn credit(
    tx: &mut Tx,
    m: &Move<'_>,
    parts: &[(Option<DateTime<Utc>>, i64)],
    now: DateTime<Utc>,
) -> Result<Option<i64>> {
    let (mut balance, _) = open(tx, m, now).await?;
    if let Some(k) = &m.key
        && store::has_ref(tx, k).await?
    {
        return Ok(None);
    }
    let mut total = 0;
    for (expires_at, n) in parts.iter().filter(|(_, n)| *n > 0) {
        let lot = LotRow {
            id: Uuid::now_v7(),
            person_id: m.person,
            amount: *n,
            remaining: *n,
            earned_at: now,
            expires_at: *expires_at,
        };
        store::add_lot(tx, &lot).await?;
        total += n;
    }
    balance += total;
    store::set_balance(tx, m.person, balance).await?;
    store::add_entry(tx, &entry(m.person, m.community, now, total, balance, m.kind, m.reason, m.key.clone(), m.by))
        .await?;
    Ok(Some(balance))
}

/// Earns points by doing something, within the day's cap; returns what was
/// granted (0 when the cap was reached or the thing earned already).
pub(crate) async fn earn(tx: &mut Tx, rules: &Rules, m: &Move<'_>, wanted: i64, now: DateTime<Utc>) -> Result<i64> {
    if wanted <= 0 {
        return Ok(0);
    }
    // Locks first, so that two earnings at once count each other.
    open(tx, m, now).await?;
    let (from, _) = time::day_bounds(time::day(now));
    let today = store::earned_since(tx, m.person, from).await?;
    let n = rules.within_cap(wanted, today);
    if n == 0 {
        return Ok(0);
    }
    Ok(match credit(tx, m, &[(rules.expiry(now), n)], now).await? {
        Some(_) => n,
        None => 0,
    })
}

/// Takes `amount` points, oldest first; the lots' expiries with what was
/// taken of each when done.
pub(crate) async fn spend(
    tx: &mut Tx,
    m: &Move<'_>,
    amount: i64,
    now: DateTime<Utc>,
) -> Result<(Spent, Vec<(Option<DateTime<Utc>>, i64)>)> {
    let (balance, rows) = open(tx, m, now).await?;
    if let Some(k) = &m.key
        && store::has_ref(tx, k).await?
    {
        return Ok((Spent::Again, Vec::new()));
    }
    let Some(parts) = points::take(&lots_of(&rows), amount, now) else {
        return Ok((Spent::Short { have: balance }, Vec::new()));
    };
    for (lot, n) in &parts {
        store::set_remaining(tx, lot.id, lot.remaining - n).await?;
    }
    let after = balance - amount;
    store::set_balance(tx, m.person, after).await?;
    store::add_entry(tx, &entry(m.person, m.community, now, -amount, after, m.kind, m.reason, m.key.clone(), m.by))
        .await?;
    Ok((Spent::Done, parts.into_iter().map(|(l, n)| (l.expires_at, n)).collect()))
}

fn short(have: i64, need: i64) -> Error {
    Error::invalid("points", Reason::NotEnoughPoints { have, need })
}

/// Someone's points as they (or staff) see them.
#[derive(Debug, Clone)]
pub struct PointsView {
    /// Whose.
    pub person: PersonRow,
    /// What they hold.
    pub balance: i64,
    /// The latest movements.
    pub entries: Vec<EntryRow>,
    /// Their exchanges.
    pub exchanges: Vec<ExchangeRow>,
    /// The family members they may give points to: (person, name).
    pub family: Vec<(Uuid, String)>,
    /// The community's rules.
    pub rules: Rules,
}

/// A study item as a reader sees it.
#[derive(Debug, Clone)]
pub struct StudyView {
    /// The item.
    pub item: StudyItemRow,
    /// When the reader opened it.
    pub opened_at: Option<DateTime<Utc>>,
    /// When they finished it.
    pub done_at: Option<DateTime<Utc>>,
    /// The reader runs its centre (sees its QR code).
    pub may_manage: bool,
}

/// A shop item as written.
#[derive(Debug, Clone, Default)]
pub struct NewItem {
    /// The community.
    pub community: String,
    /// Name.
    pub name: String,
    /// More about it.
    pub about: String,
    /// What one costs.
    pub points: i64,
    /// How many there are.
    pub stock: i64,
    /// Who gave them.
    pub given_by: String,
}

/// A study item as written.
#[derive(Debug, Clone, Default)]
pub struct NewStudy {
    /// The community.
    pub community: String,
    /// Title.
    pub title: String,
    /// The text or transcript.
    pub body: String,
    /// Minutes it takes.
    pub minutes: i64,
    /// Points for finishing it (0: the community's rule).
    pub points: i64,
    /// A recording to listen to (有声党建): MP3 or M4A; its length sets the
    /// time it takes, and the text becomes its transcript (may be empty).
    pub audio: Option<Vec<u8>>,
}

/// How long after its first opening a study item may be finished: a text
/// its minutes; a recording two thirds of its length, since players offer
/// 1.5× speed.
pub fn study_seconds(item: &StudyItemRow) -> i64 {
    match item.audio_seconds {
        Some(s) => s * 2 / 3,
        None => item.minutes * 60,
    }
}

fn rules_of(s: Option<SettingRow>) -> Rules {
    s.map_or_else(Rules::default, |s| Rules {
        study: s.study,
        per_hour: s.per_hour,
        activity: s.activity,
        daily_cap: s.daily_cap,
        expire_months: u32::try_from(s.expire_months).unwrap_or(0),
        raise_days: s.raise_days,
    })
}

/// A six-digit code said at the counter.
pub(crate) fn pickup_code() -> String {
    let t = crate::app::system::keys::random_token();
    let n = t.bytes().fold(0u32, |a, b| a.wrapping_mul(31).wrapping_add(u32::from(b)));
    format!("{:06}", n % 1_000_000)
}

impl App {
    /// A community's rules for points (the defaults until staff set them).
    pub async fn points_rules(&self, community: &str) -> Result<Rules> {
        Ok(rules_of(store::setting(self.db(), community).await?))
    }

    /// Staff of a community set its rules.
    pub async fn set_points_rules(&self, user: &User, ip: &str, community: &str, r: Rules) -> Result<()> {
        if community.len() != 12 || !runs(user, community) {
            return Err(Error::Forbidden);
        }
        r.check().map_err(|p| Error::invalid("rules", Reason::PointsRules(p)))?;
        let row = SettingRow {
            community_id: community.to_owned(),
            study: r.study,
            per_hour: r.per_hour,
            activity: r.activity,
            daily_cap: r.daily_cap,
            expire_months: i64::from(r.expire_months),
            raise_days: r.raise_days,
            updated_by: user.account.shown_name(),
            updated_at: Utc::now(),
        };
        let mut tx = self.db().begin().await?;
        store::set_setting(&mut tx, &row).await?;
        record(
            &mut tx,
            &user.actor(ip),
            "points.rules",
            community,
            json!({
                "study": r.study, "per_hour": r.per_hour, "activity": r.activity,
                "daily_cap": r.daily_cap, "expire_months": r.expire_months, "raise_days": r.raise_days,
            }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The person whose points the user holds: theirs, in `community` when given.
    pub(crate) async fn own_person(&self, user: &User, community: Option<&str>) -> Result<PersonRow> {
        self.own_people(user)
            .await?
            .into_iter()
            .find(|p| community.is_none_or(|c| p.community_id == c))
            .ok_or(Error::invalid("person", Reason::NotLivingHere))
    }

    /// A person staff may handle the points of (in a community they run).
    async fn person_run(&self, user: &User, person: Uuid) -> Result<PersonRow> {
        for c in self.community_codes_under(&super::centres(user)).await? {
            if runs(user, &c)
                && let Some(p) = linli_store::registry::person::person_in(self.db(), &c, person).await?
            {
                return Ok(p);
            }
        }
        Err(Error::NotFound("person"))
    }

    async fn points_of(&self, person: PersonRow) -> Result<PointsView> {
        let balance = store::balance(self.db(), person.id).await?;
        let entries = store::entries(self.db(), person.id, 100).await?;
        let exchanges = store::exchanges_of(self.db(), &[person.id], 50).await?;
        let housemates =
            linli_store::registry::person::people_of(self.db(), &[(person.community_id.clone(), person.household_id)])
                .await?;
        let family = housemates
            .into_iter()
            .filter(|p| p.id != person.id && p.status == "active")
            .map(|p| (p.id, p.name))
            .collect();
        let rules = self.points_rules(&person.community_id).await?;
        Ok(PointsView { person, balance, entries, exchanges, family, rules })
    }

    /// The user's own points.
    pub async fn my_points(&self, user: &User) -> Result<PointsView> {
        let p = self.own_person(user, None).await?;
        self.points_of(p).await
    }

    /// A resident's points, for staff of their community and the grid
    /// workers of their grid (audited).
    pub async fn person_points(&self, user: &User, ip: &str, person: Uuid) -> Result<PointsView> {
        let p = match self.person_run(user, person).await {
            Ok(p) => p,
            Err(Error::NotFound(_)) => self.person_for_wish(user, person).await?,
            Err(e) => return Err(e),
        };
        let mut tx = self.db().begin().await?;
        record(&mut tx, &user.actor(ip), "points.view", &person.to_string(), json!({})).await?;
        tx.commit().await?;
        self.points_of(p).await
    }

    /// Staff put a mistake right: a new entry, either way, with the reason;
    /// never below zero.
    pub async fn correct_points(&self, user: &User, ip: &str, person: Uuid, delta: i64, reason: &str) -> Result<i64> {
        let p = self.person_run(user, person).await?;
        if delta == 0 || !(-10_000..=10_000).contains(&delta) {
            return Err(Error::invalid("delta", Reason::PointsAmount));
        }
        let reason = reason.trim();
        if !(2..=200).contains(&reason.chars().count()) {
            return Err(Error::invalid("reason", Reason::SayWhy));
        }
        let by = user.account.shown_name();
        let m = Move { person: p.id, community: &p.community_id, kind: Kind::Correction, reason, key: None, by: &by };
        let now = Utc::now();
        let rules = self.points_rules(&p.community_id).await?;
        let mut tx = self.db().begin().await?;
        if delta > 0 {
            credit(&mut tx, &m, &[(rules.expiry(now), delta)], now).await?;
        } else if let (Spent::Short { have }, _) = spend(&mut tx, &m, -delta, now).await? {
            tx.rollback().await?;
            return Err(short(have, -delta));
        }
        record(
            &mut tx,
            &user.actor(ip),
            "points.correct",
            &p.id.to_string(),
            json!({ "delta": delta, "reason": reason }),
        )
        .await?;
        tx.commit().await?;
        Ok(store::balance(self.db(), p.id).await?)
    }

    /// A resident gives points to someone of their household; the points
    /// keep their expiry.
    pub async fn give_points(&self, user: &User, ip: &str, to: Uuid, amount: i64) -> Result<()> {
        let me = self.own_person(user, None).await?;
        let v = self.points_of(me.clone()).await?;
        let Some((_, to_name)) = v.family.iter().find(|(id, _)| *id == to) else {
            return Err(Error::invalid("to", Reason::NotFamily));
        };
        if !(1..=100_000).contains(&amount) {
            return Err(Error::invalid("amount", Reason::PointsAmount));
        }
        let by = user.account.shown_name();
        let now = Utc::now();
        let out = Move {
            person: me.id,
            community: &me.community_id,
            kind: Kind::GiftOut,
            reason: to_name,
            key: None,
            by: &by,
        };
        let mut tx = self.db().begin().await?;
        // Both balances are locked in one order (by id), so that two gifts
        // the other way round cannot wait on each other.
        let (first, second) = if me.id < to { (me.id, to) } else { (to, me.id) };
        store::lock(&mut tx, first, &me.community_id, now).await?;
        store::lock(&mut tx, second, &me.community_id, now).await?;
        let (spent, parts) = spend(&mut tx, &out, amount, now).await?;
        if let Spent::Short { have } = spent {
            tx.rollback().await?;
            return Err(short(have, amount));
        }
        let inn =
            Move { person: to, community: &me.community_id, kind: Kind::GiftIn, reason: &me.name, key: None, by: &by };
        credit(&mut tx, &inn, &parts, now).await?;
        record(&mut tx, &user.actor(ip), "points.give", &me.id.to_string(), json!({ "to": to, "amount": amount }))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Takes off every point that has expired (the minute loop runs it;
    /// spending does it for the spender first anyway). Returns how many
    /// people lost points.
    pub async fn expire_points(&self, now: DateTime<Utc>) -> Result<usize> {
        let people = store::with_expired(self.db(), now, 500).await?;
        for (person, community) in &people {
            let mut tx = self.db().begin().await?;
            let m = Move { person: *person, community, kind: Kind::Expire, reason: "", key: None, by: "linli" };
            open(&mut tx, &m, now).await?;
            tx.commit().await?;
        }
        Ok(people.len())
    }

    // The shop.
}
