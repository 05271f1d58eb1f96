//! The command line: the top-level clap type (each subcommand's arguments live in its `cmd/` file)
//! and the dispatcher that maps every outcome to the exit-code contract.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::cmd;

/// pairplan (结对规划): pairing optimizer for Tianjin's east–west cooperation programs.
///
/// Suggests pairings that meet every quota of the 2019 work plans while balancing load, and explains
/// what cannot be met. Runs on the Tianjin 2019 dataset compiled into the binary unless --data names
/// another.
///
/// Exit codes: 0 success; 1 no plan can meet the rules (the reason is printed), or check found a gap;
/// 2 bad input or usage; 3 internal error (a plan failed its own check — please report it); 4 an
/// output could not be written (disk full, standard output failing); 5 the time limit ran out before
/// any plan was found; 128+N stopped by signal N (Ctrl-C: 130), its temporary files removed.
#[derive(Debug, Parser)]
#[command(name = "pairplan", version, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Largest input file accepted (e.g. 128M, 1G): a larger one is refused before it is parsed.
    #[arg(long, global = true, display_order = 1001, help_heading = "Shared options", value_name = "SIZE", value_parser = parse_byte_size, default_value = "128MiB")]
    pub max_file_size: u64,
    /// Longest line accepted in an input file (e.g. 64K).
    #[arg(long, global = true, display_order = 1002, help_heading = "Shared options", value_name = "SIZE", value_parser = parse_byte_size, default_value = "64KiB")]
    pub max_line_length: u64,
    /// Most bytes a workbook may unpack to (e.g. 256M): an .xlsx is a zip, and a small one can unpack to gigabytes
    #[arg(long, global = true, display_order = 1003, help_heading = "Shared options", value_name = "SIZE", value_parser = parse_byte_size, default_value = "256MiB")]
    pub max_unpacked_size: u64,
    /// Most cells in a sheet's used range, each row counted to its last filled cell
    #[arg(
        long,
        global = true,
        display_order = 1004,
        help_heading = "Shared options",
        value_name = "COUNT",
        default_value_t = 5_000_000
    )]
    pub max_cells: u64,
    /// No progress bars (they show on a terminal only, for runs longer than a second).
    #[arg(
        long,
        short,
        global = true,
        display_order = 1005,
        help_heading = "Shared options"
    )]
    pub quiet: bool,
    /// The interface language (zh 中文, en English); default from LC_ALL / LC_MESSAGES / LANG
    /// (zh… → 中文, anything else English). CSV and JSON keys never change.
    #[arg(
        long,
        global = true,
        display_order = 1006,
        help_heading = "Shared options",
        value_enum,
        value_name = "LANG"
    )]
    pub lang: Option<crate::i18n::Lang>,
    /// Also show the solver's figures: objective, model size, method, Σ load²/capacity.
    #[arg(
        long,
        short,
        global = true,
        display_order = 1007,
        help_heading = "Shared options"
    )]
    pub verbose: bool,
    /// List every problem and finding on the terminal, not the first 50 of each list (--out and --format json always hold every one)
    #[arg(
        long,
        global = true,
        display_order = 1008,
        help_heading = "Shared options"
    )]
    pub all_errors: bool,
}

