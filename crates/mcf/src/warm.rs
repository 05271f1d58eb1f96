//! Warm starts: the optimum found from a previous solution, possibly of a network that differs a
//! little (a bound or a cost changed, an arc added or gone), in a few shortest-path rounds instead
//! of a solve from nothing. Any start gives the exact optimum; a close one gives it fast.
//!
//! The start's flows are clamped into the bounds; every residual edge whose reduced cost under the
//! start's potentials is negative is then saturated, so that every residual edge has a
//! non-negative reduced cost, as successive shortest paths need. What is left unbalanced at the
//! nodes (by the clamping, the saturation, and bounds that changed) goes from a super source to a
//! super sink along cheapest paths ([`super::paths_on_rows`]). Every node has its edge from the
//! source and to the sink, whatever its balance, so the layout is known before the balances are.
//!
//! [`MinCostFlow::potentials`] goes the other way: from a flow to potentials proving it optimal
//! (Bellman–Ford on its residual network), or to the finding that it is not optimal.

use super::{paths_on_rows, FlowError, Laying, MinCostFlow, Number};

/// A flow with each node's potential: the start of the next solve ([`MinCostFlow::solve_from`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Solution {
    /// The flow on each arc, by index.
    pub flows: Vec<i64>,
    /// Each node's potential (empty where one would not fit in 64 bits).
    pub potentials: Vec<i64>,
}

impl MinCostFlow {
    /// The optimum, started from `flows` (by arc index) and `potentials` (by node index), a
    /// previous solution of this network or of one that differs from it; an entry missing is an
    /// arc at its lower bound (its upper for a negative cost) and a node at potential 0, so that
    /// empty slices solve from nothing. Exact whatever the start; as fast as the start is close.
    pub fn solve_from(
        &self,
        flows: &[i64],
        potentials: &[i64],
        deadline: Option<std::time::Instant>,
    ) -> Result<Solution, FlowError> {
        if let Some(i) = self.first_malformed() {
            return Err(FlowError::BadArc(i));
        }
        let start: Vec<i64> = self
            .arcs
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let resting = if a.cost >= 0 { a.lower } else { a.upper };
                flows
                    .get(i)
                    .copied()
                    .unwrap_or(resting)
                    .clamp(a.lower, a.upper)
            })
            .collect();
        let price: Vec<i64> = (0..self.nodes)
            .map(|v| potentials.get(v).copied().unwrap_or(0))
            .collect();
        let widest = price
            .iter()
            .map(|p| i128::from(*p).abs())
            .max()
            .unwrap_or(0);
        let largest = self.largest_cost() + 2 * widest;
        if largest.saturating_mul(4 * (self.nodes as i128 + 3)) < i128::from(i64::MAX) {
            warm::<i64>(self, &start, &price, deadline)
        } else {
            warm::<i128>(self, &start, &price, deadline)
        }
    }

    /// Potentials proving `flows` optimal (every residual arc's cost plus its tail's potential less
    /// its head's is at least 0), or `None` when `flows` is not a flow of this network within its
    /// bounds, is not optimal (its residual network has a cycle of negative cost), or has a
    /// potential beyond 64 bits.
    ///
    /// # Complexity
    /// Bellman–Ford with a queue: O(nm) at worst, near-linear on an optimum's residual network.
    pub fn potentials(&self, flows: &[i64]) -> Option<Vec<i64>> {
        let residual = self.residual_arcs(flows)?;
        let n = self.nodes;
        let mut distance = vec![0i128; n];
        let mut queued = vec![true; n];
        let mut passes = vec![0usize; n];
        let mut queue: std::collections::VecDeque<usize> = (0..n).collect();
        while let Some(u) = queue.pop_front() {
            queued[u] = false;
            passes[u] += 1;
            if passes[u] > n + 1 {
                return None;
            }
            for &(v, cost) in &residual[u] {
                if distance[u] + cost < distance[v] {
                    distance[v] = distance[u] + cost;
                    if !queued[v] {
                        queued[v] = true;
                        queue.push_back(v);
                    }
                }
            }
        }
        distance
            .into_iter()
            .map(|d| i64::try_from(d).ok())
            .collect()
    }

    /// The residual arcs of `flows` by tail, with their costs, if `flows` is a flow of this network
    /// within its bounds.
    fn residual_arcs(&self, flows: &[i64]) -> Option<Vec<Vec<(usize, i128)>>> {
        if flows.len() != self.arcs.len() {
            return None;
        }
        let mut balance = vec![0i128; self.nodes];
        let mut residual = vec![Vec::new(); self.nodes];
        for (arc, &flow) in self.arcs.iter().zip(flows) {
            if flow < arc.lower || flow > arc.upper || arc.is_malformed(self.nodes) {
                return None;
            }
            balance[arc.head()] += i128::from(flow);
            balance[arc.tail()] -= i128::from(flow);
            if flow < arc.upper {
                residual[arc.tail()].push((arc.head(), i128::from(arc.cost)));
            }
            if flow > arc.lower {
                residual[arc.head()].push((arc.tail(), -i128::from(arc.cost)));
            }
        }
        balance.iter().all(|&b| b == 0).then_some(residual)
    }
}

