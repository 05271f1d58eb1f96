//! Pure renderers: a plan and its summary turned into bytes (table, JSON, CSV); [`output`] is the one
//! writer that puts bytes into a file (atomically, never over an input) or on standard output.

pub mod export;
pub mod html;
pub mod output;
pub mod sheet;

pub use sheet::{Cell, Sheet};

pub use output::{claim, write_atomically, Target};

use crate::tr;
use comfy_table::{presets, CellAlignment, ContentArrangement, Table};
use serde::Serialize;

use crate::change::{ChangeLine, Comparison, Counts, Status};
use crate::check::{Finding, ProgramCoverage, Severity};
use crate::domain::{Count, DistrictId, Instance, Origin, Plan, ProgramInput, Rule};
use crate::text::format_number;

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
}

/// The part of a comparison that concerns one program.
pub fn change_summary(
    previous: &str,
    comparison: &Comparison,
    program: &str,
    listed_twice: &[String],
) -> ChangeSummary {
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
        listed_twice: listed_twice.to_vec(),
    }
}

/// A heading and its items, the list policy of [`crate::error::shown`] applied; nothing when
/// there are none.
pub fn render_notes_list(heading: &str, items: &[String]) -> String {
    if items.is_empty() {
        return String::new();
    }
    let mut out = format!("{heading}\n");
    let shown = crate::error::shown(items.len());
    for item in &items[..shown] {
        out.push_str(&format!("  - {item}\n"));
    }
    if shown < items.len() {
        out.push_str(&crate::error::more_line(items.len() - shown));
        out.push('\n');
    }
    out.push('\n');
    out
}

/// The rows of a previous plan not taken as written, before the summary: what the planner must
/// correct first (the list policy of [`crate::error::shown`]).
pub fn render_refused(refused: &[crate::change::Refused]) -> String {
    let Some(first) = refused.first() else {
        return String::new();
    };
    let reasons: Vec<String> = refused.iter().map(|r| r.reason.clone()).collect();
    render_notes_list(
        &tr!("refused-heading", count = refused.len(), file = &first.file),
        &reasons,
    )
}

/// Units kept, changed, new and dropped per district, as a table (`—` for helpers of no district).
fn counts_by_district(by_district: &std::collections::BTreeMap<String, Counts>) -> Table {
    let mut table = new_table(&[
        &tr!("col-district"),
        &tr!("col-kept"),
        &tr!("col-changed"),
        &tr!("col-new"),
        &tr!("col-dropped"),
    ]);
    for (district, c) in by_district {
        table.add_row(vec![
            if district.is_empty() {
                "—".to_string()
            } else {
                district.clone()
            },
            c.kept.to_string(),
            c.changed.to_string(),
            c.new.to_string(),
            c.dropped.to_string(),
        ]);
    }
    right_align(&mut table, 1);
    table
}

/// How many dropped or reduced pairings the text summary lists before pointing to the CSV.
const DROPPED_SHOWN: usize = 10;

/// The lines of a summary that say what moved against last year.
fn render_changes(changes: &ChangeSummary, unit_noun: &str) -> String {
    let u = &changes.units;
    let mut out = tr!(
        "changes-line",
        previous = &changes.previous,
        kept = u.kept,
        unit = crate::i18n::noun(unit_noun),
        changed = u.changed,
        new = u.new,
        dropped = u.dropped
    );
    out.push('\n');
    if !changes.listed_twice.is_empty() {
        let count = changes.listed_twice.len();
        let shown = crate::error::shown(count);
        let mut pairs = changes.listed_twice[..shown].join(", ");
        if shown < count {
            pairs.push_str(&format!(
                " {}",
                crate::error::more_line(count - shown).trim()
            ));
        }
        out.push_str(&tr!("changes-twice", count = count, pairs = pairs));
        out.push('\n');
    }
    if u.unchanged() {
        return out;
    }
    out.push_str(&format!("{}\n", counts_by_district(&changes.by_district)));
    for line in changes.dropped.iter().take(DROPPED_SHOWN) {
        out.push_str(&format!(
            "  - {} {} ← {} {} ({} → {}): {}\n",
            line.recipient_id,
            line.recipient_name,
            line.helper_id,
            line.helper_name,
            line.previous_units,
            line.units,
            line.reason
        ));
    }
    if changes.dropped.len() > DROPPED_SHOWN {
        out.push_str(&tr!(
            "changes-more",
            count = changes.dropped.len() - DROPPED_SHOWN
        ));
        out.push('\n');
    }
    out
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

/// `plan --frontier` as a table: fewest changes first.
pub fn render_frontier(program: &str, previous: &str, points: &[FrontierPoint]) -> String {
    let mut table = new_table(&[
        &tr!("col-changes"),
        &tr!("col-objective"),
        &tr!("col-off-map"),
        &tr!("col-mismatches"),
        &tr!("col-balance"),
        &tr!("col-change-weight"),
    ]);
    for p in points {
        table.add_row(vec![
            p.changes.to_string(),
            format!("{:.4}", p.objective),
            p.off_map.to_string(),
            p.trait_mismatches.to_string(),
            format!("{:.4}", p.balance_measure),
            format_number(p.change_weight),
        ]);
    }
    right_align(&mut table, 0);
    format!(
        "{}\n{table}\n",
        tr!("frontier-heading", program = program, previous = previous)
    )
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
    // One line per district that has helpers or a quota, then city-level helpers (of no district).
    let districts: Vec<DistrictSummary> = (0..instance.districts.len())
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
                district: district.map_or("(city-level 市属)".to_string(), |d| {
                    instance.districts[d.0].name.clone()
                }),
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
        .collect();
    let units = instance
        .rules
        .iter()
        .find_map(|rule| match rule {
            Rule::UnitMinimum { minimums } => Some(minimums),
            _ => None,
        })
        .map(|minimums| {
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
                        .zip(&loads)
                        .filter(|(h, _)| h.unit == Some(*unit))
                        .map(|(_, &l)| l)
                        .sum(),
                })
                .collect()
        })
        .unwrap_or_default();
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

