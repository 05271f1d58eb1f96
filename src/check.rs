//! Judges a plan — made by the solver or kept by hand in a spreadsheet — against every rule of its
//! program, without the LP. Each broken rule becomes a typed [`Finding`] in the planners' terms.

use crate::tr;
use std::collections::BTreeMap;

use crate::domain::FastMap;

use serde::Serialize;

use crate::domain::{Count, CountyId, DistrictId, HelperId, Instance, Plan, RecipientId, Rule};
use crate::graph::PairingGraph;
use crate::text::format_number;
use crate::validate::ledger::{Ledger, LedgerRow, NameField, RowProblem};
use crate::validate::TotalMismatch;

/// Whether a finding breaks a rule or only deserves a look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// A rule is broken.
    Gap,
    /// Allowed, but worth a look.
    Note,
}

/// What kind of finding; the names are part of the JSON contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A recipient with fewer partners than required.
    Uncovered,
    /// A recipient paired more often than allowed (duplicates included).
    OverCovered,
    /// A helper above its capacity.
    OverCapacity,
    /// A helper paired with more recipients than allowed (院包科: one department per hospital).
    TooManyPartners,
    /// A district below its quota.
    QuotaShort,
    /// A district above its quota.
    QuotaOver,
    /// A city unit below its minimum.
    UnitShort,
    /// A pairing row naming a helper, recipient or program the data does not know.
    UnknownReference,
    /// A pairing row whose helper name, helper district or recipient name is not its id's: the
    /// row was edited by name, not by id.
    NameMismatch,
    /// A pairing row repeating an earlier row's program, helper and recipient.
    DuplicatePair,
    /// A recipient no eligible helper can serve at all.
    Unreachable,
    /// A district whose actual figure is behind the target (or milestone) due.
    BehindTarget,
    /// A district that reported no figure for an indicator of a target table.
    NotReported,
    /// A declared total (合计) that differs from the sum of its rows.
    TotalMismatch,
    /// A pairing outside the program's allowed candidate pairs, or one of its forbidden pairs.
    ForbiddenPair,
    /// A pair the program fixes (保留结对) missing from the plan.
    FixedPairMissing,
    /// A pairing off the pairing map.
    OffMap,
    /// A county whose paired district holds no quota.
    NoQuotaCounty,
    /// A rule of the model not checked: the planner's own lists give no table for it.
    NotChecked,
    /// A 合计 row of a planner's file that its rows do not add up to.
    WrongTotal,
    /// A recipient that two files pair with different helpers where the program allows one.
    ClaimedTwice,
    /// The seed's figures that disagree with each other: a total over several programs that their
    /// posts do not add up to.
    SeedDisagreement,
    /// A unit the seed names on its own for a post (市国资委 for 长春) that sends nobody to it: a
    /// gap, or a note when its capacity says it cannot.
    NamedSenderIdle,
    /// A helper that sends a recipient fewer units than a team member's minimum (1 person-time a
    /// year from a hospital to a county hospital).
    MemberBelowMinimum,
}

impl Severity {
    /// The name used in output (`gap`, `note`).
    pub fn label(self) -> &'static str {
        match self {
            Severity::Gap => "gap",
            Severity::Note => "note",
        }
    }

    /// The severity in the reader's language (缺口, gap).
    pub fn title(self) -> String {
        match self {
            Severity::Gap => tr!("severity-gap"),
            Severity::Note => tr!("severity-note"),
        }
    }
}

impl FindingKind {
    /// The name used in output; the same as in JSON.
    pub fn label(self) -> &'static str {
        match self {
            FindingKind::Uncovered => "uncovered",
            FindingKind::OverCovered => "over_covered",
            FindingKind::OverCapacity => "over_capacity",
            FindingKind::TooManyPartners => "too_many_partners",
            FindingKind::QuotaShort => "quota_short",
            FindingKind::QuotaOver => "quota_over",
            FindingKind::UnitShort => "unit_short",
            FindingKind::UnknownReference => "unknown_reference",
            FindingKind::NameMismatch => "name_mismatch",
            FindingKind::DuplicatePair => "duplicate_pair",
            FindingKind::Unreachable => "unreachable",
            FindingKind::BehindTarget => "behind_target",
            FindingKind::NotReported => "not_reported",
            FindingKind::TotalMismatch => "total_mismatch",
            FindingKind::SeedDisagreement => "seed_disagreement",
            FindingKind::ForbiddenPair => "forbidden_pair",
            FindingKind::FixedPairMissing => "fixed_pair_missing",
            FindingKind::OffMap => "off_map",
            FindingKind::NoQuotaCounty => "no_quota_county",
            FindingKind::NotChecked => "not_checked",
            FindingKind::WrongTotal => "wrong_total",
            FindingKind::ClaimedTwice => "claimed_twice",
            FindingKind::NamedSenderIdle => "named_sender_idle",
            FindingKind::MemberBelowMinimum => "member_below_minimum",
        }
    }

    /// The kind in the reader's language (未覆盖, uncovered).
    pub fn title(self) -> String {
        match self {
            FindingKind::Uncovered => tr!("finding-kind-uncovered"),
            FindingKind::OverCovered => tr!("finding-kind-over-covered"),
            FindingKind::OverCapacity => tr!("finding-kind-over-capacity"),
            FindingKind::TooManyPartners => tr!("finding-kind-too-many-partners"),
            FindingKind::QuotaShort => tr!("finding-kind-quota-short"),
            FindingKind::QuotaOver => tr!("finding-kind-quota-over"),
            FindingKind::UnitShort => tr!("finding-kind-unit-short"),
            FindingKind::UnknownReference => tr!("finding-kind-unknown-reference"),
            FindingKind::NameMismatch => tr!("finding-kind-name-mismatch"),
            FindingKind::DuplicatePair => tr!("finding-kind-duplicate-pair"),
            FindingKind::Unreachable => tr!("finding-kind-unreachable"),
            FindingKind::BehindTarget => tr!("finding-kind-behind-target"),
            FindingKind::NotReported => tr!("finding-kind-not-reported"),
            FindingKind::TotalMismatch => tr!("finding-kind-total-mismatch"),
            FindingKind::SeedDisagreement => tr!("finding-kind-seed-disagreement"),
            FindingKind::ForbiddenPair => tr!("finding-kind-forbidden-pair"),
            FindingKind::FixedPairMissing => tr!("finding-kind-fixed-pair-missing"),
            FindingKind::OffMap => tr!("finding-kind-off-map"),
            FindingKind::NoQuotaCounty => tr!("finding-kind-no-quota-county"),
            FindingKind::NotChecked => tr!("finding-kind-not-checked"),
            FindingKind::WrongTotal => tr!("finding-kind-wrong-total"),
            FindingKind::ClaimedTwice => tr!("finding-kind-claimed-twice"),
            FindingKind::NamedSenderIdle => tr!("finding-kind-named-sender-idle"),
            FindingKind::MemberBelowMinimum => tr!("finding-kind-member-below-minimum"),
        }
    }
}

/// One finding about a plan or its data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// What kind.
    pub kind: FindingKind,
    /// Gap or note.
    pub severity: Severity,
    /// The program concerned.
    pub program: String,
    /// The village, enterprise, district, unit, county or table concerned.
    pub subject: String,
    /// The required number, where there is one.
    pub expected: Option<f64>,
    /// The number found, where there is one.
    pub actual: Option<f64>,
    /// A sentence in the planners' terms.
    pub message: String,
    /// Where the seed sets what was judged (the rule's clause, else the program's source), so that
    /// a planner can answer "where does it say that?"; empty for the planners' own input errors.
    pub clause: String,
    /// The row of the planner's files it is about, when it is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<Place>,
}

/// A row of a planner's file: the file as messages name it (`区报/和平区.xlsx#台账`) and its line
/// (Excel's row number for a sheet).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Place {
    /// The file, with its sheet.
    pub file: String,
    /// The row.
    pub line: u64,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

