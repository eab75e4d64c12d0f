//! Wishes on the help wall (爱心回音壁): what a resident asks for, who takes
//! it up, and the one function that says which step may follow which. No I/O.
//!
//! A volunteer claims an open wish; the requester (or the centre) accepts
//! the claim, and only then does the volunteer see how to reach them; the
//! volunteer marks it done; the requester thanks, or says it was not done
//! and the volunteer carries on.

use chrono::{Duration, NaiveDate};

/// The longest title, in characters.
pub const TITLE_MAX: usize = 30;
/// The longest description, in characters.
pub const BODY_MAX: usize = 500;
/// The longest note, thanks or reason, in characters.
pub const NOTE_MAX: usize = 100;
/// How far ahead a wish may be needed by, in days.
pub const AHEAD_DAYS: i64 = 90;

/// What kind of help (the wall's filters, the volunteers' skills).
pub const CATEGORIES: [&str; 6] = ["company", "errand", "repair", "tutoring", "outing", "other"];

/// Where a wish stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WishState {
    /// On the wall, nobody has offered.
    Open,
    /// A volunteer offered; the requester has not accepted yet.
    Claimed,
    /// The requester accepted the volunteer, who now sees how to reach them.
    Taken,
    /// The volunteer says it is done.
    Done,
    /// The requester thanked: closed.
    Thanked,
    /// The requester took it down.
    Withdrawn,
}

impl WishState {
    /// Every state, in the order a wish passes them.
    pub const ALL: [WishState; 6] = [
        WishState::Open,
        WishState::Claimed,
        WishState::Taken,
        WishState::Done,
        WishState::Thanked,
        WishState::Withdrawn,
    ];

    /// As stored.
    pub fn key(self) -> &'static str {
        match self {
            WishState::Open => "open",
            WishState::Claimed => "claimed",
            WishState::Taken => "taken",
            WishState::Done => "done",
            WishState::Thanked => "thanked",
            WishState::Withdrawn => "withdrawn",
        }
    }

    /// From storage.
    pub fn parse(s: &str) -> Option<WishState> {
        WishState::ALL.into_iter().find(|w| w.key() == s)
    }
}

/// Who acts on a wish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// The person who asked (or the centre on their behalf).
    Requester,
    /// The volunteer who claimed it.
    Claimer,
    /// A registered volunteer who has not claimed it.
    Volunteer,
    /// The centre's staff.
    Staff,
}

/// What is done to a wish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// A volunteer offers to take it.
    Claim,
    /// The requester accepts the offer.
    Accept,
    /// The requester declines the offer: it is open again.
    Decline,
    /// The volunteer gives it back: it is open again.
    GiveBack,
    /// The volunteer marks it done.
    Finish,
    /// The requester thanks.
    Thank,
    /// The requester says it was not done: the volunteer carries on.
    NotDone,
    /// The requester takes it down.
    Withdraw,
}

impl Step {
    /// Every step.
    pub const ALL: [Step; 8] = [
        Step::Claim,
        Step::Accept,
        Step::Decline,
        Step::GiveBack,
        Step::Finish,
        Step::Thank,
        Step::NotDone,
        Step::Withdraw,
    ];

    /// As the API and forms say it.
    pub fn key(self) -> &'static str {
        match self {
            Step::Claim => "claim",
            Step::Accept => "accept",
            Step::Decline => "decline",
            Step::GiveBack => "give_back",
            Step::Finish => "finish",
            Step::Thank => "thank",
            Step::NotDone => "not_done",
            Step::Withdraw => "withdraw",
        }
    }

    /// From a form or the API.
    pub fn parse(s: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|x| x.key() == s)
    }
}

/// Why a step cannot be taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WishProblem {
    /// Not in this state (e.g. claiming a wish already taken).
    #[error("not now")]
    NotNow,
    /// Not this person's step.
    #[error("not yours")]
    NotYours,
    /// No title, or a longer one than [`TITLE_MAX`].
    #[error("title")]
    Title,
    /// A description longer than [`BODY_MAX`].
    #[error("body")]
    Body,
    /// A category this version does not know.
    #[error("category")]
    Category,
    /// A day in the past or more than [`AHEAD_DAYS`] ahead.
    #[error("needed by")]
    NeededBy,
    /// A note (thanks, reason) that is empty where one is needed, or too long.
    #[error("note")]
    Note,
    /// Claiming one's own wish.
    #[error("own wish")]
    OwnWish,
    /// A phone number in what the wall shows to everyone.
    #[error("phone")]
    Phone,
}

