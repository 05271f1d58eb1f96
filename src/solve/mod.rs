//! The only module that knows the LP backend: solves a built model and turns the answer into a plan,
//! or says plainly why there is none.
//!
//! The backends are `microlp` (pure Rust, through good_lp), so the tool builds with nothing but the
//! Rust toolchain, and [`crate::mcf`]'s exact min-cost flow for programs that are pure networks.
//! Before solving, [`crate::diagnose`] counts what the capacity cannot meet, so that an impossible
//! request is explained by counted shortfalls rather than a bare "infeasible".

use std::fmt;

pub mod branch;
pub mod flow;
pub mod lp;
pub mod warm;

use crate::diagnose::{not_all_at_once, shortfalls, Reason};
use crate::domain::{Instance, Plan};
use crate::graph::PairingGraph;
use crate::model;

/// How the solver ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SolveStatus {
    /// Proven optimal for the model.
    Optimal,
    /// The time limit ran out: the plan meets every rule (it passed check) but is not proven the
    /// best.
    TimeLimit,
    /// The branch and bound over team members' minimums stopped at its node limit
    /// ([`branch::NODE_LIMIT`]): the plan meets every rule but is not proven the best.
    SearchLimit,
}

impl fmt::Display for SolveStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SolveStatus::Optimal => write!(f, "optimal"),
            SolveStatus::TimeLimit => write!(f, "time_limit"),
            SolveStatus::SearchLimit => write!(f, "search_limit"),
        }
    }
}

/// Which method solves a program: asked for, and (in [`Solved`]) the one that ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Solver {
    /// The min-cost flow where the program is a pure network, the LP otherwise.
    #[default]
    Auto,
    /// The LP of [`model`], by microlp: every program.
    Lp,
    /// The network of [`crate::mcf`], by exact min-cost flow: only programs that are pure
    /// networks (another is an error, [`SolveError::NotANetwork`]).
    Flow,
}

impl Solver {
    /// The method's name in summaries and JSON: `auto`, `lp` or `flow`.
    pub fn label(self) -> &'static str {
        match self {
            Solver::Auto => "auto",
            Solver::Lp => "lp",
            Solver::Flow => "flow",
        }
    }
}

impl fmt::Display for Solver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Solver::Auto => write!(f, "auto"),
            Solver::Lp => write!(f, "LP"),
            Solver::Flow => write!(f, "min-cost flow"),
        }
    }
}

/// A solved program.
#[derive(Debug, Clone)]
pub struct Solved {
    /// The pairings.
    pub plan: Plan,
    /// The objective at the optimum (the same function whichever method found it).
    pub objective: f64,
    /// How the solver ended.
    pub status: SolveStatus,
    /// The method that found it ([`Solver::Lp`] or [`Solver::Flow`]).
    pub solver: Solver,
    /// Why that method, in words.
    pub solver_reason: String,
    /// Size of the model: LP variables and constraints, or network arcs and nodes (a network's arcs
    /// are its variables, its nodes its conservation constraints).
    pub size: (usize, usize),
}

/// Why no plan could be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SolveError {
    /// The rules cannot all hold; each reason is a counted shortfall in the planners' terms.
    #[error("{}\n{}", crate::tr!("infeasible-heading"), .reasons.iter().zip(.seeds).map(|(r, s)| crate::tr!("infeasible-reason", reason = r.to_string(), seed = s)).collect::<Vec<_>>().join("\n"))]
    Infeasible {
        /// What cannot be met, and by how much.
        reasons: Vec<Reason>,
        /// For each reason, where the seed sets what is short.
        seeds: Vec<String>,
    },
    /// The solver returned a fractional answer, which the network structure (or, where pairs are
    /// counted, branch and bound) should rule out.
    #[error("the solver returned a fractional value {value} for {what}; refusing to round it")]
    NonIntegral {
        /// Which flow.
        what: String,
        /// Its value.
        value: f64,
    },
    /// The time limit ran out before any plan was found; nothing is known about feasibility.
    #[error("{}", crate::tr!("time-limit-none", seconds = *.seconds))]
    TimeLimit {
        /// The limit, in seconds.
        seconds: f64,
    },
    /// The branch and bound over team members' minimums stopped at its node limit before any plan
    /// was found; nothing is known about feasibility.
    #[error("{}", crate::tr!("search-limit-none", nodes = *.nodes))]
    SearchLimit {
        /// The nodes solved.
        nodes: usize,
    },
    /// Programs that cannot share their helpers in one description.
    #[error("{0}")]
    Joint(#[from] crate::model::JointError),
    /// `--solver flow` on a program that is not a pure network.
    #[error("cannot be solved as a min-cost flow: {0}; use --solver auto or lp")]
    NotANetwork(crate::model::NotANetwork),
    /// The backend failed in another way.
    #[error("the LP solver failed: {0}")]
    Backend(String),
}

/// Solves an instance by the LP: counts shortfalls, builds the LP, solves it and checks the answer
/// is integral.
pub fn solve(instance: &Instance, graph: &PairingGraph) -> Result<Solved, SolveError> {
    solve_with(instance, graph, Solver::Lp)
}

/// Solves an instance by the chosen method, after counting shortfalls. The flow method solves
/// programs that are pure networks and leaves the others to the LP.
pub fn solve_with(
    instance: &Instance,
    graph: &PairingGraph,
    solver: Solver,
) -> Result<Solved, SolveError> {
    solve_within(instance, graph, solver, None)
}

/// When a run must stop: the moment, and the limit it came from (for messages).
#[derive(Debug, Clone, Copy)]
pub struct Deadline {
    /// When solving must stop.
    pub at: std::time::Instant,
    /// The limit given, in seconds.
    pub seconds: f64,
}

impl Deadline {
    /// A deadline `seconds` from now.
    pub fn after(seconds: f64) -> Self {
        Deadline {
            at: std::time::Instant::now() + std::time::Duration::from_secs_f64(seconds),
            seconds,
        }
    }

