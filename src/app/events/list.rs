//! The lists of events staff work from: a view (the dispatch board, one's
//! tasks, the overdue and rework lists), filters, words to find, read a page
//! at a time newest first, and the same list as a sheet.

use chrono::NaiveDate;
use linli_store::events::event::{EventRow, Find};
use uuid::Uuid;

use crate::app::access::auth::User;
use crate::app::events::event::View;
use crate::app::refusal::Reason;
use crate::app::registry::household::read_scope;
use crate::app::{App, Error, Result};
use crate::domain::events::event::{ALL, State};

/// The most a page holds.
pub const PAGE_MAX: u64 = 200;

/// The most rows an export holds.
pub const EXPORT_MAX: usize = 20_000;

/// What a list asks for; every part is optional.
#[derive(Debug, Clone, Default)]
pub struct EventQuery {
    /// The list.
    pub view: View,
    /// Only events in this state.
    pub state: Option<State>,
    /// Only this category (or its sub-categories, when it is a parent).
    pub category: Option<String>,
    /// Only events in grids under this code.
    pub grid: Option<String>,
    /// Only events dispatched to this unit.
    pub unit: Option<Uuid>,
    /// Reported on or after this day.
    pub from: Option<NaiveDate>,
    /// Reported on or before this day.
    pub to: Option<NaiveDate>,
    /// Only open events past a deadline.
    pub overdue: bool,
    /// Words each event must hold, in its text or address.
    pub words: String,
    /// The cursor: only events older than this one.
    pub after: Option<Uuid>,
    /// How many (at most [`PAGE_MAX`]; 50 when 0).
    pub limit: u64,
}

/// A page of a list.
#[derive(Debug, Clone)]
pub struct EventPage {
    /// Newest first (for one's tasks: soonest due first).
    pub rows: Vec<EventRow>,
    /// The cursor of the next page, when there is one.
    pub next: Option<Uuid>,
}

/// The words of a search, each normalized; refused when none has two
/// characters to look up by.
fn words(text: &str) -> Result<Vec<String>> {
    // A stranger's query is bounded before it becomes terms: each of its
    // bigrams costs a look-up.
    if text.chars().count() > 100 {
        return Err(Error::invalid("q", Reason::SearchTooLong { max: 100 }));
    }
    let words: Vec<String> =
        text.split_whitespace().map(linli_store::events::term::normalize).filter(|w| !w.is_empty()).take(8).collect();
    // Something typed that holds no word to look up (only signs, emoji,
    // single characters) is refused, not taken for no search at all.
    let typed = text.chars().any(|c| !c.is_whitespace());
    if typed && words.iter().all(|w| w.chars().count() < 2) {
        return Err(Error::invalid("q", Reason::SearchWords));
    }
    Ok(words)
}

fn names(list: &[State]) -> Vec<String> {
    list.iter().map(|s| s.as_str().to_owned()).collect()
}

impl EventQuery {
    /// What to ask the store for, or why the query is refused.
    fn find(&self) -> Result<Find> {
        let open: Vec<State> = ALL.into_iter().filter(|s| s.open311() == "open").collect();
        let mut find = match self.view {
            View::All => Find::default(),
            View::Board => Find { states: names(&[State::Reported, State::Accepted]), ..Default::default() },
            View::Mine => Find { states: names(&[State::Dispatched, State::InProgress]), ..Default::default() },
            View::Late => Find { states: names(&open), late: true, ..Default::default() },
            View::Rework => Find { reworked: true, ..Default::default() },
            View::Open => Find { states: names(&open), ..Default::default() },
        };
        if self.overdue {
            find.late = true;
            find.states = if find.states.is_empty() {
                names(&open)
            } else {
                find.states.into_iter().filter(|s| open.iter().any(|o| o.as_str() == s)).collect()
            };
        }
        if let Some(s) = self.state.map(|s| s.as_str().to_owned()) {
            if find.states.is_empty() || find.states.contains(&s) {
                find.states = vec![s];
            } else {
                // Nothing can match: a state outside the view's.
                find.codes = vec![String::new()];
            }
        }
        if let Some(c) = &self.category {
            if c.len() == 2 {
                find.categories = (0..100).map(|n| format!("{c}{n:02}")).chain([c.clone()]).collect();
            } else {
                find.category = Some(c.clone());
            }
        }
        if let Some(g) = &self.grid {
            if g.is_empty() || !g.chars().all(|c| c.is_ascii_digit()) || g.len() > 15 {
                return Err(Error::invalid("grid", Reason::GridDigits));
            }
            find.grid = Some(g.clone());
        }
        find.unit = self.unit;
        let zone = crate::domain::time::zone();
        if let (Some(from), Some(to)) = (self.from, self.to)
            && to < from
        {
            return Err(Error::invalid("to", Reason::EndBeforeStart));
        }
        find.from = self.from.map(|d| zone.day_start(d));
        find.to = match self.to {
            Some(d) => Some(zone.day_start(d.succ_opt().ok_or_else(|| Error::invalid("to", Reason::BadDate))?)),
            None => None,
        };
        find.before = self.after;
        Ok(find)
    }
}

