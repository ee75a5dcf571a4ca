//! `pgacct report` (the fleet at a glance), `pgacct user repair` and expiry reminders.
//!
//! The report reads, never changes: the targets are grouped by server (`host:port`, as
//! fan-out does); up to `--jobs` servers are read at once, the databases of one server in
//! turn, each with one connection (opened with the server's first credentials, so a
//! password command or prompt runs once per server) and ONE catalog query
//! ([`crate::report::catalog`]). A target that cannot be reached is reported and the
//! others complete. The audit log of the inventory says who created each role. Each
//! target read is recorded as a read (unless `audit reads off`).
//!
//! `user repair ROLE` (and `report --repair`) is a lifecycle verb ([`VerbOp`]): in one
//! transaction per target, under the role's lock, it reads the role with the report's
//! query and applies [`crate::plan::repair::plan`] from what the role has to what its
//! kind wants; the audit entry keeps the shape before, so `pgacct undo` puts it back.
//!
//! `report --notify` sends one reminder per notification channel listing the accounts
//! whose VALID UNTIL falls in the window; what was sent is remembered in the inventory
//! (`expiry_reminders`: channel, server, role, VALID UNTIL, window), so a daily cron sends
//! each account and window once per channel.

use super::lifecycle::{
    Decision, Prepared, VerbOp, combined_exit, lookup_for_change, pg, print_results,
};
use crate::cli::report::ReportArgs;
use crate::cli::user::NameChangeArgs;
use crate::context::Context;
use crate::engine::{self, SessionFacts};
use crate::error::{Error, ExitCode, Result};
use crate::ident::{DbName, RoleName};
use crate::inventory::Inventory;
use crate::inventory::audit::{Outcome, Record};
use crate::inventory::targets::{Target, TargetKey};
use crate::kinds::RoleKind;
use crate::output::sanitize;
use crate::plan::repair::{self, RoleShape};
use crate::report::{self, AuditIndex, Entry, TargetRead};
use crate::target::{self, ConnectSettings, Purpose, Session};
use postgres::Transaction;
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The audit action of an expiry reminder.
pub const REMINDER_ACTION: &str = "expiry reminder";

/// `--target` and `--env` (repeatable), or every active target.
fn select_targets(inv: &Inventory, a: &ReportArgs) -> Result<Vec<Target>> {
    let mut out: Vec<Target> = vec![];
    let mut push = |t: Target| {
        if !out.iter().any(|o| o.id == t.id) {
            out.push(t);
        }
    };
    for s in &a.targets {
        let key: TargetKey = s.parse()?;
        let t = inv.require_target(&key)?;
        if !t.active {
            return Err(Error::refused(format!("target {} is disabled", t.name()))
                .hint(format!("`pgacct registry enable {}` enables it", t.name())));
        }
        push(t);
    }
    for env in &a.envs {
        crate::inventory::targets::validate_env(env)?;
        let all = inv.targets(false, Some(env))?;
        if all.is_empty() {
            return Err(Error::not_found(format!("no active target in env {env}"))
                .hint("`pgacct registry list --all` shows the registered targets"));
        }
        all.into_iter().for_each(&mut push);
    }
    if a.targets.is_empty() && a.envs.is_empty() {
        inv.targets(false, None)?.into_iter().for_each(&mut push);
    }
    if out.is_empty() {
        return Err(Error::not_found("no active target in the inventory")
            .hint("`pgacct registry add` registers one"));
    }
    Ok(out)
}

/// Every completed `user create`, `user revoke` and `undo user revoke` that changed
/// something.
fn create_entries(inv: &Inventory) -> Result<AuditIndex> {
    Ok(AuditIndex::new(inv.create_entries()?))
}

/// A failed catalog read of the report as an error on the session's target.
fn read_error(s: &Session, e: report::catalog::ReadError) -> Error {
    match e {
        report::catalog::ReadError::Pg(e) => s.pg_error(&e),
        report::catalog::ReadError::Answer(m) => Error::failed(m).on(s.target.name()),
    }
}

