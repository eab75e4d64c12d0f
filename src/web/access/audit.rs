//! The audit log for admins (a searchable page and CSV export) and for log
//! collectors (the API, with a token of scope `audit`).

use askama::Template;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use linli_store::access::audit::{AuditRow, Filter};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::app::access::auth::User;
use crate::app::access::token::Scope;
use crate::web::AppState;
use crate::web::caller::{Caller, Refusal, Visitor};
use crate::web::error::{ErrorBody, ErrorCode, WebError};
use crate::web::shell::Shell;

/// Admins read the whole log.
pub fn is_auditor(user: &User) -> bool {
    crate::app::access::desk::keeps_district(user)
}

/// The search form and API query.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Exact action, e.g. `signin.failure`.
    action: Option<String>,
    /// Part of the actor's name.
    actor: Option<String>,
    /// Part of the target (the person or record acted on).
    target: Option<String>,
    /// From this day (YYYY-MM-DD, local time).
    from: Option<String>,
    /// Up to and including this day (YYYY-MM-DD, local time).
    until: Option<String>,
    /// Entries older than this sequence number (the next page).
    before: Option<i64>,
    /// Tokens only: the Open311 `api_key`, accepted here too.
    #[allow(dead_code)]
    api_key: Option<String>,
}

fn day_start(text: &str, field: &'static str, plus_days: i64) -> Result<DateTime<Utc>, WebError> {
    let date = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| WebError {
        code: ErrorCode::InvalidInput,
        field: Some(field),
        detail: Some("a date is YYYY-MM-DD".into()),
        reason: None,
    })?;
    Ok(crate::domain::time::zone().day_start(date + chrono::Duration::days(plus_days)))
}

