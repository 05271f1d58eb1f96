//! One table, three files: the rows an output carries, kept once as a [`Sheet`] with stable machine
//! column keys, and written as CSV (BOM for Excel, text cells guarded against formulas), as JSON
//! (an array of objects), or — several sheets together — as an `.xlsx` workbook for Excel and WPS:
//! header frozen, filters on, widths that fit Chinese text, ids stored as text so that a 12-digit
//! village code never becomes `1.30821E+11`.

use rust_xlsxwriter::{Format, Workbook, XlsxError};
use unicode_width::UnicodeWidthStr;

use super::csv::{excel_text, EXCEL_BOM};

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text, ids included (never read as a number).
    Text(String),
    /// A whole number.
    Count(u64),
    /// A measure, with the text CSV shows for it (its rounding).
    Number(f64, String),
    /// A share (0.7143): a percent cell in a workbook (71%), `71.4%` in CSV, the fraction in JSON.
    Percent(f64),
    /// A word of a closed set (a program, a status, yes/no): files for machines (CSV, JSON) keep
    /// `value`, the name `--previous` and scripts read; a workbook shows `shown`, the word in the
    /// reader's language.
    Word {
        /// The name, as CSV and JSON write it (`kept`, `true`, `villages`).
        value: String,
        /// The word a workbook shows (保留, 是, 万企帮万村).
        shown: String,
    },
    /// A day: `YYYY-MM-DD` in CSV and JSON, a date cell in a workbook (Excel sorts and filters it
    /// as one).
    Date(jiff::civil::Date),
    /// Nothing.
    Empty,
}

impl Cell {
    /// A text cell.
    pub fn text(text: impl Into<String>) -> Self {
        Cell::Text(text.into())
    }

    /// A measure shown with 4 decimals.
    pub fn fixed4(value: f64) -> Self {
        Cell::Number(value, format!("{value:.4}"))
    }

    /// A measure shown as briefly as it reads exactly (`12`, `0.5`).
    pub fn number(value: f64) -> Self {
        Cell::Number(value, crate::text::format_number(value))
    }

    /// A word of a closed set: `value` for machines, `shown` for the reader.
    pub fn word(value: impl Into<String>, shown: impl Into<String>) -> Self {
        Cell::Word {
            value: value.into(),
            shown: shown.into(),
        }
    }

    /// `true` / `false` in CSV and JSON; 是 / 否 (yes / no) in a workbook.
    pub fn flag(value: bool) -> Self {
        if value {
            Cell::word("true", crate::tr!("flag-yes"))
        } else {
            Cell::word("false", crate::tr!("flag-no"))
        }
    }

    /// A day written as `YYYY-MM-DD` (a ledger's `start`): a date cell when it is one, else
    /// the text as it stands.
    pub fn date_text(text: &str) -> Self {
        match crate::text::date(text) {
            Some(date) => Cell::Date(date),
            None if text.is_empty() => Cell::Empty,
            None => Cell::text(text),
        }
    }

    /// A program or target table: its name in CSV and JSON, as the reader names it in a workbook.
    pub fn program(name: &str) -> Self {
        Cell::word(name, crate::i18n::program(name))
    }

    /// The cell as CSV writes it.
    fn csv(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Cell::Text(text) | Cell::Word { value: text, .. } => excel_text(text),
            Cell::Count(n) => n.to_string().into(),
            Cell::Number(_, text) => text.as_str().into(),
            Cell::Percent(share) => format!("{:.1}%", share * 100.0).into(),
            Cell::Date(date) => date.to_string().into(),
            Cell::Empty => "".into(),
        }
    }

    /// The cell as JSON.
    fn json(&self) -> serde_json::Value {
        match self {
            Cell::Text(text) | Cell::Word { value: text, .. } => text.clone().into(),
            Cell::Count(n) => (*n).into(),
            Cell::Number(value, _) | Cell::Percent(value) => serde_json::Number::from_f64(*value)
                .map_or(serde_json::Value::Null, serde_json::Value::Number),
            Cell::Date(date) => date.to_string().into(),
            Cell::Empty => serde_json::Value::Null,
        }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Cell::Text(text.to_string())
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Cell::Text(text)
    }
}

impl From<u32> for Cell {
    fn from(n: u32) -> Self {
        Cell::Count(u64::from(n))
    }
}

impl From<usize> for Cell {
    fn from(n: usize) -> Self {
        Cell::Count(n as u64)
    }
}

/// A table: a name (the workbook's sheet), stable column keys, rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The sheet's name in a workbook (at most 31 characters, no `[]:*?/\`).
    pub name: String,
    /// The column keys, the same in every language (scripts and the round trip read them).
    pub columns: Vec<String>,
    /// The rows, each as long as `columns`.
    pub rows: Vec<Vec<Cell>>,
    /// Whether the name and headers are written as they are, untranslated: a template's lists,
    /// whose headers are the planners' own words already.
    pub literal: bool,
}

