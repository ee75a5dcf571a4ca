//! The intent of `user create` (and of a batch's create line): the new user's name by its
//! kind's naming rule, its schemas, connection limit and expiry, validated before any
//! network.

use super::Source;
use super::guard::{RoleFacts, protected_role};
use crate::error::{Error, Result};
use crate::ident::{RoleName, SchemaName};
use crate::kinds::{NameRule, RoleKind};
use std::time::SystemTime;

/// What is asked for, as given (a command line's options or a batch line's columns).
#[derive(Debug, Clone, Default)]
pub struct CreateRequest {
    pub name: Option<String>,
    pub username: Option<String>,
    pub server: Option<String>,
    pub port: Option<String>,
    pub prefix: Option<String>,
    pub farm: Option<String>,
    pub schemas: Vec<String>,
    pub valid_until: Option<String>,
    pub expires_in: Option<String>,
    pub conn_limit: Option<i32>,
}

/// A validated `user create`.
#[derive(Debug, Clone)]
pub struct CreateIntent {
    pub role: RoleName,
    pub kind: RoleKind,
    pub schemas: Vec<SchemaName>,
    pub conn_limit: i32,
    pub valid_until: Option<String>,
    /// Notes about the name (`-` and `.` became `_`).
    pub notes: Vec<String>,
}

impl CreateIntent {
    /// Validate `req` for `kind`; `admin`: the target's admin role when known (a batch
    /// line's target).
    pub fn build(
        kind: &RoleKind,
        req: &CreateRequest,
        source: Source,
        admin: Option<&str>,
        now: SystemTime,
    ) -> Result<CreateIntent> {
        if req.name.is_some() && req.username.is_some() {
            return Err(Error::usage("name and username: give one of them"));
        }
        if req.valid_until.is_some() && req.expires_in.is_some() {
            return Err(Error::usage("valid_until and expires_in: give one of them"));
        }
        let (name, notes) = role_name(kind, req)?;
        let label = match (source, kind.name_rule) {
            (Source::Command, NameRule::Username) => "username",
            (Source::Command, NameRule::ServerPort) => "--server/--port",
            (Source::Command, NameRule::PrefixFarm) => "--prefix/--farm",
            (Source::Batch, NameRule::Username) => "name",
            (Source::Batch, NameRule::ServerPort) => "server/port",
            (Source::Batch, NameRule::PrefixFarm) => "prefix/farm",
        };
        let role = if source == Source::Command && name.starts_with("pg_") {
            RoleName::parse_any(&name)?
        } else {
            RoleName::parse_new_as(label, &name)?
        };
        if source == Source::Batch {
            if let Some(e) = protected_role(&RoleFacts::named(role.as_str()), admin) {
                return Err(e);
            }
        }
        let mut schemas: Vec<SchemaName> = vec![];
        for s in if req.schemas.is_empty() {
            vec!["public".to_string()]
        } else {
            req.schemas.clone()
        } {
            let s = SchemaName::parse(&s)?;
            if s.is_system() {
                let label = match source {
                    Source::Command => "--schema",
                    Source::Batch => "schemas",
                };
                return Err(Error::usage(format!(
                    "{label}: {s} is a system schema; pgacct grants nothing in it"
                ))
                .hint("name the schemas that hold the application's tables, e.g. public"));
            }
            if !schemas.contains(&s) {
                schemas.push(s);
            }
        }
        Ok(CreateIntent {
            conn_limit: conn_limit(kind, req)?,
            valid_until: valid_until(kind, req, now)?,
            role,
            kind: kind.clone(),
            schemas,
            notes,
        })
    }
}

