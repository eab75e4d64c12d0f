//! Points, the shop and study through the JSON API.

use super::*;

/// Someone's points.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PointsOut {
    /// The person.
    person: Uuid,
    /// What they hold.
    balance: i64,
    /// The latest movements, newest first.
    entries: Vec<EntryOut>,
}

/// A movement of points.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EntryOut {
    /// When.
    at: chrono::DateTime<chrono::Utc>,
    /// Earned (+) or spent (−).
    delta: i64,
    /// The balance after.
    balance_after: i64,
    /// study, volunteer, activity, exchange, refund, gift_in, gift_out, expire, correction.
    kind: String,
    /// Why, in words.
    reason: String,
}

pub(super) fn points_out(p: PointsView) -> PointsOut {
    PointsOut {
        person: p.person.id,
        balance: p.balance,
        entries: p
            .entries
            .into_iter()
            .map(|e| EntryOut {
                at: e.at,
                delta: e.delta,
                balance_after: e.balance_after,
                kind: e.kind,
                reason: e.reason,
            })
            .collect(),
    }
}

/// The caller's points.
#[utoipa::path(get, operation_id = "my_points", path = "/api/v1/my/points", tag = "points", responses((status = 200, body = PointsOut), (status = 400)))]
pub async fn api_mine(State(state): State<AppState>, caller: Caller) -> Result<axum::Json<PointsOut>, WebError> {
    let user = caller.into_user()?;
    Ok(axum::Json(points_out(state.app.my_points(&user).await?)))
}

/// A resident's points, for the centre (audited).
#[utoipa::path(get, operation_id = "person_points", path = "/api/v1/people/{id}/points", tag = "points",
    params(("id" = Uuid, Path, description = "Person id")), responses((status = 200, body = PointsOut), (status = 404)))]
pub async fn api_person(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<PointsOut>, WebError> {
    let user = caller.into_user()?;
    Ok(axum::Json(points_out(state.app.person_points(&user, &peer.ip().to_string(), id).await?)))
}

/// A correction.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CorrectJson {
    /// Points to add (negative to take off).
    delta: i64,
    /// Why (2–200 characters).
    reason: String,
}

/// The centre corrects a resident's points: a new entry, never below zero.
#[utoipa::path(post, operation_id = "correct_points", path = "/api/v1/people/{id}/points", tag = "points", request_body = CorrectJson,
    params(("id" = Uuid, Path, description = "Person id")), responses((status = 200, body = PointsOut), (status = 400), (status = 404)))]
pub async fn api_correct(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
    ApiJson(j): ApiJson<CorrectJson>,
) -> Result<axum::Json<PointsOut>, WebError> {
    let user = caller.into_user()?;
    let ip = peer.ip().to_string();
    state.app.correct_points(&user, &ip, id, j.delta, &j.reason).await?;
    Ok(axum::Json(points_out(state.app.person_points(&user, &ip, id).await?)))
}

/// A gift.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct GiveJson {
    /// Someone of the caller's household.
    to: Uuid,
    /// How many points.
    amount: i64,
}

/// Gives points to someone of the caller's household.
#[utoipa::path(post, operation_id = "give_points", path = "/api/v1/my/points/give", tag = "points", request_body = GiveJson,
    responses((status = 204), (status = 400)))]
pub async fn api_give(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(j): ApiJson<GiveJson>,
) -> Result<StatusCode, WebError> {
    let user = caller.into_user()?;
    state.app.give_points(&user, &peer.ip().to_string(), j.to, j.amount).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An item of the shop.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ShopItemOut {
    /// Identifier.
    id: Uuid,
    /// Community code.
    community: String,
    /// Name.
    name: String,
    /// Description.
    about: String,
    /// Points for one.
    points: i64,
    /// Left.
    stock: i64,
    /// Given by.
    given_by: String,
    /// Offered now.
    active: bool,
}

pub(super) fn item_out(i: ShopItemRow) -> ShopItemOut {
    ShopItemOut {
        id: i.id,
        community: i.community_id,
        name: i.name,
        about: i.about,
        points: i.points,
        stock: i.stock,
        given_by: i.given_by,
        active: i.active,
    }
}

/// An item to add.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ShopItemJson {
    /// Community code.
    community: String,
    /// Name.
    name: String,
    /// Description.
    #[serde(default)]
    about: String,
    /// Points for one.
    points: i64,
    /// How many.
    stock: i64,
    /// Given by.
    #[serde(default)]
    given_by: String,
}

