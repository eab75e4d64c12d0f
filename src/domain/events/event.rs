//! Events (诉求/事件): the workflow every report goes through, as one
//! transition function (GB/T 30428's 信息采集 → 案卷建立 → 任务派遣 → 任务处理
//! → 处理反馈 → 核查结案 → 综合评价, with the community's 退回, 转办 and
//! 重复), and its deadlines and escalation. The default category tree is
//! seed data of migration 10.
//! No I/O: the app layer stores what this decides.

use chrono::{DateTime, Duration, Utc};

/// Where an event stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    /// 上报: reported, waiting to be accepted.
    Reported,
    /// 受理: accepted, waiting to be dispatched.
    Accepted,
    /// 不予受理: refused, with a reason (ends it).
    Rejected,
    /// 重复: a duplicate of another event (ends it).
    Duplicate,
    /// 派遣: dispatched to a handler with a deadline.
    Dispatched,
    /// 处置中: the handler is working on it.
    InProgress,
    /// 处置反馈: the handler reported it done, with evidence; waiting for 核查.
    Resolved,
    /// 结案: checked and closed; waiting for 回访.
    Closed,
    /// 回访: the reporter was asked how it went.
    Visited(Satisfaction),
}

/// How the reporter judged the outcome at 回访.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Satisfaction {
    /// 满意.
    Satisfied,
    /// 基本满意.
    Fair,
    /// 不满意: may reopen the event.
    Unsatisfied,
}

/// What someone does to an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// 受理.
    Accept,
    /// 不予受理, with the reason the reporter is told.
    Reject {
        /// Why.
        reason: String,
    },
    /// 重复: the same as another event.
    MarkDuplicate {
        /// The event it repeats (its tracking code).
        of: String,
    },
    /// 派遣 to a person or department, with a deadline in hours.
    Dispatch {
        /// Deadline, hours from now.
        hours: u32,
    },
    /// 转办: to another handler, with the reason.
    Transfer {
        /// Why.
        reason: String,
        /// The new deadline, hours from now.
        hours: u32,
    },
    /// 分派: a unit's dispatcher gives it to one of the unit's people (the
    /// target names them); the deadline runs on.
    Assign,
    /// 退回: the handler sends it back to be dispatched again.
    Return {
        /// Why.
        reason: String,
    },
    /// The handler starts work.
    Start,
    /// 处置反馈: done, with evidence (photos, a note).
    Feedback {
        /// What was done.
        note: String,
    },
    /// 核查通过.
    Pass,
    /// 核查不通过: back to the handler; counts as 返工.
    Fail {
        /// What is still wrong.
        reason: String,
    },
    /// 回访.
    Visit(Satisfaction),
    /// The reporter was unsatisfied: work again; counts as 返工.
    Reopen {
        /// Why.
        reason: String,
    },
}

/// What a transition does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// The state after it.
    pub next: State,
    /// Whether it counts as rework (返工).
    pub rework: bool,
    /// Whether the reporter sees this step when following the event.
    pub public: bool,
    /// Whether a new deadline starts (dispatch, transfer, rework).
    pub new_deadline: Option<u32>,
}

/// Why an action is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// The action does not apply in this state.
    #[error("cannot {action} an event that is {state:?}")]
    NotNow {
        /// The state.
        state: State,
        /// The action's name.
        action: &'static str,
    },
    /// A reason (2–500 characters) is required.
    #[error("a reason is required")]
    NoReason,
    /// A deadline must be 1 hour to 90 days.
    #[error("a deadline is 1 to 2160 hours")]
    BadDeadline,
}

impl Action {
    /// Whether the note of a step taken by this action (by its name) is
    /// meant for the reporter: why it was refused, which event it repeats,
    /// who handles it by when (Open311's agency and status notes), what the
    /// handler did. The rest (回访 notes, checks, reopenings, what staff
    /// typed with 受理) are work notes, kept off the public tracking page and
    /// Open311 even when the step itself is public.
    pub fn note_is_public(name: &str) -> bool {
        matches!(name, "reject" | "duplicate" | "dispatch" | "transfer" | "feedback")
    }

