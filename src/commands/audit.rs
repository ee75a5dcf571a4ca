//! `pgacct audit ...` and `pgacct notify ...`: read and verify the audit log, switch
//! read-logging, and manage notification channels (each change audited).

use crate::cli::audit::{
    AuditCommand, AuditListArgs, ChannelKind, NotifyAddArgs, NotifyCommand, OnOff,
};
use crate::context::Context;
use crate::error::{Error, ExitCode, Result};
use crate::inventory::audit::{self, ListFilter, Outcome, Record, StoredRow};
use crate::inventory::store::StoreTx;
use crate::notify::{self, ChannelConfig, Filter};
use crate::output::{cell, sanitize};
use serde::Serialize;
use serde_json::Value;

pub fn run(ctx: &Context, cmd: AuditCommand) -> Result<ExitCode> {
    match cmd {
        AuditCommand::List(a) => list(ctx, a),
        AuditCommand::Show { id } => show(ctx, id),
        AuditCommand::Verify(a) => verify(ctx, a.expect_head.as_deref()),
        AuditCommand::Reads { state } => reads(ctx, state),
    }
}

fn list(ctx: &Context, a: AuditListArgs) -> Result<ExitCode> {
    let now = std::time::SystemTime::now();
    let filter = ListFilter {
        env: a.env.clone(),
        db: a.db.clone(),
        role: a.user.clone(),
        actor: a.actor.clone(),
        action: a.action.clone(),
        ticket: a.ticket.clone(),
        outcome: a.outcome.map(|o| o.as_str().to_string()),
        since: a
            .since
            .as_deref()
            .map(|s| audit::parse_when(s, false, now))
            .transpose()
            .map_err(|e| Error {
                message: format!("--since: {}", e.message),
                ..e
            })?,
        until: a
            .until
            .as_deref()
            .map(|s| audit::parse_when(s, true, now))
            .transpose()
            .map_err(|e| Error {
                message: format!("--until: {}", e.message),
                ..e
            })?,
        limit: a.limit,
    };
    let inv = ctx.inventory_for_reading()?;
    if a.csv {
        return list_csv(&inv, &filter);
    }
    let rows = inv.audit_list(&filter)?;
    if ctx.out.is_json() {
        ctx.out.json(&rows);
        return Ok(ExitCode::Success);
    }
    if rows.is_empty() {
        ctx.out.info("no audit entries match");
        return Ok(ExitCode::Success);
    }
    let mut t = ctx.out.table(&[
        "id",
        "time",
        "actor",
        "action",
        "target",
        "role",
        "outcome",
        "ms",
        "error / reason",
    ]);
    for r in &rows {
        let target = match (&r.env, &r.database) {
            (Some(e), Some(d)) => format!("{e}/{d}"),
            (Some(e), None) => e.clone(),
            _ => String::new(),
        };
        let actor = if r.actor == r.os_user {
            r.actor.clone()
        } else {
            format!("{} ({})", r.actor, r.os_user)
        };
        let note = r
            .error
            .clone()
            .or_else(|| r.reason.clone())
            .unwrap_or_default();
        t.add_row(vec![
            r.id.to_string(),
            r.time.clone(),
            sanitize(&actor),
            sanitize(&r.action),
            sanitize(&target),
            cell(&r.role),
            r.outcome.clone(),
            r.duration_ms.map(|d| d.to_string()).unwrap_or_default(),
            sanitize(&note),
        ]);
    }
    t.below("error / reason");
    ctx.out.print(t);
    if a.limit > 0 && rows.len() as u64 == u64::from(a.limit) {
        ctx.out.info(format!(
            "showing the newest {}; use --limit (0 = all) or filters to see more",
            a.limit
        ));
    }
    Ok(ExitCode::Success)
}

