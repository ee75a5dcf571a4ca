//! Connecting to real clusters: the libpq sslmode matrix against a TLS cluster whose
//! certificate names db.pgacct.test, the admin password sources (env, password command,
//! .pgpass with wildcards and escapes, a 0644 .pgpass ignored), wrong passwords that
//! never leak, and hosts that refuse or never answer.

mod support;

use pgacct::cluster::{Cluster, ClusterOptions};
use pgacct::error::ErrorKind;
use pgacct::inventory::targets::{SslMode, Target};
use pgacct::secret::Secret;
use pgacct::target::{self, ConnectSettings, Credentials, Purpose};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

const TLS_NAME: &str = "db.pgacct.test";

/// A TLS cluster that accepts TCP only over TLS (hostssl) and whose certificate names
/// only db.pgacct.test (no IP, no localhost).
fn tls_cluster() -> &'static Cluster {
    static C: OnceLock<Cluster> = OnceLock::new();
    support::shared_cluster(&C, || ClusterOptions {
        tls: Some(support::certs::tls(&[TLS_NAME], &[], true)),
        ..ClusterOptions::default()
    })
}

fn target(
    c: &Cluster,
    host: &str,
    hostaddr: Option<&str>,
    sslmode: SslMode,
    rootcert: Option<&Path>,
) -> Target {
    Target {
        id: 0,
        env: "test".into(),
        database: "postgres".into(),
        host: host.into(),
        port: c.port,
        active: true,
        notes: None,
        admin_user: Some(c.superuser.clone()),
        sslmode,
        sslmode_explicit: true,
        sslrootcert: rootcert.map(|p| p.display().to_string()),
        sslcert: None,
        sslkey: None,
        password_command: None,
        hostaddr: hostaddr.map(str::to_string),
        require_auth: None,
        protected: false,
        server_identity: None,
        created_at: String::new(),
        updated_at: String::new(),
    }
}

fn creds(c: &Cluster) -> Arc<Credentials> {
    Arc::new(Credentials {
        user: c.superuser.clone(),
        user_source: "target",
        password: Some(c.password()),
        source: "test".into(),
    })
}

fn settings() -> ConnectSettings {
    ConnectSettings {
        connect_timeout: Duration::from_secs(10),
        ..ConnectSettings::default()
    }
}

fn connect(c: &Cluster, t: &Target) -> pgacct::error::Result<target::Session> {
    target::connect_with(&settings(), t, "postgres", Purpose::Read, creds(c))
}

fn ca(c: &Cluster) -> &Path {
    c.ca_cert.as_deref().expect("TLS cluster has a CA")
}

// ---- the TLS matrix ----

#[test]
fn verify_full_with_the_certificate_name_and_hostaddr_succeeds() {
    let c = tls_cluster();
    let t = target(
        c,
        TLS_NAME,
        Some("127.0.0.1"),
        SslMode::VerifyFull,
        Some(ca(c)),
    );
    let s = connect(c, &t).unwrap_or_else(|e| panic!("{e} / {:?}", e.hint));
    assert!(s.tls.in_use);
    assert!(s.tls.verified && s.tls.hostname_verified, "{:?}", s.tls);
    let proto = s.tls.protocol.clone().unwrap_or_default();
    assert!(proto.starts_with("TLSv1."), "{proto}");
    assert_eq!(s.password_encryption, "scram-sha-256");
    assert!(s.server_version_num().is_some_and(|v| v >= 90600));
}

#[test]
fn verify_full_with_another_host_name_fails_naming_the_host_name() {
    let c = tls_cluster();
    let t = target(
        c,
        "localhost",
        Some("127.0.0.1"),
        SslMode::VerifyFull,
        Some(ca(c)),
    );
    let e = connect(c, &t)
        .err()
        .expect("localhost is not in the certificate");
    assert_eq!(e.kind, ErrorKind::Connect);
    assert!(e.message.contains("hostname mismatch"), "{}", e.message);
    let hint = e.hint.unwrap_or_default();
    assert!(
        hint.contains("does not name the host \"localhost\""),
        "{hint}"
    );
    assert!(e.target.unwrap_or_default().contains(&c.port.to_string()));
}

#[test]
fn verify_ca_checks_the_chain_but_not_the_name() {
    let c = tls_cluster();
    let t = target(c, "127.0.0.1", None, SslMode::VerifyCa, Some(ca(c)));
    let s = connect(c, &t).unwrap_or_else(|e| panic!("{e} / {:?}", e.hint));
    assert!(s.tls.in_use && s.tls.verified && !s.tls.hostname_verified);
}

#[test]
fn require_with_a_wrong_ca_fails_and_without_a_ca_does_not_verify() {
    let c = tls_cluster();
    let dir = tempfile::tempdir().unwrap();
    let (other_ca, _) = support::certs::make_ca(dir.path(), "some other CA");
    let t = target(c, "127.0.0.1", None, SslMode::Require, Some(&other_ca));
    let e = connect(c, &t).err().expect("a wrong CA must fail");
    assert_eq!(e.kind, ErrorKind::Connect);
    assert!(
        e.message.contains("certificate verify failed"),
        "{}",
        e.message
    );
    assert!(
        e.hint.unwrap_or_default().contains("not signed by a CA"),
        "hint should name the CA problem"
    );
    // require without a root certificate: encrypted, not verified (libpq semantics)
    let t = target(c, "127.0.0.1", None, SslMode::Require, None);
    let s = connect(c, &t).unwrap_or_else(|e| panic!("{e}"));
    assert!(s.tls.in_use && !s.tls.verified && !s.tls.hostname_verified);
}

