//! A program as a min-cost-flow network — the same groups, pools, arcs and costs as the LP of
//! [`crate::model`], with the rules as arc bounds — solved exactly by [`crate::mcf`]. It is the fast
//! path for programs that are pure networks; a program that counts pairs, whose unit minimums cross
//! districts, or whose costs do not scale to integers is left to the LP ([`NotANetwork`] says why).
//!
//! The network: source → group (its coverage or units) → helper directly or through a pool → the
//! helper's gate (partners) → balance steps (one arc per unit of load, cost `(2k − 1) / capacity`)
//! → the helper's unit or its district's "no unit" node → district (quota) → total (program total)
//! → back to the source. Every bound is an arc bound, so an integral optimum exists and the solver
//! finds it.

use std::collections::BTreeMap;

use crate::domain::{Count, DistrictId, HelperId, Instance, Rule, UnitId};
use crate::graph::PairingGraph;
use crate::mcf::{MinCostFlow, UNBOUNDED};
use crate::model::{self, Arc, Flow, Pool, SkillPools};

/// A program's network, with what each tagged arc carries.
pub struct Network {
    /// The network.
    pub flow: MinCostFlow,
    /// Arcs that carry pairings, with their meaning, in the order the LP would list them.
    pub tagged: Vec<(usize, Flow)>,
    /// The recipient groups.
    pub groups: Vec<model::RecipientGroup>,
    /// Costs were multiplied by this to make them integers.
    pub scale: f64,
    /// Nodes and arcs, for the summary.
    pub size: (usize, usize),
}

/// Costs are made integers by this factor times the capacities' least common multiple.
const COST_DIGITS: f64 = 1000.0;

/// The largest common multiple of capacities the flow path takes: with costs to three decimals and
/// loads in the thousands, sums stay far inside 64 bits (a path's cost is at most a few arcs' worth;
/// the total is summed in 128 bits).
const MOST_MULTIPLE: u64 = 100_000_000_000_000;

/// Why a program is not a pure network, so that the LP solves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotANetwork {
    /// An allotment that also counts pairs (院包科 with person-times): a pair exists when it carries
    /// a unit, which takes a binary per pair.
    PairsCounted,
    /// A unit's helpers in another district than the unit's own: its minimum bounds no single arc.
    UnitAcrossDistricts {
        /// The unit.
        unit: String,
    },
    /// A weight with more than three decimals, or balance over capacities whose common multiple
    /// passes 10^14: no exact integer costs.
    CostsNotExact,
}

impl std::fmt::Display for NotANetwork {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotANetwork::PairsCounted => {
                write!(f, "pairs are counted as well as units, a binary per pair")
            }
            NotANetwork::UnitAcrossDistricts { unit } => {
                write!(f, "{unit} has helpers in other districts than its own")
            }
            NotANetwork::CostsNotExact => {
                write!(f, "the weights and capacities give no exact integer costs")
            }
        }
    }
}

