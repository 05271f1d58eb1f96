//! `pairplan check`: audits existing pairings — last year's ledger, a colleague's spreadsheet, or a
//! plan the tool made — and the data itself, without running the optimizer.

use super::{print_summary, DataArgs, Failure, Format};
use crate::check;
use crate::jobs::audit::{self, AuditRequest};
use crate::report::{json, sheets, text};

/// Arguments of `check`.
#[derive(Debug, Clone, clap::Args)]
pub struct CheckArgs {
    /// Data and models.
    #[command(flatten)]
    pub data: DataArgs,
    /// Pairings to audit (CSV or workbooks with at least program, helper_id, recipient_id):
    /// several files and folders at once — each district's 台账 — are audited together (a folder:
    /// every .csv and .xlsx in it; a workbook: every sheet with those columns); default: the
    /// dataset's ledger.
    #[arg(long, value_name = "FILE|DIR", num_args = 1..)]
    pub pairings: Vec<std::path::PathBuf>,
    /// The last plan (a `plan --out` file, or last year's ledgers; several files and folders):
    /// the findings on rows changed since come first, under their own heading.
    #[arg(long = "previous", value_name = "FILE|DIR", num_args = 1..)]
    pub last_plan: Vec<std::path::PathBuf>,
    /// Check only this program, or these, comma-separated.
    #[arg(long, value_name = "NAME")]
    pub program: Option<String>,
    /// What to print on standard output: table (aligned text tables) or json.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Also write the findings to this file: `.xlsx` a workbook, `.json`, else CSV (`-`: CSV on
    /// standard output, the report then on standard error).
    #[arg(long, value_name = "FILE")]
    pub out: Option<std::path::PathBuf>,
    /// Also compare actual figures (CSV: table, subject, indicator, actual) with the dataset's
    /// target tables and their milestones (`programs --actuals-template` writes one to fill in).
    #[arg(long, value_name = "FILE")]
    pub actuals: Option<std::path::PathBuf>,
    /// The date the figures and pairings stand at (YYYY-MM-DD): the milestones due by then apply,
    /// and a program's pairings missing before its deadline are still to come; without it, the
    /// whole targets and every deadline passed.
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    pub as_of: Option<String>,
}

/// Runs the subcommand: exit 0 when no finding is a gap, 1 when some are. With `--actuals` (and no
/// `--pairings`), or `--program` naming a target table, only the actual figures are audited.
pub fn run(args: &CheckArgs) -> Result<u8, Failure> {
    // A check makes no manifest: what it reads needs no hash.
    crate::load::file::without_content_hashes();
    let mut inputs = super::inputs(&args.data, args.program.as_deref())?;
    let audit = audit::audit(
        &mut inputs,
        &AuditRequest {
            pairings: &args.pairings,
            previous: &args.last_plan,
            program: args.program.as_deref(),
            actuals: args.actuals.as_deref(),
            as_of: args.as_of.as_deref(),
        },
    )?;
    let findings = &audit.findings;
    let lines = &audit.actuals;
    if let Some(path) = &args.out {
        let mut sheets = vec![sheets::findings_sheet(findings, &|f| audit.data_of(f))];
        if !lines.is_empty() {
            sheets.push(sheets::actuals_sheet(lines));
        }
        super::write_sheets("--out", path, &sheets)?;
        super::tell_written(path);
    }
    let ledger = audit
        .ledger
        .as_ref()
        .map(|(file, synthetic)| json::LedgerFacts {
            file,
            origin: if *synthetic { "synthetic" } else { "given" },
        });
    let text = match args.format {
        Format::Json => json::pretty(&json::CheckDocument {
            findings,
            coverage: audit
                .coverages
                .iter()
                .map(|c| (c.program.as_str(), c))
                .collect(),
            not_audited: &audit.not_audited,
            ledger,
            actuals: lines,
            files: &audit.per_file,
        })?,
        Format::Table => {
            let (changed, rest) = findings.split_at(audit.changed);
            let mut out = text::render_audit(
                audit
                    .ledger
                    .as_ref()
                    .map(|(file, synthetic)| (file.as_str(), *synthetic)),
                rest,
                lines,
                &audit.coverages,
                &audit.not_audited,
            );
            if let Some(since) = &audit.changed_since {
                out = text::render_changed_first(since, changed) + &out;
            }
            out.push_str(&text::render_file_counts(&audit.per_file));
            out
        }
    };
    print_summary(&text, args.out.as_deref())?;
    Ok(if check::has_gaps(findings) { 1 } else { 0 })
}
