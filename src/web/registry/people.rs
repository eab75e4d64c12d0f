//! Finding a resident and their page (一人一档): facts, household, history,
//! and the changes staff make. Pages and the JSON API share the app's rules.
//! A person's shapes in and out of the API (`PersonJson`, `PersonIn`) live
//! here too, for the households and the registry tree to use.

use askama::Template;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::app::refusal::Reason;
use crate::app::registry::person::{HistoryView, Leaving, PersonCard, PersonEdit, PhoneChange};
use crate::app::registry::place::PersonForm;
use crate::app::{self, access::auth::User};
use crate::domain::registry::person as facts;
use crate::domain::registry::phone::Phone;
use crate::web::AppState;
use crate::web::body::ApiJson;
use crate::web::caller::{Refusal, Visitor};
use crate::web::error::{ErrorCode, WebError};
use crate::web::shell::{Shell, own_page};

#[derive(Template)]
#[template(path = "people.html")]
struct SearchPage {
    shell: Shell,
    q: String,
    results: Option<Vec<PersonCard>>,
    message: Option<String>,
}

#[derive(Template)]
#[template(path = "person.html")]
struct PersonPage {
    shell: Shell,
    p: PersonCard,
    history: Vec<HistoryView>,
    message: Option<String>,
    ethnicities: Vec<(String, &'static str)>,
    /// The items staff may apply for on their behalf (代办).
    proxy_items: Vec<crate::domain::services::service::Item>,
    /// The household's grid as people call it.
    grid_name: String,
}

impl PersonPage {
    fn ethnicity(&self) -> &'static str {
        facts::ethnicity_name(&self.p.facts.ethnicity)
    }

    fn kind_text(&self, kind: &str) -> &'static str {
        let t = &self.shell.t.people;
        match kind {
            "move_out" => t.kind_move_out,
            "death" => t.kind_death,
            "move" => t.kind_move,
            "move_in" => t.kind_move_in,
            _ => t.kind_update,
        }
    }
}

fn person_id(text: &str) -> Result<Uuid, WebError> {
    Uuid::parse_str(text).map_err(|_| WebError::new(ErrorCode::NotFound))
}

/// `?q=`.
#[derive(Debug, Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

/// `GET /people?q=…`: the search box and what it found in the user's scope.
pub async fn search(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<SearchQuery>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let text = q.q.trim().to_owned();
    if text.is_empty() {
        return own_page(StatusCode::OK, SearchPage { shell: v.shell(), q: text, results: None, message: None });
    }
    match state.app.search_people(user, &v.ip, &text).await {
        Ok(results) => {
            own_page(StatusCode::OK, SearchPage { shell: v.shell(), q: text, results: Some(results), message: None })
        }
        Err(app::Error::Invalid { reason, .. }) => {
            let page =
                SearchPage { shell: v.shell(), q: text, results: None, message: Some(v.prefs.lang.refusal(&reason)) };
            own_page(StatusCode::UNPROCESSABLE_ENTITY, page)
        }
        Err(e) => Err(e.into()),
    }
}

async fn render_person(
    state: &AppState,
    v: &Visitor,
    user: &User,
    id: Uuid,
    status: StatusCode,
    message: Option<String>,
) -> Result<Response, Refusal> {
    let (p, history) = state.app.person(user, id).await?;
    let ethnicities = (1..=56).map(|n| (format!("{n:02}"), facts::ethnicity_name(&format!("{n:02}")))).collect();
    let proxy_items = state.app.catalogue().await?.iter().filter(|i| i.active && i.proxy).cloned().collect();
    let grid = p.place.grid_code.clone();
    let grid_name = state.app.short_names(std::slice::from_ref(&grid)).await?.remove(&grid).unwrap_or(grid);
    own_page(status, PersonPage { shell: v.shell(), p, history, message, ethnicities, proxy_items, grid_name })
}

/// `GET /people/{id}`: one person; 404 outside the user's scope.
pub async fn show(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    render_person(&state, &v, user, person_id(&id)?, StatusCode::OK, None).await
}

/// The edit form: the whole editable part (what the API's body leaves
/// out is filled from the record first, see [`PersonPatch`]).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct EditForm {
    /// Name.
    name: String,
    /// A new mobile number; empty keeps the current one.
    #[serde(default)]
    phone: String,
    /// Removes the phone (a form's checkbox sends `on`).
    #[serde(default, deserialize_with = "crate::web::form::checkbox")]
    remove_phone: bool,
    /// Relation to the head.
    #[serde(default)]
    relation: String,
    /// Tags, separated by 、 or commas.
    #[serde(default)]
    tags: String,
    /// ID type, ethnicity, political status, residency, employment.
    #[serde(flatten)]
    facts: FactsIn,
}

