//! The weekly menu (edited, published, printed) and the central kitchen's order.

use super::*;

#[derive(Template)]
#[template(path = "daycare_menu.html")]
pub(super) struct MenuPage {
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
pub(super) fn asked_day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok().filter(|d| (2000..=2100).contains(&d.year()))
}

pub(super) fn week_of(day: Option<&str>) -> NaiveDate {
    let today = time::day(Utc::now());
    daycare::monday_of(day.and_then(asked_day).unwrap_or(today))
}

pub(super) async fn menu_page_with(
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
pub(super) fn cells_of(f: &Fields) -> Vec<(NaiveDate, Meal, Course, String)> {
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
pub(super) struct KitchenPage {
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
