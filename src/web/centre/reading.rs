//! The reading room on the web: the catalogue (public, with a QR code per
//! book), the staff's room (books, EPUB files, e-readers, loans, overdue
//! reminders, the month's figures), a resident's own reading (list, where
//! they are, loans, the KOReader sync password), the reader page (epub.js,
//! vendored, saving the position as one reads), the API and KOReader's
//! progress sync (kosync).

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

#[derive(Template)]
#[template(path = "reading_book.html")]
struct BookPage {
    shell: Shell,
    b: Book,
    qr: String,
    url: String,
    keeps: bool,
    signed_in: bool,
    listed: Option<bool>,
    finished: bool,
    position: Option<PositionRow>,
    lent: i64,
    people: Vec<(Uuid, String, String)>,
    devices: Vec<DeviceRow>,
    find: String,
    sent: Sent,
}

impl BookPage {
    fn t(&self) -> &'static ReadingTexts {
        &self.shell.t.centre.reading
    }
    fn value(&self, form: &str, key: &str) -> String {
        if self.sent.form == form {
            return self.sent.typed.get(key).to_owned();
        }
        let b = &self.b.row;
        match key {
            "title" => b.title.clone(),
            "author" => b.author.clone(),
            "isbn" => b.isbn.clone().unwrap_or_default(),
            "publisher" => b.publisher.clone(),
            "shelf" => b.shelf.clone(),
            "copies" => b.copies.to_string(),
            "about" => b.about.clone(),
            "days" => crate::app::centre::reading::BOOK_DAYS.to_string(),
            _ => String::new(),
        }
    }
    fn book_fields(&self) -> Vec<(&'static str, &'static str, usize)> {
        book_fields(self.t())
    }
    fn kind(&self) -> &'static str {
        if self.b.row.kind == "periodical" { self.t().periodical } else { self.t().book }
    }
    fn isbn(&self) -> String {
        self.b
            .row
            .isbn
            .as_deref()
            .and_then(|i| crate::domain::centre::reading::Isbn::parse(i).ok())
            .map(|i| i.shown())
            .unwrap_or_default()
    }
    fn percent(&self, p: &PositionRow) -> String {
        percent(p.total_progression)
    }
    /// Where the form that came back stands on the page.
    fn anchor(&self) -> &'static str {
        match self.sent.form.as_str() {
            "epub" => "epub",
            "cover" => "cover-upload",
            "edit" => "edit",
            _ => "lend",
        }
    }
    fn signin_here(&self) -> String {
        format!("/signin?{}", crate::web::caller::next_query(&format!("/reading/books/{}", self.b.row.id)))
    }
    fn available_words(&self) -> String {
        self.t()
            .available_of
            .replace("{n}", &self.b.row.available.to_string())
            .replace("{copies}", &self.b.row.copies.to_string())
    }
}

#[derive(Debug, Default, Deserialize)]
/// Query of a book's page.
pub struct BookQuery {
    /// A name or phone digits to find the borrower by.
    #[serde(default)]
    pub q: Option<String>,
}

async fn book_page_with(
    state: &AppState,
    v: &Visitor,
    headers: &HeaderMap,
    (id, find): (Uuid, &str),
    status: StatusCode,
    mut sent: Sent,
) -> Result<Response, Refusal> {
    let b = state.app.catalogue_book(id).await?;
    let user = v.user();
    let keeps = user.is_some_and(|u| crate::app::life::runs(u, &b.row.community_id));
    if !b.row.active && !keeps {
        return Err(WebError::new(ErrorCode::NotFound).into());
    }
    let url = format!("{}/reading/books/{}", state.edge.base_url(headers), b.row.id);
    let (mut listed, mut position, mut people, mut devices) = (None, None, Vec::new(), Vec::new());
    let mut finished = false;
    if let Some(u) = user {
        let mine = state.app.my_reading(u).await?;
        listed = Some(mine.list.iter().any(|(l, ..)| l.book_id == id));
        finished = mine.list.iter().any(|(l, ..)| l.book_id == id && l.finished_at.is_some());
        position = state.app.position(u.account.row.id, id).await?;
        if keeps {
            devices = state.app.devices(u, &b.row.community_id).await?;
            if !find.trim().is_empty() {
                match state.app.search_people(u, &v.ip, find).await {
                    Ok(found) => {
                        people = found
                            .into_iter()
                            .filter(|c| c.place.community_id == b.row.community_id)
                            .map(|c| {
                                let p = &c.place;
                                let about = format!("{} · {} {} {}", c.view.age, p.building, p.unit, p.room);
                                (c.view.id, c.view.name, about)
                            })
                            .take(20)
                            .collect()
                    }
                    // Said by the search box (too short, too many ID searches).
                    Err(e) if sent.form.is_empty() => {
                        let problem = invalid(v, e)?;
                        sent = Sent { form: "find".into(), problem, typed: Fields::default() };
                    }
                    Err(_) => {}
                }
            }
        }
    }
    let page = BookPage {
        shell: v.shell(),
        qr: crate::web::registry::building::qr_svg(&url).unwrap_or_default(),
        url,
        keeps,
        signed_in: user.is_some(),
        listed,
        finished,
        position,
        lent: b.row.copies - b.row.available,
        people,
        devices,
        find: find.to_owned(),
        b,
        sent,
    };
    own_page(status, page)
}

