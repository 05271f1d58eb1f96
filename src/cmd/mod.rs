//! One file per subcommand, each opening with its arguments (clap derive; the doc comments are the
//! help) and only wiring the stages together; here what they share: the data arguments, the output
//! format, the failures with their exit codes, and printing.

pub mod check;
pub mod completions;
pub mod diff;
pub mod export;
pub mod generate;
pub mod plan;
pub mod programs;
pub mod report;
pub mod whatif;

use std::path::PathBuf;

use clap::ValueEnum;

use crate::domain::Instance;
use crate::error::InputErrors;
use crate::error::Problems;
use crate::load::{ProgramSpec, Source};
use crate::report::output::{write_output, OutputError, Target};
use crate::solve::SolveError;
use crate::validate::ledger::{Ledger, ProgramName};
use crate::validate::{self, Dataset};

/// Where the data and the program models come from.
#[derive(Debug, Clone, clap::Args)]
pub struct DataArgs {
    /// Dataset folder (with dataset.toml); default: the embedded Tianjin 2019 dataset.
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

/// What a plan was made from and what it is, to confirm two runs (two offices) made the same plan.
#[derive(Debug, serde::Serialize)]
pub(crate) struct Manifest {
    /// The pairplan version.
    pairplan: &'static str,
    /// The settings that shape the plan.
    settings: std::collections::BTreeMap<&'static str, String>,
    /// SHA-256 of every input, model and scenario read, by name.
    inputs: std::collections::BTreeMap<String, String>,
    /// SHA-256 of the pairings as CSV (what `--out FILE.csv` writes): the baseline's, for `whatif`.
    pairings_sha256: String,
    /// `whatif`: SHA-256 of each scenario's pairings CSV, by scenario title.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    scenarios: std::collections::BTreeMap<String, String>,
}

impl Manifest {
    /// The manifest of a run with these settings (those not given are left out) whose pairings
    /// CSV is `csv`; every file read so far is among its inputs.
    pub(crate) fn new(
        settings: impl IntoIterator<Item = (&'static str, Option<String>)>,
        csv: &[u8],
    ) -> Self {
        Manifest {
            pairplan: env!("CARGO_PKG_VERSION"),
            settings: settings
                .into_iter()
                .filter_map(|(key, value)| Some((key, value?)))
                .collect(),
            inputs: crate::load::file::contents_read(),
            pairings_sha256: sha256(csv),
            scenarios: Default::default(),
        }
    }

    /// Adds a scenario's pairings; a title given twice is told apart by its position.
    pub(crate) fn add_scenario(&mut self, title: &str, hash: String) {
        let mut key = title.to_string();
        let mut n = 1;
        while self.scenarios.contains_key(&key) {
            n += 1;
            key = format!("{title} #{n}");
        }
        self.scenarios.insert(key, hash);
    }

    /// Writes it as JSON, atomically.
    pub(crate) fn write(&self, path: &std::path::Path) -> Result<(), Failure> {
        let mut text =
            serde_json::to_string_pretty(self).map_err(|e| Failure::Internal(e.to_string()))?;
        text.push('\n');
        crate::report::write_atomically("--manifest", path, text.as_bytes())?;
        Ok(())
    }
}

pub(crate) fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    format!("{:x}", sha2::Sha256::digest(bytes))
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
    /// The program a failure to plan concerns (empty for the others).
    pub fn program(&self) -> &str {
        match self {
            Failure::Infeasible { program, .. } | Failure::TimeLimit { program, .. } => program,
            _ => "",
        }
    }

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

/// Reads a table named on the command line (CSV, TSV or a workbook sheet); a file that cannot be
/// read or parsed is an input failure.
pub(crate) fn table_at(path: &std::path::Path) -> Result<crate::load::Table, Failure> {
    let mut problems = Problems::default();
    let table = crate::load::read_table_file(path, &mut problems);
    let table = problems.into_result(table)?;
    table.ok_or_else(|| Failure::Internal(format!("{} was not read", path.display())))
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

/// The data and models a command works on.
pub struct Inputs {
    /// Where the dataset's files come from.
    pub data: Source,
    /// The dataset-wide tables.
    pub dataset: Dataset,
    /// Every program of the models, by name and title (a ledger's rows may name any of them).
    pub all_programs: Vec<ProgramName>,
    /// The selected programs.
    pub programs: Vec<ProgramSpec>,
    /// The dataset's programs left out by `--program`, with the capacity each reads (if any): a
    /// program planned alone is told which of them share its capacity.
    pub left_out: Vec<(String, Option<String>)>,
    /// Problems of the dataset-wide tables, to report together with the programs' own.
    pub problems: Problems,
    /// `--program` named a target table (labour, consumption) rather than a pairing program: no
    /// program is selected, only that table (`check --actuals`).
    pub target_table: Option<String>,
}

impl Inputs {
    /// A pairings file's rows resolved against the programs of this run (see
    /// [`validate::ledger::resolve`]).
    pub fn ledger(
        &self,
        file: &str,
        rows: &[crate::load::PairingRow],
        instances: &[Instance],
    ) -> Ledger {
        let no_aliases = std::collections::BTreeMap::new();
        validate::ledger::resolve(
            file,
            rows,
            &self.all_programs,
            instances,
            self.dataset.aliases.get("district").unwrap_or(&no_aliases),
        )
    }

    /// Builds the instance of every selected program; their problems join the dataset's, so that
    /// one run reports them all.
    pub fn instances(&mut self) -> Vec<Instance> {
        let mut instances = Vec::new();
        for spec in &self.programs {
            match validate::instance(&self.data, &self.dataset, spec) {
                Ok(instance) => instances.push(instance),
                Err(errors) => errors.0.into_iter().for_each(|p| self.problems.push(p)),
            }
        }
        instances
    }
}

/// `--program NAME` naming neither a program nor a target table: the known names and the closest.
pub(crate) fn unknown_program(name: &str, known: &[&str]) -> Failure {
    Failure::Usage(crate::tr!(
        "usage-unknown-program",
        name = name,
        known = known.join(", "),
        hint = crate::text::did_you_mean(name, known)
    ))
}

/// Reads the dataset and the programs, keeping only `program` when given.
pub fn inputs(args: &DataArgs, program: Option<&str>) -> Result<Inputs, Failure> {
    let data = args
        .data
        .clone()
        .map_or_else(Source::embedded_dataset, Source::Dir);
    let models = args
        .models
        .clone()
        .map_or_else(Source::embedded_models, Source::Dir);
    if let Source::Dir(dir) = &data {
        if !dir.is_dir() {
            return Err(Failure::Usage(crate::tr!(
                "usage-data-folder",
                dir = dir.display().to_string()
            )));
        }
    }
    let mut problems = Problems::default();
    let dataset = validate::dataset_partial(&data, &mut problems);
    let (dataset, mut specs) = match (dataset, validate::programs(&models)) {
        (Some(d), Ok(s)) => (d, s),
        (_, Err(errors)) => {
            for problem in errors.0 {
                problems.push(problem);
            }
            return Err(problems.into_errors().into());
        }
        (None, Ok(_)) => return Err(problems.into_errors().into()),
    };
    if let Some(carried) = &dataset.spec.programs {
        for name in carried {
            if !specs.iter().any(|s| &s.name == name) {
                problems.push(crate::error::InputProblem {
                    file: data.display_name("dataset.toml"),
                    line: None,
                    column: Some("programs".into()),
                    found: Some(name.clone()),
                    expected: crate::tr!(
                        "expected-model-programs",
                        programs = specs
                            .iter()
                            .map(|s| s.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                });
            }
        }
        specs.retain(|s| carried.contains(&s.name));
    }
    let all_programs: Vec<ProgramName> = specs
        .iter()
        .map(|s| ProgramName {
            name: s.name.clone(),
            title: s.title.clone(),
        })
        .collect();
    // A program or table is named by its name in any case or by its title (万企帮万村).
    let named: Vec<ProgramName> = all_programs
        .iter()
        .cloned()
        .chain(dataset.spec.targets.iter().map(|t| ProgramName {
            name: t.name.clone(),
            title: t.title.clone(),
        }))
        .collect();
    let program =
        program.map(|written| validate::ledger::program_named(written, &named).unwrap_or(written));
    let mut left_out = Vec::new();
    let mut target_table = None;
    if let Some(name) = program.filter(|n| {
        !specs.iter().any(|s| &s.name == n) && dataset.spec.targets.iter().any(|t| &t.name == n)
    }) {
        target_table = Some(name.to_string());
        specs.clear();
    } else if let Some(name) = program {
        let known: Vec<String> = specs
            .iter()
            .map(|s| s.name.clone())
            .chain(dataset.spec.targets.iter().map(|t| t.name.clone()))
            .collect();
        // A program that follows another's pairs (telemedicine after the hospital pairings) brings
        // that program with it: its plan is what this one follows.
        let followed: Vec<String> = specs
            .iter()
            .filter(|s| s.name == name)
            .flat_map(|s| s.rules.iter())
            .filter_map(|r| match r.get_ref() {
                crate::load::RuleSpec::PairsOf { program, .. } => Some(program.clone()),
                _ => None,
            })
            .collect();
        let selected = |s: &ProgramSpec| s.name == name || followed.contains(&s.name);
        left_out = specs
            .iter()
            .filter(|s| !selected(s))
            .map(|s| (s.name.clone(), s.capacity_source()))
            .collect();
        specs.retain(selected);
        if specs.is_empty() {
            let names: Vec<&str> = known.iter().map(String::as_str).collect();
            return Err(unknown_program(name, &names));
        }
    }
    Ok(Inputs {
        data,
        dataset,
        all_programs,
        programs: specs,
        left_out,
        problems,
        target_table,
    })
}
