//! Notices (通知公告) on the web: staff write one, see whom it reaches and
//! publish it; residents read what reached them; grid workers see who has
//! not read it and mark a door told in person; a poster for the notice
//! board carries a QR code to it. Pages and the API.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use linli_store::life::notice::{NoticeRow, Receipt, Unread};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::app::life::notice::{NewNotice, NoticeView, ReachView, may_publish};
use crate::domain::life::notice::NoticeProblem;
use crate::domain::registry::region::{GridCode, RegionCode};
use crate::domain::time;
use crate::web::AppState;
use crate::web::body::ApiJson;
use crate::web::caller::{Caller, Refusal, Visitor};
use crate::web::error::{ErrorCode, WebError};
use crate::web::form::Problem;
use crate::web::shell::{Shell, own_page};
use crate::web::upload::{Kept, WithPhotos};

/// A form's `YYYY-MM-DDTHH:MM` in local time (or RFC 3339); empty is none.
fn instant(text: &str, problem: NoticeProblem) -> Result<Option<DateTime<Utc>>, crate::app::Error> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(t) {
        return Ok(Some(at.with_timezone(&Utc)));
    }
    let field = if problem == NoticeProblem::PublishAt { "publish_at" } else { "expires_at" };
    chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M")
        .map(|local| Some(time::zone().instant(local)))
        .map_err(|_| crate::app::Error::invalid(field, crate::app::refusal::Reason::Notice(problem)))
}

fn region(text: &str) -> Result<Option<RegionCode>, crate::app::Error> {
    match text.trim() {
        "" => Ok(None),
        t => RegionCode::parse(t)
            .map(Some)
            .map_err(|_| crate::app::Error::invalid("region", crate::app::refusal::Reason::ChooseCommunity)),
    }
}

fn grids(codes: &[String]) -> Result<Vec<GridCode>, crate::app::Error> {
    codes
        .iter()
        .map(|g| g.trim())
        .filter(|g| !g.is_empty())
        .map(|g| {
            GridCode::parse(g).map_err(|_| {
                crate::app::Error::invalid("grids", crate::app::refusal::Reason::Notice(NoticeProblem::GridOutside))
            })
        })
        .collect()
}

/// The notice form as typed (grids may repeat, so it is read as pairs).
#[derive(Debug, Default, Clone)]
pub struct Typed {
    region: String,
    grids: Vec<String>,
    tag: String,
    title: String,
    body: String,
    public: bool,
    pinned: bool,
    publish_at: String,
    expires_at: String,
    /// Files were sent with a form that comes back: they must be chosen again.
    files_again: bool,
}

impl Typed {
    fn from_pairs(pairs: &[(String, String)]) -> (Typed, String) {
        let mut t = Typed::default();
        let mut action = String::new();
        for (k, v) in pairs {
            match k.as_str() {
                "region" => t.region = v.clone(),
                "grid" => t.grids.push(v.clone()),
                "tag" => t.tag = v.clone(),
                "title" => t.title = v.clone(),
                "body" => t.body = v.clone(),
                "public" => t.public = !v.is_empty(),
                "pinned" => t.pinned = !v.is_empty(),
                "publish_at" => t.publish_at = v.clone(),
                "expires_at" => t.expires_at = v.clone(),
                "do" => action = v.clone(),
                _ => {}
            }
        }
        (t, action)
    }

    fn to_new(&self) -> Result<NewNotice, crate::app::Error> {
        Ok(NewNotice {
            region: region(&self.region)?,
            grids: grids(&self.grids)?,
            tag: Some(self.tag.clone()).filter(|t| !t.trim().is_empty()),
            title: self.title.clone(),
            body: self.body.clone(),
            public: self.public,
            pinned: self.pinned,
            publish_at: instant(&self.publish_at, NoticeProblem::PublishAt)?,
            expires_at: instant(&self.expires_at, NoticeProblem::ExpiresAt)?,
            photos: Vec::new(),
            attachments: Vec::new(),
        })
    }
}

#[derive(Template)]
#[template(path = "notices.html")]
struct ListPage {
    shell: Shell,
    notices: Vec<NoticeRow>,
    may_write: bool,
    now: DateTime<Utc>,
}

