//! `pairplan whatif SCENARIO.toml...`: the baseline and every scenario planned side by side (rayon),
//! each scenario against the baseline's plan, and compared in one table — feasible or not (with the
//! counted reason), coverage, off-map pairings, mismatches, balance, units moved against the
//! baseline, and the program's own objective.

use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

use super::plan::{plan_all, read_scenario, scenario_against, Planned};
use super::{print_summary, DataArgs, Failure, Format};
use crate::report::{self, WhatIfRow};

/// Arguments of `whatif`.
#[derive(Debug, Clone, clap::Args)]
pub struct WhatIfArgs {
    /// Data and models.
    #[command(flatten)]
    pub data: DataArgs,
    /// The scenario files (see scenarios/).
    #[arg(value_name = "SCENARIO", required = true)]
    pub scenarios: Vec<PathBuf>,
    /// Output format of the comparison.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write the comparison as CSV.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Serialize)]
struct JsonOutput<'a> {
    dataset: &'a str,
    rows: &'a [WhatIfRow],
}

/// The rows of one planned scenario (or the baseline), a row per program.
fn rows_of(scenario: &str, planned: &[Planned]) -> Vec<WhatIfRow> {
    planned
        .iter()
        .map(|(instance, plan, summary)| WhatIfRow {
            scenario: scenario.to_string(),
            program: instance.program.name.clone(),
            feasible: true,
            reason: String::new(),
            covered: summary.covered,
            recipients: summary.recipients,
            off_map: summary.off_map,
            trait_mismatches: summary.trait_mismatches,
            balance_measure: summary.balance_measure,
            moved: crate::change::changed_units(&instance.previous, plan),
            objective: crate::model::plan_cost(instance, plan),
        })
        .collect()
}

/// Runs the subcommand: exit 0 when every scenario has a plan, 1 when some has none (its reason is
/// in the table), 2 when a scenario file is wrong.
pub fn run(args: &WhatIfArgs) -> Result<u8, Failure> {
    let mut inputs = super::inputs(&args.data, None)?;
    let instances = inputs.instances();
    std::mem::take(&mut inputs.problems).into_result(())?;
    let specs = args
        .scenarios
        .iter()
        .map(|path| read_scenario(path))
        .collect::<Result<Vec<_>, _>>()?;
    let solver = crate::solve::Solver::Auto;
    let baseline = plan_all(instances.clone(), &[], solver, None)?;
    if let Some(failure) = baseline.failed.into_iter().next() {
        return Err(failure);
    }
    let baseline = baseline.planned;
    let edited = specs
        .iter()
        .map(|spec| scenario_against(spec, &instances, &baseline).map(|(edited, _)| edited))
        .collect::<Result<Vec<_>, _>>()?;
    let planned: Vec<Vec<WhatIfRow>> = specs
        .par_iter()
        .zip(edited)
        .map(|(spec, edited)| match plan_all(edited, &[], solver, None) {
            Ok(all) => {
                // The programs with a plan, then each without one with its reason.
                let mut rows = rows_of(&spec.title, &all.planned);
                rows.extend(all.failed.iter().map(|failure| {
                    WhatIfRow::infeasible(&spec.title, failure.program(), &failure.to_string())
                }));
                rows
            }
            Err(failure) => vec![WhatIfRow::infeasible(&spec.title, "", &failure.to_string())],
        })
        .collect();
    let mut rows = rows_of("baseline", &baseline);
    rows.extend(planned.into_iter().flatten());
    if let Some(path) = &args.out {
        crate::report::write_atomically(path, &report::render_whatif_csv(&rows))?;
    }
    let text = match args.format {
        Format::Json => {
            let mut text = serde_json::to_string_pretty(&JsonOutput {
                dataset: &inputs.dataset.spec.name,
                rows: &rows,
            })
            .map_err(|e| Failure::Internal(e.to_string()))?;
            text.push('\n');
            text
        }
        Format::Table => report::render_whatif_text(&rows),
    };
    print_summary(&text, args.out.as_deref())?;
    Ok(if rows.iter().all(|r| r.feasible) {
        0
    } else {
        1
    })
}
