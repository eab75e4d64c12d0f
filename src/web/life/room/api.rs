//! Rooms and bookings through the JSON API.

use super::*;

/// A room.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RoomOut {
    /// Identifier.
    id: Uuid,
    /// Community code.
    community: String,
    /// Name.
    name: String,
    /// Places.
    capacity: i64,
    /// Opens, `HH:MM`.
    opens: String,
    /// Closes, `HH:MM`.
    closes: String,
    /// Opening days, Monday is 1.
    days: Vec<u8>,
    /// Bookings wait for approval.
    needs_approval: bool,
    /// Rules of use.
    rules: String,
    /// Equipment.
    equipment: String,
    /// Open for booking.
    active: bool,
}

pub(super) fn room_out(r: RoomRow) -> RoomOut {
    RoomOut {
        id: r.id,
        days: (0..7u8).filter(|i| r.days & (1 << i) != 0).map(|i| i + 1).collect(),
        opens: hhmm(r.opens),
        closes: hhmm(r.closes),
        community: r.community_id,
        name: r.name,
        capacity: r.capacity,
        needs_approval: r.needs_approval,
        rules: r.rules,
        equipment: r.equipment,
        active: r.active,
    }
}

/// A room to add.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct RoomJson {
    /// Community code.
    community: String,
    /// Name.
    name: String,
    /// Places (1–2000).
    capacity: i64,
    /// Opens, `HH:MM` on the quarter hour.
    opens: String,
    /// Closes, `HH:MM`.
    closes: String,
    /// Opening days, Monday is 1.
    days: Vec<u8>,
    /// Bookings wait for approval.
    #[serde(default)]
    needs_approval: bool,
    /// Rules of use.
    #[serde(default)]
    rules: String,
    /// Equipment.
    #[serde(default)]
    equipment: String,
}

/// A booking.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BookingOut {
    /// Identifier.
    id: Uuid,
    /// The room.
    room: Uuid,
    /// Its series.
    series: Option<Uuid>,
    /// Start (RFC 3339).
    starts_at: DateTime<Utc>,
    /// End.
    ends_at: DateTime<Utc>,
    /// What for (staff and the booker only; others read "已预约").
    purpose: String,
    /// pending, confirmed, refused, cancelled.
    status: String,
}

pub(super) fn booking_out(b: BookingRow, full: bool) -> BookingOut {
    BookingOut {
        id: b.id,
        room: b.room_id,
        series: b.series_id,
        starts_at: b.starts_at,
        ends_at: b.ends_at,
        purpose: if full { b.purpose } else { "已预约".into() },
        status: b.status,
    }
}

/// A booking to make: one date, or with `until` every chosen weekday.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct BookJson {
    /// The date (`YYYY-MM-DD`), the first of a series.
    day: String,
    /// Starts, `HH:MM` on the quarter hour.
    start: String,
    /// Ends, `HH:MM`.
    end: String,
    /// What for.
    purpose: String,
    /// For an association the caller leads.
    #[serde(default)]
    association: Option<Uuid>,
    /// A series: its last date.
    #[serde(default)]
    until: Option<String>,
    /// A series: its weekdays, Monday is 1.
    #[serde(default)]
    weekdays: Vec<u8>,
    /// A series: dates left out (holidays).
    #[serde(default)]
    except: Vec<String>,
}

/// What a booking came to.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BookedOut {
    /// The bookings made.
    made: Vec<BookingOut>,
    /// The dates skipped and why: excepted, closed, past, taken.
    skipped: Vec<SkippedOut>,
}

/// A date of a series not booked.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SkippedOut {
    /// The date.
    day: NaiveDate,
    /// excepted, closed, past or taken.
    why: &'static str,
    /// For `taken`: what holds the room.
    by: Option<String>,
}

/// Lists the rooms the caller sees.
#[utoipa::path(get, operation_id = "list_rooms", path = "/api/v1/rooms", tag = "rooms", responses((status = 200, body = Vec<RoomOut>)))]
pub async fn api_list(State(state): State<AppState>, caller: Caller) -> Result<axum::Json<Vec<RoomOut>>, WebError> {
    let user = caller.into_user()?;
    Ok(axum::Json(state.app.rooms(&user).await?.into_iter().map(room_out).collect()))
}

/// Adds a room (staff of its community).
#[utoipa::path(post, operation_id = "add_room", path = "/api/v1/rooms", tag = "rooms", request_body = RoomJson,
    responses((status = 201, body = RoomOut), (status = 400)))]
