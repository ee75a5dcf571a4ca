//! `pgacct sandbox ...`: a throwaway local cluster registered as `sandbox/postgres`, so a
//! new user can try pgacct on a fresh machine with two commands.
//!
//! The cluster comes from [`crate::cluster`] (the code the tests use). Where it lives is
//! kept in the inventory's `settings` table next to its target, and `up`/`down` change
//! both (and the audit log) in one inventory transaction, which also serialises two
//! `sandbox up` run at the same moment: the second finds the first's sandbox.

use crate::cli::registry::{AddArgs, SslModeArg};
use crate::cli::sandbox::SandboxCommand;
use crate::cluster::{self, Cluster, ClusterOptions};
use crate::context::Context;
use crate::error::{Error, ExitCode, Result};
use crate::inventory::audit::{self, Outcome, Record};
use crate::inventory::store::StoreTx;
use crate::inventory::targets::TargetKey;
use serde::Serialize;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

/// The target the sandbox is registered as.
pub const ENV: &str = "sandbox";
pub const DATABASE: &str = "postgres";
/// The settings key holding the sandbox's cluster directory.
const SETTING_DIR: &str = "sandbox.dir";

pub fn run(ctx: &Context, cmd: SandboxCommand) -> Result<ExitCode> {
    match cmd {
        SandboxCommand::Up => up(ctx),
        SandboxCommand::Down => down(ctx),
        SandboxCommand::Status => status(ctx),
    }
}

fn key() -> TargetKey {
    TargetKey {
        env: ENV.into(),
        database: DATABASE.into(),
    }
}

/// Where new sandbox clusters go: `<data dir>/pgacct/sandbox`, except as root, where the
/// home directory (0700) is out of reach of the `postgres` OS user that runs the server:
/// then `/var/tmp/pgacct-sandbox-<uid>`.
fn sandbox_root() -> Result<PathBuf> {
    // SAFETY: geteuid has no preconditions.
    let uid = unsafe { libc::geteuid() };
    if uid == 0 {
        return Ok(PathBuf::from(format!("/var/tmp/pgacct-sandbox-{uid}")));
    }
    let base = dirs::data_dir().ok_or_else(|| {
        Error::usage("cannot find a data directory for the sandbox (no HOME?)")
            .hint("set HOME or XDG_DATA_HOME")
    })?;
    let pgacct = base.join("pgacct");
    if !pgacct.exists() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&pgacct)
            .map_err(|e| Error::failed(format!("cannot create {}: {e}", pgacct.display())))?;
    }
    Ok(pgacct.join("sandbox"))
}

/// Single-quote for `sh -c`.
pub(crate) fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r#"'\''"#))
}

fn record(
    action: &str,
    outcome: Outcome,
    server: Option<String>,
    detail: serde_json::Value,
) -> Record {
    Record {
        action: action.to_string(),
        env: Some(ENV.into()),
        db_name: Some(DATABASE.into()),
        server,
        outcome: Some(outcome),
        detail: Some(detail),
        ..Record::default()
    }
}

#[derive(Debug, Serialize)]
struct SandboxReport {
    changed: bool,
    status: String,
    running: bool,
    target: String,
    registered: bool,
    host: Option<String>,
    port: Option<u16>,
    dir: Option<PathBuf>,
    password_file: Option<PathBuf>,
    log_file: Option<PathBuf>,
}

fn up(ctx: &Context) -> Result<ExitCode> {
    let root = sandbox_root()?;
    // Fail before taking the inventory lock when the binaries are missing.
    Cluster::bindir()?;
    let mut inv = ctx.inventory()?;
    // A concurrent `sandbox up` holds the inventory while it starts the cluster (initdb
    // and pg_ctl, slow on a loaded machine): wait for it rather than fail.
    inv.set_busy_timeout(std::time::Duration::from_secs(300))?;
    let k = key();
    let (report, started) = inv.write(|tx| {
        let existing_dir = tx.setting(SETTING_DIR)?.map(PathBuf::from);
        let target = StoreTx::target(tx, &k)?;
        if let Some(dir) = &existing_dir {
            let st = cluster::status_of(dir)?;
            if st.running && target.is_some() {
                let report = SandboxReport {
                    changed: false,
                    status: "sandbox already running".into(),
                    running: true,
                    target: k.to_string(),
                    registered: true,
                    host: st.host,
                    port: st.port,
                    dir: Some(dir.clone()),
                    password_file: st.password_file,
                    log_file: st.log_file,
                };
                audit::append(
                    tx,
                    &ctx.actor,
                    &record(
                        "sandbox up",
                        Outcome::Unchanged,
                        target.map(|t| t.server()),
                        serde_json::json!({ "status": report.status, "dir": dir }),
                    ),
                )?;
                return Ok((report, None));
            }
            // Left over (stopped, e.g. after a reboot, or its target removed): start afresh.
            if dir.exists() {
                cluster::stop_and_remove_dir(dir).map_err(|e| {
                    e.hint(format!(
                        "the old sandbox in {} could not be removed; remove it by hand and run `pgacct sandbox up` again",
                        dir.display()
                    ))
                })?;
            }
        }
        if let Some(t) = &target {
            if existing_dir.is_none() {
                return Err(Error::usage(format!(
                    "target {k} is already registered (-> {}) but not by `pgacct sandbox up`",
                    t.server()
                ))
                .hint(format!("remove it first: `pgacct registry remove {k}`")));
            }
        }
        let c = Cluster::start(ClusterOptions {
            root_dir: Some(root.clone()),
            ..ClusterOptions::default()
        })?;
        // Registered through the same validation as `registry add`.
        let args = AddArgs {
            env: ENV.into(),
            db: DATABASE.into(),
            host: c.host.clone(),
            port: u32::from(c.port),
            hostaddr: None,
            require_auth: None,
            admin_user: Some(c.superuser.clone()),
            sslmode: Some(SslModeArg::Disable),
            sslrootcert: None,
            sslcert: None,
            sslkey: None,
            password_command: Some(format!(
                "cat {}",
                shell_quote(&c.password_file.to_string_lossy())
            )),
            protected: false,
            no_protected: true,
            notes: Some(format!("pgacct sandbox cluster in {}", c.dir.display())),
            replace: true,
            yes: false,
        };
        let new = crate::commands::registry::new_target(&args)?;
        let stored = tx
            .insert_target(&new, true)?
            .ok_or_else(|| Error::failed("the sandbox target vanished from the inventory"))?;
        tx.put_setting(SETTING_DIR, &c.dir.to_string_lossy())?;
        let report = SandboxReport {
            changed: true,
            status: "sandbox started".into(),
            running: true,
            target: k.to_string(),
            registered: true,
            host: Some(c.host.clone()),
            port: Some(c.port),
            dir: Some(c.dir.clone()),
            password_file: Some(c.password_file.clone()),
            log_file: Some(c.log_file.clone()),
        };
        audit::append(
            tx,
            &ctx.actor,
            &record(
                "sandbox up",
                Outcome::Changed,
                Some(stored.server()),
                serde_json::json!({ "status": report.status, "dir": c.dir, "target": &stored }),
            ),
        )?;
        // The cluster is still dropped (stopped, removed) if the commit fails.
        Ok((report, Some(c)))
    })?;
    if let Some(mut c) = started {
        c.keep_on_drop = true;
    }
    print_report(ctx, &report);
    if !ctx.out.is_json() {
        ctx.out.info(format!(
            "try next:\n  pgacct user create devqa alice --target {k}\n  pgacct user list --target {k}\n  pgacct sandbox down    # stop and remove it"
        ));
    }
    Ok(ExitCode::Success)
}

