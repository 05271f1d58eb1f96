//! The linear program of a pairing program: good_lp variables and named constraints. Never solves.
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

use std::collections::BTreeMap;

use good_lp::{constraint, variable, Constraint, Expression, ProblemVariables, Variable};

use crate::domain::{
    Assignment, Count, CountyId, DistrictId, HelperId, Instance, Plan, RecipientId, Rule,
};
use crate::graph::PairingGraph;

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

/// What an LP variable carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Recipients of a group served by a helper of their county's paired district.
    Direct {
        /// Index into [`LpModel::groups`].
        group: usize,
        /// The helper.
        helper: HelperId,
    },
    /// Recipients of a group sent to a pool, where they wait for a helper.
    ToPool {
        /// Index into [`LpModel::groups`].
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
        /// Index into [`LpModel::groups`]; in an allotment, one recipient.
        group: usize,
        /// The helper.
        helper: HelperId,
    },
    /// One step of a helper's load, for the balance cost.
    LoadStep {
        /// The helper.
        helper: HelperId,
    },
}

/// A built LP, ready to solve.
pub struct LpModel {
    /// The variables.
    pub variables: ProblemVariables,
    /// The cost to minimise.
    pub objective: Expression,
    /// Constraints with planner-readable names (`quota[和平区]`…).
    pub constraints: Vec<(String, Constraint)>,
    /// What each variable carries.
    pub flows: Vec<(Variable, Flow)>,
    /// The recipient groups.
    pub groups: Vec<RecipientGroup>,
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
    let main_trait = &instance.recipients[recipient.0].main_trait;
    if main_trait.is_empty() || instance.helpers[helper.0].skills.contains(main_trait) {
        0.0
    } else {
        instance.costs.trait_mismatch
    }
}

/// The model's objective for any plan: what the LP minimises, computed from the pairings alone.
pub fn plan_cost(instance: &Instance, plan: &Plan) -> f64 {
    let mut cost = 0.0;
    for a in &plan.assignments {
        cost += pairing_cost(instance, a.helper, a.recipient) * f64::from(a.units);
    }
    if instance.costs.balance > 0.0 && instance.has_capacity_rule() {
        for (helper, load) in instance
            .helpers
            .iter()
            .zip(plan.helper_loads(instance.helpers.len()))
        {
            if helper.capacity > 0 {
                cost +=
                    instance.costs.balance * f64::from(load).powi(2) / f64::from(helper.capacity);
            }
        }
    }
    cost
}

/// Builds the LP of an instance, in four steps: each recipient group's arcs and coverage, the
/// district hubs, each helper's load (partners, capacity, balance steps), then the rules on sums of
/// loads (quotas, unit minimums, the program total).
pub fn build(instance: &Instance, graph: &PairingGraph) -> LpModel {
    let helpers_of = helpers_by_district(instance);
    let mut lp = Builder::new(instance, &helpers_of);
    let groups = recipient_groups(instance);
    let mut most_per_recipient = 0;
    for (g, group) in groups.iter().enumerate() {
        most_per_recipient = most_per_recipient.max(lp.add_group(graph, &helpers_of, g, group));
    }
    lp.add_pools(&helpers_of);
    lp.add_loads(most_per_recipient);
    lp.add_rules();
    LpModel {
        variables: lp.variables,
        objective: lp.objective,
        constraints: lp.constraints,
        flows: lp.flows,
        groups,
    }
}

/// The LP under construction, with the running sums that later constraints bound.
struct Builder<'a> {
    instance: &'a Instance,
    variables: ProblemVariables,
    objective: Expression,
    constraints: Vec<(String, Constraint)>,
    flows: Vec<(Variable, Flow)>,
    /// Units (or pairings) reaching each helper.
    load: Vec<Expression>,
    /// Pair binaries of each helper, where pairs are counted.
    partners: Vec<Expression>,
    /// Flow into each pool.
    pool_in: BTreeMap<Pool, Expression>,
    /// The skilled pools, where plain pairings with at most one helper per recipient may use them.
    skill_pools: Option<SkillPools>,
    /// Pairs are counted (a binary per pair) only where an allotment's rules need it; everywhere
    /// else the arcs alone are the model.
    counts_pairs: bool,
    pinned: std::collections::BTreeSet<RecipientId>,
}

