//! Stored photos as pages and the API serve them: the file name in the
//! path (`<id>` or `<id>.thumb`) and the response.

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use crate::web::error::{ErrorCode, WebError};

/// `<id>` or `<id>.thumb`.
pub fn photo_file(file: &str) -> Result<(Uuid, bool), WebError> {
    let (id, thumb) = match file.strip_suffix(".thumb") {
        Some(id) => (id, true),
        None => (file, false),
    };
    Ok((Uuid::parse_str(id).map_err(|_| WebError::new(ErrorCode::NotFound))?, thumb))
}

/// A photo's bytes as a response.
pub fn picture((content_type, bytes): (String, Vec<u8>)) -> Response {
    // Photos never change: a client may keep them, but only for itself.
    ([(CONTENT_TYPE, content_type), (CACHE_CONTROL, "private, max-age=86400".into())], bytes).into_response()
}
