//! Next year: last year's pairings read (ids renamed since, followed), resolved against this year's
//! programs and kept where the rules allow; each dropped pairing with its reason; the frontier of
//! changes against the programs' own objective; and two pairings files compared (`diff`).

use std::collections::BTreeMap;

use super::planning::{failure, Planned};
use super::Failure;
use crate::change;
use crate::domain::{Instance, Plan};
use crate::graph::PairingGraph;
use crate::load::read_pairings;
use crate::solve;
use crate::summary::{summarize, FrontierPoint, SolverFacts};
use crate::validate::ledger::{Ledger, LedgerRow, RowProblem};

/// Last year's rows with renamed ids replaced by this year's (chains followed; a cycle, or a new id
/// the data lacks, is a located problem).
fn rename(
    rows: &mut [crate::load::PairingRow],
    path: &std::path::Path,
    instances: &[Instance],
    problems: &mut crate::error::Problems,
) {
    let Some(table) = crate::load::read_table_file(path, problems) else {
        return;
    };
    let renames = match crate::load::read_renames(&table) {
        Ok(renames) => renames,
        Err(errors) => return errors.0.into_iter().for_each(|p| problems.push(p)),
    };
    let used: std::collections::HashSet<&str> = rows
        .iter()
        .flat_map(|r| [r.helper_id.as_str(), r.recipient_id.as_str()])
        .collect();
    let known: std::collections::HashSet<&str> = instances
        .iter()
        .flat_map(|i| {
            i.helpers
                .iter()
                .map(|h| h.id.as_str())
                .chain(i.recipients.iter().map(|r| r.id.as_str()))
        })
        .collect();
    let finals = match crate::validate::ledger::follow_renames(
        &renames,
        |id| used.contains(id),
        |id| known.contains(id),
    ) {
        Ok(finals) => finals,
        Err(errors) => return errors.0.into_iter().for_each(|p| problems.push(p)),
    };
    for row in rows {
        for id in [&mut row.helper_id, &mut row.recipient_id] {
            if let Some(new) = finals.get(id.as_str()) {
                *id = new.clone();
            }
        }
    }
}

/// `plan --frontier`: one program's trade between changes and its own objective.
#[derive(Debug, serde::Serialize)]
pub struct Frontier {
    /// The program.
    pub program: String,
    /// Last year's file, as named in messages.
    pub previous: String,
    /// The corners found, by changes, each better than the one before.
    pub points: Vec<FrontierPoint>,
}

/// `plan --frontier`: one program planned at every change weight of the frontier, each point its
/// changes and the parts of its own objective; `None` when no program is selected.
pub fn frontier(
    mut instances: Vec<Instance>,
    previous: Option<Ledger>,
    solver: solve::Solver,
) -> Result<Option<Frontier>, Failure> {
    let (Some(instance), Some(ledger)) = (instances.first_mut(), previous) else {
        return Ok(None);
    };
    let known = change::previous(instance, &ledger, None);
    instance.previous = known.kept.clone();
    let graph = PairingGraph::build(instance);
    let program = instance.program.name.clone();
    let solved =
        solve::frontier(instance, &graph, solver).map_err(|source| failure(program, source))?;
    let mut points: Vec<FrontierPoint> = Vec::new();
    for (weight, one) in solved {
        let summary = summarize(instance, &one.plan, SolverFacts::default());
        let point = FrontierPoint {
            change_weight: weight,
            changes: known.forced + change::changed_units(&instance.previous, &one.plan),
            objective: crate::model::plan_cost(instance, &one.plan),
            off_map: summary.off_map,
            trait_mismatches: summary.trait_mismatches,
            balance_measure: summary.balance_measure,
        };
        // A weight that changes nothing found is the same corner again.
        if !points
            .iter()
            .any(|p| p.changes == point.changes && (p.objective - point.objective).abs() < 1e-6)
        {
            points.push(point);
        }
    }
    points.sort_by(|a, b| {
        a.changes
            .cmp(&b.changes)
            .then(a.objective.total_cmp(&b.objective))
    });
    // More changes are worth listing only for a better objective (a free change weight finds
    // plans that change more for nothing).
    let mut best = f64::INFINITY;
    points.retain(|p| {
        let better = p.objective < best - 1e-6;
        best = best.min(p.objective);
        better
    });
    Ok(Some(Frontier {
        program: instance.program.name.clone(),
        previous: ledger.file,
        points,
    }))
}

