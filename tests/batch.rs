//! `pgacct user apply FILE` against real throwaway clusters: a file with an invalid line
//! is refused whole before anything runs; a line that fails on the server leaves the
//! others applied (and with --atomic, none on that target); many lines on several
//! connections, idempotent on a second run; passwords only in the JSON output or the
//! 0600 password file, never in the table; dry run; JSON lines on stdin; the lifecycle
//! verbs (search-path, lock, unlock, reset, drop) mixed with create lines.

mod support;

use pgacct::cluster::Cluster;
use serde_json::Value;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use support::{TestEnv, cluster, fresh_db, unique};

struct Out {
    code: i32,
    json: Value,
    stdout: String,
    stderr: String,
}

/// `pgacct [--json] user apply <file> <args>` with `text` written to a file first.
fn apply(env: &TestEnv, json: bool, text: &str, args: &[&str]) -> Out {
    let file = env.dir.path().join(format!("{}.batch", unique("b")));
    std::fs::write(&file, text).unwrap();
    let mut cmd = env.cmd();
    if json {
        cmd.arg("--json");
    }
    let out = cmd
        .args(["user", "apply"])
        .arg(&file)
        .args(args)
        .output()
        .expect("run pgacct");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    Out {
        code: out.status.code().unwrap_or(-1),
        json: serde_json::from_str(&stdout).unwrap_or(Value::Null),
        stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn role_exists(c: &Cluster, name: &str) -> bool {
    let mut s = c.client("postgres").unwrap();
    s.query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&name])
        .unwrap()
        .is_some()
}

fn audit_count(env: &TestEnv) -> i64 {
    if !env.inventory.exists() {
        return 0;
    }
    let db = rusqlite::Connection::open(&env.inventory).unwrap();
    db.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap()
}

fn login(c: &Cluster, db: &str, user: &str, pw: &str) {
    let mut cfg = c.config(db);
    cfg.user(user).password(pw);
    cfg.connect(postgres::NoTls)
        .unwrap_or_else(|e| panic!("login as {user} to {db}: {e}"));
}

/// A registered fresh database on the shared cluster: (env, db name, "dev/<db>").
fn setup(prefix: &str) -> (TestEnv, String, String) {
    let c = cluster();
    let db = fresh_db(c, prefix);
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let t = format!("dev/{db}");
    (env, db, t)
}

#[test]
fn a_batch_with_an_invalid_line_is_refused_whole() {
    let c = cluster();
    let (env, _db, t) = setup("inval");
    let good: Vec<String> = (0..3).map(|_| unique("good")).collect();
    let text = format!(
        "verb,target,kind,name\n\
         create,{t},devqa,{}\n\
         create,{t},devqa,Bad_Name\n\
         create,{t},readonly,{}\n\
         create,dev/nosuch,devqa,x_{}\n\
         create,{t},wizard,{}\n\
         drop,{t},devqa,{}\n",
        good[0], good[1], good[2], good[2], good[2]
    );
    let before = audit_count(&env);
    let out = apply(&env, true, &text, &[]);
    assert_eq!(out.code, 2, "{}\n{}", out.stdout, out.stderr);
    // Every error, with its line number.
    for (line, what) in [
        (3, "uppercase"),
        (5, "nosuch"),
        (6, "wizard"),
        (7, "kind: not used by a drop line"),
    ] {
        let hit = out
            .stderr
            .lines()
            .any(|l| l.contains(&format!("line {line}:")) && l.contains(what));
        assert!(hit, "line {line} ({what}) not reported:\n{}", out.stderr);
    }
    assert!(
        out.stderr.contains("4 invalid lines: nothing was run"),
        "{}",
        out.stderr
    );
    assert_eq!(out.json["applied"], false);
    assert_eq!(out.json["errors"].as_array().unwrap().len(), 4);
    // Nothing sent, nothing recorded.
    for g in &good {
        assert!(!role_exists(c, g), "{g} was created");
    }
    assert_eq!(audit_count(&env), before);
}

