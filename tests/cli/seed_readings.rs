//! The embedded plan as a Tianjin planner would read it against the seed: every unit the seed names
//! on its own sends someone, the pairing map holds outside the villages and hospitals, no team
//! member sends a single person-time, and the files say what is official and what synthetic.

use std::collections::{BTreeMap, BTreeSet};

use crate::harness::{pairplan, plan_to_csv, read_csv, tianjin};

type Row = BTreeMap<String, String>;

/// The embedded plan of every program, as its CSV rows.
fn embedded_plan() -> Vec<Row> {
    let (_, _dir, out) = plan_to_csv(&[]);
    read_csv(&out)
}

/// A table of the committed dataset.
fn table(name: &str) -> Vec<Row> {
    read_csv(&tianjin().join(name))
}

/// The posts of the aid programs, with the program each belongs to.
fn posts() -> Vec<(&'static str, Row)> {
    [
        ("aid-professionals", "aid_professional_posts.csv"),
        ("aid-cadres", "aid_cadre_posts.csv"),
    ]
    .into_iter()
    .flat_map(|(program, file)| table(file).into_iter().map(move |row| (program, row)))
    .collect()
}

/// Whether a plan row's helper is the sender named: a unit by its name (or the name the seed's
/// other name stands for, name_aliases.csv: 市工信委 for 市工信局), a district by its own.
fn sends_as(row: &Row, named: &str) -> bool {
    let aliases = table("name_aliases.csv");
    let named = aliases
        .iter()
        .find(|a| a["alias"] == named)
        .map_or(named, |a| a["name"].as_str());
    row["helper_name"] == named || row["helper_district"] == named
}

#[test]
fn every_unit_the_seed_names_on_its_own_sends_to_its_post() {
    let plan = embedded_plan();
    let mut checked = 0;
    for (program, post) in posts() {
        for named in post["senders"].split('、') {
            // 各区、各部门、各单位 are collectives: no member owes a cadre alone. The lead
            // (市委组织部牵头) organises and sends nobody.
            if named.starts_with('各') || named == post["lead"] {
                continue;
            }
            let sent: u32 = plan
                .iter()
                .filter(|r| r["program"] == program && r["recipient_id"] == post["id"])
                .filter(|r| sends_as(r, named))
                .map(|r| r["units"].parse::<u32>().unwrap())
                .sum();
            assert!(
                sent >= 1,
                "{named} sends nobody to {} ({program})",
                post["name"]
            );
            checked += 1;
        }
    }
    // 长春 (市国资委、市金融局、自贸区管委会), the front offices' 5 + 5 experts, 黄南's 滨海新区, …
    assert!(checked >= 20, "{checked}");
    // 市委组织部 leads the professionals' posts and sends none of them.
    assert!(!plan
        .iter()
        .any(|r| r["program"] == "aid-professionals" && r["helper_name"] == "市委组织部"));
}

/// Each region's paired districts: 附件3's regions (region_districts.csv) and every prefecture and
/// province of the 42-county map.
fn region_districts() -> BTreeMap<String, BTreeSet<String>> {
    let mut regions: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for row in table("region_districts.csv") {
        regions
            .entry(row["region"].clone())
            .or_default()
            .insert(row["district"].clone());
    }
    for row in table("counties.csv") {
        for region in [&row["prefecture"], &row["province"]] {
            regions
                .entry(region.clone())
                .or_default()
                .insert(row["paired_district"].clone());
        }
    }
    regions
}