/// Each program's plan against last year's pairings, with a reason for every pairing dropped or
/// reduced: the rows the data could not express keep the reason found before solving (an unknown
/// id, with the closest known), the others get the first true one of [`change::reason`].
pub fn compare_with_last_year(
    solved: &[Planned],
    last_year: &BTreeMap<String, change::Previous>,
    ledger: &Ledger,
) -> change::Comparison {
    let mut before = Vec::new();
    let mut now = Vec::new();
    for (instance, plan, _) in solved {
        let known = &last_year[&instance.program.name];
        before.extend(change::plan_rows(instance, &Plan::new(known.kept.clone())));
        before.extend(change::plan_rows(instance, &ended(&known.postings)));
        before.extend(
            ledger
                .rows_of(&instance.program.name)
                .filter(|r| {
                    !matches!(
                        r.problem,
                        Some(crate::validate::ledger::RowProblem::ListedTwice { .. })
                    )
                })
                .filter(|r| {
                    known
                        .out
                        .contains_key(&(r.recipient_id.clone(), r.helper_id.clone()))
                })
                .filter(|r| {
                    !known.kept.iter().any(|k| {
                        instance.recipients[k.recipient.0].id == r.recipient_id
                            && instance.helpers[k.helper.0].id == r.helper_id
                    })
                })
                .map(|r| named(instance, r)),
        );
        now.extend(change::plan_rows(instance, plan));
    }
    let mut compared = change::compare(&before, &now);
    let then = then_word(ledger);
    // Each program's graph once, for the reasons of its dropped pairings.
    let mut graphs: BTreeMap<String, PairingGraph> = BTreeMap::new();
    for line in &mut compared.lines {
        if line.units >= line.previous_units {
            continue;
        }
        let Some((instance, plan, _)) =
            solved.iter().find(|(i, ..)| i.program.name == line.program)
        else {
            continue;
        };
        let known = &last_year[&line.program];
        let key = (line.recipient_id.clone(), line.helper_id.clone());
        line.reason = match known.out.get(&key) {
            Some(reason) => reason.clone(),
            None => {
                let recipient = instance
                    .recipients
                    .iter()
                    .position(|r| r.id == line.recipient_id);
                let helper = instance.helpers.iter().position(|h| h.id == line.helper_id);
                match (recipient, helper) {
                    (Some(r), Some(h)) => change::reason(
                        instance,
                        graphs
                            .entry(line.program.clone())
                            .or_insert_with(|| PairingGraph::build(instance)),
                        &known.kept,
                        &then,
                        plan,
                        crate::domain::RecipientId(r),
                        crate::domain::HelperId(h),
                    ),
                    _ => String::new(),
                }
            }
        };
    }
    say_tenures(&mut compared, solved, last_year);
    compared
}

/// What the dropped pairings' reasons call the other side: last year, or the baseline's plan.
fn then_word(ledger: &Ledger) -> String {
    if ledger.baseline {
        crate::tr!("then-baseline")
    } else {
        crate::tr!("then-last-year")
    }
}

/// With `--as-of`: each pairing of a post with a tenure says what became of last year's postings
/// to it — continuing (until when), ended (when, by which clause) — and what is newly posted (until
/// when). An ended posting's reason replaces any other: nothing else took it away.
fn say_tenures(
    compared: &mut change::Comparison,
    solved: &[Planned],
    last_year: &BTreeMap<String, change::Previous>,
) {
    compared.as_of = last_year
        .values()
        .find_map(|known| known.as_of)
        .map(|d| d.to_string());
    for line in &mut compared.lines {
        let (Some(known), Some((instance, ..))) = (
            last_year.get(&line.program),
            solved.iter().find(|(i, ..)| i.program.name == line.program),
        ) else {
            continue;
        };
        let Some(as_of) = known.as_of else {
            continue;
        };
        let Some(tenure) = instance
            .recipients
            .iter()
            .find(|r| r.id == line.recipient_id)
            .and_then(|r| r.tenure.as_ref())
        else {
            continue;
        };
        let of_pair = known.postings.iter().filter(|p| {
            instance.recipients[p.recipient.0].id == line.recipient_id
                && instance.helpers[p.helper.0].id == line.helper_id
        });
        let (continuing, ended): (Vec<_>, Vec<_>) = of_pair.partition(|p| p.continues);
        let held: crate::domain::Count = continuing.iter().map(|p| p.units).sum();
        line.starts = continuing
            .iter()
            .map(|p| (p.units, p.start.to_string()))
            .chain((line.units > held).then(|| (line.units - held, as_of.to_string())))
            .collect();
        let gone: crate::domain::Count = ended.iter().map(|p| p.units).sum();
        let mut said = kept_and_ended(&continuing, &ended, &tenure.clause, as_of);
        if line.units > held {
            said.push(crate::tr!(
                "tenure-new",
                units = line.units - held,
                from = as_of.to_string(),
                until = tenure.ends(as_of).to_string()
            ));
        }
        if said.is_empty() {
            continue;
        }
        if !line.reason.is_empty() && gone == 0 {
            said.push(std::mem::take(&mut line.reason));
        }
        line.reason = said.join(crate::i18n::clause_separator());
    }
}

