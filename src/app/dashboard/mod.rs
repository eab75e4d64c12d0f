//! The dashboard (大脑中枢): what is happening under one region — its
//! people, events, services, visits, bills and cases — with trends over the
//! last 12 months and 30 days, and the regions one level down side by side.
//! Everything is read within the viewer's scope: the region asked for is
//! narrowed to what the viewer may see (a grid worker's community dashboard
//! counts her grids), so each figure equals the list it links to.

pub mod report;
pub mod screen;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use linli_store::dashboard::{self as store, ChildEvents, Collection, EventTime};
use linli_store::events::event::{EventRow, Find};

use crate::app::access::auth::User;
use crate::app::events::measures::MeasureRow;
use crate::app::registry::household::read_scope;
use crate::app::registry::stats::Stats;
use crate::app::{App, Error, Result};
use crate::domain::events::event::{ALL, State};
use crate::domain::mediation::zero::Month;
use crate::domain::registry::region::RegionCode;
use crate::domain::time;

/// How far down a region lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// 区.
    District,
    /// 街道.
    Street,
    /// 社区.
    Community,
    /// 网格 (or a sub-grid).
    Grid,
}

impl Level {
    /// The level of a region's significant prefix.
    pub fn of(prefix: &str) -> Level {
        match prefix.len() {
            0..=6 => Level::District,
            7..=9 => Level::Street,
            10..=12 => Level::Community,
            _ => Level::Grid,
        }
    }

    /// How many digits the regions one level down have (none below a grid).
    fn child_len(self) -> Option<usize> {
        match self {
            Level::District => Some(9),
            Level::Street => Some(12),
            Level::Community => Some(15),
            Level::Grid => None,
        }
    }
}

/// Events under the region now and this month.
#[derive(Debug, Clone)]
pub struct EventFigures {
    /// Reported today.
    pub today: i64,
    /// Open now.
    pub open: i64,
    /// Open and past a deadline.
    pub overdue: i64,
    /// Waiting to be accepted or dispatched (the dispatch board).
    pub board: i64,
    /// This month's measures (GB/T 30428): closing, on time, rework, satisfaction.
    pub month: MeasureRow,
    /// This month's most reported categories: (code, name, count).
    pub top: Vec<(String, String, i64)>,
    /// The longest overdue, at most ten.
    pub late: Vec<EventRow>,
}

/// Applications under the region.
#[derive(Debug, Clone, Copy, Default)]
pub struct ServiceFigures {
    /// Being handled (submitted, returned for more, in a step).
    pub in_progress: i64,
    /// Of them, past their promised date.
    pub overdue: i64,
    /// Finished this month (approved, refused or handed over).
    pub done_month: i64,
}

/// Home visits under the region.
#[derive(Debug, Clone, Copy, Default)]
pub struct VisitFigures {
    /// Households due or overdue a visit under the active rules: for those
    /// who visit (grid workers, community staff), at a community or a grid.
    pub due: Option<i64>,
    /// Visits recorded this month.
    pub done_month: i64,
}

/// Bills under the region.
#[derive(Debug, Clone, Copy, Default)]
pub struct BillFigures {
    /// This month's bills and what was collected of them.
    pub month: Collection,
    /// Owed on bills of months before this one, in fen.
    pub arrears: i64,
}

impl BillFigures {
    /// This month's collection rate (实收 / 应收), when anything was billed.
    pub fn rate(&self) -> Option<f64> {
        crate::app::events::measures::rate(self.month.collected, self.month.due)
    }
}

/// Mediation and the 三零 figures under the region.
#[derive(Debug, Clone, Default)]
pub struct CaseFigures {
    /// Whether the viewer knows of cases at all (those who keep them or take
    /// part; a street's or the district's admins see the 三零 figures only).
    pub known: bool,
    /// Cases still running that the viewer knows of (none for those who
    /// see only the 三零 figures).
    pub open: i64,
    /// Of them, past their deadline.
    pub overdue: i64,
    /// This month's 三零 figures (community and above), when readable.
    pub month: Option<Month>,
    /// The year's, January to this month.
    pub year: Option<Month>,
}

/// One period of a trend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Point {
    /// The period's label (`2026-12` or `12-04`).
    pub label: String,
    /// Its first day (local), for the link to the list behind it.
    pub from: NaiveDate,
    /// Its last day.
    pub to: NaiveDate,
    /// Events reported.
    pub reported: i64,
    /// Events closed.
    pub closed: i64,
    /// Visits recorded.
    pub visits: i64,
}

