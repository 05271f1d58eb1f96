//! One file per subcommand; each only wires the stages together.

pub mod check;
pub mod generate;
pub mod plan;
pub mod programs;

use crate::cli::{DataArgs, Failure};
use crate::domain::Instance;
use crate::error::Problems;
use crate::load::{ProgramSpec, Source};
use crate::validate::{self, Dataset};

/// The data and models a command works on.
pub struct Inputs {
    /// Where the dataset's files come from.
    pub data: Source,
    /// The dataset-wide tables.
    pub dataset: Dataset,
    /// The selected programs.
    pub programs: Vec<ProgramSpec>,
    /// Problems of the dataset-wide tables, to report together with the programs' own.
    pub problems: Problems,
}

impl Inputs {
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
            return Err(Failure::Usage(format!(
                "--data {}: expected a folder with dataset.toml",
                dir.display()
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
                    expected: format!(
                        "names of programs the models define ({})",
                        specs
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
    if let Some(name) = program {
        let known: Vec<String> = specs.iter().map(|s| s.name.clone()).collect();
        specs.retain(|s| s.name == name);
        if specs.is_empty() {
            return Err(Failure::Usage(format!(
                "--program {name}: expected one of {}",
                known.join(", ")
            )));
        }
    }
    Ok(Inputs {
        data,
        dataset,
        programs: specs,
        problems,
    })
}
