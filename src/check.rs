//! Judges a plan — made by the solver or kept by hand in a spreadsheet — against every rule of its
//! program, without the LP. Each broken rule becomes a typed [`Finding`] in the planners' terms.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::domain::{Count, DistrictId, Instance, Plan, RecipientId, Rule};
use crate::graph::PairingGraph;
use crate::validate::{format_number, TotalMismatch};

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
    /// A district below its quota.
    QuotaShort,
    /// A district above its quota.
    QuotaOver,
    /// A city unit below its minimum.
    UnitShort,
    /// A recipient no eligible helper can serve at all.
    Unreachable,
    /// A declared total (合计) that differs from the sum of its rows.
    TotalMismatch,
    /// A pairing off the pairing map.
    OffMap,
    /// A county whose paired district holds no quota.
    NoQuotaCounty,
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
            FindingKind::OffMap | FindingKind::NoQuotaCounty | FindingKind::TotalMismatch => {
                Severity::Note
            }
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
        }
    }
}

/// Checks a plan against every rule of the instance; findings come sorted by severity, kind, subject.
pub fn check_plan(instance: &Instance, plan: &Plan) -> Vec<Finding> {
    let mut findings = Vec::new();
    let loads = plan.helper_loads(instance.helpers.len());
    let r_noun = &instance.program.recipient_noun;
    let h_noun = &instance.program.helper_noun;
    for rule in &instance.rules {
        match rule {
            Rule::Coverage { min, max } => {
                let mut partners: Vec<Count> = vec![0; instance.recipients.len()];
                for a in &plan.assignments {
                    partners[a.recipient.0] += 1;
                }
                for (r, &count) in partners.iter().enumerate() {
                    let recipient = &instance.recipients[r];
                    let county = &instance.counties[recipient.county.0].name;
                    let subject = format!("{} {}", recipient.id, recipient.name);
                    if count < *min {
                        findings.push(Finding::new(
                            instance,
                            FindingKind::Uncovered,
                            subject,
                            Some(*min),
                            Some(count),
                            format!(
                                "{county}{}（{}）has {count} {h_noun} paired, needs at least {min}",
                                recipient.name, recipient.id
                            ),
                        ));
                    } else if count > *max {
                        findings.push(Finding::new(
                            instance,
                            FindingKind::OverCovered,
                            subject,
                            Some(*max),
                            Some(count),
                            format!(
                                "{county}{}（{}）is paired {count} times, at most {max} allowed",
                                recipient.name, recipient.id
                            ),
                        ));
                    }
                }
            }
            Rule::HelperCapacity => {
                for (h, helper) in instance.helpers.iter().enumerate() {
                    if loads[h] > helper.capacity {
                        findings.push(Finding::new(
                            instance,
                            FindingKind::OverCapacity,
                            format!("{} {}", helper.id, helper.name),
                            Some(helper.capacity),
                            Some(loads[h]),
                            format!(
                                "{}（{}）serves {} {r_noun}, above its capacity of {}",
                                helper.name, helper.id, loads[h], helper.capacity
                            ),
                        ));
                    }
                }
            }
            Rule::DistrictQuota { quotas } => {
                let served = served_by(instance, &loads, |h| Some(h.district));
                for (d, district) in instance.districts.iter().enumerate() {
                    let quota = quotas.get(&DistrictId(d)).copied().unwrap_or(0);
                    let covered = served.get(&DistrictId(d)).copied().unwrap_or(0);
                    let (kind, word) = if covered < quota {
                        (FindingKind::QuotaShort, "short of")
                    } else if covered > quota {
                        (FindingKind::QuotaOver, "above")
                    } else {
                        continue;
                    };
                    findings.push(Finding::new(
                        instance,
                        kind,
                        district.name.clone(),
                        Some(quota),
                        Some(covered),
                        format!(
                            "{}'s {h_noun} cover {covered} {r_noun}, {word} its quota of {quota}",
                            district.name
                        ),
                    ));
                }
            }
            Rule::UnitMinimum { minimums } => {
                let served = served_by(instance, &loads, |h| h.unit);
                for (unit, &minimum) in minimums {
                    let covered = served.get(unit).copied().unwrap_or(0);
                    if covered < minimum {
                        let name = &instance.units[unit.0].name;
                        findings.push(Finding::new(instance, FindingKind::UnitShort, name.clone(), Some(minimum), Some(covered),
                            format!("{name} has mobilised {h_noun} for {covered} {r_noun}, short of its minimum of {minimum}")));
                    }
                }
            }
        }
    }
    for a in &plan.assignments {
        if !instance.on_map(a.helper, a.recipient) {
            findings.push(off_map_finding(instance, a.recipient, a.helper));
        }
    }
    sort_findings(&mut findings);
    findings
}

fn off_map_finding(
    instance: &Instance,
    recipient: RecipientId,
    helper: crate::domain::HelperId,
) -> Finding {
    let r = &instance.recipients[recipient.0];
    let h = &instance.helpers[helper.0];
    let county = &instance.counties[r.county.0];
    let helper_district = &instance.districts[h.district.0].name;
    let paired = &instance.districts[county.paired_district.0].name;
    Finding::new(instance, FindingKind::OffMap, format!("{} {}", r.id, r.name), None, None,
        format!("{}{} is paired with {}（{helper_district}）, but {} is paired with {paired} on the map", county.name, r.name, h.name, county.name))
}

/// Structural findings of the data, before any plan: unreachable recipients, counties whose paired
/// district holds no quota, and totals kept as printed although they differ from their rows.
pub fn check_data(
    instance: &Instance,
    graph: &PairingGraph,
    mismatches: &[TotalMismatch],
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for r in graph.unreachable_recipients() {
        let recipient = &instance.recipients[r.0];
        findings.push(Finding::new(
            instance,
            FindingKind::Unreachable,
            format!("{} {}", recipient.id, recipient.name),
            None,
            None,
            format!(
                "no eligible {} can serve {}（{}）",
                instance.program.helper_noun, recipient.name, recipient.id
            ),
        ));
    }
    for county in graph.counties_without_paired_service() {
        let c = &instance.counties[county.0];
        let district = &instance.districts[c.paired_district.0].name;
        let count = instance
            .recipients
            .iter()
            .filter(|r| r.county == county)
            .count() as Count;
        findings.push(Finding::new(instance, FindingKind::NoQuotaCounty, c.name.clone(), None, Some(count),
            format!("{} is paired with {district}, which holds no {} quota: its {count} {} depend on other districts", c.name, instance.program.title, instance.program.recipient_noun)));
    }
    for m in mismatches {
        findings.push(Finding {
            kind: FindingKind::TotalMismatch,
            severity: Severity::Note,
            program: instance.program.name.clone(),
            subject: format!("{}:{} {}", m.file, m.line, m.column),
            expected: Some(m.sum),
            actual: Some(m.declared),
            message: format!(
                "the 合计 of column '{}' reads {} but the rows add up to {} ({})",
                m.column,
                format_number(m.declared),
                format_number(m.sum),
                m.reason
            ),
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

/// Most serious first, then by kind and subject, so output is stable.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.severity, a.kind, &a.subject, &a.message)
            .cmp(&(b.severity, b.kind, &b.subject, &b.message))
    });
}

/// Whether any finding breaks a rule.
pub fn has_gaps(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Gap)
}
