//! A CSV table read into normalised text cells, each remembering its line, so that later stages can
//! say exactly where a value came from.

use super::TextFile;
use crate::error::{is_invisible, InputProblem, Problems};

/// A table: its header and its records, every cell normalised.
#[derive(Debug, Clone)]
pub struct Table {
    /// Display name of the file, for messages.
    pub file: String,
    /// Column names, normalised.
    pub headers: Vec<String>,
    /// The data rows.
    pub records: Vec<Record>,
    /// The line of the header row (after any title rows).
    pub header_line: u64,
    /// The 合计 rows at the end, their 合计 cell written `合计` (never data; the total checks read
    /// them).
    pub totals: Vec<Record>,
}

/// Whether a cell is a number in a spreadsheet's shortened form (`1.30821E+11`, `1.2e17`).
fn is_shortened_number(cell: &str) -> bool {
    let Some((mantissa, exponent)) = cell.split_once(['E', 'e']) else {
        return false;
    };
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => digits(whole) && digits(fraction),
        None => digits(mantissa),
    };
    mantissa_ok && digits(exponent)
}

/// How a total row is marked.
const TOTAL: &str = "合计";

/// Whether a cell marks a total row: 合计 or 总计, spaces aside.
fn is_total(cell: &str) -> bool {
    let word: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
    word == "合计" || word == "总计"
}

/// Where a row writes 合计, if it does.
fn total_at(cells: &Cells) -> Option<usize> {
    cells.iter().position(is_total)
}

/// The first filled cell of a row.
fn first_filled(cells: &Cells) -> Option<&str> {
    cells.iter().find(|c| !c.is_empty())
}

/// Whether a row under the header is the form's instructions.
fn is_instruction(cell: &str) -> bool {
    ["填写说明", "填表说明", "说明："]
        .iter()
        .any(|p| cell.starts_with(p))
}

/// Whether a row at the end is a note or a signature, not data.
fn is_note(cell: &str) -> bool {
    [
        "注：",
        "注:",
        "备注",
        "说明：",
        "填表人",
        "制表人",
        "审核人",
        "填报人",
        "填报单位",
        "联系人",
        "联系电话",
        "填报日期",
    ]
    .iter()
    .any(|p| cell.starts_with(p))
}

/// One data row of a [`Table`].
#[derive(Debug, Clone)]
pub struct Record {
    /// 1-based line number in the file.
    pub line: u64,
    /// Normalised cells, one per header column.
    pub cells: Cells,
}

/// A row's cells, their text back to back in one buffer with where each ends, inline for rows of up
/// to [`INLINE_CELLS`] cells: one allocation a row rather than one a cell, for lists of hundreds of
/// thousands of rows. `cells[i]` is the `i`-th cell's text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cells {
    text: String,
    ends: smallvec::SmallVec<[u32; INLINE_CELLS]>,
}

/// The end that marks a row whose text passed 4 GiB (see [`Cells::push`]).
const TOO_LONG: u32 = u32::MAX;

/// The most cells a row keeps the ends of without an allocation of their own (pairplan's own plan
/// CSV has 12 columns; the lists fewer).
const INLINE_CELLS: usize = 12;

impl Cells {
    /// No cells, room for `count` of `bytes` in all.
    pub fn with_capacity(count: usize, bytes: usize) -> Self {
        Cells {
            text: String::with_capacity(bytes),
            ends: smallvec::SmallVec::with_capacity(count),
        }
    }

    /// Adds a cell at the end. A row's text past 4 GiB (only with the size limits raised that far)
    /// is not kept: from that cell on the row is marked as too long, which [`Cells::fits`] says
    /// and the table reports, rather than cells read short.
    pub fn push(&mut self, cell: &str) {
        self.push_within(cell, TOO_LONG);
    }

    /// [`Cells::push`], a row's text kept only below `limit` bytes.
    fn push_within(&mut self, cell: &str, limit: u32) {
        let end = u32::try_from(self.text.len() + cell.len()).unwrap_or(limit);
        if end >= limit || !self.fits() {
            self.ends.push(TOO_LONG);
        } else {
            self.text.push_str(cell);
            self.ends.push(end);
        }
    }

    /// Whether every cell was kept: the row's text is under 4 GiB.
    pub fn fits(&self) -> bool {
        self.ends.last() != Some(&TOO_LONG)
    }

