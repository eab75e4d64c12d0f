//! Activities (活动): staff and association leaders put one on (holding its
//! room in the same transaction); residents register and are confirmed
//! while places last, waitlisted after, and moved up in order when someone
//! cancels; at the door they check in by scanning its QR code (or staff
//! tick them on the list); a reminder with date, time and place reaches
//! them a day before; calendar apps subscribe to their activities.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use linli_store::life::activity::{self as store, ActivityRow, RegistrationRow};
use serde_json::json;
use uuid::Uuid;

use super::room::tell;
use super::runs;
use crate::app::access::audit::record;
use crate::app::access::auth::User;
use crate::app::refusal::Reason;
use crate::app::{App, Error, Result};
use crate::domain::life::activity::{self, ActivityProblem, OpenTo, Standing};
use crate::domain::life::ical::{self, Entry};
use crate::domain::life::room::{self as room_rules, Booker, RoomProblem};
use crate::domain::time;

/// An activity as written.
#[derive(Debug, Clone)]
pub struct NewActivity {
    /// Its community.
    pub community: String,
    /// The association organising it (its leader or staff put it on).
    pub association: Option<Uuid>,
    /// Title.
    pub title: String,
    /// Description.
    pub body: String,
    /// A room of the community (its name becomes the place).
    pub room: Option<Uuid>,
    /// Where, when it has no room.
    pub place: String,
    /// The day.
    pub day: NaiveDate,
    /// Starts.
    pub start: NaiveTime,
    /// Ends.
    pub end: NaiveTime,
    /// Registration closes (at the start when not given).
    pub deadline: Option<DateTime<Utc>>,
    /// Places.
    pub capacity: i64,
    /// Who may register.
    pub open_to: OpenTo,
    /// On the community's public page and calendar.
    pub public: bool,
    /// How many weeks running (1: once).
    pub weeks: u8,
}

/// An activity as a reader sees it.
#[derive(Debug, Clone)]
pub struct ActivityView {
    /// The activity.
    pub row: ActivityRow,
    /// The reader's registration (not cancelled).
    pub mine: Option<RegistrationRow>,
    /// The reader's place on the waitlist (1 is next).
    pub waiting_place: Option<usize>,
    /// Everyone registered, for its organiser and staff.
    pub list: Vec<RegistrationRow>,
    /// The reader organises it or runs the centre.
    pub may_manage: bool,
    /// The reader may register now.
    pub may_register: bool,
    /// How many wait.
    pub waiting: usize,
}

fn problem(p: ActivityProblem) -> Error {
    let field = match p {
        ActivityProblem::Title => "title",
        ActivityProblem::Body => "body",
        ActivityProblem::Place => "place",
        ActivityProblem::Capacity => "capacity",
        ActivityProblem::End => "end",
        ActivityProblem::Start => "day",
        ActivityProblem::Deadline => "deadline",
        ActivityProblem::Ages | ActivityProblem::Tag | ActivityProblem::OpenKind => "open_to",
        ActivityProblem::Weeks => "weeks",
    };
    Error::invalid(field, Reason::Activity(p))
}

/// Date, time and place as a reminder says them.
fn when_where(a: &ActivityRow) -> String {
    let z = time::zone();
    format!("{}–{}，地点：{}", time::shown_minute(a.starts_at), z.local(a.ends_at).format("%H:%M"), a.place)
}

impl App {
    /// Whether the user organises `a`: staff of its community, or the
    /// leader of its association.
    async fn organises(&self, user: &User, community: &str, association: Option<Uuid>) -> Result<bool> {
        if runs(user, community) {
            return Ok(true);
        }
        match association {
            Some(id) => Ok(linli_store::life::association::by_id(self.db(), id)
                .await?
                .is_some_and(|x| x.leader_id == user.account.row.id && x.community_id == community)),
            None => Ok(false),
        }
    }

