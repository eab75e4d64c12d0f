//! Activities (活动) and registrations. Each registration takes the next
//! number under the activity row's lock (`seq`), so the waitlist keeps the
//! order people arrived in, and the count of confirmed places lives on the
//! same row: a registration, a cancellation and a promotion are each one
//! transaction that never confirms more than the capacity.

use chrono::{DateTime, Utc};
use sea_query::{Expr, ExprTrait, Order, Query};
use uuid::Uuid;

use crate::row::row;
use crate::{Db, Result, Tx};

row! {
    table "activity";
    /// An activity as stored.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ActivityRow {
        /// Identifier.
        pub id: Uuid,
        /// Its community.
        pub community_id: String,
        /// The association organising it.
        pub association_id: Option<Uuid>,
        /// The activities of one weekly series share it.
        pub series_id: Option<Uuid>,
        /// Title.
        pub title: String,
        /// Description.
        pub body: String,
        /// Where, as people say it (the room's name when it has one).
        pub place: String,
        /// The room it holds.
        pub room_id: Option<Uuid>,
        /// Start.
        pub starts_at: DateTime<Utc>,
        /// End.
        pub ends_at: DateTime<Utc>,
        /// Registration closes.
        pub deadline: DateTime<Utc>,
        /// Places.
        pub capacity: i64,
        /// Who may register: all, tag:X, ages:A-B, members.
        pub open_to: String,
        /// Listed on the community's public page and calendar.
        pub public: bool,
        /// Registrations so far (the next one's number).
        pub seq: i64,
        /// Places taken.
        pub confirmed: i64,
        /// When it was called off.
        pub cancelled_at: Option<DateTime<Utc>>,
        /// The secret the door's QR code carries.
        pub check_token: String,
        /// When the reminders went.
        pub reminded_at: Option<DateTime<Utc>>,
        /// Who organises it, as people know them.
        pub organiser: String,
        /// Who wrote it.
        pub created_by: String,
        /// When.
        pub created_at: DateTime<Utc>,
    }
}

row! {
    table "activity_registration";
    /// Someone's registration.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct RegistrationRow {
        /// The activity.
        pub activity_id: Uuid,
        /// Their account.
        pub account_id: Uuid,
        /// As people know them.
        pub name: String,
        /// Their number in the order of registering.
        pub seq: i64,
        /// confirmed, waitlisted, cancelled.
        pub standing: String,
        /// When they registered.
        pub registered_at: DateTime<Utc>,
        /// When they moved up from the waitlist.
        pub promoted_at: Option<DateTime<Utc>>,
        /// When they cancelled.
        pub cancelled_at: Option<DateTime<Utc>>,
        /// When they checked in.
        pub checked_in_at: Option<DateTime<Utc>>,
        /// qr or staff.
        pub checked_in_how: Option<String>,
    }
}

/// Adds an activity.
pub async fn add(tx: &mut Tx, a: &ActivityRow) -> Result<()> {
    tx.execute(&ActivityRow::insert().values_panic(a.values()).to_owned()).await?;
    Ok(())
}

/// One activity.
pub async fn by_id(db: &Db, id: Uuid) -> Result<Option<ActivityRow>> {
    ActivityRow::one(db, &ActivityRow::select().and_where(Expr::col("id").eq(id)).to_owned()).await
}

/// Takes the activity's lock for the rest of the transaction and the next
/// registration number; returns the activity as it stands then.
pub async fn lock(tx: &mut Tx, id: Uuid) -> Result<Option<ActivityRow>> {
    let q = Query::update()
        .table("activity")
        .value("seq", Expr::col("seq").add(1))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    if tx.execute(&q).await? == 0 {
        return Ok(None);
    }
    let q = ActivityRow::select().and_where(Expr::col("id").eq(id)).to_owned();
    tx.fetch_optional(&q).await?.as_ref().map(ActivityRow::from_row).transpose()
}

