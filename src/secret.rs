//! Secrets: the only module that holds plaintext passwords.
//!
//! A [`Secret`] has no `Debug`, `Display` or `Serialize` that could print it, and its
//! memory is zeroed on drop. Out of it come verifiers (SCRAM-SHA-256, or md5 only when the
//! server's `password_encryption` says md5) for the plan, and, once, a [`Reveal`]: the
//! only way a new password goes to the caller, which only the output's writers (JSON,
//! table, the pgpass fallback lines) and the password file consume.

use crate::error::{Error, Result};
use rand::Rng;
use rand::rngs::OsRng;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, Seek, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use zeroize::Zeroizing;

/// The characters of generated passwords: letters and digits, plus `-` `_` `.` `~`,
/// which need no escaping in .pgpass, URLs (unreserved), libpq connection strings or
/// shells.
pub const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";

/// Shortest generated password allowed.
pub const MIN_LENGTH: usize = 16;

/// Set once at start from `--allow-md5-password`: the caller accepts that an md5 hash,
/// which is as good as the password for logging in, reaches servers whose
/// `password_encryption` is md5.
static ALLOW_MD5: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Record the caller's `--allow-md5-password`.
pub fn allow_md5_passwords(allow: bool) {
    ALLOW_MD5.store(allow, std::sync::atomic::Ordering::Relaxed);
}

/// Refuse (exit 5) to make a verifier for a server whose `password_encryption` is md5,
/// unless the caller passed `--allow-md5-password`: an md5 "verifier" is
/// `md5(password || role)`, which a client may send instead of the password, so wherever
/// it lands (the server log, pg_stat_statements, a backup of pg_authid) it is a login.
pub fn check_encryption(password_encryption: &str) -> Result<()> {
    if !password_encryption.eq_ignore_ascii_case("md5")
        || ALLOW_MD5.load(std::sync::atomic::Ordering::Relaxed)
    {
        return Ok(());
    }
    Err(Error::refused(
        "refusing to set a password: the server's password_encryption is md5, so the role would get an md5 hash, which is login-equivalent (whoever reads it from the server log, pg_stat_statements or pg_authid can log in with it without knowing the password); nothing was changed",
    )
    .hint(
        "on the server: ALTER SYSTEM SET password_encryption = 'scram-sha-256'; SELECT pg_reload_conf(); and use scram-sha-256 (or md5, which accepts SCRAM verifiers) in pg_hba.conf; to accept the risk for this run, pass --allow-md5-password",
    ))
}

/// The one session step of every transaction that carries a verifier (create, reset,
/// batch lines, whichever way they run): one statement that turns off, for this
/// transaction only, what the admin is allowed to turn off of
/// - statement logging (`log_statement`, `log_min_error_statement`,
///   `log_min_duration_statement`, `log_min_duration_sample`): superusers, and on
///   PostgreSQL 15+ admins granted SET on all four parameters;
/// - `pg_stat_statements.track_utility` (when the module is loaded): superusers, and on
///   PostgreSQL 15+ admins granted SET on it.
///
/// The server checks the privileges itself while running it, so nothing needs to be
/// known ahead and nothing fails for an admin that may not. Sent as a query of its own
/// before the one with the verifier: the server decides whether to log a query when it
/// receives it. See docs/ARCHITECTURE.md ("Where a verifier can still appear").
pub fn quiet_sql(server_version_num: i32) -> String {
    let su = "current_setting('is_superuser') = 'on'";
    let (log, stats) = if server_version_num >= 150000 {
        (
            format!(
                "{su} OR (has_parameter_privilege('log_statement', 'SET') \
AND has_parameter_privilege('log_min_error_statement', 'SET') \
AND has_parameter_privilege('log_min_duration_statement', 'SET') \
AND has_parameter_privilege('log_min_duration_sample', 'SET'))"
            ),
            format!(
                "CASE WHEN current_setting('pg_stat_statements.track_utility', true) IS NULL THEN false \
WHEN {su} THEN true ELSE has_parameter_privilege('pg_stat_statements.track_utility', 'SET') END"
            ),
        )
    } else {
        (
            su.to_string(),
            format!(
                "{su} AND current_setting('pg_stat_statements.track_utility', true) IS NOT NULL"
            ),
        )
    };
    format!(
        "SELECT CASE WHEN q.log THEN set_config('log_statement', 'none', true) END, \
CASE WHEN q.log THEN set_config('log_min_error_statement', 'panic', true) END, \
CASE WHEN q.log THEN set_config('log_min_duration_statement', '-1', true) END, \
CASE WHEN q.log THEN set_config('log_min_duration_sample', '-1', true) END, \
CASE WHEN q.stats THEN set_config('pg_stat_statements.track_utility', 'off', true) END \
FROM (SELECT ({log}) AS log, ({stats}) AS stats) q"
    )
}

