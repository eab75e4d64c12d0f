//! The help wall (爱心回音壁) on the web: the wall and its tabs, posting a
//! wish, a wish with the steps its reader may take, and the screen in the
//! service hall. Pages and the API.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Path, Query, RawForm, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use linli_store::life::wish::WishRow;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::typed::{Fields, date, number};
use crate::app::life::wish::{NewWish, Tab, Wall, WishView};
use crate::app::refusal::Reason;
use crate::domain::life::wish::{Step, WishProblem};
use crate::web::AppState;
use crate::web::body::ApiJson;
use crate::web::caller::{Caller, Refusal, Visitor};
use crate::web::error::{ErrorCode, WebError};
use crate::web::form::Problem;
use crate::web::shell::{Shell, own_page};
use crate::web::upload::{Kept, WithPhotos};

/// The label of `key` in a list of (key, label), or the key.
pub(crate) fn label(list: &'static [(&'static str, &'static str)], key: &str) -> &'static str {
    list.iter().find(|(k, _)| *k == key).map_or("", |(_, l)| l)
}

#[derive(Template)]
#[template(path = "wall.html")]
struct WallPage {
    shell: Shell,
    wall: Wall,
    asked: Vec<WishRow>,
    taken: Vec<WishRow>,
}

impl WallPage {
    fn category(&self, w: &WishRow) -> &'static str {
        label(&self.shell.t.wall.wishes.categories, &w.category)
    }
    fn state(&self, w: &WishRow) -> &'static str {
        label(&self.shell.t.wall.wishes.states, &w.status)
    }
    fn tab_key(&self) -> &'static str {
        self.wall.tab.key()
    }
    /// A tab's count, "999+" beyond what the wall counts.
    fn count(&self, i: &usize) -> String {
        let n = self.wall.counts[*i];
        if n >= crate::app::life::wish::COUNT_MOST as i64 { "999+".into() } else { n.to_string() }
    }
}

/// `?tab=`.
#[derive(Debug, Default, Deserialize)]
pub struct TabQuery {
    #[serde(default)]
    tab: String,
}

/// `GET /wall`.
pub async fn wall_page(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<TabQuery>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let wall = state.app.wall(user, Tab::parse(&q.tab)).await?;
    let (asked, taken) = state.app.my_wishes(user).await?;
    own_page(StatusCode::OK, WallPage { shell: v.shell(), wall, asked, taken })
}

/// A wish as typed.
#[derive(Debug, Clone, Default)]
pub struct Typed {
    title: String,
    body: String,
    category: String,
    needed_by: String,
    person: String,
}

impl Typed {
    fn from_fields(f: &Fields) -> Typed {
        Typed {
            title: f.get("title").to_owned(),
            body: f.get("body").to_owned(),
            category: f.get("category").to_owned(),
            needed_by: f.get("needed_by").to_owned(),
            person: f.get("person").to_owned(),
        }
    }

    fn to_new(&self) -> Result<NewWish, crate::app::Error> {
        let person = match self.person.trim() {
            "" => None,
            id => Some(id.parse().map_err(|_| crate::app::Error::NotFound("person"))?),
        };
        Ok(NewWish {
            person,
            title: self.title.clone(),
            body: self.body.clone(),
            category: self.category.trim().to_owned(),
            needed_by: Some(date("needed_by", &self.needed_by)?),
        })
    }
}

#[derive(Template)]
#[template(path = "wish_form.html")]
struct FormPage {
    shell: Shell,
    typed: Typed,
    problem: Problem,
    /// The resident the centre posts for, by name.
    for_name: Option<String>,
}

/// The resident named by the form's `person`, for staff who may post for
/// them; a stranger's id is not found.
async fn for_name(state: &AppState, v: &Visitor, person: &str) -> Result<Option<String>, Refusal> {
    let user = v.signed_in()?;
    match person.trim() {
        "" => Ok(None),
        id => {
            let id: uuid::Uuid = id.parse().map_err(|_| WebError::new(ErrorCode::NotFound))?;
            Ok(Some(state.app.person_for_wish(user, id).await?.name))
        }
    }
}

