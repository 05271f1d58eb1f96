//! What `check` found: coverage per program, findings, actual figures against targets.

use comfy_table::{CellAlignment, Table};

use super::{new_table, right_align};
use crate::check::{Finding, FindingKind, ProgramCoverage, Severity};
use crate::domain::Count;
use crate::text::format_number;
use crate::tr;

/// Renders the result of `check`: a headline per program, the findings grouped by kind (most
/// serious first, each kind counted, its seed clause once), then the details — coverage by
/// province → prefecture → county and by district.
pub fn render_check_text(
    coverages: &[ProgramCoverage],
    findings: &[Finding],
    not_audited: &[String],
    heading: &str,
) -> String {
    let mut out = String::new();
    if !not_audited.is_empty() {
        out.push_str(&tr!(
            "not-audited",
            programs = crate::i18n::programs(not_audited)
        ));
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
    out.push_str(&render_findings(findings, heading));
    for c in coverages {
        out.push('\n');
        out.push_str(&render_coverage_tables(c));
    }
    out
}

/// One program's coverage as two tables: by province → prefecture → county with each province's
/// total, and by district against its quota.
fn render_coverage_tables(c: &ProgramCoverage) -> String {
    let mut out = String::new();
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
        tr!(
            "check-by-county",
            program = crate::i18n::program(&c.program)
        )
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
        tr!(
            "check-by-district",
            program = crate::i18n::program(&c.program)
        )
    ));
    out
}

/// The findings grouped by kind, most serious first; the seed clause said once for a kind whose
/// findings share it.
fn render_findings(findings: &[Finding], heading: &str) -> String {
    let mut out = String::new();
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
            severity.title(),
            kind.title(),
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
            // The row it is about, where the message does not already say it.
            let at = f
                .place
                .as_ref()
                .map(ToString::to_string)
                .filter(|place| !f.message.contains(place.as_str()))
                .map(|place| format!(" ({place})"))
                .unwrap_or_default();
            out.push_str(&format!("  - {}{at}{own}\n", f.message));
        }
        if end - start > shown {
            out.push_str(&crate::error::more_line(end - start - shown));
            out.push('\n');
        }
        start = end;
    }
    out
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
        out.push_str(&tr!(
            "actuals-heading",
            table = crate::i18n::program(name),
            due = &heading_due
        ));
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
            let indicator = crate::i18n::labelled(&l.indicator, &l.meaning);
            table.add_row(vec![
                l.subject.clone(),
                indicator,
                l.actual.map(format_number).unwrap_or_default(),
                format_number(l.due),
                l.bound.clone(),
                if one_deadline {
                    l.standing.title()
                } else {
                    format!("{} ({})", l.standing.title(), l.due_by)
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
                missing = count(Standing::NotReported),
                soft = of_table
                    .iter()
                    .filter(|l| l.standing.is_short() && l.standing != Standing::Behind)
                    .count()
            )
        ));
    }
    out
}

/// The whole `check` report: the ledger audited (real or synthetic), the actual figures against
/// their targets, then coverage and the findings not already shown in the figures' table.
pub fn render_audit(
    ledger: Option<(&str, bool)>,
    findings: &[Finding],
    lines: &[crate::targets::ActualLine],
    coverages: &[ProgramCoverage],
    not_audited: &[String],
) -> String {
    let mut text = String::new();
    if let Some((file, synthetic)) = ledger {
        let about = if synthetic {
            tr!("ledger-synthetic")
        } else {
            tr!("ledger-given")
        };
        text.push_str(&tr!("ledger-line", file = file, about = about));
        text.push_str("\n\n");
    }
    if !lines.is_empty() {
        text.push_str(&render_actuals_text(lines));
        text.push('\n');
    }
    // The actuals table above already shows each district behind or not reported.
    let listed: Vec<Finding> = findings
        .iter()
        .filter(|f| {
            lines.is_empty()
                || !matches!(f.kind, FindingKind::BehindTarget | FindingKind::NotReported)
        })
        .cloned()
        .collect();
    let in_tables = findings.len() - listed.len();
    if in_tables > 0 {
        let gaps = |of: &[Finding]| of.iter().filter(|f| f.severity == Severity::Gap).count();
        text.push_str(&tr!("actuals-gaps", gaps = gaps(findings) - gaps(&listed)));
        text.push('\n');
    }
    if !listed.is_empty() || !coverages.is_empty() {
        text.push_str(&render_check_text(
            coverages,
            &listed,
            not_audited,
            &if in_tables > 0 {
                tr!("check-other-findings-word")
            } else {
                tr!("check-findings-word")
            },
        ));
    }
    text
}

/// Several files audited together (the districts' 台账): each file's rows, gaps and notes, so that
/// a district's report can be sent back with its own count. Nothing for one file.
pub fn render_file_counts(files: &[crate::summary::FileCounts]) -> String {
    if files.is_empty() {
        return String::new();
    }
    let mut table = new_table(&[
        &tr!("col-file"),
        &tr!("col-rows"),
        &tr!("col-gaps"),
        &tr!("col-notes"),
    ]);
    for f in files {
        table.add_row(vec![
            f.file.clone(),
            f.rows.to_string(),
            f.gaps.to_string(),
            f.notes.to_string(),
        ]);
    }
    right_align(&mut table, 1);
    format!("\n{}\n{table}\n", tr!("check-per-file"))
}

/// With `check --previous`: the findings on rows changed since the last plan, first and on their
/// own — what the planner touched is what to look at before anything else.
pub fn render_changed_first(since: &str, changed: &[Finding]) -> String {
    let mut out = tr!(
        "check-changed-heading",
        count = changed.len(),
        since = since
    );
    out.push('\n');
    for f in changed {
        out.push_str(&format!(
            "  - [{} {}] {}\n",
            f.severity.title(),
            f.kind.title(),
            f.message
        ));
    }
    out.push('\n');
    out
}