impl Finding {
    fn new(
        instance: &Instance,
        kind: FindingKind,
        subject: String,
        expected: Option<Count>,
        actual: Option<Count>,
        message: String,
    ) -> Self {
        let severity = match kind {
            FindingKind::OffMap
            | FindingKind::NoQuotaCounty
            | FindingKind::NotChecked
            | FindingKind::TotalMismatch
            | FindingKind::SeedDisagreement => Severity::Note,
            _ => Severity::Gap,
        };
        Finding {
            kind,
            severity,
            program: instance.program.name.clone(),
            subject,
            expected: expected.map(f64::from),
            actual: actual.map(f64::from),
            message,
            clause: instance.program.source.clone(),
            place: None,
        }
    }
}

/// Checks a plan against every rule of the instance; findings come sorted by severity, kind, subject.
pub fn check_plan(instance: &Instance, plan: &Plan) -> Vec<Finding> {
    let judged = Judged {
        instance,
        plan,
        loads: plan.helper_loads(instance.helpers.len()),
        r_noun: crate::i18n::noun(&instance.program.recipient_noun),
        h_noun: crate::i18n::noun(&instance.program.helper_noun),
    };
    let mut findings = Vec::new();
    for rule in &instance.rules {
        let mut broken = rule_findings(&judged, rule);
        if let Some(clause) = instance.rules.source(rule.kind()) {
            for finding in &mut broken {
                finding.clause = clause.to_string();
            }
        }
        findings.extend(broken);
    }
    // A helper with no capacity takes no one, in every program: the model builds no arc to it.
    // Where a capacity rule judges loads this is already an over-capacity finding.
    if !instance.has_capacity_rule() {
        findings.extend(pairs_where(
            instance,
            plan,
            |(_, helper)| instance.helpers[helper.0].capacity == 0,
            &tr!("finding-takes-no-one"),
        ));
    }
    for a in &plan.assignments {
        if !instance.on_map(a.helper, a.recipient) {
            findings.push(off_map_finding(instance, a.recipient, a.helper));
        }
    }
    sort_findings(&mut findings);
    findings
}

/// The plan being judged, with what several rules' findings need: worked out once per plan.
struct Judged<'a> {
    instance: &'a Instance,
    plan: &'a Plan,
    /// Each helper's load (recipients, or units sent).
    loads: Vec<Count>,
    /// The program's word for its recipients, and for its helpers.
    r_noun: String,
    h_noun: String,
}

/// The findings of one rule: each rule kind is judged by its own function, so that a new kind must
/// be decided here.
fn rule_findings(judged: &Judged, rule: &Rule) -> Vec<Finding> {
    let (instance, plan) = (judged.instance, judged.plan);
    match rule {
        Rule::Coverage { min, max } => coverage_findings(judged, *min, max.unwrap_or(Count::MAX)),
        Rule::HelperCapacity => over_capacity(judged),
        Rule::HelperPartners { max } => too_many_partners(judged, *max),
        Rule::DistrictQuota { quotas } => quota_findings(judged, quotas),
        Rule::UnitMinimum { minimums } => unit_shortfalls(judged, minimums),
        Rule::RecipientUnits { min, max } => units_received(judged, *min, *max),
        Rule::RecipientDemand { demand } => demand_findings(judged, demand),
        Rule::TotalUnits { total } => total_units(judged, *total),
        Rule::AllowedPairs { costs } => pairs_where(
            instance,
            plan,
            |pair| !costs.contains_key(&pair),
            &tr!("finding-not-a-candidate"),
        ),
        Rule::ForbiddenPairs { pairs } => pairs_where(
            instance,
            plan,
            |pair| pairs.contains(&pair),
            &tr!("finding-forbidden"),
        ),
        Rule::PairsOf { program, pairs } => {
            let mut findings = pairs_missing(
                instance,
                plan,
                pairs,
                &tr!("finding-pair-of-missing", program = program),
            );
            findings.extend(pairs_where(
                instance,
                plan,
                |pair| !pairs.contains(&pair),
                &tr!("finding-pair-of-extra", program = program),
            ));
            findings
        }
        Rule::NamedSenders {
            senders,
            each_sends,
        } => {
            let mut findings = pairs_where(
                instance,
                plan,
                |(recipient, helper)| {
                    senders
                        .get(&recipient)
                        .is_some_and(|named| !named.contains(&helper))
                },
                &tr!("finding-not-a-named-sender"),
            );
            findings.extend(idle_named_senders(instance, plan, each_sends));
            findings
        }
        Rule::FixedPairs { pairs } => {
            pairs_missing(instance, plan, pairs, &tr!("finding-fixed-dropped"))
        }
        Rule::MemberMinimum { min } => members_below(judged, *min),
    }
}

/// Each pair that carries units, but fewer than a team member's minimum.
fn members_below(judged: &Judged, min: Count) -> Vec<Finding> {
    let instance = judged.instance;
    judged
        .plan
        .assignments
        .iter()
        .filter(|a| a.units > 0 && a.units < min)
        .map(|a| {
            let (r, h) = (
                &instance.recipients[a.recipient.0],
                &instance.helpers[a.helper.0],
            );
            Finding::new(
                instance,
                FindingKind::MemberBelowMinimum,
                format!("{} {} / {} {}", r.id, r.name, h.id, h.name),
                Some(min),
                Some(a.units),
                tr!(
                    "finding-member-below-minimum",
                    helper = &h.name,
                    recipient = &r.name,
                    units = a.units,
                    min = min,
                    unit = crate::i18n::noun(&instance.program.unit_noun)
                ),
            )
        })
        .collect()
}

/// Each unit named on its own for a post that sends nobody to it: a gap, or a note when its
/// capacity is 0 (it cannot, and the data says so).
fn idle_named_senders(
    instance: &Instance,
    plan: &Plan,
    each_sends: &std::collections::BTreeSet<(RecipientId, HelperId)>,
) -> Vec<Finding> {
    let sending: std::collections::BTreeSet<(RecipientId, HelperId)> = plan
        .assignments
        .iter()
        .filter(|a| a.units > 0)
        .map(|a| (a.recipient, a.helper))
        .collect();
    each_sends
        .difference(&sending)
        .map(|&(recipient, helper)| {
            let (r, h) = (
                &instance.recipients[recipient.0],
                &instance.helpers[helper.0],
            );
            let cannot = h.capacity == 0;
            let key = if cannot {
                crate::msg_key!("finding-named-sender-cannot")
            } else {
                crate::msg_key!("finding-named-sender-idle")
            };
            let mut finding = Finding::new(
                instance,
                FindingKind::NamedSenderIdle,
                format!("{} {} / {} {}", r.id, r.name, h.id, h.name),
                Some(1),
                Some(0),
                tr!(key, post = &r.name, unit = &h.name),
            );
            if cannot {
                finding.severity = Severity::Note;
            }
            finding
        })
        .collect()
}

/// The coverage rule: each recipient with fewer partners than `min`, or more than `max`.
fn coverage_findings(judged: &Judged, min: Count, max: Count) -> Vec<Finding> {
    let instance = judged.instance;
    let mut partners: Vec<Count> = vec![0; instance.recipients.len()];
    for a in &judged.plan.assignments {
        partners[a.recipient.0] += 1;
    }
    let mut findings = Vec::new();
    for (r, &count) in partners.iter().enumerate() {
        let recipient = &instance.recipients[r];
        // A county as the recipient itself (a clinic agreement's) is named once.
        let county = Some(instance.county_name(RecipientId(r)))
            .filter(|county| !recipient.name.starts_with(county))
            .unwrap_or("");
        let subject = format!("{} {}", recipient.id, recipient.name);
        if count < min {
            findings.push(Finding::new(
                instance,
                FindingKind::Uncovered,
                subject,
                Some(min),
                Some(count),
                tr!(
                    "finding-uncovered",
                    county = county,
                    name = &recipient.name,
                    id = &recipient.id,
                    count = count,
                    noun = &judged.h_noun,
                    min = min
                ),
            ));
        } else if count > max {
            findings.push(Finding::new(
                instance,
                FindingKind::OverCovered,
                subject,
                Some(max),
                Some(count),
                tr!(
                    "finding-over-covered",
                    county = county,
                    name = &recipient.name,
                    id = &recipient.id,
                    count = count,
                    max = max
                ),
            ));
        }
    }
    findings
}

