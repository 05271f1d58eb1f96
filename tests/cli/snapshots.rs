//! What planners read, pinned: the summaries, tables, findings, curves, help and typical refusals of
//! every command, in English and in Chinese, on the embedded data and on the small fixture. A
//! changed snapshot (`tests/cli/snapshots/`) is reviewed like code: `INSTA_UPDATE=always cargo test`
//! rewrites them, and the diff shows what a planner will now read.

use std::path::Path;
use std::process::Command;

use crate::harness::{fixture, write_dataset};

/// The two interface languages, by the `LANG` a planner's terminal has.
const LANGUAGES: [(&str, &str); 2] = [("en", "C"), ("zh", "zh_CN.UTF-8")];

/// Runs pairplan in the repository's folder (so that `scenarios/…` is found) in one language, and
/// gives what it printed, both streams, with `dir` (a temporary folder) written `<dir>`.
fn read(lang: &str, args: &[&str], dir: Option<&Path>) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_pairplan"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", lang)
        .env("COLUMNS", "100")
        .output()
        .expect("the binary runs");
    let mut text = format!(
        "exit {}\n--- stdout\n{}--- stderr\n{}",
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    if let Some(dir) = dir {
        text = text.replace(&dir.display().to_string(), "<dir>");
    }
    text
}

/// Snapshots one command in both languages, named `NAME_en` and `NAME_zh`.
fn pin(name: &str, args: &[&str], dir: Option<&Path>) {
    for (suffix, lang) in LANGUAGES {
        let text = read(lang, args, dir);
        insta::assert_snapshot!(format!("{name}_{suffix}"), text, &args.join(" "));
    }
}

#[test]
fn plan_check_and_programs_on_the_embedded_data() {
    pin("plan", &["plan"], None);
    pin("check", &["check"], None);
    pin("programs", &["programs"], None);
    // What falls due for one district around 1 September: overdue, due within 30 days.
    pin(
        "due_xiqing",
        &["due", "--as-of", "2019-09-01", "--owner", "西青区"],
        None,
    );
    pin(
        "programs_villages_columns",
        &["programs", "--program", "villages", "--columns"],
        None,
    );
    for program in [
        "villages",
        "county-hospitals",
        "aid-cadres",
        "telemedicine",
        "labour",
    ] {
        pin(
            &format!("programs_{program}"),
            &["programs", "--program", program],
            None,
        );
    }
}

#[test]
fn whatif_table_sweep_curve_and_diff() {
    pin(
        "whatif",
        &["whatif", "scenarios/xiqing-to-wuqing.toml"],
        None,
    );
    pin(
        "sweep",
        &["whatif", "--sweep", "move(西青区,武清区)=0..40:20"],
        None,
    );
    let dir = tempfile::tempdir().unwrap();
    let (before, after) = (dir.path().join("before.csv"), dir.path().join("after.csv"));
    let path = |p: &Path| p.to_str().unwrap().to_string();
    read(
        "C",
        &["plan", "--program", "villages", "--out", &path(&before)],
        None,
    );
    read(
        "C",
        &[
            "plan",
            "--program",
            "villages",
            "--scenario",
            "scenarios/xiqing-to-wuqing.toml",
            "--out",
            &path(&after),
        ],
        None,
    );
    pin(
        "diff",
        &["diff", &path(&before), &path(&after)],
        Some(dir.path()),
    );
}

#[test]
fn the_fixture_plan_its_explanation_and_its_files() {
    let data = write_dataset(&fixture());
    let dir = data.path();
    let d = dir.to_str().unwrap();
    pin("fixture_plan", &["plan", "--data", d], Some(dir));
    pin(
        "fixture_explain",
        &["plan", "--data", d, "--explain"],
        Some(dir),
    );
    pin(
        "fixture_csv",
        &["plan", "--data", d, "--out", "-"],
        Some(dir),
    );
    pin(
        "fixture_json",
        &["plan", "--data", d, "--format", "json"],
        Some(dir),
    );
    pin(
        "fixture_check_json",
        &[
            "check",
            "--data",
            d,
            "--program",
            "villages",
            "--format",
            "json",
        ],
        Some(dir),
    );
}

#[test]
fn every_commands_help() {
    pin("help", &["--help"], None);
    // Every command the command line has: a new one is pinned without being listed here.
    let command = <pairplan::cli::Cli as clap::CommandFactory>::command();
    let names: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_string())
        .collect();
    assert!(names.len() >= 11, "{names:?}");
    for command in &names {
        let command = command.as_str();
        pin(&format!("help_{command}"), &[command, "--help"], None);
    }
}

#[test]
fn typical_refusals() {
    let data = write_dataset(&fixture());
    let dir = data.path();
    let d = dir.to_str().unwrap();
    let damaged = |file: &str, from: &str, to: &str| {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replacen(from, to, 1);
        std::fs::write(path, text).unwrap();
    };
    pin(
        "refusal_unknown_program",
        &["plan", "--program", "vilages"],
        None,
    );
    pin("refusal_time_limit", &["plan", "--time-limit", "0"], None);
    pin("refusal_as_of", &["check", "--as-of", "2019-02-30"], None);
    pin(
        "refusal_sweep",
        &["whatif", "--sweep", "move(西青区,西青区)=0..10:10"],
        None,
    );
    pin(
        "refusal_missing_file",
        &["check", "--pairings", "no-such.csv"],
        None,
    );
    pin(
        "refusal_out_onto_input",
        &["plan", "--data", d, "--out", &format!("{d}/villages.csv")],
        Some(dir),
    );
    damaged("village_quotas.csv", "甲区,5", "甲区,五");
    pin("refusal_not_a_number", &["plan", "--data", d], Some(dir));
    damaged("village_quotas.csv", "甲区,五", "甲区,5");
    damaged("villages.csv", "一县,苹果", "一具,苹果");
    pin("refusal_unknown_county", &["plan", "--data", d], Some(dir));
    damaged("villages.csv", "一具,苹果", "一县,苹果");
    damaged("enterprises.csv", "E2,", "E1,");
    pin("refusal_duplicate_id", &["plan", "--data", d], Some(dir));
    damaged("enterprises.csv", "E1,甲二公司", "E2,甲二公司");
    damaged("village_quotas.csv", "合计,8", "合计,9");
    pin("refusal_total", &["plan", "--data", d], Some(dir));
    damaged("village_quotas.csv", "合计,9", "合计,8");
    std::fs::write(dir.join("s.toml"), "title = \"t\"\n[[edits]]\nedit = \"move_quota\"\nfrom = \"甲区\"\nto = \"丁区\"\namount = 1\n").unwrap();
    pin(
        "refusal_scenario_district",
        &["plan", "--data", d, "--scenario", &format!("{d}/s.toml")],
        Some(dir),
    );
    std::fs::write(dir.join("ledger.csv"), "program,helper_id\nvillages,E1\n").unwrap();
    pin(
        "refusal_ledger_columns",
        &[
            "check",
            "--data",
            d,
            "--pairings",
            &format!("{d}/ledger.csv"),
        ],
        Some(dir),
    );
}
