//! Any text as a dataset manifest: parsed, and its dates and file names judged as the loader judges
//! them (a name must stay inside the dataset folder).
#![no_main]

use libfuzzer_sys::fuzz_target;
use pairplan::load::file::inside;
use pairplan::load::{parse_toml, DatasetSpec, TextFile};
use pairplan::text::is_date;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let file = TextFile {
        name: "dataset.toml".into(),
        text: text.to_string(),
    };
    let Ok(spec) = parse_toml::<DatasetSpec>(&file) else {
        return;
    };
    let folder = std::path::Path::new("/nonexistent-pairplan-fuzz");
    for name in spec
        .ledger
        .iter()
        .chain(spec.totals.iter().map(|t| &t.file))
    {
        let _ = inside(folder, name);
    }
    for target in &spec.targets {
        let _ = is_date(&target.due);
        if let Some(file) = &target.file {
            let _ = inside(folder, file);
        }
        for requirement in &target.require {
            let _ = requirement.due.as_deref().map(is_date);
        }
    }
});
