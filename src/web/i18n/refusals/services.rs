//! Refusals of services: applications, the catalogue, visits and appointments.

texts! {
    /// Refusals of services: applications, the catalogue, visits and appointments.
    pub struct ServiceRefusals {
        no_such_item, unknown_item, in_person_only, consent_needed, applicant_name, applicant_phone,
        no_such_form_field, fill_in, application_changed_meanwhile, choose_step, step_of_another_level, level_community,
        level_street, level_district, visit_text, region_digits, visit_time,
        visit_in_future, visit_too_old, appointment_not_here, appointment_handled_meanwhile,
        appointment_closed, appointment_changed_meanwhile, choose_household, no_linked_household,
        not_at_home, contact_name, contact_phone, day_in_past,
        /// An item of the services catalogue.
        item: ItemTexts,
        /// A visit rule.
        visit_rule: VisitRuleTexts,
        /// A proactive-service rule.
        care_rule: CareRuleTexts,
        /// The texts of a visit that have a length.
        visit_texts: VisitTextNames,
        /// The applications workflow.
        application: ApplicationTexts,
    }
}

texts! {
    /// An item of the services catalogue.
    pub struct ItemTexts {
        code, length, entry_too_long, repeated, too_many, no_materials, no_steps, days,
        /// The item's fields as a refusal names them: (field, name).
        fields: [(&'static str, &'static str); 6],
    }
}

texts! {
    /// A visit rule.
    pub struct VisitRuleTexts { tag, interval }
}

texts! {
    /// A proactive-service rule.
    pub struct CareRuleTexts { no_item, age_not_number, age, ahead_days, tag, kind }
}

texts! {
    /// The texts of a visit that have a length, as a refusal names them.
    pub struct VisitTextNames { met, situation, needs, contact_name, wish, note, assignee }
}

texts! {
    /// The applications workflow.
    pub struct ApplicationTexts { not_now, no_reason }
}

/// 简体中文.
pub const ZH: ServiceRefusals = ServiceRefusals {
    no_such_item: "没有这个事项",
    unknown_item: "没有这个事项：{code}",
    in_person_only: "此事项须本人申请",
    consent_needed: "代办须注明居民的同意方式，如“本人当面同意”",
    applicant_name: "请填写申请人姓名",
    applicant_phone: "请填写申请人手机号（查询进度要用）",
    no_such_form_field: "此事项没有“{name}”一项",
    fill_in: "请填写“{name}”",
    application_changed_meanwhile: "这件申请刚被别人处理过，请刷新后再试",
    choose_step: "请选择要做的操作",
    step_of_another_level: "“{step}”由{who}办理，您不能办理这一步",
    level_community: "社区工作人员或社区负责人",
    level_street: "街道管理员",
    level_district: "区级管理员",
    visit_text: "{what}应为 {min}–{max} 个字",
    region_digits: "区域代码应为数字",
    visit_time: "走访时间应为“年-月-日 时:分”，如 2026-11-28T09:30（填的是 {typed}）",
    visit_in_future: "走访时间不能晚于现在",
    visit_too_old: "只能补记 7 天内的走访",
    appointment_not_here: "这个预约不是这一户的，或已经办完",
    appointment_handled_meanwhile: "这个预约刚被别人处理过",
    appointment_closed: "这个预约已经办完或取消",
    appointment_changed_meanwhile: "这个预约刚被别人处理过，请刷新后再试",
    choose_household: "请选择要上门的住户",
    no_linked_household: "您的账号还没有关联住户，请先到社区核实登记",
    not_at_home: "此事项须到社区办理，不能上门",
    contact_name: "请填写联系人姓名",
    contact_phone: "请填写联系电话",
    day_in_past: "上门日期不能早于今天",
    item: ItemTexts {
        code: "事项编码应为 2–16 位大写字母或数字",
        length: "{what}应为 1–{max} 个字",
        entry_too_long: "{what}“{entry}”太长（最多 {max} 个字）",
        repeated: "{what}“{entry}”重复了",
        too_many: "{what}最多 {max} 项",
        no_materials: "请至少列出一项所需材料",
        no_steps: "请至少列出一个办理环节",
        days: "承诺时限应为 1–365 个工作日",
        fields: [
            ("name", "事项名称"),
            ("department", "办理部门"),
            ("eligibility", "申请条件"),
            ("materials", "材料"),
            ("fields", "表单项"),
            ("steps", "办理环节"),
        ],
    },
    visit_rule: VisitRuleTexts { tag: "标签应为 1–16 个字", interval: "走访间隔应为 1–365 天" },
    care_rule: CareRuleTexts {
        no_item: "请选择事项",
        age_not_number: "年龄应为数字",
        age: "年龄应为 1–120 岁",
        ahead_days: "提前天数应为 0–366",
        tag: "标签应为 1–16 个字",
        kind: "规则类型应为“年龄”或“标签”",
    },
    visit_texts: VisitTextNames {
        met: "见到的人",
        situation: "走访情况",
        needs: "发现的需求",
        contact_name: "联系人姓名",
        wish: "希望上门的时间",
        note: "需要帮什么",
        assignee: "上门人员",
    },
    application: ApplicationTexts {
        not_now: "这件申请现在是“{state}”，不能“{action}”",
        no_reason: "退回补正请写明缺少什么，不予办理请写明原因",
    },
};

