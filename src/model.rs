//! A pairing program described for the solvers, once: a network (recipient groups, pools, helpers,
//! their units and districts, the total) with every rule as arc bounds, plus pair binaries and side
//! constraints where the rules need more than a network. Never solves: `solve::flow` and `solve::lp`
//! take the [`Description`] as data.
//!
//! Recipients that the rules and costs cannot tell apart (same county, same main trait) are pooled
//! into groups, so the LP has one variable per group and place to go rather than per recipient.
//! Groups meet again in [`Pool`]s: off-map flow passes through one pool per district, and, where
//! each recipient has at most one helper, on-map flow through two pools of the paired district —
//! its helpers with the group's trait as a skill (no cost) and any of its helpers (the mismatch
//! cost). A group then needs a few arcs instead of one per helper, and a helper one arc per pool it
//! is fed by, so the LP grows with groups plus helpers, not with their product. Load balance is a
//! convex piecewise-linear cost on each helper's load (the k-th recipient of a helper costs
//! `balance · (2k − 1) / capacity`, so the total is `balance · Σ load² / capacity`). Every
//! constraint is a flow conservation or a bound on a laminar family of arc sets (group, pool,
//! helper, unit ⊂ district), so the LP is a network flow and its vertex optimum is integral.
//!
//! One exception: an allotment whose rules count pairings as well as units (院包科: one department
//! per hospital, one hospital per department, any person-times between them) gets a binary per pair
//! and is solved by the backend's branch and bound. Such programs are small (tens of pairs); their
//! helpers are reached directly, without pools, so that each pair has its own binary.

use std::collections::{BTreeMap, BTreeSet};

use crate::domain::{
    Assignment, Count, CountyId, DistrictId, HelperId, Instance, Plan, RecipientId, Rule, UnitId,
};
use crate::graph::PairingGraph;

mod names;
mod one_change;
mod tag;
pub use names::NodeNames;
pub use one_change::Undo;

/// Recipients that are interchangeable for the model.
#[derive(Debug, Clone)]
pub struct RecipientGroup {
    /// Their county, if they lie on the pairing map.
    pub county: Option<CountyId>,
    /// Their main trait.
    pub main_trait: String,
    /// The members, sorted.
    pub members: Vec<RecipientId>,
}

/// A transshipment node of the LP: recipients of several groups, interchangeable for every helper
/// it feeds, meet there so that the LP needs one arc per group and pool plus one per pool and helper,
/// instead of one per group and helper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Pool {
    /// Recipients sent off the map to a district (any of its helpers, at the off-map cost).
    OffMap(DistrictId),
    /// On-map recipients of one main trait (an index into the sorted traits), for the district's
    /// helpers with that skill, at no cost.
    Skilled(DistrictId, usize),
    /// On-map recipients for any helper of the district, at the mismatch cost.
    AnyHelper(DistrictId),
}

/// What an arc (an LP variable) carries: the pairing it stands for, or a pool, a load step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Carries {
    /// Recipients of a group served by a helper of their county's paired district.
    Direct {
        /// Index into [`Part::groups`].
        group: usize,
        /// The helper.
        helper: HelperId,
    },
    /// Recipients of a group sent to a pool, where they wait for a helper.
    ToPool {
        /// Index into [`Part::groups`].
        group: usize,
        /// The pool.
        pool: Pool,
    },
    /// Recipients of a pool taken by a helper.
    FromPool {
        /// The pool.
        pool: Pool,
        /// The helper.
        helper: HelperId,
    },
    /// Whether a helper and the recipient of a group are paired at all (a binary), where an
    /// allotment's rules count pairings.
    Pairing {
        /// Index into [`Part::groups`]; in an allotment, one recipient.
        group: usize,
        /// The helper.
        helper: HelperId,
    },
    /// One step of a helper's load, for the balance cost.
    LoadStep {
        /// The helper.
        helper: HelperId,
    },
    /// Last year's pairing of a recipient, kept (`plan --previous`): the units it carries again.
    Kept {
        /// Index into [`Part::groups`].
        group: usize,
        /// The recipient it was.
        recipient: RecipientId,
        /// The helper it was.
        helper: HelperId,
    },
}

/// Groups recipients by county and main trait, in a stable order. Under a candidate-pairs rule every
/// recipient has candidates of its own, and in an allotment every recipient's units are its own, so
/// there each is its own group; so is a recipient named by a forbidden or fixed pair.
pub fn recipient_groups(instance: &Instance) -> Vec<RecipientGroup> {
    let own_group = instance.allowed_pairs().is_some() || instance.is_allotment();
    let pinned = instance.pinned_recipients();
    // (county, main trait, the recipient itself when it must stand alone)
    type GroupKey<'a> = (Option<CountyId>, &'a str, Option<RecipientId>);
    let mut by_key: BTreeMap<GroupKey, Vec<RecipientId>> = BTreeMap::new();
    for (r, recipient) in instance.recipients.iter().enumerate() {
        let alone = (own_group || pinned.contains(&RecipientId(r))).then_some(RecipientId(r));
        by_key
            .entry((recipient.county, recipient.main_trait.as_str(), alone))
            .or_default()
            .push(RecipientId(r));
    }
    by_key
        .into_iter()
        .map(|((county, main_trait, _), members)| RecipientGroup {
            county,
            main_trait: main_trait.to_string(),
            members,
        })
        .collect()
}

/// What a city unit costs a region's post, as a share of the off-map cost: the map pairs districts
/// with regions and says nothing of the city's departments, so they are not off it; but a region's
/// own districts are drawn on first (滨海新区 hosts 黄南's cadres before a department does), then
/// the departments, and other districts last.
pub const CITY_UNIT_SHARE_OF_OFF_MAP: f64 = 0.1;

/// The cost of one pairing, apart from balance. Under a candidate-pairs rule it is the candidate's
/// cost (infinite for a pair not allowed). Otherwise: the off-map cost for a pairing off the map, or
/// the mismatch cost when no skill of the helper matches the recipient's trait. (Off-map pairings
/// pass through a district hub, where skills are not matched.)
pub fn pairing_cost(instance: &Instance, helper: HelperId, recipient: RecipientId) -> f64 {
    if let Some(costs) = instance.allowed_pairs() {
        return costs
            .get(&(recipient, helper))
            .copied()
            .unwrap_or(f64::INFINITY);
    }
    if !instance.on_map(helper, recipient) {
        return instance.costs.off_map.unwrap_or(0.0);
    }
    if instance.beside_region(helper, recipient) {
        return instance.costs.off_map.unwrap_or(0.0) * CITY_UNIT_SHARE_OF_OFF_MAP;
    }
    if instance.skill_mismatch(helper, recipient) {
        instance.costs.trait_mismatch
    } else {
        0.0
    }
}

/// The model's objective for any plan: what the LP minimises, computed from the pairings alone.
pub fn plan_cost(instance: &Instance, plan: &Plan) -> f64 {
    let mut cost = 0.0;
    for a in &plan.assignments {
        cost += pairing_cost(instance, a.helper, a.recipient) * f64::from(a.units);
    }
    if instance.costs.balance > 0.0 && instance.has_capacity_rule() {
        cost += instance.costs.balance
            * instance.balance_sum(&plan.helper_loads(instance.helpers.len()));
    }
    cost
}

/// An arc bound that no flow reaches.
pub const UNBOUNDED: i64 = 1 << 40;

/// A cost per unit, `weight / per`: kept as a fraction so that the flow backend can make every cost
/// an exact integer (a balance step costs `balance · (2k − 1) / capacity`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnitCost {
    /// The numerator: a weight of the model, or a multiple of one.
    pub weight: f64,
    /// The denominator (a capacity for balance steps, else 1).
    pub per: u32,
}

impl UnitCost {
    /// No cost.
    pub const ZERO: UnitCost = UnitCost {
        weight: 0.0,
        per: 1,
    };

    /// A whole weight.
    pub fn of(weight: f64) -> Self {
        UnitCost { weight, per: 1 }
    }

    /// Its value.
    pub fn value(self) -> f64 {
        self.weight / f64::from(self.per)
    }
}

/// One arc of a [`Description`]: between `lower` and `upper` units at `cost` each.
#[derive(Debug, Clone, PartialEq)]
pub struct ArcSpec {
    /// Tail node.
    pub from: usize,
    /// Head node.
    pub to: usize,
    /// Least flow.
    pub lower: i64,
    /// Most flow ([`UNBOUNDED`] for none).
    pub upper: i64,
    /// Cost per unit.
    pub cost: UnitCost,
}

