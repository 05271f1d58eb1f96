//! The plan job: every selected program solved, each plan checked independently of the solver,
//! and summarised. Programs that follow another's pairs are planned once that one is; programs
//! that share a capacity are solved together; the others side by side. Against last year's
//! pairings (`--previous`) or as a scenario's plan against the baseline's (`--scenario`), the
//! result says what moved and why.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use super::next_year;
use super::Failure;
use crate::change;
use crate::check;
use crate::domain::{Count, Instance, Plan};
use crate::graph::PairingGraph;
use crate::load::ScenarioSpec;
use crate::report::html;
use crate::sensitivity::Binding;
use crate::solve;
use crate::summary::{self, PlanSummary};
use crate::validate::ledger::Ledger;

/// What a planner asks `plan` for.
#[derive(Debug, Clone, Default)]
pub struct PlanRequest<'a> {
    /// The solving method.
    pub solver: solve::Solver,
    /// When to stop solving (the whole run's time limit).
    pub deadline: Option<solve::Deadline>,
    /// Last year's pairings, to keep where the rules allow.
    pub previous: Option<&'a Path>,
    /// Ids renamed since last year (`old_id,new_id`).
    pub renamed: Option<&'a Path>,
    /// The most of last year's units a program may change.
    pub max_changes: Option<Count>,
    /// A scenario to plan against the baseline's plan.
    pub scenario: Option<&'a Path>,
    /// Whether to say what binds each plan (`--explain`).
    pub explain: bool,
}

/// A plan request with every input read: the programs, with last year's pairings resolved and the
/// scenario parsed. Nothing is solved yet, so that a command can judge its outputs first.
pub struct Prepared {
    pub(super) instances: Vec<Instance>,
    pub(super) previous: Option<Ledger>,
    scenario: Option<ScenarioSpec>,
    left_out: Vec<(String, Option<String>)>,
    notes: Vec<check::Finding>,
}

/// The plan of every selected program, checked, with what it moved and what binds it.
pub struct PlanRun {
    /// Each program with a plan, in program order.
    pub planned: Vec<Planned>,
    /// Each group of programs without a plan, with its reason.
    pub failed: Vec<Failure>,
    /// Notes on the data: the seed's printed totals, totals across programs, the data's own gaps.
    pub notes: Vec<check::Finding>,
    /// Against last year's pairings or the baseline's plan: every pairing with its status.
    pub comparison: Option<change::Comparison>,
    /// What binds each plan (`--explain`).
    pub bindings: Vec<Binding>,
    /// Rows of last year's file not taken as written, with why, in file order.
    pub refused: Vec<change::Refused>,
}

impl PlanRun {
    /// Each planned program with its plan, for the renderers.
    pub fn plans(&self) -> Vec<(&Instance, &Plan)> {
        self.planned.iter().map(|(i, p, _)| (i, p)).collect()
    }

    /// Each planned program's summary.
    pub fn summaries(&self) -> Vec<&PlanSummary> {
        self.planned.iter().map(|(_, _, s)| s).collect()
    }

    /// The programs as `--format json` lists them: each summary, then each program without a plan
    /// with its status and reason.
    pub fn json_programs(&self) -> Result<Vec<serde_json::Value>, Failure> {
        let mut programs: Vec<serde_json::Value> = self
            .summaries()
            .into_iter()
            .map(serde_json::to_value)
            .collect::<Result<_, _>>()?;
        for failure in &self.failed {
            programs.push(serde_json::json!({
                "program": failure.program(),
                "status": if failure.exit_code() == 5 { "time_limit" } else { "infeasible" },
                "reason": failure.to_string(),
            }));
        }
        Ok(programs)
    }

    /// The report to look at, of this run.
    pub fn html_report<'a>(&'a self, dataset: &'a str, subtitle: String) -> html::HtmlReport<'a> {
        html::HtmlReport {
            dataset,
            subtitle,
            programs: self
                .planned
                .iter()
                .map(|(instance, plan, summary)| html::ProgramView {
                    instance,
                    plan,
                    summary,
                })
                .collect(),
            failed: self
                .failed
                .iter()
                .map(|f| (f.program().to_string(), f.to_string()))
                .collect(),
            scenarios: &[],
            notes: &self.notes,
        }
    }

