//! A body with photos: the same fields arrive as JSON or a plain form, or as
//! `multipart/form-data` with the photos as `photo` parts (and, from API
//! clients, the fields as one `json` part). One extractor serves the pages
//! and the API, so a report or a step takes photos the same way everywhere.

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header::CONTENT_TYPE;
use serde::de::DeserializeOwned;

use super::AppState;
use super::body::ApiJson;
use super::error::{ErrorCode, WebError};

/// The fields (`T`) and the photos of a request.
pub struct WithPhotos<T> {
    /// The fields.
    pub body: T,
    /// Each `photo` part's bytes, empty parts left out.
    pub photos: Vec<Vec<u8>>,
    /// Each `attachment` (or `audio`) part: its file name and bytes, empty
    /// parts left out (only notices and study items take them; elsewhere
    /// they are ignored).
    pub attachments: Vec<(String, Vec<u8>)>,
}

fn bad(detail: impl Into<String>) -> WebError {
    WebError { code: ErrorCode::InvalidInput, field: None, detail: Some(detail.into()), reason: None }
}

impl<T: DeserializeOwned> FromRequest<AppState> for WithPhotos<T> {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, WebError> {
        let kind = req.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        if kind.starts_with("multipart/form-data") {
            let mut parts = Multipart::from_request(req, state).await.map_err(|_| bad("multipart body expected"))?;
            let (mut json, mut fields, mut photos, mut attachments) = (None, Vec::new(), Vec::new(), Vec::new());
            while let Some(part) = parts.next_field().await.map_err(|_| WebError::new(ErrorCode::BodyTooLarge))? {
                match part.name().map(str::to_owned).as_deref() {
                    Some("photo") => {
                        let bytes = part.bytes().await.map_err(|_| WebError::new(ErrorCode::BodyTooLarge))?;
                        if !bytes.is_empty() {
                            photos.push(bytes.to_vec());
                        }
                    }
                    Some("attachment" | "audio") => {
                        let name = part.file_name().unwrap_or_default().to_owned();
                        let bytes = part.bytes().await.map_err(|_| WebError::new(ErrorCode::BodyTooLarge))?;
                        if !bytes.is_empty() {
                            attachments.push((name, bytes.to_vec()));
                        }
                    }
                    Some("json") => json = Some(part.bytes().await.map_err(|_| bad("json part unreadable"))?),
                    Some(name) => {
                        let name = name.to_owned();
                        fields.push((name, part.text().await.map_err(|_| bad("a field is not text"))?));
                    }
                    None => {}
                }
            }
            let body = match json {
                Some(j) => serde_json::from_slice(&j).map_err(|e| bad(e.to_string()))?,
                None => {
                    let encoded = serde_urlencoded::to_string(&fields).map_err(|e| bad(e.to_string()))?;
                    serde_urlencoded::from_str(&encoded).map_err(|e| bad(e.to_string()))?
                }
            };
            return Ok(WithPhotos { body, photos, attachments });
        }
        if kind.starts_with("application/x-www-form-urlencoded") {
            let axum::Form(body) = axum::Form::<T>::from_request(req, state).await.map_err(|e| bad(e.body_text()))?;
            return Ok(WithPhotos { body, photos: Vec::new(), attachments: Vec::new() });
        }
        let ApiJson(body) = ApiJson::<T>::from_request(req, state).await?;
        Ok(WithPhotos { body, photos: Vec::new(), attachments: Vec::new() })
    }
}

/// Photos a refused form keeps (see [`crate::app::system::pending`]): the
/// token the re-rendered form carries, and how many wait under it.
#[derive(Debug, Clone, Default)]
pub struct Kept {
    /// Goes back in the form's hidden `upload` field.
    pub token: String,
    /// Photos waiting.
    pub count: usize,
}

impl Kept {
    /// Nothing kept.
    pub fn none() -> Kept {
        Kept::default()
    }

    /// Whether photos wait.
    pub fn any(&self) -> bool {
        self.count > 0
    }

    /// The photos a form sent again: the kept ones (taken, so that they are
    /// used once) before the newly chosen ones.
    pub async fn with_sent(state: &AppState, token: &str, sent: Vec<Vec<u8>>) -> Result<Vec<Vec<u8>>, WebError> {
        let mut photos = state.app.take_uploads(token.trim()).await?;
        photos.extend(sent);
        Ok(photos)
    }

    /// Keeps a refused form's photos — unless the photos were what was
    /// refused (they are chosen again then).
    pub async fn keep(state: &AppState, photos: &[Vec<u8>], refused_field: Option<&str>) -> Result<Kept, WebError> {
        if refused_field == Some("photo") {
            return Ok(Kept::none());
        }
        Ok(match state.app.keep_uploads(photos).await? {
            Some(token) => Kept { count: photos.len().min(crate::domain::photo::MAX_PER_STEP), token },
            None => Kept::none(),
        })
    }
}