/// The capacity rule: each helper with more load than its capacity.
fn over_capacity(judged: &Judged) -> Vec<Finding> {
    let instance = judged.instance;
    let loads = &judged.loads;
    let mut findings = Vec::new();
    for (h, helper) in instance.helpers.iter().enumerate() {
        if loads[h] > helper.capacity {
            findings.push(Finding::new(
                instance,
                FindingKind::OverCapacity,
                format!("{} {}", helper.id, helper.name),
                Some(helper.capacity),
                Some(loads[h]),
                // An allotment's load is the units sent (人次), not the recipients served.
                if instance.is_allotment() {
                    tr!(
                        "finding-over-capacity-units",
                        name = &helper.name,
                        id = &helper.id,
                        load = loads[h],
                        noun = crate::i18n::noun(&instance.program.unit_noun),
                        capacity = helper.capacity
                    )
                } else {
                    tr!(
                        "finding-over-capacity",
                        name = &helper.name,
                        id = &helper.id,
                        load = loads[h],
                        noun = &judged.r_noun,
                        capacity = helper.capacity
                    )
                },
            ));
        }
    }
    findings
}

/// The partners rule (院包科): each helper paired with more than `max` recipients.
fn too_many_partners(judged: &Judged, max: Count) -> Vec<Finding> {
    let instance = judged.instance;
    let partners = judged.plan.helper_partners(instance.helpers.len());
    let mut findings = Vec::new();
    for (h, helper) in instance.helpers.iter().enumerate() {
        if partners[h] > max {
            findings.push(Finding::new(
                instance,
                FindingKind::TooManyPartners,
                format!("{} {}", helper.id, helper.name),
                Some(max),
                Some(partners[h]),
                tr!(
                    "finding-too-many-partners",
                    name = &helper.name,
                    id = &helper.id,
                    count = partners[h],
                    noun = &judged.r_noun,
                    max = max
                ),
            ));
        }
    }
    findings
}

/// The quota rule: each district whose helpers serve fewer or more than its quota.
fn quota_findings(judged: &Judged, quotas: &BTreeMap<DistrictId, Count>) -> Vec<Finding> {
    let instance = judged.instance;
    let served = served_by(instance, &judged.loads, |h| h.district);
    let mut findings = Vec::new();
    for (d, district) in instance.districts.iter().enumerate() {
        let quota = quotas.get(&DistrictId(d)).copied().unwrap_or(0);
        let covered = served.get(&DistrictId(d)).copied().unwrap_or(0);
        let (kind, key) = if covered < quota {
            (
                FindingKind::QuotaShort,
                crate::msg_key!("finding-quota-short"),
            )
        } else if covered > quota {
            (
                FindingKind::QuotaOver,
                crate::msg_key!("finding-quota-over"),
            )
        } else {
            continue;
        };
        findings.push(Finding::new(
            instance,
            kind,
            district.name.clone(),
            Some(quota),
            Some(covered),
            tr!(
                key,
                district = &district.name,
                helpers = &judged.h_noun,
                covered = covered,
                noun = &judged.r_noun,
                quota = quota
            ),
        ));
    }
    findings
}

/// The unit minimum rule: each city unit whose helpers serve fewer than its minimum.
fn unit_shortfalls(
    judged: &Judged,
    minimums: &BTreeMap<crate::domain::UnitId, Count>,
) -> Vec<Finding> {
    let instance = judged.instance;
    let served = served_by(instance, &judged.loads, |h| h.unit);
    let mut findings = Vec::new();
    for (unit, &minimum) in minimums {
        let covered = served.get(unit).copied().unwrap_or(0);
        if covered < minimum {
            let name = &instance.units[unit.0].name;
            findings.push(Finding::new(
                instance,
                FindingKind::UnitShort,
                name.clone(),
                Some(minimum),
                Some(covered),
                tr!(
                    "finding-unit-short",
                    unit = name,
                    helpers = &judged.h_noun,
                    covered = covered,
                    noun = &judged.r_noun,
                    minimum = minimum
                ),
            ));
        }
    }
    findings
}

/// The units-received rule: each recipient receiving fewer units than `min`, or more than `max`.
fn units_received(judged: &Judged, min: Count, max: Option<Count>) -> Vec<Finding> {
    let instance = judged.instance;
    let units = judged.plan.recipient_units(instance.recipients.len());
    let noun = &crate::i18n::noun(&instance.program.unit_noun);
    let mut findings = Vec::new();
    for (r, &received) in units.iter().enumerate() {
        let recipient = &instance.recipients[r];
        let subject = format!("{} {}", recipient.id, recipient.name);
        if received < min {
            findings.push(Finding::new(
                instance,
                FindingKind::Uncovered,
                subject,
                Some(min),
                Some(received),
                tr!(
                    "finding-units-short",
                    name = &recipient.name,
                    id = &recipient.id,
                    received = received,
                    noun = noun,
                    min = min
                ),
            ));
        } else if let Some(max) = max.filter(|&max| received > max) {
            findings.push(Finding::new(
                instance,
                FindingKind::OverCovered,
                subject,
                Some(max),
                Some(received),
                tr!(
                    "finding-units-over",
                    name = &recipient.name,
                    id = &recipient.id,
                    received = received,
                    noun = noun,
                    max = max
                ),
            ));
        }
    }
    findings
}

/// The demand rule: each recipient receiving other than the units it needs.
fn demand_findings(judged: &Judged, demand: &BTreeMap<RecipientId, Count>) -> Vec<Finding> {
    let instance = judged.instance;
    let units = judged.plan.recipient_units(instance.recipients.len());
    let noun = &crate::i18n::noun(&instance.program.unit_noun);
    let mut findings = Vec::new();
    for (&r, &needed) in demand {
        let recipient = &instance.recipients[r.0];
        let received = units[r.0];
        let subject = format!("{} {}", recipient.id, recipient.name);
        let (kind, key) = match received.cmp(&needed) {
            std::cmp::Ordering::Less => (
                FindingKind::Uncovered,
                crate::msg_key!("finding-demand-short"),
            ),
            std::cmp::Ordering::Greater => (
                FindingKind::OverCovered,
                crate::msg_key!("finding-demand-over"),
            ),
            std::cmp::Ordering::Equal => continue,
        };
        findings.push(Finding::new(
            instance,
            kind,
            subject,
            Some(needed),
            Some(received),
            tr!(
                key,
                name = &recipient.name,
                id = &recipient.id,
                received = received,
                noun = noun,
                needed = needed
            ),
        ));
    }
    findings
}

/// The program total rule: the units sent over all pairings, when other than the total.
fn total_units(judged: &Judged, total: Count) -> Vec<Finding> {
    let instance = judged.instance;
    let sent: Count = judged.plan.assignments.iter().map(|a| a.units).sum();
    let noun = &crate::i18n::noun(&instance.program.unit_noun);
    let (kind, key) = match sent.cmp(&total) {
        std::cmp::Ordering::Less => (
            FindingKind::QuotaShort,
            crate::msg_key!("finding-total-short"),
        ),
        std::cmp::Ordering::Greater => (
            FindingKind::QuotaOver,
            crate::msg_key!("finding-total-over"),
        ),
        std::cmp::Ordering::Equal => return Vec::new(),
    };
    vec![Finding::new(
        instance,
        kind,
        tr!("subject-program-total"),
        Some(total),
        Some(sent),
        tr!(key, sent = sent, noun = noun, total = total),
    )]
}

/// A `forbidden_pair` finding for each pairing of the plan that `bad` flags.
fn pairs_where(
    instance: &Instance,
    plan: &Plan,
    bad: impl Fn((RecipientId, HelperId)) -> bool,
    why: &str,
) -> Vec<Finding> {
    plan.assignments
        .iter()
        .map(|a| (a.recipient, a.helper))
        .filter(|&pair| bad(pair))
        .map(|pair| pair_finding(instance, FindingKind::ForbiddenPair, pair, why))
        .collect()
}

