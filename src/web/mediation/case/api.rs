//! Cases through the JSON API.

use super::*;
use crate::app::refusal::CaseRefusal;

/// A case in a list; its matter only for those who may open it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CaseOut {
    /// Identifier.
    pub id: Uuid,
    /// Community code.
    pub community: String,
    /// 2026-0007.
    pub number: String,
    /// Whether the caller may open it; when false only that it exists is told.
    pub opens: bool,
    /// Grid code of the parties.
    pub grid: Option<String>,
    /// dispute or petition.
    pub kind: Option<String>,
    /// neighbours, family, property, labour, land, other.
    pub matter: Option<String>,
    /// low, medium, high, major.
    pub risk: Option<String>,
    /// registered, declined, accepted, mediating, agreed, failed, to_court, to_petition, followed_up, closed.
    pub state: Option<String>,
    /// Open (not declined or closed).
    pub open: bool,
    /// Registered.
    pub registered_on: NaiveDate,
    /// Due by.
    pub due: Option<NaiveDate>,
    /// Past it.
    pub overdue: bool,
}

pub(super) fn case_out(l: &Listed) -> CaseOut {
    let r = &l.row;
    let shown = |v: &String| if l.opens { Some(v.clone()) } else { None };
    CaseOut {
        id: r.id,
        community: r.community_id.clone(),
        number: r.number.clone(),
        opens: l.opens,
        grid: r.grid_code.clone(),
        kind: shown(&r.kind),
        matter: shown(&r.matter),
        risk: shown(&r.risk),
        state: shown(&r.state),
        open: !matches!(r.state.as_str(), "declined" | "closed"),
        registered_on: r.registered_on,
        due: if l.opens { l.due } else { None },
        overdue: l.opens && l.overdue,
    }
}

/// `GET /api/v1/mediation/cases`: the cases the caller may open, and those
/// a grid worker may only know exist.
#[utoipa::path(get, operation_id = "mediation_cases", path = "/api/v1/mediation/cases", tag = "mediation",
    params(ListQuery), responses((status = 200, body = [CaseOut]), (status = 401, body = crate::web::error::ErrorBody)))]
pub async fn api_list(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ListQuery>,
) -> Result<axum::Json<Vec<CaseOut>>, WebError> {
    let user = caller.into_user()?;
    Ok(axum::Json(state.app.cases(&user, !q.all()).await?.iter().map(case_out).collect()))
}

/// A party as sent.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PartyJson {
    /// applicant or respondent.
    #[serde(default)]
    pub side: String,
    /// Name.
    pub name: String,
    /// ID number (links them to the registry).
    #[serde(default)]
    pub id_number: String,
    /// Mobile number.
    #[serde(default)]
    pub phone: String,
    /// Address.
    #[serde(default)]
    pub address: String,
}

/// A case to register.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CaseJson {
    /// Community code.
    pub community: String,
    /// dispute or petition.
    pub kind: String,
    /// neighbours, family, property, labour, land, other.
    pub matter: String,
    /// low, medium, high, major (high and major alert the head and the police office).
    pub risk: String,
    /// event, visit, walk_in, letter.
    pub origin: String,
    /// The event it comes from.
    #[serde(default)]
    pub event: Option<Uuid>,
    /// The matter in words.
    pub summary: String,
    /// A petition that went above the community first (越级上访).
    #[serde(default)]
    pub above: bool,
    /// committee, petition, police, justice, court, lawyer, volunteer.
    #[serde(default)]
    pub bodies: Vec<String>,
    /// The parties.
    pub parties: Vec<PartyJson>,
    /// The day it was received, if not today (within a year).
    #[serde(default)]
    pub received_on: Option<NaiveDate>,
    /// The parties' grid (else from the event or the parties in the registry).
    #[serde(default)]
    pub grid: Option<String>,
}

/// A party as the caller sees them.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PartyOut {
    /// applicant or respondent.
    pub side: String,
    /// Name.
    pub name: String,
    /// In the registry.
    pub person: Option<Uuid>,
    /// Masked.
    pub id_number: Option<String>,
    /// Masked.
    pub phone: Option<String>,
    /// Address.
    pub address: String,
}

