//! `pairplan init 我的数据.xlsx`: writes the lists to fill in for the programs named — one workbook,
//! or a folder of CSV files — with a 填写说明 sheet, the 2019 plans' official tables prefilled;
//! `--from-embedded` writes the whole 2019 dataset as next year's starting point.

use std::path::{Path, PathBuf};

use super::Failure;
use crate::jobs::init::{self, InitRequest, Template};
use crate::report::output::{write_output, OutputError};

/// Arguments of `init`.
#[derive(Debug, Clone, clap::Args)]
pub struct InitArgs {
    /// Where to write: a workbook (`我的数据.xlsx`), or a folder of CSV files (created; it must be
    /// empty). Give it to `plan --data` once filled in.
    #[arg(value_name = "FILE.xlsx|DIR")]
    pub target: PathBuf,
    /// The programs to write the lists of, by name or title, comma-separated (`villages,
    /// county-hospitals` or `万企帮万村`); default: every program.
    #[arg(long, value_name = "NAMES")]
    pub program: Option<String>,
    /// Write the whole embedded 2019 dataset (every table, its settings, the official and synthetic
    /// labels) instead of a template: `plan --data` on it plans as `plan` does.
    #[arg(long, conflicts_with = "program")]
    pub from_embedded: bool,
}

/// Runs the subcommand.
pub fn run(args: &InitArgs) -> Result<u8, Failure> {
    let workbook = args
        .target
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if workbook {
        if args.target.exists() {
            // A list filled in since would be lost.
            return Err(OutputError::Refused {
                option: "init".into(),
                path: args.target.display().to_string(),
                reason: crate::tr!("init-exists"),
            }
            .into());
        }
        crate::report::claim("init", &args.target)?;
    }
    let mut inputs = crate::jobs::inputs::read(None, None, None)?;
    let template = init::template(
        &mut inputs,
        &InitRequest {
            programs: args.program.as_deref(),
            from_embedded: args.from_embedded,
        },
    )?;
    if workbook {
        super::write_sheets("init", &args.target, &template.sheets)?;
    } else {
        write_folder(&args.target, &template)?;
    }
    eprintln!(
        "{}",
        crate::tr!(
            "init-wrote",
            file = args.target.display().to_string(),
            fill = template.to_fill.join("、"),
            prefilled = template.prefilled.join("、")
        )
    );
    Ok(0)
}

/// A folder of CSV files, one a sheet, named by the sheet (and `dataset.toml` for a whole dataset,
/// whose tables then keep their file names and headers: the folder is a dataset folder). Never
/// into a folder that holds files.
fn write_folder(dir: &Path, template: &Template) -> Result<(), Failure> {
    let refused = |reason: String| OutputError::Refused {
        option: "init".into(),
        path: dir.display().to_string(),
        reason,
    };
    match std::fs::read_dir(dir) {
        Ok(entries) => {
            let held = entries.count();
            if held > 0 {
                return Err(refused(crate::tr!("refused-not-empty", count = held)).into());
            }
        }
        Err(_) if dir.exists() => {
            return Err(refused(crate::tr!("init-not-a-folder")).into());
        }
        Err(_) => std::fs::create_dir_all(dir).map_err(|source| OutputError::Failed {
            path: dir.display().to_string(),
            source,
        })?,
    }
    let files: Vec<(String, Vec<u8>)> = match &template.settings {
        // The embedded files as they are: their settings name them.
        Some(_) => crate::load::EMBEDDED_DATASET
            .iter()
            .map(|(file, text)| (file.to_string(), text.as_bytes().to_vec()))
            .collect(),
        None => template
            .sheets
            .iter()
            .map(|sheet| (format!("{}.csv", sheet.name), sheet.to_csv()))
            .collect(),
    };
    let targets = files
        .iter()
        .map(|(name, _)| crate::report::claim("init", &dir.join(name)))
        .collect::<Result<Vec<_>, _>>()?;
    for (target, (_, bytes)) in targets.iter().zip(&files) {
        write_output(target, bytes)?;
    }
    Ok(())
}
