//! An application's page for staff: its facts, what was filled, its steps,
//! and the step form offering only what the viewer's level may take.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use uuid::Uuid;

use crate::app::services::service::ApplicationView;
use crate::domain::services::service::Action;
use crate::web::AppState;
use crate::web::upload::WithPhotos;

#[derive(askama::Template)]
#[template(path = "application.html")]
pub(super) struct DetailPage {
    shell: crate::web::shell::Shell,
    a: ApplicationView,
    message: Option<String>,
    /// What was chosen and typed, kept when the step is refused.
    typed: StepForm,
    /// What went well (代办 submitted), said as such.
    done: Option<String>,
    /// The message is the reveal form's refusal, said beside it.
    reveal_refused: bool,
}

/// `?submitted=1`: just made on a resident's behalf (代办).
#[derive(Debug, Default, Deserialize)]
pub struct DetailQuery {
    #[serde(default)]
    submitted: Option<u8>,
}

/// `GET /applications/{id}`: an application, its steps and what can be done.
pub async fn detail_page(
    State(state): State<AppState>,
    v: crate::web::caller::Visitor,
    Path(id): Path<Uuid>,
    axum::extract::Query(q): axum::extract::Query<DetailQuery>,
) -> Result<axum::response::Response, crate::web::caller::Refusal> {
    let user = v.signed_in()?;
    let a = state.app.application(user, id).await?;
    let done = q.submitted.map(|_| v.prefs.lang.texts().resident.proxy_done.replace("{code}", &a.row.code));
    crate::web::shell::own_page(
        StatusCode::OK,
        DetailPage { shell: v.shell(), a, message: None, typed: StepForm::default(), done, reveal_refused: false },
    )
}

/// The step form: action, what is missing (comma-separated), why.
#[derive(Debug, Default, Deserialize)]
pub struct StepForm {
    action: String,
    #[serde(default)]
    missing: String,
    #[serde(default)]
    reason: String,
}

/// `POST /applications/{id}`: a step from the page.
pub async fn act_page(
    State(state): State<AppState>,
    v: crate::web::caller::Visitor,
    Path(id): Path<Uuid>,
    WithPhotos { body: f, photos, .. }: WithPhotos<StepForm>,
) -> Result<axum::response::Response, crate::web::caller::Refusal> {
    let user = v.signed_in()?;
    let missing: Vec<String> =
        f.missing.split(['，', ',', '、']).map(str::trim).filter(|m| !m.is_empty()).map(str::to_owned).collect();
    let result = match Action::parse(&f.action, missing, f.reason.clone()) {
        Some(action) => state.app.act_on_application(user, &v.ip, id, (action, Some(f.reason.as_str())), photos).await,
        None => Err(crate::app::Error::invalid("action", crate::app::refusal::Reason::ChooseStep)),
    };
    match result {
        Ok(a) => crate::web::shell::own_page(
            StatusCode::OK,
            DetailPage {
                shell: v.shell(),
                a,
                message: None,
                typed: StepForm::default(),
                done: None,
                reveal_refused: false,
            },
        ),
        Err(crate::app::Error::Invalid { reason, .. }) => {
            let a = state.app.application(user, id).await?;
            let message = Some(v.prefs.lang.refusal(&reason));
            crate::web::shell::own_page(
                StatusCode::UNPROCESSABLE_ENTITY,
                DetailPage { shell: v.shell(), a, message, typed: f, done: None, reveal_refused: false },
            )
        }
        Err(e) => Err(e.into()),
    }
}

/// The reason for seeing card and account numbers in full.
#[derive(Debug, Deserialize)]
pub struct RevealForm {
    #[serde(default)]
    reason: String,
}

/// `POST /applications/{id}/reveal`: the numbers an applicant filled, in
/// full, for whoever takes the next step, for a stated reason, audited.
pub async fn reveal_page(
    State(state): State<AppState>,
    v: crate::web::caller::Visitor,
    Path(id): Path<Uuid>,
    axum::Form(f): axum::Form<RevealForm>,
) -> Result<axum::response::Response, crate::web::caller::Refusal> {
    let user = v.signed_in()?;
    let (a, status, message) = match state.app.reveal_application_numbers(user, &v.ip, id, &f.reason).await {
        Ok(a) => (a, StatusCode::OK, None),
        Err(crate::app::Error::Invalid { reason, .. }) => (
            state.app.application(user, id).await?,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(v.prefs.lang.refusal(&reason)),
        ),
        Err(e) => return Err(e.into()),
    };
    let reveal_refused = message.is_some();
    let page = DetailPage { shell: v.shell(), a, message, typed: StepForm::default(), done: None, reveal_refused };
    crate::web::shell::own_page(status, page)
}