/// A plaintext password, zeroed on drop and never printable by accident; optionally
/// with SCRAM verifiers of it being computed ahead on another thread
/// ([`Secret::compute_ahead`]).
pub struct Secret(Zeroizing<String>, Ahead);

/// Verifiers computed ahead, taken in order by [`Secret::verifier`].
#[derive(Default)]
struct Ahead(std::sync::Mutex<Option<std::sync::mpsc::Receiver<String>>>);

/// PostgreSQL's SCRAM-SHA-256 iteration count (its `scram_iterations` default), and the
/// salt length libpq uses.
const SCRAM_ITERATIONS: u32 = 4096;
const SCRAM_SALT_LEN: usize = 16;

/// Redacted: a `{:?}` of a Secret shows no character of it.
impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl Secret {
    /// Wrap a password that came from outside (stdin, a password command, .pgpass).
    pub fn new(s: String) -> Secret {
        Secret(Zeroizing::new(s), Ahead::default())
    }

    /// Check a requested length of a generated password (16..=1024), before anything
    /// else happens.
    pub fn check_length(len: usize) -> Result<()> {
        if len < MIN_LENGTH {
            return Err(Error::usage(format!(
                "password-length: {len} is too short; at least {MIN_LENGTH}"
            )));
        }
        if len > 1024 {
            return Err(Error::usage(format!(
                "password-length: {len} is too long; at most 1024"
            )));
        }
        Ok(())
    }

    /// Generate `len` characters from the OS CSPRNG over [`ALPHABET`].
    pub fn generate(len: usize) -> Result<Secret> {
        Self::check_length(len)?;
        let mut s = Zeroizing::new(String::with_capacity(len));
        let mut rng = OsRng;
        for _ in 0..len {
            s.push(ALPHABET[rng.gen_range(0..ALPHABET.len())] as char);
        }
        Ok(Secret(s, Ahead::default()))
    }

    /// The plaintext, for the one place that must see it (the admin's password on a
    /// connection). A new password goes to the caller through [`Secret::reveal`] instead.
    /// Keep the borrow short.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// This password on its way to the caller: see [`Reveal`].
    pub fn reveal(&self) -> Reveal {
        Reveal(std::sync::Arc::new(self.0.clone()))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The verifier to send in `PASSWORD '...'`: md5 only when the server's
    /// `password_encryption` is md5, SCRAM-SHA-256 otherwise.
    /// A SCRAM verifier taken from those computed ahead is used once, like one computed
    /// here (each has its own salt).
    pub fn verifier(&self, password_encryption: &str, role: &str) -> String {
        if password_encryption.eq_ignore_ascii_case("md5") {
            return postgres_protocol::password::md5(self.0.as_bytes(), role);
        }
        let ahead = self.1.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(v) = ahead.as_ref().and_then(|rx| rx.recv().ok()) {
            return v;
        }
        drop(ahead);
        scram_sha_256(&self.0, &random_salt())
    }

    /// Start computing `n` SCRAM-SHA-256 verifiers of this password on a thread of its
    /// own, for [`Secret::verifier`] to take: a command that will need them computes
    /// them while it connects and reads the catalog, instead of after. Calls after the
    /// first do nothing; should the thread not start, verifiers are computed on demand.
    pub fn compute_ahead(&self, n: usize) {
        let mut ahead = self.1.0.lock().unwrap_or_else(|p| p.into_inner());
        if ahead.is_some() || n == 0 {
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let password = self.0.clone();
        let started = std::thread::Builder::new()
            .name("pgacct-scram".into())
            .spawn(move || {
                for _ in 0..n {
                    if tx.send(scram_sha_256(&password, &random_salt())).is_err() {
                        break;
                    }
                }
            });
        if started.is_ok() {
            *ahead = Some(rx);
        }
    }

    /// The first line of `input` (`--password-stdin`): not empty, no control characters.
    pub fn from_first_line(mut input: impl BufRead) -> Result<Secret> {
        let mut line = Zeroizing::new(String::new());
        input
            .read_line(&mut line)
            .map_err(|e| Error::usage(format!("--password-stdin: cannot read stdin: {e}")))?;
        let pw = line.trim_end_matches(['\n', '\r']);
        if pw.is_empty() {
            return Err(Error::usage(
                "--password-stdin: the first line of stdin is empty",
            ));
        }
        if pw.chars().any(|c| c.is_control()) {
            return Err(Error::usage(
                "--password-stdin: the password contains control characters",
            ));
        }
        Ok(Secret::new(pw.to_string()))
    }

    /// True when `text` contains this secret (for leak checks on error texts).
    pub fn appears_in(&self, text: &str) -> bool {
        !self.0.is_empty() && text.contains(self.0.as_str())
    }
}

/// A new password on its way to the caller, once: the only way a generated (or given)
/// password leaves [`Secret`] for output. It has no `Display` and a redacted `Debug`; it
/// is consumed by
/// - the JSON writer (`Serialize`, as a string: the `password` of a result),
/// - the table writer ([`Reveal::table_cell`]),
/// - `user apply`'s stdout fallback ([`Reveal::pgpass_line`]),
/// - the password file ([`PasswordFile::write`]).
///
/// Clones share one zeroized buffer.
#[derive(Clone)]
pub struct Reveal(std::sync::Arc<Zeroizing<String>>);

impl std::fmt::Debug for Reveal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Reveal(<redacted>)")
    }
}