/// Changes the count of places taken by `delta`.
pub async fn add_confirmed(tx: &mut Tx, id: Uuid, delta: i64) -> Result<()> {
    let q = Query::update()
        .table("activity")
        .value("confirmed", Expr::col("confirmed").add(delta))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// Someone's registration, as the transaction sees it.
pub async fn registration(tx: &mut Tx, activity: Uuid, account: Uuid) -> Result<Option<RegistrationRow>> {
    let q = RegistrationRow::select()
        .and_where(Expr::col("activity_id").eq(activity))
        .and_where(Expr::col("account_id").eq(account))
        .to_owned();
    tx.fetch_optional(&q).await?.as_ref().map(RegistrationRow::from_row).transpose()
}

/// Writes a registration (again, over a cancelled one).
pub async fn register(tx: &mut Tx, r: &RegistrationRow) -> Result<()> {
    let q = Query::delete()
        .from_table("activity_registration")
        .and_where(Expr::col("activity_id").eq(r.activity_id))
        .and_where(Expr::col("account_id").eq(r.account_id))
        .and_where(Expr::col("standing").eq("cancelled"))
        .to_owned();
    tx.execute(&q).await?;
    tx.execute(&RegistrationRow::insert().values_panic(r.values()).to_owned()).await?;
    Ok(())
}

/// Sets a registration's standing; `promoted` and `cancelled` stamp when.
pub async fn set_standing(tx: &mut Tx, activity: Uuid, account: Uuid, standing: &str, at: DateTime<Utc>) -> Result<()> {
    let mut q = Query::update()
        .table("activity_registration")
        .value("standing", standing)
        .and_where(Expr::col("activity_id").eq(activity))
        .and_where(Expr::col("account_id").eq(account))
        .to_owned();
    match standing {
        "confirmed" => q.value("promoted_at", at),
        "cancelled" => q.value("cancelled_at", at),
        _ => &mut q,
    };
    tx.execute(&q).await?;
    Ok(())
}

/// The first on the waitlist.
pub async fn first_waiting(tx: &mut Tx, activity: Uuid) -> Result<Option<RegistrationRow>> {
    let q = RegistrationRow::select()
        .and_where(Expr::col("activity_id").eq(activity))
        .and_where(Expr::col("standing").eq("waitlisted"))
        .order_by("seq", Order::Asc)
        .limit(1)
        .to_owned();
    tx.fetch_optional(&q).await?.as_ref().map(RegistrationRow::from_row).transpose()
}

/// Everyone registered, confirmed first, each in the order they came.
pub async fn registrations(db: &Db, activity: Uuid) -> Result<Vec<RegistrationRow>> {
    let q = RegistrationRow::select()
        .and_where(Expr::col("activity_id").eq(activity))
        .order_by("standing", Order::Asc)
        .order_by("seq", Order::Asc)
        .to_owned();
    RegistrationRow::all(db, &q).await
}

/// Those confirmed, as the transaction sees them.
pub async fn confirmed_in(tx: &mut Tx, activity: Uuid) -> Result<Vec<RegistrationRow>> {
    let q = RegistrationRow::select()
        .and_where(Expr::col("activity_id").eq(activity))
        .and_where(Expr::col("standing").eq("confirmed"))
        .order_by("seq", Order::Asc)
        .to_owned();
    tx.fetch_all(&q).await?.iter().map(RegistrationRow::from_row).collect()
}

/// Marks someone confirmed as arrived. False when they were not confirmed
/// or had already checked in.
pub async fn check_in(tx: &mut Tx, activity: Uuid, account: Uuid, how: &str, at: DateTime<Utc>) -> Result<bool> {
    let q = Query::update()
        .table("activity_registration")
        .values([("checked_in_at", at.into()), ("checked_in_how", how.into())])
        .and_where(Expr::col("activity_id").eq(activity))
        .and_where(Expr::col("account_id").eq(account))
        .and_where(Expr::col("standing").eq("confirmed"))
        .and_where(Expr::col("checked_in_at").is_null())
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// Activities of some communities ending after `from`, soonest first.
pub async fn upcoming(
    db: &Db,
    communities: &[String],
    from: DateTime<Utc>,
    public_only: bool,
    limit: u64,
) -> Result<Vec<ActivityRow>> {
    if communities.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = ActivityRow::select()
        .cond_where(super::under("activity", communities))
        .and_where(Expr::col("ends_at").gt(from))
        .order_by("starts_at", Order::Asc)
        .limit(limit)
        .to_owned();
    if public_only {
        q.and_where(Expr::col("public").eq(true)).and_where(Expr::col("cancelled_at").is_null());
    }
    ActivityRow::all(db, &q).await
}

/// An account's registrations (not cancelled) for activities ending after
/// `from`, with the activities, soonest first.
pub async fn of_account(db: &Db, account: Uuid, from: DateTime<Utc>) -> Result<Vec<(ActivityRow, RegistrationRow)>> {
    let q = Query::select()
        .columns(ActivityRow::COLUMNS.map(|c| ("activity", c)))
        .expr_as(Expr::col(("activity_registration", "seq")), "r_seq")
        .columns(
            [
                "name",
                "standing",
                "registered_at",
                "promoted_at",
                "checked_in_at",
                "checked_in_how",
                "account_id",
                "activity_id",
            ]
            .map(|c| ("activity_registration", c)),
        )
        .expr_as(Expr::col(("activity_registration", "cancelled_at")), "r_cancelled_at")
        .from("activity_registration")
        .inner_join("activity", Expr::col(("activity", "id")).equals(("activity_registration", "activity_id")))
        .and_where(Expr::col(("activity_registration", "account_id")).eq(account))
        .and_where(Expr::col(("activity_registration", "standing")).ne("cancelled"))
        .and_where(Expr::col(("activity", "ends_at")).gt(from))
        .order_by(("activity", "starts_at"), Order::Asc)
        .limit(200)
        .to_owned();
    db.fetch_all(&q)
        .await?
        .iter()
        .map(|r| {
            let a = ActivityRow::from_row(r)?;
            let reg = RegistrationRow {
                activity_id: r.get("activity_id")?,
                account_id: r.get("account_id")?,
                name: r.get("name")?,
                seq: r.get("r_seq")?,
                standing: r.get("standing")?,
                registered_at: r.get("registered_at")?,
                promoted_at: r.get("promoted_at")?,
                cancelled_at: r.get("r_cancelled_at")?,
                checked_in_at: r.get("checked_in_at")?,
                checked_in_how: r.get("checked_in_how")?,
            };
            Ok((a, reg))
        })
        .collect()
}

/// Activities starting between `from` and `to` whose reminders have not gone.
pub async fn to_remind(db: &Db, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<ActivityRow>> {
    let q = ActivityRow::select()
        .and_where(Expr::col("starts_at").gt(from))
        .and_where(Expr::col("starts_at").lte(to))
        .and_where(Expr::col("reminded_at").is_null())
        .and_where(Expr::col("cancelled_at").is_null())
        .limit(500)
        .to_owned();
    ActivityRow::all(db, &q).await
}

/// Claims an activity's reminders: true for the one transaction that does.
pub async fn claim_reminders(tx: &mut Tx, id: Uuid, at: DateTime<Utc>) -> Result<bool> {
    let q = Query::update()
        .table("activity")
        .value("reminded_at", at)
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("reminded_at").is_null())
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// Calls an activity off. False when it already was.
pub async fn call_off(tx: &mut Tx, id: Uuid, at: DateTime<Utc>) -> Result<bool> {
    let q = Query::update()
        .table("activity")
        .value("cancelled_at", at)
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("cancelled_at").is_null())
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// An account's calendar token.
pub async fn feed_token(db: &Db, account: Uuid) -> Result<Option<String>> {
    let q =
        Query::select().column("token").from("calendar_feed").and_where(Expr::col("account_id").eq(account)).to_owned();
    db.fetch_optional(&q).await?.map(|r| r.get("token")).transpose()
}

/// Gives an account a calendar token (replacing one it had).
pub async fn set_feed_token(tx: &mut Tx, account: Uuid, token: &str, at: DateTime<Utc>) -> Result<()> {
    tx.execute(&Query::delete().from_table("calendar_feed").and_where(Expr::col("account_id").eq(account)).to_owned())
        .await?;
    let q = Query::insert()
        .into_table("calendar_feed")
        .columns(["account_id", "token", "created_at"])
        .values_panic([account.into(), token.into(), at.into()])
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// The account a calendar token belongs to.
pub async fn feed_account(db: &Db, token: &str) -> Result<Option<Uuid>> {
    let q =
        Query::select().column("account_id").from("calendar_feed").and_where(Expr::col("token").eq(token)).to_owned();
    db.fetch_optional(&q).await?.map(|r| r.get("account_id")).transpose()
}

/// Everyone registered and not cancelled, as the transaction sees them.
pub async fn registrations_in(tx: &mut Tx, activity: Uuid) -> Result<Vec<RegistrationRow>> {
    let q = RegistrationRow::select()
        .and_where(Expr::col("activity_id").eq(activity))
        .and_where(Expr::col("standing").ne("cancelled"))
        .to_owned();
    tx.fetch_all(&q).await?.iter().map(RegistrationRow::from_row).collect()
}