    /// How many cells.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The `i`-th cell, if there is one.
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.text.get(start..end)
    }

    /// The cells in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.len()).map(|i| self.get(i).unwrap_or_default())
    }

    /// The same cells with the `i`-th one replaced by `cell` (a row's few edits: a total's cell,
    /// an id taken from the name).
    pub fn set(&mut self, i: usize, cell: &str) {
        *self = self
            .iter()
            .enumerate()
            .map(|(j, old)| if j == i { cell } else { old })
            .collect();
    }
}

impl std::ops::Index<usize> for Cells {
    type Output = str;

    fn index(&self, i: usize) -> &str {
        match self.get(i) {
            Some(cell) => cell,
            None => panic!("cell {i} of a row of {}", self.len()),
        }
    }
}

impl<S: AsRef<str>> FromIterator<S> for Cells {
    fn from_iter<I: IntoIterator<Item = S>>(cells: I) -> Self {
        let mut out = Cells::default();
        for cell in cells {
            out.push(cell.as_ref());
        }
        out
    }
}

impl<S: AsRef<str>> PartialEq<[S]> for Cells {
    fn eq(&self, other: &[S]) -> bool {
        self.len() == other.len() && self.iter().zip(other).all(|(a, b)| a == b.as_ref())
    }
}

impl<S: AsRef<str>, const N: usize> PartialEq<[S; N]> for Cells {
    fn eq(&self, other: &[S; N]) -> bool {
        *self == other[..]
    }
}

impl<S: AsRef<str>> PartialEq<Vec<S>> for Cells {
    fn eq(&self, other: &Vec<S>) -> bool {
        *self == other[..]
    }
}

/// Trims a cell and folds full-width ASCII (digits, letters, punctuation) and the ideographic space to
/// their ASCII forms, as spreadsheets typed with a Chinese input method often contain them, and drops
/// zero-width spaces, joiners and stray BOMs, which copying from web pages and chat leaves in names
/// (two ids that differed only by one now read as the same id, and are reported as repeated). One
/// leading apostrophe — a spreadsheet's mark for "text, not a formula", which pairplan's own CSV
/// puts before an id or name starting with `=`, `+`, `-` or `@` — is dropped, so such files read back.
///
/// ```
/// assert_eq!(pairplan::load::normalize_cell("　１２３ａ "), "123a");
/// assert_eq!(pairplan::load::normalize_cell("和平区"), "和平区");
/// assert_eq!(pairplan::load::normalize_cell("'=1+5"), "=1+5");
/// assert_eq!(pairplan::load::normalize_cell("和\u{200b}平区"), "和平区");
/// ```
pub fn normalize_cell(cell: &str) -> String {
    normalize_owned(cell.to_string())
}

/// [`normalize_cell`] of a cell already owned: most cells need nothing done and are kept as they
/// are, without a copy.
fn normalize_owned(cell: String) -> String {
    if needs_normalizing(&cell) {
        fold(&cell)
    } else {
        cell
    }
}

/// Adds a cell to a row, normalised ([`normalize_cell`]) without an intermediate copy when it
/// needs nothing done.
fn push_normalized(cells: &mut Cells, cell: &str) {
    if needs_normalizing(cell) {
        cells.push(&fold(cell));
    } else {
        cells.push(cell);
    }
}

/// Whether [`normalize_cell`] changes a cell: a space at either end, a leading apostrophe, a
/// full-width or zero-width character.
fn needs_normalizing(cell: &str) -> bool {
    let folds = |c: char| matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{3000}' | '\u{ff01}'..='\u{ff5e}');
    // Each character folded starts with one of three UTF-8 lead bytes, none of which begins a
    // Chinese character: a byte scan passes over most cells.
    let may_fold = |cell: &str| cell.bytes().any(|b| matches!(b, 0xe2 | 0xe3 | 0xef));
    cell.starts_with('\'')
        || cell.trim().len() != cell.len()
        || (may_fold(cell) && cell.chars().any(folds))
}

/// [`normalize_cell`]'s work on a cell that needs it.
fn fold(cell: &str) -> String {
    let folded = cell
        .chars()
        .filter(|c| !matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}'))
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            _ => c,
        })
        .collect::<String>();
    let trimmed = folded.trim();
    trimmed.strip_prefix('\'').unwrap_or(trimmed).to_string()
}

