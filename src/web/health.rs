//! Probes for load balancers and orchestrators.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::AppState;
use super::error::OwnBody;

/// `GET /healthz`: the process is alive. Touches nothing else.
#[utoipa::path(get, path = "/healthz", tag = "ops", responses((status = 200, description = "alive", body = String)))]
pub async fn healthz() -> &'static str {
    "ok"
}

/// Readiness of the instance.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Readiness {
    /// `ready` or `not_ready`.
    pub status: &'static str,
    /// `sqlite` or `postgres`.
    pub database: &'static str,
    /// Applied schema version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema_version: Option<i64>,
    /// Schema version this binary needs.
    pub schema_expected: i64,
    /// Why not ready.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// `GET /readyz`: the database answers and its schema is current.
#[utoipa::path(get, path = "/readyz", tag = "ops", responses(
    (status = 200, description = "ready", body = Readiness),
    (status = 503, description = "database unreachable or schema not current", body = Readiness)))]
pub async fn readyz(State(state): State<AppState>) -> Response {
    let expected = linli_store::migrations::latest();
    let database = state.app.backend().name();
    let (status, body) = match state.app.readiness().await {
        Ok(s) if s.is_current() => (
            StatusCode::OK,
            Readiness {
                status: "ready",
                database,
                schema_version: Some(s.current),
                schema_expected: expected,
                reason: None,
            },
        ),
        Ok(s) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Readiness {
                status: "not_ready",
                database,
                schema_version: Some(s.current),
                schema_expected: expected,
                reason: Some("schema is not current".into()),
            },
        ),
        Err(e) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Readiness {
                status: "not_ready",
                database,
                schema_version: None,
                schema_expected: expected,
                reason: Some(e.to_string()),
            },
        ),
    };
    let mut res = (status, Json(body)).into_response();
    res.extensions_mut().insert(OwnBody);
    res
}
