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
