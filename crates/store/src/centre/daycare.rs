//! Elderly day care: enrolled elders and their emergency contacts, meal
//! prices and cut-offs, the weekly menu, meal bookings and attendance.

use chrono::{DateTime, NaiveDate, Utc};
use sea_query::{Expr, ExprTrait, OnConflict, Order, Query};
use uuid::Uuid;

use crate::row::row;
use crate::{Db, Result, Tx};

row! {
    table "daycare_elder";
    /// An elder enrolled at a community's day care centre.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ElderRow {
        /// Community.
        pub community_id: String,
        /// Identifier.
        pub id: Uuid,
        /// The person in the registry.
        pub person_id: Uuid,
        /// The name as enrolled.
        pub name: String,
        /// Diet codes, comma separated.
        pub diets: String,
        /// Allergies, as staff wrote them.
        pub allergies: String,
        /// Notes for the staff.
        pub notes: String,
        /// Still enrolled.
        pub active: bool,
        /// When enrolled.
        pub enrolled_at: DateTime<Utc>,
    }
}

row! {
    table "daycare_contact";
    /// An elder's emergency contact (family); their phone, hashed, finds
    /// their account so that they may book for the elder.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ContactRow {
        /// Community.
        pub community_id: String,
        /// Identifier.
        pub id: Uuid,
        /// Whose contact.
        pub elder_id: Uuid,
        /// Name.
        pub name: String,
        /// 儿子, 女儿, 配偶 …
        pub relation: String,
        /// Sealed phone.
        pub phone_sealed: String,
        /// As shown (138****0000).
        pub phone_masked: String,
        /// Keyed hash of the phone.
        pub phone_hash: String,
        /// The family member's account, linked by staff.
        pub account_id: Option<Uuid>,
        /// When added.
        pub created_at: DateTime<Utc>,
    }
}

row! {
    table "daycare_booking";
    /// A meal booked for an elder.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct BookingRow {
        /// Community.
        pub community_id: String,
        /// For whom.
        pub elder_id: Uuid,
        /// The day.
        pub day: NaiveDate,
        /// breakfast, lunch or dinner.
        pub meal: String,
        /// The account that booked.
        pub booked_by: Uuid,
        /// self, family or staff.
        pub booked_as: String,
        /// Fen, the price when booked.
        pub price: i64,
        /// When.
        pub created_at: DateTime<Utc>,
    }
}

row! {
    table "daycare_attendance";
    /// An elder's day at the centre.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct AttendanceRow {
        /// Community.
        pub community_id: String,
        /// Who.
        pub elder_id: Uuid,
        /// The day.
        pub day: NaiveDate,
        /// Arrived.
        pub arrived_at: DateTime<Utc>,
        /// Left.
        pub left_at: Option<DateTime<Utc>>,
        /// Who took them home (本人, 女儿 王芳 …).
        pub picked_up_by: Option<String>,
        /// The staff member who recorded it.
        pub recorded_by: String,
    }
}

// Elders and contacts.

/// Enrols an elder; a conflict when the person is enrolled already.
pub async fn add_elder(tx: &mut Tx, e: &ElderRow) -> Result<()> {
    tx.execute(&ElderRow::insert().values_panic(e.values()).to_owned()).await?;
    Ok(())
}

/// One elder.
pub async fn elder(db: &Db, id: Uuid) -> Result<Option<ElderRow>> {
    ElderRow::one(db, &ElderRow::select().and_where(Expr::col("id").eq(id)).to_owned()).await
}

/// The elder a person of a community is, if enrolled (or once enrolled).
pub async fn elder_of_person(db: &Db, community: &str, person: Uuid) -> Result<Option<ElderRow>> {
    let q = ElderRow::select()
        .and_where(Expr::col("community_id").eq(community))
        .and_where(Expr::col("person_id").eq(person))
        .to_owned();
    ElderRow::one(db, &q).await
}

/// A community's elders (enrolled ones only, or all), by name.
pub async fn elders(db: &Db, community: &str, active_only: bool) -> Result<Vec<ElderRow>> {
    let mut q = ElderRow::select().and_where(Expr::col("community_id").eq(community)).to_owned();
    if active_only {
        q.and_where(Expr::col("active").eq(true));
    }
    ElderRow::all(db, &q.order_by("name", Order::Asc).to_owned()).await
}

