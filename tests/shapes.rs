//! Database shapes real fleets have, with the admins clouds give, on whatever server
//! `PG_BINDIR` selects (14 to 18): every kind is created where the admin can really
//! grant, and proven by logging in as the new user (existing tables, tables created
//! later by each role that creates objects there, what must fail); what the admin cannot
//! cover is a gap with the fix; what breaks a kind's core promise is refused (exit 5)
//! before anything changes.
//!
//! Admins: the bootstrap superuser; a cloud admin (LOGIN CREATEROLE CREATEDB, not
//! superuser, owner of the database, as RDS/Cloud SQL master users); on 16+ the same with
//! `createrole_self_grant = 'set, inherit'`.
//!
//! Each test prints `shape-result: <version> <shape> <admin> <kind> <outcome>` lines (run
//! with `--nocapture` to collect the matrix's result table).

mod support;

use pgacct::cluster::Cluster;
use serde_json::Value;
use support::{TestEnv, cluster, only_result, role_exists, unique};

const KINDS: [&str; 6] = ["app", "k8s", "devqa", "devlead", "readonly", "dba"];

fn server_version(c: &Cluster) -> i32 {
    let mut s = c.client("postgres").unwrap();
    let v: String = s.query_one("SHOW server_version_num", &[]).unwrap().get(0);
    v.parse().unwrap()
}

fn major(c: &Cluster) -> i32 {
    server_version(c) / 10000
}

fn q(s: &str) -> String {
    postgres_protocol::escape::escape_identifier(s)
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum AdminKind {
    Super,
    Cloud,
    /// 16+: `createrole_self_grant = 'set, inherit'`.
    CloudSelfGrant,
}

impl AdminKind {
    fn label(self) -> &'static str {
        match self {
            AdminKind::Super => "superuser",
            AdminKind::Cloud => "cloud",
            AdminKind::CloudSelfGrant => "cloud+self_grant",
        }
    }
    /// The admins this server has.
    fn all(c: &Cluster) -> Vec<AdminKind> {
        if major(c) >= 16 {
            vec![
                AdminKind::Super,
                AdminKind::Cloud,
                AdminKind::CloudSelfGrant,
            ]
        } else {
            vec![AdminKind::Super, AdminKind::Cloud]
        }
    }
}

struct Admin {
    name: String,
    password: String,
}

const ADMIN_PW: &str = "Cloud-admin-password-42";

/// An admin role as the cloud gives it (or the bootstrap superuser).
fn admin(c: &Cluster, kind: AdminKind) -> Admin {
    if kind == AdminKind::Super {
        return Admin {
            name: c.superuser.clone(),
            password: c.password().expose().to_string(),
        };
    }
    let name = unique("cloudadm");
    let mut su = c.client("postgres").unwrap();
    su.batch_execute(&format!(
        "CREATE ROLE {} LOGIN CREATEROLE CREATEDB PASSWORD '{ADMIN_PW}'",
        q(&name)
    ))
    .unwrap();
    if kind == AdminKind::CloudSelfGrant {
        su.batch_execute(&format!(
            "ALTER ROLE {} SET createrole_self_grant = 'set, inherit'",
            q(&name)
        ))
        .unwrap();
    }
    Admin {
        name,
        password: ADMIN_PW.into(),
    }
}

/// A database owned by the admin (created by the superuser, as the cloud does).
fn database(c: &Cluster, a: &Admin, prefix: &str) -> String {
    let db = unique(prefix);
    c.client("postgres")
        .unwrap()
        .batch_execute(&format!("CREATE DATABASE {} OWNER {}", q(&db), q(&a.name)))
        .unwrap();
    db
}

fn connect(c: &Cluster, db: &str, user: &str, pw: &str) -> postgres::Client {
    support::login(c, db, user, pw).unwrap_or_else(|e| panic!("login as {user} to {db}: {e:?}"))
}

fn as_admin(c: &Cluster, a: &Admin, db: &str) -> postgres::Client {
    connect(c, db, &a.name, &a.password)
}

/// An inventory with `dev/<db>` registered with this admin.
fn env_for(c: &Cluster, a: &Admin, db: &str) -> TestEnv {
    let env = TestEnv::new();
    env.register_as(c, "dev", db, &a.name, &a.password);
    env
}

/// The name arguments of a new user of `kind`.
fn name_args(kind: &str) -> Vec<String> {
    let n = unique(kind);
    match kind {
        "app" => vec!["--server".into(), n, "--port".into(), "8080".into()],
        "k8s" => vec!["--prefix".into(), n, "--farm".into(), "gear".into()],
        _ => vec![n],
    }
}

struct Created {
    code: i32,
    result: Value,
    stderr: String,
}

