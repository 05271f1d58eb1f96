//! `pairplan check`: every finding kind on a hand-written ledger, the JSON shape, exit codes and
//! CJK column alignment.

use serde_json::Value;
use unicode_width::UnicodeWidthStr;

use crate::harness::{fixture, on_data, pairplan, write_dataset, PAIRING_PROGRAMS};

/// A finding as (kind, severity, subject, expected, actual).
type FindingTuple = (String, String, String, Value, Value);

/// Runs `check --format json` and returns (exit code, findings as (kind, severity, subject,
/// expected, actual), the whole JSON). Temp paths in subjects are cut to the file name.
fn check_json(data: &std::path::Path, extra: &[&str]) -> (i32, Vec<FindingTuple>, Value) {
    let mut args = vec![
        "check",
        "--data",
        data.to_str().unwrap(),
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let run = pairplan(&args);
    let json: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|_| panic!("JSON expected, got {}\n{}", run.stdout, run.stderr));
    let prefix = format!("{}/", data.display());
    let findings = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["subject"].as_str().unwrap().replace(&prefix, ""),
                f["expected"].clone(),
                f["actual"].clone(),
            )
        })
        .collect();
    (run.code, findings, json)
}

const LEDGER: &str = "program,helper_id,recipient_id,helper_name,recipient_name
villages,E1,620001000001,甲一公司,一村
villages,E3,620001000001,甲三公司,一村
villages,E2,130001000001,甲二公司,七村
villages,E2,130001000002,甲二公司,八村
villages,E2,620001000002,甲二公司,二村
villages,E4,620002000001,乙一公司,三村
villages,E4,620003000001,乙一公司,五村
villages,E3,620003000002,甲三公司,六村
villages,E9,620002000002,甲一公司,四村
villages,E5,620002999999,乙二公司,
village,E5,620002000002,乙二公司,四村
villages,E2,620001000002,甲二公司,二村
";

#[test]
fn every_kind_on_a_hand_written_ledger() {
    let mut files = fixture();
    files.insert(
        "units.csv",
        "name,district,min_villages\n某单位,甲区,3\n".into(),
    );
    files.insert("ledger.csv", LEDGER.into());
    let data = write_dataset(&files);
    let ledger = data.path().join("ledger.csv");
    let (code, findings, _) = check_json(data.path(), &["--pairings", ledger.to_str().unwrap()]);
    assert_eq!(code, 1);
    let n = |v: u32| Value::from(f64::from(v));
    let expected = vec![
        (
            "uncovered",
            "gap",
            "620002000002 四村".to_string(),
            n(1),
            n(0),
        ),
        (
            "over_covered",
            "gap",
            "620001000001 一村".to_string(),
            n(1),
            n(2),
        ),
        (
            "over_capacity",
            "gap",
            "E2 甲二公司".to_string(),
            n(2),
            n(3),
        ),
        ("quota_short", "gap", "乙区".to_string(), n(3), n(2)),
        ("quota_over", "gap", "甲区".to_string(), n(5), n(6)),
        ("unit_short", "gap", "某单位".to_string(), n(3), n(1)),
        (
            "unknown_reference",
            "gap",
            "ledger.csv:10 E9".to_string(),
            Value::Null,
            Value::Null,
        ),
        (
            "unknown_reference",
            "gap",
            "ledger.csv:11 620002999999".to_string(),
            Value::Null,
            Value::Null,
        ),
        (
            "unknown_reference",
            "gap",
            "ledger.csv:12".to_string(),
            Value::Null,
            Value::Null,
        ),
        (
            "duplicate_pair",
            "gap",
            "ledger.csv:13 620001000002".to_string(),
            Value::Null,
            Value::Null,
        ),
        (
            "off_map",
            "note",
            // A finding about one pairing names both sides.
            "620003000001 五村 / E4 乙一公司".to_string(),
            Value::Null,
            Value::Null,
        ),
        (
            "off_map",
            "note",
            "620003000002 六村 / E3 甲三公司".to_string(),
            Value::Null,
            Value::Null,
        ),
        (
            "no_quota_county",
            "note",
            "三县".to_string(),
            Value::Null,
            n(2),
        ),
    ];
    let expected: Vec<_> = expected
        .into_iter()
        .map(|(k, s, sub, e, a)| (k.to_string(), s.to_string(), sub, e, a))
        .collect();
    assert_eq!(findings, expected);
}