/// Builds the network of an instance, or says why the program is not a pure network.
pub fn build(instance: &Instance, graph: &PairingGraph) -> Result<Network, NotANetwork> {
    if instance.counts_pairs() {
        return Err(NotANetwork::PairsCounted);
    }
    // A unit minimum is a bound on one arc only if the unit's helpers are all in its district.
    for helper in &instance.helpers {
        if let (Some(unit), Some(district)) = (helper.unit, helper.district) {
            if instance.units[unit.0].district != district {
                return Err(NotANetwork::UnitAcrossDistricts {
                    unit: instance.units[unit.0].name.clone(),
                });
            }
        }
    }
    let not_exact = NotANetwork::CostsNotExact;
    // Costs in exact integers: every weight to COST_DIGITS decimals, times the capacities' least
    // common multiple so that each balance step (2k − 1) / capacity is whole.
    let multiple = capacity_multiple(instance).ok_or(not_exact.clone())?;
    let digits = |cost: f64| -> Option<i64> {
        let scaled = cost * COST_DIGITS;
        let rounded = scaled.round();
        ((scaled - rounded).abs() <= 1e-6 * rounded.abs().max(1.0) && rounded >= 0.0)
            .then_some(rounded as i64)
    };
    let integer = |cost: f64| digits(cost)?.checked_mul(multiple);
    let balance = digits(instance.costs.balance).ok_or(not_exact.clone())?;
    let scale = multiple as f64 * COST_DIGITS;

    let mut flow = MinCostFlow::new();
    let source = flow.add_node();
    let total = flow.add_node();
    let sink = flow.add_node();
    let program_total = instance.rules.iter().find_map(|rule| match rule {
        Rule::TotalUnits { total } => Some(i64::from(*total)),
        _ => None,
    });
    let (least, most) = program_total.map_or((0, UNBOUNDED), |t| (t, t));
    flow.add_arc(total, sink, least, most, 0);
    flow.add_arc(sink, source, 0, UNBOUNDED, 0);

    // Districts (quota), their units (minimum) and "no unit" nodes; city-level helpers go straight
    // to the total.
    let quotas = instance.district_quotas();
    let district_nodes: Vec<usize> = (0..instance.districts.len())
        .map(|d| {
            let node = flow.add_node();
            let (least, most) = match quotas {
                Some(q) => {
                    let quota = i64::from(q.get(&DistrictId(d)).copied().unwrap_or(0));
                    (quota, quota)
                }
                None => (0, UNBOUNDED),
            };
            flow.add_arc(node, total, least, most, 0);
            node
        })
        .collect();
    let no_unit: Vec<usize> = district_nodes
        .iter()
        .map(|&d| {
            let node = flow.add_node();
            flow.add_arc(node, d, 0, UNBOUNDED, 0);
            node
        })
        .collect();
    let minimums: BTreeMap<UnitId, Count> = instance
        .rules
        .iter()
        .find_map(|rule| match rule {
            Rule::UnitMinimum { minimums } => Some(minimums.clone()),
            _ => None,
        })
        .unwrap_or_default();
    let unit_nodes: Vec<usize> = instance
        .units
        .iter()
        .enumerate()
        .map(|(u, unit)| {
            let node = flow.add_node();
            let least = i64::from(minimums.get(&UnitId(u)).copied().unwrap_or(0));
            flow.add_arc(node, district_nodes[unit.district.0], least, UNBOUNDED, 0);
            node
        })
        .collect();

    // Helpers: an entry, a gate bounding partners, then the load steps (or one arc) onwards.
    let groups = model::recipient_groups(instance);
    let most_per_member = groups
        .iter()
        .map(|g| model::group_bounds(instance, g).per_member)
        .max()
        .unwrap_or(0);
    let capacity_bound = instance.has_capacity_rule();
    let partners = instance.helper_partners().map(i64::from);
    let mut helper_entry = Vec::with_capacity(instance.helpers.len());
    for (h, helper) in instance.helpers.iter().enumerate() {
        let entry = flow.add_node();
        let gate = flow.add_node();
        helper_entry.push(entry);
        flow.add_arc(entry, gate, 0, partners.unwrap_or(UNBOUNDED), 0);
        let onward = match (helper.unit, helper.district) {
            (Some(u), _) => unit_nodes[u.0],
            (None, Some(d)) => no_unit[d.0],
            (None, None) => total,
        };
        match model::balance_steps(instance, HelperId(h), most_per_member) {
            Some(steps) => {
                // The k-th step exactly: balance · (2k − 1) · (multiple / capacity).
                let per_step = multiple / i64::from(helper.capacity);
                for k in 1..=steps.len() as i64 {
                    let cost = balance
                        .checked_mul(2 * k - 1)
                        .and_then(|c| c.checked_mul(per_step))
                        .ok_or(not_exact.clone())?;
                    flow.add_arc(gate, onward, 0, 1, cost);
                }
            }
            None => {
                let most = if capacity_bound {
                    i64::from(helper.capacity)
                } else {
                    UNBOUNDED
                };
                flow.add_arc(gate, onward, 0, most, 0);
            }
        }
    }

    // Groups and their arcs, then the pools' arcs to helpers, in the LP's order.
    let helpers_of = model::helpers_by_district(instance);
    let skill_pools = SkillPools::of(instance, &helpers_of);
    let pinned = instance.pinned_recipients();
    let mut tagged = Vec::new();
    let mut pools: BTreeMap<Pool, usize> = BTreeMap::new();
    for (g, group) in groups.iter().enumerate() {
        let bounds = model::group_bounds(instance, group);
        let node = flow.add_node();
        flow.add_arc(
            source,
            node,
            i64::from(bounds.needs),
            i64::from(bounds.takes),
            0,
        );
        let recipient = group.members[0];
        let each_pair = pinned.contains(&recipient);
        for arc in model::arcs(
            instance,
            graph,
            group,
            &helpers_of,
            each_pair,
            skill_pools.as_ref(),
        ) {
            match arc {
                Arc::Direct { helper, cost } => {
                    let kept = instance
                        .fixed_pairs()
                        .is_some_and(|f| f.contains(&(recipient, helper)));
                    let index = flow.add_arc(
                        node,
                        helper_entry[helper.0],
                        i64::from(kept),
                        i64::from(bounds.per_arc),
                        integer(cost).ok_or(not_exact.clone())?,
                    );
                    tagged.push((index, Flow::Direct { group: g, helper }));
                }
                Arc::ToPool { pool, cost } => {
                    let pool_node = *pools.entry(pool).or_insert_with(|| flow.add_node());
                    let index = flow.add_arc(
                        node,
                        pool_node,
                        0,
                        i64::from(bounds.takes),
                        integer(cost).ok_or(not_exact.clone())?,
                    );
                    tagged.push((index, Flow::ToPool { group: g, pool }));
                }
            }
        }
    }
    for (&pool, &pool_node) in &pools {
        let (_, helpers) = model::pool_helpers(instance, &helpers_of, skill_pools.as_ref(), pool);
        for helper in helpers {
            let index = flow.add_arc(pool_node, helper_entry[helper.0], 0, UNBOUNDED, 0);
            tagged.push((index, Flow::FromPool { pool, helper }));
        }
    }
    let size = flow.size();
    Ok(Network {
        flow,
        tagged,
        groups,
        scale,
        size,
    })
}

