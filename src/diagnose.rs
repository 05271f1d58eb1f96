//! Why no plan can exist, counted before any solver runs: each [`Reason`] names who falls short, by
//! how much, of what — a district's quota above its helpers' capacity, recipients nobody may serve,
//! fixed pairs that cannot all be kept — and, when every count passes, a minimum cut of the supply
//! flow ([`PairingGraph::supply_shortfall`]). Each reason is a proof: a plan meeting the rules would
//! contradict it (the property tests check that the LP then has no solution).

use crate::tr;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::domain::{Count, DistrictId, HelperId, Instance, RecipientId, Rule, RuleKind};
use crate::graph::{Needing, PairingGraph, Serving, SupplyShortfall};
use crate::model;

/// Why recipients have no eligible helper at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnreachableCause {
    /// No allowed candidate pair names them.
    NoCandidatePair,
    /// Their counties' paired districts hold no quota (the program sets quotas).
    NoQuota,
    /// The helpers of their counties' paired districts have no capacity.
    NoCapacity,
    /// Their counties' paired districts have no helpers in this program.
    NoHelpers,
}

/// Why a fixed pair cannot be kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixedPairBlock {
    /// The pair is forbidden too.
    Forbidden,
    /// The helper has no capacity, or its district holds no quota.
    HelperUnusable,
    /// The pair is not among the allowed candidate pairs.
    NotACandidate,
    /// The pair is off the pairing map, which the program forbids.
    OffMap,
}

/// One counted reason why no plan meets the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// Recipients that need service but that no helper may serve.
    Unreachable {
        /// How many.
        count: usize,
        /// A few of their names.
        examples: Vec<String>,
        /// What they are called.
        noun: String,
        /// Why.
        cause: UnreachableCause,
    },
    /// A recipient whose every possible helper is in a forbidden pair.
    NoHelperLeft {
        /// `name（id）`.
        recipient: String,
    },
    /// A fixed pair that no arc allows.
    FixedPairImpossible {
        /// `name（id）`.
        recipient: String,
        /// `name（id）`.
        helper: String,
        /// Why.
        block: FixedPairBlock,
    },
    /// More fixed pairs on one recipient than it may have helpers.
    FixedPairsOnRecipient {
        /// `name（id）`.
        recipient: String,
        /// Fixed pairs.
        count: Count,
        /// Most helpers.
        most: Count,
    },
    /// More fixed pairs on one helper than its capacity or partners allow.
    FixedPairsOnHelper {
        /// `name（id）`.
        helper: String,
        /// Fixed pairs.
        count: Count,
        /// Most it may take.
        most: Count,
    },
    /// A district's fixed pairs above its quota.
    FixedPairsAboveQuota {
        /// The district.
        district: String,
        /// Its fixed pairs.
        count: Count,
        /// Its quota.
        quota: Count,
    },
    /// A unit's minimum that the fixed pairs of its district's other helpers leave no room for.
    FixedPairsCrowdUnit {
        /// The unit.
        unit: String,
        /// Its district.
        district: String,
        /// Its minimum.
        minimum: Count,
        /// The district's quota.
        quota: Count,
        /// Fixed pairs of the district's helpers the unit did not mobilise.
        others: Count,
    },
    /// Fewer pairings offered by partners-per-helper than the recipients need.
    PartnersShort {
        /// Recipients' noun.
        recipient_noun: String,
        /// Helpers' noun.
        helper_noun: String,
        /// Pairings needed.
        needed: u64,
        /// Usable helpers.
        helpers: u64,
        /// Partners per helper.
        max: Count,
    },
    /// The demands add up to more units than the helpers can send.
    DemandAboveCapacity {
        /// Recipients' noun.
        recipient_noun: String,
        /// Units' noun.
        unit_noun: String,
        /// Units needed.
        needed: u64,
        /// Units the usable helpers can send.
        usable: u64,
    },
    /// A district's paired counties demand more than its helpers can send (no off-map pairing).
    DistrictDemandAboveCapacity {
        /// Recipients' noun.
        recipient_noun: String,
        /// Units' noun.
        unit_noun: String,
        /// The district.
        district: String,
        /// Units needed.
        needed: u64,
        /// Units its helpers can send.
        available: u64,
    },
    /// The program's total is above what the helpers can send.
    TotalAboveCapacity {
        /// Units' noun.
        unit_noun: String,
        /// The total.
        total: u64,
        /// Units the usable helpers can send.
        usable: u64,
    },
    /// The recipients' least units add up to more than the program's total.
    TotalBelowLeast {
        /// Recipients' noun.
        recipient_noun: String,
        /// Units' noun.
        unit_noun: String,
        /// Recipients.
        recipients: u64,
        /// Least per recipient.
        per_recipient: Count,
        /// The total.
        total: u64,
    },
    /// The recipients' most units add up to less than the program's total.
    TotalAboveMost {
        /// Recipients' noun.
        recipient_noun: String,
        /// Units' noun.
        unit_noun: String,
        /// Recipients.
        recipients: u64,
        /// Most they may take together.
        most: u64,
        /// The total.
        total: u64,
    },
    /// The quotas do not add up to the pairings the recipients need.
    QuotasVsRecipients {
        /// Recipients' noun.
        noun: String,
        /// Sum of the quotas.
        quotas: u64,
        /// Recipients.
        recipients: u64,
        /// Fewest and most pairings they need.
        pairings: (u64, u64),
    },
    /// A district's quota above its helpers' capacity.
    QuotaAboveCapacity {
        /// The district.
        district: String,
        /// Its quota.
        quota: u64,
        /// Its helpers' capacity.
        available: u64,
    },
    /// A unit's minimum above its helpers' capacity.
    UnitAboveCapacity {
        /// The unit.
        unit: String,
        /// Its minimum.
        minimum: u64,
        /// Its helpers' capacity.
        capacity: u64,
    },
    /// The minimums of a district's units above its quota.
    UnitsAboveQuota {
        /// The district.
        district: String,
        /// The minimums' sum.
        needed: u64,
        /// Its quota.
        quota: u64,
    },
    /// A minimum cut: these counties (or recipients) need more than those who may serve them can
    /// give.
    Supply {
        /// Recipients' noun.
        recipient_noun: String,
        /// What is counted (pairings, or the allotment's units).
        unit_noun: String,
        /// Whether `needing` are counties (else recipients).
        of_counties: bool,
        /// Who needs.
        needing: Vec<String>,
        /// Who may serve (empty: nobody).
        serving: Vec<String>,
        /// Needed in all.
        needed: u64,
        /// What the servers can give.
        available: u64,
    },
    /// Fewer changes allowed (`--max-changes`) than the rules force on last year's pairings.
    ChangesNeeded {
        /// The changes allowed.
        budget: u64,
        /// The fewest any plan needs.
        least: u64,
        /// What forces them, counted (`和平区's quota is 159 now: 7`…).
        causes: Vec<String>,
    },
    /// Fixed pairs whose team members each send at least their minimum need more room than one
    /// recipient, one helper or the program's total has.
    MembersAboveRoom {
        /// `name（id）` of the recipient or helper, or the program's total.
        who: String,
        /// The fixed pairs on it.
        pairs: Count,
        /// Each member's minimum.
        minimum: Count,
        /// The most it may take.
        room: u64,
    },
    /// Every count passes but the rules cannot all hold together (found by the solver).
    NotAllAtOnce {
        /// Whether the program sets district quotas.
        quotas: bool,
        /// Helpers' noun.
        helper_noun: String,
        /// Recipients' noun.
        recipient_noun: String,
    },
}

