//! A pairings file — last year's ledger, a colleague's spreadsheet, or `plan --out` — read into raw
//! rows. Which ids exist is judged later, by `check`: an unknown id is a finding, not an error.

use super::Table;
use crate::error::{InputErrors, Problems};

/// One row of a pairings file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairingRow {
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
}

/// The `status` of a row that lists a pairing of last year no longer in the plan.
pub const DROPPED: &str = "dropped";

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
    // A plan written with `--previous` lists last year's pairs that are gone as `dropped` rows:
    // they are no pairings of that plan.
    let status = table.column("status");
    let rows = table
        .records
        .iter()
        .filter(|record| status.is_none_or(|c| record.cells[c] != DROPPED))
        .map(|record| PairingRow {
            line: record.line,
            program: record.cells[cols[0]].clone(),
            helper_id: record.cells[cols[1]].clone(),
            recipient_id: record.cells[cols[2]].clone(),
            helper_name: helper_name.map(|c| record.cells[c].clone()),
            recipient_name: recipient_name.map(|c| record.cells[c].clone()),
            helper_district: helper_district.map(|c| record.cells[c].clone()),
            county: county.map(|c| record.cells[c].clone()),
            units: units
                .map_or(Some(1), |c| table.count(record, c, &mut problems))
                .unwrap_or(0),
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
