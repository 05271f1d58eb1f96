//! Each program of `models/` on a hand-sized dataset, with the plan it must give written out.
//!
//! The models are the real ones (embedded); only the data is small. Each fixture is built so that
//! its optimum is unique, and the reasoning that makes it so is spelled out beside it.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::harness::{fixture, on_data, read_csv, write_dataset};

/// The base fixture (甲区, 乙区, 丙区; 一县 and 四县 paired with 甲区, 二县 with 乙区, 三县 with 丙区)
/// carrying only `program`, with its files added.
fn program_data(program: &str, files: &[(&'static str, &str)]) -> tempfile::TempDir {
    let mut all = fixture();
    let manifest = all["dataset.toml"].replace(
        "programs = [\"villages\"]",
        &format!("programs = [\"{program}\"]"),
    );
    all.insert("dataset.toml", manifest);
    for (name, text) in files {
        all.insert(name, (*text).to_string());
    }
    write_dataset(&all)
}

/// The one hospitals table of a fixture: (id, name, district, person-times), each taking one county
/// hospital, with the specialities given; a hospital named after one speciality (眼科医院, 儿童医院)
/// is not a general one.
fn hospitals(rows: &[(&str, &str, &str, u32, &str)]) -> String {
    let mut text =
        "id,name,district,county_partners,person_times,specialities,seed_mention,general,source\n"
            .to_string();
    for (id, name, district, person_times, specialities) in rows {
        let general = if name.contains("眼科") || name.contains("儿童") {
            "否"
        } else {
            "是"
        };
        text.push_str(&format!(
            "{id},{name},{district},1,{person_times},{specialities},,{general},synthetic\n"
        ));
    }
    text
}

/// A pairing as the plan file gives it: (recipient id, helper id, units).
type Pairing = (String, String, u32);

/// Plans `program` on the dataset, checks the plan with `check`, and returns its pairings sorted.
fn planned(data: &tempfile::TempDir, program: &str) -> Vec<Pairing> {
    let out = data.path().join("plan.csv");
    let run = on_data(
        "plan",
        data.path(),
        &["--program", program, "--out", out.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let check = on_data(
        "check",
        data.path(),
        &["--program", program, "--pairings", out.to_str().unwrap()],
    );
    assert_eq!(check.code, 0, "the plan passes check: {}", check.stdout);
    let mut pairings: Vec<Pairing> = read_csv(&out)
        .into_iter()
        .map(|r| {
            assert_eq!(r["program"], program);
            (
                r["recipient_id"].clone(),
                r["helper_id"].clone(),
                r["units"].parse().unwrap(),
            )
        })
        .collect();
    pairings.sort();
    pairings
}

fn expect(pairings: &[(&str, &str, u32)]) -> Vec<Pairing> {
    pairings
        .iter()
        .map(|&(r, h, u)| (r.to_string(), h.to_string(), u))
        .collect()
}

/// The kinds of the gaps `check` finds in a ledger, with their subjects.
fn gaps(data: &tempfile::TempDir, program: &str, ledger: &str) -> Vec<(String, String)> {
    let path = data.path().join("ledger.csv");
    std::fs::write(&path, ledger).unwrap();
    let run = on_data(
        "check",
        data.path(),
        &[
            "--program",
            program,
            "--pairings",
            path.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    let mut found: Vec<(String, String)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "gap")
        .map(|f| {
            (
                f["kind"].as_str().unwrap().to_string(),
                f["subject"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.sort();
    found
}

const PERSON_TIMES: &str = "medical_person_times.csv";

fn person_times(program: &str, total: u32) -> String {
    format!("program,helper_hospitals,recipient_hospitals,person_times,departments\n{program},,,{total},\n")
}

#[test]
fn changdu_teams_balance_the_total_over_the_fixed_pairs() {
    let data = program_data(
        "changdu-teams",
        &[
            (
                "hospitals.csv",
                &hospitals(&[
                    ("A", "甲一医院", "甲区", 4, ""),
                    ("B", "甲二医院", "甲区", 2, ""),
                    ("C", "乙一医院", "乙区", 5, ""),
                    ("D", "乙二医院", "乙区", 9, ""),
                ]),
            ),
            (
                "changdu_hospital_pairs.csv",
                "hospital,county_hospital\n甲一医院,一县卫生服务中心\n甲二医院,一县卫生服务中心\n乙一医院,二县卫生服务中心\n",
            ),
            (
                "changdu_county_hospitals.csv",
                "id,name,source\nR1,一县卫生服务中心,synthetic\nR2,二县卫生服务中心,synthetic\n",
            ),
            (
                "changdu_pairs.csv",
                "helper_id,recipient_id,cost\nA,R1,0\nB,R1,0\nC,R2,0\n",
            ),
            (PERSON_TIMES, &person_times("changdu-teams", 8)),
        ],
    );
    // 8 person-times over capacities 4, 2, 5, each hospital at least 2 (the team minimum):
    // Σ load²/capacity is least at (3, 2, 3) — 9/4 + 4/2 + 9/5 = 6.05, against 6.2 for (2, 2, 4);
    // (3, 1, 4) would cost 5.95 but sends B a single person-time. Only the seed's pairs are used.
    assert_eq!(
        planned(&data, "changdu-teams"),
        expect(&[("R1", "A", 3), ("R1", "B", 2), ("R2", "C", 3)])
    );
    // B moved to R2: the fixed pair R1–B is missing and R2–B is not one of them (and sends a single
    // person-time, below the team minimum); a total of 7 is short.
    assert_eq!(
        gaps(
            &data,
            "changdu-teams",
            "program,recipient_id,helper_id,units\nchangdu-teams,R1,A,3\nchangdu-teams,R2,B,1\nchangdu-teams,R2,C,3\n"
        ),
        [
            ("fixed_pair_missing".to_string(), "R1 一县卫生服务中心 / B 甲二医院".to_string()),
            ("forbidden_pair".to_string(), "R2 二县卫生服务中心 / B 甲二医院".to_string()),
            ("member_below_minimum".to_string(), "R2 二县卫生服务中心 / B 甲二医院".to_string()),
            ("quota_short".to_string(), "(program total)".to_string()),
        ]
    );
}

/// Three hospitals of the Gannan team and three departments (院包科).
fn gannan_data(capacities: [u32; 3]) -> tempfile::TempDir {
    let [a, b, c] = capacities;
    let hospitals = hospitals(&[
        ("G1", "眼科医院", "", a, "眼科"),
        ("G2", "总医院", "", b, "眼科;骨科"),
        ("G3", "儿童医院", "", c, "儿科"),
        ("G4", "不在队中的医院", "", 9, "眼科;骨科;儿科"),
    ]);
    program_data(
        "gannan-team",
        &[
            ("hospitals.csv", &hospitals),
            (
                "gannan_team_hospitals.csv",
                "hospital\n眼科医院\n总医院\n儿童医院\n",
            ),
            (
                "gannan_departments.csv",
                "id,name,speciality,source\nD1,某院眼科,眼科,synthetic\nD2,某院骨科,骨科,synthetic\nD3,某院儿科,儿科,synthetic\n",
            ),
            (PERSON_TIMES, &person_times("gannan-team", 7)),
        ],
    )
}

#[test]
fn gannan_team_gives_each_department_one_hospital_and_balances_person_times() {
    let data = gannan_data([3, 4, 2]);
    // Specialities leave one mismatch-free matching: 儿科 only G3, so 骨科 G2 and 眼科 G1. Then 7
    // person-times over capacities 3, 4, 2: (2, 3, 2) costs 4/3 + 9/4 + 4/2 ≈ 5.58, against 5.75 for
    // (3, 3, 1) and 5.83 for (2, 4, 1).
    assert_eq!(
        planned(&data, "gannan-team"),
        expect(&[("D1", "G1", 2), ("D2", "G2", 3), ("D3", "G3", 2)])
    );
    // G2 taking two departments breaks 院包科 twice over: it has two partners, and 眼科 two hospitals,
    // each sending a single person-time (below the team minimum of 2).
    assert_eq!(
        gaps(
            &data,
            "gannan-team",
            "program,recipient_id,helper_id,units\ngannan-team,D1,G1,1\ngannan-team,D1,G2,1\ngannan-team,D2,G2,3\ngannan-team,D3,G3,2\n"
        ),
        [
            ("member_below_minimum".to_string(), "D1 某院眼科 / G1 眼科医院".to_string()),
            ("member_below_minimum".to_string(), "D1 某院眼科 / G2 总医院".to_string()),
            ("over_covered".to_string(), "D1 某院眼科".to_string()),
            ("too_many_partners".to_string(), "G2 总医院".to_string()),
        ]
    );
}

#[test]
fn gannan_team_with_a_hospital_too_few_is_a_counted_shortfall() {
    let data = program_data(
        "gannan-team",
        &[
            (
                "hospitals.csv",
                &hospitals(&[
                    ("G1", "眼科医院", "", 9, "眼科"),
                    ("G2", "总医院", "", 9, "眼科;骨科"),
                ]),
            ),
            ("gannan_team_hospitals.csv", "hospital\n眼科医院\n总医院\n"),
            (
                "gannan_departments.csv",
                "id,name,speciality,source\nD1,某院眼科,眼科,synthetic\nD2,某院骨科,骨科,synthetic\nD3,某院儿科,儿科,synthetic\n",
            ),
            (PERSON_TIMES, &person_times("gannan-team", 7)),
        ],
    );
    let run = on_data("plan", data.path(), &["--program", "gannan-team"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "the departments need at least 3 pairings, but 2 hospitals may take at most 1 each (2; short by 1) (seed: 附件9 三(三) 院包科：每家医院包一个科室)"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn hotan_departments_find_the_one_matching_without_a_mismatch() {
    let data = program_data(
        "hotan-departments",
        &[
            (
                "hospitals.csv",
                &hospitals(&[
                    ("H1", "甲医院", "", 2, "眼科;口腔科"),
                    ("H2", "乙医院", "", 2, "眼科"),
                    ("H3", "丙医院", "", 2, "口腔科;儿科"),
                    ("H4", "丁医院", "", 2, "儿科"),
                ]),
            ),
            ("hotan_team_hospitals.csv", "hospital_id\nH1\nH2\nH3\n"),
            (
                "hotan_departments.csv",
                "id,name,speciality,source\nK1,眼科,眼科,synthetic\nK2,口腔科,口腔科,synthetic\nK3,儿科,儿科,synthetic\n",
            ),
            ("hotan_department_totals.csv", "scope,departments\n合计,3\n"),
        ],
    );
    // 儿科 only H3, so 口腔科 H1 and 眼科 H2: taking the first match for 眼科 (H1) would leave a
    // mismatch.
    assert_eq!(
        planned(&data, "hotan-departments"),
        expect(&[("K1", "H2", 1), ("K2", "H1", 1), ("K3", "H3", 1)])
    );
}

#[test]
fn gansu_county_teams_go_off_the_map_only_where_the_paired_district_runs_out() {
    let data = program_data(
        "gansu-county-teams",
        &[
            (
                "hospitals.csv",
                &hospitals(&[
                    ("H1", "甲一医院", "甲区", 3, ""),
                    ("H2", "甲二医院", "甲区", 4, ""),
                    ("H3", "乙一医院", "乙区", 2, ""),
                    ("H4", "丙一医院", "丙区", 6, ""),
                ]),
            ),
            (
                "gansu_team_county_hospitals.csv",
                "id,name,county,source\nC1,一县人民医院,一县,synthetic\nC2,二县人民医院,二县,synthetic\n",
            ),
            (PERSON_TIMES, &person_times("gansu-county-teams", 9)),
        ],
    );
    // 9 person-times, 4 or 5 each. 乙区 can send 二县 only 2, so 一县 takes 5 (from 甲区) and 二县 4,
    // 2 of them off the map (cost 10 each, against 30 if 一县 took 4). Balance then puts the off-map
    // 2 on H4 (丙区, unused) and splits 一县's 5 as 2 + 3 over capacities 3 and 4.
    assert_eq!(
        planned(&data, "gansu-county-teams"),
        expect(&[
            ("C1", "H1", 2),
            ("C1", "H2", 3),
            ("C2", "H3", 2),
            ("C2", "H4", 2)
        ])
    );
}

#[test]
fn cadres_fill_county_posts_from_the_paired_district_and_city_posts_by_balance() {
    let data = program_data(
        "cadres",
        &[
            (
                "cadre_sources.csv",
                "id,name,district,capacity,source\nS1,甲区选派,甲区,5,synthetic\nS2,乙区选派,乙区,4,synthetic\nS3,丙区选派,丙区,3,synthetic\n",
            ),
            (
                "cadre_posts_2019.csv",
                "id,name,county,region,cadres,seed,source,tenure_months,tenure_clause\nP1,一县（县级挂职）,一县,,3,,synthetic,36,挂职时间3年\nP2,二县（县级挂职）,二县,,3,,synthetic,36,挂职时间3年\nP3,三县（县级挂职）,三县,,1,,synthetic,36,挂职时间3年\nP4,省直部门,,,2,,synthetic,36,挂职时间3年\n",
            ),
            (
                "cadre_excluded_pairs_2019.csv",
                "helper_id,recipient_id,reason\nS3,P4,省直部门 takes cadres from 甲区、乙区 only\n",
            ),
        ],
    );
    // County posts have one source each (no off-map cadres). The 2 provincial posts may not come
    // from S3 (excluded); they go where the balance Σ load²/capacity rises least: the first to S1
    // (16/5 − 9/5 = 1.4, against S2's 16/4 − 9/4 = 1.75), the second to S2 (1.75, against S1's
    // 25/5 − 16/5 = 1.8).
    assert_eq!(
        planned(&data, "cadres"),
        expect(&[
            ("P1", "S1", 3),
            ("P2", "S2", 3),
            ("P3", "S3", 1),
            ("P4", "S1", 1),
            ("P4", "S2", 1)
        ])
    );
}

fn talent_data(capacity_of_yi: u32) -> tempfile::TempDir {
    let sources = format!(
        "id,name,district,capacity,source\nT1,甲区选派,甲区,10,synthetic\nT2,乙区选派,乙区,{capacity_of_yi},synthetic\n"
    );
    program_data(
        "talents",
        &[
            ("talent_sources.csv", &sources),
            (
                "talent_posts_2019.csv",
                "id,name,county,talents,seed,derived,source\nY-L,一县 一年以上,一县,2,,,synthetic\nY-S,一县 一个月以上,一县,4,,,synthetic\nE-L,二县 一年以上,二县,1,,,synthetic\nE-S,二县 一个月以上,二县,2,,,synthetic\n",
            ),
        ],
    )
}

#[test]
fn talents_come_from_the_paired_district_in_the_numbers_posted() {
    assert_eq!(
        planned(&talent_data(3), "talents"),
        expect(&[
            ("E-L", "T2", 1),
            ("E-S", "T2", 2),
            ("Y-L", "T1", 2),
            ("Y-S", "T1", 4)
        ])
    );
    // 乙区 able to send only 2 of the 3 二县 needs: counted, not a bare "infeasible".
    let run = on_data("plan", talent_data(2).path(), &["--program", "talents"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "the county posts of 乙区's paired counties need 3 professionals, but its helpers can send only 2 (short by 1)"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn fixtures_have_the_columns_of_the_real_tables() {
    // The fixtures above stand for the real tables: their headers must be the real ones.
    let tianjin = crate::harness::tianjin();
    let header = |file: &str| -> Vec<String> {
        read_csv(&tianjin.join(file))
            .first()
            .map(|row| {
                let mut keys: Vec<String> = row.keys().cloned().collect();
                keys.sort();
                keys
            })
            .unwrap()
    };
    let expected: BTreeMap<&str, &str> = [
        (
            "hospitals.csv",
            "county_partners,district,general,id,name,person_times,seed_mention,source,specialities",
        ),
        ("changdu_hospital_pairs.csv", "county_hospital,hospital"),
        ("gannan_team_hospitals.csv", "hospital"),
        ("hotan_team_hospitals.csv", "hospital_id,source"),
        ("gannan_departments.csv", "id,name,source,speciality"),
        (
            "cadre_posts_2019.csv",
            "cadres,county,id,name,region,seed,source,tenure_clause,tenure_months",
        ),
        (
            "talent_posts_2019.csv",
            "county,derived,id,name,seed,source,talents",
        ),
    ]
    .into_iter()
    .collect();
    for (file, columns) in expected {
        assert_eq!(header(file).join(","), columns, "{file}");
    }
}
