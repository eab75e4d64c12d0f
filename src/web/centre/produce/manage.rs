//! The counter's keeping: enterprises, products, stock, pick-up windows, the hand-over, labels and sales.

use super::*;
use crate::app::refusal::CentreRefusal;

#[derive(Template)]
#[template(path = "produce.html")]
pub(super) struct ManagePage {
    shell: Shell,
    keeper: Keeper,
    stalls: Vec<Stall>,
    /// The communities whose counters the user runs, by name.
    communities: Vec<(String, String)>,
    /// Windows per community run.
    windows: Vec<(String, Vec<WindowRow>)>,
    /// Shelves a resident may visit: (code, name).
    shelves: Vec<(String, String)>,
    mine: Vec<OrderView>,
    merchant: Vec<OrderView>,
    problem: Problem,
    typed: Fields,
    /// Which form came back: enterprise, product:ID, merchant:ID, window, stock:ID.
    form: String,
    password: Option<String>,
}

impl ManagePage {
    fn product_fields(&self) -> Vec<(&'static str, &'static str, usize)> {
        product_fields(&self.shell.t.centre.produce, true)
    }
    fn yuan(&self, fen: &i64) -> String {
        yuan(*fen)
    }
    fn state(&self, o: &OrderView) -> &'static str {
        crate::web::life::wall::label(&self.shell.t.centre.produce.states, &o.order.state)
    }
    fn window(&self, w: &WindowRow) -> String {
        let when = window_span(w);
        let taken = self
            .shell
            .t
            .centre
            .produce
            .taken_of
            .replace("{taken}", &w.taken.to_string())
            .replace("{capacity}", &w.capacity.to_string());
        format!("{when} · {taken}")
    }
    fn order_window(&self, o: &OrderView) -> String {
        o.window.as_ref().map(|w| time::zone().month_day_minute(w.starts_at)).unwrap_or_default()
    }
    fn came_back(&self, form: &str) -> bool {
        self.form == form
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
}

pub(super) async fn manage(
    state: &AppState,
    v: &Visitor,
    status: StatusCode,
    (problem, typed, form): (Problem, Fields, String),
    password: Option<String>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let (keeper, stalls) = state.app.produce_kept(user).await?;
    let communities =
        if keeper.communities.is_empty() { Vec::new() } else { crate::web::life::communities_run(state, v).await? };
    let mut windows = Vec::new();
    for (code, name) in &communities {
        windows.push((name.clone(), state.app.pickup_windows(code).await?));
    }
    let own = state.app.own_people_communities(user).await.unwrap_or_default();
    let names = state.app.short_names(&own).await?;
    let shelves = own.iter().map(|c| (c.clone(), names.get(c).cloned().unwrap_or_else(|| c.clone()))).collect();
    let mine = state.app.my_produce_orders(user).await?;
    let merchant = state.app.merchant_orders(user).await?;
    own_page(
        status,
        ManagePage {
            shell: v.shell(),
            keeper,
            stalls,
            communities,
            windows,
            shelves,
            mine,
            merchant,
            problem,
            typed,
            form,
            password,
        },
    )
}

/// `GET /produce`: the keepers' page; a resident's shelves and orders.
pub async fn manage_page(State(state): State<AppState>, v: Visitor) -> Result<Response, Refusal> {
    manage(&state, &v, StatusCode::OK, (Problem::none(), Fields::default(), String::new()), None).await
}

/// What a keeper's form did: back to the page, or the form again with why.
pub(super) async fn kept(
    state: &AppState,
    v: &Visitor,
    done: Result<(), crate::app::Error>,
    f: Fields,
    form: String,
) -> Result<Response, Refusal> {
    match done {
        Ok(()) => Ok(Redirect::to("/produce").into_response()),
        Err(e) => {
            let p = invalid(v, e)?;
            manage(state, v, StatusCode::UNPROCESSABLE_ENTITY, (p, f, form), None).await
        }
    }
}

/// `POST /produce/enterprises`.
pub async fn enterprise_submit(
    State(state): State<AppState>,
    v: Visitor,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let n = NewEnterprise {
        community: f.get("community").trim().to_owned(),
        name: f.get("name").to_owned(),
        village: f.get("village").to_owned(),
        about: f.get("about").to_owned(),
    };
    let done = state.app.add_enterprise(user, &v.ip, n).await.map(|_| ());
    kept(&state, &v, done, f, "enterprise".into()).await
}

