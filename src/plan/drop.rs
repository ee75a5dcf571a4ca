//! The plan for `user drop`: what the preflight found in every database of the cluster,
//! whether that allows a drop, and the per-database steps in a safe order (the other
//! databases first, the target database with the DROP ROLE last). Pure data.

use super::lifecycle::{Step, terminate_step};
use super::{Phase, Plan, Stage, StepKind};
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

/// Build the drop plan. The caller has already refused when the preflight owns
/// something and there is no `reassign_to`.
pub fn drop(
    role: &RoleName,
    reassign_to: Option<&RoleName>,
    target_database: &str,
    preflight: &Preflight,
    server_version_num: i32,
) -> Plan {
    let mut plan = Plan::default();
    if preflight.sessions > 0 {
        // Sessions end first, so that their locks don't hold up DROP OWNED.
        plan.steps
            .push(terminate_step(role, server_version_num, Stage::Before));
    }
    let drop_role = |db: &str| {
        Step::new(
            Phase::Drop,
            format!("DROP ROLE {}", role.sql()),
            format!("drop the role {role}"),
        )
        .at(Stage::TxIn(db.to_string()))
    };
    let per_db = |db: &str, last: bool| {
        let at = Stage::TxIn(db.to_string());
        let mut steps = vec![];
        if let Some(to) = reassign_to {
            steps.push(
                Step::new(
                    Phase::Alter,
                    format!("REASSIGN OWNED BY {} TO {}", role.sql(), to.sql()),
                    format!("give what {role} owns in {db} to {to}"),
                )
                .at(at.clone())
                .of_kind(StepKind::Owned),
            );
        }
        steps.push(
            Step::new(
                Phase::Revoke,
                format!("DROP OWNED BY {}", role.sql()),
                format!(
                    "revoke the privileges and default privileges of {role} in {db}{}",
                    if reassign_to.is_some() {
                        ""
                    } else {
                        " (it owns nothing there)"
                    }
                ),
            )
            .at(at)
            .of_kind(StepKind::Owned),
        );
        if last {
            steps.push(drop_role(db));
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
        plan.steps.extend(per_db(&d.database, false));
    }
    // Shared objects (databases, tablespaces) are reassigned by REASSIGN OWNED in any
    // database, so the target database always runs it when there is a new owner.
    let target_has = preflight
        .databases
        .iter()
        .any(|d| d.database == target_database && d.has_dependencies())
        || !preflight.databases_owned.is_empty()
        || !preflight.tablespaces_owned.is_empty();
    if target_has {
        plan.steps.extend(per_db(target_database, true));
    } else {
        plan.steps.push(drop_role(target_database));
    }
    plan
}

/// For an admin without the privileges of `role` (a CREATEROLE admin that is not a
/// member of it): REASSIGN OWNED and DROP OWNED need them, so each database transaction
/// that runs one first makes the admin a member of `role` (PostgreSQL allows it where
/// the admin holds ADMIN OPTION on the role: 16+ on roles it created, or any
/// non-superuser role with CREATEROLE up to 15). The membership goes with DROP ROLE.
pub fn take_membership(plan: &mut Plan, role: &RoleName, admin: &str) {
    for (db, steps) in plan.databases() {
        if !steps.has(StepKind::Owned) {
            continue;
        }
        let at = Stage::TxIn(db);
        let Some(first) = plan.steps.iter().position(|s| s.stage == at) else {
            continue;
        };
        plan.steps.insert(
            first,
            Step::new(
                Phase::Alter,
                format!("GRANT {} TO {}", role.sql(), crate::ident::quote_ident(admin)),
                format!(
                    "make the admin {admin} a member of {role} (REASSIGN OWNED and DROP OWNED need its privileges; the membership goes with the role)"
                ),
            )
            .at(at)
            .of_kind(StepKind::TakeMembership),
        );
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
            plan.databases()
                .iter()
                .map(|(d, _)| d.as_str())
                .collect::<Vec<_>>(),
            vec!["reports", "app"]
        );
        assert_eq!(
            plan.statements()[1..],
            [
                "REASSIGN OWNED BY \"jsmith\" TO \"app_owner\"".to_string(),
                "DROP OWNED BY \"jsmith\"".into(),
                "REASSIGN OWNED BY \"jsmith\" TO \"app_owner\"".into(),
                "DROP OWNED BY \"jsmith\"".into(),
                "DROP ROLE \"jsmith\"".into(),
            ]
        );
        assert!(plan.statements()[0].contains("pg_terminate_backend"));
    }

    #[test]
    fn a_role_with_nothing_is_just_dropped() {
        let role = RoleName::parse_any("jsmith").unwrap();
        let plan = drop(&role, None, "app", &Preflight::default(), 150000);
        assert_eq!(plan.statements(), vec!["DROP ROLE \"jsmith\"".to_string()]);
    }
}
