//! A national-scale synthetic instance of 万企帮万村, shaped like the programme at its peak (about
//! 139,000 villages paired with 127,000 enterprises): the eastern provinces' cities as helper
//! districts, each paired with about ten central and western counties. It exists to measure the tool
//! at that size, not to describe any real pairing: every county, village and enterprise beyond the 42
//! counties of the Tianjin map is generated, with codes that start with `SYN` and names that say
//! 合成; the 42 real counties keep their NBS codes and real village names, paired with 天津市 as in
//! the seed. All of it is labelled `synthetic`.

use std::collections::BTreeMap;

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{divisions_by_county, to_csv, Files, Row};
use crate::error::{InputErrors, Problems};

/// Villages in all, as at the programme's peak.
pub const VILLAGES: usize = 139_000;
/// Enterprises in all.
pub const ENTERPRISES: usize = 127_000;

/// The eastern helpers of the 2019 east–west cooperation, as cities (the municipalities whole).
const HELPER_CITIES: [(&str, &[&str]); 8] = [
    ("北京市", &["北京市"]),
    ("天津市", &["天津市"]),
    ("上海市", &["上海市"]),
    (
        "江苏省",
        &[
            "南京市",
            "无锡市",
            "徐州市",
            "常州市",
            "苏州市",
            "南通市",
            "连云港市",
            "淮安市",
            "盐城市",
            "扬州市",
            "镇江市",
            "泰州市",
            "宿迁市",
        ],
    ),
    (
        "浙江省",
        &[
            "杭州市",
            "宁波市",
            "温州市",
            "嘉兴市",
            "湖州市",
            "绍兴市",
            "金华市",
            "衢州市",
            "舟山市",
            "台州市",
            "丽水市",
        ],
    ),
    (
        "福建省",
        &[
            "福州市",
            "厦门市",
            "莆田市",
            "三明市",
            "泉州市",
            "漳州市",
            "南平市",
            "龙岩市",
            "宁德市",
        ],
    ),
    (
        "山东省",
        &[
            "济南市",
            "青岛市",
            "淄博市",
            "枣庄市",
            "东营市",
            "烟台市",
            "潍坊市",
            "济宁市",
            "泰安市",
            "威海市",
            "日照市",
            "临沂市",
            "德州市",
            "聊城市",
            "滨州市",
            "菏泽市",
        ],
    ),
    (
        "广东省",
        &[
            "广州市",
            "深圳市",
            "珠海市",
            "汕头市",
            "佛山市",
            "韶关市",
            "湛江市",
            "肇庆市",
            "江门市",
            "茂名市",
            "惠州市",
            "梅州市",
            "汕尾市",
            "河源市",
            "阳江市",
            "清远市",
            "东莞市",
            "中山市",
            "潮州市",
            "揭阳市",
            "云浮市",
        ],
    ),
];

/// The central and western provinces whose counties are generated.
const RECIPIENT_PROVINCES: [&str; 12] = [
    "内蒙古自治区",
    "河北省",
    "甘肃省",
    "云南省",
    "贵州省",
    "陕西省",
    "青海省",
    "四川省",
    "宁夏回族自治区",
    "重庆市",
    "广西壮族自治区",
    "吉林省",
];

/// Industries a village can hold, across the provinces.
const INDUSTRIES: [&str; 12] = [
    "牛羊肉",
    "高原夏菜",
    "百合",
    "苹果",
    "马铃薯",
    "中药材",
    "文化旅游",
    "茶叶",
    "食用菌",
    "柑橘",
    "核桃",
    "清洁能源",
];

/// Counties each helper city is paired with.
const COUNTIES_PER_CITY: usize = 10;

const ENTERPRISE_WORDS: [&str; 12] = [
    "恒达", "鑫盛", "泰和", "瑞丰", "华宇", "宏远", "联创", "德润", "金桥", "嘉禾", "汇通", "兴农",
];

/// Generates the national dataset for `seed`.
pub fn generate(seed: u64) -> Result<Files, InputErrors> {
    let mut problems = Problems::default();
    let divisions = divisions_by_county(&mut problems);
    let real_counties = super::real_tianjin_counties(&mut problems);
    problems.into_result(())?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let cities: Vec<&str> = HELPER_CITIES
        .iter()
        .flat_map(|(_, c)| c.iter().copied())
        .collect();
    let counties = counties(&real_counties, &cities, &mut rng);
    let villages = villages(&counties, &divisions, &mut rng);
    let enterprises = enterprises(&cities, &villages, &mut rng);
    Ok(files(&cities, &counties, villages, &enterprises))
}