/// The pairs a plan must hold (kept from last year, or followed from another program) that it lacks.
fn pairs_missing(
    instance: &Instance,
    plan: &Plan,
    pairs: &std::collections::BTreeSet<(RecipientId, HelperId)>,
    why: &str,
) -> Vec<Finding> {
    let present: std::collections::BTreeSet<(RecipientId, HelperId)> = plan
        .assignments
        .iter()
        .map(|a| (a.recipient, a.helper))
        .collect();
    pairs
        .difference(&present)
        .map(|&pair| pair_finding(instance, FindingKind::FixedPairMissing, pair, why))
        .collect()
}

/// A finding about one (recipient, helper) pair: "甲（R1）is paired with 乙（H1）, {why}".
fn pair_finding(
    instance: &Instance,
    kind: FindingKind,
    (recipient, helper): (RecipientId, HelperId),
    why: &str,
) -> Finding {
    let r = &instance.recipients[recipient.0];
    let h = &instance.helpers[helper.0];
    let key = if kind == FindingKind::FixedPairMissing {
        crate::msg_key!("finding-pair-to-stay")
    } else {
        crate::msg_key!("finding-pair")
    };
    Finding::new(
        instance,
        kind,
        format!("{} {} / {} {}", r.id, r.name, h.id, h.name),
        None,
        None,
        tr!(
            key,
            recipient = &r.name,
            rid = &r.id,
            helper = &h.name,
            hid = &h.id,
            why = why
        ),
    )
}

fn off_map_finding(
    instance: &Instance,
    recipient: RecipientId,
    helper: crate::domain::HelperId,
) -> Finding {
    let r = &instance.recipients[recipient.0];
    let h = &instance.helpers[helper.0];
    if r.county.is_none() {
        return off_region_finding(instance, (r, h), helper);
    }
    let county = instance.county_name(recipient);
    let paired = r.county.map_or("", |c| {
        instance.districts[instance.counties[c.0].paired_district.0]
            .name
            .as_str()
    });
    let helper_district = match instance.district_name(helper) {
        "" => tr!("finding-no-district"),
        name => name.to_string(),
    };
    // 清水县人民医院, not 清水县清水县人民医院.
    let within = if r.name.starts_with(county) {
        ""
    } else {
        county
    };
    pair_off_map(
        instance,
        (r, h),
        tr!(
            "finding-off-map",
            county = county,
            within = within,
            name = &r.name,
            helper = &h.name,
            district = helper_district,
            paired = paired
        ),
    )
}

/// An off-map finding on one pair, with its message.
fn pair_off_map(
    instance: &Instance,
    (r, h): (&crate::domain::Recipient, &crate::domain::Helper),
    message: String,
) -> Finding {
    Finding::new(
        instance,
        FindingKind::OffMap,
        format!("{} {} / {} {}", r.id, r.name, h.id, h.name),
        None,
        None,
        message,
    )
}

/// A post (or group) outside the county map served by a district its region is not paired with.
fn off_region_finding(
    instance: &Instance,
    (r, h): (&crate::domain::Recipient, &crate::domain::Helper),
    helper: crate::domain::HelperId,
) -> Finding {
    let paired: Vec<&str> = r
        .region_districts
        .iter()
        .map(|d| instance.districts[d.0].name.as_str())
        .collect();
    pair_off_map(
        instance,
        (r, h),
        tr!(
            "finding-off-region",
            name = &r.name,
            helper = &h.name,
            district = instance.district_name(helper),
            paired = paired.join(crate::i18n::list_separator())
        ),
    )
}

/// Structural findings of a program's data, before any plan: unreachable recipients and counties
/// whose paired district holds no quota.
pub fn check_data(instance: &Instance, graph: &PairingGraph) -> Vec<Finding> {
    let mut findings = Vec::new();
    for r in graph.unreachable_recipients(instance) {
        let recipient = &instance.recipients[r.0];
        findings.push(Finding::new(
            instance,
            FindingKind::Unreachable,
            format!("{} {}", recipient.id, recipient.name),
            None,
            None,
            tr!(
                "finding-unreachable",
                helpers = crate::i18n::noun(&instance.program.helper_noun),
                name = &recipient.name,
                id = &recipient.id
            ),
        ));
    }
    // Invented recipients are spread over every county of the map, those of districts without a
    // quota too: the off-map pairings that follow are the generator's reading, and said to be.
    let invented = matches!(
        instance.program.origin_of("recipients"),
        Some(crate::domain::Origin::Synthetic)
    );
    for county in graph.counties_without_paired_service(instance) {
        let c = &instance.counties[county.0];
        let district = &instance.districts[c.paired_district.0].name;
        let count = (0..instance.recipients.len())
            .map(RecipientId)
            .filter(|&r| {
                instance.recipients[r.0].county == Some(county) && instance.needs_service(r)
            })
            .count() as Count;
        findings.push(Finding::new(
            instance,
            FindingKind::NoQuotaCounty,
            c.name.clone(),
            None,
            Some(count),
            crate::tr!(
                "note-no-quota-county",
                county = &c.name,
                district = district,
                program = &instance.program.title,
                count = count,
                noun = crate::i18n::noun(&instance.program.recipient_noun)
            ) + &if invented {
                crate::tr!("note-no-quota-county-invented")
            } else {
                String::new()
            },
        ));
    }
    for not in &instance.program.not_checked {
        let table = crate::load::own::kind_of(&not.table)
            .map_or(not.table.as_str(), |k| k.title_in_language());
        let mut finding = Finding::new(
            instance,
            FindingKind::NotChecked,
            not.rule.clone(),
            None,
            None,
            crate::tr!(
                "note-not-checked",
                rule = &not.rule,
                program = &instance.program.title,
                table = table
            ),
        );
        finding.clause.clone_from(&not.clause);
        findings.push(finding);
    }
    sort_findings(&mut findings);
    findings
}

/// A 合计 row of a planner's file (a district's 台账) compared with its rows: each number in it
/// against its column's sum, or, in a column of names or ids, against the number of rows. A
/// difference is a `wrong_total` gap at that row.
pub fn table_totals(table: &crate::load::Table) -> Vec<Finding> {
    let mut findings = Vec::new();
    for total in &table.totals {
        for (column, cell) in total.cells.iter().enumerate() {
            let Some(stated) = crate::load::spreadsheet_number(cell) else {
                continue;
            };
            let cells: Vec<&str> = table
                .records
                .iter()
                .filter_map(|r| r.cells.get(column))
                .filter(|c| !c.is_empty())
                .collect();
            let numbers: Option<Vec<f64>> = cells
                .iter()
                .map(|c| crate::load::spreadsheet_number(c))
                .collect();
            let (counted, what) = match numbers {
                Some(numbers) if !numbers.is_empty() => (numbers.iter().sum(), "sum"),
                _ => (table.records.len() as f64, "rows"),
            };
            if (counted - stated).abs() > 1e-9 {
                let header = table.headers.get(column).map_or("", String::as_str);
                findings.push(Finding {
                    kind: FindingKind::WrongTotal,
                    severity: Severity::Gap,
                    program: String::new(),
                    subject: format!("{}:{}", table.file, total.line),
                    expected: Some(counted),
                    actual: Some(stated),
                    message: tr!(
                        if what == "sum" {
                            "finding-wrong-total-sum"
                        } else {
                            "finding-wrong-total-rows"
                        },
                        file = table.file.as_str(),
                        line = total.line,
                        column = header,
                        stated = format_number(stated),
                        counted = format_number(counted)
                    ),
                    clause: String::new(),
                    place: Some(Place {
                        file: table.file.clone(),
                        line: total.line,
                    }),
                });
            }
        }
    }
    findings
}

