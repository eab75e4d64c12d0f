//! The reading room on the web: the catalogue (public, with a QR code per
//! book), the staff's room (books, EPUB files, e-readers, loans, overdue
//! reminders, the month's figures), a resident's own reading (list, where
//! they are, loans, the KOReader sync password), the reader page (epub.js,
//! vendored, saving the position as one reads), the API and KOReader's
//! progress sync (kosync).

mod api;
mod book;
pub use api::*;
pub use book::*;

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Path, Query, RawForm, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use linli_store::centre::reading::{BookRow, DeviceRow, PositionRow};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::app::centre::reading::{Book, Lent, Loan, MyReading, NewBook, ReadingFigures};
use crate::domain::centre::reading::Locator;
use crate::domain::registry::region::CommunityCode;
use crate::domain::time;
use crate::web::AppState;
use crate::web::body::ApiJson;
use crate::web::caller::{Caller, Refusal, Visitor};
use crate::web::error::{ErrorCode, WebError};
use crate::web::form::Sent;
use crate::web::i18n::centre::ReadingTexts;
use crate::web::life::invalid;
use crate::web::life::typed::Fields;
use crate::web::shell::{Shell, own_page};

/// The reader page's policy: epub.js lays chapters out in frames it writes
/// itself (styles inline, pictures as blob URLs); scripts in a book never run
/// (its frames are sandboxed without scripts).
const READER_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline' blob:; \
     img-src 'self' data: blob:; font-src 'self' data: blob:; frame-src 'self' blob: about:; connect-src 'self'; \
     form-action 'self'; base-uri 'self'; frame-ancestors 'none'";

/// A part of a book: shown only inside the reader's frames.
const PART_CSP: &str = "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; \
     sandbox allow-same-origin";

/// The fields of a book's entry: (name, label, longest).
fn book_fields(t: &ReadingTexts) -> Vec<(&'static str, &'static str, usize)> {
    vec![
        ("title", t.book_title, 200),
        ("author", t.author, 100),
        ("isbn", t.isbn, 20),
        ("publisher", t.publisher, 100),
        ("shelf", t.shelf, 40),
        ("copies", t.copies, 3),
    ]
}

/// A month asked for (YYYY-MM), else this one: its first day and the next
/// month's.
fn month_bounds(asked: Option<&str>) -> (NaiveDate, NaiveDate) {
    let today = time::day(Utc::now());
    let first = asked
        .and_then(|m| NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok())
        .unwrap_or(today.with_day(1).unwrap_or(today));
    (first, first.checked_add_months(chrono::Months::new(1)).unwrap_or(first))
}

fn percent(p: f64) -> String {
    format!("{:.0}%", (p * 100.0).clamp(0.0, 100.0))
}

fn local(at: &DateTime<Utc>) -> String {
    time::zone().local(*at).format("%Y-%m-%d %H:%M").to_string()
}

/// The communities whose residents' grants the user holds.
fn homes(user: &crate::app::access::auth::User) -> Vec<String> {
    use crate::domain::access::role::Role;
    let mut out: Vec<String> = user
        .account
        .grants
        .iter()
        .filter(|(r, _)| *r == Role::Resident)
        .map(|(_, region)| region.as_str().chars().take(12).collect())
        .collect();
    out.dedup();
    out
}

/// Query of the room's page.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RoomQuery {
    /// Community code.
    pub community: Option<String>,
    /// Show only the overdue loans.
    #[serde(default)]
    pub overdue: Option<bool>,
    /// A month (YYYY-MM) for the figures; this month if none.
    #[serde(default)]
    pub month: Option<String>,
    /// Reminders just sent (the page after the button).
    #[serde(default)]
    #[param(ignore)]
    pub reminded: Option<usize>,
    /// A sync password just made (shown once).
    #[serde(default)]
    #[param(ignore)]
    pub q: Option<String>,
}

// The room: staff's and residents'.

