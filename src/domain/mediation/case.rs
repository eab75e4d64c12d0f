//! A case (矛盾纠纷 or 信访件) as one transition function: 登记 → 受理 →
//! 调解 (one or more sessions) → 达成协议 / 调解不成 → 转法院 (诉调对接) or
//! 转信访 → 履行回访 → 结案; and its deadlines: a petition's acceptance is
//! decided within 15 days and it is handled within 60 (信访工作条例), a
//! dispute is mediated within 30 days, and the parties may ask the court
//! to confirm an agreement within 30 days of it (人民调解法 第三十三条).
//! No I/O: the app layer stores what this decides.

use chrono::{Duration, NaiveDate};

/// Whether a case is a dispute for mediation or a petition (信访件).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// 矛盾纠纷.
    Dispute,
    /// 信访件.
    Petition,
}

/// What a case is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Matter {
    /// 邻里纠纷.
    Neighbours,
    /// 婚姻家庭.
    Family,
    /// 物业纠纷.
    Property,
    /// 劳资纠纷.
    Labour,
    /// 土地纠纷.
    Land,
    /// 其他.
    Other,
}

/// How much a case may grow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Risk {
    /// 低.
    Low,
    /// 中.
    Medium,
    /// 高.
    High,
    /// 重大.
    Major,
}

impl Risk {
    /// Whether the community head and the police office hear of it at once.
    pub fn alerts(self) -> bool {
        self >= Risk::High
    }
}

/// Where a case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    /// 登记.
    Registered,
    /// 不予受理 (ends it).
    Declined,
    /// 受理.
    Accepted,
    /// 调解中.
    Mediating,
    /// 达成协议.
    Agreed,
    /// 调解不成.
    Failed,
    /// 转法院 (诉调对接).
    ToCourt,
    /// 转信访.
    ToPetition,
    /// 履行回访 done.
    FollowedUp,
    /// 结案.
    Closed,
}

/// What someone does to a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// 受理.
    Accept,
    /// 不予受理, with the reason the parties are told.
    Decline {
        /// Why.
        reason: String,
    },
    /// 调解 begins; a petition moves to mediation only with both parties'
    /// consent, recorded.
    StartMediation {
        /// Both parties agreed to mediation.
        consent: bool,
    },
    /// A mediation session held (its minutes).
    Session {
        /// 调解笔录.
        minutes: String,
    },
    /// 达成协议, with its terms.
    Agree {
        /// The agreement's terms.
        terms: String,
    },
    /// 调解不成.
    Fail {
        /// Why.
        reason: String,
    },
    /// 转法院 (诉调对接).
    ToCourt,
    /// 转信访.
    ToPetition,
    /// 履行回访: whether the agreement is being kept.
    FollowUp {
        /// What was found.
        note: String,
    },
    /// 结案, with how it ended (a petition's answer, what the court or
    /// the petition office decided, the agreement kept).
    Close {
        /// 结案说明.
        note: String,
    },
}

/// Why an action was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// Not possible in this state.
    #[error("{action} is not possible while the case is {state:?}")]
    NotNow {
        /// Where the case stands.
        state: State,
        /// The action's name.
        action: &'static str,
    },
    /// A reason, minutes, terms or note is missing.
    #[error("a text is required")]
    NoText,
    /// A petition moved to mediation without both parties' consent.
    #[error("both parties must consent to mediation")]
    NoConsent,
}

impl Action {
    /// The stored name.
    pub fn name(&self) -> &'static str {
        match self {
            Action::Accept => "accept",
            Action::Decline { .. } => "decline",
            Action::StartMediation { .. } => "mediate",
            Action::Session { .. } => "session",
            Action::Agree { .. } => "agree",
            Action::Fail { .. } => "fail",
            Action::ToCourt => "to_court",
            Action::ToPetition => "to_petition",
            Action::FollowUp { .. } => "follow_up",
            Action::Close { .. } => "close",
        }
    }

    fn text(&self) -> Option<&str> {
        match self {
            Action::Decline { reason } | Action::Fail { reason } => Some(reason),
            Action::Session { minutes } => Some(minutes),
            Action::Agree { terms } => Some(terms),
            Action::FollowUp { note } | Action::Close { note } => Some(note),
            _ => None,
        }
    }
}

/// Stored codes of each of a case's words, in one place: `code` and `parse`
/// of an enum listed in `ALL`.
macro_rules! codes {
    ($t:ident { $($v:ident => $c:literal),* $(,)? }) => {
        impl $t {
            /// Every value, in the order forms list them.
            pub const ALL: &'static [$t] = &[$($t::$v),*];
            /// The stored code.
            pub fn code(self) -> &'static str {
                match self { $($t::$v => $c),* }
            }
            /// Parses a stored code.
            pub fn parse(s: &str) -> Option<$t> {
                Self::ALL.iter().copied().find(|v| v.code() == s)
            }
            /// Its position in `ALL` (where its words are).
            pub fn index(self) -> usize {
                Self::ALL.iter().position(|v| *v == self).unwrap_or(0)
            }
        }
    };
}

