//! The bad-input corpus: every file of `tests/bad_inputs/*.toml` is one case — a small valid work
//! folder (the harness fixture in `data/`, the villages model in `models/`, a ledger), damaged as the
//! case says, and a command run on it. Each case names its exit code and the words its message must
//! contain; every case must also end within the time limit, never panic, and leave the work folder
//! exactly as it was (no output file, no temporary file, no input changed).
//!
//! A case file:
//!
//! ```toml
//! about = "what it proves"
//! args = ["plan", "--data", "{data}", "--out", "{work}/plan.csv"]
//! code = 2
//! stderr = ["villages.csv:3", "expected a known county"]
//! [files]          # text written over the base folder
//! "data/units.csv" = "name,min_villages\n"
//! [bytes]          # the same, `\xHH` giving bytes that are not UTF-8
//! [replace]        # edits of base files: [[from, to], …]
//! "data/enterprises.csv" = [["E5,", "E4,"]]
//! remove = ["data/units.csv"]
//! symlinks = { "data/villages.csv" = "/dev/zero" }
//! fifos = ["data/villages.csv"]
//! devices = { "myfull" = [1, 7] }   # a character device (mknod: root only, else the case is skipped)
//! readonly = ["pairings.csv"]
//! hardlinks = { "copy.csv" = "data/villages.csv" }
//! copy_dirs = { "official" = "data/tianjin-2019" }   # a folder of the repository
//! stderr_not = ["xxxxxxxxxx"]                        # words the message must not contain
//! big = { "data/villages.csv" = { head = "id,name\n", fill = "x", bytes = 100000 } }
//! env = { RAYON_NUM_THREADS = "1" }
//! [workbooks."p.xlsx"]                               # an .xlsx written with rust_xlsxwriter
//! sheets = { "结对" = [["program", "helper_id"], ["villages", "E1"]] }
//! merge = [["结对", 1, 0, 2, 0]]                     # sheet, first row, first col, last row, last col
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::Deserialize;

use crate::harness::fixture;

/// A workbook a case writes: sheets of text cells (in order), and cells to merge.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WorkbookSpec {
    sheets: toml::Table,
    #[serde(default)]
    merge: Vec<(String, u32, u16, u32, u16)>,
}

impl WorkbookSpec {
    fn bytes(&self) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        for (name, rows) in &self.sheets {
            let sheet = book.add_worksheet();
            sheet.set_name(name).unwrap();
            for (r, row) in rows.as_array().into_iter().flatten().enumerate() {
                for (c, cell) in row.as_array().into_iter().flatten().enumerate() {
                    let (r, c) = (r as u32, c as u16);
                    match cell {
                        toml::Value::Integer(n) => sheet.write_number(r, c, *n as f64),
                        toml::Value::Float(f) => sheet.write_number(r, c, *f),
                        other => sheet.write_string(r, c, other.as_str().unwrap_or_default()),
                    }
                    .unwrap();
                }
            }
            for (merged, r1, c1, r2, c2) in &self.merge {
                if merged == name {
                    // The merged area shows its first cell's value.
                    let first = rows
                        .as_array()
                        .and_then(|rows| rows.get(*r1 as usize))
                        .and_then(|row| row.as_array()?.get(*c1 as usize))
                        .and_then(|cell| cell.as_str())
                        .unwrap_or_default();
                    sheet
                        .merge_range(*r1, *c1, *r2, *c2, first, &rust_xlsxwriter::Format::new())
                        .unwrap();
                }
            }
        }
        book.save_to_buffer().unwrap()
    }
}

