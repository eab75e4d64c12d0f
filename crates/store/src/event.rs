//! Events and their timelines. Reads take the caller's scope (region-code
//! prefixes) into the WHERE clause, on the event's community or grid.

use chrono::{DateTime, Utc};
use sea_query::{Cond, Expr, ExprTrait, Func, LikeExpr, Order, Query};
use uuid::Uuid;

use crate::{Db, Result, Row, Tx};

/// An event as stored.
#[derive(Debug, Clone)]
pub struct EventRow {
    /// Community code.
    pub community_id: String,
    /// Identifier.
    pub id: Uuid,
    /// Tracking code.
    pub code: String,
    /// Category code.
    pub category_code: String,
    /// Stored state (see `domain::events::event::State::as_str`).
    pub state: String,
    /// Channel it came from.
    pub source: String,
    /// Grid, when known (from the building, or the reporter's household).
    pub grid_code: Option<String>,
    /// Building, when reported there.
    pub building_id: Option<Uuid>,
    /// What the reporter wrote.
    pub text: String,
    /// Reporter's name (or 匿名).
    pub reporter_name: String,
    /// Reporter's phone, sealed.
    pub reporter_phone_sealed: Option<String>,
    /// Reporter's account, when signed in.
    pub reporter_account: Option<Uuid>,
    /// Handler (person or department) while dispatched.
    pub handler: Option<String>,
    /// When the running deadline started.
    pub deadline_from: Option<DateTime<Utc>>,
    /// Its hours.
    pub deadline_hours: Option<i64>,
    /// Times it went back to work (返工).
    pub rework: i64,
    /// Reported at.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// Where, in words (the building, or an Open311 client's address).
    pub address: Option<String>,
    /// Latitude, when the client sent one.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// Reporter's e-mail, sealed.
    pub reporter_email_sealed: Option<String>,
    /// Whether it ever ran past a deadline (for 按期结案率).
    pub late: bool,
    /// When it was closed (结案), while it is.
    pub closed_at: Option<DateTime<Utc>>,
}

const COLUMNS: [&str; 24] = [
    "community_id",
    "id",
    "code",
    "category_code",
    "state",
    "source",
    "grid_code",
    "building_id",
    "text",
    "reporter_name",
    "reporter_phone_sealed",
    "reporter_account",
    "handler",
    "deadline_from",
    "deadline_hours",
    "rework",
    "created_at",
    "updated_at",
    "address",
    "lat",
    "lon",
    "reporter_email_sealed",
    "late",
    "closed_at",
];

fn event(r: &Row) -> Result<EventRow> {
    Ok(EventRow {
        community_id: r.get("community_id")?,
        id: r.get("id")?,
        code: r.get("code")?,
        category_code: r.get("category_code")?,
        state: r.get("state")?,
        source: r.get("source")?,
        grid_code: r.get("grid_code")?,
        building_id: r.get("building_id")?,
        text: r.get("text")?,
        reporter_name: r.get("reporter_name")?,
        reporter_phone_sealed: r.get("reporter_phone_sealed")?,
        reporter_account: r.get("reporter_account")?,
        handler: r.get("handler")?,
        deadline_from: r.get("deadline_from")?,
        deadline_hours: r.get("deadline_hours")?,
        rework: r.get("rework")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
        address: r.get("address")?,
        lat: r.get("lat")?,
        lon: r.get("lon")?,
        reporter_email_sealed: r.get("reporter_email_sealed")?,
        late: r.get("late")?,
        closed_at: r.get("closed_at")?,
    })
}

/// Stores new events, in one statement.
pub async fn insert(tx: &mut Tx, events: &[EventRow]) -> Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    let mut q = Query::insert().into_table("event").columns(COLUMNS).to_owned();
    for e in events {
        q.values_panic([
            e.community_id.clone().into(),
            e.id.into(),
            e.code.clone().into(),
            e.category_code.clone().into(),
            e.state.clone().into(),
            e.source.clone().into(),
            e.grid_code.clone().into(),
            e.building_id.into(),
            e.text.clone().into(),
            e.reporter_name.clone().into(),
            e.reporter_phone_sealed.clone().into(),
            e.reporter_account.into(),
            e.handler.clone().into(),
            e.deadline_from.into(),
            e.deadline_hours.into(),
            e.rework.into(),
            e.created_at.into(),
            e.updated_at.into(),
            e.address.clone().into(),
            e.lat.into(),
            e.lon.into(),
            e.reporter_email_sealed.clone().into(),
            e.late.into(),
            e.closed_at.into(),
        ]);
    }
    tx.execute(&q).await?;
    Ok(())
}

