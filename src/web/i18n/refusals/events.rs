//! Refusals of events: reports, the workflow, categories and measures.

texts! {
    /// Refusals of events: reports, the workflow, categories and measures.
    pub struct EventRefusals {
        unknown_source, no_such_category, report_text, phone_for_call_back, position_out_of_range, email,
        too_many_photos, photo_nth, too_many_at_once, choose_action, event_changed_meanwhile,
        end_before_start, bad_date, search_words, choose_satisfaction, list_view, list_overdue, page_size, unprintable, reporter_name, house_not_in_building, building_not_in_community, search_too_long, export_too_many, category_code, no_parent_category, category_name, category_handler,
        category_hours, category_class, name_the_original, no_such_original, duplicate_of_itself,
        duplicate_of_duplicate, unit_name, unit_kind, unit_phone, no_such_unit, not_of_unit, unit_role, member_elsewhere, unit_active,
        /// A photo.
        photo: PhotoTexts,
        /// The events workflow.
        event: WorkflowTexts,
        /// A category's extra fields and a report's values for them.
        fields: FieldTexts,
    }
}

texts! {
    /// A category's extra fields and a report's values for them.
    pub struct FieldTexts {
        too_many, code, name, choices, line, unknown, required, number, date, not_a_choice, one_value,
    }
}

texts! {
    /// A photo.
    pub struct PhotoTexts { too_large, not_a_photo, broken, too_many_pixels }
}

texts! {
    /// The events workflow.
    pub struct WorkflowTexts { not_now, no_reason, bad_deadline }
}

/// 简体中文.
pub const ZH: EventRefusals = EventRefusals {
    unknown_source: "来源应为：{sources}",
    no_such_category: "没有这个类别",
    report_text: "请用 2–2000 字说明情况",
    phone_for_call_back: "未登录时请留下手机号，以便回访",
    position_out_of_range: "坐标超出范围",
    email: "电子邮箱格式不对",
    too_many_photos: "每次最多 {max} 张照片",
    photo_nth: "第 {nth} 张照片：{problem}",
    too_many_at_once: "一次最多派遣 {max} 件",
    choose_action: "请选择操作和回访结果",
    event_changed_meanwhile: "这件诉求刚被别人处理过，请刷新后再试",
    end_before_start: "结束日期不能早于开始日期",
    bad_date: "日期不对，请按 2026-10-01 的格式填写",
    search_words: "请输入至少 2 个字的关键词",
    search_too_long: "关键词最多 {max} 个字",
    house_not_in_building: "所选房屋不在这栋楼里，请先选楼栋再选房屋",
    unprintable: "含有无法显示的控制字符，请删去后再提交",
    list_view: "列表只有 all、board、mine、late、rework 几种",
    choose_satisfaction: "请选择您对处理结果的评价：满意、基本满意或不满意",
    list_overdue: "overdue 只能是 1 或 0",
    page_size: "每页条数应为 1 到 {max} 之间的整数",
    reporter_name: "称呼最多 {max} 个字",
    building_not_in_community: "所选楼栋不在这个社区，请重新选择",
    export_too_many: "一次最多导出 {max} 件，请先用条件缩小范围",
    category_code: "类别代码为 2 位数字，子类别 4 位（前 2 位为上级代码）",
    no_parent_category: "上级类别不存在",
    category_name: "名称为 1–32 个字",
    category_handler: "请填写处置部门（1–32 个字）",
    category_hours: "时限为 1–2160 小时",
    category_class: "分类应为：{classes}",
    name_the_original: "请填写它所重复的那件诉求的查询码",
    no_such_original: "本社区没有查询码为 {code} 的诉求",
    duplicate_of_itself: "不能标为与自己重复",
    duplicate_of_duplicate: "{code} 本身已标为重复，请填写最早的那件诉求的查询码",
    unit_name: "单位名称为 2–64 个字",
    unit_kind: "单位类型应为：{kinds}",
    unit_phone: "办公电话只能有数字和“-”",
    no_such_unit: "请选择在该地区处置的单位",
    not_of_unit: "所选人员不属于所选单位（未选单位时，应为该网格或社区的工作人员）",
    unit_role: "成员角色应为调度员或处置人员",
    unit_active: "请选择停用或恢复使用本单位",
    member_elsewhere: "该账号在您管辖范围之外另有职责，不能由您加入本单位；请为成员另建账号，或请上级管理员添加",
    photo: PhotoTexts {
        too_large: "照片不能超过 10 MB",
        not_a_photo: "只收 JPEG、PNG 或 WebP 照片",
        broken: "照片已损坏或尺寸过大，无法打开",
        too_many_pixels: "照片像素太多（{width}×{height}），最多 4000 万像素，请缩小后再传",
    },
    fields: FieldTexts {
        too_many: "每个类别最多 {max} 个字段",
        code: "字段 {code}：代码只能用小写字母、数字和下划线（1–24 个），且不能重复",
        name: "字段 {code}：名称为 1–32 个字",
        choices: "字段 {code}：单选、多选要有 1–20 个选项，每个 1–32 个字且不重复；其他类型不要选项",
        line: "第 {line} 行应为：代码 | 名称 | 类型（文本、数字、日期、单选、多选）| 必填或选填 | 选项（用、分隔）",
        unknown: "这个类别没有“{name}”这一项",
        required: "请填写“{name}”",
        number: "“{name}”应为数字",
        date: "“{name}”应为日期，如 2026-12-05",
        not_a_choice: "“{name}”请从选项中选择",
        one_value: "“{name}”只能填一项，且不超过 200 字",
    },
    event: WorkflowTexts {
        not_now: "这件诉求现在是“{state}”，不能“{action}”",
        no_reason: "请填写原因",
        bad_deadline: "时限应为 1–2160 小时",
    },
};

