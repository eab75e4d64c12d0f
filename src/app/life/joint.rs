//! The 三清单 and the 党建联席会议 (joint party-building meeting): the centre
//! keeps the needs (from the help wall, or typed in); member units and
//! 在职党员 offer resources and take needs on (领办); the meeting, chaired
//! by the member units in turn, takes its agenda from the open needs and
//! makes projects of them, each with an owner unit whose progress every
//! member unit sees.

use chrono::{NaiveDate, Utc};
use linli_store::events::unit::UnitRow;
use linli_store::life::joint::{self as store, MeetingRow, NeedChange, NeedRow, ProjectRow, ResourceRow};
use linli_store::life::wish::VolunteerRow;
use serde_json::json;
use uuid::Uuid;

use super::runs;
use crate::app::access::audit::record;
use crate::app::access::auth::User;
use crate::app::refusal::Reason;
use crate::app::{App, Error, Result};
use crate::domain::life::joint::{self, JointProblem, NeedActor, NeedState, NeedStep};
use crate::domain::time;

/// A member unit's kind among the handler units.
pub const MEMBER_UNIT: &str = "member_unit";

fn bad(field: &'static str, p: JointProblem) -> Error {
    Error::invalid(field, Reason::Joint(p))
}

/// The three lists of a community, with what the reader may do.
#[derive(Debug, Clone)]
pub struct Lists {
    /// The community.
    pub community: String,
    /// The communities the reader may switch to: (code, name).
    pub communities: Vec<(String, String)>,
    /// Needs, newest first.
    pub needs: Vec<NeedRow>,
    /// Resources.
    pub resources: Vec<ResourceRow>,
    /// Projects.
    pub projects: Vec<ProjectRow>,
    /// Meetings, latest first.
    pub meetings: Vec<MeetingRow>,
    /// The community's member units, by name.
    pub units: Vec<UnitRow>,
    /// The member units the reader belongs to here.
    pub my_units: Vec<UnitRow>,
    /// The reader as an 在职党员 here.
    pub party_member: Option<VolunteerRow>,
    /// The reader runs the centre.
    pub may_manage: bool,
    /// Who chairs the next meeting.
    pub next_chair: Option<UnitRow>,
}

/// A project as decided.
#[derive(Debug, Clone, Default)]
pub struct NewProject {
    /// The need it meets.
    pub need: Uuid,
    /// The meeting deciding it.
    pub meeting: Option<Uuid>,
    /// The owner unit.
    pub owner: Option<Uuid>,
    /// The plan.
    pub plan: String,
    /// By when.
    pub deadline: Option<NaiveDate>,
    /// The resources it draws on.
    pub resources: Vec<Uuid>,
}

/// Where a need on the list came from, besides being typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NeedFrom {
    /// A wish of the help wall (its words go on the list).
    Wish(Uuid),
    /// An event reported (the centre words the need).
    Event(Uuid),
    /// A need a grid worker found on a visit (走访; the centre words it).
    Visit(Uuid),
}

impl NeedFrom {
    /// The field a refusal of the source names.
    fn field(self) -> &'static str {
        match self {
            NeedFrom::Wish(_) => "wish",
            NeedFrom::Event(_) => "event",
            NeedFrom::Visit(_) => "visit",
        }
    }
}

/// A resource offered.
#[derive(Debug, Clone, Default)]
pub struct NewResource {
    /// The community.
    pub community: String,
    /// room, skill, money, people, goods.
    pub kind: String,
    /// What.
    pub title: String,
    /// More.
    pub detail: String,
    /// The member unit offering it (else the user as an 在职党员).
    pub unit: Option<Uuid>,
}

/// A meeting called.
#[derive(Debug, Clone, Default)]
pub struct NewMeeting {
    /// The community.
    pub community: String,
    /// The day.
    pub held_on: Option<NaiveDate>,
    /// Where.
    pub place: String,
    /// The chair (the next in turn when none).
    pub chair: Option<Uuid>,
    /// The member units present.
    pub units: Vec<Uuid>,
}

