//! The layers hold: no top-level module of `src/` reaches, through `crate::` paths, a module that
//! reaches it back. A cycle is named with the files that close it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every `.rs` file below `dir`.
fn sources(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// Top-level module → (module it names through `crate::`, → the files that do).
fn imports(src: &Path) -> BTreeMap<String, BTreeMap<String, BTreeSet<String>>> {
    let modules: BTreeSet<String> = std::fs::read_dir(src)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter_map(|p| {
            let stem = p.file_stem()?.to_str()?.to_string();
            (p.is_dir() || p.extension().is_some_and(|e| e == "rs")).then_some(stem)
        })
        .filter(|m| m != "lib" && m != "main")
        .collect();
    let mut files = Vec::new();
    sources(src, &mut files);
    let mut graph: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for file in files {
        let relative = file.strip_prefix(src).unwrap();
        let from = relative
            .components()
            .next()
            .and_then(|c| Path::new(c.as_os_str()).file_stem())
            .and_then(|s| s.to_str())
            .unwrap()
            .to_string();
        if !modules.contains(&from) {
            continue;
        }
        let whole = std::fs::read_to_string(&file).unwrap();
        // The code, not its comments (a doc link names a module without importing it) nor its unit
        // tests (which may use what is above them).
        let code = whole
            .split("#[cfg(test)]\nmod tests")
            .next()
            .unwrap_or_default();
        let text: String = code
            .lines()
            .map(|line| line.split("//").next().unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n");
        for (at, _) in text.match_indices("crate::") {
            // `$crate::` is a macro's own path, not an import of the file that uses the macro.
            if text[..at].ends_with('$') {
                continue;
            }
            let rest = &text[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let names: Vec<String> = if name.is_empty() && rest.starts_with('{') {
                // `use crate::{a, b::c}`: each first segment.
                let inside = &rest[1..rest.find('}').unwrap_or(rest.len())];
                inside
                    .split(',')
                    .map(|p| p.trim().split("::").next().unwrap_or("").to_string())
                    .collect()
            } else {
                vec![name]
            };
            for to in names {
                if modules.contains(&to) && to != from {
                    graph
                        .entry(from.clone())
                        .or_default()
                        .entry(to)
                        .or_default()
                        .insert(relative.display().to_string());
                }
            }
        }
    }
    graph
}

#[test]
fn no_top_level_module_imports_one_that_imports_it_back() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = imports(&src);
    // Which modules each reaches.
    let reach = |start: &str| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![start.to_string()];
        while let Some(m) = stack.pop() {
            for next in graph.get(&m).into_iter().flat_map(|t| t.keys()) {
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        seen
    };
    let mut cycles = Vec::new();
    for (from, targets) in &graph {
        for (to, files) in targets {
            if reach(to).contains(from) {
                cycles.push(format!(
                    "{from} → {to} ({}), and {to} reaches {from} back",
                    files.iter().cloned().collect::<Vec<_>>().join(", ")
                ));
            }
        }
    }
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

/// Where each top-level module stands: a module may import only modules at its rank or below.
/// The stages (load … check, change, targets, scenario, sensitivity, synth) are rank 0.
fn rank(module: &str) -> u8 {
    match module {
        "summary" => 1,
        "report" => 2,
        "jobs" => 3,
        "cmd" => 4,
        "cli" => 5,
        _ => 0,
    }
}

#[test]
fn layers_import_downward_only() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut upward = Vec::new();
    for (from, targets) in imports(&src) {
        for (to, files) in targets {
            if rank(&to) > rank(&from) {
                upward.push(format!(
                    "{from} → {to} ({})",
                    files.into_iter().collect::<Vec<_>>().join(", ")
                ));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports against the layers (stages < summary < report < jobs < cmd < cli):\n{}",
        upward.join("\n")
    );
}

/// The `.rs` files of `src/cmd/`, by stem, with their text.
fn command_files() -> BTreeMap<String, String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cmd");
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| {
            let stem = p.file_stem().unwrap().to_str().unwrap().to_string();
            (stem, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

#[test]
fn commands_are_thin_and_import_no_other_command() {
    let files = command_files();
    let lines: usize = files.values().map(|text| text.lines().count()).sum();
    assert!(
        lines < 2_500,
        "src/cmd/ has {lines} lines; jobs belong in src/jobs/"
    );
    let commands: Vec<&String> = files.keys().filter(|stem| *stem != "mod").collect();
    let mut crossings = Vec::new();
    for (stem, text) in &files {
        if stem == "mod" {
            continue;
        }
        for other in commands.iter().filter(|other| **other != stem) {
            for path in [
                format!("super::{other}::"),
                format!("crate::cmd::{other}::"),
            ] {
                if text.contains(&path) {
                    crossings.push(format!("cmd/{stem}.rs uses {path}"));
                }
            }
            let grouped = text.match_indices("use super::{").any(|(at, _)| {
                let rest = &text[at..];
                rest[..rest.find('}').unwrap_or(rest.len())]
                    .split(|c: char| !c.is_alphanumeric() && c != '_')
                    .any(|word| word == other.as_str())
            });
            if grouped {
                crossings.push(format!("cmd/{stem}.rs imports super::{other}"));
            }
        }
    }
    assert!(crossings.is_empty(), "{}", crossings.join("\n"));
}

/// The functions of `src/` and of the workspace's crates (`crates/*/src`) longer than `most` lines,
/// as `file::name (lines)` (a crate's file named from `crates/`): a function runs from its `fn`
/// line to the closing brace at its indentation.
fn long_functions(most: usize) -> Vec<(String, usize)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = root.join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    for krate in std::fs::read_dir(root.join("crates")).unwrap() {
        sources(&krate.unwrap().path().join("src"), &mut files);
    }
    let mut long = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let relative = match file.strip_prefix(&src) {
            Ok(inside) => inside.display().to_string(),
            Err(_) => file.strip_prefix(root).unwrap().display().to_string(),
        };
        let mut at = 0;
        while at < lines.len() {
            let line = lines[at];
            let code = line.trim_start();
            let indent = &line[..line.len() - code.len()];
            let signature = [
                "pub(crate) ",
                "pub(super) ",
                "pub ",
                "const ",
                "async ",
                "unsafe ",
            ]
            .iter()
            .fold(code, |rest, word| rest.strip_prefix(word).unwrap_or(rest));
            let Some(name) = signature
                .strip_prefix("fn ")
                .filter(|_| !code.trim_end().ends_with(';'))
            else {
                at += 1;
                continue;
            };
            let name: String = name
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let closing = format!("{indent}}}");
            let end = (at..lines.len())
                .find(|&i| lines[i] == closing)
                .unwrap_or(at);
            if end - at + 1 > most {
                long.push((format!("{relative}::{name}"), end - at + 1));
            }
            at = end.max(at) + 1;
        }
    }
    long
}

/// The exceptions ARCHITECTURE.md lists under "Long functions": `file::name`, one per line.
fn listed_exceptions() -> BTreeSet<String> {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md"))
            .unwrap();
    let section = text
        .split("### Long functions")
        .nth(1)
        .expect("ARCHITECTURE.md has a 'Long functions' section");
    let section = section.split("\n#").next().unwrap_or_default();
    section
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split('`').next())
        .map(str::to_string)
        .collect()
}

#[test]
fn no_function_is_longer_than_80_lines_but_the_listed_exceptions() {
    let listed = listed_exceptions();
    assert!(
        listed.len() <= 10,
        "at most 10 exceptions, {} listed",
        listed.len()
    );
    let long = long_functions(80);
    let unlisted: Vec<String> = long
        .iter()
        .filter(|(name, _)| !listed.contains(name))
        .map(|(name, lines)| format!("{name} ({lines} lines)"))
        .collect();
    assert!(
        unlisted.is_empty(),
        "functions over 80 lines, not among ARCHITECTURE.md's exceptions:\n{}",
        unlisted.join("\n")
    );
    // An exception that is no longer long is taken off the list.
    let stale: Vec<&String> = listed
        .iter()
        .filter(|name| !long.iter().any(|(long, _)| long == *name))
        .collect();
    assert!(stale.is_empty(), "listed but no longer long: {stale:?}");
}

/// The flow crate stands alone: it depends on nothing of pairplan's, and its code and docs speak of
/// networks, never of the planners' domain.
#[test]
fn the_flow_crate_knows_nothing_of_pairing() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/mcf");
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let dependencies = manifest
        .split("[dependencies]")
        .nth(1)
        .and_then(|rest| rest.split("\n[").next())
        .unwrap_or_default();
    assert!(
        !dependencies.contains("pairplan"),
        "crates/mcf depends on pairplan:\n{dependencies}"
    );
    let mut files = vec![root.join("README.md")];
    sources(&root.join("src"), &mut files);
    let words = [
        "recipient",
        "helper",
        "pairing",
        "village",
        "district",
        "county",
        "cadre",
        "program",
        "crate::domain",
        "crate::model",
        "结对",
    ];
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap().to_lowercase();
        for word in words {
            if text.contains(word) {
                found.push(format!("{}: {word}", file.display()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "planning words in crates/mcf:\n{}",
        found.join("\n")
    );
}
