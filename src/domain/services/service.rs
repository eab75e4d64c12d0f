//! Services (便民服务): the catalogue of matters (事项) a community handles,
//! and the workflow of an application — 提交 → 受理 or 退回补正 → each
//! configured step (社区初审 → 街道审核 → 区级审批 …) → 办结 (准予 or 不予)
//! → 送达/领取 — as one transition function. No I/O.

/// A matter of the catalogue (事项), as admins keep it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Code: 2–16 capital letters and digits.
    pub code: String,
    /// Name.
    pub name: String,
    /// The department that decides it.
    pub department: String,
    /// Who may apply.
    pub eligibility: String,
    /// Required materials, each with its note (居民身份证（正反面）…).
    pub materials: Vec<String>,
    /// The form's fields, beyond the applicant.
    pub fields: Vec<String>,
    /// Promised duration, working days (承诺时限).
    pub days: u32,
    /// The steps it passes after 受理.
    pub steps: Vec<String>,
    /// Can be done at home (上门).
    pub at_home: bool,
    /// Staff may apply on a resident's behalf (代办).
    pub proxy: bool,
    /// Offered in the hall (an item with applications is retired, not deleted).
    pub active: bool,
}

/// Why an item is refused, and which field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadItem {
    /// The field: code, name, department, eligibility, materials, fields,
    /// steps or days.
    pub field: &'static str,
    /// What is wrong with it.
    pub problem: ItemProblem,
}

/// What is wrong with a field of an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemProblem {
    /// The code is not 2–16 capital letters and digits.
    Code,
    /// A text (name, department, eligibility) is empty or longer than `max`.
    Length {
        /// The most characters.
        max: usize,
    },
    /// An entry of a list (a material, a form field, a step) is longer than `max`.
    EntryTooLong {
        /// The entry.
        entry: String,
        /// The most characters.
        max: usize,
    },
    /// The same entry twice.
    Repeated {
        /// The entry.
        entry: String,
    },
    /// More than `max` entries.
    TooMany {
        /// The most entries.
        max: usize,
    },
    /// No material listed.
    NoMaterials,
    /// No step listed.
    NoSteps,
    /// Not 1–365 working days.
    Days,
}

fn bad(field: &'static str, problem: ItemProblem) -> BadItem {
    BadItem { field, problem }
}

/// Trims each entry, drops empty ones, refuses repeats and overlong ones.
fn entries(field: &'static str, list: Vec<String>, max: usize, len: usize) -> Result<Vec<String>, BadItem> {
    let mut out: Vec<String> = Vec::new();
    for e in list.iter().map(|e| e.trim()).filter(|e| !e.is_empty()) {
        if e.chars().count() > len {
            return Err(bad(field, ItemProblem::EntryTooLong { entry: e.to_owned(), max: len }));
        }
        if out.iter().any(|o| o == e) {
            return Err(bad(field, ItemProblem::Repeated { entry: e.to_owned() }));
        }
        out.push(e.to_owned());
    }
    if out.len() > max {
        return Err(bad(field, ItemProblem::TooMany { max }));
    }
    Ok(out)
}

impl Item {
    /// Checks and tidies an item as an admin wrote it.
    pub fn checked(self) -> Result<Item, BadItem> {
        let code = self.code.trim().to_ascii_uppercase();
        if !(2..=16).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
            return Err(bad("code", ItemProblem::Code));
        }
        let text = |field: &'static str, v: &str, max: usize| {
            let t = v.trim();
            if t.is_empty() || t.chars().count() > max {
                Err(bad(field, ItemProblem::Length { max }))
            } else {
                Ok(t.to_owned())
            }
        };
        let name = text("name", &self.name, 64)?;
        let department = text("department", &self.department, 64)?;
        let eligibility = text("eligibility", &self.eligibility, 200)?;
        let materials = entries("materials", self.materials, 20, 64)?;
        if materials.is_empty() {
            return Err(bad("materials", ItemProblem::NoMaterials));
        }
        let fields = entries("fields", self.fields, 20, 32)?;
        let steps = entries("steps", self.steps, 10, 14)?;
        if steps.is_empty() {
            return Err(bad("steps", ItemProblem::NoSteps));
        }
        if !(1..=365).contains(&self.days) {
            return Err(bad("days", ItemProblem::Days));
        }
        Ok(Item { code, name, department, eligibility, materials, fields, steps, ..self })
    }
}

