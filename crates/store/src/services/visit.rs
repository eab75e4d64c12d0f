//! Visits (走访), the rules that make them due, proactive-service rules and
//! door-to-door appointments.

use chrono::{DateTime, NaiveDate, Utc};
use sea_query::{Cond, Expr, ExprTrait, OnConflict, Order, Query};
use uuid::Uuid;

use crate::scope;
use crate::{Db, Result, Row, Tx};

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

/// Every visit rule, by tag.
pub async fn visit_rules(db: &Db) -> Result<Vec<VisitRuleRow>> {
    let q = Query::select()
        .columns(["tag", "every_days", "active"])
        .from("visit_rule")
        .order_by("every_days", Order::Asc)
        .order_by("tag", Order::Asc)
        .to_owned();
    db.fetch_all(&q)
        .await?
        .iter()
        .map(|r| Ok(VisitRuleRow { tag: r.get("tag")?, every_days: r.get("every_days")?, active: r.get("active")? }))
        .collect()
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

const CARE_COLUMNS: [&str; 6] = ["key", "item_code", "kind", "value", "ahead_days", "active"];

/// Every proactive rule.
pub async fn care_rules(db: &Db) -> Result<Vec<CareRuleRow>> {
    let q = Query::select().columns(CARE_COLUMNS).from("care_rule").order_by("key", Order::Asc).to_owned();
    db.fetch_all(&q)
        .await?
        .iter()
        .map(|r| {
            Ok(CareRuleRow {
                key: r.get("key")?,
                item_code: r.get("item_code")?,
                kind: r.get("kind")?,
                value: r.get("value")?,
                ahead_days: r.get("ahead_days")?,
                active: r.get("active")?,
            })
        })
        .collect()
}

/// Adds a proactive rule or changes the one with its key.
pub async fn put_care_rule(tx: &mut Tx, r: &CareRuleRow) -> Result<()> {
    let q = Query::insert()
        .into_table("care_rule")
        .columns(CARE_COLUMNS)
        .values_panic([
            r.key.clone().into(),
            r.item_code.clone().into(),
            r.kind.clone().into(),
            r.value.clone().into(),
            r.ahead_days.into(),
            r.active.into(),
        ])
        .on_conflict(OnConflict::column("key").update_columns(["ahead_days", "active"]).to_owned())
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

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
    /// The grid worker (login label).
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

const VISIT_COLUMNS: [&str; 10] =
    ["community_id", "id", "household_id", "grid_code", "at", "worker", "met", "situation", "needs", "appointment_id"];

fn visit(r: &Row) -> Result<VisitRow> {
    Ok(VisitRow {
        community_id: r.get("community_id")?,
        id: r.get("id")?,
        household_id: r.get("household_id")?,
        grid_code: r.get("grid_code")?,
        at: r.get("at")?,
        worker: r.get("worker")?,
        met: r.get("met")?,
        situation: r.get("situation")?,
        needs: r.get("needs")?,
        appointment_id: r.get("appointment_id")?,
    })
}

/// Records a visit.
pub async fn add_visit(tx: &mut Tx, v: &VisitRow) -> Result<()> {
    let q = Query::insert()
        .into_table("visit")
        .columns(VISIT_COLUMNS)
        .values_panic([
            v.community_id.clone().into(),
            v.id.into(),
            v.household_id.into(),
            v.grid_code.clone().into(),
            v.at.into(),
            v.worker.clone().into(),
            v.met.clone().into(),
            v.situation.clone().into(),
            v.needs.clone().into(),
            v.appointment_id.into(),
        ])
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// A household's visits, newest first.
pub async fn visits_of(db: &Db, community_id: &str, household: Uuid, limit: u64) -> Result<Vec<VisitRow>> {
    let q = Query::select()
        .columns(VISIT_COLUMNS)
        .from("visit")
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("household_id").eq(household))
        .order_by("at", Order::Desc)
        .limit(limit)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(visit).collect()
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

const APPOINTMENT_COLUMNS: [&str; 15] = [
    "community_id",
    "id",
    "household_id",
    "grid_code",
    "item_code",
    "name",
    "phone_sealed",
    "wish",
    "note",
    "state",
    "scheduled_for",
    "assignee",
    "account_id",
    "created_at",
    "updated_at",
];

fn appointment(r: &Row) -> Result<AppointmentRow> {
    Ok(AppointmentRow {
        community_id: r.get("community_id")?,
        id: r.get("id")?,
        household_id: r.get("household_id")?,
        grid_code: r.get("grid_code")?,
        item_code: r.get("item_code")?,
        name: r.get("name")?,
        phone_sealed: r.get("phone_sealed")?,
        wish: r.get("wish")?,
        note: r.get("note")?,
        state: r.get("state")?,
        scheduled_for: r.get("scheduled_for")?,
        assignee: r.get("assignee")?,
        account_id: r.get("account_id")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
    })
}

/// Stores a new appointment.
pub async fn add_appointment(tx: &mut Tx, a: &AppointmentRow) -> Result<()> {
    let q = Query::insert()
        .into_table("appointment")
        .columns(APPOINTMENT_COLUMNS)
        .values_panic([
            a.community_id.clone().into(),
            a.id.into(),
            a.household_id.into(),
            a.grid_code.clone().into(),
            a.item_code.clone().into(),
            a.name.clone().into(),
            a.phone_sealed.clone().into(),
            a.wish.clone().into(),
            a.note.clone().into(),
            a.state.clone().into(),
            a.scheduled_for.into(),
            a.assignee.clone().into(),
            a.account_id.into(),
            a.created_at.into(),
            a.updated_at.into(),
        ])
        .to_owned();
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
    let q = Query::select()
        .columns(APPOINTMENT_COLUMNS)
        .from("appointment")
        .cond_where(scope)
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    db.fetch_optional(&q).await?.as_ref().map(appointment).transpose()
}

/// Open appointments (requested or scheduled) whose grid is under one of
/// the prefixes; scheduled ones up to `until` only.
pub async fn open_appointments(db: &Db, prefixes: &[String], until: NaiveDate) -> Result<Vec<AppointmentRow>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let scope =
        prefixes.iter().fold(Cond::any(), |c, p| c.add(scope::starts_with(("appointment", "grid_code"), p, false)));
    let q = Query::select()
        .columns(APPOINTMENT_COLUMNS)
        .from("appointment")
        .cond_where(scope)
        .cond_where(
            Cond::any()
                .add(Expr::col("state").eq("requested"))
                .add(Expr::col("state").eq("scheduled").and(Expr::col("scheduled_for").lte(until))),
        )
        .order_by("created_at", Order::Asc)
        .limit(500)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(appointment).collect()
}

/// A resident's own appointments, newest first.
pub async fn appointments_of_account(db: &Db, account: Uuid) -> Result<Vec<AppointmentRow>> {
    let q = Query::select()
        .columns(APPOINTMENT_COLUMNS)
        .from("appointment")
        .and_where(Expr::col("account_id").eq(account))
        .order_by("created_at", Order::Desc)
        .limit(100)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(appointment).collect()
}

/// An appointment by its key, without scope: only for delivering its SMS.
pub async fn appointment_by_key(db: &Db, community_id: &str, id: Uuid) -> Result<Option<AppointmentRow>> {
    let q = Query::select()
        .columns(APPOINTMENT_COLUMNS)
        .from("appointment")
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    db.fetch_optional(&q).await?.as_ref().map(appointment).transpose()
}