/// [`MinCostFlow::solve_from`] in `T`, from flows already within their bounds.
fn warm<T: Number>(
    network: &MinCostFlow,
    start: &[i64],
    price: &[i64],
    deadline: Option<std::time::Instant>,
) -> Result<Solution, FlowError> {
    let nodes = network.nodes;
    let (source, sink) = (nodes, nodes + 1);
    let first = layout(network);
    // Edges are numbered in 32 bits; no input the loader admits comes near 4 billion.
    if u32::try_from(first[first.len() - 1]).is_err() {
        return Err(FlowError::BadArc(network.arcs.len()));
    }
    let mut rows = Laying::<T>::new(first, 1, false);
    let mut excess = vec![0i64; nodes + 2];
    let mut arc_edge = Vec::with_capacity(network.arcs.len());
    for (arc, &flow) in network.arcs.iter().zip(start) {
        let e = rows.add(
            arc.tail(),
            arc.head(),
            arc.upper - flow,
            i128::from(arc.cost),
        );
        let back = rows.rows.reverse(e as usize);
        rows.rows.capacity[back] = flow - arc.lower;
        excess[arc.head()] += flow;
        excess[arc.tail()] -= flow;
        arc_edge.push(e);
    }
    let mut potential: Vec<T> = price.iter().map(|&p| T::of(i128::from(p))).collect();
    saturate_against(&mut rows, &potential, &mut excess);
    let mut required = 0;
    for (v, &e) in excess.iter().enumerate().take(nodes) {
        rows.add(source, v, e.max(0), 0);
        rows.add(v, sink, (-e).max(0), 0);
        required += e.max(0);
    }
    // The source above every node and the sink below: its edges' reduced costs are not negative.
    potential.push(potential.iter().copied().max().unwrap_or(T::ZERO));
    potential.push(potential[..nodes].iter().copied().min().unwrap_or(T::ZERO));
    let mut rows = rows.rows;
    let sent = paths_on_rows(
        &mut rows,
        (source, sink),
        required,
        &mut potential,
        deadline,
    )?;
    if sent < required {
        return Err(FlowError::Infeasible);
    }
    let flows = network
        .arcs
        .iter()
        .zip(&arc_edge)
        .map(|(arc, &e)| arc.lower + rows.capacity[rows.reverse(e as usize)])
        .collect();
    let potentials = potential[..nodes]
        .iter()
        .map(|p| i64::try_from(p.wide()).ok())
        .collect::<Option<Vec<i64>>>()
        .unwrap_or_default();
    Ok(Solution { flows, potentials })
}

/// Where each node's edges start when every arc is laid as it is (negative costs too) and every
/// node has an edge from the source and one to the sink.
fn layout(network: &MinCostFlow) -> Vec<usize> {
    let nodes = network.nodes;
    let mut degree = vec![2usize; nodes];
    degree.extend([nodes, nodes]);
    for arc in &network.arcs {
        degree[arc.tail()] += 1;
        degree[arc.head()] += 1;
    }
    let mut first = Vec::with_capacity(degree.len() + 1);
    let mut next = 0;
    for d in degree {
        first.push(next);
        next += d;
    }
    first.push(next);
    first
}

