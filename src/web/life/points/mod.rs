//! Points on the web: a resident's balance and entries, giving to family,
//! the centre's view of a resident with corrections and counter exchanges,
//! the community's rules, the points shop and study items. Pages and the API.

mod api;
mod shop;
mod study;
pub use api::*;
pub use shop::*;
pub use study::*;

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Path, Query, RawForm, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use linli_store::life::points::{EntryRow, ExchangeRow, ShopItemRow, StudyItemRow};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::invalid;
use super::typed::{Fields, number};
use super::wall::label;
use crate::app::life::points::{NewItem, NewStudy, PointsView, StudyView};
use crate::app::refusal::Reason;
use crate::domain::life::points::Rules;
use crate::web::AppState;
use crate::web::body::ApiJson;
use crate::web::caller::{Caller, Refusal, Visitor};
use crate::web::error::WebError;
use crate::web::form::Problem;
use crate::web::shell::{Shell, own_page};
use crate::web::upload::WithPhotos;

fn amount(field: &'static str, text: &str) -> Result<i64, crate::app::Error> {
    number(field, text, Reason::PointsAmount)
}

#[derive(Template)]
#[template(path = "points.html")]
struct PointsPage {
    shell: Shell,
    p: Option<PointsView>,
    /// Staff looking at a resident.
    staff: bool,
    /// The centre's staff: corrections and counter exchanges.
    manages: bool,
    items: Vec<ShopItemRow>,
    rules_of: Vec<(String, String, Rules)>,
    problem: Problem,
    done: Option<String>,
    /// What was typed in the form that came back.
    typed: Fields,
    /// The community whose rules came back refused.
    rules_failed: String,
}

impl ShopPage {
    /// The refusal of an exchange of this item, shown by it.
    fn refused(&self, item: &Uuid) -> Option<&str> {
        if self.failed_item == Some(*item) { self.problem.general([].as_slice()) } else { None }
    }
}

impl PointsPage {
    fn kind(&self, e: &EntryRow) -> &'static str {
        label(&self.shell.t.wall.points.kinds, &e.kind)
    }
    fn exchange_state(&self, e: &ExchangeRow) -> &'static str {
        label(&self.shell.t.wall.shop.states, &e.status)
    }
    fn signed(&self, n: &i64) -> String {
        if *n > 0 { format!("+{n}") } else { n.to_string() }
    }
    fn rules_line(&self, r: &Rules) -> String {
        self.shell
            .t
            .wall
            .points
            .rules_line
            .replace("{study}", &r.study.to_string())
            .replace("{hour}", &r.per_hour.to_string())
            .replace("{activity}", &r.activity.to_string())
            .replace("{cap}", &r.daily_cap.to_string())
    }
    fn expiry(&self, r: &Rules) -> String {
        if r.expire_months == 0 {
            self.shell.t.wall.points.never_expire.to_owned()
        } else {
            self.shell.t.wall.points.expires.replace("{months}", &r.expire_months.to_string())
        }
    }
    fn when(&self, e: &EntryRow) -> String {
        crate::domain::time::shown_minute(e.at)
    }
}

/// `?person=`: a resident's points, for the centre.
#[derive(Debug, Default, Deserialize)]
pub struct PersonQuery {
    #[serde(default)]
    person: Option<Uuid>,
    #[serde(default)]
    done: Option<String>,
    #[serde(default)]
    saved: Option<u8>,
}

async fn points_page(
    state: &AppState,
    v: &Visitor,
    person: Option<Uuid>,
    status: StatusCode,
    problem: Problem,
    done: Option<String>,
) -> Result<Response, Refusal> {
    points_page_with(state, v, person, status, problem, done, Fields::default(), String::new()).await
}

