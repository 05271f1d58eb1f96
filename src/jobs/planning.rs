//! Programs planned together: a program that follows another's pairs after that one, the programs
//! that share a capacity solved as one, the others side by side (rayon), each plan checked against
//! every rule independently of the solver and summarised. Every job that plans goes through here.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::Failure;
use crate::change;
use crate::check;
use crate::domain::{Instance, Plan};
use crate::graph::PairingGraph;
use crate::solve;
use crate::summary::PlanSummary;

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
        causes.insert(crate::tr!("cause-ids-gone"), budget.forced);
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
                &crate::tr!("then-last-year"),
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

/// Solves a group of programs: one on its own (its graph let go once it is described), or several
/// sharing a capacity together.
fn solve_group(
    instances: &[Instance],
    mut graphs: Vec<PairingGraph>,
    names: &[String],
    solver: solve::Solver,
    deadline: Option<solve::Deadline>,
) -> Result<solve::JointSolved, Failure> {
    if let ([instance], [_]) = (instances, graphs.as_slice()) {
        let graph = graphs.swap_remove(0);
        let one =
            solve::solve_taking_graph(instance, graph, solver, deadline).map_err(|e| {
                match (e, instance.change_budget) {
                    (solve::SolveError::Infeasible { .. }, Some(budget)) => {
                        fewest_changes(instance, budget, solver)
                    }
                    (e, _) => failure(names[0].clone(), e),
                }
            })?;
        return Ok(solve::JointSolved {
            plans: vec![one.plan],
            objective: one.objective,
            status: one.status,
            solver: one.solver,
            solver_reason: one.solver_reason,
            size: one.size,
        });
    }
    let programs: Vec<(&Instance, &PairingGraph)> = instances.iter().zip(&graphs).collect();
    solve::solve_joint(&programs, solver, deadline).map_err(|e| failure(names.join(" + "), e))
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
    // What the data says needs the graph; the solve lets it go once the program is described.
    let data_notes: Vec<_> = instances
        .iter()
        .zip(&graphs)
        .map(|(instance, graph)| check::check_data(instance, graph))
        .collect();
    let names: Vec<String> = instances.iter().map(|i| i.program.name.clone()).collect();
    let joint = solve_group(&instances, graphs, &names, solver, deadline)?;
    let planned: Vec<(&Instance, &Plan)> = instances.iter().zip(&joint.plans).collect();
    for &(instance, plan) in &planned {
        refuse_gaps(&instance.program.name, check::check_plan(instance, plan))?;
    }
    refuse_gaps(&names.join(" + "), check::shared_capacity(&planned))?;
    let mut solved = Vec::new();
    let together = instances.len() > 1;
    // The programs and plans move into what is returned: a national program's data is tens of
    // megabytes, not to be copied.
    for ((instance, plan), data_notes) in instances.into_iter().zip(joint.plans).zip(data_notes) {
        let summary = crate::summary::summarize(
            &instance,
            &plan,
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
            data_notes,
            plan,
            summary,
            instance,
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
    let progress =
        crate::progress::Progress::new(Some(groups.len() as u64), &crate::tr!("progress-planning"));
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
