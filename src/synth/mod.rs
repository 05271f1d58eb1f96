//! The synthetic complement of the official data: which villages are on the list, the enterprises
//! that help them, an existing-pairings ledger with planted gaps, the hospitals, departments, cadre
//! and talent posts and their senders, with the capacities the seed does not give. All of it is
//! generated — deterministically from a seed, one random stream per family of files — and every
//! row says `synthetic`; names and numbers the seed does give are kept (and said so in a column).
//!
//! Villages are real (names and 12-digit NBS codes from `data/divisions`); only their selection as
//! deep-poverty villages (深度贫困村) and their main industry are invented — the industry drawn from
//! the county's own main industries (`data/tianjin-2019/county_industries.csv`), so that a
//! grassland county gets herds, not lilies. Enterprises are invented whole: names, capacities,
//! sectors.

pub mod national;
mod people;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::domain::County;
use crate::error::{InputErrors, InputProblem, Problems};
use crate::load::PLAN_COLUMNS;
use crate::load::{Source, Table, EMBEDDED_DIVISIONS};
use crate::validate::{self, Dataset, TOTAL_KEY};

pub use crate::load::SYNTHETIC;

/// Gansu's six leading industries, 牛羊蔬果薯药 (产业帮扶方案 三(一)): the pool of a Gansu (or any
/// non-Chengde) county that `county_industries.csv` lacks.
pub const GANSU_INDUSTRIES: [&str; 6] = ["牛羊肉", "高原夏菜", "百合", "苹果", "马铃薯", "中药材"];

/// Chengde's industries as the industry annex names them (产业帮扶方案 三(一)), those a village can
/// hold: the pool of a Chengde county that `county_industries.csv` lacks.
pub const CHENGDE_INDUSTRIES: [&str; 3] = ["文化旅游", "绿色食品及生物健康", "清洁能源"];

/// Each paired county's main industries (主导/特色产业), lead first, with weights and sources. Compiled
/// in, so that `generate` needs no data folder; the file says, row by row, which pairings the seed
/// gives and which are a summary of public county profiles.
const COUNTY_INDUSTRIES_CSV: &str = include_str!("../../data/tianjin-2019/county_industries.csv");

/// One row of `county_industries.csv`.
#[derive(Debug, serde::Deserialize)]
struct CountyIndustry {
    county: String,
    industry: String,
    /// How common the industry is among the county's villages, relative to its other rows.
    weight: u32,
    /// Where the row comes from: the seed's clause, or a public county profile.
    source: String,
}

/// A county's industries with their weights, lead first.
type Mix = Vec<(&'static str, u32)>;

/// Parses `county_industries.csv`; an error is the unit test's to name.
fn parse_county_industries(text: &str) -> Result<Vec<CountyIndustry>, csv::Error> {
    csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes())
        .deserialize()
        .collect()
}

/// The compiled-in table, parsed once.
fn county_industry_table() -> &'static [CountyIndustry] {
    static PARSED: OnceLock<Vec<CountyIndustry>> = OnceLock::new();
    // The table is compiled in and a unit test parses it: it cannot be malformed at run time.
    PARSED.get_or_init(|| parse_county_industries(COUNTY_INDUSTRIES_CSV).unwrap_or_default())
}

/// The table by county name, each county's rows in file order (lead first). A row without a
/// positive weight or without a source is left out: every industry drawn says where it came from.
fn industries_by_county() -> BTreeMap<&'static str, Mix> {
    let mut by_county: BTreeMap<&'static str, Mix> = BTreeMap::new();
    for row in county_industry_table() {
        if row.weight > 0 && !row.source.is_empty() {
            by_county
                .entry(row.county.as_str())
                .or_default()
                .push((row.industry.as_str(), row.weight));
        }
    }
    by_county
}

/// Every industry a village or an enterprise may name: the table's and the provinces' pools, in
/// sorted order so that a draw from it is the same everywhere.
fn industry_vocabulary() -> Vec<&'static str> {
    let table = county_industry_table()
        .iter()
        .map(|row| row.industry.as_str());
    let pools = GANSU_INDUSTRIES.iter().chain(&CHENGDE_INDUSTRIES).copied();
    table
        .chain(pools)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

const NAME_CORES: [&str; 24] = [
    "恒达", "鑫盛", "泰和", "瑞丰", "津诚", "华宇", "海河", "宏远", "联创", "德润", "金桥", "博远",
    "嘉禾", "众诚", "汇通", "信达", "永安", "利民", "新元", "广源", "天成", "同心", "兴农", "康泰",
];
/// The trades an enterprise's name may carry for each sector it buys, invests or works in: the name
/// follows the sector, so that "a matching skill" means what the name says.
const SECTOR_TRADES: [(&str, &[&str]); 21] = [
    ("牛羊肉", &["牧业", "肉类食品", "清真食品"]),
    ("牦牛藏羊", &["牧业", "牦牛乳业", "畜产品"]),
    ("高原夏菜", &["蔬菜种植", "农产品", "生鲜配送"]),
    ("百合", &["百合食品", "农产品"]),
    ("苹果", &["果业", "果品"]),
    ("马铃薯", &["薯业", "淀粉食品"]),
    ("中药材", &["医药", "中药材"]),
    ("小杂粮", &["杂粮", "粮油"]),
    ("花椒", &["调味品", "花椒"]),
    ("辣椒", &["调味品", "辣椒制品"]),
    ("核桃", &["干果", "林果"]),
    ("红枣", &["红枣", "干果"]),
    ("板栗", &["干果", "板栗食品"]),
    ("枸杞", &["枸杞", "果品"]),
    ("玫瑰", &["玫瑰制品", "花卉"]),
    ("食用菌", &["食用菌", "菌业"]),
    ("生态鸡", &["禽业", "蛋禽养殖"]),
    ("馕", &["烘焙食品", "清真食品"]),
    ("文化旅游", &["旅游发展", "文化传媒"]),
    ("绿色食品及生物健康", &["食品", "生物科技"]),
    ("清洁能源", &["新能源", "光伏科技"]),
];

/// Trades of an enterprise working in several sectors (a trader, an investor).
const GENERAL_TRADES: [&str; 4] = ["商贸", "实业", "供应链管理", "农业发展"];

/// A trade for an enterprise's name that fits all its sectors.
fn trade_of(sectors: &BTreeSet<&str>, rng: &mut ChaCha8Rng) -> &'static str {
    let choices: &[&'static str] = match sectors.iter().next() {
        Some(only) if sectors.len() == 1 => SECTOR_TRADES
            .iter()
            .find(|(sector, _)| sector == only)
            .map_or(&GENERAL_TRADES[..], |(_, trades)| trades),
        _ => &GENERAL_TRADES,
    };
    choices[rng.random_range(0..choices.len())]
}

/// Generated files: name → content.
pub type Files = BTreeMap<String, Vec<u8>>;

fn rural(name: &str) -> bool {
    name.ends_with("村民委员会") || name.ends_with("村委会") || name.ends_with('村')
}

/// Rural villages per county name, each `(code, name, township)`, in code order.
fn divisions_by_county(problems: &mut Problems) -> BTreeMap<String, Vec<[String; 3]>> {
    let divisions = Source::Embedded("embedded:data/divisions", EMBEDDED_DIVISIONS);
    let mut by_county: BTreeMap<String, Vec<[String; 3]>> = BTreeMap::new();
    let Ok(file) = divisions.read("villages.csv") else {
        return by_county;
    };
    let table = Table::parse(&file, problems);
    let Some(c) = table.require_columns(&["code", "name", "township", "county"], problems) else {
        return by_county;
    };
    for record in &table.records {
        if rural(&record.cells[c[1]]) {
            by_county
                .entry(record.cells[c[3]].to_string())
                .or_default()
                .push([
                    record.cells[c[0]].to_string(),
                    record.cells[c[1]].to_string(),
                    record.cells[c[2]].to_string(),
                ]);
        }
    }
    for villages in by_county.values_mut() {
        villages.sort();
    }
    by_county
}

