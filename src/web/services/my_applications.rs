//! A resident's own applications (made signed in), on a page and through
//! the API.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::visit::local;
use crate::app::services::service::ApplicationView;
use crate::web::AppState;
use crate::web::caller::{Caller, Refusal, Visitor};
use crate::web::error::WebError;
use crate::web::shell::{Shell, own_page};

/// A resident's own applications (made signed in), newest first.
#[utoipa::path(get, path = "/api/v1/my/applications", tag = "services",
    responses((status = 200, body = Vec<crate::web::services::service::ApplicationJson>)))]
pub async fn api_my_applications(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<axum::Json<Vec<crate::web::services::service::ApplicationJson>>, WebError> {
    let user = caller.into_user()?;
    Ok(axum::Json(state.app.my_applications(&user).await?.into_iter().map(Into::into).collect()))
}

#[derive(askama::Template)]
#[template(path = "my_applications.html")]
struct MinePage {
    shell: Shell,
    list: Vec<ApplicationView>,
}

impl MinePage {
    fn day(&self, at: &DateTime<Utc>) -> String {
        local(*at)
    }
}

/// `GET /my/applications`: a resident's own applications.
pub async fn my_applications(State(state): State<AppState>, v: Visitor) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let list = state.app.my_applications(user).await?;
    own_page(StatusCode::OK, MinePage { shell: v.shell(), list })
}

/// `GET /my/applications/{id}`: one of them, with its steps.
pub async fn my_application(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let found = state.app.my_application(user, id).await?;
    crate::web::services::service::track_result(&v, found)
}