codes!(Kind { Dispute => "dispute", Petition => "petition" });
codes!(Matter {
    Neighbours => "neighbours", Family => "family", Property => "property",
    Labour => "labour", Land => "land", Other => "other",
});
codes!(Risk { Low => "low", Medium => "medium", High => "high", Major => "major" });
codes!(State {
    Registered => "registered", Declined => "declined", Accepted => "accepted",
    Mediating => "mediating", Agreed => "agreed", Failed => "failed",
    ToCourt => "to_court", ToPetition => "to_petition", FollowedUp => "followed_up",
    Closed => "closed",
});
codes!(Body {
    Committee => "committee", Petition => "petition", Police => "police",
    Justice => "justice", Court => "court", Lawyer => "lawyer", Volunteer => "volunteer",
});
codes!(Origin { Event => "event", Visit => "visit", WalkIn => "walk_in", Letter => "letter" });

/// Who takes part in a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Body {
    /// 社区人民调解委员会.
    Committee,
    /// 信访.
    Petition,
    /// 公安 (社区警务室).
    Police,
    /// 司法所.
    Justice,
    /// 法院 (科技法庭).
    Court,
    /// 律师.
    Lawyer,
    /// 志愿者.
    Volunteer,
}

impl Body {
    /// The kind of handler unit that is this body, when units of it sign
    /// in (their members then open the case).
    pub fn unit_kind(self) -> Option<&'static str> {
        match self {
            Body::Committee => Some("mediation"),
            Body::Police => Some("police_office"),
            _ => None,
        }
    }
}

/// Where a case came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Origin {
    /// An event reported (邻里纠纷, 安全隐患 …).
    Event,
    /// A visit by a grid worker.
    Visit,
    /// Someone walked in (来访).
    WalkIn,
    /// A petition letter (来信).
    Letter,
}

impl State {
    /// Whether the case is over (no deadline, no action but none).
    pub fn ended(self) -> bool {
        matches!(self, State::Declined | State::Closed)
    }

    /// The actions that may follow, by name, for a case of `kind` (what a
    /// page offers).
    pub fn next(self, kind: Kind) -> Vec<&'static str> {
        let probe = [
            Action::Accept,
            Action::Decline { reason: "-".into() },
            Action::StartMediation { consent: true },
            Action::Session { minutes: "-".into() },
            Action::Agree { terms: "-".into() },
            Action::Fail { reason: "-".into() },
            Action::ToCourt,
            Action::ToPetition,
            Action::FollowUp { note: "-".into() },
            Action::Close { note: "-".into() },
        ];
        probe.iter().filter(|a| apply(kind, self, a).is_ok()).map(Action::name).collect()
    }
}

/// The one transition function: where an action takes a case of a kind.
pub fn apply(kind: Kind, state: State, action: &Action) -> Result<State, Refused> {
    use Action as A;
    use State as S;
    if action.text().is_some_and(|t| t.trim().is_empty()) {
        return Err(Refused::NoText);
    }
    Ok(match (state, action) {
        (S::Registered, A::Accept) => S::Accepted,
        (S::Registered, A::Decline { .. }) => S::Declined,
        (S::Accepted, A::StartMediation { consent }) => {
            if kind == Kind::Petition && !consent {
                return Err(Refused::NoConsent);
            }
            S::Mediating
        }
        (S::Mediating, A::Session { .. }) => S::Mediating,
        (S::Mediating, A::Agree { .. }) => S::Agreed,
        (S::Mediating, A::Fail { .. }) => S::Failed,
        (S::Failed, A::ToCourt) => S::ToCourt,
        // A dispute that mediation could not settle may go on as a petition;
        // a petition is one already.
        (S::Failed, A::ToPetition) if kind == Kind::Dispute => S::ToPetition,
        // A petition is answered by the 信访 process itself once accepted.
        (S::Accepted, A::Close { .. }) if kind == Kind::Petition => S::Closed,
        (S::Agreed, A::FollowUp { .. }) => S::FollowedUp,
        (S::FollowedUp | S::ToCourt | S::ToPetition, A::Close { .. }) => S::Closed,
        (S::Failed, A::Close { .. }) => S::Closed,
        (state, action) => return Err(Refused::NotNow { state, action: action.name() }),
    })
}

/// The days a case has: (to decide whether to accept it, to handle it once
/// accepted).
pub fn allowed_days(kind: Kind) -> (i64, i64) {
    match kind {
        // 信访工作条例: 15 days to decide, 60 to handle.
        Kind::Petition => (15, 60),
        Kind::Dispute => (3, 30),
    }
}

/// When a case is due: acceptance counted from its registration, handling
/// from its acceptance; none once it has left the community's hands.
pub fn due(kind: Kind, state: State, registered: NaiveDate, accepted: Option<NaiveDate>) -> Option<NaiveDate> {
    let (decide, handle) = allowed_days(kind);
    match state {
        State::Registered => Some(registered + Duration::days(decide)),
        State::Accepted | State::Mediating | State::Failed => {
            Some(accepted.unwrap_or(registered) + Duration::days(handle))
        }
        _ => None,
    }
}

