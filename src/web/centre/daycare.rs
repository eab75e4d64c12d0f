//! Elderly day care on the web: the centre's day (arrivals, departures,
//! today's meals), the elders' records, the weekly menu (edited, published,
//! printed for the wall), families booking meals, the central kitchen's
//! order and the month's meal bills. Pages and the API.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Path, Query, RawForm, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, Duration, NaiveDate, Utc};
use linli_store::centre::daycare::{AttendanceRow, ElderRow};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::app::centre::daycare::{
    Candidate, ElderView, Grid, Kitchen, MealBills, MealSetting, NewContact, NewElder, Today, Week,
};
use crate::app::refusal::Reason;
use crate::domain::centre::daycare::{self as daycare, Course, Cutoff, Diet, Meal, diets_of};
use crate::domain::money::Fen;
use crate::domain::registry::region::CommunityCode;
use crate::domain::time;
use crate::web::AppState;
use crate::web::body::ApiJson;
use crate::web::caller::{Caller, Refusal, Visitor};
use crate::web::error::{ErrorCode, WebError};
use crate::web::form::Problem;
use crate::web::i18n::centre::DaycareTexts;
use crate::web::life::invalid;
use crate::web::life::typed::{Fields, clock, date, number};
use crate::web::shell::{Shell, own_page};

/// The words of a meal, course, diet or weekday.
fn meal_word(t: &DaycareTexts, m: Meal) -> &'static str {
    t.meals[m as usize].1
}

fn course_word(t: &DaycareTexts, c: Course) -> &'static str {
    t.courses[c as usize].1
}

fn diet_words(t: &DaycareTexts, stored: &str) -> String {
    diets_of(stored).iter().map(|d| t.diet_names[d.index()].1).collect::<Vec<_>>().join(t.sep)
}

fn day_words(t: &DaycareTexts, day: NaiveDate) -> String {
    format!("{} {}", day.format("%m-%d"), t.weekdays[day.weekday().num_days_from_monday() as usize].1)
}

fn clock_of(at: chrono::DateTime<Utc>) -> String {
    time::zone().local(at).format("%H:%M").to_string()
}

fn cutoff_words(t: &DaycareTexts, c: Cutoff) -> String {
    let (days, at) = c.day_and_clock();
    let words = match days {
        0 => t.cutoff_same_day,
        1 => t.cutoff_day_before,
        _ => t.cutoff_words,
    };
    words.replace("{days}", &days.to_string()).replace("{clock}", &at.format("%H:%M").to_string())
}

/// A grid's column head: the meal, its price and when it closes.
fn meal_head(t: &DaycareTexts, g: &Grid, m: Meal) -> String {
    let s = g.settings[m as usize];
    t.meal_head
        .replace("{meal}", meal_word(t, m))
        .replace("{price}", &Fen::new(s.price).yuan())
        .replace("{cutoff}", &cutoff_words(t, s.cutoff))
}

fn diets_from(f: &Fields) -> Result<Vec<Diet>, crate::app::Error> {
    f.all("diet")
        .into_iter()
        .map(|c| {
            Diet::parse(c).ok_or(crate::app::Error::invalid(
                "diets",
                Reason::DaycareCode { known: known(&Diet::ALL, Diet::code) },
            ))
        })
        .collect()
}

/// Query of the staff pages.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DaycareQuery {
    /// Community code.
    pub community: Option<String>,
    /// A day (YYYY-MM-DD): the kitchen's day, or a day of the menu's week.
    pub day: Option<String>,
    /// A name to find among those who may be enrolled.
    #[serde(default)]
    pub q: Option<String>,
    /// Emergency contacts just told of a departure (the page after one).
    #[serde(default)]
    #[param(ignore)]
    pub told: Option<usize>,
}

// The centre's day, and the family's bookings.

#[derive(Template)]
#[template(path = "daycare.html")]
struct DaycarePage {
    shell: Shell,
    communities: Vec<(String, String)>,
    community: String,
    today: Vec<Today>,
    settings: Vec<MealSetting>,
    family: Vec<(Grid, Option<AttendanceRow>)>,
    bills: Option<MealBills>,
    told: Option<usize>,
    problem: Problem,
    typed: Fields,
    /// Which form came back: leave:ID, book:ID, bills, meal:CODE.
    form: String,
    last_month: String,
    /// This week's menu is published.
    menu_published: bool,
}

impl DaycarePage {
    fn t(&self) -> &'static DaycareTexts {
        &self.shell.t.centre.daycare
    }
    fn meal(&self, m: &Meal) -> &'static str {
        meal_word(self.t(), *m)
    }
    fn head(&self, g: &Grid, m: &Meal) -> String {
        meal_head(self.t(), g, *m)
    }
    fn allergy(&self, e: &ElderRow) -> String {
        self.t().allergy_tag.replace("{what}", &e.allergies)
    }
    fn meals_of(&self, d: &Today) -> String {
        d.meals.iter().map(|m| meal_word(self.t(), *m)).collect::<Vec<_>>().join(self.t().sep)
    }
    fn diets(&self, e: &ElderRow) -> String {
        diet_words(self.t(), &e.diets)
    }
    fn day(&self, d: &NaiveDate) -> String {
        day_words(self.t(), *d)
    }
    fn attendance(&self, a: &Option<AttendanceRow>) -> String {
        attendance_words(self.t(), a)
    }
    fn price(&self, s: &MealSetting) -> String {
        Fen::new(s.price).yuan()
    }
    fn cutoff(&self, s: &MealSetting) -> String {
        cutoff_words(self.t(), s.cutoff)
    }
    fn cutoff_days(&self, s: &MealSetting) -> i32 {
        s.cutoff.day_and_clock().0
    }
    fn cutoff_clock(&self, s: &MealSetting) -> String {
        s.cutoff.day_and_clock().1.format("%H:%M").to_string()
    }
    fn name(&self) -> String {
        self.communities.iter().find(|(c, _)| *c == self.community).map(|(_, n)| n.clone()).unwrap_or_default()
    }
    fn bills_done(&self, b: &MealBills) -> String {
        self.t()
            .bills_done
            .replace("{created}", &b.created.to_string())
            .replace("{meals}", &b.meals.to_string())
            .replace("{amount}", &Fen::new(b.amount).yuan())
            .replace("{existing}", &b.existing.to_string())
    }
    fn no_house(&self, b: &MealBills) -> String {
        self.t().no_house.replace("{names}", &b.no_house.join(self.t().sep))
    }
    fn typed_if(&self, form: &str, key: &str) -> String {
        if self.form == form { self.typed.get(key).to_owned() } else { String::new() }
    }
    fn error(&self, form: &str, field: &str) -> Option<&str> {
        if self.form == form { self.problem.at(field) } else { None }
    }
    fn general(&self, form: &str, shown: &[&str]) -> Option<&str> {
        if self.form == form { self.problem.general(shown) } else { None }
    }
    fn told_words(&self, n: &usize) -> String {
        self.t().told.replace("{n}", &n.to_string())
    }
}

