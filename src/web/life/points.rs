//! Points on the web: a resident's balance and entries, giving to family,
//! the centre's view of a resident with corrections and counter exchanges,
//! the community's rules, the points shop and study items. Pages and the API.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Path, Query, RawForm, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use linli_store::life::points::{EntryRow, ExchangeRow, ShopItemRow, StudyItemRow};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::invalid;
use super::typed::{Fields, number};
use super::wall::label;
use crate::app::life::points::{NewItem, NewStudy, PointsView, StudyView};
use crate::app::refusal::Reason;
use crate::domain::life::points::Rules;
use crate::web::AppState;
use crate::web::body::ApiJson;
use crate::web::caller::{Caller, Refusal, Visitor};
use crate::web::error::WebError;
use crate::web::form::Problem;
use crate::web::shell::{Shell, own_page};
use crate::web::upload::WithPhotos;

fn amount(field: &'static str, text: &str) -> Result<i64, crate::app::Error> {
    number(field, text, Reason::PointsAmount)
}

#[derive(Template)]
#[template(path = "points.html")]
struct PointsPage {
    shell: Shell,
    p: Option<PointsView>,
    /// Staff looking at a resident.
    staff: bool,
    /// The centre's staff: corrections and counter exchanges.
    manages: bool,
    items: Vec<ShopItemRow>,
    rules_of: Vec<(String, String, Rules)>,
    problem: Problem,
    done: Option<String>,
    /// What was typed in the form that came back.
    typed: Fields,
    /// The community whose rules came back refused.
    rules_failed: String,
}

impl ShopPage {
    /// The refusal of an exchange of this item, shown by it.
    fn refused(&self, item: &Uuid) -> Option<&str> {
        if self.failed_item == Some(*item) { self.problem.general([].as_slice()) } else { None }
    }
}

impl PointsPage {
    fn kind(&self, e: &EntryRow) -> &'static str {
        label(&self.shell.t.wall.points.kinds, &e.kind)
    }
    fn exchange_state(&self, e: &ExchangeRow) -> &'static str {
        label(&self.shell.t.wall.shop.states, &e.status)
    }
    fn signed(&self, n: &i64) -> String {
        if *n > 0 { format!("+{n}") } else { n.to_string() }
    }
    fn rules_line(&self, r: &Rules) -> String {
        self.shell
            .t
            .wall
            .points
            .rules_line
            .replace("{study}", &r.study.to_string())
            .replace("{hour}", &r.per_hour.to_string())
            .replace("{activity}", &r.activity.to_string())
            .replace("{cap}", &r.daily_cap.to_string())
    }
    fn expiry(&self, r: &Rules) -> String {
        if r.expire_months == 0 {
            self.shell.t.wall.points.never_expire.to_owned()
        } else {
            self.shell.t.wall.points.expires.replace("{months}", &r.expire_months.to_string())
        }
    }
    fn when(&self, e: &EntryRow) -> String {
        crate::domain::time::shown_minute(e.at)
    }
}

/// `?person=`: a resident's points, for the centre.
#[derive(Debug, Default, Deserialize)]
pub struct PersonQuery {
    #[serde(default)]
    person: Option<Uuid>,
    #[serde(default)]
    done: Option<String>,
    #[serde(default)]
    saved: Option<u8>,
}

async fn points_page(
    state: &AppState,
    v: &Visitor,
    person: Option<Uuid>,
    status: StatusCode,
    problem: Problem,
    done: Option<String>,
) -> Result<Response, Refusal> {
    points_page_with(state, v, person, status, problem, done, Fields::default(), String::new()).await
}

