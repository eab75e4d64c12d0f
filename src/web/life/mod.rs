//! Community life on the web: notices (通知公告), rooms (场地预约),
//! associations (协会), activities (活动), the help wall (爱心回音壁),
//! volunteers, points and the points shop.

pub mod activity;
pub mod association;
pub mod class;
pub mod joint;
pub mod notice;
pub mod points;
pub mod room;
pub(crate) mod typed;
pub mod volunteer;
pub mod wall;

use axum::Router;
use axum::routing::{get, post};

use crate::web::AppState;
use crate::web::caller::{Refusal, Visitor};
use crate::web::error::{ErrorCode, WebError};

/// A refusal of what a form sent, as the problem its page shows by the
/// field; anything else is no form's to show.
pub(crate) fn invalid(v: &Visitor, e: crate::app::Error) -> Result<crate::web::form::Problem, Refusal> {
    match e {
        crate::app::Error::Invalid { field, reason } => {
            Ok(crate::web::form::Problem::at_field(field, v.prefs.lang.refusal(&reason)))
        }
        e => Err(e.into()),
    }
}

/// The community a staff page is about: the one asked for if the user runs
/// it, else the first they run.
pub(crate) fn chosen(communities: &[(String, String)], asked: Option<&str>) -> String {
    asked
        .and_then(|a| communities.iter().find(|(c, _)| c == a))
        .or(communities.first())
        .map(|(c, _)| c.clone())
        .unwrap_or_default()
}

/// The communities whose centres the user runs, by name, for the forms
/// that set something up in one; none is a refusal.
pub(crate) async fn communities_run(state: &AppState, v: &Visitor) -> Result<Vec<(String, String)>, Refusal> {
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
        .merge(wall_pages())
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
        .merge(wall_api())
}

/// The most a form or JSON body of the help wall, points and the 三清单 may
/// carry (the longest is a study item's 20,000 characters): a stranger's
/// megabytes are refused before they are read.
const WALL_BODY: usize = 128 * 1024;

/// A wish marked done may carry photos of the work.
const PHOTOS_BODY: usize = crate::domain::photo::MAX_PER_STEP * crate::domain::photo::MAX_BYTES + WALL_BODY;

/// A study item may carry its recording (有声党建), checked as it is read.
const STUDY_BODY: usize = crate::domain::life::audio::MAX_BYTES + WALL_BODY;

/// The help wall, volunteers, points and the 三清单: pages.
fn wall_pages() -> Router<AppState> {
    Router::new()
        .route("/wall", get(wall::wall_page))
        .route("/wall/new", get(wall::new_page).post(wall::new_submit))
        .route("/wall/{id}", get(wall::show_page))
        .route("/wall/{id}/step", post(wall::step_submit).layer(axum::extract::DefaultBodyLimit::max(PHOTOS_BODY)))
        .route("/wall/{id}/photos/{file}", get(wall::photo))
        .route("/regions/{code}/wall", get(wall::screen_page))
        .route("/volunteers", get(volunteer::list_page))
        .route("/volunteers/join", get(volunteer::join_page).post(volunteer::join_submit))
        .route("/volunteers/{id}", get(volunteer::show_page))
        .route("/volunteers/{id}/hours", post(volunteer::hours_submit))
        .route("/volunteers/{id}/certificate", get(volunteer::certificate_page))
        .route("/volunteers/{id}/record.xlsx", get(volunteer::record_sheet))
        .route("/hours/{id}/decide", post(volunteer::decide_submit))
        .route("/verify/volunteer/{id}", get(volunteer::verify_page))
        .route("/points", get(points::points_page_get))
        .route("/points/give", post(points::give_submit))
        .route("/points/people/{id}/correct", post(points::correct_submit))
        .route("/points/rules/{community}", post(points::rules_submit))
        .route("/shop", get(points::shop_page))
        .route("/shop/new", post(points::item_submit))
        .route("/shop/{id}/stock", post(points::stock_submit))
        .route("/shop/{id}/exchange", post(points::exchange_submit))
        .route("/exchanges/{id}/collect", post(points::collect_submit))
        .route("/exchanges/{id}/cancel", post(points::cancel_submit))
        .route("/study", get(points::study_page))
        .route("/study/new", post(points::study_submit).layer(axum::extract::DefaultBodyLimit::max(STUDY_BODY)))
        .route("/study/{id}", get(points::study_item_page))
        .route("/study/{id}/finish", post(points::finish_submit))
        .route("/study/{id}/audio", get(points::study_audio))
        .route("/joint", get(joint::page))
        .route("/joint/needs", post(joint::need_submit))
        .route("/joint/needs/{id}/step", post(joint::need_step_submit))
        .route("/joint/resources", post(joint::resource_submit))
        .route("/joint/meetings", post(joint::meeting_submit))
        .route("/joint/meetings/{id}", get(joint::meeting_page))
        .route("/joint/meetings/{id}/minutes", post(joint::minutes_submit))
        .route("/joint/projects", post(joint::project_submit))
        .route("/joint/projects/{id}/progress", post(joint::progress_submit))
        .layer(axum::extract::DefaultBodyLimit::max(WALL_BODY))
}

/// The help wall, volunteers, points and the 三清单: the API.
fn wall_api() -> Router<AppState> {
    Router::new()
        .route("/wishes", get(wall::api_list).post(wall::api_post))
        .route("/wishes/{id}", get(wall::api_show))
        .route("/wishes/{id}/steps", post(wall::api_step).layer(axum::extract::DefaultBodyLimit::max(PHOTOS_BODY)))
        .route("/volunteers", get(volunteer::api_list).post(volunteer::api_register))
        .route("/volunteers/{id}/hours", post(volunteer::api_hours))
        .route("/hours/{id}/decide", post(volunteer::api_decide))
        .route("/my/points", get(points::api_mine))
        .route("/my/points/give", post(points::api_give))
        .route("/people/{id}/points", get(points::api_person).post(points::api_correct))
        .route("/shop", get(points::api_shop).post(points::api_add_item))
        .route("/shop/{id}/exchange", post(points::api_exchange))
        .route("/exchanges/{id}/collect", post(points::api_collect))
        .route("/exchanges/{id}/cancel", post(points::api_cancel))
        .route(
            "/study",
            get(points::api_study).post(points::api_add_study).layer(axum::extract::DefaultBodyLimit::max(STUDY_BODY)),
        )
        .route("/study/{id}/audio", get(points::api_study_audio))
        .route("/study/{id}/open", post(points::api_open_study))
        .route("/study/{id}/finish", post(points::api_finish_study))
        .route("/regions/{code}/points-rules", axum::routing::put(points::api_rules))
        .route("/joint", get(joint::api_lists))
        .route("/joint/needs", post(joint::api_add_need))
        .route("/joint/needs/{id}/steps", post(joint::api_need_step))
        .route("/joint/resources", post(joint::api_add_resource))
        .route("/joint/meetings", post(joint::api_call_meeting))
        .route("/joint/projects", post(joint::api_make_project))
        .route("/joint/projects/{id}/progress", post(joint::api_progress))
        .layer(axum::extract::DefaultBodyLimit::max(WALL_BODY))
}
