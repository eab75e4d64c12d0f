//! Day care through the JSON API.

use super::*;
use crate::app::refusal::CentreRefusal;

/// An elder as the API shows them.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ElderOut {
    /// Identifier.
    pub id: Uuid,
    /// Community code.
    pub community: String,
    /// The person in the registry.
    pub person: Uuid,
    /// Name.
    pub name: String,
    /// Diet codes: diabetic, soft, low_salt.
    pub diets: Vec<String>,
    /// Allergies.
    pub allergies: String,
    /// Still enrolled.
    pub active: bool,
    /// RFC 3339.
    pub enrolled_at: String,
}

pub(super) fn elder_out(e: &ElderRow) -> ElderOut {
    ElderOut {
        id: e.id,
        community: e.community_id.clone(),
        person: e.person_id,
        name: e.name.clone(),
        diets: diets_of(&e.diets).iter().map(|d| d.code().to_owned()).collect(),
        allergies: e.allergies.clone(),
        active: e.active,
        enrolled_at: time::zone().rfc3339(e.enrolled_at),
    }
}

/// A community's elders.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EldersOut {
    /// By name.
    pub items: Vec<ElderOut>,
}

/// An emergency contact as sent.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ContactJson {
    /// Name.
    pub name: String,
    /// 儿子, 女儿 …
    pub relation: String,
    /// Mobile number.
    pub phone: String,
}

/// An enrolment as sent.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct EnrolJson {
    /// Community code.
    pub community: String,
    /// The person in the registry.
    pub person: Uuid,
    /// Diet codes: diabetic, soft, low_salt.
    #[serde(default)]
    pub diets: Vec<String>,
    /// Allergies.
    #[serde(default)]
    pub allergies: String,
    /// Notes.
    #[serde(default)]
    pub notes: String,
    /// The first emergency contact.
    pub contact: Option<ContactJson>,
}

pub(super) fn known<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> String {
    all.iter().map(|x| code(*x)).collect::<Vec<_>>().join(", ")
}

pub(super) fn diets_json(codes: &[String]) -> Result<Vec<Diet>, crate::app::Error> {
    codes
        .iter()
        .map(|c| {
            Diet::parse(c).ok_or(crate::app::Error::invalid(
                "diets",
                Reason::Centre(CentreRefusal::DaycareCode { known: known(&Diet::ALL, Diet::code) }),
            ))
        })
        .collect()
}

pub(super) fn meal_json(code: &str) -> Result<Meal, crate::app::Error> {
    Meal::parse(code).ok_or(crate::app::Error::invalid(
        "meal",
        Reason::Centre(CentreRefusal::DaycareCode { known: known(&Meal::ALL, Meal::code) }),
    ))
}

pub(super) fn course_json(code: &str) -> Result<Course, crate::app::Error> {
    Course::parse(code).ok_or(crate::app::Error::invalid(
        "course",
        Reason::Centre(CentreRefusal::DaycareCode { known: known(&Course::ALL, Course::code) }),
    ))
}

pub(super) fn day_json(field: &'static str, text: &str) -> Result<NaiveDate, crate::app::Error> {
    let d = date(field, text)?;
    asked_day(&d.to_string())
        .ok_or(crate::app::Error::invalid(field, Reason::Centre(CentreRefusal::DaycareTooFar { days: 14 })))
}

/// `GET /api/v1/daycare/elders`: a community's elders (its centre's staff).
#[utoipa::path(get, operation_id = "daycare_elders", path = "/api/v1/daycare/elders", tag = "daycare",
    params(DaycareQuery), responses((status = 200, body = EldersOut), (status = 403, body = crate::web::error::ErrorBody)))]
pub async fn api_elders(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<DaycareQuery>,
) -> Result<axum::Json<EldersOut>, WebError> {
    let user = caller.into_user()?;
    let community = q.community.unwrap_or_default();
    let rows = state.app.daycare_elders(&user, &community, false).await?;
    Ok(axum::Json(EldersOut { items: rows.iter().map(elder_out).collect() }))
}

