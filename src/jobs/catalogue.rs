//! The catalogue job (`programs`): every pairing program of the models with its rules said in a
//! few words and the seed clause that sets each, the target tables, the seed's totals across
//! programs, and what the seed names without a number.

use super::Failure;
use crate::domain::{Instance, Rule};
use crate::summary::{ColumnWords, ProgramDetail, ProgramListing, RuleDetail, TableColumns};
use crate::tr;

/// Every program, target table, total across programs and named-only task, as listed.
pub fn listings(inputs: &mut super::Inputs) -> Result<Vec<ProgramListing>, Failure> {
    let instances = inputs.instances();
    let mut listings: Vec<ProgramListing> = instances
        .iter()
        .map(|instance| ProgramListing {
            kind: "pairing",
            name: instance.program.name.clone(),
            title: instance.program.title.clone(),
            source: instance.program.source.clone(),
            recipients: instance.recipients.len(),
            recipient_noun: instance.program.recipient_noun.clone(),
            helpers: instance.helpers.len(),
            helper_noun: instance.program.helper_noun.clone(),
            rules: instance
                .rules
                .iter()
                .map(describe)
                .chain(instance.coverage_is_default().then(default_coverage))
                .collect(),
        })
        .collect();
    match crate::targets::read_targets(&inputs.data, &inputs.dataset) {
        Ok(tables) => listings.extend(tables.iter().map(target_listing)),
        Err(errors) => errors.0.into_iter().for_each(|p| inputs.problems.push(p)),
    }
    listings.extend(totals(inputs, &instances));
    // What the seed names without a number: listed, not invented.
    listings.extend(
        inputs
            .dataset
            .spec
            .named
            .iter()
            .map(|named| ProgramListing {
                kind: "named",
                name: named.name.clone(),
                title: named.title.clone(),
                source: named.source.clone(),
                recipients: 0,
                recipient_noun: String::new(),
                helpers: 0,
                helper_noun: String::new(),
                rules: vec!["named without numbers".to_string(), named.why.clone()],
            }),
    );
    match crate::calendar::read_calendar(&inputs.data, &inputs.dataset) {
        Ok(tasks) => listings.extend(tasks.iter().map(task_listing)),
        Err(errors) => errors.0.into_iter().for_each(|p| inputs.problems.push(p)),
    }
    std::mem::take(&mut inputs.problems).into_result(())?;
    Ok(listings)
}

/// A dated task of the plans, as listed: who answers for it and when it falls due.
fn task_listing(task: &crate::calendar::Task) -> ProgramListing {
    let when = match (task.due, task.repeats) {
        (_, Some(repeats)) => repeats.title(),
        (Some(due), None) => tr!("task-due", due = due.to_string()),
        (None, None) => tr!("task-no-date"),
    };
    let owner = if task.owner.is_empty() {
        tr!("due-owner-unnamed")
    } else {
        task.owner.clone()
    };
    ProgramListing {
        kind: "task",
        name: task.id.clone(),
        title: task.title.clone(),
        source: task.clause.clone(),
        recipients: 0,
        recipient_noun: String::new(),
        helpers: 0,
        helper_noun: String::new(),
        rules: vec![owner, when],
    }
}

/// The seed's totals over several programs, each with the programs' sum.
fn totals(inputs: &super::Inputs, instances: &[Instance]) -> Vec<ProgramListing> {
    crate::check::reconcile(&inputs.dataset.spec.reconcile, instances)
        .into_iter()
        .map(|total| {
            let mut rules = vec![format!(
                "{} = {}{}",
                total.parts_text(),
                total.sum,
                if total.agrees() { " ✓" } else { "" }
            )];
            rules.extend(total.known_mismatch.clone());
            ProgramListing {
                kind: "total",
                name: format!(
                    "Σ {}",
                    total
                        .parts
                        .iter()
                        .map(|p| p.0.as_str())
                        .collect::<Vec<_>>()
                        .join("+")
                ),
                title: total.title,
                source: total.source,
                recipients: total.total as usize,
                recipient_noun: String::new(),
                helpers: total.sum as usize,
                helper_noun: String::new(),
                rules,
            }
        })
        .collect()
}