/// The role name of a kind's user from the arguments, and notes about what was changed
/// (`-` and `.` to `_`). Usage errors name the argument.
pub fn role_name(kind: &RoleKind, a: &CreateRequest) -> Result<(String, Vec<String>)> {
    let mut notes = vec![];
    let given = |flag: &str, v: &Option<String>| -> Result<()> {
        if v.is_some() {
            return Err(Error::usage(format!(
                "{flag} does not apply to kind {} (its names follow the {} rule)",
                kind.name,
                kind.name_rule.as_str()
            )));
        }
        Ok(())
    };
    let part = |flag: &str, v: &Option<String>, notes: &mut Vec<String>| -> Result<String> {
        let v = v.as_deref().ok_or_else(|| {
            Error::usage(format!(
                "{flag}: missing; kind {} needs it to form the user name",
                kind.name
            ))
        })?;
        if v.is_empty() {
            return Err(Error::usage(format!("{flag}: the value is empty")));
        }
        let conv: String = v
            .chars()
            .map(|c| if c == '-' || c == '.' { '_' } else { c })
            .collect();
        if let Some(bad) = conv.chars().find(|c| c.is_ascii_uppercase()) {
            let _ = bad;
            return Err(
                Error::usage(format!("{flag}: {v:?} contains uppercase letters"))
                    .hint(format!("use {:?}", v.to_ascii_lowercase())),
            );
        }
        if let Some(bad) = conv
            .chars()
            .find(|c| !matches!(c, 'a'..='z' | '0'..='9' | '_'))
        {
            return Err(Error::usage(format!(
                "{flag}: {v:?} contains {bad:?}; only a-z, 0-9, _, - and . are allowed"
            )));
        }
        if conv != v {
            notes.push(format!("{flag} {v:?}: '-' and '.' became '_' ({conv:?})"));
        }
        Ok(conv)
    };
    let name = match kind.name_rule {
        NameRule::Username => {
            given("--server", &a.server)?;
            given("--service-port", &a.port)?;
            given("--prefix", &a.prefix)?;
            given("--farm", &a.farm)?;
            a.name
                .clone()
                .or_else(|| a.username.clone())
                .ok_or_else(|| {
                    Error::usage(format!(
                        "username: missing; kind {} needs a user name (NAME or --username)",
                        kind.name
                    ))
                })?
        }
        NameRule::ServerPort => {
            given("NAME/--username", &a.name.clone().or(a.username.clone()))?;
            given("--prefix", &a.prefix)?;
            given("--farm", &a.farm)?;
            let server = part("--server", &a.server, &mut notes)?;
            let port = a.port.as_deref().ok_or_else(|| {
                Error::usage(format!(
                    "--service-port: missing; kind {} needs the app service's own port (the name is <server>_<service-port>)",
                    kind.name
                ))
            })?;
            let p: u32 = port.parse().map_err(|_| {
                Error::usage(format!(
                    "--service-port: {port:?} is not a port number (1-65535)"
                ))
            })?;
            if !(1..=65535).contains(&p) {
                return Err(Error::usage(format!(
                    "--service-port: {p} is out of range 1-65535"
                )));
            }
            format!("{server}_{p}")
        }
        NameRule::PrefixFarm => {
            given("NAME/--username", &a.name.clone().or(a.username.clone()))?;
            given("--server", &a.server)?;
            given("--service-port", &a.port)?;
            let prefix = part("--prefix", &a.prefix, &mut notes)?;
            let farm = part("--farm", &a.farm, &mut notes)?;
            format!("{prefix}_{farm}")
        }
    };
    Ok((name, notes))
}

/// VALID UNTIL as RFC 3339 (UTC, seconds): `--valid-until` (a date means the end of that
/// day, UTC), `--expires-in`, or the kind's default; None for no expiry. Must be in the
/// future.
pub fn valid_until(kind: &RoleKind, a: &CreateRequest, now: SystemTime) -> Result<Option<String>> {
    crate::kinds::valid_until(
        a.valid_until.as_deref(),
        a.expires_in.as_deref(),
        kind.default_expiry,
        now,
    )
}

/// The connection limit: `--conn-limit` within 1..=the kind's, or the kind's.
pub fn conn_limit(kind: &RoleKind, a: &CreateRequest) -> Result<i32> {
    match a.conn_limit {
        None => Ok(kind.conn_limit),
        Some(n) if (1..=kind.conn_limit).contains(&n) => Ok(n),
        Some(n) => Err(Error::usage(format!(
            "--conn-limit: {n} is outside 1-{} (the maximum of kind {})",
            kind.conn_limit, kind.name
        ))
        .hint(format!(
            "`pgacct kinds set {} --conn-limit N` raises the kind's maximum",
            kind.name
        ))),
    }
}
