//! Throwaway PostgreSQL clusters from the system's server binaries, for `pgacct sandbox`
//! and the tests (one code path).
//!
//! [`Cluster::start`] runs `initdb` (scram-sha-256, a generated superuser password) and
//! `pg_ctl -w start` on a free port of 127.0.0.1 with a private socket directory; as root
//! the server binaries run as the `postgres` OS user through `runuser`. Options cover
//! what the tests need: TLS from certificate files the caller made ([`TlsOptions`]; the
//! tests make them in `tests/support/certs.rs`, the binary never does),
//! `log_statement=all` into a log file, extra `pg_hba` lines.
//! A cluster is stopped and its directory removed on drop unless `keep_on_drop`.

use crate::error::{Error, Result};
use crate::secret::Secret;
use std::fs::{self, DirBuilder, OpenOptions};
use std::io::Write;
use std::net::TcpListener;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// What to tell someone whose machine lacks the server binaries.
pub const INSTALL_HINT: &str = "install the PostgreSQL server: apt-get install -y postgresql (or set PG_BINDIR to the directory holding initdb and pg_ctl)";

/// The OS user that runs the server binaries when we are root.
const SERVER_OS_USER: &str = "postgres";

/// Where clusters go unless [`ClusterOptions::root_dir`] says otherwise.
const DEFAULT_ROOT: &str = "/tmp";

/// Prefix of cluster directory names: `pgacct-cluster-<pid>-<n>-<random>`.
const DIR_PREFIX: &str = "pgacct-cluster";

/// Marker file in the directory of a cluster started with `keep_on_drop`.
const KEEP_FILE: &str = "keep";

/// Name of the small state file written into every cluster directory.
const STATE_FILE: &str = "cluster.json";

/// TLS for a cluster: PEM files made by the caller (the tests make them with
/// `tests/support/certs.rs`; pgacct itself never makes a certificate), written into the
/// cluster's `tls/` directory (keys 0600).
#[derive(Debug, Clone, Default)]
pub struct TlsOptions {
    /// The CA certificate (also `ssl_ca_file`, for client certificates).
    pub ca_cert: Vec<u8>,
    /// The CA key, kept next to it so that a test can issue client certificates.
    pub ca_key: Vec<u8>,
    /// The server certificate, signed by the CA.
    pub server_cert: Vec<u8>,
    /// The server certificate's key.
    pub server_key: Vec<u8>,
    /// Only `hostssl` lines in pg_hba.conf (TCP without TLS is rejected).
    pub hostssl_only: bool,
}

/// How to start a [`Cluster`].
#[derive(Debug, Clone)]
pub struct ClusterOptions {
    pub tls: Option<TlsOptions>,
    /// `log_statement = all`.
    pub log_statement_all: bool,
    /// pg_hba.conf lines placed before the default ones (so they win).
    pub extra_hba: Vec<String>,
    /// postgresql.conf lines appended after the defaults (so they win).
    pub extra_conf: Vec<String>,
    /// `password_encryption` (default scram-sha-256). With "md5", pg_hba uses the md5
    /// method, so roles with md5 and with SCRAM verifiers can both log in.
    pub password_encryption: Option<String>,
    /// `fsync` (default off: throwaway data).
    pub fsync: bool,
    /// Directory to create the cluster directory in (default /tmp). Every parent must be
    /// reachable by the `postgres` OS user when running as root.
    pub root_dir: Option<PathBuf>,
    /// Leave the cluster running and its directory in place on drop (the sandbox).
    pub keep_on_drop: bool,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            tls: None,
            log_statement_all: false,
            extra_hba: vec![],
            extra_conf: vec![],
            password_encryption: Some("scram-sha-256".into()),
            fsync: false,
            root_dir: None,
            keep_on_drop: false,
        }
    }
}

