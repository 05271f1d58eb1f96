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

/// Arguments of `diff`.
#[derive(Debug, Clone, clap::Args)]
pub struct DiffArgs {
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
    #[serde(flatten)]
    comparison: &'a Comparison,
}

fn read(path: &std::path::Path) -> Result<(String, Vec<crate::load::PairingRow>), Failure> {
    let table = super::table_at(path)?;
    let rows = read_pairings(&table)?;
    Ok((table.file, rows))
}

/// Runs the subcommand: exit 0 whatever moved.
pub fn run(args: &DiffArgs) -> Result<u8, Failure> {
    let (old_name, old) = read(&args.old)?;
    let (new_name, new) = read(&args.new)?;
    let comparison = change::compare(&old, &new);
    if let Some(path) = &args.out {
        super::write_sheets("--out", path, &[report::changes_sheet(&comparison)])?;
    }
    let text = match args.format {
        Format::Json => {
            let output = JsonOutput {
                old: &old_name,
                new: &new_name,
                comparison: &comparison,
            };
            let mut text = serde_json::to_string_pretty(&output)
                .map_err(|e| Failure::Internal(e.to_string()))?;
            text.push('\n');
            text
        }
        Format::Table => report::render_diff_text(&old_name, &new_name, &comparison),
    };
    print_summary(&text, args.out.as_deref())?;
    Ok(0)
}
