//! The event category tree: read by anyone (it is what reporters choose
//! from), kept by system and district admins on a page and through the API.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};

use crate::app::events::category::Category;
use crate::app::events::category::{CategoryInput, may_edit};
use crate::domain::events::event::handler_zh;
use crate::domain::events::field::{DefinitionProblem, Field, Kind, parse_lines, to_lines};
use crate::web::AppState;
use crate::web::body::ApiJson;
use crate::web::caller::Caller;
use crate::web::caller::{Refusal, Visitor};
use crate::web::error::{ErrorCode, WebError};
use crate::web::shell::{Shell, own_page};

/// A category.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CategoryJson {
    /// Code.
    pub code: String,
    /// The parent's code.
    pub parent: Option<String>,
    /// Name.
    pub name: String,
    /// Handler key or department.
    pub handler: String,
    /// The handler in Chinese.
    pub handler_zh: String,
    /// Deadline in hours from dispatch.
    pub hours: i64,
    /// 事件 or 部件 (GB/T 30428).
    pub class: String,
    /// Offered to reporters.
    pub active: bool,
    /// Its requests are listed through Open311 without a key.
    pub public: bool,
    /// The extra fields it asks a reporter for (Open311 attributes).
    pub fields: Vec<FieldJson>,
}

/// An extra field of a category.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldJson {
    /// Lower-case letters, digits and `_`.
    pub code: String,
    /// What the reporter is asked.
    pub name: String,
    /// `text`, `number`, `date`, `choice` or `choices`.
    pub kind: String,
    /// Whether a report must give it.
    #[serde(default)]
    pub required: bool,
    /// The choices of a `choice` or `choices` field.
    #[serde(default)]
    pub choices: Vec<String>,
}

impl From<Field> for FieldJson {
    fn from(f: Field) -> Self {
        FieldJson {
            code: f.code,
            name: f.name,
            kind: f.kind.key().to_owned(),
            required: f.required,
            choices: f.choices,
        }
    }
}

impl FieldJson {
    fn field(self, line: usize) -> Result<Field, WebError> {
        let kind = Kind::parse(&self.kind).ok_or_else(|| {
            WebError::refused("fields", crate::app::refusal::Reason::CategoryFields(DefinitionProblem::Line(line)))
        })?;
        Ok(Field { code: self.code, name: self.name, kind, required: self.required, choices: self.choices })
    }
}

impl From<Category> for CategoryJson {
    fn from(c: Category) -> Self {
        CategoryJson {
            handler_zh: handler_zh(&c.handler).to_owned(),
            code: c.code,
            parent: c.parent,
            name: c.name,
            handler: c.handler,
            hours: c.hours,
            class: c.class,
            active: c.active,
            public: c.public,
            fields: c.fields.into_iter().map(Into::into).collect(),
        }
    }
}

/// The whole tree, parents before children.
#[utoipa::path(get, operation_id = "list_event_categories", path = "/api/v1/event-categories", tag = "events",
    responses((status = 200, body = Vec<CategoryJson>)))]
pub async fn api_list(State(state): State<AppState>) -> Result<axum::Json<Vec<CategoryJson>>, WebError> {
    Ok(axum::Json(state.app.categories().await?.into_iter().map(Into::into).collect()))
}

/// A category as written.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CategoryBody {
    /// Name.
    name: String,
    /// Handler key or department.
    handler: String,
    /// Deadline in hours (1–2160).
    hours: i64,
    /// 事件 or 部件.
    class: String,
    /// Offered to reporters.
    #[serde(default = "yes")]
    active: bool,
    /// Listed through Open311 without a key (false when left out).
    #[serde(default)]
    public: bool,
    /// The extra fields, in order (left out: those it has are kept).
    #[serde(default)]
    fields: Option<Vec<FieldJson>>,
}

fn yes() -> bool {
    true
}

/// Adds or changes a category (system or district admins).
#[utoipa::path(put, path = "/api/v1/event-categories/{code}", tag = "events", request_body = CategoryBody,
    params(("code" = String, Path, description = "2 digits, or 4 for a child")),
    responses((status = 200, body = CategoryJson), (status = 400, body = crate::web::error::ErrorBody), (status = 403, body = crate::web::error::ErrorBody)))]
