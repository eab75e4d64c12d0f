//! Texts shared by several areas: a button or a word that is not one area's own.

texts! {
    /// Texts shared by several areas.
    pub struct CommonTexts {
        /// A button that shows what was chosen (显示).
        show,
        /// A save button.
        save,
    }
}

/// 简体中文.
pub const ZH: CommonTexts = CommonTexts { show: "显示", save: "保存" };

/// English.
pub const EN: CommonTexts = CommonTexts { show: "Show", save: "Save" };
