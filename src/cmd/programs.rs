//! `pairplan programs`: lists the pairing programs the models define, with their seed source and
//! the size of each on the dataset.

use super::{print, DataArgs, Failure, Format};
use crate::report;

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
    /// What to print on standard output: table (aligned text tables) or json.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write the actuals template: every figure each district office and city unit must report
    /// for every target table (with `--program`, one table), ready for `check --actuals`; CSV, or
    /// a workbook when FILE ends in .xlsx.
    #[arg(long, value_name = "FILE")]
    pub actuals_template: Option<std::path::PathBuf>,
    /// With --program: the tables the program reads as a planner fills them in (`pairplan init`,
    /// `plan --data 我的数据.xlsx`): each column's meaning, whether it is required, and the headers
    /// accepted for it.
    #[arg(long, requires = "program")]
    pub columns: bool,
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
        return Err(crate::jobs::inputs::unknown_program(name, &known));
    }
    let rows = crate::targets::template_rows(&chosen);
    super::write_sheets(
        "--actuals-template",
        path,
        &[report::sheets::template_sheet(&rows)],
    )?;
    print(&format!(
        "{}\n",
        crate::tr!(
            "template-written",
            rows = rows.len(),
            tables = chosen.len(),
            file = path.display().to_string(),
            // The column as the file heads it: its label in a workbook, its key in CSV.
            column = if report::sheet::FileFormat::of("--actuals-template", path)?
                == report::sheet::FileFormat::Xlsx
            {
                crate::i18n::column_label("actual")
            } else {
                "actual".to_string()
            }
        )
    ))?;
    Ok(0)
}

/// Prints one program's or target table's detail as JSON or text.
fn print_detail<T: serde::Serialize>(
    format: Format,
    detail: &T,
    as_text: fn(&T) -> String,
) -> Result<u8, Failure> {
    match format {
        Format::Json => print(&report::json::pretty(detail)?)?,
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
    if let (true, Some(written)) = (args.columns, &args.program) {
        let mut inputs = super::inputs(&args.data, None)?;
        let name = inputs.name_of(written);
        let tables = crate::jobs::catalogue::columns(&mut inputs, &name)?;
        return match args.format {
            Format::Json => print(&report::json::pretty(&tables)?),
            Format::Table => print(&report::text::render_columns(&tables)),
        }
        .map(|()| 0);
    }
    if let Some(written) = &args.program {
        let mut inputs = super::inputs(&args.data, None)?;
        let name = &inputs.name_of(written);
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
            let detail = crate::summary::TargetDetail::of(table);
            return print_detail(args.format, &detail, report::text::render_target_detail);
        }
        let known: Vec<&str> = instances
            .iter()
            .map(|i| i.program.name.as_str())
            .chain(inputs.dataset.spec.targets.iter().map(|t| t.name.as_str()))
            .chain(inputs.dataset.spec.named.iter().map(|n| n.name.as_str()))
            .collect();
        let Some(instance) = instances.iter().find(|i| &i.program.name == name) else {
            return Err(crate::jobs::inputs::unknown_program(name, &known));
        };
        let detail = crate::jobs::catalogue::detail(instance, &instances);
        return print_detail(args.format, &detail, report::text::render_program_detail);
    }
    let mut inputs = super::inputs(&args.data, None)?;
    let listings = crate::jobs::catalogue::listings(&mut inputs)?;
    match args.format {
        Format::Json => print(&report::json::pretty(&listings)?)?,
        Format::Table => print(&report::text::render_programs_text(&listings))?,
    }
    Ok(0)
}
