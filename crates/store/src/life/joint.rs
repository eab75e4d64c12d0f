//! The 三清单 and the 党建联席会议: needs, resources, projects and meetings.
//! A need moves by conditional updates from the state it was read in, so
//! that two member units taking it on at once cannot both have it.

use chrono::{DateTime, NaiveDate, Utc};
use sea_query::{Expr, ExprTrait, Order, Query};
use uuid::Uuid;

use crate::row::row;
use crate::{Db, Result, Tx};

row! {
    table "joint_need";
    /// A need on the 需求清单.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct NeedRow {
        /// Identifier.
        pub id: Uuid,
        /// The community.
        pub community_id: String,
        /// What is needed.
        pub title: String,
        /// More.
        pub detail: String,
        /// typed, or wish:ID.
        pub source: String,
        /// open, taken, project, met, dropped.
        pub status: String,
        /// Who took it on.
        pub taken_by: Option<String>,
        /// The party member who took it on.
        pub taken_volunteer_id: Option<Uuid>,
        /// The member unit that took it on.
        pub taken_unit_id: Option<Uuid>,
        /// When.
        pub taken_at: Option<DateTime<Utc>>,
        /// How it was met.
        pub done_note: Option<String>,
        /// When.
        pub done_at: Option<DateTime<Utc>>,
        /// Who put it on the list.
        pub created_by: String,
        /// When.
        pub created_at: DateTime<Utc>,
    }
}

row! {
    table "joint_resource";
    /// What a member unit or party member offers, on the 资源清单.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ResourceRow {
        /// Identifier.
        pub id: Uuid,
        /// The community.
        pub community_id: String,
        /// room, skill, money, people, goods.
        pub kind: String,
        /// What.
        pub title: String,
        /// More.
        pub detail: String,
        /// The member unit offering it.
        pub unit_id: Option<Uuid>,
        /// The party member offering it.
        pub volunteer_id: Option<Uuid>,
        /// Who offers it, by name.
        pub offered_by: String,
        /// When.
        pub created_at: DateTime<Utc>,
    }
}

row! {
    table "joint_meeting";
    /// A 党建联席会议.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct MeetingRow {
        /// Identifier.
        pub id: Uuid,
        /// The community.
        pub community_id: String,
        /// The day.
        pub held_on: NaiveDate,
        /// Where.
        pub place: String,
        /// The chairing member unit (轮值主席).
        pub chair_unit_id: Option<Uuid>,
        /// Its name.
        pub chair_name: String,
        /// The open needs when it was called.
        pub agenda: String,
        /// The minutes.
        pub minutes: String,
        /// Who called it.
        pub created_by: String,
        /// When.
        pub created_at: DateTime<Utc>,
    }
}

row! {
    table "joint_project";
    /// A project on the 项目清单.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ProjectRow {
        /// Identifier.
        pub id: Uuid,
        /// The community.
        pub community_id: String,
        /// The need it meets.
        pub need_id: Uuid,
        /// The meeting that decided it.
        pub meeting_id: Option<Uuid>,
        /// What.
        pub title: String,
        /// The owner unit.
        pub owner_unit_id: Uuid,
        /// Its name.
        pub owner_name: String,
        /// The plan.
        pub plan: String,
        /// By when.
        pub deadline: NaiveDate,
        /// 0–100.
        pub progress: i64,
        /// The latest word on it.
        pub progress_note: String,
        /// Who made it.
        pub created_by: String,
        /// When.
        pub created_at: DateTime<Utc>,
        /// Last change.
        pub updated_at: DateTime<Utc>,
    }
}

/// Adds a need.
pub async fn add_need(tx: &mut Tx, n: &NeedRow) -> Result<()> {
    tx.execute(&NeedRow::insert().values_panic(n.values()).to_owned()).await?;
    Ok(())
}

/// One need.
pub async fn need(db: &Db, id: Uuid) -> Result<Option<NeedRow>> {
    NeedRow::one(db, &NeedRow::select().and_where(Expr::col("id").eq(id)).to_owned()).await
}