impl App {
    /// A page of events in the user's scope as the query asks; "mine" is
    /// theirs wherever it lies (assigned to them or to their unit), soonest
    /// due first, in one page.
    pub async fn events(&self, user: &User, q: &EventQuery) -> Result<EventPage> {
        let find = q.find()?;
        let words = words(&q.words)?;
        let limit = if q.limit == 0 { 50 } else { q.limit.min(PAGE_MAX) };
        // Someone who reads no region (a unit's member) lists what was theirs
        // to handle, in every state, as their whole list.
        let outside = q.view == View::All && read_scope(user).is_empty();
        if q.view == View::Mine || outside {
            let who = self.tasked(user).await?;
            // Words are checked on the rows: read on until the page is full.
            let mut rows = Vec::new();
            let mut page = find.clone();
            loop {
                let read = linli_store::events::event::tasks(self.db(), &who, &page, PAGE_MAX).await?;
                let full = read.len() as u64 == PAGE_MAX;
                page.before = read.last().map(|r| r.id);
                rows.extend(read.into_iter().filter(|r| linli_store::events::term::holds(r, &words)));
                if rows.len() as u64 > limit || !full {
                    break;
                }
            }
            let next = if rows.len() as u64 > limit {
                rows.truncate(limit as usize);
                rows.last().map(|r| r.id)
            } else {
                None
            };
            return Ok(EventPage { rows, next });
        }
        let scope = read_scope(user);
        // One more than asked tells whether a next page exists.
        let linli_store::events::term::Found { mut rows, resume } = if words.is_empty() {
            let rows = linli_store::events::event::find(self.db(), &scope, &find, limit + 1).await?;
            linli_store::events::term::Found { rows, resume: None }
        } else {
            linli_store::events::term::search(self.db(), &scope, &find, &words, limit + 1).await?
        };
        // A search that stopped looking gives a short page that goes on.
        let next = if rows.len() as u64 > limit {
            rows.truncate(limit as usize);
            rows.last().map(|r| r.id)
        } else {
            resume
        };
        Ok(EventPage { rows, next })
    }

    /// Whose tasks the user's are: theirs, their units', and those units
    /// they dispatch for.
    pub(crate) async fn tasked(&self, user: &User) -> Result<linli_store::events::event::Tasked> {
        let memberships = self.my_units(user).await?;
        let dispatcher = crate::app::events::unit::UnitRole::Dispatcher.as_str();
        Ok(linli_store::events::event::Tasked {
            account: user.account.row.id,
            units: memberships.iter().map(|m| m.unit_id).collect(),
            dispatching: memberships.iter().filter(|m| m.role == dispatcher).map(|m| m.unit_id).collect(),
        })
    }

    /// How many tasks the user has (dispatched to them or their unit, or in hand).
    pub async fn my_task_count(&self, user: &User) -> Result<i64> {
        let who = self.tasked(user).await?;
        let states = [State::Dispatched, State::InProgress].map(|s| s.as_str().to_owned());
        Ok(linli_store::events::event::count_tasks(self.db(), &who, &states).await?)
    }

    /// Every event of a list (at most [`EXPORT_MAX`]), for a sheet; `None`
    /// when there are more (the user narrows the list first).
    pub async fn events_to_export(&self, user: &User, q: &EventQuery) -> Result<Option<Vec<EventRow>>> {
        let mut q = EventQuery { limit: PAGE_MAX, after: None, ..q.clone() };
        let mut all = Vec::new();
        loop {
            let page = self.events(user, &q).await?;
            all.extend(page.rows);
            if all.len() > EXPORT_MAX {
                return Ok(None);
            }
            match page.next {
                Some(n) => q.after = Some(n),
                None => return Ok(Some(all)),
            }
        }
    }
}

/// The columns of an events export, in order.
pub const EXPORT_COLUMNS: [&str; 14] = [
    "查询码",
    "类别",
    "状态",
    "来源",
    "网格",
    "地址",
    "诉求内容",
    "上报人",
    "处置单位",
    "上报时间",
    "期限",
    "曾超期",
    "返工次数",
    "结案时间",
];