/// `GET /reading/books/{id}`: a book's page (the QR code opens it).
pub async fn book_page(
    State(state): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(id): Path<Uuid>,
    Query(q): Query<BookQuery>,
) -> Result<Response, Refusal> {
    book_page_with(&state, &v, &headers, (id, q.q.as_deref().unwrap_or_default()), StatusCode::OK, Sent::default())
        .await
}

async fn done_on_book(
    state: &AppState,
    v: &Visitor,
    headers: &HeaderMap,
    id: Uuid,
    done: Result<(), crate::app::Error>,
    (typed, form): (Fields, &str),
) -> Result<Response, Refusal> {
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/reading/books/{id}")).into_response()),
        Err(e) => {
            let problem = invalid(v, e)?;
            let find = typed.get("q").to_owned();
            let sent = Sent { form: form.into(), problem, typed };
            book_page_with(state, v, headers, (id, &find), StatusCode::UNPROCESSABLE_ENTITY, sent).await
        }
    }
}

/// `POST /reading/books/{id}`: changes the entry and copies.
pub async fn edit_submit(
    State(state): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let b = state.app.kept_book(user, id).await?.row;
    let mut n = book_from(&f, &b.community_id);
    n.periodical = b.kind == "periodical";
    let done = state.app.update_book(user, &v.ip, id, n, f.ticked("active")).await.map(|_| ());
    done_on_book(&state, &v, &headers, id, done, (f, "edit")).await
}

/// `POST /reading/books/{id}/epub`: the e-book's file (multipart `attachment`).
pub async fn epub_submit(
    State(state): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(id): Path<Uuid>,
    sent: crate::web::upload::WithPhotos<Vec<(String, String)>>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let file = sent.attachments.into_iter().next().map(|(_, b)| b).unwrap_or_default();
    let done = if file.is_empty() {
        Err(crate::app::Error::invalid("file", crate::app::refusal::Reason::ReadingEpubMissing))
    } else {
        state.app.upload_epub(user, &v.ip, id, file).await.map(|_| ())
    };
    done_on_book(&state, &v, &headers, id, done, (Fields::default(), "epub")).await
}

/// `POST /reading/books/{id}/cover`: the cover's photo (multipart `photo`).
pub async fn cover_submit(
    State(state): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(id): Path<Uuid>,
    sent: crate::web::upload::WithPhotos<Vec<(String, String)>>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let done = state.app.set_book_cover(user, &v.ip, id, sent.photos).await;
    done_on_book(&state, &v, &headers, id, done, (Fields::default(), "cover")).await
}

/// `GET /reading/books/{id}/cover/{file}`: a book's cover, for anyone.
pub async fn cover(State(state): State<AppState>, Path((id, file)): Path<(Uuid, String)>) -> Result<Response, Refusal> {
    let (photo, thumb) = crate::web::photo::photo_file(&file)?;
    Ok(crate::web::photo::picture(state.app.book_cover(id, photo, thumb).await?))
}

/// `POST /reading/books/{id}/lend`: lends a copy, or an e-reader, to the
/// borrower chosen.
pub async fn lend_submit(
    State(state): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let b = state.app.kept_book(user, id).await?.row;
    let what = match f.get("device").parse::<Uuid>() {
        Ok(d) => Lent::Device(d),
        Err(_) => Lent::Book(id),
    };
    let days = f.get("days").trim().parse::<i64>().unwrap_or(0);
    let done = state.app.lend(user, &v.ip, &b.community_id, what, f.get("person").parse().ok(), days).await.map(|_| ());
    done_on_book(&state, &v, &headers, id, done, (f, "lend")).await
}