#[test]
fn verify_full_with_a_wrong_ca_fails_too() {
    let c = tls_cluster();
    let dir = tempfile::tempdir().unwrap();
    let (other_ca, _) = support::certs::make_ca(dir.path(), "another CA");
    let t = target(
        c,
        TLS_NAME,
        Some("127.0.0.1"),
        SslMode::VerifyFull,
        Some(&other_ca),
    );
    let e = connect(c, &t).err().expect("a wrong CA must fail");
    assert!(
        e.message.contains("certificate verify failed"),
        "{}",
        e.message
    );
}

#[test]
fn disable_against_a_hostssl_only_server_fails_with_a_clear_message() {
    let c = tls_cluster();
    let t = target(c, "127.0.0.1", None, SslMode::Disable, None);
    let e = connect(c, &t).err().expect("hostssl only");
    assert_eq!(e.kind, ErrorKind::Connect);
    assert_eq!(e.sqlstate.as_deref(), Some("28000"));
    assert!(e.message.contains("no encryption"), "{}", e.message);
    let hint = e.hint.unwrap_or_default();
    assert!(
        hint.contains("only over TLS") && hint.contains("sslmode"),
        "{hint}"
    );
}

#[test]
fn allow_and_prefer_end_up_on_tls_against_a_hostssl_only_server() {
    let c = tls_cluster();
    // allow: plaintext first, rejected by pg_hba, then TLS.
    let t = target(c, "127.0.0.1", None, SslMode::Allow, None);
    let s = connect(c, &t).unwrap_or_else(|e| panic!("allow: {e}"));
    assert!(s.tls.in_use && !s.tls.verified);
    // prefer: TLS when offered.
    let t = target(c, "127.0.0.1", None, SslMode::Prefer, None);
    let s = connect(c, &t).unwrap_or_else(|e| panic!("prefer: {e}"));
    assert!(s.tls.in_use && !s.tls.verified);
}

#[test]
fn prefer_against_a_server_without_tls_falls_back_to_plaintext_and_require_fails() {
    let c = support::cluster(); // no ssl
    let t = target(c, "127.0.0.1", None, SslMode::Prefer, None);
    let s = connect(c, &t).unwrap_or_else(|e| panic!("prefer: {e}"));
    assert!(!s.tls.in_use && s.tls.protocol.is_none());
    let t = target(c, "127.0.0.1", None, SslMode::Require, None);
    let e = connect(c, &t)
        .err()
        .expect("require against a plain server");
    assert_eq!(e.kind, ErrorKind::Connect);
    assert!(
        e.hint.unwrap_or_default().contains("does not accept TLS"),
        "{}",
        e.message
    );
}

#[test]
fn a_unix_socket_host_ignores_sslmode() {
    let c = tls_cluster();
    let socket = c.socket_dir.display().to_string();
    // verify-full without any root certificate would be a usage error over TCP.
    let t = target(c, &socket, None, SslMode::VerifyFull, None);
    let s = connect(c, &t).unwrap_or_else(|e| panic!("{e} / {:?}", e.hint));
    assert!(!s.tls.in_use);
}

#[test]
fn verify_modes_without_a_root_certificate_are_a_usage_error_before_connecting() {
    let c = tls_cluster();
    let t = target(c, TLS_NAME, Some("127.0.0.1"), SslMode::VerifyFull, None);
    let e = connect(c, &t).err().expect("no root cert");
    assert_eq!(e.kind, ErrorKind::Usage);
    assert!(e.hint.unwrap_or_default().contains("--sslrootcert"));
}

/// A TLS cluster that authenticates `certadmin` (CREATEROLE) by client certificate only,
/// and that certificate and its key, issued into `dir`.
fn cert_auth_cluster(dir: &Path) -> (Cluster, std::path::PathBuf, std::path::PathBuf) {
    let c = support::start_cluster(ClusterOptions {
        tls: Some(support::certs::tls(&[TLS_NAME], &[], true)),
        extra_hba: vec!["hostssl all certadmin 127.0.0.1/32 cert".into()],
        ..ClusterOptions::default()
    });
    c.client("postgres")
        .err()
        .expect("hostssl only: a plaintext superuser client is refused");
    // Create the role over the socket as the superuser.
    let mut cfg = c.config("postgres");
    cfg.host_path(&c.socket_dir);
    let mut admin = cfg.connect(postgres::NoTls).expect("socket superuser");
    admin
        // It owns the database and has CREATEDB, as a cloud admin does: `registry check`
        // then predicts every kind creatable on every version (issue 13) and the check
        // passes on the certificate alone.
        .batch_execute(
            "CREATE ROLE certadmin LOGIN CREATEROLE CREATEDB;
             ALTER DATABASE postgres OWNER TO certadmin;
             ALTER SCHEMA public OWNER TO pg_database_owner;
             REVOKE CREATE ON SCHEMA public FROM PUBLIC;",
        )
        .unwrap();
    let ca_cert = c.ca_cert.clone().unwrap();
    let ca_key = c.ca_key.clone().unwrap();
    let (cert, key) = support::certs::issue_cert((&ca_cert, &ca_key), dir, "certadmin", &[], &[]);
    (c, cert, key)
}

#[test]
fn client_certificate_and_key_are_presented() {
    let dir = tempfile::tempdir().unwrap();
    let (c, cert, key) = cert_auth_cluster(dir.path());
    let ca_cert = c.ca_cert.clone().unwrap();
    let mut t = target(
        &c,
        TLS_NAME,
        Some("127.0.0.1"),
        SslMode::VerifyFull,
        Some(&ca_cert),
    );
    t.admin_user = Some("certadmin".into());
    t.sslcert = Some(cert.display().to_string());
    t.sslkey = Some(key.display().to_string());
    let no_password = Arc::new(Credentials {
        user: "certadmin".into(),
        user_source: "target",
        password: None,
        source: "none".into(),
    });
    let s = target::connect_with(&settings(), &t, "postgres", Purpose::Read, no_password)
        .unwrap_or_else(|e| panic!("{e} / {:?}", e.hint));
    assert!(s.tls.in_use && s.tls.hostname_verified);
    assert_eq!(s.admin_user, "certadmin");
    // Without the client certificate the server refuses (no password either).
    t.sslcert = None;
    t.sslkey = None;
    let no_password = Arc::new(Credentials {
        user: "certadmin".into(),
        user_source: "target",
        password: None,
        source: "none".into(),
    });
    assert!(target::connect_with(&settings(), &t, "postgres", Purpose::Read, no_password).is_err());
}

