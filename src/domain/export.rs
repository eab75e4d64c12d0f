//! Writing sheets that are safe to open: no cell runs as a formula.

/// Escapes a cell that a spreadsheet would read as a formula (`=`, `+`, `-`,
/// `@`, and tab or carriage return at the start) by prefixing a quote.
pub fn cell(text: &str) -> String {
    if formula_like(text) { format!("'{text}") } else { text.to_owned() }
}

/// The columns of a household export, in order.
pub const HOUSEHOLD_COLUMNS: [&str; 15] = [
    "网格",
    "楼栋",
    "单元",
    "房号",
    "姓名",
    "性别",
    "年龄",
    "身份证号",
    "联系电话",
    "与户主关系",
    "民族",
    "政治面貌",
    "人口类型",
    "工作单位",
    "标签",
];

/// Rows as CSV: UTF-8 with BOM (so Excel reads it), formula-like cells escaped.
pub fn csv(headers: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, String> {
    let mut w = ::csv::Writer::from_writer(Vec::from("\u{feff}".as_bytes()));
    w.write_record(headers).map_err(|e| e.to_string())?;
    for r in rows {
        w.write_record(r.iter().map(|c| cell(c))).map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

/// Whether a spreadsheet would read the text as a formula.
fn formula_like(text: &str) -> bool {
    matches!(text.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r'))
}

/// Writes a one-sheet XLSX workbook: a bold header row, then the rows, every
/// cell as text (ID numbers keep all 18 digits; nothing becomes a number or
/// a formula; formula-like text also gets Excel's quote prefix).
pub fn xlsx(sheet: &str, headers: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).map_err(|e| e.to_string())?;
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let quoted = Format::new().set_num_format("@").set_quote_prefix();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold).map_err(|e| e.to_string())?;
        let width = rows.iter().take(200).map(|r| r.get(c).map_or(0, |v| v.chars().count())).max().unwrap_or(0);
        ws.set_column_width(c as u16, (width.max(h.chars().count() * 2) as f64 * 1.3).clamp(6.0, 60.0))
            .map_err(|e| e.to_string())?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let format = if formula_like(v) { &quoted } else { &text };
            ws.write_string_with_format(r as u32 + 1, c as u16, v, format).map_err(|e| e.to_string())?;
        }
    }
    ws.set_freeze_panes(1, 0).map_err(|e| e.to_string())?;
    book.save_to_buffer().map_err(|e| e.to_string())
}

/// A standing report as laid out for the level above (一表通): the title
/// across the top, the unit and the date below it, two heading rows with a
/// group's heading merged over its columns (a column alone spans both), a row
/// per region with its counts as numbers, and the total row last.
pub struct ReportSheet<'a> {
    /// The sheet's name.
    pub sheet: &'a str,
    /// The title (人口基本情况统计表).
    pub title: &'a str,
    /// The line under the title, left (填报单位：…).
    pub unit: &'a str,
    /// The line under the title, right (统计时间：…).
    pub when: &'a str,
    /// The first column's heading (网格, 社区 …).
    pub first: &'a str,
    /// (heading, its columns' headings): one heading with no columns is a
    /// column alone.
    pub headings: Vec<(String, Vec<String>)>,
    /// (region's name, counts).
    pub rows: Vec<(String, Vec<i64>)>,
    /// The total row's label and counts.
    pub total: (&'a str, Vec<i64>),
}

