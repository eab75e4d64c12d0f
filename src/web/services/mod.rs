//! Service applications, visits, home appointments and the rules behind them, on the web.

pub mod application;
pub mod apply;
pub mod appointment;
pub mod my_applications;
pub mod rules;
pub mod service;
pub mod visit;

use axum::Router;
use axum::routing::{get, post, put};

use crate::web::AppState;

/// The service hall, applications, visits, home appointments and the rules (outside `/api/v1`).
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/services", get(service::hall))
        .route("/services/track", get(service::track_page))
        .route("/services/{code}/apply", get(apply::apply_form).post(apply::apply_submit))
        .route("/applications", get(service::list_page))
        .route("/applications/{id}", get(application::detail_page).post(application::act_page))
        .route("/applications/{id}/photos/{file}", get(service::photo))
        .route("/applications/{id}/reveal", post(application::reveal_page))
        .route("/services/suggestions", get(visit::suggestions_page))
        .route("/my/applications", get(my_applications::my_applications))
        .route("/my/applications/{id}", get(my_applications::my_application))
        .route("/my/appointments", get(appointment::ask).post(appointment::ask_submit))
        .route("/visits", get(visit::day_page))
        .route("/households/{id}/visits", get(visit::visit_form).post(visit::visit_submit))
        .route("/households/{id}/visit-photos/{file}", get(visit::visit_photo))
        .route("/appointments", get(appointment::appointments))
        .route("/appointments/{id}", post(appointment::schedule))
        .route("/admin/rules", get(rules::rules).post(rules::rules_submit))
        .route("/admin/services", get(service::items).post(service::save_item_page))
}

/// The catalogue, applications, visits, appointments and the rules: the API, under `/api/v1`.
pub(crate) fn api() -> Router<AppState> {
    Router::new()
        .route("/services", get(service::catalogue))
        .route("/services/{code}", put(service::save_item))
        .route("/applications", get(service::api_list).post(service::apply))
        .route("/applications/summary", get(service::api_summary))
        .route("/applications/track", get(service::track))
        .route("/applications/{id}/actions", post(service::act))
        .route("/my/applications", get(my_applications::api_my_applications))
        .route("/my/appointments", get(appointment::api_my_appointments))
        .route("/services/suggestions", get(visit::api_suggestions))
        .route("/visits/due", get(visit::api_due))
        .route("/households/{id}/visits", get(visit::api_visits).post(visit::api_record))
        .route("/visit-rules", get(rules::api_visit_rules).put(rules::api_put_visit_rule))
        .route("/care-rules", get(rules::api_care_rules).put(rules::api_put_care_rule))
        .route("/appointments", get(appointment::api_appointments).post(appointment::api_request))
        .route("/appointments/{id}/schedule", post(appointment::api_schedule))
}