/// Recipients that two files pair with different helpers where the program allows one (two
/// districts each report the village as theirs): a `claimed_twice` gap naming both rows.
pub fn claimed_twice(instance: &Instance, ledger: &Ledger) -> Vec<Finding> {
    if instance.is_allotment() || instance.coverage().1 > 1 {
        return Vec::new();
    }
    let mut first: FastMap<RecipientId, &LedgerRow> = Default::default();
    let mut findings = Vec::new();
    for row in ledger
        .rows_of(&instance.program.name)
        .filter(|r| r.problem.is_none())
    {
        let (Some(recipient), Some(helper)) = (row.recipient, row.helper) else {
            continue;
        };
        match first.get(&recipient) {
            None => {
                first.insert(recipient, row);
            }
            Some(earlier) if earlier.file != row.file && earlier.helper != Some(helper) => {
                let name = &instance.recipients[recipient.0].name;
                findings.push(Finding {
                    subject: format!("{} {name}", row.recipient_id),
                    message: tr!(
                        "finding-claimed-twice",
                        recipient = format!("{name}（{}）", row.recipient_id),
                        first = format!("{}:{}", earlier.file, earlier.line),
                        first_helper = instance.helpers[earlier.helper.map_or(0, |h| h.0)]
                            .name
                            .as_str(),
                        second = format!("{}:{}", row.file, row.line),
                        second_helper = instance.helpers[helper.0].name.as_str(),
                        program = instance.program.title.as_str()
                    ),
                    ..row_finding(
                        instance,
                        &row.file,
                        row,
                        FindingKind::ClaimedTwice,
                        &row.recipient_id,
                        String::new(),
                    )
                });
            }
            Some(_) => {}
        }
    }
    findings
}

/// The dataset's totals kept as printed although they differ from their rows: notes that belong to
/// no program.
pub fn total_mismatch_notes(
    mismatches: &[TotalMismatch],
    official: &BTreeMap<String, String>,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for m in mismatches {
        findings.push(Finding {
            kind: FindingKind::TotalMismatch,
            severity: Severity::Note,
            clause: official.get(&m.table).cloned().unwrap_or_default(),
            program: String::new(),
            subject: format!("{}:{} {}", m.file, m.line, m.column_title),
            expected: Some(m.sum),
            actual: Some(m.declared),
            message: crate::tr!(
                "note-total-mismatch",
                column = &m.column_title,
                declared = format_number(m.declared),
                sum = format_number(m.sum),
                reason = &m.reason
            ),
            place: None,
        });
    }
    sort_findings(&mut findings);
    findings
}

fn served_by<K: Ord>(
    instance: &Instance,
    loads: &[Count],
    key: impl Fn(&crate::domain::Helper) -> Option<K>,
) -> BTreeMap<K, Count> {
    let mut served = BTreeMap::new();
    for (h, helper) in instance.helpers.iter().enumerate() {
        if let Some(k) = key(helper) {
            *served.entry(k).or_default() += loads[h];
        }
    }
    served
}

/// A helper's name, its one capacity, and its load in each program that uses it.
type SharedLoad<'a> = (&'a str, Count, Vec<(&'a str, Count)>);

/// Capacities shared between programs (the same `capacity_source`: a hospital's person-times per
/// year, whatever team it sends them to): a helper whose loads in several programs together pass its
/// one capacity is `over_capacity`, naming every program involved. A helper over its capacity within
/// one program alone is that program's finding ([`check_plan`]), not repeated here.
pub fn shared_capacity(programs: &[(&Instance, &Plan)]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut pools: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, (instance, _)) in programs.iter().enumerate() {
        if let Some(source) = &instance.program.capacity_source {
            pools.entry(source).or_default().push(i);
        }
    }
    for (source, members) in pools.into_iter().filter(|(_, m)| m.len() > 1) {
        let mut loads: BTreeMap<&str, SharedLoad> = BTreeMap::new();
        for &i in &members {
            let (instance, plan) = programs[i];
            let per_helper = plan.helper_loads(instance.helpers.len());
            for (helper, &load) in instance.helpers.iter().zip(&per_helper) {
                let entry = loads.entry(helper.id.as_str()).or_insert((
                    helper.name.as_str(),
                    helper.capacity,
                    Vec::new(),
                ));
                if load > 0 {
                    entry.2.push((instance.program.name.as_str(), load));
                }
            }
        }
        let unit_noun = &programs[members[0]].0.program.unit_noun;
        for (id, (name, capacity, parts)) in loads {
            let total: Count = parts.iter().map(|&(_, load)| load).sum();
            if total <= capacity || parts.iter().any(|&(_, load)| load > capacity) {
                continue;
            }
            let names: Vec<&str> = parts.iter().map(|&(program, _)| program).collect();
            let shares: Vec<String> = parts
                .iter()
                .map(|(program, load)| format!("{} {load}", crate::i18n::program(program)))
                .collect();
            findings.push(Finding {
                kind: FindingKind::OverCapacity,
                severity: Severity::Gap,
                clause: programs[members[0]]
                    .0
                    .rules
                    .source(crate::domain::RuleKind::HelperCapacity)
                    .unwrap_or(&programs[members[0]].0.program.source)
                    .to_string(),
                program: names.join(" + "),
                subject: format!("{id} {name}"),
                expected: Some(f64::from(capacity)),
                actual: Some(f64::from(total)),
                message: tr!(
                    "finding-shared-capacity",
                    name = name,
                    id = id,
                    total = total,
                    noun = crate::i18n::noun(unit_noun),
                    shares = shares.join(crate::i18n::list_separator()),
                    capacity = capacity,
                    source = crate::i18n::capacity_source(source)
                ),
                place: None,
            });
        }
    }
    findings
}

/// A program with a deadline (附件9 三(七): agreements by 2019-06-30): before it, a recipient still
/// without its pairing is to come (a note that says by when); from it on, or with no date given, it
/// is late (a gap that says since when).
pub fn apply_deadline(instance: &Instance, as_of: Option<&str>, findings: &mut [Finding]) {
    let Some(due) = instance.program.due.as_deref() else {
        return;
    };
    let pending = as_of.is_some_and(|date| date < due);
    for finding in findings.iter_mut().filter(|f| {
        matches!(
            f.kind,
            FindingKind::Uncovered | FindingKind::FixedPairMissing
        )
    }) {
        if pending {
            finding.severity = Severity::Note;
            finding.message.push_str(&tr!("finding-due-by", due = due));
        } else {
            finding.message.push_str(&tr!("finding-overdue", due = due));
        }
    }
}

/// A total the seed states over several programs, against the programs' own units.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Reconciled {
    /// What it counts.
    pub title: String,
    /// The seed clause.
    pub source: String,
    /// The total as stated.
    pub total: u64,
    /// Each program and its units.
    pub parts: Vec<(String, u64)>,
    /// Their sum.
    pub sum: u64,
    /// Why the seed's parts and total differ, when they do and the dataset says why.
    pub known_mismatch: Option<String>,
    /// The total is a floor that more than the programs count toward.
    pub floor: bool,
}

impl Reconciled {
    /// Whether the programs agree with the seed: their sum is its total, or at most a floor.
    pub fn agrees(&self) -> bool {
        self.sum == self.total || (self.floor && self.sum <= self.total)
    }

    /// The parts as a sum: `gannan-team 39 + gansu-county-teams 58`.
    pub fn parts_text(&self) -> String {
        self.parts
            .iter()
            .map(|(name, units)| format!("{} {units}", crate::i18n::program(name)))
            .collect::<Vec<_>>()
            .join(" + ")
    }
}

/// The dataset's cross-program totals whose programs are all among `instances`.
pub fn reconcile(specs: &[crate::load::ReconcileSpec], instances: &[Instance]) -> Vec<Reconciled> {
    specs
        .iter()
        .filter_map(|spec| {
            let parts = spec
                .programs
                .iter()
                .map(|name| {
                    let instance = instances.iter().find(|i| &i.program.name == name)?;
                    Some((name.clone(), instance.stated_units()?))
                })
                .collect::<Option<Vec<(String, u64)>>>()?;
            Some(Reconciled {
                title: spec.title.clone(),
                source: spec.source.clone(),
                total: u64::from(spec.total),
                sum: parts.iter().map(|p| p.1).sum(),
                parts,
                known_mismatch: spec.known_mismatch.clone(),
                floor: spec.floor,
            })
        })
        .collect()
}

