//! The intents of the verbs on an existing user (reset, search-path, lock, unlock, revoke,
//! drop), built by the single commands and by `user apply`'s lines with the same
//! functions. The role is named, not yet looked up: whether it exists and whether the
//! guard protects it is read in the target's transaction.

use super::Source;
use crate::error::{Error, Result};
use crate::ident::{RoleName, SchemaName};
use std::time::SystemTime;

/// An existing user's name.
pub fn existing_role(name: &str) -> Result<RoleName> {
    RoleName::parse_any(name)
}

/// A new VALID UNTIL (`--valid-until` DATE or `--expires-in` DURATION), or None to keep
/// the role's own.
pub fn expiry(
    valid_until: Option<&str>,
    expires_in: Option<&str>,
    now: SystemTime,
) -> Result<Option<String>> {
    if valid_until.is_some() && expires_in.is_some() {
        return Err(Error::usage("valid_until and expires_in: give one of them"));
    }
    crate::kinds::valid_until(valid_until, expires_in, None, now)
}

/// Schemas named for a search path: `public` when none, each once, in order.
pub fn search_path_schemas(given: &[String]) -> Result<Vec<SchemaName>> {
    let mut schemas: Vec<SchemaName> = vec![];
    let public = ["public".to_string()];
    for s in if given.is_empty() { &public[..] } else { given } {
        let s = SchemaName::parse(s)?;
        if !schemas.contains(&s) {
            schemas.push(s);
        }
    }
    Ok(schemas)
}

/// `user reset`: a new password (and optionally a new expiry).
#[derive(Debug, Clone)]
pub struct ResetIntent {
    pub role: RoleName,
    pub valid_until: Option<String>,
    /// End the role's sessions once the new password is committed.
    pub terminate_sessions: bool,
}

impl ResetIntent {
    pub fn build(
        name: &str,
        valid_until: Option<&str>,
        expires_in: Option<&str>,
        terminate_sessions: bool,
    ) -> Result<ResetIntent> {
        Ok(ResetIntent {
            role: existing_role(name)?,
            valid_until: expiry(valid_until, expires_in, SystemTime::now())?,
            terminate_sessions,
        })
    }
}

/// `user search-path`: the role's search_path in the target's database.
#[derive(Debug, Clone)]
pub struct SearchPathIntent {
    pub role: RoleName,
    pub schemas: Vec<SchemaName>,
}

impl SearchPathIntent {
    pub fn build(name: &str, schemas: &[String]) -> Result<SearchPathIntent> {
        Ok(SearchPathIntent {
            role: existing_role(name)?,
            schemas: search_path_schemas(schemas)?,
        })
    }
}

/// `user lock`: NOLOGIN, and optionally end the sessions.
#[derive(Debug, Clone)]
pub struct LockIntent {
    pub role: RoleName,
    pub terminate_sessions: bool,
}

impl LockIntent {
    pub fn build(name: &str, terminate_sessions: bool) -> Result<LockIntent> {
        Ok(LockIntent {
            role: existing_role(name)?,
            terminate_sessions,
        })
    }
}

/// `user unlock`: LOGIN again, with what the lock recorded.
#[derive(Debug, Clone)]
pub struct UnlockIntent {
    pub role: RoleName,
}

impl UnlockIntent {
    pub fn build(name: &str) -> Result<UnlockIntent> {
        Ok(UnlockIntent {
            role: existing_role(name)?,
        })
    }
}

/// `user revoke`: memberships and privileges in the target's database (only in `schemas`
/// when given).
#[derive(Debug, Clone)]
pub struct RevokeIntent {
    pub role: RoleName,
    pub schemas: Vec<SchemaName>,
}

impl RevokeIntent {
    pub fn build(name: &str, schemas: &[String]) -> Result<RevokeIntent> {
        Ok(RevokeIntent {
            role: existing_role(name)?,
            schemas: schemas
                .iter()
                .map(|s| SchemaName::parse(s))
                .collect::<Result<Vec<_>>>()?,
        })
    }
}

/// `user drop`: the role, and who receives what it owns.
#[derive(Debug, Clone)]
pub struct DropIntent {
    pub role: RoleName,
    pub reassign_to: Option<RoleName>,
}

impl DropIntent {
    pub fn build(name: &str, reassign_to: Option<&str>, source: Source) -> Result<DropIntent> {
        let role = existing_role(name)?;
        let reassign_to = reassign_to.map(RoleName::parse_any).transpose()?;
        if reassign_to.as_ref() == Some(&role) {
            let column = match source {
                Source::Command => "reassign-to",
                Source::Batch => "reassign_to",
            };
            return Err(Error::usage(format!(
                "{column}: cannot reassign a role's objects to itself"
            )));
        }
        Ok(DropIntent { role, reassign_to })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_paths_default_to_public_and_name_each_schema_once() {
        let names = |v: Vec<SchemaName>| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(names(search_path_schemas(&[]).unwrap()), ["public"]);
        assert_eq!(
            names(search_path_schemas(&["app".into(), "public".into(), "app".into()]).unwrap()),
            ["app", "public"]
        );
        assert!(search_path_schemas(&["".into()]).is_err());
    }

    #[test]
    fn a_drop_cannot_reassign_to_the_role_itself() {
        let e = DropIntent::build("a", Some("a"), Source::Command).unwrap_err();
        assert_eq!(
            e.message,
            "reassign-to: cannot reassign a role's objects to itself"
        );
        let e = DropIntent::build("a", Some("a"), Source::Batch).unwrap_err();
        assert_eq!(
            e.message,
            "reassign_to: cannot reassign a role's objects to itself"
        );
        assert!(DropIntent::build("a", Some("b"), Source::Batch).is_ok());
    }
}