fn new_table(headers: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(headers.iter().copied());
    table
}

fn right_align(table: &mut Table, from: usize) {
    let count = table.column_count();
    for c in from..count {
        if let Some(column) = table.column_mut(c) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
}

/// The lines that say which inputs are official (with their seed clause) and which are invented, so
/// that no invented number passes for an official one.
pub fn render_inputs(inputs: &[ProgramInput]) -> String {
    let mut out = String::new();
    let official: Vec<String> = inputs
        .iter()
        .filter_map(|i| match &i.origin {
            Origin::Official(clause) => Some(format!("{} ({clause})", i.file)),
            _ => None,
        })
        .collect();
    let of = |wanted: &Origin| -> Vec<String> {
        inputs
            .iter()
            .filter(|i| &i.origin == wanted)
            .map(|i| format!("{} ({})", i.file, i.used_as.join(", ")))
            .collect()
    };
    for (key, files) in [
        ("inputs-official", official),
        ("inputs-synthetic", of(&Origin::Synthetic)),
        ("inputs-given", of(&Origin::Given)),
    ] {
        if !files.is_empty() {
            out.push_str(&crate::i18n::message(
                key,
                &[("files", crate::i18n::value(files.join("; ")))],
            ));
            out.push('\n');
        }
    }
    out
}

/// Whether summaries show the solver's figures (objective, sizes, method, Σ load²/capacity): `-v`.
static VERBOSE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Shows the solver's figures in summaries (`-v`).
pub fn set_verbose(verbose: bool) {
    VERBOSE.store(verbose, std::sync::atomic::Ordering::Relaxed);
}

fn verbose() -> bool {
    VERBOSE.load(std::sync::atomic::Ordering::Relaxed)
}

/// A program's headline: what is covered, by how many pairings, off the map and mismatched.
fn headline(summary: &PlanSummary) -> String {
    tr!(
        "summary-headline",
        program = &summary.program,
        title = &summary.title,
        covered = summary.covered,
        recipients = summary.recipients,
        noun = crate::i18n::noun(&summary.recipient_noun),
        pairings = summary.pairings,
        carrying = carrying(summary),
        offmap = summary.off_map,
        mismatches = summary.trait_mismatches
    )
}

/// ` carrying 36 person-times` for an allotment, nothing for plain pairings.
pub(crate) fn carrying(summary: &PlanSummary) -> String {
    if summary.units_allotted == summary.pairings {
        String::new()
    } else {
        tr!(
            "summary-carrying",
            units = summary.units_allotted,
            unit = crate::i18n::noun(&summary.unit_noun)
        )
    }
}

/// Renders a plan summary as text tables (wide characters take two cells); the solver's figures
/// only with `-v`.
pub fn render_summary_text(summary: &PlanSummary) -> String {
    let mut out = format!(
        "{}\n{}\n",
        headline(summary),
        tr!("summary-source", source = &summary.source)
    );
    out.push_str(&render_inputs(&summary.inputs));
    let load = crate::i18n::noun(&summary.load_noun);
    let mut districts = new_table(&[
        &tr!("col-district"),
        &tr!("col-quota"),
        &load,
        &tr!("col-helpers-used"),
        &tr!("col-mean-load"),
        &tr!("col-max-load"),
        &tr!("col-mean-use"),
        &tr!("col-off-map"),
    ]);
    for d in &summary.districts {
        districts.add_row(vec![
            d.district.clone(),
            d.quota.map_or("—".to_string(), |q| q.to_string()),
            d.covered.to_string(),
            format!("{}/{}", d.helpers_used, d.helpers),
            format!("{:.2}", d.mean_load),
            d.max_load.to_string(),
            if summary.capacity_bound {
                format!("{:.0}%", d.mean_utilisation * 100.0)
            } else {
                "—".to_string()
            },
            d.off_map.to_string(),
        ]);
    }
    right_align(&mut districts, 1);
    out.push_str(&districts.to_string());
    out.push('\n');
    if !summary.units.is_empty() {
        let mut units = new_table(&[
            &tr!("col-city-unit"),
            &tr!("col-unit-district"),
            &tr!("col-minimum"),
            &tr!("col-covered"),
        ]);
        for u in &summary.units {
            units.add_row(vec![
                u.unit.clone(),
                u.district.clone(),
                u.minimum.to_string(),
                u.covered.to_string(),
            ]);
        }
        right_align(&mut units, 2);
        out.push_str(&units.to_string());
        out.push('\n');
    }
    let percent = format!("{:.0}", summary.max_utilisation * 100.0);
    if verbose() {
        let s = &summary.solving;
        let size = if s.solver == "flow" {
            tr!(
                "summary-size-flow",
                arcs = s.variables,
                nodes = s.constraints
            )
        } else {
            tr!(
                "summary-size-lp",
                variables = s.variables,
                constraints = s.constraints
            )
        };
        out.push_str(&format!(
            "{}\n{}\n{}\n",
            tr!(
                "summary-balance",
                balance = format!("{:.4}", summary.balance_measure),
                percent = percent
            ),
            tr!(
                "summary-objective",
                objective = format!("{:.4}", s.objective),
                solver = &s.solver,
                size = size,
                status = &s.status
            ),
            tr!("summary-method", method = &s.solver_reason)
        ));
    } else if summary.capacity_bound {
        out.push_str(&tr!("summary-use", percent = percent));
        out.push('\n');
    }
    if !summary.solving.shares_with_unplanned.is_empty() {
        out.push_str(&tr!(
            "summary-not-planned",
            programs = summary.solving.shares_with_unplanned.join(", ")
        ));
        out.push('\n');
    }
    if let Some(changes) = &summary.changes {
        out.push_str(&render_changes(changes, &summary.unit_noun));
    }
    if let Some(shared) = &summary.solving.shared_capacity {
        out.push_str(&tr!(
            "summary-planned-with",
            programs = summary.solving.planned_with.join(", "),
            shared = shared
        ));
        out.push('\n');
    }
    if summary.solving.status == "time_limit" {
        out.push_str(&tr!("summary-time-limit"));
        out.push('\n');
    }
    out
}

/// Written first in every CSV the planners open: without it Excel takes a UTF-8 file for the local
/// code page and shows the Chinese as mojibake. pairplan's own reader skips it.
pub const EXCEL_BOM: &[u8] = "\u{feff}".as_bytes();

/// A cell of a CSV the planners open: text that Excel or WPS would take for a formula (it starts
/// with `=`, `+`, `-`, `@` or a control character) gets a leading `'`, so that a name or id typed
/// into an input table cannot run as a formula in the planners' copy of the output. Ids and names
/// alike; every reader of pairplan drops one leading `'` ([`crate::load::normalize_cell`]), so the
/// file still reads back, and every other cell is written exactly as given.
///
/// ```
/// assert_eq!(pairplan::report::excel_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
/// assert_eq!(pairplan::report::excel_text("和平区"), "和平区");
/// ```
pub fn excel_text(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}").into(),
        _ => text.into(),
    }
}

