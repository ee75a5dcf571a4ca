//! `pgacct registry check` against real clusters: TLS and privileges for a superuser
//! admin and a CREATEROLE-only admin, missing databases and privileges, exit codes for
//! all/some failing, the server identity recorded and compared, one audit row per target.

mod support;

use pgacct::cluster::{Cluster, ClusterOptions};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::OnceLock;

const TLS_NAME: &str = "db.pgacct.test";

fn tls_cluster() -> &'static Cluster {
    static C: OnceLock<Cluster> = OnceLock::new();
    support::shared_cluster(&C, || ClusterOptions {
        tls: Some(support::certs::tls(&[TLS_NAME], &[], false)),
        ..ClusterOptions::default()
    })
}

/// A login role with a password kept in a 0600 file; returns (role, password file).
fn make_admin(c: &Cluster, dir: &Path, attrs: &str) -> (String, std::path::PathBuf) {
    let role = support::unique("adm");
    let pw = pgacct::secret::Secret::generate(24).unwrap();
    let verifier = pw.verifier("scram-sha-256", &role);
    c.client("postgres")
        .unwrap()
        .batch_execute(&format!(
            "CREATE ROLE {role} LOGIN {attrs} PASSWORD {}",
            postgres_protocol::escape::escape_literal(&verifier)
        ))
        .unwrap();
    let file = dir.join(format!("{role}.pw"));
    std::fs::write(&file, pw.expose()).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    (role, file)
}

