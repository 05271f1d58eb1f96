//! `pairplan programs` and the county-hospitals program (县级医院结对全覆盖).

use serde_json::Value;

use crate::harness::{
    fixture, on_data, pairplan, plan_to_csv, read_csv, tianjin, write_dataset, PAIRING_PROGRAMS,
    TARGET_TABLES,
};

#[test]
fn programs_lists_each_with_its_seed_source() {
    let run = pairplan(&["programs", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let list: Value = serde_json::from_str(&run.stdout).unwrap();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["kind"] == "pairing" || p["kind"] == "targets")
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = PAIRING_PROGRAMS.into_iter().chain(TARGET_TABLES).collect();
    assert_eq!(
        names, expected,
        "the pairing programs and the target tables of the seed"
    );
    for program in list.as_array().unwrap() {
        assert!(
            program["source"].as_str().unwrap().starts_with("附件"),
            "{program}"
        );
    }
    let kinds: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    let pairings = PAIRING_PROGRAMS.len();
    let tables = TARGET_TABLES.len();
    assert!(kinds[..pairings].iter().all(|&k| k == "pairing"));
    assert!(kinds[pairings..pairings + tables]
        .iter()
        .all(|&k| k == "targets"));
    // Then the seed's totals over several programs, and what it names without numbers.
    assert!(kinds[pairings + tables..]
        .iter()
        .all(|&k| k == "total" || k == "named" || k == "task"));
    let named = |name: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap()
            .clone()
    };
    let consumption = named("consumption");
    assert_eq!(consumption["recipients"], 16);
    assert_eq!(
        consumption["rules"],
        serde_json::json!([
            "targets(1 indicator, 16 requirements, due 2019-12-31)",
            "milestone(50% by 2019-08-15)",
            "milestone(95% by 2019-10-31)"
        ])
    );
    let gannan = named("gannan-team");
    assert_eq!(gannan["recipients"], 10);
    assert_eq!(gannan["helpers"], 10, "10 named hospitals (附件9 三(三))");
    let villages = named("villages");
    assert_eq!(villages["title"], "万企帮万村");
    assert_eq!(villages["recipients"], 1462);
    assert!(villages["source"].as_str().unwrap().starts_with("附件10"));
    // 97 doctors for Gansu are the Gannan team's 39 and the county teams' 58, not 97 more.
    let doctors = named("Σ gannan-team+gansu-county-teams");
    assert_eq!(
        (doctors["recipients"].clone(), doctors["helpers"].clone()),
        (97.into(), 97.into())
    );
    // 255 party cadres stated; the posts of 附件1 二(一) add up to 259: said, not hidden.
    let cadres = named("Σ cadres+aid-cadres");
    assert_eq!(
        (cadres["recipients"].clone(), cadres["helpers"].clone()),
        (255.into(), 259.into())
    );
    let fixed = named("huangnan-hospital-team");
    assert_eq!(fixed["kind"], "named");
    assert_eq!(fixed["rules"][0], "named without numbers");
    let detail = pairplan(&["programs", "--program", "huangnan-hospital-team"]);
    assert_eq!(detail.code, 0, "{}", detail.stderr);
    assert!(
        detail.stdout.contains("named without numbers") && detail.stdout.contains("附件9 三(五)"),
        "{}",
        detail.stdout
    );
    let hospitals = named("county-hospitals");
    assert_eq!(
        hospitals["recipients"], 42,
        "42 county hospitals (附件9 三(六))"
    );
    assert!(hospitals["source"].as_str().unwrap().starts_with("附件9"));
    let text = pairplan(&["programs"]);
    assert!(
        text.stdout.contains("县级医院结对全覆盖"),
        "{}",
        text.stdout
    );
}

