//! `pairplan generate`: writes a complete dataset — the official tables and the synthetic villages
//! and enterprises — into a folder. The committed `data/tianjin-2019` is its output for seed 2019.

use crate::cli::{Failure, GenerateArgs};
use crate::load::Source;
use crate::report::write_atomically;
use crate::synth;

/// Runs the subcommand.
pub fn run(args: &GenerateArgs) -> Result<u8, Failure> {
    let official = args
        .from
        .clone()
        .map_or_else(Source::embedded_dataset, Source::Dir);
    let files = synth::generate(&official, args.seed)?;
    std::fs::create_dir_all(&args.out).map_err(|source| Failure::Write {
        path: args.out.display().to_string(),
        source,
    })?;
    for (name, bytes) in &files {
        let path = args.out.join(name);
        write_atomically(&path, bytes).map_err(|source| Failure::Write {
            path: path.display().to_string(),
            source,
        })?;
    }
    eprintln!(
        "wrote {} files to {} (seed {})",
        files.len(),
        args.out.display(),
        args.seed
    );
    Ok(0)
}
