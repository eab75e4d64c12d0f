//! Visits (走访), proactive service (主动服务) and home appointments.

texts! {
    /// Texts of visits (走访), proactive service and appointments.
    pub struct VisitTexts {
        /// The grid worker's day.
        today: Today,
        /// Home-visit appointments.
        appointments: Appointments,
        /// Visits due.
        due: Due,
        /// What is shown of a due visit.
        due_columns: DueColumns,
        /// Recording a visit.
        record: Record,
        /// A household's visits.
        history: History,
        /// What a visit can lead to.
        start: Start,
        /// Proactive service (主动服务).
        suggestions: Suggestions,
        /// The headings of the proactive-service table.
        suggestion_columns: SuggestionColumns,
        /// The visit and proactive-service rules page.
        rules: Rules,
        /// The headings of a visit rule.
        visit_rule_columns: VisitRuleColumns,
        /// The headings of a proactive-service rule.
        care_rule_columns: CareRuleColumns,
        /// Proactive rule kinds: (key, label).
        care_kinds: [(&'static str, &'static str); 2],
        /// A resident asking for a home visit.
        appointment: AskAppointment,
        /// Appointment states: (key, label).
        appointment_states: [(&'static str, &'static str); 4],
        /// Scheduling a home visit.
        schedule: Schedule,
        /// When a visit took place (empty: now).
        when,
    }
}

texts! {
    /// The grid worker's day.
    pub struct Today {
        title, intro,
    }
}

texts! {
    /// Home-visit appointments.
    pub struct Appointments {
        title, none_today, none_waiting,
    }
}

texts! {
    /// Visits due.
    pub struct Due {
        title, none,
    }
}

texts! {
    /// What is shown of a due visit.
    pub struct DueColumns {
        people, rule, last_visit, standing,
    }
}

texts! {
    /// Recording a visit.
    pub struct Record {
        title, met, situation, needs, photos, submit, recorded,
    }
}

texts! {
    /// A household's visits.
    pub struct History {
        last, none, title,
        /// Before a recorded visit's needs (not the form's label).
        needs,
    }
}

texts! {
    /// What a visit can lead to.
    pub struct Start {
        report_event, apply_for,
    }
}

texts! {
    /// Proactive service (主动服务).
    pub struct Suggestions {
        title, intro, none,
    }
}

texts! {
    /// The headings of the proactive-service table.
    pub struct SuggestionColumns {
        resident, address, item, why,
    }
}

texts! {
    /// The visit and proactive-service rules page.
    pub struct Rules {
        title, visit_rules, care_rules, add,
    }
}

texts! {
    /// The headings of a visit rule.
    pub struct VisitRuleColumns {
        tag, every_days, active,
    }
}

texts! {
    /// The headings of a proactive-service rule.
    pub struct CareRuleColumns {
        item, kind, age_or_tag, days_ahead, active,
    }
}

texts! {
    /// A resident asking for a home visit.
    pub struct AskAppointment {
        title, item, when, need, submit, sent,
        /// An example of a time that suits (the field's placeholder).
        when_example,
    }
}

texts! {
    /// Scheduling a home visit.
    pub struct Schedule {
        day, who, submit, cancel, day_missing,
    }
}

