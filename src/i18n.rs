//! The interface language: every planner-facing message, header and legend comes from one Fluent
//! catalogue per language (`locales/en.ftl`, `locales/zh.ftl`, compiled into the binary), looked up
//! by key. `--lang zh|en` chooses; without it `LC_ALL`, `LC_MESSAGES` or `LANG` does (`zh…` →
//! Chinese, anything else English). Machine names — CSV column keys, JSON keys, finding kinds —
//! never change with the language, so scripts and round trips keep working.
//!
//! Fluent (the `fluent-bundle` crate, Mozilla's localisation system) is used directly rather than
//! through a macro layer: its catalogues are plain text a translator can edit, it knows each
//! language's plural rules, and embedding the two files with `include_str!` keeps the dependency
//! tree small. Placeables are not wrapped in Unicode isolation marks, so output stays plain text.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// An interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// 中文.
    Zh,
    /// English.
    En,
}

/// The catalogues, as shipped.
pub const CATALOGUES: [(Lang, &str); 2] = [
    (Lang::En, include_str!("../locales/en.ftl")),
    (Lang::Zh, include_str!("../locales/zh.ftl")),
];

static CURRENT: AtomicU8 = AtomicU8::new(0);

/// Sets the language for the rest of the run.
pub fn set(lang: Lang) {
    CURRENT.store(lang as u8 + 1, Ordering::Relaxed);
}

/// The language in use: the one set, else the environment's.
pub fn current() -> Lang {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Lang::Zh,
        2 => Lang::En,
        _ => from_env(),
    }
}

/// The environment's language: the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set and not
/// empty; `zh…` is Chinese, anything else English.
pub fn from_env() -> Lang {
    let setting = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty())
        .unwrap_or_default();
    if setting.to_ascii_lowercase().starts_with("zh") {
        Lang::Zh
    } else {
        Lang::En
    }
}

fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    static BUNDLES: [OnceLock<FluentBundle<FluentResource>>; 2] =
        [OnceLock::new(), OnceLock::new()];
    BUNDLES[lang as usize].get_or_init(|| {
        let (tag, text) = match lang {
            Lang::Zh => ("zh-CN", CATALOGUES[1].1),
            Lang::En => ("en", CATALOGUES[0].1),
        };
        let id: unic_langid::LanguageIdentifier = tag.parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        bundle.set_use_isolating(false);
        // A malformed entry is skipped (the catalogue test fails on it); the rest still load.
        let resource = FluentResource::try_new(text.to_string()).unwrap_or_else(|(res, _)| res);
        let _ = bundle.add_resource(resource);
        bundle
    })
}

/// The message `key` in the current language with its arguments; a key the catalogue lacks is
/// shown as itself (the catalogue test makes sure none is).
pub fn message(key: &str, args: &[(&str, FluentValue)]) -> String {
    message_in(current(), key, args)
}

/// The message `key` in `lang`.
pub fn message_in(lang: Lang, key: &str, args: &[(&str, FluentValue)]) -> String {
    let bundle = bundle(lang);
    let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
        return key.to_string();
    };
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    let mut errors = Vec::new();
    bundle
        .format_pattern(pattern, Some(&fluent_args), &mut errors)
        .into_owned()
}

/// What the system said of a file, in the current language: the common reasons (no such file, no
/// permission, the disk full) in words of the catalogue, any other as the system wrote it.
pub fn io_error(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let key = match error.kind() {
        ErrorKind::NotFound => "io-not-found",
        ErrorKind::PermissionDenied => "io-permission-denied",
        ErrorKind::AlreadyExists => "io-already-exists",
        ErrorKind::StorageFull => "io-storage-full",
        ErrorKind::IsADirectory => "io-is-a-directory",
        ErrorKind::ReadOnlyFilesystem => "io-read-only",
        _ => return error.to_string(),
    };
    message(key, &[])
}

/// The titles of the programs and target tables in use (`villages` → 万企帮万村), registered once
/// the models are read, so that every message names a program the way its reader does.
static TITLES: std::sync::RwLock<std::collections::BTreeMap<String, String>> =
    std::sync::RwLock::new(std::collections::BTreeMap::new());