#[test]
fn client_certificate_and_key_from_pgsslcert_and_pgsslkey() {
    // A target registered without sslcert/sslkey: libpq's PGSSLCERT/PGSSLKEY apply.
    let dir = tempfile::tempdir().unwrap();
    let (c, cert, key) = cert_auth_cluster(dir.path());
    let env = support::TestEnv::new();
    env.cmd()
        .args(["registry", "add", "--env", "cert", "--db", "postgres"])
        .args(["--host", TLS_NAME, "--hostaddr", "127.0.0.1"])
        .args(["--port", &c.port.to_string(), "--admin-user", "certadmin"])
        .args(["--sslmode", "verify-full", "--sslrootcert"])
        .arg(c.ca_cert.as_deref().unwrap())
        .assert()
        .success();
    let check = |vars: &[(&str, &Path)]| {
        let mut cmd = env.cmd();
        for (k, v) in vars {
            cmd.env(k, v);
        }
        cmd.args(["--json", "registry", "check"]).output().unwrap()
    };
    let out = check(&[("PGSSLCERT", &cert), ("PGSSLKEY", &key)]);
    support::assert_ok(&out);
    let rows = json_rows(&out.stdout);
    assert_eq!(rows[0]["ok"], true, "{rows:?}");
    // Without them the server refuses: the certificate was what logged in.
    let out = check(&[]);
    assert_ne!(out.status.code(), Some(0), "no certificate, no login");
    // One without the other: a usage error naming the variable, before connecting.
    let out = check(&[("PGSSLCERT", &cert)]);
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        all.contains("PGSSLCERT") && all.contains("no client key"),
        "{all}"
    );
    assert_ne!(out.status.code(), Some(0), "{all}");
}

// ---- session settings ----

#[test]
fn change_sessions_carry_lock_and_statement_timeouts_and_application_name() {
    let c = support::cluster();
    let t = target(c, "127.0.0.1", None, SslMode::Disable, None);
    let st = ConnectSettings {
        connect_timeout: Duration::from_secs(10),
        lock_timeout: Duration::from_secs(3),
        statement_timeout: Duration::from_secs(42),
    };
    let mut s = target::connect_with(&st, &t, "postgres", Purpose::Change, creds(c)).unwrap();
    let r = s
        .client
        .query_one(
            "SELECT current_setting('lock_timeout'), current_setting('statement_timeout'), current_setting('application_name')",
            &[],
        )
        .unwrap();
    assert_eq!(r.get::<_, String>(0), "3s");
    assert_eq!(r.get::<_, String>(1), "42s");
    assert_eq!(r.get::<_, String>(2), "pgacct");
    let mut s = target::connect_with(&st, &t, "postgres", Purpose::Read, creds(c)).unwrap();
    let r = s
        .client
        .query_one("SELECT current_setting('lock_timeout')", &[])
        .unwrap();
    assert_eq!(
        r.get::<_, String>(0),
        "0",
        "read sessions keep the server default"
    );
}

#[test]
fn statement_timeout_and_lock_timeout_errors_are_mapped_with_hints() {
    let c = support::cluster();
    let t = target(c, "127.0.0.1", None, SslMode::Disable, None);
    let st = ConnectSettings {
        connect_timeout: Duration::from_secs(10),
        lock_timeout: Duration::from_secs(1),
        statement_timeout: Duration::from_secs(1),
    };
    let mut s = target::connect_with(&st, &t, "postgres", Purpose::Change, creds(c)).unwrap();
    let e = s.client.batch_execute("SELECT pg_sleep(5)").unwrap_err();
    let e = s.pg_error(&e);
    assert_eq!(e.sqlstate.as_deref(), Some("57014"));
    assert_eq!(e.kind, ErrorKind::Failed);
    assert!(e.hint.unwrap_or_default().contains("statement_timeout"));
    assert!(!e.message.contains("db error"), "{}", e.message);

    // A lock held by another session: lock_timeout fires.
    let db = support::fresh_db(c, "locks");
    let mut holder = c.client(&db).unwrap();
    holder.batch_execute("CREATE TABLE t (x int)").unwrap();
    holder
        .batch_execute("BEGIN; LOCK TABLE t IN ACCESS EXCLUSIVE MODE;")
        .unwrap();
    let st = ConnectSettings {
        statement_timeout: Duration::from_secs(60),
        ..st
    };
    let mut s = target::connect_with(&st, &t, &db, Purpose::Change, creds(c)).unwrap();
    let e = s.client.batch_execute("SELECT * FROM t").unwrap_err();
    let e = s.pg_error(&e);
    assert_eq!(e.sqlstate.as_deref(), Some("55P03"), "{e}");
    assert!(e.hint.unwrap_or_default().contains("lock_timeout"));
    assert!(e.target.unwrap_or_default().contains(&db));
    holder.batch_execute("ROLLBACK").unwrap();
}

