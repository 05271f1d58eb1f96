//! The embedded dataset against the seed: what the 2019 work plans say must hold in the data and in
//! the plans made from it, whatever the synthetic complement invents around it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::harness::{pairplan, read_csv};

fn embedded(file: &str) -> Vec<BTreeMap<String, String>> {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "data", "tianjin-2019", file]
        .iter()
        .collect();
    read_csv(&path)
}

/// Each county's paired district, and each district's quota (0 when it holds none).
fn map_and_quotas() -> (BTreeMap<String, String>, BTreeMap<String, u32>) {
    let map = embedded("counties.csv")
        .into_iter()
        .map(|row| (row["name"].clone(), row["paired_district"].clone()))
        .collect();
    let quotas = embedded("village_quotas.csv")
        .into_iter()
        .filter(|row| row["district"] != "合计")
        .map(|row| (row["district"].clone(), row["quota"].parse().unwrap()))
        .collect();
    (map, quotas)
}

#[test]
fn every_districts_counties_hold_at_most_its_quota_of_villages() {
    // 附件10 四1 sets each district's quota; the listed villages are synthetic, and generated so that
    // no district's own counties need more villages than its quota.
    let (map, quotas) = map_and_quotas();
    let mut held: BTreeMap<String, u32> = BTreeMap::new();
    for village in embedded("villages.csv") {
        *held.entry(map[&village["county"]].clone()).or_default() += 1;
    }
    for district in map.values() {
        let quota = quotas.get(district).copied().unwrap_or(0);
        let villages = held.get(district).copied().unwrap_or(0);
        if quota > 0 {
            assert!(
                villages <= quota,
                "{district}: {villages} villages, quota {quota}"
            );
            // Close to the quota: the slack is only what the no-quota counties take.
            assert!(
                villages * 10 >= quota * 9,
                "{district}: {villages} villages, quota {quota}"
            );
        }
    }
}

