//! A program re-solved with one change from the optimum of the program as it was (`plan
//! --explain`): the changed description's network starts from the first one's flows and potentials
//! ([`mcf::MinCostFlow::solve_from`]), matched by node names — the arcs between two named nodes in
//! their order. Exact whatever the match; a few shortest-path rounds when the change is small,
//! instead of a solve from nothing.

use crate::diagnose::shortfalls;
use crate::domain::{FastMap, Instance, OneChange};
use crate::graph::PairingGraph;
use crate::model::{self, Description};

use super::{flow, solve_with, Solver};

/// An optimum kept as the start of the next solves: potentials by node name, flows by the arcs
/// between two named nodes in their order.
#[derive(Debug, Clone)]
pub struct WarmStart {
    /// The first description's node names, in order: a change that keeps them (most do) is
    /// matched node for node without hashing a name.
    names: crate::model::NodeNames,
    node: FastMap<String, usize>,
    potentials: Vec<i64>,
    /// Each arc's tail and head, and its flow, in the first description's order.
    arcs: Vec<(usize, usize)>,
    by_index: Vec<i64>,
    flows: FastMap<(usize, usize, u32), i64>,
    scale: f64,
    /// The description solved, that a change is made to in place ([`objective_with_change`]).
    description: Description,
}

/// The optimum of `instance`, kept as a start; `None` where its description is not a pure network
/// (its changes are then solved from nothing).
pub fn warm_start(instance: &Instance, graph: &PairingGraph) -> Option<WarmStart> {
    if !shortfalls(instance, graph).is_empty() {
        return None;
    }
    let description = model::describe(instance, graph);
    if !description.none_or_at_least.is_empty() {
        return None;
    }
    let network = flow::network(&description).ok()?;
    let solution = network.flow.solve_from(&[], &[], None).ok()?;
    let node: FastMap<String, usize> = description
        .nodes
        .iter()
        .enumerate()
        .map(|(i, name)| (name.to_string(), i))
        .collect();
    let mut flows = FastMap::default();
    for ((from, to, k), &flow) in parallel_keys(&description).zip(&solution.flows) {
        flows.insert((from, to, k), flow);
    }
    Some(WarmStart {
        names: description.nodes.clone(),
        node,
        arcs: description.arcs.iter().map(|a| (a.from, a.to)).collect(),
        by_index: solution.flows.clone(),
        potentials: solution.potentials,
        flows,
        scale: network.scale,
        description,
    })
}

/// The optimum of `instance` with `change`, started from `start` (the optimum of `instance`, where
/// it is a pure network); `None` when it has no plan. The change is made in place to `scratch` — a
/// copy of the start's description ([`WarmStart::scratch`]), as it is given back — where both are
/// given and the description allows ([`Description::apply_change`]); else the changed program is
/// described anew.
pub fn objective_with_change(
    instance: &Instance,
    start: Option<&WarmStart>,
    scratch: Option<&mut Description>,
    change: OneChange,
) -> Option<f64> {
    let described_anew = || {
        let mut changed = instance.clone();
        change.apply(&mut changed);
        let graph = PairingGraph::build(&changed);
        objective_from(&changed, &graph, start)
    };
    let (Some(start), Some(scratch)) = (start, scratch) else {
        return described_anew();
    };
    let Some(undo) = scratch.apply_change(instance, change) else {
        return described_anew();
    };
    let Ok(network) = flow::network(scratch) else {
        // No longer exact integer costs (a capacity whose multiple is too large): the LP's.
        scratch.undo(undo);
        return described_anew();
    };
    let ratio = network.scale / start.scale;
    let potentials: Vec<i64> = start
        .potentials
        .iter()
        .map(|&p| (p as f64 * ratio).round() as i64)
        .collect();
    // The arcs keep their places; a step the change added starts empty.
    let solved = network
        .flow
        .solve_from(&start.by_index, &potentials, None)
        .ok()
        .map(|s| network.flow.cost_of(&s.flows) as f64 / network.scale + scratch.offset);
    scratch.undo(undo);
    solved
}