fn parse_byte_size(text: &str) -> Result<u64, String> {
    parse_size::parse_size(text)
        .ok()
        .filter(|&n| n > 0)
        .ok_or_else(|| crate::tr!("arg-size", text = text))
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Suggest pairings that meet every rule of each program, balanced, and print a summary.
    ///
    /// Example: pairplan plan --out plan.csv
    Plan(cmd::plan::PlanArgs),
    /// Audit existing pairings and the data: what is still missing, what breaks a rule.
    ///
    /// Reads the dataset's ledger (pairings-2019.csv for the embedded data) or --pairings FILE, e.g.
    /// the CSV that `plan --out` writes. Exit 0 when nothing breaks a rule, 1 when some finding is a
    /// gap, 2 when the input cannot be read.
    ///
    /// Example: pairplan check --pairings plan.csv --format json
    Check(cmd::check::CheckArgs),
    /// List the pairing programs and target tables: name, Chinese title, seed source, size, rules.
    ///
    /// Example: pairplan programs --format json
    Programs(cmd::programs::ProgramsArgs),
    /// Generate the synthetic complement of a dataset (villages, enterprises, hospitals, posts, a
    /// ledger), deterministically.
    ///
    /// Example: pairplan generate --seed 2019 --out my-dataset
    Generate(cmd::generate::GenerateArgs),
    /// Write the lists to fill in for the programs named — one workbook, or a folder of CSV files —
    /// with a 填写说明 sheet and the 2019 plans' official tables prefilled; `plan --data` reads it
    /// back once filled in.
    ///
    /// Example: pairplan init 我的数据.xlsx --program villages
    Init(cmd::init::InitArgs),
    /// Write the exact problem a program is solved as — DIMACS min-cost flow, CPLEX LP or free MPS —
    /// for other solvers to compare with.
    ///
    /// Example: pairplan export --program villages --format dimacs --out villages.min
    Export(cmd::export::ExportArgs),
    /// Compare two pairings files: units kept, changed, new and dropped per program and district,
    /// and the recipients whose helper changed.
    ///
    /// Example: pairplan diff pairings-2019.csv plan-2020.csv
    Diff(cmd::diff::DiffArgs),
    /// What falls due around a day, by owner: the plans' dated tasks and reporting cycles, the
    /// target tables' deadlines and milestones, the programs' deadlines — overdue, due, or done.
    ///
    /// Example: pairplan due --as-of 2019-09-01 --within 30d --owner 西青区 --out due.ics
    Due(cmd::due::DueArgs),
    /// Plan the baseline and what-if scenarios side by side and compare them in one table.
    ///
    /// Each scenario (a TOML file of edits: quota moved, minimum set, helpers removed, a county
    /// reassigned, pairs pinned or banned, weights) is planned against the baseline's plan, so the
    /// table shows what it forces to move.
    ///
    /// Example: pairplan whatif scenarios/*.toml
    Whatif(cmd::whatif::WhatIfArgs),
    /// Write the report to look at: one self-contained HTML file with charts of the plan.
    ///
    /// Each district's quota and load, coverage by prefecture and county, how the helpers'
    /// capacity is used, what changed against --previous, and which inputs are synthetic. Opens in
    /// any browser, offline.
    ///
    /// Example: pairplan report --out report.html
    Report(cmd::report::ReportArgs),
    /// Print the shell completion script for bash, zsh, fish, powershell or elvish.
    ///
    /// Example: pairplan completions bash > /etc/bash_completion.d/pairplan
    Completions(cmd::completions::CompletionsArgs),
    /// Print the manual page (roff), or write one per command into a folder.
    ///
    /// Example: pairplan man --out /usr/local/share/man/man1
    Man(cmd::completions::ManArgs),
}

/// The language `--lang` asks for on the command line, read before parsing (`--lang zh`,
/// `--lang=en`).
fn lang_asked(args: &[std::ffi::OsString]) -> Option<crate::i18n::Lang> {
    let words: Vec<&str> = args.iter().filter_map(|a| a.to_str()).collect();
    let value = words.iter().enumerate().find_map(|(i, word)| {
        word.strip_prefix("--lang=").or_else(|| {
            (*word == "--lang")
                .then(|| words.get(i + 1).copied())
                .flatten()
        })
    })?;
    <crate::i18n::Lang as clap::ValueEnum>::from_str(value, true).ok()
}

/// The arguments whose help the catalogue gives, wherever a command has them.
const LOCALISED_ARGS: [&str; 44] = [
    "data",
    "actuals_template",
    "models",
    "program",
    "out",
    "format",
    "previous",
    "scenario",
    "report",
    "lang",
    "quiet",
    "verbose",
    "max_file_size",
    "max_line_length",
    "max_unpacked_size",
    "max_cells",
    "all_errors",
    "actuals",
    "as_of",
    "pairings",
    "force",
    "from",
    "scale",
    "seed",
    "explain",
    "frontier",
    "manifest",
    "max_changes",
    "partial",
    "renamed",
    "solver",
    "time_limit",
    "diff",
    "sweep",
    "old",
    "new",
    "scenarios",
    "shell",
    "target",
    "from_embedded",
    "columns",
    "last_plan",
    "within",
    "owner",
];