impl<'a> Builder<'a> {
    fn new(instance: &'a Instance, helpers_of: &BTreeMap<DistrictId, Vec<HelperId>>) -> Self {
        let helpers = instance.helpers.len();
        Builder {
            instance,
            variables: ProblemVariables::new(),
            objective: Expression::from(0.0),
            constraints: Vec::new(),
            flows: Vec::new(),
            load: vec![Expression::from(0.0); helpers],
            partners: vec![Expression::from(0.0); helpers],
            pool_in: BTreeMap::new(),
            skill_pools: SkillPools::of(instance, helpers_of),
            counts_pairs: instance.counts_pairs(),
            pinned: instance.pinned_recipients(),
        }
    }

    /// A group's arcs and its coverage bounds; returns the most a member may receive.
    fn add_group(
        &mut self,
        graph: &PairingGraph,
        helpers_of: &BTreeMap<DistrictId, Vec<HelperId>>,
        g: usize,
        group: &RecipientGroup,
    ) -> Count {
        let instance = self.instance;
        let bounds = group_bounds(instance, group);
        let per_arc = f64::from(bounds.per_arc);
        let mut served = Expression::from(0.0);
        let mut pairs = Expression::from(0.0);
        let recipient = group.members[0];
        let each_pair = self.counts_pairs || self.pinned.contains(&recipient);
        let label = group_label(instance, group);
        let pools = self.skill_pools.as_ref();
        for arc in arcs(instance, graph, group, helpers_of, each_pair, pools) {
            match arc {
                Arc::Direct { helper, cost } => {
                    // A fixed pair carries at least one unit; its recipient stands alone.
                    let kept = instance
                        .fixed_pairs()
                        .is_some_and(|f| f.contains(&(recipient, helper)));
                    let least = if kept { 1.0 } else { 0.0 };
                    let var = self.variables.add(variable().min(least).max(per_arc));
                    self.objective += cost * var;
                    served += var;
                    self.load[helper.0] += var;
                    self.flows.push((var, Flow::Direct { group: g, helper }));
                    if self.counts_pairs {
                        // The pair exists exactly when it carries at least one unit.
                        let paired = self.variables.add(variable().binary());
                        let name = format!("pair[{label}/{}]", instance.helpers[helper.0].id);
                        self.constraints.push((
                            format!("{name}.carries"),
                            constraint!(var <= per_arc * paired),
                        ));
                        self.constraints
                            .push((format!("{name}.exists"), constraint!(var >= paired)));
                        pairs += paired;
                        self.partners[helper.0] += paired;
                        self.flows
                            .push((paired, Flow::Pairing { group: g, helper }));
                    }
                }
                Arc::ToPool { pool, cost } => {
                    let var = self
                        .variables
                        .add(variable().min(0).max(f64::from(bounds.takes)));
                    self.objective += cost * var;
                    served += var;
                    *self
                        .pool_in
                        .entry(pool)
                        .or_insert_with(|| Expression::from(0.0)) += var;
                    self.flows.push((var, Flow::ToPool { group: g, pool }));
                }
            }
        }
        push_between(
            &mut self.constraints,
            &format!("coverage[{label}]"),
            served,
            f64::from(bounds.needs),
            f64::from(bounds.takes),
        );
        if self.counts_pairs {
            let (fewest, most) = instance.coverage_rule().unwrap_or((0, Count::MAX));
            push_between(
                &mut self.constraints,
                &format!("partners[{label}]"),
                pairs,
                f64::from(fewest),
                f64::from(most),
            );
        }
        bounds.per_member
    }

    /// Each pool hands what flows in to the helpers it feeds (see [`pool_helpers`]).
    fn add_pools(&mut self, helpers_of: &BTreeMap<DistrictId, Vec<HelperId>>) {
        let instance = self.instance;
        for (pool, inflow) in std::mem::take(&mut self.pool_in) {
            let (name, helpers) =
                pool_helpers(instance, helpers_of, self.skill_pools.as_ref(), pool);
            let mut outflow = Expression::from(0.0);
            for helper in helpers {
                let var = self.variables.add(variable().min(0));
                outflow += var;
                self.load[helper.0] += var;
                self.flows.push((var, Flow::FromPool { pool, helper }));
            }
            self.constraints
                .push((name, constraint!(inflow == outflow)));
        }
    }

