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
            .contains("expected a date such as 2019-08-20 (2019/8/20 and 2019年8月20日 are read too), found '2019-13-01'"),
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
    // 39 district–county pairs hold a job fair each (附件6 speaks of 甘肃 and 承德, not Hotan);
    // the 16 districts report the jobs they offer.
    assert_eq!(count("job-fairs"), 39 + 16);
    // A county's figures name the district that answers for it (附件1: 镇原县 ← 静海区).
    assert!(rows
        .iter()
        .any(|r| r[..4] == ["leaders", "静海区", "镇原县", "trained"] && r[5] == "≥ 150"));
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

/// The counties of the pairing map, with their provinces, as counties.csv lists them.
fn counties_by_province() -> Vec<(String, String)> {
    let rows = crate::harness::read_csv(&crate::harness::tianjin().join("counties.csv"));
    rows.iter()
        .map(|r| (r["name"].clone(), r["province"].clone()))
        .collect()
}

/// The counties 附件6 (劳务协作) speaks of: those of 甘肃省 and 河北省 (承德).
fn labour_counties() -> Vec<String> {
    counties_by_province()
        .into_iter()
        .filter(|(_, province)| province != "新疆")
        .map(|(name, _)| name)
        .collect()
}

#[test]
fn a_target_stated_as_rules_checks_floors_shares_caps_and_city_sums() {
    let mut rows = String::from("table,subject,indicator,actual\n");
    // The Gansu and Chengde counties train 160 each, two only 100: those two behind the 150 floor.
    let counties = labour_counties();
    assert_eq!(counties.len(), 39, "42 counties less Hotan's 3");
    for (i, county) in counties.iter().enumerate() {
        let trained = if i < 2 { 100 } else { 160 };
        rows.push_str(&format!("leaders,{county},trained,{trained}\n"));
    }
    // "30%以上实现创业" is one share of everyone trained (37 × 160 + 2 × 100 = 6120; 30% = 1836),
    // not 30% in each county: one county starting none does not put the city behind.
    for (i, county) in counties.iter().enumerate() {
        let started = if i == 0 { 0 } else { 50 };
        rows.push_str(&format!("leaders,{county},started,{started}\n"));
    }
    // "超过50家" is more than 50: 50 is not enough; "10余个" likewise.
    rows.push_str("industry,青海黄南州,firms_visiting,50\nindustry,青海黄南州,intentions,11\n");
    // 10 万 per station: 25 for two stations is over.
    rows.push_str(&format!(
        "labour-stations,{0},stations,2\nlabour-stations,{0},station_subsidy_wan,25\n",
        counties[0]
    ));
    let (code, json, stderr) = actuals(&rows, &[]);
    assert_eq!(code, 1, "{stderr}");
    let at =
        |table: &str, subject: &str, indicator: &str| standing_of(&json, table, subject, indicator);
    assert_eq!(at("leaders", &counties[0], "trained"), "behind");
    assert_eq!(at("leaders", &counties[2], "trained"), "on_track");
    assert_eq!(
        at("leaders", "天津市", "started"),
        "on_track",
        "38 × 50 = 1900 ≥ 30% of 6120"
    );
    assert_eq!(at("industry", "青海黄南州", "firms_visiting"), "behind");
    assert_eq!(at("industry", "青海黄南州", "intentions"), "on_track");
    assert_eq!(
        at("labour-stations", &counties[0], "station_subsidy_wan"),
        "behind"
    );
    // Floors of the parts above the city's (16 × 60 + 300 = 1260 > 1200) are no disagreement of
    // the seed: meeting the parts meets the city's. Only real disagreements carry that kind.
    assert!(of_kind(&json, "seed_disagreement").is_empty(), "{json}");
}