pub async fn api_add(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(j): ApiJson<RoomJson>,
) -> Result<Response, WebError> {
    let user = caller.into_user()?;
    let days: Vec<String> = j.days.iter().map(u8::to_string).collect();
    let n = NewRoom {
        community: j.community,
        name: j.name,
        capacity: j.capacity,
        opens: typed::clock("opens", &j.opens).map_err(|_| hours_problem())?,
        closes: typed::clock("closes", &j.closes).map_err(|_| hours_problem())?,
        days: typed::weekdays(&days.iter().map(String::as_str).collect::<Vec<_>>()),
        needs_approval: j.needs_approval,
        rules: j.rules,
        equipment: j.equipment,
    };
    let r = state.app.add_room(&user, &peer.ip().to_string(), n).await?;
    Ok((StatusCode::CREATED, axum::Json(room_out(r))).into_response())
}

/// A room's bookings over some days.
#[utoipa::path(get, operation_id = "room_bookings", path = "/api/v1/rooms/{id}/bookings", tag = "rooms",
    params(("id" = Uuid, Path, description = "Room id"), WeekQuery), responses((status = 200, body = Vec<BookingOut>)))]
pub async fn api_bookings(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
    Query(q): Query<WeekQuery>,
) -> Result<axum::Json<Vec<BookingOut>>, WebError> {
    let user = caller.into_user()?;
    let from = match q.from.as_deref() {
        Some(f) => typed::date("from", f)?,
        None => time::day(Utc::now()),
    };
    let (room, list) = state.app.room_days(&user, id, from, q.days.unwrap_or(7)).await?;
    let staff = runs(&user, &room.community_id);
    let me = user.account.row.id;
    Ok(axum::Json(
        list.into_iter()
            .map(|b| {
                let full = staff || b.account_id == me;
                booking_out(b, full)
            })
            .collect(),
    ))
}

/// Books a room once, or every chosen weekday until `until`.
#[utoipa::path(post, operation_id = "book_room", path = "/api/v1/rooms/{id}/bookings", tag = "rooms", request_body = BookJson,
    params(("id" = Uuid, Path, description = "Room id")), responses((status = 201, body = BookedOut), (status = 400)))]
pub async fn api_book(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
    ApiJson(j): ApiJson<BookJson>,
) -> Result<Response, WebError> {
    let user = caller.into_user()?;
    let repeat = match &j.until {
        Some(u) => {
            let until = typed::date("until", u)?;
            let days: Vec<String> = j.weekdays.iter().map(u8::to_string).collect();
            let except = dates(&j.except.join(","))
                .map_err(|text| crate::app::Error::invalid("except", Reason::SkipDate { text }))?;
            Some((until, typed::weekdays(&days.iter().map(String::as_str).collect::<Vec<_>>()), except))
        }
        None => None,
    };
    let n = NewBooking {
        day: typed::date("day", &j.day)?,
        start: typed::clock("start", &j.start)?,
        end: typed::clock("end", &j.end)?,
        purpose: j.purpose,
        association: j.association,
        repeat,
    };
    let b = state.app.book_room(&user, &peer.ip().to_string(), id, n).await?;
    let out = BookedOut {
        made: b.made.into_iter().map(|m| booking_out(m, true)).collect(),
        skipped: b
            .skipped
            .into_iter()
            .map(|(day, s)| {
                let (why, by) = match s {
                    Skip::Excepted => ("excepted", None),
                    Skip::Closed => ("closed", None),
                    Skip::Past => ("past", None),
                    Skip::Taken(p) => ("taken", Some(p)),
                };
                SkippedOut { day, why, by }
            })
            .collect(),
    };
    Ok((StatusCode::CREATED, axum::Json(out)).into_response())
}

/// How many bookings were cancelled.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Cancelled {
    /// How many.
    cancelled: usize,
}

/// Cancels a booking (with `series`, what is left of its series).
#[utoipa::path(post, operation_id = "cancel_booking", path = "/api/v1/bookings/{id}/cancel", tag = "rooms", request_body = CancelForm,
    params(("id" = Uuid, Path, description = "Booking id")), responses((status = 200, body = Cancelled), (status = 404)))]
pub async fn api_cancel(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
    ApiJson(f): ApiJson<CancelForm>,
) -> Result<axum::Json<Cancelled>, WebError> {
    let user = caller.into_user()?;
    let n = state.app.cancel_booking(&user, &peer.ip().to_string(), id, f.series).await?;
    Ok(axum::Json(Cancelled { cancelled: n }))
}

/// Approves or refuses a booking waiting for approval.
#[utoipa::path(post, operation_id = "decide_booking", path = "/api/v1/bookings/{id}/decide", tag = "rooms", request_body = DecideForm,
    params(("id" = Uuid, Path, description = "Booking id")), responses((status = 204), (status = 404), (status = 400)))]
pub async fn api_decide(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
    ApiJson(f): ApiJson<DecideForm>,
) -> Result<StatusCode, WebError> {
    let user = caller.into_user()?;
    state.app.decide_booking(&user, &peer.ip().to_string(), id, approves(&f.action)?, &f.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}