pub use crate::load::PLAN_COLUMNS;

/// Renders the pairings of one or more programs as CSV, rows sorted by recipient id.
pub fn render_plan_csv(plans: &[(&Instance, &Plan)]) -> Vec<u8> {
    plan_sheet(plans, None).to_csv()
}

/// The plan's CSV against last year's pairings (see [`plan_sheet`]).
pub fn render_plan_changes_csv(plans: &[(&Instance, &Plan)], comparison: &Comparison) -> Vec<u8> {
    plan_sheet(plans, Some(comparison)).to_csv()
}

/// The pairings of one or more programs, rows sorted by recipient id. Against last year's pairings
/// (`comparison`), the plan's columns are followed by `status`, `previous_units` and `reason`, and
/// last year's pairs that are gone follow each program's pairings as `dropped` rows (0 units).
pub fn plan_sheet(plans: &[(&Instance, &Plan)], comparison: Option<&Comparison>) -> Sheet {
    let mut columns: Vec<&str> = PLAN_COLUMNS.to_vec();
    if comparison.is_some() {
        columns.extend(["status", "previous_units", "reason"]);
    }
    let mut sheet = Sheet::new("pairings", &columns);
    for (instance, plan) in plans {
        let program = instance.program.name.as_str();
        let lines: std::collections::BTreeMap<(&str, &str), &ChangeLine> = comparison
            .iter()
            .flat_map(|c| &c.lines)
            .filter(|l| l.program == program)
            .map(|l| ((l.recipient_id.as_str(), l.helper_id.as_str()), l))
            .collect();
        for a in &plan.assignments {
            let r = &instance.recipients[a.recipient.0];
            let h = &instance.helpers[a.helper.0];
            let unit = h
                .unit
                .map(|u| instance.units[u.0].name.as_str())
                .unwrap_or("");
            let mut row = vec![
                Cell::text(program),
                Cell::text(&r.id),
                Cell::text(&r.name),
                Cell::text(instance.county_name(a.recipient)),
                Cell::text(&h.id),
                Cell::text(&h.name),
                Cell::text(instance.district_name(a.helper)),
                Cell::text(unit),
                Cell::flag(instance.on_map(a.helper, a.recipient)),
                Cell::from(a.units),
            ];
            if comparison.is_some() {
                let line = lines.get(&(r.id.as_str(), h.id.as_str()));
                row.extend([
                    Cell::text(line.map_or("new", |l| l.status.label())),
                    Cell::from(line.map_or(0, |l| l.previous_units)),
                    Cell::text(line.map_or("", |l| l.reason.as_str())),
                ]);
            }
            sheet.push(row);
        }
        for line in lines.values().filter(|l| l.status == Status::Dropped) {
            sheet.push(vec![
                Cell::text(program),
                Cell::text(&line.recipient_id),
                Cell::text(&line.recipient_name),
                Cell::text(&line.county),
                Cell::text(&line.helper_id),
                Cell::text(&line.helper_name),
                Cell::text(&line.helper_district),
                Cell::Empty,
                Cell::Empty,
                Cell::from(0u32),
                Cell::text(line.status.label()),
                Cell::from(line.previous_units),
                Cell::text(&line.reason),
            ]);
        }
    }
    sheet
}

/// Each district's line of every program's summary.
pub fn districts_sheet(summaries: &[PlanSummary]) -> Sheet {
    let mut sheet = Sheet::new(
        "by_district",
        &[
            "program",
            "district",
            "quota",
            "load",
            "load_noun",
            "helpers_used",
            "helpers",
            "mean_load",
            "max_load",
            "mean_utilisation",
            "off_map",
        ],
    );
    for summary in summaries {
        for d in &summary.districts {
            sheet.push(vec![
                Cell::text(&summary.program),
                Cell::text(&d.district),
                d.quota.map_or(Cell::Empty, Cell::from),
                Cell::from(d.covered),
                Cell::text(&summary.load_noun),
                Cell::from(d.helpers_used),
                Cell::from(d.helpers),
                Cell::Number(d.mean_load, format!("{:.2}", d.mean_load)),
                Cell::from(d.max_load),
                Cell::Number(d.mean_utilisation, format!("{:.2}", d.mean_utilisation)),
                Cell::from(d.off_map),
            ]);
        }
    }
    sheet
}

/// Each city unit's minimum and what its helpers cover, per program.
pub fn units_sheet(summaries: &[PlanSummary]) -> Sheet {
    let mut sheet = Sheet::new(
        "by_unit",
        &["program", "unit", "district", "minimum", "covered"],
    );
    for summary in summaries {
        for u in &summary.units {
            sheet.push(vec![
                Cell::text(&summary.program),
                Cell::text(&u.unit),
                Cell::text(&u.district),
                Cell::from(u.minimum),
                Cell::from(u.covered),
            ]);
        }
    }
    sheet
}

