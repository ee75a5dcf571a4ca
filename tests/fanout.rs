//! Fan-out of `user create` over several targets against real throwaway clusters: targets
//! run concurrently (a blocked target does not hold up the others), one result per target
//! in target order, partial failure exits 6 with every attempt audited, databases of one
//! cluster get the role once and access each, `--all-envs` asks before protected
//! targets, and 50 concurrent pgacct processes on one target all succeed with the audit
//! chain intact.

mod support;

use pgacct::cluster::ClusterOptions;
use serde_json::Value;
use std::time::{Duration, Instant};
use support::{TestEnv, cluster, fresh_db, only_result, role_exists, start_cluster, unique};

/// Run `pgacct --json user create ...`; (exit code, parsed stdout, stderr).
fn create(env: &TestEnv, args: &[&str]) -> (i32, Value, String) {
    let out = env
        .cmd()
        .arg("--json")
        .args(["user", "create"])
        .args(args)
        .output()
        .expect("run pgacct");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let json: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {stdout}\nstderr: {stderr}"));
    // Always an array of per-target results (docs/json.md); one target's result alone.
    let json = match json {
        Value::Array(mut a) if a.len() == 1 => a.remove(0),
        Value::Array(a) => Value::Array(a),
        other => panic!("user create printed {other} instead of an array"),
    };
    (out.status.code().unwrap_or(-1), json, stderr)
}

