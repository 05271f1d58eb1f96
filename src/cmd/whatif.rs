//! `pairplan whatif SCENARIO.toml...`: the baseline and every scenario planned side by side (rayon),
//! each scenario against the baseline's plan, and compared in one table — feasible or not (with the
//! counted reason), coverage, off-map pairings, mismatches, balance, units moved against the
//! baseline, and the program's own objective.

use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

use super::plan::{plan_all, read_scenario, scenario_against, Planned};
use super::{print_summary, DataArgs, Failure, Format};
use crate::load::EditSpec;
use crate::report::{self, WhatIfRow};

/// Arguments of `whatif`.
#[derive(Debug, Clone, clap::Args)]
pub struct WhatIfArgs {
    /// Data and models.
    #[command(flatten)]
    pub data: DataArgs,
    /// The scenario files (see scenarios/).
    #[arg(value_name = "SCENARIO", required_unless_present = "sweep")]
    pub scenarios: Vec<PathBuf>,
    /// A family of scenarios, one per value: `move(西青区,武清区)=0..60:10` (villages of quota moved
    /// from the first district to the second), `minimum(市工商联)=5..15:1`, `capacity(E0123)=0..5:1`,
    /// `weight(off_map)=50..200:50` (any of off_map, trait_mismatch, balance, change).
    #[arg(long, value_name = "KEY(ARGS)=FROM..TO:STEP")]
    pub sweep: Option<String>,
    /// Output format of the comparison.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write the comparison as CSV.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Also list, for each scenario, the pairings it moves against the baseline, grouped by
    /// district (as `pairplan diff` does).
    #[arg(long)]
    pub diff: bool,
    /// Also say, for each scenario, what binds its plans (as `plan --explain`).
    #[arg(long)]
    pub explain: bool,
}

#[derive(Serialize)]
struct JsonOutput<'a> {
    dataset: &'a str,
    rows: &'a [WhatIfRow],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    diffs: Vec<ScenarioDiff<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    explained: Vec<ScenarioBinding<'a>>,
}

/// What binds one scenario's plans (`--explain`).
#[derive(Serialize)]
struct ScenarioBinding<'a> {
    scenario: &'a str,
    binding: &'a [crate::sensitivity::Binding],
}

/// What one scenario moves against the baseline (`--diff`).
#[derive(Serialize)]
struct ScenarioDiff<'a> {
    scenario: &'a str,
    #[serde(flatten)]
    comparison: &'a crate::change::Comparison,
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

/// What a scenario's plans move against the baseline's plans of the same programs.
fn moved_against(baseline: &[Planned], planned: &[Planned]) -> crate::change::Comparison {
    let rows = |all: &[Planned], names: &[&str]| -> Vec<crate::load::PairingRow> {
        all.iter()
            .filter(|(instance, ..)| names.contains(&instance.program.name.as_str()))
            .flat_map(|(instance, plan, _)| crate::change::plan_rows(instance, plan))
            .collect()
    };
    let names: Vec<&str> = planned
        .iter()
        .map(|(i, ..)| i.program.name.as_str())
        .collect();
    crate::change::compare(&rows(baseline, &names), &rows(planned, &names))
}

/// Whether a scenario left a program's data as the baseline's (its previous plan aside).
fn same_data(baseline: &crate::domain::Instance, edited: &crate::domain::Instance) -> bool {
    let mut edited = edited.clone();
    edited.previous.clone_from(&baseline.previous);
    edited.change_budget = baseline.change_budget;
    &edited == baseline
}

/// The scenarios of a `--sweep KEY(ARGS)=FROM..TO:STEP`, one per value, or what is wrong with it.
fn sweep_scenarios(sweep: &str) -> Result<Vec<crate::load::ScenarioSpec>, String> {
    let expected = "a sweep such as move(西青区,武清区)=0..60:10, minimum(市工商联)=5..15:1, capacity(E0123)=0..5:1 or weight(off_map)=50..200:50";
    let wrong = |why: &str| format!("--sweep '{sweep}': {why}; expected {expected}");
    let (key, range) = sweep.split_once('=').ok_or_else(|| wrong("no '='"))?;
    let (name, rest) = key
        .split_once('(')
        .ok_or_else(|| wrong("no '(' after the key"))?;
    let arguments: Vec<String> = rest
        .strip_suffix(')')
        .ok_or_else(|| wrong("no ')' closing the arguments"))?
        .split(',')
        .map(|a| a.trim().to_string())
        .collect();
    let (span, step) = range.split_once(':').unwrap_or((range, "1"));
    let (from, to) = span
        .split_once("..")
        .ok_or_else(|| wrong("no '..' in the range"))?;
    let number = |text: &str| {
        text.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v >= 0.0)
            .ok_or_else(|| wrong(&format!("'{text}' is not a number from 0")))
    };
    let (from, to, step) = (number(from)?, number(to)?, number(step)?);
    if step <= 0.0 || to < from || (to - from) / step > 10_000.0 {
        return Err(wrong(
            "the range must rise by a positive step, at most 10000 values",
        ));
    }
    let whole = |v: f64| -> Result<u32, String> {
        (v.fract() == 0.0 && v <= f64::from(u32::MAX))
            .then_some(v as u32)
            .ok_or_else(|| wrong(&format!("{v} is not a whole number")))
    };
    let mut scenarios = Vec::new();
    let mut k = 0.0;
    while from + k * step <= to + 1e-9 {
        let value = from + k * step;
        k += 1.0;
        let edit = match (name.trim(), arguments.as_slice()) {
            ("move", [a, b]) => EditSpec::MoveQuota {
                program: None,
                from: a.clone(),
                to: b.clone(),
                amount: whole(value)?,
            },
            ("minimum", [unit]) => EditSpec::SetMinimum {
                program: None,
                unit: unit.clone(),
                minimum: whole(value)?,
            },
            ("capacity", [helper]) => EditSpec::SetCapacity {
                program: None,
                helper: helper.clone(),
                capacity: whole(value)?,
            },
            ("weight", [weight]) => {
                let mut weights = EditSpec::Weights {
                    program: None,
                    off_map: None,
                    trait_mismatch: None,
                    balance: None,
                    change: None,
                };
                if let EditSpec::Weights {
                    off_map,
                    trait_mismatch,
                    balance,
                    change,
                    ..
                } = &mut weights
                {
                    *match weight.as_str() {
                        "off_map" => off_map,
                        "trait_mismatch" => trait_mismatch,
                        "balance" => balance,
                        "change" => change,
                        other => return Err(wrong(&format!("no weight '{other}'"))),
                    } = Some(value);
                }
                weights
            }
            _ => return Err(wrong(&format!("no sweep key {key}"))),
        };
        scenarios.push(crate::load::ScenarioSpec {
            file: "--sweep".into(),
            title: format!("{key}={}", crate::text::format_number(value)),
            programs: None,
            edits: vec![toml::Spanned::new(0..0, edit)],
            edit_lines: vec![1],
        });
    }
    Ok(scenarios)
}

