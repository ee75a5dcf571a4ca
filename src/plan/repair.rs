//! Drift of a pgacct user from its kind, and the plan of `user repair` (and its undo).
//!
//! A kind defines, for one of its users in one database ([`RoleShape`]): the role's
//! attributes (CREATEDB and CREATEROLE as the kind says; never REPLICATION or BYPASSRLS;
//! INHERIT, so that it gets its group's privileges), a connection limit of at most the
//! kind's, membership in exactly one of pgacct's groups of that database (its kind's
//! level) and in no role outside pgacct's groups, `default_transaction_read_only = on`
//! in that database for read-only kinds only, `role = <owner group>` for owner kinds
//! only, and no privilege granted to the role itself (privileges come through the group).
//! [`differences`] lists every way a role departs from that; [`plan`] brings one shape
//! to another: the kind's (`user repair`) or the one recorded before a repair (`undo`).
//!
//! Memberships in pgacct groups of other databases are out of scope here (they are the
//! role's access there, checked on those targets). The search_path is checked for
//! presence only: its value is chosen per user (`--schema`), not by the kind, so repair
//! never changes it (`pgacct user search-path` does).
//!
//! Pure: names come in as catalog strings and leave only through `crate::ident`.

use super::Phase;
use super::Plan;
use super::create::group_name;
use super::lifecycle::{self as lplan, DirectPrivilege, Membership, Revoked, Step};
use crate::ident::{DbName, RoleName, quote_ident, quote_literal};
use crate::kinds::{Access, RoleKind};
use serde::{Deserialize, Serialize};

/// The parts of a role that its kind defines, as seen in one database.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleShape {
    pub createdb: bool,
    pub createrole: bool,
    pub replication: bool,
    pub bypassrls: bool,
    pub inherit: bool,
    /// -1: no limit.
    pub conn_limit: i32,
    /// Direct memberships in scope: this database's pgacct groups and roles that are no
    /// pgacct group at all (sorted by group name).
    pub memberships: Vec<Membership>,
    /// `default_transaction_read_only` in this database, as stored.
    pub read_only: Option<String>,
    /// `role` in this database, as stored.
    pub role_setting: Option<String>,
    /// Privileges granted to the role itself in this database that the admin can revoke
    /// (granted by the object's owner or the admin; sorted).
    pub privileges: Vec<DirectPrivilege>,
}

/// One way a role departs from its kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// `attribute`, `connection_limit`, `membership`, `setting` or `privilege`.
    pub what: &'static str,
    pub detail: String,
    /// `pgacct user repair` fixes it.
    pub repairable: bool,
}

fn on(v: Option<&str>) -> bool {
    matches!(
        v.map(|s| s.trim_matches('\'').to_ascii_lowercase())
            .as_deref(),
        Some("on" | "true" | "1" | "yes")
    )
}

/// The shape the kind wants, given what the role has (the connection limit stays when
/// within the kind's; memberships in scope become the kind's level group alone).
pub fn wanted(kind: &RoleKind, database: &str, have: &RoleShape) -> RoleShape {
    let level = group_name(kind.access, database);
    RoleShape {
        createdb: kind.createdb,
        createrole: kind.createrole,
        replication: false,
        bypassrls: false,
        inherit: true,
        conn_limit: if (0..=kind.conn_limit).contains(&have.conn_limit) {
            have.conn_limit
        } else {
            kind.conn_limit
        },
        memberships: vec![Membership {
            group: level.to_string(),
            admin_option: false,
        }],
        read_only: if kind.read_only_default_tx {
            if on(have.read_only.as_deref()) {
                have.read_only.clone()
            } else {
                Some("on".into())
            }
        } else {
            None
        },
        role_setting: if kind.access == Access::Owner {
            let owner = group_name(Access::Owner, database);
            match &have.role_setting {
                Some(r) if r.trim_matches('"') == owner.as_str() => have.role_setting.clone(),
                _ => Some(owner.to_string()),
            }
        } else {
            None
        },
        privileges: vec![],
    }
}

fn attr_word(name: &str, v: bool) -> String {
    format!("{}{}", if v { "" } else { "NO" }, name.to_ascii_uppercase())
}

