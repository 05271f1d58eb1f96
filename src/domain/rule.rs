//! The requirements of a pairing program, one variant per rule.
//!
//! Both the model (`model::encode_rule`) and the checker (`check`) match on [`Rule`] exhaustively, so
//! a new rule does not compile until both interpret it: one definition, two interpreters. A program
//! holds its rules in a [`RuleSet`]: at most one of each kind, found by kind without a search.

use std::collections::{BTreeMap, BTreeSet};

use super::{Count, DistrictId, HelperId, RecipientId, UnitId};

/// A requirement that every plan of a program must keep.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// 全覆盖 — every recipient has at least `min` and at most `max` helpers.
    Coverage {
        /// Fewest helpers per recipient.
        min: Count,
        /// Most helpers per recipient, if bounded.
        max: Option<Count>,
    },
    /// 任务分解 — the recipients served by each district's helpers equal the district's quota.
    /// A district absent from the map holds no quota and may serve nobody.
    DistrictQuota {
        /// Quota per district.
        quotas: BTreeMap<DistrictId, Count>,
    },
    /// 市级单位对接 — the recipients served by helpers a unit mobilised are at least its minimum.
    UnitMinimum {
        /// Minimum per unit.
        minimums: BTreeMap<UnitId, Count>,
    },
    /// No helper serves more recipients than its capacity.
    HelperCapacity,
    /// 院包科 — each helper is paired with at most `max` recipients, whatever units the pairings
    /// carry. In an allotment this counts pairings, not units, so the model needs a binary per pair.
    HelperPartners {
        /// Most recipients per helper.
        max: Count,
    },
    /// 人次分配 — each recipient receives between `min` and `max` units (person-times, cadres) in
    /// all, from one or more helpers. Makes the program an allotment: a pairing carries units.
    RecipientUnits {
        /// Fewest units per recipient.
        min: Count,
        /// Most units per recipient, if bounded.
        max: Option<Count>,
    },
    /// 岗位需求 — each listed recipient receives exactly its number of units (3 cadres for a county
    /// post…). Makes the program an allotment.
    RecipientDemand {
        /// Units each recipient needs.
        demand: BTreeMap<RecipientId, Count>,
    },
    /// 合计人次 — the units of all pairings add up to exactly this total.
    TotalUnits {
        /// The total, e.g. 36 person-times a year.
        total: Count,
    },
    /// 候选结对 — only these pairs are allowed, each at its cost (a planner's scored candidates). They
    /// replace the pairing map's eligibility and costs.
    AllowedPairs {
        /// Cost of each allowed (recipient, helper) pair.
        costs: BTreeMap<(RecipientId, HelperId), f64>,
    },
    /// 不得结对 — these pairs may not be used, whatever the map or the candidates allow.
    ForbiddenPairs {
        /// The forbidden (recipient, helper) pairs.
        pairs: BTreeSet<(RecipientId, HelperId)>,
    },
    /// 保留结对 — these pairs must be in every plan (pairings that continue from an earlier year).
    FixedPairs {
        /// The (recipient, helper) pairs to keep.
        pairs: BTreeSet<(RecipientId, HelperId)>,
    },
    /// 负责单位 — a listed recipient takes units only from the senders the seed names for it
    /// ("滨海新区负责", "市教委负责"); a recipient not listed takes them from anyone. A unit the seed
    /// names on its own ("市国资委、市金融局、天津自贸区管委会、各区负责") sends at least one, unless
    /// it can send none; a member of a collective (各区、各部门、各单位) owes nothing alone.
    NamedSenders {
        /// The helpers each listed recipient may take units from.
        senders: BTreeMap<RecipientId, BTreeSet<HelperId>>,
        /// The (recipient, helper) pairs where the helper is named on its own: at least one unit.
        each_sends: BTreeSet<(RecipientId, HelperId)>,
    },
    /// 组队下限 — a helper on a recipient's team sends at least `min` units to it, or none: one
    /// person-time a year from a hospital is no team member. Not linear: the solver branches on each
    /// pair (solve::branch).
    MemberMinimum {
        /// Fewest units a pair that exists carries.
        min: Count,
    },
    /// 随结对而定 — the plan's pairs are exactly another program's (a telemedicine link for each
    /// hospital pairing): that program is planned first, and its pairs are filled in here.
    PairsOf {
        /// The program whose pairs these follow.
        program: String,
        /// Its pairs, once planned (or read from a ledger).
        pairs: BTreeSet<(RecipientId, HelperId)>,
    },
}

