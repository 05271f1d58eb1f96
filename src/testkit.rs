//! Small random instances for property tests.

use std::collections::BTreeMap;

use proptest::prelude::*;

use crate::domain::*;

/// Parameters of a small random instance: helpers `(district, capacity, skill)`, recipients
/// `(county, trait, intended district)`; counties 0..3 are paired with districts `[0, 1, 2]`
/// where district 2 gets no quota unless a recipient is intended for it.
pub type Params = (
    Vec<(usize, u32, usize)>,
    Vec<(usize, usize, usize)>,
    bool,
    u32,
);

pub fn instance(params: &Params) -> Instance {
    let (helper_specs, recipient_specs, with_unit, unit_min) = params;
    let traits = ["苹果", "百合"];
    let districts: Vec<District> = ["甲区", "乙区", "丙区"]
        .iter()
        .map(|n| District {
            name: n.to_string(),
        })
        .collect();
    let counties: Vec<County> = (0..3)
        .map(|c| County {
            name: format!("{c}县"),
            code: format!("62000{c}"),
            province: "甘肃省".into(),
            prefecture: "某市".into(),
            paired_district: DistrictId(c),
            deep_poverty: true,
        })
        .collect();
    let mut quotas: BTreeMap<DistrictId, Count> = BTreeMap::new();
    for &(_, _, intended) in recipient_specs {
        *quotas.entry(DistrictId(intended)).or_default() += 1;
    }
    let helpers = feasible_helpers(helper_specs, *with_unit, &quotas, &traits);
    let unit_capacity: Count = helpers
        .iter()
        .filter(|h| h.unit.is_some())
        .map(|h| h.capacity)
        .sum();
    let unit_min = (*unit_min)
        .min(unit_capacity)
        .min(quotas.get(&DistrictId(0)).copied().unwrap_or(0));
    let recipients = recipient_specs
        .iter()
        .enumerate()
        .map(|(r, &(county, main_trait, _))| Recipient {
            id: format!("R{r:02}"),
            name: format!("{r}村"),
            county: Some(CountyId(county)),
            main_trait: traits[main_trait].to_string(),
            region_districts: Vec::new(),
            tenure: None,
        })
        .collect();
    let mut rules = vec![
        Rule::Coverage {
            min: 1,
            max: Some(1),
        },
        Rule::DistrictQuota { quotas },
        Rule::HelperCapacity,
    ];
    if *with_unit {
        rules.push(Rule::UnitMinimum {
            minimums: BTreeMap::from([(UnitId(0), unit_min)]),
        });
    }
    Instance {
        program: test_program(),
        rules: rules.into_iter().collect(),
        costs: Costs {
            off_map: Some(100.0),
            trait_mismatch: 10.0,
            balance: 1.0,
            change: crate::domain::DEFAULT_CHANGE,
        },
        districts,
        units: vec![Unit {
            name: "某单位".into(),
            district: DistrictId(0),
        }],
        counties,
        helpers,
        recipients,
        previous: Vec::new(),
        change_budget: None,
        continuing: Vec::new(),
    }
}

/// The helpers `(district, capacity, skill)` as specified (every other one of district 0 in the
/// unit, `with_unit`), plus one for each district whose helpers cannot cover its quota, so that
/// the instance is feasible.
fn feasible_helpers(
    helper_specs: &[(usize, u32, usize)],
    with_unit: bool,
    quotas: &BTreeMap<DistrictId, Count>,
    traits: &[&str],
) -> Vec<Helper> {
    let mut helpers: Vec<Helper> = helper_specs
        .iter()
        .enumerate()
        .map(|(h, &(district, capacity, skill))| Helper {
            id: format!("H{h}"),
            name: format!("公司{h}"),
            district: Some(DistrictId(district)),
            unit: (with_unit && district == 0 && h % 2 == 0).then_some(UnitId(0)),
            capacity,
            skills: Skills::from_iter([traits[skill]]),
        })
        .collect();
    for (district, &quota) in quotas {
        let capacity: Count = helpers
            .iter()
            .filter(|h| h.district == Some(*district))
            .map(|h| h.capacity)
            .sum();
        if capacity < quota {
            let h = helpers.len();
            helpers.push(Helper {
                id: format!("H{h}"),
                name: format!("公司{h}"),
                district: Some(*district),
                unit: None,
                capacity: quota - capacity,
                skills: Skills::default(),
            });
        }
    }
    helpers
}

