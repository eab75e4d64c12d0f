//! Visits (走访), proactive service (主动服务) and home appointments.

texts! {
    /// Texts of visits (走访), proactive service and appointments.
    pub struct VisitTexts {
        /// The grid worker's day: title, intro.
        visits: [&'static str; 2],
        /// Appointments: title, none today, none waiting.
        appointments: [&'static str; 3],
        /// Due visits: title, none.
        due: [&'static str; 2],
        /// Due visits' headings: household, people, rule, last visit, standing.
        due_columns: [&'static str; 5],
        /// Recording a visit: title, who was met, situation, needs, photos, save, saved.
        record: [&'static str; 7],
        /// A household's visits: last visit, none yet, history.
        history: [&'static str; 3],
        /// From a visit: report an event, apply for the household.
        start: [&'static str; 2],
        /// Proactive service: title, intro, none.
        suggestions: [&'static str; 3],
        /// Proactive headings: resident, address, item, why.
        suggestion_columns: [&'static str; 4],
        /// Rules page: title, visit rules, proactive rules, save, saved, add.
        rules: [&'static str; 6],
        /// Visit-rule headings: tag, every (days), active.
        visit_rule_columns: [&'static str; 3],
        /// Proactive-rule headings: item, kind, age or tag, days ahead, active.
        care_rule_columns: [&'static str; 5],
        /// Proactive rule kinds: (key, label).
        care_kinds: [(&'static str, &'static str); 2],
        /// A resident's applications: title, none, "apply".
        mine: [&'static str; 3],
        /// Asking for a home visit: title, item, when, why, send, sent.
        appointment: [&'static str; 6],
        /// Appointment states: (key, label).
        appointment_states: [(&'static str, &'static str); 4],
        /// Scheduling: day, who goes, schedule, cancel.
        schedule: [&'static str; 4],
        /// On a person's page: apply on their behalf (代办).
        proxy_for,
        /// Time left against the promised date.
        time_left,
        /// The leader's counts: item, total, overdue.
        tally: [&'static str; 3],
        /// Photos of an application's materials.
        materials,
        /// When a visit took place (empty: now).
        when,
        /// The catalogue page: title, intro, new item, a note on changing steps.
        items: [&'static str; 4],
        /// An item's fields: code, name, department, eligibility, materials,
        /// form fields, days, steps, at home, 代办, offered.
        item_fields: [&'static str; 11],
    }
}

/// 简体中文.
pub const ZH: VisitTexts = VisitTexts {
    visits: ["今日走访", "按走访规则到期、超期的家庭，今天的预约上门，以及登记信息提示的主动服务建议。"],
    appointments: ["预约上门", "今天没有预约上门。", "没有待安排的预约。"],
    due: ["到期走访", "没有到期的走访。"],
    due_columns: ["住户", "重点人员", "走访规则", "上次走访", "状态"],
    record: ["记录走访", "见到的人", "情况", "发现的需求（可不填）", "照片（最多 3 张）", "保存走访", "走访已记录"],
    history: ["最近走访", "还没有走访记录。", "走访记录"],
    start: ["就此上报事件", "就此代办事项"],
    suggestions: [
        "主动服务",
        "登记信息显示可能符合条件、还没有申请的居民：上门告知，或征得同意后代办。",
        "没有待跟进的居民。",
    ],
    suggestion_columns: ["居民", "住址", "可办事项", "原因"],
    rules: ["走访与主动服务规则", "走访规则", "主动服务规则", "保存", "已保存", "新增"],
    visit_rule_columns: ["人员标签", "走访间隔（天）", "启用"],
    care_rule_columns: ["事项", "类型", "年龄或标签", "提前天数", "启用"],
    care_kinds: [("age", "年满周岁"), ("tag", "人员标签")],
    mine: ["我的办事", "还没有办事申请。", "去办事"],
    appointment: [
        "预约上门服务",
        "办理事项",
        "希望上门的时间",
        "需要帮什么",
        "提交预约",
        "预约已提交：社区会联系您，安排上门的日期。",
    ],
    appointment_states: [("requested", "待安排"), ("scheduled", "已安排"), ("done", "已上门"), ("cancelled", "已取消")],
    schedule: ["上门日期", "上门人员", "安排", "取消"],
    proxy_for: "为其代办",
    time_left: "剩余时限",
    tally: ["事项", "合计", "已超期"],
    materials: "材料照片（拍照或上传，最多 3 张）",
    when: "走访时间（不填为现在；可补记 7 天内的）",
    items: [
        "服务事项",
        "办事大厅里的事项：所需材料、表单项、承诺时限和办理环节都在这里设置。不再办理的事项取消“在办”即可，已有的申请不受影响。",
        "新增事项",
        "修改办理环节只影响此后的申请；已提交的申请按提交时的环节办完。",
    ],
    item_fields: [
        "事项编码",
        "事项名称",
        "办理部门",
        "申请条件",
        "所需材料（每行一项，可注明要求）",
        "表单项（每行一项）",
        "承诺时限（工作日）",
        "办理环节（每行一个，按顺序）",
        "可上门办理",
        "可由工作人员代办",
        "在办",
    ],
};

/// English.
pub const EN: VisitTexts = VisitTexts {
    visits: [
        "Today's visits",
        "Households due or overdue for a visit under the rules, today's home appointments, and proactive-service suggestions from the registry.",
    ],
    appointments: ["Home appointments", "No home appointments today.", "No appointments waiting."],
    due: ["Visits due", "No visits due."],
    due_columns: ["Household", "People", "Rule", "Last visit", "Standing"],
    record: [
        "Record a visit",
        "Who you met",
        "Situation",
        "Needs found (optional)",
        "Photos (up to 3)",
        "Save the visit",
        "Visit recorded",
    ],
    history: ["Last visit", "No visits yet.", "Visits"],
    start: ["Report an event from here", "Apply on their behalf"],
    suggestions: [
        "Proactive service",
        "Residents the registry shows as probably eligible who have not applied: tell them, or apply for them with their consent.",
        "No one to follow up.",
    ],
    suggestion_columns: ["Resident", "Address", "Item", "Why"],
    rules: ["Visit and proactive-service rules", "Visit rules", "Proactive rules", "Save", "Saved", "Add"],
    visit_rule_columns: ["Tag", "Every (days)", "Active"],
    care_rule_columns: ["Item", "Kind", "Age or tag", "Days ahead", "Active"],
    care_kinds: [("age", "Aged"), ("tag", "Tag")],
    mine: ["My applications", "No applications yet.", "Apply"],
    appointment: [
        "Ask for a home visit",
        "Service",
        "When suits you",
        "What you need",
        "Send",
        "Sent: the community will call you to set the day.",
    ],
    appointment_states: [
        ("requested", "To schedule"),
        ("scheduled", "Scheduled"),
        ("done", "Visited"),
        ("cancelled", "Cancelled"),
    ],
    schedule: ["Day", "Who goes", "Schedule", "Cancel"],
    proxy_for: "Apply on their behalf",
    time_left: "Time left",
    tally: ["Item", "Total", "Overdue"],
    materials: "Photos of the materials (take or upload, up to 3)",
    when: "When (empty: now; up to 7 days back)",
    items: [
        "Service items",
        "The items of the service hall: materials, form fields, promised time and steps are set here. Untick \"offered\" for an item no longer handled; existing applications are not affected.",
        "New item",
        "Changed steps apply to new applications; those already made finish with the steps they were made with.",
    ],
    item_fields: [
        "Code",
        "Name",
        "Department",
        "Who may apply",
        "Materials (one per line, with any note)",
        "Form fields (one per line)",
        "Promised (working days)",
        "Steps (one per line, in order)",
        "Can be done at home",
        "Staff may apply on a resident's behalf",
        "Offered",
    ],
};
