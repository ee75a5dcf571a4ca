//! `pgacct user create` against real throwaway PostgreSQL clusters: every kind's access
//! proven by logging in as the new user, idempotence, concurrency, atomicity, refusals,
//! dry-run, md5, a CREATEROLE-only admin, and the password leak test.

mod support;

use pgacct::cluster::{Cluster, ClusterOptions};
use serde_json::Value;
use std::os::unix::fs::PermissionsExt;
use support::{
    TestEnv, cluster, fresh_db, login, registered_db, role_exists, start_cluster, unique,
};

/// Run `pgacct --json user create ...`; (exit code, parsed stdout, stdout, stderr).
/// stdout, when there is one, is always an array of per-target results (docs/json.md);
/// the value returned is that array, or its only result when there is one target.
fn create(env: &TestEnv, args: &[&str]) -> (i32, Value, String, String) {
    let out = env
        .cmd()
        .arg("--json")
        .args(["user", "create"])
        .args(args)
        .output()
        .expect("run pgacct");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let json: Value = serde_json::from_str(&stdout).unwrap_or(Value::Null);
    assert!(
        json.is_array() || stdout.trim().is_empty(),
        "user create --json must print an array of per-target results: {stdout}"
    );
    let json = match json {
        Value::Array(mut a) if a.len() == 1 => a.remove(0),
        other => other,
    };
    (out.status.code().unwrap_or(-1), json, stdout, stderr)
}

/// Create and expect success; returns the result object.
fn create_ok(env: &TestEnv, args: &[&str]) -> Value {
    let (code, json, stdout, stderr) = create(env, args);
    assert_eq!(
        code, 0,
        "pgacct user create {args:?}\nstdout: {stdout}\nstderr: {stderr}"
    );
    json
}

fn login_ok(c: &Cluster, db: &str, r: &Value) -> postgres::Client {
    let user = r["username"].as_str().unwrap();
    let pw = r["password"]
        .as_str()
        .expect("a new user's password in the result");
    login(c, db, user, pw).unwrap_or_else(|e| panic!("login as {user}: {e:?}"))
}

fn sqlstate(r: Result<u64, postgres::Error>) -> String {
    match r {
        Ok(_) => "ok".into(),
        Err(e) => e
            .code()
            .map(|c| c.code().to_string())
            .unwrap_or_else(|| format!("{e}")),
    }
}

fn exec(c: &mut postgres::Client, sql: &str) -> String {
    sqlstate(c.execute(sql, &[]))
}

/// A fresh database with a table and a sequence made before any user, registered as
/// `dev/<db>` in a fresh inventory.
fn setup(prefix: &str) -> (TestEnv, String) {
    let (env, db, _) = registered_db(prefix);
    let mut s = cluster().client(&db).unwrap();
    support::public_as_on_15(&mut s, None);
    s.batch_execute(
        "CREATE TABLE before_t (id serial PRIMARY KEY, v text);
         INSERT INTO before_t (v) VALUES ('seed');",
    )
    .unwrap();
    (env, db)
}

fn target(db: &str) -> String {
    format!("dev/{db}")
}