/// Elders by id.
pub async fn elders_by_id(db: &Db, ids: &[Uuid]) -> Result<Vec<ElderRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let q = ElderRow::select()
        .and_where(Expr::col("id").is_in(ids.iter().copied()))
        .order_by("name", Order::Asc)
        .to_owned();
    ElderRow::all(db, &q).await
}

/// Changes an elder's diets, allergies, notes and enrolment.
pub async fn update_elder(tx: &mut Tx, e: &ElderRow) -> Result<()> {
    let q = Query::update()
        .table("daycare_elder")
        .values([
            ("diets", e.diets.clone().into()),
            ("allergies", e.allergies.clone().into()),
            ("notes", e.notes.clone().into()),
            ("active", e.active.into()),
        ])
        .and_where(Expr::col("community_id").eq(e.community_id.as_str()))
        .and_where(Expr::col("id").eq(e.id))
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// Adds a contact.
pub async fn add_contact(tx: &mut Tx, c: &ContactRow) -> Result<()> {
    tx.execute(&ContactRow::insert().values_panic(c.values()).to_owned()).await?;
    Ok(())
}

/// Removes a contact of an elder; whether there was one.
pub async fn remove_contact(tx: &mut Tx, community: &str, elder: Uuid, id: Uuid) -> Result<bool> {
    let q = Query::delete()
        .from_table("daycare_contact")
        .and_where(Expr::col("community_id").eq(community))
        .and_where(Expr::col("elder_id").eq(elder))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    Ok(tx.execute(&q).await? > 0)
}

/// An elder's contacts, first added first.
pub async fn contacts(db: &Db, community: &str, elder: Uuid) -> Result<Vec<ContactRow>> {
    let q = ContactRow::select()
        .and_where(Expr::col("community_id").eq(community))
        .and_where(Expr::col("elder_id").eq(elder))
        .order_by("created_at", Order::Asc)
        .to_owned();
    ContactRow::all(db, &q).await
}

/// One contact.
pub async fn contact(db: &Db, community: &str, id: Uuid) -> Result<Option<ContactRow>> {
    let q = ContactRow::select()
        .and_where(Expr::col("community_id").eq(community))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    ContactRow::one(db, &q).await
}

/// The elders an account is linked to as a family member: whom it may
/// book for.
pub async fn elders_of_family(db: &Db, account: Uuid) -> Result<Vec<Uuid>> {
    let q = Query::select()
        .distinct()
        .column("elder_id")
        .from("daycare_contact")
        .and_where(Expr::col("account_id").eq(account))
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| r.get("elder_id")).collect()
}

/// Links (or unlinks) a contact's account.
pub async fn link_contact(tx: &mut Tx, community: &str, id: Uuid, account: Option<Uuid>) -> Result<bool> {
    let q = Query::update()
        .table("daycare_contact")
        .value("account_id", account)
        .and_where(Expr::col("community_id").eq(community))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    Ok(tx.execute(&q).await? > 0)
}

/// Cancels an elder's bookings from a day on whose meal is one of `meals`
/// for that day (those still open); how many.
pub async fn cancel_open(tx: &mut Tx, community: &str, elder: Uuid, open: &[(NaiveDate, String)]) -> Result<u64> {
    let mut n = 0;
    for (day, meal) in open {
        n += u64::from(cancel(tx, community, elder, *day, meal).await?);
    }
    Ok(n)
}

/// How many are booked for a day's meal.
pub async fn booked_count(db: &Db, community: &str, day: NaiveDate, meal: &str) -> Result<i64> {
    let q = Query::select()
        .expr_as(Expr::col("elder_id").count(), "n")
        .from("daycare_booking")
        .and_where(Expr::col("community_id").eq(community))
        .and_where(Expr::col("day").eq(day))
        .and_where(Expr::col("meal").eq(meal))
        .to_owned();
    db.fetch_optional(&q).await?.map_or(Ok(0), |r| r.get("n"))
}

// Meals.