#[test]
fn server_errors_show_message_detail_and_sqlstate_and_42501_names_the_privilege() {
    let c = support::cluster();
    let db = support::fresh_db(c, "perm");
    let role = support::unique("weak");
    let mut su = c.client("postgres").unwrap();
    let verifier = postgres_protocol::password::scram_sha_256(b"weak-password-1");
    su.batch_execute(&format!(
        "CREATE ROLE {role} LOGIN PASSWORD {}",
        postgres_protocol::escape::escape_literal(&verifier)
    ))
    .unwrap();
    let mut t = target(c, "127.0.0.1", None, SslMode::Disable, None);
    t.database = db.clone();
    t.admin_user = Some(role.clone());
    let cr = Arc::new(Credentials {
        user: role.clone(),
        user_source: "target",
        password: Some(Secret::new("weak-password-1".into())),
        source: "test".into(),
    });
    let mut s = target::connect_with(&settings(), &t, &db, Purpose::Change, cr).unwrap();
    let e = s.client.batch_execute("CREATE ROLE nope_x").unwrap_err();
    let e = s.pg_error(&e);
    assert_eq!(e.sqlstate.as_deref(), Some("42501"));
    assert!(e.message.contains("permission denied"), "{}", e.message);
    assert!(e.hint.unwrap_or_default().contains("CREATEROLE"));
    // A missing database is "not found" (exit 3).
    let e = target::connect_with(&settings(), &t, "no_such_db_x", Purpose::Read, creds(c))
        .err()
        .unwrap();
    assert_eq!(e.kind, ErrorKind::NotFound);
    assert_eq!(e.sqlstate.as_deref(), Some("3D000"));
}

// ---- hosts that refuse or never answer ----

#[test]
fn a_port_where_nothing_listens_fails_fast_naming_host_and_port() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let c = support::cluster();
    let mut t = target(c, "127.0.0.1", None, SslMode::Disable, None);
    t.port = port;
    let e = connect(c, &t).err().expect("nothing listens");
    assert_eq!(e.kind, ErrorKind::Connect);
    assert!(
        e.message.contains(&format!("127.0.0.1:{port}")),
        "{}",
        e.message
    );
    assert!(
        e.message.to_lowercase().contains("refused"),
        "{}",
        e.message
    );
}

#[test]
fn a_listener_that_never_answers_fails_within_the_connect_timeout() {
    // Bound and listening, never accepting: the kernel completes the TCP handshake and
    // the startup message goes unanswered.
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    let c = support::cluster();
    for mode in [SslMode::Disable, SslMode::Prefer] {
        let mut t = target(c, "127.0.0.1", None, mode, None);
        t.port = port;
        let st = ConnectSettings {
            connect_timeout: Duration::from_secs(2),
            ..ConnectSettings::default()
        };
        let started = Instant::now();
        let e = target::connect_with(&st, &t, "postgres", Purpose::Read, creds(c))
            .err()
            .expect("no answer");
        // A hang check, not a speed test: it returned, well before "forever".
        assert!(started.elapsed() < Duration::from_secs(20));
        assert_eq!(e.kind, ErrorKind::Connect);
        assert!(
            e.message
                .contains("no answer within the connect timeout (2 s)"),
            "{}",
            e.message
        );
        assert!(e.message.contains(&format!("127.0.0.1:{port}")));
    }
    drop(l);
}

// ---- credentials through the binary (env, password command, .pgpass, prompt) ----

fn json_rows(out: &[u8]) -> Vec<serde_json::Value> {
    serde_json::from_slice(out)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", String::from_utf8_lossy(out)))
}

/// Register `env/db` on `c` with admin `user` and no password source.
fn register_bare(env: &support::TestEnv, c: &Cluster, name: &str, db: &str, user: &str) {
    env.cmd()
        .args(["registry", "add", "--env", name, "--db", db])
        .args(["--host", &c.host, "--port", &c.port.to_string()])
        .args(["--admin-user", user, "--sslmode", "disable"])
        .assert()
        .success();
}

#[test]
fn admin_password_from_the_environment() {
    let c = support::cluster();
    let env = support::TestEnv::new();
    let db = support::fresh_db(c, "envpw");
    register_bare(&env, c, "dev", &db, &c.superuser);
    let out = env
        .cmd()
        .env("PGACCT_ADMIN_PASSWORD", c.password().expose())
        .args(["--json", "registry", "check"])
        .output()
        .unwrap();
    support::assert_ok(&out);
    let rows = json_rows(&out.stdout);
    assert_eq!(rows[0]["credential_source"], "PGACCT_ADMIN_PASSWORD");
    assert_eq!(rows[0]["ok"], true);
}