/// The program every test instance is: plain pairings, named for the tests.
fn test_program() -> ProgramInfo {
    ProgramInfo {
        name: "test".into(),
        title: "测试".into(),
        unit_noun: "pairings".into(),
        source: "test".into(),
        helper_noun: "helpers".into(),
        recipient_noun: "recipients".into(),
        capacity_source: None,
        inputs: Vec::new(),
        due: None,
        not_checked: Vec::new(),
    }
}

pub fn params(max_recipients: usize) -> impl Strategy<Value = Params> {
    (
        prop::collection::vec((0..3usize, 0..4u32, 0..2usize), 1..5),
        prop::collection::vec((0..3usize, 0..2usize, 0..3usize), 1..=max_recipients),
        any::<bool>(),
        0..4u32,
    )
}

/// A pure one-to-one instance: `n` helpers of capacity 1, `n` recipients, every pair allowed at the
/// cost `costs[recipient][helper]`, no balance term.
pub fn one_to_one(costs: &[Vec<i64>]) -> Instance {
    let n = costs.len();
    let mut base = instance(&(vec![], vec![], false, 0));
    base.helpers = (0..n)
        .map(|h| Helper {
            id: format!("H{h}"),
            name: format!("医院{h}"),
            district: Some(DistrictId(0)),
            unit: None,
            capacity: 1,
            skills: Skills::default(),
        })
        .collect();
    base.recipients = (0..n)
        .map(|r| Recipient {
            id: format!("R{r:02}"),
            name: format!("科室{r}"),
            county: Some(CountyId(0)),
            main_trait: String::new(),
            region_districts: Vec::new(),
            tenure: None,
        })
        .collect();
    let pairs = (0..n)
        .flat_map(|r| (0..n).map(move |h| (r, h)))
        .map(|(r, h)| ((RecipientId(r), HelperId(h)), costs[r][h] as f64))
        .collect();
    base.rules = RuleSet::from([
        Rule::Coverage {
            min: 1,
            max: Some(1),
        },
        Rule::HelperCapacity,
        Rule::AllowedPairs { costs: pairs },
    ]);
    base.costs = Costs {
        off_map: None,
        trait_mismatch: 0.0,
        balance: 0.0,
        change: crate::domain::DEFAULT_CHANGE,
    };
    base
}

/// Parameters of a 院包科 team: helpers `(capacity, speciality)` and recipients `(speciality)`, no
/// more recipients than helpers.
pub type Team = (Vec<(u32, usize)>, Vec<usize>);

pub fn team(max_helpers: usize) -> impl Strategy<Value = Team> {
    prop::collection::vec((1..4u32, 0..3usize), 1..=max_helpers).prop_flat_map(|helpers| {
        let most = helpers.len().min(3);
        (Just(helpers), prop::collection::vec(0..3usize, 1..=most))
    })
}

/// A 院包科 team as an instance: recipients outside the map, each exactly one helper, each helper at
/// most one recipient, at least one unit each, `recipients + extra` units in all (capped so the
/// busiest helpers can send them), mismatches and load balanced.
pub fn team_instance(team: &Team, extra: u32) -> Instance {
    let (helper_specs, recipient_specs) = team;
    let specialities = ["眼科", "骨科", "儿科"];
    let mut base = instance(&(vec![], vec![], false, 0));
    base.helpers = helper_specs
        .iter()
        .enumerate()
        .map(|(h, &(capacity, skill))| Helper {
            id: format!("H{h}"),
            name: format!("医院{h}"),
            district: None,
            unit: None,
            capacity,
            skills: Skills::from_iter([specialities[skill]]),
        })
        .collect();
    base.recipients = recipient_specs
        .iter()
        .enumerate()
        .map(|(r, &speciality)| Recipient {
            id: format!("D{r}"),
            name: format!("科室{r}"),
            county: None,
            main_trait: specialities[speciality].to_string(),
            region_districts: Vec::new(),
            tenure: None,
        })
        .collect();
    let n = base.recipients.len();
    let mut capacities: Vec<u32> = helper_specs.iter().map(|&(c, _)| c).collect();
    capacities.sort_unstable_by(|a, b| b.cmp(a));
    let reachable: u32 = capacities.iter().take(n).sum();
    base.rules = RuleSet::from([
        Rule::Coverage {
            min: 1,
            max: Some(1),
        },
        Rule::HelperPartners { max: 1 },
        Rule::RecipientUnits { min: 1, max: None },
        Rule::TotalUnits {
            total: (n as u32 + extra).min(reachable),
        },
        Rule::HelperCapacity,
    ]);
    base.costs = Costs {
        off_map: None,
        trait_mismatch: 3.0,
        balance: 1.0,
        change: crate::domain::DEFAULT_CHANGE,
    };
    base
}
