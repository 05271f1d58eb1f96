//! Small text helpers shared by messages: suggestions for mistyped names, numbers as people write
//! them, the order people read.

/// The known names closest to `name` by edit distance (counted in characters, so that one wrong
/// Chinese character is one edit), at most `limit`, nearest first. Names too far away are left out.
///
/// ```
/// let known = ["和平区", "河西区", "河东区", "南开区"];
/// assert_eq!(pairplan::text::closest("河西县", &known, 2), vec!["河西区", "河东区"]);
/// ```
pub fn closest(name: &str, known: &[&str], limit: usize) -> Vec<String> {
    nearest_first(name, known)
        .into_iter()
        .take(limit)
        .map(|(_, k)| k.to_string())
        .collect()
}

/// The known names within reach of `name`, each with its distance (edits), nearest first; among
/// equally near names, those that begin as `name` does first — 西清区 is nearer 西青区 than 武清区
/// in the place names are told apart by (the first characters) — then in order.
fn nearest_first<'a>(name: &str, known: &[&'a str]) -> Vec<(usize, &'a str)> {
    let reach = (name.chars().count() / 2).max(1) + 1;
    let shared_start = |k: &str| {
        name.chars()
            .zip(k.chars())
            .take_while(|(a, b)| a == b)
            .count()
    };
    let mut scored: Vec<(usize, std::cmp::Reverse<usize>, &str)> = known
        .iter()
        .map(|k| {
            (
                strsim::levenshtein(name, k),
                std::cmp::Reverse(shared_start(k)),
                *k,
            )
        })
        .filter(|(d, ..)| *d <= reach)
        .collect();
    scored.sort();
    scored.into_iter().map(|(d, _, k)| (d, k)).collect()
}

/// The suggestion a message appends for a mistyped name — `; did you mean 河西区?` in the interface
/// language — or nothing when no known name is near. Names equally near are all offered (up to
/// three): a guess that picks one of two (西清区: 西青区 or 武清区) can send the reader to the wrong one.
pub fn did_you_mean(name: &str, known: &[&str]) -> String {
    let nearest = nearest_first(name, known);
    let Some(&(least, _)) = nearest.first() else {
        return String::new();
    };
    let tied: Vec<&str> = nearest
        .iter()
        .take_while(|(d, _)| *d == least)
        .take(3)
        .map(|&(_, k)| k)
        .collect();
    match tied[..] {
        [one] => crate::tr!("did-you-mean", name = one),
        [first, second] => crate::tr!("did-you-mean-two", first = first, second = second),
        [first, second, third, ..] => crate::tr!(
            "did-you-mean-three",
            first = first,
            second = second,
            third = third
        ),
        [] => String::new(),
    }
}

/// Orders text as people read it: runs of digits by their value, so that `ledger.csv:10` comes after
/// `ledger.csv:9` and before `ledger.csv:100`; everything else character by character.
///
/// ```
/// use std::cmp::Ordering;
/// use pairplan::text::natural_cmp;
/// assert_eq!(natural_cmp("a.csv:10", "a.csv:9"), Ordering::Greater);
/// assert_eq!(natural_cmp("a.csv:100", "a.csv:101"), Ordering::Less);
/// assert_eq!(natural_cmp("甲区", "乙区"), "甲区".cmp("乙区"));
/// ```
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let (mut a, mut b) = (a, b);
    loop {
        let (Some(ca), Some(cb)) = (a.chars().next(), b.chars().next()) else {
            return a.len().cmp(&b.len());
        };
        if ca.is_ascii_digit() && cb.is_ascii_digit() {
            let end_a = a.find(|c: char| !c.is_ascii_digit()).unwrap_or(a.len());
            let end_b = b.find(|c: char| !c.is_ascii_digit()).unwrap_or(b.len());
            let (da, db) = (
                a[..end_a].trim_start_matches('0'),
                b[..end_b].trim_start_matches('0'),
            );
            let order = da.len().cmp(&db.len()).then_with(|| da.cmp(db));
            if order != Ordering::Equal {
                return order;
            }
            (a, b) = (&a[end_a..], &b[end_b..]);
        } else {
            if ca != cb {
                return ca.cmp(&cb);
            }
            (a, b) = (&a[ca.len_utf8()..], &b[cb.len_utf8()..]);
        }
    }
}

/// Formats a number without a trailing `.0` for whole values.
///
/// ```
/// assert_eq!(pairplan::text::format_number(1462.0), "1462");
/// assert_eq!(pairplan::text::format_number(0.95), "0.95");
/// ```
pub fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        let text = format!("{value:.4}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A name as compared: Unicode NFKC (compatibility forms — the Kangxi radical ⼭, full-width
/// letters, circled numbers — to their plain form), without zero-width characters. Names are still
/// shown as written.
///
/// ```
/// assert_eq!(pairplan::text::name_key("⼭东"), "山东");
/// assert_eq!(pairplan::text::name_key("和\u{200b}平区"), "和平区");
/// ```
pub fn name_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.nfkc()
        .filter(|c| !matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}'))
        .collect()
}

