//! `pairplan plan`: solves every selected program, checks each plan independently of the LP, prints
//! the summaries and writes the pairings.

use std::path::PathBuf;

use clap::ValueEnum;
use rayon::prelude::*;
use serde::Serialize;

use super::{print_summary, DataArgs, Failure, Format, Manifest};
use std::collections::BTreeMap;

use crate::change;
use crate::check;
use crate::domain::{Instance, Plan};
use crate::graph::PairingGraph;
use crate::load::{read_pairings, read_text, TextFile};
use crate::report::output::write_output;
use crate::report::sheet::FileFormat;
use crate::report::{self, PlanSummary};
use crate::solve;
use crate::validate::ledger::{Ledger, LedgerRow};

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
    /// Plan only this program (`pairplan programs` lists them); default: every program.
    #[arg(long, value_name = "NAME")]
    pub program: Option<String>,
    /// Write the pairings to this file, in the format its name asks for: `.xlsx` a workbook for
    /// Excel and WPS (pairings, by district, by county, sources…), `.json`, else CSV (written only
    /// when every program has a plan; never over an input of the run or anything but a regular
    /// file). `-` writes the CSV to standard output and the summary to standard error.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Summary format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Also write the report to look at: one self-contained HTML file with charts (each district's
    /// quota and load, coverage by county, how helpers' capacity is used, what changed against
    /// --previous, which inputs are synthetic).
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
    /// Print the summary (off for `pairplan report`, which writes only the report).
    #[arg(skip = true)]
    pub print_summary: bool,
    /// Solving method; each finds an optimum of the same objective, and the summary says which ran
    /// and why.
    #[arg(long, value_enum, default_value_t = SolverChoice::Auto)]
    pub solver: SolverChoice,
    /// Stop solving after this many seconds (for the whole run): a program then has the best plan
    /// found so far, marked time_limit (not proven optimal), or none (exit 5).
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    pub time_limit: Option<f64>,
    /// Last year's pairings (a ledger, or a file `plan --out` wrote): each that the rules still
    /// allow is kept where it can be (a change costs the model's `change` weight); the CSV gains
    /// `status` (kept, changed, new, dropped), `previous_units` and `reason`, and the summary counts
    /// what moved, per district.
    #[arg(long, value_name = "FILE")]
    pub previous: Option<PathBuf>,
    /// With --previous: the best plan of each program that changes at most K of last year's units
    /// (rows naming ids no longer in the data count as changes); if none does, the fewest changes
    /// any plan needs, and what forces them.
    #[arg(long, value_name = "K", requires = "previous")]
    pub max_changes: Option<u32>,
    /// Write a manifest (JSON): the SHA-256 of every input and model read, the scenario, the
    /// pairplan version, the solver and settings, and the SHA-256 of the pairings (the `--out`
    /// file's bytes, or the CSV the plan would write), so that two offices can confirm they made the
    /// same plan. `--format json` carries it as `manifest`.
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    /// Say what binds each plan: helpers at capacity, units at their minimum with what one more or
    /// one fewer would change, and for each district the best district to move one village of
    /// quota to or from, with the change in the objective (each found by solving again).
    #[arg(long, conflicts_with_all = ["frontier", "max_changes"])]
    pub explain: bool,
    /// Write the pairings of the programs that have a plan even when some have none (by default
    /// --out is written only when every program has a plan).
    #[arg(long, requires = "out")]
    pub partial: bool,
    /// With --previous: a CSV `old_id,new_id` of helpers and recipients whose id changed since last
    /// year, so that their pairings are recognised and kept.
    #[arg(long, value_name = "FILE", requires = "previous")]
    pub renamed: Option<PathBuf>,
    /// A what-if scenario (a TOML file of edits; README, What-if): the baseline is planned first (against --previous if
    /// given), then the scenario's edits applied in memory and planned against the baseline's plan,
    /// so that the summary shows what the scenario moves.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["frontier", "max_changes"])]
    pub scenario: Option<PathBuf>,
    /// With --previous and --program: instead of one plan, the trade between changes and the
    /// program's own objective — for change weights from 0 to 10⁶, the fewest changes and the best
    /// objective (off-map, mismatches, balance) each reaches, as a table or JSON, to choose the knee.
    #[arg(long, requires_all = ["previous", "program"], conflicts_with_all = ["out", "max_changes"])]
    pub frontier: bool,
}

