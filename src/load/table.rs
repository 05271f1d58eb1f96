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
}

/// One data row of a [`Table`].
#[derive(Debug, Clone)]
pub struct Record {
    /// 1-based line number in the file.
    pub line: u64,
    /// Normalised cells, one per header column.
    pub cells: Vec<String>,
}

/// Trims a cell and folds full-width ASCII (digits, letters, punctuation) and the ideographic space to
/// their ASCII forms, as spreadsheets typed with a Chinese input method often contain them. One
/// leading apostrophe — a spreadsheet's mark for "text, not a formula", which pairplan's own CSV
/// puts before an id or name starting with `=`, `+`, `-` or `@` — is dropped, so such files read back.
///
/// ```
/// assert_eq!(pairplan::load::normalize_cell("　１２３ａ "), "123a");
/// assert_eq!(pairplan::load::normalize_cell("和平区"), "和平区");
/// assert_eq!(pairplan::load::normalize_cell("'=1+5"), "=1+5");
/// ```
pub fn normalize_cell(cell: &str) -> String {
    let folded = cell
        .chars()
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
    let (digits, divisor) = match cell.strip_suffix('%') {
        Some(rest) => (rest.trim_end(), 100.0),
        None => (cell, 1.0),
    };
    let (whole, fraction) = match digits.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (digits, None),
    };
    let whole = if whole.contains(',') {
        let unsigned = whole.strip_prefix('-').unwrap_or(whole);
        let mut groups = unsigned.split(',');
        let first = groups.next()?;
        let grouped = (1..=3).contains(&first.len())
            && groups.all(|g| g.len() == 3)
            && unsigned.chars().all(|c| c.is_ascii_digit() || c == ',');
        if !grouped {
            return None;
        }
        whole.replace(',', "")
    } else {
        whole.to_string()
    };
    let plain = match fraction {
        Some(fraction) => format!("{whole}.{fraction}"),
        None => whole,
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
    if let Some((at, c)) = cell.chars().enumerate().find(|(_, c)| is_invisible(*c)) {
        problems.push(InputProblem::cell(
            file,
            line,
            column,
            cell,
            format!(
                "text without invisible characters (U+{:04X} at character {})",
                c as u32,
                at + 1
            ),
        ));
    }
}

impl Table {
    /// Parses CSV text. Rows with the wrong number of cells, blank header names and unparseable CSV
    /// are reported in `problems`; the rows that could be read are kept.
    pub fn parse(file: &TextFile, problems: &mut Problems) -> Table {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_reader(file.text.as_bytes());
        let mut table = Table {
            file: file.name.clone(),
            headers: Vec::new(),
            records: Vec::new(),
        };
        match reader.headers() {
            Ok(headers) => table.headers = headers.iter().map(normalize_cell).collect(),
            Err(err) => {
                problems.push(InputProblem::file(
                    &file.name,
                    format!("a CSV header row ({err})"),
                ));
                return table;
            }
        }
        if table.headers.iter().all(|h| h.is_empty()) {
            problems.push(InputProblem::file(
                &file.name,
                "a CSV header row naming the columns",
            ));
            return table;
        }
        for (i, header) in table.headers.iter().enumerate() {
            if let Some(first) = table.headers[..i].iter().position(|h| h == header) {
                problems.push(InputProblem::cell(
                    &file.name,
                    1,
                    header,
                    header,
                    format!(
                        "each column named once (column {} has the same name as column {})",
                        i + 1,
                        first + 1
                    ),
                ));
            }
            report_invisible(&file.name, 1, header, header, problems);
        }
        let mut lines = Lines::new(&file.text);
        for result in reader.records() {
            match result {
                Ok(record) => {
                    let line = lines.line_of(record.position());
                    if record.iter().all(|cell| cell.trim().is_empty()) {
                        continue;
                    }
                    if record.len() != table.headers.len() {
                        problems.push(InputProblem {
                            file: file.name.clone(),
                            line: Some(line),
                            column: None,
                            found: Some(format!("{} cells", record.len())),
                            expected: format!(
                                "{} cells, one per column of the header",
                                table.headers.len()
                            ),
                        });
                        continue;
                    }
                    let cells: Vec<String> = record.iter().map(normalize_cell).collect();
                    for (header, cell) in table.headers.iter().zip(&cells) {
                        report_invisible(&file.name, line, header, cell, problems);
                    }
                    table.records.push(Record { line, cells });
                }
                Err(err) => {
                    let line = Some(lines.line_of(err.position()));
                    problems.push(InputProblem {
                        file: file.name.clone(),
                        line,
                        column: None,
                        found: None,
                        expected: format!("well-formed CSV ({err})"),
                    });
                }
            }
        }
        table
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
                        line: Some(1),
                        column: Some(name.to_string()),
                        found: Some(self.headers.join(",")),
                        expected: format!("a header with the column '{name}'"),
                    });
                }
            }
        }
        (!missing).then_some(indices)
    }

    /// The index of a column, if present.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
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
                problems.push(InputProblem::cell(
                    &self.file,
                    record.line,
                    &self.headers[column],
                    cell,
                    "a non-negative whole number",
                ));
                None
            }
        }
    }

    /// Reads a finite, non-negative decimal number from a cell, reporting anything else. Thousands
    /// separators (`1,234.5`) and percentages (`95%` = 0.95) are accepted, as spreadsheets write them.
    pub fn amount(&self, record: &Record, column: usize, problems: &mut Problems) -> Option<f64> {
        let cell = &record.cells[column];
        match spreadsheet_number(cell) {
            Some(value) if value >= 0.0 => Some(value),
            _ => {
                problems.push(InputProblem::cell(
                    &self.file,
                    record.line,
                    &self.headers[column],
                    cell,
                    "a finite, non-negative number",
                ));
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
            problems.push(InputProblem::cell(
                &self.file,
                record.line,
                &self.headers[column],
                cell,
                "a non-empty value",
            ));
            None
        } else {
            Some(cell)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn short_row_is_reported_with_its_line() {
        let (_, problems) = parse("name,quota\na,1\nb\n");
        let err = problems.into_result(()).unwrap_err();
        assert_eq!(err.0[0].line, Some(3));
        assert!(err.to_string().contains("expected 2 cells"), "{err}");
    }
}
