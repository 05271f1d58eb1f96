//! The data and models a job works on: the dataset read and validated, the programs selected by
//! name or title (with the programs they follow), and every problem found on the way, reported
//! together.

use std::path::Path;

use super::Failure;
use crate::domain::Instance;
use crate::error::Problems;
use crate::load::{ProgramSpec, Source};
use crate::validate::ledger::{Ledger, ProgramName, RowsInOrder};
use crate::validate::{self, Dataset};

/// Reads a table named on the command line (CSV, TSV or a workbook sheet); a file that cannot be
/// read or parsed is an input failure.
pub fn table_at(path: &std::path::Path) -> Result<crate::load::Table, Failure> {
    let mut problems = Problems::default();
    let table = crate::load::read_table_file(path, &mut problems);
    let table = problems.into_result(table)?;
    table.ok_or_else(|| Failure::Internal(format!("{} was not read", path.display())))
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
    /// The name of the program, target table or named requirement `written` names: by its name in
    /// any case or by its title (万企帮万村), as `--program` takes them everywhere; as written
    /// when none.
    pub fn name_of(&self, written: &str) -> String {
        let spec = &self.dataset.spec;
        let all: Vec<ProgramName> = self
            .all_programs
            .iter()
            .cloned()
            .chain(spec.targets.iter().map(|t| ProgramName {
                name: t.name.clone(),
                title: t.title.clone(),
            }))
            .chain(spec.named.iter().map(|n| ProgramName {
                name: n.name.clone(),
                title: n.title.clone(),
            }))
            .collect();
        validate::ledger::program_named(written, &all)
            .unwrap_or(written)
            .to_string()
    }

    /// A pairings file's rows resolved against the programs of this run (see
    /// [`validate::ledger::resolve`]).
    pub fn ledger(
        &self,
        file: &str,
        rows: Vec<crate::load::PairingRow>,
        instances: &[Instance],
    ) -> Ledger {
        self.resolve(file, RowsInOrder::new(rows, &self.all_programs), instances)
    }

    /// As [`Inputs::ledger`], of rows already looked through in order against
    /// [`Inputs::all_programs`].
    pub fn resolve(&self, file: &str, rows: RowsInOrder, instances: &[Instance]) -> Ledger {
        let no_aliases = std::collections::BTreeMap::new();
        validate::ledger::resolve(
            file,
            rows,
            instances,
            self.dataset.aliases.get("district").unwrap_or(&no_aliases),
        )
    }

    /// Builds the instance of every selected program; their problems join the dataset's, so that
    /// one run reports them all.
    pub fn instances(&mut self) -> Vec<Instance> {
        let (instances, problems) = self.instances_apart();
        self.problems.extend(problems);
        instances
    }

    /// As [`Inputs::instances`], the problems given back instead of joined: for a job that reads
    /// something else at the same time.
    pub fn instances_apart(&self) -> (Vec<Instance>, crate::error::Problems) {
        let mut instances = Vec::new();
        let mut problems = crate::error::Problems::default();
        for spec in &self.programs {
            match validate::instance(&self.data, &self.dataset, spec) {
                Ok(instance) => instances.push(instance),
                Err(errors) => errors.0.into_iter().for_each(|p| problems.push(p)),
            }
        }
        (instances, problems)
    }
}

/// `--program NAME` naming neither a program nor a target table: the known names and the closest.
pub fn unknown_program(name: &str, known: &[&str]) -> Failure {
    // Listed as the reader names them (their titles, in Chinese); the closest by either.
    let shown: Vec<String> = known.iter().map(|k| crate::i18n::program(k)).collect();
    let shown: Vec<&str> = shown.iter().map(String::as_str).collect();
    let hint = match crate::text::did_you_mean(name, known) {
        by_name if by_name.is_empty() => crate::text::did_you_mean(name, &shown),
        by_name => by_name,
    };
    Failure::Usage(crate::tr!(
        "usage-unknown-program",
        name = name,
        known = shown.join(crate::i18n::list_separator()),
        hint = hint
    ))
}

