//! The what-if job: the baseline planned once, then every scenario (files, and a sweep's values)
//! side by side (rayon), each against the baseline's plan; per scenario and program a row of the
//! comparison, what it moves, what binds it, and the hash of its pairings.

pub mod sweep;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::planning::{plan_all, Planned};
use super::Failure;
use crate::change::{self, Comparison};
use crate::domain::{Instance, Plan};
use crate::load::{read_text, ScenarioSpec, TextFile};
use crate::report::manifest::sha256;
use crate::report::sheets::{render_plan_changes_csv, render_plan_csv};
use crate::sensitivity::Binding;
use crate::summary::{CurvePoint, WhatIfRow};
use crate::validate::ledger::Ledger;

/// What a planner asks `whatif` for.
#[derive(Debug, Clone, Default)]
pub struct WhatIfRequest<'a> {
    /// The scenario files.
    pub scenarios: &'a [PathBuf],
    /// A family of scenarios, one per value (`move(西青区,武清区)=0..60:10`).
    pub sweep: Option<&'a str>,
    /// Last year's pairings, to plan the baseline against.
    pub previous: &'a [PathBuf],
    /// Ids renamed since last year.
    pub renamed: Option<&'a Path>,
    /// The day the baseline starts: postings of posts with a tenure end by it or continue.
    pub as_of: Option<jiff::civil::Date>,
    /// Whether to keep what each scenario moves (`--diff`).
    pub diff: bool,
    /// Whether to say what binds each scenario's plans (`--explain`).
    pub explain: bool,
}

/// One scenario planned.
#[derive(Debug, Default)]
pub struct ScenarioRun {
    /// Its title.
    pub title: String,
    /// The value of a sweep's scenario; `None` for a scenario file.
    pub swept: Option<f64>,
    /// A row per program it plans (with the reason where it has no plan).
    pub rows: Vec<WhatIfRow>,
    /// What it moves against the baseline (kept with `diff` only).
    pub comparison: Comparison,
    /// What binds its plans (with `explain` only).
    pub bindings: Vec<Binding>,
    /// The SHA-256 of its pairings as `plan --scenario` writes them.
    pub pairings_sha256: String,
}

/// The baseline and every scenario, planned and compared.
pub struct WhatIfRun {
    /// The baseline's programs planned.
    pub baseline: Vec<Planned>,
    /// The baseline's pairings as `plan` (with `--previous`, if given) writes them.
    pub baseline_csv: Vec<u8>,
    /// The baseline's row per program.
    pub baseline_rows: Vec<WhatIfRow>,
    /// Each scenario, files first, then a sweep's values.
    pub scenarios: Vec<ScenarioRun>,
    /// A sweep's curve: each value's programs against the baseline's.
    pub curve: Vec<CurvePoint>,
    /// Why the curve bends, said once from the data: how many recipients the receiving district's
    /// counties hold against its quota (beyond, every one moved to it is off the map).
    pub sweep_notes: Vec<String>,
}

impl WhatIfRun {
    /// Every row: the baseline's, then each scenario's.
    pub fn rows(&self) -> Vec<WhatIfRow> {
        self.baseline_rows
            .iter()
            .chain(self.scenarios.iter().flat_map(|s| &s.rows))
            .cloned()
            .collect()
    }

    /// The report to look at: the baseline's charts and the scenarios side by side.
    pub fn html_report<'a>(
        &'a self,
        dataset: &'a str,
        rows: &'a [WhatIfRow],
    ) -> crate::report::html::HtmlReport<'a> {
        crate::report::html::HtmlReport {
            dataset,
            subtitle: crate::tr!("report-subtitle-whatif", count = self.scenarios.len()),
            programs: self
                .baseline
                .iter()
                .map(
                    |(instance, plan, summary)| crate::report::html::ProgramView {
                        instance,
                        plan,
                        summary,
                    },
                )
                .collect(),
            failed: Vec::new(),
            scenarios: rows,
            notes: &[],
        }
    }

    /// Whether every scenario has a plan for every program.
    pub fn all_feasible(&self) -> bool {
        self.scenarios
            .iter()
            .flat_map(|s| &s.rows)
            .all(|r| r.feasible)
    }
}