#[test]
fn the_leaders_5000_is_its_own_indicator_and_the_30_percent_one_share() {
    let counties = labour_counties();
    let mut rows = String::from("table,subject,indicator,actual\n");
    // Every county at its 150, started 45 (30%): on track, whatever the city's 5000 is.
    for county in &counties {
        rows.push_str(&format!(
            "leaders,{county},trained,150\nleaders,{county},started,45\n"
        ));
    }
    // 39 × 150 = 5850 trained, yet the 5000 人次 of 村级带头人和致富能人 is not reported: it is
    // a measure of its own, not the counties' sum.
    let (_, json, _) = actuals(&rows, &["--program", "leaders"]);
    let at = |subject: &str, indicator: &str| standing_of(&json, "leaders", subject, indicator);
    assert_eq!(at("天津市", "village_leaders"), "not_reported");
    assert_eq!(at("天津市", "started"), "on_track");
    rows.push_str("leaders,天津市,village_leaders,4999\n");
    let (_, json, _) = actuals(&rows, &["--program", "leaders"]);
    assert_eq!(
        standing_of(&json, "leaders", "天津市", "village_leaders"),
        "behind"
    );
    // 29.9% of all trained started: behind, once, for the city, not per county.
    let mut short = String::from("table,subject,indicator,actual\n");
    for (i, county) in counties.iter().enumerate() {
        let started = if i == 0 { 44 } else { 45 };
        short.push_str(&format!(
            "leaders,{county},trained,150\nleaders,{county},started,{started}\n"
        ));
    }
    let (_, json, _) = actuals(&short, &["--program", "leaders"]);
    assert_eq!(standing_of(&json, "leaders", "天津市", "started"), "behind");
    assert_eq!(
        standing_of(&json, "leaders", &counties[0], "started"),
        "",
        "no per-county share"
    );
}