#[allow(clippy::too_many_arguments)]
async fn points_page_with(
    state: &AppState,
    v: &Visitor,
    person: Option<Uuid>,
    status: StatusCode,
    problem: Problem,
    done: Option<String>,
    typed: Fields,
    rules_failed: String,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let (p, staff) = match person {
        Some(id) => (Some(state.app.person_points(user, &v.ip, id).await?), true),
        None => match state.app.my_points(user).await {
            Ok(p) => (Some(p), false),
            Err(crate::app::Error::Invalid { .. }) => (None, false),
            Err(e) => return Err(e.into()),
        },
    };
    let items = state.app.shop_items(user).await?.into_iter().filter(|i| i.active).collect();
    let mut rules_of = Vec::new();
    if person.is_none() {
        let centres = crate::app::life::centres(user);
        let codes: Vec<String> = state
            .app
            .community_codes_under(&centres)
            .await?
            .into_iter()
            .filter(|c| crate::app::life::runs(user, c))
            .take(20)
            .collect();
        let names = state.app.short_names(&codes).await?;
        for c in codes {
            let r = state.app.points_rules(&c).await?;
            rules_of.push((c.clone(), names.get(&c).cloned().unwrap_or(c), r));
        }
    }
    // Grid workers see a resident's points; the centre corrects and exchanges.
    let manages = p.as_ref().is_some_and(|p| staff && crate::app::life::runs(user, &p.person.community_id));
    // What was typed in refused rules stays in their form.
    for (_, _, r) in rules_of.iter_mut().filter(|(c, _, _)| *c == rules_failed) {
        let n = |k: &str, was: i64| typed.get(k).trim().parse().unwrap_or(was);
        *r = Rules {
            study: n("study", r.study),
            per_hour: n("per_hour", r.per_hour),
            activity: n("activity", r.activity),
            daily_cap: n("daily_cap", r.daily_cap),
            expire_months: typed.get("expire_months").trim().parse().unwrap_or(r.expire_months),
            raise_days: n("raise_days", r.raise_days),
        };
    }
    let page = PointsPage { shell: v.shell(), p, staff, manages, items, rules_of, problem, done, typed, rules_failed };
    own_page(status, page)
}

fn state_message(v: &Visitor, code: &str) -> String {
    let code: String = code.chars().filter(char::is_ascii_digit).take(6).collect();
    v.prefs.lang.texts().wall.shop.exchanged.replace("{code}", &code)
}

/// `GET /points`: the user's points (or, with `?person=`, a resident's for the centre).
pub async fn points_page_get(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<PersonQuery>,
) -> Result<Response, Refusal> {
    let done = match q.saved {
        Some(_) => Some(v.prefs.lang.texts().wall.points.saved.to_owned()),
        None => q.done.map(|code| state_message(&v, &code)),
    };
    points_page_with(&state, &v, q.person, StatusCode::OK, Problem::none(), done, Fields::default(), String::new())
        .await
}

/// `POST /points/give`: `to`, `amount`.
pub async fn give_submit(
    State(state): State<AppState>,
    v: Visitor,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let done = match (f.get("to").trim().parse::<Uuid>(), amount("amount", f.get("amount"))) {
        (Ok(to), Ok(n)) => state.app.give_points(user, &v.ip, to, n).await,
        (Err(_), _) => Err(crate::app::Error::invalid("to", Reason::NotFamily)),
        (_, Err(e)) => Err(e),
    };
    match done {
        Ok(()) => Ok(Redirect::to("/points").into_response()),
        Err(e) => {
            let p = invalid(&v, e)?;
            points_page_with(&state, &v, None, StatusCode::UNPROCESSABLE_ENTITY, p, None, f, String::new()).await
        }
    }
}

/// `POST /points/people/{id}/correct`: `delta`, `reason`.
pub async fn correct_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let done = match number("delta", f.get("delta"), Reason::PointsAmount) {
        Ok(d) => state.app.correct_points(user, &v.ip, id, d, f.get("reason")).await.map(|_| ()),
        Err(e) => Err(e),
    };
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/points?person={id}")).into_response()),
        Err(e) => {
            let p = invalid(&v, e)?;
            points_page(&state, &v, Some(id), StatusCode::UNPROCESSABLE_ENTITY, p, None).await
        }
    }
}

