//! When a household is due a visit (走访): rules name a tag and an interval
//! (独居老人 every 7 days); a household is due when anyone living in it
//! carries a rule's tag, at the shortest interval among them, counted from
//! its last visit. No I/O.

use chrono::{DateTime, Duration, Utc};

/// A visit rule: households with someone tagged `tag` are visited every
/// `every_days` days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// A person's tag (独居老人, 残疾人 …).
    pub tag: String,
    /// Interval in days, 1–365.
    pub every_days: u32,
}

/// How soon a household's visit falls due.
pub const SOON_DAYS: i64 = 3;

/// Where a household stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Never visited although a rule asks for it.
    Never,
    /// Past its date by so many whole days (0: since today).
    Overdue(i64),
    /// Due within [`SOON_DAYS`] days: whole days left.
    Soon(i64),
    /// Not due yet.
    Fine,
}

impl Standing {
    /// In the grid worker's words.
    pub fn zh(self) -> String {
        match self {
            Standing::Never => "从未走访".into(),
            Standing::Overdue(0) => "今天到期".into(),
            Standing::Overdue(d) => format!("已超期 {d} 天"),
            Standing::Soon(0) => "今天到期".into(),
            Standing::Soon(d) => format!("{d} 天后到期"),
            Standing::Fine => "按期".into(),
        }
    }

    /// The list's order: never visited first, then the most overdue, then
    /// the soonest due.
    pub fn order(self) -> (u8, i64) {
        match self {
            Standing::Never => (0, 0),
            Standing::Overdue(d) => (1, -d),
            Standing::Soon(d) => (2, d),
            Standing::Fine => (3, 0),
        }
    }

    /// A stable name for the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Never => "never",
            Standing::Overdue(_) => "overdue",
            Standing::Soon(_) => "soon",
            Standing::Fine => "fine",
        }
    }
}

/// A household's due visit under the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    /// The shortest interval of the rules that apply.
    pub every_days: u32,
    /// The tags that bring it in.
    pub because: Vec<String>,
    /// When it falls due (none: never visited).
    pub due_at: Option<DateTime<Utc>>,
    /// Where it stands now.
    pub standing: Standing,
}

/// Why a visit rule is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RuleProblem {
    /// The tag is empty or longer than 16 characters.
    #[error("a tag has 1–16 characters")]
    Tag,
    /// Not every 1–365 days.
    #[error("visits are 1–365 days apart")]
    Interval,
}

/// Checks a rule as an admin sets it.
pub fn rule(tag: &str, every_days: i64) -> Result<Rule, RuleProblem> {
    let tag = tag.trim();
    if tag.is_empty() || tag.chars().count() > 16 {
        return Err(RuleProblem::Tag);
    }
    if !(1..=365).contains(&every_days) {
        return Err(RuleProblem::Interval);
    }
    Ok(Rule { tag: tag.into(), every_days: u32::try_from(every_days).unwrap_or(365) })
}

/// The household's due visit, if any rule applies to the tags of the
/// people living in it.
pub fn due<'a>(
    rules: &[Rule],
    tags: impl IntoIterator<Item = &'a str>,
    last: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Option<Due> {
    let tags: Vec<&str> = tags.into_iter().collect();
    let mut because: Vec<String> = Vec::new();
    let mut every: Option<u32> = None;
    for r in rules {
        if tags.contains(&r.tag.as_str()) {
            if !because.contains(&r.tag) {
                because.push(r.tag.clone());
            }
            every = Some(every.map_or(r.every_days, |e| e.min(r.every_days)));
        }
    }
    let every_days = every?;
    let due_at = last.map(|l| l + Duration::days(i64::from(every_days)));
    let standing = match due_at {
        None => Standing::Never,
        Some(at) if at <= now => Standing::Overdue((now - at).num_days()),
        Some(at) if at - now <= Duration::days(SOON_DAYS) => Standing::Soon((at - now).num_days()),
        Some(_) => Standing::Fine,
    };
    Some(Due { every_days, because, due_at, standing })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn rules() -> Vec<Rule> {
        vec![rule("独居老人", 7).unwrap(), rule("残疾人", 30).unwrap()]
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 28, 4, 0, 0).unwrap()
    }

    #[test]
    fn a_household_without_a_ruled_tag_is_never_due() {
        assert_eq!(due(&rules(), ["党员", "退役军人"], None, now()), None);
        assert_eq!(due(&rules(), [], Some(now()), now()), None);
    }

    #[test]
    fn the_shortest_interval_of_the_tags_present_applies() {
        let last = now() - Duration::days(10);
        let d = due(&rules(), ["残疾人", "独居老人", "独居老人"], Some(last), now()).unwrap();
        assert_eq!(d.every_days, 7);
        assert_eq!(d.because, vec!["独居老人".to_owned(), "残疾人".to_owned()]);
        assert_eq!(d.due_at, Some(last + Duration::days(7)));
        assert_eq!(d.standing, Standing::Overdue(3));
        assert_eq!(d.standing.zh(), "已超期 3 天");
        // 残疾人 alone: 30 days from the same visit is 20 days away.
        assert_eq!(due(&rules(), ["残疾人"], Some(last), now()).unwrap().standing, Standing::Fine);
    }

    #[test]
    fn never_visited_soon_and_on_the_day() {
        assert_eq!(due(&rules(), ["独居老人"], None, now()).unwrap().standing, Standing::Never);
        let soon = due(&rules(), ["独居老人"], Some(now() - Duration::days(5)), now()).unwrap();
        assert_eq!(soon.standing, Standing::Soon(2));
        let today = due(&rules(), ["独居老人"], Some(now() - Duration::days(7)), now()).unwrap();
        assert_eq!(today.standing, Standing::Overdue(0));
        assert_eq!(today.standing.zh(), "今天到期");
        // The list puts the never-visited first, then the most overdue.
        let mut s = [Standing::Soon(1), Standing::Overdue(2), Standing::Never, Standing::Overdue(9)];
        s.sort_by_key(|s| s.order());
        assert_eq!(s, [Standing::Never, Standing::Overdue(9), Standing::Overdue(2), Standing::Soon(1)]);
    }

    #[test]
    fn rules_are_checked() {
        assert!(rule("", 7).is_err());
        assert!(rule("独居老人", 0).is_err());
        assert!(rule("独居老人", 366).is_err());
        assert_eq!(rule(" 独居老人 ", 365).unwrap().tag, "独居老人");
    }
}
