//! Tables in spreadsheets — `.xlsx`, `.xlsm`, `.xls`, `.ods`, as Excel and WPS save them — read with
//! calamine into the same rows a CSV gives: the first sheet, or the one named after `#`
//! (`书名.xlsx#村名单`). Numbers become text without loss: a whole number is written out in full
//! (`130821103216`, never `1.30821E+11`); one too long to be exact is written in the spreadsheet's
//! shortened form, which the id checks then refuse with the remedy.

mod biff;

use std::io::Cursor;

use calamine::{Data, Reader};

use crate::error::InputProblem;

/// The extensions read as workbooks.
const EXTENSIONS: [&str; 4] = ["xlsx", "xlsm", "xls", "ods"];

/// The largest whole number a spreadsheet stores exactly (2⁵³), and so writes out in full.
const EXACT: f64 = 9_007_199_254_740_992.0;

/// A file name's path and sheet, when it names a workbook: `book.xlsx#sheet` → (`book.xlsx`,
/// `Some("sheet")`); `None` for any other file. The sheet is all after the first `#` that follows
/// a workbook's name, so a sheet's own name may hold `#` (`book.xlsx#2019#台账`).
pub fn workbook_name(file: &str) -> Option<(&str, Option<&str>)> {
    for (at, _) in file.match_indices('#') {
        if is_workbook(&file[..at]) {
            return Some((&file[..at], Some(&file[at + 1..])));
        }
    }
    is_workbook(file).then_some((file, None))
}

fn is_workbook(path: &str) -> bool {
    std::path::Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// A sheet's rows (1-based sheet row, cells as text, each row to its last filled cell) and its
/// merged areas below the first row, as `(first row, last row)` 1-based.
pub struct SheetRows {
    /// The rows.
    pub rows: Vec<(u64, Vec<String>)>,
    /// Areas of merged cells spanning more than one row, by their first and last row.
    pub merged_rows: Vec<(u64, u64)>,
    /// The sheet read.
    pub sheet: String,
    /// Whether the sheet was chosen (the first visible one) rather than named.
    pub chosen: bool,
}

/// Reads one sheet of a workbook; `name` is how messages call the file. Nothing is trusted: the
/// parts of the zip are unpacked once, bounded, before the workbook is opened; an `.xlsx` sheet is
/// read cell by cell, so that its used range is bounded before any row is laid out.
pub fn read_sheet(
    bytes: Vec<u8>,
    name: &str,
    sheet: Option<&str>,
) -> Result<SheetRows, InputProblem> {
    damage_refused(name, || {
        let (mut book, sheets) = open_book(bytes, name)?;
        let chosen = choose_sheet(&sheets, sheet, name)?;
        let mut read = read_one(&mut book, chosen, name)?;
        read.chosen = sheet.is_none() && sheets.len() > 1;
        Ok(read)
    })
}

/// Every sheet of a workbook a planner sees, in the workbook's order (a planner's own lists, one
/// table a sheet); hidden sheets hold lookups, not lists, and are skipped. Each is `chosen` when
/// the workbook has other sheets too.
pub fn read_visible_sheets(bytes: Vec<u8>, name: &str) -> Result<Vec<SheetRows>, InputProblem> {
    damage_refused(name, || {
        let (mut book, sheets) = open_book(bytes, name)?;
        let several = sheets.len() > 1;
        sheets
            .into_iter()
            .filter(|(_, visible)| *visible)
            .map(|(sheet, _)| {
                let mut read = read_one(&mut book, sheet, name)?;
                read.chosen = several;
                Ok(read)
            })
            .collect()
    })
}

thread_local! {
    /// Whether this thread is reading a workbook, whose reader's panics are caught and said as
    /// input problems ([`damage_refused`]): the panic hook then stays silent.
    static READING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs a workbook read; a panic in the reader (calamine indexes some damaged `.xls` structures
/// without checking them) becomes an input problem naming the file, not an abort, and prints
/// nothing of its own. The panic hook is wrapped once: outside a read it is the hook there was.
fn damage_refused<T>(
    name: &str,
    read: impl FnOnce() -> Result<T, InputProblem>,
) -> Result<T, InputProblem> {
    static QUIET_WHILE_READING: std::sync::Once = std::sync::Once::new();
    QUIET_WHILE_READING.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !READING.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    let was = READING.with(|reading| reading.replace(true));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    READING.with(|reading| reading.set(was));
    outcome.unwrap_or_else(|_| {
        Err(InputProblem::file(
            name,
            crate::tr!("expected-workbook", error = crate::tr!("workbook-damaged")),
        ))
    })
}

/// The workbook opened once its parts are unpacked within bounds, and its sheets (name, visible).
#[allow(clippy::type_complexity)]
fn open_book(
    bytes: Vec<u8>,
    name: &str,
) -> Result<(calamine::Sheets<Cursor<Vec<u8>>>, Vec<(String, bool)>), InputProblem> {
    let limits = crate::load::file::limits();
    check_unpacked(&bytes, name, limits.max_unpacked_bytes)?;
    check_laid_out(&bytes, name, limits.max_unpacked_bytes)?;
    let not_a_workbook =
        |why: String| InputProblem::file(name, crate::tr!("expected-workbook", error = why));
    // What is wrong, in the reader's words where it knows (a text file named .xls is common).
    let text = !bytes.is_empty() && !bytes.iter().take(4096).any(|&b| b == 0);
    let book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        not_a_workbook(if text {
            crate::tr!("workbook-is-text")
        } else {
            crate::tr!("workbook-damaged-because", why = e.to_string())
        })
    })?;
    let sheets: Vec<(String, bool)> = book
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible == calamine::SheetVisible::Visible))
        .collect();
    // A workbook that lists no sheet lost its table of contents: read as one, it would be an empty
    // ledger or empty lists, not the damaged file it is.
    if sheets.is_empty() {
        return Err(not_a_workbook(crate::tr!("workbook-no-sheets")));
    }
    Ok((book, sheets))
}

