//! Rooms (场地) of a service centre and their bookings: opening hours, the
//! quarter-hour grain every booking keeps (the database holds one row per
//! quarter-hour a booking covers, under a unique key, so two bookings can
//! never overlap on either engine), and recurring series, expanded date by
//! date with the reason each skipped date was skipped. No I/O.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Timelike, Utc, Weekday};

use crate::domain::time::Zone;

/// The grain of bookings and opening hours, in minutes.
pub const GRAIN_MINUTES: i64 = 15;
/// The longest room name, in characters.
pub const NAME_MAX: usize = 30;
/// The longest rules or equipment text, in characters.
pub const TEXT_MAX: usize = 1_000;
/// The most people a room holds.
pub const CAPACITY_MAX: i64 = 2_000;
/// The longest purpose of a booking, in characters.
pub const PURPOSE_MAX: usize = 60;
/// The most dates one recurring series books (a school term of weekdays is about 100).
pub const SERIES_MAX: usize = 200;
/// The longest span of a series, in days.
pub const SERIES_DAYS: i64 = 366;
/// How far ahead staff may book.
pub const AHEAD_DAYS: i64 = 366;
/// How far ahead a resident may book.
pub const RESIDENT_AHEAD_DAYS: i64 = 30;
/// The longest booking a resident may make, in hours.
pub const RESIDENT_HOURS: i64 = 4;

/// Why a room or a booking cannot be as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RoomProblem {
    /// No name, or a longer one than [`NAME_MAX`].
    #[error("name")]
    Name,
    /// A capacity of 0 or more than [`CAPACITY_MAX`].
    #[error("capacity")]
    Capacity,
    /// Opening hours that close before they open, or off the grain.
    #[error("opening hours")]
    Hours,
    /// No opening day.
    #[error("no opening day")]
    NoDay,
    /// Rules or equipment longer than [`TEXT_MAX`].
    #[error("text")]
    Text,
    /// No purpose, or a longer one than [`PURPOSE_MAX`].
    #[error("purpose")]
    Purpose,
    /// An end at or before the start.
    #[error("end before start")]
    EndBeforeStart,
    /// A start that is not on the quarter hour.
    #[error("off the quarter hour")]
    OffGrain,
    /// An end that is not on the quarter hour.
    #[error("end off the quarter hour")]
    EndOffGrain,
    /// Outside the room's opening hours.
    #[error("outside opening hours")]
    OutsideHours,
    /// On a day the room is closed.
    #[error("closed that day")]
    ClosedDay,
    /// In the past.
    #[error("in the past")]
    Past,
    /// Further ahead than the booker may book.
    #[error("too far ahead")]
    TooFarAhead,
    /// Longer than a resident may book.
    #[error("too long")]
    TooLong,
    /// A series making more than [`SERIES_MAX`] dates or spanning more than [`SERIES_DAYS`].
    #[error("series too large")]
    SeriesTooLarge,
    /// A series whose rule makes no date at all (no weekday, until before from).
    #[error("series empty")]
    SeriesEmpty,
}

/// When a room is open: the same hours on each of its opening days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hours {
    /// Opens, minutes after midnight.
    opens: u32,
    /// Closes, minutes after midnight.
    closes: u32,
    /// Opening days: bit 0 Monday … bit 6 Sunday.
    days: u8,
}

impl Hours {
    /// Hours, checked: on the grain, opening before closing, some day open.
    pub fn new(opens: NaiveTime, closes: NaiveTime, days: u8) -> Result<Hours, RoomProblem> {
        let (o, c) = (minutes(opens), minutes(closes));
        if !on_grain(opens) || !on_grain(closes) || o >= c {
            return Err(RoomProblem::Hours);
        }
        if days & 0x7f == 0 {
            return Err(RoomProblem::NoDay);
        }
        Ok(Hours { opens: o, closes: c, days: days & 0x7f })
    }

    /// As stored: minutes after midnight and the day bits.
    pub fn from_stored(opens: i64, closes: i64, days: i64) -> Hours {
        Hours { opens: opens.clamp(0, 1440) as u32, closes: closes.clamp(0, 1440) as u32, days: (days & 0x7f) as u8 }
    }

    /// Opening time, minutes after midnight.
    pub fn opens(self) -> u32 {
        self.opens
    }

    /// Closing time, minutes after midnight.
    pub fn closes(self) -> u32 {
        self.closes
    }

    /// Opening days as bits (Monday is bit 0).
    pub fn days(self) -> u8 {
        self.days
    }

    /// Whether the room opens on `day`.
    pub fn open_on(self, day: Weekday) -> bool {
        self.days & day_bit(day) != 0
    }

    /// Whether a stretch from `start` to `end` on one day lies within the hours.
    fn holds(self, start: NaiveTime, end: NaiveTime) -> bool {
        let e = if end == NaiveTime::MIN { 1440 } else { minutes(end) };
        minutes(start) >= self.opens && e <= self.closes
    }
}