/// The counties: the 42 real ones paired with 天津市, then ten generated ones per other city.
fn counties(real_counties: &[[String; 4]], cities: &[&str], rng: &mut ChaCha8Rng) -> Vec<Row> {
    let mut counties: Vec<Row> = real_counties
        .iter()
        .map(|[name, code, province, prefecture]| {
            vec![
                name.clone(),
                code.clone(),
                province.clone(),
                prefecture.clone(),
                "天津市".into(),
            ]
        })
        .collect();
    let mut serial = 0;
    for city in cities.iter().filter(|&&c| c != "天津市") {
        for _ in 0..COUNTIES_PER_CITY {
            serial += 1;
            let province = RECIPIENT_PROVINCES[rng.random_range(0..RECIPIENT_PROVINCES.len())];
            let short = province
                .trim_end_matches(['省', '市'])
                .chars()
                .take(2)
                .collect::<String>();
            counties.push(vec![
                format!("{short}合成{serial:03}县"),
                format!("SYN{serial:06}"),
                province.to_string(),
                format!("{short}合成州"),
                city.to_string(),
            ]);
        }
    }
    counties
}

/// The villages, with how many each province holds and each helper city must pair.
struct Villages {
    rows: Vec<Row>,
    per_province: BTreeMap<String, u64>,
    per_city: BTreeMap<String, u64>,
}

/// The villages, shared out over the counties by a random weight, each with three industries of
/// its county; a real county keeps its real villages (as many as it has).
fn villages(
    counties: &[Row],
    divisions: &BTreeMap<String, Vec<[String; 3]>>,
    rng: &mut ChaCha8Rng,
) -> Villages {
    let weights: Vec<f64> = counties
        .iter()
        .map(|_| rng.random_range(0.6..1.4))
        .collect();
    let sum: f64 = weights.iter().sum();
    let mut villages: Vec<Row> = Vec::with_capacity(VILLAGES);
    let mut per_province: BTreeMap<String, u64> = BTreeMap::new();
    let mut per_city: BTreeMap<String, u64> = BTreeMap::new();
    let mut village_serial = 0u64;
    for (county, weight) in counties.iter().zip(&weights) {
        let mut count = (VILLAGES as f64 * weight / sum).round() as usize;
        let mut industries: Vec<&str> = INDUSTRIES.to_vec();
        industries.shuffle(rng);
        industries.truncate(3);
        if let Some(real) = divisions.get(&county[0]) {
            count = count.min(real.len());
            let mut chosen: Vec<&[String; 3]> = real.iter().collect();
            chosen.shuffle(rng);
            chosen.truncate(count);
            chosen.sort();
            for [code, name, township] in chosen {
                let industry = industries[rng.random_range(0..industries.len())];
                villages.push(vec![
                    code.clone(),
                    name.clone(),
                    township.clone(),
                    county[0].clone(),
                    industry.into(),
                ]);
            }
        } else {
            for k in 0..count {
                village_serial += 1;
                let industry = industries[rng.random_range(0..industries.len())];
                villages.push(vec![
                    format!("SYN{village_serial:09}"),
                    format!("合成村{village_serial}"),
                    format!("{}第{}镇", county[0], k / 20 + 1),
                    county[0].clone(),
                    industry.into(),
                ]);
            }
        }
        *per_province.entry(county[2].clone()).or_default() += count as u64;
        *per_city.entry(county[4].clone()).or_default() += count as u64;
    }
    Villages {
        rows: villages,
        per_province,
        per_city,
    }
}