pub(super) fn product_from(f: &Fields) -> Result<NewProduct, crate::app::Error> {
    Ok(NewProduct {
        name: f.get("name").to_owned(),
        price: price("price", f.get("price"))?,
        unit: f.get("unit").to_owned(),
        stock: if f.get("stock").trim().is_empty() { 0 } else { number("stock", f.get("stock"), Reason::Stock)? },
        story: f.get("story").to_owned(),
        origin: f.get("origin").to_owned(),
        certificates: f.get("certificates").to_owned(),
        shelf_life: f.get("shelf_life").to_owned(),
        active: f.ticked("active"),
    })
}

/// `POST /produce/enterprises/{id}/products`.
pub async fn product_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let done = match product_from(&f) {
        Ok(n) => state.app.add_produce_product(user, &v.ip, id, n).await.map(|_| ()),
        Err(e) => Err(e),
    };
    kept(&state, &v, done, f, format!("product:{id}")).await
}

/// `POST /produce/enterprises/{id}/merchants`: `login`, `display_name`.
pub async fn merchant_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    match state.app.add_merchant(user, &v.ip, id, f.get("login"), f.get("display_name")).await {
        Ok(password) => {
            manage(&state, &v, StatusCode::OK, (Problem::none(), Fields::default(), String::new()), password).await
        }
        Err(e) => {
            let p = invalid(&v, e)?;
            manage(&state, &v, StatusCode::UNPROCESSABLE_ENTITY, (p, f, format!("merchant:{id}")), None).await
        }
    }
}

/// `POST /produce/products/{id}/stock`: `delta`.
pub async fn stock_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let done = match number("delta", f.get("delta"), Reason::Stock) {
        Ok(d) => state.app.restock_produce(user, &v.ip, id, d).await.map(|_| ()),
        Err(e) => Err(e),
    };
    kept(&state, &v, done, f, format!("stock:{id}")).await
}

/// `POST /produce/windows`: `community`, `day`, `from`, `to`, `capacity`.
pub async fn window_submit(
    State(state): State<AppState>,
    v: Visitor,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    type Times = (DateTime<Utc>, DateTime<Utc>);
    let read = || -> Result<(Times, i64), crate::app::Error> {
        let day = date("day", f.get("day"))?;
        let from = clock("from", f.get("from"))?;
        let to = clock("to", f.get("to"))?;
        let capacity = number("capacity", f.get("capacity"), Reason::Centre(CentreRefusal::PickupTimes))?;
        Ok(((time::zone().instant(day.and_time(from)), time::zone().instant(day.and_time(to))), capacity))
    };
    let done = match read() {
        Ok((times, capacity)) => {
            state.app.add_pickup_window(user, &v.ip, f.get("community").trim(), times, capacity).await.map(|_| ())
        }
        Err(e) => Err(e),
    };
    kept(&state, &v, done, f, "window".into()).await
}

#[derive(Template)]
#[template(path = "produce_edit.html")]
pub(super) struct EditPage {
    shell: Shell,
    p: ProductRow,
    problem: Problem,
    typed: Fields,
    photos: Vec<linli_store::services::photo::PhotoRow>,
    max_photos: usize,
}

pub(super) async fn edit(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    status: StatusCode,
    (problem, typed): (Problem, Fields),
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let (p, e) = state.app.produce_product(id).await?;
    if !state.app.produce_keeper(user).await?.keeps(&e) {
        return Err(WebError::new(ErrorCode::NotFound).into());
    }
    let photos = state.app.product_photos(&p.community_id, &[p.id]).await?;
    let max_photos = crate::app::centre::produce::MAX_PHOTOS;
    own_page(status, EditPage { shell: v.shell(), p, problem, typed, photos, max_photos })
}

/// `POST /produce/products/{id}/photos`: `photo` parts.
pub async fn photos_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    sent: crate::web::upload::WithPhotos<Vec<(String, String)>>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    match state.app.add_product_photos(user, &v.ip, id, sent.photos).await {
        Ok(_) => Ok(Redirect::to(&format!("/produce/products/{id}/edit")).into_response()),
        Err(e) => {
            let p = invalid(&v, e)?;
            edit(&state, &v, id, StatusCode::UNPROCESSABLE_ENTITY, (p, Fields::default())).await
        }
    }
}

