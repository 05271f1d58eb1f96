//! `pairplan report --out report.html`: plans (as `plan` does, against `--previous` or for a
//! `--scenario` if given) and writes only the report to look at — one self-contained HTML file with
//! SVG charts, for colleagues who never open a terminal. `plan --report` and `whatif --report`
//! write the same beside their own output.

use std::path::PathBuf;

use clap::{Args, FromArgMatches};

use super::{DataArgs, Failure};

/// Arguments of `report`.
#[derive(Debug, Clone, clap::Args)]
pub struct ReportArgs {
    /// Data and models.
    #[command(flatten)]
    pub data: DataArgs,
    /// Report on this program only (`pairplan programs` lists them).
    #[arg(long, value_name = "NAME")]
    pub program: Option<String>,
    /// Last year's pairings: the report shows what is kept, changed, new and dropped.
    #[arg(long, value_name = "FILE")]
    pub previous: Option<PathBuf>,
    /// A what-if scenario: the report shows its plan and what it moves against the baseline.
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// The HTML file to write.
    #[arg(long, value_name = "FILE.html")]
    pub out: PathBuf,
}

/// Runs the subcommand: `plan` with `--report`, its summary not printed.
pub fn run(args: &ReportArgs) -> Result<u8, Failure> {
    let mut argv: Vec<std::ffi::OsString> = vec!["plan".into()];
    let mut pass = |flag: &str, value: Option<&std::path::Path>| {
        if let Some(value) = value {
            argv.push(flag.into());
            argv.push(value.as_os_str().to_owned());
        }
    };
    pass("--data", args.data.data.as_deref());
    pass("--models", args.data.models.as_deref());
    pass("--previous", args.previous.as_deref());
    pass("--scenario", args.scenario.as_deref());
    pass("--report", Some(&args.out));
    if let Some(program) = &args.program {
        argv.push("--program".into());
        argv.push(program.into());
    }
    let matches = super::plan::PlanArgs::augment_args(clap::Command::new("plan"))
        .try_get_matches_from(argv)
        .map_err(|e| Failure::Usage(e.to_string()))?;
    let mut plan = super::plan::PlanArgs::from_arg_matches(&matches)
        .map_err(|e| Failure::Usage(e.to_string()))?;
    plan.print_summary = false;
    super::plan::run(&plan)
}
