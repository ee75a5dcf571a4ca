//! `pgacct undo AUDIT_ID`: reverse a recorded change where an inverse exists.
//!
//! The audit entry (its `started` row or its completion row) says what was done, where,
//! and what the inverse needs (`undo`): create -> drop (only the role that entry created,
//! and only while it owns nothing), lock <-> unlock, revoke -> grant back exactly what was
//! revoked, search-path -> the previous value, repair -> the role's shape before it (see
//! `plan::repair`), kinds set -> the previous settings. Reset
//! and drop have no inverse (the old password and the dropped objects are gone) and are
//! refused with that reason. The undo is itself audited with `undo_of` = the entry; a
//! second undo of the same entry changes nothing and says so.

use super::lifecycle::{
    Decision, PrepareFn, Prepared, VerbOp, combined_exit, lookup_for_change_and, pg, prepare_lock,
    prepare_unlock, print_results,
};
use crate::catalog::inspect;
use crate::cli::user::UndoArgs;
use crate::context::Context;
use crate::engine::SessionFacts;
use crate::error::{Error, ExitCode, Result};
use crate::ident::RoleName;
use crate::inventory::Inventory;
use crate::inventory::audit::{self, Outcome, Record, StoredRow};
use crate::inventory::store::StoreTx;
use crate::inventory::targets::TargetKey;
use crate::plan::Plan;
use crate::plan::lifecycle::{self as lplan, Revoked};
use crate::results::{
    AlreadyUndone, KindsSetUndo, KindsUndoReport, RevokeUndo, SearchPathUndo, UndoPayload,
};
use crate::target::flight::p as param;
use postgres::Transaction;
use postgres::types::Type;
use serde_json::Value;

/// The entry being undone, from its rows in the audit log.
#[derive(Debug, Clone)]
struct Entry {
    started: i64,
    completion: i64,
    action: String,
    env: Option<String>,
    db_name: Option<String>,
    role: Option<String>,
    outcome: String,
    undo: Option<Value>,
}

/// Find the entry by the id of either of its rows.
fn load_entry(inv: &Inventory, id: i64) -> Result<Entry> {
    let row: StoredRow = inv.audit_row(id)?.ok_or_else(|| {
        Error::not_found(format!("no audit entry {id}"))
            .hint("`pgacct audit list` shows the entries and their ids")
    })?;
    let (started, completion) = match (row.entry_id, row.outcome.as_str()) {
        (Some(s), _) => (s, row),
        (None, "started") => {
            // The completion is the first row that points at the started one.
            let c = inv.audit_followers(id)?.into_iter().next().ok_or_else(|| {
                Error::refused(format!(
                    "audit entry {id} was started but never completed; what it did is unknown"
                ))
                .hint("look at the target with `pgacct user find` and fix it by hand")
            })?;
            (id, c)
        }
        (None, _) => (id, row),
    };
    let undo = completion
        .undo
        .as_deref()
        .and_then(|s| serde_json::from_str(s).ok());
    Ok(Entry {
        started,
        completion: completion.id,
        action: completion.action,
        env: completion.env,
        db_name: completion.db_name,
        role: completion.role,
        outcome: completion.outcome,
        undo,
    })
}

/// A later entry on the same server that dropped `role`, or created it anew: after one,
/// the role of that name is not the one `e` created.
fn later_drop_or_create(inv: &Inventory, e: &Entry, role: &str) -> Result<Option<i64>> {
    inv.audit_later_drop_or_create(e.completion, role)
}

/// An earlier undo of this entry that changed something.
fn already_undone(inv: &Inventory, e: &Entry) -> Result<Option<i64>> {
    inv.audit_undone(e.started, e.completion)
}