/// `GET /produce/p/{id}/photos/{file}`: a product's photo, for anyone.
pub async fn photo(State(state): State<AppState>, Path((id, file)): Path<(Uuid, String)>) -> Result<Response, Refusal> {
    let (photo, thumb) = crate::web::photo::photo_file(&file)?;
    Ok(crate::web::photo::picture(state.app.product_photo(id, photo, thumb).await?))
}

impl EditPage {
    fn product_fields(&self) -> Vec<(&'static str, &'static str, usize)> {
        product_fields(&self.shell.t.centre.produce, false)
    }
    fn value(&self, key: &str) -> String {
        if self.problem.any() && !self.problem.is("photo") {
            return self.typed.get(key).to_owned();
        }
        match key {
            "name" => self.p.name.clone(),
            "price" => yuan(self.p.price),
            "unit" => self.p.unit.clone(),
            "story" => self.p.story.clone(),
            "origin" => self.p.origin.clone(),
            "certificates" => self.p.certificates.clone(),
            "shelf_life" => self.p.shelf_life.clone(),
            _ => String::new(),
        }
    }
    fn active(&self) -> bool {
        if self.problem.any() && !self.problem.is("photo") { self.typed.ticked("active") } else { self.p.active }
    }
}

/// `GET /produce/products/{id}/edit`.
pub async fn edit_page(State(state): State<AppState>, v: Visitor, Path(id): Path<Uuid>) -> Result<Response, Refusal> {
    edit(&state, &v, id, StatusCode::OK, (Problem::none(), Fields::default())).await
}

/// `POST /produce/products/{id}/edit`.
pub async fn edit_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let done = match product_from(&f) {
        Ok(n) => state.app.edit_produce_product(user, &v.ip, id, n).await.map(|_| ()),
        Err(e) => Err(e),
    };
    match done {
        Ok(()) => Ok(Redirect::to("/produce").into_response()),
        Err(e) => {
            let problem = invalid(&v, e)?;
            edit(&state, &v, id, StatusCode::UNPROCESSABLE_ENTITY, (problem, f)).await
        }
    }
}

// The counter.

#[derive(Template)]
#[template(path = "produce_counter.html")]
pub(super) struct CounterPage {
    shell: Shell,
    orders: Vec<OrderView>,
    code: String,
    problem: Problem,
    failed: Option<Uuid>,
}

impl CounterPage {
    fn yuan(&self, fen: &i64) -> String {
        yuan(*fen)
    }
    fn state(&self, o: &OrderView) -> &'static str {
        crate::web::life::wall::label(&self.shell.t.centre.produce.states, &o.order.state)
    }
    fn window(&self, o: &OrderView) -> String {
        o.window.as_ref().map(|w| time::zone().month_day_minute(w.starts_at)).unwrap_or_default()
    }
    fn refused(&self, id: &Uuid) -> Option<&str> {
        if self.failed == Some(*id) { self.problem.general([].as_slice()) } else { None }
    }
}

/// `?code=`: a pickup code to find.
#[derive(Debug, Default, Deserialize)]
pub struct CodeQuery {
    #[serde(default)]
    pub(super) code: String,
}

pub(super) async fn counter(
    state: &AppState,
    v: &Visitor,
    code: &str,
    status: StatusCode,
    problem: Problem,
    failed: Option<Uuid>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let orders = state.app.produce_counter(user, Some(code)).await?;
    own_page(status, CounterPage { shell: v.shell(), orders, code: code.trim().to_owned(), problem, failed })
}

/// `GET /produce/counter`.
pub async fn counter_page(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<CodeQuery>,
) -> Result<Response, Refusal> {
    counter(&state, &v, &q.code, StatusCode::OK, Problem::none(), None).await
}

pub(super) fn step_of(s: &str) -> Option<Step> {
    match s {
        "cash" => Some(Step::PayCash),
        "collect" => Some(Step::Collect),
        "cancel" => Some(Step::Cancel),
        _ => None,
    }
}