/// How long one case may run: every case is a small folder, so anything near this is a hang.
const CASE_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    about: String,
    args: Vec<String>,
    code: i32,
    #[serde(default)]
    stderr: Vec<String>,
    #[serde(default)]
    stderr_not: Vec<String>,
    #[serde(default)]
    stdout: Vec<String>,
    #[serde(default)]
    copy_dirs: BTreeMap<String, String>,
    #[serde(default)]
    hardlinks: BTreeMap<String, String>,
    #[serde(default)]
    files: BTreeMap<String, String>,
    #[serde(default)]
    bytes: BTreeMap<String, String>,
    #[serde(default)]
    workbooks: BTreeMap<String, WorkbookSpec>,
    #[serde(default)]
    replace: BTreeMap<String, Vec<[String; 2]>>,
    #[serde(default)]
    remove: Vec<String>,
    #[serde(default)]
    symlinks: BTreeMap<String, String>,
    #[serde(default)]
    fifos: Vec<String>,
    #[serde(default)]
    devices: BTreeMap<String, [u32; 2]>,
    #[serde(default)]
    readonly: Vec<String>,
    #[serde(default)]
    big: BTreeMap<String, Big>,
    #[serde(default)]
    env: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Big {
    head: String,
    fill: String,
    bytes: usize,
}

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_inputs")
}

/// The valid folder every case starts from.
fn base(work: &Path) {
    std::fs::create_dir_all(work.join("data")).unwrap();
    std::fs::create_dir_all(work.join("models")).unwrap();
    for (name, text) in fixture() {
        let text = if name == "dataset.toml" {
            text.replacen(
                "programs = [\"villages\"]\n",
                "programs = [\"villages\"]\nledger = \"ledger.csv\"\n",
                1,
            )
        } else {
            text
        };
        std::fs::write(work.join("data").join(name), text).unwrap();
    }
    let ledger =
        "program,recipient_id,helper_id\nvillages,620001000001,E1\nvillages,620002000001,E4\n";
    std::fs::write(work.join("data/ledger.csv"), ledger).unwrap();
    std::fs::write(work.join("pairings.csv"), ledger).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("models/villages.toml"),
        work.join("models/villages.toml"),
    )
    .unwrap();
}

/// `\xHH` escapes to bytes, everything else as UTF-8.
fn unescape(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("\\x") {
        out.extend_from_slice(&rest.as_bytes()[..at]);
        let hex = &rest[at + 2..at + 4];
        out.push(u8::from_str_radix(hex, 16).expect("two hex digits after \\x"));
        rest = &rest[at + 4..];
    }
    out.extend_from_slice(rest.as_bytes());
    out
}

/// Every regular file under the folder, with its bytes, and every other entry by kind.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().flatten() {
            let path = entry.path();
            let kind = entry.file_type().unwrap();
            let relative = path.strip_prefix(dir).unwrap().to_path_buf();
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file() {
                found.insert(relative, std::fs::read(&path).unwrap());
            } else {
                found.insert(relative, format!("{kind:?}").into_bytes());
            }
        }
    }
    found
}

/// Sets a case up in `work`; `Err` names why it cannot run here (devices without root).
fn prepare(case: &Case, work: &Path) -> Result<(), String> {
    base(work);
    for (name, source) in &case.copy_dirs {
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join(source);
        std::fs::create_dir_all(work.join(name)).unwrap();
        for entry in std::fs::read_dir(from).unwrap().flatten() {
            std::fs::copy(entry.path(), work.join(name).join(entry.file_name())).unwrap();
        }
    }
    let put = |name: &str, bytes: &[u8]| {
        let path = work.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    };
    for (name, text) in &case.files {
        put(name, text.as_bytes());
    }
    for (name, text) in &case.bytes {
        put(name, &unescape(text));
    }
    for (name, workbook) in &case.workbooks {
        put(name, &workbook.bytes());
    }
    for (name, edits) in &case.replace {
        let path = work.join(name);
        let mut text = std::fs::read_to_string(&path).unwrap();
        for [from, to] in edits {
            assert!(text.contains(from.as_str()), "{name} has no {from:?}");
            text = text.replace(from.as_str(), to);
        }
        std::fs::write(&path, text).unwrap();
    }
    for (name, big) in &case.big {
        let mut bytes = big.head.clone().into_bytes();
        while bytes.len() < big.bytes {
            bytes.extend_from_slice(big.fill.as_bytes());
        }
        put(name, &bytes);
    }
    for name in &case.remove {
        std::fs::remove_file(work.join(name)).unwrap();
    }
    for (name, target) in &case.symlinks {
        let path = work.join(name);
        let _ = std::fs::remove_file(&path);
        let target = target.replace("{work}", work.to_str().unwrap());
        std::os::unix::fs::symlink(target, &path).unwrap();
    }
    for (name, target) in &case.hardlinks {
        std::fs::hard_link(work.join(target), work.join(name)).unwrap();
    }
    for name in &case.fifos {
        let path = work.join(name);
        let _ = std::fs::remove_file(&path);
        let made = Command::new("mkfifo").arg(&path).status();
        if !made.is_ok_and(|s| s.success()) {
            return Err("mkfifo is not available".into());
        }
    }
    for (name, [major, minor]) in &case.devices {
        let made = Command::new("mknod")
            .arg(work.join(name))
            .args(["c", &major.to_string(), &minor.to_string()])
            .stderr(Stdio::null())
            .status();
        if !made.is_ok_and(|s| s.success()) {
            return Err("mknod needs root".into());
        }
    }
    for name in &case.readonly {
        let path = work.join(name);
        let mut permissions = std::fs::metadata(&path).unwrap().permissions();
        permissions.set_readonly(true);
        std::fs::set_permissions(&path, permissions).unwrap();
    }
    Ok(())
}

