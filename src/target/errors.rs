//! Turning a `postgres::Error` into a pgacct [`Error`] that says what happened, on which
//! target and server, and what to do next: PostgreSQL's message, detail, hint and
//! SQLSTATE (never a bare "db error"), an exit-code kind from the SQLSTATE, and a hint
//! naming the credential source on authentication failures. The admin password is
//! redacted should it ever appear in a text.

use crate::error::{Error, ErrorKind};
use crate::inventory::targets::Target;
use crate::secret::Secret;
use std::time::Duration;

/// What the mapper knows about the connection beyond the target.
#[derive(Default)]
pub struct ErrorContext<'a> {
    pub user: Option<&'a str>,
    /// Where the password came from ("PGACCT_ADMIN_PASSWORD", ...).
    pub source: Option<&'a str>,
    pub secret: Option<&'a Secret>,
    /// The effective sslmode and root certificate, for TLS hints.
    pub sslmode: Option<&'a str>,
    pub sslrootcert: Option<&'a str>,
    /// The database the session is on, when not the target's own.
    pub database: Option<&'a str>,
    pub connect_timeout: Option<Duration>,
}

/// `env/db (host:port)`: how errors name where they happened.
pub fn place(target: &Target, database: Option<&str>) -> String {
    match database {
        Some(db) if db != target.database => {
            format!("{} (database {db} on {})", target.name(), target.server())
        }
        _ => format!("{} ({})", target.name(), target.server()),
    }
}

fn kind_for_sqlstate(code: &str) -> ErrorKind {
    match code {
        "28P01" | "28000" => ErrorKind::Connect,
        "3D000" => ErrorKind::NotFound,
        // connection exceptions, server starting up or shutting down, too many clients
        c if c.starts_with("08") => ErrorKind::Connect,
        "57P01" | "57P02" | "57P03" | "53300" => ErrorKind::Connect,
        _ => ErrorKind::Failed,
    }
}

/// Map `e` with what is known about the connection.
pub fn map(e: &postgres::Error, target: &Target, cx: &ErrorContext<'_>) -> Error {
    let server = target.server();
    let user = cx.user.unwrap_or("the admin role");
    let mut err = if let Some(db) = e.as_db_error() {
        let code = db.code().code();
        let mut message = db.message().to_string();
        if let Some(d) = db.detail() {
            message.push_str(&format!("; detail: {d}"));
        }
        let ours: Option<String> = match code {
            "28P01" => Some(format!(
                "password authentication failed for admin role {user}; the password came from {}; fix it there (see `pgacct registry check {}`)",
                cx.source.unwrap_or("no source (none was found)"),
                target.name()
            )),
            "28000" if db.message().contains("no encryption") => Some(format!(
                "the server accepts this connection only over TLS (pg_hba.conf has no plaintext entry); the target's sslmode is {}: register it with --sslmode require or stronger (verify-full with --sslrootcert)",
                cx.sslmode.unwrap_or("disable")
            )),
            "28000" if db.message().contains("pg_hba.conf") => Some(format!(
                "the server's pg_hba.conf has no entry for admin role {user} from this host; ask the server's DBA to allow it, or check the target's host, admin role and sslmode"
            )),
            "28000" => Some(format!(
                "the server refused admin role {user}; check that the role exists and may log in (credential source: {})",
                cx.source.unwrap_or("none")
            )),
            "3D000" => Some(format!(
                "the database does not exist on {server}; check the target's database name with `pgacct registry show {}`",
                target.name()
            )),
            "42501" => Some(format!(
                "admin role {user} lacks the privilege this needs (the message names it); `pgacct registry check {}` shows the admin's attributes: creating and changing roles needs CREATEROLE (on PostgreSQL 16+ also ADMIN OPTION on the role), or superuser",
                target.name()
            )),
            "57014" => Some(format!(
                "the statement was cancelled, most likely by statement_timeout (--statement-timeout, PGACCT_STATEMENT_TIMEOUT); nothing was changed by it; retry, or raise the timeout if the server is busy on {server}"
            )),
            "55P03" => Some(
                "another session holds a lock this needs and lock_timeout ran out (--lock-timeout, PGACCT_LOCK_TIMEOUT); nothing was changed; retry later, or find the blocking session in pg_stat_activity".to_string(),
            ),
            "53300" => Some(format!("{server} has no free connection slots; retry later")),
            "57P03" => Some(format!("{server} is starting up or shutting down; retry shortly")),
            _ => None,
        };
        let hint = match (ours, db.hint()) {
            (Some(o), Some(h)) => Some(format!("{o} (server hint: {h})")),
            (Some(o), None) => Some(o),
            (None, Some(h)) => Some(h.to_string()),
            (None, None) => None,
        };
        let mut err = Error::new(kind_for_sqlstate(code), message).sqlstate(code);
        if let Some(h) = hint {
            err = err.hint(h);
        }
        err
    } else {
        non_db(e, target, cx)
    };
    err = err.on(place(target, cx.database));
    redact(err, cx.secret)
}