    fn remaining_seconds(&self) -> f64 {
        self.at
            .saturating_duration_since(std::time::Instant::now())
            .as_secs_f64()
    }
}

/// As [`solve_with`], stopping at the deadline: with the best plan found, labelled
/// [`SolveStatus::TimeLimit`], or with [`SolveError::TimeLimit`] when there is none.
pub fn solve_within(
    instance: &Instance,
    graph: &PairingGraph,
    solver: Solver,
    deadline: Option<Deadline>,
) -> Result<Solved, SolveError> {
    solve_described(instance, described(instance, graph)?, solver, deadline)
}

/// As [`solve_within`], letting the graph go once the program is described: the solve does not
/// need it, and a national program's graph is tens of megabytes beside the solver's own.
pub fn solve_taking_graph(
    instance: &Instance,
    graph: PairingGraph,
    solver: Solver,
    deadline: Option<Deadline>,
) -> Result<Solved, SolveError> {
    let description = described(instance, &graph)?;
    drop(graph);
    solve_described(instance, description, solver, deadline)
}

/// The program's description, or why no plan can meet its rules (what is short, counted).
fn described(instance: &Instance, graph: &PairingGraph) -> Result<model::Description, SolveError> {
    let reasons = shortfalls(instance, graph);
    if !reasons.is_empty() {
        return Err(SolveError::infeasible(instance, reasons));
    }
    Ok(model::describe(instance, graph))
}

/// Solves a program's description.
fn solve_described(
    instance: &Instance,
    mut description: model::Description,
    solver: Solver,
    deadline: Option<Deadline>,
) -> Result<Solved, SolveError> {
    let together = || SolveError::infeasible(instance, vec![not_all_at_once(instance)]);
    // Nothing reads the arcs after the solve (the plan is read from the tags): the flow may let
    // them go.
    let run = run(Given::Spent(&mut description), solver, deadline, together)?;
    Ok(Solved::of_one(&description, run))
}

/// A description handed to a backend: borrowed and kept (a search's node, programs planned
/// together), or its caller's to spend — the flow lets its arcs go once its network holds all the
/// solve needs of them, before it lays out its residual network (the run's peak: a national
/// program's arcs are tens of megabytes).
enum Given<'a> {
    Kept(&'a model::Description),
    Spent(&'a mut model::Description),
}

impl Given<'_> {
    fn description(&self) -> &model::Description {
        match self {
            Given::Kept(description) => description,
            Given::Spent(description) => description,
        }
    }
}

impl Solved {
    /// A one-program description's plan, from what the backend gave.
    fn of_one(description: &model::Description, run: Run) -> Self {
        Solved {
            plan: description
                .plans(&run.flows)
                .into_iter()
                .next()
                .unwrap_or_default(),
            objective: run.objective,
            status: run.status,
            solver: run.solver,
            solver_reason: run.reason,
            size: run.size,
        }
    }
}

/// The change weights `plan --frontier` tries: from "changes are free" to "changes above all",
/// roughly doubling, so that each point is a plan with fewer changes or a better objective.
pub const FRONTIER_WEIGHTS: [f64; 16] = [
    0.0, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1e3, 2e3, 5e3, 1e4, 1e5, 1e6,
];

/// The trade between changes to last year's pairings and the program's own objective, by parametric
/// costs: the program solved once per change weight of [`FRONTIER_WEIGHTS`], side by side (rayon).
/// Each plan is the best for its weight, so the plans found are the frontier's corners — for a
/// budget between two of them, `--max-changes`.
pub fn frontier(
    instance: &Instance,
    graph: &PairingGraph,
    solver: Solver,
) -> Result<Vec<(f64, Solved)>, SolveError> {
    use rayon::prelude::*;
    FRONTIER_WEIGHTS
        .par_iter()
        .map(|&weight| {
            let mut weighed = instance.clone();
            weighed.costs.change = weight;
            weighed.change_budget = None;
            solve_with(&weighed, graph, solver).map(|solved| (weight, solved))
        })
        .collect()
}

/// Programs solved together.
#[derive(Debug, Clone)]
pub struct JointSolved {
    /// Each program's plan, in the order given.
    pub plans: Vec<Plan>,
    /// The objective of all of them together (the shared balance term is not split by program).
    pub objective: f64,
    /// Whether the optimum was proven.
    pub status: SolveStatus,
    /// The method that found it.
    pub solver: Solver,
    /// Why that method.
    pub solver_reason: String,
    /// The joint model's size: (variables, constraints) for the LP, (arcs, nodes) for the flow.
    pub size: (usize, usize),
}

/// Solves programs that share helpers together (see [`model::describe_joint`]): each helper's one
/// capacity holds across all of them. Each program's own shortfalls are counted first.
pub fn solve_joint(
    programs: &[(&Instance, &PairingGraph)],
    solver: Solver,
    deadline: Option<Deadline>,
) -> Result<JointSolved, SolveError> {
    for (instance, graph) in programs {
        let reasons = shortfalls(instance, graph);
        if !reasons.is_empty() {
            return Err(SolveError::infeasible(instance, reasons));
        }
    }
    let description = model::describe_joint(programs)?;
    let run = run(
        Given::Kept(&description),
        solver,
        deadline,
        || match programs.first() {
            Some((first, _)) => SolveError::infeasible(first, vec![not_all_at_once(first)]),
            None => SolveError::Infeasible {
                reasons: Vec::new(),
                seeds: Vec::new(),
            },
        },
    )?;
    Ok(JointSolved {
        plans: description.plans(&run.flows),
        objective: run.objective,
        status: run.status,
        solver: run.solver,
        solver_reason: run.reason,
        size: run.size,
    })
}

impl SolveError {
    /// No plan, for these counted reasons, each with the seed clause of what is short.
    pub fn infeasible(instance: &Instance, reasons: Vec<Reason>) -> Self {
        let seeds = reasons.iter().map(|r| r.seed(instance)).collect();
        SolveError::Infeasible { reasons, seeds }
    }
}

