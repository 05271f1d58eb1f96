//! What a plan amounts to, in the planners' numbers: per district, per unit and per county, the
//! use of capacity, what moved against last year, a what-if row and a sweep's point, a program's
//! or a target table's description. Computed here once, from the plan and its instance; the
//! renderers of `report` only lay these out.

use serde::Serialize;

use crate::change::{ChangeLine, Comparison, Counts};
use crate::domain::{Count, DistrictId, Instance, Plan, ProgramInput};
use crate::text::format_number;
use crate::tr;

/// One district's line of the summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DistrictSummary {
    /// District name.
    pub district: String,
    /// Its quota: 0 when it holds none, absent when the program sets no quotas.
    pub quota: Option<Count>,
    /// Its helpers' load: recipients covered, or units sent in an allotment (see `load_noun`).
    pub covered: Count,
    /// Helpers with at least one recipient.
    pub helpers_used: Count,
    /// Helpers it has.
    pub helpers: Count,
    /// Mean load of the helpers used.
    pub mean_load: f64,
    /// Largest load of one helper.
    pub max_load: Count,
    /// Mean load / capacity of the helpers used.
    pub mean_utilisation: f64,
    /// Pairings off the pairing map.
    pub off_map: Count,
}

/// One unit's line of the summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitSummary {
    /// Unit name.
    pub unit: String,
    /// Linked district.
    pub district: String,
    /// Its minimum.
    pub minimum: Count,
    /// Recipients covered by the helpers it mobilised.
    pub covered: Count,
}

/// What `plan` reports for one program.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanSummary {
    /// Program name.
    pub program: String,
    /// Chinese title.
    pub title: String,
    /// Seed source.
    pub source: String,
    /// The files the program read, each official (with its seed clause), synthetic or given.
    pub inputs: Vec<ProgramInput>,
    /// Recipients in the data.
    pub recipients: Count,
    /// What the recipients are called.
    pub recipient_noun: String,
    /// Recipients with at least one helper.
    pub covered: Count,
    /// Number of pairings.
    pub pairings: Count,
    /// Units the pairings carry (person-times…); equal to `pairings` for plain pairings.
    pub units_allotted: Count,
    /// What a unit is called.
    pub unit_noun: String,
    /// What a helper's load counts: recipients for plain pairings, units for an allotment.
    pub load_noun: String,
    /// Pairings off the pairing map.
    pub off_map: Count,
    /// Pairings whose helper has no skill matching the recipient's trait.
    pub trait_mismatches: Count,
    /// Σ load² / capacity over the helpers: the balance measure the LP minimises.
    pub balance_measure: f64,
    /// Largest load / capacity of any helper.
    pub max_utilisation: f64,
    /// Whether the program bounds a helper's load by its capacity: use (load / capacity) is said
    /// only then (a telemedicine link follows its pairing, whatever the capacity column says).
    pub capacity_bound: bool,
    /// Per district.
    pub districts: Vec<DistrictSummary>,
    /// Per unit.
    pub units: Vec<UnitSummary>,
    /// How the plan was found (objective, status, method), as top-level fields in JSON.
    #[serde(flatten)]
    pub solving: SolverFacts,
    /// What moved against last year's pairings (`plan --previous`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<ChangeSummary>,
}

/// One program's plan against last year's pairings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeSummary {
    /// The file of last year's pairings.
    pub previous: String,
    /// Units kept, changed, new and dropped.
    pub units: Counts,
    /// The same per helper district.
    pub by_district: std::collections::BTreeMap<String, Counts>,
    /// Every pairing dropped or reduced, with its reason.
    pub dropped: Vec<ChangeLine>,
    /// Pairs the previous file lists more than once (each one pairing, kept once).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub listed_twice: Vec<String>,
    /// With `--as-of`: last year's postings to posts with a tenure, continuing or ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenures: Option<TenureCounts>,
}

