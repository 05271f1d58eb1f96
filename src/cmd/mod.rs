//! One file per subcommand, each opening with its arguments (clap derive; the doc comments are the
//! help), then calling one job (`jobs`) and handing its result to the renderers (`report`); here
//! what they share: the data arguments, the output format, and printing and writing.

pub mod check;
pub mod completions;
pub mod diff;
pub mod due;
pub mod export;
pub mod generate;
pub mod init;
pub mod plan;
pub mod programs;
pub mod report;
pub mod whatif;

use std::path::PathBuf;

use clap::ValueEnum;

pub use crate::jobs::Failure;
use crate::jobs::Inputs;
use crate::report::output::{write_output, Target};

/// Where the data and the program models come from.
#[derive(Debug, Clone, clap::Args)]
pub struct DataArgs {
    /// Dataset folder (with dataset.toml), or your own lists: one workbook (.xlsx) or a folder of
    /// CSV files (`pairplan init` writes a template); default: the embedded Tianjin 2019 dataset.
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Folder of program models (*.toml); default: the models built in (`pairplan programs` lists
    /// them).
    #[arg(long, value_name = "DIR")]
    pub models: Option<PathBuf>,
}

/// Output format of summaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned text tables.
    Table,
    /// JSON on standard output.
    Json,
}

/// Writes to standard output; a closed pipe (`pairplan plan | head`) is not an error, any other
/// failure to write (`>/dev/full`) is (exit 4).
pub fn print(text: &str) -> Result<(), Failure> {
    let text = crate::text::terminal_safe(text);
    Ok(write_output(&Target::Stdout, text.as_bytes())?)
}

/// Claims every output a run writes before it writes any: two options naming one file are refused
/// before a byte is written (see [`crate::report::claim`]).
pub(crate) fn claim_outputs(outputs: &[(&str, Option<&std::path::Path>)]) -> Result<(), Failure> {
    for (option, path) in outputs {
        if let Some(path) = path {
            crate::report::claim(option, path)?;
        }
    }
    Ok(())
}

/// Says on standard error that a file was written (`已写出 结对方案.xlsx`), unless `--quiet`: the
/// planner sees where the output went, and standard output stays the report's.
pub(crate) fn tell_written(path: &std::path::Path) {
    if path.as_os_str() != "-" && !crate::progress::quiet() {
        eprintln!(
            "{}",
            crate::text::terminal_safe(&crate::tr!(
                "wrote-file",
                file = path.display().to_string()
            ))
        );
    }
}

/// Writes an output's sheets to `path` in the format its name asks for (`.csv`: the first sheet;
/// `.json`; `.xlsx`: a workbook).
pub(crate) fn write_sheets(
    option: &str,
    path: &std::path::Path,
    sheets: &[crate::report::Sheet],
) -> Result<(), Failure> {
    let bytes = crate::report::sheet::FileFormat::of(option, path)?
        .render(sheets)
        .map_err(Failure::Internal)?;
    crate::report::write_atomically(option, path, &bytes)?;
    Ok(())
}

/// Prints a summary where it does not mix with a CSV sent to standard output: on standard error when
/// `--out -`, else on standard output.
pub fn print_summary(text: &str, out: Option<&std::path::Path>) -> Result<(), Failure> {
    if out.is_some_and(|p| p.as_os_str() == "-") {
        eprint!("{}", crate::text::terminal_safe(text));
        Ok(())
    } else {
        print(text)
    }
}

/// Reads the data and models the arguments name, keeping only `program` when given.
pub fn inputs(args: &DataArgs, program: Option<&str>) -> Result<Inputs, Failure> {
    let inputs = crate::jobs::inputs::read(args.data.as_deref(), args.models.as_deref(), program)?;
    if let (crate::load::Source::Own(own), true) = (&inputs.data, crate::report::text::verbose()) {
        eprint!(
            "{}",
            crate::text::terminal_safe(&crate::report::text::render_mapping(&own.mapping_lines()))
        );
    }
    Ok(inputs)
}

/// Writes a value as JSON to `path` (`--manifest`), atomically.
pub(crate) fn write_json<T: serde::Serialize>(
    option: &str,
    path: &std::path::Path,
    value: &T,
) -> Result<(), Failure> {
    let text = crate::report::json::pretty(value)?;
    crate::report::write_atomically(option, path, text.as_bytes())?;
    Ok(())
}

/// A command-line date as planners write it (2019-09-01, 2019/9/1, 2019年9月1日), as
/// `YYYY-MM-DD`; refused with the text and what is expected.
pub(crate) fn parse_date(text: &str) -> Result<String, String> {
    crate::text::planner_date(text)
        .map(|date| date.to_string())
        .map_err(|problem| {
            crate::tr!(
                "arg-date",
                text = text,
                expected = crate::text::date_expected(problem)
            )
        })
}