/// One sheet's cells, within the used-range bounds, and its merged areas.
fn read_one(
    book: &mut calamine::Sheets<Cursor<Vec<u8>>>,
    sheet: String,
    name: &str,
) -> Result<SheetRows, InputProblem> {
    let mut cells = UsedRange::new(name, crate::load::file::limits());
    read_cells(book, &sheet, &mut cells, name)?;
    let merged_rows = match book {
        calamine::Sheets::Xlsx(xlsx) => xlsx
            .merge_cells_by_sheet_name(&sheet)
            .unwrap_or_default()
            .iter()
            .filter(|d| d.end.0 > d.start.0)
            .map(|d| (u64::from(d.start.0) + 1, u64::from(d.end.0) + 1))
            .collect(),
        _ => Vec::new(),
    };
    Ok(SheetRows {
        rows: cells.rows(),
        merged_rows,
        sheet,
        chosen: false,
    })
}

/// The sheet to read of `sheets` (name, visible): the one named, which must exist (the closest
/// name is suggested), else the first a planner sees — a hidden one holds lookups, not the list.
fn choose_sheet(
    sheets: &[(String, bool)],
    wanted: Option<&str>,
    name: &str,
) -> Result<String, InputProblem> {
    match wanted {
        Some(wanted) => sheets
            .iter()
            .map(|(n, _)| n)
            .find(|n| n.as_str() == wanted)
            .cloned()
            .ok_or_else(|| {
                let known: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
                let hint = crate::text::did_you_mean(wanted, &known);
                InputProblem {
                    file: name.to_string(),
                    line: None,
                    column: None,
                    found: Some(format!("#{wanted}")),
                    expected: crate::tr!("expected-sheet", sheets = known.join(", "), hint = hint),
                }
            }),
        None => sheets
            .iter()
            .find(|(_, visible)| *visible)
            .map(|(n, _)| n.clone())
            .ok_or_else(|| InputProblem::file(name, crate::tr!("expected-a-sheet"))),
    }
}

