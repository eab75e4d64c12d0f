//! Visits (走访), the rules that make them due, proactive-service rules and
//! door-to-door appointments.

use chrono::{DateTime, NaiveDate, Utc};
use sea_query::{Cond, Expr, ExprTrait, OnConflict, Order, Query};
use uuid::Uuid;

use crate::row::row;
use crate::scope;
use crate::{Db, Result, Tx};

row! {
    /// A visit rule as stored.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct VisitRuleRow {
        /// The tag.
        pub tag: String,
        /// Interval in days.
        pub every_days: i64,
        /// In force.
        pub active: bool,
    }
}

/// Every visit rule, by tag.
pub async fn visit_rules(db: &Db) -> Result<Vec<VisitRuleRow>> {
    let q = Query::select()
        .columns(["tag", "every_days", "active"])
        .from("visit_rule")
        .order_by("every_days", Order::Asc)
        .order_by("tag", Order::Asc)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(VisitRuleRow::from_row).collect()
}

/// Adds a rule or changes the one for its tag.
pub async fn put_visit_rule(tx: &mut Tx, r: &VisitRuleRow) -> Result<()> {
    let q = Query::insert()
        .into_table("visit_rule")
        .columns(["tag", "every_days", "active"])
        .values_panic([r.tag.clone().into(), r.every_days.into(), r.active.into()])
        .on_conflict(OnConflict::column("tag").update_columns(["every_days", "active"]).to_owned())
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

row! {
    table "care_rule";
    /// A proactive rule as stored.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct CareRuleRow {
        /// `item:kind:value`.
        pub key: String,
        /// Catalogue item.
        pub item_code: String,
        /// `age` or `tag`.
        pub kind: String,
        /// Years or tag.
        pub value: String,
        /// How early, for age rules.
        pub ahead_days: i64,
        /// In force.
        pub active: bool,
    }
}

/// Every proactive rule.
pub async fn care_rules(db: &Db) -> Result<Vec<CareRuleRow>> {
    let q = CareRuleRow::select().order_by("key", Order::Asc).to_owned();
    CareRuleRow::all(db, &q).await
}

