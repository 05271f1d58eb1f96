//! The `whatif` comparison, a sweep's curve, and `diff`.

use comfy_table::CellAlignment;

use super::{counts_by_district, new_table, right_align};
use crate::change::{Comparison, Counts};
use crate::summary::*;
use crate::tr;

/// `whatif` in the planner's words: for each scenario, the programs it changes with baseline →
/// scenario and the difference (covered, off-map, skills not matched, units moved; with `-v` the
/// objective and balance too), each district whose load changes, and the untouched programs in
/// one line; a scenario without a plan, its reason.
pub fn render_whatif_text(rows: &[WhatIfRow]) -> String {
    let baseline: Vec<&WhatIfRow> = rows.iter().filter(|r| r.baseline).collect();
    let mut scenarios: Vec<&str> = Vec::new();
    for r in rows.iter().filter(|r| !r.baseline) {
        if !scenarios.contains(&r.scenario.as_str()) {
            scenarios.push(&r.scenario);
        }
    }
    let mut out = tr!(
        "whatif-baseline-line",
        programs = baseline.len(),
        planned = baseline.iter().filter(|r| r.feasible).count()
    );
    out.push('\n');
    for title in scenarios {
        let of: Vec<&WhatIfRow> = rows
            .iter()
            .filter(|r| !r.baseline && r.scenario == title)
            .collect();
        out.push('\n');
        out.push_str(&render_scenario(title, &of, &baseline));
    }
    out
}

/// One scenario against the baseline.
fn render_scenario(title: &str, rows: &[&WhatIfRow], baseline: &[&WhatIfRow]) -> String {
    let mut out = format!("{}\n", tr!("whatif-scenario-heading", title = title));
    let before = |r: &WhatIfRow| baseline.iter().copied().find(|b| b.program == r.program);
    let changed: Vec<(&WhatIfRow, Option<&WhatIfRow>)> = rows
        .iter()
        .map(|&r| (r, before(r)))
        .filter(|(r, b)| b.is_none_or(|b| !r.same_as(b)))
        .collect();
    for (r, _) in changed.iter().filter(|(r, _)| !r.feasible) {
        let program = if r.title.is_empty() { "—" } else { &r.title };
        out.push_str(&format!(
            "  {}\n",
            tr!("whatif-no-plan", program = program, reason = &r.reason)
        ));
    }
    let planned: Vec<&(&WhatIfRow, Option<&WhatIfRow>)> =
        changed.iter().filter(|(r, _)| r.feasible).collect();
    if !planned.is_empty() {
        out.push_str(&render_changes_table(&planned));
        for (r, b) in &planned {
            if let Some(line) = b.and_then(|b| district_changes(r, b)) {
                out.push_str(&format!("  {line}\n"));
            }
        }
    }
    let untouched = baseline.len().saturating_sub(changed.len());
    if untouched > 0 {
        out.push_str(&format!(
            "  {}\n",
            tr!("whatif-untouched", count = untouched)
        ));
    }
    out
}

/// The programs a scenario changes, baseline → scenario with the difference.
fn render_changes_table(planned: &[&(&WhatIfRow, Option<&WhatIfRow>)]) -> String {
    let verbose = super::verbose();
    let mut headers = vec![
        tr!("col-program"),
        tr!("col-covered"),
        tr!("col-off-map"),
        tr!("col-mismatched"),
        tr!("col-moved"),
    ];
    if verbose {
        headers.extend([tr!("col-objective"), tr!("col-balance")]);
    }
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut table = new_table(&headers);
    for (r, b) in planned {
        let count = |now: u32, then: Option<u32>| match then {
            Some(then) => format!("{then} → {now} ({:+})", i64::from(now) - i64::from(then)),
            None => now.to_string(),
        };
        let real = |now: f64, then: Option<f64>| match then {
            Some(then) => format!("{then:.2} → {now:.2} ({:+.2})", now - then),
            None => format!("{now:.2}"),
        };
        let mut row = vec![
            r.title.clone(),
            count(r.covered, b.map(|b| b.covered)),
            count(r.off_map, b.map(|b| b.off_map)),
            count(r.trait_mismatches, b.map(|b| b.trait_mismatches)),
            r.moved.to_string(),
        ];
        if verbose {
            row.push(real(r.objective, b.map(|b| b.objective)));
            row.push(real(r.balance_measure, b.map(|b| b.balance_measure)));
        }
        table.add_row(row);
    }
    right_align(&mut table, 1);
    format!("{table}\n")
}

