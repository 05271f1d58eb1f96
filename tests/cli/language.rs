//! Every word a planner reads is in the chosen language. Every command runs on the embedded data;
//! what it prints, the workbooks it writes (every cell, every sheet name) and the reports' text
//! are read back:
//! - under `zh`, no ASCII word of three letters or more, apart from ids (`GS-GNZ`, `E01650`), file
//!   names and paths, options (`--out`), what a planner types (in backticks, or after `pairplan`),
//!   the names `programs` lists for `--program`, and a short list of names of formats and tools;
//! - under `en`, no Chinese but the data's own (names, titles, clauses of the seed) and the words
//!   the English catalogue itself gives in Chinese (市属): every other interface string comes from
//!   the catalogue.

use std::collections::BTreeSet;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};

use crate::harness::{pairplan_in, tianjin};

/// What a planner reads from one command: its name (for the failure message) and the text.
struct Reading {
    what: String,
    text: String,
}

/// Words a Chinese planner may read as they are: what they type or what names a format or a tool.
const ALLOWED: [&str; 23] = [
    "pairplan",
    "json",
    "table",
    "auto",
    "flow",
    "xlsx",
    "csv",
    "bash",
    "zsh",
    "fish",
    "powershell",
    "elvish",
    "roff",
    "dimacs",
    "mps",
    "English",
    "tianjin",
    "national",
    "KiB",
    "MiB",
    "GiB",
    "Excel",
    "LibreOffice",
];

/// The commands, which `--help` lists by the names a planner types.
const COMMANDS: [&str; 13] = [
    "plan",
    "check",
    "programs",
    "generate",
    "init",
    "export",
    "diff",
    "due",
    "whatif",
    "report",
    "completions",
    "man",
    "help",
];

