//! Hostile inputs: the small fixture with one file mangled — a token spliced in, a line dropped or
//! doubled, the file cut short or replaced by bytes that are not UTF-8. Whatever the damage, the
//! pipeline (load → validate → graph → solve → check, and the ledger audit) must answer with a plan or
//! with located problems, never a panic; and every problem it reports must name its file.

use std::collections::BTreeMap;
use std::path::Path;

use proptest::prelude::*;

use pairplan::check::{check_plan, ledger_findings};
use pairplan::cmd;
use pairplan::cmd::{DataArgs, Failure};
use pairplan::graph::PairingGraph;
use pairplan::load::{read_pairings, Source};
use pairplan::solve::solve;

use crate::harness::fixture;

/// Cells and characters that break naive parsers: separators, quotes, line ends, the total row's
/// key, numbers out of range or not numbers, full-width digits, a BOM, names and ids of the fixture.
const TOKENS: [&str; 20] = [
    ",",
    "\"",
    "\n",
    "\r\n",
    "合计",
    "-1",
    "0",
    "4294967296",
    "1e309",
    "NaN",
    "１２",
    "\u{feff}",
    "\t",
    "",
    "甲区",
    "E1",
    "99999999999999999999",
    "3.5",
    "一县",
    "rule = \"coverage\"",
];

/// One way to damage a file.
#[derive(Debug, Clone)]
enum Damage {
    /// Put a token at a character position (taken modulo the length).
    Splice(usize, &'static str),
    /// Replace the character run at a position, of this length, by a token.
    Overwrite(usize, usize, &'static str),
    /// Drop a line.
    DropLine(usize),
    /// Write a line twice.
    DoubleLine(usize),
    /// Cut the file at a character position.
    Truncate(usize),
    /// Replace the file by bytes that are not UTF-8 (as a GBK export would be).
    NotUtf8(Vec<u8>),
}

fn damage() -> impl Strategy<Value = Damage> {
    let token = prop::sample::select(&TOKENS[..]);
    prop_oneof![
        (any::<usize>(), token.clone()).prop_map(|(at, t)| Damage::Splice(at, t)),
        (any::<usize>(), 1..6usize, token).prop_map(|(at, n, t)| Damage::Overwrite(at, n, t)),
        any::<usize>().prop_map(Damage::DropLine),
        any::<usize>().prop_map(Damage::DoubleLine),
        any::<usize>().prop_map(Damage::Truncate),
        prop::collection::vec(0x80..=0xffu8, 1..20).prop_map(Damage::NotUtf8),
    ]
}

fn apply(text: &str, damage: &Damage) -> Vec<u8> {
    let chars: Vec<char> = text.chars().collect();
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let at = |i: usize| i % (chars.len() + 1);
    let joined = |cs: &[char]| cs.iter().collect::<String>();
    let out = match damage {
        Damage::Splice(i, token) => {
            let i = at(*i);
            format!("{}{token}{}", joined(&chars[..i]), joined(&chars[i..]))
        }
        Damage::Overwrite(i, n, token) => {
            let i = at(*i);
            let end = (i + n).min(chars.len());
            format!("{}{token}{}", joined(&chars[..i]), joined(&chars[end..]))
        }
        Damage::DropLine(i) if !lines.is_empty() => {
            let i = i % lines.len();
            lines
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, l)| *l)
                .collect()
        }
        Damage::DoubleLine(i) if !lines.is_empty() => {
            let i = i % lines.len();
            let mut out = String::new();
            for (j, line) in lines.iter().enumerate() {
                out.push_str(line);
                if j == i {
                    out.push_str(line);
                }
            }
            out
        }
        Damage::Truncate(i) => joined(&chars[..at(*i)]),
        Damage::NotUtf8(bytes) => return bytes.clone(),
        _ => text.to_string(),
    };
    out.into_bytes()
}