/// A running throwaway cluster.
#[derive(Debug)]
pub struct Cluster {
    /// Always "127.0.0.1".
    pub host: String,
    pub port: u16,
    /// The private Unix socket directory.
    pub socket_dir: PathBuf,
    /// Always "postgres".
    pub superuser: String,
    /// The cluster directory (holds data/, the log, the password file, TLS files).
    pub dir: PathBuf,
    pub data_dir: PathBuf,
    pub log_file: PathBuf,
    /// The superuser password, 0600 and owned by the invoking user (`cat` it).
    pub password_file: PathBuf,
    pub ca_cert: Option<PathBuf>,
    pub ca_key: Option<PathBuf>,
    pub server_cert: Option<PathBuf>,
    pub server_key: Option<PathBuf>,
    pub keep_on_drop: bool,
    password: Secret,
    bindir: PathBuf,
    stopped: AtomicBool,
}

fn running_as_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

fn io_err(what: String) -> impl FnOnce(std::io::Error) -> Error {
    move |e| Error::failed(format!("{what}: {e}"))
}

/// `uid`/`gid` of the `postgres` OS user.
fn server_user_ids() -> Result<(u32, u32)> {
    let name = std::ffi::CString::new(SERVER_OS_USER).expect("no NUL");
    // SAFETY: getpwnam returns NULL or a pointer to a static passwd record which we read
    // immediately; the tests and the CLI do not call getpwnam concurrently with this.
    let pw = unsafe { libc::getpwnam(name.as_ptr()) };
    if pw.is_null() {
        return Err(Error::failed(format!(
            "running as root, but there is no `{SERVER_OS_USER}` OS user to run the PostgreSQL server as"
        ))
        .hint(INSTALL_HINT));
    }
    // SAFETY: pw is non-null and points at a valid passwd record.
    let (uid, gid) = unsafe { ((*pw).pw_uid, (*pw).pw_gid) };
    Ok((uid, gid))
}

fn chown(path: &Path, ids: (u32, u32)) -> Result<()> {
    std::os::unix::fs::chown(path, Some(ids.0), Some(ids.1))
        .map_err(io_err(format!("cannot chown {}", path.display())))
}

/// As root, the server runs as `postgres`, which must be able to traverse every directory
/// above the cluster (a 0700 home is not). Say so before initdb fails obscurely.
fn check_reachable(dir: &Path, ids: (u32, u32)) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    for a in dir.ancestors() {
        let m = fs::metadata(a).map_err(io_err(format!("cannot inspect {}", a.display())))?;
        let mode = m.mode();
        let ok = if m.uid() == ids.0 {
            mode & 0o100 != 0
        } else if m.gid() == ids.1 {
            mode & 0o010 != 0
        } else {
            mode & 0o001 != 0
        };
        if !ok {
            return Err(Error::failed(format!(
                "the `{SERVER_OS_USER}` OS user that runs the server cannot reach {}: {} is mode {:04o}",
                dir.display(),
                a.display(),
                mode & 0o7777
            ))
            .hint("put the cluster under a directory every user can traverse, such as /tmp or /var/tmp"));
        }
    }
    Ok(())
}

fn has_server_binaries(dir: &Path) -> bool {
    dir.join("initdb").is_file() && dir.join("pg_ctl").is_file() && dir.join("postgres").is_file()
}

