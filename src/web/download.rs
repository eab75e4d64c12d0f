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

/// A file to download under the name it was given (RFC 6266: an ASCII
/// fallback, and the real name percent-encoded as UTF-8 in `filename*`).
pub fn named(content_type: &str, name: &str, body: Vec<u8>) -> Response {
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    let ext = name
        .rsplit('.')
        .next()
        .filter(|e| e.len() <= 5 && e.bytes().all(|b| b.is_ascii_alphanumeric()))
        .unwrap_or("bin");
    (
        [
            (axum::http::header::CONTENT_TYPE, content_type.to_owned()),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"linli-file.{ext}\"; filename*=UTF-8''{encoded}"),
            ),
            (axum::http::header::CACHE_CONTROL, "private, max-age=3600".to_owned()),
        ],
        body,
    )
        .into_response()
}
