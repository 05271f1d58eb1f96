//! `check --actuals`: actual figures against the labour and consumption targets and milestones —
//! a job of its own: every district and indicator on track, behind or not reported; a misspelt
//! table, district or indicator is an input error.

use serde_json::Value;

use crate::harness::pairplan;

const ACTUALS: &str = "table,district,indicator,actual
consumption,东丽区,consumption_yi_yuan,0.4
consumption,滨海新区,consumption_yi_yuan,1.75
labour,和平区,local_nearby,900
labour,河西区,to_tianjin,100
";

/// Runs `check --actuals ACTUALS` (with `extra` arguments) as JSON.
fn actuals(text: &str, extra: &[&str]) -> (i32, Value, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("actuals.csv");
    std::fs::write(&file, text).unwrap();
    let mut args = vec![
        "check",
        "--actuals",
        file.to_str().unwrap(),
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let run = pairplan(&args);
    let json = serde_json::from_str(&run.stdout).unwrap_or(Value::Null);
    (run.code, json, run.stderr)
}

/// The findings of one kind as (subject, severity).
fn of_kind(json: &Value, kind: &str) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == kind)
        .map(|f| {
            (
                f["subject"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.sort();
    found
}

/// Where one district stands on one indicator.
fn standing(json: &Value, district: &str, indicator: &str) -> String {
    json["actuals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["district"] == district && l["indicator"] == indicator)
        .map(|l| l["standing"].as_str().unwrap().to_string())
        .unwrap_or_default()
}

#[test]
fn by_mid_august_half_of_the_consumption_target_is_due() {
    let (code, json, stderr) = actuals(ACTUALS, &["--as-of", "2019-08-20"]);
    assert_eq!(code, 1, "{stderr}");
    // 东丽区: 0.4 of 1 亿元, half (0.5) due by 2019-08-15; 滨海新区 1.75 is past its 0.9.
    assert_eq!(
        of_kind(&json, "behind_target"),
        [("东丽区 consumption_yi_yuan".to_string(), "gap".to_string())]
    );
    assert_eq!(
        standing(&json, "滨海新区", "consumption_yi_yuan"),
        "on_track"
    );
    // The 14 other districts owe half their consumption target and reported nothing: gaps.
    // Labour has no milestones, nothing is due yet: its missing figures are asked for, as notes.
    let missing = of_kind(&json, "not_reported");
    let gaps = missing
        .iter()
        .filter(|(s, sev)| s.ends_with("consumption_yi_yuan") && sev == "gap")
        .count();
    assert_eq!(gaps, 14, "{missing:?}");
    assert!(missing
        .iter()
        .filter(|(s, _)| !s.ends_with("consumption_yi_yuan"))
        .all(|(_, sev)| sev == "note"));
    // Only the figures are audited: no ledger.
    assert!(
        json["ledger"].is_null() && json["coverage"].is_null(),
        "{json}"
    );
}

#[test]
fn by_november_95_percent_is_due() {
    let (_, json, _) = actuals(ACTUALS, &["--as-of", "2019-11-01"]);
    // 滨海新区: 1.75 of 1.8 is above 95% (1.71); 东丽区 0.4 is behind 0.95.
    let line = json["actuals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["district"] == "东丽区" && l["indicator"] == "consumption_yi_yuan")
        .unwrap();
    assert_eq!(
        (line["due"].as_f64(), line["actual"].as_f64()),
        (Some(0.95), Some(0.4))
    );
    assert_eq!(
        standing(&json, "滨海新区", "consumption_yi_yuan"),
        "on_track"
    );
}

#[test]
fn without_a_date_the_whole_targets_apply_and_on_track_districts_are_listed() {
    let (_, json, _) = actuals(ACTUALS, &[]);
    // 河西区 100 < 140 来津; 滨海新区 1.75 < 1.8; 东丽区 0.4 < 1; 和平区 900 ≥ 890 就近就地.
    let behind: Vec<String> = of_kind(&json, "behind_target")
        .into_iter()
        .map(|b| b.0)
        .collect();
    assert_eq!(
        behind,
        [
            "东丽区 consumption_yi_yuan",
            "河西区 to_tianjin",
            "滨海新区 consumption_yi_yuan"
        ]
    );
    assert_eq!(standing(&json, "和平区", "local_nearby"), "on_track");
    // Every district and indicator has its line: 16 × 3 labour, 16 consumption.
    assert_eq!(json["actuals"].as_array().unwrap().len(), 64);
}

#[test]
fn one_table_alone_with_program() {
    let (_, json, stderr) = actuals(ACTUALS, &["--program", "labour"]);
    assert!(json["actuals"].as_array().is_some(), "{stderr}");
    assert!(json["actuals"]
        .as_array()
        .unwrap()
        .iter()
        .all(|l| l["table"] == "labour"));
    assert_eq!(json["actuals"].as_array().unwrap().len(), 48);
    // Named without --actuals, a target table is explained.
    let run = pairplan(&["check", "--program", "labour"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("give the districts' figures with --actuals FILE"),
        "{}",
        run.stderr
    );
    let plan = pairplan(&["plan", "--program", "labour"]);
    assert_eq!(plan.code, 2);
    assert!(plan.stderr.contains("nothing to plan"), "{}", plan.stderr);
}

#[test]
fn a_misspelt_table_district_or_indicator_is_an_input_error() {
    for (row, words) in [
        (
            "labor,和平区,to_tianjin,1",
            vec!["actuals.csv:2", "column 'table'", "did you mean labour?"],
        ),
        (
            "labour,和平县,to_tianjin,1",
            vec!["actuals.csv:2", "column 'district'", "did you mean 和平区?"],
        ),
        (
            "consumption,和平区,target_yi_yuan,1",
            vec!["actuals.csv:2", "column 'indicator'", "consumption_yi_yuan"],
        ),
        (
            "labour,和平区,to_tianjin,许多",
            vec!["actuals.csv:2", "column 'actual'"],
        ),
    ] {
        let (code, _, stderr) = actuals(&format!("table,district,indicator,actual\n{row}\n"), &[]);
        assert_eq!(code, 2, "{row}: {stderr}");
        for word in words {
            assert!(stderr.contains(word), "{row}: {word}: {stderr}");
        }
    }
    let (code, _, stderr) = actuals(
        "table,district,indicator,actual\nlabour,和平区,to_tianjin,1\nlabour,和平区,to_tianjin,2\n",
        &[],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("reported on line 2 too"), "{stderr}");
}

#[test]
fn the_programs_list_documents_each_tables_indicators() {
    let run = pairplan(&["programs", "--program", "labour"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for words in [
        "to_tianjin",
        "来津就业（人）",
        "local_nearby",
        "elsewhere",
        "check --actuals",
        "table, district, indicator, actual",
    ] {
        assert!(run.stdout.contains(words), "{words}: {}", run.stdout);
    }
    let consumption = pairplan(&["programs", "--program", "consumption", "--format", "json"]);
    let json: Value = serde_json::from_str(&consumption.stdout).unwrap();
    assert_eq!(json["indicators"][0][0], "consumption_yi_yuan");
    assert_eq!(
        json["indicators"][0][2], 11.0,
        "滨海 1.8 + 西青 1.5 + … = 11 亿元 (附件7 一)"
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
