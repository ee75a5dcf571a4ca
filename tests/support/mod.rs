//! Shared test support: one throwaway PostgreSQL cluster per test binary, unique names,
//! and a `pgacct` command runner with a private inventory and a clean environment.
#![allow(dead_code)]

use pgacct::cluster::{Cluster, ClusterOptions};
use std::path::PathBuf;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

pub mod certs;
pub mod proxy;

static CLUSTER: OnceLock<Cluster> = OnceLock::new();

/// Clusters held in statics of this test binary, destroyed when the process exits
/// (statics are never dropped).
static AT_EXIT: std::sync::Mutex<Vec<&'static Cluster>> = std::sync::Mutex::new(Vec::new());

extern "C" fn destroy_shared_clusters() {
    let list = AT_EXIT.lock().unwrap_or_else(|p| p.into_inner());
    for c in list.iter() {
        c.destroy();
    }
}

/// The cluster in `slot`, started with `opts()` on first use and stopped and removed when
/// the test process exits: one cluster of a kind shared by every test of a binary.
pub fn shared_cluster(
    slot: &'static OnceLock<Cluster>,
    opts: impl FnOnce() -> ClusterOptions,
) -> &'static Cluster {
    let mut fresh = false;
    let c = slot.get_or_init(|| {
        fresh = true;
        start_cluster(opts())
    });
    if fresh {
        let mut list = AT_EXIT.lock().unwrap_or_else(|p| p.into_inner());
        if list.is_empty() {
            // SAFETY: registering a plain extern "C" fn with no arguments.
            unsafe {
                libc::atexit(destroy_shared_clusters);
            }
        }
        list.push(c);
    }
    c
}

/// The environment variable naming the PostgreSQL major the tests must run on
/// (`scripts/pg-matrix` sets it with `PG_BINDIR`), so that a wrong `PG_BINDIR` cannot pass
/// silently on another version.
pub const MAJOR_ENV: &str = "PGACCT_TEST_PG_MAJOR";

/// The major version asked for through [`MAJOR_ENV`], if any.
pub fn expected_major() -> Option<u32> {
    let v = std::env::var(MAJOR_ENV).ok().filter(|v| !v.is_empty())?;
    Some(
        v.trim()
            .parse()
            .unwrap_or_else(|_| panic!("{MAJOR_ENV}={v:?} is not a PostgreSQL major version")),
    )
}

/// The command that installs the server binaries these tests need.
pub fn install_command() -> String {
    match expected_major() {
        Some(m) => format!(
            "scripts/pg-versions fetch {m}, then PG_BINDIR=$(scripts/pg-versions bindir {m}) (or run scripts/pg-matrix {m})"
        ),
        None => "apt-get install -y postgresql".into(),
    }
}

/// Start a cluster or fail the test loudly, saying how to get the server binaries; with
/// [`MAJOR_ENV`] set, fail unless the server is that major version.
pub fn start_cluster(opts: ClusterOptions) -> Cluster {
    if let Err(e) = Cluster::bindir() {
        panic!(
            "these tests need a real PostgreSQL server: {e}\nto fix: {}{}",
            install_command(),
            e.hint
                .as_ref()
                .filter(|_| expected_major().is_none())
                .map(|h| format!(" ({h})"))
                .unwrap_or_default()
        );
    }
    let c = match Cluster::start(opts) {
        Ok(c) => c,
        Err(e) => panic!(
            "cannot start a throwaway PostgreSQL cluster: {e}{}",
            e.hint
                .as_ref()
                .map(|h| format!("\nhint: {h}"))
                .unwrap_or_default()
        ),
    };
    check_major(&c);
    c
}

/// Fail the test unless `c` runs the major version asked for through [`MAJOR_ENV`].
pub fn check_major(c: &Cluster) {
    if let Some(want) = expected_major() {
        let got = c
            .major_version()
            .unwrap_or_else(|e| panic!("cannot tell the server's version: {e}"));
        assert_eq!(
            got,
            want,
            "{MAJOR_ENV}={want} but the server binaries in {} are PostgreSQL {got}; to fix: {}",
            Cluster::bindir()
                .map(|d| d.display().to_string())
                .unwrap_or_default(),
            install_command()
        );
    }
}

/// The major version of the server the tests run on (14, 15, ...).
pub fn server_major() -> u32 {
    cluster()
        .major_version()
        .unwrap_or_else(|e| panic!("cannot tell the server's version: {e}"))
}

/// The plain cluster shared by every test of this binary; stopped and removed at exit.
/// It runs with `log_statement = all`, so any test can check `cluster().log()` for
/// leaked passwords.
pub fn cluster() -> &'static Cluster {
    shared_cluster(&CLUSTER, || ClusterOptions {
        log_statement_all: true,
        ..ClusterOptions::default()
    })
}