/// Parse "15" or "9.6" into something sortable.
fn version_key(s: &str) -> Vec<u32> {
    s.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

fn output_text(out: &Output) -> String {
    let mut s = String::from_utf8_lossy(&out.stdout).into_owned();
    let e = String::from_utf8_lossy(&out.stderr);
    if !e.trim().is_empty() {
        if !s.is_empty() && !s.ends_with('\n') {
            s.push('\n');
        }
        s.push_str(&e);
    }
    s.trim().to_string()
}

/// Render a postgres client error with the server's message, detail, hint and SQLSTATE.
fn pg_error(what: &str, e: postgres::Error) -> Error {
    if let Some(db) = e.as_db_error() {
        let mut msg = format!("{what}: {}", db.message());
        if let Some(d) = db.detail() {
            msg.push_str(&format!(" ({d})"));
        }
        let mut err = Error::connect(msg).sqlstate(db.code().code());
        if let Some(h) = db.hint() {
            err = err.hint(h.to_string());
        }
        return err;
    }
    let mut msg = format!("{what}: {e}");
    let mut src = std::error::Error::source(&e);
    while let Some(s) = src {
        msg.push_str(&format!(": {s}"));
        src = s.source();
    }
    Error::connect(msg)
}

/// Run a server binary, as `postgres` through `runuser` when we are root.
fn server_command(bindir: &Path, program: &str, cwd: &Path) -> Command {
    let exe = bindir.join(program);
    let mut cmd = if running_as_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", SERVER_OS_USER, "--"]).arg(exe);
        c
    } else {
        Command::new(exe)
    };
    // The server binaries must not pick up a caller's PGDATA, PGPORT, ...
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("PG") {
            cmd.env_remove(k);
        }
    }
    cmd.env("LC_ALL", "C").current_dir(cwd);
    cmd
}

fn run(mut cmd: Command, what: &str) -> Result<Output> {
    let out = cmd
        .output()
        .map_err(|e| Error::failed(format!("cannot run {what}: {e}")))?;
    if !out.status.success() {
        return Err(Error::failed(format!(
            "{what} failed ({}): {}",
            out.status,
            output_text(&out)
        )));
    }
    Ok(out)
}

/// A unique name for a new directory.
fn unique_name(prefix: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let r: u32 = rand::random();
    format!("{prefix}-{}-{n}-{r:08x}", std::process::id())
}

/// Write a private (0600) file, refusing to follow an existing one.
fn write_private(path: &Path, contents: &[u8]) -> Result<()> {
    let mut f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(io_err(format!("cannot create {}", path.display())))?;
    f.write_all(contents)
        .map_err(io_err(format!("cannot write {}", path.display())))
}

fn free_port() -> Result<u16> {
    let l = TcpListener::bind("127.0.0.1:0")
        .map_err(io_err("cannot find a free TCP port on 127.0.0.1".into()))?;
    Ok(l.local_addr()
        .map_err(io_err("cannot read the bound port".into()))?
        .port())
}

fn conf_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

impl Cluster {
    /// The directory with `initdb`, `pg_ctl` and `postgres`: `PG_BINDIR`, else
    /// `pg_config --bindir`, else the newest `/usr/lib/postgresql/*/bin`.
    pub fn bindir() -> Result<PathBuf> {
        if let Some(dir) = std::env::var_os("PG_BINDIR").filter(|d| !d.is_empty()) {
            let dir = PathBuf::from(dir);
            if has_server_binaries(&dir) {
                return Ok(dir);
            }
            return Err(Error::failed(format!(
                "PG_BINDIR={} holds no PostgreSQL server binaries (initdb, pg_ctl, postgres)",
                dir.display()
            ))
            .hint(INSTALL_HINT));
        }
        if let Ok(out) = Command::new("pg_config").arg("--bindir").output() {
            if out.status.success() {
                let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
                if has_server_binaries(&dir) {
                    return Ok(dir);
                }
            }
        }
        let mut found: Vec<(Vec<u32>, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| {
                let bin = e.path().join("bin");
                has_server_binaries(&bin)
                    .then(|| (version_key(&e.file_name().to_string_lossy()), bin))
            })
            .collect();
        found.sort();
        match found.pop() {
            Some((_, dir)) => Ok(dir),
            None => Err(Error::failed(
                "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found: PG_BINDIR is unset, `pg_config --bindir` has none, nothing in /usr/lib/postgresql/*/bin",
            )
            .hint(INSTALL_HINT)),
        }
    }

