//! A case from registration to its close: registered by the community's
//! staff (from an event, a visit, a walk-in or a letter) with its parties —
//! found in the registry by their ID number, or from outside it — and the
//! bodies taking part; moved by the one transition function; its sessions
//! recorded; its agreement printed. Opening a file is audited; the
//! parties' ID numbers and phones are masked unless revealed for a reason.
//! A high-risk case tells the community head and the police office at once.

mod deadline;
mod session;
use deadline::{alerts, listed};

use crate::app::refusal::CaseRefusal;
use chrono::{DateTime, Datelike, Utc};
use linli_store::mediation::case::{self as store, CaseRow, Filter, PartyRow, SessionRow, StepRow};
use linli_store::notify::outbox::Notification;
use serde_json::json;
use uuid::Uuid;

use super::{headed, keeps_cases};
use crate::app::access::audit::{Actor, record};
use crate::app::access::auth::User;
use crate::app::refusal::Reason;
use crate::app::registry::household::read_scope;
use crate::app::{App, Error, Result};
use crate::domain::mediation::case::{self as case, Action, Body, Kind, Matter, Origin, Risk, State};
use crate::domain::registry::id_number::IdNumber;
use crate::domain::registry::phone::Phone;
use crate::domain::registry::region::CommunityCode;
use crate::domain::time;

/// A party as typed.
#[derive(Debug, Clone, Default)]
pub struct NewParty {
    /// applicant (申请人) or respondent (被申请人).
    pub respondent: bool,
    /// Name.
    pub name: String,
    /// ID number, if given: finds them in the registry.
    pub id_number: String,
    /// Phone, if given.
    pub phone: String,
    /// Address (taken from the registry when found there).
    pub address: String,
}

/// A case as typed.
#[derive(Debug, Clone, Default)]
pub struct NewCase {
    /// The community.
    pub community: String,
    /// dispute or petition.
    pub kind: String,
    /// What it is about.
    pub matter: String,
    /// low … major.
    pub risk: String,
    /// Where it came from.
    pub origin: String,
    /// The event it came from.
    pub event: Option<Uuid>,
    /// The matter in words.
    pub summary: String,
    /// 越级上访 (a petition that went above the community first).
    pub above: bool,
    /// The bodies taking part, by code.
    pub bodies: Vec<String>,
    /// The parties.
    pub parties: Vec<NewParty>,
    /// The day it was received (a letter read later); today if none.
    pub received: Option<chrono::NaiveDate>,
    /// The parties' grid, when staff name it (else from the event or the
    /// parties found in the registry).
    pub grid: Option<String>,
}

/// A session as typed.
#[derive(Debug, Clone, Default)]
pub struct NewSession {
    /// When held.
    pub held_at: Option<DateTime<Utc>>,
    /// Where (a room of the centre, 科技法庭 …).
    pub place: String,
    /// Who took part.
    pub participants: String,
    /// 调解笔录.
    pub minutes: String,
    /// A 科技法庭 session's court.
    pub court: String,
    /// Its judge.
    pub judge: String,
    /// Its video address.
    pub video: String,
    /// The session scheduled ahead that this records, if any.
    pub planned: Option<Uuid>,
}

/// A session scheduled ahead in one of the centre's rooms.
#[derive(Debug, Clone)]
pub struct NewSchedule {
    /// The room.
    pub room: Option<Uuid>,
    /// The day.
    pub day: chrono::NaiveDate,
    /// From.
    pub start: chrono::NaiveTime,
    /// Until.
    pub end: chrono::NaiveTime,
    /// Who is asked to come.
    pub participants: String,
}

/// A party as the viewer sees them.
#[derive(Debug, Clone)]
pub struct PartyView {
    /// The party.
    pub row: PartyRow,
    /// ID number, masked (or in full after a recorded reveal).
    pub id_number: Option<String>,
    /// Phone, masked (or in full).
    pub phone: Option<String>,
}