/// The command line with the catalogue's help in Chinese (in English the doc comments above are
/// the help, word for word as the catalogue's English).
fn localized(command: clap::Command, lang: crate::i18n::Lang) -> clap::Command {
    if lang != crate::i18n::Lang::Zh {
        return without_idle_options(command);
    }
    let args = |command: clap::Command| frame(localized_args(command, lang), lang);
    let about = crate::i18n::message_in(lang, "help-about", &[]);
    let shared = crate::i18n::message_in(lang, "help-shared-options", &[]);
    let mut command = command.about(about).long_about(None);
    let globals: Vec<String> = command
        .get_arguments()
        .filter(|a| a.is_global_set())
        .map(|a| a.get_id().to_string())
        .collect();
    for id in globals {
        command = command.mut_arg(id, |a| a.help_heading(shared.clone()));
    }
    let mut command = args(command);
    // Every command, each with its catalogue key `help-NAME`.
    let names: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_string())
        .collect();
    for name in names {
        let about = crate::i18n::message_in(lang, &format!("help-{name}"), &[]);
        command = command.mut_subcommand(name, |sub| args(sub.about(about).long_about(None)));
    }
    // clap adds its `help` command when the command is built: build it, then say it.
    let mut command = without_idle_options(command);
    command.build();
    let about = crate::i18n::message_in(lang, "help-help-command", &[]);
    command.mut_subcommand("help", |sub| frame(sub.about(about), lang))
}

/// The shared options hidden where they do nothing: `--verbose` shows solver figures, and `diff`,
/// `completions` and `man` solve nothing. (Each of those has its own hidden `--verbose`, which the
/// shared one then leaves alone, so that `-v` is still accepted there.)
fn without_idle_options(mut command: clap::Command) -> clap::Command {
    for name in ["diff", "completions", "man"] {
        command = command.mut_subcommand(name, |sub| {
            sub.arg(
                clap::Arg::new("verbose")
                    .short('v')
                    .long("verbose")
                    .action(clap::ArgAction::SetTrue)
                    .hide(true),
            )
        });
    }
    command
}

/// One command's arguments in the language: each one's help from the catalogue (the command's own
/// words where they differ), clap's `[default: …]` in the language's words, and the placeholders of
/// values.
fn localized_args(mut command: clap::Command, lang: crate::i18n::Lang) -> clap::Command {
    let name = command.get_name().to_string();
    for id in LOCALISED_ARGS {
        if !command.get_arguments().any(|a| a.get_id() == id) {
            continue;
        }
        // A command's own words for an argument where they differ (`--out` of `generate` is a
        // folder), else the shared ones.
        let own = format!("help-arg-{name}-{id}");
        let help = match crate::i18n::message_in(lang, &own, &[]) {
            found if found != own => found,
            _ => crate::i18n::message_in(lang, &format!("help-arg-{id}"), &[]),
        };
        // The catalogue's help names the values itself, in the language.
        command = command.mut_arg(id, |a| {
            let takes_values = a.get_action().takes_values();
            let defaults: Vec<String> = a
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            let help = if defaults.is_empty() || a.is_hide_default_value_set() {
                help
            } else {
                crate::i18n::message_in(
                    lang,
                    "help-default",
                    &[
                        ("help", crate::i18n::value(help)),
                        ("default", crate::i18n::value(defaults.join(" "))),
                    ],
                )
            };
            a.help(help)
                .hide_default_value(takes_values)
                .hide_possible_values(takes_values)
        });
    }
    let named: Vec<(String, Vec<String>)> = command
        .get_arguments()
        .filter(|a| a.get_action().takes_values())
        .filter_map(|a| {
            let names: Vec<String> = a.get_value_names()?.iter().map(|n| n.to_string()).collect();
            Some((a.get_id().to_string(), names))
        })
        .collect();
    for (id, names) in named {
        let names: Vec<String> = names.iter().map(|n| value_name(n, lang)).collect();
        command = command.mut_arg(id, |a| a.value_names(names));
    }
    command
}