    /// Create, configure and start a new cluster.
    pub fn start(opts: ClusterOptions) -> Result<Cluster> {
        let bindir = Cluster::bindir()?;
        let root = running_as_root();
        let ids = if root { Some(server_user_ids()?) } else { None };

        if opts.root_dir.is_none() {
            reap_orphans(Path::new(DEFAULT_ROOT));
        }
        let parent = opts
            .root_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_ROOT));
        if !parent.exists() {
            DirBuilder::new()
                .recursive(true)
                .mode(0o755)
                .create(&parent)
                .map_err(io_err(format!("cannot create {}", parent.display())))?;
        }
        let parent = fs::canonicalize(&parent)
            .map_err(io_err(format!("cannot use {}", parent.display())))?;
        if let Some(ids) = ids {
            check_reachable(&parent, ids)?;
        }
        let dir = parent.join(unique_name(DIR_PREFIX));
        DirBuilder::new()
            .mode(0o700)
            .create(&dir)
            .map_err(io_err(format!("cannot create {}", dir.display())))?;

        let password = Secret::generate(32)?;
        let password_file = dir.join("password");
        let data_dir = dir.join("data");
        let socket_dir = dir.join("socket");
        let log_file = dir.join("server.log");
        let mut cluster = Cluster {
            host: "127.0.0.1".into(),
            port: 0,
            socket_dir: socket_dir.clone(),
            superuser: "postgres".into(),
            dir: dir.clone(),
            data_dir: data_dir.clone(),
            log_file: log_file.clone(),
            password_file: password_file.clone(),
            ca_cert: None,
            ca_key: None,
            server_cert: None,
            server_key: None,
            // Until started, a failure must clean up after itself.
            keep_on_drop: false,
            password,
            bindir,
            // Nothing runs yet: dropping only removes the directory.
            stopped: AtomicBool::new(true),
        };

        write_private(&password_file, cluster.password.expose().as_bytes())?;
        DirBuilder::new()
            .mode(0o700)
            .create(&socket_dir)
            .map_err(io_err(format!("cannot create {}", socket_dir.display())))?;
        // initdb reads the password from a file the server user can read; delete it after.
        let pwfile = dir.join("initdb.pw");
        write_private(&pwfile, cluster.password.expose().as_bytes())?;
        if let Some(ids) = ids {
            chown(&dir, ids)?;
            chown(&socket_dir, ids)?;
            chown(&pwfile, ids)?;
        }

        let mut initdb = server_command(&cluster.bindir, "initdb", &dir);
        initdb
            .arg("-D")
            .arg(&data_dir)
            .args([
                "-U",
                "postgres",
                "--auth=scram-sha-256",
                "--no-sync",
                "--encoding=UTF8",
                "--locale=C",
            ])
            .arg(format!("--pwfile={}", pwfile.display()));
        let initdb_result = run(initdb, "initdb");
        let _ = fs::remove_file(&pwfile);
        initdb_result?;

        // TLS files, owned by the server user with a 0600 key.
        let mut conf = vec![
            "# pgacct throwaway cluster".to_string(),
            "listen_addresses = '127.0.0.1'".into(),
            format!(
                "unix_socket_directories = {}",
                conf_quote(&socket_dir.to_string_lossy())
            ),
            format!("fsync = {}", if opts.fsync { "on" } else { "off" }),
            "synchronous_commit = off".into(),
            "full_page_writes = off".into(),
            "max_connections = 200".into(),
            "shared_buffers = 32MB".into(),
            "logging_collector = off".into(),
            "log_line_prefix = '%m [%p] %q%u@%d '".into(),
            format!(
                "password_encryption = {}",
                conf_quote(
                    opts.password_encryption
                        .as_deref()
                        .unwrap_or("scram-sha-256")
                )
            ),
        ];
        if opts.log_statement_all {
            conf.push("log_statement = 'all'".into());
        }
        // With md5 password_encryption, roles get md5 verifiers, which the scram-sha-256
        // method cannot check; the md5 method accepts both (scram ones with SCRAM).
        let method = match opts.password_encryption.as_deref() {
            Some(pe) if pe.eq_ignore_ascii_case("md5") => "md5",
            _ => "scram-sha-256",
        };
        let mut hba: Vec<String> = opts.extra_hba.clone();
        hba.push(format!("local all all {method}"));
        if let Some(tls) = &opts.tls {
            let tls_dir = dir.join("tls");
            DirBuilder::new()
                .mode(0o755)
                .create(&tls_dir)
                .map_err(io_err(format!("cannot create {}", tls_dir.display())))?;
            let ca_cert = tls_dir.join("ca.crt");
            let ca_key = tls_dir.join("ca.key");
            let cert = tls_dir.join("server.crt");
            let key = tls_dir.join("server.key");
            // Keys 0600 (the server's chowned to it below); certificates readable by all,
            // as openssl writes them.
            write_private(&ca_cert, &tls.ca_cert)?;
            fs::set_permissions(&ca_cert, fs::Permissions::from_mode(0o644))
                .map_err(io_err(format!("cannot chmod {}", ca_cert.display())))?;
            write_private(&ca_key, &tls.ca_key)?;
            write_private(&cert, &tls.server_cert)?;
            fs::set_permissions(&cert, fs::Permissions::from_mode(0o644))
                .map_err(io_err(format!("cannot chmod {}", cert.display())))?;
            write_private(&key, &tls.server_key)?;
            if let Some(ids) = ids {
                chown(&cert, ids)?;
                chown(&key, ids)?;
            }
            conf.push("ssl = on".into());
            conf.push(format!(
                "ssl_cert_file = {}",
                conf_quote(&cert.to_string_lossy())
            ));
            conf.push(format!(
                "ssl_key_file = {}",
                conf_quote(&key.to_string_lossy())
            ));
            conf.push(format!(
                "ssl_ca_file = {}",
                conf_quote(&ca_cert.to_string_lossy())
            ));
            let kind = if tls.hostssl_only { "hostssl" } else { "host" };
            hba.push(format!("{kind} all all 127.0.0.1/32 {method}"));
            hba.push(format!("{kind} all all ::1/128 {method}"));
            cluster.ca_cert = Some(ca_cert);
            cluster.ca_key = Some(ca_key);
            cluster.server_cert = Some(cert);
            cluster.server_key = Some(key);
        } else {
            hba.push(format!("host all all 127.0.0.1/32 {method}"));
            hba.push(format!("host all all ::1/128 {method}"));
        }
        conf.extend(opts.extra_conf.iter().cloned());

        let conf_path = data_dir.join("postgresql.conf");
        let mut f = OpenOptions::new()
            .append(true)
            .open(&conf_path)
            .map_err(io_err(format!("cannot open {}", conf_path.display())))?;
        f.write_all(format!("\n{}\n", conf.join("\n")).as_bytes())
            .map_err(io_err(format!("cannot write {}", conf_path.display())))?;
        let hba_path = data_dir.join("pg_hba.conf");
        // Overwrite in place: the file keeps its owner (the server user) and mode.
        fs::write(
            &hba_path,
            format!("# pgacct throwaway cluster\n{}\n", hba.join("\n")),
        )
        .map_err(io_err(format!("cannot write {}", hba_path.display())))?;

        // The log is created by the test process so it can always read it.
        OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o644)
            .open(&log_file)
            .map_err(io_err(format!("cannot create {}", log_file.display())))?;
        if let Some(ids) = ids {
            chown(&log_file, ids)?;
        }

        // From here on a drop tries `pg_ctl stop` (a timed-out start may have left a server).
        cluster.stopped.store(false, Ordering::SeqCst);
        let mut last_err = None;
        for _attempt in 0..5 {
            let port = free_port()?;
            cluster.port = port;
            let before = fs::metadata(&log_file).map(|m| m.len()).unwrap_or(0);
            let mut pg_ctl = server_command(&cluster.bindir, "pg_ctl", &dir);
            pg_ctl
                .args(["-w", "-t", "60", "-D"])
                .arg(&data_dir)
                .arg("-l")
                .arg(&log_file)
                .args(["-o", &format!("-p {port}"), "start"]);
            match run(pg_ctl, "pg_ctl start") {
                Ok(_) => {
                    cluster.keep_on_drop = opts.keep_on_drop;
                    if opts.keep_on_drop {
                        fs::write(dir.join(KEEP_FILE), b"")
                            .map_err(io_err(format!("cannot write {}", dir.display())))?;
                    }
                    cluster.write_state()?;
                    return Ok(cluster);
                }
                Err(e) => {
                    let log = cluster.log();
                    let new = log.get(before as usize..).unwrap_or(&log).to_string();
                    let collision =
                        new.contains("Address already in use") || new.contains("could not bind");
                    last_err = Some(
                        Error::failed(format!(
                            "{} (cluster in {}, port {port}); end of the server log:\n{}",
                            e.message,
                            dir.display(),
                            tail(&log, 20)
                        ))
                        .hint(format!("see the server log {}", log_file.display())),
                    );
                    if !collision {
                        break;
                    }
                }
            }
        }
        Err(last_err.unwrap_or_else(|| Error::failed("pg_ctl start failed")))
    }

    /// The superuser password.
    pub fn password(&self) -> Secret {
        Secret::new(self.password.expose().to_string())
    }

    /// The server's major version (14, 15, ...), from the `PG_VERSION` file initdb wrote
    /// into the data directory.
    pub fn major_version(&self) -> Result<u32> {
        let path = self.data_dir.join("PG_VERSION");
        let text =
            fs::read_to_string(&path).map_err(io_err(format!("cannot read {}", path.display())))?;
        text.trim().parse().map_err(|_| {
            Error::failed(format!(
                "{} holds {:?}, not a PostgreSQL major version",
                path.display(),
                text.trim()
            ))
        })
    }

    /// The server log so far.
    pub fn log(&self) -> String {
        fs::read(&self.log_file)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default()
    }

    /// Client configuration for the superuser over TCP to `db`.
    pub fn config(&self, db: &str) -> postgres::Config {
        let mut c = postgres::Config::new();
        c.host(&self.host)
            .port(self.port)
            .user(&self.superuser)
            .password(self.password.expose())
            .dbname(db)
            .application_name("pgacct-tests")
            .connect_timeout(std::time::Duration::from_secs(30));
        c
    }

    /// A superuser connection over TCP without TLS.
    pub fn client(&self, db: &str) -> Result<postgres::Client> {
        self.config(db).connect(postgres::NoTls).map_err(|e| {
            pg_error(
                &format!("cannot connect to {}:{} db {db}", self.host, self.port),
                e,
            )
        })
    }

    /// Stop the server (`pg_ctl stop -m fast`). Idempotent.
    pub fn stop(&mut self) -> Result<()> {
        self.stop_inner()
    }

    fn stop_inner(&self) -> Result<()> {
        if self.stopped.swap(true, Ordering::SeqCst) {
            return Ok(());
        }
        stop_data_dir(&self.bindir, &self.dir, &self.data_dir)
    }

    /// Stop the server and remove its directory now, whatever `keep_on_drop` says
    /// (for shared clusters held in statics, which are never dropped).
    pub fn destroy(&self) {
        let _ = self.stop_inner();
        let _ = fs::remove_dir_all(&self.dir);
    }

    fn write_state(&self) -> Result<()> {
        let state = serde_json::json!({
            "host": self.host,
            "port": self.port,
            "superuser": self.superuser,
            "socket_dir": self.socket_dir,
            "data_dir": self.data_dir,
            "log_file": self.log_file,
            "password_file": self.password_file,
            "ca_cert": self.ca_cert,
        });
        let path = self.dir.join(STATE_FILE);
        fs::write(&path, serde_json::to_vec_pretty(&state).unwrap_or_default())
            .map_err(io_err(format!("cannot write {}", path.display())))
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if self.keep_on_drop {
            return;
        }
        self.destroy();
    }
}

