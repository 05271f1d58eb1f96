//! The command line: clap derive types whose doc comments are the help, and the dispatcher that maps
//! every outcome to the exit-code contract.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::cmd;
use crate::error::InputErrors;
use crate::report::output::{write_output, OutputError, Target};
use crate::solve::SolveError;

/// pairplan (结对规划): pairing optimizer for Tianjin's east–west cooperation programs.
///
/// Suggests pairings that meet every quota of the 2019 work plans while balancing load, and explains
/// what cannot be met. Runs on the Tianjin 2019 dataset compiled into the binary unless --data names
/// another.
///
/// Exit codes: 0 success; 1 no plan can meet the rules (the reason is printed), or check found a gap;
/// 2 bad input or usage; 3 internal error (a plan failed its own check — please report it); 4 an
/// output could not be written (disk full, standard output failing); 5 the time limit ran out before
/// any plan was found; 128+N stopped by signal N (Ctrl-C: 130), its temporary files removed.
#[derive(Debug, Parser)]
#[command(name = "pairplan", version, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Largest input file accepted (e.g. 128M, 1G): a larger one is refused before it is parsed.
    #[arg(long, global = true, value_name = "SIZE", value_parser = parse_byte_size, default_value = "128MiB")]
    pub max_file_size: u64,
    /// Longest line accepted in an input file (e.g. 64K).
    #[arg(long, global = true, value_name = "SIZE", value_parser = parse_byte_size, default_value = "64KiB")]
    pub max_line_length: u64,
}

fn parse_byte_size(text: &str) -> Result<u64, String> {
    parse_size::parse_size(text)
        .ok()
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("expected a size such as 64K, 128M or 1G, found '{text}'"))
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Suggest pairings that meet every rule of each program, balanced, and print a summary.
    ///
    /// Example: pairplan plan --out plan.csv
    Plan(PlanArgs),
    /// Audit existing pairings and the data: what is still missing, what breaks a rule.
    ///
    /// Reads the dataset's ledger (pairings-2019.csv for the embedded data) or --pairings FILE, e.g.
    /// the CSV that `plan --out` writes. Exit 0 when nothing breaks a rule, 1 when some finding is a
    /// gap, 2 when the input cannot be read.
    ///
    /// Example: pairplan check --pairings plan.csv --format json
    Check(CheckArgs),
    /// List the pairing programs and target tables: name, Chinese title, seed source, size, rules.
    ///
    /// Example: pairplan programs --format json
    Programs(ProgramsArgs),
    /// Generate the synthetic complement of a dataset (villages, enterprises, hospitals, posts, a
    /// ledger), deterministically.
    ///
    /// Example: pairplan generate --seed 2019 --out data/tianjin-2019
    Generate(GenerateArgs),
}

/// Where the data and the program models come from.
#[derive(Debug, Clone, clap::Args)]
pub struct DataArgs {
    /// Dataset folder (with dataset.toml); default: the embedded Tianjin 2019 dataset.
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Folder of program models (*.toml); default: the embedded models/.
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

/// `--solver`: the command line's names for [`crate::solve::Solver`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SolverChoice {
    /// Exact min-cost flow for the programs that are pure networks, the LP for the others.
    Auto,
    /// Exact min-cost flow only: a program that is not a pure network is an error (exit 2).
    Flow,
    /// The LP (microlp) for every program.
    Lp,
}

impl From<SolverChoice> for crate::solve::Solver {
    fn from(choice: SolverChoice) -> Self {
        match choice {
            SolverChoice::Auto => crate::solve::Solver::Auto,
            SolverChoice::Flow => crate::solve::Solver::Flow,
            SolverChoice::Lp => crate::solve::Solver::Lp,
        }
    }
}

/// Arguments of `plan`.
#[derive(Debug, Clone, clap::Args)]
pub struct PlanArgs {
    /// Data and models.
    #[command(flatten)]
    pub data: DataArgs,
    /// Plan only this program (see models/); default: every program.
    #[arg(long, value_name = "NAME")]
    pub program: Option<String>,
    /// Write the pairings as CSV to this file (written only when every program has a plan; never
    /// over an input of the run or anything but a regular file). `-` writes the CSV to standard
    /// output and the summary to standard error.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Summary format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Solving method; each finds an optimum of the same objective, and the summary says which ran
    /// and why.
    #[arg(long, value_enum, default_value_t = SolverChoice::Auto)]
    pub solver: SolverChoice,
    /// Stop solving after this many seconds (for the whole run): a program then has the best plan
    /// found so far, marked time_limit (not proven optimal), or none (exit 5).
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    pub time_limit: Option<f64>,
}

fn parse_seconds(text: &str) -> Result<f64, String> {
    text.parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0 && *s <= 1e7)
        .ok_or_else(|| format!("expected a number of seconds above 0, found '{text}'"))
}