pub fn run(ctx: &Context, a: UndoArgs) -> Result<ExitCode> {
    let mut inv = ctx.inventory()?;
    let entry = load_entry(&inv, a.id)?;
    // The entry says what to run on a server: act only on rows that are as pgacct wrote
    // them (an edited role, target or undo record would redirect the undo).
    for id in [entry.started, entry.completion] {
        if !inv.audit_row_intact(id)? {
            return Err(Error::refused(format!(
                "audit entry {id} fails its hash check: it was changed after pgacct wrote it, so undo does not act on it"
            ))
            .hint("`pgacct audit verify` shows where the log was tampered with"));
        }
    }
    if entry.action.starts_with("undo") {
        return Err(Error::refused(format!(
            "entry {} is itself an undo ({})",
            a.id, entry.action
        ))
        .hint("run the original command again instead"));
    }
    let no_inverse = match entry.action.as_str() {
        "user reset" => Some(
            "a password reset has no inverse: the old password is gone (the server only ever had its verifier)",
        ),
        "user drop" => {
            Some("a drop has no inverse: the role and whatever DROP OWNED removed are gone")
        }
        "user create" | "user lock" | "user unlock" | "user revoke" | "user search-path"
        | "user repair" | "kinds set" => None,
        _ => Some("pgacct knows no inverse for this action"),
    };
    if let Some(why) = no_inverse {
        return Err(Error::refused(format!(
            "cannot undo entry {} ({}): {why}",
            a.id, entry.action
        ))
        .hint("see `pgacct audit list` for what it did"));
    }
    if entry.outcome != "changed" {
        return Err(Error::refused(format!(
            "entry {} ({}) changed nothing (outcome: {}), so there is nothing to undo",
            a.id, entry.action, entry.outcome
        )));
    }
    let action = format!("undo {}", entry.action);
    if let Some(by) = already_undone(&inv, &entry)? {
        return report_already_undone(ctx, &entry, &action, by);
    }
    if entry.action == "kinds set" {
        return undo_kinds_set(ctx, &mut inv, &a, &entry, &action);
    }
    let (Some(env), Some(db), Some(role)) = (&entry.env, &entry.db_name, &entry.role) else {
        return Err(Error::failed(format!(
            "audit entry {} lacks its target or role",
            a.id
        )));
    };
    let undo = entry.undo.clone().unwrap_or(Value::Null);
    if undo.is_null() {
        return Err(Error::refused(format!(
            "entry {} ({}) recorded nothing to reverse (e.g. a lock that only ended sessions)",
            a.id, entry.action
        )));
    }
    // What the entry recorded for its undo, as its action's type.
    let payload = UndoPayload::parse(&entry.action, undo).map_err(|e| {
        Error::failed(format!(
            "audit entry {} does not say what to reverse: {e}",
            a.id
        ))
    })?;
    let key = TargetKey {
        env: env.clone(),
        database: db.clone(),
    };
    let target = inv.require_target(&key)?;
    let role = RoleName::parse_any(role)?;
    let role = &role;
    // After a later drop or re-creation of the name, the role is another one: granting
    // back, unlocking or dropping it would act on a role the entry never touched.
    if let Some(later) = later_drop_or_create(&inv, &entry, role.as_str())? {
        return Err(Error::refused(format!(
            "{role} was dropped or created again after entry {} (entry {later}); the role of that name now is not the one entry {} acted on",
            a.id, a.id
        ))
        .hint(format!(
            "see `pgacct audit list --user {role}`; undo a later entry, or change the role with the user commands"
        )));
    }
    let prepare: Box<PrepareFn<'_>> = match entry.action.as_str() {
        "user lock" => Box::new(|tx, f, _| prepare_unlock(tx, f, role)),
        "user unlock" => Box::new(|tx, f, _| prepare_lock(tx, f, role, false)),
        "user search-path" => {
            let Some(UndoPayload::SearchPath(u)) = payload else {
                unreachable!("parsed by action")
            };
            Box::new(move |tx, f, _| prepare_search_path(tx, f, role, u.previous.as_deref()))
        }
        "user revoke" => {
            let Some(UndoPayload::Revoke(u)) = payload else {
                unreachable!("parsed by action")
            };
            Box::new(move |tx, f, _| prepare_regrant(tx, f, role, &u.revoked))
        }
        "user repair" => {
            let Some(UndoPayload::Repair(u)) = payload else {
                unreachable!("parsed by action")
            };
            Box::new(move |tx, f, _| super::report::prepare_undo_repair(tx, f, role, &u.before))
        }
        "user create" => {
            let Some(UndoPayload::Create(u)) = payload else {
                unreachable!("parsed by action")
            };
            if u.created_role.as_deref() != Some(role.as_str()) {
                return Err(Error::refused(format!(
                    "entry {} did not create {role} (it existed already; the entry granted access)",
                    a.id
                ))
                .hint(format!(
                    "`pgacct user revoke {role} --target {}` removes that access",
                    target.name()
                )));
            }
            Box::new(|tx, f, _| prepare_drop_created(tx, f, role))
        }
        _ => unreachable!("filtered above"),
    };
    let mut op = VerbOp::new(ctx, action, role, &a.change, prepare);
    op.undo_of = Some(entry.completion);
    let mut results = op.run(
        ctx,
        &mut inv,
        std::slice::from_ref(&target),
        crate::engine::Fanout::default(),
    );
    for r in &mut results {
        r.fields.undo_of = Some(a.id);
        r.fields.undone_action = Some(entry.action.clone());
    }
    print_results(ctx, &results, &["undone_action"]);
    Ok(combined_exit(&results))
}