/// What a backend gave for a description.
struct Run {
    flows: Vec<i64>,
    objective: f64,
    status: SolveStatus,
    solver: Solver,
    reason: String,
    size: (usize, usize),
}

/// Runs a description: by [`branch::search`] where some pairs carry none or a minimum, else at
/// once ([`run_once`]).
fn run(
    given: Given,
    solver: Solver,
    deadline: Option<Deadline>,
    together: impl Fn() -> SolveError,
) -> Result<Run, SolveError> {
    if given.description().none_or_at_least.is_empty() {
        return run_once(given, solver, deadline, together);
    }
    branch::search(
        given.description(),
        |node| run_once(Given::Kept(node), solver, deadline, &together),
        &together,
    )
}

/// Solves a description's network exactly by the min-cost flow; `size` is the description's (arcs,
/// nodes), `offset` its constant.
fn run_network(
    network: flow::Network,
    size: (usize, usize),
    offset: f64,
    deadline: Option<Deadline>,
    infeasible: impl Fn() -> SolveError,
) -> Result<Run, SolveError> {
    let (flows, objective) =
        flow::solve(network, deadline.map(|d| d.at)).map_err(|err| match err {
            crate::mcf::FlowError::TimeLimit => SolveError::TimeLimit {
                seconds: deadline.map_or(0.0, |d| d.seconds),
            },
            crate::mcf::FlowError::Infeasible => infeasible(),
            crate::mcf::FlowError::BadArc(arc) => {
                SolveError::Backend(format!("the network has a malformed arc ({arc})"))
            }
        })?;
    Ok(Run {
        flows,
        objective: objective + offset,
        status: SolveStatus::Optimal,
        solver: Solver::Flow,
        reason: "a pure network: exact min-cost flow".to_string(),
        size,
    })
}

