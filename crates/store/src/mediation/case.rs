//! Cases (矛盾纠纷 and 信访件): the case, its parties, its sessions and its
//! timeline. A case's contents are read by id only after the app has
//! decided the reader may; lists take their scope in the WHERE clause.

use chrono::{DateTime, NaiveDate, Utc};
use sea_query::{Cond, Expr, ExprTrait, Order, Query};
use uuid::Uuid;

use crate::row::row;
use crate::scope;
use crate::{Db, Result, Tx};

row! {
    table "mediation_case";
    /// A case.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct CaseRow {
        /// Community.
        pub community_id: String,
        /// Identifier.
        pub id: Uuid,
        /// 2026-0007.
        pub number: String,
        /// dispute or petition.
        pub kind: String,
        /// neighbours, family, property, labour, land, other.
        pub matter: String,
        /// low, medium, high, major.
        pub risk: String,
        /// Where it stands.
        pub state: String,
        /// event, visit, walk_in, letter.
        pub origin: String,
        /// The event it came from.
        pub event_id: Option<Uuid>,
        /// The parties' grid.
        pub grid_code: Option<String>,
        /// The matter, as registered.
        pub summary: String,
        /// 越级上访.
        pub above: bool,
        /// Bodies taking part, comma separated.
        pub bodies: String,
        /// Handler units taking part, comma separated ids.
        pub unit_ids: String,
        /// Who keeps it.
        pub keeper_id: Uuid,
        /// Their name.
        pub keeper_name: String,
        /// Registered (登记).
        pub registered_on: NaiveDate,
        /// Accepted (受理).
        pub accepted_on: Option<NaiveDate>,
        /// Agreed (达成协议).
        pub agreed_on: Option<NaiveDate>,
        /// Both parties consented to mediation.
        pub consent: bool,
        /// The agreement's terms.
        pub terms: Option<String>,
        /// What the follow-up found.
        pub follow_up: Option<String>,
        /// Closed (结案).
        pub closed_on: Option<NaiveDate>,
        /// Made.
        pub created_at: DateTime<Utc>,
        /// Last changed.
        pub updated_at: DateTime<Utc>,
        /// The due date its keeper was warned of.
        pub warned_for: Option<NaiveDate>,
        /// The due date the head was told had passed.
        pub escalated_for: Option<NaiveDate>,
    }
}

row! {
    table "mediation_party";
    /// A party to a case.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct PartyRow {
        /// Community.
        pub community_id: String,
        /// The case.
        pub case_id: Uuid,
        /// Identifier.
        pub id: Uuid,
        /// applicant or respondent.
        pub side: String,
        /// The person in the registry, if from it.
        pub person_id: Option<Uuid>,
        /// Name.
        pub name: String,
        /// ID number, sealed.
        pub id_sealed: Option<String>,
        /// As shown.
        pub id_masked: Option<String>,
        /// Phone, sealed.
        pub phone_sealed: Option<String>,
        /// As shown.
        pub phone_masked: Option<String>,
        /// Address.
        pub address: String,
    }
}

row! {
    table "mediation_step";
    /// A step of a case's timeline.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct StepRow {
        /// Community.
        pub community_id: String,
        /// The case.
        pub case_id: Uuid,
        /// Identifier (time ordered).
        pub id: Uuid,
        /// The action's name (register, accept, …).
        pub action: String,
        /// The state it led to.
        pub state: String,
        /// Its text (reason, minutes, terms, note).
        pub text: String,
        /// Who.
        pub by_name: String,
        /// When.
        pub at: DateTime<Utc>,
    }
}

row! {
    table "mediation_session";
    /// A mediation session.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct SessionRow {
        /// Community.
        pub community_id: String,
        /// The case.
        pub case_id: Uuid,
        /// Identifier.
        pub id: Uuid,
        /// When held.
        pub held_at: DateTime<Utc>,
        /// Where.
        pub place: String,
        /// Who took part.
        pub participants: String,
        /// 调解笔录.
        pub minutes: String,
        /// A 科技法庭 session's court.
        pub court: Option<String>,
        /// Its judge.
        pub judge: Option<String>,
        /// Its video address.
        pub video: Option<String>,
        /// Who recorded it.
        pub recorded_by: String,
        /// When recorded.
        pub created_at: DateTime<Utc>,
        /// The room booked for it, when scheduled ahead.
        pub booking_id: Option<Uuid>,
    }
}