/// Registers the titles of programs and target tables (`name`, `title`).
pub fn name_programs<'a>(names: impl IntoIterator<Item = (&'a str, &'a str)>) {
    if let Ok(mut titles) = TITLES.write() {
        for (name, title) in names {
            titles.insert(name.to_string(), title.to_string());
        }
    }
}

/// A program or target table as a reader names it: in Chinese its title (万企帮万村); in English
/// its name (`villages`), the word typed after `--program`, since the titles are Chinese. A name
/// with no registered title is shown as written.
pub fn program(name: &str) -> String {
    // Programs planned together are named `a + b`.
    if name.contains(" + ") {
        return name
            .split(" + ")
            .map(program)
            .collect::<Vec<_>>()
            .join(" + ");
    }
    let title = TITLES
        .read()
        .ok()
        .and_then(|titles| titles.get(name).cloned())
        .unwrap_or_default();
    in_words(name, &title)
}

/// A name as a reader reads it: in Chinese the words that say it (the name when there are none),
/// in English the name, the word English readers type.
pub fn in_words(name: &str, words: &str) -> String {
    if current() == Lang::En || words.is_empty() {
        name.to_string()
    } else {
        words.to_string()
    }
}

/// A name with the words that say it: in English `name words` (the name being what English readers
/// type: `villages 万企帮万村`, `trained 培训创业致富带头人（人）`), in Chinese the words alone, or
/// the name when there are no words.
pub fn labelled(name: &str, words: &str) -> String {
    if words.is_empty() {
        name.to_string()
    } else if current() == Lang::En {
        format!("{name} {words}")
    } else {
        words.to_string()
    }
}

/// Several programs as a reader names them, joined by the language's list separator.
pub fn programs<S: AsRef<str>>(names: &[S]) -> String {
    names
        .iter()
        .map(|n| program(n.as_ref()))
        .collect::<Vec<_>>()
        .join(list_separator())
}

/// What a file is read for (`helpers`, `recipient_demand`), in the reader's language: the roles of
/// a program's tables and the names of the rules that read one; a word the catalogue lacks is shown
/// as written.
pub fn used_as(word: &str) -> String {
    let key = format!("used-as-{}", word.replace([' ', '_'], "-"));
    let found = message(&key, &[]);
    if found == key {
        word.to_string()
    } else {
        found
    }
}

/// What a file is read for, several uses joined in the reader's language.
pub fn used_as_list(uses: &[String]) -> String {
    uses.iter()
        .map(|u| used_as(u))
        .collect::<Vec<_>>()
        .join(list_separator())
}

/// The separator of a list of clauses (`; ` in English, `；` in Chinese).
pub fn clause_separator() -> &'static str {
    if current() == Lang::En {
        "; "
    } else {
        "；"
    }
}

/// The separator of a list in running text (`, ` in English, `、` in Chinese).
pub fn list_separator() -> &'static str {
    if current() == Lang::En {
        ", "
    } else {
        "、"
    }
}

/// A capacity as a program reads it (`hospitals.csv: person_times`), in the reader's words: the
/// file and what its column counts (hospitals.csv 的“人次”列); a column the catalogue lacks is
/// shown as written.
pub fn capacity_source(source: &str) -> String {
    let Some((file, column)) = source.split_once(": ") else {
        return source.to_string();
    };
    let key = format!("capacity-column-{}", column.replace('_', "-"));
    let found = message(&key, &[]);
    let column = if found == key {
        column.to_string()
    } else {
        found
    };
    message(
        "capacity-source",
        &[("file", value(file)), ("column", value(column))],
    )
}

/// A key of a run's manifest (`inputs`, `settings`) in the reader's words; a key the catalogue
/// lacks (a file name, a scenario's title) is shown as written.
pub fn manifest_key(key: &str) -> String {
    let catalogue_key = format!("manifest-{}", key.replace('_', "-"));
    if !key
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return key.to_string();
    }
    let found = message(&catalogue_key, &[]);
    if found == catalogue_key {
        key.to_string()
    } else {
        found
    }
}