/// The enterprises: in proportion to each city's villages (and enough capacity for them),
/// capacity 1–5, one to three sectors.
fn enterprises(cities: &[&str], villages: &Villages, rng: &mut ChaCha8Rng) -> Vec<Row> {
    let total_villages = villages.rows.len() as f64;
    let mut enterprises: Vec<Row> = Vec::with_capacity(ENTERPRISES + cities.len());
    let mut enterprise_serial = 0usize;
    for city in cities {
        let quota = villages.per_city.get(*city).copied().unwrap_or(0);
        let mut count = (ENTERPRISES as f64 * quota as f64 / total_villages).round() as u64;
        let mut capacity_left = quota;
        while count > 0 || capacity_left > 0 {
            enterprise_serial += 1;
            let capacity: u64 = rng.random_range(1..=5);
            capacity_left = capacity_left.saturating_sub(capacity);
            count = count.saturating_sub(1);
            let mut sectors: Vec<&str> = (0..rng.random_range(1..=3))
                .map(|_| INDUSTRIES[rng.random_range(0..INDUSTRIES.len())])
                .collect();
            sectors.sort();
            sectors.dedup();
            let word = ENTERPRISE_WORDS[enterprise_serial % ENTERPRISE_WORDS.len()];
            enterprises.push(vec![
                format!("SYN-E{enterprise_serial:06}"),
                format!("{city}{word}合成{enterprise_serial}号有限公司"),
                city.to_string(),
                String::new(),
                capacity.to_string(),
                sectors.join(";"),
            ]);
        }
    }
    enterprises
}

/// The dataset's files: its manifest, districts, pairing map, quotas and totals (each with its 合计
/// row), no units, the villages (sorted by id) and the enterprises.
fn files(cities: &[&str], counties: &[Row], villages: Villages, enterprises: &[Row]) -> Files {
    let Villages {
        rows: mut villages,
        per_province,
        per_city,
    } = villages;
    let mut files = Files::new();
    files.insert("dataset.toml".into(), MANIFEST.as_bytes().to_vec());
    files.insert(
        "districts.csv".into(),
        to_csv(
            &["name"],
            &cities
                .iter()
                .map(|c| vec![c.to_string()])
                .collect::<Vec<_>>(),
        ),
    );
    files.insert(
        "counties.csv".into(),
        to_csv(
            &["name", "code", "province", "prefecture", "paired_district"],
            counties,
        ),
    );
    let mut quotas: Vec<Row> = cities
        .iter()
        .map(|c| {
            vec![
                c.to_string(),
                per_city.get(*c).copied().unwrap_or(0).to_string(),
            ]
        })
        .collect();
    quotas.push(vec![
        crate::validate::TOTAL_KEY.into(),
        villages.len().to_string(),
    ]);
    files.insert(
        "village_quotas.csv".into(),
        totals_csv(&["district", "quota"], &quotas),
    );
    let mut provinces: Vec<Row> = per_province
        .iter()
        .map(|(p, n)| vec![p.clone(), n.to_string()])
        .collect();
    provinces.push(vec![
        crate::validate::TOTAL_KEY.into(),
        villages.len().to_string(),
    ]);
    files.insert(
        "village_province_totals.csv".into(),
        totals_csv(&["province", "villages"], &provinces),
    );
    files.insert(
        "units.csv".into(),
        to_csv(&["name", "district", "min_villages"], &[]),
    );
    villages.sort();
    files.insert(
        "villages.csv".into(),
        to_csv(&["id", "name", "township", "county", "industry"], &villages),
    );
    files.insert(
        "enterprises.csv".into(),
        to_csv(
            &["id", "name", "district", "unit", "capacity", "sectors"],
            enterprises,
        ),
    );
    files
}

/// A table with a 合计 row, whose every column but the key must add up: no `source` column (the
/// manifest says the whole dataset is synthetic).
fn totals_csv(columns: &[&str], rows: &[Row]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(columns);
    for row in rows {
        let _ = writer.write_record(row);
    }
    writer.into_inner().unwrap_or_default()
}

const MANIFEST: &str = r#"# A national-scale synthetic instance of 万企帮万村, for measuring the tool at the size of the
# programme at its peak. Everything is generated (`pairplan generate --scale national`) except the 42
# real counties of the Tianjin map with their NBS codes and village names; codes starting with SYN and
# names with 合成 are synthetic. Not an official table of any kind.
name = "national-synthetic"
title = "全国万企帮万村（合成数据，规模参照高峰期，非官方）"
programs = ["villages"]

[[totals]]
file = "village_quotas.csv"
key = "district"

[[totals]]
file = "village_province_totals.csv"
key = "province"
"#;
