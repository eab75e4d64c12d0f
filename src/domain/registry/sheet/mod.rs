//! Reading residents' sheets as communities keep them: UTF-8 (with or
//! without BOM) or GBK/GB18030 as Excel in China writes, title rows above
//! the header, Chinese column names with their synonyms, full-width digits
//! and stray spaces. Every bad row is reported with its line number.

use chrono::NaiveDate;

use crate::domain::registry::id_number::{IdNumber, IdProblem};
use crate::domain::registry::identity::{Identity, Passport};
use crate::domain::registry::phone::Phone;

mod xlsx;

/// One resident as a sheet row gives them.
#[derive(Debug, Clone)]
pub struct ResidentRow {
    /// Line number in the file (1-based, as a spreadsheet shows it).
    pub line: usize,
    /// Building name (楼栋).
    pub building: String,
    /// Unit (单元); `1` when the sheet has none.
    pub unit: String,
    /// Room (房号).
    pub room: String,
    /// Name.
    pub name: String,
    /// The checked document: an ID number, or a passport with birth date and sex.
    pub id_number: Identity,
    /// Mobile number, if given.
    pub phone: Option<Phone>,
    /// Relation to the head; `本人` when empty.
    pub relation: String,
    /// Tags, split on 、，, ; or spaces.
    pub tags: Vec<String>,
    /// ID type, ethnicity, political status, residency, employment.
    pub facts: crate::domain::registry::person::Facts,
}

/// What is wrong with a row, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// Line number in the file.
    pub line: usize,
    /// The column's header as the sheet names it.
    pub column: String,
    /// What to fix, worded by whoever shows it, in the reader's language.
    pub reason: RowReason,
}

/// Why a sheet's row cannot be taken: residents' and meter readings'
/// sheets read here, and the readings checked against the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowReason {
    /// The name is empty or longer than 32 characters.
    Name,
    /// No building.
    NoBuilding,
    /// No room.
    NoRoom,
    /// The ID number does not parse; `typed` is what the sheet holds when
    /// a spreadsheet made a number of it.
    IdNumber {
        /// What is wrong.
        problem: IdProblem,
        /// The cell as the sheet holds it, when that shows the fault.
        typed: Option<String>,
    },
    /// A passport row's number, birth date or sex.
    Passport(crate::domain::registry::identity::PassportProblem),
    /// Not a mobile number.
    Mobile,
    /// A fact (ID type, ethnicity …) that is not one of its values.
    Fact(crate::domain::registry::person::FactProblem),
    /// The same ID number as the row on line `first`.
    DuplicateId {
        /// The earlier line.
        first: usize,
    },
    /// No reading.
    NoReading,
    /// A reading that is not a number with at most two decimals.
    ReadingNumber {
        /// The cell as typed.
        typed: String,
    },
    /// The meter-change cell is neither 是 nor empty.
    MeterChange {
        /// The cell as typed.
        typed: String,
    },
    /// The same house read on line `first` of the sheet.
    ReadTwice {
        /// The earlier line.
        first: usize,
    },
    /// No such house in the community.
    NoSuchHouse {
        /// Building.
        building: String,
        /// Unit.
        unit: String,
        /// Room.
        room: String,
    },
    /// The house is read for the period already.
    AlreadyRead {
        /// The period (`2026-11`).
        period: String,
    },
    /// The reading is below the last, in hundredths, and no meter change is said.
    ReadingBelowLast {
        /// This reading.
        reading: i64,
        /// The last one.
        last: i64,
    },
    /// Someone else read the house for the period while the sheet was checked.
    ReadMeanwhile {
        /// The period.
        period: String,
    },
}

