//! Bytes → raw rows: where a dataset's files come from and how a CSV table is read.
//!
//! A dataset is either the Tianjin 2019 data compiled into the binary or a directory. Tables are CSV
//! with a header row, in UTF-8 or in the GBK that Excel and WPS write on a Chinese Windows; a BOM and
//! CRLF line ends are accepted, and every cell is normalised (trimmed, full-width digits, letters and
//! spaces folded) before any later stage sees it.

mod embedded;
pub mod file;
mod ledger;
pub mod own;
mod scenario;
mod spec;
mod table;
pub mod workbook;

pub use embedded::{EMBEDDED_DATASET, EMBEDDED_DIVISIONS, EMBEDDED_MODELS};
/// The marker in the `source` column of every generated row (`pairplan generate`), which every
/// reader tells apart from official and given data.
pub const SYNTHETIC: &str = "synthetic";

pub use ledger::{
    read_pairing_tables, read_pairings, read_renames, PairingRow, Renames, DROPPED, PLAN_COLUMNS,
    REQUIRED_PAIRING_COLUMNS,
};
pub use scenario::{parse_scenario, read_helper_files, EditSpec, NewHelper, ScenarioSpec};
pub use spec::*;
pub use table::{normalize_cell, spreadsheet_number, Record, Table};

use std::path::{Path, PathBuf};

use crate::error::InputProblem;

/// A text file's content and the name to use for it in messages.
#[derive(Debug, Clone)]
pub struct TextFile {
    /// Display name: the path as given, or `embedded:…`.
    pub name: String,
    /// The content as UTF-8 text, BOM removed.
    pub text: String,
}

/// Where a set of named files comes from.
#[derive(Debug, Clone)]
pub enum Source {
    /// Files compiled into the binary: `(prefix for messages, [(file name, content)])`.
    Embedded(&'static str, &'static [(&'static str, &'static str)]),
    /// Files in a directory.
    Dir(PathBuf),
    /// A planner's own lists: a workbook, or a folder of CSV files without `dataset.toml`.
    Own(Box<own::OwnTables>),
}

impl Source {
    /// The embedded Tianjin 2019 dataset.
    pub fn embedded_dataset() -> Self {
        Source::Embedded("embedded:data/tianjin-2019", EMBEDDED_DATASET)
    }

    /// The embedded program models.
    pub fn embedded_models() -> Self {
        Source::Embedded("embedded:models", EMBEDDED_MODELS)
    }

    /// How a file of this source is named in messages.
    pub fn display_name(&self, file: &str) -> String {
        match self {
            Source::Embedded(prefix, _) => format!("{prefix}/{file}"),
            Source::Dir(dir) => dir.join(file).display().to_string(),
            Source::Own(own) => own.display_name(file),
        }
    }

    /// Reads one file; a missing or unreadable file, or one that is not UTF-8, is an input problem.
    pub fn read(&self, file: &str) -> Result<TextFile, InputProblem> {
        let name = self.display_name(file);
        let text = match self {
            Source::Embedded(_, files) => {
                let text = files
                    .iter()
                    .find(|(n, _)| *n == file)
                    .map(|(_, text)| text.to_string())
                    .ok_or_else(|| {
                        InputProblem::file(&name, crate::tr!("expected-embedded-file"))
                    })?;
                file::record_content(&name, text.as_bytes());
                text
            }
            Source::Dir(dir) => read_text(&file::inside(dir, file)?, &name)?,
            Source::Own(own) => return own.read(file),
        };
        Ok(TextFile {
            name,
            text: strip_bom(text),
        })
    }

    /// Reads and parses one table — CSV, TSV or a workbook sheet (`book.xlsx#sheet`) — recording a
    /// missing, unreadable or malformed file among the problems instead of stopping, so that one
    /// run reports every bad input.
    pub fn read_table(&self, file: &str, problems: &mut crate::error::Problems) -> Option<Table> {
        if let Source::Own(own) = self {
            return own.read_table(file, problems);
        }
        if let Some((path, sheet)) = workbook::workbook_name(file) {
            let name = self.display_name(file);
            let bytes = match self {
                Source::Embedded(..) => Err(InputProblem::file(
                    &name,
                    "a CSV table (the built-in dataset holds no workbooks)",
                )),
                Source::Dir(dir) => {
                    file::inside(dir, path).and_then(|p| file::read_binary(&p, &name))
                }
                Source::Own(_) => unreachable_own(&name),
            };
            return match bytes {
                Ok(bytes) => sheet_table(bytes, &name, sheet, problems),
                Err(problem) => {
                    problems.push(problem);
                    None
                }
            };
        }
        match self.read(file) {
            Ok(text) => Some(Table::parse(&text, problems)),
            Err(problem) => {
                problems.push(problem);
                None
            }
        }
    }

