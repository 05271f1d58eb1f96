//! What-if scenarios on the small fixture: each edit's effect written out, bad scenario files located,
//! and `whatif` agreeing with `plan --scenario`.

use proptest::prelude::*;

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
        .contains("without the scenario “乙区 1 个村转甲区”"));
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
            vec!["s.toml:5", "column 'from'", "乙县", "did you mean"],
        ),
        (
            "title = \"t\"\n[[edits]]\nedit = \"set_quota\"\ndistrict = \"甲区\"\nquota = 4\n[[edits]]\nedit = \"set_quota\"\ndistrict = \"甲区\"\nquota = 6\n",
            vec!["s.toml:7", "quota of 甲区 is set on line 2 too"],
        ),
        (
            "title = \"t\"\n[[edits]]\nedit = \"remove_helpers\"\nids = [\"E1\"]\n[[edits]]\nedit = \"pin\"\nhelper = \"E1\"\nrecipient = \"620001000001\"\n",
            vec!["s.toml:5", "line 2 removes it"],
        ),
        (
            "title = \"t\"\n[[edits]]\nedit = \"set_capacity\"\nhelper = \"E1\"\ncapacity = \"two\"\n",
            vec!["s.toml:5", "expected a whole number, 0 or more, found '\"two\"'"],
        ),
        // An unknown program in the list: at its line, the closest name, and no knock-on
        // "concerns no program" for the edits.
        (
            "title = \"t\"\nprograms = [\"villagse\"]\n[[edits]]\nedit = \"set_quota\"\ndistrict = \"甲区\"\nquota = 4\n",
            vec!["s.toml:2", "column 'programs'", "did you mean villages", "1 input problem"],
        ),
        (
            "title = \"t\"\n[[edits]]\nedit = \"grow\"\n",
            vec!["s.toml:3", "found 'grow'", "expected one of `move_quota`"],
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
fn whatif_is_the_same_on_one_thread() {
    let data = write_dataset(&fixture());
    let work = tempfile::tempdir().unwrap();
    let a = work.path().join("a.toml");
    let b = work.path().join("b.toml");
    std::fs::write(&a, SCENARIO_A).unwrap();
    std::fs::write(&b, "title = \"B\"\n[[edits]]\nedit = \"ban\"\nhelper = \"E2\"\nrecipient = \"130001000001\"\n[[edits]]\nedit = \"weights\"\noff_map = 50\n").unwrap();
    let args = [
        "whatif",
        "--data",
        data.path().to_str().unwrap(),
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--format",
        "json",
    ];
    let threads = |n: &str| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_pairplan"))
            .args(args)
            .env("LANG", "C")
            .env_remove("LC_ALL")
            .env("RAYON_NUM_THREADS", n)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        String::from_utf8(output.stdout).unwrap()
    };
    let two = threads("2");
    let json: serde_json::Value = serde_json::from_str(&two).unwrap();
    assert_eq!(json["rows"].as_array().unwrap().len(), 3, "{two}");
    assert_eq!(threads("1"), two);
}

