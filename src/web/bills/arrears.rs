//! The arrears page (欠费催缴): houses owing once their bills' grace periods
//! have passed, most first, a page at a time, filtered by grid, building,
//! months owed and amount — for the community's staff and for a grid worker
//! on her phone — and the reminders, confirmed on a page that says how many
//! messages go to how many households and what they say, before they go.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use linli_store::bills::arrears::{ArrearPlace, ArrearRow, ArrearsTotal};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::app::bills::arrears::{ArrearsAsk, PAGE, ReminderPlan};
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
    /// The grids with arrears: (code, name).
    grids: Vec<(String, String)>,
    /// The buildings with arrears (of the grid chosen).
    buildings: Vec<ArrearPlace>,
    q: ArrearsQuery,
    rows: Vec<ArrearRow>,
    total: ArrearsTotal,
    page: u64,
    message: Option<(String, bool)>,
}

impl ArrearsPage {
    fn fen(&self, f: &i64) -> String {
        Fen::new(*f).to_string()
    }

    fn pages(&self) -> u64 {
        (self.total.houses.max(0) as u64).div_ceil(PAGE).max(1)
    }

    fn page_of(&self) -> String {
        let t = self.shell.t.bills.arrears.page_of;
        t.replace("{page}", &self.page.to_string()).replace("{pages}", &self.pages().to_string())
    }

    /// The list's address with the same filters, at another page.
    fn at_page(&self, page: u64) -> String {
        format!("/arrears?{}", ArrearsQuery { page: page.to_string(), ..self.q.clone() }.encoded())
    }

    /// The confirmation's address for the filters shown.
    fn confirm_href(&self) -> String {
        format!("/arrears/remind?{}", ArrearsQuery { page: String::new(), ..self.q.clone() }.encoded())
    }
}

/// `?community=&grid=&building=&months=&min_owed=&page=` (and the forms' fields).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ArrearsQuery {
    #[serde(default)]
    community: String,
    #[serde(default)]
    grid: String,
    #[serde(default)]
    building: String,
    #[serde(default)]
    months: String,
    #[serde(default)]
    min_owed: String,
    #[serde(default)]
    page: String,
}

impl ArrearsQuery {
    fn encoded(&self) -> String {
        serde_urlencoded::to_string(self).unwrap_or_default()
    }

    /// The ask; what cannot be read is refused in the page's words.
    fn ask(&self) -> Result<ArrearsAsk, crate::app::Error> {
        use crate::app::refusal::Reason;
        let min_owed = match self.min_owed.trim() {
            "" => None,
            m => Some(Fen::parse_yuan(m).map_err(|e| crate::app::Error::invalid("min_owed", Reason::Money(e)))?),
        };
        let min_months = match self.months.trim() {
            "" => None,
            m => Some(m.parse::<i64>().map_err(|_| crate::app::Error::invalid("months", Reason::ArrearsFilter))?),
        };
        Ok(ArrearsAsk {
            grid: crate::web::codes::grid(Some(&self.grid))?,
            building: self.building.trim().parse::<Uuid>().ok(),
            min_months,
            min_owed,
        })
    }

    fn page(&self) -> u64 {
        self.page.trim().parse::<u64>().unwrap_or(1).clamp(1, 100_000)
    }
}

/// The communities the user sees into (staff's own, or the one a grid
/// lies in), and the one asked for if it is among them, else the first.
async fn community_of(state: &AppState, v: &Visitor, asked: &str) -> Result<(Vec<(String, String)>, String), Refusal> {
    let user = v.signed_in()?;
    let scope = crate::app::registry::household::read_scope(user);
    let communities: Vec<(String, String)> = state
        .app
        .communities_served()
        .await?
        .into_iter()
        .filter(|(c, _)| scope.iter().any(|p| c.starts_with(p.as_str()) || p.starts_with(c.as_str())))
        .collect();
    let Some(first) = communities.first() else { return Err(WebError::new(ErrorCode::Forbidden).into()) };
    let community = if communities.iter().any(|(c, _)| c == asked) { asked.to_owned() } else { first.0.clone() };
    Ok((communities, community))
}

async fn page(
    state: &AppState,
    v: &Visitor,
    mut q: ArrearsQuery,
    (status, message): (StatusCode, Option<(String, bool)>),
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let (communities, community) = community_of(state, v, &q.community).await?;
    q.community = community.clone();
    // The filters offer the grids and buildings with arrears, as far as the
    // user sees; the buildings of the grid chosen.
    let code = crate::web::codes::community(&community)?;
    let everywhere = state.app.arrears_places(user, &code, &ArrearsAsk::default()).await?;
    let mut grids: Vec<(String, String)> =
        everywhere.iter().map(|p| (p.grid_code.clone(), p.grid_name.clone())).collect();
    grids.dedup();
    let grid = q.grid.trim().to_owned();
    let buildings: Vec<ArrearPlace> = everywhere.into_iter().filter(|p| p.grid_code.starts_with(&grid)).collect();
    let page_no = q.page();
    let listed = match q.ask() {
        Ok(ask) => state.app.arrears(user, &code, &ask, (page_no - 1, PAGE)).await,
        Err(e) => Err(e),
    };
    // A filter typed wrong (or a grid outside the user's scope) is said on the page.
    let (rows, total, status, message) = match listed {
        Ok((rows, total)) => (rows, total, status, message),
        Err(crate::app::Error::Invalid { reason, .. }) => (
            Vec::new(),
            ArrearsTotal::default(),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some((v.prefs.lang.refusal(&reason), false)),
        ),
        Err(crate::app::Error::NotFound(_) | crate::app::Error::RegionNotFound) => {
            let m = v.prefs.lang.texts().bills.arrears.bad_grid.to_owned();
            (Vec::new(), ArrearsTotal::default(), StatusCode::NOT_FOUND, Some((m, false)))
        }
        Err(e) => return Err(e.into()),
    };
    let page = ArrearsPage {
        shell: v.shell(),
        communities,
        community,
        grids,
        buildings,
        q,
        rows,
        total,
        page: page_no,
        message,
    };
    crate::web::shell::own_page(status, page)
}

