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
    /// The scenario files (TOML files of edits; README, What-if).
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
    #[arg(long, value_name = "FILE")]
    pub previous: Option<PathBuf>,
    /// Ids renamed since last year (`old_id,new_id`), with --previous.
    #[arg(long, value_name = "FILE", requires = "previous")]
    pub renamed: Option<PathBuf>,
    /// Also write the report to look at: one self-contained HTML file with the scenarios side by
    /// side (units moved, the objective's change) and the baseline's charts.
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
    /// Write a manifest (JSON): the SHA-256 of every input, model and scenario read, the settings,
    /// and of the pairings of the baseline and of each scenario. `--format json` carries it too.
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
}

#[derive(Serialize)]
struct JsonOutput<'a> {
    dataset: &'a str,
    rows: &'a [WhatIfRow],
    #[serde(skip_serializing_if = "Option::is_none")]
    sweep: Option<Sweep<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    diffs: Vec<ScenarioDiff<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    explained: Vec<ScenarioBinding<'a>>,
    manifest: &'a super::Manifest,
}

/// A sweep's curve (`--sweep`).
#[derive(Serialize)]
struct Sweep<'a> {
    key: &'a str,
    curve: &'a [report::CurvePoint],
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
/// Each program's row of one scenario (`None`: the baseline).
fn rows_of(scenario: Option<&str>, planned: &[Planned]) -> Vec<WhatIfRow> {
    planned
        .iter()
        .map(|(instance, plan, summary)| WhatIfRow {
            scenario: scenario.map_or_else(|| crate::tr!("baseline-label"), str::to_string),
            baseline: scenario.is_none(),
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
        ("previous", path(&args.previous)),
        ("renamed", path(&args.renamed)),
    ]
}

/// The curve's points of one swept value: each program of the scenario against the baseline's.
fn curve_points(value: f64, rows: &[WhatIfRow], baseline: &[WhatIfRow]) -> Vec<report::CurvePoint> {
    rows.iter()
        .map(|r| {
            let objective = r.feasible.then_some(r.objective);
            let before = baseline
                .iter()
                .find(|b| b.program == r.program)
                .map(|b| b.objective);
            report::CurvePoint {
                value,
                program: r.program.clone(),
                feasible: r.feasible,
                objective,
                objective_change: objective.zip(before).map(|(now, then)| now - then),
                moved: r.moved,
                reason: r.reason.clone(),
            }
        })
        .collect()
}

/// Whether a scenario left a program's data as the baseline's (its previous plan aside).
fn same_data(baseline: &crate::domain::Instance, edited: &crate::domain::Instance) -> bool {
    let mut edited = edited.clone();
    edited.previous.clone_from(&baseline.previous);
    edited.change_budget = baseline.change_budget;
    &edited == baseline
}

/// The scenarios of a `--sweep KEY(ARGS)=FROM..TO:STEP`, one per value with its value, or what is
/// wrong with it.
fn sweep_scenarios(sweep: &str) -> Result<Vec<(f64, crate::load::ScenarioSpec)>, String> {
    let expected = crate::tr!("sweep-expected");
    let wrong = |why: &str| {
        crate::tr!(
            "sweep-wrong",
            sweep = sweep,
            why = why,
            expected = &expected
        )
    };
    let (key, range) = sweep
        .split_once('=')
        .ok_or_else(|| wrong(&crate::tr!("sweep-no-equals")))?;
    let (name, rest) = key
        .split_once('(')
        .ok_or_else(|| wrong(&crate::tr!("sweep-no-open")))?;
    let arguments: Vec<String> = rest
        .strip_suffix(')')
        .ok_or_else(|| wrong(&crate::tr!("sweep-no-close")))?
        .split(',')
        .map(|a| a.trim().to_string())
        .collect();
    let (span, step) = range.split_once(':').unwrap_or((range, "1"));
    let (from, to) = span
        .split_once("..")
        .ok_or_else(|| wrong(&crate::tr!("sweep-no-range")))?;
    let number = |text: &str| {
        text.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v >= 0.0)
            .ok_or_else(|| wrong(&crate::tr!("sweep-not-a-number", text = text)))
    };
    let (from, to, step) = (number(from)?, number(to)?, number(step)?);
    if step <= 0.0 || to < from || (to - from) / step > 10_000.0 {
        return Err(wrong(&crate::tr!("sweep-bad-range")));
    }
    let whole = |v: f64| -> Result<u32, String> {
        if v.fract() != 0.0 {
            return Err(wrong(&crate::tr!(
                "sweep-not-whole",
                value = crate::text::format_number(v)
            )));
        }
        if v > f64::from(u32::MAX) {
            return Err(wrong(&crate::tr!(
                "sweep-too-large",
                value = crate::text::format_number(v),
                max = u32::MAX
            )));
        }
        Ok(v as u32)
    };
    if let ("move", [a, b]) = (name.trim(), arguments.as_slice()) {
        if a == b {
            return Err(wrong(&crate::tr!("sweep-same-district", district = a)));
        }
    }
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
                        other => return Err(wrong(&crate::tr!("sweep-no-weight", name = other))),
                    } = Some(value);
                }
                weights
            }
            _ => return Err(wrong(&crate::tr!("sweep-no-key", key = key))),
        };
        scenarios.push((
            value,
            crate::load::ScenarioSpec {
                file: "--sweep".into(),
                title: format!("{key}={}", crate::text::format_number(value)),
                programs: None,
                edits: vec![toml::Spanned::new(0..0, edit)],
                edit_lines: vec![1],
            },
        ));
    }
    Ok(scenarios)
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
    let mut instances = inputs.instances();
    let previous = args.previous.as_deref().and_then(|path| {
        super::plan::read_previous(path, args.renamed.as_deref(), &mut inputs, &instances)
    });
    std::mem::take(&mut inputs.problems).into_result(())?;
    let last_year = previous
        .as_ref()
        .map(|ledger| super::plan::plan_against(&mut instances, ledger, None));
    let mut specs = args
        .scenarios
        .iter()
        .map(|path| read_scenario(path))
        .collect::<Result<Vec<_>, _>>()?;
    // The sweep's scenarios come last, each with its value.
    let mut sweep_values = Vec::new();
    if let Some(sweep) = &args.sweep {
        for (value, spec) in sweep_scenarios(sweep).map_err(Failure::Usage)? {
            sweep_values.push(value);
            specs.push(spec);
        }
    }
    let solver = crate::solve::Solver::Auto;
    let baseline = plan_all(instances.clone(), &[], solver, None)?;
    if let Some(failure) = baseline.failed.into_iter().next() {
        return Err(failure);
    }
    let baseline = baseline.planned;
    // A scenario that names no programs is planned for those its edits change; a sweep's values,
    // for those any of its values changes (its first value may change nothing: the curve's start).
    // Each scenario's edited programs are made where they are planned, not all kept at once: a
    // sweep of 10 000 values holds its curve, not 10 000 copies of the data.
    let changed = |spec: &crate::load::ScenarioSpec, edited: &[crate::domain::Instance]| {
        edited
            .iter()
            .filter(|e| {
                spec.programs.is_some()
                    || instances
                        .iter()
                        .any(|b| b.program.name == e.program.name && !same_data(b, e))
            })
            .map(|e| e.program.name.clone())
            .collect::<std::collections::BTreeSet<String>>()
    };
    let changed_by: Vec<std::collections::BTreeSet<String>> = specs
        .par_iter()
        .map(|spec| {
            scenario_against(spec, &instances, &baseline).map(|(edited, _)| changed(spec, &edited))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let first_swept = specs.len() - sweep_values.len();
    let swept_programs: std::collections::BTreeSet<String> = changed_by[first_swept..]
        .iter()
        .flatten()
        .cloned()
        .collect();
    let keep_of = |n: usize| {
        if n >= first_swept {
            &swept_programs
        } else {
            &changed_by[n]
        }
    };
    // Every pairing of the baseline is one its data can express: no row of it is out.
    let baseline_pairings = crate::validate::ledger::Ledger::default();
    /// A scenario's rows, what it moves (kept for `--diff` only), what binds it, and the hash of its
    /// pairings as `plan --scenario` writes them.
    type Outcome = (
        Vec<WhatIfRow>,
        crate::change::Comparison,
        Vec<crate::sensitivity::Binding>,
        String,
    );
    let progress = crate::progress::Progress::new(Some(specs.len() as u64), "planning scenarios");
    let planned: Vec<Outcome> = specs
        .par_iter()
        .enumerate()
        .map(|(n, spec)| {
            scenario_against(spec, &instances, &baseline).map(|(edited, against)| {
                let keep = keep_of(n);
                let edited: Vec<crate::domain::Instance> = edited
                    .into_iter()
                    .filter(|e| keep.contains(&e.program.name))
                    .collect();
                (spec, edited, against)
            })
        })
        .map(|prepared| match prepared {
            Err(failure) => (
                vec![WhatIfRow::infeasible("", "", &failure.to_string())],
                crate::change::Comparison::default(),
                Vec::new(),
                String::new(),
            ),
            Ok((spec, edited, against)) => match plan_all(edited, &[], solver, None) {
                Ok(all) => {
                    // The programs with a plan, then each without one with its reason.
                    let mut rows = rows_of(Some(&spec.title), &all.planned);
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
                    // What it moves, with a reason for each pairing dropped, and its pairings as
                    // `plan --scenario` writes them.
                    let moved = super::plan::compare_with_last_year(
                        &all.planned,
                        &against,
                        &baseline_pairings,
                    );
                    let plans: Vec<(&crate::domain::Instance, &crate::domain::Plan)> =
                        all.planned.iter().map(|(i, p, _)| (i, p)).collect();
                    let csv = report::render_plan_changes_csv(&plans, &moved);
                    let moved = if args.diff { moved } else { Default::default() };
                    (rows, moved, bindings, super::sha256(&csv))
                }
                Err(failure) => (
                    vec![WhatIfRow::infeasible(&spec.title, "", &failure.to_string())],
                    crate::change::Comparison::default(),
                    Vec::new(),
                    super::sha256(&[]),
                ),
            },
        })
        .inspect(|_| progress.inc())
        .collect();
    drop(progress);
    let baseline_rows = rows_of(None, &baseline);
    // The baseline's pairings as `plan` (with --previous, if given) writes them.
    let plans: Vec<(&crate::domain::Instance, &crate::domain::Plan)> =
        baseline.iter().map(|(i, p, _)| (i, p)).collect();
    let baseline_csv = match (&last_year, &previous) {
        (Some(last_year), Some(ledger)) => report::render_plan_changes_csv(
            &plans,
            &super::plan::compare_with_last_year(&baseline, last_year, ledger),
        ),
        _ => report::render_plan_csv(&plans),
    };
    let mut manifest = super::Manifest::new(manifest_settings(args), &baseline_csv);
    let mut rows = baseline_rows.clone();
    let mut comparisons = Vec::new();
    let mut bindings = Vec::new();
    let mut curve = Vec::new();
    for (n, (scenario_rows, comparison, binding, hash)) in planned.into_iter().enumerate() {
        if n >= first_swept {
            curve.extend(curve_points(
                sweep_values[n - first_swept],
                &scenario_rows,
                &baseline_rows,
            ));
        }
        manifest.add_scenario(&specs[n].title, hash);
        rows.extend(scenario_rows);
        comparisons.push(comparison);
        bindings.push(binding);
    }
    if let Some(path) = &args.out {
        let mut curve_sheet = report::Sheet::new(
            "sweep",
            &[
                "value",
                "program",
                "feasible",
                "objective",
                "objective_change",
                "moved",
                "reason",
            ],
        );
        for p in &curve {
            let number = |v: Option<f64>| v.map_or(report::Cell::Empty, report::Cell::fixed4);
            curve_sheet.push(vec![
                report::Cell::number(p.value),
                report::Cell::text(&p.program),
                report::Cell::flag(p.feasible),
                number(p.objective),
                number(p.objective_change),
                report::Cell::from(p.moved),
                report::Cell::text(&p.reason),
            ]);
        }
        let manifest_value =
            serde_json::to_value(&manifest).map_err(|e| Failure::Internal(e.to_string()))?;
        let mut sheets = vec![report::whatif_sheet(&rows)];
        if !curve.is_empty() {
            sheets.push(curve_sheet);
        }
        sheets.push(report::sheet::key_value_sheet("manifest", &manifest_value));
        super::write_sheets("--out", path, &sheets)?;
    }
    if let Some(path) = &args.manifest {
        manifest.write(path)?;
    }
    if let Some(path) = &args.report {
        let page = report::html::render(&report::html::HtmlReport {
            dataset: &inputs.dataset.spec.name,
            subtitle: crate::tr!("report-subtitle-whatif", count = specs.len()),
            programs: baseline
                .iter()
                .map(|(instance, plan, summary)| report::html::ProgramView {
                    instance,
                    plan,
                    summary,
                })
                .collect(),
            failed: Vec::new(),
            scenarios: &rows,
            notes: &[],
        });
        report::write_atomically("--report", path, page.as_bytes())?;
    }
    let sweep_key = args
        .sweep
        .as_deref()
        .map(|s| s.split_once('=').map_or(s, |(key, _)| key).trim());
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
                sweep: sweep_key.map(|key| Sweep { key, curve: &curve }),
                diffs,
                explained,
                manifest: &manifest,
            })
            .map_err(|e| Failure::Internal(e.to_string()))?;
            text.push('\n');
            text
        }
        Format::Table => {
            // The swept scenarios show as their curve, the others in the comparison table.
            let swept: std::collections::BTreeSet<&str> = specs[first_swept..]
                .iter()
                .map(|s| s.title.as_str())
                .collect();
            let table_rows: Vec<WhatIfRow> = rows
                .iter()
                .filter(|r| !swept.contains(r.scenario.as_str()))
                .cloned()
                .collect();
            let mut text = report::render_whatif_text(&table_rows);
            if let Some(key) = sweep_key {
                text.push('\n');
                text.push_str(&report::render_curve_text(key, &curve));
            }
            if args.diff {
                for (spec, comparison) in specs.iter().zip(&comparisons) {
                    text.push('\n');
                    text.push_str(&report::render_diff_text(
                        &crate::tr!("baseline-label"),
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
