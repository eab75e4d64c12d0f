//! The 三清单 of the 党建联席会议: needs (需求清单) that member units and
//! 在职党员 take on (领办), what they offer (资源清单), and projects (项目清单)
//! that match a need with resources under an owner unit; the meeting's
//! rotating chair. No I/O.

use uuid::Uuid;

/// What a resource is.
pub const RESOURCE_KINDS: [&str; 5] = ["room", "skill", "money", "people", "goods"];

/// The longest title, in characters.
pub const TITLE_MAX: usize = 40;
/// The longest description, plan, minutes, in characters.
pub const TEXT_MAX: usize = 2_000;

/// Where a need stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NeedState {
    /// On the list, nobody has taken it on.
    Open,
    /// A party member or member unit took it on (领办).
    Taken,
    /// A project was made of it.
    Project,
    /// Met.
    Met,
    /// Dropped by the centre.
    Dropped,
}

impl NeedState {
    /// Every state.
    pub const ALL: [NeedState; 5] =
        [NeedState::Open, NeedState::Taken, NeedState::Project, NeedState::Met, NeedState::Dropped];

    /// As stored.
    pub fn key(self) -> &'static str {
        match self {
            NeedState::Open => "open",
            NeedState::Taken => "taken",
            NeedState::Project => "project",
            NeedState::Met => "met",
            NeedState::Dropped => "dropped",
        }
    }

    /// From storage.
    pub fn parse(s: &str) -> Option<NeedState> {
        NeedState::ALL.into_iter().find(|n| n.key() == s)
    }
}

/// What is done to a need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NeedStep {
    /// A party member or member unit takes it on.
    Take,
    /// The one who took it gives it back.
    GiveBack,
    /// The one who took it (or the centre) says it is met.
    Meet,
    /// A project is made of it (at a meeting, or by the centre).
    MakeProject,
    /// The centre drops it.
    Drop,
}

/// Who acts on a need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NeedActor {
    /// The centre's staff.
    Staff,
    /// The party member or unit who took it on.
    Taker,
    /// A party member or member unit who has not.
    Member,
}

/// Why a step on the lists cannot be taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum JointProblem {
    /// Not in this state (taken by someone else already, met …).
    #[error("not now")]
    NotNow,
    /// Not this person's step.
    #[error("not yours")]
    NotYours,
    /// No title, or a longer one than [`TITLE_MAX`].
    #[error("title")]
    Title,
    /// A text longer than [`TEXT_MAX`].
    #[error("text")]
    Text,
    /// A resource kind this version does not know.
    #[error("kind")]
    Kind,
    /// Progress outside 0–100, or going back.
    #[error("progress")]
    Progress,
    /// A deadline in the past or more than two years ahead.
    #[error("deadline")]
    Deadline,
    /// A unit that is not a member unit of the community.
    #[error("unit")]
    Unit,
}

/// The state after `step` by `who`, or why not.
pub fn next(state: NeedState, step: NeedStep, who: NeedActor) -> Result<NeedState, JointProblem> {
    use {NeedActor as A, NeedState as S, NeedStep as T};
    let (allowed, to) = match (step, state) {
        (T::Take, S::Open) => (who == A::Member, S::Taken),
        (T::GiveBack, S::Taken) => (who == A::Taker, S::Open),
        (T::Meet, S::Taken) => (matches!(who, A::Taker | A::Staff), S::Met),
        (T::MakeProject, S::Open | S::Taken) => (who == A::Staff, S::Project),
        (T::Meet, S::Project) => (who == A::Staff, S::Met),
        (T::Drop, S::Open | S::Taken) => (who == A::Staff, S::Dropped),
        _ => return Err(JointProblem::NotNow),
    };
    if allowed { Ok(to) } else { Err(JointProblem::NotYours) }
}

/// A title of at most [`TITLE_MAX`] characters, and texts of at most [`TEXT_MAX`].
pub fn check_words(title: &str, texts: &[&str]) -> Result<(), JointProblem> {
    let n = title.trim().chars().count();
    if n == 0 || n > TITLE_MAX {
        return Err(JointProblem::Title);
    }
    if texts.iter().any(|t| t.chars().count() > TEXT_MAX) {
        return Err(JointProblem::Text);
    }
    Ok(())
}

/// A project's progress moves forward only, within 0–100.
pub fn check_progress(from: i64, to: i64) -> Result<(), JointProblem> {
    if !(0..=100).contains(&to) || to < from {
        return Err(JointProblem::Progress);
    }
    Ok(())
}

/// The next chair of the meeting: the member unit after the last chair in
/// the order given (the units, by name), or the first.
pub fn next_chair(units: &[Uuid], last: Option<Uuid>) -> Option<Uuid> {
    let i = last.and_then(|l| units.iter().position(|u| *u == l)).map_or(0, |i| i + 1);
    units.get(i % units.len().max(1)).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_table() {
        use {NeedActor as A, NeedState as S, NeedStep as T};
        let mut allowed = Vec::new();
        for s in S::ALL {
            for t in [T::Take, T::GiveBack, T::Meet, T::MakeProject, T::Drop] {
                for a in [A::Staff, A::Taker, A::Member] {
                    if let Ok(to) = next(s, t, a) {
                        allowed.push((s, t, a, to));
                    }
                }
            }
        }
        assert_eq!(
            allowed,
            vec![
                (S::Open, T::Take, A::Member, S::Taken),
                (S::Open, T::MakeProject, A::Staff, S::Project),
                (S::Open, T::Drop, A::Staff, S::Dropped),
                (S::Taken, T::GiveBack, A::Taker, S::Open),
                (S::Taken, T::Meet, A::Staff, S::Met),
                (S::Taken, T::Meet, A::Taker, S::Met),
                (S::Taken, T::MakeProject, A::Staff, S::Project),
                (S::Taken, T::Drop, A::Staff, S::Dropped),
                (S::Project, T::Meet, A::Staff, S::Met),
            ]
        );
    }

    #[test]
    fn the_chair_rotates_through_the_units() {
        let u: Vec<Uuid> = (1..=3).map(Uuid::from_u128).collect();
        assert_eq!(next_chair(&u, None), Some(u[0]));
        assert_eq!(next_chair(&u, Some(u[0])), Some(u[1]));
        assert_eq!(next_chair(&u, Some(u[2])), Some(u[0]));
        assert_eq!(next_chair(&u, Some(Uuid::from_u128(9))), Some(u[0]));
        assert_eq!(next_chair(&[], None), None);
    }

    #[test]
    fn progress_moves_forward_only() {
        assert!(check_progress(20, 50).is_ok());
        assert_eq!(check_progress(50, 20), Err(JointProblem::Progress));
        assert_eq!(check_progress(0, 101), Err(JointProblem::Progress));
        assert_eq!(check_words("", &[]), Err(JointProblem::Title));
        assert_eq!(check_words("修路灯", &[&"字".repeat(2_001)]), Err(JointProblem::Text));
    }
}