/// A matter of the catalogue as shipped: the defaults a district starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shipped {
    /// Code.
    pub code: &'static str,
    /// Name.
    pub name: &'static str,
    /// The department that decides it.
    pub department: &'static str,
    /// Who may apply.
    pub eligibility: &'static str,
    /// Required materials.
    pub materials: &'static [&'static str],
    /// The form's fields, beyond the applicant.
    pub fields: &'static [&'static str],
    /// Promised duration, working days.
    pub days: u32,
    /// The steps it passes after 受理.
    pub steps: &'static [&'static str],
    /// Can be done at home.
    pub at_home: bool,
    /// Staff may apply on a resident's behalf.
    pub proxy: bool,
}

impl From<&Shipped> for Item {
    fn from(s: &Shipped) -> Item {
        let owned = |l: &[&str]| l.iter().map(|x| (*x).to_owned()).collect();
        Item {
            code: s.code.into(),
            name: s.name.into(),
            department: s.department.into(),
            eligibility: s.eligibility.into(),
            materials: owned(s.materials),
            fields: owned(s.fields),
            days: s.days,
            steps: owned(s.steps),
            at_home: s.at_home,
            proxy: s.proxy,
            active: true,
        }
    }
}

const COMMUNITY_STREET_DISTRICT: &[&str] = &["社区初审", "街道审核", "区级审批"];

/// The catalogue a new district starts with: the services the source
/// document names, plus 居住证明, 高龄津贴 and 残疾人两项补贴.
pub const CATALOGUE: [Shipped; 10] = [
    Shipped {
        code: "SB01",
        name: "城乡居民养老保险参保登记",
        department: "区人力资源和社会保障局",
        eligibility: "年满16周岁、未参加职工基本养老保险的城乡居民",
        materials: &["居民身份证", "户口簿"],
        fields: &["缴费档次"],
        days: 5,
        steps: &["社区初审", "区级审批"],
        at_home: true,
        proxy: true,
    },
    Shipped {
        code: "JY01",
        name: "就业失业登记",
        department: "区就业服务中心",
        eligibility: "法定劳动年龄内、有劳动能力和就业要求的居民",
        materials: &["居民身份证", "就业失业登记证（已有的）"],
        fields: &["就业状态", "求职意向"],
        days: 3,
        steps: &["社区初审", "街道审核"],
        at_home: false,
        proxy: true,
    },
    Shipped {
        code: "YB01",
        name: "城乡居民医疗保险参保",
        department: "区医疗保障局",
        eligibility: "未参加职工医保的城乡居民",
        materials: &["居民身份证", "户口簿"],
        fields: &["参保年度"],
        days: 5,
        steps: &["社区初审", "区级审批"],
        at_home: true,
        proxy: true,
    },
    Shipped {
        code: "DB01",
        name: "最低生活保障（低保）申请",
        department: "区民政局",
        eligibility: "家庭人均收入低于当地低保标准、财产符合规定的家庭",
        materials: &["居民身份证", "户口簿", "家庭收入证明", "家庭财产申报"],
        fields: &["家庭人口", "家庭月收入（元）", "申请理由"],
        days: 30,
        steps: COMMUNITY_STREET_DISTRICT,
        at_home: true,
        proxy: true,
    },
    Shipped {
        code: "LS01",
        name: "临时救助申请",
        department: "区民政局",
        eligibility: "因急难事项导致基本生活陷入困境的家庭或个人",
        materials: &["居民身份证", "困难情况说明", "相关证明（医疗票据等）"],
        fields: &["困难情形", "申请金额（元）"],
        days: 10,
        steps: COMMUNITY_STREET_DISTRICT,
        at_home: true,
        proxy: true,
    },
    Shipped {
        code: "DY01",
        name: "党组织关系转接",
        department: "街道党工委",
        eligibility: "中共党员（含预备党员）",
        materials: &["党员身份证明", "原党组织介绍信（或转出信息）"],
        fields: &["转出党组织", "转入党组织"],
        days: 5,
        steps: &["社区党委审核", "街道党工委审批"],
        at_home: true,
        proxy: true,
    },
    Shipped {
        code: "JZ01",
        name: "居住证明",
        department: "社区居委会",
        eligibility: "在本社区实际居住的居民",
        materials: &["居民身份证", "房产证或租赁合同"],
        fields: &["用途"],
        days: 1,
        steps: &["社区审核"],
        at_home: false,
        proxy: true,
    },
    Shipped {
        code: "GL01",
        name: "高龄津贴申领",
        department: "区民政局",
        eligibility: "年满80周岁的本区户籍老人",
        materials: &["居民身份证", "户口簿", "银行卡"],
        fields: &["收款银行卡号"],
        days: 15,
        steps: COMMUNITY_STREET_DISTRICT,
        at_home: true,
        proxy: true,
    },
    Shipped {
        code: "CJ01",
        name: "残疾人两项补贴申请",
        department: "区残联",
        eligibility: "持第二代残疾人证的困难残疾人、重度残疾人",
        materials: &["居民身份证", "残疾人证", "户口簿"],
        fields: &["残疾类别", "残疾等级"],
        days: 20,
        steps: COMMUNITY_STREET_DISTRICT,
        at_home: true,
        proxy: true,
    },
    Shipped {
        code: "TY01",
        name: "退役军人优待证申领",
        department: "区退役军人事务局",
        eligibility: "退役军人",
        materials: &["居民身份证", "退役证件"],
        fields: &["入伍时间", "退役时间"],
        days: 15,
        steps: &["社区初审", "区级审批"],
        at_home: true,
        proxy: true,
    },
];