fn report_already_undone(ctx: &Context, e: &Entry, action: &str, by: i64) -> Result<ExitCode> {
    let msg = format!("entry {} was already undone by entry {by}", e.started);
    if ctx.out.is_json() {
        // Always an array of per-target results, as every verb acting on targets.
        ctx.out.json(&[AlreadyUndone {
            action: action.to_string(),
            changed: false,
            database: e.db_name.clone(),
            env: e.env.clone(),
            status: "already undone",
            undo_of: e.started,
            undone_action: e.action.clone(),
            undone_by: by,
            username: e.role.clone(),
        }]);
    } else {
        ctx.out.print(&msg);
    }
    Ok(ExitCode::Success)
}

/// search-path -> the previous value (RESET when there was none).
fn prepare_search_path(
    tx: &mut Transaction<'_>,
    f: &SessionFacts,
    role: &RoleName,
    previous: Option<&str>,
) -> Result<Decision> {
    let db = f.target.database.clone();
    // The stored search_path (by the role's name) in the same flight as the role.
    let (info, rows) = lookup_for_change_and(
        tx,
        f,
        role,
        vec![(
            inspect::by_name(inspect::SEARCH_PATH_SQL),
            vec![
                param(role.as_str().to_string(), Type::NAME),
                param(db.clone(), Type::NAME),
            ],
        )],
    )?;
    let info = match info {
        Ok(i) => i,
        Err(stop) => return Ok(stop),
    };
    let current = inspect::search_path_from(&rows[0]);
    let plan = lplan::restore_search_path(role, &db, previous, current.as_deref());
    let mut p = Prepared::new(
        plan,
        "search_path restored",
        "search_path already as before",
    );
    p.kind = info.kind.clone();
    p.undo = Some(
        UndoPayload::SearchPath(SearchPathUndo {
            database: db,
            previous: current,
        })
        .to_value(),
    );
    p.fields.search_path = Some(crate::results::SearchPathValue::Setting(
        previous.map(str::to_string),
    ));
    Ok(Decision::Apply(p))
}