#[test]
fn a_paired_district_sends_to_its_own_regions_posts_before_another_regions() {
    let regions = region_districts();
    let plan = embedded_plan();
    for program in ["aid-professionals", "aid-cadres", "hosted-cadres"] {
        let file = match program {
            "aid-professionals" => "aid_professional_posts.csv",
            "aid-cadres" => "aid_cadre_posts.csv",
            _ => "hosted_cadre_groups.csv",
        };
        let posts = table(file);
        let region_of: BTreeMap<&str, &str> = posts
            .iter()
            .map(|p| (p["id"].as_str(), p["region"].as_str()))
            .collect();
        // The posts a district may serve as a district (named, or under 各区).
        let open_to = |district: &str, post: &Row| {
            post.get("senders")
                .is_none_or(|senders| senders.split('、').any(|s| s == "各区" || s == district))
        };
        let mut own: BTreeMap<&str, u32> = BTreeMap::new();
        let mut other: BTreeMap<&str, u32> = BTreeMap::new();
        for row in plan.iter().filter(|r| r["program"] == program) {
            let district = row["helper_district"].as_str();
            let Some(paired) = regions.get(region_of[row["recipient_id"].as_str()]) else {
                continue;
            };
            if district.is_empty() {
                continue;
            }
            let units: u32 = row["units"].parse().unwrap();
            if paired.contains(district) {
                *own.entry(district).or_default() += units;
            } else {
                *other.entry(district).or_default() += units;
            }
        }
        for (&district, &elsewhere) in &other {
            // Only where the district's own region has a post it could serve: 东丽区 (paired in
            // Gansu, where no professional post takes districts) may send to 和田.
            let has_own_post = posts.iter().any(|p| {
                regions
                    .get(p["region"].as_str())
                    .is_some_and(|d| d.contains(district))
                    && open_to(district, p)
            });
            if has_own_post {
                let at_home = own.get(district).copied().unwrap_or(0);
                assert!(
                    elsewhere <= at_home,
                    "{program}: {district} sends {elsewhere} to other regions' posts, {at_home} to its own"
                );
            }
        }
        // And no post of a region takes a district from elsewhere while one of its own districts
        // sends to another region.
        for row in plan.iter().filter(|r| r["program"] == program) {
            let region = region_of[row["recipient_id"].as_str()];
            let Some(paired) = regions.get(region) else {
                continue;
            };
            let district = row["helper_district"].as_str();
            if district.is_empty() || paired.contains(district) {
                continue;
            }
            for home in paired {
                assert!(
                    other.get(home.as_str()).copied().unwrap_or(0) == 0,
                    "{program}: {} takes {district} while {home} sends elsewhere",
                    row["recipient_name"]
                );
            }
        }
    }
}

#[test]
fn hosted_cadres_are_hosted_by_their_regions_districts_and_the_summary_counts_the_others() {
    let (run, _dir, out) = plan_to_csv(&["--program", "hosted-cadres", "--format", "json"]);
    let plan = read_csv(&out);
    let off_map = plan.iter().filter(|r| r["on_map"] == "false").count();
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let summary = &json["programs"][0];
    assert_eq!(
        summary["off_map"].as_u64().unwrap() as usize,
        off_map,
        "{summary}"
    );
    // A group is hosted by the districts paired with its region (滨海新区 for 黄南, 承德's districts
    // for 承德) unless every one of them is full: then by the city's units, and the summary says so.
    let regions = region_districts();
    let capacity: BTreeMap<String, (String, u32)> = table("host_units.csv")
        .into_iter()
        .map(|h| {
            (
                h["id"].clone(),
                (h["district"].clone(), h["capacity"].parse().unwrap()),
            )
        })
        .collect();
    let mut load: BTreeMap<&str, u32> = BTreeMap::new();
    for row in &plan {
        *load.entry(row["helper_id"].as_str()).or_default() += row["units"].parse::<u32>().unwrap();
    }
    let mut hosted_at_home = 0;
    for group in table("hosted_cadre_groups.csv")
        .iter()
        .filter(|g| !g["region"].is_empty())
    {
        let paired = &regions[&group["region"]];
        let at_home = plan.iter().any(|r| {
            r["recipient_id"] == group["id"] && paired.contains(r["helper_district"].as_str())
        });
        if at_home {
            hosted_at_home += 1;
            continue;
        }
        for (id, (district, most)) in &capacity {
            if paired.contains(district) {
                let used = load.get(id.as_str()).copied().unwrap_or(0);
                assert_eq!(
                    used, *most,
                    "{} is hosted by none of its paired districts, yet {district} hosts {used} of {most}",
                    group["name"]
                );
            }
        }
    }
    assert!(hosted_at_home >= 4, "{hosted_at_home}");
}

#[test]
fn no_member_of_a_team_with_a_minimum_sends_fewer() {
    let plan = embedded_plan();
    for program in ["changdu-teams", "gannan-team"] {
        let rows: Vec<&Row> = plan.iter().filter(|r| r["program"] == program).collect();
        assert!(!rows.is_empty());
        for row in rows {
            let units: u32 = row["units"].parse().unwrap();
            assert!(
                units >= 2,
                "{program}: {} sends {units} to {}",
                row["helper_name"],
                row["recipient_name"]
            );
        }
    }
    // 蓟州区人民医院 sends more than a single person-time to 卡若.
    assert!(plan.iter().any(|r| r["program"] == "changdu-teams"
        && r["helper_name"] == "蓟州区人民医院"
        && r["units"].parse::<u32>().unwrap() >= 2));
}

