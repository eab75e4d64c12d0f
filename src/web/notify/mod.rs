//! The notification outbox through the API.

pub mod outbox;

use axum::Router;
use axum::routing::{get, post};

use crate::web::AppState;

/// The outbox for notification gateways: the API, under `/api/v1`.
pub(crate) fn api() -> Router<AppState> {
    Router::new()
        .route("/outbox", get(outbox::list))
        .route("/outbox/pending", get(outbox::take))
        .route("/outbox/{id}/sent", post(outbox::sent))
}
