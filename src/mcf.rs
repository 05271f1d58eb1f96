//! Minimum-cost flow with lower and upper bounds and integer costs, by successive shortest paths
//! (Dijkstra on reduced costs): the exact, fast path beside the LP for programs that are pure
//! networks. Knows nothing of pairing; [`crate::network`] builds the network of a program.
//!
//! Lower bounds are moved into node supplies, a super source and sink carry them, and augmenting
//! paths are found cheapest first. With non-negative integer costs the result is an optimal
//! integral flow, exactly (no tolerances anywhere); the tests compare it with microlp's optimum of
//! the same network as an LP.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// An arc's capacity that no flow reaches.
pub const UNBOUNDED: i64 = 1 << 40;

/// A network under construction.
#[derive(Debug, Clone, Default)]
pub struct MinCostFlow {
    nodes: usize,
    arcs: Vec<ArcSpec>,
}

#[derive(Debug, Clone, Copy)]
struct ArcSpec {
    from: usize,
    to: usize,
    lower: i64,
    upper: i64,
    cost: i64,
}

/// Why no flow was returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlowError {
    /// The bounds cannot all hold.
    Infeasible,
    /// An arc was given a negative cost or bounds out of order (a bug of the caller).
    BadArc(usize),
    /// The deadline passed before the optimum was reached. Successive shortest paths hold no
    /// feasible flow until the end, so there is nothing to return.
    TimeLimit,
}

/// One residual edge; edges come in pairs (`e`, `e ^ 1`).
/// Costs and distances are 128-bit: exact integer costs can be large (a balance step is scaled by the
/// capacities' common multiple), and path sums must not overflow.
#[derive(Debug, Clone, Copy)]
struct Edge {
    to: usize,
    capacity: i64,
    cost: i128,
}

impl MinCostFlow {
    /// An empty network.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a node and returns its index.
    pub fn add_node(&mut self) -> usize {
        self.nodes += 1;
        self.nodes - 1
    }

    /// Adds an arc carrying between `lower` and `upper` units at `cost` each; returns its index.
    pub fn add_arc(&mut self, from: usize, to: usize, lower: i64, upper: i64, cost: i64) -> usize {
        self.arcs.push(ArcSpec {
            from,
            to,
            lower,
            upper,
            cost,
        });
        self.arcs.len() - 1
    }

    /// The flow on every arc (by index) of a minimum-cost flow meeting every bound.
    pub fn solve(&self) -> Result<Vec<i64>, FlowError> {
        self.solve_until(None)
    }

    /// As [`MinCostFlow::solve`], giving up with [`FlowError::TimeLimit`] once `deadline` passes
    /// (checked before each shortest-path round).
    pub fn solve_until(&self, deadline: Option<std::time::Instant>) -> Result<Vec<i64>, FlowError> {
        let source = self.nodes;
        let sink = self.nodes + 1;
        let n = self.nodes + 2;
        let mut edges: Vec<Edge> = Vec::with_capacity(2 * self.arcs.len() + 2 * n);
        let mut adjacency: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut add = |from: usize, to: usize, capacity: i64, cost: i128| {
            adjacency[from].push(edges.len());
            edges.push(Edge { to, capacity, cost });
            adjacency[to].push(edges.len());
            edges.push(Edge {
                to: from,
                capacity: 0,
                cost: -cost,
            });
        };
        let mut excess = vec![0i64; n];
        for (i, arc) in self.arcs.iter().enumerate() {
            if arc.cost < 0 || arc.lower < 0 || arc.lower > arc.upper {
                return Err(FlowError::BadArc(i));
            }
            add(
                arc.from,
                arc.to,
                arc.upper - arc.lower,
                i128::from(arc.cost),
            );
            excess[arc.to] += arc.lower;
            excess[arc.from] -= arc.lower;
        }
        let mut required = 0;
        for (v, &e) in excess.iter().enumerate().take(self.nodes) {
            if e > 0 {
                add(source, v, e, 0);
                required += e;
            } else if e < 0 {
                add(v, sink, -e, 0);
            }
        }
        let sent = shortest_paths(&mut edges, &adjacency, source, sink, required, deadline)?;
        if sent < required {
            return Err(FlowError::Infeasible);
        }
        Ok(self
            .arcs
            .iter()
            .enumerate()
            .map(|(i, arc)| arc.lower + edges[2 * i + 1].capacity)
            .collect())
    }

    /// Each arc's cost, by index.
    pub fn costs(&self) -> Vec<i64> {
        self.arcs.iter().map(|a| a.cost).collect()
    }

    /// How many nodes and arcs the network has.
    pub fn size(&self) -> (usize, usize) {
        (self.nodes, self.arcs.len())
    }

