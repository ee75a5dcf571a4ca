//! Connecting to targets: admin credentials, TLS with libpq semantics, session settings.
//!
//! Every command that talks to a server gets its [`Session`] from [`connect`] (or
//! [`connect_database`] for another database of the same cluster). What happens there:
//!
//! 1. the admin role and password are resolved ([`credentials`]): the target's admin
//!    role or `PGACCT_ADMIN_USER`; the password from `PGACCT_ADMIN_PASSWORD`, the target's
//!    password command, the libpq password file, or a prompt when the server asks and
//!    stdin is a terminal. Resolved credentials are kept for the life of the process per
//!    target, so a prompt is asked at most once per target;
//! 2. the sslmode (the target's, else `PGSSLMODE`, else `prefer`) and the root
//!    certificate (the target's, else `PGSSLROOTCERT`, else `~/.postgresql/root.crt` if
//!    it exists) decide the attempts and what the OpenSSL connector verifies ([`tls`]);
//!    the client certificate and key are the target's, else `PGSSLCERT`/`PGSSLKEY`;
//! 3. each attempt runs with `application_name=pgacct`, and on [`Purpose::Change`]
//!    sessions `lock_timeout` and `statement_timeout`; the whole attempt (TCP, TLS,
//!    authentication) is bounded by the connect timeout, also against a server that
//!    accepts the TCP connection and never answers;
//! 4. server NOTICE/WARNING messages go to stderr; errors become pgacct errors with
//!    PostgreSQL's message, detail, hint and SQLSTATE ([`pg_error`]).
//!
//! `hostaddr`: a target may carry an IP address to connect to while TLS still verifies
//! the certificate against `host` (libpq's `hostaddr`), registered with
//! `registry add --hostaddr`.

pub mod credentials;
pub mod deadline;
pub mod errors;
pub mod flight;
pub mod pgpass;
pub mod tls;
pub mod warm;

pub use credentials::Credentials;

use crate::error::{Error, Result};
use crate::inventory::targets::{SslMode, Target};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock, mpsc};
use std::time::Duration;

/// Timeouts for connections and changing sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectSettings {
    pub connect_timeout: Duration,
    pub lock_timeout: Duration,
    pub statement_timeout: Duration,
}

impl Default for ConnectSettings {
    fn default() -> Self {
        ConnectSettings {
            connect_timeout: Duration::from_secs(10),
            lock_timeout: Duration::from_secs(5),
            statement_timeout: Duration::from_secs(60),
        }
    }
}

impl ConnectSettings {
    pub fn from_context(ctx: &crate::context::Context) -> Self {
        ConnectSettings {
            connect_timeout: ctx.connect_timeout(),
            lock_timeout: ctx.lock_timeout(),
            statement_timeout: ctx.statement_timeout(),
        }
    }
}

/// What a session is for. Change sessions get `lock_timeout` and `statement_timeout`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Read,
    Change,
}

/// TLS as it ended up on the connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TlsInfo {
    pub in_use: bool,
    /// e.g. "TLSv1.3", from pg_stat_ssl.
    pub protocol: Option<String>,
    /// The certificate chain was verified against the root certificate.
    pub verified: bool,
    /// The certificate was checked to name the host (verify-full).
    pub hostname_verified: bool,
}

/// An open admin session on one database of a target.
pub struct Session {
    pub client: postgres::Client,
    pub target: Target,
    pub database: String,
    pub admin_user: String,
    /// Where the password came from, e.g. "PGACCT_ADMIN_PASSWORD", "password command",
    /// ".pgpass (/path)", "prompt", or "none" when the server asked for none.
    pub credential_source: String,
    pub tls: TlsInfo,
    /// The sslmode that applied (the target's, or PGSSLMODE's, or prefer).
    pub sslmode: SslMode,
    /// None until known: after a pipelined login, until the session's first read was
    /// answered ([`Session::settle`]). Read through [`Session::server_version_num`].
    server_version_num: Option<i32>,
    pub password_encryption: String,
    /// pg_control_system()'s system identifier, when the admin may read it.
    pub system_identifier: Option<String>,
    creds: Arc<Credentials>,
    /// The root certificate setting that applied, for error hints.
    sslrootcert: Option<String>,
    /// The session's first read, queued to go with the first request of its work
    /// ([`connect_deferred`]); [`Session::settle`] fills the fields above from it.
    deferred: Option<flight::DeferredFacts>,
}