/// The bit of a weekday (Monday is bit 0).
pub fn day_bit(day: Weekday) -> u8 {
    1 << day.num_days_from_monday()
}

fn minutes(t: NaiveTime) -> u32 {
    t.hour() * 60 + t.minute()
}

fn on_grain(t: NaiveTime) -> bool {
    t.second() == 0 && t.nanosecond() == 0 && i64::from(t.minute()) % GRAIN_MINUTES == 0
}

/// Whom a booking is made by: the limits differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Booker {
    /// Community staff (and an association's leader for the association):
    /// a year ahead, any length within the hours.
    Staff,
    /// A resident: a month ahead, at most four hours.
    Resident,
}

/// The quarter hours a booking covers, as numbers (quarter hours since
/// 1970): the keys the database holds unique per room.
pub fn slots(start: DateTime<Utc>, end: DateTime<Utc>) -> std::ops::Range<i64> {
    let g = GRAIN_MINUTES * 60;
    start.timestamp().div_euclid(g)..end.timestamp().div_euclid(g)
}

/// A purpose, trimmed and checked.
pub fn purpose(text: &str) -> Result<String, RoomProblem> {
    let t = text.trim();
    if t.is_empty() || t.chars().count() > PURPOSE_MAX {
        return Err(RoomProblem::Purpose);
    }
    Ok(t.to_owned())
}

/// Checks one booking on `day` from `start` to `end` (local), made at `now`:
/// on the grain, within the hours of an opening day, not past, not too far
/// ahead or too long for the booker. Returns its instants.
pub fn check_one(
    zone: Zone,
    hours: Hours,
    booker: Booker,
    now: DateTime<Utc>,
    (day, start, end): (NaiveDate, NaiveTime, NaiveTime),
) -> Result<(DateTime<Utc>, DateTime<Utc>), RoomProblem> {
    let (from, to) = times(zone, hours, booker, (day, start, end))?;
    if from < now {
        return Err(RoomProblem::Past);
    }
    let ahead = match booker {
        Booker::Staff => AHEAD_DAYS,
        Booker::Resident => RESIDENT_AHEAD_DAYS,
    };
    if from > now + Duration::days(ahead) {
        return Err(RoomProblem::TooFarAhead);
    }
    if !hours.open_on(day.weekday()) {
        return Err(RoomProblem::ClosedDay);
    }
    Ok((from, to))
}

/// The instants of `start`–`end` on `day`, checked for what does not
/// depend on the date: grain, order, opening hours, length.
fn times(
    zone: Zone,
    hours: Hours,
    booker: Booker,
    (day, start, end): (NaiveDate, NaiveTime, NaiveTime),
) -> Result<(DateTime<Utc>, DateTime<Utc>), RoomProblem> {
    if !on_grain(start) {
        return Err(RoomProblem::OffGrain);
    }
    if !on_grain(end) {
        return Err(RoomProblem::EndOffGrain);
    }
    // An end of 00:00 is midnight at the end of the day.
    let end_minutes = if end == NaiveTime::MIN { 1440 } else { minutes(end) };
    if end_minutes <= minutes(start) {
        return Err(RoomProblem::EndBeforeStart);
    }
    if !hours.holds(start, end) {
        return Err(RoomProblem::OutsideHours);
    }
    if booker == Booker::Resident && i64::from(end_minutes - minutes(start)) > RESIDENT_HOURS * 60 {
        return Err(RoomProblem::TooLong);
    }
    let from = zone.instant(day.and_time(start));
    Ok((from, from + Duration::minutes(i64::from(end_minutes - minutes(start)))))
}

/// A recurring booking: the same hours on some weekdays between two dates,
/// except some dates (holidays).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    /// First date.
    pub from: NaiveDate,
    /// Last date.
    pub until: NaiveDate,
    /// Weekdays as bits (Monday is bit 0).
    pub days: u8,
    /// Starts, local.
    pub start: NaiveTime,
    /// Ends, local.
    pub end: NaiveTime,
    /// Dates left out.
    pub except: Vec<NaiveDate>,
}

/// Why one date of a series was not booked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// One of the dates left out (a holiday).
    Excepted,
    /// The room is closed that weekday.
    Closed,
    /// Already past.
    Past,
    /// Another booking holds the room then (its purpose).
    Taken(String),
}

/// One date of a series: booked at these instants, or skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// The local date.
    pub day: NaiveDate,
    /// Its start and end.
    pub start: DateTime<Utc>,
    /// Its end.
    pub end: DateTime<Utc>,
    /// Why it is skipped; none when it is to be booked.
    pub skip: Option<Skip>,
}

