//! End-to-end tests of the `pairplan` binary: fixtures are written to a temp dir, the binary runs,
//! and its output and exit code are parsed back.

mod architecture;
mod bad_input;
mod bad_input_corpus;
mod candidates;
mod check;
mod due;
mod export;
mod generate;
mod harness;
mod help;
mod hostile;
mod hostile_workbooks;
mod language;
mod ledgers;
mod next_year;
mod own_data;
mod pair_rules;
mod plan;
mod program_fixtures;
mod programs;
mod report;
mod right_answers;
mod safety;
mod seed;
mod seed_programs;
mod seed_readings;
mod snapshots;
mod targets;
mod tenures;
mod whatif;
mod workbook;