/// A session.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SessionOut {
    /// When held.
    pub held_at: DateTime<Utc>,
    /// Where.
    pub place: String,
    /// Who took part.
    pub participants: String,
    /// Minutes.
    pub minutes: String,
    /// A 科技法庭 session's court.
    pub court: Option<String>,
    /// Its judge.
    pub judge: Option<String>,
    /// Its video address.
    pub video: Option<String>,
}

/// A step.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CaseStepOut {
    /// register, accept, decline, mediate, session, agree, fail, to_court, to_petition, follow_up, close.
    pub action: String,
    /// The state it led to.
    pub state: String,
    /// Its text.
    pub text: String,
    /// Who.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// A case file.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CaseFileOut {
    /// The case as listed.
    pub case: CaseOut,
    /// The matter in words.
    pub summary: String,
    /// Where it came from.
    pub origin: String,
    /// The event it came from.
    pub event: Option<Uuid>,
    /// 越级上访.
    pub above: bool,
    /// Bodies taking part.
    pub bodies: Vec<String>,
    /// The units among them, by name.
    pub units: Vec<String>,
    /// Who keeps it.
    pub keeper: String,
    /// Both parties consented to mediation.
    pub consent: bool,
    /// The agreement's terms.
    pub terms: Option<String>,
    /// The last day to ask the court to confirm the agreement.
    pub confirm_by: Option<NaiveDate>,
    /// What the follow-up found.
    pub follow_up: Option<String>,
    /// The parties (masked).
    pub parties: Vec<PartyOut>,
    /// Sessions.
    pub sessions: Vec<SessionOut>,
    /// Steps.
    pub steps: Vec<CaseStepOut>,
    /// What the caller may do now.
    pub actions: Vec<String>,
}

pub(super) fn session_out(s: &SessionRow) -> SessionOut {
    SessionOut {
        held_at: s.held_at,
        place: s.place.clone(),
        participants: s.participants.clone(),
        minutes: s.minutes.clone(),
        court: s.court.clone(),
        judge: s.judge.clone(),
        video: s.video.clone(),
    }
}

pub(super) fn file_out(c: CaseFile) -> CaseFileOut {
    let due = c.due;
    let overdue = due.is_some_and(|d| d < time::day(Utc::now()));
    let r = &c.row;
    CaseFileOut {
        case: case_out(&Listed { row: r.clone(), opens: true, due, overdue }),
        summary: r.summary.clone(),
        origin: r.origin.clone(),
        event: r.event_id,
        above: r.above,
        bodies: r.bodies.split(',').filter(|b| !b.is_empty()).map(str::to_owned).collect(),
        units: c.units.clone(),
        keeper: r.keeper_name.clone(),
        consent: r.consent,
        terms: r.terms.clone(),
        confirm_by: c.confirm_by,
        follow_up: r.follow_up.clone(),
        parties: c
            .parties
            .iter()
            .map(|p| PartyOut {
                side: p.row.side.clone(),
                name: p.row.name.clone(),
                person: p.row.person_id,
                id_number: p.id_number.clone(),
                phone: p.phone.clone(),
                address: p.row.address.clone(),
            })
            .collect(),
        sessions: c.sessions.iter().map(session_out).collect(),
        steps: c
            .steps
            .iter()
            .map(|s| CaseStepOut {
                action: s.action.clone(),
                state: s.state.clone(),
                text: s.text.clone(),
                by: s.by_name.clone(),
                at: s.at,
            })
            .collect(),
        actions: c.actions.iter().map(|a| (*a).to_owned()).collect(),
    }
}

/// `POST /api/v1/mediation/cases`: registers a case (the community's staff).
#[utoipa::path(post, operation_id = "mediation_register", path = "/api/v1/mediation/cases", tag = "mediation",
    request_body = CaseJson,
    responses((status = 201, body = CaseFileOut), (status = 400, body = crate::web::error::ErrorBody),
        (status = 403, body = crate::web::error::ErrorBody)))]