/// A model's noun (`villages`, `person-times`) in the current language; a noun the catalogue lacks
/// (a model of one's own) is shown as written.
pub fn noun(word: &str) -> String {
    let key = format!("noun-{}", word.replace(' ', "-"));
    let found = message(&key, &[]);
    if found == key {
        word.to_string()
    } else {
        found
    }
}

/// A workbook's header for a column key (`recipient_id` → 受援方编号 in Chinese); the key itself
/// when the catalogue has none.
pub fn column_label(key: &str) -> String {
    let found = message(&format!("column-{key}"), &[]);
    if found.starts_with("column-") {
        key.to_string()
    } else {
        found
    }
}

/// Every header a column key may be written as: the key, and its label in each language — so a
/// workbook pairplan wrote in Chinese reads back.
pub fn column_names(key: &str) -> Vec<String> {
    let mut names = vec![key.to_string()];
    for lang in [Lang::En, Lang::Zh] {
        let label = message_in(lang, &format!("column-{key}"), &[]);
        if !label.starts_with("column-") && !names.contains(&label) {
            names.push(label);
        }
    }
    names
}

/// A workbook sheet's name in the current language.
pub fn sheet_label(name: &str) -> String {
    let found = message(&format!("sheet-{name}"), &[]);
    if found.starts_with("sheet-") {
        name.to_string()
    } else {
        found
    }
}

/// A message of the interface catalogue: `tr!("key")` or `tr!("key", name = value, …)`; values
/// are numbers or text.
#[macro_export]
macro_rules! tr {
    ($key:expr) => {
        $crate::i18n::message($key, &[])
    };
    ($key:expr, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::message(
            $key,
            &[$((stringify!($name), $crate::i18n::value($value))),+],
        )
    };
}

/// A catalogue key chosen at run time among literals (`msg_key!("kind-folder")` is the literal
/// itself): marked, so that the catalogue test sees every key the code may ask for.
#[macro_export]
macro_rules! msg_key {
    ($key:literal) => {
        $key
    };
}

/// A message argument: numbers stay numbers (for plural rules), the rest is text.
pub fn value<T: IntoArg>(v: T) -> FluentValue<'static> {
    v.into_arg()
}

/// What a message argument may be.
pub trait IntoArg {
    /// The Fluent value.
    fn into_arg(self) -> FluentValue<'static>;
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl IntoArg for $t {
            fn into_arg(self) -> FluentValue<'static> {
                FluentValue::from(self)
            }
        }
    )*};
}
number_arg!(u32, u64, usize, i64, f64);

impl IntoArg for &str {
    fn into_arg(self) -> FluentValue<'static> {
        FluentValue::from(self.to_string())
    }
}

impl IntoArg for String {
    fn into_arg(self) -> FluentValue<'static> {
        FluentValue::from(self)
    }
}

