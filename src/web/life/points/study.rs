//! Study items: the list, one item, its audio, and points for finishing it.

use super::*;

#[derive(Template)]
#[template(path = "study.html")]
pub(super) struct StudyListPage {
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

pub(super) async fn study_list(
    state: &AppState,
    v: &Visitor,
    status: StatusCode,
    problem: Problem,
    typed: TypedStudy,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let items = state.app.study_items(user).await?;
    let done = state.app.studied(user).await?;
    let communities = if crate::app::life::runs_somewhere(user) {
        super::super::communities_run(state, v).await?
    } else {
        Vec::new()
    };
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
pub(super) struct StudyPage {
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

pub(super) async fn study_show(
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