#[test]
fn every_kind_gets_what_its_name_promises() {
    let c = cluster();
    let (env, db) = setup("kinds");
    let t = target(&db);
    let ro = create_ok(&env, &["readonly", "ro_user", "--target", &t]);
    let qa = create_ok(&env, &["devqa", "qa_user", "--target", &t]);
    let lead = create_ok(&env, &["devlead", "lead_user", "--target", &t]);
    let app = create_ok(
        &env,
        &[
            "app", "--server", "web-01", "--port", "8080", "--target", &t,
        ],
    );
    let k8s = create_ok(
        &env,
        &[
            "k8s", "--prefix", "dv", "--farm", "gear.svc", "--target", &t,
        ],
    );
    let dba = create_ok(&env, &["dba", "dba_user", "--target", &t]);
    for r in [&ro, &qa, &lead, &app, &k8s, &dba] {
        assert_eq!(r["status"], "user created", "{r}");
        assert_eq!(r["changed"], true);
        assert_eq!(r["database"], db.as_str());
        assert_eq!(r["password"].as_str().unwrap().len(), 24);
    }
    assert_eq!(app["username"], "web_01_8080");
    assert_eq!(app["connection_limit"], 200);
    assert_eq!(app["valid_until"], Value::Null);
    assert_eq!(k8s["username"], "dv_gear_svc");
    assert_eq!(qa["connection_limit"], 20);
    assert!(qa["valid_until"].as_str().unwrap().ends_with('Z'));

    // The schema owner (the database owner: public belongs to pg_database_owner) creates
    // a table after the users exist.
    let mut admin = c.client(&db).unwrap();
    admin
        .batch_execute("CREATE TABLE after_t (id serial PRIMARY KEY, v text); INSERT INTO after_t (v) VALUES ('x');")
        .unwrap();

    // readonly: reads everything, writes nothing, creates nothing.
    let mut s = login_ok(c, &db, &ro);
    for tbl in ["before_t", "after_t"] {
        let n: i64 = s
            .query_one(&format!("SELECT count(*) FROM {tbl}"), &[])
            .unwrap()
            .get(0);
        assert!(n >= 1);
    }
    let ro_setting: String = s
        .query_one("SHOW default_transaction_read_only", &[])
        .unwrap()
        .get(0);
    assert_eq!(ro_setting, "on");
    assert_eq!(
        exec(&mut s, "INSERT INTO after_t (v) VALUES ('no')"),
        "25006"
    );
    // Even in a read-write transaction it has no write privilege.
    s.batch_execute("SET default_transaction_read_only = off")
        .unwrap();
    assert_eq!(
        exec(&mut s, "INSERT INTO after_t (v) VALUES ('no')"),
        "42501"
    );
    assert_eq!(exec(&mut s, "UPDATE before_t SET v = 'no'"), "42501");
    assert_eq!(exec(&mut s, "DELETE FROM before_t"), "42501");
    assert_eq!(exec(&mut s, "CREATE TABLE ro_t (x int)"), "42501");

    // devqa, app, k8s: DML on old and new tables (sequences included), no CREATE.
    for r in [&qa, &app, &k8s] {
        let mut s = login_ok(c, &db, r);
        for tbl in ["before_t", "after_t"] {
            assert_eq!(
                exec(&mut s, &format!("INSERT INTO {tbl} (v) VALUES ('w')")),
                "ok",
                "{r}"
            );
            assert_eq!(
                exec(&mut s, &format!("UPDATE {tbl} SET v = 'u' WHERE v = 'w'")),
                "ok"
            );
            assert_eq!(
                exec(&mut s, &format!("DELETE FROM {tbl} WHERE v = 'u'")),
                "ok"
            );
        }
        assert_eq!(exec(&mut s, "CREATE TABLE qa_t (x int)"), "42501", "{r}");
    }

    // devlead: creates a table that readonly reads and devqa writes, with no command.
    let mut s = login_ok(c, &db, &lead);
    assert_eq!(
        exec(
            &mut s,
            "CREATE TABLE lead_t (id serial PRIMARY KEY, v text)"
        ),
        "ok"
    );
    assert_eq!(exec(&mut s, "INSERT INTO lead_t (v) VALUES ('lead')"), "ok");
    let mut q = login_ok(c, &db, &qa);
    assert_eq!(exec(&mut q, "INSERT INTO lead_t (v) VALUES ('qa')"), "ok");
    assert_eq!(
        exec(&mut q, "UPDATE lead_t SET v = 'qa2' WHERE v = 'qa'"),
        "ok"
    );
    let mut r = login_ok(c, &db, &ro);
    let n: i64 = r
        .query_one("SELECT count(*) FROM lead_t", &[])
        .unwrap()
        .get(0);
    assert_eq!(n, 2);

    // dba: CREATEDB and CREATEROLE, not superuser, no table access.
    let mut d = login_ok(c, &db, &dba);
    let row = d
        .query_one(
            "SELECT rolcreatedb, rolcreaterole, rolsuper FROM pg_roles WHERE rolname = current_user",
            &[],
        )
        .unwrap();
    assert_eq!(
        (
            row.get::<_, bool>(0),
            row.get::<_, bool>(1),
            row.get::<_, bool>(2)
        ),
        (true, true, false)
    );
    assert_eq!(sqlstate(d.execute("SELECT * FROM before_t", &[])), "42501");

    // The kind is readable from the catalog.
    let kind: String = admin
        .query_one(
            "SELECT shobj_description(oid, 'pg_authid') FROM pg_roles WHERE rolname = 'qa_user'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(kind, "pgacct:kind=devqa");

    // Second run: nothing changes, no password.
    let again = create_ok(&env, &["devlead", "lead_user", "--target", &t]);
    assert_eq!(again["status"], "user already exists");
    assert_eq!(again["changed"], false);
    assert!(again.get("password").is_none());
    assert_eq!(again["drift"], serde_json::json!([]));
}

#[test]
fn connection_limit_holds() {
    let c = cluster();
    let (env, db) = setup("limit");
    let r = create_ok(
        &env,
        &[
            "devqa",
            "lim_user",
            "--conn-limit",
            "1",
            "--target",
            &target(&db),
        ],
    );
    assert_eq!(r["connection_limit"], 1);
    let _first = login_ok(c, &db, &r);
    let e = match login(c, &db, "lim_user", r["password"].as_str().unwrap()) {
        Ok(_) => panic!("a second session got past the connection limit"),
        Err(e) => e,
    };
    assert_eq!(e.code().map(|c| c.code()), Some("53300"), "{e:?}");
    let (code, _, _, stderr) = create(
        &env,
        &[
            "devqa",
            "lim2",
            "--conn-limit",
            "21",
            "--target",
            &target(&db),
        ],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(!role_exists(c, "lim2"));
}

#[test]
fn dry_run_then_apply_then_nothing() {
    let c = cluster();
    let (env, db) = setup("dry");
    let name = unique("dry");
    let t = target(&db);
    let dry = create_ok(&env, &["devqa", &name, "--target", &t, "--dry-run"]);
    assert_eq!(dry["status"], "user created");
    assert_eq!(dry["changed"], true);
    assert_eq!(dry["dry_run"], true);
    assert!(dry.get("password").is_none());
    let sql: Vec<String> = serde_json::from_value(dry["sql"].clone()).unwrap();
    assert!(
        sql.iter().any(
            |s| s.starts_with(&format!("CREATE ROLE \"{name}\" WITH LOGIN"))
                && s.ends_with("PASSWORD '<verifier>';")
        ),
        "{sql:#?}"
    );
    assert!(!sql.iter().any(|s| s.contains("SCRAM")));
    assert!(!role_exists(c, &name));
    let groups: i64 = c
        .client("postgres")
        .unwrap()
        .query_one("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'pgacct_%' AND shobj_description(oid, 'pg_authid') LIKE '%db=' || $1", &[&db])
        .unwrap()
        .get(0);
    assert_eq!(groups, 0, "dry run created group roles");

    // The table output prints the SQL too.
    let out = env
        .cmd()
        .args([
            "user",
            "create",
            "devqa",
            &name,
            "--target",
            &t,
            "--dry-run",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("PASSWORD '<verifier>'"), "{text}");

    let applied = create_ok(&env, &["devqa", &name, "--target", &t]);
    assert_eq!(applied["status"], "user created");
    // The audit row says what undo needs, and lists steps without SQL or verifier.
    let inv = pgacct::inventory::Inventory::open(&env.inventory).unwrap();
    let (steps, undo): (String, String) = inv
        .conn()
        .query_row(
            "SELECT steps, undo FROM audit_log WHERE role = ?1 AND outcome = 'changed'",
            [&name],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let undo: Value = serde_json::from_str(&undo).unwrap();
    assert_eq!(undo["created_role"], name.as_str());
    assert_eq!(undo["database"], db.as_str());
    assert!(
        steps.contains(&format!("create login role {name}")),
        "{steps}"
    );
    assert!(
        !steps.contains("PASSWORD") && !steps.contains("SCRAM"),
        "{steps}"
    );
    let dry_rows: i64 = inv
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE role = ?1 AND outcome = 'dry-run'",
            [&name],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(dry_rows, 2, "every dry run is audited");
    let again = create_ok(&env, &["devqa", &name, "--target", &t]);
    assert_eq!(
        (again["status"].as_str(), again["changed"].as_bool()),
        (Some("user already exists"), Some(false))
    );
    let dry_again = create_ok(&env, &["devqa", &name, "--target", &t, "--dry-run"]);
    assert_eq!(dry_again["changed"], false);
    assert_eq!(dry_again["sql"], serde_json::json!([]));
}

#[test]
fn a_second_database_of_the_same_cluster_gets_access_granted() {
    let c = cluster();
    let (env, db1) = setup("first");
    let db2 = fresh_db(c, "second");
    env.register(c, "dev", &db2);
    let name = unique("two");
    let r1 = create_ok(&env, &["devqa", &name, "--target", &target(&db1)]);
    let r2 = create_ok(&env, &["devqa", &name, "--target", &target(&db2)]);
    assert_eq!(r2["status"], "access granted");
    assert_eq!(r2["changed"], true);
    assert!(r2.get("password").is_none());
    // The first password works on the second database, and the user can write there.
    let pw = r1["password"].as_str().unwrap();
    let mut s = login(c, &db2, &name, pw).unwrap();
    let mut a = c.client(&db2).unwrap();
    a.batch_execute("CREATE TABLE t2 (x int)").unwrap();
    assert_eq!(exec(&mut s, "INSERT INTO t2 VALUES (1)"), "ok");
    let path: String = s.query_one("SHOW search_path", &[]).unwrap().get(0);
    assert_eq!(path, "public");
    let r3 = create_ok(&env, &["devqa", &name, "--target", &target(&db2)]);
    assert_eq!(r3["status"], "user already exists");
    // Several targets in one run: a JSON array, one result each.
    let both = create_ok(
        &env,
        &[
            "devqa",
            &name,
            "--target",
            &target(&db1),
            "--target",
            &target(&db2),
        ],
    );
    assert_eq!(both.as_array().unwrap().len(), 2);
}

#[test]
fn twenty_concurrent_creates_of_one_name() {
    let (env, db) = setup("same");
    let name = unique("same");
    let t = target(&db);
    let results: Vec<(i32, Value, String)> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..20)
            .map(|_| {
                s.spawn(|| {
                    let (code, json, _, stderr) = create(&env, &["devqa", &name, "--target", &t]);
                    (code, json, stderr)
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (code, json, stderr) in &results {
        assert_eq!(*code, 0, "{json} {stderr}");
    }
    let created = results
        .iter()
        .filter(|r| r.1["status"] == "user created")
        .count();
    let exists = results
        .iter()
        .filter(|r| r.1["status"] == "user already exists")
        .count();
    assert_eq!((created, exists), (1, 19));
    let with_pw = results
        .iter()
        .filter(|r| r.1.get("password").is_some())
        .count();
    assert_eq!(with_pw, 1);
}

#[test]
fn twenty_concurrent_creates_of_different_names_on_a_fresh_database() {
    let c = cluster();
    let (env, db) = setup("many");
    let t = target(&db);
    let names: Vec<String> = (0..20).map(|_| unique("many")).collect();
    let results: Vec<(i32, Value, String)> = std::thread::scope(|s| {
        let hs: Vec<_> = names
            .iter()
            .map(|n| {
                let (env, t) = (&env, &t);
                s.spawn(move || {
                    let (code, json, _, stderr) = create(env, &["readonly", n, "--target", t]);
                    (code, json, stderr)
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (code, json, stderr) in &results {
        assert_eq!(*code, 0, "{json} {stderr}");
        assert_eq!(json["status"], "user created");
    }
    for (n, r) in names.iter().zip(&results) {
        let mut s = login(c, &db, n, r.1["password"].as_str().unwrap()).unwrap();
        let k: i64 = s
            .query_one("SELECT count(*) FROM before_t", &[])
            .unwrap()
            .get(0);
        assert_eq!(k, 1);
    }
}

#[test]
fn a_failure_mid_plan_leaves_nothing_behind() {
    let c = cluster();
    let (env, db) = setup("fail");
    let mut a = c.client(&db).unwrap();
    a.batch_execute(
        "CREATE FUNCTION no_grants() RETURNS event_trigger LANGUAGE plpgsql AS
           $$ BEGIN RAISE EXCEPTION 'grants are frozen here' USING ERRCODE = 'P0001', HINT = 'ask the owner'; END $$;
         CREATE EVENT TRIGGER no_grants ON ddl_command_start WHEN TAG IN ('GRANT') EXECUTE FUNCTION no_grants();",
    )
    .unwrap();
    let name = unique("fail");
    let (code, json, _, stderr) = create(&env, &["devqa", &name, "--target", &target(&db)]);
    assert_eq!(code, 1, "{json} {stderr}");
    assert!(stderr.contains("grants are frozen here"), "{stderr}");
    assert!(stderr.contains("P0001"), "{stderr}");
    // The step that failed is named (the plan runs again step by step to find it).
    assert!(stderr.contains("(while: "), "{stderr}");
    assert!(!stderr.contains("while: applying the plan"), "{stderr}");
    assert!(!stderr.contains("PASSWORD"), "{stderr}");
    assert!(!role_exists(c, &name), "the role survived a failed plan");
    let groups: i64 = c
        .client("postgres")
        .unwrap()
        .query_one(
            "SELECT count(*) FROM pg_roles WHERE shobj_description(oid, 'pg_authid') = 'pgacct:group=read;db=' || $1",
            &[&db],
        )
        .unwrap()
        .get(0);
    assert_eq!(groups, 0);
    // The attempt is audited as failed, with the SQLSTATE and no SQL.
    let inv = pgacct::inventory::Inventory::open(&env.inventory).unwrap();
    let (error, undo): (String, Option<String>) = inv
        .conn()
        .query_row(
            "SELECT error, undo FROM audit_log WHERE role = ?1 AND outcome = 'failed'",
            [&name],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(
        error.contains("P0001") && error.contains("grants are frozen here"),
        "{error}"
    );
    assert_eq!(undo, None);
}

#[test]
fn refusals_are_audited_and_touch_nothing() {
    let c = cluster();
    let (env, db) = setup("refuse");
    let t = target(&db);
    // The admin role, a pg_* role, an existing superuser.
    let mut a = c.client("postgres").unwrap();
    let su = unique("su");
    a.batch_execute(&format!("CREATE ROLE {su} SUPERUSER"))
        .unwrap();
    for name in [c.superuser.as_str(), "pg_monitor", su.as_str()] {
        let (code, _, _, stderr) = create(&env, &["devqa", name, "--target", &t]);
        assert_eq!(code, 5, "{name}: {stderr}");
    }
    let rows = refused_rows(&env);
    assert!(rows >= 3, "every refusal is audited ({rows} refused rows)");
}

fn refused_rows(env: &TestEnv) -> i64 {
    // Read the audit log through pgacct's own library.
    let inv = pgacct::inventory::Inventory::open(&env.inventory).unwrap();
    inv.conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'user create' AND outcome = 'refused'",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

/// The shared cluster logs every statement (tests/support), so the leak and bad-name
/// checks read its log.
fn logging_cluster() -> &'static Cluster {
    cluster()
}

#[test]
fn bad_names_are_usage_errors_and_send_nothing() {
    let c = logging_cluster();
    let db = fresh_db(c, "badnames");
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let t = target(&db);
    let long = "a".repeat(64);
    let cases: Vec<Vec<&str>> = vec![
        vec!["devqa", "JSmith"],
        vec!["devqa", &long],
        vec!["devqa", "evil SUPERUSER --"],
        vec!["devqa", "x'; DROP ROLE postgres; --"],
        vec!["devqa", "1abc"],
        vec!["devqa", "public"],
        vec!["devqa", "current_user"],
        vec!["devqa", "none"],
        vec!["devqa", "a-b"],
        vec!["devqa", "é"],
        vec!["devqa"],
        vec!["app", "--server", "web01"],
        vec!["app", "--server", "web01", "--port", "0"],
        vec!["app", "--server", "web01", "--port", "65536"],
        vec!["app", "--server", "Web01", "--port", "80"],
        vec!["k8s", "--prefix", "dv"],
        vec!["nokind", "x"],
        vec!["devqa", "okname", "--password-length", "8"],
    ];
    for case in &cases {
        let mut args = case.clone();
        args.extend(["--target", &t]);
        let (code, _, _, stderr) = create(&env, &args);
        assert_eq!(code, 2, "{case:?}: {stderr}");
        assert!(stderr.contains("error"), "{case:?}: {stderr}");
    }
    let log = c.log();
    for needle in [
        "JSmith",
        "evil SUPERUSER",
        "DROP ROLE postgres",
        "okname",
        &long,
    ] {
        assert!(!log.contains(needle), "{needle} reached the server");
    }
    // Nothing was even attempted: no audit row.
    let inv = pgacct::inventory::Inventory::open(&env.inventory).unwrap();
    let n: i64 = inv
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'user create'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 0);
}

#[test]
fn passwords_leak_nowhere() {
    let c = logging_cluster();
    let db = fresh_db(c, "leak");
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let t = target(&db);
    let runs: Vec<Vec<&str>> = vec![
        vec!["app", "--server", "leak-web", "--port", "9000"],
        vec!["k8s", "--prefix", "lk", "--farm", "farm"],
        vec!["devqa", "leak_qa"],
        vec!["devlead", "leak_lead"],
        vec!["readonly", "leak_ro"],
        vec!["dba", "leak_dba"],
    ];
    let mut passwords = vec![];
    let mut stdouts = String::new();
    let mut stderrs = String::new();
    for r in &runs {
        let mut args = r.clone();
        args.extend(["--target", &t]);
        let (code, json, stdout, stderr) = create(&env, &args);
        assert_eq!(code, 0, "{stderr}");
        passwords.push(json["password"].as_str().unwrap().to_string());
        stdouts.push_str(&stdout);
        stderrs.push_str(&stderr);
        // Logging in works (so the password set is the one returned).
        login(
            c,
            &db,
            json["username"].as_str().unwrap(),
            passwords.last().unwrap(),
        )
        .unwrap();
    }
    // The table output too: once.
    let out = env
        .cmd()
        .args(["user", "create", "devqa", "leak_table", "--target", &t])
        .output()
        .unwrap();
    assert!(out.status.success());
    let table = String::from_utf8_lossy(&out.stdout).into_owned();
    let pw_line = table
        .lines()
        .find(|l| l.contains("password"))
        .expect("password row");
    let table_pw = pw_line
        .split(['│', '┆'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .nth(1)
        .unwrap_or_else(|| panic!("{table}"))
        .to_string();
    assert_eq!(table_pw.len(), 24, "{table}");
    login(c, &db, "leak_table", &table_pw).unwrap();
    passwords.push(table_pw.clone());
    stdouts.push_str(&table);
    stderrs.push_str(&String::from_utf8_lossy(&out.stderr));

    let log = c.log();
    assert!(log.contains("leak_qa"), "the server log records statements");
    let mut inv_bytes = std::fs::read(&env.inventory).unwrap();
    let wal = env.inventory.with_extension("db-wal");
    if let Ok(w) = std::fs::read(&wal) {
        inv_bytes.extend(w);
    }
    let inv_text = String::from_utf8_lossy(&inv_bytes);
    for pw in &passwords {
        assert!(
            !log.contains(pw.as_str()),
            "a password reached the server log"
        );
        assert!(
            !inv_text.contains(pw.as_str()),
            "a password reached the inventory"
        );
        assert!(!stderrs.contains(pw.as_str()), "a password reached stderr");
        assert_eq!(
            stdouts.matches(pw.as_str()).count(),
            1,
            "a password is printed exactly once"
        );
    }
    // With a superuser admin, verifiers are not logged either: statement logging is off
    // for those transactions. (Other tests on this cluster use a non-superuser admin,
    // which may not turn it off; so look at this test's roles only.)
    let leaked: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("SCRAM-SHA-256$") && (l.contains("leak_") || l.contains("lk_farm")))
        .collect();
    assert!(
        leaked.is_empty(),
        "a verifier reached the server log: {leaked:?}"
    );
}

#[test]
fn password_file_and_password_stdin() {
    let c = cluster();
    let (env, db) = setup("pwfile");
    let t = target(&db);
    let file = env.dir.path().join("pw.txt");
    let out = env
        .cmd()
        .args([
            "--json",
            "user",
            "create",
            "devqa",
            "pwf_user",
            "--password-stdin",
        ])
        .args(["--password-file", file.to_str().unwrap(), "--target", &t])
        .write_stdin("given-Password-123456\nsecond line\n")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("given-Password"), "{stdout}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert!(json.get("password").is_none());
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "given-Password-123456\n"
    );
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    login(c, &db, "pwf_user", "given-Password-123456").unwrap();
    // An existing file is not overwritten without --force.
    let (code, _, _, stderr) = create(
        &env,
        &[
            "devqa",
            "pwf_two",
            "--password-file",
            file.to_str().unwrap(),
            "--target",
            &t,
        ],
    );
    assert_eq!(code, 5, "{stderr}");
    assert!(!role_exists(c, "pwf_two"));
    // With --force it is, and when the role exists nothing is written.
    let (code, _, _, _) = create(
        &env,
        &[
            "devqa",
            "pwf_user",
            "--password-file",
            file.to_str().unwrap(),
            "--force",
            "--target",
            &t,
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "given-Password-123456\n"
    );
}

#[test]
fn an_md5_server_gets_an_md5_verifier() {
    let c = start_cluster(ClusterOptions {
        password_encryption: Some("md5".into()),
        extra_hba: vec![
            "host all all 127.0.0.1/32 md5".into(),
            "host all all ::1/128 md5".into(),
        ],
        ..Default::default()
    });
    let db = fresh_db(&c, "md5");
    let env = TestEnv::new();
    env.register(&c, "dev", &db);
    // Refused without the opt-in (tests/hardening.rs); with it, an md5 verifier.
    let r = create_ok(
        &env,
        &[
            "devqa",
            "md5_user",
            "--target",
            &target(&db),
            "--allow-md5-password",
        ],
    );
    let stored: String = c
        .client("postgres")
        .unwrap()
        .query_one(
            "SELECT rolpassword FROM pg_authid WHERE rolname = 'md5_user'",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(stored.starts_with("md5") && stored.len() == 35, "{stored}");
    let mut s = login(&c, &db, "md5_user", r["password"].as_str().unwrap()).unwrap();
    let me: String = s
        .query_one("SELECT current_user::text", &[])
        .unwrap()
        .get(0);
    assert_eq!(me, "md5_user");
}

#[test]
fn a_createrole_admin_that_owns_the_database_can_do_all_of_it() {
    let c = cluster();
    let adm = unique("adm");
    let db = unique("admdb");
    let pw = "Adm1n-password-for-tests";
    let mut su = c.client("postgres").unwrap();
    // Without CREATEDB at first: on PostgreSQL 16+ only a CREATEDB role may create the
    // dba kind's CREATEDB user, which the test checks below before granting it.
    su.batch_execute(&format!(
        "CREATE ROLE {adm} LOGIN CREATEROLE PASSWORD '{pw}'"
    ))
    .unwrap();
    su.batch_execute(&format!("CREATE DATABASE {db} OWNER {adm}"))
        .unwrap();
    support::public_as_on_15(&mut c.client(&db).unwrap(), Some(&adm));
    let mut a = login(c, &db, &adm, pw).unwrap();
    a.batch_execute(
        "CREATE TABLE app_t (id serial PRIMARY KEY, v text); INSERT INTO app_t (v) VALUES ('a');",
    )
    .unwrap();
    let env = TestEnv::new();
    env.register_as(c, "dev", &db, &adm, pw);
    let t = target(&db);
    let lead = create_ok(&env, &["devlead", &unique("lead"), "--target", &t]);
    let ro = create_ok(&env, &["readonly", &unique("ro"), "--target", &t]);
    let qa = create_ok(&env, &["devqa", &unique("qa"), "--target", &t]);
    let dba_name = unique("dba");
    let v: String = su.query_one("SHOW server_version_num", &[]).unwrap().get(0);
    if v.parse::<i32>().unwrap() >= 160000 {
        // 16+: giving CREATEDB needs CREATEDB on the admin; refused before anything
        // changes, naming the fix.
        let (code, _, _, stderr) = create(&env, &["dba", &dba_name, "--target", &t]);
        assert_eq!(code, 5, "{stderr}");
        assert!(stderr.contains("CREATEDB"), "{stderr}");
        assert!(!role_exists(c, &dba_name));
        su.batch_execute(&format!("ALTER ROLE {adm} CREATEDB"))
            .unwrap();
    }
    let dba = create_ok(&env, &["dba", &dba_name, "--target", &t]);
    assert_eq!(dba["status"], "user created");
    let mut l = login_ok(c, &db, &lead);
    assert_eq!(
        exec(&mut l, "CREATE TABLE lead_t (id serial, v text)"),
        "ok"
    );
    assert_eq!(exec(&mut l, "INSERT INTO lead_t (v) VALUES ('x')"), "ok");
    a.batch_execute("CREATE TABLE later_t (v text); INSERT INTO later_t VALUES ('l');")
        .unwrap();
    let mut r = login_ok(c, &db, &ro);
    for tbl in ["app_t", "lead_t", "later_t"] {
        assert_eq!(
            sqlstate(r.execute(&format!("SELECT * FROM {tbl}"), &[])),
            "ok",
            "{tbl}"
        );
    }
    let mut q = login_ok(c, &db, &qa);
    for tbl in ["app_t", "lead_t"] {
        assert_eq!(
            exec(&mut q, &format!("INSERT INTO {tbl} (v) VALUES ('q')")),
            "ok",
            "{tbl}"
        );
    }
    assert_eq!(exec(&mut q, "INSERT INTO later_t VALUES ('q')"), "ok");
    // Idempotent for this admin too.
    let again = create_ok(
        &env,
        &[
            "devlead",
            lead["username"].as_str().unwrap(),
            "--target",
            &t,
        ],
    );
    assert_eq!(again["changed"], false);
}

#[test]
fn create_on_a_protected_target_needs_yes() {
    // Policy, one rule: every change on a protected target asks (or needs --yes), create
    // included (it can add CREATEROLE and CREATEDB roles on prod).
    let c = cluster();
    let db = fresh_db(c, "prod");
    let env = TestEnv::new();
    env.register(c, "prod", &db);
    let show = env
        .cmd()
        .args(["--json", "registry", "show", &format!("prod/{db}")])
        .output()
        .unwrap();
    let shown: Value = serde_json::from_slice(&show.stdout).unwrap();
    assert_eq!(shown["protected"], true, "{shown}");
    // Not a terminal (stdin /dev/null), no --yes: refused (exit 5), nothing created.
    let (code, _, stdout, stderr) = create(
        &env,
        &["dba", "prod_dba", "--target", &format!("prod/{db}")],
    );
    assert_eq!(code, 5, "{stdout}\n{stderr}");
    assert!(stderr.contains("protected target"), "{stderr}");
    assert!(stderr.contains("--yes"), "{stderr}");
    let exists: bool = c
        .client("postgres")
        .unwrap()
        .query_one(
            "SELECT count(*) > 0 FROM pg_roles WHERE rolname = 'prod_dba'",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(!exists, "a refused create created the role");
    // A dry run needs no confirmation.
    let (code, _, stdout, stderr) = create(
        &env,
        &[
            "dba",
            "prod_dba",
            "--target",
            &format!("prod/{db}"),
            "--dry-run",
        ],
    );
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let r = create_ok(
        &env,
        &[
            "readonly",
            "prod_reader",
            "--target",
            &format!("prod/{db}"),
            "--yes",
        ],
    );
    assert_eq!(r["status"], "user created");
}

#[test]
fn a_createrole_admin_without_the_database_is_told_what_it_lacks() {
    // The admin owns neither the database nor its public schema: it creates what it can
    // (the roles, its own groups' default privileges), and says what it cannot cover
    // with the SQL a superuser runs to close it (issue 13).
    let c = cluster();
    let adm = unique("weak");
    let pw = "Weak-admin-password-123";
    let db = fresh_db(c, "notmine");
    c.client("postgres")
        .unwrap()
        .batch_execute(&format!(
            "CREATE ROLE {adm} LOGIN CREATEROLE CREATEDB PASSWORD '{pw}'"
        ))
        .unwrap();
    let env = TestEnv::new();
    env.register_as(c, "dev", &db, &adm, pw);
    let name = unique("orphan");
    let (code, json, _, stderr) = create(&env, &["devqa", &name, "--target", &target(&db)]);
    assert_eq!(code, 0, "{stderr}");
    let r = support::only_result(&json);
    let gaps = r["gaps"].as_array().unwrap();
    let later = gaps
        .iter()
        .find(|g| {
            g["what"]
                .as_str()
                .unwrap()
                .contains("postgres creates later")
        })
        .unwrap_or_else(|| panic!("{gaps:?}"));
    assert!(
        later["fix_sql"]
            .as_str()
            .unwrap()
            .starts_with("ALTER DEFAULT PRIVILEGES FOR ROLE \"postgres\" IN SCHEMA \"public\""),
        "{later}"
    );
    assert!(stderr.contains("not covered"), "{stderr}");
    assert!(role_exists(c, &name));
    // Running the fix as a superuser closes the gap: a table postgres creates later is
    // writable by the user.
    let mut su = c.client(&db).unwrap();
    su.batch_execute(later["fix_sql"].as_str().unwrap())
        .unwrap();
    su.batch_execute("CREATE TABLE later_su (v text)").unwrap();
    let mut u = login_ok(c, &db, &r);
    assert_eq!(exec(&mut u, "INSERT INTO later_su VALUES ('x')"), "ok");
}

#[test]
fn schemas_are_granted_and_put_on_the_search_path_quoted() {
    let c = cluster();
    let (env, db) = setup("schemas");
    let mut a = c.client(&db).unwrap();
    a.batch_execute(
        r#"CREATE SCHEMA "Sales Data"; CREATE TABLE "Sales Data".orders (id int);
           INSERT INTO "Sales Data".orders VALUES (7);"#,
    )
    .unwrap();
    let t = target(&db);
    let (code, _, _, stderr) = create(
        &env,
        &[
            "readonly",
            "sch_missing",
            "--schema",
            "nosuch",
            "--target",
            &t,
        ],
    );
    assert_eq!(code, 3, "{stderr}");
    assert!(stderr.contains("nosuch"), "{stderr}");
    assert!(!role_exists(c, "sch_missing"));
    let r = create_ok(
        &env,
        &[
            "readonly",
            "sch_reader",
            "--schema",
            "Sales Data",
            "--schema",
            "public",
            "--target",
            &t,
        ],
    );
    assert_eq!(
        r["search_path"],
        serde_json::json!(["Sales Data", "public"])
    );
    let mut s = login_ok(c, &db, &r);
    let path: String = s.query_one("SHOW search_path", &[]).unwrap().get(0);
    assert_eq!(path, r#""Sales Data", public"#);
    // Unqualified names resolve through the search_path.
    let n: i32 = s.query_one("SELECT id FROM orders", &[]).unwrap().get(0);
    assert_eq!(n, 7);
    let again = create_ok(
        &env,
        &[
            "readonly",
            "sch_reader",
            "--schema",
            "Sales Data",
            "--schema",
            "public",
            "--target",
            &t,
        ],
    );
    assert_eq!(again["changed"], false, "{again}");
    assert_eq!(again["drift"], serde_json::json!([]));
}

#[test]
fn several_targets_one_result_each_and_partial_failure_exits_6() {
    let c = cluster();
    let (env, db) = setup("multi");
    let db2 = fresh_db(c, "multi2");
    env.register(c, "dev", &db2);
    // A target whose server is down.
    env.cmd()
        .args(["registry", "add", "--env", "qa", "--db", "ghost"])
        .args([
            "--host",
            "127.0.0.1",
            "--port",
            "1",
            "--admin-user",
            "postgres",
        ])
        .args(["--sslmode", "disable", "--password-command", "echo x"])
        .assert()
        .success();
    let name = unique("multi");
    // --env alone: every active database of the env, one result each.
    let all = create_ok(&env, &["devqa", &name, "--env", "dev"]);
    let all = all.as_array().expect("an array for several targets");
    assert_eq!(all.len(), 2);
    let statuses: Vec<&str> = all.iter().map(|r| r["status"].as_str().unwrap()).collect();
    assert!(
        statuses.contains(&"user created") && statuses.contains(&"access granted"),
        "{statuses:?}"
    );
    assert_eq!(
        all.iter().filter(|r| r.get("password").is_some()).count(),
        1
    );
    // One target down: the other still applies, exit 6.
    let other = unique("part");
    let (code, json, _, stderr) = create(
        &env,
        &[
            "devqa",
            &other,
            "--target",
            &target(&db),
            "--target",
            "qa/ghost",
        ],
    );
    assert_eq!(code, 6, "{stderr}");
    let arr = json.as_array().unwrap();
    assert_eq!(arr[0]["status"], "user created");
    assert_eq!(arr[1]["status"], "failed");
    assert!(role_exists(c, &other));
    // Only the failed one: its own exit code (4: cannot connect).
    let (code, _, _, _) = create(&env, &["devqa", &unique("down"), "--target", "qa/ghost"]);
    assert_eq!(code, 4);
    // An unknown target: exit 3, with the closest entries, nothing attempted.
    let (code, _, _, stderr) = create(&env, &["devqa", &unique("nt"), "--target", "dev/nosuch"]);
    assert_eq!(code, 3, "{stderr}");
    assert!(stderr.contains("did you mean"), "{stderr}");
}

#[test]
fn concurrent_creates_of_one_name_on_two_databases_of_one_cluster() {
    // CREATE ROLE races across databases (advisory locks are per database): the loser
    // gets 42710/23505, re-reads in a fresh transaction and grants access instead.
    let c = cluster();
    let (env, db1) = setup("race1");
    let db2 = fresh_db(c, "race2");
    env.register(c, "dev", &db2);
    let name = unique("race");
    let targets = [target(&db1), target(&db2)];
    let results: Vec<(i32, Value, String)> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..10)
            .map(|i| {
                let (env, name, t) = (&env, &name, &targets[i % 2]);
                s.spawn(move || {
                    let (code, json, _, stderr) = create(env, &["devqa", name, "--target", t]);
                    (code, json, stderr)
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (code, json, stderr) in &results {
        assert_eq!(*code, 0, "{json} {stderr}");
    }
    let count = |st: &str| results.iter().filter(|r| r.1["status"] == st).count();
    assert_eq!(count("user created"), 1);
    assert_eq!(count("access granted"), 1);
    assert_eq!(count("user already exists"), 8);
}

#[test]
fn a_create_role_that_loses_a_race_is_retried_and_grants_access() {
    use pgacct::commands::create::CreateOp;
    use pgacct::engine::tx as apply;
    use pgacct::engine::{Operation, SessionFacts};
    use pgacct::ident::{RoleName, SchemaName};
    use pgacct::intent::Change as ChangeArgs;
    use pgacct::target::{ConnectSettings, Purpose};

    let c = cluster();
    let (env, db) = setup("retry");
    let other = fresh_db(c, "retry_other");
    let name = unique("racer");
    let inv = pgacct::inventory::Inventory::open(&env.inventory).unwrap();
    let t = inv.require_target(&target(&db).parse().unwrap()).unwrap();
    let mut session =
        pgacct::target::connect(&ConnectSettings::default(), &t, Purpose::Change).unwrap();
    let facts = SessionFacts {
        target: t.clone(),
        admin_user: session.admin_user.clone(),
        server_version_num: session.server_version_num(),
        password_encryption: session.password_encryption.clone(),
        // Statements prepared in the transaction that loses the race are reused by the
        // retry (as in `user apply`); single commands cover `Statements::once`.
        statements: pgacct::catalog::Statements::reused(),
        first_read: session.deferred().cloned(),
    };
    let op = CreateOp {
        role: RoleName::parse_new(&name).unwrap(),
        kind: pgacct::kinds::find(&pgacct::kinds::builtins(), "devqa")
            .unwrap()
            .clone(),
        schemas: vec![SchemaName::parse("public").unwrap()],
        conn_limit: 20,
        valid_until: None,
        change: ChangeArgs {
            dry_run: false,
            reason: None,
            ticket: None,
            yes: false,
        },
        password: Some(pgacct::secret::Secret::generate(24).unwrap()),
    };
    // Another session, in another database, creates the role and holds it uncommitted.
    let mut holder = c.client(&other).unwrap();
    let mut tx = holder.transaction().unwrap();
    tx.batch_execute(&format!("CREATE ROLE {name} LOGIN"))
        .unwrap();
    let calls = std::sync::atomic::AtomicUsize::new(0);
    let result = std::thread::scope(|s| {
        let h = s.spawn(|| {
            apply::run(&mut session, false, op.password.as_ref(), |tx, apply| {
                calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let p = op.plan(tx, &facts, apply)?;
                Ok((p.plan, p.detail))
            })
        });
        // Wait until pgacct's CREATE ROLE blocks on the uncommitted role, then commit it.
        let mut watch = c.client("postgres").unwrap();
        loop {
            let waiting: i64 = watch
                .query_one(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND query LIKE 'CREATE ROLE%'",
                    &[&db],
                )
                .unwrap()
                .get(0);
            if waiting > 0 || h.is_finished() {
                break;
            }
            std::thread::yield_now();
        }
        tx.commit().unwrap();
        h.join().unwrap()
    });
    let applied = result.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        calls.load(std::sync::atomic::Ordering::SeqCst),
        2,
        "planned again after the conflict"
    );
    assert_eq!(
        applied.detail.status,
        pgacct::plan::create::Status::AccessGranted
    );
    assert!(!applied.detail.creates_role);
}

fn assert_lost_password_error(stderr: &str, role: &str, t: &str) {
    let (target, error, hint) = match serde_json::from_str::<Value>(stderr.trim()) {
        // --json: the error object.
        Ok(v) => {
            assert_eq!(v["code"], 1, "{stderr}");
            let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            (s("target"), s("error"), s("hint"))
        }
        Err(_) => {
            let line = |p: &str| {
                stderr
                    .lines()
                    .find_map(|l| l.strip_prefix(p))
                    .unwrap_or_default()
                    .to_string()
            };
            let error = line("error: ");
            let (target, error) = error.split_once(": ").unwrap_or_default();
            (target.to_string(), error.to_string(), line("hint: "))
        }
    };
    assert_eq!(target, t, "the error names the target:\n{stderr}");
    assert!(
        error.starts_with(&format!(
            "{role} was created, but its new password could not be written to stdout"
        )) && error.contains("nobody has the password"),
        "the error names the role and the lost password:\n{stderr}"
    );
    assert!(
        hint.contains(&format!("pgacct user reset {role} --target {t}")),
        "the hint says what to do:\n{stderr}"
    );
}

#[test]
fn a_password_stdout_cannot_take_is_exit_1_naming_the_role_and_the_fix() {
    let c = cluster();
    let (env, db) = setup("lostpw");
    let t = target(&db);
    // Text and JSON output; a generated password, and a known one from stdin (to check
    // that it is not on stderr).
    for json in [false, true] {
        let name = unique(if json { "lost_json" } else { "lost_text" });
        let mut cmd = env.std_cmd();
        if json {
            cmd.arg("--json");
        }
        cmd.args(["user", "create", "devqa", &name, "--target", &t]);
        let (code, stderr) = support::with_stdout_closed_pipe(cmd, None);
        assert_eq!(code, Some(1), "exit 1, not death by SIGPIPE:\n{stderr}");
        assert_lost_password_error(&stderr, &name, &t);
        assert!(role_exists(c, &name), "the role was created");
    }
    // The change is audited as made.
    let name = unique("lost_audit");
    let mut cmd = env.std_cmd();
    cmd.args(["user", "create", "devqa", &name, "--target", &t]);
    let (code, stderr) = support::with_stdout_closed_pipe(cmd, None);
    assert_eq!(code, Some(1), "{stderr}");
    let conn = rusqlite::Connection::open(&env.inventory).unwrap();
    let changed: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE role = ?1 AND action = 'user create' AND outcome = 'changed'",
            [&name],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(changed, 1, "the create is recorded as a change");

    // A password given on stdin is the caller's: no "lost password" error (table or
    // JSON), and it never reaches stderr.
    for json in [false, true] {
        let name = unique("given_stdin");
        let pw = "Known-Password-From-Stdin-0123456789";
        let mut cmd = env.std_cmd();
        if json {
            cmd.arg("--json");
        }
        cmd.args(["user", "create", "devqa", &name, "--target", &t])
            .arg("--password-stdin");
        let (_code, stderr) = support::with_stdout_closed_pipe(cmd, Some(&format!("{pw}\n")));
        assert!(!stderr.contains("nobody has the password"), "{stderr}");
        assert!(!stderr.contains(pw), "the password is not on stderr");
        login(c, &db, &name, pw).expect("the role exists with the password that was set");
    }

    // Output sent to /dev/null on purpose is taken as read.
    let name = unique("devnull");
    let out = env
        .std_cmd()
        .args(["user", "create", "devqa", &name, "--target", &t])
        .stdout(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(role_exists(c, &name));
}

#[test]
fn output_without_a_password_still_ends_quietly_on_a_closed_pipe() {
    let (env, _db) = setup("quietpipe");
    let mut cmd = env.std_cmd();
    cmd.args(["registry", "list"]);
    let (code, stderr) = support::with_stdout_closed_pipe(cmd, None);
    // Death by SIGPIPE (no exit code) or success; never an error message.
    assert!(matches!(code, None | Some(0)), "exit {code:?}: {stderr}");
    assert_eq!(stderr, "", "nothing on stderr");
}
