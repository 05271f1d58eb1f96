//! Candidate pairs (`allowed_pairs`): a planner's scored pairs replace the pairing map.

use crate::harness::{fixture, on_data, read_csv, with_models, write_dataset};

const MODEL: &str = r#"
name = "scored"
title = "候选结对"
source = "test fixture"
helper_noun = "enterprises"
recipient_noun = "villages"

[helpers]
file = "enterprises.csv"
id = "id"
name = "name"
district = "district"
capacity = "capacity"

[recipients]
file = "few_villages.csv"
id = "id"
name = "name"
county = "county"

[[rules]]
rule = "coverage"
min = 1
max = 1

[[rules]]
rule = "capacity"

[[rules]]
rule = "allowed_pairs"
file = "candidates.csv"

[costs]
"#;

/// Runs `plan` on a scored dataset with extra arguments.
fn plan_scored(
    data: &tempfile::TempDir,
    models: &tempfile::TempDir,
    extra: &[&str],
) -> crate::harness::Run {
    with_models("plan", data.path(), models.path(), extra)
}

/// Three villages, enterprises of the fixture, and scored candidates; returns (data, models) dirs.
fn scored(candidates: &str) -> (tempfile::TempDir, tempfile::TempDir) {
    let mut files = fixture();
    let manifest =
        files["dataset.toml"].replace("programs = [\"villages\"]", "programs = [\"scored\"]");
    files.insert("dataset.toml", manifest);
    files.insert(
        "few_villages.csv",
        "id,name,county\nV1,一村,一县\nV2,二村,二县\nV3,三村,三县\n".into(),
    );
    files.insert("candidates.csv", candidates.into());
    let models = tempfile::tempdir().unwrap();
    std::fs::write(models.path().join("scored.toml"), MODEL).unwrap();
    (write_dataset(&files), models)
}

#[test]
fn the_cheapest_assignment_of_the_candidates_is_chosen() {
    // E4 has capacity 2, so it takes both of its cheap candidates, V1 (0) and V3 (1); V2 goes to
    // its cheaper candidate E5 (2): 3 in all.
    let (data, models) = scored(
        "helper_id,recipient_id,cost\nE1,V1,1\nE4,V1,0\nE5,V2,2\nE2,V2,3\nE4,V3,1\nE3,V3,9\n",
    );
    let out = data.path().join("plan.csv");
    let run = plan_scored(
        &data,
        &models,
        &["--out", out.to_str().unwrap(), "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["programs"][0]["objective"], 3.0);
    let pairs: Vec<(String, String)> = read_csv(&out)
        .into_iter()
        .map(|r| (r["recipient_id"].clone(), r["helper_id"].clone()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("V1".into(), "E4".into()),
            ("V2".into(), "E5".into()),
            ("V3".into(), "E4".into())
        ]
    );

    // A pairing outside the candidates is a gap.
    let ledger = data.path().join("l.csv");
    std::fs::write(
        &ledger,
        "program,helper_id,recipient_id\nscored,E4,V1\nscored,E5,V2\nscored,E1,V3\n",
    )
    .unwrap();
    let check = on_data(
        "check",
        data.path(),
        &[
            "--models",
            models.path().to_str().unwrap(),
            "--pairings",
            ledger.to_str().unwrap(),
        ],
    );
    assert_eq!(check.code, 1);
    assert!(
        check.stdout.contains("gap forbidden pair (1)"),
        "{}",
        check.stdout
    );
    assert!(check.stdout.contains("三村（V3）is paired with 甲一公司（E1）, which is not among the allowed candidate pairs"), "{}", check.stdout);
}

#[test]
fn a_recipient_without_candidates_is_unreachable() {
    let (data, models) = scored("helper_id,recipient_id,cost\nE1,V1,1\nE5,V2,2\n");
    let run = plan_scored(&data, &models, &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("1 villages have no eligible helper at all (e.g. 三村)"),
        "{}",
        run.stderr
    );
}

#[test]
fn candidates_crowding_one_enterprise_are_a_counted_shortfall() {
    // All three villages may go only to E4, which can take 2 (Hall's condition fails).
    let (data, models) =
        scored("helper_id,recipient_id,cost\nE4,V1,0\nE4,V2,0\nE4,V3,0\nE5,V3,1\nE5,V2,1\n");
    assert_eq!(plan_scored(&data, &models, &[]).code, 0, "E5 relieves E4");
    let (data, models) = scored("helper_id,recipient_id,cost\nE4,V1,0\nE4,V2,0\nE4,V3,0\n");
    let run = plan_scored(&data, &models, &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "the villages 一村、二村、三村 need 3 pairings, but only 乙一公司 may serve them, and by quota and capacity it can take 2: short by 1"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_bad_candidates_file_is_located() {
    let (data, models) = scored("helper_id,recipient_id,cost\nE1,V1,1\nE1,V1,2\nE7,V2,x\n");
    let run = plan_scored(&data, &models, &[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("candidates.csv:3: column 'helper_id': expected each pair once (this pair is already on line 2), found 'E1'"), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "candidates.csv:4: column 'helper_id': expected a known helper id; closest: E1"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("candidates.csv:4: column 'cost': expected a number from -1000000 to 1000000, found 'x'"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_model_without_coverage_states_the_default_and_plans_by_it() {
    let (data, models) = scored("helper_id,recipient_id,cost\nE1,V1,1\nE4,V2,0\nE5,V3,2\n");
    let model = MODEL.replace("[[rules]]\nrule = \"coverage\"\nmin = 1\nmax = 1\n\n", "");
    assert_ne!(model, MODEL, "the fixture's coverage rule is removed");
    std::fs::write(models.path().join("scored.toml"), model).unwrap();

    let listed = with_models(
        "programs",
        data.path(),
        models.path(),
        &["--program", "scored", "--lang", "en"],
    );
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    assert!(
        listed.stdout.contains("coverage(1) (default)")
            && listed
                .stdout
                .contains("gives each recipient exactly one helper"),
        "{}",
        listed.stdout
    );
    // The plan keeps what `programs` says: one helper for each village.
    let out = data.path().join("plan.csv");
    let run = plan_scored(&data, &models, &["--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows = read_csv(&out);
    assert_eq!(rows.len(), 3, "{rows:?}");
}
