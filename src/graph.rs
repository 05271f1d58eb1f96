//! Who may help whom, as a petgraph graph of districts, units, counties, helpers and recipients.
//!
//! The graph answers structural questions before any LP is built: which recipients no helper can
//! reach at all, which counties depend on districts other than their paired one, and — by a maximum
//! flow and its minimum cut — which set of counties needs more than the districts able to serve it
//! can give. The LP builder takes its district → county eligibility from here.

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
        add_eligible_districts(&mut graph, instance, (&districts, &counties), &serves);
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

    /// Recipients that need service (see [`Instance::needs_service`]) but that no helper can serve at
    /// all (no allowed pair, or their county has no eligible district).
    pub fn unreachable_recipients(&self, instance: &Instance) -> Vec<RecipientId> {
        let mut found = self.recipients_without_helpers();
        found.retain(|&r| instance.needs_service(r));
        found
    }

    fn recipients_without_helpers(&self) -> Vec<RecipientId> {
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

    /// Counties that have recipients needing service but whose paired district cannot serve them (it
    /// holds no quota or has no helpers), so that every one of them must be served off the map.
    pub fn counties_without_paired_service(&self, instance: &Instance) -> Vec<CountyId> {
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
                .any(|e| matches!(self.graph[e.source()], Node::Recipient(r) if instance.needs_service(r)));
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

/// An edge from each district that has a usable helper (`serves`) to each county it may serve:
/// its paired counties, and every county where off-map pairings are allowed.
fn add_eligible_districts(
    graph: &mut DiGraph<Node, Relation>,
    instance: &Instance,
    (districts, counties): (&[NodeIndex], &[NodeIndex]),
    serves: &[bool],
) {
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
}

/// Who needs supply in a [`SupplyShortfall`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Needing {
    /// The recipients of a county (`None`: those outside the map).
    County(Option<CountyId>),
    /// One recipient (candidate-pair programs).
    Recipient(RecipientId),
}

/// Who gives supply in a [`SupplyShortfall`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Serving {
    /// The usable helpers of a district (`None`: city-level helpers).
    District(Option<DistrictId>),
    /// One helper (candidate-pair programs).
    Helper(HelperId),
}

/// A set of recipients (by county, or one by one) that need more than everyone who may serve them
/// can give (Hall's condition, read off a minimum cut): a certificate that no plan exists.
#[derive(Debug, Clone, PartialEq)]
pub struct SupplyShortfall {
    /// Those on the source side of the cut.
    pub needing: Vec<Needing>,
    /// What they need at least, in pairings or units.
    pub needed: u64,
    /// Everyone who may serve them.
    pub serving: Vec<Serving>,
    /// What those can give at most, by quota and capacity.
    pub available: u64,
}

impl PairingGraph {
    /// Compares, by a maximum flow, what each set of recipients needs with what those who may serve
    /// them can give: per county and district (the district's quota, else under a capacity rule its
    /// usable helpers' capacity), or per recipient and helper under a candidate-pairs rule. The flow
    /// network relaxes the program (it ignores units, pairs and the rule that one helper serves a
    /// recipient once), so a shortfall it finds is a proof that no plan exists; `None` means none was
    /// found this way.
    pub fn supply_shortfall(&self, instance: &Instance) -> Option<SupplyShortfall> {
        let allotment = instance.is_allotment();
        let least = |r: usize| {
            u64::from(if allotment {
                instance.unit_bounds(RecipientId(r)).0
            } else {
                instance.coverage().0
            })
        };
        let mut need: BTreeMap<Needing, u64> = BTreeMap::new();
        for (r, recipient) in instance.recipients.iter().enumerate() {
            let key = if self.candidates_only {
                Needing::Recipient(RecipientId(r))
            } else {
                Needing::County(recipient.county)
            };
            *need.entry(key).or_default() += least(r);
        }
        let total: u64 = need.values().sum();
        let unbounded = total + 1;
        let mut give: BTreeMap<Serving, u64> = BTreeMap::new();
        for (h, helper) in instance.helpers.iter().enumerate() {
            if instance.helper_usable(HelperId(h)) {
                let capacity = if instance.has_capacity_rule() {
                    u64::from(helper.capacity)
                } else {
                    unbounded
                };
                let key = if self.candidates_only {
                    Serving::Helper(HelperId(h))
                } else {
                    Serving::District(helper.district)
                };
                let entry = give.entry(key).or_default();
                *entry = (*entry + capacity).min(unbounded);
            }
        }
        for (server, available) in give.iter_mut() {
            if let Serving::District(Some(d)) = server {
                if let Some(quota) = instance.quota_of(*d) {
                    *available = (*available).min(u64::from(quota));
                }
            }
        }
        let mut edges: Vec<(Needing, Serving)> = Vec::new();
        for &needing in need.keys() {
            match needing {
                Needing::Recipient(r) => edges.extend(
                    self.graph
                        .edges_directed(self.recipients[r.0], Direction::Incoming)
                        .filter_map(|e| match (e.weight(), self.graph[e.source()]) {
                            (Relation::Candidate, Node::Helper(h)) => {
                                Some((needing, Serving::Helper(h)))
                            }
                            _ => None,
                        }),
                ),
                Needing::County(Some(c)) => edges.extend(
                    self.eligible_districts(c)
                        .into_iter()
                        .map(|(d, _)| (needing, Serving::District(Some(d)))),
                ),
                // Outside the map any usable helper may serve, city-level ones included.
                Needing::County(None) => edges.extend(give.keys().map(|&s| (needing, s))),
            }
        }
        min_cut(&need, &give, &edges, unbounded)
    }
}

/// Solves the bipartite supply network by a maximum flow (petgraph's Dinic) and, when the needs
/// cannot all be met, reads the source side of a minimum cut from the residual network.
fn min_cut(
    need: &BTreeMap<Needing, u64>,
    give: &BTreeMap<Serving, u64>,
    edges: &[(Needing, Serving)],
    unbounded: u64,
) -> Option<SupplyShortfall> {
    let mut network: DiGraph<(), u64> = DiGraph::new();
    let source = network.add_node(());
    let sink = network.add_node(());
    let mut needing_nodes = BTreeMap::new();
    for (&key, &needed) in need {
        let node = network.add_node(());
        network.add_edge(source, node, needed);
        needing_nodes.insert(key, node);
    }
    let mut serving_nodes = BTreeMap::new();
    for (&key, &available) in give {
        let node = network.add_node(());
        network.add_edge(node, sink, available);
        serving_nodes.insert(key, node);
    }
    for (from, to) in edges {
        if let (Some(&a), Some(&b)) = (needing_nodes.get(from), serving_nodes.get(to)) {
            network.add_edge(a, b, unbounded);
        }
    }
    let (flow, flows) = petgraph::algo::dinics(&network, source, sink);
    if flow >= need.values().sum() {
        return None;
    }
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
    let needing: Vec<Needing> = needing_nodes
        .iter()
        .filter(|(_, node)| reached[node.index()])
        .map(|(&key, _)| key)
        .collect();
    let serving: Vec<Serving> = serving_nodes
        .iter()
        .filter(|(_, node)| reached[node.index()])
        .map(|(&key, _)| key)
        .collect();
    Some(SupplyShortfall {
        needed: needing.iter().map(|k| need[k]).sum(),
        available: serving.iter().map(|k| give[k]).sum(),
        needing,
        serving,
    })
}