fn attendance_words(t: &DaycareTexts, a: &Option<AttendanceRow>) -> String {
    match a {
        None => t.not_arrived.into(),
        Some(a) => match a.left_at {
            Some(left) => t
                .left_at
                .replace("{time}", &clock_of(left))
                .replace("{by}", a.picked_up_by.as_deref().unwrap_or_default()),
            None => t.here_since.replace("{time}", &clock_of(a.arrived_at)),
        },
    }
}

struct Back {
    status: StatusCode,
    problem: Problem,
    typed: Fields,
    form: String,
    bills: Option<MealBills>,
    told: Option<usize>,
}

impl Back {
    fn ok() -> Back {
        Back {
            status: StatusCode::OK,
            problem: Problem::none(),
            typed: Fields::default(),
            form: String::new(),
            bills: None,
            told: None,
        }
    }
}

async fn daycare_page_with(
    state: &AppState,
    v: &Visitor,
    community: Option<&str>,
    back: Back,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let keeps = state.app.daycare_communities(user).await?;
    let communities = if keeps.is_empty() { Vec::new() } else { crate::web::life::communities_run(state, v).await? };
    let community = crate::web::life::chosen(&communities, community);
    let (today, settings, menu_published) = if community.is_empty() {
        (Vec::new(), Vec::new(), false)
    } else {
        let monday = daycare::monday_of(time::day(Utc::now()));
        (
            state.app.daycare_today(user, &community).await?,
            state.app.meal_settings(&community).await?.to_vec(),
            state.app.published_week(&community, monday).await?.is_some(),
        )
    };
    let mut family = Vec::new();
    for (e, _) in state.app.my_elders(user).await? {
        let grid = state.app.booking_grid(user, e.id).await?;
        let today = state.app.elder_today(user, e.id).await?;
        family.push((grid, today));
    }
    let page = DaycarePage {
        shell: v.shell(),
        communities,
        community,
        today,
        settings,
        family,
        bills: back.bills,
        told: back.told,
        problem: back.problem,
        typed: back.typed,
        form: back.form,
        last_month: time::period(Utc::now() - Duration::days(i64::from(time::day(Utc::now()).day()))),
        menu_published,
    };
    own_page(back.status, page)
}

/// `GET /daycare`: the centre's day for its staff; a family's bookings.
pub async fn daycare_page(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<DaycareQuery>,
) -> Result<Response, Refusal> {
    let told = q.told.filter(|n| *n <= 20);
    daycare_page_with(&state, &v, q.community.as_deref(), Back { told, ..Back::ok() }).await
}

/// A form of the day care page done: back to it, or the page again with why.
async fn done_on_page(
    state: &AppState,
    v: &Visitor,
    community: &str,
    done: Result<(), crate::app::Error>,
    (f, form): (Fields, String),
) -> Result<Response, Refusal> {
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/daycare?community={community}")).into_response()),
        Err(e) => {
            let problem = invalid(v, e)?;
            let back = Back { status: StatusCode::UNPROCESSABLE_ENTITY, problem, typed: f, form, ..Back::ok() };
            daycare_page_with(state, v, Some(community), back).await
        }
    }
}

/// `POST /daycare/elders/{id}/arrive`.
pub async fn arrive_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let done = state.app.elder_arrives(user, &v.ip, id).await;
    let community = f.get("community").to_owned();
    done_on_page(&state, &v, &community, done, (f, format!("leave:{id}"))).await
}

/// `POST /daycare/elders/{id}/leave`: the family hears it by SMS.
pub async fn leave_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let community = f.get("community").to_owned();
    match state.app.elder_leaves(user, &v.ip, id, f.get("picked_up_by")).await {
        // Back to the page by GET (a reload does not post again), saying who was told.
        Ok(n) => Ok(Redirect::to(&format!("/daycare?community={community}&told={n}")).into_response()),
        Err(e) => done_on_page(&state, &v, &community, Err(e), (f, format!("leave:{id}"))).await,
    }
}

/// `POST /daycare/elders/{id}/bookings`: book or cancel a meal; back to the
/// page it came from.
pub async fn booking_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let read = || -> Result<(NaiveDate, Meal), crate::app::Error> {
        let day = date("day", f.get("day"))?;
        let meal = Meal::parse(f.get("meal")).ok_or(crate::app::Error::invalid("meal", Reason::DaycareNoMeal))?;
        Ok((day, meal))
    };
    let done = match read() {
        Ok(when) => state.app.book_meal(user, &v.ip, id, when, f.get("book") == "1").await.map(|_| ()),
        Err(e) => Err(e),
    };
    let on_elder_page = f.get("back") == "elder";
    match done {
        Ok(()) if on_elder_page => Ok(Redirect::to(&format!("/daycare/elders/{id}#bookings")).into_response()),
        Ok(()) => Ok(Redirect::to(&format!("/daycare#elder-{id}")).into_response()),
        Err(e) => {
            let problem = invalid(&v, e)?;
            let back = Back {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                problem,
                typed: f,
                form: format!("book:{id}"),
                ..Back::ok()
            };
            if on_elder_page {
                elder_page_with(&state, &v, id, back).await
            } else {
                daycare_page_with(&state, &v, None, back).await
            }
        }
    }
}