/// Every difference between `have` and what `kind` wants in `database`. `search_path`:
/// whether the role has one there; `foreign`: direct privileges granted by someone else
/// than the owner or the admin (reported, not repairable by the admin).
pub fn differences(
    kind: &RoleKind,
    database: &str,
    have: &RoleShape,
    search_path: bool,
    foreign: &[(DirectPrivilege, String)],
) -> Vec<Difference> {
    let want = wanted(kind, database, have);
    let mut out = vec![];
    let mut attr = |n: &str, h: bool, w: bool| {
        if h != w {
            out.push(Difference {
                what: "attribute",
                detail: format!(
                    "{} (kind {} wants {})",
                    attr_word(n, h),
                    kind.name,
                    attr_word(n, w)
                ),
                repairable: true,
            });
        }
    };
    attr("createdb", have.createdb, want.createdb);
    attr("createrole", have.createrole, want.createrole);
    attr("replication", have.replication, want.replication);
    attr("bypassrls", have.bypassrls, want.bypassrls);
    attr("inherit", have.inherit, want.inherit);
    if have.conn_limit != want.conn_limit {
        out.push(Difference {
            what: "connection_limit",
            detail: format!(
                "connection limit {} (kind {} allows at most {})",
                if have.conn_limit < 0 {
                    "none".to_string()
                } else {
                    have.conn_limit.to_string()
                },
                kind.name,
                kind.conn_limit
            ),
            repairable: true,
        });
    }
    for m in &want.memberships {
        if !have.memberships.iter().any(|h| h.group == m.group) {
            out.push(Difference {
                what: "membership",
                detail: format!(
                    "not a member of {} ({} in database {database})",
                    m.group,
                    kind.access.describe()
                ),
                repairable: true,
            });
        }
    }
    for h in &have.memberships {
        match want.memberships.iter().find(|m| m.group == h.group) {
            None => out.push(Difference {
                what: "membership",
                detail: format!(
                    "member of {} (kind {} wants only {})",
                    h.group, kind.name, want.memberships[0].group
                ),
                repairable: true,
            }),
            Some(m) if m.admin_option != h.admin_option => out.push(Difference {
                what: "membership",
                detail: format!("member of {} WITH ADMIN OPTION", h.group),
                repairable: true,
            }),
            Some(_) => {}
        }
    }
    if !search_path {
        out.push(Difference {
            what: "setting",
            detail: format!("no search_path in database {database}"),
            repairable: false,
        });
    }
    if have.read_only != want.read_only {
        out.push(Difference {
            what: "setting",
            detail: match (&have.read_only, kind.read_only_default_tx) {
                (_, true) => format!(
                    "default_transaction_read_only is {} in database {database} (kind {} wants on)",
                    have.read_only.as_deref().unwrap_or("not set"),
                    kind.name
                ),
                (v, false) => format!(
                    "default_transaction_read_only is set to {} in database {database} (kind {} sets none)",
                    v.as_deref().unwrap_or(""),
                    kind.name
                ),
            },
            repairable: true,
        });
    }
    if have.role_setting != want.role_setting {
        out.push(Difference {
            what: "setting",
            detail: match &want.role_setting {
                Some(w) => format!(
                    "role in database {database} is {} (kind {} wants {w})",
                    have.role_setting.as_deref().unwrap_or("not set"),
                    kind.name
                ),
                None => format!(
                    "role in database {database} is set to {} (kind {} sets none)",
                    have.role_setting.as_deref().unwrap_or(""),
                    kind.name
                ),
            },
            repairable: true,
        });
    }
    for p in &have.privileges {
        out.push(Difference {
            what: "privilege",
            detail: format!(
                "{}{} on {} granted to the role directly (not through its group)",
                p.privilege,
                if p.grantable {
                    " WITH GRANT OPTION"
                } else {
                    ""
                },
                p.object_label()
            ),
            repairable: true,
        });
    }
    for (p, by) in foreign {
        out.push(Difference {
            what: "privilege",
            detail: format!(
                "{} on {} granted to the role directly by {by} (only {by} can revoke it)",
                p.privilege,
                p.object_label()
            ),
            repairable: false,
        });
    }
    out
}

fn step(phase: Phase, sql: String, description: String) -> Step {
    Step::new(phase, sql, description)
}