/// Whether a source is on a community's list already.
pub async fn has_source(tx: &mut Tx, community: &str, source: &str) -> Result<bool> {
    let q = Query::select()
        .expr(Expr::val(1))
        .from("joint_need")
        .and_where(Expr::col("community_id").eq(community))
        .and_where(Expr::col("source").eq(source))
        .to_owned();
    Ok(tx.fetch_optional(&q).await?.is_some())
}

/// What a step of a need writes besides its state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NeedChange {
    /// Taken on.
    Take {
        /// Who, by name.
        by: String,
        /// The party member.
        volunteer: Option<Uuid>,
        /// The member unit.
        unit: Option<Uuid>,
    },
    /// Given back.
    Release,
    /// Met.
    Meet {
        /// How.
        note: String,
    },
    /// Nothing else.
    Nothing,
}

/// Moves a need from `from` to `to`; false when someone moved it first.
pub async fn step_need(
    tx: &mut Tx,
    id: Uuid,
    from: &str,
    to: &str,
    change: NeedChange,
    now: DateTime<Utc>,
) -> Result<bool> {
    let mut q = Query::update();
    q.table("joint_need").value("status", to);
    match change {
        NeedChange::Take { by, volunteer, unit } => {
            q.values([
                ("taken_by", by.into()),
                ("taken_volunteer_id", volunteer.into()),
                ("taken_unit_id", unit.into()),
                ("taken_at", now.into()),
            ]);
        }
        NeedChange::Release => {
            q.values([
                ("taken_by", Option::<String>::None.into()),
                ("taken_volunteer_id", Option::<Uuid>::None.into()),
                ("taken_unit_id", Option::<Uuid>::None.into()),
                ("taken_at", Option::<DateTime<Utc>>::None.into()),
            ]);
        }
        NeedChange::Meet { note } => {
            q.values([("done_note", note.into()), ("done_at", now.into())]);
        }
        NeedChange::Nothing => {}
    }
    q.and_where(Expr::col("id").eq(id)).and_where(Expr::col("status").eq(from));
    Ok(tx.execute(&q).await? == 1)
}

/// A community's needs, newest first.
pub async fn needs(db: &Db, communities: &[String], limit: u64) -> Result<Vec<NeedRow>> {
    if communities.is_empty() {
        return Ok(Vec::new());
    }
    let q = NeedRow::select()
        .cond_where(super::under("joint_need", communities))
        .order_by("created_at", Order::Desc)
        .limit(limit)
        .to_owned();
    NeedRow::all(db, &q).await
}

/// The needs a party member took on.
pub async fn needs_taken_by(db: &Db, volunteer: Uuid) -> Result<Vec<NeedRow>> {
    let q = NeedRow::select()
        .and_where(Expr::col("taken_volunteer_id").eq(volunteer))
        .order_by("taken_at", Order::Desc)
        .to_owned();
    NeedRow::all(db, &q).await
}

/// Adds a resource.
pub async fn add_resource(tx: &mut Tx, r: &ResourceRow) -> Result<()> {
    tx.execute(&ResourceRow::insert().values_panic(r.values()).to_owned()).await?;
    Ok(())
}

/// A community's resources, newest first.
pub async fn resources(db: &Db, communities: &[String]) -> Result<Vec<ResourceRow>> {
    if communities.is_empty() {
        return Ok(Vec::new());
    }
    let q = ResourceRow::select()
        .cond_where(super::under("joint_resource", communities))
        .order_by("created_at", Order::Desc)
        .limit(500)
        .to_owned();
    ResourceRow::all(db, &q).await
}