/// `POST /daycare/meals`: a meal's price and cut-off.
pub async fn meal_submit(
    State(state): State<AppState>,
    v: Visitor,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let community = f.get("community").to_owned();
    let meal = Meal::parse(f.get("meal")).ok_or(WebError::new(ErrorCode::NotFound))?;
    let read = || -> Result<MealSetting, crate::app::Error> {
        let price = Fen::parse_yuan(f.get("price"))
            .map(Fen::fen)
            .map_err(|_| crate::app::Error::invalid("price", Reason::DaycarePrice))?;
        let days = number("cutoff_days", f.get("cutoff_days"), Reason::DaycareCutoffRange)?;
        let at = clock("cutoff_clock", f.get("cutoff_clock"))?;
        let cutoff = i32::try_from(days)
            .ok()
            .and_then(|d| Cutoff::from_day_and_clock(d, at))
            .ok_or(crate::app::Error::invalid("cutoff_days", Reason::DaycareCutoffRange))?;
        Ok(MealSetting { meal, price, cutoff })
    };
    let done = match read() {
        Ok(s) => state.app.set_meal(user, &v.ip, &community, s).await,
        Err(e) => Err(e),
    };
    done_on_page(&state, &v, &community, done, (f, format!("meal:{}", meal.code()))).await
}

/// `POST /daycare/bills`: a month's meal bills.
pub async fn bills_submit(
    State(state): State<AppState>,
    v: Visitor,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let community = f.get("community").to_owned();
    match state.app.bill_meals(user, &v.ip, &community, f.get("month")).await {
        Ok(b) => {
            let back = Back { bills: Some(b), typed: f, form: "bills".into(), ..Back::ok() };
            daycare_page_with(&state, &v, Some(&community), back).await
        }
        Err(e) => done_on_page(&state, &v, &community, Err(e), (f, "bills".into())).await,
    }
}

// An elder's record, and enrolment.

#[derive(Template)]
#[template(path = "daycare_elder.html")]
struct ElderPage {
    shell: Shell,
    /// The elder, or none for the enrolment form.
    elder: Option<ElderView>,
    grid: Option<Grid>,
    community: String,
    candidates: Vec<Candidate>,
    /// The name looked for among the candidates.
    q: String,
    /// The contacts' phones in full (the record's).
    phones: Vec<String>,
    problem: Problem,
    typed: Fields,
    /// Which form came back: enrol, edit, contact, book:ID.
    form: String,
}

impl ElderPage {
    fn t(&self) -> &'static DaycareTexts {
        &self.shell.t.centre.daycare
    }
    fn day(&self, d: &NaiveDate) -> String {
        day_words(self.t(), *d)
    }
    fn head(&self, g: &Grid, m: &Meal) -> String {
        meal_head(self.t(), g, *m)
    }
    fn phone(&self, i: &usize) -> String {
        self.phones.get(*i).cloned().unwrap_or_default()
    }
    /// Whether the phones are shown in full (revealed for a reason).
    fn revealed(&self) -> bool {
        self.elder.as_ref().is_some_and(|e| e.contacts.iter().zip(&self.phones).any(|(c, p)| *p != c.phone_masked))
    }
    fn diet_list(&self) -> Vec<(&'static str, &'static str)> {
        self.t().diet_names.to_vec()
    }
    fn has_diet(&self, code: &str) -> bool {
        if self.form == "enrol" || self.form == "edit" {
            return self.typed.all("diet").contains(&code);
        }
        self.elder.as_ref().is_some_and(|e| e.elder.diets.split(',').any(|d| d == code))
    }
    fn value(&self, form: &str, key: &str) -> String {
        if self.form == form {
            return self.typed.get(key).to_owned();
        }
        match (&self.elder, key) {
            (Some(e), "allergies") if form == "edit" => e.elder.allergies.clone(),
            (Some(e), "notes") if form == "edit" => e.elder.notes.clone(),
            _ => String::new(),
        }
    }
    fn age(&self, n: &u32) -> String {
        self.t().age.replace("{n}", &n.to_string())
    }
    fn error(&self, form: &str, field: &str) -> Option<&str> {
        if self.form == form { self.problem.at(field) } else { None }
    }
    fn general(&self, form: &str, shown: &[&str]) -> Option<&str> {
        if self.form == form { self.problem.general(shown) } else { None }
    }
    /// The form the elder's fields are in: the record's, or the enrolment's.
    fn elder_form(&self) -> &'static str {
        if self.elder.is_some() { "edit" } else { "enrol" }
    }
    fn chosen(&self, c: &Candidate) -> bool {
        self.form == "enrol" && self.typed.get("person") == c.person.to_string()
    }
}

async fn elder_page_with(state: &AppState, v: &Visitor, id: Uuid, back: Back) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let record = state.app.daycare_record(user, &v.ip, id, None).await?;
    elder_page_of(state, v, record, back).await
}

async fn elder_page_of(
    state: &AppState,
    v: &Visitor,
    (elder, phones): (ElderView, Vec<String>),
    back: Back,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let id = elder.elder.id;
    let grid = if elder.elder.active { Some(state.app.booking_grid(user, id).await?) } else { None };
    let page = ElderPage {
        shell: v.shell(),
        community: elder.elder.community_id.clone(),
        elder: Some(elder),
        grid,
        candidates: Vec::new(),
        q: String::new(),
        phones,
        problem: back.problem,
        typed: back.typed,
        form: back.form,
    };
    own_page(back.status, page)
}

/// `GET /daycare/elders/{id}`: an elder's record (the centre's staff).
pub async fn elder_page(State(state): State<AppState>, v: Visitor, Path(id): Path<Uuid>) -> Result<Response, Refusal> {
    elder_page_with(&state, &v, id, Back::ok()).await
}

async fn enrol_page_with(
    state: &AppState,
    v: &Visitor,
    (community, q): (Option<&str>, &str),
    back: Back,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let communities = crate::web::life::communities_run(state, v).await?;
    let community = crate::web::life::chosen(&communities, community);
    let q = q.trim();
    let candidates = state
        .app
        .daycare_candidates(user, &community)
        .await?
        .into_iter()
        .filter(|c| q.is_empty() || c.name.contains(q) || back.typed.get("person") == c.person.to_string())
        .collect();
    let page = ElderPage {
        shell: v.shell(),
        elder: None,
        grid: None,
        community,
        candidates,
        q: q.to_owned(),
        phones: Vec::new(),
        problem: back.problem,
        typed: back.typed,
        form: back.form,
    };
    own_page(back.status, page)
}

/// `GET /daycare/elders/new`: the enrolment form.
pub async fn enrol_page(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<DaycareQuery>,
) -> Result<Response, Refusal> {
    enrol_page_with(&state, &v, (q.community.as_deref(), q.q.as_deref().unwrap_or_default()), Back::ok()).await
}