#[test]
fn the_plans_off_map_pairings_are_the_villages_of_the_no_quota_counties() {
    // 红桥区 and 宁河区 hold no village quota (附件10 四1) but are paired with counties (附件1): their
    // counties' villages can only be served off the map. Nothing else forces a pairing off it.
    let (map, quotas) = map_and_quotas();
    let forced = embedded("villages.csv")
        .iter()
        .filter(|v| !quotas.contains_key(&map[&v["county"]]))
        .count();
    assert!(forced > 0);
    let run = pairplan(&["plan", "--program", "villages", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["programs"][0]["off_map"].as_u64(), Some(forced as u64));
}

#[test]
fn every_chengde_cadre_comes_from_the_five_districts_the_seed_names() {
    // 附件1 二(一)5: "为承德选派党政干部 20 名，其中市直机关 5 名，5 个县各 3 名…东丽区、西青区、津南区、
    // 北辰区、武清区负责".
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cadres.csv");
    let run = pairplan(&[
        "plan",
        "--program",
        "cadres",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let chengde_counties: Vec<String> = embedded("counties.csv")
        .into_iter()
        .filter(|c| c["prefecture"] == "承德市")
        .map(|c| c["name"].clone())
        .collect();
    let five = ["东丽区", "西青区", "津南区", "北辰区", "武清区"];
    let mut cadres = 0;
    for row in read_csv(&out) {
        if row["recipient_id"] == "HB-CDS" || chengde_counties.contains(&row["county"]) {
            assert!(five.contains(&row["helper_district"].as_str()), "{row:?}");
            cadres += row["units"].parse::<u32>().unwrap();
        }
    }
    assert_eq!(cadres, 20);
}

/// The hospitals' person-times per year, by id (the one hospitals table).
fn person_times() -> BTreeMap<String, u32> {
    embedded("hospitals.csv")
        .into_iter()
        .map(|row| (row["id"].clone(), row["person_times"].parse().unwrap()))
        .collect()
}

const MEDICAL_TEAMS: [&str; 3] = ["changdu-teams", "gannan-team", "gansu-county-teams"];

#[test]
fn no_hospital_sends_more_person_times_than_it_has_across_the_teams() {
    // 附件9 三(二)–(四): 36 + 39 + 58 person-times from the same hospitals, each with one capacity.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.csv");
    let run = pairplan(&["plan", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("planned together with"),
        "{}",
        run.stdout
    );
    let capacity = person_times();
    let mut sent: BTreeMap<String, BTreeMap<String, u32>> = BTreeMap::new();
    for row in read_csv(&out) {
        if MEDICAL_TEAMS.contains(&row["program"].as_str()) {
            *sent
                .entry(row["helper_id"].clone())
                .or_default()
                .entry(row["program"].clone())
                .or_default() += row["units"].parse::<u32>().unwrap();
        }
    }
    let mut shared = 0;
    for (hospital, by_program) in &sent {
        let total: u32 = by_program.values().sum();
        assert!(
            total <= capacity[hospital],
            "{hospital}: {by_program:?} against {}",
            capacity[hospital]
        );
        shared += usize::from(by_program.len() > 1);
    }
    assert!(shared > 0, "some hospital serves two teams: {sent:?}");
    // Planned alone, a team is warned that the others' person-times are not deducted.
    let alone = pairplan(&["plan", "--program", "gannan-team"]);
    assert!(
        alone
            .stdout
            .contains("warning: gansu-county-teams, changdu-teams read the same capacity"),
        "{}",
        alone.stdout
    );
}

#[test]
fn check_names_every_program_of_a_shared_capacity_it_finds_broken() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.csv");
    assert_eq!(pairplan(&["plan", "--out", out.to_str().unwrap()]).code, 0);
    let rows = read_csv(&out);
    let capacity = person_times();
    // A hospital of the Changdu teams that sends nobody to Gansu: give it its whole capacity there
    // too. Neither team alone is over; together they are.
    let gansu: Vec<_> = rows
        .iter()
        .filter(|r| r["program"] == "gansu-county-teams")
        .collect();
    let hospital = rows
        .iter()
        .filter(|r| r["program"] == "changdu-teams")
        .map(|r| r["helper_id"].clone())
        .find(|h| gansu.iter().all(|r| &r["helper_id"] != h))
        .expect("a Changdu hospital with no Gansu team");
    let text = std::fs::read_to_string(&out).unwrap();
    let extra = format!(
        "gansu-county-teams,{},,{},{hospital},,,,false,{},,\n",
        gansu[0]["recipient_id"], gansu[0]["county"], capacity[&hospital]
    );
    let broken = dir.path().join("broken.csv");
    std::fs::write(&broken, format!("{text}{extra}")).unwrap();
    let run = pairplan(&[
        "check",
        "--pairings",
        broken.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let over: Vec<&serde_json::Value> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["kind"] == "over_capacity" && f["subject"].as_str().unwrap().starts_with(&hospital)
        })
        .collect();
    assert_eq!(over.len(), 1, "{over:?}");
    assert_eq!(over[0]["program"], "gansu-county-teams + changdu-teams");
    let message = over[0]["message"].as_str().unwrap();
    assert!(
        message.contains("changdu-teams") && message.contains("gansu-county-teams"),
        "{message}"
    );
}

#[test]
fn plan_and_check_say_which_inputs_are_official_and_which_synthetic() {
    let run = pairplan(&["plan", "--program", "villages"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("official: ")
            && run
                .stdout
                .contains("village_quotas.csv (附件10 四、任务分工 1)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("synthetic (invented by `pairplan generate`, not from the seed): enterprises.csv (helpers); villages.csv (recipients)"),
        "{}",
        run.stdout
    );
    let json = pairplan(&["plan", "--program", "villages", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let origin = |file: &str| {
        json["programs"][0]["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["file"] == file)
            .map(|i| (i["origin"].clone(), i["clause"].clone()))
            .unwrap()
    };
    assert_eq!(origin("villages.csv").0, "synthetic");
    assert_eq!(origin("village_quotas.csv").0, "official");
    assert_eq!(origin("village_quotas.csv").1, "附件10 四、任务分工 1");
    // The embedded ledger is invented, and check says so first.
    let check = pairplan(&["check"]);
    assert!(
        check
            .stdout
            .starts_with("ledger embedded:data/tianjin-2019/pairings-2019.csv — synthetic"),
        "{}",
        check.stdout
    );
    let check = pairplan(&["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    assert_eq!(json["ledger"]["origin"], "synthetic");
}

#[test]
fn every_finding_on_a_rule_quotes_the_clause_that_sets_it() {
    let check = pairplan(&["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for finding in findings {
        // Only a ledger's own errors (a mistyped reference, a row edited by name, a pair
        // listed twice) are the planners' own, with no clause.
        let own = ["unknown_reference", "name_mismatch", "duplicate_pair"];
        if !own.contains(&finding["kind"].as_str().unwrap()) {
            assert!(!finding["clause"].as_str().unwrap().is_empty(), "{finding}");
        }
        if finding["kind"] == "quota_short" || finding["kind"] == "quota_exceeded" {
            assert_eq!(
                finding["clause"], "附件10 四、任务分工 1（各区任务）",
                "{finding}"
            );
        }
        if finding["kind"] == "unit_short" {
            assert_eq!(
                finding["clause"],
                "附件10 四、任务分工 2（10个市级单位各不少于10个村）"
            );
        }
    }
    let text = pairplan(&["check"]).stdout;
    assert!(
        text.contains("— seed: 附件10 四、任务分工 1（各区任务）:"),
        "{text}"
    );
}

#[test]
fn programs_shows_each_rule_of_a_program_with_its_clause() {
    let run = pairplan(&["programs", "--program", "cadres", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let rules = json["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 3);
    for rule in rules {
        assert!(!rule["seed"].as_str().unwrap().is_empty(), "{rule}");
    }
    let forbidden = rules
        .iter()
        .find(|r| r["rule"].as_str().unwrap().starts_with("forbidden_pairs"))
        .unwrap();
    assert!(
        forbidden["seed"]
            .as_str()
            .unwrap()
            .starts_with("附件1 二(一)5"),
        "{forbidden}"
    );
    let text = pairplan(&["programs", "--program", "gansu-county-teams"]).stdout;
    assert!(text.contains("shares its helpers' capacity (hospitals.csv: person_times) with gannan-team, changdu-teams"), "{text}");
    let unknown = pairplan(&["programs", "--program", "nope"]);
    assert_eq!(unknown.code, 2);
}

#[test]
fn names_resolve_through_the_alias_table_and_their_compatibility_forms() {
    // A copy of the embedded data where some rows write the other names the seed and the NBS codes
    // use: 市农业农村委 for 市农委, 张家川回族自治县 for 张家川县, a Kangxi-radical 山 (⼭), and a
    // zero-width space pasted into 和平区.
    let dir = tempfile::tempdir().unwrap();
    let data = crate::harness::tianjin();
    for entry in std::fs::read_dir(&data).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    let edit = |file: &str, from: &str, to: &str| {
        let path = dir.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has no {from}");
        std::fs::write(&path, text.replacen(from, to, 3)).unwrap();
    };
    edit("enterprises.csv", ",市农委,", ",市农业农村委,");
    edit("villages.csv", ",张家川县,", ",张家川回族自治县,");
    edit("villages.csv", ",武山县,", ",武\u{2f2d}县,");
    edit("enterprises.csv", ",和平区,", ",和\u{200b}平区,");
    let plan = |dir: &std::path::Path| {
        let run =
            crate::harness::on_data("plan", dir, &["--program", "villages", "--format", "json"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        json["programs"][0]["units"].clone()
    };
    assert_eq!(plan(dir.path()), plan(&data));
}
