//! The one place that puts bytes into files: an output replaces only a regular file that this run
//! did not read and that no other output of the run writes ([`claim`] decides, by device and inode
//! where the file exists), goes through a temporary file of its own run
//! (`.plan.csv.pairplan-4242.tmp`, 4242 the process) renamed into place, keeps the mode of the
//! file it replaces (or takes the umask's), and is never left half written — an interrupted run
//! (Ctrl-C, SIGTERM, SIGHUP) removes its temporary files before it exits, and one left by a run
//! killed outright is removed by the next run writing the same target once its process is gone.
//!
//! A symbolic link as the target is written through: the file it points to is replaced and the link
//! stays. `-` means standard output.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::load::file::{file_kind, files_read, FileIdentity};

/// Why an output was not written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The target is not something an output may replace: exit 2.
    #[error("{option} {path}: {reason}")]
    Refused {
        /// The option that names it (`--out`, `--report`…).
        option: String,
        /// The target as given.
        path: String,
        /// Why, in words.
        reason: String,
    },
    /// Writing failed (disk full, no permission…): exit 4.
    #[error("{}", crate::tr!("cannot-write", path = path.as_str(), why = crate::i18n::io_error(source)))]
    Failed {
        /// The target as given.
        path: String,
        /// The system's reason.
        source: std::io::Error,
    },
}

/// Where an output goes, once judged safe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Standard output (`-`).
    Stdout,
    /// A file: the option naming it, the path as given (for messages) and the path actually
    /// replaced (a link resolved).
    File {
        /// The option that names it.
        option: String,
        /// As the user wrote it.
        given: PathBuf,
        /// The file that will be replaced or created.
        real: PathBuf,
    },
}

/// What makes two outputs one file: its identity where it exists, else its path with the folder
/// resolved (`a/../a/x.csv` is `a/x.csv`).
#[derive(Debug, Clone)]
struct OutputKey {
    identity: Option<FileIdentity>,
    path: PathBuf,
}

impl OutputKey {
    fn of(real: &Path) -> OutputKey {
        let folder = parent_of(real);
        let folder = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
        OutputKey {
            identity: FileIdentity::of(real).ok(),
            path: folder.join(real.file_name().unwrap_or_default()),
        }
    }

    fn same(&self, other: &OutputKey) -> bool {
        match (&self.identity, &other.identity) {
            (Some(a), Some(b)) => a.same_file(b),
            _ => self.path == other.path,
        }
    }
}

/// The outputs this run has claimed: (option, key).
static CLAIMED: Mutex<Vec<(String, OutputKey)>> = Mutex::new(Vec::new());

/// The one function that decides whether `option` may write `path`: `-`, an absent file in an
/// existing folder, or a regular, writable file — never a file this run has read, nor one another
/// option of this run writes (two options naming one file would leave only the last one's bytes).
/// Claiming the same file again for the same option is allowed: judge every output before the first
/// is written, and again just before writing it, when every input has been read.
pub fn claim(option: &str, path: &Path) -> Result<Target, OutputError> {
    if path.as_os_str() == "-" {
        return Ok(Target::Stdout);
    }
    let refuse = |reason: String| OutputError::Refused {
        option: option.to_string(),
        path: path.display().to_string(),
        reason,
    };
    let real = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            std::fs::canonicalize(path).map_err(|_| refuse(crate::tr!("refused-dangling-link")))?
        }
        _ => path.to_path_buf(),
    };
    match std::fs::metadata(&real) {
        Ok(meta) => {
            if !meta.is_file() {
                return Err(refuse(crate::tr!(
                    "refused-not-a-file",
                    kind = file_kind(&meta)
                )));
            }
            if meta.permissions().readonly() {
                return Err(refuse(crate::tr!("refused-read-only")));
            }
            if was_read(&real) {
                return Err(refuse(crate::tr!("refused-an-input")));
            }
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            let parent = parent_of(&real);
            if !parent.is_dir() {
                return Err(refuse(crate::tr!(
                    "refused-no-folder",
                    folder = parent.display().to_string()
                )));
            }
        }
        Err(err) => return Err(refuse(err.to_string())),
    }
    let key = OutputKey::of(&real);
    if let Ok(mut claimed) = CLAIMED.lock() {
        match claimed.iter().find(|(_, other)| other.same(&key)) {
            Some((other, _)) if other != option => {
                return Err(refuse(crate::tr!("refused-written-twice", other = other)));
            }
            Some(_) => {}
            None => claimed.push((option.to_string(), key)),
        }
    }
    Ok(Target::File {
        option: option.to_string(),
        given: path.to_path_buf(),
        real,
    })
}

