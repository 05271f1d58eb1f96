//! `pairplan plan`: solves every selected program, checks each plan independently of the LP, prints
//! the summaries and writes the pairings.

use std::path::PathBuf;

use clap::ValueEnum;

use super::{print_summary, DataArgs, Failure, Format};
use crate::jobs::plan::{self, PlanRequest};
use crate::report::manifest::Manifest;
use crate::report::output::write_output;
use crate::report::sheet::FileFormat;
use crate::report::{html, json, sheets, text};
use crate::solve;

/// `--solver`: the command line's names for [`crate::solve::Solver`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SolverChoice {
    /// Exact min-cost flow for the programs that are pure networks, the LP for the others.
    Auto,
    /// Exact min-cost flow only: a program that is not a pure network is an error (exit 2).
    Flow,
    /// The LP (microlp) for every program.
    Lp,
}

impl From<SolverChoice> for crate::solve::Solver {
    fn from(choice: SolverChoice) -> Self {
        match choice {
            SolverChoice::Auto => crate::solve::Solver::Auto,
            SolverChoice::Flow => crate::solve::Solver::Flow,
            SolverChoice::Lp => crate::solve::Solver::Lp,
        }
    }
}

/// Arguments of `plan`.
#[derive(Debug, Clone, clap::Args)]
pub struct PlanArgs {
    /// Data and models.
    #[command(flatten)]
    pub data: DataArgs,
    /// Plan only this program, or these, comma-separated (`pairplan programs` lists them); default:
    /// every program.
    #[arg(long, value_name = "NAME")]
    pub program: Option<String>,
    /// Write the pairings to this file, in the format its name asks for: `.xlsx` a workbook for
    /// Excel and WPS (pairings, by district, by county, sources…), `.json`, else CSV (written only
    /// when every program has a plan; never over an input of the run or anything but a regular
    /// file). `-` writes the CSV to standard output and the summary to standard error.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// How to print the summary on standard output: table (aligned text tables) or json.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Also write the report to look at: one self-contained HTML file with charts (each district's
    /// quota and load, coverage by county, how helpers' capacity is used, what changed against
    /// --previous, which inputs are synthetic).
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
    /// Solving method; each finds an optimum of the same objective, and the summary says which ran
    /// and why.
    #[arg(long, value_enum, default_value_t = SolverChoice::Auto)]
    pub solver: SolverChoice,
    /// Stop solving after this many seconds (for the whole run): a program then has the best plan
    /// found so far, marked time_limit (not proven optimal), or none (exit 5).
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    pub time_limit: Option<f64>,
    /// Last year's pairings (a ledger, or a file `plan --out` wrote): each that the rules still
    /// allow is kept where it can be (a change costs the model's `change` weight); the CSV gains
    /// `status` (kept, changed, new, dropped), `previous_units` and `reason`, and the summary counts
    /// what moved, per district. Several files and folders are read together (each district's
    /// 台账; a folder: every .csv and .xlsx in it).
    #[arg(long, value_name = "FILE|DIR", num_args = 1..)]
    pub previous: Vec<PathBuf>,
    /// With --previous: the best plan of each program that changes at most K of last year's units
    /// (rows naming ids no longer in the data count as changes); if none does, the fewest changes
    /// any plan needs, and what forces them.
    #[arg(long, value_name = "K", requires = "previous")]
    pub max_changes: Option<u32>,
    /// With --previous: the day next year's plan starts (YYYY-MM-DD). A posting whose post has a
    /// tenure and that ends by then (its `start` + the tenure) is filled again; one that continues
    /// stays where it is, and the CSV says which, per post.
    #[arg(long, value_name = "DATE", value_parser = super::parse_date, requires = "previous")]
    pub as_of: Option<String>,
    /// Write a manifest (JSON): the SHA-256 of every input and model read, the scenario, the
    /// pairplan version, the solver and settings, and the SHA-256 of the pairings (the `--out`
    /// file's bytes, or the CSV the plan would write), so that two offices can confirm they made the
    /// same plan. `--format json` carries it as `manifest`.
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    /// Say what binds each plan: helpers at capacity, units at their minimum with what one more or
    /// one fewer would change, and for each district the best district to move one village of
    /// quota to or from, with the change in the objective (each found by solving again).
    #[arg(long, conflicts_with_all = ["frontier", "max_changes"])]
    pub explain: bool,
    /// Write the pairings of the programs that have a plan even when some have none (by default
    /// --out is written only when every program has a plan).
    #[arg(long, requires = "out")]
    pub partial: bool,
    /// With --previous: a CSV `old_id,new_id` of helpers and recipients whose id changed since last
    /// year, so that their pairings are recognised and kept.
    #[arg(long, value_name = "FILE", requires = "previous")]
    pub renamed: Option<PathBuf>,
    /// A what-if scenario (a TOML file of edits; README, What-if): the baseline is planned first (against --previous if
    /// given), then the scenario's edits applied in memory and planned against the baseline's plan,
    /// so that the summary shows what the scenario moves.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["frontier", "max_changes"])]
    pub scenario: Option<PathBuf>,
    /// With --previous and --program: instead of one plan, the trade between changes and the
    /// program's own objective — for change weights from 0 to 10⁶, the fewest changes and the best
    /// objective (off-map, mismatches, balance) each reaches, as a table or JSON, to choose the knee.
    #[arg(long, requires_all = ["previous", "program"], conflicts_with_all = ["out", "max_changes"])]
    pub frontier: bool,
}