/// At most eight names, then how many more.
fn listed(names: &[String]) -> String {
    let more = names.len().saturating_sub(8);
    let list = names[..names.len().min(8)].join("、");
    if more > 0 {
        tr!("reason-and-more", list = list, more = more)
    } else {
        list
    }
}

impl fmt::Display for UnreachableCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            UnreachableCause::NoCandidatePair => tr!("cause-no-candidate-pair"),
            UnreachableCause::NoQuota => tr!("cause-no-quota"),
            UnreachableCause::NoCapacity => tr!("cause-no-capacity"),
            UnreachableCause::NoHelpers => tr!("cause-no-helpers"),
        })
    }
}

impl fmt::Display for FixedPairBlock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            FixedPairBlock::Forbidden => tr!("block-forbidden"),
            FixedPairBlock::HelperUnusable => tr!("block-helper-unusable"),
            FixedPairBlock::NotACandidate => tr!("block-not-a-candidate"),
            FixedPairBlock::OffMap => tr!("block-off-map"),
        })
    }
}

impl Reason {
    /// The rule whose limit is short: its seed clause is what the planner is told to look up.
    pub fn rule(&self) -> Option<RuleKind> {
        match self {
            Reason::Unreachable { .. }
            | Reason::Supply { .. }
            | Reason::NotAllAtOnce { .. }
            | Reason::ChangesNeeded { .. } => None,
            Reason::NoHelperLeft { .. } => Some(RuleKind::ForbiddenPairs),
            Reason::FixedPairImpossible { .. }
            | Reason::FixedPairsOnRecipient { .. }
            | Reason::FixedPairsOnHelper { .. } => Some(RuleKind::FixedPairs),
            Reason::FixedPairsAboveQuota { .. } => Some(RuleKind::DistrictQuota),
            Reason::FixedPairsCrowdUnit { .. } => Some(RuleKind::UnitMinimum),
            Reason::MembersAboveRoom { .. } => Some(RuleKind::MemberMinimum),
            Reason::PartnersShort { .. } => Some(RuleKind::HelperPartners),
            Reason::DemandAboveCapacity { .. }
            | Reason::DistrictDemandAboveCapacity { .. }
            | Reason::TotalAboveCapacity { .. } => Some(RuleKind::HelperCapacity),
            Reason::TotalBelowLeast { .. } | Reason::TotalAboveMost { .. } => {
                Some(RuleKind::TotalUnits)
            }
            Reason::QuotasVsRecipients { .. }
            | Reason::QuotaAboveCapacity { .. }
            | Reason::UnitsAboveQuota { .. } => Some(RuleKind::DistrictQuota),
            Reason::UnitAboveCapacity { .. } => Some(RuleKind::UnitMinimum),
        }
    }