/// A person's facts as forms and the API give them (empty: the common value).
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct FactsIn {
    /// 居民身份证, 港澳台居民居住证, 外国人永久居留身份证.
    #[serde(default)]
    pub id_type: String,
    /// GB/T 3304 code or name.
    #[serde(default)]
    pub ethnicity: String,
    /// 群众, 中共党员 …
    #[serde(default)]
    pub political: String,
    /// 户籍, 流动, 境外.
    #[serde(default)]
    pub residency: String,
    /// Work or school.
    #[serde(default)]
    pub employment: String,
}

impl FactsIn {
    /// The five values, in the order `domain::registry::person::facts` takes them.
    pub fn into_array(self) -> [String; 5] {
        [self.id_type, self.ethnicity, self.political, self.residency, self.employment]
    }
}

impl EditForm {
    fn checked(&self) -> Result<PersonEdit, app::Error> {
        let phone = match (self.remove_phone, self.phone.trim()) {
            (true, _) => PhoneChange::Remove,
            (false, "") => PhoneChange::Keep,
            (false, t) => PhoneChange::Set(Phone::parse(t).map_err(|_| app::Error::invalid("phone", Reason::Mobile))?),
        };
        let f = &self.facts;
        let facts =
            facts::facts(&f.id_type, &f.ethnicity, &f.political, &f.residency, &f.employment).map_err(|mut p| {
                let first = p.remove(0);
                app::Error::invalid(first.field(), Reason::Fact(first))
            })?;
        Ok(PersonEdit {
            name: self.name.clone(),
            phone,
            relation: facts::relation(&self.relation).to_owned(),
            tags: self
                .tags
                .split(['、', '，', ',', ';', '；', ' '])
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect(),
            facts,
        })
    }
}

/// `POST /people/{id}`: corrects the record.
pub async fn edit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Form(form): Form<EditForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let id = person_id(&id)?;
    let t = &v.prefs.lang.texts().people;
    let result = match form.checked() {
        Ok(edit) => state.app.edit_person(user, &v.ip, id, edit).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(0) => render_person(&state, &v, user, id, StatusCode::OK, Some(t.unchanged.into())).await,
        Ok(_) => render_person(&state, &v, user, id, StatusCode::OK, Some(t.saved.into())).await,
        Err(app::Error::Invalid { reason, .. }) => {
            render_person(&state, &v, user, id, StatusCode::UNPROCESSABLE_ENTITY, Some(v.prefs.lang.refusal(&reason)))
                .await
        }
        Err(e) => Err(e.into()),
    }
}

/// Moving out or death, with a reason.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct LeaveForm {
    /// `moved_out` or `died`.
    how: String,
    /// Why, or the evidence (2–200 characters).
    reason: String,
}

fn leaving(how: &str) -> Result<Leaving, app::Error> {
    match how {
        "moved_out" => Ok(Leaving::MovedOut),
        "died" => Ok(Leaving::Died),
        _ => Err(app::Error::invalid("how", Reason::HowGone)),
    }
}

/// `POST /people/{id}/leave`.
pub async fn leave(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Form(form): Form<LeaveForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let id = person_id(&id)?;
    let result = match leaving(&form.how) {
        Ok(how) => state.app.person_leaves(user, &v.ip, id, how, &form.reason).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => render_person(&state, &v, user, id, StatusCode::OK, None).await,
        Err(app::Error::Invalid { reason, .. }) => {
            render_person(&state, &v, user, id, StatusCode::UNPROCESSABLE_ENTITY, Some(v.prefs.lang.refusal(&reason)))
                .await
        }
        Err(e) => Err(e.into()),
    }
}

/// Moving to another house: by address on the page.
#[derive(Debug, Deserialize)]
pub struct MoveForm {
    address: String,
    reason: String,
}

/// `POST /people/{id}/move`.
pub async fn move_house(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Form(form): Form<MoveForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let id = person_id(&id)?;
    let result = match state.app.household_at(user, id, &form.address).await {
        Ok(Some(h)) => state.app.move_person(user, &v.ip, id, h, &form.reason).await,
        Ok(None) => Err(app::Error::invalid("address", Reason::AmbiguousAddress)),
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => render_person(&state, &v, user, id, StatusCode::OK, None).await,
        Err(app::Error::Invalid { reason, .. }) => {
            render_person(&state, &v, user, id, StatusCode::UNPROCESSABLE_ENTITY, Some(v.prefs.lang.refusal(&reason)))
                .await
        }
        Err(e) => Err(e.into()),
    }
}