/// Runs one case; `Ok(None)` when it passed, `Ok(Some(reason))` when it was skipped.
fn run_case(name: &str, case: &Case) -> Result<Option<String>, String> {
    let work = tempfile::tempdir().unwrap();
    if let Err(reason) = prepare(case, work.path()) {
        return Ok(Some(reason));
    }
    let before = snapshot(work.path());
    let fill = |arg: &String| {
        arg.replace("{work}", work.path().to_str().unwrap())
            .replace("{data}", work.path().join("data").to_str().unwrap())
            .replace("{models}", work.path().join("models").to_str().unwrap())
    };
    let args: Vec<String> = case.args.iter().map(fill).collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_pairplan"))
        .args(&args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .envs(&case.env)
        .current_dir(work.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > CASE_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "{name}: still running after {CASE_TIMEOUT:?} (a hang)"
            ));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut wrong = Vec::new();
    if stderr.contains("panicked") || status.code().is_none() {
        wrong.push(format!("it crashed ({status})"));
    }
    if status.code() != Some(case.code) {
        wrong.push(format!("exit {:?}, expected {}", status.code(), case.code));
    }
    for words in &case.stderr {
        if !stderr.contains(&fill(words)) {
            wrong.push(format!("stderr lacks {words:?}"));
        }
    }
    for words in &case.stderr_not {
        if stderr.contains(&fill(words)) {
            wrong.push(format!("stderr contains {words:?}"));
        }
    }
    for words in &case.stdout {
        if !stdout.contains(&fill(words)) {
            wrong.push(format!("stdout lacks {words:?}"));
        }
    }
    let after = snapshot(work.path());
    if after != before {
        let changed: Vec<_> = before
            .keys()
            .chain(after.keys())
            .filter(|k| before.get(*k) != after.get(*k))
            .collect();
        wrong.push(format!("the folder changed: {changed:?}"));
    }
    if wrong.is_empty() {
        Ok(None)
    } else {
        Err(format!(
            "{name} ({}): {}\n  args: {args:?}\n  stderr: {stderr}\n  stdout: {}",
            case.about,
            wrong.join("; "),
            stdout.chars().take(400).collect::<String>()
        ))
    }
}

#[test]
fn every_bad_input_is_refused_with_its_message_and_leaves_nothing() {
    let mut names: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    names.sort();
    assert!(names.len() >= 60, "{} cases", names.len());
    let mut failures = Vec::new();
    let mut skipped = Vec::new();
    for path in &names {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(path).unwrap();
        let case: Case = match toml::from_str(&text) {
            Ok(case) => case,
            Err(err) => {
                failures.push(format!("{name}: the case file is invalid: {err}"));
                continue;
            }
        };
        match run_case(&name, &case) {
            Ok(None) => {}
            Ok(Some(reason)) => skipped.push(format!("{name} ({reason})")),
            Err(failure) => failures.push(failure),
        }
    }
    if !skipped.is_empty() {
        eprintln!("skipped here: {}", skipped.join(", "));
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        names.len(),
        failures.join("\n\n")
    );
}

#[test]
fn escapes_decode() {
    assert_eq!(unescape("a\\xffb\\x00"), vec![b'a', 0xff, b'b', 0]);
}
