//! `programs`: the list of programs and one program or target table in full.

use comfy_table::ContentArrangement;

use super::{new_table, render_inputs, right_align};
use crate::summary::*;
use crate::text::format_number;
use crate::tr;

/// A target table as text: what it asks, of whom, by when, and how to report against it.
pub fn render_target_detail(detail: &TargetDetail) -> String {
    let meaning_of = |indicator: &str| {
        detail
            .indicators
            .iter()
            .find(|(key, _, _)| key == indicator)
            .map_or("", |(_, meaning, _)| meaning.as_str())
    };
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
            indicator = crate::i18n::in_words(&group.indicator, meaning_of(&group.indicator)),
            subjects = &group.subjects,
            bound = &group.bound,
            due = &group.due,
            clause = &group.clause
        ));
        out.push('\n');
    }
    for note in &detail.notes {
        out.push_str(&format!("{note}\n"));
    }
    out.push_str(&tr!(
        "target-how",
        count = detail.subjects.len(),
        districts = detail.subjects.join("、"),
        name = &detail.name,
        columns = crate::targets::ACTUALS_COLUMNS
            .iter()
            .map(|c| crate::i18n::column_label(c))
            .collect::<Vec<_>>()
            .join(crate::i18n::list_separator()),
        // A row as the reader would write it: the table and the indicator in the reader's words,
        // which the actuals file accepts as well as their names.
        example = format!(
            "{},{},{},…",
            crate::i18n::in_words(&detail.name, &detail.title),
            detail.subjects.first().map_or("", String::as_str),
            detail.requirements.first().map_or(String::new(), |g| {
                crate::i18n::in_words(&g.indicator, meaning_of(&g.indicator))
            })
        )
    ));
    out.push('\n');
    out
}

/// Renders one program in full.
pub fn render_program_detail(detail: &ProgramDetail) -> String {
    let mut out = format!(
        "{} {}\n{}\n",
        detail.name,
        detail.title,
        tr!("summary-source", source = &detail.source)
    );
    out.push_str(&match &detail.due {
        Some(due) => tr!("detail-due", due = due),
        None => tr!("detail-no-due"),
    });
    out.push('\n');
    let mut rules = new_table(&[&tr!("col-rule"), &tr!("col-seed-clause")]);
    for rule in &detail.rules {
        rules.add_row(vec![rule.rule.clone(), rule.seed.clone()]);
    }
    out.push_str(&format!("{rules}\n"));
    out.push_str(&render_inputs(&detail.inputs));
    if !detail.shares_with.is_empty() {
        out.push_str(&tr!(
            "detail-shares",
            capacity =
                crate::i18n::capacity_source(detail.shared_capacity.as_deref().unwrap_or_default()),
            programs = crate::i18n::programs(&detail.shares_with)
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
    // The dated tasks follow the table, by clause: too many for its rows.
    let (tasks, listings): (Vec<&ProgramListing>, Vec<&ProgramListing>) =
        listings.iter().partition(|l| l.kind == "task");
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
    format!(
        "{table}\n{}{}\n",
        render_tasks(&tasks),
        tr!("programs-more")
    )
}

/// The plans' dated tasks, one line each: clause, what, who, when.
fn render_tasks(tasks: &[&ProgramListing]) -> String {
    if tasks.is_empty() {
        return String::new();
    }
    let mut out = tr!("programs-tasks-heading", count = tasks.len());
    out.push('\n');
    for task in tasks {
        out.push_str(&format!(
            "  - {} {}：{}{}\n",
            task.source,
            task.title,
            task.rules.join(crate::i18n::clause_separator()),
            tr!("task-id", id = task.name.as_str())
        ));
    }
    out
}

/// How much of a clause the program list shows (the whole is under `--program NAME`).
const CLAUSE_CHARS: usize = 24;

/// The width the program list fits in.
const PROGRAMS_WIDTH: u16 = 80;

/// `programs --program NAME --columns`: each table the program reads, and each column's meaning,
/// whether it is required and the headers accepted for it.
pub fn render_columns(tables: &[TableColumns]) -> String {
    let mut out = String::new();
    for table in tables {
        out.push_str(&format!(
            "{} ({}) — {}\n",
            table.sheet, table.file, table.about
        ));
        let mut rows = new_table(&[
            &tr!("init-col-column"),
            &tr!("init-col-meaning"),
            &tr!("init-col-required"),
            &tr!("columns-accepted"),
        ]);
        for column in &table.columns {
            rows.add_row(vec![
                column.header.clone(),
                column.meaning.clone(),
                if column.required {
                    tr!("init-required")
                } else {
                    tr!("init-optional")
                },
                column.accepted.join("、"),
            ]);
        }
        out.push_str(&format!("{rows}\n\n"));
    }
    out
}