/// 简体中文.
pub const ZH: VisitTexts = VisitTexts {
    today: Today {
        title: "今日走访",
        intro: "按走访规则到期、超期的家庭，今天的预约上门，以及登记信息提示的主动服务建议。",
    },
    appointments: Appointments {
        title: "预约上门",
        none_today: "今天没有预约上门。",
        none_waiting: "没有待安排的预约。",
    },
    due: Due { title: "到期走访", none: "没有到期的走访。" },
    due_columns: DueColumns {
        people: "重点人员", rule: "走访规则", last_visit: "上次走访", standing: "状态"
    },
    record: Record {
        title: "记录走访",
        met: "见到的人",
        situation: "情况",
        needs: "发现的需求（可不填）",
        photos: "照片（最多 3 张）",
        submit: "保存走访",
        recorded: "走访已记录",
    },
    history: History { last: "最近走访", none: "还没有走访记录。", title: "走访记录", needs: "需求" },
    start: Start { report_event: "就此上报事件", apply_for: "就此代办事项" },
    suggestions: Suggestions {
        title: "主动服务",
        intro: "登记信息显示可能符合条件、还没有申请的居民：上门告知，或征得同意后代办。",
        none: "没有待跟进的居民。",
    },
    suggestion_columns: SuggestionColumns {
        resident: "居民", address: "住址", item: "可办事项", why: "原因"
    },
    rules: Rules {
        title: "走访与主动服务规则", visit_rules: "走访规则", care_rules: "主动服务规则", add: "新增"
    },
    visit_rule_columns: VisitRuleColumns { tag: "人员标签", every_days: "走访间隔（天）", active: "启用" },
    care_rule_columns: CareRuleColumns {
        item: "事项",
        kind: "类型",
        age_or_tag: "年龄或标签",
        days_ahead: "提前天数",
        active: "启用",
    },
    care_kinds: [("age", "年满周岁"), ("tag", "人员标签")],
    appointment: AskAppointment {
        title: "预约上门服务",
        item: "办理事项",
        when: "希望上门的时间",
        need: "需要帮什么",
        submit: "提交预约",
        sent: "预约已提交：社区会联系您，安排上门的日期。",
        when_example: "例如：工作日上午",
    },
    appointment_states: [("requested", "待安排"), ("scheduled", "已安排"), ("done", "已上门"), ("cancelled", "已取消")],
    schedule: Schedule {
        day: "上门日期",
        who: "上门人员",
        submit: "安排",
        cancel: "取消",
        day_missing: "请选择上门日期（年-月-日）。",
    },
    when: "走访时间（不填为现在；可补记 7 天内的）",
};

/// English.
pub const EN: VisitTexts = VisitTexts {
    today: Today {
        title: "Today's visits",
        intro: "Households due or overdue for a visit under the rules, today's home appointments, and proactive-service suggestions from the registry.",
    },
    appointments: Appointments {
        title: "Home appointments",
        none_today: "No home appointments today.",
        none_waiting: "No appointments waiting.",
    },
    due: Due { title: "Visits due", none: "No visits due." },
    due_columns: DueColumns { people: "People", rule: "Rule", last_visit: "Last visit", standing: "Standing" },
    record: Record {
        title: "Record a visit",
        met: "Who you met",
        situation: "Situation",
        needs: "Needs found (optional)",
        photos: "Photos (up to 3)",
        submit: "Save the visit",
        recorded: "Visit recorded",
    },
    history: History { last: "Last visit", none: "No visits yet.", title: "Visits", needs: "Needs" },
    start: Start { report_event: "Report an event from here", apply_for: "Apply on their behalf" },
    suggestions: Suggestions {
        title: "Proactive service",
        intro: "Residents the registry shows as probably eligible who have not applied: tell them, or apply for them with their consent.",
        none: "No one to follow up.",
    },
    suggestion_columns: SuggestionColumns { resident: "Resident", address: "Address", item: "Item", why: "Why" },
    rules: Rules {
        title: "Visit and proactive-service rules",
        visit_rules: "Visit rules",
        care_rules: "Proactive rules",
        add: "Add",
    },
    visit_rule_columns: VisitRuleColumns { tag: "Tag", every_days: "Every (days)", active: "Active" },
    care_rule_columns: CareRuleColumns {
        item: "Item",
        kind: "Kind",
        age_or_tag: "Age or tag",
        days_ahead: "Days ahead",
        active: "Active",
    },
    care_kinds: [("age", "Aged"), ("tag", "Tag")],
    appointment: AskAppointment {
        title: "Ask for a home visit",
        item: "Service",
        when: "When suits you",
        need: "What you need",
        submit: "Send",
        sent: "Sent: the community will call you to set the day.",
        when_example: "e.g. weekday mornings",
    },
    appointment_states: [
        ("requested", "To schedule"),
        ("scheduled", "Scheduled"),
        ("done", "Visited"),
        ("cancelled", "Cancelled"),
    ],
    schedule: Schedule {
        day: "Day",
        who: "Who goes",
        submit: "Schedule",
        cancel: "Cancel",
        day_missing: "Choose the day of the visit (year-month-day).",
    },
    when: "When (empty: now; up to 7 days back)",
};
