//! The help wall (爱心回音壁): wishes, the volunteers who take them up and
//! the hours they give. Every step of a wish is a conditional update from
//! the state it was read in, so that of two claims at once one wins.

use chrono::{DateTime, NaiveDate, Utc};
use sea_query::{Expr, ExprTrait, Order, Query, SimpleExpr};
use uuid::Uuid;

use crate::row::row;
use crate::{Db, Result, Tx};

row! {
    table "wish";
    /// A wish as stored.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct WishRow {
        /// Identifier.
        pub id: Uuid,
        /// Its community.
        pub community_id: String,
        /// The requester's grid.
        pub grid_code: String,
        /// The requester's household.
        pub household_id: Uuid,
        /// The requester.
        pub person_id: Uuid,
        /// The requester's account, when they posted it.
        pub account_id: Option<Uuid>,
        /// How the wall names the requester (王女士).
        pub shown_name: String,
        /// What.
        pub title: String,
        /// More.
        pub body: String,
        /// Kind of help.
        pub category: String,
        /// By when.
        pub needed_by: NaiveDate,
        /// open, claimed, taken, done, thanked, withdrawn.
        pub status: String,
        /// Who took it up.
        pub volunteer_id: Option<Uuid>,
        /// Their name.
        pub volunteer_name: Option<String>,
        /// When they offered.
        pub claimed_at: Option<DateTime<Utc>>,
        /// When the requester accepted.
        pub taken_at: Option<DateTime<Utc>>,
        /// When they said it was done.
        pub done_at: Option<DateTime<Utc>>,
        /// What they did.
        pub done_note: Option<String>,
        /// The requester's thanks, shown on the wall.
        pub thanks: Option<String>,
        /// When.
        pub thanked_at: Option<DateTime<Utc>>,
        /// Why it was not done, last time.
        pub not_done: Option<String>,
        /// When staff were told nobody had taken it.
        pub raised_at: Option<DateTime<Utc>>,
        /// Who posted it.
        pub posted_by: String,
        /// When.
        pub created_at: DateTime<Utc>,
        /// Last change.
        pub updated_at: DateTime<Utc>,
    }
}

row! {
    table "volunteer";
    /// A volunteer (or 在职党员, team, organisation) of a community.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct VolunteerRow {
        /// Identifier.
        pub id: Uuid,
        /// The community.
        pub community_id: String,
        /// Their account.
        pub account_id: Uuid,
        /// The registry person they are.
        pub person_id: Option<Uuid>,
        /// Name.
        pub name: String,
        /// volunteer, party_member, team, organisation.
        pub kind: String,
        /// A team's or organisation's name; an 在职党员's employer.
        pub org_name: String,
        /// Wish categories, comma-separated.
        pub skills: String,
        /// When they can help, as they say it.
        pub available: String,
        /// active, left.
        pub status: String,
        /// When they registered.
        pub registered_at: DateTime<Utc>,
        /// The registry's organisation (实有单位) a team or organisation acts for.
        pub org_id: Option<Uuid>,
    }
}

row! {
    table "volunteer_hours";
    /// Hours given, once per wish or activity.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct HoursRow {
        /// Identifier.
        pub id: Uuid,
        /// The volunteer.
        pub volunteer_id: Uuid,
        /// The community.
        pub community_id: String,
        /// wish:ID, activity:ID or other:ID.
        pub source: String,
        /// What was done.
        pub what: String,
        /// The day.
        pub day: NaiveDate,
        /// How long.
        pub minutes: i64,
        /// pending, confirmed, refused.
        pub status: String,
        /// Who wrote them down.
        pub recorded_by: String,
        /// Who confirmed or refused.
        pub decided_by: Option<String>,
        /// When.
        pub decided_at: Option<DateTime<Utc>>,
        /// When written down.
        pub created_at: DateTime<Utc>,
    }
}