/// A community's meal prices and cut-offs as set: (meal, fen, minutes).
pub async fn meals(db: &Db, community: &str) -> Result<Vec<(String, i64, i32)>> {
    let q = Query::select()
        .columns(["meal", "price", "cutoff_minutes"])
        .from("daycare_meal")
        .and_where(Expr::col("community_id").eq(community))
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| Ok((r.get("meal")?, r.get("price")?, r.get("cutoff_minutes")?))).collect()
}

/// Sets a meal's price and cut-off.
pub async fn set_meal(tx: &mut Tx, community: &str, meal: &str, price: i64, cutoff: i32) -> Result<()> {
    let q = Query::insert()
        .into_table("daycare_meal")
        .columns(["community_id", "meal", "price", "cutoff_minutes"])
        .values_panic([community.into(), meal.into(), price.into(), cutoff.into()])
        .on_conflict(
            OnConflict::columns(["community_id", "meal"]).update_columns(["price", "cutoff_minutes"]).to_owned(),
        )
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

// The menu.

/// A week's menu cells: (day, meal, course, dishes separated by 、).
pub async fn menu(
    db: &Db,
    community: &str,
    from: NaiveDate,
    until: NaiveDate,
) -> Result<Vec<(NaiveDate, String, String, String)>> {
    let q = Query::select()
        .columns(["day", "meal", "course", "names"])
        .from("daycare_dish")
        .and_where(Expr::col("community_id").eq(community))
        .and_where(Expr::col("day").gte(from))
        .and_where(Expr::col("day").lte(until))
        .to_owned();
    db.fetch_all(&q)
        .await?
        .iter()
        .map(|r| Ok((r.get("day")?, r.get("meal")?, r.get("course")?, r.get("names")?)))
        .collect()
}

/// Replaces the menu of some days with these cells (empty cells left out).
pub async fn set_menu(
    tx: &mut Tx,
    community: &str,
    (from, until): (NaiveDate, NaiveDate),
    cells: &[(NaiveDate, &str, &str, String)],
) -> Result<()> {
    let q = Query::delete()
        .from_table("daycare_dish")
        .and_where(Expr::col("community_id").eq(community))
        .and_where(Expr::col("day").gte(from))
        .and_where(Expr::col("day").lte(until))
        .to_owned();
    tx.execute(&q).await?;
    let mut q = Query::insert()
        .into_table("daycare_dish")
        .columns(["community_id", "day", "meal", "course", "names"])
        .to_owned();
    let mut any = false;
    for (day, meal, course, names) in cells.iter().filter(|c| !c.3.is_empty()) {
        q.values_panic([community.into(), (*day).into(), (*meal).into(), (*course).into(), names.clone().into()]);
        any = true;
    }
    if any {
        tx.execute(&q).await?;
    }
    Ok(())
}

/// When a week's menu was published, and by whom.
pub async fn published(db: &Db, community: &str, monday: NaiveDate) -> Result<Option<(DateTime<Utc>, String)>> {
    let q = Query::select()
        .columns(["published_at", "published_by"])
        .from("daycare_week")
        .and_where(Expr::col("community_id").eq(community))
        .and_where(Expr::col("monday").eq(monday))
        .to_owned();
    let Some(r) = db.fetch_optional(&q).await? else { return Ok(None) };
    let at: Option<DateTime<Utc>> = r.get("published_at")?;
    let by: Option<String> = r.get("published_by")?;
    Ok(at.map(|at| (at, by.unwrap_or_default())))
}

/// Publishes a week's menu (again: the time moves on).
pub async fn publish(tx: &mut Tx, community: &str, monday: NaiveDate, at: DateTime<Utc>, by: &str) -> Result<()> {
    let q = Query::insert()
        .into_table("daycare_week")
        .columns(["community_id", "monday", "published_at", "published_by"])
        .values_panic([community.into(), monday.into(), at.into(), by.into()])
        .on_conflict(
            OnConflict::columns(["community_id", "monday"]).update_columns(["published_at", "published_by"]).to_owned(),
        )
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

// Bookings.

/// Books a meal; false when it was booked already.
pub async fn book(tx: &mut Tx, b: &BookingRow) -> Result<bool> {
    let q = BookingRow::insert()
        .values_panic(b.values())
        .on_conflict(OnConflict::columns(["community_id", "elder_id", "day", "meal"]).do_nothing().to_owned())
        .to_owned();
    Ok(tx.execute(&q).await? > 0)
}

/// Cancels a booked meal; false when there was none.
pub async fn cancel(tx: &mut Tx, community: &str, elder: Uuid, day: NaiveDate, meal: &str) -> Result<bool> {
    let q = Query::delete()
        .from_table("daycare_booking")
        .and_where(Expr::col("community_id").eq(community))
        .and_where(Expr::col("elder_id").eq(elder))
        .and_where(Expr::col("day").eq(day))
        .and_where(Expr::col("meal").eq(meal))
        .to_owned();
    Ok(tx.execute(&q).await? > 0)
}

/// A community's bookings between two days (of some elders, or all).
pub async fn bookings(
    db: &Db,
    community: &str,
    (from, until): (NaiveDate, NaiveDate),
    elders: Option<&[Uuid]>,
) -> Result<Vec<BookingRow>> {
    let mut q = BookingRow::select()
        .and_where(Expr::col("community_id").eq(community))
        .and_where(Expr::col("day").gte(from))
        .and_where(Expr::col("day").lte(until))
        .to_owned();
    if let Some(e) = elders {
        q.and_where(Expr::col("elder_id").is_in(e.iter().copied()));
    }
    BookingRow::all(db, &q.order_by("day", Order::Asc).to_owned()).await
}

/// A day's booked meals with the booked elder's diets and allergies:
/// (meal, diets, name, allergies). The kitchen's sheet is made from it.
pub async fn plates(db: &Db, community: &str, day: NaiveDate) -> Result<Vec<(String, String, String, String)>> {
    let q = Query::select()
        .column(("daycare_booking", "meal"))
        .column(("daycare_elder", "diets"))
        .column(("daycare_elder", "name"))
        .column(("daycare_elder", "allergies"))
        .from("daycare_booking")
        .inner_join(
            "daycare_elder",
            Expr::col(("daycare_elder", "community_id"))
                .equals(("daycare_booking", "community_id"))
                .and(Expr::col(("daycare_elder", "id")).equals(("daycare_booking", "elder_id"))),
        )
        .and_where(Expr::col(("daycare_booking", "community_id")).eq(community))
        .and_where(Expr::col(("daycare_booking", "day")).eq(day))
        .order_by(("daycare_elder", "name"), Order::Asc)
        .to_owned();
    db.fetch_all(&q)
        .await?
        .iter()
        .map(|r| Ok((r.get("meal")?, r.get("diets")?, r.get("name")?, r.get("allergies")?)))
        .collect()
}

// Attendance.

/// Records an arrival; false when the elder arrived already that day.
pub async fn arrive(tx: &mut Tx, a: &AttendanceRow) -> Result<bool> {
    let q = AttendanceRow::insert()
        .values_panic(a.values())
        .on_conflict(OnConflict::columns(["community_id", "elder_id", "day"]).do_nothing().to_owned())
        .to_owned();
    Ok(tx.execute(&q).await? > 0)
}

/// Records a leaving, once, after an arrival; false otherwise.
pub async fn leave(
    tx: &mut Tx,
    community: &str,
    elder: Uuid,
    day: NaiveDate,
    (at, picked_up_by): (DateTime<Utc>, &str),
) -> Result<bool> {
    let q = Query::update()
        .table("daycare_attendance")
        .values([("left_at", at.into()), ("picked_up_by", picked_up_by.into())])
        .and_where(Expr::col("community_id").eq(community))
        .and_where(Expr::col("elder_id").eq(elder))
        .and_where(Expr::col("day").eq(day))
        .and_where(Expr::col("left_at").is_null())
        .to_owned();
    Ok(tx.execute(&q).await? > 0)
}

/// A day's attendance.
pub async fn attendance(db: &Db, community: &str, day: NaiveDate) -> Result<Vec<AttendanceRow>> {
    let q = AttendanceRow::select()
        .and_where(Expr::col("community_id").eq(community))
        .and_where(Expr::col("day").eq(day))
        .to_owned();
    AttendanceRow::all(db, &q).await
}
