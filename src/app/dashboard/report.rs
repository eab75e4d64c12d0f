//! 一表通 reports filled from the data: a definition's columns counted for
//! each region one level down (a grid's report is its own row), with the
//! total, within the viewer's scope. A report counting sensitive groups
//! (残疾人 …) is for those who work the area, as the registry's figures are.

use chrono::{NaiveDate, Utc};
use linli_store::dashboard::{self as store, PersonCount};

use super::{Level, opened};
use crate::app::access::auth::User;
use crate::app::registry::household::{SENSITIVE_TAGS, read_scope, works};
use crate::app::{App, Error, Result};
use crate::domain::registry::region::RegionCode;
use crate::domain::report::{self, Count, Definition};
use crate::domain::time;

/// A report filled in.
#[derive(Debug, Clone)]
pub struct Filled {
    /// Its definition, as the viewer may see it.
    pub definition: Definition,
    /// Columns left out: sensitive groups (残疾人 …) for those who do not
    /// work the area, whose counts stay with those who do.
    pub left_out: Vec<String>,
    /// The region's code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// How far down it lies (its rows are one level further down).
    pub level: Level,
    /// The local day it was counted.
    pub day: NaiveDate,
    /// (region's code, its name, counts), by code.
    pub rows: Vec<(String, String, Vec<i64>)>,
    /// The sum of the rows.
    pub total: Vec<i64>,
}

/// What the store counts for a column, on `today`.
fn person_count(count: &Count, today: NaiveDate) -> PersonCount {
    match count {
        Count::Households => PersonCount::Households,
        Count::People => PersonCount::People,
        Count::Sex { sex } => PersonCount::Sex(sex.clone()),
        Count::Age { from, to } => crate::app::registry::stats::born_between(*from, *to, today),
        Count::Residency { residency } => PersonCount::Residency(residency.clone()),
        Count::Tag { tag } => PersonCount::Tag(tag.clone()),
    }
}

impl App {
    /// The reports linli fills in.
    pub fn reports(&self) -> &'static [Definition] {
        report::built_in()
    }

    /// The areas a user may fill reports for: those of the dashboard the
    /// user has whole (a grid worker's community is not hers to report).
    pub async fn report_choices(&self, user: &User) -> Result<Vec<(String, String)>> {
        let scope = read_scope(user);
        Ok(self
            .dashboard_choices(user)
            .await?
            .into_iter()
            .filter(|(code, _)| RegionCode::parse(code).is_ok_and(|r| opened(&scope, r.prefix(), false).is_some()))
            .collect())
    }

    /// The report `code` for `region` (the user's first area when none).
    pub async fn fill_report(&self, user: &User, code: &str, region: Option<&RegionCode>) -> Result<Filled> {
        let definition = report::find(code).ok_or(Error::NotFound("report"))?;
        let region = match region {
            Some(r) => r.clone(),
            None => {
                let first = self.report_choices(user).await?.into_iter().next().ok_or(Error::RegionNotFound)?;
                RegionCode::parse(&first.0).map_err(|_| Error::RegionNotFound)?
            }
        };
        let prefix = region.prefix().to_owned();
        // A report is of an area the viewer has whole: never widened.
        let prefixes = opened(&read_scope(user), &prefix, false).ok_or(Error::RegionNotFound)?;
        let _turn = self.figures_gate().enter(1).await?;
        let named =
            linli_store::registry::region::get(self.db(), region.as_str()).await?.ok_or(Error::RegionNotFound)?;
        let (definition, left_out) = if works(user, &prefix) {
            (definition.clone(), Vec::new())
        } else {
            definition.without(|c| matches!(&c.count, Count::Tag { tag } if SENSITIVE_TAGS.contains(&tag.as_str())))
        };
        let level = Level::of(&prefix);
        let len = level.child_len().unwrap_or(prefix.len());
        let day = time::day(Utc::now());
        let counts: Vec<PersonCount> = definition.flat().iter().map(|c| person_count(&c.count, day)).collect();
        let table = store::people_table(self.db(), &prefixes, len, &counts).await?;
        let mut codes: Vec<String> = table.iter().map(|(p, _)| p.clone()).collect();
        // Regions with nobody living there yet stand in the table too.
        if len == 15 {
            for g in linli_store::registry::region::grids_in(self.db(), &prefixes).await? {
                if g.code.len() == 15 && !codes.contains(&g.code) {
                    codes.push(g.code);
                }
            }
        }
        codes.sort();
        let full: Vec<String> =
            codes.iter().map(|p| if p.len() < 12 { format!("{p:0<12}") } else { p.clone() }).collect();
        let refs: Vec<&str> = full.iter().map(String::as_str).collect();
        let names = linli_store::registry::region::get_many(self.db(), &refs).await?;
        let columns = counts.len();
        let rows: Vec<(String, String, Vec<i64>)> = codes
            .iter()
            .zip(&full)
            .map(|(p, code)| {
                let name = names.iter().find(|r| &r.code == code).map_or_else(|| code.clone(), |r| r.name.clone());
                let n = table.iter().find(|(q, _)| q == p).map_or_else(|| vec![0; columns], |(_, n)| n.clone());
                (code.clone(), name, n)
            })
            .collect();
        let total = (0..columns).map(|i| rows.iter().map(|r| r.2[i]).sum()).collect();
        Ok(Filled { definition, left_out, code: named.code, name: named.name, level, day, rows, total })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_become_birth_months_that_count_whole_years() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 8).unwrap();
        let born = |c: &Count| match person_count(c, today) {
            PersonCount::Born(after, until) => (after, until),
            other => panic!("{other:?}"),
        };
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        // 18–34: born after 1991-12-08 and on or before 2008-12-08.
        assert_eq!(born(&Count::Age { from: 18, to: Some(34) }), (d(1991, 12, 8), d(2008, 12, 8)));
        // 80 and over: no lower bound on the birth.
        assert_eq!(born(&Count::Age { from: 80, to: None }), (None, d(1946, 12, 8)));
        // 0–17: born after 2008-12-08, up to today.
        assert_eq!(born(&Count::Age { from: 0, to: Some(17) }), (d(2008, 12, 8), d(2026, 12, 8)));
        let leap = NaiveDate::from_ymd_opt(2028, 2, 29).unwrap();
        assert_eq!(crate::app::registry::stats::born_between(1, None, leap), PersonCount::Born(None, d(2027, 2, 28)));
    }
}