/// Adds a wish.
pub async fn add(tx: &mut Tx, w: &WishRow) -> Result<()> {
    tx.execute(&WishRow::insert().values_panic(w.values()).to_owned()).await?;
    Ok(())
}

/// Adds many wishes at once (the benchmark's load).
pub async fn add_many(db: &Db, rows: &[WishRow]) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut q = WishRow::insert();
    for w in rows {
        q.values_panic(w.values());
    }
    let mut tx = db.begin().await?;
    tx.bulk_insert(&q).await?;
    tx.commit().await
}

/// One wish.
pub async fn by_id(db: &Db, id: Uuid) -> Result<Option<WishRow>> {
    WishRow::one(db, &WishRow::select().and_where(Expr::col("id").eq(id)).to_owned()).await
}

/// What a step of a wish writes besides its state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A volunteer offers.
    Claim {
        /// The volunteer.
        volunteer: Uuid,
        /// Their name.
        name: String,
    },
    /// The requester accepts.
    Accept,
    /// The offer ends (declined or given back).
    Release,
    /// The volunteer says it is done.
    Finish {
        /// What was done.
        note: String,
    },
    /// The requester thanks.
    Thank {
        /// The thanks.
        text: String,
    },
    /// The requester says it was not done.
    NotDone {
        /// Why.
        why: String,
    },
    /// Nothing else.
    Nothing,
}