/// Saturates every residual edge laid so far whose reduced cost under `potential` is negative,
/// moving what it carries into the balances.
fn saturate_against<T: Number>(rows: &mut Laying<T>, potential: &[T], excess: &mut [i64]) {
    for v in 0..potential.len() {
        for i in rows.rows.first[v]..rows.fill[v] {
            let w = rows.rows.head(i);
            let capacity = rows.rows.capacity[i];
            if capacity > 0 && rows.rows.cost[i] + potential[v] - potential[w] < T::ZERO {
                rows.rows.send(i, capacity);
                excess[v] -= capacity;
                excess[w] += capacity;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn network_of(nodes: usize, arcs: &[(usize, usize, i64, i64, i64)]) -> MinCostFlow {
        let mut network = MinCostFlow::with_capacity(arcs.len());
        for _ in 0..nodes {
            network.add_node();
        }
        for &(a, b, l, u, c) in arcs {
            network.add_arc(a % nodes, b % nodes, l, u, c);
        }
        network
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// From any start (random flows and potentials, or another network's solution with one
        /// bound and one cost changed), the optimum is the one found from nothing, and its
        /// potentials prove it.
        #[test]
        fn any_start_gives_the_optimum(
            nodes in 2..8usize,
            arcs in prop::collection::vec((0..8usize, 0..8usize, 0..3i64, 0..5i64, -50..100i64), 1..24),
            flows in prop::collection::vec(-2..9i64, 0..24),
            potentials in prop::collection::vec(-300..300i64, 0..8),
            change in (0..24usize, -1..2i64, -20..20i64),
        ) {
            let arcs: Vec<_> = arcs.into_iter().map(|(a, b, l, e, c)| (a, b, l, l + e, c)).collect();
            let network = network_of(nodes, &arcs);
            let cold = network.solve();
            let warm = network.solve_from(&flows, &potentials, None);
            match (&cold, &warm) {
                (Ok(cold), Ok(warm)) => {
                    prop_assert_eq!(network.cost_of(cold), network.cost_of(&warm.flows));
                    prop_assert!(network.potentials(&warm.flows).is_some());
                }
                (Err(a), Err(b)) => prop_assert_eq!(a, b),
                (a, b) => prop_assert!(false, "{a:?} / {b:?}"),
            }
            // The neighbour: one arc's upper bound and cost moved, solved from this solution.
            let (arc, by, cost) = change;
            let mut moved = arcs.clone();
            let arc = arc % moved.len();
            moved[arc].3 = (moved[arc].3 + by).max(moved[arc].2);
            moved[arc].4 += cost;
            let neighbour = network_of(nodes, &moved);
            if let Ok(start) = warm {
                let from_start = neighbour.solve_from(&start.flows, &start.potentials, None);
                match (neighbour.solve(), from_start) {
                    (Ok(cold), Ok(warm)) => {
                        prop_assert_eq!(neighbour.cost_of(&cold), neighbour.cost_of(&warm.flows));
                    }
                    (Err(a), Err(b)) => prop_assert_eq!(a, b),
                    (a, b) => prop_assert!(false, "{a:?} / {b:?}"),
                }
            }
        }

        /// A feasible flow that is not optimal has no potentials.
        #[test]
        fn a_costlier_flow_has_no_proof(extra in 1..5i64) {
            // Two parallel routes 0 → 1 at costs 1 and 3, `extra` units forced round the loop.
            let network = network_of(2, &[(0, 1, 0, 10, 1), (0, 1, 0, 10, 3), (1, 0, extra, extra, 0)]);
            let best = network.solve().expect("feasible");
            prop_assert!(network.potentials(&best).is_some());
            prop_assert!(network.potentials(&[0, extra, extra]).is_none());
            prop_assert!(network.potentials(&[0, 0, extra]).is_none(), "not a flow");
        }
    }
}
