//! Input problems: what is wrong with a file, where, and what was expected.

use std::fmt;

/// One problem with the input, located as precisely as the input allows.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct InputProblem {
    /// The file, as the user named it (or `embedded:…` for the compiled-in dataset).
    pub file: String,
    /// 1-based line number, when the problem is in one line.
    pub line: Option<u64>,
    /// The column (header name) concerned, if any.
    pub column: Option<String>,
    /// The offending value as found, if any.
    pub found: Option<String>,
    /// What was expected instead, in plain words.
    pub expected: String,
}

impl InputProblem {
    /// A problem with a whole file.
    pub fn file(file: &str, expected: impl Into<String>) -> Self {
        InputProblem {
            file: file.to_string(),
            line: None,
            column: None,
            found: None,
            expected: expected.into(),
        }
    }

    /// A problem with one cell.
    pub fn cell(
        file: &str,
        line: u64,
        column: &str,
        found: &str,
        expected: impl Into<String>,
    ) -> Self {
        InputProblem {
            file: file.to_string(),
            line: Some(line),
            column: Some(column.to_string()),
            found: Some(found.to_string()),
            expected: expected.into(),
        }
    }
}

impl fmt::Display for InputProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": ")?;
        if let Some(column) = &self.column {
            write!(f, "{}", crate::tr!("problem-column", column = column))?;
        }
        write!(
            f,
            "{}",
            crate::tr!("problem-expected", expected = &self.expected)
        )?;
        if let Some(found) = &self.found {
            write!(f, "{}", crate::tr!("problem-found", found = excerpt(found)))?;
        }
        Ok(())
    }
}

/// Characters quoted from an input at most: a message shows a value, never a file's content.
pub const EXCERPT_CHARS: usize = 60;

/// A value as a message quotes it: control and invisible characters escaped (`\u{200b}`), cut to
/// [`EXCERPT_CHARS`] characters with `…`.
///
/// ```
/// assert_eq!(pairplan::error::excerpt("E1\u{200b}"), "E1\\u{200b}");
/// assert_eq!(pairplan::error::excerpt(&"x".repeat(100)).chars().count(), 61);
/// ```
pub fn excerpt(text: &str) -> String {
    escaped_and_cut(text, EXCERPT_CHARS)
}

/// A parser's own message, which may quote the input: escaped as [`excerpt`], cut to four excerpts'
/// length.
pub fn excerpt_long(text: &str) -> String {
    escaped_and_cut(text, 4 * EXCERPT_CHARS)
}

fn escaped_and_cut(text: &str, limit: usize) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == limit {
            out.push('…');
            break;
        }
        if is_invisible(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether a character cannot be seen: controls (NUL, tab, line ends…), zero-width spaces and joiners,
/// direction marks, the soft hyphen and the BOM. Two ids that differ only by one look identical.
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{00ad}' | '\u{034f}' | '\u{061c}' | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}'
            | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}' | '\u{3164}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}'
            | '\u{ffa0}' | '\u{fff0}'..='\u{fff8}')
}

/// Whether `text` may hold a character [`is_invisible`] finds, judged by its bytes alone: `false`
/// means it holds none. Every such character is a control byte or starts with one of seven UTF-8
/// lead bytes, none of which begins a Chinese character, so a list of names is passed over at the
/// speed of a byte scan.
pub fn may_hold_invisible(text: &str) -> bool {
    text.bytes()
        .any(|b| b < 0x20 || matches!(b, 0x7f | 0xc2 | 0xcd | 0xd8 | 0xe1 | 0xe2 | 0xe3 | 0xef))
}

/// Every problem found in one run, listed together so that a planner fixes them all at once.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct InputErrors(pub Vec<InputProblem>);

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.0.len();
        writeln!(f, "{}", crate::tr!("problem-count", count = count))?;
        let shown = shown(count);
        for problem in &self.0[..shown] {
            writeln!(f, "  {problem}")?;
        }
        if shown < count {
            writeln!(f, "{}", more_line(count - shown))?;
        }
        Ok(())
    }
}

/// How many items of a list of problems or findings the terminal shows: the first
/// [`LIST_SHOWN`], the rest counted in one line ([`more_line`]); every one with `--all-errors`,
/// and always in `--out` and `--format json`. The one policy for every such list.
pub const LIST_SHOWN: usize = 50;

static ALL_ERRORS: std::sync::OnceLock<bool> = std::sync::OnceLock::new();

/// `--all-errors`: list every problem and finding on the terminal. Set once, at start.
pub fn show_all(all: bool) {
    let _ = ALL_ERRORS.set(all);
}

/// How many of `count` items a list shows on the terminal.
pub fn shown(count: usize) -> usize {
    if ALL_ERRORS.get().copied().unwrap_or(false) {
        count
    } else {
        count.min(LIST_SHOWN)
    }
}

/// The line that stands for the `more` items a list does not show.
pub fn more_line(more: usize) -> String {
    crate::tr!("list-more", count = more)
}

/// A collector of problems: stages push into it and stop only when a whole file has been read.
#[derive(Debug, Default)]
pub struct Problems(Vec<InputProblem>);

impl Problems {
    /// Records one problem.
    pub fn push(&mut self, problem: InputProblem) {
        self.0.push(problem);
    }

    /// Records every problem of another list (its order does not matter: the problems are sorted
    /// when given out).
    pub fn extend(&mut self, other: Problems) {
        self.0.extend(other.0);
    }

    /// Whether nothing has been recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Everything recorded, sorted, as an error (for paths where a problem was certainly recorded).
    pub fn into_errors(self) -> InputErrors {
        let mut problems = self.0;
        problems.sort();
        problems.dedup();
        InputErrors(problems)
    }

    /// `Ok(value)` when nothing was recorded, otherwise every problem, in a stable order.
    pub fn into_result<T>(self, value: T) -> Result<T, InputErrors> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self.into_errors())
        }
    }
}

#[cfg(test)]
mod invisible_tests {
    /// The byte scan misses no invisible character: every one, alone or among Chinese text, is
    /// flagged.
    #[test]
    fn every_invisible_character_is_seen_by_the_byte_scan() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            if super::is_invisible(c) {
                let text = format!("和平{c}区");
                assert!(super::may_hold_invisible(&text), "U+{:04X}", c as u32);
            }
        }
        assert!(!super::may_hold_invisible("天津市和平区 E0001"));
    }
}