#[allow(clippy::too_many_arguments)]
async fn points_page_with(
    state: &AppState,
    v: &Visitor,
    person: Option<Uuid>,
    status: StatusCode,
    problem: Problem,
    done: Option<String>,
    typed: Fields,
    rules_failed: String,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let (p, staff) = match person {
        Some(id) => (Some(state.app.person_points(user, &v.ip, id).await?), true),
        None => match state.app.my_points(user).await {
            Ok(p) => (Some(p), false),
            Err(crate::app::Error::Invalid { .. }) => (None, false),
            Err(e) => return Err(e.into()),
        },
    };
    let items = state.app.shop_items(user).await?.into_iter().filter(|i| i.active).collect();
    let mut rules_of = Vec::new();
    if person.is_none() {
        let centres = crate::app::life::centres(user);
        let codes: Vec<String> = state
            .app
            .community_codes_under(&centres)
            .await?
            .into_iter()
            .filter(|c| crate::app::life::runs(user, c))
            .take(20)
            .collect();
        let names = state.app.short_names(&codes).await?;
        for c in codes {
            let r = state.app.points_rules(&c).await?;
            rules_of.push((c.clone(), names.get(&c).cloned().unwrap_or(c), r));
        }
    }
    // Grid workers see a resident's points; the centre corrects and exchanges.
    let manages = p.as_ref().is_some_and(|p| staff && crate::app::life::runs(user, &p.person.community_id));
    // What was typed in refused rules stays in their form.
    for (_, _, r) in rules_of.iter_mut().filter(|(c, _, _)| *c == rules_failed) {
        let n = |k: &str, was: i64| typed.get(k).trim().parse().unwrap_or(was);
        *r = Rules {
            study: n("study", r.study),
            per_hour: n("per_hour", r.per_hour),
            activity: n("activity", r.activity),
            daily_cap: n("daily_cap", r.daily_cap),
            expire_months: typed.get("expire_months").trim().parse().unwrap_or(r.expire_months),
            raise_days: n("raise_days", r.raise_days),
        };
    }
    let page = PointsPage { shell: v.shell(), p, staff, manages, items, rules_of, problem, done, typed, rules_failed };
    own_page(status, page)
}

fn state_message(v: &Visitor, code: &str) -> String {
    let code: String = code.chars().filter(char::is_ascii_digit).take(6).collect();
    v.prefs.lang.texts().wall.shop.exchanged.replace("{code}", &code)
}

/// `GET /points`: the user's points (or, with `?person=`, a resident's for the centre).
pub async fn points_page_get(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<PersonQuery>,
) -> Result<Response, Refusal> {
    let done = match q.saved {
        Some(_) => Some(v.prefs.lang.texts().wall.points.saved.to_owned()),
        None => q.done.map(|code| state_message(&v, &code)),
    };
    points_page_with(&state, &v, q.person, StatusCode::OK, Problem::none(), done, Fields::default(), String::new())
        .await
}

/// `POST /points/give`: `to`, `amount`.
pub async fn give_submit(
    State(state): State<AppState>,
    v: Visitor,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let done = match (f.get("to").trim().parse::<Uuid>(), amount("amount", f.get("amount"))) {
        (Ok(to), Ok(n)) => state.app.give_points(user, &v.ip, to, n).await,
        (Err(_), _) => Err(crate::app::Error::invalid("to", Reason::NotFamily)),
        (_, Err(e)) => Err(e),
    };
    match done {
        Ok(()) => Ok(Redirect::to("/points").into_response()),
        Err(e) => {
            let p = invalid(&v, e)?;
            points_page_with(&state, &v, None, StatusCode::UNPROCESSABLE_ENTITY, p, None, f, String::new()).await
        }
    }
}

/// `POST /points/people/{id}/correct`: `delta`, `reason`.
pub async fn correct_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let done = match number("delta", f.get("delta"), Reason::PointsAmount) {
        Ok(d) => state.app.correct_points(user, &v.ip, id, d, f.get("reason")).await.map(|_| ()),
        Err(e) => Err(e),
    };
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/points?person={id}")).into_response()),
        Err(e) => {
            let p = invalid(&v, e)?;
            points_page(&state, &v, Some(id), StatusCode::UNPROCESSABLE_ENTITY, p, None).await
        }
    }
}

/// `POST /points/rules/{community}`: the community's rules.
pub async fn rules_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(community): Path<String>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let read = || -> Result<Rules, crate::app::Error> {
        let n = |k: &'static str| {
            number(k, f.get(k), Reason::PointsRules(crate::domain::life::points::RulesProblem::Points))
        };
        Ok(Rules {
            study: n("study")?,
            per_hour: n("per_hour")?,
            activity: n("activity")?,
            daily_cap: n("daily_cap")?,
            expire_months: u32::try_from(n("expire_months")?).map_err(|_| {
                crate::app::Error::invalid(
                    "expire_months",
                    Reason::PointsRules(crate::domain::life::points::RulesProblem::Expiry),
                )
            })?,
            raise_days: n("raise_days")?,
        })
    };
    let done = match read() {
        Ok(r) => state.app.set_points_rules(user, &v.ip, &community, r).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(()) => Ok(Redirect::to("/points?saved=1#rules").into_response()),
        Err(e) => {
            let p = invalid(&v, e)?;
            points_page_with(&state, &v, None, StatusCode::UNPROCESSABLE_ENTITY, p, None, f, community).await
        }
    }
}

// The shop.