#[test]
fn a_line_failing_on_the_server_leaves_the_others_applied_unless_atomic() {
    let c = cluster();
    let (env, db, t) = setup("srvfail");
    let other_db = fresh_db(c, "srvfail2");
    env.register(c, "qa", &other_db);
    let t2 = format!("qa/{other_db}");
    let [a, b, bad, d] = [unique("la"), unique("lb"), unique("lbad"), unique("ld")];
    // Line 3 asks for a schema that does not exist in that database.
    let text = format!(
        "verb,target,kind,name,schemas\n\
         create,{t},devqa,{a},\n\
         create,{t},devqa,{bad},nosuch_schema\n\
         create,{t},readonly,{b},\n\
         create,{t2},devqa,{d},\n"
    );
    let out = apply(&env, true, &text, &["--atomic"]);
    assert_eq!(out.code, 6, "{}\n{}", out.stdout, out.stderr);
    let r = out.json.as_array().unwrap();
    assert_eq!(r.len(), 4);
    assert_eq!(r[1]["status"], "failed");
    assert!(
        r[1]["error"]["error"]
            .as_str()
            .unwrap()
            .contains("nosuch_schema"),
        "{}",
        r[1]
    );
    for k in [0, 2] {
        assert_eq!(r[k]["status"], "failed", "{}", r[k]);
        assert!(
            r[k]["error"]["error"]
                .as_str()
                .unwrap()
                .contains("not applied: line 3 failed"),
            "{}",
            r[k]
        );
        assert!(r[k].get("password").is_none());
    }
    // The other target is its own unit and applied.
    assert_eq!(r[3]["status"], "user created");
    assert!(!role_exists(c, &a) && !role_exists(c, &b) && !role_exists(c, &bad));
    assert!(role_exists(c, &d));

    // Without --atomic each line is its own transaction: only line 3 fails.
    let out = apply(&env, true, &text, &[]);
    assert_eq!(out.code, 6, "{}\n{}", out.stdout, out.stderr);
    let r = out.json.as_array().unwrap();
    let statuses: Vec<&str> = r.iter().map(|x| x["status"].as_str().unwrap()).collect();
    assert_eq!(
        statuses,
        [
            "user created",
            "failed",
            "user created",
            "user already exists"
        ]
    );
    assert!(role_exists(c, &a) && role_exists(c, &b) && !role_exists(c, &bad));
    login(c, &db, &a, r[0]["password"].as_str().unwrap());
    login(c, &db, &b, r[2]["password"].as_str().unwrap());
    // Every line audited: started + completion per line, the failure with its error.
    let inv = rusqlite::Connection::open(&env.inventory).unwrap();
    let (n, failed): (i64, i64) = inv
        .query_row(
            "SELECT count(*), count(*) FILTER (WHERE outcome = 'failed' AND error LIKE '%nosuch_schema%') FROM audit_log WHERE role = ?1 AND action = 'user create'",
            [&bad],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((n, failed), (4, 2), "two runs, one attempt each for line 3");
}

#[test]
fn many_lines_on_several_connections_then_nothing_the_second_time() {
    let c = cluster();
    let (env, db, t) = setup("many");
    let db2 = fresh_db(c, "many2");
    env.register(c, "dev", &db2);
    let base = unique("m");
    let mut text = String::from("verb,target,kind,name\n");
    for i in 0..40 {
        text.push_str(&format!("create,{t},devqa,{base}_{i}\n"));
    }
    // The same users in a second database of the cluster: access granted.
    for i in 0..5 {
        text.push_str(&format!("create,dev/{db2},devqa,{base}_{i}\n"));
    }
    let out = apply(&env, true, &text, &["--jobs", "4"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let r = out.json.as_array().unwrap();
    assert_eq!(r.len(), 45);
    for (i, x) in r.iter().enumerate() {
        assert_eq!(x["line"], i + 2, "results in file order");
    }
    let created = r.iter().filter(|x| x["status"] == "user created").count();
    let granted = r.iter().filter(|x| x["status"] == "access granted").count();
    assert_eq!((created, granted), (40, 5), "{}", out.stdout);
    // Every created user has its own password, and it works.
    let mut pws: Vec<&str> = r.iter().filter_map(|x| x["password"].as_str()).collect();
    assert_eq!(pws.len(), 40);
    // A user on both databases gets its password on whichever line created it.
    let pw_of = |user: &str| -> String {
        let with: Vec<&Value> = r
            .iter()
            .filter(|x| x["username"] == user && x["password"].is_string())
            .collect();
        assert_eq!(with.len(), 1, "{user}: one password");
        with[0]["password"].as_str().unwrap().to_string()
    };
    for k in [0, 3, 17, 39] {
        let user = format!("{base}_{k}");
        login(c, &db, &user, &pw_of(&user));
    }
    login(c, &db2, &format!("{base}_3"), &pw_of(&format!("{base}_3")));
    pws.sort();
    pws.dedup();
    assert_eq!(pws.len(), 40);
    assert!(
        out.stderr
            .contains("45 lines on 2 targets: 45 ok, 0 failed"),
        "{}",
        out.stderr
    );
    // No password in the audit log or the server log.
    let inv_bytes = std::fs::read(&env.inventory).unwrap();
    let log = c.log();
    for p in r.iter().filter_map(|x| x["password"].as_str()) {
        assert!(!String::from_utf8_lossy(&inv_bytes).contains(p));
        assert!(!log.contains(p));
    }
    // Statement logging was off before any verifier reached the server (the cluster
    // logs every statement).
    let leaked: Vec<&str> = log
        .lines()
        .filter(|l| l.contains(&base) && l.contains("SCRAM-SHA-256$"))
        .collect();
    assert!(leaked.is_empty(), "verifiers in the server log: {leaked:?}");
    assert!(log.contains(&base), "the cluster logs statements");
    // Idempotent: nothing changes the second time, no password generated or shown.
    let again = apply(&env, true, &text, &["--jobs", "4"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    let r = again.json.as_array().unwrap();
    assert!(
        r.iter()
            .all(|x| x["status"] == "user already exists" && x["changed"] == false)
    );
    assert!(r.iter().all(|x| x.get("password").is_none()));
}

#[test]
fn passwords_go_to_the_file_never_to_the_table() {
    let c = cluster();
    let (env, db, t) = setup("pwfile");
    let [a, b] = [unique("pa"), unique("pb")];
    let text = format!("verb,target,kind,name\ncreate,{t},devqa,{a}\ncreate,{t},readonly,{b}\n");
    // A table run without a password file is refused before anything happens.
    let out = apply(&env, false, &text, &[]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("--password-file"), "{}", out.stderr);
    assert!(!role_exists(c, &a));

    let pwfile = env.dir.path().join("team.pgpass");
    let out = apply(
        &env,
        false,
        &text,
        &["--password-file", pwfile.to_str().unwrap()],
    );
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(out.stdout.contains(&a) && out.stdout.contains("user created"));
    let mode = std::fs::metadata(&pwfile).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let content = std::fs::read_to_string(&pwfile).unwrap();
    let lines: Vec<&str> = content.lines().collect();
    assert_eq!(lines.len(), 2, "{content}");
    for (user, l) in [
        (&a, lines.iter().find(|l| l.contains(a.as_str()))),
        (&b, lines.iter().find(|l| l.contains(b.as_str()))),
    ] {
        let l = l.unwrap_or_else(|| panic!("no line for {user} in {content}"));
        let parts: Vec<&str> = l.splitn(5, ':').collect();
        assert_eq!(parts[0], c.host);
        assert_eq!(parts[1], c.port.to_string());
        assert_eq!(parts[2], db);
        assert_eq!(parts[3], user.as_str());
        assert!(!out.stdout.contains(parts[4]) && !out.stderr.contains(parts[4]));
        login(c, &db, user, parts[4]);
    }
    // The file is not overwritten without --force.
    let c2 = unique("pc");
    let more = format!("verb,target,kind,name\ncreate,{t},devqa,{c2}\n");
    let out = apply(
        &env,
        false,
        &more,
        &["--password-file", pwfile.to_str().unwrap()],
    );
    assert_eq!(out.code, 5, "{}", out.stderr);
    assert!(!role_exists(c, &c2));
    assert_eq!(std::fs::read_to_string(&pwfile).unwrap(), content);
}

#[test]
fn dry_run_changes_nothing_and_json_lines_come_from_stdin() {
    let c = cluster();
    let (env, _db, t) = setup("dry");
    let a = unique("dr");
    let text = format!(
        "{{\"verb\":\"create\",\"target\":\"{t}\",\"kind\":\"app\",\"server\":\"web-{a}\",\"port\":8080}}\n"
    );
    let name = format!("web_{a}_8080");
    let out = apply(&env, true, &text, &["--dry-run"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let r = &out.json[0];
    assert_eq!(r["dry_run"], true);
    assert_eq!(r["username"], name.as_str());
    assert_eq!(r["changed"], true);
    assert!(r.get("password").is_none());
    let sql: Vec<&str> = r["sql"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(
        sql.iter()
            .any(|s| s.starts_with("CREATE ROLE") && s.contains("'<verifier>'")),
        "{sql:?}"
    );
    assert!(!role_exists(c, &name));
    assert!(
        out.stderr.contains("note:"),
        "the '-' to '_' note: {}",
        out.stderr
    );

    // The same from stdin, for real.
    let mut child = env
        .std_cmd()
        .args(["--json", "user", "apply", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    let json: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(json[0]["status"], "user created");
    assert!(role_exists(c, &name));
}

#[test]
fn a_step_failing_on_the_server_is_named_and_applies_nothing_of_its_line() {
    let c = cluster();
    let (env, db, t) = setup("stepfail");
    // GRANT is refused in this database: the plan fails mid-way, after CREATE ROLE.
    c.client(&db)
        .unwrap()
        .batch_execute(
            "CREATE FUNCTION no_grants() RETURNS event_trigger LANGUAGE plpgsql AS
               $$ BEGIN RAISE EXCEPTION 'grants are frozen here' USING ERRCODE = 'P0001'; END $$;
             CREATE EVENT TRIGGER no_grants ON ddl_command_start WHEN TAG IN ('GRANT') EXECUTE FUNCTION no_grants();",
        )
        .unwrap();
    let a = unique("sf");
    let out = apply(
        &env,
        true,
        &format!("verb,target,kind,name\ncreate,{t},devqa,{a}\n"),
        &[],
    );
    assert_eq!(out.code, 1, "{}\n{}", out.stdout, out.stderr);
    let err = out.json[0]["error"]["error"].as_str().unwrap().to_string();
    assert!(err.contains("grants are frozen here"), "{err}");
    assert!(err.contains("(while: "), "{err}");
    assert!(!err.contains("while: applying the plan"), "{err}");
    assert!(
        !role_exists(c, &a),
        "the line's transaction was rolled back"
    );
}

#[test]
fn no_verifier_in_a_server_log_that_logs_durations() {
    // log_min_duration_statement logs statement texts regardless of log_statement.
    let c = support::start_cluster(pgacct::cluster::ClusterOptions {
        extra_conf: vec!["log_min_duration_statement = 0".into()],
        ..Default::default()
    });
    let db = fresh_db(&c, "dur");
    let env = TestEnv::new();
    env.register(&c, "dev", &db);
    let t = format!("dev/{db}");
    let one = unique("dur1");
    env.cmd()
        .args(["--json", "user", "create", "devqa", &one, "--target", &t])
        .assert()
        .success();
    let [a, b] = [unique("dura"), unique("durb")];
    let out = apply(
        &env,
        true,
        &format!("verb,target,kind,name\ncreate,{t},devqa,{a}\ncreate,{t},readonly,{b}\n"),
        &[],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    // A password reset sends a verifier too.
    env.cmd()
        .args(["--json", "user", "reset", &one, "--target", &t])
        .assert()
        .success();
    let log = c.log();
    assert!(log.contains("duration:"), "the server logs durations");
    for name in [&one, &a, &b] {
        assert!(role_exists(&c, name));
        let leaked: Vec<&str> = log
            .lines()
            .filter(|l| l.contains(name.as_str()) && l.contains("SCRAM-SHA-256$"))
            .collect();
        assert!(leaked.is_empty(), "{name}: verifier in the log: {leaked:?}");
    }
}

/// Can `user` log in with `pw`?
fn can_login(c: &Cluster, db: &str, user: &str, pw: &str) -> bool {
    let mut cfg = c.config(db);
    cfg.user(user).password(pw);
    cfg.connect(postgres::NoTls).is_ok()
}

fn rolcanlogin(c: &Cluster, name: &str) -> bool {
    let mut s = c.client("postgres").unwrap();
    s.query_one(
        "SELECT rolcanlogin FROM pg_roles WHERE rolname = $1",
        &[&name],
    )
    .unwrap()
    .get(0)
}

/// The search_path set for `role` in `db` (pg_db_role_setting), if any.
fn search_path_of(c: &Cluster, db: &str, role: &str) -> Option<String> {
    let mut s = c.client("postgres").unwrap();
    let row = s
        .query_opt(
            "SELECT array_to_string(setconfig, ',') FROM pg_db_role_setting s
             JOIN pg_roles r ON r.oid = s.setrole JOIN pg_database d ON d.oid = s.setdatabase
             WHERE r.rolname = $1 AND d.datname = $2",
            &[&role, &db],
        )
        .unwrap();
    row.map(|r| r.get(0))
}

/// Completion rows (not `started`) in the audit log for `action` on `role`, by outcome.
fn audit_outcomes(env: &TestEnv, action: &str, role: &str) -> Vec<String> {
    let db = rusqlite::Connection::open(&env.inventory).unwrap();
    let mut st = db
        .prepare(
            "SELECT outcome FROM audit_log WHERE action = ?1 AND role = ?2 AND outcome <> 'started' ORDER BY id",
        )
        .unwrap();
    st.query_map([action, role], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

#[test]
fn lifecycle_verbs_run_from_a_batch_next_to_create_lines() {
    let c = cluster();
    let (env, db, t) = setup("verbs");
    {
        let mut s = c.client(&db).unwrap();
        s.batch_execute("CREATE SCHEMA sales").unwrap();
    }
    let p = unique("v");
    let [new, sp, lk, ul, rs, dr] =
        ["new", "sp", "lk", "ul", "rs", "dr"].map(|x| format!("{p}_{x}"));
    // The users the lifecycle lines act on, made by a batch of create lines.
    let mut text = String::from("verb,target,kind,name\n");
    for u in [&sp, &lk, &ul, &rs, &dr] {
        text.push_str(&format!("create,{t},devqa,{u}\n"));
    }
    let out = apply(&env, true, &text, &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let old_pw = |u: &str| -> String {
        out.json
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["username"] == u)
            .unwrap()["password"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (rs_old, ul_pw, lk_pw) = (old_pw(&rs), old_pw(&ul), old_pw(&lk));
    c.client("postgres")
        .unwrap()
        .batch_execute(&format!("ALTER ROLE \"{ul}\" NOLOGIN"))
        .unwrap();
    assert!(!can_login(c, &db, &ul, &ul_pw));

    // An invalid line among them refuses the whole file before anything runs.
    let verbs = format!(
        "search-path,{t},,{sp},sales;public,\n\
         lock,{t},,{lk},,\n\
         unlock,{t},,{ul},,\n"
    );
    let header = "verb,target,kind,name,schemas,reassign_to\n";
    let bad = format!("{header}{verbs}reset,dev/nosuch_db,,{rs},,\ndrop,{t},,{dr},,{dr}\n");
    let before = audit_count(&env);
    let out = apply(&env, true, &bad, &[]);
    assert_eq!(out.code, 2, "{}\n{}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains("line 5:") && out.stderr.contains("nosuch_db"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("line 6:") && out.stderr.contains("to itself"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("2 invalid lines: nothing was run"),
        "{}",
        out.stderr
    );
    assert_eq!(audit_count(&env), before, "nothing recorded");
    assert!(rolcanlogin(c, &lk) && !rolcanlogin(c, &ul) && role_exists(c, &dr));
    assert_eq!(
        search_path_of(c, &db, &sp).as_deref(),
        Some("search_path=public")
    );
    // --atomic cannot cover them: refused at validation, with the reason.
    let out = apply(
        &env,
        true,
        &format!("{header}drop,{t},,{dr},,\n"),
        &["--atomic"],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("--atomic"), "{}", out.stderr);
    assert!(role_exists(c, &dr));

    // The whole mix: each line applied, in file order.
    let text = format!(
        "{header}create,{t},readonly,{new},,\n{verbs}reset,{t},,{rs},,\ndrop,{t},,{dr},,\n"
    );
    let out = apply(&env, true, &text, &[]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    let r = out.json.as_array().unwrap();
    let got: Vec<(u64, &str, &str, bool)> = r
        .iter()
        .map(|x| {
            (
                x["line"].as_u64().unwrap(),
                x["verb"].as_str().unwrap(),
                x["status"].as_str().unwrap(),
                x["changed"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (2, "create", "user created", true),
            (3, "search-path", "search_path set", true),
            (4, "lock", "user locked", true),
            (5, "unlock", "user unlocked", true),
            (6, "reset", "password reset", true),
            (7, "drop", "user dropped", true),
        ],
        "{}",
        out.stdout
    );
    assert_eq!(r[1]["search_path"], serde_json::json!(["sales", "public"]));
    assert_eq!(
        search_path_of(c, &db, &sp).as_deref(),
        Some("search_path=sales, public")
    );
    assert!(!rolcanlogin(c, &lk) && !can_login(c, &db, &lk, &lk_pw));
    assert!(rolcanlogin(c, &ul));
    login(c, &db, &ul, &ul_pw);
    // Reset: the new password (in the JSON, once) works, the old one no longer does.
    let rs_new = r[4]["password"]
        .as_str()
        .expect("reset's password in the JSON");
    assert_ne!(rs_new, rs_old);
    login(c, &db, &rs, rs_new);
    assert!(!can_login(c, &db, &rs, &rs_old));
    assert!(r.iter().filter(|x| x["password"].is_string()).count() == 2);
    assert!(!role_exists(c, &dr));
    // One audit entry per line, each with its own id.
    for (action, role) in [
        ("user create", &new),
        ("user search-path", &sp),
        ("user lock", &lk),
        ("user unlock", &ul),
        ("user reset", &rs),
        ("user drop", &dr),
    ] {
        assert_eq!(
            audit_outcomes(&env, action, role),
            ["changed"],
            "{action} {role}"
        );
    }
    let mut ids: Vec<i64> = r.iter().map(|x| x["audit_id"].as_i64().unwrap()).collect();
    ids.dedup();
    assert_eq!(ids.len(), 6);
    let inv_bytes = String::from_utf8_lossy(&std::fs::read(&env.inventory).unwrap()).into_owned();
    assert!(!inv_bytes.contains(rs_new) && !c.log().contains(rs_new));

    // The same lock, unlock and search-path lines again: nothing changes, and says so.
    let out = apply(&env, false, &format!("{header}{verbs}"), &[]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    for s in [
        "search_path unchanged",
        "user already locked",
        "user already unlocked",
    ] {
        assert!(out.stdout.contains(s), "{s}: {}", out.stdout);
    }
    assert!(!out.stdout.contains("true"), "{}", out.stdout);
    assert_eq!(
        audit_outcomes(&env, "user lock", &lk),
        ["changed", "unchanged"]
    );
    assert!(!rolcanlogin(c, &lk) && rolcanlogin(c, &ul));

    // A reset line in a table run: refused without --password-file; with it, the new
    // password goes to the file (0600, libpq format), never to the table.
    let reset = format!("{header}reset,{t},,{rs},,\n");
    let out = apply(&env, false, &reset, &[]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("--password-file"), "{}", out.stderr);
    login(c, &db, &rs, rs_new);
    let pwfile = env.dir.path().join("reset.pgpass");
    let out = apply(
        &env,
        false,
        &reset,
        &["--password-file", pwfile.to_str().unwrap()],
    );
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert_eq!(
        std::fs::metadata(&pwfile).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let content = std::fs::read_to_string(&pwfile).unwrap();
    let parts: Vec<&str> = content.trim_end().splitn(5, ':').collect();
    assert_eq!(parts[2..4], [db.as_str(), rs.as_str()], "{content}");
    assert!(!out.stdout.contains(parts[4]) && !out.stderr.contains(parts[4]));
    login(c, &db, &rs, parts[4]);
    assert!(!can_login(c, &db, &rs, rs_new));
}

#[test]
fn passwords_stdout_cannot_take_are_exit_1_naming_each_role_and_the_fix() {
    let c = cluster();
    let (env, _db, t) = setup("lostpw");
    let (a, b, r) = (unique("lost_a"), unique("lost_b"), unique("lost_r"));
    // A user to reset, made (and its password read) first.
    let out = apply(
        &env,
        true,
        &format!("verb,target,kind,name\ncreate,{t},devqa,{r}\n"),
        &[],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = format!(
        "verb,target,kind,name\ncreate,{t},devqa,{a}\ncreate,{t},readonly,{b}\nreset,{t},,{r}\n"
    );
    let file = env.dir.path().join("lost.batch");
    std::fs::write(&file, text).unwrap();
    let mut cmd = env.std_cmd();
    cmd.args(["--json", "user", "apply"]).arg(&file);
    let (code, stderr) = support::with_stdout_closed_pipe(cmd, None);
    assert_eq!(code, Some(1), "exit 1, not death by SIGPIPE:\n{stderr}");
    let err = stderr
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|v| v["code"] == 1)
        .unwrap_or_else(|| panic!("a JSON error object on stderr:\n{stderr}"));
    let (error, hint) = (
        err["error"].as_str().unwrap(),
        err["hint"].as_str().unwrap(),
    );
    assert!(
        error.starts_with("3 new passwords could not be written to stdout")
            && error.contains(&format!("{a} (created on {t})"))
            && error.contains(&format!("{b} (created on {t})"))
            && error.contains(&format!("{r} (password reset on {t})"))
            && error.contains("nobody has the passwords"),
        "{error}"
    );
    for role in [&a, &b, &r] {
        assert!(
            hint.contains(&format!("pgacct user reset {role} --target {t}")),
            "{hint}"
        );
    }
    assert!(role_exists(c, &a) && role_exists(c, &b));
}