/// The statements that turn `have` into `want` for `role` in `database`, in one
/// transaction: attributes and limit in one ALTER ROLE, memberships granted and revoked,
/// the two per-database settings set or reset, privileges revoked and granted. Empty when
/// the two are the same.
pub fn plan(role: &RoleName, database: &DbName, have: &RoleShape, want: &RoleShape) -> Plan {
    let mut p = Plan::default();
    let mut words = vec![];
    for (n, h, w) in [
        ("createdb", have.createdb, want.createdb),
        ("createrole", have.createrole, want.createrole),
        ("replication", have.replication, want.replication),
        ("bypassrls", have.bypassrls, want.bypassrls),
        ("inherit", have.inherit, want.inherit),
    ] {
        if h != w {
            words.push(attr_word(n, w));
        }
    }
    if have.conn_limit != want.conn_limit {
        words.push(format!("CONNECTION LIMIT {}", want.conn_limit));
    }
    if !words.is_empty() {
        p.steps.push(step(
            Phase::Alter,
            format!("ALTER ROLE {} WITH {}", role.sql(), words.join(" ")),
            format!("set {} on {role}", words.join(" ")),
        ));
    }
    for m in &have.memberships {
        if !want.memberships.iter().any(|w| w == m) {
            p.steps.push(step(
                Phase::Membership,
                format!("REVOKE {} FROM {}", quote_ident(&m.group), role.sql()),
                format!("remove {role} from {}", m.group),
            ));
        }
    }
    for m in &want.memberships {
        if !have.memberships.iter().any(|h| h == m) {
            let opt = if m.admin_option {
                " WITH ADMIN OPTION"
            } else {
                ""
            };
            p.steps.push(step(
                Phase::Membership,
                format!("GRANT {} TO {}{opt}", quote_ident(&m.group), role.sql()),
                format!("make {role} a member of {}", m.group),
            ));
        }
    }
    for (name, h, w) in [
        (
            "default_transaction_read_only",
            &have.read_only,
            &want.read_only,
        ),
        ("role", &have.role_setting, &want.role_setting),
    ] {
        if h == w {
            continue;
        }
        match w {
            Some(v) => p.steps.push(step(
                Phase::Settings,
                format!(
                    "ALTER ROLE {} IN DATABASE {} SET {name} = {}",
                    role.sql(),
                    database.sql(),
                    quote_literal(v.trim_matches('"'))
                ),
                format!("set {name} of {role} in database {database} to {v}"),
            )),
            None => p.steps.push(step(
                Phase::Settings,
                format!(
                    "ALTER ROLE {} IN DATABASE {} RESET {name}",
                    role.sql(),
                    database.sql()
                ),
                format!("reset {name} of {role} in database {database}"),
            )),
        }
    }
    let extra: Vec<DirectPrivilege> = have
        .privileges
        .iter()
        .filter(|x| !want.privileges.contains(x))
        .cloned()
        .collect();
    let missing: Vec<DirectPrivilege> = want
        .privileges
        .iter()
        .filter(|x| !have.privileges.contains(x))
        .cloned()
        .collect();
    p.steps.extend(
        lplan::revoke(
            role,
            &Revoked {
                memberships: vec![],
                privileges: extra,
            },
        )
        .steps,
    );
    p.steps.extend(
        lplan::regrant(
            role,
            &Revoked {
                memberships: vec![],
                privileges: missing,
            },
        )
        .steps,
    );
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::{builtins, find};
    use crate::plan::lifecycle::ObjectType;

    fn kind(n: &str) -> RoleKind {
        find(&builtins(), n).unwrap().clone()
    }

    fn clean(k: &RoleKind, db: &str) -> RoleShape {
        let mut s = RoleShape {
            inherit: true,
            conn_limit: k.conn_limit,
            createdb: k.createdb,
            createrole: k.createrole,
            ..Default::default()
        };
        s = wanted(k, db, &s);
        s
    }

    fn table_select() -> DirectPrivilege {
        DirectPrivilege {
            object_type: ObjectType::Table,
            schema: Some("public".into()),
            name: "orders".into(),
            args: None,
            privilege: "SELECT".into(),
            grantable: false,
            column: None,
        }
    }

    #[test]
    fn a_role_as_its_kind_has_no_difference_and_no_plan() {
        for k in builtins() {
            let have = clean(&k, "app");
            assert!(
                differences(&k, "app", &have, true, &[]).is_empty(),
                "{}",
                k.name
            );
            let role = RoleName::parse_new("jsmith").unwrap();
            let db = DbName::parse("app").unwrap();
            assert!(plan(&role, &db, &have, &wanted(&k, "app", &have)).is_empty());
        }
        // A lower connection limit than the kind's maximum is the user's own.
        let k = kind("devqa");
        let mut have = clean(&k, "app");
        have.conn_limit = 5;
        assert!(differences(&k, "app", &have, true, &[]).is_empty());
    }

    #[test]
    fn hand_made_drift_is_listed_and_repaired_and_the_repair_undone() {
        let k = kind("devqa");
        let before_hand = clean(&k, "app");
        let mut have = before_hand.clone();
        have.conn_limit = 500;
        have.createdb = true;
        have.privileges = vec![table_select()];
        have.memberships.push(Membership {
            group: "app_owner".into(),
            admin_option: false,
        });
        let d = differences(&k, "app", &have, true, &[]);
        let whats: Vec<&str> = d.iter().map(|x| x.what).collect();
        assert_eq!(
            whats,
            ["attribute", "connection_limit", "membership", "privilege"],
            "{d:?}"
        );
        assert!(d[0].detail.contains("CREATEDB"), "{d:?}");
        assert!(d[1].detail.contains("500") && d[1].detail.contains("20"));
        let role = RoleName::parse_new("jsmith").unwrap();
        let db = DbName::parse("app").unwrap();
        let want = wanted(&k, "app", &have);
        assert_eq!(want, before_hand);
        let p = plan(&role, &db, &have, &want);
        assert_eq!(
            p.sql(),
            [
                "ALTER ROLE \"jsmith\" WITH NOCREATEDB CONNECTION LIMIT 20;",
                "REVOKE \"app_owner\" FROM \"jsmith\";",
                "REVOKE SELECT ON TABLE \"public\".\"orders\" FROM \"jsmith\";",
            ]
        );
        // Undo: from the repaired shape back to the recorded one.
        let u = plan(&role, &db, &want, &have);
        assert_eq!(
            u.sql(),
            [
                "ALTER ROLE \"jsmith\" WITH CREATEDB CONNECTION LIMIT 500;",
                "GRANT \"app_owner\" TO \"jsmith\";",
                "GRANT SELECT ON TABLE \"public\".\"orders\" TO \"jsmith\";",
            ]
        );
    }

    #[test]
    fn settings_and_levels_follow_the_kind() {
        let k = kind("readonly");
        let mut have = clean(&k, "app");
        assert_eq!(have.read_only.as_deref(), Some("on"));
        have.read_only = None;
        have.memberships = vec![Membership {
            group: group_name(Access::Write, "app").to_string(),
            admin_option: false,
        }];
        let d = differences(&k, "app", &have, false, &[]);
        assert_eq!(d.len(), 4, "{d:?}");
        assert!(
            !d.iter()
                .find(|x| x.detail.contains("search_path"))
                .unwrap()
                .repairable
        );
        let role = RoleName::parse_new("ro").unwrap();
        let db = DbName::parse("app").unwrap();
        let p = plan(&role, &db, &have, &wanted(&k, "app", &have));
        let sql = p.sql().join("\n");
        assert!(sql.contains("REVOKE \"pgacct_write_app_"), "{sql}");
        assert!(sql.contains("GRANT \"pgacct_read_app_"), "{sql}");
        assert!(
            sql.contains(
                "ALTER ROLE \"ro\" IN DATABASE \"app\" SET default_transaction_read_only = 'on'"
            ),
            "{sql}"
        );
        // A devqa with a read-only default gets it reset.
        let k = kind("devqa");
        let mut have = clean(&k, "app");
        have.read_only = Some("on".into());
        let p = plan(&role, &db, &have, &wanted(&k, "app", &have));
        assert_eq!(
            p.sql(),
            ["ALTER ROLE \"ro\" IN DATABASE \"app\" RESET default_transaction_read_only;"]
        );
    }
}
