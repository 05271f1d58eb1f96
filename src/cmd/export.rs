//! `pairplan export`: writes the exact problem a program is solved as — DIMACS min-cost flow for a
//! network, CPLEX LP or free MPS for the LP — so that other solvers (OR-Tools, HiGHS) can solve the
//! same instance and be compared with pairplan's.

use std::path::PathBuf;

use clap::ValueEnum;

use super::{DataArgs, Failure};
use crate::graph::PairingGraph;
use crate::model;
use crate::report::{export, write_atomically};
use crate::solve::flow;

/// Arguments of `export`.
#[derive(Debug, Clone, clap::Args)]
pub struct ExportArgs {
    /// Data and models.
    #[command(flatten)]
    pub data: DataArgs,
    /// The program to export.
    #[arg(long, value_name = "NAME")]
    pub program: String,
    /// The format: dimacs (a network's integer costs, as the flow solves it), lp or mps (as the
    /// LP solves it).
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// The file to write (`-`: standard output).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

/// `--format` of `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// DIMACS min-cost flow (networks only).
    Dimacs,
    /// CPLEX LP.
    Lp,
    /// Free MPS.
    Mps,
}

/// Runs the subcommand.
pub fn run(args: &ExportArgs) -> Result<u8, Failure> {
    let mut inputs = super::inputs(&args.data, Some(&args.program))?;
    let instances = inputs.instances();
    std::mem::take(&mut inputs.problems).into_result(())?;
    let Some(instance) = instances.first() else {
        return Err(Failure::Usage(format!(
            "--program {}: no such program",
            args.program
        )));
    };
    let graph = PairingGraph::build(instance);
    let description = model::describe(instance, &graph);
    let title = format!(
        "{} {} on {}",
        instance.program.name, instance.program.title, inputs.dataset.spec.name
    );
    let bytes = match args.format {
        ExportFormat::Dimacs => {
            let network = flow::network(&description).map_err(|why| {
                Failure::Usage(format!(
                    "{} is not a pure network ({why}): export it with --format lp or mps",
                    instance.program.name
                ))
            })?;
            export::render_dimacs(&description, &network.flow.costs(), network.scale, &title)
        }
        ExportFormat::Lp => export::render_lp(&description, &title),
        ExportFormat::Mps => export::render_mps(&description, &title),
    };
    write_atomically("--out", &args.out, &bytes)?;
    Ok(0)
}
