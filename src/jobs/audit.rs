//! The audit job (`check`): existing pairings — last year's ledger, a colleague's spreadsheet, a
//! plan the tool made — judged against every rule without the optimizer, the data itself checked,
//! and reported figures compared with the target tables and their milestones.

use std::path::Path;

use super::Failure;
use crate::check::{self, Finding, ProgramCoverage};
use crate::domain::{Instance, Plan};
use crate::graph::PairingGraph;
use crate::load::read_pairings;

/// What a planner asks `check` for.
#[derive(Debug, Clone, Default)]
pub struct AuditRequest<'a> {
    /// The pairings files and folders to audit together (the districts' 台账); the dataset's
    /// ledger when empty.
    pub pairings: &'a [std::path::PathBuf],
    /// The program named with `--program`, if any.
    pub program: Option<&'a str>,
    /// Actual figures to compare with the target tables.
    pub actuals: Option<&'a Path>,
    /// The date the figures and pairings stand at (YYYY-MM-DD).
    pub as_of: Option<&'a str>,
    /// The last plan (or last year's ledgers): the findings on rows changed since come first.
    pub previous: &'a [std::path::PathBuf],
}

/// Audits the pairings (or only the actual figures, with `--actuals` and no `--pairings`, or a
/// target table named), then the data's printed totals.
pub fn audit(inputs: &mut super::Inputs, request: &AuditRequest) -> Result<Audit, Failure> {
    if let (Some(table), None) = (&inputs.target_table, &request.actuals) {
        return Err(Failure::Usage(crate::tr!(
            "usage-target-needs-actuals",
            table = table,
            columns = crate::targets::ACTUALS_COLUMNS.join(", ")
        )));
    }
    let actuals_only =
        inputs.target_table.is_some() || (request.actuals.is_some() && request.pairings.is_empty());
    let mut audit = if actuals_only {
        std::mem::take(&mut inputs.problems).into_result(())?;
        Audit::default()
    } else {
        audit_ledger(request, inputs)?
    };
    if let Some(path) = request.actuals {
        audit_actuals(inputs, path, request.as_of, &mut audit)?;
    }
    // The notes on a table's printed 合计 belong where the table is read; the whole audit (no
    // --program, not only actuals) audits the data itself, every table of it.
    let whole = !actuals_only && request.program.is_none();
    let mismatches: Vec<crate::validate::TotalMismatch> = inputs
        .dataset
        .known_mismatches
        .iter()
        .filter(|m| whole || audit.files.contains(&m.table))
        .cloned()
        .collect();
    audit.findings.extend(check::total_mismatch_notes(
        &mismatches,
        &inputs.dataset.spec.official,
    ));
    check::sort_findings(&mut audit.findings);
    if !request.previous.is_empty() {
        changed_first(request.previous, &mut audit)?;
    }
    Ok(audit)
}

/// Puts first the findings on rows that the last plan (`previous`) does not have — what a planner
/// changed since — keeping the order within each part.
fn changed_first(previous: &[std::path::PathBuf], audit: &mut Audit) -> Result<(), Failure> {
    let mut problems = crate::error::Problems::default();
    let tables = crate::load::read_pairing_tables(previous, &mut problems);
    // How often the last plan lists each pair: a row listing a pair once more than it did (a
    // second district claiming it) is a change too.
    let mut before: crate::domain::FastMap<(String, String, String), usize> = Default::default();
    for table in &tables {
        match read_pairings(table) {
            Ok(rows) => rows.into_iter().for_each(|r| {
                *before
                    .entry((r.program, r.helper_id, r.recipient_id))
                    .or_default() += 1;
            }),
            Err(errors) => errors.0.into_iter().for_each(|p| problems.push(p)),
        }
    }
    problems.into_result(())?;
    let changed: std::collections::HashSet<&check::Place> = audit
        .rows
        .iter()
        .filter(|(_, pair)| match before.get_mut(pair) {
            Some(left) if *left > 0 => {
                *left -= 1;
                false
            }
            _ => true,
        })
        .map(|(place, _)| place)
        .collect();
    let (first, rest): (Vec<Finding>, Vec<Finding>) = std::mem::take(&mut audit.findings)
        .into_iter()
        .partition(|f| f.place.as_ref().is_some_and(|p| changed.contains(p)));
    audit.changed = first.len();
    audit.changed_since = Some(super::inputs::ledger_name(&tables));
    audit.findings = first.into_iter().chain(rest).collect();
    Ok(())
}