/// A variable of a side constraint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Term {
    /// The flow on an arc.
    Arc(usize),
    /// A pair binary (see [`PairBinary`]).
    Binary(usize),
}

/// A constraint beyond flow conservation and arc bounds: what makes a description more than a
/// network, so that only the LP backend can take it.
#[derive(Debug, Clone, PartialEq)]
pub struct SideConstraint {
    /// Planner-readable name (`unit_minimum[某单位]`, `partners[和田县/内科]`…).
    pub name: String,
    /// Σ coefficient · variable.
    pub terms: Vec<(Term, f64)>,
    /// Least value, if bounded below.
    pub lower: Option<f64>,
    /// Most value, if bounded above.
    pub upper: Option<f64>,
}

/// Whether the pair of a direct arc exists (院包科 with person-times): the arc carries at least one
/// unit exactly when the binary is 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairBinary {
    /// The direct arc.
    pub arc: usize,
    /// The arc keeping last year's pairing of the same pair, if there is one: the pair exists when
    /// either carries a unit.
    pub kept: Option<usize>,
    /// What the binary stands for.
    pub pairing: Carries,
}

/// Arcs whose flow together is 0 or at least `least`: one pair of a program with a member minimum
/// (its direct arc, and the arc keeping last year's pairing where there is one).
#[derive(Debug, Clone, PartialEq)]
pub struct NoneOrAtLeast {
    /// The arcs, summed.
    pub arcs: Vec<usize>,
    /// The least flow when any.
    pub least: i64,
}

/// One program of a description: its recipient groups and the arcs that carry its pairings, in the
/// order [`plan_from_flows`] reads them.
#[derive(Debug, Clone)]
pub struct Part {
    /// The program's name.
    pub program: String,
    /// Its recipient groups (the tags' group indices).
    pub groups: Vec<RecipientGroup>,
    /// Its tagged arcs: a range of the description's tags, in creation order.
    pub tagged: std::ops::Range<usize>,
    /// Whether its pairings carry units.
    pub allotment: bool,
}

/// Why a description is not a pure network, so that the LP solves it.
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
    /// A limit on how many of last year's units may change (`--max-changes`): one constraint over
    /// every kept arc.
    ChangeBudget,
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
            NotANetwork::ChangeBudget => {
                write!(f, "the number of changes is limited (--max-changes)")
            }
        }
    }
}

/// A program as the solvers see it, built once and handed over as data: a circulation (nodes with
/// flow conservation, arcs with bounds and costs, each pairing arc tagged with what it carries) plus,
/// where the rules need more than a network, pair binaries and side constraints. The flow backend
/// takes it when it has neither; the LP backend takes any.
#[derive(Debug, Clone, Default)]
pub struct Description {
    /// Node names, for constraint names and diagnostics (`quota[和平区]`, `helper[E0001]`…).
    pub nodes: NodeNames,
    /// The arcs.
    pub arcs: Vec<ArcSpec>,
    /// What the arcs the plan is read from carry, by arc, in arc order: beside the arcs rather
    /// than in each, since most arcs (balance steps, entries, gates) carry no pairing.
    tags: Vec<tag::Tag>,
    /// Pair binaries (LP only).
    pub binaries: Vec<PairBinary>,
    /// Side constraints (LP only).
    pub side: Vec<SideConstraint>,
    /// The programs described: one, or several that share helpers.
    pub parts: Vec<Part>,
    /// Groups of arcs that carry nothing or at least a least amount (a team member's minimum):
    /// not linear, so the solver branches on them (`solve::branch`) over descriptions without them.
    pub none_or_at_least: Vec<NoneOrAtLeast>,
    /// Why it is not a pure network, if it is not.
    pub not_a_network: Option<NotANetwork>,
    /// A constant added to every objective: `change` for each unit of last year's pairings, which
    /// the kept arcs' rewards (−`change` a unit) take back for those kept, so that the objective
    /// counts the changes and stays comparable with a plan made from nothing.
    pub offset: f64,
    /// Where a one-program description keeps the arcs that one number of the program bounds, for
    /// [`Description::apply_change`]; `None` for programs described together.
    handles: Option<one_change::Handles>,
}

impl Description {
    fn node(&mut self, name: String) -> usize {
        self.nodes.push(&name)
    }

    fn arc(&mut self, from: usize, to: usize, bounds: (i64, i64), cost: UnitCost) -> usize {
        self.arcs.push(ArcSpec {
            from,
            to,
            lower: bounds.0,
            upper: bounds.1,
            cost,
        });
        self.arcs.len() - 1
    }

    fn tagged(
        &mut self,
        from: usize,
        to: usize,
        bounds: (i64, i64),
        cost: UnitCost,
        carries: Carries,
    ) {
        let index = self.arc(from, to, bounds, cost);
        self.tags.push(tag::Tag::new(index, carries));
    }

    /// What an arc carries, where the plan is read from it.
    pub fn carries(&self, arc: usize) -> Option<Carries> {
        // Tags are made with their arcs, so in arc order.
        let found = self.tags.binary_search_by_key(&arc, |t| t.arc()).ok()?;
        Some(self.tags[found].carries())
    }

    /// The cost of a flow, one value per arc (and binaries cost nothing), with the offset.
    pub fn cost_of(&self, flows: &[i64]) -> f64 {
        self.offset
            + self
                .arcs
                .iter()
                .zip(flows)
                .map(|(arc, &flow)| arc.cost.value() * flow as f64)
                .sum::<f64>()
    }

    /// The plan of each part from a solution (one value per arc), in part order.
    pub fn plans(&self, flows: &[i64]) -> Vec<Plan> {
        self.parts
            .iter()
            .map(|part| {
                // Only what carries something: a national program has a million arcs, most
                // of them empty.
                let tagged: Vec<(Carries, Count)> = self.tags[part.tagged.clone()]
                    .iter()
                    .filter(|t| flows[t.arc()] > 0)
                    .map(|t| {
                        let amount = Count::try_from(flows[t.arc()]).unwrap_or(Count::MAX);
                        (t.carries(), amount)
                    })
                    .collect();
                plan_from_flows(&part.groups, &tagged, part.allotment)
            })
            .collect()
    }
}

/// The fixed nodes of a description.
struct Skeleton {
    source: usize,
    /// Each district's arc to the total, carrying its helpers' load.
    district_arcs: Vec<usize>,
    /// Each unit's arc to its district.
    unit_arcs: Vec<usize>,
    /// The arc from the total back to the source, carrying the program's whole load.
    total_arc: usize,
    /// Each helper's entry and gate: entry → gate carries its load (partners bound), gate → onward
    /// its load again (capacity, or the balance steps).
    entry: Vec<usize>,
    entry_arcs: Vec<usize>,
    onward_arcs: Vec<Vec<usize>>,
    /// Each helper's gate and the node its onward arcs go to.
    load_ends: Vec<(usize, usize)>,
    /// The most one recipient takes from one helper: where balance steps stop.
    most_per_member: Count,
    /// Units whose minimum cannot be an arc bound: some of their helpers lie outside the unit's
    /// district.
    units_across: std::collections::BTreeSet<UnitId>,
}

/// Describes a program: the recipient groups and their arcs (the coverage or units each needs), the
/// pools, each helper's entry, gate and load steps, its unit and district, the total — then every
/// rule, one arm each, as bounds on those arcs or, where no arc can carry it, a side constraint.
pub fn describe(instance: &Instance, graph: &PairingGraph) -> Description {
    let groups = recipient_groups(instance);
    let mut d = Description::default();
    let skeleton = skeleton(instance, &groups, &mut d);
    let part = add_program(instance, graph, groups, &skeleton, "", &mut d);
    d.parts.push(part);
    d.handles = Some(one_change::Handles::of(skeleton));
    d
}

/// Why programs cannot be described together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JointError {
    /// A rule whose bounds sit on the helpers' districts or units, which programs do not share.
    #[error("{program} sets {rule}, which bounds the districts' load per program: it cannot share its helpers' capacity with another program")]
    PerProgramDistricts {
        /// The program.
        program: String,
        /// The rule.
        rule: &'static str,
    },
    /// One helper with two capacities.
    #[error("{helper} has a capacity of {first} in {first_program} but {second} in {second_program}: one helper has one capacity")]
    TwoCapacities {
        /// The helper id.
        helper: String,
        /// Where first seen.
        first_program: String,
        /// Its capacity there.
        first: Count,
        /// Where seen again.
        second_program: String,
        /// Its capacity there.
        second: Count,
    },
    /// Different balance weights: the shared load has one balance term.
    #[error("{first_program} weighs balance {first} but {second_program} {second}: programs sharing helpers need one balance weight")]
    TwoBalanceWeights {
        /// One program.
        first_program: String,
        /// Its weight.
        first: String,
        /// The other.
        second_program: String,
        /// Its weight.
        second: String,
    },
}