/// `audit list --csv`: streamed, one attempt per line, so a full export (`--limit 0`)
/// does not hold the log in memory.
fn list_csv(inv: &crate::inventory::Inventory, filter: &ListFilter) -> Result<ExitCode> {
    let mut w = csv::Writer::from_writer(std::io::stdout().lock());
    let csv_err = |e: csv::Error| {
        if let csv::ErrorKind::Io(io) = e.kind() {
            if io.kind() == std::io::ErrorKind::BrokenPipe {
                return Error::failed("stdout closed");
            }
        }
        Error::failed(format!("writing CSV: {e}"))
    };
    let header = [
        "id",
        "time",
        "finished",
        "actor",
        "os_user",
        "machine",
        "action",
        "env",
        "database",
        "server",
        "role",
        "kind",
        "outcome",
        "is_read",
        "error",
        "reason",
        "ticket",
        "duration_ms",
        "completion_id",
        "version",
    ];
    w.write_record(header).map_err(csv_err)?;
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    inv.audit_list_each(filter, |r| {
        w.write_record([
            r.id.to_string(),
            r.time.clone(),
            o(&r.finished),
            r.actor.clone(),
            r.os_user.clone(),
            o(&r.machine),
            r.action.clone(),
            o(&r.env),
            o(&r.database),
            o(&r.server),
            o(&r.role),
            o(&r.kind),
            r.outcome.clone(),
            r.is_read.to_string(),
            o(&r.error),
            o(&r.reason),
            o(&r.ticket),
            r.duration_ms.map(|d| d.to_string()).unwrap_or_default(),
            r.completion_id.map(|d| d.to_string()).unwrap_or_default(),
            r.version.clone(),
        ])
        .map_err(csv_err)
    })?;
    match w.flush() {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => return Err(Error::failed(format!("writing CSV: {e}"))),
    }
    Ok(ExitCode::Success)
}

/// A row as JSON, with its JSON-text columns (steps, undo, detail) parsed.
fn row_json(r: &StoredRow) -> Value {
    let mut v = serde_json::to_value(r).expect("rows serialize");
    for k in ["steps", "undo", "detail"] {
        if let Some(Value::String(s)) = v.get(k) {
            if let Ok(parsed) = serde_json::from_str::<Value>(s) {
                v[k] = parsed;
            }
        }
    }
    v
}

/// `audit show --json`: the entry and the rows of the same attempt. The rows stay JSON
/// values: each carries its stored steps/undo/detail blobs, parsed back as they were written.
#[derive(Serialize)]
struct ShowReport {
    entry: Value,
    related: Vec<Value>,
}

/// The audit detail of `audit reads on|off`.
#[derive(Serialize)]
struct ReadsDetail<'a> {
    reads: &'a str,
}

/// `notify add --json`: the channel summary, with the change and its audit entry first
/// (the summary's keys all sort after `changed`, so the keys stay in sorted order).
#[derive(Serialize)]
struct ChannelAdded {
    audit_id: i64,
    changed: bool,
    #[serde(flatten)]
    summary: Value,
}

/// `notify test --json`. Fields in sorted order, as the output has always had them.
#[derive(Serialize)]
struct NotifyTestReport<'a> {
    audit_id: i64,
    deliveries: Vec<DeliveryResult<'a>>,
    ok: bool,
}

/// One delivery of `notify test`, its keys in sorted order (not [`notify::Delivery`]'s).
#[derive(Serialize)]
struct DeliveryResult<'a> {
    audit_id: Option<i64>,
    channel: i64,
    delivered: bool,
    destination: &'a str,
    error: Option<&'a str>,
    kind: &'a str,
}

fn role_of(r: &StoredRow) -> &'static str {
    if r.action == audit::NOTIFY_ACTION {
        "notification delivery"
    } else if r.entry_id.is_some() {
        "completion"
    } else if r.outcome == Outcome::Started.as_str() {
        "started"
    } else {
        "one-shot"
    }
}

fn show(ctx: &Context, id: i64) -> Result<ExitCode> {
    let inv = ctx.inventory_for_reading()?;
    let row = inv.audit_row(id)?.ok_or_else(|| {
        Error::not_found(format!("no audit entry {id}"))
            .hint("`pgacct audit list` shows the recent entries and their ids")
    })?;
    let root_id = row.entry_id.unwrap_or(row.id);
    let mut related: Vec<StoredRow> = vec![];
    if root_id != row.id {
        if let Some(root) = inv.audit_row(root_id)? {
            related.push(root);
        }
    }
    for f in inv.audit_followers(root_id)? {
        if f.id != row.id {
            related.push(f);
        }
    }
    if row.entry_id.is_none()
        && row.outcome == Outcome::Started.as_str()
        && !related.iter().any(|r| r.action != audit::NOTIFY_ACTION)
    {
        ctx.out.warn(format!(
            "entry {id} has no completion: pgacct stopped between starting and finishing this attempt, so whether the server was changed is unknown; check the target"
        ));
    }
    if ctx.out.is_json() {
        let rel: Vec<Value> = related
            .iter()
            .map(|r| {
                let mut v = row_json(r);
                v["relation"] = Value::from(role_of(r));
                v
            })
            .collect();
        let mut main = row_json(&row);
        main["relation"] = Value::from(role_of(&row));
        ctx.out.json(&ShowReport {
            entry: main,
            related: rel,
        });
        return Ok(ExitCode::Success);
    }
    print_row(ctx, &row);
    for r in &related {
        ctx.out.print(format!("\n{} (entry {}):", role_of(r), r.id));
        print_row(ctx, r);
    }
    Ok(ExitCode::Success)
}