/// The optimum of `instance` — a changed copy of the program `start` solved — started from
/// `start` where both are pure networks, else solved from nothing; `None` when it has no plan.
pub fn objective_from(
    instance: &Instance,
    graph: &PairingGraph,
    start: Option<&WarmStart>,
) -> Option<f64> {
    let cold = || {
        solve_with(instance, graph, Solver::Auto)
            .ok()
            .map(|s| s.objective)
    };
    let Some(start) = start else {
        return cold();
    };
    if !shortfalls(instance, graph).is_empty() {
        return None;
    }
    let description = model::describe(instance, graph);
    let network = match flow::network(&description) {
        Ok(network) if description.none_or_at_least.is_empty() => network,
        _ => return cold(),
    };
    let (flows, potentials) = start.for_description(&description, network.scale);
    let solved = network.flow.solve_from(&flows, &potentials, None).ok()?;
    Some(network.flow.cost_of(&solved.flows) as f64 / network.scale + description.offset)
}

impl WarmStart {
    /// A copy of the description solved, for [`objective_with_change`] to change and restore.
    pub fn scratch(&self) -> Description {
        self.description.clone()
    }

    /// The start's flows and potentials laid out for `description` (whose costs are scaled by
    /// `scale`): a node or an arc it does not know starts at 0 and at its lower bound.
    fn for_description(&self, description: &Description, scale: f64) -> (Vec<i64>, Vec<i64>) {
        let same_nodes = description.nodes == self.names;
        let known: Vec<Option<usize>> = if same_nodes {
            (0..self.names.len()).map(Some).collect()
        } else {
            let node = |name: &str| self.node.get(name).copied();
            description.nodes.iter().map(node).collect()
        };
        // Potentials are in the first network's cost units; a change of scale carries them over.
        let ratio = scale / self.scale;
        let potentials = known
            .iter()
            .map(|k| {
                k.and_then(|k| self.potentials.get(k))
                    .map_or(0, |&p| (p as f64 * ratio).round() as i64)
            })
            .collect();
        if same_nodes {
            return (self.aligned_flows(description), potentials);
        }
        let flows = parallel_keys(description)
            .zip(&description.arcs)
            .map(|((from, to, k), arc)| {
                let key = (known[from], known[to]);
                let flow = match key {
                    (Some(f), Some(t)) => self.flows.get(&(f, t, k)).copied(),
                    _ => None,
                };
                flow.unwrap_or(arc.lower)
            })
            .collect();
        (flows, potentials)
    }
}