/// `?person=`: the resident the centre posts for.
#[derive(Debug, Default, Deserialize)]
pub struct PersonQuery {
    #[serde(default)]
    person: String,
}

/// `GET /wall/new`.
pub async fn new_page(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<PersonQuery>,
) -> Result<Response, Refusal> {
    let for_name = for_name(&state, &v, &q.person).await?;
    let today = crate::domain::time::day(chrono::Utc::now()) + chrono::Duration::days(3);
    let typed = Typed { needed_by: today.to_string(), category: "errand".into(), person: q.person, ..Typed::default() };
    own_page(StatusCode::OK, FormPage { shell: v.shell(), typed, problem: Problem::none(), for_name })
}

/// `POST /wall/new`.
pub async fn new_submit(State(state): State<AppState>, v: Visitor, RawForm(raw): RawForm) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let typed = Typed::from_fields(&Fields::from_body(&raw));
    let done = match typed.to_new() {
        Ok(n) => state.app.post_wish(user, &v.ip, n).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(w) => Ok(Redirect::to(&format!("/wall/{}", w.id)).into_response()),
        Err(crate::app::Error::Invalid { field, reason }) => {
            let problem = Problem::at_field(field, v.prefs.lang.refusal(&reason));
            let for_name = for_name(&state, &v, &typed.person).await?;
            own_page(StatusCode::UNPROCESSABLE_ENTITY, FormPage { shell: v.shell(), typed, problem, for_name })
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "wish.html")]
struct ShowPage {
    shell: Shell,
    w: WishView,
    problem: Problem,
    typed: StepTyped,
}

/// What a step's form had typed, and the photos it keeps.
#[derive(Debug, Default)]
struct StepTyped {
    note: String,
    minutes: String,
    kept: Kept,
}

impl ShowPage {
    fn category(&self) -> &'static str {
        label(&self.shell.t.wall.wishes.categories, &self.w.row.category)
    }
    fn state(&self) -> &'static str {
        label(&self.shell.t.wall.wishes.states, &self.w.row.status)
    }
    fn step(&self, s: &Step) -> &'static str {
        label(&self.shell.t.wall.wishes.steps, s.key())
    }
    fn hours_state(&self, s: &str) -> &'static str {
        label(&self.shell.t.wall.volunteers.hours_states, s)
    }
    /// The steps that take no words (one button each).
    fn plain_steps(&self) -> Vec<Step> {
        self.w.steps.iter().copied().filter(|s| !matches!(s, Step::Finish | Step::Thank | Step::NotDone)).collect()
    }
    fn may(&self, key: &str) -> bool {
        self.w.steps.iter().any(|s| s.key() == key)
    }
    fn hours(&self, minutes: &i64) -> String {
        crate::domain::life::points::hours(*minutes)
    }
    fn kept_text(&self) -> String {
        self.shell.t.resident.photos_kept.replace("{n}", &self.typed.kept.count.to_string())
    }
}

async fn show(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    status: StatusCode,
    problem: Problem,
    typed: StepTyped,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let w = state.app.wish(user, &v.ip, id).await?;
    own_page(status, ShowPage { shell: v.shell(), w, problem, typed })
}

/// `GET /wall/{id}`.
pub async fn show_page(State(state): State<AppState>, v: Visitor, Path(id): Path<Uuid>) -> Result<Response, Refusal> {
    show(&state, &v, id, StatusCode::OK, Problem::none(), StepTyped::default()).await
}

fn parse_step(s: &str) -> Result<Step, crate::app::Error> {
    Step::parse(s.trim()).ok_or(crate::app::Error::invalid("do", Reason::Wish(WishProblem::NotNow)))
}

fn minutes_of(text: &str) -> Result<i64, crate::app::Error> {
    if text.trim().is_empty() {
        return Ok(0);
    }
    number("minutes", text, Reason::Hours(crate::domain::life::points::HoursProblem::Minutes))
}

