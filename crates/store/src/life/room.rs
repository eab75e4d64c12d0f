//! Rooms (场地) and their bookings. A booking holds one `room_slot` row per
//! quarter hour it covers under the key (room, quarter hour): inserting an
//! overlapping booking fails in the database itself, on both engines.

use chrono::{DateTime, Utc};
use sea_query::{Expr, ExprTrait, Order, Query};
use uuid::Uuid;

use crate::row::row;
use crate::{Db, Error, Result, Tx};

row! {
    table "room";
    /// A room as stored.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct RoomRow {
        /// Identifier.
        pub id: Uuid,
        /// Its community (12 digits).
        pub community_id: String,
        /// Name (儿童活动室).
        pub name: String,
        /// How many people it holds.
        pub capacity: i64,
        /// Opens, minutes after midnight.
        pub opens: i64,
        /// Closes, minutes after midnight.
        pub closes: i64,
        /// Opening days as bits (Monday is 1).
        pub days: i64,
        /// Bookings wait for staff to approve them.
        pub needs_approval: bool,
        /// Rules of use.
        pub rules: String,
        /// Equipment.
        pub equipment: String,
        /// Open for booking.
        pub active: bool,
        /// Who added it.
        pub created_by: String,
        /// When.
        pub created_at: DateTime<Utc>,
    }
}

row! {
    table "room_booking";
    /// A booking as stored.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct BookingRow {
        /// Identifier.
        pub id: Uuid,
        /// The room.
        pub room_id: Uuid,
        /// The room's community.
        pub community_id: String,
        /// The series it belongs to.
        pub series_id: Option<Uuid>,
        /// Start.
        pub starts_at: DateTime<Utc>,
        /// End.
        pub ends_at: DateTime<Utc>,
        /// What for.
        pub purpose: String,
        /// Who booked, as people know them.
        pub booked_by: String,
        /// Their account.
        pub account_id: Uuid,
        /// The association it is booked for.
        pub association_id: Option<Uuid>,
        /// The activity it holds the room for.
        pub activity_id: Option<Uuid>,
        /// pending, confirmed, refused, cancelled.
        pub status: String,
        /// Who approved, refused or cancelled it.
        pub decided_by: Option<String>,
        /// Why it was refused or cancelled.
        pub reason: Option<String>,
        /// When it was made.
        pub created_at: DateTime<Utc>,
    }
}

impl BookingRow {
    /// Whether it holds the room (waiting for approval or confirmed).
    pub fn holds(&self) -> bool {
        matches!(self.status.as_str(), "pending" | "confirmed")
    }
}

/// Adds a room.
pub async fn add(tx: &mut Tx, r: &RoomRow) -> Result<()> {
    tx.execute(&RoomRow::insert().values_panic(r.values()).to_owned()).await?;
    Ok(())
}

/// Changes a room's settings (not its community).
pub async fn update(tx: &mut Tx, r: &RoomRow) -> Result<bool> {
    let q = Query::update()
        .table("room")
        .values([
            ("name", r.name.clone().into()),
            ("capacity", r.capacity.into()),
            ("opens", r.opens.into()),
            ("closes", r.closes.into()),
            ("days", r.days.into()),
            ("needs_approval", r.needs_approval.into()),
            ("rules", r.rules.clone().into()),
            ("equipment", r.equipment.clone().into()),
            ("active", r.active.into()),
        ])
        .and_where(Expr::col("id").eq(r.id))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// One room.
pub async fn by_id(db: &Db, id: Uuid) -> Result<Option<RoomRow>> {
    RoomRow::one(db, &RoomRow::select().and_where(Expr::col("id").eq(id)).to_owned()).await
}

/// The rooms of some communities, by name.
pub async fn in_communities(db: &Db, communities: &[String]) -> Result<Vec<RoomRow>> {
    if communities.is_empty() {
        return Ok(Vec::new());
    }
    let q = RoomRow::select()
        .cond_where(super::under("room", communities))
        .order_by("community_id", Order::Asc)
        .order_by("name", Order::Asc)
        .to_owned();
    RoomRow::all(db, &q).await
}

/// Writes a booking and the quarter hours it holds. Another booking holding
/// one of them makes it fail with [`Error::Conflict`]; the transaction is
/// then to be rolled back.
pub async fn book(tx: &mut Tx, b: &BookingRow, slots: std::ops::Range<i64>) -> Result<()> {
    tx.execute(&BookingRow::insert().values_panic(b.values()).to_owned()).await?;
    let mut q = Query::insert().into_table("room_slot").columns(["room_id", "slot", "booking_id"]).to_owned();
    for s in slots {
        q.values_panic([b.room_id.into(), s.into(), b.id.into()]);
    }
    tx.execute(&q).await?;
    Ok(())
}

/// Whether an error is two bookings meeting on one quarter hour.
pub fn is_overlap(e: &Error) -> bool {
    matches!(e, Error::Conflict { constraint } if constraint.contains("room_slot"))
}

/// The bookings holding a room at any quarter hour between `from` and
/// `to` (quarter-hour numbers), with the quarter hours each holds there.
pub async fn holders(tx: &mut Tx, room: Uuid, from: i64, to: i64) -> Result<Vec<(i64, BookingRow)>> {
    let q = Query::select()
        .column(("room_slot", "slot"))
        .columns(BookingRow::COLUMNS.map(|c| ("room_booking", c)))
        .from("room_slot")
        .inner_join("room_booking", Expr::col(("room_booking", "id")).equals(("room_slot", "booking_id")))
        .and_where(Expr::col(("room_slot", "room_id")).eq(room))
        .and_where(Expr::col(("room_slot", "slot")).gte(from))
        .and_where(Expr::col(("room_slot", "slot")).lt(to))
        .order_by(("room_slot", "slot"), Order::Asc)
        .to_owned();
    tx.fetch_all(&q).await?.iter().map(|r| Ok((r.get("slot")?, BookingRow::from_row(r)?))).collect()
}

/// Lets the room go: the booking's quarter hours are freed and it is
/// marked `status` (refused or cancelled) by `who` for `reason`. False when
/// it no longer held the room.
pub async fn release(tx: &mut Tx, id: Uuid, status: &str, who: &str, reason: Option<&str>) -> Result<bool> {
    let q = Query::update()
        .table("room_booking")
        .values([("status", status.into()), ("decided_by", who.into()), ("reason", reason.map(str::to_owned).into())])
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("status").is_in(["pending", "confirmed"]))
        .to_owned();
    if tx.execute(&q).await? == 0 {
        return Ok(false);
    }
    tx.execute(&Query::delete().from_table("room_slot").and_where(Expr::col("booking_id").eq(id)).to_owned()).await?;
    Ok(true)
}