impl Session {
    /// The session's first read, when it is still queued or unread ([`connect_deferred`]).
    pub fn deferred(&self) -> Option<&flight::DeferredFacts> {
        self.deferred.as_ref()
    }

    /// The server's `server_version_num`, once known: None before the session's first
    /// read was answered after a pipelined login ([`Session::settle`]).
    pub fn server_version_num(&self) -> Option<i32> {
        self.server_version_num
    }

    /// The server's `server_version_num`, for readers that run once the session is
    /// settled: an internal error (never a placeholder) when it is not known yet.
    pub fn version(&self) -> Result<i32> {
        self.server_version_num.ok_or_else(|| {
            Error::failed(
                "internal error: the server version is not known yet (the session's first read was not answered)",
            )
            .on(self.target.name())
        })
    }

    /// Fill what the session's first read says (password_encryption, TLS, identity) once
    /// it went out with the first request of the work (sent now if nothing went yet);
    /// refuses a change session on a server that is not the one recorded.
    pub fn settle(&mut self) -> Result<()> {
        let Some(d) = self.deferred.clone() else {
            return Ok(());
        };
        if !d.is_received() {
            self.client
                .pipeline(|_| async { Ok(()) })
                .map_err(|e| self.pg_error(&e))?;
        }
        // Kept until the identity check passed: a refused server stays refused.
        let f = d.facts()?;
        self.deferred = None;
        self.server_version_num = Some(f.server_version_num);
        self.password_encryption = f.password_encryption;
        self.tls = f.tls;
        self.system_identifier = f.system_identifier;
        Ok(())
    }

    /// Map an error of this session, redacting the admin password should it appear.
    pub fn pg_error(&self, e: &postgres::Error) -> Error {
        errors::map(
            e,
            &self.target,
            &errors::ErrorContext {
                user: Some(&self.admin_user),
                source: Some(&self.credential_source),
                secret: self.creds.password.as_ref(),
                sslmode: Some(self.sslmode.as_str()),
                sslrootcert: self.sslrootcert.as_deref(),
                database: Some(&self.database),
                connect_timeout: None,
            },
        )
    }

    /// Another database of the same target, with the same credentials (no new prompt).
    pub fn reconnect(
        &self,
        settings: &ConnectSettings,
        database: &str,
        purpose: Purpose,
    ) -> Result<Session> {
        connect_with(
            settings,
            &self.target,
            database,
            purpose,
            self.creds.clone(),
        )
    }

    /// The credentials this session authenticated with.
    pub fn credentials(&self) -> &Arc<Credentials> {
        &self.creds
    }
}

/// Connect to the target's own database as its admin role.
pub fn connect(settings: &ConnectSettings, target: &Target, purpose: Purpose) -> Result<Session> {
    connect_database(settings, target, &target.database, purpose)
}

/// [`connect`], with the session's own first read (server version, TLS, identity) queued
/// to go out with the first request of the work, in the same flight (one round trip
/// fewer; the SCRAM login's last message goes with that flight too, see
/// docs/ARCHITECTURE.md "The pipelined login"): what it says (server version,
/// password_encryption, TLS, identity) is the session's once [`Session::settle`] has read
/// the answer (planners take the version from the answer before: `SessionFacts::version`).
/// Nothing that changes the server may be sent before `settle` (the identity check); the
/// engine settles before it applies.
pub fn connect_deferred(
    settings: &ConnectSettings,
    target: &Target,
    purpose: Purpose,
) -> Result<Session> {
    if let Some(s) = warm::take(settings, target, purpose) {
        return Ok(s);
    }
    connect_reading(settings, target, purpose, &flight::Flight::deferring()).map(|(s, _)| s)
}

