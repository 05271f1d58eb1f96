//! `pairplan report --out report.html`: plans (as `plan` does, against `--previous` or for a
//! `--scenario` if given) and writes only the report to look at — one self-contained HTML file with
//! SVG charts, for colleagues who never open a terminal. `plan --report` and `whatif --report`
//! write the same beside their own output.

use std::path::PathBuf;

use super::{DataArgs, Failure};
use crate::jobs::plan::{self, PlanRequest};
use crate::report::html;

/// Arguments of `report`.
#[derive(Debug, Clone, clap::Args)]
pub struct ReportArgs {
    /// Data and models.
    #[command(flatten)]
    pub data: DataArgs,
    /// Report on this program only, or these, comma-separated (`pairplan programs` lists them).
    #[arg(long, value_name = "NAME")]
    pub program: Option<String>,
    /// Last year's pairings: the report shows what is kept, changed, new and dropped.
    #[arg(long, value_name = "FILE|DIR", num_args = 1..)]
    pub previous: Vec<PathBuf>,
    /// A what-if scenario: the report shows its plan and what it moves against the baseline.
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// The HTML file to write.
    #[arg(long, value_name = "FILE.html")]
    pub out: PathBuf,
}

/// Runs the subcommand: plans as `plan` does and writes only the report.
pub fn run(args: &ReportArgs) -> Result<u8, Failure> {
    super::claim_outputs(&[("--out", Some(&args.out))])?;
    let request = PlanRequest {
        previous: &args.previous,
        scenario: args.scenario.as_deref(),
        ..Default::default()
    };
    let mut inputs = super::inputs(&args.data, args.program.as_deref())?;
    let run = plan::prepare(&mut inputs, &request)?.run(&request)?;
    let subtitle = html::plan_subtitle(
        args.program.as_deref(),
        &args.previous,
        args.scenario.as_deref(),
    );
    let page = html::render(&run.html_report(&inputs.dataset.spec.name, subtitle));
    crate::report::write_atomically("--out", &args.out, page.as_bytes())?;
    super::tell_written(&args.out);
    Ok(run.exit_code())
}