/// The 42 paired counties of the division codes, each `[name, code, province, prefecture]`, in file
/// order.
fn real_tianjin_counties(problems: &mut Problems) -> Vec<[String; 4]> {
    let divisions = Source::Embedded("embedded:data/divisions", EMBEDDED_DIVISIONS);
    let Ok(file) = divisions.read("counties.csv") else {
        return Vec::new();
    };
    let table = Table::parse(&file, problems);
    let Some(c) = table.require_columns(&["name", "code", "province", "prefecture"], problems)
    else {
        return Vec::new();
    };
    table
        .records
        .iter()
        .map(|r| [0, 1, 2, 3].map(|i| r.cells[c[i]].to_string()))
        .collect()
}

/// One column of an official table, in file order.
fn official_column(
    source: &Source,
    file: &str,
    column: &str,
    problems: &mut Problems,
) -> Vec<String> {
    let Some(table) = source.read_table(file, problems) else {
        return Vec::new();
    };
    let Some(c) = table.require_columns(&[column], problems) else {
        return Vec::new();
    };
    table
        .records
        .iter()
        .map(|r| r.cells[c[0]].to_string())
        .collect()
}

fn keyed_counts(
    source: &Source,
    file: &str,
    key: &str,
    value: &str,
    problems: &mut Problems,
) -> BTreeMap<String, u32> {
    let mut counts = BTreeMap::new();
    let Some(table) = source.read_table(file, problems) else {
        return counts;
    };
    if let Some(c) = table.require_columns(&[key, value], problems) {
        for record in &table.records {
            if &record.cells[c[0]] != TOTAL_KEY {
                if let Some(n) = table.count(record, c[1], problems) {
                    counts.insert(record.cells[c[0]].to_string(), n);
                }
            }
        }
    }
    counts
}

/// Splits `total` into parts proportional to `weights` (largest remainders), each capped.
fn apportion(total: u32, weights: &[f64], caps: &[u32]) -> Vec<u32> {
    let sum: f64 = weights.iter().sum();
    if weights.is_empty() {
        // Nothing to split among: no part holds anything (the caller's totals say what is short).
        return Vec::new();
    }
    if sum <= 0.0 {
        return apportion(total, &vec![1.0; weights.len()], caps);
    }
    let mut parts: Vec<u32> = weights
        .iter()
        .zip(caps)
        .map(|(w, &cap)| ((f64::from(total) * w / sum).floor() as u32).min(cap))
        .collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        let ra = f64::from(total) * weights[a] / sum - f64::from(parts[a]);
        let rb = f64::from(total) * weights[b] / sum - f64::from(parts[b]);
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    let mut missing = total.saturating_sub(parts.iter().sum());
    while missing > 0 {
        let before = missing;
        for &i in &order {
            if missing > 0 && parts[i] < caps[i] {
                parts[i] += 1;
                missing -= 1;
            }
        }
        if before == missing {
            break;
        }
    }
    parts
}

/// The village numbers must be ones a dataset can have: the districts' quotas add up to the
/// provinces' villages (each village is one quota unit), and no province needs more villages than its
/// paired counties have in the division codes.
fn check_village_counts(
    official: &Source,
    dataset: &Dataset,
    quotas: &BTreeMap<String, u32>,
    province_totals: &BTreeMap<String, u32>,
    divisions: &BTreeMap<String, Vec<[String; 3]>>,
    problems: &mut Problems,
) {
    let quota_sum: u64 = quotas.values().map(|&q| u64::from(q)).sum();
    let village_sum: u64 = province_totals.values().map(|&v| u64::from(v)).sum();
    if quota_sum != village_sum {
        problems.push(InputProblem {
            file: official.display_name("village_quotas.csv"),
            line: None,
            column: Some("quota".into()),
            found: Some(quota_sum.to_string()),
            expected: format!(
                "quotas adding up to the {village_sum} villages of village_province_totals.csv"
            ),
        });
    }
    for (province, &total) in province_totals {
        let available: usize = dataset
            .counties
            .iter()
            .filter(|c| &c.province == province)
            .map(|c| divisions.get(&c.name).map_or(0, Vec::len))
            .sum();
        if total as usize > available {
            problems.push(InputProblem {
                file: official.display_name("village_province_totals.csv"),
                line: None,
                column: Some("villages".into()),
                found: Some(format!("{province} {total}")),
                expected: format!(
                    "at most the {available} villages that {province}'s paired counties have in the division codes"
                ),
            });
        }
    }
}

/// Generates the [`GENERATED_FILES`] from the official tables of `official`, and copies the official
/// files beside them so that the output folder is a complete dataset.
pub fn generate(official: &Source, seed: u64) -> Result<Files, InputErrors> {
    let dataset = validate::dataset(official)?;
    let mut problems = Problems::default();
    let tables = OfficialTables::read(official, &dataset, &mut problems);
    let mut files = Files::new();
    for name in official.list("") {
        if !GENERATED_FILES.contains(&name.as_str()) {
            match official.read(&name) {
                Ok(file) => {
                    files.insert(name, file.text.into_bytes());
                }
                Err(problem) => problems.push(problem),
            }
        }
    }
    problems.into_result(())?;
    // Each kind of file draws from a stream of its own (the seed with a constant of its own), so
    // that adding to one kind does not change another's.
    village_files(&dataset, &tables, seed, &mut files);
    hospital_files(&dataset, &tables, seed, &mut files);
    cadre_files(&dataset, &tables, seed, &mut files);
    talent_files(&dataset, &tables, seed, &mut files);
    let mut problems = Problems::default();
    people_files(official, &dataset, seed, &mut files, &mut problems);
    problems.into_result(files)
}

/// The official tables the generated files are drawn from, read once, with their problems.
struct OfficialTables {
    /// Villages per district (each village is one quota unit).
    quotas: BTreeMap<String, u32>,
    /// Villages per province.
    province_totals: BTreeMap<String, u32>,
    /// Each county's villages in the division codes.
    divisions: BTreeMap<String, Vec<[String; 3]>>,
    /// The Changdu hospital pairs, and the district hospitals they name.
    changdu_pairs: Vec<(String, String)>,
    named_hospitals: Vec<(String, String)>,
    /// The talents each county gets, and the share for a year.
    talent_quotas: BTreeMap<String, (u32, f64)>,
    /// The districts sending Chengde's cadres.
    chengde_senders: Vec<String>,
    /// The city hospitals of the Gannan team.
    gannan_names: Vec<String>,
}

impl OfficialTables {
    /// Reads the official tables of `official`; village numbers no dataset can have are problems.
    fn read(official: &Source, dataset: &Dataset, problems: &mut Problems) -> Self {
        let quotas = keyed_counts(
            official,
            "village_quotas.csv",
            "district",
            "quota",
            problems,
        );
        let province_totals = keyed_counts(
            official,
            "village_province_totals.csv",
            "province",
            "villages",
            problems,
        );
        let divisions = divisions_by_county(problems);
        let changdu_pairs = changdu_pairs(official, problems);
        let named_hospitals = named_hospitals(&changdu_pairs);
        let talent_quotas = talent_quotas(official, problems);
        let chengde_senders =
            official_column(official, "chengde_cadre_senders.csv", "district", problems);
        let gannan_names =
            official_column(official, "gannan_team_hospitals.csv", "hospital", problems);
        check_village_counts(
            official,
            dataset,
            &quotas,
            &province_totals,
            &divisions,
            problems,
        );
        OfficialTables {
            quotas,
            province_totals,
            divisions,
            changdu_pairs,
            named_hospitals,
            talent_quotas,
            chengde_senders,
            gannan_names,
        }
    }
}