/// A case file.
#[derive(Debug, Clone)]
pub struct CaseFile {
    /// The case.
    pub row: CaseRow,
    /// Its kind.
    pub kind: Kind,
    /// Where it stands.
    pub state: State,
    /// Its parties.
    pub parties: Vec<PartyView>,
    /// Its timeline.
    pub steps: Vec<StepRow>,
    /// Its sessions.
    pub sessions: Vec<SessionRow>,
    /// Due by, while it runs.
    pub due: Option<chrono::NaiveDate>,
    /// The last day to ask the court to confirm the agreement.
    pub confirm_by: Option<chrono::NaiveDate>,
    /// What the viewer may do now.
    pub actions: Vec<&'static str>,
    /// The units taking part, by name.
    pub units: Vec<String>,
    /// Whether the IDs and phones are shown in full.
    pub revealed: bool,
}

/// A case in a list: enough to find it; its matter only for those who may
/// open it.
#[derive(Debug, Clone)]
pub struct Listed {
    /// The case.
    pub row: CaseRow,
    /// Whether the viewer may open it.
    pub opens: bool,
    /// Due by.
    pub due: Option<chrono::NaiveDate>,
    /// Past it.
    pub overdue: bool,
}

fn parse<T>(field: &'static str, code: &str, f: impl Fn(&str) -> Option<T>, all: &[&str]) -> Result<T> {
    f(code.trim())
        .ok_or_else(|| Error::invalid(field, Reason::Cases(CaseRefusal::MediationCode { known: all.join(", ") })))
}

fn codes<T: Copy>(all: &[T], code: impl Fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|v| code(*v)).collect()
}

/// Letters only, no control characters, trimmed.
fn text(t: &str) -> String {
    crate::domain::life::wish::clean(t, true).trim().to_owned()
}

fn length_within(t: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&t.chars().count())
}

/// A reason to show numbers in full: 2–200 characters one can read
/// (control and zero-width characters are not a reason).
fn reason_of(r: &str) -> Result<String> {
    let r = crate::domain::life::wish::clean(r, false);
    let seen = r.chars().filter(|c| !c.is_whitespace()).count();
    if seen < 2 || r.chars().count() > 200 {
        return Err(Error::invalid("reason", Reason::SayWhy));
    }
    Ok(r)
}

/// The action with its text cleaned as every stored text is (no control
/// or invisible characters), so that invisible terms are no terms.
fn cleaned(action: Action) -> Action {
    let c = |t: String| crate::domain::life::wish::clean(&t, true);
    match action {
        Action::Decline { reason } => Action::Decline { reason: c(reason) },
        Action::Fail { reason } => Action::Fail { reason: c(reason) },
        Action::Session { minutes } => Action::Session { minutes: c(minutes) },
        Action::Agree { terms } => Action::Agree { terms: c(terms) },
        Action::FollowUp { note } => Action::FollowUp { note: c(note) },
        Action::Close { note } => Action::Close { note: c(note) },
        a => a,
    }
}

pub(crate) fn kind_of(row: &CaseRow) -> Result<(Kind, State)> {
    let kind =
        Kind::parse(&row.kind).ok_or(Error::invalid("kind", Reason::UnknownState { state: row.kind.clone() }))?;
    let state =
        State::parse(&row.state).ok_or(Error::invalid("state", Reason::UnknownState { state: row.state.clone() }))?;
    Ok((kind, state))
}

fn due_of(row: &CaseRow) -> Option<chrono::NaiveDate> {
    let (kind, state) = kind_of(row).ok()?;
    case::due(kind, state, row.registered_on, row.accepted_on)
}

fn units_of(row: &CaseRow) -> Vec<Uuid> {
    row.unit_ids.split(',').filter_map(|u| Uuid::parse_str(u.trim()).ok()).collect()
}

impl App {
    /// Whether the user may open this case's file.
    async fn opens(&self, user: &User, row: &CaseRow) -> Result<bool> {
        if row.keeper_id == user.account.row.id || headed(user).iter().any(|h| row.community_id.starts_with(h.as_str()))
        {
            return Ok(true);
        }
        let mine = self.my_unit_ids(user).await?;
        Ok(units_of(row).iter().any(|u| mine.contains(u)))
    }

    /// Registers a case (the community's staff).
    pub async fn register_case(&self, user: &User, ip: &str, n: NewCase) -> Result<CaseRow> {
        if !keeps_cases(user, &n.community) {
            return Err(Error::Forbidden);
        }
        if let Some(event) = n.event {
            // The event must be one the user sees, of that community.
            let e = linli_store::events::event::in_scope_by_id(self.db(), &read_scope(user), event).await?;
            if e.is_none_or(|e| e.community_id != n.community) {
                return Err(Error::invalid("event", Reason::Cases(CaseRefusal::MediationEvent)));
            }
        }
        self.register_case_by(&user.actor(ip), n).await
    }