/// Registers a case with its parties and first step; a conflict when the
/// number is taken (two registered at once: the caller numbers again).
pub async fn add(tx: &mut Tx, c: &CaseRow, parties: &[PartyRow], step: &StepRow) -> Result<()> {
    tx.execute(&CaseRow::insert().values_panic(c.values()).to_owned()).await?;
    if !parties.is_empty() {
        let mut q = PartyRow::insert();
        for p in parties {
            q.values_panic(p.values());
        }
        tx.execute(&q).await?;
    }
    add_step(tx, step).await
}

/// Adds a step to the timeline.
pub async fn add_step(tx: &mut Tx, s: &StepRow) -> Result<()> {
    tx.execute(&StepRow::insert().values_panic(s.values()).to_owned()).await?;
    Ok(())
}

/// The cases of a community registered in a year (to number the next).
pub async fn count_in_year(tx: &mut Tx, community: &str, year: i32) -> Result<i64> {
    let q = Query::select()
        .expr_as(Expr::col("id").count(), "n")
        .from("mediation_case")
        .and_where(Expr::col("community_id").eq(community))
        .and_where(Expr::col("number").like(format!("{year}-%")))
        .to_owned();
    Ok(match tx.fetch_optional(&q).await? {
        Some(r) => r.get::<i64>("n")?,
        None => 0,
    })
}

/// One case.
pub async fn case(db: &Db, id: Uuid) -> Result<Option<CaseRow>> {
    CaseRow::one(db, &CaseRow::select().and_where(Expr::col("id").eq(id)).to_owned()).await
}

/// Moves a case from the state it was read in; false when someone moved
/// it first.
pub async fn save(tx: &mut Tx, c: &CaseRow, was: &str) -> Result<bool> {
    let q = Query::update()
        .table("mediation_case")
        .values([
            ("state", c.state.clone().into()),
            ("risk", c.risk.clone().into()),
            ("accepted_on", c.accepted_on.into()),
            ("agreed_on", c.agreed_on.into()),
            ("consent", c.consent.into()),
            ("terms", c.terms.clone().into()),
            ("follow_up", c.follow_up.clone().into()),
            ("closed_on", c.closed_on.into()),
            ("updated_at", c.updated_at.into()),
        ])
        .and_where(Expr::col("community_id").eq(&c.community_id))
        .and_where(Expr::col("id").eq(c.id))
        .and_where(Expr::col("state").eq(was))
        .to_owned();
    Ok(tx.execute(&q).await? > 0)
}

/// A case's parties, applicants first.
pub async fn parties(db: &Db, community: &str, case: Uuid) -> Result<Vec<PartyRow>> {
    let q = PartyRow::select_in(community)
        .and_where(Expr::col("case_id").eq(case))
        .order_by("side", Order::Asc)
        .order_by("id", Order::Asc)
        .to_owned();
    PartyRow::all(db, &q).await
}

/// A case's timeline, oldest first.
pub async fn steps(db: &Db, community: &str, case: Uuid) -> Result<Vec<StepRow>> {
    let q =
        StepRow::select_in(community).and_where(Expr::col("case_id").eq(case)).order_by("id", Order::Asc).to_owned();
    StepRow::all(db, &q).await
}

/// Records a session: a new one, or the minutes of one scheduled ahead
/// (only while it has none: minutes are written once).
pub async fn add_session(tx: &mut Tx, s: &SessionRow) -> Result<()> {
    let q = Query::update()
        .table("mediation_session")
        .values([
            ("held_at", s.held_at.into()),
            ("place", s.place.clone().into()),
            ("participants", s.participants.clone().into()),
            ("minutes", s.minutes.clone().into()),
            ("court", s.court.clone().into()),
            ("judge", s.judge.clone().into()),
            ("video", s.video.clone().into()),
            ("recorded_by", s.recorded_by.clone().into()),
        ])
        .and_where(Expr::col("community_id").eq(&s.community_id))
        .and_where(Expr::col("id").eq(s.id))
        .and_where(Expr::col("minutes").eq(""))
        .to_owned();
    if s.booking_id.is_some() && tx.execute(&q).await? == 1 {
        return Ok(());
    }
    tx.execute(&SessionRow::insert().values_panic(s.values()).to_owned()).await?;
    Ok(())
}

