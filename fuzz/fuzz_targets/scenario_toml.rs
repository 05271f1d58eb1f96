//! Any text as a what-if scenario, applied to the embedded Tianjin instances: names resolved, edits
//! applied, the graph of every edited program built. Solving is left out; the rest must never panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use pairplan::domain::Instance;
use pairplan::graph::PairingGraph;
use pairplan::load::{parse_scenario, Source, TextFile};
use pairplan::{scenario, validate};

fn baseline() -> &'static [Instance] {
    static INSTANCES: OnceLock<Vec<Instance>> = OnceLock::new();
    INSTANCES.get_or_init(|| {
        let data = Source::embedded_dataset();
        let dataset = validate::dataset(&data).expect("the embedded dataset is valid");
        validate::programs(&Source::embedded_models())
            .expect("the embedded models are valid")
            .iter()
            .map(|spec| validate::instance(&data, &dataset, spec).expect("a valid program"))
            .collect()
    })
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let file = TextFile {
        name: "fuzz.toml".into(),
        text: text.to_string(),
    };
    let Ok(spec) = parse_scenario(&file) else {
        return;
    };
    if let Ok(edited) = scenario::apply(&spec, baseline()) {
        for instance in &edited {
            let _ = PairingGraph::build(instance);
        }
    }
});