/// Every command a planner runs, in `lang`, in a fresh folder: what each printed, and the text of
/// each workbook and report it wrote.
fn read_everything(lang: &str) -> Vec<Reading> {
    let work = tempfile::tempdir().unwrap();
    let at = |name: &str| work.path().join(name).display().to_string();
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios/xiqing-to-wuqing.toml")
        .display()
        .to_string();
    let (plan_csv, plan_xlsx, check_xlsx) = (at("plan.csv"), at("plan.xlsx"), at("check.xlsx"));
    let (whatif_xlsx, whatif_html) = (at("whatif.xlsx"), at("whatif.html"));
    let (report_html, init_xlsx, previous_xlsx) =
        (at("report.html"), at("init.xlsx"), at("previous.xlsx"));
    let generated = at("generated");
    let refused = at("方案.xls");
    let (actuals_csv, actuals_xlsx) = (at("actuals.csv"), at("actuals.xlsx"));
    let exported = at("villages.lp");
    let due_xlsx = at("due.xlsx");
    // Scenarios as a planner mistypes them: an unknown edit, a missing key, a number in quotes,
    // text without quotes, a key given twice, a bracket not closed.
    let mistyped: Vec<String> = [
        "title = \"甲\"\n[[edits]]\nedit = \"move\"\n",
        "title = \"甲\"\n[[edits]]\nedit = \"move_quota\"\nfrom = \"西青区\"\namount = 20\n",
        "title = \"甲\"\n[[edits]]\nedit = \"move_quota\"\nfrom = \"西青区\"\nto = \"武清区\"\namount = \"20\"\n",
        "title = 西青区\n",
        "title = \"甲\"\ntitle = \"乙\"\n",
        "title = \"甲\"\n[[edits]\n",
        "title = \"甲\"\n[[edit]]\n",
    ]
    .iter()
    .enumerate()
    .map(|(i, text)| {
        let path = at(&format!("scenario-{i}.toml"));
        std::fs::write(&path, text).unwrap();
        path
    })
    .collect();
    let runs: Vec<Vec<&str>> = vec![
        vec!["plan"],
        vec!["plan", "--out", &plan_csv],
        vec!["plan", "--out", &plan_xlsx],
        vec!["plan", "--program", "county-hospitals", "--explain"],
        vec!["plan", "--previous", &plan_csv, "--out", &previous_xlsx],
        vec!["plan", "--scenario", &scenario],
        vec!["check"],
        vec!["check", "--pairings", &plan_xlsx, "--out", &check_xlsx],
        vec!["programs", "--actuals-template", &actuals_csv],
        vec!["programs", "--actuals-template", &actuals_xlsx],
        vec!["check", "--actuals", &actuals_csv],
        vec!["programs"],
        vec!["programs", "--program", "villages"],
        vec!["programs", "--program", "villages", "--columns"],
        vec!["programs", "--program", "labour"],
        vec![
            "whatif",
            &scenario,
            "--out",
            &whatif_xlsx,
            "--report",
            &whatif_html,
        ],
        vec!["whatif", "--sweep", "move(西青区,武清区)=0..20:10"],
        vec!["report", "--out", &report_html],
        vec!["diff", &plan_csv, &previous_xlsx],
        vec!["due", "--as-of", "2019-09-01", "--out", &due_xlsx],
        vec!["due", "--as-of", "2019-09-01", "--owner", "西青区"],
        vec!["init", "--program", "villages", &init_xlsx],
        vec!["generate", "--out", &generated],
        vec![
            "export",
            "--program",
            "villages",
            "--format",
            "lp",
            "--out",
            &exported,
        ],
        // What a planner mistypes.
        vec!["plan", "--bogus"],
        vec!["plna"],
        vec!["plan", "--solver", "fastest"],
        vec!["plan", "--data", "没有这个文件夹"],
        vec!["check", "--pairings", "没有这个文件.xlsx"],
        vec!["plan", "--out", &refused],
        vec!["programs", "--program", "万企帮万村"],
    ];
    let runs: Vec<Vec<&str>> = runs
        .into_iter()
        .chain(mistyped.iter().map(|path| vec!["whatif", path.as_str()]))
        .collect();
    let mut readings = Vec::new();
    for args in &runs {
        let run = pairplan_in(lang, args);
        readings.push(Reading {
            what: args.join(" "),
            text: format!("{}\n{}", run.stdout, run.stderr),
        });
    }
    let help = pairplan_in(lang, &["--help"]);
    readings.push(Reading {
        what: "--help".into(),
        text: help.stdout.clone(),
    });
    for command in COMMANDS.iter().filter(|c| **c != "help") {
        let run = pairplan_in(lang, &[command, "--help"]);
        readings.push(Reading {
            what: format!("{command} --help"),
            text: run.stdout,
        });
    }
    for book in [
        &plan_xlsx,
        &check_xlsx,
        &whatif_xlsx,
        &init_xlsx,
        &previous_xlsx,
        &actuals_xlsx,
        &due_xlsx,
    ] {
        readings.push(Reading {
            what: Path::new(book)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into(),
            text: workbook_text(Path::new(book)),
        });
    }
    for page in [&report_html, &whatif_html] {
        readings.push(Reading {
            what: Path::new(page)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into(),
            text: html_text(&std::fs::read_to_string(page).expect("a report")),
        });
    }
    readings
}

/// Every sheet name and cell of a workbook, one per line.
fn workbook_text(path: &Path) -> String {
    let mut book: Xlsx<_> = calamine::open_workbook(path).expect("a workbook");
    let mut text = String::new();
    for name in book.sheet_names() {
        text.push_str(&name);
        text.push('\n');
        let range = book.worksheet_range(&name).expect("a sheet");
        for row in range.rows() {
            for cell in row {
                if let Data::String(s) = cell {
                    text.push_str(s);
                    text.push('\n');
                }
            }
        }
    }
    text
}

/// An HTML page without its `<tag>…</tag>` blocks.
fn without_blocks(html: &str, tag: &str) -> String {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut kept = String::new();
    let mut rest = html;
    while let Some(start) = rest.find(&open) {
        kept.push_str(&rest[..start]);
        rest = rest[start..]
            .find(&close)
            .map_or("", |end| &rest[start + end + close.len()..]);
    }
    kept.push_str(rest);
    kept
}