#[test]
fn admin_user_from_the_environment_and_a_clear_error_without_one() {
    let c = support::cluster();
    let env = support::TestEnv::new();
    let db = support::fresh_db(c, "envuser");
    env.cmd()
        .args(["registry", "add", "--env", "dev", "--db", &db])
        .args([
            "--host",
            &c.host,
            "--port",
            &c.port.to_string(),
            "--sslmode",
            "disable",
        ])
        .assert()
        .success();
    let out = env
        .cmd()
        .env("PGACCT_ADMIN_PASSWORD", c.password().expose())
        .env("PGACCT_ADMIN_USER", &c.superuser)
        .args(["--json", "registry", "check"])
        .output()
        .unwrap();
    support::assert_ok(&out);
    let out = env
        .cmd()
        .env("PGACCT_ADMIN_PASSWORD", c.password().expose())
        .args(["--json", "registry", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let rows = json_rows(&out.stdout);
    let msg = rows[0]["error"]["error"].as_str().unwrap();
    assert!(msg.contains("PGACCT_ADMIN_USER"), "{msg}");
    assert!(
        rows[0]["error"]["hint"]
            .as_str()
            .unwrap()
            .contains("--admin-user"),
        "{}",
        rows[0]["error"]
    );
}

#[test]
fn admin_password_from_a_password_command_and_a_failing_one() {
    let c = support::cluster();
    let env = support::TestEnv::new();
    let db = support::fresh_db(c, "pwcmd");
    env.register(c, "dev", &db); // password command: cat <password file>
    let out = env
        .cmd()
        .args(["--json", "registry", "check"])
        .output()
        .unwrap();
    support::assert_ok(&out);
    assert_eq!(
        json_rows(&out.stdout)[0]["credential_source"],
        "password command"
    );

    // A failing command: exit status and stderr are shown, stdout is not.
    env.cmd()
        .args(["registry", "add", "--env", "qa", "--db", &db, "--replace"])
        .args(["--host", &c.host, "--port", &c.port.to_string()])
        .args(["--admin-user", &c.superuser, "--sslmode", "disable"])
        .args([
            "--password-command",
            "echo stdout-secret-xyz; echo vault is sealed >&2; exit 7",
        ])
        .assert()
        .success();
    let out = env
        .cmd()
        .args(["registry", "check"])
        .arg(format!("qa/{db}"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(all.contains("exit status 7"), "{all}");
    assert!(all.contains("vault is sealed"), "{all}");
    assert!(!all.contains("stdout-secret-xyz"), "{all}");
}

/// Create a superuser admin whose password needs .pgpass escapes.
fn escaped_admin(c: &Cluster) -> (String, &'static str) {
    let role = support::unique("pgpass_admin");
    let password = r"pa:ss\w*rd";
    let verifier = postgres_protocol::password::scram_sha_256(password.as_bytes());
    c.client("postgres")
        .unwrap()
        .batch_execute(&format!(
            "CREATE ROLE {role} LOGIN SUPERUSER PASSWORD {}",
            postgres_protocol::escape::escape_literal(&verifier)
        ))
        .unwrap();
    (role, password)
}

#[test]
fn pgpass_with_wildcards_and_escapes_and_a_0644_file_is_ignored() {
    let c = support::cluster();
    let env = support::TestEnv::new();
    let db = support::fresh_db(c, "pgpass");
    let (role, _) = escaped_admin(c);
    register_bare(&env, c, "dev", &db, &role);
    let pgpass = env.dir.path().join(".pgpass");
    let text = format!(
        "# first line does not match (other database, with an escaped colon)\n\
         127.0.0.1:{port}:other\\:db:{role}:wrong\n\
         *:{port}:*:{role}:pa\\:ss\\\\w*rd\n\
         *:*:*:*:also-wrong\n",
        port = c.port
    );
    std::fs::write(&pgpass, text).unwrap();
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = env
        .cmd()
        .args(["--json", "registry", "check"])
        .output()
        .unwrap();
    support::assert_ok(&out);
    let rows = json_rows(&out.stdout);
    let src = rows[0]["credential_source"].as_str().unwrap();
    assert!(
        src.starts_with(".pgpass (") && src.contains(".pgpass)"),
        "{src}"
    );

    // PGPASSFILE points elsewhere.
    let other = env.dir.path().join("pgpass-other");
    std::fs::write(
        &other,
        format!("127.0.0.1:{}:{db}:{role}:pa\\:ss\\\\w*rd\n", c.port),
    )
    .unwrap();
    std::fs::set_permissions(&other, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::remove_file(&pgpass).unwrap();
    let out = env
        .cmd()
        .env("PGPASSFILE", &other)
        .args(["--json", "registry", "check"])
        .output()
        .unwrap();
    support::assert_ok(&out);
    assert!(
        json_rows(&out.stdout)[0]["credential_source"]
            .as_str()
            .unwrap()
            .contains("pgpass-other")
    );

    // 0644: ignored with a warning; no other source -> exit 4 naming every source.
    std::fs::set_permissions(&other, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = env
        .cmd()
        .env("PGPASSFILE", &other)
        .args(["--json", "registry", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning:") && stderr.contains("group or world access"),
        "{stderr}"
    );
    let rows = json_rows(&out.stdout);
    let hint = rows[0]["error"]["hint"]
        .as_str()
        .unwrap_or_else(|| panic!("{}", rows[0]));
    for source in [
        "PGACCT_ADMIN_PASSWORD",
        "password command",
        "password file",
        "prompt",
    ] {
        assert!(hint.contains(source), "{source} missing from: {hint}");
    }
}

#[test]
fn a_wrong_password_is_exit_4_names_the_source_and_never_appears_in_output() {
    let c = support::cluster();
    let env = support::TestEnv::new();
    let db = support::fresh_db(c, "wrongpw");
    register_bare(&env, c, "dev", &db, &c.superuser);
    let wrong = format!("Wr0ng-{}", support::unique("pw"));
    for json in [false, true] {
        let mut cmd = env.cmd();
        cmd.env("PGACCT_ADMIN_PASSWORD", &wrong);
        if json {
            cmd.arg("--json");
        }
        let out = cmd.args(["registry", "check"]).output().unwrap();
        assert_eq!(out.status.code(), Some(4));
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stdout.contains("password authentication failed"),
            "{stdout}\n{stderr}"
        );
        assert!(stdout.contains("PGACCT_ADMIN_PASSWORD"), "{stdout}");
        assert!(!stdout.contains(&wrong) && !stderr.contains(&wrong));
    }
    // Nor in the inventory (audit rows).
    for f in ["inventory.db", "inventory.db-wal"] {
        if let Ok(bytes) = std::fs::read(env.dir.path().join(f)) {
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains(&wrong), "{f} holds the password");
        }
    }
    // Nor in the server log.
    assert!(!c.log().contains(&wrong));
}

#[test]
fn check_against_closed_and_silent_ports_through_the_binary() {
    let env = support::TestEnv::new();
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_port = silent.local_addr().unwrap().port();
    for (name, port) in [("closed", closed), ("silent", silent_port)] {
        env.cmd()
            .args(["registry", "add", "--env", name, "--db", "app"])
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .args(["--admin-user", "postgres", "--sslmode", "disable"])
            .assert()
            .success();
    }
    let started = Instant::now();
    let out = env
        .cmd()
        .env("PGACCT_ADMIN_PASSWORD", "irrelevant-pw")
        .args(["--json", "--connect-timeout", "2", "registry", "check"])
        .output()
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(20), "hang");
    assert_eq!(out.status.code(), Some(4));
    let rows = json_rows(&out.stdout);
    let closed_row = rows.iter().find(|r| r["env"] == "closed").unwrap();
    let msg = closed_row["error"]["error"].as_str().unwrap();
    assert!(msg.contains(&format!("127.0.0.1:{closed}")), "{msg}");
    let silent_row = rows.iter().find(|r| r["env"] == "silent").unwrap();
    let msg = silent_row["error"]["error"].as_str().unwrap();
    assert!(
        msg.contains("no answer within the connect timeout"),
        "{msg}"
    );
    drop(silent);
}

#[test]
fn the_prompt_is_asked_on_a_terminal_once_per_server_and_admin_role() {
    // `script` runs pgacct on a pseudo-terminal, so stdin is a terminal and rpassword
    // reads /dev/tty; the two password lines are typed ahead. (The terminal echoes
    // typed-ahead input before the prompt turns echo off, so this test does not look for
    // the password in the output.)
    let c = support::cluster();
    let env = support::TestEnv::new();
    let db = support::fresh_db(c, "prompt");
    let port = c.port.to_string();
    for (name, database) in [("dev", db.as_str()), ("qa", "no_such_db_prompt")] {
        env.cmd()
            .args(["registry", "add", "--env", name, "--db", database])
            .args([
                "--host",
                "127.0.0.1",
                "--port",
                &port,
                "--admin-user",
                &c.superuser,
            ])
            .assert()
            .success();
    }
    let bin = assert_cmd::cargo::cargo_bin("pgacct");
    let child = std::process::Command::new("script")
        .args([
            "-qec",
            &format!("{} --json registry check", bin.display()),
            "/dev/null",
        ])
        .env("PGACCT_INVENTORY", &env.inventory)
        .env("HOME", env.dir.path())
        .env_remove("PGACCT_ADMIN_PASSWORD")
        .env_remove("PGPASSFILE")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("this test needs `script` (util-linux): {e}; apt-get install -y util-linux")
        });
    let out = {
        use std::io::Write;
        let mut child = child;
        let mut stdin = child.stdin.take().unwrap();
        writeln!(stdin, "{}", c.password().expose()).unwrap();
        writeln!(stdin, "{}", c.password().expose()).unwrap();
        drop(stdin);
        child.wait_with_output().unwrap()
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(6), "{text}");
    // One prompt for the two targets: one server, one admin role (and qa/... connects
    // twice: its database is missing, so the check goes on through the maintenance
    // database with the same password).
    assert_eq!(text.matches("Password for admin role").count(), 1, "{text}");
    assert_eq!(
        text.matches("\"credential_source\": \"prompt\"").count(),
        2,
        "{text}"
    );
    assert!(text.contains("\"database_exists\": false"), "{text}");
}

#[test]
fn a_server_error_that_quotes_the_admin_password_is_redacted() {
    // A role of its own, so the shared cluster's log (log_statement=all) never holds the
    // superuser's password.
    let c = support::cluster();
    let role = support::unique("quoted");
    let pw = Secret::generate(24).unwrap();
    c.client("postgres")
        .unwrap()
        .batch_execute(&format!(
            "CREATE ROLE {role} LOGIN PASSWORD {}",
            postgres_protocol::escape::escape_literal(&pw.verifier("scram-sha-256", &role))
        ))
        .unwrap();
    let mut t = target(c, "127.0.0.1", None, SslMode::Disable, None);
    t.admin_user = Some(role.clone());
    let cr = Arc::new(Credentials {
        user: role.clone(),
        user_source: "target",
        password: Some(Secret::new(pw.expose().to_string())),
        source: "test".into(),
    });
    let mut s = target::connect_with(&settings(), &t, "postgres", Purpose::Read, cr).unwrap();
    // The server quotes the bad input back in its message.
    let e = s
        .client
        .batch_execute(&format!(
            "SELECT {}::int",
            postgres_protocol::escape::escape_literal(pw.expose())
        ))
        .unwrap_err();
    assert!(e.as_db_error().unwrap().message().contains(pw.expose()));
    let mapped = s.pg_error(&e);
    let shown = format!("{mapped} {:?} {}", mapped.hint, mapped.to_json());
    assert!(!shown.contains(pw.expose()), "{shown}");
    assert!(mapped.message.contains("<redacted>"), "{}", mapped.message);
    assert_eq!(mapped.sqlstate.as_deref(), Some("22P02"));
}

#[test]
fn registry_add_checks_hostaddr() {
    let env = support::TestEnv::new();
    let out = env
        .cmd()
        .args([
            "registry", "add", "--env", "dev", "--db", "app", "--host", TLS_NAME,
        ])
        .args(["--hostaddr", "not-an-ip"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("hostaddr"));
    let out = env
        .cmd()
        .args([
            "registry", "add", "--env", "dev", "--db", "app", "--host", "/tmp",
        ])
        .args(["--hostaddr", "127.0.0.1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    env.cmd()
        .args([
            "registry", "add", "--env", "dev", "--db", "app", "--host", TLS_NAME,
        ])
        .args(["--hostaddr", "::1"])
        .assert()
        .success();
    let out = env
        .cmd()
        .args(["--json", "registry", "show", "dev/app"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["hostaddr"], "::1");
    assert_eq!(v["host"], TLS_NAME);
    assert_eq!(v["sslmode_explicit"], false);
}

/// pgacct pipelines the SCRAM login's last message with the session's first flight (BEGIN
/// and the catalog reads of a change, read-only): a wrong password fails that flight with
/// the server's error, which reads as a failed login did before (exit 4, the source named,
/// the password nowhere), and nothing is changed.
#[test]
fn a_wrong_password_fails_a_change_through_the_pipelined_login_as_a_login() {
    let c = support::cluster();
    let env = support::TestEnv::new();
    let db = support::fresh_db(c, "wrongpw2");
    register_bare(&env, c, "dev", &db, &c.superuser);
    let wrong = format!("Wr0ng-{}", support::unique("pw"));
    let user = support::unique("plogin");
    let target = format!("dev/{db}");
    let commands: [&[&str]; 3] = [
        &["user", "create", "devqa", &user, "--target", &target],
        &["user", "lock", &user, "--target", &target],
        &["user", "find", &user, "--target", &target],
    ];
    for args in commands {
        for json in [false, true] {
            let mut cmd = env.cmd();
            cmd.env("PGACCT_ADMIN_PASSWORD", &wrong);
            if json {
                cmd.arg("--json");
            }
            let out = cmd.args(args).output().unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(4), "{args:?}\n{stdout}\n{stderr}");
            let text = format!("{stdout}{stderr}");
            assert!(
                text.contains("password authentication failed"),
                "{args:?}: {text}"
            );
            assert!(text.contains("PGACCT_ADMIN_PASSWORD"), "{args:?}: {text}");
            assert!(!text.contains(&wrong));
        }
    }
    // Nothing was created.
    let mut admin = c.client("postgres").unwrap();
    let n: i64 = admin
        .query_one("SELECT count(*) FROM pg_roles WHERE rolname = $1", &[&user])
        .unwrap()
        .get(0);
    assert_eq!(n, 0);
    for f in ["inventory.db", "inventory.db-wal"] {
        if let Ok(bytes) = std::fs::read(env.dir.path().join(f)) {
            assert!(!String::from_utf8_lossy(&bytes).contains(&wrong));
        }
    }
    assert!(!c.log().contains(&wrong));
}

/// `user apply` sends its first line's flight with the login's last message: a refused
/// login is every line's error (the server's message, the password's source), not the
/// closed connection the lines would meet if each ran again on its own.
#[test]
fn a_wrong_password_fails_every_line_of_a_batch_with_the_login_error() {
    let c = support::cluster();
    let env = support::TestEnv::new();
    let db = support::fresh_db(c, "wrongpw3");
    register_bare(&env, c, "dev", &db, &c.superuser);
    let wrong = format!("Wr0ng-{}", support::unique("pw"));
    let users: Vec<String> = (0..4).map(|_| support::unique("pbatch")).collect();
    let mut text = String::from("verb,target,kind,name\n");
    for u in &users {
        text.push_str(&format!("create,dev/{db},devqa,{u}\n"));
    }
    let file = env.dir.path().join("lines.csv");
    std::fs::write(&file, text).unwrap();
    let out = env
        .cmd()
        .env("PGACCT_ADMIN_PASSWORD", &wrong)
        .args(["--json", "user", "apply", "--jobs", "1"])
        .arg(&file)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    let all = format!("{stdout}{stderr}");
    assert!(
        all.matches("password authentication failed").count() >= users.len(),
        "each line says the login failed: {all}"
    );
    assert!(!all.contains("connection closed"), "{all}");
    assert!(
        all.contains("PGACCT_ADMIN_PASSWORD"),
        "the password's source: {all}"
    );
    assert!(!all.contains(&wrong));
    let mut admin = c.client("postgres").unwrap();
    let n: i64 = admin
        .query_one(
            "SELECT count(*) FROM pg_roles WHERE rolname = ANY($1)",
            &[&users],
        )
        .unwrap()
        .get(0);
    assert_eq!(n, 0);
}

/// A fake PostgreSQL server on 127.0.0.1 that runs SCRAM-SHA-256 without knowing the
/// password: it ends the exchange with a server signature that cannot verify, then
/// AuthenticationOk and ReadyForQuery, and answers nothing else. Returns its port and, per
/// connection, the bytes the client sent after its SASL response (what a pipelined login
/// sends before the server proved itself).
fn fake_scram_server(hang: bool) -> (u16, Arc<std::sync::Mutex<Vec<Vec<u8>>>>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let got = Arc::new(std::sync::Mutex::new(Vec::new()));
    let keep = got.clone();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut s) = conn else { return };
            let keep = keep.clone();
            std::thread::spawn(move || {
                s.set_read_timeout(Some(Duration::from_secs(5))).ok();
                // The startup packet (sslmode disable: no SSLRequest).
                let mut len = [0u8; 4];
                if s.read_exact(&mut len).is_err() {
                    return;
                }
                let mut body = vec![0u8; (u32::from_be_bytes(len) as usize).saturating_sub(4)];
                if s.read_exact(&mut body).is_err() {
                    return;
                }
                let read_typed = |s: &mut std::net::TcpStream| -> Option<Vec<u8>> {
                    let mut head = [0u8; 5];
                    s.read_exact(&mut head).ok()?;
                    let n = u32::from_be_bytes([head[1], head[2], head[3], head[4]]) as usize;
                    let mut body = vec![0u8; n.saturating_sub(4)];
                    s.read_exact(&mut body).ok()?;
                    Some(body)
                };
                let auth = |code: u32, data: &[u8]| -> Vec<u8> {
                    let mut m = vec![b'R'];
                    m.extend_from_slice(&((8 + data.len()) as u32).to_be_bytes());
                    m.extend_from_slice(&code.to_be_bytes());
                    m.extend_from_slice(data);
                    m
                };
                // AuthenticationSASL: SCRAM-SHA-256 only.
                s.write_all(&auth(10, b"SCRAM-SHA-256\0\0")).ok();
                // SASLInitialResponse: mechanism, length, "n,,n=,r=<client nonce>".
                let Some(initial) = read_typed(&mut s) else {
                    return;
                };
                let text = String::from_utf8_lossy(&initial).into_owned();
                let Some(nonce) = text.split("r=").nth(1) else {
                    return;
                };
                let server_first = format!("r={nonce}fake,s=c2FsdHNhbHRzYWx0,i=4096");
                s.write_all(&auth(11, server_first.as_bytes())).ok();
                // SASLResponse (the client's proof).
                if read_typed(&mut s).is_none() {
                    return;
                }
                // Whatever the client sent with it, without waiting.
                std::thread::sleep(Duration::from_millis(200));
                let mut after = vec![];
                s.set_nonblocking(true).ok();
                let mut buf = [0u8; 8192];
                while let Ok(n) = s.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    after.extend_from_slice(&buf[..n]);
                }
                s.set_nonblocking(false).ok();
                keep.lock().unwrap().push(after);
                if hang {
                    // The login's end never comes.
                    std::thread::sleep(Duration::from_secs(10));
                    return;
                }
                // A signature that cannot verify, then the rest of a login.
                let mut end = auth(12, b"v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
                end.extend_from_slice(&auth(0, b""));
                end.extend_from_slice(&[b'Z', 0, 0, 0, 5, b'I']);
                s.write_all(&end).ok();
                std::thread::sleep(Duration::from_secs(3));
            });
        }
    });
    (port, got)
}

/// A fresh inventory with `dev/app` at the fake server on `port` (admin `admin`, sslmode
/// disable).
fn fake_target(port: u16) -> support::TestEnv {
    let env = support::TestEnv::new();
    env.cmd()
        .args(["registry", "add", "--env", "dev", "--db", "app"])
        .args(["--host", "127.0.0.1", "--port", &port.to_string()])
        .args(["--admin-user", "admin", "--sslmode", "disable"])
        .assert()
        .success();
    env
}

/// With the login pipelined, the session's first flight reaches the server before it
/// proved it knows the password (its SCRAM signature): that flight is read-only and holds
/// no secret, and a signature that does not verify fails the command (exit 4) before any
/// answer is used or anything that changes a server is sent.
#[test]
fn a_server_whose_scram_signature_does_not_verify_gets_nothing_but_the_first_reads() {
    let (port, got) = fake_scram_server(false);
    let env = fake_target(port);
    let pw = "Admin-pw-never-sent-9";
    let user = support::unique("fake");
    for args in [
        vec!["user", "create", "devqa", &user, "--target", "dev/app"],
        vec!["registry", "check", "dev/app"],
    ] {
        let started = Instant::now();
        let out = env
            .cmd()
            .env("PGACCT_ADMIN_PASSWORD", pw)
            .args(&args)
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.status.code(), Some(4), "{args:?}: {text}");
        assert!(
            text.contains("authentication with 127.0.0.1:") && text.contains("SCRAM verification"),
            "{args:?}: {text}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{args:?} waited for an answer"
        );
    }
    let got = got.lock().unwrap();
    assert_eq!(got.len(), 2, "one connection per command");
    for after in got.iter() {
        let sent = String::from_utf8_lossy(after);
        // The first flight went with the SASL response (the pipelined login) ...
        assert!(sent.contains("server_version_num"), "{sent}");
        // ... and nothing that changes a server, nor the password.
        for word in ["CREATE ROLE", "ALTER ROLE", "GRANT", "SCRAM-SHA-256$", pw] {
            assert!(!sent.contains(word), "{word} in {sent}");
        }
    }
}