/// `POST /points/rules/{community}`: the community's rules.
pub async fn rules_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(community): Path<String>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let read = || -> Result<Rules, crate::app::Error> {
        let n = |k: &'static str| {
            number(k, f.get(k), Reason::PointsRules(crate::domain::life::points::RulesProblem::Points))
        };
        Ok(Rules {
            study: n("study")?,
            per_hour: n("per_hour")?,
            activity: n("activity")?,
            daily_cap: n("daily_cap")?,
            expire_months: u32::try_from(n("expire_months")?).map_err(|_| {
                crate::app::Error::invalid(
                    "expire_months",
                    Reason::PointsRules(crate::domain::life::points::RulesProblem::Expiry),
                )
            })?,
            raise_days: n("raise_days")?,
        })
    };
    let done = match read() {
        Ok(r) => state.app.set_points_rules(user, &v.ip, &community, r).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(()) => Ok(Redirect::to("/points?saved=1#rules").into_response()),
        Err(e) => {
            let p = invalid(&v, e)?;
            points_page_with(&state, &v, None, StatusCode::UNPROCESSABLE_ENTITY, p, None, f, community).await
        }
    }
}

// The shop.

#[derive(Template)]
#[template(path = "shop.html")]
struct ShopPage {
    shell: Shell,
    /// The item whose exchange was refused.
    failed_item: Option<Uuid>,
    items: Vec<ShopItemRow>,
    waiting: Vec<ExchangeRow>,
    communities: Vec<(String, String)>,
    balance: Option<i64>,
    problem: Problem,
    typed: TypedItem,
}

/// An item as typed.
#[derive(Debug, Clone, Default)]
pub struct TypedItem {
    community: String,
    name: String,
    about: String,
    points: String,
    stock: String,
    given_by: String,
}

async fn shop(
    state: &AppState,
    v: &Visitor,
    status: StatusCode,
    problem: Problem,
    typed: TypedItem,
) -> Result<Response, Refusal> {
    shop_at(state, v, status, problem, typed, None).await
}

async fn shop_at(
    state: &AppState,
    v: &Visitor,
    status: StatusCode,
    problem: Problem,
    typed: TypedItem,
    failed_item: Option<Uuid>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let items = state.app.shop_items(user).await?;
    let waiting = state.app.exchanges_to_collect(user).await?;
    let communities =
        if crate::app::life::runs_somewhere(user) { super::communities_run(state, v).await? } else { Vec::new() };
    let balance = state.app.my_points(user).await.ok().map(|p| p.balance);
    own_page(status, ShopPage { shell: v.shell(), failed_item, items, waiting, communities, balance, problem, typed })
}

/// `GET /shop`.
pub async fn shop_page(State(state): State<AppState>, v: Visitor) -> Result<Response, Refusal> {
    shop(&state, &v, StatusCode::OK, Problem::none(), TypedItem::default()).await
}

/// `POST /shop/new`: staff add an item.
pub async fn item_submit(
    State(state): State<AppState>,
    v: Visitor,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let typed = TypedItem {
        community: f.get("community").to_owned(),
        name: f.get("name").to_owned(),
        about: f.get("about").to_owned(),
        points: f.get("points").to_owned(),
        stock: f.get("stock").to_owned(),
        given_by: f.get("given_by").to_owned(),
    };
    let read = || -> Result<NewItem, crate::app::Error> {
        Ok(NewItem {
            community: typed.community.trim().to_owned(),
            name: typed.name.clone(),
            about: typed.about.clone(),
            points: amount("points", &typed.points)?,
            stock: number("stock", &typed.stock, Reason::Stock)?,
            given_by: typed.given_by.clone(),
        })
    };
    let done = match read() {
        Ok(n) => state.app.add_shop_item(user, &v.ip, n).await.map(|_| ()),
        Err(e) => Err(e),
    };
    match done {
        Ok(()) => Ok(Redirect::to("/shop").into_response()),
        Err(e) => {
            let p = invalid(&v, e)?;
            shop(&state, &v, StatusCode::UNPROCESSABLE_ENTITY, p, typed).await
        }
    }
}

/// `POST /shop/{id}/stock`: staff change the stock or stop offering it.
pub async fn stock_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let delta = if f.get("delta").trim().is_empty() { Ok(0) } else { number("stock", f.get("delta"), Reason::Stock) };
    let done = match delta {
        Ok(d) => state.app.restock(user, &v.ip, id, d, f.ticked("active")).await.map(|_| ()),
        Err(e) => Err(e),
    };
    match done {
        Ok(()) => Ok(Redirect::to("/shop").into_response()),
        Err(e) => {
            let p = invalid(&v, e)?;
            shop(&state, &v, StatusCode::UNPROCESSABLE_ENTITY, p, TypedItem::default()).await
        }
    }
}