pub async fn api_save(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(code): Path<String>,
    ApiJson(b): ApiJson<CategoryBody>,
) -> Result<axum::Json<CategoryJson>, WebError> {
    let user = caller.into_user()?;
    let input = CategoryInput {
        code,
        name: b.name,
        handler: b.handler,
        hours: b.hours,
        class: b.class,
        active: b.active,
        public: b.public,
        fields: match b.fields {
            Some(list) => Some(list.into_iter().enumerate().map(|(i, f)| f.field(i + 1)).collect::<Result<_, _>>()?),
            None => None,
        },
    };
    let row = state.app.save_category(&user, &peer.ip().to_string(), &input).await?;
    let saved = state.app.categories().await?.into_iter().find(|c| c.code == row.code).ok_or(ErrorCode::NotFound);
    Ok(axum::Json(saved.map_err(WebError::new)?.into()))
}

/// The form's fields.
#[derive(Debug, Default, Deserialize)]
pub struct CategoryForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    handler: String,
    #[serde(default)]
    hours: String,
    #[serde(default)]
    class: String,
    #[serde(default)]
    active: Option<String>,
    #[serde(default)]
    public: Option<String>,
    /// The extra fields, a line each.
    #[serde(default)]
    fields: String,
}

/// What the form shows.
struct Filled {
    code: String,
    name: String,
    handler: String,
    hours: String,
    class: String,
    active: bool,
    public: bool,
    fields: String,
}

#[derive(Template)]
#[template(path = "categories.html")]
struct CategoriesPage {
    shell: Shell,
    categories: Vec<Category>,
    form: Filled,
    message: Option<String>,
    saved: bool,
}

impl CategoriesPage {
    fn handler(&self, key: &str) -> String {
        handler_zh(key).to_owned()
    }
}

/// `?code=`: a category to edit.
#[derive(Debug, Deserialize)]
pub struct EditQuery {
    #[serde(default)]
    code: String,
}

async fn page_with(
    state: &AppState,
    v: &Visitor,
    form: Filled,
    status: StatusCode,
    message: Option<(String, bool)>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    if !may_edit(user) {
        return Err(WebError::new(ErrorCode::Forbidden).into());
    }
    let categories = state.app.categories().await?;
    let (message, saved) = message.map_or((None, false), |(m, ok)| (Some(m), ok));
    own_page(status, CategoriesPage { shell: v.shell(), categories, form, message, saved })
}

/// `GET /admin/categories`: the tree and the form.
pub async fn page(State(state): State<AppState>, v: Visitor, Query(q): Query<EditQuery>) -> Result<Response, Refusal> {
    let found = state.app.categories().await?.into_iter().find(|c| c.code == q.code);
    let form = match found {
        Some(c) => Filled {
            code: c.code,
            name: c.name,
            handler: c.handler,
            hours: c.hours.to_string(),
            class: c.class,
            active: c.active,
            public: c.public,
            fields: to_lines(&c.fields),
        },
        None => Filled {
            code: String::new(),
            name: String::new(),
            handler: "community_staff".into(),
            hours: "72".into(),
            class: "事件".into(),
            active: true,
            public: false,
            fields: String::new(),
        },
    };
    page_with(&state, &v, form, StatusCode::OK, None).await
}

/// `POST /admin/categories`: saves the form.
pub async fn save(
    State(state): State<AppState>,
    v: Visitor,
    axum::extract::Form(f): axum::extract::Form<CategoryForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let fields = parse_lines(&f.fields);
    let input = CategoryInput {
        code: f.code.clone(),
        name: f.name.clone(),
        handler: f.handler.clone(),
        hours: f.hours.trim().parse().unwrap_or(0),
        class: f.class.clone(),
        active: f.active.is_some(),
        public: f.public.is_some(),
        fields: fields.as_ref().ok().cloned(),
    };
    let filled = Filled {
        code: f.code,
        name: f.name,
        handler: f.handler,
        hours: f.hours,
        class: f.class,
        active: input.active,
        public: input.public,
        fields: f.fields,
    };
    if let Err(p) = fields {
        let why = v.prefs.lang.refusal(&crate::app::refusal::Reason::CategoryFields(p));
        return page_with(&state, &v, filled, StatusCode::UNPROCESSABLE_ENTITY, Some((why, false))).await;
    }
    match state.app.save_category(user, &v.ip, &input).await {
        Ok(_) => {
            let done = v.prefs.lang.texts().common.saved.to_owned();
            page_with(&state, &v, filled, StatusCode::OK, Some((done, true))).await
        }
        Err(crate::app::Error::Invalid { reason, .. }) => {
            page_with(
                &state,
                &v,
                filled,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some((v.prefs.lang.refusal(&reason), false)),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