/// The state after `step` by `who`, or why not. The centre's staff may act
/// for the requester (who may have no phone); nobody acts for the volunteer.
pub fn next(state: WishState, step: Step, who: Who) -> Result<WishState, WishProblem> {
    use {Step as S, WishState as W};
    let requester = matches!(who, Who::Requester | Who::Staff);
    let (allowed, to) = match (step, state) {
        (S::Claim, W::Open) => (who == Who::Volunteer, W::Claimed),
        (S::Accept, W::Claimed) => (requester, W::Taken),
        (S::Decline, W::Claimed) => (requester, W::Open),
        (S::GiveBack, W::Claimed | W::Taken) => (who == Who::Claimer, W::Open),
        (S::Finish, W::Taken) => (who == Who::Claimer, W::Done),
        (S::Thank, W::Done) => (requester, W::Thanked),
        (S::NotDone, W::Done) => (requester, W::Taken),
        (S::Withdraw, W::Open | W::Claimed) => (requester, W::Withdrawn),
        _ => return Err(WishProblem::NotNow),
    };
    if allowed { Ok(to) } else { Err(WishProblem::NotYours) }
}

/// Whether the volunteer may see how to reach the requester: only once the
/// requester accepted them, and until the wish is closed.
pub fn contact_shown(state: WishState) -> bool {
    matches!(state, WishState::Taken | WishState::Done)
}

/// Text as typed without what cannot be seen or turns text around: control
/// characters (a line break kept where `lines`), zero-width and
/// direction marks. What is left is trimmed.
pub fn clean(text: &str, lines: bool) -> String {
    let kept: String = text.chars().filter(|c| (lines && *c == '\n') || !(c.is_control() || is_format(*c))).collect();
    kept.trim().to_owned()
}

/// Unicode format characters people cannot see: zero-width, joiners,
/// direction marks and overrides, the byte-order mark.
fn is_format(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}')
}