/// Compares the actual figures with the target tables in scope (all, or the one named).
fn audit_actuals(
    inputs: &super::Inputs,
    path: &Path,
    as_of: Option<&str>,
    audit: &mut Audit,
) -> Result<(), Failure> {
    let file = super::inputs::table_at(path)?;
    let tables = crate::targets::read_targets(&inputs.data, &inputs.dataset)?;
    let scope: Vec<String> = inputs.target_table.iter().cloned().collect();
    let (found, findings) = crate::targets::audit_actuals(&tables, &file, as_of, &scope)?;
    audit.findings.extend(findings);
    let in_scope = tables
        .iter()
        .filter(|t| scope.is_empty() || scope.contains(&t.spec.name));
    for table in in_scope {
        audit.files.extend(table.spec.file.clone());
    }
    audit.actuals = found;
    Ok(())
}

/// What an audit found.
#[derive(Default)]
pub struct Audit {
    /// Every finding, gaps first (see [`check::sort_findings`]).
    pub findings: Vec<Finding>,
    /// Each audited program's coverage.
    pub coverages: Vec<ProgramCoverage>,
    /// Programs the ledger has no rows for, left out of the audit.
    pub not_audited: Vec<String>,
    /// The ledger's name and whether it is labelled synthetic.
    pub ledger: Option<(String, bool)>,
    /// Each file read (a district's 台账), with its rows and its findings' gaps and notes.
    pub per_file: Vec<crate::summary::FileCounts>,
    /// How many of the findings (the first ones) are on rows changed since the last plan.
    pub changed: usize,
    /// The last plan the rows were compared with, as named.
    pub changed_since: Option<String>,
    /// Each row audited: its place and its pair as written (program, helper, recipient).
    rows: Vec<(check::Place, (String, String, String))>,
    /// The dataset files the audited programs read.
    files: Vec<String>,
    /// Each district's figure on each indicator against what is due (`--actuals`).
    pub actuals: Vec<crate::targets::ActualLine>,
    /// Where each audited program's recipients come from, for findings about no ledger row.
    recipients_origin: std::collections::BTreeMap<String, crate::domain::Origin>,
}

impl Audit {
    /// Where the data a finding is about comes from: a ledger row is the ledger's (synthetic when
    /// labelled so, else the planners' own), a figure reported against a target the planners',
    /// anything else the program's recipients' table's.
    pub fn data_of(&self, finding: &Finding) -> Option<crate::domain::Origin> {
        use crate::domain::Origin;
        let ledger_synthetic = self
            .ledger
            .as_ref()
            .is_some_and(|(_, synthetic)| *synthetic);
        if finding.place.is_some() {
            return Some(if ledger_synthetic {
                Origin::Synthetic
            } else {
                Origin::Given
            });
        }
        if matches!(
            finding.kind,
            check::FindingKind::BehindTarget | check::FindingKind::NotReported
        ) {
            return Some(Origin::Given);
        }
        self.recipients_origin.get(&finding.program).cloned()
    }
}

/// Where each program's recipients come from.
fn recipients_origins(
    instances: &[Instance],
) -> std::collections::BTreeMap<String, crate::domain::Origin> {
    instances
        .iter()
        .filter_map(|i| {
            let origin = i.program.origin_of("recipients")?;
            Some((i.program.name.clone(), origin.clone()))
        })
        .collect()
}

/// Audits the pairings file (or the dataset's ledger) against every selected program.
fn audit_ledger(request: &AuditRequest, inputs: &mut super::Inputs) -> Result<Audit, Failure> {
    // The ledger and the lists are read side by side: at national scale each is half the check.
    // Its rows are looked through in order meanwhile too: that needs no list.
    let (read, (instances, problems)) = rayon::join(
        || read_ledger(request, &inputs.data, &inputs.dataset, &inputs.all_programs),
        || inputs.instances_apart(),
    );
    let read = read?;
    inputs.problems.extend(problems);
    inputs.problems.extend(read.problems);
    std::mem::take(&mut inputs.problems).into_result(())?;
    let LedgerRead {
        name,
        synthetic,
        rows,
        placed,
        totals,
        files,
        ..
    } = read;
    let no_rows = rows.is_empty();
    let ledger_rows = inputs.resolve(&name, rows, &instances);
    let mut audit = Audit {
        ledger: Some((name, synthetic)),
        rows: placed,
        recipients_origin: recipients_origins(&instances),
        ..Default::default()
    };
    audit.findings.extend(totals);
    if request.program.is_none() {
        let known: Vec<&str> = inputs.programs.iter().map(|p| p.name.as_str()).collect();
        audit
            .findings
            .extend(check::unknown_programs(&ledger_rows, &known));
    }
    // A ledger kept for some programs says nothing of the others: auditing them would bury its real
    // gaps under every recipient of programs it never meant to cover. Named with --program, or when
    // the ledger is empty, a program is audited all the same.
    for instance in instances
        .iter()
        .filter(|i| !ledger_rows.has_program(&i.program.name))
    {
        if request.program.is_none() && !no_rows {
            audit.not_audited.push(instance.program.name.clone());
        }
    }
    let audited: Vec<&Instance> = instances
        .iter()
        .filter(|i| !audit.not_audited.contains(&i.program.name))
        .collect();
    let mut plans = Vec::new();
    for &instance in &audited {
        plans.push(audit_program(
            instance,
            &instances,
            &ledger_rows,
            request.as_of,
            &mut audit,
        )?);
    }
    // One capacity per helper across the programs that share it (a hospital's person-times).
    let planned: Vec<(&Instance, &Plan)> = audited.iter().copied().zip(&plans).collect();
    audit.findings.extend(check::shared_capacity(&planned));
    if files.len() > 1 {
        audit.per_file = crate::summary::file_counts(&files, &audit.findings);
    }
    drop((planned, audited));
    drop(plans);
    crate::load::drop_aside((instances, ledger_rows));
    Ok(audit)
}

