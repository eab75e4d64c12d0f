//! The households a grid worker or staff member looks after.

use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use uuid::Uuid;

use super::AppState;
use super::account::{Refusal, Visitor};
use super::error::{ErrorCode, WebError};
use super::pages::Shell;
use crate::app::registry::HouseholdView;

#[derive(Template)]
#[template(path = "households.html")]
struct ListPage {
    shell: Shell,
    households: Vec<HouseholdView>,
}

#[derive(Template)]
#[template(path = "household.html")]
struct DetailPage {
    shell: Shell,
    h: HouseholdView,
    message: Option<String>,
}

fn html<T: Template>(status: StatusCode, page: T) -> Result<Response, Refusal> {
    let body = page.render().map_err(|_| WebError::new(ErrorCode::Internal))?;
    let mut res = (status, Html(body)).into_response();
    res.extensions_mut().insert(super::error::OwnBody);
    Ok(res)
}

fn household_id(text: &str) -> Result<Uuid, Refusal> {
    // A malformed id is as unknown as a missing one.
    Uuid::parse_str(text).map_err(|_| WebError::new(ErrorCode::NotFound).into())
}

/// `GET /households`: the households in the user's scope.
pub async fn list(State(state): State<AppState>, v: Visitor) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let households = state.app.households(user, 500).await?;
    html(StatusCode::OK, ListPage { shell: v.shell(), households })
}

/// `GET /households/{id}`: one household; 404 outside the user's scope.
pub async fn show(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let h = state.app.household(user, household_id(&id)?).await?;
    html(StatusCode::OK, DetailPage { shell: v.shell(), h, message: None })
}

/// The "show full ID number" form.
#[derive(Debug, Deserialize)]
pub struct RevealForm {
    person: String,
    reason: String,
}

/// `POST /households/{id}/reveal`: one full ID number, for a stated reason, audited.
pub async fn reveal(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Form(form): Form<RevealForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let household = household_id(&id)?;
    let person = Uuid::parse_str(&form.person).map_err(|_| WebError::new(ErrorCode::NotFound))?;
    match state.app.reveal_id(user, &v.ip, household, person, &form.reason).await {
        Ok(h) => html(StatusCode::OK, DetailPage { shell: v.shell(), h, message: None }),
        Err(crate::app::Error::Invalid { field: "reason", .. }) => {
            let h = state.app.household(user, household).await?;
            let message = Some(v.prefs.lang.texts().reveal_reason_needed.to_owned());
            html(StatusCode::UNPROCESSABLE_ENTITY, DetailPage { shell: v.shell(), h, message })
        }
        Err(e) => Err(e.into()),
    }
}
