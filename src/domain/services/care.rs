//! Proactive service (主动服务): rules that name who is probably eligible
//! for an item — people reaching an age (80 for 高龄津贴), people carrying a
//! tag (残疾人 for 残疾人两项补贴) — so staff reach them before they ask.
//! No I/O.

use chrono::{Datelike, Duration, NaiveDate};

/// What makes someone probably eligible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Criterion {
    /// Aged `years` or more, or reaching it within `ahead_days`.
    Age {
        /// Years.
        years: u32,
        /// How early to list them.
        ahead_days: u32,
    },
    /// Carrying this tag.
    Tag(String),
}

/// A proactive rule: people meeting the criterion who have not applied for
/// the item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// The catalogue item they are probably eligible for.
    pub item: String,
    /// Who.
    pub criterion: Criterion,
}

impl Rule {
    /// The rule's key, from what it says (`GL01:age:80`).
    pub fn key(&self) -> String {
        match &self.criterion {
            Criterion::Age { years, .. } => format!("{}:age:{years}", self.item),
            Criterion::Tag(t) => format!("{}:tag:{t}", self.item),
        }
    }

    /// Stored form: (kind, value, ahead days).
    pub fn parts(&self) -> (&'static str, String, u32) {
        match &self.criterion {
            Criterion::Age { years, ahead_days } => ("age", years.to_string(), *ahead_days),
            Criterion::Tag(t) => ("tag", t.clone(), 0),
        }
    }

    /// The earliest birth date that can match (people born after it are too
    /// young), so a query reads only candidates; none for tag rules.
    pub fn born_by(&self, today: NaiveDate) -> Option<NaiveDate> {
        match &self.criterion {
            Criterion::Age { years, ahead_days } => {
                let reach_by = today + Duration::days(i64::from(*ahead_days));
                Some(years_before(reach_by, *years))
            }
            Criterion::Tag(_) => None,
        }
    }

    /// Why this person is probably eligible, or `None`.
    pub fn reason<'a>(
        &self,
        birth: NaiveDate,
        tags: impl IntoIterator<Item = &'a str>,
        today: NaiveDate,
    ) -> Option<String> {
        match &self.criterion {
            Criterion::Age { years, ahead_days } => {
                let reached = years_after(birth, *years);
                if reached <= today {
                    Some(format!("年满{years}周岁"))
                } else if reached <= today + Duration::days(i64::from(*ahead_days)) {
                    Some(format!("将于{}月{}日满{years}周岁", reached.month(), reached.day()))
                } else {
                    None
                }
            }
            Criterion::Tag(t) => tags.into_iter().any(|x| x == t).then(|| format!("登记为{t}")),
        }
    }
}

/// The day someone born on `birth` turns `years` (29 February: 1 March).
fn years_after(birth: NaiveDate, years: u32) -> NaiveDate {
    let y = birth.year() + i32::try_from(years).unwrap_or(200);
    NaiveDate::from_ymd_opt(y, birth.month(), birth.day())
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(y, 3, 1).expect("1 March exists"))
}

/// The latest birth date of someone who has turned `years` by `day`.
fn years_before(day: NaiveDate, years: u32) -> NaiveDate {
    let y = day.year() - i32::try_from(years).unwrap_or(200);
    NaiveDate::from_ymd_opt(y, day.month(), day.day())
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(y, 2, 28).expect("28 February exists"))
}

/// Why a proactive-service rule is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CareRuleProblem {
    /// No item chosen.
    #[error("choose an item")]
    NoItem,
    /// The age is not a number.
    #[error("the age is a number")]
    AgeNotNumber,
    /// Not 1–120 years.
    #[error("the age is 1–120 years")]
    Age,
    /// Not 0–366 days ahead.
    #[error("ahead is 0–366 days")]
    AheadDays,
    /// The tag is empty or longer than 16 characters.
    #[error("a tag has 1–16 characters")]
    Tag,
    /// Neither `age` nor `tag`.
    #[error("the kind is age or tag")]
    Kind,
}