/// `POST /reading/books/{id}/list`: on or off the reader's list, finished.
pub async fn list_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    match f.get("do") {
        "remove" => {
            state.app.unlist_book(user, id).await?;
        }
        "finish" => {
            state.app.list_book(user, id).await?;
            state.app.finish_book(user, id, true).await?;
        }
        "unfinish" => {
            state.app.finish_book(user, id, false).await?;
        }
        _ => state.app.list_book(user, id).await?,
    }
    let back = if f.get("back") == "room" { "/reading".to_owned() } else { format!("/reading/books/{id}") };
    Ok(Redirect::to(&back).into_response())
}

// The public catalogue.

#[derive(Template)]
#[template(path = "reading_shelf.html")]
struct ShelfPage {
    shell: Shell,
    name: String,
    books: Vec<Book>,
    qr: String,
}

impl ShelfPage {
    fn t(&self) -> &'static ReadingTexts {
        &self.shell.t.centre.reading
    }
    fn title(&self) -> String {
        self.t().shelf_title.replace("{community}", &self.name)
    }
}

/// `GET /regions/{code}/reading`: a community's catalogue, for anyone.
pub async fn shelf_page(
    State(state): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Result<Response, Refusal> {
    let code = CommunityCode::parse(&code).map_err(|_| WebError::new(ErrorCode::NotFound))?;
    let names = state.app.short_names(&[code.as_str().to_owned()]).await?;
    let name = names.get(code.as_str()).cloned().ok_or(WebError::new(ErrorCode::NotFound))?;
    let url = format!("{}/regions/{}/reading", state.edge.base_url(&headers), code.as_str());
    let page = ShelfPage {
        shell: v.shell(),
        name,
        books: state.app.reading_catalogue(code.as_str(), false).await?,
        qr: crate::web::registry::building::qr_svg(&url).unwrap_or_default(),
    };
    own_page(StatusCode::OK, page)
}

// Reading in the browser.

#[derive(Template)]
#[template(path = "reader.html")]
struct ReaderPage {
    shell: Shell,
    b: BookRow,
    reader_js: &'static str,
    epub_js: &'static str,
}

/// `GET /reading/books/{id}/read`: the reader (signed in).
pub async fn reader_page(State(state): State<AppState>, v: Visitor, Path(id): Path<Uuid>) -> Result<Response, Refusal> {
    v.signed_in()?;
    let b = state.app.catalogue_book(id).await?;
    if !b.ebook || !b.row.active {
        return Err(WebError::new(ErrorCode::NotFound).into());
    }
    let page = ReaderPage {
        shell: v.shell(),
        b: b.row,
        reader_js: crate::web::assets::url("reader.js"),
        epub_js: crate::web::assets::url("vendor/epub.min.js"),
    };
    let mut res = own_page::<_, Refusal>(StatusCode::OK, page)?;
    res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(READER_CSP));
    Ok(res)
}

/// `GET /reading/books/{id}/epub/{*part}`: a part of the book's EPUB, for
/// the reader (signed in).
pub async fn epub_part(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, part)): Path<(Uuid, String)>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let (kind, bytes) = state.app.epub_part(user, id, &part).await?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(kind)),
            (header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(PART_CSP)),
            (header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=3600")),
            (header::X_FRAME_OPTIONS, HeaderValue::from_static("SAMEORIGIN")),
        ],
        bytes,
    )
        .into_response())
}

// The API.

/// A book of the catalogue.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BookOut {
    /// Identifier.
    pub id: Uuid,
    /// Community.
    pub community: String,
    /// book or periodical.
    pub kind: String,
    /// Title.
    pub title: String,
    /// Author(s).
    pub author: String,
    /// ISBN-13.
    pub isbn: Option<String>,
    /// Publisher.
    pub publisher: String,
    /// Shelf.
    pub shelf: String,
    /// Copies owned.
    pub copies: i64,
    /// Copies on the shelf.
    pub available: i64,
    /// It can be read in the browser.
    pub ebook: bool,
    /// In the catalogue.
    pub active: bool,
}

fn book_out(b: &Book) -> BookOut {
    let r = &b.row;
    BookOut {
        id: r.id,
        community: r.community_id.clone(),
        kind: r.kind.clone(),
        title: r.title.clone(),
        author: r.author.clone(),
        isbn: r.isbn.clone(),
        publisher: r.publisher.clone(),
        shelf: r.shelf.clone(),
        copies: r.copies,
        available: r.available,
        ebook: b.ebook,
        active: r.active,
    }
}