/// `POST /shop/{id}/exchange`: `quantity`, and `person` at the counter.
pub async fn exchange_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let person: Option<Uuid> = f.get("person").trim().parse().ok();
    let done = match number("quantity", f.get("quantity"), Reason::Quantity) {
        Ok(q) => state.app.exchange_points(user, &v.ip, id, q, person).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(e) if person.is_some() => Ok(Redirect::to(&format!("/points?person={}", e.person_id)).into_response()),
        Ok(e) => Ok(Redirect::to(&format!("/points?done={}", e.code)).into_response()),
        Err(e) => {
            let p = invalid(&v, e)?;
            if person.is_some() {
                points_page(&state, &v, person, StatusCode::UNPROCESSABLE_ENTITY, p, None).await
            } else {
                shop_at(&state, &v, StatusCode::UNPROCESSABLE_ENTITY, p, TypedItem::default(), Some(id)).await
            }
        }
    }
}

/// `POST /exchanges/{id}/collect` and `/cancel`.
pub async fn collect_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    state.app.close_exchange(user, &v.ip, id, true).await?;
    Ok(Redirect::to("/shop#waiting").into_response())
}

/// `POST /exchanges/{id}/cancel`.
pub async fn cancel_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    state.app.close_exchange(user, &v.ip, id, false).await?;
    let back = if crate::app::life::runs_somewhere(user) { "/shop#waiting" } else { "/points" };
    Ok(Redirect::to(back).into_response())
}

// Study items.

#[derive(Template)]
#[template(path = "study.html")]
struct StudyListPage {
    shell: Shell,
    items: Vec<StudyItemRow>,
    /// The items the reader finished.
    done: Vec<Uuid>,
    communities: Vec<(String, String)>,
    problem: Problem,
    typed: TypedStudy,
}

/// A study item as typed.
#[derive(Debug, Clone, Default)]
pub struct TypedStudy {
    community: String,
    title: String,
    body: String,
    minutes: String,
    points: String,
}

async fn study_list(
    state: &AppState,
    v: &Visitor,
    status: StatusCode,
    problem: Problem,
    typed: TypedStudy,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let items = state.app.study_items(user).await?;
    let done = state.app.studied(user).await?;
    let communities =
        if crate::app::life::runs_somewhere(user) { super::communities_run(state, v).await? } else { Vec::new() };
    own_page(status, StudyListPage { shell: v.shell(), items, done, communities, problem, typed })
}

/// `GET /study`.
pub async fn study_page(State(state): State<AppState>, v: Visitor) -> Result<Response, Refusal> {
    let typed = TypedStudy { minutes: "5".into(), points: "0".into(), ..TypedStudy::default() };
    study_list(&state, &v, StatusCode::OK, Problem::none(), typed).await
}

/// `POST /study/new`: a form, or `multipart/form-data` with the recording
/// as an `audio` part (有声党建).
pub async fn study_submit(
    State(state): State<AppState>,
    v: Visitor,
    sent: WithPhotos<Vec<(String, String)>>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_pairs(sent.body);
    let typed = TypedStudy {
        community: f.get("community").to_owned(),
        title: f.get("title").to_owned(),
        body: f.get("body").to_owned(),
        minutes: f.get("minutes").to_owned(),
        points: f.get("points").to_owned(),
    };
    let audio = sent.attachments.into_iter().next().map(|(_, bytes)| bytes);
    let read = || -> Result<NewStudy, crate::app::Error> {
        Ok(NewStudy {
            community: typed.community.trim().to_owned(),
            title: typed.title.clone(),
            body: typed.body.clone(),
            // A recording's length sets the time; the field may be left as it is.
            minutes: if audio.is_some() { 0 } else { number("minutes", &typed.minutes, Reason::StudyMinutes)? },
            points: number("points", &typed.points, Reason::PointsAmount)?,
            audio: audio.clone(),
        })
    };
    let done = match read() {
        Ok(n) => state.app.add_study_item(user, &v.ip, n).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(s) => Ok(Redirect::to(&format!("/study/{}", s.id)).into_response()),
        Err(e) => {
            let p = invalid(&v, e)?;
            study_list(&state, &v, StatusCode::UNPROCESSABLE_ENTITY, p, typed).await
        }
    }
}

