//! The throwaway-cluster launcher: plain and TLS clusters start and accept clients, the
//! server log is readable, and missing server binaries give an error naming the package.

mod support;

use pgacct::cluster::{Cluster, ClusterOptions};
use std::os::unix::fs::PermissionsExt;

#[test]
fn plain_cluster_accepts_the_superuser_and_logs_statements() {
    // The shared cluster is a plain one with log_statement=all.
    let c = support::cluster();
    assert_eq!(c.host, "127.0.0.1");
    assert_ne!(c.port, 0);
    assert!(c.socket_dir.starts_with(&c.dir));
    let mut client = c.client("postgres").expect("superuser connects");
    let one: i32 = client.query_one("SELECT 1", &[]).unwrap().get(0);
    assert_eq!(one, 1);
    client
        .batch_execute("SELECT 'pgacct-log-marker-7d1f'")
        .unwrap();
    let enc: String = client
        .query_one("SHOW password_encryption", &[])
        .unwrap()
        .get(0);
    assert_eq!(enc, "scram-sha-256");
    let max: String = client
        .query_one("SHOW max_connections", &[])
        .unwrap()
        .get(0);
    assert!(max.parse::<u32>().unwrap() >= 100, "max_connections {max}");
    assert!(
        c.log().contains("pgacct-log-marker-7d1f"),
        "log_statement=all did not log the statement:\n{}",
        c.log()
    );
    // The password file is private and holds the password that worked.
    let meta = std::fs::metadata(&c.password_file).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    assert_eq!(
        std::fs::read_to_string(&c.password_file).unwrap(),
        c.password().expose()
    );
    // A wrong password is refused (scram, not trust).
    let mut cfg = c.config("postgres");
    cfg.password("wrong");
    assert!(cfg.connect(postgres::NoTls).is_err());
}

#[test]
fn shared_cluster_gives_fresh_databases() {
    let c = support::cluster();
    let db = support::fresh_db(c, "Cluster_Test");
    assert_eq!(db, db.to_lowercase());
    let mut client = c.client(&db).expect("connect to the fresh database");
    let name: String = client
        .query_one("SELECT current_database()", &[])
        .unwrap()
        .get(0);
    assert_eq!(name, db);
}

#[test]
fn tls_cluster_serves_a_certificate_the_ca_verifies() {
    use openssl::ssl::{SslConnector, SslMethod, SslVerifyMode};
    use postgres_openssl::MakeTlsConnector;

    let c = support::start_cluster(ClusterOptions {
        tls: Some(support::certs::tls(
            &["db.pgacct.test", "localhost"],
            &["127.0.0.1"],
            true,
        )),
        ..ClusterOptions::default()
    });
    let ca = c.ca_cert.clone().expect("CA certificate");
    assert!(c.ca_key.is_some());

    // verify-full against the name in the certificate.
    let mut builder = SslConnector::builder(SslMethod::tls()).unwrap();
    builder.set_ca_file(&ca).unwrap();
    builder.set_verify(SslVerifyMode::PEER);
    let connector = MakeTlsConnector::new(builder.build());
    let mut cfg = c.config("postgres");
    cfg.host("localhost")
        .ssl_mode(postgres::config::SslMode::Require);
    let mut client = cfg
        .connect(connector)
        .expect("TLS connection verified by the CA");
    let ssl: bool = client
        .query_one(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(ssl, "the session is not encrypted");

    // A name the certificate does not carry fails verification.
    let mut builder = SslConnector::builder(SslMethod::tls()).unwrap();
    builder.set_ca_file(&ca).unwrap();
    let connector = MakeTlsConnector::new(builder.build());
    let mut cfg = c.config("postgres");
    cfg.host("wrong.pgacct.test")
        .hostaddr("127.0.0.1".parse().unwrap())
        .ssl_mode(postgres::config::SslMode::Require);
    assert!(
        cfg.connect(connector).is_err(),
        "a certificate for db.pgacct.test must not verify for wrong.pgacct.test"
    );

    // hostssl only: the same login without TLS is refused by pg_hba.
    let err = match c.client("postgres") {
        Ok(_) => panic!("plain TCP must be refused"),
        Err(e) => e,
    };
    assert!(
        err.message.contains("pg_hba.conf") || err.to_string().contains("pg_hba.conf"),
        "{err}"
    );
}

#[test]
fn a_client_certificate_for_a_role_carries_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let (ca, ca_key) = support::certs::make_ca(dir.path(), "test CA");
    let (cert, key) = support::certs::issue_cert((&ca, &ca_key), dir.path(), "alice", &[], &[]);
    let meta = std::fs::metadata(&key).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    let x = openssl::x509::X509::from_pem(&std::fs::read(&cert).unwrap()).unwrap();
    let cn = x
        .subject_name()
        .entries_by_nid(openssl::nid::Nid::COMMONNAME)
        .next()
        .unwrap()
        .data()
        .to_string()
        .unwrap();
    assert_eq!(cn, "alice");
    let ca_x = openssl::x509::X509::from_pem(&std::fs::read(&ca).unwrap()).unwrap();
    assert!(x.verify(&ca_x.public_key().unwrap()).unwrap());
}