/// Why a whole sheet cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    /// No row in the first ten has a name and an ID-number column.
    #[error(
        "找不到表头：前 10 行中没有同时包含“姓名”和“身份证号”的行 / no header row with a name and an ID-number column in the first 10 rows"
    )]
    NoHeader,
    /// No row in the first ten has a room and a reading column.
    #[error(
        "找不到表头：前 10 行中没有同时包含“房号”和“读数”的行 / no header row with a room and a reading column in the first 10 rows"
    )]
    NoMeterHeader,
    /// A required column is missing.
    #[error("缺少必需的列：{0} / missing column: {0}")]
    MissingColumn(&'static str),
    /// The file is not text a spreadsheet writes.
    #[error("无法读取文件：{0} / unreadable file: {0}")]
    Unreadable(String),
    /// The sheet is over its [`Bounds`].
    #[error("表格太大：{zh}，请拆成几个文件分别导入 / sheet too large: {en}; split it into smaller files")]
    TooLarge {
        /// What is over, in Chinese.
        zh: String,
        /// The same in English.
        en: String,
    },
}

/// The fields a sheet can have, with the names communities use for them.
const COLUMNS: [(&str, &[&str]); 16] = [
    ("building", &["楼栋", "楼号", "楼栋号", "楼宇", "楼"]),
    ("unit", &["单元", "单元号"]),
    ("room", &["房号", "房间号", "门牌号", "室", "房屋号"]),
    ("name", &["姓名", "名字", "居民姓名"]),
    ("id_number", &["身份证号", "身份证号码", "公民身份号码", "证件号码", "身份证"]),
    ("phone", &["联系电话", "手机号码", "手机号", "电话", "联系方式"]),
    ("relation", &["与户主关系", "关系", "与户主的关系"]),
    ("tags", &["标签", "人员类别", "特殊人群", "类别"]),
    ("_seq", &["序号", "编号"]),
    ("id_type", &["证件类型", "证件种类"]),
    ("ethnicity", &["民族"]),
    ("political", &["政治面貌"]),
    ("residency", &["人口类型", "户籍类型", "居住类型", "人员类型"]),
    ("employment", &["工作单位", "就业情况", "职业", "工作单位/学校"]),
    // Only read for passports: an ID number carries its own.
    ("birth", &["出生日期", "出生年月日"]),
    ("sex", &["性别"]),
];

/// A sheet as rows of cells, each row with its line number (1-based, as a
/// spreadsheet shows it).
pub type Table = Vec<(usize, Vec<String>)>;

/// How much of a sheet is read before it is refused as too large. A sheet
/// is untrusted: a 1.5 KB XLSX can name cell XFD1048576 and a 1 MB zip can
/// unpack to gigabytes, so every figure is counted as it is read, never
/// taken from the file's own headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    /// The file as sent.
    pub file_bytes: usize,
    /// An XLSX's parts, unpacked, all together.
    pub unzipped_bytes: u64,
    /// Parts in an XLSX.
    pub zip_entries: usize,
    /// The last row a cell may be in.
    pub rows: usize,
    /// The last column a cell may be in.
    pub columns: usize,
    /// Cells kept, counting the empty ones between filled ones on a row.
    pub cells: usize,
}

impl Bounds {
    /// What a page or the API takes: a street's sheet with room to spare
    /// (60,000 people in 16 columns, or 200,000 rows of 5), read in well
    /// under 100 MB.
    pub const UPLOAD: Bounds = Bounds {
        file_bytes: 20 * 1024 * 1024,
        unzipped_bytes: 128 * 1024 * 1024,
        zip_entries: 1_000,
        rows: 200_000,
        columns: 100,
        cells: 1_000_000,
    };
    /// The CLI: an operator's own file, as large as a district's registry.
    pub const OPERATOR: Bounds = Bounds {
        file_bytes: 4 * 1024 * 1024 * 1024,
        unzipped_bytes: 16 * 1024 * 1024 * 1024,
        zip_entries: 10_000,
        rows: 10_000_000,
        columns: 1_000,
        cells: 200_000_000,
    };

    fn too_large(zh: String, en: String) -> SheetError {
        SheetError::TooLarge { zh, en }
    }

    fn check_file(&self, bytes: &[u8]) -> Result<(), SheetError> {
        if bytes.len() > self.file_bytes {
            let mb = self.file_bytes / (1024 * 1024);
            return Err(Self::too_large(format!("文件超过 {mb} MB"), format!("the file is over {mb} MB")));
        }
        Ok(())
    }