fn contact_from(f: &Fields) -> NewContact {
    NewContact {
        name: f.get("contact_name").to_owned(),
        relation: f.get("contact_relation").to_owned(),
        phone: f.get("contact_phone").to_owned(),
    }
}

/// `POST /daycare/elders`: enrols an elder.
pub async fn enrol_submit(
    State(state): State<AppState>,
    v: Visitor,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let community = f.get("community").to_owned();
    let contact = contact_from(&f);
    let diets = match diets_from(&f) {
        Ok(d) => d,
        Err(e) => {
            let problem = invalid(&v, e)?;
            let back = Back {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                problem,
                typed: f,
                form: "enrol".into(),
                ..Back::ok()
            };
            return enrol_page_with(&state, &v, (Some(&community), ""), back).await;
        }
    };
    let n = NewElder {
        community: community.clone(),
        person: f.get("person").parse().ok(),
        diets,
        allergies: f.get("allergies").to_owned(),
        notes: f.get("notes").to_owned(),
        contact: Some(contact),
    };
    match state.app.enrol_elder(user, &v.ip, n).await {
        Ok(e) => Ok(Redirect::to(&format!("/daycare/elders/{}", e.id)).into_response()),
        Err(e) => {
            let problem = invalid(&v, e)?;
            let back = Back {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                problem,
                typed: f,
                form: "enrol".into(),
                ..Back::ok()
            };
            enrol_page_with(&state, &v, (Some(&community), ""), back).await
        }
    }
}

async fn done_on_elder(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    done: Result<(), crate::app::Error>,
    (f, form): (Fields, &str),
) -> Result<Response, Refusal> {
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/daycare/elders/{id}")).into_response()),
        Err(e) => {
            let problem = invalid(v, e)?;
            let back =
                Back { status: StatusCode::UNPROCESSABLE_ENTITY, problem, typed: f, form: form.into(), ..Back::ok() };
            elder_page_with(state, v, id, back).await
        }
    }
}

/// `POST /daycare/elders/{id}`: diets, allergies, notes, enrolment.
pub async fn elder_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let active = !f.ticked("leave");
    let done = match diets_from(&f) {
        Ok(diets) => {
            state.app.update_elder(user, &v.ip, id, (&diets, f.get("allergies"), f.get("notes")), active).await
        }
        Err(e) => Err(e),
    };
    done_on_elder(&state, &v, id, done, (f, "edit")).await
}

/// `POST /daycare/elders/{id}/contacts`.
pub async fn contact_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let done = state.app.add_elder_contact(user, &v.ip, id, &contact_from(&f)).await;
    done_on_elder(&state, &v, id, done, (f, "contact")).await
}

/// `POST /daycare/elders/{id}/reveal`: the contacts' phones in full, for a
/// stated reason (audited).
pub async fn reveal_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    match state.app.daycare_record(user, &v.ip, id, Some(f.get("reason"))).await {
        Ok(record) => elder_page_of(&state, &v, record, Back::ok()).await,
        Err(e) => {
            let problem = invalid(&v, e)?;
            let back = Back {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                problem,
                typed: f,
                form: "reveal".into(),
                ..Back::ok()
            };
            elder_page_with(&state, &v, id, back).await
        }
    }
}

/// `POST /daycare/elders/{id}/contacts/{contact}/link`: links (or with
/// `unlink=1` unlinks) the family member's account.
pub async fn contact_link(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, contact)): Path<(Uuid, Uuid)>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let done = state.app.link_elder_contact(user, &v.ip, id, contact, f.get("unlink") == "1").await;
    done_on_elder(&state, &v, id, done, (f, "contact")).await
}

/// `POST /daycare/elders/{id}/contacts/{contact}/remove`.
pub async fn contact_remove(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, contact)): Path<(Uuid, Uuid)>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    state.app.remove_elder_contact(user, &v.ip, id, contact).await?;
    Ok(Redirect::to(&format!("/daycare/elders/{id}")).into_response())
}

// The menu.

#[derive(Template)]
#[template(path = "daycare_menu.html")]
struct MenuPage {
    shell: Shell,
    week: Week,
    name: String,
    /// The staff's editor, or the published menu for the wall.
    editing: bool,
    /// Meals of the week whose bookings have closed (kept as they are).
    closed: Vec<(NaiveDate, Meal)>,
    problem: Problem,
    typed: Fields,
}

impl MenuPage {
    fn t(&self) -> &'static DaycareTexts {
        &self.shell.t.centre.daycare
    }
    fn days(&self) -> Vec<NaiveDate> {
        self.week.days()
    }
    /// The meals the page shows: all three when editing, else those served.
    fn meals(&self) -> Vec<Meal> {
        if self.editing { Meal::ALL.to_vec() } else { self.week.meals() }
    }
    fn courses(&self) -> Vec<Course> {
        Course::ALL.to_vec()
    }
    fn meal(&self, m: &Meal) -> &'static str {
        meal_word(self.t(), *m)
    }
    fn course(&self, c: &Course) -> &'static str {
        course_word(self.t(), *c)
    }
    fn day(&self, d: &NaiveDate) -> String {
        day_words(self.t(), *d)
    }
    fn is_closed(&self, d: &NaiveDate, m: &Meal) -> bool {
        self.closed.contains(&(*d, *m))
    }
    fn field(&self, d: &NaiveDate, m: &Meal, c: &Course) -> String {
        format!("m_{d}_{}_{}", m.code(), c.code())
    }
    fn cell(&self, d: &NaiveDate, m: &Meal, c: &Course) -> String {
        if self.problem.any() {
            return self.typed.get(&self.field(d, m, c)).to_owned();
        }
        self.week.cell(*d, *m, *c)
    }
    fn title(&self) -> String {
        self.t().menu_title.replace("{community}", &self.name)
    }
    fn span(&self) -> String {
        self.t()
            .menu_week
            .replace("{from}", &self.week.monday.to_string())
            .replace("{to}", &(self.week.monday + Duration::days(6)).to_string())
    }
    fn published(&self) -> String {
        match &self.week.published {
            Some((at, _)) => self.t().published.replace("{at}", &time::zone().month_day_minute(*at)),
            None => self.t().not_published.into(),
        }
    }
    fn prev(&self) -> NaiveDate {
        self.week.monday - Duration::days(7)
    }
    fn next(&self) -> NaiveDate {
        self.week.monday + Duration::days(7)
    }
}

