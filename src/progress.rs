//! Progress on standard error for runs that take more than a second: nothing for the quick ones,
//! nothing when standard error is not a terminal (a script, a pipe, CI), nothing with `--quiet`. It
//! never touches standard output, so outputs stay byte-identical.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

static QUIET: AtomicBool = AtomicBool::new(false);

/// How long a run goes before its progress shows.
const SHOW_AFTER: Duration = Duration::from_secs(1);

/// Silences progress for the rest of the run (`--quiet`).
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// Whether the run was asked to be quiet.
pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// A bar (or a spinner when the amount of work is unknown) that shows itself after a second.
pub struct Progress {
    bar: ProgressBar,
    /// Set when the work is done; the reveal and the finish take it, so a bar never shows after.
    done: Arc<Mutex<bool>>,
}

impl Progress {
    /// Progress over `len` steps (`None`: a spinner), described by `message` ("planning").
    pub fn new(len: Option<u64>, message: &str) -> Self {
        let bar = ProgressBar::with_draw_target(len, ProgressDrawTarget::hidden());
        let template = if len.is_some() {
            "{msg} [{bar:30}] {pos}/{len}, {elapsed}"
        } else {
            "{spinner} {msg}, {elapsed}"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(message.to_string());
        let done = Arc::new(Mutex::new(false));
        if !QUIET.load(Ordering::Relaxed) && std::io::stderr().is_terminal() {
            let (shown, finished) = (bar.clone(), Arc::clone(&done));
            std::thread::spawn(move || {
                std::thread::sleep(SHOW_AFTER);
                if let Ok(done) = finished.lock() {
                    if !*done {
                        shown.set_draw_target(ProgressDrawTarget::stderr());
                        shown.enable_steady_tick(Duration::from_millis(200));
                    }
                }
            });
        }
        Progress { bar, done }
    }

    /// One step done.
    pub fn inc(&self) {
        self.bar.inc(1);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Ok(mut done) = self.done.lock() {
            *done = true;
            self.bar.finish_and_clear();
        }
    }
}
