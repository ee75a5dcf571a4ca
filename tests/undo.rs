//! `pgacct user revoke` and `pgacct undo` against a real cluster: what a revoke removes
//! comes back exactly; lock, search-path, create and kinds set are reversed; reset and
//! drop are refused; a second undo changes nothing.

mod support;

use serde_json::Value;
use std::process::Output;
use support::*;

/// stdout as JSON; the verbs and undo print an array of per-target results
/// (docs/json.md), returned here as its only result when there is one target.
fn json_of(out: &Output) -> Value {
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    match v {
        Value::Array(mut a) if a.len() == 1 && a[0].get("username").is_some() => a.remove(0),
        Value::Array(mut a) if a.len() == 1 && a[0].get("undo_of").is_some() => a.remove(0),
        other => other,
    }
}

fn ok_json(out: Output) -> Value {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    json_of(&out)
}

fn pgacct(env: &TestEnv, args: &[&str]) -> Output {
    env.cmd().arg("--json").args(args).output().unwrap()
}

/// Every ACL of the database (entries sorted, so grant order does not matter) and the
/// user's memberships: what "privileges before == after" compares.
fn acl_snapshot(client: &mut postgres::Client, user: &str) -> Vec<(String, String, String)> {
    client
        .query(
            "SELECT 'database', datname::text,
                    COALESCE((SELECT string_agg(a::text, ' ' ORDER BY a::text) FROM unnest(datacl) a), '')
             FROM pg_database WHERE datname = current_database()
             UNION ALL
             SELECT 'schema', nspname::text,
                    COALESCE((SELECT string_agg(a::text, ' ' ORDER BY a::text) FROM unnest(nspacl) a), '')
             FROM pg_namespace WHERE nspname !~ '^pg_' AND nspname <> 'information_schema'
             UNION ALL
             SELECT 'relation', c.oid::regclass::text,
                    COALESCE((SELECT string_agg(a::text, ' ' ORDER BY a::text) FROM unnest(c.relacl) a), '')
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
             UNION ALL
             SELECT 'column', a.attrelid::regclass::text || '.' || a.attname,
                    COALESCE((SELECT string_agg(x::text, ' ' ORDER BY x::text) FROM unnest(a.attacl) x), '')
             FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE a.attacl IS NOT NULL AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
             UNION ALL
             SELECT 'function', p.oid::regprocedure::text,
                    COALESCE((SELECT string_agg(a::text, ' ' ORDER BY a::text) FROM unnest(p.proacl) a), '')
             FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
             UNION ALL
             SELECT 'member of', g.rolname::text, m.admin_option::text
             FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
             JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = $1
             ORDER BY 1, 2",
            &[&user],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect()
}

#[test]
fn revoke_then_undo_restores_exactly_the_privileges_before() {
    let c = cluster();
    let db = fresh_db(c, "rvk");
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let target = format!("dev/{db}");
    let user = unique("revoked");
    let mut su = c.client(&db).unwrap();
    su.batch_execute(
        "CREATE SCHEMA sales; CREATE TABLE sales.orders (id serial, n int);
         CREATE TABLE public.notes (t text);
         CREATE FUNCTION sales.total(a integer) RETURNS int LANGUAGE sql AS 'SELECT 1';
         REVOKE EXECUTE ON FUNCTION sales.total(integer) FROM PUBLIC;",
    )
    .unwrap();
    let created = ok_json(pgacct(
        &env,
        &[
            "user", "create", "devqa", &user, "--target", &target, "--schema", "public",
        ],
    ));
    assert_eq!(created["status"], "user created");
    // Direct grants by hand, as people do: these are what revoke must find.
    su.batch_execute(&format!(
        "GRANT USAGE ON SCHEMA sales TO {user};
         GRANT SELECT, UPDATE ON sales.orders TO {user};
         GRANT INSERT ON sales.orders TO {user} WITH GRANT OPTION;
         GRANT USAGE ON SEQUENCE sales.orders_id_seq TO {user};
         GRANT EXECUTE ON FUNCTION sales.total(integer) TO {user};
         GRANT CREATE, TEMPORARY ON DATABASE \"{db}\" TO {user};
         GRANT UPDATE (t) ON public.notes TO {user};"
    ))
    .unwrap();
    let before = acl_snapshot(&mut su, &user);

    let v = ok_json(pgacct(
        &env,
        &["user", "revoke", &user, "--target", &target],
    ));
    assert_eq!(v["status"], "access revoked");
    assert_eq!(v["changed"], true);
    assert!(
        !v["revoked"]["groups"].as_array().unwrap().is_empty(),
        "the pgacct group memberships of this database are removed: {v}"
    );
    assert_eq!(
        v["revoked"]["privileges"].as_array().unwrap().len(),
        9,
        "{v}"
    );
    assert!(
        v["revoked"]["privileges"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("UPDATE on table public.notes column t"))
    );
    let still: Vec<&str> = v["still_has"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert!(
        still.contains(&format!("database {db} via PUBLIC").as_str()),
        "the PUBLIC gap is reported: {still:?}"
    );
    assert!(
        !still.iter().any(|s| s.ends_with("via direct")),
        "{still:?}"
    );
    let after = acl_snapshot(&mut su, &user);
    assert_ne!(before, after);
    assert!(
        !after
            .iter()
            .any(|(k, _, acl)| k != "member of" && acl.contains(&format!("{user}="))),
        "no ACL names the user any more: {after:#?}"
    );
    assert!(!after.iter().any(|(k, _, _)| k == "member of"));

    let again = ok_json(pgacct(
        &env,
        &["user", "revoke", &user, "--target", &target],
    ));
    assert_eq!(again["changed"], false);

    let id = v["audit_id"].as_i64().unwrap().to_string();
    // undo prints an array of per-target results, one target too.
    let raw = pgacct(&env, &["undo", &id, "--dry-run"]);
    let raw: Value = serde_json::from_slice(&raw.stdout).unwrap();
    assert_eq!(raw.as_array().map(Vec::len), Some(1), "{raw}");
    let u = ok_json(pgacct(&env, &["undo", &id]));
    assert_eq!(u["changed"], true, "{u}");
    assert_eq!(u["status"], "access granted back");
    assert_eq!(acl_snapshot(&mut su, &user), before);

    let twice = ok_json(pgacct(&env, &["undo", &id]));
    assert_eq!(twice["changed"], false);
    assert_eq!(twice["status"], "already undone");
    assert_eq!(acl_snapshot(&mut su, &user), before);
}

#[test]
fn undo_reverses_lock_search_path_and_create_and_refuses_reset() {
    let c = cluster();
    let db = fresh_db(c, "und");
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let target = format!("dev/{db}");
    let user = unique("undone");
    let created = ok_json(pgacct(
        &env,
        &["user", "create", "readonly", &user, "--target", &target],
    ));
    let mut su = c.client(&db).unwrap();
    let login = |su: &mut postgres::Client| -> bool {
        su.query_one(
            "SELECT rolcanlogin FROM pg_roles WHERE rolname = $1",
            &[&user],
        )
        .unwrap()
        .get(0)
    };

    // lock -> undo = unlock
    let l = ok_json(pgacct(&env, &["user", "lock", &user, "--target", &target]));
    assert!(!login(&mut su));
    let u = ok_json(pgacct(&env, &["undo", &l["audit_id"].to_string()]));
    assert_eq!(u["status"], "user unlocked");
    assert!(login(&mut su));
    // An undo is not itself undone.
    let out = pgacct(&env, &["undo", &u["audit_id"].to_string()]);
    assert_eq!(out.status.code(), Some(5));

    // search-path -> undo = the previous value
    let path = |su: &mut postgres::Client| -> Option<Vec<String>> {
        su.query_opt(
            "SELECT setconfig FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase
             WHERE d.datname = current_database()
               AND s.setrole = (SELECT oid FROM pg_roles WHERE rolname = $1)",
            &[&user],
        )
        .unwrap()
        .map(|r| r.get(0))
    };
    let before = path(&mut su);
    let s = ok_json(pgacct(
        &env,
        &[
            "user",
            "search-path",
            &user,
            "--target",
            &target,
            "--schema",
            "x y",
            "--schema",
            "public",
        ],
    ));
    assert_eq!(s["changed"], true);
    assert_ne!(path(&mut su), before);
    let u = ok_json(pgacct(&env, &["undo", &s["audit_id"].to_string()]));
    assert_eq!(u["changed"], true);
    assert_eq!(path(&mut su), before);

    // reset has no inverse
    let r = ok_json(pgacct(&env, &["user", "reset", &user, "--target", &target]));
    let out = pgacct(&env, &["undo", &r["audit_id"].to_string()]);
    assert_eq!(out.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no inverse"));

    // create -> undo = drop, refused while the role owns something
    su.batch_execute(&format!(
        "CREATE TABLE mine (id int); ALTER TABLE mine OWNER TO {user};"
    ))
    .unwrap();
    let cid = created["audit_id"].to_string();
    let out = pgacct(&env, &["undo", &cid]);
    assert_eq!(
        out.status.code(),
        Some(5),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("owns 1 object"));
    su.batch_execute("DROP TABLE mine").unwrap();
    let u = ok_json(pgacct(&env, &["undo", &cid]));
    assert_eq!(u["status"], "user dropped");
    let gone = su
        .query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&user])
        .unwrap();
    assert!(gone.is_none());
    let again = ok_json(pgacct(&env, &["undo", &cid]));
    assert_eq!(again["changed"], false);
}

#[test]
fn undo_of_kinds_set_restores_the_previous_settings() {
    let env = TestEnv::new();
    let kinds = |env: &TestEnv| -> Value {
        let v = ok_json(pgacct(env, &["kinds"]));
        v.as_array()
            .unwrap()
            .iter()
            .find(|k| k["name"] == "readonly")
            .unwrap()
            .clone()
    };
    let before = kinds(&env);
    let out = env
        .cmd()
        .args(["--json", "kinds", "set", "readonly", "--conn-limit", "7"])
        .output()
        .unwrap();
    let set = ok_json(out);
    assert_eq!(kinds(&env)["conn_limit"], 7);
    let u = ok_json(pgacct(&env, &["undo", &set["audit_id"].to_string()]));
    assert_eq!(u["changed"], true, "{u}");
    assert_eq!(kinds(&env), before);
}
