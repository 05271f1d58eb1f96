//! Forbidden pairs (不得结对) and fixed pairs (保留结对) on the villages model of the small fixture.

use serde_json::Value;

use crate::harness::{fixture, read_csv, with_models, write_dataset, Run};

/// The real villages model with the two pair rules added.
fn models() -> tempfile::TempDir {
    let villages = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("models/villages.toml"),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("villages.toml"),
        format!("{villages}\n[[rules]]\nrule = \"forbidden_pairs\"\nfile = \"forbidden.csv\"\n\n[[rules]]\nrule = \"fixed_pairs\"\nfile = \"fixed.csv\"\n"),
    )
    .unwrap();
    dir
}

fn data(forbidden: &str, fixed: &str) -> tempfile::TempDir {
    let mut files = fixture();
    files.insert(
        "forbidden.csv",
        format!("helper_id,recipient_id\n{forbidden}"),
    );
    files.insert("fixed.csv", format!("helper_id,recipient_id\n{fixed}"));
    write_dataset(&files)
}

fn run(command: &str, data: &tempfile::TempDir, models: &tempfile::TempDir, extra: &[&str]) -> Run {
    with_models(command, data.path(), models.path(), extra)
}

fn pairs_of(path: &std::path::Path) -> Vec<(String, String)> {
    read_csv(path)
        .into_iter()
        .map(|r| (r["helper_id"].clone(), r["recipient_name"].clone()))
        .collect()
}

fn pair(helper: &str, village: &str) -> (String, String) {
    (helper.to_string(), village.to_string())
}

#[test]
fn a_plan_keeps_fixed_pairs_and_avoids_forbidden_ones() {
    let models = models();
    let free = data("", "");
    let out = free.path().join("free.csv");
    assert_eq!(
        run("plan", &free, &models, &["--out", out.to_str().unwrap()]).code,
        0
    );
    let unconstrained = pairs_of(&out);
    // Left alone, 七村 (文化旅游) goes to E2, the only enterprise of its trade, and 五村 (三县, whose
    // 丙区 holds no quota) does not go to E5.
    assert!(unconstrained.contains(&pair("E2", "七村")));
    assert!(!unconstrained.contains(&pair("E5", "五村")));

    // Forbid the first, fix the second.
    let rules = data("E2,130001000001\n", "E5,620003000001\n");
    let out = rules.path().join("plan.csv");
    let planned = run("plan", &rules, &models, &["--out", out.to_str().unwrap()]);
    assert_eq!(planned.code, 0, "{}", planned.stderr);
    let pairs = pairs_of(&out);
    assert!(!pairs.contains(&pair("E2", "七村")), "{pairs:?}");
    assert!(pairs.contains(&pair("E5", "五村")), "{pairs:?}");
    assert_eq!(pairs.len(), 8);
    let check = run(
        "check",
        &rules,
        &models,
        &["--pairings", out.to_str().unwrap()],
    );
    assert_eq!(check.code, 0, "{}", check.stdout);

    // The unconstrained plan, judged by the rules, breaks both.
    let judged = run(
        "check",
        &rules,
        &models,
        &[
            "--pairings",
            free.path().join("free.csv").to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert_eq!(judged.code, 1);
    let json: Value = serde_json::from_str(&judged.stdout).unwrap();
    let mut gaps: Vec<(&str, &str)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "gap")
        .map(|f| (f["kind"].as_str().unwrap(), f["subject"].as_str().unwrap()))
        .collect();
    gaps.sort();
    assert_eq!(
        gaps,
        [
            ("fixed_pair_missing", "620003000001 五村 / E5 乙二公司"),
            ("forbidden_pair", "130001000001 七村 / E2 甲二公司"),
        ]
    );
}

#[test]
fn fixed_pairs_that_cannot_be_kept_are_explained() {
    let models = models();
    // 一村 fixed to two enterprises (coverage allows one), and to E1 while E1 is also forbidden.
    let data = data("E1,620001000001\n", "E1,620001000001\nE3,620001000001\n");
    let planned = run("plan", &data, &models, &[]);
    assert_eq!(planned.code, 1, "{}", planned.stdout);
    for reason in [
        "一村（620001000001）cannot stay paired with 甲一公司（E1）: the pair is forbidden too",
        "一村（620001000001）has 2 fixed pairs, but may have at most 1 helpers",
    ] {
        assert!(planned.stderr.contains(reason), "{}", planned.stderr);
    }
}

#[test]
fn a_village_with_every_helper_forbidden_is_explained() {
    let models = models();
    // 一县's district 甲区 has E1–E3; off-map, 乙区 has E4 and E5. Forbid them all for 一村.
    let forbidden: String = ["E1", "E2", "E3", "E4", "E5"]
        .iter()
        .map(|e| format!("{e},620001000001\n"))
        .collect();
    let planned = run("plan", &data(&forbidden, ""), &models, &[]);
    assert_eq!(planned.code, 1);
    assert!(
        planned.stderr.contains(
            "一村（620001000001）has no helper left: every one that may serve it is in a forbidden pair"
        ),
        "{}",
        planned.stderr
    );
}

#[test]
fn a_pair_file_naming_an_unknown_id_is_located() {
    let models = models();
    let planned = run("plan", &data("", "E9,620001000001\n"), &models, &[]);
    assert_eq!(planned.code, 2);
    assert!(
        planned.stderr.contains("fixed.csv:2") && planned.stderr.contains("E9"),
        "{}",
        planned.stderr
    );
}

#[test]
fn fixed_pairs_above_a_quota_or_crowding_a_unit_are_named_with_their_numbers() {
    let models = models();
    // 甲区 (quota 5) keeps six pairings: one must move.
    let six = data(
        "",
        "E1,620001000001\nE1,620001000002\nE2,130001000001\nE2,130001000002\nE3,620003000001\nE3,620003000002\n",
    );
    let run_six = run("plan", &six, &models, &[]);
    assert_eq!(run_six.code, 1, "{}", run_six.stderr);
    assert!(
        run_six
            .stderr
            .contains("甲区 keeps 6 fixed pairings but its quota is 5: 1 must move"),
        "{}",
        run_six.stderr
    );
    // 甲区's enterprises outside 某单位 keep 4 of its 5: 某单位 needs 2.
    let crowded = data(
        "",
        "E2,130001000001\nE2,130001000002\nE3,620003000001\nE3,620003000002\n",
    );
    let run_crowded = run("plan", &crowded, &models, &[]);
    assert_eq!(run_crowded.code, 1, "{}", run_crowded.stderr);
    assert!(
        run_crowded.stderr.contains("某单位 needs 2 within 甲区's quota of 5, but the district's other helpers keep 4 fixed pairings: room for 1"),
        "{}",
        run_crowded.stderr
    );
}