/// A number as a spreadsheet writes it: plain (`1462`, `0.5`), with thousands separators in groups of
/// three (`1,462`, `32,205.5`), or a percentage (`95%` = 0.95). `None` for anything else, including
/// non-finite values and commas out of place (`14,62` is more likely a typo than a number).
pub fn spreadsheet_number(cell: &str) -> Option<f64> {
    // Most cells are plain whole numbers: read without building a string.
    if (1..=15).contains(&cell.len()) && cell.bytes().all(|b| b.is_ascii_digit()) {
        return cell.parse::<u64>().ok().map(|n| n as f64);
    }
    let (digits, divisor) = match cell.strip_suffix('%') {
        Some(rest) => (rest.trim_end(), 100.0),
        None => (cell, 1.0),
    };
    let (whole, fraction) = match digits.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (digits, None),
    };
    // Without separators the digits are the number as written.
    let plain: std::borrow::Cow<str> = if whole.contains(',') {
        let unsigned = whole.strip_prefix('-').unwrap_or(whole);
        let mut groups = unsigned.split(',');
        let first = groups.next()?;
        let grouped = (1..=3).contains(&first.len())
            && groups.all(|g| g.len() == 3)
            && unsigned.chars().all(|c| c.is_ascii_digit() || c == ',');
        if !grouped {
            return None;
        }
        let whole = whole.replace(',', "");
        match fraction {
            Some(fraction) => format!("{whole}.{fraction}").into(),
            None => whole.into(),
        }
    } else {
        digits.into()
    };
    // Rust's parser also takes "inf" and "NaN"; a table cell never means those.
    let value: f64 = plain.parse().ok()?;
    (value.is_finite() && !plain.chars().any(|c| c.is_ascii_alphabetic()))
        .then_some(value / divisor)
}

/// Turns CSV positions into 1-based lines, counted from the byte offset: with CRLF line ends the
/// reader reports a record as starting at the `\n` of the previous line end, and its own line count
/// lags, so the byte at the position is counted too (a record never starts with a real line feed).
/// Positions come in increasing order, so each byte of the text is scanned once.
struct Lines<'a> {
    text: &'a [u8],
    /// Bytes counted so far, and the line feeds among them.
    counted: usize,
    feeds: u64,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines {
            text: text.as_bytes(),
            counted: 0,
            feeds: 0,
        }
    }

    fn line_of(&mut self, position: Option<&csv::Position>) -> u64 {
        let byte = position
            .map_or(0, |p| p.byte() as usize + 1)
            .min(self.text.len());
        if byte < self.counted {
            // Out of order (never seen from the csv reader): count afresh.
            self.counted = 0;
            self.feeds = 0;
        }
        self.feeds += self.text[self.counted..byte]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        self.counted = byte;
        self.feeds + 1
    }
}

/// Reports a cell holding a character that cannot be seen (NUL, a zero-width space, a BOM inside
/// the text…): two ids differing only by one would look identical to a planner.
fn report_invisible(file: &str, line: u64, column: &str, cell: &str, problems: &mut Problems) {
    if !crate::error::may_hold_invisible(cell) {
        return;
    }
    if let Some((at, c)) = cell.chars().enumerate().find(|(_, c)| is_invisible(*c)) {
        problems.push(InputProblem::cell(
            file,
            line,
            column,
            cell,
            crate::tr!(
                "expected-no-invisible",
                code = format!("{:04X}", c as u32),
                at = at + 1
            ),
        ));
    }
}

/// A row as a record when it is as wide as the header and each cell fits a spreadsheet's cell;
/// else `None`, with what is wrong reported.
fn checked_record(
    file: &str,
    headers: &[String],
    line: u64,
    cells: Cells,
    problems: &mut Problems,
) -> Option<Record> {
    if !cells.fits() {
        problems.push(InputProblem {
            file: file.to_string(),
            line: Some(line),
            column: None,
            found: None,
            expected: crate::tr!("expected-row-size"),
        });
        return None;
    }
    if cells.len() != headers.len() {
        problems.push(InputProblem {
            file: file.to_string(),
            line: Some(line),
            column: None,
            found: Some(format!("{} cells", cells.len())),
            expected: crate::tr!("expected-cells", count = headers.len()),
        });
        return None;
    }
    for (header, cell) in headers.iter().zip(cells.iter()) {
        report_invisible(file, line, header, cell, problems);
        // Longer than a spreadsheet cell holds: no planner's list has such a name, and no
        // workbook could be written back with it.
        let limit = crate::load::workbook::EXCEL_CELL_CHARS;
        if cell.len() > limit && cell.chars().count() > limit {
            problems.push(InputProblem::cell(
                file,
                line,
                header,
                cell,
                crate::tr!("expected-cell-length", limit = limit),
            ));
        }
    }
    Some(Record { line, cells })
}

