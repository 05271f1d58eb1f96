//! Target tables without pairing — labour cooperation (劳务协作) and consumption (消费扶贫) — and
//! the check of actual figures against them and their milestones (e.g. half of the consumption
//! target by mid-August, 95% by the end of October).

use std::collections::BTreeMap;

use crate::check::{Finding, FindingKind, Severity};
use crate::error::{InputErrors, InputProblem, Problems};
use crate::load::{Source, Table, TargetTableSpec};
use crate::text::format_number;
use crate::validate::{Dataset, TOTAL_KEY};

/// One target table, read.
#[derive(Debug, Clone)]
pub struct TargetTable {
    /// Its spec.
    pub spec: TargetTableSpec,
    /// Target per (district, indicator).
    pub targets: BTreeMap<(String, String), f64>,
    /// The districts, in the file's order.
    pub districts: Vec<String>,
    /// The indicators (the target columns), in the file's order.
    pub indicator_columns: Vec<String>,
    /// Interim milestones `(date, share)`, sorted by date.
    pub milestones: Vec<(String, f64)>,
}

/// Whether a text is a real date `YYYY-MM-DD`: `2019-02-29` is not (2019 is no leap year).
///
/// ```
/// use pairplan::targets::is_date;
/// assert!(is_date("2020-02-29") && is_date("2019-08-20"));
/// assert!(!is_date("2019-02-29") && !is_date("2019-02-30") && !is_date("2019-13-01") && !is_date("2019-8-20"));
/// ```
pub fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let number = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let [year, month, day] = parts[..] else {
        return false;
    };
    let (Some(year), Some(month), Some(day)) = (number(year, 4), number(month, 2), number(day, 2))
    else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    year >= 1 && (1..=days).contains(&day)
}

/// Reads the dataset's target tables.
pub fn read_targets(data: &Source, dataset: &Dataset) -> Result<Vec<TargetTable>, InputErrors> {
    let mut problems = Problems::default();
    let mut tables = Vec::new();
    for spec in &dataset.spec.targets {
        if !is_date(&spec.due) {
            problems.push(InputProblem::cell(
                &data.display_name("dataset.toml"),
                0,
                "due",
                &spec.due,
                crate::tr!("expected-date"),
            ));
        }
        let mut targets = BTreeMap::new();
        let mut districts = Vec::new();
        let mut indicator_columns = Vec::new();
        if let Some(table) = data.read_table(&spec.file, &mut problems) {
            if table.require_columns(&[&spec.key], &mut problems).is_some() {
                let key = table.column(&spec.key).unwrap_or(0);
                indicator_columns = (0..table.headers.len())
                    .filter(|&c| c != key)
                    .map(|c| table.headers[c].clone())
                    .collect();
                for described in spec.indicators.keys() {
                    if !indicator_columns.contains(described) {
                        problems.push(InputProblem::cell(
                            &data.display_name("dataset.toml"),
                            0,
                            "indicators",
                            described,
                            crate::tr!(
                                "expected-column-of",
                                file = &spec.file,
                                columns = indicator_columns.join(", ")
                            ),
                        ));
                    }
                }
                for record in table.records.iter().filter(|r| r.cells[key] != TOTAL_KEY) {
                    districts.push(record.cells[key].clone());
                    for column in (0..table.headers.len()).filter(|&c| c != key) {
                        if let Some(value) = table.amount(record, column, &mut problems) {
                            targets.insert(
                                (record.cells[key].clone(), table.headers[column].clone()),
                                value,
                            );
                        }
                    }
                }
            }
        }
        let mut milestones = Vec::new();
        if let Some(table) = spec
            .milestones
            .as_ref()
            .and_then(|file| data.read_table(file, &mut problems))
        {
            if let Some(cols) =
                table.require_columns(&["by_date", "share_of_target"], &mut problems)
            {
                for record in &table.records {
                    let date = &record.cells[cols[0]];
                    if !is_date(date) {
                        problems.push(InputProblem::cell(
                            &table.file,
                            record.line,
                            "by_date",
                            date,
                            crate::tr!("expected-date"),
                        ));
                    }
                    if let Some(share) = table.amount(record, cols[1], &mut problems) {
                        milestones.push((date.clone(), share));
                    }
                }
            }
        }
        milestones.sort_by(|a, b| a.0.cmp(&b.0));
        tables.push(TargetTable {
            spec: spec.clone(),
            targets,
            districts,
            indicator_columns,
            milestones,
        });
    }
    problems.into_result(tables)
}