/// A meeting as read.
#[derive(Debug, Clone)]
pub struct MeetingView {
    /// The meeting.
    pub row: MeetingRow,
    /// The member units present.
    pub units: Vec<(Uuid, String)>,
    /// The projects it decided.
    pub projects: Vec<ProjectRow>,
    /// The needs still open or taken (to decide projects of).
    pub open_needs: Vec<NeedRow>,
    /// The community's member units.
    pub member_units: Vec<UnitRow>,
    /// The resources on offer.
    pub resources: Vec<ResourceRow>,
    /// The reader runs the centre.
    pub may_manage: bool,
}

impl App {
    /// The community's member units (共建单位), by name.
    async fn member_units(&self, community: &str) -> Result<Vec<UnitRow>> {
        Ok(self.units_for(community).await?.into_iter().filter(|u| u.kind == MEMBER_UNIT).collect())
    }

    /// The member units of `community` the user belongs to.
    async fn my_member_units(&self, user: &User, community: &str) -> Result<Vec<UnitRow>> {
        let mine = self.my_units(user).await?;
        Ok(self.member_units(community).await?.into_iter().filter(|u| mine.iter().any(|m| m.unit_id == u.id)).collect())
    }

    /// The user as an 在职党员 of `community`.
    async fn party_member(&self, user: &User, community: &str) -> Result<Option<VolunteerRow>> {
        Ok(linli_store::life::wish::volunteers_of(self.db(), user.account.row.id)
            .await?
            .into_iter()
            .find(|v| v.community_id == community && v.status == "active" && v.kind == "party_member"))
    }