    /// Where the seed sets what is short: the clause of the reason's rule, else the program's.
    pub fn seed(&self, instance: &Instance) -> String {
        self.rule()
            .and_then(|kind| instance.rules.source(kind))
            .unwrap_or(&instance.program.source)
            .to_string()
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Reason::Unreachable {
                count,
                examples,
                noun,
                cause,
            } => sentence::unreachable(*count, examples, noun, *cause),
            Reason::NoHelperLeft { recipient } => sentence::no_helper_left(recipient),
            Reason::FixedPairImpossible {
                recipient,
                helper,
                block,
            } => sentence::fixed_pair_impossible(recipient, helper, *block),
            Reason::FixedPairsOnRecipient {
                recipient,
                count,
                most,
            } => sentence::fixed_pairs_on_recipient(recipient, *count, *most),
            Reason::FixedPairsOnHelper {
                helper,
                count,
                most,
            } => sentence::fixed_pairs_on_helper(helper, *count, *most),
            Reason::MembersAboveRoom {
                who,
                pairs,
                minimum,
                room,
            } => tr!(
                "reason-members-above-room",
                who = who.as_str(),
                pairs = *pairs,
                minimum = *minimum,
                needed = u64::from(*pairs) * u64::from(*minimum),
                room = *room
            ),
            Reason::FixedPairsAboveQuota {
                district,
                count,
                quota,
            } => sentence::fixed_pairs_above_quota(district, *count, *quota),
            Reason::FixedPairsCrowdUnit {
                unit,
                district,
                minimum,
                quota,
                others,
            } => sentence::fixed_pairs_crowd_unit((unit, district), *minimum, *quota, *others),
            Reason::PartnersShort {
                recipient_noun,
                helper_noun,
                needed,
                helpers,
                max,
            } => sentence::partners_short((recipient_noun, helper_noun), *needed, *helpers, *max),
            Reason::DemandAboveCapacity {
                recipient_noun,
                unit_noun,
                needed,
                usable,
            } => sentence::demand_above_capacity((recipient_noun, unit_noun), *needed, *usable),
            Reason::DistrictDemandAboveCapacity {
                recipient_noun,
                unit_noun,
                district,
                needed,
                available,
            } => sentence::district_demand_above_capacity(
                (recipient_noun, unit_noun),
                district,
                *needed,
                *available,
            ),
            Reason::TotalAboveCapacity {
                unit_noun,
                total,
                usable,
            } => sentence::total_above_capacity(unit_noun, *total, *usable),
            Reason::TotalBelowLeast {
                recipient_noun,
                unit_noun,
                recipients,
                per_recipient,
                total,
            } => sentence::total_below_least(
                (recipient_noun, unit_noun),
                *recipients,
                *per_recipient,
                *total,
            ),
            Reason::TotalAboveMost {
                recipient_noun,
                unit_noun,
                recipients,
                most,
                total,
            } => {
                sentence::total_above_most((recipient_noun, unit_noun), *recipients, *most, *total)
            }
            Reason::QuotasVsRecipients {
                noun,
                quotas,
                recipients,
                pairings,
            } => sentence::quotas_vs_recipients(noun, *quotas, *recipients, *pairings),
            Reason::QuotaAboveCapacity {
                district,
                quota,
                available,
            } => sentence::quota_above_capacity(district, *quota, *available),
            Reason::UnitAboveCapacity {
                unit,
                minimum,
                capacity,
            } => sentence::unit_above_capacity(unit, *minimum, *capacity),
            Reason::UnitsAboveQuota {
                district,
                needed,
                quota,
            } => sentence::units_above_quota(district, *needed, *quota),
            Reason::Supply {
                recipient_noun,
                unit_noun,
                of_counties,
                needing,
                serving,
                needed,
                available,
            } => sentence::supply(
                (recipient_noun, unit_noun),
                (*of_counties, needing),
                serving,
                (*needed, *available),
            ),
            Reason::ChangesNeeded {
                budget,
                least,
                causes,
            } => sentence::changes_needed(*budget, *least, causes),
            Reason::NotAllAtOnce {
                quotas,
                helper_noun,
                recipient_noun,
            } => sentence::not_all_at_once(*quotas, helper_noun, recipient_noun),
        };
        f.write_str(&text)
    }
}

/// The sentence of each kind of reason, in the planners' language: what falls short, by how much.
mod sentence {
    use super::{listed, FixedPairBlock, UnreachableCause};
    use crate::domain::Count;
    use crate::i18n::noun;
    use crate::tr;

    /// Recipients no helper may serve, a few named, and why.
    pub(super) fn unreachable(
        count: usize,
        examples: &[String],
        recipients: &str,
        cause: UnreachableCause,
    ) -> String {
        tr!(
            "reason-unreachable",
            count = count,
            noun = noun(recipients),
            examples = examples.join("、"),
            cause = cause.to_string()
        )
    }

    /// A recipient whose every pair is excluded.
    pub(super) fn no_helper_left(recipient: &str) -> String {
        tr!("reason-no-helper-left", recipient = recipient)
    }

    /// A fixed pair no arc allows, and what blocks it.
    pub(super) fn fixed_pair_impossible(
        recipient: &str,
        helper: &str,
        block: FixedPairBlock,
    ) -> String {
        tr!(
            "reason-fixed-pair-impossible",
            recipient = recipient,
            helper = helper,
            block = block.to_string()
        )
    }

    /// More fixed pairs on a recipient than it may have helpers.
    pub(super) fn fixed_pairs_on_recipient(recipient: &str, count: Count, most: Count) -> String {
        tr!(
            "reason-fixed-pairs-on-recipient",
            recipient = recipient,
            count = count,
            most = most
        )
    }

    /// More fixed pairs on a helper than it may take.
    pub(super) fn fixed_pairs_on_helper(helper: &str, count: Count, most: Count) -> String {
        tr!(
            "reason-fixed-pairs-on-helper",
            helper = helper,
            count = count,
            most = most
        )
    }

    /// A district's fixed pairs above its quota, and by how many.
    pub(super) fn fixed_pairs_above_quota(district: &str, count: Count, quota: Count) -> String {
        tr!(
            "reason-fixed-pairs-above-quota",
            district = district,
            count = count,
            quota = quota,
            excess = count - quota
        )
    }

    /// A unit's minimum against the room its district's other fixed pairs leave under the quota.
    pub(super) fn fixed_pairs_crowd_unit(
        (unit, district): (&str, &str),
        minimum: Count,
        quota: Count,
        others: Count,
    ) -> String {
        tr!(
            "reason-fixed-pairs-crowd-unit",
            unit = unit,
            minimum = minimum,
            district = district,
            quota = quota,
            others = others,
            room = quota.saturating_sub(others)
        )
    }

