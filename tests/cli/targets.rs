//! `check --actuals`: actual figures against the labour and consumption targets and milestones —
//! a job of its own: every district and indicator on track, behind or not reported; a misspelt
//! table, district or indicator is an input error.

use std::collections::BTreeMap;

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
    let labour = ["to_tianjin", "local_nearby", "elsewhere"];
    let labour_missing: Vec<_> = missing
        .iter()
        .filter(|(s, _)| labour.iter().any(|i| s.ends_with(i)))
        .collect();
    assert_eq!(
        labour_missing.len(),
        16 * 3 - 2,
        "two labour figures reported"
    );
    assert!(labour_missing.iter().all(|(_, sev)| sev == "note"));
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
    let of_table = |name: &str| {
        json["actuals"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["table"] == name)
            .count()
    };
    assert_eq!((of_table("labour"), of_table("consumption")), (48, 16));
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
        "table, subject, indicator, actual",
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

/// Where one subject stands on one indicator of one table (the first line of its kind).
fn standing_of(json: &Value, table: &str, subject: &str, indicator: &str) -> String {
    json["actuals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["table"] == table && l["subject"] == subject && l["indicator"] == indicator)
        .map(|l| l["standing"].as_str().unwrap().to_string())
        .unwrap_or_default()
}

#[test]
fn the_template_asks_for_every_figure_and_filled_to_the_bounds_it_passes() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("template.csv");
    let run = pairplan(&["programs", "--actuals-template", template.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(&template).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap().trim_start_matches('\u{feff}'),
        "table,district,subject,indicator,meaning,bound,due_date,clause,actual"
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let count = |table: &str| rows.iter().filter(|r| r[0] == table).count();
    // 42 district–county pairs hold a job fair each; the 16 districts report the jobs they offer.
    assert_eq!(count("job-fairs"), 42 + 16);
    // A county's figures name the district that answers for it (附件1: 镇原县 ← 静海区).
    assert!(
        rows.iter()
            .any(|r| r[..4] == ["leaders", "静海区", "镇原县", "trained"]
                && r[5] == "≥ 150; Σ ≥ 5000")
    );
    // The national average is the city's to report, once.
    assert!(rows
        .iter()
        .any(|r| r[0] == "funds" && r[2] == "天津市" && r[3] == "national_average_wan"));
    // Filled in: every floor met (a large figure), every cap kept (nothing paid).
    let filled: String = std::iter::once(text.lines().next().unwrap().to_string())
        .chain(text.lines().skip(1).map(|line| {
            let figure = if line.contains(",≤ ") {
                "0"
            } else {
                "1000000"
            };
            format!("{line}{figure}")
        }))
        .collect::<Vec<_>>()
        .join("\n");
    let (code, json, stderr) = actuals(&filled, &[]);
    assert_eq!(code, 0, "{stderr}");
    let lines = json["actuals"].as_array().unwrap();
    assert!(lines.iter().all(|l| l["standing"] == "on_track"), "{json}");
}

#[test]
fn a_target_stated_as_rules_checks_floors_shares_caps_and_city_sums() {
    let mut rows = String::from("table,subject,indicator,actual\n");
    // 40 counties train 160 and two train 100: two behind the 150 floor, the city's 6600 past 5000.
    let counties: Vec<String> =
        std::fs::read_to_string(crate::harness::tianjin().join("counties.csv"))
            .unwrap()
            .lines()
            .skip(1)
            .map(|l| l.split(',').next().unwrap().to_string())
            .collect();
    for (i, county) in counties.iter().enumerate() {
        let trained = if i < 2 { 100 } else { 160 };
        rows.push_str(&format!("leaders,{county},trained,{trained}\n"));
    }
    // 30% of 160 is 48: 40 falls short, 48 is enough.
    rows.push_str(&format!("leaders,{},started,40\n", counties[2]));
    rows.push_str(&format!("leaders,{},started,48\n", counties[3]));
    // "超过50家" is more than 50: 50 is not enough; "10余个" likewise.
    rows.push_str("industry,青海黄南州,firms_visiting,50\nindustry,青海黄南州,intentions,11\n");
    // 10 万 per station: 25 for two stations is over.
    rows.push_str(&format!(
        "labour-stations,{0},stations,2\nlabour-stations,{0},station_subsidy_wan,25\n",
        counties[0]
    ));
    // Not below the national average, reported once by the city.
    rows.push_str(&format!(
        "funds,天津市,national_average_wan,3000\nfunds,{},county_funds_wan,2999\nfunds,{},county_funds_wan,3000\n",
        counties[0], counties[1]
    ));
    let (code, json, stderr) = actuals(&rows, &[]);
    assert_eq!(code, 1, "{stderr}");
    let at =
        |table: &str, subject: &str, indicator: &str| standing_of(&json, table, subject, indicator);
    assert_eq!(at("leaders", &counties[0], "trained"), "behind");
    assert_eq!(at("leaders", &counties[2], "trained"), "on_track");
    assert_eq!(
        at("leaders", "天津市", "trained"),
        "on_track",
        "40 × 160 + 2 × 100 = 6600"
    );
    assert_eq!(at("leaders", &counties[2], "started"), "behind");
    assert_eq!(at("leaders", &counties[3], "started"), "on_track");
    assert_eq!(at("leaders", &counties[4], "started"), "not_reported");
    assert_eq!(at("industry", "青海黄南州", "firms_visiting"), "behind");
    assert_eq!(at("industry", "青海黄南州", "intentions"), "on_track");
    assert_eq!(
        at("labour-stations", &counties[0], "station_subsidy_wan"),
        "behind"
    );
    assert_eq!(at("funds", &counties[0], "county_funds_wan"), "behind");
    assert_eq!(at("funds", &counties[1], "county_funds_wan"), "on_track");
    // The seed's per-county floors add up past its city total (42 × 150 = 6300 > 5000), and the
    // training floors (16 × 60 + 300 = 1260 > 1200): each said once, as a note.
    let notes: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "seed_disagreement" && f["severity"] == "note")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("6300") && n.contains("5000")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("1260") && n.contains("1200")),
        "{notes:?}"
    );
}