/// Runs the subcommand: exit 0 when every scenario has a plan, 1 when some has none (its reason is
/// in the table), 2 when a scenario file is wrong.
pub fn run(args: &WhatIfArgs) -> Result<u8, Failure> {
    let mut inputs = super::inputs(&args.data, None)?;
    let instances = inputs.instances();
    std::mem::take(&mut inputs.problems).into_result(())?;
    let mut specs = args
        .scenarios
        .iter()
        .map(|path| read_scenario(path))
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(sweep) = &args.sweep {
        specs.extend(sweep_scenarios(sweep).map_err(Failure::Usage)?);
    }
    let solver = crate::solve::Solver::Auto;
    let baseline = plan_all(instances.clone(), &[], solver, None)?;
    if let Some(failure) = baseline.failed.into_iter().next() {
        return Err(failure);
    }
    let baseline = baseline.planned;
    // A scenario that names no programs is planned for those its edits change.
    let edited = specs
        .iter()
        .map(|spec| {
            scenario_against(spec, &instances, &baseline).map(|(edited, _)| {
                edited
                    .into_iter()
                    .filter(|e| {
                        spec.programs.is_some()
                            || instances
                                .iter()
                                .any(|b| b.program.name == e.program.name && !same_data(b, e))
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    type Outcome = (
        Vec<WhatIfRow>,
        crate::change::Comparison,
        Vec<crate::sensitivity::Binding>,
    );
    let planned: Vec<Outcome> = specs
        .par_iter()
        .zip(edited)
        .map(|(spec, edited)| match plan_all(edited, &[], solver, None) {
            Ok(all) => {
                // The programs with a plan, then each without one with its reason.
                let mut rows = rows_of(&spec.title, &all.planned);
                rows.extend(all.failed.iter().map(|failure| {
                    WhatIfRow::infeasible(&spec.title, failure.program(), &failure.to_string())
                }));
                let bindings = if args.explain {
                    all.planned
                        .iter()
                        .map(|(instance, plan, _)| {
                            // What binds the scenario's own optimum, not its change cost.
                            let mut plain = instance.clone();
                            plain.previous.clear();
                            let objective = crate::model::plan_cost(&plain, plan);
                            crate::sensitivity::binding(&plain, plan, objective)
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                (rows, moved_against(&baseline, &all.planned), bindings)
            }
            Err(failure) => (
                vec![WhatIfRow::infeasible(&spec.title, "", &failure.to_string())],
                crate::change::Comparison::default(),
                Vec::new(),
            ),
        })
        .collect();
    let mut rows = rows_of("baseline", &baseline);
    let mut comparisons = Vec::new();
    let mut bindings = Vec::new();
    for (scenario_rows, comparison, binding) in planned {
        rows.extend(scenario_rows);
        comparisons.push(comparison);
        bindings.push(binding);
    }
    if let Some(path) = &args.out {
        crate::report::write_atomically(path, &report::render_whatif_csv(&rows))?;
    }
    let text = match args.format {
        Format::Json => {
            let diffs = if args.diff {
                specs
                    .iter()
                    .zip(&comparisons)
                    .map(|(spec, comparison)| ScenarioDiff {
                        scenario: &spec.title,
                        comparison,
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let explained = specs
                .iter()
                .zip(&bindings)
                .filter(|(_, b)| !b.is_empty())
                .map(|(spec, binding)| ScenarioBinding {
                    scenario: &spec.title,
                    binding,
                })
                .collect();
            let mut text = serde_json::to_string_pretty(&JsonOutput {
                dataset: &inputs.dataset.spec.name,
                rows: &rows,
                diffs,
                explained,
            })
            .map_err(|e| Failure::Internal(e.to_string()))?;
            text.push('\n');
            text
        }
        Format::Table => {
            let mut text = report::render_whatif_text(&rows);
            if args.diff {
                for (spec, comparison) in specs.iter().zip(&comparisons) {
                    text.push('\n');
                    text.push_str(&report::render_diff_text(
                        "baseline",
                        &spec.title,
                        comparison,
                    ));
                }
            }
            for (spec, binding) in specs.iter().zip(&bindings) {
                for one in binding {
                    text.push_str(&format!("\n{}: ", spec.title));
                    text.push_str(&report::render_binding(one));
                }
            }
            text
        }
    };
    print_summary(&text, args.out.as_deref())?;
    Ok(if rows.iter().all(|r| r.feasible) {
        0
    } else {
        1
    })
}