/// Stop and remove clusters in `parent` whose creating process is gone without cleaning
/// up (killed test runs) and that were not meant to be kept. Best effort, silent.
fn reap_orphans(parent: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix(DIR_PREFIX)
            .and_then(|r| r.strip_prefix('-'))
            .and_then(|r| r.split('-').next())
            .and_then(|p| p.parse::<i32>().ok())
        else {
            continue;
        };
        let dir = e.path();
        if pid <= 0 || dir.join(KEEP_FILE).exists() || !dir.join(STATE_FILE).exists() {
            continue;
        }
        // SAFETY: kill with signal 0 only checks whether the process exists.
        let alive = unsafe { libc::kill(pid, 0) } == 0
            || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM);
        if !alive {
            let _ = stop_and_remove_dir(&dir);
        }
    }
}

fn stop_data_dir(bindir: &Path, dir: &Path, data_dir: &Path) -> Result<()> {
    let mut pg_ctl = server_command(bindir, "pg_ctl", dir);
    pg_ctl
        .args(["-w", "-t", "60", "-m", "fast", "-D"])
        .arg(data_dir)
        .arg("stop");
    run(pg_ctl, "pg_ctl stop").map(|_| ())
}

/// What a cluster directory left behind by an earlier process says about itself.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ClusterStatus {
    pub dir: PathBuf,
    pub running: bool,
    pub port: Option<u16>,
    pub host: Option<String>,
    pub password_file: Option<PathBuf>,
    pub log_file: Option<PathBuf>,
}

