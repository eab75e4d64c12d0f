//! Community life on the web: notices (通知公告).

pub mod notice;

use axum::Router;
use axum::routing::{get, post};

use crate::web::AppState;

/// Notice pages (outside `/api/v1`).
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/notices", get(notice::list_page))
        .route("/notices/new", get(notice::new_page).post(notice::new_submit))
        .route("/notices/{id}", get(notice::show_page))
        .route("/notices/{id}/unread", get(notice::unread_page))
        .route("/notices/{id}/told", post(notice::told_submit))
        .route("/notices/{id}/withdraw", post(notice::withdraw_submit))
        .route("/notices/{id}/poster", get(notice::poster_page))
        .route("/my/notices", get(notice::mine_page))
}

/// Notices: the API, under `/api/v1`.
pub(crate) fn api() -> Router<AppState> {
    Router::new()
        .route("/notices", get(notice::api_list).post(notice::api_publish))
        .route("/notices/{id}", get(notice::api_show))
        .route("/notices/{id}/unread", get(notice::api_unread))
        .route("/notices/{id}/told", post(notice::api_told))
        .route("/notices/{id}/withdraw", post(notice::api_withdraw))
        .route("/my/notices", get(notice::api_mine))
}