/// The text a reader sees on an HTML page: no scripts, styles, tags or attributes.
fn html_text(html: &str) -> String {
    let text = without_blocks(&without_blocks(html, "script"), "style");
    let mut shown = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                shown.push(' ');
            }
            _ if !in_tag => shown.push(c),
            _ => {}
        }
    }
    shown
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The ASCII words of three letters or more in `text` that a Chinese planner would have to read
/// as English, each with its line.
fn english_words(text: &str, also_allowed: &BTreeSet<String>) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        // What a planner types stands in backticks; a name to match exactly (a column, what was
        // typed) in quotes: “actual”.
        let line = quoted_names_removed(line);
        let typed_removed: String = line
            .split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 0)
            .map(|(_, part)| part)
            .collect::<Vec<_>>()
            .join(" ");
        let chunks: Vec<&str> = typed_removed
            .split(|c: char| c.is_whitespace() || !c.is_ascii())
            .filter(|c| !c.is_empty())
            .collect();
        for (i, chunk) in chunks.iter().enumerate() {
            if is_name_of_something(chunk) || (i > 0 && chunks[i - 1] == "pairplan") {
                continue;
            }
            for word in chunk.split(|c: char| !c.is_ascii_alphabetic() && c != '-') {
                let word = word.trim_matches('-');
                let letters = word.chars().filter(char::is_ascii_alphabetic).count();
                if letters < 3
                    || ALLOWED.contains(&word)
                    || also_allowed.contains(word)
                    || is_id(word)
                {
                    continue;
                }
                found.push(format!("{word:?} in: {}", line.trim()));
            }
        }
    }
    found
}

/// A line without the ASCII names it quotes (`列“actual”`, `没有“plna”这个命令`).
fn quoted_names_removed(line: &str) -> String {
    let mut kept = String::new();
    let mut rest = line;
    while let Some(open) = rest.find('“') {
        let after = &rest[open + '“'.len_utf8()..];
        match after.find('”') {
            Some(close) if after[..close].is_ascii() => {
                kept.push_str(&rest[..open]);
                rest = &after[close + '”'.len_utf8()..];
            }
            _ => {
                kept.push_str(&rest[..open + '“'.len_utf8()]);
                rest = after;
            }
        }
    }
    kept.push_str(rest);
    kept
}

/// A file name, a path, an option or a checksum: names, not words.
fn is_name_of_something(chunk: &str) -> bool {
    let chunk = chunk.trim_matches(|c: char| "()[]<>,;:'\"".contains(c));
    // An extension alone (`.html` of `文件.html`) is a file's too.
    chunk.starts_with('.') && chunk[1..].starts_with(|c: char| c.is_ascii_alphabetic())
        || chunk.starts_with('-') && chunk.len() > 1 && !chunk[1..].starts_with(char::is_numeric)
        || chunk.contains('/')
        || chunk.contains('\\')
        || chunk.contains('@')
        || chunk.rsplit_once('.').is_some_and(|(stem, ext)| {
            !stem.is_empty()
                && ext.chars().all(|c| c.is_ascii_alphanumeric())
                && ext.chars().any(|c| c.is_ascii_alphabetic())
        })
        || (chunk.len() >= 16 && chunk.chars().all(|c| c.is_ascii_hexdigit()))
        || chunk.contains('=')
}

/// An id or an abbreviation: capitals, digits and hyphens (`GS-GNZ`, `CSV`, `SHA-256`).
fn is_id(word: &str) -> bool {
    word.chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
}

/// The names `programs` lists for `--program`, identifiers where a planner needs one.
fn program_names() -> BTreeSet<String> {
    let run = pairplan_in("C", &["programs", "--format", "json"]);
    let listed: serde_json::Value = serde_json::from_str(&run.stdout).expect("programs as JSON");
    let mut names = BTreeSet::new();
    let mut collect = |value: &serde_json::Value| {
        if let Some(name) = value.get("name").and_then(|n| n.as_str()) {
            names.insert(name.to_string());
            names.extend(name.split('-').map(str::to_string));
            // As a reader's words are cut: at digits (`social-campaign-1-online`).
            names.extend(
                name.split(|c: char| c.is_ascii_digit())
                    .map(|part| part.trim_matches('-').to_string()),
            );
        }
    };
    match &listed {
        serde_json::Value::Array(items) => items.iter().for_each(&mut collect),
        serde_json::Value::Object(map) => map
            .values()
            .filter_map(|v| v.as_array())
            .flatten()
            .for_each(&mut collect),
        _ => {}
    }
    assert!(names.contains("villages"), "{}", run.stdout);
    // The indicators' names, which an actuals file may use.
    let dataset = std::fs::read_to_string(tianjin().join("dataset.toml")).unwrap();
    let dataset: toml::Value = toml::from_str(&dataset).unwrap();
    for table in dataset["targets"].as_array().unwrap() {
        for key in table["indicators"].as_table().unwrap().keys() {
            names.extend(key.split('_').map(str::to_string));
        }
    }
    names
}

