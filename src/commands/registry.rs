//! `pgacct registry ...`: add, list, show, disable, enable, remove, import (check lives
//! in `commands::check`). Every change and its audit row commit in one transaction.

use crate::cli::registry::{
    AddArgs, ImportArgs, ListArgs, RegistryCommand, RemoveArgs, SslModeArg,
};
use crate::context::Context;
use crate::error::{Error, ExitCode, Result};
use crate::inventory::audit::{self, Outcome, Record};
use crate::inventory::import::read_source;
use crate::inventory::targets::{
    self, NewTarget, SslMode, Target, TargetKey, validate_database, validate_env, validate_host,
    validate_port,
};
use crate::inventory::{Inventory, sqlite_error};
use crate::output::{cell, sanitize, yes_no};
use serde::Serialize;
use serde_json::json;
use std::path::Path;

pub fn run(ctx: &Context, cmd: RegistryCommand) -> Result<ExitCode> {
    match cmd {
        RegistryCommand::Add(a) => add(ctx, a),
        RegistryCommand::List(a) => list(ctx, a),
        RegistryCommand::Show(t) => show(ctx, &t.target),
        RegistryCommand::Disable(t) => set_active(ctx, &t.target, false),
        RegistryCommand::Enable(t) => set_active(ctx, &t.target, true),
        RegistryCommand::Remove(a) => remove(ctx, a),
        RegistryCommand::Import(a) => import(ctx, a),
        RegistryCommand::Check(a) => crate::commands::check::run(ctx, a),
    }
}

fn sslmode(m: SslModeArg) -> SslMode {
    match m {
        SslModeArg::Disable => SslMode::Disable,
        SslModeArg::Allow => SslMode::Allow,
        SslModeArg::Prefer => SslMode::Prefer,
        SslModeArg::Require => SslMode::Require,
        SslModeArg::VerifyCa => SslMode::VerifyCa,
        SslModeArg::VerifyFull => SslMode::VerifyFull,
    }
}

/// A certificate/key path that must exist; stored absolute.
fn existing_file(field: &str, p: &Option<std::path::PathBuf>) -> Result<Option<String>> {
    let Some(p) = p else { return Ok(None) };
    let abs = std::fs::canonicalize(p).map_err(|e| {
        Error::usage(format!("{field}: cannot use {}: {e}", p.display()))
            .hint("give the path of an existing, readable PEM file")
    })?;
    if !abs.is_file() {
        return Err(Error::usage(format!(
            "{field}: {} is not a file",
            p.display()
        )));
    }
    Ok(Some(abs.to_string_lossy().into_owned()))
}

/// Validate `registry add` arguments into a target to write; nothing touched yet.
pub fn new_target(a: &AddArgs) -> Result<NewTarget> {
    validate_env(&a.env)?;
    validate_database(&a.db)?;
    validate_host(&a.host)?;
    let port = validate_port(a.port)?;
    if let Some(ip) = &a.hostaddr {
        if ip.parse::<std::net::IpAddr>().is_err() {
            return Err(Error::usage(format!("hostaddr: {ip:?} is not an IP address"))
                .hint("give a numeric IPv4 or IPv6 address, e.g. 10.0.0.5; --host keeps the name TLS verifies"));
        }
        if a.host.starts_with('/') {
            return Err(Error::usage(
                "hostaddr: cannot be combined with a Unix socket --host",
            ));
        }
    }
    if let Some(u) = &a.admin_user {
        crate::ident::RoleName::parse_any(u)
            .map_err(|e| Error::usage(format!("admin-user: {}", e.message)))?;
    }
    if let Some(c) = &a.password_command {
        if c.trim().is_empty() {
            return Err(Error::usage("password-command: the command is empty"));
        }
    }
    let protected = if a.no_protected {
        false
    } else {
        a.protected || a.env == "prod"
    };
    Ok(NewTarget {
        env: a.env.clone(),
        database: a.db.clone(),
        host: a.host.clone(),
        port,
        active: true,
        notes: a.notes.clone(),
        admin_user: a.admin_user.clone(),
        sslmode: a.sslmode.map(sslmode),
        sslrootcert: existing_file("sslrootcert", &a.sslrootcert)?,
        sslcert: existing_file("sslcert", &a.sslcert)?,
        sslkey: existing_file("sslkey", &a.sslkey)?,
        password_command: a.password_command.clone(),
        hostaddr: a.hostaddr.clone(),
        require_auth: match &a.require_auth {
            Some(r) => Some(crate::target::parse_require_auth(r).map(|_| r.trim().to_string())?),
            None => None,
        },
        protected,
    })
}