    /// Whether a planner's own lists leave this table out: a rule that reads it is then not
    /// checked (said as a note), rather than compared with the 2019 figures. Never for a dataset
    /// folder or the embedded data, where a missing file is an error.
    pub fn lacks(&self, file: &str) -> bool {
        matches!(self, Source::Own(own) if !own.gives(file))
    }

    /// A planner's own lists as a dataset: a workbook, or a folder of CSV files without
    /// `dataset.toml`; `None` for a folder that has one.
    pub fn own(path: &Path, problems: &mut crate::error::Problems) -> Option<Option<Source>> {
        if path.is_dir() {
            if path.join("dataset.toml").is_file() {
                return Some(None);
            }
            return own::OwnTables::from_folder(path, problems)
                .map(|t| Some(Source::Own(Box::new(t))));
        }
        own::OwnTables::from_workbook(path, problems).map(|t| Some(Source::Own(Box::new(t))))
    }

    /// Whether the source has this file.
    pub fn has(&self, file: &str) -> bool {
        match self {
            Source::Embedded(_, files) => files.iter().any(|(n, _)| *n == file),
            Source::Dir(dir) => dir.join(file).is_file(),
            Source::Own(own) => own.has(file),
        }
    }

    /// Names of the files whose name ends with `suffix`, sorted.
    pub fn list(&self, suffix: &str) -> Vec<String> {
        let mut names: Vec<String> = match self {
            Source::Embedded(_, files) => files.iter().map(|(n, _)| n.to_string()).collect(),
            Source::Dir(dir) => std::fs::read_dir(dir)
                .map(|entries| {
                    entries
                        .filter_map(|e| e.ok())
                        .filter_map(|e| e.file_name().into_string().ok())
                        .collect()
                })
                .unwrap_or_default(),
            // A planner's lists are read by table, never listed.
            Source::Own(_) => Vec::new(),
        };
        names.retain(|n| n.ends_with(suffix));
        names.sort();
        names
    }
}

/// A table named on the command line: a CSV or TSV file (see [`read_text`]), or a workbook's sheet
/// (`book.xlsx`, `book.xlsx#sheet`). A file that cannot be read is among the problems.
pub fn read_table_file(path: &Path, problems: &mut crate::error::Problems) -> Option<Table> {
    let given = path.to_string_lossy();
    if let Some((book, sheet)) = workbook::workbook_name(&given) {
        return read_workbook_table(Path::new(book), sheet, &given, problems);
    }
    read_text_table(path, problems)
}

/// A CSV or TSV file as a table, its name taken as it is (a `#` in it names no sheet).
pub fn read_text_table(path: &Path, problems: &mut crate::error::Problems) -> Option<Table> {
    let name = path.display().to_string();
    match read_text(path, &name) {
        Ok(text) => Some(Table::parse(
            &TextFile {
                name,
                text: strip_bom(text),
            },
            problems,
        )),
        Err(problem) => {
            problems.push(problem);
            None
        }
    }
}

/// One sheet of a workbook (the first visible one when `sheet` is `None`) as a table; `name` is how
/// messages call it.
pub fn read_workbook_table(
    book: &Path,
    sheet: Option<&str>,
    name: &str,
    problems: &mut crate::error::Problems,
) -> Option<Table> {
    match file::read_binary(book, name) {
        Ok(bytes) => sheet_table(bytes, name, sheet, problems),
        Err(problem) => {
            problems.push(problem);
            None
        }
    }
}

/// A workbook sheet as a table; cells merged across its data rows are refused (a merged cell keeps
/// its value in its first row only, so the others would silently read as empty).
fn sheet_table(
    bytes: Vec<u8>,
    name: &str,
    sheet: Option<&str>,
    problems: &mut crate::error::Problems,
) -> Option<Table> {
    let read = match workbook::read_sheet(bytes, name, sheet) {
        Ok(read) => read,
        Err(problem) => {
            problems.push(problem);
            return None;
        }
    };
    if read.chosen {
        // More than one sheet and none named: say which one was read.
        eprintln!(
            "pairplan: {}",
            crate::tr!("sheet-read", sheet = &read.sheet, file = name)
        );
    }
    Some(sheet_rows_table(
        read.rows,
        &read.merged_rows,
        name,
        problems,
    ))
}