fn parse_seconds(text: &str) -> Result<f64, String> {
    /// About four months: no planner waits longer, and a deadline past it overflows no clock.
    const MOST: f64 = 1e7;
    match text.parse::<f64>().ok().filter(|s| s.is_finite()) {
        Some(s) if s > MOST => Err(crate::tr!(
            "arg-seconds-too-many",
            text = text,
            most = "10000000"
        )),
        Some(s) if s > 0.0 => Ok(s),
        _ => Err(crate::tr!("arg-seconds", text = text)),
    }
}

impl PlanArgs {
    /// The plan job's request.
    fn request(&self) -> PlanRequest<'_> {
        PlanRequest {
            solver: self.solver.into(),
            deadline: self.time_limit.map(solve::Deadline::after),
            previous: &self.previous,
            renamed: self.renamed.as_deref(),
            max_changes: self.max_changes,
            as_of: self.as_of.as_deref().and_then(crate::text::date),
            scenario: self.scenario.as_deref(),
            explain: self.explain,
        }
    }

    /// The settings a manifest records (those not given are left out).
    fn settings(&self) -> [(&'static str, Option<String>); 8] {
        let paths = |p: &[PathBuf]| {
            (!p.is_empty()).then(|| {
                p.iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
        };
        let path = |p: &Option<PathBuf>| p.as_ref().map(|p| p.display().to_string());
        [
            ("solver", Some(format!("{:?}", self.solver).to_lowercase())),
            ("program", self.program.clone()),
            ("time_limit", self.time_limit.map(|s| s.to_string())),
            ("previous", paths(&self.previous)),
            ("renamed", path(&self.renamed)),
            ("max_changes", self.max_changes.map(|k| k.to_string())),
            ("as_of", self.as_of.clone()),
            ("scenario", path(&self.scenario)),
        ]
    }
}

/// Runs the subcommand.
pub fn run(args: &PlanArgs) -> Result<u8, Failure> {
    super::claim_outputs(&[
        ("--out", args.out.as_deref()),
        ("--report", args.report.as_deref()),
        ("--manifest", args.manifest.as_deref()),
    ])?;
    let request = args.request();
    // The frontier trades one program's changes against its own objective: of one program only.
    if let Some(written) = args.program.as_deref().filter(|_| args.frontier) {
        let names = crate::text::program_names(written);
        if names.len() > 1 {
            return Err(Failure::Usage(crate::tr!(
                "usage-frontier-one-program",
                programs = written
            )));
        }
    }
    let mut inputs = super::inputs(&args.data, args.program.as_deref())?;
    let prepared = plan::prepare(&mut inputs, &request)?;
    if args.frontier {
        return frontier(prepared, args);
    }
    // Judged before solving, so that a refused target costs no time; every input is read by now.
    let out = args
        .out
        .as_deref()
        .map(|path| {
            Ok::<_, Failure>((
                crate::report::claim("--out", path)?,
                FileFormat::of("--out", path)?,
            ))
        })
        .transpose()?;
    let run = prepared.run(&request)?;
    let plans = run.plans();
    let csv = match &run.comparison {
        Some(compared) => sheets::render_plan_changes_csv(&plans, compared),
        None => sheets::render_plan_csv(&plans),
    };
    let mut manifest = Manifest::new(args.settings(), &csv);
    manifest.read_lists(&inputs.data);
    // The pairings are written only when every program has a plan, unless asked for what there is.
    if let Some((target, format)) = out.filter(|_| run.failed.is_empty() || args.partial) {
        let bytes = match format {
            FileFormat::Csv => csv,
            _ => format
                .render_titled(
                    &sheets::plan_workbook(
                        &plans,
                        run.comparison.as_ref(),
                        &run.summaries(),
                        &run.notes,
                        &serde_json::to_value(&manifest)?,
                    ),
                    &inputs.dataset.spec.title,
                )
                .map_err(Failure::Internal)?,
        };
        write_output(&target, &bytes)?;
        if let Some(path) = &args.out {
            super::tell_written(path);
        }
    }
    if let Some(path) = &args.manifest {
        super::write_json("--manifest", path, &manifest)?;
        super::tell_written(path);
    }
    if let Some(path) = &args.report {
        let subtitle = html::plan_subtitle(
            args.program.as_deref(),
            &args.previous,
            args.scenario.as_deref(),
        );
        let page = html::render(&run.html_report(&inputs.dataset.spec.name, subtitle));
        crate::report::write_atomically("--report", path, page.as_bytes())?;
        super::tell_written(path);
    }
    print_run(args, &inputs.dataset.spec, &run, &manifest)?;
    Ok(run.exit_code())
}

/// Prints the summary (or its JSON) where it does not mix with a CSV on standard output, and the
/// reasons of programs without a plan on standard error where scripts look for them.
fn print_run(
    args: &PlanArgs,
    dataset: &crate::load::DatasetSpec,
    run: &plan::PlanRun,
    manifest: &Manifest,
) -> Result<(), Failure> {
    let text = match args.format {
        Format::Json => json::pretty(&json::PlanDocument {
            dataset: &dataset.name,
            programs: &run.json_programs()?,
            data_notes: &run.notes,
            manifest,
            binding: &run.bindings,
            refused: &run.refused,
        })?,
        Format::Table => text::render_plan_run(
            &dataset.name,
            &dataset.title,
            &run.summaries(),
            &run.bindings,
            &run.failed
                .iter()
                .map(|f| (f.program().to_string(), f.to_string()))
                .collect::<Vec<_>>(),
            &run.notes,
            &run.refused,
        ),
    };
    print_summary(&text, args.out.as_deref())?;
    if !run.failed.is_empty() && !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        // The reasons go to standard error too, where scripts look for them — once on a
        // terminal, where both streams show: the summary above already said them.
        for failure in &run.failed {
            eprintln!("pairplan: {failure}");
        }
    }
    Ok(())
}

/// `plan --frontier`: the trade between changes and the program's own objective.
fn frontier(prepared: plan::Prepared, args: &PlanArgs) -> Result<u8, Failure> {
    let Some(frontier) = prepared.frontier(args.solver.into())? else {
        return Ok(0);
    };
    let text = match args.format {
        Format::Json => json::pretty(&frontier.points)?,
        Format::Table => {
            text::render_frontier(&frontier.program, &frontier.previous, &frontier.points)
        }
    };
    print_summary(&text, None)?;
    Ok(0)
}
