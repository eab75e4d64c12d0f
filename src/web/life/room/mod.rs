//! Rooms (场地预约) on the web: the rooms of a centre, a room's week that
//! staff read at a glance (and print for its door), booking once or every
//! week with the skipped dates listed, approving and cancelling. Pages and
//! the API.

mod api;
pub use api::*;

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Path, Query, RawForm, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use linli_store::life::association::AssociationRow;
use linli_store::life::room::{BookingRow, RoomRow};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::typed::{self, Fields};
use crate::app::life::room::{Booked, NewBooking, NewRoom};
use crate::app::life::runs;
use crate::app::refusal::Reason;
use crate::domain::life::room::{RoomProblem, Skip, dates};
use crate::domain::time;
use crate::web::AppState;
use crate::web::body::ApiJson;
use crate::web::caller::{Caller, Refusal, Visitor};
use crate::web::error::WebError;
use crate::web::form::Problem;
use crate::web::shell::{Shell, own_page};

/// A refusal as a form problem (other errors pass).
fn refused(v: &Visitor, e: crate::app::Error) -> Result<Problem, Refusal> {
    match e {
        crate::app::Error::Invalid { field, reason } => Ok(Problem::at_field(field, v.prefs.lang.refusal(&reason))),
        e => Err(e.into()),
    }
}

fn hhmm(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Weekday names, Monday first, in the page's language.
fn day_names(shell: &Shell) -> [&'static str; 7] {
    shell.t.life.rooms.weekdays.map(|(_, label)| label)
}

#[derive(Template)]
#[template(path = "rooms.html")]
struct ListPage {
    shell: Shell,
    rooms: Vec<RoomRow>,
    names: std::collections::HashMap<String, String>,
    /// The user's bookings, a series by its next date: (booking, later dates of its series).
    mine: Vec<(BookingRow, usize)>,
    waiting: Vec<(BookingRow, usize)>,
    may_add: bool,
}

/// Bookings soonest first, each series once (its next date), with how
/// many later dates it holds.
fn one_per_series(list: Vec<BookingRow>) -> Vec<(BookingRow, usize)> {
    let mut out: Vec<(BookingRow, usize)> = Vec::new();
    for b in list {
        match out.iter_mut().find(|(x, _)| x.series_id.is_some() && x.series_id == b.series_id && x.status == b.status)
        {
            Some((_, more)) => *more += 1,
            None => out.push((b, 0)),
        }
    }
    out
}

impl ListPage {
    fn hours(&self, r: &RoomRow) -> String {
        let names = day_names(&self.shell);
        let days: Vec<&str> = (0..7).filter(|i| r.days & (1 << i) != 0).map(|i| names[i]).collect();
        format!("{}–{} · {}", hhmm(r.opens), hhmm(r.closes), days.join(" "))
    }

    fn room_name(&self, id: &Uuid) -> String {
        self.rooms.iter().find(|r| r.id == *id).map(|r| r.name.clone()).unwrap_or_default()
    }

    fn when(&self, b: &BookingRow) -> String {
        span(b)
    }

    fn status(&self, b: &BookingRow) -> &'static str {
        status_text(&self.shell, &b.status)
    }

    fn more(&self, n: &usize) -> String {
        self.shell.t.life.rooms.more_dates.replace("{n}", &n.to_string())
    }
}

fn span(b: &BookingRow) -> String {
    format!("{}–{}", time::shown_minute(b.starts_at), time::zone().local(b.ends_at).format("%H:%M"))
}

fn status_text(shell: &Shell, status: &str) -> &'static str {
    let t = &shell.t.life.rooms;
    match status {
        "pending" => t.pending,
        "confirmed" => t.confirmed,
        "refused" => t.refused,
        _ => t.cancelled,
    }
}

/// `GET /rooms`: the centre's rooms, the user's bookings, and (for staff)
/// the bookings waiting for approval.
pub async fn list_page(State(state): State<AppState>, v: Visitor) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let rooms = state.app.rooms(user).await?;
    let mut codes: Vec<String> = rooms.iter().map(|r| r.community_id.clone()).collect();
    codes.dedup();
    let names = state.app.short_names(&codes).await?;
    let mine = one_per_series(state.app.my_bookings(user).await?);
    let waiting = one_per_series(state.app.bookings_waiting(user).await?);
    let may_add = crate::app::life::runs_somewhere(user);
    own_page(StatusCode::OK, ListPage { shell: v.shell(), rooms, names, mine, waiting, may_add })
}

/// The room form as typed.
#[derive(Debug, Clone)]
pub struct RoomTyped {
    community: String,
    name: String,
    capacity: String,
    opens: String,
    closes: String,
    days: u8,
    needs_approval: bool,
    rules: String,
    equipment: String,
    active: bool,
}