#[test]
fn under_zh_a_planner_reads_no_english_word() {
    let readings = read_everything("zh_CN.UTF-8");
    let names = program_names();
    let commands: BTreeSet<String> = COMMANDS.iter().map(|c| c.to_string()).collect();
    let none = BTreeSet::new();
    let mut found = Vec::new();
    for reading in &readings {
        // `programs` is where the names typed after `--program` (and in an actuals file) are
        // listed, `due` the task ids typed in an actuals file, `--help` where the commands are.
        let allowed = if reading.what.ends_with("--help") {
            &commands
        } else if reading.what.starts_with("programs") || reading.what.starts_with("due") {
            &names
        } else {
            &none
        };
        for word in english_words(&reading.text, allowed) {
            found.push(format!("{}: {word}", reading.what));
        }
    }
    none_found(&found, "English words under zh");
}

/// Fails listing what was found (the first 80; all with `SHOW_ALL` set).
fn none_found<'a>(found: impl IntoIterator<Item = &'a String>, what: &str) {
    let found: Vec<&String> = found.into_iter().collect();
    let shown = std::env::var("SHOW_ALL").map_or(80, |_| usize::MAX);
    assert!(
        found.is_empty(),
        "{} {what}:\n{}",
        found.len(),
        found
            .iter()
            .take(shown)
            .map(|f| f.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Whether a character is Chinese: a Han character, or the punctuation and full-width forms
/// written with them.
fn is_chinese(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xFF00..=0xFFEF | 0x2018..=0x201F)
}

/// Whether a character stands between words (Chinese punctuation), not in one.
fn is_chinese_punctuation(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 | 0x2018..=0x201F)
}

/// The Chinese words of a text: runs of Chinese characters between anything else, punctuation
/// included.
fn chinese_words(text: &str) -> Vec<String> {
    text.split(|c: char| !is_chinese(c) || is_chinese_punctuation(c))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Every text the data, the models, the scenarios and the English catalogue hold (where Chinese
/// may come from under `en`), and the names this test types.
fn data_text() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut text = std::fs::read_to_string(root.join("locales/en.ftl")).unwrap();
    text.push_str("\n没有这个文件夹 没有这个文件 西青区 武清区\n");
    let mut stack = vec![
        root.join("data"),
        root.join("models"),
        root.join("scenarios"),
    ];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else if let Ok(file) = std::fs::read_to_string(&path) {
            text.push_str(&file);
            text.push('\n');
        }
    }
    text
}

/// Whether `word` is data words one after another (a county's name then a village's: the code
/// joins them, the data gives both).
fn made_of(word: &str, words: &BTreeSet<String>) -> bool {
    let ends: Vec<usize> = word
        .char_indices()
        .map(|(i, _)| i)
        .skip(1)
        .chain([word.len()])
        .collect();
    let mut reachable = vec![false; word.len() + 1];
    reachable[0] = true;
    for start in std::iter::once(0).chain(ends.iter().copied()) {
        if start >= word.len() || !reachable[start] {
            continue;
        }
        for &end in ends.iter().filter(|&&e| e > start) {
            if words.contains(&word[start..end]) {
                reachable[end] = true;
            }
        }
    }
    reachable[word.len()]
}

#[test]
fn under_en_the_only_chinese_is_the_datas_own() {
    assert!(tianjin().is_dir());
    let readings = read_everything("C");
    let data = data_text();
    let words: BTreeSet<String> = chinese_words(&data).into_iter().collect();
    let mut found = BTreeSet::new();
    for reading in &readings {
        for word in chinese_words(&reading.text) {
            // A word of the data, words of the data one after another, or a piece of one that a
            // table's column wrapped.
            if !made_of(&word, &words) && !data.contains(&word) {
                found.insert(format!("{}: {word}", reading.what));
            }
        }
    }
    none_found(
        &found,
        "Chinese words under en that neither the data nor the English catalogue give",
    );
}

#[test]
fn the_solvers_status_is_said_in_chinese() {
    // `-v` says how the solver ended: a word of the planner's language, not `optimal`.
    let run = pairplan_in("zh_CN.UTF-8", &["plan", "--program", "changdu-teams", "-v"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("状态：最优"), "{}", run.stdout);
    assert!(!run.stdout.contains("optimal"), "{}", run.stdout);
}
