//! Rooms (场地预约): staff keep a community's rooms; residents, association
//! leaders and staff book them, once or every week; a room that needs
//! approval keeps a booking waiting until staff approve it. The database
//! refuses any overlap (see `linli_store::life::room`); a series checks
//! every date and says which were skipped and why.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use linli_store::life::room::{self as store, BookingRow, RoomRow};
use serde_json::json;
use uuid::Uuid;

use super::runs;
use crate::app::access::audit::record;
use crate::app::access::auth::User;
use crate::app::refusal::Reason;
use crate::app::{App, Error, Result};
use crate::domain::life::room::{self, Booker, Hours, Occurrence, RoomProblem, Series, Skip};
use crate::domain::time;

/// The most bookings a resident holds at once.
pub const RESIDENT_HELD_MAX: i64 = 3;

/// A room as written.
#[derive(Debug, Clone)]
pub struct NewRoom {
    /// Its community.
    pub community: String,
    /// Name.
    pub name: String,
    /// Places.
    pub capacity: i64,
    /// Opens.
    pub opens: NaiveTime,
    /// Closes.
    pub closes: NaiveTime,
    /// Opening days as bits (Monday is 1).
    pub days: u8,
    /// Bookings wait for approval.
    pub needs_approval: bool,
    /// Rules of use.
    pub rules: String,
    /// Equipment.
    pub equipment: String,
}

/// A booking as asked for: one date, or a weekly series.
#[derive(Debug, Clone)]
pub struct NewBooking {
    /// The date (the first date of a series).
    pub day: NaiveDate,
    /// Starts.
    pub start: NaiveTime,
    /// Ends.
    pub end: NaiveTime,
    /// What for.
    pub purpose: String,
    /// For an association the user leads.
    pub association: Option<Uuid>,
    /// A series: its last date, its weekdays (bits) and the dates left out.
    pub repeat: Option<(NaiveDate, u8, Vec<NaiveDate>)>,
}

/// What a booking (or series) came to.
#[derive(Debug, Clone)]
pub struct Booked {
    /// The bookings made.
    pub made: Vec<BookingRow>,
    /// The dates skipped, and why.
    pub skipped: Vec<(NaiveDate, Skip)>,
}

fn problem(p: RoomProblem) -> Error {
    let field = match p {
        RoomProblem::Name => "name",
        RoomProblem::Capacity => "capacity",
        RoomProblem::Hours | RoomProblem::NoDay => "opens",
        RoomProblem::Text => "rules",
        RoomProblem::Purpose => "purpose",
        RoomProblem::EndBeforeStart | RoomProblem::TooLong | RoomProblem::EndOffGrain => "end",
        RoomProblem::OffGrain | RoomProblem::OutsideHours => "start",
        RoomProblem::ClosedDay | RoomProblem::Past | RoomProblem::TooFarAhead => "day",
        RoomProblem::SeriesTooLarge | RoomProblem::SeriesEmpty => "until",
    };
    Error::invalid(field, Reason::Room(p))
}

fn hours_of(r: &RoomRow) -> Hours {
    Hours::from_stored(r.opens, r.closes, r.days)
}

fn check_room(n: &NewRoom) -> Result<(String, Hours)> {
    let name = n.name.trim();
    if name.is_empty() || name.chars().count() > room::NAME_MAX {
        return Err(problem(RoomProblem::Name));
    }
    if n.capacity < 1 || n.capacity > room::CAPACITY_MAX {
        return Err(problem(RoomProblem::Capacity));
    }
    if n.rules.chars().count() > room::TEXT_MAX || n.equipment.chars().count() > room::TEXT_MAX {
        return Err(problem(RoomProblem::Text));
    }
    let hours = Hours::new(n.opens, n.closes, n.days).map_err(problem)?;
    Ok((name.to_owned(), hours))
}

/// Local times of a stretch, as a refusal says them.
fn taken(b: &BookingRow) -> Reason {
    Reason::RoomTaken { from: time::shown_minute(b.starts_at), to: time::shown_minute(b.ends_at) }
}

impl App {
    /// Adds a room to a community the user runs.
    pub async fn add_room(&self, user: &User, ip: &str, n: NewRoom) -> Result<RoomRow> {
        if !runs(user, &n.community) || n.community.len() != 12 {
            return Err(Error::Forbidden);
        }
        let (name, hours) = check_room(&n)?;
        let row = RoomRow {
            id: Uuid::now_v7(),
            community_id: n.community.clone(),
            name,
            capacity: n.capacity,
            opens: hours.opens().into(),
            closes: hours.closes().into(),
            days: hours.days().into(),
            needs_approval: n.needs_approval,
            rules: n.rules.trim().to_owned(),
            equipment: n.equipment.trim().to_owned(),
            active: true,
            created_by: user.account.shown_name(),
            created_at: Utc::now(),
        };
        let mut tx = self.db().begin().await?;
        if let Err(e) = store::add(&mut tx, &row).await {
            return Err(match e {
                linli_store::Error::Conflict { .. } => problem(RoomProblem::Name),
                e => e.into(),
            });
        }
        record(
            &mut tx,
            &user.actor(ip),
            "room.add",
            &row.id.to_string(),
            json!({ "name": row.name, "community": row.community_id }),
        )
        .await?;
        tx.commit().await?;
        Ok(row)
    }