    /// Registers a case on an actor's say (the demo): the actor keeps it.
    pub async fn register_case_by(&self, actor: &Actor, n: NewCase) -> Result<CaseRow> {
        let code = CommunityCode::parse(n.community.trim())
            .map_err(|_| Error::invalid("community", Reason::ChooseCommunity))?;
        let community = code.as_str().to_owned();
        let names = self.region_names(&[community.as_str()]).await?;
        let Some((_, community_name)) = names.into_iter().next() else {
            return Err(Error::invalid("community", Reason::ChooseCommunity));
        };
        let kind = parse("kind", &n.kind, Kind::parse, &codes(Kind::ALL, Kind::code))?;
        let matter = parse("matter", &n.matter, Matter::parse, &codes(Matter::ALL, Matter::code))?;
        let risk = parse("risk", &n.risk, Risk::parse, &codes(Risk::ALL, Risk::code))?;
        let origin = match n.event {
            Some(_) => Origin::Event,
            None => parse("origin", &n.origin, Origin::parse, &codes(Origin::ALL, Origin::code))?,
        };
        let mut bodies = Vec::new();
        for b in &n.bodies {
            let b = parse("bodies", b, Body::parse, &codes(Body::ALL, Body::code))?;
            if !bodies.contains(&b) {
                bodies.push(b);
            }
        }
        if bodies.is_empty() {
            // The community's mediation committee keeps a dispute, 信访 a petition.
            bodies.push(if kind == Kind::Petition { Body::Petition } else { Body::Committee });
        }
        let summary = text(&n.summary);
        if !length_within(&summary, 5, 2000) {
            return Err(Error::invalid("summary", Reason::Cases(CaseRefusal::MediationSummary)));
        }
        let event = match n.event {
            Some(id) => {
                let e = linli_store::events::event::by_id(self.db(), &community, id)
                    .await?
                    .ok_or(Error::invalid("event", Reason::Cases(CaseRefusal::MediationEvent)))?;
                if store::of_event(self.db(), &community, id).await?.is_some() {
                    return Err(Error::invalid("event", Reason::Cases(CaseRefusal::MediationEvent)));
                }
                Some(e)
            }
            None if origin == Origin::Event => {
                return Err(Error::invalid("event", Reason::Cases(CaseRefusal::MediationEvent)));
            }
            None => None,
        };
        let today = time::day(Utc::now());
        let registered_on = n.received.unwrap_or(today);
        if registered_on > today || registered_on < today - chrono::Duration::days(366) {
            return Err(Error::invalid("received", Reason::Cases(CaseRefusal::MediationWhen)));
        }
        let id = Uuid::now_v7();
        let named = match n.grid.as_deref().map(str::trim).filter(|g| !g.is_empty()) {
            Some(g) => {
                let grids =
                    linli_store::registry::region::grids_in(self.db(), std::slice::from_ref(&community)).await?;
                if !grids.iter().any(|r| r.code == g) {
                    return Err(Error::invalid("grid", Reason::Cases(CaseRefusal::MediationGrid)));
                }
                Some(g.to_owned())
            }
            None => None,
        };
        let mut grid = named.clone().or_else(|| event.as_ref().and_then(|e| e.grid_code.clone()));
        let mut parties = Vec::new();
        for p in &n.parties {
            let name = text(&p.name);
            let (idn, phone, address) = (p.id_number.trim(), p.phone.trim(), text(&p.address));
            if name.is_empty() && idn.is_empty() && phone.is_empty() && address.is_empty() {
                continue;
            }
            if !length_within(&name, 1, 40) || address.chars().count() > 120 {
                return Err(Error::invalid("parties", Reason::Cases(CaseRefusal::MediationParty)));
            }
            let mut row = PartyRow {
                community_id: community.clone(),
                case_id: id,
                id: Uuid::now_v7(),
                side: if p.respondent { "respondent" } else { "applicant" }.into(),
                person_id: None,
                name,
                id_sealed: None,
                id_masked: None,
                phone_sealed: None,
                phone_masked: None,
                address,
            };
            if !idn.is_empty() {
                let valid = IdNumber::parse(idn, today)
                    .map_err(|_| Error::invalid("parties", Reason::Cases(CaseRefusal::MediationIdNumber)))?;
                row.id_sealed = Some(self.keys().seal(valid.as_str()));
                row.id_masked = Some(valid.masked());
                // Someone of the registry: linked, with their address and grid.
                let hashes = self.keys().lookup_hashes("id", valid.as_str());
                let found = linli_store::registry::person::people_by_id_hashes(self.db(), &hashes).await?;
                if let Some((_, person)) = found.into_iter().find(|(_, p)| p.community_id == community) {
                    let hit = linli_store::registry::search::in_scope_by_id(
                        self.db(),
                        std::slice::from_ref(&community),
                        person.id,
                    )
                    .await?;
                    if let Some(hit) = hit {
                        let h = &hit.place;
                        if row.address.is_empty() {
                            row.address = format!("{} {} {}", h.building, h.unit, h.room).trim().to_owned();
                        }
                        if grid.is_none() {
                            grid = Some(h.grid_code.clone());
                        }
                    }
                    row.person_id = Some(person.id);
                }
            }
            if !phone.is_empty() {
                let valid = Phone::parse(phone).map_err(|_| Error::invalid("parties", Reason::Mobile))?;
                row.phone_sealed = Some(self.keys().seal(valid.as_str()));
                row.phone_masked = Some(valid.masked());
            }
            parties.push(row);
        }
        let applicants = parties.iter().filter(|p| p.side == "applicant").count();
        let respondents = parties.len() - applicants;
        if parties.len() > 10 || applicants == 0 || (kind == Kind::Dispute && respondents == 0) {
            return Err(Error::invalid("parties", Reason::Cases(CaseRefusal::MediationParties)));
        }
        // The community's units of each body that has them take part.
        let units = self.units_for(&community).await?;
        let unit_ids: Vec<String> = bodies
            .iter()
            .filter_map(|b| b.unit_kind())
            .flat_map(|k| units.iter().filter(move |u| u.kind == k).map(|u| u.id.to_string()))
            .collect();
        let now = Utc::now();
        let mut row = CaseRow {
            community_id: community.clone(),
            id,
            number: String::new(),
            kind: kind.code().into(),
            matter: matter.code().into(),
            risk: risk.code().into(),
            state: State::Registered.code().into(),
            origin: origin.code().into(),
            event_id: event.as_ref().map(|e| e.id),
            grid_code: grid,
            summary,
            above: kind == Kind::Petition && n.above,
            bodies: bodies.iter().map(|b| b.code()).collect::<Vec<_>>().join(","),
            unit_ids: unit_ids.join(","),
            keeper_id: actor.id.unwrap_or(Uuid::nil()),
            keeper_name: actor.name.chars().take(60).collect(),
            registered_on,
            accepted_on: None,
            agreed_on: None,
            consent: false,
            terms: None,
            follow_up: None,
            closed_on: None,
            created_at: now,
            updated_at: now,
            warned_for: None,
            escalated_for: None,
        };
        // Numbered in the year; two registered at once: the second numbers again.
        for _ in 0..5 {
            let mut tx = self.db().begin().await?;
            let year = registered_on.year();
            let n = store::count_in_year(&mut tx, &community, year).await? + 1;
            row.number = format!("{year}-{n:04}");
            let step = StepRow {
                community_id: community.clone(),
                case_id: id,
                id: Uuid::now_v7(),
                action: "register".into(),
                state: row.state.clone(),
                text: String::new(),
                by_name: row.keeper_name.clone(),
                at: now,
            };
            match store::add(&mut tx, &row, &parties, &step).await {
                // The event made a case meanwhile (its key), or the number was taken.
                Err(linli_store::Error::Conflict { .. }) => match row.event_id {
                    Some(e) if store::of_event(self.db(), &community, e).await?.is_some() => {
                        return Err(Error::invalid("event", Reason::Cases(CaseRefusal::MediationEvent)));
                    }
                    _ => continue,
                },
                r => r?,
            }
            let detail = json!({ "community": community, "number": row.number, "kind": row.kind, "risk": row.risk });
            record(&mut tx, actor, "mediation.register", &id.to_string(), detail).await?;
            if risk.alerts() {
                linli_store::notify::outbox::notify_many(&mut tx, &alerts(&row, &community_name, now)).await?;
            }
            tx.commit().await?;
            return Ok(row);
        }
        Err(Error::Busy("case number"))
    }