impl TargetTable {
    /// The share of the target due by `as_of` (the whole target when no date is given): the latest
    /// milestone reached, or the whole target once it is due.
    pub fn share_due(&self, as_of: Option<&str>) -> (f64, String) {
        let whole = || crate::tr!("due-whole", due = &self.spec.due);
        let Some(as_of) = as_of else {
            return (1.0, whole());
        };
        if as_of >= self.spec.due.as_str() {
            return (1.0, whole());
        }
        match self
            .milestones
            .iter()
            .rev()
            .find(|(date, _)| date.as_str() <= as_of)
        {
            Some((date, share)) => (
                *share,
                crate::tr!(
                    "due-share",
                    percent = format_number(share * 100.0),
                    date = date
                ),
            ),
            None => (0.0, crate::tr!("due-nothing-yet")),
        }
    }
}

/// Where one district stands on one indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// At or above what is due.
    OnTrack,
    /// Below what is due.
    Behind,
    /// No figure reported.
    NotReported,
}

impl Standing {
    /// The word the report uses.
    pub fn label(self) -> &'static str {
        match self {
            Standing::OnTrack => "on track",
            Standing::Behind => "behind",
            Standing::NotReported => "not reported",
        }
    }
}

/// One district's figure on one indicator of a target table, against what is due.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ActualLine {
    /// The table (`labour`).
    pub table: String,
    /// The district.
    pub district: String,
    /// The indicator (a column of the target table).
    pub indicator: String,
    /// What it counts, in words (来津就业（人）).
    pub meaning: String,
    /// The figure reported (absent: none).
    pub actual: Option<f64>,
    /// What is due by the date (the whole target, or a milestone's share).
    pub due: f64,
    /// The whole target.
    pub target: f64,
    /// Which share is due, in words.
    pub due_by: String,
    /// Where it stands.
    pub standing: Standing,
}

/// The actuals file's required columns.
pub const ACTUALS_COLUMNS: [&str; 4] = ["table", "district", "indicator", "actual"];