/// A value's placeholder in the help (`<FILE>`, `<DIR>`) in the language's words, part by part
/// (`FILE.xlsx|DIR` → `文件.xlsx|文件夹`); a placeholder the catalogue lacks stays as written.
fn value_name(name: &str, lang: crate::i18n::Lang) -> String {
    let whole = format!("help-value-{}", value_key(name));
    let found = crate::i18n::message_in(lang, &whole, &[]);
    if found != whole {
        return found;
    }
    name.split('|')
        .map(|part| {
            let (stem, extension) = part.split_once('.').unwrap_or((part, ""));
            let key = format!("help-value-{}", stem.to_ascii_lowercase());
            let found = crate::i18n::message_in(lang, &key, &[]);
            let stem = if found == key {
                stem.to_string()
            } else {
                found
            };
            if extension.is_empty() {
                stem
            } else {
                format!("{stem}.{extension}")
            }
        })
        .collect::<Vec<_>>()
        .join("|")
}

/// A placeholder as a catalogue key's end: lower case, each run of other signs one `-`
/// (`KEY(ARGS)=FROM..TO:STEP` → `key-args-from-to-step`).
fn value_key(name: &str) -> String {
    name.to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// The help and usage clap renders, with its one fixed English word, `[OPTIONS]`, in the language.
fn clap_words(text: &str, lang: crate::i18n::Lang) -> String {
    let options = crate::i18n::message_in(lang, "help-options-placeholder", &[]);
    text.replace("[OPTIONS]", &options)
}

/// clap's frame in the language: the usage line, the headings of arguments and options, the help
/// and version flags. The options every command shares keep their own heading.
fn frame(command: clap::Command, lang: crate::i18n::Lang) -> clap::Command {
    let say = |key: &str| crate::i18n::message_in(lang, key, &[]);
    let (arguments, options) = (say("help-arguments"), say("help-options"));
    let mut command = command
        .subcommand_help_heading(say("help-commands"))
        .subcommand_value_name(say("help-command"))
        .help_template(format!(
            "{{about-with-newline}}\n{}{{usage}}\n\n{{all-args}}{{after-help}}",
            say("help-usage")
        ))
        .disable_help_flag(true)
        .arg(
            clap::Arg::new("help")
                .short('h')
                .long("help")
                .action(clap::ArgAction::Help)
                .help(say("help-help")),
        );
    // The root's version flag, shared by every command as clap's own was.
    if command.get_version().is_some() {
        command = command.disable_version_flag(true).arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .global(true)
                .action(clap::ArgAction::Version)
                .help_heading(say("help-shared-options"))
                .help(say("help-version")),
        );
    }
    let own: Vec<(String, bool)> = command
        .get_arguments()
        .filter(|a| !a.is_global_set() && a.get_help_heading().is_none())
        .map(|a| (a.get_id().to_string(), a.is_positional()))
        .collect();
    for (id, positional) in own {
        let heading = if positional { &arguments } else { &options };
        command = command.mut_arg(id, |a| a.help_heading(heading.clone()));
    }
    command
}

