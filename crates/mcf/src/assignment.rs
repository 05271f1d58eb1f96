//! One-to-one assignment found inside a min-cost-flow network, and solved by shortest augmenting
//! paths (the Hungarian method with Dijkstra, as in Jonker–Volgenant): the fast path for networks
//! whose flows are exactly the matchings of rows to columns (each row exactly one column, each
//! column at most one row).
//!
//! [`recognise`] accepts a network only when its flows are exactly the assignments: a source `s`
//! sends one unit by an arc `[1, 1]` to each *row*; rows reach *columns*
//! by arcs `[0, ≥1]` at their costs; each column leaves by a chain of single arcs back to `s`
//! whose private part (before it meets another column's chain) bounds it to one unit and whose
//! shared part is unbounded. Nodes no flow can reach are ignored; any other arc makes it decline,
//! and the general algorithms take the network. A chain's costs are added to its column's.
//!
//! Complexity: one Dijkstra per row left unmatched by the greedy start, over the rows and columns
//! it reaches before a free column — O(r · a log c) at worst for r rows, a row–column arcs and c
//! columns, far less in practice since a search stops at the first free column.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::{ArcSpec, FlowError};

/// Marks an unmatched row or column.
const NONE: u32 = u32::MAX;

/// A one-to-one assignment read from a network, with the arcs its answer is written back to.
#[derive(Debug)]
pub(super) struct Assignment {
    /// Row–column arcs in compressed rows: `first[i]..first[i + 1]` are row `i`'s.
    first: Vec<usize>,
    column: Vec<u32>,
    cost: Vec<i64>,
    /// The network arc each row–column arc stands for.
    arc: Vec<usize>,
    /// The source's arc to each row.
    row_arc: Vec<usize>,
    /// Each column's chain back to the source: `chain_first[j]..chain_first[j + 1]` in `chain`.
    chain_first: Vec<usize>,
    chain: Vec<usize>,
    columns: usize,
}

/// The assignment a network is, if it is one (see the module doc).
pub(super) fn recognise(nodes: usize, arcs: &[ArcSpec]) -> Option<Assignment> {
    let (first, mut live_in, feeds) = degrees(nodes, arcs)?;
    let outgoing = Lists::by_tail(first, arcs);
    let inert = inert_nodes(arcs, &outgoing, &mut live_in);
    let (source, row_arc) = source_and_rows(arcs, feeds, &inert, &live_in)?;
    let mut network = Roles {
        arcs,
        outgoing: &outgoing,
        live_in: &live_in,
        source,
        role: vec![Role::Other; nodes],
    };
    network.mark_rows(&row_arc)?;
    let rows = row_arc.len();
    let RowColumns {
        first,
        column,
        mut cost,
        arc,
        column_node,
    } = network.row_columns(&row_arc)?;
    let columns = column_node.len();
    if columns < rows {
        return None;
    }
    let chains = network.chains(&column_node, rows)?;
    // A forced column must be matched: only when every column is forced and they are as many as the rows.
    let forced = &chains.forced;
    if forced.iter().any(|&f| f) && !(forced.iter().all(|&f| f) && columns == rows) {
        return None;
    }
    // Every arc accounted for: to a row, row to column, a chain, or out of an inert node (the
    // three kinds are apart, so counting them is enough).
    let live: usize = (0..nodes)
        .filter(|&v| !inert[v])
        .map(|v| outgoing[v].len())
        .sum();
    if live != row_arc.len() + arc.len() + chains.arcs {
        return None;
    }
    for (c, &j) in cost.iter_mut().zip(&column) {
        *c = c.checked_add(chains.cost[j as usize])?;
    }
    // Potentials and path lengths stay within a few times the largest cost per row.
    let largest = cost.iter().copied().max().unwrap_or(0);
    largest.checked_mul(4 * (rows as i64 + 2))?;
    Some(Assignment {
        first,
        column,
        cost,
        arc,
        row_arc,
        chain_first: chains.first,
        chain: chains.chain,
        columns,
    })
}