impl Sheet {
    /// An empty sheet with these columns.
    pub fn new(name: &str, columns: &[&str]) -> Self {
        Sheet {
            name: name.to_string(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: Vec::new(),
            literal: false,
        }
    }

    /// An empty sheet whose name and headers are written as given, in every language.
    pub fn literal(name: &str, columns: &[&str]) -> Self {
        Sheet {
            literal: true,
            ..Sheet::new(name, columns)
        }
    }

    /// Adds a row.
    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.columns.len(), "a row of {}", self.name);
        self.rows.push(row);
    }

    /// The sheet as CSV, with a BOM so that Excel reads it as UTF-8.
    pub fn to_csv(&self) -> Vec<u8> {
        let mut csv = CsvRows::new(&self.columns);
        for row in &self.rows {
            csv.write(row);
        }
        csv.finish()
    }

    /// The sheet as a JSON array of objects keyed by column.
    pub fn to_json(&self) -> serde_json::Value {
        self.rows
            .iter()
            .map(|row| {
                self.columns
                    .iter()
                    .cloned()
                    .zip(row.iter().map(Cell::json))
                    .collect::<serde_json::Map<_, _>>()
                    .into()
            })
            .collect::<Vec<serde_json::Value>>()
            .into()
    }
}

/// Where a table's rows go as they are made: a [`Sheet`] that keeps them (for a workbook or JSON),
/// or [`CsvRows`] that writes each at once (a national plan's CSV is 137 000 rows: kept as cells
/// first, they would be five times the file).
pub trait Rows {
    /// Adds a row, as long as the columns.
    fn push(&mut self, row: Vec<Cell>);
}

impl Rows for Sheet {
    fn push(&mut self, row: Vec<Cell>) {
        Sheet::push(self, row);
    }
}

/// A table written as CSV row by row, as [`Sheet::to_csv`] writes a sheet.
pub struct CsvRows {
    writer: csv::Writer<Vec<u8>>,
}

impl CsvRows {
    /// The BOM and the header line.
    pub fn new<S: AsRef<[u8]>>(columns: &[S]) -> Self {
        let mut writer = csv::Writer::from_writer(EXCEL_BOM.to_vec());
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(columns);
        CsvRows { writer }
    }

    /// Writes one row.
    pub fn write(&mut self, row: &[Cell]) {
        for cell in row {
            let _ = self.writer.write_field(cell.csv().as_bytes());
        }
        // An empty record ends the one the fields began.
        let _ = self.writer.write_record(std::iter::empty::<&[u8]>());
    }

    /// The bytes written.
    pub fn finish(self) -> Vec<u8> {
        self.writer.into_inner().unwrap_or_default()
    }
}

impl Rows for CsvRows {
    fn push(&mut self, row: Vec<Cell>) {
        self.write(&row);
    }
}

/// A key → value sheet of a JSON object (a manifest): nested keys joined with `.` in CSV and JSON;
/// in a workbook each key in the reader's words (输入文件 · counties.csv), a file name as itself.
pub fn key_value_sheet(name: &str, value: &serde_json::Value) -> Sheet {
    fn walk(path: (&str, &str), value: &serde_json::Value, sheet: &mut Sheet) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    let shown = crate::i18n::manifest_key(key);
                    let (key, shown) = if path.0.is_empty() {
                        (key.clone(), shown)
                    } else {
                        (format!("{}.{key}", path.0), format!("{} · {shown}", path.1))
                    };
                    walk((&key, &shown), value, sheet);
                }
            }
            serde_json::Value::String(text) => {
                sheet.push(vec![Cell::word(path.0, path.1), Cell::text(text)])
            }
            other => sheet.push(vec![
                Cell::word(path.0, path.1),
                Cell::text(other.to_string()),
            ]),
        }
    }
    let mut sheet = Sheet::new(name, &["key", "value"]);
    walk(("", ""), value, &mut sheet);
    sheet
}

/// What an output file holds, chosen by its name: `.json` JSON, `.xlsx` a workbook, anything else
/// (and `-`, standard output) CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// The first sheet as CSV.
    Csv,
    /// Every sheet, as an object of arrays keyed by sheet name.
    Json,
    /// Every sheet in one workbook.
    Xlsx,
}

