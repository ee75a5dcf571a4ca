//! `pgacct registry ...` end to end through the binary: round trips in table and JSON,
//! input validation (exit 2 naming the field), protection, import from the original
//! service's pg_registry.db and CSV, concurrency on one inventory, and inventory files
//! that are new, corrupt or read-only.

mod support;

use serde_json::Value;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use support::TestEnv;

fn ok_json(env: &TestEnv, args: &[&str]) -> Value {
    json_with_exit(env, args, 0)
}

/// `pgacct --json ARGS` that exits `code` (6: an import of the old registry, whose fixture
/// holds invalid rows on purpose), its stdout as JSON.
fn json_with_exit(env: &TestEnv, args: &[&str], code: i32) -> Value {
    let out = env.cmd().arg("--json").args(args).output().unwrap();
    assert!(
        out.status.code() == Some(code),
        "pgacct {args:?} failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "pgacct {args:?}: stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

fn ok_text(env: &TestEnv, args: &[&str]) -> String {
    let out = env.cmd().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "pgacct {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Run an import that has invalid rows besides valid ones: exit 6 (issue 14), the
/// report on stdout, stderr saying how many rows were invalid.
fn import_partial(env: &TestEnv, args: &[&str], json: bool) -> String {
    let mut cmd = env.cmd();
    if json {
        cmd.arg("--json");
    }
    let out = cmd.args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(6), "pgacct {args:?}: {stderr}");
    assert!(stderr.contains("invalid and were not imported"), "{stderr}");
    String::from_utf8(out.stdout).unwrap()
}

/// Run and return (exit code, stderr).
fn fails(env: &TestEnv, args: &[&str]) -> (i32, String) {
    let out = env.cmd().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        !stderr.contains("panicked"),
        "pgacct {args:?} panicked: {stderr}"
    );
    (out.status.code().unwrap_or(-1), stderr)
}

fn audit_count(inv: &Path, action: &str) -> i64 {
    let db = rusqlite::Connection::open(inv).unwrap();
    db.query_row(
        "SELECT count(*) FROM audit_log WHERE action = ?1",
        [action],
        |r| r.get(0),
    )
    .unwrap()
}

fn names(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a JSON array")
        .iter()
        .map(|t| {
            format!(
                "{}/{}",
                t["env"].as_str().unwrap(),
                t["database"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn add_list_show_disable_enable_remove_round_trip() {
    let env = TestEnv::new();
    let added = ok_json(
        &env,
        &[
            "registry",
            "add",
            "--env",
            "dev",
            "--db",
            "app",
            "--host",
            "pg-dev-01.example.com",
            "--port",
            "5433",
            "--admin-user",
            "role_create",
            "--sslmode",
            "require",
            "--notes",
            "first one",
        ],
    );
    assert_eq!(added["changed"], true);
    assert_eq!(added["target"]["env"], "dev");
    assert_eq!(added["target"]["database"], "app");
    assert_eq!(added["target"]["port"], 5433, "port is a JSON number");
    assert_eq!(added["target"]["sslmode"], "require");
    assert_eq!(added["target"]["protected"], false);
    // Table output of add names the target and server.
    let text = ok_text(
        &env,
        &[
            "registry", "add", "--env", "qa", "--db", "app", "--host", "10.0.0.5",
        ],
    );
    assert!(
        text.contains("qa/app") && text.contains("10.0.0.5:5432"),
        "{text}"
    );

    // list: JSON and table.
    let list = ok_json(&env, &["registry", "list"]);
    assert_eq!(names(&list), ["dev/app", "qa/app"]);
    let table = ok_text(&env, &["registry", "list"]);
    assert!(
        table.contains("pg-dev-01.example.com") && table.contains("5433"),
        "{table}"
    );
    assert_eq!(
        names(&ok_json(&env, &["registry", "list", "--env", "qa"])),
        ["qa/app"]
    );

    // show
    let shown = ok_json(&env, &["registry", "show", "dev/app"]);
    assert_eq!(shown["host"], "pg-dev-01.example.com");
    assert_eq!(shown["admin_user"], "role_create");
    assert_eq!(shown["notes"], "first one");
    assert_eq!(shown["active"], true);
    let table = ok_text(&env, &["registry", "show", "dev/app"]);
    assert!(
        table.contains("role_create") && table.contains("first one"),
        "{table}"
    );

    // disable: hidden from list, shown with --all; twice is unchanged.
    assert_eq!(
        ok_json(&env, &["registry", "disable", "dev/app"])["changed"],
        true
    );
    assert_eq!(
        ok_json(&env, &["registry", "disable", "dev/app"])["changed"],
        false
    );
    assert_eq!(names(&ok_json(&env, &["registry", "list"])), ["qa/app"]);
    assert_eq!(
        names(&ok_json(&env, &["registry", "list", "--all"])),
        ["dev/app", "qa/app"]
    );
    assert_eq!(
        ok_json(&env, &["registry", "show", "dev/app"])["active"],
        false
    );
    // enable
    assert_eq!(
        ok_json(&env, &["registry", "enable", "dev/app"])["changed"],
        true
    );
    assert_eq!(
        ok_json(&env, &["registry", "enable", "dev/app"])["changed"],
        false
    );
    assert_eq!(
        names(&ok_json(&env, &["registry", "list"])),
        ["dev/app", "qa/app"]
    );

    // remove
    assert_eq!(
        ok_json(&env, &["registry", "remove", "dev/app"])["changed"],
        true
    );
    assert_eq!(
        names(&ok_json(&env, &["registry", "list", "--all"])),
        ["qa/app"]
    );
    let (code, err) = fails(&env, &["registry", "show", "dev/app"]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("dev/app"), "{err}");
    let (code, _) = fails(&env, &["registry", "remove", "dev/app"]);
    assert_eq!(code, 3);

    // Every change was audited (the no-op disable/enable too, as unchanged).
    assert_eq!(audit_count(&env.inventory, "registry add"), 2);
    assert_eq!(audit_count(&env.inventory, "registry disable"), 2);
    assert_eq!(audit_count(&env.inventory, "registry enable"), 2);
    assert_eq!(audit_count(&env.inventory, "registry remove"), 1);
}

#[test]
fn duplicate_add_is_refused_with_a_hint_and_replace_works() {
    let env = TestEnv::new();
    let add = [
        "registry", "add", "--env", "dev", "--db", "app", "--host", "h1",
    ];
    ok_json(&env, &add);
    let (code, err) = fails(&env, &add);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("dev/app") && err.contains("--replace"),
        "{err}"
    );
    // In JSON mode the error is a JSON object on stderr.
    let out = env.cmd().arg("--json").args(add).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let e: Value = serde_json::from_slice(&out.stderr).expect("JSON error");
    assert_eq!(e["code"], 2);
    assert!(e["hint"].as_str().unwrap().contains("--replace"));

    let replaced = ok_json(
        &env,
        &[
            "registry",
            "add",
            "--env",
            "dev",
            "--db",
            "app",
            "--host",
            "h2",
            "--replace",
        ],
    );
    assert_eq!(replaced["changed"], true);
    assert_eq!(
        ok_json(&env, &["registry", "show", "dev/app"])["host"],
        "h2"
    );
    assert_eq!(
        ok_json(&env, &["registry", "list"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn invalid_input_exits_2_naming_the_field() {
    let env = TestEnv::new();
    let long_db = "d".repeat(64);
    let long_env = "e".repeat(33);
    let long_role = "r".repeat(64);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["--env", "Dev", "--db", "app", "--host", "h"], "env"),
        (vec!["--env", "1dev", "--db", "app", "--host", "h"], "env"),
        (
            vec!["--env", &long_env, "--db", "app", "--host", "h"],
            "env",
        ),
        (vec!["--env", "dev", "--db", "", "--host", "h"], "db"),
        (vec!["--env", "dev", "--db", &long_db, "--host", "h"], "db"),
        (
            vec!["--env", "dev", "--db", "app", "--host", "bad host"],
            "host",
        ),
        (
            vec!["--env", "dev", "--db", "app", "--host=-oProxyCommand"],
            "host",
        ),
        (
            vec!["--env", "dev", "--db", "app", "--host", "h", "--port", "0"],
            "port",
        ),
        (
            vec![
                "--env", "dev", "--db", "app", "--host", "h", "--port", "70000",
            ],
            "port",
        ),
        (
            vec!["--env", "dev", "--db", "app", "--host", "h", "--port", "x"],
            "port",
        ),
        (
            vec![
                "--env",
                "dev",
                "--db",
                "app",
                "--host",
                "h",
                "--sslmode",
                "bogus",
            ],
            "sslmode",
        ),
        (
            vec![
                "--env",
                "dev",
                "--db",
                "app",
                "--host",
                "h",
                "--sslrootcert",
                "/nonexistent/ca.pem",
            ],
            "sslrootcert",
        ),
        (
            vec![
                "--env",
                "dev",
                "--db",
                "app",
                "--host",
                "h",
                "--sslcert",
                "/nonexistent/c.pem",
                "--sslkey",
                "/nonexistent/c.key",
            ],
            "sslcert",
        ),
        (
            vec![
                "--env",
                "dev",
                "--db",
                "app",
                "--host",
                "h",
                "--sslcert",
                "/etc/hostname",
            ],
            "sslkey",
        ),
        (
            vec![
                "--env",
                "dev",
                "--db",
                "app",
                "--host",
                "h",
                "--admin-user",
                &long_role,
            ],
            "admin-user",
        ),
        (
            vec![
                "--env",
                "dev",
                "--db",
                "app",
                "--host",
                "h",
                "--password-command",
                "  ",
            ],
            "password-command",
        ),
        (vec!["--db", "app", "--host", "h"], "--env"),
    ];
    for (args, field) in cases {
        let mut full = vec!["registry", "add"];
        full.extend(args.iter().copied());
        let (code, err) = fails(&env, &full);
        assert_eq!(code, 2, "{full:?} should be a usage error: {err}");
        // The field must be named by the error itself, not just by clap's usage line.
        let message = err.split("Usage:").next().unwrap();
        assert!(
            message.contains(field),
            "{full:?}: the message should name {field}: {err}"
        );
    }
    // Bad target references elsewhere.
    for args in [
        ["registry", "show", "devapp"],
        ["registry", "show", "Dev/app"],
        ["registry", "disable", "dev/"],
    ] {
        let (code, err) = fails(&env, &args);
        assert_eq!(code, 2, "{args:?}: {err}");
    }
    // Nothing was written by any of them.
    assert_eq!(
        ok_json(&env, &["registry", "list", "--all"])
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert_eq!(audit_count(&env.inventory, "registry add"), 0);
}

#[test]
fn existing_cert_files_are_accepted_and_stored_absolute() {
    let env = TestEnv::new();
    let ca = env.dir.path().join("ca.pem");
    std::fs::write(&ca, "not checked for content here").unwrap();
    let t = ok_json(
        &env,
        &[
            "registry",
            "add",
            "--env",
            "prod",
            "--db",
            "app",
            "--host",
            "db.example.com",
            "--sslmode",
            "verify-full",
            "--sslrootcert",
            ca.to_str().unwrap(),
        ],
    );
    assert_eq!(t["target"]["sslmode"], "verify-full");
    assert_eq!(
        t["target"]["sslrootcert"],
        ca.canonicalize().unwrap().to_str().unwrap()
    );
    assert_eq!(
        t["target"]["protected"], true,
        "prod is protected by default"
    );
}

#[test]
fn protected_targets_need_yes_to_remove() {
    let env = TestEnv::new();
    ok_json(
        &env,
        &[
            "registry", "add", "--env", "prod", "--db", "app", "--host", "h",
        ],
    );
    ok_json(
        &env,
        &[
            "registry",
            "add",
            "--env",
            "uat",
            "--db",
            "app",
            "--host",
            "h",
            "--protected",
        ],
    );
    for t in ["prod/app", "uat/app"] {
        let (code, err) = fails(&env, &["registry", "remove", t]);
        assert_eq!(code, 5, "{err}");
        assert!(err.contains(t) && err.contains("--yes"), "{err}");
        // Still there.
        ok_json(&env, &["registry", "show", t]);
    }
    assert_eq!(
        audit_count(&env.inventory, "registry remove"),
        2,
        "refusals are audited"
    );
    assert_eq!(
        ok_json(&env, &["registry", "remove", "prod/app", "--yes"])["changed"],
        true
    );
    assert_eq!(
        names(&ok_json(&env, &["registry", "list", "--all"])),
        ["uat/app"]
    );
    // --no-protected opts out even for prod.
    ok_json(
        &env,
        &[
            "registry",
            "add",
            "--env",
            "prod",
            "--db",
            "tmp",
            "--host",
            "h",
            "--no-protected",
        ],
    );
    ok_json(&env, &["registry", "remove", "prod/tmp"]);
}

/// The original service's `pg_registry.db`, schema as in original-api.md.
fn make_pg_registry(path: &Path) {
    let db = rusqlite::Connection::open(path).unwrap();
    db.execute_batch(
        "CREATE TABLE db_registry (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            env TEXT NOT NULL,
            db_name TEXT NOT NULL,
            hostname TEXT NOT NULL,
            port INTEGER DEFAULT 5432,
            active INTEGER DEFAULT 1,
            notes TEXT,
            created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
            UNIQUE(env, db_name)
        );
        INSERT INTO db_registry (env, db_name, hostname, port, active, notes) VALUES
            ('dev', 'orders', 'pg-dev-01', 5432, 1, 'orders dev'),
            ('qa', 'orders', 'pg-qa-01', 5433, 1, NULL),
            ('prod', 'orders', '10.1.2.3', 5432, 1, 'the real one'),
            ('uat', 'legacy', 'pg-uat-02', 5432, 0, 'retired'),
            ('Prod Env', 'orders', 'pg-x', 5432, 1, NULL),
            ('dev', 'billing', 'bad host name', 5432, 1, NULL),
            ('dev', 'reports', 'pg-dev-01', 99999, 1, NULL);
        INSERT INTO db_registry (env, db_name, hostname) VALUES ('dev', 'defaults', 'pg-dev-03');",
    )
    .unwrap();
}

#[test]
fn import_from_the_original_pg_registry_db_is_idempotent() {
    let env = TestEnv::new();
    let src = env.dir.path().join("pg_registry.db");
    make_pg_registry(&src);
    // One target already registered: skipped, not overwritten.
    ok_json(
        &env,
        &[
            "registry", "add", "--env", "dev", "--db", "orders", "--host", "mine",
        ],
    );

    let r: Value = serde_json::from_str(&import_partial(
        &env,
        &["registry", "import", src.to_str().unwrap()],
        true,
    ))
    .unwrap();
    assert_eq!(r["changed"], true, "{r}");
    assert_eq!(r["added"], 4, "{r}");
    assert_eq!(r["skipped"], 1, "{r}");
    assert_eq!(r["invalid"], 3, "{r}");
    let rows = r["rows"].as_array().unwrap();
    let invalid: Vec<&str> = rows
        .iter()
        .filter(|x| x["status"] == "invalid")
        .map(|x| x["reason"].as_str().unwrap())
        .collect();
    assert!(invalid.iter().any(|m| m.contains("env")), "{invalid:?}");
    assert!(invalid.iter().any(|m| m.contains("host")), "{invalid:?}");
    assert!(invalid.iter().any(|m| m.contains("port")), "{invalid:?}");

    let all = ok_json(&env, &["registry", "list", "--all"]);
    assert_eq!(
        names(&all),
        [
            "dev/defaults",
            "dev/orders",
            "prod/orders",
            "qa/orders",
            "uat/legacy"
        ]
    );
    let find = |n: &str| {
        all.as_array()
            .unwrap()
            .iter()
            .find(|t| {
                format!(
                    "{}/{}",
                    t["env"].as_str().unwrap(),
                    t["database"].as_str().unwrap()
                ) == n
            })
            .unwrap()
            .clone()
    };
    assert_eq!(
        find("dev/orders")["host"],
        "mine",
        "an existing target is not overwritten"
    );
    assert_eq!(find("qa/orders")["port"], 5433);
    assert_eq!(find("dev/defaults")["port"], 5432);
    assert_eq!(find("uat/legacy")["active"], false);
    assert_eq!(find("prod/orders")["protected"], true);
    assert_eq!(find("prod/orders")["notes"], "the real one");

    // Twice: nothing changes.
    let again: Value = serde_json::from_str(&import_partial(
        &env,
        &["registry", "import", src.to_str().unwrap()],
        true,
    ))
    .unwrap();
    assert_eq!(again["changed"], false, "{again}");
    assert_eq!(again["added"], 0);
    assert_eq!(again["skipped"], 5);
    assert_eq!(
        names(&ok_json(&env, &["registry", "list", "--all"])).len(),
        5
    );
    // Table output reports the counts.
    let text = import_partial(&env, &["registry", "import", src.to_str().unwrap()], false);
    assert!(
        text.contains("0 added") && text.contains("5 skipped") && text.contains("3 invalid"),
        "{text}"
    );
    assert_eq!(audit_count(&env.inventory, "registry import"), 3);
}

#[test]
fn import_from_csv_reports_added_skipped_invalid() {
    let env = TestEnv::new();
    let csv = env.dir.path().join("targets.csv");
    std::fs::write(
        &csv,
        "env,db_name,hostname,port,active,notes\n\
         dev,app,pg-dev-01,5432,1,\"notes, with a comma\"\n\
         qa,app,pg-qa-01,,1,\n\
         qa,app,pg-qa-01,5432,1,duplicate row in the file\n\
         dev,,pg-dev-01,5432,1,\n\
         dev,other,pg-dev-01,5432,maybe,\n",
    )
    .unwrap();
    let r: Value = serde_json::from_str(&import_partial(
        &env,
        &["registry", "import", csv.to_str().unwrap()],
        true,
    ))
    .unwrap();
    assert_eq!(
        (
            r["added"].as_i64(),
            r["skipped"].as_i64(),
            r["invalid"].as_i64()
        ),
        (Some(2), Some(1), Some(2)),
        "{r}"
    );
    assert_eq!(
        ok_json(&env, &["registry", "show", "dev/app"])["notes"],
        "notes, with a comma"
    );
    assert_eq!(ok_json(&env, &["registry", "show", "qa/app"])["port"], 5432);
    let again: Value = serde_json::from_str(&import_partial(
        &env,
        &["registry", "import", csv.to_str().unwrap()],
        true,
    ))
    .unwrap();
    assert_eq!(again["changed"], false);
    assert_eq!(again["added"], 0);

    // A file that is neither: usage error naming the file.
    let junk = env.dir.path().join("junk.csv");
    std::fs::write(&junk, "a,b,c\n1,2,3\n").unwrap();
    let (code, err) = fails(&env, &["registry", "import", junk.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("junk.csv"), "{err}");
    let (code, err) = fails(&env, &["registry", "import", "/nonexistent/file.db"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("/nonexistent/file.db"), "{err}");
}

#[test]
fn thirty_two_concurrent_adds_on_a_fresh_inventory_all_succeed() {
    let env = TestEnv::new();
    assert!(!env.inventory.exists());
    let children: Vec<_> = (0..32)
        .map(|i| {
            env.std_cmd()
                .args([
                    "registry",
                    "add",
                    "--env",
                    "dev",
                    "--db",
                    &format!("db{i:02}"),
                    "--host",
                    "h",
                ])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for (i, c) in children.into_iter().enumerate() {
        let out = c.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "add #{i} failed: {err}");
        assert!(!err.contains("locked"), "add #{i}: {err}");
    }
    let list = ok_json(&env, &["registry", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 32);
    assert_eq!(audit_count(&env.inventory, "registry add"), 32);
}

#[test]
fn a_new_inventory_is_private() {
    let env = TestEnv::new();
    let inv = env.dir.path().join("new-dir").join("inventory.db");
    let out = env
        .cmd()
        .env("PGACCT_INVENTORY", &inv)
        .args([
            "registry", "add", "--env", "dev", "--db", "app", "--host", "h",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&inv), 0o600, "inventory file mode");
    assert_eq!(
        mode(inv.parent().unwrap()),
        0o700,
        "inventory directory mode"
    );
    // --inventory wins over the environment variable.
    let other = env.dir.path().join("other.db");
    let list = env
        .cmd()
        .env("PGACCT_INVENTORY", &inv)
        .args([
            "--json",
            "--inventory",
            other.to_str().unwrap(),
            "registry",
            "list",
        ])
        .output()
        .unwrap();
    assert!(list.status.success());
    let v: Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 0);
    assert_eq!(mode(&other), 0o600);
}

#[test]
fn a_corrupt_inventory_is_a_clean_error_naming_the_file() {
    use rand::RngCore;
    let env = TestEnv::new();
    let mut junk = vec![0u8; 8192];
    rand::thread_rng().fill_bytes(&mut junk);
    std::fs::write(&env.inventory, &junk).unwrap();
    for args in [
        vec!["registry", "list"],
        vec![
            "registry", "add", "--env", "dev", "--db", "app", "--host", "h",
        ],
    ] {
        let (code, err) = fails(&env, &args);
        assert_eq!(code, 1, "{args:?}: {err}");
        assert!(
            err.contains(env.inventory.to_str().unwrap()),
            "{args:?}: {err}"
        );
    }
    // The file was not replaced or "repaired".
    assert_eq!(std::fs::read(&env.inventory).unwrap(), junk);
}

/// We run as root, which ignores file modes, so the read-only case runs pgacct as the
/// unprivileged `nobody` user on a 0444 file in a 0755 directory.
#[test]
fn a_read_only_inventory_is_a_clean_error_naming_the_file() {
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    let env = TestEnv::new();
    ok_json(
        &env,
        &[
            "registry", "add", "--env", "dev", "--db", "app", "--host", "h",
        ],
    );
    std::fs::set_permissions(env.dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&env.inventory, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(&env.inventory).unwrap();
    for args in [
        vec![
            "registry", "add", "--env", "dev", "--db", "other", "--host", "h",
        ],
        vec!["registry", "disable", "dev/app"],
    ] {
        let mut cmd = env.std_cmd();
        cmd.args(&args);
        if root {
            cmd = support::as_user(&cmd, "nobody");
        }
        let out = cmd.output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(
            err.contains(env.inventory.to_str().unwrap()),
            "{args:?}: {err}"
        );
        assert!(
            err.contains("read-only") || err.contains("readonly"),
            "{args:?}: {err}"
        );
    }
    assert_eq!(
        std::fs::read(&env.inventory).unwrap(),
        before,
        "the file was changed"
    );
}

#[test]
fn registering_a_throwaway_cluster_keeps_the_password_out_of_argv() {
    let c = support::cluster();
    let env = TestEnv::new();
    let db = support::fresh_db(c, "reg");
    env.register(c, "dev", &db);
    let t = ok_json(&env, &["registry", "show", &format!("dev/{db}")]);
    assert_eq!(t["port"].as_u64(), Some(u64::from(c.port)));
    assert_eq!(t["admin_user"], "postgres");
    let pwcmd = t["password_command"].as_str().unwrap();
    assert!(
        !pwcmd.contains(c.password().expose()),
        "the password is in the target"
    );
    let out = std::process::Command::new("sh")
        .args(["-c", pwcmd])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        c.password().expose()
    );
    // Nothing in the inventory file holds the password.
    let bytes = std::fs::read(&env.inventory).unwrap();
    assert!(!String::from_utf8_lossy(&bytes).contains(c.password().expose()));
}

#[test]
fn concurrent_removes_of_one_target_remove_it_once() {
    let env = TestEnv::new();
    ok_json(
        &env,
        &[
            "registry", "add", "--env", "dev", "--db", "app", "--host", "h",
        ],
    );
    let children: Vec<_> = (0..8)
        .map(|_| {
            env.std_cmd()
                .args(["--json", "registry", "remove", "dev/app"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut removed = 0;
    for c in children {
        let out = c.wait_with_output().unwrap();
        match out.status.code() {
            Some(0) => {
                let v: Value = serde_json::from_slice(&out.stdout).unwrap();
                assert_eq!(v["changed"], true);
                removed += 1;
            }
            Some(3) => {}
            other => panic!(
                "unexpected exit {other:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            ),
        }
    }
    assert_eq!(removed, 1, "exactly one remove may report the change");
    let db = rusqlite::Connection::open(&env.inventory).unwrap();
    let changed: i64 = db
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'registry remove' AND outcome = 'changed'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(changed, 1, "one changed audit row");
}

#[test]
fn replacing_a_target_with_the_same_values_changes_nothing() {
    let env = TestEnv::new();
    let add = [
        "registry",
        "add",
        "--env",
        "dev",
        "--db",
        "app",
        "--host",
        "h",
        "--port",
        "5433",
        "--notes",
        "n",
        "--replace",
    ];
    assert_eq!(ok_json(&env, &add)["changed"], true);
    let again = ok_json(&env, &add);
    assert_eq!(again["changed"], false, "{again}");
    let mut other = add.to_vec();
    other[7] = "h2";
    assert_eq!(ok_json(&env, &other)["changed"], true);
    assert_eq!(
        ok_json(&env, &["registry", "show", "dev/app"])["host"],
        "h2"
    );
}

#[test]
fn empty_option_variables_mean_not_set() {
    let env = support::TestEnv::new();
    let out = env
        .cmd()
        .env("PGACCT_FORMAT", "")
        .env("PGACCT_CONNECT_TIMEOUT", "")
        .args(["registry", "list"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The issue's migration path: import, then give one target its admin role. `registry set`
/// changes only the fields given (port, notes and the inactive state survive), is audited
/// with old and new values, and a protected target asks.
#[test]
fn set_changes_only_the_given_fields_audited_with_old_values() {
    let env = TestEnv::new();
    let src = env.dir.path().join("pg_registry.db");
    make_pg_registry(&src);
    // Import defaults: admin role and sslmode for every imported row.
    let r = json_with_exit(
        &env,
        &[
            "registry",
            "import",
            src.to_str().unwrap(),
            "--admin-user",
            "pgacct_admin",
            "--sslmode",
            "require",
        ],
        6,
    );
    assert_eq!(r["added"], 5, "{r}");
    let qa = ok_json(&env, &["registry", "show", "qa/orders"]);
    assert_eq!(qa["admin_user"], "pgacct_admin", "{qa}");
    assert_eq!(qa["sslmode"], "require", "{qa}");
    assert_eq!(qa["port"], 5433);

    let set = ok_json(
        &env,
        &[
            "registry",
            "set",
            "uat/legacy",
            "--admin-user",
            "uat_admin",
            "--port",
            "5440",
        ],
    );
    assert_eq!(set["changed"], true, "{set}");
    assert_eq!(set["status"], "target updated");
    let fields: Vec<&str> = set["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["port", "admin_user"], "{set}");
    let t = ok_json(&env, &["registry", "show", "uat/legacy"]);
    assert_eq!(t["admin_user"], "uat_admin");
    assert_eq!(t["port"], 5440);
    assert_eq!(t["host"], "pg-uat-02", "host kept");
    assert_eq!(t["notes"], "retired", "notes kept");
    assert_eq!(t["active"], false, "an inactive target stays inactive");
    assert_eq!(t["sslmode"], "require", "sslmode kept");
    // The audit entry has the old values.
    let db = rusqlite::Connection::open(&env.inventory).unwrap();
    let detail: String = db
        .query_row(
            "SELECT detail FROM audit_log WHERE action = 'registry set' ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let detail: Value = serde_json::from_str(&detail).unwrap();
    let port = detail["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["field"] == "port")
        .unwrap()
        .clone();
    assert_eq!(port["old"], 5432, "{detail}");
    assert_eq!(port["new"], 5440, "{detail}");
    // The same again: unchanged, still audited.
    let again = ok_json(&env, &["registry", "set", "uat/legacy", "--port", "5440"]);
    assert_eq!(again["changed"], false, "{again}");
    assert_eq!(audit_count(&env.inventory, "registry set"), 2);
    // '' clears an optional field; text output says what changed.
    let text = ok_text(&env, &["registry", "set", "uat/legacy", "--notes", ""]);
    assert!(text.contains("notes \"retired\" -> none"), "{text}");
    // A protected target asks: not a terminal and no --yes, refused (exit 5), unchanged.
    let (code, err) = fails(&env, &["registry", "set", "prod/orders", "--port", "6000"]);
    assert_eq!(code, 5, "{err}");
    assert!(err.contains("protected") && err.contains("--yes"), "{err}");
    assert_eq!(
        ok_json(&env, &["registry", "show", "prod/orders"])["port"],
        5432
    );
    ok_json(
        &env,
        &["registry", "set", "prod/orders", "--port", "6000", "--yes"],
    );
    assert_eq!(
        ok_json(&env, &["registry", "show", "prod/orders"])["port"],
        6000
    );
    // Unknown target: 3.
    let (code, _) = fails(&env, &["registry", "set", "dev/nope", "--port", "1"]);
    assert_eq!(code, 3);
}

/// `registry add --replace` says what it changed, and keeps the active state.
#[test]
fn replace_says_what_it_changed_and_keeps_an_inactive_target_inactive() {
    let env = TestEnv::new();
    ok_json(
        &env,
        &[
            "registry", "add", "--env", "qa", "--db", "app", "--host", "h", "--port", "5433",
            "--notes", "primary",
        ],
    );
    ok_json(&env, &["registry", "disable", "qa/app"]);
    let out = env
        .cmd()
        .args([
            "registry",
            "add",
            "--env",
            "qa",
            "--db",
            "app",
            "--host",
            "h",
            "--admin-user",
            "qa_admin",
            "--replace",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("target replaced"), "{text}");
    assert!(text.contains("port 5433 -> 5432"), "{text}");
    assert!(text.contains("notes \"primary\" -> none"), "{text}");
    assert!(text.contains("admin_user none -> \"qa_admin\""), "{text}");
    assert_eq!(
        ok_json(&env, &["registry", "show", "qa/app"])["active"],
        false
    );
}

/// `changed` in a dry run means "would change", as for create and reset.
#[test]
fn import_dry_run_says_it_would_change() {
    let env = TestEnv::new();
    let src = env.dir.path().join("pg_registry.db");
    make_pg_registry(&src);
    let r = json_with_exit(
        &env,
        &["registry", "import", src.to_str().unwrap(), "--dry-run"],
        6,
    );
    assert_eq!(r["changed"], true, "{r}");
    assert_eq!(r["dry_run"], true, "{r}");
    assert!(
        ok_json(&env, &["registry", "list", "--all"])
            .as_array()
            .unwrap()
            .is_empty()
    );
}
