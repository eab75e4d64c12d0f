//! The reading room through the JSON API, and KOReader's sync server.

use super::*;
use crate::app::refusal::CentreRefusal;

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

pub(super) fn book_out(b: &Book) -> BookOut {
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
    let locator = Locator::new(&p.href, p.progression, p.total_progression).map_err(|_| {
        crate::app::Error::invalid("href", crate::app::refusal::Reason::Centre(CentreRefusal::ReadingLocator))
    })?;
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

pub(super) fn loan_out(l: &Loan) -> LoanOut {
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
        _ => {
            return Err(crate::app::Error::invalid(
                "book",
                crate::app::refusal::Reason::Centre(CentreRefusal::ReadingNoCopy),
            )
            .into());
        }
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
pub(super) fn kosync_json(status: StatusCode, body: serde_json::Value) -> Response {
    let mut res = (status, axum::Json(body)).into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    res.extensions_mut().insert(crate::web::error::OwnBody);
    res
}

pub(super) fn unauthorized() -> Response {
    kosync_json(StatusCode::UNAUTHORIZED, serde_json::json!({ "code": 2001, "message": "Unauthorized" }))
}

pub(super) async fn kosync_user(state: &AppState, headers: &HeaderMap) -> Result<Option<Uuid>, WebError> {
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