fn registry_record(
    action: &str,
    key: &TargetKey,
    server: Option<String>,
    outcome: Outcome,
    detail: serde_json::Value,
) -> Record {
    Record {
        action: action.to_string(),
        env: Some(key.env.clone()),
        db_name: Some(key.database.clone()),
        server,
        outcome: Some(outcome),
        detail: Some(detail),
        ..Record::default()
    }
}

#[derive(Serialize)]
struct Changed<'a> {
    changed: bool,
    status: &'a str,
    target: &'a Target,
}

fn add(ctx: &Context, a: AddArgs) -> Result<ExitCode> {
    let t = new_target(&a)?;
    let key = TargetKey {
        env: t.env.clone(),
        database: t.database.clone(),
    };
    let mut inv = ctx.inventory()?;
    let path = inv.path().to_path_buf();
    let (stored, status, audit_id) = inv.write(|tx| {
        let existing = targets::get_tx(tx, &key).map_err(|e| sqlite_error(&path, e))?;
        if existing.is_some() && !a.replace {
            return Err(Error::usage(format!("target {key} is already registered"))
                .hint(format!("to change it, run the same `pgacct registry add` with --replace; `pgacct registry show {key}` shows it")));
        }
        let mut t = t.clone();
        if let Some(prev) = existing.as_ref().filter(|p| p.protected) {
            if a.no_protected && !a.yes {
                let rec = registry_record("registry add", &key, Some(prev.server()), Outcome::Refused, json!({ "why": "--no-protected on a protected target, no --yes" }));
                let id = audit::append(tx, &ctx.actor, &rec)?;
                return Ok((prev.clone(), "refused", id));
            }
            // A replace keeps the protection unless it is taken off explicitly.
            t.protected = !a.no_protected;
        }
        if let Some(prev) = existing.as_ref().filter(|prev| same_settings(prev, &t)) {
            // --replace with what is already stored: nothing to change.
            let detail = json!({ "status": "target unchanged", "target": prev });
            let id = audit::append(tx, &ctx.actor, &registry_record("registry add", &key, Some(prev.server()), Outcome::Unchanged, detail))?;
            return Ok((prev.clone(), "target unchanged", id));
        }
        let stored = targets::insert_tx(tx, &t, a.replace)
            .map_err(|e| sqlite_error(&path, e))?
            .ok_or_else(|| Error::failed("the new target vanished from the inventory"))?;
        let status = if existing.is_some() { "target replaced" } else { "target added" };
        let detail = json!({ "status": status, "target": &stored, "previous": existing });
        let id = audit::append(tx, &ctx.actor, &registry_record("registry add", &key, Some(stored.server()), Outcome::Changed, detail))?;
        Ok((stored, status, id))
    })?;
    if status == "refused" {
        crate::notify::send(ctx, &mut inv, audit_id);
        return Err(Error::refused(format!(
            "target {key} is protected; --no-protected would take that off"
        ))
        .hint("add --yes to confirm, or leave --no-protected out to keep it protected"));
    }
    crate::notify::send(ctx, &mut inv, audit_id);
    if ctx.out.is_json() {
        ctx.out.json(&Changed {
            changed: status != "target unchanged",
            status,
            target: &stored,
        });
    } else {
        ctx.out.print(format!(
            "{status}: {} -> {} (sslmode {}{})",
            stored.name(),
            stored.server(),
            stored.sslmode,
            if stored.protected { ", protected" } else { "" }
        ));
        ctx.out.info(format!(
            "next: `pgacct registry check {}` tests the connection",
            stored.name()
        ));
    }
    Ok(ExitCode::Success)
}