/// Compares actual figures (`table, district, indicator, actual`) with the targets due by `as_of`,
/// for the tables in `scope` (every table when empty): a line per district and indicator — on
/// track, behind, or not reported — and a finding for each that is behind or not reported. A row
/// naming an unknown table, district or indicator, or a district twice, is an input problem at its
/// line (with the closest known name).
pub fn audit_actuals(
    tables: &[TargetTable],
    table: &Table,
    as_of: Option<&str>,
    scope: &[String],
) -> Result<(Vec<ActualLine>, Vec<Finding>), InputErrors> {
    let mut problems = Problems::default();
    let file = table;
    let Some(cols) = table.require_columns(&ACTUALS_COLUMNS, &mut problems) else {
        return Err(problems.into_errors());
    };
    let in_scope =
        |t: &TargetTable| scope.is_empty() || scope.iter().any(|name| name == &t.spec.name);
    let known = |what: &str, found: &str, names: Vec<&str>| {
        let hint = crate::text::did_you_mean(found, &names);
        format!("{what} ({}){hint}", names.join(", "))
    };
    let mut reported: BTreeMap<(String, String, String), (f64, u64)> = BTreeMap::new();
    for record in &table.records {
        let cell = |c: usize| record.cells[cols[c]].as_str();
        let problem = |c: usize, expected: String| {
            InputProblem::cell(
                &file.file,
                record.line,
                ACTUALS_COLUMNS[c],
                cell(c),
                expected,
            )
        };
        let Some(target_table) = tables.iter().find(|t| t.spec.name == cell(0)) else {
            let names = tables.iter().map(|t| t.spec.name.as_str()).collect();
            problems.push(problem(
                0,
                known(&crate::tr!("expected-target-table"), cell(0), names),
            ));
            continue;
        };
        if !in_scope(target_table) {
            continue;
        }
        if !target_table.districts.iter().any(|d| d == cell(1)) {
            let names = target_table.districts.iter().map(String::as_str).collect();
            problems.push(problem(
                1,
                known(
                    &crate::tr!("expected-district-of", table = cell(0)),
                    cell(1),
                    names,
                ),
            ));
            continue;
        }
        let indicators: Vec<&str> = target_table
            .indicator_columns
            .iter()
            .map(String::as_str)
            .collect();
        if !indicators.contains(&cell(2)) {
            problems.push(problem(
                2,
                known(
                    &crate::tr!("expected-indicator-of", table = cell(0)),
                    cell(2),
                    indicators,
                ),
            ));
            continue;
        }
        let Some(actual) = table.amount(record, cols[3], &mut problems) else {
            continue;
        };
        let key = (
            cell(0).to_string(),
            cell(1).to_string(),
            cell(2).to_string(),
        );
        if let Some(&(_, first)) = reported.get(&key) {
            problems.push(problem(
                2,
                crate::tr!(
                    "expected-one-figure",
                    district = cell(1),
                    indicator = cell(2),
                    first = first
                ),
            ));
            continue;
        }
        reported.insert(key, (actual, record.line));
    }
    let mut lines = Vec::new();
    let mut findings = Vec::new();
    for target_table in tables.iter().filter(|t| in_scope(t)) {
        let (share, due_by) = target_table.share_due(as_of);
        let cells = target_table.districts.iter().flat_map(|d| {
            target_table
                .indicator_columns
                .iter()
                .map(move |i| (d.clone(), i.clone()))
        });
        for (district, indicator) in cells {
            let Some(&full) = target_table
                .targets
                .get(&(district.clone(), indicator.clone()))
            else {
                continue;
            };
            let due = full * share;
            let key = (
                target_table.spec.name.clone(),
                district.clone(),
                indicator.clone(),
            );
            let actual = reported.get(&key).map(|&(a, _)| a);
            let standing = match actual {
                None => Standing::NotReported,
                Some(a) if a + 1e-9 < due => Standing::Behind,
                Some(_) => Standing::OnTrack,
            };
            let meaning = target_table
                .spec
                .indicators
                .get(&indicator)
                .cloned()
                .unwrap_or_default();
            let named = if meaning.is_empty() {
                format!("'{indicator}'")
            } else {
                crate::tr!(
                    "indicator-named",
                    indicator = &indicator,
                    meaning = &meaning
                )
            };
            match (standing, actual) {
                (Standing::Behind, Some(actual)) => findings.push(Finding {
                    kind: FindingKind::BehindTarget,
                    severity: Severity::Gap,
                    clause: target_table.spec.source.clone(),
                    program: target_table.spec.name.clone(),
                    subject: format!("{district} {indicator}"),
                    expected: Some(due),
                    actual: Some(actual),
                    message: crate::tr!(
                        "finding-behind",
                        district = &district,
                        title = &target_table.spec.title,
                        indicator = &named,
                        actual = format_number(actual),
                        due = format_number(due),
                        by = &due_by,
                        target = format_number(full)
                    ),
                }),
                (Standing::NotReported, _) => findings.push(Finding {
                    kind: FindingKind::NotReported,
                    // A figure not yet due is asked for, not missed.
                    severity: if due > 0.0 {
                        Severity::Gap
                    } else {
                        Severity::Note
                    },
                    clause: target_table.spec.source.clone(),
                    program: target_table.spec.name.clone(),
                    subject: format!("{district} {indicator}"),
                    expected: Some(due),
                    actual: None,
                    message: crate::tr!(
                        "finding-not-reported",
                        district = &district,
                        title = &target_table.spec.title,
                        indicator = &named,
                        file = &file.file,
                        due = format_number(due),
                        by = &due_by
                    ),
                }),
                _ => {}
            }
            lines.push(ActualLine {
                table: target_table.spec.name.clone(),
                district: district.clone(),
                indicator: indicator.clone(),
                meaning,
                actual,
                due,
                target: full,
                due_by: due_by.clone(),
                standing,
            });
        }
    }
    problems.into_result((lines, findings))
}
