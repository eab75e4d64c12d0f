//! A sheet's bad rows (residents' and meter readings'), worded: the
//! reasons the registry's refusals already word (ID numbers, passports,
//! facts, mobiles, names, readings below the last) are said as those are.

use crate::app::refusal::Reason;
use crate::domain::registry::sheet::RowReason;

use super::{Lang, fill, words};

texts! {
    /// Why a sheet's row cannot be taken.
    pub struct RowTexts {
        no_building, no_room,
        /// After an ID number's fault: what the sheet holds.
        id_typed,
        duplicate_id, no_reading, reading_number, meter_change, read_twice, no_such_house, already_read,
        read_meanwhile,
    }
}

/// 简体中文.
pub const ZH: RowTexts = RowTexts {
    no_building: "楼栋不能为空",
    no_room: "房号不能为空",
    id_typed: "（表中为 {typed}）",
    duplicate_id: "与第 {first} 行的身份证号重复",
    no_reading: "读数不能为空",
    reading_number: "读数应为数字，最多两位小数（表中为 {typed}）",
    meter_change: "换表一栏应填“{yes}”或留空（表中为 {typed}）",
    read_twice: "这一户在第 {first} 行已有读数",
    no_such_house: "本社区没有 {building} {unit}-{room} 这一户",
    already_read: "这一户 {period} 已抄表",
    read_meanwhile: "这一户 {period} 刚被别人抄表",
};

/// English.
pub const EN: RowTexts = RowTexts {
    no_building: "The building is empty",
    no_room: "The room is empty",
    id_typed: " (the sheet has {typed})",
    duplicate_id: "The same ID number as line {first}",
    no_reading: "The reading is empty",
    reading_number: "A reading is a number with at most two decimals (the sheet has {typed})",
    meter_change: "The meter-change column holds {yes} or nothing (the sheet has {typed})",
    read_twice: "This house has a reading on line {first}",
    no_such_house: "The community has no house {building} {unit}-{room}",
    already_read: "This house is read for {period} already",
    read_meanwhile: "Someone else read this house for {period} meanwhile",
};

impl Lang {
    /// Why a sheet's row cannot be taken, in this language.
    pub fn row_problem(self, reason: &RowReason) -> String {
        let texts = self.texts();
        let t = &texts.refusals.rows;
        match reason {
            RowReason::Name => words(&Reason::PersonName, self),
            RowReason::NoBuilding => t.no_building.into(),
            RowReason::NoRoom => t.no_room.into(),
            RowReason::IdNumber { problem, typed } => {
                let shown = typed.as_ref().map(|typed| fill(t.id_typed, &[("typed", typed)])).unwrap_or_default();
                words(&Reason::IdNumber(*problem), self) + &shown
            }
            RowReason::Passport(p) => words(&Reason::Passport(*p), self),
            RowReason::Mobile => words(&Reason::Mobile, self),
            RowReason::Fact(f) => words(&Reason::Fact(f.clone()), self),
            RowReason::DuplicateId { first } => fill(t.duplicate_id, &[("first", first)]),
            RowReason::NoReading => t.no_reading.into(),
            RowReason::ReadingNumber { typed } => fill(t.reading_number, &[("typed", typed)]),
            // The sheet is filled in Chinese: 是 is what to type, in either language.
            RowReason::MeterChange { typed } => fill(t.meter_change, &[("yes", &"是"), ("typed", typed)]),
            RowReason::ReadTwice { first } => fill(t.read_twice, &[("first", first)]),
            RowReason::NoSuchHouse { building, unit, room } => {
                fill(t.no_such_house, &[("building", building), ("unit", unit), ("room", room)])
            }
            RowReason::AlreadyRead { period } => fill(t.already_read, &[("period", period)]),
            RowReason::ReadingBelowLast { reading, last } => {
                words(&Reason::ReadingBelowLast { reading: *reading, last: *last }, self)
            }
            RowReason::ReadMeanwhile { period } => fill(t.read_meanwhile, &[("period", period)]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::registry::id_number::IdProblem;

    #[test]
    fn chinese_rows_read_as_they_always_did_and_english_ones_are_english() {
        let spreadsheet =
            RowReason::IdNumber { problem: IdProblem::SpreadsheetNumber, typed: Some("4.11102E+17".into()) };
        let zh = Lang::Zh.row_problem(&spreadsheet);
        assert!(
            zh.starts_with("身份证号被表格软件当成了数字") && zh.ends_with("格式后重新录入。（表中为 4.11102E+17）"),
            "{zh}"
        );
        let cases = [
            (RowReason::Name, "姓名不能为空，且不超过 32 个字"),
            (RowReason::NoBuilding, "楼栋不能为空"),
            (RowReason::Mobile, "手机号应为 11 位数字，以 1 开头"),
            (RowReason::DuplicateId { first: 2 }, "与第 2 行的身份证号重复"),
            (RowReason::ReadingNumber { typed: "abc".into() }, "读数应为数字，最多两位小数（表中为 abc）"),
            (RowReason::ReadTwice { first: 4 }, "这一户在第 4 行已有读数"),
            (RowReason::MeterChange { typed: "也许".into() }, "换表一栏应填“是”或留空（表中为 也许）"),
            (
                RowReason::NoSuchHouse { building: "3号楼".into(), unit: "1".into(), room: "909".into() },
                "本社区没有 3号楼 1-909 这一户",
            ),
            (RowReason::AlreadyRead { period: "2026-11".into() }, "这一户 2026-11 已抄表"),
            (
                RowReason::ReadingBelowLast { reading: 10_500, last: 11_200 },
                "本期读数 105.00 小于上期 112.00；如已换表，请注明“换表”",
            ),
            (RowReason::ReadMeanwhile { period: "2026-11".into() }, "这一户 2026-11 刚被别人抄表"),
        ];
        for (reason, zh) in cases {
            assert_eq!(Lang::Zh.row_problem(&reason), zh);
            let en = Lang::En.row_problem(&reason);
            // Only values keep their script: the sheet's (3号楼, 也许) and what to type in it (是).
            let mut bare = en.clone();
            for value in ["3号楼", "也许", "是"] {
                bare = bare.replace(value, "");
            }
            let chinese = bare.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
            assert!(!en.is_empty() && !en.contains('{') && !chinese, "{en}");
        }
        assert_eq!(Lang::En.row_problem(&RowReason::DuplicateId { first: 2 }), "The same ID number as line 2");
        assert!(Lang::En.row_problem(&spreadsheet).ends_with("(the sheet has 4.11102E+17)"));
    }
}
