//! Bytes → raw rows: where a dataset's files come from and how a CSV table is read.
//!
//! A dataset is either the Tianjin 2019 data compiled into the binary or a directory. Tables are UTF-8
//! CSV with a header row; a BOM and CRLF line ends are accepted, and every cell is normalised (trimmed,
//! full-width digits, letters and spaces folded) before any later stage sees it.

mod embedded;
mod ledger;
mod spec;
mod table;

pub use embedded::{EMBEDDED_DATASET, EMBEDDED_DIVISIONS, EMBEDDED_MODELS};
pub use ledger::{read_pairings, PairingRow, REQUIRED_PAIRING_COLUMNS};
pub use spec::*;
pub use table::{normalize_cell, Record, Table};

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
            Source::Embedded(_, files) => files
                .iter()
                .find(|(n, _)| *n == file)
                .map(|(_, text)| text.to_string())
                .ok_or_else(|| InputProblem::file(&name, "a file of the embedded dataset"))?,
            Source::Dir(dir) => read_utf8(&dir.join(file), &name)?,
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

/// Reads a file from disk as UTF-8 text.
pub fn read_utf8(path: &Path, name: &str) -> Result<String, InputProblem> {
    let bytes = std::fs::read(path)
        .map_err(|err| InputProblem::file(name, format!("a readable file ({err})")))?;
    String::from_utf8(bytes).map_err(|err| {
        let offset = err.utf8_error().valid_up_to();
        InputProblem::file(
            name,
            format!("UTF-8 text (invalid byte at offset {offset}; save the file as UTF-8)"),
        )
    })
}

fn strip_bom(text: String) -> String {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    }
}
