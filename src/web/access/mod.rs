//! Accounts, sign-in, registration and the audit log, on the web.

pub mod account;
pub mod audit;
pub mod desk;
pub mod registration;

use axum::Router;
use axum::routing::{get, post};

use crate::web::AppState;

/// Signing in, accounts, registration and the audit log (outside `/api/v1`).
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/signin", get(account::signin_form).post(account::signin))
        .route("/signin/code", get(account::code_form).post(account::code))
        .route("/account/totp", get(account::totp_form).post(account::totp_enrol))
        .route("/signout", post(account::signout))
        .route("/signout/everywhere", post(account::signout_everywhere))
        .route("/account", get(account::account))
        .route("/workbench", get(desk::workbench))
        .route("/account/password", get(account::password_form).post(account::change_password))
        .route("/register", get(registration::form).post(registration::submit))
        .route("/my/household", get(registration::mine))
        .route("/admin/registrations", get(registration::queue))
        .route("/admin/registrations/{id}", post(registration::decide))
        .route("/admin/audit", get(audit::page))
        .route("/admin/audit.csv", get(audit::export))
}

/// Sessions, the signed-in account, registrations and the audit log: the API, under `/api/v1`.
pub(crate) fn api() -> Router<AppState> {
    Router::new()
        .route("/session", post(account::api_signin).delete(account::api_signout))
        .route("/session/code", post(account::api_code))
        .route("/me", get(account::me))
        .route("/audit", get(audit::api))
        .route("/registrations", post(registration::api))
}
