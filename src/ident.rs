//! Names: validation and quoting. The only module that turns identifiers and literals
//! into SQL text. Plan builders take only the validated types defined here.

use crate::error::{Error, Result};
use std::fmt;

/// PostgreSQL's NAMEDATALEN - 1: longer names are silently truncated by the server, so
/// pgacct refuses them.
pub const MAX_NAME_BYTES: usize = 63;

/// Names a new role may never have.
const RESERVED: &[&str] = &[
    "public",
    "none",
    "current_user",
    "session_user",
    "current_role",
];

/// Quote an identifier for SQL (`"name"`, doubling inner quotes).
pub fn quote_ident(s: &str) -> String {
    postgres_protocol::escape::escape_identifier(s)
}

/// Quote a string literal for SQL (`'text'`, or `E'...'` when it holds backslashes).
pub fn quote_literal(s: &str) -> String {
    postgres_protocol::escape::escape_literal(s)
}

fn check_length(what: &str, s: &str) -> Result<()> {
    if s.is_empty() {
        return Err(Error::usage(format!("{what}: the name is empty")));
    }
    if s.len() > MAX_NAME_BYTES {
        return Err(Error::usage(format!(
            "{what}: {s:?} is {} bytes; PostgreSQL names are at most {MAX_NAME_BYTES} bytes and pgacct refuses longer ones rather than let the server truncate them",
            s.len()
        )));
    }
    if s.contains('\0') {
        return Err(Error::usage(format!(
            "{what}: the name contains a NUL byte"
        )));
    }
    Ok(())
}

/// A role name, validated.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RoleName(String);

impl RoleName {
    /// A name for a role pgacct creates: `[a-z_][a-z0-9_]*`, at most 63 bytes, not `pg_*`,
    /// not a reserved word. Uppercase is refused with the lowercase suggestion.
    pub fn parse_new(s: &str) -> Result<RoleName> {
        Self::parse_new_as("username", s)
    }