impl ListPage {
    fn state(&self, n: &NoticeRow) -> Option<&'static str> {
        state_tag(&self.shell, n, self.now)
    }
}

/// Where a notice stands, as a tag: withdrawn, ended, scheduled; none when showing.
fn state_tag(shell: &Shell, n: &NoticeRow, now: DateTime<Utc>) -> Option<&'static str> {
    let t = &shell.t.life.notices;
    if n.withdrawn_at.is_some() {
        Some(t.withdrawn_tag)
    } else if n.expires_at.is_some_and(|e| e <= now) {
        Some(t.expired_tag)
    } else if n.publish_at > now {
        Some(t.scheduled_tag)
    } else {
        None
    }
}

/// `GET /notices`: the notices of the user's area, and a way to write one.
pub async fn list_page(State(state): State<AppState>, v: Visitor) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let may_write = crate::app::life::notice::publishes(user);
    if !may_write && crate::app::registry::household::read_scope(user).is_empty() {
        return Err(WebError::new(ErrorCode::Forbidden).into());
    }
    let notices = state.app.notices(user).await?;
    own_page(StatusCode::OK, ListPage { shell: v.shell(), notices, may_write, now: Utc::now() })
}

#[derive(Template)]
#[template(path = "notice_form.html")]
struct FormPage {
    shell: Shell,
    /// Where the user publishes: (code, name).
    regions: Vec<(String, String)>,
    /// The grids they may limit it to: (code, name).
    grids: Vec<(String, String)>,
    typed: Typed,
    reach: Option<ReachView>,
    problem: Problem,
    /// Pictures chosen and kept while the form is refused or previewed.
    kept: Kept,
}

impl FormPage {
    fn grid_chosen(&self, code: &str) -> bool {
        self.typed.grids.iter().any(|g| g == code)
    }

    fn reach_text(&self, r: &ReachView) -> String {
        self.shell
            .t
            .life
            .notices
            .reach
            .replace("{households}", &r.households.to_string())
            .replace("{people}", &r.people.to_string())
    }
}

async fn form_page(
    state: &AppState,
    v: &Visitor,
    status: StatusCode,
    (typed, kept): (Typed, Kept),
    reach: Option<ReachView>,
    problem: Problem,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let mut codes: Vec<String> = user
        .account
        .grants
        .iter()
        .filter_map(|(_, c)| RegionCode::parse(c).ok())
        .filter(|r| may_publish(user, r))
        .map(|r| r.as_str().to_owned())
        .collect();
    if codes.is_empty() {
        return Err(WebError::new(ErrorCode::Forbidden).into());
    }
    codes.sort();
    codes.dedup();
    let names = state.app.short_names(&codes).await?;
    let regions = codes.into_iter().map(|c| (c.clone(), names.get(&c).cloned().unwrap_or(c))).collect();
    let grids = state.app.my_grids(user).await?;
    own_page(status, FormPage { shell: v.shell(), regions, grids, typed, reach, problem, kept })
}

/// `GET /notices/new`: the notice form.
pub async fn new_page(State(state): State<AppState>, v: Visitor) -> Result<Response, Refusal> {
    form_page(&state, &v, StatusCode::OK, (Typed::default(), Kept::none()), None, Problem::none()).await
}

