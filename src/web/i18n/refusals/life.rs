//! Refusals of community life: notices.

texts! {
    /// Refusals of community life: notices.
    pub struct LifeRefusals {
        notice_title, notice_body, notice_grid_outside, notice_too_many_grids, notice_tag, notice_publish_at,
        notice_expires_at, notice_sensitive_tag, notice_reaches_nobody,
    }
}

/// 简体中文.
pub const ZH: LifeRefusals = LifeRefusals {
    notice_title: "请填写标题（最多 60 字）",
    notice_body: "请填写正文（最多 5000 字）",
    notice_grid_outside: "所选网格不在发布范围内",
    notice_too_many_grids: "最多选择 50 个网格；范围更大时请按社区发布",
    notice_tag: "标签应为 1–16 字，不含逗号、%、_",
    notice_publish_at: "发布时间应在现在到 90 天之内",
    notice_expires_at: "截止时间应晚于发布时间，且不超过一年",
    notice_sensitive_tag: "不能按残疾、矫正等敏感标签发布通知：收到通知的人会因此被识别",
    notice_reaches_nobody: "这个范围内没有住户，通知不会送达任何人",
};

/// English.
pub const EN: LifeRefusals = LifeRefusals {
    notice_title: "Give a title (at most 60 characters)",
    notice_body: "Write the text (at most 5,000 characters)",
    notice_grid_outside: "A grid chosen lies outside where the notice is published",
    notice_too_many_grids: "Choose at most 50 grids; for more, publish to the community",
    notice_tag: "A tag has 1–16 characters, without commas, % or _",
    notice_publish_at: "The publishing time is between now and 90 days ahead",
    notice_expires_at: "The end is after the publishing time and within a year",
    notice_sensitive_tag: "A notice cannot be addressed by a sensitive tag (disability, corrections …): it would single out who receives it",
    notice_reaches_nobody: "No household lives there: the notice would reach nobody",
};