fn parse_seconds(text: &str) -> Result<f64, String> {
    /// About four months: no planner waits longer, and a deadline past it overflows no clock.
    const MOST: f64 = 1e7;
    match text.parse::<f64>().ok().filter(|s| s.is_finite()) {
        Some(s) if s > MOST => Err(crate::tr!(
            "arg-seconds-too-many",
            text = text,
            most = "10000000"
        )),
        Some(s) if s > 0.0 => Ok(s),
        _ => Err(crate::tr!("arg-seconds", text = text)),
    }
}

#[derive(Serialize)]
struct JsonOutput<'a> {
    dataset: &'a str,
    programs: &'a [serde_json::Value],
    manifest: &'a Manifest,
    #[serde(skip_serializing_if = "<[crate::sensitivity::Binding]>::is_empty")]
    binding: &'a [crate::sensitivity::Binding],
    data_notes: Vec<check::Finding>,
    /// Rows of the previous plan not taken as written, with why.
    #[serde(skip_serializing_if = "<[change::Refused]>::is_empty")]
    refused: &'a [change::Refused],
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

/// Last year's rows with renamed ids replaced by this year's (chains followed; a cycle, or a new id
/// the data lacks, is a located problem).
fn rename(
    rows: &mut [crate::load::PairingRow],
    path: &std::path::Path,
    instances: &[Instance],
    problems: &mut crate::error::Problems,
) {
    let Some(table) = crate::load::read_table_file(path, problems) else {
        return;
    };
    let renames = match crate::load::read_renames(&table) {
        Ok(renames) => renames,
        Err(errors) => return errors.0.into_iter().for_each(|p| problems.push(p)),
    };
    let used: std::collections::HashSet<&str> = rows
        .iter()
        .flat_map(|r| [r.helper_id.as_str(), r.recipient_id.as_str()])
        .collect();
    let known: std::collections::HashSet<&str> = instances
        .iter()
        .flat_map(|i| {
            i.helpers
                .iter()
                .map(|h| h.id.as_str())
                .chain(i.recipients.iter().map(|r| r.id.as_str()))
        })
        .collect();
    let finals = match crate::validate::ledger::follow_renames(
        &renames,
        |id| used.contains(id),
        |id| known.contains(id),
    ) {
        Ok(finals) => finals,
        Err(errors) => return errors.0.into_iter().for_each(|p| problems.push(p)),
    };
    for row in rows {
        for id in [&mut row.helper_id, &mut row.recipient_id] {
            if let Some(new) = finals.get(id.as_str()) {
                *id = new.clone();
            }
        }
    }
}

