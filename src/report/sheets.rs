//! The sheets of every output file (one table each, the same for CSV, JSON and xlsx): the
//! pairings, by district, by county, by unit, the sources, the findings, the what-if comparison.

use super::sheet::{CsvRows, Rows};
use super::{Cell, Sheet};
use crate::change::{ChangeLine, Comparison, Status};
use crate::check::Finding;
use crate::domain::{Instance, Plan};
use crate::load::PLAN_COLUMNS;
use crate::summary::*;

/// Renders the pairings of one or more programs as CSV, rows sorted by recipient id.
pub fn render_plan_csv(plans: &[(&Instance, &Plan)]) -> Vec<u8> {
    plan_csv(plans, None)
}

/// The plan's CSV against last year's pairings (see [`plan_sheet`]).
pub fn render_plan_changes_csv(plans: &[(&Instance, &Plan)], comparison: &Comparison) -> Vec<u8> {
    plan_csv(plans, Some(comparison))
}

/// [`plan_sheet`]'s rows written as CSV as they are made.
fn plan_csv(plans: &[(&Instance, &Plan)], comparison: Option<&Comparison>) -> Vec<u8> {
    let mut csv = CsvRows::new(&plan_columns(comparison));
    plan_rows(plans, comparison, &mut csv);
    csv.finish()
}

/// The pairings of one or more programs, rows sorted by recipient id. Against last year's pairings
/// (`comparison`), the plan's columns are followed by `status`, `previous_units` and `reason`, and
/// last year's pairs that are gone follow each program's pairings as `dropped` rows (0 units).
pub fn plan_sheet(plans: &[(&Instance, &Plan)], comparison: Option<&Comparison>) -> Sheet {
    let mut sheet = Sheet::new("pairings", &plan_columns(comparison));
    plan_rows(plans, comparison, &mut sheet);
    sheet
}

/// [`plan_sheet`]'s columns.
fn plan_columns(comparison: Option<&Comparison>) -> Vec<&'static str> {
    let mut columns: Vec<&str> = PLAN_COLUMNS.to_vec();
    // Whether each row's helper and recipient come from the seed or were invented, so that a
    // pairing copied out of the file keeps its label.
    columns.extend(["helper_data", "recipient_data"]);
    if comparison.is_some() {
        columns.extend(["status", "previous_units", "reason"]);
    }
    // With --as-of: when each posting began, a row per start, so that the file is next year's
    // ledger.
    if comparison.is_some_and(|c| c.as_of.is_some()) {
        columns.push("start");
    }
    columns
}

/// [`plan_sheet`]'s rows, each given to `sheet` as it is made.
fn plan_rows(plans: &[(&Instance, &Plan)], comparison: Option<&Comparison>, sheet: &mut impl Rows) {
    let dated = comparison.is_some_and(|c| c.as_of.is_some());
    for (instance, plan) in plans {
        let program = instance.program.name.as_str();
        let origin = |role: &str| {
            instance
                .program
                .origin_of(role)
                .map_or(Cell::Empty, origin_cell)
        };
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
                Cell::program(program),
                Cell::text(&r.id),
                Cell::text(&r.name),
                Cell::text(instance.county_name(a.recipient)),
                Cell::text(&h.id),
                Cell::text(&h.name),
                Cell::text(instance.district_name(a.helper)),
                Cell::text(unit),
                Cell::flag(instance.on_map(a.helper, a.recipient)),
                Cell::from(a.units),
                origin("helpers"),
                origin("recipients"),
            ];
            let line = lines.get(&(r.id.as_str(), h.id.as_str()));
            if comparison.is_some() {
                row.extend([
                    line.map_or_else(|| status_cell(Status::New), |l| status_cell(l.status)),
                    Cell::from(line.map_or(0, |l| l.previous_units)),
                    Cell::text(line.map_or("", |l| l.reason.as_str())),
                ]);
            }
            if dated {
                push_by_start(sheet, row, line.map_or(&[][..], |l| &l.starts));
            } else {
                sheet.push(row);
            }
        }
        let origins = [origin("helpers"), origin("recipients")];
        push_dropped(sheet, program, &lines, &origins, dated);
    }
}

/// Last year's pairs of a program that are gone, as `dropped` rows with 0 units (which `check` and a
/// later `--previous` skip).
fn push_dropped(
    sheet: &mut impl Rows,
    program: &str,
    lines: &std::collections::BTreeMap<(&str, &str), &ChangeLine>,
    origins: &[Cell; 2],
    dated: bool,
) {
    for line in lines.values().filter(|l| l.status == Status::Dropped) {
        let mut row = pair_cells(program, line);
        row.extend([
            Cell::Empty,
            Cell::Empty,
            Cell::from(0u32),
            origins[0].clone(),
            origins[1].clone(),
            status_cell(line.status),
            Cell::from(line.previous_units),
            Cell::text(&line.reason),
        ]);
        if dated {
            row.push(Cell::Empty);
        }
        sheet.push(row);
    }
}