/// revoke -> grant back exactly what was revoked (what is still missing of it).
fn prepare_regrant(
    tx: &mut Transaction<'_>,
    f: &SessionFacts,
    role: &RoleName,
    revoked: &Revoked,
) -> Result<Decision> {
    // Memberships and privileges (by the role's name) in the same flight as the role.
    let name = || param(role.as_str().to_string(), Type::NAME);
    let (info, rows) = lookup_for_change_and(
        tx,
        f,
        role,
        vec![
            (inspect::by_name(inspect::MEMBERSHIPS_SQL), vec![name()]),
            (
                inspect::by_name(&inspect::privileges_sql()),
                vec![name(), param(None::<Vec<String>>, Type::TEXT_ARRAY)],
            ),
        ],
    )?;
    let info = match info {
        Ok(i) => i,
        Err(stop) => return Ok(stop),
    };
    let memberships = inspect::memberships_from(&rows[0]);
    let privs = inspect::privileges_from(&rows[1]);
    let have = inspect::direct_privileges(&privs);
    let missing = Revoked {
        memberships: revoked
            .memberships
            .iter()
            .filter(|m| !memberships.iter().any(|x| x.group == m.group))
            .cloned()
            .collect(),
        privileges: revoked
            .privileges
            .iter()
            .filter(|p| !have.contains(p))
            .cloned()
            .collect(),
    };
    let plan = lplan::regrant(role, &missing);
    let mut p = Prepared::new(plan, "access granted back", "access already as before");
    p.kind = info.kind.clone();
    p.fields.granted = Some(crate::results::AccessList {
        groups: missing
            .memberships
            .iter()
            .map(|m| m.group.clone())
            .collect(),
        privileges: missing
            .privileges
            .iter()
            .map(|d| format!("{} on {}", d.privilege, d.object_label()))
            .collect(),
    });
    p.undo = Some(
        UndoPayload::Revoke(RevokeUndo {
            database: f.target.database.clone(),
            revoked: missing,
        })
        .to_value(),
    );
    Ok(Decision::Apply(p))
}

/// create -> drop the role that entry created, only while it owns nothing anywhere.
fn prepare_drop_created(
    tx: &mut Transaction<'_>,
    f: &SessionFacts,
    role: &RoleName,
) -> Result<Decision> {
    let info = inspect::role(tx, role.as_str(), &f.admin_user).map_err(pg(f))?;
    let Some(info) = info else {
        return Ok(Decision::Apply(Prepared::new(
            Plan::default(),
            "user dropped",
            "user does not exist",
        )));
    };
    if let Some(e) = super::lifecycle::protected_role(&info, &f.admin_user) {
        return Ok(Decision::Stop {
            error: e,
            status: "refused".into(),
            fields: Default::default(),
        });
    }
    // A role pgacct created carries its marker; one without it was made (again) by hand.
    if !info.managed || info.kind.as_deref().is_none_or(|k| k.starts_with("group:")) {
        return Ok(Decision::Stop {
            error: Error::refused(format!(
                "{role} does not carry pgacct's marker: it is not the role the entry created (it was dropped and made again by hand, or its comment was changed)"
            ))
            .hint(format!("`pgacct user drop {role}` drops it after a preflight, if that is what you want")),
            status: "refused".into(),
            fields: Default::default(),
        });
    }
    let (deps, dbs_owned, spaces) = inspect::cluster_dependencies(tx, info.oid).map_err(pg(f))?;
    let db = f.target.database.clone();
    let mut blockers: Vec<String> = vec![];
    for d in &dbs_owned {
        blockers.push(format!("owns the database {d}"));
    }
    for s in &spaces {
        blockers.push(format!("owns the tablespace {s}"));
    }
    for d in &deps {
        if d.owned_count > 0 {
            blockers.push(format!(
                "owns {} object(s) in database {}",
                d.owned_count, d.database
            ));
        }
        if d.database != db && (d.privilege_count + d.default_privilege_count) > 0 {
            blockers.push(format!(
                "has privileges in database {} (granted after its creation)",
                d.database
            ));
        }
    }
    if !blockers.is_empty() {
        return Ok(Decision::Stop {
            error: Error::refused(format!(
                "{role} cannot simply be dropped any more: it {}",
                blockers.join("; ")
            ))
            .hint(format!(
                "`pgacct user drop {role} --reassign-to ROLE` shows the full preflight and drops it safely"
            )),
            status: "refused".into(),
            fields: Default::default(),
        });
    }
    let mut plan = Plan::default();
    let here = deps
        .iter()
        .any(|d| d.database == db && (d.privilege_count + d.default_privilege_count) > 0);
    let pf = crate::plan::drop::Preflight {
        role: info.name.clone(),
        databases: if here {
            deps.into_iter().filter(|d| d.database == db).collect()
        } else {
            vec![]
        },
        ..Default::default()
    };
    let dp = crate::plan::drop::drop(role, None, &db, &pf, f.version()?);
    // Here, in the one transaction of the undo.
    for (_, d) in dp.databases() {
        plan.steps.extend(d.moved_to(&crate::plan::Stage::Tx).steps);
    }
    let mut p = Prepared::new(plan, "user dropped", "user does not exist");
    p.kind = info.kind.clone();
    if info.sessions > 0 {
        p.fields.warning = Some(format!(
            "{} session(s) of {role} were open; they keep running until they disconnect",
            info.sessions
        ));
    }
    Ok(Decision::Apply(p))
}