/// One pass over the arcs: out-degrees (as `first[v + 1]`, for [`Lists::by_tail`]), in-degrees,
/// and the arcs `[1, 1]` that could feed a row; `None` for a bound or cost no assignment has.
fn degrees(nodes: usize, arcs: &[ArcSpec]) -> Option<(Vec<usize>, Vec<usize>, Vec<usize>)> {
    let mut first = vec![0usize; nodes + 1];
    let mut live_in = vec![0usize; nodes];
    let mut feeds = Vec::new();
    for (i, a) in arcs.iter().enumerate() {
        if a.cost < 0 || a.lower < 0 || a.lower > a.upper {
            return None;
        }
        first[a.from + 1] += 1;
        live_in[a.to] += 1;
        if a.lower == 1 && a.upper == 1 {
            feeds.push(i);
        }
    }
    Some((first, live_in, feeds))
}

/// Inert nodes: nothing flows in, nothing is forced out, so nothing ever flows through them. Their
/// arcs no longer count in `live_in`.
fn inert_nodes(arcs: &[ArcSpec], outgoing: &Lists, live_in: &mut [usize]) -> Vec<bool> {
    let mut inert = vec![false; live_in.len()];
    let mut queue: Vec<usize> = (0..live_in.len()).filter(|&v| live_in[v] == 0).collect();
    while let Some(v) = queue.pop() {
        if outgoing[v].iter().any(|&a| arcs[a].lower > 0) {
            continue;
        }
        inert[v] = true;
        for &a in &outgoing[v] {
            live_in[arcs[a].to] -= 1;
            if live_in[arcs[a].to] == 0 {
                queue.push(arcs[a].to);
            }
        }
    }
    inert
}

/// The source and its arc to each row: of the live feeds into a node fed by nothing else, the
/// source is the node that sends the most (a forced column's own arc looks like a feed too).
fn source_and_rows(
    arcs: &[ArcSpec],
    feeds: Vec<usize>,
    inert: &[bool],
    live_in: &[usize],
) -> Option<(usize, Vec<usize>)> {
    let feeds: Vec<usize> = feeds
        .into_iter()
        .filter(|&i| !inert[arcs[i].from] && live_in[arcs[i].to] == 1)
        .collect();
    let mut fed = std::collections::BTreeMap::new();
    for &i in &feeds {
        *fed.entry(arcs[i].from).or_insert(0usize) += 1;
    }
    let most = fed.values().copied().max()?;
    let source = *fed.iter().find(|(_, &count)| count == most)?.0;
    let row_arc: Vec<usize> = feeds
        .into_iter()
        .filter(|&i| arcs[i].from == source)
        .collect();
    Some((source, row_arc))
}

/// The network as it is being recognised: each node's role so far, and what the roles are
/// judged by.
struct Roles<'a> {
    arcs: &'a [ArcSpec],
    outgoing: &'a Lists,
    live_in: &'a [usize],
    source: usize,
    role: Vec<Role>,
}

/// The row–column arcs, in compressed rows, and the node of each column.
struct RowColumns {
    first: Vec<usize>,
    column: Vec<u32>,
    cost: Vec<i64>,
    arc: Vec<usize>,
    column_node: Vec<usize>,
}

/// Each column's chain back to the source, its cost, and whether its private part forces a unit.
struct Chains {
    /// `first[j]..first[j + 1]` in `chain` are column `j`'s arcs.
    first: Vec<usize>,
    chain: Vec<usize>,
    cost: Vec<i64>,
    forced: Vec<bool>,
    /// How many distinct arcs the chains use.
    arcs: usize,
}

