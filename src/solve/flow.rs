//! The flow backend: a [`Description`] that is a pure network, with every cost made an exact
//! integer, solved by [`crate::mcf`]'s min-cost flow. Costs are weights to three decimals over
//! capacities (the balance steps), so each is scaled by 1000 times the capacities' least common
//! multiple; a description whose costs do not scale so is left to the LP.

use crate::mcf::{FlowError, MinCostFlow};
use crate::model::{Description, NotANetwork, UnitCost, UNBOUNDED};

/// Costs are made integers by this factor times the denominators' least common multiple.
const COST_DIGITS: f64 = 1000.0;

/// The largest common multiple of capacities the flow path takes: with costs to three decimals and
/// loads in the thousands, sums stay far inside 64 bits (a path's cost is at most a few arcs' worth;
/// the total is summed in 128 bits).
const MOST_MULTIPLE: u64 = 100_000_000_000_000;

/// A description as a min-cost-flow network with exact integer costs, and the factor the costs were
/// multiplied by.
pub struct Network {
    /// The network: node and arc indices are the description's.
    pub flow: MinCostFlow,
    /// Integer cost = cost × scale: 1000 times the capacities' least common multiple, so that a
    /// cost `weight / per` is `weight × 1000 × multiple / per` in integers.
    pub scale: f64,
}

/// The network of a description, or why it is none.
pub fn network(description: &Description) -> Result<Network, NotANetwork> {
    if let Some(why) = &description.not_a_network {
        return Err(why.clone());
    }
    if !description.binaries.is_empty() || !description.side.is_empty() {
        return Err(NotANetwork::PairsCounted);
    }
    let mut multiple: u64 = 1;
    for arc in description.arcs.iter().filter(|a| a.cost.weight != 0.0) {
        let per = u64::from(arc.cost.per.max(1));
        multiple = (multiple / gcd(multiple, per))
            .checked_mul(per)
            .filter(|&m| m <= MOST_MULTIPLE)
            .ok_or(NotANetwork::CostsNotExact)?;
    }
    let multiple = i64::try_from(multiple).map_err(|_| NotANetwork::CostsNotExact)?;
    let mut flow = MinCostFlow::with_capacity(description.arcs.len());
    for _ in 0..description.nodes.len() {
        flow.add_node();
    }
    for arc in &description.arcs {
        let cost = integer_cost(arc.cost, multiple).ok_or(NotANetwork::CostsNotExact)?;
        flow.add_arc(arc.from, arc.to, arc.lower, arc.upper.min(UNBOUNDED), cost);
    }
    Ok(Network {
        flow,
        scale: multiple as f64 * COST_DIGITS,
    })
}

/// A cost in the network's integers, when it is one.
fn integer_cost(cost: UnitCost, multiple: i64) -> Option<i64> {
    exact_thousandths(cost.weight)?.checked_mul(multiple / i64::from(cost.per.max(1)))
}

/// A weight in whole thousandths, when it is one (at most three decimals; negative for the reward
/// of keeping last year's pairing).
fn exact_thousandths(weight: f64) -> Option<i64> {
    let scaled = weight * COST_DIGITS;
    let rounded = scaled.round();
    ((scaled - rounded).abs() <= 1e-6 * rounded.abs().max(1.0)).then_some(rounded as i64)
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// Solves `network` exactly: the flow on every arc, and the objective. The network is let go as the
/// solver lays it out (its arcs and the solver's at once would be the run's peak); the objective is
/// summed in the network's own integers, so the description's arcs need not be held meanwhile.
pub fn solve(
    network: Network,
    deadline: Option<std::time::Instant>,
) -> Result<(Vec<i64>, f64), FlowError> {
    let scale = network.scale;
    let costs = network.flow.costs();
    let flows = network.flow.into_flows(deadline)?;
    let cost: i128 = costs
        .iter()
        .zip(&flows)
        .map(|(&cost, &flow)| i128::from(cost) * i128::from(flow))
        .sum();
    Ok((flows, cost as f64 / scale))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_one_to_one_program_is_solved_as_an_assignment() {
        let instance = crate::testkit::one_to_one(&[vec![4, 1, 3], vec![2, 0, 5], vec![3, 2, 2]]);
        let graph = crate::graph::PairingGraph::build(&instance);
        let description = crate::model::describe(&instance, &graph);
        let network = super::network(&description).expect("a network");
        assert!(network.flow.is_assignment());
        let found = network.flow.solve().expect("feasible");
        assert_eq!(network.flow.cost_of(&found) as f64 / network.scale, 5.0);
    }
}
