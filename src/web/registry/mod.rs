//! The registry on the web: people, households, the region tree, buildings' QR codes and the
//! residents' import.

pub mod building;
pub mod households;
pub mod import;
pub mod move_in;
pub mod people;
pub mod place;

use axum::Router;
use axum::routing::{get, post, put};

use crate::web::AppState;

/// The registry's pages: people, households, the region tree and buildings, exports and the
/// residents' import; a building's QR sheet and public page (outside `/api/v1`).
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/regions/{code}/qr", get(building::sheet))
        .route("/b/{community}/{token}", get(building::public))
        .route("/import", get(import::form).post(import::upload))
        .route("/import/report", post(import::report))
        .route("/households", get(households::list))
        .route("/households.csv", get(households::export_csv))
        .route("/households.xlsx", get(households::export_xlsx))
        .route("/exports/households", get(households::export_job))
        .route("/exports/households/full", get(households::export_full_page).post(households::export_full_submit))
        .route("/households/{id}", get(households::show))
        .route("/households/{id}/reveal", post(households::reveal))
        .route("/people", get(people::search))
        .route("/stats", get(people::stats))
        .route("/registry", get(place::home))
        .route("/registry/{code}", get(place::region))
        .route("/registry/{code}/boundary", post(place::boundary))
        .route("/registry/{code}/organisations", post(place::add_org))
        .route("/registry/{code}/organisations/{id}/close", post(place::close_org))
        .route("/registry/{code}/team", post(place::add_team_member))
        .route("/registry/{code}/grids", post(place::add_grid))
        .route("/registry/{code}/workers", post(place::assign_worker))
        .route("/registry/{code}/workers/{account}/remove", post(place::unassign_worker))
        .route("/registry/{code}/buildings", post(place::add_building))
        .route("/registry/buildings/{id}/households", post(place::add_household))
        .route("/households/{id}/people", post(households::move_in))
        .route("/registry/{code}/team/{id}/leave", post(place::remove_team_member))
        .route("/registry/buildings/{id}", get(place::building))
        .route("/registry/buildings/{id}/grid", post(place::move_building))
        .route("/registry/buildings/{id}/houses/{house}", post(place::house))
        .route("/people/{id}", get(people::show).post(people::edit))
        .route("/people/{id}/leave", post(people::leave))
        .route("/people/{id}/move", post(people::move_house))
}

/// People, households, the region tree, buildings and the residents' import: the API, under
/// `/api/v1`.
pub(crate) fn api() -> Router<AppState> {
    Router::new()
        .route("/households", get(households::api_list))
        .route("/households/import", post(import::api))
        .route("/households/{id}", get(households::api_show))
        .route("/people", get(people::api_search))
        .route("/stats/{code}", get(people::api_stats))
        .route("/registry/{code}", get(place::api_region))
        .route("/registry/{code}/boundary", put(place::api_boundary))
        .route("/registry/{code}/organisations", post(place::api_add_org))
        .route("/registry/{code}/team", post(place::api_add_team_member))
        .route("/registry/{code}/grids", post(place::api_add_grid))
        .route("/registry/{code}/workers", post(place::api_assign_worker))
        .route("/registry/{code}/buildings", post(place::api_add_building))
        .route("/buildings/{id}/households", post(place::api_add_household))
        .route("/households/{id}/people", post(place::api_move_in))
        .route("/buildings/{id}/grid", post(place::api_move_building))
        .route("/buildings/{id}/houses/{house}", put(place::api_house))
        .route("/people/{id}", get(people::api_show).put(people::api_edit).patch(people::api_patch))
        .route("/people/{id}/leave", post(people::api_leave))
        .route("/people/{id}/move", post(people::api_move))
}
