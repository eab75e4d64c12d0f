//! The reading room (电子阅览) and its cloud bookmark (云书签): ISBNs as
//! printed on books, reading positions in the Readium Locator form, which
//! of two devices' positions stands, and the document hash KOReader's
//! progress sync (kosync) names a book by.
//!
//! A position stands until one read *later* arrives: devices sync when they
//! come online, so the last upload may well be the oldest reading.

use chrono::{DateTime, Duration, Utc};

/// An ISBN, checked and held as ISBN-13 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Isbn(String);

/// Why an ISBN was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IsbnProblem {
    /// Neither 10 nor 13 digits (an ISBN-10 may end in X).
    #[error("an ISBN has 10 or 13 digits")]
    Length,
    /// The last digit does not check.
    #[error("the check digit is wrong")]
    CheckDigit,
    /// An ISBN-13 starts 978 or 979.
    #[error("an ISBN-13 starts with 978 or 979")]
    Prefix,
}

impl Isbn {
    /// Reads an ISBN as typed or scanned: hyphens and spaces allowed, `ISBN`
    /// before it allowed, an ISBN-10 made ISBN-13.
    pub fn parse(text: &str) -> Result<Isbn, IsbnProblem> {
        let t = text.trim();
        let t = t.strip_prefix("ISBN").or_else(|| t.strip_prefix("isbn")).unwrap_or(t);
        let chars: Vec<char> =
            t.chars().filter(|c| !matches!(c, '-' | ' ' | ':' | '：' | '－')).map(|c| c.to_ascii_uppercase()).collect();
        match chars.len() {
            10 => {
                let ok = chars[..9].iter().all(char::is_ascii_digit) && (chars[9].is_ascii_digit() || chars[9] == 'X');
                if !ok {
                    return Err(IsbnProblem::Length);
                }
                let sum: u32 = chars
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (10 - i as u32) * if *c == 'X' { 10 } else { c.to_digit(10).unwrap_or(0) })
                    .sum();
                if !sum.is_multiple_of(11) {
                    return Err(IsbnProblem::CheckDigit);
                }
                let body: String =
                    std::iter::once("978").chain(std::iter::once(&*chars[..9].iter().collect::<String>())).collect();
                Ok(Isbn(format!("{body}{}", check13(&body))))
            }
            13 => {
                if !chars.iter().all(char::is_ascii_digit) {
                    return Err(IsbnProblem::Length);
                }
                let s: String = chars.iter().collect();
                if !(s.starts_with("978") || s.starts_with("979")) {
                    return Err(IsbnProblem::Prefix);
                }
                if check13(&s[..12]) != chars[12] {
                    return Err(IsbnProblem::CheckDigit);
                }
                Ok(Isbn(s))
            }
            _ => Err(IsbnProblem::Length),
        }
    }

    /// The 13 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// As printed: 978-7-02-000220-4 needs the registration groups, which
    /// vary; shown as 978-7020002204 (prefix apart) for reading aloud.
    pub fn shown(&self) -> String {
        format!("{}-{}", &self.0[..3], &self.0[3..])
    }
}

/// The check digit of 12 ISBN-13 digits.
fn check13(twelve: &str) -> char {
    let sum: u32 =
        twelve.chars().enumerate().map(|(i, c)| c.to_digit(10).unwrap_or(0) * if i % 2 == 0 { 1 } else { 3 }).sum();
    char::from_digit((10 - sum % 10) % 10, 10).unwrap_or('0')
}

/// Where a reader is in a publication (the Readium Locator's essentials).
#[derive(Debug, Clone, PartialEq)]
pub struct Locator {
    /// The resource (chapter) within the publication.
    pub href: String,
    /// How far into that resource, 0–1.
    pub progression: f64,
    /// How far into the whole publication, 0–1.
    pub total_progression: f64,
}

/// Why a position was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LocatorProblem {
    /// A progression outside 0–1 (or not a number).
    #[error("a progression lies between 0 and 1")]
    Progression,
    /// An href that is empty or longer than [`MAX_HREF`].
    #[error("a resource's href is missing or too long")]
    Href,
}

/// The longest href (or KOReader xpointer) kept.
pub const MAX_HREF: usize = 500;

impl Locator {
    /// A locator within bounds.
    pub fn new(href: &str, progression: f64, total_progression: f64) -> Result<Locator, LocatorProblem> {
        let href = href.trim();
        if href.is_empty() || href.chars().count() > MAX_HREF || href.chars().any(char::is_control) {
            return Err(LocatorProblem::Href);
        }
        let fits = |x: f64| x.is_finite() && (0.0..=1.0).contains(&x);
        if !fits(progression) || !fits(total_progression) {
            return Err(LocatorProblem::Progression);
        }
        Ok(Locator { href: href.to_owned(), progression, total_progression })
    }
}

/// How far ahead of the server's clock a device's reading time may be:
/// beyond it, the device's clock is wrong and the server's time is taken,
/// so that one device set to next year cannot hold the bookmark forever.
pub const CLOCK_SKEW: Duration = Duration::minutes(5);

