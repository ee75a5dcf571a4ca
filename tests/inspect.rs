//! `user list` / `user find` and the catalog reads behind them, against a real cluster.

mod support;

use pgacct::catalog::inspect;
use support::*;

#[test]
fn catalog_privileges_say_where_they_come_from() {
    let c = cluster();
    let db = fresh_db(c, "cat");
    let user = unique("cat_user");
    let group = unique("cat_group");
    let mut su = c.client(&db).unwrap();
    su.batch_execute(&format!(
        "CREATE ROLE {user} LOGIN; CREATE ROLE {group} NOLOGIN; GRANT {group} TO {user};
         CREATE SCHEMA s; CREATE TABLE s.t (id int); CREATE SEQUENCE s.q;
         CREATE FUNCTION s.f(a integer) RETURNS int LANGUAGE sql AS 'SELECT 1';
         GRANT USAGE ON SCHEMA s TO {group}; GRANT SELECT ON s.t TO {group};
         GRANT UPDATE ON s.t TO {user} WITH GRANT OPTION; GRANT USAGE ON s.q TO {user};
         GRANT CONNECT ON DATABASE \"{db}\" TO {user};
         CREATE TABLE s.mine (id int); ALTER TABLE s.mine OWNER TO {user};"
    ))
    .unwrap();
    let info = inspect::role(&mut su, &user, "postgres").unwrap().unwrap();
    assert_eq!(info.member_of, vec![group.clone()]);
    let privs = inspect::privileges(&mut su, info.oid, None).unwrap();
    let has = |label: &str, p: &str, via: &str| {
        privs
            .iter()
            .any(|r| r.object_label() == label && r.privilege == p && r.via == via)
    };
    assert!(has("table s.t", "SELECT", &group), "{privs:#?}");
    assert!(has("table s.t", "UPDATE", "direct"));
    assert!(has("schema s", "USAGE", &group));
    assert!(has("sequence s.q", "USAGE", "direct"));
    assert!(has(&format!("database {db}"), "CONNECT", "direct"));
    assert!(has(&format!("database {db}"), "CONNECT", "PUBLIC"));
    assert!(has("function s.f(a integer)", "EXECUTE", "PUBLIC"));
    // What revoke would take: direct grants on objects the user does not own.
    let direct = inspect::direct_privileges(&privs);
    let labels: Vec<String> = direct
        .iter()
        .map(|d| format!("{} {}", d.privilege, d.object_label()))
        .collect();
    assert_eq!(
        labels,
        vec![
            format!("CONNECT database {db}"),
            "UPDATE table s.t".to_string(),
            "USAGE sequence s.q".to_string(),
        ]
    );
    assert!(direct.iter().any(|d| d.grantable));
    let (owned, n) = inspect::owned_here(&mut su, info.oid, 10).unwrap();
    assert_eq!((owned, n), (vec!["table s.mine".to_string()], 1));
    let (deps, dbs_owned, _) = inspect::cluster_dependencies(&mut su, info.oid).unwrap();
    let here = deps.iter().find(|d| d.database == db).unwrap();
    assert_eq!(here.owned_count, 1);
    assert_eq!(here.privilege_count, 3, "{here:?}");
    let (o, p, _) = inspect::describe_dependencies(&mut su, info.oid, 10).unwrap();
    assert_eq!(o, vec!["table s.mine".to_string()]);
    assert_eq!(p.len(), 3, "{p:?}");
    assert!(dbs_owned.is_empty());
}