/// `POST /notices/new`: `do=preview` shows whom it reaches; `do=publish`
/// publishes it. A refusal comes back with what was typed, the pictures
/// kept, and the message by its field.
pub async fn new_submit(
    State(state): State<AppState>,
    v: Visitor,
    WithPhotos { body: pairs, photos, attachments }: WithPhotos<Vec<(String, String)>>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let upload = pairs.iter().find(|(k, _)| k == "upload").map(|(_, v)| v.clone()).unwrap_or_default();
    let photos = Kept::with_sent(&state, &upload, photos).await?;
    let (mut typed, action) = Typed::from_pairs(&pairs);
    // Files are not kept as pictures are: if the form comes back, it says to choose them again.
    typed.files_again = !attachments.is_empty();
    let refused = |e: crate::app::Error| match e {
        crate::app::Error::Invalid { field, reason } => {
            Ok((field, Problem::at_field(field, v.prefs.lang.refusal(&reason))))
        }
        e => Err(e),
    };
    let outcome = match typed.to_new() {
        Ok(mut new) if action == "preview" => match state.app.notice_reach(user, &new).await {
            Ok(reach) => {
                let kept = Kept::keep(&state, &photos, None).await?;
                return form_page(&state, &v, StatusCode::OK, (typed, kept), Some(reach), Problem::none()).await;
            }
            Err(e) => {
                new.photos = Vec::new();
                Err(e)
            }
        },
        Ok(mut new) => {
            new.photos = photos.clone();
            new.attachments = attachments;
            state.app.publish_notice(user, &v.ip, new).await
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok(row) => Ok(Redirect::to(&format!("/notices/{}?published=1", row.id)).into_response()),
        Err(e) => {
            let (field, problem) = refused(e)?;
            let kept = Kept::keep(&state, &photos, Some(field)).await?;
            form_page(&state, &v, StatusCode::UNPROCESSABLE_ENTITY, (typed, kept), None, problem).await
        }
    }
}

#[derive(Template)]
#[template(path = "notice.html")]
struct ShowPage {
    shell: Shell,
    n: NoticeView,
    /// Just published: what it reached.
    published: bool,
    /// The grids the reader works, to open their unread lists.
    worked: Vec<String>,
    now: DateTime<Utc>,
}

impl ShowPage {
    fn state(&self) -> Option<&'static str> {
        state_tag(&self.shell, &self.n.row, self.now)
    }

    fn published_text(&self) -> String {
        let t = &self.shell.t.life.notices;
        let households = self.n.row.households.to_string();
        if self.n.row.publish_at > self.now {
            t.scheduled.replace("{at}", &time::shown_minute(self.n.row.publish_at)).replace("{households}", &households)
        } else {
            t.published.replace("{households}", &households)
        }
    }

    fn audience(&self) -> String {
        let t = &self.shell.t.life.notices;
        match &self.n.row.tag {
            Some(tag) => t.for_tag.replace("{tag}", tag),
            None => t.whole_region.to_owned(),
        }
    }

    fn works(&self, grid: &str) -> bool {
        self.worked.iter().any(|g| g == grid)
    }
}

/// `?published=1`: just published.
#[derive(Debug, Default, Deserialize)]
pub struct ShowQuery {
    #[serde(default)]
    published: Option<u8>,
}

/// `GET /notices/{id}`: a notice for whoever may read it (a resident's
/// opening marks her household's receipt read).
pub async fn show_page(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, Refusal> {
    let n = state.app.notice(v.user(), id).await?;
    let worked = match v.user() {
        Some(u) => n
            .tally
            .iter()
            .filter(|(g, ..)| crate::app::registry::household::works(u, g))
            .map(|(g, ..)| g.clone())
            .collect(),
        None => Vec::new(),
    };
    let page = ShowPage { shell: v.shell(), n, published: q.published.is_some(), worked, now: Utc::now() };
    own_page(StatusCode::OK, page)
}

#[derive(Template)]
#[template(path = "notice_unread.html")]
struct UnreadPage {
    shell: Shell,
    n: NoticeRow,
    grid: String,
    grid_name: String,
    unread: Vec<Unread>,
    message: Option<String>,
    page: u64,
    pages: u64,
    total: i64,
}

/// `?grid=&page=`: one grid, a page of its doors.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GridQuery {
    /// Grid code.
    #[serde(default)]
    grid: String,
    /// Page, from 1 (pages list 50 households; the API 500).
    #[serde(default)]
    page: Option<u64>,
}

/// Doors on one page of the unread list.
const DOORS_PER_PAGE: u64 = 50;

fn grid_of(text: &str) -> Result<GridCode, crate::app::Error> {
    GridCode::parse(text).map_err(|_| {
        crate::app::Error::invalid("grid", crate::app::refusal::Reason::Notice(NoticeProblem::GridOutside))
    })
}