/// `GET /study/{id}/audio`: the recording, for whoever may open the item
/// (one byte range at a time when asked, so that players can seek).
pub async fn study_audio(
    State(state): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(id): Path<Uuid>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let (kind, bytes) = state.app.study_audio(user, id).await?;
    Ok(crate::web::download::ranged(&headers, &kind, bytes))
}

#[derive(Template)]
#[template(path = "study_item.html")]
struct StudyPage {
    shell: Shell,
    s: StudyView,
    svg: String,
    url: String,
    problem: Problem,
    earned: Option<i64>,
}

impl StudyPage {
    fn minutes(&self) -> String {
        self.shell.t.wall.study.minutes.replace("{minutes}", &self.s.item.minutes.to_string())
    }
    fn wait(&self) -> String {
        self.shell.t.wall.study.wait.replace("{minutes}", &self.s.item.minutes.to_string())
    }
    fn earned_line(&self, n: &i64) -> String {
        self.shell.t.wall.study.earned.replace("{points}", &n.to_string())
    }
    /// Seconds until it may be finished (for the page's countdown).
    fn seconds_left(&self) -> i64 {
        let takes = crate::app::life::points::study_seconds(&self.s.item);
        self.s
            .opened_at
            .map_or(takes, |at| (at + chrono::Duration::seconds(takes) - chrono::Utc::now()).num_seconds().max(0))
    }
    /// A recording's length as 12:05.
    fn length(&self) -> String {
        let s = self.s.item.audio_seconds.unwrap_or(0);
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// `?earned=`: the points the finish just earned (shown once).
#[derive(Debug, Default, Deserialize)]
pub struct StudyQuery {
    #[serde(default)]
    earned: Option<i64>,
}

async fn study_show(
    state: &AppState,
    v: &Visitor,
    headers: &HeaderMap,
    id: Uuid,
    status: StatusCode,
    problem: Problem,
    earned: Option<i64>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let s = state.app.open_study(user, id).await?;
    let url = format!("{}/study/{id}", state.edge.base_url(headers));
    let svg =
        if s.may_manage { crate::web::registry::building::qr_svg(&url).unwrap_or_default() } else { String::new() };
    own_page(status, StudyPage { shell: v.shell(), s, svg, url, problem, earned })
}

/// `GET /study/{id}`: reading or listening; the first opening starts the time.
pub async fn study_item_page(
    State(state): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(id): Path<Uuid>,
    Query(q): Query<StudyQuery>,
) -> Result<Response, Refusal> {
    study_show(&state, &v, &headers, id, StatusCode::OK, Problem::none(), q.earned).await
}

/// `POST /study/{id}/finish`.
pub async fn finish_submit(
    State(state): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(id): Path<Uuid>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    match state.app.finish_study(user, &v.ip, id).await {
        Ok(n) => Ok(Redirect::to(&format!("/study/{id}?earned={n}")).into_response()),
        Err(e) => {
            let p = invalid(&v, e)?;
            study_show(&state, &v, &headers, id, StatusCode::UNPROCESSABLE_ENTITY, p, None).await
        }
    }
}

// The API.

/// Someone's points.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PointsOut {
    /// The person.
    person: Uuid,
    /// What they hold.
    balance: i64,
    /// The latest movements, newest first.
    entries: Vec<EntryOut>,
}

/// A movement of points.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EntryOut {
    /// When.
    at: chrono::DateTime<chrono::Utc>,
    /// Earned (+) or spent (−).
    delta: i64,
    /// The balance after.
    balance_after: i64,
    /// study, volunteer, activity, exchange, refund, gift_in, gift_out, expire, correction.
    kind: String,
    /// Why, in words.
    reason: String,
}

fn points_out(p: PointsView) -> PointsOut {
    PointsOut {
        person: p.person.id,
        balance: p.balance,
        entries: p
            .entries
            .into_iter()
            .map(|e| EntryOut {
                at: e.at,
                delta: e.delta,
                balance_after: e.balance_after,
                kind: e.kind,
                reason: e.reason,
            })
            .collect(),
    }
}

