//! Target tables without pairing — labour cooperation (劳务协作) and consumption (消费扶贫) — and
//! the check of actual figures against them and their milestones (e.g. half of the consumption
//! target by mid-August, 95% by the end of October).

use std::collections::BTreeMap;

use crate::check::{Finding, FindingKind, Severity};
use crate::domain::TargetReading;
use crate::error::{InputErrors, InputProblem, Problems};
use crate::load::{Source, SubjectsSpec, Table, TargetTableSpec};
use crate::text::format_number;
use crate::validate::{Dataset, TOTAL_KEY};

/// The subject whose figures are the whole city's (全市).
pub const CITY: &str = "天津市";

/// One target table, read: every requirement expanded to the subjects it names.
#[derive(Debug, Clone)]
pub struct TargetTable {
    /// Its spec.
    pub spec: TargetTableSpec,
    /// Each requirement on one subject's indicator, in the order declared (a per-district table's
    /// cells first).
    pub requirements: Vec<Requirement>,
    /// The subjects one may report for, in order: districts, counties, district–county pairs, units,
    /// regions, the city.
    pub subjects: Vec<Subject>,
    /// The indicators, in the order declared.
    pub indicator_columns: Vec<String>,
    /// Interim milestones `(date, share)`, sorted by date.
    pub milestones: Vec<(String, f64)>,
    /// Where the parts' floors add up past the city's own floor (各区 60 × 16 + 市人社局 300 = 1260
    /// against 1200 in all): not a disagreement, since meeting the parts meets the city's, but
    /// worth saying where the table is shown.
    pub notes: Vec<String>,
}

impl TargetTable {
    /// An indicator by its key (`trained`) or by what it counts (培训创业致富带头人（人）), as a
    /// workbook in Chinese writes it; anything else as written.
    pub fn indicator_named<'a>(&'a self, written: &'a str) -> &'a str {
        let written = written.trim();
        // Compared as the reader compares them: 来津就业（人） and 来津就业(人) are one name.
        let key = crate::text::name_key(written);
        self.spec
            .indicators
            .iter()
            .find(|(_, meaning)| crate::text::name_key(meaning) == key)
            .map_or(written, |(key, _)| key.as_str())
    }
}

/// Who reports a figure: a district, a county, a district–county pair (`和平区/镇原县`), a unit, a
/// region, or the city.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    /// As actuals files write it.
    pub name: String,
    /// The district that answers for it (a county's paired district); empty for a city unit or
    /// the city.
    pub district: String,
}

/// How a figure is bounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    /// 不少于 — at least.
    AtLeast,
    /// 超过, 余 — more than.
    MoreThan,
    /// 不超过 — at most (a rate of subsidy).
    AtMost,
}

impl Comparison {
    /// The comparison as a symbol (`≥`, `>`, `≤`).
    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::AtLeast => "≥",
            Comparison::MoreThan => ">",
            Comparison::AtMost => "≤",
        }
    }
}

/// One subject's indicator, bounded: `value`, or `value` × the figure of `share_of`.
#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    /// Who reports it.
    pub subject: String,
    /// The indicator.
    pub indicator: String,
    /// How the figure compares with the bound.
    pub comparison: Comparison,
    /// The bound, or the share of `share_of`.
    pub value: f64,
    /// The indicator the bound is a share of.
    pub share_of: Option<String>,
    /// What that indicator counts, in the table's words (培训创业致富带头人（人）); its key when
    /// the table does not say.
    pub share_of_words: Option<String>,
    /// Whether that indicator's figure is the city's (a national average), not the subject's.
    pub share_of_city: bool,
    /// When it is due.
    pub due: String,
    /// The seed clause.
    pub clause: String,
    /// When the subject reports no figure: the subjects whose figures add up to it (or, with
    /// `average`, whose figures are averaged).
    pub sum_of: Vec<String>,
    /// Whether the figure is the average of `sum_of`'s (县均), not their sum.
    pub average: bool,
    /// How firmly the seed states it (a floor, 力争, 预计, 已…).
    pub reading: TargetReading,
}

impl Requirement {
    /// The bound in symbols and the table's words: `≥ 150`, `> 50`,
    /// `≥ 30% × 培训创业致富带头人（人）`, `≤ 10 × 劳务协作服务工作站（个）`.
    /// An estimate reads `预计 200`, a figure recorded as done `已完成 20.57`, a stretch target
    /// `力争 ≥ 5.5`.
    pub fn bound_text(&self) -> String {
        let symbol = self.comparison.symbol();
        let bound = match &self.share_of_words {
            Some(of) if self.value < 1.0 => {
                format!("{symbol} {}% × {of}", format_number(self.value * 100.0))
            }
            Some(of) => format!("{symbol} {} × {of}", format_number(self.value)),
            None => format!("{symbol} {}", format_number(self.value)),
        };
        let value = format_number(self.value);
        match self.reading {
            TargetReading::Firm => bound,
            TargetReading::Stretch => crate::tr!("reading-stretch", bound = bound),
            TargetReading::Estimate => crate::tr!("reading-estimate", value = value),
            TargetReading::Done => crate::tr!("reading-done", value = value),
        }
    }
}