    /// The run's exit code: the worst of the programs without a plan, 0 when all have one.
    pub fn exit_code(&self) -> u8 {
        self.failed
            .iter()
            .map(Failure::exit_code)
            .max()
            .unwrap_or(0)
    }
}

/// Reads what a plan request needs beyond the data: last year's pairings (with renamed ids) and the
/// scenario. Every problem of the inputs is reported together.
pub fn prepare(inputs: &mut super::Inputs, request: &PlanRequest) -> Result<Prepared, Failure> {
    if let Some(table) = &inputs.target_table {
        return Err(Failure::Usage(crate::tr!(
            "usage-target-not-planned",
            table = table
        )));
    }
    let instances = inputs.instances();
    let previous = request
        .previous
        .and_then(|path| next_year::read_previous(path, request.renamed, inputs, &instances));
    std::mem::take(&mut inputs.problems).into_result(())?;
    let scenario = request
        .scenario
        .map(super::whatif::read_scenario)
        .transpose()?;
    let notes = data_notes(inputs, &instances);
    Ok(Prepared {
        instances,
        previous,
        scenario,
        left_out: inputs.left_out.clone(),
        notes,
    })
}

/// The notes on a table's printed 合计 (where the programs read that table) and on the seed's
/// totals across programs.
fn data_notes(inputs: &super::Inputs, instances: &[Instance]) -> Vec<check::Finding> {
    let read: Vec<&str> = instances
        .iter()
        .flat_map(|i| i.program.inputs.iter().map(|input| input.file.as_str()))
        .collect();
    let mismatches: Vec<crate::validate::TotalMismatch> = inputs
        .dataset
        .known_mismatches
        .iter()
        .filter(|m| read.contains(&m.table.as_str()))
        .cloned()
        .collect();
    let mut notes = check::total_mismatch_notes(&mismatches, &inputs.dataset.spec.official);
    notes.extend(check::reconcile_notes(&check::reconcile(
        &inputs.dataset.spec.reconcile,
        instances,
    )));
    notes
}

impl Prepared {
    /// Last year's pairings as resolved, if any were given.
    pub fn previous(&self) -> Option<&Ledger> {
        self.previous.as_ref()
    }

    /// Plans every program: against last year's pairings if given, and for a scenario, the
    /// baseline first and then the scenario against the baseline's plan.
    pub fn run(self, request: &PlanRequest) -> Result<PlanRun, Failure> {
        let Prepared {
            mut instances,
            mut previous,
            scenario,
            left_out,
            mut notes,
        } = self;
        let mut last_year = match &previous {
            Some(ledger) => next_year::plan_against(&mut instances, ledger, request.max_changes),
            None => BTreeMap::new(),
        };
        if let Some(spec) = &scenario {
            let baseline = plan_all(
                instances.clone(),
                &left_out,
                request.solver,
                request.deadline,
            )?;
            if let Some(failure) = baseline.failed.into_iter().next() {
                return Err(failure);
            }
            let (edited, against) =
                super::whatif::scenario_against(spec, &instances, &baseline.planned)?;
            instances = edited;
            last_year = against;
            // Every pairing of the baseline is one its data can express: no row of it is out.
            previous = Some(Ledger {
                file: crate::tr!("previous-baseline", title = &spec.title),
                rows: Vec::new(),
            });
        }
        let PlannedAll {
            mut planned,
            failed,
            notes: data_notes,
        } = plan_all(instances, &left_out, request.solver, request.deadline)?;
        notes.extend(data_notes);
        let comparison = previous.as_ref().map(|ledger| {
            let compared = next_year::compare_with_last_year(&planned, &last_year, ledger);
            for (instance, _, summary) in &mut planned {
                summary.changes = Some(summary::change_summary(
                    &ledger.file,
                    &compared,
                    &instance.program.name,
                    &last_year[&instance.program.name].listed_twice,
                ));
            }
            compared
        });
        let bindings = if request.explain {
            planned
                .iter()
                .filter(|(instance, ..)| instance.previous.is_empty())
                .map(|(instance, plan, summary)| {
                    crate::sensitivity::binding(instance, plan, summary.solving.objective)
                })
                .collect()
        } else {
            Vec::new()
        };
        let mut refused: Vec<change::Refused> = last_year
            .values()
            .flat_map(|known| known.refused.iter().cloned())
            .collect();
        refused.sort_by_key(|r| r.line);
        Ok(PlanRun {
            planned,
            failed,
            notes,
            comparison,
            bindings,
            refused,
        })
    }
}