/// Two targets of one server that log in the same way (so one's credentials serve the
/// other).
fn same_login(a: &Target, b: &Target) -> bool {
    a.admin_user == b.admin_user
        && a.password_command == b.password_command
        && a.hostaddr == b.hostaddr
        && a.sslmode == b.sslmode
        && a.sslmode_explicit == b.sslmode_explicit
        && a.sslrootcert == b.sslrootcert
        && a.sslcert == b.sslcert
        && a.sslkey == b.sslkey
}

/// Read the targets of one server in turn: one connection each (the credentials of the
/// first that connected reused for the others that log in the same way), one query each.
fn read_server(settings: &ConnectSettings, targets: &[&Target]) -> Vec<Result<TargetRead>> {
    let mut first: Option<Session> = None;
    // The roles as the first database read gave them: the others read only their part.
    let mut cluster: Option<Vec<report::CatalogRole>> = None;
    let mut out = vec![];
    for t in targets {
        let reuse = first.as_ref().filter(|s| same_login(&s.target, t));
        let session = match reuse {
            Some(s) => s
                .reconnect(settings, &t.database, Purpose::Read)
                .map(|mut n| {
                    n.target = (*t).clone();
                    n
                }),
            None => target::connect(settings, t, Purpose::Read),
        };
        let read = session.and_then(|mut s| {
            let roles = match &cluster {
                Some(c) => report::catalog::read_database(&mut s.client, c),
                None => report::catalog::read(&mut s.client, None),
            }
            .map_err(|e| read_error(&s, e))?;
            if cluster.is_none() {
                cluster = Some(roles.clone());
            }
            let admin = s.admin_user.clone();
            if first.is_none() {
                first = Some(s);
            }
            Ok(TargetRead {
                target: (*t).clone(),
                admin,
                roles,
            })
        });
        out.push(read.map_err(|e| e.on(t.name())));
    }
    out
}

/// The report over `targets`: entries in target order (unreachable targets as one entry
/// each), and whether each target was reached.
fn collect(
    ctx: &Context,
    inv: &mut Inventory,
    targets: &[Target],
    jobs: usize,
    window_secs: f64,
) -> Result<Vec<Entry>> {
    let kinds = super::kinds::load(inv)?;
    let audit = create_entries(inv)?;
    let settings = ConnectSettings::from_context(ctx);
    let all: Vec<usize> = (0..targets.len()).collect();
    let groups = engine::group_by_server(targets, &all);
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, Vec<Result<TargetRead>>)>> = Mutex::new(vec![]);
    let workers = jobs.max(1).min(groups.len());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let k = next.fetch_add(1, Ordering::SeqCst);
                    let Some(g) = groups.get(k) else { break };
                    let ts: Vec<&Target> = g.iter().map(|&i| &targets[i]).collect();
                    let reads = read_server(&settings, &ts);
                    done.lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .push((k, reads));
                }
            });
        }
    });
    let mut done = done.into_inner().unwrap_or_else(|p| p.into_inner());
    done.sort_by_key(|(k, _)| *k);
    let mut entries: Vec<Entry> = vec![];
    let mut reads: Vec<Record> = vec![];
    for (k, results) in done {
        let mut ok = vec![];
        for (&i, r) in groups[k].iter().zip(results) {
            let t = &targets[i];
            let rec = |outcome, error| Record {
                action: "report".into(),
                env: Some(t.env.clone()),
                db_name: Some(t.database.clone()),
                server: Some(t.server()),
                outcome: Some(outcome),
                is_read: true,
                error,
                ..Default::default()
            };
            match r {
                Ok(read) => {
                    reads.push(rec(Outcome::Read, None));
                    ok.push(read);
                }
                Err(e) => {
                    reads.push(rec(Outcome::Failed, Some(e.audit_text())));
                    ctx.out.warn(format!(
                        "{}: could not be read: {}",
                        t.name(),
                        sanitize(&e.message)
                    ));
                    entries.push(Entry::unreachable(
                        t,
                        json!({
                            "message": e.message,
                            "kind": e.kind.as_str(),
                            "code": e.exit_code().code(),
                            "hint": e.hint,
                            "sqlstate": e.sqlstate,
                        }),
                    ));
                }
            }
        }
        entries.extend(report::server_entries(&ok, &kinds, &audit, window_secs));
    }
    // One inventory transaction for the reads of every target.
    if crate::inventory::audit::reads_enabled(inv) {
        let actor = ctx.actor.clone();
        inv.write(|tx| {
            for r in &reads {
                crate::inventory::audit::append(tx, &actor, r)?;
            }
            Ok(())
        })?;
    }
    let order = |t: &str| targets.iter().position(|x| x.name() == t);
    entries.sort_by(|a, b| {
        order(&a.target)
            .cmp(&order(&b.target))
            .then_with(|| a.role.cmp(&b.role))
    });
    Ok(entries)
}

