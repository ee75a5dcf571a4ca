//! The lifecycle verbs against real clusters: reset, lock/unlock, search-path, revoke,
//! drop, and the protected-target guardrail.

mod support;

use pgacct::cluster::{Cluster, ClusterOptions};
use serde_json::Value;
use support::*;

fn login(c: &Cluster, db: &str, user: &str, password: &str) -> Result<postgres::Client, String> {
    support::login(c, db, user, password).map_err(|e| support::pg_message(&e))
}

/// A user made by `pgacct user create devqa`, with its password.
fn create_devqa(env: &TestEnv, target: &str, name: &str) -> String {
    let v = ok_json(
        env.cmd()
            .args([
                "--json", "user", "create", "devqa", name, "--target", target,
            ])
            .output()
            .unwrap(),
    );
    assert_eq!(v["status"], "user created", "{v}");
    v["password"].as_str().expect("password").to_string()
}

fn login_error(c: &Cluster, db: &str, user: &str, password: &str) -> String {
    match login(c, db, user, password) {
        Ok(_) => panic!("{user} could log in"),
        Err(e) => e,
    }
}

/// Audit rows with this outcome in the test's inventory.
fn audit_count(env: &TestEnv, outcome: &str) -> i64 {
    let conn = rusqlite::Connection::open(&env.inventory).unwrap();
    conn.query_row(
        "SELECT count(*) FROM audit_log WHERE outcome = ?1",
        [outcome],
        |r| r.get(0),
    )
    .unwrap()
}

fn alive(client: &mut postgres::Client) -> bool {
    client.simple_query("SELECT 1").is_ok()
}