/// A person as the API shows them.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PersonDetailJson {
    /// Name, sex, age, masked ID number and phone, relation, tags.
    #[serde(flatten)]
    pub person: PersonJson,
    /// `active`, `moved_out` or `deceased`.
    pub status: &'static str,
    /// 居民身份证 …
    pub id_type: String,
    /// GB/T 3304 code.
    pub ethnicity: String,
    /// Political status.
    pub political: String,
    /// 户籍, 流动 or 境外.
    pub residency: String,
    /// Work or school.
    pub employment: String,
    /// Household id.
    pub household: Uuid,
    /// Grid code.
    pub grid: String,
    /// `building unit-room`.
    pub address: String,
}

impl From<PersonCard> for PersonDetailJson {
    fn from(c: PersonCard) -> Self {
        PersonDetailJson {
            person: c.view.into(),
            status: c.status.as_str(),
            id_type: c.facts.id_type,
            ethnicity: c.facts.ethnicity,
            political: c.facts.political,
            residency: c.facts.residency,
            employment: c.facts.employment,
            household: c.place.id,
            grid: c.place.grid_code,
            address: format!("{} {}-{}", c.place.building, c.place.unit, c.place.room),
        }
    }
}

/// One change on a person's history.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct HistoryJson {
    /// When (UTC).
    pub at: chrono::DateTime<chrono::Utc>,
    /// `update`, `move_out`, `death`, `move`.
    pub kind: String,
    /// Who.
    pub actor: String,
    /// Why.
    pub reason: Option<String>,
    /// `[field, before, after]`, personal values masked.
    pub changes: Vec<(String, String, String)>,
}

/// A person with their history.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PersonWithHistory {
    /// The person.
    pub person: PersonDetailJson,
    /// Newest first.
    pub history: Vec<HistoryJson>,
}

/// Finds people in the caller's scope (at most 50).
#[utoipa::path(get, path = "/api/v1/people", tag = "registry",
    params(("q" = String, Query, description = "Name, pinyin, a whole ID number, a name with the ID number's last 4 (`王丽娥 0011`), phone or its last 4, or address. Searches by ID number are audited and limited per account")),
    responses(
        (status = 200, body = Vec<PersonDetailJson>),
        (status = 400, description = "`invalid_input`: too short, or digits that are no key", body = crate::web::error::ErrorBody),
        (status = 429, description = "`too_many_attempts`: too many searches by ID number this hour", body = crate::web::error::ErrorBody)))]
pub async fn api_search(
    State(state): State<AppState>,
    caller: crate::web::caller::Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Query(q): Query<SearchQuery>,
) -> Result<axum::Json<Vec<PersonDetailJson>>, WebError> {
    let user = caller.into_user()?;
    let found = state.app.search_people(&user, &peer.ip().to_string(), &q.q).await?;
    Ok(axum::Json(found.into_iter().map(PersonDetailJson::from).collect()))
}

