//! `pgacct report`, `pgacct user repair` and expiry reminders against real clusters: a
//! fleet of two clusters and four databases (plus a target whose server is down) with
//! users of every kind, one altered by hand (connection limit, CREATEDB, a direct table
//! grant), one expired, one expiring in 3 days, an unmanaged login role, a hand-made
//! member of a pgacct group and a pgacct user from another inventory: each finding is
//! listed once, `--exit-code` exits 7, the down target is reported and the rest is
//! complete. Repair removes the drift (a second report is clean for that role), `undo`
//! puts it back, `--dry-run` changes nothing. Reminders through an exec channel name the
//! expiring accounts once.

mod support;

use pgacct::cluster::{Cluster, ClusterOptions};
use serde_json::Value;
use support::{TestEnv, cluster, fresh_db, json_stdout, only_result, start_cluster, unique};

fn sql(c: &Cluster, db: &str, statements: &str) {
    c.client(db)
        .expect("connect as superuser")
        .batch_execute(statements)
        .unwrap_or_else(|e| panic!("{statements}: {e}"));
}

fn create(env: &TestEnv, args: &[&str]) -> Value {
    let out = env
        .cmd()
        .arg("--json")
        .args(["user", "create"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "user create {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    only_result(&json_stdout(&out))
}

/// `pgacct --json report ARGS`: (exit code, entries, stderr).
fn report(env: &TestEnv, args: &[&str]) -> (i32, Vec<Value>, String) {
    let out = env
        .cmd()
        .args(["--json", "report"])
        .args(args)
        .output()
        .unwrap();
    let v = json_stdout(&out);
    (
        out.status.code().unwrap_or(-1),
        v.as_array().expect("an array of entries").clone(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The entries of `role` (one per target it is reported on).
fn of<'a>(entries: &'a [Value], role: &str) -> Vec<&'a Value> {
    entries.iter().filter(|e| e["role"] == role).collect()
}

fn one<'a>(entries: &'a [Value], role: &str) -> &'a Value {
    let e = of(entries, role);
    assert_eq!(e.len(), 1, "{role} is reported once: {e:#?}");
    e[0]
}

fn findings(e: &Value) -> Vec<String> {
    e["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect()
}

fn drift_whats(e: &Value) -> Vec<String> {
    e["drift"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["what"].as_str().unwrap().to_string())
        .collect()
}

/// A port on 127.0.0.1 nothing listens on.
fn dead_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

const ENTRY_KEYS: [&str; 23] = [
    "connection_limit",
    "created",
    "database",
    "days_left",
    "drift",
    "env",
    "error",
    "expired",
    "expiring",
    "findings",
    "groups",
    "kind",
    "locked",
    "login",
    "managed",
    "revoked",
    "role",
    "server",
    "sessions",
    "status",
    "superuser",
    "target",
    "valid_until",
];

#[test]
fn a_fleet_report_lists_each_finding_once_and_survives_a_down_target() {
    // Clusters of its own: the report lists every login role of a server, and the other
    // tests of this binary create pgacct users on the shared cluster meanwhile.
    let a_own = start_cluster(ClusterOptions::default());
    let a = &a_own;
    let b = start_cluster(ClusterOptions {
        log_statement_all: true,
        ..ClusterOptions::default()
    });
    let env = TestEnv::new();
    let (a1, a2) = (fresh_db(a, "ra"), fresh_db(a, "ra"));
    let (b1, b2) = (fresh_db(&b, "rb"), fresh_db(&b, "rb"));
    env.register(a, "dev", &a1);
    env.register(a, "dev", &a2);
    env.register(&b, "qa", &b1);
    env.register(&b, "qa", &b2);
    env.cmd()
        .args(["registry", "add", "--env", "uat", "--db", "gone"])
        .args(["--host", "127.0.0.1", "--port", &dead_port().to_string()])
        .args(["--admin-user", "postgres", "--sslmode", "disable"])
        .args(["--password-command", "echo x"])
        .assert()
        .success();
    let t = |e: &str, d: &str| format!("{e}/{d}");
    let (ta1, ta2, tb1, tb2) = (t("dev", &a1), t("dev", &a2), t("qa", &b1), t("qa", &b2));

    // Every kind on dev/a1, clean.
    let n = std::process::id();
    let (qa, ro, lead, dba) = (unique("qa"), unique("ro"), unique("lead"), unique("dba"));
    for (k, name) in [
        ("devqa", &qa),
        ("readonly", &ro),
        ("devlead", &lead),
        ("dba", &dba),
    ] {
        create(&env, &[k, name, "--target", &ta1, "--ticket", "OPS-1"]);
    }
    let app = create(
        &env,
        &[
            "app",
            "--server",
            &format!("web{n}"),
            "--port",
            "8080",
            "--target",
            &ta1,
        ],
    )["username"]
        .as_str()
        .unwrap()
        .to_string();
    let k8s = create(
        &env,
        &[
            "k8s",
            "--prefix",
            "dv",
            "--farm",
            &format!("farm{n}"),
            "--target",
            &ta1,
        ],
    )["username"]
        .as_str()
        .unwrap()
        .to_string();
    // The devqa user on dev/a2 as well (access granted, same role).
    create(&env, &["devqa", &qa, "--target", &ta2]);

    // A clean selection (before the roles made by hand below): exit 0 with --exit-code.
    let (code, clean, stderr) = report(&env, &["--target", &ta1, "--exit-code"]);
    assert_eq!(code, 0, "{stderr}\n{clean:#?}");
    assert!(stderr.contains("no findings"), "{stderr}");

    // qa/b1: one altered by hand; qa/b2: one expiring in 3 days, one expired.
    let drifted = unique("drift");
    create(&env, &["devqa", &drifted, "--target", &tb1]);
    sql(
        &b,
        &b1,
        &format!(
            "ALTER ROLE {drifted} CONNECTION LIMIT 500 CREATEDB;
             CREATE TABLE orders (id int); GRANT SELECT ON orders TO {drifted};"
        ),
    );
    let soon = unique("soon");
    create(
        &env,
        &["devqa", &soon, "--target", &tb2, "--expires-in", "3d"],
    );
    let old = unique("old");
    create(&env, &["readonly", &old, "--target", &tb2]);
    sql(
        &b,
        &b2,
        &format!("ALTER ROLE {old} VALID UNTIL '2020-01-01'"),
    );
    // An unmanaged login role on cluster B, a hand-made member of a pgacct group on A,
    // and a pgacct user made through another inventory (no audit entry in this one).
    let hand = unique("hand");
    sql(&b, "postgres", &format!("CREATE ROLE {hand} LOGIN"));
    let sneaky = unique("sneaky");
    let write_group = create(&env, &["devqa", &unique("w"), "--target", &ta2])["groups"][0]
        .as_str()
        .unwrap()
        .to_string();
    sql(
        a,
        "postgres",
        &format!("CREATE ROLE {sneaky} LOGIN; GRANT \"{write_group}\" TO {sneaky}"),
    );
    let other = TestEnv::new();
    other.register(a, "dev", &a2);
    let orphan = unique("orphan");
    create(&other, &["devqa", &orphan, "--target", &ta2]);

    let (code, entries, stderr) = report(&env, &[]);
    assert_eq!(code, 6, "a target down: partial\n{stderr}");
    assert!(stderr.contains("uat/gone"), "{stderr}");
    for e in &entries {
        let mut keys: Vec<&str> = e.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(keys, ENTRY_KEYS, "{e}");
    }
    // The down target: one entry, the others complete.
    let down: Vec<&Value> = entries.iter().filter(|e| e["status"] != "ok").collect();
    assert_eq!(down.len(), 1, "{down:?}");
    assert_eq!(down[0]["target"], "uat/gone");
    assert_eq!(down[0]["status"], "unreachable");
    assert_eq!(findings(down[0]), ["unreachable"]);
    assert!(down[0]["error"]["message"].is_string());

    // Clean users of every kind: no finding, the audit entry that created them.
    for (name, kind) in [
        (&qa, "devqa"),
        (&ro, "readonly"),
        (&lead, "devlead"),
        (&dba, "dba"),
        (&app, "app"),
        (&k8s, "k8s"),
    ] {
        let e: Vec<&Value> = of(&entries, name)
            .into_iter()
            .filter(|e| e["target"] == ta1.as_str())
            .collect();
        assert_eq!(e.len(), 1, "{name}");
        let e = e[0];
        assert_eq!(e["kind"], kind, "{e}");
        assert!(findings(e).is_empty(), "{name} ({kind}) is clean: {e:#}");
        assert_eq!(e["created"]["how"], "created", "{e}");
        assert_eq!(e["created"]["target"], ta1.as_str());
        assert!(e["created"]["audit_id"].is_i64());
        assert!(e["created"]["actor"].is_string());
        if kind != "app" && kind != "k8s" {
            assert_eq!(e["created"]["ticket"], "OPS-1", "{e}");
        }
        assert_eq!(e["locked"], false);
        assert!(
            e["groups"]
                .as_array()
                .unwrap()
                .iter()
                .all(|g| g.as_str().unwrap().starts_with("pgacct_")),
            "{e}"
        );
    }
    // The devqa user on both of its databases.
    let qa_targets: Vec<&Value> = of(&entries, &qa).iter().map(|e| &e["target"]).collect();
    assert_eq!(qa_targets, [ta1.as_str(), ta2.as_str()]);

    // The hand-altered one: each difference once, on its one target.
    let d = one(&entries, &drifted);
    assert_eq!(d["target"], tb1.as_str());
    assert_eq!(findings(d), ["drift"], "{d:#}");
    assert_eq!(
        drift_whats(d),
        ["attribute", "connection_limit", "privilege"],
        "{d:#}"
    );
    let text = d["drift"].to_string();
    assert!(text.contains("CREATEDB") && text.contains("500"), "{text}");
    assert!(text.contains("table public.orders"), "{text}");
    assert_eq!(d["connection_limit"], 500);

    let s = one(&entries, &soon);
    assert_eq!(findings(s), ["expiring"], "{s:#}");
    assert_eq!(s["days_left"], 3);
    assert_eq!(s["expiring"], true);
    let o = one(&entries, &old);
    assert_eq!(findings(o), ["expired"], "{o:#}");
    assert_eq!(o["expired"], true);

    let h = one(&entries, &hand);
    assert_eq!(findings(h), ["unmanaged"]);
    assert_eq!(h["kind"], Value::Null);
    assert_eq!(
        h["target"],
        tb1.as_str(),
        "once per server, on its first target"
    );
    let sn = one(&entries, &sneaky);
    assert_eq!(findings(sn), ["unmanaged", "not_pgacct_user_in_group"]);
    assert_eq!(sn["target"], ta2.as_str());
    let orph = one(&entries, &orphan);
    assert_eq!(findings(orph), ["no_audit_entry"]);
    assert_eq!(orph["created"], Value::Null);
    // The admin and pgacct's groups are not reported.
    assert!(of(&entries, "postgres").is_empty());
    assert!(
        entries
            .iter()
            .all(|e| !e["role"].as_str().unwrap_or("").starts_with("pgacct_"))
    );

    // --exit-code: 7 with findings; the stderr summary counts each once.
    let (code, _, stderr) = report(&env, &["--exit-code"]);
    assert_eq!(code, 7, "{stderr}");
    assert!(
        stderr.contains("5 targets: 4 read, 1 unreachable"),
        "{stderr}"
    );

    // The matrix for people (shown with --nocapture) and the CSV for spreadsheets.
    let out = env.cmd().arg("report").output().unwrap();
    println!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{:#}", one(&entries, &drifted));
    let out = env.cmd().args(["report", "--env", "qa"]).output().unwrap();
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains(&drifted) && table.contains("devqa: drift (3)"),
        "{table}"
    );
    assert!(table.contains("unmanaged"), "{table}");
    assert!(table.contains("devqa: expires in 3d"), "{table}");
    let out = env.cmd().args(["report", "--csv"]).output().unwrap();
    let csv = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = csv.lines().collect();
    assert!(
        lines[0].starts_with("target,env,database,server,status,role,kind"),
        "{csv}"
    );
    assert_eq!(lines.len(), entries.len() + 1, "{csv}");
    let out = env.cmd().args(["report", "--by-target"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("no_audit_entry"));

    // One catalog query per database, and as many statements for 3 more roles: the
    // round trips do not grow with the roles (cluster B logs every statement).
    let statements = || {
        let before = b.log().len();
        let (code, _, stderr) = report(&env, &["--env", "qa"]);
        assert_eq!(code, 0, "{stderr}");
        let log = b.log();
        let new = &log[before..];
        let queries = new.matches("WITH acl AS").count();
        let all = new
            .lines()
            .filter(|l| l.contains("LOG:  statement:") || l.contains("LOG:  execute"))
            .count();
        (queries, all)
    };
    let (queries, first) = statements();
    assert_eq!(queries, 2, "one report query per database of cluster B");
    for i in 0..3 {
        sql(&b, "postgres", &format!("CREATE ROLE {hand}_{i} LOGIN"));
    }
    assert_eq!(statements(), (2, first));
}

#[test]
fn repair_removes_the_drift_undo_puts_it_back_and_dry_run_changes_nothing() {
    let c = cluster();
    let env = TestEnv::new();
    let db = fresh_db(c, "rep");
    env.register(c, "dev", &db);
    let target = format!("dev/{db}");
    let role = unique("rep");
    create(&env, &["devqa", &role, "--target", &target]);
    sql(
        c,
        &db,
        &format!(
            "ALTER ROLE {role} CONNECTION LIMIT 500 CREATEDB;
             CREATE TABLE items (id int); GRANT SELECT, UPDATE ON items TO {role};"
        ),
    );
    let drift_of = || {
        let (_, entries, _) = report(&env, &["--target", &target]);
        one(&entries, &role)["drift"].clone()
    };
    let before = drift_of();
    assert_eq!(before.as_array().unwrap().len(), 4, "{before:#}");

    // --dry-run: the SQL, nothing changed.
    let out = env
        .cmd()
        .args([
            "--json",
            "user",
            "repair",
            &role,
            "--target",
            &target,
            "--dry-run",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = only_result(&json_stdout(&out));
    let sqls = r["sql"].to_string();
    assert!(sqls.contains("NOCREATEDB CONNECTION LIMIT 20"), "{sqls}");
    assert!(sqls.contains("REVOKE SELECT, UPDATE ON TABLE"), "{sqls}");
    assert_eq!(drift_of(), before);

    // Repair: clean; a second repair changes nothing.
    let out = env
        .cmd()
        .args(["--json", "user", "repair", &role, "--target", &target])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = only_result(&json_stdout(&out));
    assert_eq!(r["status"], "user repaired", "{r}");
    assert_eq!(r["changed"], true);
    let audit_id = r["audit_id"].as_i64().unwrap();
    assert_eq!(drift_of(), Value::Array(vec![]));
    let (_, entries, _) = report(&env, &["--target", &target]);
    assert!(findings(one(&entries, &role)).is_empty());
    let again = only_result(&json_stdout(
        &env.cmd()
            .args(["--json", "user", "repair", &role, "--target", &target])
            .output()
            .unwrap(),
    ));
    assert_eq!(again["changed"], false, "{again}");

    // Undo: the drift is back, exactly.
    let out = env
        .cmd()
        .args(["--json", "undo", &audit_id.to_string()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(drift_of(), before);

    // A protected target: refused without --yes (no terminal here), nothing changed.
    let pwcmd = format!("cat {}", c.password_file.display());
    env.cmd()
        .args([
            "registry",
            "add",
            "--env",
            "prod",
            "--db",
            &db,
            "--protected",
        ])
        .args(["--host", &c.host, "--port", &c.port.to_string()])
        .args(["--admin-user", &c.superuser, "--sslmode", "disable"])
        .args(["--password-command", &pwcmd])
        .assert()
        .success();
    let prod = format!("prod/{db}");
    let out = env
        .cmd()
        .args(["user", "repair", &role, "--target", &prod])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(5),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("protected"));
    assert_eq!(drift_of(), before);

    // report --repair repairs what it found.
    let out = env
        .cmd()
        .args(["report", "--target", &target, "--repair"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("user repaired"));
    assert_eq!(drift_of(), Value::Array(vec![]));

    // Access revoked on purpose: not drift, and repair does not give it back.
    let out = env
        .cmd()
        .args(["user", "revoke", &role, "--target", &target])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (_, entries, _) = report(&env, &["--target", &target]);
    let e = one(&entries, &role);
    assert_eq!(e["revoked"], true, "{e:#}");
    assert!(findings(e).is_empty(), "{e:#}");
    let again = only_result(&json_stdout(
        &env.cmd()
            .args(["--json", "user", "repair", &role, "--target", &target])
            .output()
            .unwrap(),
    ));
    assert_eq!(again["changed"], false, "{again}");

    // Not a pgacct user: refused.
    let hand = unique("hand");
    sql(c, "postgres", &format!("CREATE ROLE {hand} NOLOGIN"));
    let out = env
        .cmd()
        .args(["user", "repair", &hand, "--target", &target])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a pgacct user"));
    sql(c, "postgres", &format!("DROP ROLE {hand}"));
}

#[test]
fn expiry_reminders_name_the_accounts_once() {
    let c = cluster();
    let env = TestEnv::new();
    let db = fresh_db(c, "rem");
    env.register(c, "dev", &db);
    let target = format!("dev/{db}");
    let soon = unique("soon");
    let later = unique("later");
    create(
        &env,
        &["devqa", &soon, "--target", &target, "--expires-in", "3d"],
    );
    create(&env, &["devqa", &later, "--target", &target]);
    let file = env.dir.path().join("reminders.jsonl");
    env.cmd()
        .args(["notify", "add", "exec", "--command"])
        .arg(format!(
            "cat >> '{}'; echo >> '{}'",
            file.display(),
            file.display()
        ))
        .args(["--action", "expiry reminder"])
        .assert()
        .success();
    // A channel for failures only gets no reminder.
    let failures = env.dir.path().join("failures.jsonl");
    env.cmd()
        .args(["notify", "add", "exec", "--command"])
        .arg(format!("cat >> '{}'", failures.display()))
        .args(["--outcome", "failed"])
        .assert()
        .success();
    let run = || {
        let out = env
            .cmd()
            .args([
                "report",
                "--target",
                &target,
                "--expiring-within",
                "14d",
                "--notify",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::read_to_string(&file).unwrap_or_default()
    };
    let first = run();
    let msgs: Vec<Value> = first
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(msgs.len(), 1, "{first}");
    let m = &msgs[0];
    assert_eq!(m["action"], "expiry reminder");
    let text = m["text"].as_str().unwrap();
    assert!(text.contains(&soon) && text.contains(&target), "{text}");
    assert!(!text.contains(&later), "{text}");
    let steps = m["steps"].to_string();
    assert!(
        steps.contains(&format!("pgacct user reset {soon} --target {target}")),
        "{steps}"
    );
    // The next day's cron: nothing new.
    assert_eq!(run(), first);
    // A longer window is another reminder, for the other account too.
    let out = env
        .cmd()
        .args([
            "report",
            "--target",
            &target,
            "--expiring-within",
            "120d",
            "--notify",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let after = std::fs::read_to_string(&file).unwrap();
    let last = after.lines().rfind(|l| !l.trim().is_empty()).unwrap();
    assert!(last.contains(&later) && last.contains(&soon), "{last}");
    assert!(
        !std::fs::read_to_string(&failures)
            .unwrap_or_default()
            .contains("expiry reminder")
    );
    // Each reminder is an audit entry.
    let db = rusqlite::Connection::open(&env.inventory).unwrap();
    let n: i64 = db
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'expiry reminder'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 2);
}