fn digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Whether a text carries something like a phone number (seven digits or
/// more in a row, spaces and dashes between them allowed).
pub fn has_phone(text: &str) -> bool {
    let mut run = 0;
    for c in text.chars() {
        if digit(c) {
            run += 1;
            if run >= 7 {
                return true;
            }
        } else if !matches!(c, ' ' | '-') {
            run = 0;
        }
    }
    false
}

/// A note shown on the wall with any run of seven digits or more masked.
pub fn mask_phones(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if digit(chars[i]) {
            let mut j = i;
            while j < chars.len() && digit(chars[j]) {
                j += 1;
            }
            if j - i >= 7 {
                out.extend(std::iter::repeat_n('*', j - i));
            } else {
                out.extend(&chars[i..j]);
            }
            i = j;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Checks a new wish's words, category and day.
pub fn check(
    title: &str,
    body: &str,
    category: &str,
    needed_by: NaiveDate,
    today: NaiveDate,
) -> Result<(), WishProblem> {
    if has_phone(title) || has_phone(body) {
        return Err(WishProblem::Phone);
    }
    let t = title.trim().chars().count();
    if t == 0 || t > TITLE_MAX {
        return Err(WishProblem::Title);
    }
    if body.chars().count() > BODY_MAX {
        return Err(WishProblem::Body);
    }
    if !CATEGORIES.contains(&category) {
        return Err(WishProblem::Category);
    }
    if needed_by < today || needed_by > today + Duration::days(AHEAD_DAYS) {
        return Err(WishProblem::NeededBy);
    }
    Ok(())
}

/// A short note: thanks, a reason, what was done. `needed`: it may not be empty.
pub fn note(text: &str, needed: bool) -> Result<String, WishProblem> {
    let t = clean(text, false);
    let n = t.chars().count();
    if (needed && n == 0) || n > NOTE_MAX {
        return Err(WishProblem::Note);
    }
    Ok(mask_phones(&t))
}

/// How the wall names a requester: the family name and 先生/女士 (王女士),
/// never the whole name. `english` gives "Ms Wang".
pub fn shown_name(name: &str, sex: &str) -> String {
    let family: String = name.trim().chars().take(family_len(name.trim())).collect();
    let title = if sex == "female" { "女士" } else { "先生" };
    format!("{family}{title}")
}

/// How many characters of a Chinese name are the family name: two for the
/// common two-character family names, one otherwise.
fn family_len(name: &str) -> usize {
    const DOUBLE: [&str; 10] = ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐"];
    if DOUBLE.iter().any(|d| name.starts_with(d)) && name.chars().count() > 2 { 2 } else { 1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every state × step × person: the whole table, so a change to one
    /// rule shows here.
    #[test]
    fn the_whole_table() {
        use {Step as S, Who as P, WishState as W};
        let mut allowed = Vec::new();
        for state in W::ALL {
            for step in S::ALL {
                for who in [P::Requester, P::Claimer, P::Volunteer, P::Staff] {
                    if let Ok(to) = next(state, step, who) {
                        allowed.push((state, step, who, to));
                    }
                }
            }
        }
        let expected = vec![
            (W::Open, S::Claim, P::Volunteer, W::Claimed),
            (W::Open, S::Withdraw, P::Requester, W::Withdrawn),
            (W::Open, S::Withdraw, P::Staff, W::Withdrawn),
            (W::Claimed, S::Accept, P::Requester, W::Taken),
            (W::Claimed, S::Accept, P::Staff, W::Taken),
            (W::Claimed, S::Decline, P::Requester, W::Open),
            (W::Claimed, S::Decline, P::Staff, W::Open),
            (W::Claimed, S::GiveBack, P::Claimer, W::Open),
            (W::Claimed, S::Withdraw, P::Requester, W::Withdrawn),
            (W::Claimed, S::Withdraw, P::Staff, W::Withdrawn),
            (W::Taken, S::GiveBack, P::Claimer, W::Open),
            (W::Taken, S::Finish, P::Claimer, W::Done),
            (W::Done, S::Thank, P::Requester, W::Thanked),
            (W::Done, S::Thank, P::Staff, W::Thanked),
            (W::Done, S::NotDone, P::Requester, W::Taken),
            (W::Done, S::NotDone, P::Staff, W::Taken),
        ];
        assert_eq!(allowed, expected);
    }

    #[test]
    fn claiming_a_taken_wish_is_not_now_and_a_strangers_accept_is_not_yours() {
        assert_eq!(next(WishState::Taken, Step::Claim, Who::Volunteer), Err(WishProblem::NotNow));
        assert_eq!(next(WishState::Claimed, Step::Accept, Who::Volunteer), Err(WishProblem::NotYours));
        assert_eq!(next(WishState::Claimed, Step::Accept, Who::Claimer), Err(WishProblem::NotYours));
    }

    #[test]
    fn contact_only_between_acceptance_and_close() {
        let shown: Vec<_> = WishState::ALL.into_iter().filter(|s| contact_shown(*s)).collect();
        assert_eq!(shown, vec![WishState::Taken, WishState::Done]);
    }

    #[test]
    fn the_wall_names_nobody_in_full() {
        assert_eq!(shown_name("王秀英", "female"), "王女士");
        assert_eq!(shown_name("欧阳建国", "male"), "欧阳先生");
        assert_eq!(shown_name("欧阳", "male"), "欧先生");
    }

    #[test]
    fn what_cannot_be_seen_goes_and_phones_stay_off_the_wall() {
        assert_eq!(clean("\u{200b}\u{200b}", false), "");
        assert_eq!(clean("x\u{0}y\u{202e}", false), "xy");
        assert_eq!(clean("一\n二", true), "一\n二");
        assert!(has_phone("电话 139-1234-5678"));
        assert!(!has_phone("3号楼 2单元 301"));
        assert_eq!(mask_phones("谢谢，有事打13912345678"), "谢谢，有事打***********");
        assert_eq!(note(" 谢谢\u{200b} ", true), Ok("谢谢".into()));
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert_eq!(check("买菜", "联系我 13912345678", "errand", today, today), Err(WishProblem::Phone));
    }

    #[test]
    fn a_wish_is_checked() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert!(check("买菜", "", "errand", today, today).is_ok());
        assert_eq!(check(" ", "", "errand", today, today), Err(WishProblem::Title));
        assert_eq!(check("买菜", "", "flying", today, today), Err(WishProblem::Category));
        assert_eq!(check("买菜", "", "errand", today - Duration::days(1), today), Err(WishProblem::NeededBy));
        assert_eq!(check("买菜", "", "errand", today + Duration::days(91), today), Err(WishProblem::NeededBy));
        assert_eq!(check("买菜", &"字".repeat(501), "errand", today, today), Err(WishProblem::Body));
        assert_eq!(note("", true), Err(WishProblem::Note));
        assert_eq!(note(" 谢谢 ", true), Ok("谢谢".into()));
    }
}