/// Puts the filled cells of the sheet `chosen` into `cells`: an `.xlsx` sheet cell by cell as
/// stored (a formula without its saved result refused), any other through its range.
fn read_cells(
    book: &mut calamine::Sheets<Cursor<Vec<u8>>>,
    chosen: &str,
    cells: &mut UsedRange,
    name: &str,
) -> Result<(), InputProblem> {
    let unreadable = |e: String| {
        InputProblem::file(
            name,
            crate::tr!("expected-readable-sheet", sheet = chosen, error = e),
        )
    };
    match book {
        calamine::Sheets::Xlsx(xlsx) => {
            let mut reader = xlsx
                .worksheet_cells_reader(chosen)
                .map_err(|e| unreadable(e.to_string()))?;
            while let Some(cell) = reader
                .next_cell_with_formula()
                .map_err(|e| unreadable(e.to_string()))?
            {
                let value = Data::from(cell.value);
                // A formula saved without its result (by a program that does not compute) reads
                // as empty: its value is unknown, not blank.
                if let (Data::Empty, Some(formula)) = (&value, cell.formula.as_deref()) {
                    let (row, column) = cell.pos;
                    return Err(InputProblem {
                        file: name.to_string(),
                        line: Some(u64::from(row) + 1),
                        column: Some(column_letters(column)),
                        found: None,
                        expected: crate::tr!("expected-cached-value", formula = formula),
                    });
                }
                cells.put(cell.pos, &value)?;
            }
        }
        _ => {
            let range = book
                .worksheet_range(chosen)
                .map_err(|e| unreadable(e.to_string()))?;
            let (first_row, first_column) = range.start().unwrap_or((0, 0));
            for (i, row) in range.rows().enumerate() {
                for (j, value) in row.iter().enumerate() {
                    cells.put((first_row + i as u32, first_column + j as u32), value)?;
                }
            }
        }
    }
    Ok(())
}

/// The filled cells of a sheet, by row, bounded as they arrive: each row's cells up to its last
/// filled one, no more than the limit in all.
struct UsedRange<'a> {
    file: &'a str,
    limits: crate::load::file::InputLimits,
    used: u64,
    /// Cells kept (a position given twice counts twice) and their text's bytes: bounded too, so
    /// that one long shared string referenced by every cell is no way round the limits.
    kept: u64,
    bytes: u64,
    /// Each row's width (to its last filled cell) and its filled cells.
    rows: std::collections::BTreeMap<u32, (u32, Vec<(u32, String)>)>,
}

impl<'a> UsedRange<'a> {
    fn new(file: &'a str, limits: crate::load::file::InputLimits) -> Self {
        UsedRange {
            file,
            limits,
            used: 0,
            kept: 0,
            bytes: 0,
            rows: Default::default(),
        }
    }

    /// Adds one cell (0-based row and column): an empty one is nothing, an error cell or a value
    /// longer than Excel holds is refused where it stands.
    fn put(&mut self, (row, column): (u32, u32), value: &Data) -> Result<(), InputProblem> {
        let at = |expected: String, found: Option<String>| InputProblem {
            file: self.file.to_string(),
            line: Some(u64::from(row) + 1),
            column: Some(column_letters(column)),
            found,
            expected,
        };
        let text = match value {
            Data::Empty => return Ok(()),
            Data::Error(e) => {
                let shown = error_text(e);
                return Err(at(
                    crate::tr!("expected-no-error-cell", error = shown.as_str()),
                    Some(shown),
                ));
            }
            other => cell_text(other),
        };
        if text.is_empty() {
            return Ok(());
        }
        if text.chars().count() > EXCEL_CELL_CHARS {
            return Err(at(
                crate::tr!("expected-cell-length", limit = EXCEL_CELL_CHARS),
                Some(text),
            ));
        }
        self.kept += 1;
        self.bytes += text.len() as u64;
        let byte_limit = self.limits.max_unpacked_bytes;
        if self.bytes > byte_limit {
            return Err(at(
                crate::tr!(
                    "expected-unpacked-size",
                    size = crate::load::file::human_bytes(byte_limit),
                    part = crate::tr!("part-cells")
                ),
                None,
            ));
        }
        // Each row counts to its last filled cell: the used range a sheet really has.
        let (width, cells) = self.rows.entry(row).or_default();
        self.used += u64::from((column + 1).saturating_sub(*width));
        *width = (*width).max(column + 1);
        if self.used.max(self.kept) > self.limits.max_cells {
            return Err(at(
                crate::tr!(
                    "expected-used-range",
                    limit = self.limits.max_cells,
                    row = u64::from(row) + 1,
                    column = column_letters(column)
                ),
                None,
            ));
        }
        cells.push((column, text));
        Ok(())
    }