#[derive(Template)]
#[template(path = "reading.html")]
struct RoomPage {
    shell: Shell,
    communities: Vec<(String, String)>,
    community: String,
    books: Vec<Book>,
    devices: Vec<DeviceRow>,
    loans: Vec<Loan>,
    figures: Option<ReadingFigures>,
    mine: MyReading,
    has_sync: bool,
    sync_password: Option<String>,
    /// The communities the reader lives in: their catalogues.
    homes: Vec<String>,
    login: String,
    kosync_url: String,
    reminded: Option<usize>,
    sent: Sent,
}

impl RoomPage {
    fn t(&self) -> &'static ReadingTexts {
        &self.shell.t.centre.reading
    }
    fn percent(&self, p: &PositionRow) -> String {
        percent(p.total_progression)
    }
    fn book_fields(&self) -> Vec<(&'static str, &'static str, usize)> {
        book_fields(self.t())
    }
    fn due(&self, l: &Loan) -> String {
        l.row.due_on.to_string()
    }
    fn device_state(&self, d: &DeviceRow) -> &'static str {
        let t = self.t();
        t.device_states.iter().find(|(k, _)| *k == d.state).map_or(t.device_states[0].1, |(_, w)| *w)
    }
    /// Who has a lent e-reader and until when, from the open loans shown.
    fn holder(&self, d: &DeviceRow) -> String {
        self.loans
            .iter()
            .find(|l| l.row.device_id == Some(d.id))
            .map(|l| format!("{} · {}", l.row.borrower_name, l.row.due_on))
            .unwrap_or_default()
    }
    fn reminded_words(&self, n: &usize) -> String {
        if *n == 0 { self.t().reminded_none.into() } else { self.t().reminded.replace("{n}", &n.to_string()) }
    }
    fn flash(&self) -> Option<&str> {
        let shown: &[&str] = &[];
        (!self.sent.form.is_empty()).then(|| self.sent.problem.general(shown)).flatten()
    }
    fn read_at(&self, p: &PositionRow) -> String {
        local(&p.read_at)
    }
    fn figures_words(&self, f: &ReadingFigures) -> String {
        self.t()
            .figures_line
            .replace("{readers}", &f.readers.to_string())
            .replace("{books}", &f.books_read.to_string())
            .replace("{minutes}", &f.minutes.to_string())
            .replace("{loans}", &f.loans.to_string())
    }
}

/// How the room's page comes back after a form: its status, the form
/// refused, or the sync password just made (with KOReader's server address).
#[derive(Default)]
struct Back {
    status: StatusCode,
    sent: Sent,
    sync: Option<(String, String)>,
}

async fn room(state: &AppState, v: &Visitor, q: &RoomQuery, back: Back) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let keeps = state.app.reading_communities(user).await?;
    let communities = if keeps.is_empty() { Vec::new() } else { crate::web::life::communities_run(state, v).await? };
    let community = crate::web::life::chosen(&communities, q.community.as_deref());
    let (mut books, mut devices, mut loans, mut figures) = (Vec::new(), Vec::new(), Vec::new(), None);
    if !community.is_empty() {
        books = state.app.reading_catalogue(&community, true).await?;
        devices = state.app.devices(user, &community).await?;
        loans = state.app.open_loans(user, &community, q.overdue.unwrap_or(false)).await?;
        let (from, to) = month_bounds(q.month.as_deref());
        figures = Some(state.app.reading_figures(&community, from, to).await?);
    }
    let page = RoomPage {
        shell: v.shell(),
        communities,
        community,
        books,
        devices,
        loans,
        figures,
        mine: state.app.my_reading(user).await?,
        has_sync: state.app.has_sync_password(user.account.row.id).await?,
        homes: homes(user),
        login: user.account.row.username.clone().unwrap_or_default(),
        kosync_url: back.sync.as_ref().map(|(_, url)| url.clone()).unwrap_or_default(),
        sync_password: back.sync.map(|(password, _)| password),
        reminded: q.reminded.filter(|n| *n <= 500),
        sent: back.sent,
    };
    own_page(back.status, page)
}

