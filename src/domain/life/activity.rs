//! Activities (活动): what a community or an association organises, when,
//! where, for how many and for whom; who is confirmed, who waits, and when
//! the door lets people check in. No I/O.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

/// The longest title, in characters.
pub const TITLE_MAX: usize = 60;
/// The longest description, in characters.
pub const BODY_MAX: usize = 2_000;
/// The longest place, in characters.
pub const PLACE_MAX: usize = 60;
/// The most places an activity offers.
pub const CAPACITY_MAX: i64 = 2_000;
/// The longest an activity lasts, in hours.
pub const LONGEST_HOURS: i64 = 24;
/// How far ahead an activity may be set.
pub const AHEAD_DAYS: i64 = 366;
/// Check-in opens this many minutes before the start.
pub const CHECK_IN_EARLY_MINUTES: i64 = 60;
/// The most weeks a weekly series runs.
pub const WEEKS_MAX: u8 = 12;
/// Reminders go this many hours before the start.
pub const REMIND_HOURS: i64 = 24;

/// Why an activity cannot be as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ActivityProblem {
    /// No title, or a longer one than [`TITLE_MAX`].
    #[error("title")]
    Title,
    /// A description longer than [`BODY_MAX`].
    #[error("body")]
    Body,
    /// No place (and no room), or a longer one than [`PLACE_MAX`].
    #[error("place")]
    Place,
    /// A capacity of 0 or more than [`CAPACITY_MAX`].
    #[error("capacity")]
    Capacity,
    /// An end at or before the start, or more than [`LONGEST_HOURS`] after it.
    #[error("end")]
    End,
    /// A start in the past or more than [`AHEAD_DAYS`] ahead.
    #[error("start")]
    Start,
    /// A registration deadline after the start.
    #[error("deadline")]
    Deadline,
    /// An age band that is not `min–max` with min ≤ max ≤ 120.
    #[error("age band")]
    Ages,
    /// A tag that is empty, too long or holds `,`, `%`, `_` or `\`.
    #[error("tag")]
    Tag,
    /// Who may register, said in a way this version does not know.
    #[error("open to")]
    OpenKind,
    /// A weekly series of 0 or more than [`WEEKS_MAX`] weeks.
    #[error("weeks")]
    Weeks,
}

/// Who may register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenTo {
    /// Everyone living in the community.
    All,
    /// People carrying a tag (e.g. 老年人, 党员).
    Tag(String),
    /// People of an age, in whole years, on the day of the activity.
    Ages(u8, u8),
    /// The organising association's members.
    Members,
}

impl OpenTo {
    /// As stored: `all`, `tag:X`, `ages:6-12`, `members`.
    pub fn stored(&self) -> String {
        match self {
            OpenTo::All => "all".into(),
            OpenTo::Tag(t) => format!("tag:{t}"),
            OpenTo::Ages(a, b) => format!("ages:{a}-{b}"),
            OpenTo::Members => "members".into(),
        }
    }

    /// Reads what [`OpenTo::stored`] wrote (anything else: everyone).
    pub fn from_stored(s: &str) -> OpenTo {
        if let Some(t) = s.strip_prefix("tag:") {
            return OpenTo::Tag(t.to_owned());
        }
        if let Some(r) = s.strip_prefix("ages:")
            && let Ok(o) = ages(r)
        {
            return o;
        }
        if s == "members" { OpenTo::Members } else { OpenTo::All }
    }

    /// Checked from a form: `kind` is all, tag, ages or members.
    pub fn new(kind: &str, value: &str) -> Result<OpenTo, ActivityProblem> {
        match kind {
            "tag" => {
                let t = value.trim();
                if t.is_empty() || t.chars().count() > 16 || t.contains([',', '，', '%', '_', '\\']) {
                    return Err(ActivityProblem::Tag);
                }
                Ok(OpenTo::Tag(t.to_owned()))
            }
            "ages" => ages(value),
            "members" => Ok(OpenTo::Members),
            "all" | "" => Ok(OpenTo::All),
            // A kind misspelt must not open the activity to everyone.
            _ => Err(ActivityProblem::OpenKind),
        }
    }