    /// Puts an activity on; with a room, the room is booked for it in the
    /// same transaction (a taken room refuses the activity).
    pub async fn add_activity(&self, user: &User, ip: &str, n: NewActivity) -> Result<ActivityRow> {
        if n.community.len() != 12 || !self.organises(user, &n.community, n.association).await? {
            return Err(Error::Forbidden);
        }
        let room = match n.room {
            Some(r) => {
                let room = linli_store::life::room::by_id(self.db(), r).await?.ok_or(Error::NotFound("room"))?;
                if room.community_id != n.community {
                    return Err(Error::NotFound("room"));
                }
                Some(room)
            }
            None => None,
        };
        let place = room.as_ref().map_or(n.place.clone(), |r| r.name.clone());
        let (title, body, place) = activity::words(&n.title, &n.body, &place).map_err(problem)?;
        let capacity = activity::capacity(n.capacity).map_err(problem)?;
        let now = Utc::now();
        let zone = time::zone();
        if n.end <= n.start {
            return Err(problem(ActivityProblem::End));
        }
        let starts = zone.instant(n.day.and_time(n.start));
        let ends = zone.instant(n.day.and_time(n.end));
        let deadline = activity::when(now, starts, ends, n.deadline).map_err(problem)?;
        let organiser = match n.association {
            Some(a) => linli_store::life::association::by_id(self.db(), a).await?.map(|x| x.name).unwrap_or_default(),
            None => {
                self.short_names(std::slice::from_ref(&n.community)).await?.remove(&n.community).unwrap_or_default()
            }
        };
        if !(1..=activity::WEEKS_MAX).contains(&n.weeks) {
            return Err(problem(ActivityProblem::Weeks));
        }
        let series = (n.weeks > 1).then(Uuid::now_v7);
        let mut tx = self.db().begin().await?;
        let mut first = None;
        // A weekly series: each week its own activity (and registrations),
        // its room booked for each; one taken week refuses the whole series.
        for week in 0..i64::from(n.weeks) {
            let shift = chrono::Duration::days(7 * week);
            let day = n.day + shift;
            let row = ActivityRow {
                id: Uuid::now_v7(),
                community_id: n.community.clone(),
                association_id: n.association,
                series_id: series,
                title: title.clone(),
                body: body.clone(),
                place: place.clone(),
                room_id: n.room,
                starts_at: starts + shift,
                ends_at: ends + shift,
                deadline: deadline + shift,
                capacity,
                open_to: n.open_to.stored(),
                public: n.public,
                seq: 0,
                confirmed: 0,
                cancelled_at: None,
                check_token: crate::app::system::keys::random_token(),
                reminded_at: None,
                organiser: organiser.clone(),
                created_by: user.account.shown_name(),
                created_at: now,
            };
            store::add(&mut tx, &row).await?;
            if let Some(r) = &room {
                let (s, e) =
                    room_rules::check_one(zone, linli_store_hours(r), Booker::Staff, now, (day, n.start, n.end))
                        .map_err(|p| {
                            Error::invalid(
                                if p == RoomProblem::OutsideHours { "start" } else { "day" },
                                Reason::Room(p),
                            )
                        })?;
                let b = linli_store::life::room::BookingRow {
                    id: Uuid::now_v7(),
                    room_id: r.id,
                    community_id: r.community_id.clone(),
                    series_id: series,
                    starts_at: s,
                    ends_at: e,
                    purpose: row.title.clone(),
                    booked_by: user.account.shown_name(),
                    account_id: user.account.row.id,
                    association_id: n.association,
                    activity_id: Some(row.id),
                    status: "confirmed".into(),
                    decided_by: None,
                    reason: None,
                    created_at: now,
                };
                if let Err(err) = linli_store::life::room::book(&mut tx, &b, room_rules::slots(s, e)).await {
                    tx.rollback().await?;
                    if linli_store::life::room::is_overlap(&err) {
                        let reason = Reason::RoomTaken { from: time::shown_minute(s), to: time::shown_minute(e) };
                        return Err(Error::invalid("room", reason));
                    }
                    return Err(err.into());
                }
            }
            first.get_or_insert(row);
        }
        let row = first.ok_or(Error::NotFound("activity"))?;
        record(
            &mut tx,
            &user.actor(ip),
            "activity.add",
            &row.id.to_string(),
            json!({ "title": row.title, "capacity": capacity, "room": n.room, "weeks": n.weeks, "series": series }),
        )
        .await?;
        tx.commit().await?;
        Ok(row)
    }

    /// The activities the user sees that have not ended: staff those of
    /// their area, residents those where they live.
    pub async fn activities(&self, user: &User) -> Result<Vec<ActivityRow>> {
        let scope = self.life_scope(user).await?;
        Ok(store::upcoming(self.db(), &scope, Utc::now(), false, 200).await?)
    }