/// `POST /api/v1/daycare/elders`: enrols an elder from the registry.
#[utoipa::path(post, operation_id = "daycare_enrol", path = "/api/v1/daycare/elders", tag = "daycare",
    request_body = EnrolJson,
    responses((status = 201, body = ElderOut), (status = 400, body = crate::web::error::ErrorBody),
        (status = 403, body = crate::web::error::ErrorBody)))]
pub async fn api_enrol(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(b): ApiJson<EnrolJson>,
) -> Result<(StatusCode, axum::Json<ElderOut>), WebError> {
    let user = caller.into_user()?;
    let n = NewElder {
        community: b.community,
        person: Some(b.person),
        diets: diets_json(&b.diets)?,
        allergies: b.allergies,
        notes: b.notes,
        contact: b.contact.map(|c| NewContact { name: c.name, relation: c.relation, phone: c.phone }),
    };
    let e = state.app.enrol_elder(&user, &peer.ip().to_string(), n).await?;
    Ok((StatusCode::CREATED, axum::Json(elder_out(&e))))
}

/// A menu cell.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct MenuCellJson {
    /// YYYY-MM-DD.
    pub day: String,
    /// breakfast, lunch or dinner.
    pub meal: String,
    /// cold, hot, soup, staple or fruit.
    pub course: String,
    /// Its dishes.
    pub dishes: Vec<String>,
}

/// A week's menu.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MenuOut {
    /// Community code.
    pub community: String,
    /// Its Monday (YYYY-MM-DD).
    pub monday: String,
    /// RFC 3339, when published.
    pub published_at: Option<String>,
    /// The cells with dishes.
    pub cells: Vec<MenuCellJson>,
}

pub(super) fn menu_out(w: &Week) -> MenuOut {
    MenuOut {
        community: w.community.clone(),
        monday: w.monday.to_string(),
        published_at: w.published.as_ref().map(|(at, _)| time::zone().rfc3339(*at)),
        cells: w
            .cells
            .iter()
            .filter(|(_, d)| !d.is_empty())
            .map(|((day, meal, course), dishes)| MenuCellJson {
                day: day.to_string(),
                meal: meal.code().into(),
                course: course.code().into(),
                dishes: dishes.clone(),
            })
            .collect(),
    }
}

/// `GET /api/v1/regions/{code}/daycare/menu`: a published week's menu (no
/// sign-in); 404 until it is published.
#[utoipa::path(get, operation_id = "daycare_menu", path = "/api/v1/regions/{code}/daycare/menu", tag = "daycare",
    params(("code" = String, Path, description = "Community code"), DaycareQuery),
    responses((status = 200, body = MenuOut), (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_menu(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<DaycareQuery>,
) -> Result<axum::Json<MenuOut>, WebError> {
    let code = CommunityCode::parse(&code).map_err(|_| WebError::new(ErrorCode::NotFound))?;
    let week = state.app.published_week(code.as_str(), week_of(q.day.as_deref())).await?;
    Ok(axum::Json(menu_out(&week.ok_or(WebError::new(ErrorCode::NotFound))?)))
}

/// A week's menu as staff send it.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct MenuJson {
    /// Community code.
    pub community: String,
    /// A day of the week (YYYY-MM-DD).
    pub monday: String,
    /// Every cell with dishes; cells left out are emptied.
    pub cells: Vec<MenuCellJson>,
    /// Publish it to residents as well.
    #[serde(default)]
    pub publish: bool,
}

/// `PUT /api/v1/daycare/menu`: replaces a week's menu (its centre's staff).
#[utoipa::path(put, operation_id = "daycare_save_menu", path = "/api/v1/daycare/menu", tag = "daycare",
    request_body = MenuJson,
    responses((status = 200, body = MenuOut), (status = 400, body = crate::web::error::ErrorBody),
        (status = 403, body = crate::web::error::ErrorBody)))]