/// A region one level down, side by side with its siblings.
#[derive(Debug, Clone)]
pub struct Child {
    /// Its code (12 digits, or a grid's).
    pub code: String,
    /// Its name.
    pub name: String,
    /// People living there.
    pub people: i64,
    /// Households with anyone living there.
    pub households: i64,
    /// Its events.
    pub events: ChildEvents,
}

impl Child {
    /// Overdue among the open events, when any are open.
    pub fn late_rate(&self) -> Option<f64> {
        crate::app::events::measures::rate(self.events.late, self.events.open)
    }
}

/// The dashboard of a region.
#[derive(Debug, Clone)]
pub struct Dashboard {
    /// The region's code (12 digits or a grid's).
    pub code: String,
    /// Its name.
    pub name: String,
    /// How far down it lies.
    pub level: Level,
    /// Whether it is narrower than the viewer's whole area (lists linked
    /// from it then carry the region as a filter).
    pub narrowed: bool,
    /// The names of the viewer's parts of it, when it is wider than what
    /// the viewer may see (a grid worker's community: her grids).
    pub within: Vec<String>,
    /// The local day it was read.
    pub today: NaiveDate,
    /// People and households.
    pub population: Stats,
    /// Events.
    pub events: EventFigures,
    /// Services.
    pub services: ServiceFigures,
    /// Visits.
    pub visits: VisitFigures,
    /// Bills.
    pub bills: BillFigures,
    /// Cases and the 三零 figures.
    pub cases: CaseFigures,
    /// The last 12 months, oldest first (this month last).
    pub months: Vec<Point>,
    /// The last 30 days, oldest first (today last).
    pub days: Vec<Point>,
    /// The regions one level down, most open events first.
    pub children: Vec<Child>,
}

/// The states an event is open in (not closed, rejected or a duplicate).
pub fn open_states() -> Vec<String> {
    ALL.into_iter().filter(|s| s.open311() == "open").map(|s| s.as_str().to_owned()).collect()
}

/// The viewer's scope narrowed to a region: the region itself where the
/// viewer's area holds it, the viewer's parts of it where it holds them.
fn narrowed(scope: &[String], region: &str) -> Vec<String> {
    let mut out: Vec<String> = scope
        .iter()
        .filter_map(|p| {
            if region.starts_with(p.as_str()) {
                Some(region.to_owned())
            } else if p.starts_with(region) {
                Some(p.clone())
            } else {
                None
            }
        })
        .collect();
    out.sort();
    out.dedup();
    // A wider prefix already holds the narrower ones.
    let all = out.clone();
    out.retain(|p| !all.iter().any(|q| q != p && p.starts_with(q.as_str())));
    out
}

/// The viewer's scope within a region they may open: one inside their area,
/// or — for a grid worker — the community holding her grids (narrowed to
/// them). Anything wider is not theirs to open (none).
fn opened(scope: &[String], region: &str, widen_to_community: bool) -> Option<Vec<String>> {
    let inside = scope.iter().any(|p| region.starts_with(p.as_str()));
    let own_community = widen_to_community && region.len() == 12 && scope.iter().any(|p| p.starts_with(region));
    (inside || own_community).then(|| narrowed(scope, region)).filter(|p| !p.is_empty())
}

/// The first day of the month `back` months before `day`'s.
fn month_start(day: NaiveDate, back: u32) -> NaiveDate {
    let index = day.year() * 12 + day.month0() as i32 - back as i32;
    NaiveDate::from_ymd_opt(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1).unwrap_or(day)
}

/// The states an application is being handled in, and finished in.
const APPLICATION_OPEN: [&str; 3] = ["submitted", "returned", "in_step"];
const APPLICATION_DONE: [&str; 3] = ["approved", "refused", "delivered"];

impl App {
    /// The regions a user may open a dashboard of: their own areas first,
    /// then the communities and grids under them.
    pub async fn dashboard_choices(&self, user: &User) -> Result<Vec<(String, String)>> {
        let choices = self.stats_choices(user).await?;
        // Above a street, its streets stand before their communities.
        if !read_scope(user).iter().any(|p| p.len() <= 6) {
            return Ok(choices);
        }
        let mut streets: Vec<String> = choices
            .iter()
            .filter(|(c, _)| c.len() == 12 && !c.ends_with("000"))
            .map(|(c, _)| format!("{}000", &c[..9]))
            .collect();
        streets.sort();
        streets.dedup();
        let refs: Vec<&str> = streets.iter().map(String::as_str).collect();
        let named = linli_store::registry::region::get_many(self.db(), &refs).await?;
        let mut out = Vec::with_capacity(choices.len() + streets.len());
        for (code, name) in choices {
            if code.len() == 12 && !code.ends_with("000") {
                let street = format!("{}000", &code[..9]);
                let fresh = !out.iter().any(|(c, _): &(String, String)| *c == street);
                if let Some(r) = named.iter().find(|r| fresh && r.code == street) {
                    out.push((r.code.clone(), r.name.clone()));
                }
            }
            if !out.iter().any(|(c, _)| *c == code) {
                out.push((code, name));
            }
        }
        Ok(out)
    }

