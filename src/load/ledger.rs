//! A pairings file — last year's ledger, a colleague's spreadsheet, or `plan --out` — read into raw
//! rows. Which ids exist is judged later, by `check`: an unknown id is a finding, not an error.

use super::Table;
use crate::error::{InputErrors, Problems};

/// One row of a pairings file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairingRow {
    /// The file the row is in, as messages name it (`区报/和平区.xlsx#台账`); empty for a row no
    /// file holds (a plan's own). Shared by the rows of one file.
    pub file: std::sync::Arc<str>,
    /// 1-based line in the file.
    pub line: u64,
    /// The program named in the row.
    pub program: String,
    /// The helper id as written.
    pub helper_id: String,
    /// The recipient id as written.
    pub recipient_id: String,
    /// The helper name as written, if the file has the column (used for suggestions).
    pub helper_name: Option<String>,
    /// The recipient name as written, if the file has the column.
    pub recipient_name: Option<String>,
    /// The helper's district as written, if the file has the column (`plan --out` writes it).
    pub helper_district: Option<String>,
    /// The recipient's county as written, if the file has the column.
    pub county: Option<String>,
    /// Units the pairing carries (person-times…): the `units` column, 1 when the file has none.
    pub units: u32,
    /// The day the posting began (`start`, YYYY-MM-DD), if the file says: with a post's tenure it
    /// tells when the posting ends.
    pub start: Option<jiff::civil::Date>,
}

/// The `status` of a row that lists a pairing of last year no longer in the plan.
pub const DROPPED: &str = "dropped";

/// Whether a `status` cell marks a dropped row: the name, or the word a workbook shows in either
/// language (取消), so that a plan written in Chinese reads back.
fn is_dropped(status: &str) -> bool {
    let status = status.trim();
    status == DROPPED
        || [crate::i18n::Lang::En, crate::i18n::Lang::Zh]
            .into_iter()
            .any(|lang| crate::i18n::message_in(lang, "status-dropped", &[]) == status)
}

/// The columns of a plan file; `check --pairings` reads the same file back.
pub const PLAN_COLUMNS: [&str; 10] = [
    "program",
    "recipient_id",
    "recipient_name",
    "county",
    "helper_id",
    "helper_name",
    "helper_district",
    "helper_unit",
    "on_map",
    "units",
];

/// The columns a pairings file must have.
pub const REQUIRED_PAIRING_COLUMNS: [&str; 3] = ["program", "helper_id", "recipient_id"];

/// Reads a pairings table; one that lacks a required column, or whose ids a spreadsheet shortened
/// into numbers, is an input error.
pub fn read_pairings(table: &Table) -> Result<Vec<PairingRow>, InputErrors> {
    let mut problems = Problems::default();
    let Some(cols) = table.require_columns(&REQUIRED_PAIRING_COLUMNS, &mut problems) else {
        return Err(problems.into_errors());
    };
    if table.shortened_ids(cols[1], &mut problems) | table.shortened_ids(cols[2], &mut problems) {
        return Err(problems.into_errors());
    }
    let helper_name = table.column("helper_name");
    let recipient_name = table.column("recipient_name");
    let helper_district = table.column("helper_district");
    let county = table.column("county");
    let units = table.column("units");
    let start = table.column("start");
    // A plan written with `--previous` lists last year's pairs that are gone as `dropped` rows:
    // they are no pairings of that plan.
    let status = table.column("status");
    let file: std::sync::Arc<str> = table.file.as_str().into();
    let rows = table
        .records
        .iter()
        .filter(|record| status.is_none_or(|c| !is_dropped(&record.cells[c])))
        .map(|record| PairingRow {
            file: file.clone(),
            line: record.line,
            program: record.cells[cols[0]].to_string(),
            helper_id: record.cells[cols[1]].to_string(),
            recipient_id: record.cells[cols[2]].to_string(),
            helper_name: helper_name.map(|c| record.cells[c].to_string()),
            recipient_name: recipient_name.map(|c| record.cells[c].to_string()),
            helper_district: helper_district.map(|c| record.cells[c].to_string()),
            county: county.map(|c| record.cells[c].to_string()),
            units: units
                .map_or(Some(1), |c| table.count(record, c, &mut problems))
                .unwrap_or(0),
            start: start.and_then(|c| table.date(record, c, &mut problems)),
        })
        .collect();
    problems.into_result(rows)
}

/// Ids renamed between two years as a file gives them: old id → (new id, line).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Renames {
    /// The file, as messages name it.
    pub file: String,
    /// Old id → the new id and the line that says so.
    pub renames: std::collections::BTreeMap<String, (String, u64)>,
}