/// Whether this run has read the file (by identity: a hard link or a link to it is it).
fn was_read(real: &Path) -> bool {
    FileIdentity::of(real)
        .is_ok_and(|identity| files_read().iter().any(|read| read.same_file(&identity)))
}

impl Target {
    /// The target as the user gave it, for messages.
    pub fn display(&self) -> String {
        match self {
            Target::Stdout => "standard output".into(),
            Target::File { given, .. } => given.display().to_string(),
        }
    }
}

fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// The temporary file this run writes an output to before renaming it into place: named after the
/// target and this process, so that two runs writing one target never touch each other's.
pub fn temp_path(real: &Path) -> PathBuf {
    temp_path_of(real, std::process::id())
}

fn temp_path_of(real: &Path, process: u32) -> PathBuf {
    parent_of(real).join(format!(".{}.pairplan-{process}.tmp", file_name(real)))
}

fn file_name(real: &Path) -> String {
    real.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Removes the temporary files of `real` left by runs killed outright: those whose process is gone.
/// Where a process cannot be looked up, none is taken for gone.
fn remove_stale_temp_files(real: &Path) {
    let prefix = format!(".{}.pairplan-", file_name(real));
    let Ok(entries) = std::fs::read_dir(parent_of(real)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(process) = name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if process != std::process::id() && process_gone(process) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether no process of that number runs now (Linux: no `/proc/N`).
fn process_gone(process: u32) -> bool {
    let proc = Path::new("/proc");
    proc.join("self").exists() && !proc.join(process.to_string()).exists()
}

/// Temporary files being written now; the signal handler removes them.
static IN_FLIGHT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes the temporary files of outputs being written when SIGINT, SIGTERM or SIGHUP arrives,
/// then exits with 128 + the signal's number. Call once, at start.
pub fn remove_temp_files_on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            // Held until exit: a rename under way completes first, and none starts after.
            let in_flight = IN_FLIGHT.lock();
            if let Ok(paths) = &in_flight {
                for path in paths.iter() {
                    let _ = std::fs::remove_file(path);
                }
            }
            std::process::exit(128 + signal);
        }
    });
}

/// Writes bytes to a judged target: standard output, or a file replaced atomically. The file is
/// judged again first: an input read since it was claimed (a scenario file) is not replaced.
pub fn write_output(target: &Target, bytes: &[u8]) -> Result<(), OutputError> {
    match target {
        Target::Stdout => {
            let mut out = std::io::stdout().lock();
            match out.write_all(bytes).and_then(|()| out.flush()) {
                Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(OutputError::Failed {
                        path: target.display(),
                        source: err,
                    })
                }
                _ => Ok(()),
            }
        }
        Target::File {
            option,
            given,
            real,
        } => {
            claim(option, given)?;
            write_file(real, bytes).map_err(|source| OutputError::Failed {
                path: target.display(),
                source,
            })
        }
    }
}

/// Claims the target for `option`, then writes (see [`claim`] and [`write_output`]).
pub fn write_atomically(option: &str, path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    write_output(&claim(option, path)?, bytes)
}

fn write_file(real: &Path, bytes: &[u8]) -> std::io::Result<()> {
    remove_stale_temp_files(real);
    let temp = temp_path(real);
    // This run's own, from an earlier output of the same target.
    match std::fs::remove_file(&temp) {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => return Err(err),
        _ => {}
    }
    if let Ok(mut in_flight) = IN_FLIGHT.lock() {
        in_flight.push(temp.clone());
    }
    let result = fill_and_rename(real, &temp, bytes);
    if let Ok(mut in_flight) = IN_FLIGHT.lock() {
        if result.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        in_flight.retain(|p| p != &temp);
    }
    result
}

