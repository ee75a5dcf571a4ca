//! At a DBA's terminal: every table command printed at 80 columns (COLUMNS=80, how a
//! pipe is given a width) keeps each word, name and timestamp whole and each line within
//! 80 columns; `--wide` prints the same words at their natural width.

mod support;

use support::*;

/// Table decoration, not content.
const BOX: &[char] = &[
    '│', '┆', '┌', '┐', '└', '┘', '├', '┤', '┬', '┴', '┼', '═', '╞', '╡', '╪', '─', '╌', '┄',
];

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || BOX.contains(&c))
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches(':').to_string())
        .filter(|w| {
            !w.chars()
                .all(|c| c == '[' || c == ']' || c.is_ascii_digit())
        })
        .collect()
}

/// Every word of the `--wide` output appears whole in the 80-column output (a word cut
/// in two would be missing), and no line is wider than 80 columns unless it is one word
/// that alone is wider.
fn assert_fits_80(label: &str, narrow: &str, wide: &str) {
    let narrow_words: std::collections::HashSet<String> = words(narrow).into_iter().collect();
    // Headers of the columns printed below the table vanish when all their values are
    // empty (and counts may move between the two runs).
    let below_headers = ["error", "/", "reason", "notes", "problems"];
    for w in words(wide) {
        if below_headers.contains(&w.as_str()) {
            continue;
        }
        assert!(
            narrow_words.contains(&w),
            "{label}: the word {w:?} is split (or missing) at 80 columns:\n{narrow}\n--- wide:\n{wide}"
        );
    }
    for l in narrow.lines() {
        let n = l.chars().count();
        assert!(
            n <= 80 || words(l).iter().any(|w| w.chars().count() > 60),
            "{label}: a line of {n} columns at 80:\n{l}\n--- output:\n{narrow}"
        );
    }
}

