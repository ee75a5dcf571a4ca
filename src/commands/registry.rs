//! `pgacct registry ...`: add, list, show, disable, enable, remove, import (check lives
//! in `commands::check`). Every change and its audit row commit in one transaction.

use crate::cli::registry::{
    AddArgs, ImportArgs, ListArgs, RegistryCommand, RemoveArgs, SetArgs, SslModeArg,
};
use crate::context::Context;
use crate::error::{Error, ExitCode, Result};
use crate::inventory::Inventory;
use crate::inventory::audit::{self, Outcome, Record};
use crate::inventory::import::read_source;
use crate::inventory::store::StoreTx;
use crate::inventory::targets::{
    NewTarget, SslMode, Target, TargetKey, validate_database, validate_env, validate_host,
    validate_port,
};
use crate::output::{cell, sanitize, yes_no};
use serde::Serialize;
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
        RegistryCommand::Set(a) => set(ctx, a),
        RegistryCommand::Check(a) => crate::commands::check::run(ctx, a),
        RegistryCommand::Harden(a) => crate::commands::harden::run(ctx, a),
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
    detail: &impl Serialize,
) -> Record {
    Record {
        action: action.to_string(),
        env: Some(key.env.clone()),
        db_name: Some(key.database.clone()),
        server,
        outcome: Some(outcome),
        // A detail is a struct of strings, numbers and targets: it always converts.
        detail: serde_json::to_value(detail).ok(),
        ..Record::default()
    }
}

/// The audit detail of a refused registry change: why it was refused.
#[derive(Serialize)]
struct WhyDetail<'a> {
    why: &'a str,
}

/// The audit detail of a `registry add` (stored as a JSON object, keys sorted).
#[derive(Serialize)]
struct AddDetail<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    changes: Option<&'a [FieldChange]>,
    /// `Some(None)` is written as null (a first add); `None` is left out (unchanged).
    #[serde(skip_serializing_if = "Option::is_none")]
    previous: Option<Option<&'a Target>>,
    status: &'a str,
    target: &'a Target,
}

/// The audit detail of `registry enable` / `disable`.
#[derive(Serialize)]
struct ActiveDetail {
    active: bool,
}

/// The audit detail of `registry remove`: the target as it was.
#[derive(Serialize)]
struct RemovedDetail<'a> {
    removed: &'a Target,
}

/// The audit detail of `registry set`: what changed, field by field.
#[derive(Serialize)]
struct SetDetail<'a> {
    changes: &'a [FieldChange],
}

/// The audit detail of `registry import`.
#[derive(Serialize)]
struct ImportDetail<'a> {
    added: usize,
    file: &'a str,
    invalid: usize,
    skipped: usize,
    targets: Vec<String>,
}

#[derive(Serialize)]
struct Changed<'a> {
    changed: bool,
    status: &'a str,
    target: &'a Target,
    /// What a replace or a set changed, field by field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    changes: Vec<FieldChange>,
}

/// One setting of a target that changed: its old and new value.
#[derive(Debug, Clone, Serialize)]
pub struct FieldChange {
    pub field: &'static str,
    pub old: SettingValue,
    pub new: SettingValue,
}

/// The value of one target setting, written as the bare JSON value (`null` when unset).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum SettingValue {
    Text(Option<String>),
    Port(u16),
    Flag(bool),
    SslMode(Option<SslMode>),
}