    /// The pairings the usable helpers offer, `max` each, against those needed.
    pub(super) fn partners_short(
        (recipient_noun, helper_noun): (&str, &str),
        needed: u64,
        helpers: u64,
        max: Count,
    ) -> String {
        let offered = helpers * u64::from(max);
        tr!(
            "reason-partners-short",
            recipients = noun(recipient_noun),
            needed = needed,
            helpers = helpers,
            helper_noun = noun(helper_noun),
            max = max,
            offered = offered,
            short = needed - offered
        )
    }

    /// The units demanded against what the usable helpers can send.
    pub(super) fn demand_above_capacity(
        (recipient_noun, unit_noun): (&str, &str),
        needed: u64,
        usable: u64,
    ) -> String {
        tr!(
            "reason-demand-above-capacity",
            recipients = noun(recipient_noun),
            needed = needed,
            unit = noun(unit_noun),
            usable = usable,
            short = needed - usable
        )
    }

    /// A district's counties' demand against what its own helpers can send.
    pub(super) fn district_demand_above_capacity(
        (recipient_noun, unit_noun): (&str, &str),
        district: &str,
        needed: u64,
        available: u64,
    ) -> String {
        tr!(
            "reason-district-demand-above-capacity",
            recipients = noun(recipient_noun),
            district = district,
            needed = needed,
            unit = noun(unit_noun),
            available = available,
            short = needed - available
        )
    }

    /// The program's total against what the usable helpers can send.
    pub(super) fn total_above_capacity(unit_noun: &str, total: u64, usable: u64) -> String {
        tr!(
            "reason-total-above-capacity",
            total = total,
            unit = noun(unit_noun),
            usable = usable,
            short = total - usable
        )
    }

    /// The recipients' least units together against the program's total.
    pub(super) fn total_below_least(
        (recipient_noun, unit_noun): (&str, &str),
        recipients: u64,
        per_recipient: Count,
        total: u64,
    ) -> String {
        tr!(
            "reason-total-below-least",
            count = recipients,
            recipients = noun(recipient_noun),
            each = per_recipient,
            unit = noun(unit_noun),
            least = recipients * u64::from(per_recipient),
            total = total
        )
    }

    /// The recipients' most units together against the program's total.
    pub(super) fn total_above_most(
        (recipient_noun, unit_noun): (&str, &str),
        recipients: u64,
        most: u64,
        total: u64,
    ) -> String {
        tr!(
            "reason-total-above-most",
            count = recipients,
            recipients = noun(recipient_noun),
            most = most,
            unit = noun(unit_noun),
            total = total
        )
    }

    /// The quotas' sum against the pairings the recipients need (one figure, or a range).
    pub(super) fn quotas_vs_recipients(
        recipient_noun: &str,
        quotas: u64,
        recipients: u64,
        (least, most): (u64, u64),
    ) -> String {
        let pairings = if least == most {
            least.to_string()
        } else {
            format!("{least}–{most}")
        };
        tr!(
            "reason-quotas-vs-recipients",
            quotas = quotas,
            count = recipients,
            recipients = noun(recipient_noun),
            pairings = pairings
        )
    }

    /// A district's quota against its helpers' capacity.
    pub(super) fn quota_above_capacity(district: &str, quota: u64, available: u64) -> String {
        tr!(
            "reason-quota-above-capacity",
            district = district,
            quota = quota,
            available = available,
            short = quota - available
        )
    }

    /// A unit's minimum against its helpers' capacity.
    pub(super) fn unit_above_capacity(unit: &str, minimum: u64, capacity: u64) -> String {
        tr!(
            "reason-unit-above-capacity",
            unit = unit,
            minimum = minimum,
            capacity = capacity,
            short = minimum - capacity
        )
    }

    /// The minimums of a district's units against its quota.
    pub(super) fn units_above_quota(district: &str, needed: u64, quota: u64) -> String {
        tr!(
            "reason-units-above-quota",
            district = district,
            needed = needed,
            quota = quota
        )
    }

    /// A minimum cut: who needs, how much, and who alone may serve them (or nobody).
    pub(super) fn supply(
        (recipient_noun, unit_noun): (&str, &str),
        (of_counties, needing): (bool, &[String]),
        serving: &[String],
        (needed, available): (u64, u64),
    ) -> String {
        let servers = if serving.is_empty() {
            tr!("reason-supply-nobody")
        } else {
            tr!(
                "reason-supply-only",
                serving = listed(serving),
                count = serving.len(),
                available = available
            )
        };
        tr!(
            if of_counties {
                "reason-supply-of-counties"
            } else {
                "reason-supply"
            },
            recipients = noun(recipient_noun),
            needing = listed(needing),
            needed = needed,
            unit = noun(unit_noun),
            servers = servers,
            short = needed.saturating_sub(available)
        )
    }

    /// The changes allowed against the fewest the rules force, and what forces them.
    pub(super) fn changes_needed(budget: u64, least: u64, causes: &[String]) -> String {
        tr!(
            "reason-changes-needed",
            budget = budget,
            least = least,
            causes = listed(causes)
        )
    }

    /// Every count passes but the rules cannot all hold: quotas are the likeliest to look at.
    pub(super) fn not_all_at_once(quotas: bool, helper_noun: &str, recipient_noun: &str) -> String {
        if quotas {
            tr!("reason-not-all-at-once-quotas")
        } else {
            tr!(
                "reason-not-all-at-once",
                helpers = noun(helper_noun),
                recipients = noun(recipient_noun)
            )
        }
    }
}