/// Picks the backend for a description (the flow where it is a network and the method allows,
/// else the LP) and runs it; `together` says why there is no plan when every count passed.
fn run_once(
    mut given: Given,
    solver: Solver,
    deadline: Option<Deadline>,
    together: impl Fn() -> SolveError,
) -> Result<Run, SolveError> {
    let infeasible = together;
    let timed_out = || SolveError::TimeLimit {
        seconds: deadline.map_or(0.0, |d| d.seconds),
    };
    let lp_reason = match solver {
        Solver::Lp => "the LP, as asked (--solver lp)".to_string(),
        Solver::Flow | Solver::Auto => match flow::network(given.description()) {
            Ok(network) => {
                let description = given.description();
                let (size, offset) = (
                    (description.arcs.len(), description.nodes.len()),
                    description.offset,
                );
                if let Given::Spent(description) = &mut given {
                    description.arcs = Vec::new();
                }
                return run_network(network, size, offset, deadline, infeasible);
            }
            Err(why) if solver == Solver::Flow => return Err(SolveError::NotANetwork(why)),
            Err(why) => format!("not a pure network ({why}): the LP"),
        },
    };
    let seconds = match deadline {
        Some(deadline) if deadline.remaining_seconds() <= 0.0 => return Err(timed_out()),
        Some(deadline) => Some(deadline.remaining_seconds()),
        None => None,
    };
    let description = given.description();
    let lp = lp::build(description);
    let size = lp.size();
    match lp.solve(seconds) {
        lp::Outcome::Solved(flows, objective, proven) => Ok(Run {
            flows,
            objective: objective + description.offset,
            status: if proven {
                SolveStatus::Optimal
            } else {
                SolveStatus::TimeLimit
            },
            solver: Solver::Lp,
            reason: lp_reason,
            size,
        }),
        lp::Outcome::Infeasible => Err(infeasible()),
        lp::Outcome::TimeLimit => Err(timed_out()),
        lp::Outcome::NonIntegral(arc, value) => Err(SolveError::NonIntegral {
            what: format!(
                "{:?} ({} → {})",
                description.carries(arc),
                &description.nodes[description.arcs[arc].from],
                &description.nodes[description.arcs[arc].to]
            ),
            value,
        }),
        lp::Outcome::Failed(why) => Err(SolveError::Backend(why)),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::*;
    use crate::check::{check_plan, has_gaps};
    use crate::domain::*;
    use crate::model::plan_cost;
    use crate::testkit::{instance, one_to_one, params, team, team_instance, Params};

    /// Two programs on one set of helpers (same ids and capacities), each with its own recipients,
    /// no district quotas.
    fn sharing(a: &Params, b: &Params) -> (Instance, Instance) {
        let mut first = instance(a);
        let mut second = instance(b);
        second.program.name = "second".into();
        second.helpers = first.helpers.clone();
        for program in [&mut first, &mut second] {
            program.rules.remove(RuleKind::DistrictQuota);
            program.rules.remove(RuleKind::UnitMinimum);
            for helper in &mut program.helpers {
                helper.unit = None;
            }
        }
        (first, second)
    }

    #[test]
    fn one_helper_has_one_capacity_across_programs() {
        // One recipient each in county 0, one helper of district 0: alone, each program has a plan.
        let one = (vec![(0, 1, 0)], vec![(0, 0, 0)], false, 0);
        let (mut first, mut second) = sharing(&one, &one);
        for program in [&mut first, &mut second] {
            program.helpers.truncate(1);
            program.helpers[0].capacity = 1;
        }
        let graphs = [PairingGraph::build(&first), PairingGraph::build(&second)];
        assert!(solve(&first, &graphs[0]).is_ok() && solve(&second, &graphs[1]).is_ok());
        let programs = [(&first, &graphs[0]), (&second, &graphs[1])];
        for solver in [Solver::Flow, Solver::Lp] {
            assert!(
                matches!(
                    solve_joint(&programs, solver, None),
                    Err(SolveError::Infeasible { .. })
                ),
                "{solver:?}: one unit of capacity cannot serve both"
            );
        }
        for program in [&mut first, &mut second] {
            program.helpers[0].capacity = 2;
        }
        let graphs = [PairingGraph::build(&first), PairingGraph::build(&second)];
        let programs = [(&first, &graphs[0]), (&second, &graphs[1])];
        let joint = solve_joint(&programs, Solver::Auto, None).expect("two units serve both");
        assert_eq!(joint.solver, Solver::Flow);
        assert_eq!(
            joint
                .plans
                .iter()
                .map(|p| p.assignments.len())
                .sum::<usize>(),
            2
        );
        // Two capacities for one helper are refused.
        second.helpers[0].capacity = 3;
        let graphs = [PairingGraph::build(&first), PairingGraph::build(&second)];
        let programs = [(&first, &graphs[0]), (&second, &graphs[1])];
        assert!(matches!(
            solve_joint(&programs, Solver::Auto, None),
            Err(SolveError::Joint(
                crate::model::JointError::TwoCapacities { .. }
            ))
        ));
    }

    /// The LP of the description, without counting shortfalls first.
    fn lp_only(instance: &Instance, graph: &PairingGraph) -> Result<Solved, SolveError> {
        let description = model::describe(instance, graph);
        let run = run(Given::Kept(&description), Solver::Lp, None, || {
            SolveError::infeasible(instance, vec![not_all_at_once(instance)])
        })?;
        Ok(Solved::of_one(&description, run))
    }

    /// The cheapest plan that passes check, by trying every assignment.
    fn brute_force(instance: &Instance) -> Option<f64> {
        let (n, m) = (instance.recipients.len(), instance.helpers.len());
        let mut best: Option<f64> = None;
        let mut choice = vec![0usize; n];
        loop {
            let plan = Plan::new(
                choice
                    .iter()
                    .enumerate()
                    .map(|(r, &h)| Assignment::pairing(RecipientId(r), HelperId(h)))
                    .collect(),
            );
            if !has_gaps(&check_plan(instance, &plan)) {
                let cost = plan_cost(instance, &plan);
                best = Some(best.map_or(cost, |b: f64| b.min(cost)));
            }
            let mut i = 0;
            while i < n && choice[i] + 1 == m {
                choice[i] = 0;
                i += 1;
            }
            if i == n {
                return best;
            }
            choice[i] += 1;
        }
    }

    /// The cheapest allotment that passes check, by trying every helper for every recipient and every
    /// split of the total (the last recipient takes what is left).
    fn brute_force_allotment(instance: &Instance) -> Option<f64> {
        let (n, m) = (instance.recipients.len(), instance.helpers.len());
        let total = instance.total_units()?;
        let mut best: Option<f64> = None;
        let mut helpers = vec![0usize; n];
        loop {
            let mut units = vec![1u32; n.saturating_sub(1)];
            loop {
                let given: u32 = units.iter().sum();
                if given < total {
                    let mut assignments: Vec<Assignment> = helpers
                        .iter()
                        .zip(units.iter().chain([&(total - given)]))
                        .enumerate()
                        .map(|(r, (&h, &units))| Assignment {
                            recipient: RecipientId(r),
                            helper: HelperId(h),
                            units,
                        })
                        .collect();
                    assignments.retain(|a| a.units > 0);
                    let plan = Plan::new(assignments);
                    if !has_gaps(&check_plan(instance, &plan)) {
                        let cost = plan_cost(instance, &plan);
                        best = Some(best.map_or(cost, |b: f64| b.min(cost)));
                    }
                }
                let Some(i) = (0..units.len()).find(|&i| units[i] < total) else {
                    break;
                };
                units[i] += 1;
                units[..i].iter_mut().for_each(|u| *u = 1);
            }
            let mut i = 0;
            while i < n && helpers[i] + 1 == m {
                helpers[i] = 0;
                i += 1;
            }
            if i == n {
                return best;
            }
            helpers[i] += 1;
        }
    }

    /// The cheapest plan passing check among all plans giving each pair 0..=`most` units, by
    /// enumeration: the exact optimum of a tiny instance, whatever its rules.
    fn brute_force_pairs(instance: &Instance, most: u32) -> Option<f64> {
        let (n, m) = (instance.recipients.len(), instance.helpers.len());
        let mut units = vec![0u32; n * m];
        let mut best: Option<f64> = None;
        loop {
            let plan = Plan::new(
                units
                    .iter()
                    .enumerate()
                    .filter(|(_, &u)| u > 0)
                    .map(|(i, &u)| Assignment {
                        recipient: RecipientId(i / m),
                        helper: HelperId(i % m),
                        units: u,
                    })
                    .collect(),
            );
            if !has_gaps(&check_plan(instance, &plan)) {
                let cost = plan_cost(instance, &plan);
                best = Some(best.map_or(cost, |b: f64| b.min(cost)));
            }
            let Some(i) = (0..units.len()).find(|&i| units[i] < most) else {
                return best;
            };
            units[i] += 1;
            units[..i].iter_mut().for_each(|u| *u = 0);
        }
    }

    /// Two recipients of 2–3 units each, three helpers of the given capacities, `total` units in
    /// all, each helper on a team sending at least 2.
    fn minimum_team(capacities: [u32; 3], total: u32, skills: [usize; 3]) -> Instance {
        let mut instance = team_instance(
            &(
                capacities
                    .iter()
                    .zip(skills)
                    .map(|(&c, s)| (c, s))
                    .collect(),
                vec![0, 1],
            ),
            0,
        );
        instance.rules = RuleSet::from([
            Rule::RecipientUnits {
                min: 2,
                max: Some(3),
            },
            Rule::TotalUnits { total },
            Rule::HelperCapacity,
            Rule::MemberMinimum { min: 2 },
        ]);
        instance
    }

    proptest! {
        // Each case enumerates 4⁶ plans: fewer cases than the other properties.
        #![proptest_config(ProptestConfig::with_cases(32))]

        #[test]
        fn team_members_send_their_minimum_or_none_and_the_search_finds_the_optimum(
            capacities in prop::array::uniform3(1..6u32),
            total in 4..7u32,
            skills in prop::array::uniform3(0..3usize),
        ) {
            // Branch and bound over none-or-at-least pairs, each node a min-cost flow or an LP: the
            // same optimum as enumerating every plan, and no pair of 1.
            let instance = minimum_team(capacities, total, skills);
            let graph = PairingGraph::build(&instance);
            let best = brute_force_pairs(&instance, 3);
            for solver in [Solver::Flow, Solver::Lp] {
                match (solve_with(&instance, &graph, solver), best) {
                    (Ok(solved), Some(best)) => {
                        prop_assert_eq!(solved.status, SolveStatus::Optimal);
                        prop_assert!(!has_gaps(&check_plan(&instance, &solved.plan)));
                        prop_assert!(solved.plan.assignments.iter().all(|a| a.units >= 2));
                        prop_assert!((solved.objective - best).abs() < 1e-6, "{solver:?} {} vs brute force {best}", solved.objective);
                    }
                    (Err(SolveError::Infeasible { .. }), None) => {}
                    (got, best) => prop_assert!(false, "{solver:?}: {:?} vs brute force {best:?}", got.map(|s| s.objective)),
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn every_plan_passes_check(params in params(12)) {
            let instance = instance(&params);
            let graph = PairingGraph::build(&instance);
            let solved = solve(&instance, &graph).expect("feasible by construction");
            let findings = check_plan(&instance, &solved.plan);
            prop_assert!(!has_gaps(&findings), "{findings:?}");
            prop_assert!((plan_cost(&instance, &solved.plan) - solved.objective).abs() < 1e-6);
        }

        #[test]
        fn one_to_one_optimum_equals_kuhn_munkres(costs in (1..7usize).prop_flat_map(|n| prop::collection::vec(prop::collection::vec(0..50i64, n), n))) {
            let instance = one_to_one(&costs);
            let graph = PairingGraph::build(&instance);
            let solved = solve(&instance, &graph).expect("a square assignment is feasible");
            let matrix = pathfinding::matrix::Matrix::from_rows(costs.clone()).expect("square");
            let (best, _) = pathfinding::kuhn_munkres::kuhn_munkres_min(&matrix);
            prop_assert!((solved.objective - best as f64).abs() < 1e-6, "LP {} vs Kuhn–Munkres {}", solved.objective, best);
            prop_assert!(!has_gaps(&check_plan(&instance, &solved.plan)));
        }

        #[test]
        fn every_allotment_passes_check(params in params(8), extra in 0..6u32) {
            let mut instance = instance(&params);
            let capacity: u32 = instance.helpers.iter().map(|h| h.capacity).sum();
            let total = (instance.recipients.len() as u32 + extra).min(capacity);
            prop_assume!(total >= instance.recipients.len() as u32);
            instance.rules = RuleSet::from([
                Rule::RecipientUnits { min: 1, max: None },
                Rule::TotalUnits { total },
                Rule::HelperCapacity,
            ]);
            let graph = PairingGraph::build(&instance);
            let solved = solve(&instance, &graph).expect("feasible by construction");
            let findings = check_plan(&instance, &solved.plan);
            prop_assert!(!has_gaps(&findings), "{findings:?}");
            prop_assert_eq!(solved.plan.assignments.iter().map(|a| a.units).sum::<u32>(), total);
            prop_assert!((plan_cost(&instance, &solved.plan) - solved.objective).abs() < 1e-6);
        }

        #[test]
        fn every_plan_with_several_helpers_per_recipient_passes_check(params in params(8), most in 1..3u32) {
            // The county-hospitals kind: 1 to `most` helpers each, no quotas.
            let mut instance = instance(&params);
            instance.rules = RuleSet::from([Rule::Coverage { min: 1, max: Some(most) }, Rule::HelperCapacity]);
            let graph = PairingGraph::build(&instance);
            let solved = solve(&instance, &graph).expect("feasible: capacity covers every recipient");
            let findings = check_plan(&instance, &solved.plan);
            prop_assert!(!has_gaps(&findings), "{findings:?}");
            prop_assert!((plan_cost(&instance, &solved.plan) - solved.objective).abs() < 1e-6);
        }

        #[test]
        fn every_demand_allotment_passes_check(params in params(6), demands in prop::collection::vec(1..4u32, 6)) {
            // The cadres kind: each recipient exactly its demand, from one or more helpers.
            let mut instance = instance(&params);
            let demand: BTreeMap<RecipientId, Count> = (0..instance.recipients.len())
                .map(|r| (RecipientId(r), demands[r]))
                .collect();
            let capacity: u32 = instance.helpers.iter().map(|h| h.capacity).sum();
            prop_assume!(capacity >= demand.values().sum::<u32>());
            instance.rules = RuleSet::from([Rule::RecipientDemand { demand }, Rule::HelperCapacity]);
            let graph = PairingGraph::build(&instance);
            let solved = solve(&instance, &graph).expect("feasible: off-map pairings are allowed");
            let findings = check_plan(&instance, &solved.plan);
            prop_assert!(!has_gaps(&findings), "{findings:?}");
            prop_assert!((plan_cost(&instance, &solved.plan) - solved.objective).abs() < 1e-6);
        }

        #[test]
        fn named_senders_are_kept_and_both_solvers_agree(params in params(6), demands in prop::collection::vec(1..4u32, 6), masks in prop::collection::vec(0..64u32, 6)) {
            // The aid posts' kind: exact demands, some posts from the senders named for them only.
            let mut instance = instance(&params);
            let demand: BTreeMap<RecipientId, Count> = (0..instance.recipients.len())
                .map(|r| (RecipientId(r), demands[r]))
                .collect();
            let helpers = instance.helpers.len();
            let senders: BTreeMap<RecipientId, std::collections::BTreeSet<HelperId>> = (0..instance.recipients.len())
                .filter(|&r| masks[r] != 0)
                .map(|r| (RecipientId(r), (0..helpers).filter(|&h| masks[r] >> (h % 6) & 1 == 1).map(HelperId).collect()))
                .collect();
            instance.rules = RuleSet::from([
                Rule::RecipientDemand { demand },
                Rule::HelperCapacity,
                Rule::NamedSenders { senders: senders.clone(), each_sends: Default::default() },
            ]);
            let graph = PairingGraph::build(&instance);
            let flow = solve_within(&instance, &graph, Solver::Flow, None);
            let lp = solve_within(&instance, &graph, Solver::Lp, None);
            match (flow, lp) {
                (Ok(flow), Ok(lp)) => {
                    for solved in [&flow, &lp] {
                        let findings = check_plan(&instance, &solved.plan);
                        prop_assert!(!has_gaps(&findings), "{findings:?}");
                        for a in &solved.plan.assignments {
                            prop_assert!(senders.get(&a.recipient).is_none_or(|named| named.contains(&a.helper)));
                        }
                    }
                    prop_assert!((flow.objective - lp.objective).abs() < 1e-6, "flow {} vs LP {}", flow.objective, lp.objective);
                }
                (Err(_), Err(_)) => {}
                (flow, lp) => prop_assert!(false, "flow {:?} vs LP {:?}", flow.map(|s| s.objective), lp.map(|s| s.objective)),
            }
        }

        #[test]
        fn a_follower_takes_exactly_the_pairs_it_follows(params in params(8)) {
            // The telemedicine kind: a link for each pair of another program's plan, and no other.
            let source = instance(&params);
            let graph = PairingGraph::build(&source);
            let planned = solve(&source, &graph).expect("feasible by construction");
            let mut follower = source.clone();
            follower.program.name = "follower".into();
            follower.rules = RuleSet::from([
                Rule::Coverage { min: 1, max: Some(1) },
                Rule::PairsOf { program: source.program.name.clone(), pairs: Default::default() },
            ]);
            follower.follow(&source, &planned.plan).expect("same helpers and recipients");
            let graph = PairingGraph::build(&follower);
            let solved = solve(&follower, &graph).expect("the followed plan is a plan");
            prop_assert!(!has_gaps(&check_plan(&follower, &solved.plan)));
            let pairs = |plan: &Plan| plan.assignments.iter().map(|a| (a.recipient, a.helper)).collect::<Vec<_>>();
            prop_assert_eq!(pairs(&solved.plan), pairs(&planned.plan));
        }

        #[test]
        fn department_allotments_are_optimal(team in team(4), extra in 0..5u32) {
            // The 院包科 kind: one helper per recipient, one recipient per helper, units between.
            let instance = team_instance(&team, extra);
            let graph = PairingGraph::build(&instance);
            let solved = solve(&instance, &graph).expect("feasible by construction");
            let findings = check_plan(&instance, &solved.plan);
            prop_assert!(!has_gaps(&findings), "{findings:?}");
            let total = instance.total_units().unwrap_or(0);
            prop_assert_eq!(solved.plan.assignments.iter().map(|a| a.units).sum::<u32>(), total);
            prop_assert!((plan_cost(&instance, &solved.plan) - solved.objective).abs() < 1e-6);
            let best = brute_force_allotment(&instance).expect("a feasible plan exists");
            prop_assert!((solved.objective - best).abs() < 1e-6, "MIP {} vs brute force {}", solved.objective, best);
        }

        #[test]
        fn fixing_and_forbidding_pairs_of_a_plan(params in params(8), pick in any::<prop::sample::Index>(), other in any::<prop::sample::Index>()) {
            let mut instance = instance(&params);
            let graph = PairingGraph::build(&instance);
            let first = solve(&instance, &graph).expect("feasible by construction");
            let kept = first.plan.assignments[pick.index(first.plan.assignments.len())];
            // Fixing a pair of a feasible plan stays feasible, keeps the pair, and costs no less.
            let mut fixed = instance.clone();
            fixed.rules.insert(Rule::FixedPairs { pairs: [(kept.recipient, kept.helper)].into() });
            let solved = solve(&fixed, &graph).expect("the first plan keeps the pair");
            prop_assert!(!has_gaps(&check_plan(&fixed, &solved.plan)));
            prop_assert!(solved.plan.assignments.iter().any(|a| (a.recipient, a.helper) == (kept.recipient, kept.helper)));
            prop_assert!(solved.objective >= first.objective - 1e-6);
            prop_assert!((plan_cost(&fixed, &solved.plan) - solved.objective).abs() < 1e-6);
            // Forbidding one: a plan, if any, avoids it and costs no less; otherwise a reason.
            let banned = first.plan.assignments[other.index(first.plan.assignments.len())];
            instance.rules.insert(Rule::ForbiddenPairs { pairs: [(banned.recipient, banned.helper)].into() });
            match solve(&instance, &graph) {
                Ok(solved) => {
                    prop_assert!(!has_gaps(&check_plan(&instance, &solved.plan)));
                    prop_assert!(solved.plan.assignments.iter().all(|a| (a.recipient, a.helper) != (banned.recipient, banned.helper)));
                    prop_assert!(solved.objective >= first.objective - 1e-6);
                }
                Err(SolveError::Infeasible { reasons, .. }) => prop_assert!(!reasons.is_empty()),
                Err(other) => prop_assert!(false, "{other}"),
            }
        }

        #[test]
        fn a_plan_given_itself_as_previous_changes_nothing(params in params(10), kind in 0..3usize, extra in 0..4u32) {
            // Plain pairings, an allotment with a total, and one with exact demands: planned once,
            // then again with that plan as last year's, by both methods.
            let mut instance = instance(&params);
            let capacity: u32 = instance.helpers.iter().map(|h| h.capacity).sum();
            let n = instance.recipients.len() as u32;
            match kind {
                1 => instance.rules = RuleSet::from([
                    Rule::RecipientUnits { min: 1, max: None },
                    Rule::TotalUnits { total: (n + extra).min(capacity.max(n)) },
                    Rule::HelperCapacity,
                ]),
                2 => {
                    let demand = (0..n as usize).map(|r| (RecipientId(r), 1 + (r as u32 + extra) % 3)).collect();
                    instance.rules = RuleSet::from([Rule::RecipientDemand { demand }, Rule::HelperCapacity]);
                }
                _ => {}
            }
            let graph = PairingGraph::build(&instance);
            let Ok(first) = solve_with(&instance, &graph, Solver::Lp) else {
                return Ok(());
            };
            instance.previous = first.plan.assignments.clone();
            for solver in [Solver::Flow, Solver::Lp] {
                let again = solve_with(&instance, &graph, solver).expect("last year's plan still holds");
                prop_assert_eq!(&again.plan.assignments, &first.plan.assignments, "{:?}", solver);
                prop_assert!((again.objective - first.objective).abs() < 1e-6, "{} vs {}", again.objective, first.objective);
            }
        }

        #[test]
        fn moving_quota_changes_the_fewest_pairings_possible(params in params(10), from in 0..3usize, to in 0..3usize, k in 1..3u32) {
            // Plan, move k of quota from one district to another, plan again against the first
            // plan: no plan with fewer changes exists (the LP with a budget one below says so).
            let mut instance = instance(&params);
            let graph = PairingGraph::build(&instance);
            let Ok(first) = solve(&instance, &graph) else {
                return Ok(());
            };
            for rule in instance.rules.iter_mut() {
                if let Rule::DistrictQuota { quotas } = rule {
                    let moved = quotas.get(&DistrictId(from)).copied().unwrap_or(0).min(k);
                    *quotas.entry(DistrictId(from)).or_default() -= moved;
                    *quotas.entry(DistrictId(to)).or_default() += moved;
                }
            }
            instance.previous = first.plan.assignments.clone();
            let graph = PairingGraph::build(&instance);
            let Ok(next) = solve(&instance, &graph) else {
                return Ok(());
            };
            prop_assert!(!has_gaps(&check_plan(&instance, &next.plan)));
            let changes = crate::change::changed_units(&instance.previous, &next.plan);
            if changes > 0 {
                let mut tighter = instance.clone();
                tighter.change_budget = Some(crate::domain::ChangeBudget { most: changes - 1, forced: 0 });
                let fewer = solve_with(&tighter, &graph, Solver::Lp);
                prop_assert!(matches!(fewer, Err(SolveError::Infeasible { .. })), "a plan with {} changes: {:?}", changes - 1, fewer.map(|s| s.plan));
            }
        }

        #[test]
        fn the_flow_optimum_equals_the_lp_optimum(params in params(10), kind in 0..5usize, extra in 0..4u32, pick in any::<prop::sample::Index>()) {
            // Each kind of network program, solved both ways: same feasibility, same optimum, and
            // the flow's plan passes check.
            let mut instance = instance(&params);
            let capacity: u32 = instance.helpers.iter().map(|h| h.capacity).sum();
            let n = instance.recipients.len() as u32;
            match kind {
                0 => {}
                1 => instance.rules = RuleSet::from([Rule::Coverage { min: 1, max: Some(2) }, Rule::HelperCapacity]),
                2 => {
                    instance.rules = RuleSet::from([
                        Rule::RecipientUnits { min: 1, max: None },
                        Rule::TotalUnits { total: (n + extra).min(capacity.max(n)) },
                        Rule::HelperCapacity,
                    ]);
                }
                3 => {
                    let demand = (0..n as usize).map(|r| (RecipientId(r), 1 + (r as u32 + extra) % 3)).collect();
                    instance.rules = RuleSet::from([Rule::RecipientDemand { demand }, Rule::HelperCapacity]);
                }
                _ => {
                    let lp = solve(&instance, &PairingGraph::build(&instance)).expect("feasible by construction");
                    let a = lp.plan.assignments[pick.index(lp.plan.assignments.len())];
                    instance.rules.insert(Rule::FixedPairs { pairs: [(a.recipient, a.helper)].into() });
                }
            }
            let graph = PairingGraph::build(&instance);
            let by_lp = solve_with(&instance, &graph, Solver::Lp);
            let by_flow = solve_with(&instance, &graph, Solver::Flow);
            match (by_lp, by_flow) {
                (Ok(lp), Ok(flow)) => {
                    prop_assert_eq!(flow.solver, Solver::Flow, "every kind here is a pure network");
                    prop_assert!((lp.objective - flow.objective).abs() < 1e-6, "LP {} vs flow {}", lp.objective, flow.objective);
                    prop_assert!(!has_gaps(&check_plan(&instance, &flow.plan)), "{:?}", check_plan(&instance, &flow.plan));
                    prop_assert!((plan_cost(&instance, &flow.plan) - flow.objective).abs() < 1e-6);
                }
                (Err(_), Err(_)) => {}
                (lp, flow) => prop_assert!(false, "LP {:?} vs flow {:?}", lp.map(|s| s.objective), flow.map(|s| s.objective)),
            }
        }

        #[test]
        fn the_optimum_is_optimal(params in params(5)) {
            let instance = instance(&params);
            prop_assume!(instance.helpers.len() <= 5);
            let graph = PairingGraph::build(&instance);
            let solved = solve(&instance, &graph).expect("feasible by construction");
            let best = brute_force(&instance).expect("a feasible plan exists");
            prop_assert!((solved.objective - best).abs() < 1e-6, "LP {} vs brute force {}", solved.objective, best);
        }
    }

    #[test]
    fn a_county_needing_more_than_its_district_can_give_is_a_cut() {
        // 0县 (paired with 甲区) has two recipients, but 甲区's quota is 1; 乙区's 2 cannot help it.
        let mut instance = instance(&(vec![], vec![(0, 0, 1), (0, 0, 1), (1, 0, 0)], false, 0));
        instance.costs.off_map = None;
        let graph = PairingGraph::build(&instance);
        let err = solve(&instance, &graph).unwrap_err();
        assert!(
            err.to_string().contains(
                "the recipients of 0县 need 2 pairings, but only 甲区 may serve them, and by quota and capacity it can take 1: short by 1"
            ),
            "{err}"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn a_supply_shortfall_is_a_proof(params in params(8), off_map in any::<bool>(), shift in 0..3usize) {
            // Quotas moved from one district to the next, so that some instances have no plan.
            let mut instance = instance(&params);
            if !off_map {
                instance.costs.off_map = None;
            }
            for rule in &mut instance.rules {
                if let Rule::DistrictQuota { quotas } = rule {
                    let moved: BTreeMap<DistrictId, Count> = quotas
                        .iter()
                        .map(|(d, &q)| (DistrictId((d.0 + shift) % 3), q))
                        .collect();
                    *quotas = moved;
                }
            }
            let graph = PairingGraph::build(&instance);
            if let Some(shortfall) = graph.supply_shortfall(&instance) {
                prop_assert!(shortfall.needed > shortfall.available, "{shortfall:?}");
                let solved = lp_only(&instance, &graph);
                prop_assert!(matches!(solved, Err(SolveError::Infeasible { .. })), "a plan exists despite {shortfall:?}");
            }
        }

        #[test]
        fn programs_sharing_helpers_reach_one_optimum_and_one_capacity(a in params(6), b in params(6)) {
            let (first, second) = sharing(&a, &b);
            let graphs = [PairingGraph::build(&first), PairingGraph::build(&second)];
            let programs = [(&first, &graphs[0]), (&second, &graphs[1])];
            let by_flow = solve_joint(&programs, Solver::Flow, None);
            let by_lp = solve_joint(&programs, Solver::Lp, None);
            match (by_flow, by_lp) {
                (Ok(flow), Ok(lp)) => {
                    prop_assert!((flow.objective - lp.objective).abs() < 1e-6, "{} vs {}", flow.objective, lp.objective);
                    for solved in [&flow, &lp] {
                        let mut load = vec![0; first.helpers.len()];
                        for (program, plan) in [&first, &second].iter().zip(&solved.plans) {
                            prop_assert!(!has_gaps(&check_plan(program, plan)));
                            for (h, l) in plan.helper_loads(program.helpers.len()).iter().enumerate() {
                                load[h] += l;
                            }
                        }
                        for (helper, l) in first.helpers.iter().zip(&load) {
                            prop_assert!(*l <= helper.capacity, "{} carries {l} > {}", helper.id, helper.capacity);
                        }
                    }
                }
                (Err(_), Err(_)) => {}
                (flow, lp) => prop_assert!(false, "flow {:?} / lp {:?}", flow.map(|s| s.objective), lp.map(|s| s.objective)),
            }
        }

        #[test]
        fn every_explanation_of_no_plan_is_true(params in params(8), off_map in any::<bool>(), shift in 0..3usize, emptied in any::<prop::sample::Index>()) {
            // Quotas moved and one helper's capacity taken away, so that many instances have no
            // plan: whatever reason the counting gives before the LP, the LP must agree.
            let mut instance = instance(&params);
            if !off_map {
                instance.costs.off_map = None;
            }
            for rule in &mut instance.rules {
                if let Rule::DistrictQuota { quotas } = rule {
                    *quotas = quotas
                        .iter()
                        .map(|(d, &q)| (DistrictId((d.0 + shift) % 3), q))
                        .collect();
                }
            }
            let h = emptied.index(instance.helpers.len());
            instance.helpers[h].capacity = 0;
            let graph = PairingGraph::build(&instance);
            let reasons = shortfalls(&instance, &graph);
            let solved = lp_only(&instance, &graph);
            if !reasons.is_empty() {
                prop_assert!(matches!(solved, Err(SolveError::Infeasible { .. })), "a plan exists despite {reasons:?}");
            }
            if let Ok(solved) = solved {
                prop_assert!(!has_gaps(&check_plan(&instance, &solved.plan)));
            }
        }

        #[test]
        fn a_candidate_shortfall_is_a_proof_and_found(allowed in (1..6usize).prop_flat_map(|n| prop::collection::vec(prop::collection::vec(any::<bool>(), n), n))) {
            // A one-to-one program whose candidate pairs are a random subset: a plan exists exactly
            // when there is a perfect matching, which is exactly when the flow finds no shortfall.
            let n = allowed.len();
            let mut instance = one_to_one(&vec![vec![1; n]; n]);
            let pairs = (0..n)
                .flat_map(|r| (0..n).map(move |h| (r, h)))
                .filter(|&(r, h)| allowed[r][h])
                .map(|(r, h)| ((RecipientId(r), HelperId(h)), 1.0))
                .collect();
            instance.rules = RuleSet::from([
                Rule::Coverage { min: 1, max: Some(1) },
                Rule::HelperCapacity,
                Rule::AllowedPairs { costs: pairs },
            ]);
            let graph = PairingGraph::build(&instance);
            let shortfall = graph.supply_shortfall(&instance);
            let solved = lp_only(&instance, &graph);
            prop_assert_eq!(shortfall.is_some(), solved.is_err(), "{:?} / {:?}", shortfall, solved.err());
        }
    }

    #[test]
    fn forbidden_off_map_makes_unreachable_recipients_infeasible() {
        let mut instance = instance(&(vec![(0, 3, 0)], vec![(0, 0, 0), (2, 0, 0)], false, 0));
        instance.costs.off_map = None;
        let graph = PairingGraph::build(&instance);
        let err = solve(&instance, &graph).unwrap_err();
        assert!(
            err.to_string()
                .contains("1 recipients have no eligible helper at all (e.g. 1村)"),
            "{err}"
        );
    }
}