/// `GET /api/v1/regions/{code}/reading/books`: a community's catalogue.
#[utoipa::path(get, operation_id = "reading_books", path = "/api/v1/regions/{code}/reading/books", tag = "reading",
    params(("code" = String, Path, description = "Community code")),
    responses((status = 200, body = Vec<BookOut>), (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_books(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<axum::Json<Vec<BookOut>>, WebError> {
    let code = CommunityCode::parse(&code).map_err(|_| WebError::new(ErrorCode::NotFound))?;
    Ok(axum::Json(state.app.reading_catalogue(code.as_str(), false).await?.iter().map(book_out).collect()))
}

/// A book as staff add it.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CatalogueBookJson {
    /// Community code.
    pub community: String,
    /// A periodical rather than a book.
    #[serde(default)]
    pub periodical: bool,
    /// Title.
    pub title: String,
    /// Author(s).
    #[serde(default)]
    pub author: String,
    /// ISBN (10 or 13 digits; hyphens allowed).
    #[serde(default)]
    pub isbn: String,
    /// Publisher.
    #[serde(default)]
    pub publisher: String,
    /// Shelf.
    #[serde(default)]
    pub shelf: String,
    /// Copies owned.
    pub copies: i64,
    /// About it.
    #[serde(default)]
    pub about: String,
}

/// `POST /api/v1/reading/books`: adds a book (the centre's staff).
#[utoipa::path(post, operation_id = "reading_add_book", path = "/api/v1/reading/books", tag = "reading",
    request_body = CatalogueBookJson,
    responses((status = 201, body = BookOut), (status = 400, body = crate::web::error::ErrorBody),
        (status = 403, body = crate::web::error::ErrorBody)))]
pub async fn api_add_book(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(b): ApiJson<CatalogueBookJson>,
) -> Result<(StatusCode, axum::Json<BookOut>), WebError> {
    let user = caller.into_user()?;
    let n = NewBook {
        community: b.community,
        periodical: b.periodical,
        title: b.title,
        author: b.author,
        isbn: b.isbn,
        publisher: b.publisher,
        shelf: b.shelf,
        copies: b.copies,
        about: b.about,
    };
    let row = state.app.add_book(&user, &peer.ip().to_string(), n).await?;
    Ok((StatusCode::CREATED, axum::Json(book_out(&Book { row, ebook: false }))))
}

/// Where a reader is in a book (the Readium Locator's essentials).
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PositionJson {
    /// The chapter's href as the package names it.
    pub href: String,
    /// Into that chapter, 0–1.
    #[serde(default)]
    pub progression: f64,
    /// Into the whole book, 0–1.
    #[serde(default, rename = "totalProgression")]
    pub total_progression: f64,
    /// Where exactly (an EPUB CFI), from a browser reader.
    #[serde(default)]
    pub cfi: Option<String>,
    /// When it was read (the device's clock); now if none.
    #[serde(default)]
    pub read_at: Option<DateTime<Utc>>,
    /// Which device.
    #[serde(default)]
    pub device: String,
    /// Whole minutes read since the last save (at most 5 count).
    #[serde(default)]
    pub minutes: i64,
}

/// Whether a position was kept.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SavedOut {
    /// False when a position read later is stored already.
    pub kept: bool,
}