    /// The cases the user may open (newest first), and — for a grid
    /// worker — those among her grids' households that she may only know of.
    pub async fn cases(&self, user: &User, open_only: bool) -> Result<Vec<Listed>> {
        let f = Filter { open: open_only, ..Filter::default() };
        let units = self.my_unit_ids(user).await?;
        let mut out: Vec<Listed> = store::open_to(self.db(), &headed(user), user.account.row.id, &units, &f)
            .await?
            .into_iter()
            .map(|row| listed(row, true))
            .collect();
        // Who works a community or a grid learns a case exists there; a
        // street's or the district's admins see the 三零 figures instead.
        let near: Vec<String> = read_scope(user).into_iter().filter(|p| p.len() >= 12).collect();
        for row in store::in_scope(self.db(), &near, &f).await? {
            if !out.iter().any(|l| l.row.id == row.id) {
                out.push(listed(row, false));
            }
        }
        out.sort_by(|a, b| (b.row.registered_on, &b.row.number).cmp(&(a.row.registered_on, &a.row.number)));
        Ok(out)
    }

    /// A case file, audited; `reveal` (a reason) shows the parties' ID
    /// numbers and phones in full. `NotFound` for anyone who may not open it
    /// (a grid worker learns only that it exists, from the list).
    pub async fn case_file(&self, user: &User, ip: &str, id: Uuid, reveal: Option<&str>) -> Result<CaseFile> {
        let row = store::case(self.db(), id).await?.ok_or(Error::NotFound("case"))?;
        if !self.opens(user, &row).await? {
            return Err(Error::NotFound("case"));
        }
        let reason = reveal.map(reason_of).transpose()?;
        let reason = reason.as_deref();
        let mut tx = self.db().begin().await?;
        let (action, detail) = match reason {
            Some(r) => ("mediation.reveal", json!({ "number": row.number, "reason": r })),
            None => ("mediation.open", json!({ "number": row.number })),
        };
        record(&mut tx, &user.actor(ip), action, &id.to_string(), detail).await?;
        tx.commit().await?;
        let mut file = self.file_of(row, reason.is_some()).await?;
        if !keeps_cases(user, &file.row.community_id) && !self.opens_as_unit(user, &file.row).await? {
            file.actions.clear();
        }
        Ok(file)
    }