/// Writes an event's workflow fields, only if it is still in `from_state`
/// (two people acting at once: the second is refused, not applied twice).
pub async fn update_state(tx: &mut Tx, e: &EventRow, from_state: &str) -> Result<bool> {
    let q = Query::update()
        .table("event")
        .values([
            ("state", e.state.clone().into()),
            ("handler", e.handler.clone().into()),
            ("deadline_from", e.deadline_from.into()),
            ("deadline_hours", e.deadline_hours.into()),
            ("rework", e.rework.into()),
            ("updated_at", e.updated_at.into()),
            ("late", e.late.into()),
            ("closed_at", e.closed_at.into()),
        ])
        .and_where(Expr::col("community_id").eq(e.community_id.as_str()))
        .and_where(Expr::col("id").eq(e.id))
        .and_where(Expr::col("state").eq(from_state))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// Events whose community or grid starts with one of `prefixes`: the
/// condition a caller's scope puts on every read.
fn in_scope(prefixes: &[String]) -> Cond {
    scope_on(prefixes, "event")
}

/// [`in_scope`] on a named table (for joins). A grid worker's prefix
/// (longer than a community code) reaches events placed in their grid.
fn scope_on(prefixes: &[String], table: &'static str) -> Cond {
    prefixes.iter().fold(Cond::any(), |c, p| {
        let column = if p.len() > 12 { "grid_code" } else { "community_id" };
        c.add(starts_with((table, column), p, column == "community_id"))
    })
}

/// `column` starts with the digits `prefix`, as a condition the column's
/// index serves on both engines: equality for a whole community code, a
/// range otherwise (SQLite does not use an index for LIKE on these columns).
pub(crate) fn starts_with(column: (&'static str, &'static str), prefix: &str, community: bool) -> Cond {
    let col = || Expr::col(column);
    if prefix.is_empty() {
        return Cond::all();
    }
    if community && prefix.len() == 12 {
        return Cond::all().add(col().eq(prefix));
    }
    match next_prefix(prefix) {
        Some(upper) => Cond::all().add(col().gte(prefix)).add(col().lt(upper)),
        None => Cond::all().add(col().like(LikeExpr::new(format!("{prefix}%")))),
    }
}

/// The first digit string after every string that starts with `prefix`
/// ("141102001" → "141102002", "1419" → "142"); none for all nines.
fn next_prefix(prefix: &str) -> Option<String> {
    let mut digits = prefix.as_bytes().to_vec();
    while let Some(last) = digits.pop() {
        if last.is_ascii_digit() && last < b'9' {
            digits.push(last + 1);
            return String::from_utf8(digits).ok();
        }
        if !last.is_ascii_digit() {
            return None;
        }
    }
    None
}

/// One event within scope.
pub async fn in_scope_by_id(db: &Db, prefixes: &[String], id: Uuid) -> Result<Option<EventRow>> {
    if prefixes.is_empty() {
        return Ok(None);
    }
    let q = Query::select()
        .columns(COLUMNS)
        .from("event")
        .cond_where(in_scope(prefixes))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    db.fetch_optional(&q).await?.as_ref().map(event).transpose()
}

/// An event by its tracking code (for its reporter).
pub async fn by_code(db: &Db, code: &str) -> Result<Option<EventRow>> {
    let q = Query::select().columns(COLUMNS).from("event").and_where(Expr::col("code").eq(code)).to_owned();
    db.fetch_optional(&q).await?.as_ref().map(event).transpose()
}

/// What to look for among the events in scope.
#[derive(Debug, Clone, Default)]
pub struct Find {
    /// Only these tracking codes.
    pub codes: Vec<String>,
    /// Only these states.
    pub states: Vec<String>,
    /// Only this category.
    pub category: Option<String>,
    /// Reported at or after.
    pub from: Option<DateTime<Utc>>,
    /// Reported before.
    pub to: Option<DateTime<Utc>>,
    /// Only those that ran past a deadline.
    pub late: bool,
    /// Only those sent back to work at least once.
    pub reworked: bool,
}

/// Events within scope, newest first, optionally in one state.
pub async fn list(db: &Db, prefixes: &[String], state: Option<&str>, limit: u64) -> Result<Vec<EventRow>> {
    let find = Find { states: state.into_iter().map(str::to_owned).collect(), ..Find::default() };
    self::find(db, prefixes, &find, limit).await
}

/// Events within scope that match, newest first.
///
/// With states asked for, each state is read on its own and the answers
/// merged: `community = ? AND state = ? ORDER BY id DESC` is served by an
/// index in order, whereas for `state IN (…)` SQLite's planner, which knows
/// only averages, walks every event of the community when the states asked
/// for are rare (as the dispatch board's are among a year of closed events).
pub async fn find(db: &Db, prefixes: &[String], f: &Find, limit: u64) -> Result<Vec<EventRow>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Query::select().columns(COLUMNS).from("event").cond_where(in_scope(prefixes)).to_owned();
    if !f.codes.is_empty() {
        q.and_where(Expr::col("code").is_in(f.codes.iter().cloned()));
    }
    if let Some(c) = &f.category {
        q.and_where(Expr::col("category_code").eq(c.as_str()));
    }
    if let Some(from) = f.from {
        q.and_where(Expr::col("created_at").gte(from));
    }
    if let Some(to) = f.to {
        q.and_where(Expr::col("created_at").lt(to));
    }
    if f.late {
        q.and_where(Expr::col("late").eq(true));
    }
    if f.reworked {
        q.and_where(Expr::col("rework").gt(0));
    }
    q.order_by("id", Order::Desc).limit(limit);
    // Late events are few: their own index, in order, serves the states as a filter.
    if f.states.is_empty() || f.late {
        if !f.states.is_empty() {
            q.and_where(Expr::col("state").is_in(f.states.iter().cloned()));
        }
        return db.fetch_all(&q).await?.iter().map(event).collect();
    }
    let mut rows = Vec::new();
    for state in &f.states {
        let mut one = q.clone();
        one.and_where(Expr::col("state").eq(state.as_str()));
        for r in db.fetch_all(&one).await? {
            rows.push(event(&r)?);
        }
    }
    rows.sort_by_key(|r| std::cmp::Reverse(r.id));
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok(rows)
}

