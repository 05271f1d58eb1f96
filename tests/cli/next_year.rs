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
