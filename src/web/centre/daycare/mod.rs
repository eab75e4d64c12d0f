//! Elderly day care on the web: the centre's day (arrivals, departures,
//! today's meals), the elders' records, the weekly menu (edited, published,
//! printed for the wall), families booking meals, the central kitchen's
//! order and the month's meal bills. Pages and the API.

mod api;
mod elder;
mod menu;
pub use api::*;
pub use elder::*;
pub use menu::*;

use crate::app::refusal::CentreRefusal;
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
                Reason::Centre(CentreRefusal::DaycareCode { known: known(&Diet::ALL, Diet::code) }),
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
        let meal = Meal::parse(f.get("meal"))
            .ok_or(crate::app::Error::invalid("meal", Reason::Centre(CentreRefusal::DaycareNoMeal)))?;
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
            .map_err(|_| crate::app::Error::invalid("price", Reason::Centre(CentreRefusal::DaycarePrice)))?;
        let days = number("cutoff_days", f.get("cutoff_days"), Reason::Centre(CentreRefusal::DaycareCutoffRange))?;
        let at = clock("cutoff_clock", f.get("cutoff_clock"))?;
        let cutoff = i32::try_from(days)
            .ok()
            .and_then(|d| Cutoff::from_day_and_clock(d, at))
            .ok_or(crate::app::Error::invalid("cutoff_days", Reason::Centre(CentreRefusal::DaycareCutoffRange)))?;
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