#[test]
fn unknown_references_suggest_the_closest_names() {
    let mut files = fixture();
    files.insert("ledger.csv", LEDGER.into());
    let data = write_dataset(&files);
    let ledger = data.path().join("ledger.csv");
    let run = on_data(
        "check",
        data.path(),
        &["--pairings", ledger.to_str().unwrap()],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains(
            "helper_id 'E9' (甲一公司) matches none of the 5 enterprises; closest: E1 甲一公司"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("recipient_id '620002999999' matches none of the 8 villages; closest: 620002000001 三村"), "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "names the program 'village', which no model defines; did you mean villages?"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn known_total_mismatch_is_a_note_and_unreachable_a_gap() {
    let mut files = fixture();
    files.insert(
        "labour.csv",
        "district,people\n甲区,10\n乙区,5\n合计,16\n".into(),
    );
    files.insert(
        "dataset.toml",
        "name = \"fixture\"\ntitle = \"t\"\n\n[[totals]]\nfile = \"labour.csv\"\nkey = \"district\"\nknown_mismatch = \"as printed\"\n".into(),
    );
    let data = write_dataset(&files);
    // A model that forbids off-map pairings leaves 三县's villages unreachable.
    let models = tempfile::tempdir().unwrap();
    let model =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/models/villages.toml"))
            .unwrap();
    std::fs::write(
        models.path().join("villages.toml"),
        model.replace("off_map = 100.0", ""),
    )
    .unwrap();
    let plan = "program,helper_id,recipient_id\nvillages,E1,620001000001\n";
    std::fs::write(data.path().join("p.csv"), plan).unwrap();
    let p = data.path().join("p.csv");
    let (code, findings, _) = check_json(
        data.path(),
        &[
            "--models",
            models.path().to_str().unwrap(),
            "--pairings",
            p.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 1);
    let kinds: Vec<(&str, &str, &str)> = findings
        .iter()
        .map(|f| (f.0.as_str(), f.1.as_str(), f.2.as_str()))
        .collect();
    assert!(
        kinds.contains(&("unreachable", "gap", "620003000001 五村")),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&("unreachable", "gap", "620003000002 六村")),
        "{kinds:?}"
    );
    let mismatch = findings
        .iter()
        .find(|f| f.0 == "total_mismatch")
        .expect("total_mismatch");
    assert_eq!(
        (mismatch.1.as_str(), mismatch.2.as_str()),
        ("note", "labour.csv:4 people")
    );
    assert_eq!(
        (mismatch.3.clone(), mismatch.4.clone()),
        (Value::from(15.0), Value::from(16.0))
    );
}

#[test]
fn embedded_ledger_has_every_planted_gap() {
    let run = pairplan(&["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    let kinds: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    for kind in [
        "uncovered",
        "duplicate_pair",
        "over_capacity",
        "quota_short",
        "unit_short",
        "off_map",
        "unknown_reference",
        "total_mismatch",
        "no_quota_county",
    ] {
        assert!(
            kinds.contains(&kind),
            "{kind} missing from the embedded ledger's findings"
        );
    }
    // The ledger is a 万企帮万村 ledger: the other programs are named, not buried in gaps.
    let others: Vec<&str> = PAIRING_PROGRAMS
        .into_iter()
        .filter(|p| *p != "villages")
        .collect();
    assert_eq!(json["not_audited"], serde_json::json!(others));
    let programs: std::collections::BTreeSet<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["program"].as_str().unwrap())
        .collect();
    // Dataset-wide notes (the labour 合计) belong to no program.
    assert_eq!(programs, ["", "villages"].into_iter().collect());
    // Named, a program the ledger lacks is audited as empty.
    let run = pairplan(&["check", "--program", "cadres", "--format", "json"]);
    assert_eq!(run.code, 1);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(json.get("not_audited").is_none());
    assert_eq!(json["coverage"]["cadres"]["covered"], 0);
}

#[test]
fn a_fresh_plan_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p.csv");
    assert_eq!(pairplan(&["plan", "--out", out.to_str().unwrap()]).code, 0);
    let run = pairplan(&["check", "--pairings", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run
        .stdout
        .contains("1462 of 1462 villages covered, 0 missing"));
    assert!(run.stdout.contains(" 0 gaps"));
}

#[test]
fn json_shape_is_stable() {
    let data = write_dataset(&fixture());
    let out = data.path().join("p.csv");
    assert_eq!(
        pairplan(&[
            "plan",
            "--data",
            data.path().to_str().unwrap(),
            "--out",
            out.to_str().unwrap()
        ])
        .code,
        0
    );
    let (code, _, json) = check_json(data.path(), &["--pairings", out.to_str().unwrap()]);
    assert_eq!(code, 0);
    let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["coverage", "findings", "ledger"]);
    // A plan written by pairplan is the planners' own ledger, not an invented one.
    assert_eq!(json["ledger"]["origin"], "given");
    let finding = &json["findings"][0];
    let fields: Vec<&String> = finding.as_object().unwrap().keys().collect();
    assert_eq!(
        fields,
        [
            "actual", "clause", "expected", "kind", "message", "place", "program", "severity",
            "subject"
        ]
    );
    // The row of the file it is about, to find it by.
    assert_eq!(finding["place"]["file"], out.to_str().unwrap());
    assert!(finding["place"]["line"].as_u64().is_some_and(|l| l >= 2));
    let coverage = &json["coverage"]["villages"];
    assert_eq!(coverage["recipients"], 8);
    assert_eq!(coverage["covered"], 8);
    assert_eq!(coverage["counties"][0]["county"], "一县");
    assert_eq!(coverage["districts"][0]["district"], "甲区");
}

#[test]
fn findings_csv_and_exit_codes() {
    let data = write_dataset(&fixture());
    let ledger = data.path().join("l.csv");
    std::fs::write(
        &ledger,
        "program,helper_id,recipient_id\nvillages,E1,620001000001\n",
    )
    .unwrap();
    let out = data.path().join("findings.csv");
    let run = on_data(
        "check",
        data.path(),
        &[
            "--pairings",
            ledger.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 1);
    let rows = crate::harness::read_csv(&out);
    assert!(rows.iter().any(|r| r["kind"] == "uncovered"
        && r["subject"] == "620001000002 二村"
        && r["expected"] == "1"
        && r["actual"] == "0"));

    // A file without the required columns cannot be read at all: exit 2, located.
    std::fs::write(&ledger, "program,helper\nvillages,E1\n").unwrap();
    let run = on_data(
        "check",
        data.path(),
        &["--pairings", ledger.to_str().unwrap()],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("l.csv:1: column 'helper_id': expected a header with the column 'helper_id'"),
        "{}",
        run.stderr
    );
    let run = on_data("check", data.path(), &["--pairings", "/nonexistent.csv"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("/nonexistent.csv: expected a readable file"),
        "{}",
        run.stderr
    );
}

#[test]
fn chinese_text_lines_up_in_columns() {
    let run = pairplan(&["check"]);
    // Split the output into its tables: from a line starting with ┌ to one starting with └.
    let mut tables: Vec<Vec<&str>> = Vec::new();
    for line in run.stdout.lines() {
        if line.starts_with('┌') {
            tables.push(Vec::new());
        }
        if let Some(table) = tables
            .last_mut()
            .filter(|_| "┌│╞├└".chars().any(|c| line.starts_with(c)))
        {
            table.push(line);
        }
    }
    assert!(
        tables.iter().any(|t| t.len() > 40),
        "the village county table is there"
    );
    let separators = |line: &str| -> Vec<usize> {
        let mut col = 0;
        let mut found = Vec::new();
        for c in line.chars() {
            if c == '┆' || c == '│' {
                found.push(col);
            }
            col += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        }
        found
    };
    for table in &tables {
        // Every line of a table has one display width (wide characters take two cells), and the
        // column separators stand at the same display positions on every row.
        let width = UnicodeWidthStr::width(table[0]);
        let rows: Vec<&&str> = table.iter().filter(|l| l.starts_with('│')).collect();
        for line in table {
            assert_eq!(UnicodeWidthStr::width(*line), width, "{line}");
        }
        for row in &rows {
            assert_eq!(separators(row), separators(rows[0]), "{row}");
        }
    }
}
