//! `pairplan whatif SCENARIO.toml...`: the baseline and every scenario planned side by side (rayon),
//! each scenario against the baseline's plan, and compared in one table — feasible or not (with the
//! counted reason), coverage, off-map pairings, mismatches, balance, units moved against the
//! baseline, and the program's own objective.

use std::path::PathBuf;

use super::{print_summary, DataArgs, Failure, Format};
use crate::jobs::whatif::{self, WhatIfRequest, WhatIfRun};
use crate::report::manifest::Manifest;
use crate::report::{html, json, sheet, sheets, text};
use crate::summary::WhatIfRow;

/// Arguments of `whatif`.
#[derive(Debug, Clone, clap::Args)]
pub struct WhatIfArgs {
    /// Data and models.
    #[command(flatten)]
    pub data: DataArgs,
    /// The scenario files (TOML files of edits; README, What-if).
    #[arg(value_name = "SCENARIO", required_unless_present = "sweep")]
    pub scenarios: Vec<PathBuf>,
    /// A family of scenarios, one per value: `move(西青区,武清区)=0..60:10` (villages of quota moved
    /// from the first district to the second), `minimum(市工商联)=5..15:1`, `capacity(E0123)=0..5:1`,
    /// `weight(off_map)=50..200:50` (any of off_map, trait_mismatch, balance, change).
    #[arg(long, value_name = "KEY(ARGS)=FROM..TO:STEP")]
    pub sweep: Option<String>,
    /// How to print the comparison on standard output: table (aligned text tables) or json.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write the comparison (and a sweep's curve, the manifest) to this file: `.xlsx` a workbook,
    /// `.json`, else CSV (the comparison only).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Also list, for each scenario, the pairings it moves against the baseline, grouped by
    /// district (as `pairplan diff` does).
    #[arg(long)]
    pub diff: bool,
    /// Also say, for each scenario, what binds its plans (as `plan --explain`).
    #[arg(long)]
    pub explain: bool,
    /// Plan the baseline against last year's pairings (as `plan --previous`); the scenarios are
    /// planned against the baseline's plan.
    #[arg(long, value_name = "FILE|DIR", num_args = 1..)]
    pub previous: Vec<PathBuf>,
    /// Ids renamed since last year (`old_id,new_id`), with --previous.
    #[arg(long, value_name = "FILE", requires = "previous")]
    pub renamed: Option<PathBuf>,
    /// With --previous: the day the baseline starts (YYYY-MM-DD), as `plan --as-of`.
    #[arg(long, value_name = "DATE", value_parser = super::parse_date, requires = "previous")]
    pub as_of: Option<String>,
    /// Also write the report to look at: one self-contained HTML file with the scenarios side by
    /// side (units moved, the objective's change) and the baseline's charts.
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
    /// Write a manifest (JSON): the SHA-256 of every input, model and scenario read, the settings,
    /// and of the pairings of the baseline and of each scenario. `--format json` carries it too.
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
}

