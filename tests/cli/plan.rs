//! `pairplan plan` end to end.

use std::collections::BTreeMap;

use crate::harness::{
    fixture, fixture_with, on_data, pairplan, plan_to_csv, read_csv, tianjin, write_dataset,
};

#[test]
fn plan_on_embedded_data_meets_every_quota() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.csv");
    let run = pairplan(&["plan", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("1462 of 1462 villages covered"),
        "{}",
        run.stdout
    );
    // Planner-facing by default; the solver's figures with -v.
    assert!(
        !run.stdout.contains("status: optimal")
            && run.stdout.contains("highest use of one helper's capacity")
    );
    let verbose = pairplan(&["plan", "--program", "villages", "-v"]);
    assert!(
        verbose.stdout.contains("status: optimal"),
        "{}",
        verbose.stdout
    );

    // Every program is planned; the villages' rows are one per village.
    let rows: Vec<_> = read_csv(&out)
        .into_iter()
        .filter(|r| r["program"] == "villages")
        .collect();
    assert_eq!(rows.len(), 1462);
    let ids: Vec<&String> = rows.iter().map(|r| &r["recipient_id"]).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(ids, sorted, "one row per village, sorted by recipient_id");

    let mut per_district: BTreeMap<String, u32> = BTreeMap::new();
    let mut per_unit: BTreeMap<String, u32> = BTreeMap::new();
    let mut per_helper: BTreeMap<String, u32> = BTreeMap::new();
    for row in &rows {
        *per_district
            .entry(row["helper_district"].clone())
            .or_default() += 1;
        if !row["helper_unit"].is_empty() {
            *per_unit.entry(row["helper_unit"].clone()).or_default() += 1;
        }
        *per_helper.entry(row["helper_id"].clone()).or_default() += 1;
    }
    for quota in read_csv(&tianjin().join("village_quotas.csv")) {
        if quota["district"] != "合计" {
            let expected: u32 = quota["quota"].parse().unwrap();
            assert_eq!(
                per_district.get(&quota["district"]).copied().unwrap_or(0),
                expected,
                "{}",
                quota["district"]
            );
        }
    }
    let units = read_csv(&tianjin().join("units.csv"));
    assert_eq!(units.len(), 10);
    for unit in units {
        assert!(
            per_unit.get(&unit["name"]).copied().unwrap_or(0) >= 10,
            "{}",
            unit["name"]
        );
    }
    for enterprise in read_csv(&tianjin().join("enterprises.csv")) {
        let capacity: u32 = enterprise["capacity"].parse().unwrap();
        assert!(
            per_helper.get(&enterprise["id"]).copied().unwrap_or(0) <= capacity,
            "{}",
            enterprise["id"]
        );
    }
}

#[test]
fn same_command_twice_gives_identical_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
    let first = pairplan(&["plan", "--out", a.to_str().unwrap()]);
    let second = pairplan(&["plan", "--out", b.to_str().unwrap()]);
    assert_eq!(first.code, 0);
    assert_eq!(first.stdout, second.stdout);
    let bytes = std::fs::read(a).unwrap();
    assert!(
        bytes.starts_with("\u{feff}program,".as_bytes()),
        "a BOM first, so that Excel reads the Chinese as UTF-8"
    );
    assert_eq!(bytes, std::fs::read(b).unwrap());
    let json1 = pairplan(&["plan", "--format", "json"]);
    let json2 = pairplan(&["plan", "--format", "json"]);
    assert_eq!(json1.stdout, json2.stdout);
}

