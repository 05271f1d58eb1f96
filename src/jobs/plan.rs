//! The plan job: every selected program solved, each plan checked independently of the solver,
//! and summarised. Programs that follow another's pairs are planned once that one is; programs
//! that share a capacity are solved together; the others side by side. Against last year's
//! pairings (`--previous`) or as a scenario's plan against the baseline's (`--scenario`), the
//! result says what moved and why.

use std::collections::BTreeMap;
use std::path::Path;

use super::next_year;
use super::planning::{plan_all, Planned, PlannedAll};
use super::Failure;
use crate::change;
use crate::check;
use crate::domain::{Count, Instance, Plan};
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
    pub previous: &'a [std::path::PathBuf],
    /// Ids renamed since last year (`old_id,new_id`).
    pub renamed: Option<&'a Path>,
    /// The most of last year's units a program may change.
    pub max_changes: Option<Count>,
    /// The day the plan starts: last year's postings of posts with a tenure end by it or continue.
    pub as_of: Option<jiff::civil::Date>,
    /// A scenario to plan against the baseline's plan.
    pub scenario: Option<&'a Path>,
    /// Whether to say what binds each plan (`--explain`).
    pub explain: bool,
}

/// A plan request with every input read: the programs, with last year's pairings resolved and the
/// scenario parsed. Nothing is solved yet, so that a command can judge its outputs first.
pub struct Prepared {
    instances: Vec<Instance>,
    previous: Option<Ledger>,
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
    let previous = next_year::read_previous(request.previous, request.renamed, inputs, &instances);
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
    /// `plan --frontier`: the trade between changes and the program's own objective (see
    /// [`next_year::frontier`]).
    pub fn frontier(self, solver: solve::Solver) -> Result<Option<next_year::Frontier>, Failure> {
        next_year::frontier(self.instances, self.previous, solver)
    }

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
            Some(ledger) => {
                next_year::plan_against(&mut instances, ledger, request.max_changes, request.as_of)
            }
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
                baseline: true,
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
                    &last_year[&instance.program.name],
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
        prepared.previous = Some(inputs.ledger("last year", rows, &prepared.instances));
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