/// Where an application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// 已提交: waiting to be accepted.
    Submitted,
    /// 退回补正: materials are missing; the applicant resubmits.
    Returned,
    /// At a step of the item (0-based): 社区初审 …
    Step(u8),
    /// 办结：准予.
    Approved,
    /// 办结：不予, with the reason (ends it).
    Refused,
    /// 已送达/已领取 (ends it).
    Delivered,
}

/// What someone does to an application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// 受理: the materials are complete; the first step begins.
    Accept,
    /// 退回补正, with what is missing.
    Return {
        /// The missing materials or facts.
        missing: Vec<String>,
    },
    /// The applicant hands in what was missing.
    Resubmit,
    /// This step passes; the next begins.
    Pass,
    /// 准予 (at the last step).
    Approve,
    /// 不予, with the reason (at any step).
    Refuse {
        /// Why.
        reason: String,
    },
    /// Handed over (送达) or collected (领取).
    Deliver,
}

/// Why an action is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// Not in this state.
    #[error("cannot {action} an application that is {state:?}")]
    NotNow {
        /// The state.
        state: State,
        /// The action.
        action: &'static str,
    },
    /// 退回 names what is missing; 不予 gives a reason.
    #[error("say what is missing, or why")]
    NoReason,
}

impl Action {
    /// An action from its name, with what is missing (return) or why (refuse).
    pub fn parse(name: &str, missing: Vec<String>, reason: String) -> Option<Action> {
        Some(match name {
            "accept" => Action::Accept,
            "return" => Action::Return { missing },
            "resubmit" => Action::Resubmit,
            "pass" => Action::Pass,
            "approve" => Action::Approve,
            "refuse" => Action::Refuse { reason },
            "deliver" => Action::Deliver,
            _ => return None,
        })
    }

    /// The action's name.
    pub fn name(&self) -> &'static str {
        match self {
            Action::Accept => "accept",
            Action::Return { .. } => "return",
            Action::Resubmit => "resubmit",
            Action::Pass => "pass",
            Action::Approve => "approve",
            Action::Refuse { .. } => "refuse",
            Action::Deliver => "deliver",
        }
    }
}

/// The level of government a step is done at (a step belongs to a role at
/// a level: 社区初审 to the community's staff, 街道审核 to the street, 区级审批
/// to the district).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// 社区: the community's staff or head.
    Community,
    /// 街道 (乡镇): the street's admin.
    Street,
    /// 区 (县): the district's admin.
    District,
}

impl Level {
    /// The level a step's name says (区级审批 → district, 街道审核 → street,
    /// anything else → the community, where an application starts).
    pub fn of_step(name: &str) -> Level {
        let name = name.trim();
        if ["区", "县", "市"].iter().any(|p| name.starts_with(p)) {
            Level::District
        } else if ["街道", "乡", "镇"].iter().any(|p| name.starts_with(p)) {
            Level::Street
        } else {
            Level::Community
        }
    }