/// The villages, the enterprises that help them and last year's ledger of their pairings.
fn village_files(dataset: &Dataset, tables: &OfficialTables, seed: u64, files: &mut Files) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let quotas = &tables.quotas;
    let (villages, county_industries) = villages(
        dataset,
        quotas,
        &tables.province_totals,
        &tables.divisions,
        &mut rng,
    );
    let enterprises = enterprises(dataset, quotas, &county_industries, &mut rng);
    let ledger = ledger(dataset, quotas, &villages, &enterprises, &mut rng);
    files.insert("villages.csv".into(), to_csv(&VILLAGE_COLUMNS, &villages));
    files.insert(
        "enterprises.csv".into(),
        to_csv(&ENTERPRISE_COLUMNS, &enterprises),
    );
    files.insert(LEDGER_FILE.into(), to_csv(&PLAN_COLUMNS, &ledger));
}

/// The hospitals table and the medical teams' tables (Hotan, Changdu, Gansu, Gannan), with the
/// county hospitals.
fn hospital_files(dataset: &Dataset, tables: &OfficialTables, seed: u64, files: &mut Files) {
    let (hotan_hospitals, hotan_departments) = hotan_team();
    let hospital_rows = hospital_rows(dataset, tables, &hotan_hospitals, seed);
    let hospital_id = |name: &str| {
        hospital_rows
            .iter()
            .find(|row| row[1] == name)
            .map_or_else(String::new, |row| row[0].clone())
    };
    let hotan_members: Vec<Row> = hotan_hospitals
        .iter()
        .map(|(name, _)| vec![hospital_id(name)])
        .collect();
    files.insert(
        "hotan_team_hospitals.csv".into(),
        to_csv(&["hospital_id"], &hotan_members),
    );
    let (changdu_recipients, changdu_candidates) = changdu_team(&tables.changdu_pairs, hospital_id);
    files.insert(
        "hospitals.csv".into(),
        to_csv(&HOSPITAL_COLUMNS, &hospital_rows),
    );
    // Its own stream, so that the selection does not move when the hospital list grows.
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x4753_5554);
    files.insert(
        "gansu_team_county_hospitals.csv".into(),
        to_csv(&["id", "name", "county"], &gansu_team(dataset, &mut rng)),
    );
    files.insert(
        "changdu_county_hospitals.csv".into(),
        to_csv(&["id", "name"], &changdu_recipients),
    );
    files.insert(
        "changdu_pairs.csv".into(),
        to_csv(&["helper_id", "recipient_id", "cost"], &changdu_candidates),
    );
    files.insert(
        "gannan_departments.csv".into(),
        to_csv(&DEPARTMENT_COLUMNS, &gannan_departments()),
    );
    files.insert(
        "hotan_departments.csv".into(),
        to_csv(&DEPARTMENT_COLUMNS, &hotan_departments),
    );
    files.insert(
        "county_hospitals.csv".into(),
        to_csv(&COUNTY_HOSPITAL_COLUMNS, &county_hospitals(dataset)),
    );
}

/// The hospitals table's rows: the hospitals the seed names (Changdu pairs, Gannan team), invented
/// ones and the Hotan team's, each with the person-times it can send in a year.
fn hospital_rows(
    dataset: &Dataset,
    tables: &OfficialTables,
    hotan_hospitals: &[(String, Vec<&str>)],
    seed: u64,
) -> Vec<Row> {
    // A stream of its own, so that the hospital files do not disturb the village files of a seed.
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x4853_5054);
    let mut seed_named: Vec<(String, String, &str)> = tables
        .named_hospitals
        .iter()
        .map(|(name, district)| (name.clone(), district.clone(), "附件9 三(二)"))
        .collect();
    seed_named.extend(
        city_hospitals(&tables.gannan_names)
            .into_iter()
            .map(|(name, district)| (name, district, "附件9 三(三)")),
    );
    let mut hospital_rows = hospitals(dataset, &seed_named, hotan_hospitals, &mut rng);
    // Person-times a hospital can send in a year, shared by every medical team it sends: a stream
    // of its own, so that adding a column did not change the earlier ones.
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5054_494d);
    for row in &mut hospital_rows {
        let range = match row[5].as_str() {
            // The Changdu teams' 36 from 9 hospitals, the Gannan team's 39 from 10, and the Gansu
            // county teams' 58 from any: enough room that all three fit together.
            "附件9 三(二)" => 5..=7u32,
            "附件9 三(三)" => 4..=6,
            _ => 2..=6,
        };
        let person_times = rng.random_range(range);
        row.insert(4, person_times.to_string());
        // 综合医院 or not: read off the name (口腔医院…), or off specialities that are all a
        // specialty's. A county hospital's team needs a general hospital.
        let specialty = is_specialty(&row[1])
            || (!row[5].is_empty() && row[5].split(';').all(|s| SPECIALTY_ONLY.contains(&s)));
        row.push(if specialty { "否" } else { "是" }.to_string());
    }
    hospital_rows
}

/// The cadre posts of 附件1, the units that send cadres, and the pairs Chengde's own organs may not
/// take.
fn cadre_files(dataset: &Dataset, tables: &OfficialTables, seed: u64, files: &mut Files) {
    let posts = cadre_posts(dataset);
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x4341_4452);
    let sources = cadre_sources(dataset, &posts, &mut rng);
    files.insert(
        "cadre_excluded_pairs_2019.csv".into(),
        to_csv(
            &["helper_id", "recipient_id", "reason"],
            &chengde_organ_exclusions(&sources, &tables.chengde_senders),
        ),
    );
    files.insert(
        "cadre_sources.csv".into(),
        to_csv(&["id", "name", "district", "capacity"], &sources),
    );
    files.insert(
        "cadre_posts_2019.csv".into(),
        to_csv(
            &[
                "id",
                "name",
                "county",
                "region",
                "cadres",
                "seed",
                "tenure_months",
                "tenure_clause",
            ],
            &posts,
        ),
    );
}

/// The talent posts of each county and the units that send talents.
fn talent_files(dataset: &Dataset, tables: &OfficialTables, seed: u64, files: &mut Files) {
    let talent_posts = talent_posts(dataset, &tables.talent_quotas);
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5441_4c54);
    files.insert(
        "talent_posts_2019.csv".into(),
        to_csv(
            &["id", "name", "county", "talents", "seed", "derived"],
            &talent_posts,
        ),
    );
    files.insert(
        "talent_sources.csv".into(),
        to_csv(
            &["id", "name", "district", "capacity"],
            &talent_sources(dataset, &talent_posts, &mut rng),
        ),
    );
}

/// The people programs of 附件1 (aid senders, host units) and the schools of 附件4: streams of
/// their own.
fn people_files(
    official: &Source,
    dataset: &Dataset,
    seed: u64,
    files: &mut Files,
    problems: &mut Problems,
) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x4149_4453);
    let senders = people::aid_senders(official, dataset, &mut rng, problems);
    files.insert(
        "aid_senders.csv".into(),
        to_csv(&people::SENDER_COLUMNS, &senders),
    );
    let hosted: u32 = keyed_counts(
        official,
        "hosted_cadre_groups.csv",
        "id",
        "cadres",
        problems,
    )
    .values()
    .sum();
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x484f_5354);
    files.insert(
        "host_units.csv".into(),
        to_csv(
            &["id", "name", "district", "capacity"],
            &people::host_units(dataset, hosted, &mut rng),
        ),
    );
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5343_484c);
    let (tianjin_schools, county_schools) = people::schools(dataset, &mut rng);
    files.insert(
        "tianjin_schools.csv".into(),
        to_csv(&people::TIANJIN_SCHOOL_COLUMNS, &tianjin_schools),
    );
    files.insert(
        "county_schools.csv".into(),
        to_csv(&people::COUNTY_SCHOOL_COLUMNS, &county_schools),
    );
}

