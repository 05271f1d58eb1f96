//! One file per subcommand; each only wires the stages together.

pub mod generate;
pub mod plan;

use crate::cli::{DataArgs, Failure};
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
    let dataset = validate::dataset(&data);
    let specs = validate::programs(&models);
    let (dataset, mut specs) = match (dataset, specs) {
        (Ok(d), Ok(s)) => (d, s),
        (Err(mut a), Err(b)) => {
            a.0.extend(b.0);
            return Err(a.into());
        }
        (Err(e), _) | (_, Err(e)) => return Err(e.into()),
    };
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
    })
}
