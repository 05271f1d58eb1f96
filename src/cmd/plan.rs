//! `pairplan plan`: solves every selected program, checks each plan independently of the LP, prints
//! the summaries and writes the pairings.

use std::path::PathBuf;

use clap::ValueEnum;
use rayon::prelude::*;
use serde::Serialize;

use super::{print_summary, DataArgs, Failure, Format};
use crate::check;
use crate::domain::{Instance, Plan};
use crate::graph::PairingGraph;
use crate::report::output::{write_output, Target};
use crate::report::{self, PlanSummary};
use crate::solve;

/// `--solver`: the command line's names for [`crate::solve::Solver`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SolverChoice {
    /// Exact min-cost flow for the programs that are pure networks, the LP for the others.
    Auto,
    /// Exact min-cost flow only: a program that is not a pure network is an error (exit 2).
    Flow,
    /// The LP (microlp) for every program.
    Lp,
}

impl From<SolverChoice> for crate::solve::Solver {
    fn from(choice: SolverChoice) -> Self {
        match choice {
            SolverChoice::Auto => crate::solve::Solver::Auto,
            SolverChoice::Flow => crate::solve::Solver::Flow,
            SolverChoice::Lp => crate::solve::Solver::Lp,
        }
    }
}

/// Arguments of `plan`.
#[derive(Debug, Clone, clap::Args)]
pub struct PlanArgs {
    /// Data and models.
    #[command(flatten)]
    pub data: DataArgs,
    /// Plan only this program (see models/); default: every program.
    #[arg(long, value_name = "NAME")]
    pub program: Option<String>,
    /// Write the pairings as CSV to this file (written only when every program has a plan; never
    /// over an input of the run or anything but a regular file). `-` writes the CSV to standard
    /// output and the summary to standard error.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Summary format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Solving method; each finds an optimum of the same objective, and the summary says which ran
    /// and why.
    #[arg(long, value_enum, default_value_t = SolverChoice::Auto)]
    pub solver: SolverChoice,
    /// Stop solving after this many seconds (for the whole run): a program then has the best plan
    /// found so far, marked time_limit (not proven optimal), or none (exit 5).
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    pub time_limit: Option<f64>,
}

fn parse_seconds(text: &str) -> Result<f64, String> {
    text.parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0 && *s <= 1e7)
        .ok_or_else(|| format!("expected a number of seconds above 0, found '{text}'"))
}

#[derive(Serialize)]
struct JsonOutput<'a> {
    dataset: &'a str,
    programs: &'a [PlanSummary],
    data_notes: Vec<check::Finding>,
}

/// One program planned and checked.
struct Solved {
    instance: Instance,
    plan: Plan,
    summary: PlanSummary,
    data_notes: Vec<check::Finding>,
}

/// What a solver error means for the run: a time limit (exit 5), a method that cannot take the
/// program (exit 2), or no plan (exit 1).
fn failure(program: String, source: solve::SolveError) -> Failure {
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
) -> Result<Vec<Solved>, Failure> {
    let graphs: Vec<PairingGraph> = instances.iter().map(PairingGraph::build).collect();
    let programs: Vec<(&Instance, &PairingGraph)> = instances.iter().zip(&graphs).collect();
    let names: Vec<String> = instances.iter().map(|i| i.program.name.clone()).collect();
    let joint = match programs.as_slice() {
        [(instance, graph)] => {
            let one = solve::solve_within(instance, graph, solver, deadline)
                .map_err(|e| failure(names[0].clone(), e))?;
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
        let summary = report::summarize(
            instance,
            plan,
            report::SolverFacts {
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
        solved.push(Solved {
            data_notes: check::check_data(instance, graph),
            plan: plan.clone(),
            summary,
            instance: instance.clone(),
        });
    }
    Ok(solved)
}

/// Runs the subcommand.
pub fn run(args: &PlanArgs) -> Result<u8, Failure> {
    let deadline = args.time_limit.map(solve::Deadline::after);
    let mut inputs = super::inputs(&args.data, args.program.as_deref())?;
    let instances = inputs.instances();
    std::mem::take(&mut inputs.problems).into_result(())?;
    // Judged before solving, so that a refused target costs no time; every input is read by now.
    let target = args.out.as_deref().map(Target::resolve).transpose()?;
    let mut notes = check::total_mismatch_notes(
        &inputs.dataset.known_mismatches,
        &inputs.dataset.spec.official,
    );
    // Programs sharing no capacity are independent: groups are solved side by side, then taken in
    // program order, so the output (and which failure is reported first) does not depend on which
    // finished first.
    let order: Vec<String> = instances.iter().map(|i| i.program.name.clone()).collect();
    let results: Vec<Result<Vec<Solved>, Failure>> = groups(instances)
        .into_par_iter()
        .map(|group| plan_group(group, &inputs.left_out, args.solver.into(), deadline))
        .collect();
    let mut solved: Vec<(Instance, Plan, PlanSummary)> = Vec::new();
    for result in results {
        for one in result? {
            solved.push((one.instance, one.plan, one.summary));
            notes.extend(one.data_notes);
        }
    }
    solved.sort_by_key(|(instance, ..)| order.iter().position(|n| *n == instance.program.name));
    if let Some(target) = &target {
        let plans: Vec<(&Instance, &Plan)> = solved.iter().map(|(i, p, _)| (i, p)).collect();
        write_output(target, &report::render_plan_csv(&plans))?;
    }
    let summaries: Vec<PlanSummary> = solved.into_iter().map(|(_, _, s)| s).collect();
    match args.format {
        Format::Json => {
            let output = JsonOutput {
                dataset: &inputs.dataset.spec.name,
                programs: &summaries,
                data_notes: notes,
            };
            let mut text = serde_json::to_string_pretty(&output)
                .map_err(|e| Failure::Internal(e.to_string()))?;
            text.push('\n');
            print_summary(&text, args.out.as_deref())?;
        }
        Format::Table => {
            let mut text = format!(
                "dataset {} — {}\n\n",
                inputs.dataset.spec.name, inputs.dataset.spec.title
            );
            for summary in &summaries {
                text.push_str(&report::render_summary_text(summary));
                text.push('\n');
            }
            if !notes.is_empty() {
                text.push_str("notes on the data:\n");
                for note in &notes {
                    text.push_str(&format!("  - [{}] {}\n", note.kind.label(), note.message));
                }
            }
            print_summary(&text, args.out.as_deref())?;
        }
    }
    Ok(0)
}
