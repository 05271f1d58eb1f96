//! Instances shared by the benchmarks: the embedded programs and the villages on a replicated map.

#![allow(dead_code)]

use pairplan::domain::{CountyId, Instance, Rule};
use pairplan::load::Source;
use pairplan::validate;

/// The embedded villages program.
pub fn load_villages() -> Instance {
    load_program("villages")
}

/// An embedded program by name.
pub fn load_program(name: &str) -> Instance {
    let data = Source::embedded_dataset();
    let dataset = validate::dataset(&data).expect("embedded dataset is valid");
    let specs = validate::programs(&Source::embedded_models()).expect("embedded models are valid");
    let spec = specs
        .iter()
        .find(|s| s.name == name)
        .expect("a program of the models");
    validate::instance(&data, &dataset, spec).expect("the instance is valid")
}

/// The villages program on a map replicated `copies` times (counties, enterprises and villages
/// copied, quotas and unit minimums multiplied): how the model and the solver grow with the map, the
/// baseline for larger datasets.
pub fn replicated(copies: usize) -> Instance {
    let base = load_villages();
    let mut instance = base.clone();
    instance.counties.clear();
    instance.helpers.clear();
    instance.recipients.clear();
    let counties = base.counties.len();
    for copy in 0..copies {
        instance
            .counties
            .extend(base.counties.iter().cloned().map(|mut c| {
                c.name = format!("{}{copy}", c.name);
                c
            }));
        instance
            .helpers
            .extend(base.helpers.iter().cloned().map(|mut h| {
                h.id = format!("{}-{copy}", h.id);
                h
            }));
        instance
            .recipients
            .extend(base.recipients.iter().cloned().map(|mut r| {
                r.id = format!("{}-{copy}", r.id);
                r.county = r.county.map(|c| CountyId(c.0 + copy * counties));
                r
            }));
    }
    let times = copies as u32;
    for rule in &mut instance.rules {
        match rule {
            Rule::DistrictQuota { quotas } => quotas.values_mut().for_each(|q| *q *= times),
            Rule::UnitMinimum { minimums } => minimums.values_mut().for_each(|m| *m *= times),
            _ => {}
        }
    }
    instance
}