impl App {
    /// A list as the rows of a sheet: the reporter's name masked, no phone
    /// (the list's own reader sees the rest on screen). Audited; refused
    /// when the list holds more than [`EXPORT_MAX`].
    pub async fn export_events(&self, user: &User, ip: &str, q: &EventQuery) -> Result<Vec<Vec<String>>> {
        let Some(rows) = self.events_to_export(user, q).await? else {
            return Err(Error::invalid("q", Reason::ExportTooMany { max: EXPORT_MAX }));
        };
        let categories: std::collections::HashMap<String, String> =
            self.categories().await?.into_iter().map(|c| (c.code, c.name)).collect();
        let units: std::collections::HashMap<Uuid, String> =
            linli_store::events::unit::units(self.db()).await?.into_iter().map(|u| (u.id, u.name)).collect();
        let zone = crate::domain::time::zone();
        // A sheet outlives the year: whole dates.
        let when = |t: chrono::DateTime<chrono::Utc>| zone.minute(t);
        let mut grid_codes: Vec<&str> = rows.iter().filter_map(|e| e.grid_code.as_deref()).collect();
        grid_codes.sort_unstable();
        grid_codes.dedup();
        let grids: std::collections::HashMap<String, String> =
            linli_store::registry::region::get_many(self.db(), &grid_codes)
                .await?
                .into_iter()
                .map(|r| (r.code, r.name))
                .collect();
        let state_zh = |s: &str| ALL.iter().find(|x| x.as_str() == s).map_or("", |x| x.zh());
        let out: Vec<Vec<String>> = rows
            .iter()
            .map(|e| {
                vec![
                    e.code.clone(),
                    categories.get(&e.category_code).cloned().unwrap_or_else(|| e.category_code.clone()),
                    state_zh(&e.state).to_owned(),
                    crate::app::events::report::source_zh(&e.source).to_owned(),
                    e.grid_code
                        .as_ref()
                        .map(|g| grids.get(g).cloned().unwrap_or_else(|| g.clone()))
                        .unwrap_or_default(),
                    e.address.clone().unwrap_or_default(),
                    e.text.clone(),
                    crate::app::registry::household::mask_name(&e.reporter_name),
                    e.unit_id.and_then(|u| units.get(&u).cloned()).or_else(|| e.handler.clone()).unwrap_or_default(),
                    when(e.created_at),
                    e.deadline_from
                        .zip(e.deadline_hours)
                        .map(|(f, h)| when(f + chrono::Duration::hours(h)))
                        .unwrap_or_default(),
                    if e.late { "是" } else { "" }.to_owned(),
                    e.rework.to_string(),
                    e.closed_at.map(when).unwrap_or_default(),
                ]
            })
            .collect();
        let mut tx = self.db().begin().await?;
        let detail = serde_json::json!({
            "rows": out.len(), "words": q.words, "state": q.state.map(|s| s.as_str()), "category": q.category,
            "grid": q.grid, "from": q.from, "to": q.to, "overdue": q.overdue,
        });
        crate::app::access::audit::record(
            &mut tx,
            &user.actor(ip),
            "export.events",
            &read_scope(user).join(","),
            detail,
        )
        .await?;
        tx.commit().await?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_needs_a_word_of_two_characters() {
        assert!(words("漏").is_err());
        assert!(words("漏 水").is_err());
        assert_eq!(words(" 楼道  漏水 ").unwrap(), ["楼道", "漏水"]);
        assert_eq!(words("A栋 漏").unwrap(), ["a栋", "漏"]);
        assert!(words("").unwrap().is_empty());
        assert!(words(&"漏水".repeat(51)).is_err(), "over 100 characters");
    }

    #[test]
    fn a_state_outside_the_view_matches_nothing_and_dates_must_run_forward() {
        let q = EventQuery { view: View::Board, state: Some(State::Closed), ..Default::default() };
        assert_eq!(q.find().unwrap().codes, [String::new()]);
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let q = EventQuery { from: d("2026-03-02"), to: d("2026-03-01"), ..Default::default() };
        assert!(q.find().is_err());
        let q = EventQuery { grid: Some("14x".into()), ..Default::default() };
        assert!(q.find().is_err());
        let q = EventQuery { overdue: true, view: View::Board, ..Default::default() };
        let f = q.find().unwrap();
        assert!(f.late && f.states == ["reported", "accepted"]);
    }
}