#[test]
fn every_county_hospital_gets_a_hospital_of_its_paired_district() {
    let (run, _dir, out) = plan_to_csv(&["--program", "county-hospitals"]);
    assert!(
        run.stdout.contains("42 of 42 county hospitals covered"),
        "{}",
        run.stdout
    );
    let rows = read_csv(&out);
    let counties = read_csv(&tianjin().join("counties.csv"));
    let hospitals = read_csv(&tianjin().join("hospitals.csv"));
    let mut covered: Vec<&str> = rows.iter().map(|r| r["recipient_id"].as_str()).collect();
    covered.dedup();
    assert_eq!(covered.len(), 42);
    for row in &rows {
        let county = counties
            .iter()
            .find(|c| c["name"] == row["county"])
            .unwrap();
        assert_eq!(row["helper_district"], county["paired_district"], "{row:?}");
        assert_eq!(row["on_map"], "true");
    }
    for hospital in hospitals {
        let load = rows
            .iter()
            .filter(|r| r["helper_id"] == hospital["id"])
            .count();
        assert!(
            load <= hospital["county_partners"].parse().unwrap(),
            "{}",
            hospital["id"]
        );
    }
    let check = pairplan(&[
        "check",
        "--program",
        "county-hospitals",
        "--pairings",
        out.to_str().unwrap(),
    ]);
    assert_eq!(check.code, 0, "{}", check.stdout);
}

/// The fixture with hospitals: 甲区 has two (capacities 1 and 2), 乙区 one; 丙区 none.
fn hospital_fixture(hospitals: &str) -> tempfile::TempDir {
    let mut files = fixture();
    files.insert("hospitals.csv", hospitals.into());
    files.insert(
        "county_hospitals.csv",
        "id,name,county,source\nC1,一县人民医院,一县,synthetic\nC2,二县人民医院,二县,synthetic\nC4,四县人民医院,四县,synthetic\n".into(),
    );
    files.insert(
        "county_hospital_totals.csv",
        "province,county_hospitals\n合计,3\n".into(),
    );
    let manifest = files["dataset.toml"].replace(
        "programs = [\"villages\"]",
        "programs = [\"county-hospitals\", \"villages\"]",
    );
    files.insert("dataset.toml", manifest);
    write_dataset(&files)
}