/// Run `args` at 80 columns and with --wide; both must succeed (or exit with `code`).
fn both(env: &TestEnv, args: &[&str], code: i32) -> (String, String) {
    let run = |extra: Option<&str>| {
        let mut cmd = env.cmd();
        cmd.env("COLUMNS", "80");
        if let Some(x) = extra {
            cmd.arg(x);
        }
        let out = cmd.args(args).output().expect("run pgacct");
        assert_eq!(
            out.status.code(),
            Some(code),
            "pgacct {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    };
    (run(None), run(Some("--wide")))
}

fn check(env: &TestEnv, args: &[&str]) -> String {
    let (narrow, wide) = both(env, args, 0);
    assert_fits_80(&args.join(" "), &narrow, &wide);
    narrow
}

#[test]
fn kinds_and_registry_tables_fit_80_columns_without_splitting_words() {
    let env = TestEnv::new();
    let narrow = check(&env, &["kinds"]);
    assert!(narrow.contains("readonly") && narrow.contains("createrole"));
    for (e, db, notes) in [
        ("dev", "app", "primary"),
        (
            "sandbox",
            "postgres_with_a_long_name",
            "pgacct sandbox cluster in /var/tmp/pgacct-sandbox-0/pgacct-cluster-21590-0-4d627903",
        ),
    ] {
        env.cmd()
            .args(["registry", "add", "--env", e, "--db", db])
            .args([
                "--host",
                "pg-dev-01.example.com",
                "--admin-user",
                "pgacct_admin",
            ])
            .args(["--notes", notes])
            .assert()
            .success();
    }
    let narrow = check(&env, &["registry", "list"]);
    // The path is on its own line below the table, whole.
    let path_line = narrow
        .lines()
        .find(|l| l.contains("/var/tmp/pgacct-sandbox-0/pgacct-cluster-21590-0-4d627903"))
        .expect("the notes path below the table");
    assert!(!path_line.contains('│'), "{narrow}");
    // --wide keeps it in the table.
    let (_, wide) = both(&env, &["registry", "list"], 0);
    assert!(
        wide.lines()
            .any(|l| l.contains("│ sandbox/postgres_with_a_long_name")
                && l.contains("/var/tmp/pgacct-sandbox-0")),
        "{wide}"
    );
    check(
        &env,
        &["registry", "show", "sandbox/postgres_with_a_long_name"],
    );
    // registry import's report (a dry run, so both widths report the same rows).
    let csv = env.dir.path().join("targets.csv");
    std::fs::write(
        &csv,
        "env,db_name,hostname,port,active,notes\nuat,orders_with_a_rather_long_name,pg-uat-01.example.com,5432,1,billing\nBad Env,x,h,5432,1,\n",
    )
    .unwrap();
    // One row is invalid on purpose (its status cell is the long value): exit 6.
    let args = ["registry", "import", csv.to_str().unwrap(), "--dry-run"];
    let (narrow, wide) = both(&env, &args, 6);
    assert_fits_80(&args.join(" "), &narrow, &wide);
    check(&env, &["audit", "list"]);
}

#[test]
fn user_and_check_tables_fit_80_columns_without_splitting_words() {
    // A cluster of its own: `user list` shows the cluster's login roles, and this test
    // compares two runs of it, so roles other tests create meanwhile must not appear.
    static OWN: std::sync::OnceLock<pgacct::cluster::Cluster> = std::sync::OnceLock::new();
    let c = shared_cluster(&OWN, pgacct::cluster::ClusterOptions::default);
    let db = fresh_db(c, "terminal_db_with_a_long_name");
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let target = format!("dev/{db}");
    let long = unique("reporting_user_with_a_long_name");
    // Create (a result table with a password), on a role whose name is long.
    let (narrow, _) = both(
        &env,
        &["user", "create", "readonly", &long, "--target", &target],
        0,
    );
    assert!(narrow.contains(&long), "{narrow}");
    for line in narrow.lines() {
        assert!(line.chars().count() <= 80, "{narrow}");
    }
    let eve = unique("eve");
    env.cmd()
        .args(["user", "create", "dba", &eve, "--target", &target])
        .assert()
        .success();
    // The same create again: nothing changes, so both widths print the same words.
    check(
        &env,
        &["user", "create", "readonly", &long, "--target", &target],
    );
    check(&env, &["user", "list", "--target", &target]);
    check(&env, &["user", "find", &long, "--target", &target]);
    // The first check records the server's identity, later ones compare it.
    env.cmd()
        .args(["registry", "check", &target])
        .assert()
        .success();
    check(&env, &["registry", "check", &target]);
    // Lifecycle results, twice so that the second run changes nothing either way.
    env.cmd()
        .args(["user", "lock", &long, "--target", &target])
        .assert()
        .success();
    check(&env, &["user", "lock", &long, "--target", &target]);
    // user apply's results table (a dry run: both widths plan the same).
    let batch = env.dir.path().join("batch.csv");
    std::fs::write(
        &batch,
        format!("verb,target,name\nunlock,{target},{long}\nlock,{target},{eve}\n"),
    )
    .unwrap();
    check(
        &env,
        &["user", "apply", batch.to_str().unwrap(), "--dry-run"],
    );
    check(&env, &["audit", "list"]);
}

#[test]
fn a_table_too_wide_for_its_words_becomes_vertical_records() {
    let env = TestEnv::new();
    // 30 columns: no table of the kinds fits, so each kind is a record of `label │ value`.
    let out = env
        .cmd()
        .env("COLUMNS", "30")
        .arg("kinds")
        .output()
        .expect("run");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("─[ 1 ]"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("kind") && l.ends_with("│ readonly")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.contains("│ createrole") || l.contains("createrole")),
        "{text}"
    );
}

/// Register `c`'s database `db` as `name` without any password source: the server asks,
/// and pgacct prompts (on a terminal) or fails.
fn register_without_password(env: &TestEnv, c: &pgacct::cluster::Cluster, name: &str) {
    let (e, db) = name.split_once('/').unwrap();
    env.cmd()
        .args(["registry", "add", "--env", e, "--db", db])
        .args(["--host", &c.host, "--port", &c.port.to_string()])
        .args(["--admin-user", &c.superuser, "--sslmode", "disable"])
        .assert()
        .success();
}

/// A tmux session running `command` in a 200x50 pane (a real terminal, wide enough that
/// no message wraps); killed on drop.
struct Tmux(String);

impl Tmux {
    fn start(env: &TestEnv, command: &str) -> Tmux {
        if std::process::Command::new("tmux")
            .arg("-V")
            .output()
            .is_err()
        {
            panic!("this test needs tmux: apt-get install -y tmux");
        }
        let name = unique("pgacct_tmux");
        let script = env.dir.path().join(format!("{name}.sh"));
        let bin = env!("CARGO_BIN_EXE_pgacct");
        std::fs::write(
            &script,
            format!(
                "#!/bin/bash\nunset PGPASSWORD PGACCT_ADMIN_PASSWORD PGACCT_ADMIN_USER\nexport HOME={home} PGACCT_INVENTORY={inv} NO_COLOR=1\ncd {home}\n{bin} {command}\necho \"[exit $?]\"\nsleep 60\n",
                home = env.dir.path().display(),
                inv = env.inventory.display(),
            ),
        )
        .unwrap();
        let ok = std::process::Command::new("tmux")
            .args(["new-session", "-d", "-s", &name, "-x", "200", "-y", "50"])
            .arg(format!("bash {}", script.display()))
            .status()
            .unwrap();
        assert!(ok.success());
        Tmux(name)
    }

    fn screen(&self) -> String {
        let out = std::process::Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.0])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Wait (polling, up to 60 s) until the screen contains `text`.
    fn wait_for(&self, text: &str) -> String {
        for _ in 0..600 {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("the terminal never showed {text:?}:\n{}", self.screen());
    }

    fn type_line(&self, text: &str) {
        let ok = std::process::Command::new("tmux")
            .args(["send-keys", "-t", &self.0, "-l", text])
            .status()
            .unwrap();
        assert!(ok.success());
        std::process::Command::new("tmux")
            .args(["send-keys", "-t", &self.0, "Enter"])
            .status()
            .unwrap();
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = std::process::Command::new("tmux")
            .args(["kill-session", "-t", &self.0])
            .status();
    }
}

#[test]
fn a_mistyped_confirmation_says_what_was_typed_and_what_to_type() {
    let env = TestEnv::new();
    env.cmd()
        .args([
            "registry",
            "add",
            "--env",
            "prod",
            "--db",
            "app",
            "--host",
            "db.invalid",
        ])
        .assert()
        .success();
    // Not a terminal: the error names the target once.
    let out = env
        .cmd()
        .args(["user", "lock", "someone", "--target", "prod/app"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    let err = String::from_utf8_lossy(&out.stderr);
    let line = err.lines().find(|l| l.starts_with("error:")).unwrap();
    assert_eq!(line.matches("prod/app").count(), 1, "{err}");
    assert!(line.contains("prod/app: protected target"), "{err}");
    // At a terminal: the env name is asked for; a wrong answer is said so, with the fix.
    let t = Tmux::start(&env, "user lock someone --target prod/app");
    t.wait_for("Type the env name (prod)");
    t.type_line("prod/app");
    let screen = t.wait_for("[exit 5]");
    assert!(
        screen.contains("\"prod/app\" is not the env name \"prod\""),
        "{screen}"
    );
    assert!(screen.contains("type prod exactly"), "{screen}");
}

#[test]
fn one_password_prompt_per_server_and_admin_role() {
    let c = cluster();
    let (a, b) = (fresh_db(c, "prompt_a"), fresh_db(c, "prompt_b"));
    let env = TestEnv::new();
    register_without_password(&env, c, &format!("dev/{a}"));
    register_without_password(&env, c, &format!("dev/{b}"));
    let password = std::fs::read_to_string(&c.password_file).unwrap();
    let t = Tmux::start(&env, "--wide user list --env dev");
    t.wait_for("Password for admin role");
    t.type_line(password.trim_end());
    let screen = t.wait_for("[exit ");
    assert!(screen.contains("[exit 0]"), "{screen}");
    assert_eq!(
        screen.matches("Password for admin role").count(),
        1,
        "two databases of one server, one prompt:\n{screen}"
    );
    assert!(screen.contains(&format!("dev/{a}")) && screen.contains(&format!("dev/{b}")));
}

#[test]
fn pgpassword_is_said_to_be_not_read() {
    let c = cluster();
    let db = fresh_db(c, "pgpw");
    let env = TestEnv::new();
    register_without_password(&env, c, &format!("dev/{db}"));
    let password = std::fs::read_to_string(&c.password_file).unwrap();
    let out = env
        .cmd()
        .env("PGPASSWORD", password.trim_end())
        .args(["user", "list", "--target", &format!("dev/{db}")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("PGPASSWORD is set but not read"), "{err}");
    assert!(err.contains("PGACCT_ADMIN_PASSWORD"), "{err}");
}

#[test]
fn a_slow_connection_is_said_while_it_waits() {
    // A listener that never answers: the connection waits until --connect-timeout.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let env = TestEnv::new();
    env.cmd()
        .args([
            "registry",
            "add",
            "--env",
            "dev",
            "--db",
            "app",
            "--host",
            "127.0.0.1",
        ])
        .args([
            "--port",
            &port.to_string(),
            "--admin-user",
            "x",
            "--sslmode",
            "disable",
        ])
        .args(["--password-command", "echo x"])
        .assert()
        .success();
    let out = env
        .cmd()
        .args([
            "--json",
            "--connect-timeout",
            "3",
            "registry",
            "check",
            "dev/app",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "waiting for 127.0.0.1:{port} (dev/app) to answer, up to 3 s"
        )),
        "{err}"
    );
    // registry check's error object has the fields of every error object.
    let v = json_stdout(&out);
    let e = &only_result(&v)["error"];
    assert!(e["error"].is_string(), "{v}");
    assert!(e.get("message").is_none(), "{v}");
    assert_eq!(e["code"], 4, "{v}");
    // --quiet: no progress.
    let out = env
        .cmd()
        .args([
            "--quiet",
            "--connect-timeout",
            "2",
            "registry",
            "check",
            "dev/app",
        ])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("waiting for"));
    drop(silent);
}

#[test]
fn smaller_ones_kind_name_hint_wording_audit_ids_and_ticket_filter() {
    let c = cluster();
    let db = fresh_db(c, "small");
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let t = format!("dev/{db}");
    // An unknown kind is refused before connecting (exit 2), with the known ones.
    let out = env
        .cmd()
        .args(["user", "list", "--kind", "bogus", "--target", &t])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown kind \"bogus\"") && err.contains("readonly"),
        "{err}"
    );
    env.cmd()
        .args(["user", "list", "--kind", "group:read", "--target", &t])
        .assert()
        .success();
    // 'Bad Name': the suggested name is itself accepted.
    let out = env
        .cmd()
        .args(["user", "create", "devqa", "Bad Name", "--target", &t])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("use \"bad_name\""), "{err}");
    // The audit entry a result names is the one `audit list` shows for that attempt.
    let name = unique("ids");
    let out = env
        .cmd()
        .args(["--json", "user", "create", "devqa", &name, "--target", &t])
        .args(["--ticket", "CHG-4242"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let id = only_result(&json_stdout(&out))["audit_id"]
        .as_i64()
        .unwrap();
    let out = env
        .cmd()
        .args(["--json", "audit", "list", "--user", &name])
        .output()
        .unwrap();
    let listed = json_stdout(&out);
    assert_eq!(listed[0]["id"].as_i64(), Some(id), "{listed}");
    // Table output: the same number, and yes/no as the other tables.
    let out = env
        .cmd()
        .args(["user", "create", "devqa", &name, "--target", &t])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("changed"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.contains("changed") && l.contains(" no ")),
        "{text}"
    );
    let again = env
        .cmd()
        .args(["--json", "audit", "list", "--user", &name, "--limit", "1"])
        .output()
        .unwrap();
    let newest = json_stdout(&again)[0]["id"].as_i64().unwrap();
    assert!(
        text.contains(&format!("audit entry      ┆ {newest}"))
            || text.contains(&format!("│ {newest} "))
            || text.contains(&format!("┆ {newest}")),
        "{text}"
    );
    // Lock's table: column names as words.
    let out = env
        .cmd()
        .args(["user", "lock", &name, "--target", &t])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("sessions open") && !text.contains("sessions_open"),
        "{text}"
    );
    // user find: no blank header row.
    let out = env
        .cmd()
        .args(["user", "find", &name, "--target", &t])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let header = text.lines().nth(1).unwrap();
    assert!(
        header.contains("field") && header.contains("value"),
        "{text}"
    );
    // audit list --ticket: only that ticket's attempts.
    let out = env
        .cmd()
        .args(["--json", "audit", "list", "--ticket", "CHG-4242"])
        .output()
        .unwrap();
    let rows = json_stdout(&out);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["ticket"], "CHG-4242");
}