use crate::text::is_date;

/// Reads the dataset's target tables: each per-district table and each `[[targets.require]]`,
/// expanded to the subjects it names.
pub fn read_targets(data: &Source, dataset: &Dataset) -> Result<Vec<TargetTable>, InputErrors> {
    let mut problems = Problems::default();
    let manifest = data.display_name("dataset.toml");
    let mut tables = Vec::new();
    for spec in &dataset.spec.targets {
        let bad = |field: &str, value: &str, expected: String| {
            InputProblem::cell(&manifest, 0, field, value, expected)
        };
        if !is_date(&spec.due) {
            problems.push(bad("due", &spec.due, crate::tr!("expected-iso-date")));
        }
        let mut table = TargetTable {
            spec: spec.clone(),
            requirements: Vec::new(),
            subjects: Vec::new(),
            indicator_columns: Vec::new(),
            milestones: Vec::new(),
            notes: Vec::new(),
        };
        match (&spec.file, &spec.key) {
            (Some(file), Some(key)) => {
                read_district_table(data, file, key, &mut table, &mut problems)
            }
            (None, None) if !spec.require.is_empty() => {}
            _ => problems.push(bad(
                "file",
                spec.file.as_deref().unwrap_or(""),
                crate::tr!("expected-target-source", table = &spec.name),
            )),
        }
        for requirement in &spec.require {
            expand_requirement(dataset, requirement, &mut table, &mut problems, &bad);
        }
        for described in spec.indicators.keys() {
            if !table.indicator_columns.contains(described) {
                problems.push(bad(
                    "indicators",
                    described,
                    crate::tr!(
                        "expected-column-of",
                        file = spec.file.as_deref().unwrap_or(&spec.name),
                        columns = table.indicator_columns.join(", ")
                    ),
                ));
            }
        }
        table.milestones = read_milestones(data, spec, &mut problems);
        table.notes = floors_above_city(&table);
        tables.push(table);
    }
    problems.into_result(tables)
}

/// A per-district table as the seed prints one: a row per district, a column per indicator, each
/// cell the district's target.
fn read_district_table(
    data: &Source,
    file: &str,
    key: &str,
    table: &mut TargetTable,
    problems: &mut Problems,
) {
    let Some(rows) = data.read_table(file, problems) else {
        return;
    };
    if rows.require_columns(&[key], problems).is_none() {
        return;
    }
    let key = rows.column(key).unwrap_or(0);
    table.indicator_columns = (0..rows.headers.len())
        .filter(|&c| c != key)
        .map(|c| rows.headers[c].clone())
        .collect();
    for record in rows.records.iter().filter(|r| &r.cells[key] != TOTAL_KEY) {
        let district = &record.cells[key];
        add_subject(table, district, district);
        for column in (0..rows.headers.len()).filter(|&c| c != key) {
            if let Some(value) = rows.amount(record, column, problems) {
                table.requirements.push(Requirement {
                    subject: district.to_string(),
                    indicator: rows.headers[column].clone(),
                    comparison: Comparison::AtLeast,
                    value,
                    share_of: None,
                    share_of_words: None,
                    share_of_city: false,
                    due: table.spec.due.clone(),
                    clause: table.spec.source.clone(),
                    sum_of: Vec::new(),
                    average: false,
                    reading: TargetReading::Firm,
                });
            }
        }
    }
}

fn add_subject(table: &mut TargetTable, name: &str, district: &str) {
    if !table.subjects.iter().any(|s| s.name == name) {
        table.subjects.push(Subject {
            name: name.to_string(),
            district: district.to_string(),
        });
    }
}

