//! The after-school class (四点半课堂): the class, the children enrolled
//! and each day's arrivals and sign-outs.

use chrono::{DateTime, NaiveDate, Utc};
use sea_query::{Expr, ExprTrait, Order, Query};
use uuid::Uuid;

use crate::row::row;
use crate::{Db, Result, Tx};

row! {
    table "after_school";
    /// A class as stored.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ClassRow {
        /// Identifier.
        pub id: Uuid,
        /// Its community.
        pub community_id: String,
        /// Name (四点半课堂).
        pub name: String,
        /// Where.
        pub place: String,
        /// First day of the term.
        pub term_from: NaiveDate,
        /// Last day.
        pub term_until: NaiveDate,
        /// Weekdays as bits (Monday is 1).
        pub days: i64,
        /// Starts, minutes after midnight.
        pub starts: i64,
        /// Ends.
        pub ends: i64,
        /// Youngest age.
        pub min_age: i64,
        /// Oldest age.
        pub max_age: i64,
        /// Places.
        pub capacity: i64,
        /// Children enrolled now.
        pub enrolled: i64,
        /// Who set it up.
        pub created_by: String,
        /// When.
        pub created_at: DateTime<Utc>,
    }
}

row! {
    table "after_school_child";
    /// A child enrolled.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ChildRow {
        /// The class.
        pub class_id: Uuid,
        /// The child (a person of the registry).
        pub person_id: Uuid,
        /// Their community.
        pub community_id: String,
        /// Their household.
        pub household_id: Uuid,
        /// Their name.
        pub child_name: String,
        /// Who enrolled them.
        pub enrolled_by: Uuid,
        /// The parent's account, told when the child leaves.
        pub parent_account: Option<Uuid>,
        /// Adults who may take the child home, comma-separated.
        pub pickups: String,
        /// enrolled or withdrawn.
        pub status: String,
        /// When.
        pub enrolled_at: DateTime<Utc>,
    }
}

row! {
    table "after_school_day";
    /// A child's day at the class.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct DayRow {
        /// The class.
        pub class_id: Uuid,
        /// The day.
        pub day: NaiveDate,
        /// The child.
        pub person_id: Uuid,
        /// Arrived.
        pub arrived_at: DateTime<Utc>,
        /// Signed out.
        pub left_at: Option<DateTime<Utc>>,
        /// To whom.
        pub picked_up_by: Option<String>,
        /// Who marked the arrival.
        pub marked_by: String,
    }
}

/// Adds a class.
pub async fn add(tx: &mut Tx, c: &ClassRow) -> Result<()> {
    tx.execute(&ClassRow::insert().values_panic(c.values()).to_owned()).await?;
    Ok(())
}

/// One class.
pub async fn by_id(db: &Db, id: Uuid) -> Result<Option<ClassRow>> {
    ClassRow::one(db, &ClassRow::select().and_where(Expr::col("id").eq(id)).to_owned()).await
}

/// The classes of some communities whose term has not ended.
pub async fn current(db: &Db, communities: &[String], today: NaiveDate) -> Result<Vec<ClassRow>> {
    if communities.is_empty() {
        return Ok(Vec::new());
    }
    let q = ClassRow::select()
        .cond_where(super::under("after_school", communities))
        .and_where(Expr::col("term_until").gte(today))
        .order_by("term_from", Order::Asc)
        .to_owned();
    ClassRow::all(db, &q).await
}

/// Takes the class's lock until the transaction ends; returns it as it stands.
pub async fn lock(tx: &mut Tx, id: Uuid) -> Result<Option<ClassRow>> {
    let q = Query::update()
        .table("after_school")
        .value("enrolled", Expr::col("enrolled"))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    if tx.execute(&q).await? == 0 {
        return Ok(None);
    }
    let q = ClassRow::select().and_where(Expr::col("id").eq(id)).to_owned();
    tx.fetch_optional(&q).await?.as_ref().map(ClassRow::from_row).transpose()
}