impl Roles<'_> {
    /// Marks the head of each of the source's feeds a row; two feeds into one node, or one back
    /// into the source, are not an assignment.
    fn mark_rows(&mut self, row_arc: &[usize]) -> Option<()> {
        for (row, &i) in row_arc.iter().enumerate() {
            let to = self.arcs[i].to;
            if self.role[to] != Role::Other || to == self.source {
                return None;
            }
            self.role[to] = Role::Row(row);
        }
        Some(())
    }

    /// The rows' arcs, each `[0, ≥1]` into a column (a node no row or chain is), columns numbered
    /// in the order rows first reach them.
    fn row_columns(&mut self, row_arc: &[usize]) -> Option<RowColumns> {
        let (arcs, outgoing) = (self.arcs, self.outgoing);
        let mut column_node = Vec::new();
        let mut first = Vec::with_capacity(row_arc.len() + 1);
        first.push(0);
        let pairs: usize = row_arc.iter().map(|&i| outgoing[arcs[i].to].len()).sum();
        let mut column = Vec::with_capacity(pairs);
        let mut cost = Vec::with_capacity(pairs);
        let mut arc = Vec::with_capacity(pairs);
        for &i in row_arc {
            for &a in &outgoing[arcs[i].to] {
                let spec = arcs[a];
                if spec.lower != 0 || spec.upper < 1 || spec.to == self.source {
                    return None;
                }
                let j = match self.role[spec.to] {
                    Role::Column(j) => j,
                    Role::Other => {
                        self.role[spec.to] = Role::Column(column_node.len());
                        column_node.push(spec.to);
                        column_node.len() - 1
                    }
                    Role::Row(_) | Role::Chain => return None,
                };
                column.push(j as u32);
                cost.push(spec.cost);
                arc.push(a);
            }
            first.push(column.len());
        }
        Some(RowColumns {
            first,
            column,
            cost,
            arc,
            column_node,
        })
    }

    /// Each column's chain back to the source: private (one unit, its own lower bound), then
    /// shared (unbounded). Its cost is added to every arc into the column.
    fn chains(&mut self, column_node: &[usize], rows: usize) -> Option<Chains> {
        let (arcs, outgoing) = (self.arcs, self.outgoing);
        let columns = column_node.len();
        let mut chain_first = vec![0];
        let mut chain = Vec::new();
        let mut chain_cost = vec![0i64; columns];
        let mut forced = vec![false; columns];
        let mut in_chain = vec![false; arcs.len()];
        let mut chain_arcs = 0;
        for (j, &node) in column_node.iter().enumerate() {
            let (mut v, mut private, mut capacity, mut lower) = (node, true, i64::MAX, 0);
            for _ in 0..self.role.len() {
                let [a] = &outgoing[v] else {
                    return None;
                };
                let spec = arcs[*a];
                if private {
                    capacity = capacity.min(spec.upper);
                    lower = lower.max(spec.lower);
                } else if spec.lower != 0 || spec.upper < rows as i64 {
                    return None;
                }
                chain_cost[j] = chain_cost[j].checked_add(spec.cost)?;
                chain.push(*a);
                if !std::mem::replace(&mut in_chain[*a], true) {
                    chain_arcs += 1;
                }
                let next = spec.to;
                if next == self.source {
                    break;
                }
                if matches!(self.role[next], Role::Row(_) | Role::Column(_)) {
                    return None;
                }
                self.role[next] = Role::Chain;
                private &= self.live_in[next] == 1;
                v = next;
            }
            if arcs[*chain.last()?].to != self.source || capacity != 1 || lower > 1 {
                return None;
            }
            forced[j] = lower == 1;
            chain_first.push(chain.len());
        }
        Some(Chains {
            first: chain_first,
            chain,
            cost: chain_cost,
            forced,
            arcs: chain_arcs,
        })
    }
}

/// Arc indices grouped by tail, in compressed rows.
struct Lists {
    first: Vec<usize>,
    arcs: Vec<usize>,
}