/// The subjects a scope names, each with the district that answers for it.
fn subjects_of(
    dataset: &Dataset,
    subjects: &SubjectsSpec,
    (provinces, deep_poverty): (&[String], Option<bool>),
) -> Result<Vec<Subject>, String> {
    let district_of =
        |county: &crate::domain::County| dataset.districts[county.paired_district.0].name.clone();
    let counties = || {
        dataset
            .counties
            .iter()
            .filter(|c| provinces.is_empty() || provinces.contains(&c.province))
            .filter(|c| deep_poverty.is_none_or(|flag| c.deep_poverty == flag))
    };
    let subject = |name: String, district: String| Subject { name, district };
    Ok(match subjects {
        SubjectsSpec::Scope(scope) => match scope.as_str() {
            "city" => vec![subject(CITY.to_string(), String::new())],
            "districts" => dataset
                .districts
                .iter()
                .map(|d| subject(d.name.clone(), d.name.clone()))
                .collect(),
            "counties" => counties()
                .map(|c| subject(c.name.clone(), district_of(c)))
                .collect(),
            "district_counties" => {
                // Grouped by district, in the districts' order: how a district office reads them.
                let mut pairs: Vec<Subject> = counties()
                    .map(|c| subject(format!("{}/{}", district_of(c), c.name), district_of(c)))
                    .collect();
                let rank = |name: &str| dataset.districts.iter().position(|d| d.name == name);
                pairs.sort_by_key(|s| rank(&s.district));
                pairs
            }
            _ => return Err(scope.clone()),
        },
        SubjectsSpec::Named(names) => names
            .iter()
            .map(|name| {
                let district = dataset
                    .districts
                    .iter()
                    .find(|d| &d.name == name)
                    .map(|d| d.name.clone())
                    .or_else(|| {
                        dataset
                            .counties
                            .iter()
                            .find(|c| &c.name == name)
                            .map(district_of)
                    })
                    .unwrap_or_default();
                subject(name.clone(), district)
            })
            .collect(),
    })
}

/// One `[[targets.require]]`, checked and expanded to a requirement per subject.
fn expand_requirement(
    dataset: &Dataset,
    spec: &crate::load::RequirementSpec,
    table: &mut TargetTable,
    problems: &mut Problems,
    bad: &dyn Fn(&str, &str, String) -> InputProblem,
) {
    let scopes = "city, districts, counties, district_counties, [names]";
    let Some(bound) = one_bound(spec, &table.spec.name, problems, bad) else {
        return;
    };
    check_indicators(spec, table, problems, bad);
    let due = spec.due.clone().unwrap_or_else(|| table.spec.due.clone());
    if !is_date(&due) {
        problems.push(bad("due", &due, crate::tr!("expected-iso-date")));
    }
    check_provinces(dataset, spec, problems, bad);
    let expand = |subjects: &SubjectsSpec| {
        subjects_of(dataset, subjects, (&spec.provinces, spec.deep_poverty)).map_err(|scope| {
            bad(
                "for",
                &scope,
                crate::tr!("expected-subjects", scopes = scopes),
            )
        })
    };
    if spec.sum_of.is_some() && spec.mean_of.is_some() {
        problems.push(bad(
            "mean_of",
            &spec.indicator,
            crate::tr!("expected-sum-or-mean"),
        ));
        return;
    }
    let parts = spec.sum_of.as_ref().or(spec.mean_of.as_ref());
    let sum_of = match parts.map(expand).transpose() {
        Ok(parts) => parts.unwrap_or_default(),
        Err(problem) => {
            problems.push(problem);
            return;
        }
    };
    let subjects = match expand(&spec.subjects) {
        Ok(subjects) => subjects,
        Err(problem) => {
            problems.push(problem);
            return;
        }
    };
    add_requirements(table, spec, (bound, due), &sum_of, subjects);
}

/// The requirement's one bound (`at_least`, `more_than` or `at_most`): none or several is a
/// problem, for the requirement would not say what it asks.
fn one_bound(
    spec: &crate::load::RequirementSpec,
    table: &str,
    problems: &mut Problems,
    bad: &dyn Fn(&str, &str, String) -> InputProblem,
) -> Option<(Comparison, f64)> {
    let bounds = [
        (Comparison::AtLeast, spec.at_least),
        (Comparison::MoreThan, spec.more_than),
        (Comparison::AtMost, spec.at_most),
    ];
    let given: Vec<(Comparison, f64)> = bounds
        .iter()
        .filter_map(|&(c, v)| v.map(|v| (c, v)))
        .collect();
    let [bound] = given[..] else {
        problems.push(bad(
            "require",
            &spec.indicator,
            crate::tr!("expected-one-bound", table = table),
        ));
        return None;
    };
    Some(bound)
}

/// Reports each indicator a requirement names that its table does not describe.
fn check_indicators(
    spec: &crate::load::RequirementSpec,
    table: &TargetTable,
    problems: &mut Problems,
    bad: &dyn Fn(&str, &str, String) -> InputProblem,
) {
    if !table.spec.indicators.contains_key(&spec.indicator) {
        problems.push(bad(
            "indicator",
            &spec.indicator,
            crate::tr!("expected-described-indicator", table = &table.spec.name),
        ));
    }
    if let Some(of) = &spec.share_of {
        if !table.spec.indicators.contains_key(of) {
            problems.push(bad(
                "share_of",
                of,
                crate::tr!("expected-described-indicator", table = &table.spec.name),
            ));
        }
    }
}

/// Reports each province a requirement limits itself to that is not on the pairing map.
fn check_provinces(
    dataset: &Dataset,
    spec: &crate::load::RequirementSpec,
    problems: &mut Problems,
    bad: &dyn Fn(&str, &str, String) -> InputProblem,
) {
    for province in &spec.provinces {
        if !dataset.counties.iter().any(|c| &c.province == province) {
            problems.push(bad(
                "provinces",
                province,
                crate::tr!("expected-province-of-map"),
            ));
        }
    }
}