/// English.
pub const EN: ServiceRefusals = ServiceRefusals {
    no_such_item: "No such service",
    unknown_item: "No such service: {code}",
    in_person_only: "This service must be applied for in person",
    consent_needed: "Applying for a resident needs how they agreed, such as in person",
    applicant_name: "Give the applicant's name",
    applicant_phone: "Give the applicant's mobile number (it is needed to follow the application)",
    no_such_form_field: "This service has no field “{name}”",
    fill_in: "Fill in “{name}”",
    application_changed_meanwhile: "Someone has just handled this application; reload and try again",
    choose_step: "Choose what to do",
    step_of_another_level: "“{step}” is done by {who}; you cannot pass this step",
    level_community: "the community's staff or head",
    level_street: "a street admin",
    level_district: "a district admin",
    visit_text: "{what}: {min}–{max} characters",
    region_digits: "A region code is digits",
    visit_time: "A visit's time is year-month-day hour:minute, such as 2026-11-28T09:30 (given: {typed})",
    visit_in_future: "A visit cannot be later than now",
    visit_too_old: "Only visits of the last 7 days can be recorded afterwards",
    appointment_not_here: "This appointment is not this household's, or is done",
    appointment_handled_meanwhile: "Someone has just handled this appointment",
    appointment_closed: "This appointment is done or cancelled",
    appointment_changed_meanwhile: "Someone has just handled this appointment; reload and try again",
    choose_household: "Choose the household to visit",
    no_linked_household: "Your account has no household linked yet; have the community check your registration first",
    not_at_home: "This service is done at the community office, not at home",
    contact_name: "Give the contact's name",
    contact_phone: "Give the contact's phone",
    day_in_past: "The day of the visit cannot be before today",
    item: ItemTexts {
        code: "A service's code has 2–16 capital letters or digits",
        length: "{what}: 1–{max} characters",
        entry_too_long: "{what} “{entry}” is too long (at most {max} characters)",
        repeated: "{what} “{entry}” is there twice",
        too_many: "{what}: at most {max}",
        no_materials: "List at least one material needed",
        no_steps: "List at least one step",
        days: "The promised time is 1–365 working days",
        fields: [
            ("name", "The service's name"),
            ("department", "The department"),
            ("eligibility", "Who may apply"),
            ("materials", "Material"),
            ("fields", "Form field"),
            ("steps", "Step"),
        ],
    },
    visit_rule: VisitRuleTexts { tag: "A tag has 1–16 characters", interval: "Visits are 1–365 days apart" },
    care_rule: CareRuleTexts {
        no_item: "Choose a service",
        age_not_number: "The age is a number",
        age: "The age is 1–120 years",
        ahead_days: "Days ahead are 0–366",
        tag: "A tag has 1–16 characters",
        kind: "The kind of rule is age or tag",
    },
    visit_texts: VisitTextNames {
        met: "Whom you met",
        situation: "What you found",
        needs: "Needs found",
        contact_name: "The contact's name",
        wish: "When to come",
        note: "What help is needed",
        assignee: "Who goes",
    },
    application: ApplicationTexts {
        not_now: "This application is “{state}”: “{action}” does not apply now",
        no_reason: "Say what is missing, or why it is refused",
    },
};