/// A day asked for in a link, if it is one and within years anyone plans
/// meals for (a far-off date is no menu's, and would overflow the calendar).
fn asked_day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok().filter(|d| (2000..=2100).contains(&d.year()))
}

fn week_of(day: Option<&str>) -> NaiveDate {
    let today = time::day(Utc::now());
    daycare::monday_of(day.and_then(asked_day).unwrap_or(today))
}

async fn menu_page_with(
    state: &AppState,
    v: &Visitor,
    (community, monday): (Option<&str>, NaiveDate),
    status: StatusCode,
    (problem, typed): (Problem, Fields),
) -> Result<Response, Refusal> {
    let communities = crate::web::life::communities_run(state, v).await?;
    let community = crate::web::life::chosen(&communities, community);
    let name = communities.iter().find(|(c, _)| *c == community).map(|(_, n)| n.clone()).unwrap_or_default();
    let week = state.app.daycare_week(&community, monday).await?;
    let settings = state.app.meal_settings(&community).await?;
    let now = time::zone().local(Utc::now()).naive_local();
    let closed = week
        .days()
        .into_iter()
        .flat_map(|d| Meal::ALL.map(|m| (d, m)))
        .filter(|(d, m)| !settings[*m as usize].cutoff.open(*d, now))
        .collect();
    own_page(status, MenuPage { shell: v.shell(), week, name, editing: true, closed, problem, typed })
}

/// `GET /daycare/menu`: the week's menu as its staff edit it.
pub async fn menu_page(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<DaycareQuery>,
) -> Result<Response, Refusal> {
    let monday = week_of(q.day.as_deref());
    menu_page_with(&state, &v, (q.community.as_deref(), monday), StatusCode::OK, (Problem::none(), Fields::default()))
        .await
}

/// The cells a menu form sends: `m_{day}_{meal}_{course}` fields.
fn cells_of(f: &Fields) -> Vec<(NaiveDate, Meal, Course, String)> {
    f.pairs()
        .iter()
        .filter_map(|(k, v)| {
            let rest = k.strip_prefix("m_")?;
            let (day, rest) = rest.split_once('_')?;
            let (meal, course) = rest.rsplit_once('_')?;
            let day = NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
            Some((day, Meal::parse(meal)?, Course::parse(course)?, v.clone()))
        })
        .collect()
}

/// `POST /daycare/menu`: saves the week (and publishes it when asked).
pub async fn menu_submit(
    State(state): State<AppState>,
    v: Visitor,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let community = f.get("community").to_owned();
    // The week travels in a hidden field: a bad one is no typing of the user's.
    let monday = daycare::monday_of(date("monday", f.get("monday"))?);
    let done = match state.app.save_week(user, &v.ip, &community, monday, &cells_of(&f)).await {
        Ok(()) if f.get("publish") == "1" => state.app.publish_week(user, &v.ip, &community, monday).await,
        r => r,
    };
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/daycare/menu?community={community}&day={monday}")).into_response()),
        Err(e) => {
            let problem = invalid(&v, e)?;
            menu_page_with(&state, &v, (Some(&community), monday), StatusCode::UNPROCESSABLE_ENTITY, (problem, f)).await
        }
    }
}

/// `GET /regions/{code}/daycare/menu`: the published menu, for residents and
/// the canteen's wall (no sign-in).
pub async fn public_menu_page(
    State(state): State<AppState>,
    v: Visitor,
    Path(code): Path<String>,
    Query(q): Query<DaycareQuery>,
) -> Result<Response, Refusal> {
    let code = CommunityCode::parse(&code).map_err(|_| WebError::new(ErrorCode::NotFound))?;
    let names = state.app.short_names(&[code.as_str().to_owned()]).await?;
    let name = names.get(code.as_str()).cloned().ok_or(WebError::new(ErrorCode::NotFound))?;
    let monday = week_of(q.day.as_deref());
    let week = match state.app.published_week(code.as_str(), monday).await? {
        Some(w) => w,
        None => Week { community: code.as_str().to_owned(), monday, cells: Default::default(), published: None },
    };
    own_page(
        StatusCode::OK,
        MenuPage {
            shell: v.shell(),
            week,
            name,
            editing: false,
            closed: Vec::new(),
            problem: Problem::none(),
            typed: Fields::default(),
        },
    )
}

// The kitchen.

#[derive(Template)]
#[template(path = "daycare_kitchen.html")]
struct KitchenPage {
    shell: Shell,
    kitchen: Kitchen,
    name: String,
}

impl KitchenPage {
    fn t(&self) -> &'static DaycareTexts {
        &self.shell.t.centre.daycare
    }
    fn meal(&self, m: &Meal) -> &'static str {
        meal_word(self.t(), *m)
    }
    fn course(&self, c: &Course) -> &'static str {
        course_word(self.t(), *c)
    }
    fn diet_list(&self) -> Vec<(&'static str, &'static str)> {
        self.t().diet_names.to_vec()
    }
    fn title(&self) -> String {
        self.t().kitchen_title.replace("{day}", &day_words(self.t(), self.kitchen.day))
    }
    fn meal_rows(&self) -> Vec<(Meal, crate::domain::centre::daycare::PlateCount)> {
        Meal::ALL.into_iter().map(|m| (m, self.kitchen.plates[m as usize])).filter(|(_, p)| p.plates > 0).collect()
    }
    fn prev(&self) -> NaiveDate {
        self.kitchen.day - Duration::days(1)
    }
    fn next(&self) -> NaiveDate {
        self.kitchen.day + Duration::days(1)
    }
}

/// `GET /daycare/kitchen`: the central kitchen's order for a day.
pub async fn kitchen_page(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<DaycareQuery>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let communities = crate::web::life::communities_run(&state, &v).await?;
    let community = crate::web::life::chosen(&communities, q.community.as_deref());
    let name = communities.iter().find(|(c, _)| *c == community).map(|(_, n)| n.clone()).unwrap_or_default();
    let day = q.day.as_deref().and_then(asked_day).unwrap_or_else(|| time::day(Utc::now()));
    let kitchen = state.app.kitchen(user, &community, day).await?;
    own_page(StatusCode::OK, KitchenPage { shell: v.shell(), kitchen, name })
}

// The API.

