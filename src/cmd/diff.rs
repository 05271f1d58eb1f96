//! `pairplan diff OLD.csv NEW.csv`: what moved between two pairings files — units kept, changed, new
//! and dropped per program and per district, and in one-helper programs the recipients whose helper
//! changed, grouped by district. Any two pairings files: last year's ledger, `plan --out`, a
//! colleague's spreadsheet.

use std::path::PathBuf;

use super::{print_summary, Failure, Format};
use crate::jobs::next_year;
use crate::report::{json, sheets, text};

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
    /// How to print the summary on standard output: table (aligned text tables) or json.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write every pairing of either file with its status (kept, changed, new, dropped) to this
    /// file: `.xlsx` a workbook, `.json`, else CSV.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Runs the subcommand: exit 0 whatever moved.
pub fn run(args: &DiffArgs) -> Result<u8, Failure> {
    let mut inputs = super::inputs(&args.data, None)?;
    let diff = next_year::diff(&mut inputs, &args.old, &args.new)?;
    let (old, new) = (&diff.old, &diff.new);
    if let Some(path) = &args.out {
        super::write_sheets("--out", path, &[sheets::changes_sheet(&diff.comparison)])?;
        super::tell_written(path);
    }
    let text = match args.format {
        Format::Json => json::pretty(&json::DiffDocument {
            old: &old.name,
            new: &new.name,
            notes: old.notes.iter().chain(&new.notes).cloned().collect(),
            comparison: &diff.comparison,
        })?,
        Format::Table => {
            let mut out = String::new();
            for side in [old, new] {
                out.push_str(&text::render_notes_list(
                    &crate::tr!(
                        "diff-rows-heading",
                        file = &side.name,
                        count = side.notes.len()
                    ),
                    &side.notes,
                ));
            }
            out.push_str(&text::render_diff_text(
                &old.name,
                &new.name,
                &diff.comparison,
            ));
            out
        }
    };
    print_summary(&text, args.out.as_deref())?;
    Ok(0)
}