/// The files `generate` writes; every other file of the source is copied as it is.
pub const GENERATED_FILES: [&str; 20] = [
    "aid_senders.csv",
    "host_units.csv",
    "tianjin_schools.csv",
    "county_schools.csv",
    "gannan_departments.csv",
    "talent_sources.csv",
    "talent_posts_2019.csv",
    "cadre_sources.csv",
    "cadre_excluded_pairs_2019.csv",
    "cadre_posts_2019.csv",
    "gansu_team_county_hospitals.csv",
    "changdu_county_hospitals.csv",
    "changdu_pairs.csv",
    "hotan_team_hospitals.csv",
    "hotan_departments.csv",
    "villages.csv",
    "enterprises.csv",
    LEDGER_FILE,
    "hospitals.csv",
    "county_hospitals.csv",
];

/// The one hospitals table: every Tianjin hospital of every program, with its two capacities —
/// how many county hospitals it may pair with (县级医院结对) and how many person-times it can send a
/// year, whatever team they join.
const HOSPITAL_COLUMNS: [&str; 8] = [
    "id",
    "name",
    "district",
    "county_partners",
    "person_times",
    "specialities",
    "seed_mention",
    "general",
];

/// The specialities that make a hospital a specialty hospital (专科医院) when they are all it has.
const SPECIALTY_ONLY: [&str; 5] = ["眼科", "口腔科", "妇产科", "儿科", "肿瘤科"];

/// The 14 Gansu county hospitals of the national county-hospital support program (附件9 三(四)): the
/// seed gives the number, not which; the selection is synthetic.
fn gansu_team(dataset: &Dataset, rng: &mut ChaCha8Rng) -> Vec<Row> {
    let mut gansu: Vec<&crate::domain::County> = dataset
        .counties
        .iter()
        .filter(|c| c.province == "甘肃省")
        .collect();
    gansu.shuffle(rng);
    gansu.truncate(14);
    let mut rows: Vec<Row> = gansu.into_iter().map(county_hospital_row).collect();
    rows.sort();
    rows
}

const COUNTY_HOSPITAL_COLUMNS: [&str; 3] = ["id", "name", "county"];

/// The district hospitals the seed names (附件9 三(二)), sorted, with the district their name carries.
fn named_hospitals(pairs: &[(String, String)]) -> Vec<(String, String)> {
    let names: std::collections::BTreeSet<&String> =
        pairs.iter().map(|(hospital, _)| hospital).collect();
    names
        .into_iter()
        .map(|name| {
            let district = ["北辰", "武清", "蓟州", "宝坻", "西青", "静海", "宁河"]
                .iter()
                .find(|stem| name.starts_with(*stem))
                .map(|stem| format!("{stem}区"))
                .unwrap_or_default();
            (name.clone(), district)
        })
        .collect()
}

/// Where the city hospitals the seed names (附件9 三(三), the Gannan team) stand, by their public
/// addresses: the seed says which district pairs with which county but not where a city hospital
/// is, so this table is ours, not the seed's (data/README.md says so).
const CITY_HOSPITAL_DISTRICTS: [(&str, &str); 10] = [
    ("第一中心医院", "南开区"),
    ("第三中心医院", "河东区"),
    ("人民医院", "红桥区"),
    ("口腔医院", "和平区"),
    ("儿童医院", "北辰区"),
    ("眼科医院", "和平区"),
    ("天津医院", "河西区"),
    ("医科大学总医院", "和平区"),
    ("中心妇产科医院", "南开区"),
    ("市肿瘤医院", "河西区"),
];

/// The city hospitals the seed names, with the district each stands in (empty if unknown).
fn city_hospitals(names: &[String]) -> Vec<(String, String)> {
    names
        .iter()
        .map(|name| {
            let district = CITY_HOSPITAL_DISTRICTS
                .iter()
                .find(|(known, _)| known == name)
                .map_or_else(String::new, |(_, d)| d.to_string());
            (name.clone(), district)
        })
        .collect()
}

/// Whether a hospital is a specialty hospital (口腔, 眼科, 儿童, 妇产科, 肿瘤), by its name.
fn is_specialty(name: &str) -> bool {
    ["口腔医院", "眼科医院", "儿童医院", "妇产科医院", "肿瘤医院"]
        .iter()
        .any(|kind| name.ends_with(kind))
}

/// The one hospitals table (三级医院): the hospitals the seed names — the district hospitals of the
/// Changdu pairs and the city hospitals of the Gannan team, each under the district it stands in,
/// with `seed_mention` saying where the seed names it — plus invented district hospitals, so that
/// every district paired with counties can cover them with room to spare, and the Hotan team's 11
/// (the seed counts them, 附件9 三(一), but names none: invented names, no district). Invented for
/// all: `county_partners` (how many county hospitals one may pair with: 1–2 for a named general
/// hospital, 1–3 for an invented one, 0 for a specialty hospital, which is never a general county
/// hospital's only partner) and the specialities (the Gannan and Hotan teams' matching).
fn hospitals(
    dataset: &Dataset,
    named: &[(String, String, &str)],
    hotan: &[(String, Vec<&str>)],
    rng: &mut ChaCha8Rng,
) -> Vec<Row> {
    let specialities = |name: &str| {
        GANNAN_SPECIALITIES
            .iter()
            .find(|(known, _)| *known == name)
            .map_or_else(String::new, |(_, skills)| skills.join(";"))
    };
    let mut rows = Vec::new();
    for (d, district) in dataset.districts.iter().enumerate() {
        let counties = dataset
            .counties
            .iter()
            .filter(|c| c.paired_district.0 == d)
            .count() as u32;
        let mut capacity = 0;
        let mut serial = 0;
        for (name, _, mention) in named.iter().filter(|(_, nd, _)| *nd == district.name) {
            let partners = if is_specialty(name) {
                0
            } else {
                rng.random_range(1..=2u32)
            };
            capacity += partners;
            serial += 1;
            rows.push(vec![
                format!("H{:02}{serial:02}", d + 1),
                name.clone(),
                district.name.clone(),
                partners.to_string(),
                specialities(name),
                mention.to_string(),
            ]);
        }
        let ordinals = ["第一", "第二", "第三", "第四", "第五"];
        let mut invented = 0;
        while counties > 0 && capacity < counties + 1 {
            let partners = rng.random_range(1..=3u32);
            capacity += partners;
            serial += 1;
            let name = format!(
                "{}{}医院",
                district.name,
                ordinals[invented % ordinals.len()]
            );
            invented += 1;
            rows.push(vec![
                format!("H{:02}{serial:02}", d + 1),
                name,
                district.name.clone(),
                partners.to_string(),
                String::new(),
                String::new(),
            ]);
        }
    }
    for (i, (name, skills)) in hotan.iter().enumerate() {
        rows.push(vec![
            format!("H00{:02}", i + 1),
            name.clone(),
            String::new(),
            "0".into(),
            skills.join(";"),
            "附件9 三(一)".into(),
        ]);
    }
    rows
}

/// The official pairs of 附件9 三(二): (district hospital, Changdu county hospital), in file order.
fn changdu_pairs(official: &Source, problems: &mut Problems) -> Vec<(String, String)> {
    let Some(table) = official.read_table("changdu_hospital_pairs.csv", problems) else {
        return Vec::new();
    };
    let Some(c) = table.require_columns(&["hospital", "county_hospital"], problems) else {
        return Vec::new();
    };
    table
        .records
        .iter()
        .map(|r| (r.cells[c[0]].to_string(), r.cells[c[1]].to_string()))
        .collect()
}

/// The Changdu team as tables the engine reads: the 9 district hospitals (names and pairs official,
/// ids and a capacity of 6 person-times a year each invented), the 3 county hospitals, and the
/// fixed pairs as candidates at no cost.
fn changdu_team(
    pairs: &[(String, String)],
    hospital_id: impl Fn(&str) -> String,
) -> (Vec<Row>, Vec<Row>) {
    let mut recipients: Vec<String> = Vec::new();
    for (_, county_hospital) in pairs {
        if !recipients.contains(county_hospital) {
            recipients.push(county_hospital.clone());
        }
    }
    let recipient_id = |name: &str| {
        format!(
            "CDR{}",
            recipients.iter().position(|n| n == name).unwrap_or(0) + 1
        )
    };
    let recipient_rows = recipients
        .iter()
        .map(|name| vec![recipient_id(name), name.clone()])
        .collect();
    let mut candidates: Vec<Row> = pairs
        .iter()
        .map(|(h, r)| vec![hospital_id(h), recipient_id(r), "0".into()])
        .collect();
    candidates.sort();
    (recipient_rows, candidates)
}