impl serde::Serialize for Reveal {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl Reveal {
    /// The password as a table cell, for the table writer.
    pub fn table_cell(&self) -> Zeroizing<String> {
        self.0.as_ref().clone()
    }

    /// `host:port:database:user:password`, `:` and `\` escaped as libpq reads a pgpass
    /// file: the format of `user apply`'s password file, also for the lines printed when
    /// the file could not take a password.
    pub fn pgpass_line(
        &self,
        host: &str,
        port: u16,
        database: &str,
        user: &str,
    ) -> Zeroizing<String> {
        let esc = |s: &str| s.replace('\\', "\\\\").replace(':', "\\:");
        let mut line = Zeroizing::new(String::new());
        line.push_str(&format!(
            "{}:{port}:{}:{}:",
            esc(host),
            esc(database),
            esc(user)
        ));
        line.push_str(&esc(&self.0));
        line
    }
}

fn random_salt() -> [u8; SCRAM_SALT_LEN] {
    let mut salt = [0u8; SCRAM_SALT_LEN];
    OsRng.fill(&mut salt);
    salt
}

/// The SCRAM-SHA-256 verifier PostgreSQL stores for `password` (RFC 5802 and 7677):
/// `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`, base64. The password is
/// SASLprep'ed first, or used as it is when SASLprep refuses it, as libpq and the server
/// do. The same as `postgres_protocol::password::scram_sha_256`, in half the time: each
/// PBKDF2 iteration clones the keyed HMAC state instead of keying it again (two SHA-256
/// compressions per iteration instead of four).
fn scram_sha_256(password: &str, salt: &[u8]) -> String {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use hmac::{Hmac, KeyInit, Mac};
    use sha2::{Digest, Sha256};
    let prepared: Zeroizing<Vec<u8>> = Zeroizing::new(match stringprep::saslprep(password) {
        Ok(p) => p.as_bytes().to_vec(),
        Err(_) => password.as_bytes().to_vec(),
    });
    let keyed = <Hmac<Sha256> as KeyInit>::new_from_slice(&prepared)
        .expect("HMAC takes keys of any length");
    // Hi(password, salt, i) of RFC 5802: PBKDF2 with HMAC-SHA-256, one block.
    let mut u = {
        let mut m = keyed.clone();
        m.update(salt);
        m.update(&1u32.to_be_bytes());
        m.finalize().into_bytes()
    };
    let mut salted = Zeroizing::new([0u8; 32]);
    salted.copy_from_slice(&u);
    for _ in 1..SCRAM_ITERATIONS {
        let mut m = keyed.clone();
        m.update(&u);
        u = m.finalize().into_bytes();
        for (s, x) in salted.iter_mut().zip(u.iter()) {
            *s ^= x;
        }
    }
    let hmac = |key: &[u8], text: &[u8]| {
        let mut m = <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("any key length");
        m.update(text);
        m.finalize().into_bytes()
    };
    let client_key = hmac(&salted[..], b"Client Key");
    let stored_key = Sha256::digest(client_key);
    let server_key = hmac(&salted[..], b"Server Key");
    format!(
        "SCRAM-SHA-256${SCRAM_ITERATIONS}:{}${}:{}",
        STANDARD.encode(salt),
        STANDARD.encode(stored_key),
        STANDARD.encode(server_key)
    )
}

/// Open `path` to write passwords into: created with mode 0600 and `O_EXCL` (an
/// existing file is refused, exit 5), or with `force` also an existing file, left as it
/// is (mode set to 0600); never through a symbolic link (`O_NOFOLLOW`, exit 5). Returns the file and whether this call created it.
pub fn open_0600(path: &Path, force: bool) -> Result<(File, bool)> {
    let mut o = OpenOptions::new();
    // Never through a symlink at that path (one planted in a shared directory would
    // get the password written to, and chmod'ed on, the file it points to).
    o.write(true).mode(0o600).custom_flags(libc::O_NOFOLLOW);
    let existed = path.exists();
    if force {
        o.create(true).truncate(false);
    } else {
        o.create_new(true);
    }
    let file = o.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            exists(path)
        } else if e.raw_os_error() == Some(libc::ELOOP) {
            Error::refused(format!(
                "--password-file: {} is a symbolic link; pgacct does not write a password through one",
                path.display()
            ))
            .hint("give the path of the file itself")
        } else {
            Error::usage(format!(
                "--password-file: cannot create {}: {e}",
                path.display()
            ))
        }
    })?;
    let _ = file.set_permissions(std::fs::Permissions::from_mode(0o600));
    Ok((file, !existed))
}

