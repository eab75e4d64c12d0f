//! Events (诉求): reporting, following, handling, categories and measures.

texts! {
    /// Texts of the events pages (report, follow, handle).
    pub struct EventTexts {
        report_title,
        report_intro,
        category,
        text,
        community,
        building,
        house,
        not_said,
        choose_category,
        name,
        phone,
        submit,
        track_title,
        track_code,
        track_lookup,
        track_intro,
        list_title,
        all_states,
        none,
        act,
        action,
        reason,
        hours,
        handler,
        satisfaction,
        of,
        rework,
        timeline,
        report_here,
        internal,
        maybe_same,
        inbox,
        inbox_empty,
        inbox_open,
        photos,
        /// Too many reports from one address.
        too_many,
        /// A resident's own reports.
        mine,
        /// The event categories page.
        categories: Categories,
        /// Measures page title.
        measures,
        /// Measures: how to group (key, label).
        measure_by: [(&'static str, &'static str); 5],
        /// The headings of the measures table.
        measure_columns: MeasureColumns,
        /// The table of average time per step.
        step_times: StepTimes,
        /// The period of the measures.
        period: Period,
        /// The board's views: (key, label).
        views: [(&'static str, &'static str); 6],
        /// Dispatching several events at once.
        bulk: Bulk,
        /// Finding events in a list.
        find: FindTexts,
        /// The workflow's actions: (key, label).
        actions: [(&'static str, &'static str); 13],
        /// The names of the event states; see [`EventStates::name`].
        states: EventStates,
    }
}

texts! {
    /// The event categories page.
    pub struct Categories {
        title, intro, code, name, handler, hours, class, active, public, fields, fields_hint,
    }
}

texts! {
    /// The headings of the measures table.
    pub struct MeasureColumns {
        name, reported, accepted, closed, closing_rate, on_time_rate, late, rework_rate,
        visited, satisfaction,
        /// The groups' names that are not from the data.
        total, not_dispatched, unplaced,
    }
}

texts! {
    /// The table of average time per step.
    pub struct StepTimes {
        title, step, count, average_hours,
    }
}

texts! {
    /// The period of the measures.
    pub struct Period {
        from, to, show,
    }
}

texts! {
    /// Dispatching several events at once; `{n}` and `{why}` stand for
    /// the count and the reasons.
    pub struct Bulk {
        title, submit, pick_some, dispatched, not_dispatched, separator,
    }
}

texts! {
    /// Finding events in a list: words, filters, pages, export.
    pub struct FindTexts {
        words, words_hint, all_categories, from, to, overdue, submit, clear, more, export,
    }
}

texts! {
    /// The names of the event states; see [`EventStates::name`].
    pub struct EventStates {
        reported, accepted, rejected, duplicate, dispatched, in_progress, resolved, closed,
        satisfied, fair, unsatisfied,
    }
}