/// Who pairs with whom, as a comparison's line names them: program, recipient (id, name, county),
/// helper (id, name, district).
fn pair_cells(program: &str, line: &ChangeLine) -> Vec<Cell> {
    vec![
        Cell::program(program),
        Cell::text(&line.recipient_id),
        Cell::text(&line.recipient_name),
        Cell::text(&line.county),
        Cell::text(&line.helper_id),
        Cell::text(&line.helper_name),
        Cell::text(&line.helper_district),
    ]
}

/// A pairing's row once per start of its people (each row carries its own units): continuing postings
/// keep their start, those newly posted begin on the plan's first day; a pairing of a post with no
/// tenure has none.
fn push_by_start(sheet: &mut impl Rows, row: Vec<Cell>, starts: &[(crate::domain::Count, String)]) {
    let units_column = PLAN_COLUMNS.iter().position(|c| *c == "units");
    if starts.len() <= 1 || units_column.is_none() {
        let start = starts
            .first()
            .map_or(Cell::Empty, |(_, s)| Cell::date_text(s));
        let mut row = row;
        row.push(start);
        sheet.push(row);
        return;
    }
    for (units, start) in starts {
        let mut part = row.clone();
        if let Some(column) = units_column {
            part[column] = Cell::from(*units);
        }
        part.push(Cell::date_text(start));
        sheet.push(part);
    }
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
                Cell::program(&summary.program),
                Cell::text(&d.district),
                d.quota.map_or(Cell::Empty, Cell::from),
                Cell::from(d.covered),
                Cell::word(&summary.load_noun, crate::i18n::noun(&summary.load_noun)),
                Cell::from(d.helpers_used),
                Cell::from(d.helpers),
                Cell::Number(d.mean_load, format!("{:.2}", d.mean_load)),
                Cell::from(d.max_load),
                Cell::Percent(d.mean_utilisation),
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
                Cell::program(&summary.program),
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
                Cell::program(&instance.program.name),
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
            Cell::program(&summary.program),
            Cell::text(&summary.title),
            Cell::Empty,
            Cell::word("program", crate::tr!("used-as-program")),
            Cell::word("official", crate::tr!("origin-official")),
            Cell::text(&summary.source),
        ]);
        for input in &summary.inputs {
            let clause = match &input.origin {
                crate::domain::Origin::Official(clause) => clause.as_str(),
                _ => "",
            };
            sheet.push(vec![
                Cell::program(&summary.program),
                Cell::text(&summary.title),
                Cell::text(&input.file),
                Cell::word(
                    input.used_as.join("; "),
                    crate::i18n::used_as_list(&input.used_as),
                ),
                Cell::word(input.origin.label(), input.origin.title()),
                Cell::text(clause),
            ]);
        }
    }
    sheet
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
            Cell::program(&r.program),
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
        let mut row = pair_cells(&line.program, line);
        row.extend([
            Cell::from(line.units),
            Cell::from(line.previous_units),
            status_cell(line.status),
        ]);
        sheet.push(row);
    }
    sheet
}

/// The columns of a findings CSV.
pub const FINDING_COLUMNS: [&str; 11] = [
    "kind", "severity", "program", "subject", "expected", "actual", "message", "clause", "file",
    "row", "data",
];

/// A data origin as a cell: the name in CSV and JSON, the word in a workbook.
fn origin_cell(origin: &crate::domain::Origin) -> Cell {
    Cell::word(origin.label(), origin.title())
}