/// kinds set -> the previous settings, in the inventory (no server involved).
fn undo_kinds_set(
    ctx: &Context,
    inv: &mut Inventory,
    a: &UndoArgs,
    e: &Entry,
    action: &str,
) -> Result<ExitCode> {
    let undo = e.undo.clone().unwrap_or(Value::Null);
    let Ok(Some(UndoPayload::KindsSet(u))) = UndoPayload::parse(&e.action, undo) else {
        return Err(Error::failed(format!(
            "audit entry {} does not name the kind it changed",
            a.id
        )));
    };
    let kind = u.kind;
    let previous = u.previous_settings.unwrap_or(Value::Null);
    let dry = a.change.dry_run;
    let actor = ctx.actor.clone();
    let (changed, id) = inv.write(|tx| {
        let current = tx.kind_settings(&kind)?;
        let current_v: Value = current
            .as_deref()
            .and_then(|s| serde_json::from_str(s).ok())
            .unwrap_or(Value::Null);
        let changed = current_v != previous;
        if changed && !dry {
            if previous.is_null() {
                tx.delete_kind(&kind)?;
            } else {
                tx.put_kind(&kind, &previous.to_string())?;
            }
        }
        let rec = Record {
            action: action.to_string(),
            kind: Some(kind.clone()),
            outcome: Some(if dry {
                Outcome::DryRun
            } else if changed {
                Outcome::Changed
            } else {
                Outcome::Unchanged
            }),
            steps: if changed {
                vec![if previous.is_null() {
                    format!("remove the settings of kind {kind} (back to the built-in)")
                } else {
                    format!("restore the previous settings of kind {kind}")
                }]
            } else {
                vec![]
            },
            reason: a.change.reason.clone(),
            ticket: a.change.ticket.clone(),
            undo: (changed && !dry).then(|| {
                UndoPayload::KindsSet(KindsSetUndo {
                    kind: kind.clone(),
                    previous_settings: (!current_v.is_null()).then(|| current_v.clone()),
                })
                .to_value()
            }),
            undo_of: Some(e.completion),
            ..Default::default()
        };
        let id = audit::append(tx, &actor, &rec)?;
        Ok((changed, id))
    })?;
    let status = if !changed {
        "kind already as before"
    } else if previous.is_null() {
        "kind removed"
    } else {
        "kind restored"
    };
    let v = KindsUndoReport {
        audit_id: id,
        changed,
        dry_run: dry,
        kind: kind.clone(),
        status,
        undo_of: a.id,
        undone_action: e.action.clone(),
    };
    if ctx.out.is_json() {
        // An array like every other undo result.
        ctx.out.json(&[v]);
    } else {
        ctx.out.print(format!(
            "{status}: kind {kind} (undo of entry {}, audit entry {id})",
            a.id
        ));
    }
    Ok(ExitCode::Success)
}