    /// Checks a cell's place (0-based row and column).
    fn check_cell(&self, row: usize, column: usize) -> Result<(), SheetError> {
        if row >= self.rows {
            let n = self.rows;
            return Err(Self::too_large(
                format!("第 {} 行有内容，表格最多 {n} 行", row + 1),
                format!("row {} has content; at most {n} rows", row + 1),
            ));
        }
        if column >= self.columns {
            let n = self.columns;
            return Err(Self::too_large(
                format!("第 {} 行第 {} 列有内容，表格最多 {n} 列", row + 1, column + 1),
                format!("row {} has content in column {}; at most {n} columns", row + 1, column + 1),
            ));
        }
        Ok(())
    }

    fn too_many_cells(&self) -> SheetError {
        let n = self.cells;
        Self::too_large(format!("单元格超过 {n} 个"), format!("more than {n} cells"))
    }
}

/// Reads a file as communities have them: XLSX (its first worksheet), or CSV
/// in UTF-8 (BOM or not) or GBK/GB18030; within [`Bounds::UPLOAD`].
pub fn read_table(bytes: &[u8]) -> Result<Table, SheetError> {
    read_table_within(bytes, &Bounds::UPLOAD)
}

/// [`read_table`] within other bounds.
pub fn read_table_within(bytes: &[u8], bounds: &Bounds) -> Result<Table, SheetError> {
    bounds.check_file(bytes)?;
    if bytes.starts_with(b"PK\x03\x04") {
        // The XLSX parser is someone else's code meeting a stranger's file:
        // if a damaged file makes it panic, that is a refusal, not a crash.
        return std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| xlsx::read(bytes, bounds)))
            .unwrap_or_else(|_| Err(SheetError::Unreadable("XLSX 文件已损坏 / the XLSX file is damaged".into())));
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return Err(SheetError::Unreadable(
            "这是旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV 后再导入 / an old .xls file: save it as .xlsx or CSV"
                .into(),
        ));
    }
    csv_table_within(&decode(bytes)?, bounds)
}

/// Turns the file's bytes into text: UTF-8 (BOM or not), else GB18030
/// (a superset of GBK, which Excel in China writes).
pub fn decode(bytes: &[u8]) -> Result<String, SheetError> {
    if bytes.contains(&0) {
        return Err(SheetError::Unreadable("不是表格文本文件 / not a spreadsheet text file".into()));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_owned());
    }
    let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
    if had_errors {
        return Err(SheetError::Unreadable("neither UTF-8 nor GBK/GB18030 text".into()));
    }
    Ok(text.into_owned())
}

/// Trims spaces (also full-width ones) and makes full-width digits and
/// letters ASCII.
pub fn clean(cell: &str) -> String {
    cell.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '\u{feff}')
        .chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            c => c,
        })
        .collect()
}

fn column_of(header: &str) -> Option<&'static str> {
    let h = clean(header).replace(['*', '＊', ' '], "");
    COLUMNS.iter().find(|(_, names)| names.contains(&h.as_str())).map(|(key, _)| *key)
}

/// The bad rows as a workbook to hand back: (line, column, what to fix,
/// worded).
pub fn problems_xlsx(problems: impl IntoIterator<Item = (usize, String, String)>) -> Result<Vec<u8>, String> {
    let rows: Vec<Vec<String>> =
        problems.into_iter().map(|(line, column, say)| vec![line.to_string(), column, say]).collect();
    crate::domain::export::xlsx("问题行", &["行号 / line", "列 / column", "问题 / problem"], &rows)
}

/// Reads a residents' file (XLSX or CSV) within [`Bounds::UPLOAD`]: the
/// rows that are right, and every problem.
pub fn read_residents_file(bytes: &[u8], today: NaiveDate) -> Result<(Vec<ResidentRow>, Vec<RowProblem>), SheetError> {
    read_residents_file_within(bytes, today, &Bounds::UPLOAD)
}

/// [`read_residents_file`] within other bounds.
pub fn read_residents_file_within(
    bytes: &[u8],
    today: NaiveDate,
    bounds: &Bounds,
) -> Result<(Vec<ResidentRow>, Vec<RowProblem>), SheetError> {
    read_residents(&read_table_within(bytes, bounds)?, today)
}