/// An elder as the API shows them.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ElderOut {
    /// Identifier.
    pub id: Uuid,
    /// Community code.
    pub community: String,
    /// The person in the registry.
    pub person: Uuid,
    /// Name.
    pub name: String,
    /// Diet codes: diabetic, soft, low_salt.
    pub diets: Vec<String>,
    /// Allergies.
    pub allergies: String,
    /// Still enrolled.
    pub active: bool,
    /// RFC 3339.
    pub enrolled_at: String,
}

fn elder_out(e: &ElderRow) -> ElderOut {
    ElderOut {
        id: e.id,
        community: e.community_id.clone(),
        person: e.person_id,
        name: e.name.clone(),
        diets: diets_of(&e.diets).iter().map(|d| d.code().to_owned()).collect(),
        allergies: e.allergies.clone(),
        active: e.active,
        enrolled_at: time::zone().rfc3339(e.enrolled_at),
    }
}

/// A community's elders.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EldersOut {
    /// By name.
    pub items: Vec<ElderOut>,
}

/// An emergency contact as sent.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ContactJson {
    /// Name.
    pub name: String,
    /// 儿子, 女儿 …
    pub relation: String,
    /// Mobile number.
    pub phone: String,
}

/// An enrolment as sent.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct EnrolJson {
    /// Community code.
    pub community: String,
    /// The person in the registry.
    pub person: Uuid,
    /// Diet codes: diabetic, soft, low_salt.
    #[serde(default)]
    pub diets: Vec<String>,
    /// Allergies.
    #[serde(default)]
    pub allergies: String,
    /// Notes.
    #[serde(default)]
    pub notes: String,
    /// The first emergency contact.
    pub contact: Option<ContactJson>,
}

fn known<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> String {
    all.iter().map(|x| code(*x)).collect::<Vec<_>>().join(", ")
}

fn diets_json(codes: &[String]) -> Result<Vec<Diet>, crate::app::Error> {
    codes
        .iter()
        .map(|c| {
            Diet::parse(c).ok_or(crate::app::Error::invalid(
                "diets",
                Reason::DaycareCode { known: known(&Diet::ALL, Diet::code) },
            ))
        })
        .collect()
}

fn meal_json(code: &str) -> Result<Meal, crate::app::Error> {
    Meal::parse(code)
        .ok_or(crate::app::Error::invalid("meal", Reason::DaycareCode { known: known(&Meal::ALL, Meal::code) }))
}

fn course_json(code: &str) -> Result<Course, crate::app::Error> {
    Course::parse(code)
        .ok_or(crate::app::Error::invalid("course", Reason::DaycareCode { known: known(&Course::ALL, Course::code) }))
}

fn day_json(field: &'static str, text: &str) -> Result<NaiveDate, crate::app::Error> {
    let d = date(field, text)?;
    asked_day(&d.to_string()).ok_or(crate::app::Error::invalid(field, Reason::DaycareTooFar { days: 14 }))
}

/// `GET /api/v1/daycare/elders`: a community's elders (its centre's staff).
#[utoipa::path(get, operation_id = "daycare_elders", path = "/api/v1/daycare/elders", tag = "daycare",
    params(DaycareQuery), responses((status = 200, body = EldersOut), (status = 403, body = crate::web::error::ErrorBody)))]
pub async fn api_elders(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<DaycareQuery>,
) -> Result<axum::Json<EldersOut>, WebError> {
    let user = caller.into_user()?;
    let community = q.community.unwrap_or_default();
    let rows = state.app.daycare_elders(&user, &community, false).await?;
    Ok(axum::Json(EldersOut { items: rows.iter().map(elder_out).collect() }))
}

/// `POST /api/v1/daycare/elders`: enrols an elder from the registry.
#[utoipa::path(post, operation_id = "daycare_enrol", path = "/api/v1/daycare/elders", tag = "daycare",
    request_body = EnrolJson,
    responses((status = 201, body = ElderOut), (status = 400, body = crate::web::error::ErrorBody),
        (status = 403, body = crate::web::error::ErrorBody)))]
pub async fn api_enrol(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(b): ApiJson<EnrolJson>,
) -> Result<(StatusCode, axum::Json<ElderOut>), WebError> {
    let user = caller.into_user()?;
    let n = NewElder {
        community: b.community,
        person: Some(b.person),
        diets: diets_json(&b.diets)?,
        allergies: b.allergies,
        notes: b.notes,
        contact: b.contact.map(|c| NewContact { name: c.name, relation: c.relation, phone: c.phone }),
    };
    let e = state.app.enrol_elder(&user, &peer.ip().to_string(), n).await?;
    Ok((StatusCode::CREATED, axum::Json(elder_out(&e))))
}

/// A menu cell.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct MenuCellJson {
    /// YYYY-MM-DD.
    pub day: String,
    /// breakfast, lunch or dinner.
    pub meal: String,
    /// cold, hot, soup, staple or fruit.
    pub course: String,
    /// Its dishes.
    pub dishes: Vec<String>,
}

/// A week's menu.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MenuOut {
    /// Community code.
    pub community: String,
    /// Its Monday (YYYY-MM-DD).
    pub monday: String,
    /// RFC 3339, when published.
    pub published_at: Option<String>,
    /// The cells with dishes.
    pub cells: Vec<MenuCellJson>,
}

fn menu_out(w: &Week) -> MenuOut {
    MenuOut {
        community: w.community.clone(),
        monday: w.monday.to_string(),
        published_at: w.published.as_ref().map(|(at, _)| time::zone().rfc3339(*at)),
        cells: w
            .cells
            .iter()
            .filter(|(_, d)| !d.is_empty())
            .map(|((day, meal, course), dishes)| MenuCellJson {
                day: day.to_string(),
                meal: meal.code().into(),
                course: course.code().into(),
                dishes: dishes.clone(),
            })
            .collect(),
    }
}

