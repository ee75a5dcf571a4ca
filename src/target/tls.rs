//! TLS with libpq's sslmode semantics on top of postgres-openssl.
//!
//! `postgres::Config` knows only disable/prefer/require and never verifies anything by
//! itself; the verification libpq does for `verify-ca`, `verify-full` (and for any mode
//! when a root certificate is given) happens here, in the OpenSSL connector. The decision
//! of what to try in which order is a pure function ([`plan`]) with a unit-tested table.

use crate::error::{Error, Result};
use crate::inventory::targets::SslMode;
use openssl::ssl::{SslConnector, SslFiletype, SslMethod, SslVerifyMode, SslVersion};
use openssl::x509::X509;
use openssl::x509::store::X509StoreBuilder;
use postgres_openssl::MakeTlsConnector;

/// How to talk to the server on one connection attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// No TLS at all (postgres `SslMode::Disable`).
    Plain,
    /// Ask for TLS; fall back to plaintext on the same connection if the server says no
    /// (postgres `SslMode::Prefer`).
    TlsIfOffered,
    /// TLS or fail (postgres `SslMode::Require`).
    TlsRequired,
}

/// What to try and what to verify, decided from the sslmode and the settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsPlan {
    /// The attempts in order; a later one runs only when the earlier one failed in a way
    /// libpq retries (see [`retry_allowed`]).
    pub attempts: Vec<Attempt>,
    /// Verify the server's certificate chain against the root certificate.
    pub verify_chain: bool,
    /// Verify that the certificate names the host (subjectAltName, CN fallback).
    pub verify_hostname: bool,
}

/// Where the trusted roots come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RootCert {
    None,
    /// A PEM file of CA certificates: only these are trusted.
    File(String),
    /// `sslrootcert=system`: the system's trusted roots (libpq 16).
    System,
}

impl RootCert {
    pub fn from_setting(s: Option<&str>) -> RootCert {
        match s {
            None | Some("") => RootCert::None,
            Some("system") => RootCert::System,
            Some(p) => RootCert::File(p.to_string()),
        }
    }
    pub fn is_some(&self) -> bool {
        !matches!(self, RootCert::None)
    }
}

/// libpq's decision table. `socket`: a Unix-socket host, which ignores sslmode.
pub fn plan(mode: SslMode, root: &RootCert, socket: bool) -> Result<TlsPlan> {
    use Attempt::*;
    if socket {
        return Ok(TlsPlan {
            attempts: vec![Plain],
            verify_chain: false,
            verify_hostname: false,
        });
    }
    if *root == RootCert::System && mode != SslMode::VerifyFull {
        return Err(Error::usage(format!(
            "sslmode {mode} may not be used with sslrootcert=system"
        ))
        .hint("with the system's trusted roots use sslmode verify-full, as libpq requires"));
    }
    let has_root = root.is_some();
    let p = match mode {
        SslMode::Disable => TlsPlan {
            attempts: vec![Plain],
            verify_chain: false,
            verify_hostname: false,
        },
        // libpq: plaintext first; if the server rejects it, try again with TLS. A root
        // certificate, when given, is verified on the TLS attempt.
        SslMode::Allow => TlsPlan {
            attempts: vec![Plain, TlsRequired],
            verify_chain: has_root,
            verify_hostname: false,
        },
        // libpq: TLS if the server offers it; if the TLS handshake or the startup over
        // TLS is rejected, try again in plaintext.
        SslMode::Prefer => TlsPlan {
            attempts: vec![TlsIfOffered, Plain],
            verify_chain: has_root,
            verify_hostname: false,
        },
        // libpq: with a root certificate, require behaves like verify-ca.
        SslMode::Require => TlsPlan {
            attempts: vec![TlsRequired],
            verify_chain: has_root,
            verify_hostname: false,
        },
        SslMode::VerifyCa | SslMode::VerifyFull => {
            if !has_root {
                return Err(Error::usage(format!(
                    "sslmode {mode} needs a root certificate to verify the server with, and none is set"
                ))
                .hint("register the target with --sslrootcert FILE (the CA that signed the server certificate), or set PGSSLROOTCERT; PGSSLROOTCERT=system uses the system's trusted roots"));
            }
            TlsPlan {
                attempts: vec![TlsRequired],
                verify_chain: true,
                verify_hostname: mode == SslMode::VerifyFull,
            }
        }
    };
    Ok(p)
}