    async fn opens_as_unit(&self, user: &User, row: &CaseRow) -> Result<bool> {
        let mine = self.my_unit_ids(user).await?;
        Ok(units_of(row).iter().any(|u| mine.contains(u)))
    }

    pub(crate) async fn file_of(&self, row: CaseRow, revealed: bool) -> Result<CaseFile> {
        let (kind, state) = kind_of(&row)?;
        let community = row.community_id.clone();
        let parties = store::parties(self.db(), &community, row.id)
            .await?
            .into_iter()
            .map(|p| {
                let open = |sealed: &Option<String>, masked: &Option<String>| match (revealed, sealed) {
                    (true, Some(s)) => self.open_sealed(s).or_else(|| masked.clone()),
                    _ => masked.clone(),
                };
                PartyView {
                    id_number: open(&p.id_sealed, &p.id_masked),
                    phone: open(&p.phone_sealed, &p.phone_masked),
                    row: p,
                }
            })
            .collect();
        let all = self.units_for(&community).await?;
        let ids = units_of(&row);
        let units = all.into_iter().filter(|u| ids.contains(&u.id)).map(|u| u.name).collect();
        Ok(CaseFile {
            steps: store::steps(self.db(), &community, row.id).await?,
            sessions: store::sessions(self.db(), &community, row.id).await?,
            due: case::due(kind, state, row.registered_on, row.accepted_on),
            confirm_by: row.agreed_on.map(case::confirm_by),
            actions: state.next(kind),
            kind,
            state,
            parties,
            units,
            revealed,
            row,
        })
    }

