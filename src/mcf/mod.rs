//! Minimum-cost flow with lower and upper bounds and integer costs: the exact, fast path beside the
//! LP for programs that are pure networks. Knows nothing of pairing; `solve::flow` builds the
//! network of a program's description.
//!
//! Lower bounds are moved into node supplies that a super source and sink carry; an arc of negative
//! cost (bounded above) starts full and is laid out reversed at the opposite cost, so that every
//! residual cost starts non-negative. Two algorithms,
//! both exact with integer costs (no tolerances anywhere): successive shortest paths (Dijkstra on
//! reduced costs, then a blocking flow on the zero-reduced-cost edges), the default, and
//! Goldberg–Tarjan cost scaling with global price updates, far faster where costs are many and
//! distinct. The tests compare the first with microlp's optimum of the same network as an LP, and
//! the second with the first.
//!
//! A network that is a one-to-one assignment (each recipient exactly one helper, each helper at
//! most one) is recognised first and solved by shortest augmenting paths (`assignment`), as
//! OR-Tools' `LinearSumAssignment` and scipy's `linear_sum_assignment` do.
//!
//! Complexity, for n nodes, m arcs, U the largest supply and C the largest cost: successive
//! shortest paths run one Dijkstra (O(m log n)) and one blocking flow per distinct cheapest-path
//! length, at most min(U, distinct path lengths) rounds; cost scaling runs O(log(nC)) refinements
//! of O(n²m) pushes and relabels at worst, far fewer with global price updates.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