/// The events a signed-in resident reported, newest first.
pub async fn by_reporter(db: &Db, account: Uuid, limit: u64) -> Result<Vec<EventRow>> {
    let q = Query::select()
        .columns(COLUMNS)
        .from("event")
        .and_where(Expr::col("reporter_account").eq(account))
        .order_by("created_at", Order::Desc)
        .limit(limit)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(event).collect()
}

/// One step of an event's timeline.
#[derive(Debug, Clone)]
pub struct StepRow {
    /// Community code.
    pub community_id: String,
    /// Identifier (UUIDv7: in time order).
    pub id: Uuid,
    /// The event.
    pub event_id: Uuid,
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub actor: String,
    /// What (`report`, `accept`, `dispatch` …).
    pub action: String,
    /// State before.
    pub from_state: Option<String>,
    /// State after.
    pub to_state: String,
    /// Why, or what was done.
    pub note: Option<String>,
    /// Whether the reporter sees it.
    pub public: bool,
    /// Seconds since the step before (none for the report and for alerts).
    pub took_secs: Option<i64>,
}

const STEP_COLUMNS: [&str; 11] = [
    "community_id",
    "id",
    "event_id",
    "at",
    "actor",
    "action",
    "from_state",
    "to_state",
    "note",
    "public",
    "took_secs",
];