/// A unique lowercase name: `<prefix>_<pid>_<n>`.
pub fn unique(prefix: &str) -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    format!(
        "{}_{}_{}",
        prefix.to_lowercase(),
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// Create a fresh database on `c` and return its name. Its `public` schema is made as
/// PostgreSQL 15+ makes it on every version (owned by `pg_database_owner`, no CREATE for
/// PUBLIC): on 14 a new database has the "upgraded public" shape, which tests/shapes.rs
/// builds explicitly where it is the subject.
pub fn fresh_db(c: &Cluster, prefix: &str) -> String {
    let name = unique(prefix);
    let mut client = c.client("postgres").expect("connect as superuser");
    client
        .batch_execute(&format!(
            "CREATE DATABASE {}",
            postgres_protocol::escape::escape_identifier(&name)
        ))
        .expect("CREATE DATABASE");
    c.client(&name)
        .expect("connect to the new database as superuser")
        .batch_execute(
            "ALTER SCHEMA public OWNER TO pg_database_owner;
             REVOKE CREATE ON SCHEMA public FROM PUBLIC;",
        )
        .expect("public as PostgreSQL 15+ makes it");
    name
}

/// A private inventory and home for running the `pgacct` binary.
pub struct TestEnv {
    pub dir: tempfile::TempDir,
    pub inventory: PathBuf,
}

impl TestEnv {
    pub fn new() -> TestEnv {
        let dir = tempfile::tempdir().expect("temp dir");
        let inventory = dir.path().join("inventory.db");
        TestEnv { dir, inventory }
    }

    /// `pgacct` with no PGACCT_* / PG* / XDG_* variables of the caller, HOME and the XDG
    /// dirs in the temp dir, this inventory, and no colour.
    pub fn cmd(&self) -> assert_cmd::Command {
        assert_cmd::Command::from_std(self.std_cmd())
    }

    /// The same as [`TestEnv::cmd`] as a plain `std::process::Command` (to spawn several).
    pub fn std_cmd(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_pgacct"));
        for (k, _) in std::env::vars_os() {
            let k = k.to_string_lossy();
            if k.starts_with("PG") || k.starts_with("XDG_") {
                cmd.env_remove(k.as_ref());
            }
        }
        let home = self.dir.path();
        cmd.env("HOME", home)
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("PGACCT_INVENTORY", &self.inventory)
            .env("NO_COLOR", "1");
        cmd
    }

    /// Register database `db` of cluster `c` as target `env/db` (admin postgres, password
    /// through `cat <password file>`, never in argv).
    pub fn register(&self, c: &Cluster, env: &str, db: &str) {
        let pwcmd = format!("cat {}", c.password_file.display());
        self.cmd()
            .args(["registry", "add", "--env", env, "--db", db])
            .args(["--host", &c.host, "--port", &c.port.to_string()])
            .args(["--admin-user", &c.superuser, "--sslmode", "disable"])
            .args(["--password-command", &pwcmd])
            .assert()
            .success();
    }

    /// Register database `db` of cluster `c` as target `env/db` with admin role `admin`,
    /// whose `password` goes into a file of this environment read by the password command
    /// (never in argv).
    pub fn register_as(&self, c: &Cluster, env: &str, db: &str, admin: &str, password: &str) {
        let pwfile = self.dir.path().join(format!("{admin}.pw"));
        std::fs::write(&pwfile, password).unwrap();
        self.cmd()
            .args(["registry", "add", "--env", env, "--db", db])
            .args(["--host", &c.host, "--port", &c.port.to_string()])
            .args(["--admin-user", admin, "--sslmode", "disable"])
            .args(["--password-command", &format!("cat {}", pwfile.display())])
            .assert()
            .success();
    }
}

/// Panic (fail the test) unless the PostgreSQL server binaries are installed.
pub fn cluster_binaries_or_panic() {
    if let Err(e) = Cluster::bindir() {
        panic!(
            "these tests need a real PostgreSQL server: {e}\nto fix: {}",
            install_command()
        );
    }
}

/// True when the tests run as root (file modes don't apply; servers run as `postgres`).
pub fn running_as_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// `cmd` rewritten to run as the OS user `user` through `runuser` (we must be root),
/// keeping its program, arguments and environment changes.
pub fn as_user(cmd: &std::process::Command, user: &str) -> std::process::Command {
    let mut r = std::process::Command::new("runuser");
    r.args(["-u", user, "--"])
        .arg(cmd.get_program())
        .args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => r.env(k, v),
            None => r.env_remove(k),
        };
    }
    if let Some(d) = cmd.get_current_dir() {
        r.current_dir(d);
    }
    r
}