impl IntoArg for &String {
    fn into_arg(self) -> FluentValue<'static> {
        FluentValue::from(self.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The message ids of a catalogue.
    fn keys(text: &str) -> std::collections::BTreeSet<String> {
        let resource = match FluentResource::try_new(text.to_string()) {
            Ok(resource) => resource,
            Err((_, errors)) => panic!("a catalogue does not parse: {errors:?}"),
        };
        resource
            .entries()
            .filter_map(|entry| match entry {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn no_key_is_given_twice() {
        for (lang, text) in CATALOGUES {
            let resource = FluentResource::try_new(text.to_string()).expect("parses");
            let mut seen = std::collections::BTreeSet::new();
            let twice: Vec<String> = resource
                .entries()
                .filter_map(|entry| match entry {
                    fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                    _ => None,
                })
                .filter(|id| !seen.insert(id.clone()))
                .collect();
            // Fluent keeps the first of two: the second would be silently ignored.
            assert!(twice.is_empty(), "{lang:?}: {twice:?}");
        }
    }

    #[test]
    fn every_key_is_in_every_language() {
        let en = keys(CATALOGUES[0].1);
        let zh = keys(CATALOGUES[1].1);
        let only_en: Vec<&String> = en.difference(&zh).collect();
        let only_zh: Vec<&String> = zh.difference(&en).collect();
        assert!(
            only_en.is_empty() && only_zh.is_empty(),
            "keys in one language only — English: {only_en:?}; Chinese: {only_zh:?}"
        );
    }

    /// The call sites whose key is a variable, with where their keys come from: `msg_key!`
    /// literals (check.rs, file.rs, html.rs, text/mod.rs, scenario.rs, cli.rs' `say`), or a
    /// family the command line's own test checks key by key (cli.rs: `help-arg-ID`,
    /// `help-arg-COMMAND-ID`, `help-COMMAND`, `help-value-NAME`).
    const KEYS_CHOSEN_AT_RUN_TIME: [&str; 18] = [
        "src/check.rs: key",
        "src/check.rs: key",
        "src/check.rs: key",
        "src/check.rs: key",
        "src/check.rs: key",
        "src/check.rs: key",
        "src/cli.rs: &format!(\"help-arg-{id}\"",
        "src/cli.rs: &format!(\"help-{name}\"",
        "src/cli.rs: &key",
        "src/cli.rs: &own",
        "src/cli.rs: &whole",
        "src/cli.rs: key",
        "src/cli.rs: key",
        "src/load/file.rs: key",
        "src/report/html.rs: key",
        "src/report/text/mod.rs: key",
        "src/scenario.rs: what",
        "src/targets.rs: short_key",
    ];

    #[test]
    fn every_key_the_code_asks_for_exists() {
        let en = keys(CATALOGUES[0].1);
        let mut missing = Vec::new();
        let mut variable = Vec::new();
        let mut stack = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        while let Some(path) = stack.pop() {
            if path.is_dir() {
                stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            if path.ends_with("i18n.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            // The code, not its tests (which ask for keys to compare with).
            let text = text.split("#[cfg(test)]").next().unwrap_or_default();
            let file = path
                .strip_prefix(env!("CARGO_MANIFEST_DIR"))
                .unwrap_or(&path);
            for marker in ["tr!(", "msg_key!(", "message(", "message_in(lang, ", "say("] {
                for (at, _) in text.match_indices(marker) {
                    // `tr!` itself, not the end of `include_str!` nor a method `.message()`.
                    if text[..at]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
                    {
                        continue;
                    }
                    let rest = text[at + marker.len()..].trim_start();
                    // The key argument: up to the first comma or parenthesis outside braces.
                    let mut depth = 0;
                    let argument: String = rest
                        .chars()
                        .take_while(|&c| {
                            depth += match c {
                                '{' => 1,
                                '}' => -1,
                                _ => 0,
                            };
                            depth > 0 || (c != ',' && c != ')')
                        })
                        .collect();
                    let is_key = |k: &&str| {
                        k.contains('-')
                            && k.chars()
                                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    };
                    let literals: Vec<&str> = argument
                        .split('"')
                        .skip(1)
                        .step_by(2)
                        .filter(is_key)
                        .collect();
                    if literals.is_empty() {
                        variable.push(format!("{}: {}", file.display(), argument.trim()));
                    }
                    for key in literals {
                        if !en.contains(key) {
                            missing.push(format!("{}: {key}", file.display()));
                        }
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "keys missing from the catalogues: {missing:?}"
        );
        // A key held in a variable is one of the `msg_key!` literals above (checked with them) or
        // built from a prefix whose family a test of its own checks: these call sites, no others.
        variable.sort();
        assert_eq!(
            variable, KEYS_CHOSEN_AT_RUN_TIME,
            "call sites with a variable key"
        );
    }

    #[test]
    fn messages_take_their_arguments_and_plurals() {
        assert_eq!(message_in(Lang::En, "no-such-key", &[]), "no-such-key");
        let args = [
            ("covered", value(3u32)),
            ("total", value(4u32)),
            ("noun", value("villages")),
        ];
        assert_eq!(
            message_in(Lang::En, "test-covered", &args),
            "3 of 4 villages covered"
        );
        assert_eq!(
            message_in(Lang::Zh, "test-covered", &args),
            "覆盖 3 / 4 个villages"
        );
    }
}
