//! The service hall's big screen (大屏) on the web: a 1920×1080 page with no
//! sign-in and no personal data, refreshed in place by `assets/screen.js`
//! from its JSON (no reload, so no flicker), its panels taking turns.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};

use crate::app::dashboard::screen::Screen;
use crate::domain::registry::region::CommunityCode;
use crate::domain::time;
use crate::web::AppState;
use crate::web::caller::{Refusal, Visitor};
use crate::web::error::{ErrorCode, WebError};
use crate::web::i18n::Lang;
use crate::web::shell::{Shell, own_page};

/// `?refresh=` seconds between refreshes (2–600; 60 when not given) and
/// `?turn=` seconds each panel stays (2–120; 15).
#[derive(Debug, Default, Deserialize)]
pub struct ScreenQuery {
    refresh: Option<String>,
    turn: Option<String>,
}

fn seconds(v: &Option<String>, default: u32, min: u32, max: u32) -> u32 {
    // Digits only; any number of them is held to the bounds.
    match v.as_deref().map(str::trim) {
        Some(d) if !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()) => {
            d.parse::<u64>().map_or(max, |s| s.clamp(u64::from(min), u64::from(max)) as u32)
        }
        _ => default,
    }
}

fn community(code: &str) -> Result<CommunityCode, WebError> {
    CommunityCode::parse(code).map_err(|_| WebError::new(ErrorCode::NotFound))
}

/// An event on the screen.
#[derive(Debug, Serialize)]
pub struct HallEventOut {
    /// Reported at (local, HH:MM).
    pub at: String,
    /// Category.
    pub category: String,
    /// Grid.
    pub grid: String,
    /// State, in words.
    pub state: String,
}

/// Something this week.
#[derive(Debug, Serialize)]
pub struct HallSlotOut {
    /// What.
    pub what: String,
    /// Where.
    pub place: String,
    /// When (local, MM-DD HH:MM–HH:MM).
    pub when: String,
}

/// A wish (its kind, state and date; never its words).
#[derive(Debug, Serialize)]
pub struct HallWishOut {
    /// Needed by (MM-DD).
    pub needed_by: String,
    /// Category, in words.
    pub category: String,
    /// State, in words.
    pub state: String,
}

/// The screen's figures, worded in the screen's language.
#[derive(Debug, Serialize)]
pub struct ScreenOut {
    /// The community's name.
    pub name: String,
    /// When these were read (local, HH:MM:SS).
    pub updated: String,
    /// Reported today.
    pub reported_today: i64,
    /// Closed today.
    pub closed_today: i64,
    /// Open now.
    pub open: i64,
    /// Open and overdue.
    pub overdue: i64,
    /// This month: petitions, criminal and public-order cases, accidents.
    pub zero: [i64; 3],
    /// All three zero.
    pub zero_all: bool,
    /// Today's newest events.
    pub events: Vec<HallEventOut>,
    /// The wall's newest wishes.
    pub wishes: Vec<HallWishOut>,
    /// This week's activities.
    pub activities: Vec<HallSlotOut>,
    /// This week's bookings.
    pub bookings: Vec<HallSlotOut>,
}

fn slot(s: &crate::app::dashboard::screen::HallSlot) -> HallSlotOut {
    let zone = time::zone();
    let (a, b) = (zone.local(s.starts_at), zone.local(s.ends_at));
    HallSlotOut {
        what: s.what.clone(),
        place: s.place.clone(),
        when: format!("{} {}–{}", a.format("%m-%d"), a.format("%H:%M"), b.format("%H:%M")),
    }
}

fn worded(s: &Screen, lang: Lang, shell: &Shell) -> ScreenOut {
    let t = lang.texts();
    let zone = time::zone();
    ScreenOut {
        name: s.name.clone(),
        updated: zone.local(chrono::Utc::now()).format("%H:%M:%S").to_string(),
        reported_today: s.reported_today,
        closed_today: s.closed_today,
        open: s.open,
        overdue: s.overdue,
        zero: [s.zero.petitions, s.zero.cases, s.zero.accidents],
        zero_all: s.zero.is_zero(),
        events: s
            .events
            .iter()
            .map(|e| HallEventOut {
                at: zone.local(e.at).format("%H:%M").to_string(),
                category: e.category.clone(),
                grid: e.grid.clone(),
                state: crate::web::events::event::state_name(shell, &e.state).to_owned(),
            })
            .collect(),
        wishes: s
            .wishes
            .iter()
            .map(|w| HallWishOut {
                needed_by: w.needed_by.format("%m-%d").to_string(),
                category: crate::web::life::wall::label(&t.wall.wishes.categories, &w.category).to_owned(),
                state: crate::web::life::wall::label(&t.wall.wishes.states, &w.status).to_owned(),
            })
            .collect(),
        activities: s.activities.iter().map(slot).collect(),
        bookings: s.bookings.iter().map(slot).collect(),
    }
}

#[derive(Template)]
#[template(path = "screen.html")]
struct ScreenPage {
    shell: Shell,
    code: String,
    refresh: u32,
    turn: u32,
    s: ScreenOut,
}

/// `GET /regions/{code}/screen`: the hall's big screen, for anyone.
pub async fn page(
    State(state): State<AppState>,
    v: Visitor,
    Path(code): Path<String>,
    Query(q): Query<ScreenQuery>,
) -> Result<Response, Refusal> {
    let c = community(&code)?;
    let screen = state.app.screen(&c).await?;
    let shell = v.shell();
    let s = worded(&screen, v.prefs.lang, &shell);
    let (refresh, turn) = (seconds(&q.refresh, 60, 2, 600), seconds(&q.turn, 15, 2, 120));
    own_page(StatusCode::OK, ScreenPage { shell, code: c.as_str().to_owned(), refresh, turn, s })
}

/// `GET /regions/{code}/screen.json`: the same figures, for the screen's
/// refresh in place.
pub async fn json(
    State(state): State<AppState>,
    v: Visitor,
    Path(code): Path<String>,
) -> Result<axum::Json<ScreenOut>, WebError> {
    let screen = state.app.screen(&community(&code)?).await?;
    let shell = v.shell();
    Ok(axum::Json(worded(&screen, v.prefs.lang, &shell)))
}