/// A note for each cross-program total the programs do not add up to.
pub fn reconcile_notes(reconciled: &[Reconciled]) -> Vec<Finding> {
    reconciled
        .iter()
        .filter(|r| !r.agrees())
        .map(|r| Finding {
            kind: FindingKind::SeedDisagreement,
            severity: Severity::Note,
            clause: r.source.clone(),
            program: String::new(),
            subject: r.title.clone(),
            expected: Some(r.total as f64),
            actual: Some(r.sum as f64),
            message: crate::tr!(
                "note-reconcile",
                title = &r.title,
                total = r.total,
                parts = r.parts_text(),
                sum = r.sum,
                reason = r.known_mismatch.as_deref().unwrap_or("")
            ),
            place: None,
        })
        .collect()
}

/// Most serious first, then by kind and subject, so output is stable.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.severity, a.kind)
            .cmp(&(b.severity, b.kind))
            .then_with(|| crate::text::natural_cmp(&a.subject, &b.subject))
            .then_with(|| a.subject.cmp(&b.subject))
            .then_with(|| a.message.cmp(&b.message))
    });
}

/// Whether any finding breaks a rule.
pub fn has_gaps(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Gap)
}

/// The findings on one program's rows of a resolved ledger that cannot be taken as written: an
/// unknown id (with the closest known ids and names as suggestions), a name written beside an id
/// that is another's (`name_mismatch`), a pair listed a second time (`duplicate_pair`).
pub fn ledger_findings(instance: &Instance, ledger: &Ledger) -> Vec<Finding> {
    row_findings(instance, ledger)
        .into_iter()
        .map(|(_, finding)| finding)
        .collect()
}

/// [`ledger_findings`], each with the line of its row.
pub fn row_findings(instance: &Instance, ledger: &Ledger) -> Vec<(u64, Finding)> {
    // Made at the first unknown id: a ledger without one (a plan checked) needs no suggestions.
    let mut hints: Option<IdHints> = None;
    let mut findings = Vec::new();
    for row in ledger.rows_of(&instance.program.name) {
        let file = row_file(ledger, row);
        let of_row: Vec<Finding> = match &row.problem {
            None | Some(RowProblem::UnknownProgram) => Vec::new(),
            Some(RowProblem::UnknownIds { helper, recipient }) => {
                let hints = hints.get_or_insert_with(|| IdHints::of(instance));
                unknown_id_findings(instance, file, row, (*helper, *recipient), hints)
            }
            Some(RowProblem::NameMismatch(mismatches)) => {
                name_mismatch_findings(instance, file, row, mismatches)
            }
            Some(RowProblem::ListedTwice {
                first_file,
                first_line,
            }) => {
                let first = Place {
                    file: first_file.clone(),
                    line: *first_line,
                };
                vec![listed_twice_finding(instance, file, row, &first)]
            }
        };
        findings.extend(of_row.into_iter().map(|finding| (row.line, finding)));
    }
    findings
}

/// The suggestions for a ledger's unknown helper ids and unknown recipient ids, kept over its rows
/// so that the searches they cost stay capped for the whole file.
struct IdHints<'a> {
    helpers: Suggester<'a>,
    recipients: Suggester<'a>,
}

impl<'a> IdHints<'a> {
    /// The suggestions among a program's helpers and recipients.
    fn of(instance: &'a Instance) -> Self {
        IdHints {
            helpers: Suggester::new(
                instance
                    .helpers
                    .iter()
                    .map(|h| (h.id.as_str(), h.name.as_str())),
            ),
            recipients: Suggester::new(
                instance
                    .recipients
                    .iter()
                    .map(|r| (r.id.as_str(), r.name.as_str())),
            ),
        }
    }
}

/// An `unknown_reference` finding for each of the row's ids the data lacks (`unknown`: whether the
/// helper id is, whether the recipient id is), with the closest known ids.
fn unknown_id_findings(
    instance: &Instance,
    file: &str,
    row: &LedgerRow,
    (helper, recipient): (bool, bool),
    hints: &mut IdHints,
) -> Vec<Finding> {
    let sides = [
        (
            helper,
            &mut hints.helpers,
            "helper_id",
            &instance.program.helper_noun,
            instance.helpers.len(),
            &row.helper_id,
            row.helper_name.as_deref(),
        ),
        (
            recipient,
            &mut hints.recipients,
            "recipient_id",
            &instance.program.recipient_noun,
            instance.recipients.len(),
            &row.recipient_id,
            row.recipient_name.as_deref(),
        ),
    ];
    let mut findings = Vec::new();
    for (unknown_here, hints, column, noun, known, id, name) in sides {
        if unknown_here {
            let suggestions = hints.suggest(id, name);
            findings.push(unknown(
                instance,
                file,
                row,
                (column, noun, known),
                id,
                name,
                &suggestions,
            ));
        }
    }
    findings
}

/// A `name_mismatch` finding for each name written beside an id that is another's.
fn name_mismatch_findings(
    instance: &Instance,
    file: &str,
    row: &LedgerRow,
    mismatches: &[crate::validate::ledger::Mismatch],
) -> Vec<Finding> {
    mismatches
        .iter()
        .map(|m| {
            let id = match m.field {
                NameField::RecipientName => &row.recipient_id,
                NameField::HelperName | NameField::HelperDistrict => &row.helper_id,
            };
            row_finding(
                instance,
                file,
                row,
                FindingKind::NameMismatch,
                id,
                tr!(
                    "finding-name-mismatch",
                    file = file,
                    line = row.line,
                    column = m.field.column(),
                    written = &m.written,
                    id = id.as_str(),
                    known = if m.known.is_empty() {
                        tr!("finding-no-district")
                    } else {
                        m.known.clone()
                    }
                ),
            )
        })
        .collect()
}

/// The `duplicate_pair` finding of a row repeating the pair of the row at `first` (in the same
/// file, or in another district's file read with it).
fn listed_twice_finding(
    instance: &Instance,
    file: &str,
    row: &LedgerRow,
    first: &Place,
) -> Finding {
    // An allotment's second row for a pair adds its units: worth a look, not a gap.
    let (key, severity) = match (instance.is_allotment(), first.file == file) {
        (true, true) => (
            crate::msg_key!("finding-duplicate-pair-added"),
            Severity::Note,
        ),
        (true, false) => (
            crate::msg_key!("finding-duplicate-pair-added-elsewhere"),
            Severity::Note,
        ),
        (false, true) => (crate::msg_key!("finding-duplicate-pair"), Severity::Gap),
        (false, false) => (
            crate::msg_key!("finding-duplicate-pair-elsewhere"),
            Severity::Gap,
        ),
    };
    let message = tr!(
        key,
        file = file,
        line = row.line,
        first = first.line,
        first_file = first.file.as_str(),
        recipient = row.recipient_id.as_str(),
        helper = row.helper_id.as_str()
    );
    Finding {
        severity,
        ..row_finding(
            instance,
            file,
            row,
            FindingKind::DuplicatePair,
            &row.recipient_id,
            message,
        )
    }
}

/// Rows naming a program that no model defines, by name or by title.
pub fn unknown_programs(ledger: &Ledger, known: &[&str]) -> Vec<Finding> {
    ledger
        .rows
        .iter()
        .filter(|r| r.problem == Some(RowProblem::UnknownProgram))
        .map(|row| {
            let file = row_file(ledger, row);
            let hint = crate::text::closest(&row.written.program, known, 1);
            Finding {
                kind: FindingKind::UnknownReference,
                severity: Severity::Gap,
                clause: String::new(),
                program: row.written.program.clone(),
                subject: format!("{file}:{}", row.line),
                expected: None,
                actual: None,
                message: tr!(
                    "finding-unknown-program",
                    file = file,
                    line = row.line,
                    program = &row.written.program,
                    hint = hint
                        .first()
                        .map(|h| tr!("did-you-mean", name = h.as_str()))
                        .unwrap_or_default()
                ),
                place: Some(Place {
                    file: file.to_string(),
                    line: row.line,
                }),
            }
        })
        .collect()
}