/// Describes a rule in a few words, in the reader's language.
fn describe(rule: &Rule) -> String {
    let sum = |values: &mut dyn Iterator<Item = u32>| values.map(u64::from).sum::<u64>();
    match rule {
        Rule::Coverage { min, max: None } => tr!("rule-coverage-at-least", min = *min),
        Rule::Coverage {
            min,
            max: Some(max),
        } if min == max => tr!("rule-coverage-exactly", min = *min),
        Rule::Coverage {
            min,
            max: Some(max),
        } => tr!("rule-coverage-range", min = *min, max = *max),
        Rule::DistrictQuota { quotas } => {
            tr!(
                "rule-district-quota",
                total = sum(&mut quotas.values().copied())
            )
        }
        Rule::UnitMinimum { minimums } => tr!("rule-unit-minimum", units = minimums.len()),
        Rule::HelperCapacity => tr!("rule-capacity"),
        Rule::HelperPartners { max } => tr!("rule-helper-partners", max = *max),
        Rule::MemberMinimum { min } => tr!("rule-member-minimum", min = *min),
        Rule::AllowedPairs { costs } => tr!("rule-allowed-pairs", pairs = costs.len()),
        Rule::ForbiddenPairs { pairs } => tr!("rule-forbidden-pairs", pairs = pairs.len()),
        Rule::FixedPairs { pairs } => tr!("rule-fixed-pairs", pairs = pairs.len()),
        Rule::PairsOf { program, .. } => {
            tr!("rule-pairs-of", program = crate::i18n::program(program))
        }
        Rule::NamedSenders { senders, .. } => {
            tr!("rule-named-senders", recipients = senders.len())
        }
        Rule::RecipientUnits { min, max: None } => tr!("rule-recipient-units-min", min = *min),
        Rule::RecipientUnits {
            min,
            max: Some(max),
        } => tr!("rule-recipient-units-range", min = *min, max = *max),
        Rule::TotalUnits { total } => tr!("rule-total-units", total = *total),
        Rule::RecipientDemand { demand } => {
            tr!(
                "rule-recipient-demand",
                total = sum(&mut demand.values().copied())
            )
        }
    }
}

/// The coverage a program without a coverage rule has, said as a rule is.
fn default_coverage() -> String {
    let (min, max) = crate::domain::DEFAULT_COVERAGE;
    tr!(
        "rule-default",
        rule = describe(&Rule::Coverage {
            min,
            max: Some(max)
        })
    )
}

/// A target table as listed: its subjects (districts, counties, units, the city) are the
/// "recipients" of targets; nobody is paired.
fn target_listing(table: &crate::targets::TargetTable) -> ProgramListing {
    let mut rules = vec![tr!(
        "rule-targets",
        indicators = table.indicator_columns.len(),
        requirements = table.requirements.len(),
        due = table.spec.due.as_str()
    )];
    for (date, share) in &table.milestones {
        rules.push(tr!(
            "rule-milestone",
            share = crate::text::format_number(share * 100.0),
            date = date.as_str()
        ));
    }
    ProgramListing {
        kind: "targets",
        name: table.spec.name.clone(),
        title: table.spec.title.clone(),
        source: table.spec.source.clone(),
        recipients: table.subjects.len(),
        recipient_noun: "subjects".to_string(),
        helpers: 0,
        helper_noun: String::new(),
        rules,
    }
}

/// One program in full, for `programs --program NAME`.
pub fn detail(instance: &Instance, all: &[Instance]) -> ProgramDetail {
    ProgramDetail {
        name: instance.program.name.clone(),
        title: instance.program.title.clone(),
        source: instance.program.source.clone(),
        due: instance.program.due.clone(),
        rules: instance
            .rules
            .iter()
            .map(|rule| RuleDetail {
                rule: describe(rule),
                seed: instance
                    .rules
                    .source(rule.kind())
                    .unwrap_or(&instance.program.source)
                    .to_string(),
            })
            .chain(instance.coverage_is_default().then(|| RuleDetail {
                rule: default_coverage(),
                seed: crate::tr!("coverage-default"),
            }))
            .collect(),
        inputs: instance.program.inputs.clone(),
        shared_capacity: instance.program.capacity_source.clone(),
        shares_with: all
            .iter()
            .filter(|other| {
                other.program.name != instance.program.name
                    && other.program.capacity_source.is_some()
                    && other.program.capacity_source == instance.program.capacity_source
            })
            .map(|other| other.program.name.clone())
            .collect(),
    }
}

/// The tables a program reads (`programs --program NAME --columns`): for a table of
/// `data/tables.toml`, each column's meaning, whether it is required and the headers accepted;
/// for another, its columns as the 2019 dataset writes them.
pub fn columns(inputs: &mut super::Inputs, name: &str) -> Result<Vec<TableColumns>, Failure> {
    let programs = super::init::chosen(inputs, Some(name))?;
    let mut problems = crate::error::Problems::default();
    let tables = super::init::tables_of(&programs)
        .into_iter()
        .map(|file| match crate::load::own::kind_of(&file) {
            Some(kind) => TableColumns {
                file: file.clone(),
                sheet: kind.title.clone(),
                about: if crate::i18n::current() == crate::i18n::Lang::Zh {
                    kind.about.clone()
                } else {
                    kind.about_en.clone()
                },
                columns: kind
                    .columns
                    .iter()
                    .map(|c| ColumnWords {
                        header: c.headers.first().cloned().unwrap_or_else(|| c.name.clone()),
                        meaning: c.meaning_in_language().to_string(),
                        required: c.required,
                        accepted: c.headers_in_language(),
                    })
                    .collect(),
            },
            None => {
                let headers = inputs
                    .data
                    .read_table(&file, &mut problems)
                    .map(|t| t.headers)
                    .unwrap_or_default();
                TableColumns {
                    sheet: file.trim_end_matches(".csv").to_string(),
                    about: crate::tr!("columns-as-2019"),
                    columns: headers
                        .into_iter()
                        .map(|h| ColumnWords {
                            header: h.clone(),
                            meaning: String::new(),
                            required: true,
                            accepted: vec![h],
                        })
                        .collect(),
                    file,
                }
            }
        })
        .collect();
    problems.into_result(tables).map_err(Failure::from)
}