/// The kinds of rule, in the order a [`RuleSet`] keeps them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleKind {
    /// [`Rule::Coverage`]
    Coverage,
    /// [`Rule::DistrictQuota`]
    DistrictQuota,
    /// [`Rule::UnitMinimum`]
    UnitMinimum,
    /// [`Rule::HelperCapacity`]
    HelperCapacity,
    /// [`Rule::HelperPartners`]
    HelperPartners,
    /// [`Rule::RecipientUnits`]
    RecipientUnits,
    /// [`Rule::RecipientDemand`]
    RecipientDemand,
    /// [`Rule::TotalUnits`]
    TotalUnits,
    /// [`Rule::AllowedPairs`]
    AllowedPairs,
    /// [`Rule::ForbiddenPairs`]
    ForbiddenPairs,
    /// [`Rule::FixedPairs`]
    FixedPairs,
    /// [`Rule::NamedSenders`]
    NamedSenders,
    /// [`Rule::MemberMinimum`]
    MemberMinimum,
    /// [`Rule::PairsOf`]
    PairsOf,
}

/// How many kinds of rule there are.
const KINDS: usize = RuleKind::PairsOf as usize + 1;

impl Rule {
    /// Which kind of rule this is.
    pub fn kind(&self) -> RuleKind {
        match self {
            Rule::Coverage { .. } => RuleKind::Coverage,
            Rule::DistrictQuota { .. } => RuleKind::DistrictQuota,
            Rule::UnitMinimum { .. } => RuleKind::UnitMinimum,
            Rule::HelperCapacity => RuleKind::HelperCapacity,
            Rule::HelperPartners { .. } => RuleKind::HelperPartners,
            Rule::RecipientUnits { .. } => RuleKind::RecipientUnits,
            Rule::RecipientDemand { .. } => RuleKind::RecipientDemand,
            Rule::TotalUnits { .. } => RuleKind::TotalUnits,
            Rule::AllowedPairs { .. } => RuleKind::AllowedPairs,
            Rule::ForbiddenPairs { .. } => RuleKind::ForbiddenPairs,
            Rule::FixedPairs { .. } => RuleKind::FixedPairs,
            Rule::NamedSenders { .. } => RuleKind::NamedSenders,
            Rule::MemberMinimum { .. } => RuleKind::MemberMinimum,
            Rule::PairsOf { .. } => RuleKind::PairsOf,
        }
    }

    /// Whether this rule rules out pairing `recipient` with `helper` before any plan is made, so
    /// that no arc is built for the pair. Each kind decides here, and only here: the model builds
    /// arcs through [`super::Instance::pair_excluded`], and a rule that bounds how much a pair
    /// carries (rather than whether it exists) answers `false` and is encoded with the bounds.
    pub fn excludes_pair(&self, recipient: RecipientId, helper: HelperId) -> bool {
        match self {
            Rule::AllowedPairs { costs } => !costs.contains_key(&(recipient, helper)),
            Rule::ForbiddenPairs { pairs } => pairs.contains(&(recipient, helper)),
            Rule::PairsOf { pairs, .. } => !pairs.contains(&(recipient, helper)),
            Rule::NamedSenders { senders, .. } => senders
                .get(&recipient)
                .is_some_and(|named| !named.contains(&helper)),
            // A fixed pair must exist, it excludes nothing; the others bound counts and loads.
            Rule::FixedPairs { .. }
            | Rule::Coverage { .. }
            | Rule::DistrictQuota { .. }
            | Rule::UnitMinimum { .. }
            | Rule::HelperCapacity
            | Rule::HelperPartners { .. }
            | Rule::RecipientUnits { .. }
            | Rule::RecipientDemand { .. }
            | Rule::MemberMinimum { .. }
            | Rule::TotalUnits { .. } => false,
        }
    }

    /// The rule's name in models files and in findings.
    pub fn name(&self) -> &'static str {
        match self {
            Rule::Coverage { .. } => "coverage",
            Rule::DistrictQuota { .. } => "district_quota",
            Rule::UnitMinimum { .. } => "unit_minimum",
            Rule::HelperCapacity => "capacity",
            Rule::HelperPartners { .. } => "helper_partners",
            Rule::AllowedPairs { .. } => "allowed_pairs",
            Rule::ForbiddenPairs { .. } => "forbidden_pairs",
            Rule::FixedPairs { .. } => "fixed_pairs",
            Rule::NamedSenders { .. } => "named_senders",
            Rule::MemberMinimum { .. } => "member_minimum",
            Rule::PairsOf { .. } => "pairs_of",
            Rule::RecipientUnits { .. } => "recipient_units",
            Rule::TotalUnits { .. } => "total_units",
            Rule::RecipientDemand { .. } => "recipient_demand",
        }
    }
}

/// The rules of one program: at most one of each kind (validation refuses a second), kept in one
/// slot per [`RuleKind`] so that asking for a kind is an index, not a search.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RuleSet {
    slots: [Option<Rule>; KINDS],
    /// Where the seed sets each rule (附件1 二(一)5), when the model says.
    sources: [Option<String>; KINDS],
}

impl RuleSet {
    /// Adds a rule, handing back the rule of the same kind it replaces.
    pub fn insert(&mut self, rule: Rule) -> Option<Rule> {
        let slot = rule.kind() as usize;
        self.slots[slot].replace(rule)
    }

    /// Takes the rule of this kind out, if the program has one.
    pub fn remove(&mut self, kind: RuleKind) -> Option<Rule> {
        self.slots[kind as usize].take()
    }