/// Coverage by county of the pairing map: its recipients, those covered, the units they receive
/// and how many of those come from off the map.
pub fn counties_sheet(plans: &[(&Instance, &Plan)]) -> Sheet {
    let mut sheet = Sheet::new(
        "by_county",
        &[
            "program",
            "province",
            "prefecture",
            "county",
            "code",
            "paired_district",
            "recipients",
            "covered",
            "units",
            "off_map_units",
        ],
    );
    for (instance, plan) in plans {
        let received = plan.recipient_units(instance.recipients.len());
        let mut per_county = vec![(0u32, 0u32, 0u32, 0u32); instance.counties.len()];
        for (r, recipient) in instance.recipients.iter().enumerate() {
            if let Some(c) = recipient.county {
                per_county[c.0].0 += 1;
                per_county[c.0].1 += u32::from(received[r] > 0);
                per_county[c.0].2 += received[r];
            }
        }
        for a in &plan.assignments {
            if let Some(c) = instance.recipients[a.recipient.0].county {
                if !instance.on_map(a.helper, a.recipient) {
                    per_county[c.0].3 += a.units;
                }
            }
        }
        for (county, &(recipients, covered, units, off_map)) in
            instance.counties.iter().zip(&per_county)
        {
            if recipients == 0 {
                continue;
            }
            sheet.push(vec![
                Cell::text(&instance.program.name),
                Cell::text(&county.province),
                Cell::text(&county.prefecture),
                Cell::text(&county.name),
                Cell::text(&county.code),
                Cell::text(&instance.districts[county.paired_district.0].name),
                Cell::from(recipients),
                Cell::from(covered),
                Cell::from(units),
                Cell::from(off_map),
            ]);
        }
    }
    sheet
}

/// Where every program's numbers come from: its seed clause, and each file it read as official
/// (with the clause), synthetic (invented by `pairplan generate`) or given (the planners' own).
pub fn sources_sheet(summaries: &[PlanSummary]) -> Sheet {
    let mut sheet = Sheet::new(
        "sources",
        &["program", "title", "file", "used_as", "origin", "clause"],
    );
    for summary in summaries {
        sheet.push(vec![
            Cell::text(&summary.program),
            Cell::text(&summary.title),
            Cell::Empty,
            Cell::text("program"),
            Cell::text("official"),
            Cell::text(&summary.source),
        ]);
        for input in &summary.inputs {
            let clause = match &input.origin {
                crate::domain::Origin::Official(clause) => clause.as_str(),
                _ => "",
            };
            sheet.push(vec![
                Cell::text(&summary.program),
                Cell::text(&summary.title),
                Cell::text(&input.file),
                Cell::text(input.used_as.join("; ")),
                Cell::text(input.origin.label()),
                Cell::text(clause),
            ]);
        }
    }
    sheet
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
        }
    }
}

/// The columns of `whatif --out`.
pub const WHATIF_COLUMNS: [&str; 11] = [
    "scenario",
    "program",
    "feasible",
    "covered",
    "recipients",
    "off_map",
    "trait_mismatches",
    "balance",
    "moved",
    "objective",
    "reason",
];

/// The `whatif` comparison, a row per scenario and program.
pub fn whatif_sheet(rows: &[WhatIfRow]) -> Sheet {
    let mut sheet = Sheet::new("comparison", &WHATIF_COLUMNS);
    for r in rows {
        sheet.push(vec![
            Cell::text(&r.scenario),
            Cell::text(&r.program),
            Cell::flag(r.feasible),
            Cell::from(r.covered),
            Cell::from(r.recipients),
            Cell::from(r.off_map),
            Cell::from(r.trait_mismatches),
            Cell::fixed4(r.balance_measure),
            Cell::from(r.moved),
            Cell::fixed4(r.objective),
            Cell::text(&r.reason),
        ]);
    }
    sheet
}