#[test]
fn hotan_is_not_in_the_labour_annexs_tables() {
    let hotan: Vec<String> = counties_by_province()
        .into_iter()
        .filter(|(_, province)| province == "新疆")
        .map(|(name, _)| name)
        .collect();
    assert_eq!(hotan.len(), 3);
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("t.csv");
    let run = pairplan(&["programs", "--actuals-template", template.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows = crate::harness::read_csv(&template);
    for table in ["leaders", "job-fairs", "labour-stations"] {
        let of_hotan: Vec<_> = rows
            .iter()
            .filter(|r| r["table"] == table && hotan.iter().any(|c| r["subject"].contains(c)))
            .collect();
        assert!(of_hotan.is_empty(), "{table}: {of_hotan:?}");
    }
    // The industry annex does speak of Hotan's counties (a key industry for every paired county).
    assert!(rows
        .iter()
        .any(|r| r["table"] == "industry" && r["subject"] == hotan[0]));
    // A Hotan county reported under the leaders' table is a subject the table does not have.
    let (code, _, stderr) = actuals(
        &format!(
            "table,subject,indicator,actual\nleaders,{},trained,150\n",
            hotan[0]
        ),
        &[],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains(&hotan[0]), "{stderr}");
}

#[test]
fn a_county_average_is_on_track_though_one_county_is_below() {
    let counties = labour_counties();
    let mut rows =
        String::from("table,subject,indicator,actual\nfunds,天津市,national_average_wan,3000\n");
    // One county at 2000, the others at 3100: the average (县均) is above 3000.
    for (i, county) in counties.iter().enumerate() {
        let funds = if i == 0 { 2000 } else { 3100 };
        rows.push_str(&format!("funds,{county},county_funds_wan,{funds}\n"));
    }
    let (_, json, _) = actuals(&rows, &["--program", "funds"]);
    let average = "甘肃、承德贫困县县均";
    assert_eq!(
        standing_of(&json, "funds", average, "county_funds_wan"),
        "on_track",
        "{json}"
    );
    // All at 2999: the average is below.
    let low = rows.replace(",3100", ",2999");
    let (_, json, _) = actuals(&low, &["--program", "funds"]);
    assert_eq!(
        standing_of(&json, "funds", average, "county_funds_wan"),
        "behind"
    );
    // One county missing: no average yet, rather than an average of those who reported.
    let missing: String = rows
        .lines()
        .filter(|l| !l.contains(&counties[5]))
        .map(|l| format!("{l}\n"))
        .collect();
    let (_, json, _) = actuals(&missing, &["--program", "funds"]);
    assert_eq!(
        standing_of(&json, "funds", average, "county_funds_wan"),
        "not_reported"
    );
}

#[test]
fn a_50_percent_share_is_met_at_exactly_half() {
    // "50%以上用于产业扶贫项目": 以上 includes the figure itself, as everywhere else in the file.
    let county = &labour_counties()[0];
    let (_, json, _) = actuals(
        &format!(
            "table,subject,indicator,actual\nindustry,{county},county_funds_wan,1000\nindustry,{county},industry_funds_wan,500\n"
        ),
        &["--program", "industry"],
    );
    assert_eq!(
        standing_of(&json, "industry", county, "industry_funds_wan"),
        "on_track"
    );
    let (_, json, _) = actuals(
        &format!(
            "table,subject,indicator,actual\nindustry,{county},county_funds_wan,1000\nindustry,{county},industry_funds_wan,499\n"
        ),
        &["--program", "industry"],
    );
    assert_eq!(
        standing_of(&json, "industry", county, "industry_funds_wan"),
        "behind"
    );
}

#[test]
fn a_stretch_target_missed_is_a_note_and_estimates_and_facts_are_shown_as_such() {
    // 力争达到5.5亿元: 5.0 is behind the stretch target — a note, not a gap.
    let (_, json, _) = actuals(
        "table,subject,indicator,actual\nindustry,天津市,investment_yi_yuan,5\n",
        &["--program", "industry"],
    );
    assert_eq!(
        standing_of(&json, "industry", "天津市", "investment_yi_yuan"),
        "behind_stretch"
    );
    let finding = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["subject"] == "天津市 investment_yi_yuan")
        .unwrap();
    assert_eq!(finding["severity"], "note");
    assert!(
        finding["message"].as_str().unwrap().contains("stretch"),
        "{finding}"
    );
    // 预计培训200人 is an estimate, 已拨付20.57亿元 a fact the plan records.
    let (_, json, _) = actuals(
        "table,subject,indicator,actual\neducation,市教委,putonghua_trained,150\nfunds,天津市,allocated_yi_yuan,20\n",
        &[],
    );
    assert_eq!(
        standing_of(&json, "education", "市教委", "putonghua_trained"),
        "below_estimate"
    );
    assert_eq!(
        standing_of(&json, "funds", "天津市", "allocated_yi_yuan"),
        "below_recorded"
    );
    // Their bounds say so, in the programs list and in Chinese.
    let run = pairplan(&["programs", "--program", "industry", "--lang", "zh"]);
    assert!(run.stdout.contains("力争 ≥ 5.5"), "{}", run.stdout);
    let run = pairplan(&["programs", "--program", "education"]);
    assert!(run.stdout.contains("estimated 200"), "{}", run.stdout);
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
            // How firmly the bound is stated changes nothing of what meets it; an average is met
            // by each part meeting it.
            let one = ["stretch ", "on average "]
                .iter()
                .fold(one, |b, word| b.strip_prefix(word).unwrap_or(b));
            if let Some(value) = one
                .strip_prefix("estimated ")
                .or_else(|| one.strip_prefix("recorded as done: "))
            {
                return value.parse::<f64>().unwrap();
            }
            // A part of a city total: its share of it (a share of each part's own figure: all of
            // that share).
            if let Some(total) = one.strip_prefix("Σ ") {
                let divide = if total.contains(" × ") { 1 } else { parts };
                return just_enough(total, reference, 1) / divide as f64;
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
        // One firm floor missed by one: that line behind, a gap (a floor of its own where the
        // table has one, else a share).
        let firm =
            |r: &&&BTreeMap<String, String>| r["bound"].starts_with("≥ ") && figure(r) >= 1.0;
        let floor = of_table
            .iter()
            .position(|r| firm(&r) && !r["bound"].contains('×'))
            .or_else(|| of_table.iter().position(|r| firm(&r)))
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