async fn unread_view(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    (grid, page): (&str, u64),
    message: Option<String>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let grid = grid_of(grid)?;
    let (unread, total) = state.app.notice_unread(user, id, &grid, (page, DOORS_PER_PAGE)).await?;
    let pages = (total.max(0) as u64).div_ceil(DOORS_PER_PAGE).max(1);
    let page = page.clamp(1, pages);
    let n = state.app.notice(Some(user), id).await?.row;
    let code = grid.as_str().to_owned();
    let grid_name = state.app.short_names(std::slice::from_ref(&code)).await?.remove(&code).unwrap_or(code.clone());
    let page = UnreadPage { shell: v.shell(), n, grid: code, grid_name, unread, message, page, pages, total };
    own_page(StatusCode::OK, page)
}

/// `GET /notices/{id}/unread?grid=`: the doors to knock on.
pub async fn unread_page(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    Query(q): Query<GridQuery>,
) -> Result<Response, Refusal> {
    unread_view(&state, &v, id, (&q.grid, q.page.unwrap_or(1)), None).await
}

/// A household told in person.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ToldForm {
    /// The household's community.
    community: String,
    /// The household.
    household: Uuid,
    /// The grid whose list to come back to (pages only).
    #[serde(default)]
    grid: String,
}

/// `POST /notices/{id}/told`: a grid worker told a household in person.
pub async fn told_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    axum::Form(f): axum::Form<ToldForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    state.app.told_in_person(user, &v.ip, id, &f.community, f.household).await?;
    let done = v.prefs.lang.texts().life.notices.told_done.to_owned();
    unread_view(&state, &v, id, (&f.grid, 1), Some(done)).await
}

/// `GET /notices/{id}/files/{file}`: a file attached to a notice, for
/// whoever may read it, offered for download under its name.
pub async fn file(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, file)): Path<(Uuid, Uuid)>,
) -> Result<Response, Refusal> {
    let (name, bytes) = state.app.notice_file(v.user(), id, file).await?;
    Ok(crate::web::download::named("application/pdf", &name, bytes))
}

/// `GET /notices/{id}/photos/{file}`: a picture of a notice, for whoever may read it.
pub async fn photo(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, file)): Path<(Uuid, String)>,
) -> Result<Response, Refusal> {
    let (photo, thumb) = crate::web::photo::photo_file(&file)?;
    Ok(crate::web::photo::picture(state.app.notice_photo(v.user(), id, photo, thumb).await?))
}

impl FormPage {
    fn kept_text(&self) -> String {
        self.shell.t.resident.photos_kept.replace("{n}", &self.kept.count.to_string())
    }
}

/// `POST /notices/{id}/withdraw`: takes it down now.
pub async fn withdraw_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    state.app.withdraw_notice(user, &v.ip, id).await?;
    Ok(Redirect::to(&format!("/notices/{id}")).into_response())
}

#[derive(Template)]
#[template(path = "notice_poster.html")]
struct PosterPage {
    shell: Shell,
    n: NoticeView,
    url: String,
    svg: String,
}

/// `GET /notices/{id}/poster`: an A4 page for the notice board, with a QR
/// code to the notice online.
pub async fn poster_page(
    State(state): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(id): Path<Uuid>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let n = state.app.notice(Some(user), id).await?;
    if n.tally.is_empty() && !n.may_withdraw {
        // Only staff whose area it concerns print it.
        return Err(WebError::new(ErrorCode::NotFound).into());
    }
    let url = format!("{}/notices/{id}", state.edge.base_url(&headers));
    let svg = crate::web::registry::building::qr_svg(&url).unwrap_or_default();
    let page = PosterPage { shell: v.shell(), n, url, svg };
    Ok(Html(page.render().map_err(|_| WebError::new(ErrorCode::Internal))?).into_response())
}

#[derive(Template)]
#[template(path = "my_notices.html")]
struct MinePage {
    shell: Shell,
    notices: Vec<(NoticeRow, Receipt)>,
}

/// `GET /my/notices`: what reached the resident's household.
pub async fn mine_page(State(state): State<AppState>, v: Visitor) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let notices = state.app.my_notices(user).await?;
    own_page(StatusCode::OK, MinePage { shell: v.shell(), notices })
}