fn fill_and_rename(real: &Path, temp: &Path, bytes: &[u8]) -> std::io::Result<()> {
    // Created new with the default mode, so the umask applies as for any new file.
    let mut file = OpenOptions::new().write(true).create_new(true).open(temp)?;
    if let Ok(meta) = std::fs::metadata(real) {
        file.set_permissions(meta.permissions())?;
    }
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    pause_for_tests();
    // Under the lock: a signal arriving now waits for the rename, so the target is whole or old.
    let _in_flight = IN_FLIGHT.lock();
    std::fs::rename(temp, real)
}

/// `PAIRPLAN_TEST_PAUSE_BEFORE_RENAME_MS`: a pause with the temp file written and not yet renamed,
/// so that the tests can interrupt a run at that moment. Unset in normal use.
fn pause_for_tests() {
    if let Some(ms) = std::env::var("PAIRPLAN_TEST_PAUSE_BEFORE_RENAME_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms.min(60_000)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_replace_regular_files_only() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("plan.csv");
        write_atomically("--out", &out, b"one").unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"one");
        write_atomically("--out", &out, b"two").unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"two");
        assert!(!temp_path(&out).exists());
        assert!(matches!(
            write_atomically("--out", dir.path(), b"x"),
            Err(OutputError::Refused { .. })
        ));
        assert!(matches!(
            write_atomically("--out", &dir.path().join("no/such/folder.csv"), b"x"),
            Err(OutputError::Refused { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn modes_links_and_stale_temp_files() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("plan.csv");
        std::fs::write(&out, "old").unwrap();
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o640)).unwrap();
        // Left by a run killed outright: no process has that number (above Linux's pid_max).
        let stale = temp_path_of(&out, 4_194_305);
        std::fs::write(&stale, "stale").unwrap();
        write_atomically("--out", &out, b"new").unwrap();
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        assert!(!temp_path(&out).exists());
        assert!(!stale.exists());
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(&out, &link).unwrap();
        write_atomically("--out", &link, b"through").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read(&out).unwrap(), b"through");
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o444)).unwrap();
        assert!(matches!(
            write_atomically("--out", &out, b"x"),
            Err(OutputError::Refused { .. })
        ));
    }

    /// Every way of naming one file — itself, through `a/../a`, a symbolic link, a hard link, and
    /// a file not yet there named two ways — is one output: a second option is refused, the same
    /// option may claim it again, and two different files are two outputs.
    #[cfg(unix)]
    #[test]
    fn one_file_under_any_name_is_one_output() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join("a");
        std::fs::create_dir(&base).unwrap();
        let file = base.join("x.csv");
        std::fs::write(&file, "x").unwrap();
        std::os::unix::fs::symlink(&file, base.join("link.csv")).unwrap();
        std::fs::hard_link(&file, base.join("hard.csv")).unwrap();
        let dotted = dir.path().join("a/../a/x.csv");
        let names_of_x = [
            file.clone(),
            dotted,
            base.join("link.csv"),
            base.join("hard.csv"),
        ];
        let absent = [base.join("new.csv"), dir.path().join("a/./new.csv")];
        for group in [&names_of_x[..], &absent[..]] {
            for (i, first) in group.iter().enumerate() {
                for (j, second) in group.iter().enumerate() {
                    let one = format!("--one-{i}-{j}-{}", first.display());
                    let two = format!("--two-{i}-{j}-{}", first.display());
                    CLAIMED.lock().unwrap().clear();
                    claim(&one, first).unwrap();
                    assert!(claim(&one, second).is_ok(), "{first:?} {second:?}");
                    let refused = claim(&two, second).unwrap_err();
                    assert!(
                        refused.to_string().contains(&one),
                        "{first:?} {second:?}: {refused}"
                    );
                }
            }
        }
        CLAIMED.lock().unwrap().clear();
        claim("--out", &file).unwrap();
        assert!(claim("--report", &base.join("new.csv")).is_ok());
    }
}