/// Describes several programs that draw on the same helpers (a hospital is one helper whatever
/// program it serves, keyed by its id): each program keeps its own source (its total, if it sets
/// one), groups, pools and helper entries (its partners bound), and every entry of one helper leads
/// into one shared load — its one capacity and one balance term — on to a common total. A network
/// still, so both backends solve it; a program whose rules bound districts or units per program
/// cannot share its helpers this way and is refused ([`JointError`]).
pub fn describe_joint(programs: &[(&Instance, &PairingGraph)]) -> Result<Description, JointError> {
    let shared = SharedHelpers::of(programs)?;
    let mut d = Description::default();
    let source = d.node("source".into());
    let total = d.node("total".into());
    d.arc(total, source, (0, UNBOUNDED), UnitCost::ZERO);
    let gates = shared_loads(programs, &shared, total, &mut d);
    for (instance, graph) in programs {
        let skeleton = joint_skeleton(instance, source, &gates, &mut d);
        let groups = recipient_groups(instance);
        let part = add_program(
            instance,
            graph,
            groups,
            &skeleton,
            &format!("{}/", instance.program.name),
            &mut d,
        );
        d.parts.push(part);
    }
    Ok(d)
}

/// The helpers programs share, by id, and the one balance weight of their shared load.
struct SharedHelpers<'a> {
    /// Each helper's one capacity, with the program it was first seen in.
    capacities: BTreeMap<&'a str, (Count, &'a str)>,
    /// The balance weight (0 where no capacity rule bounds the load).
    balance: f64,
}

impl<'a> SharedHelpers<'a> {
    /// The programs' helpers, if the programs can share them: no rule bounding districts or units
    /// per program, one capacity per helper, one balance weight.
    fn of(programs: &[(&'a Instance, &PairingGraph)]) -> Result<Self, JointError> {
        let mut capacities: BTreeMap<&str, (Count, &str)> = BTreeMap::new();
        let mut balance: Option<(f64, &str)> = None;
        for (instance, _) in programs {
            let name = instance.program.name.as_str();
            for rule in &instance.rules {
                if matches!(rule, Rule::DistrictQuota { .. } | Rule::UnitMinimum { .. }) {
                    return Err(JointError::PerProgramDistricts {
                        program: name.to_string(),
                        rule: rule.name(),
                    });
                }
            }
            for helper in &instance.helpers {
                match capacities.get(helper.id.as_str()) {
                    Some(&(capacity, first)) if capacity != helper.capacity => {
                        return Err(JointError::TwoCapacities {
                            helper: helper.id.clone(),
                            first_program: first.to_string(),
                            first: capacity,
                            second_program: name.to_string(),
                            second: helper.capacity,
                        })
                    }
                    Some(_) => {}
                    None => {
                        capacities.insert(&helper.id, (helper.capacity, name));
                    }
                }
            }
            let weight = if instance.has_capacity_rule() {
                instance.costs.balance
            } else {
                0.0
            };
            match balance {
                Some((first, first_program)) if first != weight => {
                    return Err(JointError::TwoBalanceWeights {
                        first_program: first_program.to_string(),
                        first: first.to_string(),
                        second_program: name.to_string(),
                        second: weight.to_string(),
                    })
                }
                _ => balance = Some((weight, name)),
            }
        }
        Ok(SharedHelpers {
            capacities,
            balance: balance.map_or(0.0, |(w, _)| w),
        })
    }
}

/// Each shared helper's load: one gate, then its capacity or balance steps to the total. No helper
/// can take more than every program's recipients their most. By helper id: (gate, onward arcs).
fn shared_loads<'a>(
    programs: &[(&Instance, &PairingGraph)],
    shared: &SharedHelpers<'a>,
    total: usize,
    d: &mut Description,
) -> BTreeMap<&'a str, (usize, Vec<usize>)> {
    let weight = shared.balance;
    let most: u64 = programs
        .iter()
        .map(|(instance, _)| {
            let groups = recipient_groups(instance);
            let per_member = groups
                .iter()
                .map(|g| group_bounds(instance, g).per_member)
                .max()
                .unwrap_or(0);
            instance.recipients.len() as u64 * u64::from(per_member)
        })
        .sum();
    let capacity_bound = programs.iter().any(|(i, _)| i.has_capacity_rule());
    let mut gates: BTreeMap<&str, (usize, Vec<usize>)> = BTreeMap::new();
    for (&id, &(capacity, _)) in &shared.capacities {
        let gate = d.node(format!("load[{id}]"));
        let steps = u32::try_from(most).unwrap_or(u32::MAX).min(capacity);
        let onward = if weight > 0.0 && capacity_bound && capacity > 0 {
            (1..=steps)
                .map(|k| {
                    let cost = UnitCost {
                        weight: weight * (2.0 * f64::from(k) - 1.0),
                        per: capacity,
                    };
                    d.arc(gate, total, (0, 1), cost)
                })
                .collect()
        } else {
            let most = if capacity_bound {
                i64::from(capacity)
            } else {
                UNBOUNDED
            };
            vec![d.arc(gate, total, (0, most), UnitCost::ZERO)]
        };
        gates.insert(id, (gate, onward));
    }
    gates
}

/// One program's skeleton in a joint description: its own source, and an entry per helper into
/// the helper's shared load.
fn joint_skeleton(
    instance: &Instance,
    source: usize,
    gates: &BTreeMap<&str, (usize, Vec<usize>)>,
    d: &mut Description,
) -> Skeleton {
    let name = &instance.program.name;
    let program_source = d.node(format!("source[{name}]"));
    let total_arc = d.arc(source, program_source, (0, UNBOUNDED), UnitCost::ZERO);
    let mut entry = Vec::new();
    let mut entry_arcs = Vec::new();
    let mut onward_arcs = Vec::new();
    for helper in &instance.helpers {
        let (gate, onward) = &gates[helper.id.as_str()];
        let node = d.node(format!("helper[{name}/{}]", helper.id));
        entry.push(node);
        entry_arcs.push(d.arc(node, *gate, (0, UNBOUNDED), UnitCost::ZERO));
        onward_arcs.push(onward.clone());
    }
    Skeleton {
        source: program_source,
        district_arcs: Vec::new(),
        unit_arcs: Vec::new(),
        total_arc,
        entry,
        entry_arcs,
        onward_arcs,
        // A joint description is not changed one number at a time (`--explain` is per program).
        load_ends: Vec::new(),
        most_per_member: 0,
        units_across: Default::default(),
    }
}

/// Adds one program's groups, pools and pair binaries to a description whose skeleton (source,
/// helper entries, load arcs, districts, total) is built, then encodes its rules.
fn add_program(
    instance: &Instance,
    graph: &PairingGraph,
    groups: Vec<RecipientGroup>,
    skeleton: &Skeleton,
    prefix: &str,
    d: &mut Description,
) -> Part {
    let helpers_of = helpers_by_district(instance);
    let program = ProgramToAdd {
        instance,
        graph,
        skeleton,
        prefix,
        skill_pools: SkillPools::of(instance, &helpers_of),
        helpers_of,
        previous: last_years_units(instance, d),
        counts_pairs: instance.counts_pairs(),
        member_minimum: instance.rules.has(crate::domain::RuleKind::MemberMinimum),
        pinned: instance.pinned_recipients(),
        allotment: instance.is_allotment(),
    };
    let first_tag = d.tags.len();
    // Groups and their arcs, then the pools' arcs to helpers: the order plan_from_flows reads.
    let mut built = ProgramArcs::default();
    for (g, group) in groups.iter().enumerate() {
        add_group(&program, g, group, &mut built, d);
    }
    add_pool_arcs(&program, &built.pools, d);
    if let Some(budget) = instance.change_budget {
        add_change_budget(&program, budget, &built.kept_arcs, d);
    }
    let first_binary = d.binaries.len();
    if program.counts_pairs {
        add_pair_binaries(&built, d);
    }
    for rule in &instance.rules {
        encode_rule(instance, rule, skeleton, &groups, &built, first_binary, d);
    }
    keep_continuing(instance, &built, d);
    Part {
        program: instance.program.name.clone(),
        groups,
        tagged: first_tag..d.tags.len(),
        allotment: instance.is_allotment(),
    }
}

