//! Terminal text: the tables and lines a planner reads on screen, one file per command family.
//! Only layout lives here; every number comes computed from `summary`, `check` or `change`.

mod check;
mod due;
mod plan;
mod programs;
mod whatif;

pub use check::{
    render_actuals_text, render_audit, render_changed_first, render_check_text, render_file_counts,
};
pub use due::render_due;
pub use plan::{
    carrying, render_binding, render_frontier, render_headline, render_plan_run,
    render_summary_text,
};
pub use programs::{
    render_columns, render_program_detail, render_programs_text, render_target_detail,
};
pub use whatif::{render_curve_text, render_diff_text, render_whatif_text, scenario_label};

use comfy_table::{presets, CellAlignment, ContentArrangement, Table};

use crate::change::Counts;
use crate::domain::{Origin, ProgramInput};
use crate::summary::WhatIfRow;
use crate::tr;

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

pub(super) fn new_table(headers: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(headers.iter().copied());
    table
}

pub(super) fn right_align(table: &mut Table, from: usize) {
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
            .map(|i| {
                tr!(
                    "inputs-file-used-as",
                    file = &i.file,
                    used_as = crate::i18n::used_as_list(&i.used_as)
                )
            })
            .collect()
    };
    for (key, files) in [
        (crate::msg_key!("inputs-official"), official),
        (crate::msg_key!("inputs-synthetic"), of(&Origin::Synthetic)),
        (crate::msg_key!("inputs-given"), of(&Origin::Given)),
    ] {
        if !files.is_empty() {
            out.push_str(&crate::i18n::message(
                key,
                &[(
                    "files",
                    crate::i18n::value(files.join(crate::i18n::clause_separator())),
                )],
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

/// Whether `-v` was given: the solver's figures, and how a planner's lists were read.
pub fn verbose() -> bool {
    VERBOSE.load(std::sync::atomic::Ordering::Relaxed)
}

/// How a planner's own lists were read: each sheet's table and columns, and the 2019 tables used
/// for what they leave out.
pub fn render_mapping(lines: &[String]) -> String {
    let mut out = tr!("own-mapping-heading");
    out.push('\n');
    for line in lines {
        out.push_str(&format!("  {line}\n"));
    }
    out
}

/// Units kept, changed, new and dropped per district, as a table (`—` for helpers of no district).
pub(super) fn counts_by_district(
    by_district: &std::collections::BTreeMap<String, Counts>,
) -> Table {
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

/// A what-if row's plan column (yes, or none) and its coverage (`covered/recipients`, or `None`
/// without a plan), as the terminal and the HTML report both show them.
pub fn plan_and_coverage(row: &WhatIfRow) -> (String, Option<String>) {
    if row.feasible {
        (
            tr!("plan-yes"),
            Some(format!("{}/{}", row.covered, row.recipients)),
        )
    } else {
        (tr!("plan-none"), None)
    }
}

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
}