/// Writes a [`ReportSheet`] as an XLSX workbook.
pub fn report_xlsx(r: &ReportSheet) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
    let e = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(r.sheet).map_err(e)?;
    let columns: u16 = 1 + r.headings.iter().map(|(_, c)| c.len().max(1) as u16).sum::<u16>();
    let last = columns - 1;
    let title = Format::new().set_bold().set_font_size(16).set_align(FormatAlign::Center);
    let plain = Format::new();
    let right = Format::new().set_align(FormatAlign::Right);
    let head = Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
        .set_border(FormatBorder::Thin);
    let name = Format::new().set_border(FormatBorder::Thin);
    let number = Format::new().set_border(FormatBorder::Thin).set_num_format("0");
    let total_name = Format::new().set_bold().set_border(FormatBorder::Thin);
    let total_number = Format::new().set_bold().set_border(FormatBorder::Thin).set_num_format("0");
    ws.merge_range(0, 0, 0, last, &cell(r.title), &title).map_err(e)?;
    let half = last / 2;
    if half > 0 {
        ws.merge_range(1, 0, 1, half, &cell(r.unit), &plain).map_err(e)?;
        ws.merge_range(1, half + 1, 1, last, &cell(r.when), &right).map_err(e)?;
    } else {
        ws.write_string(1, 0, cell(r.unit)).map_err(e)?;
        ws.write_string_with_format(1, 1, cell(r.when), &right).map_err(e)?;
    }
    ws.merge_range(2, 0, 3, 0, &cell(r.first), &head).map_err(e)?;
    let mut c: u16 = 1;
    for (heading, subs) in &r.headings {
        if subs.is_empty() {
            ws.merge_range(2, c, 3, c, &cell(heading), &head).map_err(e)?;
            c += 1;
            continue;
        }
        let end = c + subs.len() as u16 - 1;
        if end > c {
            ws.merge_range(2, c, 2, end, &cell(heading), &head).map_err(e)?;
        } else {
            ws.write_string_with_format(2, c, cell(heading), &head).map_err(e)?;
        }
        for (i, s) in subs.iter().enumerate() {
            ws.write_string_with_format(3, c + i as u16, cell(s), &head).map_err(e)?;
        }
        c = end + 1;
    }
    let mut row: u32 = 4;
    for (label, counts) in &r.rows {
        ws.write_string_with_format(row, 0, cell(label), &name).map_err(e)?;
        for (i, n) in counts.iter().enumerate() {
            ws.write_number_with_format(row, 1 + i as u16, *n as f64, &number).map_err(e)?;
        }
        row += 1;
    }
    ws.write_string_with_format(row, 0, cell(r.total.0), &total_name).map_err(e)?;
    for (i, n) in r.total.1.iter().enumerate() {
        ws.write_number_with_format(row, 1 + i as u16, *n as f64, &total_number).map_err(e)?;
    }
    ws.set_column_width(0, 22).map_err(e)?;
    for i in 1..columns {
        ws.set_column_width(i, 10).map_err(e)?;
    }
    ws.set_freeze_panes(4, 1).map_err(e)?;
    book.save_to_buffer().map_err(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xlsx_keeps_text_as_text_and_reads_back() {
        let rows = vec![
            vec!["王丽娥".to_owned(), "141102195603120281".to_owned(), "=1+1".to_owned()],
            vec!["𠮷祥".to_owned(), "14110219800101123X".to_owned(), String::new()],
        ];
        let bytes = xlsx("居民", &["姓名", "身份证号", "备注"], &rows).unwrap();
        let table = crate::domain::registry::sheet::read_table(&bytes).unwrap();
        assert_eq!(table[0].1, ["姓名", "身份证号", "备注"]);
        assert_eq!((table[1].0, table[1].1.clone()), (2, rows[0].clone()), "formula text comes back as text");
        assert_eq!(table[2].1[..2], rows[1][..2]);
    }

    #[test]
    fn formulas_never_run() {
        assert!(formula_like("=1") && !formula_like("王"));
        assert_eq!(cell("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        for t in ["+1", "-1+2", "@SUM(A1)", "\tx"] {
            assert!(cell(t).starts_with('\''), "{t:?}");
        }
        assert_eq!(cell("王丽娥"), "王丽娥");
        assert_eq!(cell("141102********0011"), "141102********0011");
    }

    #[test]
    fn a_report_sheet_reads_back_with_its_headings_rows_and_totals() {
        use calamine::{Reader, Xlsx};
        let r = ReportSheet {
            sheet: "人口",
            title: "人口基本情况统计表",
            unit: "填报单位：交通路社区",
            when: "统计时间：2026-12-08",
            first: "网格",
            headings: vec![("户数".into(), vec![]), ("性别".into(), vec!["男".into(), "女".into()])],
            rows: vec![("第一网格".into(), vec![2, 1, 1]), ("=第二网格".into(), vec![1, 1, 0])],
            total: ("合计", vec![3, 2, 1]),
        };
        let bytes = report_xlsx(&r).unwrap();
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range("人口").unwrap();
        let at = |row: u32, col: u32| range.get_value((row, col)).map(|v| v.to_string()).unwrap_or_default();
        assert_eq!(at(0, 0), "人口基本情况统计表");
        assert_eq!(
            (at(2, 0), at(2, 1), at(2, 2), at(3, 2), at(3, 3)),
            ("网格".into(), "户数".into(), "性别".into(), "男".into(), "女".into())
        );
        assert_eq!(at(5, 0), "'=第二网格", "a formula-like name stays text");
        assert_eq!((at(6, 0), at(6, 1), at(6, 2), at(6, 3)), ("合计".into(), "3".into(), "2".into(), "1".into()));
        assert!(matches!(range.get_value((4, 1)), Some(calamine::Data::Float(n)) if *n == 2.0), "counts are numbers");
        let merged = book.merge_cells_by_sheet_name("人口").unwrap();
        assert!(merged.iter().any(|m| (m.start, m.end) == ((2, 2), (2, 3))), "性别 over 男 and 女: {merged:?}");
        assert!(merged.iter().any(|m| (m.start, m.end) == ((2, 1), (3, 1))), "户数 spans both heading rows");
    }
}