// The API.

/// A notice to publish (or, with `preview`, to count).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NoticeJson {
    /// The region: a district, street or community code.
    region: String,
    /// Grid codes it is limited to.
    #[serde(default)]
    grids: Vec<String>,
    /// A tag it is limited to.
    #[serde(default)]
    tag: Option<String>,
    /// Title (1–60 characters).
    title: String,
    /// Text (1–5,000 characters; blank lines part paragraphs, `- ` lines make a list).
    body: String,
    /// Shown to anyone on the community's page.
    #[serde(default)]
    public: bool,
    /// Kept at the top.
    #[serde(default)]
    pinned: bool,
    /// When it appears (RFC 3339; now when absent).
    #[serde(default)]
    publish_at: Option<DateTime<Utc>>,
    /// When it comes down (RFC 3339).
    #[serde(default)]
    expires_at: Option<DateTime<Utc>>,
    /// Only count whom it would reach; write nothing.
    #[serde(default)]
    preview: bool,
}

/// Whom a notice would reach.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReachOut {
    /// Households.
    households: i64,
    /// People.
    people: i64,
    /// A few of the households, by address.
    sample: Vec<String>,
}

/// A notice.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct NoticeOut {
    /// Id.
    id: Uuid,
    /// The region's code.
    region: String,
    /// Grids it is limited to.
    grids: Vec<String>,
    /// The tag it is limited to.
    tag: Option<String>,
    /// Title.
    title: String,
    /// Text.
    body: String,
    /// Public.
    public: bool,
    /// Pinned.
    pinned: bool,
    /// When it appears.
    publish_at: DateTime<Utc>,
    /// When it comes down.
    expires_at: Option<DateTime<Utc>>,
    /// When it was withdrawn.
    withdrawn_at: Option<DateTime<Utc>>,
    /// Households reached.
    households: i64,
    /// People reached.
    people: i64,
    /// Who wrote it.
    created_by: String,
    /// The reader's household read it (residents).
    read_at: Option<DateTime<Utc>>,
    /// Read per grid (staff): (grid, households, read).
    tally: Vec<TallyOut>,
}

/// Read in one grid.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TallyOut {
    /// Grid code.
    grid: String,
    /// Grid name.
    name: String,
    /// Households reached.
    households: i64,
    /// Of them, read.
    read: i64,
}

fn out(row: NoticeRow, receipt: Option<&Receipt>, tally: Vec<(String, String, i64, i64)>) -> NoticeOut {
    NoticeOut {
        id: row.id,
        grids: row.grid_codes().into_iter().map(str::to_owned).collect(),
        region: row.region_code,
        tag: row.tag,
        title: row.title,
        body: row.body,
        public: row.public,
        pinned: row.pinned,
        publish_at: row.publish_at,
        expires_at: row.expires_at,
        withdrawn_at: row.withdrawn_at,
        households: row.households,
        people: row.people,
        created_by: row.created_by,
        read_at: receipt.and_then(|r| r.read_at),
        tally: tally
            .into_iter()
            .map(|(grid, name, households, read)| TallyOut { grid, name, households, read })
            .collect(),
    }
}

/// The notices of the caller's area (staff).
#[utoipa::path(get, path = "/api/v1/notices", tag = "notices", responses((status = 200, body = Vec<NoticeOut>)))]
pub async fn api_list(State(state): State<AppState>, caller: Caller) -> Result<axum::Json<Vec<NoticeOut>>, WebError> {
    let user = caller.into_user()?;
    let rows = state.app.notices(&user).await?;
    Ok(axum::Json(rows.into_iter().map(|r| out(r, None, Vec::new())).collect()))
}

/// Publishes a notice (201), or with `preview` counts whom it would reach (200).
#[utoipa::path(post, path = "/api/v1/notices", tag = "notices", request_body = NoticeJson,
    responses((status = 201, body = NoticeOut), (status = 200, body = ReachOut)))]
