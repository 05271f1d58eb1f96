//! Who may help whom, as a petgraph graph of districts, units, counties, helpers and recipients.
//!
//! The graph answers structural questions before any LP is built: which recipients no helper can
//! reach at all, and which counties depend on districts other than their paired one. The LP builder
//! takes its district → county eligibility from here.

use std::collections::BTreeMap;

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;

use crate::domain::{CountyId, DistrictId, HelperId, Instance, RecipientId, UnitId};

/// A node: one thing of the instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    /// A district (区).
    District(DistrictId),
    /// A city unit (市级单位).
    Unit(UnitId),
    /// A county of the pairing map.
    County(CountyId),
    /// A helper.
    Helper(HelperId),
    /// A recipient.
    Recipient(RecipientId),
}

/// A relation between two nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// Helper → district, recipient → county: where it belongs.
    BelongsTo,
    /// County → district: the pairing map (对口帮扶关系).
    PairedWith,
    /// Helper → unit: mobilised through a city unit.
    MobilisedBy,
    /// Unit → district: the unit's linked district.
    LinkedTo,
    /// District → county: the district's helpers may serve the county's recipients.
    EligibleFor {
        /// Whether this follows the pairing map.
        on_map: bool,
    },
    /// Helper → recipient: an allowed candidate pair, which replaces district eligibility.
    Candidate,
}

/// The relation graph of an instance.
#[derive(Debug)]
pub struct PairingGraph {
    /// The graph itself.
    pub graph: DiGraph<Node, Relation>,
    counties: Vec<NodeIndex>,
    recipients: Vec<NodeIndex>,
    // Eligibility comes from candidate pairs alone; the pairing map does not decide it.
    candidates_only: bool,
    // Some helper can take recipients; those outside the map may go to any such helper.
    any_usable: bool,
}

impl PairingGraph {
    /// Builds the graph. Under a candidate-pairs rule, each allowed pair with a usable helper is an
    /// edge. Otherwise a district is eligible for a county when it has a usable helper (capacity,
    /// and a quota if the program sets quotas) and either is the county's paired district or
    /// off-map pairings are allowed.
    pub fn build(instance: &Instance) -> Self {
        let mut graph = DiGraph::new();
        let districts: Vec<_> = (0..instance.districts.len())
            .map(|d| graph.add_node(Node::District(DistrictId(d))))
            .collect();
        let units: Vec<_> = (0..instance.units.len())
            .map(|u| graph.add_node(Node::Unit(UnitId(u))))
            .collect();
        let counties: Vec<_> = (0..instance.counties.len())
            .map(|c| graph.add_node(Node::County(CountyId(c))))
            .collect();
        for (u, unit) in instance.units.iter().enumerate() {
            graph.add_edge(units[u], districts[unit.district.0], Relation::LinkedTo);
        }
        for (c, county) in instance.counties.iter().enumerate() {
            graph.add_edge(
                counties[c],
                districts[county.paired_district.0],
                Relation::PairedWith,
            );
        }
        let mut serves = vec![false; instance.districts.len()];
        let mut any_usable = false;
        let mut helper_nodes = Vec::with_capacity(instance.helpers.len());
        for (h, helper) in instance.helpers.iter().enumerate() {
            let node = graph.add_node(Node::Helper(HelperId(h)));
            helper_nodes.push(node);
            if let Some(district) = helper.district {
                graph.add_edge(node, districts[district.0], Relation::BelongsTo);
                serves[district.0] |= instance.helper_usable(HelperId(h));
            }
            any_usable |= instance.helper_usable(HelperId(h));
            if let Some(unit) = helper.unit {
                graph.add_edge(node, units[unit.0], Relation::MobilisedBy);
            }
        }
        let mut recipient_nodes = Vec::with_capacity(instance.recipients.len());
        for (r, recipient) in instance.recipients.iter().enumerate() {
            let node = graph.add_node(Node::Recipient(RecipientId(r)));
            recipient_nodes.push(node);
            if let Some(county) = recipient.county {
                graph.add_edge(node, counties[county.0], Relation::BelongsTo);
            }
        }
        if let Some(costs) = instance.allowed_pairs() {
            for &(recipient, helper) in costs.keys() {
                if instance.helper_usable(helper) {
                    graph.add_edge(
                        helper_nodes[helper.0],
                        recipient_nodes[recipient.0],
                        Relation::Candidate,
                    );
                }
            }
            return PairingGraph {
                graph,
                counties,
                recipients: recipient_nodes,
                candidates_only: true,
                any_usable,
            };
        }
        for (d, &district_node) in districts.iter().enumerate() {
            if !serves[d] {
                continue;
            }
            for (c, county) in instance.counties.iter().enumerate() {
                let on_map = county.paired_district.0 == d;
                if on_map || instance.costs.off_map.is_some() {
                    graph.add_edge(district_node, counties[c], Relation::EligibleFor { on_map });
                }
            }
        }
        PairingGraph {
            graph,
            counties,
            recipients: recipient_nodes,
            candidates_only: false,
            any_usable,
        }
    }

