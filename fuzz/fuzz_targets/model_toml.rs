//! Any text as a program model, validated against the embedded Tianjin dataset: the rules and
//! tables it names are resolved, the graph built and the data checked. Solving is left out (a
//! valid model of the full dataset takes a second), the rest must never panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use pairplan::check::check_data;
use pairplan::graph::PairingGraph;
use pairplan::load::{parse_program, Source, TextFile};
use pairplan::validate::{self, Dataset};

fn dataset() -> &'static Dataset {
    static DATASET: OnceLock<Dataset> = OnceLock::new();
    DATASET.get_or_init(|| {
        validate::dataset(&Source::embedded_dataset()).expect("the embedded dataset is valid")
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
    let Ok(spec) = parse_program(&file) else {
        return;
    };
    if let Ok(instance) = validate::instance(&Source::embedded_dataset(), dataset(), &spec) {
        let graph = PairingGraph::build(&instance);
        let _ = check_data(&instance, &graph);
    }
});