/// A sheet's rows as a table; cells merged across its data rows are refused (a merged cell keeps
/// its value in its first row only, so the others would silently read as empty).
fn sheet_rows_table(
    rows: Vec<(u64, Vec<String>)>,
    merged_rows: &[(u64, u64)],
    name: &str,
    problems: &mut crate::error::Problems,
) -> Table {
    let table = Table::from_sheet_rows(name, rows, problems);
    let first_data = table.records.first().map_or(u64::MAX, |r| r.line);
    for (from, to) in merged_rows.iter().filter(|(_, to)| *to >= first_data) {
        problems.push(InputProblem {
            file: name.to_string(),
            line: Some(*from),
            column: None,
            found: Some(crate::tr!("found-merged", from = *from, to = *to)),
            expected: crate::tr!("expected-unmerged"),
        });
    }
    table
}

/// A planner's lists are read as tables before any sheet is asked for by name.
fn unreachable_own(name: &str) -> Result<Vec<u8>, InputProblem> {
    Err(InputProblem::file(name, "a table of the lists"))
}

/// Reads a text file from disk: UTF-8 (with or without a BOM), or — as Excel and WPS save CSV on a
/// Chinese Windows — GBK. Which one is not guessed by hand: a file that is not UTF-8 is given to
/// chardetng (the detector Firefox uses), and read as GBK only when that is its guess and the bytes
/// are valid GBK/GB18030; anything else is reported with where UTF-8 broke and what it looks like.
pub fn read_text(path: &Path, name: &str) -> Result<String, InputProblem> {
    let bytes = file::read_bytes(path, name)?;
    decode(bytes).map_err(|not_text| InputProblem::file(name, not_text.to_string()))
}

/// Why bytes were not taken as text.
#[derive(Debug, PartialEq)]
struct NotText {
    /// Offset of the first byte that is not UTF-8.
    offset: usize,
    /// The detector's guess.
    looks_like: &'static str,
}

impl std::fmt::Display for NotText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let looks = if self.looks_like == encoding_rs::GBK.name() {
            crate::tr!("not-gbk-either")
        } else {
            crate::tr!("looks-like", encoding = self.looks_like)
        };
        write!(
            f,
            "{}",
            crate::tr!("expected-text", offset = self.offset, looks = looks)
        )
    }
}

/// Decodes file bytes as UTF-8, else as GBK when the detector says so (see [`read_text`]).
pub fn decode_text(bytes: Vec<u8>) -> Result<String, String> {
    decode(bytes).map_err(|not_text| not_text.to_string())
}

fn decode(bytes: Vec<u8>) -> Result<String, NotText> {
    let err = match String::from_utf8(bytes) {
        Ok(text) => return Ok(text),
        Err(err) => err,
    };
    let offset = err.utf8_error().valid_up_to();
    let bytes = err.into_bytes();
    // Excel's "Unicode text" (Unicode 文本): UTF-16 with a byte-order mark, tab-separated.
    for (bom, encoding) in [
        (&[0xFF, 0xFE], encoding_rs::UTF_16LE),
        (&[0xFE, 0xFF], encoding_rs::UTF_16BE),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            return encoding
                .decode_without_bom_handling_and_without_replacement(rest)
                .map(|text| text.into_owned())
                .ok_or(NotText {
                    offset,
                    looks_like: encoding.name(),
                });
        }
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(&bytes, true);
    // The planners are in China: the `cn` domain tips close calls towards Chinese encodings.
    let guess = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Deny);
    let text = (guess == encoding_rs::GBK || guess == encoding_rs::GB18030)
        .then(|| encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(&bytes))
        .flatten();
    match text {
        Some(text) => Ok(text.into_owned()),
        None => Err(NotText {
            offset,
            looks_like: if guess == encoding_rs::GB18030 {
                encoding_rs::GBK.name()
            } else {
                guess.name()
            },
        }),
    }
}

fn strip_bom(text: String) -> String {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    }
}

/// Lets a large value go on a worker thread: freeing the tables, lists and ledger of a national
/// dataset (hundreds of thousands of rows, each a few strings) takes tens of milliseconds that the
/// caller need not wait for.
pub fn drop_aside<T: Send + 'static>(value: T) {
    rayon::spawn(move || drop(value));
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn utf8_gbk_and_damaged_utf8() {
        let table = "id,name,county\n620001000001,一村,一县\n620001000002,二村,一县\n";
        assert_eq!(decode(table.into()), Ok(table.into()));
        let (gbk, _, _) = encoding_rs::GB18030.encode(table);
        assert!(std::str::from_utf8(&gbk).is_err());
        assert_eq!(decode(gbk.into_owned()), Ok(table.into()));
        // UTF-8 up to a stray byte is not re-read as GBK.
        let mut damaged = table.as_bytes().to_vec();
        damaged.push(0xff);
        let err = decode(damaged).unwrap_err();
        assert_eq!(err.offset, table.len());
        assert!(err
            .to_string()
            .starts_with("UTF-8 or GBK text (invalid byte at offset"));
    }
}