/// The audit rows of `role`: (action, outcome, env, db, entry_id).
fn audit_rows(env: &TestEnv, role: &str) -> Vec<(String, String, String, String, Option<i64>)> {
    let db = rusqlite::Connection::open(&env.inventory).unwrap();
    let mut st = db
        .prepare(
            "SELECT action, outcome, env, db_name, entry_id FROM audit_log WHERE role = ?1 ORDER BY id",
        )
        .unwrap();
    st.query_map([role], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .unwrap()
    .map(|r| r.unwrap())
    .collect()
}

/// Every audit row links to the one before it (prev_hash = the previous row's hash) and
/// ids have no gap: the chain stayed linear under concurrent writers.
fn assert_chain_linear(env: &TestEnv) -> usize {
    let db = rusqlite::Connection::open(&env.inventory).unwrap();
    let mut st = db
        .prepare("SELECT id, prev_hash, hash FROM audit_log ORDER BY id")
        .unwrap();
    let rows: Vec<(i64, String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    for w in rows.windows(2) {
        assert_eq!(w[1].0, w[0].0 + 1, "audit ids have a gap: {:?}", w);
        assert_eq!(
            w[1].1, w[0].2,
            "audit row {} does not link to {}",
            w[1].0, w[0].0
        );
    }
    rows.len()
}

#[test]
fn three_clusters_one_down_two_apply_exit_6_and_three_audit_entries() {
    let a = cluster();
    let b = start_cluster(ClusterOptions::default());
    let mut down = start_cluster(ClusterOptions::default());
    let env = TestEnv::new();
    let dba = fresh_db(a, "fa");
    let dbb = fresh_db(&b, "fb");
    let dbc = fresh_db(&down, "fc");
    env.register(a, "dev", &dba);
    env.register(&b, "qa", &dbb);
    env.register(&down, "uat", &dbc);
    down.stop().expect("stop the third cluster");

    let name = unique("fan");
    let t = |e: &str, d: &str| format!("{e}/{d}");
    let (code, json, stderr) = create(
        &env,
        &[
            "devqa",
            &name,
            "--target",
            &t("dev", &dba),
            "--target",
            &t("uat", &dbc),
            "--target",
            &t("qa", &dbb),
        ],
    );
    assert_eq!(code, 6, "{json}\n{stderr}");
    let arr = json.as_array().expect("one result per target");
    // Results in target order, whatever order the threads finished in.
    let places: Vec<String> = arr
        .iter()
        .map(|r| {
            format!(
                "{}/{}",
                r["env"].as_str().unwrap(),
                r["database"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(places, [t("dev", &dba), t("uat", &dbc), t("qa", &dbb)]);
    assert_eq!(arr[0]["status"], "user created", "{json}");
    assert_eq!(arr[2]["status"], "user created", "{json}");
    assert_eq!(arr[1]["status"], "failed", "{json}");
    assert_eq!(arr[1]["error"]["code"], 4, "{json}");
    assert!(arr[1].get("password").is_none());
    // One password for the run, shown where the role was created.
    assert_eq!(arr[0]["password"], arr[2]["password"]);
    assert!(arr[0]["password"].is_string());
    assert!(role_exists(a, &name) && role_exists(&b, &name));
    assert!(
        stderr.contains("3 targets: 2 ok, 1 failed"),
        "summary line on stderr: {stderr}"
    );
    // Three attempts, each with a started row and a completion row that points to it.
    let rows = audit_rows(&env, &name);
    let done: Vec<_> = rows.iter().filter(|r| r.1 != "started").collect();
    assert_eq!(rows.len(), 6, "{rows:?}");
    assert_eq!(done.len(), 3, "{rows:?}");
    let outcome = |e: &str| done.iter().find(|r| r.2 == e).unwrap().1.clone();
    assert_eq!(outcome("dev"), "changed");
    assert_eq!(outcome("qa"), "changed");
    assert_eq!(outcome("uat"), "failed");
    for r in &done {
        assert!(r.4.is_some(), "completion row without its start: {r:?}");
    }
    assert_chain_linear(&env);
}

#[test]
fn all_targets_failing_exit_1_whatever_the_way() {
    let env = TestEnv::new();
    for db in ["one", "two"] {
        env.cmd()
            .args(["registry", "add", "--env", "qa", "--db", db])
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
    }
    // Both unreachable: 1 (issue 7: "1 when all failed"); each result says why.
    let (code, json, stderr) = create(&env, &["devqa", &unique("none"), "--env", "qa"]);
    assert_eq!(code, 1, "{json}\n{stderr}");
    assert_eq!(json.as_array().unwrap().len(), 2);
    assert!(stderr.contains("2 targets: 0 ok, 2 failed"), "{stderr}");
    // Failing in different ways (one refused: the role is its admin; one unreachable): 1.
    env.cmd()
        .args(["registry", "add", "--env", "qa", "--db", "three"])
        .args(["--host", "127.0.0.1", "--port", "1"])
        .args(["--admin-user", "qa_admin"])
        .args(["--sslmode", "disable", "--password-command", "echo x"])
        .assert()
        .success();
    let (code, json, stderr) = create(&env, &["devqa", "qa_admin", "--env", "qa"]);
    let statuses: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["failed", "refused", "failed"], "{json}");
    assert_eq!(code, 1, "{json}\n{stderr}");
}

#[test]
fn a_blocked_target_does_not_hold_up_the_others() {
    // The first target waits on pgacct's per-role advisory lock, held by this test. Run
    // one after the other, the second target would not start until the lock is released;
    // fanned out, its role appears while the first is still waiting.
    let a = cluster();
    let b = start_cluster(ClusterOptions::default());
    let env = TestEnv::new();
    let dba = fresh_db(a, "blk_a");
    let dbb = fresh_db(&b, "blk_b");
    env.register(a, "dev", &dba);
    env.register(&b, "qa", &dbb);
    let name = unique("blk");

    let mut holder = a.client(&dba).unwrap();
    let mut tx = holder.transaction().unwrap();
    tx.execute(
        "SELECT pg_advisory_xact_lock($1, hashtext($2))",
        &[&pgacct::catalog::LOCK_ROLE, &name],
    )
    .unwrap();

    let mut child = env
        .std_cmd()
        .args(["--json", "user", "create", "devqa", &name])
        .args([
            "--target",
            &format!("dev/{dba}"),
            "--target",
            &format!("qa/{dbb}"),
        ])
        .args(["--jobs", "2"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // A generous bound so a slow machine can't fail this; not a speed measurement.
    let give_up = Instant::now() + Duration::from_secs(60);
    while !role_exists(&b, &name) {
        assert!(
            Instant::now() < give_up,
            "the second target was not worked on while the first waited"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "pgacct ended while the lock was held"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!role_exists(a, &name), "the first target is still waiting");
    tx.commit().unwrap();
    let out = child.wait_with_output().unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{json}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json[0]["env"], "dev");
    assert_eq!(json[0]["status"], "user created");
    assert_eq!(json[1]["status"], "user created");
    assert!(role_exists(a, &name));
}

#[test]
fn databases_of_one_cluster_get_the_role_once_and_access_each() {
    let c = cluster();
    let env = TestEnv::new();
    let dbs: Vec<String> = (0..4).map(|_| fresh_db(c, "same")).collect();
    for db in &dbs {
        env.register(c, "dev", db);
    }
    for round in 0..3 {
        let name = unique("same");
        let (code, json, stderr) = create(&env, &["devqa", &name, "--env", "dev", "--jobs", "4"]);
        assert_eq!(code, 0, "round {round}: {json}\n{stderr}");
        let arr = json.as_array().unwrap();
        assert_eq!(arr.len(), 4);
        let n = |st: &str| arr.iter().filter(|r| r["status"] == st).count();
        assert_eq!(n("user created"), 1, "{json}");
        assert_eq!(n("access granted"), 3, "{json}");
        let pw = arr
            .iter()
            .find_map(|r| r["password"].as_str())
            .expect("the password, once");
        // The user can log in to every one of the four databases.
        for db in &dbs {
            let mut cfg = c.config(db);
            cfg.user(&name).password(pw);
            cfg.connect(postgres::NoTls)
                .unwrap_or_else(|e| panic!("login as {name} to {db}: {e}"));
        }
    }
}

#[test]
fn all_envs_asks_before_protected_targets() {
    let c = cluster();
    let env = TestEnv::new();
    let dev = fresh_db(c, "ae_dev");
    let prod = fresh_db(c, "ae_prod");
    env.register(c, "dev", &dev);
    env.register(c, "prod", &prod); // env prod: protected by default
    let name = unique("ae");
    // Not interactive and no --yes: the protected target is refused (audited), the
    // other applied.
    let (code, json, stderr) = create(&env, &["devqa", &name, "--all-envs"]);
    assert_eq!(code, 6, "{json}\n{stderr}");
    let prod_result = json
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["env"] == "prod")
        .unwrap()
        .clone();
    assert_eq!(prod_result["status"], "refused", "{json}");
    assert_eq!(prod_result["error"]["code"], 5);
    let rows = audit_rows(&env, &name);
    assert!(
        rows.iter().any(|r| r.2 == "prod" && r.1 == "refused"),
        "{rows:?}"
    );
    // Nothing changed on prod: the role holds no membership in prod's groups.
    let mut s = c.client("postgres").unwrap();
    let memberships: i64 = s
        .query_one(
            "SELECT count(*) FROM pg_auth_members m
               JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
              WHERE u.rolname = $1 AND g.rolname LIKE '%' || $2 || '%'",
            &[&name, &prod],
        )
        .unwrap()
        .get(0);
    assert_eq!(memberships, 0);
    // With --yes both apply.
    let (code, json, stderr) = create(&env, &["devqa", &name, "--all-envs", "--yes"]);
    assert_eq!(code, 0, "{json}\n{stderr}");
    let prod_result = json
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["env"] == "prod")
        .unwrap()
        .clone();
    assert_eq!(prod_result["status"], "access granted", "{json}");
    // Naming the protected target explicitly asks too (one rule for every change).
    let (code, json, stderr) = create(
        &env,
        &["devqa", &unique("ae2"), "--target", &format!("prod/{prod}")],
    );
    assert_eq!(code, 5, "{json}\n{stderr}");
    let (code, json, stderr) = create(
        &env,
        &[
            "devqa",
            &unique("ae2"),
            "--target",
            &format!("prod/{prod}"),
            "--yes",
        ],
    );
    assert_eq!(code, 0, "{json}\n{stderr}");
}

#[test]
fn fifty_concurrent_processes_on_one_target_all_succeed() {
    let c = cluster();
    let env = TestEnv::new();
    let db = fresh_db(c, "fifty");
    env.register(c, "dev", &db);
    let base = unique("p50");
    let before = assert_chain_linear(&env);
    let children: Vec<(String, std::process::Child)> = (0..50)
        .map(|i| {
            let name = format!("{base}_{i}");
            let child = env
                .std_cmd()
                .args(["--json", "user", "create", "devqa", &name])
                .args(["--target", &format!("dev/{db}")])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            (name, child)
        })
        .collect();
    for (name, child) in children {
        let out = child.wait_with_output().unwrap();
        let json: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name}: {json}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            only_result(&json)["status"],
            "user created",
            "{name}: {json}"
        );
    }
    let mut s = c.client("postgres").unwrap();
    let n: i64 = s
        .query_one(
            "SELECT count(*) FROM pg_roles WHERE rolname LIKE $1 || '\\_%'",
            &[&base],
        )
        .unwrap()
        .get(0);
    assert_eq!(n, 50);
    // Two rows per attempt (started, changed), one linear chain.
    let after = assert_chain_linear(&env);
    assert_eq!(after - before, 100);
}

#[test]
fn a_role_inside_a_superuser_is_refused_and_listed_as_such() {
    // `user list` finds members of superusers in one walk of pg_auth_members (not a
    // pg_has_role call per role); lock refuses such a role.
    let c = cluster();
    let env = TestEnv::new();
    let db = fresh_db(c, "suvia");
    env.register(c, "dev", &db);
    let [su, mid, member, plain] = [
        unique("su"),
        unique("mid"),
        unique("member"),
        unique("plain"),
    ];
    c.client("postgres")
        .unwrap()
        .batch_execute(&format!(
            "CREATE ROLE {su} SUPERUSER; CREATE ROLE {mid}; GRANT {su} TO {mid};
             CREATE ROLE {member} LOGIN; GRANT {mid} TO {member}; CREATE ROLE {plain} LOGIN;"
        ))
        .unwrap();
    let out = env
        .cmd()
        .args([
            "--json",
            "user",
            "lock",
            &member,
            "--target",
            &format!("dev/{db}"),
        ])
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(5), "{all}");
    assert!(all.contains(&format!("is a member of {su}")), "{all}");
    let out = env
        .cmd()
        .args([
            "--json",
            "user",
            "lock",
            &plain,
            "--target",
            &format!("dev/{db}"),
        ])
        .output()
        .unwrap();
    support::assert_ok(&out);
}
