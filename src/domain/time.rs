//! Local time: the deployment's zone, the local day, month and billing
//! period of an instant, the instants a local day or month runs between,
//! and the ways local times are written.
//!
//! Instants are stored in UTC; people live by the deployment's clock. The
//! zone is the setting `time_zone` (Asia/Shanghai by default), set once at
//! start ([`set_zone`]); until then, and in tools that never start the app,
//! it is UTC+8. A zone is a fixed offset: China, and the places linli is
//! meant for, keep no summer time (a zone with one is refused by name, and
//! can be given as its standard offset, `+01:00`).

use std::fmt;
use std::sync::OnceLock;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat, Utc};

/// The deployment's time zone: an offset east of UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Zone(FixedOffset);

/// Zones known by name: those without summer time that deployments in
/// China and nearby need, with their offsets in minutes.
const NAMED: &[(&str, i32)] = &[
    ("Asia/Shanghai", 8 * 60),
    ("Asia/Chongqing", 8 * 60),
    ("Asia/Harbin", 8 * 60),
    ("PRC", 8 * 60),
    ("Asia/Urumqi", 6 * 60),
    ("Asia/Kashgar", 6 * 60),
    ("Asia/Hong_Kong", 8 * 60),
    ("Asia/Macau", 8 * 60),
    ("Asia/Taipei", 8 * 60),
    ("Asia/Singapore", 8 * 60),
    ("Asia/Kuala_Lumpur", 8 * 60),
    ("Asia/Manila", 8 * 60),
    ("Asia/Ulaanbaatar", 8 * 60),
    ("Asia/Tokyo", 9 * 60),
    ("Asia/Seoul", 9 * 60),
    ("Asia/Bangkok", 7 * 60),
    ("Asia/Ho_Chi_Minh", 7 * 60),
    ("Asia/Jakarta", 7 * 60),
    ("Asia/Almaty", 5 * 60),
    ("Asia/Tashkent", 5 * 60),
    ("Asia/Karachi", 5 * 60),
    ("Asia/Kolkata", 5 * 60 + 30),
    ("Asia/Kathmandu", 5 * 60 + 45),
    ("Asia/Dubai", 4 * 60),
    ("Europe/Moscow", 3 * 60),
    ("Africa/Nairobi", 3 * 60),
    ("Africa/Lagos", 60),
    ("UTC", 0),
    ("Etc/UTC", 0),
    ("GMT", 0),
];

/// A `time_zone` setting that is neither a known name nor an offset.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "时区应为 Asia/Shanghai 之类的名称或 +08:00 之类的偏移（填的是 {0:?}）/ a zone is a name such as Asia/Shanghai or an offset such as +08:00 (got {0:?})"
)]
pub struct UnknownZone(pub String);

impl Zone {
    /// Beijing time, UTC+8: the default.
    pub const SHANGHAI: Zone = Zone(match FixedOffset::east_opt(8 * 3600) {
        Some(o) => o,
        None => panic!("UTC+8 is an offset"),
    });

    /// The zone `minutes` east of UTC, if within a day.
    pub fn east_minutes(minutes: i32) -> Option<Zone> {
        FixedOffset::east_opt(minutes.checked_mul(60)?).map(Zone)
    }

    /// Reads a setting: a name from the built-in table (`Asia/Urumqi`), or
    /// an offset (`+06:00`, `-05:00`, `+0530`, `Z`).
    pub fn parse(text: &str) -> Result<Zone, UnknownZone> {
        let t = text.trim();
        if let Some((_, minutes)) = NAMED.iter().find(|(name, _)| name.eq_ignore_ascii_case(t)) {
            return Ok(Zone::east_minutes(*minutes).expect("the table's offsets are within a day"));
        }
        if t == "Z" || t == "z" {
            return Ok(Zone(FixedOffset::east_opt(0).expect("zero")));
        }
        let unknown = || UnknownZone(text.to_owned());
        let (sign, rest) = match t.as_bytes().first() {
            Some(b'+') => (1, &t[1..]),
            Some(b'-') => (-1, &t[1..]),
            _ => return Err(unknown()),
        };
        let (h, m) = match rest.split_once(':') {
            Some((h, m)) => (h, m),
            None if rest.len() == 4 => rest.split_at(2),
            None => (rest, "00"),
        };
        let digits = |s: &str, max: i32| {
            (matches!(s.len(), 1 | 2) && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<i32>().ok())
                .flatten()
                .filter(|v| *v <= max)
        };
        let (h, m) = (digits(h, 14).ok_or_else(unknown)?, digits(m, 59).ok_or_else(unknown)?);
        Zone::east_minutes(sign * (h * 60 + m)).ok_or_else(unknown)
    }

    /// The offset, for chrono.
    pub fn offset(self) -> FixedOffset {
        self.0
    }

    /// An instant on this zone's clock.
    pub fn local(self, at: DateTime<Utc>) -> DateTime<FixedOffset> {
        at.with_timezone(&self.0)
    }