/// Reads a table of ids renamed between two years (`old_id, new_id`): helpers and recipients whose
/// id changed, so that last year's pairings of them are still recognised. An old id given twice, or
/// an empty cell, is an input error.
pub fn read_renames(table: &Table) -> Result<Renames, InputErrors> {
    let mut problems = Problems::default();
    let Some(cols) = table.require_columns(&["old_id", "new_id"], &mut problems) else {
        return Err(problems.into_errors());
    };
    let mut renames = std::collections::BTreeMap::new();
    let mut lines = std::collections::BTreeMap::new();
    for record in &table.records {
        let (Some(old), Some(new)) = (
            table.text(record, cols[0], &mut problems),
            table.text(record, cols[1], &mut problems),
        ) else {
            continue;
        };
        if let Some(first) = lines.insert(old.to_string(), record.line) {
            problems.push(crate::error::InputProblem::cell(
                &table.file,
                record.line,
                "old_id",
                old,
                crate::tr!("expected-old-id-once", first = first),
            ));
        }
        renames.insert(old.to_string(), (new.to_string(), record.line));
    }
    problems.into_result(Renames {
        file: table.file.clone(),
        renames,
    })
}

/// The extensions of the files a folder of pairings files is read for.
const PAIRING_EXTENSIONS: [&str; 7] = ["csv", "tsv", "txt", "xlsx", "xlsm", "xls", "ods"];

/// The pairings tables of several files and folders (the districts' 台账 collected together): a
/// CSV or TSV file is one table; a workbook (without `#sheet`) every visible sheet that has the
/// pairing columns; a folder, each such file in it, by name. A file that cannot be read, or a
/// workbook none of whose sheets is a pairings table, is among the problems.
pub fn read_pairing_tables(paths: &[std::path::PathBuf], problems: &mut Problems) -> Vec<Table> {
    let mut tables = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(path)
                .map(|entries| {
                    entries
                        .filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| {
                            p.is_file()
                                && p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                                    PAIRING_EXTENSIONS.contains(&e.to_lowercase().as_str())
                                })
                        })
                        .collect()
                })
                .unwrap_or_default();
            files.sort();
            for file in files {
                tables.extend(pairing_tables_of(&file, problems));
            }
        } else {
            tables.extend(pairing_tables_of(path, problems));
        }
    }
    tables
}

/// One file's pairings tables (see [`read_pairing_tables`]).
fn pairing_tables_of(path: &std::path::Path, problems: &mut Problems) -> Vec<Table> {
    let given = path.to_string_lossy();
    let whole_workbook = super::workbook::workbook_name(&given).is_some_and(|(_, s)| s.is_none());
    if !whole_workbook {
        return super::read_table_file(path, problems).into_iter().collect();
    }
    let name = path.display().to_string();
    let sheets = match super::file::read_binary(path, &name)
        .and_then(|bytes| super::workbook::read_visible_sheets(bytes, &name))
    {
        Ok(sheets) => sheets,
        Err(problem) => {
            problems.push(problem);
            return Vec::new();
        }
    };
    let count = sheets.len();
    let mut found = Vec::new();
    let mut first = None;
    for sheet in sheets {
        // A sheet that is no pairings table (a cover, notes) is not read; with one sheet, it is,
        // so that what it lacks is said.
        let label = if count == 1 {
            name.clone()
        } else {
            format!("{name}#{}", sheet.sheet)
        };
        let mut own = Problems::default();
        let table = super::sheet_rows_table(sheet.rows, &sheet.merged_rows, &label, &mut own);
        let is_pairings = REQUIRED_PAIRING_COLUMNS
            .iter()
            .all(|c| table.column(c).is_some());
        if is_pairings {
            if sheet.chosen {
                // Other sheets are there too: say which one was read as pairings.
                eprintln!(
                    "pairplan: {}",
                    crate::tr!("sheet-read", sheet = &sheet.sheet, file = name.as_str())
                );
            }
            own.into_errors()
                .0
                .into_iter()
                .for_each(|p| problems.push(p));
            found.push(table);
        } else if first.is_none() {
            first = Some((table, own));
        }
    }
    if found.is_empty() {
        // None is a pairings table: the first sheet's missing columns say why.
        if let Some((table, own)) = first {
            own.into_errors()
                .0
                .into_iter()
                .for_each(|p| problems.push(p));
            found.push(table);
        }
    }
    found
}