#[test]
fn small_fixture_has_the_balanced_answer() {
    let data = hospital_fixture("id,name,district,county_partners,person_times,specialities,seed_mention,source\nH1,甲一医院,甲区,1,3,,,synthetic\nH2,甲二医院,甲区,2,3,,,synthetic\nH3,乙一医院,乙区,1,3,,,synthetic\n");
    let out = data.path().join("plan.csv");
    let run = on_data(
        "plan",
        data.path(),
        &[
            "--program",
            "county-hospitals",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pairs: Vec<(String, String)> = read_csv(&out)
        .into_iter()
        .map(|r| (r["recipient_id"].clone(), r["helper_id"].clone()))
        .collect();
    // 一县 and 四县 (both 甲区) share 甲区's two hospitals, one each: loads 1/1 and 1/2 cost
    // 1 + 0.5 = 1.5, against 0 + 2 = 2 for both on H2. 二县 takes 乙区's only hospital.
    let helper_of = |c: &str| pairs.iter().find(|(r, _)| r == c).unwrap().1.clone();
    assert_eq!(pairs.len(), 3);
    assert_eq!(helper_of("C2"), "H3");
    let mut jia = vec![helper_of("C1"), helper_of("C4")];
    jia.sort();
    assert_eq!(jia, ["H1", "H2"]);
}

#[test]
fn a_district_without_a_hospital_is_reported_not_skipped() {
    let data = hospital_fixture(
        "id,name,district,county_partners,person_times,specialities,seed_mention,source\nH1,甲一医院,甲区,2,3,,,synthetic\n",
    );
    let run = on_data("plan", data.path(), &["--program", "county-hospitals"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("1 county hospitals have no eligible helper at all (e.g. 二县人民医院)"),
        "{}",
        run.stderr
    );
    let ledger = data.path().join("l.csv");
    std::fs::write(
        &ledger,
        "program,helper_id,recipient_id\ncounty-hospitals,H1,C1\n",
    )
    .unwrap();
    let check = on_data(
        "check",
        data.path(),
        &[
            "--program",
            "county-hospitals",
            "--pairings",
            ledger.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert_eq!(check.code, 1);
    let json: Value = serde_json::from_str(&check.stdout).unwrap();
    let unreachable: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "unreachable")
        .map(|f| f["subject"].as_str().unwrap())
        .collect();
    assert_eq!(unreachable, ["C2 二县人民医院"]);
}

#[test]
fn hotan_departments_are_matched_by_speciality() {
    let (run, _dir, out) = plan_to_csv(&["--program", "hotan-departments", "--format", "json"]);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        json["programs"][0]["recipients"], 11,
        "11 departments (附件9 三(一))"
    );
    assert_eq!(
        json["programs"][0]["objective"], 0.0,
        "every department gets a hospital of its speciality"
    );
    let members: Vec<String> = read_csv(&tianjin().join("hotan_team_hospitals.csv"))
        .into_iter()
        .map(|row| row["hospital_id"].clone())
        .collect();
    let rows = one_department_per_hospital_by_speciality(&out, "hotan", &members);
    assert_eq!(rows.len(), 11);
}

/// Reads a 院包科 plan and asserts that each of the team's hospitals took one department of its
/// speciality; the team is `members` (ids) out of the one hospitals table, its departments
/// `{team}_departments.csv`. Returns the plan's rows with the hospital's person-times beside each.
fn one_department_per_hospital_by_speciality(
    out: &std::path::Path,
    team: &str,
    members: &[String],
) -> Vec<(std::collections::BTreeMap<String, String>, u32)> {
    let hospitals: Vec<_> = read_csv(&tianjin().join("hospitals.csv"))
        .into_iter()
        .filter(|h| members.contains(&h["id"]))
        .collect();
    let departments = read_csv(&tianjin().join(format!("{team}_departments.csv")));
    let rows = read_csv(out);
    let mut used: Vec<&str> = rows.iter().map(|r| r["helper_id"].as_str()).collect();
    used.sort();
    used.dedup();
    assert_eq!(used.len(), rows.len(), "one department per hospital");
    assert_eq!(used.len(), hospitals.len(), "every hospital takes one");
    rows.iter()
        .map(|row| {
            let hospital = hospitals
                .iter()
                .find(|h| h["id"] == row["helper_id"])
                .unwrap();
            let department = departments
                .iter()
                .find(|d| d["id"] == row["recipient_id"])
                .unwrap();
            assert!(
                hospital["specialities"]
                    .split(';')
                    .any(|s| s == department["speciality"]),
                "{row:?}"
            );
            (row.clone(), hospital["person_times"].parse().unwrap())
        })
        .collect()
}

#[test]
fn changdu_teams_allot_36_person_times_over_the_fixed_pairs() {
    let (run, dir, out) = plan_to_csv(&["--program", "changdu-teams"]);
    assert!(
        run.stdout.contains("9 pairings carrying 36 person-times"),
        "{}",
        run.stdout
    );
    let official = read_csv(&tianjin().join("changdu_hospital_pairs.csv"));
    let rows = read_csv(&out);
    assert_eq!(rows.len(), 9);
    let person_times: std::collections::BTreeMap<String, u32> =
        read_csv(&tianjin().join("hospitals.csv"))
            .into_iter()
            .map(|h| (h["id"].clone(), h["person_times"].parse().unwrap()))
            .collect();
    for row in &rows {
        // Every fixed pair sends someone, within the hospital's person-times, and only the seed's
        // pairs are used.
        let units: u32 = row["units"].parse().unwrap();
        assert!(
            units >= 1 && units <= person_times[&row["helper_id"]],
            "{row:?}"
        );
        assert!(
            official.iter().any(|p| p["hospital"] == row["helper_name"]
                && p["county_hospital"] == row["recipient_name"]),
            "{row:?}"
        );
    }
    // A ledger that sends only 30 is short of the program's total.
    let ledger = dir.path().join("l.csv");
    let text = std::fs::read_to_string(&out).unwrap();
    // The first rows send 6 fewer in all, none below 1.
    let mut missing = 6;
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let at = header.iter().position(|&c| c == "units").unwrap();
    let short: String = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            let mut cells: Vec<String> = l.split(',').map(str::to_string).collect();
            match cells[at].parse::<u32>() {
                Ok(units) if i > 0 && missing > 0 => {
                    let less = (units - 1).min(missing);
                    missing -= less;
                    cells[at] = (units - less).to_string();
                    format!("{}\n", cells.join(","))
                }
                _ => format!("{l}\n"),
            }
        })
        .collect();
    assert_eq!(missing, 0);
    std::fs::write(&ledger, short).unwrap();
    let check = pairplan(&[
        "check",
        "--program",
        "changdu-teams",
        "--pairings",
        ledger.to_str().unwrap(),
    ]);
    assert_eq!(check.code, 1);
    assert!(
        check
            .stdout
            .contains("30 person-times are allotted in all, short of the program's total of 36"),
        "{}",
        check.stdout
    );
}

#[test]
fn gansu_county_teams_spread_58_person_times_over_14_hospitals() {
    let (_run, _dir, out) = plan_to_csv(&["--program", "gansu-county-teams"]);
    let rows = read_csv(&out);
    let mut per_recipient: std::collections::BTreeMap<String, u32> = Default::default();
    for row in &rows {
        *per_recipient
            .entry(row["recipient_id"].clone())
            .or_default() += row["units"].parse::<u32>().unwrap();
    }
    assert_eq!(
        per_recipient.len(),
        14,
        "14 Gansu county hospitals (附件9 三(四))"
    );
    assert_eq!(
        per_recipient.values().sum::<u32>(),
        58,
        "58 person-times a year"
    );
    assert!(
        per_recipient.values().all(|&u| (4..=5).contains(&u)),
        "{per_recipient:?}"
    );
    let check = pairplan(&[
        "check",
        "--program",
        "gansu-county-teams",
        "--pairings",
        out.to_str().unwrap(),
    ]);
    assert_eq!(check.code, 0, "{}", check.stdout);
}

#[test]
fn seed_totals_are_pinned() {
    let people = read_csv(&tianjin().join("medical_person_times.csv"));
    let row = |program: &str| {
        people
            .iter()
            .find(|r| r["program"] == program)
            .unwrap()
            .clone()
    };
    assert_eq!(row("changdu-teams")["person_times"], "36");
    assert_eq!(row("gannan-team")["person_times"], "39");
    assert_eq!(row("gansu-county-teams")["person_times"], "58");
    assert_eq!(row("hotan-departments")["departments"], "11");
    let cadres = read_csv(&tianjin().join("cadre_totals.csv"));
    assert_eq!(cadres[0]["cadres"], "118");
    assert_eq!(cadres[1]["cadres"], "20");
    let posts = read_csv(&tianjin().join("cadre_posts.csv"));
    for (province, total) in [("甘肃省", 118), ("河北省", 20)] {
        let sum: u32 = posts
            .iter()
            .filter(|p| p["province"] == province)
            .map(|p| p["posts"].parse::<u32>().unwrap() * p["cadres_each"].parse::<u32>().unwrap())
            .sum();
        assert_eq!(sum, total, "{province}'s posts add up to its cadre total");
    }
    let talents = read_csv(&tianjin().join("talent_quotas.csv"));
    assert!(talents.iter().all(|t| t["min_per_county"] == "28"));
    assert_eq!(read_csv(&tianjin().join("county_hospitals.csv")).len(), 42);
    assert_eq!(read_csv(&tianjin().join("villages.csv")).len(), 1462);
}

#[test]
fn cadres_fill_every_post_with_county_posts_from_the_paired_district() {
    let (run, _dir, out) = plan_to_csv(&["--program", "cadres"]);
    assert!(run.stdout.contains("carrying 138 cadres"), "{}", run.stdout);
    let posts = read_csv(&tianjin().join("cadre_posts_2019.csv"));
    let counties = read_csv(&tianjin().join("counties.csv"));
    let rows = read_csv(&out);
    let mut per_province = std::collections::BTreeMap::<&str, u32>::new();
    for post in &posts {
        let sent: u32 = rows
            .iter()
            .filter(|r| r["recipient_id"] == post["id"])
            .map(|r| r["units"].parse::<u32>().unwrap())
            .sum();
        assert_eq!(sent.to_string(), post["cadres"], "{post:?}");
        let province = if post["seed"].ends_with('4') {
            "甘肃省"
        } else {
            "河北省"
        };
        *per_province.entry(province).or_default() += sent;
    }
    assert_eq!(per_province["甘肃省"], 118);
    assert_eq!(per_province["河北省"], 20);
    for row in rows.iter().filter(|r| !r["county"].is_empty()) {
        let county = counties
            .iter()
            .find(|c| c["name"] == row["county"])
            .unwrap();
        assert_eq!(row["helper_district"], county["paired_district"], "{row:?}");
    }
}

#[test]
fn talents_give_each_county_28_with_30_percent_for_a_year() {
    let (run, _dir, out) = plan_to_csv(&["--program", "talents"]);
    assert!(
        run.stdout.contains("carrying 1092 professionals"),
        "39 counties × 28: {}",
        run.stdout
    );
    let counties = read_csv(&tianjin().join("counties.csv"));
    let rows = read_csv(&out);
    let mut per_county = std::collections::BTreeMap::<String, (u32, u32)>::new();
    for row in &rows {
        let units: u32 = row["units"].parse().unwrap();
        let entry = per_county.entry(row["county"].clone()).or_default();
        if row["recipient_id"].ends_with("-L") {
            entry.0 += units;
        }
        entry.1 += units;
        let county = counties
            .iter()
            .find(|c| c["name"] == row["county"])
            .unwrap();
        assert_eq!(row["helper_district"], county["paired_district"], "{row:?}");
    }
    assert_eq!(per_county.len(), 39, "34 Gansu and 5 Chengde counties");
    for (county, (long, all)) in per_county {
        assert!(
            all >= 28 && f64::from(long) >= 0.3 * f64::from(all),
            "{county}: {long} of {all}"
        );
    }
}

#[test]
fn gannan_team_pairs_each_hospital_with_one_department_and_sends_39() {
    let (run, _dir, out) = plan_to_csv(&["--program", "gannan-team"]);
    assert!(
        run.stdout
            .contains("10 of 10 departments covered, 10 pairings carrying 39 person-times"),
        "{}",
        run.stdout
    );
    // The seed's 10 hospitals, each once in the one hospitals table.
    let hospitals = read_csv(&tianjin().join("hospitals.csv"));
    let members: Vec<String> = read_csv(&tianjin().join("gannan_team_hospitals.csv"))
        .into_iter()
        .map(|named| {
            let found: Vec<_> = hospitals
                .iter()
                .filter(|h| h["name"] == named["hospital"])
                .collect();
            assert_eq!(found.len(), 1, "{}", named["hospital"]);
            found[0]["id"].clone()
        })
        .collect();
    assert_eq!(members.len(), 10);
    let rows = one_department_per_hospital_by_speciality(&out, "gannan", &members);
    assert_eq!(rows.len(), 10, "院包科: 10 hospitals, 10 departments");
    for (row, capacity) in rows {
        assert!(row["units"].parse::<u32>().unwrap() <= capacity, "{row:?}");
    }
}

#[test]
fn county_hospitals_draw_on_every_hospital_the_seed_names() {
    let hospitals = read_csv(&tianjin().join("hospitals.csv"));
    let mention_of = |name: &str| {
        hospitals
            .iter()
            .find(|h| h["name"] == name)
            .map(|h| h["seed_mention"].clone())
    };
    for row in read_csv(&tianjin().join("gannan_team_hospitals.csv")) {
        assert_eq!(
            mention_of(&row["hospital"]).as_deref(),
            Some("附件9 三(三)"),
            "{}",
            row["hospital"]
        );
    }
    for row in read_csv(&tianjin().join("changdu_hospital_pairs.csv")) {
        assert_eq!(
            mention_of(&row["hospital"]).as_deref(),
            Some("附件9 三(二)"),
            "{}",
            row["hospital"]
        );
    }
    let invented = hospitals.iter().filter(|h| h["seed_mention"].is_empty());
    assert!(
        invented.count() > 0,
        "invented hospitals fill the districts' room"
    );
}

#[test]
fn programs_come_in_the_order_their_models_state() {
    let listed = |models: Option<&std::path::Path>| -> Vec<String> {
        let mut args = vec!["programs", "--format", "json"];
        if let Some(models) = models {
            args.extend(["--models", models.to_str().unwrap()]);
        }
        let run = crate::harness::pairplan(&args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        json.as_array()
            .unwrap()
            .iter()
            .filter(|p| p["kind"] == "pairing")
            .map(|p| p["name"].as_str().unwrap().to_string())
            .collect()
    };
    let shipped = listed(None);
    assert_eq!(shipped[..2], ["villages", "county-hospitals"]);
    // The same models with villages' order after every other: it follows.
    let dir = tempfile::tempdir().unwrap();
    let models = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    for entry in std::fs::read_dir(&models).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let mut text = std::fs::read_to_string(&path).unwrap();
            if path.file_stem().unwrap() == "villages" {
                text = text.replace("order = 10\n", "order = 1000\n");
            }
            std::fs::write(dir.path().join(path.file_name().unwrap()), text).unwrap();
        }
    }
    let reordered = listed(Some(dir.path()));
    assert_eq!(reordered.last().map(String::as_str), Some("villages"));
    assert_eq!(reordered[..reordered.len() - 1], shipped[1..]);
}