/// Confirms a booking waiting for approval. False when it was not waiting.
pub async fn approve(tx: &mut Tx, id: Uuid, who: &str) -> Result<bool> {
    let q = Query::update()
        .table("room_booking")
        .values([("status", "confirmed".into()), ("decided_by", who.into())])
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("status").eq("pending"))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// One booking.
pub async fn booking(db: &Db, id: Uuid) -> Result<Option<BookingRow>> {
    BookingRow::one(db, &BookingRow::select().and_where(Expr::col("id").eq(id)).to_owned()).await
}

/// One booking, as the transaction sees it.
pub async fn booking_in(tx: &mut Tx, id: Uuid) -> Result<Option<BookingRow>> {
    let q = BookingRow::select().and_where(Expr::col("id").eq(id)).to_owned();
    tx.fetch_optional(&q).await?.as_ref().map(BookingRow::from_row).transpose()
}

/// The bookings of a series still holding the room, as the transaction sees them.
pub async fn series_in(tx: &mut Tx, series: Uuid) -> Result<Vec<BookingRow>> {
    let q = BookingRow::select()
        .and_where(Expr::col("series_id").eq(series))
        .and_where(Expr::col("status").is_in(["pending", "confirmed"]))
        .order_by("starts_at", Order::Asc)
        .to_owned();
    tx.fetch_all(&q).await?.iter().map(BookingRow::from_row).collect()
}

/// The bookings holding a room that start before `to` and end after `from`.
pub async fn between(db: &Db, room: Uuid, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<BookingRow>> {
    let q = BookingRow::select()
        .and_where(Expr::col("room_id").eq(room))
        .and_where(Expr::col("starts_at").lt(to))
        .and_where(Expr::col("ends_at").gt(from))
        .and_where(Expr::col("status").is_in(["pending", "confirmed"]))
        .order_by("starts_at", Order::Asc)
        .to_owned();
    BookingRow::all(db, &q).await
}

/// An account's bookings ending after `from`, soonest first (at most `limit`).
pub async fn of_account(db: &Db, account: Uuid, from: DateTime<Utc>, limit: u64) -> Result<Vec<BookingRow>> {
    let q = BookingRow::select()
        .and_where(Expr::col("account_id").eq(account))
        .and_where(Expr::col("ends_at").gt(from))
        .order_by("starts_at", Order::Asc)
        .limit(limit)
        .to_owned();
    BookingRow::all(db, &q).await
}

/// Holds an account's bookings until the transaction ends (on PostgreSQL a
/// row lock on the account; SQLite writes one at a time anyway), so that
/// two bookings of one resident at once count each other.
pub async fn lock_booker(tx: &mut Tx, account: Uuid) -> Result<()> {
    let q = Query::update()
        .table("account")
        .value("disabled", Expr::col("disabled"))
        .and_where(Expr::col("id").eq(account))
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// How many bookings an account holds for itself (not for an association
/// or an activity) that have not ended.
pub async fn held_by(tx: &mut Tx, account: Uuid, now: DateTime<Utc>) -> Result<i64> {
    let q = Query::select()
        .expr_as(Expr::cust("COUNT(*)").cast_as("BIGINT"), "n")
        .from("room_booking")
        .and_where(Expr::col("account_id").eq(account))
        .and_where(Expr::col("association_id").is_null())
        .and_where(Expr::col("activity_id").is_null())
        .and_where(Expr::col("ends_at").gt(now))
        .and_where(Expr::col("status").is_in(["pending", "confirmed"]))
        .to_owned();
    tx.fetch_optional(&q).await?.map_or(Ok(0), |r| r.get("n"))
}

/// Bookings waiting for approval in some communities, soonest first.
pub async fn waiting(db: &Db, communities: &[String], now: DateTime<Utc>) -> Result<Vec<BookingRow>> {
    if communities.is_empty() {
        return Ok(Vec::new());
    }
    let q = BookingRow::select()
        .cond_where(super::under("room_booking", communities))
        .and_where(Expr::col("status").eq("pending"))
        .and_where(Expr::col("ends_at").gt(now))
        .order_by("starts_at", Order::Asc)
        .limit(200)
        .to_owned();
    BookingRow::all(db, &q).await
}

/// The bookings holding a room for an activity, as the transaction sees them.
pub async fn for_activity(tx: &mut Tx, activity: Uuid) -> Result<Vec<Uuid>> {
    let q = Query::select()
        .column("id")
        .from("room_booking")
        .and_where(Expr::col("activity_id").eq(activity))
        .and_where(Expr::col("status").is_in(["pending", "confirmed"]))
        .to_owned();
    tx.fetch_all(&q).await?.iter().map(|r| r.get("id")).collect()
}
