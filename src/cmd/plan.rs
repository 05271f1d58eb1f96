//! `pairplan plan`: solves every selected program, checks each plan independently of the LP, prints
//! the summaries and writes the pairings.

use rayon::prelude::*;
use serde::Serialize;

use crate::check;
use crate::cli::{print_summary, Failure, Format, PlanArgs};
use crate::domain::{Instance, Plan};
use crate::graph::PairingGraph;
use crate::report::output::{write_output, Target};
use crate::report::{self, PlanSummary};
use crate::solve;

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
    let summary = report::summarize(&instance, &result);
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