/// `GET /arrears?community=&grid=&building=&months=&min_owed=&page=`.
pub async fn arrears_page(
    State(state): State<AppState>,
    v: Visitor,
    axum::extract::Query(q): axum::extract::Query<ArrearsQuery>,
) -> Result<Response, Refusal> {
    page(&state, &v, q, (StatusCode::OK, None)).await
}

#[derive(askama::Template)]
#[template(path = "arrears_confirm.html")]
struct ConfirmPage {
    shell: crate::web::shell::Shell,
    q: ArrearsQuery,
    plan: ReminderPlan,
    message: Option<String>,
    /// More would go than the community may still send today: why not.
    over_limit: Option<String>,
}

impl ConfirmPage {
    fn will_send(&self) -> String {
        let t = self.shell.t.bills.arrears.will_send;
        let n = self.plan.reminders.len().to_string();
        t.replace("{households}", &n).replace("{messages}", &n)
    }

    fn left_today(&self) -> String {
        let t = self.shell.t.bills.arrears.left_today;
        t.replace("{left}", &self.plan.left().to_string()).replace("{limit}", &self.plan.limit.to_string())
    }

    fn back_href(&self) -> String {
        format!("/arrears?{}", self.q.encoded())
    }
}

async fn confirm_page(
    state: &AppState,
    v: &Visitor,
    mut q: ArrearsQuery,
    (status, message): (StatusCode, Option<String>),
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let (_, community) = community_of(state, v, &q.community).await?;
    q.community = community.clone();
    q.page = String::new();
    let plan = match q.ask() {
        Ok(ask) => state.app.reminder_plan(user, &crate::web::codes::community(&community)?, &ask).await,
        Err(e) => Err(e),
    };
    match plan {
        Ok(plan) => {
            let n = plan.reminders.len() as i64;
            let over_limit = (n > plan.left()).then(|| {
                let reason =
                    crate::app::refusal::Reason::ReminderDailyLimit { asked: n, left: plan.left(), limit: plan.limit };
                v.prefs.lang.refusal(&reason)
            });
            crate::web::shell::own_page(status, ConfirmPage { shell: v.shell(), q, plan, message, over_limit })
        }
        // A filter the list would refuse: the list says why.
        Err(crate::app::Error::Invalid { .. } | crate::app::Error::NotFound(_)) => {
            page(state, v, q, (StatusCode::OK, None)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /arrears/remind?…`: what a send would do — how many messages to how
/// many households, their exact text, and what may still go today.
pub async fn confirm(
    State(state): State<AppState>,
    v: Visitor,
    axum::extract::Query(q): axum::extract::Query<ArrearsQuery>,
) -> Result<Response, Refusal> {
    confirm_page(&state, &v, q, (StatusCode::OK, None)).await
}

/// The confirmation's form: the filters and the count confirmed.
#[derive(Debug, Deserialize)]
pub struct RemindForm {
    #[serde(flatten)]
    q: ArrearsQuery,
    /// A number (a string: flattened forms carry only strings).
    expected: String,
}

/// `POST /arrears/remind`: sends the reminders confirmed; if they are no
/// longer those (someone paid, a colleague sent them) or the day's limit
/// would be passed, nothing goes and the confirmation says so again.
pub async fn remind(
    State(state): State<AppState>,
    v: Visitor,
    axum::extract::Form(f): axum::extract::Form<RemindForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let t = v.prefs.lang.texts();
    let (_, community) = community_of(&state, &v, &f.q.community).await?;
    let (Ok(ask), Ok(expected)) = (f.q.ask(), f.expected.trim().parse::<i64>()) else {
        return confirm_page(&state, &v, f.q, (StatusCode::OK, None)).await;
    };
    match state.app.remind_arrears(user, &v.ip, &crate::web::codes::community(&community)?, &ask, Some(expected)).await
    {
        Ok(n) => {
            let m = (format!("{} {n}", t.bills.run.reminded), true);
            page(&state, &v, ArrearsQuery { page: String::new(), ..f.q }, (StatusCode::OK, Some(m))).await
        }
        Err(crate::app::Error::Invalid { reason, .. }) => {
            let m = v.prefs.lang.refusal(&reason);
            confirm_page(&state, &v, f.q, (StatusCode::UNPROCESSABLE_ENTITY, Some(m))).await
        }
        Err(e) => Err(e.into()),
    }
}