/// Run `bindir_probe_child` in a child process with an empty PG_BINDIR and
/// PGACCT_TEST_PG_MAJOR set to `major` (or unset); (its output, the empty bindir).
fn bindir_probe(major: Option<&str>) -> (String, tempfile::TempDir) {
    let empty = tempfile::tempdir().unwrap();
    // Other tests of this binary read PG_BINDIR through Cluster::bindir, so the empty
    // PG_BINDIR is set in a child process (this test binary, running one ignored test).
    let exe = std::env::current_exe().unwrap();
    let mut cmd = std::process::Command::new(exe);
    cmd.args([
        "--exact",
        "bindir_probe_child",
        "--nocapture",
        "--include-ignored",
    ])
    .env("PG_BINDIR", empty.path())
    .env("PGACCT_BINDIR_PROBE", "1");
    match major {
        Some(m) => cmd.env(support::MAJOR_ENV, m),
        None => cmd.env_remove(support::MAJOR_ENV),
    };
    let out = cmd.output().unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "probe failed:\n{text}");
    (text, empty)
}

fn probe_panic_line(text: &str) -> String {
    text.lines()
        .find(|l| l.starts_with("PROBE-PANIC:"))
        .unwrap_or_else(|| panic!("no panic from support::start_cluster:\n{text}"))
        .to_string()
}

#[test]
fn missing_server_binaries_name_the_package_to_install() {
    let (text, empty) = bindir_probe(None);
    assert!(text.contains("PROBE-ERROR:"), "{text}");
    assert!(text.contains("apt-get install -y postgresql"), "{text}");
    assert!(text.contains(&empty.path().display().to_string()), "{text}");
    assert!(text.contains("PROBE-START:"), "{text}");
    assert!(
        probe_panic_line(&text).contains("apt-get install -y postgresql"),
        "{text}"
    );
}

/// With a major asked for (the version matrix), a missing server fails the test naming
/// the command that fetches that major.
#[test]
fn a_missing_major_names_the_command_that_fetches_it() {
    let (text, _empty) = bindir_probe(Some("16"));
    let panic_line = probe_panic_line(&text);
    assert!(
        panic_line.contains("scripts/pg-versions fetch 16"),
        "{text}"
    );
    assert!(!panic_line.contains("apt-get"), "{text}");
}

/// Runs only as the child of `missing_server_binaries_name_the_package_to_install`.
#[test]
#[ignore = "child process of missing_server_binaries_name_the_package_to_install"]
fn bindir_probe_child() {
    if std::env::var_os("PGACCT_BINDIR_PROBE").is_none() {
        return;
    }
    let e = Cluster::bindir().expect_err("an empty PG_BINDIR must not be accepted");
    println!(
        "PROBE-ERROR: {e} hint: {}",
        e.hint.clone().unwrap_or_default()
    );
    let e = Cluster::start(ClusterOptions::default()).expect_err("start needs binaries");
    println!(
        "PROBE-START: {e} hint: {}",
        e.hint.clone().unwrap_or_default()
    );
    // The shared-cluster helper fails the test (panics) instead of passing silently.
    let panic = std::panic::catch_unwind(|| support::start_cluster(ClusterOptions::default()))
        .expect_err("support::start_cluster must panic without binaries");
    let msg = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    println!("PROBE-PANIC: {}", msg.replace('\n', " "));
}

#[test]
fn a_cluster_under_a_private_directory_is_refused_as_root_with_a_reason() {
    use std::os::unix::fs::PermissionsExt;
    support::cluster_binaries_or_panic();
    let private = tempfile::tempdir().unwrap();
    std::fs::set_permissions(private.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    let root_dir = private.path().join("clusters");
    let result = Cluster::start(ClusterOptions {
        root_dir: Some(root_dir.clone()),
        ..ClusterOptions::default()
    });
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        // The server runs as `postgres`, which cannot traverse the 0700 directory.
        let e = result.expect_err("a cluster the server user cannot reach must be refused");
        assert!(
            e.message.contains(&private.path().display().to_string()),
            "{e}"
        );
        assert!(e.message.contains("0700"), "{e}");
        assert!(e.hint.unwrap_or_default().contains("/tmp"));
    } else {
        // Not root: the server runs as us, and the private directory is fine.
        let c = result.expect("cluster in a private directory of our own");
        assert!(c.dir.starts_with(&root_dir));
    }
}