fn print_row(ctx: &Context, r: &StoredRow) {
    let pretty = |s: &Option<String>| {
        s.as_ref().map(|s| match serde_json::from_str::<Value>(s) {
            Ok(Value::Array(items)) => items
                .iter()
                .map(|i| {
                    i.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| i.to_string())
                })
                .collect::<Vec<_>>()
                .join("\n"),
            Ok(v) => serde_json::to_string_pretty(&v).unwrap_or_default(),
            Err(_) => s.clone(),
        })
    };
    let fields: Vec<(&str, Option<String>)> = vec![
        ("id", Some(r.id.to_string())),
        ("relation", Some(role_of(r).to_string())),
        ("entry_id", r.entry_id.map(|i| i.to_string())),
        ("time", Some(r.time.clone())),
        ("actor", Some(r.actor.clone())),
        ("os user", Some(r.os_user.clone())),
        ("machine", r.machine.clone()),
        ("pgacct version", Some(r.version.clone())),
        ("action", Some(r.action.clone())),
        ("env", r.env.clone()),
        ("database", r.db_name.clone()),
        ("server", r.server.clone()),
        ("role", r.role.clone()),
        ("kind", r.kind.clone()),
        ("outcome", Some(r.outcome.clone())),
        ("read", Some(crate::output::yes_no(r.is_read).to_string())),
        ("steps", pretty(&r.steps)),
        ("error", r.error.clone()),
        ("reason", r.reason.clone()),
        ("ticket", r.ticket.clone()),
        ("duration ms", r.duration_ms.map(|d| d.to_string())),
        ("undo", pretty(&r.undo)),
        ("undo of", r.undo_of.map(|i| i.to_string())),
        ("detail", pretty(&r.detail)),
        ("prev hash", Some(r.prev_hash.clone())),
        ("hash", Some(r.hash.clone())),
    ];
    let mut t = ctx.out.table(&["field", "value"]);
    for (k, v) in fields {
        if let Some(v) = v {
            t.add_row(vec![k.to_string(), sanitize(&v)]);
        }
    }
    ctx.out.print(t);
}

fn verify(ctx: &Context, expect: Option<&str>) -> Result<ExitCode> {
    if let Some(h) = expect {
        let h = h.trim();
        if h.len() != 64 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Error::usage(format!(
                "--expect-head {h:?} is not a SHA-256 hash (64 hex digits)"
            ))
            .hint("take it from the `head_hash` of `pgacct --json audit verify`"));
        }
    }
    let inv = ctx.inventory_for_reading()?;
    let v = inv.audit_verify(expect)?;
    if ctx.out.is_json() {
        ctx.out.json(&v);
    } else if v.ok {
        ctx.out.print(format!(
            "audit log intact: {} entries, head entry {} hash {}",
            v.entries, v.head_id, v.head_hash
        ));
        if let Some(id) = v.expected_head_id {
            ctx.out
                .print(format!("the expected head hash is entry {id} of the chain"));
        }
        ctx.out.info("keep the head hash somewhere else (ticket, other machine) and check it later with --expect-head: a log rewritten from scratch re-hashes cleanly, but it loses that hash");
    } else {
        let kind = v
            .tamper
            .and_then(|t| serde_json::to_value(t).ok())
            .and_then(|x| x.as_str().map(str::to_string))
            .unwrap_or_default();
        ctx.out.print(format!(
            "audit log NOT intact ({kind}): {}",
            v.problem.clone().unwrap_or_default()
        ));
        if let Some(id) = v.first_bad_id {
            ctx.out.print(format!("first bad entry: {id}"));
        }
        ctx.out.info(format!(
            "{} entries read; restore the inventory from a backup to compare, and treat changes recorded after entry {} with suspicion",
            v.entries,
            v.first_bad_id.map(|i| i - 1).unwrap_or(0).max(0)
        ));
    }
    Ok(if v.ok {
        ExitCode::Success
    } else {
        ExitCode::Failed
    })
}