#[test]
fn json_summary_has_districts_units_and_status() {
    let run = pairplan(&["plan", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let programs = value["programs"].as_array().unwrap();
    let program = programs
        .iter()
        .find(|p| p["program"] == "villages")
        .unwrap();
    assert_eq!(program["program"], "villages");
    assert_eq!(program["status"], "optimal");
    assert_eq!(program["covered"], 1462);
    assert_eq!(program["districts"].as_array().unwrap().len(), 16);
    assert_eq!(program["units"].as_array().unwrap().len(), 10);
    let kinds: Vec<&str> = value["data_notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap())
        .collect();
    assert!(
        !kinds.contains(&"total_mismatch"),
        "the labour table's 合计 note belongs to check, not to plans that never read it"
    );
    assert!(
        kinds.contains(&"no_quota_county"),
        "红桥区 and 宁河区 hold no village quota"
    );
}

#[test]
fn fixture_plan_prefers_the_map_and_sectors() {
    let data = write_dataset(&fixture());
    let out = data.path().join("plan.csv");
    let run = on_data("plan", data.path(), &["--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows = read_csv(&out);
    let helper_of: BTreeMap<&str, &str> = rows
        .iter()
        .map(|r| (r["recipient_name"].as_str(), r["helper_id"].as_str()))
        .collect();
    // 三县's district holds no quota: its two villages go off the map, one to 甲区 (5 − 4 on-map) and
    // one to 乙区 (3 − 2); every other village stays on the map.
    let off_map: Vec<&str> = rows
        .iter()
        .filter(|r| r["on_map"] == "false")
        .map(|r| r["recipient_name"].as_str())
        .collect();
    assert_eq!(off_map, vec!["五村", "六村"]);
    // 七村 and 八村 (文化旅游) go to the one enterprise with that sector, E2.
    assert_eq!(helper_of["七村"], "E2");
    assert_eq!(helper_of["八村"], "E2");
    // 三村 (百合) in 二县 goes to 乙区's 百合 enterprise.
    assert_eq!(helper_of["三村"], "E4");
}

#[test]
fn impossible_quota_is_explained_and_exits_1_without_output() {
    // 乙区's enterprises can take 4, its quota asks for 6.
    let data = fixture_with(
        "village_quotas.csv",
        "district,quota\n甲区,2\n乙区,6\n合计,8\n",
    );
    let out = data.path().join("plan.csv");
    let run = on_data("plan", data.path(), &["--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("乙区 has a quota of 6 but its helpers can take only 4 (short by 2)"),
        "{}",
        run.stderr
    );
    assert!(!out.exists(), "no output file on failure");
}

#[test]
fn unknown_program_is_a_usage_error() {
    let run = pairplan(&["plan", "--program", "nosuch"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "--program nosuch: expected a program or target table that `pairplan programs` lists: villages, county-hospitals, telemedicine, hotan-departments,"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn several_programs_are_planned_by_one_comma_separated_program_option() {
    // Named by name and by title, with a Chinese comma: the two programs, and nothing else.
    let (run, _dir, out) = plan_to_csv(&["--program", "villages，中小学校结对全覆盖"]);
    let rows = read_csv(&out);
    let programs: std::collections::BTreeSet<&str> =
        rows.iter().map(|r| r["program"].as_str()).collect();
    assert_eq!(
        programs,
        ["schools", "villages"].into_iter().collect(),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("2 programs: 2 with a plan"),
        "{}",
        run.stdout
    );
    // Neither shares a helper with another program: each plan is the one the whole run makes.
    let (_, _dir_all, all) = plan_to_csv(&[]);
    let whole: Vec<_> = read_csv(&all)
        .into_iter()
        .filter(|r| r["program"] == "villages" || r["program"] == "schools")
        .collect();
    assert_eq!(rows, whole);
}

#[test]
fn a_program_list_names_the_one_name_it_does_not_know() {
    let run = pairplan(&["plan", "--program", "villages,vilages"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--program vilages: expected a program")
            && run.stderr.contains("did you mean villages?"),
        "{}",
        run.stderr
    );
}

#[test]
fn data_notes_appear_where_their_table_is_read_and_once() {
    // The labour table's three 合计 notes: not in plans (no program reads it), once in the whole
    // audit (it was once printed per program, 21 lines), and with the labour figures.
    let plan = pairplan(&["plan"]);
    assert_eq!(plan.code, 0, "{}", plan.stderr);
    assert_eq!(
        plan.stdout.matches("[total_mismatch]").count(),
        0,
        "{}",
        plan.stdout
    );
    let check = pairplan(&["check"]);
    assert_eq!(
        check.stdout.matches("the 合计 of column").count(),
        3,
        "{}",
        check.stdout
    );
    let villages = pairplan(&["check", "--program", "villages"]);
    assert_eq!(villages.stdout.matches("the 合计 of column").count(), 0);
    let dir = tempfile::tempdir().unwrap();
    let actuals = dir.path().join("a.csv");
    std::fs::write(
        &actuals,
        "table,district,indicator,actual\nlabour,和平区,to_tianjin,1\n",
    )
    .unwrap();
    let labour = pairplan(&[
        "check",
        "--actuals",
        actuals.to_str().unwrap(),
        "--program",
        "labour",
    ]);
    assert_eq!(
        labour.stdout.matches("the 合计 of column").count(),
        3,
        "{}",
        labour.stdout
    );
}

#[test]
fn names_and_ids_that_look_like_formulas_are_defused_in_the_csv_and_read_back() {
    let mut files = fixture();
    let enterprises = files["enterprises.csv"]
        .replace("甲二公司", "=SUM(1)")
        .replace("E3,", "-E3,");
    files.insert("enterprises.csv", enterprises);
    let data = write_dataset(&files);
    let out = data.path().join("plan.csv");
    let run = on_data("plan", data.path(), &["--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let names: Vec<String> = read_csv(&out)
        .into_iter()
        .filter(|r| r["helper_id"] == "E2")
        .map(|r| r["helper_name"].clone())
        .collect();
    assert!(!names.is_empty());
    assert!(names.iter().all(|n| n == "'=SUM(1)"), "{names:?}");
    let rows = read_csv(&out);
    assert!(rows.iter().any(|r| r["helper_id"] == "'-E3"), "{rows:?}");
    assert!(rows.iter().all(|r| !r["helper_id"].starts_with('-')));
    let check = on_data("check", data.path(), &["--pairings", out.to_str().unwrap()]);
    assert_eq!(check.code, 0, "the ids still read back: {}", check.stdout);
}

#[test]
fn auto_finds_the_lp_optima_says_which_method_ran_and_its_plan_passes_check() {
    let lp = pairplan(&["plan", "--format", "json", "--solver", "lp"]);
    let auto = pairplan(&["plan", "--format", "json"]);
    assert_eq!(auto.code, 0, "{}", auto.stderr);
    let lp: serde_json::Value = serde_json::from_str(&lp.stdout).unwrap();
    let auto: serde_json::Value = serde_json::from_str(&auto.stdout).unwrap();
    let (lp, auto) = (
        lp["programs"].as_array().unwrap(),
        auto["programs"].as_array().unwrap(),
    );
    assert_eq!(lp.len(), auto.len());
    for (a, b) in lp.iter().zip(auto) {
        assert_eq!(a["program"], b["program"]);
        assert_eq!(a["objective"], b["objective"], "{}", a["program"]);
        assert_eq!(a["solver"], "lp");
        assert!(!b["solver_reason"].as_str().unwrap().is_empty());
    }
    let solver_of = |name: &str| {
        auto.iter()
            .find(|p| p["program"] == name)
            .map(|p| p["solver"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(solver_of("villages"), "flow");
    // Pairs counted (院包科 with person-times): not a network, so the LP.
    assert_eq!(solver_of("gannan-team"), "lp");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("auto.csv");
    let run = pairplan(&["plan", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0);
    let check = pairplan(&["check", "--pairings", out.to_str().unwrap()]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    // Asked for the flow, a program that is not a network is refused, with the reason.
    let flow = pairplan(&["plan", "--solver", "flow"]);
    assert_eq!(flow.code, 2);
    assert!(
        flow.stderr
            .contains("gannan-team + gansu-county-teams + changdu-teams: cannot be solved as a min-cost flow: pairs are counted"),
        "{}",
        flow.stderr
    );
    let flow = pairplan(&["plan", "--solver", "flow", "--program", "villages"]);
    assert_eq!(flow.code, 0, "{}", flow.stderr);
}

#[test]
fn completions_and_manual_pages_come_from_the_command_line() {
    let bash = pairplan(&["completions", "bash"]);
    assert_eq!(bash.code, 0, "{}", bash.stderr);
    assert!(bash.stdout.contains("_pairplan") && bash.stdout.contains("whatif"));
    let man = pairplan(&["man"]);
    assert!(man.stdout.contains(".TH pairplan 1"), "{}", man.stdout);
    let dir = tempfile::tempdir().unwrap();
    let written = pairplan(&["man", "--out", dir.path().to_str().unwrap()]);
    assert_eq!(written.code, 0, "{}", written.stderr);
    let plan = std::fs::read_to_string(dir.path().join("pairplan-plan.1")).unwrap();
    assert!(plan.contains("\\-\\-previous"), "{plan}");
    // Off a terminal, no progress bar ever reaches standard error.
    let quiet = pairplan(&["plan", "--program", "villages"]);
    assert!(!quiet.stderr.contains("planning"), "{}", quiet.stderr);
}

#[test]
fn the_interface_speaks_the_planners_language() {
    let zh = std::process::Command::new(env!("CARGO_BIN_EXE_pairplan"))
        .args(["plan", "--program", "villages"])
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .unwrap();
    let zh = String::from_utf8(zh.stdout).unwrap();
    for words in [
        "覆盖 1462 / 1462 个村",
        "任务数",
        "平均负荷",
        "离图结对",
        "合成数据",
        "官方数据",
        "市级单位",
    ] {
        assert!(zh.contains(words), "{words}: {zh}");
    }
    let en = pairplan(&["plan", "--program", "villages"]);
    assert!(
        en.stdout.contains("1462 of 1462 villages covered"),
        "{}",
        en.stdout
    );
    // --lang wins over the environment; CSV keys stay the machine names in every language.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p.csv");
    let forced = pairplan(&[
        "plan",
        "--program",
        "villages",
        "--lang",
        "zh",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        forced.stdout.contains("覆盖 1462 / 1462 个村"),
        "{}",
        forced.stdout
    );
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .starts_with("\u{feff}program,recipient_id"));
}
