//! Money in integer fen (分): parsed from what people type (12.34, ¥12.3,
//! 12), shown as ¥12.34. No floating point anywhere.

use std::fmt;

/// An amount of money in fen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Fen(i64);

/// Why a typed amount is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// Not a number of yuan with at most two decimals.
    #[error("金额应为数字，最多两位小数，如 12.34")]
    Malformed,
    /// Beyond what linli handles (a hundred million yuan).
    #[error("金额过大")]
    TooLarge,
}

/// The largest amount accepted from a person: ¥100,000,000.00.
pub const MAX: Fen = Fen(10_000_000_000);

impl Fen {
    /// Nothing.
    pub const ZERO: Fen = Fen(0);

    /// An amount of fen.
    pub const fn new(fen: i64) -> Fen {
        Fen(fen)
    }

    /// The number of fen.
    pub const fn fen(self) -> i64 {
        self.0
    }

    /// Yuan as typed into a form: `12.34` (no sign of currency).
    pub fn yuan(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", a / 100, a % 100)
    }

    /// Sum, or `None` on overflow.
    pub fn checked_add(self, o: Fen) -> Option<Fen> {
        self.0.checked_add(o.0).map(Fen)
    }

    /// Difference, or `None` on overflow.
    pub fn checked_sub(self, o: Fen) -> Option<Fen> {
        self.0.checked_sub(o.0).map(Fen)
    }

    /// Parses yuan as typed: `12.34`, `12.3`, `12`, `¥12.34`, `￥1,234.50`.
    /// A comma is read only as a thousands separator between groups of three
    /// digits: `1,00` or `0,5` (a decimal comma elsewhere) is refused, never
    /// taken as ¥100 or ¥5.
    pub fn parse_yuan(text: &str) -> Result<Fen, MoneyError> {
        let t = text.trim().trim_start_matches(['¥', '￥']).trim().replace('，', ",");
        let (grouped, frac) = t.split_once('.').unwrap_or((&t, ""));
        if frac.contains(',') {
            return Err(MoneyError::Malformed);
        }
        if grouped.contains(',') {
            let mut groups = grouped.split(',');
            let first = groups.next().unwrap_or_default();
            if !(1..=3).contains(&first.len()) || first.starts_with('0') || groups.any(|g| g.len() != 3) {
                return Err(MoneyError::Malformed);
            }
        }
        let t = t.replace(',', "");
        let (whole, frac) = match t.split_once('.') {
            Some((w, f)) => (w, f),
            None => (t.as_str(), ""),
        };
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(whole) || frac.len() > 2 || (!frac.is_empty() && !digits(frac)) || t.ends_with('.') {
            return Err(MoneyError::Malformed);
        }
        if whole.len() > 9 {
            return Err(MoneyError::TooLarge);
        }
        let yuan: i64 = whole.parse().map_err(|_| MoneyError::Malformed)?;
        let fen: i64 = format!("{frac:0<2}").parse().map_err(|_| MoneyError::Malformed)?;
        let total = Fen(yuan * 100 + fen);
        if total > MAX {
            return Err(MoneyError::TooLarge);
        }
        Ok(total)
    }
}

impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let y = self.yuan();
        match y.strip_prefix('-') {
            Some(rest) => write!(f, "-¥{rest}"),
            None => write!(f, "¥{y}"),
        }
    }
}

/// `numerator / denominator` rounded half up (both non-negative), for
/// charges computed from areas and meter units.
pub fn div_round(numerator: i128, denominator: i128) -> i64 {
    i64::try_from((numerator + denominator / 2) / denominator).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_read_as_typed_and_shown_in_yuan() {
        for (typed, fen) in [
            ("12.34", 1234),
            ("12.3", 1230),
            ("12", 1200),
            ("¥0.05", 5),
            ("￥1,234.50", 123450),
            (" 7 ", 700),
            ("1,000,000", 100000000),
            ("12，345.6", 1234560),
        ] {
            assert_eq!(Fen::parse_yuan(typed), Ok(Fen::new(fen)), "{typed}");
        }
        for bad in [
            "",
            "12.345",
            "1.2.3",
            "-5",
            "12.",
            ".5",
            "abc",
            "1e3",
            "12.3a",
            "1,00",
            "0,5",
            "12,5",
            ",100",
            "1,0000",
            "0,100",
            "1.000,50",
            "1,000.5,0",
        ] {
            assert_eq!(Fen::parse_yuan(bad), Err(MoneyError::Malformed), "{bad}");
        }
        assert_eq!(Fen::parse_yuan("1000000000"), Err(MoneyError::TooLarge));
        assert_eq!(Fen::new(1234).to_string(), "¥12.34");
        assert_eq!(Fen::new(5).to_string(), "¥0.05");
        assert_eq!(Fen::new(-100).to_string(), "-¥1.00");
        assert_eq!(div_round(5, 2), 3);
        assert_eq!(div_round(4, 3), 1);
    }
}