fn print_report(ctx: &Context, r: &SandboxReport) {
    if ctx.out.is_json() {
        ctx.out.json(r);
        return;
    }
    let mut line = r.status.clone();
    if let (Some(h), Some(p)) = (&r.host, r.port) {
        line.push_str(&format!(": {} on {h}:{p}", r.target));
    }
    if let Some(d) = &r.dir {
        line.push_str(&format!(" (directory {})", d.display()));
    }
    ctx.out.print(line);
}

fn down(ctx: &Context) -> Result<ExitCode> {
    let mut inv = ctx.inventory()?;
    let k = key();
    let report = inv.write(|tx| {
        let dir = tx.setting(SETTING_DIR)?.map(PathBuf::from);
        let Some(dir) = dir else {
            return Ok(SandboxReport {
                changed: false,
                status: "no sandbox to stop".into(),
                running: false,
                target: k.to_string(),
                registered: StoreTx::target(tx, &k)?.is_some(),
                host: None,
                port: None,
                dir: None,
                password_file: None,
                log_file: None,
            });
        };
        let target = StoreTx::target(tx, &k)?;
        let was_running = if dir.exists() {
            cluster::stop_and_remove_dir(&dir)?
        } else {
            false
        };
        tx.delete_target(&k)?;
        tx.delete_setting(SETTING_DIR)?;
        let report = SandboxReport {
            changed: true,
            status: if was_running {
                "sandbox stopped and removed".into()
            } else {
                "sandbox removed (it was not running)".into()
            },
            running: false,
            target: k.to_string(),
            registered: false,
            host: target.as_ref().map(|t| t.host.clone()),
            port: target.as_ref().map(|t| t.port),
            dir: Some(dir.clone()),
            password_file: None,
            log_file: None,
        };
        audit::append(
            tx,
            &ctx.actor,
            &record(
                "sandbox down",
                Outcome::Changed,
                target.as_ref().map(|t| t.server()),
                serde_json::json!({ "status": report.status, "dir": dir, "removed": target }),
            ),
        )?;
        Ok(report)
    })?;
    print_report(ctx, &report);
    Ok(ExitCode::Success)
}

fn status(ctx: &Context) -> Result<ExitCode> {
    let inv = ctx.inventory()?;
    let dir = inv.setting(SETTING_DIR)?.map(PathBuf::from);
    let target = inv.target(&key())?;
    let st = match &dir {
        Some(d) if Path::new(d).exists() => Some(cluster::status_of(d)?),
        _ => None,
    };
    let running = st.as_ref().is_some_and(|s| s.running);
    let report = SandboxReport {
        changed: false,
        status: match (&dir, running) {
            (None, _) => "no sandbox".into(),
            (Some(_), true) => "sandbox running".into(),
            (Some(_), false) => "sandbox not running".into(),
        },
        running,
        target: key().to_string(),
        registered: target.is_some(),
        host: st.as_ref().and_then(|s| s.host.clone()),
        port: st.as_ref().and_then(|s| s.port),
        dir,
        password_file: st.as_ref().and_then(|s| s.password_file.clone()),
        log_file: st.as_ref().and_then(|s| s.log_file.clone()),
    };
    print_report(ctx, &report);
    if !ctx.out.is_json() {
        if report.dir.is_none() {
            ctx.out.info("start one with `pgacct sandbox up`");
        } else if !running {
            ctx.out
                .info("`pgacct sandbox up` starts a new one; `pgacct sandbox down` cleans up");
        }
    }
    Ok(ExitCode::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_quoting_survives_quotes_and_spaces() {
        assert_eq!(shell_quote("/a b/c"), "'/a b/c'");
        assert_eq!(shell_quote("it's"), r#"'it'\''s'"#);
    }
}
