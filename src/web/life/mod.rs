//! Community life on the web: notices (通知公告), rooms (场地预约),
//! associations (协会) and activities (活动).

pub mod activity;
pub mod association;
pub mod class;
pub mod notice;
pub mod room;
mod typed;

use axum::Router;
use axum::routing::{get, post};

use crate::web::AppState;
use crate::web::caller::{Refusal, Visitor};
use crate::web::error::{ErrorCode, WebError};

/// The communities whose centres the user runs, by name, for the forms
/// that set something up in one; none is a refusal.
async fn communities_run(state: &AppState, v: &Visitor) -> Result<Vec<(String, String)>, Refusal> {
    let user = v.signed_in()?;
    let centres = crate::app::life::centres(user);
    let mut codes: Vec<String> = state
        .app
        .community_codes_under(&centres)
        .await?
        .into_iter()
        .filter(|c| crate::app::life::runs(user, c))
        .collect();
    if codes.is_empty() {
        return Err(WebError::new(ErrorCode::Forbidden).into());
    }
    codes.sort();
    let names = state.app.short_names(&codes).await?;
    Ok(codes.into_iter().map(|c| (c.clone(), names.get(&c).cloned().unwrap_or(c))).collect())
}

/// Community-life pages (outside `/api/v1`).
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/notices", get(notice::list_page))
        .route("/notices/new", get(notice::new_page).post(notice::new_submit))
        .route("/notices/{id}", get(notice::show_page))
        .route("/notices/{id}/unread", get(notice::unread_page))
        .route("/notices/{id}/told", post(notice::told_submit))
        .route("/notices/{id}/withdraw", post(notice::withdraw_submit))
        .route("/notices/{id}/poster", get(notice::poster_page))
        .route("/notices/{id}/photos/{file}", get(notice::photo))
        .route("/notices/{id}/files/{file}", get(notice::file))
        .route("/my/notices", get(notice::mine_page))
        .route("/rooms", get(room::list_page))
        .route("/rooms/new", get(room::new_page).post(room::new_submit))
        .route("/rooms/{id}", get(room::show_page))
        .route("/rooms/{id}/edit", get(room::edit_page).post(room::edit_submit))
        .route("/rooms/{id}/book", post(room::book_submit))
        .route("/bookings/{id}/cancel", post(room::cancel_submit))
        .route("/bookings/{id}/decide", post(room::decide_submit))
        .route("/associations", get(association::list_page))
        .route("/associations/new", get(association::new_page).post(association::new_submit))
        .route("/associations/{id}", get(association::show_page))
        .route("/associations/{id}/join", post(association::join_submit))
        .route("/associations/{id}/members", post(association::member_submit))
        .route("/activities", get(activity::list_page))
        .route("/activities/new", get(activity::new_page).post(activity::new_submit))
        .route("/activities/{id}", get(activity::show_page))
        .route("/activities/{id}/register", post(activity::register_submit))
        .route("/activities/{id}/cancel", post(activity::cancel_submit))
        .route("/activities/{id}/call-off", post(activity::call_off_submit))
        .route("/activities/{id}/attend", post(activity::attend_submit))
        .route("/activities/{id}/door", get(activity::door_page))
        .route("/activities/{id}/checkin", get(activity::checkin_page).post(activity::checkin_submit))
        .route("/classes", get(class::list_page))
        .route("/classes/new", get(class::new_page).post(class::new_submit))
        .route("/classes/{id}", get(class::show_page))
        .route("/classes/{id}/enrol", post(class::enrol_submit))
        .route("/classes/{id}/withdraw", post(class::withdraw_submit))
        .route("/classes/{id}/arrive", post(class::arrive_submit))
        .route("/classes/{id}/leave", post(class::leave_submit))
        .route("/calendar/{file}", get(activity::my_calendar))
        .route("/regions/{code}/activities.ics", get(activity::community_calendar))
}

/// Community life: the API, under `/api/v1`.
pub(crate) fn api() -> Router<AppState> {
    Router::new()
        .route("/notices", get(notice::api_list).post(notice::api_publish))
        .route("/notices/{id}", get(notice::api_show))
        .route("/notices/{id}/unread", get(notice::api_unread))
        .route("/notices/{id}/told", post(notice::api_told))
        .route("/notices/{id}/withdraw", post(notice::api_withdraw))
        .route("/my/notices", get(notice::api_mine))
        .route("/rooms", get(room::api_list).post(room::api_add))
        .route("/rooms/{id}/bookings", get(room::api_bookings).post(room::api_book))
        .route("/bookings/{id}/cancel", post(room::api_cancel))
        .route("/bookings/{id}/decide", post(room::api_decide))
        .route("/associations", get(association::api_list).post(association::api_add))
        .route("/associations/{id}/join", post(association::api_join))
        .route("/associations/{id}/members", post(association::api_member))
        .route("/activities", get(activity::api_list).post(activity::api_add))
        .route("/activities/{id}", get(activity::api_show))
        .route("/activities/{id}/registration", post(activity::api_register).delete(activity::api_cancel))
        .route("/activities/{id}/registrations", get(activity::api_registrations))
        .route("/activities/{id}/checkin", post(activity::api_checkin))
        .route("/classes", get(class::api_list).post(class::api_add))
        .route("/classes/{id}/day", get(class::api_day))
        .route("/classes/{id}/children", post(class::api_child))
}