/// Plans the baseline, then every scenario against it.
pub fn run(inputs: &mut super::Inputs, request: &WhatIfRequest) -> Result<WhatIfRun, Failure> {
    let mut instances = inputs.instances();
    let previous =
        super::next_year::read_previous(request.previous, request.renamed, inputs, &instances);
    std::mem::take(&mut inputs.problems).into_result(())?;
    let last_year = previous
        .as_ref()
        .map(|ledger| super::next_year::plan_against(&mut instances, ledger, None, request.as_of));
    let mut specs = request
        .scenarios
        .iter()
        .map(|path| read_scenario(path))
        .collect::<Result<Vec<_>, _>>()?;
    // The sweep's scenarios come last, each with its value.
    let mut values: Vec<Option<f64>> = vec![None; specs.len()];
    if let Some(written) = request.sweep {
        for (value, spec) in sweep::scenarios(written).map_err(Failure::Usage)? {
            values.push(Some(value));
            specs.push(spec);
        }
    }
    let baseline = plan_all(instances.clone(), &[], crate::solve::Solver::Auto, None)?;
    if let Some(failure) = baseline.failed.into_iter().next() {
        return Err(failure);
    }
    let baseline = baseline.planned;
    let planned = plan_scenarios(&specs, &values, &instances, &baseline, request)?;
    let baseline_rows = rows_of(None, &baseline);
    let plans: Vec<(&Instance, &Plan)> = baseline.iter().map(|(i, p, _)| (i, p)).collect();
    let baseline_csv = match (&last_year, &previous) {
        (Some(last_year), Some(ledger)) => render_plan_changes_csv(
            &plans,
            &super::next_year::compare_with_last_year(&baseline, last_year, ledger),
        ),
        _ => render_plan_csv(&plans),
    };
    let curve = planned
        .iter()
        .filter_map(|s| Some(curve_points(s.swept?, &s.rows, &baseline_rows)))
        .flatten()
        .collect();
    let sweep_notes = request
        .sweep
        .map(|sweep| move_notes(sweep, &instances))
        .unwrap_or_default();
    Ok(WhatIfRun {
        baseline,
        baseline_csv,
        baseline_rows,
        scenarios: planned,
        curve,
        sweep_notes,
    })
}

/// For a `move(FROM,TO)` sweep: for each program with district quotas, how many of its
/// recipients lie in the counties the map pairs with TO, against TO's quota — past that margin,
/// every one moved to TO is paired off the map.
fn move_notes(sweep: &str, instances: &[Instance]) -> Vec<String> {
    let key = sweep::key(sweep);
    let Some(to) = key
        .strip_prefix("move(")
        .and_then(|rest| rest.strip_suffix(')'))
        .and_then(|args| args.split_once(','))
        .map(|(_, to)| to.trim())
    else {
        return Vec::new();
    };
    instances
        .iter()
        .filter_map(|instance| {
            let district = instance.districts.iter().position(|d| d.name == to)?;
            let quota = instance.quota_of(crate::domain::DistrictId(district))?;
            let on_map = instance
                .recipients
                .iter()
                .filter(|r| {
                    r.county
                        .is_some_and(|c| instance.counties[c.0].paired_district.0 == district)
                })
                .count();
            let margin = on_map as i64 - i64::from(quota);
            Some(crate::tr!(
                if margin > 0 {
                    "sweep-note-move"
                } else {
                    "sweep-note-move-full"
                },
                to = to,
                program = instance.program.title.as_str(),
                recipients = on_map,
                noun = crate::i18n::noun(&instance.program.recipient_noun),
                quota = quota,
                margin = margin.abs()
            ))
        })
        .collect()
}

/// The programs each scenario is planned for. A scenario that names no programs is planned for
/// those its edits change; a sweep's values, for those any of its values changes (its first value
/// may change nothing: the curve's start).
fn programs_changed(
    specs: &[ScenarioSpec],
    values: &[Option<f64>],
    instances: &[Instance],
    baseline: &[Planned],
) -> Result<Vec<BTreeSet<String>>, Failure> {
    let changed_by: Vec<BTreeSet<String>> = specs
        .par_iter()
        .map(|spec| {
            scenario_against(spec, instances, baseline).map(|(edited, _)| {
                edited
                    .iter()
                    .filter(|e| {
                        spec.programs.is_some()
                            || instances
                                .iter()
                                .any(|b| b.program.name == e.program.name && !same_data(b, e))
                    })
                    .map(|e| e.program.name.clone())
                    .collect()
            })
        })
        .collect::<Result<_, _>>()?;
    let swept: BTreeSet<String> = changed_by
        .iter()
        .zip(values)
        .filter(|(_, value)| value.is_some())
        .flat_map(|(names, _)| names.iter().cloned())
        .collect();
    Ok(changed_by
        .into_iter()
        .zip(values)
        .map(|(names, value)| {
            if value.is_some() {
                swept.clone()
            } else {
                names
            }
        })
        .collect())
}

/// Plans every scenario side by side. Each scenario's edited programs are made where they are
/// planned, not all kept at once: a sweep of 10 000 values holds its curve, not 10 000 copies of
/// the data.
fn plan_scenarios(
    specs: &[ScenarioSpec],
    values: &[Option<f64>],
    instances: &[Instance],
    baseline: &[Planned],
    request: &WhatIfRequest,
) -> Result<Vec<ScenarioRun>, Failure> {
    let keep = programs_changed(specs, values, instances, baseline)?;
    let progress =
        crate::progress::Progress::new(Some(specs.len() as u64), &crate::tr!("progress-scenarios"));
    let planned = specs
        .par_iter()
        .zip(values)
        .zip(&keep)
        .map(|((spec, &swept), keep)| {
            let mut one = match scenario_against(spec, instances, baseline) {
                Err(failure) => ScenarioRun {
                    rows: vec![WhatIfRow::infeasible("", "", &failure.to_string())],
                    ..Default::default()
                },
                Ok((edited, against)) => {
                    let edited = edited
                        .into_iter()
                        .filter(|e| keep.contains(&e.program.name))
                        .collect();
                    plan_scenario(spec, edited, &against, request)
                }
            };
            one.title.clone_from(&spec.title);
            one.swept = swept;
            progress.inc();
            one
        })
        .collect();
    drop(progress);
    Ok(planned)
}