/// Adds a checked requirement to the table: its subjects (and the parts it sums, and the city its
/// share is of), its indicators as columns, and one requirement per subject.
fn add_requirements(
    table: &mut TargetTable,
    spec: &crate::load::RequirementSpec,
    ((comparison, value), due): ((Comparison, f64), String),
    sum_of: &[Subject],
    subjects: Vec<Subject>,
) {
    for part in sum_of {
        add_subject(table, &part.name, &part.district);
    }
    for indicator in std::iter::once(&spec.indicator).chain(&spec.share_of) {
        if !table.indicator_columns.contains(indicator) {
            table.indicator_columns.push(indicator.clone());
        }
    }
    if spec.share_of_city {
        add_subject(table, CITY, "");
    }
    for subject in subjects {
        add_subject(table, &subject.name, &subject.district);
        table.requirements.push(Requirement {
            subject: subject.name,
            indicator: spec.indicator.clone(),
            comparison,
            value,
            share_of: spec.share_of.clone(),
            share_of_words: spec.share_of.as_ref().map(|of| {
                table
                    .spec
                    .indicators
                    .get(of)
                    .cloned()
                    .unwrap_or_else(|| of.clone())
            }),
            share_of_city: spec.share_of_city,
            due: due.clone(),
            clause: spec.source.clone(),
            sum_of: sum_of.iter().map(|s| s.name.clone()).collect(),
            average: spec.mean_of.is_some(),
            reading: spec.reading,
        });
    }
}

/// Where the seed's floors for the parts add up to more than the floor it sets for the whole city
/// (各区 60 × 16 + 市人社局 300 = 1260 against 1200): no disagreement — floors above a floor only
/// make it easier to reason about — but said where the table is shown, so nobody sums them by hand.
fn floors_above_city(table: &TargetTable) -> Vec<String> {
    let floor = |r: &Requirement| {
        r.share_of.is_none()
            && !r.average
            && r.reading == TargetReading::Firm
            && matches!(r.comparison, Comparison::AtLeast | Comparison::MoreThan)
    };
    let mut found = Vec::new();
    for city in table
        .requirements
        .iter()
        .filter(|r| r.subject == CITY && floor(r))
    {
        let parts: Vec<&Requirement> = table
            .requirements
            .iter()
            .filter(|r| r.indicator == city.indicator && r.subject != CITY && floor(r))
            .filter(|r| city.sum_of.is_empty() || city.sum_of.contains(&r.subject))
            .collect();
        let sum: f64 = parts.iter().map(|r| r.value).sum();
        if !parts.is_empty() && sum > city.value + 1e-9 {
            found.push(crate::tr!(
                "target-floors-above-city",
                table = crate::i18n::in_words(&table.spec.name, &table.spec.title),
                indicator = crate::i18n::in_words(
                    &city.indicator,
                    table
                        .spec
                        .indicators
                        .get(&city.indicator)
                        .map_or("", String::as_str)
                ),
                count = parts.len(),
                sum = format_number(sum),
                city = format_number(city.value),
                clause = &city.clause
            ));
        }
    }
    found
}

fn read_milestones(
    data: &Source,
    spec: &TargetTableSpec,
    problems: &mut Problems,
) -> Vec<(String, f64)> {
    let mut milestones = Vec::new();
    if let Some(table) = spec
        .milestones
        .as_ref()
        .and_then(|file| data.read_table(file, problems))
    {
        if let Some(cols) = table.require_columns(&["by_date", "share_of_target"], problems) {
            for record in &table.records {
                let date = &record.cells[cols[0]];
                if !is_date(date) {
                    problems.push(InputProblem::cell(
                        &table.file,
                        record.line,
                        "by_date",
                        date,
                        crate::tr!("expected-iso-date"),
                    ));
                }
                if let Some(share) = table.amount(record, cols[1], problems) {
                    milestones.push((date.to_string(), share));
                }
            }
        }
    }
    milestones.sort_by(|a, b| a.0.cmp(&b.0));
    milestones
}