    /// Bounds on each helper: its partners, its capacity, and the balance steps of its load.
    fn add_loads(&mut self, most_per_recipient: Count) {
        let instance = self.instance;
        if let Some(most) = instance.helper_partners().map(f64::from) {
            // Without pair binaries every pairing is one unit of load, so load counts partners.
            let counted = if self.counts_pairs {
                &self.partners
            } else {
                &self.load
            };
            for (h, helper) in instance.helpers.iter().enumerate() {
                self.constraints.push((
                    format!("partners[{}]", helper.id),
                    constraint!(counted[h].clone() <= most),
                ));
            }
        }
        let capacity_bound = instance.has_capacity_rule();
        for (h, helper) in instance.helpers.iter().enumerate() {
            if let Some(step_costs) = balance_steps(instance, HelperId(h), most_per_recipient) {
                let mut steps = Expression::from(0.0);
                for cost in step_costs {
                    let var = self.variables.add(variable().min(0).max(1));
                    self.objective += cost * var;
                    steps += var;
                    self.flows.push((
                        var,
                        Flow::LoadStep {
                            helper: HelperId(h),
                        },
                    ));
                }
                self.constraints.push((
                    format!("load[{}]", helper.id),
                    constraint!(self.load[h].clone() == steps),
                ));
            } else if capacity_bound {
                self.constraints.push((
                    format!("capacity[{}]", helper.id),
                    constraint!(self.load[h].clone() <= f64::from(helper.capacity)),
                ));
            }
        }
    }

    /// The rules on sums of helpers' loads.
    fn add_rules(&mut self) {
        let instance = self.instance;
        for rule in &instance.rules {
            match rule {
                Rule::DistrictQuota { quotas } => {
                    for (d, district) in instance.districts.iter().enumerate() {
                        let quota = quotas.get(&DistrictId(d)).copied().unwrap_or(0);
                        let served = self.load_of(|h| h.district == Some(DistrictId(d)));
                        self.constraints.push((
                            format!("quota[{}]", district.name),
                            constraint!(served == f64::from(quota)),
                        ));
                    }
                }
                Rule::UnitMinimum { minimums } => {
                    for (&unit, &minimum) in minimums {
                        let served = self.load_of(|h| h.unit == Some(unit));
                        let name = format!("unit_minimum[{}]", instance.units[unit.0].name);
                        self.constraints
                            .push((name, constraint!(served >= f64::from(minimum))));
                    }
                }
                Rule::TotalUnits { total } => {
                    let all = self.load_of(|_| true);
                    self.constraints.push((
                        "total_units".to_string(),
                        constraint!(all == f64::from(*total)),
                    ));
                }
                // Expressed by the group arcs and the load constraints.
                Rule::Coverage { .. }
                | Rule::HelperCapacity
                | Rule::HelperPartners { .. }
                | Rule::AllowedPairs { .. }
                | Rule::ForbiddenPairs { .. }
                | Rule::FixedPairs { .. }
                | Rule::RecipientUnits { .. }
                | Rule::RecipientDemand { .. } => {}
            }
        }
    }