/// Connect to another database of the target's cluster, reusing the credentials already
/// resolved for this target in this process (a prompt is asked at most once per target).
pub fn connect_database(
    settings: &ConnectSettings,
    target: &Target,
    database: &str,
    purpose: Purpose,
) -> Result<Session> {
    let creds = credentials_for(target)?;
    connect_with(settings, target, database, purpose, creds)
}

/// [`connect`], sending `reads` in the same flight as the session's own first read
/// (server version, TLS, identity): one round trip after login for both. The identity
/// check still comes before anything else is sent. Returns the rows of each read.
pub fn connect_reading(
    settings: &ConnectSettings,
    target: &Target,
    purpose: Purpose,
    reads: &flight::Flight,
) -> Result<(Session, Vec<Vec<postgres::Row>>)> {
    let creds = credentials_for(target)?;
    let mut rows = vec![];
    let s = connect_full(
        settings,
        target,
        &target.database,
        purpose,
        creds,
        Some((reads, &mut rows)),
    )?;
    Ok((s, rows))
}

/// Map an error on `target`. Uses what this process knows about the target's
/// credentials (source, and the password to redact) when it has connected before.
pub fn pg_error(e: &postgres::Error, target: &Target) -> Error {
    let creds = cached(target);
    let rootcert = effective_sslrootcert(target);
    errors::map(
        e,
        target,
        &errors::ErrorContext {
            user: creds.as_ref().map(|c| c.user.as_str()),
            source: creds.as_ref().map(|c| c.source.as_str()),
            secret: creds.as_ref().and_then(|c| c.password.as_ref()),
            sslrootcert: rootcert.as_deref(),
            ..Default::default()
        },
    )
}

/// The sslmode that applies to `target`: its own, else `PGSSLMODE`, else `prefer`.
pub fn effective_sslmode(target: &Target) -> Result<SslMode> {
    if target.sslmode_explicit {
        return Ok(target.sslmode);
    }
    match std::env::var("PGSSLMODE") {
        Ok(v) if !v.is_empty() => v.parse::<SslMode>().map_err(|e| {
            Error::usage(format!("PGSSLMODE: {}", e.message)).hint(
                "PGSSLMODE must be one of disable, allow, prefer, require, verify-ca, verify-full",
            )
        }),
        _ => Ok(target.sslmode),
    }
}

/// The root certificate setting that applies: the target's, else `PGSSLROOTCERT`, else
/// libpq's default `~/.postgresql/root.crt` when that file exists.
pub fn effective_sslrootcert(target: &Target) -> Option<String> {
    target
        .sslrootcert
        .clone()
        .filter(|s| !s.is_empty())
        .or_else(|| {
            std::env::var("PGSSLROOTCERT")
                .ok()
                .filter(|s| !s.is_empty())
        })
        .or_else(|| {
            let p = dirs::home_dir()?.join(".postgresql").join("root.crt");
            p.is_file().then(|| p.display().to_string())
        })
}

fn cache() -> &'static Mutex<HashMap<String, Arc<Credentials>>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<Credentials>>>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

fn cache_key(target: &Target) -> String {
    format!("{}\u{0}{}", target.name(), target.server())
}

fn cached(target: &Target) -> Option<Arc<Credentials>> {
    cache()
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(&cache_key(target))
        .cloned()
}

/// The target's credentials: those this process resolved already (a prompt is asked at
/// most once per target), else resolved now and kept.
fn credentials_for(target: &Target) -> Result<Arc<Credentials>> {
    if let Some(c) = cached(target) {
        return Ok(c);
    }
    let c = Arc::new(credentials::resolve(target, &warn_once)?);
    remember(target, c.clone());
    Ok(c)
}

fn remember(target: &Target, c: Arc<Credentials>) {
    cache()
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(cache_key(target), c);
}