impl Table {
    /// Parses CSV text — comma-separated, or tab-separated when the first line has tabs and no
    /// commas (Excel's "Unicode text"). Rows with the wrong number of cells, blank header names and
    /// unparseable CSV are reported in `problems`; the rows that could be read are kept.
    pub fn parse(file: &TextFile, problems: &mut Problems) -> Table {
        let first_line = file
            .text
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        let delimiter = if first_line.contains('\t') && !first_line.contains(',') {
            b'\t'
        } else {
            b','
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(file.text.as_bytes());
        let mut lines = Lines::new(&file.text);
        let mut rows = Vec::new();
        let mut record = csv::StringRecord::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    let line = lines.line_of(record.position());
                    let mut cells = Cells::with_capacity(record.len(), record.as_slice().len());
                    for cell in &record {
                        push_normalized(&mut cells, cell);
                    }
                    rows.push((line, cells));
                }
                Err(err) => {
                    let line = lines.line_of(err.position());
                    if rows.is_empty() {
                        problems.push(InputProblem::file(
                            &file.name,
                            crate::tr!("expected-csv-header", error = err.to_string()),
                        ));
                        return Table::empty(&file.name);
                    }
                    problems.push(InputProblem {
                        file: file.name.clone(),
                        line: Some(line),
                        column: None,
                        found: None,
                        expected: crate::tr!("expected-well-formed-csv", error = err.to_string()),
                    });
                }
            }
        }
        Table::build(&file.name, rows, false, problems)
    }

    fn empty(file: &str) -> Table {
        Table {
            file: file.to_string(),
            headers: Vec::new(),
            records: Vec::new(),
            totals: Vec::new(),
            header_line: 1,
        }
    }

    /// Builds a table from rows as a CSV file or a spreadsheet holds them, each with its line (or
    /// sheet row): blank rows skipped; title rows above the header (one filled cell in a wider
    /// row), a two-row header whose upper row spans merged cells, a 填写说明 row under the header,
    /// and the 合计 (kept apart, in `totals`), 注 and 填表人 rows at the end are recognised.
    pub fn from_rows(file: &str, rows: Vec<(u64, Vec<String>)>, problems: &mut Problems) -> Table {
        Table::build(file, normalized(rows), false, problems)
    }

    /// [`Table::from_rows`] for a spreadsheet's sheet, whose rows end at their last filled cell:
    /// columns right of the last named header, and unnamed columns between named ones, are ignored
    /// when empty; a value in one is a located problem (once per column), not one per row.
    pub fn from_sheet_rows(
        file: &str,
        rows: Vec<(u64, Vec<String>)>,
        problems: &mut Problems,
    ) -> Table {
        Table::build(file, normalized(rows), true, problems)
    }

    /// The table of `rows` (normalised), its header, totals and data told apart; `sheet`: the rows
    /// are a spreadsheet's, ending at their last filled cell.
    fn build(
        file: &str,
        mut rows: Vec<(u64, Cells)>,
        sheet: bool,
        problems: &mut Problems,
    ) -> Table {
        rows.retain(|(_, cells)| cells.iter().any(|c| !c.is_empty()));
        let mut table = Table::empty(file);
        drop_title_rows(&mut rows, sheet);
        if rows.is_empty() {
            problems.push(InputProblem::file(file, crate::tr!("expected-header-row")));
            return table;
        }
        let (header_line, header_cells) = rows.remove(0);
        let mut headers: Vec<String> = header_cells.iter().map(str::to_string).collect();
        table.header_line = header_line;
        // A sheet's rows end at their last filled cell: a header whose last merged group spans
        // columns right of it is as wide as the row under it.
        if let (true, Some((_, lower))) = (sheet, rows.first()) {
            if lower.len() > headers.len() {
                headers.resize(lower.len(), String::new());
            }
        }
        merge_lower_header(&mut headers, &mut rows);
        // Instructions under the header (填写说明：…) are not data.
        if rows
            .first()
            .is_some_and(|(_, cells)| first_filled(cells).is_some_and(is_instruction))
        {
            rows.remove(0);
        }
        let mut totals = take_totals(&mut rows);
        if headers.iter().all(|h| h.is_empty()) {
            table.headers = headers;
            problems.push(InputProblem::file(file, crate::tr!("expected-header-row")));
            return table;
        }
        // A sheet's rows end at their last filled cell; a CSV saved from one keeps its blank
        // columns, every row as wide as the header (a ragged row is reported below as such).
        let blank_columns = headers.iter().any(|h| h.is_empty())
            && rows
                .iter()
                .chain(&totals)
                .all(|(_, cells)| cells.len() == headers.len());
        if sheet || blank_columns {
            headers = sheet_columns(&headers, &mut rows, &mut totals);
        }
        table.headers = headers;
        table.report_headers(problems);
        table.add_rows(rows, totals, problems);
        table
    }

    /// Reports each header name given twice, and each with invisible characters.
    fn report_headers(&self, problems: &mut Problems) {
        let (file, header_line) = (self.file.as_str(), self.header_line);
        for (i, header) in self.headers.iter().enumerate() {
            if let Some(first) = self.headers[..i].iter().position(|h| h == header) {
                problems.push(InputProblem::cell(
                    file,
                    header_line,
                    header,
                    header,
                    crate::tr!("expected-column-once", column = i + 1, first = first + 1),
                ));
            }
            report_invisible(file, header_line, header, header, problems);
        }
    }

    /// Adds the data rows, then the 合计 rows (checked like the others): a row as wide as the
    /// header, of cells a spreadsheet can hold, becomes a record; each that is not is reported.
    /// The records take the rows' own vector (a record is a row's line and cells): a list of
    /// hundreds of thousands of rows is not held twice.
    fn add_rows(
        &mut self,
        rows: Vec<(u64, Cells)>,
        totals: Vec<(u64, Cells)>,
        problems: &mut Problems,
    ) {
        let (file, headers) = (self.file.as_str(), self.headers.as_slice());
        let mut record = |(line, cells)| checked_record(file, headers, line, cells, problems);
        self.records = rows.into_iter().filter_map(&mut record).collect();
        self.totals = totals.into_iter().filter_map(&mut record).collect();
    }

    /// Whether a spreadsheet has turned a column of ids into numbers and shortened them
    /// (`1.30821E+11`): their digits are lost, so the column is reported once — its first such cell,
    /// how many there are, the cause and the remedy — instead of each row as an unknown id.
    pub fn shortened_ids(&self, column: usize, problems: &mut Problems) -> bool {
        let shortened: Vec<&Record> = self
            .records
            .iter()
            .filter(|r| is_shortened_number(&r.cells[column]))
            .collect();
        let Some(first) = shortened.first() else {
            return false;
        };
        problems.push(InputProblem::cell(
            &self.file,
            first.line,
            &self.headers[column],
            &first.cells[column],
            crate::tr!("expected-ids-in-full", count = shortened.len()),
        ));
        true
    }

    /// The rows with the 合计 rows after them, as the file has them.
    pub fn records_and_totals(&self) -> impl Iterator<Item = &Record> {
        self.records.iter().chain(&self.totals)
    }

    /// The index of each required column; a missing one is reported and yields `None`.
    pub fn require_columns(&self, names: &[&str], problems: &mut Problems) -> Option<Vec<usize>> {
        let mut indices = Vec::with_capacity(names.len());
        let mut missing = false;
        for name in names {
            match self.column(name) {
                Some(index) => indices.push(index),
                None => {
                    missing = true;
                    problems.push(InputProblem {
                        file: self.file.clone(),
                        line: Some(self.header_line),
                        column: Some(name.to_string()),
                        found: Some(self.headers.join(",")),
                        expected: crate::tr!("expected-column", name = *name),
                    });
                }
            }
        }
        (!missing).then_some(indices)
    }

    /// The index of a column, if present.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name).or_else(|| {
            // A workbook pairplan wrote shows its headers in the interface language.
            let names = crate::i18n::column_names(name);
            self.headers.iter().position(|h| names.contains(h))
        })
    }

    /// Reads a non-negative whole number from a cell, reporting anything else. Spreadsheet forms of
    /// a whole number are accepted: thousands separators (`1,462`) and zero decimals (`1462.00`).
    pub fn count(&self, record: &Record, column: usize, problems: &mut Problems) -> Option<u32> {
        let cell = &record.cells[column];
        match spreadsheet_number(cell) {
            Some(value) if value >= 0.0 && value.fract() == 0.0 && value <= f64::from(u32::MAX) => {
                Some(value as u32)
            }
            _ => {
                self.reject(
                    record,
                    column,
                    cell,
                    crate::tr!("expected-whole-number"),
                    problems,
                );
                None
            }
        }
    }

    /// A date cell (YYYY-MM-DD; a workbook's date cell reads as one): `None` for an empty cell, or
    /// for one that is no date, which is then reported.
    pub fn date(
        &self,
        record: &Record,
        column: usize,
        problems: &mut Problems,
    ) -> Option<jiff::civil::Date> {
        let cell = record.cells[column].trim();
        if cell.is_empty() {
            return None;
        }
        match crate::text::planner_date(cell) {
            Ok(date) => Some(date),
            Err(problem) => {
                let expected = crate::text::date_expected(problem);
                self.reject(record, column, cell, expected, problems);
                None
            }
        }
    }

    /// Reports a cell of `column` that is not what the column expects.
    pub fn reject(
        &self,
        record: &Record,
        column: usize,
        cell: &str,
        expected: String,
        problems: &mut Problems,
    ) {
        problems.push(InputProblem::cell(
            &self.file,
            record.line,
            &self.headers[column],
            cell,
            expected,
        ));
    }

    /// Reads a finite, non-negative decimal number from a cell, reporting anything else. Thousands
    /// separators (`1,234.5`) and percentages (`95%` = 0.95) are accepted, as spreadsheets write them.
    pub fn amount(&self, record: &Record, column: usize, problems: &mut Problems) -> Option<f64> {
        let cell = &record.cells[column];
        match spreadsheet_number(cell) {
            Some(value) if value >= 0.0 => Some(value),
            _ => {
                self.reject(
                    record,
                    column,
                    cell,
                    crate::tr!("expected-number"),
                    problems,
                );
                None
            }
        }
    }

    /// Reads a yes/no cell (是/否, yes/no, true/false, 1/0, √/×), reporting anything else; an
    /// empty cell is `default`, so that a column a planner leaves blank means what the notes say.
    pub fn flag(
        &self,
        record: &Record,
        column: usize,
        default: bool,
        problems: &mut Problems,
    ) -> Option<bool> {
        let cell = record.cells[column].trim();
        match cell.to_lowercase().as_str() {
            "" => Some(default),
            "是" | "yes" | "y" | "true" | "1" | "√" | "✓" => Some(true),
            "否" | "no" | "n" | "false" | "0" | "×" | "✗" => Some(false),
            _ => {
                self.reject(
                    record,
                    column,
                    cell,
                    crate::tr!("expected-yes-no"),
                    problems,
                );
                None
            }
        }
    }

    /// Reads a non-empty text cell, reporting an empty one.
    pub fn text<'a>(
        &self,
        record: &'a Record,
        column: usize,
        problems: &mut Problems,
    ) -> Option<&'a str> {
        let cell = &record.cells[column];
        if cell.is_empty() {
            self.reject(
                record,
                column,
                cell,
                crate::tr!("expected-non-empty"),
                problems,
            );
            None
        } else {
            Some(cell)
        }
    }
}

