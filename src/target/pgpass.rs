//! The libpq password file (`PGPASSFILE` or `~/.pgpass`), read with libpq's rules.
//!
//! Format: one `hostname:port:database:username:password` per line; `#` starts a
//! comment line; `\:` and `\\` are a literal colon and backslash; a field that is exactly
//! `*` matches anything; the first matching line wins. The file is ignored, with a
//! warning, unless it is a regular file with no group or world permissions (0600 or
//! stricter). `localhost` in the file also matches a Unix-socket host (libpq matches it
//! for the default socket directory; pgacct for any socket directory, and the socket
//! path itself matches too).

use crate::secret::Secret;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// What the password is looked up for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lookup<'a> {
    /// Host name, IP address or socket directory, as registered.
    pub host: &'a str,
    pub port: u16,
    pub database: &'a str,
    pub user: &'a str,
}

/// One field of a line: a literal value, or the `*` wildcard.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Field {
    Any,
    Value(String),
}

impl Field {
    fn matches(&self, s: &str) -> bool {
        match self {
            Field::Any => true,
            Field::Value(v) => v == s,
        }
    }
}

/// Split one line into its fields, undoing `\` escapes. The fifth field (the password)
/// takes the rest of the line, colons included. `None` for lines with fewer than five
/// fields, which libpq skips.
fn parse_line(line: &str) -> Option<(Vec<Field>, Zeroizing<String>)> {
    let mut fields = Vec::with_capacity(4);
    let mut cur = String::new();
    let mut raw_star = true; // the raw field is exactly "*" so far
    let mut raw_len = 0usize;
    let mut chars = line.chars();
    while fields.len() < 4 {
        let c = chars.next()?;
        match c {
            ':' => {
                let f = if raw_star && raw_len == 1 {
                    Field::Any
                } else {
                    Field::Value(std::mem::take(&mut cur))
                };
                cur.clear();
                fields.push(f);
                raw_star = true;
                raw_len = 0;
            }
            '\\' => {
                raw_star = false;
                raw_len += 1;
                match chars.next() {
                    Some(n) => cur.push(n),
                    None => return None,
                }
            }
            c => {
                raw_star &= c == '*';
                raw_len += 1;
                cur.push(c);
            }
        }
    }
    // The password: the rest, with escapes undone.
    let mut pw = Zeroizing::new(String::new());
    let mut rest = chars;
    while let Some(c) = rest.next() {
        if c == '\\' {
            if let Some(n) = rest.next() {
                pw.push(n);
            }
        } else {
            pw.push(c);
        }
    }
    Some((fields, pw))
}

/// Find the password for `want` in the text of a password file (pure; unit-tested).
pub fn find(text: &str, want: &Lookup<'_>) -> Option<Secret> {
    let port = want.port.to_string();
    let socket = want.host.starts_with('/');
    for line in text.lines() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((f, pw)) = parse_line(line) else {
            continue;
        };
        let host_ok = f[0].matches(want.host) || (socket && f[0].matches("localhost"));
        if host_ok && f[1].matches(&port) && f[2].matches(want.database) && f[3].matches(want.user)
        {
            return Some(Secret::new(pw.to_string()));
        }
    }
    None
}

/// Where the password file is: `PGPASSFILE`, else `~/.pgpass`.
pub fn path() -> Option<PathBuf> {
    match std::env::var_os("PGPASSFILE") {
        Some(p) if !p.is_empty() => Some(PathBuf::from(p)),
        _ => dirs::home_dir().map(|h| h.join(".pgpass")),
    }
}

/// The result of consulting the password file.
pub enum FileLookup {
    /// No file there.
    Missing,
    /// The file exists but is not used; the warning says why.
    Ignored(String),
    /// The file was read and has no matching line.
    NoMatch,
    Found(Secret),
}