/// `GET /api/v1/reading/books/{id}/position`: where the caller is in a book.
#[utoipa::path(get, operation_id = "reading_position", path = "/api/v1/reading/books/{id}/position", tag = "reading",
    params(("id" = Uuid, Path, description = "The book")),
    responses((status = 200, body = PositionJson), (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_position(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<PositionJson>, WebError> {
    let user = caller.into_user()?;
    let p = state.app.position(user.account.row.id, id).await?.ok_or(WebError::new(ErrorCode::NotFound))?;
    Ok(axum::Json(PositionJson {
        href: p.href,
        progression: p.progression,
        total_progression: p.total_progression,
        cfi: p.cfi,
        read_at: Some(p.read_at),
        device: p.device,
        minutes: 0,
    }))
}

/// `PUT /api/v1/reading/books/{id}/position`: saves where the caller is;
/// kept only if read later than the position stored.
#[utoipa::path(put, operation_id = "reading_save_position", path = "/api/v1/reading/books/{id}/position",
    tag = "reading", params(("id" = Uuid, Path, description = "The book")), request_body = PositionJson,
    responses((status = 200, body = SavedOut), (status = 400, body = crate::web::error::ErrorBody),
        (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_save_position(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
    ApiJson(p): ApiJson<PositionJson>,
) -> Result<axum::Json<SavedOut>, WebError> {
    let user = caller.into_user()?;
    let locator = Locator::new(&p.href, p.progression, p.total_progression)
        .map_err(|_| crate::app::Error::invalid("href", crate::app::refusal::Reason::ReadingLocator))?;
    let device = if p.device.trim().is_empty() { "browser" } else { p.device.as_str() };
    let kept = state
        .app
        .save_position(user.account.row.id, id, (locator, None, p.cfi), (device, p.read_at, p.minutes))
        .await?;
    Ok(axum::Json(SavedOut { kept }))
}

/// A loan.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LoanOut {
    /// Identifier.
    pub id: Uuid,
    /// The book lent.
    pub book: Option<Uuid>,
    /// The e-reader lent.
    pub device: Option<Uuid>,
    /// The title, or the e-reader's asset number and model.
    pub what: String,
    /// The borrower.
    pub borrower: String,
    /// Lent.
    pub lent_at: DateTime<Utc>,
    /// Due back.
    pub due_on: NaiveDate,
    /// Returned.
    pub returned_at: Option<DateTime<Utc>>,
    /// Overdue today.
    pub overdue: bool,
}

fn loan_out(l: &Loan) -> LoanOut {
    LoanOut {
        id: l.row.id,
        book: l.row.book_id,
        device: l.row.device_id,
        what: l.what.clone(),
        borrower: l.row.borrower_name.clone(),
        lent_at: l.row.lent_at,
        due_on: l.row.due_on,
        returned_at: l.row.returned_at,
        overdue: l.overdue,
    }
}

/// `GET /api/v1/reading/loans`: a room's open loans (staff).
#[utoipa::path(get, operation_id = "reading_loans", path = "/api/v1/reading/loans", tag = "reading",
    params(RoomQuery), responses((status = 200, body = Vec<LoanOut>), (status = 403, body = crate::web::error::ErrorBody)))]
pub async fn api_loans(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<RoomQuery>,
) -> Result<axum::Json<Vec<LoanOut>>, WebError> {
    let user = caller.into_user()?;
    let community = q.community.unwrap_or_default();
    let loans = state.app.open_loans(&user, &community, q.overdue.unwrap_or(false)).await?;
    Ok(axum::Json(loans.iter().map(loan_out).collect()))
}

/// A loan as staff make it.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct LendJson {
    /// Community code.
    pub community: String,
    /// The book, or
    #[serde(default)]
    pub book: Option<Uuid>,
    /// the e-reader.
    #[serde(default)]
    pub device: Option<Uuid>,
    /// The borrower (a person of the community's registry).
    pub person: Uuid,
    /// Days.
    pub days: i64,
}

/// `POST /api/v1/reading/loans`: lends a book or an e-reader (staff).
#[utoipa::path(post, operation_id = "reading_lend", path = "/api/v1/reading/loans", tag = "reading",
    request_body = LendJson,
    responses((status = 201, body = LoanOut), (status = 400, body = crate::web::error::ErrorBody),
        (status = 403, body = crate::web::error::ErrorBody)))]
pub async fn api_lend(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(l): ApiJson<LendJson>,
) -> Result<(StatusCode, axum::Json<LoanOut>), WebError> {
    let user = caller.into_user()?;
    let what = match (l.book, l.device) {
        (Some(b), None) => Lent::Book(b),
        (None, Some(d)) => Lent::Device(d),
        _ => return Err(crate::app::Error::invalid("book", crate::app::refusal::Reason::ReadingNoCopy).into()),
    };
    let row = state.app.lend(&user, &peer.ip().to_string(), &l.community, what, Some(l.person), l.days).await?;
    let today = time::day(Utc::now());
    Ok((StatusCode::CREATED, axum::Json(loan_out(&Loan { overdue: row.due_on < today, what: String::new(), row }))))
}

