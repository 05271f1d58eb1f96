//! `pairplan diff OLD.csv NEW.csv`: what moved between two pairings files — units kept, changed, new
//! and dropped per program and per district, and in one-helper programs the recipients whose helper
//! changed, grouped by district. Any two pairings files: last year's ledger, `plan --out`, a
//! colleague's spreadsheet.

use std::path::PathBuf;

use serde::Serialize;

use super::{print_summary, Failure, Format};
use crate::change::{self, Comparison};
use crate::load::read_pairings;
use crate::report;
use crate::validate::ledger::RowProblem;

/// Arguments of `diff`.
#[derive(Debug, Clone, clap::Args)]
pub struct DiffArgs {
    /// Data and models: the ids of both files are looked up in them, so that a name written beside
    /// an id that is another's is said, and every pairing is shown with its data's names.
    #[command(flatten)]
    pub data: super::DataArgs,
    /// The older pairings file (last year's ledger, a plan).
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The newer pairings file.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Output format of the summary.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write every pairing of either file with its status (kept, changed, new, dropped) to this
    /// file: `.xlsx` a workbook, `.json`, else CSV.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Serialize)]
struct JsonOutput<'a> {
    old: &'a str,
    new: &'a str,
    /// What the data says of either file's rows: names that are other ids', pairs listed twice.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    notes: Vec<String>,
    #[serde(flatten)]
    comparison: &'a Comparison,
}

/// One side of the comparison: its name, its rows (each pair once, named as the data names its
/// ids), and what the data says of its rows (names that are other ids', pairs listed twice).
struct Side {
    name: String,
    rows: Vec<crate::load::PairingRow>,
    notes: Vec<String>,
}

fn read(
    path: &std::path::Path,
    inputs: &super::Inputs,
    instances: &[crate::domain::Instance],
) -> Result<Side, Failure> {
    let table = super::table_at(path)?;
    let rows = read_pairings(&table)?;
    let ledger = inputs.ledger(&table.file, &rows, instances);
    let notes = instances
        .iter()
        .flat_map(|instance| crate::check::row_findings(instance, &ledger))
        .filter(|(_, f)| {
            matches!(
                f.kind,
                crate::check::FindingKind::NameMismatch | crate::check::FindingKind::DuplicatePair
            )
        })
        .map(|(_, f)| f.message)
        .collect();
    let rows = ledger
        .rows
        .iter()
        // A plain pair listed twice is one pairing; an allotment's rows add up, as compare does.
        .filter(|r| {
            !matches!(r.problem, Some(RowProblem::ListedTwice { .. }))
                || instances.iter().any(|i| {
                    r.program.as_deref() == Some(i.program.name.as_str()) && i.is_allotment()
                })
        })
        .map(|r| named_by_data(r, instances))
        .collect();
    Ok(Side {
        name: table.file,
        rows,
        notes,
    })
}

/// A row with the names its ids have in the data, where the data knows them: a name edited over
/// an id is never shown as that id's.
fn named_by_data(
    row: &crate::validate::ledger::LedgerRow,
    instances: &[crate::domain::Instance],
) -> crate::load::PairingRow {
    let mut written = row.as_written();
    let Some(instance) = instances
        .iter()
        .find(|i| row.program.as_deref() == Some(i.program.name.as_str()))
    else {
        return written;
    };
    if let Some(helper) = row.helper {
        written.helper_name = Some(instance.helpers[helper.0].name.clone());
        written.helper_district = Some(instance.district_name(helper).to_string());
    }
    if let Some(recipient) = row.recipient {
        written.recipient_name = Some(instance.recipients[recipient.0].name.clone());
        written.county = Some(instance.county_name(recipient).to_string());
    }
    written
}

/// Runs the subcommand: exit 0 whatever moved.
pub fn run(args: &DiffArgs) -> Result<u8, Failure> {
    let mut inputs = super::inputs(&args.data, None)?;
    let instances = inputs.instances();
    std::mem::take(&mut inputs.problems).into_result(())?;
    let old = read(&args.old, &inputs, &instances)?;
    let new = read(&args.new, &inputs, &instances)?;
    let (old_name, new_name) = (&old.name, &new.name);
    let comparison = change::compare(&old.rows, &new.rows);
    if let Some(path) = &args.out {
        super::write_sheets("--out", path, &[report::changes_sheet(&comparison)])?;
    }
    let text = match args.format {
        Format::Json => {
            let output = JsonOutput {
                old: old_name,
                new: new_name,
                notes: old.notes.iter().chain(&new.notes).cloned().collect(),
                comparison: &comparison,
            };
            let mut text = serde_json::to_string_pretty(&output)
                .map_err(|e| Failure::Internal(e.to_string()))?;
            text.push('\n');
            text
        }
        Format::Table => {
            let mut text = String::new();
            for side in [&old, &new] {
                text.push_str(&report::render_notes_list(
                    &crate::tr!(
                        "diff-rows-heading",
                        file = &side.name,
                        count = side.notes.len()
                    ),
                    &side.notes,
                ));
            }
            text.push_str(&report::render_diff_text(old_name, new_name, &comparison));
            text
        }
    };
    print_summary(&text, args.out.as_deref())?;
    Ok(0)
}
