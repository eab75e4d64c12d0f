//! The after-school class (四点半课堂): a term of school days at set hours
//! for children of an age; parents enrol their own children and name the
//! adults who may take them home; each day a child arrives and is signed
//! out to one of those adults. No I/O.

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};

use super::room::day_bit;

/// The longest name, in characters.
pub const NAME_MAX: usize = 30;
/// The longest term, in days.
pub const TERM_DAYS: i64 = 200;
/// The most adults named to take a child home.
pub const PICKUPS_MAX: usize = 4;

/// Why a class, an enrolment or a sign-out cannot be as asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ClassProblem {
    /// No name, or longer than [`NAME_MAX`].
    #[error("name")]
    Name,
    /// A term that ends before it starts or lasts more than [`TERM_DAYS`].
    #[error("term")]
    Term,
    /// No weekday chosen.
    #[error("days")]
    Days,
    /// An end at or before the start.
    #[error("times")]
    Times,
    /// An age band that is not min ≤ max ≤ 18.
    #[error("ages")]
    Ages,
    /// No adult named, more than [`PICKUPS_MAX`], or a name that is no name.
    #[error("pickups")]
    Pickups,
    /// A child that is not of this household, not living, or not of the class's age.
    #[error("child")]
    Child,
    /// An adult who is not among those named for the child.
    #[error("not a named adult")]
    NotNamed,
    /// Not a day of the class (outside the term, or not one of its weekdays).
    #[error("no class that day")]
    NoClass,
}

/// When a class meets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub until: NaiveDate,
    /// Weekdays as bits (Monday is bit 0).
    pub days: u8,
    /// Starts.
    pub starts: NaiveTime,
    /// Ends.
    pub ends: NaiveTime,
}

impl Term {
    /// A term, checked.
    pub fn new(
        from: NaiveDate,
        until: NaiveDate,
        days: u8,
        starts: NaiveTime,
        ends: NaiveTime,
    ) -> Result<Term, ClassProblem> {
        if until < from || (until - from).num_days() > TERM_DAYS {
            return Err(ClassProblem::Term);
        }
        if days & 0x7f == 0 {
            return Err(ClassProblem::Days);
        }
        if ends <= starts {
            return Err(ClassProblem::Times);
        }
        Ok(Term { from, until, days: days & 0x7f, starts, ends })
    }

    /// Whether the class meets on `day`.
    pub fn meets(&self, day: NaiveDate) -> bool {
        day >= self.from && day <= self.until && self.days & day_bit(day.weekday()) != 0
    }

    /// Start and end as minutes after midnight.
    pub fn minutes(&self) -> (i64, i64) {
        let m = |t: NaiveTime| i64::from(t.hour() * 60 + t.minute());
        (m(self.starts), m(self.ends))
    }
}

/// An age band for children, checked.
pub fn ages(min: i64, max: i64) -> Result<(i64, i64), ClassProblem> {
    if min < 0 || min > max || max > 18 { Err(ClassProblem::Ages) } else { Ok((min, max)) }
}

/// A name, checked.
pub fn name(text: &str) -> Result<String, ClassProblem> {
    let t = text.trim();
    if t.is_empty() || t.chars().count() > NAME_MAX { Err(ClassProblem::Name) } else { Ok(t.to_owned()) }
}

/// The adults who may take a child home, as typed: names separated by
/// commas, 、 or lines; 1 to [`PICKUPS_MAX`], each 2–20 characters.
pub fn pickups(text: &str) -> Result<Vec<String>, ClassProblem> {
    let mut out: Vec<String> = Vec::new();
    for n in text.split([',', '，', '、', '\n', ';', '；']).map(str::trim).filter(|n| !n.is_empty()) {
        let len = n.chars().count();
        if !(2..=20).contains(&len) || n.chars().any(|c| c.is_control()) {
            return Err(ClassProblem::Pickups);
        }
        if !out.iter().any(|x| x == n) {
            out.push(n.to_owned());
        }
    }
    if out.is_empty() || out.len() > PICKUPS_MAX {
        return Err(ClassProblem::Pickups);
    }
    Ok(out)
}

/// Whether `who` is among the adults named (stored comma-separated).
pub fn may_take_home(named: &str, who: &str) -> bool {
    let who = who.trim();
    !who.is_empty() && named.split(',').any(|n| n == who)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn a_term_meets_on_its_weekdays_within_its_dates() {
        let term = Term::new(d(9, 1), d(12, 31), 0b1_1111, t(16, 30), t(18, 0)).unwrap();
        assert!(term.meets(d(9, 1)), "a Tuesday");
        assert!(!term.meets(d(9, 5)), "a Saturday");
        assert!(!term.meets(d(8, 31)), "before the term");
        assert_eq!(term.minutes(), (990, 1080));
        assert_eq!(Term::new(d(9, 1), d(8, 1), 1, t(16, 30), t(18, 0)), Err(ClassProblem::Term));
        assert_eq!(Term::new(d(1, 1), d(12, 31), 1, t(16, 30), t(18, 0)), Err(ClassProblem::Term));
        assert_eq!(Term::new(d(9, 1), d(9, 30), 0, t(16, 30), t(18, 0)), Err(ClassProblem::Days));
        assert_eq!(Term::new(d(9, 1), d(9, 30), 1, t(18, 0), t(16, 30)), Err(ClassProblem::Times));
    }

    #[test]
    fn the_adults_named_are_read_and_checked() {
        assert_eq!(pickups("王丽，张伟、王丽\n李奶奶").unwrap(), vec!["王丽", "张伟", "李奶奶"]);
        assert_eq!(pickups(" "), Err(ClassProblem::Pickups));
        assert_eq!(pickups("王"), Err(ClassProblem::Pickups));
        assert_eq!(pickups("甲甲,乙乙,丙丙,丁丁,戊戊"), Err(ClassProblem::Pickups));
        assert!(may_take_home("王丽,张伟", "张伟"));
        assert!(!may_take_home("王丽,张伟", "张"));
        assert!(!may_take_home("王丽,张伟", ""));
        assert_eq!(ages(6, 12), Ok((6, 12)));
        assert_eq!(ages(12, 6), Err(ClassProblem::Ages));
        assert_eq!(ages(6, 30), Err(ClassProblem::Ages));
    }
}