/// The settings that differ between two versions of a target, in `registry add`'s terms.
fn changes(old: &Target, new: &Target) -> Vec<FieldChange> {
    use SettingValue::{Flag, Port, Text};
    let mut out = vec![];
    let mut field = |field: &'static str, o: SettingValue, n: SettingValue| {
        if o != n {
            out.push(FieldChange {
                field,
                old: o,
                new: n,
            });
        }
    };
    let text = |v: &Option<String>| Text(v.clone());
    field(
        "host",
        Text(Some(old.host.clone())),
        Text(Some(new.host.clone())),
    );
    field("port", Port(old.port), Port(new.port));
    field("hostaddr", text(&old.hostaddr), text(&new.hostaddr));
    field("admin_user", text(&old.admin_user), text(&new.admin_user));
    field(
        "sslmode",
        SettingValue::SslMode(old.sslmode_explicit.then_some(old.sslmode)),
        SettingValue::SslMode(new.sslmode_explicit.then_some(new.sslmode)),
    );
    field(
        "sslrootcert",
        text(&old.sslrootcert),
        text(&new.sslrootcert),
    );
    field("sslcert", text(&old.sslcert), text(&new.sslcert));
    field("sslkey", text(&old.sslkey), text(&new.sslkey));
    field(
        "password_command",
        text(&old.password_command),
        text(&new.password_command),
    );
    field("active", Flag(old.active), Flag(new.active));
    field("protected", Flag(old.protected), Flag(new.protected));
    field("notes", text(&old.notes), text(&new.notes));
    out
}

/// `port 5433 -> 5432; notes "primary" -> none`, for people.
fn describe_changes(changes: &[FieldChange]) -> String {
    let v = |x: &SettingValue| match x {
        SettingValue::Text(None) | SettingValue::SslMode(None) => "none".to_string(),
        SettingValue::Flag(b) => yes_no(*b).to_string(),
        SettingValue::Text(Some(s)) => format!("{:?}", sanitize(s)),
        SettingValue::SslMode(Some(m)) => format!("{:?}", sanitize(m.as_str())),
        SettingValue::Port(p) => p.to_string(),
    };
    changes
        .iter()
        .map(|c| format!("{} {} -> {}", c.field, v(&c.old), v(&c.new)))
        .collect::<Vec<_>>()
        .join("; ")
}

