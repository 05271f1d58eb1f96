//! Branch and bound over the pairs that carry none or at least a minimum (a team member's
//! `member_minimum`): each node is the description with some of those pairs decided — "none" (the
//! arcs carry 0) or "at least" (they carry the minimum or more) — solved by the backend that fits
//! it (the exact min-cost flow where the rest is a network). A node whose optimum leaves no pair
//! between 0 and its minimum is a plan; a node no better than the best plan found is dropped.
//!
//! Why here and not in the LP's binaries: a binary per pair written `min·b ≤ arcs ≤ most·b` has a
//! relaxation that ignores the minimum, and microlp's branch and bound over hundreds of such
//! binaries (the Gansu county teams: 14 county hospitals × 44 hospitals) ran for minutes; branching
//! on the pairs themselves, each node a min-cost flow, settles the same question in a few hundred
//! milliseconds-long solves.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::{Run, SolveError, SolveStatus};
use crate::model::{Description, NoneOrAtLeast};

/// The most nodes one search solves: beyond, the best plan found is returned, labelled
/// [`SolveStatus::SearchLimit`] with how far from the bound it may be. A count, not a time, so that
/// the same input gives the same plan on any machine.
pub const NODE_LIMIT: usize = 2000;

/// A pair decided at a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decision {
    /// Its arcs carry nothing.
    None,
    /// Its arcs carry at least its minimum.
    AtLeast,
}

/// A node solved, some pair of whose optimum lies between 0 and its minimum.
struct Open {
    decisions: Vec<(usize, Decision)>,
    run: Run,
    depth: usize,
    order: usize,
}

impl PartialEq for Open {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Open {}

impl PartialOrd for Open {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Open {
    /// The heap pops the lowest bound first, the deeper node among equal bounds (it reaches a plan
    /// sooner), then the node made first: one order, so one plan for one input.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .run
            .objective
            .total_cmp(&self.run.objective)
            .then(self.depth.cmp(&other.depth))
            .then(other.order.cmp(&self.order))
    }
}

/// How many pairs between 0 and their minimum a node tries both ways before it branches.
const TRIED_PER_NODE: usize = 8;

/// The search's state: the pairs, the relaxed description, the best plan found and the counts.
struct Search<'a, F> {
    relaxed: Description,
    pairs: Vec<NoneOrAtLeast>,
    solve: F,
    best: Option<Run>,
    solves: usize,
    proven: bool,
    first_infeasible: Option<SolveError>,
    /// The time limit ran out with a plan in hand: the search stops there.
    timed_out: bool,
    made: usize,
    _description: std::marker::PhantomData<&'a ()>,
}

/// A child tried: solved with a pair between 0 and its minimum, or a plan, or no plan.
enum Tried {
    Open(Open),
    Plan,
    Infeasible,
}

impl<F: FnMut(&Description) -> Result<Run, SolveError>> Search<'_, F> {
    /// Solves a node; a plan better than the best replaces it.
    fn try_node(
        &mut self,
        decisions: Vec<(usize, Decision)>,
        depth: usize,
    ) -> Result<Tried, SolveError> {
        let Some(bounded) = decide(&self.relaxed, &self.pairs, &decisions) else {
            return Ok(Tried::Infeasible);
        };
        self.solves += 1;
        let run = match (self.solve)(&bounded) {
            Ok(run) => run,
            Err(infeasible @ SolveError::Infeasible { .. }) => {
                self.first_infeasible.get_or_insert(infeasible);
                return Ok(Tried::Infeasible);
            }
            // Out of time with a plan in hand: that plan, not proven the best.
            Err(SolveError::TimeLimit { .. }) if self.best.is_some() => {
                self.proven = false;
                self.timed_out = true;
                return Ok(Tried::Infeasible);
            }
            Err(other) => return Err(other),
        };
        self.proven &= run.status == SolveStatus::Optimal;
        if !between(&self.pairs, &run.flows).is_empty() {
            self.made += 1;
            return Ok(Tried::Open(Open {
                decisions,
                run,
                depth,
                order: self.made,
            }));
        }
        if self
            .best
            .as_ref()
            .is_none_or(|b| better(run.objective, b.objective))
        {
            self.best = Some(run);
        }
        Ok(Tried::Plan)
    }

    /// Whether a bound can still lead to a better plan than the best.
    fn promising(&self, bound: f64) -> bool {
        self.best
            .as_ref()
            .is_none_or(|b| better(bound, b.objective))
    }

    /// Strong branching: tries both ways of the first pairs between 0 and their minimum and keeps
    /// the children of the pair whose worse child is worst (the most the bound rises), which settles
    /// in a few nodes what branching on the first pair found takes thousands for.
    fn branch(&mut self, node: &Open) -> Result<Vec<Open>, SolveError> {
        let mut chosen: Option<(f64, f64, Vec<Open>)> = None;
        for pair in between(&self.pairs, &node.run.flows)
            .into_iter()
            .take(TRIED_PER_NODE)
        {
            let mut children = Vec::new();
            let mut objectives = Vec::new();
            for decision in [Decision::AtLeast, Decision::None] {
                let mut decisions = node.decisions.clone();
                decisions.push((pair, decision));
                match self.try_node(decisions, node.depth + 1)? {
                    Tried::Open(open) => {
                        objectives.push(open.run.objective);
                        children.push(open);
                    }
                    // Settled: nothing below it to search.
                    Tried::Plan | Tried::Infeasible => objectives.push(f64::INFINITY),
                }
            }
            let worse = objectives.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let better_child = objectives.iter().copied().fold(f64::INFINITY, f64::min);
            if chosen
                .as_ref()
                .is_none_or(|&(w, b, _)| (better_child, worse) > (w, b))
            {
                chosen = Some((better_child, worse, children));
            }
            if better_child == f64::INFINITY {
                break;
            }
        }
        Ok(chosen.map(|(_, _, children)| children).unwrap_or_default())
    }
}