    /// Who does `action` on an application in `state` of an item with these
    /// steps: the current step's level for its 通过/准予/不予, the community
    /// for 受理, 退回补正 and 送达 (the resident's own 补正 is hers).
    pub fn of_action(state: State, action: &Action, steps: &[String]) -> Level {
        match (state, action) {
            (State::Step(i), Action::Pass | Action::Approve | Action::Refuse { .. }) => {
                steps.get(usize::from(i)).map_or(Level::Community, |s| Level::of_step(s))
            }
            _ => Level::Community,
        }
    }
}

/// The state after `action`, for an item of `steps` steps.
pub fn apply(state: State, action: &Action, steps: usize) -> Result<State, Refused> {
    use Action as A;
    use State as S;
    let last = u8::try_from(steps.max(1) - 1).unwrap_or(u8::MAX);
    match action {
        A::Return { missing } if missing.iter().all(|m| m.trim().is_empty()) => return Err(Refused::NoReason),
        A::Refuse { reason } if reason.trim().chars().count() < 2 => return Err(Refused::NoReason),
        _ => {}
    }
    Ok(match (state, action) {
        (S::Submitted, A::Accept) => S::Step(0),
        (S::Submitted, A::Return { .. }) => S::Returned,
        (S::Returned, A::Resubmit) => S::Submitted,
        (S::Step(i), A::Pass) if i < last => S::Step(i + 1),
        (S::Step(i), A::Approve) if i == last => S::Approved,
        (S::Submitted | S::Step(_), A::Refuse { .. }) => S::Refused,
        (S::Approved, A::Deliver) => S::Delivered,
        (state, action) => return Err(Refused::NotNow { state, action: action.name() }),
    })
}

