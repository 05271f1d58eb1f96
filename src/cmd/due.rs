//! `pairplan due --as-of DATE`: what falls due around a day, by owner — overdue, due within a window,
//! or done in the actual figures — with each item's clause; `--out 日程.xlsx` (or .csv, .json) for
//! the office, `.ics` for a calendar.

use std::path::PathBuf;

use super::{print_summary, Failure, Format};
use crate::jobs::due::{due, DueRequest};
use crate::report::{json, sheets, text};

/// Arguments of `due`.
#[derive(Debug, Clone, clap::Args)]
pub struct DueArgs {
    /// Data and models: the dataset's calendar and target tables, and the programs' deadlines.
    #[command(flatten)]
    pub data: super::DataArgs,
    /// The day to look from (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    pub as_of: String,
    /// How far ahead counts as due: days (30d), weeks (4w) or months (3m; a month is 30 days).
    #[arg(long, value_name = "SPAN", default_value = "30d", value_parser = parse_span)]
    pub within: i64,
    /// Only what this district or unit answers for, named or within a collective the plans name
    /// (各区 for a district, 各单位 and 各部门 for a city unit).
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
    /// Actual figures (as `check --actuals`): a target met there is listed as done.
    #[arg(long, value_name = "FILE")]
    pub actuals: Option<PathBuf>,
    /// How to print the list on standard output: table (aligned text tables) or json.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write the list to this file: `.ics` a calendar (one all-day event per item), `.xlsx` a
    /// workbook, `.json`, else CSV.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// A span written as days, weeks or months (`30d`, `4w`, `3m`), in days.
fn parse_span(text: &str) -> Result<i64, String> {
    let (number, unit) = text.split_at(text.len().saturating_sub(1));
    let days = match unit {
        "d" => 1,
        "w" => 7,
        "m" => 30,
        _ => 0,
    };
    match number.parse::<i64>() {
        Ok(n) if days > 0 && (0..=3660).contains(&(n * days)) => Ok(n * days),
        _ => Err(crate::tr!("arg-span", text = text)),
    }
}

/// Runs the subcommand: exit 0 whatever is due.
pub fn run(args: &DueArgs) -> Result<u8, Failure> {
    super::claim_outputs(&[("--out", args.out.as_deref())])?;
    let as_of = crate::text::date(&args.as_of)
        .ok_or_else(|| Failure::Internal(format!("{} passed as a date", args.as_of)))?;
    let mut inputs = super::inputs(&args.data, None)?;
    let list = due(
        &mut inputs,
        &DueRequest {
            as_of,
            within_days: args.within,
            owner: args.owner.as_deref(),
            actuals: args.actuals.as_deref(),
        },
    )?;
    if let Some(path) = &args.out {
        let is_ics = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("ics"));
        if is_ics {
            let bytes = crate::report::ics::calendar(&list);
            crate::report::write_atomically("--out", path, bytes.as_bytes())?;
        } else {
            super::write_sheets("--out", path, &[sheets::due_sheet(&list)])?;
        }
        super::tell_written(path);
    }
    let text = match args.format {
        Format::Json => json::pretty(&list)?,
        Format::Table => text::render_due(&list),
    };
    print_summary(&text, args.out.as_deref())?;
    Ok(0)
}