fn nonempty(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

impl AuditQuery {
    fn filter(&self) -> Result<Filter, WebError> {
        Ok(Filter {
            action: nonempty(&self.action),
            actor: nonempty(&self.actor),
            target: nonempty(&self.target),
            from: nonempty(&self.from).map(|d| day_start(&d, "from", 0)).transpose()?,
            until: nonempty(&self.until).map(|d| day_start(&d, "until", 1)).transpose()?,
            before_seq: self.before,
        })
    }

    fn query_string(&self) -> String {
        let pairs: Vec<(&str, String)> = [
            ("action", nonempty(&self.action)),
            ("actor", nonempty(&self.actor)),
            ("target", nonempty(&self.target)),
            ("from", nonempty(&self.from)),
            ("until", nonempty(&self.until)),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect();
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

/// One entry as the API shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AuditEntry {
    /// Position in the chain.
    pub seq: i64,
    /// When (UTC).
    pub at: DateTime<Utc>,
    /// Who.
    pub actor: String,
    /// Role acted in.
    pub role: String,
    /// Client address.
    pub ip: String,
    /// What happened.
    pub action: String,
    /// To what.
    pub target: String,
    /// Details (JSON; personal values masked).
    pub detail: serde_json::Value,
    /// This entry's hash in the chain.
    pub hash: String,
}

impl From<AuditRow> for AuditEntry {
    fn from(r: AuditRow) -> Self {
        AuditEntry {
            seq: r.seq,
            at: r.at,
            actor: r.actor,
            role: r.role,
            ip: r.ip,
            action: r.action,
            target: r.target,
            detail: serde_json::from_str(&r.detail).unwrap_or(serde_json::Value::String(r.detail)),
            hash: r.hash,
        }
    }
}

const PAGE: u64 = 100;

/// Audit entries, newest first, 100 at a time.
#[utoipa::path(get, operation_id = "search_audit", path = "/api/v1/audit", tag = "audit", params(AuditQuery),
    security(("token" = [])),
    responses(
        (status = 200, description = "Entries, newest first", body = Vec<AuditEntry>),
        (status = 401, description = "`unauthenticated`, `session_expired` or `invalid_token`", body = ErrorBody),
        (status = 403, description = "`forbidden` (not an admin) or `insufficient_scope` (token without `audit`)", body = ErrorBody)))]
pub async fn api(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<AuditQuery>,
) -> Result<Json<Vec<AuditEntry>>, WebError> {
    match &caller {
        Caller::Client(c) if !c.may(Scope::Audit) => return Err(WebError::new(ErrorCode::InsufficientScope)),
        Caller::User(u) if !is_auditor(u) => return Err(WebError::new(ErrorCode::Forbidden)),
        _ => {}
    }
    let rows = state.app.search_audit(&q.filter()?, PAGE).await?;
    Ok(Json(rows.into_iter().map(AuditEntry::from).collect()))
}

/// One row of the page.
pub struct Line {
    seq: i64,
    at: String,
    actor: String,
    role: String,
    ip: String,
    action: String,
    target: String,
    detail: String,
}

fn line(r: AuditRow) -> Line {
    Line {
        seq: r.seq,
        at: crate::domain::time::zone().second(r.at),
        actor: r.actor,
        role: r.role,
        ip: r.ip,
        action: r.action,
        target: r.target,
        detail: r.detail,
    }
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    shell: Shell,
    action: String,
    actor: String,
    target: String,
    from: String,
    until: String,
    lines: Vec<Line>,
    next: Option<String>,
    export: String,
}

fn admin(v: &Visitor) -> Result<&User, Refusal> {
    let user = v.signed_in()?;
    if is_auditor(user) { Ok(user) } else { Err(WebError::new(ErrorCode::Forbidden).into()) }
}

/// `GET /admin/audit`: search the log.
pub async fn page(State(state): State<AppState>, v: Visitor, Query(q): Query<AuditQuery>) -> Result<Response, Refusal> {
    admin(&v)?;
    let rows = state.app.search_audit(&q.filter()?, PAGE).await?;
    let next = (rows.len() as u64 == PAGE).then(|| {
        let last = rows.last().map_or(0, |r| r.seq);
        format!("/admin/audit?{}&before={last}", q.query_string())
    });
    let page = AuditPage {
        shell: v.shell(),
        action: nonempty(&q.action).unwrap_or_default(),
        actor: nonempty(&q.actor).unwrap_or_default(),
        target: nonempty(&q.target).unwrap_or_default(),
        from: nonempty(&q.from).unwrap_or_default(),
        until: nonempty(&q.until).unwrap_or_default(),
        lines: rows.into_iter().map(line).collect(),
        next,
        export: format!("/admin/audit.csv?{}", q.query_string()),
    };
    let html = page.render().map_err(|_| WebError::new(ErrorCode::Internal))?;
    Ok(axum::response::Html(html).into_response())
}

/// The most entries one export holds.
const EXPORT_LIMIT: u64 = 100_000;

/// `GET /admin/audit.csv`: the matching entries as CSV (UTF-8 with BOM, as
/// Excel in China expects). The export itself is audited.
pub async fn export(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<AuditQuery>,
) -> Result<Response, Refusal> {
    let user = admin(&v)?;
    let filter = q.filter()?;
    let rows = state.app.search_audit(&filter, EXPORT_LIMIT).await?;
    let time_header = format!("时间 time ({})", crate::domain::time::zone().utc_label());
    let headers = [
        "序号 seq",
        time_header.as_str(),
        "操作人 actor",
        "角色 role",
        "地址 ip",
        "操作 action",
        "对象 target",
        "详情 detail",
        "hash",
    ];
    let count = rows.len();
    let cells: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| {
            let hash = r.hash.clone();
            let l = line(r);
            vec![l.seq.to_string(), l.at, l.actor, l.role, l.ip, l.action, l.target, l.detail, hash]
        })
        .collect();
    // The one formula-safe writer: a login such as `=HYPERLINK(…)` stays text.
    let body = crate::domain::export::csv(&headers, &cells).map_err(|_| WebError::new(ErrorCode::Internal))?;
    state.app.note_export(&user.actor(&v.ip), "audit.export", &q.query_string(), json!({ "rows": count })).await?;
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"linli-audit-{}.csv\"", Utc::now().format("%Y%m%d-%H%M%S")),
            ),
        ],
        body,
    )
        .into_response())
}
