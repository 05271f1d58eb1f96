//! Any bytes as a workbook table (`.xlsx`, `.xls`, `.ods`): opened by calamine, its first sheet read
//! into rows and those into a table (titles, two-row header, 合计 rows). Errors are fine; a panic or a
//! hang is not; nor is memory past the bounds (run with `-rss_limit_mb=256`): the limits are set
//! low here so that every bomb meets them fast.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pairplan::error::Problems;
use pairplan::load::{workbook, Table};

fuzz_target!(|bytes: &[u8]| {
    pairplan::load::file::set_limits(pairplan::load::file::InputLimits {
        max_unpacked_bytes: 8 << 20,
        max_cells: 200_000,
        ..pairplan::load::file::InputLimits::DEFAULT
    });
    let Ok(sheet) = workbook::read_sheet(bytes.to_vec(), "fuzz.xlsx", None) else {
        return;
    };
    let table = Table::from_sheet_rows("fuzz.xlsx", sheet.rows, &mut Problems::default());
    if let Some(column) = (!table.headers.is_empty()).then_some(0) {
        let _ = table.shortened_ids(column, &mut Problems::default());
    }
});