/// Splits CSV text into rows of cells with their line numbers, within
/// [`Bounds::UPLOAD`].
pub fn csv_table(text: &str) -> Result<Table, SheetError> {
    csv_table_within(text, &Bounds::UPLOAD)
}

/// [`csv_table`] within other bounds: rows, columns and cells are counted
/// as they are read.
pub fn csv_table_within(text: &str, bounds: &Bounds) -> Result<Table, SheetError> {
    bounds.check_file(text.as_bytes())?;
    check_csv(text.as_bytes(), bounds)?;
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    // Line numbers from byte offsets (csv's own count lags after CRLF, which
    // Excel writes; it also reports a record after CRLF as starting on the
    // previous line's `\n`). Counted incrementally: records come in order.
    let bytes = text.as_bytes();
    let (mut counted_to, mut newlines) = (0usize, 0usize);
    let mut line_at = |byte: usize| {
        let mut start = byte.min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start > counted_to {
            newlines += bytes[counted_to..start].iter().filter(|b| **b == b'\n').count();
            counted_to = start;
        }
        1 + newlines
    };
    let mut records: Table = Vec::new();
    let mut cells = 0usize;
    let mut record = csv::StringRecord::new();
    let mut i = 0;
    while reader.read_record(&mut record).map_err(|e| SheetError::Unreadable(e.to_string()))? {
        i += 1;
        let line = record.position().map_or(i, |p| line_at(p.byte() as usize));
        bounds.check_cell(line - 1, record.len().saturating_sub(1))?;
        cells += record.len();
        if cells > bounds.cells {
            return Err(bounds.too_many_cells());
        }
        records.push((line, record.iter().map(str::to_owned).collect()));
    }
    Ok(records)
}

/// Counts a CSV's records and fields without keeping them, so that a line
/// of a million commas is refused before a million cells are made.
fn check_csv(text: &[u8], bounds: &Bounds) -> Result<(), SheetError> {
    use csv_core::ReadFieldResult;
    let mut reader = csv_core::Reader::new();
    let mut scratch = [0u8; 4096];
    let (mut input, mut fields, mut records, mut cells) = (text, 0usize, 0usize, 0usize);
    loop {
        let (result, read, _) = reader.read_field(input, &mut scratch);
        input = &input[read..];
        match result {
            ReadFieldResult::InputEmpty | ReadFieldResult::OutputFull => {}
            ReadFieldResult::Field { record_end } => {
                fields += 1;
                bounds.check_cell(records, fields - 1)?;
                if record_end {
                    (records, cells, fields) = (records + 1, cells + fields, 0);
                    if cells > bounds.cells {
                        return Err(bounds.too_many_cells());
                    }
                }
            }
            ReadFieldResult::End => return Ok(()),
        }
    }
}

/// Where a sheet's header is and which column holds which field.
pub struct Header {
    at: usize,
    index: Vec<(usize, &'static str, String)>,
}

impl Header {
    /// The first of the first ten rows that names every field in `needs`
    /// (communities put titles and notes above their headers).
    pub fn find(records: &Table, column_of: fn(&str) -> Option<&'static str>, needs: &[&str]) -> Option<Header> {
        let at = records.iter().take(10).position(|(_, r)| {
            let keys: Vec<_> = r.iter().filter_map(|c| column_of(c)).collect();
            needs.iter().all(|n| keys.contains(n))
        })?;
        let index =
            records[at].1.iter().enumerate().filter_map(|(i, h)| column_of(h).map(|k| (i, k, clean(h)))).collect();
        Some(Header { at, index })
    }

    /// Whether the sheet has a column for the field.
    pub fn has(&self, key: &str) -> bool {
        self.index.iter().any(|(_, k, _)| *k == key)
    }

    /// A row's cell for the field, cleaned, with the column's header as the
    /// sheet names it (empty when the sheet has no such column).
    pub fn cell(&self, row: &[String], key: &str) -> (String, String) {
        self.index
            .iter()
            .find(|(_, k, _)| *k == key)
            .map(|(i, _, h)| (clean(row.get(*i).map_or("", String::as_str)), h.clone()))
            .unwrap_or_default()
    }

    /// The rows below the header.
    pub fn rows<'a>(&self, records: &'a Table) -> &'a [(usize, Vec<String>)] {
        &records[self.at + 1..]
    }
}