/// `whatif` as a table: the baseline first, then each scenario, a row per program; a scenario
/// without a plan shows its reason below the table.
pub fn render_whatif_text(rows: &[WhatIfRow]) -> String {
    let mut table = new_table(&[
        &tr!("col-scenario"),
        &tr!("col-program"),
        &tr!("col-plan"),
        &tr!("col-covered"),
        &tr!("col-off-map"),
        &tr!("col-mismatches"),
        &tr!("col-balance"),
        &tr!("col-moved"),
        &tr!("col-objective"),
    ]);
    for r in rows {
        table.add_row(vec![
            scenario_label(r),
            r.program.clone(),
            if r.feasible {
                tr!("plan-yes")
            } else {
                tr!("plan-none")
            },
            if r.feasible {
                format!("{}/{}", r.covered, r.recipients)
            } else {
                String::new()
            },
            r.off_map.to_string(),
            r.trait_mismatches.to_string(),
            format!("{:.4}", r.balance_measure),
            r.moved.to_string(),
            format!("{:.4}", r.objective),
        ]);
    }
    right_align(&mut table, 3);
    let mut out = format!("{table}\n");
    for r in rows.iter().filter(|r| !r.feasible) {
        out.push_str(&format!("{}: {}\n", r.scenario, r.reason));
    }
    out
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
    /// Why there is no plan, when there is none.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// A sweep's curve as a table: a row per value and program; the reasons of values without a plan
/// below it, each reason once with the values it holds for.
pub fn render_curve_text(key: &str, points: &[CurvePoint]) -> String {
    let mut table = new_table(&[
        key,
        &tr!("col-program"),
        &tr!("col-plan"),
        &tr!("col-objective"),
        &tr!("col-vs-baseline"),
        &tr!("col-moved"),
    ]);
    for p in points {
        let number = |v: Option<f64>, sign: bool| match (v, sign) {
            (Some(v), true) => format!("{v:+.4}"),
            (Some(v), false) => format!("{v:.4}"),
            (None, _) => String::new(),
        };
        table.add_row(vec![
            crate::text::format_number(p.value),
            p.program.clone(),
            if p.feasible {
                tr!("plan-yes")
            } else {
                tr!("plan-none")
            },
            number(p.objective, false),
            number(p.objective_change, true),
            if p.feasible {
                p.moved.to_string()
            } else {
                String::new()
            },
        ]);
    }
    right_align(&mut table, 3);
    if let Some(column) = table.column_mut(0) {
        column.set_cell_alignment(CellAlignment::Right);
    }
    let mut out = format!("{}\n{table}\n", tr!("sweep-heading", key = key));
    let mut reasons: Vec<(&str, Vec<String>)> = Vec::new();
    for p in points.iter().filter(|p| !p.feasible) {
        let value = crate::text::format_number(p.value);
        match reasons.iter_mut().find(|(r, _)| *r == p.reason) {
            Some((_, values)) => values.push(value),
            None => reasons.push((&p.reason, vec![value])),
        }
    }
    for (reason, values) in reasons {
        out.push_str(&format!("{key} = {}: {reason}\n", values.join(", ")));
    }
    out
}

/// Up to this many helpers at capacity, `--explain` gives each its sentence; beyond, per district.
const CAPACITIES_ONE_BY_ONE: usize = 12;

/// `plan --explain` as sentences: what binds, and what one unit more or less would change.
pub fn render_binding(binding: &crate::domain::margins::Binding) -> String {
    let signed = |v: f64| format!("{v:+.4}");
    let (at, of) = binding.helpers_at_capacity;
    let mut out = tr!(
        "binds-heading",
        program = &binding.program,
        at = at,
        of = of
    );
    out.push('\n');
    let change = |v: Option<f64>| {
        v.map_or(tr!("binds-no-plan"), |v| {
            tr!("binds-objective-changes", change = signed(v))
        })
    };
    let named = |c: &crate::domain::margins::CapacityMargin| {
        if c.district.is_empty() {
            format!("{} {}", c.helper, c.name)
        } else {
            format!("{} {}（{}）", c.helper, c.name, c.district)
        }
    };
    // Few helpers at capacity: one sentence each; many: per district, the best place to add one
    // and the cheapest to take one away.
    if binding.capacities.len() <= CAPACITIES_ONE_BY_ONE {
        for c in &binding.capacities {
            out.push_str(&tr!(
                "binds-capacity",
                helper = named(c),
                capacity = c.capacity,
                more = change(c.one_more),
                fewer = change(c.one_fewer)
            ));
            out.push('\n');
        }
    } else {
        // In the order the helpers come (by id), each district once.
        let mut districts: Vec<&str> = Vec::new();
        for c in &binding.capacities {
            if !districts.contains(&c.district.as_str()) {
                districts.push(&c.district);
            }
        }
        for district in districts {
            let full: Vec<&crate::domain::margins::CapacityMargin> = binding
                .capacities
                .iter()
                .filter(|c| c.district == district)
                .collect();
            let best = |pick: fn(&crate::domain::margins::CapacityMargin) -> Option<f64>| {
                full.iter()
                    .filter_map(|c| Some((*c, pick(c)?)))
                    .min_by(|a, b| a.1.total_cmp(&b.1))
                    .map_or(tr!("binds-no-change-has-a-plan"), |(c, v)| {
                        format!("{} ({})", named(c), signed(v))
                    })
            };
            out.push_str(&tr!(
                "binds-capacity-district",
                district = if district.is_empty() {
                    tr!("binds-city-level")
                } else {
                    district.to_string()
                },
                count = full.len(),
                more = best(|c| c.one_more),
                fewer = best(|c| c.one_fewer)
            ));
            out.push('\n');
        }
    }
    for q in &binding.quotas {
        let give = q
            .give_to
            .as_ref()
            .map_or(tr!("binds-no-move-has-a-plan"), |(d, v)| {
                tr!("binds-best-to", district = d, change = signed(*v))
            });
        let take = q
            .take_from
            .as_ref()
            .map_or(tr!("binds-no-move-has-a-plan"), |(d, v)| {
                tr!("binds-best-from", district = d, change = signed(*v))
            });
        out.push_str(&format!(
            "{}\n",
            tr!(
                "binds-quota",
                district = &q.district,
                give = give,
                take = take
            )
        ));
    }
    for u in &binding.units {
        out.push_str(&tr!(
            "binds-unit",
            unit = &u.unit,
            covered = u.covered,
            minimum = u.minimum,
            binding = if u.covered == u.minimum {
                tr!("binds-binding")
            } else {
                String::new()
            },
            more = change(u.one_more),
            fewer = change(u.one_fewer)
        ));
        out.push('\n');
    }
    out
}

/// The columns of `diff --out`.
pub const CHANGE_COLUMNS: [&str; 10] = [
    "program",
    "recipient_id",
    "recipient_name",
    "county",
    "helper_id",
    "helper_name",
    "helper_district",
    "units",
    "previous_units",
    "status",
];

/// Every pairing of two plans with what happened to it.
pub fn changes_sheet(comparison: &Comparison) -> Sheet {
    let mut sheet = Sheet::new("changes", &CHANGE_COLUMNS);
    for line in &comparison.lines {
        sheet.push(vec![
            Cell::text(&line.program),
            Cell::text(&line.recipient_id),
            Cell::text(&line.recipient_name),
            Cell::text(&line.county),
            Cell::text(&line.helper_id),
            Cell::text(&line.helper_name),
            Cell::text(&line.helper_district),
            Cell::from(line.units),
            Cell::from(line.previous_units),
            Cell::text(line.status.label()),
        ]);
    }
    sheet
}

/// `diff` as text: counts per program and per district, then the recipients whose helper changed,
/// grouped by the district they left.
pub fn render_diff_text(old: &str, new: &str, comparison: &Comparison) -> String {
    let mut out = format!("{old} → {new}\n");
    let total = comparison.total();
    if total.unchanged() {
        out.push_str(&tr!("diff-nothing-moved"));
        out.push('\n');
        return out;
    }
    let mut programs = new_table(&[
        &tr!("col-program"),
        &tr!("col-kept"),
        &tr!("col-changed"),
        &tr!("col-new"),
        &tr!("col-dropped"),
    ]);
    for (program, c) in &comparison.by_program {
        programs.add_row(vec![
            program.clone(),
            c.kept.to_string(),
            c.changed.to_string(),
            c.new.to_string(),
            c.dropped.to_string(),
        ]);
    }
    right_align(&mut programs, 1);
    out.push_str(&format!("{programs}\n"));
    for (program, districts) in &comparison.by_district {
        if comparison
            .by_program
            .get(program)
            .is_some_and(Counts::unchanged)
        {
            continue;
        }
        out.push_str(&format!(
            "{}\n{}\n",
            tr!("diff-by-district", program = program),
            counts_by_district(districts)
        ));
    }
    if !comparison.moved.is_empty() {
        out.push_str(&tr!("diff-moved", count = comparison.moved.len()));
        out.push('\n');
        let mut by_district: std::collections::BTreeMap<&str, Vec<&crate::change::Moved>> =
            Default::default();
        for moved in &comparison.moved {
            by_district
                .entry(moved.from_district.as_str())
                .or_default()
                .push(moved);
        }
        for (district, moved) in by_district {
            out.push_str(&format!(
                "  {}:\n",
                if district.is_empty() { "—" } else { district }
            ));
            for m in moved {
                out.push_str(&format!(
                    "    {} {} {}: {} → {}（{}）\n",
                    m.program,
                    m.recipient_id,
                    m.recipient_name,
                    m.from_helper,
                    m.to_helper,
                    m.to_district
                ));
            }
        }
    }
    out
}

/// Renders the result of `check`: a headline per program, coverage by province → prefecture →
/// county and by district, then the findings grouped by kind, most serious first.
pub fn render_check_text(
    coverages: &[ProgramCoverage],
    findings: &[Finding],
    not_audited: &[String],
    heading: &str,
) -> String {
    let mut out = String::new();
    if !not_audited.is_empty() {
        out.push_str(&tr!("not-audited", programs = not_audited.join(", ")));
        out.push_str("\n\n");
    }
    for c in coverages {
        out.push_str(&tr!(
            "check-coverage-line",
            program = &c.program,
            title = &c.title,
            covered = c.covered,
            recipients = c.recipients,
            noun = crate::i18n::noun(&c.recipient_noun),
            missing = c.recipients - c.covered
        ));
        out.push('\n');
    }
    for c in coverages {
        out.push('\n');
        let mut table = new_table(&[
            &tr!("col-province"),
            &tr!("col-prefecture"),
            &tr!("col-county"),
            &tr!("col-recipients"),
            &tr!("col-covered"),
            &tr!("col-missing"),
        ]);
        let mut province_total: Option<(String, Count, Count)> = None;
        let flush = |table: &mut Table, total: &Option<(String, Count, Count)>| {
            if let Some((province, recipients, covered)) = total {
                table.add_row(vec![
                    tr!("check-total", province = province),
                    String::new(),
                    String::new(),
                    recipients.to_string(),
                    covered.to_string(),
                    (recipients - covered).to_string(),
                ]);
            }
        };
        for county in &c.counties {
            if province_total
                .as_ref()
                .is_some_and(|(p, _, _)| p != &county.province)
            {
                flush(&mut table, &province_total);
                province_total = None;
            }
            let entry = province_total.get_or_insert_with(|| (county.province.clone(), 0, 0));
            entry.1 += county.recipients;
            entry.2 += county.covered;
            table.add_row(vec![
                county.province.clone(),
                county.prefecture.clone(),
                county.county.clone(),
                county.recipients.to_string(),
                county.covered.to_string(),
                county.missing.to_string(),
            ]);
        }
        flush(&mut table, &province_total);
        right_align(&mut table, 3);
        out.push_str(&format!(
            "{}\n{table}\n",
            tr!("check-by-county", program = &c.program)
        ));
        let mut districts = new_table(&[
            &tr!("col-district"),
            &tr!("col-quota"),
            &tr!("col-covered"),
            &tr!("col-short"),
            &tr!("col-over"),
        ]);
        for d in &c.districts {
            districts.add_row(vec![
                d.district.clone(),
                d.quota.map_or("—".to_string(), |q| q.to_string()),
                d.covered.to_string(),
                d.short.to_string(),
                d.over.to_string(),
            ]);
        }
        right_align(&mut districts, 1);
        out.push_str(&format!(
            "{}\n{districts}\n",
            tr!("check-by-district", program = &c.program)
        ));
    }
    let gaps = findings
        .iter()
        .filter(|f| f.severity == Severity::Gap)
        .count();
    out.push('\n');
    out.push_str(&tr!(
        "check-findings",
        count = findings.len(),
        heading = heading,
        gaps = gaps,
        notes = findings.len() - gaps
    ));
    out.push('\n');
    let mut start = 0;
    while start < findings.len() {
        let (kind, severity) = (findings[start].kind, findings[start].severity);
        let end = start
            + findings[start..]
                .iter()
                .take_while(|f| f.kind == kind)
                .count();
        // The seed clause once for the kind when all its findings share it, else on each line.
        let group = &findings[start..end];
        let shared = group
            .iter()
            .all(|f| f.clause == group[0].clause)
            .then_some(group[0].clause.as_str());
        let seed = |clause: &str| {
            if clause.is_empty() {
                String::new()
            } else {
                tr!("findings-seed", clause = clause)
            }
        };
        out.push_str(&format!(
            "\n{} {} ({}){}:\n",
            severity.label(),
            kind.label(),
            end - start,
            shared.map(seed).unwrap_or_default()
        ));
        let shown = crate::error::shown(end - start);
        for f in &findings[start..start + shown] {
            let own = if shared.is_some() {
                String::new()
            } else {
                seed(&f.clause)
            };
            out.push_str(&format!("  - {}{own}\n", f.message));
        }
        if end - start > shown {
            out.push_str(&crate::error::more_line(end - start - shown));
            out.push('\n');
        }
        start = end;
    }
    out
}

/// The columns of a findings CSV.
pub const FINDING_COLUMNS: [&str; 8] = [
    "kind", "severity", "program", "subject", "expected", "actual", "message", "clause",
];

/// Findings, one row each.
pub fn findings_sheet(findings: &[Finding]) -> Sheet {
    let mut sheet = Sheet::new("findings", &FINDING_COLUMNS);
    let number = |n: Option<f64>| n.map_or(Cell::Empty, Cell::number);
    for f in findings {
        sheet.push(vec![
            Cell::text(f.kind.label()),
            Cell::text(f.severity.label()),
            Cell::text(&f.program),
            Cell::text(&f.subject),
            number(f.expected),
            number(f.actual),
            Cell::text(&f.message),
            Cell::text(&f.clause),
        ]);
    }
    sheet
}

/// Each district's figure on each indicator against what is due (`check --actuals`).
pub fn actuals_sheet(lines: &[crate::targets::ActualLine]) -> Sheet {
    let mut sheet = Sheet::new(
        "actuals",
        &[
            "table",
            "subject",
            "district",
            "indicator",
            "meaning",
            "actual",
            "due",
            "target",
            "bound",
            "due_by",
            "standing",
            "clause",
        ],
    );
    for l in lines {
        sheet.push(vec![
            Cell::text(&l.table),
            Cell::text(&l.subject),
            Cell::text(&l.district),
            Cell::text(&l.indicator),
            Cell::text(&l.meaning),
            l.actual.map_or(Cell::Empty, Cell::number),
            Cell::number(l.due),
            Cell::number(l.target),
            Cell::text(&l.bound),
            Cell::text(&l.due_by),
            Cell::text(l.standing.label()),
            Cell::text(&l.clause),
        ]);
    }
    sheet
}

/// The actuals template as a sheet: a row per figure to report, `actual` left empty.
pub fn template_sheet(rows: &[crate::targets::TemplateRow]) -> Sheet {
    let mut sheet = Sheet::new(
        "actuals",
        &[
            "table",
            "district",
            "subject",
            "indicator",
            "meaning",
            "bound",
            "due_date",
            "clause",
            "actual",
        ],
    );
    for row in rows {
        sheet.push(vec![
            Cell::text(&row.table),
            Cell::text(&row.district),
            Cell::text(&row.subject),
            Cell::text(&row.indicator),
            Cell::text(&row.meaning),
            Cell::text(&row.bound),
            Cell::text(&row.due),
            Cell::text(&row.clause),
            Cell::Empty,
        ]);
    }
    sheet
}

/// `check --actuals` as tables, one per target table: every district and indicator with its figure,
/// what is due and where it stands, then the count of each standing.
pub fn render_actuals_text(lines: &[crate::targets::ActualLine]) -> String {
    let mut out = String::new();
    let mut tables: Vec<&str> = Vec::new();
    for l in lines {
        if !tables.contains(&l.table.as_str()) {
            tables.push(&l.table);
        }
    }
    for name in tables {
        let of_table: Vec<&crate::targets::ActualLine> =
            lines.iter().filter(|l| l.table == name).collect();
        // One deadline for the table goes in its heading; several go on each line.
        let one_deadline = of_table.iter().all(|l| l.due_by == of_table[0].due_by);
        let heading_due = if one_deadline {
            of_table[0].due_by.clone()
        } else {
            tr!("due-several")
        };
        out.push_str(&tr!("actuals-heading", table = name, due = &heading_due));
        out.push('\n');
        let mut table = new_table(&[
            &tr!("col-subject"),
            &tr!("col-indicator"),
            &tr!("col-actual"),
            &tr!("col-due"),
            &tr!("col-target"),
            &tr!("col-standing"),
        ]);
        for l in &of_table {
            let indicator = if l.meaning.is_empty() {
                l.indicator.clone()
            } else {
                format!("{} {}", l.indicator, l.meaning)
            };
            table.add_row(vec![
                l.subject.clone(),
                indicator,
                l.actual.map(format_number).unwrap_or_default(),
                format_number(l.due),
                l.bound.clone(),
                if one_deadline {
                    standing_words(l.standing)
                } else {
                    format!("{} ({})", standing_words(l.standing), l.due_by)
                },
            ]);
        }
        right_align(&mut table, 2);
        if let Some(column) = table.column_mut(5) {
            column.set_cell_alignment(CellAlignment::Left);
        }
        let count = |standing| of_table.iter().filter(|l| l.standing == standing).count();
        use crate::targets::Standing;
        out.push_str(&format!(
            "{table}\n{}\n\n",
            tr!(
                "actuals-count",
                ontrack = count(Standing::OnTrack),
                behind = count(Standing::Behind),
                missing = count(Standing::NotReported)
            )
        ));
    }
    out
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
    /// Where the seed's own figures disagree.
    pub disagreements: Vec<String>,
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
        let mut requirements: Vec<(RequirementGroup, Vec<f64>)> = Vec::new();
        for requirement in &table.requirements {
            let same = |g: &RequirementGroup| {
                g.indicator == requirement.indicator
                    && g.clause == requirement.clause
                    && g.due == requirement.due
            };
            match requirements.iter_mut().rev().find(|(g, _)| same(g)) {
                Some((group, values)) if requirement.share_of.is_none() => {
                    group.count += 1;
                    values.push(requirement.value);
                }
                Some((group, _)) => group.count += 1,
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
                )),
            }
        }
        let requirements = requirements
            .into_iter()
            .map(|(mut group, values)| {
                if group.count > 1 {
                    group.subjects = tr!(
                        "subjects-count",
                        count = group.count,
                        first = &group.subjects
                    );
                }
                let low = values.iter().copied().fold(f64::INFINITY, f64::min);
                let high = values.iter().copied().fold(0.0, f64::max);
                if high > low {
                    group.bound = format!(
                        "{}–{} (Σ {})",
                        group.bound,
                        format_number(high),
                        format_number(values.iter().sum())
                    );
                }
                group
            })
            .collect();
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
            disagreements: table.disagreements.clone(),
        }
    }
}

