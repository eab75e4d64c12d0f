//! Applying for a service (办事): a resident's own form, or staff's for a
//! resident (代办); refused, the form comes back as typed with the photos
//! already sent kept and the message by its field.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::Deserialize;
use uuid::Uuid;

use crate::app::services::service::NewApplication;
use crate::domain::services::service::Item;
use crate::web::AppState;
use crate::web::error::{ErrorCode, WebError};
use crate::web::form::Problem;
use crate::web::upload::{Kept, WithPhotos};

#[derive(askama::Template)]
#[template(path = "service_apply.html")]
struct ApplyPage {
    shell: crate::web::shell::Shell,
    item: Item,
    communities: Vec<(String, String)>,
    staff: bool,
    /// 代办 at the counter: the resident found in the registry.
    person: Option<crate::app::registry::person::PersonCard>,
    /// What was typed (name, value), when the form comes back.
    typed: Vec<(String, String)>,
    kept: Kept,
    problem: Problem,
}

impl ApplyPage {
    fn typed(&self, name: &str) -> &str {
        self.typed.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
    }

    fn item_field(&self, field: &str) -> &str {
        self.typed(&format!("field:{field}"))
    }

    fn item_field_problem(&self, field: &str) -> Option<&str> {
        self.problem.at(&format!("field:{field}"))
    }

    fn kept_text(&self) -> String {
        self.shell.t.resident.photos_kept.replace("{n}", &self.kept.count.to_string())
    }
}

/// `?person=`: 代办 for a resident found in the registry.
#[derive(Debug, Default, Deserialize)]
pub struct ApplyQuery {
    #[serde(default)]
    person: Option<Uuid>,
}

async fn apply_page_with(
    state: &AppState,
    v: &crate::web::caller::Visitor,
    code: &str,
    person: Option<Uuid>,
    status: StatusCode,
    (typed, kept, problem): (Vec<(String, String)>, Kept, Problem),
) -> Result<axum::response::Response, crate::web::caller::Refusal> {
    let user = v.signed_in()?;
    let item = state.app.service_item(code).await?.filter(|i| i.active).ok_or(WebError::new(ErrorCode::NotFound))?;
    let communities = state.app.communities_served().await?;
    let staff = user.account.is_staff();
    let person = match person.filter(|_| staff) {
        Some(id) => Some(state.app.person(user, id).await?.0),
        None => None,
    };
    let page = ApplyPage { shell: v.shell(), item, communities, staff, person, typed, kept, problem };
    crate::web::shell::own_page(status, page)
}

/// `GET /services/{code}/apply`: the item's form (signed in: a resident for
/// themselves, staff for a resident — 代办, from the registry with `?person=`).
pub async fn apply_form(
    State(state): State<AppState>,
    v: crate::web::caller::Visitor,
    Path(code): Path<String>,
    Query(q): Query<ApplyQuery>,
) -> Result<axum::response::Response, crate::web::caller::Refusal> {
    // A resident applying for herself starts with her name and phone.
    let (name, phone) = state.app.own_contact(v.signed_in()?);
    let typed = [("name", name), ("phone", phone)].into_iter().filter(|(_, v)| !v.is_empty());
    let typed = typed.map(|(k, v)| (k.to_owned(), v)).collect();
    apply_page_with(&state, &v, &code, q.person, StatusCode::OK, (typed, Kept::none(), Problem::none())).await
}

/// `POST /services/{code}/apply`: takes the application, then shows its progress.
pub async fn apply_submit(
    State(state): State<AppState>,
    v: crate::web::caller::Visitor,
    Path(code): Path<String>,
    WithPhotos { body: pairs, photos, .. }: WithPhotos<Vec<(String, String)>>,
) -> Result<axum::response::Response, crate::web::caller::Refusal> {
    let user = v.signed_in()?;
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let photos = Kept::with_sent(&state, &get("upload"), photos).await?;
    // What goes back into the form, bounded as the fields are.
    let typed: Vec<(String, String)> = pairs
        .iter()
        .filter(|(k, _)| k != "_csrf" && k != "upload")
        .take(64)
        .map(|(k, v)| (k.chars().take(64).collect(), v.chars().take(500).collect()))
        .collect();
    let fields = pairs
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("field:").map(|f| (f.to_owned(), serde_json::Value::String(v.clone()))))
        .collect();
    // A community that is no community's code is refused by its field, as
    // one the registry does not know.
    let community = crate::web::codes::community_if_given(&get("community"))
        .map_err(|_| crate::app::Error::invalid("community", crate::app::refusal::Reason::ChooseCommunity));
    let applied = match community {
        Ok(community) => {
            let new = NewApplication {
                item: code.clone(),
                community,
                name: get("name"),
                phone: get("phone"),
                consent: Some(get("consent")).filter(|c| !c.trim().is_empty()),
                fields,
                person: get("person").parse().ok(),
                photos: photos.clone(),
            };
            state.app.apply_for_service(user, &v.ip, new).await
        }
        Err(e) => Err(e),
    };
    match applied {
        // Made: its page by GET, so that reloading cannot apply twice (the
        // phone stays out of any URL). Staff go on to the application; a
        // resident sees its progress.
        Ok((id, _)) if user.account.is_staff() => {
            Ok(axum::response::Redirect::to(&format!("/applications/{id}?submitted=1")).into_response())
        }
        Ok((id, _)) => Ok(axum::response::Redirect::to(&format!("/my/applications/{id}")).into_response()),
        Err(crate::app::Error::Invalid { field, reason }) => {
            let person = get("person").parse().ok();
            let at = match &reason {
                crate::app::refusal::Reason::FillIn { name } => format!("field:{name}"),
                _ => field.to_owned(),
            };
            let kept = Kept::keep(&state, &photos, Some(field)).await?;
            let problem = Problem::at_field(&at, v.prefs.lang.refusal(&reason));
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            apply_page_with(&state, &v, &code, person, status, (typed, kept, problem)).await
        }
        Err(e) => Err(e.into()),
    }
}
