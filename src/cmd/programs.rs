//! `pairplan programs`: lists the pairing programs the models define, with their seed source and
//! the size of each on the dataset.

use super::{print, DataArgs, Failure, Format};
use crate::domain::{Instance, Rule};
use crate::report::{self, ProgramDetail, ProgramListing, RuleDetail};

/// Arguments of `programs`.
#[derive(Debug, Clone, clap::Args)]
pub struct ProgramsArgs {
    /// Data and models.
    #[command(flatten)]
    pub data: DataArgs,
    /// Show one pairing program in full: each rule with the seed clause that sets it, each input
    /// file official (with its clause), synthetic or given, and what capacity it shares. For a
    /// target table (labour, consumption): its indicators, what each counts, the city totals, the
    /// deadline and milestones, and how `check --actuals` reads a district office's figures.
    #[arg(long, value_name = "NAME")]
    pub program: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write the actuals template: every figure each district office and city unit must report
    /// for every target table (with `--program`, one table), ready for `check --actuals`; CSV, or
    /// a workbook when FILE ends in .xlsx.
    #[arg(long, value_name = "FILE")]
    pub actuals_template: Option<std::path::PathBuf>,
}

/// Writes the actuals template of the tables named (every table when none).
fn write_template(
    inputs: &super::Inputs,
    only: Option<&str>,
    path: &std::path::Path,
) -> Result<u8, Failure> {
    let tables = crate::targets::read_targets(&inputs.data, &inputs.dataset)?;
    let chosen: Vec<crate::targets::TargetTable> = tables
        .into_iter()
        .filter(|t| only.is_none_or(|name| t.spec.name == name))
        .collect();
    if let Some(name) = only.filter(|_| chosen.is_empty()) {
        let known: Vec<&str> = inputs
            .dataset
            .spec
            .targets
            .iter()
            .map(|t| t.name.as_str())
            .collect();
        return Err(super::unknown_program(name, &known));
    }
    let rows = crate::targets::template_rows(&chosen);
    super::write_sheets("--actuals-template", path, &[report::template_sheet(&rows)])?;
    print(&format!(
        "{}\n",
        crate::tr!(
            "template-written",
            rows = rows.len(),
            tables = chosen.len(),
            file = path.display().to_string()
        )
    ))?;
    Ok(0)
}

/// Describes a rule in a few words.
fn describe(rule: &Rule) -> String {
    match rule {
        Rule::Coverage { min, max } if min == max => format!("coverage({min})"),
        Rule::Coverage { min, max } => format!("coverage({min}–{max})"),
        Rule::DistrictQuota { quotas } => {
            format!(
                "district_quota(Σ {})",
                quotas.values().map(|&q| u64::from(q)).sum::<u64>()
            )
        }
        Rule::UnitMinimum { minimums } => format!("unit_minimum({} units)", minimums.len()),
        Rule::HelperCapacity => rule.name().to_string(),
        Rule::HelperPartners { max } => format!("helper_partners(≤ {max})"),
        Rule::AllowedPairs { costs } => format!("allowed_pairs({} pairs)", costs.len()),
        Rule::ForbiddenPairs { pairs } => format!("forbidden_pairs({} pairs)", pairs.len()),
        Rule::FixedPairs { pairs } => format!("fixed_pairs({} pairs)", pairs.len()),
        Rule::PairsOf { program, .. } => format!("pairs_of({program})"),
        Rule::NamedSenders { senders } => {
            format!("named_senders({} recipients)", senders.len())
        }
        Rule::RecipientUnits { min, max: None } => format!("recipient_units(≥ {min})"),
        Rule::RecipientUnits {
            min,
            max: Some(max),
        } => format!("recipient_units({min}–{max})"),
        Rule::TotalUnits { total } => format!("total_units({total})"),
        Rule::RecipientDemand { demand } => {
            format!(
                "recipient_demand(Σ {})",
                demand.values().map(|&d| u64::from(d)).sum::<u64>()
            )
        }
    }
}

/// The coverage a program without a coverage rule has, said as a rule is.
fn default_coverage() -> String {
    let (min, max) = crate::domain::DEFAULT_COVERAGE;
    describe(&Rule::Coverage { min, max }) + " (default)"
}

