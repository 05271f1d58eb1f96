//! The `plan` summary: a program's coverage, loads, changes, and what binds it.

use super::{counts_by_district, new_table, render_inputs, right_align, verbose};
use crate::check::Finding;
use crate::domain::margins::{Binding, CapacityMargin};
use crate::summary::*;
use crate::text::format_number;
use crate::tr;

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
    if let Some(t) = &changes.tenures {
        out.push_str(&tenures_line(t));
        out.push('\n');
    }
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
        tr!(
            "frontier-heading",
            program = crate::i18n::program(program),
            previous = previous
        )
    )
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
pub fn carrying(summary: &PlanSummary) -> String {
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

/// Each district's quota and load, and each city unit against its minimum.
fn render_load_tables(summary: &PlanSummary) -> String {
    let mut out = String::new();
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
    out
}

/// How the solver ended, in the planner's language (JSON keeps the word: `optimal`, `time_limit`,
/// `search_limit`).
fn status_words(status: &str) -> String {
    match status {
        "optimal" => tr!("status-optimal"),
        "time_limit" => tr!("status-time-limit"),
        "search_limit" => tr!("status-search-limit"),
        other => other.to_string(),
    }
}

/// How full the helpers are; with `-v`, the balance, the objective and how it was solved.
fn render_solving(summary: &PlanSummary) -> String {
    let mut out = String::new();
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
                status = status_words(&s.status)
            ),
            tr!("summary-method", method = &s.solver_reason)
        ));
    } else if summary.capacity_bound {
        out.push_str(&tr!("summary-use", percent = percent));
        out.push('\n');
    }
    out
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
    out.push_str(&render_load_tables(summary));
    out.push_str(&render_solving(summary));
    if !summary.solving.shares_with_unplanned.is_empty() {
        out.push_str(&tr!(
            "summary-not-planned",
            programs = crate::i18n::programs(&summary.solving.shares_with_unplanned)
        ));
        out.push('\n');
    }
    if let Some(changes) = &summary.changes {
        out.push_str(&render_changes(changes, &summary.unit_noun));
    }
    if let Some(shared) = &summary.solving.shared_capacity {
        out.push_str(&tr!(
            "summary-planned-with",
            programs = crate::i18n::programs(&summary.solving.planned_with),
            shared = crate::i18n::capacity_source(shared)
        ));
        out.push('\n');
    }
    match summary.solving.status.as_str() {
        "time_limit" => {
            out.push_str(&tr!("summary-time-limit"));
            out.push('\n');
        }
        "search_limit" => {
            out.push_str(&tr!("summary-search-limit"));
            out.push('\n');
        }
        _ => {}
    }
    out
}

/// Up to this many helpers at capacity, `--explain` gives each its sentence; beyond, per district.
const CAPACITIES_ONE_BY_ONE: usize = 12;

/// A signed change in the objective, as `--explain` says it.
fn signed(v: f64) -> String {
    format!("{v:+.4}")
}

/// What one unit more or fewer changes: the objective's change, or that no plan is left.
fn change_words(v: Option<f64>) -> String {
    v.map_or(tr!("binds-no-plan"), |v| {
        tr!("binds-objective-changes", change = signed(v))
    })
}

/// A helper at capacity, with its district where it has one.
fn helper_named(c: &CapacityMargin) -> String {
    if c.district.is_empty() {
        format!("{} {}", c.helper, c.name)
    } else {
        format!("{} {}（{}）", c.helper, c.name, c.district)
    }
}

/// `plan --explain` as sentences: what binds, and what one unit more or less would change.
pub fn render_binding(binding: &Binding) -> String {
    let (at, of) = binding.helpers_at_capacity;
    let mut out = tr!(
        "binds-heading",
        program = crate::i18n::program(&binding.program),
        at = at,
        of = of
    );
    out.push('\n');
    // Few helpers at capacity: one sentence each; many: per district, the best place to add one
    // and the cheapest to take one away.
    if binding.capacities.len() <= CAPACITIES_ONE_BY_ONE {
        for c in &binding.capacities {
            out.push_str(&tr!(
                "binds-capacity",
                helper = helper_named(c),
                capacity = c.capacity,
                more = change_words(c.one_more),
                fewer = change_words(c.one_fewer)
            ));
            out.push('\n');
        }
    } else {
        out.push_str(&render_capacities_by_district(&binding.capacities));
    }
    out.push_str(&render_quota_and_unit_margins(binding));
    out
}

