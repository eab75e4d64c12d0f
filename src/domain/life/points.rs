//! Points (学习积分 / 志愿积分): what earns them, the community's rules, and
//! how a spend or an expiry takes from a person's lots, oldest first. No I/O.

use chrono::{DateTime, Months, Utc};
use uuid::Uuid;

/// Why points move. Stored as [`Kind::key`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A study item read or listened to the end.
    Study,
    /// Volunteer hours confirmed.
    Volunteer,
    /// An activity attended (checked in).
    Activity,
    /// Exchanged for an item of the shop.
    Exchange,
    /// An exchange called off: the points come back.
    Refund,
    /// Given by a family member.
    GiftIn,
    /// Given to a family member.
    GiftOut,
    /// Not spent in time.
    Expire,
    /// Staff put a mistake right (either way), with the reason.
    Correction,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 9] = [
        Kind::Study,
        Kind::Volunteer,
        Kind::Activity,
        Kind::Exchange,
        Kind::Refund,
        Kind::GiftIn,
        Kind::GiftOut,
        Kind::Expire,
        Kind::Correction,
    ];

    /// As stored.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Study => "study",
            Kind::Volunteer => "volunteer",
            Kind::Activity => "activity",
            Kind::Exchange => "exchange",
            Kind::Refund => "refund",
            Kind::GiftIn => "gift_in",
            Kind::GiftOut => "gift_out",
            Kind::Expire => "expire",
            Kind::Correction => "correction",
        }
    }

    /// From storage.
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.key() == s)
    }

    /// Whether it is earned by doing something (and counts toward the daily cap).
    pub fn earned(self) -> bool {
        matches!(self, Kind::Study | Kind::Volunteer | Kind::Activity)
    }
}

/// A community's rules for points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// For a study item, unless the item says otherwise.
    pub study: i64,
    /// For each confirmed hour of volunteering.
    pub per_hour: i64,
    /// For attending an activity.
    pub activity: i64,
    /// The most earned in one day (study, hours and activities together).
    pub daily_cap: i64,
    /// Points expire this many months after they were earned; 0: never.
    pub expire_months: u32,
    /// A wish nobody takes within this many days is raised to staff.
    pub raise_days: i64,
}

impl Default for Rules {
    fn default() -> Rules {
        Rules { study: 5, per_hour: 10, activity: 5, daily_cap: 100, expire_months: 24, raise_days: 3 }
    }
}

/// Why rules cannot be as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RulesProblem {
    /// A number of points outside 0–1000.
    #[error("points")]
    Points,
    /// An expiry outside 0–120 months.
    #[error("expiry")]
    Expiry,
    /// Raising after outside 1–30 days.
    #[error("raise days")]
    RaiseDays,
}

impl Rules {
    /// Checks the numbers.
    pub fn check(&self) -> Result<(), RulesProblem> {
        let ok = |n: i64| (0..=1_000).contains(&n);
        if !(ok(self.study) && ok(self.per_hour) && ok(self.activity) && ok(self.daily_cap)) {
            return Err(RulesProblem::Points);
        }
        if self.expire_months > 120 {
            return Err(RulesProblem::Expiry);
        }
        if !(1..=30).contains(&self.raise_days) {
            return Err(RulesProblem::RaiseDays);
        }
        Ok(())
    }

    /// When points earned at `at` expire.
    pub fn expiry(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if self.expire_months == 0 { None } else { at.checked_add_months(Months::new(self.expire_months)) }
    }

    /// What `minutes` of volunteering earn (whole points, rounded down).
    pub fn for_minutes(&self, minutes: i64) -> i64 {
        self.per_hour * minutes / 60
    }

    /// What may still be earned today, having earned `today` already.
    pub fn within_cap(&self, wanted: i64, today: i64) -> i64 {
        wanted.min((self.daily_cap - today).max(0))
    }
}

/// Points earned at one time, and what is left of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lot {
    /// Identifier.
    pub id: Uuid,
    /// Not yet spent or expired.
    pub remaining: i64,
    /// When they expire.
    pub expires_at: Option<DateTime<Utc>>,
}

/// What to take from which lot to spend `amount`, oldest first (the lots
/// come in the order they were earned); `None` when they do not hold that
/// much. Lots already expired are not spent: expire them first.
pub fn take(lots: &[Lot], amount: i64, now: DateTime<Utc>) -> Option<Vec<(Lot, i64)>> {
    if amount <= 0 {
        return None;
    }
    let mut left = amount;
    let mut out = Vec::new();
    for lot in lots.iter().filter(|l| l.remaining > 0 && l.expires_at.is_none_or(|e| e > now)) {
        let n = lot.remaining.min(left);
        out.push((*lot, n));
        left -= n;
        if left == 0 {
            return Some(out);
        }
    }
    None
}