/// `name（id）` of a recipient.
fn recipient_label(instance: &Instance, r: RecipientId) -> String {
    let recipient = &instance.recipients[r.0];
    format!("{}（{}）", recipient.name, recipient.id)
}

/// `name（id）` of a helper.
fn helper_label(instance: &Instance, h: HelperId) -> String {
    let helper = &instance.helpers[h.0];
    format!("{}（{}）", helper.name, helper.id)
}

/// What to say when every count passes but the solver finds the rules cannot all hold.
pub fn not_all_at_once(instance: &Instance) -> Reason {
    Reason::NotAllAtOnce {
        quotas: instance.district_quotas().is_some(),
        helper_noun: instance.program.helper_noun.clone(),
        recipient_noun: instance.program.recipient_noun.clone(),
    }
}

/// Why the recipients nobody may serve are stranded, judged from the first of them.
fn unreachable_cause(instance: &Instance, first: RecipientId) -> UnreachableCause {
    if instance.allowed_pairs().is_some() {
        return UnreachableCause::NoCandidatePair;
    }
    let Some(county) = instance.recipients[first.0].county else {
        return UnreachableCause::NoHelpers;
    };
    let district = instance.counties[county.0].paired_district;
    if instance.quota_of(district) == Some(0) {
        return UnreachableCause::NoQuota;
    }
    let helpers: Vec<_> = instance
        .helpers
        .iter()
        .filter(|h| h.district == Some(district))
        .collect();
    if helpers.is_empty() {
        UnreachableCause::NoHelpers
    } else {
        UnreachableCause::NoCapacity
    }
}

/// Counts, before any solver, the quotas and minimums that the available capacity cannot meet;
/// when every count passes, looks for a minimum cut of the supply flow.
pub fn shortfalls(instance: &Instance, graph: &PairingGraph) -> Vec<Reason> {
    let mut reasons: Vec<Reason> = unreachable_reason(instance, graph).into_iter().collect();
    let counts = Capacities::of(instance, graph);
    for rule in &instance.rules {
        reasons.extend(rule_shortfalls(&counts, rule));
    }
    // The simple counts above found nothing: look for a set of counties that needs more than the
    // districts able to serve it can give, which the counts per rule cannot see.
    if reasons.is_empty() {
        if let Some(shortfall) = graph.supply_shortfall(instance) {
            reasons.push(supply_reason(instance, &shortfall));
        }
    }
    reasons
}

/// The recipients that need service but that no helper may serve, if any: counted once, before
/// the rules, for every rule is moot for them.
fn unreachable_reason(instance: &Instance, graph: &PairingGraph) -> Option<Reason> {
    let unreachable = graph.unreachable_recipients(instance);
    let &first = unreachable.first()?;
    Some(Reason::Unreachable {
        count: unreachable.len(),
        examples: unreachable
            .iter()
            .take(5)
            .map(|r| instance.recipients[r.0].name.clone())
            .collect(),
        noun: instance.program.recipient_noun.clone(),
        cause: unreachable_cause(instance, first),
    })
}

/// What the counts per rule compare the rules' figures with, worked out once per program.
struct Capacities<'a> {
    instance: &'a Instance,
    graph: &'a PairingGraph,
    /// The recipients.
    recipients: u64,
    /// The capacity of each district's helpers.
    of_district: BTreeMap<DistrictId, u64>,
    /// The capacity of the helpers that may take anyone.
    usable: u64,
    /// Whether a capacity rule bounds the helpers at all.
    bound: bool,
}

impl<'a> Capacities<'a> {
    /// The capacities of `instance`'s helpers, as the rules' figures are compared with them.
    fn of(instance: &'a Instance, graph: &'a PairingGraph) -> Self {
        let mut of_district: BTreeMap<DistrictId, u64> = BTreeMap::new();
        for helper in &instance.helpers {
            if let Some(district) = helper.district {
                *of_district.entry(district).or_default() += u64::from(helper.capacity);
            }
        }
        let usable: u64 = (0..instance.helpers.len())
            .map(HelperId)
            .filter(|&h| instance.helper_usable(h))
            .map(|h| u64::from(instance.helpers[h.0].capacity))
            .sum();
        Capacities {
            instance,
            graph,
            recipients: instance.recipients.len() as u64,
            of_district,
            usable,
            bound: instance.has_capacity_rule(),
        }
    }
}

/// The shortfalls one rule's figures show: each rule kind is counted by its own function, so that
/// a new kind must be decided here.
fn rule_shortfalls(counts: &Capacities, rule: &Rule) -> Vec<Reason> {
    let (instance, graph) = (counts.instance, counts.graph);
    match rule {
        // Recipients without an allowed pair are counted as unreachable above.
        Rule::Coverage { .. }
        | Rule::HelperCapacity
        | Rule::AllowedPairs { .. }
        | Rule::RecipientUnits { .. } => Vec::new(),
        // A member's minimum binds only members: counted where members are fixed (the rest are
        // short by the other rules' figures).
        Rule::MemberMinimum { min } => members_above_room(instance, *min),
        // Both rules name the same recipients' excluded pairs: looked at once, under the first.
        Rule::NamedSenders { .. } if instance.forbidden_pairs().is_some() => Vec::new(),
        Rule::ForbiddenPairs { .. } | Rule::NamedSenders { .. } => excluded_everywhere(counts),
        Rule::FixedPairs { pairs } | Rule::PairsOf { pairs, .. } => {
            fixed_pair_shortfalls(instance, graph, pairs)
        }
        Rule::HelperPartners { max } => partners_shortfall(counts, *max).into_iter().collect(),
        Rule::RecipientDemand { demand } => demand_shortfalls(counts, demand),
        Rule::TotalUnits { total } => total_shortfalls(counts, u64::from(*total)),
        Rule::DistrictQuota { quotas } => quota_shortfalls(counts, quotas),
        Rule::UnitMinimum { minimums } => unit_minimum_shortfalls(counts, minimums),
    }
}