/// One scenario's programs planned against the baseline's plan.
fn plan_scenario(
    spec: &ScenarioSpec,
    edited: Vec<Instance>,
    against: &BTreeMap<String, change::Previous>,
    request: &WhatIfRequest,
) -> ScenarioRun {
    let all = match plan_all(edited, &[], crate::solve::Solver::Auto, None) {
        Ok(all) => all,
        Err(failure) => {
            return ScenarioRun {
                rows: vec![WhatIfRow::infeasible(&spec.title, "", &failure.to_string())],
                pairings_sha256: sha256(&[]),
                ..Default::default()
            }
        }
    };
    // The programs with a plan, then each without one with its reason.
    let mut rows = rows_of(Some(&spec.title), &all.planned);
    rows.extend(all.failed.iter().map(|failure| {
        WhatIfRow::infeasible(&spec.title, failure.program(), &failure.to_string())
    }));
    let bindings = if request.explain {
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
    // What it moves, with a reason for each pairing dropped, and its pairings as `plan
    // --scenario` writes them. Every pairing of the baseline is one its data can express: no
    // row of it is out.
    let moved = super::next_year::compare_with_last_year(
        &all.planned,
        against,
        &Ledger {
            baseline: true,
            ..Ledger::default()
        },
    );
    let plans: Vec<(&Instance, &Plan)> = all.planned.iter().map(|(i, p, _)| (i, p)).collect();
    let csv = render_plan_changes_csv(&plans, &moved);
    ScenarioRun {
        rows,
        comparison: if request.diff {
            moved
        } else {
            Comparison::default()
        },
        bindings,
        pairings_sha256: sha256(&csv),
        ..Default::default()
    }
}

/// Reads and parses a scenario file.
pub fn read_scenario(path: &std::path::Path) -> Result<crate::load::ScenarioSpec, Failure> {
    let name = path.display().to_string();
    let file = TextFile {
        text: read_text(path, &name)
            .map_err(|p| Failure::Input(crate::error::InputErrors(vec![p])))?,
        name,
    };
    let mut spec = crate::load::parse_scenario(&file)
        .map_err(|p| Failure::Input(crate::error::InputErrors(vec![p])))?;
    let folder = path.parent().unwrap_or(std::path::Path::new("."));
    let folder = if folder.as_os_str().is_empty() {
        std::path::Path::new(".")
    } else {
        folder
    };
    crate::load::read_helper_files(&mut spec, folder)?;
    Ok(spec)
}

/// A scenario's programs, edited, each with the baseline's plan as its previous plan (what the
/// scenario moves is counted against it).
pub fn scenario_against(
    spec: &crate::load::ScenarioSpec,
    instances: &[Instance],
    baseline: &[Planned],
) -> Result<(Vec<Instance>, BTreeMap<String, change::Previous>), Failure> {
    // The edits apply to this year's data, not to last year's preferences.
    let plain: Vec<Instance> = instances
        .iter()
        .cloned()
        .map(|mut i| {
            i.previous.clear();
            i.change_budget = None;
            i
        })
        .collect();
    let mut edited = crate::scenario::apply(spec, &plain)?;
    let mut against = BTreeMap::new();
    for instance in &mut edited {
        if let Some((planned_on, plan, _)) = baseline
            .iter()
            .find(|(i, ..)| i.program.name == instance.program.name)
        {
            // Helpers a scenario adds renumber the others: the baseline's pairings follow their ids.
            let kept = crate::scenario::carry_over(&plan.assignments, planned_on, instance);
            instance.previous.clone_from(&kept);
            against.insert(
                instance.program.name.clone(),
                change::Previous {
                    kept,
                    ..Default::default()
                },
            );
        }
    }
    Ok((edited, against))
}

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
            districts: summary
                .districts
                .iter()
                .map(|d| (d.district.clone(), d.covered))
                .collect(),
            title: instance.program.title.clone(),
        })
        .collect()
}

/// The curve's points of one swept value: each program of the scenario against the baseline's.
fn curve_points(value: f64, rows: &[WhatIfRow], baseline: &[WhatIfRow]) -> Vec<CurvePoint> {
    rows.iter()
        .map(|r| {
            let objective = r.feasible.then_some(r.objective);
            let before = baseline
                .iter()
                .find(|b| b.program == r.program)
                .map(|b| b.objective);
            CurvePoint {
                value,
                program: r.program.clone(),
                feasible: r.feasible,
                objective,
                objective_change: objective.zip(before).map(|(now, then)| now - then),
                moved: r.moved,
                off_map: r.feasible.then_some(r.off_map),
                trait_mismatches: r.feasible.then_some(r.trait_mismatches),
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