#[test]
fn user_list_over_several_databases_shows_each_role_where_it_belongs() {
    let c = cluster();
    let (a, b) = (fresh_db(c, "where_a"), fresh_db(c, "where_b"));
    let env = TestEnv::new();
    env.register(c, "qa", &a);
    env.register(c, "qa", &b);
    let name = unique("only_a");
    env.cmd()
        .args([
            "user",
            "create",
            "devqa",
            &name,
            "--target",
            &format!("qa/{a}"),
        ])
        .assert()
        .success();
    let out = env
        .cmd()
        .args(["--json", "user", "list", "--env", "qa"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let rows = json_stdout(&out);
    let rows = rows.as_array().unwrap();
    let of = |target: &str| -> Vec<&serde_json::Value> {
        rows.iter()
            .filter(|r| r["target"] == target && r["name"] == name.as_str())
            .collect()
    };
    let in_a = of(&format!("qa/{a}"));
    assert_eq!(in_a.len(), 1, "{rows:?}");
    assert!(
        in_a[0]["member_of"]
            .as_array()
            .unwrap()
            .iter()
            .all(|g| g.as_str().unwrap().contains(&a[..a.len().min(20)])),
        "{in_a:?}"
    );
    assert!(of(&format!("qa/{b}")).is_empty(), "{rows:?}");
}

#[test]
fn completion_offers_targets_and_kinds_from_the_inventory() {
    let env = TestEnv::new();
    for (e, db) in [("dev", "app"), ("qa", "billing")] {
        env.cmd()
            .args(["registry", "add", "--env", e, "--db", db, "--host", "h"])
            .assert()
            .success();
    }
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_pgacct"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let script = env.dir.path().join("pgacct.bash");
    let out = env.cmd().args(["completions", "bash"]).output().unwrap();
    std::fs::write(&script, &out.stdout).unwrap();
    // bash: the function the script registers, called as bash does on <TAB>.
    let bash = |line: &str| -> String {
        let words: Vec<&str> = line.split(' ').collect();
        let program = format!(
            "source {}\nCOMP_WORDS=({})\nCOMP_CWORD={}\nCOMP_LINE='{line}'\nCOMP_POINT=${{#COMP_LINE}}\n_pgacct_dynamic pgacct \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
            script.display(),
            words
                .iter()
                .map(|w| format!("'{w}'"))
                .collect::<Vec<_>>()
                .join(" "),
            words.len() - 1
        );
        let out = env
            .std_cmd()
            .env("PATH", &path)
            .get_envs()
            .fold(std::process::Command::new("bash"), |mut cmd, (k, v)| {
                match v {
                    Some(v) => cmd.env(k, v),
                    None => cmd.env_remove(k),
                };
                cmd
            })
            .env("PATH", &path)
            .arg("-c")
            .arg(program)
            .output()
            .expect("bash");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let got = bash("pgacct user create devqa ann --target ");
    assert_eq!(
        got.lines().collect::<Vec<_>>(),
        ["dev/app", "qa/billing"],
        "{got}"
    );
    let got = bash("pgacct user create read");
    assert_eq!(got.trim(), "readonly", "{got}");
    let got = bash("pgacct registry show q");
    assert_eq!(got.trim(), "qa/billing", "{got}");
    let got = bash("pgacct user list --env ");
    assert_eq!(got.lines().collect::<Vec<_>>(), ["dev", "qa"], "{got}");
    // Subcommands still come from clap's part of the script.
    let got = bash("pgacct regi");
    assert_eq!(got.trim(), "registry", "{got}");
    // fish (when installed): `complete -C` prints what <TAB> would offer.
    if std::process::Command::new("fish")
        .arg("--version")
        .output()
        .is_ok()
    {
        let fscript = env.dir.path().join("pgacct.fish");
        let out = env.cmd().args(["completions", "fish"]).output().unwrap();
        std::fs::write(&fscript, &out.stdout).unwrap();
        let fish = |line: &str| -> String {
            let out = std::process::Command::new("fish")
                .env("PATH", &path)
                .env("HOME", env.dir.path())
                .env("PGACCT_INVENTORY", &env.inventory)
                .arg("-c")
                .arg(format!(
                    "source {}; complete -C '{line}'",
                    fscript.display()
                ))
                .output()
                .expect("fish");
            String::from_utf8_lossy(&out.stdout).into_owned()
        };
        let got = fish("pgacct user create devqa ann --target ");
        assert!(
            got.contains("dev/app") && got.contains("qa/billing"),
            "{got}"
        );
        let got = fish("pgacct user create ");
        assert!(got.contains("readonly") && got.contains("dba"), "{got}");
    } else {
        panic!("this test needs fish: apt-get install -y fish");
    }
    // zsh (when installed): the script loads and its target helper lists the targets.
    if std::process::Command::new("zsh")
        .arg("--version")
        .output()
        .is_ok()
    {
        let zscript = env.dir.path().join("_pgacct");
        let out = env.cmd().args(["completions", "zsh"]).output().unwrap();
        std::fs::write(&zscript, &out.stdout).unwrap();
        let out = std::process::Command::new("zsh")
            .env("PATH", &path)
            .env("HOME", env.dir.path())
            .env("PGACCT_INVENTORY", &env.inventory)
            .arg("-c")
            .arg(format!(
                "autoload -U compinit && compinit -u && source {} && compadd() {{ shift; print -l ${{(P)1}}; }} && _pgacct_targets && _pgacct_kinds",
                zscript.display()
            ))
            .output()
            .expect("zsh");
        let got = String::from_utf8_lossy(&out.stdout);
        assert!(
            got.contains("dev/app") && got.contains("qa/billing"),
            "{got}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(got.contains("readonly"), "{got}");
        let text = String::from_utf8_lossy(&std::fs::read(&zscript).unwrap()).into_owned();
        assert!(
            text.contains(":ENV/DB:_pgacct_targets'"),
            "--target completes targets"
        );
        assert!(text.contains("_pgacct_kinds'"), "the kind completes kinds");
    } else {
        panic!("this test needs zsh: apt-get install -y zsh");
    }
}

/// Protection is one rule: `user apply`'s create lines on a protected target are refused
/// without --yes (no terminal), before anything connects; a dry run needs no --yes.
#[test]
fn user_apply_create_lines_on_a_protected_target_need_yes() {
    let env = TestEnv::new();
    env.cmd()
        .args([
            "registry",
            "add",
            "--env",
            "prod",
            "--db",
            "app",
            "--host",
            "db.invalid",
        ])
        .args(["--admin-user", "x", "--password-command", "echo x"])
        .assert()
        .success();
    let file = env.dir.path().join("team.csv");
    std::fs::write(&file, "verb,target,kind,name\ncreate,prod/app,dba,eve\n").unwrap();
    let out = env
        .cmd()
        .args(["--json", "user", "apply", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(5),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("prod/app") && err.contains("protected target"),
        "{err}"
    );
    assert!(out.stdout.is_empty(), "nothing ran");
}