pub async fn api_save_menu(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(b): ApiJson<MenuJson>,
) -> Result<axum::Json<MenuOut>, WebError> {
    let user = caller.into_user()?;
    let ip = peer.ip().to_string();
    let monday = daycare::monday_of(day_json("monday", &b.monday)?);
    // A week has 7 × 3 × 5 cells: more are repeats or other weeks'.
    if b.cells.len() > 7 * 3 * 5 {
        return Err(crate::app::Error::invalid(
            "cells",
            Reason::Centre(CentreRefusal::DaycareOutsideWeek { monday: monday.to_string() }),
        )
        .into());
    }
    let mut cells = Vec::new();
    for c in &b.cells {
        cells.push((day_json("day", &c.day)?, meal_json(&c.meal)?, course_json(&c.course)?, c.dishes.join("、")));
    }
    state.app.save_week(&user, &ip, &b.community, monday, &cells).await?;
    if b.publish {
        state.app.publish_week(&user, &ip, &b.community, monday).await?;
    }
    Ok(axum::Json(menu_out(&state.app.daycare_week(&b.community, monday).await?)))
}

/// A meal on an elder's grid.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct GridCellOut {
    /// YYYY-MM-DD.
    pub day: String,
    /// breakfast, lunch or dinner.
    pub meal: String,
    /// Booked.
    pub booked: bool,
    /// Still open to book or cancel.
    pub open: bool,
    /// Fen.
    pub price: i64,
    /// When bookings close (RFC 3339).
    pub closes_at: String,
    /// What it serves.
    pub dishes: Vec<String>,
}

/// An elder's meals for the next 7 days.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct GridOut {
    /// The elder.
    pub elder: Uuid,
    /// Name.
    pub name: String,
    /// How the caller books: self, family or staff.
    pub booked_as: String,
    /// The meals served, by day.
    pub meals: Vec<GridCellOut>,
}

pub(super) fn grid_out(g: &Grid) -> GridOut {
    GridOut {
        elder: g.elder.id,
        name: g.elder.name.clone(),
        booked_as: g.how.code().into(),
        meals: g
            .days
            .iter()
            .flat_map(|(_, cells)| cells.iter().flatten())
            .map(|c| GridCellOut {
                day: c.day.to_string(),
                meal: c.meal.code().into(),
                booked: c.booked,
                open: c.open,
                price: g.settings[c.meal as usize].price,
                closes_at: time::zone()
                    .rfc3339(time::zone().instant(g.settings[c.meal as usize].cutoff.deadline(c.day))),
                dishes: c.dishes.clone(),
            })
            .collect(),
    }
}

/// `GET /api/v1/daycare/mine`: the elders the caller books for, with their
/// meals.
#[utoipa::path(get, operation_id = "daycare_mine", path = "/api/v1/daycare/mine", tag = "daycare",
    responses((status = 200, body = Vec<GridOut>), (status = 401, body = crate::web::error::ErrorBody)))]
pub async fn api_mine(State(state): State<AppState>, caller: Caller) -> Result<axum::Json<Vec<GridOut>>, WebError> {
    let user = caller.into_user()?;
    let mut out = Vec::new();
    for (e, _) in state.app.my_elders(&user).await? {
        out.push(grid_out(&state.app.booking_grid(&user, e.id).await?));
    }
    Ok(axum::Json(out))
}

