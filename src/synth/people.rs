//! The synthetic side of the seed's people programs: who can send cadres and professionals to the
//! posts of 附件1 二(一)–(四) and how many, who hosts the cadres of 附件1 三(一), and the schools of
//! 附件4 二(五). The posts and their numbers are official (transcribed tables); every capacity and
//! every school here is invented and says so.

use std::collections::BTreeMap;

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::Row;
use crate::error::Problems;
use crate::load::Source;
use crate::validate::Dataset;

/// The city units the posts' tables name as senders (附件1 二(一)6–7, 二(二)–(四)) and the rest,
/// under the names the dataset uses (市工信委 and 市农委 of 附件1 二(四)2 are aliases).
const SENDING_UNITS: [&str; 13] = [
    "市委组织部",
    "市国资委",
    "市金融局",
    "天津自贸区管委会",
    "市教委",
    "市科技局",
    "市工信局",
    "市农委",
    "市商务局",
    "市公安局",
    "市司法局",
    "市卫生健康委",
    "其他市级部门和单位",
];

/// The columns of the senders table.
pub const SENDER_COLUMNS: [&str; 5] = ["id", "name", "district", "cadres", "professionals"];

/// What each sender must be able to send alone: the posts whose senders cell names one sender
/// only (滨海新区负责, 市教委负责), and the Hotan principals of each district's paired county.
fn sole_sender_needs(
    official: &Source,
    dataset: &Dataset,
    problems: &mut Problems,
) -> (BTreeMap<String, u32>, BTreeMap<String, u32>) {
    let mut needs = |file: &str, value: &str| {
        let mut need: BTreeMap<String, u32> = BTreeMap::new();
        let Some(table) = official.read_table(file, problems) else {
            return need;
        };
        let Some(cols) = table.require_columns(&["senders", value], problems) else {
            return need;
        };
        for record in &table.records {
            let senders = &record.cells[cols[0]];
            let sole = !senders.contains('、') && !senders.starts_with('各');
            if let (true, Some(count)) = (sole, table.count(record, cols[1], problems)) {
                *need.entry(senders.to_string()).or_default() += count;
            }
        }
        need
    };
    let cadres = needs("aid_cadre_posts.csv", "cadres");
    let mut professionals = needs("aid_professional_posts.csv", "professionals");
    if let Some(table) = official.read_table("hotan_principal_posts.csv", problems) {
        if let Some(cols) = table.require_columns(&["county", "principals"], problems) {
            for record in &table.records {
                let county = dataset
                    .counties
                    .iter()
                    .find(|c| c.name == record.cells[cols[0]]);
                if let (Some(county), Some(count)) =
                    (county, table.count(record, cols[1], problems))
                {
                    let district = &dataset.districts[county.paired_district.0].name;
                    *professionals.entry(district.clone()).or_default() += count;
                }
            }
        }
    }
    (cadres, professionals)
}

/// Who sends the cadres and professionals of 附件1 二(一)1–3, 6–7, 二(二), 二(三), 二(四)2–3: each
/// district and each city unit the seed names, with how many of each it can send — what it alone
/// must send plus room for the posts open to many (invented).
pub fn aid_senders(
    official: &Source,
    dataset: &Dataset,
    rng: &mut ChaCha8Rng,
    problems: &mut Problems,
) -> Vec<Row> {
    let (cadres, professionals) = sole_sender_needs(official, dataset, problems);
    let need = |table: &BTreeMap<String, u32>, name: &str| table.get(name).copied().unwrap_or(0);
    let mut rows = Vec::new();
    for (d, district) in dataset.districts.iter().enumerate() {
        let name = &district.name;
        rows.push(vec![
            format!("A{:02}", d + 1),
            format!("{name}选派"),
            name.clone(),
            (need(&cadres, name) + rng.random_range(5..=8u32)).to_string(),
            (need(&professionals, name) + rng.random_range(10..=16u32)).to_string(),
        ]);
    }
    for (u, unit) in SENDING_UNITS.iter().enumerate() {
        rows.push(vec![
            format!("A{:02}", dataset.districts.len() + u + 1),
            unit.to_string(),
            String::new(),
            (need(&cadres, unit) + rng.random_range(1..=4u32)).to_string(),
            (need(&professionals, unit) + rng.random_range(2..=6u32)).to_string(),
        ]);
    }
    rows
}

