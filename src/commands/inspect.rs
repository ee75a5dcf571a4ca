//! `pgacct user list` and `pgacct user find`: reads. One catalog query lists every role of
//! a cluster (attributes, memberships, pgacct kind, open sessions); `find` adds one role's
//! settings, privileges (and where they come from) and ownership.

use super::lifecycle::resolve_targets;
use crate::catalog::inspect::{self, PrivilegeRow, RoleFilter, RoleInfo};
use crate::cli::user::{ListArgs, NameArgs};
use crate::context::Context;
use crate::error::{Error, ExitCode, Result};
use crate::ident::RoleName;
use crate::inventory::Inventory;
use crate::inventory::audit::{Outcome, Record};
use crate::inventory::targets::Target;
use crate::output::{cell, sanitize, yes_no};
use crate::results::{
    FindReport, FoundMembership, FoundRole, PrivilegeGroup, TargetFields, TargetReport, VerbReport,
};
use crate::target::{self, ConnectSettings, Purpose};
use serde::Serialize;

fn record_read(
    ctx: &Context,
    inv: &mut Inventory,
    action: &str,
    t: &Target,
    role: Option<&str>,
    outcome: Outcome,
    error: Option<String>,
) -> Result<()> {
    inv.record_read(
        &ctx.actor,
        &Record {
            action: action.into(),
            env: Some(t.env.clone()),
            db_name: Some(t.database.clone()),
            server: Some(t.server()),
            role: role.map(String::from),
            outcome: Some(outcome),
            is_read: true,
            error,
            ..Default::default()
        },
    )?;
    Ok(())
}

fn attributes(r: &RoleInfo) -> String {
    let mut v = vec![];
    if r.superuser {
        v.push("superuser");
    }
    if r.createdb {
        v.push("createdb");
    }
    if r.createrole {
        v.push("createrole");
    }
    if r.replication {
        v.push("replication");
    }
    if r.bypassrls {
        v.push("bypassrls");
    }
    v.join(" ")
}

fn valid_until_cell(r: &RoleInfo) -> String {
    match (&r.valid_until, r.expired) {
        (Some(v), true) => format!("{v} (expired)"),
        (Some(v), false) => v.clone(),
        (None, _) => String::new(),
    }
}

/// Parse `--expiring-within 30d` into seconds.
fn within_secs(s: Option<&str>) -> Result<Option<f64>> {
    s.map(|d| {
        humantime::parse_duration(d)
            .map(|d| d.as_secs_f64())
            .map_err(|e| {
                Error::usage(format!("expiring-within: {d:?} is not a duration: {e}"))
                    .hint("e.g. 30d, 12h, 2w")
            })
    })
    .transpose()
}

/// One `user list` entry in JSON: the fields of [`RoleInfo`] (and `target` when several
/// targets are listed), in alphabetical order as always, serialized straight from the
/// role instead of through a JSON value per role (a third of the client's time for
/// 12,000 roles). `list_entries_have_role_infos_fields` keeps the two in step.
#[derive(Serialize)]
struct ListEntry<'a> {
    admin: bool,
    bypassrls: bool,
    comment: Option<&'a str>,
    connection_limit: i32,
    createdb: bool,
    createrole: bool,
    expired: bool,
    kind: Option<&'a str>,
    login: bool,
    managed: bool,
    member_of: &'a [String],
    name: &'a str,
    replication: bool,
    sessions: i64,
    superuser: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    superuser_via: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target: Option<String>,
    valid_until: Option<&'a str>,
}