    /// The local date of an instant.
    pub fn day(self, at: DateTime<Utc>) -> NaiveDate {
        self.local(at).date_naive()
    }

    /// The local year of an instant (receipts are numbered per year).
    pub fn year(self, at: DateTime<Utc>) -> i32 {
        self.day(at).year()
    }

    /// The billing period an instant falls in, `YYYY-MM`.
    pub fn period(self, at: DateTime<Utc>) -> String {
        self.day(at).format("%Y-%m").to_string()
    }

    /// The instant a local date and time of day is (at the ends of chrono's
    /// calendar, the nearest it can hold).
    pub fn instant(self, local: NaiveDateTime) -> DateTime<Utc> {
        let offset = chrono::Duration::seconds(i64::from(self.0.local_minus_utc()));
        local
            .checked_sub_signed(offset)
            .unwrap_or(if offset > chrono::Duration::zero() { NaiveDateTime::MIN } else { NaiveDateTime::MAX })
            .and_utc()
    }

    /// The instant a local day begins (its midnight).
    pub fn day_start(self, day: NaiveDate) -> DateTime<Utc> {
        self.instant(day.and_time(NaiveTime::MIN))
    }

    /// The instants a local day runs between: its midnight, and the next.
    pub fn day_bounds(self, day: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
        let start = self.day_start(day);
        (start, start.checked_add_signed(chrono::Duration::days(1)).unwrap_or(DateTime::<Utc>::MAX_UTC))
    }

    /// The instants a local month runs between: its first midnight, and the
    /// next month's; `None` for a month that does not exist.
    pub fn month_bounds(self, year: i32, month: u32) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let first = NaiveDate::from_ymd_opt(year, month, 1)?;
        let next = first.checked_add_months(chrono::Months::new(1))?;
        Some((self.day_start(first), self.day_start(next)))
    }

    /// `YYYY-MM-DD`, local.
    pub fn date(self, at: DateTime<Utc>) -> String {
        self.local(at).format("%Y-%m-%d").to_string()
    }

    /// `YYYY-MM-DD HH:MM`, local.
    pub fn minute(self, at: DateTime<Utc>) -> String {
        self.local(at).format("%Y-%m-%d %H:%M").to_string()
    }

    /// `YYYY-MM-DD HH:MM:SS`, local.
    pub fn second(self, at: DateTime<Utc>) -> String {
        self.local(at).format("%Y-%m-%d %H:%M:%S").to_string()
    }

    /// `MM-DD HH:MM`, local: a deadline within the year.
    pub fn month_day_minute(self, at: DateTime<Utc>) -> String {
        self.local(at).format("%m-%d %H:%M").to_string()
    }

    /// RFC 3339 with the local offset, whole seconds (`2026-11-28T09:30:00+08:00`).
    pub fn rfc3339(self, at: DateTime<Utc>) -> String {
        self.local(at).to_rfc3339_opts(SecondsFormat::Secs, false)
    }

    /// The zone as people label a column: `UTC+8`, `UTC+5:30`, `UTC-5`, `UTC`.
    pub fn utc_label(self) -> String {
        let secs = self.0.local_minus_utc();
        let (sign, abs) = if secs < 0 { ('-', -secs) } else { ('+', secs) };
        match (abs / 3600, abs % 3600 / 60) {
            (0, 0) => "UTC".to_owned(),
            (h, 0) => format!("UTC{sign}{h}"),
            (h, m) => format!("UTC{sign}{h}:{m:02}"),
        }
    }
}

impl Default for Zone {
    fn default() -> Self {
        Zone::SHANGHAI
    }
}