fn reads(ctx: &Context, state: Option<OnOff>) -> Result<ExitCode> {
    let mut inv = ctx.inventory()?;
    let Some(state) = state else {
        let stored = inv.setting(audit::READS_SETTING)?;
        let env = std::env::var("PGACCT_AUDIT_READS").ok();
        let on = audit::reads_enabled(&inv);
        let source = if env.as_deref().and_then(audit::parse_switch).is_some() {
            "PGACCT_AUDIT_READS"
        } else if stored.is_some() {
            "inventory setting"
        } else {
            "default"
        };
        if ctx.out.is_json() {
            ctx.out.json(&crate::results::ReadsSetting {
                reads: if on { "on" } else { "off" },
                source,
            });
        } else {
            ctx.out.print(format!(
                "read-logging is {} ({source})",
                if on { "on" } else { "off" }
            ));
        }
        return Ok(ExitCode::Success);
    };
    let value = if state == OnOff::On { "on" } else { "off" };
    let (changed, id) = inv.write(|tx| {
        let current = tx.setting(audit::READS_SETTING)?;
        let was_on = current
            .as_deref()
            .and_then(audit::parse_switch)
            .unwrap_or(true);
        let changed = was_on != (state == OnOff::On);
        tx.put_setting(audit::READS_SETTING, value)?;
        let rec = Record {
            action: "audit reads".into(),
            outcome: Some(if changed {
                Outcome::Changed
            } else {
                Outcome::Unchanged
            }),
            detail: serde_json::to_value(ReadsDetail { reads: value }).ok(),
            ..Record::default()
        };
        let id = audit::append(tx, &ctx.actor, &rec)?;
        Ok((changed, id))
    })?;
    if changed {
        notify::send(ctx, &mut inv, id);
    }
    if ctx.out.is_json() {
        ctx.out.json(&crate::results::ReadsChange {
            audit_id: id,
            changed,
            reads: value,
        });
    } else {
        ctx.out.print(if changed {
            format!("read-logging turned {value}")
        } else {
            format!("read-logging already {value}")
        });
    }
    if std::env::var("PGACCT_AUDIT_READS")
        .ok()
        .as_deref()
        .and_then(audit::parse_switch)
        .is_some_and(|b| b != (state == OnOff::On))
    {
        ctx.out
            .warn("PGACCT_AUDIT_READS is set in this environment and overrides the setting");
    }
    Ok(ExitCode::Success)
}

// ---------------------------------------------------------------------------------------
// notify
// ---------------------------------------------------------------------------------------

pub fn notify(ctx: &Context, cmd: NotifyCommand) -> Result<ExitCode> {
    match cmd {
        NotifyCommand::Add(a) => notify_add(ctx, a),
        NotifyCommand::List => notify_list(ctx),
        NotifyCommand::Remove { id } => notify_remove(ctx, id),
        NotifyCommand::Test => notify_test(ctx),
    }
}

fn kind_name(k: ChannelKind) -> &'static str {
    match k {
        ChannelKind::Slack => "slack",
        ChannelKind::Webex => "webex",
        ChannelKind::Email => "email",
        ChannelKind::Exec => "exec",
    }
}

fn notify_add(ctx: &Context, a: NotifyAddArgs) -> Result<ExitCode> {
    let kind = kind_name(a.kind);
    let config = ChannelConfig {
        url: a.url.clone(),
        room_id: a.room_id.clone(),
        token_env: a.token_env.clone(),
        command: a.command.clone(),
        to: a.to.clone(),
        timeout_secs: a.timeout,
        filter: Filter {
            actions: a.action.clone(),
            envs: a.env.clone(),
            outcomes: a.outcome.iter().map(|o| o.as_str().to_string()).collect(),
        },
    };
    notify::validate(kind, &config)?;
    let mut inv = ctx.inventory()?;
    let (channel, audit_id) = inv.write(|tx| {
        let id = tx.insert_channel(kind, &config)?;
        let ch = StoreTx::channel(tx, id)?
            .ok_or_else(|| Error::failed("the new channel vanished from the inventory"))?;
        let rec = Record {
            action: "notify add".into(),
            outcome: Some(Outcome::Changed),
            detail: Some(ch.summary()),
            ..Record::default()
        };
        let audit_id = audit::append(tx, &ctx.actor, &rec)?;
        Ok((ch, audit_id))
    })?;
    if let Some(var) = &config.token_env {
        if std::env::var_os(var).is_none() {
            ctx.out.warn(format!(
                "{var} is not set in this environment; Webex deliveries fail until it is"
            ));
        }
    }
    // Announce the new channel (to itself too: a first delivery check).
    notify::send(ctx, &mut inv, audit_id);
    if ctx.out.is_json() {
        ctx.out.json(&ChannelAdded {
            audit_id,
            changed: true,
            summary: channel.summary(),
        });
    } else {
        ctx.out.print(format!(
            "channel {} added: {} {}",
            channel.id,
            kind,
            sanitize(&channel.destination())
        ));
        ctx.out
            .info("`pgacct notify test` sends a test event to every channel");
    }
    Ok(ExitCode::Success)
}