/// One program planned and checked.
struct ProgramSolved {
    instance: Instance,
    plan: Plan,
    summary: PlanSummary,
    data_notes: Vec<check::Finding>,
}

/// What a solver error means for the run: a time limit (exit 5), a method that cannot take the
/// program (exit 2), or no plan (exit 1).
pub(crate) fn failure(program: String, source: solve::SolveError) -> Failure {
    match source {
        solve::SolveError::TimeLimit { .. } => Failure::TimeLimit { program, source },
        solve::SolveError::NotANetwork(_) => Failure::Usage(format!("{program}: {source}")),
        source => Failure::Infeasible { program, source },
    }
}

/// A plan that fails its own check is an internal error, never printed.
fn refuse_gaps(program: &str, findings: Vec<check::Finding>) -> Result<(), Failure> {
    let gaps: Vec<_> = findings
        .into_iter()
        .filter(|f| f.severity == check::Severity::Gap)
        .collect();
    match gaps.first() {
        Some(first) => Err(Failure::Internal(format!(
            "{program}: the solver's plan fails check with {} gaps, e.g. {}",
            gaps.len(),
            first.message
        ))),
        None => Ok(()),
    }
}

/// Why no plan keeps within a change budget: the fewest changes any plan needs, found by planning
/// with changes weighed above everything else, and what forces them, counted by reason.
fn fewest_changes(
    instance: &Instance,
    budget: crate::domain::ChangeBudget,
    solver: solve::Solver,
) -> Failure {
    let program = instance.program.name.clone();
    let mut free = instance.clone();
    free.change_budget = None;
    free.costs.change = crate::validate::MAX_WEIGHT;
    let graph = PairingGraph::build(&free);
    let solved = match solve::solve_with(&free, &graph, solver) {
        Ok(solved) => solved,
        Err(source) => return failure(program, source),
    };
    let mut causes: BTreeMap<String, u32> = BTreeMap::new();
    if budget.forced > 0 {
        causes.insert(
            "rows naming ids not in this year's data".to_string(),
            budget.forced,
        );
    }
    let now: BTreeMap<_, _> = solved
        .plan
        .assignments
        .iter()
        .map(|a| ((a.recipient, a.helper), a.units))
        .collect();
    for a in &instance.previous {
        let lost = a
            .units
            .saturating_sub(now.get(&(a.recipient, a.helper)).copied().unwrap_or(0));
        if lost > 0 {
            let why = change::reason(
                instance,
                &graph,
                &instance.previous,
                &solved.plan,
                a.recipient,
                a.helper,
            );
            *causes.entry(why).or_default() += lost;
        }
    }
    let least = budget.forced + change::changed_units(&instance.previous, &solved.plan);
    let reason = crate::diagnose::Reason::ChangesNeeded {
        budget: u64::from(budget.most),
        least: u64::from(least),
        causes: causes
            .into_iter()
            .map(|(why, units)| format!("{units} × {why}"))
            .collect(),
    };
    Failure::Infeasible {
        program,
        source: solve::SolveError::infeasible(instance, vec![reason]),
    }
}

/// Programs that draw on the same capacity (their `capacity_source`), each group in program
/// order; a program sharing with none is a group of its own.
fn groups(instances: Vec<Instance>) -> Vec<Vec<Instance>> {
    let mut groups: Vec<Vec<Instance>> = Vec::new();
    for instance in instances {
        let shared = instance.program.capacity_source.clone();
        match groups
            .iter_mut()
            .find(|g| shared.is_some() && g[0].program.capacity_source == shared)
        {
            Some(group) => group.push(instance),
            None => groups.push(vec![instance]),
        }
    }
    groups
}