impl FileFormat {
    /// The format a file name asks for; `.xls`, `.xlsm`, `.ods` and `.et` are refused with the
    /// remedy (pairplan writes `.xlsx`, which Excel and WPS open).
    pub fn of(option: &str, path: &std::path::Path) -> Result<Self, super::output::OutputError> {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("json") => Ok(FileFormat::Json),
            Some("xlsx") => Ok(FileFormat::Xlsx),
            Some(other @ ("xls" | "xlsm" | "ods" | "et")) => {
                Err(super::output::OutputError::Refused {
                    option: option.to_string(),
                    path: path.display().to_string(),
                    reason: crate::tr!("refused-format", extension = other),
                })
            }
            _ => Ok(FileFormat::Csv),
        }
    }

    /// The sheets in this format; the first is the main table.
    pub fn render(self, sheets: &[Sheet]) -> Result<Vec<u8>, String> {
        self.render_titled(sheets, "pairplan 结对规划")
    }

    /// The sheets in this format, a workbook's pages headed by `title` (the dataset's).
    pub fn render_titled(self, sheets: &[Sheet], title: &str) -> Result<Vec<u8>, String> {
        match self {
            FileFormat::Csv => Ok(sheets.first().map(Sheet::to_csv).unwrap_or_default()),
            FileFormat::Json => {
                let object: serde_json::Map<String, serde_json::Value> = sheets
                    .iter()
                    .map(|s| (s.name.clone(), s.to_json()))
                    .collect();
                let mut text = serde_json::to_string_pretty(&object).map_err(|e| e.to_string())?;
                text.push('\n');
                Ok(text.into_bytes())
            }
            FileFormat::Xlsx => workbook(sheets, title).map_err(|e| e.to_string()),
        }
    }
}

/// The widest a column grows, in character cells.
const MAX_WIDTH: usize = 60;

/// Writes sheets as one `.xlsx` workbook, every sheet ready to print under `title`.
pub fn workbook(sheets: &[Sheet], title: &str) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    // A fixed creation time: the same plan gives the same bytes (Excel shows it as 文档创建时间).
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(2019, 1, 1)?;
    book.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
    let header = Format::new().set_bold().set_background_color(0xDDEBF7);
    let formats = CellFormats {
        text: Format::new().set_num_format("@"),
        percent: Format::new().set_num_format("0%"),
        day: Format::new().set_num_format("yyyy-mm-dd"),
    };
    for sheet in sheets {
        let ws = book.add_worksheet();
        // In the interface language; pairplan reads either language's headers back.
        let translate = |text: &str, label: fn(&str) -> String| {
            if sheet.literal {
                text.to_string()
            } else {
                label(text)
            }
        };
        ws.set_name(sheet_name(&translate(
            &sheet.name,
            crate::i18n::sheet_label,
        )))?;
        let headers: Vec<String> = sheet
            .columns
            .iter()
            .map(|c| translate(c, crate::i18n::column_label))
            .collect();
        let mut widths: Vec<usize> = headers.iter().map(|c| c.width()).collect();
        for (c, column) in headers.iter().enumerate() {
            ws.write_string_with_format(0, column_index(c), column, &header)?;
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let col = column_index(c);
                let width = write_cell(ws, r, col, cell, &formats)?;
                widths[c] = widths[c].max(width);
            }
        }
        for (c, width) in widths.iter().enumerate() {
            ws.set_column_width(column_index(c), (*width).clamp(4, MAX_WIDTH) as f64 + 2.0)?;
        }
        ws.set_freeze_panes(1, 0)?;
        print_setup(ws, title)?;
        if !sheet.columns.is_empty() {
            ws.autofilter(
                0,
                0,
                sheet.rows.len() as u32,
                column_index(sheet.columns.len() - 1),
            )?;
        }
    }
    book.save_to_buffer()
}

/// How a workbook shows text (never read as a number), shares and days.
struct CellFormats {
    text: Format,
    percent: Format,
    day: Format,
}

/// Writes one cell as its kind reads in Excel; returns the width it takes, in character cells.
fn write_cell(
    ws: &mut rust_xlsxwriter::Worksheet,
    r: u32,
    col: u16,
    cell: &Cell,
    formats: &CellFormats,
) -> Result<usize, XlsxError> {
    Ok(match cell {
        Cell::Text(s) | Cell::Word { shown: s, .. } => {
            ws.write_string_with_format(r, col, s, &formats.text)?;
            s.width()
        }
        Cell::Count(n) => {
            ws.write_number(r, col, *n as f64)?;
            n.to_string().len()
        }
        Cell::Percent(share) => {
            ws.write_number_with_format(r, col, *share, &formats.percent)?;
            5
        }
        // Excel counts days from 1900: an earlier one (a typo) stays text, as written.
        Cell::Date(date) if date.year() < 1900 => {
            ws.write_string_with_format(r, col, date.to_string(), &formats.text)?;
            10
        }
        Cell::Date(date) => {
            // From 1900 to jiff's last year 9999, months and days in range: the casts are exact.
            let excel = rust_xlsxwriter::ExcelDateTime::from_ymd(
                date.year() as u16,
                date.month() as u8,
                date.day() as u8,
            )?;
            ws.write_datetime_with_format(r, col, &excel, &formats.day)?;
            10
        }
        Cell::Number(v, shown) => {
            ws.write_number(r, col, *v)?;
            shown.len()
        }
        Cell::Empty => 0,
    })
}