/// The city units that host cadres besides the districts (invented list).
const HOSTING_UNITS: [&str; 6] = [
    "市发展改革委",
    "市教委",
    "市卫生健康委",
    "市农委",
    "市商务局",
    "市国资委",
];

/// Who hosts the 102 cadres coming to Tianjin (附件1 三(一): 各区、各部门、各单位负责): each district
/// and a few city units, each with how many it can take (invented, at least the 102 in all).
pub fn host_units(dataset: &Dataset, hosted: u32, rng: &mut ChaCha8Rng) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    let mut capacities: Vec<u32> = Vec::new();
    for _ in &dataset.districts {
        capacities.push(rng.random_range(4..=8u32));
    }
    for _ in HOSTING_UNITS {
        capacities.push(rng.random_range(2..=4u32));
    }
    // Room for all of them, and some to spare: the shortfall goes to the districts in turn.
    let mut d = 0;
    while capacities.iter().sum::<u32>() < hosted + hosted / 10 {
        capacities[d % dataset.districts.len()] += 1;
        d += 1;
    }
    for (i, district) in dataset.districts.iter().enumerate() {
        rows.push(vec![
            format!("J{:02}", i + 1),
            format!("{}接收", district.name),
            district.name.clone(),
            capacities[i].to_string(),
        ]);
    }
    for (u, unit) in HOSTING_UNITS.iter().enumerate() {
        let i = dataset.districts.len() + u;
        rows.push(vec![
            format!("J{:02}", i + 1),
            format!("{unit}接收"),
            String::new(),
            capacities[i].to_string(),
        ]);
    }
    rows
}

/// The columns of the two school tables.
pub const TIANJIN_SCHOOL_COLUMNS: [&str; 4] = ["id", "name", "district", "partners"];
/// The recipient schools' columns.
pub const COUNTY_SCHOOL_COLUMNS: [&str; 4] = ["id", "name", "county", "level"];

/// The schools of 附件4 二(五): for each deep-poverty county of Gansu and Chengde, its primary and
/// junior-middle schools willing to pair (5–12, invented; named 合成学校 so that no real school is
/// taken for one on an official list), and for each district the Tianjin schools that take them,
/// 1–3 each, enough for its paired counties' schools and a few more (invented).
pub fn schools(dataset: &Dataset, rng: &mut ChaCha8Rng) -> (Vec<Row>, Vec<Row>) {
    let mut county_schools = Vec::new();
    let mut need = vec![0u32; dataset.districts.len()];
    for county in &dataset.counties {
        if !matches!(county.province.as_str(), "甘肃省" | "河北省") {
            continue;
        }
        let count = rng.random_range(5..=12u32);
        for n in 1..=count {
            let level = if n * 3 <= count * 2 {
                "小学"
            } else {
                "初中"
            };
            county_schools.push(vec![
                format!("{}-X{n:02}", county.code),
                format!("{}合成{level}{n:02}", county.name),
                county.name.clone(),
                level.to_string(),
            ]);
        }
        need[county.paired_district.0] += count;
    }
    let mut tianjin_schools = Vec::new();
    for (d, district) in dataset.districts.iter().enumerate() {
        let wanted = need[d] + rng.random_range(1..=4u32);
        let mut room = 0;
        let mut n = 0;
        while room < wanted {
            n += 1;
            let partners = rng.random_range(1..=3u32);
            room += partners;
            tianjin_schools.push(vec![
                format!("TJ{:02}-{n:02}", d + 1),
                format!("{}合成学校{n:02}", district.name),
                district.name.clone(),
                partners.to_string(),
            ]);
        }
    }
    (tianjin_schools, county_schools)
}