/// True when writing `new` over `old` would change nothing that `registry add` sets.
fn same_settings(old: &Target, new: &NewTarget) -> bool {
    old.host == new.host
        && old.port == new.port
        && old.active == new.active
        && old.notes == new.notes
        && old.admin_user == new.admin_user
        && old.sslmode == new.sslmode.unwrap_or(SslMode::Prefer)
        && old.sslrootcert == new.sslrootcert
        && old.sslcert == new.sslcert
        && old.sslkey == new.sslkey
        && old.password_command == new.password_command
        && old.protected == new.protected
        && old.hostaddr == new.hostaddr
        && old.require_auth == new.require_auth
}

fn list(ctx: &Context, a: ListArgs) -> Result<ExitCode> {
    if let Some(e) = &a.env {
        validate_env(e)?;
    }
    let inv = ctx.inventory_for_reading()?;
    let rows = inv.targets(a.all, a.env.as_deref())?;
    if ctx.out.is_json() {
        ctx.out.json(&rows);
        return Ok(ExitCode::Success);
    }
    if rows.is_empty() {
        ctx.out.info("no targets registered; add one with `pgacct registry add --env dev --db app --host HOST`, or try `pgacct sandbox up`");
        return Ok(ExitCode::Success);
    }
    let mut t = ctx.out.table(&[
        "target",
        "host",
        "port",
        "sslmode",
        "admin",
        "active",
        "protected",
        "notes",
    ]);
    for r in &rows {
        t.add_row(vec![
            sanitize(&r.name()),
            sanitize(&r.host),
            r.port.to_string(),
            r.sslmode.to_string(),
            cell(&r.admin_user),
            yes_no(r.active).to_string(),
            yes_no(r.protected).to_string(),
            cell(&r.notes),
        ]);
    }
    ctx.out.print(t);
    Ok(ExitCode::Success)
}

fn show(ctx: &Context, name: &str) -> Result<ExitCode> {
    let key: TargetKey = name.parse()?;
    let inv = ctx.inventory_for_reading()?;
    let t = inv.require_target(&key)?;
    if ctx.out.is_json() {
        ctx.out.json(&t);
        return Ok(ExitCode::Success);
    }
    let mut table = ctx.out.table(&["field", "value"]);
    let rows: Vec<(&str, String)> = vec![
        ("target", t.name()),
        ("host", t.host.clone()),
        ("port", t.port.to_string()),
        ("hostaddr", cell(&t.hostaddr)),
        ("require_auth", cell(&t.require_auth)),
        ("active", yes_no(t.active).into()),
        ("protected", yes_no(t.protected).into()),
        ("admin user", cell(&t.admin_user)),
        (
            "sslmode",
            if t.sslmode_explicit {
                t.sslmode.to_string()
            } else {
                format!("{} (default; PGSSLMODE overrides)", t.sslmode)
            },
        ),
        ("sslrootcert", cell(&t.sslrootcert)),
        ("sslcert", cell(&t.sslcert)),
        ("sslkey", cell(&t.sslkey)),
        ("password command", cell(&t.password_command)),
        ("server identity", cell(&t.server_identity)),
        ("notes", cell(&t.notes)),
        ("created", t.created_at.clone()),
        ("updated", t.updated_at.clone()),
    ];
    for (k, v) in rows {
        table.add_row(vec![k.to_string(), sanitize(&v)]);
    }
    ctx.out.print(table);
    Ok(ExitCode::Success)
}