#[test]
fn a_requirement_with_its_own_deadline_is_due_on_that_day() {
    // 附件3 三(一): a key industry per paired county by the end of May; the rest by December.
    let (_, may, _) = actuals(
        "table,subject,indicator,actual\n",
        &["--program", "industry", "--as-of", "2019-05-30"],
    );
    let (_, june, _) = actuals(
        "table,subject,indicator,actual\n",
        &["--program", "industry", "--as-of", "2019-06-01"],
    );
    let severity = |json: &Value, subject: &str| {
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["subject"] == subject)
            .map(|f| f["severity"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(severity(&may, "镇原县 key_industries"), "note");
    assert_eq!(severity(&june, "镇原县 key_industries"), "gap");
    assert_eq!(severity(&june, "东西部扶贫协作地区 firms_settled"), "note");
}

/// A figure that meets a bound exactly, given the figure each share is taken of: `≥ 150` → 150,
/// `> 50` → 51, `≥ 30% × trained` → 30% of trained's figure, `≤ 10 × stations` → 10 × stations'.
fn just_enough(bound: &str, reference: &dyn Fn(&str) -> f64, parts: usize) -> f64 {
    bound
        .split("; ")
        .map(|one| {
            // A part of a city total: its share of it.
            if let Some(total) = one.strip_prefix("Σ ") {
                return just_enough(total, reference, 1) / parts as f64;
            }
            let (symbol, rest) = one.split_once(' ').unwrap();
            let value = match rest.split_once(" × ") {
                Some((factor, of)) => {
                    let share = match factor.strip_suffix('%') {
                        Some(percent) => percent.parse::<f64>().unwrap() / 100.0,
                        None => factor.parse::<f64>().unwrap(),
                    };
                    share * reference(of)
                }
                None => rest.parse::<f64>().unwrap(),
            };
            if symbol == ">" {
                value + 1.0
            } else {
                value
            }
        })
        .fold(0.0, f64::max)
}

#[test]
fn every_target_table_is_on_track_at_its_bounds_and_behind_just_below() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("t.csv");
    let run = pairplan(&["programs", "--actuals-template", template.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows = crate::harness::read_csv(&template);
    for table in crate::harness::TARGET_TABLES {
        let of_table: Vec<&BTreeMap<String, String>> =
            rows.iter().filter(|r| r["table"] == table).collect();
        assert!(!of_table.is_empty(), "{table} asks for nothing");
        // A figure a share is taken of is 100 unless it has a floor of its own.
        fn figure(rows: &[&BTreeMap<String, String>], r: &BTreeMap<String, String>) -> f64 {
            if r["bound"].is_empty() {
                return 100.0;
            }
            let reference = |of: &str| {
                rows.iter()
                    .find(|o| {
                        (o["indicator"] == of || o["meaning"] == of)
                            && (o["subject"] == r["subject"] || o["subject"] == "天津市")
                    })
                    .map_or(100.0, |o| figure(rows, o))
            };
            let parts = rows
                .iter()
                .filter(|o| o["indicator"] == r["indicator"] && o["bound"].contains('Σ'))
                .count();
            just_enough(&r["bound"], &reference, parts)
        }
        let figure = |r: &BTreeMap<String, String>| figure(&of_table, r);
        let csv = |lower: Option<usize>| {
            let mut text = String::from("table,subject,indicator,actual\n");
            for (i, r) in of_table.iter().enumerate() {
                let mut value = figure(r);
                if lower == Some(i) {
                    value -= 1.0;
                }
                text.push_str(&format!(
                    "{},{},{},{value}\n",
                    r["table"], r["subject"], r["indicator"]
                ));
            }
            text
        };
        // At its bounds, by the deadline: everything on track.
        let (code, json, stderr) = actuals(&csv(None), &["--program", table]);
        let off: Vec<&Value> = json["actuals"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["standing"] != "on_track")
            .collect();
        assert_eq!((code, off.len()), (0, 0), "{table}: {stderr}{off:?}");
        // One floor missed by one: that line behind, a gap.
        let floor = of_table
            .iter()
            .position(|r| {
                r["bound"].starts_with("≥ ") && !r["bound"].contains('×') && figure(r) >= 1.0
            })
            .unwrap_or_else(|| panic!("{table} has no floor"));
        let (code, json, _) = actuals(&csv(Some(floor)), &["--program", table]);
        assert_eq!(code, 1, "{table}");
        let behind = of_kind(&json, "behind_target");
        let row = of_table[floor];
        assert!(
            behind.contains(&(
                format!("{} {}", row["subject"], row["indicator"]),
                "gap".into()
            )),
            "{table}: {behind:?}"
        );
        // Before its deadline, nothing reported is asked for, not missed (no table here has a
        // milestone before 2019-05-31 or a deadline before it).
        let (code, json, _) = actuals(
            "table,subject,indicator,actual\n",
            &["--program", table, "--as-of", "2019-04-01"],
        );
        assert_eq!(
            code,
            0,
            "{table}: {}",
            json["findings"].as_array().map_or(0, Vec::len)
        );
        // After it, every figure is missing.
        let (code, _, _) = actuals(
            "table,subject,indicator,actual\n",
            &["--program", table, "--as-of", "2020-01-01"],
        );
        assert_eq!(code, 1, "{table}");
    }
}

#[test]
fn a_table_named_by_its_title_is_read_as_by_its_name() {
    let by_name = actuals(ACTUALS, &["--program", "labour"]).1;
    let titled = ACTUALS.replace("\nlabour,", "\n劳务协作重点考核指标,");
    assert_ne!(titled, ACTUALS);
    let (code, by_title, stderr) = actuals(&titled, &["--program", "劳务协作重点考核指标"]);
    assert_ne!(code, 2, "{stderr}");
    assert_eq!(by_title["actuals"], by_name["actuals"], "{stderr}");
}

#[test]
fn the_chinese_workbook_template_reads_back_as_written() {
    // Written in Chinese — the table and the indicator by their titles, full-width brackets and
    // all — and read back unfilled: every figure asked for, none a problem.
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("报送.xlsx");
    let zh = "zh_CN.UTF-8";
    let run = crate::harness::pairplan_in(
        zh,
        &["programs", "--actuals-template", template.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let check = crate::harness::pairplan_in(
        zh,
        &[
            "check",
            "--actuals",
            template.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert_ne!(check.code, 2, "{}", check.stderr);
    let json: Value = serde_json::from_str(&check.stdout).unwrap();
    let lines = json["actuals"].as_array().unwrap();
    assert!(lines.iter().all(|l| l["standing"] == "not_reported"));
    // As many lines as from the CSV template, which names everything by its key.
    let csv = dir.path().join("报送.csv");
    let run = pairplan(&["programs", "--actuals-template", csv.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let by_keys = pairplan(&[
        "check",
        "--actuals",
        csv.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let by_keys: Value = serde_json::from_str(&by_keys.stdout).unwrap();
    assert_eq!(lines.len(), by_keys["actuals"].as_array().unwrap().len());
}