/// Appends a step to a timeline.
pub async fn add_step(tx: &mut Tx, s: &StepRow) -> Result<()> {
    add_steps(tx, std::slice::from_ref(s)).await
}

/// Appends steps to timelines, in one statement.
pub async fn add_steps(tx: &mut Tx, steps: &[StepRow]) -> Result<()> {
    if steps.is_empty() {
        return Ok(());
    }
    let mut q = Query::insert().into_table("event_step").columns(STEP_COLUMNS).to_owned();
    for s in steps {
        q.values_panic([
            s.community_id.clone().into(),
            s.id.into(),
            s.event_id.into(),
            s.at.into(),
            s.actor.clone().into(),
            s.action.clone().into(),
            s.from_state.clone().into(),
            s.to_state.clone().into(),
            s.note.clone().into(),
            s.public.into(),
            s.took_secs.into(),
        ]);
    }
    tx.execute(&q).await?;
    Ok(())
}

/// An event's timeline, oldest first.
pub async fn steps(db: &Db, community_id: &str, event_id: Uuid) -> Result<Vec<StepRow>> {
    let q = Query::select()
        .columns(STEP_COLUMNS)
        .from("event_step")
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("event_id").eq(event_id))
        .order_by("id", Order::Asc)
        .to_owned();
    db.fetch_all(&q)
        .await?
        .iter()
        .map(|r| {
            Ok(StepRow {
                community_id: r.get("community_id")?,
                id: r.get("id")?,
                event_id: r.get("event_id")?,
                at: r.get("at")?,
                actor: r.get("actor")?,
                action: r.get("action")?,
                from_state: r.get("from_state")?,
                to_state: r.get("to_state")?,
                note: r.get("note")?,
                public: r.get("public")?,
                took_secs: r.get("took_secs")?,
            })
        })
        .collect()
}

/// A category of events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryRow {
    /// Code: two digits, a child's four (its parent's and two more).
    pub code: String,
    /// The parent's code.
    pub parent_code: Option<String>,
    /// Name.
    pub name: String,
    /// Who handles it: a role or department key, or a name.
    pub handler: String,
    /// Deadline in hours from dispatch.
    pub deadline_hours: i64,
    /// GB/T 30428: 事件 or 部件.
    pub class: String,
    /// Offered to reporters.
    pub active: bool,
}

const CATEGORY_COLUMNS: [&str; 7] = ["code", "parent_code", "name", "handler", "deadline_hours", "class", "active"];

/// Every category, active or not, by code.
pub async fn categories(db: &Db) -> Result<Vec<CategoryRow>> {
    let q = Query::select().columns(CATEGORY_COLUMNS).from("event_category").order_by("code", Order::Asc).to_owned();
    db.fetch_all(&q)
        .await?
        .iter()
        .map(|r| {
            Ok(CategoryRow {
                code: r.get("code")?,
                parent_code: r.get("parent_code")?,
                name: r.get("name")?,
                handler: r.get("handler")?,
                deadline_hours: r.get("deadline_hours")?,
                class: r.get("class")?,
                active: r.get("active")?,
            })
        })
        .collect()
}

