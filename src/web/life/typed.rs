//! What the community-life forms send, read as typed: pairs (a weekday
//! checkbox repeats), and the dates and times in them. A field that does
//! not read is refused with its own reason, by its name.

use chrono::{NaiveDate, NaiveTime};

use crate::app::Error;
use crate::app::refusal::Reason;

/// A form's fields, in the order sent.
#[derive(Debug, Clone, Default)]
pub struct Fields(Vec<(String, String)>);

impl Fields {
    /// Reads a form body (what does not decode is left out).
    pub fn from_body(raw: &[u8]) -> Fields {
        Fields(serde_urlencoded::from_bytes(raw).unwrap_or_default())
    }

    /// Fields given as pairs (a form the page fills in itself).
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Fields {
        Fields(pairs)
    }

    /// The first value of `key`, or "".
    pub fn get(&self, key: &str) -> &str {
        self.0.iter().find(|(k, _)| k == key).map_or("", |(_, v)| v.as_str())
    }

    /// Every value of `key`.
    pub fn all(&self, key: &str) -> Vec<&str> {
        self.0.iter().filter(|(k, _)| k == key).map(|(_, v)| v.as_str()).collect()
    }

    /// Every pair, in the order sent.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }

    /// Whether a checkbox `key` was ticked.
    pub fn ticked(&self, key: &str) -> bool {
        !self.get(key).is_empty()
    }
}

/// A `YYYY-MM-DD` date of the years people book and register in (a date
/// near the calendar's ends would overflow the arithmetic done on it).
pub fn date(field: &'static str, text: &str) -> Result<NaiveDate, Error> {
    use chrono::Datelike;
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .ok()
        .filter(|d| (1900..=2200).contains(&d.year()))
        .ok_or_else(|| Error::invalid(field, Reason::BadDate))
}

/// A `HH:MM` time.
pub fn clock(field: &'static str, text: &str) -> Result<NaiveTime, Error> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").map_err(|_| Error::invalid(field, Reason::BadTime))
}

/// Weekday checkboxes `1`…`7` (Monday is 1) as bits.
pub fn weekdays(values: &[&str]) -> u8 {
    values.iter().filter_map(|v| v.parse::<u8>().ok()).filter(|d| (1..=7).contains(d)).fold(0, |b, d| b | 1 << (d - 1))
}

/// A whole number, or `problem` at `field`. Full-width digits (１２, as a
/// Chinese keyboard types them) read as digits.
pub fn number(field: &'static str, text: &str, problem: Reason) -> Result<i64, Error> {
    let plain: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '－' => '-',
            c => c,
        })
        .collect();
    plain.parse::<i64>().map_err(|_| Error::invalid(field, problem))
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_near_the_calendars_ends_are_no_dates() {
        assert!(super::date("day", "2026-12-07").is_ok());
        assert!(super::date("day", "262142-12-31").is_err());
        assert!(super::date("day", "0001-01-01").is_err());
        assert!(super::date("day", "2026-02-30").is_err());
    }

    #[test]
    fn full_width_digits_are_digits() {
        use crate::app::refusal::Reason;
        assert_eq!(super::number("m", "１２", Reason::Quantity).ok(), Some(12));
        assert_eq!(super::number("m", " 45 ", Reason::Quantity).ok(), Some(45));
        assert!(super::number("m", "abc", Reason::Quantity).is_err());
    }
}