/// The shop's items the caller sees.
#[utoipa::path(get, operation_id = "list_shop", path = "/api/v1/shop", tag = "points", responses((status = 200, body = Vec<ShopItemOut>)))]
pub async fn api_shop(State(state): State<AppState>, caller: Caller) -> Result<axum::Json<Vec<ShopItemOut>>, WebError> {
    let user = caller.into_user()?;
    Ok(axum::Json(state.app.shop_items(&user).await?.into_iter().map(item_out).collect()))
}

/// Adds an item to the shop (staff of its community).
#[utoipa::path(post, operation_id = "add_shop_item", path = "/api/v1/shop", tag = "points", request_body = ShopItemJson,
    responses((status = 201, body = ShopItemOut), (status = 400)))]
pub async fn api_add_item(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(j): ApiJson<ShopItemJson>,
) -> Result<Response, WebError> {
    let user = caller.into_user()?;
    let n = NewItem {
        community: j.community,
        name: j.name,
        about: j.about,
        points: j.points,
        stock: j.stock,
        given_by: j.given_by,
    };
    let i = state.app.add_shop_item(&user, &peer.ip().to_string(), n).await?;
    Ok((StatusCode::CREATED, axum::Json(item_out(i))).into_response())
}

/// An exchange asked for.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ExchangeJson {
    /// How many (1–10).
    quantity: i64,
    /// At the counter: the resident whose points are used (staff only).
    #[serde(default)]
    person: Option<Uuid>,
}

/// An exchange made.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ExchangeOut {
    /// Identifier.
    id: Uuid,
    /// The item.
    item: String,
    /// How many.
    quantity: i64,
    /// Points spent.
    points: i64,
    /// to_collect, collected, cancelled.
    status: String,
    /// Said at the counter to collect.
    code: String,
}

pub(super) fn exchange_out(e: ExchangeRow) -> ExchangeOut {
    ExchangeOut { id: e.id, item: e.item_name, quantity: e.quantity, points: e.points, status: e.status, code: e.code }
}

/// Exchanges points for an item: stock and points move together or not at all.
#[utoipa::path(post, operation_id = "exchange_points", path = "/api/v1/shop/{id}/exchange", tag = "points", request_body = ExchangeJson,
    params(("id" = Uuid, Path, description = "Item id")), responses((status = 201, body = ExchangeOut), (status = 400), (status = 404)))]
pub async fn api_exchange(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
    ApiJson(j): ApiJson<ExchangeJson>,
) -> Result<Response, WebError> {
    let user = caller.into_user()?;
    let e = state.app.exchange_points(&user, &peer.ip().to_string(), id, j.quantity, j.person).await?;
    Ok((StatusCode::CREATED, axum::Json(exchange_out(e))).into_response())
}

/// Hands an exchange over at the counter.
#[utoipa::path(post, operation_id = "collect_exchange", path = "/api/v1/exchanges/{id}/collect", tag = "points",
    params(("id" = Uuid, Path, description = "Exchange id")), responses((status = 204), (status = 400), (status = 404)))]
pub async fn api_collect(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, WebError> {
    let user = caller.into_user()?;
    state.app.close_exchange(&user, &peer.ip().to_string(), id, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Calls an exchange off: the points and the stock come back.
#[utoipa::path(post, operation_id = "cancel_exchange", path = "/api/v1/exchanges/{id}/cancel", tag = "points",
    params(("id" = Uuid, Path, description = "Exchange id")), responses((status = 204), (status = 400), (status = 404)))]
pub async fn api_cancel(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, WebError> {
    let user = caller.into_user()?;
    state.app.close_exchange(&user, &peer.ip().to_string(), id, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A study item.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct StudyOut {
    /// Identifier.
    id: Uuid,
    /// Community code.
    community: String,
    /// Title.
    title: String,
    /// Minutes it takes.
    minutes: i64,
    /// Points (0: the community's rule).
    points: i64,
    /// The recording's length in seconds (有声党建); none for a text.
    audio_seconds: Option<i64>,
    /// Where the recording is heard (`GET`, with the caller's token).
    audio_url: Option<String>,
}

pub(super) fn study_out(s: StudyItemRow) -> StudyOut {
    StudyOut {
        audio_url: s.audio_seconds.map(|_| format!("/api/v1/study/{}/audio", s.id)),
        id: s.id,
        community: s.community_id,
        title: s.title,
        minutes: s.minutes,
        points: s.points,
        audio_seconds: s.audio_seconds,
    }
}

/// The study items the caller sees.
#[utoipa::path(get, operation_id = "list_study", path = "/api/v1/study", tag = "points", responses((status = 200, body = Vec<StudyOut>)))]
pub async fn api_study(State(state): State<AppState>, caller: Caller) -> Result<axum::Json<Vec<StudyOut>>, WebError> {
    let user = caller.into_user()?;
    Ok(axum::Json(state.app.study_items(&user).await?.into_iter().map(study_out).collect()))
}

/// Points earned by finishing a study item.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EarnedOut {
    /// Points earned now (0: earned before, or the day's cap reached).
    points: i64,
}

/// Opens a study item (the first opening starts its time).
#[utoipa::path(post, operation_id = "open_study", path = "/api/v1/study/{id}/open", tag = "points",
    params(("id" = Uuid, Path, description = "Study item id")), responses((status = 200, body = StudyOut), (status = 404)))]
pub async fn api_open_study(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<StudyOut>, WebError> {
    let user = caller.into_user()?;
    Ok(axum::Json(study_out(state.app.open_study(&user, id).await?.item)))
}

/// Finishes a study item: points, once, no sooner than it takes.
#[utoipa::path(post, operation_id = "finish_study", path = "/api/v1/study/{id}/finish", tag = "points",
    params(("id" = Uuid, Path, description = "Study item id")), responses((status = 200, body = EarnedOut), (status = 400), (status = 404)))]
