//! Reading an XLSX workbook's first worksheet as a stranger may send it:
//! what it unpacks to is counted before it is parsed, its cells are read
//! one by one against the bounds (never a grid of its declared size), and
//! numbers come back as Excel shows them.

use std::io::Read;

use chrono::NaiveDate;

use super::{Bounds, SheetError, Table};

/// Unpacks every part of a zip into nothing, counting the bytes that
/// actually come out (the sizes a zip declares can lie), and refuses it past
/// the bounds before anything is parsed.
fn check_unzipped(bytes: &[u8], bounds: &Bounds) -> Result<(), SheetError> {
    let unreadable = |e: String| SheetError::Unreadable(format!("XLSX: {e}"));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
    if zip.len() > bounds.zip_entries {
        let n = bounds.zip_entries;
        return Err(Bounds::too_large(format!("压缩包内超过 {n} 个文件"), format!("more than {n} parts in the zip")));
    }
    let mut left = bounds.unzipped_bytes;
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|e| unreadable(e.to_string()))?;
        let out = std::io::copy(&mut (&mut part).take(left + 1), &mut std::io::sink())
            .map_err(|e| unreadable(e.to_string()))?;
        if out > left {
            let mb = bounds.unzipped_bytes / (1024 * 1024);
            return Err(Bounds::too_large(format!("解压后超过 {mb} MB"), format!("over {mb} MB unpacked")));
        }
        left -= out;
    }
    Ok(())
}

/// The first worksheet of an XLSX workbook, within the bounds.
pub(super) fn read(bytes: &[u8], bounds: &Bounds) -> Result<Table, SheetError> {
    use calamine::{DataRef, Reader, Xlsx};
    check_unzipped(bytes, bounds)?;
    let unreadable = |e: String| SheetError::Unreadable(format!("XLSX: {e}"));
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| unreadable(e.to_string()))?;
    let first =
        book.sheet_names().into_iter().next().ok_or_else(|| unreadable("工作簿中没有工作表 / no worksheet".into()))?;
    // Cell by cell as the sheet's XML has them (a grid of the sheet's
    // declared size is never made): only cells with something in them,
    // each checked against the bounds as it comes, straight into their rows
    // while they come in order (as every spreadsheet program writes them).
    let mut table: Table = Vec::new();
    let mut kept = 0usize;
    let mut stray: Vec<(u32, u32, String)> = Vec::new();
    let mut reader = book.worksheet_cells_reader(&first).map_err(|e| unreadable(e.to_string()))?;
    while let Some(cell) = reader.next_cell().map_err(|e| unreadable(e.to_string()))? {
        let text = match cell.get_value() {
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
            DataRef::SharedString(s) => (*s).to_owned(),
            DataRef::Int(n) => n.to_string(),
            DataRef::Float(f) => excel_number(*f),
            DataRef::Bool(b) => b.to_string(),
            // Excel counts days from 1899-12-30.
            DataRef::DateTime(d) => NaiveDate::from_ymd_opt(1899, 12, 30)
                .and_then(|base| base.checked_add_days(chrono::Days::new(d.as_f64().max(0.0) as u64)))
                .map(|day| day.to_string())
                .unwrap_or_default(),
            DataRef::Error(_) | DataRef::Empty => continue,
        };
        if text.is_empty() {
            continue;
        }
        let (row, column) = cell.get_position();
        bounds.check_cell(row as usize, column as usize)?;
        let (line, column) = (row as usize + 1, column as usize);
        match table.last_mut() {
            Some((last, cells)) if *last == line && column >= cells.len() => {
                kept += column + 1 - cells.len();
                cells.resize(column, String::new());
                cells.push(text);
            }
            Some((last, _)) if *last >= line => stray.push((row, column as u32, text)),
            _ => {
                kept += column + 1;
                let mut cells = vec![String::new(); column];
                cells.push(text);
                table.push((line, cells));
            }
        }
        if kept + stray.len() > bounds.cells {
            return Err(bounds.too_many_cells());
        }
    }
    if stray.is_empty() {
        return Ok(table);
    }
    // Cells out of order (a hand-made file): all of them sorted, then rows.
    for (line, cells) in table {
        for (column, text) in cells.into_iter().enumerate().filter(|(_, t)| !t.is_empty()) {
            stray.push((line as u32 - 1, column as u32, text));
        }
    }
    rows_of(stray, bounds)
}

/// Rows from cells in any order: each row as wide as its last filled cell,
/// empty rows left out (as CSV's are), every row with its line number.
fn rows_of(mut cells: Vec<(u32, u32, String)>, bounds: &Bounds) -> Result<Table, SheetError> {
    cells.sort_by_key(|(row, column, _)| (*row, *column));
    let mut table: Table = Vec::new();
    let mut kept = 0usize;
    let mut cells = cells.into_iter().peekable();
    while let Some(&(row, _, _)) = cells.peek() {
        let mut line = Vec::new();
        while let Some((_, column, text)) = cells.next_if(|(r, _, _)| *r == row) {
            let column = column as usize;
            kept += (column + 1).saturating_sub(line.len());
            if kept > bounds.cells {
                return Err(bounds.too_many_cells());
            }
            line.resize(column, String::new());
            line.push(text);
        }
        table.push((row as usize + 1, line));
    }
    Ok(table)
}