/// One person with their history; 404 outside the caller's scope.
#[utoipa::path(get, operation_id = "show_person", path = "/api/v1/people/{id}", tag = "registry",
    params(("id" = String, Path, description = "Person id")),
    responses((status = 200, body = PersonWithHistory), (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_show(
    State(state): State<AppState>,
    caller: crate::web::caller::Caller,
    Path(id): Path<String>,
) -> Result<axum::Json<PersonWithHistory>, WebError> {
    let user = caller.into_user()?;
    person_json(&state, &user, person_id(&id)?).await
}

async fn person_json(state: &AppState, user: &User, id: Uuid) -> Result<axum::Json<PersonWithHistory>, WebError> {
    let (p, history) = state.app.person(user, id).await?;
    Ok(axum::Json(PersonWithHistory {
        person: p.into(),
        history: history
            .into_iter()
            .map(|h| HistoryJson { at: h.at, kind: h.kind, actor: h.actor, reason: h.reason, changes: h.changes })
            .collect(),
    }))
}

/// A correction through the API: each field given is set, each left out
/// keeps what the record holds (so a client that sends one field cannot
/// wipe the others).
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonPatch {
    /// Name.
    name: Option<String>,
    /// A new mobile number.
    phone: Option<String>,
    /// `true` removes the phone.
    remove_phone: Option<bool>,
    /// Relation to the head.
    relation: Option<String>,
    /// Tags, separated by 、 or commas (empty: none).
    tags: Option<String>,
    /// 居民身份证, 港澳台居民居住证, 外国人永久居留身份证, 护照.
    id_type: Option<String>,
    /// GB/T 3304 code or name.
    ethnicity: Option<String>,
    /// 群众, 中共党员 …
    political: Option<String>,
    /// 户籍, 流动, 境外.
    residency: Option<String>,
    /// Work or school.
    employment: Option<String>,
}

impl PersonPatch {
    /// The whole form: what was sent, and the record's values for the rest.
    fn over(self, card: &crate::app::registry::person::PersonCard) -> EditForm {
        let f = &card.facts;
        EditForm {
            name: self.name.unwrap_or_else(|| card.view.name.clone()),
            phone: self.phone.unwrap_or_default(),
            remove_phone: self.remove_phone.unwrap_or(false),
            relation: self.relation.unwrap_or_else(|| card.view.relation.clone()),
            tags: self.tags.unwrap_or_else(|| card.view.tags.join("、")),
            facts: FactsIn {
                id_type: self.id_type.unwrap_or_else(|| f.id_type.clone()),
                ethnicity: self.ethnicity.unwrap_or_else(|| f.ethnicity.clone()),
                political: self.political.unwrap_or_else(|| f.political.clone()),
                residency: self.residency.unwrap_or_else(|| f.residency.clone()),
                employment: self.employment.unwrap_or_else(|| f.employment.clone()),
            },
        }
    }
}

/// Corrects a person's record: the fields sent, the others kept (PUT and
/// PATCH alike); each change goes on their history and the audit log.
#[utoipa::path(put, path = "/api/v1/people/{id}", tag = "registry", request_body = PersonPatch,
    params(("id" = String, Path, description = "Person id")),
    responses(
        (status = 200, body = PersonWithHistory),
        (status = 400, description = "`invalid_input` with the field", body = crate::web::error::ErrorBody),
        (status = 403, description = "`forbidden`: you do not work this grid", body = crate::web::error::ErrorBody)))]
pub async fn api_edit(
    State(state): State<AppState>,
    caller: crate::web::caller::Caller,
    Path(id): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(patch): ApiJson<PersonPatch>,
) -> Result<axum::Json<PersonWithHistory>, WebError> {
    let user = caller.into_user()?;
    let ip = peer.ip().to_string();
    let id = person_id(&id)?;
    let (card, _) = state.app.person(&user, id).await?;
    state.app.edit_person(&user, &ip, id, patch.over(&card).checked()?).await?;
    person_json(&state, &user, id).await
}

/// The same correction as `PUT`: the fields sent, the others kept.
#[utoipa::path(patch, operation_id = "patch_person", path = "/api/v1/people/{id}", tag = "registry", request_body = PersonPatch,
    params(("id" = String, Path, description = "Person id")),
    responses(
        (status = 200, body = PersonWithHistory),
        (status = 400, description = "`invalid_input` with the field", body = crate::web::error::ErrorBody),
        (status = 403, description = "`forbidden`: you do not work this grid", body = crate::web::error::ErrorBody)))]
pub async fn api_patch(
    state: State<AppState>,
    caller: crate::web::caller::Caller,
    id: Path<String>,
    peer: ConnectInfo<SocketAddr>,
    patch: ApiJson<PersonPatch>,
) -> Result<axum::Json<PersonWithHistory>, WebError> {
    api_edit(state, caller, id, peer, patch).await
}