/// Arguments of `check`.
#[derive(Debug, Clone, clap::Args)]
pub struct CheckArgs {
    /// Data and models.
    #[command(flatten)]
    pub data: DataArgs,
    /// Pairings to audit (CSV with at least program, helper_id, recipient_id); default: the
    /// dataset's ledger.
    #[arg(long, value_name = "FILE")]
    pub pairings: Option<std::path::PathBuf>,
    /// Check only this program.
    #[arg(long, value_name = "NAME")]
    pub program: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Also write the findings as CSV to this file (`-`: standard output, the report then on
    /// standard error).
    #[arg(long, value_name = "FILE")]
    pub out: Option<std::path::PathBuf>,
    /// Also compare actual figures (CSV: table, district, indicator, actual) with the dataset's
    /// target tables (labour, consumption) and their milestones.
    #[arg(long, value_name = "FILE")]
    pub actuals: Option<std::path::PathBuf>,
    /// The date the actual figures stand at (YYYY-MM-DD): the milestones due by then apply;
    /// without it, the whole targets.
    #[arg(long, value_name = "DATE", value_parser = parse_date, requires = "actuals")]
    pub as_of: Option<String>,
}

fn parse_date(text: &str) -> Result<String, String> {
    if crate::targets::is_date(text) {
        Ok(text.to_string())
    } else {
        Err(format!("expected a date YYYY-MM-DD, found '{text}'"))
    }
}

/// Arguments of `programs`.
#[derive(Debug, Clone, clap::Args)]
pub struct ProgramsArgs {
    /// Data and models.
    #[command(flatten)]
    pub data: DataArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Arguments of `generate`.
#[derive(Debug, Clone, clap::Args)]
pub struct GenerateArgs {
    /// Seed of the generator: the same seed gives the same files.
    #[arg(long, default_value_t = 2019)]
    pub seed: u64,
    /// Folder to write the complete dataset into (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Folder with the official tables to start from; default: the embedded ones.
    #[arg(long, value_name = "DIR")]
    pub from: Option<PathBuf>,
}

/// Why a command failed, with its exit code.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// Bad input: exit 2.
    #[error("{0}")]
    Input(#[from] InputErrors),
    /// Bad usage: exit 2.
    #[error("{0}")]
    Usage(String),
    /// An output refused (exit 2) or not written (exit 4).
    #[error("{0}")]
    Output(#[from] OutputError),
    /// No plan meets the rules: exit 1.
    #[error("{program}: {source}")]
    Infeasible {
        /// The program.
        program: String,
        /// Why.
        source: SolveError,
    },
    /// The time limit ran out before some program had a plan: exit 5.
    #[error("{program}: {source}")]
    TimeLimit {
        /// The program.
        program: String,
        /// The limit.
        source: SolveError,
    },
    /// A plan failed its own check: exit 3.
    #[error("internal error: {0}")]
    Internal(String),
}

impl Failure {
    /// The exit code of the contract.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Input(_) | Failure::Usage(_) => 2,
            Failure::Output(OutputError::Refused { .. }) => 2,
            Failure::Output(OutputError::Failed { .. }) => 4,
            Failure::Infeasible { .. } => 1,
            Failure::TimeLimit { .. } => 5,
            Failure::Internal(_) => 3,
        }
    }
}

/// Writes to standard output; a closed pipe (`pairplan plan | head`) is not an error, any other
/// failure to write (`>/dev/full`) is (exit 4).
pub fn print(text: &str) -> Result<(), Failure> {
    Ok(write_output(&Target::Stdout, text.as_bytes())?)
}

/// Prints a summary where it does not mix with a CSV sent to standard output: on standard error when
/// `--out -`, else on standard output.
pub fn print_summary(text: &str, out: Option<&std::path::Path>) -> Result<(), Failure> {
    if out.is_some_and(|p| p.as_os_str() == "-") {
        eprint!("{text}");
        Ok(())
    } else {
        print(text)
    }
}

/// Parses the arguments, runs the command and returns the exit code.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() { 2 } else { 0 };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    crate::load::file::set_limits(crate::load::file::InputLimits {
        max_file_bytes: cli.max_file_size,
        max_line_bytes: cli.max_line_length,
    });
    crate::report::output::remove_temp_files_on_signals();
    let result = match cli.command {
        Command::Plan(args) => cmd::plan::run(&args),
        Command::Check(args) => cmd::check::run(&args),
        Command::Programs(args) => cmd::programs::run(&args),
        Command::Generate(args) => cmd::generate::run(&args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(failure) => {
            eprintln!("pairplan: {failure}");
            ExitCode::from(failure.exit_code())
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
