//! `pairplan generate`: deterministic, and the committed data is its output.

use std::path::Path;

use crate::harness::{pairplan, read_csv, tianjin};

fn generate(seed: &str, out: &Path) {
    let run = pairplan(&["generate", "--seed", seed, "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn committed_dataset_is_the_generator_output_for_seed_2019() {
    let dir = tempfile::tempdir().unwrap();
    generate("2019", dir.path());
    for name in [
        "villages.csv",
        "enterprises.csv",
        "counties.csv",
        "village_quotas.csv",
    ] {
        assert_eq!(
            std::fs::read(dir.path().join(name)).unwrap(),
            std::fs::read(tianjin().join(name)).unwrap(),
            "{name} differs from `pairplan generate --seed 2019`"
        );
    }
}

#[test]
fn another_seed_gives_another_valid_dataset() {
    let dir = tempfile::tempdir().unwrap();
    generate("7", dir.path());
    let villages = read_csv(&dir.path().join("villages.csv"));
    assert_eq!(villages.len(), 1462);
    assert!(villages
        .iter()
        .all(|v| v["source"] == "synthetic" && v["id"].len() == 12));
    let enterprises = read_csv(&dir.path().join("enterprises.csv"));
    assert!(enterprises.iter().all(|e| e["source"] == "synthetic"));
    let run = pairplan(&["plan", "--data", dir.path().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn synthetic_data_follows_the_official_split() {
    let villages = read_csv(&tianjin().join("villages.csv"));
    let counties = read_csv(&tianjin().join("counties.csv"));
    let province_of =
        |county: &str| counties.iter().find(|c| c["name"] == county).unwrap()["province"].clone();
    let gansu = villages
        .iter()
        .filter(|v| province_of(&v["county"]) == "甘肃省")
        .count();
    let chengde = villages
        .iter()
        .filter(|v| province_of(&v["county"]) == "河北省")
        .count();
    assert_eq!((gansu, chengde), (1417, 45));
    // Counties paired with 红桥区 and 宁河区 (no quota) still have villages.
    for county in ["合水县", "碌曲县", "榆中县"] {
        assert!(villages.iter().any(|v| v["county"] == county), "{county}");
    }
    // Every district's enterprises have 1.2–1.6× its quota in capacity.
    let enterprises = read_csv(&tianjin().join("enterprises.csv"));
    for quota in read_csv(&tianjin().join("village_quotas.csv")) {
        if quota["district"] == "合计" {
            continue;
        }
        let q: f64 = quota["quota"].parse().unwrap();
        let capacity: f64 = enterprises
            .iter()
            .filter(|e| e["district"] == quota["district"])
            .map(|e| e["capacity"].parse::<f64>().unwrap())
            .sum();
        assert!(
            capacity >= 1.2 * q && capacity <= 1.6 * q,
            "{} {capacity} vs {q}",
            quota["district"]
        );
    }
}

#[test]
fn the_national_instance_is_the_programmes_size_labelled_unique_and_valid() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("national");
    let run = pairplan(&[
        "generate",
        "--scale",
        "national",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let villages = read_csv(&out.join("villages.csv"));
    let enterprises = read_csv(&out.join("enterprises.csv"));
    assert!(
        (130_000..=145_000).contains(&villages.len()),
        "{}",
        villages.len()
    );
    assert_eq!(enterprises.len(), 127_000);
    let names: std::collections::BTreeSet<&str> =
        enterprises.iter().map(|e| e["name"].as_str()).collect();
    assert_eq!(
        names.len(),
        enterprises.len(),
        "every enterprise name is unique"
    );
    assert!(villages
        .iter()
        .chain(&enterprises)
        .all(|row| row["source"] == "synthetic"));
    // Generated codes say so; the real ones are the 42 counties' NBS codes.
    for village in &villages {
        let id = &village["id"];
        assert!(
            id.starts_with("SYN") || (id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit())),
            "{id}"
        );
    }
    let manifest = std::fs::read_to_string(out.join("dataset.toml")).unwrap();
    assert!(manifest.contains("合成数据") && manifest.contains("非官方"));
    // The dataset loads and its program validates.
    let programs = pairplan(&[
        "programs",
        "--data",
        out.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(programs.code, 0, "{}", programs.stderr);
    assert!(
        programs.stdout.contains("\"recipients\": 13"),
        "{}",
        &programs.stdout[..400]
    );
    let mixed = pairplan(&[
        "generate", "--scale", "national", "--from", "x", "--out", "y",
    ]);
    assert_eq!(mixed.code, 2);
}

#[test]
fn generate_replaces_a_folder_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "手工修改").unwrap();
    let out = dir.path().to_str().unwrap();
    let refused = pairplan(&["generate", "--out", out]);
    assert_eq!(refused.code, 2);
    assert!(refused.stderr.contains("--force"), "{}", refused.stderr);
    assert!(!dir.path().join("villages.csv").exists());
    let forced = pairplan(&["generate", "--out", out, "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(dir.path().join("villages.csv").exists());
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "手工修改");
}

#[test]
fn totals_all_zero_are_generated_and_read_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let official = dir.path().join("official");
    std::fs::create_dir(&official).unwrap();
    for entry in std::fs::read_dir(crate::harness::tianjin()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), official.join(entry.file_name())).unwrap();
    }
    for file in ["village_quotas.csv", "village_province_totals.csv"] {
        let path = official.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let zeroed: Vec<String> = text
            .lines()
            .enumerate()
            .map(|(i, line)| match line.rsplit_once(',') {
                Some((key, _)) if i > 0 => format!("{key},0"),
                _ => line.to_string(),
            })
            .collect();
        std::fs::write(&path, zeroed.join("\n") + "\n").unwrap();
    }
    let out = dir.path().join("new");
    let run = crate::harness::pairplan(&[
        "generate",
        "--from",
        official.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The dataset it wrote is read and planned (or refused with its reason), never a crash.
    let plan = crate::harness::on_data("plan", &out, &["--program", "villages"]);
    assert!([0, 1, 2].contains(&plan.code), "{}", plan.stderr);
}