/// Solves a group of programs (one, or several sharing a capacity) and checks each plan, and the
/// shared capacity across them, independently of the solver.
fn plan_group(
    instances: Vec<Instance>,
    left_out: &[(String, Option<String>)],
    solver: solve::Solver,
    deadline: Option<solve::Deadline>,
) -> Result<Vec<ProgramSolved>, Failure> {
    let graphs: Vec<PairingGraph> = instances.iter().map(PairingGraph::build).collect();
    let programs: Vec<(&Instance, &PairingGraph)> = instances.iter().zip(&graphs).collect();
    let names: Vec<String> = instances.iter().map(|i| i.program.name.clone()).collect();
    let joint = match programs.as_slice() {
        [(instance, graph)] => {
            let one =
                solve::solve_within(instance, graph, solver, deadline).map_err(|e| {
                    match (e, instance.change_budget) {
                        (solve::SolveError::Infeasible { .. }, Some(budget)) => {
                            fewest_changes(instance, budget, solver)
                        }
                        (e, _) => failure(names[0].clone(), e),
                    }
                })?;
            solve::JointSolved {
                plans: vec![one.plan],
                objective: one.objective,
                status: one.status,
                solver: one.solver,
                solver_reason: one.solver_reason,
                size: one.size,
            }
        }
        _ => solve::solve_joint(&programs, solver, deadline)
            .map_err(|e| failure(names.join(" + "), e))?,
    };
    let planned: Vec<(&Instance, &Plan)> = instances.iter().zip(&joint.plans).collect();
    for &(instance, plan) in &planned {
        refuse_gaps(&instance.program.name, check::check_plan(instance, plan))?;
    }
    refuse_gaps(&names.join(" + "), check::shared_capacity(&planned))?;
    let mut solved = Vec::new();
    for ((instance, graph), plan) in instances.iter().zip(&graphs).zip(&joint.plans) {
        let together = instances.len() > 1;
        let summary = crate::summary::summarize(
            instance,
            plan,
            crate::summary::SolverFacts {
                objective: joint.objective,
                status: joint.status.to_string(),
                solver: joint.solver.label().to_string(),
                solver_reason: joint.solver_reason.clone(),
                variables: joint.size.0,
                constraints: joint.size.1,
                planned_with: names
                    .iter()
                    .filter(|n| **n != instance.program.name)
                    .cloned()
                    .collect(),
                shared_capacity: together
                    .then(|| instance.program.capacity_source.clone())
                    .flatten(),
                shares_with_unplanned: left_out
                    .iter()
                    .filter(|(_, source)| {
                        source.is_some() && *source == instance.program.capacity_source
                    })
                    .map(|(name, _)| name.clone())
                    .collect(),
            },
        );
        solved.push(ProgramSolved {
            data_notes: check::check_data(instance, graph),
            plan: plan.clone(),
            summary,
            instance: instance.clone(),
        });
    }
    Ok(solved)
}

/// One program planned: its instance, plan and summary.
pub type Planned = (Instance, Plan, PlanSummary);

/// Programs planned, and those without a plan.
pub struct PlannedAll {
    /// Each program with a plan, in program order.
    pub planned: Vec<Planned>,
    /// Each group of programs without a plan (no plan meets the rules, or the time ran out), in
    /// program order: one infeasible program does not hide the others.
    pub failed: Vec<Failure>,
    /// Notes on the data of the programs planned.
    pub notes: Vec<check::Finding>,
}

/// Plans programs: groups sharing no capacity are solved side by side, then taken in program order,
/// so that the output (and which failure is reported first) does not depend on which finished
/// first. A group without a plan is set aside with its reason; an input or internal error stops
/// the run.
pub fn plan_all(
    instances: Vec<Instance>,
    left_out: &[(String, Option<String>)],
    solver: solve::Solver,
    deadline: Option<solve::Deadline>,
) -> Result<PlannedAll, Failure> {
    let order: Vec<String> = instances.iter().map(|i| i.program.name.clone()).collect();
    // A program that follows another's pairs is planned once that one is.
    let (followers, leaders): (Vec<Instance>, Vec<Instance>) =
        instances.into_iter().partition(|i| i.pairs_of().is_some());
    let mut all = plan_groups(leaders, left_out, solver, deadline)?;
    let mut ready = Vec::new();
    for mut follower in followers {
        let source = follower
            .pairs_of()
            .map(|(p, _)| p.to_string())
            .unwrap_or_default();
        match all.planned.iter().find(|(i, ..)| i.program.name == source) {
            Some((instance, plan, _)) => {
                follower.follow(instance, plan).map_err(|pair| {
                    Failure::Internal(format!(
                        "{}: the pair {pair} of {source} is not among its helpers and recipients",
                        follower.program.name
                    ))
                })?;
                ready.push(follower);
            }
            None => all.failed.push(Failure::Usage(crate::tr!(
                "usage-followed-not-planned",
                program = &follower.program.name,
                source = &source
            ))),
        }
    }
    let second = plan_groups(ready, left_out, solver, deadline)?;
    all.planned.extend(second.planned);
    all.failed.extend(second.failed);
    all.notes.extend(second.notes);
    all.planned
        .sort_by_key(|(instance, ..)| order.iter().position(|n| *n == instance.program.name));
    Ok(all)
}