/// The cadre posts of 附件1 二(一)4–5 as recipients: Gansu's provincial organs (6) and 甘南州 organs
/// (4), one for each of the six prefecture-level cities, three for each of the 34 counties; Chengde's
/// city organs (5) and three for each of its 5 counties. The numbers are official; grouping each
/// level into one post per organ set, city or county is this table's choice. A post above the
/// counties names its region (the province, 甘南州, the city), whose paired districts fill it first.
fn cadre_posts(dataset: &Dataset) -> Vec<Row> {
    let gansu = "附件1 二(一)4";
    let chengde = "附件1 二(一)5";
    let organs = [
        ("GS-ORG", "甘肃省直机关", "甘肃省", "6", gansu),
        ("GS-GNZ", "甘南州直机关", "甘南州", "4", gansu),
        ("HB-CDS", "承德市直机关", "承德市", "5", chengde),
    ];
    let mut rows: Vec<Row> = organs
        .iter()
        .map(|&(id, name, region, cadres, seed)| {
            vec![
                id.into(),
                name.into(),
                String::new(),
                region.into(),
                cadres.into(),
                seed.into(),
            ]
        })
        .collect();
    let mut cities: Vec<&str> = Vec::new();
    for county in &dataset.counties {
        let source = match county.province.as_str() {
            "甘肃省" => gansu,
            "河北省" => chengde,
            _ => continue,
        };
        rows.push(vec![
            county.code.clone(),
            format!("{}（县级挂职）", county.name),
            county.name.clone(),
            String::new(),
            "3".into(),
            source.into(),
        ]);
        if county.province == "甘肃省"
            && county.prefecture.ends_with('市')
            && !cities.contains(&county.prefecture.as_str())
        {
            cities.push(&county.prefecture);
        }
    }
    for (i, city) in cities.iter().enumerate() {
        rows.push(vec![
            format!("GS-C{}", i + 1),
            format!("{city}（市级挂职）"),
            String::new(),
            city.to_string(),
            "1".into(),
            gansu.into(),
        ]);
    }
    // Every post's tenure as the clause states it: 挂职时间3年, for Gansu's and Chengde's alike.
    for row in &mut rows {
        let clause = format!("{} 挂职时间3年", row[5]);
        row.extend(["36".to_string(), clause]);
    }
    rows.sort();
    rows
}

/// Who sends cadres: each district (enough for the county posts of its paired counties, plus 0–4
/// more) and the city's departments and units (市级部门和单位, enough for the organ and city posts,
/// plus 0–5). All capacities are invented.
/// The sources that may not fill the Chengde organ posts (承德市直机关, post `HB-CDS`): all but the
/// five districts of 附件1 二(一)5 (`chengde_cadre_senders.csv`). The county posts need no such list:
/// each is filled from its county's paired district, and Chengde's five counties are paired with
/// exactly those five.
fn chengde_organ_exclusions(sources: &[Row], senders: &[String]) -> Vec<Row> {
    sources
        .iter()
        .filter(|source| !senders.contains(&source[2]))
        .map(|source| {
            vec![
                source[0].clone(),
                "HB-CDS".into(),
                format!(
                    "承德市直机关 takes cadres from {} only (附件1 二(一)5)",
                    senders.join("、")
                ),
            ]
        })
        .collect()
}

fn cadre_sources(dataset: &Dataset, posts: &[Row], rng: &mut ChaCha8Rng) -> Vec<Row> {
    let need = |district: usize| -> u32 {
        posts
            .iter()
            .filter_map(|p| dataset.counties.iter().find(|c| c.name == p[2]))
            .filter(|c| c.paired_district.0 == district)
            .count() as u32
            * 3
    };
    let mut rows: Vec<Row> = dataset
        .districts
        .iter()
        .enumerate()
        .map(|(d, district)| {
            let capacity = need(d) + rng.random_range(0..=4u32);
            vec![
                format!("S{:02}", d + 1),
                format!("{}选派", district.name),
                district.name.clone(),
                capacity.to_string(),
            ]
        })
        .collect();
    let organs: u32 = posts
        .iter()
        .filter(|p| p[2].is_empty())
        // id, name, county, region, cadres, seed
        .map(|p| p[4].parse::<u32>().expect("a post's cadres are a number"))
        .sum();
    let capacity = organs + rng.random_range(0..=5u32);
    rows.push(vec![
        "S17".into(),
        "市级部门和单位选派".into(),
        String::new(),
        capacity.to_string(),
    ]);
    rows
}

/// Per province: (at least this many professionals per county, of which at least this share serve a
/// year or more), from `talent_quotas.csv` (附件1 二(四)1).
fn talent_quotas(official: &Source, problems: &mut Problems) -> BTreeMap<String, (u32, f64)> {
    let mut quotas = BTreeMap::new();
    let Some(table) = official.read_table("talent_quotas.csv", problems) else {
        return quotas;
    };
    if let Some(c) = table.require_columns(
        &["province", "min_per_county", "min_share_one_year_or_more"],
        problems,
    ) {
        for record in &table.records {
            if let (Some(count), Some(share)) = (
                table.count(record, c[1], problems),
                table.amount(record, c[2], problems),
            ) {
                if share > 1.0 {
                    problems.push(InputProblem::cell(
                        &table.file,
                        record.line,
                        &table.headers[c[2]],
                        &record.cells[c[2]],
                        "a share from 0 to 1 (or 0% to 100%)",
                    ));
                    continue;
                }
                quotas.insert(record.cells[c[0]].to_string(), (count, share));
            }
        }
    }
    quotas
}

/// The flexible professionals (柔性帮扶专业技术人才) as two posts per county of Gansu and Chengde: the
/// year-or-more part (⌈30% × 28⌉ = 9) and the rest (19) — the least plan that meets "at least 28, of
/// which at least 30% a year or more". The numbers follow the seed; the split into the smallest
/// plan is this table's choice.
fn talent_posts(dataset: &Dataset, quotas: &BTreeMap<String, (u32, f64)>) -> Vec<Row> {
    let mut rows = Vec::new();
    for county in &dataset.counties {
        let Some(&(per_county, share)) = quotas.get(&county.province) else {
            continue;
        };
        let long = (f64::from(per_county) * share - 1e-9).ceil() as u32;
        let seed = "附件1 二(四)1".to_string();
        let percent = (share * 100.0).round();
        // The `derived` column says how a number not printed in the seed follows from those that
        // are, as aid_professional_posts.csv does for 天津食品集团's 3 + 6.
        rows.push(vec![
            format!("{}-L", county.code),
            format!("{} 一年以上", county.name),
            county.name.clone(),
            long.to_string(),
            seed.clone(),
            format!("⌈{per_county} × {percent}%⌉ = {long}（1年以上不少于{percent}%）"),
        ]);
        rows.push(vec![
            format!("{}-S", county.code),
            format!("{} 一个月以上", county.name),
            county.name.clone(),
            (per_county - long).to_string(),
            seed,
            format!(
                "{per_county} − {long} = {}（其余1个月以上）",
                per_county - long
            ),
        ]);
    }
    rows.sort();
    rows
}

