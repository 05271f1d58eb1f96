//! Tables in spreadsheets — `.xlsx`, `.xlsm`, `.xls`, `.ods`, as Excel and WPS save them — read with
//! calamine into the same rows a CSV gives: the first sheet, or the one named after `#`
//! (`书名.xlsx#村名单`). Numbers become text without loss: a whole number is written out in full
//! (`130821103216`, never `1.30821E+11`); one too long to be exact is written in the spreadsheet's
//! shortened form, which the id checks then refuse with the remedy.

use std::io::Cursor;

use calamine::{Data, Reader};

use crate::error::InputProblem;

/// The extensions read as workbooks.
const EXTENSIONS: [&str; 4] = ["xlsx", "xlsm", "xls", "ods"];

/// The largest whole number a spreadsheet stores exactly (2⁵³), and so writes out in full.
const EXACT: f64 = 9_007_199_254_740_992.0;

/// A file name's path and sheet, when it names a workbook: `book.xlsx#sheet` → (`book.xlsx`,
/// `Some("sheet")`); `None` for any other file.
pub fn workbook_name(file: &str) -> Option<(&str, Option<&str>)> {
    let (path, sheet) = match file.rsplit_once('#') {
        Some((path, sheet)) if is_workbook(path) => (path, Some(sheet)),
        _ => (file, None),
    };
    is_workbook(path).then_some((path, sheet))
}

fn is_workbook(path: &str) -> bool {
    std::path::Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// A sheet's rows (1-based sheet row, cells as text) and its merged areas below the first row, as
/// `(first row, last row)` 1-based.
pub struct SheetRows {
    /// The rows.
    pub rows: Vec<(u64, Vec<String>)>,
    /// Areas of merged cells spanning more than one row, by their first and last row.
    pub merged_rows: Vec<(u64, u64)>,
}

/// Reads one sheet of a workbook; `name` is how messages call the file.
pub fn read_sheet(
    bytes: Vec<u8>,
    name: &str,
    sheet: Option<&str>,
) -> Result<SheetRows, InputProblem> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        InputProblem::file(name, crate::tr!("expected-workbook", error = e.to_string()))
    })?;
    let names = book.sheet_names();
    let chosen = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.as_str() == wanted)
            .cloned()
            .ok_or_else(|| {
                let known: Vec<&str> = names.iter().map(String::as_str).collect();
                let hint = crate::text::did_you_mean(wanted, &known);
                InputProblem {
                    file: name.to_string(),
                    line: None,
                    column: None,
                    found: Some(format!("#{wanted}")),
                    expected: crate::tr!("expected-sheet", sheets = known.join(", "), hint = hint),
                }
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| InputProblem::file(name, crate::tr!("expected-a-sheet")))?,
    };
    let range = book.worksheet_range(&chosen).map_err(|e| {
        InputProblem::file(
            name,
            crate::tr!(
                "expected-readable-sheet",
                sheet = &chosen,
                error = e.to_string()
            ),
        )
    })?;
    let (first_row, _) = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, row)| {
            (
                u64::from(first_row) + i as u64 + 1,
                row.iter().map(cell_text).collect(),
            )
        })
        .collect();
    let merged_rows = match &mut book {
        calamine::Sheets::Xlsx(xlsx) => xlsx
            .merge_cells_by_sheet_name(&chosen)
            .unwrap_or_default()
            .iter()
            .filter(|d| d.end.0 > d.start.0)
            .map(|d| (u64::from(d.start.0) + 1, u64::from(d.end.0) + 1))
            .collect(),
        _ => Vec::new(),
    };
    Ok(SheetRows { rows, merged_rows })
}

/// A cell as the text a CSV would hold.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < EXACT => format!("{f:.0}"),
        // Too long to be exact: shown as a spreadsheet shortens it, which no id check accepts.
        Data::Float(f) if f.fract() == 0.0 => format!("{f:E}"),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(date) => {
            let (y, m, d, hh, mm, ss, _) = date.to_ymd_hms_milli();
            if (hh, mm, ss) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{d:02}")
            } else {
                format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}:{ss:02}")
            }
        }
        Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workbook_names_and_their_sheets() {
        assert_eq!(workbook_name("a.xlsx"), Some(("a.xlsx", None)));
        assert_eq!(
            workbook_name("书名.XLSX#村名单"),
            Some(("书名.XLSX", Some("村名单")))
        );
        assert_eq!(workbook_name("a.csv"), None);
        assert_eq!(workbook_name("a#b.csv"), None);
    }

    #[test]
    fn numbers_become_text_without_loss() {
        assert_eq!(cell_text(&Data::Float(130_821_103_216.0)), "130821103216");
        assert_eq!(cell_text(&Data::Float(0.85)), "0.85");
        assert_eq!(cell_text(&Data::Float(1e17)), "1E17");
        assert_eq!(cell_text(&Data::Int(14)), "14");
    }
}