    /// The rows, each laid out to its last filled cell.
    fn rows(self) -> Vec<(u64, Vec<String>)> {
        self.rows
            .into_iter()
            .map(|(row, (width, cells))| {
                let mut laid = vec![String::new(); width as usize];
                for (column, text) in cells {
                    laid[column as usize] = text;
                }
                (u64::from(row) + 1, laid)
            })
            .collect()
    }
}

/// The most characters a cell of Excel holds; a longer value cannot have come from a planner's
/// workbook, and could not be written back into one.
pub const EXCEL_CELL_CHARS: usize = 32_767;

/// A column's letters as a spreadsheet shows them: 0 → A, 25 → Z, 26 → AA, 16383 → XFD.
pub fn column_letters(column: u32) -> String {
    let mut n = column + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// A spreadsheet error as the cell shows it.
fn error_text(error: &calamine::CellErrorType) -> String {
    error.to_string()
}

/// A reader that counts what passes through it.
struct Counted<R> {
    inner: R,
    count: u64,
}

impl<R: std::io::Read> std::io::Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count += n as u64;
        Ok(n)
    }
}

/// Refuses an OpenDocument sheet whose cells, repeated as its `number-rows-repeated` and
/// `number-columns-repeated` say, lay out more cells than the limit allows: a 33 KB file can ask for
/// a billion. calamine lays out the rectangle from the first filled row and column to the last, so
/// that is what is counted, per sheet (the empty repeats LibreOffice writes after the data cost
/// nothing). A cell is filled as calamine reads one: content inside it, or a value or formula
/// attribute.
fn open_document_cells(xml: &mut impl std::io::Read, name: &str) -> Result<(), InputProblem> {
    use quick_xml::events::{BytesStart, Event};
    let limit = crate::load::file::limits().max_cells;
    let repeats = |tag: &BytesStart, key: &str| -> u64 {
        tag.attributes()
            .flatten()
            .find(|a| a.key.0 == key)
            .and_then(|a| a.value.parse::<u64>().ok())
            .unwrap_or(1)
    };
    let valued = |tag: &BytesStart| {
        tag.attributes()
            .flatten()
            .any(|a| a.key.0.starts_with("office:") || a.key.0 == "table:formula")
    };
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(xml));
    let mut buf = Vec::new();
    // The sheet's rows so far, and the rectangle of its filled cells: rows [first, end), columns
    // [left, right).
    let mut row_index = 0u64;
    let mut rectangle: Option<(u64, u64, u64, u64)> = None;
    let (mut row_repeat, mut position) = (1u64, 0u64);
    let mut filled_columns: Option<(u64, u64)> = None;
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| {
            InputProblem::file(name, crate::tr!("expected-workbook", error = e.to_string()))
        })?;
        match event {
            Event::Eof => return Ok(()),
            Event::Start(tag) if tag.name().0 == "table:table" => {
                (row_index, rectangle) = (0, None);
            }
            Event::Start(tag) if tag.name().0 == "table:table-row" => {
                row_repeat = repeats(&tag, "table:number-rows-repeated");
                (position, filled_columns) = (0, None);
            }
            Event::End(tag) if tag.name().0 == "table:table-row" => {
                if let Some((left, right)) = filled_columns {
                    let (first, _, l, r) = rectangle.unwrap_or((row_index, 0, left, right));
                    let end = row_index.saturating_add(row_repeat);
                    rectangle = Some((first, end, l.min(left), r.max(right)));
                }
                row_index = row_index.saturating_add(row_repeat);
                if let Some((first, end, left, right)) = rectangle {
                    let cells = (end - first).saturating_mul(right - left);
                    if cells > limit {
                        return Err(InputProblem::file(
                            name,
                            crate::tr!(
                                "expected-used-range",
                                limit = limit,
                                row = end,
                                column = column_letters(
                                    u32::try_from(right.saturating_sub(1)).unwrap_or(u32::MAX)
                                )
                            ),
                        ));
                    }
                }
            }
            Event::Start(ref tag) | Event::Empty(ref tag)
                if matches!(
                    tag.name().0,
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                let filled = matches!(event, Event::Start(_)) || valued(tag);
                let after = position.saturating_add(repeats(tag, "table:number-columns-repeated"));
                if filled {
                    let (left, _) = filled_columns.unwrap_or((position, after));
                    filled_columns = Some((left, after));
                }
                position = after;
            }
            _ => {}
        }
        buf.clear();
    }
}