/// Print a warning on stderr once per process (e.g. an ignored password file, which
/// would otherwise be reported for every target).
fn warn_once(msg: &str) {
    static SEEN: OnceLock<Mutex<HashSet<String>>> = OnceLock::new();
    let seen = SEEN.get_or_init(|| Mutex::new(HashSet::new()));
    if seen
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(msg.to_string())
    {
        eprintln!("warning: {}", crate::output::sanitize(msg));
    }
}

/// Passwords typed at the prompt in this run, by server and admin role: one prompt per
/// server and role, whatever the number of its databases among the targets.
fn typed() -> &'static Mutex<HashMap<String, Arc<Credentials>>> {
    static TYPED: OnceLock<Mutex<HashMap<String, Arc<Credentials>>>> = OnceLock::new();
    TYPED.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Serializes prompting: at most one prompt on the terminal at a time, and a target
/// whose password was prompted for by another thread meanwhile is not asked again.
fn prompt_lock() -> &'static Mutex<()> {
    static LOCK: OnceLock<Mutex<()>> = OnceLock::new();
    LOCK.get_or_init(|| Mutex::new(()))
}

/// Why one connection attempt failed.
enum AttemptError {
    Pg(postgres::Error),
    /// The whole attempt did not finish within the connect timeout.
    Timeout,
}

/// Connect with already-resolved credentials.
pub fn connect_with(
    settings: &ConnectSettings,
    target: &Target,
    database: &str,
    purpose: Purpose,
    creds: Arc<Credentials>,
) -> Result<Session> {
    connect_full(settings, target, database, purpose, creds, None)
}

/// [`connect_with`], sending `reads` in the same flight as the session's first read (the
/// PostgreSQL inventory's own first reads). Returns the rows of each read.
pub fn connect_with_reading(
    settings: &ConnectSettings,
    target: &Target,
    database: &str,
    creds: Arc<Credentials>,
    reads: &flight::Flight,
) -> Result<(Session, Vec<Vec<postgres::Row>>)> {
    let mut rows = vec![];
    let s = connect_full(
        settings,
        target,
        database,
        Purpose::Read,
        creds,
        Some((reads, &mut rows)),
    )?;
    Ok((s, rows))
}

/// Reads to send with the session's first read, and where their rows go.
type FirstReads<'r> = Option<(&'r flight::Flight, &'r mut Vec<Vec<postgres::Row>>)>;