/// The refusal (exit 5, for every verb) of a `--password-file` that exists, unless
/// `force`: it would be overwritten. For checks made before the file is opened.
pub fn refuse_existing(path: &Path, force: bool) -> Result<()> {
    if !force && path.symlink_metadata().is_ok() {
        return Err(exists(path));
    }
    Ok(())
}

fn exists(path: &Path) -> Error {
    Error::refused(format!(
        "--password-file: {} exists; pgacct does not overwrite it",
        path.display()
    ))
    .hint("pass --force to overwrite it, or another path")
}

/// A `--password-file`, opened (mode 0600; `O_EXCL` unless `force`) before anything
/// happens, so that a bad or existing path fails before a password is set. One verb
/// [`write`](Self::write)s one password into it; a batch opens it
/// [`for lines`](Self::open_for_lines) and [`append`](Self::append)s one pgpass line per
/// user, from any worker.
pub struct PasswordFile {
    path: PathBuf,
    file: Mutex<File>,
    created: bool,
}

impl PasswordFile {
    /// Open `path` for a password: created 0600 with `O_EXCL`, or with `force` an
    /// existing file (emptied only when the password is written).
    pub fn open(path: &Path, force: bool) -> Result<PasswordFile> {
        let (file, created) = open_0600(path, force)?;
        Ok(PasswordFile {
            path: path.to_path_buf(),
            file: Mutex::new(file),
            created,
        })
    }