/// A target table as text: what it asks, of whom, by when, and how to report against it.
pub fn render_target_detail(detail: &TargetDetail) -> String {
    let mut out = tr!(
        "target-detail",
        name = &detail.name,
        title = &detail.title,
        source = &detail.source,
        file = detail.file.as_deref().unwrap_or("dataset.toml"),
        due = &detail.due
    );
    out.push('\n');
    for (date, share) in &detail.milestones {
        out.push_str(&tr!(
            "target-milestone",
            percent = format_number(share * 100.0),
            date = date
        ));
        out.push('\n');
    }
    let mut table = new_table(&[
        &tr!("col-indicator"),
        &tr!("col-counts"),
        &tr!("col-city-total"),
    ]);
    for (column, meaning, total) in &detail.indicators {
        table.add_row(vec![column.clone(), meaning.clone(), format_number(*total)]);
    }
    right_align(&mut table, 2);
    out.push_str(&format!("{table}\n"));
    for group in &detail.requirements {
        out.push_str(&tr!(
            "target-requirement",
            indicator = &group.indicator,
            subjects = &group.subjects,
            bound = &group.bound,
            due = &group.due,
            clause = &group.clause
        ));
        out.push('\n');
    }
    for disagreement in &detail.disagreements {
        out.push_str(&format!("{disagreement}\n"));
    }
    out.push_str(&tr!(
        "target-how",
        count = detail.subjects.len(),
        districts = detail.subjects.join("、"),
        name = &detail.name,
        columns = crate::targets::ACTUALS_COLUMNS.join(", "),
        example = format!(
            "{},{},{},…",
            detail.name,
            detail.subjects.first().map_or("", String::as_str),
            detail
                .requirements
                .first()
                .map_or("", |g| g.indicator.as_str())
        )
    ));
    out.push('\n');
    out
}