fn connect_full(
    settings: &ConnectSettings,
    target: &Target,
    database: &str,
    purpose: Purpose,
    mut creds: Arc<Credentials>,
    mut reads: FirstReads<'_>,
) -> Result<Session> {
    let sslmode = effective_sslmode(target).map_err(|e| e.on(target.name()))?;
    let rootcert_setting = effective_sslrootcert(target);
    let root = tls::RootCert::from_setting(rootcert_setting.as_deref());
    let plan = tls::plan(sslmode, &root, target.is_socket()).map_err(|e| e.on(target.name()))?;
    // Building an OpenSSL connector loads the system's trusted roots (a good part of a
    // short run's CPU time): only when some attempt may use TLS.
    let connector = if plan.attempts.iter().any(|a| *a != tls::Attempt::Plain) {
        Some(
            tls::connector(
                &plan,
                &root,
                target.sslcert.as_deref(),
                target.sslkey.as_deref(),
            )
            .map_err(|e| e.on(target.name()))?,
        )
    } else {
        None
    };
    let hostaddr = match &target.hostaddr {
        Some(a) => Some(a.parse::<std::net::IpAddr>().map_err(|_| {
            Error::usage(format!("hostaddr: {a:?} is not an IP address"))
                .on(target.name())
                .hint(format!(
                    "fix it with `pgacct registry set {} --hostaddr IP`",
                    target.name()
                ))
        })?),
        None => None,
    };
    let cx = AttemptContext {
        target,
        database,
        sslmode,
        rootcert: &rootcert_setting,
        settings,
        purpose,
    };
    let mut prompted = false;
    'auth: loop {
        let mut last: Option<AttemptError> = None;
        for (i, attempt) in plan.attempts.iter().enumerate() {
            let mut config = tokio_postgres::Config::new();
            config.require_auth(require_auth(
                target,
                *attempt == tls::Attempt::TlsRequired && plan.verify_hostname,
            )?);
            if target.is_socket() {
                config.host_path(&target.host);
            } else {
                config.host(&target.host);
            }
            if let Some(ip) = hostaddr {
                config.hostaddr(ip);
            }
            config
                .port(target.port)
                .dbname(database)
                .user(&creds.user)
                .application_name("pgacct")
                .connect_timeout(settings.connect_timeout)
                // A peer that vanished (host down, network cut) is noticed within about
                // a minute of silence, and data left unacknowledged ends the connection
                // at the deadline; a server that is stuck but whose kernel still answers
                // is caught by the deadline's watchdog (`deadline`).
                .keepalives(true)
                .keepalives_idle(Duration::from_secs(30))
                .keepalives_interval(Duration::from_secs(10))
                .keepalives_retries(3)
                .ssl_mode(tls::pg_mode(*attempt))
                // The SCRAM login's last message goes out with the session's first flight,
                // which is read-only (`finish`'s first read, or the engine's first flight,
                // settled before anything that changes the server is sent): one round trip
                // fewer. A refused login fails that flight with the server's error.
                .pipeline_login(true);
            if let Some(d) = deadline::for_statement_timeout(settings.statement_timeout) {
                config.tcp_user_timeout(d).response_deadline(d);
            }
            if let Some(pw) = &creds.password {
                config.password(pw.expose());
            }
            if purpose == Purpose::Change {
                config.options(format!(
                    "-c lock_timeout={} -c statement_timeout={}",
                    settings.lock_timeout.as_millis(),
                    settings.statement_timeout.as_millis()
                ));
            }
            let mut config = postgres::Config::from(config);
            let name = target.name();
            config.notice_callback(move |n| {
                let mut line = format!("{} ({}): {}", n.severity(), name, n.message());
                if let Some(d) = n.detail() {
                    line.push_str(&format!("; detail: {d}"));
                }
                if let Some(h) = n.hint() {
                    line.push_str(&format!("; hint: {h}"));
                }
                eprintln!("{}", crate::output::sanitize(&line));
            });
            let attempted = match &connector {
                Some(c) if *attempt != tls::Attempt::Plain => {
                    connect_bounded(config, c.clone(), settings.connect_timeout, target)
                }
                _ => connect_bounded(config, postgres::NoTls, settings.connect_timeout, target),
            };
            // The login's end comes with the first read's answer: an error there (a
            // refused login) is an attempt's error, as it was before the login was
            // pipelined.
            let reborrowed = reads.as_mut().map(|(f, out)| (*f, &mut **out));
            let finished =
                attempted.and_then(
                    |client| match finish(client, &cx, &creds, &plan, reborrowed) {
                        Ok(s) => Ok(Ok(s)),
                        Err(Finished::Pg(e)) => Err(AttemptError::Pg(e)),
                        Err(Finished::Other(e)) => Ok(Err(e)),
                    },
                );
            match finished {
                Ok(done) => return done,
                Err(AttemptError::Pg(e)) => {
                    let missing = errors::is_password_missing(&e);
                    if missing && creds.password.is_none() && !prompted {
                        prompted = true;
                        let _guard = prompt_lock().lock().unwrap_or_else(|p| p.into_inner());
                        // Another thread may have prompted for this target meanwhile.
                        if let Some(c) = cached(target).filter(|c| c.password.is_some()) {
                            creds = c;
                            continue 'auth;
                        }
                        // Typed already for another database of this server and role.
                        let typed_key = format!("{}\u{0}{}", target.server(), creds.user);
                        let earlier = typed()
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .get(&typed_key)
                            .cloned();
                        if let Some(c) = earlier {
                            remember(target, c.clone());
                            creds = c;
                            continue 'auth;
                        }
                        if let Some(pw) = credentials::prompt(target, &creds.user)? {
                            let c = Arc::new(Credentials {
                                user: creds.user.clone(),
                                user_source: creds.user_source,
                                password: Some(pw),
                                source: "prompt".into(),
                            });
                            typed()
                                .lock()
                                .unwrap_or_else(|p| p.into_inner())
                                .insert(typed_key, c.clone());
                            remember(target, c.clone());
                            creds = c;
                            continue 'auth;
                        }
                    }
                    if missing && creds.password.is_none() {
                        return Err(Error::connect(format!(
                            "no password for admin role {} on {}: the server asks for one and none of the sources had it",
                            creds.user,
                            target.server()
                        ))
                        .on(errors::place(target, Some(database)))
                        .hint(format!(
                            "pgacct looked in: {}",
                            credentials::sources_list(target)
                        )));
                    }
                    let more = i + 1 < plan.attempts.len();
                    if more && tls::retry_allowed(&e) {
                        if *attempt == tls::Attempt::TlsIfOffered {
                            warn_once(&format!(
                                "{}: TLS with {} failed ({}); trying without TLS, as sslmode {sslmode} allows",
                                target.name(),
                                target.server(),
                                map_attempt_error(&e, &cx, &creds).message
                            ));
                        }
                        last = Some(AttemptError::Pg(e));
                        continue;
                    }
                    return Err(map_attempt_error(&e, &cx, &creds));
                }
                Err(AttemptError::Timeout) => {
                    return Err(timeout_error(target, database, settings));
                }
            }
        }
        // Every attempt failed in a retryable way: report the last one.
        return Err(match last {
            Some(AttemptError::Pg(e)) => map_attempt_error(&e, &cx, &creds),
            _ => timeout_error(target, database, settings),
        });
    }
}