/// Many helpers at capacity, per district in the order the helpers come (by id): the best place
/// to add one and the cheapest to take one away.
fn render_capacities_by_district(capacities: &[CapacityMargin]) -> String {
    let mut out = String::new();
    let mut districts: Vec<&str> = Vec::new();
    for c in capacities {
        if !districts.contains(&c.district.as_str()) {
            districts.push(&c.district);
        }
    }
    for district in districts {
        let full: Vec<&CapacityMargin> = capacities
            .iter()
            .filter(|c| c.district == district)
            .collect();
        let best = |pick: fn(&CapacityMargin) -> Option<f64>| {
            full.iter()
                .filter_map(|c| Some((*c, pick(c)?)))
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .map_or(tr!("binds-no-change-has-a-plan"), |(c, v)| {
                    format!("{} ({})", helper_named(c), signed(v))
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
    out
}

/// Each district's best quota move either way, and each unit against its minimum.
fn render_quota_and_unit_margins(binding: &Binding) -> String {
    let mut out = String::new();
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
            more = change_words(u.one_more),
            fewer = change_words(u.one_fewer)
        ));
        out.push('\n');
    }
    out
}

/// The first screen of a plan: every program in one table — covered of required, off the map,
/// without a matching skill, what moved — and the programs without a plan, then one line for the
/// whole plan. The details of each program follow.
pub fn render_headline(
    summaries: &[&PlanSummary],
    failed: &[(String, String)],
    notes: usize,
) -> String {
    let moved = summaries.iter().any(|s| s.changes.is_some());
    let mut headers = vec![
        tr!("col-program"),
        tr!("col-covered-of"),
        tr!("col-off-map"),
        tr!("col-mismatched"),
    ];
    if moved {
        headers.push(tr!("col-moved"));
    }
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut table = new_table(&headers);
    for s in summaries {
        let mut row = vec![
            s.title.clone(),
            format!(
                "{} / {} {}{}",
                s.covered,
                s.recipients,
                crate::i18n::noun(&s.recipient_noun),
                carrying(s)
            ),
            s.off_map.to_string(),
            s.trait_mismatches.to_string(),
        ];
        if moved {
            row.push(s.changes.as_ref().map_or(String::new(), |c| {
                (c.units.changed + c.units.new + c.units.dropped).to_string()
            }));
        }
        table.add_row(row);
    }
    for (program, _) in failed {
        let mut row = vec![
            crate::i18n::program(program),
            tr!("plan-none"),
            String::new(),
            String::new(),
        ];
        if moved {
            row.push(String::new());
        }
        table.add_row(row);
    }
    right_align(&mut table, 2);
    let complete = summaries
        .iter()
        .filter(|s| s.covered == s.recipients)
        .count();
    format!(
        "{table}\n{}\n\n",
        tr!(
            "plan-headline",
            programs = summaries.len() + failed.len(),
            planned = summaries.len(),
            complete = complete,
            failed = failed.len(),
            notes = notes
        )
    )
}

/// The whole `plan` summary: the dataset, the rows of last year's file refused, each program's
/// summary (with what binds it), each program without a plan, and the data's notes.
pub fn render_plan_run(
    dataset: &str,
    title: &str,
    summaries: &[&PlanSummary],
    bindings: &[Binding],
    failed: &[(String, String)],
    notes: &[Finding],
    refused: &[crate::change::Refused],
) -> String {
    let mut text = format!("{}\n\n", tr!("plan-dataset", name = dataset, title = title));
    text.push_str(&render_headline(summaries, failed, notes.len()));
    text.push_str(&super::render_refused(refused));
    for summary in summaries {
        text.push_str(&render_summary_text(summary));
        if let Some(binding) = bindings.iter().find(|b| b.program == summary.program) {
            text.push_str(&render_binding(binding));
        }
        text.push('\n');
    }
    for (_, failure) in failed {
        text.push_str(&format!("{failure}\n\n"));
    }
    if !notes.is_empty() {
        text.push_str(&tr!("notes-heading"));
        text.push('\n');
        for note in notes {
            text.push_str(&format!("  - [{}] {}\n", note.kind.title(), note.message));
        }
    }
    text
}

/// What became of last year's postings: continuing and ended, then each thing a planner should
/// check that the counts hide (rotations within the year, assumed starts, starts ahead, posts
/// without a tenure).
fn tenures_line(t: &crate::summary::TenureCounts) -> String {
    let mut parts = vec![tr!(
        "tenures-line",
        as_of = t.as_of.as_str(),
        continuing = t.continuing,
        ended = t.ended
    )];
    if t.ending_within_year > 0 {
        parts.push(tr!(
            "tenures-within-year",
            count = t.ending_within_year,
            until = t.year_end.as_str()
        ));
    }
    if t.ahead > 0 {
        parts.push(tr!(
            "tenures-ahead",
            count = t.ahead,
            as_of = t.as_of.as_str()
        ));
    }
    if t.without_start > 0 {
        parts.push(tr!(
            "tenures-without-start",
            count = t.without_start,
            start = t.assumed_start.as_str()
        ));
    }
    if t.untenured > 0 {
        parts.push(tr!("tenures-untenured", count = t.untenured));
    }
    parts.join(crate::i18n::clause_separator())
}