/// The forbidden pairs and named senders: a recipient whose every pair is excluded (forbidden, or
/// no named sender usable) has nobody left.
fn excluded_everywhere(counts: &Capacities) -> Vec<Reason> {
    let instance = counts.instance;
    let named: BTreeSet<RecipientId> = instance
        .forbidden_pairs()
        .into_iter()
        .flatten()
        .map(|&(r, _)| r)
        .chain(
            instance
                .named_senders()
                .into_iter()
                .flat_map(|n| n.keys().copied()),
        )
        .collect();
    named
        .into_iter()
        .filter(|&r| model::helpers_for(instance, counts.graph, r).is_empty())
        .map(|r| Reason::NoHelperLeft {
            recipient: recipient_label(instance, r),
        })
        .collect()
}

/// The partners rule: each recipient needs its fewest helpers (one, in an allotment without a
/// coverage rule, if it must receive any unit); each usable helper offers `max` pairings.
fn partners_shortfall(counts: &Capacities, max: Count) -> Option<Reason> {
    let instance = counts.instance;
    let (min, _) = instance.coverage();
    let needed: u64 = (0..instance.recipients.len())
        .map(RecipientId)
        .map(
            |r| match (instance.coverage_rule(), instance.is_allotment()) {
                (Some((fewest, _)), _) => u64::from(fewest),
                (None, true) => u64::from(instance.unit_bounds(r).0 > 0),
                (None, false) => u64::from(min),
            },
        )
        .sum();
    let helpers = (0..instance.helpers.len())
        .map(HelperId)
        .filter(|&h| instance.helper_usable(h))
        .count() as u64;
    (helpers * u64::from(max) < needed).then(|| Reason::PartnersShort {
        recipient_noun: instance.program.recipient_noun.clone(),
        helper_noun: instance.program.helper_noun.clone(),
        needed,
        helpers,
        max,
    })
}

/// The demand rule: the units demanded against what the usable helpers can send, and, where only
/// the paired district may serve a county, each district's counties' demand against its helpers.
fn demand_shortfalls(counts: &Capacities, demand: &BTreeMap<RecipientId, Count>) -> Vec<Reason> {
    let instance = counts.instance;
    let noun = &instance.program.recipient_noun;
    let unit_noun = &instance.program.unit_noun;
    let mut reasons = Vec::new();
    let needed: u64 = demand.values().map(|&d| u64::from(d)).sum();
    if counts.bound && counts.usable < needed {
        reasons.push(Reason::DemandAboveCapacity {
            recipient_noun: noun.clone(),
            unit_noun: unit_noun.clone(),
            needed,
            usable: counts.usable,
        });
    }
    if counts.bound && instance.costs.off_map.is_none() && instance.allowed_pairs().is_none() {
        let mut per_district: BTreeMap<DistrictId, u64> = BTreeMap::new();
        for (&r, &units) in demand {
            if let Some(county) = instance.recipients[r.0].county {
                *per_district
                    .entry(instance.counties[county.0].paired_district)
                    .or_default() += u64::from(units);
            }
        }
        for (district, needed) in per_district {
            let available = counts.of_district.get(&district).copied().unwrap_or(0);
            if available < needed {
                reasons.push(Reason::DistrictDemandAboveCapacity {
                    recipient_noun: noun.clone(),
                    unit_noun: unit_noun.clone(),
                    district: instance.districts[district.0].name.clone(),
                    needed,
                    available,
                });
            }
        }
    }
    reasons
}

/// The program total rule: the total against what the usable helpers can send, and against the
/// least and most units the recipients may take together.
fn total_shortfalls(counts: &Capacities, total: u64) -> Vec<Reason> {
    let instance = counts.instance;
    let noun = &instance.program.recipient_noun;
    let unit_noun = &instance.program.unit_noun;
    let recipients = counts.recipients;
    let mut reasons = Vec::new();
    if counts.bound && counts.usable < total {
        reasons.push(Reason::TotalAboveCapacity {
            unit_noun: unit_noun.clone(),
            total,
            usable: counts.usable,
        });
    }
    if let Some((per_min, per_max)) = instance.recipient_units() {
        if recipients * u64::from(per_min) > total {
            reasons.push(Reason::TotalBelowLeast {
                recipient_noun: noun.clone(),
                unit_noun: unit_noun.clone(),
                recipients,
                per_recipient: per_min,
                total,
            });
        }
        if let Some(most) = per_max
            .map(|m| recipients * u64::from(m))
            .filter(|&m| m < total)
        {
            reasons.push(Reason::TotalAboveMost {
                recipient_noun: noun.clone(),
                unit_noun: unit_noun.clone(),
                recipients,
                most,
                total,
            });
        }
    }
    reasons
}

/// The quota rule: the quotas' sum against the pairings the recipients need, and each district's
/// quota against its helpers' capacity.
fn quota_shortfalls(counts: &Capacities, quotas: &BTreeMap<DistrictId, Count>) -> Vec<Reason> {
    let instance = counts.instance;
    let (min, max) = instance.coverage();
    let recipients = counts.recipients;
    let mut reasons = Vec::new();
    let total: u64 = quotas.values().map(|&q| u64::from(q)).sum();
    let pairings = (recipients * u64::from(min), recipients * u64::from(max));
    if total < pairings.0 || total > pairings.1 {
        reasons.push(Reason::QuotasVsRecipients {
            noun: instance.program.recipient_noun.clone(),
            quotas: total,
            recipients,
            pairings,
        });
    }
    for (district, &quota) in quotas {
        let available = counts.of_district.get(district).copied().unwrap_or(0);
        if counts.bound && u64::from(quota) > available {
            reasons.push(Reason::QuotaAboveCapacity {
                district: instance.districts[district.0].name.clone(),
                quota: u64::from(quota),
                available,
            });
        }
    }
    reasons
}