/// Errors that did not come from the server as an ErrorResponse.
fn non_db(e: &postgres::Error, target: &Target, cx: &ErrorContext<'_>) -> Error {
    let server = target.server();
    let text = e.to_string();
    let cause = std::error::Error::source(e)
        .map(|s| s.to_string())
        .unwrap_or_default();
    if text.starts_with("error performing TLS handshake") {
        let mode = cx.sslmode.unwrap_or("?");
        let root = cx.sslrootcert.unwrap_or("(none)");
        let hint = if cause.contains("server does not support TLS") {
            format!(
                "{server} does not accept TLS connections but sslmode is {mode}; enable ssl on the server, or register the target with a weaker sslmode if plaintext is acceptable"
            )
        } else if cause.contains("hostname mismatch") || cause.contains("IP address mismatch") {
            format!(
                "the server certificate does not name the host {:?} (sslmode verify-full checks subjectAltName, then CN); connect by the name in the certificate (use --hostaddr to give the address separately), or use sslmode verify-ca to check only the chain",
                target.host
            )
        } else if cause.contains("certificate verify failed") {
            format!(
                "the server certificate is not signed by a CA in sslrootcert {root} (sslmode {mode}); give the CA that signed the server's certificate with --sslrootcert"
            )
        } else {
            format!("TLS with {server} failed (sslmode {mode}, sslrootcert {root})")
        };
        let what = if cause.is_empty() {
            "the TLS handshake failed".to_string()
        } else {
            format!("TLS handshake failed: {cause}")
        };
        return Error::connect(format!("cannot connect to {server}: {what}")).hint(hint);
    }
    if text.starts_with("error connecting to server") {
        let lower = cause.to_lowercase();
        let hint = if lower.contains("refused") {
            format!(
                "nothing accepts connections on {server}: is PostgreSQL running there and listening on port {}? (`pgacct registry show {}` shows host and port)",
                target.port,
                target.name()
            )
        } else if lower.contains("timed out") {
            format!(
                "{server} did not answer within the connect timeout{}; check the host, port and firewalls, or raise --connect-timeout",
                cx.connect_timeout
                    .map(|d| format!(" ({} s)", d.as_secs()))
                    .unwrap_or_default()
            )
        } else if lower.contains("lookup") || lower.contains("name or service") {
            format!(
                "the host name {:?} does not resolve; check it, or register the address with --hostaddr",
                target.host
            )
        } else if target.is_socket() {
            format!(
                "no PostgreSQL socket for port {} in {}; check the socket directory and port",
                target.port, target.host
            )
        } else {
            format!("check that {server} is reachable from here")
        };
        return Error::connect(format!("cannot connect to {server}: {cause}")).hint(hint);
    }
    if text.starts_with("timeout waiting for server") {
        return Error::connect(format!("timed out waiting for {server}"))
            .hint("raise --connect-timeout if the server is slow to answer");
    }
    if is_password_missing(e) {
        return Error::connect(format!(
            "{server} asks for a password and none was found for admin role {}",
            cx.user.unwrap_or("?")
        ));
    }
    if text.starts_with("authentication error") && cause.contains("require_auth does not allow") {
        let what = cause
            .split(", which")
            .next()
            .unwrap_or(&cause)
            .trim_start_matches("the server asked for ")
            .to_string();
        return Error::connect(format!(
            "refused to send the admin password to {server}: the server asked for {what}, and it has not proven itself (no SCRAM, no verify-full TLS); nothing was sent"
        ))
        .hint(format!(
            "a server that asks for a cleartext or md5 password could be anyone's: use SCRAM-SHA-256 on the server, or TLS with --sslmode verify-full (and --sslrootcert); if this server is trusted, allow the method for this target as libpq's require_auth does: `pgacct registry add --env {} --db {} ... --require-auth scram-sha-256,{} --replace`",
            target.env,
            target.database,
            if what.starts_with("an md5") { "md5" } else if what.starts_with("a cleartext") { "password" } else { "none" }
        ));
    }
    if text.starts_with("authentication error") {
        return Error::connect(format!("authentication with {server} failed: {cause}")).hint(
            format!(
                "credential source: {}; check the admin password and the server's authentication method",
                cx.source.unwrap_or("none")
            ),
        );
    }
    if (text.starts_with("error communicating with the server")
        && super::deadline::is_deadline(&cause))
        || (e.is_closed() && tokio_postgres::response_deadline_passed())
    {
        return Error::connect(format!(
            "{server} stopped answering: no answer within the client-side deadline (--statement-timeout + {} s), so pgacct closed the connection",
            super::deadline::MARGIN.as_secs()
        ))
        .hint("the server rolls back a transaction whose client is gone, so nothing of the unfinished change was kept (a COMMIT already sent may have completed: check with `pgacct user find`); check the server (a stopped or overloaded backend, a frozen host, a network that drops packets) and retry; raise --statement-timeout for slow statements");
    }
    if e.is_closed() || text.starts_with("error communicating with the server") {
        let what = if cause.is_empty() {
            text.clone()
        } else {
            format!("{text}: {cause}")
        };
        return Error::connect(format!("lost the connection to {server}: {what}"))
            .hint("the server closed the connection or the network failed; nothing after the last committed transaction was kept; retry");
    }
    let what = if cause.is_empty() || text.ends_with(&cause) {
        text
    } else {
        format!("{text}: {cause}")
    };
    Error::failed(format!("{server}: {what}"))
}