/// A case's sessions, in the order held.
pub async fn sessions(db: &Db, community: &str, case: Uuid) -> Result<Vec<SessionRow>> {
    let q = SessionRow::select_in(community)
        .and_where(Expr::col("case_id").eq(case))
        .order_by("held_at", Order::Asc)
        .to_owned();
    SessionRow::all(db, &q).await
}

/// What a list asks for.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only these states.
    pub states: Vec<String>,
    /// Only open ones (not declined or closed).
    pub open: bool,
}

fn filtered(mut q: sea_query::SelectStatement, f: &Filter) -> sea_query::SelectStatement {
    if !f.states.is_empty() {
        q.and_where(Expr::col("state").is_in(f.states.clone()));
    }
    if f.open {
        q.and_where(Expr::col("state").is_not_in(["declined", "closed"]));
    }
    q.order_by("registered_on", Order::Desc).order_by("number", Order::Desc).limit(500).to_owned()
}

/// Cases whose file the reader may open: all of the communities they head
/// (`heads`), those they keep, and those a unit of theirs takes part in.
pub async fn open_to(db: &Db, heads: &[String], keeper: Uuid, units: &[Uuid], f: &Filter) -> Result<Vec<CaseRow>> {
    let mut who = Cond::any().add(Expr::col("keeper_id").eq(keeper));
    if !heads.is_empty() {
        who = who.add(scope::community_or_grid("mediation_case", heads));
    }
    for u in units {
        // Ids are uuids: no LIKE metacharacters.
        who = who.add(Expr::col("unit_ids").like(format!("%{u}%")));
    }
    CaseRow::all(db, &filtered(CaseRow::select().cond_where(who).to_owned(), f)).await
}

/// Cases among the households of some grids (or communities): what a grid
/// worker is told exists.
pub async fn in_scope(db: &Db, prefixes: &[String], f: &Filter) -> Result<Vec<CaseRow>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let q = CaseRow::select().cond_where(scope::community_or_grid("mediation_case", prefixes)).to_owned();
    CaseRow::all(db, &filtered(q, f)).await
}

/// The cases of a region's communities registered between two days (the
/// 三零 figures): (community, kind, registered_on, above).
pub async fn registered(
    db: &Db,
    region: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(String, String, NaiveDate, bool)>> {
    let q = Query::select()
        .columns(["community_id", "kind", "registered_on", "above"])
        .from("mediation_case")
        .cond_where(scope::starts_with(("mediation_case", "community_id"), region, true))
        .and_where(Expr::col("registered_on").gte(from))
        .and_where(Expr::col("registered_on").lt(to))
        .to_owned();
    db.fetch_all(&q)
        .await?
        .iter()
        .map(|r| Ok((r.get("community_id")?, r.get("kind")?, r.get("registered_on")?, r.get("above")?)))
        .collect()
}

/// The case made from an event, if any.
pub async fn of_event(db: &Db, community: &str, event: Uuid) -> Result<Option<CaseRow>> {
    CaseRow::one(db, &CaseRow::select_in(community).and_where(Expr::col("event_id").eq(event)).to_owned()).await
}

/// Every case still running (a deadline may be near or past).
pub async fn running(db: &Db) -> Result<Vec<CaseRow>> {
    let q = CaseRow::select()
        .and_where(Expr::col("state").is_in(["registered", "accepted", "mediating", "failed"]))
        .to_owned();
    CaseRow::all(db, &q).await
}

/// Claims a deadline warning (`warned_for` or `escalated_for`) for a due
/// date: true for the one caller that sets it (two servers warn once).
pub async fn claim_deadline(tx: &mut Tx, c: &CaseRow, column: &'static str, due: NaiveDate) -> Result<bool> {
    let q = Query::update()
        .table("mediation_case")
        .value(column, due)
        .and_where(Expr::col("community_id").eq(&c.community_id))
        .and_where(Expr::col("id").eq(c.id))
        .cond_where(Cond::any().add(Expr::col(column).is_null()).add(Expr::col(column).ne(due)))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}