/// Run `cmd` with stdout a pipe whose read end is closed before pgacct writes anything
/// (and `stdin` on its stdin); (exit code, stderr). The exit code is None when a signal
/// ended the process (SIGPIPE).
pub fn with_stdout_closed_pipe(
    mut cmd: std::process::Command,
    stdin: Option<&str>,
) -> (Option<i32>, String) {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = cmd
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run pgacct");
    // Nobody will read what pgacct prints.
    drop(child.stdout.take());
    if let (Some(text), Some(mut w)) = (stdin, child.stdin.take()) {
        w.write_all(text.as_bytes()).expect("write pgacct's stdin");
    }
    let out = child.wait_with_output().expect("wait for pgacct");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The JSON document a `pgacct --json` run printed on stdout.
pub fn json_stdout(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// The per-target results of a command that acts on targets, whether it printed one
/// object (one target) or an array of them: new tests read results through this, so they
/// hold whichever shape the command prints.
pub fn target_results(v: &serde_json::Value) -> Vec<serde_json::Value> {
    match v {
        serde_json::Value::Array(items) => items.clone(),
        other => vec![other.clone()],
    }
}

/// The single per-target result of a command run on one target (see [`target_results`]).
pub fn only_result(v: &serde_json::Value) -> serde_json::Value {
    let mut all = target_results(v);
    assert_eq!(all.len(), 1, "expected one target's result, got {v}");
    all.remove(0)
}

/// Give database `s` is connected to (as a superuser) the `public` schema PostgreSQL 15+
/// creates, on 14 and older: no CREATE for PUBLIC, and owned by `owner` (the database
/// owner, as 15+'s `pg_database_owner`) when given. For tests about the default shape;
/// the upgraded-public shape (14's, kept by `pg_upgrade`) has tests of its own. No-op on
/// 15+.
pub fn public_as_on_15(s: &mut postgres::Client, owner: Option<&str>) {
    let num: i32 = s
        .query_one("SELECT current_setting('server_version_num')::int", &[])
        .expect("read server_version_num")
        .get(0);
    if num >= 150000 {
        return;
    }
    s.batch_execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
        .expect("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
    if let Some(o) = owner {
        s.batch_execute(&format!(
            "ALTER SCHEMA public OWNER TO {}",
            postgres_protocol::escape::escape_identifier(o)
        ))
        .expect("ALTER SCHEMA public OWNER TO the database owner");
    }
}

/// Log in as `user` with `password` over TCP to `db` on `c`, as a client would.
pub fn login(
    c: &Cluster,
    db: &str,
    user: &str,
    password: &str,
) -> Result<postgres::Client, postgres::Error> {
    let mut cfg = postgres::Config::new();
    cfg.host(&c.host)
        .port(c.port)
        .user(user)
        .password(password)
        .dbname(db)
        .connect_timeout(std::time::Duration::from_secs(30));
    cfg.connect(postgres::NoTls)
}

/// A server error's message (PostgreSQL's own when it sent one), for assertions.
pub fn pg_message(e: &postgres::Error) -> String {
    e.as_db_error()
        .map(|d| d.message().to_string())
        .unwrap_or_else(|| e.to_string())
}

/// True when a role of that name exists on `c`.
pub fn role_exists(c: &Cluster, name: &str) -> bool {
    c.client("postgres")
        .unwrap()
        .query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&name])
        .unwrap()
        .is_some()
}

/// A verb's stdout: always an array of per-target results (docs/json.md), asserted here;
/// returned as its only result when there is one target, else the array.
pub fn json_of(out: &std::process::Output) -> serde_json::Value {
    match json_stdout(out) {
        serde_json::Value::Array(mut a) if a.len() == 1 => a.remove(0),
        serde_json::Value::Array(a) => serde_json::Value::Array(a),
        other => panic!("a verb printed {other} instead of an array of per-target results"),
    }
}

/// A run's exit code, stdout and stderr, for assertion messages.
pub fn run_text(out: &std::process::Output) -> String {
    format!(
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Assert that a command exited 0, showing its exit code and output when not.
#[track_caller]
pub fn assert_ok(out: &std::process::Output) {
    assert!(out.status.success(), "{}", run_text(out));
}

/// A verb's per-target result(s) ([`json_of`]) after asserting that it exited 0.
#[track_caller]
pub fn ok_json(out: std::process::Output) -> serde_json::Value {
    assert_ok(&out);
    json_of(&out)
}

/// stdout as a JSON array (a command that lists one entry per target or per item).
pub fn json_array(out: &std::process::Output) -> Vec<serde_json::Value> {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// A fresh database on the shared cluster registered as `dev/<db>` in a fresh
/// inventory: (env, db name, "dev/<db>").
pub fn registered_db(prefix: &str) -> (TestEnv, String, String) {
    let c = cluster();
    let db = fresh_db(c, prefix);
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let t = format!("dev/{db}");
    (env, db, t)
}

/// `pgacct` on the inventory file `inv`, without the caller's actor and format
/// variables.
pub fn pgacct_at(inv: &std::path::Path) -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("pgacct").unwrap();
    c.env("PGACCT_INVENTORY", inv)
        .env_remove("PGACCT_ACTOR")
        .env_remove("SUDO_USER")
        .env_remove("PGACCT_FORMAT");
    c
}

/// A temporary directory and the path of an inventory file in it (not created yet).
pub fn temp_inventory() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let inv = dir.path().join("inventory.db");
    (dir, inv)
}