    /// The action's name, for messages and the timeline.
    pub fn name(&self) -> &'static str {
        match self {
            Action::Accept => "accept",
            Action::Reject { .. } => "reject",
            Action::MarkDuplicate { .. } => "duplicate",
            Action::Dispatch { .. } => "dispatch",
            Action::Transfer { .. } => "transfer",
            Action::Assign => "assign",
            Action::Return { .. } => "return",
            Action::Start => "start",
            Action::Feedback { .. } => "feedback",
            Action::Pass => "pass",
            Action::Fail { .. } => "fail",
            Action::Visit(_) => "visit",
            Action::Reopen { .. } => "reopen",
        }
    }

    fn check(&self) -> Result<(), Refused> {
        let reason_ok = |r: &str| (2..=500).contains(&r.trim().chars().count());
        match self {
            Action::Reject { reason }
            | Action::Return { reason }
            | Action::Fail { reason }
            | Action::Reopen { reason }
            | Action::Transfer { reason, .. }
                if !reason_ok(reason) =>
            {
                Err(Refused::NoReason)
            }
            Action::Feedback { note } if !reason_ok(note) => Err(Refused::NoReason),
            Action::MarkDuplicate { of } if of.trim().is_empty() => Err(Refused::NoReason),
            Action::Dispatch { hours } | Action::Transfer { hours, .. } if !(1..=2160).contains(hours) => {
                Err(Refused::BadDeadline)
            }
            _ => Ok(()),
        }
    }
}

/// The one transition function: where an action takes an event.
pub fn apply(state: State, action: &Action) -> Result<Step, Refused> {
    use Action as A;
    use State as S;
    action.check()?;
    let step = |next, public| Step { next, rework: false, public, new_deadline: None };
    let with_deadline = |next, hours, rework| Step { next, rework, public: true, new_deadline: Some(hours) };
    Ok(match (state, action) {
        (S::Reported, A::Accept) => step(S::Accepted, true),
        (S::Reported, A::Reject { .. }) => step(S::Rejected, true),
        (S::Reported | S::Accepted, A::MarkDuplicate { .. }) => step(S::Duplicate, true),
        (S::Accepted, A::Dispatch { hours }) => with_deadline(S::Dispatched, *hours, false),
        (S::Dispatched | S::InProgress, A::Transfer { hours, .. }) => with_deadline(S::Dispatched, *hours, false),
        (S::Dispatched | S::InProgress, A::Assign) => step(state, false),
        (S::Dispatched | S::InProgress, A::Return { .. }) => step(S::Accepted, false),
        (S::Dispatched, A::Start) => step(S::InProgress, true),
        (S::InProgress, A::Feedback { .. }) => step(S::Resolved, true),
        (S::Resolved, A::Pass) => step(S::Closed, true),
        (S::Resolved, A::Fail { .. }) => Step { next: S::InProgress, rework: true, public: false, new_deadline: None },
        (S::Closed, A::Visit(s)) => step(S::Visited(*s), true),
        (S::Visited(Satisfaction::Unsatisfied), A::Reopen { .. }) => {
            Step { next: S::InProgress, rework: true, public: true, new_deadline: None }
        }
        (state, action) => return Err(Refused::NotNow { state, action: action.name() }),
    })
}

/// Every action by its name, in the order a page offers them.
pub const ACTION_NAMES: [&str; 13] = [
    "accept",
    "reject",
    "duplicate",
    "dispatch",
    "transfer",
    "assign",
    "return",
    "start",
    "feedback",
    "pass",
    "fail",
    "visit",
    "reopen",
];

/// The actions [`apply`] allows in `state`, by name: the one source of what
/// a page offers (each asked with a well-formed example, so that only the
/// state decides).
pub fn possible(state: State) -> Vec<&'static str> {
    let r = || "原因说明".to_owned();
    ACTION_NAMES
        .into_iter()
        .filter(|name| {
            let probe = match *name {
                "accept" => Action::Accept,
                "reject" => Action::Reject { reason: r() },
                "duplicate" => Action::MarkDuplicate { of: "E0".into() },
                "dispatch" => Action::Dispatch { hours: 24 },
                "transfer" => Action::Transfer { reason: r(), hours: 24 },
                "assign" => Action::Assign,
                "return" => Action::Return { reason: r() },
                "start" => Action::Start,
                "feedback" => Action::Feedback { note: r() },
                "pass" => Action::Pass,
                "fail" => Action::Fail { reason: r() },
                "visit" => Action::Visit(Satisfaction::Satisfied),
                _ => Action::Reopen { reason: r() },
            };
            apply(state, &probe).is_ok()
        })
        .collect()
}