/// Where each row of the pairings stands, with the pair it writes (program, helper, recipient).
fn placed_rows(rows: &[crate::load::PairingRow]) -> Vec<(check::Place, (String, String, String))> {
    rows.iter()
        .map(|r| {
            let place = check::Place {
                file: r.file.to_string(),
                line: r.line,
            };
            (
                place,
                (
                    r.program.clone(),
                    r.helper_id.clone(),
                    r.recipient_id.clone(),
                ),
            )
        })
        .collect()
}

/// A pairings file (or several) read: its rows, and what the audit keeps of its tables.
struct LedgerRead<'p> {
    name: String,
    synthetic: bool,
    rows: crate::validate::ledger::RowsInOrder<'p>,
    /// Each row's place and pair, for `--previous` only.
    placed: Vec<(check::Place, (String, String, String))>,
    /// What each file's 合计 row says against its rows.
    totals: Vec<check::Finding>,
    /// Each file with its count of rows.
    files: Vec<(String, usize)>,
    problems: crate::error::Problems,
}

/// Reads the pairings to audit and their rows; the tables are let go once read.
fn read_ledger<'p>(
    request: &AuditRequest,
    data: &crate::load::Source,
    dataset: &crate::validate::Dataset,
    programs: &'p [crate::validate::ledger::ProgramName],
) -> Result<LedgerRead<'p>, Failure> {
    let tables = ledger_tables(request, data, dataset)?;
    let mut problems = crate::error::Problems::default();
    let mut rows = Vec::new();
    for table in &tables {
        match read_pairings(table) {
            // One file (the usual case) is taken as read, not copied.
            Ok(read) if rows.is_empty() => rows = read,
            Ok(read) => rows.extend(read),
            Err(errors) => errors.0.into_iter().for_each(|p| problems.push(p)),
        }
    }
    let read = LedgerRead {
        name: super::inputs::ledger_name(&tables),
        synthetic: tables.iter().all(crate::validate::labelled_synthetic),
        placed: if request.previous.is_empty() {
            Vec::new()
        } else {
            placed_rows(&rows)
        },
        rows: crate::validate::ledger::RowsInOrder::new(rows, programs),
        // A 合计 row of any file given is compared with its rows.
        totals: tables.iter().flat_map(check::table_totals).collect(),
        files: tables
            .iter()
            .map(|t| (t.file.clone(), t.records.len()))
            .collect(),
        problems,
    };
    crate::load::drop_aside(tables);
    Ok(read)
}

/// The tables of the pairings files and folders named, or of the dataset's own ledger.
fn ledger_tables(
    request: &AuditRequest,
    data: &crate::load::Source,
    dataset: &crate::validate::Dataset,
) -> Result<Vec<crate::load::Table>, Failure> {
    match request.pairings {
        [] => {
            let Some(file) = dataset.spec.ledger.clone() else {
                return Err(Failure::Usage(crate::tr!(
                    "usage-no-ledger",
                    dataset = &dataset.spec.name
                )));
            };
            let mut problems = crate::error::Problems::default();
            let table = data.read_table(&file, &mut problems);
            problems
                .into_result(table)?
                .map(|table| vec![table])
                .ok_or_else(|| Failure::Internal(format!("{file} was not read")))
        }
        paths => {
            let mut problems = crate::error::Problems::default();
            let tables = crate::load::read_pairing_tables(paths, &mut problems);
            Ok(problems.into_result(tables)?)
        }
    }
}