/// What became of last year's postings to posts with a tenure, as of the plan's first day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TenureCounts {
    /// The plan's first day (`--as-of`).
    pub as_of: String,
    /// People whose posting continues (it may not move).
    pub continuing: u64,
    /// People whose posting ended: their posts are filled again.
    pub ended: u64,
    /// Of the continuing, people whose posting ends within the year after the plan's first day
    /// (长春's half-year posts, the 1.5-year terms begun a year ago): they rotate during the year.
    pub ending_within_year: u64,
    /// The day a year after the plan's first day.
    pub year_end: String,
    /// People of rows without a `start`: taken as begun one year before the plan's first day.
    pub without_start: u64,
    /// The day those are taken to have begun.
    pub assumed_start: String,
    /// People whose `start` is after the plan's first day (posted ahead, or a mistyped year).
    pub ahead: u64,
    /// People on posts with no single tenure: kept as pairings, not rotated.
    pub untenured: u64,
}

/// The part of a comparison that concerns one program.
pub fn change_summary(
    previous: &str,
    comparison: &Comparison,
    program: &str,
    known: &crate::change::Previous,
) -> ChangeSummary {
    let tenures = known.as_of.map(|as_of| {
        let units = |keep: &dyn Fn(&crate::change::Posting) -> bool| {
            known
                .postings
                .iter()
                .filter(|p| keep(p))
                .map(|p| u64::from(p.units))
                .sum()
        };
        let year_end = as_of
            .checked_add(jiff::Span::new().years(1))
            .unwrap_or(as_of);
        let assumed_start = as_of
            .checked_sub(jiff::Span::new().years(1))
            .unwrap_or(as_of);
        TenureCounts {
            as_of: as_of.to_string(),
            continuing: units(&|p| p.continues),
            ended: units(&|p| !p.continues),
            ending_within_year: units(&|p| p.continues && p.ends <= year_end),
            year_end: year_end.to_string(),
            without_start: units(&|p| !p.start_given),
            assumed_start: assumed_start.to_string(),
            ahead: units(&|p| p.start > as_of),
            untenured: u64::from(known.untenured),
        }
    });
    ChangeSummary {
        previous: previous.to_string(),
        units: comparison
            .by_program
            .get(program)
            .copied()
            .unwrap_or_default(),
        by_district: comparison
            .by_district
            .get(program)
            .cloned()
            .unwrap_or_default(),
        dropped: comparison
            .lines
            .iter()
            .filter(|l| l.program == program && l.units < l.previous_units)
            .cloned()
            .collect(),
        listed_twice: known.listed_twice.clone(),
        tenures: tenures.filter(|t| t.continuing + t.ended > 0),
    }
}

fn round4(value: f64) -> f64 {
    (value * 1e4).round() / 1e4
}

/// One corner of the trade between changes and the program's own objective (`plan --frontier`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FrontierPoint {
    /// The change weight that found it.
    pub change_weight: f64,
    /// Units of last year's pairings changed.
    pub changes: Count,
    /// The program's own objective (off-map, mismatches, balance), without the changes.
    pub objective: f64,
    /// Off-map pairings.
    pub off_map: Count,
    /// Pairings without a matching skill.
    pub trait_mismatches: Count,
    /// Σ load²/capacity.
    pub balance_measure: f64,
}

/// How a plan was found, as the summary reports it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SolverFacts {
    /// The objective at the plan.
    pub objective: f64,
    /// `optimal` or `time_limit`.
    pub status: String,
    /// The method that ran: `lp` or `flow`.
    pub solver: String,
    /// Why that method.
    pub solver_reason: String,
    /// Model variables (a network's arcs).
    pub variables: usize,
    /// Model constraints (a network's nodes).
    pub constraints: usize,
    /// The other programs planned in the same model, because they draw on the same capacity;
    /// the objective is then theirs together.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub planned_with: Vec<String>,
    /// The capacity they share (`FILE: COLUMN`), when planned with others.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shared_capacity: Option<String>,
    /// Programs of the dataset that read the same capacity but this run did not plan (`--program`):
    /// what they take is not deducted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub shares_with_unplanned: Vec<String>,
}