/// Text as a terminal may show it: control characters other than line ends and tabs (escape, bell,
/// backspace, carriage return…) written as `\u001b`, so that a title or a path from a file can
/// neither ring, move the cursor nor recolour the screen. Everything else is left as it is.
///
/// ```
/// assert_eq!(pairplan::text::terminal_safe("标题\u{1b}[2J\u{7}"), "标题\\u001b[2J\\u0007");
/// assert_eq!(pairplan::text::terminal_safe("a\tb\n"), "a\tb\n");
/// ```
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            // `\u001b`: readable on a terminal, and a valid escape inside a JSON string too.
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The date a text writes as `YYYY-MM-DD`, if it is a real one.
///
/// ```
/// use pairplan::text::date;
/// assert_eq!(date("2020-02-29").map(|d| d.to_string()), Some("2020-02-29".to_string()));
/// assert!(date("2019-02-29").is_none() && date("20190820").is_none());
/// ```
pub fn date(text: &str) -> Option<jiff::civil::Date> {
    if !is_date(text) {
        return None;
    }
    text.parse().ok()
}

/// Why a planner's text is not a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateProblem {
    /// Not written as a date at all.
    Form,
    /// Written as one, but the month has no such day (`2019-02-30`).
    NoSuchDay {
        /// The year written.
        year: i16,
        /// The month written (1–12).
        month: i8,
        /// How many days that month has.
        days: i8,
    },
}

/// A date as planners write it in a cell or on the command line: `2019-08-20`, and the forms
/// Excel and WPS users type, `2019-8-20`, `2019/8/20`, `2019.8.20`, `2019年8月20日`.
///
/// ```
/// use pairplan::text::{planner_date, DateProblem};
/// for text in ["2019-08-20", "2019-8-20", "2019/8/20", "2019.08.20", "2019年8月20日"] {
///     assert_eq!(planner_date(text).map(|d| d.to_string()), Ok("2019-08-20".to_string()));
/// }
/// assert_eq!(planner_date("2019-02-29"), Err(DateProblem::NoSuchDay { year: 2019, month: 2, days: 28 }));
/// assert_eq!(planner_date("20190820"), Err(DateProblem::Form));
/// assert_eq!(planner_date("2019-13-01"), Err(DateProblem::Form));
/// ```
pub fn planner_date(text: &str) -> Result<jiff::civil::Date, DateProblem> {
    let text = text.trim();
    let text = text
        .strip_suffix('日')
        .or_else(|| text.strip_suffix('号'))
        .unwrap_or(text);
    let parts: Vec<&str> = text.split(['-', '/', '.', '年', '月']).collect();
    let number = |s: &str, lengths: std::ops::RangeInclusive<usize>| {
        (lengths.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<i16>().ok())
            .flatten()
    };
    let [year, month, day] = parts[..] else {
        return Err(DateProblem::Form);
    };
    let (Some(year), Some(month), Some(day)) = (
        number(year, 4..=4),
        number(month, 1..=2),
        number(day, 1..=2),
    ) else {
        return Err(DateProblem::Form);
    };
    let month = i8::try_from(month)
        .ok()
        .filter(|m| (1..=12).contains(m))
        .ok_or(DateProblem::Form)?;
    let days = jiff::civil::Date::new(year, month, 1)
        .map_err(|_| DateProblem::Form)?
        .days_in_month();
    i8::try_from(day)
        .ok()
        .and_then(|day| jiff::civil::Date::new(year, month, day).ok())
        .ok_or(DateProblem::NoSuchDay { year, month, days })
}

/// What a planner is told a date cell or argument should be, for each way it is not one.
pub fn date_expected(problem: DateProblem) -> String {
    match problem {
        DateProblem::Form => crate::tr!("expected-date"),
        DateProblem::NoSuchDay { year, month, days } => crate::tr!(
            "expected-real-date",
            year = year.to_string(),
            month = month.to_string(),
            days = days.to_string()
        ),
    }
}

/// Whether a text is a real date `YYYY-MM-DD`: `2019-02-29` is not (2019 is no leap year).
///
/// ```
/// use pairplan::text::is_date;
/// assert!(is_date("2020-02-29") && is_date("2019-08-20"));
/// assert!(!is_date("2019-02-29") && !is_date("2019-02-30") && !is_date("2019-13-01") && !is_date("2019-8-20"));
/// ```
pub fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let number = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let [year, month, day] = parts[..] else {
        return false;
    };
    let (Some(year), Some(month), Some(day)) = (number(year, 4), number(month, 2), number(day, 2))
    else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    year >= 1 && (1..=days).contains(&day)
}

/// The names a `--program` option gives: one, or several separated by commas (`,` `，` `、`), each
/// as written and trimmed.
pub fn program_names(written: &str) -> Vec<&str> {
    written
        .split([',', '，', '、'])
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_equally_near_are_all_offered_those_that_begin_alike_first() {
        let districts = ["武清区", "西青区", "和平区", "河东区", "河西区", "河北区"];
        // 西清区 is one character from both 西青区 and 武清区: both are offered, 西青区 first.
        assert_eq!(
            super::closest("西清区", &districts, 2),
            ["西青区", "武清区"]
        );
        let hint = super::did_you_mean("西清区", &districts);
        let (first, second) = (hint.find("西青区"), hint.find("武清区"));
        assert!(
            first.is_some() && second.is_some() && first < second,
            "{hint}"
        );
        // One name nearest: it alone.
        let hint = super::did_you_mean("和平", &districts);
        assert!(hint.contains("和平区") && !hint.contains("河"), "{hint}");
        // Three equally near: all three, and no more.
        let hint = super::did_you_mean("河区", &districts);
        assert!(
            ["河东区", "河西区", "河北区"]
                .iter()
                .all(|d| hint.contains(d)),
            "{hint}"
        );
        assert!(super::did_you_mean("Tianjin", &districts).is_empty());
    }
}
