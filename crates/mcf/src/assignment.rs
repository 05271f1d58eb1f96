//! One-to-one assignment found inside a min-cost-flow network, and solved as Jonker–Volgenant do
//! (augmenting row reduction, then shortest augmenting paths by Dijkstra): the fast path for networks
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
//! Complexity: at most 16r + 64 row-reduction steps of one row's scan each, then one Dijkstra per
//! row still unmatched, over the rows and columns it reaches before a free column — O(r · a log c)
//! at worst for r rows, a row–column arcs and c columns, far less in practice since a search stops
//! at the first free column.

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
    arc: Vec<u32>,
    /// The source's arc to each row.
    row_arc: Vec<usize>,
    /// Each column's chain back to the source: `chain_first[j]..chain_first[j + 1]` in `chain`.
    chain_first: Vec<usize>,
    chain: Vec<usize>,
    columns: usize,
    /// The largest magnitude of a row–column arc's cost (its chain's included).
    largest: i64,
}

/// The assignment a network is, if it is one (see the module doc).
pub(super) fn recognise(nodes: usize, arcs: &[ArcSpec]) -> Option<Assignment> {
    let mut shape = Shape::of(nodes, arcs)?;
    let inert = inert_nodes(arcs, &mut shape);
    let feeds = std::mem::take(&mut shape.feeds);
    let (source, row_arc) = source_and_rows(arcs, feeds, &inert, &shape.live_in)?;
    let mut network = Roles {
        arcs,
        shape: &shape,
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
        .map(|v| shape.out_degree[v])
        .sum();
    if live != row_arc.len() + arc.len() + chains.arcs {
        return None;
    }
    for (c, &j) in cost.iter_mut().zip(&column) {
        *c = c.checked_add(chains.cost[j as usize])?;
    }
    // Potentials and path lengths stay within a few times the largest cost per row.
    let largest = cost
        .iter()
        .try_fold(0i64, |most, c| Some(most.max(c.checked_abs()?)))?;
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
        largest,
    })
}

/// What one pass over the arcs tells.
struct Shape {
    out_degree: Vec<usize>,
    /// In-degrees, less the arcs out of inert nodes once those are known.
    live_in: Vec<usize>,
    /// The last arc out of each node: its only one where the out-degree is 1.
    last_out: Vec<u32>,
    /// The arcs `[1, 1]`, which could feed a row.
    feeds: Vec<usize>,
    /// Whether the arcs come grouped by tail already.
    grouped: bool,
}

impl Shape {
    /// `None` for a bound or cost no assignment has.
    fn of(nodes: usize, arcs: &[ArcSpec]) -> Option<Shape> {
        // Arcs are numbered in 32 bits below.
        u32::try_from(arcs.len()).ok()?;
        let mut shape = Shape {
            out_degree: vec![0; nodes],
            live_in: vec![0; nodes],
            last_out: vec![0; nodes],
            feeds: Vec::new(),
            grouped: true,
        };
        let mut tail = 0;
        for (i, a) in arcs.iter().enumerate() {
            if a.cost < 0 || a.is_malformed(nodes) {
                return None;
            }
            shape.grouped &= tail <= a.tail();
            tail = a.tail();
            shape.out_degree[a.tail()] += 1;
            shape.last_out[a.tail()] = i as u32;
            shape.live_in[a.head()] += 1;
            if a.lower == 1 && a.upper == 1 {
                shape.feeds.push(i);
            }
        }
        Some(shape)
    }
}