/// Findings, one row each, with where the data each is about comes from (`data_of`: official,
/// synthetic or the planners' own; empty when a finding is about no data, or none is known).
pub fn findings_sheet(
    findings: &[Finding],
    data_of: &dyn Fn(&Finding) -> Option<crate::domain::Origin>,
) -> Sheet {
    let mut sheet = Sheet::new("findings", &FINDING_COLUMNS);
    let number = |n: Option<f64>| n.map_or(Cell::Empty, Cell::number);
    for f in findings {
        sheet.push(vec![
            Cell::word(f.kind.label(), f.kind.title()),
            Cell::word(f.severity.label(), f.severity.title()),
            Cell::program(&f.program),
            Cell::text(&f.subject),
            number(f.expected),
            number(f.actual),
            Cell::text(&f.message),
            Cell::text(&f.clause),
            f.place
                .as_ref()
                .map_or(Cell::Empty, |p| Cell::text(&p.file)),
            f.place
                .as_ref()
                .map_or(Cell::Empty, |p| Cell::from(p.line as usize)),
            data_of(f).as_ref().map_or(Cell::Empty, origin_cell),
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
            Cell::program(&l.table),
            Cell::text(&l.subject),
            Cell::text(&l.district),
            Cell::text(&l.indicator),
            Cell::text(&l.meaning),
            l.actual.map_or(Cell::Empty, Cell::number),
            Cell::number(l.due),
            Cell::number(l.target),
            Cell::text(&l.bound),
            Cell::text(&l.due_by),
            Cell::word(l.standing.label(), l.standing.title()),
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
            Cell::program(&row.table),
            Cell::text(&row.district),
            Cell::text(&row.subject),
            Cell::word(
                &row.indicator,
                crate::i18n::in_words(&row.indicator, &row.meaning),
            ),
            Cell::text(&row.meaning),
            Cell::text(&row.bound),
            Cell::text(&row.due),
            Cell::text(&row.clause),
            Cell::Empty,
        ]);
    }
    sheet
}

/// The whole plan on one sheet, the workbook's first: each program's covered of required, units,
/// off-map pairings and skills not matched.
pub fn overview_sheet(summaries: &[&PlanSummary]) -> Sheet {
    let mut sheet = Sheet::new(
        "overview",
        &[
            "program",
            "title",
            "covered",
            "recipients",
            "units",
            "off_map",
            "trait_mismatches",
        ],
    );
    for s in summaries {
        sheet.push(vec![
            Cell::program(&s.program),
            Cell::text(&s.title),
            Cell::from(s.covered),
            Cell::from(s.recipients),
            Cell::from(s.units_allotted),
            Cell::from(s.off_map),
            Cell::from(s.trait_mismatches),
        ]);
    }
    sheet
}

/// The sheets of `plan --out FILE.xlsx` (or `.json`): the pairings, by district, by county, by
/// unit, the data's notes, the sources and the manifest.
pub fn plan_workbook(
    plans: &[(&Instance, &Plan)],
    comparison: Option<&Comparison>,
    summaries: &[&PlanSummary],
    notes: &[Finding],
    manifest: &serde_json::Value,
) -> Vec<Sheet> {
    let overview = overview_sheet(summaries);
    let summaries: Vec<PlanSummary> = summaries.iter().map(|&s| s.clone()).collect();
    vec![
        overview,
        plan_sheet(plans, comparison),
        districts_sheet(&summaries),
        counties_sheet(plans),
        units_sheet(&summaries),
        findings_sheet(notes, &|note| {
            plans
                .iter()
                .find(|(instance, _)| instance.program.name == note.program)
                .and_then(|(instance, _)| instance.program.origin_of("recipients").cloned())
        }),
        sources_sheet(&summaries),
        super::sheet::key_value_sheet("manifest", manifest),
    ]
}

/// A sweep's curve (`whatif --sweep --out`): each value's programs against the baseline's.
pub fn curve_sheet(curve: &[CurvePoint]) -> Sheet {
    let mut sheet = Sheet::new(
        "sweep",
        &[
            "value",
            "program",
            "feasible",
            "objective",
            "objective_change",
            "moved",
            "reason",
        ],
    );
    for p in curve {
        let number = |v: Option<f64>| v.map_or(Cell::Empty, Cell::fixed4);
        sheet.push(vec![
            Cell::number(p.value),
            Cell::program(&p.program),
            Cell::flag(p.feasible),
            number(p.objective),
            number(p.objective_change),
            Cell::from(p.moved),
            Cell::text(&p.reason),
        ]);
    }
    sheet
}

/// A pairing's status: its name in CSV, the word in a workbook.
fn status_cell(status: Status) -> Cell {
    Cell::word(status.label(), status.title())
}

/// What falls due, one row per item (`pairplan due --out`); the items' ids are in the JSON.
pub fn due_sheet(list: &crate::calendar::DueList) -> Sheet {
    let mut sheet = Sheet::new(
        "due",
        &[
            "owner", "due_date", "status", "what", "repeats", "clause", "reading", "id",
        ],
    );
    for line in &list.lines {
        sheet.push(vec![
            Cell::text(line.owner_shown()),
            Cell::Date(line.due),
            Cell::word(
                serde_json::to_value(line.status)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default(),
                line.status.title(),
            ),
            Cell::text(&line.what),
            Cell::text(line.repeats.map(|r| r.title()).unwrap_or_default()),
            Cell::text(&line.clause),
            Cell::text(&line.reading),
            Cell::text(&line.id),
        ]);
    }
    sheet
}
