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
        .map(|(shell, file)| (file.to_string(), completion(*shell)))
        .collect()
}

/// The completion script for `shell`: clap_complete's, and in bash, zsh and fish the
/// values only the inventory knows (targets, envs, kinds) from `pgacct __complete`.
pub fn completion(shell: Shell) -> Vec<u8> {
    let mut buf = vec![];
    clap_complete::generate(shell, &mut Cli::command(), "pgacct", &mut buf);
    let text = String::from_utf8(buf).expect("completion scripts are UTF-8");
    match shell {
        Shell::Bash => format!(
            "{text}{}",
            BASH_DYNAMIC_TEMPLATE.replace("__TARGETS__", TARGET_POSITIONALS)
        )
        .into_bytes(),
        Shell::Zsh => zsh_dynamic(&text).into_bytes(),
        Shell::Fish => fish_dynamic(&text).into_bytes(),
        _ => text.into_bytes(),
    }
}

/// Registry subcommands whose positional arguments are targets.
const TARGET_POSITIONALS: &str = "show check set disable enable remove";

const BASH_DYNAMIC_TEMPLATE: &str = r#"
# Inventory-aware values (pgacct __complete): targets, envs and kinds.
_pgacct_inventory() {
    local what="$1" cur="$2"
    local IFS=$'\n'
    COMPREPLY=($(compgen -W "$(pgacct __complete "$what" 2>/dev/null)" -- "$cur"))
}