/// Refuses a workbook whose zip parts unpack to more than `limit` bytes together, reading each
/// part through a bounded stream before anything keeps it (the declared sizes may lie). A file that
/// is not a zip (an `.xls`) is left to its reader.
fn check_unpacked(bytes: &[u8], name: &str, limit: u64) -> Result<(), InputProblem> {
    use std::io::Read;
    if !bytes.starts_with(b"PK") {
        return Ok(());
    }
    let not_a_workbook = |e: String| {
        InputProblem::file(
            name,
            crate::tr!(
                "expected-workbook",
                error = crate::tr!("workbook-damaged-because", why = e)
            ),
        )
    };
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| not_a_workbook(e.to_string()))?;
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let mut part = archive
            .by_index(index)
            .map_err(|e| not_a_workbook(e.to_string()))?;
        let part_name = part.name().map(|n| n.to_string()).unwrap_or_default();
        let left = limit.saturating_sub(total);
        let mut counted = Counted {
            inner: (&mut part).take(left + 1),
            count: 0,
        };
        if part_name == "content.xml" {
            // An OpenDocument sheet: its repeat counts say how many cells it lays out.
            open_document_cells(&mut counted, name)?;
        }
        std::io::copy(&mut counted, &mut std::io::sink())
            .map_err(|e| not_a_workbook(e.to_string()))?;
        total += counted.count;
        if total > limit {
            return Err(InputProblem::file(
                name,
                crate::tr!(
                    "expected-unpacked-size",
                    size = crate::load::file::human_bytes(limit),
                    part = part_name
                ),
            ));
        }
    }
    Ok(())
}

/// Refuses an `.xls` whose compound-file structure does not hold, or whose cells' shared texts,
/// each cell with its own copy as calamine lays them out when it opens the file, would take more
/// than `limit` bytes ([`biff::examine`]).
fn check_laid_out(bytes: &[u8], name: &str, limit: u64) -> Result<(), InputProblem> {
    match biff::examine(bytes) {
        biff::Examined::Damaged(why) => Err(InputProblem::file(
            name,
            crate::tr!(
                "expected-workbook",
                error = crate::tr!("workbook-damaged-because", why = why)
            ),
        )),
        biff::Examined::Sound(laid_out) if laid_out.bytes > limit => Err(InputProblem::file(
            name,
            crate::tr!(
                "expected-laid-out-size",
                size = crate::load::file::human_bytes(limit),
                cells = laid_out.cells,
                found = crate::load::file::human_bytes(laid_out.bytes)
            ),
        )),
        _ => Ok(()),
    }
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
        Data::Error(e) => error_text(e),
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
    fn sheet_names_may_hold_a_hash() {
        assert_eq!(
            workbook_name("book.xlsx#2019#台账"),
            Some(("book.xlsx", Some("2019#台账")))
        );
        assert_eq!(workbook_name("a#b.xlsx"), Some(("a#b.xlsx", None)));
    }

    #[test]
    fn column_letters_as_a_spreadsheet_shows_them() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(16_383), "XFD");
    }

    #[test]
    fn numbers_become_text_without_loss() {
        assert_eq!(cell_text(&Data::Float(130_821_103_216.0)), "130821103216");
        assert_eq!(cell_text(&Data::Float(0.85)), "0.85");
        assert_eq!(cell_text(&Data::Float(1e17)), "1E17");
        assert_eq!(cell_text(&Data::Int(14)), "14");
    }
}
