//! Any bytes as a dataset table: decoded (UTF-8 or GBK), parsed, and every cell read as each kind of
//! value. Problems are fine; a panic is not.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pairplan::error::Problems;
use pairplan::load::{decode_text, Table, TextFile};

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = decode_text(bytes.to_vec()) else {
        return;
    };
    let file = TextFile {
        name: "fuzz.csv".into(),
        text,
    };
    let mut problems = Problems::default();
    let table = Table::parse(&file, &mut problems);
    for record in &table.records {
        for column in 0..table.headers.len() {
            let _ = table.count(record, column, &mut problems);
            let _ = table.amount(record, column, &mut problems);
            let _ = table.text(record, column, &mut problems);
        }
    }
    for problem in problems.into_errors().0 {
        let _ = problem.to_string();
    }
});