/// A client certificate and its key, and the names of the settings they came from (for
/// errors: `sslcert`/`sslkey` of the target, or `PGSSLCERT`/`PGSSLKEY`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientIdentity {
    pub cert: String,
    pub cert_from: &'static str,
    pub key: String,
    pub key_from: &'static str,
}

/// The client certificate and key that apply, as libpq picks them: each the target's
/// (`sslcert`, `sslkey`), else the environment's (`PGSSLCERT`, `PGSSLKEY`; empty is
/// unset). Both or neither: a certificate without a key (or the reverse) is a usage error.
pub fn client_identity(
    target_cert: Option<&str>,
    target_key: Option<&str>,
) -> Result<Option<ClientIdentity>> {
    let env = |name: &str| std::env::var(name).ok();
    pick_client_identity(
        target_cert,
        target_key,
        env("PGSSLCERT").as_deref(),
        env("PGSSLKEY").as_deref(),
    )
}

/// [`client_identity`] with the environment's values given.
pub fn pick_client_identity(
    target_cert: Option<&str>,
    target_key: Option<&str>,
    env_cert: Option<&str>,
    env_key: Option<&str>,
) -> Result<Option<ClientIdentity>> {
    let pick = |own: Option<&str>, own_name: &'static str, env: Option<&str>, env_name| match (
        own.filter(|s| !s.is_empty()),
        env.filter(|s| !s.is_empty()),
    ) {
        (Some(v), _) => Some((v.to_string(), own_name)),
        (None, Some(v)) => Some((v.to_string(), env_name)),
        (None, None) => None,
    };
    let cert = pick(target_cert, "sslcert", env_cert, "PGSSLCERT");
    let key = pick(target_key, "sslkey", env_key, "PGSSLKEY");
    match (cert, key) {
        (None, None) => Ok(None),
        (Some((cert, cert_from)), Some((key, key_from))) => Ok(Some(ClientIdentity {
            cert,
            cert_from,
            key,
            key_from,
        })),
        (Some((cert, from)), None) => Err(Error::usage(format!(
            "{from} is {cert}, but no client key is set"
        ))
        .hint("set PGSSLKEY to the certificate's private key, or register both with `registry set ENV/DB --sslcert FILE --sslkey FILE`")),
        (None, Some((key, from))) => Err(Error::usage(format!(
            "{from} is {key}, but no client certificate is set"
        ))
        .hint("set PGSSLCERT to the client certificate, or register both with `registry set ENV/DB --sslcert FILE --sslkey FILE`")),
    }
}