/// `plan --frontier`: one program planned at every change weight of the frontier, each point its
/// changes and the parts of its own objective.
fn frontier(instances: &mut [Instance], ledger: &Ledger, args: &PlanArgs) -> Result<u8, Failure> {
    let file = ledger.file.as_str();
    let Some(instance) = instances.first_mut() else {
        return Ok(0);
    };
    let known = change::previous(instance, ledger);
    instance.previous = known.kept.clone();
    let graph = PairingGraph::build(instance);
    let program = instance.program.name.clone();
    let solved = solve::frontier(instance, &graph, args.solver.into())
        .map_err(|source| failure(program, source))?;
    let mut points: Vec<report::FrontierPoint> = Vec::new();
    for (weight, one) in solved {
        let summary = report::summarize(instance, &one.plan, report::SolverFacts::default());
        let point = report::FrontierPoint {
            change_weight: weight,
            changes: known.forced + change::changed_units(&instance.previous, &one.plan),
            objective: crate::model::plan_cost(instance, &one.plan),
            off_map: summary.off_map,
            trait_mismatches: summary.trait_mismatches,
            balance_measure: summary.balance_measure,
        };
        // A weight that changes nothing found is the same corner again.
        if !points
            .iter()
            .any(|p| p.changes == point.changes && (p.objective - point.objective).abs() < 1e-6)
        {
            points.push(point);
        }
    }
    points.sort_by(|a, b| {
        a.changes
            .cmp(&b.changes)
            .then(a.objective.total_cmp(&b.objective))
    });
    // More changes are worth listing only for a better objective (a free change weight finds
    // plans that change more for nothing).
    let mut best = f64::INFINITY;
    points.retain(|p| {
        let better = p.objective < best - 1e-6;
        best = best.min(p.objective);
        better
    });
    let text = match args.format {
        Format::Json => {
            let mut text = serde_json::to_string_pretty(&points)
                .map_err(|e| Failure::Internal(e.to_string()))?;
            text.push('\n');
            text
        }
        Format::Table => report::render_frontier(&instance.program.name, file, &points),
    };
    print_summary(&text, None)?;
    Ok(0)
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
) -> Result<Vec<Solved>, Failure> {
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

/// Each program's plan against last year's pairings, with a reason for every pairing dropped or
/// reduced: the rows the data could not express keep the reason found before solving (an unknown
/// id, with the closest known), the others get the first true one of [`change::reason`].
pub(crate) fn compare_with_last_year(
    solved: &[(Instance, Plan, PlanSummary)],
    last_year: &BTreeMap<String, change::Previous>,
    ledger: &Ledger,
) -> change::Comparison {
    let mut before = Vec::new();
    let mut now = Vec::new();
    for (instance, plan, _) in solved {
        let known = &last_year[&instance.program.name];
        before.extend(change::plan_rows(instance, &Plan::new(known.kept.clone())));
        before.extend(
            ledger
                .rows_of(&instance.program.name)
                .filter(|r| {
                    !matches!(
                        r.problem,
                        Some(crate::validate::ledger::RowProblem::ListedTwice { .. })
                    )
                })
                .filter(|r| {
                    known
                        .out
                        .contains_key(&(r.recipient_id.clone(), r.helper_id.clone()))
                })
                .filter(|r| {
                    !known.kept.iter().any(|k| {
                        instance.recipients[k.recipient.0].id == r.recipient_id
                            && instance.helpers[k.helper.0].id == r.helper_id
                    })
                })
                .map(|r| named(instance, r)),
        );
        now.extend(change::plan_rows(instance, plan));
    }
    let mut compared = change::compare(&before, &now);
    // Each program's graph once, for the reasons of its dropped pairings.
    let mut graphs: BTreeMap<String, PairingGraph> = BTreeMap::new();
    for line in &mut compared.lines {
        if line.units >= line.previous_units {
            continue;
        }
        let Some((instance, plan, _)) =
            solved.iter().find(|(i, ..)| i.program.name == line.program)
        else {
            continue;
        };
        let known = &last_year[&line.program];
        let key = (line.recipient_id.clone(), line.helper_id.clone());
        line.reason = match known.out.get(&key) {
            Some(reason) => reason.clone(),
            None => {
                let recipient = instance
                    .recipients
                    .iter()
                    .position(|r| r.id == line.recipient_id);
                let helper = instance.helpers.iter().position(|h| h.id == line.helper_id);
                match (recipient, helper) {
                    (Some(r), Some(h)) => change::reason(
                        instance,
                        graphs
                            .entry(line.program.clone())
                            .or_insert_with(|| PairingGraph::build(instance)),
                        &known.kept,
                        plan,
                        crate::domain::RecipientId(r),
                        crate::domain::HelperId(h),
                    ),
                    _ => String::new(),
                }
            }
        };
    }
    compared
}

/// A row of last year's file with the names, county and district this year's data knows for its
/// ids, where the file gives none.
fn named(instance: &Instance, row: &LedgerRow) -> crate::load::PairingRow {
    let mut row = row.as_written();
    if let Some(r) = instance
        .recipients
        .iter()
        .position(|r| r.id == row.recipient_id)
    {
        let recipient = crate::domain::RecipientId(r);
        row.recipient_name
            .get_or_insert_with(|| instance.recipients[r].name.clone());
        row.county
            .get_or_insert_with(|| instance.county_name(recipient).to_string());
    }
    if let Some(h) = instance.helpers.iter().position(|h| h.id == row.helper_id) {
        let helper = crate::domain::HelperId(h);
        row.helper_name
            .get_or_insert_with(|| instance.helpers[h].name.clone());
        row.helper_district
            .get_or_insert_with(|| instance.district_name(helper).to_string());
    }
    row
}

/// One program planned: its instance, plan and summary.
pub(crate) type Planned = (Instance, Plan, PlanSummary);

/// Programs planned, and those without a plan.
pub(crate) struct PlannedAll {
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
pub(crate) fn plan_all(
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
    let results: Vec<Result<Vec<Solved>, Failure>> = groups
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

/// Reads and parses a scenario file.
pub(crate) fn read_scenario(path: &std::path::Path) -> Result<crate::load::ScenarioSpec, Failure> {
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
pub(crate) fn scenario_against(
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

fn manifest(args: &PlanArgs, csv: &[u8]) -> Manifest {
    let path = |p: &Option<PathBuf>| p.as_ref().map(|p| p.display().to_string());
    let settings = [
        ("solver", Some(format!("{:?}", args.solver).to_lowercase())),
        ("program", args.program.clone()),
        ("time_limit", args.time_limit.map(|s| s.to_string())),
        ("previous", path(&args.previous)),
        ("renamed", path(&args.renamed)),
        ("max_changes", args.max_changes.map(|k| k.to_string())),
        ("scenario", path(&args.scenario)),
    ];
    Manifest::new(settings, csv)
}

/// What a report says it shows.
fn report_subtitle(args: &PlanArgs) -> String {
    let mut words = vec![match &args.program {
        Some(program) => crate::tr!("report-subtitle-program", program = program),
        None => crate::tr!("report-subtitle-plan"),
    }];
    if let Some(previous) = &args.previous {
        words.push(crate::tr!(
            "report-subtitle-against",
            file = previous.display().to_string()
        ));
    }
    if let Some(scenario) = &args.scenario {
        words.push(crate::tr!(
            "report-subtitle-scenario",
            file = scenario.display().to_string()
        ));
    }
    words.join(", ")
}

/// Reads last year's pairings (`--previous`), renamed ids applied (`--renamed`), and resolves them
/// against this year's programs; a malformed file is among the inputs' problems.
pub(crate) fn read_previous(
    path: &std::path::Path,
    renamed: Option<&std::path::Path>,
    inputs: &mut super::Inputs,
    instances: &[Instance],
) -> Option<Ledger> {
    let table = crate::load::read_table_file(path, &mut inputs.problems)?;
    match read_pairings(&table) {
        Ok(mut rows) => {
            if let Some(path) = renamed {
                rename(&mut rows, path, instances, &mut inputs.problems);
            }
            let file = crate::tr!("previous-last-year", file = &table.file);
            Some(inputs.ledger(&file, &rows, instances))
        }
        Err(errors) => {
            errors.0.into_iter().for_each(|p| inputs.problems.push(p));
            None
        }
    }
}

/// Sets each program's previous pairings from last year's rows (and the change budget, if any):
/// what each program keeps, by program.
pub(crate) fn plan_against(
    instances: &mut [Instance],
    ledger: &Ledger,
    max_changes: Option<crate::domain::Count>,
) -> BTreeMap<String, change::Previous> {
    let mut last_year = BTreeMap::new();
    for instance in instances {
        let known = change::previous(instance, ledger);
        instance.previous = known.kept.clone();
        if let Some(most) = max_changes {
            // What the data no longer has is changed whatever the plan: the rest of the budget is
            // for the pairings the plan can keep.
            instance.change_budget = Some(crate::domain::ChangeBudget {
                most,
                forced: known.forced,
            });
        }
        last_year.insert(instance.program.name.clone(), known);
    }
    last_year
}

/// How the planner named the report's file: `--report`, or `--out` of `pairplan report`.
fn report_option(args: &PlanArgs) -> &'static str {
    if args.print_summary {
        "--report"
    } else {
        "--out"
    }
}

/// Runs the subcommand.
pub fn run(args: &PlanArgs) -> Result<u8, Failure> {
    super::claim_outputs(&[
        ("--out", args.out.as_deref()),
        (report_option(args), args.report.as_deref()),
        ("--manifest", args.manifest.as_deref()),
    ])?;
    let deadline = args.time_limit.map(solve::Deadline::after);
    let mut inputs = super::inputs(&args.data, args.program.as_deref())?;
    if let Some(table) = &inputs.target_table {
        return Err(Failure::Usage(crate::tr!(
            "usage-target-not-planned",
            table = table
        )));
    }
    let mut instances = inputs.instances();
    let previous = args
        .previous
        .as_deref()
        .and_then(|path| read_previous(path, args.renamed.as_deref(), &mut inputs, &instances));
    std::mem::take(&mut inputs.problems).into_result(())?;
    if let (true, Some(ledger)) = (args.frontier, &previous) {
        return frontier(&mut instances, ledger, args);
    }
    let mut last_year = match &previous {
        Some(ledger) => plan_against(&mut instances, ledger, args.max_changes),
        None => BTreeMap::new(),
    };
    // Judged before solving, so that a refused target costs no time; every input is read by now.
    let target = args
        .out
        .as_deref()
        .map(|path| crate::report::claim("--out", path))
        .transpose()?;
    let out_format = args
        .out
        .as_deref()
        .map(|path| FileFormat::of("--out", path))
        .transpose()?;
    // The notes on a table's printed 合计 belong where the table is read.
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
        &instances,
    )));
    let mut previous = previous;
    if let Some(path) = &args.scenario {
        // The baseline first (against last year, if given); the scenario is then planned against
        // the baseline's plan, so that it shows the change it forces.
        let spec = read_scenario(path)?;
        let baseline = plan_all(
            instances.clone(),
            &inputs.left_out,
            args.solver.into(),
            deadline,
        )?;
        if let Some(failure) = baseline.failed.into_iter().next() {
            return Err(failure);
        }
        let baseline = baseline.planned;
        let (edited, against) = scenario_against(&spec, &instances, &baseline)?;
        instances = edited;
        last_year = against;
        // Every pairing of the baseline is one its data can express: no row of it is out.
        previous = Some(Ledger {
            file: crate::tr!("previous-baseline", title = &spec.title),
            rows: Vec::new(),
        });
    }
    let PlannedAll {
        planned: mut solved,
        failed,
        notes: data_notes,
    } = plan_all(instances, &inputs.left_out, args.solver.into(), deadline)?;
    notes.extend(data_notes);
    let mut comparison = None;
    if let Some(ledger) = &previous {
        let compared = compare_with_last_year(&solved, &last_year, ledger);
        for (instance, _, summary) in &mut solved {
            summary.changes = Some(report::change_summary(
                &ledger.file,
                &compared,
                &instance.program.name,
                &last_year[&instance.program.name].listed_twice,
            ));
        }
        comparison = Some(compared);
    }
    let plans: Vec<(&Instance, &Plan)> = solved.iter().map(|(i, p, _)| (i, p)).collect();
    let csv = match &comparison {
        Some(compared) => report::render_plan_changes_csv(&plans, compared),
        None => report::render_plan_csv(&plans),
    };
    let manifest = manifest(args, &csv);
    // The pairings are written only when every program has a plan, unless asked for what there is.
    if let (Some(target), Some(format)) = (
        target
            .as_ref()
            .filter(|_| failed.is_empty() || args.partial),
        out_format,
    ) {
        let bytes = match format {
            FileFormat::Csv => csv.clone(),
            _ => {
                let summaries: Vec<PlanSummary> =
                    solved.iter().map(|(_, _, s)| s.clone()).collect();
                let manifest = serde_json::to_value(&manifest)
                    .map_err(|e| Failure::Internal(e.to_string()))?;
                format
                    .render(&[
                        report::plan_sheet(&plans, comparison.as_ref()),
                        report::districts_sheet(&summaries),
                        report::counties_sheet(&plans),
                        report::units_sheet(&summaries),
                        report::findings_sheet(&notes),
                        report::sources_sheet(&summaries),
                        report::sheet::key_value_sheet("manifest", &manifest),
                    ])
                    .map_err(Failure::Internal)?
            }
        };
        write_output(target, &bytes)?;
    }
    if let Some(path) = &args.manifest {
        manifest.write(path)?;
    }
    let bindings: Vec<crate::sensitivity::Binding> = if args.explain {
        solved
            .iter()
            .filter(|(instance, ..)| instance.previous.is_empty())
            .map(|(instance, plan, summary)| {
                crate::sensitivity::binding(instance, plan, summary.solving.objective)
            })
            .collect()
    } else {
        Vec::new()
    };
    if let Some(path) = &args.report {
        let page = report::html::render(&report::html::HtmlReport {
            dataset: &inputs.dataset.spec.name,
            subtitle: report_subtitle(args),
            programs: solved
                .iter()
                .map(|(instance, plan, summary)| report::html::ProgramView {
                    instance,
                    plan,
                    summary,
                })
                .collect(),
            failed: failed
                .iter()
                .map(|f| (f.program().to_string(), f.to_string()))
                .collect(),
            scenarios: &[],
            notes: &notes,
        });
        report::write_atomically(report_option(args), path, page.as_bytes())?;
    }
    let summaries: Vec<PlanSummary> = solved.into_iter().map(|(_, _, s)| s).collect();
    let code = failed.iter().map(Failure::exit_code).max().unwrap_or(0);
    // Rows of last year's file not taken as written, in file order.
    let mut refused: Vec<change::Refused> = last_year
        .values()
        .flat_map(|known| known.refused.iter().cloned())
        .collect();
    refused.sort_by_key(|r| r.line);
    if !args.print_summary {
        if let Some(path) = &args.report {
            eprintln!(
                "{}",
                crate::tr!("wrote-file", file = path.display().to_string())
            );
        }
        return Ok(code);
    }
    match args.format {
        Format::Json => {
            let mut programs: Vec<serde_json::Value> = summaries
                .iter()
                .map(serde_json::to_value)
                .collect::<Result<_, _>>()
                .map_err(|e| Failure::Internal(e.to_string()))?;
            for failure in &failed {
                programs.push(serde_json::json!({
                    "program": failure.program(),
                    "status": if failure.exit_code() == 5 { "time_limit" } else { "infeasible" },
                    "reason": failure.to_string(),
                }));
            }
            let output = JsonOutput {
                dataset: &inputs.dataset.spec.name,
                programs: &programs,
                data_notes: notes,
                manifest: &manifest,
                binding: &bindings,
                refused: &refused,
            };
            let mut text = serde_json::to_string_pretty(&output)
                .map_err(|e| Failure::Internal(e.to_string()))?;
            text.push('\n');
            print_summary(&text, args.out.as_deref())?;
        }
        Format::Table => {
            let mut text = format!(
                "{}\n\n",
                crate::tr!(
                    "plan-dataset",
                    name = &inputs.dataset.spec.name,
                    title = &inputs.dataset.spec.title
                )
            );
            text.push_str(&report::render_refused(&refused));
            for summary in &summaries {
                text.push_str(&report::render_summary_text(summary));
                if let Some(binding) = bindings.iter().find(|b| b.program == summary.program) {
                    text.push_str(&report::render_binding(binding));
                }
                text.push('\n');
            }
            for failure in &failed {
                text.push_str(&format!("{failure}\n\n"));
            }
            if !notes.is_empty() {
                text.push_str(&crate::tr!("notes-heading"));
                text.push('\n');
                for note in &notes {
                    text.push_str(&format!("  - [{}] {}\n", note.kind.label(), note.message));
                }
            }
            print_summary(&text, args.out.as_deref())?;
        }
    }
    if !failed.is_empty() && !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        // The reasons go to standard error too, where scripts look for them — once on a
        // terminal, where both streams show: the summary above already said them.
        for failure in &failed {
            eprintln!("pairplan: {failure}");
        }
    }
    Ok(code)
}
