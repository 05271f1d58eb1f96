//! A small harness: run the binary, write fixture datasets, read CSV back.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What a run of the binary gave.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `pairplan` with arguments.
pub fn pairplan(args: &[&str]) -> Run {
    pairplan_in("C", args)
}

/// Runs `pairplan` with arguments in a locale (`LANG`): `C` English, `zh_CN.UTF-8` Chinese.
pub fn pairplan_in(lang: &str, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_pairplan"))
        .args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", lang)
        .output()
        .expect("the binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Reads a CSV file into header-keyed rows.
pub fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let bytes = std::fs::read(path).expect("csv opens");
    // The files pairplan writes start with a BOM, for Excel.
    let text = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    let mut reader = csv::Reader::from_reader(text);
    let headers = reader.headers().expect("header").clone();
    reader
        .records()
        .map(|r| {
            let r = r.expect("record");
            headers
                .iter()
                .map(String::from)
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect()
}

/// The pairing programs of the embedded models, in the order `programs` lists them.
pub const PAIRING_PROGRAMS: [&str; 16] = [
    "villages",
    "county-hospitals",
    "telemedicine",
    "hotan-departments",
    "gannan-team",
    "gansu-county-teams",
    "changdu-teams",
    "changdu-telemedicine",
    "clinic-agreements",
    "schools",
    "cadres",
    "aid-cadres",
    "aid-professionals",
    "talents",
    "hotan-principals",
    "hosted-cadres",
];

/// The target tables of the embedded dataset, in its order.
pub const TARGET_TABLES: [&str; 12] = [
    "labour",
    "consumption",
    "leaders",
    "job-fairs",
    "cadre-training",
    "industry",
    "labour-stations",
    "consumption-extras",
    "social",
    "funds",
    "education",
    "medical-support",
];

/// The committed dataset folder.
pub fn tianjin() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/tianjin-2019")
}

/// A small, valid dataset: three districts (丙区 holds no quota), four counties, eight villages,
/// five enterprises, one unit.
pub fn fixture() -> BTreeMap<&'static str, String> {
    let files: [(&str, &str); 8] = [
        ("dataset.toml", "name = \"fixture\"\ntitle = \"small fixture\"\nprograms = [\"villages\"]\n\n[[totals]]\nfile = \"village_quotas.csv\"\nkey = \"district\"\n"),
        ("districts.csv", "name\n甲区\n乙区\n丙区\n"),
        ("counties.csv", "name,code,province,prefecture,paired_district\n一县,620001,甘肃省,一市,甲区\n二县,620002,甘肃省,一市,乙区\n三县,620003,甘肃省,一市,丙区\n四县,130001,河北省,承德市,甲区\n"),
        ("village_quotas.csv", "district,quota\n甲区,5\n乙区,3\n合计,8\n"),
        ("village_province_totals.csv", "province,villages\n甘肃省,6\n河北省,2\n合计,8\n"),
        ("units.csv", "name,district,min_villages\n某单位,甲区,2\n"),
        ("villages.csv", "id,name,township,county,industry,source\n620001000001,一村,一镇,一县,苹果,synthetic\n620001000002,二村,一镇,一县,苹果,synthetic\n620002000001,三村,二镇,二县,百合,synthetic\n620002000002,四村,二镇,二县,苹果,synthetic\n620003000001,五村,三镇,三县,苹果,synthetic\n620003000002,六村,三镇,三县,百合,synthetic\n130001000001,七村,四镇,四县,文化旅游,synthetic\n130001000002,八村,四镇,四县,文化旅游,synthetic\n"),
        ("enterprises.csv", "id,name,district,unit,capacity,sectors,source\nE1,甲一公司,甲区,某单位,2,苹果,synthetic\nE2,甲二公司,甲区,,2,文化旅游,synthetic\nE3,甲三公司,甲区,,3,百合;苹果,synthetic\nE4,乙一公司,乙区,,2,百合,synthetic\nE5,乙二公司,乙区,,2,苹果,synthetic\n"),
    ];
    files.into_iter().map(|(n, t)| (n, t.to_string())).collect()
}

/// Writes a dataset to a fresh temp dir.
pub fn write_dataset(files: &BTreeMap<&'static str, String>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write fixture");
    }
    dir
}

/// The fixture with one file replaced.
pub fn fixture_with(name: &'static str, text: &str) -> tempfile::TempDir {
    let mut files = fixture();
    files.insert(name, text.to_string());
    write_dataset(&files)
}

/// Runs `plan --out FILE` with extra arguments, asserts it succeeded, and returns the run, the temp
/// dir holding the file and the file's path.
pub fn plan_to_csv(extra: &[&str]) -> (Run, tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("plan.csv");
    let mut args = vec!["plan", "--out", out.to_str().expect("UTF-8 path")];
    args.extend_from_slice(extra);
    let run = pairplan(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    (run, dir, out)
}

/// Runs a subcommand on a dataset folder: `pairplan COMMAND --data DIR EXTRA…`.
pub fn on_data(command: &str, data: &Path, extra: &[&str]) -> Run {
    let mut args = vec![command, "--data", data.to_str().expect("UTF-8 path")];
    args.extend_from_slice(extra);
    pairplan(&args)
}

/// Runs a subcommand on a dataset folder with a models folder: `pairplan COMMAND --data DIR --models
/// DIR EXTRA…`.
pub fn with_models(command: &str, data: &Path, models: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        command,
        "--data",
        data.to_str().expect("UTF-8 path"),
        "--models",
        models.to_str().expect("UTF-8 path"),
    ];
    args.extend_from_slice(extra);
    pairplan(&args)
}