/// Adds a category, or changes one with the same code.
pub async fn save_category(tx: &mut Tx, c: &CategoryRow) -> Result<()> {
    let q = Query::insert()
        .into_table("event_category")
        .columns(CATEGORY_COLUMNS)
        .values_panic([
            c.code.clone().into(),
            c.parent_code.clone().into(),
            c.name.clone().into(),
            c.handler.clone().into(),
            c.deadline_hours.into(),
            c.class.clone().into(),
            c.active.into(),
        ])
        .on_conflict(
            sea_query::OnConflict::column("code")
                .update_columns(["name", "handler", "deadline_hours", "class", "active"])
                .to_owned(),
        )
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// Events whose deadline is running (dispatched or in progress), everywhere:
/// for the deadline task.
pub async fn on_the_clock(db: &Db, states: &[&str]) -> Result<Vec<EventRow>> {
    let q = Query::select()
        .columns(COLUMNS)
        .from("event")
        .and_where(Expr::col("state").is_in(states.iter().copied()))
        .and_where(Expr::col("deadline_from").is_not_null())
        .to_owned();
    db.fetch_all(&q).await?.iter().map(event).collect()
}

/// Marks an event as having run past its deadline.
pub async fn mark_late(tx: &mut Tx, community_id: &str, id: Uuid) -> Result<()> {
    let q = Query::update()
        .table("event")
        .values([("late", true.into())])
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// Claims an alert: true when this call recorded it, false when it was
/// recorded already (by an earlier run or another server).
pub async fn claim_alert(
    tx: &mut Tx,
    e: &EventRow,
    kind: &str,
    deadline_from: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<bool> {
    let q = Query::insert()
        .into_table("event_alert")
        .columns(["community_id", "event_id", "kind", "deadline_from", "sent_at"])
        .values_panic([e.community_id.clone().into(), e.id.into(), kind.into(), deadline_from.into(), now.into()])
        .on_conflict(
            sea_query::OnConflict::columns(["community_id", "event_id", "kind", "deadline_from"])
                .do_nothing()
                .to_owned(),
        )
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// A notification in the outbox.
#[derive(Debug, Clone)]
pub struct Notification {
    /// Community code.
    pub community_id: String,
    /// Identifier.
    pub id: Uuid,
    /// inbox, sms, wechat, email.
    pub channel: String,
    /// Who it is for.
    pub recipient: String,
    /// Subject.
    pub subject: String,
    /// Text.
    pub body: String,
    /// The event it is about.
    pub event_id: Option<Uuid>,
    /// Written at.
    pub created_at: DateTime<Utc>,
    /// Delivered at (an inbox message on writing).
    pub sent_at: Option<DateTime<Utc>>,
}

const NOTE_COLUMNS: [&str; 9] =
    ["community_id", "id", "channel", "recipient", "subject", "body", "event_id", "created_at", "sent_at"];

/// Puts a notification in the outbox.
pub async fn notify(tx: &mut Tx, n: &Notification) -> Result<()> {
    notify_many(tx, std::slice::from_ref(n)).await
}

/// Puts notifications in the outbox, in one statement.
pub async fn notify_many(tx: &mut Tx, notes: &[Notification]) -> Result<()> {
    if notes.is_empty() {
        return Ok(());
    }
    let mut q = Query::insert().into_table("notification").columns(NOTE_COLUMNS).to_owned();
    for n in notes {
        q.values_panic([
            n.community_id.clone().into(),
            n.id.into(),
            n.channel.clone().into(),
            n.recipient.clone().into(),
            n.subject.clone().into(),
            n.body.clone().into(),
            n.event_id.into(),
            n.created_at.into(),
            n.sent_at.into(),
        ]);
    }
    tx.execute(&q).await?;
    Ok(())
}

/// The notifications addressed to any of these recipients, newest first.
pub async fn addressed_to(db: &Db, recipients: &[String], limit: u64) -> Result<Vec<Notification>> {
    if recipients.is_empty() {
        return Ok(Vec::new());
    }
    let q = Query::select()
        .columns(NOTE_COLUMNS)
        .from("notification")
        .and_where(Expr::col("recipient").is_in(recipients.iter().cloned()))
        .order_by("created_at", Order::Desc)
        .limit(limit)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(notification).collect()
}

/// The outbox of communities under the prefixes, newest first.
pub async fn outbox(db: &Db, prefixes: &[String], limit: u64) -> Result<Vec<Notification>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    // The outbox is a community's: a grid worker's scope (longer than a
    // community code) does not reach it; their own messages are in the inbox.
    let prefixes: Vec<&String> = prefixes.iter().filter(|p| p.len() <= 12).collect();
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let prefixes: Vec<String> = prefixes.into_iter().cloned().collect();
    let q = Query::select()
        .columns(NOTE_COLUMNS)
        .from("notification")
        .cond_where(under(&prefixes))
        .order_by("created_at", Order::Desc)
        .limit(limit)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(notification).collect()
}

fn notification(r: &Row) -> Result<Notification> {
    Ok(Notification {
        community_id: r.get("community_id")?,
        id: r.get("id")?,
        channel: r.get("channel")?,
        recipient: r.get("recipient")?,
        subject: r.get("subject")?,
        body: r.get("body")?,
        event_id: r.get("event_id")?,
        created_at: r.get("created_at")?,
        sent_at: r.get("sent_at")?,
    })
}

/// A message is tried this many times before it is left for an operator.
pub const MAX_ATTEMPTS: i64 = 5;

fn under(prefixes: &[String]) -> Cond {
    prefixes.iter().fold(Cond::any(), |c, p| c.add(starts_with(("notification", "community_id"), p, true)))
}

/// Claims up to `limit` undelivered messages of these channels in
/// communities under the prefixes: each is claimed by one caller only, until
/// `now` passes the claim by `lease` (a sender that died lets go).
pub async fn claim_pending(
    db: &Db,
    channels: &[&str],
    prefixes: &[String],
    now: DateTime<Utc>,
    lease: chrono::Duration,
    limit: u64,
) -> Result<Vec<Notification>> {
    let free = Cond::any().add(Expr::col("claimed_at").is_null()).add(Expr::col("claimed_at").lt(now - lease));
    let q = Query::select()
        .columns(NOTE_COLUMNS)
        .from("notification")
        .and_where(Expr::col("channel").is_in(channels.iter().copied()))
        .and_where(Expr::col("sent_at").is_null())
        .and_where(Expr::col("attempts").lt(MAX_ATTEMPTS))
        .cond_where(free.clone())
        .cond_where(under(prefixes))
        .order_by("created_at", Order::Asc)
        .limit(limit)
        .to_owned();
    let candidates: Vec<Notification> = db.fetch_all(&q).await?.iter().map(notification).collect::<Result<_>>()?;
    let mut claimed = Vec::new();
    for n in candidates {
        let q = Query::update()
            .table("notification")
            .value("claimed_at", now)
            .value("attempts", Expr::col("attempts").add(1))
            .and_where(Expr::col("community_id").eq(n.community_id.as_str()))
            .and_where(Expr::col("id").eq(n.id))
            .and_where(Expr::col("sent_at").is_null())
            .cond_where(free.clone())
            .to_owned();
        if db.execute(&q).await? == 1 {
            claimed.push(n);
        }
    }
    Ok(claimed)
}

/// Marks a message delivered; false if it was already (nothing is sent
/// twice) or is not under the prefixes.
pub async fn mark_sent(db: &Db, id: Uuid, channels: &[&str], prefixes: &[String], now: DateTime<Utc>) -> Result<bool> {
    let q = Query::update()
        .table("notification")
        .value("sent_at", now)
        .value("last_error", Option::<String>::None)
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("channel").is_in(channels.iter().copied()))
        .and_where(Expr::col("sent_at").is_null())
        .cond_where(under(prefixes))
        .to_owned();
    Ok(db.execute(&q).await? == 1)
}

/// Lets go of a claimed message after a failed try, keeping the error.
pub async fn release(db: &Db, id: Uuid, error: &str) -> Result<()> {
    let q = Query::update()
        .table("notification")
        .value("claimed_at", Option::<DateTime<Utc>>::None)
        .value("last_error", error.chars().take(500).collect::<String>())
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("sent_at").is_null())
        .to_owned();
    db.execute(&q).await?;
    Ok(())
}

/// Open events of a community reported since a moment, other than one: the
/// candidates a new report may repeat.
pub async fn recent_open(
    db: &Db,
    community_id: &str,
    since: DateTime<Utc>,
    closed: &[&str],
    except: Uuid,
) -> Result<Vec<EventRow>> {
    let q = Query::select()
        .columns(COLUMNS)
        .from("event")
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("created_at").gte(since))
        .and_where(Expr::col("state").is_not_in(closed.iter().copied()))
        .and_where(Expr::col("id").ne(except))
        .order_by("created_at", Order::Desc)
        .limit(500)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(event).collect()
}