#[test]
fn plan_and_check_files_say_per_row_what_is_official_and_what_synthetic() {
    let dir = tempfile::tempdir().unwrap();
    let plan_file = dir.path().join("plan.csv");
    let run = pairplan(&["plan", "--out", plan_file.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let plan = read_csv(&plan_file);
    let kinds = ["official", "synthetic", "given"];
    for row in &plan {
        assert!(kinds.contains(&row["helper_data"].as_str()), "{row:?}");
        assert!(kinds.contains(&row["recipient_data"].as_str()), "{row:?}");
    }
    // The villages and enterprises are synthetic; the aid posts are the seed's.
    assert!(plan
        .iter()
        .any(|r| r["program"] == "villages" && r["recipient_data"] == "synthetic"));
    assert!(plan
        .iter()
        .any(|r| r["program"] == "aid-cadres" && r["recipient_data"] == "official"));
    let findings = dir.path().join("check.csv");
    let run = pairplan(&[
        "check",
        "--pairings",
        plan_file.to_str().unwrap(),
        "--out",
        findings.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let rows = read_csv(&findings);
    assert!(!rows.is_empty());
    for row in &rows {
        assert!(
            row["data"].is_empty() || kinds.iter().any(|k| row["data"].contains(k)),
            "{row:?}"
        );
    }
}

#[test]
fn each_changdu_pair_has_its_telemedicine_link() {
    // 附件9 三(二) names 远程医疗 among the Changdu pairs' means: one link per pair of the teams.
    let plan = embedded_plan();
    let pairs = |program: &str| -> BTreeSet<(String, String)> {
        plan.iter()
            .filter(|r| r["program"] == program)
            .map(|r| (r["recipient_id"].clone(), r["helper_id"].clone()))
            .collect()
    };
    let teams = pairs("changdu-teams");
    assert_eq!(teams.len(), 9);
    assert_eq!(pairs("changdu-telemedicine"), teams);
}

/// The embedded models with one file's text changed, in a fresh folder.
fn models_with(file: &str, edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    for entry in std::fs::read_dir(&shipped).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(&path).unwrap();
            let name = path.file_name().unwrap();
            let text = if name == file { edit(&text) } else { text };
            std::fs::write(dir.path().join(name), text).unwrap();
        }
    }
    dir
}

#[test]
fn a_member_minimum_outside_an_allotment_is_an_input_error() {
    let models = models_with("county-hospitals.toml", |text| {
        format!("{text}\n[[rules]]\nrule = \"member_minimum\"\nsource = \"test\"\nmin = 2\n")
    });
    let run = crate::harness::with_models(
        "plan",
        &tianjin(),
        models.path(),
        &["--program", "county-hospitals"],
    );
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("county-hospitals.toml")
            && run.stderr.contains("member_minimum only in an allotment"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_region_with_no_off_map_cost_is_an_input_error() {
    // Without an off-map cost a region decides nothing in the plan, yet check would report the
    // pairings it leaves off the map: the model is refused, naming the cost it lacks.
    let models = models_with("aid-professionals.toml", |text| {
        let priced = text
            .lines()
            .find(|line| line.starts_with("off_map"))
            .expect("aid-professionals prices off-map units");
        text.replace(priced, "")
    });
    let run = crate::harness::with_models(
        "plan",
        &tianjin(),
        models.path(),
        &["--program", "aid-professionals"],
    );
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("aid-professionals.toml")
            && run.stderr.contains("costs.off_map")
            && run.stderr.contains("column region"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_minimum_no_fixed_pair_can_meet_is_no_plan_with_a_reason() {
    // 9 fixed pairs each sending at least 40 cannot share 36 person-times: no plan, said as such
    // (exit 1), not a solver failure.
    let models = models_with("changdu-teams.toml", |text| {
        text.replace("min = 2", "min = 40")
    });
    let run = crate::harness::with_models(
        "plan",
        &tianjin(),
        models.path(),
        &["--program", "changdu-teams"],
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(!run.stderr.contains("solver failed"), "{}", run.stderr);
    // The reason is the minimum, counted: not the capacity it makes too small.
    assert!(
        run.stderr.contains(
            "the program's total: 9 fixed pairs, each team member sending at least 40 \
             (member_minimum), need 360, but there is room for 36"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn planned_against_its_own_plan_a_program_with_pairs_that_must_send_keeps_everything() {
    // A fixed pair (Changdu) or a unit named on its own (长春's 市国资委) sends at least one: with
    // last year's plan kept, that one rides on the kept pairing — the same network, nothing moved.
    for (program, kept) in [
        (
            "changdu-teams",
            "36 person-times kept, 0 changed, 0 new, 0 dropped",
        ),
        ("aid-cadres", "121 cadres kept, 0 changed, 0 new, 0 dropped"),
    ] {
        let (_, _dir, out) = plan_to_csv(&["--program", program]);
        let previous = out.to_str().unwrap();
        // As a pure network, and with no change allowed at all.
        for extra in [["--solver", "flow"], ["--max-changes", "0"]] {
            let mut args = vec!["plan", "--program", program, "--previous", previous];
            args.extend(extra);
            let again = pairplan(&args);
            assert_eq!(
                again.code, 0,
                "{program} {extra:?}: {}{}",
                again.stdout, again.stderr
            );
            assert!(again.stdout.contains(kept), "{program}: {}", again.stdout);
        }
    }
}