    /// The districts whose helpers may serve a county, with whether each is on the map, by district id.
    pub fn eligible_districts(&self, county: CountyId) -> Vec<(DistrictId, bool)> {
        let mut found: Vec<_> = self
            .graph
            .edges_directed(self.counties[county.0], Direction::Incoming)
            .filter_map(|edge| match (edge.weight(), self.graph[edge.source()]) {
                (Relation::EligibleFor { on_map }, Node::District(d)) => Some((d, *on_map)),
                _ => None,
            })
            .collect();
        found.sort();
        found
    }

    /// Recipients that no helper can serve at all (their county has no eligible district).
    pub fn unreachable_recipients(&self) -> Vec<RecipientId> {
        if self.candidates_only {
            return (0..self.recipients.len())
                .filter(|&r| {
                    !self
                        .graph
                        .edges_directed(self.recipients[r], Direction::Incoming)
                        .any(|e| *e.weight() == Relation::Candidate)
                })
                .map(RecipientId)
                .collect();
        }
        let mut found = Vec::new();
        if !self.any_usable {
            // Recipients outside the map have nobody either.
            found.extend(self.recipients.iter().filter_map(|&node| {
                match self.graph[node] {
                    Node::Recipient(r)
                        if !self
                            .graph
                            .edges(node)
                            .any(|e| *e.weight() == Relation::BelongsTo) =>
                    {
                        Some(r)
                    }
                    _ => None,
                }
            }));
        }
        for &county_node in &self.counties {
            let Node::County(county) = self.graph[county_node] else {
                continue;
            };
            if !self.eligible_districts(county).is_empty() {
                continue;
            }
            for edge in self.graph.edges_directed(county_node, Direction::Incoming) {
                if let (Relation::BelongsTo, Node::Recipient(r)) =
                    (edge.weight(), self.graph[edge.source()])
                {
                    found.push(r);
                }
            }
        }
        found.sort();
        found
    }

    /// Counties that have recipients but whose paired district cannot serve them (it holds no quota
    /// or has no helpers), so that every one of their recipients must be served off the map.
    pub fn counties_without_paired_service(&self) -> Vec<CountyId> {
        let mut found = Vec::new();
        if self.candidates_only {
            return found;
        }
        for &county_node in &self.counties {
            let Node::County(county) = self.graph[county_node] else {
                continue;
            };
            let has_recipients = self
                .graph
                .edges_directed(county_node, Direction::Incoming)
                .any(|e| matches!(self.graph[e.source()], Node::Recipient(_)));
            let paired_serves = self
                .eligible_districts(county)
                .iter()
                .any(|(_, on_map)| *on_map);
            if has_recipients && !paired_serves {
                found.push(county);
            }
        }
        found
    }
}

/// A set of counties whose recipients need more than every district that may serve them can give
/// (Hall's condition, read off a minimum cut): a certificate that no plan exists.
#[derive(Debug, Clone, PartialEq)]
pub struct SupplyShortfall {
    /// The counties (and `None` for recipients outside the map) on the source side of the cut.
    pub counties: Vec<Option<CountyId>>,
    /// What their recipients need at least, in pairings or units.
    pub needed: u64,
    /// The districts that may serve them (`None`: city-level helpers).
    pub districts: Vec<Option<DistrictId>>,
    /// What those districts can give at most, by quota and capacity.
    pub available: u64,
}