/// libpq's `require_auth` value list: `password`, `md5`, `scram-sha-256`, `none` (and
/// `gss`, `sspi`, which pgacct cannot use), all listed or all negated with `!`.
pub fn parse_require_auth(s: &str) -> Result<tokio_postgres::config::RequireAuth> {
    let bad = |m: String| {
        Error::usage(format!("require-auth: {m}")).hint(
            "a comma list of password, md5, scram-sha-256, none (e.g. scram-sha-256,password), or all negated (e.g. !password)",
        )
    };
    let items: Vec<&str> = s.split(',').map(str::trim).collect();
    let negated = items.iter().filter(|i| i.starts_with('!')).count();
    if negated != 0 && negated != items.len() {
        return Err(bad(format!(
            "{s:?} mixes methods and negated methods, as libpq does not allow"
        )));
    }
    let all = negated != 0;
    let mut r = tokio_postgres::config::RequireAuth {
        none: all,
        password: all,
        md5: all,
        scram_sha_256: all,
    };
    for item in items {
        let name = item.trim_start_matches('!');
        let slot = match name {
            "none" => &mut r.none,
            "password" => &mut r.password,
            "md5" => &mut r.md5,
            "scram-sha-256" => &mut r.scram_sha_256,
            "gss" | "sspi" => {
                return Err(bad(format!("{name}: pgacct cannot authenticate with it")));
            }
            "" => return Err(bad(format!("{s:?} has an empty method"))),
            other => return Err(bad(format!("{other:?} is not an authentication method"))),
        };
        *slot = !all;
    }
    Ok(r)
}

/// The authentication methods the admin password may be answered with on one attempt:
/// the target's `require_auth` when set; otherwise, over TLS that verified the server's
/// certificate and name (verify-full), any; else SCRAM-SHA-256 (which proves that the
/// server knows the password's verifier) or no password at all, never a cleartext or md5
/// password to a server that has not proven itself.
fn require_auth(target: &Target, verified: bool) -> Result<tokio_postgres::config::RequireAuth> {
    if let Some(r) = target
        .require_auth
        .as_deref()
        .filter(|r| !r.trim().is_empty())
    {
        return parse_require_auth(r).map_err(|e| e.on(target.name()));
    }
    Ok(tokio_postgres::config::RequireAuth {
        none: true,
        password: verified,
        md5: verified,
        scram_sha_256: true,
    })
}

