//! `pairplan generate`: writes a complete dataset — the official tables and the synthetic villages
//! and enterprises — into a folder. The committed `data/tianjin-2019` is its output for seed 2019.
//! `--scale national` writes instead a synthetic instance the size of the national programme, for
//! measuring the tool.

use std::path::PathBuf;

use clap::ValueEnum;

use super::Failure;
use crate::load::Source;
use crate::report::output::{write_output, OutputError};
use crate::synth;

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
    #[arg(long, value_name = "DIR", conflicts_with = "scale")]
    pub from: Option<PathBuf>,
    /// What to generate: the Tianjin dataset's synthetic complement, or a national-scale synthetic
    /// 万企帮万村 instance (about 139,000 villages and 127,000 enterprises) for measuring the tool.
    #[arg(long, value_enum, default_value_t = Scale::Tianjin)]
    pub scale: Scale,
    /// Write into --out even when it already holds files (those of the same name are replaced).
    #[arg(long)]
    pub force: bool,
}

/// `--scale` of `generate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Scale {
    /// The Tianjin 2019 dataset (official tables and their synthetic complement).
    Tianjin,
    /// A national-scale synthetic instance of the villages program.
    National,
}

/// Runs the subcommand.
pub fn run(args: &GenerateArgs) -> Result<u8, Failure> {
    let files = match args.scale {
        Scale::Tianjin => {
            let official = args
                .from
                .clone()
                .map_or_else(Source::embedded_dataset, Source::Dir);
            synth::generate(&official, args.seed)?
        }
        Scale::National => synth::national::generate(args.seed)?,
    };
    match std::fs::metadata(&args.out) {
        Ok(meta) if !meta.is_dir() => {
            return Err(OutputError::Refused {
                option: "--out".into(),
                path: args.out.display().to_string(),
                reason: "expected a folder to write the dataset into".into(),
            }
            .into())
        }
        Ok(_) => {
            // Regenerating over a dataset someone edited by hand would lose their edits silently.
            let held = std::fs::read_dir(&args.out)
                .map(|entries| entries.count())
                .unwrap_or(0);
            if held > 0 && !args.force {
                return Err(OutputError::Refused {
                    option: "--out".into(),
                    path: args.out.display().to_string(),
                    reason: crate::tr!("refused-not-empty", count = held),
                }
                .into());
            }
        }
        Err(_) => std::fs::create_dir_all(&args.out).map_err(|source| OutputError::Failed {
            path: args.out.display().to_string(),
            source,
        })?,
    }
    // Every target judged before the first is written: a folder holding the tables it was
    // generated from is refused whole, not half overwritten.
    let targets = files
        .keys()
        .map(|name| crate::report::claim("--out", &args.out.join(name)))
        .collect::<Result<Vec<_>, _>>()?;
    for (target, bytes) in targets.iter().zip(files.values()) {
        write_output(target, bytes)?;
    }
    eprintln!(
        "{}",
        crate::tr!(
            "wrote-files",
            count = files.len(),
            dir = args.out.display().to_string(),
            seed = args.seed
        )
    );
    Ok(0)
}