    /// The summed load of the helpers `keep` selects.
    fn load_of(&self, keep: impl Fn(&crate::domain::Helper) -> bool) -> Expression {
        let mut total = Expression::from(0.0);
        for (h, helper) in self.instance.helpers.iter().enumerate() {
            if keep(helper) {
                total += self.load[h].clone();
            }
        }
        total
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
                for skill in &instance.helpers[h.0].skills {
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

/// A group's arcs, in a stable order: its candidate pairs under a candidate-pairs rule; any usable
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
    let mut arcs: Vec<Arc> = if let Some(costs) = instance.allowed_pairs() {
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
    if let Some(forbidden) = instance.forbidden_pairs() {
        arcs.retain(|arc| match arc {
            Arc::Direct { helper, .. } => !forbidden.contains(&(recipient, *helper)),
            Arc::ToPool { .. } => true,
        });
    }
    arcs
}

/// The helpers that may serve a recipient at all, by the same arcs the LP is built from.
pub fn helpers_for(
    instance: &Instance,
    graph: &PairingGraph,
    recipient: RecipientId,
) -> Vec<HelperId> {
    let r = &instance.recipients[recipient.0];
    let alone = RecipientGroup {
        county: r.county,
        main_trait: r.main_trait.clone(),
        members: vec![recipient],
    };
    arcs(
        instance,
        graph,
        &alone,
        &helpers_by_district(instance),
        true,
        None,
    )
    .into_iter()
    .filter_map(|arc| match arc {
        Arc::Direct { helper, .. } => Some(helper),
        Arc::ToPool { .. } => None,
    })
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

/// The cost of each successive unit of a helper's load under the balance preference — the k-th
/// costs `balance · (2k − 1) / capacity`, so that a load of n costs `balance · n² / capacity` — or
/// `None` when load is not balanced (no weight, no capacity rule, or no capacity). No helper can take
/// more than every recipient's most, so the steps stop there: a capacity of millions would otherwise
/// mean millions of steps.
pub(crate) fn balance_steps(
    instance: &Instance,
    helper: HelperId,
    most_per_recipient: Count,
) -> Option<Vec<f64>> {
    let capacity = instance.helpers[helper.0].capacity;
    let balance = instance.costs.balance;
    if balance <= 0.0 || !instance.has_capacity_rule() || capacity == 0 {
        return None;
    }
    let most = u32::try_from(instance.recipients.len() as u64 * u64::from(most_per_recipient))
        .unwrap_or(u32::MAX);
    Some(
        (1..=capacity.min(most))
            .map(|k| balance * (2.0 * f64::from(k) - 1.0) / f64::from(capacity))
            .collect(),
    )
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

/// Bounds an expression between `min` and `max` (one equality when they meet; no upper bound when
/// `max` is `Count::MAX` as f64 or above).
fn push_between(
    constraints: &mut Vec<(String, Constraint)>,
    name: &str,
    value: Expression,
    min: f64,
    max: f64,
) {
    if min == max {
        constraints.push((name.to_string(), constraint!(value == min)));
        return;
    }
    if min > 0.0 {
        constraints.push((format!("{name}.min"), constraint!(value.clone() >= min)));
    }
    if max < f64::from(Count::MAX) {
        constraints.push((format!("{name}.max"), constraint!(value <= max)));
    }
}

/// Turns integral flow values into a plan: each group's members go, in id order, to its arcs in
/// order (direct helpers and pools); each pool hands its recipients to its helpers in order.
/// Deterministic for the same flows.
pub fn plan_from_flows(
    groups: &[RecipientGroup],
    flows: &[(Flow, Count)],
    allotment: bool,
) -> Plan {
    if allotment {
        return allotment_from_flows(groups, flows);
    }
    let mut next_member = vec![0usize; groups.len()];
    let mut assignments = Vec::new();
    let mut pooled: BTreeMap<Pool, Vec<RecipientId>> = BTreeMap::new();
    let mut take = |group: usize, amount: Count| -> Vec<RecipientId> {
        let members = &groups[group].members;
        (0..amount)
            .map(|_| {
                let member = members[next_member[group] % members.len()];
                next_member[group] += 1;
                member
            })
            .collect()
    };
    for &(flow, amount) in flows {
        match flow {
            Flow::Direct { group, helper } => {
                for recipient in take(group, amount) {
                    assignments.push(Assignment::pairing(recipient, helper));
                }
            }
            Flow::ToPool { group, pool } => {
                pooled.entry(pool).or_default().extend(take(group, amount));
            }
            Flow::FromPool { .. } | Flow::Pairing { .. } | Flow::LoadStep { .. } => {}
        }
    }
    let mut pool_next: BTreeMap<Pool, usize> = BTreeMap::new();
    for &(flow, amount) in flows {
        if let Flow::FromPool { pool: key, helper } = flow {
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
fn allotment_from_flows(groups: &[RecipientGroup], flows: &[(Flow, Count)]) -> Plan {
    let mut units: BTreeMap<(RecipientId, HelperId), Count> = BTreeMap::new();
    let mut pooled: BTreeMap<Pool, Vec<(RecipientId, Count)>> = BTreeMap::new();
    for &(flow, amount) in flows.iter().filter(|(_, amount)| *amount > 0) {
        match flow {
            Flow::Direct { group, helper } => {
                *units.entry((groups[group].members[0], helper)).or_default() += amount;
            }
            Flow::ToPool { group, pool } => {
                pooled
                    .entry(pool)
                    .or_default()
                    .push((groups[group].members[0], amount));
            }
            Flow::FromPool { .. } | Flow::Pairing { .. } | Flow::LoadStep { .. } => {}
        }
    }
    for &(flow, mut amount) in flows {
        let Flow::FromPool { pool, helper } = flow else {
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
    Plan::new(
        units
            .into_iter()
            .map(|((recipient, helper), units)| Assignment {
                recipient,
                helper,
                units,
            })
            .collect(),
    )
}