fn add(ctx: &Context, a: AddArgs) -> Result<ExitCode> {
    let t = new_target(&a)?;
    let key = TargetKey {
        env: t.env.clone(),
        database: t.database.clone(),
    };
    let mut inv = ctx.inventory()?;
    let (stored, status, audit_id, previous) = inv.write(|tx| {
        let existing = StoreTx::target(tx, &key)?;
        if existing.is_some() && !a.replace {
            return Err(Error::usage(format!("target {key} is already registered"))
                .hint(format!("`pgacct registry set {key} --port 5433` (say) changes some settings and keeps the others; `registry add ... --replace` replaces them all; `pgacct registry show {key}` shows it")));
        }
        let mut t = t.clone();
        // A replace keeps the active state (`registry add` has no option for it).
        if let Some(prev) = &existing {
            t.active = prev.active;
        }
        if let Some(prev) = existing.as_ref().filter(|p| p.protected) {
            // A replace keeps the protection unless it is taken off explicitly.
            t.protected = !a.no_protected;
            // Protection is one rule: any change of a protected target needs --yes.
            if !a.yes && !same_settings(prev, &t) {
                let why = if a.no_protected {
                    "--no-protected on a protected target, no --yes"
                } else {
                    "--replace of a protected target, no --yes"
                };
                let rec = registry_record("registry add", &key, Some(prev.server()), Outcome::Refused, &WhyDetail { why });
                let id = audit::append(tx, &ctx.actor, &rec)?;
                return Ok((prev.clone(), "refused", id, None));
            }
        }
        if let Some(prev) = existing.as_ref().filter(|prev| same_settings(prev, &t)) {
            // --replace with what is already stored: nothing to change.
            let detail = AddDetail { changes: None, previous: None, status: "target unchanged", target: prev };
            let id = audit::append(tx, &ctx.actor, &registry_record("registry add", &key, Some(prev.server()), Outcome::Unchanged, &detail))?;
            return Ok((prev.clone(), "target unchanged", id, existing.clone()));
        }
        let stored = tx
            .insert_target(&t, a.replace)?
            .ok_or_else(|| Error::failed("the new target vanished from the inventory"))?;
        let status = if existing.is_some() { "target replaced" } else { "target added" };
        let changed = existing.as_ref().map(|p| changes(p, &stored)).unwrap_or_default();
        let detail = AddDetail { changes: Some(&changed), previous: Some(existing.as_ref()), status, target: &stored };
        let id = audit::append(tx, &ctx.actor, &registry_record("registry add", &key, Some(stored.server()), Outcome::Changed, &detail))?;
        Ok((stored, status, id, existing))
    })?;
    let changed = previous
        .as_ref()
        .map(|p| changes(p, &stored))
        .unwrap_or_default();
    if status == "refused" {
        crate::notify::send(ctx, &mut inv, audit_id);
        return Err(if a.no_protected {
            Error::refused(format!(
                "target {key} is protected; --no-protected would take that off"
            ))
            .hint("add --yes to confirm, or leave --no-protected out to keep it protected")
        } else {
            Error::refused(format!(
                "target {key} is protected; --replace would change its settings"
            ))
            .hint(format!(
                "add --yes to confirm; `pgacct registry set {key} --FIELD VALUE --yes` changes only what you name"
            ))
        });
    }
    crate::notify::send(ctx, &mut inv, audit_id);
    if ctx.out.is_json() {
        ctx.out.json(&Changed {
            changed: status != "target unchanged",
            status,
            target: &stored,
            changes: changed,
        });
    } else {
        ctx.out.print(format!(
            "{status}: {} -> {} (sslmode {}{})",
            stored.name(),
            stored.server(),
            stored.sslmode,
            if stored.protected { ", protected" } else { "" }
        ));
        if !changed.is_empty() {
            ctx.out
                .print(format!("changed: {}", describe_changes(&changed)));
        }
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
    t.below("notes");
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
    let action = if active {
        "registry enable"
    } else {
        "registry disable"
    };
    let (t, changed, audit_id) = inv.write(|tx| {
        let t = StoreTx::target(tx, &key)?.ok_or_else(|| {
            Error::not_found(format!("no target {key} in the inventory"))
                .hint("`pgacct registry list --all` shows the registered targets")
        })?;
        let changed = t.active != active;
        if changed {
            tx.set_target_active(&key, active)?;
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
                &ActiveDetail { active },
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
        ctx.out.json(&crate::results::RegistryChange {
            active: Some(active),
            changed,
            database: &t.database,
            env: &t.env,
            status,
        });
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
    let (t, refused, audit_id) = inv.write(|tx| {
        let t = StoreTx::target(tx, &key)?.ok_or_else(|| {
            Error::not_found(format!("no target {key} in the inventory"))
                .hint("`pgacct registry list --all` shows the registered targets")
        })?;
        if t.protected && !a.yes {
            let rec = registry_record(
                "registry remove",
                &key,
                Some(t.server()),
                Outcome::Refused,
                &WhyDetail {
                    why: "protected target, no --yes",
                },
            );
            let id = audit::append(tx, &ctx.actor, &rec)?;
            return Ok((t, true, id));
        }
        tx.delete_target(&key)?;
        let id = audit::append(
            tx,
            &ctx.actor,
            &registry_record(
                "registry remove",
                &key,
                Some(t.server()),
                Outcome::Changed,
                &RemovedDetail { removed: &t },
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
        ctx.out.json(&crate::results::RegistryChange {
            active: None,
            changed: true,
            database: &t.database,
            env: &t.env,
            status: "target removed",
        });
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
    if let Some(u) = &a.admin_user {
        crate::ident::RoleName::parse_any(u)
            .map_err(|e| Error::usage(format!("admin-user: {}", e.message)))?;
    }
    if a.password_command
        .as_ref()
        .is_some_and(|c| c.trim().is_empty())
    {
        return Err(Error::usage("password-command: the command is empty"));
    }
    let rootcert = existing_file("sslrootcert", &a.sslrootcert)?;
    // The settings the old file does not have, the same for every imported row.
    let source = source
        .into_iter()
        .map(|mut s| {
            if let Ok(t) = &mut s.parsed {
                t.admin_user = a.admin_user.clone();
                t.sslmode = a.sslmode.map(sslmode);
                t.sslrootcert = rootcert.clone();
                t.password_command = a.password_command.clone();
            }
            s
        })
        .collect();
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
        // Some rows went in: the error object says partial, as the exit code does.
        let e = Error {
            kind: crate::error::ErrorKind::Partial,
            ..e
        };
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
    inv.write(|tx| {
        let mut rows = vec![];
        let (mut added, mut skipped, mut invalid) = (0, 0, 0);
        let mut seen = std::collections::HashSet::new();
        for src in source {
            match src.parsed {
                Err(reason) => {
                    invalid += 1;
                    rows.push(ImportRow {
                        row: src.row,
                        target: None,
                        status: "invalid",
                        reason: Some(reason),
                    });
                }
                Ok(t) => {
                    let key = TargetKey {
                        env: t.env.clone(),
                        database: t.database.clone(),
                    };
                    let exists = StoreTx::target(tx, &key)?.is_some();
                    if exists || !seen.insert(key.clone()) {
                        skipped += 1;
                        rows.push(ImportRow {
                            row: src.row,
                            target: Some(key.to_string()),
                            status: "skipped",
                            reason: Some("already registered".into()),
                        });
                        continue;
                    }
                    if !dry_run {
                        tx.insert_target(&t, false)?;
                    }
                    added += 1;
                    rows.push(ImportRow {
                        row: src.row,
                        target: Some(key.to_string()),
                        status: if dry_run { "would add" } else { "added" },
                        reason: None,
                    });
                }
            }
        }
        let report = ImportReport {
            // In a dry run: would change.
            changed: added > 0,
            dry_run,
            file: file.display().to_string(),
            added,
            skipped,
            invalid,
            rows,
        };
        let outcome = if dry_run {
            Outcome::DryRun
        } else if added > 0 {
            Outcome::Changed
        } else {
            Outcome::Unchanged
        };
        let rec = Record {
            action: "registry import".into(),
            outcome: Some(outcome),
            detail: serde_json::to_value(ImportDetail {
                added,
                file: &report.file,
                invalid,
                skipped,
                targets: report
                    .rows
                    .iter()
                    .filter(|r| r.status == "added")
                    .filter_map(|r| r.target.clone())
                    .collect(),
            })
            .ok(),
            ..Record::default()
        };
        let id = audit::append(tx, &ctx.actor, &rec)?;
        Ok((report, id))
    })
}

/// An optional text setting of `registry set`: `''` clears it.
fn optional(v: &str) -> Option<String> {
    (!v.is_empty()).then(|| v.to_string())
}

fn set(ctx: &Context, a: SetArgs) -> Result<ExitCode> {
    let key: TargetKey = a.target.target.parse()?;
    let mut inv = ctx.inventory()?;
    let old = inv.target(&key)?.ok_or_else(|| {
        Error::not_found(format!("no target {key} in the inventory"))
            .hint("`pgacct registry list --all` shows the registered targets")
    })?;
    // Validate what was given, before anything is asked or written.
    if let Some(h) = &a.host {
        validate_host(h)?;
    }
    let port = a.port.map(validate_port).transpose()?;
    if let Some(ip) = a.hostaddr.as_deref().filter(|s| !s.is_empty()) {
        if ip.parse::<std::net::IpAddr>().is_err() {
            return Err(
                Error::usage(format!("hostaddr: {ip:?} is not an IP address"))
                    .hint("give a numeric IPv4 or IPv6 address, or '' to clear it"),
            );
        }
    }
    if let Some(u) = a.admin_user.as_deref().filter(|s| !s.is_empty()) {
        crate::ident::RoleName::parse_any(u)
            .map_err(|e| Error::usage(format!("admin-user: {}", e.message)))?;
    }
    let file = |field: &str, p: &Option<std::path::PathBuf>| -> Result<Option<Option<String>>> {
        match p {
            None => Ok(None),
            Some(p) if p.as_os_str().is_empty() => Ok(Some(None)),
            Some(_) => Ok(Some(existing_file(field, p)?)),
        }
    };
    let rootcert = file("sslrootcert", &a.sslrootcert)?;
    let cert = file("sslcert", &a.sslcert)?;
    let keyfile = file("sslkey", &a.sslkey)?;
    if a.password_command
        .as_ref()
        .is_some_and(|c| !c.is_empty() && c.trim().is_empty())
    {
        return Err(Error::usage("password-command: the command is empty"));
    }
    let mut new = old.clone();
    if let Some(h) = &a.host {
        new.host = h.clone();
    }
    if let Some(p) = port {
        new.port = p;
    }
    if let Some(ip) = &a.hostaddr {
        new.hostaddr = optional(ip);
    }
    if let Some(u) = &a.admin_user {
        new.admin_user = optional(u);
    }
    if let Some(m) = a.sslmode {
        new.sslmode = sslmode(m);
        new.sslmode_explicit = true;
    }
    if let Some(v) = rootcert {
        new.sslrootcert = v;
    }
    if let Some(v) = cert {
        new.sslcert = v;
    }
    if let Some(v) = keyfile {
        new.sslkey = v;
    }
    if new.sslcert.is_some() != new.sslkey.is_some() {
        return Err(Error::usage(
            "sslcert and sslkey go together: the target would have one without the other",
        )
        .hint("give both --sslcert and --sslkey (or clear both with '')"));
    }
    if let Some(c) = &a.password_command {
        new.password_command = optional(c);
    }
    if let Some(p) = a.protected {
        new.protected = p;
    }
    if let Some(n) = &a.notes {
        new.notes = optional(n);
    }
    if new.host.starts_with('/') && new.hostaddr.is_some() {
        return Err(Error::usage(
            "hostaddr: cannot be combined with a Unix socket host",
        ));
    }
    let diff = changes(&old, &new);
    if !diff.is_empty() && old.protected {
        crate::engine::confirm(ctx, &old, "registry set", a.yes)?;
    }
    let moved = old.host != new.host || old.port != new.port || old.hostaddr != new.hostaddr;
    let (stored, audit_id) = inv.write(|tx| {
        if !diff.is_empty() {
            tx.update_target(&key, &new, moved)?;
        }
        let stored = StoreTx::target(tx, &key)?
            .ok_or_else(|| Error::failed(format!("target {key} vanished from the inventory")))?;
        let outcome = if diff.is_empty() {
            Outcome::Unchanged
        } else {
            Outcome::Changed
        };
        let id = audit::append(
            tx,
            &ctx.actor,
            &registry_record(
                "registry set",
                &key,
                Some(stored.server()),
                outcome,
                &SetDetail { changes: &diff },
            ),
        )?;
        Ok((stored, id))
    })?;
    crate::notify::send(ctx, &mut inv, audit_id);
    let status = if diff.is_empty() {
        "target unchanged"
    } else {
        "target updated"
    };
    if ctx.out.is_json() {
        ctx.out.json(&Changed {
            changed: !diff.is_empty(),
            status,
            target: &stored,
            changes: diff,
        });
    } else if diff.is_empty() {
        ctx.out
            .print(format!("{status}: {}", sanitize(&stored.name())));
    } else {
        ctx.out.print(format!(
            "{status}: {}: {}",
            sanitize(&stored.name()),
            describe_changes(&diff)
        ));
    }
    Ok(ExitCode::Success)
}