/// A photo of an event, as stored (the picture is a file in the data folder).
#[derive(Debug, Clone)]
pub struct PhotoRow {
    /// Community code.
    pub community_id: String,
    /// Identifier; also the file's name.
    pub id: Uuid,
    /// The event.
    pub event_id: Uuid,
    /// The step it is evidence of (the report's own step for a report's photos).
    pub step_id: Option<Uuid>,
    /// `image/jpeg` or `image/png`.
    pub content_type: String,
    /// Bytes.
    pub size: i64,
    /// Pixels.
    pub width: i32,
    /// Pixels.
    pub height: i32,
    /// Taken in at.
    pub created_at: DateTime<Utc>,
}

const PHOTO_COLUMNS: [&str; 9] =
    ["community_id", "id", "event_id", "step_id", "content_type", "size", "width", "height", "created_at"];

/// Records photos, in one statement.
pub async fn add_photos(tx: &mut Tx, photos: &[PhotoRow]) -> Result<()> {
    if photos.is_empty() {
        return Ok(());
    }
    let mut q = Query::insert().into_table("event_photo").columns(PHOTO_COLUMNS).to_owned();
    for p in photos {
        q.values_panic([
            p.community_id.clone().into(),
            p.id.into(),
            p.event_id.into(),
            p.step_id.into(),
            p.content_type.clone().into(),
            p.size.into(),
            p.width.into(),
            p.height.into(),
            p.created_at.into(),
        ]);
    }
    tx.execute(&q).await?;
    Ok(())
}