/// Inspect a cluster directory made by [`Cluster::start`] (possibly by another process).
pub fn status_of(dir: &Path) -> Result<ClusterStatus> {
    let state: Option<serde_json::Value> = fs::read(dir.join(STATE_FILE))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok());
    let field = |k: &str| state.as_ref().and_then(|s| s.get(k)).cloned();
    let data_dir = dir.join("data");
    let running = data_dir.join("postmaster.pid").exists() && {
        let bindir = Cluster::bindir()?;
        let mut st = server_command(&bindir, "pg_ctl", dir);
        st.arg("-D").arg(&data_dir).arg("status");
        st.output().map(|o| o.status.success()).unwrap_or(false)
    };
    Ok(ClusterStatus {
        dir: dir.to_path_buf(),
        running,
        port: field("port").and_then(|v| v.as_u64()).map(|p| p as u16),
        host: field("host").and_then(|v| v.as_str().map(String::from)),
        password_file: field("password_file").and_then(|v| v.as_str().map(PathBuf::from)),
        log_file: field("log_file").and_then(|v| v.as_str().map(PathBuf::from)),
    })
}

/// Stop the cluster in `dir` (made by [`Cluster::start`], maybe in another process) and
/// remove the directory. Returns whether a server was running.
pub fn stop_and_remove_dir(dir: &Path) -> Result<bool> {
    if !dir.join(STATE_FILE).exists() && !dir.join("data").join("PG_VERSION").exists() {
        return Err(Error::failed(format!(
            "{} is not a pgacct cluster directory (no {STATE_FILE}, no data/PG_VERSION); not removed",
            dir.display()
        )));
    }
    let st = status_of(dir)?;
    if st.running {
        let bindir = Cluster::bindir()?;
        stop_data_dir(&bindir, dir, &dir.join("data"))?;
    }
    fs::remove_dir_all(dir).map_err(io_err(format!("cannot remove {}", dir.display())))?;
    Ok(st.running)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_sort_numerically() {
        let mut v = [version_key("9.6"), version_key("15"), version_key("10")];
        v.sort();
        assert_eq!(v.last().unwrap(), &vec![15]);
    }

    #[test]
    fn log_tail_keeps_the_last_lines() {
        assert_eq!(tail("a\nb\nc\nd", 2), "c\nd");
        assert_eq!(tail("a", 5), "a");
    }
}
