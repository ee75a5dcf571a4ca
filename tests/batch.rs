//! `pgacct user apply FILE` against real throwaway clusters: a file with an invalid line
//! is refused whole before anything runs; a line that fails on the server leaves the
//! others applied (and with --atomic, none on that target); many lines on several
//! connections, idempotent on a second run; passwords only in the JSON output or the
//! 0600 password file, never in the table; dry run; JSON lines on stdin; the lifecycle
//! verbs (search-path, lock, unlock, reset, drop) mixed with create lines; `--atomic`
//! over every verb but drop (one transaction per target, checked with `xmin`); create
//! lines a few a round trip (the next ones read ahead): a line read ahead before the line
//! that made its groups, and two runs racing on the same names, each line audited once
//! per run, the audit chain valid.

mod support;

use pgacct::cluster::Cluster;
use serde_json::Value;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use support::{TestEnv, cluster, fresh_db, registered_db, role_exists, unique};

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

fn audit_count(env: &TestEnv) -> i64 {
    if !env.inventory.exists() {
        return 0;
    }
    let db = rusqlite::Connection::open(&env.inventory).unwrap();
    db.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap()
}

fn login(c: &Cluster, db: &str, user: &str, pw: &str) {
    support::login(c, db, user, pw).unwrap_or_else(|e| panic!("login as {user} to {db}: {e}"));
}