pub fn run(ctx: &Context, a: ReportArgs) -> Result<ExitCode> {
    let window = crate::kinds::parse_duration("--expiring-within", &a.expiring_within)?;
    let c = &a.change;
    if !a.repair && (c.dry_run || c.yes || c.reason.is_some() || c.ticket.is_some()) {
        return Err(Error::usage(
            "--dry-run, --yes, --reason and --ticket go with --repair (the report itself changes nothing)",
        )
        .hint("add --repair, or leave them out"));
    }
    let mut inv = ctx.inventory()?;
    let targets = select_targets(&inv, &a)?;
    let mut entries = collect(ctx, &mut inv, &targets, a.jobs, window.as_secs_f64())?;
    if !a.roles.is_empty() {
        entries.retain(|e| e.role.as_ref().is_none_or(|r| a.roles.contains(r)));
    }
    if ctx.out.is_json() {
        ctx.out.json(&entries);
    } else if a.csv {
        ctx.out.print(csv_of(&entries)?);
    } else if a.by_target {
        print_by_target(ctx, &entries);
    } else {
        print_matrix(ctx, &targets, &entries);
    }
    let summary = report::summary(&entries);
    let unreachable = entries.iter().filter(|e| e.status != "ok").count();
    let mut line = format!(
        "{} target{}: {} read, {unreachable} unreachable; ",
        targets.len(),
        if targets.len() == 1 { "" } else { "s" },
        targets.len() - unreachable
    );
    if summary.is_empty() {
        line.push_str("no findings");
    } else {
        line.push_str(
            &summary
                .iter()
                .map(|(f, n)| format!("{f} {n}"))
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    ctx.out.info(line);
    let mut exit = if unreachable == 0 {
        ExitCode::Success
    } else if unreachable == targets.len() {
        ExitCode::Failed
    } else {
        ExitCode::Partial
    };
    if a.notify {
        remind(
            ctx,
            &mut inv,
            &entries,
            &a.expiring_within,
            window.as_secs() as i64,
        )?;
    }
    if a.repair {
        drop(inv);
        let code = repair_found(ctx, &a, &entries)?;
        if code != ExitCode::Success && exit == ExitCode::Success {
            exit = code;
        }
    }
    if a.exit_code && !summary.is_empty() {
        exit = ExitCode::Findings;
    }
    Ok(exit)
}

fn print_matrix(ctx: &Context, targets: &[Target], entries: &[Entry]) {
    let mut headers: Vec<String> = vec!["role".into()];
    headers.extend(targets.iter().map(|t| t.name()));
    let hs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut table = ctx.out.table(&hs);
    let mut rows: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for e in entries {
        let Some(role) = e.role.as_deref() else {
            continue;
        };
        let i = targets
            .iter()
            .position(|t| t.name() == e.target)
            .unwrap_or(0);
        rows.entry(role)
            .or_insert_with(|| vec![String::new(); targets.len()])[i] = e.cell();
    }
    let down: Vec<usize> = entries
        .iter()
        .filter(|e| e.status != "ok")
        .filter_map(|e| targets.iter().position(|t| t.name() == e.target))
        .collect();
    for (role, mut cells) in rows {
        for &i in &down {
            cells[i] = "?".into();
        }
        let mut row = vec![sanitize(role)];
        row.extend(cells.into_iter().map(|c| sanitize(&c)));
        table.add_row(row);
    }
    if !down.is_empty() {
        let mut row = vec!["(target)".to_string()];
        row.extend((0..targets.len()).map(|i| {
            if down.contains(&i) {
                "unreachable".into()
            } else {
                String::new()
            }
        }));
        table.add_row(row);
    }
    ctx.out.print(table);
    print_findings(ctx, entries);
}

/// One line per finding: where, who, what.
fn print_findings(ctx: &Context, entries: &[Entry]) {
    let mut t = ctx.out.table(&["target", "role", "finding", "detail"]);
    let mut any = false;
    for e in entries {
        let role = e.role.clone().unwrap_or_default();
        for f in &e.findings {
            if *f == "drift" {
                continue;
            }
            any = true;
            let detail = match *f {
                "expired" | "expiring" => format!(
                    "valid until {} ({} days)",
                    e.valid_until.as_deref().unwrap_or(""),
                    e.days_left.unwrap_or(0)
                ),
                "unreachable" => e
                    .error
                    .as_ref()
                    .and_then(|x| x["message"].as_str())
                    .unwrap_or("")
                    .to_string(),
                "locked_with_sessions" => format!("{} session(s) open", e.sessions),
                "unknown_kind" => format!(
                    "kind {} is not defined here",
                    e.kind.clone().unwrap_or_default()
                ),
                _ => String::new(),
            };
            t.add_row(vec![
                e.target.clone(),
                sanitize(&role),
                f.to_string(),
                sanitize(&detail),
            ]);
        }
        for d in &e.drift {
            any = true;
            t.add_row(vec![
                e.target.clone(),
                sanitize(&role),
                format!("drift: {}", d.what),
                sanitize(&format!(
                    "{}{}",
                    d.detail,
                    if d.repairable {
                        ""
                    } else {
                        " [not repairable]"
                    }
                )),
            ]);
        }
    }
    if any {
        ctx.out.print(t);
    }
}

fn print_by_target(ctx: &Context, entries: &[Entry]) {
    let mut t = ctx.out.table(&[
        "target",
        "role",
        "kind",
        "created",
        "valid until",
        "days",
        "locked",
        "sessions",
        "groups",
        "findings",
    ]);
    for e in entries {
        let created = e
            .created
            .as_ref()
            .map(|c| {
                format!(
                    "#{} {} by {}{}",
                    c.audit_id,
                    c.time.get(..10).unwrap_or(&c.time),
                    c.actor,
                    c.ticket
                        .as_ref()
                        .map(|x| format!(" ({x})"))
                        .unwrap_or_default()
                )
            })
            .unwrap_or_default();
        let mut findings: Vec<String> = e.findings.iter().map(|f| f.to_string()).collect();
        findings.extend(e.drift.iter().map(|d| format!("drift: {}", d.detail)));
        if let Some(err) = &e.error {
            findings.push(err["message"].as_str().unwrap_or("").to_string());
        }
        t.add_row(vec![
            e.target.clone(),
            sanitize(e.role.as_deref().unwrap_or("")),
            sanitize(
                e.kind
                    .as_deref()
                    .unwrap_or(if e.status == "ok" { "" } else { "-" }),
            ),
            sanitize(&created),
            e.valid_until.clone().unwrap_or_default(),
            e.days_left.map(|d| d.to_string()).unwrap_or_default(),
            crate::output::yes_no(e.locked).into(),
            e.sessions.to_string(),
            sanitize(&e.groups.join(", ")),
            sanitize(&findings.join("\n")),
        ]);
    }
    ctx.out.print(t);
}

/// The CSV columns, in order (docs/json.md lists them).
pub const CSV_COLUMNS: [&str; 20] = [
    "target",
    "env",
    "database",
    "server",
    "status",
    "role",
    "kind",
    "login",
    "locked",
    "valid_until",
    "days_left",
    "expired",
    "expiring",
    "sessions",
    "groups",
    "created_audit_id",
    "created_at",
    "created_by",
    "ticket",
    "findings",
];

fn csv_of(entries: &[Entry]) -> Result<String> {
    let mut w = csv::Writer::from_writer(vec![]);
    let fail = |e: csv::Error| Error::failed(format!("writing CSV: {e}"));
    w.write_record(CSV_COLUMNS).map_err(fail)?;
    for e in entries {
        let c = e.created.as_ref();
        let mut findings: Vec<String> = e.findings.iter().map(|f| f.to_string()).collect();
        findings.extend(e.drift.iter().map(|d| format!("drift: {}", d.detail)));
        let rec: Vec<String> = vec![
            e.target.clone(),
            e.env.clone(),
            e.database.clone(),
            e.server.clone(),
            e.status.into(),
            e.role.clone().unwrap_or_default(),
            e.kind.clone().unwrap_or_default(),
            e.login.to_string(),
            e.locked.to_string(),
            e.valid_until.clone().unwrap_or_default(),
            e.days_left.map(|d| d.to_string()).unwrap_or_default(),
            e.expired.to_string(),
            e.expiring.to_string(),
            e.sessions.to_string(),
            e.groups.join(";"),
            c.map(|c| c.audit_id.to_string()).unwrap_or_default(),
            c.map(|c| c.time.clone()).unwrap_or_default(),
            c.map(|c| c.actor.clone()).unwrap_or_default(),
            c.and_then(|c| c.ticket.clone()).unwrap_or_default(),
            findings.join("; "),
        ];
        // Cells a spreadsheet would run as a formula are prefixed with a quote.
        let rec: Vec<String> = rec
            .into_iter()
            .map(|v| {
                if v.starts_with(['=', '+', '-', '@']) && v.parse::<f64>().is_err() {
                    format!("'{v}")
                } else {
                    v
                }
            })
            .collect();
        w.write_record(&rec).map_err(fail)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::failed(format!("writing CSV: {e}")))?;
    Ok(String::from_utf8_lossy(&bytes).trim_end().to_string())
}

// ---------------------------------------------------------------------------------------
// Repair
// ---------------------------------------------------------------------------------------

/// Read `role` in the transaction with the report's query, as its kind sees it here.
fn read_role_shape(
    tx: &mut Transaction<'_>,
    f: &SessionFacts,
    role: &RoleName,
) -> Result<Option<report::CatalogRole>> {
    match report::catalog::read(tx, Some(role.as_str())) {
        Ok(mut v) => Ok(v.pop()),
        Err(report::catalog::ReadError::Pg(e)) => Err(pg(f)(e)),
        Err(report::catalog::ReadError::Answer(m)) => Err(Error::failed(m).on(f.target.name())),
    }
}

/// Plan the repair of `role` on the session's target: what it has -> what its kind wants.
pub(crate) fn prepare_repair(
    tx: &mut Transaction<'_>,
    f: &SessionFacts,
    role: &RoleName,
    kinds: &[RoleKind],
    audit: &AuditIndex,
) -> Result<Decision> {
    let info = match lookup_for_change(tx, f, role)? {
        Ok(i) => i,
        Err(stop) => return Ok(stop),
    };
    let stop = |e: Error| Decision::Stop {
        error: e,
        status: "refused".into(),
        fields: Default::default(),
    };
    let Some(cat) = read_role_shape(tx, f, role)? else {
        return Ok(stop(Error::not_found(format!("user {role} not found"))));
    };
    let Some(kind_name) = cat.user_kind() else {
        return Ok(stop(
            Error::refused(format!(
                "{role} is not a pgacct user (no pgacct:kind marker): there is no kind to repair it to"
            ))
            .hint("`pgacct user create KIND NAME` on an existing role reports its drift and adds the kind's access"),
        ));
    };
    let Some(kind) = kinds.iter().find(|k| k.name == kind_name) else {
        return Ok(stop(
            Error::failed(format!(
                "{role} is of kind {kind_name}, which this inventory does not define"
            ))
            .hint("`pgacct kinds` lists the kinds; `pgacct kinds set` adds one"),
        ));
    };
    let db = f.target.database.clone();
    let dbname = DbName::parse(&db)?;
    let (have, _) = cat.shape(&db);
    let mut want = repair::wanted(kind, &db, &have);
    let level = want.memberships[0].group.clone();
    let level_exists = !tx
        .query("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&level])
        .map_err(pg(f))?
        .is_empty();
    // Access revoked here on purpose (`user revoke`): repair does not give it back.
    let revoked = audit.revoked(&f.target, role.as_str());
    if revoked {
        want.memberships.retain(|m| have.memberships.contains(m));
    }
    if !level_exists && !revoked {
        return Ok(stop(
            Error::refused(format!(
                "pgacct's group {level} does not exist in database {db}: {role} never had its kind's access here"
            ))
            .hint(format!(
                "`pgacct user create {kind_name} {role} --target {}` gives it",
                f.target.name()
            )),
        ));
    }
    let mut diffs = cat.differences(kind, &db);
    if revoked {
        diffs.retain(|d| !(d.what == "membership" && d.detail.starts_with("not a member of")));
    }
    let plan = repair::plan(role, &dbname, &have, &want);
    let mut p = Prepared::new(plan, "user repaired", "user already as its kind");
    p.kind = info.kind.clone();
    p.undo = Some(
        crate::results::UndoPayload::Repair(crate::results::RepairUndo {
            database: db.clone(),
            before: have.clone(),
        })
        .to_value(),
    );
    p.fields.kind = Some(Some(kind_name.clone()));
    p.fields.repaired = Some(
        diffs
            .iter()
            .filter(|d| d.repairable)
            .map(|d| d.detail.clone())
            .collect(),
    );
    let left: Vec<String> = diffs
        .iter()
        .filter(|d| !d.repairable)
        .map(|d| d.detail.clone())
        .collect();
    if !left.is_empty() {
        p.fields.not_repaired = Some(left);
    }
    Ok(Decision::Apply(p))
}

/// Undo a repair: back to the shape recorded before it (what of it is still missing).
pub(crate) fn prepare_undo_repair(
    tx: &mut Transaction<'_>,
    f: &SessionFacts,
    role: &RoleName,
    before: &RoleShape,
) -> Result<Decision> {
    let info = match lookup_for_change(tx, f, role)? {
        Ok(i) => i,
        Err(stop) => return Ok(stop),
    };
    let Some(cat) = read_role_shape(tx, f, role)? else {
        return Ok(Decision::Stop {
            error: Error::not_found(format!("user {role} not found")),
            status: "user not found".into(),
            fields: Default::default(),
        });
    };
    let db = f.target.database.clone();
    let (have, _) = cat.shape(&db);
    let plan = repair::plan(role, &DbName::parse(&db)?, &have, before);
    let mut p = Prepared::new(plan, "repair undone", "already as before the repair");
    p.kind = info.kind.clone();
    p.undo = Some(
        crate::results::UndoPayload::Repair(crate::results::RepairUndo {
            database: db,
            before: have,
        })
        .to_value(),
    );
    Ok(Decision::Apply(p))
}

/// `pgacct user repair ROLE`.
pub fn repair_user(ctx: &Context, a: NameChangeArgs) -> Result<ExitCode> {
    let role = RoleName::parse_any(&a.name)?;
    let mut inv = ctx.inventory()?;
    let kinds = super::kinds::load(&inv)?;
    let audit = create_entries(&inv)?;
    let targets = super::lifecycle::resolve_targets(&inv, &a.targets)?;
    let op = VerbOp::new(
        ctx,
        "user repair",
        &role,
        &a.change,
        Box::new(|tx, f, _| prepare_repair(tx, f, &role, &kinds, &audit)),
    );
    let results = op.run(
        ctx,
        &mut inv,
        &targets,
        super::lifecycle::fanout(&a.targets),
    );
    print_results(ctx, &results, &["repaired", "not_repaired"]);
    Ok(combined_exit(&results))
}

/// `report --repair`: every role with repairable drift, on the targets it drifted on.
fn repair_found(ctx: &Context, a: &ReportArgs, entries: &[Entry]) -> Result<ExitCode> {
    let mut per_role: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in entries {
        if let Some(r) = &e.role {
            if e.kind.is_some() && e.drift.iter().any(|d| d.repairable) {
                per_role
                    .entry(r.clone())
                    .or_default()
                    .push(e.target.clone());
            }
        }
    }
    if per_role.is_empty() {
        ctx.out.info("repair: no drifted pgacct user to repair");
        return Ok(ExitCode::Success);
    }
    let mut inv = ctx.inventory()?;
    let kinds = super::kinds::load(&inv)?;
    let audit = create_entries(&inv)?;
    let mut all = vec![];
    for (name, targets) in per_role {
        let role = RoleName::parse_any(&name)?;
        let ts: Vec<Target> = targets
            .iter()
            .map(|t| t.parse::<TargetKey>().and_then(|k| inv.require_target(&k)))
            .collect::<Result<_>>()?;
        let op = VerbOp::new(
            ctx,
            "user repair",
            &role,
            &a.change,
            Box::new(|tx, f, _| prepare_repair(tx, f, &role, &kinds, &audit)),
        );
        let fanout = engine::Fanout {
            jobs: a.jobs.max(1),
        };
        all.extend(op.run(ctx, &mut inv, &ts, fanout));
    }
    if ctx.out.is_json() {
        // The report's JSON is on stdout already; the repairs go to stderr as JSON lines.
        for r in &all {
            eprintln!(
                "{}",
                serde_json::to_string(&r.report()).expect("results serialize")
            );
        }
    } else {
        print_results(ctx, &all, &["repaired", "not_repaired"]);
    }
    Ok(combined_exit(&all))
}

// ---------------------------------------------------------------------------------------
// Expiry reminders
// ---------------------------------------------------------------------------------------

/// One account whose password expires in the window: a role on a server, on targets.
struct Expiring {
    server: String,
    role: String,
    kind: Option<String>,
    valid_until: String,
    days_left: i64,
    targets: Vec<String>,
    envs: Vec<String>,
}

fn expiring_accounts(entries: &[Entry]) -> Vec<Expiring> {
    let mut out: Vec<Expiring> = vec![];
    for e in entries.iter().filter(|e| e.expiring) {
        let (Some(role), Some(vu)) = (&e.role, &e.valid_until) else {
            continue;
        };
        match out
            .iter_mut()
            .find(|x| x.server == e.server && &x.role == role)
        {
            Some(x) => {
                x.targets.push(e.target.clone());
                x.envs.push(e.env.clone());
            }
            None => out.push(Expiring {
                server: e.server.clone(),
                role: role.clone(),
                kind: e.kind.clone(),
                valid_until: vu.clone(),
                days_left: e.days_left.unwrap_or(0),
                targets: vec![e.target.clone()],
                envs: vec![e.env.clone()],
            }),
        }
    }
    out
}

fn reminder_line(x: &Expiring) -> String {
    format!(
        "{} ({}) on {} [{}]: valid until {} ({} day{} left); reset: pgacct user reset {} --target {}",
        x.role,
        x.kind.as_deref().unwrap_or("unmanaged"),
        x.targets.join(", "),
        x.server,
        x.valid_until,
        x.days_left,
        if x.days_left == 1 { "" } else { "s" },
        x.role,
        x.targets[0]
    )
}

/// Send one reminder per channel for the accounts of the window it was not yet sent.
fn remind(
    ctx: &Context,
    inv: &mut Inventory,
    entries: &[Entry],
    window: &str,
    window_secs: i64,
) -> Result<()> {
    let accounts = expiring_accounts(entries);
    let channels = inv.channels()?;
    if channels.is_empty() {
        ctx.out
            .warn("--notify: no notification channel is configured (`pgacct notify add`)");
        return Ok(());
    }
    for ch in &channels {
        // A channel that names actions gets reminders only if it names this one; one that
        // names no action but some outcomes (e.g. only failures) asked for attempts of
        // those outcomes, not for reminders.
        let f = &ch.config.filter;
        let wanted = if f.actions.is_empty() {
            f.outcomes.is_empty()
        } else {
            f.actions.iter().any(|x| x == REMINDER_ACTION)
        };
        if !wanted {
            continue;
        }
        let mut pending = vec![];
        for x in &accounts {
            if !f.envs.is_empty() && !x.envs.iter().any(|e| f.envs.contains(e)) {
                continue;
            }
            let sent = inv.reminder_sent(ch.id, &x.server, &x.role, &x.valid_until, window_secs)?;
            if !sent {
                pending.push(x);
            }
        }
        if pending.is_empty() {
            continue;
        }
        let lines: Vec<String> = pending.iter().map(|x| reminder_line(x)).collect();
        let text = format!(
            "pgacct: {} account(s) expire within {window}: {}",
            pending.len(),
            pending
                .iter()
                .map(|x| format!("{} on {} ({})", x.role, x.targets.join(", "), x.valid_until))
                .collect::<Vec<_>>()
                .join("; ")
        );
        let rec = Record {
            action: REMINDER_ACTION.into(),
            outcome: Some(Outcome::Changed),
            steps: lines.clone(),
            detail: Some(json!({ "channel": ch.id, "window": window })),
            ..Default::default()
        };
        let id = inv.record(&ctx.actor, &rec)?;
        let ev = crate::notify::Event {
            source: "pgacct",
            id,
            completion_id: None,
            time: crate::inventory::now_rfc3339(),
            actor: ctx.actor.actor.clone(),
            os_user: ctx.actor.os_user.clone(),
            machine: ctx.actor.machine.clone(),
            action: REMINDER_ACTION.into(),
            env: None,
            database: None,
            server: None,
            role: None,
            kind: None,
            outcome: "sent".into(),
            error: None,
            reason: None,
            ticket: None,
            duration_ms: None,
            steps: lines,
            text: text
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect(),
        };
        match crate::notify::deliver(ch, &ev) {
            Ok(()) => {
                let sent: Vec<_> = pending
                    .iter()
                    .map(|x| (x.server.as_str(), x.role.as_str(), x.valid_until.as_str()))
                    .collect();
                inv.record_reminders(ch.id, &sent, window_secs, id)?;
                ctx.out.info(format!(
                    "reminded channel {} ({}) of {} expiring account(s)",
                    ch.id,
                    ch.kind,
                    pending.len()
                ));
            }
            Err(err) => {
                ctx.out.warn(format!(
                    "expiry reminder to channel {} ({}) failed: {}; it is sent again on the next run",
                    ch.id,
                    ch.kind,
                    sanitize(&err)
                ));
                let rec = Record {
                    entry_id: Some(id),
                    action: crate::inventory::audit::NOTIFY_ACTION.to_string(),
                    outcome: Some(Outcome::Failed),
                    error: Some(err),
                    detail: Some(json!({ "channel": ch.id, "kind": ch.kind })),
                    ..Default::default()
                };
                if let Err(e) = inv.record(&ctx.actor, &rec) {
                    ctx.out.warn(format!(
                        "the failed reminder could not be recorded either: {e}"
                    ));
                }
            }
        }
    }
    Ok(())
}