    /// Acts on a case (its keepers: the community's staff, and the units
    /// taking part).
    pub async fn act_on_case(&self, user: &User, ip: &str, id: Uuid, action: Action) -> Result<CaseRow> {
        let row = store::case(self.db(), id).await?.ok_or(Error::NotFound("case"))?;
        if !self.opens(user, &row).await? {
            return Err(Error::NotFound("case"));
        }
        if !keeps_cases(user, &row.community_id) && !self.opens_as_unit(user, &row).await? {
            return Err(Error::Forbidden);
        }
        self.act_by(&user.actor(ip), row, cleaned(action), None).await
    }

    /// Acts on a case on an actor's say; a session's record goes with its
    /// step.
    pub(crate) async fn act_by(
        &self,
        actor: &Actor,
        row: CaseRow,
        action: Action,
        session: Option<SessionRow>,
    ) -> Result<CaseRow> {
        let (kind, state) = kind_of(&row)?;
        let next = case::apply(kind, state, &action)
            .map_err(|r| Error::invalid("action", Reason::Cases(CaseRefusal::MediationRefused(r))))?;
        let now = Utc::now();
        let today = time::day(now);
        let was = row.state.clone();
        let mut new = CaseRow { state: next.code().into(), updated_at: now, ..row };
        let mut text = String::new();
        match &action {
            Action::Accept => new.accepted_on = Some(today),
            Action::StartMediation { consent } => new.consent = *consent,
            Action::Agree { terms } => {
                new.agreed_on = Some(today);
                new.terms = Some(terms.trim().to_owned());
                text = terms.trim().to_owned();
            }
            Action::FollowUp { note } => {
                new.follow_up = Some(note.trim().to_owned());
                text = note.trim().to_owned();
            }
            Action::Decline { reason } | Action::Fail { reason } => text = reason.trim().to_owned(),
            Action::Session { minutes } => text = minutes.trim().to_owned(),
            Action::Close { note } => {
                new.closed_on = Some(today);
                text = note.trim().to_owned();
            }
            Action::ToCourt | Action::ToPetition => {}
        }
        if next == State::Closed && new.closed_on.is_none() {
            new.closed_on = Some(today);
        }
        if text.chars().count() > 4000 {
            return Err(Error::invalid("text", Reason::Cases(CaseRefusal::MediationText)));
        }
        let mut tx = self.db().begin().await?;
        if !store::save(&mut tx, &new, &was).await? {
            return Err(Error::invalid("action", Reason::Cases(CaseRefusal::MediationChangedMeanwhile)));
        }
        let step = StepRow {
            community_id: new.community_id.clone(),
            case_id: new.id,
            id: Uuid::now_v7(),
            action: action.name().into(),
            state: new.state.clone(),
            text,
            by_name: actor.name.chars().take(60).collect(),
            at: now,
        };
        store::add_step(&mut tx, &step).await?;
        if let Some(s) = &session {
            store::add_session(&mut tx, s).await?;
        }
        let detail = json!({ "number": new.number, "action": action.name(), "state": new.state });
        record(&mut tx, actor, "mediation.act", &new.id.to_string(), detail).await?;
        tx.commit().await?;
        Ok(new)
    }

    /// The agreement (人民调解协议书) to print: the parties' numbers masked,
    /// or — for a stated reason (to sign it) — in full; audited either way.
    pub async fn agreement(&self, user: &User, ip: &str, id: Uuid, reveal: Option<&str>) -> Result<CaseFile> {
        let row = store::case(self.db(), id).await?.ok_or(Error::NotFound("case"))?;
        if !self.opens(user, &row).await? {
            return Err(Error::NotFound("case"));
        }
        if row.terms.is_none() {
            return Err(Error::invalid("case", Reason::Cases(CaseRefusal::MediationNoAgreement)));
        }
        let reason = reveal.map(reason_of).transpose()?;
        let mut tx = self.db().begin().await?;
        let detail = json!({ "number": row.number, "reason": reason });
        record(&mut tx, &user.actor(ip), "mediation.agreement", &id.to_string(), detail).await?;
        tx.commit().await?;
        self.file_of(row, reason.is_some()).await
    }

    /// The case made from an event, if any.
    pub async fn case_of_event(&self, community: &str, event: Uuid) -> Result<Option<CaseRow>> {
        Ok(store::of_event(self.db(), community, event).await?)
    }
}