/// A target table as listed: its subjects (districts, counties, units, the city) are the
/// "recipients" of targets; nobody is paired.
fn target_listing(table: &crate::targets::TargetTable) -> ProgramListing {
    let mut rules = vec![format!(
        "targets({} indicator{}, {} requirement{}, due {})",
        table.indicator_columns.len(),
        if table.indicator_columns.len() == 1 {
            ""
        } else {
            "s"
        },
        table.requirements.len(),
        if table.requirements.len() == 1 {
            ""
        } else {
            "s"
        },
        table.spec.due
    )];
    for (date, share) in &table.milestones {
        rules.push(format!(
            "milestone({}% by {date})",
            crate::text::format_number(share * 100.0)
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
fn detail(instance: &Instance, all: &[Instance]) -> ProgramDetail {
    ProgramDetail {
        name: instance.program.name.clone(),
        title: instance.program.title.clone(),
        source: instance.program.source.clone(),
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

/// Prints one program's or target table's detail as JSON or text.
fn print_detail<T: serde::Serialize>(
    format: Format,
    detail: &T,
    as_text: fn(&T) -> String,
) -> Result<u8, Failure> {
    match format {
        Format::Json => {
            let mut text = serde_json::to_string_pretty(detail)
                .map_err(|e| Failure::Internal(e.to_string()))?;
            text.push('\n');
            print(&text)?;
        }
        Format::Table => print(&as_text(detail))?,
    }
    Ok(0)
}

/// Runs the subcommand.
pub fn run(args: &ProgramsArgs) -> Result<u8, Failure> {
    if let Some(path) = &args.actuals_template {
        let inputs = super::inputs(&args.data, None)?;
        return write_template(&inputs, args.program.as_deref(), path);
    }
    if let Some(name) = &args.program {
        let mut inputs = super::inputs(&args.data, None)?;
        let instances = inputs.instances();
        std::mem::take(&mut inputs.problems).into_result(())?;
        if let Some(named) = inputs.dataset.spec.named.iter().find(|n| &n.name == name) {
            return print_detail(args.format, named, |n| {
                format!(
                    "{}\n",
                    crate::tr!(
                        "named-detail",
                        name = &n.name,
                        title = &n.title,
                        source = &n.source,
                        why = &n.why
                    )
                )
            });
        }
        if inputs.dataset.spec.targets.iter().any(|t| &t.name == name) {
            let tables = crate::targets::read_targets(&inputs.data, &inputs.dataset)?;
            let Some(table) = tables.iter().find(|t| &t.spec.name == name) else {
                return Err(Failure::Internal(format!("target table {name} not read")));
            };
            let detail = report::TargetDetail::of(table);
            return print_detail(args.format, &detail, report::render_target_detail);
        }
        let known: Vec<&str> = instances
            .iter()
            .map(|i| i.program.name.as_str())
            .chain(inputs.dataset.spec.targets.iter().map(|t| t.name.as_str()))
            .chain(inputs.dataset.spec.named.iter().map(|n| n.name.as_str()))
            .collect();
        let Some(instance) = instances.iter().find(|i| &i.program.name == name) else {
            return Err(super::unknown_program(name, &known));
        };
        let detail = detail(instance, &instances);
        return print_detail(args.format, &detail, report::render_program_detail);
    }
    let mut inputs = super::inputs(&args.data, None)?;
    let mut listings: Vec<ProgramListing> = inputs
        .instances()
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
    // The seed's totals over several programs, each with the programs' sum.
    let instances = inputs.instances();
    for total in crate::check::reconcile(&inputs.dataset.spec.reconcile, &instances) {
        let mut rules = vec![format!(
            "{} = {}{}",
            total.parts_text(),
            total.sum,
            if total.sum == total.total { " ✓" } else { "" }
        )];
        rules.extend(total.known_mismatch.clone());
        listings.push(ProgramListing {
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
        });
    }
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
    std::mem::take(&mut inputs.problems).into_result(())?;
    match args.format {
        Format::Json => {
            let mut text = serde_json::to_string_pretty(&listings)
                .map_err(|e| Failure::Internal(e.to_string()))?;
            text.push('\n');
            print(&text)?;
        }
        Format::Table => print(&report::render_programs_text(&listings))?,
    }
    Ok(0)
}
