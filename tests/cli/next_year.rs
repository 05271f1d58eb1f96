//! Next year from this year: `plan --previous` keeps last year's pairings where the rules allow, says
//! what happened to each, and `diff` compares any two pairings files.

use std::collections::BTreeMap;

use crate::harness::{fixture, on_data, read_csv, write_dataset};

/// Last year's ledger of the fixture: every village paired, 六村 with a helper id mistyped.
const LAST_YEAR: &str = "program,helper_id,recipient_id\n\
villages,E1,620001000001\n\
villages,E1,620001000002\n\
villages,E2,130001000001\n\
villages,E2,130001000002\n\
villages,E3,620003000001\n\
villages,E4,620002000001\n\
villages,E5,620002000002\n\
villages,E9,620003000002\n";

/// A plan's CSV rows by village name (a village with a dropped and a new pairing has two).
type RowsByVillage = BTreeMap<String, Vec<BTreeMap<String, String>>>;

/// Plans the fixture (with `files` replaced) against `previous`; returns the rows by recipient and
/// the summary.
fn plan_against(
    files: &[(&'static str, &str)],
    previous: &str,
) -> (RowsByVillage, String, serde_json::Value) {
    let mut all = fixture();
    for (name, text) in files {
        all.insert(name, (*text).to_string());
    }
    let data = write_dataset(&all);
    let work = tempfile::tempdir().unwrap();
    let last = work.path().join("last.csv");
    std::fs::write(&last, previous).unwrap();
    let out = work.path().join("next.csv");
    let run = on_data(
        "plan",
        data.path(),
        &[
            "--previous",
            last.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = on_data(
        "plan",
        data.path(),
        &["--previous", last.to_str().unwrap(), "--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    // The plan with its dropped rows passes check: `check` skips the dropped rows.
    let check = on_data("check", data.path(), &["--pairings", out.to_str().unwrap()]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    let mut rows: RowsByVillage = BTreeMap::new();
    for row in read_csv(&out) {
        rows.entry(row["recipient_name"].clone())
            .or_default()
            .push(row);
    }
    (rows, run.stdout, json)
}

fn only<'a>(rows: &'a RowsByVillage, village: &str) -> &'a BTreeMap<String, String> {
    assert_eq!(rows[village].len(), 1, "{village}: {:?}", rows[village]);
    &rows[village][0]
}

#[test]
fn every_pairing_the_rules_allow_is_kept_and_the_others_say_why() {
    let (rows, text, json) = plan_against(&[], LAST_YEAR);
    for village in ["一村", "二村", "三村", "四村", "五村", "七村", "八村"] {
        let row = only(&rows, village);
        assert_eq!(
            (row["status"].as_str(), row["previous_units"].as_str()),
            ("kept", "1"),
            "{row:?}"
        );
    }
    // 六村's helper E9 does not exist: dropped, with the reason and the closest ids; 六村 gets a
    // new helper off the map (三县's 丙区 holds no quota), from 乙区, the district with room.
    let six = &rows["六村"];
    assert_eq!(six.len(), 2, "{six:?}");
    let dropped = six.iter().find(|r| r["status"] == "dropped").unwrap();
    assert_eq!(
        (dropped["helper_id"].as_str(), dropped["units"].as_str()),
        ("E9", "0")
    );
    assert!(
        dropped["reason"].contains("not in this year's data")
            && dropped["reason"].contains("closest"),
        "{dropped:?}"
    );
    let new = six.iter().find(|r| r["status"] == "new").unwrap();
    assert_eq!(new["helper_district"], "乙区", "{new:?}");
    assert!(text.contains("against last year"), "{text}");
    assert!(
        text.contains("7 pairings kept, 0 changed, 1 new, 1 dropped"),
        "{text}"
    );
    let changes = &json["programs"][0]["changes"]["units"];
    assert_eq!(
        (
            changes["kept"].as_u64(),
            changes["new"].as_u64(),
            changes["dropped"].as_u64()
        ),
        (Some(7), Some(1), Some(1))
    );
}

#[test]
fn a_capacity_that_fell_moves_the_fewest_pairings_and_says_so() {
    // E2 can take one village now, not two: one of 七村/八村 moves, to 甲区's other enterprise with
    // room (E3); nothing else moves.
    let enterprises =
        fixture()["enterprises.csv"].replace("E2,甲二公司,甲区,,2,", "E2,甲二公司,甲区,,1,");
    let last = LAST_YEAR.replace("villages,E9,620003000002", "villages,E4,620003000002");
    let (rows, text, _) = plan_against(&[("enterprises.csv", &enterprises)], &last);
    let moved: Vec<&BTreeMap<String, String>> = rows
        .values()
        .flatten()
        .filter(|r| r["status"] == "dropped")
        .collect();
    assert_eq!(moved.len(), 1, "{rows:?}");
    assert_eq!(moved[0]["helper_id"], "E2");
    assert_eq!(
        moved[0]["reason"],
        "甲二公司（E2）carried 2 pairings last year but its capacity is 1 now"
    );
    let village = &moved[0]["recipient_name"];
    let new = rows[village].iter().find(|r| r["status"] == "new").unwrap();
    assert_eq!(new["helper_id"], "E3");
    assert!(
        text.contains("7 pairings kept, 0 changed, 1 new, 1 dropped"),
        "{text}"
    );
}

#[test]
fn a_plan_given_itself_changes_nothing_and_diff_agrees() {
    let data = write_dataset(&fixture());
    let work = tempfile::tempdir().unwrap();
    let first = work.path().join("first.csv");
    let second = work.path().join("second.csv");
    assert_eq!(
        on_data("plan", data.path(), &["--out", first.to_str().unwrap()]).code,
        0
    );
    let run = on_data(
        "plan",
        data.path(),
        &[
            "--previous",
            first.to_str().unwrap(),
            "--out",
            second.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("8 pairings kept, 0 changed, 0 new, 0 dropped"),
        "{}",
        run.stdout
    );
    assert!(read_csv(&second).iter().all(|r| r["status"] == "kept"));
    // diff of a plan with itself: nothing moved.
    let same =
        crate::harness::pairplan(&["diff", first.to_str().unwrap(), second.to_str().unwrap()]);
    assert_eq!(same.code, 0, "{}", same.stderr);
    assert!(same.stdout.contains("no pairing moved"), "{}", same.stdout);
}

#[test]
fn diff_one_way_mirrors_the_other() {
    let work = tempfile::tempdir().unwrap();
    let a = work.path().join("a.csv");
    let b = work.path().join("b.csv");
    std::fs::write(&a, "program,helper_id,recipient_id,helper_district,units\nvillages,E1,R1,甲区,1\nvillages,E2,R2,甲区,1\nteams,H1,C1,乙区,3\n").unwrap();
    std::fs::write(&b, "program,helper_id,recipient_id,helper_district,units\nvillages,E1,R1,甲区,1\nvillages,E3,R2,乙区,1\nvillages,E3,R3,乙区,1\nteams,H1,C1,乙区,5\n").unwrap();
    let json = |from: &std::path::Path, to: &std::path::Path| -> serde_json::Value {
        let run = crate::harness::pairplan(&[
            "diff",
            from.to_str().unwrap(),
            to.to_str().unwrap(),
            "--format",
            "json",
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        serde_json::from_str(&run.stdout).unwrap()
    };
    let forward = json(&a, &b);
    let backward = json(&b, &a);
    let counts = |j: &serde_json::Value, program: &str, what: &str| {
        j["by_program"][program][what].as_u64().unwrap()
    };
    // villages: R1 kept; R2 moved E2 → E3; R3 new. teams: 3 → 5 person-times.
    assert_eq!(counts(&forward, "villages", "kept"), 1);
    assert_eq!(counts(&forward, "villages", "new"), 2);
    assert_eq!(counts(&forward, "villages", "dropped"), 1);
    assert_eq!(
        (
            counts(&forward, "teams", "kept"),
            counts(&forward, "teams", "changed")
        ),
        (3, 2)
    );
    for program in ["villages", "teams"] {
        assert_eq!(
            counts(&forward, program, "kept"),
            counts(&backward, program, "kept")
        );
        assert_eq!(
            counts(&forward, program, "changed"),
            counts(&backward, program, "changed")
        );
        assert_eq!(
            counts(&forward, program, "new"),
            counts(&backward, program, "dropped")
        );
        assert_eq!(
            counts(&forward, program, "dropped"),
            counts(&backward, program, "new")
        );
    }
    assert_eq!(forward["moved"][0]["recipient_id"], "R2");
    assert_eq!(forward["moved"][0]["from_district"], "甲区");
    assert_eq!(forward["moved"][0]["to_district"], "乙区");
    assert_eq!(backward["moved"][0]["from_district"], "乙区");
}

/// The embedded data's files, by name.
fn embedded(file: &str) -> Vec<BTreeMap<String, String>> {
    let path: std::path::PathBuf = [env!("CARGO_MANIFEST_DIR"), "data", "tianjin-2019", file]
        .iter()
        .collect();
    read_csv(&path)
}

#[test]
fn the_embedded_ledger_keeps_all_it_can_and_every_drop_states_a_true_reason() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("next.csv");
    let ledger: std::path::PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "data",
        "tianjin-2019",
        "pairings-2019.csv",
    ]
    .iter()
    .collect();
    let run = crate::harness::pairplan(&[
        "plan",
        "--program",
        "villages",
        "--previous",
        ledger.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let enterprises: BTreeMap<String, BTreeMap<String, String>> = embedded("enterprises.csv")
        .into_iter()
        .map(|e| (e["id"].clone(), e))
        .collect();
    let villages: Vec<String> = embedded("villages.csv")
        .into_iter()
        .map(|v| v["id"].clone())
        .collect();
    let quotas: BTreeMap<String, u32> = embedded("village_quotas.csv")
        .into_iter()
        .map(|q| (q["district"].clone(), q["quota"].parse().unwrap()))
        .collect();
    let units: BTreeMap<String, u32> = embedded("units.csv")
        .into_iter()
        .map(|u| (u["name"].clone(), u["min_villages"].parse().unwrap()))
        .collect();
    let last_year = embedded("pairings-2019.csv");
    let held_by = |filter: &dyn Fn(&BTreeMap<String, String>) -> bool| -> u32 {
        let mut pairs: Vec<(&str, &str)> = last_year
            .iter()
            .filter(|r| {
                enterprises.contains_key(&r["helper_id"]) && filter(&enterprises[&r["helper_id"]])
            })
            .map(|r| (r["recipient_id"].as_str(), r["helper_id"].as_str()))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        pairs.len() as u32
    };
    let rows = read_csv(&out);
    let dropped: Vec<&BTreeMap<String, String>> =
        rows.iter().filter(|r| r["status"] == "dropped").collect();
    assert!(!dropped.is_empty());
    for row in &dropped {
        let reason = row["reason"].as_str();
        let helper = enterprises.get(&row["helper_id"]);
        let true_reason = if reason.starts_with("not in this year's data") {
            helper.is_none() || !villages.contains(&row["recipient_id"])
        } else if reason.contains("its capacity is") {
            let h = helper.unwrap();
            held_by(&|e| e["id"] == h["id"]) > h["capacity"].parse().unwrap()
        } else if reason.contains("its quota is") {
            let district = &helper.unwrap()["district"];
            held_by(&|e| &e["district"] == district) > quotas[district]
        } else if reason.contains("must reach its minimum") {
            let unit = reason.split(' ').next().unwrap();
            held_by(&|e| e["unit"] == unit) < units[unit]
        } else {
            false
        };
        assert!(true_reason, "{row:?}");
    }
    // Everything else of the ledger stays: a kept row per ledger pair that is not dropped.
    let kept = rows.iter().filter(|r| r["status"] == "kept").count();
    let distinct: std::collections::BTreeSet<(&str, &str)> = last_year
        .iter()
        .map(|r| (r["recipient_id"].as_str(), r["helper_id"].as_str()))
        .collect();
    assert_eq!(kept + dropped.len(), distinct.len());
}

#[test]
fn moving_quota_between_districts_moves_no_more_than_it_forces() {
    // Baseline plan, then 20 villages of quota moved from 西青区 to 武清区 and planned against it:
    // 西青区 must shed what its new quota cannot hold, 武清区 takes them; nothing else moves.
    let baseline = tempfile::tempdir().unwrap();
    let first = baseline.path().join("first.csv");
    assert_eq!(
        crate::harness::pairplan(&[
            "plan",
            "--program",
            "villages",
            "--out",
            first.to_str().unwrap()
        ])
        .code,
        0
    );
    let held: u32 = read_csv(&first)
        .iter()
        .filter(|r| r["helper_district"] == "西青区")
        .count() as u32;
    let data = tempfile::tempdir().unwrap();
    let source: std::path::PathBuf = [env!("CARGO_MANIFEST_DIR"), "data", "tianjin-2019"]
        .iter()
        .collect();
    for entry in std::fs::read_dir(&source).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), data.path().join(entry.file_name())).unwrap();
    }
    let quotas = std::fs::read_to_string(data.path().join("village_quotas.csv")).unwrap();
    let moved = quotas
        .replace("西青区,132", "西青区,112")
        .replace("武清区,228", "武清区,248");
    assert_ne!(moved, quotas);
    std::fs::write(data.path().join("village_quotas.csv"), moved).unwrap();
    let next = baseline.path().join("next.csv");
    let run = on_data(
        "plan",
        data.path(),
        &[
            "--program",
            "villages",
            "--previous",
            first.to_str().unwrap(),
            "--out",
            next.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows = read_csv(&next);
    let dropped: Vec<_> = rows.iter().filter(|r| r["status"] == "dropped").collect();
    assert_eq!(dropped.len() as u32, held - 112, "{dropped:?}");
    assert!(dropped.iter().all(|r| r["helper_district"] == "西青区"));
    assert!(rows
        .iter()
        .filter(|r| r["status"] == "new")
        .all(|r| r["helper_district"] == "武清区"));
}

#[test]
fn max_changes_at_below_and_above_the_fewest_possible() {
    // With E2's capacity down to 1 and 六村's helper mistyped, the fewest changes are 2: the
    // mistyped row (no plan keeps it) and one of E2's two villages.
    let mut all = fixture();
    all.insert(
        "enterprises.csv",
        all["enterprises.csv"].replace("E2,甲二公司,甲区,,2,", "E2,甲二公司,甲区,,1,"),
    );
    let data = write_dataset(&all);
    let work = tempfile::tempdir().unwrap();
    let last = work.path().join("last.csv");
    std::fs::write(&last, LAST_YEAR).unwrap();
    let plan = |k: &str| {
        on_data(
            "plan",
            data.path(),
            &[
                "--previous",
                last.to_str().unwrap(),
                "--max-changes",
                k,
                "-v",
            ],
        )
    };
    let below = plan("1");
    assert_eq!(below.code, 1, "{}", below.stdout);
    assert!(
        below.stderr.contains("no plan changes at most 1 of last year's units: the fewest any plan needs is 2 (1 × rows naming ids not in this year's data、1 × 甲二公司（E2）carried 2 pairings last year but its capacity is 1 now)"),
        "{}",
        below.stderr
    );
    for k in ["2", "5"] {
        let run = plan(k);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(
            run.stdout
                .contains("6 pairings kept, 0 changed, 2 new, 2 dropped"),
            "{}",
            run.stdout
        );
        assert!(
            run.stdout.contains("the number of changes is limited"),
            "{}",
            run.stdout
        );
    }
    // Without --previous the limit means nothing: a usage error.
    let alone = on_data("plan", data.path(), &["--max-changes", "2"]);
    assert_eq!(alone.code, 2, "{}", alone.stderr);
}

#[test]
fn the_frontier_trades_changes_for_the_programs_own_objective() {
    // Last year 三村 (百合) had E5 (苹果 only) and 四村 (苹果) had E4 (百合 only): swapping them saves
    // two mismatches (10 each) for two changes. The mistyped 六村 row is a change in every plan.
    let last = LAST_YEAR
        .replace("villages,E4,620002000001", "villages,E5,620002000001")
        .replace("villages,E5,620002000002", "villages,E4,620002000002");
    let data = write_dataset(&fixture());
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("last.csv");
    std::fs::write(&file, last).unwrap();
    let run = on_data(
        "plan",
        data.path(),
        &[
            "--program",
            "villages",
            "--previous",
            file.to_str().unwrap(),
            "--frontier",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let points: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(points.len(), 2, "{points:?}");
    let (stable, swapped) = (&points[0], &points[1]);
    assert_eq!(
        (stable["changes"].as_u64(), swapped["changes"].as_u64()),
        (Some(1), Some(3))
    );
    assert_eq!(
        stable["trait_mismatches"].as_u64().unwrap(),
        swapped["trait_mismatches"].as_u64().unwrap() + 2
    );
    let saved = stable["objective"].as_f64().unwrap() - swapped["objective"].as_f64().unwrap();
    assert!((saved - 20.0).abs() < 1e-6, "{points:?}");
    // The table says the same, fewest changes first.
    let table = on_data(
        "plan",
        data.path(),
        &[
            "--program",
            "villages",
            "--previous",
            file.to_str().unwrap(),
            "--frontier",
        ],
    );
    assert!(
        table
            .stdout
            .contains("the best objective for each number of changes"),
        "{}",
        table.stdout
    );
}

#[test]
fn renamed_ids_carry_last_years_pairings_over() {
    // E9 is E5's old id: with the rename, 六村's pairing is recognised and kept.
    let data = write_dataset(&fixture());
    let work = tempfile::tempdir().unwrap();
    let last = work.path().join("last.csv");
    let renamed = work.path().join("renamed.csv");
    std::fs::write(&last, LAST_YEAR).unwrap();
    std::fs::write(&renamed, "old_id,new_id\nE9,E5\n").unwrap();
    let run = on_data(
        "plan",
        data.path(),
        &[
            "--previous",
            last.to_str().unwrap(),
            "--renamed",
            renamed.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("8 pairings kept, 0 changed, 0 new, 0 dropped"),
        "{}",
        run.stdout
    );
}