/// Rows with every cell normalised ([`normalize_cell`]).
fn normalized(rows: Vec<(u64, Vec<String>)>) -> Vec<(u64, Cells)> {
    rows.into_iter()
        .map(|(line, cells)| {
            let mut row = Cells::with_capacity(cells.len(), cells.iter().map(String::len).sum());
            for cell in &cells {
                push_normalized(&mut row, cell);
            }
            (line, row)
        })
        .collect()
}

/// Drops the title rows above the header: one filled cell in a row of several (any row of a
/// sheet), when a row that fills more follows.
fn drop_title_rows(rows: &mut Vec<(u64, Cells)>, sheet: bool) {
    let filled = |cells: &Cells| cells.iter().filter(|c| !c.is_empty()).count();
    let titles = rows
        .iter()
        .take_while(|(_, cells)| (sheet || cells.len() >= 2) && filled(cells) == 1)
        .count();
    if titles < rows.len() && rows[titles..].iter().any(|(_, cells)| filled(cells) >= 2) {
        rows.drain(..titles);
    }
}

/// A two-row header: the upper row spans merged cells (blank after their first), the lower row
/// names the columns under them and is blank under the others. Its names join `headers` and the
/// row leaves the data.
fn merge_lower_header(headers: &mut [String], rows: &mut Vec<(u64, Cells)>) {
    let Some((_, lower)) = rows.first() else {
        return;
    };
    let under_blank = (0..headers.len()).any(|c| headers[c].is_empty());
    let fills_blanks = (0..headers.len())
        .filter(|&c| headers[c].is_empty())
        .all(|c| lower.get(c).is_some_and(|v| !v.is_empty()));
    let blank_under_named = (0..headers.len())
        .any(|c| !headers[c].is_empty() && lower.get(c).is_none_or(|v| v.is_empty()));
    if under_blank && fills_blanks && blank_under_named {
        for (c, header) in headers.iter_mut().enumerate() {
            if let Some(name) = lower.get(c).filter(|v| !v.is_empty()) {
                *header = name.to_string();
            }
        }
        rows.remove(0);
    }
}