/// 简体中文.
pub const ZH: EventTexts = EventTexts {
    report_title: "反映问题",
    report_intro: "选类别，说几句话，提交。我们会按时限处理，并用查询码告诉您进展。",
    category: "类别",
    text: "情况说明",
    community: "所在社区",
    building: "楼栋（可不选）",
    house: "房屋（可不选）",
    not_said: "不选",
    choose_category: "请选择类别",
    name: "称呼（可不填）",
    phone: "手机号（未登录时必填，用于回访）",
    submit: "提交",
    track_title: "诉求进展",
    track_code: "查询码",
    track_lookup: "查询",
    track_intro: "凭查询码查看进展，无需登录。",
    list_title: "诉求事件",
    all_states: "全部状态",
    none: "没有诉求。",
    act: "办理",
    action: "操作",
    reason: "原因或办理情况",
    hours: "时限（小时）",
    handler: "处置人或部门",
    satisfaction: "回访结果",
    of: "重复的查询码",
    rework: "返工次数",
    timeline: "办理过程",
    report_here: "在此楼反映问题",
    internal: "内部",
    maybe_same: "可能与这些近 7 天的诉求重复（可标为重复）：",
    inbox: "消息",
    inbox_empty: "没有消息。",
    inbox_open: "查看",
    photos: "照片（可不传，最多 3 张，JPEG/PNG/WebP，每张 10 MB 以内）",
    too_many: "本地址近一小时上报次数过多，请稍后再试，或直接联系社区服务中心。",
    mine: "我反映的问题",
    categories: Categories {
        title: "诉求类别",
        intro: "类别树对全区各社区通用。处置部门可填 community_staff（社区工作人员）、property（物业服务企业）、police_office（社区警务室）、mediation（人民调解委员会）、street_enforcement（街道综合执法队），或直接写部门名称。",
        code: "代码",
        name: "名称",
        handler: "处置部门",
        hours: "时限（小时）",
        class: "分类",
        active: "启用",
        public: "公开（Open311 免密钥可查，不含个人信息）",
        fields: "补充字段",
        fields_hint: "上报时要补充填写的内容，每行一项：代码 | 名称 | 类型（文本、数字、日期、单选、多选）| 必填或选填 | 选项（用、分隔）。例如：place | 漏水位置 | 单选 | 必填 | 室内、楼道、室外",
    },
    measures: "诉求统计",
    measure_by: [
        ("grid", "按网格"),
        ("community", "按社区"),
        ("street", "按街道"),
        ("handler", "按处置人/部门"),
        ("category", "按类别"),
    ],
    measure_columns: MeasureColumns {
        total: "合计",
        not_dispatched: "未派遣",
        unplaced: "未定位",
        name: "名称",
        reported: "上报",
        accepted: "受理",
        closed: "结案",
        closing_rate: "结案率",
        on_time_rate: "按期结案率",
        late: "超期",
        rework_rate: "返工率",
        visited: "回访",
        satisfaction: "满意率",
    },
    step_times: StepTimes {
        title: "各环节平均用时", step: "环节", count: "次数", average_hours: "平均用时（小时）"
    },
    period: Period { from: "开始日期", to: "结束日期", show: "统计" },
    views: [
        ("", "全部"),
        ("board", "待办（待受理、待派遣）"),
        ("open", "办理中"),
        ("mine", "我的任务（按时限）"),
        ("late", "超期"),
        ("rework", "返工"),
    ],
    find: FindTexts {
        words: "关键词",
        words_hint: "描述或地址中的字词，如：漏水 3号楼",
        all_categories: "全部类别",
        from: "上报日期从",
        to: "至",
        overdue: "只看超期未办结",
        submit: "查找",
        clear: "清除条件",
        more: "下一页",
        export: "导出 Excel",
    },
    bulk: Bulk {
        title: "批量派遣",
        submit: "派遣所选",
        pick_some: "请勾选要派遣的诉求",
        dispatched: "已派遣 {n} 件",
        not_dispatched: "；{n} 件未派遣：{why}",
        separator: "；",
    },
    actions: [
        ("accept", "受理"),
        ("reject", "不予受理"),
        ("duplicate", "标为重复"),
        ("dispatch", "派遣"),
        ("transfer", "转办"),
        ("assign", "分派给本单位人员"),
        ("return", "退回"),
        ("start", "开始处置"),
        ("feedback", "处置反馈"),
        ("pass", "核查通过"),
        ("fail", "核查不通过（返工）"),
        ("visit", "回访"),
        ("reopen", "重新处置"),
    ],
    states: EventStates {
        reported: "已上报",
        accepted: "已受理",
        rejected: "不予受理",
        duplicate: "重复诉求",
        dispatched: "已派遣",
        in_progress: "处置中",
        resolved: "已处置，待核查",
        closed: "已结案",
        satisfied: "已回访：满意",
        fair: "已回访：基本满意",
        unsatisfied: "已回访：不满意",
    },
};