/// A sheet as it prints: A4 landscape, as wide as one page, the header row on every page, the
/// title and the date above, page n of m below.
fn print_setup(ws: &mut rust_xlsxwriter::Worksheet, title: &str) -> Result<(), XlsxError> {
    // An `&` in a title would start a header code.
    let title = title.replace('&', "&&");
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    ws.set_header(format!("&L{title}&R&D"));
    ws.set_footer("&C&P / &N");
    Ok(())
}

fn column_index(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// A name Excel accepts for a sheet: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect();
    if cleaned.is_empty() {
        "sheet".into()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Sheet {
        let mut sheet = Sheet::new(
            "pairings",
            &["recipient_id", "recipient_name", "units", "share"],
        );
        sheet.push(vec![
            Cell::text("130821103216"),
            Cell::text("=西沟村"),
            Cell::from(2u32),
            Cell::fixed4(0.5),
        ]);
        sheet
    }

    #[test]
    fn csv_guards_formulas_and_keeps_ids_as_written() {
        let csv = String::from_utf8(sample().to_csv()).unwrap();
        assert_eq!(
            csv,
            "\u{feff}recipient_id,recipient_name,units,share\n130821103216,'=西沟村,2,0.5000\n"
        );
    }

    #[test]
    fn json_keys_rows_by_column() {
        assert_eq!(
            sample().to_json(),
            serde_json::json!([{"recipient_id": "130821103216", "recipient_name": "=西沟村", "units": 2, "share": 0.5}])
        );
    }

    #[test]
    fn a_workbook_reads_back_with_ids_as_text() {
        use calamine::{Data, Reader, Xlsx};
        let bytes = workbook(&[sample()], "t").unwrap();
        let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range("pairings").unwrap();
        let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
        assert_eq!(rows[1][0], Data::String("130821103216".into()));
        assert_eq!(rows[1][1], Data::String("=西沟村".into()));
        assert_eq!(rows[1][2], Data::Float(2.0));
    }

    #[test]
    fn every_sheet_prints_landscape_one_page_wide_with_its_header_row_and_a_title() {
        let mut shares = Sheet::new("by_district", &["district", "mean_utilisation"]);
        shares.push(vec![Cell::text("和平区"), Cell::Percent(0.7143)]);
        let bytes = workbook(&[sample(), shares], "天津 & 2019").unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut part = |name: &str| {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
            text
        };
        for sheet in ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"] {
            let xml = part(sheet);
            assert!(xml.contains("orientation=\"landscape\""), "{xml}");
            assert!(xml.contains("paperSize=\"9\""), "{xml}");
            assert!(xml.contains("fitToHeight=\"0\""), "{xml}");
            assert!(
                xml.contains("<oddHeader>&amp;L天津 &amp;&amp; 2019&amp;R&amp;D</oddHeader>"),
                "{xml}"
            );
            assert!(
                xml.contains("<oddFooter>&amp;C&amp;P / &amp;N</oddFooter>"),
                "{xml}"
            );
        }
        assert!(part("xl/workbook.xml").contains("_xlnm.Print_Titles"));
        // The share is a number formatted as a percent, not 0.7143 as text.
        assert!(part("xl/styles.xml").contains("formatCode=\"0%\""));
        assert_eq!(Cell::Percent(0.7143).csv(), "71.4%");
    }

    #[test]
    fn the_same_sheets_give_the_same_workbook_bytes() {
        let first = workbook(&[sample()], "t").unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1100));
        assert_eq!(workbook(&[sample()], "t").unwrap(), first);
    }

    #[test]
    fn the_format_follows_the_extension() {
        use std::path::Path;
        assert_eq!(
            FileFormat::of("--out", Path::new("p.JSON")).unwrap(),
            FileFormat::Json
        );
        assert_eq!(
            FileFormat::of("--out", Path::new("计划.xlsx")).unwrap(),
            FileFormat::Xlsx
        );
        assert_eq!(
            FileFormat::of("--out", Path::new("p.csv")).unwrap(),
            FileFormat::Csv
        );
        assert_eq!(
            FileFormat::of("--out", Path::new("-")).unwrap(),
            FileFormat::Csv
        );
        assert!(FileFormat::of("--out", Path::new("p.xls")).is_err());
    }

    #[test]
    fn sheet_names_are_what_excel_accepts() {
        assert_eq!(sheet_name("a/b:c"), "a_b_c");
        assert_eq!(sheet_name(&"长".repeat(40)).chars().count(), 31);
    }
}
