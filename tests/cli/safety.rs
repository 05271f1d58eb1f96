//! What the tool promises about files and streams: outputs never replace inputs, an interrupted
//! write leaves nothing behind, standard output errors are reported, and the output does not depend
//! on the number of threads.

use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use proptest::prelude::*;

use crate::harness::{fixture, on_data, pairplan, write_dataset};

fn binary() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pairplan"));
    command
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C");
    command
}

#[test]
fn a_failing_standard_output_exits_4_and_a_closed_pipe_exits_0() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full exists on Linux");
    let status = binary()
        .args(["plan", "--program", "villages"])
        .stdout(full)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(4));
    let mut child = binary()
        .args(["plan", "--program", "villages"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    assert_eq!(child.wait().unwrap().code(), Some(0));
}

/// Starts `plan --out DIR/plan.csv` paused before its rename, waits for its temp file, sends the
/// signal and returns the exit code.
fn interrupt_while_writing(signal: &str) -> (i32, tempfile::TempDir) {
    let data = write_dataset(&fixture());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.csv");
    let mut child = binary()
        .args(["plan", "--data", data.path().to_str().unwrap(), "--out"])
        .arg(&out)
        .env("PAIRPLAN_TEST_PAUSE_BEFORE_RENAME_MS", "20000")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Each run's temporary file carries its process number.
    let temp = dir
        .path()
        .join(format!(".plan.csv.pairplan-{}.tmp", child.id()));
    let started = Instant::now();
    while !temp.exists() {
        assert!(started.elapsed() < Duration::from_secs(20), "no temp file");
        std::thread::sleep(Duration::from_millis(10));
    }
    let sent = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let code = child.wait().unwrap().code().unwrap_or(-1);
    assert!(!temp.exists(), "the temp file was removed on {signal}");
    assert!(!out.exists(), "no output on {signal}");
    (code, dir)
}

#[test]
fn sigint_and_sigterm_while_writing_remove_the_temp_file() {
    assert_eq!(interrupt_while_writing("-INT").0, 130);
    assert_eq!(interrupt_while_writing("-TERM").0, 143);
}

#[test]
fn a_stale_temp_file_is_removed_by_the_next_run_and_modes_follow_the_umask_or_the_old_file() {
    let data = write_dataset(&fixture());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.csv");
    // Left by a run killed with SIGKILL: its process (above Linux's pid_max) is gone.
    let temp = dir.path().join(".plan.csv.pairplan-4194305.tmp");
    std::fs::write(&temp, "left by a run killed with SIGKILL").unwrap();
    // A run writing the same target now: its temporary file is not stale.
    let live = dir
        .path()
        .join(format!(".plan.csv.pairplan-{}.tmp", std::process::id()));
    std::fs::write(&live, "being written").unwrap();
    let status = Command::new("sh")
        .arg("-c")
        .arg("umask 022 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_pairplan"))
        .args(["plan", "--data", data.path().to_str().unwrap(), "--out"])
        .arg(&out)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    assert!(!temp.exists());
    assert!(live.exists(), "a live run's temporary file is left alone");
    std::fs::remove_file(&live).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&out), 0o644, "a new file takes the umask");
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o600)).unwrap();
    let run = on_data("plan", data.path(), &["--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(mode(&out), 0o600, "a replaced file keeps its mode");
}

#[test]
fn out_dash_writes_the_csv_to_standard_output_and_the_summary_to_standard_error() {
    let run = pairplan(&["plan", "--program", "villages", "--out", "-"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("\u{feff}program,recipient_id"));
    assert!(run.stderr.contains("万企帮万村"));
}

#[test]
fn the_output_does_not_depend_on_the_number_of_threads() {
    let dir = tempfile::tempdir().unwrap();
    let mut outputs = Vec::new();
    for threads in ["1", "2"] {
        let out = dir.path().join(format!("plan-{threads}.csv"));
        let output = binary()
            .args(["plan", "--out"])
            .arg(&out)
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert!(output.status.success());
        outputs.push((output.stdout, std::fs::read(&out).unwrap()));
    }
    assert!(outputs[0] == outputs[1], "threads change the output");
}

#[test]
fn unknown_references_are_listed_by_line_number_as_numbers() {
    let data = write_dataset(&fixture());
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.csv");
    let mut text = String::from("program,helper_id,recipient_id\n");
    for line in 2..=120 {
        text.push_str(&format!("villages,E{line},620001000001\n"));
    }
    std::fs::write(&ledger, text).unwrap();
    let run = on_data(
        "check",
        data.path(),
        &["--pairings", ledger.to_str().unwrap(), "--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let lines: Vec<u64> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "unknown_reference")
        .filter_map(|f| {
            let subject = f["subject"].as_str()?;
            subject.rsplit(':').next()?.split(' ').next()?.parse().ok()
        })
        .collect();
    assert!(lines.len() > 100, "{lines:?}");
    assert!(lines.windows(2).all(|w| w[0] < w[1]), "{lines:?}");
}

/// The inputs of a run on the fixture with a models folder and a pairings file.
const INPUTS: [&str; 6] = [
    "data/dataset.toml",
    "data/villages.csv",
    "data/enterprises.csv",
    "data/village_quotas.csv",
    "models/villages.toml",
    "pairings.csv",
];

/// Ways to name a file other than its own path.
#[derive(Debug, Clone, Copy)]
enum Spelling {
    Plain,
    DotSegments,
    SymbolicLink,
    HardLink,
}

fn spelled(work: &Path, input: &str, spelling: Spelling) -> PathBuf {
    let path = work.join(input);
    match spelling {
        Spelling::Plain => path,
        Spelling::DotSegments => {
            let (folder, name) = input.split_once('/').unwrap_or(("", input));
            work.join("data")
                .join("..")
                .join(folder)
                .join(".")
                .join(name)
        }
        Spelling::SymbolicLink => {
            let link = work.join("link.csv");
            std::os::unix::fs::symlink(&path, &link).unwrap();
            link
        }
        Spelling::HardLink => {
            let link = work.join("hard.csv");
            std::fs::hard_link(&path, &link).unwrap();
            link
        }
    }
}

fn contents(work: &Path) -> Vec<Vec<u8>> {
    let mut all = Vec::new();
    for input in INPUTS {
        let mut bytes = Vec::new();
        std::fs::File::open(work.join(input))
            .unwrap()
            .read_to_end(&mut bytes)
            .unwrap();
        all.push(bytes);
    }
    all
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// `--out` naming any file the run reads, however spelt, is refused and changes nothing.
    #[test]
    fn out_never_changes_a_file_that_was_read(
        input in prop::sample::select(&INPUTS[..]),
        spelling in prop::sample::select(&[
            Spelling::Plain, Spelling::DotSegments, Spelling::SymbolicLink, Spelling::HardLink,
        ][..]),
        check in any::<bool>(),
    ) {
        let work = tempfile::tempdir().unwrap();
        let data = work.path().join("data");
        let models = work.path().join("models");
        std::fs::create_dir_all(&data).unwrap();
        std::fs::create_dir_all(&models).unwrap();
        for (name, text) in fixture() {
            std::fs::write(data.join(name), text).unwrap();
        }
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("models/villages.toml"),
            models.join("villages.toml"),
        ).unwrap();
        std::fs::write(
            work.path().join("pairings.csv"),
            "program,helper_id,recipient_id\nvillages,E1,620001000001\n",
        ).unwrap();
        let before = contents(work.path());
        let out = spelled(work.path(), input, spelling);
        let mut command = binary();
        command.arg(if check { "check" } else { "plan" });
        command.arg("--data").arg(&data).arg("--models").arg(&models).arg("--out").arg(&out);
        if check {
            command.arg("--pairings").arg(work.path().join("pairings.csv"));
        }
        let output = command.output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        // `plan` reads no pairings file: writing there is allowed, and is not this property.
        if !check && input == "pairings.csv" {
            return Ok(());
        }
        prop_assert_eq!(output.status.code(), Some(2), "{}", stderr);
        prop_assert!(stderr.contains("is an input of this run"), "{}", stderr);
        prop_assert!(contents(work.path()) == before, "an input changed");
    }
}

#[test]
fn runs_writing_one_file_at_once_never_undo_each_other() {
    let data = write_dataset(&fixture());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("same.csv");
    let children: Vec<_> = (0..12)
        .map(|_| {
            binary()
                .args(["plan", "--data", data.path().to_str().unwrap(), "--out"])
                .arg(&out)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert!(out.exists());
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .filter(|n| n != "same.csv")
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// Every command that writes: two of its options naming one file, or an output naming an input,
/// are refused before anything is written, naming the option.
#[test]
fn no_run_writes_one_file_twice_or_over_what_it_reads() {
    let dir = tempfile::tempdir().unwrap();
    let at = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let scenario = at("s.toml");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scenarios/xiqing-to-wuqing.toml"
        ),
        &scenario,
    )
    .unwrap();
    let before = std::fs::read(&scenario).unwrap();
    let ledger = at("ledger.csv");
    std::fs::copy(crate::harness::tianjin().join("pairings-2019.csv"), &ledger).unwrap();
    let ledger_before = std::fs::read(&ledger).unwrap();
    let data = write_dataset(&fixture());
    let data_dir = data.path().to_str().unwrap().to_string();
    let villages_before = std::fs::read(data.path().join("villages.csv")).unwrap();
    let same = at("same.csv");
    let dotted = format!(
        "{}/../{}/same.csv",
        dir.path().display(),
        dir.path().file_name().unwrap().to_str().unwrap()
    );
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec![
                "plan".into(),
                "--scenario".into(),
                scenario.clone(),
                "--out".into(),
                scenario.clone(),
            ],
            "--out",
        ),
        (
            vec![
                "plan".into(),
                "--out".into(),
                at("x.html"),
                "--report".into(),
                at("x.html"),
            ],
            "--report",
        ),
        (
            vec![
                "plan".into(),
                "--out".into(),
                same.clone(),
                "--manifest".into(),
                dotted.clone(),
            ],
            "--manifest",
        ),
        (
            vec![
                "whatif".into(),
                scenario.clone(),
                "--out".into(),
                same.clone(),
                "--report".into(),
                dotted.clone(),
            ],
            "--report",
        ),
        (
            vec![
                "whatif".into(),
                scenario.clone(),
                "--report".into(),
                scenario.clone(),
            ],
            "--report",
        ),
        (
            vec![
                "programs".into(),
                "--actuals-template".into(),
                dir.path().to_str().unwrap().to_string(),
            ],
            "--actuals-template",
        ),
        (
            vec![
                "check".into(),
                "--pairings".into(),
                ledger.clone(),
                "--out".into(),
                ledger.clone(),
            ],
            "--out",
        ),
        (
            vec![
                "diff".into(),
                ledger.clone(),
                ledger.clone(),
                "--out".into(),
                ledger.clone(),
            ],
            "--out",
        ),
        (
            vec![
                "report".into(),
                "--previous".into(),
                ledger.clone(),
                "--out".into(),
                ledger.clone(),
            ],
            "--out",
        ),
        (
            vec![
                "export".into(),
                "--data".into(),
                data_dir.clone(),
                "--program".into(),
                "villages".into(),
                "--format".into(),
                "lp".into(),
                "--out".into(),
                format!("{data_dir}/villages.csv"),
            ],
            "--out",
        ),
    ];
    for (args, option) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = binary().args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(option), "{args:?}: {stderr}");
        assert_eq!(std::fs::read(&scenario).unwrap(), before, "{args:?}");
        assert_eq!(std::fs::read(&ledger).unwrap(), ledger_before, "{args:?}");
        assert_eq!(
            std::fs::read(data.path().join("villages.csv")).unwrap(),
            villages_before,
            "{args:?}"
        );
        assert!(!Path::new(&same).exists(), "{args:?} wrote a file");
        assert!(!Path::new(&at("x.html")).exists(), "{args:?} wrote a file");
    }
}
