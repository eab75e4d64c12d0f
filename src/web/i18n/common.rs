//! Texts shared by several areas: a button or a word that is not one area's own.

texts! {
    /// Texts shared by several areas.
    pub struct CommonTexts {
        /// A button that looks something up or filters a list (查询).
        look_up,
        /// A button that shows what was chosen (显示).
        show,
        /// A save button.
        save,
        /// A form was saved.
        saved,
        /// A household or the place under which to look (住户).
        household,
        /// Who did a step when it was linli's command line.
        by_cli,
        /// Who did a step when it was a payment provider's callback.
        by_payment,
        /// Who did a step when it was a machine client (`{name}` its token's name).
        by_api,
    }
}

/// 简体中文.
pub const ZH: CommonTexts = CommonTexts {
    look_up: "查询",
    show: "显示",
    save: "保存",
    saved: "已保存",
    household: "住户",
    by_cli: "系统管理员（后台）",
    by_payment: "在线支付",
    by_api: "{name}（系统对接）",
};

/// English.
pub const EN: CommonTexts = CommonTexts {
    look_up: "Look up",
    show: "Show",
    save: "Save",
    saved: "Saved",
    household: "Household",
    by_cli: "system administrator (command line)",
    by_payment: "online payment",
    by_api: "{name} (connected system)",
};