/// Summarises a plan and how it was found.
pub fn summarize(instance: &Instance, plan: &Plan, facts: SolverFacts) -> PlanSummary {
    let loads = plan.helper_loads(instance.helpers.len());
    let mut off_map_by: std::collections::BTreeMap<Option<DistrictId>, Count> = Default::default();
    let mut covered_flags = vec![false; instance.recipients.len()];
    let mut mismatches = 0;
    for a in &plan.assignments {
        covered_flags[a.recipient.0] = true;
        let helper = &instance.helpers[a.helper.0];
        if !instance.on_map(a.helper, a.recipient) {
            *off_map_by.entry(helper.district).or_default() += 1;
        }
        if instance.skill_mismatch(a.helper, a.recipient) {
            mismatches += 1;
        }
    }
    let balance_measure = instance.balance_sum(&loads);
    let mut max_utilisation: f64 = 0.0;
    for (helper, &load) in instance.helpers.iter().zip(&loads) {
        if helper.capacity > 0 {
            max_utilisation = max_utilisation.max(f64::from(load) / f64::from(helper.capacity));
        }
    }
    let districts = district_summaries(instance, &loads, &off_map_by);
    let units = unit_summaries(instance, &loads);
    PlanSummary {
        program: instance.program.name.clone(),
        title: instance.program.title.clone(),
        source: instance.program.source.clone(),
        inputs: instance.program.inputs.clone(),
        recipients: instance.recipients.len() as Count,
        recipient_noun: instance.program.recipient_noun.clone(),
        covered: covered_flags.iter().filter(|c| **c).count() as Count,
        pairings: plan.assignments.len() as Count,
        units_allotted: plan.assignments.iter().map(|a| a.units).sum(),
        unit_noun: instance.program.unit_noun.clone(),
        load_noun: if instance.is_allotment() {
            instance.program.unit_noun.clone()
        } else {
            instance.program.recipient_noun.clone()
        },
        off_map: off_map_by.values().sum(),
        trait_mismatches: mismatches,
        balance_measure: round4(balance_measure),
        max_utilisation: round4(max_utilisation),
        capacity_bound: instance
            .rules
            .get(crate::domain::RuleKind::HelperCapacity)
            .is_some(),
        districts,
        units,
        solving: SolverFacts {
            objective: round4(facts.objective),
            ..facts
        },
        changes: None,
    }
}

/// One line per district that has helpers or a quota, then city-level helpers (of no district).
fn district_summaries(
    instance: &Instance,
    loads: &[Count],
    off_map_by: &std::collections::BTreeMap<Option<DistrictId>, Count>,
) -> Vec<DistrictSummary> {
    (0..instance.districts.len())
        .map(|d| Some(DistrictId(d)))
        .chain([None])
        .filter_map(|district| {
            let members: Vec<usize> = (0..instance.helpers.len())
                .filter(|&h| instance.helpers[h].district == district)
                .collect();
            let quota = district.and_then(|d| instance.quota_of(d));
            if members.is_empty() && quota.is_none() {
                return None;
            }
            let used: Vec<usize> = members.iter().copied().filter(|&h| loads[h] > 0).collect();
            let mean = |f: &dyn Fn(usize) -> f64| {
                if used.is_empty() {
                    0.0
                } else {
                    round4(used.iter().map(|&h| f(h)).sum::<f64>() / used.len() as f64)
                }
            };
            Some(DistrictSummary {
                district: district.map_or_else(
                    || tr!("city-level"),
                    |d| instance.districts[d.0].name.clone(),
                ),
                quota,
                covered: members.iter().map(|&h| loads[h]).sum(),
                helpers_used: used.len() as Count,
                helpers: members.len() as Count,
                mean_load: mean(&|h| f64::from(loads[h])),
                max_load: members.iter().map(|&h| loads[h]).max().unwrap_or(0),
                mean_utilisation: mean(&|h| {
                    f64::from(loads[h]) / f64::from(instance.helpers[h].capacity.max(1))
                }),
                off_map: off_map_by.get(&district).copied().unwrap_or(0),
            })
        })
        .collect()
}