impl TargetTable {
    /// The share of a target due on `due` that is due by `as_of` (the whole target when no date is
    /// given): the latest milestone reached, or the whole target once it is due.
    pub fn share_due(&self, due: &str, as_of: Option<&str>) -> (f64, String) {
        let whole = || crate::tr!("due-whole", due = due);
        let Some(as_of) = as_of else {
            return (1.0, whole());
        };
        if as_of >= due {
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

    /// The district that answers for a subject (empty for a unit or the city).
    pub fn district_of(&self, subject: &str) -> &str {
        self.subjects
            .iter()
            .find(|s| s.name == subject)
            .map_or("", |s| s.district.as_str())
    }

    /// What an indicator counts, in words (empty when the table does not say).
    pub fn meaning(&self, indicator: &str) -> String {
        self.spec
            .indicators
            .get(indicator)
            .cloned()
            .unwrap_or_default()
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
    /// Below a 力争 target.
    BehindStretch,
    /// Below what the seed estimates (预计).
    BelowEstimate,
    /// Below what the seed records as done (已拨付): the figures disagree.
    BelowRecorded,
    /// No figure reported.
    NotReported,
}

impl Standing {
    /// The word the report uses.
    pub fn label(self) -> &'static str {
        match self {
            Standing::OnTrack => "on track",
            Standing::Behind => "behind",
            Standing::BehindStretch => "behind the stretch target",
            Standing::BelowEstimate => "below the estimate",
            Standing::BelowRecorded => "below the figure recorded",
            Standing::NotReported => "not reported",
        }
    }

    /// Where a figure below its bound stands, by how firmly the bound is stated.
    fn as_read(self, reading: TargetReading) -> Self {
        if self != Standing::Behind {
            return self;
        }
        match reading {
            TargetReading::Firm => Standing::Behind,
            TargetReading::Stretch => Standing::BehindStretch,
            TargetReading::Estimate => Standing::BelowEstimate,
            TargetReading::Done => Standing::BelowRecorded,
        }
    }

    /// Whether it is a shortfall (of any reading), not on track nor unreported.
    pub fn is_short(self) -> bool {
        matches!(
            self,
            Standing::Behind
                | Standing::BehindStretch
                | Standing::BelowEstimate
                | Standing::BelowRecorded
        )
    }

    /// Where a subject stands, in the reader's language.
    pub fn title(self) -> String {
        match self {
            Standing::OnTrack => crate::tr!("standing-on-track"),
            Standing::Behind => crate::tr!("standing-behind"),
            Standing::BehindStretch => crate::tr!("standing-behind-stretch"),
            Standing::BelowEstimate => crate::tr!("standing-below-estimate"),
            Standing::BelowRecorded => crate::tr!("standing-below-recorded"),
            Standing::NotReported => crate::tr!("standing-not-reported"),
        }
    }
}

/// One subject's figure on one indicator of a target table, against what is due.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ActualLine {
    /// The table (`labour`).
    pub table: String,
    /// Who reports it: a district, a county, `和平区/镇原县`, a unit, a region or 天津市.
    pub subject: String,
    /// The district that answers for it (empty for a city unit or the city).
    pub district: String,
    /// The indicator.
    pub indicator: String,
    /// What it counts, in words (来津就业（人）).
    pub meaning: String,
    /// The figure reported, or the sum of its parts' figures (absent: none).
    pub actual: Option<f64>,
    /// What is due by the date (the whole target, or a milestone's share).
    pub due: f64,
    /// The whole target.
    pub target: f64,
    /// The bound in symbols (`≥ 150`, `≥ 30% × trained`).
    pub bound: String,
    /// Which share is due, in words.
    pub due_by: String,
    /// The seed clause that sets it.
    pub clause: String,
    /// Where it stands.
    pub standing: Standing,
}

/// The `table` words of an actuals row that reports a calendar task done rather than a figure
/// (`calendar, 西青区, culture-tourism-fair-2019, 2019-08-20`): `due` reads those rows, the
/// target tables leave them.
pub const TASK_ROW_TABLES: [&str; 2] = ["calendar", "日程"];

/// Whether an actuals row's `table` cell marks a calendar task's row.
pub fn is_task_row(table: &str) -> bool {
    TASK_ROW_TABLES
        .iter()
        .any(|word| word.eq_ignore_ascii_case(table.trim()))
}

/// The actuals file's required columns (the subject's column may also be called `district`, as the
/// per-district tables' files were).
pub const ACTUALS_COLUMNS: [&str; 4] = ["table", "subject", "indicator", "actual"];

/// An actuals file's required columns as it names them: the subject's may be called `district`,
/// as the per-district tables' files were.
pub fn actuals_columns(table: &crate::load::Table) -> [&'static str; 4] {
    let mut columns = ACTUALS_COLUMNS;
    if table.column("subject").is_none() && table.column("district").is_some() {
        columns[1] = "district";
    }
    columns
}

/// Compares actual figures (`table, subject, indicator, actual`) with the targets due by `as_of`, for
/// the tables in `scope` (every table when empty): a line per requirement — on track, behind, or not
/// reported — and a finding for each that is behind or not reported. A row naming an unknown table,
/// subject or indicator, or a figure twice, is an input problem at its line (with the closest known
/// name); an empty `actual` is no figure (a template row not filled in).
pub fn audit_actuals(
    tables: &[TargetTable],
    table: &Table,
    as_of: Option<&str>,
    scope: &[String],
) -> Result<(Vec<ActualLine>, Vec<Finding>), InputErrors> {
    let mut problems = Problems::default();
    let columns = actuals_columns(table);
    let Some(cols) = table.require_columns(&columns, &mut problems) else {
        return Err(problems.into_errors());
    };
    let in_scope =
        |t: &TargetTable| scope.is_empty() || scope.iter().any(|name| name == &t.spec.name);
    let actuals = ActualsFile {
        table,
        columns,
        cols,
    };
    let mut reported = Reported::new();
    for record in &table.records {
        actuals.read_row(record, tables, &in_scope, &mut reported, &mut problems);
    }
    let mut lines = Vec::new();
    let mut findings = Vec::new();
    for target_table in tables.iter().filter(|t| in_scope(t)) {
        for requirement in &target_table.requirements {
            let judged = Judged::of(target_table, requirement, &reported, as_of);
            findings.extend(judged.finding(&table.file));
            lines.push(judged.into_line());
        }
    }
    problems.into_result((lines, findings))
}

/// The figures an actuals file reports: (table, subject, indicator) → (figure, line).
type Reported = BTreeMap<(String, String, String), (f64, u64)>;

/// An actuals file, with where its required columns are.
struct ActualsFile<'a> {
    table: &'a Table,
    /// The required columns' names as the file has them.
    columns: [&'a str; 4],
    /// Their indices.
    cols: Vec<usize>,
}

impl ActualsFile<'_> {
    /// Records one row's figure, unless the row is out of scope or leaves it empty; a row naming
    /// what no table knows, or a figure given twice, is a problem at its line.
    fn read_row(
        &self,
        record: &crate::load::Record,
        tables: &[TargetTable],
        in_scope: &dyn Fn(&TargetTable) -> bool,
        reported: &mut Reported,
        problems: &mut Problems,
    ) {
        let cell = |c: usize| &record.cells[self.cols[c]];
        let problem = |c: usize, expected: String| {
            InputProblem::cell(
                &self.table.file,
                record.line,
                self.columns[c],
                cell(c),
                expected,
            )
        };
        if is_task_row(cell(0)) {
            return;
        }
        // A table by its name, in any case, or by its title (劳务协作重点考核指标), as programs are.
        let Some(target_table) = tables.iter().find(|t| {
            t.spec.name.eq_ignore_ascii_case(cell(0).trim())
                || crate::text::name_key(&t.spec.title) == crate::text::name_key(cell(0).trim())
        }) else {
            let names: Vec<String> = tables
                .iter()
                .map(|t| crate::i18n::in_words(&t.spec.name, &t.spec.title))
                .collect();
            problems.push(problem(
                0,
                known_names(
                    &crate::tr!("expected-target-table"),
                    cell(0),
                    names.iter().map(String::as_str).collect(),
                ),
            ));
            return;
        };
        if !in_scope(target_table) {
            return;
        }
        let indicator = target_table.indicator_named(cell(2));
        if let Some((c, expected)) = unknown_subject_or_indicator(target_table, cell(1), indicator)
        {
            problems.push(problem(c, expected));
            return;
        }
        if cell(3).is_empty() {
            return;
        }
        let Some(actual) = self.table.amount(record, self.cols[3], problems) else {
            return;
        };
        let key = (
            target_table.spec.name.clone(),
            cell(1).to_string(),
            indicator.to_string(),
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
            return;
        }
        reported.insert(key, (actual, record.line));
    }
}