impl Created {
    fn user(&self) -> &str {
        self.result["username"].as_str().unwrap()
    }
    fn gaps(&self) -> Vec<Value> {
        self.result["gaps"].as_array().cloned().unwrap_or_default()
    }
    fn gap_text(&self) -> String {
        self.gaps()
            .iter()
            .map(|g| {
                let f = |k: &str| g[k].as_str().unwrap_or_default().to_string();
                format!("{} | {} | {}", f("what"), f("why"), f("fix_sql"))
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
    fn login(&self, c: &Cluster, db: &str) -> postgres::Client {
        let pw = self.result["password"].as_str().expect("password");
        connect(c, db, self.user(), pw)
    }
}

fn create(env: &TestEnv, kind: &str, db: &str, extra: &[&str]) -> Created {
    let out = env
        .cmd()
        .arg("--json")
        .args(["user", "create", kind])
        .args(name_args(kind))
        .args(["--target", &format!("dev/{db}")])
        .args(extra)
        .output()
        .unwrap();
    // Errors are JSON on stderr: read their text unescaped.
    let stderr = String::from_utf8_lossy(&out.stderr).replace("\\\"", "\"");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    let result = if v.is_null() { v } else { only_result(&v) };
    Created {
        code: out.status.code().unwrap_or(-1),
        result,
        stderr,
    }
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

fn report(c: &Cluster, shape: &str, a: AdminKind, kind: &str, outcome: &str) {
    println!(
        "shape-result: {} {shape} {} {kind} {outcome}",
        major(c),
        a.label()
    );
}

/// What a kind's user may do on one table: `covered` when the table's grants reached the
/// groups. Readonly switches its read-only default off first, so a refusal to write is
/// the privilege system's, not the transaction mode's.
fn prove_table(kind: &str, u: &mut postgres::Client, table: &str, covered: bool, ctx: &str) {
    let select = exec(u, &format!("SELECT * FROM {table}"));
    let insert = exec(u, &format!("INSERT INTO {table} (v) VALUES ('u')"));
    let (want_select, want_insert) = match (kind, covered) {
        ("dba", _) => ("42501", "42501"),
        ("readonly", true) => ("ok", "42501"),
        ("readonly", false) => ("42501", "42501"),
        (_, true) => ("ok", "ok"),
        (_, false) => ("42501", "42501"),
    };
    assert_eq!(select, want_select, "{ctx}: {kind} SELECT {table}");
    assert_eq!(insert, want_insert, "{ctx}: {kind} INSERT {table}");
}

fn user_session(c: &Cluster, db: &str, kind: &str, u: &Created) -> postgres::Client {
    let mut s = u.login(c, db);
    if kind == "readonly" {
        // Read-only default transactions first: writes fail with 25006 ...
        assert_eq!(exec(&mut s, "CREATE TEMP TABLE x (v text)"), "25006");
        // ... then what the privileges allow.
        s.batch_execute("SET default_transaction_read_only = off")
            .unwrap();
    }
    s
}

/// Upgraded `public`: owned by the bootstrap superuser, CREATE for PUBLIC (as every
/// database made on 14 or older keeps after pg_upgrade, and as 14 makes it).
#[test]
fn upgraded_public() {
    let c = cluster();
    for ak in AdminKind::all(c) {
        let a = admin(c, ak);
        let db = database(c, &a, "upg");
        let mut su = c.client(&db).unwrap();
        su.batch_execute(&format!(
            "ALTER SCHEMA public OWNER TO {su};
             GRANT CREATE ON SCHEMA public TO PUBLIC;
             CREATE TABLE public.t_su (v text);",
            su = q(&c.superuser)
        ))
        .unwrap();
        as_admin(c, &a, &db)
            .batch_execute("CREATE TABLE public.t_adm (v text)")
            .unwrap();
        let env = env_for(c, &a, &db);
        let cloud = ak != AdminKind::Super;
        let mut users = vec![];
        for kind in KINDS {
            let u = create(&env, kind, &db, &[]);
            assert_eq!(u.code, 0, "{ak:?} {kind}: {}\n{}", u.result, u.stderr);
            assert_eq!(u.result["status"], "user created");
            let gaps = u.gap_text();
            if cloud {
                // The superuser's later tables and its existing table are out of reach,
                // said so with the fix.
                assert!(
                    gaps.contains(&format!("FOR ROLE {}", q(&c.superuser))),
                    "{ak:?} {kind}: {gaps}"
                );
                assert!(gaps.contains("t_su"), "{ak:?} {kind}: {gaps}");
                assert!(u.stderr.contains("not covered"), "{}", u.stderr);
            } else {
                assert!(gaps.is_empty(), "{ak:?} {kind}: {gaps}");
            }
            if kind == "readonly" {
                let w = u.result["warnings"].to_string();
                assert!(w.contains("PUBLIC may CREATE in schema public"), "{w}");
                assert!(u.stderr.contains("NOT READ-ONLY"), "{}", u.stderr);
            } else {
                assert_eq!(u.result["warnings"], serde_json::json!([]), "{kind}");
            }
            report(
                c,
                "upgraded-public",
                ak,
                kind,
                if gaps.is_empty() {
                    "created"
                } else {
                    "created+gap"
                },
            );
            users.push((kind, u));
        }
        // The audit entry keeps the gaps.
        if cloud {
            let id = users[0].1.result["audit_id"].as_i64().expect("audit id");
            let out = env
                .cmd()
                .args(["--json", "audit", "show", &id.to_string()])
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(text.contains("fix_sql"), "audit: {text}");
        }
        // Tables created later: by the admin, by a devlead (as the owner group), by the
        // superuser (covered only when the admin is the superuser).
        as_admin(c, &a, &db)
            .batch_execute("CREATE TABLE public.later_adm (v text)")
            .unwrap();
        su.batch_execute("CREATE TABLE public.later_su (v text)")
            .unwrap();
        let lead = &users.iter().find(|(k, _)| *k == "devlead").unwrap().1;
        let mut l = lead.login(c, &db);
        assert_eq!(
            exec(&mut l, "CREATE TABLE public.later_lead (v text)"),
            "ok"
        );
        for (kind, u) in &users {
            let mut s = user_session(c, &db, kind, u);
            let ctx = format!("{ak:?} upgraded public");
            for (t, covered) in [
                ("public.t_adm", true),
                ("public.t_su", !cloud),
                ("public.later_adm", true),
                ("public.later_lead", true),
                ("public.later_su", !cloud),
            ] {
                prove_table(kind, &mut s, t, covered, &ctx);
            }
            // PUBLIC's CREATE: every user can create tables in public, readonly too
            // (warned above) ...
            assert_eq!(
                exec(&mut s, &format!("CREATE TABLE public.mine_{kind} (v text)")),
                "ok",
                "{kind}"
            );
        }
        // ... until a DBA applies the documented hardening.
        let h = env
            .cmd()
            .args(["--json", "registry", "harden", &format!("dev/{db}")])
            .output()
            .unwrap();
        let herr = String::from_utf8_lossy(&h.stderr).replace("\\\"", "\"");
        if cloud {
            // public belongs to the superuser: the admin cannot revoke; the fix is named.
            assert_eq!(h.status.code(), Some(5), "{herr}");
            assert!(
                herr.contains("REVOKE CREATE ON SCHEMA \"public\" FROM PUBLIC"),
                "{herr}"
            );
            su.batch_execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
                .unwrap();
        } else {
            assert_eq!(h.status.code(), Some(0), "{herr}");
        }
        let (_, ro) = users.iter().find(|(k, _)| *k == "readonly").unwrap();
        let mut r = user_session(c, &db, "readonly", ro);
        assert_eq!(
            exec(&mut r, "CREATE TABLE public.ro_after (v text)"),
            "42501"
        );
        let (_, qa) = users.iter().find(|(k, _)| *k == "devqa").unwrap();
        let mut qs = qa.login(c, &db);
        assert_eq!(
            exec(&mut qs, "CREATE TABLE public.qa_after (v text)"),
            "42501"
        );
        // A devlead still creates (the owner group has CREATE where the admin could
        // grant it; on the superuser's public the cloud admin could not).
        let lead_create = exec(&mut l, "CREATE TABLE public.lead_after (v text)");
        assert_eq!(lead_create, if cloud { "42501" } else { "ok" }, "{ak:?}");
    }
}

/// A schema and its tables owned by a NOLOGIN migration role: the admin a member (all
/// covered, later tables of the migration role included) and not a member (read kinds
/// refused with the owner and the GRANT named, nothing created; dba created with a gap).
#[test]
fn migration_role_schema() {
    let c = cluster();
    for ak in AdminKind::all(c) {
        for member in [true, false] {
            if ak == AdminKind::Super && !member {
                continue; // a superuser is everything's member
            }
            let a = admin(c, ak);
            let db = database(c, &a, "migr");
            let migr = unique("migr");
            let mut su = c.client(&db).unwrap();
            su.batch_execute(&format!(
                "CREATE ROLE {m} NOLOGIN;
                 CREATE SCHEMA sales AUTHORIZATION {m};
                 SET ROLE {m};
                 CREATE TABLE sales.t1 (v text);
                 RESET ROLE;
                 ALTER SCHEMA public OWNER TO pg_database_owner;
                 REVOKE CREATE ON SCHEMA public FROM PUBLIC;",
                m = q(&migr)
            ))
            .unwrap();
            if member && ak != AdminKind::Super {
                su.batch_execute(&format!("GRANT {} TO {}", q(&migr), q(&a.name)))
                    .unwrap();
            }
            as_admin(c, &a, &db)
                .batch_execute("CREATE TABLE public.t_adm (v text)")
                .unwrap();
            let env = env_for(c, &a, &db);
            let shape = if member {
                "migration-schema(member)"
            } else {
                "migration-schema(not-member)"
            };
            let mut users = vec![];
            for kind in KINDS {
                // Several schemas at once.
                let u = create(
                    &env,
                    kind,
                    &db,
                    &["--schema", "public", "--schema", "sales"],
                );
                if member || kind == "dba" {
                    assert_eq!(u.code, 0, "{ak:?} {kind}: {}\n{}", u.result, u.stderr);
                    let gaps = u.gap_text();
                    if member {
                        assert!(gaps.is_empty(), "{ak:?} {kind}: {gaps}");
                    } else {
                        assert!(gaps.contains(&migr), "{gaps}");
                    }
                    report(
                        c,
                        shape,
                        ak,
                        kind,
                        if gaps.is_empty() {
                            "created"
                        } else {
                            "created+gap"
                        },
                    );
                    users.push((kind, u));
                } else {
                    // The core promise (read the schema) cannot be kept: refused before
                    // anything changed, naming the owner and the GRANT.
                    assert_eq!(u.code, 5, "{ak:?} {kind}: {}\n{}", u.result, u.stderr);
                    assert!(u.stderr.contains(&migr), "{}", u.stderr);
                    assert!(
                        u.stderr
                            .contains(&format!("GRANT {} TO {}", q(&migr), q(&a.name))),
                        "{}",
                        u.stderr
                    );
                    let name = u.result["username"].as_str().unwrap_or_default();
                    assert!(
                        !name.is_empty() && !role_exists(c, name),
                        "{name} left behind"
                    );
                    report(c, shape, ak, kind, "refused");
                }
            }
            if !member {
                continue;
            }
            // Later tables: by the migration role, by the admin, by a devlead.
            su.batch_execute(&format!(
                "SET ROLE {m}; CREATE TABLE sales.later_migr (v text); RESET ROLE;",
                m = q(&migr)
            ))
            .unwrap();
            as_admin(c, &a, &db)
                .batch_execute("CREATE TABLE sales.later_adm (v text)")
                .unwrap_or_else(|e| {
                    // The admin has no CREATE in sales: nothing to prove for it.
                    assert_eq!(e.code().map(|c| c.code()), Some("42501"), "{e:?}")
                });
            let lead = &users.iter().find(|(k, _)| *k == "devlead").unwrap().1;
            let mut l = lead.login(c, &db);
            assert_eq!(exec(&mut l, "CREATE TABLE sales.later_lead (v text)"), "ok");
            assert_eq!(
                exec(&mut l, "CREATE TABLE public.later_lead (v text)"),
                "ok"
            );
            for (kind, u) in &users {
                let mut s = user_session(c, &db, kind, u);
                let ctx = format!("{ak:?} {shape}");
                for t in [
                    "public.t_adm",
                    "sales.t1",
                    "sales.later_migr",
                    "sales.later_lead",
                    "public.later_lead",
                ] {
                    prove_table(kind, &mut s, t, true, &ctx);
                }
                if *kind != "devlead" {
                    assert_eq!(
                        exec(&mut s, "CREATE TABLE sales.nope (v text)"),
                        "42501",
                        "{ctx} {kind}"
                    );
                }
            }
        }
    }
}

/// Single tables owned by a migration role the admin is not a member of, in a schema the
/// admin owns: created, the tables named as a gap with the GRANTs that close it (never
/// skipped in silence); running the fix makes them readable.
#[test]
fn foreign_tables_in_an_admin_schema() {
    let c = cluster();
    for ak in AdminKind::all(c) {
        if ak == AdminKind::Super {
            continue;
        }
        let a = admin(c, ak);
        let db = database(c, &a, "ftab");
        let migr = unique("migr");
        as_admin(c, &a, &db)
            .batch_execute("CREATE SCHEMA app; CREATE TABLE app.mine (v text);")
            .unwrap();
        let mut su = c.client(&db).unwrap();
        su.batch_execute(&format!(
            "CREATE ROLE {m} NOLOGIN;
             CREATE TABLE app.t4 (v text);
             ALTER TABLE app.t4 OWNER TO {m};",
            m = q(&migr)
        ))
        .unwrap_or_else(|e| panic!("{e:?}"));
        let env = env_for(c, &a, &db);
        let mut users = vec![];
        for kind in KINDS {
            let u = create(&env, kind, &db, &["--schema", "app"]);
            assert_eq!(u.code, 0, "{ak:?} {kind}: {}\n{}", u.result, u.stderr);
            let g = u.gaps();
            let t4 = g
                .iter()
                .find(|g| g["what"].as_str().unwrap().contains("t4"))
                .unwrap_or_else(|| panic!("no gap names t4: {}", u.gap_text()));
            assert!(t4["what"].as_str().unwrap().contains(&migr), "{t4}");
            assert!(
                t4["fix_sql"]
                    .as_str()
                    .unwrap()
                    .contains("GRANT SELECT ON TABLE \"app\".\"t4\" TO"),
                "{t4}"
            );
            report(c, "foreign-tables", ak, kind, "created+gap");
            users.push((kind, u));
        }
        // A second run changes nothing and still names the gap.
        let (_, first) = &users[2];
        let out = env
            .cmd()
            .arg("--json")
            .args(["user", "create", "devqa", first.user(), "--target"])
            .arg(format!("dev/{db}"))
            .args(["--schema", "app"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let again = only_result(&serde_json::from_slice(&out.stdout).unwrap());
        assert_eq!(again["changed"], false, "{again}");
        assert!(again["gaps"].to_string().contains("t4"), "{again}");
        for (kind, u) in &users {
            let mut s = user_session(c, &db, kind, u);
            prove_table(kind, &mut s, "app.mine", true, "foreign tables");
            prove_table(kind, &mut s, "app.t4", false, "foreign tables");
        }
        // The fix, as a superuser, closes the gap.
        let fix = users[0].1.gaps()[0]["fix_sql"]
            .as_str()
            .unwrap()
            .to_string();
        su.batch_execute(&fix).unwrap();
        for (kind, u) in &users {
            let mut s = user_session(c, &db, kind, u);
            prove_table(kind, &mut s, "app.t4", true, "after the fix");
        }
    }
}

/// Roles created by someone else: pgacct's groups made earlier by the superuser. Up to
/// 15 a CREATEROLE admin manages them; on 16+ it holds no ADMIN OPTION on them, so it is
/// refused with the GRANT that fixes it, and after that GRANT it works.
#[test]
fn groups_created_by_someone_else() {
    let c = cluster();
    for ak in AdminKind::all(c) {
        if ak == AdminKind::Super {
            continue;
        }
        let a = admin(c, ak);
        let db = database(c, &a, "foreign");
        as_admin(c, &a, &db)
            .batch_execute("CREATE TABLE t (v text)")
            .unwrap();
        // The superuser set the database up first.
        let su_env = TestEnv::new();
        su_env.register(c, "dev", &db);
        let first = create(&su_env, "devqa", &db, &[]);
        assert_eq!(first.code, 0, "{}", first.stderr);
        let env = env_for(c, &a, &db);
        let mut refused = 0;
        for kind in KINDS {
            let mut u = create(&env, kind, &db, &[]);
            if major(c) >= 16 && u.code == 5 {
                // 16+: no ADMIN OPTION on the groups another role created; refused before
                // anything changed, naming the GRANT.
                refused += 1;
                assert!(u.stderr.contains("ADMIN OPTION"), "{}", u.stderr);
                assert!(
                    u.stderr
                        .contains(&format!("TO {} WITH ADMIN OPTION", q(&a.name))),
                    "{}",
                    u.stderr
                );
                let name = u.result["username"].as_str().unwrap_or_default();
                assert!(!role_exists(c, name), "{name} left behind");
                report(c, "foreign-groups", ak, kind, "refused(fix named)");
                // The named fix, then it works.
                let hint = u.stderr.clone();
                for stmt in hint.split('`').filter(|s| s.starts_with("GRANT ")) {
                    c.client(&db).unwrap().batch_execute(stmt).unwrap();
                }
                u = create(&env, kind, &db, &[]);
            } else {
                report(c, "foreign-groups", ak, kind, "created");
            }
            assert_eq!(u.code, 0, "{ak:?} {kind}: {}\n{}", u.result, u.stderr);
            let mut s = user_session(c, &db, kind, &u);
            prove_table(kind, &mut s, "public.t", true, "foreign groups");
        }
        if major(c) >= 16 {
            assert!(refused > 0, "16+ refuses without ADMIN OPTION");
            // A user made by the superuser: the cloud admin cannot lock it; the GRANT
            // that fixes it is named, and after it the lock works.
            let t = format!("dev/{db}");
            let (code, v, stderr) = run_json(&env, &["user", "lock", first.user(), "--target", &t]);
            assert_ne!(code, 0, "{v}");
            let said = format!("{v}{stderr}").replace("\\\"", "\"");
            let fix = format!(
                "GRANT {} TO {} WITH ADMIN OPTION;",
                q(first.user()),
                q(&a.name)
            );
            assert!(said.contains(&fix), "{said}");
            c.client("postgres").unwrap().batch_execute(&fix).unwrap();
            let (code, v, _) = run_json(&env, &["user", "lock", first.user(), "--target", &t]);
            assert_eq!(code, 0, "{v}");
            report(c, "foreign-user", ak, "lock", "refused(fix named)");
        }
    }
}

fn run_json(env: &TestEnv, args: &[&str]) -> (i32, Value, String) {
    let out = env.cmd().arg("--json").args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).replace("\\\"", "\"");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    let v = if v.is_null() { v } else { only_result(&v) };
    (out.status.code().unwrap_or(-1), v, stderr)
}

fn alive(s: &mut postgres::Client) -> bool {
    s.simple_query("SELECT 1").is_ok()
}

/// Offboarding with a cloud admin (no pg_signal_backend): `--terminate-sessions` does not
/// report success while the sessions run on (exit 1, the result and the audit entry say
/// so, the GRANT is named); with the GRANT it ends them. `user drop` of a user that owns
/// objects: the hint's `--reassign-to <admin>` works (the admin takes membership of the
/// role inside the transaction).
#[test]
fn offboarding_with_a_cloud_admin() {
    let c = cluster();
    for ak in AdminKind::all(c) {
        if ak == AdminKind::Super {
            continue;
        }
        let a = admin(c, ak);
        let db = database(c, &a, "offb");
        as_admin(c, &a, &db)
            .batch_execute("CREATE TABLE t (v text)")
            .unwrap();
        let env = env_for(c, &a, &db);
        let t = format!("dev/{db}");
        let u = create(&env, "devqa", &db, &[]);
        assert_eq!(u.code, 0, "{}", u.stderr);
        let name = u.user().to_string();
        let mut session = u.login(c, &db);
        // The user owns a table (made by hand, as happens).
        c.client(&db)
            .unwrap()
            .batch_execute(&format!(
                "CREATE TABLE owned_by_user (v text); ALTER TABLE owned_by_user OWNER TO {}",
                q(&name)
            ))
            .unwrap();

        if ak == AdminKind::CloudSelfGrant {
            // createrole_self_grant made the admin a member (with INHERIT) of the user it
            // created: it may end that role's sessions without pg_signal_backend.
            let (code, v, stderr) = run_json(
                &env,
                &[
                    "user",
                    "lock",
                    &name,
                    "--target",
                    &t,
                    "--terminate-sessions",
                ],
            );
            assert_eq!(code, 0, "{v}\n{stderr}");
            assert_eq!(v["sessions_terminated"], 1, "{v}");
            assert!(!alive(&mut session));
            report(c, "offboarding(self-grant member)", ak, "lock", "ok");
        } else {
            // reset: the new password is set and shown, the old session runs on: exit 1.
            let (code, v, stderr) = run_json(
                &env,
                &[
                    "user",
                    "reset",
                    &name,
                    "--target",
                    &t,
                    "--terminate-sessions",
                ],
            );
            assert_eq!(code, 1, "{ak:?}: {v}\n{stderr}");
            assert_eq!(v["sessions_still_open"], 1, "{v}");
            assert!(v["password"].as_str().is_some(), "{v}");
            assert!(alive(&mut session));
            report(
                c,
                "offboarding(no pg_signal_backend)",
                ak,
                "reset",
                "exit 1, sessions named",
            );
            let (code, v, stderr) = run_json(
                &env,
                &[
                    "user",
                    "lock",
                    &name,
                    "--target",
                    &t,
                    "--terminate-sessions",
                ],
            );
            assert_eq!(code, 1, "{ak:?}: {v}\n{stderr}");
            assert_eq!(v["changed"], true, "{v}");
            assert_eq!(v["sessions_still_open"], 1, "{v}");
            assert!(
                v["status"]
                    .as_str()
                    .unwrap()
                    .contains("sessions still open"),
                "{v}"
            );
            let said = format!("{v}{stderr}").replace("\\\"", "\"");
            assert!(
                said.contains(&format!("GRANT pg_signal_backend TO {}", q(&a.name))),
                "{said}"
            );
            assert!(alive(&mut session), "the session runs on");
            let audit = env
                .cmd()
                .args(["--json", "audit", "show", &v["audit_id"].to_string()])
                .output()
                .unwrap();
            let audit = String::from_utf8_lossy(&audit.stdout);
            assert!(audit.contains("sessions_still_open"), "{audit}");
            report(
                c,
                "offboarding(no pg_signal_backend)",
                ak,
                "lock",
                "exit 1, sessions named",
            );

            // The named fix, then the sessions end.
            c.client("postgres")
                .unwrap()
                .batch_execute(&format!("GRANT pg_signal_backend TO {}", q(&a.name)))
                .unwrap();
            let (code, v, stderr) = run_json(
                &env,
                &[
                    "user",
                    "lock",
                    &name,
                    "--target",
                    &t,
                    "--terminate-sessions",
                ],
            );
            assert_eq!(code, 0, "{v}\n{stderr}");
            assert_eq!(v["sessions_terminated"], 1, "{v}");
            assert!(!alive(&mut session));
            report(c, "offboarding(pg_signal_backend)", ak, "lock", "ok");
        }
        // Drop: refused while the user owns something, with a hint that works.
        let (code, v, stderr) = run_json(&env, &["user", "drop", &name, "--target", &t]);
        assert_eq!(code, 5, "{v}\n{stderr}");
        let hint = format!("--reassign-to {}", a.name);
        assert!(format!("{v}{stderr}").contains(&hint), "{v}\n{stderr}");
        let (code, v, stderr) = run_json(
            &env,
            &[
                "user",
                "drop",
                &name,
                "--target",
                &t,
                "--reassign-to",
                &a.name,
            ],
        );
        assert_eq!(code, 0, "{ak:?}: {v}\n{stderr}");
        assert!(!role_exists(c, &name));
        let owner: String = c
            .client(&db)
            .unwrap()
            .query_one(
                "SELECT tableowner::text FROM pg_tables WHERE tablename = 'owned_by_user'",
                &[],
            )
            .unwrap()
            .get(0);
        assert_eq!(owner, a.name);
        report(c, "offboarding", ak, "drop --reassign-to admin", "ok");
    }
}

fn check(env: &TestEnv, db: &str) -> (i32, Value) {
    let out = env
        .cmd()
        .args(["--json", "registry", "check", &format!("dev/{db}")])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    (out.status.code().unwrap_or(-1), v[0].clone())
}

fn predicted<'a>(r: &'a Value, kind: &str) -> &'a Value {
    r["kinds"]
        .as_array()
        .unwrap_or_else(|| panic!("no kinds in {r}"))
        .iter()
        .find(|k| k["kind"] == kind)
        .unwrap()
}

/// `registry check` predicts, per kind, what `user create` would do, and says why and
/// the fix where it cannot; PUBLIC's CREATE is a problem; pg_signal_backend is named.
#[test]
fn registry_check_predicts_per_kind() {
    let c = cluster();
    let v = major(c);
    // The superuser on a new database: everything, except that on 14 PUBLIC may create
    // in public (readonly is not read-only there).
    let su = admin(c, AdminKind::Super);
    let db = database(c, &su, "chk");
    let env = env_for(c, &su, &db);
    let (code, r) = check(&env, &db);
    for k in KINDS {
        assert_eq!(predicted(&r, k)["can_create"], true, "{k}: {r}");
        assert!(
            predicted(&r, k)["gaps"].as_array().unwrap().is_empty(),
            "{r}"
        );
    }
    assert_eq!(r["manage"]["end_sessions"], true);
    if v <= 14 {
        assert_eq!(code, 4, "{r}");
        assert!(r["problems"].to_string().contains("registry harden"), "{r}");
        assert!(
            !predicted(&r, "readonly")["warnings"]
                .as_array()
                .unwrap()
                .is_empty()
        );
    } else {
        assert_eq!(code, 0, "{r}");
    }
    report(
        c,
        "check(new db)",
        AdminKind::Super,
        "all",
        if v <= 14 {
            "problem: PUBLIC CREATE"
        } else {
            "ok"
        },
    );

    // A cloud admin on an upgraded database: every kind creatable with gaps; readonly is
    // a problem (PUBLIC's CREATE); ending sessions needs pg_signal_backend.
    let a = admin(c, AdminKind::Cloud);
    let db = database(c, &a, "chkupg");
    let migr = unique("migr");
    c.client(&db)
        .unwrap()
        .batch_execute(&format!(
            "ALTER SCHEMA public OWNER TO {}; GRANT CREATE ON SCHEMA public TO PUBLIC;
             CREATE TABLE public.t_su (v text);
             CREATE ROLE {m} NOLOGIN; CREATE SCHEMA sales AUTHORIZATION {m};",
            q(&c.superuser),
            m = q(&migr)
        ))
        .unwrap();
    let env = env_for(c, &a, &db);
    let (code, r) = check(&env, &db);
    assert_eq!(code, 4, "{r}");
    // The schemas as this admin sees them (for --schema).
    let schemas = r["schemas"].as_array().unwrap();
    let public = &schemas[0];
    assert_eq!(public["schema"], "public");
    assert_eq!(public["admin_can_grant"], false, "{public}");
    assert_eq!(public["public_create"], true);
    assert!(
        public["objects_out_of_reach"].to_string().contains("t_su"),
        "{public}"
    );
    let sales = schemas.iter().find(|x| x["schema"] == "sales").unwrap();
    assert_eq!(sales["owner"], migr.as_str());
    assert_eq!(sales["admin_can_grant"], false);
    assert!(
        r["warnings"]
            .to_string()
            .contains(&format!("GRANT {} TO {}", q(&migr), q(&a.name)).replace('"', "\\\"")),
        "{r}"
    );
    for k in KINDS {
        let p = predicted(&r, k);
        assert_eq!(p["can_create"], true, "{k}: {p}");
        assert!(p["gaps"].to_string().contains("FOR ROLE"), "{p}");
    }
    assert!(r["problems"].to_string().contains("kind readonly"), "{r}");
    assert_eq!(r["manage"]["end_sessions"], false);
    assert!(
        r["manage"]["fix"]
            .to_string()
            .contains("GRANT pg_signal_backend"),
        "{r}"
    );
    report(
        c,
        "check(upgraded public)",
        AdminKind::Cloud,
        "all",
        "created+gap; readonly problem",
    );

    // A CREATEROLE admin without CREATEDB: on 16+ dba needs CREATEDB on the admin.
    let name = unique("nocreatedb");
    c.client("postgres")
        .unwrap()
        .batch_execute(&format!(
            "CREATE ROLE {} LOGIN CREATEROLE PASSWORD '{ADMIN_PW}'",
            q(&name)
        ))
        .unwrap();
    let weak = Admin {
        name: name.clone(),
        password: ADMIN_PW.into(),
    };
    let db = database(c, &weak, "chkdba");
    let env = env_for(c, &weak, &db);
    let (code, r) = check(&env, &db);
    let dba = predicted(&r, "dba");
    if v >= 16 {
        assert_eq!(code, 4, "{r}");
        assert_eq!(dba["can_create"], false, "{dba}");
        assert!(
            dba["fix"]
                .as_str()
                .unwrap()
                .contains(&format!("ALTER ROLE {} CREATEDB", q(&name))),
            "{dba}"
        );
        // And user create agrees: refused, nothing created.
        let u = create(&env, "dba", &db, &[]);
        assert_eq!(u.code, 5, "{}", u.stderr);
        assert!(u.stderr.contains("CREATEDB"), "{}", u.stderr);
        report(
            c,
            "check(admin without CREATEDB)",
            AdminKind::Cloud,
            "dba",
            "refused(fix named)",
        );
    } else {
        assert_eq!(dba["can_create"], true, "{dba}");
        report(
            c,
            "check(admin without CREATEDB)",
            AdminKind::Cloud,
            "dba",
            "created",
        );
    }
}

/// PUBLIC may create in schema `public` of the database `su` is connected to.
fn public_create(su: &mut postgres::Client) -> bool {
    su.query_one(
        "SELECT has_schema_privilege('public', 'public', 'CREATE')",
        &[],
    )
    .unwrap()
    .get(0)
}

/// `registry harden`: a dry run shows the REVOKE and changes nothing; the real run
/// revokes PUBLIC's CREATE (audited), a second run has nothing to do; protected targets
/// need --yes.
#[test]
fn registry_harden_is_explicit_audited_and_idempotent() {
    let c = cluster();
    let db = support::fresh_db(c, "harden");
    let mut su = c.client(&db).unwrap();
    su.batch_execute("GRANT CREATE ON SCHEMA public TO PUBLIC")
        .unwrap();
    let env = TestEnv::new();
    env.register(c, "prod", &db);
    let t = format!("prod/{db}");
    let out = env
        .cmd()
        .args(["--json", "registry", "harden", &t, "--dry-run"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v = only_result(&serde_json::from_slice(&out.stdout).unwrap());
    assert_eq!(v["dry_run"], true);
    assert_eq!(
        v["sql"][0],
        "REVOKE CREATE ON SCHEMA \"public\" FROM PUBLIC;"
    );
    assert!(public_create(&mut su), "a dry run changes nothing");
    // Protected: --yes needed (no terminal here).
    let out = env
        .cmd()
        .args(["--json", "registry", "harden", &t])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    assert!(public_create(&mut su));
    let out = env
        .cmd()
        .args([
            "--json", "registry", "harden", &t, "--yes", "--ticket", "CHG-1",
        ])
        .output()
        .unwrap();
    support::assert_ok(&out);
    let v = only_result(&serde_json::from_slice(&out.stdout).unwrap());
    assert_eq!(v["status"], "hardened");
    assert_eq!(v["changed"], true);
    assert_eq!(v["revoked"], serde_json::json!(["public"]));
    assert!(!public_create(&mut su));
    let audit = env
        .cmd()
        .args(["--json", "audit", "show", &v["audit_id"].to_string()])
        .output()
        .unwrap();
    let audit = String::from_utf8_lossy(&audit.stdout);
    assert!(
        audit.contains("registry harden") && audit.contains("CHG-1"),
        "{audit}"
    );
    let out = env
        .cmd()
        .args(["--json", "registry", "harden", &t, "--yes"])
        .output()
        .unwrap();
    let v = only_result(&serde_json::from_slice(&out.stdout).unwrap());
    assert_eq!(v["status"], "already hardened");
    assert_eq!(v["changed"], false);
}

/// PUBLIC's CREATE granted by a role other than the schema's owner (one that holds it
/// WITH GRANT OPTION) is not taken back by the admin's REVOKE: harden refuses (exit 5)
/// naming that role, instead of reporting "hardened" with PUBLIC still able to create.
#[test]
fn registry_harden_refuses_a_public_create_granted_by_another_role() {
    let c = cluster();
    let db = support::fresh_db(c, "hardeng");
    let granter = unique("granter");
    let mut su = c.client(&db).unwrap();
    su.batch_execute(&format!(
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC;
         CREATE ROLE {granter};
         GRANT CREATE ON SCHEMA public TO {granter} WITH GRANT OPTION;
         SET ROLE {granter};
         GRANT CREATE ON SCHEMA public TO PUBLIC;
         RESET ROLE;"
    ))
    .unwrap();
    assert!(public_create(&mut su));
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let t = format!("dev/{db}");
    let out = env
        .cmd()
        .args(["--json", "registry", "harden", &t])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(5),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = only_result(&serde_json::from_slice(&out.stdout).unwrap());
    assert_eq!(v["status"], "refused");
    assert_eq!(v["changed"], false);
    let msg = v["error"]["error"].as_str().unwrap();
    assert!(msg.contains(&granter), "{msg}");
    assert!(public_create(&mut su), "nothing was changed");
}

static MD5: std::sync::OnceLock<Cluster> = std::sync::OnceLock::new();

/// A server with `password_encryption = md5`: from PostgreSQL 18 on, `registry check`
/// warns that MD5 passwords are deprecated; before 18 it does not.
#[test]
fn md5_servers_are_warned_about_on_18() {
    let c = support::shared_cluster(&MD5, || pgacct::cluster::ClusterOptions {
        password_encryption: Some("md5".into()),
        ..Default::default()
    });
    let db = support::fresh_db(c, "md5");
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let (_, r) = check(&env, &db);
    assert_eq!(r["password_encryption"], "md5", "{r}");
    let warned = r["warnings"].to_string().contains("deprecates MD5");
    assert_eq!(warned, major(c) >= 18, "{r}");
    report(
        c,
        "md5-server",
        AdminKind::Super,
        "check",
        if warned {
            "warned"
        } else {
            "no warning (before 18)"
        },
    );
}
