//! Service applications (便民服务) and their timelines.

use chrono::{DateTime, Utc};
use sea_query::{Cond, Expr, ExprTrait, Func, Order, Query};
use uuid::Uuid;

use crate::row::row;
use crate::scope::{self, JoinPlace};
use crate::{Db, Result, Tx};

row! {
    table "service_application";
    /// An application as stored.
    #[derive(Debug, Clone)]
    pub struct ApplicationRow {
        /// Community code.
        pub community_id: String,
        /// Identifier.
        pub id: Uuid,
        /// Query code (查询码).
        pub code: String,
        /// Catalogue item.
        pub item_code: String,
        /// The applicant in the registry, when known.
        pub person_id: Option<Uuid>,
        /// Applicant's name.
        pub applicant_name: String,
        /// Applicant's phone, sealed.
        pub phone_sealed: String,
        /// Applied for by staff (代办).
        pub proxy: bool,
        /// How the resident agreed to 代办.
        pub consent: Option<String>,
        /// Stored state.
        pub state: String,
        /// The step number while in a step.
        pub step: i64,
        /// The form's fields, as JSON.
        pub fields: String,
        /// Who created it.
        pub created_by: String,
        /// Created.
        pub created_at: DateTime<Utc>,
        /// Last changed.
        pub updated_at: DateTime<Utc>,
        /// Promised by.
        pub due_at: Option<DateTime<Utc>>,
        /// The applicant's own account, when they applied signed in.
        pub account_id: Option<Uuid>,
        /// The item's steps when applied for, as JSON (none on older rows).
        pub steps: Option<String>,
    }
}

/// Stores a new application.
pub async fn insert(tx: &mut Tx, a: &ApplicationRow) -> Result<()> {
    let q = ApplicationRow::insert().values_panic(a.values()).to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// Moves an application on, only if it is still where the caller saw it
/// (two people acting at once: the second is refused).
pub async fn update_state(tx: &mut Tx, a: &ApplicationRow, from: (&str, i64)) -> Result<bool> {
    let q = Query::update()
        .table("service_application")
        .values([
            ("state", a.state.clone().into()),
            ("step", a.step.into()),
            ("updated_at", a.updated_at.into()),
            ("due_at", a.due_at.into()),
        ])
        .and_where(Expr::col("community_id").eq(a.community_id.as_str()))
        .and_where(Expr::col("id").eq(a.id))
        .and_where(Expr::col("state").eq(from.0))
        .and_where(Expr::col("step").eq(from.1))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// The scope condition. A prefix of a community or wider covers the
/// applications of its communities; a grid's (longer than a community's)
/// covers those whose applicant lives in a building of that grid — an
/// application without a registered applicant is the community's, not a
/// grid's.
pub(crate) fn under(prefixes: &[String]) -> sea_query::Cond {
    prefixes.iter().fold(sea_query::Cond::any(), |c, p| {
        if p.len() <= 12 {
            return c.add(scope::starts_with(("service_application", "community_id"), p, true));
        }
        let lives_in_grid = Query::select()
            .expr(Expr::val(1))
            .from("person")
            .join_household_place()
            .and_where(Expr::col(("person", "community_id")).equals(("service_application", "community_id")))
            .and_where(Expr::col(("person", "id")).equals(("service_application", "person_id")))
            .cond_where(scope::building(std::slice::from_ref(p)))
            .to_owned();
        let community = scope::starts_with(("service_application", "community_id"), &p[..12], true);
        c.add(community.add(Expr::exists(lives_in_grid)))
    })
}

/// An application of communities under the prefixes (a caller's scope).
pub async fn by_id_under(db: &Db, prefixes: &[String], id: Uuid) -> Result<Option<ApplicationRow>> {
    if prefixes.is_empty() {
        return Ok(None);
    }
    let q = ApplicationRow::select().cond_where(under(prefixes)).and_where(Expr::col("id").eq(id)).to_owned();
    ApplicationRow::one(db, &q).await
}

/// An application by its query code.
pub async fn by_code(db: &Db, code: &str) -> Result<Option<ApplicationRow>> {
    let q = ApplicationRow::select().and_where(Expr::col("code").eq(code)).to_owned();
    ApplicationRow::one(db, &q).await
}

row! {
    table "service_step";
    /// One step of an application's timeline.
    #[derive(Debug, Clone)]
    pub struct StepRow {
        /// Community code.
        pub community_id: String,
        /// Identifier (in time order).
        pub id: Uuid,
        /// The application.
        pub application_id: Uuid,
        /// When.
        pub at: DateTime<Utc>,
        /// Who.
        pub actor: String,
        /// What (`submit`, `accept`, `pass` …).
        pub action: String,
        /// As the applicant reads it.
        pub label: String,
        /// What is missing, why, or a note.
        pub note: Option<String>,
    }
}

/// Appends a step.
pub async fn add_step(tx: &mut Tx, s: &StepRow) -> Result<()> {
    let q = StepRow::insert().values_panic(s.values()).to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// An application's timeline, oldest first.
pub async fn steps(db: &Db, community_id: &str, application_id: Uuid) -> Result<Vec<StepRow>> {
    let q = StepRow::select_in(community_id)
        .and_where(Expr::col("application_id").eq(application_id))
        .order_by("id", Order::Asc)
        .to_owned();
    StepRow::all(db, &q).await
}

/// What to list applications by.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Stored state.
    pub state: Option<String>,
    /// Catalogue item.
    pub item: Option<String>,
    /// Only those in a step whose promised date is before this.
    pub due_before: Option<DateTime<Utc>>,
}

/// Applications of communities under the prefixes (a caller's scope), as
/// filtered, newest first.
pub async fn list(db: &Db, prefixes: &[String], f: &Filter, limit: u64) -> Result<Vec<ApplicationRow>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = ApplicationRow::select().cond_where(under(prefixes)).to_owned();
    if let Some(s) = &f.state {
        q.and_where(Expr::col("state").eq(s.as_str()));
    }
    if let Some(i) = &f.item {
        q.and_where(Expr::col("item_code").eq(i.as_str()));
    }
    if let Some(by) = f.due_before {
        q.and_where(Expr::col("state").eq("in_step")).and_where(Expr::col("due_at").lt(by));
    }
    q.order_by("id", Order::Desc).limit(limit);
    ApplicationRow::all(db, &q).await
}

/// Counts of applications in scope by item and state, with how many of
/// each item are past their promised date: (item, state, count, overdue).
pub async fn tally(db: &Db, prefixes: &[String], now: DateTime<Utc>) -> Result<Vec<(String, String, i64, i64)>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let overdue = Cond::all().add(Expr::col("state").eq("in_step")).add(Expr::col("due_at").lt(now));
    let q = Query::select()
        .column("item_code")
        .column("state")
        .expr_as(Expr::cust("COUNT(*)").cast_as("BIGINT"), "n")
        .expr_as(Expr::expr(Func::sum(Expr::case(overdue, 1).finally(0))).cast_as("BIGINT"), "overdue")
        .from("service_application")
        .cond_where(under(prefixes))
        .group_by_col("item_code")
        .group_by_col("state")
        .to_owned();
    db.fetch_all(&q)
        .await?
        .iter()
        .map(|r| Ok((r.get("item_code")?, r.get("state")?, r.get("n")?, r.get("overdue")?)))
        .collect()
}