/// Look the password up in the file at `path`, checking its permissions first.
pub fn lookup_file(path: &Path, want: &Lookup<'_>) -> FileLookup {
    use std::os::unix::fs::PermissionsExt;
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return FileLookup::Missing,
        Err(e) => {
            return FileLookup::Ignored(format!(
                "password file {} cannot be read: {e}",
                path.display()
            ));
        }
    };
    if !meta.is_file() {
        return FileLookup::Ignored(format!(
            "password file {} is not a plain file; ignored",
            path.display()
        ));
    }
    let mode = meta.permissions().mode();
    if mode & 0o077 != 0 {
        return FileLookup::Ignored(format!(
            "password file {} has group or world access (mode {:04o}); permissions should be u=rw (0600) or less; ignored (fix with `chmod 600 {}`)",
            path.display(),
            mode & 0o7777,
            path.display()
        ));
    }
    let text = match std::fs::read(path) {
        Ok(b) => Zeroizing::new(String::from_utf8_lossy(&b).into_owned()),
        Err(e) => {
            return FileLookup::Ignored(format!(
                "password file {} cannot be read: {e}",
                path.display()
            ));
        }
    };
    match find(&text, want) {
        Some(s) => FileLookup::Found(s),
        None => FileLookup::NoMatch,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn want<'a>(host: &'a str, port: u16, db: &'a str, user: &'a str) -> Lookup<'a> {
        Lookup {
            host,
            port,
            database: db,
            user,
        }
    }

    fn pw(text: &str, w: &Lookup<'_>) -> Option<String> {
        find(text, w).map(|s| s.expose().to_string())
    }

    #[test]
    fn exact_match_and_first_match_wins() {
        let text = "db1:5432:app:admin:first\ndb1:5432:app:admin:second\n";
        assert_eq!(
            pw(text, &want("db1", 5432, "app", "admin")).as_deref(),
            Some("first")
        );
        assert_eq!(pw(text, &want("db2", 5432, "app", "admin")), None);
        assert_eq!(pw(text, &want("db1", 5433, "app", "admin")), None);
        assert_eq!(pw(text, &want("db1", 5432, "other", "admin")), None);
        assert_eq!(pw(text, &want("db1", 5432, "app", "other")), None);
    }

    #[test]
    fn wildcards_match_any_value_in_their_field() {
        let text = "# comment\n\n*:*:*:admin:wild\n";
        assert_eq!(
            pw(text, &want("anyhost", 6543, "whatever", "admin")).as_deref(),
            Some("wild")
        );
        assert_eq!(pw(text, &want("anyhost", 6543, "whatever", "bob")), None);
        // A more specific line after a wildcard line loses: first match wins.
        let text = "*:*:*:admin:wild\nh:1:d:admin:specific\n";
        assert_eq!(
            pw(text, &want("h", 1, "d", "admin")).as_deref(),
            Some("wild")
        );
    }

    #[test]
    fn escapes_for_colon_and_backslash() {
        // host "a:b", database "x\y", password "p:w\d:"
        let text = r"a\:b:5432:x\\y:admin:p\:w\\d\:";
        assert_eq!(
            pw(text, &want("a:b", 5432, r"x\y", "admin")).as_deref(),
            Some(r"p:w\d:")
        );
        // An escaped star is a literal star, not a wildcard.
        let text = r"\*:5432:app:admin:lit";
        assert_eq!(pw(text, &want("db", 5432, "app", "admin")), None);
        assert_eq!(
            pw(text, &want("*", 5432, "app", "admin")).as_deref(),
            Some("lit")
        );
        // A star inside a value is literal too.
        let text = "db*:5432:app:admin:x";
        assert_eq!(pw(text, &want("db1", 5432, "app", "admin")), None);
    }

    #[test]
    fn unescaped_colons_in_the_password_field_are_kept() {
        let text = "h:1:d:u:pa:ss:word";
        assert_eq!(
            pw(text, &want("h", 1, "d", "u")).as_deref(),
            Some("pa:ss:word")
        );
    }

    #[test]
    fn short_lines_are_skipped() {
        let text = "h:1:d:u\nh:1:d:u:ok\n";
        assert_eq!(pw(text, &want("h", 1, "d", "u")).as_deref(), Some("ok"));
    }

    #[test]
    fn localhost_matches_a_unix_socket_host() {
        let text = "localhost:5432:app:admin:sock\n";
        assert_eq!(
            pw(text, &want("/var/run/postgresql", 5432, "app", "admin")).as_deref(),
            Some("sock")
        );
        let text = "/tmp/pg:5432:app:admin:path\n";
        assert_eq!(
            pw(text, &want("/tmp/pg", 5432, "app", "admin")).as_deref(),
            Some("path")
        );
        // but localhost does not match a TCP host of another name
        let text = "localhost:5432:app:admin:sock\n";
        assert_eq!(pw(text, &want("127.0.0.1", 5432, "app", "admin")), None);
    }

    #[test]
    fn crlf_line_endings_do_not_end_up_in_the_password() {
        let text = "h:1:d:u:pw\r\n";
        assert_eq!(pw(text, &want("h", 1, "d", "u")).as_deref(), Some("pw"));
    }

    #[test]
    fn file_with_group_or_world_access_is_ignored() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("pgpass");
        std::fs::write(&p, "*:*:*:*:secret\n").unwrap();
        let w = want("h", 1, "d", "u");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
        match lookup_file(&p, &w) {
            FileLookup::Ignored(msg) => assert!(msg.contains("0644"), "{msg}"),
            _ => panic!("a 0644 file must be ignored"),
        }
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        match lookup_file(&p, &w) {
            FileLookup::Found(s) => assert_eq!(s.expose(), "secret"),
            _ => panic!("a 0600 file must be used"),
        }
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o400)).unwrap();
        assert!(matches!(lookup_file(&p, &w), FileLookup::Found(_)));
        assert!(matches!(
            lookup_file(&dir.path().join("none"), &w),
            FileLookup::Missing
        ));
        assert!(matches!(
            lookup_file(&p, &want("h", 1, "d", "u")),
            FileLookup::Found(_)
        ));
    }
}