/// English.
pub const EN: EventTexts = EventTexts {
    report_title: "Report a problem",
    report_intro: "Pick a category, say a few words, send. We handle it on time; follow it with the tracking code.",
    category: "Category",
    text: "What happened",
    community: "Community",
    building: "Building (optional)",
    house: "House (optional)",
    not_said: "Not said",
    choose_category: "Choose a category",
    name: "Your name (optional)",
    phone: "Mobile (needed when not signed in, for the follow-up call)",
    submit: "Send",
    track_title: "Progress of your report",
    track_code: "Tracking code",
    track_lookup: "Look up",
    track_intro: "Follow a report by its tracking code, without signing in.",
    list_title: "Reports",
    all_states: "All states",
    none: "No reports.",
    act: "Act",
    action: "Action",
    reason: "Reason, or what was done",
    hours: "Deadline (hours)",
    handler: "Handler (person or department)",
    satisfaction: "Follow-up result",
    of: "Tracking code it repeats",
    rework: "Rework",
    timeline: "Timeline",
    report_here: "Report a problem in this building",
    internal: "internal",
    maybe_same: "May repeat these reports of the last 7 days (mark as duplicate):",
    inbox: "Messages",
    inbox_empty: "No messages.",
    inbox_open: "Open",
    photos: "Photos (optional, up to 3, JPEG/PNG/WebP, 10 MB each)",
    too_many: "Too many reports from this address in the last hour. Please try later or call the community centre.",
    mine: "My reports",
    categories: Categories {
        title: "Event categories",
        intro: "One tree for every community of the district. The handler is community_staff, property, police_office, mediation, street_enforcement, or a department's name.",
        code: "Code",
        name: "Name",
        handler: "Handler",
        hours: "Deadline (hours)",
        class: "Class",
        active: "Active",
        public: "Public (listed through Open311 without a key, no personal data)",
        fields: "Extra fields",
        fields_hint: "What a report must add, a line each: code | name | kind (text, number, date, choice, choices) | required or optional | choices (separated by commas). E.g. place | Where it leaks | choice | required | indoors, stairwell, outdoors",
    },
    measures: "Event measures",
    measure_by: [
        ("grid", "By grid"),
        ("community", "By community"),
        ("street", "By street"),
        ("handler", "By handler"),
        ("category", "By category"),
    ],
    measure_columns: MeasureColumns {
        total: "Total",
        not_dispatched: "Not dispatched",
        unplaced: "No place",
        name: "Name",
        reported: "Reported",
        accepted: "Taken on",
        closed: "Closed",
        closing_rate: "Closing rate",
        on_time_rate: "On time",
        late: "Late",
        rework_rate: "Rework rate",
        visited: "Followed up",
        satisfaction: "Satisfaction",
    },
    step_times: StepTimes {
        title: "Average time per step",
        step: "Step",
        count: "Count",
        average_hours: "Average (hours)",
    },
    period: Period { from: "From", to: "To", show: "Show" },
    views: [
        ("", "All"),
        ("board", "To do (to accept, to dispatch)"),
        ("open", "Open"),
        ("mine", "My tasks (by deadline)"),
        ("late", "Late"),
        ("rework", "Reworked"),
    ],
    find: FindTexts {
        words: "Words",
        words_hint: "Words of the description or address, e.g. leak building 3",
        all_categories: "All categories",
        from: "Reported from",
        to: "to",
        overdue: "Only open and overdue",
        submit: "Find",
        clear: "Clear",
        more: "Next page",
        export: "Export to Excel",
    },
    bulk: Bulk {
        title: "Bulk dispatch",
        submit: "Dispatch selected",
        pick_some: "Tick the events to dispatch",
        dispatched: "Dispatched: {n}",
        not_dispatched: "; not dispatched: {n} ({why})",
        separator: "; ",
    },
    actions: [
        ("accept", "Accept"),
        ("reject", "Refuse"),
        ("duplicate", "Mark as duplicate"),
        ("dispatch", "Dispatch"),
        ("transfer", "Transfer"),
        ("assign", "Give to someone of the unit"),
        ("return", "Send back"),
        ("start", "Start work"),
        ("feedback", "Report done"),
        ("pass", "Check passed"),
        ("fail", "Check failed (rework)"),
        ("visit", "Follow-up call"),
        ("reopen", "Reopen"),
    ],
    states: EventStates {
        reported: "Reported",
        accepted: "Accepted",
        rejected: "Refused",
        duplicate: "Duplicate",
        dispatched: "Dispatched",
        in_progress: "In progress",
        resolved: "Done, to be checked",
        closed: "Closed",
        satisfied: "Followed up: satisfied",
        fair: "Followed up: fair",
        unsatisfied: "Followed up: unsatisfied",
    },
};

impl EventStates {
    /// The name of an event's state.
    pub fn name(&self, state: crate::domain::events::event::State) -> &'static str {
        use crate::domain::events::event::{Satisfaction, State};
        match state {
            State::Reported => self.reported,
            State::Accepted => self.accepted,
            State::Rejected => self.rejected,
            State::Duplicate => self.duplicate,
            State::Dispatched => self.dispatched,
            State::InProgress => self.in_progress,
            State::Resolved => self.resolved,
            State::Closed => self.closed,
            State::Visited(Satisfaction::Satisfied) => self.satisfied,
            State::Visited(Satisfaction::Fair) => self.fair,
            State::Visited(Satisfaction::Unsatisfied) => self.unsatisfied,
        }
    }
}

impl EventTexts {
    /// The label of one of the board's views, by its key.
    pub fn view(&self, key: &str) -> &'static str {
        self.views.iter().find(|(k, _)| *k == key).map_or("", |(_, label)| label)
    }
}