/// A scenario's name as tables show it: the data as it is is `baseline` in JSON and CSV, 基准 in a
/// Chinese table.
pub fn scenario_label(row: &WhatIfRow) -> String {
    if row.baseline {
        tr!("baseline-label")
    } else {
        row.scenario.clone()
    }
}

/// Where a district stands, in the interface language.
fn standing_words(standing: crate::targets::Standing) -> String {
    use crate::targets::Standing;
    match standing {
        Standing::OnTrack => tr!("standing-on-track"),
        Standing::Behind => tr!("standing-behind"),
        Standing::NotReported => tr!("standing-not-reported"),
    }
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

/// Renders one program in full.
pub fn render_program_detail(detail: &ProgramDetail) -> String {
    let mut out = format!(
        "{} {}\n{}\n",
        detail.name,
        detail.title,
        tr!("summary-source", source = &detail.source)
    );
    let mut rules = new_table(&[&tr!("col-rule"), &tr!("col-seed-clause")]);
    for rule in &detail.rules {
        rules.add_row(vec![rule.rule.clone(), rule.seed.clone()]);
    }
    out.push_str(&format!("{rules}\n"));
    out.push_str(&render_inputs(&detail.inputs));
    if !detail.shares_with.is_empty() {
        out.push_str(&tr!(
            "detail-shares",
            capacity = detail.shared_capacity.as_deref().unwrap_or_default(),
            programs = detail.shares_with.join(", ")
        ));
        out.push('\n');
    }
    out
}

/// Renders the list of programs.
pub fn render_programs_text(listings: &[ProgramListing]) -> String {
    let mut table = new_table(&[&tr!("col-program"), &tr!("col-title"), &tr!("col-size")]);
    // An 80-column terminal: names and titles whole, the sizes wrap; the rules and seed clauses
    // are under --program NAME.
    table
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(PROGRAMS_WIDTH);
    // Names whole; the title (with its clause) and the size wrap.
    if let Some(column) = table.column_mut(0) {
        column.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
    }
    if let Some(column) = table.column_mut(2) {
        column.set_constraint(comfy_table::ColumnConstraint::LowerBoundary(
            comfy_table::Width::Fixed(16),
        ));
    }
    for l in listings {
        let size = match l.kind {
            "targets" => format!(
                "{} {}\n{}",
                l.recipients,
                crate::i18n::noun(&l.recipient_noun),
                tr!("programs-targets-only")
            ),
            "total" => tr!("programs-total", total = l.recipients, sum = l.helpers),
            "named" => tr!("programs-named-without-numbers"),
            _ => format!(
                "{}\n{} {}\n← {} {}",
                tr!("programs-kind-pairing"),
                l.recipients,
                crate::i18n::noun(&l.recipient_noun),
                l.helpers,
                crate::i18n::noun(&l.helper_noun)
            ),
        };
        // The clause under the title: where in the seed, at a glance.
        let clause: String = l.source.chars().take(CLAUSE_CHARS).collect();
        let clause = if l.source.chars().count() > CLAUSE_CHARS {
            format!("{clause}…")
        } else {
            clause
        };
        let name = if l.kind == "total" {
            tr!("programs-kind-total")
        } else {
            l.name.clone()
        };
        table.add_row(vec![name, format!("{}\n{clause}", l.title), size]);
    }
    format!("{table}\n{}\n", tr!("programs-more"))
}

/// How much of a clause the program list shows (the whole is under `--program NAME`).
const CLAUSE_CHARS: usize = 24;

/// The width the program list fits in.
const PROGRAMS_WIDTH: u16 = 80;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_shows_its_first_fifty_and_counts_the_rest() {
        assert_eq!(render_notes_list("heading", &[]), "");
        let items: Vec<String> = (0..60).map(|i| format!("item {i}")).collect();
        let text = render_notes_list("heading", &items);
        assert!(text.starts_with("heading\n  - item 0\n"));
        assert!(text.contains("  - item 49\n") && !text.contains("item 50"));
        assert!(text.contains("10"), "{text}");
    }

    #[test]
    fn the_baseline_is_named_by_its_flag_not_by_its_words() {
        let mut row = WhatIfRow::infeasible("baseline", "villages", "");
        assert_eq!(scenario_label(&row), "baseline");
        row.baseline = true;
        row.scenario = "基线".into();
        assert_eq!(scenario_label(&row), tr!("baseline-label"));
    }
}