mod assignment;

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
    /// An arc was given bounds out of order, or a negative cost without a finite upper bound (a
    /// bug of the caller).
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
    /// (checked before each round). Shortest paths take one round per distinct length of a
    /// cheapest path, so they are chosen when the network has few distinct costs (the villages:
    /// 16), cost scaling when it has many (a cadre allotment whose balance steps give every unit
    /// its own cost). A network that is a one-to-one assignment is solved as one.
    pub fn solve_until(&self, deadline: Option<std::time::Instant>) -> Result<Vec<i64>, FlowError> {
        if let Some(assignment) = assignment::recognise(self.nodes, &self.arcs) {
            return assignment.solve(self.arcs.len(), deadline);
        }
        let distinct: std::collections::HashSet<i64> = self.arcs.iter().map(|a| a.cost).collect();
        if distinct.len() > MANY_COSTS {
            self.solve_by_cost_scaling(deadline)
        } else {
            self.solve_by_shortest_paths(deadline)
        }
    }

    /// Successive shortest paths with blocking flows on the zero-reduced-cost edges: on networks
    /// with few distinct costs (few rounds) the faster of the two algorithms here.
    pub fn solve_by_shortest_paths(
        &self,
        deadline: Option<std::time::Instant>,
    ) -> Result<Vec<i64>, FlowError> {
        let mut residual = self.residual()?;
        let sent = shortest_paths(
            &mut residual.edges,
            &residual.adjacency,
            residual.source,
            residual.sink,
            residual.required,
            deadline,
        )?;
        if sent < residual.required {
            return Err(FlowError::Infeasible);
        }
        Ok(self.flows(&residual.edges))
    }

    /// The same optimum by cost scaling (`cost_scaling`): a feasible flow first (Dinic's maximum
    /// flow from the supplies to the demands), then refinements to optimality. Far fewer rounds than
    /// shortest paths when costs are many and distinct, slower on the villages' networks.
    pub fn solve_by_cost_scaling(
        &self,
        deadline: Option<std::time::Instant>,
    ) -> Result<Vec<i64>, FlowError> {
        let mut residual = self.residual()?;
        let sent = max_flow(
            &mut residual.edges,
            &residual.adjacency,
            residual.source,
            residual.sink,
        );
        if sent < residual.required {
            return Err(FlowError::Infeasible);
        }
        // The supplies are carried: the super source and sink leave the network.
        for &e in residual.adjacency[residual.source]
            .iter()
            .chain(&residual.adjacency[residual.sink])
        {
            residual.edges[e].capacity = 0;
            residual.edges[e ^ 1].capacity = 0;
        }
        cost_scaling(&mut residual.edges, &residual.adjacency, deadline)?;
        Ok(self.flows(&residual.edges))
    }

    /// The residual network: each arc as an edge pair (its capacity above the lower bound), lower
    /// bounds moved into supplies that a super source and sink carry.
    fn residual(&self) -> Result<Residual, FlowError> {
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
            if arc.lower < 0 || arc.lower > arc.upper || (arc.cost < 0 && arc.upper >= UNBOUNDED) {
                return Err(FlowError::BadArc(i));
            }
            if arc.cost >= 0 {
                add(
                    arc.from,
                    arc.to,
                    arc.upper - arc.lower,
                    i128::from(arc.cost),
                );
                excess[arc.to] += arc.lower;
                excess[arc.from] -= arc.lower;
            } else {
                // A negative cost (a reward for keeping a pairing): the arc starts full, and what
                // it gives back flows on its reverse at the opposite, positive cost.
                add(
                    arc.to,
                    arc.from,
                    arc.upper - arc.lower,
                    -i128::from(arc.cost),
                );
                excess[arc.to] += arc.upper;
                excess[arc.from] -= arc.upper;
            }
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
        Ok(Residual {
            edges,
            adjacency,
            source,
            sink,
            required,
        })
    }

    /// The flow on each arc, read from its reverse edge's residual capacity (for an arc of negative
    /// cost, laid out reversed, what was given back).
    fn flows(&self, edges: &[Edge]) -> Vec<i64> {
        self.arcs
            .iter()
            .enumerate()
            .map(|(i, arc)| {
                if arc.cost >= 0 {
                    arc.lower + edges[2 * i + 1].capacity
                } else {
                    arc.upper - edges[2 * i + 1].capacity
                }
            })
            .collect()
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

/// A residual network with its super source and sink and the supply they must carry.
struct Residual {
    edges: Vec<Edge>,
    adjacency: Vec<Vec<usize>>,
    source: usize,
    sink: usize,
    required: i64,
}

/// Dinic's maximum flow from `source` to `sink` over every residual edge (costs play no part).
fn max_flow(edges: &mut [Edge], adjacency: &[Vec<usize>], source: usize, sink: usize) -> i64 {
    let mut rows = Rows::<i128>::build(edges, adjacency, 1);
    let sent = blocking_flow(&mut rows, |_, _, _| true, source, sink, i64::MAX);
    rows.write_back(edges);
    sent
}

/// Above this many distinct arc costs, cost scaling is used instead of shortest paths (measured:
/// the villages' 16 costs favour shortest paths 1.4–4.7×, an assignment's 10⁴ costs favour scaling
/// 2.5×, a cadre allotment's 48,001 costs over 100×).
const MANY_COSTS: usize = 256;

/// How much ε shrinks between refinements.
const SCALING: i64 = 8;

/// The integers cost scaling computes in: 64 bits where the scaled costs and prices provably fit
/// (nearly always), 128 otherwise.
trait Number:
    Copy
    + Ord
    + std::ops::Add<Output = Self>
    + std::ops::Sub<Output = Self>
    + std::ops::Mul<Output = Self>
    + std::ops::Div<Output = Self>
    + std::ops::SubAssign
{
    const ZERO: Self;
    const ONE: Self;
    const MIN: Self;
    const MAX: Self;
    fn of(value: i128) -> Self;
    fn whole(self) -> usize;
}

impl Number for i64 {
    const ZERO: Self = 0;
    const ONE: Self = 1;
    const MIN: Self = i64::MIN;
    const MAX: Self = i64::MAX;
    fn of(value: i128) -> Self {
        value as i64
    }
    fn whole(self) -> usize {
        self.max(0) as usize
    }
}

impl Number for i128 {
    const ZERO: Self = 0;
    const ONE: Self = 1;
    const MIN: Self = i128::MIN;
    const MAX: Self = i128::MAX;
    fn of(value: i128) -> Self {
        value
    }
    fn whole(self) -> usize {
        usize::try_from(self.max(0)).unwrap_or(usize::MAX)
    }
}

/// A residual network laid out by tail node (compressed sparse rows): node v's edges are
/// `first[v]..first[v + 1]`, `rev[i]` is the reverse of edge i, `original[i]` its index in the
/// caller's edge list.
struct Rows<T> {
    first: Vec<usize>,
    to: Vec<usize>,
    rev: Vec<usize>,
    capacity: Vec<i64>,
    cost: Vec<T>,
    original: Vec<usize>,
}

impl<T: Number> Rows<T> {
    /// The rows of a residual network, costs multiplied by `multiplier`.
    fn build(edges: &[Edge], adjacency: &[Vec<usize>], multiplier: i128) -> Self {
        let mut first = Vec::with_capacity(adjacency.len() + 1);
        let mut original = Vec::with_capacity(edges.len());
        first.push(0);
        for list in adjacency {
            original.extend_from_slice(list);
            first.push(original.len());
        }
        let mut position = vec![0usize; edges.len()];
        for (i, &e) in original.iter().enumerate() {
            position[e] = i;
        }
        Rows {
            first,
            to: original.iter().map(|&e| edges[e].to).collect(),
            rev: original.iter().map(|&e| position[e ^ 1]).collect(),
            capacity: original.iter().map(|&e| edges[e].capacity).collect(),
            cost: original
                .iter()
                .map(|&e| T::of(edges[e].cost * multiplier))
                .collect(),
            original,
        }
    }

    /// Copies the residual capacities back to the caller's edges.
    fn write_back(&self, edges: &mut [Edge]) {
        for (i, &e) in self.original.iter().enumerate() {
            edges[e].capacity = self.capacity[i];
        }
    }
}

/// Goldberg and Tarjan's cost scaling, on a residual network that already carries a feasible
/// circulation: costs are multiplied by n + 1, so that an ε-optimal flow with ε = 1 is optimal;
/// from ε = the largest cost, each refinement divides ε by [`SCALING`], saturates every edge of
/// negative reduced cost and then discharges the nodes left with excess (FIFO push–relabel: push
/// along residual edges of negative reduced cost, else lower the node's price by at least ε), with a
/// global price update ([`update_prices`]) at its start and after every n relabels, and push
/// look-ahead (a node that could only send units back is relabelled before anything is pushed to
/// it).
///
/// # Complexity
/// O(n² m log(nC)) in the worst case for n nodes, m arcs and largest cost C; each refinement's
/// work is that of a push–relabel maximum flow, and there are log_8(nC) of them.
fn cost_scaling(
    edges: &mut [Edge],
    adjacency: &[Vec<usize>],
    deadline: Option<std::time::Instant>,
) -> Result<(), FlowError> {
    let n = adjacency.len() as i128;
    let largest = edges.iter().map(|e| e.cost.abs()).max().unwrap_or(0) * (n + 1);
    // Prices stay within a few n·ε of zero per refinement (Goldberg): a generous bound for 64 bits.
    if largest.saturating_mul(8 * (n + 1)) < i128::from(i64::MAX) {
        refine_all::<i64>(edges, adjacency, deadline)
    } else {
        refine_all::<i128>(edges, adjacency, deadline)
    }
}

/// [`cost_scaling`] with prices and scaled costs in `T`: 64 bits where they fit, else 128.
fn refine_all<T: Number>(
    edges: &mut [Edge],
    adjacency: &[Vec<usize>],
    deadline: Option<std::time::Instant>,
) -> Result<(), FlowError> {
    let n = adjacency.len();
    let multiplier = n as i128 + 1;
    let mut rows = Rows::<T>::build(edges, adjacency, multiplier);
    let mut price = vec![T::ZERO; n];
    let mut excess = vec![0i64; n];
    let mut current = vec![0usize; n];
    let mut active = std::collections::VecDeque::new();
    let mut queued = vec![false; n];
    let scaling = T::of(i128::from(SCALING));
    let mut epsilon = rows.cost.iter().copied().max().unwrap_or(T::ZERO);
    while epsilon > T::ONE {
        if deadline.is_some_and(|d| std::time::Instant::now() >= d) {
            return Err(FlowError::TimeLimit);
        }
        epsilon = (epsilon / scaling).max(T::ONE);
        saturate_negative_edges(&mut rows, &price, &mut excess);
        queue_excesses(&rows, &excess, &mut current, &mut active, &mut queued);
        update_prices(&rows, &excess, &mut price, epsilon);
        let mut relabels = 0usize;
        while let Some(v) = active.pop_front() {
            queued[v] = false;
            if relabels >= n {
                // Global price update: prices from distances to the deficits, so that pushes head
                // for where the excess can go instead of wandering one relabel at a time.
                relabels = 0;
                update_prices(&rows, &excess, &mut price, epsilon);
                for (u, c) in current.iter_mut().enumerate() {
                    *c = rows.first[u];
                }
            }
            let end = rows.first[v + 1];
            while excess[v] > 0 {
                if current[v] == end {
                    relabels += 1;
                    if !relabel(&rows, &mut price, v, epsilon) {
                        // No way out for the excess: cannot happen on a feasible circulation.
                        return Err(FlowError::Infeasible);
                    }
                    current[v] = rows.first[v];
                    continue;
                }
                let i = current[v];
                let w = rows.to[i];
                if rows.capacity[i] > 0 && rows.cost[i] + price[v] - price[w] < T::ZERO {
                    // Look ahead: a node without a deficit and without an admissible edge would
                    // only push the units back; relabel it first and look at this edge again.
                    if excess[w] >= 0 && !has_admissible(&rows, &price, &mut current, w) {
                        relabels += 1;
                        if relabel(&rows, &mut price, w, epsilon) {
                            current[w] = rows.first[w];
                            continue;
                        }
                    }
                    let push = excess[v].min(rows.capacity[i]);
                    rows.capacity[i] -= push;
                    rows.capacity[rows.rev[i]] += push;
                    excess[v] -= push;
                    excess[w] += push;
                    if excess[w] > 0 && !queued[w] {
                        queued[w] = true;
                        active.push_back(w);
                    }
                } else {
                    current[v] += 1;
                }
            }
        }
    }
    rows.write_back(edges);
    Ok(())
}

/// The start of a refinement: every edge of negative reduced cost saturated, so that the flow is
/// 0-optimal, its excesses left for the discharges to move.
#[inline]
fn saturate_negative_edges<T: Number>(rows: &mut Rows<T>, price: &[T], excess: &mut [i64]) {
    for v in 0..price.len() {
        for i in rows.first[v]..rows.first[v + 1] {
            let w = rows.to[i];
            let capacity = rows.capacity[i];
            if capacity > 0 && rows.cost[i] + price[v] - price[w] < T::ZERO {
                rows.capacity[i] = 0;
                rows.capacity[rows.rev[i]] += capacity;
                excess[v] -= capacity;
                excess[w] += capacity;
            }
        }
    }
}

/// The discharges' work list at the start of a refinement: each node with excess queued, every
/// node's current edge back at its first.
#[inline]
fn queue_excesses<T: Number>(
    rows: &Rows<T>,
    excess: &[i64],
    current: &mut [usize],
    active: &mut std::collections::VecDeque<usize>,
    queued: &mut [bool],
) {
    for v in 0..excess.len() {
        current[v] = rows.first[v];
        if excess[v] > 0 && !queued[v] {
            queued[v] = true;
            active.push_back(v);
        }
    }
}

/// Lowers a node's price to the highest keeping every residual edge ε-optimal, minus ε, so that
/// some edge becomes admissible; false when the node has no residual edge at all.
fn relabel<T: Number>(rows: &Rows<T>, price: &mut [T], v: usize, epsilon: T) -> bool {
    let mut best = T::MIN;
    for i in rows.first[v]..rows.first[v + 1] {
        if rows.capacity[i] > 0 {
            best = best.max(price[rows.to[i]] - rows.cost[i]);
        }
    }
    if best == T::MIN {
        return false;
    }
    price[v] = best - epsilon;
    true
}

/// Whether a node has an admissible edge (residual, negative reduced cost), scanning from its
/// current edge and leaving the pointer on the first one found.
fn has_admissible<T: Number>(rows: &Rows<T>, price: &[T], current: &mut [usize], v: usize) -> bool {
    while current[v] < rows.first[v + 1] {
        let i = current[v];
        if rows.capacity[i] > 0 && rows.cost[i] + price[v] - price[rows.to[i]] < T::ZERO {
            return true;
        }
        current[v] += 1;
    }
    false
}

/// Goldberg's global price update: each node's rank is its distance, in steps of ε, to a node with
/// a deficit over residual edges (an edge of reduced cost r counts ⌊r/ε⌋ + 1, never less than 0),
/// found by a bucket search backwards from the deficits; every price is then lowered by rank · ε,
/// and nodes not reached by the largest rank reached. ε-optimality is kept: for a residual edge
/// (u, v), rank(u) ≤ rank(v) + ⌊r/ε⌋ + 1, so the new reduced cost is at least −ε.
fn update_prices<T: Number>(rows: &Rows<T>, excess: &[i64], price: &mut [T], epsilon: T) {
    let n = price.len();
    let mut rank = vec![usize::MAX; n];
    let mut done = vec![false; n];
    let mut buckets: Vec<Vec<usize>> = vec![Vec::new()];
    let mut waiting: i64 = excess.iter().filter(|&&e| e > 0).sum();
    for v in 0..n {
        if excess[v] < 0 {
            rank[v] = 0;
            buckets[0].push(v);
        }
    }
    let mut level = 0;
    while level < buckets.len() && waiting > 0 {
        while let Some(v) = buckets[level].pop() {
            if done[v] || rank[v] != level {
                continue;
            }
            done[v] = true;
            if excess[v] > 0 {
                waiting -= excess[v];
            }
            for i in rows.first[v]..rows.first[v + 1] {
                // The edge into v is the reverse of i: from u = to[i].
                let u = rows.to[i];
                let into = rows.rev[i];
                if rows.capacity[into] <= 0 || done[u] {
                    continue;
                }
                let reduced = rows.cost[into] + price[u] - price[v];
                let length = if reduced < T::ZERO {
                    0
                } else {
                    (reduced / epsilon).whole().saturating_add(1)
                };
                let candidate = level.saturating_add(length);
                if candidate < rank[u] && candidate <= n {
                    rank[u] = candidate;
                    if buckets.len() <= candidate {
                        buckets.resize_with(candidate + 1, Vec::new);
                    }
                    buckets[candidate].push(u);
                }
            }
        }
        if waiting > 0 {
            level += 1;
        }
    }
    // Nodes not settled keep a rank no lower than any settled node's.
    for v in 0..n {
        let r = if done[v] { rank[v] } else { level };
        price[v] -= T::of(r as i128) * epsilon;
    }
}

/// Sends up to `wanted` units from `source` to `sink` along cheapest augmenting paths; returns what
/// was sent. Costs are non-negative at the start, so zero potentials are valid; Dijkstra on reduced
/// costs keeps them valid. After each Dijkstra, every path of the current shortest length is used at
/// once: a blocking flow (Dinic's) on the admissible edges, those of zero reduced cost. Runs on the
/// compressed rows, in 64 bits where distances provably fit.
fn shortest_paths(
    edges: &mut [Edge],
    adjacency: &[Vec<usize>],
    source: usize,
    sink: usize,
    wanted: i64,
    deadline: Option<std::time::Instant>,
) -> Result<i64, FlowError> {
    let n = adjacency.len() as i128;
    let largest = edges.iter().map(|e| e.cost.abs()).max().unwrap_or(0);
    if largest.saturating_mul(4 * (n + 1)) < i128::from(i64::MAX) {
        let mut rows = Rows::<i64>::build(edges, adjacency, 1);
        let sent = paths_on_rows(&mut rows, source, sink, wanted, deadline);
        rows.write_back(edges);
        sent
    } else {
        let mut rows = Rows::<i128>::build(edges, adjacency, 1);
        let sent = paths_on_rows(&mut rows, source, sink, wanted, deadline);
        rows.write_back(edges);
        sent
    }
}

fn paths_on_rows<T: Number>(
    rows: &mut Rows<T>,
    source: usize,
    sink: usize,
    wanted: i64,
    deadline: Option<std::time::Instant>,
) -> Result<i64, FlowError> {
    let n = rows.first.len() - 1;
    let unreached = T::MAX;
    let mut potential = vec![T::ZERO; n];
    let mut distance = vec![unreached; n];
    let mut sent = 0;
    while sent < wanted {
        if deadline.is_some_and(|d| std::time::Instant::now() >= d) {
            return Err(FlowError::TimeLimit);
        }
        distance.iter_mut().for_each(|d| *d = unreached);
        let mut heap = BinaryHeap::new();
        distance[source] = T::ZERO;
        heap.push(Reverse((T::ZERO, source)));
        while let Some(Reverse((d, v))) = heap.pop() {
            if d > distance[v] {
                continue;
            }
            for i in rows.first[v]..rows.first[v + 1] {
                if rows.capacity[i] == 0 {
                    continue;
                }
                let w = rows.to[i];
                let next = d + rows.cost[i] + potential[v] - potential[w];
                if next < distance[w] {
                    distance[w] = next;
                    heap.push(Reverse((next, w)));
                }
            }
        }
        if distance[sink] == unreached {
            break;
        }
        for v in 0..n {
            if distance[v] != unreached {
                potential[v] = potential[v] + distance[v];
            }
        }
        let zero_reduced_cost = |rows: &Rows<T>, v: usize, i: usize| {
            rows.cost[i] + potential[v] - potential[rows.to[i]] == T::ZERO
        };
        let pushed = blocking_flow(rows, zero_reduced_cost, source, sink, wanted - sent);
        if pushed == 0 {
            break;
        }
        sent += pushed;
    }
    Ok(sent)
}

/// Dinic's blocking flows on the residual edges that `allowed` admits, until none leads to the sink
/// or `limit` units are sent.
fn blocking_flow<T: Number>(
    rows: &mut Rows<T>,
    allowed: impl Fn(&Rows<T>, usize, usize) -> bool,
    source: usize,
    sink: usize,
    limit: i64,
) -> i64 {
    let n = rows.first.len() - 1;
    let admissible =
        |rows: &Rows<T>, v: usize, i: usize| rows.capacity[i] > 0 && allowed(rows, v, i);
    let mut total = 0;
    let mut level = vec![usize::MAX; n];
    let mut next_edge = vec![0usize; n];
    let mut queue = std::collections::VecDeque::new();
    loop {
        level.iter_mut().for_each(|l| *l = usize::MAX);
        level[source] = 0;
        queue.push_back(source);
        while let Some(v) = queue.pop_front() {
            for i in rows.first[v]..rows.first[v + 1] {
                let w = rows.to[i];
                if level[w] == usize::MAX && admissible(rows, v, i) {
                    level[w] = level[v] + 1;
                    queue.push_back(w);
                }
            }
        }
        if level[sink] == usize::MAX {
            return total;
        }
        for (v, next) in next_edge.iter_mut().enumerate() {
            *next = rows.first[v];
        }
        loop {
            if total >= limit {
                return total;
            }
            let mut path: Vec<usize> = Vec::new();
            let mut v = source;
            while v != sink {
                let mut advanced = false;
                while next_edge[v] < rows.first[v + 1] {
                    let i = next_edge[v];
                    let w = rows.to[i];
                    if level[w] == level[v] + 1 && admissible(rows, v, i) {
                        path.push(i);
                        v = w;
                        advanced = true;
                        break;
                    }
                    next_edge[v] += 1;
                }
                if !advanced {
                    // Dead end: retreat and skip the edge that led here.
                    match path.pop() {
                        Some(i) => {
                            v = rows.to[rows.rev[i]];
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
                .map(|&i| rows.capacity[i])
                .min()
                .unwrap_or(0)
                .min(limit - total);
            for &i in &path {
                rows.capacity[i] -= push;
                rows.capacity[rows.rev[i]] += push;
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
            arcs in prop::collection::vec((0..6usize, 0..6usize, 0..3i64, 0..4i64, -4..9i64), 1..12),
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

        #[test]
        fn cost_scaling_finds_the_shortest_paths_optimum(
            nodes in 2..9usize,
            arcs in prop::collection::vec((0..9usize, 0..9usize, 0..3i64, 0..5i64, -300..1000i64), 1..30),
            huge in any::<bool>(),
        ) {
            // Huge costs take the 128-bit arithmetic, the others the 64-bit one.
            let factor = if huge { 1 << 52 } else { 1 };
            let mut network = MinCostFlow::new();
            for _ in 0..nodes {
                network.add_node();
            }
            for &(a, b, l, extra, c) in &arcs {
                network.add_arc(a % nodes, b % nodes, l, l + extra, c * factor);
            }
            match (network.solve_by_shortest_paths(None), network.solve_by_cost_scaling(None)) {
                (Ok(reference), Ok(scaled)) => {
                    prop_assert_eq!(network.cost_of(&reference), network.cost_of(&scaled));
                    for v in 0..nodes {
                        let net: i64 = scaled
                            .iter()
                            .zip(&arcs)
                            .map(|(f, &(a, b, ..))| (b % nodes == v) as i64 * f - (a % nodes == v) as i64 * f)
                            .sum();
                        prop_assert_eq!(net, 0, "conservation at {}", v);
                    }
                    for (f, &(_, _, l, extra, _)) in scaled.iter().zip(&arcs) {
                        prop_assert!(l <= *f && *f <= l + extra);
                    }
                }
                (Err(FlowError::Infeasible), Err(FlowError::Infeasible)) => {}
                (a, b) => prop_assert!(false, "{a:?} / {b:?}"),
            }
        }
    }
}