/// The last day the parties may ask the court to confirm an agreement
/// reached on `agreed` (人民调解法 第三十三条: within 30 days).
pub fn confirm_by(agreed: NaiveDate) -> NaiveDate {
    agreed + Duration::days(30)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [State; 10] = [
        State::Registered,
        State::Declined,
        State::Accepted,
        State::Mediating,
        State::Agreed,
        State::Failed,
        State::ToCourt,
        State::ToPetition,
        State::FollowedUp,
        State::Closed,
    ];

    fn every_action() -> Vec<Action> {
        let t = || "说明".to_owned();
        vec![
            Action::Accept,
            Action::Decline { reason: t() },
            Action::StartMediation { consent: true },
            Action::Session { minutes: t() },
            Action::Agree { terms: t() },
            Action::Fail { reason: t() },
            Action::ToCourt,
            Action::ToPetition,
            Action::FollowUp { note: t() },
            Action::Close { note: t() },
        ]
    }

    /// Every kind × state × action: exactly these are allowed, and lead here.
    #[test]
    fn the_whole_table() {
        use Kind::*;
        use State::*;
        let both = |s, a, n| [(Dispute, s, a, n), (Petition, s, a, n)];
        let mut allowed: Vec<(Kind, State, &str, State)> = [
            both(Registered, "accept", Accepted),
            both(Registered, "decline", Declined),
            both(Accepted, "mediate", Mediating),
            both(Mediating, "session", Mediating),
            both(Mediating, "agree", Agreed),
            both(Mediating, "fail", Failed),
            both(Failed, "to_court", ToCourt),
            both(Failed, "close", Closed),
            both(Agreed, "follow_up", FollowedUp),
            both(FollowedUp, "close", Closed),
            both(ToCourt, "close", Closed),
            both(ToPetition, "close", Closed),
        ]
        .concat();
        allowed.push((Dispute, Failed, "to_petition", ToPetition));
        allowed.push((Petition, Accepted, "close", Closed));
        let mut seen = 0;
        for kind in [Dispute, Petition] {
            for state in ALL {
                for action in every_action() {
                    let expected = allowed.iter().find(|(k, s, a, _)| *k == kind && *s == state && *a == action.name());
                    match (expected, apply(kind, state, &action)) {
                        (Some((.., next)), Ok(got)) => {
                            seen += 1;
                            assert_eq!(got, *next, "{kind:?} {state:?} {}", action.name());
                        }
                        (None, Err(Refused::NotNow { .. })) => {}
                        (e, r) => panic!("{kind:?} {state:?} {}: expected {e:?}, got {r:?}", action.name()),
                    }
                }
            }
        }
        assert_eq!(seen, allowed.len());
    }

    #[test]
    fn a_petition_needs_both_parties_consent_and_texts_are_required() {
        let no = Action::StartMediation { consent: false };
        assert_eq!(apply(Kind::Petition, State::Accepted, &no), Err(Refused::NoConsent));
        assert_eq!(apply(Kind::Dispute, State::Accepted, &no), Ok(State::Mediating));
        let blank = Action::Agree { terms: "  ".into() };
        assert_eq!(apply(Kind::Dispute, State::Mediating, &blank), Err(Refused::NoText));
    }

    #[test]
    fn codes_round_trip_and_pages_offer_what_the_table_allows() {
        for s in State::ALL {
            assert_eq!(State::parse(s.code()), Some(*s));
        }
        for b in Body::ALL {
            assert_eq!(Body::parse(b.code()), Some(*b));
        }
        assert_eq!(Matter::parse("nope"), None);
        assert_eq!(State::Registered.next(Kind::Dispute), vec!["accept", "decline"]);
        assert_eq!(State::Accepted.next(Kind::Petition), vec!["mediate", "close"]);
        assert_eq!(State::Failed.next(Kind::Petition), vec!["to_court", "close"]);
        assert!(State::Closed.next(Kind::Dispute).is_empty() && State::Closed.ended());
    }

    #[test]
    fn deadlines_follow_the_regulations() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let reg = d("2026-12-01");
        assert_eq!(due(Kind::Petition, State::Registered, reg, None), Some(d("2026-12-16")));
        assert_eq!(due(Kind::Petition, State::Accepted, reg, Some(d("2026-12-10"))), Some(d("2027-02-08")));
        assert_eq!(due(Kind::Dispute, State::Mediating, reg, Some(d("2026-12-02"))), Some(d("2027-01-01")));
        assert_eq!(due(Kind::Dispute, State::Agreed, reg, Some(d("2026-12-02"))), None);
        assert_eq!(confirm_by(d("2026-12-20")), d("2027-01-19"));
        assert!(Risk::High.alerts() && Risk::Major.alerts() && !Risk::Medium.alerts());
    }
}