fn set_active(ctx: &Context, name: &str, active: bool) -> Result<ExitCode> {
    let key: TargetKey = name.parse()?;
    let mut inv = ctx.inventory()?;
    let path = inv.path().to_path_buf();
    let action = if active {
        "registry enable"
    } else {
        "registry disable"
    };
    let (t, changed, audit_id) =
        inv.write(|tx| {
            let t = targets::get_tx(tx, &key)
                .map_err(|e| sqlite_error(&path, e))?
                .ok_or_else(|| {
                    Error::not_found(format!("no target {key} in the inventory"))
                        .hint("`pgacct registry list --all` shows the registered targets")
                })?;
            let changed = t.active != active;
            if changed {
                tx.execute(
                "UPDATE targets SET active = ?3, updated_at = ?4 WHERE env = ?1 AND db_name = ?2",
                rusqlite::params![key.env, key.database, active, crate::inventory::now_rfc3339()],
            )
            .map_err(|e| sqlite_error(&path, e))?;
            }
            let outcome = if changed {
                Outcome::Changed
            } else {
                Outcome::Unchanged
            };
            let id = audit::append(
                tx,
                &ctx.actor,
                &registry_record(
                    action,
                    &key,
                    Some(t.server()),
                    outcome,
                    json!({ "active": active }),
                ),
            )?;
            Ok((t, changed, id))
        })?;
    crate::notify::send(ctx, &mut inv, audit_id);
    let status = match (active, changed) {
        (true, true) => "target enabled",
        (false, true) => "target disabled",
        (true, false) => "target already enabled",
        (false, false) => "target already disabled",
    };
    if ctx.out.is_json() {
        ctx.out.json(&json!({ "changed": changed, "status": status, "env": t.env, "database": t.database, "active": active }));
    } else {
        ctx.out.print(format!("{status}: {}", sanitize(&t.name())));
    }
    Ok(ExitCode::Success)
}

fn remove(ctx: &Context, a: RemoveArgs) -> Result<ExitCode> {
    let key: TargetKey = a.target.target.parse()?;
    let mut inv = ctx.inventory()?;
    // Look up, guard and delete in one IMMEDIATE transaction, so that of several removes
    // running at once exactly one removes (and audits) the target; the others find it gone.
    let path = inv.path().to_path_buf();
    let (t, refused, audit_id) = inv.write(|tx| {
        let t = targets::get_tx(tx, &key)
            .map_err(|e| sqlite_error(&path, e))?
            .ok_or_else(|| {
                Error::not_found(format!("no target {key} in the inventory"))
                    .hint("`pgacct registry list --all` shows the registered targets")
            })?;
        if t.protected && !a.yes {
            let rec = registry_record(
                "registry remove",
                &key,
                Some(t.server()),
                Outcome::Refused,
                json!({ "why": "protected target, no --yes" }),
            );
            let id = audit::append(tx, &ctx.actor, &rec)?;
            return Ok((t, true, id));
        }
        tx.execute(
            "DELETE FROM targets WHERE env = ?1 AND db_name = ?2",
            rusqlite::params![key.env, key.database],
        )
        .map_err(|e| sqlite_error(&path, e))?;
        let id = audit::append(
            tx,
            &ctx.actor,
            &registry_record(
                "registry remove",
                &key,
                Some(t.server()),
                Outcome::Changed,
                json!({ "removed": &t }),
            ),
        )?;
        Ok((t, false, id))
    })?;
    crate::notify::send(ctx, &mut inv, audit_id);
    if refused {
        return Err(
            Error::refused(format!("target {key} is protected; not removed")).hint(format!(
                "run `pgacct registry remove {key} --yes` to remove it anyway"
            )),
        );
    }
    if ctx.out.is_json() {
        ctx.out.json(&json!({ "changed": true, "status": "target removed", "env": t.env, "database": t.database }));
    } else {
        ctx.out
            .print(format!("target removed: {}", sanitize(&t.name())));
    }
    Ok(ExitCode::Success)
}

#[derive(Debug, Serialize)]
struct ImportRow {
    row: i64,
    target: Option<String>,
    status: &'static str,
    reason: Option<String>,
}

