//! `pairplan completions SHELL` and `pairplan man`: shell completions and manual pages, both
//! generated from the command line's own definition (clap), so they never fall behind it. The
//! definition is handed in by the command line, which sits above the commands.

use std::path::PathBuf;

use super::{print, Failure};

/// Arguments of `completions`.
#[derive(Debug, Clone, clap::Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, powershell or elvish.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Arguments of `man`.
#[derive(Debug, Clone, clap::Args)]
pub struct ManArgs {
    /// Write a page per command (pairplan.1, pairplan-plan.1, …) into this folder; without it, the
    /// main page on standard output.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Prints the completion script of `command`, the whole command line.
pub fn completions(args: &CompletionsArgs, mut command: clap::Command) -> Result<u8, Failure> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "pairplan", &mut script);
    print(&String::from_utf8_lossy(&script))?;
    Ok(0)
}

/// Prints or writes the manual pages of `command`, the whole command line.
pub fn man(args: &ManArgs, command: clap::Command) -> Result<u8, Failure> {
    let render = |command: clap::Command| -> Result<Vec<u8>, Failure> {
        let mut page = Vec::new();
        clap_mangen::Man::new(command)
            .render(&mut page)
            .map_err(|e| Failure::Internal(e.to_string()))?;
        Ok(page)
    };
    let Some(dir) = &args.out else {
        print(&String::from_utf8_lossy(&render(command)?))?;
        return Ok(0);
    };
    let mut pages = vec![("pairplan.1".to_string(), render(command.clone())?)];
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("pairplan-{}", sub.get_name());
        pages.push((format!("{name}.1"), render(sub.clone().name(name))?));
    }
    for (file, page) in &pages {
        crate::report::write_atomically("--out", &dir.join(file), page)?;
    }
    eprintln!(
        "{}",
        crate::tr!(
            "wrote-man-pages",
            count = pages.len(),
            dir = dir.display().to_string()
        )
    );
    Ok(0)
}