/// Build the connector for a plan: trusted roots, verification switches, client
/// certificate and key (the target's, else `PGSSLCERT`/`PGSSLKEY`: [`client_identity`]).
/// Only TLS 1.2 and newer, as libpq's default.
pub fn connector(
    plan: &TlsPlan,
    root: &RootCert,
    client_cert: Option<&str>,
    client_key: Option<&str>,
) -> Result<MakeTlsConnector> {
    let tls_err =
        |what: &str, e: &dyn std::fmt::Display| Error::usage(format!("TLS setup: {what}: {e}"));
    let mut b = SslConnector::builder(SslMethod::tls_client())
        .map_err(|e| tls_err("cannot initialise OpenSSL", &e))?;
    b.set_min_proto_version(Some(SslVersion::TLS1_2))
        .map_err(|e| tls_err("cannot set the minimum TLS version", &e))?;
    if plan.verify_chain {
        match root {
            RootCert::File(path) => {
                let pem = std::fs::read(path).map_err(|e| {
                    Error::usage(format!("sslrootcert: cannot read {path}: {e}"))
                        .hint("give the path of the PEM file of the CA that signed the server certificate")
                })?;
                let certs = X509::stack_from_pem(&pem).map_err(|e| {
                    Error::usage(format!("sslrootcert: {path} holds no PEM certificate: {e}"))
                })?;
                if certs.is_empty() {
                    return Err(Error::usage(format!(
                        "sslrootcert: {path} holds no PEM certificate"
                    )));
                }
                // Trust exactly these roots, as libpq does with sslrootcert=FILE.
                let mut store = X509StoreBuilder::new()
                    .map_err(|e| tls_err("cannot create a certificate store", &e))?;
                for c in certs {
                    store
                        .add_cert(c)
                        .map_err(|e| tls_err("cannot add a root certificate", &e))?;
                }
                b.set_cert_store(store.build());
            }
            RootCert::System => {
                b.set_default_verify_paths()
                    .map_err(|e| tls_err("cannot load the system's trusted roots", &e))?;
            }
            RootCert::None => {}
        }
        b.set_verify(SslVerifyMode::PEER);
    } else {
        b.set_verify(SslVerifyMode::NONE);
    }
    if let Some(id) = client_identity(client_cert, client_key)? {
        let (cert, key) = (&id.cert, &id.key);
        b.set_certificate_chain_file(cert).map_err(|e| {
            Error::usage(format!("{}: cannot use {cert}: {e}", id.cert_from))
                .hint("give a PEM client certificate file")
        })?;
        b.set_private_key_file(key, SslFiletype::PEM).map_err(|e| {
            Error::usage(format!("{}: cannot use {key}: {e}", id.key_from))
                .hint("give the PEM private key of the client certificate (unencrypted, mode 0600)")
        })?;
        b.check_private_key().map_err(|e| {
            Error::usage(format!(
                "{}: {key} does not belong to {cert}: {e}",
                id.key_from
            ))
        })?;
    }
    let mut c = MakeTlsConnector::new(b.build());
    let verify_hostname = plan.verify_hostname;
    c.set_callback(move |cfg, _domain| {
        cfg.set_verify_hostname(verify_hostname);
        Ok(())
    });
    Ok(c)
}

/// The postgres-level mode of an attempt.
pub fn pg_mode(a: Attempt) -> postgres::config::SslMode {
    match a {
        Attempt::Plain => postgres::config::SslMode::Disable,
        Attempt::TlsIfOffered => postgres::config::SslMode::Prefer,
        Attempt::TlsRequired => postgres::config::SslMode::Require,
    }
}

/// Whether libpq would try the next attempt after this failure: a TLS handshake failure
/// (after `prefer`'s TLS attempt), or the server rejecting the connection's kind
/// (SQLSTATE 28000, e.g. pg_hba.conf has no entry for plaintext or for TLS). Never after
/// a wrong password (28P01), a timeout or a refused TCP connection.
pub fn retry_allowed(e: &postgres::Error) -> bool {
    if let Some(db) = e.as_db_error() {
        return db.code().code() == "28000";
    }
    e.to_string().starts_with("error performing TLS handshake")
}

#[cfg(test)]
mod tests {
    use super::*;
    use Attempt::*;