/// A number as Excel's General format shows it: whole numbers up to 15
/// digits as they are, larger ones in scientific notation (`4.11102E+17`),
/// which is how an ID number typed into a number cell comes back.
fn excel_number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{f:.0}")
    } else if f.abs() >= 1e11 {
        let exp = f.abs().log10().floor() as i32;
        let mantissa = f / 10f64.powi(exp);
        let m = format!("{mantissa:.5}");
        let m = m.trim_end_matches('0').trim_end_matches('.');
        format!("{m}E+{exp}")
    } else {
        f.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::registry::sheet::{read_table, read_table_within};

    /// An XLSX whose first sheet's XML is padded with `pad` spaces, packed
    /// again: a small file that unpacks to much more.
    fn padded_xlsx(pad: usize) -> Vec<u8> {
        use std::io::Write;
        let mut book = rust_xlsxwriter::Workbook::new();
        book.add_worksheet().write_string(0, 0, "姓名").unwrap();
        let plain = book.save_to_buffer().unwrap();
        let mut from = zip::ZipArchive::new(std::io::Cursor::new(plain)).unwrap();
        let mut to = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(1));
        for i in 0..from.len() {
            let mut part = from.by_index(i).unwrap();
            let name = part.name().unwrap().into_owned();
            let mut text = String::new();
            part.read_to_string(&mut text).unwrap();
            to.start_file(name.as_str(), options).unwrap();
            if name == "xl/worksheets/sheet1.xml" {
                let (head, tail) = text.split_at(text.find("<sheetData>").unwrap() + "<sheetData>".len());
                to.write_all(head.as_bytes()).unwrap();
                let spaces = vec![b' '; 1 << 20];
                for _ in 0..pad / spaces.len() {
                    to.write_all(&spaces).unwrap();
                }
                to.write_all(tail.as_bytes()).unwrap();
            } else {
                to.write_all(text.as_bytes()).unwrap();
            }
        }
        to.finish().unwrap().into_inner()
    }

    #[test]
    fn a_zip_bomb_is_refused_by_what_it_unpacks_to() {
        let bomb = padded_xlsx(Bounds::UPLOAD.unzipped_bytes as usize + (1 << 20));
        assert!(bomb.len() < 2 * 1024 * 1024, "{} bytes packed", bomb.len());
        let e = read_table(&bomb).unwrap_err();
        assert!(matches!(e, SheetError::TooLarge { .. }), "{e}");
        assert!(e.to_string().contains("解压后超过 128 MB"), "{e}");
        // The same padding within the bounds reads.
        let small = padded_xlsx(2 << 20);
        assert_eq!(read_table(&small).unwrap(), vec![(1, vec!["姓名".to_owned()])]);
    }

    #[test]
    fn an_xlsx_naming_its_last_cell_is_refused_without_making_the_grid() {
        // A1 and XFD1048576: 1.5 KB that once asked for 17 billion cells.
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        ws.write_string(0, 0, "姓名").unwrap();
        ws.write_string(1_048_575, 16_383, "x").unwrap();
        let bytes = book.save_to_buffer().unwrap();
        assert!(bytes.len() < 8 * 1024);
        let e = read_table(&bytes).unwrap_err();
        assert!(e.to_string().contains("最多 200000 行"), "{e}");
        // Far to the right on the first row.
        let mut book = rust_xlsxwriter::Workbook::new();
        book.add_worksheet().write_string(0, 16_383, "x").unwrap();
        let e = read_table(&book.save_to_buffer().unwrap()).unwrap_err();
        assert!(e.to_string().contains("最多 100 列"), "{e}");
        // The operator's bounds take a district's sheet, but not this one either.
        let e = read_table_within(&bytes, &Bounds::OPERATOR).unwrap_err();
        assert!(e.to_string().contains("列"), "{e}");
    }

    #[test]
    fn an_xlsx_reads_cell_by_cell_with_its_line_numbers() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        ws.write_string(2, 1, "楼栋").unwrap();
        ws.write_string(2, 3, "房号").unwrap();
        ws.write_number(5, 2, 101).unwrap();
        let table = read_table(&book.save_to_buffer().unwrap()).unwrap();
        let s = |v: &[&str]| v.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
        assert_eq!(table, vec![(3, s(&["", "楼栋", "", "房号"])), (6, s(&["", "", "101"]))]);
    }

    #[test]
    fn cells_out_of_order_land_in_their_rows() {
        let mut book = rust_xlsxwriter::Workbook::new();
        book.add_worksheet().write_string(0, 0, "姓名").unwrap();
        let plain = book.save_to_buffer().unwrap();
        // The sheet's XML by hand: row 3 before row 1, column C before A.
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="3"><c r="C3" t="inlineStr"><is><t>c3</t></is></c><c r="A3" t="inlineStr"><is><t>a3</t></is></c></row><row r="1"><c r="B1" t="inlineStr"><is><t>b1</t></is></c></row></sheetData></worksheet>"#;
        let mut from = zip::ZipArchive::new(std::io::Cursor::new(plain)).unwrap();
        let mut to = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for i in 0..from.len() {
            let mut part = from.by_index(i).unwrap();
            let name = part.name().unwrap().into_owned();
            let mut text = String::new();
            part.read_to_string(&mut text).unwrap();
            to.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
            let body = if name == "xl/worksheets/sheet1.xml" { xml } else { text.as_str() };
            std::io::Write::write_all(&mut to, body.as_bytes()).unwrap();
        }
        let table = read_table(&to.finish().unwrap().into_inner()).unwrap();
        let s = |v: &[&str]| v.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
        assert_eq!(table, vec![(1, s(&["", "b1"])), (3, s(&["a3", "", "c3"]))]);
    }

    #[test]
    fn large_numbers_read_as_excel_shows_them() {
        assert_eq!(excel_number(411102198001011234.0), "4.11102E+17");
        assert_eq!(excel_number(101.0), "101");
        assert_eq!(excel_number(13912340000.0), "13912340000");
        assert_eq!(excel_number(80.5), "80.5");
    }
}