/// Every date of a series, checked: what does not depend on the date once,
/// the rule's size before anything is made, then each date (left out,
/// closed, past). Conflicts with other bookings are the store's to find.
pub fn expand(zone: Zone, hours: Hours, series: &Series, now: DateTime<Utc>) -> Result<Vec<Occurrence>, RoomProblem> {
    if series.until < series.from || series.days & 0x7f == 0 {
        return Err(RoomProblem::SeriesEmpty);
    }
    if (series.until - series.from).num_days() >= SERIES_DAYS {
        return Err(RoomProblem::SeriesTooLarge);
    }
    // Counted before any occurrence is made: a rule cannot make 5,000 of them.
    let count = series
        .from
        .iter_days()
        .take_while(|d| *d <= series.until)
        .filter(|d| series.days & day_bit(d.weekday()) != 0)
        .count();
    if count > SERIES_MAX {
        return Err(RoomProblem::SeriesTooLarge);
    }
    if count == 0 {
        return Err(RoomProblem::SeriesEmpty);
    }
    times(zone, hours, Booker::Staff, (series.from, series.start, series.end))?;
    if zone.instant(series.from.and_time(series.start)) > now + Duration::days(AHEAD_DAYS) {
        return Err(RoomProblem::TooFarAhead);
    }
    let mut out = Vec::with_capacity(count);
    for day in series.from.iter_days().take_while(|d| *d <= series.until) {
        if series.days & day_bit(day.weekday()) == 0 {
            continue;
        }
        let (start, end) = times(zone, hours, Booker::Staff, (day, series.start, series.end))?;
        let skip = if series.except.contains(&day) {
            Some(Skip::Excepted)
        } else if !hours.open_on(day.weekday()) {
            Some(Skip::Closed)
        } else if start < now {
            Some(Skip::Past)
        } else if start > now + Duration::days(AHEAD_DAYS) {
            return Err(RoomProblem::TooFarAhead);
        } else {
            None
        };
        out.push(Occurrence { day, start, end, skip });
    }
    Ok(out)
}

