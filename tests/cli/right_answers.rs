//! Right answers or a clear refusal: the wrong results planners met with exit 0 — a plan given back
//! to itself doubling a program, a Chinese what-if report comparing translated words, a row edited
//! by name taken by its id — each pinned by the run that showed it.

use std::path::Path;
use std::process::Command;

use crate::harness::{pairplan, plan_to_csv, read_csv};

/// Runs `pairplan` in Chinese.
fn pairplan_zh(args: &[&str]) -> crate::harness::Run {
    let output = Command::new(env!("CARGO_BIN_EXE_pairplan"))
        .args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .expect("the binary runs");
    crate::harness::Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8"),
    }
}

fn path(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// `check --pairings FILE [--program P] --format json`: its exit code and the messages of its
/// findings of `kind`.
fn findings_of(pairings: &Path, program: Option<&str>, kind: &str) -> (i32, Vec<String>) {
    let mut args = vec!["check", "--pairings", path(pairings), "--format", "json"];
    if let Some(program) = program {
        args.extend(["--program", program]);
    }
    let run = pairplan(&args);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let messages = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["kind"] == kind)
        .map(|f| f["message"].as_str().unwrap_or_default().to_string())
        .collect();
    (run.code, messages)
}

#[test]
fn a_plan_given_back_as_previous_keeps_every_pairing_once() {
    let (_, dir, first) = plan_to_csv(&[]);
    let again = dir.path().join("again.csv");
    let run = pairplan(&[
        "plan",
        "--previous",
        path(&first),
        "--out",
        path(&again),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let before = read_csv(&first);
    let after = read_csv(&again);
    let telemedicine = |rows: &[std::collections::BTreeMap<String, String>]| {
        rows.iter()
            .filter(|r| r["program"] == "telemedicine")
            .count()
    };
    assert_eq!(telemedicine(&before), 42);
    assert_eq!(telemedicine(&after), 42, "a link listed twice");
    assert!(
        after.iter().all(|r| r["status"] == "kept"),
        "a plan given itself changes nothing"
    );
    assert!(findings_of(&again, None, "duplicate_pair").1.is_empty());
}

#[test]
fn check_names_a_pair_listed_twice_with_both_lines() {
    let (_, dir, plan) = plan_to_csv(&["--program", "county-hospitals"]);
    let text = std::fs::read_to_string(&plan).unwrap();
    let first_row = text.lines().nth(1).unwrap().to_string();
    let doubled = dir.path().join("doubled.csv");
    std::fs::write(&doubled, format!("{text}{first_row}\n")).unwrap();
    let rows = text.lines().count() as u64;
    let (code, twice) = findings_of(&doubled, Some("county-hospitals"), "duplicate_pair");
    assert_eq!(code, 1);
    assert_eq!(twice.len(), 1, "{twice:?}");
    let message = &twice[0];
    assert!(
        message.contains(&format!(":{}", rows + 1)) && message.contains("first on line 2"),
        "{message}"
    );
}

#[test]
fn the_chinese_whatif_report_draws_the_scenario_against_the_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/xiqing-to-wuqing.toml"
    );
    let mut pages = Vec::new();
    for (name, run) in [("en", pairplan as fn(&[&str]) -> _), ("zh", pairplan_zh)] {
        let report = dir.path().join(format!("{name}.html"));
        let out = run(&["whatif", scenario, "--report", path(&report)]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        pages.push(std::fs::read_to_string(&report).unwrap());
    }
    for page in &pages {
        // One chart: the program the scenario changes, not one per program with the baseline.
        assert_eq!(page.matches("<rect class=\"moved").count(), 1, "{page}");
    }
    // The objective's change is a number in both languages.
    assert!(pages[0].contains("objective +"), "{}", pages[0]);
    assert!(!pages[1].contains("目标值 无"), "{}", pages[1]);
}

#[test]
fn a_row_edited_by_name_is_a_gap_and_not_kept_by_its_id() {
    let (_, dir, plan) = plan_to_csv(&["--program", "villages"]);
    let rows = read_csv(&plan);
    let mut text = std::fs::read_to_string(&plan).unwrap();
    let first = &rows[0];
    // The planner wrote another enterprise's name and district over the first row, not its id.
    let written = format!(
        "{},{},{}",
        first["helper_id"], first["helper_name"], first["helper_district"]
    );
    assert!(text.contains(&written));
    text = text.replacen(
        &written,
        &format!("{},天津另一家企业有限公司,和平区", first["helper_id"]),
        1,
    );
    // And misspelt a village's name.
    let village = &rows[1]["recipient_name"];
    let misspelt = format!(",{},爱之村,", &rows[1]["recipient_id"]);
    text = text.replacen(
        &format!(",{},{village},", &rows[1]["recipient_id"]),
        &misspelt,
        1,
    );
    let edited = dir.path().join("edited.csv");
    std::fs::write(&edited, text).unwrap();
    let (code, mismatches) = findings_of(&edited, Some("villages"), "name_mismatch");
    assert_eq!(code, 1);
    assert_eq!(mismatches.len(), 3, "{mismatches:?}");
    assert!(mismatches
        .iter()
        .any(|m| m.contains("helper_name '天津另一家企业有限公司'")));
    assert!(mismatches
        .iter()
        .any(|m| m.contains("helper_district '和平区'")));
    assert!(mismatches
        .iter()
        .any(|m| m.contains("recipient_name '爱之村'")));

    let next = dir.path().join("next.csv");
    let run = pairplan(&[
        "plan",
        "--program",
        "villages",
        "--previous",
        path(&edited),
        "--out",
        path(&next),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The refusal comes first, before any program's summary.
    let refusal = run.stdout.find("not taken as written").expect("said");
    let summary = run.stdout.find("villages 万企帮万村").expect("summary");
    assert!(refusal < summary, "{}", run.stdout);
    assert!(run.stdout.contains(":2: helper_name"), "{}", run.stdout);
}

#[test]
fn program_names_are_matched_in_any_case_and_by_title() {
    let by_title = pairplan(&["plan", "--program", "万企帮万村", "--format", "json"]);
    assert_eq!(by_title.code, 0, "{}", by_title.stderr);
    let json: serde_json::Value = serde_json::from_str(&by_title.stdout).unwrap();
    assert_eq!(json["programs"][0]["program"], "villages");
    let (_, dir, plan) = plan_to_csv(&["--program", "villages"]);
    let text = std::fs::read_to_string(&plan)
        .unwrap()
        .replace("\nvillages,", "\n万企帮万村,");
    let titled = dir.path().join("titled.csv");
    std::fs::write(&titled, text).unwrap();
    let run = pairplan(&[
        "plan",
        "--program",
        "Villages",
        "--previous",
        path(&titled),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let units = &json["programs"][0]["changes"]["units"];
    assert_eq!(units["kept"], 1462, "{units}");
    assert_eq!(units["new"], 0, "{units}");
}

#[test]
fn renamed_ids_follow_chains_and_a_cycle_is_refused() {
    let (_, dir, plan) = plan_to_csv(&["--program", "villages"]);
    let rows = read_csv(&plan);
    let (a, b) = (&rows[0]["helper_id"], &rows[1]["helper_id"]);
    let renames = dir.path().join("renamed.csv");
    // Plans the villages against their own plan with the renames given.
    let with_renames = |table: String| {
        std::fs::write(&renames, format!("old_id,new_id\n{table}")).unwrap();
        pairplan(&[
            "plan",
            "--program",
            "villages",
            "--previous",
            path(&plan),
            "--renamed",
            path(&renames),
            "--format",
            "json",
        ])
    };
    let run = with_renames(format!("{a},X9998\nX9998,{b}\n"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    // The chain ends at a known helper: nothing of the file is unknown.
    assert!(
        json["refused"].is_null()
            || json["refused"]
                .as_array()
                .unwrap()
                .iter()
                .all(|r| !r["reason"].as_str().unwrap().contains("X9998")),
        "{json}"
    );
    let cycle = with_renames(format!("{a},X1\nX1,{a}\n"));
    assert_eq!(cycle.code, 2, "{}", cycle.stdout);
    assert!(cycle.stderr.contains("2, 3"), "{}", cycle.stderr);
    let unknown = with_renames(format!("{a},E9999\n"));
    assert_eq!(unknown.code, 2, "{}", unknown.stdout);
    assert!(
        unknown.stderr.contains("renamed.csv:2") && unknown.stderr.contains("E9999"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn escape_and_bell_in_a_title_do_not_reach_the_terminal() {
    let mut files = crate::harness::fixture();
    let manifest = files["dataset.toml"].replace(
        "title = \"small fixture\"",
        "title = \"small\\u001b[2J fixture\\u0007\"",
    );
    files.insert("dataset.toml", manifest);
    let data = crate::harness::write_dataset(&files);
    let run = crate::harness::on_data("plan", data.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains('\u{1b}') && !run.stdout.contains('\u{7}'));
    assert!(
        run.stdout.contains("small\\u001b[2J fixture\\u0007"),
        "{}",
        run.stdout
    );
}

/// Runs pairplan and asserts it refuses the usage (exit 2) saying `words`.
fn refused(args: &[&str], words: &str) -> crate::harness::Run {
    let run = pairplan(args);
    assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
    assert!(run.stderr.contains(words), "{args:?}: {}", run.stderr);
    run
}

#[test]
fn a_time_limit_too_long_says_so() {
    refused(&["plan", "--time-limit", "1e9"], "at most 10000000 seconds");
}

#[test]
fn sweeps_and_edits_that_move_nothing_are_refused() {
    refused(
        &["whatif", "--sweep", "move(西青区,西青区)=0..10:10"],
        "西青区 itself",
    );
    refused(
        &[
            "whatif",
            "--sweep",
            "move(西青区,武清区)=4294967300..4294967300:1",
        ],
        "too large",
    );
    let unknown = refused(&["whatif", "--sweep", "capacity(E9999)=0..2:1"], "E9999");
    assert!(!unknown.stderr.contains("aid-cadres"), "{}", unknown.stderr);
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("s.toml");
    std::fs::write(
        &scenario,
        "title = \"t\"\n[[edits]]\nedit = \"move_quota\"\nfrom = \"西青区\"\nto = \"西青区\"\namount = 3\n\n[[edits]]\nedit = \"weights\"\nbalance = -1\n",
    )
    .unwrap();
    let run = pairplan(&["whatif", path(&scenario)]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("s.toml:5: column 'to'"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("s.toml:10: column 'balance'"),
        "{}",
        run.stderr
    );
    // Each mistake once, and no "concerns no program" beside it.
    assert!(run.stderr.contains("2 input problems"), "{}", run.stderr);
}

#[test]
fn a_program_without_a_capacity_shows_no_use() {
    let run = pairplan(&["plan", "--program", "telemedicine"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let telemedicine = &run.stdout[run.stdout.find("telemedicine").unwrap()..];
    assert!(!telemedicine.contains("highest use"), "{telemedicine}");
    assert!(!telemedicine.contains("200%"), "{telemedicine}");
}

#[test]
fn a_scenarios_new_helpers_may_be_a_workbooks_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("新企业").unwrap();
    let rows = [
        ["id", "name", "district", "unit", "capacity", "sectors"],
        ["N0001", "天津新增一号企业", "武清区", "", "3", "苹果"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *cell).unwrap();
        }
    }
    book.save(dir.path().join("helpers.xlsx")).unwrap();
    let scenario = dir.path().join("s.toml");
    std::fs::write(
        &scenario,
        "title = \"新增企业\"\nprograms = [\"villages\"]\n[[edits]]\nedit = \"add_helpers\"\nprogram = \"villages\"\nfile = \"helpers.xlsx#新企业\"\n",
    )
    .unwrap();
    let run = pairplan(&[
        "plan",
        "--program",
        "villages",
        "--scenario",
        path(&scenario),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let wrong = std::fs::read_to_string(&scenario)
        .unwrap()
        .replace("#新企业", "#没有这页");
    std::fs::write(&scenario, wrong).unwrap();
    let run = pairplan(&[
        "plan",
        "--program",
        "villages",
        "--scenario",
        path(&scenario),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("新企业"), "{}", run.stderr);
}

#[test]
fn diff_shows_the_datas_names_and_says_which_rows_disagree() {
    let (_, dir, plan) = plan_to_csv(&["--program", "villages"]);
    let rows = read_csv(&plan);
    let first = &rows[0];
    let text = std::fs::read_to_string(&plan).unwrap().replacen(
        &format!("{},{}", first["helper_id"], first["helper_name"]),
        &format!("{},天津另一家企业有限公司", first["helper_id"]),
        1,
    );
    let edited = dir.path().join("edited.csv");
    std::fs::write(&edited, text).unwrap();
    let out = dir.path().join("diff.csv");
    let run = pairplan(&["diff", path(&plan), path(&edited), "--out", path(&out)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("helper_name '天津另一家企业有限公司'"),
        "{}",
        run.stdout
    );
    let lines = read_csv(&out);
    assert!(lines
        .iter()
        .all(|l| l["helper_name"] != "天津另一家企业有限公司"));
}

#[test]
fn a_scenario_may_name_its_program_by_title() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("s.toml");
    std::fs::write(
        &scenario,
        "title = \"t\"\nprograms = [\"万企帮万村\"]\n[[edits]]\nedit = \"move_quota\"\nprogram = \"Villages\"\nfrom = \"西青区\"\nto = \"武清区\"\namount = 2\n",
    )
    .unwrap();
    let run = pairplan(&["whatif", path(&scenario), "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_long_list_of_problems_shows_its_first_fifty_and_all_on_request() {
    let mut files = crate::harness::fixture();
    let mut villages = files["villages.csv"].clone();
    for i in 0..120 {
        villages.push_str(&format!(
            "62000900{i:04},坏村{i},一镇,无此县,苹果,synthetic\n"
        ));
    }
    files.insert("villages.csv", villages);
    let data = crate::harness::write_dataset(&files);
    let run = crate::harness::on_data("plan", data.path(), &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(run.stderr.matches("无此县").count(), 50, "{}", run.stderr);
    assert!(run.stderr.contains("and 70 more"), "{}", run.stderr);
    let all = crate::harness::on_data("plan", data.path(), &["--all-errors"]);
    assert_eq!(all.stderr.matches("无此县").count(), 120, "{}", all.stderr);
}