    /// Records where the seed sets the rule of this kind.
    pub fn set_source(&mut self, kind: RuleKind, source: String) {
        self.sources[kind as usize] = Some(source);
    }

    /// Where the seed sets the rule of this kind, if the model says.
    pub fn source(&self, kind: RuleKind) -> Option<&str> {
        self.sources[kind as usize].as_deref()
    }

    /// The rule of this kind, if the program has one.
    pub fn get(&self, kind: RuleKind) -> Option<&Rule> {
        self.slots[kind as usize].as_ref()
    }

    /// The rule of this kind, to edit in place (a scenario's edits).
    pub fn get_mut(&mut self, kind: RuleKind) -> Option<&mut Rule> {
        self.slots[kind as usize].as_mut()
    }

    /// Whether the program has a rule of this kind.
    pub fn has(&self, kind: RuleKind) -> bool {
        self.get(kind).is_some()
    }

    /// The rules, in the order of [`RuleKind`].
    pub fn iter(&self) -> impl Iterator<Item = &Rule> {
        self.slots.iter().flatten()
    }

    /// The rules, to edit in place (an instance scaled or moved by a test or a scenario).
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Rule> {
        self.slots.iter_mut().flatten()
    }

    /// How many rules the program has.
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// Whether the program has no rule at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Collects rules; of two of the same kind the later wins (validation reports such a pair first).
impl FromIterator<Rule> for RuleSet {
    fn from_iter<I: IntoIterator<Item = Rule>>(rules: I) -> Self {
        let mut set = RuleSet::default();
        for rule in rules {
            set.insert(rule);
        }
        set
    }
}

impl<const N: usize> From<[Rule; N]> for RuleSet {
    fn from(rules: [Rule; N]) -> Self {
        rules.into_iter().collect()
    }
}

impl<'a> IntoIterator for &'a RuleSet {
    type Item = &'a Rule;
    type IntoIter = std::iter::Flatten<std::slice::Iter<'a, Option<Rule>>>;
    fn into_iter(self) -> Self::IntoIter {
        self.slots.iter().flatten()
    }
}

impl<'a> IntoIterator for &'a mut RuleSet {
    type Item = &'a mut Rule;
    type IntoIter = std::iter::Flatten<std::slice::IterMut<'a, Option<Rule>>>;
    fn into_iter(self) -> Self::IntoIter {
        self.slots.iter_mut().flatten()
    }
}

/// Weights of the preferences a plan is optimised for; the rules above are never traded against them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Costs {
    /// Cost of one pairing off the pairing map (the recipient's county is paired with another district).
    /// `None` forbids such pairings.
    pub off_map: Option<f64>,
    /// Cost of one pairing whose helper has no skill matching the recipient's main trait.
    pub trait_mismatch: f64,
    /// Weight of the load-balance term: Σ over helpers of load² / capacity.
    pub balance: f64,
    /// Cost of one unit of a previous pairing that is not kept (`plan --previous`): a changed
    /// pairing is a phone call, a new agreement and a site visit.
    pub change: f64,
}

/// The `change` weight when a model sets none: above any off-map, mismatch or balance gain one
/// move can bring in the shipped models, so that stability comes first and the program's own
/// preferences second.
pub const DEFAULT_CHANGE: f64 = 1000.0;

#[cfg(test)]
mod tests {
    use super::*;

    const R: RecipientId = RecipientId(0);
    const H: HelperId = HelperId(1);
    const OTHER: HelperId = HelperId(2);

    #[test]
    fn only_rules_about_which_pairs_exist_exclude_a_pair() {
        let pair = BTreeSet::from([(R, H)]);
        assert!(!Rule::ForbiddenPairs {
            pairs: pair.clone()
        }
        .excludes_pair(R, OTHER));
        assert!(Rule::ForbiddenPairs {
            pairs: pair.clone()
        }
        .excludes_pair(R, H));
        let followed = Rule::PairsOf {
            program: "hospitals".into(),
            pairs: pair.clone(),
        };
        assert!(!followed.excludes_pair(R, H));
        assert!(followed.excludes_pair(R, OTHER));
        let allowed = Rule::AllowedPairs {
            costs: BTreeMap::from([((R, H), 1.0)]),
        };
        assert!(!allowed.excludes_pair(R, H));
        assert!(allowed.excludes_pair(R, OTHER));
        let named = Rule::NamedSenders {
            senders: BTreeMap::from([(R, BTreeSet::from([H]))]),
            each_sends: BTreeSet::new(),
        };
        assert!(!named.excludes_pair(R, H));
        assert!(named.excludes_pair(R, OTHER));
        // A recipient whose senders are not named may take anyone.
        assert!(!named.excludes_pair(RecipientId(5), OTHER));
        // Fixing a pair keeps it; it rules out no other.
        assert!(!Rule::FixedPairs { pairs: pair }.excludes_pair(R, OTHER));
        assert!(!Rule::HelperCapacity.excludes_pair(R, OTHER));
    }
}
