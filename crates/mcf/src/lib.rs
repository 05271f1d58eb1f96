//! Minimum-cost flow with lower and upper bounds and integer costs, exact (no tolerances anywhere).
//! A crate of its own that knows networks, not what they stand for: pairplan's `solve::flow` builds
//! its networks and reads its plans back from the flows; `README.md` beside this crate
//! gives the algorithms, their invariants and their complexity.
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
//! A network that is a one-to-one assignment (each row exactly one column, each column at most
//! one row) is recognised first and solved by shortest augmenting paths (`assignment`), as
//! OR-Tools' `LinearSumAssignment` and scipy's `linear_sum_assignment` do.
//!
//! Complexity, for n nodes, m arcs, U the largest supply and C the largest cost: successive
//! shortest paths run one Dijkstra (O(m log n)) and one blocking flow per distinct cheapest-path
//! length, at most min(U, distinct path lengths) rounds; cost scaling runs O(log(nC)) refinements
//! of O(n²m) pushes and relabels at worst, far fewer with global price updates.

/// The README's example, run as a test.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeExample;

use std::cmp::Reverse;
use std::collections::BinaryHeap;

mod assignment;
mod warm;

pub use warm::Solution;

/// An arc's capacity that no flow reaches.
pub const UNBOUNDED: i64 = 1 << 40;

/// A network under construction.
#[derive(Debug, Clone, Default)]
pub struct MinCostFlow {
    nodes: usize,
    arcs: Vec<ArcSpec>,
}

/// An arc as given: its ends in 32 bits (32 bytes an arc, not 40: a national network holds a
/// million of them while its residual network is laid out).
#[derive(Debug, Clone, Copy)]
struct ArcSpec {
    from: u32,
    to: u32,
    lower: i64,
    upper: i64,
    cost: i64,
}

impl ArcSpec {
    /// The tail node.
    fn tail(&self) -> usize {
        self.from as usize
    }

    /// The head node.
    fn head(&self) -> usize {
        self.to as usize
    }

    /// Whether no flow can be laid on it: an end that is no node of `nodes`, bounds out of order,
    /// or a negative cost without a finite upper bound (a bug of the caller).
    fn is_malformed(&self, nodes: usize) -> bool {
        self.tail() >= nodes
            || self.head() >= nodes
            || self.lower < 0
            || self.lower > self.upper
            || (self.cost < 0 && self.upper >= UNBOUNDED)
    }
}

/// Why no flow was returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlowError {
    /// The bounds cannot all hold.
    Infeasible,
    /// An arc was given an end that is no node, bounds out of order, or a negative cost without a
    /// finite upper bound (a bug of the caller).
    BadArc(usize),
    /// The deadline passed before the optimum was reached. Successive shortest paths hold no
    /// feasible flow until the end, so there is nothing to return.
    TimeLimit,
}

impl MinCostFlow {
    /// An empty network.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty network with room for `arcs` arcs.
    pub fn with_capacity(arcs: usize) -> Self {
        MinCostFlow {
            nodes: 0,
            arcs: Vec::with_capacity(arcs),
        }
    }

    /// Adds a node and returns its index.
    pub fn add_node(&mut self) -> usize {
        self.nodes += 1;
        self.nodes - 1
    }