#[test]
fn list_shows_hand_made_and_managed_roles_with_filters() {
    let c = cluster();
    let db = fresh_db(c, "lst");
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let hand = unique("Hand Made");
    let managed = unique("mgd");
    let locked = unique("lck");
    let mut su = c.client(&db).unwrap();
    let q = |s: &str| postgres_protocol::escape::escape_identifier(s);
    let target = format!("dev/{db}");
    let made = env
        .cmd()
        .args([
            "--json", "user", "create", "devqa", &managed, "--target", &target,
        ])
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    su.batch_execute(&format!(
        "CREATE ROLE {} LOGIN CREATEDB CONNECTION LIMIT 3 VALID UNTIL '2001-01-01';
         CREATE ROLE {locked} NOLOGIN; GRANT {locked} TO {managed};",
        q(&hand)
    ))
    .unwrap();
    let out = env
        .cmd()
        .args(["--json", "user", "list", "--target", &target])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = support::json_stdout(&out);
    let rows = v.as_array().unwrap();
    let by = |n: &str| rows.iter().find(|r| r["name"] == n).cloned();
    let h = by(&hand).expect("hand-made role listed");
    assert_eq!(h["login"], true);
    assert_eq!(h["connection_limit"], 3);
    assert_eq!(h["expired"], true);
    assert_eq!(h["managed"], false);
    assert_eq!(h["createdb"], true);
    let m = by(&managed).expect("role made by pgacct listed");
    assert_eq!(m["kind"], "devqa");
    assert_eq!(m["managed"], true);
    assert_eq!(m["createdb"], false);
    assert_eq!(m["connection_limit"], 20);
    assert_eq!(m["expired"], false);
    let groups: Vec<&str> = m["member_of"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g.as_str().unwrap())
        .collect();
    assert!(groups.contains(&locked.as_str()), "{groups:?}");
    assert!(
        groups.iter().any(|g| g.starts_with("pgacct_write_")),
        "{groups:?}"
    );
    let group = by(groups
        .iter()
        .find(|g| g.starts_with("pgacct_write_"))
        .unwrap())
    .unwrap();
    assert_eq!(group["managed"], true);
    assert_eq!(group["login"], false);
    let admin = by("postgres").unwrap();
    assert_eq!(admin["admin"], true);
    assert_eq!(admin["superuser"], true);
    assert!(
        rows.iter()
            .all(|r| !r["name"].as_str().unwrap().starts_with("pg_"))
    );

    let names = |args: &[&str]| -> Vec<String> {
        let out = env
            .cmd()
            .args(["--json", "user", "list", "--target", &target])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        support::json_stdout(&out)
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        names(&["--kind", "devqa", "--like", "mgd%"]),
        vec![managed.clone()]
    );
    let nologin = names(&["--no-login"]);
    assert!(nologin.contains(&locked) && !nologin.contains(&managed));
    let login = names(&["--login"]);
    assert!(login.contains(&managed) && !login.contains(&locked));
    let expiring = names(&["--expiring-within", "30d"]);
    assert!(expiring.contains(&hand), "{expiring:?}");
    assert!(!expiring.contains(&managed), "devqa expires in 90 days");
    let expiring = names(&["--expiring-within", "100d"]);
    assert!(expiring.contains(&managed), "{expiring:?}");

    // The table names the admin role as such.
    let out = env
        .cmd()
        .args(["user", "list", "--target", &target, "--like", "postgres"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("postgres (admin)"), "{text}");
}

#[test]
fn find_reports_settings_privileges_and_ownership_and_exit_3_when_missing() {
    let c = cluster();
    let db = fresh_db(c, "fnd");
    let other = fresh_db(c, "fnd_other");
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let user = unique("finder");
    let group = unique("finder_grp");
    let mut su = c.client(&db).unwrap();
    su.batch_execute(&format!(
        "CREATE ROLE {user} LOGIN; CREATE ROLE {group} NOLOGIN; GRANT {group} TO {user};
         ALTER ROLE {user} IN DATABASE \"{db}\" SET search_path TO sales, public;
         ALTER ROLE {user} IN DATABASE \"{db}\" SET default_transaction_read_only = on;
         CREATE SCHEMA sales; CREATE TABLE sales.orders (id int);
         GRANT USAGE ON SCHEMA sales TO {group}; GRANT SELECT ON sales.orders TO {group};
         CREATE TABLE public.owned_here (id int); ALTER TABLE public.owned_here OWNER TO {user};"
    ))
    .unwrap();
    let mut o = c.client(&other).unwrap();
    o.batch_execute(&format!(
        "CREATE TABLE elsewhere (id int); ALTER TABLE elsewhere OWNER TO {user};"
    ))
    .unwrap();
    let target = format!("dev/{db}");
    let out = env
        .cmd()
        .args(["--json", "user", "find", &user, "--target", &target])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // user find prints an array of per-target results, one target here.
    let v = only_result(&support::json_stdout(&out));
    assert_eq!(v["found"], true);
    assert_eq!(v["login"], true);
    let setting = v["settings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["database"] == db.as_str())
        .unwrap()
        .clone();
    assert_eq!(setting["search_path"], "sales, public");
    assert_eq!(setting["default_transaction_read_only"], "on");
    let privs = v["privileges"].as_array().unwrap();
    assert!(
        privs.iter().any(|p| p["object"] == "table sales.orders"
            && p["via"] == group.as_str()
            && p["privileges"] == serde_json::json!(["SELECT"])),
        "{privs:#?}"
    );
    assert!(
        privs
            .iter()
            .any(|p| p["object"] == "table public.owned_here" && p["via"] == "owner")
    );
    assert_eq!(v["owned_objects"], serde_json::json!(["table owned_here"]));
    let dbs: Vec<&str> = v["owns_objects_in"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["database"].as_str().unwrap())
        .collect();
    assert!(
        dbs.contains(&db.as_str()) && dbs.contains(&other.as_str()),
        "{dbs:?}"
    );

    let out = env
        .cmd()
        .args([
            "--json",
            "user",
            "find",
            "no_such_user_here",
            "--target",
            &target,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let v = only_result(&support::json_stdout(&out));
    assert_eq!(v["found"], false);
    assert_eq!(v["username"], "no_such_user_here");
}

#[test]
fn list_of_ten_thousand_roles_is_complete() {
    let c = cluster();
    let db = fresh_db(c, "big");
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let prefix = unique("bulk");
    let mut su = c.client(&db).unwrap();
    su.batch_execute(&format!(
        "DO $$ BEGIN
           FOR i IN 1..10000 LOOP
             EXECUTE format('CREATE ROLE %I LOGIN', '{prefix}_' || i);
           END LOOP;
         END $$;"
    ))
    .unwrap();
    let out = env
        .cmd()
        .args(["--json", "user", "list", "--target", &format!("dev/{db}")])
        .args(["--like", &format!("{prefix}\\_%")])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = support::json_stdout(&out);
    assert_eq!(v.as_array().unwrap().len(), 10000);
    // Clean up so other tests of this binary list a small cluster.
    su.batch_execute(&format!(
        "DO $$ BEGIN
           FOR i IN 1..10000 LOOP
             EXECUTE format('DROP ROLE %I', '{prefix}_' || i);
           END LOOP;
         END $$;"
    ))
    .unwrap();
}

/// PostgreSQL 16+ keeps one pg_auth_members row per grantor: the same membership granted
/// by the superuser and by another admin is two rows there. `user list` and `user find`
/// show it once (with ADMIN OPTION when any grantor gave it), on every version.
#[test]
fn list_and_find_show_each_membership_once() {
    let c = cluster();
    let db = fresh_db(c, "once");
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let target = format!("dev/{db}");
    let user = unique("once_user");
    let group = unique("once_grp");
    let adm = unique("once_adm");
    let mut su = c.client(&db).unwrap();
    su.batch_execute(&format!(
        "CREATE ROLE {group} NOLOGIN; CREATE ROLE {adm} LOGIN CREATEROLE; CREATE ROLE {user} LOGIN;
         GRANT {group} TO {adm} WITH ADMIN OPTION;
         GRANT {group} TO {user};
         GRANT {group} TO {user} WITH ADMIN OPTION GRANTED BY {adm};"
    ))
    .unwrap();
    let rows: i64 = su
        .query_one(
            "SELECT count(*) FROM pg_auth_members WHERE member = to_regrole($1)::oid",
            &[&user],
        )
        .unwrap()
        .get(0);
    // The setup really makes two rows where the server keeps one per grantor.
    let per_grantor = server_major() >= 16;
    assert_eq!(rows, if per_grantor { 2 } else { 1 });

    let out = env
        .cmd()
        .args(["--json", "user", "list", "--target", &target])
        .output()
        .unwrap();
    let v = json_stdout(&out);
    assert!(out.status.success(), "{v}");
    let row = v
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == user.as_str())
        .cloned()
        .expect("the user is listed");
    assert_eq!(row["member_of"], serde_json::json!([group]), "{row}");

    let out = env
        .cmd()
        .args(["--json", "user", "find", &user, "--target", &target])
        .output()
        .unwrap();
    let v = only_result(&json_stdout(&out));
    assert!(out.status.success(), "{v}");
    assert_eq!(v["member_of"], serde_json::json!([group]), "{v}");
    assert_eq!(
        v["memberships"],
        serde_json::json!([{ "group": group, "admin_option": true, "pgacct_group_of": null }]),
        "{v}"
    );

    // The plain-text list names the group once too.
    let out = env
        .cmd()
        .args(["user", "list", "--target", &target, "--like", &user])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert_eq!(text.matches(group.as_str()).count(), 1, "{text}");
}

/// The way it happens: a CREATEROLE admin (a cloud master user) that owns the database
/// has pgacct create users; on PostgreSQL 16+ the server records the admin's membership
/// in the groups it creates (granted by the bootstrap superuser) and pgacct's own grant
/// as two rows (seen on 16.14: one group of the admin's twice). `user list` names each
/// group once per role. (`list_and_find_show_each_membership_once` makes the two rows
/// deterministically.)
#[test]
fn list_after_a_createrole_admin_made_users_names_each_group_once() {
    let c = cluster();
    let adm = unique("ladm");
    let db = unique("ladmdb");
    let pw = "Adm1n-password-for-list-tests";
    let mut su = c.client("postgres").unwrap();
    su.batch_execute(&format!(
        "CREATE ROLE {adm} LOGIN CREATEROLE CREATEDB PASSWORD '{pw}'"
    ))
    .unwrap();
    su.batch_execute(&format!("CREATE DATABASE {db} OWNER {adm}"))
        .unwrap();
    public_as_on_15(&mut c.client(&db).unwrap(), Some(&adm));
    let env = TestEnv::new();
    env.register_as(c, "dev", &db, &adm, pw);
    let target = format!("dev/{db}");
    for (kind, name) in [("devqa", unique("lqa")), ("devlead", unique("llead"))] {
        let out = env
            .cmd()
            .args(["--json", "user", "create", kind, &name, "--target", &target])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    let out = env
        .cmd()
        .args(["--json", "user", "list", "--target", &target])
        .output()
        .unwrap();
    let v = json_stdout(&out);
    assert!(out.status.success(), "{v}");
    let rows = v.as_array().unwrap();
    let admin_row = rows
        .iter()
        .find(|r| r["name"] == adm.as_str())
        .expect("the admin is listed");
    assert!(
        !admin_row["member_of"].as_array().unwrap().is_empty(),
        "{admin_row}"
    );
    for r in rows {
        let groups: Vec<&str> = r["member_of"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g.as_str().unwrap())
            .collect();
        let mut once = groups.clone();
        once.dedup();
        assert_eq!(groups, once, "{r}");
    }
}
