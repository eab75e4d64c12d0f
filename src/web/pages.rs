//! The pages above the areas: the home page, the region browser and the
//! API described for people.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use serde_json::Value;

use super::AppState;
use super::caller::Visitor;
use super::error::{ErrorCode, WebError};
use super::shell::{Shell, html};
use crate::app::registry::region::{RegionRow, RegionView};
use crate::domain::registry::region::RegionCode;

#[derive(Template)]
#[template(path = "home.html")]
struct Home {
    shell: Shell,
    home: Option<RegionView>,
    communities: Vec<RegionRow>,
}

impl Home {
    /// Where a served community lies, as people say it (滨河街道), not its code.
    fn street_of(&self, c: &RegionRow) -> &str {
        let parent = c.parent_code.as_deref().unwrap_or_default();
        self.home.as_ref().and_then(|h| h.children.iter().find(|s| s.code == parent)).map_or("", |s| s.name.as_str())
    }
}

/// `GET /`: what linli is, the communities it serves and the home region's
/// subdivisions to browse.
pub async fn home(State(state): State<AppState>, v: Visitor) -> Result<Html<String>, WebError> {
    let served = state.served().await?;
    html(Home { shell: v.shell(), home: served.home, communities: served.communities })
}

#[derive(Template)]
#[template(path = "region.html")]
struct RegionPage {
    shell: Shell,
    view: RegionView,
    /// The public notices showing there.
    notices: Vec<linli_store::life::notice::NoticeRow>,
    /// A community's public activities that have not ended.
    activities: Vec<linli_store::life::activity::ActivityRow>,
}

impl RegionPage {
    fn span(&self, a: &linli_store::life::activity::ActivityRow) -> String {
        let end = crate::domain::time::zone().local(a.ends_at).format("%H:%M");
        format!("{}–{end}", crate::domain::time::shown_minute(a.starts_at))
    }
}

/// `GET /regions/{code}`: a region with breadcrumbs and its subdivisions.
pub async fn region(
    State(state): State<AppState>,
    v: Visitor,
    Path(code): Path<String>,
) -> Result<Html<String>, WebError> {
    let code = RegionCode::parse(&code).map_err(|_| WebError::new(ErrorCode::InvalidRegionCode))?;
    let view = state.app.region(&code).await?;
    let notices = state.app.public_notices(&code).await?;
    let activities = state.app.public_activities(code.as_str()).await?;
    html(RegionPage { shell: v.shell(), view, notices, activities })
}

/// One operation of the API, for the docs page.
pub struct DocOp {
    method: String,
    path: String,
    summary: String,
    description: String,
    params: Vec<(String, String, String)>,
    body: Option<String>,
    responses: Vec<(String, String)>,
}

/// One schema with its properties (name, type, description).
pub struct DocSchema {
    name: String,
    props: Vec<(String, String, String)>,
}

fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or_default().to_owned()
}

fn type_of(v: &Value) -> String {
    if let Some(r) = v.get("$ref").and_then(Value::as_str) {
        return r.rsplit('/').next().unwrap_or(r).to_owned();
    }
    if let Some(items) = v.get("items") {
        return format!("[{}]", type_of(items));
    }
    match v.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(" | "),
        _ => v
            .get("oneOf")
            .and_then(Value::as_array)
            .map_or("object".into(), |alts| alts.iter().map(type_of).collect::<Vec<_>>().join(" | ")),
    }
}

/// Flattens the OpenAPI document into rows the docs page can show.
pub fn doc_rows(doc: &Value) -> (Vec<DocOp>, Vec<DocSchema>) {
    let mut ops = Vec::new();
    for (path, item) in doc.get("paths").and_then(Value::as_object).into_iter().flatten() {
        for method in ["get", "post", "put", "patch", "delete"] {
            let Some(op) = item.get(method) else { continue };
            let params = op
                .get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|p| (text(p, "name"), p.get("schema").map(type_of).unwrap_or_default(), text(p, "description")))
                .collect();
            let body = op.pointer("/requestBody/content/application~1json/schema").map(type_of);
            let responses = op
                .get("responses")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(status, r)| {
                    let schema = r.pointer("/content/application~1json/schema").map(type_of);
                    let desc = text(r, "description");
                    (status.clone(), schema.map_or(desc.clone(), |s| format!("{s} — {desc}")))
                })
                .collect();
            ops.push(DocOp {
                method: method.to_uppercase(),
                path: path.clone(),
                summary: text(op, "summary"),
                description: text(op, "description"),
                params,
                body,
                responses,
            });
        }
    }
    let schemas = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(name, s)| DocSchema {
            name: name.clone(),
            props: s
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(p, v)| (p.clone(), type_of(v), text(v, "description")))
                .collect(),
        })
        .collect();
    (ops, schemas)
}

#[derive(Template)]
#[template(path = "api_docs.html")]
struct ApiDocs<'a> {
    shell: Shell,
    ops: &'a [DocOp],
    schemas: &'a [DocSchema],
}

/// `GET /api/docs`: the API described for people, rendered here, offline.
pub async fn api_docs(State(state): State<AppState>, v: Visitor) -> Result<Html<String>, WebError> {
    let (ops, schemas) = doc_rows(&state.openapi);
    html(ApiDocs { shell: v.shell(), ops: &ops, schemas: &schemas })
}
