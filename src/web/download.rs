//! A file sent to download, named `linli-<name>-<time>.<ext>`.

use axum::response::{IntoResponse, Response};

/// A file to download, named `linli-{name}-{time}.{ext}`.
pub fn attachment(content_type: &str, name: &str, ext: &str, body: Vec<u8>) -> Response {
    // The local time people see on the pages, not UTC.
    let stamp = crate::domain::time::zone().local(chrono::Utc::now()).format("%Y%m%d-%H%M%S");
    (
        [
            (axum::http::header::CONTENT_TYPE, content_type.to_owned()),
            (axum::http::header::CONTENT_DISPOSITION, format!("attachment; filename=\"linli-{name}-{stamp}.{ext}\"")),
        ],
        body,
    )
        .into_response()
}