/// One program being added to a description, with what each of its groups' arcs is built from.
struct ProgramToAdd<'a> {
    instance: &'a Instance,
    graph: &'a PairingGraph,
    skeleton: &'a Skeleton,
    /// Put before its node names (`name/` when several programs share a description).
    prefix: &'a str,
    helpers_of: BTreeMap<DistrictId, Vec<HelperId>>,
    skill_pools: Option<SkillPools>,
    /// Last year's pairings by recipient, with the units each carried.
    previous: BTreeMap<RecipientId, Vec<(HelperId, Count)>>,
    counts_pairs: bool,
    /// Whether each pair's units must be seen on one arc for a member minimum.
    member_minimum: bool,
    /// Recipients with a forbidden or fixed pair: their helpers are reached directly.
    pinned: BTreeSet<RecipientId>,
    allotment: bool,
}

/// The arcs adding a program's groups has made, that its change budget, pair binaries and rules
/// then refer to.
#[derive(Default)]
struct ProgramArcs {
    /// Each direct arc of a pair: (arc, recipient, helper, group).
    pair_arcs: Vec<(usize, RecipientId, HelperId, usize)>,
    /// Each pool's node, made when a group first reaches it.
    pools: BTreeMap<Pool, usize>,
    /// The arc keeping each of last year's pairs.
    kept_arcs: BTreeMap<(RecipientId, HelperId), usize>,
    /// Each group's arc to the node of its off-map pairs, and the node (member minimum only).
    off_map: BTreeMap<usize, (usize, usize)>,
}

impl ProgramArcs {
    /// A pair's arcs: its direct arc, then the arc keeping last year's pairing where that is a
    /// second arc (the cheaper one: `require_at_least` fills it first).
    fn pair_group(&self, arc: usize, recipient: RecipientId, helper: HelperId) -> Vec<usize> {
        let mut arcs = vec![arc];
        arcs.extend(
            self.kept_arcs
                .get(&(recipient, helper))
                .filter(|&&kept| kept != arc),
        );
        arcs
    }
}

/// Last year's pairings by recipient, each with its units (a plain pairing is one unit whatever
/// the previous file says; an allotment's carry theirs); adds their change cost to the offset.
fn last_years_units(
    instance: &Instance,
    d: &mut Description,
) -> BTreeMap<RecipientId, Vec<(HelperId, Count)>> {
    let allotment = instance.is_allotment();
    let mut previous: BTreeMap<RecipientId, Vec<(HelperId, Count)>> = BTreeMap::new();
    for kept in &instance.previous {
        let units = if allotment {
            kept.units
        } else {
            kept.units.min(1)
        };
        previous
            .entry(kept.recipient)
            .or_default()
            .push((kept.helper, units));
        d.offset += instance.costs.change * f64::from(units);
    }
    previous
}

/// One recipient group: its node and the arc of what it must and may receive, its arcs to helpers
/// and pools, and the arcs keeping its members' pairings of last year.
fn add_group(
    program: &ProgramToAdd,
    g: usize,
    group: &RecipientGroup,
    built: &mut ProgramArcs,
    d: &mut Description,
) {
    let instance = program.instance;
    let label = group_label(instance, group);
    let node = d.node(format!("{}coverage[{label}]", program.prefix));
    // What the group must and may receive: its coverage, or in an allotment its units
    // (group_bounds reads the coverage, recipient_units and recipient_demand rules).
    let bounds = group_bounds(instance, group);
    d.arc(
        program.skeleton.source,
        node,
        (i64::from(bounds.needs), i64::from(bounds.takes)),
        UnitCost::ZERO,
    );
    let recipient = group.members[0];
    let each_pair =
        program.counts_pairs || program.member_minimum || program.pinned.contains(&recipient);
    for arc in arcs(
        instance,
        program.graph,
        group,
        &program.helpers_of,
        each_pair,
        program.skill_pools.as_ref(),
    ) {
        match arc {
            Arc::Direct { helper, cost } => {
                let from = match off_map_node(program, (g, group, node), helper, &bounds, built, d)
                {
                    Some(off_map) => off_map,
                    None => node,
                };
                add_direct_arc(program, (g, group, from), (helper, cost), &bounds, built, d)
            }
            Arc::ToPool { pool, cost } => {
                let pool_node = pool_node(program, pool, &mut built.pools, d);
                d.tagged(
                    node,
                    pool_node,
                    (0, i64::from(bounds.takes)),
                    UnitCost::of(cost),
                    Carries::ToPool { group: g, pool },
                );
            }
        }
    }
    add_kept_arcs(program, (g, group, node), &mut built.kept_arcs, d);
}

/// Under a member minimum, the node through which a recipient's off-map pairs pass (made on the
/// first): what they carry together is also none or at least the minimum — if any pair carries
/// a unit it carries the minimum — and branching on the sum settles at once what branching pair by
/// pair over every off-map helper would not. Not where last year's pairings are kept: a kept arc
/// bypasses the node, and the sum would no longer be the pairs'.
fn off_map_node(
    program: &ProgramToAdd,
    (g, group, node): (usize, &RecipientGroup, usize),
    helper: HelperId,
    bounds: &GroupBounds,
    built: &mut ProgramArcs,
    d: &mut Description,
) -> Option<usize> {
    let recipient = group.members[0];
    if !program.member_minimum
        || program.instance.on_map(helper, recipient)
        || program.previous.contains_key(&recipient)
    {
        return None;
    }
    if let Some(&(_, off_map)) = built.off_map.get(&g) {
        return Some(off_map);
    }
    let off_map = d.node(format!("{}off_map[{g}]", program.prefix));
    let arc = d.arc(node, off_map, (0, i64::from(bounds.takes)), UnitCost::ZERO);
    built.off_map.insert(g, (arc, off_map));
    Some(off_map)
}

/// A group's arc straight to a helper. A plain pairing kept from last year is this arc, rewarded:
/// a second arc for the same pair would let a recipient with room for two partners take one helper
/// twice (a followed or fixed pair, bound to carry one, did).
fn add_direct_arc(
    program: &ProgramToAdd,
    (g, group, node): (usize, &RecipientGroup, usize),
    (helper, cost): (HelperId, f64),
    bounds: &GroupBounds,
    built: &mut ProgramArcs,
    d: &mut Description,
) {
    let instance = program.instance;
    let recipient = group.members[0];
    let index = d.arcs.len();
    let kept_here = !program.allotment
        && group.members.len() == 1
        && program
            .previous
            .get(&recipient)
            .is_some_and(|kept| kept.iter().any(|&(h, _)| h == helper));
    let (cost, carries) = if kept_here {
        built.kept_arcs.insert((recipient, helper), index);
        (
            cost - instance.costs.change,
            Carries::Kept {
                group: g,
                recipient,
                helper,
            },
        )
    } else {
        (cost, Carries::Direct { group: g, helper })
    };
    d.tagged(
        node,
        program.skeleton.entry[helper.0],
        (0, i64::from(bounds.per_arc)),
        UnitCost::of(cost),
        carries,
    );
    built.pair_arcs.push((index, recipient, helper, g));
}

/// The node of a pool, made when a group first reaches it.
fn pool_node(
    program: &ProgramToAdd,
    pool: Pool,
    pools: &mut BTreeMap<Pool, usize>,
    d: &mut Description,
) -> usize {
    if let Some(&n) = pools.get(&pool) {
        return n;
    }
    let (name, _) = pool_helpers(
        program.instance,
        &program.helpers_of,
        program.skill_pools.as_ref(),
        pool,
    );
    let n = d.node(format!("{}{name}", program.prefix));
    pools.insert(pool, n);
    n
}

/// Last year's pairings of the group's members: one arc each, straight to the helper (so the
/// helper's capacity, unit and district still bound it), rewarded by `change` a unit.
fn add_kept_arcs(
    program: &ProgramToAdd,
    (g, group, node): (usize, &RecipientGroup, usize),
    kept_arcs: &mut BTreeMap<(RecipientId, HelperId), usize>,
    d: &mut Description,
) {
    let instance = program.instance;
    for &member in &group.members {
        let Some(kept) = program.previous.get(&member) else {
            continue;
        };
        // Only pairs this year's rules still allow (the arcs a plan may use), judged for the
        // kept helpers alone: not every helper of the program once per kept recipient.
        let allowed = eligible_among(
            instance,
            program.graph,
            member,
            kept.iter().map(|&(h, _)| h),
        );
        for &(helper, units) in kept {
            if !allowed.contains(&helper) || kept_arcs.contains_key(&(member, helper)) {
                continue;
            }
            let index = d.arcs.len();
            d.tagged(
                node,
                program.skeleton.entry[helper.0],
                (0, i64::from(units)),
                UnitCost::of(pairing_cost(instance, helper, member) - instance.costs.change),
                Carries::Kept {
                    group: g,
                    recipient: member,
                    helper,
                },
            );
            kept_arcs.insert((member, helper), index);
        }
    }
}

