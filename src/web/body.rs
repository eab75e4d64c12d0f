//! JSON bodies, taken one way everywhere: a body that is malformed, too
//! large, of another content type or of the wrong shape is refused with
//! linli's error body (`invalid_json`, `body_too_large`,
//! `unsupported_media_type`), never axum's plain text.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

use crate::web::error::{ErrorCode, WebError};

/// A JSON body (`Content-Type: application/json`).
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, WebError> {
        Ok(ApiJson(Json::<T>::from_request(req, state).await?.0))
    }
}

/// A JSON body that may be left out: an empty body is `T::default()`. Read
/// whatever the content type, since a client sending nothing often names none.
pub struct OptionalJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Default> FromRequest<S> for OptionalJson<T> {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, WebError> {
        let body = Bytes::from_request(req, state).await.map_err(|e| {
            WebError::new(match e.status() {
                StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::BodyTooLarge,
                _ => ErrorCode::InvalidInput,
            })
        })?;
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptionalJson(T::default()));
        }
        serde_json::from_slice(&body).map(OptionalJson).map_err(|e| WebError {
            code: ErrorCode::InvalidJson,
            field: None,
            detail: Some(e.to_string()),
            reason: None,
        })
    }
}