impl Default for RoomTyped {
    fn default() -> Self {
        RoomTyped {
            community: String::new(),
            name: String::new(),
            capacity: String::new(),
            opens: "08:00".into(),
            closes: "21:00".into(),
            days: 0x7f,
            needs_approval: false,
            rules: String::new(),
            equipment: String::new(),
            active: true,
        }
    }
}

impl RoomTyped {
    fn from_fields(f: &Fields) -> RoomTyped {
        RoomTyped {
            community: f.get("community").to_owned(),
            name: f.get("name").to_owned(),
            capacity: f.get("capacity").to_owned(),
            opens: f.get("opens").to_owned(),
            closes: f.get("closes").to_owned(),
            days: typed::weekdays(&f.all("day")),
            needs_approval: f.ticked("needs_approval"),
            rules: f.get("rules").to_owned(),
            equipment: f.get("equipment").to_owned(),
            active: f.ticked("active"),
        }
    }

    fn from_row(r: &RoomRow) -> RoomTyped {
        RoomTyped {
            community: r.community_id.clone(),
            name: r.name.clone(),
            capacity: r.capacity.to_string(),
            opens: hhmm(r.opens),
            closes: hhmm(r.closes),
            days: r.days as u8,
            needs_approval: r.needs_approval,
            rules: r.rules.clone(),
            equipment: r.equipment.clone(),
            active: r.active,
        }
    }

    fn to_new(&self) -> Result<NewRoom, crate::app::Error> {
        Ok(NewRoom {
            community: self.community.trim().to_owned(),
            name: self.name.clone(),
            capacity: typed::number("capacity", &self.capacity, Reason::Room(RoomProblem::Capacity))?,
            opens: typed::clock("opens", &self.opens).map_err(|_| hours_problem())?,
            closes: typed::clock("closes", &self.closes).map_err(|_| hours_problem())?,
            days: self.days,
            needs_approval: self.needs_approval,
            rules: self.rules.clone(),
            equipment: self.equipment.clone(),
        })
    }
}

fn hours_problem() -> crate::app::Error {
    crate::app::Error::invalid("opens", Reason::Room(RoomProblem::Hours))
}

#[derive(Template)]
#[template(path = "room_form.html")]
struct RoomFormPage {
    shell: Shell,
    /// The room being changed.
    id: Option<Uuid>,
    communities: Vec<(String, String)>,
    typed: RoomTyped,
    problem: Problem,
}

impl RoomFormPage {
    fn day_on(&self, i: &usize) -> bool {
        self.typed.days & (1 << i) != 0
    }

    fn day_names(&self) -> [&'static str; 7] {
        day_names(&self.shell)
    }
}

async fn room_form(
    state: &AppState,
    v: &Visitor,
    status: StatusCode,
    (id, typed): (Option<Uuid>, RoomTyped),
    problem: Problem,
) -> Result<Response, Refusal> {
    let communities = super::communities_run(state, v).await?;
    own_page(status, RoomFormPage { shell: v.shell(), id, communities, typed, problem })
}

/// `GET /rooms/new`: the form for a new room.
pub async fn new_page(State(state): State<AppState>, v: Visitor) -> Result<Response, Refusal> {
    room_form(&state, &v, StatusCode::OK, (None, RoomTyped::default()), Problem::none()).await
}

/// `POST /rooms/new`: adds a room; a refusal comes back with what was typed.
pub async fn new_submit(State(state): State<AppState>, v: Visitor, RawForm(raw): RawForm) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let typed = RoomTyped::from_fields(&Fields::from_body(&raw));
    let done = match typed.to_new() {
        Ok(n) => state.app.add_room(user, &v.ip, n).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(r) => Ok(Redirect::to(&format!("/rooms/{}", r.id)).into_response()),
        Err(e) => {
            let p = refused(&v, e)?;
            room_form(&state, &v, StatusCode::UNPROCESSABLE_ENTITY, (None, typed), p).await
        }
    }
}

/// `GET /rooms/{id}/edit`: a room's settings.
pub async fn edit_page(State(state): State<AppState>, v: Visitor, Path(id): Path<Uuid>) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let r = state.app.room(user, id).await?;
    if !runs(user, &r.community_id) {
        return Err(WebError::new(crate::web::error::ErrorCode::Forbidden).into());
    }
    room_form(&state, &v, StatusCode::OK, (Some(id), RoomTyped::from_row(&r)), Problem::none()).await
}