pub async fn api_register(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(b): ApiJson<CaseJson>,
) -> Result<(StatusCode, axum::Json<CaseFileOut>), WebError> {
    let user = caller.into_user()?;
    let ip = peer.ip().to_string();
    if b.parties.iter().any(|p| !matches!(p.side.as_str(), "" | "applicant" | "respondent")) {
        let known = "applicant, respondent".to_owned();
        return Err(crate::app::Error::invalid("parties", Reason::Cases(CaseRefusal::MediationCode { known })).into());
    }
    let n = NewCase {
        community: b.community,
        kind: b.kind,
        matter: b.matter,
        risk: b.risk,
        origin: b.origin,
        event: b.event,
        summary: b.summary,
        above: b.above,
        bodies: b.bodies,
        parties: b
            .parties
            .into_iter()
            .map(|p| NewParty {
                respondent: p.side == "respondent",
                name: p.name,
                id_number: p.id_number,
                phone: p.phone,
                address: p.address,
            })
            .collect(),
        received: b.received_on,
        grid: b.grid,
    };
    let row = state.app.register_case(&user, &ip, n).await?;
    let file = state.app.file_of(row, false).await?;
    Ok((StatusCode::CREATED, axum::Json(file_out(file))))
}

/// `GET /api/v1/mediation/cases/{id}`: a case file (audited); 404 for
/// anyone who may not open it.
#[utoipa::path(get, operation_id = "mediation_case", path = "/api/v1/mediation/cases/{id}", tag = "mediation",
    params(("id" = Uuid, Path, description = "The case")),
    responses((status = 200, body = CaseFileOut), (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_show(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<CaseFileOut>, WebError> {
    let user = caller.into_user()?;
    Ok(axum::Json(file_out(state.app.case_file(&user, &peer.ip().to_string(), id, None).await?)))
}

/// An action on a case.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CaseActionJson {
    /// accept, decline, mediate, agree, fail, to_court, to_petition, follow_up, close.
    pub action: String,
    /// The reason, terms or note the action needs.
    #[serde(default)]
    pub text: String,
    /// Both parties consent to mediation (a petition needs it).
    #[serde(default)]
    pub consent: bool,
}

/// `POST /api/v1/mediation/cases/{id}/actions`: moves the case.
#[utoipa::path(post, operation_id = "mediation_act", path = "/api/v1/mediation/cases/{id}/actions", tag = "mediation",
    params(("id" = Uuid, Path, description = "The case")), request_body = CaseActionJson,
    responses((status = 200, body = CaseFileOut), (status = 400, body = crate::web::error::ErrorBody),
        (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_act(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<CaseActionJson>,
) -> Result<axum::Json<CaseFileOut>, WebError> {
    let user = caller.into_user()?;
    let action = action_from(&b.action, &b.text, b.consent)?;
    let row = state.app.act_on_case(&user, &peer.ip().to_string(), id, action).await?;
    Ok(axum::Json(file_out(state.app.file_of(row, false).await?)))
}

/// A session to record.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SessionJson {
    /// When held.
    pub held_at: DateTime<Utc>,
    /// Where.
    pub place: String,
    /// Who took part.
    pub participants: String,
    /// Minutes.
    pub minutes: String,
    /// A 科技法庭 session's court (with the judge).
    #[serde(default)]
    pub court: String,
    /// Its judge.
    #[serde(default)]
    pub judge: String,
    /// Its video address.
    #[serde(default)]
    pub video: String,
}

/// `POST /api/v1/mediation/cases/{id}/sessions`: records a session.
#[utoipa::path(post, operation_id = "mediation_session", path = "/api/v1/mediation/cases/{id}/sessions",
    tag = "mediation", params(("id" = Uuid, Path, description = "The case")), request_body = SessionJson,
    responses((status = 201, body = SessionOut), (status = 400, body = crate::web::error::ErrorBody),
        (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_session(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<SessionJson>,
) -> Result<(StatusCode, axum::Json<SessionOut>), WebError> {
    let user = caller.into_user()?;
    let n = NewSession {
        held_at: Some(b.held_at),
        place: b.place,
        participants: b.participants,
        minutes: b.minutes,
        court: b.court,
        judge: b.judge,
        video: b.video,
        planned: None,
    };
    let s = state.app.hold_session(&user, &peer.ip().to_string(), id, n).await?;
    Ok((StatusCode::CREATED, axum::Json(session_out(&s))))
}