impl PairingGraph {
    /// Compares, by a maximum flow, what the recipients of each set of counties need with what the
    /// districts that may serve them can give — the district quota, else (under a capacity rule) its
    /// usable helpers' capacity. The flow network relaxes the program (it ignores units, pairs and
    /// the rule that one helper serves a recipient once), so a shortfall it finds is a proof that no
    /// plan exists; `None` means none was found this way. Candidate-pair programs are not covered.
    pub fn supply_shortfall(&self, instance: &Instance) -> Option<SupplyShortfall> {
        if self.candidates_only {
            return None;
        }
        let allotment = instance.is_allotment();
        let mut need: BTreeMap<Option<CountyId>, u64> = BTreeMap::new();
        for (r, recipient) in instance.recipients.iter().enumerate() {
            let least = if allotment {
                instance.unit_bounds(RecipientId(r)).0
            } else {
                instance.coverage().0
            };
            *need.entry(recipient.county).or_default() += u64::from(least);
        }
        let total: u64 = need.values().sum();
        let unbounded = total + 1;
        let mut give: BTreeMap<Option<DistrictId>, u64> = BTreeMap::new();
        for (h, helper) in instance.helpers.iter().enumerate() {
            if instance.helper_usable(HelperId(h)) {
                let capacity = if instance.has_capacity_rule() {
                    u64::from(helper.capacity)
                } else {
                    unbounded
                };
                let entry = give.entry(helper.district).or_default();
                *entry = (*entry + capacity).min(unbounded);
            }
        }
        for (district, available) in give.iter_mut() {
            if let Some(quota) = district.and_then(|d| instance.quota_of(d)) {
                *available = (*available).min(u64::from(quota));
            }
        }

        let mut network: DiGraph<(), u64> = DiGraph::new();
        let source = network.add_node(());
        let sink = network.add_node(());
        let county_nodes: BTreeMap<Option<CountyId>, NodeIndex> = need
            .iter()
            .map(|(&county, &needed)| {
                let node = network.add_node(());
                network.add_edge(source, node, needed);
                (county, node)
            })
            .collect();
        let district_nodes: BTreeMap<Option<DistrictId>, NodeIndex> = give
            .iter()
            .map(|(&district, &available)| {
                let node = network.add_node(());
                network.add_edge(node, sink, available);
                (district, node)
            })
            .collect();
        for (&county, &node) in &county_nodes {
            let serving: Vec<Option<DistrictId>> = match county {
                Some(c) => self
                    .eligible_districts(c)
                    .into_iter()
                    .map(|(d, _)| Some(d))
                    .collect(),
                // Outside the map any usable helper may serve, city-level ones included.
                None => give.keys().copied().collect(),
            };
            for district in serving {
                if let Some(&to) = district_nodes.get(&district) {
                    network.add_edge(node, to, unbounded);
                }
            }
        }
        let (flow, flows) = petgraph::algo::dinics(&network, source, sink);
        if flow >= total {
            return None;
        }
        // The source side of a minimum cut: what the residual network still reaches.
        let mut reached = vec![false; network.node_count()];
        let mut stack = vec![source];
        reached[source.index()] = true;
        while let Some(node) = stack.pop() {
            let forward = network
                .edges_directed(node, Direction::Outgoing)
                .filter(|e| flows[e.id().index()] < *e.weight())
                .map(|e| e.target());
            let backward = network
                .edges_directed(node, Direction::Incoming)
                .filter(|e| flows[e.id().index()] > 0)
                .map(|e| e.source());
            let next: Vec<NodeIndex> = forward.chain(backward).collect();
            for to in next {
                if !reached[to.index()] {
                    reached[to.index()] = true;
                    stack.push(to);
                }
            }
        }
        let counties: Vec<Option<CountyId>> = county_nodes
            .iter()
            .filter(|(_, node)| reached[node.index()])
            .map(|(&county, _)| county)
            .collect();
        let districts: Vec<Option<DistrictId>> = district_nodes
            .iter()
            .filter(|(_, node)| reached[node.index()])
            .map(|(&district, _)| district)
            .collect();
        Some(SupplyShortfall {
            needed: counties.iter().map(|c| need[c]).sum(),
            available: districts.iter().map(|d| give[d]).sum(),
            counties,
            districts,
        })
    }
}
