//! Completions and man pages generated from the clap definitions, so that what ships in
//! `completions/` and `man/` can never drift from `--help` (a test compares them).

use crate::cli::Cli;
use clap::CommandFactory;
use clap_complete::Shell;

/// The shells pgacct ships completions for, with their conventional file names.
pub const SHELLS: &[(Shell, &str)] = &[
    (Shell::Bash, "pgacct.bash"),
    (Shell::Zsh, "_pgacct"),
    (Shell::Fish, "pgacct.fish"),
    (Shell::Elvish, "pgacct.elv"),
    (Shell::PowerShell, "_pgacct.ps1"),
];

/// Completion scripts: (file name, contents).
pub fn completions() -> Vec<(String, Vec<u8>)> {
    SHELLS
        .iter()
        .map(|(shell, file)| {
            let mut buf = vec![];
            clap_complete::generate(*shell, &mut Cli::command(), "pgacct", &mut buf);
            (file.to_string(), buf)
        })
        .collect()
}

/// Man pages: `pgacct.1` and one page per subcommand (`pgacct-user-create.1`, ...).
pub fn man_pages() -> Vec<(String, Vec<u8>)> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut out = vec![];
    collect(&cmd, "pgacct", &mut out);
    out
}

fn collect(cmd: &clap::Command, name: &str, out: &mut Vec<(String, Vec<u8>)>) {
    let page = cmd.clone().display_name(name.to_string());
    let mut buf = vec![];
    clap_mangen::Man::new(page)
        .render(&mut buf)
        .expect("rendering into memory cannot fail");
    out.push((format!("{name}.1"), buf));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub, &format!("{name}-{}", sub.get_name()), out);
    }
}