/// What of the lots has expired by `now`.
pub fn expired(lots: &[Lot], now: DateTime<Utc>) -> Vec<(Lot, i64)> {
    lots.iter()
        .filter(|l| l.remaining > 0 && l.expires_at.is_some_and(|e| e <= now))
        .map(|l| (*l, l.remaining))
        .collect()
}

/// The most minutes of volunteering one day holds.
pub const DAY_MINUTES: i64 = 24 * 60;

/// Why hours cannot be recorded as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum HoursProblem {
    /// Less than a minute or more than a day at once.
    #[error("minutes")]
    Minutes,
    /// With what is already recorded that day, more than 24 hours.
    #[error("day full")]
    DayFull,
    /// A day in the future, or more than a year back.
    #[error("day")]
    Day,
}

/// Checks `minutes` more on a day that already holds `recorded`.
pub fn check_hours(minutes: i64, recorded: i64) -> Result<(), HoursProblem> {
    if !(1..=DAY_MINUTES).contains(&minutes) {
        return Err(HoursProblem::Minutes);
    }
    if recorded + minutes > DAY_MINUTES {
        return Err(HoursProblem::DayFull);
    }
    Ok(())
}

/// Minutes as hours the way volunteer records write them, to the hundredth
/// and no more digits than needed: 150 → "2.5", 45 → "0.75", 20 → "0.33".
pub fn hours(minutes: i64) -> String {
    let centi = (minutes * 100 + 30).div_euclid(60);
    let (h, c) = (centi.div_euclid(100), centi.rem_euclid(100));
    match c {
        0 => h.to_string(),
        c if c % 10 == 0 => format!("{h}.{}", c / 10),
        c => format!("{h}.{c:02}"),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};
    use proptest::prelude::*;

    use super::*;

    fn at(day: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + Duration::days(day)
    }

    #[test]
    fn spending_takes_the_oldest_first_and_never_more_than_there_is() {
        let a = Lot { id: Uuid::from_u128(1), remaining: 3, expires_at: Some(at(10)) };
        let b = Lot { id: Uuid::from_u128(2), remaining: 5, expires_at: None };
        let t = take(&[a, b], 4, at(0)).unwrap();
        assert_eq!(t, vec![(a, 3), (b, 1)]);
        assert_eq!(take(&[a, b], 9, at(0)), None);
        // After a's expiry only b counts.
        assert_eq!(take(&[a, b], 6, at(10)), None);
        assert_eq!(expired(&[a, b], at(10)), vec![(a, 3)]);
        assert_eq!(take(&[a, b], 0, at(0)), None);
    }

    #[test]
    fn rules_and_hours() {
        let r = Rules::default();
        assert_eq!(r.for_minutes(90), 15);
        assert_eq!(r.within_cap(30, 90), 10);
        assert_eq!(r.within_cap(30, 120), 0);
        assert!(Rules { raise_days: 0, ..r }.check().is_err());
        assert_eq!(check_hours(30 * 60, 0), Err(HoursProblem::Minutes));
        assert_eq!(check_hours(600, 900), Err(HoursProblem::DayFull));
        assert!(check_hours(540, 900).is_ok());
        assert_eq!(hours(150), "2.5");
        assert_eq!(hours(120), "2");
        assert_eq!(hours(45), "0.75");
        assert_eq!(hours(20), "0.33");
        assert_eq!(hours(1), "0.02");
        assert_eq!(hours(0), "0");
    }

    proptest! {
        /// Whatever is spent from whatever lots: never more than a lot
        /// holds, the parts add up to the amount, older lots are emptied
        /// before younger ones are touched, and expired lots are left alone.
        #[test]
        fn take_keeps_the_invariants(
            lots in proptest::collection::vec((0i64..50, proptest::option::of(0i64..20)), 0..12),
            amount in 0i64..300,
            now in 0i64..20,
        ) {
            let lots: Vec<Lot> = lots.iter().enumerate()
                .map(|(i, (r, e))| Lot { id: Uuid::from_u128(i as u128), remaining: *r, expires_at: e.map(at) })
                .collect();
            let live: i64 = lots.iter().filter(|l| l.expires_at.is_none_or(|e| e > at(now))).map(|l| l.remaining).sum();
            match take(&lots, amount, at(now)) {
                None => prop_assert!(amount <= 0 || amount > live),
                Some(parts) => {
                    prop_assert_eq!(parts.iter().map(|(_, n)| n).sum::<i64>(), amount);
                    for (i, (lot, n)) in parts.iter().enumerate() {
                        prop_assert!(*n > 0 && *n <= lot.remaining);
                        prop_assert!(lot.expires_at.is_none_or(|e| e > at(now)));
                        if i + 1 < parts.len() { prop_assert_eq!(*n, lot.remaining); }
                    }
                }
            }
        }
    }
}