/// Changes the count of children enrolled by `delta`.
pub async fn add_enrolled(tx: &mut Tx, id: Uuid, delta: i64) -> Result<()> {
    let q = Query::update()
        .table("after_school")
        .value("enrolled", Expr::col("enrolled").add(delta))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// A child's enrolment, as the transaction sees it.
pub async fn child_in(tx: &mut Tx, class: Uuid, person: Uuid) -> Result<Option<ChildRow>> {
    let q = ChildRow::select()
        .and_where(Expr::col("class_id").eq(class))
        .and_where(Expr::col("person_id").eq(person))
        .to_owned();
    tx.fetch_optional(&q).await?.as_ref().map(ChildRow::from_row).transpose()
}

/// Enrols a child (again, over a withdrawal).
pub async fn enrol(tx: &mut Tx, c: &ChildRow) -> Result<()> {
    let q = Query::delete()
        .from_table("after_school_child")
        .and_where(Expr::col("class_id").eq(c.class_id))
        .and_where(Expr::col("person_id").eq(c.person_id))
        .to_owned();
    tx.execute(&q).await?;
    tx.execute(&ChildRow::insert().values_panic(c.values()).to_owned()).await?;
    Ok(())
}

/// Withdraws a child. False when they were not enrolled.
pub async fn withdraw(tx: &mut Tx, class: Uuid, person: Uuid) -> Result<bool> {
    let q = Query::update()
        .table("after_school_child")
        .value("status", "withdrawn")
        .and_where(Expr::col("class_id").eq(class))
        .and_where(Expr::col("person_id").eq(person))
        .and_where(Expr::col("status").eq("enrolled"))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// The children enrolled, by name.
pub async fn children(db: &Db, class: Uuid) -> Result<Vec<ChildRow>> {
    let q = ChildRow::select()
        .and_where(Expr::col("class_id").eq(class))
        .and_where(Expr::col("status").eq("enrolled"))
        .order_by("child_name", Order::Asc)
        .to_owned();
    ChildRow::all(db, &q).await
}

/// The children of some households enrolled in any class.
pub async fn of_households(db: &Db, households: &[Uuid]) -> Result<Vec<ChildRow>> {
    if households.is_empty() {
        return Ok(Vec::new());
    }
    let q = ChildRow::select()
        .and_where(Expr::col("household_id").is_in(households.iter().copied()))
        .and_where(Expr::col("status").eq("enrolled"))
        .to_owned();
    ChildRow::all(db, &q).await
}

/// One day's records of a class.
pub async fn day(db: &Db, class: Uuid, day: NaiveDate) -> Result<Vec<DayRow>> {
    let q = DayRow::select().and_where(Expr::col("class_id").eq(class)).and_where(Expr::col("day").eq(day)).to_owned();
    DayRow::all(db, &q).await
}

/// Marks a child arrived. False when they already were that day.
pub async fn arrive(tx: &mut Tx, d: &DayRow) -> Result<bool> {
    let q = Query::select()
        .expr(Expr::val(1))
        .from("after_school_day")
        .and_where(Expr::col("class_id").eq(d.class_id))
        .and_where(Expr::col("day").eq(d.day))
        .and_where(Expr::col("person_id").eq(d.person_id))
        .to_owned();
    if tx.fetch_optional(&q).await?.is_some() {
        return Ok(false);
    }
    tx.execute(&DayRow::insert().values_panic(d.values()).to_owned()).await?;
    Ok(true)
}

/// Signs a child out to `who`. False when they had not arrived or already left.
pub async fn leave(
    tx: &mut Tx,
    (class, day, person): (Uuid, NaiveDate, Uuid),
    who: &str,
    at: DateTime<Utc>,
) -> Result<bool> {
    let q = Query::update()
        .table("after_school_day")
        .values([("left_at", at.into()), ("picked_up_by", who.into())])
        .and_where(Expr::col("class_id").eq(class))
        .and_where(Expr::col("day").eq(day))
        .and_where(Expr::col("person_id").eq(person))
        .and_where(Expr::col("left_at").is_null())
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}