#[test]
fn dropped_clusters_and_those_of_killed_processes_are_stopped_and_removed() {
    support::cluster_binaries_or_panic();
    // A child process starts a cluster and exits without running any destructor.
    let exe = std::env::current_exe().unwrap();
    let out = std::process::Command::new(exe)
        .args([
            "--exact",
            "orphan_child",
            "--nocapture",
            "--include-ignored",
        ])
        .env("PGACCT_ORPHAN_CHILD", "1")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix("ORPHAN: "))
        .unwrap_or_else(|| {
            panic!(
                "the child did not start a cluster: {text}{}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
    let (dir, port) = line.rsplit_once(' ').unwrap();
    let dir = std::path::PathBuf::from(dir);
    let port: u16 = port.parse().unwrap();
    assert!(dir.exists(), "the orphan's directory should be there");
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_ok());

    let c = support::start_cluster(ClusterOptions::default());
    assert!(!dir.exists(), "orphan {} not reaped", dir.display());
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
        "the orphan server still listens on {port}"
    );

    // Dropping a cluster stops it and removes its directory.
    let (dir, port) = (c.dir.clone(), c.port);
    assert!(dir.join("data/PG_VERSION").exists());
    drop(c);
    assert!(!dir.exists(), "{} still exists", dir.display());
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
        "port {port} still accepts connections"
    );
}

/// Runs only as the child of `dropped_clusters_and_those_of_killed_processes_are_stopped_and_removed`.
#[test]
#[ignore = "child process of dropped_clusters_and_those_of_killed_processes_are_stopped_and_removed"]
fn orphan_child() {
    if std::env::var_os("PGACCT_ORPHAN_CHILD").is_none() {
        return;
    }
    let c = Cluster::start(ClusterOptions::default()).unwrap();
    println!("ORPHAN: {} {}", c.dir.display(), c.port);
    use std::io::Write;
    std::io::stdout().flush().unwrap();
    // SAFETY: ends the process at once, like a kill: no destructor, no atexit handler.
    unsafe { libc::_exit(0) }
}

#[test]
fn an_md5_cluster_accepts_md5_and_scram_verifiers_and_extra_hba_lines_win() {
    use pgacct::secret::Secret;
    let c = support::start_cluster(ClusterOptions {
        password_encryption: Some("md5".into()),
        // Put first, so it wins over the default host lines for this role.
        extra_hba: vec!["host all pgacct_rejected 127.0.0.1/32 reject".into()],
        extra_conf: vec!["work_mem = '7MB'".into()],
        ..ClusterOptions::default()
    });
    let mut su = c
        .client("postgres")
        .expect("superuser (SCRAM verifier) logs in");
    let pe: String = su
        .query_one("SHOW password_encryption", &[])
        .unwrap()
        .get(0);
    assert_eq!(pe, "md5");
    let wm: String = su.query_one("SHOW work_mem", &[]).unwrap().get(0);
    assert_eq!(wm, "7MB", "extra_conf lines apply");
    let pw = Secret::generate(20).unwrap();
    for (role, verifier) in [
        ("pgacct_md5", pw.verifier("md5", "pgacct_md5")),
        ("pgacct_scram", pw.verifier("scram-sha-256", "pgacct_scram")),
        ("pgacct_rejected", pw.verifier("md5", "pgacct_rejected")),
    ] {
        su.batch_execute(&format!(
            "CREATE ROLE {role} LOGIN PASSWORD {}",
            postgres_protocol::escape::escape_literal(&verifier)
        ))
        .unwrap();
    }
    let login = |role: &str| {
        let mut cfg = c.config("postgres");
        cfg.user(role).password(pw.expose());
        cfg.connect(postgres::NoTls)
    };
    login("pgacct_md5").expect("md5 verifier logs in");
    login("pgacct_scram").expect("SCRAM verifier logs in");
    let err = login("pgacct_rejected")
        .err()
        .expect("the extra reject line wins");
    assert!(
        err.to_string().contains("pg_hba.conf") || format!("{err:?}").contains("pg_hba.conf"),
        "{err:?}"
    );
}

#[test]
fn cert_names_are_checked_before_reaching_openssl() {
    use support::certs::check_cert_name;
    assert!(check_cert_name("x", "db.pgacct.test").is_ok());
    assert!(check_cert_name("x", "a/CN=evil").is_err());
    assert!(check_cert_name("x", "").is_err());
}