/// What was expected of a name no table knows: `what`, the names known, and the closest.
fn known_names(what: &str, found: &str, names: Vec<&str>) -> String {
    let hint = crate::text::did_you_mean(found, &names);
    crate::tr!(
        "expected-among",
        what = what,
        names = names.join(crate::i18n::list_separator()),
        hint = hint
    )
}

/// The column (of the actuals' four) and the problem of a row whose subject or indicator its
/// table does not have, if it has either wrong.
fn unknown_subject_or_indicator(
    target_table: &TargetTable,
    subject: &str,
    indicator: &str,
) -> Option<(usize, String)> {
    let table = target_table.spec.name.as_str();
    if !target_table.subjects.iter().any(|s| s.name == subject) {
        let names = target_table
            .subjects
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        return Some((
            1,
            known_names(
                &crate::tr!("expected-district-of", table = table),
                subject,
                names,
            ),
        ));
    }
    let indicators: Vec<&str> = target_table
        .indicator_columns
        .iter()
        .map(String::as_str)
        .collect();
    (!indicators.contains(&indicator)).then(|| {
        (
            2,
            known_names(
                &crate::tr!("expected-indicator-of", table = table),
                indicator,
                indicators,
            ),
        )
    })
}

/// The figure reported for a subject's indicator: its own, else the sum of its parts' (absent
/// when neither is reported), or with `average` their mean, once every part has reported (an
/// average of those who reported would flatter the rest).
fn reported_figure(
    reported: &Reported,
    (table, subject, indicator): (&str, &str, &str),
    parts: &[String],
    average: bool,
) -> Option<f64> {
    let own = |s: &str| {
        reported
            .get(&(table.to_string(), s.to_string(), indicator.to_string()))
            .map(|&(a, _)| a)
    };
    own(subject).or_else(|| {
        let figures: Vec<f64> = parts.iter().filter_map(|p| own(p)).collect();
        if average {
            (!parts.is_empty() && figures.len() == parts.len())
                .then(|| figures.iter().sum::<f64>() / figures.len() as f64)
        } else {
            (!figures.is_empty()).then(|| figures.iter().sum())
        }
    })
}

