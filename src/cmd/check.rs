//! `pairplan check`: audits existing pairings — last year's ledger, a colleague's spreadsheet, or a
//! plan the tool made — and the data itself, without running the optimizer.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{print_summary, DataArgs, Failure, Format};
use crate::check::{self, Finding, ProgramCoverage};
use crate::domain::{Instance, Plan};
use crate::graph::PairingGraph;
use crate::load::{read_pairings, read_text, TextFile};
use crate::report;

/// Arguments of `check`.
#[derive(Debug, Clone, clap::Args)]
pub struct CheckArgs {
    /// Data and models.
    #[command(flatten)]
    pub data: DataArgs,
    /// Pairings to audit (CSV with at least program, helper_id, recipient_id); default: the
    /// dataset's ledger.
    #[arg(long, value_name = "FILE")]
    pub pairings: Option<std::path::PathBuf>,
    /// Check only this program.
    #[arg(long, value_name = "NAME")]
    pub program: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Also write the findings as CSV to this file (`-`: standard output, the report then on
    /// standard error).
    #[arg(long, value_name = "FILE")]
    pub out: Option<std::path::PathBuf>,
    /// Also compare actual figures (CSV: table, district, indicator, actual) with the dataset's
    /// target tables (labour, consumption) and their milestones.
    #[arg(long, value_name = "FILE")]
    pub actuals: Option<std::path::PathBuf>,
    /// The date the actual figures stand at (YYYY-MM-DD): the milestones due by then apply;
    /// without it, the whole targets.
    #[arg(long, value_name = "DATE", value_parser = parse_date, requires = "actuals")]
    pub as_of: Option<String>,
}

fn parse_date(text: &str) -> Result<String, String> {
    if crate::targets::is_date(text) {
        Ok(text.to_string())
    } else {
        Err(format!("expected a date YYYY-MM-DD, found '{text}'"))
    }
}

#[derive(Serialize)]
struct JsonOutput<'a> {
    findings: &'a [Finding],
    coverage: BTreeMap<&'a str, &'a ProgramCoverage>,
    /// Programs the ledger has no rows for; absent when every program was audited.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    not_audited: &'a [String],
}

/// Runs the subcommand: exit 0 when no finding is a gap, 1 when some are.
pub fn run(args: &CheckArgs) -> Result<u8, Failure> {
    let mut inputs = super::inputs(&args.data, args.program.as_deref())?;
    let ledger = match &args.pairings {
        Some(path) => {
            let name = path.display().to_string();
            TextFile {
                text: read_text(path, &name)
                    .map_err(|p| Failure::Input(crate::error::InputErrors(vec![p])))?,
                name,
            }
        }
        None => {
            let Some(file) = inputs.dataset.spec.ledger.clone() else {
                return Err(Failure::Usage(format!(
                    "the dataset {} names no ledger: give one with --pairings FILE",
                    inputs.dataset.spec.name
                )));
            };
            inputs
                .data
                .read(&file)
                .map_err(|p| Failure::Input(crate::error::InputErrors(vec![p])))?
        }
    };
    let instances = inputs.instances();
    let rows = read_pairings(&ledger);
    let rows = match rows {
        Ok(rows) => rows,
        Err(errors) => {
            errors.0.into_iter().for_each(|p| inputs.problems.push(p));
            Vec::new()
        }
    };
    std::mem::take(&mut inputs.problems).into_result(())?;

    let mut findings = Vec::new();
    let mut coverages = Vec::new();
    if args.program.is_none() {
        let known: Vec<&str> = inputs.programs.iter().map(|p| p.name.as_str()).collect();
        findings.extend(check::unknown_programs(&ledger.name, &rows, &known));
    }
    // A ledger kept for some programs says nothing of the others: auditing them would bury its real
    // gaps under every recipient of programs it never meant to cover. Named with --program, or when
    // the ledger is empty, a program is audited all the same.
    let in_ledger = |name: &str| rows.iter().any(|row| row.program == name);
    let mut not_audited = Vec::new();
    for instance in instances.iter().filter(|i| !in_ledger(&i.program.name)) {
        if args.program.is_none() && !rows.is_empty() {
            not_audited.push(instance.program.name.clone());
        }
    }
    let audited: Vec<&Instance> = instances
        .iter()
        .filter(|i| !not_audited.contains(&i.program.name))
        .collect();
    let mut plans = Vec::new();
    for &instance in &audited {
        let graph = PairingGraph::build(instance);
        let (plan, unknown) = check::resolve_ledger(instance, &ledger.name, &rows);
        findings.extend(unknown);
        findings.extend(check::check_plan(instance, &plan));
        findings.extend(check::check_data(instance, &graph));
        coverages.push(check::coverage(instance, &plan));
        plans.push(plan);
    }
    // One capacity per helper across the programs that share it (a hospital's person-times).
    let planned: Vec<(&Instance, &Plan)> = audited.iter().copied().zip(&plans).collect();
    findings.extend(check::shared_capacity(&planned));
    findings.extend(check::total_mismatch_notes(
        &inputs.dataset.known_mismatches,
    ));
    if let Some(path) = &args.actuals {
        let name = path.display().to_string();
        let file = TextFile {
            text: read_text(path, &name)
                .map_err(|p| Failure::Input(crate::error::InputErrors(vec![p])))?,
            name,
        };
        let tables = crate::targets::read_targets(&inputs.data, &inputs.dataset)?;
        findings.extend(crate::targets::check_actuals(
            &tables,
            &file,
            args.as_of.as_deref(),
        )?);
    }
    check::sort_findings(&mut findings);

    if let Some(path) = &args.out {
        report::write_atomically(path, &report::render_findings_csv(&findings))?;
    }
    match args.format {
        Format::Json => {
            let output = JsonOutput {
                findings: &findings,
                coverage: coverages.iter().map(|c| (c.program.as_str(), c)).collect(),
                not_audited: &not_audited,
            };
            let mut text = serde_json::to_string_pretty(&output)
                .map_err(|e| Failure::Internal(e.to_string()))?;
            text.push('\n');
            print_summary(&text, args.out.as_deref())?;
        }
        Format::Table => print_summary(
            &report::render_check_text(&coverages, &findings, &not_audited),
            args.out.as_deref(),
        )?,
    }
    Ok(if check::has_gaps(&findings) { 1 } else { 0 })
}
