//! The documents run: every shell example of docs/json.md runs against a sandbox cluster
//! and its output must have exactly the documented JSON shape (same keys, same types, same
//! `changed`/`status`), and the README's quickstart runs command by command.
//!
//! Regenerate the JSON examples of docs/json.md from real output with:
//!   PGACCT_REGENERATE=1 cargo test --test docs

mod support;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::TestEnv;

/// A fenced block of a Markdown file: its language, its text, the line numbers of its
/// fences (0-based) and the last `#` heading above it.
#[derive(Debug, Clone)]
struct Block {
    lang: String,
    text: String,
    open: usize,
    close: usize,
    heading: String,
}

fn blocks(md: &str) -> Vec<Block> {
    let mut out = vec![];
    let mut heading = String::new();
    let mut cur: Option<Block> = None;
    for (i, line) in md.lines().enumerate() {
        if let Some(b) = cur.as_mut() {
            if line.trim_start().starts_with("```") {
                b.close = i;
                out.push(cur.take().unwrap());
            } else {
                b.text.push_str(line);
                b.text.push('\n');
            }
        } else if let Some(rest) = line.trim_start().strip_prefix("```") {
            cur = Some(Block {
                lang: rest.trim().to_string(),
                text: String::new(),
                open: i,
                close: i,
                heading: heading.clone(),
            });
        } else if line.starts_with('#') {
            heading = line.trim_start_matches('#').trim().to_string();
        }
    }
    assert!(cur.is_none(), "unclosed ``` block");
    out
}

/// Runs shell snippets the way a reader would: `pgacct` on PATH is the binary under
/// test, and HOME, the XDG dirs and the inventory are private to this test.
struct Shell {
    env: TestEnv,
}

impl Shell {
    fn new() -> Shell {
        support::cluster_binaries_or_panic();
        Shell {
            env: TestEnv::new(),
        }
    }

    fn dir(&self) -> &Path {
        self.env.dir.path()
    }

    fn bash(&self, script: &str) -> std::process::Output {
        let template = self.env.std_cmd();
        let mut cmd = Command::new("bash");
        cmd.args(["-e", "-o", "pipefail", "-c", script]);
        for (k, v) in template.get_envs() {
            match v {
                Some(v) => cmd.env(k, v),
                None => cmd.env_remove(k),
            };
        }
        let bin_dir = PathBuf::from(env!("CARGO_BIN_EXE_pgacct"))
            .parent()
            .unwrap()
            .to_path_buf();
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut paths = vec![bin_dir];
        paths.extend(std::env::split_paths(&path));
        cmd.env("PATH", std::env::join_paths(paths).unwrap())
            .env_remove("PGACCT_ADMIN_PASSWORD")
            .env_remove("PGACCT_ADMIN_USER")
            .env_remove("PGACCT_ACTOR")
            .env_remove("PGACCT_FORMAT")
            .current_dir(self.dir());
        cmd.output().expect("run bash")
    }
}

impl Drop for Shell {
    fn drop(&mut self) {
        let _ = self.env.cmd().args(["sandbox", "down"]).output();
    }
}