/// One requirement judged against the figures reported: what is due of it by the date, and where
/// the subject stands.
struct Judged<'a> {
    table: &'a TargetTable,
    requirement: &'a Requirement,
    actual: Option<f64>,
    /// The share of the target due by the date, and the date it is due by.
    share: f64,
    due_by: String,
    /// The whole target (a share's bound times its reference), if its reference is reported.
    full: Option<f64>,
    /// What is due by the date (0 when unknown).
    due: f64,
    standing: Standing,
    /// What the indicator counts, and the bound as the planners read it.
    meaning: String,
    bound: String,
}

impl<'a> Judged<'a> {
    /// Judges `requirement` of `table` by `as_of`.
    fn of(
        table: &'a TargetTable,
        requirement: &'a Requirement,
        reported: &Reported,
        as_of: Option<&str>,
    ) -> Self {
        let name = table.spec.name.as_str();
        let (share, due_by) = table.share_due(&requirement.due, as_of);
        let subject = requirement.subject.as_str();
        let indicator = requirement.indicator.as_str();
        let parts = (&requirement.sum_of[..], requirement.average);
        let actual = reported_figure(reported, (name, subject, indicator), parts.0, parts.1);
        // A share's bound needs the figure it is a share of: the subject's own (summed like
        // the figure itself), or the city's when it is one for all (a national average).
        let reference = match &requirement.share_of {
            None => Some(1.0),
            Some(of) if requirement.share_of_city => {
                reported_figure(reported, (name, CITY, of), &[], false)
            }
            Some(of) => reported_figure(reported, (name, subject, of), parts.0, parts.1),
        };
        let full = reference.map(|r| requirement.value * r);
        let due = match requirement.comparison {
            Comparison::AtMost => full,
            _ => full.map(|f| f * share),
        };
        let bound = match (&requirement.share_of, full) {
            (Some(_), Some(full)) => {
                format!("{} = {}", requirement.bound_text(), format_number(full))
            }
            _ => requirement.bound_text(),
        };
        Judged {
            table,
            requirement,
            actual,
            share,
            due_by,
            full,
            due: due.unwrap_or(0.0),
            standing: standing(requirement.comparison, share, actual, due)
                .as_read(requirement.reading),
            meaning: table.meaning(indicator),
            bound,
        }
    }

    /// The finding of a subject behind or not reported (`file`: the actuals file, for the
    /// message), if it is.
    fn finding(&self, file: &str) -> Option<Finding> {
        let requirement = self.requirement;
        let subject = requirement.subject.as_str();
        let indicator = requirement.indicator.as_str();
        let named = if self.meaning.is_empty() {
            format!("'{indicator}'")
        } else {
            crate::tr!(
                "indicator-named",
                indicator = indicator,
                meaning = &self.meaning
            )
        };
        let finding = |kind, severity, actual, message| Finding {
            kind,
            severity,
            clause: requirement.clause.clone(),
            program: self.table.spec.name.clone(),
            subject: format!("{subject} {indicator}"),
            expected: Some(self.due),
            actual,
            message,
            place: None,
        };
        // Only a firm floor missed is a gap; a stretch target, an estimate or a figure recorded
        // as done, missed, is a note to look at.
        let firm = requirement.reading == TargetReading::Firm;
        let short_key = match self.standing {
            Standing::BehindStretch => crate::msg_key!("finding-behind-stretch"),
            Standing::BelowEstimate => crate::msg_key!("finding-below-estimate"),
            Standing::BelowRecorded => crate::msg_key!("finding-below-recorded"),
            _ => crate::msg_key!("finding-behind"),
        };
        match (self.standing, self.actual) {
            (standing, Some(actual)) if standing.is_short() => Some(finding(
                FindingKind::BehindTarget,
                if firm { Severity::Gap } else { Severity::Note },
                Some(actual),
                crate::tr!(
                    short_key,
                    district = subject,
                    title = &self.table.spec.title,
                    indicator = &named,
                    actual = format_number(actual),
                    due = format_number(self.due),
                    by = &self.due_by,
                    target = &self.bound
                ),
            )),
            (Standing::NotReported, _) => Some(finding(
                FindingKind::NotReported,
                // A figure not yet due is asked for, not missed; nor is a cap's (no subsidy
                // reported is none paid).
                if self.share > 0.0
                    && requirement.comparison != Comparison::AtMost
                    && matches!(
                        requirement.reading,
                        TargetReading::Firm | TargetReading::Stretch
                    )
                {
                    Severity::Gap
                } else {
                    Severity::Note
                },
                None,
                crate::tr!(
                    "finding-not-reported",
                    district = subject,
                    title = &self.table.spec.title,
                    indicator = &named,
                    file = file,
                    due = &self.bound,
                    by = &self.due_by
                ),
            )),
            _ => None,
        }
    }