/// `POST /rooms/{id}/edit`: changes them.
pub async fn edit_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let mut typed = RoomTyped::from_fields(&Fields::from_body(&raw));
    typed.community = state.app.room(user, id).await?.community_id;
    let done = match typed.to_new() {
        Ok(n) => state.app.edit_room(user, &v.ip, id, n, typed.active).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(_) => Ok(Redirect::to(&format!("/rooms/{id}")).into_response()),
        Err(e) => {
            let p = refused(&v, e)?;
            room_form(&state, &v, StatusCode::UNPROCESSABLE_ENTITY, (Some(id), typed), p).await
        }
    }
}

/// The booking form as typed.
#[derive(Debug, Clone, Default)]
pub struct BookTyped {
    day: String,
    start: String,
    end: String,
    purpose: String,
    association: String,
    repeat: bool,
    until: String,
    days: u8,
    except: String,
}

impl BookTyped {
    fn from_fields(f: &Fields) -> BookTyped {
        BookTyped {
            day: f.get("day").to_owned(),
            start: f.get("start").to_owned(),
            end: f.get("end").to_owned(),
            purpose: f.get("purpose").to_owned(),
            association: f.get("association").to_owned(),
            repeat: f.ticked("repeat"),
            until: f.get("until").to_owned(),
            days: typed::weekdays(&f.all("weekday")),
            except: f.get("except").to_owned(),
        }
    }

    fn to_new(&self) -> Result<NewBooking, crate::app::Error> {
        let repeat = if self.repeat {
            let until = typed::date("until", &self.until)?;
            let except =
                dates(&self.except).map_err(|text| crate::app::Error::invalid("except", Reason::SkipDate { text }))?;
            Some((until, self.days, except))
        } else {
            None
        };
        Ok(NewBooking {
            day: typed::date("day", &self.day)?,
            start: typed::clock("start", &self.start)?,
            end: typed::clock("end", &self.end)?,
            purpose: self.purpose.clone(),
            association: self.association.trim().parse().ok(),
            repeat,
        })
    }
}

/// One row of a room's week: a half hour, and what holds each day then.
pub struct WeekRow {
    /// The half hour, as `16:30`.
    pub at: String,
    /// Per day: the booking holding it (its id, what it shows, whether it waits).
    pub cells: Vec<Option<(Uuid, String, bool)>>,
}

#[derive(Template)]
#[template(path = "room.html")]
struct RoomPage {
    shell: Shell,
    room: RoomRow,
    community: String,
    /// The week's days: (date, label).
    days: Vec<(NaiveDate, String)>,
    rows: Vec<WeekRow>,
    from: NaiveDate,
    may_run: bool,
    led: Vec<AssociationRow>,
    typed: BookTyped,
    problem: Problem,
    booked: Option<Booked>,
    print: bool,
}

impl RoomPage {
    fn prev(&self) -> String {
        (self.from - Duration::days(7)).format("%Y-%m-%d").to_string()
    }

    fn next(&self) -> String {
        (self.from + Duration::days(7)).format("%Y-%m-%d").to_string()
    }

    fn first_day(&self) -> String {
        self.from.format("%Y-%m-%d").to_string()
    }

    fn hours(&self) -> String {
        let names = day_names(&self.shell);
        let days: Vec<&str> = (0..7).filter(|i| self.room.days & (1 << i) != 0).map(|i| names[i]).collect();
        format!("{}–{} · {}", hhmm(self.room.opens), hhmm(self.room.closes), days.join(" "))
    }

    fn weekday_on(&self, i: &usize) -> bool {
        self.typed.days & (1 << i) != 0 || (self.typed.days == 0 && *i < 5)
    }

    fn day_names(&self) -> [&'static str; 7] {
        day_names(&self.shell)
    }

    fn skip_text(&self, s: &Skip) -> String {
        let t = &self.shell.t.life.rooms;
        match s {
            Skip::Excepted => t.skip_excepted.to_owned(),
            Skip::Closed => t.skip_closed.to_owned(),
            Skip::Past => t.skip_past.to_owned(),
            Skip::Taken(p) => t.skip_taken.replace("{purpose}", p),
        }
    }

    fn booked_text(&self, b: &Booked) -> String {
        self.shell
            .t
            .life
            .rooms
            .booked
            .replace("{n}", &b.made.len().to_string())
            .replace("{skipped}", &b.skipped.len().to_string())
    }

    fn date_text(&self, d: &NaiveDate) -> String {
        format!("{} {}", d.format("%Y-%m-%d"), day_names(&self.shell)[d.weekday().num_days_from_monday() as usize])
    }
}

/// `?from=YYYY-MM-DD&print=1`: the week shown, and the door's print.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WeekQuery {
    /// First day (today when not given).
    #[serde(default)]
    from: Option<String>,
    /// Days (7 when not given, at most 31).
    #[serde(default)]
    days: Option<i64>,
    /// Pages only: the printable week.
    #[serde(default)]
    print: Option<u8>,
}