/// Each unit with a minimum (市级单位对接) and the recipients its helpers serve.
fn unit_summaries(instance: &Instance, loads: &[Count]) -> Vec<UnitSummary> {
    let Some(minimums) = instance.unit_minimums() else {
        return Vec::new();
    };
    minimums
        .iter()
        .map(|(unit, &minimum)| UnitSummary {
            unit: instance.units[unit.0].name.clone(),
            district: instance.districts[instance.units[unit.0].district.0]
                .name
                .clone(),
            minimum,
            covered: instance
                .helpers
                .iter()
                .zip(loads)
                .filter(|(h, _)| h.unit == Some(*unit))
                .map(|(_, &l)| l)
                .sum(),
        })
        .collect()
}

/// One program of one scenario in `whatif`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WhatIfRow {
    /// The scenario's title (the baseline's label for the data as it is).
    pub scenario: String,
    /// Whether the row is the baseline's: said by this flag, never by comparing a (translated)
    /// title.
    #[serde(skip)]
    pub baseline: bool,
    /// The program (empty when the scenario has no plan at all).
    pub program: String,
    /// Whether a plan meets every rule.
    pub feasible: bool,
    /// Why not, when not.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reason: String,
    /// Recipients covered.
    pub covered: Count,
    /// Recipients in all.
    pub recipients: Count,
    /// Off-map pairings.
    pub off_map: Count,
    /// Pairings without a matching skill.
    pub trait_mismatches: Count,
    /// Σ load²/capacity.
    pub balance_measure: f64,
    /// Units moved against the baseline's plan.
    pub moved: Count,
    /// The program's own objective (without the change cost).
    pub objective: f64,
    /// Each district's load (recipients, or units in an allotment), to say what a scenario moves
    /// between districts.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub districts: Vec<(String, Count)>,
    /// The program's title, in the planners' words.
    #[serde(skip)]
    pub title: String,
}

impl WhatIfRow {
    /// The row of a scenario without a plan.
    pub fn infeasible(scenario: &str, program: &str, reason: &str) -> Self {
        WhatIfRow {
            scenario: scenario.to_string(),
            baseline: false,
            program: program.to_string(),
            feasible: false,
            reason: reason.to_string(),
            covered: 0,
            recipients: 0,
            off_map: 0,
            trait_mismatches: 0,
            balance_measure: 0.0,
            moved: 0,
            objective: 0.0,
            districts: Vec::new(),
            title: program.to_string(),
        }
    }

    /// Whether this row says the same of its program as `baseline`'s: a plan both, nothing moved,
    /// the same coverage, off-map pairings, mismatches and loads.
    pub fn same_as(&self, baseline: &WhatIfRow) -> bool {
        self.feasible == baseline.feasible
            && self.moved == 0
            && self.covered == baseline.covered
            && self.off_map == baseline.off_map
            && self.trait_mismatches == baseline.trait_mismatches
            && self.districts == baseline.districts
    }
}

/// One value of a sweep (`whatif --sweep`) for one program: the curve's point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CurvePoint {
    /// The swept value.
    pub value: f64,
    /// The program.
    pub program: String,
    /// Whether a plan meets every rule.
    pub feasible: bool,
    /// The program's objective (absent without a plan).
    pub objective: Option<f64>,
    /// Its change against the baseline's.
    pub objective_change: Option<f64>,
    /// Units moved against the baseline's plan.
    pub moved: Count,
    /// Off-map pairings (absent without a plan).
    pub off_map: Option<Count>,
    /// Pairings without a matching skill (absent without a plan).
    pub trait_mismatches: Option<Count>,
    /// Why there is no plan, when there is none.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// A target table in full (`programs --program labour`).
