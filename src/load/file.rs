//! Reading one file from disk without trusting it: only regular files are opened (a FIFO would
//! hang the run, `/dev/zero` would fill memory), their size and longest line are bounded before any
//! parsing, and every file read is remembered by identity so that no output of the same run can
//! overwrite it (see [`crate::report::output`]).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use crate::error::InputProblem;

/// How large an input may be. Both limits can be raised on the command line
/// (`--max-file-size`, `--max-line-length`) for a dataset that really is that large.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InputLimits {
    /// Largest input file, in bytes.
    pub max_file_bytes: u64,
    /// Longest line of an input file, in bytes.
    pub max_line_bytes: u64,
    /// Most bytes a workbook (a zip of XML files) may unpack to, all its parts together: a small
    /// file can unpack to gigabytes.
    pub max_unpacked_bytes: u64,
    /// Most cells in a sheet's used range (each row counted to its last filled cell): one cell at
    /// XFD1048576 would otherwise ask for seventeen billion.
    pub max_cells: u64,
}

impl InputLimits {
    /// 128 MiB per file — ten times a national-scale enterprise table —, 64 KiB per line, far
    /// beyond any row of names and numbers; 256 MiB unpacked per workbook and 5 million cells per
    /// sheet, several times a national-scale table saved from Excel.
    pub const DEFAULT: InputLimits = InputLimits {
        max_file_bytes: 128 << 20,
        max_line_bytes: 64 << 10,
        max_unpacked_bytes: 256 << 20,
        max_cells: 5_000_000,
    };
}

static LIMITS: OnceLock<InputLimits> = OnceLock::new();

/// Sets the limits of this process; the first call wins (the command line sets them once, before
/// anything is read).
pub fn set_limits(limits: InputLimits) {
    let _ = LIMITS.set(limits);
}

/// The limits in force.
pub fn limits() -> InputLimits {
    LIMITS.get().copied().unwrap_or(InputLimits::DEFAULT)
}

/// What makes two paths the same file: the device and inode where the platform has them, else the
/// canonical path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileIdentity {
    /// The canonical path.
    pub path: PathBuf,
    #[cfg(unix)]
    dev_ino: (u64, u64),
}

impl FileIdentity {
    /// The identity of an existing file (symbolic links followed).
    pub fn of(path: &Path) -> std::io::Result<FileIdentity> {
        let canonical = std::fs::canonicalize(path)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let meta = std::fs::metadata(&canonical)?;
            Ok(FileIdentity {
                path: canonical,
                dev_ino: (meta.dev(), meta.ino()),
            })
        }
        #[cfg(not(unix))]
        Ok(FileIdentity { path: canonical })
    }

    /// Whether two identities name one file (a hard link is the same file under another name).
    pub fn same_file(&self, other: &FileIdentity) -> bool {
        #[cfg(unix)]
        {
            self.dev_ino == other.dev_ino
        }
        #[cfg(not(unix))]
        {
            self.path == other.path
        }
    }
}

static READ_FILES: Mutex<Vec<FileIdentity>> = Mutex::new(Vec::new());

/// The SHA-256 of every input this process has read, by the name messages give it.
static CONTENT_HASHES: Mutex<std::collections::BTreeMap<String, String>> =
    Mutex::new(std::collections::BTreeMap::new());

/// Whether inputs are hashed as they are read (for a manifest).
static HASH_CONTENTS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

/// Reads the rest of the run's inputs without hashing them: for a command that makes no manifest
/// (`check`), which would otherwise hash every list it reads for nothing.
pub fn without_content_hashes() {
    HASH_CONTENTS.store(false, std::sync::atomic::Ordering::Relaxed);
}

/// Records what an input held, for the manifest of a plan (`--manifest`).
pub fn record_content(name: &str, bytes: &[u8]) {
    use sha2::Digest;
    if !HASH_CONTENTS.load(std::sync::atomic::Ordering::Relaxed) {
        return;
    }
    let hash = format!("{:x}", sha2::Sha256::digest(bytes));
    if let Ok(mut hashes) = CONTENT_HASHES.lock() {
        hashes.insert(name.to_string(), hash);
    }
}

/// The SHA-256 of every input read so far, by name.
pub fn contents_read() -> std::collections::BTreeMap<String, String> {
    CONTENT_HASHES.lock().map(|h| h.clone()).unwrap_or_default()
}

/// Every file this process has read, so that an output can refuse to replace one.
pub fn files_read() -> Vec<FileIdentity> {
    READ_FILES.lock().map(|f| f.clone()).unwrap_or_default()
}

fn remember(identity: FileIdentity) {
    if let Ok(mut files) = READ_FILES.lock() {
        if !files.contains(&identity) {
            files.push(identity);
        }
    }
}

/// Reads a whole input file as bytes: it must be a regular file (symbolic links followed), no larger
/// than the limit, with no line longer than the limit. The file is remembered as read.
pub fn read_bytes(path: &Path, name: &str) -> Result<Vec<u8>, InputProblem> {
    let bytes = read_file(path, name)?;
    if let Some((line, length)) = first_long_line(&bytes, limits().max_line_bytes) {
        return Err(InputProblem {
            file: name.to_string(),
            line: Some(line),
            column: None,
            found: Some(crate::tr!("found-line-of", size = human_bytes(length))),
            expected: crate::tr!(
                "expected-line-length",
                size = human_bytes(limits().max_line_bytes)
            ),
        });
    }
    Ok(bytes)
}