impl fmt::Display for Zone {
    /// `+08:00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

static ZONE: OnceLock<Zone> = OnceLock::new();

/// Sets the deployment's zone, once per process (the app does at start).
/// Setting the zone already in force is fine; a different one is refused
/// with the zone in force, as two clocks in one process would disagree.
pub fn set_zone(zone: Zone) -> Result<(), Zone> {
    let now = *ZONE.get_or_init(|| zone);
    if now == zone { Ok(()) } else { Err(now) }
}

/// A UTC time, or a reference to one however deep (templates hand either).
pub trait Instant {
    /// The time itself.
    fn instant(&self) -> DateTime<Utc>;
}

impl Instant for DateTime<Utc> {
    fn instant(&self) -> DateTime<Utc> {
        *self
    }
}

impl<T: Instant + ?Sized> Instant for &T {
    fn instant(&self) -> DateTime<Utc> {
        (**self).instant()
    }
}

/// A time as pages show it, `YYYY-MM-DD HH:MM` in the deployment's zone.
pub fn shown_minute(at: impl Instant) -> String {
    zone().minute(at.instant())
}

/// A day as pages show it, `YYYY-MM-DD` in the deployment's zone.
pub fn shown_date(at: impl Instant) -> String {
    zone().date(at.instant())
}

/// A day within the year as lists show it, `MM-DD` in the deployment's zone.
pub fn shown_month_day(at: impl Instant) -> String {
    zone().local(at.instant()).format("%m-%d").to_string()
}

/// The deployment's zone: as set at start, UTC+8 before.
pub fn zone() -> Zone {
    ZONE.get().copied().unwrap_or_default()
}

/// The local date of an instant, in the deployment's zone.
pub fn day(at: DateTime<Utc>) -> NaiveDate {
    zone().day(at)
}

/// The billing period (`YYYY-MM`) an instant falls in, in the deployment's zone.
pub fn period(at: DateTime<Utc>) -> String {
    zone().period(at)
}

/// The instants a local day runs between, in the deployment's zone.
pub fn day_bounds(day: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
    zone().day_bounds(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_default_is_beijing_time() {
        assert_eq!(Zone::default(), Zone::parse("Asia/Shanghai").unwrap());
        assert_eq!(Zone::default(), Zone::parse("+08:00").unwrap());
        assert_eq!(Zone::default().to_string(), "+08:00");
        assert_eq!(Zone::default().utc_label(), "UTC+8");
        // Before the app sets it (unit tests never do), the zone is UTC+8.
        assert_eq!(zone(), Zone::SHANGHAI);
    }

    #[test]
    fn names_and_offsets_are_read() {
        let urumqi = Zone::parse("Asia/Urumqi").unwrap();
        assert_eq!(urumqi, Zone::parse("+06:00").unwrap());
        assert_eq!(urumqi, Zone::parse("+06").unwrap());
        assert_eq!(urumqi, Zone::parse("+0600").unwrap());
        assert_eq!(Zone::parse("utc").unwrap(), Zone::parse("Z").unwrap());
        assert_eq!(Zone::parse("Asia/Kolkata").unwrap().utc_label(), "UTC+5:30");
        assert_eq!(Zone::parse("-05:00").unwrap().utc_label(), "UTC-5");
        assert_eq!(Zone::parse("UTC").unwrap().utc_label(), "UTC");
        for bad in ["", "Beijing", "Europe/Berlin", "+25:00", "+08:60", "8", "+8:0x", "++08"] {
            assert!(Zone::parse(bad).is_err(), "{bad:?} is refused");
        }
    }

    #[test]
    fn a_beijing_day_begins_at_four_the_previous_afternoon_utc() {
        let z = Zone::SHANGHAI;
        let (start, end) = z.day_bounds(d(2026, 11, 28));
        assert_eq!(start, utc("2026-11-27T16:00:00Z"));
        assert_eq!(end, utc("2026-11-28T16:00:00Z"));
        assert_eq!(z.day(utc("2026-11-27T15:59:59Z")), d(2026, 11, 27));
        assert_eq!(z.day(utc("2026-11-27T16:00:00Z")), d(2026, 11, 28));
        assert_eq!(z.period(utc("2026-11-30T16:00:00Z")), "2026-12");
        assert_eq!(z.year(utc("2026-12-31T16:00:00Z")), 2027);
        assert_eq!(z.month_bounds(2026, 12), Some((utc("2026-11-30T16:00:00Z"), utc("2026-12-31T16:00:00Z"))));
        assert_eq!(z.month_bounds(2026, 13), None);
        // The calendar's ends do not panic.
        let _ = (z.day_bounds(NaiveDate::MIN), z.day_bounds(NaiveDate::MAX));
        let _ = Zone::parse("-12:00").unwrap().day_bounds(NaiveDate::MAX);
        assert_eq!(z.minute(utc("2026-11-28T01:30:00Z")), "2026-11-28 09:30");
        assert_eq!(z.rfc3339(utc("2026-11-28T01:30:00Z")), "2026-11-28T09:30:00+08:00");
    }

    #[test]
    fn in_urumqi_time_a_day_runs_two_hours_later() {
        let z = Zone::parse("+06:00").unwrap();
        let (start, end) = z.day_bounds(d(2026, 11, 28));
        assert_eq!(start, utc("2026-11-27T18:00:00Z"));
        assert_eq!(end, utc("2026-11-28T18:00:00Z"));
        // 17:00 UTC is already the 28th in Beijing, still the 27th in Ürümqi.
        let at = utc("2026-11-27T17:00:00Z");
        assert_eq!((Zone::SHANGHAI.day(at), z.day(at)), (d(2026, 11, 28), d(2026, 11, 27)));
        assert_eq!(z.period(utc("2026-11-30T17:00:00Z")), "2026-11");
        assert_eq!(z.instant(d(2026, 11, 28).and_hms_opt(9, 30, 0).unwrap()), utc("2026-11-28T03:30:00Z"));
        assert_eq!(z.rfc3339(utc("2026-11-28T03:30:00Z")), "2026-11-28T09:30:00+06:00");
    }
}