/// The server asked for a password and the connection had none.
pub fn is_password_missing(e: &postgres::Error) -> bool {
    e.as_db_error().is_none()
        && e.to_string().starts_with("invalid configuration")
        && std::error::Error::source(e).is_some_and(|s| s.to_string() == "password missing")
}

/// Replace any occurrence of the secret in the error's texts.
pub fn redact(mut e: Error, secret: Option<&Secret>) -> Error {
    let Some(s) = secret else { return e };
    let fix = |t: &mut String| {
        if s.appears_in(t) {
            *t = t.replace(s.expose(), "<redacted>");
        }
    };
    fix(&mut e.message);
    if let Some(h) = e.hint.as_mut() {
        fix(h);
    }
    if let Some(t) = e.target.as_mut() {
        fix(t);
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlstates_map_to_exit_code_kinds() {
        assert_eq!(kind_for_sqlstate("28P01"), ErrorKind::Connect);
        assert_eq!(kind_for_sqlstate("28000"), ErrorKind::Connect);
        assert_eq!(kind_for_sqlstate("08006"), ErrorKind::Connect);
        assert_eq!(kind_for_sqlstate("3D000"), ErrorKind::NotFound);
        assert_eq!(kind_for_sqlstate("42501"), ErrorKind::Failed);
        assert_eq!(kind_for_sqlstate("57014"), ErrorKind::Failed);
        assert_eq!(kind_for_sqlstate("55P03"), ErrorKind::Failed);
    }

    #[test]
    fn redaction_removes_the_secret_everywhere() {
        let s = Secret::new("s3cr3t-pw".into());
        let e = Error::connect("bad s3cr3t-pw here")
            .hint("hint s3cr3t-pw")
            .on("x s3cr3t-pw");
        let e = redact(e, Some(&s));
        assert!(!format!("{e} {:?}", e.hint).contains("s3cr3t-pw"));
        assert!(e.message.contains("<redacted>"));
    }
}
