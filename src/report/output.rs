//! The one place that puts bytes into files: an output replaces only a regular file that this run
//! did not read, goes through a temporary file named after it (`.plan.csv.pairplan-tmp`) renamed into
//! place, keeps the mode of the file it replaces (or takes the umask's), and is never left half
//! written — an interrupted run (Ctrl-C, SIGTERM, SIGHUP) removes its temporary files before it
//! exits, and a run killed outright leaves one that the next run writing the same target removes.
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
    #[error("--out {path}: {reason}")]
    Refused {
        /// The target as given.
        path: String,
        /// Why, in words.
        reason: String,
    },
    /// Writing failed (disk full, no permission…): exit 4.
    #[error("cannot write {path}: {source}")]
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
    /// A file: the path as given (for messages) and the path actually replaced (a link resolved).
    File {
        /// As the user wrote it.
        given: PathBuf,
        /// The file that will be replaced or created.
        real: PathBuf,
    },
}

impl Target {
    /// Judges a target: `-`, an absent file in an existing folder, or a regular, writable file that
    /// this run has not read. Call it again just before writing, when every input has been read.
    pub fn resolve(path: &Path) -> Result<Target, OutputError> {
        if path.as_os_str() == "-" {
            return Ok(Target::Stdout);
        }
        let refuse = |reason: String| OutputError::Refused {
            path: path.display().to_string(),
            reason,
        };
        let real = match std::fs::symlink_metadata(path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                std::fs::canonicalize(path).map_err(|_| {
                    refuse("a symbolic link to a missing file; give the file's own path".into())
                })?
            }
            Ok(_) => path.to_path_buf(),
            Err(_) => path.to_path_buf(),
        };
        match std::fs::metadata(&real) {
            Ok(meta) => {
                if !meta.is_file() {
                    return Err(refuse(format!(
                        "is {}; an output replaces only a regular file (or use - for standard output)",
                        file_kind(&meta)
                    )));
                }
                if meta.permissions().readonly() {
                    return Err(refuse("is read-only; pairplan does not replace it".into()));
                }
                let identity = FileIdentity::of(&real).map_err(|e| refuse(e.to_string()))?;
                if files_read().iter().any(|read| read.same_file(&identity)) {
                    return Err(refuse(
                        "is an input of this run; pairplan never writes over what it reads".into(),
                    ));
                }
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                let parent = parent_of(&real);
                if !parent.is_dir() {
                    return Err(refuse(format!(
                        "its folder {} does not exist",
                        parent.display()
                    )));
                }
            }
            Err(err) => return Err(refuse(err.to_string())),
        }
        Ok(Target::File {
            given: path.to_path_buf(),
            real,
        })
    }

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

/// The temporary file an output is written to before it is renamed into place.
pub fn temp_path(real: &Path) -> PathBuf {
    let name = real
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    parent_of(real).join(format!(".{name}.pairplan-tmp"))
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

/// Writes bytes to a judged target: standard output, or a file replaced atomically.
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
        Target::File { real, .. } => {
            write_file(real, bytes).map_err(|source| OutputError::Failed {
                path: target.display(),
                source,
            })
        }
    }
}

/// Judges the target, then writes (see [`Target::resolve`] and [`write_output`]).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    write_output(&Target::resolve(path)?, bytes)
}

fn write_file(real: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temp = temp_path(real);
    // A temp file left by a run that was killed outright.
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
        write_atomically(&out, b"one").unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"one");
        write_atomically(&out, b"two").unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"two");
        assert!(!temp_path(&out).exists());
        assert!(matches!(
            write_atomically(dir.path(), b"x"),
            Err(OutputError::Refused { .. })
        ));
        assert!(matches!(
            write_atomically(&dir.path().join("no/such/folder.csv"), b"x"),
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
        std::fs::write(temp_path(&out), "stale").unwrap();
        write_atomically(&out, b"new").unwrap();
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        assert!(!temp_path(&out).exists());
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(&out, &link).unwrap();
        write_atomically(&link, b"through").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read(&out).unwrap(), b"through");
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o444)).unwrap();
        assert!(matches!(
            write_atomically(&out, b"x"),
            Err(OutputError::Refused { .. })
        ));
    }
}