    /// The communities whose lists the user sees: where they live or work,
    /// where they volunteer, where their member units work.
    async fn joint_scope(&self, user: &User) -> Result<Vec<String>> {
        let mut scope = self.wall_scope(user).await?;
        let mine = self.my_units(user).await?;
        for u in linli_store::events::unit::units(self.db()).await? {
            if u.kind == MEMBER_UNIT && u.active && mine.iter().any(|m| m.unit_id == u.id) {
                let prefix = crate::app::access::account::significant_prefix(&u.region_code).to_owned();
                scope.extend(self.community_codes_under(&[prefix]).await?);
            }
        }
        let mut out: Vec<String> = self.community_codes_under(&scope).await?;
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// A community's three lists and meetings (the first the user sees when none is named).
    pub async fn joint_lists(&self, user: &User, community: Option<&str>) -> Result<Lists> {
        let scope = self.joint_scope(user).await?;
        let community = match community {
            Some(c) if scope.iter().any(|s| s == c) => c.to_owned(),
            Some(_) => return Err(Error::NotFound("community")),
            // Nowhere to read (a resident not yet linked): the lists are empty.
            None => scope.first().cloned().unwrap_or_default(),
        };
        let names = self.short_names(&scope).await?;
        let communities =
            scope.iter().map(|c| (c.clone(), names.get(c).cloned().unwrap_or_else(|| c.clone()))).collect();
        // An empty list of communities reads nothing (an empty one would read all).
        let one = if community.is_empty() { Vec::new() } else { vec![community.clone()] };
        let units = self.member_units(&community).await?;
        let meetings = store::meetings(self.db(), &one).await?;
        let last_chair = meetings.first().and_then(|m| m.chair_unit_id);
        let ids: Vec<Uuid> = units.iter().map(|u| u.id).collect();
        let next_chair = joint::next_chair(&ids, last_chair).and_then(|id| units.iter().find(|u| u.id == id).cloned());
        Ok(Lists {
            needs: store::needs(self.db(), &one, 500).await?,
            resources: store::resources(self.db(), &one).await?,
            projects: store::projects(self.db(), &one, None).await?,
            my_units: self.my_member_units(user, &community).await?,
            party_member: self.party_member(user, &community).await?,
            may_manage: runs(user, &community),
            meetings,
            units,
            next_chair,
            communities,
            community,
        })
    }

    /// The centre puts a need on the list: typed, a wish from the wall, an
    /// event reported or a need found on a visit (the last two in words the
    /// centre chose: neither is public); each wish, event or visit once.
    pub async fn add_need(
        &self,
        user: &User,
        ip: &str,
        community: &str,
        title: &str,
        detail: &str,
        from: Option<NeedFrom>,
    ) -> Result<NeedRow> {
        let (community, title, detail, source) = match from {
            Some(NeedFrom::Event(id)) => {
                let e = linli_store::events::event::by_id(self.db(), community, id)
                    .await?
                    .ok_or(Error::NotFound("event"))?;
                (e.community_id, title.trim().to_owned(), detail.trim().to_owned(), format!("event:{id}"))
            }
            Some(NeedFrom::Visit(id)) => {
                let v = linli_store::services::visit::visit_by_id(self.db(), community, id)
                    .await?
                    .ok_or(Error::NotFound("visit"))?;
                (v.community_id, title.trim().to_owned(), detail.trim().to_owned(), format!("visit:{id}"))
            }
            Some(NeedFrom::Wish(id)) => {
                let w = linli_store::life::wish::by_id(self.db(), id).await?.ok_or(Error::NotFound("wish"))?;
                // A wish taken down (or done) is not the lists' to show.
                if !matches!(w.status.as_str(), "open" | "claimed") {
                    return Err(bad("wish", JointProblem::NotNow));
                }
                (w.community_id, w.title, w.body, format!("wish:{id}"))
            }
            None => (community.to_owned(), title.trim().to_owned(), detail.trim().to_owned(), "typed".to_owned()),
        };
        if community.len() != 12 || !runs(user, &community) {
            return Err(Error::Forbidden);
        }
        joint::check_words(&title, &[&detail])
            .map_err(|p| bad(if p == JointProblem::Title { "title" } else { "detail" }, p))?;
        let row = NeedRow {
            id: Uuid::now_v7(),
            community_id: community.clone(),
            title,
            detail,
            source: source.clone(),
            status: NeedState::Open.key().into(),
            taken_by: None,
            taken_volunteer_id: None,
            taken_unit_id: None,
            taken_at: None,
            done_note: None,
            done_at: None,
            created_by: user.account.shown_name(),
            created_at: Utc::now(),
        };
        let mut tx = self.db().begin().await?;
        if source != "typed" && store::has_source(&mut tx, &community, &source).await? {
            tx.rollback().await?;
            return Err(bad(from.map_or("wish", NeedFrom::field), JointProblem::NotNow));
        }
        store::add_need(&mut tx, &row).await?;
        record(&mut tx, &user.actor(ip), "joint.need", &row.id.to_string(), json!({ "source": source })).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// A step on a need: a party member or a member unit (`unit`) takes it
    /// on or gives it back; the taker or the centre says it is met; the
    /// centre drops it.
    pub async fn need_step(
        &self,
        user: &User,
        ip: &str,
        id: Uuid,
        step: NeedStep,
        note: &str,
        unit: Option<Uuid>,
    ) -> Result<NeedRow> {
        let n = store::need(self.db(), id).await?.ok_or(Error::NotFound("need"))?;
        if !self.joint_scope(user).await?.contains(&n.community_id) {
            return Err(Error::NotFound("need"));
        }
        let state = NeedState::parse(&n.status).ok_or_else(|| Error::unknown_state(&n.status))?;
        let staff = runs(user, &n.community_id);
        let my_units = self.my_member_units(user, &n.community_id).await?;
        let party = self.party_member(user, &n.community_id).await?;
        let taker = n.taken_volunteer_id.is_some_and(|v| party.as_ref().is_some_and(|p| p.id == v))
            || n.taken_unit_id.is_some_and(|u| my_units.iter().any(|m| m.id == u));
        let who = match step {
            NeedStep::Take if party.is_some() || !my_units.is_empty() => NeedActor::Member,
            NeedStep::GiveBack | NeedStep::Meet if taker => NeedActor::Taker,
            _ if staff => NeedActor::Staff,
            _ => return Err(bad("need", JointProblem::NotYours)),
        };
        let to = joint::next(state, step, who).map_err(|p| bad("need", p))?;
        let change = match step {
            NeedStep::Take => match unit {
                Some(u) => {
                    let unit = my_units.iter().find(|m| m.id == u).ok_or(bad("unit", JointProblem::Unit))?;
                    NeedChange::Take { by: unit.name.clone(), volunteer: None, unit: Some(unit.id) }
                }
                None => {
                    let p = party.as_ref().ok_or(bad("unit", JointProblem::Unit))?;
                    NeedChange::Take { by: p.name.clone(), volunteer: Some(p.id), unit: None }
                }
            },
            NeedStep::GiveBack => NeedChange::Release,
            NeedStep::Meet => {
                let note =
                    crate::domain::life::wish::note(note, true).map_err(|p| Error::invalid("note", Reason::Wish(p)))?;
                NeedChange::Meet { note }
            }
            NeedStep::MakeProject | NeedStep::Drop => NeedChange::Nothing,
        };
        let mut tx = self.db().begin().await?;
        if !store::step_need(&mut tx, id, state.key(), to.key(), change, Utc::now()).await? {
            tx.rollback().await?;
            return Err(bad("need", JointProblem::NotNow));
        }
        record(&mut tx, &user.actor(ip), "joint.need_step", &id.to_string(), json!({ "to": to.key(), "unit": unit }))
            .await?;
        tx.commit().await?;
        store::need(self.db(), id).await?.ok_or(Error::NotFound("need"))
    }

    /// A member unit (one of the user's, or any for the centre) or the user
    /// as an 在职党员 offers something.
    pub async fn add_resource(&self, user: &User, ip: &str, n: NewResource) -> Result<ResourceRow> {
        let NewResource { community, kind, title, detail, unit } = n;
        let (community, kind, title, detail) = (community.as_str(), kind.as_str(), title.as_str(), detail.as_str());
        if !self.joint_scope(user).await?.iter().any(|c| c == community) {
            return Err(Error::NotFound("community"));
        }
        if !joint::RESOURCE_KINDS.contains(&kind) {
            return Err(bad("kind", JointProblem::Kind));
        }
        joint::check_words(title, &[detail])
            .map_err(|p| bad(if p == JointProblem::Title { "title" } else { "detail" }, p))?;
        let staff = runs(user, community);
        let (unit_id, volunteer_id, offered_by) = match unit {
            Some(u) => {
                let pool = if staff {
                    self.member_units(community).await?
                } else {
                    self.my_member_units(user, community).await?
                };
                let unit = pool.into_iter().find(|m| m.id == u).ok_or(bad("unit", JointProblem::Unit))?;
                (Some(unit.id), None, unit.name)
            }
            None => {
                let p = self.party_member(user, community).await?.ok_or(bad("unit", JointProblem::Unit))?;
                (None, Some(p.id), p.name)
            }
        };
        let row = ResourceRow {
            id: Uuid::now_v7(),
            community_id: community.to_owned(),
            kind: kind.to_owned(),
            title: title.trim().to_owned(),
            detail: detail.trim().to_owned(),
            unit_id,
            volunteer_id,
            offered_by,
            created_at: Utc::now(),
        };
        let mut tx = self.db().begin().await?;
        store::add_resource(&mut tx, &row).await?;
        record(&mut tx, &user.actor(ip), "joint.resource", &row.id.to_string(), json!({ "kind": row.kind })).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// The centre calls a meeting: its agenda is the needs open now, its
    /// chair the next member unit in turn unless one is named.
    pub async fn call_meeting(&self, user: &User, ip: &str, n: NewMeeting) -> Result<MeetingRow> {
        if n.community.len() != 12 || !runs(user, &n.community) {
            return Err(Error::Forbidden);
        }
        let held_on = n.held_on.ok_or_else(|| Error::invalid("held_on", Reason::BadDate))?;
        let today = time::day(Utc::now());
        if held_on < today - chrono::Duration::days(30) || held_on > today + chrono::Duration::days(366) {
            return Err(Error::invalid("held_on", Reason::BadDate));
        }
        joint::check_words(&n.place, &[]).map_err(|p| bad("place", p))?;
        let lists = self.joint_lists(user, Some(&n.community)).await?;
        let chair = match n.chair {
            Some(c) => Some(lists.units.iter().find(|u| u.id == c).ok_or(bad("chair", JointProblem::Unit))?.clone()),
            None => lists.next_chair.clone(),
        };
        let mut present = Vec::new();
        let mut asked = n.units.clone();
        asked.sort();
        asked.dedup();
        for u in &asked {
            let unit = lists.units.iter().find(|m| m.id == *u).ok_or(bad("units", JointProblem::Unit))?;
            present.push((unit.id, unit.name.clone()));
        }
        let agenda: Vec<String> = lists
            .needs
            .iter()
            .filter(|x| matches!(x.status.as_str(), "open" | "taken"))
            .map(|x| x.title.clone())
            .collect();
        let row = MeetingRow {
            id: Uuid::now_v7(),
            community_id: n.community.clone(),
            held_on,
            place: n.place.trim().to_owned(),
            chair_unit_id: chair.as_ref().map(|c| c.id),
            chair_name: chair.map(|c| c.name).unwrap_or_default(),
            agenda: agenda.join("\n"),
            minutes: String::new(),
            created_by: user.account.shown_name(),
            created_at: Utc::now(),
        };
        let mut tx = self.db().begin().await?;
        store::add_meeting(&mut tx, &row, &present).await?;
        record(&mut tx, &user.actor(ip), "joint.meeting", &row.id.to_string(), json!({ "chair": row.chair_name }))
            .await?;
        tx.commit().await?;
        Ok(row)
    }

    /// A meeting with what it decided.
    pub async fn meeting(&self, user: &User, id: Uuid) -> Result<MeetingView> {
        let row = store::meeting(self.db(), id).await?.ok_or(Error::NotFound("meeting"))?;
        let lists = self.joint_lists(user, Some(&row.community_id)).await.map_err(|_| Error::NotFound("meeting"))?;
        Ok(MeetingView {
            units: store::meeting_units(self.db(), id).await?,
            projects: store::projects(self.db(), std::slice::from_ref(&row.community_id), Some(id)).await?,
            open_needs: lists.needs.into_iter().filter(|n| matches!(n.status.as_str(), "open" | "taken")).collect(),
            member_units: lists.units,
            resources: lists.resources,
            may_manage: lists.may_manage,
            row,
        })
    }

    /// The centre writes a meeting's minutes.
    pub async fn write_minutes(&self, user: &User, ip: &str, id: Uuid, minutes: &str) -> Result<()> {
        let m = store::meeting(self.db(), id).await?.ok_or(Error::NotFound("meeting"))?;
        if !runs(user, &m.community_id) {
            return Err(Error::Forbidden);
        }
        if minutes.chars().count() > joint::TEXT_MAX * 5 {
            return Err(bad("minutes", JointProblem::Text));
        }
        let mut tx = self.db().begin().await?;
        store::set_minutes(&mut tx, id, minutes.trim()).await?;
        record(&mut tx, &user.actor(ip), "joint.minutes", &id.to_string(), json!({})).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The centre (at a meeting or between) makes a project of a need,
    /// with its owner unit, plan, deadline and resources.
    pub async fn make_project(&self, user: &User, ip: &str, n: NewProject) -> Result<ProjectRow> {
        let need = store::need(self.db(), n.need).await?.ok_or(Error::NotFound("need"))?;
        if !runs(user, &need.community_id) {
            return Err(Error::Forbidden);
        }
        let state = NeedState::parse(&need.status).ok_or_else(|| Error::unknown_state(&need.status))?;
        let to = joint::next(state, NeedStep::MakeProject, NeedActor::Staff).map_err(|p| bad("need", p))?;
        let units = self.member_units(&need.community_id).await?;
        let owner = n.owner.and_then(|o| units.iter().find(|u| u.id == o)).ok_or(bad("owner", JointProblem::Unit))?;
        joint::check_words(&need.title, &[&n.plan]).map_err(|p| bad("plan", p))?;
        let today = time::day(Utc::now());
        let deadline = n.deadline.ok_or_else(|| Error::invalid("deadline", Reason::BadDate))?;
        if deadline < today || deadline > today + chrono::Duration::days(731) {
            return Err(bad("deadline", JointProblem::Deadline));
        }
        if let Some(m) = n.meeting {
            let meeting = store::meeting(self.db(), m).await?.ok_or(Error::NotFound("meeting"))?;
            if meeting.community_id != need.community_id {
                return Err(Error::NotFound("meeting"));
            }
        }
        let mut n = n;
        n.resources.sort();
        n.resources.dedup();
        let offered = store::resources(self.db(), std::slice::from_ref(&need.community_id)).await?;
        if n.resources.iter().any(|r| !offered.iter().any(|o| o.id == *r)) {
            return Err(Error::NotFound("resource"));
        }
        let now = Utc::now();
        let row = ProjectRow {
            id: Uuid::now_v7(),
            community_id: need.community_id.clone(),
            need_id: need.id,
            meeting_id: n.meeting,
            title: need.title.clone(),
            owner_unit_id: owner.id,
            owner_name: owner.name.clone(),
            plan: n.plan.trim().to_owned(),
            deadline,
            progress: 0,
            progress_note: String::new(),
            created_by: user.account.shown_name(),
            created_at: now,
            updated_at: now,
        };
        let mut tx = self.db().begin().await?;
        if !store::step_need(&mut tx, need.id, state.key(), to.key(), NeedChange::Nothing, now).await? {
            tx.rollback().await?;
            return Err(bad("need", JointProblem::NotNow));
        }
        store::add_project(&mut tx, &row, &n.resources).await?;
        record(
            &mut tx,
            &user.actor(ip),
            "joint.project",
            &row.id.to_string(),
            json!({ "need": need.id, "owner": owner.id }),
        )
        .await?;
        tx.commit().await?;
        Ok(row)
    }

    /// The owner unit (or the centre) moves a project forward; at 100 its
    /// need is met.
    pub async fn project_progress(
        &self,
        user: &User,
        ip: &str,
        id: Uuid,
        progress: i64,
        note: &str,
    ) -> Result<ProjectRow> {
        let p = store::project(self.db(), id).await?.ok_or(Error::NotFound("project"))?;
        let owner = self.my_member_units(user, &p.community_id).await?.iter().any(|u| u.id == p.owner_unit_id);
        if !owner && !runs(user, &p.community_id) {
            return Err(Error::NotFound("project"));
        }
        joint::check_progress(p.progress, progress).map_err(|e| bad("progress", e))?;
        let note = crate::domain::life::wish::note(note, true).map_err(|e| Error::invalid("note", Reason::Wish(e)))?;
        let now = Utc::now();
        let mut tx = self.db().begin().await?;
        if !store::set_progress(&mut tx, id, p.progress, progress, &note, now).await? {
            tx.rollback().await?;
            return Err(bad("progress", JointProblem::NotNow));
        }
        if progress == 100 {
            let change = NeedChange::Meet { note: note.clone() };
            store::step_need(&mut tx, p.need_id, NeedState::Project.key(), NeedState::Met.key(), change, now).await?;
        }
        record(&mut tx, &user.actor(ip), "joint.progress", &id.to_string(), json!({ "progress": progress })).await?;
        tx.commit().await?;
        store::project(self.db(), id).await?.ok_or(Error::NotFound("project"))
    }

    /// The needs an 在职党员 took on (their record for their employer).
    pub async fn needs_taken_by(&self, volunteer: Uuid) -> Result<Vec<NeedRow>> {
        Ok(store::needs_taken_by(self.db(), volunteer).await?)
    }
}