    /// Whether a person born in `birth_month`, carrying `tags`, may register
    /// for an activity on `day` (membership is the caller's to know).
    pub fn admits(&self, birth_month: NaiveDate, tags: &str, member: bool, day: NaiveDate) -> bool {
        match self {
            OpenTo::All => true,
            OpenTo::Tag(t) => tags.split(',').any(|x| x == t),
            OpenTo::Ages(lo, hi) => {
                let age = age_on(birth_month, day);
                age >= i32::from(*lo) && age <= i32::from(*hi)
            }
            OpenTo::Members => member,
        }
    }
}

/// An age band typed as `6-12` (or `6–12`, `6~12`).
fn ages(text: &str) -> Result<OpenTo, ActivityProblem> {
    let mut parts = text.split(['-', '–', '~', '～']).map(str::trim);
    let (Some(a), Some(b), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(ActivityProblem::Ages);
    };
    match (a.parse::<u8>(), b.parse::<u8>()) {
        (Ok(a), Ok(b)) if a <= b && b <= 120 => Ok(OpenTo::Ages(a, b)),
        _ => Err(ActivityProblem::Ages),
    }
}

/// Whole years on `day` of someone born in `birth_month` (the registry
/// keeps the month; the first of it is taken, as for pensions).
pub fn age_on(birth_month: NaiveDate, day: NaiveDate) -> i32 {
    let mut years = day.year() - birth_month.year();
    if day.month() < birth_month.month() {
        years -= 1;
    }
    years
}

/// When an activity runs and until when one may register, checked at `now`.
pub fn when(
    now: DateTime<Utc>,
    starts: DateTime<Utc>,
    ends: DateTime<Utc>,
    deadline: Option<DateTime<Utc>>,
) -> Result<DateTime<Utc>, ActivityProblem> {
    if starts < now - Duration::minutes(1) || starts > now + Duration::days(AHEAD_DAYS) {
        return Err(ActivityProblem::Start);
    }
    if ends <= starts || ends > starts + Duration::hours(LONGEST_HOURS) {
        return Err(ActivityProblem::End);
    }
    match deadline {
        Some(d) if d > starts => Err(ActivityProblem::Deadline),
        Some(d) => Ok(d),
        None => Ok(starts),
    }
}

/// A capacity, checked.
pub fn capacity(n: i64) -> Result<i64, ActivityProblem> {
    if (1..=CAPACITY_MAX).contains(&n) { Ok(n) } else { Err(ActivityProblem::Capacity) }
}

/// Title, description and place, trimmed and checked.
pub fn words(title: &str, body: &str, place: &str) -> Result<(String, String, String), ActivityProblem> {
    let (t, b, p) = (title.trim(), body.trim(), place.trim());
    if t.is_empty() || t.chars().count() > TITLE_MAX {
        return Err(ActivityProblem::Title);
    }
    if b.chars().count() > BODY_MAX {
        return Err(ActivityProblem::Body);
    }
    if p.is_empty() || p.chars().count() > PLACE_MAX {
        return Err(ActivityProblem::Place);
    }
    Ok((t.to_owned(), b.to_owned(), p.to_owned()))
}

/// Where a registration stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Has a place.
    Confirmed,
    /// Waits for one, in order of registering.
    Waitlisted,
    /// Gave it up (or was taken off).
    Cancelled,
}

impl Standing {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Confirmed => "confirmed",
            Standing::Waitlisted => "waitlisted",
            Standing::Cancelled => "cancelled",
        }
    }

    /// Reads what [`Standing::as_str`] wrote.
    pub fn parse(s: &str) -> Option<Standing> {
        match s {
            "confirmed" => Some(Standing::Confirmed),
            "waitlisted" => Some(Standing::Waitlisted),
            "cancelled" => Some(Standing::Cancelled),
            _ => None,
        }
    }
}