/// Records moving out or death.
#[utoipa::path(post, path = "/api/v1/people/{id}/leave", tag = "registry", request_body = LeaveForm,
    params(("id" = String, Path, description = "Person id")),
    responses((status = 200, body = PersonWithHistory), (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn api_leave(
    State(state): State<AppState>,
    caller: crate::web::caller::Caller,
    Path(id): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(form): ApiJson<LeaveForm>,
) -> Result<axum::Json<PersonWithHistory>, WebError> {
    let user = caller.into_user()?;
    let ip = peer.ip().to_string();
    let id = person_id(&id)?;
    state.app.person_leaves(&user, &ip, id, leaving(&form.how)?, &form.reason).await?;
    person_json(&state, &user, id).await
}

/// A move to another household of the same community.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct MoveJson {
    /// The household moved into.
    household: Uuid,
    /// Why (2–200 characters).
    reason: String,
}

/// Moves a person to another household of the same community.
#[utoipa::path(post, path = "/api/v1/people/{id}/move", tag = "registry", request_body = MoveJson,
    params(("id" = String, Path, description = "Person id")),
    responses((status = 200, body = PersonWithHistory), (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_move(
    State(state): State<AppState>,
    caller: crate::web::caller::Caller,
    Path(id): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(form): ApiJson<MoveJson>,
) -> Result<axum::Json<PersonWithHistory>, WebError> {
    let user = caller.into_user()?;
    let ip = peer.ip().to_string();
    let id = person_id(&id)?;
    state.app.move_person(&user, &ip, id, form.household, &form.reason).await?;
    person_json(&state, &user, id).await
}

#[derive(Template)]
#[template(path = "stats.html")]
struct StatsPage {
    shell: Shell,
    s: crate::app::registry::stats::Stats,
    choices: Vec<(String, String)>,
}

impl StatsPage {
    fn sections(&self) -> [(&'static str, &[(String, u64)]); 4] {
        let t = &self.shell.t.people;
        [
            (t.by_age, &self.s.by_age),
            (t.by_sex, &self.s.by_sex),
            (t.residency, &self.s.by_residency),
            (t.tags, &self.s.by_tag),
        ]
    }

    fn width(&self, n: u64) -> u64 {
        (n * 100).checked_div(self.s.people).unwrap_or(0)
    }
}

/// `?region=`.
#[derive(Debug, Deserialize)]
pub struct StatsQuery {
    #[serde(default)]
    region: String,
}

/// `GET /stats?region=…`: households and people of a region in the user's scope.
pub async fn stats(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<StatsQuery>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let scope = crate::app::registry::household::read_scope(user);
    let region = match q.region.trim() {
        "" => scope.first().cloned().ok_or_else(|| WebError::new(ErrorCode::NotFound))?,
        r => r.to_owned(),
    };
    let s = state.app.stats(user, &crate::web::codes::region("region", &region)?).await?;
    let choices = state.app.stats_choices(user).await?;
    own_page(StatusCode::OK, StatsPage { shell: v.shell(), s, choices })
}

/// Statistics of a region within the caller's scope.
#[utoipa::path(get, path = "/api/v1/stats/{code}", tag = "registry",
    params(("code" = String, Path, description = "Region code: district, street, community, grid or sub-grid")),
    responses((status = 200, body = crate::app::registry::stats::Stats), (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_stats(
    State(state): State<AppState>,
    caller: crate::web::caller::Caller,
    Path(code): Path<String>,
) -> Result<axum::Json<crate::app::registry::stats::Stats>, WebError> {
    let user = caller.into_user()?;
    Ok(axum::Json(state.app.stats(&user, &crate::web::codes::region("code", &code)?).await?))
}

/// A person as the API shows them (masked as the caller's role requires).
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct PersonJson {
    /// Identifier.
    pub id: Uuid,
    /// Name (a child's masked for roles that do not work the household).
    pub name: String,
    /// 男 or 女.
    pub sex: &'static str,
    /// Age in years.
    pub age: u32,
    /// Masked ID number: the area code only, e.g. `141102************`.
    pub id_number: String,
    /// Masked phone, e.g. `138****5678`.
    pub phone: Option<String>,
    /// Relation to the head.
    pub relation: String,
    /// Tags the caller may see.
    pub tags: Vec<String>,
}

impl From<crate::app::registry::household::PersonView> for PersonJson {
    fn from(p: crate::app::registry::household::PersonView) -> Self {
        PersonJson {
            id: p.id,
            name: p.name,
            sex: p.sex,
            age: p.age,
            id_number: p.id_number,
            phone: p.phone,
            relation: p.relation,
            tags: p.tags,
        }
    }
}

/// A person moving in, as the forms and the API give them.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PersonIn {
    /// Name.
    #[serde(default)]
    name: String,
    /// ID number (18 characters, GB 11643).
    #[serde(default)]
    id_number: String,
    /// Mobile number.
    #[serde(default)]
    phone: String,
    /// Relation to the head (户主/本人, 配偶, 子女 …).
    #[serde(default)]
    relation: String,
    /// Tags, separated by 、 or commas.
    #[serde(default)]
    tags: String,
    /// ID type, ethnicity, political status, residency, employment.
    #[serde(flatten)]
    facts: FactsIn,
    /// Birth date (YYYY-MM-DD), for a passport only.
    #[serde(default)]
    birth_date: String,
    /// 男 or 女, for a passport only.
    #[serde(default)]
    sex: String,
}

impl From<PersonIn> for PersonForm {
    fn from(p: PersonIn) -> Self {
        PersonForm {
            name: p.name,
            id_number: p.id_number,
            phone: p.phone,
            relation: p.relation,
            tags: p.tags,
            facts: p.facts.into_array(),
            birth_date: p.birth_date,
            sex: p.sex,
        }
    }
}
