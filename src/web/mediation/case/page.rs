//! A case's page: its steps, sessions, reveal and the printable agreement.

use super::*;
use crate::app::refusal::CaseRefusal;

#[derive(Template)]
#[template(path = "mediation_case.html")]
pub(super) struct CasePage {
    shell: Shell,
    c: CaseFile,
    sent: Sent,
    /// The community's name.
    community: String,
    /// The event's tracking code, when it came from one.
    event_code: Option<String>,
    /// The centre's rooms: (id, name).
    rooms: Vec<(Uuid, String)>,
    /// The parties' grid, by name.
    grid: Option<String>,
}

impl CasePage {
    fn t(&self) -> &'static MediationTexts {
        &self.shell.t.mediation
    }
    fn w(&self) -> Words {
        Words(&self.shell.t.mediation)
    }
    fn can(&self, action: &str) -> bool {
        self.c.actions.contains(&action)
    }
    fn local(&self, at: &DateTime<Utc>) -> String {
        local(at)
    }
    fn side(&self, side: &str) -> &'static str {
        side_words(self.t(), self.c.kind, side)
    }
    fn due_label(&self) -> &'static str {
        if self.c.state == crate::domain::mediation::case::State::Registered {
            self.t().due_accept
        } else {
            self.t().due
        }
    }
    fn confirm_words(&self, day: &NaiveDate) -> String {
        self.t().confirm_by.replace("{day}", &day.to_string())
    }
    fn step_words(&self, s: &StepRow) -> String {
        format!("{} → {}", self.w().button(&s.action), self.w().state(&s.state))
    }
    fn value(&self, form: &str, key: &str) -> String {
        self.sent.typed_if(form, key)
    }
    fn now_local(&self) -> String {
        time::zone().local(Utc::now()).format("%Y-%m-%dT%H:%M").to_string()
    }
    fn session_fields(&self) -> [(&'static str, &'static str, usize); 3] {
        let t = self.t();
        [("held_at", t.held_at, 16), ("place", t.place, 60), ("participants", t.participants, 300)]
    }
    fn planned(&self) -> Vec<&SessionRow> {
        self.c.sessions.iter().filter(|s| s.minutes.is_empty()).collect()
    }
    fn may_schedule(&self) -> bool {
        use crate::domain::mediation::case::State;
        !self.c.actions.is_empty() && matches!(self.c.state, State::Accepted | State::Mediating)
    }
    fn tomorrow(&self) -> String {
        (time::day(Utc::now()) + chrono::Duration::days(1)).to_string()
    }
    fn high(&self) -> bool {
        Risk::parse(&self.c.row.risk).is_some_and(Risk::alerts)
    }
}

pub(super) async fn show_case(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    status: StatusCode,
    sent: Sent,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let c = state.app.case_file(user, &v.ip, id, None).await?;
    render_case(state, v, c, status, sent).await
}

pub(super) async fn render_case(
    state: &AppState,
    v: &Visitor,
    c: CaseFile,
    status: StatusCode,
    sent: Sent,
) -> Result<Response, Refusal> {
    let names = state.app.short_names(std::slice::from_ref(&c.row.community_id)).await?;
    let community = names.get(&c.row.community_id).cloned().unwrap_or_else(|| c.row.community_id.clone());
    let event_code = match c.row.event_id {
        Some(e) => linli_store::events::event::by_id(state.app.db(), &c.row.community_id, e)
            .await
            .map_err(crate::app::Error::from)?
            .map(|e| e.code),
        None => None,
    };
    let rooms = linli_store::life::room::in_communities(state.app.db(), std::slice::from_ref(&c.row.community_id))
        .await
        .map_err(crate::app::Error::from)?
        .into_iter()
        .filter(|r| r.active)
        .map(|r| (r.id, r.name))
        .collect();
    let grid = match &c.row.grid_code {
        Some(g) => state.app.region_names(&[g.as_str()]).await?.into_iter().next().map(|(_, n)| n),
        None => None,
    };
    own_page(status, CasePage { shell: v.shell(), c, sent, community, event_code, rooms, grid })
}

/// `GET /mediation/{id}`: the case file (audited).
pub async fn case_page(State(state): State<AppState>, v: Visitor, Path(id): Path<Uuid>) -> Result<Response, Refusal> {
    show_case(&state, &v, id, StatusCode::OK, Sent::default()).await
}

/// A form address reloaded goes back to the case.
pub async fn to_case(Path(id): Path<Uuid>) -> Redirect {
    Redirect::to(&format!("/mediation/{id}"))
}

pub(super) async fn done_on_case(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    done: Result<(), crate::app::Error>,
    (typed, form): (Fields, String),
) -> Result<Response, Refusal> {
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/mediation/{id}#timeline")).into_response()),
        Err(e) => {
            let problem = invalid(v, e)?;
            let sent = Sent { form, problem, typed };
            show_case(state, v, id, StatusCode::UNPROCESSABLE_ENTITY, sent).await
        }
    }
}

/// An action as a form or a JSON body names it.
pub(super) fn action_from(name: &str, text: &str, consent: bool) -> Result<Action, crate::app::Error> {
    let t = || text.to_owned();
    Ok(match name {
        "accept" => Action::Accept,
        "decline" => Action::Decline { reason: t() },
        "mediate" => Action::StartMediation { consent },
        "agree" => Action::Agree { terms: t() },
        "fail" => Action::Fail { reason: t() },
        "to_court" => Action::ToCourt,
        "to_petition" => Action::ToPetition,
        "follow_up" => Action::FollowUp { note: t() },
        "close" => Action::Close { note: t() },
        _ => {
            let known =
                ["accept", "decline", "mediate", "agree", "fail", "to_court", "to_petition", "follow_up", "close"];
            return Err(crate::app::Error::invalid(
                "action",
                Reason::Cases(CaseRefusal::MediationCode { known: known.join(", ") }),
            ));
        }
    })
}

