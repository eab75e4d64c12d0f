//! The event measures (考核): closing, on-time, rework and satisfaction
//! rates of a period, by region, category or handler, and the time each
//! step took.

use crate::app::access::auth::User;
use crate::app::refusal::Reason;
use crate::app::registry::household::read_scope;
use crate::app::{App, Error, Result};
use crate::domain::events::event::{Satisfaction, State};

/// What a group of the measures is called: a name from the data, or one
/// the web layer words in the page's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupName {
    /// A region's, a category's or a handler's name.
    Named(String),
    /// All the groups together (合计).
    Total,
    /// By handler: the events dispatched to no one (未派遣).
    NotDispatched,
    /// By region or category: the events with no key (未定位).
    Unplaced,
}

/// One group of the event measures, named.
#[derive(Debug, Clone)]
pub struct MeasureRow {
    /// What the group is called.
    pub name: GroupName,
    /// Its counts.
    pub tally: linli_store::events::measure::Tally,
}

/// A rate as a share (0–1), none when nothing to divide by.
pub fn rate(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

impl MeasureRow {
    /// 结案率: closed of those taken on.
    pub fn closing_rate(&self) -> Option<f64> {
        rate(self.tally.closed, self.tally.accepted)
    }

    /// 按期结案率: closed without running late, of those closed.
    pub fn on_time_rate(&self) -> Option<f64> {
        rate(self.tally.closed_on_time, self.tally.closed)
    }

    /// 返工率: sent back to work at least once, of those taken on.
    pub fn rework_rate(&self) -> Option<f64> {
        rate(self.tally.reworked, self.tally.accepted)
    }

    /// 满意率: 满意 or 基本满意, of those visited.
    pub fn satisfaction_rate(&self) -> Option<f64> {
        rate(self.tally.satisfied, self.tally.visited)
    }
}

/// The event measures of a period, by group, and the time each step took.
#[derive(Debug, Clone)]
pub struct Measures {
    /// The groups, by key.
    pub rows: Vec<MeasureRow>,
    /// All groups together.
    pub all: MeasureRow,
    /// Per action: (action, how many, average seconds since the step before).
    pub steps: Vec<(String, i64, i64)>,
}

/// From an instant (included) to another (excluded).
pub type Period = (chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>);

impl App {
    /// The event measures of the user's scope for the days `from`–`to`
    /// (local dates, both included), grouped `by`.
    pub async fn event_measures(
        &self,
        user: &User,
        by: linli_store::events::measure::By,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Result<Measures> {
        self.measures_in(&read_scope(user), by, from, to).await
    }

    /// The event measures under `prefixes` (a scope already narrowed) for
    /// the days `from`–`to`, grouped `by`.
    pub(crate) async fn measures_in(
        &self,
        prefixes: &[String],
        by: linli_store::events::measure::By,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Result<Measures> {
        let (period, counted) = self.measure_period(from, to)?;
        let mut tallies = linli_store::events::measure::tally(self.db(), prefixes, by, period, &counted).await?;
        // By key, by code point on both engines, and those without one last.
        tallies.sort_by(|a, b| (a.key.is_none(), &a.key).cmp(&(b.key.is_none(), &b.key)));
        let named = self.group_names(by, &tallies).await?;
        let all = tallies.iter().fold(linli_store::events::measure::Tally::default(), |sum, t| sum.plus(t));
        let steps = linli_store::events::measure::step_times(self.db(), prefixes, period).await?;
        Ok(Measures { rows: named, all: MeasureRow { name: GroupName::Total, tally: all }, steps })
    }

    /// The instants of the days `from`–`to` (local dates, both included),
    /// and which states count as what.
    pub(crate) fn measure_period(
        &self,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Result<(Period, linli_store::events::measure::Counted)> {
        if to < from {
            return Err(Error::invalid("to", Reason::EndBeforeStart));
        }
        let zone = crate::domain::time::zone();
        let period =
            (zone.day_start(from), zone.day_start(to.succ_opt().ok_or_else(|| Error::invalid("to", Reason::BadDate))?));
        let names = |list: &[State]| list.iter().map(|s| s.as_str().to_owned()).collect::<Vec<_>>();
        let visited = [
            State::Visited(Satisfaction::Satisfied),
            State::Visited(Satisfaction::Fair),
            State::Visited(Satisfaction::Unsatisfied),
        ];
        let counted = linli_store::events::measure::Counted {
            accepted: names(
                &crate::domain::events::event::ALL
                    .into_iter()
                    .filter(|s| !matches!(s, State::Reported | State::Rejected | State::Duplicate))
                    .collect::<Vec<_>>(),
            ),
            closed: names(&[&[State::Closed][..], &visited[..]].concat()),
            visited: names(&visited),
            satisfied: names(&visited[..2]),
        };
        Ok((period, counted))
    }

    async fn group_names(
        &self,
        by: linli_store::events::measure::By,
        tallies: &[linli_store::events::measure::Tally],
    ) -> Result<Vec<MeasureRow>> {
        let region_codes: Vec<String> = match by {
            linli_store::events::measure::By::Street => {
                tallies.iter().filter_map(|t| t.key.as_ref().map(|k| format!("{k}000"))).collect()
            }
            linli_store::events::measure::By::Grid | linli_store::events::measure::By::Community => {
                tallies.iter().filter_map(|t| t.key.clone()).collect()
            }
            _ => Vec::new(),
        };
        let codes: Vec<&str> = region_codes.iter().map(String::as_str).collect();
        let regions = linli_store::registry::region::get_many(self.db(), &codes).await?;
        let categories = self.categories().await?;
        Ok(tallies
            .iter()
            .map(|t| {
                let name = match (&t.key, by) {
                    (None, linli_store::events::measure::By::Handler) => {
                        return MeasureRow { name: GroupName::NotDispatched, tally: t.clone() };
                    }
                    (None, _) => return MeasureRow { name: GroupName::Unplaced, tally: t.clone() },
                    (Some(k), linli_store::events::measure::By::Category) => {
                        categories.iter().find(|c| &c.code == k).map_or_else(|| k.clone(), |c| c.name.clone())
                    }
                    (Some(k), linli_store::events::measure::By::Handler) => k.clone(),
                    (Some(k), _) => {
                        let code =
                            if by == linli_store::events::measure::By::Street { format!("{k}000") } else { k.clone() };
                        regions.iter().find(|r| r.code == code).map_or(code, |r| r.short_name.clone())
                    }
                };
                MeasureRow { name: GroupName::Named(name), tally: t.clone() }
            })
            .collect())
    }
}