impl WarmStart {
    /// The start's flows for a description with the same nodes: the arcs it shares at its start
    /// and at its end with the first description matched by place, those between (the change) by
    /// tail, head and order among themselves; an arc not matched starts at its lower bound.
    fn aligned_flows(&self, description: &Description) -> Vec<i64> {
        let arcs: Vec<(usize, usize)> = description.arcs.iter().map(|a| (a.from, a.to)).collect();
        let (new, old) = (arcs.len(), self.arcs.len());
        let head = arcs
            .iter()
            .zip(&self.arcs)
            .take_while(|(a, b)| a == b)
            .count();
        let tail = arcs[head..]
            .iter()
            .rev()
            .zip(self.arcs[head..].iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        let mut middle: FastMap<(usize, usize, u32), i64> = FastMap::default();
        let mut seen: FastMap<(usize, usize), u32> = FastMap::default();
        for (i, &pair) in self.arcs.iter().enumerate().take(old - tail).skip(head) {
            let k = seen.entry(pair).or_default();
            middle.insert((pair.0, pair.1, *k), self.by_index[i]);
            *k += 1;
        }
        seen.clear();
        let mut flows = Vec::with_capacity(new);
        flows.extend_from_slice(&self.by_index[..head]);
        for (i, &pair) in arcs.iter().enumerate().take(new - tail).skip(head) {
            let k = seen.entry(pair).or_default();
            let lower = description.arcs[i].lower;
            flows.push(middle.get(&(pair.0, pair.1, *k)).copied().unwrap_or(lower));
            *k += 1;
        }
        flows.extend_from_slice(&self.by_index[old - tail..]);
        flows
    }
}

/// Each arc of `description` as (tail, head, how many arcs between the two came before it).
fn parallel_keys(description: &Description) -> impl Iterator<Item = (usize, usize, u32)> + '_ {
    let mut seen: FastMap<(usize, usize), u32> = FastMap::default();
    description.arcs.iter().map(move |arc| {
        let k = seen.entry((arc.from, arc.to)).or_default();
        *k += 1;
        (arc.from, arc.to, *k - 1)
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::domain::{DistrictId, HelperId, UnitId};

    /// Every change `--explain` makes: each helper's capacity one more and one fewer (to none as
    /// well), one unit of quota moved between districts, each unit's minimum one more and one fewer.
    fn changes(instance: &Instance) -> Vec<OneChange> {
        let mut changed = Vec::new();
        for (h, helper) in instance.helpers.iter().enumerate() {
            for capacity in [helper.capacity + 1, helper.capacity.saturating_sub(1)] {
                let helper = HelperId(h);
                changed.push(OneChange::Capacity { helper, capacity });
            }
        }
        if let Some(quotas) = instance.district_quotas() {
            for (from, to) in [(0, 1), (1, 0), (0, 2), (2, 1), (1, 2)] {
                let (from, to) = (DistrictId(from), DistrictId(to));
                if quotas.get(&from).is_some_and(|&q| q > 0) {
                    changed.push(OneChange::QuotaMoved { from, to });
                }
            }
        }
        for u in 0..instance.units.len() {
            let minimum = instance
                .unit_minimums()
                .and_then(|m| m.get(&UnitId(u)).copied())
                .unwrap_or(0);
            for minimum in [minimum + 1, minimum.saturating_sub(1)] {
                changed.push(OneChange::UnitMinimum {
                    unit: UnitId(u),
                    minimum,
                });
            }
        }
        changed
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Started from the program's optimum — the change made in place to its description where
        /// it can be — every change's optimum is the one of the changed program described anew and
        /// solved from nothing (or, the same, there is none).
        #[test]
        fn a_warm_start_changes_no_optimum(params in crate::testkit::params(6)) {
            let instance = crate::testkit::instance(&params);
            let start = warm_start(&instance, &PairingGraph::build(&instance));
            let mut scratch = start.as_ref().map(WarmStart::scratch);
            let mut in_place = 0;
            for change in changes(&instance) {
                let mut changed = instance.clone();
                change.apply(&mut changed);
                let graph = PairingGraph::build(&changed);
                let cold = objective_from(&changed, &graph, None);
                let warm = match (start.as_ref(), scratch.as_mut()) {
                    (Some(start), Some(scratch)) => {
                        if let Some(undo) = scratch.apply_change(&instance, change) {
                            in_place += 1;
                            scratch.undo(undo);
                        }
                        let warm = objective_with_change(&instance, Some(start), Some(scratch), change);
                        // Given back as it was, for the next change.
                        prop_assert_eq!(scratch.arcs.len(), start.description.arcs.len());
                        warm
                    }
                    _ => objective_from(&changed, &graph, None),
                };
                match (warm, cold) {
                    (Some(w), Some(c)) => {
                        prop_assert!((w - c).abs() < 1e-9, "{:?}: {} against {}", change, w, c)
                    }
                    (w, c) => prop_assert_eq!(w.is_some(), c.is_some(), "{:?}", change),
                }
            }
            // The in-place path is the one under test: a helper's capacity one more always takes it.
            prop_assert!(start.is_none() || in_place > 0);
        }
    }
}
