//! Handler units (处置单位), their members and the routing rules that name
//! a default unit per category and region.

use chrono::{DateTime, Utc};
use sea_query::{Expr, ExprTrait, OnConflict, Order, Query};
use uuid::Uuid;

use crate::row::row;
use crate::{Db, Result, Tx};

row! {
    table "handler_unit";
    /// A unit events are dispatched to.
    #[derive(Debug, Clone, PartialEq)]
    pub struct UnitRow {
        /// Identifier.
        pub id: Uuid,
        /// The region it works in (district, street or community code).
        pub region_code: String,
        /// Its name, e.g. 太原供水公司迎泽分公司.
        pub name: String,
        /// department, utility, property, police_office, mediation, member_unit, community.
        pub kind: String,
        /// The unit's office phone.
        pub phone: Option<String>,
        /// Dispatched to.
        pub active: bool,
        /// Made at.
        pub created_at: DateTime<Utc>,
    }
}

row! {
    table "unit_member";
    /// A member of a unit.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct MemberRow {
        /// The unit.
        pub unit_id: Uuid,
        /// The member's account.
        pub account_id: Uuid,
        /// `dispatcher` or `handler`.
        pub role: String,
    }
}

row! {
    table "routing_rule";
    /// Who a category goes to in a region.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct RuleRow {
        /// The region (district, street or community code) it applies in.
        pub region_code: String,
        /// The category (a child category's own rule wins over its parent's).
        pub category_code: String,
        /// The unit.
        pub unit_id: Uuid,
        /// Dispatched at once when certain; suggested otherwise.
        pub certain: bool,
        /// The deadline in hours, when not the category's.
        pub hours: Option<i64>,
    }
}

/// Stores a new unit.
pub async fn add_unit(tx: &mut Tx, u: &UnitRow) -> Result<()> {
    tx.execute(&UnitRow::insert().values_panic(u.values()).to_owned()).await?;
    Ok(())
}

/// Every unit, by name.
pub async fn units(db: &Db) -> Result<Vec<UnitRow>> {
    UnitRow::all(db, &UnitRow::select().order_by("name", Order::Asc).to_owned()).await
}

/// One unit.
pub async fn unit(db: &Db, id: Uuid) -> Result<Option<UnitRow>> {
    UnitRow::one(db, &UnitRow::select().and_where(Expr::col("id").eq(id)).to_owned()).await
}

/// Adds a member, or changes their role.
pub async fn save_member(tx: &mut Tx, m: &MemberRow) -> Result<()> {
    let q = MemberRow::insert()
        .values_panic(m.values())
        .on_conflict(OnConflict::columns(["unit_id", "account_id"]).update_column("role").to_owned())
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// Stops a unit (nothing new is dispatched or routed to it) or resumes it;
/// whether there was one.
pub async fn set_active(tx: &mut Tx, id: Uuid, active: bool) -> Result<bool> {
    let q = Query::update().table("handler_unit").value("active", active).and_where(Expr::col("id").eq(id)).to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// Removes a member; whether there was one.
pub async fn remove_member(tx: &mut Tx, unit: Uuid, account: Uuid) -> Result<bool> {
    let q = Query::delete()
        .from_table("unit_member")
        .and_where(Expr::col("unit_id").eq(unit))
        .and_where(Expr::col("account_id").eq(account))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// Holds an account's memberships until the transaction ends (on
/// PostgreSQL a row lock each; SQLite writes one at a time anyway), so that
/// two removals at once see each other's outcome.
pub async fn lock_memberships(tx: &mut Tx, account: Uuid) -> Result<()> {
    let q = Query::update()
        .table("unit_member")
        .value("role", Expr::col("role"))
        .and_where(Expr::col("account_id").eq(account))
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// An account's memberships, as the transaction sees them.
pub async fn memberships_in(tx: &mut Tx, account: Uuid) -> Result<Vec<MemberRow>> {
    let q = MemberRow::select().and_where(Expr::col("account_id").eq(account)).to_owned();
    tx.fetch_all(&q).await?.iter().map(MemberRow::from_row).collect()
}

/// A unit's members.
pub async fn members(db: &Db, unit: Uuid) -> Result<Vec<MemberRow>> {
    let q = MemberRow::select().and_where(Expr::col("unit_id").eq(unit)).order_by("role", Order::Asc).to_owned();
    MemberRow::all(db, &q).await
}

/// The units an account belongs to.
pub async fn memberships(db: &Db, account: Uuid) -> Result<Vec<MemberRow>> {
    MemberRow::all(db, &MemberRow::select().and_where(Expr::col("account_id").eq(account)).to_owned()).await
}

/// Sets the rule of a category in a region.
pub async fn save_rule(tx: &mut Tx, r: &RuleRow) -> Result<()> {
    let q = RuleRow::insert()
        .values_panic(r.values())
        .on_conflict(
            OnConflict::columns(["region_code", "category_code"])
                .update_columns(["unit_id", "certain", "hours"])
                .to_owned(),
        )
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// Removes a rule; whether there was one.
pub async fn remove_rule(tx: &mut Tx, region: &str, category: &str) -> Result<bool> {
    let q = Query::delete()
        .from_table("routing_rule")
        .and_where(Expr::col("region_code").eq(region))
        .and_where(Expr::col("category_code").eq(category))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// The rules of the regions given (a community and the regions above it).
pub async fn rules_in(db: &Db, regions: &[String]) -> Result<Vec<RuleRow>> {
    if regions.is_empty() {
        return Ok(Vec::new());
    }
    let q = RuleRow::select()
        .and_where(Expr::col("region_code").is_in(regions.iter().cloned()))
        .order_by("region_code", Order::Asc)
        .order_by("category_code", Order::Asc)
        .to_owned();
    RuleRow::all(db, &q).await
}

/// Every rule.
pub async fn rules(db: &Db) -> Result<Vec<RuleRow>> {
    RuleRow::all(db, &RuleRow::select().order_by("region_code", Order::Asc).to_owned()).await
}