/// `POST /api/v1/reading/loans/{id}/return`: records a loan returned (staff).
#[utoipa::path(post, operation_id = "reading_return", path = "/api/v1/reading/loans/{id}/return", tag = "reading",
    params(("id" = Uuid, Path, description = "The loan"), RoomQuery),
    responses((status = 204), (status = 400, body = crate::web::error::ErrorBody), (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_return(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
    Query(q): Query<RoomQuery>,
) -> Result<StatusCode, WebError> {
    let user = caller.into_user()?;
    state.app.return_loan(&user, &peer.ip().to_string(), &q.community.unwrap_or_default(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A community's reading over a month.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FiguresOut {
    /// First day.
    pub from: NaiveDate,
    /// The day after the last.
    pub to: NaiveDate,
    /// Readers in the browser or on a synced e-reader.
    pub readers: usize,
    /// Books read (reader and book once each), plus paper loans.
    pub books_read: usize,
    /// Minutes read.
    pub minutes: i64,
    /// Paper loans.
    pub loans: usize,
    /// Top titles: [title, readers and loans, minutes].
    pub top: Vec<(String, usize, i64)>,
}

/// `GET /api/v1/reading/figures`: a community's reading this month (or the
/// month asked), for the centre's staff.
#[utoipa::path(get, operation_id = "reading_figures", path = "/api/v1/reading/figures", tag = "reading",
    params(RoomQuery), responses((status = 200, body = FiguresOut), (status = 403, body = crate::web::error::ErrorBody)))]
pub async fn api_figures(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<RoomQuery>,
) -> Result<axum::Json<FiguresOut>, WebError> {
    let user = caller.into_user()?;
    let community = q.community.unwrap_or_default();
    if !crate::app::life::runs(&user, &community) {
        return Err(WebError::new(ErrorCode::Forbidden));
    }
    let (from, to) = month_bounds(q.month.as_deref());
    let f = state.app.reading_figures(&community, from, to).await?;
    Ok(axum::Json(FiguresOut {
        from,
        to,
        readers: f.readers,
        books_read: f.books_read,
        minutes: f.minutes,
        loans: f.loans,
        top: f.top,
    }))
}

// KOReader's progress sync (kosync): KOReader is given
// `https://<linli>/api/v1/kosync` as its server, the account's login as
// user name and the sync password made on the reading page.

/// KOReader's own bodies, refusals included (linli's error bodies would
/// show KOReader's users the wrong message).
fn kosync_json(status: StatusCode, body: serde_json::Value) -> Response {
    let mut res = (status, axum::Json(body)).into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    res.extensions_mut().insert(crate::web::error::OwnBody);
    res
}

fn unauthorized() -> Response {
    kosync_json(StatusCode::UNAUTHORIZED, serde_json::json!({ "code": 2001, "message": "Unauthorized" }))
}

async fn kosync_user(state: &AppState, headers: &HeaderMap) -> Result<Option<Uuid>, WebError> {
    let get = |n: &str| headers.get(n).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    Ok(state.app.kosync_account(&get("x-auth-user"), &get("x-auth-key")).await?)
}

/// `POST /api/v1/kosync/users/create`: accounts are made in linli, never here.
pub async fn kosync_create() -> Response {
    kosync_json(
        StatusCode::FORBIDDEN,
        serde_json::json!({ "code": 2005, "message": "Registration is closed: sign in to linli and make a sync password on the reading page" }),
    )
}

/// `GET /api/v1/kosync/users/auth`.
pub async fn kosync_auth(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, WebError> {
    Ok(match kosync_user(&state, &headers).await? {
        Some(_) => kosync_json(StatusCode::OK, serde_json::json!({ "authorized": "OK" })),
        None => unauthorized(),
    })
}

/// KOReader's progress.
#[derive(Debug, Deserialize)]
pub struct KoProgress {
    document: String,
    #[serde(default)]
    progress: String,
    #[serde(default)]
    percentage: f64,
    #[serde(default)]
    device: String,
}

/// `PUT /api/v1/kosync/syncs/progress`.
pub async fn kosync_put(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(p): ApiJson<KoProgress>,
) -> Result<Response, WebError> {
    let Some(account) = kosync_user(&state, &headers).await? else { return Ok(unauthorized()) };
    let at = state.app.kosync_put(account, &p.document, &p.progress, p.percentage, &p.device).await?;
    Ok(kosync_json(StatusCode::OK, serde_json::json!({ "document": p.document, "timestamp": at.timestamp() })))
}

/// `GET /api/v1/kosync/syncs/progress/{document}`.
pub async fn kosync_get(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(document): Path<String>,
) -> Result<Response, WebError> {
    let Some(account) = kosync_user(&state, &headers).await? else { return Ok(unauthorized()) };
    Ok(match state.app.kosync_get(account, &document).await? {
        Some((progress, percentage, device, at)) => kosync_json(
            StatusCode::OK,
            serde_json::json!({ "document": document, "progress": progress, "percentage": percentage,
                "device": device, "device_id": device, "timestamp": at.timestamp() }),
        ),
        None => kosync_json(StatusCode::OK, serde_json::json!({})),
    })
}