impl State {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Reported => "reported",
            State::Accepted => "accepted",
            State::Rejected => "rejected",
            State::Duplicate => "duplicate",
            State::Dispatched => "dispatched",
            State::InProgress => "in_progress",
            State::Resolved => "resolved",
            State::Closed => "closed",
            State::Visited(Satisfaction::Satisfied) => "visited_satisfied",
            State::Visited(Satisfaction::Fair) => "visited_fair",
            State::Visited(Satisfaction::Unsatisfied) => "visited_unsatisfied",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<State> {
        ALL.iter().copied().find(|st| st.as_str() == s)
    }

    /// In Chinese, as the timeline and the reporter's page show it.
    pub fn zh(self) -> &'static str {
        match self {
            State::Reported => "已上报",
            State::Accepted => "已受理",
            State::Rejected => "不予受理",
            State::Duplicate => "重复诉求",
            State::Dispatched => "已派遣",
            State::InProgress => "处置中",
            State::Resolved => "已处置，待核查",
            State::Closed => "已结案",
            State::Visited(Satisfaction::Satisfied) => "已回访：满意",
            State::Visited(Satisfaction::Fair) => "已回访：基本满意",
            State::Visited(Satisfaction::Unsatisfied) => "已回访：不满意",
        }
    }

    /// Open311's two states: everything before 结案 is open.
    pub fn open311(self) -> &'static str {
        match self {
            State::Rejected | State::Duplicate | State::Closed | State::Visited(_) => "closed",
            _ => "open",
        }
    }

    /// Whether a deadline runs in this state (from dispatch until feedback).
    pub fn on_the_clock(self) -> bool {
        matches!(self, State::Dispatched | State::InProgress)
    }
}

/// Who a category goes to by default, by its handler key, in Chinese.
pub fn handler_zh(key: &str) -> &str {
    match key {
        "community_staff" => "社区工作人员",
        "property" => "物业服务企业",
        "police_office" => "社区警务室",
        "mediation" => "人民调解委员会",
        "street_enforcement" => "街道综合执法队",
        other => other,
    }
}

/// Every state, for parsing and tests.
pub const ALL: [State; 11] = [
    State::Reported,
    State::Accepted,
    State::Rejected,
    State::Duplicate,
    State::Dispatched,
    State::InProgress,
    State::Resolved,
    State::Closed,
    State::Visited(Satisfaction::Satisfied),
    State::Visited(Satisfaction::Fair),
    State::Visited(Satisfaction::Unsatisfied),
];

/// Where a deadline stands (督办).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Urgency {
    /// Within the first 80% of the time.
    OnTime,
    /// 80% of the time used: warn the handler.
    Warn,
    /// Overdue: escalate to the community head.
    Overdue,
    /// Overdue by half the time again (at least a day): escalate to the street.
    Street,
}

/// A deadline that runs from dispatch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    /// When it started.
    pub from: DateTime<Utc>,
    /// Hours allowed.
    pub hours: u32,
}

impl Deadline {
    /// When the handler is warned (80% of the time).
    pub fn warn_at(&self) -> DateTime<Utc> {
        self.from + Duration::minutes(i64::from(self.hours) * 60 * 8 / 10)
    }

    /// When it is due.
    pub fn due(&self) -> DateTime<Utc> {
        self.from + Duration::hours(i64::from(self.hours))
    }

    /// When an overdue event goes up to the street.
    pub fn street_at(&self) -> DateTime<Utc> {
        self.due() + Duration::hours(i64::from(self.hours / 2).max(24))
    }

    /// Where it stands at a moment.
    pub fn urgency(&self, now: DateTime<Utc>) -> Urgency {
        if now >= self.street_at() {
            Urgency::Street
        } else if now >= self.due() {
            Urgency::Overdue
        } else if now >= self.warn_at() {
            Urgency::Warn
        } else {
            Urgency::OnTime
        }
    }
}