/// Moves a wish from `from` to `to` with `change`; false when it was no
/// longer in `from` (someone else moved it first).
pub async fn step(tx: &mut Tx, id: Uuid, from: &str, to: &str, change: Change, now: DateTime<Utc>) -> Result<bool> {
    let none_at = Option::<DateTime<Utc>>::None;
    let mut all: Vec<(&'static str, SimpleExpr)> = vec![("status", to.into()), ("updated_at", now.into())];
    match change {
        Change::Claim { volunteer, name } => {
            all.extend([
                ("volunteer_id", volunteer.into()),
                ("volunteer_name", name.into()),
                ("claimed_at", now.into()),
            ]);
        }
        Change::Accept => all.push(("taken_at", now.into())),
        Change::Release => all.extend([
            ("volunteer_id", Option::<Uuid>::None.into()),
            ("volunteer_name", Option::<String>::None.into()),
            ("claimed_at", none_at.into()),
            ("taken_at", none_at.into()),
        ]),
        Change::Finish { note } => all.extend([("done_at", now.into()), ("done_note", note.into())]),
        Change::Thank { text } => all.extend([("thanks", text.into()), ("thanked_at", now.into())]),
        Change::NotDone { why } => all.extend([("not_done", why.into()), ("done_at", none_at.into())]),
        Change::Nothing => {}
    }
    let q = Query::update()
        .table("wish")
        .values(all)
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("status").eq(from))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// The wall: wishes of some communities in some states, newest first.
/// Each state is read on its own along `ix_wish_wall` (a community and a
/// state are equalities there, so the newest come first without sorting
/// the rest), then merged.
pub async fn wall(db: &Db, communities: &[String], states: &[&str], limit: u64) -> Result<Vec<WishRow>> {
    if communities.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for state in states {
        let q = WishRow::select()
            .cond_where(super::under("wish", communities))
            .and_where(Expr::col("status").eq(*state))
            .order_by("created_at", Order::Desc)
            .order_by("id", Order::Desc)
            .limit(limit)
            .to_owned();
        out.extend(WishRow::all(db, &q).await?);
    }
    out.sort_by_key(|w| std::cmp::Reverse((w.created_at, w.id)));
    out.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok(out)
}

/// How many wishes of some communities are in each state, counting each
/// no further than `most` (the wall says "999+").
pub async fn counts(db: &Db, communities: &[String], states: &[&str], most: u64) -> Result<Vec<(String, i64)>> {
    if communities.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for state in states {
        let some = Query::select()
            .expr(Expr::val(1))
            .from("wish")
            .cond_where(super::under("wish", communities))
            .and_where(Expr::col("status").eq(*state))
            .limit(most)
            .to_owned();
        let q = Query::select()
            .expr_as(Expr::cust("COUNT(*)").cast_as("BIGINT"), "n")
            .from_subquery(some, "some")
            .to_owned();
        let n: i64 = db.fetch_optional(&q).await?.map_or(Ok(0), |r| r.get("n"))?;
        out.push(((*state).to_owned(), n));
    }
    Ok(out)
}

/// Locks a person's row: the wishes they have waiting are counted under it.
pub async fn lock_person(tx: &mut Tx, community: &str, person: Uuid) -> Result<()> {
    let q = Query::update()
        .table("person")
        .value("status", Expr::col("status"))
        .and_where(Expr::col("community_id").eq(community))
        .and_where(Expr::col("id").eq(person))
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// A person's wishes still waiting (open or offered), as the transaction sees them.
pub async fn waiting_of(tx: &mut Tx, person: Uuid) -> Result<Vec<WishRow>> {
    let q = WishRow::select()
        .and_where(Expr::col("person_id").eq(person))
        .and_where(Expr::col("status").is_in(["open", "claimed"]))
        .to_owned();
    tx.fetch_all(&q).await?.iter().map(WishRow::from_row).collect()
}

/// The wishes some people asked for, newest first.
pub async fn of_people(db: &Db, people: &[Uuid], limit: u64) -> Result<Vec<WishRow>> {
    if people.is_empty() {
        return Ok(Vec::new());
    }
    let q = WishRow::select()
        .and_where(Expr::col("person_id").is_in(people.iter().copied()))
        .order_by("created_at", Order::Desc)
        .limit(limit)
        .to_owned();
    WishRow::all(db, &q).await
}

/// The wishes some volunteers took up, latest change first.
pub async fn of_volunteers(db: &Db, volunteers: &[Uuid], limit: u64) -> Result<Vec<WishRow>> {
    if volunteers.is_empty() {
        return Ok(Vec::new());
    }
    let q = WishRow::select()
        .and_where(Expr::col("volunteer_id").is_in(volunteers.iter().copied()))
        .order_by("updated_at", Order::Desc)
        .limit(limit)
        .to_owned();
    WishRow::all(db, &q).await
}

/// Open wishes posted before `before` that have not been raised yet.
pub async fn to_raise(db: &Db, community: &str, before: DateTime<Utc>) -> Result<Vec<WishRow>> {
    let q = WishRow::select_in(community)
        .and_where(Expr::col("status").eq("open"))
        .and_where(Expr::col("raised_at").is_null())
        .and_where(Expr::col("created_at").lt(before))
        .order_by("created_at", Order::Asc)
        .limit(200)
        .to_owned();
    WishRow::all(db, &q).await
}

/// Marks a wish raised; false when another run did first.
pub async fn raise(tx: &mut Tx, id: Uuid, now: DateTime<Utc>) -> Result<bool> {
    let q = Query::update()
        .table("wish")
        .value("raised_at", now)
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("raised_at").is_null())
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// Communities with open wishes nobody has raised.
pub async fn communities_with_open(db: &Db) -> Result<Vec<String>> {
    let q = Query::select()
        .distinct()
        .column("community_id")
        .from("wish")
        .and_where(Expr::col("status").eq("open"))
        .and_where(Expr::col("raised_at").is_null())
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| r.get("community_id")).collect()
}

/// How many open wishes of some communities were raised (nobody took them in time).
pub async fn raised_count(db: &Db, communities: &[String]) -> Result<i64> {
    if communities.is_empty() {
        return Ok(0);
    }
    let q = Query::select()
        .expr_as(Expr::cust("COUNT(*)").cast_as("BIGINT"), "n")
        .from("wish")
        .cond_where(super::under("wish", communities))
        .and_where(Expr::col("status").eq("open"))
        .and_where(Expr::col("raised_at").is_not_null())
        .to_owned();
    db.fetch_optional(&q).await?.map_or(Ok(0), |r| r.get("n"))
}

// Volunteers.

/// Registers a volunteer; false when the account already is one there.
pub async fn add_volunteer(tx: &mut Tx, v: &VolunteerRow) -> Result<bool> {
    let exists = Query::select()
        .expr(Expr::val(1))
        .from("volunteer")
        .and_where(Expr::col("community_id").eq(v.community_id.as_str()))
        .and_where(Expr::col("account_id").eq(v.account_id))
        .to_owned();
    if tx.fetch_optional(&exists).await?.is_some() {
        return Ok(false);
    }
    tx.execute(&VolunteerRow::insert().values_panic(v.values()).to_owned()).await?;
    Ok(true)
}

/// Changes what a volunteer offers, or that they left.
pub async fn update_volunteer(tx: &mut Tx, v: &VolunteerRow) -> Result<()> {
    let q = Query::update()
        .table("volunteer")
        .values([
            ("kind", v.kind.clone().into()),
            ("org_name", v.org_name.clone().into()),
            ("skills", v.skills.clone().into()),
            ("available", v.available.clone().into()),
            ("status", v.status.clone().into()),
        ])
        .and_where(Expr::col("id").eq(v.id))
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// One volunteer.
pub async fn volunteer(db: &Db, id: Uuid) -> Result<Option<VolunteerRow>> {
    VolunteerRow::one(db, &VolunteerRow::select().and_where(Expr::col("id").eq(id)).to_owned()).await
}

/// The volunteers an account is (one per community).
pub async fn volunteers_of(db: &Db, account: Uuid) -> Result<Vec<VolunteerRow>> {
    let q = VolunteerRow::select().and_where(Expr::col("account_id").eq(account)).to_owned();
    VolunteerRow::all(db, &q).await
}

/// The volunteers of some communities, by name.
pub async fn volunteers_in(db: &Db, communities: &[String]) -> Result<Vec<VolunteerRow>> {
    if communities.is_empty() {
        return Ok(Vec::new());
    }
    let q = VolunteerRow::select()
        .cond_where(super::under("volunteer", communities))
        .order_by("status", Order::Asc)
        .order_by("name", Order::Asc)
        .to_owned();
    VolunteerRow::all(db, &q).await
}

/// Locks a volunteer's row: their hours of a day are counted under it.
pub async fn lock_volunteer(tx: &mut Tx, id: Uuid) -> Result<()> {
    let q = Query::update()
        .table("volunteer")
        .value("status", Expr::col("status"))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// Minutes recorded (not refused) for a volunteer on a day.
pub async fn minutes_on(tx: &mut Tx, volunteer: Uuid, day: NaiveDate) -> Result<i64> {
    let q = Query::select()
        .expr_as(Expr::cust("COALESCE(SUM(minutes), 0)").cast_as("BIGINT"), "n")
        .from("volunteer_hours")
        .and_where(Expr::col("volunteer_id").eq(volunteer))
        .and_where(Expr::col("day").eq(day))
        .and_where(Expr::col("status").ne("refused"))
        .to_owned();
    tx.fetch_optional(&q).await?.map_or(Ok(0), |r| r.get("n"))
}

/// Whether hours were already recorded for a source.
pub async fn has_hours(tx: &mut Tx, volunteer: Uuid, source: &str) -> Result<bool> {
    let q = Query::select()
        .expr(Expr::val(1))
        .from("volunteer_hours")
        .and_where(Expr::col("volunteer_id").eq(volunteer))
        .and_where(Expr::col("source").eq(source))
        .to_owned();
    Ok(tx.fetch_optional(&q).await?.is_some())
}

/// Records hours.
pub async fn add_hours(tx: &mut Tx, h: &HoursRow) -> Result<()> {
    tx.execute(&HoursRow::insert().values_panic(h.values()).to_owned()).await?;
    Ok(())
}

/// One entry of hours.
pub async fn hours(db: &Db, id: Uuid) -> Result<Option<HoursRow>> {
    HoursRow::one(db, &HoursRow::select().and_where(Expr::col("id").eq(id)).to_owned()).await
}

/// The hours recorded for a source (a wish, an activity), inside a transaction.
pub async fn hours_for(tx: &mut Tx, source: &str) -> Result<Vec<HoursRow>> {
    let q = HoursRow::select().and_where(Expr::col("source").eq(source)).to_owned();
    tx.fetch_all(&q).await?.iter().map(HoursRow::from_row).collect()
}

/// Records the hours of a source again (done once more after 'not done'):
/// waiting for confirmation once more.
pub async fn redo_hours(
    tx: &mut Tx,
    volunteer: Uuid,
    source: &str,
    minutes: i64,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> Result<()> {
    let q = Query::update()
        .table("volunteer_hours")
        .values([
            ("minutes", minutes.into()),
            ("day", day.into()),
            ("status", "pending".into()),
            ("decided_by", Option::<String>::None.into()),
            ("decided_at", Option::<DateTime<Utc>>::None.into()),
            ("created_at", now.into()),
        ])
        .and_where(Expr::col("volunteer_id").eq(volunteer))
        .and_where(Expr::col("source").eq(source))
        .and_where(Expr::col("status").ne("confirmed"))
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// Refuses a source's hours still waiting (the work was not done).
pub async fn refuse_pending(tx: &mut Tx, volunteer: Uuid, source: &str, by: &str, now: DateTime<Utc>) -> Result<()> {
    let q = Query::update()
        .table("volunteer_hours")
        .values([("status", "refused".into()), ("decided_by", by.into()), ("decided_at", now.into())])
        .and_where(Expr::col("volunteer_id").eq(volunteer))
        .and_where(Expr::col("source").eq(source))
        .and_where(Expr::col("status").eq("pending"))
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// Confirms or refuses pending hours; false when they were not pending.
pub async fn decide_hours(tx: &mut Tx, id: Uuid, status: &str, by: &str, now: DateTime<Utc>) -> Result<bool> {
    let q = Query::update()
        .table("volunteer_hours")
        .values([("status", status.into()), ("decided_by", by.into()), ("decided_at", now.into())])
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("status").eq("pending"))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// A volunteer's hours, latest day first.
pub async fn hours_of(db: &Db, volunteer: Uuid) -> Result<Vec<HoursRow>> {
    let q = HoursRow::select()
        .and_where(Expr::col("volunteer_id").eq(volunteer))
        .order_by("day", Order::Desc)
        .order_by("created_at", Order::Desc)
        .to_owned();
    HoursRow::all(db, &q).await
}

/// Hours waiting to be confirmed in some communities, oldest first.
pub async fn hours_waiting(db: &Db, communities: &[String]) -> Result<Vec<HoursRow>> {
    if communities.is_empty() {
        return Ok(Vec::new());
    }
    let q = HoursRow::select()
        .cond_where(super::under("volunteer_hours", communities))
        .and_where(Expr::col("status").eq("pending"))
        .order_by("created_at", Order::Asc)
        .limit(200)
        .to_owned();
    HoursRow::all(db, &q).await
}

/// Confirmed minutes per volunteer of some communities.
pub async fn confirmed_minutes(db: &Db, communities: &[String]) -> Result<Vec<(Uuid, i64)>> {
    if communities.is_empty() {
        return Ok(Vec::new());
    }
    let q = Query::select()
        .column("volunteer_id")
        .expr_as(Expr::cust("SUM(minutes)").cast_as("BIGINT"), "n")
        .from("volunteer_hours")
        .cond_where(super::under("volunteer_hours", communities))
        .and_where(Expr::col("status").eq("confirmed"))
        .group_by_col("volunteer_id")
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| Ok((r.get("volunteer_id")?, r.get("n")?))).collect()
}