/// The caller's points.
#[utoipa::path(get, operation_id = "my_points", path = "/api/v1/my/points", tag = "points", responses((status = 200, body = PointsOut), (status = 400)))]
pub async fn api_mine(State(state): State<AppState>, caller: Caller) -> Result<axum::Json<PointsOut>, WebError> {
    let user = caller.into_user()?;
    Ok(axum::Json(points_out(state.app.my_points(&user).await?)))
}

/// A resident's points, for the centre (audited).
#[utoipa::path(get, operation_id = "person_points", path = "/api/v1/people/{id}/points", tag = "points",
    params(("id" = Uuid, Path, description = "Person id")), responses((status = 200, body = PointsOut), (status = 404)))]
pub async fn api_person(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<PointsOut>, WebError> {
    let user = caller.into_user()?;
    Ok(axum::Json(points_out(state.app.person_points(&user, &peer.ip().to_string(), id).await?)))
}

/// A correction.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CorrectJson {
    /// Points to add (negative to take off).
    delta: i64,
    /// Why (2–200 characters).
    reason: String,
}

/// The centre corrects a resident's points: a new entry, never below zero.
#[utoipa::path(post, operation_id = "correct_points", path = "/api/v1/people/{id}/points", tag = "points", request_body = CorrectJson,
    params(("id" = Uuid, Path, description = "Person id")), responses((status = 200, body = PointsOut), (status = 400), (status = 404)))]
pub async fn api_correct(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
    ApiJson(j): ApiJson<CorrectJson>,
) -> Result<axum::Json<PointsOut>, WebError> {
    let user = caller.into_user()?;
    let ip = peer.ip().to_string();
    state.app.correct_points(&user, &ip, id, j.delta, &j.reason).await?;
    Ok(axum::Json(points_out(state.app.person_points(&user, &ip, id).await?)))
}

/// A gift.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct GiveJson {
    /// Someone of the caller's household.
    to: Uuid,
    /// How many points.
    amount: i64,
}

/// Gives points to someone of the caller's household.
#[utoipa::path(post, operation_id = "give_points", path = "/api/v1/my/points/give", tag = "points", request_body = GiveJson,
    responses((status = 204), (status = 400)))]
pub async fn api_give(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(j): ApiJson<GiveJson>,
) -> Result<StatusCode, WebError> {
    let user = caller.into_user()?;
    state.app.give_points(&user, &peer.ip().to_string(), j.to, j.amount).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An item of the shop.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ShopItemOut {
    /// Identifier.
    id: Uuid,
    /// Community code.
    community: String,
    /// Name.
    name: String,
    /// Description.
    about: String,
    /// Points for one.
    points: i64,
    /// Left.
    stock: i64,
    /// Given by.
    given_by: String,
    /// Offered now.
    active: bool,
}

fn item_out(i: ShopItemRow) -> ShopItemOut {
    ShopItemOut {
        id: i.id,
        community: i.community_id,
        name: i.name,
        about: i.about,
        points: i.points,
        stock: i.stock,
        given_by: i.given_by,
        active: i.active,
    }
}

/// An item to add.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ShopItemJson {
    /// Community code.
    community: String,
    /// Name.
    name: String,
    /// Description.
    #[serde(default)]
    about: String,
    /// Points for one.
    points: i64,
    /// How many.
    stock: i64,
    /// Given by.
    #[serde(default)]
    given_by: String,
}

/// The shop's items the caller sees.
#[utoipa::path(get, operation_id = "list_shop", path = "/api/v1/shop", tag = "points", responses((status = 200, body = Vec<ShopItemOut>)))]
pub async fn api_shop(State(state): State<AppState>, caller: Caller) -> Result<axum::Json<Vec<ShopItemOut>>, WebError> {
    let user = caller.into_user()?;
    Ok(axum::Json(state.app.shop_items(&user).await?.into_iter().map(item_out).collect()))
}

/// Adds an item to the shop (staff of its community).
#[utoipa::path(post, operation_id = "add_shop_item", path = "/api/v1/shop", tag = "points", request_body = ShopItemJson,
    responses((status = 201, body = ShopItemOut), (status = 400)))]