/// Each pool's arcs on to the helpers it stands for.
fn add_pool_arcs(program: &ProgramToAdd, pools: &BTreeMap<Pool, usize>, d: &mut Description) {
    for (&pool, &pool_node) in pools {
        let (_, helpers) = pool_helpers(
            program.instance,
            &program.helpers_of,
            program.skill_pools.as_ref(),
            pool,
        );
        for helper in helpers {
            d.tagged(
                pool_node,
                program.skeleton.entry[helper.0],
                (0, UNBOUNDED),
                UnitCost::ZERO,
                Carries::FromPool { pool, helper },
            );
        }
    }
}

/// `--max-changes`: Σ kept ≥ last year's units − what the budget leaves after the forced changes
/// (above all of last year's units when the forced ones alone pass it: no plan then).
fn add_change_budget(
    program: &ProgramToAdd,
    budget: crate::domain::ChangeBudget,
    kept_arcs: &BTreeMap<(RecipientId, HelperId), usize>,
    d: &mut Description,
) {
    let before: Count = program
        .previous
        .values()
        .flatten()
        .map(|&(_, units)| units)
        .sum();
    let least_kept = f64::from(before) - f64::from(budget.most) + f64::from(budget.forced);
    d.side.push(SideConstraint {
        name: format!("{}changes≤{}", program.prefix, budget.most),
        terms: kept_arcs
            .values()
            .map(|&arc| (Term::Arc(arc), 1.0))
            .collect(),
        lower: Some(least_kept.max(0.0)),
        upper: None,
    });
    d.not_a_network.get_or_insert(NotANetwork::ChangeBudget);
}

/// Where pairs are counted as well as units: a binary per direct arc, 1 when the pair exists.
fn add_pair_binaries(built: &ProgramArcs, d: &mut Description) {
    for &(arc, recipient, helper, group) in &built.pair_arcs {
        d.binaries.push(PairBinary {
            arc,
            // A kept pair that is the pair's own arc has no second arc to add.
            kept: built
                .kept_arcs
                .get(&(recipient, helper))
                .copied()
                .filter(|&kept| kept != arc),
            pairing: Carries::Pairing { group, helper },
        });
    }
    d.not_a_network = Some(NotANetwork::PairsCounted);
}

/// Last year's postings whose tenure continues stay as they are: their pair carries at least their
/// units (a pair the rules no longer allow has no arc, and the comparison says why it went).
fn keep_continuing(instance: &Instance, built: &ProgramArcs, d: &mut Description) {
    let continuing: BTreeMap<(RecipientId, HelperId), Count> = instance
        .continuing
        .iter()
        .map(|a| ((a.recipient, a.helper), a.units))
        .collect();
    if continuing.is_empty() {
        return;
    }
    for &(arc, recipient, helper, _) in &built.pair_arcs {
        if let Some(&units) = continuing.get(&(recipient, helper)) {
            require_at_least(
                d,
                &built.pair_group(arc, recipient, helper),
                i64::from(units),
            );
        }
    }
}

/// One rule, as bounds on the arcs of the description or, where no arc can carry it, side
/// constraints. The only place a rule becomes solver input.
fn encode_rule(
    instance: &Instance,
    rule: &Rule,
    skeleton: &Skeleton,
    groups: &[RecipientGroup],
    built: &ProgramArcs,
    first_binary: usize,
    d: &mut Description,
) {
    let pair_arcs = &built.pair_arcs;
    match rule {
        Rule::Coverage { min, max } => {
            // Plain pairings: the group arc's bounds (group_bounds). Where pairs are counted as
            // well as units, each recipient's number of pair binaries.
            if instance.counts_pairs() {
                count_recipients_partners(instance, groups, (*min, max.unwrap_or(Count::MAX)), d);
            }
        }
        Rule::RecipientUnits { .. } | Rule::RecipientDemand { .. } => {
            // An allotment's units per recipient are the group arc's bounds (group_bounds, through
            // Instance::unit_bounds, which decides which of the two applies).
        }
        Rule::FixedPairs { pairs } | Rule::PairsOf { pairs, .. } => {
            // A kept pair (or a pair of the program followed) carries at least one unit; which
            // pairs exist at all is decided with the arcs (Rule::excludes_pair).
            for &(arc, recipient, helper, _) in pair_arcs {
                if pairs.contains(&(recipient, helper)) {
                    require_at_least(d, &built.pair_group(arc, recipient, helper), 1);
                }
            }
        }
        Rule::NamedSenders { each_sends, .. } => {
            // Which arcs exist at all is decided by Rule::excludes_pair when the arcs are built; a
            // unit named on its own sends at least one, where it has an arc (a unit that can send
            // none has none, and check says so).
            for &(arc, recipient, helper, _) in pair_arcs {
                if each_sends.contains(&(recipient, helper)) {
                    require_at_least(d, &built.pair_group(arc, recipient, helper), 1);
                }
            }
        }
        Rule::AllowedPairs { .. } | Rule::ForbiddenPairs { .. } => {
            // Which arcs exist at all: decided by Rule::excludes_pair when the arcs are built
            // (model::arcs), since an arc that may carry nothing should not be built.
        }
        Rule::HelperPartners { max } => {
            bound_helpers_partners(instance, skeleton, *max, first_binary, d)
        }
        Rule::MemberMinimum { min } => bound_member_minimum(*min, built, d),
        Rule::HelperCapacity => {
            for (h, helper) in instance.helpers.iter().enumerate() {
                // Balance steps stop at the capacity already; a single arc is bounded here.
                if let [arc] = skeleton.onward_arcs[h][..] {
                    tighten(d, arc, 0, i64::from(helper.capacity));
                }
            }
        }
        Rule::DistrictQuota { quotas } => {
            for (district, &arc) in skeleton.district_arcs.iter().enumerate() {
                let quota = i64::from(quotas.get(&DistrictId(district)).copied().unwrap_or(0));
                tighten(d, arc, quota, quota);
            }
        }
        Rule::UnitMinimum { minimums } => bound_unit_minimums(instance, skeleton, minimums, d),
        Rule::TotalUnits { total } => {
            let total = i64::from(*total);
            tighten(d, skeleton.total_arc, total, total);
        }
    }
}

/// A pair carries at least `least` units on its arcs (its direct arc, then the arc keeping last
/// year's pairing, as [`ProgramArcs::pair_group`] lists them), as bounds on the arcs alone: the
/// kept arc first, up to what it may carry, the direct arc the rest. Exact, and still a network:
/// both arcs join the same nodes and the kept one is cheaper (its reward), so any plan carrying
/// `least` on the pair carries as much on the kept arc as it can at no higher cost.
pub fn require_at_least(d: &mut Description, arcs: &[usize], least: i64) {
    let mut left = least;
    for &arc in arcs.iter().rev() {
        let here = left.min(d.arcs[arc].upper).max(0);
        if here > 0 {
            tighten(d, arc, here, UNBOUNDED);
        }
        left -= here;
    }
    if left > 0 {
        // More than the arcs may carry: the first arc's bounds cross, and no plan exists.
        if let Some(&first) = arcs.first() {
            tighten(d, first, d.arcs[first].lower + left, UNBOUNDED);
        }
    }
}

/// Narrows an arc's bounds to `lower..=upper`: several rules may bound one arc, and each must hold.
fn tighten(d: &mut Description, arc: usize, lower: i64, upper: i64) {
    d.arcs[arc].lower = d.arcs[arc].lower.max(lower);
    d.arcs[arc].upper = d.arcs[arc].upper.min(upper);
}

/// The coverage rule where pairs are counted as well as units: each group's recipient has between
/// `min` and `max` pair binaries set.
fn count_recipients_partners(
    instance: &Instance,
    groups: &[RecipientGroup],
    (min, max): (Count, Count),
    d: &mut Description,
) {
    for (g, group) in groups.iter().enumerate() {
        let terms: Vec<(Term, f64)> = d
            .binaries
            .iter()
            .enumerate()
            .filter(|(_, b)| matches!(b.pairing, Carries::Pairing { group, .. } if group == g))
            .map(|(i, _)| (Term::Binary(i), 1.0))
            .collect();
        d.side.push(SideConstraint {
            name: format!("partners[{}]", group_label(instance, group)),
            terms,
            lower: Some(f64::from(min)),
            upper: (max < Count::MAX).then(|| f64::from(max)),
        });
    }
}