/// The least common multiple of the capacities that balance steps divide by, or `None` when it
/// passes [`MOST_MULTIPLE`] (the LP handles such a program).
fn capacity_multiple(instance: &Instance) -> Option<i64> {
    let mut multiple: u64 = 1;
    if instance.costs.balance > 0.0 && instance.has_capacity_rule() {
        for helper in &instance.helpers {
            let capacity = u64::from(helper.capacity.max(1));
            multiple = (multiple / gcd(multiple, capacity)).checked_mul(capacity)?;
            if multiple > MOST_MULTIPLE {
                return None;
            }
        }
    }
    i64::try_from(multiple).ok()
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// Solves the network: the flow on each tagged arc, and the objective in the LP's units; an error
/// when the bounds cannot all hold or the deadline passes first.
pub fn solve(
    network: &Network,
    deadline: Option<std::time::Instant>,
) -> Result<(Vec<(Flow, Count)>, f64), crate::mcf::FlowError> {
    let flows = network.flow.solve_until(deadline)?;
    let objective = network.flow.cost_of(&flows) as f64 / network.scale;
    let tagged = network
        .tagged
        .iter()
        .map(|&(index, what)| (what, u32::try_from(flows[index]).unwrap_or(u32::MAX)))
        .collect();
    Ok((tagged, objective))
}
