//! What-if scenarios on the small fixture: each edit's effect written out, bad scenario files located,
//! and `whatif` agreeing with `plan --scenario`.

use crate::harness::{fixture, on_data, write_dataset};

/// Writes a scenario and runs `plan --scenario` on the fixture; returns the run.
fn plan_scenario(scenario: &str, extra: &[&str]) -> crate::harness::Run {
    let data = write_dataset(&fixture());
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("s.toml");
    std::fs::write(&file, scenario).unwrap();
    let mut args = vec!["--scenario", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    on_data("plan", data.path(), &args)
}

#[test]
fn moving_quota_moves_exactly_the_villages_it_forces() {
    // 乙区 (quota 3) gives one to 甲区 (quota 5): one of 乙区's villages moves to 甲区, off the map.
    let run = plan_scenario(
        "title = \"乙区 1 个村转甲区\"\n[[edits]]\nedit = \"move_quota\"\nfrom = \"乙区\"\nto = \"甲区\"\namount = 1\n",
        &["--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let changes = &json["programs"][0]["changes"];
    assert_eq!(changes["units"]["dropped"], 1, "{changes}");
    assert_eq!(changes["units"]["new"], 1, "{changes}");
    assert_eq!(changes["by_district"]["乙区"]["dropped"], 1, "{changes}");
    assert_eq!(changes["by_district"]["甲区"]["new"], 1, "{changes}");
    assert!(changes["previous"]
        .as_str()
        .unwrap()
        .contains("scenario: 乙区 1 个村转甲区"));
}

#[test]
fn impossible_scenarios_exit_1_with_the_counted_reason() {
    for (scenario, reason) in [
        // The quotas no longer add up to the villages.
        (
            "title = \"t\"\n[[edits]]\nedit = \"set_quota\"\ndistrict = \"甲区\"\nquota = 7\n",
            "the district quotas add up to 10, but 8 villages need 8 pairings",
        ),
        // 乙区's enterprises lack the capacity for its quota.
        (
            "title = \"t\"\n[[edits]]\nedit = \"move_quota\"\nfrom = \"甲区\"\nto = \"乙区\"\namount = 2\n",
            "乙区 has a quota of 5 but its helpers can take only 4 (short by 1)",
        ),
        // 某单位's enterprises cannot reach its minimum.
        (
            "title = \"t\"\n[[edits]]\nedit = \"set_minimum\"\nunit = \"某单位\"\nminimum = 3\n",
            "某单位 must reach 3 but the helpers it mobilised can take only 2 (short by 1)",
        ),
    ] {
        let run = plan_scenario(scenario, &[]);
        assert_eq!(run.code, 1, "{scenario}: {}", run.stderr);
        assert!(run.stderr.contains(reason), "{scenario}: {}", run.stderr);
    }
}

#[test]
fn scenario_mistakes_are_located() {
    for (scenario, words) in [
        (
            "title = \"t\"\n\n[[edits]]\nedit = \"move_quota\"\nfrom = \"乙县\"\nto = \"甲区\"\namount = 1\n",
            vec!["s.toml:3", "column 'from'", "乙县", "did you mean"],
        ),
        (
            "title = \"t\"\n[[edits]]\nedit = \"set_quota\"\ndistrict = \"甲区\"\nquota = 4\n[[edits]]\nedit = \"set_quota\"\ndistrict = \"甲区\"\nquota = 6\n",
            vec!["s.toml:6", "quota of 甲区 is set on line 2 too"],
        ),
        (
            "title = \"t\"\n[[edits]]\nedit = \"remove_helpers\"\nids = [\"E1\"]\n[[edits]]\nedit = \"pin\"\nhelper = \"E1\"\nrecipient = \"620001000001\"\n",
            vec!["s.toml:5", "line 2 removes it"],
        ),
        (
            "title = \"t\"\n[[edits]]\nedit = \"set_capacity\"\nhelper = \"E1\"\ncapacity = \"two\"\n",
            vec!["s.toml", "invalid type"],
        ),
        (
            "title = \"t\"\n[[edits]]\nedit = \"grow\"\n",
            vec!["s.toml", "unknown variant `grow`"],
        ),
    ] {
        let run = plan_scenario(scenario, &[]);
        assert_eq!(run.code, 2, "{scenario}: {}", run.stderr);
        for word in words {
            assert!(run.stderr.contains(word), "{scenario}: {word}: {}", run.stderr);
        }
    }
}

#[test]
fn whatif_agrees_with_plan_scenario_and_is_the_same_on_one_thread() {
    let data = write_dataset(&fixture());
    let work = tempfile::tempdir().unwrap();
    let a = work.path().join("a.toml");
    let b = work.path().join("b.toml");
    std::fs::write(&a, SCENARIO_A).unwrap();
    std::fs::write(&b, "title = \"B\"\n[[edits]]\nedit = \"ban\"\nhelper = \"E2\"\nrecipient = \"130001000001\"\n[[edits]]\nedit = \"weights\"\noff_map = 50\n").unwrap();
    let whatif = on_data(
        "whatif",
        data.path(),
        &[a.to_str().unwrap(), b.to_str().unwrap(), "--format", "json"],
    );
    assert_eq!(whatif.code, 0, "{}", whatif.stderr);
    let json: serde_json::Value = serde_json::from_str(&whatif.stdout).unwrap();
    let rows = json["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 3, "{rows:?}");
    for (row, file) in rows[1..].iter().zip([&a, &b]) {
        let alone = on_data(
            "plan",
            data.path(),
            &["--scenario", file.to_str().unwrap(), "--format", "json"],
        );
        assert_eq!(alone.code, 0, "{}", alone.stderr);
        let alone: serde_json::Value = serde_json::from_str(&alone.stdout).unwrap();
        let program = &alone["programs"][0];
        assert_eq!(row["off_map"], program["off_map"]);
        assert_eq!(row["balance_measure"], program["balance_measure"]);
        let moved = program["changes"]["units"]["dropped"].as_u64().unwrap()
            + program["changes"]["units"]["changed"].as_u64().unwrap();
        assert_eq!(row["moved"].as_u64().unwrap(), moved);
    }
    let one = std::process::Command::new(env!("CARGO_BIN_EXE_pairplan"))
        .args([
            "whatif",
            "--data",
            data.path().to_str().unwrap(),
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            "--format",
            "json",
        ])
        .env("RAYON_NUM_THREADS", "1")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(one.stdout).unwrap(), whatif.stdout);
}

#[test]
fn the_shipped_scenarios_run_through_whatif() {
    let scenarios: Vec<String> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios"))
            .unwrap()
            .map(|e| e.unwrap().path().display().to_string())
            .filter(|p| p.ends_with(".toml"))
            .collect();
    assert!(scenarios.len() >= 4);
    let mut args = vec!["whatif"];
    args.extend(scenarios.iter().map(String::as_str));
    let run = crate::harness::pairplan(&args);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("西青区 20 个村的结对任务转给武清区"),
        "{}",
        run.stdout
    );
}

#[test]
fn one_impossible_program_does_not_hide_the_others() {
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("s.toml");
    std::fs::write(
        &file,
        "title = \"市工商联 15 个村\"\n[[edits]]\nedit = \"set_minimum\"\nunit = \"市工商联\"\nminimum = 15\n",
    )
    .unwrap();
    let out = work.path().join("plan.csv");
    let run = crate::harness::pairplan(&[
        "plan",
        "--scenario",
        file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "市工商联 must reach 15 but the helpers it mobilised can take only 14 (short by 1)"
        ),
        "{}",
        run.stderr
    );
    // Every other program is planned and printed; no CSV without every plan …
    assert!(
        run.stdout.contains("cadres 党政干部选派") && run.stdout.contains("talents "),
        "{}",
        run.stdout
    );
    assert!(!out.exists());
    // … unless asked for what there is.
    let partial = crate::harness::pairplan(&[
        "plan",
        "--scenario",
        file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--partial",
    ]);
    assert_eq!(partial.code, 1);
    let rows = crate::harness::read_csv(&out);
    assert!(
        rows.iter().any(|r| r["program"] == "cadres")
            && rows.iter().all(|r| r["program"] != "villages")
    );
    let json = crate::harness::pairplan(&[
        "plan",
        "--scenario",
        file.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let villages = json["programs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["program"] == "villages")
        .unwrap();
    assert_eq!(villages["status"], "infeasible");
    assert_eq!(json["programs"].as_array().unwrap().len(), 8);
}

#[test]
fn a_sweep_plans_one_scenario_per_value() {
    let data = write_dataset(&fixture());
    let run = on_data(
        "whatif",
        data.path(),
        &["--sweep", "move(乙区,甲区)=1..3:1", "--format", "json"],
    );
    // 甲区's enterprises take 7 villages in all: its quota of 5 can grow by 1 or 2, not by 3.
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let rows: Vec<(String, bool, u64)> = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["scenario"] != "baseline")
        .map(|r| {
            (
                r["scenario"].as_str().unwrap().to_string(),
                r["feasible"].as_bool().unwrap(),
                r["moved"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("move(乙区,甲区)=1".to_string(), true, 1),
            ("move(乙区,甲区)=2".to_string(), true, 2),
            ("move(乙区,甲区)=3".to_string(), false, 0),
        ]
    );
    let wrong = on_data("whatif", data.path(), &["--sweep", "move(乙区)=1..3"]);
    assert_eq!(wrong.code, 2);
    assert!(
        wrong.stderr.contains("expected a sweep such as"),
        "{}",
        wrong.stderr
    );
}

#[test]
fn the_manifest_names_every_input_and_the_pairings_it_made() {
    use sha2::Digest;
    let data = write_dataset(&fixture());
    let work = tempfile::tempdir().unwrap();
    let scenario = work.path().join("s.toml");
    std::fs::write(
        &scenario,
        "title = \"t\"\n[[edits]]\nedit = \"weights\"\noff_map = 50\n",
    )
    .unwrap();
    let run = |n: u32| {
        let out = work.path().join(format!("plan{n}.csv"));
        let manifest = work.path().join(format!("manifest{n}.json"));
        let run = on_data(
            "plan",
            data.path(),
            &[
                "--scenario",
                scenario.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--manifest",
                manifest.to_str().unwrap(),
            ],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
        (json, std::fs::read(&out).unwrap())
    };
    let (first, csv) = run(1);
    let (second, _) = run(2);
    assert_eq!(first["inputs"], second["inputs"]);
    assert_eq!(first["pairings_sha256"], second["pairings_sha256"]);
    assert_eq!(
        first["pairings_sha256"],
        format!("{:x}", sha2::Sha256::digest(&csv))
    );
    let inputs = first["inputs"].as_object().unwrap();
    for file in [
        "villages.csv",
        "enterprises.csv",
        "village_quotas.csv",
        "s.toml",
        "villages.toml",
    ] {
        assert!(
            inputs.keys().any(|k| k.ends_with(file)),
            "{file}: {inputs:?}"
        );
    }
    assert!(first["settings"]["scenario"]
        .as_str()
        .unwrap()
        .ends_with("s.toml"));
}

/// Scenario A: one village of quota from 乙区 to 甲区.
const SCENARIO_A: &str =
    "title = \"A\"\n[[edits]]\nedit = \"move_quota\"\nfrom = \"乙区\"\nto = \"甲区\"\namount = 1\n";

/// `whatif` of scenario A on the fixture with `extra` arguments: its standard output.
fn whatif_a_text(extra: &[&str]) -> String {
    let data = write_dataset(&fixture());
    let work = tempfile::tempdir().unwrap();
    let a = work.path().join("a.toml");
    std::fs::write(&a, SCENARIO_A).unwrap();
    let mut args = vec![a.to_str().unwrap()];
    args.extend_from_slice(extra);
    let run = on_data("whatif", data.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

/// The same, read as JSON.
fn whatif_a(extra: &[&str]) -> serde_json::Value {
    serde_json::from_str(&whatif_a_text(extra)).unwrap()
}

#[test]
fn whatif_diff_lists_what_each_scenario_moves() {
    let json = whatif_a(&["--diff", "--format", "json"]);
    let diff = &json["diffs"][0];
    assert_eq!(diff["scenario"], "A");
    assert_eq!(diff["moved"].as_array().unwrap().len(), 1, "{diff}");
    assert_eq!(diff["moved"][0]["from_district"], "乙区");
    assert_eq!(diff["moved"][0]["to_district"], "甲区");
    let text = whatif_a_text(&["--diff"]);
    assert!(text.contains("moved (1):"), "{text}");
}

#[test]
fn explain_says_what_binds_and_what_one_more_would_change() {
    let data = write_dataset(&fixture());
    let run = on_data("plan", data.path(), &["--explain", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let binding = &json["binding"][0];
    let quota = |district: &str| {
        binding["quotas"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["district"] == district)
            .unwrap()
            .clone()
    };
    // Two districts with quotas: each one's best move is to the other, and the two views agree.
    let (jia, yi) = (quota("甲区"), quota("乙区"));
    assert_eq!(jia["give_to"][0], "乙区");
    assert_eq!(yi["take_from"][0], "甲区");
    assert_eq!(jia["give_to"][1], yi["take_from"][1]);
    let unit = &binding["units"][0];
    assert_eq!(
        (unit["unit"].as_str(), unit["minimum"].as_u64()),
        (Some("某单位"), Some(2))
    );
    // 某单位's enterprise E1 takes 2 at most: a minimum of 3 has no plan.
    assert!(unit["one_more"].is_null(), "{unit}");
    let text = on_data("plan", data.path(), &["--explain"]);
    assert!(
        text.stdout.contains("what binds villages:"),
        "{}",
        text.stdout
    );
}

#[test]
fn whatif_explain_says_what_binds_each_scenario() {
    let json = whatif_a(&["--explain", "--format", "json"]);
    let explained = &json["explained"][0];
    assert_eq!(explained["scenario"], "A");
    assert_eq!(explained["binding"][0]["program"], "villages");
    assert_eq!(explained["binding"][0]["units"][0]["unit"], "某单位");
}