/// Reads a residents' sheet: the rows that are right, and every problem.
pub fn read_residents(records: &Table, today: NaiveDate) -> Result<(Vec<ResidentRow>, Vec<RowProblem>), SheetError> {
    let header = Header::find(records, column_of, &["name", "id_number"]).ok_or(SheetError::NoHeader)?;
    for required in ["building", "room"] {
        if !header.has(required) {
            return Err(SheetError::MissingColumn(if required == "building" { "楼栋" } else { "房号" }));
        }
    }
    let cell = |r: &[String], key: &str| header.cell(r, key);
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (line, r) in header.rows(records) {
        if r.iter().all(|c| clean(c).is_empty()) {
            continue;
        }
        let mut bad = |column: String, reason: RowReason| problems.push(RowProblem { line: *line, column, reason });
        let (name, name_col) = cell(r, "name");
        let (id_text, id_col) = cell(r, "id_number");
        let (phone_text, phone_col) = cell(r, "phone");
        let (building, building_col) = cell(r, "building");
        let (room, room_col) = cell(r, "room");
        let mut ok = true;
        if name.is_empty() || name.chars().count() > 32 {
            bad(name_col, RowReason::Name);
            ok = false;
        }
        if building.is_empty() {
            bad(building_col, RowReason::NoBuilding);
            ok = false;
        }
        if room.is_empty() {
            bad(room_col, RowReason::NoRoom);
            ok = false;
        }
        let id: Option<Identity> = if cell(r, "id_type").0 == crate::domain::registry::person::PASSPORT {
            match Passport::parse(&id_text, &cell(r, "birth").0, &cell(r, "sex").0, today) {
                Ok(p) => Some(Identity::Passport(p)),
                Err(p) => {
                    bad(id_col.clone(), RowReason::Passport(p));
                    None
                }
            }
        } else {
            match IdNumber::parse(&id_text, today) {
                Ok(id) => Some(id.into()),
                Err(problem) => {
                    let typed = (problem == IdProblem::SpreadsheetNumber).then(|| id_text.clone());
                    bad(id_col, RowReason::IdNumber { problem, typed });
                    None
                }
            }
        };
        let phone = if phone_text.is_empty() {
            None
        } else {
            match Phone::parse(&phone_text) {
                Ok(p) => Some(p),
                Err(_) => {
                    bad(phone_col, RowReason::Mobile);
                    ok = false;
                    None
                }
            }
        };
        let facts = match crate::domain::registry::person::facts(
            &cell(r, "id_type").0,
            &cell(r, "ethnicity").0,
            &cell(r, "political").0,
            &cell(r, "residency").0,
            &cell(r, "employment").0,
        ) {
            Ok(f) => Some(f),
            Err(found) => {
                for f in found {
                    bad(cell(r, f.field()).1, RowReason::Fact(f));
                }
                None
            }
        };
        let (Some(id_number), Some(facts), true) = (id, facts, ok) else { continue };
        let unit = cell(r, "unit").0;
        let relation = crate::domain::registry::person::relation(&cell(r, "relation").0).to_owned();
        rows.push(ResidentRow {
            line: *line,
            building,
            unit: if unit.is_empty() { "1".into() } else { unit },
            room,
            name,
            id_number,
            phone,
            relation,
            tags: cell(r, "tags")
                .0
                .split(['、', '，', ',', ';', '；', ' '])
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect(),
            facts,
        });
    }
    // The same person twice in one sheet is a mistake worth naming.
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for row in &rows {
        if let Some(first) = seen.insert(row.id_number.lookup_text(), row.line) {
            problems.push(RowProblem {
                line: row.line,
                column: "身份证号".into(),
                reason: RowReason::DuplicateId { first },
            });
        }
    }
    problems.sort_by_key(|p| p.line);
    Ok((rows, problems))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::registry::id_number::check_digit;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    }

    fn id(birth: &str, seq: &str) -> String {
        let first17 = format!("141102{birth}{seq}");
        format!("{first17}{}", check_digit(first17.as_bytes()))
    }

    #[test]
    fn reads_gbk_with_a_title_row_synonyms_and_full_width_digits() {
        let a = id("19560312", "024");
        let full_width_phone = "１３９１２３４００００";
        let sheet = format!(
            "交通路社区居民信息登记表（2026年）,,,,\n序号,楼号,房间号,名字,公民身份号码,手机号码,关系,人员类别\n1,交通路小区1号楼, 101 ,王丽娥,{a},{full_width_phone},户主,独居老人、党员\n"
        );
        let (gbk, _, _) = encoding_rs::GBK.encode(&sheet);
        let text = decode(&gbk).unwrap();
        let (rows, problems) = read_residents(&csv_table(&text).unwrap(), today()).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(rows.len(), 1);
        let r = &rows[0];
        assert_eq!((r.line, r.room.as_str(), r.unit.as_str(), r.name.as_str()), (3, "101", "1", "王丽娥"));
        assert_eq!(r.phone.as_ref().unwrap().as_str(), "13912340000");
        assert_eq!(r.tags, ["独居老人", "党员"]);
        assert_eq!(decode(format!("\u{feff}{sheet}").as_bytes()).unwrap(), sheet, "UTF-8 with BOM");
    }

    #[test]
    fn every_bad_row_is_named_with_its_line() {
        let good = id("19800101", "123");
        let mut typo = good.clone().into_bytes();
        typo[16] = if typo[16] == b'9' { b'0' } else { typo[16] + 1 };
        let typo = String::from_utf8(typo).unwrap();
        let sheet = format!(
            "楼栋,房号,姓名,身份证号,电话\n1号楼,101,张三,{good},\n1号楼,102,李四,4.11102E+17,\n1号楼,103,王五,{typo},138\n,104,赵六,{},\n1号楼,105,钱七,{good},\n",
            id("19900101", "321")
        );
        let (rows, problems) = read_residents(&csv_table(&sheet).unwrap(), today()).unwrap();
        assert_eq!(rows.len(), 2, "张三 and 钱七 read (钱七 then reported as a duplicate)");
        let lines: Vec<(usize, &str)> = problems.iter().map(|p| (p.line, p.column.as_str())).collect();
        assert_eq!(lines, [(3, "身份证号"), (4, "身份证号"), (4, "电话"), (5, "楼栋"), (6, "身份证号")]);
        let typed = Some("4.11102E+17".to_owned());
        assert_eq!(problems[0].reason, RowReason::IdNumber { problem: IdProblem::SpreadsheetNumber, typed });
        assert_eq!(problems[1].reason, RowReason::IdNumber { problem: IdProblem::BadChecksum, typed: None });
        assert_eq!(problems[4].reason, RowReason::DuplicateId { first: 2 });
    }

    #[test]
    fn facts_columns_are_read_and_checked() {
        let sheet = format!(
            "楼栋,房号,姓名,身份证号,民族,政治面貌,人口类型,与户主关系\n1号楼,101,张三,{},回,党员,流动人口,户主\n1号楼,102,李四,{},火星,群众,,\n",
            id("19800101", "123"),
            id("19900101", "321")
        );
        let (rows, problems) = read_residents(&csv_table(&sheet).unwrap(), today()).unwrap();
        let f = &rows[0].facts;
        assert_eq!((f.ethnicity.as_str(), f.political, f.residency), ("03", "中共党员", "流动"));
        assert_eq!(rows[0].relation, "本人");
        assert_eq!(problems.len(), 1);
        assert_eq!((problems[0].line, problems[0].column.as_str()), (3, "民族"));
    }

    #[test]
    fn an_xlsx_with_a_number_for_an_id_is_refused_on_the_right_line() {
        use rust_xlsxwriter::Workbook;
        let mut book = Workbook::new();
        let ws = book.add_worksheet();
        ws.write_string(0, 0, "交通路社区居民登记表").unwrap();
        for (c, h) in ["楼栋", "房号", "姓名", "身份证号", "电话"].iter().enumerate() {
            ws.write_string(1, c as u16, *h).unwrap();
        }
        let good = id("19560312", "024");
        ws.write_string(2, 0, "1号楼").unwrap();
        ws.write_number(2, 1, 101).unwrap();
        ws.write_string(2, 2, "王丽娥").unwrap();
        ws.write_string(2, 3, &good).unwrap();
        ws.write_number(2, 4, 13912340000_f64).unwrap();
        ws.write_string(3, 0, "1号楼").unwrap();
        ws.write_number(3, 1, 102).unwrap();
        ws.write_string(3, 2, "李四").unwrap();
        ws.write_number(3, 3, 411102198001011234_f64).unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let (rows, problems) = read_residents_file(&bytes, today()).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].line, rows[0].room.as_str()), (3, "101"), "a room typed as a number");
        assert_eq!(rows[0].phone.as_ref().unwrap().as_str(), "13912340000");
        assert_eq!(problems.len(), 1);
        assert_eq!((problems[0].line, problems[0].column.as_str()), (4, "身份证号"));
        let typed = Some("4.11102E+17".to_owned());
        assert_eq!(problems[0].reason, RowReason::IdNumber { problem: IdProblem::SpreadsheetNumber, typed });
    }

    #[test]
    fn a_csv_over_its_bounds_is_refused_before_its_cells_are_made() {
        let wide = ",".repeat(150);
        let e = csv_table(&format!("姓名,身份证号\n{wide}\n")).unwrap_err();
        assert!(e.to_string().contains("第 2 行第 101 列"), "{e}");
        let tall = "1\n".repeat(Bounds::UPLOAD.rows + 1);
        assert!(csv_table(&tall).unwrap_err().to_string().contains("最多 200000 行"));
        let cells = format!("{}\n", ",".repeat(99)).repeat(Bounds::UPLOAD.cells / 100 + 1);
        assert!(csv_table(&cells).unwrap_err().to_string().contains("单元格超过"));
        let big = vec![b'a'; Bounds::UPLOAD.file_bytes + 1];
        assert!(read_table(&big).unwrap_err().to_string().contains("文件超过 20 MB"));
        assert_eq!(csv_table("a,b\n\"x,y\",c\n").unwrap().len(), 2, "commas in quotes are one cell");
    }

    #[test]
    fn a_passport_row_takes_birth_date_and_sex_from_their_columns() {
        let sheet = "楼栋,房号,姓名,证件类型,证件号码,出生日期,性别\n1号楼,101,John Smith,护照,E12345678,1980-05-06,男\n1号楼,102,Anna,护照,E87654321,,女\n";
        let (rows, problems) = read_residents(&csv_table(sheet).unwrap(), today()).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].id_number.birth_date(), NaiveDate::from_ymd_opt(1980, 5, 6).unwrap());
        assert_eq!(rows[0].facts.id_type, "护照");
        assert_eq!((problems[0].line, problems[0].column.as_str()), (3, "证件号码"));
        let birth_date = crate::domain::registry::identity::PassportProblem::BirthDate;
        assert_eq!(problems[0].reason, RowReason::Passport(birth_date));
    }

    #[test]
    fn line_numbers_hold_with_excel_line_ends() {
        let bad = "4.11102E+17";
        let sheet = format!(
            "标题,,\r\n楼栋,房号,姓名,身份证号\r\n1号楼,101,张三,{}\r\n1号楼,102,李四,{bad}\r\n",
            id("19800101", "123")
        );
        let (_, problems) = read_residents(&csv_table(&sheet).unwrap(), today()).unwrap();
        assert_eq!(problems.iter().map(|p| p.line).collect::<Vec<_>>(), [4]);
    }

    #[test]
    fn a_sheet_without_the_right_columns_says_which() {
        assert_eq!(read_residents(&csv_table("a,b\n1,2\n").unwrap(), today()).unwrap_err(), SheetError::NoHeader);
        assert_eq!(
            read_residents(&csv_table("姓名,身份证号,房号\n").unwrap(), today()).unwrap_err(),
            SheetError::MissingColumn("楼栋")
        );
        assert!(read_table(b"PK\x03\x04rest").unwrap_err().to_string().contains("XLSX"));
        assert!(read_table(b"\xD0\xCF\x11\xE0rest").unwrap_err().to_string().contains(".xlsx"));
        assert!(decode(&[0x41, 0x00, 0x42]).is_err());
    }
}
