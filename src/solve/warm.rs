//! A program re-solved with one change from the optimum of the program as it was (`plan
//! --explain`): the changed description's network starts from the first one's flows and potentials
//! ([`mcf::MinCostFlow::solve_from`]), matched by node names — the arcs between two named nodes in
//! their order. Exact whatever the match; a few shortest-path rounds when the change is small,
//! instead of a solve from nothing.

use crate::diagnose::shortfalls;
use crate::domain::{FastMap, Instance};
use crate::graph::PairingGraph;
use crate::model::{self, Description};

use super::{flow, solve_with, Solver};

/// An optimum kept as the start of the next solves: potentials by node name, flows by the arcs
/// between two named nodes in their order.
#[derive(Debug, Clone)]
pub struct WarmStart {
    /// The first description's node names, in order: a change that keeps them (most do) is
    /// matched node for node without hashing a name.
    names: Vec<String>,
    node: FastMap<String, usize>,
    potentials: Vec<i64>,
    /// Each arc's tail and head, and its flow, in the first description's order.
    arcs: Vec<(usize, usize)>,
    by_index: Vec<i64>,
    flows: FastMap<(usize, usize, u32), i64>,
    scale: f64,
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
        .map(|(i, name)| (name.clone(), i))
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
    })
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
    /// The start's flows and potentials laid out for `description` (whose costs are scaled by
    /// `scale`): a node or an arc it does not know starts at 0 and at its lower bound.
    fn for_description(&self, description: &Description, scale: f64) -> (Vec<i64>, Vec<i64>) {
        let same_nodes = description.nodes == self.names;
        let known: Vec<Option<usize>> = if same_nodes {
            (0..self.names.len()).map(Some).collect()
        } else {
            let node = |name: &String| self.node.get(name).copied();
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
    use crate::domain::{DistrictId, Rule};

    /// Every change `--explain` makes: each helper's capacity one more and one fewer, one unit of
    /// quota moved between each two districts.
    fn changes(instance: &Instance) -> Vec<Instance> {
        let mut changed = Vec::new();
        for h in 0..instance.helpers.len() {
            for capacity in [
                instance.helpers[h].capacity + 1,
                instance.helpers[h].capacity.saturating_sub(1),
            ] {
                let mut one = instance.clone();
                one.helpers[h].capacity = capacity;
                changed.push(one);
            }
        }
        for (from, to) in [(0, 1), (1, 0), (0, 2), (2, 1)] {
            let mut one = instance.clone();
            for rule in one.rules.iter_mut() {
                if let Rule::DistrictQuota { quotas } = rule {
                    let from = quotas.entry(DistrictId(from)).or_default();
                    if *from == 0 {
                        continue;
                    }
                    *from -= 1;
                    *quotas.entry(DistrictId(to)).or_default() += 1;
                }
            }
            changed.push(one);
        }
        changed
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Started from the program's optimum, every change's optimum is the one solved from
        /// nothing (or, the same, there is none).
        #[test]
        fn a_warm_start_changes_no_optimum(params in crate::testkit::params(6)) {
            let instance = crate::testkit::instance(&params);
            let start = warm_start(&instance, &PairingGraph::build(&instance));
            for changed in changes(&instance) {
                let graph = PairingGraph::build(&changed);
                let warm = objective_from(&changed, &graph, start.as_ref());
                let cold = objective_from(&changed, &graph, None);
                match (warm, cold) {
                    (Some(w), Some(c)) => prop_assert!((w - c).abs() < 1e-9, "{w} against {c}"),
                    (w, c) => prop_assert_eq!(w.is_some(), c.is_some()),
                }
            }
        }
    }
}