/// The partners rule: each helper's pair binaries (this program's, from `first_binary`) where
/// pairs are counted, else the load entering it, for every pairing is then one unit of load.
fn bound_helpers_partners(
    instance: &Instance,
    skeleton: &Skeleton,
    max: Count,
    first_binary: usize,
    d: &mut Description,
) {
    if !instance.counts_pairs() {
        // Every pairing is one unit of load: the load entering a helper counts partners.
        for &arc in &skeleton.entry_arcs {
            tighten(d, arc, 0, i64::from(max));
        }
        return;
    }
    for h in 0..instance.helpers.len() {
        let terms: Vec<(Term, f64)> = d
            .binaries
            .iter()
            .enumerate()
            .skip(first_binary)
            .filter(|(_, b)| matches!(b.pairing, Carries::Pairing { helper, .. } if helper.0 == h))
            .map(|(i, _)| (Term::Binary(i), 1.0))
            .collect();
        d.side.push(SideConstraint {
            name: format!("partners[{}]", instance.helpers[h].id),
            terms,
            lower: None,
            upper: Some(f64::from(max)),
        });
    }
}

/// The member minimum: each pair of the program (its direct arc, with the arc keeping last year's
/// pairing) carries none or at least `min` — not a bound an arc can hold, so the solver branches.
fn bound_member_minimum(min: Count, built: &ProgramArcs, d: &mut Description) {
    // The sums first: among pairs equally short of the minimum, the search branches on the first.
    for &(arc, _) in built.off_map.values() {
        d.none_or_at_least.push(NoneOrAtLeast {
            arcs: vec![arc],
            least: i64::from(min),
        });
    }
    for &(arc, recipient, helper, _) in &built.pair_arcs {
        d.none_or_at_least.push(NoneOrAtLeast {
            arcs: built.pair_group(arc, recipient, helper),
            least: i64::from(min),
        });
    }
}

/// The unit minimum rule: the unit's arc to its district, or, for a unit with helpers in another
/// district, a side constraint over its helpers' entries (no longer a pure network).
fn bound_unit_minimums(
    instance: &Instance,
    skeleton: &Skeleton,
    minimums: &BTreeMap<UnitId, Count>,
    d: &mut Description,
) {
    for (&unit, &minimum) in minimums {
        if !skeleton.units_across.contains(&unit) {
            tighten(d, skeleton.unit_arcs[unit.0], i64::from(minimum), UNBOUNDED);
            continue;
        }
        let terms = (0..instance.helpers.len())
            .filter(|&h| instance.helpers[h].unit == Some(unit))
            .map(|h| (Term::Arc(skeleton.entry_arcs[h]), 1.0))
            .collect();
        let name = instance.units[unit.0].name.clone();
        d.side.push(SideConstraint {
            name: format!("unit_minimum[{name}]"),
            terms,
            lower: Some(f64::from(minimum)),
            upper: None,
        });
        d.not_a_network
            .get_or_insert(NotANetwork::UnitAcrossDistricts { unit: name });
    }
}

/// The nodes every program has: source, districts with their unit and "no unit" nodes, the total,
/// and each helper's entry, gate and onward arcs (one per balance step, or one).
fn skeleton(instance: &Instance, groups: &[RecipientGroup], d: &mut Description) -> Skeleton {
    let source = d.node("source".into());
    let total = d.node("total".into());
    let total_arc = d.arc(total, source, (0, UNBOUNDED), UnitCost::ZERO);
    let places = LoadPlaces::of(instance, total, d);
    // A unit whose helper lies in another district (or in none) cannot pass its load through one
    // district node: those helpers go their own way and the minimum becomes a side constraint.
    let units_across: BTreeSet<UnitId> = instance
        .helpers
        .iter()
        .filter_map(|h| match (h.unit, h.district) {
            (Some(u), district) if district != Some(instance.units[u.0].district) => Some(u),
            _ => None,
        })
        .collect();
    let most_per_member = groups
        .iter()
        .map(|g| group_bounds(instance, g).per_member)
        .max()
        .unwrap_or(0);
    let mut entry = Vec::new();
    let mut entry_arcs = Vec::new();
    let mut onward_arcs = Vec::new();
    let mut load_ends = Vec::new();
    for (h, helper) in instance.helpers.iter().enumerate() {
        let node = d.node(format!("helper[{}]", helper.id));
        let gate = d.node(format!("load[{}]", helper.id));
        entry.push(node);
        entry_arcs.push(d.arc(node, gate, (0, UNBOUNDED), UnitCost::ZERO));
        let onward = match (helper.unit, helper.district) {
            (Some(u), _) if !units_across.contains(&u) => places.units[u.0],
            (_, Some(district)) => places.no_unit[district.0],
            (_, None) => total,
        };
        load_ends.push((gate, onward));
        onward_arcs.push(load_arcs(
            instance,
            HelperId(h),
            (gate, onward),
            most_per_member,
            d,
        ));
    }
    Skeleton {
        source,
        district_arcs: places.district_arcs,
        unit_arcs: places.unit_arcs,
        total_arc,
        entry,
        entry_arcs,
        onward_arcs,
        load_ends,
        most_per_member,
        units_across,
    }
}

/// Where helpers' load goes on to the total: each district's node (through its arc, which the
/// quota bounds), its "no unit" node, and each unit's node (through its arc, which the minimum
/// bounds) into its district.
struct LoadPlaces {
    district_arcs: Vec<usize>,
    no_unit: Vec<usize>,
    units: Vec<usize>,
    unit_arcs: Vec<usize>,
}

impl LoadPlaces {
    /// The districts' and units' nodes and arcs, the districts' leading into `total`.
    fn of(instance: &Instance, total: usize, d: &mut Description) -> Self {
        let mut districts = Vec::new();
        let mut district_arcs = Vec::new();
        let mut no_unit = Vec::new();
        for district in &instance.districts {
            let node = d.node(format!("district[{}]", district.name));
            districts.push(node);
            district_arcs.push(d.arc(node, total, (0, UNBOUNDED), UnitCost::ZERO));
            let free = d.node(format!("no_unit[{}]", district.name));
            d.arc(free, node, (0, UNBOUNDED), UnitCost::ZERO);
            no_unit.push(free);
        }
        let mut units = Vec::new();
        let mut unit_arcs = Vec::new();
        for unit in &instance.units {
            let node = d.node(format!("unit_minimum[{}]", unit.name));
            units.push(node);
            unit_arcs.push(d.arc(
                node,
                districts[unit.district.0],
                (0, UNBOUNDED),
                UnitCost::ZERO,
            ));
        }
        LoadPlaces {
            district_arcs,
            no_unit,
            units,
            unit_arcs,
        }
    }
}

/// A helper's arcs from its gate onward: one per balance step, the k-th costing
/// `balance · (2k − 1) / capacity`, or a single free arc where balance does not apply.
fn load_arcs(
    instance: &Instance,
    h: HelperId,
    (gate, onward): (usize, usize),
    most_per_member: Count,
    d: &mut Description,
) -> Vec<usize> {
    let helper = &instance.helpers[h.0];
    match balance_steps(instance, h, most_per_member) {
        Some(steps) => (1..=steps)
            .map(|k| {
                d.arc(
                    gate,
                    onward,
                    (0, 1),
                    balance_step(instance, k, helper.capacity),
                )
            })
            .collect(),
        None => vec![d.arc(gate, onward, (0, UNBOUNDED), UnitCost::ZERO)],
    }
}

/// The cost of a helper's `k`-th unit of load under the balance preference:
/// `balance · (2k − 1) / capacity`, so that a load of n costs `balance · n² / capacity`.
fn balance_step(instance: &Instance, k: u32, capacity: Count) -> UnitCost {
    UnitCost {
        weight: instance.costs.balance * (2.0 * f64::from(k) - 1.0),
        per: capacity,
    }
}

/// Where a group's units may flow.
pub(crate) enum Arc {
    /// Straight to a helper, at this cost per unit.
    Direct { helper: HelperId, cost: f64 },
    /// Into a pool, at this cost per unit.
    ToPool { pool: Pool, cost: f64 },
}

/// Which skilled pools exist: the sorted main traits of the recipients, and the (district, trait)
/// pairs for which the district has a helper with that skill.
pub(crate) struct SkillPools {
    traits: BTreeMap<String, usize>,
    skilled: std::collections::BTreeSet<(DistrictId, usize)>,
}

impl SkillPools {
    /// The skilled pools of a program, where they apply: plain pairings with at most one helper per
    /// recipient (a recipient could otherwise reach one helper through two pools), no candidates.
    pub(crate) fn of(
        instance: &Instance,
        helpers_of: &BTreeMap<DistrictId, Vec<HelperId>>,
    ) -> Option<Self> {
        (!instance.is_allotment()
            && instance.coverage().1 <= 1
            && instance.allowed_pairs().is_none())
        .then(|| Self::new(instance, helpers_of))
    }