    /// Open `path` for pgpass lines: as [`open`](Self::open), and an existing file
    /// (`force`) starts empty, since lines are appended.
    pub fn open_for_lines(path: &Path, force: bool) -> Result<PasswordFile> {
        let f = PasswordFile::open(path, force)?;
        f.lock().set_len(0).map_err(|e| {
            Error::failed(format!(
                "--password-file: cannot empty {}: {e}",
                path.display()
            ))
        })?;
        Ok(f)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, File> {
        self.file.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn write_error(&self, e: std::io::Error) -> Error {
        Error::failed(format!(
            "--password-file: cannot write {}: {e}",
            self.path.display()
        ))
    }

    /// Write the password and a newline (replacing what the file held), and sync.
    pub fn write(self, pw: &Reveal) -> Result<()> {
        let mut file = self.lock();
        file.set_len(0).map_err(|e| self.write_error(e))?;
        file.rewind().map_err(|e| self.write_error(e))?;
        let mut buf = Zeroizing::new(String::with_capacity(pw.0.len() + 1));
        buf.push_str(&pw.0);
        buf.push('\n');
        file.write_all(buf.as_bytes())
            .map_err(|e| self.write_error(e))?;
        file.sync_all().map_err(|e| self.write_error(e))
    }

    /// Append `host:port:database:user:password` (`:` and `\` escaped, as libpq reads it).
    pub fn append(
        &self,
        host: &str,
        port: u16,
        database: &str,
        user: &str,
        pw: &Reveal,
    ) -> Result<()> {
        let mut line = pw.pgpass_line(host, port, database, user);
        line.push('\n');
        self.lock()
            .write_all(line.as_bytes())
            .map_err(|e| self.write_error(e))
    }

    /// After appending: sync the file when it holds passwords (`any`), else
    /// [`discard`](Self::discard) it. True when the file holds passwords.
    pub fn close(self, any: bool) -> Result<bool> {
        if !any {
            self.discard();
            return Ok(false);
        }
        self.lock().sync_all().map_err(|e| self.write_error(e))?;
        Ok(true)
    }

    /// Nothing to deliver: remove the file if this run created it.
    pub fn discard(self) {
        if self.created {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_passwords_use_the_safe_alphabet_and_length() {
        let s = Secret::generate(24).unwrap();
        assert_eq!(s.expose().len(), 24);
        assert!(s.expose().bytes().all(|b| ALPHABET.contains(&b)));
        assert_ne!(s.expose(), Secret::generate(24).unwrap().expose());
        assert_eq!(Secret::generate(15).unwrap_err().exit_code().code(), 2);
        assert_eq!(format!("{s:?}"), "Secret(<redacted>)");
    }

    /// Check a verifier the way the server does, against an independent client
    /// implementation (postgres-protocol's SCRAM client, which the server's SCRAM
    /// exchange is tested against): the client's proof must match StoredKey, and the
    /// server signature made with ServerKey must satisfy the client.
    fn server_accepts(verifier: &str, password: &str) -> bool {
        use base64::Engine;
        use base64::engine::general_purpose::STANDARD;
        use hmac::{Hmac, KeyInit, Mac};
        use postgres_protocol::authentication::sasl::{ChannelBinding, ScramSha256};
        use sha2::{Digest, Sha256};
        let rest = verifier
            .strip_prefix("SCRAM-SHA-256$")
            .expect("SCRAM verifier");
        let (iter_salt, keys) = rest.split_once('$').unwrap();
        let (iters, salt) = iter_salt.split_once(':').unwrap();
        let (stored, server) = keys.split_once(':').unwrap();
        let stored = STANDARD.decode(stored).unwrap();
        let server = STANDARD.decode(server).unwrap();
        let mut client = ScramSha256::new(password.as_bytes(), ChannelBinding::unsupported());
        let first = String::from_utf8(client.message().to_vec()).unwrap();
        let first_bare = first
            .strip_prefix("y,,")
            .or(first.strip_prefix("n,,"))
            .unwrap();
        let nonce = first_bare.split(",r=").nth(1).unwrap();
        let server_first = format!("r={nonce}server-part,s={salt},i={iters}");
        client.update(server_first.as_bytes()).unwrap();
        let client_final = String::from_utf8(client.message().to_vec()).unwrap();
        let (without_proof, proof) = client_final.rsplit_once(",p=").unwrap();
        let auth = format!("{first_bare},{server_first},{without_proof}");
        let mac = |key: &[u8]| {
            let mut m = <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap();
            m.update(auth.as_bytes());
            m.finalize().into_bytes()
        };
        let signature = mac(&stored);
        let client_key: Vec<u8> = STANDARD
            .decode(proof)
            .unwrap()
            .iter()
            .zip(signature.iter())
            .map(|(p, s)| p ^ s)
            .collect();
        if Sha256::digest(&client_key).as_slice() != stored.as_slice() {
            return false;
        }
        let server_final = format!("v={}", STANDARD.encode(mac(&server)));
        client.finish(server_final.as_bytes()).is_ok()
    }

    #[test]
    fn a_reveal_is_redacted_in_debug_and_plain_only_for_its_writers() {
        let s = Secret::new("pa:ss\\word".into());
        let r = s.reveal();
        assert_eq!(format!("{r:?}"), "Reveal(<redacted>)");
        assert_eq!(serde_json::to_string(&r).unwrap(), r#""pa:ss\\word""#);
        assert_eq!(r.table_cell().as_str(), "pa:ss\\word");
        assert_eq!(
            r.pgpass_line("::1", 5432, "app:db", "u").as_str(),
            "\\:\\:1:5432:app\\:db:u:pa\\:ss\\\\word"
        );
    }

    #[test]
    fn scram_verifiers_pass_an_independent_scram_exchange() {
        // ASCII, and a password SASLprep changes (non-ASCII space, soft hyphen).
        for pw in [
            "pencil",
            "correct horse battery staple",
            "pa\u{00A0}ss\u{00AD}word",
        ] {
            let s = Secret::new(pw.into());
            let v = s.verifier("scram-sha-256", "whoever");
            assert!(v.starts_with("SCRAM-SHA-256$4096:"), "{v}");
            assert!(server_accepts(&v, pw), "{pw:?}: {v}");
            assert!(!server_accepts(&v, "not the password"), "{pw:?}");
        }
        // postgres-protocol's own verifier passes the same check (the check is sound).
        let theirs = postgres_protocol::password::scram_sha_256(b"pencil");
        assert!(server_accepts(&theirs, "pencil"));
        // Each verifier has its own salt.
        let s = Secret::new("pencil".into());
        assert_ne!(
            s.verifier("scram-sha-256", "a"),
            s.verifier("scram-sha-256", "a")
        );
    }

    #[test]
    fn verifiers_computed_ahead_are_taken_then_computed_on_demand() {
        let s = Secret::new("pencil".into());
        s.compute_ahead(2);
        let vs: Vec<String> = (0..3).map(|_| s.verifier("scram-sha-256", "r")).collect();
        for v in &vs {
            assert!(server_accepts(v, "pencil"), "{v}");
        }
        assert!(vs[0] != vs[1] && vs[1] != vs[2], "fresh salts");
        // md5 is computed for the role, never taken from the SCRAM ones.
        assert!(s.verifier("md5", "r").starts_with("md5"));
    }

    #[test]
    fn verifiers_follow_password_encryption() {
        let s = Secret::new("correct horse".into());
        let scram = s.verifier("scram-sha-256", "jsmith");
        assert!(scram.starts_with("SCRAM-SHA-256$4096:"), "{scram}");
        assert!(!scram.contains("correct horse"));
        let md5 = s.verifier("md5", "jsmith");
        assert!(md5.starts_with("md5") && md5.len() == 35, "{md5}");
    }

    #[test]
    fn the_first_line_of_stdin_is_the_password() {
        let s = Secret::from_first_line(&b"given-Password-1\r\nsecond\n"[..]).unwrap();
        assert_eq!(s.expose(), "given-Password-1");
        let e = Secret::from_first_line(&b"\n"[..]).unwrap_err();
        assert_eq!(e.exit_code().code(), 2);
        assert!(e.message.contains("empty"), "{}", e.message);
        let e = Secret::from_first_line(&b"a\tb\n"[..]).unwrap_err();
        assert!(e.message.contains("control"), "{}", e.message);
    }

    #[test]
    fn password_files_are_0600_and_never_overwritten_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pw");
        PasswordFile::open(&path, false)
            .unwrap()
            .write(&Secret::new("first-password-123".into()).reveal())
            .unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "first-password-123\n"
        );
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let e = PasswordFile::open(&path, false).err().unwrap();
        assert_eq!(e.exit_code().code(), 5);
        // --force: kept as it is until written, then replaced.
        let f = PasswordFile::open(&path, true).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "first-password-123\n"
        );
        f.write(&Secret::new("second".into()).reveal()).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "second\n");
        // Discarded: removed only when this run created it.
        PasswordFile::open(&path, true).unwrap().discard();
        assert!(path.exists());
        let fresh = dir.path().join("fresh");
        PasswordFile::open(&fresh, false).unwrap().discard();
        assert!(!fresh.exists());
        // Never through a symlink, with or without --force: the target stays untouched.
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        for force in [false, true] {
            let e = PasswordFile::open(&link, force).err().unwrap();
            assert_eq!(e.exit_code().code(), 5, "force {force}: {}", e.message);
        }
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "second\n");
    }
}