/// How alike two reports' texts are: the share of character pairs they
/// have in common (Jaccard over bigrams, punctuation and spaces ignored).
/// Chinese has no spaces between words; pairs of characters catch
/// 电梯坏了 and 电梯又坏了 alike.
pub fn similarity(a: &str, b: &str) -> f64 {
    fn pairs(t: &str) -> std::collections::HashSet<(char, char)> {
        let chars: Vec<char> = t.chars().filter(|c| c.is_alphanumeric()).collect();
        chars.windows(2).map(|w| (w[0], w[1])).collect()
    }
    let (pa, pb) = (pairs(a), pairs(b));
    let union = pa.union(&pb).count();
    if union == 0 { 0.0 } else { pa.intersection(&pb).count() as f64 / union as f64 }
}

/// A text for the public: every run of seven or more digits (a phone, an
/// ID number, with its X) masked, so that a reporter who typed their number
/// into the description is not published with it.
pub fn without_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.chars().filter(char::is_ascii_digit).count() >= 7 {
            out.extend(run.chars().map(|_| '*'));
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        // Full-width digits count as digits; dashes and spaces inside a phone number too.
        let digit = c.is_ascii_digit() || ('０'..='９').contains(&c);
        let joins = !run.is_empty() && matches!(c, '-' | ' ' | 'X' | 'x');
        if digit || joins {
            run.push(if ('０'..='９').contains(&c) { char::from(b'0' + (c as u32 - '０' as u32) as u8) } else { c });
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Texts at least this alike suggest the same problem.
pub const SIMILAR: f64 = 0.4;

#[cfg(test)]
mod tests {
    use super::*;

    fn every_action() -> Vec<Action> {
        let r = || "原因说明".to_owned();
        vec![
            Action::Accept,
            Action::Reject { reason: r() },
            Action::MarkDuplicate { of: "E20261128001".into() },
            Action::Dispatch { hours: 24 },
            Action::Transfer { reason: r(), hours: 24 },
            Action::Assign,
            Action::Return { reason: r() },
            Action::Start,
            Action::Feedback { note: r() },
            Action::Pass,
            Action::Fail { reason: r() },
            Action::Visit(Satisfaction::Satisfied),
            Action::Visit(Satisfaction::Fair),
            Action::Visit(Satisfaction::Unsatisfied),
            Action::Reopen { reason: r() },
        ]
    }

    /// What a page offers is exactly what the table allows.
    #[test]
    fn possible_is_the_table() {
        for state in ALL {
            let allowed: Vec<&str> =
                every_action().iter().filter(|a| apply(state, a).is_ok()).map(Action::name).collect();
            let mut allowed = allowed;
            allowed.dedup();
            assert_eq!(possible(state), allowed, "{state:?}");
        }
        assert_eq!(possible(State::Accepted), ["duplicate", "dispatch"]);
        assert!(possible(State::Rejected).is_empty());
    }

    /// Every state × every action: exactly these are allowed, and lead here.
    #[test]
    fn the_whole_table() {
        use Satisfaction::*;
        use State::*;
        let allowed: Vec<(State, &str, State, bool)> = vec![
            (Reported, "accept", Accepted, false),
            (Reported, "reject", Rejected, false),
            (Reported, "duplicate", Duplicate, false),
            (Accepted, "duplicate", Duplicate, false),
            (Accepted, "dispatch", Dispatched, false),
            (Dispatched, "transfer", Dispatched, false),
            (InProgress, "transfer", Dispatched, false),
            (Dispatched, "assign", Dispatched, false),
            (InProgress, "assign", InProgress, false),
            (Dispatched, "return", Accepted, false),
            (InProgress, "return", Accepted, false),
            (Dispatched, "start", InProgress, false),
            (InProgress, "feedback", Resolved, false),
            (Resolved, "pass", Closed, false),
            (Resolved, "fail", InProgress, true),
            (Closed, "visit", Visited(Satisfied), false),
            (Visited(Unsatisfied), "reopen", InProgress, true),
        ];
        let mut seen = 0;
        for state in ALL {
            for action in every_action() {
                let result = apply(state, &action);
                let expected = allowed.iter().find(|(s, a, _, _)| *s == state && *a == action.name());
                match (expected, result) {
                    (Some((_, _, next, rework)), Ok(step)) => {
                        seen += 1;
                        if let Action::Visit(s) = action {
                            assert_eq!(step.next, Visited(s));
                        } else {
                            assert_eq!(step.next, *next, "{state:?} {}", action.name());
                        }
                        assert_eq!(step.rework, *rework, "{state:?} {}", action.name());
                    }
                    (None, Err(Refused::NotNow { .. })) => {}
                    (e, r) => panic!("{state:?} {}: expected {e:?}, got {r:?}", action.name()),
                }
            }
        }
        // Three visit outcomes share one row of the table.
        assert_eq!(seen, allowed.len() + 2);
    }

    #[test]
    fn reasons_and_deadlines_are_required() {
        assert_eq!(apply(State::Reported, &Action::Reject { reason: " ".into() }), Err(Refused::NoReason));
        assert_eq!(apply(State::Accepted, &Action::Dispatch { hours: 0 }), Err(Refused::BadDeadline));
        assert_eq!(apply(State::Accepted, &Action::Dispatch { hours: 3000 }), Err(Refused::BadDeadline));
        assert_eq!(apply(State::InProgress, &Action::Feedback { note: "".into() }), Err(Refused::NoReason));
        let d = apply(State::Accepted, &Action::Dispatch { hours: 48 }).unwrap();
        assert_eq!(d.new_deadline, Some(48));
        assert!(!apply(State::Resolved, &Action::Fail { reason: "未修好".into() }).unwrap().public, "internal");
    }

    #[test]
    fn states_are_stored_and_mapped_to_open311() {
        for s in ALL {
            assert_eq!(State::parse(s.as_str()), Some(s));
            assert!(!s.zh().is_empty());
        }
        assert_eq!(State::InProgress.open311(), "open");
        assert_eq!(State::Visited(Satisfaction::Fair).open311(), "closed");
        assert!(State::Dispatched.on_the_clock() && !State::Resolved.on_the_clock());
    }

    #[test]
    fn numbers_are_masked_for_the_public() {
        assert_eq!(without_numbers("电话13912345678，3号楼"), "电话***********，3号楼");
        assert_eq!(without_numbers("身份证14110219560312024X在此"), "身份证******************在此");
        assert_eq!(without_numbers("打139-1234-5678找我"), "打*************找我");
        assert_eq!(without_numbers("打１３９１２３４５６７８"), "打***********");
        assert_eq!(without_numbers("5号楼302室，2026年"), "5号楼302室，2026年", "short numbers stay");
    }

    #[test]
    fn alike_texts_are_found_and_others_not() {
        assert!(similarity("3号楼电梯坏了，停在5楼", "3号楼电梯又坏了停在5楼") >= SIMILAR);
        assert!(similarity("3号楼电梯坏了", "小区门口有人占道卖菜") < SIMILAR);
        assert_eq!(similarity("", "电梯"), 0.0);
        assert_eq!(similarity("路灯不亮", "路灯不亮"), 1.0);
    }

    #[test]
    fn deadlines_warn_at_eighty_percent_then_escalate() {
        let from = DateTime::parse_from_rfc3339("2026-11-28T08:00:00Z").unwrap().with_timezone(&Utc);
        let d = Deadline { from, hours: 10 };
        let at = |h: i64| from + Duration::minutes(h);
        assert_eq!(d.urgency(at(0)), Urgency::OnTime);
        assert_eq!(d.urgency(at(479)), Urgency::OnTime);
        assert_eq!(d.urgency(at(480)), Urgency::Warn, "8 of 10 hours");
        assert_eq!(d.urgency(at(600)), Urgency::Overdue);
        assert_eq!(d.street_at(), from + Duration::hours(34), "a day at least after due");
        assert_eq!(d.urgency(at(34 * 60)), Urgency::Street);
        let long = Deadline { from, hours: 120 };
        assert_eq!(long.street_at(), from + Duration::hours(180), "half the time again");
    }
}