pub async fn api_add_item(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(j): ApiJson<ShopItemJson>,
) -> Result<Response, WebError> {
    let user = caller.into_user()?;
    let n = NewItem {
        community: j.community,
        name: j.name,
        about: j.about,
        points: j.points,
        stock: j.stock,
        given_by: j.given_by,
    };
    let i = state.app.add_shop_item(&user, &peer.ip().to_string(), n).await?;
    Ok((StatusCode::CREATED, axum::Json(item_out(i))).into_response())
}

/// An exchange asked for.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ExchangeJson {
    /// How many (1–10).
    quantity: i64,
    /// At the counter: the resident whose points are used (staff only).
    #[serde(default)]
    person: Option<Uuid>,
}

/// An exchange made.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ExchangeOut {
    /// Identifier.
    id: Uuid,
    /// The item.
    item: String,
    /// How many.
    quantity: i64,
    /// Points spent.
    points: i64,
    /// to_collect, collected, cancelled.
    status: String,
    /// Said at the counter to collect.
    code: String,
}

fn exchange_out(e: ExchangeRow) -> ExchangeOut {
    ExchangeOut { id: e.id, item: e.item_name, quantity: e.quantity, points: e.points, status: e.status, code: e.code }
}

/// Exchanges points for an item: stock and points move together or not at all.
#[utoipa::path(post, operation_id = "exchange_points", path = "/api/v1/shop/{id}/exchange", tag = "points", request_body = ExchangeJson,
    params(("id" = Uuid, Path, description = "Item id")), responses((status = 201, body = ExchangeOut), (status = 400), (status = 404)))]
pub async fn api_exchange(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
    ApiJson(j): ApiJson<ExchangeJson>,
) -> Result<Response, WebError> {
    let user = caller.into_user()?;
    let e = state.app.exchange_points(&user, &peer.ip().to_string(), id, j.quantity, j.person).await?;
    Ok((StatusCode::CREATED, axum::Json(exchange_out(e))).into_response())
}

/// Hands an exchange over at the counter.
#[utoipa::path(post, operation_id = "collect_exchange", path = "/api/v1/exchanges/{id}/collect", tag = "points",
    params(("id" = Uuid, Path, description = "Exchange id")), responses((status = 204), (status = 400), (status = 404)))]
pub async fn api_collect(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, WebError> {
    let user = caller.into_user()?;
    state.app.close_exchange(&user, &peer.ip().to_string(), id, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Calls an exchange off: the points and the stock come back.
#[utoipa::path(post, operation_id = "cancel_exchange", path = "/api/v1/exchanges/{id}/cancel", tag = "points",
    params(("id" = Uuid, Path, description = "Exchange id")), responses((status = 204), (status = 400), (status = 404)))]
pub async fn api_cancel(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, WebError> {
    let user = caller.into_user()?;
    state.app.close_exchange(&user, &peer.ip().to_string(), id, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A study item.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct StudyOut {
    /// Identifier.
    id: Uuid,
    /// Community code.
    community: String,
    /// Title.
    title: String,
    /// Minutes it takes.
    minutes: i64,
    /// Points (0: the community's rule).
    points: i64,
    /// The recording's length in seconds (有声党建); none for a text.
    audio_seconds: Option<i64>,
    /// Where the recording is heard (`GET`, with the caller's token).
    audio_url: Option<String>,
}

fn study_out(s: StudyItemRow) -> StudyOut {
    StudyOut {
        audio_url: s.audio_seconds.map(|_| format!("/api/v1/study/{}/audio", s.id)),
        id: s.id,
        community: s.community_id,
        title: s.title,
        minutes: s.minutes,
        points: s.points,
        audio_seconds: s.audio_seconds,
    }
}

/// The study items the caller sees.
#[utoipa::path(get, operation_id = "list_study", path = "/api/v1/study", tag = "points", responses((status = 200, body = Vec<StudyOut>)))]
pub async fn api_study(State(state): State<AppState>, caller: Caller) -> Result<axum::Json<Vec<StudyOut>>, WebError> {
    let user = caller.into_user()?;
    Ok(axum::Json(state.app.study_items(&user).await?.into_iter().map(study_out).collect()))
}

/// Points earned by finishing a study item.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EarnedOut {
    /// Points earned now (0: earned before, or the day's cap reached).
    points: i64,
}

/// Opens a study item (the first opening starts its time).
#[utoipa::path(post, operation_id = "open_study", path = "/api/v1/study/{id}/open", tag = "points",
    params(("id" = Uuid, Path, description = "Study item id")), responses((status = 200, body = StudyOut), (status = 404)))]
pub async fn api_open_study(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<StudyOut>, WebError> {
    let user = caller.into_user()?;
    Ok(axum::Json(study_out(state.app.open_study(&user, id).await?.item)))
}

/// Finishes a study item: points, once, no sooner than it takes.
#[utoipa::path(post, operation_id = "finish_study", path = "/api/v1/study/{id}/finish", tag = "points",
    params(("id" = Uuid, Path, description = "Study item id")), responses((status = 200, body = EarnedOut), (status = 400), (status = 404)))]