/// The unit minimum rule: each unit's minimum against its helpers' capacity, and the minimums of a
/// district's units together against the district's quota.
fn unit_minimum_shortfalls(
    counts: &Capacities,
    minimums: &BTreeMap<crate::domain::UnitId, Count>,
) -> Vec<Reason> {
    let instance = counts.instance;
    let quotas = instance.district_quotas();
    let mut reasons = Vec::new();
    let mut per_district: BTreeMap<DistrictId, u64> = BTreeMap::new();
    for (unit, &minimum) in minimums {
        let unit_capacity: u64 = instance
            .helpers
            .iter()
            .filter(|h| h.unit == Some(*unit))
            .map(|h| u64::from(h.capacity))
            .sum();
        if counts.bound && u64::from(minimum) > unit_capacity {
            reasons.push(Reason::UnitAboveCapacity {
                unit: instance.units[unit.0].name.clone(),
                minimum: u64::from(minimum),
                capacity: unit_capacity,
            });
        }
        *per_district
            .entry(instance.units[unit.0].district)
            .or_default() += u64::from(minimum);
    }
    for (district, needed) in per_district {
        let quota = quotas.map_or(u64::MAX, |q| {
            u64::from(q.get(&district).copied().unwrap_or(0))
        });
        if needed > quota {
            reasons.push(Reason::UnitsAboveQuota {
                district: instance.districts[district.0].name.clone(),
                needed,
                quota,
            });
        }
    }
    reasons
}

/// "the villages of 一县、四县 need 4 pairings, but only 甲区 may serve them and it can take 3: short by
/// 1".
fn supply_reason(instance: &Instance, shortfall: &SupplyShortfall) -> Reason {
    Reason::Supply {
        recipient_noun: instance.program.recipient_noun.clone(),
        unit_noun: if instance.is_allotment() {
            instance.program.unit_noun.clone()
        } else {
            "pairings".to_string()
        },
        of_counties: !matches!(shortfall.needing.first(), Some(Needing::Recipient(_))),
        needing: shortfall
            .needing
            .iter()
            .map(|needing| match *needing {
                Needing::County(None) => tr!("outside-the-map"),
                Needing::County(Some(c)) => instance.counties[c.0].name.clone(),
                Needing::Recipient(r) => instance.recipients[r.0].name.clone(),
            })
            .collect(),
        serving: shortfall
            .serving
            .iter()
            .map(|serving| match *serving {
                Serving::District(None) => tr!("city-level-helpers"),
                Serving::District(Some(d)) => instance.districts[d.0].name.clone(),
                Serving::Helper(h) => instance.helpers[h.0].name.clone(),
            })
            .collect(),
        needed: shortfall.needed,
        available: shortfall.available,
    }
}

/// Why fixed pairs cannot all be kept: a pair no arc allows, or more fixed pairs on one recipient or
/// helper than its bounds admit.
fn fixed_pair_shortfalls(
    instance: &Instance,
    graph: &PairingGraph,
    pairs: &BTreeSet<(RecipientId, HelperId)>,
) -> Vec<Reason> {
    let mut per_recipient: BTreeMap<RecipientId, Count> = BTreeMap::new();
    let mut per_helper: BTreeMap<HelperId, Count> = BTreeMap::new();
    for &(r, h) in pairs {
        *per_recipient.entry(r).or_default() += 1;
        *per_helper.entry(h).or_default() += 1;
    }
    let mut reasons = impossible_fixed_pairs(instance, graph, pairs);
    reasons.extend(fixed_pairs_on_recipients(instance, per_recipient));
    reasons.extend(fixed_pairs_above_quotas(instance, &per_helper));
    reasons.extend(fixed_pairs_crowding_units(instance, &per_helper));
    reasons.extend(fixed_pairs_on_helpers(instance, per_helper));
    reasons
}

/// Each fixed pair no arc allows, with what blocks it.
fn impossible_fixed_pairs(
    instance: &Instance,
    graph: &PairingGraph,
    pairs: &BTreeSet<(RecipientId, HelperId)>,
) -> Vec<Reason> {
    let mut reasons = Vec::new();
    for &(r, h) in pairs {
        if model::helpers_for(instance, graph, r).contains(&h) {
            continue;
        }
        let block = if instance
            .forbidden_pairs()
            .is_some_and(|f| f.contains(&(r, h)))
        {
            FixedPairBlock::Forbidden
        } else if !instance.helper_usable(h) {
            FixedPairBlock::HelperUnusable
        } else if instance.allowed_pairs().is_some() {
            FixedPairBlock::NotACandidate
        } else {
            FixedPairBlock::OffMap
        };
        reasons.push(Reason::FixedPairImpossible {
            recipient: recipient_label(instance, r),
            helper: helper_label(instance, h),
            block,
        });
    }
    reasons
}

/// Each recipient with more fixed pairs than it may have helpers.
fn fixed_pairs_on_recipients(
    instance: &Instance,
    per_recipient: BTreeMap<RecipientId, Count>,
) -> Vec<Reason> {
    let most_helpers = match (instance.coverage_rule(), instance.is_allotment()) {
        (Some((_, most)), _) => Some(most),
        (None, false) => Some(instance.coverage().1),
        (None, true) => None,
    };
    per_recipient
        .into_iter()
        .filter_map(|(r, count)| {
            let most = most_helpers.filter(|&most| count > most)?;
            Some(Reason::FixedPairsOnRecipient {
                recipient: recipient_label(instance, r),
                count,
                most,
            })
        })
        .collect()
}