/// Whether the door takes check-ins at `now`: from an hour before the start
/// until the end.
pub fn check_in_open(starts: DateTime<Utc>, ends: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now >= starts - Duration::minutes(CHECK_IN_EARLY_MINUTES) && now <= ends
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn who_may_register() {
        let day = d(2026, 12, 20);
        assert!(OpenTo::All.admits(d(1950, 1, 1), "", false, day));
        assert!(OpenTo::Tag("党员".into()).admits(d(1950, 1, 1), "老年人,党员", false, day));
        assert!(!OpenTo::Tag("党员".into()).admits(d(1950, 1, 1), "老年人,党员预备", false, day));
        let kids = OpenTo::new("ages", "6-12").unwrap();
        assert!(kids.admits(d(2014, 12, 1), "", false, day), "12 this month");
        assert!(!kids.admits(d(2013, 12, 1), "", false, day), "13 this month");
        assert!(kids.admits(d(2020, 12, 1), "", false, day), "6 this month");
        assert!(!kids.admits(d(2021, 1, 1), "", false, day), "not 6 until January");
        assert!(OpenTo::Members.admits(d(1980, 1, 1), "", true, day));
        assert!(!OpenTo::Members.admits(d(1980, 1, 1), "", false, day));
    }

    #[test]
    fn rules_are_stored_and_read_back() {
        for o in [OpenTo::All, OpenTo::Tag("独居老人".into()), OpenTo::Ages(60, 120), OpenTo::Members] {
            assert_eq!(OpenTo::from_stored(&o.stored()), o);
        }
        assert_eq!(OpenTo::new("ages", "12-6"), Err(ActivityProblem::Ages));
        assert_eq!(OpenTo::new("ages", "6-200"), Err(ActivityProblem::Ages));
        assert_eq!(OpenTo::new("ages", "六到十二"), Err(ActivityProblem::Ages));
        assert_eq!(OpenTo::new("tag", "a,b"), Err(ActivityProblem::Tag));
        assert_eq!(OpenTo::new("tag", " "), Err(ActivityProblem::Tag));
        assert_eq!(OpenTo::new("vip", ""), Err(ActivityProblem::OpenKind), "a misspelt kind is no licence");
    }

    #[test]
    fn times_capacity_and_words_are_checked() {
        let now = Utc::now();
        let s = now + Duration::days(2);
        assert_eq!(when(now, s, s + Duration::hours(2), None), Ok(s));
        assert_eq!(when(now, s, s, None), Err(ActivityProblem::End));
        assert_eq!(when(now, s, s - Duration::hours(1), None), Err(ActivityProblem::End));
        assert_eq!(when(now, s, s + Duration::hours(25), None), Err(ActivityProblem::End));
        assert_eq!(when(now, now - Duration::hours(1), now, None), Err(ActivityProblem::Start));
        assert_eq!(when(now, now + Duration::days(400), now + Duration::days(400), None), Err(ActivityProblem::Start));
        assert_eq!(
            when(now, s, s + Duration::hours(1), Some(s + Duration::minutes(1))),
            Err(ActivityProblem::Deadline)
        );
        assert_eq!(capacity(0), Err(ActivityProblem::Capacity));
        assert_eq!(capacity(2_001), Err(ActivityProblem::Capacity));
        assert_eq!(capacity(30), Ok(30));
        assert_eq!(words(" ", "", "x"), Err(ActivityProblem::Title));
        assert_eq!(words("广场舞", "", " "), Err(ActivityProblem::Place));
        assert_eq!(words("广场舞", &"字".repeat(2_001), "广场"), Err(ActivityProblem::Body));
    }

    #[test]
    fn the_door_opens_an_hour_before() {
        let s = Utc::now();
        let e = s + Duration::hours(2);
        assert!(!check_in_open(s, e, s - Duration::minutes(61)));
        assert!(check_in_open(s, e, s - Duration::minutes(59)));
        assert!(check_in_open(s, e, e));
        assert!(!check_in_open(s, e, e + Duration::seconds(1)));
    }
}