/// From the end of the rows: notes and signatures are dropped, 合计 rows taken apart (returned, in
/// order, their total cell written as [`TOTAL`]).
fn take_totals(rows: &mut Vec<(u64, Cells)>) -> Vec<(u64, Cells)> {
    let mut totals = Vec::new();
    while let Some((_, cells)) = rows.last() {
        if first_filled(cells).is_some_and(is_note) {
            rows.pop();
        } else if let Some(at) = total_at(cells) {
            let (line, mut cells) = rows.pop().unwrap_or_default();
            cells.set(at, TOTAL);
            totals.insert(0, (line, cells));
        } else {
            break;
        }
    }
    totals
}

/// A sheet's columns: the named ones. A column without a header — between named ones, or right of
/// the last (a stray note at XFD2, a spreadsheet's index column) — is no column any rule reads: it
/// is left out, whatever it holds, rather than reported once per row. Rows are laid out to the kept
/// columns; returns the kept headers.
fn sheet_columns(
    headers: &[String],
    rows: &mut [(u64, Cells)],
    totals: &mut [(u64, Cells)],
) -> Vec<String> {
    let keep: Vec<usize> = (0..headers.len())
        .filter(|&c| !headers[c].is_empty())
        .collect();
    for (_, cells) in rows.iter_mut().chain(totals.iter_mut()) {
        *cells = keep
            .iter()
            .map(|&c| cells.get(c).unwrap_or_default())
            .collect();
    }
    keep.iter().map(|&c| headers[c].clone()).collect()
}

