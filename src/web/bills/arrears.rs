//! The arrears page (欠费催缴): houses owing money, most first, by grid —
//! for the community's staff and for a grid worker on her phone — with the
//! reminder that goes to each house through the outbox.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use crate::domain::money::Fen;
use crate::web::AppState;
use crate::web::caller::{Refusal, Visitor};
use crate::web::error::{ErrorCode, WebError};

#[derive(askama::Template)]
#[template(path = "arrears.html")]
struct ArrearsPage {
    shell: crate::web::shell::Shell,
    communities: Vec<(String, String)>,
    community: String,
    grids: Vec<String>,
    grid: String,
    rows: Vec<linli_store::bills::arrears::ArrearRow>,
    message: Option<(String, bool)>,
}

impl ArrearsPage {
    fn fen(&self, f: &i64) -> String {
        Fen::new(*f).to_string()
    }

    fn total(&self) -> String {
        Fen::new(self.rows.iter().map(|r| r.owed).sum()).to_string()
    }
}

/// `?community=&grid=` (and the reminder form's fields).
#[derive(Debug, Default, Deserialize)]
pub struct ArrearsQuery {
    #[serde(default)]
    community: String,
    #[serde(default)]
    grid: String,
}

async fn page(
    state: &AppState,
    v: &Visitor,
    q: &ArrearsQuery,
    (status, message): (StatusCode, Option<(String, bool)>),
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let scope = crate::app::registry::household::read_scope(user);
    // Communities the user sees into: staff's own, or the one a grid lies in.
    let communities: Vec<(String, String)> = state
        .app
        .communities_served()
        .await?
        .into_iter()
        .filter(|(c, _)| scope.iter().any(|p| c.starts_with(p.as_str()) || p.starts_with(c.as_str())))
        .collect();
    let Some(first) = communities.first() else { return Err(WebError::new(ErrorCode::Forbidden).into()) };
    let community =
        if communities.iter().any(|(c, _)| *c == q.community) { q.community.clone() } else { first.0.clone() };
    // The grids with arrears come from the community's whole list (as far as
    // the user sees); the list shown is the chosen grid's.
    let code = crate::web::codes::community(&community)?;
    let all = state.app.arrears(user, &code, None).await?;
    let mut grids: Vec<String> = all.iter().map(|r| r.grid_code.clone()).collect();
    grids.sort();
    grids.dedup();
    let grid = q.grid.trim().to_owned();
    // A grid typed wrong (or outside the user's scope) is said on the page.
    let (rows, status, message) = if grid.is_empty() {
        (all, status, message)
    } else {
        let found = match crate::web::codes::grid(Some(&grid)) {
            Ok(g) => state.app.arrears(user, &code, g.as_ref()).await,
            Err(e) => Err(e),
        };
        match found {
            Ok(rows) => (rows, status, message),
            Err(crate::app::Error::Invalid { reason, .. }) => {
                (Vec::new(), StatusCode::UNPROCESSABLE_ENTITY, Some((v.prefs.lang.refusal(&reason), false)))
            }
            Err(crate::app::Error::NotFound(_) | crate::app::Error::RegionNotFound) => {
                let m = v.prefs.lang.texts().bills.arrears.bad_grid.to_owned();
                (Vec::new(), StatusCode::NOT_FOUND, Some((m, false)))
            }
            Err(e) => return Err(e.into()),
        }
    };
    let page = ArrearsPage { shell: v.shell(), communities, community, grids, grid, rows, message };
    crate::web::shell::own_page(status, page)
}

/// `GET /arrears?community=&grid=`.
pub async fn arrears_page(
    State(state): State<AppState>,
    v: Visitor,
    axum::extract::Query(q): axum::extract::Query<ArrearsQuery>,
) -> Result<Response, Refusal> {
    page(&state, &v, &q, (StatusCode::OK, None)).await
}

/// `POST /arrears`: sends the reminders (催缴) for the community or grid shown.
pub async fn remind(
    State(state): State<AppState>,
    v: Visitor,
    axum::extract::Form(q): axum::extract::Form<ArrearsQuery>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let t = v.prefs.lang.texts();
    let grid = Some(q.grid.trim()).filter(|g| !g.is_empty());
    let sent = match crate::web::codes::grid(grid) {
        Ok(g) => state.app.remind_arrears(user, &v.ip, &crate::web::codes::community(&q.community)?, g.as_ref()).await,
        Err(e) => Err(e),
    };
    let outcome = match sent {
        Ok(n) => (StatusCode::OK, Some((format!("{} {n}", t.bills.run.reminded), true))),
        Err(crate::app::Error::Invalid { reason, .. }) => {
            (StatusCode::UNPROCESSABLE_ENTITY, Some((v.prefs.lang.refusal(&reason), false)))
        }
        Err(e) => return Err(e.into()),
    };
    page(&state, &v, &q, outcome).await
}