#[test]
fn a_batch_with_an_invalid_line_is_refused_whole() {
    let c = cluster();
    let (env, _db, t) = registered_db("inval");
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

/// A create line naming a system schema is refused at validation, as `user create
/// --schema pg_catalog` is: the plan would grant the kind's privileges on every table
/// of that schema (pg_authid among them) to the kind's group.
#[test]
fn a_create_line_naming_a_system_schema_is_refused_before_anything_runs() {
    let c = cluster();
    let (env, _db, t) = registered_db("sysschema");
    let (ok, bad, bad2) = (unique("good"), unique("sys"), unique("sys"));
    let text = format!(
        "verb,target,kind,name,schemas\n\
         create,{t},devqa,{ok},public\n\
         create,{t},devqa,{bad},public;pg_catalog\n\
         create,{t},readonly,{bad2},information_schema\n"
    );
    let before = audit_count(&env);
    let out = apply(&env, true, &text, &[]);
    assert_eq!(out.code, 2, "{}\n{}", out.stdout, out.stderr);
    for (line, schema) in [(3, "pg_catalog"), (4, "information_schema")] {
        let hit = out.stderr.lines().any(|l| {
            l.contains(&format!("line {line}:"))
                && l.contains(schema)
                && l.contains("system schema")
        });
        assert!(hit, "line {line} ({schema}) not refused:\n{}", out.stderr);
    }
    for r in [&ok, &bad, &bad2] {
        assert!(!role_exists(c, r), "{r} was created");
    }
    assert_eq!(audit_count(&env), before);
}

#[test]
fn a_line_failing_on_the_server_leaves_the_others_applied_unless_atomic() {
    let c = cluster();
    let (env, db, t) = registered_db("srvfail");
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
    let (env, db, t) = registered_db("many");
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

/// The started rows (`started`) and the completion rows of `role`'s `user create` lines.
fn create_rows(env: &TestEnv, role: &str) -> (i64, Vec<String>) {
    let db = rusqlite::Connection::open(&env.inventory).unwrap();
    let started: i64 = db
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'user create' AND role = ?1 AND outcome = 'started'",
            [role],
            |r| r.get(0),
        )
        .unwrap();
    (started, audit_outcomes(env, "user create", role))
}

fn audit_verifies(env: &TestEnv) {
    let out = env.cmd().args(["audit", "verify"]).output().unwrap();
    assert!(
        out.status.success(),
        "audit verify: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_line_read_ahead_before_the_line_that_made_its_groups_is_applied_once_audited_once() {
    // A fresh database: the first line makes the kind's groups; the second was read
    // ahead in the first one's flight (one connection), before they existed: what it
    // read is stale by its turn (it reads again, under the database's lock).
    let (env, _db, t) = registered_db("ahead");
    let base = unique("ah");
    let mut text = String::from("verb,target,kind,name\n");
    for i in 0..7 {
        text.push_str(&format!("create,{t},devqa,{base}_{i}\n"));
    }
    let out = apply(&env, true, &text, &["--jobs", "1"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let r = out.json.as_array().unwrap();
    assert_eq!(r.len(), 7);
    for (i, x) in r.iter().enumerate() {
        assert_eq!(x["status"], "user created", "line {i}: {x}");
        assert_eq!(x["username"], format!("{base}_{i}"));
    }
    for i in 0..7 {
        let role = format!("{base}_{i}");
        assert!(role_exists(cluster(), &role), "{role}");
        assert_eq!(
            create_rows(&env, &role),
            (1, vec!["changed".to_string()]),
            "{role}: one attempt, one outcome"
        );
    }
    audit_verifies(&env);
    // Idempotent, read ahead or not.
    let again = apply(&env, true, &text, &["--jobs", "1"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    let r = again.json.as_array().unwrap();
    assert!(
        r.iter().all(|x| x["status"] == "user already exists"),
        "{}",
        again.stdout
    );
    audit_verifies(&env);
}

/// A line read ahead never waits for its role's lock (it tries it): the first create of
/// a kind holds the database's lock, and a single `user create` of a later line's role
/// holds that role's lock and then asks for the database's, as every create does. Were
/// the read ahead to wait, the two would wait on each other until the server broke the
/// cycle; here the single create's session gives up on a deadlock after 50 ms, so it
/// would fail.
#[test]
fn a_line_read_ahead_never_waits_for_its_roles_lock() {
    const LOCK_ROLE: i32 = 0x7067_6163;
    const LOCK_DATABASE: i32 = 0x7067_6164;
    let c = support::cluster();
    let (env, db, t) = registered_db("aheadlock");
    let base = unique("al");
    let names: Vec<String> = (0..3).map(|i| format!("{base}_{i}")).collect();
    let mut text = String::from("verb,target,kind,name\n");
    for n in &names {
        text.push_str(&format!("create,{t},devqa,{n}\n"));
    }
    let file = env.dir.path().join(format!("{}.batch", unique("al")));
    std::fs::write(&file, &text).unwrap();
    // The other creator: the second line's role lock, held.
    let mut other = c.client(&db).unwrap();
    let mut tx = other.transaction().unwrap();
    tx.batch_execute("SET LOCAL deadlock_timeout = '50ms'")
        .unwrap();
    tx.execute(
        "SELECT pg_advisory_xact_lock($1, hashtext($2))",
        &[&LOCK_ROLE, &names[1]],
    )
    .unwrap();
    let run = env
        .std_cmd()
        .args(["--json", "user", "apply"])
        .arg(&file)
        .args(["--jobs", "1"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run pgacct");
    // Once the run waits for the second line's role lock, the other creator asks for the
    // database's lock, as its create would next.
    let mut watch = c.client(&db).unwrap();
    let waiting = (0..200).any(|_| {
        let n: i64 = watch
            .query_one(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
                   AND classid::int8 = $1::int8 AND objid::int8 = (hashtext($2)::int8 & 4294967295)",
                &[&(LOCK_ROLE as i64), &names[1]],
            )
            .unwrap()
            .get(0);
        n > 0 || {
            std::thread::sleep(std::time::Duration::from_millis(50));
            false
        }
    });
    assert!(waiting, "the run never waited for the second line's lock");
    let db_lock = tx.execute("SELECT pg_advisory_xact_lock($1, 0)", &[&LOCK_DATABASE]);
    assert!(
        db_lock.is_ok(),
        "the other creator met a deadlock with the run: {db_lock:?}"
    );
    tx.commit().unwrap();
    let out = run.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    for x in v.as_array().unwrap() {
        assert_eq!(x["status"], "user created", "{x}");
    }
    audit_verifies(&env);
}

#[test]
fn two_runs_racing_on_the_same_names_create_each_user_once_both_audited() {
    // Different --jobs: the runs pair different lines (a line read ahead holds its
    // role's lock while the line before it runs; it only tries it, so neither run
    // waits for a lock while it holds one taken ahead).
    let (env, _db, t) = registered_db("race");
    let base = unique("rc");
    let mut text = String::from("verb,target,kind,name\n");
    // The groups exist before the race.
    text.push_str(&format!("create,{t},devqa,{base}_first\n"));
    let first = apply(&env, true, &text, &[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let n = 30;
    for i in 0..n {
        text.push_str(&format!("create,{t},devqa,{base}_{i}\n"));
    }
    // One run in file order, the other in reverse: they meet on the same roles in
    // opposite orders (a line whose lock the other run holds is read again by itself,
    // under its own lock, once the other run released it).
    let file = env.dir.path().join(format!("{}.batch", unique("race")));
    std::fs::write(&file, &text).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[2..].reverse();
    let reversed = env.dir.path().join(format!("{}.batch", unique("race")));
    std::fs::write(&reversed, lines.join("\n") + "\n").unwrap();
    let spawn = |file: &std::path::Path, jobs: &str| {
        env.std_cmd()
            .args(["--json", "user", "apply"])
            .arg(file)
            .args(["--jobs", jobs])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run pgacct")
    };
    let (a, b) = (spawn(&file, "2"), spawn(&reversed, "3"));
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    let mut created = vec![0; n];
    for o in [&a, &b] {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        let r = v.as_array().unwrap();
        assert_eq!(r.len(), n + 1);
        for x in r.iter().skip(1) {
            let name = x["username"].as_str().unwrap_or_default();
            let i: usize = name
                .rsplit('_')
                .next()
                .and_then(|k| k.parse().ok())
                .unwrap_or_else(|| panic!("{x}"));
            match x["status"].as_str() {
                Some("user created") => created[i] += 1,
                Some("user already exists") => {}
                other => panic!("{name}: {other:?}: {x}"),
            }
        }
    }
    assert!(
        created.iter().all(|&c| c == 1),
        "each user created once: {created:?}"
    );
    for i in 0..n {
        let role = format!("{base}_{i}");
        assert!(role_exists(cluster(), &role), "{role}");
        let (started, mut outcomes) = create_rows(&env, &role);
        outcomes.sort();
        assert_eq!(
            (started, outcomes),
            (2, vec!["changed".to_string(), "unchanged".to_string()]),
            "{role}: one attempt per run"
        );
    }
    audit_verifies(&env);
}

#[test]
fn passwords_go_to_the_file_never_to_the_table() {
    let c = cluster();
    let (env, db, t) = registered_db("pwfile");
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
    let (env, _db, t) = registered_db("dry");
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
    support::assert_ok(&o);
    assert_eq!(json[0]["status"], "user created");
    assert!(role_exists(c, &name));
}

#[test]
fn a_step_failing_on_the_server_is_named_and_applies_nothing_of_its_line() {
    let c = cluster();
    let (env, db, t) = registered_db("stepfail");
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

fn can_login(c: &Cluster, db: &str, user: &str, pw: &str) -> bool {
    support::login(c, db, user, pw).is_ok()
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
    let (env, db, t) = registered_db("verbs");
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
    let (env, _db, t) = registered_db("lostpw");
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

/// Connections the server authorized into `db` so far (the cluster runs with
/// `log_connections = on`).
fn connections_into(c: &Cluster, db: &str) -> usize {
    let needle = format!("database={db} ");
    c.log()
        .lines()
        .filter(|l| l.contains("connection authorized") && l.contains(&needle))
        .count()
}

/// (line, verb, env, status, changed) of each entry of a batch's JSON output.
fn line_outcomes(out: &Out) -> Vec<(u64, String, String, String, bool)> {
    out.json
        .as_array()
        .unwrap_or_else(|| panic!("a JSON array:\n{}\n{}", out.stdout, out.stderr))
        .iter()
        .map(|x| {
            (
                x["line"].as_u64().unwrap(),
                x["verb"].as_str().unwrap().to_string(),
                x["env"].as_str().unwrap().to_string(),
                x["status"].as_str().unwrap().to_string(),
                x["changed"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[test]
fn lock_unlock_search_path_and_reset_lines_of_a_target_share_one_connection() {
    let c = support::start_cluster(pgacct::cluster::ClusterOptions {
        extra_conf: vec!["log_connections = on".into()],
        ..Default::default()
    });
    let db = fresh_db(&c, "onecon");
    let env = TestEnv::new();
    env.register(&c, "dev", &db);
    let t = format!("dev/{db}");
    let users: Vec<String> = (0..32).map(|i| unique(&format!("oc{i}"))).collect();
    let mut text = String::from("verb,target,kind,name\n");
    for u in &users {
        text.push_str(&format!("create,{t},devqa,{u}\n"));
    }
    let out = apply(&env, true, &text, &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for u in &users[8..16] {
        c.client("postgres")
            .unwrap()
            .batch_execute(&format!("ALTER ROLE \"{u}\" NOLOGIN"))
            .unwrap();
    }
    // 8 locks, 8 unlocks, 8 search paths, 8 resets on one target.
    let mut text = String::from("verb,target,name,schemas\n");
    for (i, u) in users.iter().enumerate() {
        let verb = ["lock", "unlock", "search-path", "reset"][i / 8];
        let schemas = if verb == "search-path" {
            "pg_catalog;public"
        } else {
            ""
        };
        text.push_str(&format!("{verb},{t},{u},{schemas}\n"));
    }
    let before = connections_into(&c, &db);
    assert!(before > 0, "the server logs connections:\n{}", c.log());
    let out = apply(&env, true, &text, &[]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    let got = line_outcomes(&out);
    assert_eq!(got.len(), 32);
    for (k, (line, verb, _, status, changed)) in got.iter().enumerate() {
        assert_eq!(*line, k as u64 + 2);
        assert_eq!(verb, ["lock", "unlock", "search-path", "reset"][k / 8]);
        assert!(changed, "line {line}: {status}");
    }
    assert_eq!(
        connections_into(&c, &db) - before,
        1,
        "32 lines on one target, one connection"
    );
    assert!(!rolcanlogin(&c, &users[0]) && rolcanlogin(&c, &users[8]));
    assert_eq!(
        search_path_of(&c, &db, &users[16]).as_deref(),
        Some("search_path=pg_catalog, public")
    );
    // Each line its own audit entry.
    for (k, u) in users.iter().enumerate() {
        let action = format!("user {}", ["lock", "unlock", "search-path", "reset"][k / 8]);
        assert_eq!(
            audit_outcomes(&env, &action, u),
            ["changed"],
            "{action} {u}"
        );
    }
}

#[test]
fn a_mixed_batch_on_two_targets_reports_every_line_in_file_order_then_nothing_twice() {
    let c = cluster();
    let (env, db1, t1) = registered_db("mix1");
    let db2 = fresh_db(c, "mix2");
    env.register(c, "qa", &db2);
    let t2 = format!("qa/{db2}");
    c.client(&db1)
        .unwrap()
        .batch_execute("CREATE SCHEMA sales")
        .unwrap();
    let p = unique("mx");
    let [nw, lk1, lk2, ul1, ul2, sp, rs, dr] =
        ["nw", "lk1", "lk2", "ul1", "ul2", "sp", "rs", "dr"].map(|x| format!("{p}_{x}"));
    let mut text = String::from("verb,target,kind,name\n");
    for u in [&lk1, &ul1, &sp, &dr] {
        text.push_str(&format!("create,{t1},devqa,{u}\n"));
    }
    for u in [&lk2, &ul2, &rs] {
        text.push_str(&format!("create,{t2},devqa,{u}\n"));
    }
    let out = apply(&env, true, &text, &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for u in [&ul1, &ul2] {
        c.client("postgres")
            .unwrap()
            .batch_execute(&format!("ALTER ROLE \"{u}\" NOLOGIN"))
            .unwrap();
    }
    // The lines of the two targets interleaved; line 9 sets the search path of a user
    // created on line 2 (create lines run first).
    let header = "verb,target,kind,name,schemas\n";
    let verbs = format!(
        "lock,{t2},,{lk2},\n\
         search-path,{t1},,{sp},sales;public\n\
         unlock,{t1},,{ul1},\n"
    );
    let more = format!(
        "search-path,{t2},,{nw},public\n\
         lock,{t1},,{lk1},\n\
         unlock,{t2},,{ul2},\n\
         search-path,{t2},,{sp},public\n"
    );
    let text = format!(
        "{header}create,{t1},devqa,{nw},\n{verbs}reset,{t2},,{rs},\ndrop,{t1},,{dr},\n{more}"
    );
    // A dry run first: every line planned on read-only sessions, nothing changed (so
    // the user of line 8, created by line 2, is not found).
    let out = apply(&env, true, &text, &["--dry-run"]);
    assert_eq!(out.code, 6, "{}\n{}", out.stdout, out.stderr);
    let r = out.json.as_array().unwrap();
    assert_eq!(r.len(), 10, "{}", out.stdout);
    for x in r {
        assert_eq!(x["dry_run"], true, "{x}");
        assert!(x["password"].is_null(), "{x}");
        if x["line"] == 8 {
            assert_eq!(x["status"], "user not found", "{x}");
        } else {
            assert_eq!(x["changed"], true, "{x}");
            assert!(!x["sql"].as_array().unwrap().is_empty(), "{x}");
        }
    }
    assert!(rolcanlogin(c, &lk1) && !rolcanlogin(c, &ul2) && role_exists(c, &dr));
    assert!(!role_exists(c, &nw));
    let out = apply(&env, true, &text, &["--jobs", "4"]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    let s = |x: &str| x.to_string();
    let expect =
        |rows: &[(u64, &str, &str, &str, bool)]| -> Vec<(u64, String, String, String, bool)> {
            rows.iter()
                .map(|r| (r.0, s(r.1), s(r.2), s(r.3), r.4))
                .collect()
        };
    assert_eq!(
        line_outcomes(&out),
        expect(&[
            (2, "create", "dev", "user created", true),
            (3, "lock", "qa", "user locked", true),
            (4, "search-path", "dev", "search_path set", true),
            (5, "unlock", "dev", "user unlocked", true),
            (6, "reset", "qa", "password reset", true),
            (7, "drop", "dev", "user dropped", true),
            (8, "search-path", "qa", "search_path set", true),
            (9, "lock", "dev", "user locked", true),
            (10, "unlock", "qa", "user unlocked", true),
            (11, "search-path", "qa", "search_path set", true),
        ]),
        "{}",
        out.stdout
    );
    let r = out.json.as_array().unwrap();
    let mut ids: Vec<i64> = r.iter().map(|x| x["audit_id"].as_i64().unwrap()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 10, "one audit entry per line");
    assert!(!rolcanlogin(c, &lk1) && !rolcanlogin(c, &lk2));
    assert!(rolcanlogin(c, &ul1) && rolcanlogin(c, &ul2));
    assert!(!role_exists(c, &dr));
    assert_eq!(
        search_path_of(c, &db1, &sp).as_deref(),
        Some("search_path=sales, public")
    );
    assert_eq!(
        search_path_of(c, &db2, &nw).as_deref(),
        Some("search_path=public")
    );
    login(
        c,
        &db2,
        &rs,
        r[4]["password"].as_str().expect("the reset password"),
    );

    // The lock, unlock and search-path lines again: nothing changes, and says so.
    let out = apply(&env, true, &format!("{header}{verbs}{more}"), &[]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert_eq!(
        line_outcomes(&out),
        expect(&[
            (2, "lock", "qa", "user already locked", false),
            (3, "search-path", "dev", "search_path unchanged", false),
            (4, "unlock", "dev", "user already unlocked", false),
            (5, "search-path", "qa", "search_path unchanged", false),
            (6, "lock", "dev", "user already locked", false),
            (7, "unlock", "qa", "user already unlocked", false),
            (8, "search-path", "qa", "search_path unchanged", false),
        ]),
        "{}",
        out.stdout
    );
    assert_eq!(
        audit_outcomes(&env, "user lock", &lk2),
        ["dry-run", "changed", "unchanged"]
    );
}

#[test]
fn a_target_that_is_down_fails_its_lines_audited_and_the_other_target_applies() {
    let c = cluster();
    let (env, db, t) = registered_db("downup");
    let mut other = support::start_cluster(pgacct::cluster::ClusterOptions::default());
    let odb = fresh_db(&other, "downdn");
    env.register(&other, "qa", &odb);
    let to = format!("qa/{odb}");
    let p = unique("dn");
    let [lk, sp, x1, x2, x3] = ["lk", "sp", "x1", "x2", "x3"].map(|x| format!("{p}_{x}"));
    let out = apply(
        &env,
        true,
        &format!("verb,target,kind,name\ncreate,{t},devqa,{lk}\ncreate,{t},devqa,{sp}\n"),
        &[],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    other.stop().unwrap();
    let text = format!(
        "verb,target,name,schemas\n\
         lock,{to},{x1},\n\
         lock,{t},{lk},\n\
         search-path,{to},{x2},public\n\
         reset,{to},{x3},\n\
         search-path,{t},{sp},pg_catalog;public\n"
    );
    let before = audit_count(&env);
    let out = apply(&env, true, &text, &["--jobs", "4"]);
    assert_eq!(out.code, 6, "{}\n{}", out.stdout, out.stderr);
    let got = line_outcomes(&out);
    let summary: Vec<(u64, &str, bool)> = got
        .iter()
        .map(|(l, _, _, s, ch)| (*l, s.as_str(), *ch))
        .collect();
    assert_eq!(
        summary,
        [
            (2, "failed", false),
            (3, "user locked", true),
            (4, "failed", false),
            (5, "failed", false),
            (6, "search_path set", true),
        ],
        "{}",
        out.stdout
    );
    let r = out.json.as_array().unwrap();
    for k in [0, 2, 3] {
        let e = &r[k]["error"];
        assert_eq!(e["code"], 4, "a connection error: {e}");
        assert!(
            e["target"].as_str().unwrap().starts_with(to.as_str()),
            "{e}"
        );
        assert!(r[k]["audit_id"].is_i64(), "{}", r[k]);
        assert!(r[k]["password"].is_null(), "{}", r[k]);
    }
    // Each failed line is an audited attempt of its own.
    for (action, role) in [
        ("user lock", &x1),
        ("user search-path", &x2),
        ("user reset", &x3),
    ] {
        assert_eq!(audit_outcomes(&env, action, role), ["failed"], "{action}");
    }
    assert_eq!(audit_outcomes(&env, "user lock", &lk), ["changed"]);
    // Two rows per line: started, then its outcome.
    assert_eq!(audit_count(&env) - before, 10);
    assert!(!rolcanlogin(c, &lk));
    assert_eq!(
        search_path_of(c, &db, &sp).as_deref(),
        Some("search_path=pg_catalog, public")
    );
    assert!(
        out.stderr.contains("5 lines on 2 targets: 2 ok, 3 failed"),
        "{}",
        out.stderr
    );
}

#[test]
fn lines_on_a_protected_target_are_refused_without_yes_and_applied_with_it() {
    let c = cluster();
    let db = fresh_db(c, "prot");
    let env = TestEnv::new();
    // prod targets are protected.
    env.register(c, "prod", &db);
    let t = format!("prod/{db}");
    let [lk, sp] = [unique("plk"), unique("psp")];
    let out = apply(
        &env,
        true,
        &format!("verb,target,kind,name\ncreate,{t},devqa,{lk}\ncreate,{t},devqa,{sp}\n"),
        &["--yes"], // creating on a protected target needs --yes too
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text =
        format!("verb,target,name,schemas\nlock,{t},{lk},\nsearch-path,{t},{sp},pg_catalog\n");
    // Not a terminal, no --yes: each line refused, and audited as such; all lines failed: 1.
    let out = apply(&env, true, &text, &[]);
    assert_eq!(out.code, 1, "{}\n{}", out.stdout, out.stderr);
    let got: Vec<(String, bool)> = line_outcomes(&out)
        .into_iter()
        .map(|(_, _, _, s, ch)| (s, ch))
        .collect();
    assert_eq!(
        got,
        [
            ("refused".to_string(), false),
            ("refused".to_string(), false)
        ]
    );
    assert!(out.stderr.contains("protected target"), "{}", out.stderr);
    assert_eq!(audit_outcomes(&env, "user lock", &lk), ["refused"]);
    assert_eq!(audit_outcomes(&env, "user search-path", &sp), ["refused"]);
    assert!(rolcanlogin(c, &lk));
    // --yes confirms them.
    let out = apply(&env, true, &text, &["--yes"]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(!rolcanlogin(c, &lk));
    assert_eq!(
        search_path_of(c, &db, &sp).as_deref(),
        Some("search_path=pg_catalog")
    );
    assert_eq!(
        audit_outcomes(&env, "user lock", &lk),
        ["refused", "changed"]
    );
}

/// The distinct `xmin`s (creating/last updating transaction) of the pg_authid rows of
/// `roles` and of their pg_db_role_setting rows in `db` (as superuser).
fn xmins(c: &Cluster, db: &str, roles: &[&String], settings_of: &[&String]) -> Vec<String> {
    let mut s = c.client("postgres").unwrap();
    let roles: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
    let settings_of: Vec<&str> = settings_of.iter().map(|r| r.as_str()).collect();
    let mut x: Vec<String> = s
        .query(
            "SELECT xmin::text FROM pg_authid WHERE rolname = ANY($1)
             UNION ALL
             SELECT s.xmin::text FROM pg_db_role_setting s
               JOIN pg_authid r ON r.oid = s.setrole JOIN pg_database d ON d.oid = s.setdatabase
              WHERE r.rolname = ANY($2) AND d.datname = $3",
            &[&roles, &settings_of, &db],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(x.len(), roles.len() + settings_of.len(), "every row found");
    x.sort();
    x.dedup();
    x
}

/// The password of `user` in a batch's JSON output.
fn password_in(out: &Out, user: &str) -> Option<String> {
    out.json
        .as_array()?
        .iter()
        .find(|x| x["username"] == user)?["password"]
        .as_str()
        .map(String::from)
}

#[test]
fn atomic_create_lock_unlock_search_path_and_reset_lines_of_a_target_are_one_transaction() {
    let c = cluster();
    let (env, db, t) = registered_db("atall");
    c.client(&db)
        .unwrap()
        .batch_execute("CREATE SCHEMA sales")
        .unwrap();
    let p = unique("at");
    let [nw, lk, ul, sp, rs] = ["nw", "lk", "ul", "sp", "rs"].map(|x| format!("{p}_{x}"));
    let mut text = String::from("verb,target,kind,name\n");
    for u in [&lk, &ul, &sp, &rs] {
        text.push_str(&format!("create,{t},devqa,{u}\n"));
    }
    let out = apply(&env, true, &text, &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let (lk_pw, rs_old) = (
        password_in(&out, &lk).unwrap(),
        password_in(&out, &rs).unwrap(),
    );
    c.client("postgres")
        .unwrap()
        .batch_execute(&format!("ALTER ROLE \"{ul}\" NOLOGIN"))
        .unwrap();
    let text = format!(
        "verb,target,kind,name,schemas\n\
         create,{t},devqa,{nw},\n\
         lock,{t},,{lk},\n\
         unlock,{t},,{ul},\n\
         search-path,{t},,{sp},sales;public\n\
         reset,{t},,{rs},\n"
    );
    let s = |x: &str| x.to_string();
    let expect = |rows: &[(u64, &str, &str, bool)]| -> Vec<(u64, String, String, String, bool)> {
        rows.iter()
            .map(|r| (r.0, s(r.1), s("dev"), s(r.2), r.3))
            .collect()
    };
    let all_changed = expect(&[
        (2, "create", "user created", true),
        (3, "lock", "user locked", true),
        (4, "unlock", "user unlocked", true),
        (5, "search-path", "search_path set", true),
        (6, "reset", "password reset", true),
    ]);

    // A dry run: every line planned in one read-only transaction, nothing changed.
    let before = audit_count(&env);
    let out = apply(&env, true, &text, &["--atomic", "--dry-run"]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    let dry: Vec<_> = line_outcomes(&out)
        .into_iter()
        .map(|(l, v, e, _, ch)| (l, v, e, ch))
        .collect();
    let want: Vec<_> = all_changed
        .iter()
        .map(|(l, v, e, _, ch)| (*l, v.clone(), e.clone(), *ch))
        .collect();
    assert_eq!(dry, want, "{}", out.stdout);
    for x in out.json.as_array().unwrap() {
        assert_eq!(x["dry_run"], true, "{x}");
        assert!(x["password"].is_null(), "{x}");
        assert!(!x["sql"].as_array().unwrap().is_empty(), "{x}");
    }
    assert!(!role_exists(c, &nw) && rolcanlogin(c, &lk) && !rolcanlogin(c, &ul));
    assert!(can_login(c, &db, &rs, &rs_old));
    assert_eq!(audit_count(&env) - before, 10, "started + dry-run per line");

    // For real: every line changed, in one transaction.
    let before = audit_count(&env);
    let out = apply(&env, true, &text, &["--atomic"]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert_eq!(line_outcomes(&out), all_changed, "{}", out.stdout);
    let x = xmins(c, &db, &[&nw, &lk, &ul, &rs], &[&sp]);
    assert_eq!(x.len(), 1, "one transaction for the whole target: {x:?}");
    // Each line as without --atomic: the new passwords (create, reset) in the JSON.
    let r = out.json.as_array().unwrap();
    for k in [1, 2, 3] {
        assert!(r[k]["password"].is_null(), "{}", r[k]);
    }
    login(
        c,
        &db,
        &nw,
        &password_in(&out, &nw).expect("the new user's password"),
    );
    let rs_new = password_in(&out, &rs).expect("the reset password");
    login(c, &db, &rs, &rs_new);
    assert!(!can_login(c, &db, &rs, &rs_old));
    assert!(!can_login(c, &db, &lk, &lk_pw) && rolcanlogin(c, &ul));
    assert_eq!(
        search_path_of(c, &db, &sp).as_deref(),
        Some("search_path=sales, public")
    );
    // Each line its own audit entry: started, then changed.
    assert_eq!(audit_count(&env) - before, 10);
    for (action, role) in [
        ("user create", &nw),
        ("user lock", &lk),
        ("user unlock", &ul),
        ("user search-path", &sp),
    ] {
        assert_eq!(
            audit_outcomes(&env, action, role),
            ["dry-run", "changed"],
            "{action}"
        );
    }
    assert_eq!(
        audit_outcomes(&env, "user reset", &rs),
        ["dry-run", "changed"]
    );

    // Again (without the reset, which always changes): nothing to do, and says so.
    let again: String = text.lines().take(5).map(|l| format!("{l}\n")).collect();
    let out = apply(&env, true, &again, &["--atomic"]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert_eq!(
        line_outcomes(&out)
            .into_iter()
            .map(|(_, _, _, st, ch)| (st, ch))
            .collect::<Vec<_>>(),
        [
            (s("user already exists"), false),
            (s("user already locked"), false),
            (s("user already unlocked"), false),
            (s("search_path unchanged"), false),
        ],
        "{}",
        out.stdout
    );
}

#[test]
fn an_atomic_target_with_a_failing_line_applies_none_of_its_lines_and_the_other_target_does() {
    let c = cluster();
    let (env, db, t) = registered_db("atfail");
    let db2 = fresh_db(c, "atfail2");
    env.register(c, "qa", &db2);
    let t2 = format!("qa/{db2}");
    let p = unique("af");
    let [nw, lk, ul, sp, rs, su, nw2, lk2, sp2, ghost] = [
        "nw", "lk", "ul", "sp", "rs", "su", "nw2", "lk2", "sp2", "ghost",
    ]
    .map(|x| format!("{p}_{x}"));
    let mut text = String::from("verb,target,kind,name\n");
    for u in [&lk, &ul, &sp, &rs] {
        text.push_str(&format!("create,{t},devqa,{u}\n"));
    }
    for u in [&lk2, &sp2] {
        text.push_str(&format!("create,{t2},devqa,{u}\n"));
    }
    let out = apply(&env, true, &text, &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let (lk_pw, rs_old) = (
        password_in(&out, &lk).unwrap(),
        password_in(&out, &rs).unwrap(),
    );
    c.client("postgres")
        .unwrap()
        .batch_execute(&format!(
            "ALTER ROLE \"{ul}\" NOLOGIN; CREATE ROLE \"{su}\" SUPERUSER LOGIN"
        ))
        .unwrap();
    let untouched = |c: &Cluster| {
        assert!(!role_exists(c, &nw), "the created user does not exist");
        assert!(can_login(c, &db, &lk, &lk_pw), "the locked user can log in");
        assert!(!rolcanlogin(c, &ul), "the unlocked user still cannot");
        assert!(
            can_login(c, &db, &rs, &rs_old),
            "the old password still works"
        );
        assert_eq!(
            search_path_of(c, &db, &sp).as_deref(),
            Some("search_path=public")
        );
    };

    // Line 6 locks a superuser: a guard refuses it while planning, in the transaction
    // where lines 2 to 5 were already applied; all of dev's lines roll back; qa's
    // lines (8 to 10) are their own unit and apply.
    let header = "verb,target,kind,name,schemas\n";
    let dev_lines = format!(
        "create,{t},devqa,{nw},\n\
         lock,{t},,{lk},\n\
         unlock,{t},,{ul},\n\
         search-path,{t},,{sp},pg_catalog\n\
         lock,{t},,{su},\n\
         reset,{t},,{rs},\n"
    );
    let text = format!(
        "{header}{dev_lines}\
         create,{t2},devqa,{nw2},\n\
         lock,{t2},,{lk2},\n\
         search-path,{t2},,{sp2},pg_catalog\n"
    );
    let before = audit_count(&env);
    let out = apply(&env, true, &text, &["--atomic"]);
    assert_eq!(out.code, 6, "{}\n{}", out.stdout, out.stderr);
    let s = |x: &str| x.to_string();
    let got: Vec<(u64, String, String, bool)> = line_outcomes(&out)
        .into_iter()
        .map(|(l, v, _, st, ch)| (l, v, st, ch))
        .collect();
    let want: Vec<(u64, String, String, bool)> = [
        (2, "create", "failed"),
        (3, "lock", "failed"),
        (4, "unlock", "failed"),
        (5, "search-path", "failed"),
        (6, "lock", "refused"),
        (7, "reset", "failed"),
        (8, "create", "user created"),
        (9, "lock", "user locked"),
        (10, "search-path", "search_path set"),
    ]
    .iter()
    .map(|(l, v, st)| (*l, s(v), s(st), *l >= 8))
    .collect();
    assert_eq!(got, want, "{}", out.stdout);
    let r = out.json.as_array().unwrap();
    let refusal = &r[4]["error"];
    assert!(
        refusal["error"]
            .as_str()
            .unwrap()
            .contains("is a superuser"),
        "{refusal}"
    );
    assert_eq!(refusal["code"], 5, "{refusal}");
    for k in [0, 1, 2, 3, 5] {
        let e = r[k]["error"]["error"].as_str().unwrap();
        assert!(
            e.contains(&format!(
                "not applied: line 6 failed, and --atomic applies all lines of {t} or none"
            )),
            "{}",
            r[k]
        );
        assert!(
            r[k]["password"].is_null(),
            "no password of a rolled-back unit: {}",
            r[k]
        );
    }
    untouched(c);
    assert!(role_exists(c, &nw2) && !rolcanlogin(c, &lk2));
    login(c, &db2, &nw2, r[6]["password"].as_str().unwrap());
    assert_eq!(
        search_path_of(c, &db2, &sp2).as_deref(),
        Some("search_path=pg_catalog")
    );
    // Every line an audited attempt: started, then failed (refused for the refusal).
    assert_eq!(audit_count(&env) - before, 18);
    for (action, role) in [
        ("user create", &nw),
        ("user lock", &lk),
        ("user unlock", &ul),
        ("user search-path", &sp),
        ("user reset", &rs),
    ] {
        assert_eq!(audit_outcomes(&env, action, role), ["failed"], "{action}");
    }
    assert_eq!(audit_outcomes(&env, "user lock", &su), ["refused"]);
    assert!(
        out.stderr.contains("9 lines on 2 targets: 3 ok, 6 failed"),
        "{}",
        out.stderr
    );

    // A search path for a role that does not exist: the same, exit 1 when every line of
    // the file failed; its own status and error.
    let text = format!(
        "{header}{}search-path,{t},,{ghost},public\n",
        dev_lines.replace(&format!("lock,{t},,{su},\n"), "")
    );
    let out = apply(&env, true, &text, &["--atomic"]);
    assert_eq!(out.code, 1, "{}\n{}", out.stdout, out.stderr);
    let r = out.json.as_array().unwrap();
    assert_eq!(r.len(), 6);
    assert_eq!(r[5]["status"], "user not found", "{}", r[5]);
    assert!(
        r[5]["error"]["error"]
            .as_str()
            .unwrap()
            .contains("not found"),
        "{}",
        r[5]
    );
    for x in &r[..5] {
        assert_eq!(x["status"], "failed", "{x}");
        assert!(
            x["error"]["error"]
                .as_str()
                .unwrap()
                .contains("not applied: line 7 failed"),
            "{x}"
        );
    }
    untouched(c);

    // A line failing on the server after the others' statements were sent: GRANT is
    // refused in this database, so the create of the last line (the first user with
    // schema frozen: its group gets privileges there) fails after its CREATE ROLE; nothing of the unit stays, the failing line names the server's error, and no
    // password (create, reset) reaches the password file.
    c.client(&db)
        .unwrap()
        .batch_execute(
            "CREATE SCHEMA frozen;
             CREATE FUNCTION no_grants() RETURNS event_trigger LANGUAGE plpgsql AS
               $$ BEGIN RAISE EXCEPTION 'grants are frozen here' USING ERRCODE = 'P0001'; END $$;
             CREATE EVENT TRIGGER no_grants ON ddl_command_start WHEN TAG IN ('GRANT') EXECUTE FUNCTION no_grants();",
        )
        .unwrap();
    let verbs_only = dev_lines
        .replace(&format!("lock,{t},,{su},\n"), "")
        .replace(&format!("create,{t},devqa,{nw},\n"), "");
    let text = format!("{header}{verbs_only}create,{t},devqa,{ghost},frozen\n");
    let pwf = env.dir.path().join("atomic.pgpass");
    let before = audit_count(&env);
    let out = apply(
        &env,
        false,
        &text,
        &["--atomic", "--password-file", pwf.to_str().unwrap()],
    );
    c.client(&db)
        .unwrap()
        .batch_execute("DROP EVENT TRIGGER no_grants")
        .unwrap();
    assert_eq!(out.code, 1, "{}\n{}", out.stdout, out.stderr);
    let line_err = |n: usize, what: &str| {
        out.stderr
            .lines()
            .any(|l| l.starts_with(&format!("line {n}: error:")) && l.contains(what))
    };
    assert!(line_err(6, "grants are frozen here"), "{}", out.stderr);
    for n in 2..6 {
        assert!(
            line_err(
                n,
                "not applied: line 6 failed, and --atomic applies all lines of"
            ),
            "line {n}: {}",
            out.stderr
        );
    }
    assert_eq!(audit_count(&env) - before, 10, "started + failed per line");
    assert_eq!(audit_outcomes(&env, "user create", &ghost), ["failed"]);
    assert!(!pwf.exists(), "no password written for a rolled-back unit");
    assert!(!role_exists(c, &ghost));
    untouched(c);
}

#[test]
fn atomic_with_a_drop_line_is_refused_at_validation_and_the_other_verbs_are_not() {
    let c = cluster();
    let (env, _db, t) = registered_db("atdrop");
    let p = unique("ad");
    let [nw, lk, rs, dr] = ["nw", "lk", "rs", "dr"].map(|x| format!("{p}_{x}"));
    let out = apply(
        &env,
        true,
        &format!("verb,target,kind,name\ncreate,{t},devqa,{dr}\n"),
        &[],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = format!(
        "verb,target,kind,name\n\
         create,{t},devqa,{nw}\n\
         reset,{t},,{rs}\n\
         lock,{t},,{lk}\n\
         drop,{t},,{dr}\n\
         unlock,{t},,{lk}x\n"
    );
    let before = audit_count(&env);
    let out = apply(&env, true, &text, &["--atomic"]);
    assert_eq!(out.code, 2, "{}\n{}", out.stdout, out.stderr);
    // Only the drop line is invalid.
    assert!(
        out.stderr.contains("1 invalid line: nothing was run"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("line 5:") && out.stderr.contains("--atomic"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("drop commits one transaction per database of the cluster"),
        "{}",
        out.stderr
    );
    let errs = out.json["errors"].as_array().unwrap();
    assert_eq!(errs.len(), 1, "{}", out.stdout);
    assert_eq!(errs[0]["line"], 5);
    assert_eq!(audit_count(&env), before, "nothing recorded");
    assert!(role_exists(c, &dr) && !role_exists(c, &nw));
}

#[test]
fn atomic_lines_on_a_protected_target_are_refused_together_without_yes() {
    let c = cluster();
    let db = fresh_db(c, "atprot");
    let env = TestEnv::new();
    // prod targets are protected.
    env.register(c, "prod", &db);
    let t = format!("prod/{db}");
    let p = unique("ap");
    let [nw, lk, sp] = ["nw", "lk", "sp"].map(|x| format!("{p}_{x}"));
    let out = apply(
        &env,
        true,
        &format!("verb,target,kind,name\ncreate,{t},devqa,{lk}\ncreate,{t},devqa,{sp}\n"),
        &["--yes"], // creating on a protected target needs --yes too
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = format!(
        "verb,target,kind,name,schemas\n\
         create,{t},devqa,{nw},\n\
         lock,{t},,{lk},\n\
         search-path,{t},,{sp},pg_catalog\n"
    );
    // Not a terminal, no --yes: the lock is refused, so nothing of the target applies.
    let out = apply(&env, true, &text, &["--atomic"]);
    assert_eq!(out.code, 1, "{}\n{}", out.stdout, out.stderr);
    let got: Vec<(String, bool)> = line_outcomes(&out)
        .into_iter()
        .map(|(_, _, _, s, ch)| (s, ch))
        .collect();
    let s = |x: &str| x.to_string();
    assert_eq!(
        got,
        [
            (s("failed"), false),
            (s("refused"), false),
            (s("failed"), false)
        ]
    );
    let r = out.json.as_array().unwrap();
    assert!(
        r[1]["error"]["error"]
            .as_str()
            .unwrap()
            .contains("protected target"),
        "{}",
        r[1]
    );
    for k in [0, 2] {
        assert!(
            r[k]["error"]["error"]
                .as_str()
                .unwrap()
                .contains("not applied: line 3 failed"),
            "{}",
            r[k]
        );
    }
    assert_eq!(audit_outcomes(&env, "user create", &nw), ["failed"]);
    assert_eq!(audit_outcomes(&env, "user lock", &lk), ["refused"]);
    assert_eq!(audit_outcomes(&env, "user search-path", &sp), ["failed"]);
    assert!(!role_exists(c, &nw) && rolcanlogin(c, &lk));
    // --yes confirms them: all of them, in one transaction.
    let out = apply(&env, true, &text, &["--atomic", "--yes"]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(role_exists(c, &nw) && !rolcanlogin(c, &lk));
    assert_eq!(xmins(c, &db, &[&nw, &lk], &[&sp]).len(), 1);
}