pub async fn api_publish(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    WithPhotos { body: j, photos, attachments }: WithPhotos<NoticeJson>,
) -> Result<Response, WebError> {
    let user = caller.into_user()?;
    let new = NewNotice {
        region: region(&j.region)?,
        grids: grids(&j.grids)?,
        tag: j.tag.filter(|t| !t.trim().is_empty()),
        title: j.title,
        body: j.body,
        public: j.public,
        pinned: j.pinned,
        publish_at: j.publish_at,
        expires_at: j.expires_at,
        photos,
        attachments,
    };
    if j.preview {
        let r = state.app.notice_reach(&user, &new).await?;
        let body = ReachOut { households: r.households, people: r.people, sample: r.sample };
        return Ok((StatusCode::OK, axum::Json(body)).into_response());
    }
    let row = state.app.publish_notice(&user, &peer.ip().to_string(), new).await?;
    Ok((StatusCode::CREATED, axum::Json(out(row, None, Vec::new()))).into_response())
}

/// One notice: staff see what was read by grid; a resident's reading
/// marks her household's receipt read.
#[utoipa::path(get, path = "/api/v1/notices/{id}", tag = "notices", params(("id" = Uuid, Path, description = "Notice id")),
    responses((status = 200, body = NoticeOut), (status = 404)))]
pub async fn api_show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<NoticeOut>, WebError> {
    let user = caller.into_user()?;
    let n = state.app.notice(Some(&user), id).await?;
    let receipt = n.receipt.clone();
    Ok(axum::Json(out(n.row, receipt.as_ref(), n.tally)))
}

/// A household that has not read a notice.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct UnreadOut {
    /// Community code.
    community: String,
    /// Household id.
    household: Uuid,
    /// Address.
    address: String,
}

/// The households of a grid the caller works that have not read a notice.
#[utoipa::path(get, path = "/api/v1/notices/{id}/unread", tag = "notices",
    params(("id" = Uuid, Path, description = "Notice id"), GridQuery),
    responses((status = 200, body = Vec<UnreadOut>)))]
pub async fn api_unread(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
    Query(q): Query<GridQuery>,
) -> Result<axum::Json<Vec<UnreadOut>>, WebError> {
    let user = caller.into_user()?;
    let (list, _) = state.app.notice_unread(&user, id, &grid_of(&q.grid)?, (q.page.unwrap_or(1), 500)).await?;
    Ok(axum::Json(
        list.into_iter()
            .map(|u| UnreadOut {
                address: format!("{} {}-{}", u.building, u.unit, u.room),
                community: u.community_id,
                household: u.household_id,
            })
            .collect(),
    ))
}

/// Whether the call changed anything.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Marked {
    /// It was still unread and is now read.
    marked: bool,
}

/// A grid worker told a household in person: it counts as read.
#[utoipa::path(post, path = "/api/v1/notices/{id}/told", tag = "notices", request_body = ToldForm,
    params(("id" = Uuid, Path, description = "Notice id")), responses((status = 200, body = Marked)))]
pub async fn api_told(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
    ApiJson(f): ApiJson<ToldForm>,
) -> Result<axum::Json<Marked>, WebError> {
    let user = caller.into_user()?;
    let marked = state.app.told_in_person(&user, &peer.ip().to_string(), id, &f.community, f.household).await?;
    Ok(axum::Json(Marked { marked }))
}

/// Takes a notice down now.
#[utoipa::path(post, path = "/api/v1/notices/{id}/withdraw", tag = "notices",
    params(("id" = Uuid, Path, description = "Notice id")), responses((status = 204)))]
pub async fn api_withdraw(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, WebError> {
    let user = caller.into_user()?;
    state.app.withdraw_notice(&user, &peer.ip().to_string(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The notices showing now that reached the caller's household.
#[utoipa::path(get, path = "/api/v1/my/notices", tag = "notices", responses((status = 200, body = Vec<NoticeOut>)))]
pub async fn api_mine(State(state): State<AppState>, caller: Caller) -> Result<axum::Json<Vec<NoticeOut>>, WebError> {
    let user = caller.into_user()?;
    let list = state.app.my_notices(&user).await?;
    Ok(axum::Json(list.into_iter().map(|(row, r)| out(row, Some(&r), Vec::new())).collect()))
}