_pgacct_dynamic() {
    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"
    case "$prev" in
        --target|-t) _pgacct_inventory targets "$cur"; return 0 ;;
        --env) _pgacct_inventory envs "$cur"; return 0 ;;
        --kind) _pgacct_inventory kinds "$cur"; return 0 ;;
    esac
    # The words typed so far, without options and their values.
    local -a words=()
    local i w skip=0
    for ((i = 1; i < COMP_CWORD; i++)); do
        w="${COMP_WORDS[i]}"
        if ((skip)); then skip=0; continue; fi
        case "$w" in
            --inventory|--format|--connect-timeout|--lock-timeout|--statement-timeout|--target|-t|--env|--db|--kind|--jobs|--reason|--ticket|--schema|--username|--server|--service-port|--port|--prefix|--farm|--valid-until|--expires-in|--conn-limit|--password-length|--password-file) skip=1 ;;
            -*) ;;
            *) words+=("$w") ;;
        esac
    done
    if [[ ${#words[@]} -eq 2 && "${words[0]}" == user && "${words[1]}" == create && "$cur" != -* ]]; then
        _pgacct_inventory kinds "$cur"
        return 0
    fi
    if [[ ${#words[@]} -ge 2 && "${words[0]}" == registry && " __TARGETS__ " == *" ${words[1]} "* && "$cur" != -* ]]; then
        _pgacct_inventory targets "$cur"
        return 0
    fi
    _pgacct "$@"
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _pgacct_dynamic -o nosort -o bashdefault -o default pgacct
else
    complete -F _pgacct_dynamic -o bashdefault -o default pgacct
fi
"#;

const ZSH_HELPERS: &str = r#"
# Inventory-aware values (pgacct __complete): targets, envs and kinds.
_pgacct_targets() {
    local -a values
    values=(${(f)"$(pgacct __complete targets 2>/dev/null)"})
    compadd -a values
}
_pgacct_envs() {
    local -a values
    values=(${(f)"$(pgacct __complete envs 2>/dev/null)"})
    compadd -a values
}
_pgacct_kinds() {
    local -a values
    values=(${(f)"$(pgacct __complete kinds 2>/dev/null)"})
    compadd -a values
}
"#;

fn zsh_dynamic(text: &str) -> String {
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        let mut l = line.to_string();
        let ends_default = l.trim_end().ends_with(":_default' \\");
        if ends_default {
            let is = |needle: &str| line.contains(needle);
            let with =
                if is(":ENV/DB:_default'") || is("as ENV/DB:_default'") || is("as ENV/DB (default")
                {
                    Some("_pgacct_targets")
                } else if is("--env=[") || is("-env+[") {
                    Some("_pgacct_envs")
                } else if is("':kind -- ") || is("--kind=[") {
                    Some("_pgacct_kinds")
                } else {
                    None
                };
            if let Some(f) = with {
                l = l.replacen(":_default' \\", &format!(":{f}' \\"), 1);
            }
        }
        out.push_str(&l);
        out.push('\n');
        if i == 0 {
            // After `#compdef pgacct`: the helpers exist before the completer runs.
            out.push_str(ZSH_HELPERS);
        }
    }
    out
}

fn fish_dynamic(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let mut l = line.to_string();
        if l.starts_with("complete -c pgacct") {
            if l.contains(" -l target ") {
                l.push_str(" -f -a \"(pgacct __complete targets)\"");
            } else if l.contains(" -l env ") {
                l.push_str(" -f -a \"(pgacct __complete envs)\"");
            } else if l.contains(" -l kind ") {
                l.push_str(" -f -a \"(pgacct __complete kinds)\"");
            }
        }
        out.push_str(&l);
        out.push('\n');
    }
    out.push_str("\n# Inventory-aware positionals (pgacct __complete).\n");
    out.push_str("complete -c pgacct -n \"__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from create\" -f -a \"(pgacct __complete kinds)\"\n");
    out.push_str(&format!(
        "complete -c pgacct -n \"__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from {TARGET_POSITIONALS}\" -f -a \"(pgacct __complete targets)\"\n"
    ));
    out
}

/// Man pages: `pgacct.1` and one page per subcommand (`pgacct-user-create.1`, ...).
pub fn man_pages() -> Vec<(String, Vec<u8>)> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut out = vec![];
    collect(&cmd, "pgacct", None, &mut out);
    out
}

fn collect(
    cmd: &clap::Command,
    name: &str,
    parent: Option<&str>,
    out: &mut Vec<(String, Vec<u8>)>,
) {
    let page = cmd.clone().display_name(name.to_string());
    let subs: Vec<&clap::Command> = cmd.get_subcommands().filter(|s| !s.is_hide_set()).collect();
    let children: Vec<String> = subs
        .iter()
        .map(|s| format!("{name}-{}", s.get_name()))
        .collect();
    out.push((
        format!("{name}.1"),
        render_page(page, name, parent, &children),
    ));
    for sub in subs {
        collect(sub, &format!("{name}-{}", sub.get_name()), Some(name), out);
    }
}

/// Text for roff: backslashes and hyphens escaped, no line starting with a control
/// character.
fn roff_text(s: &str) -> String {
    s.lines()
        .map(|l| {
            let l = l.replace('\\', "\\e").replace('-', "\\-");
            if l.starts_with('.') || l.starts_with('\'') {
                format!("\\&{l}")
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The SYNOPSIS: the command words, then every option with its value name, then the
/// positionals (clap_mangen's shows no values).
fn synopsis(cmd: &clap::Command, words: &str) -> String {
    let mut parts = vec![format!("\\fB{}\\fR", roff_text(words))];
    for a in cmd
        .get_arguments()
        .filter(|a| !a.is_hide_set() && !a.is_positional())
    {
        let Some(long) = a.get_long() else { continue };
        if long == "help" || long == "version" || a.is_global_set() {
            continue;
        }
        let takes = a.get_num_args().is_some_and(|n| n.takes_values());
        let value = if takes {
            let v = a
                .get_value_names()
                .and_then(|v| v.first())
                .map(|v| v.to_string())
                .unwrap_or_else(|| long.to_uppercase());
            format!(" \\fI{}\\fR", roff_text(&v))
        } else {
            String::new()
        };
        let flag = format!("\\fB\\-\\-{}\\fR{value}", roff_text(long));
        if a.is_required_set() {
            parts.push(flag);
        } else {
            parts.push(format!("[{flag}]"));
        }
    }
    for a in cmd.get_positionals() {
        let v = a
            .get_value_names()
            .and_then(|v| v.first())
            .map(|v| v.to_string())
            .unwrap_or_else(|| a.get_id().to_string().to_uppercase());
        let v = format!("\\fI{}\\fR", roff_text(&v));
        let many = a.get_num_args().is_some_and(|n| n.max_values() > 1);
        let v = if many { format!("{v}...") } else { v };
        parts.push(if a.is_required_set() {
            v
        } else {
            format!("[{v}]")
        });
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        parts.push("\\fICOMMAND\\fR".into());
    }
    parts.push("[\\fIGLOBAL OPTIONS\\fR]".into());
    parts.join(" ")
}

/// The examples of a command's `after_help` (the lines under "Examples:"), and the rest.
fn split_after_help(cmd: &clap::Command) -> (Vec<String>, String) {
    let help = cmd
        .get_after_help()
        .map(|s| s.to_string())
        .unwrap_or_default();
    let Some((before, rest)) = help.split_once("Examples:") else {
        return (vec![], help);
    };
    let mut examples = vec![];
    let mut lines = rest.lines().skip_while(|l| l.trim().is_empty());
    let mut tail = vec![before.trim().to_string()];
    for l in lines.by_ref() {
        if l.trim().is_empty() {
            break;
        }
        examples.push(l.trim_end().strip_prefix("  ").unwrap_or(l).to_string());
    }
    tail.extend(lines.map(str::to_string));
    (examples, tail.join("\n").trim().to_string())
}

const EXIT_STATUS: &[(&str, &str)] = &[
    ("0", "success, whether or not anything changed"),
    (
        "1",
        "failed (a server error, a failed delivery, a broken audit chain)",
    ),
    (
        "2",
        "invalid usage or input; nothing was sent to any server",
    ),
    ("3", "a target or a role was not found"),
    ("4", "cannot connect to or authenticate with a target"),
    (
        "5",
        "refused by a safety guard (protected target, superuser, pg_* or admin role, owned objects)",
    ),
    ("6", "partial failure: some targets succeeded, some failed"),
];

const ENVIRONMENT: &[(&str, &str)] = &[
    ("PGACCT_INVENTORY", "the inventory file (--inventory)"),
    ("PGACCT_FORMAT", "table or json (--format)"),
    (
        "PGACCT_CONNECT_TIMEOUT, PGACCT_LOCK_TIMEOUT, PGACCT_STATEMENT_TIMEOUT",
        "seconds (the options of the same names)",
    ),
    (
        "PGACCT_ADMIN_USER",
        "admin role of targets registered without --admin-user",
    ),
    (
        "PGACCT_ADMIN_PASSWORD",
        "admin password for every target (PGPASSWORD is not read)",
    ),
    (
        "PGACCT_ACTOR",
        "who is acting, recorded next to the OS user",
    ),
    ("PGACCT_AUDIT_READS", "on or off: record reads for this run"),
    ("PGPASSFILE", "the libpq password file (default ~/.pgpass)"),
    (
        "PGSSLMODE, PGSSLROOTCERT, PGSSLCERT, PGSSLKEY",
        "TLS settings of targets registered without them",
    ),
    (
        "COLUMNS",
        "the width tables fit in when stdout is not a terminal",
    ),
    ("NO_COLOR", "no colour (--no-color)"),
];

/// One man page: clap_mangen's title, name, description, options and subcommands, plus
/// SYNOPSIS with option values, EXAMPLES (not filled or justified), NOTES, EXIT STATUS,
/// ENVIRONMENT, FILES and SEE ALSO; the whole page left-adjusted, never justified.
fn render_page(
    page: clap::Command,
    name: &str,
    parent: Option<&str>,
    children: &[String],
) -> Vec<u8> {
    let version = env!("CARGO_PKG_VERSION");
    let man = clap_mangen::Man::new(page.clone())
        .title(name.to_uppercase())
        .source(format!("pgacct {version}"))
        .manual("pgacct manual");
    let mut buf = vec![];
    let w: &mut Vec<u8> = &mut buf;
    let ok = "rendering into memory cannot fail";
    man.render_title(w).expect(ok);
    // Left-adjusted and not hyphenated: options and names stay whole.
    w.extend_from_slice(b".ad l\n.nh\n");
    man.render_name_section(w).expect(ok);
    let words = name.replace('-', " ");
    w.extend_from_slice(format!(".SH SYNOPSIS\n{}\n", synopsis(&page, &words)).as_bytes());
    man.render_description_section(w).expect(ok);
    if page.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(w).expect(ok);
    }
    if !children.is_empty() {
        man.render_subcommands_section(w).expect(ok);
    }
    let (examples, notes) = split_after_help(&page);
    if !examples.is_empty() {
        w.extend_from_slice(b".SH EXAMPLES\n.RS 4\n.nf\n");
        for e in &examples {
            w.extend_from_slice(format!("{}\n", roff_text(e)).as_bytes());
        }
        w.extend_from_slice(b".fi\n.RE\n");
    }
    if !notes.is_empty() {
        w.extend_from_slice(format!(".SH NOTES\n{}\n", roff_text(&notes)).as_bytes());
    }
    w.extend_from_slice(b".SH \"EXIT STATUS\"\n");
    for (code, what) in EXIT_STATUS {
        w.extend_from_slice(format!(".TP\n.B {code}\n{}\n", roff_text(what)).as_bytes());
    }
    w.extend_from_slice(b".SH ENVIRONMENT\n");
    for (var, what) in ENVIRONMENT {
        w.extend_from_slice(
            format!(".TP\n.B {}\n{}\n", roff_text(var), roff_text(what)).as_bytes(),
        );
    }
    w.extend_from_slice(
        format!(
            ".SH FILES\n.TP\n.I ~/.local/share/pgacct/inventory.db\n{}\n.TP\n.I ~/.pgpass\n{}\n",
            roff_text("the inventory: targets, kinds, notification channels and the audit log (SQLite; PGACCT_INVENTORY or --inventory elsewhere)"),
            roff_text("admin passwords, read with libpq's rules when 0600 (PGPASSFILE elsewhere)"),
        )
        .as_bytes(),
    );
    let mut see: Vec<String> = vec![];
    if let Some(p) = parent {
        see.push(p.to_string());
    }
    if parent.is_some_and(|p| p != "pgacct") {
        see.push("pgacct".into());
    }
    see.extend(children.iter().cloned());
    see.push("psql".into());
    let see: Vec<String> = see
        .iter()
        .map(|p| format!("\\fB{}\\fR(1)", roff_text(p)))
        .collect();
    w.extend_from_slice(format!(".SH \"SEE ALSO\"\n{}\n", see.join(", ")).as_bytes());
    if page.get_version().is_some() {
        man.render_version_section(w).expect(ok);
    }
    buf
}
