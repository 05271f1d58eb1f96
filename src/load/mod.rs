//! Bytes → raw rows: where a dataset's files come from and how a CSV table is read.
//!
//! A dataset is either the Tianjin 2019 data compiled into the binary or a directory. Tables are CSV
//! with a header row, in UTF-8 or in the GBK that Excel and WPS write on a Chinese Windows; a BOM and
//! CRLF line ends are accepted, and every cell is normalised (trimmed, full-width digits, letters and
//! spaces folded) before any later stage sees it.

mod embedded;
pub mod file;
mod ledger;
mod scenario;
mod spec;
mod table;

pub use embedded::{EMBEDDED_DATASET, EMBEDDED_DIVISIONS, EMBEDDED_MODELS};
pub use ledger::{read_pairings, read_renames, PairingRow, DROPPED, REQUIRED_PAIRING_COLUMNS};
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
                    .ok_or_else(|| InputProblem::file(&name, "a file of the embedded dataset"))?;
                file::record_content(&name, text.as_bytes());
                text
            }
            Source::Dir(dir) => read_text(&file::inside(dir, file)?, &name)?,
        };
        Ok(TextFile {
            name,
            text: strip_bom(text),
        })
    }

    /// Reads and parses one CSV table, recording a missing, unreadable or malformed file among the
    /// problems instead of stopping, so that one run reports every bad input.
    pub fn read_table(&self, file: &str, problems: &mut crate::error::Problems) -> Option<Table> {
        match self.read(file) {
            Ok(text) => Some(Table::parse(&text, problems)),
            Err(problem) => {
                problems.push(problem);
                None
            }
        }
    }

    /// Whether the source has this file.
    pub fn has(&self, file: &str) -> bool {
        match self {
            Source::Embedded(_, files) => files.iter().any(|(n, _)| *n == file),
            Source::Dir(dir) => dir.join(file).is_file(),
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
        };
        names.retain(|n| n.ends_with(suffix));
        names.sort();
        names
    }
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
        write!(
            f,
            "UTF-8 or GBK text (invalid byte at offset {}; ",
            self.offset
        )?;
        if self.looks_like == encoding_rs::GBK.name() {
            write!(f, "not valid GBK either")?;
        } else {
            write!(f, "the file looks like {}", self.looks_like)?;
        }
        write!(f, "; save it as UTF-8, or as CSV from Excel/WPS)")
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