/// `POST /wall/{id}/step`: `do`, with `note` and `minutes` where the step
/// needs them, and photos of the work done (`photo` parts, finish only).
pub async fn step_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    sent: WithPhotos<Vec<(String, String)>>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_pairs(sent.body);
    let (note, minutes) = (f.get("note").to_owned(), f.get("minutes").to_owned());
    let photos = Kept::with_sent(&state, f.get("upload"), sent.photos).await?;
    let done = match (parse_step(f.get("do")), minutes_of(&minutes)) {
        (Ok(step), Ok(m)) => state.app.wish_step(user, &v.ip, id, step, &note, m, photos.clone()).await.map(|_| ()),
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/wall/{id}")).into_response()),
        Err(crate::app::Error::Invalid { field, reason }) => {
            let kept = Kept::keep(&state, &photos, Some(field)).await?;
            let p = Problem::at_field(field, v.prefs.lang.refusal(&reason));
            show(&state, &v, id, StatusCode::UNPROCESSABLE_ENTITY, p, StepTyped { note, minutes, kept }).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /wall/{id}/photos/{file}`: a photo of the work done (`<photo>` or
/// `<photo>.thumb`), for the requester, the volunteer and staff.
pub async fn photo(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, file)): Path<(Uuid, String)>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let (photo, thumb) = crate::web::photo::photo_file(&file)?;
    Ok(crate::web::photo::picture(state.app.wish_photo(user, id, photo, thumb).await?))
}

#[derive(Template)]
#[template(path = "wall_screen.html")]
struct ScreenPage {
    shell: Shell,
    name: String,
    wishes: Vec<WishRow>,
    svg: String,
}

impl ScreenPage {
    fn category(&self, w: &WishRow) -> &'static str {
        label(&self.shell.t.wall.wishes.categories, &w.category)
    }
    fn state(&self, w: &WishRow) -> &'static str {
        label(&self.shell.t.wall.wishes.states, &w.status)
    }
}

/// `GET /regions/{code}/wall`: the wall for the service hall's screen, no
/// sign-in; it names nobody beyond 王女士.
pub async fn screen_page(
    State(state): State<AppState>,
    v: Visitor,
    headers: axum::http::HeaderMap,
    Path(code): Path<String>,
) -> Result<Response, Refusal> {
    let code =
        crate::domain::registry::region::CommunityCode::parse(&code).map_err(|_| WebError::new(ErrorCode::NotFound))?;
    let names = state.app.short_names(&[code.as_str().to_owned()]).await?;
    let Some(name) = names.get(code.as_str()).cloned() else {
        return Err(WebError::new(ErrorCode::NotFound).into());
    };
    let wishes = state.app.public_wall(code.as_str()).await?;
    let svg =
        crate::web::registry::building::qr_svg(&format!("{}/wall", state.edge.base_url(&headers))).unwrap_or_default();
    own_page(StatusCode::OK, ScreenPage { shell: v.shell(), name, wishes, svg })
}

// The API.

/// A wish on the wall (never the requester's name, address or phone).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct WishOut {
    /// Identifier.
    id: Uuid,
    /// Community code.
    community: String,
    /// How the wall names the requester (王女士).
    requester: String,
    /// What.
    title: String,
    /// More.
    body: String,
    /// company, errand, repair, tutoring, outing, other.
    category: String,
    /// Needed by.
    needed_by: NaiveDate,
    /// open, claimed, taken, done, thanked, withdrawn.
    status: String,
    /// The volunteer who took it up.
    volunteer: Option<String>,
    /// What the volunteer did.
    done_note: Option<String>,
    /// The requester's thanks.
    thanks: Option<String>,
    /// Posted.
    created_at: chrono::DateTime<chrono::Utc>,
}

fn out(w: WishRow) -> WishOut {
    WishOut {
        id: w.id,
        community: w.community_id,
        requester: w.shown_name,
        title: w.title,
        body: w.body,
        category: w.category,
        needed_by: w.needed_by,
        status: w.status,
        volunteer: w.volunteer_name,
        done_note: w.done_note,
        thanks: w.thanks,
        created_at: w.created_at,
    }
}

/// A wish with what its reader may do and, for the accepted volunteer, the contact.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct WishDetail {
    /// The wish.
    wish: WishOut,
    /// The steps the caller may take now.
    steps: Vec<String>,
    /// The requester's name, phone and address: the accepted volunteer (and staff) only.
    contact: Option<ContactOut>,
}

/// How to reach the requester.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ContactOut {
    /// Name.
    name: String,
    /// Phone.
    phone: Option<String>,
    /// Address.
    address: String,
}

/// A wish to post.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct WishJson {
    /// For whom, when the centre posts it for a resident.
    #[serde(default)]
    person: Option<Uuid>,
    /// What (at most 30 characters).
    title: String,
    /// More (at most 500).
    #[serde(default)]
    body: String,
    /// company, errand, repair, tutoring, outing, other.
    category: String,
    /// Needed by (today to 90 days ahead).
    needed_by: NaiveDate,
}

/// A step on a wish.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct WishStepJson {
    /// claim, accept, decline, give_back, finish, thank, not_done, withdraw.
    #[serde(rename = "do")]
    step: String,
    /// What was done (finish), the thanks (thank), what is missing (not_done).
    #[serde(default)]
    note: String,
    /// The time it took (finish), in minutes; 0 for none.
    #[serde(default)]
    minutes: i64,
}

/// `?tab=`: new, taken, done, thanked.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WallQuery {
    /// new (the default), taken, done, thanked.
    #[serde(default)]
    tab: String,
}

/// The wall: the wishes the caller sees in a tab, newest first.
#[utoipa::path(get, operation_id = "list_wishes", path = "/api/v1/wishes", tag = "wall", params(WallQuery),
    responses((status = 200, body = Vec<WishOut>)))]
pub async fn api_list(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<WallQuery>,
) -> Result<axum::Json<Vec<WishOut>>, WebError> {
    let user = caller.into_user()?;
    let wall = state.app.wall(&user, Tab::parse(&q.tab)).await?;
    Ok(axum::Json(wall.wishes.into_iter().map(out).collect()))
}

/// Posts a wish (a resident for themself, or staff for a resident of their grids).
#[utoipa::path(post, operation_id = "post_wish", path = "/api/v1/wishes", tag = "wall", request_body = WishJson,
    responses((status = 201, body = WishOut), (status = 400)))]
pub async fn api_post(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(j): ApiJson<WishJson>,
) -> Result<Response, WebError> {
    let user = caller.into_user()?;
    let n =
        NewWish { person: j.person, title: j.title, body: j.body, category: j.category, needed_by: Some(j.needed_by) };
    let w = state.app.post_wish(&user, &peer.ip().to_string(), n).await?;
    Ok((StatusCode::CREATED, axum::Json(out(w))).into_response())
}

fn detail(v: WishView) -> WishDetail {
    WishDetail {
        steps: v.steps.iter().map(|s| s.key().to_owned()).collect(),
        contact: v.contact.map(|c| ContactOut { name: c.name, phone: c.phone, address: c.address }),
        wish: out(v.row),
    }
}

/// One wish, with the steps the caller may take.
#[utoipa::path(get, operation_id = "show_wish", path = "/api/v1/wishes/{id}", tag = "wall",
    params(("id" = Uuid, Path, description = "Wish id")), responses((status = 200, body = WishDetail), (status = 404)))]
pub async fn api_show(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<WishDetail>, WebError> {
    let user = caller.into_user()?;
    Ok(axum::Json(detail(state.app.wish(&user, &peer.ip().to_string(), id).await?)))
}

/// Takes a step on a wish: claim it, accept or decline the offer, give it
/// back, mark it done, thank, say it was not done, take it down. Photos of
/// the work done (finish, up to 3): `multipart/form-data` with this JSON as
/// a `json` part and each photo as a `photo` part.
#[utoipa::path(post, operation_id = "wish_step", path = "/api/v1/wishes/{id}/steps", tag = "wall", request_body = WishStepJson,
    params(("id" = Uuid, Path, description = "Wish id")), responses((status = 200, body = WishOut), (status = 400), (status = 404)))]
pub async fn api_step(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
    sent: WithPhotos<WishStepJson>,
) -> Result<axum::Json<WishOut>, WebError> {
    let user = caller.into_user()?;
    let j = sent.body;
    let step = parse_step(&j.step)?;
    let w = state.app.wish_step(&user, &peer.ip().to_string(), id, step, &j.note, j.minutes, sent.photos).await?;
    Ok(axum::Json(out(w)))
}