/// `GET /api/v1/daycare/elders/{id}/bookings`: an elder's meals.
#[utoipa::path(get, operation_id = "daycare_grid", path = "/api/v1/daycare/elders/{id}/bookings", tag = "daycare",
    params(("id" = Uuid, Path, description = "The elder")),
    responses((status = 200, body = GridOut), (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_grid(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<GridOut>, WebError> {
    let user = caller.into_user()?;
    Ok(axum::Json(grid_out(&state.app.booking_grid(&user, id).await?)))
}

/// A meal to book or cancel.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct BookingJson {
    /// YYYY-MM-DD.
    pub day: String,
    /// breakfast, lunch or dinner.
    pub meal: String,
}

/// Whether the call changed anything.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ChangedOut {
    /// False when it was so already.
    pub changed: bool,
}

pub(super) async fn api_booking(
    state: &AppState,
    caller: Caller,
    peer: SocketAddr,
    (id, b): (Uuid, BookingJson),
    book: bool,
) -> Result<axum::Json<ChangedOut>, WebError> {
    let user = caller.into_user()?;
    let when = (day_json("day", &b.day)?, meal_json(&b.meal)?);
    let changed = state.app.book_meal(&user, &peer.ip().to_string(), id, when, book).await?;
    Ok(axum::Json(ChangedOut { changed }))
}

/// `POST /api/v1/daycare/elders/{id}/bookings`: books a meal before its
/// cut-off (the elder, a family member or the staff).
#[utoipa::path(post, operation_id = "daycare_book", path = "/api/v1/daycare/elders/{id}/bookings", tag = "daycare",
    params(("id" = Uuid, Path, description = "The elder")), request_body = BookingJson,
    responses((status = 200, body = ChangedOut), (status = 400, body = crate::web::error::ErrorBody),
        (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_book(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<BookingJson>,
) -> Result<axum::Json<ChangedOut>, WebError> {
    api_booking(&state, caller, peer, (id, b), true).await
}

/// `POST /api/v1/daycare/elders/{id}/bookings/cancel`: cancels a booked
/// meal before its cut-off.
#[utoipa::path(post, operation_id = "daycare_cancel", path = "/api/v1/daycare/elders/{id}/bookings/cancel",
    tag = "daycare", params(("id" = Uuid, Path, description = "The elder")), request_body = BookingJson,
    responses((status = 200, body = ChangedOut), (status = 400, body = crate::web::error::ErrorBody),
        (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_cancel(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<BookingJson>,
) -> Result<axum::Json<ChangedOut>, WebError> {
    api_booking(&state, caller, peer, (id, b), false).await
}

/// Plates of a meal or a dish.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PlatesOut {
    /// breakfast, lunch or dinner.
    pub meal: String,
    /// cold, hot, soup, staple or fruit (a dish's).
    pub course: Option<String>,
    /// The dish (a dish's).
    pub dish: Option<String>,
    /// Plates in all.
    pub plates: u32,
    /// Plates with no diet.
    pub plain: u32,
    /// 糖尿病.
    pub diabetic: u32,
    /// 软食.
    pub soft: u32,
    /// 低盐.
    pub low_salt: u32,
}

/// An allergy the kitchen must know.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AllergyOut {
    /// The meal.
    pub meal: String,
    /// Whose.
    pub name: String,
    /// What.
    pub allergies: String,
}

/// The central kitchen's order for a day.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct KitchenOut {
    /// Community code.
    pub community: String,
    /// YYYY-MM-DD.
    pub day: String,
    /// Plates per meal.
    pub meals: Vec<PlatesOut>,
    /// Plates per dish.
    pub dishes: Vec<PlatesOut>,
    /// Allergies.
    pub allergies: Vec<AllergyOut>,
}

/// `GET /api/v1/daycare/kitchen`: the central kitchen's order for a day:
/// plates per meal and dish, by diet.
#[utoipa::path(get, operation_id = "daycare_kitchen", path = "/api/v1/daycare/kitchen", tag = "daycare",
    params(DaycareQuery), responses((status = 200, body = KitchenOut), (status = 403, body = crate::web::error::ErrorBody)))]