/// Adds a meeting with the units present.
pub async fn add_meeting(tx: &mut Tx, m: &MeetingRow, units: &[(Uuid, String)]) -> Result<()> {
    tx.execute(&MeetingRow::insert().values_panic(m.values()).to_owned()).await?;
    for (unit, name) in units {
        let q = Query::insert()
            .into_table("joint_meeting_unit")
            .columns(["meeting_id", "unit_id", "name"])
            .values_panic([m.id.into(), (*unit).into(), name.clone().into()])
            .to_owned();
        tx.execute(&q).await?;
    }
    Ok(())
}

/// One meeting.
pub async fn meeting(db: &Db, id: Uuid) -> Result<Option<MeetingRow>> {
    MeetingRow::one(db, &MeetingRow::select().and_where(Expr::col("id").eq(id)).to_owned()).await
}

/// The units present at a meeting: (unit, name).
pub async fn meeting_units(db: &Db, id: Uuid) -> Result<Vec<(Uuid, String)>> {
    let q = Query::select()
        .columns(["unit_id", "name"])
        .from("joint_meeting_unit")
        .and_where(Expr::col("meeting_id").eq(id))
        .order_by("name", Order::Asc)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| Ok((r.get("unit_id")?, r.get("name")?))).collect()
}

/// A community's meetings, latest first.
pub async fn meetings(db: &Db, communities: &[String]) -> Result<Vec<MeetingRow>> {
    if communities.is_empty() {
        return Ok(Vec::new());
    }
    let q = MeetingRow::select()
        .cond_where(super::under("joint_meeting", communities))
        .order_by("held_on", Order::Desc)
        .order_by("created_at", Order::Desc)
        .limit(100)
        .to_owned();
    MeetingRow::all(db, &q).await
}

/// Writes a meeting's minutes.
pub async fn set_minutes(tx: &mut Tx, id: Uuid, minutes: &str) -> Result<()> {
    let q =
        Query::update().table("joint_meeting").value("minutes", minutes).and_where(Expr::col("id").eq(id)).to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// Adds a project with the resources it draws on.
pub async fn add_project(tx: &mut Tx, p: &ProjectRow, resources: &[Uuid]) -> Result<()> {
    tx.execute(&ProjectRow::insert().values_panic(p.values()).to_owned()).await?;
    for r in resources {
        let q = Query::insert()
            .into_table("joint_project_resource")
            .columns(["project_id", "resource_id"])
            .values_panic([p.id.into(), (*r).into()])
            .to_owned();
        tx.execute(&q).await?;
    }
    Ok(())
}

/// One project.
pub async fn project(db: &Db, id: Uuid) -> Result<Option<ProjectRow>> {
    ProjectRow::one(db, &ProjectRow::select().and_where(Expr::col("id").eq(id)).to_owned()).await
}

/// The resources a project draws on.
pub async fn project_resources(db: &Db, id: Uuid) -> Result<Vec<ResourceRow>> {
    let q = ResourceRow::select()
        .and_where(
            Expr::col("id").in_subquery(
                Query::select()
                    .column("resource_id")
                    .from("joint_project_resource")
                    .and_where(Expr::col("project_id").eq(id))
                    .to_owned(),
            ),
        )
        .to_owned();
    ResourceRow::all(db, &q).await
}

/// A community's projects (or one meeting's), newest first.
pub async fn projects(db: &Db, communities: &[String], meeting: Option<Uuid>) -> Result<Vec<ProjectRow>> {
    if communities.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = ProjectRow::select().cond_where(super::under("joint_project", communities)).to_owned();
    if let Some(m) = meeting {
        q.and_where(Expr::col("meeting_id").eq(m));
    }
    ProjectRow::all(db, &q.order_by("created_at", Order::Desc).limit(500).to_owned()).await
}

/// Moves a project's progress forward (only from `from`); false when it
/// moved meanwhile.
pub async fn set_progress(tx: &mut Tx, id: Uuid, from: i64, to: i64, note: &str, now: DateTime<Utc>) -> Result<bool> {
    let q = Query::update()
        .table("joint_project")
        .values([("progress", to.into()), ("progress_note", note.into()), ("updated_at", now.into())])
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("progress").eq(from))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}
