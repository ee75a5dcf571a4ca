//! The plan for `user drop`: what the preflight found in every database of the cluster,
//! whether that allows a drop, and the per-database steps in a safe order (the other
//! databases first, the target database with the DROP ROLE last). Pure data.

use super::Phase;
use super::lifecycle::{Step, terminate_sessions_sql};
use crate::ident::RoleName;
use serde::Serialize;

/// What a role has in one database of the cluster.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DatabaseDeps {
    pub database: String,
    /// Objects the role owns there (as the server describes them).
    pub owned: Vec<String>,
    /// Privileges granted to the role there (objects described).
    pub privileges: Vec<String>,
    /// Default privileges the role defines or is granted there.
    pub default_privileges: Vec<String>,
    /// Counts, which may exceed the described lists (those are capped).
    pub owned_count: i64,
    pub privilege_count: i64,
    pub default_privilege_count: i64,
    /// Open sessions of the role connected to this database.
    pub sessions: i64,
}

impl DatabaseDeps {
    pub fn has_dependencies(&self) -> bool {
        self.owned_count + self.privilege_count + self.default_privilege_count > 0
    }
}

/// The preflight report across the whole cluster.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Preflight {
    pub role: String,
    pub databases: Vec<DatabaseDeps>,
    /// Databases the role owns.
    pub databases_owned: Vec<String>,
    /// Tablespaces the role owns.
    pub tablespaces_owned: Vec<String>,
    pub sessions: i64,
}

impl Preflight {
    /// True when something would be lost or block DROP ROLE without --reassign-to.
    pub fn owns_anything(&self) -> bool {
        !self.databases_owned.is_empty()
            || !self.tablespaces_owned.is_empty()
            || self.databases.iter().any(|d| d.owned_count > 0)
    }

    /// "what and where" for a refusal: one line per database or shared object.
    pub fn ownership_lines(&self) -> Vec<String> {
        let mut out = vec![];
        for d in &self.databases_owned {
            out.push(format!("owns the database {d}"));
        }
        for t in &self.tablespaces_owned {
            out.push(format!("owns the tablespace {t}"));
        }
        for d in self.databases.iter().filter(|d| d.owned_count > 0) {
            let mut shown = d.owned.join(", ");
            if (d.owned.len() as i64) < d.owned_count {
                shown.push_str(&format!(
                    ", and {} more",
                    d.owned_count - d.owned.len() as i64
                ));
            }
            out.push(format!(
                "owns {} object(s) in database {}: {shown}",
                d.owned_count, d.database
            ));
        }
        out
    }
}

/// One transaction on one database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DatabaseSteps {
    pub database: String,
    pub steps: Vec<Step>,
}

/// The whole drop: sessions ended first, then one transaction per database in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DropPlan {
    /// Run first, outside any transaction, on the target database's connection.
    pub before: Vec<Step>,
    /// One transaction each, in this order; the last is the target database and ends
    /// with DROP ROLE.
    pub databases: Vec<DatabaseSteps>,
}

impl DropPlan {
    pub fn sql(&self) -> Vec<String> {
        let mut v: Vec<String> = self.before.iter().map(|s| s.sql.clone()).collect();
        for d in &self.databases {
            v.extend(d.steps.iter().map(|s| s.sql.clone()));
        }
        v
    }
    pub fn descriptions(&self) -> Vec<String> {
        let mut v: Vec<String> = self.before.iter().map(|s| s.description.clone()).collect();
        for d in &self.databases {
            v.extend(
                d.steps
                    .iter()
                    .map(|s| format!("[{}] {}", d.database, s.description)),
            );
        }
        v
    }
}