/// Full searches of the known ids a ledger may cost: a file with more unknown ids than this is
/// more likely the wrong file than a set of typos, and a search per row would make `check` of a
/// million-row file take hours. Past it, only an exact name still gives a suggestion.
const SUGGESTION_SEARCHES: usize = 200;

/// Suggestions for unknown ids from one known set (helpers or recipients): an exact name first,
/// then the ids one or two keystrokes away. Names are looked up in a map; the edit-distance scans are
/// remembered per id and capped at [`SUGGESTION_SEARCHES`], so the audit stays linear in the rows.
struct Suggester<'a> {
    known: Vec<(&'a str, &'a str)>,
    name_of: FastMap<&'a str, &'a str>,
    ids_named: FastMap<&'a str, Vec<&'a str>>,
    remembered: FastMap<String, Vec<String>>,
    searches: usize,
}

impl<'a> Suggester<'a> {
    fn new(known: impl Iterator<Item = (&'a str, &'a str)>) -> Self {
        let known: Vec<(&str, &str)> = known.collect();
        let mut ids_named: FastMap<&str, Vec<&str>> = FastMap::default();
        for &(id, name) in &known {
            ids_named.entry(name).or_default().push(id);
        }
        Suggester {
            name_of: known.iter().copied().collect(),
            ids_named,
            known,
            remembered: FastMap::default(),
            searches: 0,
        }
    }

    /// The closest known ids, as `id name`, at most three.
    fn suggest(&mut self, id: &str, name: Option<&str>) -> Vec<String> {
        let mut found: Vec<&str> = name
            .filter(|n| !n.is_empty())
            .and_then(|n| self.ids_named.get(n))
            .map(|ids| ids.iter().copied().take(3).collect())
            .unwrap_or_default();
        let near = match self.remembered.get(id) {
            Some(near) => near.clone(),
            None if self.searches < SUGGESTION_SEARCHES => {
                self.searches += 1;
                let ids: Vec<&str> = self.known.iter().map(|(i, _)| *i).collect();
                let near = crate::text::closest(id, &ids, 3);
                self.remembered.insert(id.to_string(), near.clone());
                near
            }
            None => Vec::new(),
        };
        for candidate in &near {
            if found.len() < 3 && !found.contains(&candidate.as_str()) {
                if let Some((known, _)) = self.name_of.get_key_value(candidate.as_str()) {
                    found.push(known);
                }
            }
        }
        found
            .into_iter()
            .map(|i| format!("{i} {}", self.name_of.get(i).copied().unwrap_or_default()))
            .collect()
    }
}

/// A gap about one row of a ledger, its subject the file, line and id.
fn row_finding(
    instance: &Instance,
    file: &str,
    row: &LedgerRow,
    kind: FindingKind,
    id: &str,
    message: String,
) -> Finding {
    Finding {
        kind,
        severity: Severity::Gap,
        clause: String::new(),
        program: instance.program.name.clone(),
        subject: format!("{file}:{} {id}", row.line),
        expected: None,
        actual: None,
        message,
        place: Some(Place {
            file: file.to_string(),
            line: row.line,
        }),
    }
}

/// The file a ledger row is in: its own, or (a row no file names) the ledger's.
fn row_file<'a>(ledger: &'a Ledger, row: &'a LedgerRow) -> &'a str {
    if row.file.is_empty() {
        &ledger.file
    } else {
        &row.file
    }
}

/// `what` is (column, noun of the known set, its size).
fn unknown(
    instance: &Instance,
    file: &str,
    row: &LedgerRow,
    what: (&str, &str, usize),
    id: &str,
    name: Option<&str>,
    suggestions: &[String],
) -> Finding {
    let (column, noun, known) = what;
    let named = name
        .filter(|n| !n.is_empty())
        .map(|n| tr!("finding-unknown-named", name = n))
        .unwrap_or_default();
    let hint = if suggestions.is_empty() {
        String::new()
    } else {
        tr!("finding-unknown-closest", closest = suggestions.join("、"))
    };
    row_finding(
        instance,
        file,
        row,
        FindingKind::UnknownReference,
        id,
        tr!(
            "finding-unknown-reference",
            file = file,
            line = row.line,
            column = crate::i18n::column_label(column),
            id = id,
            named = named,
            known = known,
            noun = crate::i18n::noun(noun),
            hint = hint
        ),
    )
}

/// Coverage of one county.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountyCoverage {
    /// Province.
    pub province: String,
    /// Prefecture.
    pub prefecture: String,
    /// County.
    pub county: String,
    /// Recipients in the county.
    pub recipients: Count,
    /// Recipients with at least the required number of helpers.
    pub covered: Count,
    /// Recipients short of helpers.
    pub missing: Count,
}

/// Coverage of one district's quota.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DistrictCoverage {
    /// District.
    pub district: String,
    /// Quota: 0 when it holds none, absent when the program sets no quotas.
    pub quota: Option<Count>,
    /// Recipients its helpers cover.
    pub covered: Count,
    /// How far below the quota.
    pub short: Count,
    /// How far above it.
    pub over: Count,
}

/// Coverage of one program.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProgramCoverage {
    /// Program name.
    pub program: String,
    /// Chinese title.
    pub title: String,
    /// Recipients in the data.
    pub recipients: Count,
    /// What the recipients are called.
    pub recipient_noun: String,
    /// Recipients with at least the required number of helpers.
    pub covered: Count,
    /// By province → prefecture → county, in the pairing map's order.
    pub counties: Vec<CountyCoverage>,
    /// By district.
    pub districts: Vec<DistrictCoverage>,
}

/// Counts coverage of a plan by county and by district.
pub fn coverage(instance: &Instance, plan: &Plan) -> ProgramCoverage {
    let (min, _) = instance.coverage();
    let mut partners = vec![0 as Count; instance.recipients.len()];
    for a in &plan.assignments {
        partners[a.recipient.0] += 1;
    }
    // A recipient that needs nobody (a post demanding 0 cadres) is not missing.
    let is_covered = |r: usize| partners[r] >= min || !instance.needs_service(RecipientId(r));
    ProgramCoverage {
        program: instance.program.name.clone(),
        title: instance.program.title.clone(),
        recipients: instance.recipients.len() as Count,
        recipient_noun: instance.program.recipient_noun.clone(),
        covered: (0..partners.len()).filter(|&r| is_covered(r)).count() as Count,
        counties: county_coverage(instance, &is_covered),
        districts: district_coverage(instance, plan),
    }
}

/// Coverage by county, grouped by province then prefecture as the pairing map lists them, then
/// the recipients outside the map.
fn county_coverage(instance: &Instance, is_covered: &dyn Fn(usize) -> bool) -> Vec<CountyCoverage> {
    let counties_ = &instance.counties;
    let mut order: Vec<usize> = (0..counties_.len()).collect();
    // Group by province, then prefecture, each in order of first appearance in the pairing map.
    let first_province = |c: usize| {
        counties_
            .iter()
            .position(|o| o.province == counties_[c].province)
    };
    let first_prefecture = |c: usize| {
        counties_
            .iter()
            .position(|o| o.prefecture == counties_[c].prefecture)
    };
    order.sort_by_key(|&c| (first_province(c), first_prefecture(c), c));
    // Recipients bucketed once: a scan per county would cost counties × recipients.
    let mut by_county: Vec<Vec<usize>> = vec![Vec::new(); counties_.len()];
    for (r, recipient) in instance.recipients.iter().enumerate() {
        if let Some(CountyId(c)) = recipient.county {
            by_county[c].push(r);
        }
    }
    let mut counties: Vec<CountyCoverage> = order
        .into_iter()
        .filter_map(|c| {
            let county = &instance.counties[c];
            let members = &by_county[c];
            let covered = members.iter().filter(|&&r| is_covered(r)).count() as Count;
            (!members.is_empty()).then(|| CountyCoverage {
                province: county.province.clone(),
                prefecture: county.prefecture.clone(),
                county: county.name.clone(),
                recipients: members.len() as Count,
                covered,
                missing: members.len() as Count - covered,
            })
        })
        .collect();
    let outside: Vec<usize> = (0..instance.recipients.len())
        .filter(|&r| instance.recipients[r].county.is_none())
        .collect();
    if !outside.is_empty() {
        let covered = outside.iter().filter(|&&r| is_covered(r)).count() as Count;
        counties.push(CountyCoverage {
            province: tr!("outside-the-map"),
            prefecture: String::new(),
            county: String::new(),
            recipients: outside.len() as Count,
            covered,
            missing: outside.len() as Count - covered,
        });
    }
    counties
}