    /// Adds an arc carrying between `lower` and `upper` units at `cost` each; returns its index.
    pub fn add_arc(&mut self, from: usize, to: usize, lower: i64, upper: i64, cost: i64) -> usize {
        // An end past 32 bits is no node (none is made so many): the solve says the arc is bad.
        let end = |node: usize| u32::try_from(node).unwrap_or(u32::MAX);
        self.arcs.push(ArcSpec {
            from: end(from),
            to: end(to),
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
    /// cheapest path, so they are chosen when the network has few distinct costs (up to
    /// [`MANY_COSTS`]), cost scaling when it has many. A network that is a one-to-one assignment is solved as one.
    pub fn solve_until(&self, deadline: Option<std::time::Instant>) -> Result<Vec<i64>, FlowError> {
        solve_held(Held::Borrowed(self), deadline)
    }

    /// As [`MinCostFlow::solve_until`], letting the network go once it is laid out as the residual
    /// network the algorithm works on: at no point are both held, which on a network of a million
    /// arcs is tens of megabytes less at the peak.
    pub fn into_flows(self, deadline: Option<std::time::Instant>) -> Result<Vec<i64>, FlowError> {
        solve_held(Held::Owned(self), deadline)
    }

    /// The first arc no flow can be laid on ([`ArcSpec::is_malformed`]), if there is one.
    fn first_malformed(&self) -> Option<usize> {
        self.arcs.iter().position(|a| a.is_malformed(self.nodes))
    }

    /// Whether the arcs have more than [`MANY_COSTS`] distinct costs (counted only that far).
    fn has_many_costs(&self) -> bool {
        let mut seen = std::collections::HashSet::with_capacity(MANY_COSTS + 1);
        self.arcs
            .iter()
            .any(|a| seen.insert(a.cost) && seen.len() > MANY_COSTS)
    }

    /// Successive shortest paths with blocking flows on the zero-reduced-cost edges: on networks
    /// with few distinct costs (few rounds) the faster of the two algorithms here.
    pub fn solve_by_shortest_paths(
        &self,
        deadline: Option<std::time::Instant>,
    ) -> Result<Vec<i64>, FlowError> {
        shortest_paths(Held::Borrowed(self), deadline)
    }

    /// The same optimum by cost scaling (`refine_all`): a feasible flow first (Dinic's maximum
    /// flow from the supplies to the demands), then refinements to optimality. Far fewer rounds than
    /// shortest paths when costs are many and distinct, slower when they are few.
    pub fn solve_by_cost_scaling(
        &self,
        deadline: Option<std::time::Instant>,
    ) -> Result<Vec<i64>, FlowError> {
        cost_scaling(Held::Borrowed(self), deadline)
    }

    /// The largest cost's magnitude.
    fn largest_cost(&self) -> i128 {
        self.arcs
            .iter()
            .map(|a| i128::from(a.cost).abs())
            .max()
            .unwrap_or(0)
    }

    /// Each arc's cost, by index.
    pub fn costs(&self) -> Vec<i64> {
        self.arcs.iter().map(|a| a.cost).collect()
    }

    /// Whether the network is a one-to-one assignment, solved as one (see the crate's README).
    pub fn is_assignment(&self) -> bool {
        assignment::recognise(self.nodes, &self.arcs).is_some()
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
/// COST`, 1-based nodes), as pairplan's `export` writes it. A supply becomes an arc with both bounds at
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

/// A network borrowed, or owned and let go once laid out (see [`MinCostFlow::into_flows`]).
enum Held<'a> {
    Borrowed(&'a MinCostFlow),
    Owned(MinCostFlow),
}

impl Held<'_> {
    fn network(&self) -> &MinCostFlow {
        match self {
            Held::Borrowed(network) => network,
            Held::Owned(network) => network,
        }
    }
}

/// Shortest paths where the network has few distinct costs (up to [`MANY_COSTS`]), cost scaling
/// where it has many; a one-to-one assignment solved as one.
fn solve_held(held: Held, deadline: Option<std::time::Instant>) -> Result<Vec<i64>, FlowError> {
    let network = held.network();
    if let Some(assignment) = assignment::recognise(network.nodes, &network.arcs) {
        return assignment.solve(network.arcs.len(), deadline);
    }
    if network.has_many_costs() {
        cost_scaling(held, deadline)
    } else {
        shortest_paths(held, deadline)
    }
}

/// [`MinCostFlow::solve_by_shortest_paths`], in 64 bits where distances and potentials fit.
fn shortest_paths(held: Held, deadline: Option<std::time::Instant>) -> Result<Vec<i64>, FlowError> {
    let network = held.network();
    // Distances are sums of at most n costs, potentials the same: 64 bits where they fit.
    if network
        .largest_cost()
        .saturating_mul(4 * (network.nodes as i128 + 3))
        < i128::from(i64::MAX)
    {
        paths::<i64>(held, deadline)
    } else {
        paths::<i128>(held, deadline)
    }
}

fn paths<T: Number>(
    held: Held,
    deadline: Option<std::time::Instant>,
) -> Result<Vec<i64>, FlowError> {
    let nodes = held.network().nodes;
    let mut residual = Residual::<T>::of(held, 1)?;
    let (source, sink, required) = (residual.source, residual.sink, residual.required);
    let mut potential = vec![T::ZERO; nodes + 2];
    let ends = (source, sink);
    let sent = paths_on_rows(&mut residual.rows, ends, required, &mut potential, deadline)?;
    if sent < required {
        return Err(FlowError::Infeasible);
    }
    Ok(residual.flows())
}

/// [`MinCostFlow::solve_by_cost_scaling`], in 64 bits where the scaled costs and prices fit.
fn cost_scaling(held: Held, deadline: Option<std::time::Instant>) -> Result<Vec<i64>, FlowError> {
    let network = held.network();
    let n = network.nodes as i128 + 2;
    // Costs are multiplied by n + 1; prices stay within a few n·ε of zero per refinement
    // (Goldberg): a generous bound for 64 bits.
    let largest = network.largest_cost().saturating_mul(n + 1);
    if largest.saturating_mul(8 * (n + 1)) < i128::from(i64::MAX) {
        scaled::<i64>(held, deadline)
    } else {
        scaled::<i128>(held, deadline)
    }
}

fn scaled<T: Number>(
    held: Held,
    deadline: Option<std::time::Instant>,
) -> Result<Vec<i64>, FlowError> {
    let multiplier = held.network().nodes as i128 + 3;
    let mut residual = Residual::<T>::of(held, multiplier)?;
    let rows = &mut residual.rows;
    let sent = blocking_flow(
        rows,
        |_, _, _| true,
        residual.source,
        residual.sink,
        i64::MAX,
    );
    if sent < residual.required {
        return Err(FlowError::Infeasible);
    }
    // The supplies are carried: the super source and sink leave the network.
    for node in [residual.source, residual.sink] {
        for e in rows.first[node]..rows.first[node + 1] {
            let back = rows.reverse(e);
            rows.capacity[e] = 0;
            rows.capacity[back] = 0;
        }
    }
    refine_all(rows, deadline)?;
    Ok(residual.flows())
}

/// A residual network with its super source and sink and the supply they must carry: each arc as
/// an edge pair (its capacity above the lower bound), lower bounds moved into supplies that the
/// super source and sink carry; an arc of negative cost laid out reversed at the opposite cost.
struct Residual<T> {
    rows: Rows<T>,
    /// Each arc's edge in `rows` (for an arc of negative cost, its reversed edge).
    arc_edge: Vec<u32>,
    /// Each arc's flow before any is sent on its edge: its lower bound, or for an arc of negative
    /// cost (laid out reversed, starting full) its upper bound, negated.
    start: Vec<i64>,
    source: usize,
    sink: usize,
    required: i64,
}

/// What the residual network of `network` looks like before its edges are laid: each node's supply
/// (what the lower bounds, and the negative-cost arcs that start full, move into it; the super
/// source and sink last) and where each node's edges start (`first`, n + 1 entries).
fn layout(network: &MinCostFlow) -> Result<(Vec<i64>, Vec<usize>), FlowError> {
    let (source, sink, n) = (network.nodes, network.nodes + 1, network.nodes + 2);
    let mut excess = vec![0i64; n];
    let mut degree = vec![0usize; n];
    for (i, arc) in network.arcs.iter().enumerate() {
        if arc.is_malformed(network.nodes) {
            return Err(FlowError::BadArc(i));
        }
        let moved = if arc.cost >= 0 { arc.lower } else { arc.upper };
        excess[arc.head()] += moved;
        excess[arc.tail()] -= moved;
        degree[arc.tail()] += 1;
        degree[arc.head()] += 1;
    }
    for (v, &e) in excess.iter().enumerate().take(network.nodes) {
        if e != 0 {
            degree[v] += 1;
            degree[if e > 0 { source } else { sink }] += 1;
        }
    }
    let mut first = Vec::with_capacity(n + 1);
    let mut next = 0;
    for d in degree {
        first.push(next);
        next += d;
    }
    first.push(next);
    // Edges are numbered in 32 bits; no input the loader admits comes near 4 billion.
    if u32::try_from(next).is_err() {
        return Err(FlowError::BadArc(network.arcs.len()));
    }
    Ok((excess, first))
}

/// Compressed rows being laid: each node's next free place (`fill`), its edges placed in the order
/// they are added.
struct Laying<T> {
    rows: Rows<T>,
    fill: Vec<usize>,
    multiplier: i128,
    /// Rows filled from their ends, the last edge first (the edges added in reverse order).
    backwards: bool,
}

impl<T: Number> Laying<T> {
    /// Room for `first[n]` edges, node v's from `first[v]`; costs to be multiplied by `multiplier`.
    fn new(first: Vec<usize>, multiplier: i128, backwards: bool) -> Self {
        let edges = first[first.len() - 1];
        let fill = if backwards {
            first[1..].to_vec()
        } else {
            first[..first.len() - 1].to_vec()
        };
        Laying {
            backwards,
            rows: Rows {
                to: vec![0; edges],
                rev: vec![0; edges],
                capacity: vec![0; edges],
                cost: vec![T::ZERO; edges],
                first,
            },
            fill,
            multiplier,
        }
    }

    /// Lays an edge and its reverse (no capacity, the opposite cost); returns the edge's place.
    fn add(&mut self, from: usize, to: usize, capacity: i64, cost: i128) -> u32 {
        let (forward, backward) = if self.backwards {
            // The reverse edge first, so that a loop's two edges take the places they take forwards.
            self.fill[to] -= 1;
            let backward = self.fill[to];
            self.fill[from] -= 1;
            (self.fill[from], backward)
        } else {
            let forward = self.fill[from];
            self.fill[from] += 1;
            let backward = self.fill[to];
            self.fill[to] += 1;
            (forward, backward)
        };
        let rows = &mut self.rows;
        rows.to[forward] = to as u32;
        rows.rev[forward] = backward as u32;
        rows.capacity[forward] = capacity;
        rows.cost[forward] = T::of(cost * self.multiplier);
        rows.to[backward] = from as u32;
        rows.rev[backward] = forward as u32;
        rows.cost[backward] = T::of(-cost * self.multiplier);
        forward as u32
    }
}

impl<T: Number> Residual<T> {
    /// The residual network of `held`, costs multiplied by `multiplier`, laid out by tail node
    /// straight from the arcs: each node's edges in the order of its arcs, then its supply's edge.
    /// An owned network is laid from its last arc to its first, each row filled from its end — the
    /// same layout — so that the arcs already laid can be let go as the rows fill.
    fn of(held: Held, multiplier: i128) -> Result<Self, FlowError> {
        let network = held.network();
        let (nodes, arcs) = (network.nodes, network.arcs.len());
        let (excess, first) = layout(network)?;
        let mut residual = Residual {
            rows: Rows {
                first: Vec::new(),
                to: Vec::new(),
                rev: Vec::new(),
                capacity: Vec::new(),
                cost: Vec::new(),
            },
            arc_edge: vec![0; arcs],
            start: vec![0; arcs],
            source: nodes,
            sink: nodes + 1,
            required: excess.iter().take(nodes).filter(|&&e| e > 0).sum(),
        };
        let mut rows = Laying::new(first, multiplier, matches!(held, Held::Owned(_)));
        match held {
            Held::Borrowed(network) => {
                for (i, arc) in network.arcs.iter().enumerate() {
                    residual.lay(&mut rows, i, arc);
                }
                residual.lay_supplies(&mut rows, excess.iter().enumerate().take(nodes));
            }
            Held::Owned(mut network) => {
                residual.lay_supplies(&mut rows, excess.iter().enumerate().take(nodes).rev());
                // Let go of the laid arcs a sixteenth at a time (a shrink is one reallocation).
                let release = (arcs / 16).max(1);
                while let Some(arc) = network.arcs.pop() {
                    let i = network.arcs.len();
                    residual.lay(&mut rows, i, &arc);
                    if i % release == 0 {
                        network.arcs.shrink_to_fit();
                    }
                }
            }
        }
        residual.rows = rows.rows;
        Ok(residual)
    }

    /// Lays arc `i`.
    fn lay(&mut self, rows: &mut Laying<T>, i: usize, arc: &ArcSpec) {
        let width = arc.upper - arc.lower;
        (self.start[i], self.arc_edge[i]) = if arc.cost >= 0 {
            let edge = rows.add(arc.tail(), arc.head(), width, i128::from(arc.cost));
            (arc.lower, edge)
        } else {
            // A negative cost (a reward): the arc starts full, and what it gives back flows on
            // its reverse at the opposite, positive cost.
            let edge = rows.add(arc.head(), arc.tail(), width, -i128::from(arc.cost));
            (-arc.upper, edge)
        };
    }

    /// Lays each node's supply: an edge from the super source, or its demand's to the super sink.
    fn lay_supplies<'a>(
        &self,
        rows: &mut Laying<T>,
        excess: impl Iterator<Item = (usize, &'a i64)>,
    ) {
        for (v, &e) in excess {
            if e > 0 {
                rows.add(self.source, v, e, 0);
            } else if e < 0 {
                rows.add(v, self.sink, -e, 0);
            }
        }
    }

    /// The flow on each arc, read from its reverse edge's residual capacity (for an arc of negative
    /// cost, laid out reversed, what was given back).
    fn flows(&self) -> Vec<i64> {
        self.start
            .iter()
            .zip(&self.arc_edge)
            .map(|(&start, &e)| {
                let back = self.rows.capacity[self.rows.reverse(e as usize)];
                // A negated start is an upper bound that what was given back lowers; `layout`
                // refuses a negative lower bound, so what comes back never passes the upper one.
                (start + back).abs()
            })
            .collect()
    }
}

/// Above this many distinct arc costs, cost scaling is used instead of shortest paths (measured:
/// 16 distinct costs favour shortest paths 1.4–4.7×, an assignment's 10⁴ costs favour scaling
/// 2.5×, a network of 48,001 distinct costs over 100×; `benches/` in pairplan).
pub const MANY_COSTS: usize = 256;

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
    fn wide(self) -> i128;
}

impl Number for i64 {
    const ZERO: Self = 0;
    const ONE: Self = 1;
    const MIN: Self = i64::MIN;
    const MAX: Self = i64::MAX;
    fn of(value: i128) -> Self {
        value as i64
    }
    fn wide(self) -> i128 {
        i128::from(self)
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
    fn wide(self) -> i128 {
        self
    }
    fn whole(self) -> usize {
        usize::try_from(self.max(0)).unwrap_or(usize::MAX)
    }
}

/// A residual network laid out by tail node (compressed sparse rows): node v's edges are
/// `first[v]..first[v + 1]`, `rev[i]` is the reverse of edge i. Heads and reverses in 32 bits: a
/// national network's 2.4 million edges take 24 bytes each.
struct Rows<T> {
    first: Vec<usize>,
    to: Vec<u32>,
    rev: Vec<u32>,
    capacity: Vec<i64>,
    cost: Vec<T>,
}

impl<T> Rows<T> {
    /// Edge i's head.
    #[inline]
    fn head(&self, i: usize) -> usize {
        self.to[i] as usize
    }

    /// Edge i's reverse.
    #[inline]
    fn reverse(&self, i: usize) -> usize {
        self.rev[i] as usize
    }

    /// Sends `amount` units along edge i: its residual capacity less, its reverse's more.
    #[inline]
    fn send(&mut self, i: usize, amount: i64) {
        let back = self.reverse(i);
        self.capacity[i] -= amount;
        self.capacity[back] += amount;
    }
}

/// Goldberg and Tarjan's cost scaling, on a residual network that already carries a feasible
/// circulation, its costs multiplied by n + 1, so that an ε-optimal flow with ε = 1 is optimal:
/// from ε = the largest cost, each refinement divides ε by [`SCALING`], saturates every edge of
/// negative reduced cost and then discharges the nodes left with excess (FIFO push–relabel: push
/// along residual edges of negative reduced cost, else lower the node's price by at least ε), with a
/// global price update ([`update_prices`]) at its start and after every n relabels, and push
/// look-ahead (a node that could only send units back is relabelled before anything is pushed to
/// it). Prices and scaled costs in `T`: 64 bits where they fit, else 128.
///
/// # Complexity
/// O(n² m log(nC)) in the worst case for n nodes, m arcs and largest cost C; each refinement's
/// work is that of a push–relabel maximum flow, and there are log_8(nC) of them.
fn refine_all<T: Number>(
    rows: &mut Rows<T>,
    deadline: Option<std::time::Instant>,
) -> Result<(), FlowError> {
    let n = rows.first.len() - 1;
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
        saturate_negative_edges(rows, &price, &mut excess);
        queue_excesses(rows, &excess, &mut current, &mut active, &mut queued);
        update_prices(rows, &excess, &mut price, epsilon);
        let mut relabels = 0usize;
        while let Some(v) = active.pop_front() {
            queued[v] = false;
            if relabels >= n {
                // Global price update: prices from distances to the deficits, so that pushes head
                // for where the excess can go instead of wandering one relabel at a time.
                relabels = 0;
                update_prices(rows, &excess, &mut price, epsilon);
                for (u, c) in current.iter_mut().enumerate() {
                    *c = rows.first[u];
                }
            }
            let end = rows.first[v + 1];
            while excess[v] > 0 {
                if current[v] == end {
                    relabels += 1;
                    if !relabel(rows, &mut price, v, epsilon) {
                        // No way out for the excess: cannot happen on a feasible circulation.
                        return Err(FlowError::Infeasible);
                    }
                    current[v] = rows.first[v];
                    continue;
                }
                let i = current[v];
                let w = rows.head(i);
                if rows.capacity[i] > 0 && rows.cost[i] + price[v] - price[w] < T::ZERO {
                    // Look ahead: a node without a deficit and without an admissible edge would
                    // only push the units back; relabel it first and look at this edge again.
                    if excess[w] >= 0 && !has_admissible(rows, &price, &mut current, w) {
                        relabels += 1;
                        if relabel(rows, &mut price, w, epsilon) {
                            current[w] = rows.first[w];
                            continue;
                        }
                    }
                    let push = excess[v].min(rows.capacity[i]);
                    rows.send(i, push);
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
    Ok(())
}

/// The start of a refinement: every edge of negative reduced cost saturated, so that the flow is
/// 0-optimal, its excesses left for the discharges to move.
#[inline]
fn saturate_negative_edges<T: Number>(rows: &mut Rows<T>, price: &[T], excess: &mut [i64]) {
    for v in 0..price.len() {
        for i in rows.first[v]..rows.first[v + 1] {
            let w = rows.head(i);
            let capacity = rows.capacity[i];
            if capacity > 0 && rows.cost[i] + price[v] - price[w] < T::ZERO {
                rows.send(i, capacity);
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
            best = best.max(price[rows.head(i)] - rows.cost[i]);
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
        if rows.capacity[i] > 0 && rows.cost[i] + price[v] - price[rows.head(i)] < T::ZERO {
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
                let u = rows.head(i);
                let into = rows.reverse(i);
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
/// once: a blocking flow (Dinic's) on the admissible edges, those of zero reduced cost.
/// `potential` must keep every residual edge's reduced cost non-negative (zeros do on a cold start);
/// it comes back updated, still so for every node the source reaches.
fn paths_on_rows<T: Number>(
    rows: &mut Rows<T>,
    (source, sink): (usize, usize),
    wanted: i64,
    potential: &mut [T],
    deadline: Option<std::time::Instant>,
) -> Result<i64, FlowError> {
    let n = rows.first.len() - 1;
    let unreached = T::MAX;
    let mut heap = BinaryHeap::new();
    let mut distance = vec![unreached; n];
    let mut sent = 0;
    while sent < wanted {
        if deadline.is_some_and(|d| std::time::Instant::now() >= d) {
            return Err(FlowError::TimeLimit);
        }
        distance.iter_mut().for_each(|d| *d = unreached);
        heap.clear();
        distance[source] = T::ZERO;
        heap.push(Reverse((T::ZERO, source)));
        while let Some(Reverse((d, v))) = heap.pop() {
            if d > distance[v] {
                continue;
            }
            if v == sink {
                // Nothing beyond the sink's distance matters to this round's paths.
                break;
            }
            for i in rows.first[v]..rows.first[v + 1] {
                if rows.capacity[i] == 0 {
                    continue;
                }
                let w = rows.head(i);
                let next = d + rows.cost[i] + potential[v] - potential[w];
                if next < distance[w] {
                    distance[w] = next;
                    heap.push(Reverse((next, w)));
                }
            }
        }
        let reach = distance[sink];
        if reach == unreached {
            break;
        }
        // Distances capped at the sink's keep every reduced cost non-negative (a node settled
        // later, or never, is at least that far), and the shortest paths' edges at zero.
        for v in 0..n {
            potential[v] = potential[v] + distance[v].min(reach);
        }
        let zero_reduced_cost = |rows: &Rows<T>, v: usize, i: usize| {
            rows.cost[i] + potential[v] - potential[rows.head(i)] == T::ZERO
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
                let w = rows.head(i);
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
                    let w = rows.head(i);
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
                            v = rows.head(rows.reverse(i));
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
                rows.send(i, push);
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

    /// A network of `nodes` nodes and `arcs` (from, to, lower, upper, cost).
    fn network_of(nodes: usize, arcs: &[(usize, usize, i64, i64, i64)]) -> MinCostFlow {
        let mut network = MinCostFlow::with_capacity(arcs.len());
        for _ in 0..nodes {
            network.add_node();
        }
        for &(a, b, l, u, c) in arcs {
            network.add_arc(a, b, l, u, c);
        }
        network
    }

    #[test]
    fn an_end_that_is_no_node_is_a_bad_arc_not_a_panic() {
        let past = network_of(2, &[(0, 1, 0, 1, 1), (1, 2, 0, 1, 1)]);
        assert_eq!(past.solve(), Err(FlowError::BadArc(1)));
        assert_eq!(past.solve_by_cost_scaling(None), Err(FlowError::BadArc(1)));
        assert!(!past.is_assignment());
        assert!(past.potentials(&[0, 0]).is_none());
        let beyond_32_bits = network_of(2, &[(0, 1, 0, 1, 1), (usize::MAX, 1, 0, 1, 1)]);
        assert_eq!(beyond_32_bits.solve(), Err(FlowError::BadArc(1)));
        assert_eq!(
            beyond_32_bits.solve_from(&[], &[], None).err(),
            Some(FlowError::BadArc(1))
        );
    }

    #[test]
    fn a_negative_cost_needs_a_bound_and_bounds_their_order() {
        let unbounded = network_of(2, &[(0, 1, 0, UNBOUNDED, -1), (1, 0, 0, 5, 0)]);
        assert_eq!(unbounded.solve(), Err(FlowError::BadArc(0)));
        let reversed = network_of(2, &[(0, 1, 0, 1, 0), (1, 0, 3, 2, 0)]);
        assert_eq!(reversed.solve(), Err(FlowError::BadArc(1)));
    }

    #[test]
    fn a_lower_bound_that_cannot_return_is_infeasible() {
        // Two units must leave node 0, but only one may come back.
        let network = network_of(2, &[(0, 1, 2, 3, 1), (1, 0, 0, 1, 1)]);
        assert_eq!(
            network.solve_by_shortest_paths(None),
            Err(FlowError::Infeasible)
        );
        assert_eq!(
            network.solve_by_cost_scaling(None),
            Err(FlowError::Infeasible)
        );
    }

    #[test]
    fn a_reward_is_taken_as_far_as_the_bounds_allow() {
        // The loop 0 → 1 → 0 pays −4 + 1 a unit: worth taking to its bound of 3.
        let network = network_of(2, &[(0, 1, 0, 3, -4), (1, 0, 0, 10, 1)]);
        let flow = network.solve().expect("feasible");
        assert_eq!(flow, vec![3, 3]);
        assert_eq!(network.cost_of(&flow), -9);
    }

    #[test]
    fn dimacs_supplies_become_bounded_arcs_and_bad_lines_are_named() {
        let text = "c a comment\np min 2 1\nn 1 2\nn 2 -2\na 1 2 0 5 7\n";
        let network = read_dimacs(text).expect("valid");
        assert_eq!(network.size(), (3, 3));
        let flow = network.solve().expect("feasible");
        assert_eq!(network.cost_of(&flow), 14);
        let bad = read_dimacs("p min 2 1\na 1 3 0 5 7\n").unwrap_err();
        assert!(bad.contains("line 2") && bad.contains("node 3"), "{bad}");
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
                    prop_assert!(network.potentials(&flow).is_some(), "no proof of optimality");
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

        /// An owned network, laid out from its last arc while its arcs are let go, gives the flow
        /// a borrowed one gives, arc for arc (loops and rewards included): the same layout.
        #[test]
        fn an_owned_network_is_solved_as_a_borrowed_one(
            nodes in 2..9usize,
            arcs in prop::collection::vec((0..9usize, 0..9usize, 0..3i64, 0..5i64, -300..1000i64), 1..40),
            many in any::<bool>(),
        ) {
            let network = network_of(
                nodes,
                &arcs
                    .iter()
                    .map(|&(a, b, l, extra, c)| (a % nodes, b % nodes, l, l + extra, c))
                    .collect::<Vec<_>>(),
            );
            let (borrowed, owned) = if many {
                let owned = cost_scaling(Held::Owned(network.clone()), None);
                (network.solve_by_cost_scaling(None), owned)
            } else {
                let owned = shortest_paths(Held::Owned(network.clone()), None);
                (network.solve_by_shortest_paths(None), owned)
            };
            prop_assert_eq!(&borrowed, &owned);
            prop_assert_eq!(network.solve(), network.into_flows(None));
        }
    }
}