/// What became of last year's postings to one pair: the continuing (until the first of them
/// ends), each posted ahead of `as_of` with its start, the ended (on the last of their ends).
fn kept_and_ended(
    continuing: &[&change::Posting],
    ended: &[&change::Posting],
    clause: &str,
    as_of: jiff::civil::Date,
) -> Vec<String> {
    let mut said = Vec::new();
    // A start after the plan's first day is a posting made ahead (or a mistyped year): kept,
    // and said apart so that a planner sees the date.
    let (ahead, begun): (Vec<&change::Posting>, Vec<_>) =
        continuing.iter().partition(|p| p.start > as_of);
    if let Some(until) = begun.iter().map(|p| p.ends).min() {
        said.push(crate::tr!(
            "tenure-continues",
            units = begun.iter().map(|p| p.units).sum::<crate::domain::Count>(),
            until = until.to_string(),
            clause = clause
        ));
    }
    for posting in ahead {
        said.push(crate::tr!(
            "tenure-ahead",
            units = posting.units,
            from = posting.start.to_string(),
            until = posting.ends.to_string(),
            clause = clause
        ));
    }
    if let Some(on) = ended.iter().map(|p| p.ends).max() {
        said.push(crate::tr!(
            "tenure-ended",
            units = ended.iter().map(|p| p.units).sum::<crate::domain::Count>(),
            on = on.to_string(),
            clause = clause
        ));
    }
    said
}

/// A row of last year's file with the names, county and district this year's data knows for its
/// ids, where the file gives none.
fn named(instance: &Instance, row: &LedgerRow) -> crate::load::PairingRow {
    let mut row = row.as_written();
    if let Some(r) = instance
        .recipients
        .iter()
        .position(|r| r.id == row.recipient_id)
    {
        let recipient = crate::domain::RecipientId(r);
        row.recipient_name
            .get_or_insert_with(|| instance.recipients[r].name.clone());
        row.county
            .get_or_insert_with(|| instance.county_name(recipient).to_string());
    }
    if let Some(h) = instance.helpers.iter().position(|h| h.id == row.helper_id) {
        let helper = crate::domain::HelperId(h);
        row.helper_name
            .get_or_insert_with(|| instance.helpers[h].name.clone());
        row.helper_district
            .get_or_insert_with(|| instance.district_name(helper).to_string());
    }
    row
}

/// Reads last year's pairings (`--previous`), renamed ids applied (`--renamed`), and resolves them
/// against this year's programs; a malformed file is among the inputs' problems.
pub fn read_previous(
    paths: &[std::path::PathBuf],
    renamed: Option<&std::path::Path>,
    inputs: &mut super::Inputs,
    instances: &[Instance],
) -> Option<Ledger> {
    if paths.is_empty() {
        return None;
    }
    let tables = crate::load::read_pairing_tables(paths, &mut inputs.problems);
    let mut rows = Vec::new();
    for table in &tables {
        match read_pairings(table) {
            Ok(read) => rows.extend(read),
            Err(errors) => errors.0.into_iter().for_each(|p| inputs.problems.push(p)),
        }
    }
    if tables.is_empty() {
        return None;
    }
    if let Some(path) = renamed {
        rename(&mut rows, path, instances, &mut inputs.problems);
    }
    let name = super::inputs::ledger_name(&tables);
    let file = crate::tr!("previous-last-year", file = name);
    Some(inputs.ledger(&file, rows, instances))
}

/// Sets each program's previous pairings from last year's rows (and the change budget, if any):
/// what each program keeps, by program.
pub fn plan_against(
    instances: &mut [Instance],
    ledger: &Ledger,
    max_changes: Option<crate::domain::Count>,
    as_of: Option<jiff::civil::Date>,
) -> BTreeMap<String, change::Previous> {
    let mut last_year = BTreeMap::new();
    for instance in instances {
        let known = change::previous(instance, ledger, as_of);
        instance.previous = known.kept.clone();
        instance.continuing = continuing(&known.postings);
        if let Some(most) = max_changes {
            // What the data no longer has is changed whatever the plan: the rest of the budget is
            // for the pairings the plan can keep.
            instance.change_budget = Some(crate::domain::ChangeBudget {
                most,
                forced: known.forced,
            });
        }
        last_year.insert(instance.program.name.clone(), known);
    }
    last_year
}