#[derive(Debug, Serialize)]
pub struct TargetDetail {
    /// Its name, as actuals files write it in `table`.
    pub name: String,
    /// Chinese title.
    pub title: String,
    /// The seed clause.
    pub source: String,
    /// The per-district table in the dataset, if the targets come from one.
    pub file: Option<String>,
    /// When the whole target is due.
    pub due: String,
    /// Interim milestones `(date, share of the target)`.
    pub milestones: Vec<(String, f64)>,
    /// Each indicator: its column name, what it counts, the city's figure (its own target, or the
    /// sum of its parts' targets).
    pub indicators: Vec<(String, String, f64)>,
    /// Each requirement as the seed states it, with how many subjects it binds.
    pub requirements: Vec<RequirementGroup>,
    /// Who reports.
    pub subjects: Vec<String>,
    /// Where the parts' floors add up past the city's (said, not a disagreement).
    pub notes: Vec<String>,
}

/// A requirement of a target table over all the subjects it names.
#[derive(Debug, Serialize)]
pub struct RequirementGroup {
    /// The indicator.
    pub indicator: String,
    /// The subjects, as a few words (`42 subjects: 镇原县…`).
    pub subjects: String,
    /// How many.
    pub count: usize,
    /// The bound (`≥ 150`; several values: the range).
    pub bound: String,
    /// When due.
    pub due: String,
    /// The seed clause.
    pub clause: String,
}

impl TargetDetail {
    /// The detail of a table as read.
    pub fn of(table: &crate::targets::TargetTable) -> Self {
        use crate::targets::{Requirement, CITY};
        let absolute = |r: &&Requirement| r.share_of.is_none();
        let indicators = table
            .indicator_columns
            .iter()
            .map(|column| {
                let of_column = || {
                    table
                        .requirements
                        .iter()
                        .filter(move |r| &r.indicator == column)
                        .filter(absolute)
                };
                let total = match of_column().find(|r| r.subject == CITY) {
                    Some(city) => city.value,
                    None => of_column().map(|r| r.value).sum(),
                };
                (column.clone(), table.meaning(column), total)
            })
            .collect();
        let requirements = requirement_groups(&table.requirements);
        TargetDetail {
            name: table.spec.name.clone(),
            title: table.spec.title.clone(),
            source: table.spec.source.clone(),
            file: table.spec.file.clone(),
            due: table.spec.due.clone(),
            milestones: table.milestones.clone(),
            indicators,
            requirements,
            subjects: table.subjects.iter().map(|s| s.name.clone()).collect(),
            notes: table.notes.clone(),
        }
    }
}

/// A table's requirements grouped: consecutive ones of the same indicator, clause and due date in
/// one line, with their count and the range of their values.
fn requirement_groups(all: &[crate::targets::Requirement]) -> Vec<RequirementGroup> {
    // Each group with its values and the symbol of its comparison (`≥`).
    let mut requirements: Vec<(RequirementGroup, Vec<f64>, &str)> = Vec::new();
    for requirement in all {
        let same = |g: &RequirementGroup| {
            g.indicator == requirement.indicator
                && g.clause == requirement.clause
                && g.due == requirement.due
        };
        match requirements.iter_mut().rev().find(|(g, _, _)| same(g)) {
            Some((group, values, _)) if requirement.share_of.is_none() => {
                group.count += 1;
                values.push(requirement.value);
            }
            Some((group, _, _)) => group.count += 1,
            None => requirements.push((
                RequirementGroup {
                    indicator: requirement.indicator.clone(),
                    subjects: requirement.subject.clone(),
                    count: 1,
                    bound: requirement.bound_text(),
                    due: requirement.due.clone(),
                    clause: requirement.clause.clone(),
                },
                vec![requirement.value],
                requirement.comparison.symbol(),
            )),
        }
    }
    requirements
        .into_iter()
        .map(|(mut group, values, symbol)| {
            if group.count > 1 {
                group.subjects = tr!(
                    "subjects-count",
                    count = group.count,
                    first = &group.subjects
                );
            }
            let low = values.iter().copied().fold(f64::INFINITY, f64::min);
            let high = values.iter().copied().fold(0.0, f64::max);
            // A range runs from the lowest floor, not the first subject's.
            if high > low {
                group.bound = format!(
                    "{symbol} {}–{} (Σ {})",
                    format_number(low),
                    format_number(high),
                    format_number(values.iter().sum())
                );
            }
            group
        })
        .collect()
}