impl Lists {
    /// `first[v + 1]` holds node `v`'s out-degree on entry.
    fn by_tail(mut first: Vec<usize>, arcs: &[ArcSpec]) -> Lists {
        for v in 1..first.len() {
            first[v] += first[v - 1];
        }
        let grouped = if arcs.windows(2).all(|w| w[0].from <= w[1].from) {
            (0..arcs.len()).collect()
        } else {
            let mut next = first.clone();
            let mut grouped = vec![0usize; arcs.len()];
            for (i, a) in arcs.iter().enumerate() {
                grouped[next[a.from]] = i;
                next[a.from] += 1;
            }
            grouped
        };
        Lists {
            first,
            arcs: grouped,
        }
    }
}

impl std::ops::Index<usize> for Lists {
    type Output = [usize];
    fn index(&self, v: usize) -> &[usize] {
        &self.arcs[self.first[v]..self.first[v + 1]]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Other,
    Row(usize),
    Column(usize),
    Chain,
}

impl Assignment {
    /// The flow on each of the network's `arcs` arcs of a cheapest assignment of every row.
    pub(super) fn solve(
        &self,
        arcs: usize,
        deadline: Option<std::time::Instant>,
    ) -> Result<Vec<i64>, FlowError> {
        let matched = self.match_rows(deadline)?;
        let mut flows = vec![0i64; arcs];
        for (row, &k) in matched.iter().enumerate() {
            flows[self.row_arc[row]] = 1;
            flows[self.arc[k]] = 1;
            let j = self.column[k] as usize;
            for &a in &self.chain[self.chain_first[j]..self.chain_first[j + 1]] {
                flows[a] += 1;
            }
        }
        Ok(flows)
    }

    /// For each row, the index of the row–column arc it is matched by.
    fn match_rows(&self, deadline: Option<std::time::Instant>) -> Result<Vec<usize>, FlowError> {
        let rows = self.row_arc.len();
        // Reduced cost of arc k from row i to column j: cost + row_price[i] − column_price[j] ≥ 0,
        // and 0 on every matched arc.
        let mut row_price = vec![0i64; rows];
        let mut column_price = vec![0i64; self.columns];
        let mut row_of = vec![NONE; self.columns];
        let mut arc_of = vec![usize::MAX; rows];
        // Start: each row at its cheapest column, matched there if that column is still free.
        for i in 0..rows {
            let arcs = self.first[i]..self.first[i + 1];
            let Some(k) = arcs.min_by_key(|&k| (self.cost[k], k)) else {
                return Err(FlowError::Infeasible);
            };
            row_price[i] = -self.cost[k];
            let j = self.column[k] as usize;
            if row_of[j] == NONE {
                row_of[j] = i as u32;
                arc_of[i] = k;
            }
        }
        let mut search = Search::new(self.columns);
        let free_rows: Vec<usize> = (0..rows).filter(|&i| arc_of[i] == usize::MAX).collect();
        for (searched, &start) in free_rows.iter().enumerate() {
            if searched % 64 == 0 && deadline.is_some_and(|d| std::time::Instant::now() >= d) {
                return Err(FlowError::TimeLimit);
            }
            // Dijkstra from the free row over reduced costs, to the nearest free column.
            search.relax(self, start, 0, row_price[start], &column_price);
            let mut scanned: Vec<usize> = Vec::new();
            let free = loop {
                let Some(Reverse((d, j))) = search.heap.pop() else {
                    return Err(FlowError::Infeasible);
                };
                let j = j as usize;
                if search.done[j] || d > search.distance[j] {
                    continue;
                }
                search.done[j] = true;
                scanned.push(j);
                let i = row_of[j];
                if i == NONE {
                    break j;
                }
                search.relax(self, i as usize, d, row_price[i as usize], &column_price);
            };
            // Prices move by how much nearer than the free column each scanned node is, keeping
            // every reduced cost non-negative and the new path's arcs at zero.
            let last = search.distance[free];
            row_price[start] -= last;
            for &j in &scanned {
                let shift = search.distance[j] - last;
                column_price[j] += shift;
                if row_of[j] != NONE {
                    row_price[row_of[j] as usize] += shift;
                }
            }
            // Flip the path: each column along it takes the row that reached it.
            let mut j = free;
            loop {
                let k = search.via[j];
                let i = self.arc_row(k);
                let previous = arc_of[i];
                row_of[j] = i as u32;
                arc_of[i] = k;
                if i == start {
                    break;
                }
                j = self.column[previous] as usize;
            }
            search.reset();
        }
        Ok(arc_of)
    }