    /// The requirement's line of the audit.
    fn into_line(self) -> ActualLine {
        let requirement = self.requirement;
        ActualLine {
            table: self.table.spec.name.clone(),
            subject: requirement.subject.clone(),
            district: self.table.district_of(&requirement.subject).to_string(),
            indicator: requirement.indicator.clone(),
            meaning: self.meaning,
            actual: self.actual,
            due: self.due,
            target: self.full.unwrap_or(0.0),
            bound: self.bound,
            due_by: self.due_by,
            clause: requirement.clause.clone(),
            standing: self.standing,
        }
    }
}

/// Where a subject stands: not reported without a figure (or without the reference of its share),
/// on track when nothing is due yet (except a cap, which holds from the start), else by the bound.
fn standing(comparison: Comparison, share: f64, actual: Option<f64>, due: Option<f64>) -> Standing {
    match (actual, due) {
        (None, _) | (_, None) => Standing::NotReported,
        (Some(_), Some(_)) if share == 0.0 && comparison != Comparison::AtMost => Standing::OnTrack,
        (Some(a), Some(d)) => {
            let met = match comparison {
                Comparison::AtLeast => a + 1e-9 >= d,
                Comparison::MoreThan => a > d + 1e-9,
                Comparison::AtMost => a <= d + 1e-9,
            };
            if met {
                Standing::OnTrack
            } else {
                Standing::Behind
            }
        }
    }
}

/// One row of the actuals template: a figure a district office (or a city unit) must report.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateRow {
    /// The table.
    pub table: String,
    /// The district that answers for it (empty: a city unit or the city).
    pub district: String,
    /// Who reports.
    pub subject: String,
    /// The indicator.
    pub indicator: String,
    /// What it counts.
    pub meaning: String,
    /// Its bounds (`≥ 150`), or empty for a figure a share is taken of.
    pub bound: String,
    /// When due.
    pub due: String,
    /// The seed clauses.
    pub clause: String,
}

/// Every figure the tables ask for, once each: the subject of each requirement (for a city total
/// that adds up its parts, each part), and the figures a share is taken of.
pub fn template_rows(tables: &[TargetTable]) -> Vec<TemplateRow> {
    let mut rows: Vec<TemplateRow> = Vec::new();
    for table in tables {
        let mut add =
            |subject: &str, indicator: &str, bound: String, requirement: Option<&Requirement>| {
                let found = rows.iter_mut().find(|r| {
                    r.table == table.spec.name && r.subject == subject && r.indicator == indicator
                });
                match found {
                    Some(row) => {
                        if !bound.is_empty() && !row.bound.split("; ").any(|b| b == bound) {
                            if !row.bound.is_empty() {
                                row.bound.push_str("; ");
                            }
                            row.bound.push_str(&bound);
                        }
                    }
                    None => rows.push(TemplateRow {
                        table: table.spec.name.clone(),
                        district: table.district_of(subject).to_string(),
                        subject: subject.to_string(),
                        indicator: indicator.to_string(),
                        meaning: table.meaning(indicator),
                        bound,
                        due: requirement.map_or(table.spec.due.clone(), |r| r.due.clone()),
                        clause: requirement.map_or(String::new(), |r| r.clause.clone()),
                    }),
                }
            };
        for requirement in &table.requirements {
            // A city total its parts add up to, or an average of them (县均), is reported by the
            // parts, not by the city. Each part's row says what the parts must add up to
            // (`Σ ≥ 16000`) or average.
            let by_parts = !requirement.sum_of.is_empty()
                && (requirement.subject == CITY || requirement.average);
            let reporters: Vec<&str> = if by_parts {
                requirement.sum_of.iter().map(String::as_str).collect()
            } else {
                vec![requirement.subject.as_str()]
            };
            let bound = match (by_parts, requirement.average) {
                (false, _) => requirement.bound_text(),
                (true, false) => format!("Σ {}", requirement.bound_text()),
                (true, true) => crate::tr!("mean-of-parts", bound = requirement.bound_text()),
            };
            for reporter in &reporters {
                add(
                    reporter,
                    &requirement.indicator,
                    bound.clone(),
                    Some(requirement),
                );
            }
            if let Some(of) = &requirement.share_of {
                if requirement.share_of_city {
                    add(CITY, of, String::new(), None);
                } else {
                    for reporter in &reporters {
                        add(reporter, of, String::new(), None);
                    }
                }
            }
        }
    }
    rows
}