/// The pipelined SCRAM login over verify-full TLS (SCRAM-SHA-256-PLUS, channel binding):
/// a deferred session (the engine's) settles with what its first read says, and a wrong
/// password fails that first read with the server's 28P01, as a refused login.
#[test]
fn a_deferred_session_over_verify_full_tls_settles_and_a_wrong_password_fails_there() {
    let c = tls_cluster();
    let mut t = target(
        c,
        TLS_NAME,
        Some("127.0.0.1"),
        SslMode::VerifyFull,
        Some(ca(c)),
    );
    t.password_command = Some(format!("cat {}", c.password_file.display()));
    let mut s = target::connect_deferred(&settings(), &t, Purpose::Change)
        .unwrap_or_else(|e| panic!("{e} / {:?}", e.hint));
    assert!(s.deferred().is_some());
    s.settle().unwrap_or_else(|e| panic!("{e} / {:?}", e.hint));
    assert!(s.tls.in_use && s.tls.verified && s.tls.hostname_verified);
    let v = s.server_version_num();
    assert!(v.is_some_and(|v| v >= 140000), "{v:?}");
    assert_eq!(s.password_encryption, "scram-sha-256");
    let version: String = s
        .client
        .parameter("server_version")
        .expect("reported with the login's end");
    assert!(!version.is_empty());

    // Another target name, so that no credentials are cached for it.
    t.env = "wrongtls".into();
    t.password_command = Some("echo Wr0ng-tls-pw".into());
    let mut s = target::connect_deferred(&settings(), &t, Purpose::Change)
        .unwrap_or_else(|e| panic!("the login's end is not awaited: {e}"));
    let Err(e) = s.settle() else {
        panic!("a wrong password fails the first read");
    };
    assert_eq!(e.kind, ErrorKind::Connect, "{e}");
    assert!(e.message.contains("password authentication failed"), "{e}");
    assert!(!format!("{e} {:?}", e.hint).contains("Wr0ng-tls-pw"));
}

/// A server that takes the pipelined SASL response and never sends the login's end: the
/// connect timeout bounds the wait, as it bounds a login that is not pipelined.
#[test]
fn a_login_whose_end_never_comes_fails_within_the_connect_timeout() {
    let (port, _) = fake_scram_server(true);
    let env = fake_target(port);
    let started = Instant::now();
    let out = env
        .cmd()
        .env("PGACCT_ADMIN_PASSWORD", "Admin-pw-9")
        .args([
            "--connect-timeout",
            "2",
            "user",
            "find",
            "x",
            "--target",
            "dev/app",
        ])
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(4), "{text}");
    assert!(text.contains("timed out waiting for 127.0.0.1:"), "{text}");
    let took = started.elapsed();
    assert!(
        took >= Duration::from_secs(2) && took < Duration::from_secs(8),
        "{took:?}"
    );
}