    /// A community's public activities that have not ended.
    pub async fn public_activities(&self, community: &str) -> Result<Vec<ActivityRow>> {
        Ok(store::upcoming(self.db(), &[community.to_owned()], Utc::now(), true, 50).await?)
    }

    async fn visible_activity(&self, user: &User, id: Uuid) -> Result<ActivityRow> {
        let a = store::by_id(self.db(), id).await?.ok_or(Error::NotFound("activity"))?;
        let scope = self.life_scope(user).await?;
        if !scope.iter().any(|p| a.community_id.starts_with(&p[..p.len().min(12)])) {
            return Err(Error::NotFound("activity"));
        }
        Ok(a)
    }

    /// Whether one of the user's people may take part: living in the
    /// community and admitted by the activity's rule.
    async fn admitted(&self, user: &User, a: &ActivityRow) -> Result<bool> {
        let people = self.own_people(user).await?;
        let rule = OpenTo::from_stored(&a.open_to);
        let member = match (rule == OpenTo::Members, a.association_id) {
            (true, Some(assoc)) => linli_store::life::association::of_account(self.db(), user.account.row.id)
                .await?
                .iter()
                .any(|(x, s)| *x == assoc && s == "member"),
            _ => false,
        };
        let day = time::day(a.starts_at);
        Ok(people.iter().any(|p| p.community_id == a.community_id && rule.admits(p.birth_month, &p.tags, member, day)))
    }

    /// One activity, with the reader's registration, and the list for its organisers.
    pub async fn activity(&self, user: &User, id: Uuid) -> Result<ActivityView> {
        let row = self.visible_activity(user, id).await?;
        let all = store::registrations(self.db(), id).await?;
        let me = user.account.row.id;
        let mine = all.iter().find(|r| r.account_id == me && r.standing != "cancelled").cloned();
        let waiting_list: Vec<&RegistrationRow> = all.iter().filter(|r| r.standing == "waitlisted").collect();
        let waiting_place = waiting_list.iter().position(|r| r.account_id == me).map(|p| p + 1);
        let waiting = waiting_list.len();
        let may_manage = self.organises(user, &row.community_id, row.association_id).await?;
        let open = row.cancelled_at.is_none() && Utc::now() <= row.deadline;
        let may_register = open && mine.is_none() && self.admitted(user, &row).await?;
        let list = if may_manage { all } else { Vec::new() };
        Ok(ActivityView { row, mine, waiting_place, list, may_manage, may_register, waiting })
    }

    /// Registers the user: confirmed while places last, waitlisted after.
    /// Registering again changes nothing. Under the activity's lock, so
    /// that registrations and cancellations arriving together never confirm
    /// more than the capacity and the waitlist keeps their order.
    pub async fn register_for_activity(&self, user: &User, ip: &str, id: Uuid) -> Result<Standing> {
        let a = self.visible_activity(user, id).await?;
        if a.cancelled_at.is_some() || Utc::now() > a.deadline {
            return Err(Error::invalid("activity", Reason::RegistrationClosed));
        }
        if !self.own_people(user).await?.iter().any(|p| p.community_id == a.community_id) {
            return Err(Error::invalid("activity", Reason::NotLivingHere));
        }
        if !self.admitted(user, &a).await? {
            return Err(Error::invalid("activity", Reason::NotForYou));
        }
        let me = user.account.row.id;
        let mut tx = self.db().begin().await?;
        let locked = store::lock(&mut tx, id).await?.ok_or(Error::NotFound("activity"))?;
        if let Some(r) = store::registration(&mut tx, id, me).await?
            && let Some(s) = Standing::parse(&r.standing).filter(|s| *s != Standing::Cancelled)
        {
            tx.rollback().await?;
            return Ok(s);
        }
        let standing = if locked.confirmed < locked.capacity { Standing::Confirmed } else { Standing::Waitlisted };
        let now = Utc::now();
        let r = RegistrationRow {
            activity_id: id,
            account_id: me,
            name: user.account.shown_name(),
            seq: locked.seq,
            standing: standing.as_str().into(),
            registered_at: now,
            promoted_at: None,
            cancelled_at: None,
            checked_in_at: None,
            checked_in_how: None,
        };
        store::register(&mut tx, &r).await?;
        if standing == Standing::Confirmed {
            store::add_confirmed(&mut tx, id, 1).await?;
        }
        record(
            &mut tx,
            &user.actor(ip),
            "activity.register",
            &id.to_string(),
            json!({ "standing": standing.as_str() }),
        )
        .await?;
        tx.commit().await?;
        Ok(standing)
    }