/// What an attempt's error mapping and the session need to know besides the client.
struct AttemptContext<'a> {
    target: &'a Target,
    database: &'a str,
    sslmode: SslMode,
    rootcert: &'a Option<String>,
    settings: &'a ConnectSettings,
    purpose: Purpose,
}

fn map_attempt_error(e: &postgres::Error, cx: &AttemptContext<'_>, creds: &Credentials) -> Error {
    errors::map(
        e,
        cx.target,
        &errors::ErrorContext {
            user: Some(&creds.user),
            source: Some(&creds.source),
            secret: creds.password.as_ref(),
            sslmode: Some(cx.sslmode.as_str()),
            sslrootcert: cx.rootcert.as_deref(),
            database: Some(cx.database),
            connect_timeout: Some(cx.settings.connect_timeout),
        },
    )
}

fn timeout_error(target: &Target, database: &str, settings: &ConnectSettings) -> Error {
    Error::connect(format!(
        "cannot connect to {}: no answer within the connect timeout ({} s)",
        target.server(),
        settings.connect_timeout.as_secs()
    ))
    .on(errors::place(target, Some(database)))
    .hint("the host accepted the TCP connection (or dropped it silently) but did not answer the PostgreSQL handshake: check that the port is PostgreSQL's and not a proxy or another service; raise --connect-timeout for a slow server")
}

/// Run the blocking connect on its own thread and give up after `timeout`:
/// `postgres::Config::connect_timeout` bounds only the TCP connect, and a listener that
/// accepts nothing (or answers nothing) would otherwise block forever. An abandoned
/// attempt's thread ends when the peer closes the socket or the process exits.
fn connect_bounded<T>(
    config: postgres::Config,
    tls: T,
    timeout: Duration,
    target: &Target,
) -> std::result::Result<postgres::Client, AttemptError>
where
    T: postgres::tls::MakeTlsConnect<postgres::Socket> + Send + 'static,
    T::TlsConnect: Send,
    T::Stream: Send,
    <T::TlsConnect as postgres::tls::TlsConnect<postgres::Socket>>::Future: Send,
{
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("pgacct-connect".into())
        .spawn(move || {
            let _ = tx.send(config.connect(tls));
        });
    if spawned.is_err() {
        return Err(AttemptError::Timeout);
    }
    // A connection that takes more than a second is said on stderr (once per server),
    // so that a wait of up to --connect-timeout is not silence.
    let first = Duration::from_secs(1).min(timeout);
    let got = match rx.recv_timeout(first) {
        Err(mpsc::RecvTimeoutError::Timeout) if timeout > first => {
            crate::output::progress_once(&format!(
                "waiting for {} ({}) to answer, up to {} s (--connect-timeout)...",
                target.server(),
                target.name(),
                timeout.as_secs()
            ));
            rx.recv_timeout(timeout - first)
        }
        other => other,
    };
    match got {
        Ok(Ok(c)) => Ok(c),
        Ok(Err(e)) => Err(AttemptError::Pg(e)),
        Err(_) => Err(AttemptError::Timeout),
    }
}

/// The server's identity as `registry check` records it, compared with the recorded one
/// (only system identifiers, which name a cluster; `registry check` records them): on a
/// change session a different server is refused (exit 5) until `registry check
/// --accept-identity` confirms it; a read goes ahead with a warning.
pub(crate) fn check_identity(
    target: &Target,
    purpose: Purpose,
    sysid: Option<String>,
) -> Result<()> {
    let (Some(prev), Some(id)) = (target.server_identity.as_deref(), sysid) else {
        return Ok(());
    };
    let seen = format!("system_identifier:{id}");
    if !prev.starts_with("system_identifier:") || prev == seen {
        return Ok(());
    }
    let what = format!(
        "a different server answers at {} than the one recorded for {}: its identity is {seen}, the inventory recorded {prev}",
        target.server(),
        target.name()
    );
    if purpose == Purpose::Read {
        warn_once(&format!("{what}; reading it all the same"));
        return Ok(());
    }
    Err(Error::refused(format!("{what}; nothing was changed"))
        .on(target.name())
        .hint(format!(
            "if the server was replaced or moved on purpose, confirm it with `pgacct registry check {} --accept-identity`; otherwise fix the target's address (`pgacct registry show {}`)",
            target.name(),
            target.name()
        )))
}