pub async fn api_finish_study(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<EarnedOut>, WebError> {
    let user = caller.into_user()?;
    let points = state.app.finish_study(&user, &peer.ip().to_string(), id).await?;
    Ok(axum::Json(EarnedOut { points }))
}

/// A study item to add.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct StudyJson {
    /// Community code.
    community: String,
    /// Title.
    title: String,
    /// The text, or a recording's transcript (may be empty then).
    #[serde(default)]
    body: String,
    /// Minutes it takes (1–120; a recording's length instead when there is one).
    #[serde(default)]
    minutes: i64,
    /// Points (0: the community's rule).
    #[serde(default)]
    points: i64,
}

/// Adds a study item (staff of its community). A recording (有声党建, MP3 or
/// M4A, at most 20 MB): `multipart/form-data` with this JSON as a `json`
/// part and the file as an `audio` part.
#[utoipa::path(post, operation_id = "add_study", path = "/api/v1/study", tag = "points", request_body = StudyJson,
    responses((status = 201, body = StudyOut), (status = 400)))]
pub async fn api_add_study(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    sent: WithPhotos<StudyJson>,
) -> Result<Response, WebError> {
    let user = caller.into_user()?;
    let j = sent.body;
    let audio = sent.attachments.into_iter().next().map(|(_, bytes)| bytes);
    let n =
        NewStudy { community: j.community, title: j.title, body: j.body, minutes: j.minutes, points: j.points, audio };
    let s = state.app.add_study_item(&user, &peer.ip().to_string(), n).await?;
    Ok((StatusCode::CREATED, axum::Json(study_out(s))).into_response())
}

/// A study item's recording.
#[utoipa::path(get, operation_id = "study_audio", path = "/api/v1/study/{id}/audio", tag = "points",
    params(("id" = Uuid, Path, description = "Study item id")),
    responses((status = 200, description = "audio/mpeg or audio/mp4"), (status = 206), (status = 404)))]
pub async fn api_study_audio(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    let user = caller.into_user()?;
    let (kind, bytes) = state.app.study_audio(&user, id).await?;
    Ok(crate::web::download::ranged(&headers, &kind, bytes))
}

/// A community's points rules.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RulesJson {
    /// For a study item.
    study: i64,
    /// For each confirmed hour of volunteering.
    per_hour: i64,
    /// For attending an activity.
    activity: i64,
    /// The most earned in a day.
    daily_cap: i64,
    /// Months points last (0: for ever).
    expire_months: u32,
    /// Days before an untaken wish is raised to staff.
    raise_days: i64,
}

/// Sets a community's points rules (its staff).
#[utoipa::path(put, operation_id = "set_points_rules", path = "/api/v1/regions/{code}/points-rules", tag = "points", request_body = RulesJson,
    params(("code" = String, Path, description = "Community code")), responses((status = 200, body = RulesJson), (status = 400), (status = 403)))]
pub async fn api_rules(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(code): Path<String>,
    ApiJson(j): ApiJson<RulesJson>,
) -> Result<axum::Json<RulesJson>, WebError> {
    let user = caller.into_user()?;
    let r = Rules {
        study: j.study,
        per_hour: j.per_hour,
        activity: j.activity,
        daily_cap: j.daily_cap,
        expire_months: j.expire_months,
        raise_days: j.raise_days,
    };
    state.app.set_points_rules(&user, &peer.ip().to_string(), &code, r).await?;
    Ok(axum::Json(j))
}