impl<'a> ListEntry<'a> {
    fn of(r: &'a RoleInfo, target: Option<String>) -> ListEntry<'a> {
        ListEntry {
            admin: r.admin,
            bypassrls: r.bypassrls,
            comment: r.comment.as_deref(),
            connection_limit: r.connection_limit,
            createdb: r.createdb,
            createrole: r.createrole,
            expired: r.expired,
            kind: r.kind.as_deref(),
            login: r.login,
            managed: r.managed,
            member_of: &r.member_of,
            name: &r.name,
            replication: r.replication,
            sessions: r.sessions,
            superuser: r.superuser,
            superuser_via: r.superuser_via.as_deref(),
            target,
            valid_until: r.valid_until.as_deref(),
        }
    }
}

/// The cluster's roles as one of its databases sees them, when several targets are listed
/// (roles are cluster-wide, pgacct's groups per database): pgacct's groups of other
/// databases are left out, also from `member_of`, and so are the roles pgacct manages
/// that belong to other databases only (members of their groups and none of this
/// database's). Roles pgacct does not manage are listed under every database.
fn for_database(roles: Vec<RoleInfo>, database: &str) -> Vec<RoleInfo> {
    let group_db: std::collections::HashMap<String, String> = roles
        .iter()
        .filter_map(|r| inspect::group_database(r.comment.as_deref()).map(|d| (r.name.clone(), d)))
        .collect();
    let other = |g: &str| group_db.get(g).is_some_and(|d| d != database);
    let mine = |g: &str| group_db.get(g).is_some_and(|d| d == database);
    roles
        .into_iter()
        .filter(|r| !other(&r.name))
        .filter(|r| {
            !r.managed
                || group_db.contains_key(&r.name)
                || r.member_of.iter().any(|g| mine(g))
                || !r.member_of.iter().any(|g| other(g))
        })
        .map(|mut r| {
            r.member_of.retain(|g| !other(g));
            r
        })
        .collect()
}

pub fn list(ctx: &Context, a: ListArgs) -> Result<ExitCode> {
    let filter = RoleFilter {
        name: None,
        like: a.like.clone(),
        login: match (a.login, a.no_login) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        },
        expiring_within_secs: within_secs(a.expiring_within.as_deref())?,
    };
    let mut inv = ctx.inventory()?;
    if let Some(k) = &a.kind {
        // A kind that does not exist would list nothing and look like "no such roles".
        let kinds = super::kinds::load(&inv)?;
        let levels = ["connect", "read", "write", "owner"];
        let known = kinds.iter().any(|x| &x.name == k)
            || k.strip_prefix("group:")
                .is_some_and(|l| levels.contains(&l));
        if !known {
            return Err(Error::usage(format!("kind: unknown kind {k:?}")).hint(format!(
                "use one of {}, or a group level: group:connect, group:read, group:write, group:owner (`pgacct kinds` lists the kinds)",
                kinds
                    .iter()
                    .map(|x| x.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    }
    let targets = resolve_targets(&inv, &a.targets)?;
    let settings = ConnectSettings::from_context(ctx);
    let many = targets.len() > 1;
    let mut all: Vec<(Target, RoleInfo)> = vec![];
    // Each target's failure (None: listed): the others' results are printed all the same,
    // and the exit code says some failed (6), or all (1), or the one target's own code.
    let mut failures: Vec<Option<crate::error::Error>> = vec![];
    for t in &targets {
        // The roles are read in the session's first flight (one round trip after login).
        let mut flight = target::flight::Flight::new();
        let (roles, comments) = inspect::roles_in(&mut flight, &filter);
        let res = target::connect_reading(&settings, t, Purpose::Read, &flight)
            .map(|(s, rows)| inspect::roles_from(&rows[roles], &rows[comments], &s.admin_user));
        match res {
            Ok(roles) => {
                failures.push(None);
                record_read(ctx, &mut inv, "user list", t, None, Outcome::Read, None)?;
                let roles = if many {
                    for_database(roles, &t.database)
                } else {
                    roles
                };
                all.extend(
                    roles
                        .into_iter()
                        .filter(|r| a.kind.is_none() || r.kind == a.kind)
                        .map(|r| (t.clone(), r)),
                );
            }
            Err(e) => {
                record_read(
                    ctx,
                    &mut inv,
                    "user list",
                    t,
                    None,
                    Outcome::Failed,
                    Some(e.message.clone()),
                )?;
                if targets.len() == 1 {
                    return Err(e.on(t.name()));
                }
                failures.push(Some(e.on(t.name())));
            }
        }
    }
    let code =
        crate::engine::exit_code_of(&failures.iter().map(Option::as_ref).collect::<Vec<_>>());
    if code == ExitCode::Failed {
        // Every target failed: nothing to print but the errors.
        for e in failures.iter().flatten().skip(1) {
            ctx.out.error(e);
        }
        return Err(failures.into_iter().flatten().next().expect("a failure"));
    }
    for e in failures.iter().flatten() {
        ctx.out.error(e);
    }
    if ctx.out.is_json() {
        let v: Vec<ListEntry> = all
            .iter()
            .map(|(t, r)| ListEntry::of(r, many.then(|| t.name())))
            .collect();
        ctx.out.json(&v);
    } else {
        let mut headers = vec![];
        if many {
            headers.push("target");
        }
        headers.extend([
            "name",
            "login",
            "attributes",
            "conn limit",
            "valid until",
            "member of",
            "kind",
            "sessions",
        ]);
        let mut table = ctx.out.table(&headers);
        for (t, r) in &all {
            let mut row = vec![];
            if many {
                row.push(t.name());
            }
            let name = if r.admin {
                format!("{} (admin)", sanitize(&r.name))
            } else {
                sanitize(&r.name)
            };
            row.extend([
                name,
                yes_no(r.login).to_string(),
                attributes(r),
                if r.connection_limit < 0 {
                    "none".into()
                } else {
                    r.connection_limit.to_string()
                },
                valid_until_cell(r),
                sanitize(&r.member_of.join(", ")),
                cell(&r.kind),
                r.sessions.to_string(),
            ]);
            table.add_row(row);
        }
        ctx.out.print(table);
        ctx.out.info(format!("{} role(s)", all.len()));
    }
    Ok(code)
}

/// Privileges grouped per object and source, for people and JSON.
fn grouped_privileges(rows: &[PrivilegeRow]) -> Vec<PrivilegeGroup> {
    let mut out: Vec<PrivilegeGroup> = vec![];
    for r in rows {
        let label = r.object_label();
        let via = if r.owner && r.is_direct() {
            "owner".to_string()
        } else {
            r.via.clone()
        };
        let p = if r.grantable {
            format!("{} (grantable)", r.privilege)
        } else {
            r.privilege.clone()
        };
        match out.iter_mut().find(|g| g.object == label && g.via == via) {
            Some(g) => g.privileges.push(p),
            None => out.push(PrivilegeGroup {
                object: label,
                privileges: vec![p],
                via,
            }),
        }
    }
    out
}

pub fn find(ctx: &Context, a: NameArgs) -> Result<ExitCode> {
    let role = RoleName::parse_any(&a.name)?;
    let mut inv = ctx.inventory()?;
    let targets = resolve_targets(&inv, &a.targets)?;
    let settings = ConnectSettings::from_context(ctx);
    let mut results: Vec<TargetReport> = vec![];
    let mut exit = ExitCode::Success;
    for t in &targets {
        let res = find_on(&settings, t, &role);
        let at = TargetFields::of(t, role.as_str());
        let report = match res {
            Ok(found) => {
                record_read(
                    ctx,
                    &mut inv,
                    "user find",
                    t,
                    Some(role.as_str()),
                    Outcome::Read,
                    None,
                )?;
                if found.is_none() && exit == ExitCode::Success {
                    exit = ExitCode::NotFound;
                }
                TargetReport::new(
                    at,
                    VerbReport::Find(FindReport {
                        found: Some(found.is_some()),
                        role: found.map(Box::new),
                    }),
                )
            }
            Err(e) => {
                record_read(
                    ctx,
                    &mut inv,
                    "user find",
                    t,
                    Some(role.as_str()),
                    Outcome::Failed,
                    Some(e.message.clone()),
                )?;
                if targets.len() == 1 {
                    return Err(e);
                }
                ctx.out.error(&e);
                exit = ExitCode::Partial;
                TargetReport::new(
                    at,
                    VerbReport::Find(FindReport {
                        found: None,
                        role: None,
                    }),
                )
                .with_error(e)
            }
        };
        results.push(report);
    }
    if ctx.out.is_json() {
        // One shape whatever the number of targets: an array of per-target results.
        ctx.out.json(&results);
    } else {
        for r in &results {
            r.print(&ctx.out);
        }
    }
    if exit == ExitCode::Partial && results.iter().all(|r| r.error.is_some()) {
        // Every target failed: 1, as for every multi-target command.
        exit = ExitCode::Failed;
    }
    if exit == ExitCode::NotFound {
        ctx.out.info(format!(
            "no role {role} on the target{}; `pgacct user list` shows the roles there",
            if results.len() > 1 { "s" } else { "" }
        ));
    }
    Ok(exit)
}

/// Everything about one role on one target, or None when it does not exist: every read
/// goes in one flight with the session's first read, by the role's name (one round trip
/// after login).
fn find_on(settings: &ConnectSettings, t: &Target, role: &RoleName) -> Result<Option<FoundRole>> {
    use crate::target::flight::{Flight, p};
    use postgres::types::Type;
    let name = || p(role.as_str().to_string(), Type::NAME);
    let mut f = Flight::new();
    let filter = inspect::RoleFilter {
        name: Some(role.as_str().to_string()),
        ..Default::default()
    };
    let (roles, comments) = inspect::roles_in(&mut f, &filter);
    let settings_q = f.add(inspect::by_name(inspect::SETTINGS_SQL), vec![name()]);
    let memberships_q = f.add(inspect::by_name(inspect::MEMBERSHIPS_SQL), vec![name()]);
    let privileges_q = f.add(
        inspect::by_name(&inspect::privileges_sql()),
        vec![name(), p(None::<Vec<String>>, Type::TEXT_ARRAY)],
    );
    let owned_q = f.add(
        inspect::by_name(inspect::OWNED_HERE_SQL),
        vec![name(), p(100i64, Type::INT8)],
    );
    let deps_q: Vec<usize> = inspect::CLUSTER_DEPENDENCIES_SQL
        .iter()
        .map(|sql| f.add(inspect::by_name(sql), vec![name()]))
        .collect();
    let (s, rows) = target::connect_reading(settings, t, Purpose::Read, &f)?;
    let Some(info) = inspect::roles_from(&rows[roles], &rows[comments], &s.admin_user).pop() else {
        return Ok(None);
    };
    let mut r = FoundRole::of(info);
    r.settings = inspect::settings_from(&rows[settings_q]);
    r.memberships = inspect::memberships_from(&rows[memberships_q])
        .into_iter()
        .map(|x| FoundMembership {
            pgacct_group_of: inspect::group_database(x.group_comment.as_deref()),
            group: x.group,
            admin_option: x.admin_option,
        })
        .collect();
    r.privileges = grouped_privileges(&inspect::privileges_from(&rows[privileges_q]));
    (r.owned_objects, r.owned_objects_count) = inspect::owned_here_from(&rows[owned_q]);
    let (deps, dbs_owned, _) = inspect::cluster_dependencies_from(
        &rows[deps_q[0]],
        &rows[deps_q[1]],
        &rows[deps_q[2]],
        &rows[deps_q[3]],
    );
    r.owns_objects_in = deps
        .iter()
        .filter(|d| d.owned_count > 0)
        .map(|d| inspect::OwnedIn {
            database: d.database.clone(),
            objects: d.owned_count,
        })
        .collect();
    r.databases_owned = dbs_owned;
    Ok(Some(r))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_entries_have_role_infos_fields() {
        let r = RoleInfo {
            name: "alice".into(),
            oid: 1,
            admin: false,
            login: true,
            superuser: false,
            superuser_via: Some("postgres".into()),
            createdb: false,
            createrole: false,
            replication: false,
            bypassrls: false,
            connection_limit: 20,
            valid_until: Some("2027-01-01T00:00:00Z".into()),
            expired: false,
            member_of: vec!["g".into()],
            managed: true,
            kind: Some("devqa".into()),
            comment: Some("pgacct:kind=devqa".into()),
            sessions: 2,
        };
        // Byte for byte what the JSON of the role itself gives, plus the target.
        let mut want = serde_json::to_value(&r).unwrap();
        assert_eq!(
            serde_json::to_string_pretty(&ListEntry::of(&r, None)).unwrap(),
            serde_json::to_string_pretty(&want).unwrap()
        );
        want["target"] = serde_json::json!("dev/app");
        assert_eq!(
            serde_json::to_string_pretty(&ListEntry::of(&r, Some("dev/app".into()))).unwrap(),
            serde_json::to_string_pretty(&want).unwrap()
        );
        // Without superuser_via the key is left out, as RoleInfo does.
        let plain = RoleInfo {
            superuser_via: None,
            ..r
        };
        assert_eq!(
            serde_json::to_string_pretty(&ListEntry::of(&plain, None)).unwrap(),
            serde_json::to_string_pretty(&serde_json::to_value(&plain).unwrap()).unwrap()
        );
    }
}
