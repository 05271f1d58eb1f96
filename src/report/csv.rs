//! CSV as Excel and WPS open it: a byte-order mark, and text that could be read as a formula or a
//! number kept as text.

/// Written first in every CSV the planners open: without it Excel takes a UTF-8 file for the local
/// code page and shows the Chinese as mojibake. pairplan's own reader skips it.
pub const EXCEL_BOM: &[u8] = "\u{feff}".as_bytes();

/// A cell of a CSV the planners open: text that Excel or WPS would take for a formula (it starts
/// with `=`, `+`, `-`, `@` or a control character) gets a leading `'`, so that a name or id typed
/// into an input table cannot run as a formula in the planners' copy of the output. Ids and names
/// alike; every reader of pairplan drops one leading `'` ([`crate::load::normalize_cell`]), so the
/// file still reads back, and every other cell is written exactly as given.
///
/// ```
/// assert_eq!(pairplan::report::csv::excel_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
/// assert_eq!(pairplan::report::csv::excel_text("和平区"), "和平区");
/// ```
pub fn excel_text(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}").into(),
        _ => text.into(),
    }
}