/// One random small edit of the fixture, as TOML: names valid, values anywhere from harmless to
/// impossible.
fn an_edit() -> impl Strategy<Value = String> {
    let district = prop::sample::select(vec!["甲区", "乙区", "丙区"]);
    let helper = prop::sample::select(vec!["E1", "E2", "E3", "E4", "E5"]);
    let village = prop::sample::select(vec![
        "620001000001",
        "620001000002",
        "620002000001",
        "620002000002",
        "620003000001",
        "620003000002",
        "130001000001",
        "130001000002",
    ]);
    let county = prop::sample::select(vec!["一县", "二县", "三县", "四县"]);
    prop_oneof![
        (0u32..=2, any::<bool>()).prop_map(|(amount, up)| {
            let (from, to) = if up { ("乙区", "甲区") } else { ("甲区", "乙区") };
            format!("edit = \"move_quota\"\nfrom = \"{from}\"\nto = \"{to}\"\namount = {amount}")
        }),
        (0u32..=3).prop_map(|m| format!("edit = \"set_minimum\"\nunit = \"某单位\"\nminimum = {m}")),
        (helper.clone(), 0u32..=3).prop_map(|(h, c)| format!(
            "edit = \"set_capacity\"\nhelper = \"{h}\"\ncapacity = {c}"
        )),
        helper.clone().prop_map(|h| format!("edit = \"remove_helpers\"\nids = [\"{h}\"]")),
        (district.clone(), 1u32..=3).prop_map(|(d, c)| format!(
            "edit = \"add_helpers\"\nhelpers = [{{ id = \"E6\", district = \"{d}\", capacity = {c}, skills = [\"苹果\"] }}]"
        )),
        (county, district).prop_map(|(c, d)| format!(
            "edit = \"reassign_county\"\ncounty = \"{c}\"\ndistrict = \"{d}\""
        )),
        (helper.clone(), village.clone()).prop_map(|(h, v)| format!(
            "edit = \"pin\"\nhelper = \"{h}\"\nrecipient = \"{v}\""
        )),
        (helper, village).prop_map(|(h, v)| format!(
            "edit = \"ban\"\nhelper = \"{h}\"\nrecipient = \"{v}\""
        )),
        (0u32..=3, 0u32..=200).prop_map(|(b, o)| format!(
            "edit = \"weights\"\nbalance = {b}\noff_map = {o}"
        )),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// `whatif` plans a scenario exactly as `plan --scenario` does: the same exit, the same
    /// pairings byte for byte (the manifests' hashes), the same figures.
    #[test]
    fn whatif_equals_plan_scenario(edits in prop::collection::vec(an_edit(), 1..=3)) {
        let data = write_dataset(&fixture());
        let work = tempfile::tempdir().unwrap();
        let file = work.path().join("s.toml");
        let mut scenario = "title = \"random\"\n".to_string();
        for edit in &edits {
            scenario.push_str(&format!("[[edits]]\n{edit}\n"));
        }
        std::fs::write(&file, &scenario).unwrap();
        let path = file.to_str().unwrap();
        let whatif = on_data("whatif", data.path(), &[path, "--format", "json"]);
        let alone = on_data("plan", data.path(), &["--scenario", path, "--format", "json"]);
        prop_assert_eq!(whatif.code, alone.code, "{}\n{}\n{}", scenario, whatif.stderr, alone.stderr);
        prop_assume!(whatif.code != 2);
        let whatif: serde_json::Value = serde_json::from_str(&whatif.stdout).unwrap();
        let alone: serde_json::Value = serde_json::from_str(&alone.stdout).unwrap();
        let rows: Vec<&serde_json::Value> = whatif["rows"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["scenario"] == "random")
            .collect();
        let program = &alone["programs"][0];
        if rows.is_empty() {
            // The edits change nothing: whatif leaves the program out, plan moves nothing.
            prop_assert_eq!(&program["changes"]["units"]["kept"], &program["units_allotted"]);
            return Ok(());
        }
        prop_assert_eq!(rows.len(), 1);
        let row = rows[0];
        prop_assert_eq!(row["feasible"].as_bool(), Some(program["status"] != "infeasible"), "{}", scenario);
        if row["feasible"] == true {
            prop_assert_eq!(
                &whatif["manifest"]["scenarios"]["random"],
                &alone["manifest"]["pairings_sha256"],
                "{}", scenario
            );
            prop_assert_eq!(&row["off_map"], &program["off_map"]);
            prop_assert_eq!(&row["balance_measure"], &program["balance_measure"]);
            let moved = program["changes"]["units"]["dropped"].as_u64().unwrap()
                + program["changes"]["units"]["changed"].as_u64().unwrap();
            prop_assert_eq!(row["moved"].as_u64().unwrap(), moved);
        }
    }
}

/// What a scenario moves on the fixture, as `plan --scenario --out` writes it: each pairing new or
/// dropped as `village ← helper status`, sorted.
fn moves_of(scenario: &str) -> (i32, Vec<String>) {
    let data = write_dataset(&fixture());
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("s.toml");
    std::fs::write(&file, format!("title = \"t\"\n{scenario}")).unwrap();
    let out = work.path().join("plan.csv");
    let run = on_data(
        "plan",
        data.path(),
        &[
            "--scenario",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    if run.code != 0 {
        return (run.code, vec![run.stderr]);
    }
    let mut moves: Vec<String> = crate::harness::read_csv(&out)
        .into_iter()
        .filter(|r| r["status"] == "new" || r["status"] == "dropped")
        .map(|r| {
            format!(
                "{} ← {} {}",
                r["recipient_name"], r["helper_id"], r["status"]
            )
        })
        .collect();
    moves.sort();
    (0, moves)
}

#[test]
fn each_edit_kind_moves_what_it_should() {
    // The baseline: 一村 ← E1, 二村 ← E3, 三村 ← E4, 四村 ← E5, 五村 ← E4 and 六村 ← E1 (三县's
    // district 丙区 holds no quota: off the map), 七村 and 八村 ← E2. Each scenario is planned against
    // it, so only what the edit forces moves.
    let cases: [(&str, &[&str]); 10] = [
        // 乙区 3 → 2, 甲区 5 → 6: 五村 (off the map anyway) goes from 乙区's E4 to 甲区's E3, which has room.
        (
            "[[edits]]\nedit = \"set_quota\"\ndistrict = \"甲区\"\nquota = 6\n[[edits]]\nedit = \"set_quota\"\ndistrict = \"乙区\"\nquota = 2\n",
            &["五村 ← E3 new", "五村 ← E4 dropped"],
        ),
        // A lower minimum forces nothing: keeping every pairing is cheapest.
        ("[[edits]]\nedit = \"set_minimum\"\nunit = \"某单位\"\nminimum = 0\n", &[]),
        // E2 takes no one: its 七村 and 八村 go to the only 甲区 enterprise with room, E3.
        (
            "[[edits]]\nedit = \"set_capacity\"\nhelper = \"E2\"\ncapacity = 0\n",
            &["七村 ← E2 dropped", "七村 ← E3 new", "八村 ← E2 dropped", "八村 ← E3 new"],
        ),
        // Removing E2 by id is the same.
        (
            "[[edits]]\nedit = \"remove_helpers\"\nids = [\"E2\"]\n",
            &["七村 ← E2 dropped", "七村 ← E3 new", "八村 ← E2 dropped", "八村 ← E3 new"],
        ),
        // E5 leaves and a new 乙区 enterprise comes: 四村 goes to it (E4 is full).
        (
            "[[edits]]\nedit = \"remove_helpers\"\nids = [\"E5\"]\n[[edits]]\nedit = \"add_helpers\"\nhelpers = [{ id = \"E6\", name = \"乙三公司\", district = \"乙区\", capacity = 2, skills = [\"苹果\"] }]\n",
            &["四村 ← E5 dropped", "四村 ← E6 new"],
        ),
        // 三县 to 乙区: 五村 ← E4 comes onto the map; nothing has to move.
        ("[[edits]]\nedit = \"reassign_county\"\ncounty = \"三县\"\ndistrict = \"乙区\"\n", &[]),
        // 一村 pinned to E3: E1 then needs another village for 某单位's minimum of 2 — it takes 二村.
        (
            "[[edits]]\nedit = \"pin\"\nhelper = \"E3\"\nrecipient = \"620001000001\"\n",
            &["一村 ← E1 dropped", "一村 ← E3 new", "二村 ← E1 new", "二村 ← E3 dropped"],
        ),
        // 五村 banned from E4: 乙区 still needs 3 villages, so E5 (room for one more) takes it.
        (
            "[[edits]]\nedit = \"ban\"\nhelper = \"E4\"\nrecipient = \"620003000001\"\n",
            &["五村 ← E4 dropped", "五村 ← E5 new"],
        ),
        // Balance weighs 1000, a change 1: one of E2's two villages goes to E3 (2²/2 + 1²/3 →
        // 1²/2 + 2²/3 saves 0.5 × 1000, more than the mismatch of 100 it costs).
        (
            "[[edits]]\nedit = \"weights\"\nbalance = 1000\nchange = 1\n",
            &["七村 ← E2 dropped", "七村 ← E3 new"],
        ),
        // One of 乙区's quota to 甲区: 五村 again (the only move that keeps the rest).
        (
            "[[edits]]\nedit = \"move_quota\"\nfrom = \"乙区\"\nto = \"甲区\"\namount = 1\n",
            &["五村 ← E3 new", "五村 ← E4 dropped"],
        ),
    ];
    for (scenario, expected) in cases {
        let (code, moves) = moves_of(scenario);
        assert_eq!(code, 0, "{scenario}: {moves:?}");
        assert_eq!(moves, expected, "{scenario}");
    }
    // Removing the helpers a unit mobilised leaves its minimum unreachable.
    let (code, stderr) = moves_of("[[edits]]\nedit = \"remove_helpers\"\nunit = \"某单位\"\n");
    assert_eq!(code, 1);
    assert!(
        stderr[0].contains("某单位 must reach 2 but the helpers it mobilised can take only 0"),
        "{stderr:?}"
    );
}

#[test]
fn helpers_added_from_a_csv_are_read_and_located() {
    let data = write_dataset(&fixture());
    let work = tempfile::tempdir().unwrap();
    let scenario = work.path().join("s.toml");
    std::fs::write(
        &scenario,
        "title = \"t\"\n[[edits]]\nedit = \"remove_helpers\"\nids = [\"E5\"]\n[[edits]]\nedit = \"add_helpers\"\nfile = \"new.csv\"\n",
    )
    .unwrap();
    let run = |csv: &str| {
        std::fs::write(work.path().join("new.csv"), csv).unwrap();
        on_data(
            "plan",
            data.path(),
            &["--scenario", scenario.to_str().unwrap(), "--format", "json"],
        )
    };
    // A row shaped like enterprises.csv (its `sectors`, its extra `source` column).
    let good =
        run("id,name,district,unit,capacity,sectors,source\nE6,乙三公司,乙区,,2,苹果,synthetic\n");
    assert_eq!(good.code, 0, "{}", good.stderr);
    let json: serde_json::Value = serde_json::from_str(&good.stdout).unwrap();
    assert_eq!(json["programs"][0]["changes"]["units"]["new"], 1);
    // Its mistakes are located in the CSV, or in the scenario when the edits contradict.
    for (csv, words) in [
        (
            "id,name,district,unit,capacity,sectors\nE6,乙三公司,戊区,,2,苹果\n",
            vec!["new.csv:2", "column 'district'", "戊区", "did you mean"],
        ),
        (
            "id,name,district,unit,capacity,sectors\nE6,乙三公司,乙区,,two,苹果\n",
            vec!["new.csv:2", "column 'capacity'", "two"],
        ),
        (
            "id,name,district,unit,capacity,sectors\nE3,乙三公司,乙区,,2,苹果\n",
            vec![
                "new.csv:2",
                "an id no helper of villages has (E3 is 甲三公司)",
            ],
        ),
        (
            "id,name,district,unit,capacity,sectors\nE6,乙三公司,乙区,某单位,2,苹果\n",
            vec!["new.csv:2", "the district linked to unit 某单位 (甲区)"],
        ),
        ("id,name\nE6,乙三公司\n", vec!["new.csv", "district"]),
    ] {
        let bad = run(csv);
        assert_eq!(bad.code, 2, "{csv}: {}", bad.stderr);
        for word in words {
            assert!(bad.stderr.contains(word), "{csv}: {word}: {}", bad.stderr);
        }
    }
    // The CSV is named relative to the scenario, never outside its folder: said at the `file` line.
    std::fs::write(
        &scenario,
        "title = \"t\"\n[[edits]]\nedit = \"add_helpers\"\nfile = \"../new.csv\"\n",
    )
    .unwrap();
    let outside = on_data(
        "plan",
        data.path(),
        &["--scenario", scenario.to_str().unwrap()],
    );
    assert_eq!(outside.code, 2);
    assert!(
        outside.stderr.contains("s.toml:4")
            && outside.stderr.contains("inside the scenario's folder"),
        "{}",
        outside.stderr
    );
}

#[test]
fn new_helpers_need_their_program_when_several_are_planned() {
    let work = tempfile::tempdir().unwrap();
    let scenario = work.path().join("s.toml");
    std::fs::write(
        &scenario,
        "title = \"t\"\n[[edits]]\nedit = \"add_helpers\"\nhelpers = [{ id = \"E9999\", district = \"武清区\", capacity = 2 }]\n",
    )
    .unwrap();
    let run = crate::harness::pairplan(&["whatif", scenario.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("s.toml:2") && run.stderr.contains("the program the helpers join"),
        "{}",
        run.stderr
    );
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
    assert_eq!(
        json["programs"].as_array().unwrap().len(),
        crate::harness::PAIRING_PROGRAMS.len()
    );
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
    let curve: Vec<(f64, bool, Option<u64>)> = json["sweep"]["curve"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["value"].as_f64().unwrap(),
                p["feasible"].as_bool().unwrap(),
                p["feasible"]
                    .as_bool()
                    .unwrap()
                    .then(|| p["moved"].as_u64().unwrap()),
            )
        })
        .collect();
    assert_eq!(
        curve,
        [
            (1.0, true, Some(1)),
            (2.0, true, Some(2)),
            (3.0, false, None)
        ]
    );
    assert_eq!(json["sweep"]["key"], "move(乙区,甲区)");
    // The table shows the curve, the reason once with the values it holds for.
    let table = on_data(
        "whatif",
        data.path(),
        &["--sweep", "move(乙区,甲区)=0..3:1"],
    );
    assert!(
        table.stdout.contains("sweep villages 乙区 gives to 甲区"),
        "{}",
        table.stdout
    );
    assert!(
        table.stdout.contains("villages 乙区 gives to 甲区 = 3: "),
        "{}",
        table.stdout
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
    // E1, E2 and E4 use all their places. One place more spreads the load (2²/2 → 2²/3: −0.6667);
    // one fewer: E1 can no longer meet 某单位's minimum; E2 hands a 文化旅游 village to an enterprise
    // without that skill (the mismatch weight, 10; loads 2,2,1 → 2,1,2 balance the same); E4 puts
    // 乙区's third village on E5 (2²/2 + 1²/2 → 1²/1 + 2²/2: +0.5).
    let margins: Vec<(String, f64, Option<f64>)> = binding["capacities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["helper"].as_str().unwrap().to_string(),
                c["one_more"].as_f64().unwrap(),
                c["one_fewer"].as_f64(),
            )
        })
        .collect();
    let expected = [("E1", None), ("E2", Some(10.0)), ("E4", Some(0.5))];
    assert_eq!(margins.len(), expected.len(), "{margins:?}");
    for ((helper, more, fewer), (id, want)) in margins.iter().zip(expected) {
        assert_eq!(helper, id);
        assert!((more + 2.0 / 3.0).abs() < 1e-3, "{margins:?}");
        assert_eq!(fewer.map(|v| (v * 1e3).round() / 1e3), want, "{margins:?}");
    }
    let text = on_data("plan", data.path(), &["--explain"]);
    assert!(
        text.stdout.contains("what binds villages:")
            && text.stdout.contains("E4 乙一公司（乙区） uses all 2 places: with one more, the objective changes by -0.6666; with one fewer, the objective changes by +0.5000"),
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

#[test]
fn whatif_plans_the_baseline_against_last_year_when_given() {
    let data = write_dataset(&fixture());
    let work = tempfile::tempdir().unwrap();
    // Last year: the plan with 一村 pinned to E3 — not what the data alone would give.
    let pin = work.path().join("pin.toml");
    std::fs::write(
        &pin,
        "title = \"pin\"\n[[edits]]\nedit = \"pin\"\nhelper = \"E3\"\nrecipient = \"620001000001\"\n",
    )
    .unwrap();
    let last_year = work.path().join("last.csv");
    let made = on_data(
        "plan",
        data.path(),
        &[
            "--scenario",
            pin.to_str().unwrap(),
            "--out",
            last_year.to_str().unwrap(),
        ],
    );
    assert_eq!(made.code, 0, "{}", made.stderr);
    let a = work.path().join("a.toml");
    std::fs::write(&a, SCENARIO_A).unwrap();
    let previous = last_year.to_str().unwrap();
    let whatif = on_data(
        "whatif",
        data.path(),
        &[
            a.to_str().unwrap(),
            "--previous",
            previous,
            "--format",
            "json",
        ],
    );
    assert_eq!(whatif.code, 0, "{}", whatif.stderr);
    let whatif: serde_json::Value = serde_json::from_str(&whatif.stdout).unwrap();
    let alone = on_data(
        "plan",
        data.path(),
        &["--previous", previous, "--format", "json"],
    );
    let alone: serde_json::Value = serde_json::from_str(&alone.stdout).unwrap();
    // The baseline keeps last year's pairings (all still possible) and is the plan `plan
    // --previous` makes, byte for byte.
    assert_eq!(whatif["rows"][0]["scenario"], "baseline");
    assert_eq!(whatif["rows"][0]["moved"], 0);
    assert_eq!(
        whatif["manifest"]["pairings_sha256"],
        alone["manifest"]["pairings_sha256"]
    );
    assert!(whatif["manifest"]["settings"]["previous"]
        .as_str()
        .unwrap()
        .ends_with("last.csv"));
    assert_eq!(whatif["rows"][1]["moved"], 1, "{}", whatif["rows"]);
}