/// Build the drop plan. The caller has already refused when the preflight owns
/// something and there is no `reassign_to`.
pub fn drop(
    role: &RoleName,
    reassign_to: Option<&RoleName>,
    target_database: &str,
    preflight: &Preflight,
    server_version_num: i32,
) -> DropPlan {
    let mut plan = DropPlan::default();
    if preflight.sessions > 0 {
        plan.before.push(Step {
            sql: terminate_sessions_sql(role, server_version_num),
            description: format!("end the open sessions of {role}"),
            phase: Phase::Drop,
            verifier_for: None,
        });
    }
    let per_db = |db: &str, last: bool| {
        let mut steps = vec![];
        if let Some(to) = reassign_to {
            steps.push(Step {
                sql: format!("REASSIGN OWNED BY {} TO {}", role.sql(), to.sql()),
                description: format!("give what {role} owns in {db} to {to}"),
                phase: Phase::Alter,
                verifier_for: None,
            });
        }
        steps.push(Step {
            sql: format!("DROP OWNED BY {}", role.sql()),
            description: format!(
                "revoke the privileges and default privileges of {role} in {db}{}",
                if reassign_to.is_some() {
                    ""
                } else {
                    " (it owns nothing there)"
                }
            ),
            phase: Phase::Revoke,
            verifier_for: None,
        });
        if last {
            steps.push(Step {
                sql: format!("DROP ROLE {}", role.sql()),
                description: format!("drop the role {role}"),
                phase: Phase::Drop,
                verifier_for: None,
            });
        }
        steps
    };
    let mut others: Vec<&DatabaseDeps> = preflight
        .databases
        .iter()
        .filter(|d| d.database != target_database && d.has_dependencies())
        .collect();
    others.sort_by(|a, b| a.database.cmp(&b.database));
    for d in others {
        plan.databases.push(DatabaseSteps {
            database: d.database.clone(),
            steps: per_db(&d.database, false),
        });
    }
    // Shared objects (databases, tablespaces) are reassigned by REASSIGN OWNED in any
    // database, so the target database always runs it when there is a new owner.
    let target_has = preflight
        .databases
        .iter()
        .any(|d| d.database == target_database && d.has_dependencies())
        || !preflight.databases_owned.is_empty()
        || !preflight.tablespaces_owned.is_empty();
    let mut last = if target_has {
        per_db(target_database, true)
    } else {
        vec![Step {
            sql: format!("DROP ROLE {}", role.sql()),
            description: format!("drop the role {role}"),
            phase: Phase::Drop,
            verifier_for: None,
        }]
    };
    plan.databases.push(DatabaseSteps {
        database: target_database.to_string(),
        steps: std::mem::take(&mut last),
    });
    plan
}

/// For an admin without the privileges of `role` (a CREATEROLE admin that is not a
/// member of it): REASSIGN OWNED and DROP OWNED need them, so each database transaction
/// that runs one first makes the admin a member of `role` (PostgreSQL allows it where
/// the admin holds ADMIN OPTION on the role: 16+ on roles it created, or any
/// non-superuser role with CREATEROLE up to 15). The membership goes with DROP ROLE.
pub fn take_membership(plan: &mut DropPlan, role: &RoleName, admin: &str) {
    for d in &mut plan.databases {
        if d.steps.iter().any(|s| s.sql.contains(" OWNED BY ")) {
            d.steps.insert(
                0,
                Step {
                    sql: format!(
                        "GRANT {} TO {}",
                        role.sql(),
                        crate::ident::quote_ident(admin)
                    ),
                    description: format!(
                        "make the admin {admin} a member of {role} (REASSIGN OWNED and DROP OWNED need its privileges; the membership goes with the role)"
                    ),
                    phase: Phase::Alter,
                    verifier_for: None,
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deps(db: &str, owned: i64, privs: i64) -> DatabaseDeps {
        DatabaseDeps {
            database: db.into(),
            owned: (0..owned).map(|i| format!("table t{i}")).collect(),
            owned_count: owned,
            privilege_count: privs,
            ..Default::default()
        }
    }

    #[test]
    fn ownership_blocks_and_is_listed_per_database() {
        let p = Preflight {
            role: "jsmith".into(),
            databases: vec![deps("app", 0, 3), deps("reports", 1, 0)],
            ..Default::default()
        };
        assert!(p.owns_anything());
        assert_eq!(
            p.ownership_lines(),
            vec!["owns 1 object(s) in database reports: table t0".to_string()]
        );
        let only_privs = Preflight {
            role: "jsmith".into(),
            databases: vec![deps("app", 0, 3)],
            ..Default::default()
        };
        assert!(!only_privs.owns_anything());
    }

    #[test]
    fn other_databases_first_drop_role_last() {
        let role = RoleName::parse_any("jsmith").unwrap();
        let to = RoleName::parse_any("app_owner").unwrap();
        let p = Preflight {
            role: "jsmith".into(),
            databases: vec![
                deps("app", 0, 1),
                deps("reports", 1, 0),
                deps("empty", 0, 0),
            ],
            sessions: 2,
            ..Default::default()
        };
        let plan = drop(&role, Some(&to), "app", &p, 150000);
        assert_eq!(
            plan.databases
                .iter()
                .map(|d| d.database.as_str())
                .collect::<Vec<_>>(),
            vec!["reports", "app"]
        );
        assert_eq!(
            plan.sql()[1..],
            [
                "REASSIGN OWNED BY \"jsmith\" TO \"app_owner\"".to_string(),
                "DROP OWNED BY \"jsmith\"".into(),
                "REASSIGN OWNED BY \"jsmith\" TO \"app_owner\"".into(),
                "DROP OWNED BY \"jsmith\"".into(),
                "DROP ROLE \"jsmith\"".into(),
            ]
        );
        assert!(plan.sql()[0].contains("pg_terminate_backend"));
    }

    #[test]
    fn a_role_with_nothing_is_just_dropped() {
        let role = RoleName::parse_any("jsmith").unwrap();
        let plan = drop(&role, None, "app", &Preflight::default(), 150000);
        assert_eq!(plan.sql(), vec!["DROP ROLE \"jsmith\"".to_string()]);
    }
}