/// Coverage by district: what each district's helpers serve against its quota.
fn district_coverage(instance: &Instance, plan: &Plan) -> Vec<DistrictCoverage> {
    let loads = plan.helper_loads(instance.helpers.len());
    let served = served_by(instance, &loads, |h| h.district);
    instance
        .districts
        .iter()
        .enumerate()
        .map(|(d, district)| {
            let quota = instance.quota_of(DistrictId(d));
            let covered = served.get(&DistrictId(d)).copied().unwrap_or(0);
            DistrictCoverage {
                district: district.name.clone(),
                quota,
                covered,
                short: quota.map_or(0, |q| q.saturating_sub(covered)),
                over: quota.map_or(0, |q| covered.saturating_sub(q)),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use proptest::prelude::*;

    use super::*;

    /// The rule the model keeps without stating it: a helper of capacity 0 takes no one. A ledger
    /// pairing one is a gap even in a program that sets no capacity rule.
    #[test]
    fn a_pairing_with_a_helper_of_no_capacity_is_a_gap() {
        let mut instance = crate::testkit::instance(&(
            vec![(0, 2, 0), (0, 2, 0)],
            vec![(0, 0, 0), (0, 0, 0)],
            false,
            0,
        ));
        instance.rules = crate::domain::RuleSet::from([Rule::Coverage {
            min: 1,
            max: Some(1),
        }]);
        instance.helpers[1].capacity = 0;
        let plan = Plan::new(vec![
            crate::domain::Assignment::pairing(RecipientId(0), HelperId(0)),
            crate::domain::Assignment::pairing(RecipientId(1), HelperId(1)),
        ]);
        let gaps: Vec<Finding> = check_plan(&instance, &plan)
            .into_iter()
            .filter(|f| f.severity == Severity::Gap)
            .collect();
        assert_eq!(gaps.len(), 1, "{gaps:?}");
        assert_eq!(gaps[0].kind, FindingKind::ForbiddenPair);
        assert!(
            gaps[0].subject.contains(&instance.helpers[1].id),
            "{gaps:?}"
        );
    }

    #[test]
    fn suggestions_by_name_then_by_id_with_the_scans_capped() {
        let known = [
            ("E0001", "甲一公司"),
            ("E0002", "甲二公司"),
            ("E0102", "乙一公司"),
        ];
        let mut hints = Suggester::new(known.iter().copied());
        assert_eq!(
            hints.suggest("X", Some("乙一公司")),
            vec!["E0102 乙一公司".to_string()]
        );
        assert_eq!(
            hints.suggest("E0003", None),
            vec!["E0001 甲一公司", "E0002 甲二公司", "E0102 乙一公司"]
        );
        for n in 0..SUGGESTION_SEARCHES {
            hints.suggest(&format!("Z{n}"), None);
        }
        // Remembered ids and exact names still answer; a new id is no longer searched.
        assert_eq!(hints.suggest("E0003", None).len(), 3);
        assert!(hints.suggest("E0004", None).is_empty());
        assert_eq!(hints.suggest("E0004", Some("甲二公司")).len(), 1);
    }
    use crate::graph::PairingGraph;
    use crate::solve::solve;
    use crate::testkit::{instance, params};

    /// Gaps as (kind, subject), the part of a finding a change determines.
    fn gaps(instance: &Instance, plan: &Plan) -> BTreeSet<(FindingKind, String)> {
        check_plan(instance, plan)
            .into_iter()
            .filter(|f| f.severity == Severity::Gap)
            .map(|f| (f.kind, f.subject))
            .collect()
    }

    fn recipient_subject(instance: &Instance, r: RecipientId) -> String {
        let recipient = &instance.recipients[r.0];
        format!("{} {}", recipient.id, recipient.name)
    }

    fn helper_subject(instance: &Instance, h: HelperId) -> String {
        let helper = &instance.helpers[h.0];
        format!("{} {}", helper.id, helper.name)
    }

    /// The unit-minimum gap a load change of `delta` at `helper` implies, if any.
    fn unit_gap(
        instance: &Instance,
        plan: &Plan,
        helper: HelperId,
        delta: i64,
    ) -> Option<(FindingKind, String)> {
        let unit = instance.helpers[helper.0].unit?;
        let minimum = instance.unit_minimums()?.get(&unit).copied()?;
        let loads = plan.helper_loads(instance.helpers.len());
        let served: i64 = (0..instance.helpers.len())
            .filter(|&h| instance.helpers[h].unit == Some(unit))
            .map(|h| i64::from(loads[h]))
            .sum();
        (served + delta < i64::from(minimum))
            .then(|| (FindingKind::UnitShort, instance.units[unit.0].name.clone()))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn one_row_changed_gives_exactly_the_implied_findings(params in params(10), pick in any::<prop::sample::Index>(), to in any::<prop::sample::Index>()) {
            let instance = instance(&params);
            let graph = PairingGraph::build(&instance);
            let plan = solve(&instance, &graph).expect("feasible").plan;
            prop_assert!(gaps(&instance, &plan).is_empty());
            let row = plan.assignments[pick.index(plan.assignments.len())];
            let district = |h: HelperId| instance.district_name(h).to_string();
            let loads = plan.helper_loads(instance.helpers.len());

            // Removing it: the recipient is uncovered, its helper's district short, maybe its unit.
            let mut removed = plan.assignments.clone();
            removed.retain(|a| *a != row);
            let mut expected = BTreeSet::from([
                (FindingKind::Uncovered, recipient_subject(&instance, row.recipient)),
                (FindingKind::QuotaShort, district(row.helper)),
            ]);
            expected.extend(unit_gap(&instance, &plan, row.helper, -1));
            prop_assert_eq!(gaps(&instance, &Plan::new(removed)), expected);

            // Duplicating it: the recipient is over-covered, the district over, maybe the helper full.
            let mut duplicated = plan.assignments.clone();
            duplicated.push(row);
            let mut expected = BTreeSet::from([
                (FindingKind::OverCovered, recipient_subject(&instance, row.recipient)),
                (FindingKind::QuotaOver, district(row.helper)),
            ]);
            if loads[row.helper.0] == instance.helpers[row.helper.0].capacity {
                expected.insert((FindingKind::OverCapacity, helper_subject(&instance, row.helper)));
            }
            prop_assert_eq!(gaps(&instance, &Plan::new(duplicated)), expected);

            // Moving it to another helper: quotas move between districts, the new helper may be full,
            // the old unit may fall short.
            let target = HelperId(to.index(instance.helpers.len()));
            prop_assume!(target != row.helper);
            let mut moved = plan.assignments.clone();
            moved.retain(|a| *a != row);
            moved.push(crate::domain::Assignment { helper: target, ..row });
            let mut expected = BTreeSet::new();
            if instance.helpers[target.0].district != instance.helpers[row.helper.0].district {
                expected.insert((FindingKind::QuotaShort, district(row.helper)));
                expected.insert((FindingKind::QuotaOver, district(target)));
            }
            if loads[target.0] >= instance.helpers[target.0].capacity {
                expected.insert((FindingKind::OverCapacity, helper_subject(&instance, target)));
            }
            if instance.helpers[target.0].unit != instance.helpers[row.helper.0].unit {
                expected.extend(unit_gap(&instance, &plan, row.helper, -1));
            }
            prop_assert_eq!(gaps(&instance, &Plan::new(moved)), expected);
        }
    }
}
