//! Secrets: the only module that holds plaintext passwords.
//!
//! A [`Secret`] has no `Debug`, `Display` or `Serialize` that could print it, and its
//! memory is zeroed on drop. Out of it come verifiers (SCRAM-SHA-256, or md5 only when the
//! server's `password_encryption` says md5) for the plan, and, once, the plaintext for the
//! caller who asked for it through [`Secret::expose`].

use crate::error::{Error, Result};
use rand::Rng;
use rand::rngs::OsRng;
use zeroize::Zeroizing;

/// The characters of generated passwords: letters and digits, plus `-` `_` `.` `~`,
/// which need no escaping in .pgpass, URLs (unreserved), libpq connection strings or
/// shells.
pub const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";

/// Shortest generated password allowed.
pub const MIN_LENGTH: usize = 16;

/// A plaintext password, zeroed on drop and never printable by accident.
pub struct Secret(Zeroizing<String>);

/// Redacted: a `{:?}` of a Secret shows no character of it.
impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl Secret {
    /// Wrap a password that came from outside (stdin, a password command, .pgpass).
    pub fn new(s: String) -> Secret {
        Secret(Zeroizing::new(s))
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
        Ok(Secret(s))
    }

    /// The plaintext, for the one place that must see it (the connection's password,
    /// the caller's output). Keep the borrow short.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The verifier to send in `PASSWORD '...'`: md5 only when the server's
    /// `password_encryption` is md5, SCRAM-SHA-256 otherwise.
    pub fn verifier(&self, password_encryption: &str, role: &str) -> String {
        if password_encryption.eq_ignore_ascii_case("md5") {
            postgres_protocol::password::md5(self.0.as_bytes(), role)
        } else {
            postgres_protocol::password::scram_sha_256(self.0.as_bytes())
        }
    }

    /// True when `text` contains this secret (for leak checks on error texts).
    pub fn appears_in(&self, text: &str) -> bool {
        !self.0.is_empty() && text.contains(self.0.as_str())
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

    #[test]
    fn verifiers_follow_password_encryption() {
        let s = Secret::new("correct horse".into());
        let scram = s.verifier("scram-sha-256", "jsmith");
        assert!(scram.starts_with("SCRAM-SHA-256$4096:"), "{scram}");
        assert!(!scram.contains("correct horse"));
        let md5 = s.verifier("md5", "jsmith");
        assert!(md5.starts_with("md5") && md5.len() == 35, "{md5}");
    }
}