    #[test]
    fn client_certificate_and_key_come_from_the_target_else_the_environment() {
        let id = |c, k, ec, ek| pick_client_identity(c, k, ec, ek);
        assert_eq!(id(None, None, None, None).unwrap(), None);
        assert_eq!(id(None, None, Some(""), Some("")).unwrap(), None);
        let got = id(
            Some("/t.crt"),
            Some("/t.key"),
            Some("/e.crt"),
            Some("/e.key"),
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            (
                got.cert.as_str(),
                got.cert_from,
                got.key.as_str(),
                got.key_from
            ),
            ("/t.crt", "sslcert", "/t.key", "sslkey")
        );
        let got = id(None, None, Some("/e.crt"), Some("/e.key"))
            .unwrap()
            .unwrap();
        assert_eq!(
            (
                got.cert.as_str(),
                got.cert_from,
                got.key.as_str(),
                got.key_from
            ),
            ("/e.crt", "PGSSLCERT", "/e.key", "PGSSLKEY")
        );
        // Each setting on its own, as libpq.
        let got = id(Some("/t.crt"), None, None, Some("/e.key"))
            .unwrap()
            .unwrap();
        assert_eq!((got.cert_from, got.key_from), ("sslcert", "PGSSLKEY"));
        let e = id(None, None, Some("/e.crt"), None).unwrap_err();
        assert_eq!(e.exit_code().code(), 2);
        assert!(
            e.message.contains("PGSSLCERT") && e.message.contains("no client key"),
            "{}",
            e.message
        );
        assert!(e.hint.unwrap().contains("PGSSLKEY"));
        let e = id(None, None, None, Some("/e.key")).unwrap_err();
        assert!(e.message.contains("no client certificate"), "{}", e.message);
    }

    fn file() -> RootCert {
        RootCert::File("/ca.pem".into())
    }

    fn row(mode: SslMode, root: &RootCert) -> (Vec<Attempt>, bool, bool) {
        let p = plan(mode, root, false).unwrap();
        (p.attempts, p.verify_chain, p.verify_hostname)
    }

    #[test]
    fn sslmode_decision_table_without_root_cert() {
        let n = RootCert::None;
        assert_eq!(row(SslMode::Disable, &n), (vec![Plain], false, false));
        assert_eq!(
            row(SslMode::Allow, &n),
            (vec![Plain, TlsRequired], false, false)
        );
        assert_eq!(
            row(SslMode::Prefer, &n),
            (vec![TlsIfOffered, Plain], false, false)
        );
        assert_eq!(row(SslMode::Require, &n), (vec![TlsRequired], false, false));
        for m in [SslMode::VerifyCa, SslMode::VerifyFull] {
            let e = plan(m, &n, false).unwrap_err();
            assert!(e.message.contains("root certificate"), "{}", e.message);
            assert_eq!(e.exit_code().code(), 2);
        }
    }

    #[test]
    fn sslmode_decision_table_with_root_cert() {
        let f = file();
        assert_eq!(row(SslMode::Disable, &f), (vec![Plain], false, false));
        assert_eq!(
            row(SslMode::Allow, &f),
            (vec![Plain, TlsRequired], true, false)
        );
        assert_eq!(
            row(SslMode::Prefer, &f),
            (vec![TlsIfOffered, Plain], true, false)
        );
        // require + root cert = verify-ca
        assert_eq!(row(SslMode::Require, &f), (vec![TlsRequired], true, false));
        assert_eq!(row(SslMode::VerifyCa, &f), (vec![TlsRequired], true, false));
        assert_eq!(
            row(SslMode::VerifyFull, &f),
            (vec![TlsRequired], true, true)
        );
    }

    #[test]
    fn unix_socket_ignores_sslmode() {
        for m in [
            SslMode::Disable,
            SslMode::Allow,
            SslMode::Prefer,
            SslMode::Require,
            SslMode::VerifyCa,
            SslMode::VerifyFull,
        ] {
            let p = plan(m, &RootCert::None, true).unwrap();
            assert_eq!(p.attempts, vec![Plain], "{m}");
            assert!(!p.verify_chain && !p.verify_hostname);
        }
    }

    #[test]
    fn system_roots_need_verify_full() {
        assert_eq!(
            row(SslMode::VerifyFull, &RootCert::System),
            (vec![TlsRequired], true, true)
        );
        assert!(plan(SslMode::Require, &RootCert::System, false).is_err());
        assert_eq!(RootCert::from_setting(Some("system")), RootCert::System);
        assert_eq!(RootCert::from_setting(Some("")), RootCert::None);
    }
}