/// Why [`finish`] failed.
enum Finished {
    /// The first read failed (with a pipelined login, also a refused login): mapped by
    /// the attempt loop, as a connect error is.
    Pg(postgres::Error),
    Other(Error),
}

/// Read what every command needs to know about the server and build the session.
fn finish(
    mut client: postgres::Client,
    cx: &AttemptContext<'_>,
    creds: &Arc<Credentials>,
    plan: &tls::TlsPlan,
    reads: FirstReads<'_>,
) -> std::result::Result<Session, Finished> {
    // pg_stat_ssl's columns for this backend only (the view itself reads every
    // backend's status, and costs the server more to plan).
    const FACTS: &str = "SELECT current_setting('server_version_num')::int4,
                    current_setting('password_encryption'),
                    coalesce(s.ssl, false), s.sslversion,
                    CASE WHEN has_function_privilege('pg_catalog.pg_control_system()', 'EXECUTE')
                         THEN (SELECT system_identifier::text FROM pg_catalog.pg_control_system()) END
             FROM (SELECT) one LEFT JOIN pg_stat_get_activity(pg_backend_pid()) s ON true";
    // None after a pipelined login: the server reports it with the login's end, which
    // comes with the first read's answer.
    let version = client
        .parameter("server_version")
        .as_deref()
        .and_then(flight::version_num);
    if let Some((f, _)) = &reads {
        if f.defers_facts() {
            // Queued, to go with the work's first request ([`connect_deferred`]).
            let rows = client.queue_typed_kept(FACTS, &[]).map_err(Finished::Pg)?;
            let deferred = flight::DeferredFacts::new(
                rows,
                cx.target.clone(),
                cx.purpose,
                (plan.verify_chain, plan.verify_hostname),
            );
            return Ok(Session {
                client,
                target: cx.target.clone(),
                database: cx.database.to_string(),
                admin_user: creds.user.clone(),
                credential_source: creds.source.clone(),
                tls: TlsInfo {
                    in_use: false,
                    protocol: None,
                    verified: false,
                    hostname_verified: false,
                },
                sslmode: cx.sslmode,
                // Known once the first read is answered ([`Session::settle`]); None until
                // then after a pipelined login.
                server_version_num: version,
                password_encryption: String::new(),
                system_identifier: None,
                creds: creds.clone(),
                sslrootcert: cx.rootcert.clone(),
                deferred: Some(deferred),
            });
        }
    }
    let row = match reads {
        None => client.query_typed_one(FACTS, &[]),
        Some((flight, out)) => client.pipeline(|c| async move {
            let (facts, rest) =
                futures_util::future::join(c.query_typed_one(FACTS, &[]), flight.send(c)).await;
            let facts = facts?;
            *out = rest?;
            Ok(facts)
        }),
    }
    .map_err(Finished::Pg)?;
    let in_use: bool = row.get(2);
    let system_identifier: Option<String> = row.get(4);
    check_identity(cx.target, cx.purpose, system_identifier.clone()).map_err(Finished::Other)?;
    Ok(Session {
        client,
        target: cx.target.clone(),
        database: cx.database.to_string(),
        admin_user: creds.user.clone(),
        credential_source: creds.source.clone(),
        tls: TlsInfo {
            in_use,
            protocol: row.get(3),
            verified: in_use && plan.verify_chain,
            hostname_verified: in_use && plan.verify_hostname,
        },
        sslmode: cx.sslmode,
        server_version_num: Some(row.get(0)),
        password_encryption: row.get(1),
        system_identifier,
        creds: creds.clone(),
        sslrootcert: cx.rootcert.clone(),
        deferred: None,
    })
}