    /// The dashboard of `region` (the user's first area when none), within
    /// the user's scope; a region outside it is not found.
    pub async fn dashboard(&self, user: &User, region: Option<&RegionCode>) -> Result<Dashboard> {
        let code = match region {
            Some(r) => r.clone(),
            None => {
                let first = self.dashboard_choices(user).await?.into_iter().next().ok_or(Error::RegionNotFound)?;
                RegionCode::parse(&first.0).map_err(|_| Error::RegionNotFound)?
            }
        };
        let prefix = code.prefix().to_owned();
        let scope = read_scope(user);
        let prefixes = opened(&scope, &prefix, true).ok_or(Error::RegionNotFound)?;
        let _turn = self.figures_gate().enter(1).await?;
        let population = self.stats(user, &code).await?;
        let level = Level::of(&prefix);
        let now = Utc::now();
        let zone = time::zone();
        let today = zone.day(now);
        let (day_start, day_end) = zone.day_bounds(today);
        let this_month = month_start(today, 0);
        let month_from = zone.day_start(this_month);
        let month_to =
            zone.day_start(month_start(today, 0).checked_add_months(chrono::Months::new(1)).unwrap_or(today));

        let events = self.dashboard_events(&prefixes, (day_start, day_end), (this_month, today)).await?;
        let tally = linli_store::services::service::tally(self.db(), &prefixes, now).await?;
        let done =
            store::applications_per_period(self.db(), &prefixes, &APPLICATION_DONE, &[month_from, month_to]).await?;
        let services = ServiceFigures {
            in_progress: tally.iter().filter(|t| APPLICATION_OPEN.contains(&t.1.as_str())).map(|t| t.2).sum(),
            overdue: tally.iter().map(|t| t.3).sum(),
            done_month: done.first().copied().unwrap_or(0),
        };
        // Who is due rests on tags, sensitive ones among them: counted for
        // those who visit, where they work, never summed over a street.
        let due = if prefix.len() >= 12 && crate::app::registry::household::works(user, &prefix) {
            Some(i64::try_from(self.due_visits(user, Some(&code), now).await?.len()).unwrap_or(i64::MAX))
        } else {
            None
        };
        let visits_month = store::visits_per_period(self.db(), &prefixes, &[month_from, month_to]).await?;
        let visits = VisitFigures { due, done_month: visits_month.first().copied().unwrap_or(0) };
        let period = zone.period(now);
        let bills = BillFigures {
            month: store::collection(self.db(), &prefixes, Some(&period), &period).await?,
            arrears: {
                let before = store::collection(self.db(), &prefixes, None, &period).await?;
                (before.due - before.collected).max(0)
            },
        };
        let cases = self.dashboard_cases(user, &code, &prefix, today).await?;
        let (months, days) = self.dashboard_trends(&prefixes, today).await?;
        let children = self.dashboard_children(&prefixes, level, (month_from, month_to)).await?;
        let narrowed = scope != prefixes;
        let within = if prefixes.iter().any(|p| p != &prefix) {
            let codes: Vec<String> =
                prefixes.iter().map(|p| if p.len() < 12 { format!("{p:0<12}") } else { p.clone() }).collect();
            let refs: Vec<&str> = codes.iter().map(String::as_str).collect();
            linli_store::registry::region::get_many(self.db(), &refs).await?.into_iter().map(|r| r.name).collect()
        } else {
            Vec::new()
        };
        Ok(Dashboard {
            code: population.region.clone(),
            name: population.name.clone(),
            level,
            narrowed,
            within,
            today,
            population,
            events,
            services,
            visits,
            bills,
            cases,
            months,
            days,
            children,
        })
    }