fn notify_list(ctx: &Context) -> Result<ExitCode> {
    let inv = ctx.inventory()?;
    let chans = inv.channels()?;
    if ctx.out.is_json() {
        let v: Vec<Value> = chans.iter().map(|c| c.summary()).collect();
        ctx.out.json(&v);
        return Ok(ExitCode::Success);
    }
    if chans.is_empty() {
        ctx.out
            .info("no notification channels; add one with `pgacct notify add slack --url URL`");
        return Ok(ExitCode::Success);
    }
    let mut t = ctx.out.table(&[
        "id",
        "kind",
        "destination",
        "actions",
        "envs",
        "outcomes",
        "timeout",
    ]);
    let list = |v: &[String], all: &str| {
        if v.is_empty() {
            all.to_string()
        } else {
            v.join(", ")
        }
    };
    for c in &chans {
        let f = &c.config.filter;
        t.add_row(vec![
            c.id.to_string(),
            c.kind.clone(),
            sanitize(&c.destination()),
            sanitize(&list(&f.actions, "all")),
            sanitize(&list(&f.envs, "all")),
            list(&f.outcomes, "all but reads"),
            format!("{}s", c.config.timeout_secs),
        ]);
    }
    ctx.out.print(t);
    Ok(ExitCode::Success)
}

fn notify_remove(ctx: &Context, id: i64) -> Result<ExitCode> {
    let mut inv = ctx.inventory()?;
    let (removed, audit_id) = inv.write(|tx| {
        let removed = tx.delete_channel(id)?;
        let Some(ch) = removed else {
            return Err(Error::not_found(format!("no notification channel {id}"))
                .hint("`pgacct notify list` shows the channels and their ids"));
        };
        let rec = Record {
            action: "notify remove".into(),
            outcome: Some(Outcome::Changed),
            detail: Some(ch.summary()),
            ..Record::default()
        };
        let audit_id = audit::append(tx, &ctx.actor, &rec)?;
        Ok((ch, audit_id))
    })?;
    notify::send(ctx, &mut inv, audit_id);
    if ctx.out.is_json() {
        ctx.out.json(&crate::results::ChannelRemoved {
            audit_id,
            changed: true,
            id: removed.id,
            kind: &removed.kind,
        });
    } else {
        ctx.out.print(format!(
            "channel {} removed: {} {}",
            removed.id,
            removed.kind,
            sanitize(&removed.destination())
        ));
    }
    Ok(ExitCode::Success)
}

fn notify_test(ctx: &Context) -> Result<ExitCode> {
    let mut inv = ctx.inventory()?;
    let chans = inv.channels()?;
    if chans.is_empty() {
        return Err(Error::not_found("no notification channels to test").hint(
            "add one with `pgacct notify add slack --url URL` (see `pgacct notify add --help`)",
        ));
    }
    let rec = Record {
        action: "notify test".into(),
        outcome: Some(Outcome::Changed),
        reason: Some("test event from `pgacct notify test`".into()),
        ..Record::default()
    };
    let id = inv.record(&ctx.actor, &rec)?;
    let results = notify::deliver_all(ctx, &mut inv, id, true);
    let ok = results.iter().all(|d| d.delivered);
    if ctx.out.is_json() {
        ctx.out.json(&NotifyTestReport {
            audit_id: id,
            deliveries: results
                .iter()
                .map(|d| DeliveryResult {
                    audit_id: d.audit_id,
                    channel: d.channel,
                    delivered: d.delivered,
                    destination: &d.destination,
                    error: d.error.as_deref(),
                    kind: &d.kind,
                })
                .collect(),
            ok,
        });
    } else {
        let mut t = ctx.out.table(&["channel", "kind", "destination", "result"]);
        for d in &results {
            t.add_row(vec![
                d.channel.to_string(),
                d.kind.clone(),
                sanitize(&d.destination),
                if d.delivered {
                    "delivered".to_string()
                } else {
                    format!("FAILED: {}", sanitize(d.error.as_deref().unwrap_or("")))
                },
            ]);
        }
        ctx.out.print(t);
    }
    if ok {
        Ok(ExitCode::Success)
    } else {
        Err(Error::failed("at least one notification channel did not take the test event")
            .hint("see the warnings above; `pgacct audit show` of the test entry lists the failed deliveries"))
    }
}
