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
}