#[test]
fn reset_rotates_ends_old_sessions_and_never_leaks_the_password() {
    let c = support::start_cluster(ClusterOptions {
        log_statement_all: true,
        ..Default::default()
    });
    let db = fresh_db(&c, "rst");
    let env = TestEnv::new();
    env.register(&c, "dev", &db);
    let target = format!("dev/{db}");
    let user = unique("rotated");
    let old = create_devqa(&env, &target, &user);
    let mut old_session = login(&c, &db, &user, &old).expect("old password works before");
    assert!(alive(&mut old_session));

    let out = env
        .cmd()
        .args(["--json", "user", "reset", &user, "--target", &target])
        .args(["--terminate-sessions", "--expires-in", "30d"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let v = ok_json(out);
    assert_eq!(v["status"], "password reset");
    assert_eq!(v["changed"], true);
    assert_eq!(v["sessions_terminated"], 1, "{v}");
    let new = v["password"].as_str().unwrap().to_string();
    assert_eq!(new.len(), 24);
    assert_ne!(new, old);
    assert!(v["valid_until"].as_str().is_some());

    assert!(!alive(&mut old_session), "the old session was ended");
    let refused = login_error(&c, &db, &user, &old);
    assert!(
        refused.contains("password authentication failed"),
        "{refused}"
    );
    let mut s = login(&c, &db, &user, &new).expect("new password works");
    assert!(alive(&mut s));
    drop(s);

    // Shown once, on stdout only; never in the server log, the inventory or stderr.
    assert_eq!(stdout.matches(&new).count(), 1);
    assert!(!stderr.contains(&new));
    let log = c.log();
    // pgacct's own catalog reads are logged: logging was on around the change (which
    // itself runs with log_statement off, the admin being a superuser).
    assert!(
        log.contains("pg_stat_activity"),
        "log_statement=all is on: {log}"
    );
    assert!(!log.contains(&new), "the new password is in the server log");
    assert!(!log.contains(&old), "the old password is in the server log");
    let mut inv = std::fs::read(&env.inventory).unwrap();
    for ext in ["-wal", "-shm"] {
        let p = format!("{}{ext}", env.inventory.display());
        if let Ok(b) = std::fs::read(p) {
            inv.extend(b);
        }
    }
    let inv = String::from_utf8_lossy(&inv);
    assert!(!inv.contains(&new) && !inv.contains(&old));

    // Without --terminate-sessions the result says how many stay open.
    let mut s = login(&c, &db, &user, &new).unwrap();
    let v = ok_json(
        env.cmd()
            .args(["--json", "user", "reset", &user, "--target", &target])
            .output()
            .unwrap(),
    );
    assert_eq!(v["sessions_open"], 1, "{v}");
    assert!(alive(&mut s), "not ended without the flag");
}

#[test]
fn reset_of_a_missing_user_is_exit_3_without_a_password() {
    let c = cluster();
    let db = fresh_db(c, "rst_missing");
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let out = env
        .cmd()
        .args(["--json", "user", "reset", "nobody_here_at_all"])
        .args(["--target", &format!("dev/{db}")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let v = json_of(&out);
    assert_eq!(v["status"], "user not found");
    assert!(v.get("password").is_none(), "{v}");
}

#[test]
fn lock_ends_sessions_refuses_login_and_unlock_restores() {
    let c = cluster();
    let db = fresh_db(c, "lck");
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let target = format!("dev/{db}");
    let user = unique("locked");
    let pw = create_devqa(&env, &target, &user);
    let mut session = login(c, &db, &user, &pw).unwrap();

    // Dry run: the SQL, and nothing changes.
    let v = ok_json(
        env.cmd()
            .args([
                "--json",
                "user",
                "lock",
                &user,
                "--target",
                &target,
                "--dry-run",
            ])
            .output()
            .unwrap(),
    );
    assert_eq!(v["changed"], true);
    assert_eq!(v["sql"][0], format!("ALTER ROLE \"{user}\" NOLOGIN;"));
    assert!(login(c, &db, &user, &pw).is_ok());

    let v = ok_json(
        env.cmd()
            .args(["--json", "user", "lock", &user, "--target", &target])
            .args(["--terminate-sessions", "--reason", "left the team"])
            .output()
            .unwrap(),
    );
    assert_eq!(v["status"], "user locked");
    assert_eq!(v["changed"], true);
    assert_eq!(v["sessions_terminated"], 1);
    assert!(!alive(&mut session));
    let e = login_error(c, &db, &user, &pw);
    assert!(e.contains("not permitted to log in"), "{e}");

    let again = ok_json(
        env.cmd()
            .args(["--json", "user", "lock", &user, "--target", &target])
            .output()
            .unwrap(),
    );
    assert_eq!(again["changed"], false);
    assert_eq!(again["status"], "user already locked");

    let v = ok_json(
        env.cmd()
            .args(["--json", "user", "unlock", &user, "--target", &target])
            .output()
            .unwrap(),
    );
    assert_eq!(v["status"], "user unlocked");
    assert_eq!(v["changed"], true);
    let mut s = login(c, &db, &user, &pw).expect("login works again");
    assert!(alive(&mut s));
    let again = ok_json(
        env.cmd()
            .args(["--json", "user", "unlock", &user, "--target", &target])
            .output()
            .unwrap(),
    );
    assert_eq!(again["changed"], false);
}

#[test]
fn superusers_system_roles_and_the_admin_are_never_touched() {
    let c = cluster();
    let db = fresh_db(c, "prot");
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let target = format!("dev/{db}");
    let su = unique("other_su");
    c.client(&db)
        .unwrap()
        .batch_execute(&format!("CREATE ROLE {su} SUPERUSER LOGIN"))
        .unwrap();
    for (verb, name) in [
        ("lock", su.as_str()),
        ("lock", "postgres"),
        ("revoke", "pg_monitor"),
        ("drop", su.as_str()),
        ("reset", "postgres"),
    ] {
        let out = env
            .cmd()
            .args(["--json", "user", verb, name, "--target", &target])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(5), "{verb} {name}");
        let v = json_of(&out);
        assert_eq!(v["status"], "refused", "{v}");
        assert!(v.get("password").is_none());
    }
    let still: bool = c
        .client(&db)
        .unwrap()
        .query_one(
            "SELECT rolcanlogin FROM pg_roles WHERE rolname = $1",
            &[&su],
        )
        .unwrap()
        .get(0);
    assert!(still);
    // Every refusal was audited as refused.
    assert_eq!(audit_count(&env, "refused"), 5);
}

#[test]
fn protected_targets_need_yes_when_not_interactive() {
    let c = cluster();
    let db = fresh_db(c, "prodg");
    let env = TestEnv::new();
    env.register(c, "prod", &db);
    let target = format!("prod/{db}");
    let user = unique("produser");
    c.client(&db)
        .unwrap()
        .batch_execute(&format!("CREATE ROLE {user} LOGIN"))
        .unwrap();
    for verb in ["lock", "reset", "revoke", "drop"] {
        let out = env
            .cmd()
            .args(["--json", "user", verb, &user, "--target", &target])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(5), "{verb} without --yes");
        let v = json_of(&out);
        assert_eq!(v["status"], "refused");
        assert!(
            v["error"]["error"].as_str().unwrap().contains("protected"),
            "{v}"
        );
    }
    let login: bool = c
        .client(&db)
        .unwrap()
        .query_one(
            "SELECT rolcanlogin FROM pg_roles WHERE rolname = $1",
            &[&user],
        )
        .unwrap()
        .get(0);
    assert!(login, "nothing changed without confirmation");
    assert_eq!(audit_count(&env, "refused"), 4);
    let v = ok_json(
        env.cmd()
            .args([
                "--json", "user", "lock", &user, "--target", &target, "--yes",
            ])
            .output()
            .unwrap(),
    );
    assert_eq!(v["changed"], true);
    // undo is guarded the same way.
    let id = v["audit_id"].to_string();
    let out = env.cmd().args(["--json", "undo", &id]).output().unwrap();
    assert_eq!(out.status.code(), Some(5));
    assert_eq!(audit_count(&env, "refused"), 5);
    let u = ok_json(
        env.cmd()
            .args(["--json", "undo", &id, "--yes"])
            .output()
            .unwrap(),
    );
    assert_eq!(u["status"], "user unlocked");
    // A dry run needs no confirmation: it changes nothing.
    let d = ok_json(
        env.cmd()
            .args([
                "--json",
                "user",
                "lock",
                &user,
                "--target",
                &target,
                "--dry-run",
            ])
            .output()
            .unwrap(),
    );
    assert_eq!(d["dry_run"], true);
}

#[test]
fn search_path_is_set_per_database_idempotent_and_warns_for_missing_schemas() {
    let c = cluster();
    let db = fresh_db(c, "sp");
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let target = format!("dev/{db}");
    let user = unique("sp_user");
    let mut su = c.client(&db).unwrap();
    su.batch_execute(&format!(
        "CREATE ROLE {user} LOGIN; CREATE SCHEMA sales; CREATE SCHEMA \"My Schema\";"
    ))
    .unwrap();
    let run = || {
        env.cmd()
            .args(["--json", "user", "search-path", &user, "--target", &target])
            .args([
                "--schema",
                "sales",
                "--schema",
                "My Schema",
                "--schema",
                "nope",
            ])
            .output()
            .unwrap()
    };
    let out = run();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let v = ok_json(out);
    assert_eq!(v["changed"], true);
    assert_eq!(v["missing_schemas"], serde_json::json!(["nope"]));
    assert!(stderr.contains("nope"), "{stderr}");
    let stored: Vec<String> = su
        .query_one(
            "SELECT setconfig FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase
             WHERE d.datname = current_database() AND s.setrole = (SELECT oid FROM pg_roles WHERE rolname = $1)",
            &[&user],
        )
        .unwrap()
        .get(0);
    assert_eq!(
        stored,
        vec!["search_path=sales, \"My Schema\", nope".to_string()]
    );
    let again = ok_json(run());
    assert_eq!(again["changed"], false);
}

#[test]
fn drop_refuses_objects_in_another_database_and_reassigns_with_reassign_to() {
    let c = cluster();
    let db = fresh_db(c, "drp");
    let second = fresh_db(c, "drp_second");
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let target = format!("dev/{db}");
    let user = unique("leaver");
    let heir = unique("heir");
    let pw = create_devqa(&env, &target, &user);
    c.client(&db)
        .unwrap()
        .batch_execute(&format!(
            "CREATE ROLE {heir} NOLOGIN; GRANT CREATE ON DATABASE \"{second}\" TO {user};"
        ))
        .unwrap();
    let mut other = c.client(&second).unwrap();
    other
        .batch_execute(&format!(
            "CREATE TABLE kept (id int); ALTER TABLE kept OWNER TO {user};
             CREATE TABLE shared (id int); GRANT SELECT ON shared TO {user};"
        ))
        .unwrap();
    let mut session = login(c, &db, &user, &pw).unwrap();

    // Without --reassign-to: refused, naming the database and the object.
    let out = env
        .cmd()
        .args(["--json", "user", "drop", &user, "--target", &target])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    let v = json_of(&out);
    assert_eq!(v["status"], "refused");
    let err = v["error"]["error"].as_str().unwrap();
    assert!(err.contains(&second) && err.contains("table kept"), "{err}");
    assert!(
        v["error"]["hint"]
            .as_str()
            .unwrap()
            .contains("--reassign-to")
    );
    let report = v["report"].to_string();
    assert!(report.contains("open session"), "{report}");
    assert!(alive(&mut session), "a refused drop ends nothing");
    assert!(
        c.client(&db)
            .unwrap()
            .query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&user])
            .unwrap()
            .is_some()
    );

    // Dry run: the other database first, DROP ROLE last.
    let v = ok_json(
        env.cmd()
            .args(["--json", "user", "drop", &user, "--target", &target])
            .args(["--reassign-to", &heir, "--dry-run"])
            .output()
            .unwrap(),
    );
    let sql: Vec<String> = v["sql"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    assert_eq!(sql.last().unwrap(), &format!("DROP ROLE \"{user}\";"));
    assert!(
        sql.iter()
            .any(|s| s == &format!("REASSIGN OWNED BY \"{user}\" TO \"{heir}\";"))
    );
    let steps = v["sql"].to_string();
    assert!(steps.contains("pg_terminate_backend"));
    assert!(alive(&mut session), "a dry run ends nothing");

    let v = ok_json(
        env.cmd()
            .args(["--json", "user", "drop", &user, "--target", &target])
            .args(["--reassign-to", &heir])
            .output()
            .unwrap(),
    );
    assert_eq!(v["status"], "user dropped");
    assert_eq!(v["changed"], true);
    assert_eq!(v["sessions_terminated"], 1);
    let done: Vec<&str> = v["databases_done"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert_eq!(
        done.last().unwrap(),
        &db.as_str(),
        "the target database is last"
    );
    assert!(done.contains(&second.as_str()));
    assert!(!alive(&mut session));
    let owner: String = other
        .query_one(
            "SELECT pg_get_userbyid(relowner)::text FROM pg_class WHERE relname = 'kept'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(owner, heir);
    assert!(
        other
            .query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&user])
            .unwrap()
            .is_none()
    );

    // Idempotent.
    let again = ok_json(
        env.cmd()
            .args(["--json", "user", "drop", &user, "--target", &target])
            .output()
            .unwrap(),
    );
    assert_eq!(again["changed"], false);
    assert_eq!(again["status"], "user does not exist");
}

#[test]
fn drop_of_a_user_with_only_privileges_needs_no_reassign() {
    let c = cluster();
    let db = fresh_db(c, "drp_plain");
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let target = format!("dev/{db}");
    let user = unique("plain");
    create_devqa(&env, &target, &user);
    c.client(&db)
        .unwrap()
        .batch_execute(&format!(
            "CREATE TABLE t (id int); GRANT SELECT ON t TO {user};"
        ))
        .unwrap();
    let v = ok_json(
        env.cmd()
            .args(["--json", "user", "drop", &user, "--target", &target])
            .output()
            .unwrap(),
    );
    assert_eq!(v["status"], "user dropped", "{v}");
    assert!(
        c.client(&db)
            .unwrap()
            .query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&user])
            .unwrap()
            .is_none()
    );
}