    /// The row a row–column arc leaves.
    fn arc_row(&self, k: usize) -> usize {
        self.first.partition_point(|&f| f <= k) - 1
    }
}

/// One Dijkstra's state over the columns, kept between searches and reset by what it touched.
struct Search {
    /// Tentative distance of each column (`i64::MAX`: not reached).
    distance: Vec<i64>,
    /// The row–column arc that reached each column.
    via: Vec<usize>,
    /// Columns whose distance is final.
    done: Vec<bool>,
    /// Columns reached in this search, to reset.
    reached: Vec<usize>,
    heap: BinaryHeap<Reverse<(i64, u32)>>,
}

impl Search {
    fn new(columns: usize) -> Self {
        Search {
            distance: vec![i64::MAX; columns],
            via: vec![usize::MAX; columns],
            done: vec![false; columns],
            reached: Vec::new(),
            heap: BinaryHeap::new(),
        }
    }

    /// Relaxes the arcs of `row`, reached at `base` and priced `row_price`.
    fn relax(
        &mut self,
        assignment: &Assignment,
        row: usize,
        base: i64,
        row_price: i64,
        column_price: &[i64],
    ) {
        for k in assignment.first[row]..assignment.first[row + 1] {
            let j = assignment.column[k] as usize;
            if self.done[j] {
                continue;
            }
            let d = base + assignment.cost[k] + row_price - column_price[j];
            if d < self.distance[j] {
                if self.distance[j] == i64::MAX {
                    self.reached.push(j);
                }
                self.distance[j] = d;
                self.via[j] = k;
                self.heap.push(Reverse((d, j as u32)));
            }
        }
    }

