//! Every command's help says what its options do for that command, in both languages: `--out` is a
//! folder for `generate` and `man`, an HTML file for `report`, a solver's file for `export`; the
//! options every command shares stand under their own heading.

use crate::harness::pairplan_in;

/// The help line of `option` in `command --help` (the line and the one after, for wrapped help).
fn help_of(lang: &str, command: &str, option: &str) -> String {
    let run = pairplan_in(lang, &[command, "--help"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.trim_start().starts_with(option))
        .unwrap_or_else(|| panic!("{command} --help has no {option}:\n{}", run.stdout));
    lines[at..(at + 2).min(lines.len())].join("\n")
}

#[test]
fn out_and_format_say_what_they_are_for_each_command() {
    for (lang, folder, html) in [("C", "Folder", "HTML"), ("zh_CN.UTF-8", "文件夹", "HTML")] {
        assert!(
            help_of(lang, "generate", "--out").contains(folder),
            "{lang}"
        );
        assert!(
            help_of(lang, "man", "--out").contains(if lang == "C" { "folder" } else { folder }),
            "{lang}"
        );
        assert!(help_of(lang, "report", "--out").contains(html), "{lang}");
        let export = help_of(lang, "export", "--format");
        assert!(
            export.contains("dimacs") && export.contains("mps"),
            "{lang}: {export}"
        );
        assert!(
            !help_of(lang, "export", "--out").contains(".xlsx"),
            "{lang}"
        );
        for command in ["plan", "check", "whatif", "diff"] {
            assert!(
                help_of(lang, command, "--out").contains(".xlsx"),
                "{lang} {command}"
            );
            assert!(
                help_of(lang, command, "--format").contains("json"),
                "{lang} {command}"
            );
        }
    }
}

#[test]
fn shared_options_have_their_own_heading() {
    for (lang, heading) in [("C", "Shared options:"), ("zh_CN.UTF-8", "通用选项:")] {
        for command in ["plan", "check", "init", "diff"] {
            let run = pairplan_in(lang, &[command, "--help"]);
            let at = run
                .stdout
                .find(heading)
                .unwrap_or_else(|| panic!("{lang} {command}: {}", run.stdout));
            // Every shared option under it, none of the command's own.
            let shared = &run.stdout[at..];
            assert!(
                shared.contains("--max-file-size") && shared.contains("--lang"),
                "{command}"
            );
            assert!(!run.stdout[..at].contains("--max-file-size"), "{command}");
        }
    }
}

#[test]
fn an_option_is_offered_only_where_it_does_something() {
    for lang in ["C", "zh_CN.UTF-8"] {
        for command in ["diff", "completions", "man"] {
            let run = pairplan_in(lang, &[command, "--help"]);
            assert!(!run.stdout.contains("--verbose"), "{lang} {command}");
        }
        for command in ["plan", "check", "whatif"] {
            let run = pairplan_in(lang, &[command, "--help"]);
            assert!(run.stdout.contains("--verbose"), "{lang} {command}");
        }
        // The values `--scale` takes are named in both languages.
        let scale = help_of(lang, "generate", "--scale");
        let all = pairplan_in(lang, &["generate", "--help"]).stdout;
        assert!(
            all.contains("tianjin") && all.contains("national"),
            "{lang}: {scale}"
        );
    }
}

#[test]
fn clap_speaks_chinese_too() {
    let zh = "zh_CN.UTF-8";
    let help = pairplan_in(zh, &["plan", "--help"]).stdout;
    for english in [
        "Usage:",
        "Options:",
        "[default:",
        "[OPTIONS]",
        "<FILE>",
        "Print help",
    ] {
        assert!(!help.contains(english), "{english}:\n{help}");
    }
    assert!(help.contains("（默认：table）"), "{help}");
    let unknown = pairplan_in(zh, &["plan", "--bogus"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("没有“--bogus”这个参数") && unknown.stderr.contains("用法："),
        "{}",
        unknown.stderr
    );
    let value = pairplan_in(zh, &["plan", "--solver", "fastest"]);
    assert_eq!(value.code, 2);
    assert!(
        value.stderr.contains("“fastest”无效") && value.stderr.contains("auto"),
        "{}",
        value.stderr
    );
    let command = pairplan_in(zh, &["plna"]);
    assert!(
        command.stderr.contains("是否想用“plan”"),
        "{}",
        command.stderr
    );
    // English stays clap's own.
    let english = pairplan_in("C", &["plan", "--bogus"]);
    assert!(
        english.stderr.contains("unexpected argument"),
        "{}",
        english.stderr
    );
}