impl State {
    /// The stored name (a step is stored with its number apart).
    pub fn as_str(self) -> &'static str {
        match self {
            State::Submitted => "submitted",
            State::Returned => "returned",
            State::Step(_) => "in_step",
            State::Approved => "approved",
            State::Refused => "refused",
            State::Delivered => "delivered",
        }
    }

    /// Reads a stored name and step number.
    pub fn parse(s: &str, step: i64) -> Option<State> {
        Some(match s {
            "submitted" => State::Submitted,
            "returned" => State::Returned,
            "in_step" => State::Step(u8::try_from(step).ok()?),
            "approved" => State::Approved,
            "refused" => State::Refused,
            "delivered" => State::Delivered,
            _ => return None,
        })
    }

    /// Whether it is finished (办结 or handed over).
    pub fn finished(self) -> bool {
        matches!(self, State::Approved | State::Refused | State::Delivered)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_belongs_to_its_level() {
        assert_eq!(Level::of_step("区级审批"), Level::District);
        assert_eq!(Level::of_step("街道审核"), Level::Street);
        assert_eq!(Level::of_step("街道党工委审批"), Level::Street);
        assert_eq!(Level::of_step("社区初审"), Level::Community);
        assert_eq!(Level::of_step("社区党委审核"), Level::Community);
        let steps: Vec<String> = COMMUNITY_STREET_DISTRICT.iter().map(|s| (*s).to_owned()).collect();
        let refuse = Action::Refuse { reason: "不符合条件".into() };
        assert_eq!(Level::of_action(State::Step(2), &Action::Approve, &steps), Level::District);
        assert_eq!(Level::of_action(State::Step(1), &Action::Pass, &steps), Level::Street);
        assert_eq!(Level::of_action(State::Step(2), &refuse, &steps), Level::District);
        assert_eq!(Level::of_action(State::Step(0), &Action::Pass, &steps), Level::Community);
        assert_eq!(Level::of_action(State::Submitted, &Action::Accept, &steps), Level::Community);
        assert_eq!(Level::of_action(State::Submitted, &refuse, &steps), Level::Community);
    }

    fn all_actions() -> Vec<Action> {
        vec![
            Action::Accept,
            Action::Return { missing: vec!["户口簿".into()] },
            Action::Resubmit,
            Action::Pass,
            Action::Approve,
            Action::Refuse { reason: "不符合条件".into() },
            Action::Deliver,
        ]
    }

    #[test]
    fn every_state_and_action_of_a_three_step_item() {
        let states = [
            State::Submitted,
            State::Returned,
            State::Step(0),
            State::Step(1),
            State::Step(2),
            State::Approved,
            State::Refused,
            State::Delivered,
        ];
        let mut allowed = Vec::new();
        for s in states {
            for a in all_actions() {
                if let Ok(next) = apply(s, &a, 3) {
                    allowed.push((s, a.name(), next));
                }
            }
        }
        use State::*;
        assert_eq!(
            allowed,
            [
                (Submitted, "accept", Step(0)),
                (Submitted, "return", Returned),
                (Submitted, "refuse", Refused),
                (Returned, "resubmit", Submitted),
                (Step(0), "pass", Step(1)),
                (Step(0), "refuse", Refused),
                (Step(1), "pass", Step(2)),
                (Step(1), "refuse", Refused),
                (Step(2), "approve", Approved),
                (Step(2), "refuse", Refused),
                (Approved, "deliver", Delivered),
            ]
        );
    }

    #[test]
    fn actions_are_read_by_name_and_unknown_ones_refused() {
        for a in all_actions() {
            let (missing, reason) = match &a {
                Action::Return { missing } => (missing.clone(), String::new()),
                Action::Refuse { reason } => (Vec::new(), reason.clone()),
                _ => (Vec::new(), String::new()),
            };
            assert_eq!(Action::parse(a.name(), missing, reason), Some(a.clone()));
        }
        assert_eq!(Action::parse("deliverr", Vec::new(), String::new()), None);
    }

    #[test]
    fn a_return_names_what_is_missing_and_a_refusal_says_why() {
        assert_eq!(apply(State::Submitted, &Action::Return { missing: vec![" ".into()] }, 2), Err(Refused::NoReason));
        assert_eq!(apply(State::Step(0), &Action::Refuse { reason: "不".into() }, 2), Err(Refused::NoReason));
        assert_eq!(apply(State::Step(0), &Action::Approve, 1), Ok(State::Approved), "a one-step item");
    }

    #[test]
    fn an_item_is_checked_and_tidied() {
        let base = Item::from(&CATALOGUE[6]);
        let tidy = Item { code: " jz02 ".into(), fields: vec![" 用途 ".into(), "".into()], ..base.clone() };
        let t = tidy.checked().unwrap();
        assert_eq!((t.code.as_str(), t.fields.clone()), ("JZ02", vec!["用途".to_owned()]));
        let field = |i: Item| i.checked().unwrap_err().field;
        assert_eq!(field(Item { code: "居住".into(), ..base.clone() }), "code");
        assert_eq!(field(Item { name: " ".into(), ..base.clone() }), "name");
        assert_eq!(field(Item { materials: vec![], ..base.clone() }), "materials");
        assert_eq!(field(Item { fields: vec!["用途".into(), "用途".into()], ..base.clone() }), "fields");
        assert_eq!(field(Item { steps: vec![], ..base.clone() }), "steps");
        assert_eq!(
            field(Item {
                steps: vec!["这是一个非常非常非常长的办理环节名称".into()], ..base.clone()
            }),
            "steps"
        );
        assert_eq!(field(Item { days: 0, ..base }), "days");
    }

    #[test]
    fn the_catalogue_covers_the_source_document() {
        let names: Vec<&str> = CATALOGUE.iter().map(|i| i.name).collect();
        for needed in [
            "养老保险",
            "就业",
            "医疗保险",
            "低保",
            "临时救助",
            "党组织关系转接",
            "居住证明",
            "高龄津贴",
            "残疾人两项补贴",
        ] {
            assert!(names.iter().any(|n| n.contains(needed)), "{needed}");
        }
        let codes: std::collections::HashSet<&str> = CATALOGUE.iter().map(|i| i.code).collect();
        assert_eq!(codes.len(), CATALOGUE.len());
        assert!(CATALOGUE.iter().all(|i| !i.steps.is_empty() && i.days > 0 && !i.materials.is_empty()));
        assert!(
            CATALOGUE.iter().all(|i| Item::from(i).checked() == Ok(Item::from(i))),
            "the shipped items pass the checks"
        );
        for s in [State::Submitted, State::Returned, State::Step(3), State::Approved, State::Refused, State::Delivered]
        {
            let step = if let State::Step(i) = s { i64::from(i) } else { 0 };
            assert_eq!(State::parse(s.as_str(), step), Some(s));
        }
    }
}