/// Checks a rule as an admin sets it: kind `age` (value in years, 1–120;
/// ahead 0–366 days) or `tag` (1–16 characters).
pub fn rule(item: &str, kind: &str, value: &str, ahead_days: i64) -> Result<Rule, CareRuleProblem> {
    let item = item.trim();
    if item.is_empty() {
        return Err(CareRuleProblem::NoItem);
    }
    let criterion = match kind.trim() {
        "age" => {
            let years: u32 = value.trim().parse().map_err(|_| CareRuleProblem::AgeNotNumber)?;
            if !(1..=120).contains(&years) {
                return Err(CareRuleProblem::Age);
            }
            if !(0..=366).contains(&ahead_days) {
                return Err(CareRuleProblem::AheadDays);
            }
            Criterion::Age { years, ahead_days: u32::try_from(ahead_days).unwrap_or(0) }
        }
        "tag" => {
            let tag = value.trim();
            if tag.is_empty() || tag.chars().count() > 16 {
                return Err(CareRuleProblem::Tag);
            }
            Criterion::Tag(tag.into())
        }
        _ => return Err(CareRuleProblem::Kind),
    };
    Ok(Rule { item: item.into(), criterion })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn people_turning_the_age_soon_are_listed_ahead() {
        let r = rule("GL01", "age", "80", 30).unwrap();
        let today = day(2026, 11, 28);
        assert_eq!(r.reason(day(1946, 11, 28), [], today).as_deref(), Some("年满80周岁"));
        assert_eq!(r.reason(day(1930, 1, 1), [], today).as_deref(), Some("年满80周岁"));
        assert_eq!(r.reason(day(1946, 12, 20), [], today).as_deref(), Some("将于12月20日满80周岁"));
        assert_eq!(r.reason(day(1946, 12, 29), [], today), None);
        assert_eq!(r.reason(day(1950, 1, 1), ["高龄老人"], today), None);
        // The query's bound admits exactly those: born by 28 Dec 1946.
        assert_eq!(r.born_by(today), Some(day(1946, 12, 28)));
        assert!(r.reason(day(1946, 12, 28), [], today).is_some());
        assert!(r.reason(day(1946, 12, 29), [], today).is_none());
        assert_eq!(r.key(), "GL01:age:80");
    }

    #[test]
    fn leap_day_birthdays_count_from_the_first_of_march() {
        let r = rule("GL01", "age", "80", 0).unwrap();
        assert_eq!(r.reason(day(1944, 2, 29), [], day(2024, 2, 28)), None);
        assert!(r.reason(day(1944, 2, 29), [], day(2024, 2, 29)).is_some());
        assert_eq!(r.reason(day(1946, 2, 28), [], day(2026, 2, 28)).as_deref(), Some("年满80周岁"));
        assert_eq!(years_after(day(1944, 2, 29), 81), day(2025, 3, 1));
        assert_eq!(years_before(day(2028, 2, 29), 80), day(1948, 2, 29));
        assert_eq!(years_before(day(2025, 2, 29 - 1), 81), day(1944, 2, 28));
    }

    #[test]
    fn tag_rules_match_the_tag_only() {
        let r = rule("CJ01", "tag", "残疾人", 0).unwrap();
        let today = day(2026, 11, 28);
        assert_eq!(r.reason(day(1990, 1, 1), ["退役军人", "残疾人"], today).as_deref(), Some("登记为残疾人"));
        assert_eq!(r.reason(day(1930, 1, 1), ["残疾"], today), None);
        assert_eq!(r.born_by(today), None);
        assert_eq!(r.key(), "CJ01:tag:残疾人");
    }

    #[test]
    fn rules_are_checked() {
        assert!(rule("", "tag", "残疾人", 0).is_err());
        assert!(rule("GL01", "age", "八十", 0).is_err());
        assert!(rule("GL01", "age", "0", 0).is_err());
        assert!(rule("GL01", "age", "80", 400).is_err());
        assert!(rule("GL01", "size", "80", 0).is_err());
        assert!(rule("CJ01", "tag", " ", 0).is_err());
    }
}