/// Reads the dataset (a folder, or the embedded Tianjin 2019 data when `None`) and the program
/// models (a folder, or the built-in models), keeping only `program` when given.
pub fn read(
    data: Option<&Path>,
    models: Option<&Path>,
    program: Option<&str>,
) -> Result<Inputs, Failure> {
    let mut problems = Problems::default();
    let data = match data {
        Some(path) => data_source(path, &mut problems)?,
        None => Source::embedded_dataset(),
    };
    let models = models.map_or_else(Source::embedded_models, |dir| {
        Source::Dir(dir.to_path_buf())
    });
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
    carry_programs(&data, &dataset, &mut specs, &mut problems);
    if let Some(order) = &dataset.spec.order {
        // Stable: the programs the list does not name keep the models' order, after it.
        specs.sort_by_key(|s| {
            order
                .iter()
                .position(|n| n == &s.name)
                .unwrap_or(usize::MAX)
        });
    }
    if let (Source::Own(own), None) = (&data, program) {
        own_programs(own, &mut specs)?;
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
    name_in_messages(&named, &dataset);
    let (left_out, target_table) = match program {
        Some(written) => select(
            &crate::text::program_names(written),
            &named,
            &dataset,
            &mut specs,
        )?,
        None => (Vec::new(), None),
    };
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

/// Every message names the programs, target tables and named requirements as the reader does.
fn name_in_messages(named: &[ProgramName], dataset: &Dataset) {
    let requirements = dataset.spec.named.iter();
    crate::i18n::name_programs(
        named
            .iter()
            .map(|n| (n.name.as_str(), n.title.as_str()))
            .chain(requirements.map(|n| (n.name.as_str(), n.title.as_str()))),
    );
}

/// The dataset's programs `--program` left out, each with the capacity it reads (if any).
type LeftOut = Vec<(String, Option<String>)>;

/// Keeps the programs `dataset.toml` carries (`programs = [...]`); a name no model defines is a
/// problem of dataset.toml.
fn carry_programs(
    data: &Source,
    dataset: &Dataset,
    specs: &mut Vec<ProgramSpec>,
    problems: &mut Problems,
) {
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
}

/// The programs left out and the target table named, when `--program` names programs (each with
/// the program it follows, if any) or one target table; `specs` keeps only what is selected.
/// Each name is a program's name in any case or its title (万企帮万村), as `named` lists them.
fn select(
    written: &[&str],
    named: &[ProgramName],
    dataset: &Dataset,
    specs: &mut Vec<ProgramSpec>,
) -> Result<(LeftOut, Option<String>), Failure> {
    if written.is_empty() {
        return Err(Failure::Usage(crate::tr!("usage-program-empty")));
    }
    let names: Vec<&str> = written
        .iter()
        .map(|w| validate::ledger::program_named(w, named).unwrap_or(w))
        .collect();
    let is_table = |name: &str| {
        !specs.iter().any(|s| s.name == name) && dataset.spec.targets.iter().any(|t| t.name == name)
    };
    if let Some(table) = names.iter().copied().find(|n| is_table(n)) {
        // A target table is audited on its own: it has no pairings to plan beside programs.
        if names.len() > 1 {
            return Err(Failure::Usage(crate::tr!(
                "usage-target-alone",
                table = crate::i18n::program(table)
            )));
        }
        specs.clear();
        return Ok((Vec::new(), Some(table.to_string())));
    }
    let known: Vec<String> = specs
        .iter()
        .map(|s| s.name.clone())
        .chain(dataset.spec.targets.iter().map(|t| t.name.clone()))
        .collect();
    if let Some(unknown) = names
        .iter()
        .position(|name| !specs.iter().any(|s| s.name == *name))
    {
        let known: Vec<&str> = known.iter().map(String::as_str).collect();
        return Err(unknown_program(written[unknown], &known));
    }
    // A program that follows another's pairs (telemedicine after the hospital pairings) brings
    // that program with it: its plan is what this one follows.
    let followed: Vec<String> = specs
        .iter()
        .filter(|s| names.contains(&s.name.as_str()))
        .flat_map(|s| s.rules.iter())
        .filter_map(|r| {
            let crate::load::RuleSpec::PairsOf { program, .. } = r.get_ref() else {
                return None;
            };
            Some(program.clone())
        })
        .collect();
    let selected = |s: &ProgramSpec| names.contains(&s.name.as_str()) || followed.contains(&s.name);
    let left_out = specs
        .iter()
        .filter(|s| !selected(s))
        .map(|s| (s.name.clone(), s.capacity_source()))
        .collect();
    specs.retain(selected);
    Ok((left_out, None))
}

/// Where `--data` points: a dataset folder (with `dataset.toml`), or a planner's own lists — a
/// workbook, or a folder of CSV files without `dataset.toml`.
fn data_source(path: &Path, problems: &mut Problems) -> Result<Source, Failure> {
    if !path.exists() {
        return Err(Failure::Usage(crate::tr!(
            "usage-data-folder",
            dir = path.display().to_string()
        )));
    }
    let workbook = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["xlsx", "xlsm", "xls", "ods", "xlsb"].contains(&e.to_lowercase().as_str())
    });
    if path.is_file() && !workbook {
        return Err(Failure::Usage(crate::tr!(
            "usage-data-not-lists",
            dir = path.display().to_string()
        )));
    }
    // Problems of placing the lists are reported with those of reading them, in one run.
    match Source::own(path, problems) {
        Some(Some(own)) => Ok(own),
        Some(None) => Ok(Source::Dir(path.to_path_buf())),
        None => Err(std::mem::take(problems).into_errors().into()),
    }
}

/// The programs a planner's own lists carry: those whose helpers and recipients are both there.
/// None is an error naming, for each program, the lists it needs.
fn own_programs(
    own: &crate::load::own::OwnTables,
    specs: &mut Vec<ProgramSpec>,
) -> Result<(), Failure> {
    let needs: Vec<String> = specs
        .iter()
        .map(|s| {
            let title = |file: &str| {
                crate::load::own::kind_of(file)
                    .map_or(file.trim_end_matches(".csv").to_string(), |k| {
                        k.title_in_language().to_string()
                    })
            };
            format!(
                "{} {}: {} + {}",
                s.name,
                s.title,
                title(&s.recipients.file),
                title(&s.helpers.file)
            )
        })
        .collect();
    specs.retain(|s| own.gives(&s.helpers.file) && own.gives(&s.recipients.file));
    if specs.is_empty() {
        return Err(Failure::Usage(crate::tr!(
            "usage-own-no-program",
            file = &own.name,
            sheets = own
                .placed
                .iter()
                .map(|p| p.sheet.as_str())
                .collect::<Vec<_>>()
                .join("、"),
            needs = needs.join("\n  ")
        )));
    }
    Ok(())
}

/// How messages name the pairings read: the one file, or the files, counted.
pub fn ledger_name(tables: &[crate::load::Table]) -> String {
    match tables {
        [one] => one.file.clone(),
        many => crate::tr!(
            "ledger-files",
            count = many.len(),
            files = many
                .iter()
                .map(|t| t.file.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