    /// Forgets this search, touching only the columns it reached.
    fn reset(&mut self) {
        for &j in &self.reached {
            self.distance[j] = i64::MAX;
            self.done[j] = false;
        }
        self.reached.clear();
        self.heap.clear();
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::MinCostFlow;
    use super::*;

    /// An assignment-shaped network: source 0 → rows [1, 1]; row → column [0, 1] at a cost;
    /// each column → its own node [lower, 1] (`forced` columns have lower 1) → a shared hub
    /// [0, ∞) → source. `spoil` breaks the shape in one of several ways (or not at all).
    fn network(
        rows: usize,
        columns: usize,
        costs: &[Vec<Option<i64>>],
        forced: bool,
        spoil: usize,
    ) -> MinCostFlow {
        let mut flow = MinCostFlow::new();
        let source = flow.add_node();
        let hub = flow.add_node();
        let row: Vec<usize> = (0..rows).map(|_| flow.add_node()).collect();
        let column: Vec<usize> = (0..columns).map(|_| flow.add_node()).collect();
        let own: Vec<usize> = (0..columns).map(|_| flow.add_node()).collect();
        let idle = flow.add_node();
        for &r in &row {
            flow.add_arc(source, r, 1, 1, 0);
        }
        for (i, line) in costs.iter().enumerate().take(rows) {
            for (j, cost) in line.iter().enumerate().take(columns) {
                if let Some(c) = cost {
                    flow.add_arc(row[i], column[j], 0, 1, *c);
                }
            }
        }
        for j in 0..columns {
            let capacity = if spoil == 1 && j == 0 { 2 } else { 1 };
            flow.add_arc(column[j], own[j], i64::from(forced), capacity, j as i64 % 3);
            flow.add_arc(own[j], hub, 0, super::super::UNBOUNDED, 1);
        }
        // An idle node feeding the hub changes nothing.
        flow.add_arc(idle, hub, 0, 5, 0);
        match spoil {
            2 => {
                flow.add_arc(hub, source, 2, super::super::UNBOUNDED, 0);
            }
            3 => {
                flow.add_arc(source, own[0], 0, 1, 0);
                flow.add_arc(hub, source, 0, super::super::UNBOUNDED, 0);
            }
            4 => {
                flow.add_arc(hub, source, 0, rows as i64 - 1, 0);
            }
            _ => {
                flow.add_arc(hub, source, 0, super::super::UNBOUNDED, 0);
            }
        }
        flow
    }

    fn costs(rows: usize, columns: usize) -> impl Strategy<Value = Vec<Vec<Option<i64>>>> {
        prop::collection::vec(
            prop::collection::vec(prop::option::weighted(0.8, 0..100i64), columns),
            rows,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn the_assignment_path_finds_the_shortest_paths_optimum(
            (rows, columns, costs) in (1..7usize, 0..3usize).prop_flat_map(|(r, extra)| {
                (Just(r), Just(r + extra), costs(r, r + extra))
            }),
            forced in any::<bool>(),
            spoil in 0..6usize,
        ) {
            let flow = network(rows, columns, &costs, forced && columns == rows, spoil);
            let recognised = recognise(flow.nodes, &flow.arcs).is_some();
            // Never a spoiled network; always a clean one whose rows and columns all have arcs.
            let connected = costs.iter().all(|line| line.iter().any(Option::is_some))
                && (0..columns).all(|j| costs.iter().any(|line| line[j].is_some()));
            // A second unit for column 0 spoils nothing if no row reaches it.
            let spoiled = (1..=4).contains(&spoil)
                && (spoil != 1 || costs.iter().any(|line| line.first().is_some_and(Option::is_some)));
            prop_assert!(!recognised || !spoiled, "spoil {}", spoil);
            prop_assert!(recognised || spoiled || !connected, "clean, not recognised");
            match (flow.solve(), flow.solve_by_shortest_paths(None)) {
                (Ok(found), Ok(reference)) => {
                    prop_assert_eq!(flow.cost_of(&found), flow.cost_of(&reference));
                    for (f, a) in found.iter().zip(&flow.arcs) {
                        prop_assert!(a.lower <= *f && *f <= a.upper);
                    }
                    for v in 0..flow.nodes {
                        let net: i64 = found
                            .iter()
                            .zip(&flow.arcs)
                            .map(|(f, a)| (a.to == v) as i64 * f - (a.from == v) as i64 * f)
                            .sum();
                        prop_assert_eq!(net, 0, "conservation at {}", v);
                    }
                }
                (Err(FlowError::Infeasible), Err(FlowError::Infeasible)) => {}
                (a, b) => prop_assert!(false, "{a:?} / {b:?}"),
            }
        }
    }

    #[test]
    fn a_dense_assignment_equals_kuhn_munkres() {
        // 60 × 60, costs 1..10⁴ from a fixed linear congruential sequence.
        let n = 60;
        let mut state: u64 = 800;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            1 + (state >> 33) as i64 % 10_000
        };
        let matrix: Vec<Vec<i64>> = (0..n).map(|_| (0..n).map(|_| next()).collect()).collect();
        let costs: Vec<Vec<Option<i64>>> = matrix
            .iter()
            .map(|line| line.iter().copied().map(Some).collect())
            .collect();
        let flow = network(n, n, &costs, true, 0);
        assert!(recognise(flow.nodes, &flow.arcs).is_some());
        let found = flow.solve().expect("a square assignment");
        let (best, _) = pathfinding::kuhn_munkres::kuhn_munkres_min(
            &pathfinding::matrix::Matrix::from_rows(matrix).expect("square"),
        );
        // The network adds each column's own cost (j mod 3) and the hub arc (1) per unit.
        let extra: i64 = (0..n as i64).map(|j| j % 3 + 1).sum();
        assert_eq!(flow.cost_of(&found), i128::from(best + extra));
    }
}
