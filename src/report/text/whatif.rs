//! The `whatif` comparison, a sweep's curve, and `diff`.

use comfy_table::CellAlignment;

use super::{counts_by_district, new_table, right_align};
use crate::change::{Comparison, Counts};
use crate::summary::*;
use crate::tr;

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
        let (plan, covered) = super::plan_and_coverage(r);
        table.add_row(vec![
            scenario_label(r),
            r.program.clone(),
            plan,
            covered.unwrap_or_default(),
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

/// A scenario's name as tables show it: the data as it is is `baseline` in JSON and CSV, 基准 in a
/// Chinese table.
pub fn scenario_label(row: &WhatIfRow) -> String {
    if row.baseline {
        tr!("baseline-label")
    } else {
        row.scenario.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_baseline_is_named_by_its_flag_not_by_its_words() {
        let mut row = WhatIfRow::infeasible("baseline", "villages", "");
        assert_eq!(scenario_label(&row), "baseline");
        row.baseline = true;
        row.scenario = "基线".into();
        assert_eq!(scenario_label(&row), tr!("baseline-label"));
    }
}