/// The settings a manifest records (those not given are left out).
fn manifest_settings(args: &WhatIfArgs) -> [(&'static str, Option<String>); 5] {
    let path = |p: &Option<PathBuf>| p.as_ref().map(|p| p.display().to_string());
    let scenarios: Vec<String> = args
        .scenarios
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    [
        ("solver", Some("auto".to_string())),
        (
            "scenarios",
            (!scenarios.is_empty()).then(|| scenarios.join(" ")),
        ),
        ("sweep", args.sweep.clone()),
        (
            "previous",
            (!args.previous.is_empty()).then(|| {
                args.previous
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            }),
        ),
        ("renamed", path(&args.renamed)),
    ]
}

/// Runs the subcommand: exit 0 when every scenario has a plan, 1 when some has none (its reason is
/// in the table), 2 when a scenario file is wrong.
pub fn run(args: &WhatIfArgs) -> Result<u8, Failure> {
    super::claim_outputs(&[
        ("--out", args.out.as_deref()),
        ("--report", args.report.as_deref()),
        ("--manifest", args.manifest.as_deref()),
    ])?;
    let mut inputs = super::inputs(&args.data, None)?;
    let run = whatif::run(
        &mut inputs,
        &WhatIfRequest {
            scenarios: &args.scenarios,
            sweep: args.sweep.as_deref(),
            previous: &args.previous,
            as_of: args.as_of.as_deref().and_then(crate::text::date),
            renamed: args.renamed.as_deref(),
            diff: args.diff,
            explain: args.explain,
        },
    )?;
    let mut manifest = Manifest::new(manifest_settings(args), &run.baseline_csv);
    manifest.read_lists(&inputs.data);
    for scenario in &run.scenarios {
        manifest.add_scenario(&scenario.title, scenario.pairings_sha256.clone());
    }
    let rows = run.rows();
    write_files(args, &run, &rows, &manifest, &inputs.dataset.spec.name)?;
    let sweep_key = args.sweep.as_deref().map(whatif::sweep::key);
    let text = match args.format {
        Format::Json => json::pretty(&json::WhatIfDocument {
            dataset: &inputs.dataset.spec.name,
            rows: &rows,
            sweep: sweep_key.map(|key| json::Sweep {
                key,
                curve: &run.curve,
            }),
            diffs: if args.diff {
                run.scenarios
                    .iter()
                    .map(|s| json::ScenarioDiff {
                        scenario: &s.title,
                        comparison: &s.comparison,
                    })
                    .collect()
            } else {
                Vec::new()
            },
            explained: run
                .scenarios
                .iter()
                .filter(|s| !s.bindings.is_empty())
                .map(|s| json::ScenarioBinding {
                    scenario: &s.title,
                    binding: &s.bindings,
                })
                .collect(),
            manifest: &manifest,
        })?,
        Format::Table => render_table(&run, &rows, sweep_key, args.diff),
    };
    print_summary(&text, args.out.as_deref())?;
    Ok(if run.all_feasible() { 0 } else { 1 })
}

/// Writes the files asked for: the comparison (`--out`), the manifest and the report.
fn write_files(
    args: &WhatIfArgs,
    run: &WhatIfRun,
    rows: &[WhatIfRow],
    manifest: &Manifest,
    dataset: &str,
) -> Result<(), Failure> {
    if let Some(path) = &args.out {
        let mut sheets = vec![sheets::whatif_sheet(rows)];
        if !run.curve.is_empty() {
            sheets.push(sheets::curve_sheet(&run.curve));
        }
        sheets.push(sheet::key_value_sheet(
            "manifest",
            &serde_json::to_value(manifest)?,
        ));
        super::write_sheets("--out", path, &sheets)?;
        super::tell_written(path);
    }
    if let Some(path) = &args.manifest {
        super::write_json("--manifest", path, manifest)?;
        super::tell_written(path);
    }
    if let Some(path) = &args.report {
        let page = html::render(&run.html_report(dataset, rows));
        crate::report::write_atomically("--report", path, page.as_bytes())?;
        super::tell_written(path);
    }
    Ok(())
}

/// The comparison as text: the scenarios' rows (a sweep's values show as its curve), then what
/// each moves (`--diff`) and what binds it (`--explain`).
fn render_table(
    run: &WhatIfRun,
    rows: &[WhatIfRow],
    sweep_key: Option<&str>,
    diff: bool,
) -> String {
    let swept: std::collections::BTreeSet<&str> = run
        .scenarios
        .iter()
        .filter(|s| s.swept.is_some())
        .map(|s| s.title.as_str())
        .collect();
    let table_rows: Vec<WhatIfRow> = rows
        .iter()
        .filter(|r| !swept.contains(r.scenario.as_str()))
        .cloned()
        .collect();
    let mut out = text::render_whatif_text(&table_rows);
    if let Some(key) = sweep_key {
        out.push('\n');
        out.push_str(&text::render_curve_text(key, &run.curve));
        for note in &run.sweep_notes {
            out.push_str(&format!("{note}\n"));
        }
    }
    if diff {
        for scenario in &run.scenarios {
            out.push('\n');
            out.push_str(&text::render_diff_text(
                &crate::tr!("baseline-label"),
                &scenario.title,
                &scenario.comparison,
            ));
        }
    }
    for scenario in &run.scenarios {
        for one in &scenario.bindings {
            out.push_str(&format!("\n{}: ", scenario.title));
            out.push_str(&text::render_binding(one));
        }
    }
    out
}