/// A usage error (an unknown option, a value not among those accepted) in the language's words:
/// what was wrong, what was meant or accepted, the usage line and where the help is. `None` where
/// clap's own words serve: in English, and for help or version output.
fn usage_error(err: &clap::Error, lang: crate::i18n::Lang) -> Option<String> {
    use clap::error::ContextKind;
    if lang != crate::i18n::Lang::Zh || !err.use_stderr() {
        return None;
    }
    let say = |key: &str, args: &[(&str, String)]| say_in(lang, key, args);
    let mut out = say("usage-error", &[]) + &what_was_wrong(err, lang) + "\n";
    for kind in [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ] {
        let suggestion = context_text(err, kind);
        if !suggestion.is_empty() {
            out.push_str(&say("usage-did-you-mean", &[("suggestion", suggestion)]));
            out.push('\n');
        }
    }
    let usage = context_text(err, ContextKind::Usage);
    let usage = usage.trim();
    let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim();
    if !usage.is_empty() {
        // The command's own help: the words of the usage line before its options (`pairplan plan`).
        let command: Vec<&str> = usage
            .split_whitespace()
            .take_while(|w| !w.starts_with(['[', '<', '-']))
            .collect();
        out.push_str(&format!(
            "\n{}{usage}\n{}\n",
            say("help-usage", &[]),
            say("usage-see-help", &[("command", command.join(" "))])
        ));
    }
    Some(out)
}

/// A message of the catalogue in `lang` with text arguments.
fn say_in(lang: crate::i18n::Lang, key: &str, args: &[(&str, String)]) -> String {
    let args: Vec<(&str, fluent_bundle::FluentValue)> = args
        .iter()
        .map(|(name, value)| (*name, crate::i18n::value(value.as_str())))
        .collect();
    crate::i18n::message_in(lang, key, &args)
}

/// What a usage error found wrong, in the language's words.
fn what_was_wrong(err: &clap::Error, lang: crate::i18n::Lang) -> String {
    use clap::error::{ContextKind, ErrorKind};
    let arg = context_text(err, ContextKind::InvalidArg);
    let value = context_text(err, ContextKind::InvalidValue);
    let (key, args): (&str, Vec<(&str, String)>) = match err.kind() {
        ErrorKind::InvalidValue => (
            "usage-invalid-value",
            vec![
                ("arg", arg),
                ("value", value),
                ("valid", context_text(err, ContextKind::ValidValue)),
            ],
        ),
        ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(err).map_or(String::new(), |e| e.to_string());
            (
                "usage-value-validation",
                vec![("arg", arg), ("value", value), ("reason", reason)],
            )
        }
        ErrorKind::UnknownArgument => ("usage-unknown-argument", vec![("arg", arg)]),
        ErrorKind::InvalidSubcommand => (
            "usage-unknown-command",
            vec![("command", context_text(err, ContextKind::InvalidSubcommand))],
        ),
        ErrorKind::MissingRequiredArgument => ("usage-missing", vec![("args", arg)]),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            ("usage-missing-command", vec![])
        }
        ErrorKind::ArgumentConflict => (
            "usage-conflict",
            vec![
                ("arg", arg),
                ("other", context_text(err, ContextKind::PriorArg)),
            ],
        ),
        ErrorKind::NoEquals
        | ErrorKind::TooManyValues
        | ErrorKind::TooFewValues
        | ErrorKind::WrongNumberOfValues => ("usage-values", vec![("arg", arg)]),
        _ => ("usage-other", vec![]),
    };
    say_in(lang, key, &args)
}