/// The ended postings as last year's pairings: the comparison shows them filled again or gone.
fn ended(postings: &[change::Posting]) -> Plan {
    per_pair(postings, false)
}

/// The units of continuing postings, per pair.
fn continuing(postings: &[change::Posting]) -> Vec<crate::domain::Assignment> {
    per_pair(postings, true).assignments
}

/// The units of the postings that continue (or have ended), added up per pair.
fn per_pair(postings: &[change::Posting], continues: bool) -> Plan {
    let mut units: BTreeMap<_, crate::domain::Count> = BTreeMap::new();
    for p in postings.iter().filter(|p| p.continues == continues) {
        *units.entry((p.recipient, p.helper)).or_default() += p.units;
    }
    Plan::of_units(units)
}

/// One side of the comparison: its name, its rows (each pair once, named as the data names its
/// ids), and what the data says of its rows (names that are other ids', pairs listed twice).
pub struct Side {
    /// The file's name.
    pub name: String,
    /// Its rows.
    pub rows: Vec<crate::load::PairingRow>,
    /// Names that are other ids', pairs listed twice.
    pub notes: Vec<String>,
}

/// Reads one side of a comparison: its rows resolved against the data, each pair once.
pub fn read_side(
    path: &std::path::Path,
    inputs: &super::Inputs,
    instances: &[crate::domain::Instance],
) -> Result<Side, Failure> {
    // A folder on either side: its files read together (the districts' ledgers).
    let mut problems = crate::error::Problems::default();
    let tables = crate::load::read_pairing_tables(&[path.to_path_buf()], &mut problems);
    let tables = problems.into_result(tables)?;
    let mut rows = Vec::new();
    for table in &tables {
        rows.extend(read_pairings(table)?);
    }
    let name = super::inputs::ledger_name(&tables);
    let ledger = inputs.ledger(&name, rows, instances);
    let notes = instances
        .iter()
        .flat_map(|instance| crate::check::row_findings(instance, &ledger))
        .filter(|(_, f)| {
            matches!(
                f.kind,
                crate::check::FindingKind::NameMismatch | crate::check::FindingKind::DuplicatePair
            )
        })
        .map(|(_, f)| f.message)
        .collect();
    let rows = ledger
        .rows
        .iter()
        // A plain pair listed twice is one pairing; an allotment's rows add up, as compare does.
        .filter(|r| {
            !matches!(r.problem, Some(RowProblem::ListedTwice { .. }))
                || instances.iter().any(|i| {
                    r.program.as_deref() == Some(i.program.name.as_str()) && i.is_allotment()
                })
        })
        .map(|r| named_by_data(r, instances))
        .collect();
    Ok(Side { name, rows, notes })
}

/// A row with the names its ids have in the data, where the data knows them: a name edited over
/// an id is never shown as that id's.
fn named_by_data(
    row: &crate::validate::ledger::LedgerRow,
    instances: &[crate::domain::Instance],
) -> crate::load::PairingRow {
    let mut written = row.as_written();
    let Some(instance) = instances
        .iter()
        .find(|i| row.program.as_deref() == Some(i.program.name.as_str()))
    else {
        return written;
    };
    if let Some(helper) = row.helper {
        written.helper_name = Some(instance.helpers[helper.0].name.clone());
        written.helper_district = Some(instance.district_name(helper).to_string());
    }
    if let Some(recipient) = row.recipient {
        written.recipient_name = Some(instance.recipients[recipient.0].name.clone());
        written.county = Some(instance.county_name(recipient).to_string());
    }
    written
}

/// Two pairings files compared (`diff`): each side's rows named as the data names their ids, with
/// what the data says of them, and every pairing with its status.
pub struct Diff {
    /// The older file.
    pub old: Side,
    /// The newer file.
    pub new: Side,
    /// Every pairing of either file with its status, and the counts.
    pub comparison: change::Comparison,
}

/// Compares two pairings files, their ids looked up in the data.
pub fn diff(
    inputs: &mut super::Inputs,
    old: &std::path::Path,
    new: &std::path::Path,
) -> Result<Diff, Failure> {
    let instances = inputs.instances();
    std::mem::take(&mut inputs.problems).into_result(())?;
    let old = read_side(old, inputs, &instances)?;
    let new = read_side(new, inputs, &instances)?;
    let comparison = change::compare(&old.rows, &new.rows);
    Ok(Diff {
        old,
        new,
        comparison,
    })
}