/// `POST /mediation/{id}/act`: an action of the workflow (a session has
/// its own form).
pub async fn act_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let name = f.get("action").to_owned();
    // A ticked box sends "on"; anything else (an API client's "off") is no consent.
    let consent = matches!(f.get("consent"), "on" | "true" | "1" | "yes");
    let done = match action_from(&name, f.get("text"), consent) {
        Ok(a) => state.app.act_on_case(user, &v.ip, id, a).await.map(|_| ()),
        Err(e) => Err(e),
    };
    done_on_case(&state, &v, id, done, (f, format!("act:{name}"))).await
}

pub(super) fn when_from(text: &str) -> Option<DateTime<Utc>> {
    let t = text.trim();
    let naive = NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M"))
        .ok()?;
    Some(time::zone().instant(naive))
}

pub(super) fn session_from(f: &Fields) -> NewSession {
    NewSession {
        held_at: when_from(f.get("held_at")),
        place: f.get("place").to_owned(),
        participants: f.get("participants").to_owned(),
        minutes: f.get("minutes").to_owned(),
        court: f.get("court").to_owned(),
        judge: f.get("judge").to_owned(),
        video: f.get("video").to_owned(),
        planned: Uuid::parse_str(f.get("planned").trim()).ok(),
    }
}

/// `POST /mediation/{id}/schedule`: a session booked ahead in a room.
pub async fn schedule_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    use crate::web::life::typed::{clock, date};
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let done = async {
        let s = crate::app::mediation::case::NewSchedule {
            room: Uuid::parse_str(f.get("room").trim()).ok(),
            day: date("day", f.get("day"))?,
            start: clock("start", f.get("start"))?,
            end: clock("end", f.get("end"))?,
            participants: f.get("participants").to_owned(),
        };
        state.app.schedule_session(user, &v.ip, id, s).await.map(|_| ())
    }
    .await;
    done_on_case(&state, &v, id, done, (f, "schedule".into())).await
}

/// `POST /mediation/{id}/sessions`: records a session.
pub async fn session_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let done = state.app.hold_session(user, &v.ip, id, session_from(&f)).await.map(|_| ());
    done_on_case(&state, &v, id, done, (f, "session".into())).await
}

/// `POST /mediation/{id}/reveal`: the parties' numbers in full, for a
/// stated reason (audited).
pub async fn reveal_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let reason = f.get("reason").to_owned();
    match state.app.case_file(user, &v.ip, id, Some(&reason)).await {
        Ok(c) => render_case(&state, &v, c, StatusCode::OK, Sent::default()).await,
        Err(e @ crate::app::Error::Invalid { .. }) => {
            let problem = invalid(&v, e)?;
            let sent = Sent { form: "reveal".into(), problem, typed: f };
            show_case(&state, &v, id, StatusCode::UNPROCESSABLE_ENTITY, sent).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "mediation_agreement.html")]
pub(super) struct AgreementPage {
    shell: Shell,
    c: CaseFile,
    community: String,
    /// Why the reveal was refused.
    problem: Option<crate::web::form::Problem>,
}

impl AgreementPage {
    fn t(&self) -> &'static MediationTexts {
        &self.shell.t.mediation
    }
    fn side(&self, side: &str) -> &'static str {
        side_words(self.t(), self.c.kind, side)
    }
    fn number_line(&self) -> String {
        self.t().number_line.replace("{community}", &self.community).replace("{number}", &self.c.row.number)
    }
    fn committee_line(&self) -> String {
        self.t().committee_line.replace("{community}", &self.community)
    }
}

/// A party's side in words: a petition has its petitioner and whom it
/// complains of.
pub(super) fn side_words(t: &MediationTexts, kind: crate::domain::mediation::case::Kind, side: &str) -> &'static str {
    use crate::domain::mediation::case::Kind;
    match (kind, side == "respondent") {
        (Kind::Petition, false) => t.petitioner,
        (Kind::Petition, true) => t.reported,
        (Kind::Dispute, false) => t.applicant,
        (Kind::Dispute, true) => t.respondent,
    }
}

/// `GET /mediation/{id}/agreement`: the 人民调解协议书 to print, the
/// parties' numbers masked (audited).
pub async fn agreement_page(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
) -> Result<Response, Refusal> {
    agreement_with(&state, &v, id, None).await
}

/// `POST /mediation/{id}/agreement`: the agreement with the parties'
/// numbers in full, to be signed, for a stated reason (audited).
pub async fn agreement_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let f = Fields::from_body(&raw);
    agreement_with(&state, &v, id, Some(f.get("reason"))).await
}

pub(super) async fn agreement_with(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    reason: Option<&str>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let (c, status, problem) = match state.app.agreement(user, &v.ip, id, reason).await {
        Ok(c) => (c, StatusCode::OK, None),
        Err(e @ crate::app::Error::Invalid { field: "reason", .. }) => {
            let problem = invalid(v, e)?;
            (state.app.agreement(user, &v.ip, id, None).await?, StatusCode::UNPROCESSABLE_ENTITY, Some(problem))
        }
        Err(e) => return Err(e.into()),
    };
    let names = state.app.region_names(&[c.row.community_id.as_str()]).await?;
    let community = names.into_iter().next().map(|(_, n)| n).unwrap_or_default();
    own_page(status, AgreementPage { shell: v.shell(), c, community, problem })
}

// The API.
