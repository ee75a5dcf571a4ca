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
    check(&env, &["audit", "list"]);
}

#[test]
fn user_and_check_tables_fit_80_columns_without_splitting_words() {
    let c = cluster();
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
    env.cmd()
        .args(["user", "create", "dba", &unique("eve"), "--target", &target])
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