#[test]
fn concurrent_locks_of_one_user_change_it_once() {
    let c = cluster();
    let db = fresh_db(c, "conc");
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let target = format!("dev/{db}");
    let user = unique("raced");
    c.client(&db)
        .unwrap()
        .batch_execute(&format!("CREATE ROLE {user} LOGIN"))
        .unwrap();
    let results: Vec<Value> = std::thread::scope(|sc| {
        let handles: Vec<_> = (0..8)
            .map(|_| {
                sc.spawn(|| {
                    env.cmd()
                        .args(["--json", "user", "lock", &user, "--target", &target])
                        .output()
                        .unwrap()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| ok_json(h.join().unwrap()))
            .collect()
    });
    let changed = results.iter().filter(|v| v["changed"] == true).count();
    assert_eq!(changed, 1, "{results:#?}");
    assert!(
        results
            .iter()
            .filter(|v| v["changed"] == false)
            .all(|v| v["status"] == "user already locked")
    );
}

#[test]
fn reset_with_password_stdin_and_file_prints_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let c = cluster();
    let db = fresh_db(c, "rst_file");
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let target = format!("dev/{db}");
    let user = unique("filed");
    create_devqa(&env, &target, &user);
    let file = env.dir.path().join("pw.txt");
    let chosen = "Chosen-by-caller-0123456789";
    let out = env
        .cmd()
        .args(["--json", "user", "reset", &user, "--target", &target])
        .args(["--password-stdin", "--password-file"])
        .arg(&file)
        .write_stdin(format!("{chosen}\n"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let v = ok_json(out);
    assert!(v.get("password").is_none(), "{v}");
    assert!(!stdout.contains(chosen));
    assert_eq!(std::fs::read_to_string(&file).unwrap().trim_end(), chosen);
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert!(login(c, &db, &user, chosen).is_ok());
    // The file is never overwritten without --force.
    let out = env
        .cmd()
        .args([
            "--json",
            "user",
            "reset",
            &user,
            "--target",
            &target,
            "--password-file",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "refused, as by user create");
    assert!(login(c, &db, &user, chosen).is_ok(), "nothing changed");
}

#[test]
fn revoke_with_schema_only_touches_that_schema() {
    let c = cluster();
    let db = fresh_db(c, "rvk_schema");
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let target = format!("dev/{db}");
    let user = unique("partial");
    create_devqa(&env, &target, &user);
    let mut su = c.client(&db).unwrap();
    su.batch_execute(&format!(
        "CREATE SCHEMA a; CREATE SCHEMA b; CREATE TABLE a.t (id int); CREATE TABLE b.t (id int);
         GRANT USAGE ON SCHEMA a, b TO {user}; GRANT SELECT ON a.t, b.t TO {user};"
    ))
    .unwrap();
    let v = ok_json(
        env.cmd()
            .args([
                "--json", "user", "revoke", &user, "--target", &target, "--schema", "a",
            ])
            .output()
            .unwrap(),
    );
    assert_eq!(v["changed"], true);
    assert_eq!(v["revoked"]["groups"], serde_json::json!([]));
    let has =
        |su: &mut postgres::Client, q: &str| -> bool { su.query_one(q, &[&user]).unwrap().get(0) };
    assert!(!has(
        &mut su,
        "SELECT has_table_privilege($1, 'a.t', 'SELECT')"
    ));
    assert!(!has(
        &mut su,
        "SELECT has_schema_privilege($1, 'a', 'USAGE')"
    ));
    assert!(has(
        &mut su,
        "SELECT has_table_privilege($1, 'b.t', 'SELECT')"
    ));
    assert!(has(
        &mut su,
        "SELECT has_schema_privilege($1, 'b', 'USAGE')"
    ));
    let member: bool = su
        .query_one(
            "SELECT count(*) > 0 FROM pg_auth_members m JOIN pg_roles u ON u.oid = m.member
             WHERE u.rolname = $1",
            &[&user],
        )
        .unwrap()
        .get(0);
    assert!(member, "group memberships stay with --schema");
}

/// The completion rows of `action` in the test's inventory: (database, outcome).
fn completions(env: &TestEnv, action: &str) -> Vec<(String, String)> {
    let conn = rusqlite::Connection::open(&env.inventory).unwrap();
    let mut st = conn
        .prepare(
            "SELECT db_name, outcome FROM audit_log
             WHERE action = ?1 AND outcome <> 'started' ORDER BY db_name",
        )
        .unwrap();
    st.query_map([action], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

#[test]
fn lifecycle_verbs_fan_out_over_an_env_with_one_audit_entry_per_target() {
    let c = cluster();
    let env = TestEnv::new();
    let mut dbs: Vec<String> = (0..3).map(|_| fresh_db(c, "fan")).collect();
    dbs.sort();
    for db in &dbs {
        env.register(c, "dev", db);
    }
    let user = unique("fanned");
    create_devqa(&env, &format!("dev/{}", dbs[0]), &user);

    // search-path is per database: every target changes, on 3 threads (`sales` is set
    // though it does not exist; create set `public` in the first database).
    let run = |verb: &str, extra: &[&str]| -> Vec<Value> {
        let v = ok_json(
            env.cmd()
                .args(["--json", "user", verb, &user, "--env", "dev", "--jobs", "3"])
                .args(extra)
                .output()
                .unwrap(),
        );
        let rows = v.as_array().expect("one result per target").clone();
        let mut got: Vec<&str> = rows
            .iter()
            .map(|r| r["database"].as_str().unwrap())
            .collect();
        got.sort();
        assert_eq!(got, dbs.iter().map(String::as_str).collect::<Vec<_>>());
        rows
    };
    let rows = run("search-path", &["--schema", "sales"]);
    assert!(
        rows.iter()
            .all(|r| r["changed"] == true && r["status"] == "search_path set"),
        "{rows:#?}"
    );
    assert!(rows.iter().all(|r| r["audit_id"].is_i64()), "{rows:?}");
    for db in &dbs {
        let set: i64 = c
            .client(db)
            .unwrap()
            .query_one(
                "SELECT count(*) FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase
                 JOIN pg_roles r ON r.oid = s.setrole WHERE d.datname = $1 AND r.rolname = $2
                   AND s.setconfig = ARRAY['search_path=sales']",
                &[db, &user],
            )
            .unwrap()
            .get(0);
        assert_eq!(set, 1, "search_path not set in {db}");
    }
    let again = run("search-path", &["--schema", "sales"]);
    assert!(again.iter().all(|r| r["changed"] == false), "{again:?}");
    let audited = completions(&env, "user search-path");
    let outcomes = |o: &str| audited.iter().filter(|(_, x)| x == o).count();
    assert_eq!(
        (outcomes("changed"), outcomes("unchanged")),
        (3, 3),
        "{audited:?}"
    );

    // lock is cluster-wide: three targets of one cluster at once lock it exactly once.
    let rows = run("lock", &[]);
    let locked = rows.iter().filter(|r| r["changed"] == true).count();
    assert_eq!(locked, 1, "{rows:?}");
    assert!(
        rows.iter()
            .filter(|r| r["changed"] == false)
            .all(|r| r["status"] == "user already locked"),
        "{rows:?}"
    );
    let audited = completions(&env, "user lock");
    assert_eq!(audited.len(), 3, "{audited:?}");
    assert_eq!(audited.iter().filter(|(_, o)| o == "changed").count(), 1);
}

#[test]
fn reset_of_a_missing_user_leaves_no_password_file() {
    let c = cluster();
    let db = fresh_db(c, "rst_nofile");
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let file = env.dir.path().join("pw.txt");
    let out = env
        .cmd()
        .args(["--json", "user", "reset", "nobody_here_either"])
        .args(["--target", &format!("dev/{db}"), "--password-file"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let v = json_of(&out);
    assert_eq!(v["status"], "user not found");
    assert!(
        v.get("password").is_none() && v.get("password_file").is_none(),
        "{v}"
    );
    assert!(
        !file.exists(),
        "a password file was left for a user that does not exist"
    );
}

#[test]
fn a_reset_password_stdout_cannot_take_is_exit_1_naming_the_role_and_the_fix() {
    let c = cluster();
    let db = fresh_db(c, "lostrst");
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let t = format!("dev/{db}");
    let user = unique("lost_reset");
    let old = create_devqa(&env, &t, &user);
    // Text and JSON output, generated passwords; then a known one from stdin, to check
    // that it never reaches stderr.
    let known = "Known-Reset-Password-0123456789";
    for (json, stdin) in [(false, None), (true, None), (false, Some(known))] {
        let mut cmd = env.std_cmd();
        if json {
            cmd.arg("--json");
        }
        cmd.args(["user", "reset", &user, "--target", &t]);
        if stdin.is_some() {
            cmd.arg("--password-stdin");
        }
        let (code, stderr) =
            with_stdout_closed_pipe(cmd, stdin.map(|p| format!("{p}\n")).as_deref());
        assert!(!stderr.contains(known), "no password on stderr");
        if stdin.is_some() {
            // A password given on stdin is the caller's: nothing was lost.
            assert!(!stderr.contains("nobody has the password"), "{stderr}");
            continue;
        }
        assert_eq!(code, Some(1), "exit 1, not death by SIGPIPE:\n{stderr}");
        let (target, error, hint) = match serde_json::from_str::<Value>(stderr.trim()) {
            Ok(v) => (
                v["target"].as_str().unwrap_or_default().to_string(),
                v["error"].as_str().unwrap_or_default().to_string(),
                v["hint"].as_str().unwrap_or_default().to_string(),
            ),
            Err(_) => {
                let e = stderr
                    .lines()
                    .find_map(|l| l.strip_prefix("error: "))
                    .unwrap_or_default();
                let (target, error) = e.split_once(": ").unwrap_or_default();
                let hint = stderr
                    .lines()
                    .find_map(|l| l.strip_prefix("hint: "))
                    .unwrap_or_default();
                (target.to_string(), error.to_string(), hint.to_string())
            }
        };
        assert_eq!(target, t, "{stderr}");
        assert!(
            error.starts_with(&format!(
                "{user} had its password reset, but its new password could not be written to stdout"
            )) && error.contains("nobody has the password"),
            "{stderr}"
        );
        assert!(
            hint.contains(&format!("pgacct user reset {user} --target {t}")),
            "{stderr}"
        );
    }
    // The resets happened: the old password is gone, the last one set works.
    login_error(c, &db, &user, &old);
    login(c, &db, &user, known).expect("the password from stdin was set");
    let conn = rusqlite::Connection::open(&env.inventory).unwrap();
    let resets: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'user reset' AND outcome = 'changed'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(resets, 3, "the three resets are recorded as changes");
}

#[test]
fn an_existing_password_file_is_refused_with_exit_5_by_every_verb() {
    let c = cluster();
    let db = fresh_db(c, "pwexists");
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let target = format!("dev/{db}");
    let user = unique("pwexists");
    let old = create_devqa(&env, &target, &user);
    let file = env.dir.path().join("taken.txt");
    std::fs::write(&file, "keep me\n").unwrap();
    let batch = env.dir.path().join("lines.csv");
    let new_user = unique("pwexists_new");
    std::fs::write(
        &batch,
        format!(
            "verb,target,kind,name\ncreate,{target},devqa,{new_user}\nreset,{target},,{user}\n"
        ),
    )
    .unwrap();
    let verbs: [Vec<&str>; 3] = [
        vec!["user", "create", "devqa", &new_user, "--target", &target],
        vec!["user", "reset", &user, "--target", &target],
        vec!["user", "apply", batch.to_str().unwrap()],
    ];
    for verb in verbs {
        let out = env
            .cmd()
            .arg("--json")
            .args(&verb)
            .arg("--password-file")
            .arg(&file)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(5), "{verb:?}: {stderr}");
        let err: Value = stderr
            .lines()
            .find_map(|l| serde_json::from_str(l).ok())
            .unwrap_or_else(|| panic!("{verb:?}: an error object: {stderr}"));
        assert_eq!(err["kind"], "refused", "{verb:?}: {err}");
        assert!(
            err["error"].as_str().unwrap().contains("exists"),
            "{verb:?}: {err}"
        );
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me\n");
    }
    login(c, &db, &user, &old).expect("no reset happened");
    let mut s = c.client("postgres").unwrap();
    let made = s
        .query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&new_user])
        .unwrap();
    assert!(made.is_none(), "no create happened");
}

#[test]
fn every_target_refused_is_exit_1_each_result_refused() {
    let c = cluster();
    let env = TestEnv::new();
    let dbs: Vec<String> = (0..2).map(|_| fresh_db(c, "allrefused")).collect();
    for db in &dbs {
        env.register(c, "dev", db);
    }
    let su = unique("all_refused_su");
    c.client("postgres")
        .unwrap()
        .batch_execute(&format!("CREATE ROLE {su} SUPERUSER LOGIN"))
        .unwrap();
    for verb in ["drop", "lock"] {
        let out = env
            .cmd()
            .args(["--json", "user", verb, &su, "--env", "dev", "--yes"])
            .output()
            .unwrap();
        let v = json_of(&out);
        let rows = v.as_array().expect("one result per target");
        assert_eq!(rows.len(), 2, "{v}");
        assert!(rows.iter().all(|r| r["status"] == "refused"), "{v}");
        // Several targets, all failed: 1 (one target refused alone would be 5).
        assert_eq!(
            out.status.code(),
            Some(1),
            "{verb}: every target refused: {v}"
        );
    }
    let mut s = c.client("postgres").unwrap();
    let row = s
        .query_one(
            "SELECT rolcanlogin FROM pg_roles WHERE rolname = $1",
            &[&su],
        )
        .unwrap();
    assert!(row.get::<_, bool>(0), "the superuser was not touched");
}