/// The reading time a position is kept with.
pub fn read_at(device: Option<DateTime<Utc>>, now: DateTime<Utc>) -> DateTime<Utc> {
    match device {
        Some(t) if t <= now + CLOCK_SKEW => t,
        _ => now,
    }
}

/// Whether a position read at `incoming` replaces one read at `stored`:
/// only a later reading does (ties keep what is there).
pub fn replaces(stored: Option<DateTime<Utc>>, incoming: DateTime<Utc>) -> bool {
    stored.is_none_or(|s| incoming > s)
}

/// KOReader's document hash ("partial MD5"): the MD5 of 1 KiB samples at
/// 0, 1 KiB, 4 KiB, 16 KiB … 1 GiB into the file, as far as it goes. A
/// book's file is known by it on the e-reader; an edited file gets another.
pub fn koreader_hash(file: &[u8]) -> String {
    use md5::Digest;
    let mut h = md5::Md5::new();
    for i in -1i32..=10 {
        let offset = if i < 0 { 0 } else { 1024usize << (2 * i) };
        if offset >= file.len() {
            break;
        }
        h.update(&file[offset..(offset + 1024).min(file.len())]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isbns_are_checked_and_held_as_isbn_13() {
        assert_eq!(Isbn::parse("978-7-02-000220-7").unwrap().as_str(), "9787020002207");
        // The same book's ISBN-10 (check digit X) is the same ISBN.
        assert_eq!(Isbn::parse("ISBN 7-02-000220-X").unwrap().as_str(), "9787020002207");
        assert_eq!(Isbn::parse("ISBN 7-02-000220-1"), Err(IsbnProblem::CheckDigit));
        assert_eq!(Isbn::parse("0-306-40615-2").unwrap().as_str(), "9780306406157");
        assert_eq!(Isbn::parse("978-0-306-40615-7").unwrap().as_str(), "9780306406157");
        assert_eq!(Isbn::parse("978-0-306-40615-8"), Err(IsbnProblem::CheckDigit));
        assert_eq!(Isbn::parse("123-0-306-40615-7"), Err(IsbnProblem::Prefix));
        assert_eq!(Isbn::parse("12345"), Err(IsbnProblem::Length));
        assert_eq!(Isbn::parse("97803064061X7"), Err(IsbnProblem::Length));
        assert_eq!(Isbn::parse("080442957X").unwrap().as_str(), "9780804429573");
    }

    #[test]
    fn a_locator_is_bounded() {
        assert!(Locator::new("OEBPS/ch03.xhtml", 0.4, 0.21).is_ok());
        assert_eq!(Locator::new("ch03.xhtml", 1.2, 0.5), Err(LocatorProblem::Progression));
        assert_eq!(Locator::new("ch03.xhtml", f64::NAN, 0.5), Err(LocatorProblem::Progression));
        assert_eq!(Locator::new(" ", 0.1, 0.5), Err(LocatorProblem::Href));
        assert_eq!(Locator::new(&"a".repeat(MAX_HREF + 1), 0.1, 0.5), Err(LocatorProblem::Href));
    }

    #[test]
    fn the_latest_reading_stands_whatever_order_the_uploads_come_in() {
        let t0 = DateTime::parse_from_rfc3339("2026-12-07T08:00:00Z").unwrap().with_timezone(&Utc);
        // Two devices, 100 readings each, uploaded shuffled (a fixed permutation).
        let readings: Vec<DateTime<Utc>> = (0..200).map(|i| t0 + Duration::seconds(i * 37 % 200)).collect();
        let mut order: Vec<usize> = (0..200).collect();
        let mut x: usize = 7;
        for i in (1..order.len()).rev() {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345) % 2_147_483_648;
            order.swap(i, x % (i + 1));
        }
        let mut stored: Option<DateTime<Utc>> = None;
        for i in order {
            if replaces(stored, readings[i]) {
                stored = Some(readings[i]);
            }
        }
        assert_eq!(stored, readings.iter().max().copied());
        assert!(!replaces(Some(t0), t0), "a tie keeps what is there");
    }

    #[test]
    fn a_device_clock_in_the_future_does_not_hold_the_bookmark() {
        let now = Utc::now();
        assert_eq!(read_at(Some(now + Duration::days(365)), now), now);
        assert_eq!(read_at(Some(now - Duration::hours(2)), now), now - Duration::hours(2));
        assert_eq!(read_at(None, now), now);
    }

    #[test]
    fn the_koreader_hash_samples_the_file_as_koreader_does() {
        use md5::Digest;
        // A file shorter than 1 KiB: one sample, the whole file.
        let small = b"<html>tiny</html>".to_vec();
        let whole: String = md5::Md5::digest(&small).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(koreader_hash(&small), whole);
        // A 20 KiB file: samples at 0, 1 KiB, 4 KiB and 16 KiB.
        let big: Vec<u8> = (0..20 * 1024).map(|i| (i % 251) as u8).collect();
        let mut h = md5::Md5::new();
        for at in [0usize, 1024, 4096, 16384] {
            h.update(&big[at..at + 1024]);
        }
        let expected: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(koreader_hash(&big), expected);
        // An edited file is another document.
        let mut edited = big.clone();
        edited[4100] ^= 1;
        assert_ne!(koreader_hash(&edited), expected);
    }
}