/// [`read_bytes`] for a file that has no lines: a workbook, a zip whose packed bytes may run long
/// without a line end (its unpacked parts are bounded by their own limits when it is read).
pub fn read_binary(path: &Path, name: &str) -> Result<Vec<u8>, InputProblem> {
    read_file(path, name)
}

/// A regular file's bytes, within the size limit, remembered as read.
fn read_file(path: &Path, name: &str) -> Result<Vec<u8>, InputProblem> {
    let limits = limits();
    let unreadable = |err: std::io::Error| {
        InputProblem::file(
            name,
            crate::tr!("expected-readable", error = crate::i18n::io_error(&err)),
        )
    };
    // Decided before opening: opening a FIFO blocks until someone writes to it.
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(InputProblem::file(
            name,
            crate::tr!("expected-regular-file", kind = file_kind(&meta)),
        ));
    }
    let file = std::fs::File::open(path).map_err(unreadable)?;
    // The file may have been swapped between the look and the open: judge the handle too.
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(InputProblem::file(
            name,
            crate::tr!("expected-regular-file", kind = file_kind(&meta)),
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len().min(limits.max_file_bytes) as usize);
    file.take(limits.max_file_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(InputProblem::file(
            name,
            crate::tr!(
                "expected-file-size",
                size = human_bytes(limits.max_file_bytes)
            ),
        ));
    }
    if let Ok(identity) = FileIdentity::of(path) {
        remember(identity);
    }
    record_content(name, &bytes);
    Ok(bytes)
}

/// The first line longer than `limit` bytes: its 1-based number and length.
fn first_long_line(bytes: &[u8], limit: u64) -> Option<(u64, u64)> {
    // Line ends found a word at a time (memchr): this runs over every byte of every file read.
    let ends = memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len()));
    let mut start = 0;
    for (i, end) in ends.enumerate() {
        let length = (end - start) as u64;
        if length > limit {
            return Some((i as u64 + 1, length));
        }
        start = end + 1;
    }
    None
}

/// What a file that is not a regular file is, in words.
pub fn file_kind(meta: &std::fs::Metadata) -> String {
    let kind = meta.file_type();
    let key = if kind.is_dir() {
        crate::msg_key!("kind-folder")
    } else if kind.is_symlink() {
        crate::msg_key!("kind-symlink")
    } else {
        special_kind(&kind)
    };
    crate::i18n::message(key, &[])
}

#[cfg(unix)]
fn special_kind(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        crate::msg_key!("kind-fifo")
    } else if kind.is_char_device() || kind.is_block_device() {
        crate::msg_key!("kind-device")
    } else if kind.is_socket() {
        crate::msg_key!("kind-socket")
    } else {
        crate::msg_key!("kind-special")
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> &'static str {
    crate::msg_key!("kind-special")
}

/// A byte count as people read it: `64 KiB`, `128 MiB`, `100 bytes`.
pub fn human_bytes(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 && b % (1 << 30) == 0 => format!("{} GiB", b >> 30),
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b if b >= 1 << 20 => format!("{:.1} MiB", b as f64 / f64::from(1 << 20)),
        b if b >= 1 << 10 => format!("{:.1} KiB", b as f64 / 1024.0),
        b => format!("{b} bytes"),
    }
}

/// Joins a file name taken from a manifest or model to its dataset folder, refusing any name that
/// would leave the folder: absolute paths, `..`, or a link inside the folder that points out of it.
pub fn inside(dir: &Path, file: &str) -> Result<PathBuf, InputProblem> {
    use std::path::Component;
    // Named by the folder: the file's own name would be the outside path itself.
    let outside = || InputProblem {
        file: dir.display().to_string(),
        line: None,
        column: None,
        found: Some(file.to_string()),
        expected: crate::tr!("expected-inside-dataset"),
    };
    let relative = Path::new(file);
    if file.is_empty()
        || !relative
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err(outside());
    }
    let joined = dir.join(relative);
    if let (Ok(real_dir), Ok(real)) = (std::fs::canonicalize(dir), std::fs::canonicalize(&joined)) {
        if !real.starts_with(&real_dir) {
            return Err(outside());
        }
    }
    Ok(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_and_sizes_in_words() {
        assert_eq!(first_long_line(b"ab\nabcd\nab", 3), Some((2, 4)));
        assert_eq!(first_long_line(b"ab\nabc\n", 3), None);
        assert_eq!(human_bytes(64 << 10), "64 KiB");
        assert_eq!(human_bytes(128 << 20), "128 MiB");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(10), "10 bytes");
    }

    #[test]
    fn names_that_leave_the_folder_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.csv"), "x\n").unwrap();
        assert!(inside(dir.path(), "a.csv").is_ok());
        assert!(inside(dir.path(), "./a.csv").is_ok());
        for bad in ["../a.csv", "/etc/passwd", "sub/../../a.csv", ""] {
            assert!(inside(dir.path(), bad).is_err(), "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc/hostname", dir.path().join("out.csv")).unwrap();
            assert!(inside(dir.path(), "out.csv").is_err());
        }
    }

    #[test]
    fn special_files_are_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_bytes(dir.path(), "d").unwrap_err();
        assert!(err.expected.contains("a folder"), "{err}");
        #[cfg(unix)]
        {
            let err = read_bytes(Path::new("/dev/zero"), "z").unwrap_err();
            assert!(err.expected.contains("a device"), "{err}");
        }
    }
}
