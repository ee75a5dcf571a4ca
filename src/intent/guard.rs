//! The protected-role guard, one for every verb, batch line and `user create`: pgacct
//! never touches PostgreSQL's `pg_*` roles, the admin role it connects as, a superuser (or
//! a member of one, which can act as it) or one of its own group roles. Pure: the callers
//! bring what they know of the role (its name before connecting, then the catalog's facts).

use crate::error::Error;

/// What the guard needs to know of a role.
#[derive(Debug, Clone, Copy, Default)]
pub struct RoleFacts<'a> {
    pub name: &'a str,
    pub superuser: bool,
    /// A superuser role it is a member of, directly or not.
    pub superuser_via: Option<&'a str>,
    /// One of pgacct's group roles (its comment carries pgacct's group marker).
    pub group: bool,
}

impl<'a> RoleFacts<'a> {
    /// Only a name: a role not looked up (yet), or that does not exist.
    pub fn named(name: &'a str) -> Self {
        RoleFacts {
            name,
            ..Default::default()
        }
    }
}

/// The refusal (exit 5) when pgacct must not touch `role`, else None. `admin` is the role
/// pgacct connects as, when known.
pub fn protected_role(role: &RoleFacts<'_>, admin: Option<&str>) -> Option<Error> {
    let why = if role.name.starts_with("pg_") {
        "is a PostgreSQL system role".to_string()
    } else if admin == Some(role.name) {
        "is the admin role pgacct connects as".to_string()
    } else if role.superuser {
        "is a superuser".to_string()
    } else if let Some(su) = role.superuser_via {
        format!("is a member of {su} and can act as that superuser")
    } else if role.group {
        // Every user of its level in that database holds its privileges through it.
        "is one of pgacct's group roles, shared by the users of its database".to_string()
    } else {
        return None;
    };
    Some(
        Error::refused(format!("{} {why}; pgacct does not touch it", role.name))
            .hint("superusers, pg_* roles and the admin role are managed by hand, on purpose"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(role: &RoleFacts<'_>, admin: &str) -> Option<String> {
        protected_role(role, Some(admin)).map(|e| {
            assert_eq!(e.exit_code().code(), 5);
            e.message
        })
    }

    #[test]
    fn protected_roles_are_refused_with_the_reason() {
        let mut r = RoleFacts::named("jsmith");
        assert_eq!(refusal(&r, "postgres"), None);
        assert_eq!(protected_role(&r, None).map(|e| e.message), None);
        assert_eq!(
            refusal(&r, "jsmith").unwrap(),
            "jsmith is the admin role pgacct connects as; pgacct does not touch it"
        );
        r.superuser = true;
        assert!(refusal(&r, "postgres").unwrap().contains("is a superuser"));
        r.superuser = false;
        r.superuser_via = Some("rds_superuser");
        assert!(
            refusal(&r, "postgres")
                .unwrap()
                .contains("is a member of rds_superuser")
        );
        r.superuser_via = None;
        r.group = true;
        assert!(refusal(&r, "postgres").unwrap().contains("group roles"));
        let state = crate::plan::create::RoleState {
            name: "app_read".into(),
            comment: Some(
                crate::kinds::Marker::Group {
                    level: "read".into(),
                    database: "app".into(),
                }
                .text(),
            ),
            ..Default::default()
        };
        assert!(RoleFacts::from(&state).group);
        assert!(
            refusal(&RoleFacts::named("pg_monitor"), "postgres")
                .unwrap()
                .contains("PostgreSQL system role")
        );
    }
}