/// The exit code a snippet documents with a trailing `# exit N` on its last line (0 when
/// it says nothing).
fn expected_exit(script: &str) -> i32 {
    let last = script
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    last.rsplit_once("# exit ")
        .and_then(|(_, n)| n.trim().parse().ok())
        .unwrap_or(0)
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Fields whose values (not only types) the documentation promises for the command shown.
const EXACT: &[&str] = &[
    "changed", "status", "ok", "found", "dry_run", "code", "kind",
];

/// Differences in shape between a documented value and a real one, as `path: problem`.
/// Objects must have the same keys; values the same JSON type (null on either side
/// matches any type: such fields are documented as "or null"); arrays are compared
/// element by element against the first real element.
fn shape_diff(path: &str, doc: &Value, real: &Value, out: &mut Vec<String>) {
    match (doc, real) {
        (Value::Null, _) | (_, Value::Null) => {}
        (Value::Object(d), Value::Object(r)) => {
            for k in d.keys().filter(|k| !r.contains_key(*k)) {
                out.push(format!("{path}.{k}: documented but not in the real output"));
            }
            for k in r.keys().filter(|k| !d.contains_key(*k)) {
                out.push(format!("{path}.{k}: in the real output but not documented"));
            }
            for (k, dv) in d {
                if let Some(rv) = r.get(k) {
                    let p = format!("{path}.{k}");
                    if EXACT.contains(&k.as_str())
                        && !dv.is_object()
                        && !dv.is_array()
                        && !rv.is_null()
                        && dv != rv
                    {
                        out.push(format!("{p}: documented {dv}, real {rv}"));
                    }
                    shape_diff(&p, dv, rv, out);
                }
            }
        }
        (Value::Array(d), Value::Array(r)) => {
            if let Some(first) = r.first() {
                for (i, dv) in d.iter().enumerate() {
                    shape_diff(&format!("{path}[{i}]"), dv, r.get(i).unwrap_or(first), out);
                }
            }
        }
        (d, r) if type_name(d) == type_name(r) => {}
        (d, r) => out.push(format!(
            "{path}: documented {}, real {}",
            type_name(d),
            type_name(r)
        )),
    }
}

fn repo_file(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The commands whose JSON docs/json.md must show (the test fails if one is missing).
const MUST_DOCUMENT: &[&str] = &[
    "registry add",
    "registry list",
    "registry show",
    "registry check",
    "registry import",
    "registry disable",
    "registry enable",
    "registry remove",
    "user create",
    "user list",
    "user find",
    "user reset",
    "user search-path",
    "user lock",
    "user unlock",
    "user revoke",
    "user drop",
    "user apply",
    "user repair",
    "report",
    "undo",
    "audit list",
    "audit show",
    "audit verify",
    "audit reads",
    "kinds",
    "kinds set",
    "notify add",
    "notify list",
    "notify test",
    "notify remove",
    "sandbox up",
    "sandbox status",
    "sandbox down",
];

#[test]
fn json_md_examples_match_real_output() {
    let path = repo_file("docs/json.md");
    let md = std::fs::read_to_string(&path).expect("docs/json.md");
    let bl = blocks(&md);
    let regenerate = std::env::var_os("PGACCT_REGENERATE").is_some();
    let shell = Shell::new();
    let mut lines: Vec<String> = md.lines().map(str::to_string).collect();
    let mut replacements: Vec<(usize, usize, String)> = vec![];
    let mut problems = vec![];
    let mut documented: Vec<String> = vec![];

    for (i, b) in bl.iter().enumerate() {
        if b.lang == "json" {
            let prev = i.checked_sub(1).map(|p| &bl[p]);
            assert!(
                prev.is_some_and(|p| p.lang == "sh"),
                "docs/json.md line {}: a json example must follow the ```sh block that produces it",
                b.open + 1
            );
            continue;
        }
        if b.lang != "sh" {
            continue;
        }
        let out = shell.bash(&b.text);
        let code = out.status.code().unwrap_or(-1);
        let want = expected_exit(&b.text);
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        if code != want {
            problems.push(format!(
                "line {}: `{}` exited {code}, documented {want}\nstdout: {stdout}\nstderr: {stderr}",
                b.open + 2,
                b.text.trim()
            ));
            continue;
        }
        let Some(doc) = bl.get(i + 1).filter(|n| n.lang == "json") else {
            continue;
        };
        let real: Value = match serde_json::from_str(&stdout) {
            Ok(v) => v,
            Err(e) => {
                problems.push(format!(
                    "line {}: output of `{}` is not one JSON document ({e}): {stdout}",
                    b.open + 2,
                    b.text.trim()
                ));
                continue;
            }
        };
        for line in b.text.lines() {
            if let Some(rest) = line.split("pgacct --json ").nth(1) {
                let words: Vec<&str> = rest
                    .split_whitespace()
                    .take_while(|w| w.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
                    .take(2)
                    .collect();
                documented.push(words.join(" "));
                if let Some(first) = words.first() {
                    documented.push(first.to_string());
                }
            }
        }
        if regenerate {
            // Keep pgacct's own layout and field order; pretty-print one-line errors.
            let text = if stdout.trim().contains('\n') {
                stdout.trim_end().to_string()
            } else {
                serde_json::to_string_pretty(&real).unwrap()
            };
            replacements.push((doc.open, doc.close, text));
            continue;
        }
        let doc_value: Value = match serde_json::from_str(&doc.text) {
            Ok(v) => v,
            Err(e) => {
                problems.push(format!(
                    "line {}: documented example is not JSON: {e}",
                    doc.open + 2
                ));
                continue;
            }
        };
        let mut diff = vec![];
        shape_diff("$", &doc_value, &real, &mut diff);
        if !diff.is_empty() {
            problems.push(format!(
                "line {} (section \"{}\"): `{}` differs from the documented example:\n  {}\nreal output: {stdout}",
                doc.open + 2,
                doc.heading,
                b.text.trim(),
                diff.join("\n  ")
            ));
        }
    }

    if regenerate {
        for (open, close, text) in replacements.into_iter().rev() {
            lines.splice(open + 1..close, text.lines().map(str::to_string));
        }
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    }

    let missing: Vec<&&str> = MUST_DOCUMENT
        .iter()
        .filter(|c| !documented.iter().any(|d| d == **c))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/json.md shows no JSON example for: {missing:?}"
    );
    assert!(
        problems.is_empty(),
        "docs/json.md has drifted from the real output (fix the doc, or regenerate the examples with PGACCT_REGENERATE=1 cargo test --test docs and review the diff):\n\n{}",
        problems.join("\n\n")
    );
}

/// The README's two fresh-machine commands stay as the brief gives them.
#[test]
fn readme_keeps_the_fresh_machine_commands() {
    let readme = std::fs::read_to_string(repo_file("README.md")).unwrap();
    for cmd in [
        "cargo run --release -- sandbox up && cargo run --release -- user create devqa alice --target sandbox/postgres",
        "cargo test",
    ] {
        assert!(
            blocks(&readme)
                .iter()
                .any(|b| b.text.lines().any(|l| l.trim() == cmd)),
            "README.md lost the command `{cmd}`"
        );
    }
}

/// Every shell example under the README's "Quickstart" heading runs, line by line, in
/// order, against a sandbox cluster, and exits 0.
#[test]
fn readme_quickstart_runs() {
    let readme = std::fs::read_to_string(repo_file("README.md")).unwrap();
    let quick: Vec<Block> = blocks(&readme)
        .into_iter()
        .filter(|b| b.heading.starts_with("Quickstart") && b.lang == "sh")
        .collect();
    assert!(
        !quick.is_empty(),
        "README.md has no ```sh block under Quickstart"
    );
    let shell = Shell::new();
    let mut ran = 0;
    for b in &quick {
        for line in b.text.lines() {
            let cmd = line.trim();
            if cmd.is_empty() || cmd.starts_with('#') {
                continue;
            }
            let out = shell.bash(cmd);
            ran += 1;
            assert!(
                out.status.success(),
                "README quickstart command `{cmd}` exited {:?}\nstdout: {}\nstderr: {}",
                out.status.code(),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    assert!(ran >= 5, "the quickstart ran only {ran} commands");
    // The path really ended with a user on the sandbox: the audit log says so.
    let csv = shell.bash("pgacct audit list --action 'user create' --csv --limit 0");
    let csv = String::from_utf8_lossy(&csv.stdout);
    assert!(
        csv.lines()
            .any(|l| l.contains(",user create,") && l.contains(",changed,")),
        "no successful user create in the audit log after the quickstart:\n{csv}"
    );
}

#[test]
fn shape_diff_reports_added_removed_and_retyped_fields() {
    let doc: Value =
        serde_json::json!({"a": 1, "b": "x", "c": [ {"d": true} ], "n": null, "changed": true});
    let real: Value = serde_json::json!({"a": "1", "c": [ {"d": true, "e": 2} ], "n": 5, "z": 0, "changed": false});
    let mut diff = vec![];
    shape_diff("$", &doc, &real, &mut diff);
    diff.sort();
    assert_eq!(
        diff,
        vec![
            "$.a: documented number, real string",
            "$.b: documented but not in the real output",
            "$.c[0].e: in the real output but not documented",
            "$.changed: documented true, real false",
            "$.z: in the real output but not documented",
        ]
    );
}

#[test]
fn exit_annotation_is_read_from_the_last_line() {
    assert_eq!(
        expected_exit("pgacct --json user find ghost   # exit 3\n"),
        3
    );
    assert_eq!(expected_exit("pgacct sandbox up\n"), 0);
}

/// Split a shell command line into words (single and double quotes, no expansion).
fn shell_words(line: &str) -> Vec<String> {
    let mut words = vec![];
    let mut cur = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    for ch in line.chars() {
        match (quote, ch) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '\'' | '"') => {
                quote = Some(ch);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            (None, c) => {
                cur.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    words
}

/// The `pgacct ...` command lines of a help text's "Examples:" section, cut at the first
/// pipe, redirection or comment, without leading `VAR=value` assignments.
fn help_examples(help: &str) -> Vec<String> {
    let Some((_, rest)) = help.split_once("Examples:") else {
        return vec![];
    };
    let mut out = vec![];
    // A command continued on the next line (` \` at the end) is one example.
    let mut joined: Vec<String> = vec![];
    let mut pending = String::new();
    for line in rest.lines() {
        if let Some(head) = line.trim_end().strip_suffix('\\') {
            pending.push_str(head);
            pending.push(' ');
            continue;
        }
        joined.push(format!("{pending}{}", line.trim()));
        pending.clear();
    }
    for line in &joined {
        let line = line.trim();
        if line.is_empty() {
            if !out.is_empty() {
                break;
            }
            continue;
        }
        let cut = line
            .find(['|', '>', '#'])
            .map(|i| &line[..i])
            .unwrap_or(line)
            .trim();
        let words: Vec<&str> = cut
            .split_whitespace()
            .skip_while(|w| w.contains('=') && !w.starts_with('-'))
            .collect();
        if words.first() == Some(&"pgacct") {
            out.push(words.join(" "));
        }
    }
    out
}

/// Every command's `--help` has a one-line summary, a longer description, and (for every
/// command that runs something) examples; every example parses with the current CLI, so
/// no example names an option or value that does not exist.
#[test]
fn every_help_has_a_summary_a_description_and_examples_that_parse() {
    use clap::CommandFactory;
    fn walk(cmd: &clap::Command, path: &str, problems: &mut Vec<String>, examples: &mut usize) {
        let about = cmd.get_about().map(|s| s.to_string()).unwrap_or_default();
        let long = cmd
            .get_long_about()
            .map(|s| s.to_string())
            .unwrap_or_default();
        if about.trim().is_empty() || about.contains('\n') {
            problems.push(format!("{path}: no one-line summary"));
        }
        if long.trim().len() <= about.trim().len() + 20 {
            problems.push(format!("{path}: no longer description (long_about)"));
        }
        let help = cmd
            .get_after_help()
            .map(|s| s.to_string())
            .unwrap_or_default();
        let subs: Vec<_> = cmd
            .get_subcommands()
            .filter(|c| c.get_name() != "help")
            .collect();
        let ex = help_examples(&help);
        if ex.is_empty() {
            problems.push(format!("{path}: no examples"));
        }
        // An 80-column terminal must not wrap an example command (clap wraps help at
        // the terminal's width, in the middle of a command); prose may wrap.
        let examples_block = help.split_once("Examples:").map(|(_, r)| r).unwrap_or("");
        for l in examples_block
            .lines()
            .filter(|l| l.trim_start().starts_with("pgacct "))
        {
            if l.chars().count() > 78 {
                problems.push(format!(
                    "{path}: a help line of {} columns wraps at 80: {l}",
                    l.chars().count()
                ));
            }
        }
        for e in ex {
            *examples += 1;
            let words = shell_words(&e);
            if let Err(err) = pgacct::cli::Cli::try_parse_from(&words) {
                problems.push(format!("{path}: example `{e}` does not parse: {err}"));
            }
        }
        for s in subs {
            walk(s, &format!("{path} {}", s.get_name()), problems, examples);
        }
    }
    use clap::Parser;
    let mut problems = vec![];
    let mut examples = 0;
    walk(
        &pgacct::cli::Cli::command(),
        "pgacct",
        &mut problems,
        &mut examples,
    );
    assert!(examples > 40, "only {examples} examples found");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn help_examples_are_cut_at_pipes_and_assignments() {
    let help = "Examples:\n  pgacct --json audit verify | jq -r .head_hash   # keep\n  PGACCT_AUDIT_READS=off pgacct user find 'a b' --target dev/app\n\nExit 0";
    assert_eq!(
        help_examples(help),
        vec![
            "pgacct --json audit verify",
            "pgacct user find 'a b' --target dev/app"
        ]
    );
    let continued =
        "Examples:\n  pgacct registry import f.db --admin-user a \\\n      --sslmode require\n";
    assert_eq!(
        help_examples(continued),
        vec!["pgacct registry import f.db --admin-user a --sslmode require"]
    );
    assert_eq!(
        shell_words("pgacct user find 'a b' --target dev/app"),
        vec!["pgacct", "user", "find", "a b", "--target", "dev/app"]
    );
}

/// The README's "Everyday recipes" run as written against dev/app, qa/app and uat/app:
/// three targets registered on a sandbox cluster (database `app`, and the role
/// `app_owner` the offboarding recipe reassigns to).
#[test]
fn readme_recipes_run() {
    let readme = std::fs::read_to_string(repo_file("README.md")).unwrap();
    let recipes: Vec<Block> = blocks(&readme)
        .into_iter()
        .filter(|b| b.heading.starts_with("Everyday recipes") && b.lang == "sh")
        .collect();
    assert!(recipes.len() >= 4, "README.md lost its recipes");
    let shell = Shell::new();
    let up = shell.bash("pgacct --json --quiet sandbox up");
    assert!(
        up.status.success(),
        "{}",
        String::from_utf8_lossy(&up.stderr)
    );
    let st: Value = serde_json::from_slice(&up.stdout).unwrap();
    let port = st["port"].as_u64().unwrap() as u16;
    let pwfile = st["password_file"].as_str().unwrap().to_string();
    let password = std::fs::read_to_string(&pwfile).unwrap();
    let mut su = postgres::Config::new()
        .host("127.0.0.1")
        .port(port)
        .user("postgres")
        .password(password.trim_end())
        .dbname("postgres")
        .connect(postgres::NoTls)
        .expect("connect to the sandbox as its superuser");
    su.batch_execute("CREATE DATABASE app").unwrap();
    su.batch_execute("CREATE ROLE app_owner NOLOGIN").unwrap();
    for env in ["dev", "qa", "uat"] {
        let out = shell.bash(&format!(
            "pgacct --quiet registry add --env {env} --db app --host 127.0.0.1 --port {port} \
             --admin-user postgres --sslmode disable --password-command 'cat {pwfile}'"
        ));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let mut ran = 0;
    for b in &recipes {
        for line in b.text.lines() {
            let cmd = line.trim();
            if cmd.is_empty() || cmd.starts_with('#') {
                continue;
            }
            let out = shell.bash(cmd);
            ran += 1;
            assert!(
                out.status.success(),
                "README recipe `{cmd}` exited {:?}\nstdout: {}\nstderr: {}",
                out.status.code(),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    assert!(ran >= 10, "only {ran} recipe commands ran");
    // The offboarding recipe really removed jsmith, and the review export has the story.
    let gone = shell.bash("pgacct --json user find jsmith --target dev/app");
    assert_eq!(
        gone.status.code(),
        Some(3),
        "jsmith still exists after the offboarding"
    );
    let review = std::fs::read_to_string(shell.dir().join("access-review.csv")).unwrap();
    for action in [
        "user create",
        "user reset",
        "user lock",
        "user revoke",
        "user drop",
    ] {
        assert!(
            review.contains(&format!(",{action},")),
            "access-review.csv has no {action}:\n{review}"
        );
    }
}