/// The districts whose load a scenario changes in one program: `西青区 132 → 112 (−20)`, … .
fn district_changes(r: &WhatIfRow, b: &WhatIfRow) -> Option<String> {
    let moves: Vec<String> = r
        .districts
        .iter()
        .filter_map(|(district, now)| {
            let then = b
                .districts
                .iter()
                .find(|(d, _)| d == district)
                .map_or(0, |(_, n)| *n);
            (then != *now).then(|| {
                format!(
                    "{district} {then} → {now} ({:+})",
                    i64::from(*now) - i64::from(then)
                )
            })
        })
        .collect();
    (!moves.is_empty()).then(|| {
        tr!(
            "whatif-district-loads",
            program = &r.title,
            moves = moves.join("，")
        )
    })
}

/// A sweep's curve as a table: a row per value and program; the reasons of values without a plan
/// below it, each reason once with the values it holds for.
pub fn render_curve_text(key: &str, points: &[CurvePoint]) -> String {
    let verbose = super::verbose();
    let header = sweep_words(key);
    let mut headers = vec![
        header.clone(),
        tr!("col-program"),
        tr!("col-plan"),
        tr!("col-off-map"),
        tr!("col-mismatched"),
        tr!("col-moved"),
    ];
    if verbose {
        headers.extend([tr!("col-objective"), tr!("col-vs-baseline")]);
    }
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut table = new_table(&headers);
    for p in points {
        let number = |v: Option<f64>, sign: bool| match (v, sign) {
            (Some(v), true) => format!("{v:+.4}"),
            (Some(v), false) => format!("{v:.4}"),
            (None, _) => String::new(),
        };
        let count = |v: Option<u32>| v.map_or(String::new(), |v| v.to_string());
        let mut row = vec![
            crate::text::format_number(p.value),
            crate::i18n::program(&p.program),
            if p.feasible {
                tr!("plan-yes")
            } else {
                tr!("plan-none")
            },
            count(p.off_map),
            count(p.trait_mismatches),
            if p.feasible {
                p.moved.to_string()
            } else {
                String::new()
            },
        ];
        if verbose {
            row.push(number(p.objective, false));
            row.push(number(p.objective_change, true));
        }
        table.add_row(row);
    }
    right_align(&mut table, 3);
    if let Some(column) = table.column_mut(0) {
        column.set_cell_alignment(CellAlignment::Right);
    }
    let mut out = format!("{}\n{table}\n", tr!("sweep-heading", key = &header));
    let mut reasons: Vec<(&str, Vec<String>)> = Vec::new();
    for p in points.iter().filter(|p| !p.feasible) {
        let value = crate::text::format_number(p.value);
        match reasons.iter_mut().find(|(r, _)| *r == p.reason) {
            Some((_, values)) => values.push(value),
            None => reasons.push((&p.reason, vec![value])),
        }
    }
    for (reason, values) in reasons {
        out.push_str(&format!("{header} = {}: {reason}\n", values.join(", ")));
    }
    out
}

/// A sweep's key in words: `move(西青区,武清区)` → 西青区转给武清区的村数; a key of another form as
/// written.
fn sweep_words(key: &str) -> String {
    let Some((name, rest)) = key.split_once('(') else {
        return key.to_string();
    };
    let arguments: Vec<&str> = rest
        .trim_end_matches(')')
        .split(',')
        .map(str::trim)
        .collect();
    match (name.trim(), arguments.as_slice()) {
        ("move", [from, to]) => tr!("sweep-words-move", from = *from, to = *to),
        ("minimum", [unit]) => tr!("sweep-words-minimum", unit = *unit),
        ("capacity", [helper]) => tr!("sweep-words-capacity", helper = *helper),
        ("weight", [weight]) => tr!("sweep-words-weight", weight = *weight),
        _ => key.to_string(),
    }
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
            crate::i18n::program(program),
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
            tr!("diff-by-district", program = crate::i18n::program(program)),
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
                    crate::i18n::program(&m.program),
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
