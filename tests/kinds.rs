//! `pgacct kinds` and `pgacct kinds set`: the kinds as data, changed and extended per
//! inventory, audited with what undo needs, and used by `user create`.

mod support;

use serde_json::Value;
use support::{TestEnv, cluster, fresh_db};

fn json(env: &TestEnv, args: &[&str]) -> (i32, Value, String) {
    let out = env.cmd().arg("--json").args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let v = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap_or(-1), v, stderr)
}

fn kind<'a>(list: &'a Value, name: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|k| k["name"] == name)
        .unwrap_or_else(|| panic!("no kind {name} in {list}"))
}

#[test]
fn the_six_builtins_are_listed_with_their_settings() {
    let env = TestEnv::new();
    let (code, list, err) = json(&env, &["kinds"]);
    assert_eq!(code, 0, "{err}");
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["app", "k8s", "devqa", "devlead", "readonly", "dba"]);
    let app = kind(&list, "app");
    assert_eq!(app["conn_limit"], 200);
    assert_eq!(app["name_rule"], "server_port");
    assert_eq!(app["default_expiry"], Value::Null);
    assert_eq!(app["access"], "write");
    assert_eq!(kind(&list, "devlead")["access"], "owner");
    assert_eq!(kind(&list, "readonly")["read_only_default_tx"], true);
    assert_eq!(kind(&list, "dba")["createrole"], true);
    assert_eq!(kind(&list, "devqa")["default_expiry"], "90d");
    let out = env.cmd().arg("kinds").output().unwrap();
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains("prefix_farm") && table.contains("built-in"),
        "{table}"
    );
}

#[test]
fn kinds_set_changes_a_builtin_audited_with_the_previous_settings() {
    let env = TestEnv::new();
    let (code, r, err) = json(
        &env,
        &[
            "kinds",
            "set",
            "readonly",
            "--conn-limit",
            "10",
            "--default-expiry",
            "30d",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(r["status"], "kind changed");
    assert_eq!(r["changed"], true);
    let (_, list, _) = json(&env, &["kinds"]);
    let ro = kind(&list, "readonly");
    assert_eq!(ro["conn_limit"], 10);
    assert_eq!(ro["default_expiry"], "30d");
    assert_eq!(ro["customized"], true);
    // Again: nothing changes.
    let (_, r2, _) = json(&env, &["kinds", "set", "readonly", "--conn-limit", "10"]);
    assert_eq!(r2["changed"], false);
    // A second change records the first one's settings for undo.
    let (_, _, _) = json(&env, &["kinds", "set", "readonly", "--conn-limit", "8"]);
    let inv = pgacct::inventory::Inventory::open(&env.inventory).unwrap();
    let undos: Vec<Option<String>> = inv
        .conn()
        .prepare("SELECT undo FROM audit_log WHERE action = 'kinds set' AND outcome = 'changed' ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(undos.len(), 2);
    let first: Value = serde_json::from_str(undos[0].as_deref().unwrap()).unwrap();
    assert_eq!(
        first["previous_settings"],
        Value::Null,
        "built-in had no stored settings"
    );
    let second: Value = serde_json::from_str(undos[1].as_deref().unwrap()).unwrap();
    assert_eq!(second["previous_settings"]["conn_limit"], 10);
    assert_eq!(second["previous_settings"]["default_expiry"], "30d");
    let n: i64 = inv
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'kinds set'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 3, "every kinds set is audited, also the unchanged one");
}

#[test]
fn bad_kind_settings_are_usage_errors() {
    let env = TestEnv::new();
    for args in [
        vec!["kinds", "set", "newkind"],
        vec!["kinds", "set", "devqa", "--access", "all"],
        vec!["kinds", "set", "devqa", "--attributes", "superuser"],
        vec!["kinds", "set", "devqa", "--conn-limit", "0"],
        vec!["kinds", "set", "devqa", "--default-expiry", "soon"],
        vec!["kinds", "set", "devqa", "--name-rule", "email"],
        vec!["kinds", "set", "Bad-Kind", "--access", "read"],
    ] {
        let (code, _, err) = json(&env, &args);
        assert_eq!(code, 2, "{args:?}: {err}");
    }
    let (_, list, _) = json(&env, &["kinds"]);
    assert_eq!(kind(&list, "devqa")["customized"], false);
}

#[test]
fn a_kind_added_here_creates_users_with_its_settings() {
    let c = cluster();
    let db = fresh_db(c, "custom");
    let mut s = c.client(&db).unwrap();
    s.batch_execute("CREATE TABLE facts (x int); INSERT INTO facts VALUES (1);")
        .unwrap();
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let (code, r, err) = json(
        &env,
        &[
            "kinds",
            "set",
            "analyst",
            "--access",
            "read",
            "--conn-limit",
            "5",
            "--default-expiry",
            "none",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(r["status"], "kind added");
    let t = format!("dev/{db}");
    let (code, _, err) = json(
        &env,
        &[
            "user",
            "create",
            "analyst",
            "an_user",
            "--conn-limit",
            "6",
            "--target",
            &t,
        ],
    );
    assert_eq!(code, 2, "above the kind's maximum: {err}");
    let (code, u, err) = json(
        &env,
        &["user", "create", "analyst", "an_user", "--target", &t],
    );
    assert_eq!(code, 0, "{err}");
    // An array of per-target results, one target here.
    let u = support::only_result(&u);
    assert_eq!(u["kind"], "analyst");
    assert_eq!(u["connection_limit"], 5);
    assert_eq!(u["valid_until"], Value::Null);
    let mut cfg = c.config(&db);
    cfg.user("an_user")
        .password(u["password"].as_str().unwrap());
    let mut a = cfg.connect(postgres::NoTls).unwrap();
    let n: i64 = a
        .query_one("SELECT count(*) FROM facts", &[])
        .unwrap()
        .get(0);
    assert_eq!(n, 1);
    let e = a.execute("INSERT INTO facts VALUES (2)", &[]).unwrap_err();
    assert_eq!(
        e.code().map(|c| c.code()),
        Some("25006"),
        "read access kinds are read-only"
    );
}