/// English.
pub const EN: EventRefusals = EventRefusals {
    unknown_source: "The source is one of: {sources}",
    no_such_category: "No such category",
    report_text: "Describe it in 2–2000 characters",
    phone_for_call_back: "Without signing in, leave a mobile number so that we can call you back",
    position_out_of_range: "The position is out of range",
    email: "That is not an e-mail address",
    too_many_photos: "At most {max} photos at a time",
    photo_nth: "Photo {nth}: {problem}",
    too_many_at_once: "At most {max} events at a time",
    choose_action: "Choose an action, and for a follow-up call how satisfied they were",
    event_changed_meanwhile: "Someone has just handled this event; reload and try again",
    end_before_start: "The end date is before the start date",
    bad_date: "Not a valid date: write it as 2026-10-01",
    search_words: "Type a word of at least 2 characters",
    search_too_long: "Type at most {max} characters to find",
    house_not_in_building: "That house is not in the building: choose the building, then the house",
    unprintable: "Holds control characters that cannot be shown: take them out and send again",
    list_view: "A list is one of all, board, mine, late, rework",
    choose_satisfaction: "Say how it went: satisfied, fair or unsatisfied",
    list_overdue: "overdue is 1 or 0",
    page_size: "A page holds a whole number from 1 to {max}",
    reporter_name: "A name has at most {max} characters",
    building_not_in_community: "That building is not in the community: choose again",
    export_too_many: "At most {max} events can be exported at once; narrow the list first",
    category_code: "A category's code has 2 digits; a sub-category's has 4, the first 2 its parent's",
    no_parent_category: "The parent category does not exist",
    category_name: "A name has 1–32 characters",
    category_handler: "Name who handles it (1–32 characters)",
    category_hours: "A deadline is 1–2160 hours",
    category_class: "The class is one of: {classes}",
    name_the_original: "Give the tracking code of the event this one repeats",
    no_such_original: "This community has no event with the code {code}",
    duplicate_of_itself: "An event cannot repeat itself",
    duplicate_of_duplicate: "{code} is itself marked as a duplicate: give the code of the first event",
    unit_name: "A unit's name has 2–64 characters",
    unit_kind: "The kind of unit is one of: {kinds}",
    unit_phone: "An office phone has digits and dashes only",
    no_such_unit: "Choose a unit that works in that area",
    not_of_unit: "The person chosen is not of the unit chosen (without a unit: a worker of the event's grid or community)",
    unit_role: "A member is a dispatcher or a handler",
    unit_active: "Choose to stop or to resume the unit",
    member_elsewhere: "This account has duties outside the regions you keep, so you cannot add it to the unit; make a new account for the member, or ask an administrator above you",
    photo: PhotoTexts {
        too_large: "A photo may not be over 10 MB",
        not_a_photo: "Only JPEG, PNG or WebP photos are taken",
        broken: "The photo is damaged or too large to open",
        too_many_pixels: "Too many pixels ({width}×{height}): at most 40 megapixels; make it smaller and send it again",
    },
    fields: FieldTexts {
        too_many: "A category has at most {max} fields",
        code: "Field {code}: a code of lower-case letters, digits and _ (1–24), each once",
        name: "Field {code}: a name of 1–32 characters",
        choices: "Field {code}: a choice field has 1–20 choices of 1–32 characters, no repeats; other kinds have none",
        line: "Line {line}: code | name | kind (text, number, date, choice, choices) | required or optional | choices (separated by commas)",
        unknown: "This category has no field “{name}”",
        required: "Fill in “{name}”",
        number: "“{name}” must be a number",
        date: "“{name}” must be a date, e.g. 2026-12-05",
        not_a_choice: "Choose “{name}” from its choices",
        one_value: "“{name}” takes one value of at most 200 characters",
    },
    event: WorkflowTexts {
        not_now: "This event is “{state}”: “{action}” does not apply now",
        no_reason: "A reason is required",
        bad_deadline: "A deadline is 1–2160 hours",
    },
};