/// An event's photos, oldest first.
pub async fn photos(db: &Db, community_id: &str, event_id: Uuid) -> Result<Vec<PhotoRow>> {
    let q = Query::select()
        .columns(PHOTO_COLUMNS)
        .from("event_photo")
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("event_id").eq(event_id))
        .order_by("id", Order::Asc)
        .to_owned();
    db.fetch_all(&q)
        .await?
        .iter()
        .map(|r| {
            Ok(PhotoRow {
                community_id: r.get("community_id")?,
                id: r.get("id")?,
                event_id: r.get("event_id")?,
                step_id: r.get("step_id")?,
                content_type: r.get("content_type")?,
                size: r.get("size")?,
                width: r.get("width")?,
                height: r.get("height")?,
                created_at: r.get("created_at")?,
            })
        })
        .collect()
}

/// How measures group events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// By grid (events without one count under none).
    Grid,
    /// By community.
    Community,
    /// By street (the community code's first 9 digits).
    Street,
    /// By handler: the person or department dispatched to.
    Handler,
    /// By category.
    Category,
}

/// Which stored states count as what, for [`tally`] (the store does not
/// know the workflow).
#[derive(Debug, Clone, Default)]
pub struct Counted {
    /// Taken on: neither waiting, refused nor a duplicate.
    pub accepted: Vec<String>,
    /// Closed (结案), visited or not.
    pub closed: Vec<String>,
    /// Visited (回访).
    pub visited: Vec<String>,
    /// Visited and satisfied or fairly so.
    pub satisfied: Vec<String>,
}

/// One group's counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// The group's key (grid, community or street code, handler, category code).
    pub key: Option<String>,
    /// Events reported.
    pub total: i64,
    /// Taken on.
    pub accepted: i64,
    /// Closed.
    pub closed: i64,
    /// Closed without ever being late.
    pub closed_on_time: i64,
    /// Ever late, open or closed.
    pub late: i64,
    /// Sent back to work at least once.
    pub reworked: i64,
    /// Visited.
    pub visited: i64,
    /// Visited and satisfied or fairly so.
    pub satisfied: i64,
}

impl Tally {
    /// The counts of two groups together (keyless).
    pub fn plus(self, o: &Tally) -> Tally {
        Tally {
            key: None,
            total: self.total + o.total,
            accepted: self.accepted + o.accepted,
            closed: self.closed + o.closed,
            closed_on_time: self.closed_on_time + o.closed_on_time,
            late: self.late + o.late,
            reworked: self.reworked + o.reworked,
            visited: self.visited + o.visited,
            satisfied: self.satisfied + o.satisfied,
        }
    }
}