/// Audits one program's rows of the ledger: the rows themselves, the plan they make against every
/// rule (deadlines as of the date given), the data, and the coverage; the plan, for the capacity
/// shared across programs.
fn audit_program(
    instance: &Instance,
    instances: &[Instance],
    ledger_rows: &crate::validate::ledger::Ledger,
    as_of: Option<&str>,
    audit: &mut Audit,
) -> Result<Plan, Failure> {
    // A program that follows another's pairs is checked against that program's ledger rows.
    let followed;
    let instance = match instance.pairs_of() {
        Some((source, _)) => {
            let mut follower = instance.clone();
            if let Some(source) = instances.iter().find(|i| i.program.name == source) {
                follower
                    .follow(source, &ledger_rows.plan(source))
                    .map_err(|pair| Failure::Internal(format!("unmatched pair {pair}")))?;
            }
            followed = follower;
            &followed
        }
        None => instance,
    };
    // Side by side: the data's own findings, the rows' findings, and the plan the rows make.
    let ((data, (rows, twice)), plan) = rayon::join(
        || {
            rayon::join(
                || check::check_data(instance, &PairingGraph::build(instance)),
                || {
                    (
                        check::ledger_findings(instance, ledger_rows),
                        check::claimed_twice(instance, ledger_rows),
                    )
                },
            )
        },
        || ledger_rows.plan(instance),
    );
    audit.findings.extend(rows);
    audit.findings.extend(twice);
    let mut findings = check::check_plan(instance, &plan);
    check::apply_deadline(instance, as_of, &mut findings);
    locate(&mut findings, instance, ledger_rows);
    audit.findings.extend(findings);
    audit.findings.extend(data);
    audit.coverages.push(check::coverage(instance, &plan));
    audit
        .files
        .extend(instance.program.inputs.iter().map(|i| i.file.clone()));
    Ok(plan)
}

/// Gives a rule's finding about one recipient or one helper the row of the ledger it comes from
/// (a recipient's last row: the one paired past what is allowed; a helper's last row: the one past
/// its capacity), so that a planner can find it in the district's file.
fn locate(findings: &mut [Finding], instance: &Instance, ledger: &crate::validate::ledger::Ledger) {
    if findings.iter().all(|f| f.place.is_some()) {
        return;
    }
    // Rows are named by borrowed file names and lines; a place is made only for a finding.
    type Row<'a> = (&'a str, u64);
    let mut last: crate::domain::FastMap<&str, Row> = Default::default();
    // A finding about one pairing (`V1 一村 / E1 甲公司`: off the map) points at that pairing's row.
    let mut pairs: crate::domain::FastMap<(&str, &str), Row> = Default::default();
    for row in ledger
        .rows_of(&instance.program.name)
        .filter(|r| r.problem.is_none())
    {
        let file = if row.file.is_empty() {
            ledger.file.as_str()
        } else {
            &row.file
        };
        let place = (file, row.line);
        pairs
            .entry((row.recipient_id.as_str(), row.helper_id.as_str()))
            .or_insert(place);
        last.insert(row.recipient_id.as_str(), place);
        last.insert(row.helper_id.as_str(), place);
    }
    let first_word = |text: &str| text.split_once(' ').map_or(text, |(id, _)| id).to_string();
    let place = |&(file, line): &Row| check::Place {
        file: file.to_string(),
        line,
    };
    for finding in findings.iter_mut().filter(|f| f.place.is_none()) {
        finding.place = match finding.subject.split_once(" / ") {
            Some((recipient, helper)) => pairs
                .get(&(first_word(recipient).as_str(), first_word(helper).as_str()))
                .map(place),
            None => last.get(first_word(&finding.subject).as_str()).map(place),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_ledger_is_audited_as_synthetic_with_every_program_it_covers() {
        let mut inputs = super::super::inputs::read(None, None, None).unwrap();
        let audit = audit(&mut inputs, &AuditRequest::default()).unwrap();
        let (file, synthetic) = audit.ledger.clone().expect("the dataset's ledger");
        assert!(file.ends_with("pairings-2019.csv") && synthetic, "{file}");
        assert!(!audit.coverages.is_empty());
        // Gaps come first: the findings are sorted.
        let first_note = audit
            .findings
            .iter()
            .position(|f| f.severity == check::Severity::Note)
            .unwrap_or(audit.findings.len());
        assert!(audit.findings[first_note..]
            .iter()
            .all(|f| f.severity == check::Severity::Note));
    }
}