/// `POST /produce/counter/{id}/{step}`: cash, collect (with `code`), cancel.
pub async fn counter_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, step)): Path<(Uuid, String)>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let step = step_of(&step).ok_or(WebError::new(ErrorCode::NotFound))?;
    let f = Fields::from_body(&raw);
    match state.app.produce_counter_step(user, &v.ip, id, step, f.get("code")).await {
        Ok(_) => Ok(Redirect::to("/produce/counter").into_response()),
        Err(e) => {
            let p = invalid(&v, e)?;
            let p = Problem::general_message(p.general([].as_slice()).unwrap_or_default().to_owned());
            counter(&state, &v, "", StatusCode::UNPROCESSABLE_ENTITY, p, Some(id)).await
        }
    }
}

// Labels and sales.

pub(super) struct Label {
    name: String,
    enterprise: String,
    price: String,
    url: String,
    svg: String,
}

#[derive(Template)]
#[template(path = "produce_labels.html")]
pub(super) struct LabelsPage {
    shell: Shell,
    labels: Vec<Label>,
}

/// `GET /produce/labels`: the QR labels of the products the user keeps.
pub async fn labels_page(State(state): State<AppState>, v: Visitor, headers: HeaderMap) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let (keeper, stalls) = state.app.produce_kept(user).await?;
    if keeper.is_empty() {
        return Err(WebError::new(ErrorCode::Forbidden).into());
    }
    let base = state.edge.base_url(&headers);
    let t = &v.prefs.lang.texts().centre.produce;
    let mut labels = Vec::new();
    for s in &stalls {
        for p in s.products.iter().filter(|p| p.active) {
            let url = format!("{base}/produce/p/{}", p.id);
            labels.push(Label {
                name: p.name.clone(),
                enterprise: s.enterprise.name.clone(),
                price: t.per_unit.replace("{price}", &yuan(p.price)).replace("{unit}", &p.unit),
                svg: crate::web::registry::building::qr_svg(&url).unwrap_or_default(),
                url,
            });
        }
    }
    own_page(StatusCode::OK, LabelsPage { shell: v.shell(), labels })
}

/// `?year=`: which year (this year when not given).
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// The year (this year by default).
    #[serde(default)]
    year: Option<i32>,
}

impl YearQuery {
    pub(super) fn year(&self) -> i32 {
        use chrono::Datelike;
        self.year.filter(|y| (2000..=2200).contains(y)).unwrap_or_else(|| time::day(Utc::now()).year())
    }
}

#[derive(Template)]
#[template(path = "produce_sales.html")]
pub(super) struct SalesPage {
    shell: Shell,
    year: i32,
    rows: Vec<SalesRow>,
    total: i64,
}

impl SalesPage {
    fn yuan(&self, fen: &i64) -> String {
        yuan(*fen)
    }
}

/// `GET /produce/sales?year=`.
pub async fn sales_page(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<YearQuery>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let rows = state.app.produce_sales(user, q.year()).await?;
    let total = rows.iter().map(|r| r.amount).sum();
    own_page(StatusCode::OK, SalesPage { shell: v.shell(), year: q.year(), rows, total })
}

/// The sales report's columns, as the 消费帮扶 report takes them.
pub(super) const SALES_COLUMNS: [&str; 7] = ["月份", "企业", "帮扶村", "产品", "单位", "数量", "金额（元）"];

/// `GET /produce/sales.xlsx?year=`.
pub async fn sales_sheet(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<YearQuery>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let rows = state.app.produce_sales(user, q.year()).await?;
    Ok(sheet(q.year(), &rows)?)
}

pub(super) fn sheet(year: i32, rows: &[SalesRow]) -> Result<Response, WebError> {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.month.clone(),
                r.enterprise.clone(),
                r.village.clone(),
                r.product.clone(),
                r.unit.clone(),
                r.quantity.to_string(),
                yuan(r.amount),
            ]
        })
        .collect();
    let body = crate::domain::export::xlsx(&format!("{year}年助农销售"), &SALES_COLUMNS, &cells)
        .map_err(|_| WebError::new(ErrorCode::Internal))?;
    Ok(crate::web::download::attachment(
        crate::web::registry::import::XLSX,
        &format!("produce-sales-{year}"),
        "xlsx",
        body,
    ))
}

// The API.