fn count_where(cond: Cond) -> Expr {
    Expr::expr(Func::sum(Expr::case(cond, 1).finally(0))).cast_as("BIGINT")
}

fn state_in(states: &[String]) -> Cond {
    Cond::all().add(Expr::col("state").is_in(states.iter().cloned()))
}

/// Counts the events in scope reported in `[from, to)`, by group: one query,
/// the counting in the database.
pub async fn tally(
    db: &Db,
    prefixes: &[String],
    by: By,
    period: (DateTime<Utc>, DateTime<Utc>),
    counted: &Counted,
) -> Result<Vec<Tally>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let key: Expr = match by {
        By::Grid => Expr::col("grid_code"),
        By::Community => Expr::col("community_id"),
        By::Street => Func::cust("SUBSTR").arg(Expr::col("community_id")).arg(1).arg(9).into(),
        By::Handler => Expr::col("handler"),
        By::Category => Expr::col("category_code"),
    };
    let q = Query::select()
        .expr_as(key, "k")
        .expr_as(Expr::cust("COUNT(*)").cast_as("BIGINT"), "total")
        .expr_as(count_where(state_in(&counted.accepted)), "accepted")
        .expr_as(count_where(state_in(&counted.closed)), "closed")
        .expr_as(count_where(state_in(&counted.closed).add(Expr::col("late").eq(false))), "on_time")
        .expr_as(count_where(Cond::all().add(Expr::col("late").eq(true))), "late")
        .expr_as(count_where(Cond::all().add(Expr::col("rework").gt(0))), "reworked")
        .expr_as(count_where(state_in(&counted.visited)), "visited")
        .expr_as(count_where(state_in(&counted.satisfied)), "satisfied")
        .from("event")
        .cond_where(in_scope(prefixes))
        .and_where(Expr::col("created_at").gte(period.0))
        .and_where(Expr::col("created_at").lt(period.1))
        .group_by_col("k")
        .to_owned();
    db.fetch_all(&q)
        .await?
        .iter()
        .map(|r| {
            Ok(Tally {
                key: r.get("k")?,
                total: r.get("total")?,
                accepted: r.get("accepted")?,
                closed: r.get("closed")?,
                closed_on_time: r.get("on_time")?,
                late: r.get("late")?,
                reworked: r.get("reworked")?,
                visited: r.get("visited")?,
                satisfied: r.get("satisfied")?,
            })
        })
        .collect()
}

/// The average seconds each action took since the step before, over the
/// steps taken in `[from, to)` on events in scope: (action, steps, average).
pub async fn step_times(
    db: &Db,
    prefixes: &[String],
    period: (DateTime<Utc>, DateTime<Utc>),
) -> Result<Vec<(String, i64, i64)>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let scope = scope_on(prefixes, "event");
    let q = Query::select()
        .expr_as(Expr::col(("event_step", "action")), "action")
        .expr_as(Expr::col(("event_step", "took_secs")).count().cast_as("BIGINT"), "n")
        .expr_as(Expr::expr(Func::avg(Expr::col(("event_step", "took_secs")))).cast_as("BIGINT"), "avg")
        .from("event_step")
        .inner_join(
            "event",
            Cond::all()
                .add(Expr::col(("event", "community_id")).equals(("event_step", "community_id")))
                .add(Expr::col(("event", "id")).equals(("event_step", "event_id"))),
        )
        .cond_where(scope)
        .and_where(Expr::col(("event_step", "took_secs")).is_not_null())
        .and_where(Expr::col(("event_step", "at")).gte(period.0))
        .and_where(Expr::col(("event_step", "at")).lt(period.1))
        .group_by_col(("event_step", "action"))
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| Ok((r.get("action")?, r.get("n")?, r.get("avg")?))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_become_ranges() {
        assert_eq!(next_prefix("141102001").as_deref(), Some("141102002"));
        assert_eq!(next_prefix("1411029").as_deref(), Some("141103"));
        assert_eq!(next_prefix("14"), Some("15".into()));
        assert_eq!(next_prefix("99"), None);
        assert_eq!(next_prefix("12a"), None);
    }
}