/// Inert nodes: nothing flows in, nothing is forced out, so nothing ever flows through them. Their
/// arcs no longer count in `live_in`.
fn inert_nodes(arcs: &[ArcSpec], shape: &mut Shape) -> Vec<bool> {
    let live_in = &mut shape.live_in;
    let mut inert = vec![false; live_in.len()];
    let mut queue: Vec<usize> = (0..live_in.len()).filter(|&v| live_in[v] == 0).collect();
    // Nodes with no arcs at all: nothing to follow, and no need to group the arcs to find that.
    queue.retain(|&v| {
        inert[v] = shape.out_degree[v] == 0;
        !inert[v]
    });
    if queue.is_empty() {
        return inert;
    }
    let outgoing = Lists::by_tail(arcs, &shape.out_degree, shape.grouped, |_| true);
    while let Some(v) = queue.pop() {
        if outgoing.of(v).any(|a| arcs[a].lower > 0) {
            continue;
        }
        inert[v] = true;
        for a in outgoing.of(v) {
            live_in[arcs[a].head()] -= 1;
            if live_in[arcs[a].head()] == 0 {
                queue.push(arcs[a].head());
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
        .filter(|&i| !inert[arcs[i].tail()] && live_in[arcs[i].head()] == 1)
        .collect();
    let mut fed = std::collections::BTreeMap::new();
    for &i in &feeds {
        *fed.entry(arcs[i].tail()).or_insert(0usize) += 1;
    }
    let most = fed.values().copied().max()?;
    let source = *fed.iter().find(|(_, &count)| count == most)?.0;
    let row_arc: Vec<usize> = feeds
        .into_iter()
        .filter(|&i| arcs[i].tail() == source)
        .collect();
    Some((source, row_arc))
}

/// The network as it is being recognised: each node's role so far, and what the roles are
/// judged by.
struct Roles<'a> {
    arcs: &'a [ArcSpec],
    shape: &'a Shape,
    source: usize,
    role: Vec<Role>,
}

/// The row–column arcs, in compressed rows, and the node of each column.
struct RowColumns {
    first: Vec<usize>,
    column: Vec<u32>,
    cost: Vec<i64>,
    arc: Vec<u32>,
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
            let to = self.arcs[i].head();
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
        let (arcs, shape) = (self.arcs, self.shape);
        let role = &self.role;
        let outgoing = Lists::by_tail(arcs, &shape.out_degree, shape.grouped, |v| {
            matches!(role[v], Role::Row(_))
        });
        let mut column_node = Vec::new();
        let mut first = Vec::with_capacity(row_arc.len() + 1);
        first.push(0);
        let pairs: usize = row_arc
            .iter()
            .map(|&i| shape.out_degree[arcs[i].head()])
            .sum();
        let mut column = Vec::with_capacity(pairs);
        let mut cost = Vec::with_capacity(pairs);
        let mut arc = Vec::with_capacity(pairs);
        for &i in row_arc {
            for a in outgoing.of(arcs[i].head()) {
                let spec = arcs[a];
                if spec.lower != 0 || spec.upper < 1 || spec.head() == self.source {
                    return None;
                }
                let j = match self.role[spec.head()] {
                    Role::Column(j) => j,
                    Role::Other => {
                        self.role[spec.head()] = Role::Column(column_node.len());
                        column_node.push(spec.head());
                        column_node.len() - 1
                    }
                    Role::Row(_) | Role::Chain => return None,
                };
                column.push(j as u32);
                cost.push(spec.cost);
                arc.push(a as u32);
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
        let (arcs, shape) = (self.arcs, self.shape);
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
                if shape.out_degree[v] != 1 {
                    return None;
                }
                let a = &(shape.last_out[v] as usize);
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
                let next = spec.head();
                if next == self.source {
                    break;
                }
                if matches!(self.role[next], Role::Row(_) | Role::Column(_)) {
                    return None;
                }
                self.role[next] = Role::Chain;
                private &= shape.live_in[next] == 1;
                v = next;
            }
            if arcs[*chain.last()?].head() != self.source || capacity != 1 || lower > 1 {
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

/// The arcs out of some nodes, grouped by tail.
struct Lists {
    /// Node `v`'s arcs are at `first[v]..first[v + 1]`: in the network itself when its arcs come
    /// grouped by tail (every node's then), else in `order` (the chosen nodes' only).
    first: Vec<usize>,
    order: Option<Vec<u32>>,
}

impl Lists {
    /// The arcs out of each node `chosen` picks (of every node when `grouped`: that costs nothing).
    fn by_tail(
        arcs: &[ArcSpec],
        out_degree: &[usize],
        grouped: bool,
        chosen: impl Fn(usize) -> bool,
    ) -> Lists {
        let mut first = Vec::with_capacity(out_degree.len() + 1);
        first.push(0);
        for (v, &degree) in out_degree.iter().enumerate() {
            let kept = if grouped || chosen(v) { degree } else { 0 };
            first.push(first[v] + kept);
        }
        if grouped {
            return Lists { first, order: None };
        }
        let mut next = first.clone();
        let mut order = vec![0u32; first[out_degree.len()]];
        for (i, a) in arcs.iter().enumerate() {
            let at = &mut next[a.tail()];
            if *at < first[a.tail() + 1] {
                order[*at] = i as u32;
                *at += 1;
            }
        }
        Lists {
            first,
            order: Some(order),
        }
    }

    /// The arcs out of `v`, in their order in the network.
    fn of(&self, v: usize) -> impl Iterator<Item = usize> + '_ {
        let range = self.first[v]..self.first[v + 1];
        let (stored, identity) = match &self.order {
            Some(order) => (&order[range], 0..0),
            None => (&[][..], range),
        };
        stored.iter().map(|&a| a as usize).chain(identity)
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
            flows[self.arc[k] as usize] = 1;
            let j = self.column[k] as usize;
            for &a in &self.chain[self.chain_first[j]..self.chain_first[j + 1]] {
                flows[a] += 1;
            }
        }
        Ok(flows)
    }

    /// For each row, the index of the row–column arc it is matched by.
    fn match_rows(&self, deadline: Option<std::time::Instant>) -> Result<Vec<usize>, FlowError> {
        let mut state = self.greedy_start()?;
        let free_rows = self.reduce_rows(&mut state);
        self.augment(&mut state, &free_rows, deadline)?;
        Ok(state.arc_of)
    }

    /// Each row at its cheapest column, matched there if that column is still free; every
    /// column priced 0.
    fn greedy_start(&self) -> Result<Matching, FlowError> {
        let rows = self.row_arc.len();
        let mut state = Matching {
            row_price: vec![0i64; rows],
            column_price: vec![0i64; self.columns],
            row_of: vec![NONE; self.columns],
            arc_of: vec![usize::MAX; rows],
        };
        for i in 0..rows {
            let arcs = self.first[i]..self.first[i + 1];
            let Some(k) = arcs.min_by_key(|&k| (self.cost[k], k)) else {
                return Err(FlowError::Infeasible);
            };
            let j = self.column[k] as usize;
            if state.row_of[j] == NONE {
                state.row_of[j] = i as u32;
                state.arc_of[i] = k;
            }
        }
        Ok(state)
    }

    /// Augmenting row reduction (Jonker–Volgenant): a free row takes its cheapest column, whose
    /// price drops until the row's second choice is as cheap, and the row it displaces is free
    /// in its turn. Two passes settle most rows at the cost of a scan each, where a shortest
    /// path search would cost many; the rows left free, and every row's price, come back for
    /// the searches.
    ///
    /// Prices stay feasible throughout: a matched row's column is its cheapest at current prices
    /// (a price only ever drops, and only on the column a row takes), and a free column keeps
    /// price 0, the highest, as the rectangular problem's optimality needs.
    fn reduce_rows(&self, state: &mut Matching) -> Vec<usize> {
        let mut free: Vec<usize> = (0..self.row_arc.len())
            .filter(|&i| state.arc_of[i] == usize::MAX)
            .collect();
        // A price never drops below this, so that the searches' distances stay in range.
        let floor = -self.largest.saturating_mul(self.row_arc.len() as i64 + 2);
        let mut left = Vec::new();
        // Each step costs one scan of a row; past this many the searches take the rest.
        let mut budget = 16 * self.row_arc.len() + 64;
        for _pass in 0..2 {
            let mut next = Vec::new();
            let mut at = 0;
            // A displaced row is taken at once when its column's price dropped (the step made
            // progress), at the next pass when it did not (a tie, which could otherwise cycle).
            let mut again = None;
            while let Some(i) = again.take().or_else(|| {
                at += 1;
                free.get(at - 1).copied()
            }) {
                if budget == 0 {
                    left.push(i);
                    continue;
                }
                budget -= 1;
                let Some((k1, r1, k2, r2)) = self.two_cheapest(i, &state.column_price) else {
                    left.push(i);
                    continue;
                };
                let j1 = self.column[k1] as usize;
                let drop = r2 - r1;
                let (k, progress) = if drop > 0 && state.column_price[j1] - drop >= floor {
                    state.column_price[j1] -= drop;
                    (k1, true)
                } else if drop == 0 && state.row_of[j1] != NONE {
                    (k2, false)
                } else if drop == 0 {
                    (k1, false)
                } else {
                    left.push(i);
                    continue;
                };
                let j = self.column[k] as usize;
                let displaced = std::mem::replace(&mut state.row_of[j], i as u32);
                state.arc_of[i] = k;
                if displaced != NONE {
                    state.arc_of[displaced as usize] = usize::MAX;
                    if progress {
                        again = Some(displaced as usize);
                    } else {
                        next.push(displaced as usize);
                    }
                }
            }
            free = next;
        }
        left.extend(free);
        for (i, &k) in state.arc_of.iter().enumerate() {
            state.row_price[i] = if k == usize::MAX {
                self.two_cheapest(i, &state.column_price)
                    .map_or(0, |(_, r1, _, _)| -r1)
            } else {
                -(self.cost[k] - state.column_price[self.column[k] as usize])
            };
        }
        left.sort_unstable();
        left
    }

    /// A row's two cheapest arcs at the columns' prices, with their costs less the prices
    /// (`None` for a row of fewer than two arcs).
    fn two_cheapest(&self, row: usize, column_price: &[i64]) -> Option<(usize, i64, usize, i64)> {
        let (mut k1, mut r1, mut k2, mut r2) = (usize::MAX, i64::MAX, usize::MAX, i64::MAX);
        for k in self.first[row]..self.first[row + 1] {
            let r = self.cost[k] - column_price[self.column[k] as usize];
            if r < r1 {
                (k2, r2) = (k1, r1);
                (k1, r1) = (k, r);
            } else if r < r2 {
                (k2, r2) = (k, r);
            }
        }
        (k2 != usize::MAX).then_some((k1, r1, k2, r2))
    }

    /// Shortest augmenting paths (Dijkstra over reduced costs) from each row still free.
    fn augment(
        &self,
        state: &mut Matching,
        free_rows: &[usize],
        deadline: Option<std::time::Instant>,
    ) -> Result<(), FlowError> {
        let Matching {
            row_price,
            column_price,
            row_of,
            arc_of,
        } = state;
        let mut search = Search::new(self.columns);
        for (searched, &start) in free_rows.iter().enumerate() {
            if searched % 64 == 0 && deadline.is_some_and(|d| std::time::Instant::now() >= d) {
                return Err(FlowError::TimeLimit);
            }
            // Dijkstra from the free row over reduced costs, to the nearest free column.
            search.relax(self, start, row_price[start], column_price);
            let free = loop {
                let Some((d, j)) = search.nearest() else {
                    return Err(FlowError::Infeasible);
                };
                let i = row_of[j];
                if i == NONE {
                    break j;
                }
                search.relax(self, i as usize, d + row_price[i as usize], column_price);
            };
            // Prices move by how much nearer than the free column each scanned node is, keeping
            // every reduced cost non-negative and the new path's arcs at zero.
            let last = search.scanned.last().map_or(0, |&(_, d)| d);
            row_price[start] -= last;
            for &(j, d) in &search.scanned {
                let shift = d - last;
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
        Ok(())
    }

    /// The row a row–column arc leaves.
    fn arc_row(&self, k: usize) -> usize {
        self.first.partition_point(|&f| f <= k) - 1
    }
}

/// Prices and a partial matching: reduced cost of arc k from row i to column j is
/// cost + row_price\[i\] − column_price\[j\] ≥ 0, and 0 on every matched arc.
struct Matching {
    row_price: Vec<i64>,
    column_price: Vec<i64>,
    /// The row matched to each column, or `NONE`.
    row_of: Vec<u32>,
    /// The arc each row is matched by, or `usize::MAX`.
    arc_of: Vec<usize>,
}

/// One Dijkstra's state over the columns, kept between searches and reset by what it touched.
struct Search {
    /// Tentative distance of each column: `i64::MAX` not reached, `i64::MIN` done (its distance
    /// is then in `scanned`), so that one comparison tells whether an arc improves on it.
    distance: Vec<i64>,
    /// The row–column arc that reached each column.
    via: Vec<usize>,
    /// Columns done, in order, with their distances.
    scanned: Vec<(usize, i64)>,
    /// Columns reached in this search, to reset.
    reached: Vec<usize>,
    heap: BinaryHeap<Reverse<(i64, u32)>>,
}

impl Search {
    fn new(columns: usize) -> Self {
        Search {
            distance: vec![i64::MAX; columns],
            via: vec![usize::MAX; columns],
            scanned: Vec::new(),
            reached: Vec::new(),
            heap: BinaryHeap::new(),
        }
    }

    /// Relaxes the arcs of `row`, whose distance plus price is `offset`.
    fn relax(&mut self, assignment: &Assignment, row: usize, offset: i64, column_price: &[i64]) {
        let arcs = assignment.first[row]..assignment.first[row + 1];
        for ((&j, &cost), k) in assignment.column[arcs.clone()]
            .iter()
            .zip(&assignment.cost[arcs.clone()])
            .zip(arcs)
        {
            let j = j as usize;
            let d = offset + cost - column_price[j];
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

    /// The nearest column reached and not yet done (the lowest of equals), with its distance,
    /// now done.
    fn nearest(&mut self) -> Option<(i64, usize)> {
        loop {
            let Reverse((d, j)) = self.heap.pop()?;
            let j = j as usize;
            if d == self.distance[j] {
                self.distance[j] = i64::MIN;
                self.scanned.push((j, d));
                return Some((d, j));
            }
        }
    }

    /// Forgets this search, touching only the columns it reached.
    fn reset(&mut self) {
        for &j in &self.reached {
            self.distance[j] = i64::MAX;
        }
        self.reached.clear();
        self.scanned.clear();
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
                            .map(|(f, a)| (a.head() == v) as i64 * f - (a.tail() == v) as i64 * f)
                            .sum();
                        prop_assert_eq!(net, 0, "conservation at {}", v);
                    }
                }
                (Err(FlowError::Infeasible), Err(FlowError::Infeasible)) => {}
                (a, b) => prop_assert!(false, "{a:?} / {b:?}"),
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Rows enough for the row reduction to displace rows in chains, and costs from a few
        /// values so that its ties (the step that could cycle) come up often.
        #[test]
        fn larger_assignments_with_many_ties_reach_the_shortest_paths_optimum(
            (rows, columns, costs) in (8..40usize, 0..6usize, 2..12i64).prop_flat_map(|(r, extra, spread)| {
                let line = prop::collection::vec(prop::option::weighted(0.7, 0..spread), r + extra);
                (Just(r), Just(r + extra), prop::collection::vec(line, r))
            }),
        ) {
            let flow = network(rows, columns, &costs, false, 0);
            let connected = (0..columns).all(|j| costs.iter().any(|line| line[j].is_some()));
            prop_assert!(recognise(flow.nodes, &flow.arcs).is_some() || !connected);
            match (flow.solve(), flow.solve_by_shortest_paths(None)) {
                (Ok(found), Ok(reference)) => {
                    prop_assert_eq!(flow.cost_of(&found), flow.cost_of(&reference));
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