    /// The user gives up their place (or their turn on the waitlist); the
    /// first waiting moves up and is told.
    pub async fn cancel_registration(&self, user: &User, ip: &str, id: Uuid) -> Result<()> {
        let a = self.visible_activity(user, id).await?;
        let me = user.account.row.id;
        let mut tx = self.db().begin().await?;
        store::lock(&mut tx, id).await?.ok_or(Error::NotFound("activity"))?;
        let r = store::registration(&mut tx, id, me).await?.filter(|r| r.standing != "cancelled");
        let Some(r) = r else {
            tx.rollback().await?;
            return Err(Error::invalid("activity", Reason::NotConfirmed));
        };
        let now = Utc::now();
        store::set_standing(&mut tx, id, me, "cancelled", now).await?;
        let mut promoted = None;
        if r.standing == "confirmed" {
            // The place passes to the first waiting, before the activity begins.
            match store::first_waiting(&mut tx, id).await?.filter(|_| now < a.starts_at) {
                Some(next) => {
                    store::set_standing(&mut tx, id, next.account_id, "confirmed", now).await?;
                    let text = format!("有人取消报名，您已从候补转为报名成功：{}，{}。", a.title, when_where(&a));
                    tell(&mut tx, &a.community_id, next.account_id, "活动报名", &text).await?;
                    promoted = Some(next.account_id);
                }
                None => store::add_confirmed(&mut tx, id, -1).await?,
            }
        }
        record(
            &mut tx,
            &user.actor(ip),
            "activity.cancel",
            &id.to_string(),
            json!({ "was": r.standing, "promoted": promoted }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A resident checks in by the door's QR code (its secret), from an
    /// hour before the start until the end.
    pub async fn check_in_by_code(&self, user: &User, ip: &str, id: Uuid, token: &str) -> Result<()> {
        let a = self.visible_activity(user, id).await?;
        if !crate::app::system::keys::constant_time_eq(token.as_bytes(), a.check_token.as_bytes()) {
            return Err(Error::invalid("code", Reason::CheckInCode));
        }
        self.check_in(user, ip, &a, user.account.row.id, "qr").await
    }

    /// Staff or the organiser tick someone confirmed as arrived.
    pub async fn check_in_person(&self, user: &User, ip: &str, id: Uuid, account: Uuid) -> Result<()> {
        let a = self.visible_activity(user, id).await?;
        if !self.organises(user, &a.community_id, a.association_id).await? {
            return Err(Error::Forbidden);
        }
        self.check_in(user, ip, &a, account, "staff").await
    }

    async fn check_in(&self, user: &User, ip: &str, a: &ActivityRow, account: Uuid, how: &str) -> Result<()> {
        let now = Utc::now();
        if a.cancelled_at.is_some() || !activity::check_in_open(a.starts_at, a.ends_at, now) {
            return Err(Error::invalid("activity", Reason::CheckInClosed));
        }
        let mut tx = self.db().begin().await?;
        if !store::check_in(&mut tx, a.id, account, how, now).await? {
            // Already in: nothing to do; not confirmed: refused.
            let r = store::registration(&mut tx, a.id, account).await?;
            tx.rollback().await?;
            return match r {
                Some(r) if r.standing == "confirmed" => Ok(()),
                _ => Err(Error::invalid("activity", Reason::NotConfirmed)),
            };
        }
        // Attending earns points, once (the check-in above happens once).
        self.earn_for_activity(&mut tx, account, &a.community_id, a.id, &a.title, now).await?;
        record(
            &mut tx,
            &user.actor(ip),
            "activity.check_in",
            &a.id.to_string(),
            json!({ "account": account, "how": how }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Calls an activity off: its room is let go and everyone registered is told.
    pub async fn call_off_activity(&self, user: &User, ip: &str, id: Uuid, reason: &str) -> Result<()> {
        let a = self.visible_activity(user, id).await?;
        if !self.organises(user, &a.community_id, a.association_id).await? {
            return Err(Error::Forbidden);
        }
        let reason = reason.trim();
        if reason.chars().count() < 2 || reason.chars().count() > 200 {
            return Err(Error::invalid("reason", Reason::SayWhy));
        }
        let mut tx = self.db().begin().await?;
        store::lock(&mut tx, id).await?;
        if !store::call_off(&mut tx, id, Utc::now()).await? {
            tx.rollback().await?;
            return Ok(());
        }
        for b in linli_store::life::room::for_activity(&mut tx, id).await? {
            linli_store::life::room::release(&mut tx, b, "cancelled", &user.account.shown_name(), Some(reason)).await?;
        }
        for r in store::registrations_in(&mut tx, id).await? {
            let text = format!("活动取消：{}（{}）。原因：{reason}", a.title, when_where(&a));
            tell(&mut tx, &a.community_id, r.account_id, "活动取消", &text).await?;
        }
        record(&mut tx, &user.actor(ip), "activity.call_off", &id.to_string(), json!({ "reason": reason })).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The user's registrations for activities that have not ended.
    pub async fn my_activities(&self, user: &User) -> Result<Vec<(ActivityRow, RegistrationRow)>> {
        Ok(store::of_account(self.db(), user.account.row.id, Utc::now()).await?)
    }

    /// Sends the reminders of activities starting within a day (the
    /// server's minute check): each confirmed registrant is told the date,
    /// time and place, once. Returns how many activities.
    pub async fn send_activity_reminders(&self, now: DateTime<Utc>) -> Result<usize> {
        let due = store::to_remind(self.db(), now, now + Duration::hours(activity::REMIND_HOURS)).await?;
        let mut n = 0;
        for a in &due {
            let mut tx = self.db().begin().await?;
            if !store::claim_reminders(&mut tx, a.id, now).await? {
                tx.rollback().await?;
                continue;
            }
            for r in store::confirmed_in(&mut tx, a.id).await? {
                let text = format!(
                    "提醒：您报名的“{}”将于 {} 开始。请准时参加，不能参加请取消报名，把名额留给候补的邻居。",
                    a.title,
                    when_where(a)
                );
                tell(&mut tx, &a.community_id, r.account_id, "活动提醒", &text).await?;
            }
            tx.commit().await?;
            n += 1;
        }
        Ok(n)
    }

    /// The user's calendar address (made on first asking).
    pub async fn calendar_token(&self, user: &User) -> Result<String> {
        if let Some(t) = store::feed_token(self.db(), user.account.row.id).await? {
            return Ok(t);
        }
        let t = crate::app::system::keys::random_token();
        let mut tx = self.db().begin().await?;
        store::set_feed_token(&mut tx, user.account.row.id, &t, Utc::now()).await?;
        tx.commit().await?;
        Ok(t)
    }

    /// A resident's calendar (RFC 5545): the activities they registered for.
    pub async fn calendar_of(&self, token: &str, base: &str) -> Result<String> {
        let account = store::feed_account(self.db(), token).await?.ok_or(Error::NotFound("calendar"))?;
        let list = store::of_account(self.db(), account, Utc::now() - Duration::days(30)).await?;
        let entries: Vec<Entry> = list.iter().map(|(a, _)| entry(a, base)).collect();
        Ok(ical::calendar("邻里 · 我的活动", &entries))
    }

    /// A community's public calendar (RFC 5545).
    pub async fn community_calendar(&self, community: &str, base: &str) -> Result<String> {
        let name = self.short_names(&[community.to_owned()]).await?.remove(community).ok_or(Error::RegionNotFound)?;
        let list =
            store::upcoming(self.db(), &[community.to_owned()], Utc::now() - Duration::days(30), true, 500).await?;
        let entries: Vec<Entry> = list.iter().map(|a| entry(a, base)).collect();
        Ok(ical::calendar(&format!("{name} · 社区活动"), &entries))
    }
}

fn entry(a: &ActivityRow, base: &str) -> Entry {
    Entry {
        uid: format!("{}@linli", a.id),
        starts: a.starts_at,
        ends: a.ends_at,
        summary: a.title.clone(),
        location: a.place.clone(),
        description: a.body.clone(),
        url: format!("{base}/activities/{}", a.id),
        cancelled: a.cancelled_at.is_some(),
        stamp: a.cancelled_at.unwrap_or(a.created_at),
    }
}

fn linli_store_hours(r: &linli_store::life::room::RoomRow) -> room_rules::Hours {
    room_rules::Hours::from_stored(r.opens, r.closes, r.days)
}