    /// Changes a room's settings (bookings made stay as they are).
    pub async fn edit_room(&self, user: &User, ip: &str, id: Uuid, n: NewRoom, active: bool) -> Result<RoomRow> {
        let old = self.room(user, id).await?;
        if !runs(user, &old.community_id) {
            return Err(Error::Forbidden);
        }
        let (name, hours) = check_room(&n)?;
        let row = RoomRow {
            name,
            capacity: n.capacity,
            opens: hours.opens().into(),
            closes: hours.closes().into(),
            days: hours.days().into(),
            needs_approval: n.needs_approval,
            rules: n.rules.trim().to_owned(),
            equipment: n.equipment.trim().to_owned(),
            active,
            ..old
        };
        let mut tx = self.db().begin().await?;
        match store::update(&mut tx, &row).await {
            Err(linli_store::Error::Conflict { .. }) => return Err(problem(RoomProblem::Name)),
            r => r?,
        };
        record(&mut tx, &user.actor(ip), "room.edit", &id.to_string(), json!({ "name": row.name, "active": active }))
            .await?;
        tx.commit().await?;
        Ok(row)
    }

    /// The rooms the user sees: staff those of their area, residents those
    /// of the communities they live in.
    pub async fn rooms(&self, user: &User) -> Result<Vec<RoomRow>> {
        let scope = self.life_scope(user).await?;
        Ok(store::in_communities(self.db(), &scope).await?)
    }

    /// One room the user sees.
    pub async fn room(&self, user: &User, id: Uuid) -> Result<RoomRow> {
        let r = store::by_id(self.db(), id).await?.ok_or(Error::NotFound("room"))?;
        let scope = self.life_scope(user).await?;
        if !scope.iter().any(|p| r.community_id.starts_with(&p[..p.len().min(12)])) {
            return Err(Error::NotFound("room"));
        }
        Ok(r)
    }

    /// A room's bookings over the days from `from` (local), `days` of them.
    pub async fn room_days(
        &self,
        user: &User,
        id: Uuid,
        from: NaiveDate,
        days: i64,
    ) -> Result<(RoomRow, Vec<BookingRow>)> {
        let r = self.room(user, id).await?;
        let start = time::zone().day_start(from);
        let end = time::zone().day_start(from + Duration::days(days.clamp(1, 31)));
        let list = store::between(self.db(), id, start, end).await?;
        Ok((r, list))
    }

    /// How the user books in a community: as its staff, as an association's
    /// leader (for that association), or as a resident living there.
    async fn booker(&self, user: &User, community: &str, association: Option<Uuid>) -> Result<Booker> {
        if let Some(a) = association {
            let a = linli_store::life::association::by_id(self.db(), a).await?.ok_or(Error::NotFound("association"))?;
            if a.community_id != community || !(a.leader_id == user.account.row.id || runs(user, community)) {
                return Err(Error::Forbidden);
            }
            return Ok(Booker::Staff);
        }
        if runs(user, community) {
            return Ok(Booker::Staff);
        }
        if self.own_people(user).await?.iter().any(|p| p.community_id == community) {
            return Ok(Booker::Resident);
        }
        Err(Error::invalid("room", Reason::NotLivingHere))
    }