/// Each district can send what its paired counties need plus 0–10 more (invented).
fn talent_sources(dataset: &Dataset, posts: &[Row], rng: &mut ChaCha8Rng) -> Vec<Row> {
    dataset
        .districts
        .iter()
        .enumerate()
        .map(|(d, district)| {
            let need: u32 = posts
                .iter()
                .filter(|p| {
                    dataset
                        .counties
                        .iter()
                        .any(|c| c.name == p[2] && c.paired_district.0 == d)
                })
                .map(|p| p[3].parse::<u32>().unwrap_or(0))
                .sum();
            let capacity = need + rng.random_range(0..=10u32);
            vec![
                format!("T{:02}", d + 1),
                format!("{}选派", district.name),
                district.name.clone(),
                capacity.to_string(),
            ]
        })
        .collect()
}

/// Columns of the departments a 院包科 team (组团式: Hotan, Gannan) takes.
const DEPARTMENT_COLUMNS: [&str; 3] = ["id", "name", "speciality"];

/// What each hospital of the Gannan team is known for, read off its name where the name says it
/// (眼科医院 → 眼科) and otherwise a plausible guess: invented, like the department list below.
const GANNAN_SPECIALITIES: [(&str, &[&str]); 10] = [
    ("第一中心医院", &["心血管内科", "重症医学科"]),
    ("第三中心医院", &["肝胆外科", "重症医学科"]),
    ("人民医院", &["普外科", "肝胆外科"]),
    ("口腔医院", &["口腔科"]),
    ("儿童医院", &["儿科"]),
    ("眼科医院", &["眼科"]),
    ("天津医院", &["骨科"]),
    ("医科大学总医院", &["神经内科", "心血管内科"]),
    ("中心妇产科医院", &["妇产科"]),
    ("市肿瘤医院", &["肿瘤科"]),
];

/// The departments of 甘南州人民医院 the team takes, one per hospital (invented list).
const GANNAN_DEPARTMENTS: [&str; 10] = [
    "心血管内科",
    "重症医学科",
    "普外科",
    "口腔科",
    "儿科",
    "眼科",
    "骨科",
    "神经内科",
    "妇产科",
    "肿瘤科",
];

/// The departments of 甘南州人民医院 that the team of 附件9 三(三) takes (院包科): an invented list, one
/// per hospital. The 10 hospitals are the seed's, in the one hospitals table.
fn gannan_departments() -> Vec<Row> {
    department_rows("GND", "甘南州人民医院", &GANNAN_DEPARTMENTS)
}

/// A receiving hospital's departments as rows `id, name, speciality`: ids `{prefix}01…`, each named
/// hospital＋department, the department being its speciality.
fn department_rows(prefix: &str, hospital: &str, departments: &[&str]) -> Vec<Row> {
    departments
        .iter()
        .enumerate()
        .map(|(i, name)| {
            vec![
                format!("{prefix}{:02}", i + 1),
                format!("{hospital}{name}"),
                name.to_string(),
            ]
        })
        .collect()
}

/// The 11 departments of 和田地区人民医院 taken by 11 tertiary hospitals (院包科, 附件9 三(一)). The
/// seed gives only the numbers; the departments, the hospitals' placeholder names (甲…) and their
/// specialities are invented. Three general hospitals cover several specialities each, so the
/// one-to-one assignment is not read off the names.
fn hotan_team() -> (Vec<(String, Vec<&'static str>)>, Vec<Row>) {
    let departments = [
        "眼科",
        "口腔科",
        "妇产科",
        "儿科",
        "肿瘤科",
        "骨科",
        "心血管内科",
        "神经内科",
        "呼吸内科",
        "消化内科",
        "急诊科",
    ];
    let specialities: [&[&str]; 11] = [
        &["眼科"],
        &["口腔科"],
        &["妇产科", "儿科"],
        &["儿科"],
        &["肿瘤科"],
        &["骨科", "急诊科"],
        &["心血管内科"],
        &["神经内科", "心血管内科"],
        &["呼吸内科", "消化内科", "急诊科"],
        &["消化内科", "肿瘤科"],
        &["急诊科", "呼吸内科"],
    ];
    let stems = [
        "甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸", "子",
    ];
    let hospitals = stems
        .iter()
        .zip(specialities)
        .map(|(stem, skills)| (format!("市属三级医院{stem}"), skills.to_vec()))
        .collect();
    (
        hospitals,
        department_rows("HTD", "和田地区人民医院", &departments),
    )
}

/// One county hospital (县级医院) per county of the pairing map, named as such hospitals usually are.
/// A county's hospital: id from the county code, named 县名＋人民医院 (plausible, invented).
fn county_hospital_row(county: &crate::domain::County) -> Row {
    vec![
        format!("{}H1", county.code),
        format!("{}人民医院", county.name),
        county.name.clone(),
    ]
}

fn county_hospitals(dataset: &Dataset) -> Vec<Row> {
    let mut rows: Vec<Row> = dataset.counties.iter().map(county_hospital_row).collect();
    rows.sort();
    rows
}

/// One generated row, in the order of its file's columns (without `source`).
pub(crate) type Row = Vec<String>;

const VILLAGE_COLUMNS: [&str; 5] = ["id", "name", "township", "county", "industry"];
const ENTERPRISE_COLUMNS: [&str; 6] = ["id", "name", "district", "unit", "capacity", "sectors"];

/// The existing-pairings ledger that `generate` writes.
pub const LEDGER_FILE: &str = "pairings-2019.csv";

/// Serialises rows with a trailing `source` column marking each as synthetic.
fn to_csv(columns: &[&str], rows: &[Row]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(columns.iter().copied().chain(["source"]));
    for row in rows {
        let _ = writer.write_record(row.iter().map(String::as_str).chain([SYNTHETIC]));
    }
    writer.into_inner().unwrap_or_default()
}

/// A hand-kept ledger of existing pairings with the gaps real ledgers have. Each village goes, in
/// id order, to the enterprise of its county's paired district with the most room left (ties by id)
/// while the district is under its quota, otherwise to the district with the most room; villages of
/// a county whose district holds no quota go off the map. Then, deliberately: a dozen villages are
/// left out, one row is entered twice, one enterprise is loaded past its capacity, one unit's
/// enterprises are barely used, and two rows name an enterprise and a village that do not exist.
fn ledger(
    dataset: &Dataset,
    quotas: &BTreeMap<String, u32>,
    villages: &[Row],
    enterprises: &[Row],
    rng: &mut ChaCha8Rng,
) -> Vec<Row> {
    let left_out: std::collections::BTreeSet<usize> = if villages.is_empty() {
        Default::default()
    } else {
        (0..12)
            .map(|_| rng.random_range(0..villages.len()))
            .collect()
    };
    let capacity: Vec<u32> = enterprises
        .iter()
        .map(|e| e[4].parse().unwrap_or(0))
        .collect();
    let (mut rows, load) = ledger_pairings(dataset, quotas, (villages, &left_out), enterprises);
    // One enterprise past its capacity: two more villages entered against the fullest one.
    if let Some(full) = (0..enterprises.len())
        .filter(|&e| load[e] == capacity[e] && capacity[e] > 0)
        .max_by_key(|&e| (capacity[e], std::cmp::Reverse(e)))
    {
        let district = enterprises[full][2].clone();
        let mut moved = 0;
        for row in rows.iter_mut() {
            if moved < 2 && row[6] == district && row[4] != enterprises[full][0] {
                row[4] = enterprises[full][0].clone();
                row[5] = enterprises[full][1].clone();
                row[7] = enterprises[full][3].clone();
                moved += 1;
            }
        }
    }
    if rows.is_empty() {
        return rows;
    }
    // One pairing entered twice.
    let twice = rng.random_range(0..rows.len());
    rows.push(rows[twice].clone());
    // A mistyped enterprise id, and a village id with a digit dropped.
    let typo = rng.random_range(0..rows.len());
    let mut ghost = rows[typo].clone();
    ghost[4] = format!("{}0", ghost[4]);
    rows.push(ghost);
    let mut lost = rows[rng.random_range(0..rows.len())].clone();
    lost[1].pop();
    rows.push(lost);
    rows.sort();
    rows
}

/// The ledger's pairings as a planner would have made them, the villages `left_out` left out (one
/// unit's enterprises barely used), with each enterprise's load.
fn ledger_pairings(
    dataset: &Dataset,
    quotas: &BTreeMap<String, u32>,
    (villages, left_out): (&[Row], &std::collections::BTreeSet<usize>),
    enterprises: &[Row],
) -> (Vec<Row>, Vec<u32>) {
    let neglected_unit = "市慈善协会";
    let capacity: Vec<u32> = enterprises
        .iter()
        .map(|e| e[4].parse().unwrap_or(0))
        .collect();
    let mut load = vec![0u32; enterprises.len()];
    let mut served: BTreeMap<&str, u32> = BTreeMap::new();
    let paired: BTreeMap<&str, &str> = dataset
        .counties
        .iter()
        .map(|c| {
            (
                c.name.as_str(),
                dataset.districts[c.paired_district.0].name.as_str(),
            )
        })
        .collect();
    let mut rows = Vec::new();
    for (v, village) in villages.iter().enumerate() {
        if left_out.contains(&v) {
            continue;
        }
        let home = paired.get(village[3].as_str()).copied().unwrap_or("");
        let home_open =
            served.get(home).copied().unwrap_or(0) < quotas.get(home).copied().unwrap_or(0);
        let room = |e: usize| capacity[e].saturating_sub(load[e]);
        let candidates = |district: Option<&str>| {
            (0..enterprises.len())
                .filter(|&e| district.is_none_or(|d| enterprises[e][2] == d))
                .filter(|&e| enterprises[e][3] != neglected_unit || load[e] == 0)
                .filter(|&e| room(e) > 0)
                .max_by_key(|&e| (room(e), std::cmp::Reverse(e)))
        };
        let chosen = if home_open {
            candidates(Some(home))
        } else {
            None
        }
        .or_else(|| candidates(None));
        let Some(e) = chosen else { continue };
        load[e] += 1;
        *served.entry(enterprises[e][2].as_str()).or_default() += 1;
        rows.push(ledger_row(village, &enterprises[e], home));
    }
    (rows, load)
}

fn ledger_row(village: &Row, enterprise: &Row, home: &str) -> Row {
    vec![
        "villages".to_string(),
        village[0].clone(),
        village[1].clone(),
        village[3].clone(),
        enterprise[0].clone(),
        enterprise[1].clone(),
        enterprise[2].clone(),
        enterprise[3].clone(),
        (enterprise[2] == home).to_string(),
        "1".to_string(),
    ]
}

/// The province-wide pool, for a county the table lacks.
fn industries_of(province: &str) -> &'static [&'static str] {
    if province == "河北省" {
        &CHENGDE_INDUSTRIES
    } else {
        &GANSU_INDUSTRIES
    }
}

