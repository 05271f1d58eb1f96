//! Renderers, one module per kind of output, each laying out results computed below it (`summary`,
//! `check`, `change`, `sensitivity`): [`text`] the terminal's tables, [`csv`] CSV as Excel opens
//! it, [`sheets`] the tables of every output file and [`sheet`] their xlsx, CSV and JSON bytes,
//! [`json`] the JSON documents of the commands, [`html`] the report to look at, [`export`] a
//! description for other solvers, [`manifest`] what a plan was made from. [`output`] is the one
//! writer that puts bytes into a file (atomically, never over an input) or on standard output.

pub mod csv;
pub mod export;
pub mod html;
pub mod ics;
pub mod json;
pub mod manifest;
pub mod output;
pub mod sheet;
pub mod sheets;
pub mod text;

pub use output::{claim, write_atomically, Target};
pub use sheet::{Cell, Sheet};