    fn new(instance: &Instance, helpers_of: &BTreeMap<DistrictId, Vec<HelperId>>) -> Self {
        let names: std::collections::BTreeSet<&str> = instance
            .recipients
            .iter()
            .map(|r| r.main_trait.as_str())
            .filter(|t| !t.is_empty())
            .collect();
        let traits: BTreeMap<String, usize> = names
            .into_iter()
            .enumerate()
            .map(|(i, t)| (t.to_string(), i))
            .collect();
        let mut skilled = std::collections::BTreeSet::new();
        for (&district, helpers) in helpers_of {
            for &h in helpers {
                for skill in instance.helpers[h.0].skills.iter() {
                    if let Some(&t) = traits.get(skill) {
                        skilled.insert((district, t));
                    }
                }
            }
        }
        SkillPools { traits, skilled }
    }

    /// The name of a trait index.
    fn name(&self, index: usize) -> &str {
        self.traits
            .iter()
            .find(|(_, &i)| i == index)
            .map_or("", |(name, _)| name.as_str())
    }
}

/// A group's arcs, in a stable order: the pairs of the program followed under `pairs_of`; its
/// candidate pairs under a candidate-pairs rule; any usable
/// helper for a recipient outside the map; otherwise, district by district, its paired district's
/// helpers and a pool for each other district. With `pools` (plain pairings with at most one helper
/// per recipient), the paired district is reached through two pools instead of helper by helper:
/// the helpers with the group's trait as a skill, at no cost, and any helper, at the mismatch cost.
/// With `each_pair` (pairs counted, or pairs of the recipient forbidden or fixed) every helper is
/// reached directly, since a pool would hide which helper serves which recipient. Forbidden pairs
/// have no arc.
pub(crate) fn arcs(
    instance: &Instance,
    graph: &PairingGraph,
    group: &RecipientGroup,
    helpers_of: &BTreeMap<DistrictId, Vec<HelperId>>,
    each_pair: bool,
    pools: Option<&SkillPools>,
) -> Vec<Arc> {
    let recipient = group.members[0];
    let direct = |helper: HelperId| Arc::Direct {
        helper,
        cost: pairing_cost(instance, helper, recipient),
    };
    let pools = pools.filter(|_| !each_pair);
    let mut arcs: Vec<Arc> = if let Some((_, pairs)) = instance.pairs_of() {
        // A program that follows another's pairs has those pairs' arcs and no others (none at all
        // before the program it follows is planned).
        pairs
            .range((recipient, HelperId(0))..=(recipient, HelperId(usize::MAX)))
            .map(|&(_, helper)| direct(helper))
            .collect()
    } else if let Some(costs) = instance.allowed_pairs() {
        costs
            .range((recipient, HelperId(0))..=(recipient, HelperId(usize::MAX)))
            .filter(|((_, helper), _)| instance.helper_usable(*helper))
            .map(|(&(_, helper), &cost)| Arc::Direct { helper, cost })
            .collect()
    } else if let Some(county) = group.county {
        let mut arcs = Vec::new();
        for (district, on_map) in graph.eligible_districts(county) {
            match (on_map, each_pair, pools) {
                (true, _, Some(pools)) => {
                    let skilled = pools
                        .traits
                        .get(&group.main_trait)
                        .filter(|&&t| pools.skilled.contains(&(district, t)));
                    let mismatch = if group.main_trait.is_empty() {
                        0.0
                    } else {
                        instance.costs.trait_mismatch
                    };
                    if let Some(&t) = skilled {
                        arcs.push(Arc::ToPool {
                            pool: Pool::Skilled(district, t),
                            cost: 0.0,
                        });
                    }
                    arcs.push(Arc::ToPool {
                        pool: Pool::AnyHelper(district),
                        cost: mismatch,
                    });
                }
                (true, _, None) | (false, true, _) => {
                    let helpers = helpers_of.get(&district).into_iter().flatten();
                    arcs.extend(helpers.map(|&h| direct(h)));
                }
                (false, false, _) => arcs.push(Arc::ToPool {
                    pool: Pool::OffMap(district),
                    cost: instance.costs.off_map.unwrap_or(0.0),
                }),
            }
        }
        arcs
    } else {
        (0..instance.helpers.len())
            .map(HelperId)
            .filter(|&helper| instance.helper_usable(helper))
            .map(direct)
            .collect()
    };
    arcs.retain(|arc| match arc {
        Arc::Direct { helper, .. } => !instance.pair_excluded(recipient, *helper),
        Arc::ToPool { .. } => true,
    });
    arcs
}

/// The helpers that may serve a recipient at all, by the same arcs the LP is built from.
pub fn helpers_for(
    instance: &Instance,
    graph: &PairingGraph,
    recipient: RecipientId,
) -> Vec<HelperId> {
    eligible_helpers(instance, graph, &helpers_by_district(instance), recipient)
}

/// [`helpers_for`], with the helpers by district already gathered (once per program, not once per
/// recipient).
fn eligible_helpers(
    instance: &Instance,
    graph: &PairingGraph,
    helpers_of: &BTreeMap<DistrictId, Vec<HelperId>>,
    recipient: RecipientId,
) -> Vec<HelperId> {
    let r = &instance.recipients[recipient.0];
    let alone = RecipientGroup {
        county: r.county,
        main_trait: r.main_trait.clone(),
        members: vec![recipient],
    };
    arcs(instance, graph, &alone, helpers_of, true, None)
        .into_iter()
        .filter_map(|arc| match arc {
            Arc::Direct { helper, .. } => Some(helper),
            Arc::ToPool { .. } => None,
        })
        .collect()
}

/// Which of `candidates` may serve `recipient`, by the same arcs as [`helpers_for`], looked at
/// for the candidates only.
fn eligible_among(
    instance: &Instance,
    graph: &PairingGraph,
    recipient: RecipientId,
    candidates: impl Iterator<Item = HelperId> + Clone,
) -> Vec<HelperId> {
    let mut few: BTreeMap<DistrictId, Vec<HelperId>> = BTreeMap::new();
    for helper in candidates.clone() {
        if let (true, Some(district)) = (
            instance.helper_usable(helper),
            instance.helpers[helper.0].district,
        ) {
            few.entry(district).or_default().push(helper);
        }
    }
    for helpers in few.values_mut() {
        helpers.sort();
        helpers.dedup();
    }
    let wanted: BTreeSet<HelperId> = candidates.collect();
    eligible_helpers(instance, graph, &few, recipient)
        .into_iter()
        .filter(|h| wanted.contains(h))
        .collect()
}

/// A pool's name in constraints, and the helpers it feeds: an off-map pool and an any-helper pool
/// every helper of the district, a skilled pool those with the skill.
pub(crate) fn pool_helpers(
    instance: &Instance,
    helpers_of: &BTreeMap<DistrictId, Vec<HelperId>>,
    skill_pools: Option<&SkillPools>,
    pool: Pool,
) -> (String, Vec<HelperId>) {
    let (district, skill, name) = match pool {
        Pool::OffMap(d) => (d, None, "off_map_hub"),
        Pool::AnyHelper(d) => (d, None, "any_helper"),
        Pool::Skilled(d, t) => (d, skill_pools.map(|p| p.name(t)), "skilled"),
    };
    let district_name = &instance.districts[district.0].name;
    let name = match skill {
        Some(skill) => format!("{name}[{district_name}/{skill}]"),
        None => format!("{name}[{district_name}]"),
    };
    let helpers = helpers_of
        .get(&district)
        .into_iter()
        .flatten()
        .copied()
        .filter(|h| skill.is_none_or(|s| instance.helpers[h.0].skills.contains(s)))
        .collect();
    (name, helpers)
}

/// What a group must and may receive.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GroupBounds {
    /// Fewest pairings or units for the whole group.
    pub needs: Count,
    /// Most pairings or units for the whole group.
    pub takes: Count,
    /// Most one member may receive.
    pub per_member: Count,
    /// Most one arc to a helper may carry.
    pub per_arc: Count,
}

/// In an allotment each group is one recipient with its own unit bounds, and one arc may carry all
/// its units; otherwise each member needs its coverage and an arc to a helper carries at most one
/// pairing per member.
pub(crate) fn group_bounds(instance: &Instance, group: &RecipientGroup) -> GroupBounds {
    let size = group.members.len() as Count;
    if instance.is_allotment() {
        let (least, most) = instance.unit_bounds(group.members[0]);
        GroupBounds {
            needs: least,
            takes: most,
            per_member: most,
            per_arc: most,
        }
    } else {
        let (least, most) = instance.coverage();
        GroupBounds {
            needs: least.saturating_mul(size),
            takes: most.saturating_mul(size),
            per_member: most,
            per_arc: size,
        }
    }
}