    /// The cost of a flow (summed in 128 bits: large costs times many units).
    pub fn cost_of(&self, flow: &[i64]) -> i128 {
        self.arcs
            .iter()
            .zip(flow)
            .map(|(a, &f)| i128::from(a.cost) * i128::from(f))
            .sum()
    }
}

/// Reads a network in DIMACS min-cost-flow format (`p min N M`, `n ID SUPPLY`, `a FROM TO LOW CAP
/// COST`, 1-based nodes), as `pairplan export` writes it. A supply becomes an arc with both bounds at
/// the supply between the node and an extra node, so that the network stays a circulation.
pub fn read_dimacs(text: &str) -> Result<MinCostFlow, String> {
    let mut flow = MinCostFlow::new();
    let mut nodes = 0;
    let mut supplies = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let words: Vec<&str> = line.split_whitespace().collect();
        let number = |w: &str| {
            w.parse::<i64>()
                .map_err(|_| format!("line {}: '{w}' is not a whole number", i + 1))
        };
        let node = |w: &str| -> Result<usize, String> {
            let n = number(w)?;
            (1..=nodes as i64)
                .contains(&n)
                .then_some(n as usize - 1)
                .ok_or_else(|| format!("line {}: node {n} is not one of 1..{nodes}", i + 1))
        };
        match words.as_slice() {
            [] | ["c", ..] => {}
            ["p", "min", n, _] => {
                nodes = number(n)?.max(0) as usize;
                for _ in 0..nodes {
                    flow.add_node();
                }
            }
            ["n", id, supply] => supplies.push((node(id)?, number(supply)?)),
            ["a", from, to, low, cap, cost] => {
                flow.add_arc(
                    node(from)?,
                    node(to)?,
                    number(low)?,
                    number(cap)?,
                    number(cost)?,
                );
            }
            _ => return Err(format!("line {}: not a DIMACS line: {line}", i + 1)),
        }
    }
    if !supplies.is_empty() {
        let hub = flow.add_node();
        for (node, supply) in supplies {
            if supply > 0 {
                flow.add_arc(hub, node, supply, supply, 0);
            } else if supply < 0 {
                flow.add_arc(node, hub, -supply, -supply, 0);
            }
        }
    }
    Ok(flow)
}

/// Sends up to `wanted` units from `source` to `sink` along cheapest augmenting paths; returns what
/// was sent. Costs are non-negative at the start, so zero potentials are valid; Dijkstra on reduced
/// costs keeps them valid. After each Dijkstra, every path of the current shortest length is used at
/// once: a blocking flow (Dinic's) on the admissible edges, those of zero reduced cost.
fn shortest_paths(
    edges: &mut [Edge],
    adjacency: &[Vec<usize>],
    source: usize,
    sink: usize,
    wanted: i64,
    deadline: Option<std::time::Instant>,
) -> Result<i64, FlowError> {
    let n = adjacency.len();
    let mut potential = vec![0i128; n];
    let mut sent = 0;
    while sent < wanted {
        if deadline.is_some_and(|d| std::time::Instant::now() >= d) {
            return Err(FlowError::TimeLimit);
        }
        let mut distance = vec![i128::MAX; n];
        let mut heap = BinaryHeap::new();
        distance[source] = 0;
        heap.push(Reverse((0i128, source)));
        while let Some(Reverse((d, v))) = heap.pop() {
            if d > distance[v] {
                continue;
            }
            for &e in &adjacency[v] {
                let edge = edges[e];
                if edge.capacity == 0 {
                    continue;
                }
                let next = d + edge.cost + potential[v] - potential[edge.to];
                if next < distance[edge.to] {
                    distance[edge.to] = next;
                    heap.push(Reverse((next, edge.to)));
                }
            }
        }
        if distance[sink] == i128::MAX {
            break;
        }
        for v in 0..n {
            if distance[v] != i128::MAX {
                potential[v] += distance[v];
            }
        }
        let pushed = blocking_flow(edges, adjacency, &potential, source, sink, wanted - sent);
        if pushed == 0 {
            break;
        }
        sent += pushed;
    }
    Ok(sent)
}