fn add(env: &support::TestEnv, args: &[&str]) {
    let out = env
        .cmd()
        .args(["registry", "add"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "registry add failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn audit_rows(env: &support::TestEnv) -> Vec<(String, String, bool, Option<String>)> {
    let conn = rusqlite::Connection::open(&env.inventory).unwrap();
    let mut st = conn
        .prepare("SELECT action, outcome, is_read, error FROM audit_log WHERE action = 'registry check' ORDER BY id")
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap()
}

#[test]
fn superuser_admin_over_verify_full_tls() {
    let c = tls_cluster();
    let env = support::TestEnv::new();
    let db = support::fresh_db(c, "chk_su");
    let ca = c.ca_cert.as_ref().unwrap().display().to_string();
    let pwcmd = format!("cat {}", c.password_file.display());
    let port = c.port.to_string();
    add(
        &env,
        &[
            "--env",
            "prod",
            "--db",
            &db,
            "--host",
            TLS_NAME,
            "--hostaddr",
            "127.0.0.1",
            "--port",
            &port,
            "--sslmode",
            "verify-full",
            "--sslrootcert",
            &ca,
            "--admin-user",
            &c.superuser,
            "--password-command",
            &pwcmd,
        ],
    );
    let out = env
        .cmd()
        .args(["--json", "registry", "check"])
        .output()
        .unwrap();
    support::assert_ok(&out);
    let rows = support::json_array(&out);
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(r["ok"], true, "{r}");
    assert_eq!(r["target"], format!("prod/{db}"));
    assert_eq!(r["sslmode"], "verify-full");
    assert_eq!(r["tls"]["in_use"], true);
    assert_eq!(r["tls"]["verified"], true);
    assert_eq!(r["tls"]["hostname_verified"], true);
    assert!(r["tls"]["protocol"].as_str().unwrap().starts_with("TLSv1."));
    assert_eq!(r["admin"]["role"], c.superuser.as_str());
    assert_eq!(r["admin"]["superuser"], true);
    assert_eq!(r["admin"]["can_manage_roles"], true);
    // A superuser's implicit rights are not reported as memberships.
    assert_eq!(r["admin"]["member_of"], serde_json::json!([]));
    let num = r["server_version_num"].as_i64().unwrap();
    assert_eq!(r["pg16_createrole_rules"], num >= 160000);
    assert_eq!(r["password_encryption"], "scram-sha-256");
    assert_eq!(r["database_exists"], true);
    assert_eq!(r["database_connect"], true);
    assert_eq!(r["credential_source"], "password command");
    assert_eq!(r["identity_status"], "recorded");
    let identity = r["server_identity"].as_str().unwrap().to_string();
    assert!(identity.starts_with("system_identifier:"), "{identity}");

    // The identity is in the inventory; a second check finds the same server.
    let shown = env
        .cmd()
        .args(["--json", "registry", "show", &format!("prod/{db}")])
        .output()
        .unwrap();
    let shown: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(shown["server_identity"], identity.as_str());
    let out = env.cmd().args(["registry", "check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("verified, host name checked"), "{table}");
    assert!(table.contains("superuser"), "{table}");
    assert!(table.contains("same"), "{table}");

    // One audit row per check, a read.
    let audit = audit_rows(&env);
    assert_eq!(audit.len(), 2);
    assert!(
        audit
            .iter()
            .all(|(_, o, read, e)| o == "read" && *read && e.is_none())
    );
}

#[test]
fn createrole_only_admin_is_reported_with_its_attributes_and_memberships() {
    let c = tls_cluster();
    let env = support::TestEnv::new();
    let db = support::fresh_db(c, "chk_cr");
    let (role, pwfile) = make_admin(c, env.dir.path(), "CREATEROLE");
    c.client("postgres")
        .unwrap()
        .batch_execute(&format!("GRANT pg_monitor TO {role}"))
        .unwrap();
    // A schema the admin cannot grant on, whose name a shell would split.
    c.client(&db)
        .unwrap()
        .batch_execute(r#"CREATE SCHEMA "it's x""#)
        .unwrap();
    let pwcmd = format!("cat {}", pwfile.display());
    let port = c.port.to_string();
    add(
        &env,
        &[
            "--env",
            "dev",
            "--db",
            &db,
            "--host",
            "127.0.0.1",
            "--port",
            &port,
            "--sslmode",
            "require",
            "--admin-user",
            &role,
            "--password-command",
            &pwcmd,
        ],
    );
    let out = env
        .cmd()
        .args(["--json", "registry", "check"])
        .output()
        .unwrap();
    // The admin owns neither the database nor its public schema: devlead users could not
    // create objects there, so the check fails and says why, with the fix (issue 13);
    // the other kinds can be created, with gaps.
    assert_eq!(
        out.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = &support::json_array(&out)[0];
    assert_eq!(r["ok"], false, "{r}");
    let kinds = r["kinds"].as_array().unwrap();
    let lead = kinds.iter().find(|k| k["kind"] == "devlead").unwrap();
    assert_eq!(lead["can_create"], false, "{lead}");
    assert!(
        lead["fix"]
            .as_str()
            .unwrap()
            .contains("GRANT CREATE ON SCHEMA"),
        "{lead}"
    );
    let qa = kinds.iter().find(|k| k["kind"] == "devqa").unwrap();
    assert_eq!(qa["can_create"], true, "{qa}");
    assert!(!qa["gaps"].as_array().unwrap().is_empty(), "{qa}");
    assert_eq!(r["manage"]["end_sessions"], false, "{r}");
    assert!(
        r["problems"]
            .to_string()
            .contains("kind devlead cannot be created"),
        "{r}"
    );
    assert_eq!(r["tls"]["in_use"], true);
    assert_eq!(
        r["tls"]["verified"], false,
        "require without a CA verifies nothing"
    );
    assert_eq!(r["tls"]["hostname_verified"], false);
    assert_eq!(r["admin"]["role"], role.as_str());
    assert_eq!(r["admin"]["superuser"], false);
    assert_eq!(r["admin"]["createrole"], true);
    assert_eq!(r["admin"]["createdb"], false);
    assert_eq!(r["admin"]["bypassrls"], false);
    assert_eq!(r["admin"]["member_of"], serde_json::json!(["pg_monitor"]));
    assert_eq!(r["admin"]["can_manage_roles"], true);
    assert!(r["server_identity"].as_str().is_some());
    // The hint's command line can be pasted: the schema name is shell-quoted.
    let schema = r["schemas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["schema"] == "it's x")
        .unwrap_or_else(|| panic!("{r}"));
    assert_eq!(schema["admin_can_grant"], false, "{schema}");
    assert!(
        r["warnings"]
            .to_string()
            .contains(r#"`user create --schema 'it'\\''s x'`"#),
        "{}",
        r["warnings"]
    );
    // The table says the same for people.
    let out = env.cmd().args(["registry", "check"]).output().unwrap();
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains("createrole") && table.contains("pg_monitor"),
        "{table}"
    );
    assert!(table.contains("not verified"), "{table}");
}

#[test]
fn admin_without_createrole_fails_the_check() {
    let c = support::cluster();
    let env = support::TestEnv::new();
    let db = support::fresh_db(c, "chk_weak");
    let (role, pwfile) = make_admin(c, env.dir.path(), "");
    let pwcmd = format!("cat {}", pwfile.display());
    let port = c.port.to_string();
    add(
        &env,
        &[
            "--env",
            "dev",
            "--db",
            &db,
            "--host",
            "127.0.0.1",
            "--port",
            &port,
            "--sslmode",
            "disable",
            "--admin-user",
            &role,
            "--password-command",
            &pwcmd,
        ],
    );
    let out = env
        .cmd()
        .args(["--json", "registry", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let r = &support::json_array(&out)[0];
    assert_eq!(r["ok"], false);
    assert_eq!(r["connected"], true);
    assert_eq!(r["admin"]["can_manage_roles"], false);
    assert!(r["error"]["hint"].as_str().unwrap().contains("CREATEROLE"));
    let audit = audit_rows(&env);
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].1, "failed");
    assert!(audit[0].3.as_deref().unwrap_or("").contains("CREATEROLE"));
}

#[test]
fn some_targets_failing_is_exit_6_and_a_missing_database_is_named() {
    let c = support::cluster();
    let env = support::TestEnv::new();
    let db = support::fresh_db(c, "chk_ok");
    env.register(c, "dev", &db);
    env.register(c, "qa", "no_such_database_here");
    let out = env
        .cmd()
        .args(["--json", "registry", "check"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(6),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = support::json_array(&out);
    let ok = rows.iter().find(|r| r["env"] == "dev").unwrap();
    let bad = rows.iter().find(|r| r["env"] == "qa").unwrap();
    assert_eq!(ok["ok"], true);
    assert_eq!(bad["ok"], false);
    assert_eq!(bad["database_exists"], false);
    assert_eq!(bad["error"]["sqlstate"], "3D000");
    // The server itself was still inspected through the maintenance database.
    assert_eq!(bad["connected"], true);
    assert_eq!(bad["admin"]["superuser"], true);
    // --env limits the check to that env: all pass.
    let out = env
        .cmd()
        .args(["--json", "registry", "check", "--env", "dev"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(support::json_array(&out).len(), 1);
    // A single named failing target is exit 4.
    let out = env
        .cmd()
        .args(["registry", "check", "qa/no_such_database_here"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stdout).contains("missing"));
    // An unknown target is exit 3, before any connection.
    let out = env
        .cmd()
        .args(["registry", "check", "dev/nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
}

#[test]
fn a_different_server_behind_the_same_target_is_reported_loudly() {
    let c = support::cluster();
    let env = support::TestEnv::new();
    let db = support::fresh_db(c, "chk_id");
    env.register(c, "dev", &db);
    let out = env
        .cmd()
        .args(["--json", "registry", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(support::json_array(&out)[0]["identity_status"], "recorded");
    // Pretend the first check had seen another server.
    rusqlite::Connection::open(&env.inventory)
        .unwrap()
        .execute(
            "UPDATE targets SET server_identity = 'system_identifier:1234' WHERE db_name = ?1",
            [&db],
        )
        .unwrap();
    let out = env
        .cmd()
        .args(["--json", "registry", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let r = &support::json_array(&out)[0];
    assert_eq!(r["identity_status"], "changed");
    assert_eq!(r["previous_identity"], "system_identifier:1234");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning:") && stderr.contains("different server"),
        "{stderr}"
    );
    // The recorded identity is left alone (re-registering accepts a new server).
    let shown = env
        .cmd()
        .args(["--json", "registry", "show", &format!("dev/{db}")])
        .output()
        .unwrap();
    let shown: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(shown["server_identity"], "system_identifier:1234");
}

#[test]
fn server_warnings_go_to_stderr_and_json_stays_clean() {
    // A per-role setting naming a text search configuration that does not exist is
    // accepted by ALTER ROLE (with a NOTICE) and fails when applied at login: the server
    // sends a WARNING during the session start.
    let c = support::cluster();
    let env = support::TestEnv::new();
    let db = support::fresh_db(c, "chk_notice");
    let (role, pwfile) = make_admin(c, env.dir.path(), "CREATEROLE CREATEDB");
    c.client("postgres")
        .unwrap()
        .batch_execute(&format!(
            "ALTER ROLE {role} IN DATABASE {db} SET default_text_search_config = 'pg_catalog.no_such_cfg';
             ALTER DATABASE {db} OWNER TO {role}"
        ))
        .unwrap();
    let pwcmd = format!("cat {}", pwfile.display());
    let port = c.port.to_string();
    add(
        &env,
        &[
            "--env",
            "dev",
            "--db",
            &db,
            "--host",
            "127.0.0.1",
            "--port",
            &port,
            "--sslmode",
            "disable",
            "--admin-user",
            &role,
            "--password-command",
            &pwcmd,
        ],
    );
    let out = env
        .cmd()
        .args(["--json", "registry", "check"])
        .output()
        .unwrap();
    support::assert_ok(&out);
    assert_eq!(support::json_array(&out)[0]["ok"], true);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("WARNING (dev/{db})"))
            && stderr.contains("default_text_search_config"),
        "{stderr}"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("WARNING"));
}

#[test]
fn pgsslmode_and_pgsslrootcert_apply_to_targets_that_set_no_sslmode() {
    let c = tls_cluster();
    let env = support::TestEnv::new();
    let db = support::fresh_db(c, "chk_pgssl");
    let ca = c.ca_cert.as_ref().unwrap().display().to_string();
    let pwcmd = format!("cat {}", c.password_file.display());
    let port = c.port.to_string();
    // dev: no sslmode given; qa: an explicit require.
    add(
        &env,
        &[
            "--env",
            "dev",
            "--db",
            &db,
            "--host",
            "127.0.0.1",
            "--port",
            &port,
            "--admin-user",
            &c.superuser,
            "--password-command",
            &pwcmd,
        ],
    );
    add(
        &env,
        &[
            "--env",
            "qa",
            "--db",
            &db,
            "--host",
            "127.0.0.1",
            "--port",
            &port,
            "--sslmode",
            "require",
            "--admin-user",
            &c.superuser,
            "--password-command",
            &pwcmd,
        ],
    );
    let check = |vars: &[(&str, &str)]| {
        let mut cmd = env.cmd();
        for (k, v) in vars {
            cmd.env(k, v);
        }
        let out = cmd.args(["--json", "registry", "check"]).output().unwrap();
        let rows = support::json_array(&out);
        let get = |e: &str| rows.iter().find(|r| r["env"] == e).unwrap().clone();
        (out, get("dev"), get("qa"))
    };
    let (out, dev, qa) = check(&[("PGSSLMODE", "verify-ca"), ("PGSSLROOTCERT", &ca)]);
    support::assert_ok(&out);
    assert_eq!(dev["sslmode"], "verify-ca");
    assert_eq!(dev["tls"]["verified"], true);
    // qa keeps its require, but PGSSLROOTCERT makes require verify the chain (libpq).
    assert_eq!(qa["sslmode"], "require");
    assert_eq!(qa["tls"]["verified"], true);

    let (_, dev, qa) = check(&[("PGSSLMODE", "disable")]);
    assert_eq!(dev["sslmode"], "disable");
    assert_eq!(dev["tls"]["in_use"], false);
    assert_eq!(qa["tls"]["in_use"], true);

    // Without PGSSLMODE the default is prefer: TLS when the server offers it.
    let (_, dev, _) = check(&[]);
    assert_eq!(dev["sslmode"], "prefer");
    assert_eq!(dev["tls"]["in_use"], true);
    assert_eq!(dev["tls"]["verified"], false);

    // prefer with a root certificate that does not verify: libpq falls back to
    // plaintext; pgacct says so on stderr.
    let dir = tempfile::tempdir().unwrap();
    let (other_ca, _) = support::certs::make_ca(dir.path(), "unrelated CA");
    let other = other_ca.display().to_string();
    let (out, dev, _) = check(&[("PGSSLROOTCERT", &other)]);
    assert_eq!(dev["tls"]["in_use"], false);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("trying without TLS"), "{stderr}");

    let (out, dev, qa) = check(&[("PGSSLMODE", "sometimes")]);
    assert_eq!(out.status.code(), Some(6));
    assert!(
        dev["error"]["error"]
            .as_str()
            .unwrap()
            .contains("PGSSLMODE"),
        "{dev}"
    );
    assert_eq!(qa["ok"], true);
}

#[test]
fn libpq_default_root_certificate_in_the_home_directory_is_used() {
    let c = tls_cluster();
    let env = support::TestEnv::new();
    let db = support::fresh_db(c, "chk_rootcrt");
    let pwcmd = format!("cat {}", c.password_file.display());
    let port = c.port.to_string();
    add(
        &env,
        &[
            "--env",
            "dev",
            "--db",
            &db,
            "--host",
            TLS_NAME,
            "--hostaddr",
            "127.0.0.1",
            "--port",
            &port,
            "--sslmode",
            "verify-full",
            "--admin-user",
            &c.superuser,
            "--password-command",
            &pwcmd,
        ],
    );
    // No root certificate anywhere: verify-full cannot work.
    let out = env
        .cmd()
        .args(["--json", "registry", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let r = &support::json_array(&out)[0];
    assert_eq!(r["error"]["kind"], "usage");
    assert!(
        r["error"]["hint"]
            .as_str()
            .unwrap()
            .contains("--sslrootcert")
    );
    // ~/.postgresql/root.crt, as libpq reads it.
    let dir = env.dir.path().join(".postgresql");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(c.ca_cert.as_ref().unwrap(), dir.join("root.crt")).unwrap();
    let out = env
        .cmd()
        .args(["--json", "registry", "check"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let r = &support::json_array(&out)[0];
    assert_eq!(r["tls"]["hostname_verified"], true);
}