/// How many balance steps a helper's load has: under the balance preference the k-th unit costs
/// `balance · (2k − 1) / capacity`, so that a load of n costs `balance · n² / capacity`; `None` when
/// load is not balanced (no weight, no capacity rule, or no capacity). No helper can take more than
/// every recipient's most, so the steps stop there: a capacity of millions would otherwise mean
/// millions of steps.
pub(crate) fn balance_steps(
    instance: &Instance,
    helper: HelperId,
    most_per_recipient: Count,
) -> Option<u32> {
    balance_steps_at(
        instance,
        instance.helpers[helper.0].capacity,
        most_per_recipient,
    )
}

/// [`balance_steps`] for a helper of this capacity.
fn balance_steps_at(
    instance: &Instance,
    capacity: Count,
    most_per_recipient: Count,
) -> Option<u32> {
    let balance = instance.costs.balance;
    if balance <= 0.0 || !instance.has_capacity_rule() || capacity == 0 {
        return None;
    }
    let most = u32::try_from(instance.recipients.len() as u64 * u64::from(most_per_recipient))
        .unwrap_or(u32::MAX);
    Some(capacity.min(most))
}

/// The usable helpers of each district, in id order.
pub(crate) fn helpers_by_district(instance: &Instance) -> BTreeMap<DistrictId, Vec<HelperId>> {
    let mut helpers_of: BTreeMap<DistrictId, Vec<HelperId>> = BTreeMap::new();
    for (h, helper) in instance.helpers.iter().enumerate() {
        if let (true, Some(district)) = (instance.helper_usable(HelperId(h)), helper.district) {
            helpers_of.entry(district).or_default().push(HelperId(h));
        }
    }
    helpers_of
}

/// How constraints name a group: its county and trait, or for a recipient standing alone, its id.
fn group_label(instance: &Instance, group: &RecipientGroup) -> String {
    let county = group
        .county
        .map_or("—", |c| instance.counties[c.0].name.as_str());
    match group.members.as_slice() {
        [alone] if instance.allowed_pairs().is_some() || instance.is_allotment() => {
            format!("{county}/{}", instance.recipients[alone.0].id)
        }
        _ => format!("{county}/{}", group.main_trait),
    }
}

/// Turns integral flow values into a plan: each group's members go, in id order, to its arcs in
/// order (direct helpers and pools); each pool hands its recipients to its helpers in order.
/// Deterministic for the same flows.
pub fn plan_from_flows(
    groups: &[RecipientGroup],
    flows: &[(Carries, Count)],
    allotment: bool,
) -> Plan {
    if allotment {
        return allotment_from_flows(groups, flows);
    }
    let mut next_member = vec![0usize; groups.len()];
    let mut assignments = Vec::new();
    let mut pooled: BTreeMap<Pool, Vec<RecipientId>> = BTreeMap::new();
    // Kept pairings first: their recipients are spoken for, and the group's other units go to the
    // members that kept nothing.
    let mut kept: std::collections::BTreeSet<RecipientId> = Default::default();
    for &(flow, amount) in flows {
        if let (
            Carries::Kept {
                recipient, helper, ..
            },
            1..,
        ) = (flow, amount)
        {
            assignments.push(Assignment::pairing(recipient, helper));
            kept.insert(recipient);
        }
    }
    let mut take = |group: usize, amount: Count| -> Vec<RecipientId> {
        let members = &groups[group].members;
        let free: Vec<RecipientId> = members
            .iter()
            .copied()
            .filter(|m| !kept.contains(m))
            .collect();
        let from = if free.is_empty() { members } else { &free };
        (0..amount)
            .map(|_| {
                let member = from[next_member[group] % from.len()];
                next_member[group] += 1;
                member
            })
            .collect()
    };
    for &(flow, amount) in flows {
        match flow {
            Carries::Direct { group, helper } => {
                for recipient in take(group, amount) {
                    assignments.push(Assignment::pairing(recipient, helper));
                }
            }
            Carries::ToPool { group, pool } => {
                pooled.entry(pool).or_default().extend(take(group, amount));
            }
            Carries::FromPool { .. }
            | Carries::Pairing { .. }
            | Carries::LoadStep { .. }
            | Carries::Kept { .. } => {}
        }
    }
    let mut pool_next: BTreeMap<Pool, usize> = BTreeMap::new();
    for &(flow, amount) in flows {
        if let Carries::FromPool { pool: key, helper } = flow {
            // Conservation at the pool makes it exactly as long as its outflows; should the solver
            // ever break it, the missing pairings surface as gaps in the independent check.
            let pool = pooled.get(&key).map_or(&[][..], Vec::as_slice);
            let next = pool_next.entry(key).or_default();
            let end = (*next + amount as usize).min(pool.len());
            for recipient in &pool[(*next).min(end)..end] {
                assignments.push(Assignment::pairing(*recipient, helper));
            }
            *next += amount as usize;
        }
    }
    Plan::new(assignments)
}

/// In an allotment every group is one recipient, and a flow's amount is the units one pairing
/// carries; units reaching a helper through a district hub are matched to the recipients that sent
/// them there, in order, and merged per (recipient, helper).
fn allotment_from_flows(groups: &[RecipientGroup], flows: &[(Carries, Count)]) -> Plan {
    let mut units: BTreeMap<(RecipientId, HelperId), Count> = BTreeMap::new();
    let mut pooled: BTreeMap<Pool, Vec<(RecipientId, Count)>> = BTreeMap::new();
    for &(flow, amount) in flows.iter().filter(|(_, amount)| *amount > 0) {
        match flow {
            Carries::Direct { group, helper } => {
                *units.entry((groups[group].members[0], helper)).or_default() += amount;
            }
            Carries::ToPool { group, pool } => {
                pooled
                    .entry(pool)
                    .or_default()
                    .push((groups[group].members[0], amount));
            }
            Carries::Kept {
                recipient, helper, ..
            } => {
                *units.entry((recipient, helper)).or_default() += amount;
            }
            Carries::FromPool { .. } | Carries::Pairing { .. } | Carries::LoadStep { .. } => {}
        }
    }
    for &(flow, mut amount) in flows {
        let Carries::FromPool { pool, helper } = flow else {
            continue;
        };
        let Some(pool) = pooled.get_mut(&pool) else {
            continue;
        };
        while amount > 0 {
            let Some((recipient, left)) = pool.iter_mut().find(|(_, left)| *left > 0) else {
                break;
            };
            let taken = amount.min(*left);
            *left -= taken;
            amount -= taken;
            *units.entry((*recipient, helper)).or_default() += taken;
        }
    }
    Plan::of_units(units)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Assignment, Rule};

    /// The objective is made of the same mismatch and balance the summaries print: a plan's cost is
    /// its mismatches times their weight plus the balance weight times Σ load²/capacity.
    #[test]
    fn the_objective_is_the_summarys_mismatches_and_balance_weighed() {
        let mut instance = crate::testkit::instance(&(
            vec![(0, 2, 0), (0, 3, 1)],
            vec![(0, 0, 0), (0, 1, 0), (0, 1, 0)],
            false,
            0,
        ));
        instance.rules.insert(Rule::HelperCapacity);
        instance.costs.trait_mismatch = 7.0;
        instance.costs.balance = 0.5;
        // Helper 0 knows 苹果, helper 1 百合; recipients want 苹果, 百合, 百合.
        let plan = Plan::new(vec![
            Assignment::pairing(RecipientId(0), HelperId(1)),
            Assignment::pairing(RecipientId(1), HelperId(1)),
            Assignment::pairing(RecipientId(2), HelperId(0)),
        ]);
        let mismatches = plan
            .assignments
            .iter()
            .filter(|a| instance.skill_mismatch(a.helper, a.recipient))
            .count();
        assert_eq!(mismatches, 2);
        let balance = instance.balance_sum(&plan.helper_loads(instance.helpers.len()));
        let capacities: Vec<f64> = instance
            .helpers
            .iter()
            .map(|h| f64::from(h.capacity))
            .collect();
        assert!((balance - (1.0 / capacities[0] + 4.0 / capacities[1])).abs() < 1e-12);
        let summary = crate::summary::summarize(&instance, &plan, Default::default());
        assert_eq!(summary.trait_mismatches, 2);
        assert!((plan_cost(&instance, &plan) - (2.0 * 7.0 + 0.5 * balance)).abs() < 1e-9);
    }
}