/// A resident's own applications, newest first.
pub async fn of_account(db: &Db, account: Uuid, limit: u64) -> Result<Vec<ApplicationRow>> {
    let q = ApplicationRow::select()
        .and_where(Expr::col("account_id").eq(account))
        .order_by("id", Order::Desc)
        .limit(limit)
        .to_owned();
    ApplicationRow::all(db, &q).await
}

/// Who in communities under the prefixes has applied for what, not refused:
/// (person, item) — proactive service leaves them out.
pub async fn applied(db: &Db, prefixes: &[String]) -> Result<Vec<(Uuid, String)>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let q = Query::select()
        .columns(["person_id", "item_code"])
        .distinct()
        .from("service_application")
        .cond_where(under(prefixes))
        .and_where(Expr::col("person_id").is_not_null())
        .and_where(Expr::col("state").ne("refused"))
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| Ok((r.get("person_id")?, r.get("item_code")?))).collect()
}

/// Applications on the clock (in a step, with a promised date) that have
/// not had the warning `column` (`warned_at` or `overdue_at`) and are due
/// before `by`.
pub async fn due_before(db: &Db, column: &'static str, by: DateTime<Utc>) -> Result<Vec<ApplicationRow>> {
    let q = ApplicationRow::select()
        .and_where(Expr::col("state").eq("in_step"))
        .and_where(Expr::col(column).is_null())
        .and_where(Expr::col("due_at").lt(by))
        .limit(500)
        .to_owned();
    ApplicationRow::all(db, &q).await
}

/// Claims a warning for an application: true for the one caller that sets
/// `column` (two servers warn once).
pub async fn claim_warning(tx: &mut Tx, a: &ApplicationRow, column: &'static str, now: DateTime<Utc>) -> Result<bool> {
    let q = Query::update()
        .table("service_application")
        .value(column, now)
        .and_where(Expr::col("community_id").eq(a.community_id.as_str()))
        .and_where(Expr::col("id").eq(a.id))
        .and_where(Expr::col(column).is_null())
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

row! {
    table "service_item";
    /// A catalogue item as stored (lists as JSON arrays).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ItemRow {
        /// Code.
        pub code: String,
        /// Name.
        pub name: String,
        /// Deciding department.
        pub department: String,
        /// Who may apply.
        pub eligibility: String,
        /// Materials, JSON.
        pub materials: String,
        /// Form fields, JSON.
        pub fields: String,
        /// Steps, JSON.
        pub steps: String,
        /// Promised working days.
        pub days: i64,
        /// Done at home.
        pub at_home: bool,
        /// 代办 allowed.
        pub proxy: bool,
        /// Offered.
        pub active: bool,
    }
}

/// Every catalogue item, by code.
pub async fn items(db: &Db) -> Result<Vec<ItemRow>> {
    let q = ItemRow::select().order_by("code", Order::Asc).to_owned();
    ItemRow::all(db, &q).await
}

/// Writes items: new ones are added; existing ones are changed when
/// `replace`, left alone otherwise (seeding the defaults twice at once is
/// harmless).
pub async fn put_items(tx: &mut Tx, rows: &[ItemRow], replace: bool) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut q = ItemRow::insert();
    for r in rows {
        q.values_panic(r.values());
    }
    let mut conflict = sea_query::OnConflict::column("code");
    let conflict = if replace {
        conflict.update_columns(ItemRow::COLUMNS[1..].iter().copied()).to_owned()
    } else {
        conflict.do_nothing().to_owned()
    };
    q.on_conflict(conflict);
    tx.execute(&q).await?;
    Ok(())
}
