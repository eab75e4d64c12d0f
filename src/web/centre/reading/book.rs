//! A book's page, the shelf and the reader.

use super::*;
use crate::app::refusal::CentreRefusal;

#[derive(Template)]
#[template(path = "reading_book.html")]
pub(super) struct BookPage {
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

pub(super) async fn book_page_with(
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

pub(super) async fn done_on_book(
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
        Err(crate::app::Error::invalid("file", crate::app::refusal::Reason::Centre(CentreRefusal::ReadingEpubMissing)))
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
pub(super) struct ShelfPage {
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
pub(super) struct ReaderPage {
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