    async fn dashboard_events(
        &self,
        prefixes: &[String],
        today: (DateTime<Utc>, DateTime<Utc>),
        month: (NaiveDate, NaiveDate),
    ) -> Result<EventFigures> {
        let by_state = linli_store::events::event::count_by_state(self.db(), prefixes, false).await?;
        let late = linli_store::events::event::count_by_state(self.db(), prefixes, true).await?;
        let open = open_states();
        let sum = |rows: &[(String, i64)], states: &[String]| -> i64 {
            rows.iter().filter(|(s, _)| states.contains(s)).map(|(_, n)| n).sum()
        };
        let board = [State::Reported, State::Accepted].map(|s| s.as_str().to_owned());
        let reported_today =
            store::events_per_period(self.db(), prefixes, EventTime::Reported, &[today.0, today.1]).await?;
        let measures =
            self.measures_in(prefixes, linli_store::events::measure::By::Community, month.0, month.1).await?;
        let zone = time::zone();
        let (from, to) = (zone.day_start(month.0), zone.day_start(month.1 + Duration::days(1)));
        let mut top = Vec::new();
        for (code, n) in store::events_by_category(self.db(), prefixes, from, to, 5).await? {
            let name = self.category_name(&code).await?.unwrap_or_else(|| code.clone());
            top.push((code, name, n));
        }
        let find = Find { states: open.clone(), late: true, ..Find::default() };
        let mut late_list = linli_store::events::event::find(self.db(), prefixes, &find, 200).await?;
        // The longest overdue first: oldest reports first among the late.
        late_list.sort_by_key(|e| e.created_at);
        late_list.truncate(10);
        Ok(EventFigures {
            today: reported_today.first().copied().unwrap_or(0),
            open: sum(&by_state, &open),
            overdue: sum(&late, &open),
            board: sum(&by_state, &board),
            month: measures.all,
            top,
            late: late_list,
        })
    }