/// Dinic's blocking flows on the edges of zero reduced cost, until none leads to the sink.
fn blocking_flow(
    edges: &mut [Edge],
    adjacency: &[Vec<usize>],
    potential: &[i128],
    source: usize,
    sink: usize,
    limit: i64,
) -> i64 {
    let n = adjacency.len();
    let admissible = |edges: &[Edge], v: usize, e: usize| {
        let edge = edges[e];
        edge.capacity > 0 && edge.cost + potential[v] - potential[edge.to] == 0
    };
    let mut total = 0;
    loop {
        // Levels from the source over admissible edges.
        let mut level = vec![usize::MAX; n];
        level[source] = 0;
        let mut queue = std::collections::VecDeque::from([source]);
        while let Some(v) = queue.pop_front() {
            for &e in &adjacency[v] {
                let to = edges[e].to;
                if level[to] == usize::MAX && admissible(edges, v, e) {
                    level[to] = level[v] + 1;
                    queue.push_back(to);
                }
            }
        }
        if level[sink] == usize::MAX {
            return total;
        }
        // Depth-first pushes with a current edge per node, iteratively.
        let mut next_edge = vec![0usize; n];
        loop {
            if total >= limit {
                return total;
            }
            let mut path: Vec<usize> = Vec::new();
            let mut v = source;
            while v != sink {
                let mut advanced = false;
                while next_edge[v] < adjacency[v].len() {
                    let e = adjacency[v][next_edge[v]];
                    let to = edges[e].to;
                    if level[to] == level[v] + 1 && admissible(edges, v, e) {
                        path.push(e);
                        v = to;
                        advanced = true;
                        break;
                    }
                    next_edge[v] += 1;
                }
                if !advanced {
                    // Dead end: retreat and skip the edge that led here.
                    match path.pop() {
                        Some(e) => {
                            v = edges[e ^ 1].to;
                            next_edge[v] += 1;
                        }
                        None => break,
                    }
                }
            }
            if v != sink {
                break;
            }
            let push = path
                .iter()
                .map(|&e| edges[e].capacity)
                .min()
                .unwrap_or(0)
                .min(limit - total);
            for &e in &path {
                edges[e].capacity -= push;
                edges[e ^ 1].capacity += push;
            }
            total += push;
        }
    }
}

#[cfg(test)]
mod tests {
    use good_lp::{constraint, variable, Expression, ProblemVariables, Solution, SolverModel};
    use proptest::prelude::*;

    use super::*;

    /// The same network as an LP, solved by microlp: its optimum, or `None` if infeasible.
    fn lp_optimum(nodes: usize, arcs: &[(usize, usize, i64, i64, i64)]) -> Option<f64> {
        let mut vars = ProblemVariables::new();
        let flows: Vec<_> = arcs
            .iter()
            .map(|&(_, _, l, u, _)| vars.add(variable().min(l as f64).max(u as f64)))
            .collect();
        let mut objective = Expression::from(0.0);
        for (var, &(_, _, _, _, c)) in flows.iter().zip(arcs) {
            objective += c as f64 * *var;
        }
        let mut problem = vars.minimise(objective.clone()).using(good_lp::microlp);
        for v in 0..nodes {
            let mut balance = Expression::from(0.0);
            for (var, &(from, to, ..)) in flows.iter().zip(arcs) {
                if to == v {
                    balance += *var;
                }
                if from == v {
                    balance -= *var;
                }
            }
            problem = problem.with(constraint!(balance == 0.0));
        }
        problem.solve().ok().map(|s| s.eval(&objective))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn circulations_match_the_lp(
            nodes in 2..6usize,
            arcs in prop::collection::vec((0..6usize, 0..6usize, 0..3i64, 0..4i64, 0..9i64), 1..12),
        ) {
            let arcs: Vec<_> = arcs
                .into_iter()
                .map(|(a, b, l, extra, c)| (a % nodes, b % nodes, l, l + extra, c))
                .collect();
            let mut network = MinCostFlow::new();
            for _ in 0..nodes {
                network.add_node();
            }
            for &(a, b, l, u, c) in &arcs {
                network.add_arc(a, b, l, u, c);
            }
            let lp = lp_optimum(nodes, &arcs);
            match network.solve() {
                Ok(flow) => {
                    for (f, &(a, b, l, u, _)) in flow.iter().zip(&arcs) {
                        prop_assert!(l <= *f && *f <= u, "{a}->{b}: {f} not in [{l}, {u}]");
                    }
                    for v in 0..nodes {
                        let net: i64 = flow
                            .iter()
                            .zip(&arcs)
                            .map(|(f, &(a, b, ..))| (b == v) as i64 * f - (a == v) as i64 * f)
                            .sum();
                        prop_assert_eq!(net, 0, "conservation at {}", v);
                    }
                    let best = lp.expect("the LP agrees a flow exists");
                    prop_assert!((network.cost_of(&flow) as f64 - best).abs() < 1e-6);
                }
                Err(FlowError::Infeasible) => prop_assert!(lp.is_none(), "the LP found {lp:?}"),
                Err(other) => prop_assert!(false, "{other:?}"),
            }
        }
    }
}