pub async fn api_kitchen(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<DaycareQuery>,
) -> Result<axum::Json<KitchenOut>, WebError> {
    let user = caller.into_user()?;
    let day = match q.day.as_deref() {
        Some(d) => day_json("day", d)?,
        None => time::day(Utc::now()),
    };
    let k = state.app.kitchen(&user, q.community.as_deref().unwrap_or_default(), day).await?;
    let meals = Meal::ALL
        .into_iter()
        .map(|m| (m, k.plates[m as usize]))
        .filter(|(_, p)| p.plates > 0)
        .map(|(m, p)| PlatesOut {
            meal: m.code().into(),
            course: None,
            dish: None,
            plates: p.plates,
            plain: p.plain,
            diabetic: p.by_diet[0],
            soft: p.by_diet[1],
            low_salt: p.by_diet[2],
        })
        .collect();
    let dishes = k
        .dishes
        .iter()
        .map(|d| PlatesOut {
            meal: d.meal.code().into(),
            course: Some(d.course.code().into()),
            dish: Some(d.dish.clone()),
            plates: d.plates,
            plain: d.plain,
            diabetic: d.by_diet[0],
            soft: d.by_diet[1],
            low_salt: d.by_diet[2],
        })
        .collect();
    let allergies = k
        .allergies
        .iter()
        .map(|(m, name, a)| AllergyOut { meal: m.code().into(), name: name.clone(), allergies: a.clone() })
        .collect();
    Ok(axum::Json(KitchenOut { community: k.community, day: k.day.to_string(), meals, dishes, allergies }))
}

/// An arrival or a departure.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct AttendanceJson {
    /// arrive or leave.
    pub step: String,
    /// Who took the elder home (leave).
    #[serde(default)]
    pub picked_up_by: String,
}

/// What a departure told.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AttendanceOut {
    /// Emergency contacts sent an SMS.
    pub told: usize,
}

/// `POST /api/v1/daycare/elders/{id}/attendance`: today's arrival or
/// departure (the centre's staff); a departure is sent to the family.
#[utoipa::path(post, operation_id = "daycare_attendance", path = "/api/v1/daycare/elders/{id}/attendance",
    tag = "daycare", params(("id" = Uuid, Path, description = "The elder")), request_body = AttendanceJson,
    responses((status = 200, body = AttendanceOut), (status = 400, body = crate::web::error::ErrorBody),
        (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_attendance(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<AttendanceJson>,
) -> Result<axum::Json<AttendanceOut>, WebError> {
    let user = caller.into_user()?;
    let ip = peer.ip().to_string();
    let told = match b.step.as_str() {
        "arrive" => state.app.elder_arrives(&user, &ip, id).await.map(|()| 0)?,
        "leave" => state.app.elder_leaves(&user, &ip, id, &b.picked_up_by).await?,
        _ => {
            return Err(crate::app::Error::invalid(
                "step",
                Reason::Centre(CentreRefusal::DaycareCode { known: "arrive, leave".into() }),
            )
            .into());
        }
    };
    Ok(axum::Json(AttendanceOut { told }))
}

/// A month to bill.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct MealBillsJson {
    /// Community code.
    pub community: String,
    /// YYYY-MM.
    pub month: String,
}

/// What a month's billing did.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MealBillsOut {
    /// Bills made.
    pub created: u64,
    /// Houses that had the month's bill already.
    pub existing: u64,
    /// Meals in the new bills.
    pub meals: u64,
    /// Fen in the new bills.
    pub amount: i64,
    /// Elders whose household has no house to bill.
    pub no_house: Vec<String>,
}

/// `POST /api/v1/daycare/bills`: bills a month's booked meals to the
/// elders' houses (fee item DAYCARE; never twice).
#[utoipa::path(post, operation_id = "daycare_bills", path = "/api/v1/daycare/bills", tag = "daycare",
    request_body = MealBillsJson,
    responses((status = 200, body = MealBillsOut), (status = 400, body = crate::web::error::ErrorBody),
        (status = 403, body = crate::web::error::ErrorBody)))]
pub async fn api_bills(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(b): ApiJson<MealBillsJson>,
) -> Result<axum::Json<MealBillsOut>, WebError> {
    let user = caller.into_user()?;
    let r = state.app.bill_meals(&user, &peer.ip().to_string(), &b.community, &b.month).await?;
    Ok(axum::Json(MealBillsOut {
        created: r.created,
        existing: r.existing,
        meals: r.meals,
        amount: r.amount,
        no_house: r.no_house,
    }))
}