/// Every problem names a file of the input folders (perhaps one a damaged name points to), and a
/// line, where it gives one, counted from 1.
fn assert_located(failure: &Failure, folders: &[&Path]) -> Result<(), TestCaseError> {
    if let Failure::Input(errors) = failure {
        prop_assert!(!errors.0.is_empty());
        for problem in &errors.0 {
            prop_assert!(
                folders
                    .iter()
                    .any(|f| Path::new(&problem.file).starts_with(f)),
                "a problem names no file of the input: {problem:?}"
            );
            prop_assert!(problem.line != Some(0), "{problem:?}");
        }
    }
    Ok(())
}

/// The whole pipeline on a dataset and a models folder; returns how many plans were made.
fn run_pipeline(data: &Path, models: &Path, ledger: &str) -> Result<usize, TestCaseError> {
    let folders = [data, models];
    let args = DataArgs {
        data: Some(data.to_path_buf()),
        models: Some(models.to_path_buf()),
    };
    let mut inputs = match cmd::inputs(&args, None) {
        Ok(inputs) => inputs,
        Err(failure) => return assert_located(&failure, &folders).map(|()| 0),
    };
    let instances = inputs.instances();
    if let Err(errors) = std::mem::take(&mut inputs.problems).into_result(()) {
        return assert_located(&Failure::Input(errors), &folders).map(|()| 0);
    }
    let mut plans = 0;
    for instance in &instances {
        let graph = PairingGraph::build(instance);
        if let Ok(solved) = solve(instance, &graph) {
            let gaps = check_plan(instance, &solved.plan)
                .into_iter()
                .filter(|f| f.severity == pairplan::check::Severity::Gap)
                .count();
            prop_assert_eq!(gaps, 0, "a solved plan must pass check");
            plans += 1;
        }
        if let Some(table) = Source::Dir(data.to_path_buf())
            .read_table(ledger, &mut pairplan::error::Problems::default())
        {
            if let Ok(rows) = read_pairings(&table) {
                let resolved = pairplan::validate::ledger::resolve_for(instance, ledger, rows);
                let _ = check_plan(instance, &resolved.plan(instance));
                let _ = ledger_findings(instance, &resolved);
            }
        }
    }
    Ok(plans)
}

/// The fixture with a ledger and the real villages model, as (file name, bytes).
fn pristine() -> (BTreeMap<String, Vec<u8>>, String) {
    let mut files: BTreeMap<String, Vec<u8>> = fixture()
        .into_iter()
        .map(|(name, text)| (name.to_string(), text.into_bytes()))
        .collect();
    // The manifest names a ledger, so the default audit has one to read.
    let manifest = String::from_utf8(files["dataset.toml"].clone())
        .unwrap()
        .replacen(
            "programs = [\"villages\"]\n",
            "programs = [\"villages\"]\nledger = \"ledger.csv\"\n",
            1,
        );
    files.insert("dataset.toml".into(), manifest.into_bytes());
    files.insert(
        "ledger.csv".into(),
        b"program,recipient_id,helper_id\nvillages,620001000001,E1\nvillages,620002000001,E4\n"
            .to_vec(),
    );
    let villages =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("models/villages.toml")).unwrap();
    files.insert("models/villages.toml".into(), villages);
    (files, "ledger.csv".to_string())
}

fn write(files: &BTreeMap<String, Vec<u8>>) -> (tempfile::TempDir, tempfile::TempDir) {
    let data = tempfile::tempdir().unwrap();
    let models = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let path = match name.strip_prefix("models/") {
            Some(model) => models.path().join(model),
            None => data.path().join(name),
        };
        std::fs::write(path, bytes).unwrap();
    }
    (data, models)
}

#[test]
fn the_pristine_fixture_plans() {
    let (files, ledger) = pristine();
    let (data, models) = write(&files);
    let plans = run_pipeline(data.path(), models.path(), &ledger).unwrap();
    assert_eq!(plans, 1, "the undamaged fixture gives the villages plan");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn damaged_inputs_never_panic(pick in any::<prop::sample::Index>(), damage in damage()) {
        let (mut files, ledger) = pristine();
        let name = files.keys().nth(pick.index(files.len())).unwrap().clone();
        let text = String::from_utf8(files[&name].clone()).unwrap();
        files.insert(name, apply(&text, &damage));
        let (data, models) = write(&files);
        run_pipeline(data.path(), models.path(), &ledger)?;
    }
}