async fn room_view(
    state: &AppState,
    v: &Visitor,
    (id, from, print): (Uuid, Option<NaiveDate>, bool),
    (typed, problem, booked): (BookTyped, Problem, Option<Booked>),
    status: StatusCode,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let today = time::day(Utc::now());
    let from = from.unwrap_or(today);
    let (room, list) = state.app.room_days(user, id, from, 7).await?;
    let may_run = runs(user, &room.community_id);
    let me = user.account.row.id;
    let names = day_names(&v.shell());
    let days: Vec<(NaiveDate, String)> = (0..7)
        .map(|k| from + Duration::days(k))
        .map(|d| (d, format!("{} {}", names[d.weekday().num_days_from_monday() as usize], d.format("%m-%d"))))
        .collect();
    let zone = time::zone();
    let mut rows = Vec::new();
    let mut at = room.opens - room.opens % 30;
    while at < room.closes {
        let cells = days
            .iter()
            .map(|(d, _)| {
                let t0 = zone.day_start(*d) + Duration::minutes(at);
                let t1 = t0 + Duration::minutes(30);
                list.iter().find(|b| b.starts_at < t1 && b.ends_at > t0).map(|b| {
                    // Residents see that it is taken; the booker and staff see what for.
                    let shown = if may_run || b.account_id == me {
                        b.purpose.clone()
                    } else {
                        v.shell().t.life.rooms.taken.to_owned()
                    };
                    (b.id, shown, b.status == "pending")
                })
            })
            .collect();
        rows.push(WeekRow { at: hhmm(at), cells });
        at += 30;
    }
    let led =
        state.app.associations_led(user).await?.into_iter().filter(|a| a.community_id == room.community_id).collect();
    let community = state
        .app
        .short_names(std::slice::from_ref(&room.community_id))
        .await?
        .remove(&room.community_id)
        .unwrap_or_default();
    let mut typed = typed;
    if typed.day.is_empty() {
        typed.day = today.format("%Y-%m-%d").to_string();
    }
    let page =
        RoomPage { shell: v.shell(), room, community, days, rows, from, may_run, led, typed, problem, booked, print };
    own_page(status, page)
}

/// `GET /rooms/{id}`: the room's week and the booking form.
pub async fn show_page(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    Query(q): Query<WeekQuery>,
) -> Result<Response, Refusal> {
    let from = q.from.as_deref().and_then(|f| typed::date("from", f).ok());
    let view = (BookTyped::default(), Problem::none(), None);
    room_view(&state, &v, (id, from, q.print.is_some()), view, StatusCode::OK).await
}

/// `POST /rooms/{id}/book`: books once or every week; shows what was
/// booked and which dates were skipped, or the refusal by its field.
pub async fn book_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let typed = BookTyped::from_fields(&Fields::from_body(&raw));
    let done = match typed.to_new() {
        Ok(n) => state.app.book_room(user, &v.ip, id, n).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(b) => {
            let from = b.made.first().map(|m| time::day(m.starts_at));
            room_view(&state, &v, (id, from, false), (BookTyped::default(), Problem::none(), Some(b)), StatusCode::OK)
                .await
        }
        Err(e) => {
            let p = refused(&v, e)?;
            let from = typed::date("day", &typed.day).ok();
            room_view(&state, &v, (id, from, false), (typed, p, None), StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

/// Cancelling one booking or what is left of its series.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct CancelForm {
    /// Every booking still to come of its series.
    #[serde(default, deserialize_with = "crate::web::form::checkbox")]
    series: bool,
}

/// `POST /bookings/{id}/cancel`.
pub async fn cancel_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    axum::Form(f): axum::Form<CancelForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let b = state.app.booking(user, id).await?;
    state.app.cancel_booking(user, &v.ip, id, f.series).await?;
    Ok(Redirect::to(&format!("/rooms/{}?from={}", b.room_id, time::day(b.starts_at).format("%Y-%m-%d")))
        .into_response())
}

/// Approving or refusing a booking.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct DecideForm {
    /// approve or refuse.
    #[serde(rename = "do")]
    action: String,
    /// Why it is refused (2–200 characters).
    #[serde(default)]
    reason: String,
}

/// approve (true) or refuse (false); anything else is refused.
fn approves(action: &str) -> Result<bool, crate::app::Error> {
    match action {
        "approve" => Ok(true),
        "refuse" => Ok(false),
        _ => Err(crate::app::Error::invalid("do", Reason::MemberAction)),
    }
}

/// `POST /bookings/{id}/decide`.
pub async fn decide_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    axum::Form(f): axum::Form<DecideForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    state.app.decide_booking(user, &v.ip, id, approves(&f.action)?, &f.reason).await?;
    Ok(Redirect::to("/rooms#waiting").into_response())
}

// The API.