/// `GET /reading`: the room for its staff; a resident's own reading.
pub async fn room_page(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<RoomQuery>,
) -> Result<Response, Refusal> {
    room(&state, &v, &q, Back::default()).await
}

async fn done_in_room(
    state: &AppState,
    v: &Visitor,
    community: &str,
    done: Result<(), crate::app::Error>,
    (typed, form): (Fields, &str),
) -> Result<Response, Refusal> {
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/reading?community={community}")).into_response()),
        Err(e) => {
            let problem = invalid(v, e)?;
            let q = RoomQuery { community: Some(community.to_owned()), ..RoomQuery::default() };
            let sent = Sent { form: form.into(), problem, typed };
            room(state, v, &q, Back { status: StatusCode::UNPROCESSABLE_ENTITY, sent, sync: None }).await
        }
    }
}

fn book_from(f: &Fields, community: &str) -> NewBook {
    NewBook {
        community: community.to_owned(),
        periodical: f.get("kind") == "periodical",
        title: f.get("title").to_owned(),
        author: f.get("author").to_owned(),
        isbn: f.get("isbn").to_owned(),
        publisher: f.get("publisher").to_owned(),
        shelf: f.get("shelf").to_owned(),
        copies: f.get("copies").trim().parse::<i64>().unwrap_or(-1),
        about: f.get("about").to_owned(),
    }
}

/// `POST /reading/books`: adds a book.
pub async fn book_submit(
    State(state): State<AppState>,
    v: Visitor,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let community = f.get("community").to_owned();
    match state.app.add_book(user, &v.ip, book_from(&f, &community)).await {
        Ok(b) => Ok(Redirect::to(&format!("/reading/books/{}", b.id)).into_response()),
        Err(e) => done_in_room(&state, &v, &community, Err(e), (f, "book")).await,
    }
}

/// `POST /reading/devices`: adds an e-reader.
pub async fn device_submit(
    State(state): State<AppState>,
    v: Visitor,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let community = f.get("community").to_owned();
    let done = state.app.add_device(user, &v.ip, &community, f.get("asset_no"), f.get("model")).await;
    done_in_room(&state, &v, &community, done, (f, "device")).await
}

/// `POST /reading/devices/{id}/state`: to repair, back to the shelf, retired.
pub async fn device_state_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let community = f.get("community").to_owned();
    let done = state.app.set_device(user, &v.ip, &community, id, f.get("state")).await;
    done_in_room(&state, &v, &community, done, (f, &format!("device:{id}"))).await
}

/// `POST /reading/loans/{id}/return`.
pub async fn return_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let community = f.get("community").to_owned();
    let done = state.app.return_loan(user, &v.ip, &community, id).await;
    done_in_room(&state, &v, &community, done, (f, &format!("loan:{id}"))).await
}

/// `POST /reading/loans/remind`: an SMS to each overdue borrower.
pub async fn remind_submit(
    State(state): State<AppState>,
    v: Visitor,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let community = f.get("community").to_owned();
    let n = state.app.remind_overdue(user, &v.ip, &community).await?;
    Ok(Redirect::to(&format!("/reading?community={community}&overdue=true&reminded={n}")).into_response())
}

/// `POST /reading/sync`: a new KOReader sync password, shown once.
pub async fn sync_submit(State(state): State<AppState>, v: Visitor, headers: HeaderMap) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let password = state.app.new_sync_password(user, &v.ip).await?;
    let url = format!("{}/api/v1/kosync", state.edge.base_url(&headers));
    room(&state, &v, &RoomQuery::default(), Back { sync: Some((password, url)), ..Back::default() }).await
}

/// `GET` of a form's address (a reload, a restored tab): back to the room.
pub async fn to_room() -> Redirect {
    Redirect::to("/reading")
}

/// `GET` of a book form's address: back to the book.
pub async fn to_book(Path(id): Path<Uuid>) -> Redirect {
    Redirect::to(&format!("/reading/books/{id}"))
}

// A book.
