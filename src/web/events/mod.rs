//! Events on the web: reports, the workflow, categories, measures and Open311.

pub mod category;
pub mod event;
pub mod list;
pub mod measures;
pub mod open311;
pub mod report;
pub mod unit;

use axum::Router;
use axum::routing::{delete, get, post, put};

use crate::web::AppState;

/// Reporting and tracking, the dispatch board, one event's page, categories, measures, and Open311
/// (outside `/api/v1`).
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/report", get(report::report_form).post(report::report_submit))
        .route("/track", get(report::track_form))
        .route("/track/{code}", get(report::track))
        .route("/track/{code}/photos/{file}", get(report::tracked_photo))
        .route("/events/{id}/photos/{file}", get(event::photo))
        .route("/events", get(list::list))
        .route("/events.xlsx", get(list::export_page))
        .route("/events/dispatch", post(list::bulk_dispatch))
        .route("/events/measures", get(measures::page))
        .route("/inbox", get(event::inbox))
        .route("/my/reports", get(report::my_reports))
        .route("/events/{id}", get(event::show).post(event::act))
        .route("/events/{id}/reveal", post(event::reveal))
        .route("/admin/categories", get(category::page).post(category::save))
        .route("/units", get(unit::page).post(unit::add))
        .route("/units/rules", post(unit::set_rule))
        .route("/units/{id}", get(unit::show))
        .route("/units/{id}/members", post(unit::add_member))
        .route("/units/{id}/active", post(unit::set_active))
        .route("/units/{id}/members/{account}/remove", post(unit::remove_member))
        .route("/track/{code}/rate", get(report::rate_form).post(report::rate))
        .route("/open311/v2/{file}", get(open311::get_top).post(open311::post_requests))
        .route("/open311/v2/services/{file}", get(open311::service_definition))
        .route("/open311/v2/requests/{file}", get(open311::get_request))
        .route("/open311/v2/tokens/{file}", get(open311::get_token))
}

/// Reports, the workflow, categories, measures and tracking: the API, under `/api/v1`.
pub(crate) fn api() -> Router<AppState> {
    Router::new()
        .route("/events", get(list::api_list).post(report::api_report))
        .route("/events.xlsx", get(list::api_export))
        .route("/events/dispatch", post(list::api_bulk_dispatch))
        .route("/my/events", get(report::api_my_reports))
        .route("/report/buildings", get(report::api_buildings))
        .route("/report/houses", get(report::api_houses))
        .route("/event-categories", get(category::api_list))
        .route("/event-categories/{code}", put(category::api_save))
        .route("/events/measures", get(measures::api))
        .route("/events/{id}", get(event::api_show))
        .route("/events/{id}/actions", post(event::api_act))
        .route("/track/{code}", get(report::api_track))
        .route("/units", get(unit::api_list).post(unit::api_add))
        .route("/units/measures", get(unit::api_measures))
        .route("/units/{id}", get(unit::api_show))
        .route("/units/{id}/members", post(unit::api_add_member))
        .route("/units/{id}/active", put(unit::api_set_active))
        .route("/units/{id}/members/{account}", delete(unit::api_remove_member))
        .route("/routing-rules", get(unit::api_rules).put(unit::api_set_rule).delete(unit::api_remove_rule))
}