/// `GET /api/v1/regions/{code}/daycare/menu`: a published week's menu (no
/// sign-in); 404 until it is published.
#[utoipa::path(get, operation_id = "daycare_menu", path = "/api/v1/regions/{code}/daycare/menu", tag = "daycare",
    params(("code" = String, Path, description = "Community code"), DaycareQuery),
    responses((status = 200, body = MenuOut), (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_menu(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<DaycareQuery>,
) -> Result<axum::Json<MenuOut>, WebError> {
    let code = CommunityCode::parse(&code).map_err(|_| WebError::new(ErrorCode::NotFound))?;
    let week = state.app.published_week(code.as_str(), week_of(q.day.as_deref())).await?;
    Ok(axum::Json(menu_out(&week.ok_or(WebError::new(ErrorCode::NotFound))?)))
}

/// A week's menu as staff send it.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct MenuJson {
    /// Community code.
    pub community: String,
    /// A day of the week (YYYY-MM-DD).
    pub monday: String,
    /// Every cell with dishes; cells left out are emptied.
    pub cells: Vec<MenuCellJson>,
    /// Publish it to residents as well.
    #[serde(default)]
    pub publish: bool,
}

/// `PUT /api/v1/daycare/menu`: replaces a week's menu (its centre's staff).
#[utoipa::path(put, operation_id = "daycare_save_menu", path = "/api/v1/daycare/menu", tag = "daycare",
    request_body = MenuJson,
    responses((status = 200, body = MenuOut), (status = 400, body = crate::web::error::ErrorBody),
        (status = 403, body = crate::web::error::ErrorBody)))]
pub async fn api_save_menu(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(b): ApiJson<MenuJson>,
) -> Result<axum::Json<MenuOut>, WebError> {
    let user = caller.into_user()?;
    let ip = peer.ip().to_string();
    let monday = daycare::monday_of(day_json("monday", &b.monday)?);
    // A week has 7 × 3 × 5 cells: more are repeats or other weeks'.
    if b.cells.len() > 7 * 3 * 5 {
        return Err(
            crate::app::Error::invalid("cells", Reason::DaycareOutsideWeek { monday: monday.to_string() }).into()
        );
    }
    let mut cells = Vec::new();
    for c in &b.cells {
        cells.push((day_json("day", &c.day)?, meal_json(&c.meal)?, course_json(&c.course)?, c.dishes.join("、")));
    }
    state.app.save_week(&user, &ip, &b.community, monday, &cells).await?;
    if b.publish {
        state.app.publish_week(&user, &ip, &b.community, monday).await?;
    }
    Ok(axum::Json(menu_out(&state.app.daycare_week(&b.community, monday).await?)))
}

/// A meal on an elder's grid.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct GridCellOut {
    /// YYYY-MM-DD.
    pub day: String,
    /// breakfast, lunch or dinner.
    pub meal: String,
    /// Booked.
    pub booked: bool,
    /// Still open to book or cancel.
    pub open: bool,
    /// Fen.
    pub price: i64,
    /// When bookings close (RFC 3339).
    pub closes_at: String,
    /// What it serves.
    pub dishes: Vec<String>,
}

/// An elder's meals for the next 7 days.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct GridOut {
    /// The elder.
    pub elder: Uuid,
    /// Name.
    pub name: String,
    /// How the caller books: self, family or staff.
    pub booked_as: String,
    /// The meals served, by day.
    pub meals: Vec<GridCellOut>,
}

fn grid_out(g: &Grid) -> GridOut {
    GridOut {
        elder: g.elder.id,
        name: g.elder.name.clone(),
        booked_as: g.how.code().into(),
        meals: g
            .days
            .iter()
            .flat_map(|(_, cells)| cells.iter().flatten())
            .map(|c| GridCellOut {
                day: c.day.to_string(),
                meal: c.meal.code().into(),
                booked: c.booked,
                open: c.open,
                price: g.settings[c.meal as usize].price,
                closes_at: time::zone()
                    .rfc3339(time::zone().instant(g.settings[c.meal as usize].cutoff.deadline(c.day))),
                dishes: c.dishes.clone(),
            })
            .collect(),
    }
}

/// `GET /api/v1/daycare/mine`: the elders the caller books for, with their
/// meals.
#[utoipa::path(get, operation_id = "daycare_mine", path = "/api/v1/daycare/mine", tag = "daycare",
    responses((status = 200, body = Vec<GridOut>), (status = 401, body = crate::web::error::ErrorBody)))]
pub async fn api_mine(State(state): State<AppState>, caller: Caller) -> Result<axum::Json<Vec<GridOut>>, WebError> {
    let user = caller.into_user()?;
    let mut out = Vec::new();
    for (e, _) in state.app.my_elders(&user).await? {
        out.push(grid_out(&state.app.booking_grid(&user, e.id).await?));
    }
    Ok(axum::Json(out))
}

/// `GET /api/v1/daycare/elders/{id}/bookings`: an elder's meals.
#[utoipa::path(get, operation_id = "daycare_grid", path = "/api/v1/daycare/elders/{id}/bookings", tag = "daycare",
    params(("id" = Uuid, Path, description = "The elder")),
    responses((status = 200, body = GridOut), (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_grid(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<GridOut>, WebError> {
    let user = caller.into_user()?;
    Ok(axum::Json(grid_out(&state.app.booking_grid(&user, id).await?)))
}

/// A meal to book or cancel.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct BookingJson {
    /// YYYY-MM-DD.
    pub day: String,
    /// breakfast, lunch or dinner.
    pub meal: String,
}

/// Whether the call changed anything.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ChangedOut {
    /// False when it was so already.
    pub changed: bool,
}

async fn api_booking(
    state: &AppState,
    caller: Caller,
    peer: SocketAddr,
    (id, b): (Uuid, BookingJson),
    book: bool,
) -> Result<axum::Json<ChangedOut>, WebError> {
    let user = caller.into_user()?;
    let when = (day_json("day", &b.day)?, meal_json(&b.meal)?);
    let changed = state.app.book_meal(&user, &peer.ip().to_string(), id, when, book).await?;
    Ok(axum::Json(ChangedOut { changed }))
}

/// `POST /api/v1/daycare/elders/{id}/bookings`: books a meal before its
/// cut-off (the elder, a family member or the staff).
#[utoipa::path(post, operation_id = "daycare_book", path = "/api/v1/daycare/elders/{id}/bookings", tag = "daycare",
    params(("id" = Uuid, Path, description = "The elder")), request_body = BookingJson,
    responses((status = 200, body = ChangedOut), (status = 400, body = crate::web::error::ErrorBody),
        (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_book(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<BookingJson>,
) -> Result<axum::Json<ChangedOut>, WebError> {
    api_booking(&state, caller, peer, (id, b), true).await
}

/// `POST /api/v1/daycare/elders/{id}/bookings/cancel`: cancels a booked
/// meal before its cut-off.
#[utoipa::path(post, operation_id = "daycare_cancel", path = "/api/v1/daycare/elders/{id}/bookings/cancel",
    tag = "daycare", params(("id" = Uuid, Path, description = "The elder")), request_body = BookingJson,
    responses((status = 200, body = ChangedOut), (status = 400, body = crate::web::error::ErrorBody),
        (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_cancel(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<BookingJson>,
) -> Result<axum::Json<ChangedOut>, WebError> {
    api_booking(&state, caller, peer, (id, b), false).await
}

/// Plates of a meal or a dish.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PlatesOut {
    /// breakfast, lunch or dinner.
    pub meal: String,
    /// cold, hot, soup, staple or fruit (a dish's).
    pub course: Option<String>,
    /// The dish (a dish's).
    pub dish: Option<String>,
    /// Plates in all.
    pub plates: u32,
    /// Plates with no diet.
    pub plain: u32,
    /// 糖尿病.
    pub diabetic: u32,
    /// 软食.
    pub soft: u32,
    /// 低盐.
    pub low_salt: u32,
}

/// An allergy the kitchen must know.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AllergyOut {
    /// The meal.
    pub meal: String,
    /// Whose.
    pub name: String,
    /// What.
    pub allergies: String,
}

/// The central kitchen's order for a day.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct KitchenOut {
    /// Community code.
    pub community: String,
    /// YYYY-MM-DD.
    pub day: String,
    /// Plates per meal.
    pub meals: Vec<PlatesOut>,
    /// Plates per dish.
    pub dishes: Vec<PlatesOut>,
    /// Allergies.
    pub allergies: Vec<AllergyOut>,
}

/// `GET /api/v1/daycare/kitchen`: the central kitchen's order for a day:
/// plates per meal and dish, by diet.
#[utoipa::path(get, operation_id = "daycare_kitchen", path = "/api/v1/daycare/kitchen", tag = "daycare",
    params(DaycareQuery), responses((status = 200, body = KitchenOut), (status = 403, body = crate::web::error::ErrorBody)))]