#[cfg(test)]
mod tests {

    /// The byte scan before folding misses no character that folding changes.
    #[test]
    fn every_character_folding_changes_is_seen_by_the_byte_scan() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let text = format!("和平{c}区");
            if super::fold(&text) != text {
                assert!(super::needs_normalizing(&text), "U+{:04X}", c as u32);
            }
        }
    }
    use super::*;

    #[test]
    fn a_row_past_its_text_limit_is_marked_not_cut_short() {
        let mut cells = Cells::default();
        cells.push_within("和平区", 12);
        assert!(cells.fits());
        cells.push_within("河西区", 12);
        cells.push_within("", 12);
        assert!(!cells.fits(), "a cell past the limit marks the row");
        assert_eq!(cells.len(), 3);
        assert_eq!(cells.get(0), Some("和平区"));
        assert_eq!(cells.get(1), None, "not read short");
        let mut problems = Problems::default();
        let record = checked_record(
            "x.csv",
            &["a".into(), "b".into(), "c".into()],
            2,
            cells,
            &mut problems,
        );
        assert!(record.is_none());
        let errors = problems.into_result(()).expect_err("the row is reported");
        assert!(errors.to_string().contains("x.csv"), "{errors}");
    }

    #[test]
    fn cells_keep_each_cell_apart_in_one_buffer() {
        let mut cells: Cells = ["E1", "", "甲公司"].into_iter().collect();
        assert_eq!(
            (cells.len(), &cells[0], &cells[1], &cells[2]),
            (3, "E1", "", "甲公司")
        );
        assert_eq!(cells.get(3), None);
        cells.set(1, "和平区");
        cells.push("");
        assert_eq!(cells, ["E1", "和平区", "甲公司", ""]);
        assert_eq!(
            cells.iter().collect::<Vec<_>>(),
            ["E1", "和平区", "甲公司", ""]
        );
        assert!(Cells::default().is_empty());
    }

    fn parse(text: &str) -> (Table, Problems) {
        let mut problems = Problems::default();
        let file = TextFile {
            name: "t.csv".into(),
            text: text.into(),
        };
        (Table::parse(&file, &mut problems), problems)
    }

    #[test]
    fn lines_are_counted_once_and_right_far_into_a_file() {
        for end in ["\n", "\r\n"] {
            let mut text = format!("a,b{end}");
            for i in 2..=60 {
                let row = if i == 45 {
                    "x".to_string()
                } else {
                    format!("{i},{i}")
                };
                text.push_str(&format!("{row}{end}"));
            }
            let (table, problems) = parse(&text);
            assert_eq!(table.records.len(), 58);
            assert_eq!(table.records[0].line, 2);
            assert_eq!(table.records.last().map(|r| r.line), Some(60));
            let errors = problems.into_errors().0;
            assert_eq!(errors.len(), 1);
            assert_eq!(errors[0].line, Some(45), "{end:?}");
        }
    }

    proptest::proptest! {
        /// Whole numbers of up to 15 digits are read without the general path; they read the same.
        #[test]
        fn plain_whole_numbers_read_as_rust_reads_them(cell in "[0-9]{1,15}") {
            proptest::prop_assert_eq!(spreadsheet_number(&cell), cell.parse::<f64>().ok());
        }
    }

    #[test]
    fn spreadsheet_numbers() {
        for (cell, value) in [
            ("1462", 1462.0),
            ("1,462", 1462.0),
            ("32,205.5", 32205.5),
            ("1462.00", 1462.0),
            ("0.5", 0.5),
            ("95%", 0.95),
            ("1,000,000", 1_000_000.0),
            ("-3", -3.0),
        ] {
            assert_eq!(spreadsheet_number(cell), Some(value), "{cell}");
        }
        for cell in [
            "14,62", ",462", "1,4620", "NaN", "inf", "1e309", "1e3", "", "一千", "1,46a",
        ] {
            assert_eq!(spreadsheet_number(cell), None, "{cell}");
        }
        let (table, _) = parse("district,quota,share\n甲区,\"1,462\",95%\n乙区,1462.5,x\n");
        let mut problems = Problems::default();
        assert_eq!(table.count(&table.records[0], 1, &mut problems), Some(1462));
        assert_eq!(
            table.amount(&table.records[0], 2, &mut problems),
            Some(0.95)
        );
        assert!(problems.is_empty());
        assert_eq!(table.count(&table.records[1], 1, &mut problems), None);
        assert_eq!(table.amount(&table.records[1], 2, &mut problems), None);
        assert_eq!(problems.into_errors().0.len(), 2);
    }

    #[test]
    fn crlf_and_full_width_are_normalised() {
        let (table, problems) = parse("name,quota\r\n　河西区 ,１５９\r\n");
        assert!(problems.is_empty());
        assert_eq!(table.records[0].cells, vec!["河西区", "159"]);
        assert_eq!(table.records[0].line, 2);
    }

    #[test]
    fn blank_columns_saved_from_a_spreadsheet_are_ignored_when_empty() {
        let (table, problems) = parse("id,,name,,\nE1,,甲,,\nE2,,乙,,\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(table.headers, ["id", "name"]);
        assert_eq!(table.records[1].cells, ["E2", "乙"]);
        // A column without a header is no column, whatever it holds (a spreadsheet's index).
        let (table, problems) = parse(",id,name\n0,E1,甲\n1,E2,乙\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(table.headers, ["id", "name"]);
        assert_eq!(table.records[0].cells, ["E1", "甲"]);
    }

    #[test]
    fn short_row_is_reported_with_its_line() {
        let (_, problems) = parse("name,quota\na,1\nb\n");
        let err = problems.into_result(()).unwrap_err();
        assert_eq!(err.0[0].line, Some(3));
        assert!(err.to_string().contains("expected 2 cells"), "{err}");
    }
}