    async fn dashboard_cases(
        &self,
        user: &User,
        code: &RegionCode,
        prefix: &str,
        today: NaiveDate,
    ) -> Result<CaseFigures> {
        let mut out = CaseFigures::default();
        if crate::app::mediation::sees_cases(user) {
            out.known = true;
            let here = |c: &crate::app::mediation::case::Listed| {
                c.opens
                    && (c.row.community_id.starts_with(prefix)
                        || c.row.grid_code.as_deref().is_some_and(|g| g.starts_with(prefix)))
            };
            let cases = self.cases(user, true).await?;
            out.open = cases.iter().filter(|c| here(c)).count() as i64;
            out.overdue = cases.iter().filter(|c| here(c) && c.overdue).count() as i64;
        }
        // The 三零 figures are a community's and above; a grid's dashboard
        // shows its community's.
        let zero_region = if prefix.len() > 12 { RegionCode::parse(&prefix[..12]).ok() } else { Some(code.clone()) };
        if let Some(r) = zero_region {
            match self.zero_year(user, &r, today.year()).await {
                Ok(y) => {
                    let m = today.month0() as usize;
                    out.month = Some(y.total[m]);
                    out.year = Some(y.total[..=m].iter().fold(Month::default(), |s, x| Month {
                        petitions: s.petitions + x.petitions,
                        above: s.above + x.above,
                        cases: s.cases + x.cases,
                        accidents: s.accidents + x.accidents,
                    }));
                }
                Err(Error::RegionNotFound | Error::NotFound(_) | Error::Forbidden) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }

    async fn dashboard_trends(&self, prefixes: &[String], today: NaiveDate) -> Result<(Vec<Point>, Vec<Point>)> {
        let zone = time::zone();
        let month_days: Vec<NaiveDate> = (0..=12).rev().map(|b| month_start(today, b)).collect();
        let mut month_edges: Vec<DateTime<Utc>> = month_days.iter().map(|d| zone.day_start(*d)).collect();
        month_edges
            .push(zone.day_start(month_start(today, 0).checked_add_months(chrono::Months::new(1)).unwrap_or(today)));
        // 13 edges before the push: 12 months back to this month's start; the push ends this month.
        let month_edges: Vec<DateTime<Utc>> = month_edges[1..].to_vec();
        let month_firsts = &month_days[1..];
        let day_list: Vec<NaiveDate> = (0..30).rev().map(|b| today - Duration::days(b)).collect();
        let mut day_edges: Vec<DateTime<Utc>> = day_list.iter().map(|d| zone.day_start(*d)).collect();
        day_edges.push(zone.day_start(today + Duration::days(1)));
        let db = self.db();
        let m_rep = store::events_per_period(db, prefixes, EventTime::Reported, &month_edges).await?;
        let m_closed = store::events_per_period(db, prefixes, EventTime::Closed, &month_edges).await?;
        let m_visits = store::visits_per_period(db, prefixes, &month_edges).await?;
        let d_rep = store::events_per_period(db, prefixes, EventTime::Reported, &day_edges).await?;
        let d_closed = store::events_per_period(db, prefixes, EventTime::Closed, &day_edges).await?;
        let d_visits = store::visits_per_period(db, prefixes, &day_edges).await?;
        let months = month_firsts
            .iter()
            .enumerate()
            .map(|(i, first)| Point {
                label: first.format("%Y-%m").to_string(),
                from: *first,
                to: first.checked_add_months(chrono::Months::new(1)).map_or(*first, |n| n - Duration::days(1)),
                reported: m_rep[i],
                closed: m_closed[i],
                visits: m_visits[i],
            })
            .collect();
        let days = day_list
            .iter()
            .enumerate()
            .map(|(i, d)| Point {
                label: d.format("%m-%d").to_string(),
                from: *d,
                to: *d,
                reported: d_rep[i],
                closed: d_closed[i],
                visits: d_visits[i],
            })
            .collect();
        Ok((months, days))
    }

    async fn dashboard_children(
        &self,
        prefixes: &[String],
        level: Level,
        month: (DateTime<Utc>, DateTime<Utc>),
    ) -> Result<Vec<Child>> {
        let Some(len) = level.child_len() else { return Ok(Vec::new()) };
        let db = self.db();
        let events = store::events_by_child(db, prefixes, len, &open_states(), month.0, month.1).await?;
        let people = store::people_by_child(db, prefixes, len).await?;
        let mut prefixes_seen: Vec<String> = events.iter().map(|e| e.prefix.clone()).collect();
        prefixes_seen.extend(people.iter().map(|p| p.0.clone()));
        // Grids without anything yet stand in the table too.
        if len == 15 {
            for g in linli_store::registry::region::grids_in(db, prefixes).await? {
                if g.code.len() == 15 {
                    prefixes_seen.push(g.code);
                }
            }
        }
        prefixes_seen.sort();
        prefixes_seen.dedup();
        let codes: Vec<String> =
            prefixes_seen.iter().map(|p| if p.len() < 12 { format!("{p:0<12}") } else { p.clone() }).collect();
        let refs: Vec<&str> = codes.iter().map(String::as_str).collect();
        let named = linli_store::registry::region::get_many(db, &refs).await?;
        let mut out: Vec<Child> = prefixes_seen
            .iter()
            .zip(&codes)
            .map(|(p, code)| {
                let (people, households) = people.iter().find(|x| &x.0 == p).map_or((0, 0), |x| (x.1, x.2));
                Child {
                    code: code.clone(),
                    name: named.iter().find(|r| &r.code == code).map_or_else(|| code.clone(), |r| r.name.clone()),
                    people,
                    households,
                    events: events.iter().find(|e| &e.prefix == p).cloned().unwrap_or_default(),
                }
            })
            .collect();
        out.sort_by(|a, b| b.events.open.cmp(&a.events.open).then(a.code.cmp(&b.code)));
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_region_is_narrowed_to_what_the_viewer_may_see() {
        let street = vec!["141102001".to_owned()];
        assert_eq!(narrowed(&street, "141102001002"), ["141102001002"]);
        assert_eq!(narrowed(&street, "141102"), ["141102001"]);
        assert!(narrowed(&street, "141102002").is_empty());
        let grids = vec!["141102001002001".to_owned(), "141102001002002".to_owned()];
        assert_eq!(narrowed(&grids, "141102001002"), grids);
        assert_eq!(narrowed(&grids, "141102001002001"), ["141102001002001"]);
        let everything = vec![String::new()];
        assert_eq!(narrowed(&everything, "141102"), ["141102"]);
    }

    #[test]
    fn months_go_back_across_years() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 17).unwrap();
        assert_eq!(month_start(d, 0), NaiveDate::from_ymd_opt(2026, 3, 1).unwrap());
        assert_eq!(month_start(d, 3), NaiveDate::from_ymd_opt(2025, 12, 1).unwrap());
        assert_eq!(month_start(d, 14), NaiveDate::from_ymd_opt(2025, 1, 1).unwrap());
    }

    #[test]
    fn levels_follow_the_codes_length() {
        assert_eq!(Level::of("141102"), Level::District);
        assert_eq!(Level::of("141102001"), Level::Street);
        assert_eq!(Level::of("141102001002"), Level::Community);
        assert_eq!(Level::of("141102001002001"), Level::Grid);
        assert_eq!(Level::Grid.child_len(), None);
    }
}