pub async fn api_kitchen(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<DaycareQuery>,
) -> Result<axum::Json<KitchenOut>, WebError> {
    let user = caller.into_user()?;
    let day = match q.day.as_deref() {
        Some(d) => day_json("day", d)?,
        None => time::day(Utc::now()),
    };
    let k = state.app.kitchen(&user, q.community.as_deref().unwrap_or_default(), day).await?;
    let meals = Meal::ALL
        .into_iter()
        .map(|m| (m, k.plates[m as usize]))
        .filter(|(_, p)| p.plates > 0)
        .map(|(m, p)| PlatesOut {
            meal: m.code().into(),
            course: None,
            dish: None,
            plates: p.plates,
            plain: p.plain,
            diabetic: p.by_diet[0],
            soft: p.by_diet[1],
            low_salt: p.by_diet[2],
        })
        .collect();
    let dishes = k
        .dishes
        .iter()
        .map(|d| PlatesOut {
            meal: d.meal.code().into(),
            course: Some(d.course.code().into()),
            dish: Some(d.dish.clone()),
            plates: d.plates,
            plain: d.plain,
            diabetic: d.by_diet[0],
            soft: d.by_diet[1],
            low_salt: d.by_diet[2],
        })
        .collect();
    let allergies = k
        .allergies
        .iter()
        .map(|(m, name, a)| AllergyOut { meal: m.code().into(), name: name.clone(), allergies: a.clone() })
        .collect();
    Ok(axum::Json(KitchenOut { community: k.community, day: k.day.to_string(), meals, dishes, allergies }))
}

/// An arrival or a departure.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct AttendanceJson {
    /// arrive or leave.
    pub step: String,
    /// Who took the elder home (leave).
    #[serde(default)]
    pub picked_up_by: String,
}

/// What a departure told.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AttendanceOut {
    /// Emergency contacts sent an SMS.
    pub told: usize,
}

/// `POST /api/v1/daycare/elders/{id}/attendance`: today's arrival or
/// departure (the centre's staff); a departure is sent to the family.
#[utoipa::path(post, operation_id = "daycare_attendance", path = "/api/v1/daycare/elders/{id}/attendance",
    tag = "daycare", params(("id" = Uuid, Path, description = "The elder")), request_body = AttendanceJson,
    responses((status = 200, body = AttendanceOut), (status = 400, body = crate::web::error::ErrorBody),
        (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_attendance(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<AttendanceJson>,
) -> Result<axum::Json<AttendanceOut>, WebError> {
    let user = caller.into_user()?;
    let ip = peer.ip().to_string();
    let told = match b.step.as_str() {
        "arrive" => state.app.elder_arrives(&user, &ip, id).await.map(|()| 0)?,
        "leave" => state.app.elder_leaves(&user, &ip, id, &b.picked_up_by).await?,
        _ => {
            return Err(
                crate::app::Error::invalid("step", Reason::DaycareCode { known: "arrive, leave".into() }).into()
            );
        }
    };
    Ok(axum::Json(AttendanceOut { told }))
}

/// A month to bill.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct MealBillsJson {
    /// Community code.
    pub community: String,
    /// YYYY-MM.
    pub month: String,
}

/// What a month's billing did.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MealBillsOut {
    /// Bills made.
    pub created: u64,
    /// Houses that had the month's bill already.
    pub existing: u64,
    /// Meals in the new bills.
    pub meals: u64,
    /// Fen in the new bills.
    pub amount: i64,
    /// Elders whose household has no house to bill.
    pub no_house: Vec<String>,
}

/// `POST /api/v1/daycare/bills`: bills a month's booked meals to the
/// elders' houses (fee item DAYCARE; never twice).
#[utoipa::path(post, operation_id = "daycare_bills", path = "/api/v1/daycare/bills", tag = "daycare",
    request_body = MealBillsJson,
    responses((status = 200, body = MealBillsOut), (status = 400, body = crate::web::error::ErrorBody),
        (status = 403, body = crate::web::error::ErrorBody)))]
pub async fn api_bills(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(b): ApiJson<MealBillsJson>,
) -> Result<axum::Json<MealBillsOut>, WebError> {
    let user = caller.into_user()?;
    let r = state.app.bill_meals(&user, &peer.ip().to_string(), &b.community, &b.month).await?;
    Ok(axum::Json(MealBillsOut {
        created: r.created,
        existing: r.existing,
        meals: r.meals,
        amount: r.amount,
        no_house: r.no_house,
    }))
}