/// Each district whose helpers' fixed pairs are above its quota.
fn fixed_pairs_above_quotas(
    instance: &Instance,
    per_helper: &BTreeMap<HelperId, Count>,
) -> Vec<Reason> {
    let mut per_district: BTreeMap<DistrictId, Count> = BTreeMap::new();
    for (&h, &count) in per_helper {
        if let Some(d) = instance.helpers[h.0].district {
            *per_district.entry(d).or_default() += count;
        }
    }
    per_district
        .into_iter()
        .filter_map(|(d, count)| {
            let quota = instance.quota_of(d).filter(|&quota| count > quota)?;
            Some(Reason::FixedPairsAboveQuota {
                district: instance.districts[d.0].name.clone(),
                count,
                quota,
            })
        })
        .collect()
}

/// Each unit whose minimum the fixed pairs of its district's other helpers leave no room for under
/// the district's quota.
fn fixed_pairs_crowding_units(
    instance: &Instance,
    per_helper: &BTreeMap<HelperId, Count>,
) -> Vec<Reason> {
    let mut reasons = Vec::new();
    for (&unit, &minimum) in instance.unit_minimums().into_iter().flatten() {
        let d = instance.units[unit.0].district;
        let Some(quota) = instance.quota_of(d) else {
            continue;
        };
        let others: Count = per_helper
            .iter()
            .filter(|(h, _)| {
                instance.helpers[h.0].district == Some(d)
                    && instance.helpers[h.0].unit != Some(unit)
            })
            .map(|(_, &count)| count)
            .sum();
        if quota.saturating_sub(others) < minimum && others <= quota {
            reasons.push(Reason::FixedPairsCrowdUnit {
                unit: instance.units[unit.0].name.clone(),
                district: instance.districts[d.0].name.clone(),
                minimum,
                quota,
                others,
            });
        }
    }
    reasons
}

/// Where the fixed pairs, each sending at least the member minimum, need more than there is room
/// for: on one recipient (its most units), one helper (its capacity), or the program's total.
fn members_above_room(instance: &Instance, minimum: Count) -> Vec<Reason> {
    let Some(pairs) = instance.fixed_pairs() else {
        return Vec::new();
    };
    let mut per_recipient: BTreeMap<RecipientId, Count> = BTreeMap::new();
    let mut per_helper: BTreeMap<HelperId, Count> = BTreeMap::new();
    for &(r, h) in pairs {
        *per_recipient.entry(r).or_default() += 1;
        *per_helper.entry(h).or_default() += 1;
    }
    let short = |who: String, pairs: Count, room: u64| {
        (u64::from(pairs) * u64::from(minimum) > room).then_some(Reason::MembersAboveRoom {
            who,
            pairs,
            minimum,
            room,
        })
    };
    let recipients = per_recipient.into_iter().filter_map(|(r, count)| {
        let room = u64::from(instance.unit_bounds(r).1);
        short(recipient_label(instance, r), count, room)
    });
    let helpers = per_helper
        .into_iter()
        .filter(|_| instance.has_capacity_rule())
        .filter_map(|(h, count)| {
            let room = u64::from(instance.helpers[h.0].capacity);
            short(helper_label(instance, h), count, room)
        });
    let total = instance.total_units().and_then(|total| {
        let count = Count::try_from(pairs.len()).unwrap_or(Count::MAX);
        short(tr!("reason-the-total"), count, u64::from(total))
    });
    recipients.chain(helpers).chain(total).collect()
}

/// Each helper with more fixed pairs than its capacity or partners allow.
fn fixed_pairs_on_helpers(
    instance: &Instance,
    per_helper: BTreeMap<HelperId, Count>,
) -> Vec<Reason> {
    let partners = instance.helper_partners();
    let mut reasons = Vec::new();
    for (h, count) in per_helper {
        let capacity = instance
            .has_capacity_rule()
            .then_some(instance.helpers[h.0].capacity);
        if let Some(most) = [capacity, partners].into_iter().flatten().min() {
            if count > most {
                reasons.push(Reason::FixedPairsOnHelper {
                    helper: helper_label(instance, h),
                    count,
                    most,
                });
            }
        }
    }
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::instance;

    /// One recipient in county 0, whose paired district 0 has a single helper.
    fn stranded(capacity: u32, quotas: bool) -> Vec<Reason> {
        let mut instance = instance(&(vec![(0, capacity, 0)], vec![(0, 0, 0)], false, 0));
        instance.costs.off_map = None;
        for helper in &mut instance.helpers {
            helper.capacity = capacity;
        }
        if !quotas {
            instance
                .rules
                .remove(crate::domain::RuleKind::DistrictQuota);
        }
        let graph = PairingGraph::build(&instance);
        shortfalls(&instance, &graph)
    }

    #[test]
    fn a_district_whose_only_helper_has_no_capacity_is_a_capacity_shortfall_not_a_quota() {
        let reasons = stranded(0, false);
        assert!(
            matches!(
                reasons.first(),
                Some(Reason::Unreachable {
                    count: 1,
                    cause: UnreachableCause::NoCapacity,
                    ..
                })
            ),
            "{reasons:?}"
        );
        assert!(reasons[0].to_string().contains("have no capacity"));
        assert!(!reasons[0].to_string().contains("quota"));
        assert!(stranded(1, false).is_empty());
    }
}