/// A piece of a usage error's context as text (several values joined).
fn context_text(err: &clap::Error, kind: clap::error::ContextKind) -> String {
    use clap::error::ContextValue;
    match err.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join("、"),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// Parses the arguments, runs the command and returns the exit code.
pub fn run() -> ExitCode {
    // The language first, so that the help itself speaks it.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    crate::i18n::set(lang_asked(&args).unwrap_or_else(crate::i18n::from_env));
    let parsed = localized(
        <Cli as clap::CommandFactory>::command(),
        crate::i18n::current(),
    )
    .try_get_matches_from(&args)
    .and_then(|matches| <Cli as clap::FromArgMatches>::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() { 2 } else { 0 };
            let lang = crate::i18n::current();
            match usage_error(&err, lang) {
                Some(words) => eprint!("{}", clap_words(&words, lang)),
                None if lang == crate::i18n::Lang::Zh => {
                    print!("{}", clap_words(&err.render().to_string(), lang));
                }
                None => {
                    let _ = err.print();
                }
            }
            return ExitCode::from(code);
        }
    };
    crate::load::file::set_limits(crate::load::file::InputLimits {
        max_file_bytes: cli.max_file_size,
        max_line_bytes: cli.max_line_length,
        max_unpacked_bytes: cli.max_unpacked_size,
        max_cells: cli.max_cells,
    });
    crate::report::output::remove_temp_files_on_signals();
    crate::progress::set_quiet(cli.quiet);
    if let Some(lang) = cli.lang {
        crate::i18n::set(lang);
    }
    crate::report::text::set_verbose(cli.verbose);
    crate::error::show_all(cli.all_errors);
    let result = match cli.command {
        Command::Plan(args) => cmd::plan::run(&args),
        Command::Check(args) => cmd::check::run(&args),
        Command::Programs(args) => cmd::programs::run(&args),
        Command::Generate(args) => cmd::generate::run(&args),
        Command::Init(args) => cmd::init::run(&args),
        Command::Export(args) => cmd::export::run(&args),
        Command::Diff(args) => cmd::diff::run(&args),
        Command::Due(args) => cmd::due::run(&args),
        Command::Whatif(args) => cmd::whatif::run(&args),
        Command::Report(args) => cmd::report::run(&args),
        Command::Completions(args) => {
            cmd::completions::completions(&args, <Cli as clap::CommandFactory>::command())
        }
        Command::Man(args) => {
            cmd::completions::man(&args, <Cli as clap::CommandFactory>::command())
        }
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(failure) => {
            eprintln!(
                "pairplan: {}",
                crate::text::terminal_safe(&failure.to_string())
            );
            ExitCode::from(failure.exit_code())
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        super::Cli::command().debug_assert();
        super::localized(super::Cli::command(), crate::i18n::Lang::En).debug_assert();
    }

    /// The keys the command line builds from names (`help-arg-ID`, `help-COMMAND`,
    /// `help-value-NAME`) exist in every catalogue: no help line falls back to its key.
    #[test]
    fn every_built_help_key_is_in_every_catalogue() {
        let command = super::Cli::command();
        let mut keys = vec!["help-about".to_string()];
        let mut commands: Vec<&clap::Command> = command.get_subcommands().collect();
        commands.push(&command);
        for sub in &commands {
            if sub.get_name() != command.get_name() {
                keys.push(format!("help-{}", sub.get_name()));
            }
            for arg in sub.get_arguments() {
                let id = arg.get_id().as_str();
                if super::LOCALISED_ARGS.contains(&id) {
                    let own = format!("help-arg-{}-{id}", sub.get_name());
                    let zh = crate::i18n::message_in(crate::i18n::Lang::Zh, &own, &[]);
                    keys.push(if zh == own {
                        format!("help-arg-{id}")
                    } else {
                        own
                    });
                }
                let values = arg
                    .get_value_names()
                    .filter(|_| arg.get_action().takes_values());
                for name in values.unwrap_or_default() {
                    let whole = format!("help-value-{}", super::value_key(name));
                    if crate::i18n::message_in(crate::i18n::Lang::Zh, &whole, &[]) != whole {
                        keys.push(whole);
                        continue;
                    }
                    for part in name.split('|') {
                        let stem = part.split('.').next().unwrap_or(part);
                        keys.push(format!("help-value-{}", stem.to_ascii_lowercase()));
                    }
                }
            }
        }
        for lang in [crate::i18n::Lang::En, crate::i18n::Lang::Zh] {
            let missing: Vec<&String> = keys
                .iter()
                .filter(|k| crate::i18n::message_in(lang, k, &[]) == **k)
                .collect();
            assert!(missing.is_empty(), "{lang:?}: {missing:?}");
        }
    }

    #[test]
    fn the_chinese_command_line_is_well_formed_too() {
        let command = super::localized(super::Cli::command(), crate::i18n::Lang::Zh);
        let about = command
            .get_about()
            .map(|a| a.to_string())
            .unwrap_or_default();
        assert!(about.contains("结对规划"), "{about}");
        command.debug_assert();
    }
}
