//! Mediation, petitions and the 科技法庭 on the web, and the 三零 figures:
//! pages and the API.

pub mod case;
pub mod zero;

use axum::Router;
use axum::routing::{get, post};

use crate::web::AppState;
use crate::web::caller::{Refusal, Visitor};

/// The most a form or JSON body of mediation may carry.
const BODY: usize = 64 * 1024;

/// The words of a stored code, from a table of (code, words).
pub(crate) fn word(table: &[(&'static str, &'static str)], code: &str) -> &'static str {
    table.iter().find(|(c, _)| *c == code).map_or("", |(_, w)| w)
}

/// The communities where the user registers cases, by name.
pub(crate) async fn kept_communities(state: &AppState, v: &Visitor) -> Result<Vec<(String, String)>, Refusal> {
    let user = v.signed_in()?;
    let prefixes: Vec<String> = user
        .account
        .grants
        .iter()
        .map(|(_, c)| crate::app::access::account::significant_prefix(c).chars().take(12).collect())
        .collect();
    let mut codes: Vec<String> = state
        .app
        .community_codes_under(&prefixes)
        .await?
        .into_iter()
        .filter(|c| crate::app::mediation::keeps_cases(user, c))
        .collect();
    codes.sort();
    codes.dedup();
    let names = state.app.short_names(&codes).await?;
    Ok(codes.into_iter().map(|c| (c.clone(), names.get(&c).cloned().unwrap_or(c))).collect())
}

/// The pages.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/mediation", get(case::list_page))
        .route("/mediation/new", get(case::new_page))
        .route("/mediation/cases", get(case::to_list).post(case::new_submit))
        .route("/mediation/{id}", get(case::case_page))
        .route("/mediation/{id}/act", get(case::to_case).post(case::act_submit))
        .route("/mediation/{id}/sessions", get(case::to_case).post(case::session_submit))
        .route("/mediation/{id}/schedule", get(case::to_case).post(case::schedule_submit))
        .route("/mediation/{id}/reveal", get(case::to_case).post(case::reveal_submit))
        .route("/mediation/{id}/agreement", get(case::agreement_page).post(case::agreement_submit))
        .route("/mediation/zero", get(zero::zero_page))
        .route("/mediation/incidents", get(zero::to_zero).post(zero::incident_submit))
        .layer(axum::extract::DefaultBodyLimit::max(BODY))
}

/// The API.
pub(crate) fn api() -> Router<AppState> {
    Router::new()
        .route("/mediation/cases", get(case::api_list).post(case::api_register))
        .route("/mediation/cases/{id}", get(case::api_show))
        .route("/mediation/cases/{id}/actions", post(case::api_act))
        .route("/mediation/cases/{id}/sessions", post(case::api_session))
        .route("/mediation/zero", get(zero::api_zero))
        .route("/mediation/incidents", post(zero::api_incident))
        .layer(axum::extract::DefaultBodyLimit::max(BODY))
}
