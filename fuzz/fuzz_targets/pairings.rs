//! Any bytes as a pairings file (a ledger, a colleague's spreadsheet), audited against the embedded
//! villages program: rows resolved, unknown ids suggested, the plan checked and its coverage counted.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use pairplan::check::{check_plan, coverage, ledger_findings};
use pairplan::domain::Instance;
use pairplan::error::Problems;
use pairplan::load::{decode_text, read_pairings, Source, Table, TextFile};
use pairplan::validate;

fn villages() -> &'static Instance {
    static INSTANCE: OnceLock<Instance> = OnceLock::new();
    INSTANCE.get_or_init(|| {
        let data = Source::embedded_dataset();
        let dataset = validate::dataset(&data).expect("the embedded dataset is valid");
        let specs = validate::programs(&Source::embedded_models()).expect("embedded models");
        let spec = specs
            .iter()
            .find(|s| s.name == "villages")
            .expect("a villages model");
        validate::instance(&data, &dataset, spec).expect("the villages program is valid")
    })
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = decode_text(bytes.to_vec()) else {
        return;
    };
    let file = TextFile {
        name: "pairings.csv".into(),
        text,
    };
    let table = Table::parse(&file, &mut Problems::default());
    let Ok(rows) = read_pairings(&table) else {
        return;
    };
    let instance = villages();
    let ledger = pairplan::validate::ledger::resolve_for(instance, &file.name, rows);
    let plan = ledger.plan(instance);
    let _ = ledger_findings(instance, &ledger);
    let _ = check_plan(instance, &plan);
    let _ = coverage(instance, &plan);
});