    /// Books a room once, or every chosen weekday until a date. Each date
    /// is checked; a series skips the dates left out, closed, past or
    /// taken and lists them; a single booking that is taken is refused.
    pub async fn book_room(&self, user: &User, ip: &str, room_id: Uuid, b: NewBooking) -> Result<Booked> {
        let r = self.room(user, room_id).await?;
        if !r.active {
            return Err(Error::invalid("room", Reason::RoomClosed));
        }
        let booker = self.booker(user, &r.community_id, b.association).await?;
        let purpose = room::purpose(&b.purpose).map_err(problem)?;
        let now = Utc::now();
        let zone = time::zone();
        let hours = hours_of(&r);
        let dates: Vec<Occurrence> = match &b.repeat {
            None => {
                let (start, end) =
                    room::check_one(zone, hours, booker, now, (b.day, b.start, b.end)).map_err(problem)?;
                vec![Occurrence { day: b.day, start, end, skip: None }]
            }
            // Only staff and associations book a series.
            Some(_) if booker == Booker::Resident => return Err(Error::Forbidden),
            Some((until, days, except)) => {
                let s = Series {
                    from: b.day,
                    until: *until,
                    days: *days,
                    start: b.start,
                    end: b.end,
                    except: except.clone(),
                };
                room::expand(zone, hours, &s, now).map_err(problem)?
            }
        };
        let status = if r.needs_approval && !runs(user, &r.community_id) { "pending" } else { "confirmed" };
        let series = b.repeat.is_some().then(Uuid::now_v7);
        // On PostgreSQL a booking made at the same moment can take a quarter
        // hour between our look and our write: the key refuses it, and a
        // series looks again (a single booking is simply taken).
        for attempt in 0..3 {
            let mut tx = self.db().begin().await?;
            // Counted under the account's lock: two bookings at once see each other.
            if booker == Booker::Resident {
                store::lock_booker(&mut tx, user.account.row.id).await?;
            }
            if booker == Booker::Resident
                && store::held_by(&mut tx, user.account.row.id, now).await? >= RESIDENT_HELD_MAX
            {
                return Err(Error::invalid("day", Reason::TooManyBookings { most: RESIDENT_HELD_MAX }));
            }
            let (lo, hi) = match (dates.first(), dates.last()) {
                (Some(f), Some(l)) => (room::slots(f.start, f.end).start, room::slots(l.start, l.end).end),
                _ => return Err(problem(RoomProblem::SeriesEmpty)),
            };
            let holders = store::holders(&mut tx, room_id, lo, hi).await?;
            let mut made = Vec::new();
            let mut skipped = Vec::new();
            for o in &dates {
                let slots = room::slots(o.start, o.end);
                let skip = o.skip.clone().or_else(|| {
                    holders.iter().find(|(s, _)| slots.contains(s)).map(|(_, h)| Skip::Taken(h.purpose.clone()))
                });
                if let Some(why) = skip {
                    if series.is_none() {
                        let h = holders.iter().find(|(s, _)| slots.contains(s)).map(|(_, h)| h);
                        return Err(Error::invalid("start", h.map_or(Reason::Room(RoomProblem::Past), taken)));
                    }
                    skipped.push((o.day, why));
                    continue;
                }
                made.push(BookingRow {
                    id: Uuid::now_v7(),
                    room_id,
                    community_id: r.community_id.clone(),
                    series_id: series,
                    starts_at: o.start,
                    ends_at: o.end,
                    purpose: purpose.clone(),
                    booked_by: user.account.shown_name(),
                    account_id: user.account.row.id,
                    association_id: b.association,
                    activity_id: None,
                    status: status.into(),
                    decided_by: None,
                    reason: None,
                    created_at: now,
                });
            }
            if made.is_empty() {
                // Every date skipped: say the reason a date was taken, if one was.
                let reason = holders.first().map_or(Reason::Room(RoomProblem::SeriesEmpty), |(_, h)| taken(h));
                return Err(Error::invalid("day", reason));
            }
            let mut overlap = false;
            for m in &made {
                if let Err(e) = store::book(&mut tx, m, room::slots(m.starts_at, m.ends_at)).await {
                    if store::is_overlap(&e) {
                        overlap = true;
                        break;
                    }
                    return Err(e.into());
                }
            }
            if overlap {
                tx.rollback().await?;
                if series.is_none() || attempt == 2 {
                    let mut tx = self.db().begin().await?;
                    let m = &made[0];
                    let slots = room::slots(m.starts_at, m.ends_at);
                    let h = store::holders(&mut tx, room_id, slots.start, slots.end).await?;
                    tx.rollback().await?;
                    let reason = h.first().map_or(Reason::Room(RoomProblem::Past), |(_, h)| taken(h));
                    return Err(Error::invalid("start", reason));
                }
                continue;
            }
            let detail = json!({
                "room": r.name, "purpose": purpose, "status": status, "series": series,
                "dates": made.iter().map(|m| zone.date(m.starts_at)).collect::<Vec<_>>(),
                "skipped": skipped.len(),
            });
            let target = series.unwrap_or(made[0].id).to_string();
            record(&mut tx, &user.actor(ip), "room.book", &target, detail).await?;
            tx.commit().await?;
            return Ok(Booked { made, skipped });
        }
        unreachable!("the loop returns on its last try")
    }