#[derive(Debug, Serialize)]
struct ImportReport {
    changed: bool,
    dry_run: bool,
    file: String,
    added: usize,
    skipped: usize,
    invalid: usize,
    rows: Vec<ImportRow>,
}

fn import(ctx: &Context, a: ImportArgs) -> Result<ExitCode> {
    let source = read_source(&a.file)?;
    let mut inv = ctx.inventory()?;
    let (report, audit_id) = import_rows(ctx, &mut inv, &a.file, source, a.dry_run)?;
    crate::notify::send(ctx, &mut inv, audit_id);
    if ctx.out.is_json() {
        ctx.out.json(&report);
    } else {
        let mut t = ctx.out.table(&["row", "target", "status", "reason"]);
        for r in &report.rows {
            t.add_row(vec![
                r.row.to_string(),
                cell(&r.target),
                r.status.to_string(),
                cell(&r.reason),
            ]);
        }
        ctx.out.print(t);
        ctx.out.print(format!(
            "{}{} added, {} skipped (already registered), {} invalid",
            if a.dry_run {
                "dry run: would have "
            } else {
                ""
            },
            report.added,
            report.skipped,
            report.invalid
        ));
    }
    if report.invalid > 0 {
        // Invalid rows are not imported: the run says so and does not exit 0 (6 when
        // other rows went in or were there already, 2 when no row was valid).
        let total = report.added + report.skipped + report.invalid;
        let e = Error::usage(format!(
            "{} of {total} rows are invalid and were not imported",
            report.invalid
        ))
        .hint("the rows with status \"invalid\" say why; fix them and import again (rows already registered are skipped)");
        if report.invalid == total {
            return Err(e);
        }
        ctx.out.error(&e);
        return Ok(ExitCode::Partial);
    }
    Ok(ExitCode::Success)
}

fn import_rows(
    ctx: &Context,
    inv: &mut Inventory,
    file: &Path,
    source: Vec<crate::inventory::import::SourceRow>,
    dry_run: bool,
) -> Result<(ImportReport, i64)> {
    let path = inv.path().to_path_buf();
    inv.write(|tx| {
        let mut rows = vec![];
        let (mut added, mut skipped, mut invalid) = (0, 0, 0);
        let mut seen = std::collections::HashSet::new();
        for src in source {
            match src.parsed {
                Err(reason) => {
                    invalid += 1;
                    rows.push(ImportRow { row: src.row, target: None, status: "invalid", reason: Some(reason) });
                }
                Ok(t) => {
                    let key = TargetKey { env: t.env.clone(), database: t.database.clone() };
                    let exists = targets::get_tx(tx, &key).map_err(|e| sqlite_error(&path, e))?.is_some();
                    if exists || !seen.insert(key.clone()) {
                        skipped += 1;
                        rows.push(ImportRow { row: src.row, target: Some(key.to_string()), status: "skipped", reason: Some("already registered".into()) });
                        continue;
                    }
                    if !dry_run {
                        targets::insert_tx(tx, &t, false).map_err(|e| sqlite_error(&path, e))?;
                    }
                    added += 1;
                    rows.push(ImportRow { row: src.row, target: Some(key.to_string()), status: if dry_run { "would add" } else { "added" }, reason: None });
                }
            }
        }
        let report = ImportReport {
            changed: added > 0 && !dry_run,
            dry_run,
            file: file.display().to_string(),
            added,
            skipped,
            invalid,
            rows,
        };
        let outcome = if dry_run { Outcome::DryRun } else if report.changed { Outcome::Changed } else { Outcome::Unchanged };
        let rec = Record {
            action: "registry import".into(),
            outcome: Some(outcome),
            detail: Some(json!({ "file": report.file, "added": added, "skipped": skipped, "invalid": invalid,
                "targets": report.rows.iter().filter(|r| r.status == "added").filter_map(|r| r.target.clone()).collect::<Vec<_>>() })),
            ..Record::default()
        };
        let id = audit::append(tx, &ctx.actor, &rec)?;
        Ok((report, id))
    })
}