/// A county's industries: its rows of `county_industries.csv` (`table`), or, for a county the
/// table lacks (another dataset's), three of its province's pool weighted 3, 2, 1 — the draws the
/// generator made before the table, so that such a county comes out as it did.
fn county_mix(county: &County, table: &BTreeMap<&'static str, Mix>, rng: &mut ChaCha8Rng) -> Mix {
    if let Some(mix) = table.get(county.name.as_str()) {
        return mix.clone();
    }
    let mut pool: Vec<&'static str> = industries_of(&county.province).to_vec();
    pool.shuffle(rng);
    pool.truncate(3);
    pool.sort();
    pool.into_iter().zip([3, 2, 1]).collect()
}

/// One industry of `mix`, each as likely as its weight: the lead is the most common.
fn weighted_industry(mix: &[(&'static str, u32)], rng: &mut ChaCha8Rng) -> &'static str {
    let total: u32 = mix.iter().map(|&(_, weight)| weight).sum();
    let mut ticket = rng.random_range(0..total.max(1));
    for &(industry, weight) in mix {
        if ticket < weight {
            return industry;
        }
        ticket -= weight;
    }
    mix.first().map_or("", |&(industry, _)| industry)
}

/// Chooses how many villages each county gets, then which ones, each with one of its county's
/// main industries; returns the villages and each county's industries.
fn villages(
    dataset: &Dataset,
    quotas: &BTreeMap<String, u32>,
    province_totals: &BTreeMap<String, u32>,
    divisions: &BTreeMap<String, Vec<[String; 3]>>,
    rng: &mut ChaCha8Rng,
) -> (Vec<Row>, BTreeMap<String, Mix>) {
    let per_county = villages_per_county(dataset, quotas, province_totals, divisions, rng);
    let table = industries_by_county();
    let mut rows = Vec::new();
    let mut county_industries = BTreeMap::new();
    for county in &dataset.counties {
        let count = per_county.get(&county.name).copied().unwrap_or(0) as usize;
        let mix = county_mix(county, &table, rng);
        county_industries.insert(county.name.clone(), mix.clone());
        let Some(candidates) = divisions.get(&county.name) else {
            continue;
        };
        let mut chosen: Vec<&[String; 3]> = candidates.iter().collect();
        chosen.shuffle(rng);
        chosen.truncate(count);
        chosen.sort();
        for [code, name, township] in chosen {
            let industry = weighted_industry(&mix, rng);
            rows.push(vec![
                code.clone(),
                name.clone(),
                township.clone(),
                county.name.clone(),
                industry.to_string(),
            ]);
        }
    }
    rows.sort();
    (rows, county_industries)
}

/// How many listed villages each county has. The provinces' totals are official, the split is
/// synthetic, made so that planning forces no pairing off the map but the seed's own: a county whose
/// district holds no quota (红桥区, 宁河区) gets a few villages (12 ± 20%), which other districts must
/// serve off the map; every other district's counties hold at most its quota, together exactly the
/// villages left, spread over its counties ±20% (the provinces with fewest villages first, each
/// district's share there in proportion to how many of its counties lie there).
fn villages_per_county(
    dataset: &Dataset,
    quotas: &BTreeMap<String, u32>,
    province_totals: &BTreeMap<String, u32>,
    divisions: &BTreeMap<String, Vec<[String; 3]>>,
    rng: &mut ChaCha8Rng,
) -> BTreeMap<String, u32> {
    let cap = |c: &County| divisions.get(&c.name).map_or(0, |v| v.len() as u32);
    let district = |c: &County| dataset.districts[c.paired_district.0].name.as_str();
    let quota = |c: &County| quotas.get(district(c)).copied().unwrap_or(0);
    let mut per_county: BTreeMap<String, u32> = BTreeMap::new();
    for county in &dataset.counties {
        if province_totals.contains_key(&county.province) && quota(county) == 0 {
            let few = (12.0 * rng.random_range(0.8..1.2_f64)).round() as u32;
            per_county.insert(county.name.clone(), few.min(cap(county)));
        }
    }
    let mut provinces: Vec<(&String, u32)> = province_totals.iter().map(|(p, &t)| (p, t)).collect();
    provinces.sort_by_key(|&(name, total)| (total, name.clone()));
    let mut left: BTreeMap<&str, u32> = quotas.iter().map(|(d, &q)| (d.as_str(), q)).collect();
    for (rank, &(province, total)) in provinces.iter().enumerate() {
        let later: Vec<&String> = provinces[rank..].iter().map(|&(p, _)| p).collect();
        let here: Vec<&County> = dataset
            .counties
            .iter()
            .filter(|c| &c.province == province && quota(c) > 0)
            .collect();
        let served_off_map: u32 = dataset
            .counties
            .iter()
            .filter(|c| &c.province == province)
            .filter_map(|c| per_county.get(&c.name))
            .sum();
        // Each district's part of the province, then each county's part of its district's.
        let districts: Vec<&str> = here
            .iter()
            .map(|c| district(c))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let counties_of = |d: &str, provinces: &[&String]| {
            dataset
                .counties
                .iter()
                .filter(|c| district(c) == d && provinces.contains(&&c.province))
                .count() as f64
        };
        let weights: Vec<f64> = districts
            .iter()
            .map(|&d| {
                f64::from(left[d]) * counties_of(d, &[province]) / counties_of(d, &later).max(1.0)
            })
            .collect();
        let caps: Vec<u32> = districts
            .iter()
            .map(|&d| {
                left[d].min(
                    here.iter()
                        .filter(|c| district(c) == d)
                        .map(|c| cap(c))
                        .sum(),
                )
            })
            .collect();
        let parts = apportion(total.saturating_sub(served_off_map), &weights, &caps);
        for (&d, part) in districts.iter().zip(parts) {
            let counties: Vec<&&County> = here.iter().filter(|c| district(c) == d).collect();
            let weights: Vec<f64> = counties
                .iter()
                .map(|_| rng.random_range(0.8..1.2))
                .collect();
            let caps: Vec<u32> = counties.iter().map(|c| cap(c)).collect();
            for (county, count) in counties.iter().zip(apportion(part, &weights, &caps)) {
                per_county.insert(county.name.clone(), count);
            }
            *left.get_mut(d).expect("a district with a quota") -= part;
        }
    }
    per_county
}

/// Random draws of an enterprise name before a serial number makes it unique.
const NAME_DRAWS: usize = 16;

/// Enterprises of each district with a quota: capacity 1–5 each, 1.2–1.6× the quota in all, and a
/// few mobilised through the district's city unit with enough capacity for the unit's minimum.
fn enterprises(
    dataset: &Dataset,
    quotas: &BTreeMap<String, u32>,
    county_industries: &BTreeMap<String, Mix>,
    rng: &mut ChaCha8Rng,
) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut used_names = std::collections::BTreeSet::new();
    let mut serial: usize = 0;
    let vocabulary = industry_vocabulary();
    for (d, district) in dataset.districts.iter().enumerate() {
        let quota = quotas.get(&district.name).copied().unwrap_or(0);
        if quota == 0 {
            continue;
        }
        let low = (f64::from(quota) * 1.2).ceil() as u32;
        let high = (f64::from(quota) * 1.6).floor() as u32;
        let target = rng.random_range(low..=high.max(low));
        let local = district_industries(dataset, d, county_industries);
        let unit = dataset
            .units
            .iter()
            .find(|u| u.district.0 == d)
            .map(|u| u.name.clone());
        let mut unit_capacity = 0;
        let mut total = 0;
        while total < target {
            let mut capacity = rng.random_range(1..=5u32).min(target - total);
            let mobilised = match &unit {
                Some(name) if unit_capacity < 12 => {
                    capacity = capacity.max(3).min(target - total);
                    unit_capacity += capacity;
                    name.as_str()
                }
                _ => "",
            };
            total += capacity;
            serial += 1;
            let sectors = enterprise_sectors(&local, &vocabulary, rng);
            let stem = district.name.trim_end_matches('区');
            let name = enterprise_name(stem, &sectors, serial, &mut used_names, rng);
            let sectors: Vec<&str> = sectors.into_iter().collect();
            rows.push(vec![
                format!("E{serial:04}"),
                name,
                district.name.clone(),
                mobilised.to_string(),
                capacity.to_string(),
                sectors.join(";"),
            ]);
        }
    }
    rows
}

/// The industries of the counties paired with district `d`, each repeated by its weight, so that
/// an enterprise's sectors follow what its counties' villages mostly do (a county's lead the most).
fn district_industries(
    dataset: &Dataset,
    d: usize,
    county_industries: &BTreeMap<String, Mix>,
) -> Vec<&'static str> {
    dataset
        .counties
        .iter()
        .filter(|c| c.paired_district.0 == d)
        .flat_map(|c| county_industries.get(&c.name).into_iter().flatten())
        .flat_map(|&(industry, weight)| std::iter::repeat_n(industry, weight as usize))
        .collect()
}

/// One to three sectors for an enterprise, mostly the industries of its district's counties
/// (`local`), otherwise any of the `vocabulary` the villages' industries are named in (never empty:
/// it holds the provinces' pools), so that skills match the villages' main industries often but not
/// always.
fn enterprise_sectors(
    local: &[&'static str],
    vocabulary: &[&'static str],
    rng: &mut ChaCha8Rng,
) -> BTreeSet<&'static str> {
    let mut sectors = BTreeSet::new();
    for _ in 0..rng.random_range(1..=3) {
        let pick = if !local.is_empty() && rng.random_bool(0.8) {
            local[rng.random_range(0..local.len())]
        } else {
            vocabulary[rng.random_range(0..vocabulary.len())]
        };
        sectors.insert(pick);
    }
    sectors
}

/// A company name new among `used_names`: a few draws find a free name while the district has
/// few enterprises; past that the serial makes it unique, so that generation ends at any size.
fn enterprise_name(
    stem: &str,
    sectors: &BTreeSet<&str>,
    serial: usize,
    used_names: &mut BTreeSet<String>,
    rng: &mut ChaCha8Rng,
) -> String {
    for _ in 0..NAME_DRAWS {
        let core = NAME_CORES[rng.random_range(0..NAME_CORES.len())];
        let trade = trade_of(sectors, rng);
        let candidate = format!("天津{stem}{core}{trade}有限公司");
        if used_names.insert(candidate.clone()) {
            return candidate;
        }
    }
    let core = NAME_CORES[serial % NAME_CORES.len()];
    let trade = trade_of(sectors, rng);
    format!("天津{stem}{core}第{serial}{trade}有限公司")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportion_keeps_the_total_and_the_caps() {
        assert_eq!(
            apportion(10, &[1.0, 1.0, 1.0], &[10, 10, 10]),
            vec![4, 3, 3]
        );
        assert_eq!(apportion(10, &[1.0, 9.0], &[10, 5]), vec![5, 5]);
        assert_eq!(apportion(10, &[], &[]), Vec::<u32>::new());
        assert_eq!(apportion(2, &[0.0, 0.0], &[5, 5]), vec![1, 1]);
    }

    /// A county of `counties.csv`, by the header of its name column (other columns may come).
    #[derive(serde::Deserialize)]
    struct Named {
        name: String,
    }

    #[test]
    fn every_paired_county_has_its_own_sourced_industries() {
        let rows = parse_county_industries(COUNTY_INDUSTRIES_CSV)
            .expect("data/tianjin-2019/county_industries.csv parses");
        let counties_csv = include_str!("../../data/tianjin-2019/counties.csv");
        let counties: Vec<String> = csv::Reader::from_reader(counties_csv.as_bytes())
            .deserialize::<Named>()
            .map(|c| c.expect("counties.csv parses").name)
            .collect();
        assert_eq!(counties.len(), 42);
        for row in &rows {
            assert!(
                counties.contains(&row.county),
                "{} is no paired county",
                row.county
            );
            assert!(row.weight > 0, "{} {}: weight 0", row.county, row.industry);
            assert!(
                !row.source.is_empty(),
                "{} {}: no source",
                row.county,
                row.industry
            );
            assert!(
                SECTOR_TRADES
                    .iter()
                    .any(|(sector, _)| *sector == row.industry),
                "{}: no trade for an enterprise's name",
                row.industry
            );
        }
        let table = industries_by_county();
        for county in &counties {
            let mix: &[(&str, u32)] = table
                .get(county.as_str())
                .map(Vec::as_slice)
                .unwrap_or_default();
            assert!((2..=4).contains(&mix.len()), "{county}: {mix:?}");
            // The lead comes first: no later row outweighs it.
            let lead = mix[0].1;
            assert!(mix.iter().all(|&(_, w)| w <= lead), "{county}: {mix:?}");
        }
        assert_eq!(table["静宁县"][0].0, "苹果");
        let maqu: Vec<&str> = table["玛曲县"].iter().map(|&(i, _)| i).collect();
        for wrong in ["百合", "苹果"] {
            assert!(!maqu.contains(&wrong), "玛曲县 has {wrong}: {maqu:?}");
        }
        assert_eq!(table.values().map(Vec::len).sum::<usize>(), rows.len());
    }
}
