//! `check --actuals`: actual figures against the labour and consumption targets and milestones.

use serde_json::Value;

use crate::harness::pairplan;

const ACTUALS: &str = "table,district,indicator,actual
consumption,东丽区,target_yi_yuan,0.4
consumption,滨海新区,target_yi_yuan,1.75
labour,和平区,local_nearby,900
labour,河西区,to_paired_province,100
consumption,东丽县,target_yi_yuan,1
";

/// Runs `check --actuals` on the embedded data (villages of a fresh plan, so only targets speak)
/// and returns the behind_target and unknown_reference findings as (subject, expected, actual).
fn behind(as_of: Option<&str>) -> (i32, Vec<(String, Value, Value)>, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("p.csv");
    assert_eq!(
        pairplan(&[
            "plan",
            "--program",
            "villages",
            "--out",
            plan.to_str().unwrap()
        ])
        .code,
        0
    );
    let actuals = dir.path().join("actuals.csv");
    std::fs::write(&actuals, ACTUALS).unwrap();
    let mut args = vec![
        "check",
        "--program",
        "villages",
        "--pairings",
        plan.to_str().unwrap(),
        "--actuals",
        actuals.to_str().unwrap(),
        "--format",
        "json",
    ];
    if let Some(date) = as_of {
        args.extend(["--as-of", date]);
    }
    let run = pairplan(&args);
    let json: Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|_| panic!("{}", run.stderr));
    let findings = json["findings"].as_array().unwrap();
    let behind = findings
        .iter()
        .filter(|f| f["kind"] == "behind_target")
        .map(|f| {
            (
                f["subject"].as_str().unwrap().to_string(),
                f["expected"].clone(),
                f["actual"].clone(),
            )
        })
        .collect();
    let unknown = findings
        .iter()
        .filter(|f| f["kind"] == "unknown_reference")
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect();
    (run.code, behind, unknown)
}

#[test]
fn by_mid_august_half_of_the_consumption_target_is_due() {
    let (code, behind, unknown) = behind(Some("2019-08-20"));
    assert_eq!(code, 1);
    // 东丽区: 0.4 of 1 亿元, half (0.5) due by 2019-08-15. Labour has no milestones: nothing due yet.
    assert_eq!(
        behind,
        [(
            "东丽区 target_yi_yuan".to_string(),
            Value::from(0.5),
            Value::from(0.4)
        )]
    );
    assert_eq!(unknown.len(), 1);
    assert!(
        unknown[0].contains("no target 'target_yi_yuan' of 东丽县 in table 'consumption'"),
        "{unknown:?}"
    );
    assert!(unknown[0].contains("did you mean 东丽区?"), "{unknown:?}");
}

#[test]
fn by_november_95_percent_is_due() {
    let (_, behind, _) = behind(Some("2019-11-01"));
    // 滨海新区: 1.75 of 1.8 is above 95% (1.71); 东丽区 0.4 is behind 0.95.
    assert_eq!(
        behind,
        [(
            "东丽区 target_yi_yuan".to_string(),
            Value::from(0.95),
            Value::from(0.4)
        )]
    );
}

#[test]
fn without_a_date_the_whole_targets_apply() {
    let (_, behind, _) = behind(None);
    let subjects: Vec<&str> = behind.iter().map(|b| b.0.as_str()).collect();
    // 和平区 900 ≥ 890 local jobs; 河西区 100 < 140 to the paired province; 滨海新区 1.75 < 1.8.
    assert_eq!(
        subjects,
        [
            "东丽区 target_yi_yuan",
            "河西区 to_paired_province",
            "滨海新区 target_yi_yuan"
        ]
    );
}

#[test]
fn a_bad_date_is_a_usage_error() {
    let run = pairplan(&["check", "--actuals", "x.csv", "--as-of", "2019-13-01"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("expected a date YYYY-MM-DD, found '2019-13-01'"),
        "{}",
        run.stderr
    );
}