/// Dates typed as `2026-10-01`, one per line or separated by commas or
/// spaces; a line that is no date is returned as the error.
pub fn dates(text: &str) -> Result<Vec<NaiveDate>, String> {
    let mut out = Vec::new();
    for part in text.split(|c: char| c == ',' || c == '，' || c == '、' || c.is_whitespace()).filter(|p| !p.is_empty())
    {
        let d = NaiveDate::parse_from_str(part, "%Y-%m-%d").map_err(|_| part.to_owned())?;
        out.push(d);
    }
    out.sort();
    out.dedup();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn zone() -> Zone {
        Zone::east_minutes(480).unwrap()
    }

    fn hours() -> Hours {
        Hours::new(t(8, 0), t(21, 0), 0x7f).unwrap()
    }

    fn now() -> DateTime<Utc> {
        zone().instant(d(2026, 9, 1).and_time(t(9, 0)))
    }

    #[test]
    fn hours_are_checked() {
        assert_eq!(Hours::new(t(9, 0), t(9, 0), 1), Err(RoomProblem::Hours));
        assert_eq!(Hours::new(t(9, 10), t(18, 0), 1), Err(RoomProblem::Hours));
        assert_eq!(Hours::new(t(9, 0), t(18, 0), 0), Err(RoomProblem::NoDay));
        assert!(Hours::new(t(9, 0), t(18, 0), 0b1_1111).unwrap().open_on(Weekday::Fri));
        assert!(!Hours::new(t(9, 0), t(18, 0), 0b1_1111).unwrap().open_on(Weekday::Sat));
    }

    #[test]
    fn one_booking_is_checked_in_every_way_it_can_be_wrong() {
        let z = zone();
        let ok = check_one(z, hours(), Booker::Staff, now(), (d(2026, 9, 2), t(16, 30), t(18, 0))).unwrap();
        assert_eq!(ok.1 - ok.0, Duration::minutes(90));
        let bad = |day, s, e, b| check_one(z, hours(), b, now(), (day, s, e)).unwrap_err();
        assert_eq!(bad(d(2026, 9, 2), t(18, 0), t(16, 30), Booker::Staff), RoomProblem::EndBeforeStart);
        assert_eq!(bad(d(2026, 9, 2), t(16, 0), t(16, 0), Booker::Staff), RoomProblem::EndBeforeStart);
        assert_eq!(bad(d(2026, 9, 2), t(16, 10), t(17, 0), Booker::Staff), RoomProblem::OffGrain);
        assert_eq!(bad(d(2026, 9, 2), t(7, 0), t(9, 0), Booker::Staff), RoomProblem::OutsideHours);
        assert_eq!(bad(d(2026, 9, 2), t(20, 0), t(22, 0), Booker::Staff), RoomProblem::OutsideHours);
        assert_eq!(bad(d(2026, 8, 31), t(9, 0), t(10, 0), Booker::Staff), RoomProblem::Past);
        assert_eq!(bad(d(2026, 10, 15), t(9, 0), t(10, 0), Booker::Resident), RoomProblem::TooFarAhead);
        assert_eq!(bad(d(2026, 9, 2), t(9, 0), t(14, 0), Booker::Resident), RoomProblem::TooLong);
        let weekdays = Hours::new(t(8, 0), t(21, 0), 0b1_1111).unwrap();
        // 2026-09-05 is a Saturday.
        let closed = check_one(z, weekdays, Booker::Staff, now(), (d(2026, 9, 5), t(9, 0), t(10, 0)));
        assert_eq!(closed, Err(RoomProblem::ClosedDay));
    }

    #[test]
    fn slots_cover_the_booking_and_touching_bookings_share_none() {
        let z = zone();
        let (a0, a1) = check_one(z, hours(), Booker::Staff, now(), (d(2026, 9, 2), t(9, 0), t(10, 0))).unwrap();
        let (b0, b1) = check_one(z, hours(), Booker::Staff, now(), (d(2026, 9, 2), t(10, 0), t(10, 30))).unwrap();
        let (a, b) = (slots(a0, a1), slots(b0, b1));
        assert_eq!(a.clone().count(), 4);
        assert_eq!(b.clone().count(), 2);
        assert_eq!(a.end, b.start);
        let (c0, c1) = check_one(z, hours(), Booker::Staff, now(), (d(2026, 9, 2), t(9, 45), t(10, 15))).unwrap();
        let c = slots(c0, c1);
        assert!(c.clone().any(|s| a.contains(&s)) && c.clone().any(|s| b.contains(&s)));
    }

    #[test]
    fn a_series_lists_every_date_with_why_it_is_skipped() {
        // Every school day 16:30–18:00 from 1 September to 31 October,
        // except the National Day week; the room is closed on Wednesdays.
        let hours = Hours::new(t(8, 0), t(21, 0), 0x7f & !day_bit(Weekday::Wed)).unwrap();
        let except: Vec<NaiveDate> = (1..=7).map(|k| d(2026, 10, k)).collect();
        let s = Series {
            from: d(2026, 9, 1),
            until: d(2026, 10, 31),
            days: 0b1_1111,
            start: t(16, 30),
            end: t(18, 0),
            except,
        };
        let now = zone().instant(d(2026, 9, 2).and_time(t(17, 0)));
        let all = expand(zone(), hours, &s, now).unwrap();
        assert_eq!(all.len(), 44, "every weekday of September and October");
        let skipped = |why: Skip| all.iter().filter(|o| o.skip.as_ref() == Some(&why)).count();
        assert_eq!(skipped(Skip::Excepted), 5, "1–7 October holds five weekdays");
        // 2 September is a Wednesday: closed is said before past.
        assert_eq!(skipped(Skip::Past), 1, "1 September has begun");
        // The nine Wednesdays, less 7 October (left out).
        assert_eq!(skipped(Skip::Closed), 8);
        assert_eq!(all.iter().filter(|o| o.skip.is_none()).count(), 44 - 5 - 1 - 8);
        assert!(all.iter().all(|o| o.end - o.start == Duration::minutes(90)));
    }

    #[test]
    fn a_series_too_large_or_empty_is_refused_before_it_is_made() {
        let big = Series {
            from: d(2026, 9, 1),
            until: d(2027, 8, 31),
            days: 0x7f,
            start: t(9, 0),
            end: t(10, 0),
            except: vec![],
        };
        assert_eq!(expand(zone(), hours(), &big, now()), Err(RoomProblem::SeriesTooLarge));
        let long = Series { until: d(2036, 9, 1), days: 1, ..big.clone() };
        assert_eq!(expand(zone(), hours(), &long, now()), Err(RoomProblem::SeriesTooLarge));
        let none = Series { days: 0, ..big.clone() };
        assert_eq!(expand(zone(), hours(), &none, now()), Err(RoomProblem::SeriesEmpty));
        let backwards = Series { until: d(2026, 8, 1), ..big.clone() };
        assert_eq!(expand(zone(), hours(), &backwards, now()), Err(RoomProblem::SeriesEmpty));
        let late = Series { until: d(2026, 9, 30), start: t(20, 0), end: t(22, 0), ..big };
        assert_eq!(expand(zone(), hours(), &late, now()), Err(RoomProblem::OutsideHours));
    }

    #[test]
    fn dates_are_read_from_what_staff_type() {
        assert_eq!(dates("2026-10-01, 2026-10-02\n2026-10-01").unwrap(), vec![d(2026, 10, 1), d(2026, 10, 2)]);
        assert_eq!(dates("2026-10-01、国庆").unwrap_err(), "国庆");
        assert!(dates("  ").unwrap().is_empty());
    }
}