    /// Cancels a booking (or, with `series`, every booking still to come of
    /// its series): its booker, or staff of its community.
    pub async fn cancel_booking(&self, user: &User, ip: &str, id: Uuid, series: bool) -> Result<usize> {
        let b = store::booking(self.db(), id).await?.ok_or(Error::NotFound("booking"))?;
        let staff = runs(user, &b.community_id);
        if b.account_id != user.account.row.id && !staff {
            return Err(Error::NotFound("booking"));
        }
        let mut tx = self.db().begin().await?;
        let now = Utc::now();
        let list = match (series, b.series_id) {
            (true, Some(s)) => store::series_in(&mut tx, s).await?.into_iter().filter(|x| x.starts_at > now).collect(),
            _ => vec![b.clone()],
        };
        let who = user.account.shown_name();
        let mut n = 0;
        for x in &list {
            if store::release(&mut tx, x.id, "cancelled", &who, None).await? {
                n += 1;
            }
        }
        record(&mut tx, &user.actor(ip), "room.cancel", &id.to_string(), json!({ "cancelled": n, "series": series }))
            .await?;
        tx.commit().await?;
        Ok(n)
    }

    /// Staff approve or refuse a booking waiting for approval (a refusal
    /// says why; the booker is told in their inbox).
    pub async fn decide_booking(&self, user: &User, ip: &str, id: Uuid, approve: bool, reason: &str) -> Result<()> {
        let b = store::booking(self.db(), id).await?.ok_or(Error::NotFound("booking"))?;
        if !runs(user, &b.community_id) {
            return Err(Error::Forbidden);
        }
        let reason = reason.trim();
        if !approve && (reason.chars().count() < 2 || reason.chars().count() > 200) {
            return Err(Error::invalid("reason", Reason::SayWhy));
        }
        let who = user.account.shown_name();
        let mut tx = self.db().begin().await?;
        // A weekly series is asked for as a whole and answered as a whole.
        let ids: Vec<Uuid> = match b.series_id {
            Some(s) => store::series_in(&mut tx, s)
                .await?
                .into_iter()
                .filter(|x| x.status == "pending")
                .map(|x| x.id)
                .collect(),
            None => vec![id],
        };
        let mut done = 0;
        for x in &ids {
            let ok = if approve {
                store::approve(&mut tx, *x, &who).await?
            } else {
                store::release(&mut tx, *x, "refused", &who, Some(reason)).await?
            };
            done += usize::from(ok);
        }
        if done == 0 {
            tx.rollback().await?;
            return Err(Error::invalid("do", Reason::NotFound));
        }
        let room_name = store::by_id(self.db(), b.room_id).await?.map(|r| r.name).unwrap_or_default();
        let when = format!("{}–{}", time::shown_minute(b.starts_at), time::zone().local(b.ends_at).format("%H:%M"));
        let text = if approve {
            format!("您预约的{room_name}（{when}，{}）已通过。", b.purpose)
        } else {
            format!("您预约的{room_name}（{when}，{}）未通过：{reason}", b.purpose)
        };
        tell(&mut tx, &b.community_id, b.account_id, "场地预约", &text).await?;
        let action = if approve { "room.approve" } else { "room.refuse" };
        record(&mut tx, &user.actor(ip), action, &id.to_string(), json!({ "reason": reason })).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Bookings waiting for the user's approval.
    pub async fn bookings_waiting(&self, user: &User) -> Result<Vec<BookingRow>> {
        let runs_in = super::centres(user);
        Ok(store::waiting(self.db(), &runs_in, Utc::now()).await?)
    }

    /// The user's own bookings that have not ended.
    pub async fn my_bookings(&self, user: &User) -> Result<Vec<BookingRow>> {
        Ok(store::of_account(self.db(), user.account.row.id, Utc::now() - Duration::hours(1), 100).await?)
    }

    /// One booking, for its booker or staff of its community.
    pub async fn booking(&self, user: &User, id: Uuid) -> Result<BookingRow> {
        let b = store::booking(self.db(), id).await?.ok_or(Error::NotFound("booking"))?;
        if b.account_id != user.account.row.id && !runs(user, &b.community_id) {
            return Err(Error::NotFound("booking"));
        }
        Ok(b)
    }
}

/// An inbox message to an account, inside the caller's transaction.
pub(crate) async fn tell(
    tx: &mut linli_store::Tx,
    community: &str,
    account: Uuid,
    subject: &str,
    body: &str,
) -> Result<()> {
    let now = Utc::now();
    let n = linli_store::notify::outbox::Notification {
        community_id: community.to_owned(),
        id: Uuid::now_v7(),
        channel: "inbox".into(),
        recipient: format!("account:{account}"),
        subject: subject.to_owned(),
        body: body.to_owned(),
        event_id: None,
        created_at: now,
        sent_at: Some(now),
    };
    linli_store::notify::outbox::notify(tx, &n).await?;
    Ok(())
}

/// When a booking starts, as a local date and time.
pub fn starts_local(b: &BookingRow) -> DateTime<chrono::FixedOffset> {
    time::zone().local(b.starts_at)
}
