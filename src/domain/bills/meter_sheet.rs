//! A sheet of meter readings (抄表单), as a meter reader or the utility
//! hands it over: building, unit, room, the reading, and whether the meter
//! was changed. Read with the registry import's rules: every bad row is
//! reported with its line, and the caller writes nothing if there is one.

use std::collections::HashMap;

use crate::domain::money::Fen;
use crate::domain::registry::sheet::{Header, RowProblem, RowReason, SheetError, Table, clean};

/// A reading as the sheet has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeterRow {
    /// Line in the file.
    pub line: usize,
    /// 楼栋.
    pub building: String,
    /// 单元 (may be empty).
    pub unit: String,
    /// 房号.
    pub room: String,
    /// Hundredths of a unit.
    pub reading: i64,
    /// A new meter this period.
    pub meter_change: bool,
}

const COLUMNS: [(&str, &[&str]); 5] = [
    ("building", &["楼栋", "楼号", "楼栋号", "楼宇", "楼"]),
    ("unit", &["单元", "单元号"]),
    ("room", &["房号", "房间号", "门牌号", "室", "房屋号"]),
    ("reading", &["本期读数", "读数", "本月读数", "本期止码", "止码", "表底数"]),
    ("meter_change", &["换表", "是否换表", "换表标记"]),
];

fn column_of(header: &str) -> Option<&'static str> {
    let h = clean(header).replace(['*', '＊', ' '], "");
    COLUMNS.iter().find(|(_, names)| names.contains(&h.as_str())).map(|(key, _)| *key)
}

fn yes_no(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "" | "否" | "无" | "n" | "no" | "0" | "false" => Some(false),
        "是" | "换表" | "已换" | "y" | "yes" | "1" | "true" | "√" | "✓" => Some(true),
        _ => None,
    }
}

/// Reads the sheet: the rows that are right, and every problem.
pub fn read(records: &Table) -> Result<(Vec<MeterRow>, Vec<RowProblem>), SheetError> {
    let header = Header::find(records, column_of, &["room", "reading"]).ok_or(SheetError::NoMeterHeader)?;
    if !header.has("building") {
        return Err(SheetError::MissingColumn("楼栋"));
    }
    let cell = |r: &[String], key: &str| header.cell(r, key);
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut seen: HashMap<(String, String, String), usize> = HashMap::new();
    for (line, r) in header.rows(records) {
        if r.iter().all(|c| clean(c).is_empty()) {
            continue;
        }
        let mut bad = |column: String, reason: RowReason| problems.push(RowProblem { line: *line, column, reason });
        let (building, building_col) = cell(r, "building");
        let (unit, _) = cell(r, "unit");
        let (room, room_col) = cell(r, "room");
        let (reading_text, reading_col) = cell(r, "reading");
        let (change_text, change_col) = cell(r, "meter_change");
        let mut ok = true;
        if building.is_empty() {
            bad(building_col, RowReason::NoBuilding);
            ok = false;
        }
        if room.is_empty() {
            bad(room_col.clone(), RowReason::NoRoom);
            ok = false;
        }
        let reading = match Fen::parse_yuan(&reading_text) {
            Ok(r) if r.fen() >= 0 => Some(r.fen()),
            _ if reading_text.is_empty() => {
                bad(reading_col, RowReason::NoReading);
                None
            }
            _ => {
                bad(reading_col, RowReason::ReadingNumber { typed: reading_text.clone() });
                None
            }
        };
        let meter_change = yes_no(&change_text).unwrap_or_else(|| {
            bad(change_col, RowReason::MeterChange { typed: change_text.clone() });
            ok = false;
            false
        });
        let key = (building.clone(), unit.clone(), room.clone());
        if ok && let Some(first) = seen.get(&key) {
            bad(room_col, RowReason::ReadTwice { first: *first });
            ok = false;
        }
        if let (true, Some(reading)) = (ok, reading) {
            seen.insert(key, *line);
            rows.push(MeterRow { line: *line, building, unit, room, reading, meter_change });
        }
    }
    Ok((rows, problems))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(lines: &[&str]) -> Table {
        lines.iter().enumerate().map(|(i, l)| (i + 1, l.split(',').map(str::to_owned).collect())).collect()
    }

    #[test]
    fn an_ugly_sheet_reports_every_bad_row_with_its_line() {
        let t = table(&[
            "交通路社区 2026年11月 水表抄表单",
            "",
            "序号,楼栋 ,单元,房号,本期读数,换表",
            "1,3号楼,1,101,123.45,",
            "2,3号楼,1,102,１２０,否",
            "3,,1,103,88,",
            "4,3号楼,1,104,abc,",
            "5,3号楼,1,101,130,",
            "6,3号楼,1,105,12.345,",
            "7,3号楼,1,106,5,也许",
            ",,,,,",
            "8,3号楼,1,107,0.5,是",
        ]);
        let (rows, problems) = read(&t).unwrap();
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [6, 7, 8, 9, 10], "{problems:?}");
        assert_eq!(problems[2].reason, RowReason::ReadTwice { first: 4 }, "{problems:?}");
        assert_eq!(rows.len(), 3);
        assert_eq!((rows[0].reading, rows[1].reading), (12345, 12000), "full-width digits read");
        assert_eq!((rows[2].line, rows[2].reading, rows[2].meter_change), (12, 50, true));
    }

    #[test]
    fn a_sheet_without_its_columns_is_refused_whole() {
        assert_eq!(read(&table(&["姓名,身份证号", "张三,1"])), Err(SheetError::NoMeterHeader));
        assert_eq!(read(&table(&["房号,读数", "101,1"])), Err(SheetError::MissingColumn("楼栋")));
    }
}
