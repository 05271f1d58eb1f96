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

/// Solves one program and checks its plan independently of the LP.
fn plan_one(
    instance: Instance,
    solver: solve::Solver,
    deadline: Option<solve::Deadline>,
) -> Result<Solved, Failure> {
    let graph = PairingGraph::build(&instance);
    let data_notes = check::check_data(&instance, &graph);
    let program = instance.program.name.clone();
    let result =
        solve::solve_within(&instance, &graph, solver, deadline).map_err(
            |source| match source {
                solve::SolveError::TimeLimit { .. } => Failure::TimeLimit { program, source },
                solve::SolveError::NotANetwork(_) => Failure::Usage(format!("{program}: {source}")),
                source => Failure::Infeasible { program, source },
            },
        )?;
    let gaps: Vec<_> = check::check_plan(&instance, &result.plan)
        .into_iter()
        .filter(|f| f.severity == check::Severity::Gap)
        .collect();
    if let Some(first) = gaps.first() {
        return Err(Failure::Internal(format!(
            "{}: the solver's plan fails check with {} gaps, e.g. {}",
            instance.program.name,
            gaps.len(),
            first.message
        )));
    }
    let summary = report::summarize(
        &instance,
        &result.plan,
        report::SolverFacts {
            objective: result.objective,
            status: result.status.to_string(),
            solver: result.solver.label().to_string(),
            solver_reason: result.solver_reason.clone(),
            variables: result.size.0,
            constraints: result.size.1,
        },
    );
    Ok(Solved {
        plan: result.plan,
        summary,
        data_notes,
        instance,
    })
}

/// Runs the subcommand.
pub fn run(args: &PlanArgs) -> Result<u8, Failure> {
    let deadline = args.time_limit.map(solve::Deadline::after);
    let mut inputs = super::inputs(&args.data, args.program.as_deref())?;
    let instances = inputs.instances();
    std::mem::take(&mut inputs.problems).into_result(())?;
    // Judged before solving, so that a refused target costs no time; every input is read by now.
    let target = args.out.as_deref().map(Target::resolve).transpose()?;
    let mut notes = check::total_mismatch_notes(&inputs.dataset.known_mismatches);
    // Programs are independent: solved side by side, then taken in program order, so the output
    // (and which failure is reported first) does not depend on which finished first.
    let results: Vec<Result<Solved, Failure>> = instances
        .into_par_iter()
        .map(|instance| plan_one(instance, args.solver.into(), deadline))
        .collect();
    let mut solved: Vec<(Instance, Plan, PlanSummary)> = Vec::new();
    for result in results {
        let one = result?;
        notes.extend(one.data_notes);
        solved.push((one.instance, one.plan, one.summary));
    }
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