    /// As [`parse_new`], naming the argument `what` in errors.
    pub fn parse_new_as(what: &str, s: &str) -> Result<RoleName> {
        check_length(what, s)?;
        if s.chars().any(|c| c.is_ascii_uppercase()) {
            // The suggestion must itself be a valid name: lowercase, and anything but
            // a-z, 0-9 and _ turned into _ ('Bad Name' -> "bad_name").
            let lower: String = s
                .to_ascii_lowercase()
                .chars()
                .map(|c| {
                    if matches!(c, 'a'..='z' | '0'..='9' | '_') {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            let valid =
                matches!(lower.chars().next(), Some('a'..='z' | '_')) && !lower.starts_with("pg_");
            let e = Error::usage(format!(
                "{what}: {s:?} contains uppercase letters, which PostgreSQL would fold or force quoting for"
            ));
            return Err(if valid {
                e.hint(format!("use {lower:?}"))
            } else {
                e.hint("a role name starts with a-z or _ and has only a-z, 0-9 and _")
            });
        }
        let mut chars = s.chars();
        let first_ok = matches!(chars.next(), Some('a'..='z' | '_'));
        if !first_ok || !chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_')) {
            return Err(
                Error::usage(format!("{what}: {s:?} is not a valid role name"))
                    .hint("a role name starts with a-z or _ and has only a-z, 0-9 and _"),
            );
        }
        if s.starts_with("pg_") {
            return Err(Error::usage(format!(
                "{what}: {s:?} starts with pg_, which PostgreSQL reserves for its own roles"
            )));
        }
        if RESERVED.contains(&s) {
            return Err(Error::usage(format!(
                "{what}: {s:?} is a reserved role name"
            )));
        }
        Ok(RoleName(s.to_string()))
    }

    /// The name of a role that may already exist (made by hand, perhaps with capitals or
    /// other characters): 1..=63 bytes, no NUL, no control characters.
    pub fn parse_any(s: &str) -> Result<RoleName> {
        check_length("role", s)?;
        if s.chars().any(|c| c.is_control()) {
            return Err(Error::usage(format!(
                "role: {s:?} contains control characters"
            )));
        }
        Ok(RoleName(s.to_string()))
    }

    /// Trusted constructor for names pgacct derives itself (group roles) after checking
    /// their length; also used for names read back from the server catalog.
    pub fn from_catalog(s: impl Into<String>) -> RoleName {
        RoleName(s.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name quoted for SQL.
    pub fn sql(&self) -> String {
        quote_ident(&self.0)
    }

    /// `pg_*` roles belong to PostgreSQL.
    pub fn is_system(&self) -> bool {
        self.0.starts_with("pg_")
    }
}

impl fmt::Display for RoleName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A schema name, validated (any 1..=63-byte name without NUL or control characters).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SchemaName(String);

impl SchemaName {
    pub fn parse(s: &str) -> Result<SchemaName> {
        check_length("schema", s)?;
        if s.chars().any(|c| c.is_control()) {
            return Err(Error::usage(format!(
                "schema: {s:?} contains control characters"
            )));
        }
        Ok(SchemaName(s.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn sql(&self) -> String {
        quote_ident(&self.0)
    }

    /// PostgreSQL's own schemas (`pg_catalog`, `pg_toast`, any `pg_*`, and
    /// `information_schema`): nothing may be granted in them (SELECT on all tables of
    /// pg_catalog includes pg_authid and its password verifiers).
    pub fn is_system(&self) -> bool {
        self.0.starts_with("pg_") || self.0 == "information_schema"
    }
}

impl fmt::Display for SchemaName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A database name, validated.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DbName(String);

impl DbName {
    pub fn parse(s: &str) -> Result<DbName> {
        check_length("db", s)?;
        if s.chars().any(|c| c.is_control()) {
            return Err(Error::usage(format!(
                "db: {s:?} contains control characters"
            )));
        }
        Ok(DbName(s.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn sql(&self) -> String {
        quote_ident(&self.0)
    }
}

impl fmt::Display for DbName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A `search_path` value: each schema quoted as an identifier, comma separated.
pub fn search_path_sql(schemas: &[SchemaName]) -> String {
    schemas
        .iter()
        .map(SchemaName::sql)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Split a stored `search_path` setting (as PostgreSQL prints it: identifiers quoted only
/// where needed, comma separated) into its schema names, unquoted: the inverse of
/// [`search_path_sql`]. An empty value has no names; `""` (what `SET search_path TO ''`
/// stores) is one empty name, which no [`SchemaName`] equals.
pub fn parse_search_path(value: &str) -> Vec<String> {
    let mut out = vec![];
    let mut cur = String::new();
    let mut chars = value.chars().peekable();
    let mut in_quotes = false;
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    cur.push('"');
                    chars.next();
                } else {
                    in_quotes = false;
                }
            } else {
                cur.push(c);
            }
        } else if c == '"' {
            in_quotes = true;
            quoted = true;
        } else if c == ',' {
            out.push(std::mem::take(&mut cur));
            quoted = false;
        } else if !c.is_whitespace() {
            // Whitespace outside quotes only separates (after or before a comma).
            cur.push(c);
        }
    }
    if !cur.is_empty() || quoted || !out.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_role_names_follow_the_rules() {
        assert!(RoleName::parse_new("jsmith").is_ok());
        assert!(RoleName::parse_new("_svc_01").is_ok());
        assert!(RoleName::parse_new(&"a".repeat(63)).is_ok());
        for bad in [
            "",
            "1abc",
            "a-b",
            "a b",
            "evil SUPERUSER --",
            "pg_monitor",
            "public",
            "none",
            "current_user",
            "x\"y",
            "é",
        ] {
            let e = RoleName::parse_new(bad).unwrap_err();
            assert_eq!(e.exit_code().code(), 2, "{bad:?} should be a usage error");
        }
        let long = RoleName::parse_new(&"a".repeat(64)).unwrap_err();
        assert!(long.message.contains("64 bytes"), "{}", long.message);
    }

    #[test]
    fn uppercase_is_refused_with_the_lowercase_suggestion() {
        let e = RoleName::parse_new("JSmith").unwrap_err();
        assert_eq!(e.hint.as_deref(), Some("use \"jsmith\""));
        // The suggestion is itself a valid name.
        let e = RoleName::parse_new("Bad Name").unwrap_err();
        assert_eq!(e.hint.as_deref(), Some("use \"bad_name\""));
        assert!(RoleName::parse_new("bad_name").is_ok());
        let e = RoleName::parse_new("9Lives").unwrap_err();
        assert!(!e.hint.unwrap().starts_with("use"));
    }

    #[test]
    fn quoting_doubles_quotes() {
        assert_eq!(quote_ident("a\"b"), "\"a\"\"b\"");
        assert_eq!(quote_literal("it's"), "'it''s'");
        let s = [
            SchemaName::parse("sales").unwrap(),
            SchemaName::parse("My Schema").unwrap(),
        ];
        assert_eq!(search_path_sql(&s), "\"sales\", \"My Schema\"");
    }

    #[test]
    fn stored_search_paths_parse() {
        assert_eq!(parse_search_path("public"), ["public"]);
        assert_eq!(parse_search_path("\"My S\", sales"), ["My S", "sales"]);
        assert_eq!(parse_search_path("\"a\"\"b\",c"), ["a\"b", "c"]);
        assert_eq!(
            parse_search_path("a, \"B\"\"c\", \"$user\""),
            ["a", "B\"c", "$user"]
        );
        // Nothing stored: no names. `""` (an empty search_path, as PostgreSQL stores
        // `SET search_path TO ''`): one empty name, so it never equals a wanted list of
        // schemas and is never mistaken for "no setting".
        assert!(parse_search_path("").is_empty());
        assert_eq!(parse_search_path("\"\""), [""]);
        assert_eq!(parse_search_path("\"\", public"), ["", "public"]);
    }
}