/// One program as listed.
#[derive(Debug, Serialize)]
pub struct ProgramListing {
    /// `pairing` for a program of `models/` that `plan` solves; `targets` for a target table of the
    /// dataset that `check --actuals` compares figures with.
    pub kind: &'static str,
    /// Command-line name.
    pub name: String,
    /// Chinese title.
    pub title: String,
    /// Where in the seed it is defined.
    pub source: String,
    /// Recipients on the dataset.
    pub recipients: usize,
    /// What they are called.
    pub recipient_noun: String,
    /// Helpers on the dataset.
    pub helpers: usize,
    /// What they are called.
    pub helper_noun: String,
    /// The rules, as `name` or `name(parameters)`.
    pub rules: Vec<String>,
}

/// One program in full (`programs --program NAME`).
#[derive(Debug, Serialize)]
pub struct ProgramDetail {
    /// Command-line name.
    pub name: String,
    /// Chinese title.
    pub title: String,
    /// Where in the seed the program is defined.
    pub source: String,
    /// When the pairings must be in place, if the seed sets a date.
    pub due: Option<String>,
    /// Each rule with the clause that sets it.
    pub rules: Vec<RuleDetail>,
    /// The files read, each official, synthetic or given.
    pub inputs: Vec<ProgramInput>,
    /// The capacity the helpers are bounded by (`FILE: COLUMN`), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shared_capacity: Option<String>,
    /// The other programs reading the same capacity, planned together with this one.
    pub shares_with: Vec<String>,
}

/// A rule in a few words and where the seed sets it.
#[derive(Debug, Serialize)]
pub struct RuleDetail {
    /// The rule in a few words (`district_quota(Σ 1462)`).
    pub rule: String,
    /// The seed clause (or the program's source when the model gives none for the rule).
    pub seed: String,
}

/// One table a program reads, as a planner fills it in.
#[derive(Debug, serde::Serialize)]
pub struct TableColumns {
    /// The file the models read.
    pub file: String,
    /// Its sheet name in a template.
    pub sheet: String,
    /// What a row is.
    pub about: String,
    /// Each column.
    pub columns: Vec<ColumnWords>,
}

/// One column as a planner fills it in.
#[derive(Debug, serde::Serialize)]
pub struct ColumnWords {
    /// Its header in a template.
    pub header: String,
    /// What it holds.
    pub meaning: String,
    /// Whether a list must have it.
    pub required: bool,
    /// Every header accepted for it.
    pub accepted: Vec<String>,
}

/// One file of several read together (a district's 台账): its rows, and the gaps and notes of the
/// findings about its rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileCounts {
    /// The file, as messages name it.
    pub file: String,
    /// Its rows (合计 rows aside).
    pub rows: usize,
    /// Gaps found in its rows.
    pub gaps: usize,
    /// Notes on its rows.
    pub notes: usize,
}

/// Each file's rows and the findings about its rows, in the order the files were read.
pub fn file_counts(
    files: &[(String, usize)],
    findings: &[crate::check::Finding],
) -> Vec<FileCounts> {
    files
        .iter()
        .map(|(file, rows)| {
            let of = |severity: crate::check::Severity| {
                findings
                    .iter()
                    .filter(|f| f.severity == severity)
                    .filter(|f| f.place.as_ref().is_some_and(|p| &p.file == file))
                    .count()
            };
            FileCounts {
                file: file.clone(),
                rows: *rows,
                gaps: of(crate::check::Severity::Gap),
                notes: of(crate::check::Severity::Note),
            }
        })
        .collect()
}
