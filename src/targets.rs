//! Target tables without pairing — labour cooperation (劳务协作) and consumption (消费扶贫) — and
//! the check of actual figures against them and their milestones (e.g. half of the consumption
//! target by mid-August, 95% by the end of October).

use std::collections::BTreeMap;

use crate::check::{Finding, FindingKind, Severity};
use crate::error::{InputErrors, InputProblem, Problems};
use crate::load::{Source, Table, TargetTableSpec, TextFile};
use crate::text::format_number;
use crate::validate::{Dataset, TOTAL_KEY};

/// One target table, read.
#[derive(Debug, Clone)]
pub struct TargetTable {
    /// Its spec.
    pub spec: TargetTableSpec,
    /// Target per (district, indicator).
    pub targets: BTreeMap<(String, String), f64>,
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
                "a date YYYY-MM-DD",
            ));
        }
        let mut targets = BTreeMap::new();
        if let Some(table) = data.read_table(&spec.file, &mut problems) {
            if table.require_columns(&[&spec.key], &mut problems).is_some() {
                let key = table.column(&spec.key).unwrap_or(0);
                for record in table.records.iter().filter(|r| r.cells[key] != TOTAL_KEY) {
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
                            "a date YYYY-MM-DD",
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
            milestones,
        });
    }
    problems.into_result(tables)
}

impl TargetTable {
    /// The share of the target due by `as_of` (the whole target when no date is given): the latest
    /// milestone reached, or the whole target once it is due.
    pub fn share_due(&self, as_of: Option<&str>) -> (f64, String) {
        let Some(as_of) = as_of else {
            return (1.0, format!("the whole target, due {}", self.spec.due));
        };
        if as_of >= self.spec.due.as_str() {
            return (1.0, format!("the whole target, due {}", self.spec.due));
        }
        match self
            .milestones
            .iter()
            .rev()
            .find(|(date, _)| date.as_str() <= as_of)
        {
            Some((date, share)) => (
                *share,
                format!("{}% of the target by {date}", format_number(share * 100.0)),
            ),
            None => (0.0, "nothing due yet".to_string()),
        }
    }
}

/// Compares actual figures (`table, district, indicator, actual`) with the targets due by `as_of`.
/// Rows naming an unknown table, district or indicator are `unknown_reference` findings.
pub fn check_actuals(
    tables: &[TargetTable],
    file: &TextFile,
    as_of: Option<&str>,
) -> Result<Vec<Finding>, InputErrors> {
    let mut problems = Problems::default();
    let table = Table::parse(file, &mut problems);
    let Some(cols) =
        table.require_columns(&["table", "district", "indicator", "actual"], &mut problems)
    else {
        return Err(problems.into_errors());
    };
    let mut findings = Vec::new();
    for record in &table.records {
        let Some(actual) = table.amount(record, cols[3], &mut problems) else {
            continue;
        };
        let (name, district, indicator) = (
            &record.cells[cols[0]],
            &record.cells[cols[1]],
            &record.cells[cols[2]],
        );
        let target = tables.iter().find(|t| &t.spec.name == name).and_then(|t| {
            t.targets
                .get(&(district.clone(), indicator.clone()))
                .map(|v| (t, *v))
        });
        let Some((target_table, full)) = target else {
            let known: Vec<String> = tables.iter().map(|t| t.spec.name.clone()).collect();
            let districts: std::collections::BTreeSet<&str> = tables
                .iter()
                .flat_map(|t| t.targets.keys().map(|(d, _)| d.as_str()))
                .collect();
            let districts: Vec<&str> = districts.into_iter().collect();
            let hint = match crate::text::closest(district, &districts, 1).first() {
                Some(close) if !districts.contains(&district.as_str()) => {
                    format!("; did you mean {close}?")
                }
                _ => String::new(),
            };
            findings.push(Finding {
                kind: FindingKind::UnknownReference,
                severity: Severity::Gap,
                clause: String::new(),
                program: name.clone(),
                subject: format!("{}:{}", file.name, record.line),
                expected: None,
                actual: Some(actual),
                message: format!(
                    "{}:{}: no target '{indicator}' of {district} in table '{name}' (tables: {}){hint}",
                    file.name,
                    record.line,
                    known.join(", ")
                ),
            });
            continue;
        };
        let (share, due) = target_table.share_due(as_of);
        let required = full * share;
        if actual + 1e-9 < required {
            findings.push(Finding {
                kind: FindingKind::BehindTarget,
                severity: Severity::Gap,
                clause: target_table.spec.source.clone(),
                program: name.clone(),
                subject: format!("{district} {indicator}"),
                expected: Some(required),
                actual: Some(actual),
                message: format!(
                    "{district} {} '{indicator}': {} so far, behind the {} due ({due}; full target {})",
                    target_table.spec.title,
                    format_number(actual),
                    format_number(required),
                    format_number(full)
                ),
            });
        }
    }
    problems.into_result(findings)
}