/// Plans groups of programs side by side (see [`plan_all`]).
fn plan_groups(
    instances: Vec<Instance>,
    left_out: &[(String, Option<String>)],
    solver: solve::Solver,
    deadline: Option<solve::Deadline>,
) -> Result<PlannedAll, Failure> {
    let groups = groups(instances);
    let progress = crate::progress::Progress::new(Some(groups.len() as u64), "planning");
    let results: Vec<Result<Vec<ProgramSolved>, Failure>> = groups
        .into_par_iter()
        .map(|group| {
            let result = plan_group(group, left_out, solver, deadline);
            progress.inc();
            result
        })
        .collect();
    drop(progress);
    let mut all = PlannedAll {
        planned: Vec::new(),
        failed: Vec::new(),
        notes: Vec::new(),
    };
    for result in results {
        match result {
            Ok(solved) => {
                for one in solved {
                    all.planned.push((one.instance, one.plan, one.summary));
                    all.notes.extend(one.data_notes);
                }
            }
            Err(failure @ (Failure::Infeasible { .. } | Failure::TimeLimit { .. })) => {
                all.failed.push(failure);
            }
            Err(failure) => return Err(failure),
        }
    }
    // Put in program order by plan_all, once both passes are in.
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded data's inputs, keeping one program.
    fn embedded(program: &str) -> super::super::Inputs {
        super::super::inputs::read(None, None, Some(program)).expect("the embedded data reads")
    }

    #[test]
    fn a_followed_program_is_planned_after_the_one_it_follows_and_every_plan_passes_check() {
        // Telemedicine follows the county hospitals' pairs: asking for it brings them along.
        let mut inputs = embedded("telemedicine");
        let request = PlanRequest::default();
        let run = prepare(&mut inputs, &request)
            .and_then(|prepared| prepared.run(&request))
            .expect("a plan");
        let names: Vec<&str> = run
            .planned
            .iter()
            .map(|(i, ..)| i.program.name.as_str())
            .collect();
        assert_eq!(names, ["county-hospitals", "telemedicine"]);
        assert!(run.failed.is_empty() && run.comparison.is_none());
        for (instance, plan, summary) in &run.planned {
            assert!(!check::has_gaps(&check::check_plan(instance, plan)));
            assert_eq!(
                summary.covered, summary.recipients,
                "{}",
                instance.program.name
            );
        }
        assert_eq!(run.exit_code(), 0);
    }

    #[test]
    fn a_plan_given_back_as_last_year_keeps_every_pairing() {
        let mut inputs = embedded("villages");
        let request = PlanRequest::default();
        let first = prepare(&mut inputs, &request)
            .and_then(|prepared| prepared.run(&request))
            .expect("a plan");
        // Last year's rows in memory, as a ledger file would give them: no file is written, so
        // that no other test of this process finds a file it did not expect among those read.
        let rows: Vec<crate::load::PairingRow> = first
            .plans()
            .into_iter()
            .flat_map(|(instance, plan)| change::plan_rows(instance, plan))
            .collect();
        let mut inputs = embedded("villages");
        let mut prepared = prepare(&mut inputs, &request).expect("inputs");
        prepared.previous = Some(inputs.ledger("last year", &rows, &prepared.instances));
        let again = prepared.run(&request).expect("a plan");
        let changes = again.planned[0].2.changes.as_ref().expect("compared");
        assert_eq!(changes.units.kept, 1462);
        assert_eq!(
            changes.units.changed + changes.units.new + changes.units.dropped,
            0
        );
        assert!(again.refused.is_empty());
    }

    #[test]
    fn a_target_table_is_not_planned() {
        let mut inputs = embedded("labour");
        assert!(matches!(
            prepare(&mut inputs, &PlanRequest::default()),
            Err(Failure::Usage(_))
        ));
    }
}