pub async fn api_finish_study(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<EarnedOut>, WebError> {
    let user = caller.into_user()?;
    let points = state.app.finish_study(&user, &peer.ip().to_string(), id).await?;
    Ok(axum::Json(EarnedOut { points }))
}

/// A study item to add.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct StudyJson {
    /// Community code.
    community: String,
    /// Title.
    title: String,
    /// The text, or a recording's transcript (may be empty then).
    #[serde(default)]
    body: String,
    /// Minutes it takes (1–120; a recording's length instead when there is one).
    #[serde(default)]
    minutes: i64,
    /// Points (0: the community's rule).
    #[serde(default)]
    points: i64,
}

/// Adds a study item (staff of its community). A recording (有声党建, MP3 or
/// M4A, at most 20 MB): `multipart/form-data` with this JSON as a `json`
/// part and the file as an `audio` part.
#[utoipa::path(post, operation_id = "add_study", path = "/api/v1/study", tag = "points", request_body = StudyJson,
    responses((status = 201, body = StudyOut), (status = 400)))]
pub async fn api_add_study(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    sent: WithPhotos<StudyJson>,
) -> Result<Response, WebError> {
    let user = caller.into_user()?;
    let j = sent.body;
    let audio = sent.attachments.into_iter().next().map(|(_, bytes)| bytes);
    let n =
        NewStudy { community: j.community, title: j.title, body: j.body, minutes: j.minutes, points: j.points, audio };
    let s = state.app.add_study_item(&user, &peer.ip().to_string(), n).await?;
    Ok((StatusCode::CREATED, axum::Json(study_out(s))).into_response())
}

/// A study item's recording.
#[utoipa::path(get, operation_id = "study_audio", path = "/api/v1/study/{id}/audio", tag = "points",
    params(("id" = Uuid, Path, description = "Study item id")),
    responses((status = 200, description = "audio/mpeg or audio/mp4"), (status = 206), (status = 404)))]
pub async fn api_study_audio(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    let user = caller.into_user()?;
    let (kind, bytes) = state.app.study_audio(&user, id).await?;
    Ok(crate::web::download::ranged(&headers, &kind, bytes))
}

/// A community's points rules.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RulesJson {
    /// For a study item.
    study: i64,
    /// For each confirmed hour of volunteering.
    per_hour: i64,
    /// For attending an activity.
    activity: i64,
    /// The most earned in a day.
    daily_cap: i64,
    /// Months points last (0: for ever).
    expire_months: u32,
    /// Days before an untaken wish is raised to staff.
    raise_days: i64,
}

/// Sets a community's points rules (its staff).
#[utoipa::path(put, operation_id = "set_points_rules", path = "/api/v1/regions/{code}/points-rules", tag = "points", request_body = RulesJson,
    params(("code" = String, Path, description = "Community code")), responses((status = 200, body = RulesJson), (status = 400), (status = 403)))]
pub async fn api_rules(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(code): Path<String>,
    ApiJson(j): ApiJson<RulesJson>,
) -> Result<axum::Json<RulesJson>, WebError> {
    let user = caller.into_user()?;
    let r = Rules {
        study: j.study,
        per_hour: j.per_hour,
        activity: j.activity,
        daily_cap: j.daily_cap,
        expire_months: j.expire_months,
        raise_days: j.raise_days,
    };
    state.app.set_points_rules(&user, &peer.ip().to_string(), &code, r).await?;
    Ok(axum::Json(j))
}