/// Adds a proactive rule or changes the one with its key.
pub async fn put_care_rule(tx: &mut Tx, r: &CareRuleRow) -> Result<()> {
    let q = CareRuleRow::insert()
        .values_panic(r.values())
        .on_conflict(OnConflict::column("key").update_columns(["ahead_days", "active"]).to_owned())
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

row! {
    table "visit";
    /// A visit as stored.
    #[derive(Debug, Clone)]
    pub struct VisitRow {
        /// Community code.
        pub community_id: String,
        /// Identifier.
        pub id: Uuid,
        /// The household visited.
        pub household_id: Uuid,
        /// Its grid.
        pub grid_code: String,
        /// When.
        pub at: DateTime<Utc>,
        /// The grid worker, as people know them (the name; the sign-in for visits recorded before names were kept).
        pub worker: String,
        /// Who was met.
        pub met: String,
        /// What was seen.
        pub situation: String,
        /// Needs found.
        pub needs: Option<String>,
        /// The appointment it kept.
        pub appointment_id: Option<Uuid>,
    }
}

/// Records a visit.
pub async fn add_visit(tx: &mut Tx, v: &VisitRow) -> Result<()> {
    let q = VisitRow::insert().values_panic(v.values()).to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// One visit of a community.
pub async fn visit_by_id(db: &Db, community_id: &str, id: Uuid) -> Result<Option<VisitRow>> {
    VisitRow::one(db, &VisitRow::select_in(community_id).and_where(Expr::col("id").eq(id)).to_owned()).await
}

/// A household's visits, newest first.
pub async fn visits_of(db: &Db, community_id: &str, household: Uuid, limit: u64) -> Result<Vec<VisitRow>> {
    let q = VisitRow::select_in(community_id)
        .and_where(Expr::col("household_id").eq(household))
        .order_by("at", Order::Desc)
        .limit(limit)
        .to_owned();
    VisitRow::all(db, &q).await
}

/// The last visit of each household visited under a grid prefix:
/// (household, when).
pub async fn last_visits_under(db: &Db, prefix: &str) -> Result<Vec<(Uuid, DateTime<Utc>)>> {
    let q = Query::select()
        .column("household_id")
        .expr_as(Expr::col("at").max(), "last")
        .from("visit")
        .cond_where(scope::starts_with(("visit", "grid_code"), prefix, false))
        .group_by_col("household_id")
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| Ok((r.get("household_id")?, r.get("last")?))).collect()
}

row! {
    table "appointment";
    /// A door-to-door appointment as stored.
    #[derive(Debug, Clone)]
    pub struct AppointmentRow {
        /// Community code.
        pub community_id: String,
        /// Identifier.
        pub id: Uuid,
        /// The household to visit.
        pub household_id: Uuid,
        /// Its grid.
        pub grid_code: String,
        /// The service it is for.
        pub item_code: Option<String>,
        /// Who asked.
        pub name: String,
        /// Their phone, sealed.
        pub phone_sealed: String,
        /// When they would like it.
        pub wish: String,
        /// What for.
        pub note: String,
        /// requested, scheduled, done, cancelled.
        pub state: String,
        /// The day set.
        pub scheduled_for: Option<NaiveDate>,
        /// Who goes.
        pub assignee: Option<String>,
        /// The resident's account, when they asked signed in.
        pub account_id: Option<Uuid>,
        /// Asked at.
        pub created_at: DateTime<Utc>,
        /// Last changed.
        pub updated_at: DateTime<Utc>,
    }
}

/// Stores a new appointment.
pub async fn add_appointment(tx: &mut Tx, a: &AppointmentRow) -> Result<()> {
    let q = AppointmentRow::insert().values_panic(a.values()).to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// Changes an appointment's state, day and assignee, only from the state
/// the caller saw.
pub async fn update_appointment(tx: &mut Tx, a: &AppointmentRow, from: &str) -> Result<bool> {
    let q = Query::update()
        .table("appointment")
        .values([
            ("state", a.state.clone().into()),
            ("scheduled_for", a.scheduled_for.into()),
            ("assignee", a.assignee.clone().into()),
            ("updated_at", a.updated_at.into()),
        ])
        .and_where(Expr::col("community_id").eq(a.community_id.as_str()))
        .and_where(Expr::col("id").eq(a.id))
        .and_where(Expr::col("state").eq(from))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// An appointment whose grid is under one of the prefixes.
pub async fn appointment_under(db: &Db, prefixes: &[String], id: Uuid) -> Result<Option<AppointmentRow>> {
    if prefixes.is_empty() {
        return Ok(None);
    }
    let scope =
        prefixes.iter().fold(Cond::any(), |c, p| c.add(scope::starts_with(("appointment", "grid_code"), p, false)));
    let q = AppointmentRow::select().cond_where(scope).and_where(Expr::col("id").eq(id)).to_owned();
    AppointmentRow::one(db, &q).await
}

/// Open appointments (requested or scheduled) whose grid is under one of
/// the prefixes; scheduled ones up to `until` only.
pub async fn open_appointments(db: &Db, prefixes: &[String], until: NaiveDate) -> Result<Vec<AppointmentRow>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let scope =
        prefixes.iter().fold(Cond::any(), |c, p| c.add(scope::starts_with(("appointment", "grid_code"), p, false)));
    let q = AppointmentRow::select()
        .cond_where(scope)
        .cond_where(
            Cond::any()
                .add(Expr::col("state").eq("requested"))
                .add(Expr::col("state").eq("scheduled").and(Expr::col("scheduled_for").lte(until))),
        )
        .order_by("created_at", Order::Asc)
        .limit(500)
        .to_owned();
    AppointmentRow::all(db, &q).await
}

/// A resident's own appointments, newest first.
pub async fn appointments_of_account(db: &Db, account: Uuid) -> Result<Vec<AppointmentRow>> {
    let q = AppointmentRow::select()
        .and_where(Expr::col("account_id").eq(account))
        .order_by("created_at", Order::Desc)
        .limit(100)
        .to_owned();
    AppointmentRow::all(db, &q).await
}

/// An appointment by its key, without scope: only for delivering its SMS.
pub async fn appointment_by_key(db: &Db, community_id: &str, id: Uuid) -> Result<Option<AppointmentRow>> {
    let q = AppointmentRow::select_in(community_id).and_where(Expr::col("id").eq(id)).to_owned();
    AppointmentRow::one(db, &q).await
}
