//! The programs added from the rest of the seed, each on a hand-sized dataset with what its plan
//! must be written out: the aid posts with their named senders, the Hotan principals sharing the
//! senders' capacity, the cadres hosted in Tianjin, the school pairings, the clinic agreements and
//! their deadline, and the telemedicine links that follow the hospital pairings.
//!
//! The base fixture: 甲区, 乙区, 丙区; 一县 and 四县 paired with 甲区, 二县 with 乙区, 三县 with 丙区.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::harness::{fixture, on_data, read_csv, write_dataset};

/// The fixture carrying `programs`, with `files` added.
fn data_for(programs: &[&str], files: &[(&'static str, &str)]) -> tempfile::TempDir {
    let mut all = fixture();
    let list: Vec<String> = programs.iter().map(|p| format!("\"{p}\"")).collect();
    let manifest = all["dataset.toml"].replace(
        "programs = [\"villages\"]",
        &format!("programs = [{}]", list.join(", ")),
    );
    all.insert("dataset.toml", manifest);
    for (name, text) in files {
        all.insert(name, (*text).to_string());
    }
    write_dataset(&all)
}

/// Plans the dataset (every program it carries), checks the plan, and returns each program's
/// pairings `(recipient, helper, units)`, sorted.
fn plan(data: &tempfile::TempDir) -> BTreeMap<String, Vec<(String, String, u32)>> {
    let out = data.path().join("plan.csv");
    let run = on_data("plan", data.path(), &["--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let check = on_data("check", data.path(), &["--pairings", out.to_str().unwrap()]);
    assert_eq!(check.code, 0, "the plan passes check: {}", check.stdout);
    let mut by_program: BTreeMap<String, Vec<(String, String, u32)>> = BTreeMap::new();
    for row in read_csv(&out) {
        by_program.entry(row["program"].clone()).or_default().push((
            row["recipient_id"].clone(),
            row["helper_id"].clone(),
            row["units"].parse().unwrap(),
        ));
    }
    by_program.values_mut().for_each(|p| p.sort());
    by_program
}

fn pairs(list: &[(&str, &str, u32)]) -> Vec<(String, String, u32)> {
    list.iter()
        .map(|&(r, h, u)| (r.to_string(), h.to_string(), u))
        .collect()
}

/// `check --pairings LEDGER` on the dataset (with extra arguments): exit code and findings.
fn check_ledger(data: &tempfile::TempDir, ledger: &str, extra: &[&str]) -> (i32, Vec<Value>) {
    let path = data.path().join("ledger.csv");
    std::fs::write(&path, ledger).unwrap();
    let mut args = vec!["--pairings", path.to_str().unwrap(), "--format", "json"];
    args.extend_from_slice(extra);
    let run = on_data("check", data.path(), &args);
    let json: Value = serde_json::from_str(&run.stdout).unwrap_or(Value::Null);
    assert!(!json.is_null(), "{}", run.stderr);
    (run.code, json["findings"].as_array().unwrap().clone())
}

const SENDERS: &str = "id,name,district,cadres,professionals,source
A1,甲区选派,甲区,3,3,synthetic
A2,乙区选派,乙区,2,2,synthetic
A3,市委组织部,,2,0,synthetic
A4,市国资委,,3,0,synthetic
A5,市教委,,0,5,synthetic
";

#[test]
fn aid_cadres_go_only_to_the_senders_the_seed_names() {
    let posts = "id,name,region,cadres,senders,seed,tenure_months,tenure_clause
P1,青海黄南,,2,甲区,附件1 二(一)2（滨海新区负责）,,
P2,吉林长春,,3,市国资委、各区,附件1 二(一)6,,
P3,前方工作机构,,2,市委组织部,附件1 二(一)7,,
";
    let data = data_for(
        &["aid-cadres"],
        &[("aid_senders.csv", SENDERS), ("aid_cadre_posts.csv", posts)],
    );
    // P1 and P3 have one sender each. P2's 3 cadres may come from 市国资委 or any district (not
    // 市委组织部): A1 has 1 place left after P1 (its third cadre would cost (9 − 4)/3 ≈ 1.67 more
    // balance), A2 two (1/2, then 3/2), A4 three (1/3, 1, 5/3). The cheapest three: A4 (1/3), A2
    // (1/2), A4 again (1): 市国资委 2, 乙区 1.
    assert_eq!(
        plan(&data)["aid-cadres"],
        pairs(&[
            ("P1", "A1", 2),
            ("P2", "A2", 1),
            ("P2", "A4", 2),
            ("P3", "A3", 2)
        ])
    );
    // A ledger that sends 乙区's cadres to 青海黄南 breaks the seed's 滨海新区负责 (here 甲区).
    let ledger = "program,recipient_id,helper_id,units
aid-cadres,P1,A2,2
aid-cadres,P2,A4,3
aid-cadres,P3,A3,2
";
    let (code, findings) = check_ledger(&data, ledger, &[]);
    assert_eq!(code, 1);
    let named: Vec<&Value> = findings
        .iter()
        .filter(|f| f["kind"] == "forbidden_pair")
        .collect();
    assert_eq!(named.len(), 1, "{findings:?}");
    assert!(named[0]["message"]
        .as_str()
        .unwrap()
        .contains("the seed names other senders"));
}

#[test]
fn a_sender_the_data_does_not_know_is_an_error_at_its_cell() {
    let posts = "id,name,region,cadres,senders,seed,tenure_months,tenure_clause\nP1,青海黄南,,2,甲区、市国资伟,,,\n";
    let data = data_for(
        &["aid-cadres"],
        &[("aid_senders.csv", SENDERS), ("aid_cadre_posts.csv", posts)],
    );
    let run = on_data("plan", data.path(), &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("aid_cadre_posts.csv:2")
            && run.stderr.contains("column 'senders'")
            && run.stderr.contains("found '市国资伟'")
            && run.stderr.contains("did you mean 市国资委?"),
        "{}",
        run.stderr
    );
}

#[test]
fn principals_and_professionals_share_the_senders_capacity() {
    let principals = "id,name,county,principals,seed,tenure_months,tenure_clause
H1,一县 中小学校长,一县,2,附件1 二(三)5,,
H2,二县 中小学校长,二县,1,附件1 二(三)5,,
";
    let posts = "id,name,region,professionals,senders,seed,tenure_months,tenure_clause
Q1,西藏昌都 支教教师,,3,市教委,附件1 二(三)1,,
Q2,新疆和田 专业技术人才,,4,各区、各部门、各单位,附件1 二(二)4,,
";
    let data = data_for(
        &["aid-professionals", "hotan-principals"],
        &[
            ("aid_senders.csv", SENDERS),
            ("aid_professional_posts.csv", posts),
            ("hotan_principal_posts.csv", principals),
        ],
    );
    let planned = plan(&data);
    // Each county's principals come from its paired district: 一县 2 from 甲区, 二县 1 from 乙区.
    assert_eq!(
        planned["hotan-principals"],
        pairs(&[("H1", "A1", 2), ("H2", "A2", 1)])
    );
    // That leaves 甲区 1 and 乙区 1 of their professionals; 市教委 sends Q1's 3 and has 2 left. Q2's
    // 4 need every place left: planned apart, Q2 could have taken 甲区's 3 and left 一县 short.
    assert_eq!(
        planned["aid-professionals"],
        pairs(&[
            ("Q1", "A5", 3),
            ("Q2", "A1", 1),
            ("Q2", "A2", 1),
            ("Q2", "A5", 2)
        ])
    );
}

#[test]
fn hosted_cadres_spread_over_the_hosts_and_add_up_to_the_stated_total() {
    let hosts = "id,name,district,capacity,source
J1,甲区接收,甲区,4,synthetic
J2,乙区接收,乙区,2,synthetic
J3,市教委接收,,1,synthetic
";
    let groups = "id,name,region,cadres,seed\nG1,甘肃省,,5,附件1 三(一)\n";
    let hosted = |total: u32| {
        data_for(
            &["hosted-cadres"],
            &[
                ("host_units.csv", hosts),
                ("hosted_cadre_groups.csv", groups),
                (
                    "hosted_cadre_totals.csv",
                    Box::leak(format!("program,cadres\nhosted-cadres,{total}\n").into_boxed_str()),
                ),
            ],
        )
    };
    // 5 cadres over capacities 4, 2, 1, each next one where Σ load²/capacity rises least: J1 (1/4),
    // J2 (1/2), J1 (3/4), J3 (1), J1 (5/4) — J2's second would cost 3/2.
    assert_eq!(
        plan(&hosted(5))["hosted-cadres"],
        pairs(&[("G1", "J1", 3), ("G1", "J2", 1), ("G1", "J3", 1)])
    );
    // The groups (5) do not add up to the total the clause states (6): no plan, and why.
    let run = on_data("plan", hosted(6).path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains("hosted-cadres"), "{}", run.stdout);
}

#[test]
fn each_willing_school_pairs_with_one_school_of_its_paired_district() {
    let tianjin = "id,name,district,partners,source
T1,甲区合成学校01,甲区,4,synthetic
T2,甲区合成学校02,甲区,1,synthetic
T3,乙区合成学校01,乙区,2,synthetic
T4,丙区合成学校01,丙区,3,synthetic
";
    let schools = "id,name,county,level,source
S1,一县合成小学01,一县,小学,synthetic
S2,一县合成小学02,一县,小学,synthetic
S3,四县合成初中01,四县,初中,synthetic
S4,二县合成小学01,二县,小学,synthetic
";
    let data = data_for(
        &["schools"],
        &[
            ("tianjin_schools.csv", tianjin),
            ("county_schools.csv", schools),
        ],
    );
    let planned = &plan(&data)["schools"];
    let partner = |s: &str| planned.iter().find(|p| p.0 == s).unwrap().1.clone();
    // 二县's school takes 乙区's; 丙区's school has no county school to take.
    assert_eq!(partner("S4"), "T3");
    assert_eq!(planned.len(), 4);
    // 甲区's three (一县 and 四县) over capacities 4 and 1: T1 (1/4), T1 (3/4), T2 (1) — T1's third
    // would cost 5/4. Which of the three goes to T2 is a tie the solver breaks the same way each run.
    let mut loads: BTreeMap<String, usize> = BTreeMap::new();
    for s in ["S1", "S2", "S3"] {
        *loads.entry(partner(s)).or_default() += 1;
    }
    assert_eq!(loads, BTreeMap::from([("T1".into(), 2), ("T2".into(), 1)]));
}

fn clinic_data() -> tempfile::TempDir {
    data_for(
        &["clinic-agreements"],
        &[(
            "clinic_signers.csv",
            "id,name,district,counties\n甲区,甲区人民政府,甲区,2\n乙区,乙区人民政府,乙区,1\n丙区,丙区人民政府,丙区,1\n",
        )],
    )
}

#[test]
fn clinic_agreements_follow_the_map_and_are_late_only_after_june() {
    let data = clinic_data();
    assert_eq!(
        plan(&data)["clinic-agreements"],
        pairs(&[
            ("130001", "甲区", 1),
            ("620001", "甲区", 1),
            ("620002", "乙区", 1),
            ("620003", "丙区", 1)
        ])
    );
    // 四县's agreement not signed yet: still to come in May, late in July (附件9 三(七): 6月底前).
    let ledger = "program,recipient_id,helper_id,units
clinic-agreements,620001,甲区,1
clinic-agreements,620002,乙区,1
clinic-agreements,620003,丙区,1
";
    let uncovered = |as_of: &str| {
        let (code, findings) = check_ledger(&data, ledger, &["--as-of", as_of]);
        let found: Vec<(String, String)> = findings
            .iter()
            .filter(|f| f["kind"] == "uncovered")
            .map(|f| {
                (
                    f["severity"].as_str().unwrap().to_string(),
                    f["message"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        (code, found)
    };
    let (may_code, may) = uncovered("2019-05-31");
    assert_eq!(may_code, 0);
    assert_eq!(may.len(), 1);
    assert_eq!(may[0].0, "note");
    assert!(may[0].1.contains("四县") && may[0].1.contains("not late yet"));
    let (july_code, july) = uncovered("2019-07-01");
    assert_eq!(july_code, 1);
    assert_eq!(july[0].0, "gap");
    assert!(july[0].1.contains("due by 2019-06-30"));
}

fn hospital_data() -> tempfile::TempDir {
    data_for(
        &["county-hospitals", "telemedicine"],
        &[
            (
                "hospitals.csv",
                "id,name,district,county_partners,person_times,specialities,seed_mention,source\nH1,甲一医院,甲区,1,3,,,synthetic\nH2,甲二医院,甲区,2,3,,,synthetic\nH3,乙一医院,乙区,1,3,,,synthetic\n",
            ),
            (
                "county_hospitals.csv",
                "id,name,county,source\nC1,一县人民医院,一县,synthetic\nC2,二县人民医院,二县,synthetic\nC4,四县人民医院,四县,synthetic\n",
            ),
            (
                "county_hospital_totals.csv",
                "province,county_hospitals\n合计,3\n",
            ),
        ],
    )
}

#[test]
fn telemedicine_links_are_the_hospital_pairings() {
    let data = hospital_data();
    let planned = plan(&data);
    // The links are not chosen: one for each pair of the county-hospitals plan, and no other.
    assert_eq!(planned["telemedicine"], planned["county-hospitals"]);
    assert_eq!(planned["telemedicine"].len(), 3);
    // Asked for alone, telemedicine brings the plan it follows.
    let alone = on_data("plan", data.path(), &["--program", "telemedicine"]);
    assert_eq!(alone.code, 0, "{}", alone.stderr);
    assert!(
        alone.stdout.contains("county-hospitals"),
        "{}",
        alone.stdout
    );
    // A ledger with a link missing and one between hospitals that are not paired.
    let ledger = "program,recipient_id,helper_id,units
county-hospitals,C1,H1,1
county-hospitals,C2,H3,1
county-hospitals,C4,H2,1
telemedicine,C1,H1,1
telemedicine,C2,H3,1
telemedicine,C4,H1,1
";
    let (code, findings) = check_ledger(&data, ledger, &[]);
    assert_eq!(code, 1);
    let of_kind = |kind: &str| -> Vec<String> {
        findings
            .iter()
            .filter(|f| f["program"] == "telemedicine" && f["kind"] == kind)
            .map(|f| f["message"].as_str().unwrap().to_string())
            .collect()
    };
    let missing = of_kind("fixed_pair_missing");
    assert_eq!(missing.len(), 1, "{findings:?}");
    assert!(missing[0].contains("四县人民医院") && missing[0].contains("甲二医院"));
    let extra = of_kind("forbidden_pair");
    assert_eq!(extra.len(), 1, "{findings:?}");
    assert!(extra[0].contains("not paired in county-hospitals"));
}