/// The best plan of a description with pairs that carry none or a minimum, by branch and bound,
/// each node solved by `solve` (which says "no plan" by [`SolveError::Infeasible`]).
pub(super) fn search(
    description: &Description,
    solve: impl FnMut(&Description) -> Result<Run, SolveError>,
    infeasible: impl Fn() -> SolveError,
) -> Result<Run, SolveError> {
    let mut relaxed = description.clone();
    let pairs = std::mem::take(&mut relaxed.none_or_at_least);
    let mut search = Search {
        relaxed,
        pairs,
        solve,
        best: None,
        solves: 0,
        proven: true,
        first_infeasible: None,
        timed_out: false,
        made: 0,
        _description: std::marker::PhantomData,
    };
    // Depth first until a plan is found (the lower child first), then lowest bound first: the
    // dive gives the bound to prune with, the heap the proof.
    let mut diving = Vec::new();
    let mut waiting = BinaryHeap::new();
    // A pair bound to carry a unit (a fixed pair) carries its minimum: no branch needed.
    let bound_to_carry = search
        .pairs
        .iter()
        .enumerate()
        .filter(|(_, pair)| pair.arcs.iter().any(|&a| search.relaxed.arcs[a].lower > 0))
        .map(|(p, _)| (p, Decision::AtLeast))
        .collect();
    if let Tried::Open(root) = search.try_node(bound_to_carry, 0)? {
        diving.push(root);
    }
    let mut lowest_open = f64::INFINITY;
    while let Some(node) = diving.pop().or_else(|| waiting.pop()) {
        if search.timed_out {
            break;
        }
        if !search.promising(node.run.objective) {
            continue;
        }
        if search.solves >= NODE_LIMIT {
            lowest_open = node.run.objective;
            break;
        }
        let mut children = search.branch(&node)?;
        children.retain(|child| search.promising(child.run.objective));
        if search.best.is_some() {
            waiting.extend(diving.drain(..));
            waiting.extend(children);
        } else {
            children.sort_by(|a, b| b.run.objective.total_cmp(&a.run.objective));
            diving.extend(children);
        }
    }
    let solved = search.solves;
    let Some(best) = search.best else {
        return Err(if lowest_open.is_finite() {
            SolveError::SearchLimit { nodes: NODE_LIMIT }
        } else {
            // No node had a plan: each was shown to have none, or contradicted a bound (a pair
            // bound to carry a unit that its minimum cannot serve).
            search.first_infeasible.unwrap_or_else(infeasible)
        });
    };
    Ok(labelled(best, lowest_open, search.proven, solved))
}

/// The best plan with how the search ended: stopped at the node limit (with how far from the
/// lowest open bound it may be), at the time limit, or proven.
fn labelled(mut best: Run, lowest_open: f64, proven: bool, solved: usize) -> Run {
    if lowest_open.is_finite() {
        best.status = SolveStatus::SearchLimit;
        best.reason = format!(
            "{}; searched {solved} nodes, at most {:.4} above the best possible",
            best.reason,
            (best.objective - lowest_open).max(0.0)
        );
    } else if !proven {
        best.status = SolveStatus::TimeLimit;
    } else if solved > 1 {
        best.reason = format!(
            "{}; branch and bound over team members' minimums ({solved} nodes)",
            best.reason
        );
    }
    best
}

/// Whether `objective` beats `incumbent` by more than rounding.
fn better(objective: f64, incumbent: f64) -> bool {
    objective < incumbent - 1e-9 * incumbent.abs().max(1.0)
}

/// The pairs whose flow lies strictly between 0 and their minimum, nearest their minimum first
/// (in the order given among equals: the sums of off-map pairs come first).
fn between(pairs: &[NoneOrAtLeast], flows: &[i64]) -> Vec<usize> {
    let mut found: Vec<(i64, usize)> = pairs
        .iter()
        .enumerate()
        .filter_map(|(p, pair)| {
            let carried: i64 = pair.arcs.iter().map(|&a| flows[a]).sum();
            (carried > 0 && carried < pair.least).then_some((pair.least - carried, p))
        })
        .collect();
    found.sort_unstable();
    found.into_iter().map(|(_, p)| p).collect()
}

/// The description with the node's decisions as bounds, or `None` when a decision contradicts a
/// bound already there (a pair that must carry a unit decided "none").
fn decide(
    relaxed: &Description,
    pairs: &[NoneOrAtLeast],
    decisions: &[(usize, Decision)],
) -> Option<Description> {
    let mut d = relaxed.clone();
    for &(p, decision) in decisions {
        let pair = &pairs[p];
        match (decision, &pair.arcs[..]) {
            (Decision::None, arcs) => {
                for &arc in arcs {
                    if d.arcs[arc].lower > 0 {
                        return None;
                    }
                    d.arcs[arc].upper = 0;
                }
            }
            (Decision::AtLeast, arcs) => {
                crate::model::require_at_least(&mut d, arcs, pair.least);
                if arcs.iter().any(|&a| d.arcs[a].lower > d.arcs[a].upper) {
                    return None;
                }
            }
        }
    }
    Some(d)
}
