//! `pgacct user create <kind>`: validate the intent (names, kind, expiry, limit,
//! password delivery) before any network, then run the engine on every target with the
//! create plan, and print one result per target (a JSON array when there are several).
//!
//! Password: one per run (generated from the OS CSPRNG, or the first line of stdin with
//! `--password-stdin`), set on every target where the role is created, never where it
//! already exists. It is shown once in the results that created the role, or written to
//! `--password-file` (opened 0600 with O_EXCL before anything else, unless `--force`)
//! and then not printed.

use crate::catalog;
use crate::cli::user::CreateArgs;
use crate::context::Context;
use crate::delivery::{self, Delivered, Delivery};
use crate::engine::Failure;
use crate::engine::{self, Operation, Planned, SessionFacts, TargetRun};
use crate::error::{ExitCode, Result};
use crate::ident::{DbName, RoleName, SchemaName};
use crate::intent;
use crate::intent::Change;
use crate::intent::Source;
use crate::intent::create::{CreateIntent, CreateRequest};
use crate::inventory::targets::Target;
use crate::kinds::RoleKind;
use crate::output::{PasswordOnStdout, PasswordOwner, sanitize};
use crate::plan::create::{self as cplan, Status, needs_database_lock, plan_create};
use crate::secret::Secret;
use postgres::Transaction;
use serde::Serialize;
use std::time::SystemTime;

/// What the command line asks for, as the intent layer takes it (the edge: nothing below
/// `commands/` sees a clap type).
pub fn request(a: &CreateArgs) -> CreateRequest {
    CreateRequest {
        name: a.name.clone(),
        username: a.username.clone(),
        server: a.server.clone(),
        port: a.port.clone(),
        prefix: a.prefix.clone(),
        farm: a.farm.clone(),
        schemas: a.schemas.clone(),
        valid_until: a.valid_until.clone(),
        expires_in: a.expires_in.clone(),
        conn_limit: a.conn_limit,
    }
}

/// [`intent::create::role_name`] of the command line.
pub fn role_name(kind: &RoleKind, a: &CreateArgs) -> Result<(String, Vec<String>)> {
    intent::create::role_name(kind, &request(a))
}

/// [`intent::create::valid_until`] of the command line.
pub fn valid_until(kind: &RoleKind, a: &CreateArgs, now: SystemTime) -> Result<Option<String>> {
    intent::create::valid_until(kind, &request(a), now)
}

/// [`intent::create::conn_limit`] of the command line.
pub fn conn_limit(kind: &RoleKind, a: &CreateArgs) -> Result<i32> {
    intent::create::conn_limit(kind, &request(a))
}

/// What one target's create reports.
pub struct CreateDetail {
    pub status: Status,
    pub creates_role: bool,
    pub drift: Vec<String>,
    pub groups: Vec<String>,
    pub connection_limit: i32,
    pub valid_until: Option<String>,
    /// What the admin could not set up, with the fix (docs/json.md: `gaps`).
    pub gaps: Vec<crate::plan::create::Gap>,
    /// Loud warnings (a readonly user's schema where PUBLIC may CREATE).
    pub warnings: Vec<String>,
}

/// `user create` as an engine operation.
pub struct CreateOp {
    pub role: RoleName,
    pub kind: RoleKind,
    pub schemas: Vec<SchemaName>,
    pub conn_limit: i32,
    pub valid_until: Option<String>,
    pub change: Change,
    pub password: Option<Secret>,
}

impl CreateOp {
    /// The operation of a validated intent.
    pub fn new(i: CreateIntent, change: Change, password: Option<Secret>) -> CreateOp {
        CreateOp {
            role: i.role,
            kind: i.kind,
            schemas: i.schemas,
            conn_limit: i.conn_limit,
            valid_until: i.valid_until,
            change,
            password,
        }
    }
}

impl Operation for CreateOp {
    type Output = CreateDetail;

    fn action(&self) -> &str {
        "user create"
    }
    fn role(&self) -> Option<String> {
        Some(self.role.to_string())
    }
    fn kind(&self) -> Option<String> {
        Some(self.kind.name.clone())
    }
    fn change(&self) -> &Change {
        &self.change
    }
    fn password(&self) -> Option<&Secret> {
        self.password.as_ref()
    }
    fn record_done(&self, d: &CreateDetail, rec: &mut crate::inventory::audit::Record) {
        if !d.gaps.is_empty() || !d.warnings.is_empty() {
            rec.detail = Some(serde_json::json!({ "gaps": d.gaps, "warnings": d.warnings }));
        }
    }
    fn precheck(&self, target: &Target) -> Result<()> {
        let role = crate::intent::guard::RoleFacts::named(self.role.as_str());
        match crate::intent::guard::protected_role(&role, target.admin_user.as_deref()) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    fn plan(
        &self,
        tx: &mut Transaction<'_>,
        facts: &SessionFacts,
        apply: bool,
    ) -> std::result::Result<Planned<CreateDetail>, Failure> {
        let intent = cplan::CreateInput {
            role: self.role.clone(),
            kind: self.kind.clone(),
            database: DbName::parse(&facts.target.database)?,
            schemas: self.schemas.clone(),
            conn_limit: self.conn_limit,
            valid_until: self.valid_until.clone(),
        };
        let role = self.role.as_str();
        let mut db_lock = None;
        if apply {
            // Queued: it goes out with the catalog reads, in one flight with BEGIN. So
            // does the database's lock, taken there (after the role's) only while one of
            // its group roles is missing: the first create of a kind then reads under it,
            // in the same flight.
            catalog::queue_lock_role(tx, role)?;
            let groups = catalog::role::group_names(&facts.target.database);
            db_lock = Some(catalog::queue_lock_database_if_missing(tx, &groups)?);
        }
        let mut obs = catalog::observe_create(
            tx,
            &facts.statements,
            role,
            &facts.target.database,
            &self.schemas,
        )?;
        let db_locked = db_lock.as_ref().is_some_and(catalog::database_locked);
        if apply && !db_locked && needs_database_lock(&obs) {
            // The groups exist but their grants need work (or the names were another
            // database's): lock, then read again. Queued: it goes out with the catalog's
            // second read, in one flight.
            catalog::queue_lock_database(tx)?;
            obs = catalog::observe_create(
                tx,
                &facts.statements,
                role,
                &facts.target.database,
                &self.schemas,
            )?;
        }
        let cp = plan_create(&intent, &obs)?;
        let undo = cp.undo_json(&intent);
        Ok(Planned {
            detail: CreateDetail {
                status: cp.status,
                creates_role: cp.creates_role,
                drift: cp.drift,
                groups: cp.groups,
                connection_limit: cp.connection_limit,
                valid_until: cp.valid_until,
                gaps: cp.gaps,
                warnings: cp.warnings,
            },
            plan: cp.plan,
            undo: Some(undo),
            reads_after: None,
        })
    }
}

/// The stable JSON of one target's result.
#[derive(Debug, Serialize)]
pub struct CreateResult {
    pub username: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<crate::secret::Reveal>,
    pub status: String,
    pub changed: bool,
    pub env: String,
    pub database: String,
    pub hostname: String,
    pub port: u16,
    pub kind: String,
    pub connection_limit: Option<i32>,
    pub valid_until: Option<String>,
    pub groups: Vec<String>,
    pub search_path: Vec<String>,
    pub drift: Vec<String>,
    /// What the admin could not set up here: `{what, why, fix_sql}` each.
    pub gaps: Vec<crate::plan::create::Gap>,
    /// Loud warnings about the kind's promise (also on stderr).
    pub warnings: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sql: Option<Vec<String>>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub dry_run: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<serde_json::Value>,
    pub audit_id: Option<i64>,
}

pub fn run(ctx: &Context, a: CreateArgs) -> Result<ExitCode> {
    // Intent: everything validated before any network.
    super::lifecycle::warm(ctx, &a.targets, a.change.dry_run);
    let mut inv = ctx.inventory()?;
    let kinds = super::kinds::load(&inv)?;
    let kind = crate::kinds::find(&kinds, &a.kind)?.clone();
    let intent = CreateIntent::build(
        &kind,
        &request(&a),
        Source::Command,
        None,
        SystemTime::now(),
    )?;
    let targets = super::lifecycle::resolve_targets(&inv, &a.targets)?;
    let dry_run = a.change.dry_run;
    let password = delivery::new_password(&a.password)?;
    let delivery = Delivery::open(&a.password, dry_run)?;
    if !dry_run {
        // Hash while connecting and reading the catalog (other targets hash their own).
        password.compute_ahead(1);
    }
    for n in &intent.notes {
        ctx.out.info(format!("note: {n}"));
    }

    let op = CreateOp::new(intent, Change::from(&a.change), Some(password));
    let runs = engine::run_with(
        ctx,
        &mut inv,
        &targets,
        &op,
        super::lifecycle::fanout(&a.targets),
    );
    let created_any = !dry_run
        && runs
            .iter()
            .any(|r| r.result.as_ref().is_ok_and(|d| d.detail.creates_role));
    let secret = op.password.as_ref().expect("set above");
    let show_password = if created_any {
        delivery.deliver(ctx, secret) == Delivered::Print
    } else {
        delivery.discard();
        false
    };
    let results: Vec<CreateResult> = runs
        .iter()
        .map(|r| result_of(r, &op, show_password.then_some(secret)))
        .collect();
    // The results carry a generated password: if stdout cannot take it, the caller hears
    // so (one given on stdin, the caller has).
    let stdout = PasswordOnStdout::new(
        results
            .iter()
            .filter(|r| r.password.is_some() && !a.password.password_stdin)
            .map(|r| PasswordOwner {
                role: r.username.clone(),
                target: format!("{}/{}", r.env, r.database),
                created: true,
            })
            .collect(),
    );
    render(ctx, &stdout, &results, &runs);
    stdout.finish()?;
    Ok(engine::exit_code(&runs))
}

fn result_of(r: &TargetRun<CreateDetail>, op: &CreateOp, pw: Option<&Secret>) -> CreateResult {
    let t = &r.target;
    let mut out = CreateResult {
        username: op.role.to_string(),
        password: None,
        status: "failed".into(),
        changed: false,
        env: t.env.clone(),
        database: t.database.clone(),
        hostname: t.host.clone(),
        port: t.port,
        kind: op.kind.name.clone(),
        connection_limit: None,
        valid_until: None,
        groups: vec![],
        search_path: op.schemas.iter().map(|s| s.to_string()).collect(),
        drift: vec![],
        gaps: vec![],
        warnings: vec![],
        sql: None,
        dry_run: op.change.dry_run,
        error: None,
        audit_id: r.audit_id,
    };
    match &r.result {
        Ok(d) => {
            out.status = d.detail.status.as_str().to_string();
            out.changed = d.changed;
            out.connection_limit = Some(d.detail.connection_limit);
            out.valid_until = d.detail.valid_until.clone();
            out.groups = d.detail.groups.clone();
            out.drift = d.detail.drift.clone();
            out.gaps = d.detail.gaps.clone();
            out.warnings = d.detail.warnings.clone();
            if d.dry_run {
                out.sql = Some(d.plan.sql());
            } else if d.detail.creates_role {
                out.password = pw.map(Secret::reveal);
            }
        }
        Err(e) => {
            if e.kind == crate::error::ErrorKind::Refused {
                out.status = "refused".into();
            }
            out.error = Some(e.to_json());
        }
    }
    out
}

fn render(
    ctx: &Context,
    stdout: &PasswordOnStdout,
    results: &[CreateResult],
    runs: &[TargetRun<CreateDetail>],
) {
    for r in results {
        let on = format!("{}/{}", r.env, sanitize(&r.database));
        for w in &r.warnings {
            ctx.out.warn(format!("{on}: {}", sanitize(w)));
        }
        for g in &r.gaps {
            ctx.out.warn(format!(
                "{on}: not covered: {} ({}); to close it, as a superuser: {}",
                sanitize(&g.what),
                sanitize(&g.why),
                sanitize(&g.fix_sql.replace('\n', " "))
            ));
        }
    }
    if ctx.out.is_json() {
        for run in runs {
            if let Err(e) = &run.result {
                ctx.out.error(e);
            }
        }
        // One shape whatever the number of targets: an array of per-target results.
        stdout.json(results);
        if results.len() > 1 {
            summary(ctx, runs);
        }
        return;
    }
    for (res, run) in results.iter().zip(runs) {
        let mut t = ctx.out.table(&["field", "value"]);
        let mut row = |k: &str, v: String| {
            t.add_row(vec![k.to_string(), v]);
        };
        row("username", res.username.clone());
        row("status", res.status.clone());
        if res.dry_run {
            row("dry run", "yes: nothing was changed".into());
        }
        if let Some(p) = &res.password {
            row("password", crate::output::password_cell(p));
        }
        row("changed", crate::output::yes_no(res.changed).to_string());
        row(
            "target",
            format!(
                "{}/{} ({}:{})",
                res.env,
                sanitize(&res.database),
                res.hostname,
                res.port
            ),
        );
        row("kind", res.kind.clone());
        if let Some(l) = res.connection_limit {
            row("connection limit", l.to_string());
        }
        if run.result.is_ok() {
            row(
                "valid until",
                res.valid_until
                    .clone()
                    .unwrap_or_else(|| "no expiry".into()),
            );
            row("groups", res.groups.join(", "));
            row("search path", sanitize(&res.search_path.join(", ")));
        }
        if !res.drift.is_empty() {
            row("drift", sanitize(&res.drift.join("\n")));
        }
        if let Some(id) = res.audit_id {
            row("audit entry", id.to_string());
        }
        stdout.print(t);
        match &run.result {
            Ok(d) if d.dry_run => {
                ctx.out.info(if d.changed {
                    "dry run: nothing was changed; this plan would run:"
                } else {
                    "dry run: nothing to change"
                });
                for s in d.plan.sql() {
                    ctx.out.print(sanitize(&s));
                }
            }
            Ok(_) => {}
            Err(e) => ctx.out.error(e),
        }
    }
    if results.len() > 1 {
        summary(ctx, runs);
    }
}

fn summary(ctx: &Context, runs: &[TargetRun<CreateDetail>]) {
    engine::summary(ctx, runs);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use crate::cli::user::UserCommand;
    use clap::Parser;

    fn args(line: &[&str]) -> CreateArgs {
        let mut v = vec!["pgacct", "user", "create"];
        v.extend_from_slice(line);
        v.extend_from_slice(&["--target", "dev/app"]);
        match Cli::try_parse_from(v).unwrap().command {
            crate::cli::Command::User(UserCommand::Create(a)) => a,
            _ => unreachable!(),
        }
    }

    fn kind(n: &str) -> RoleKind {
        crate::kinds::find(&crate::kinds::builtins(), n)
            .unwrap()
            .clone()
    }

    #[test]
    fn names_per_kind() {
        let (n, notes) = role_name(
            &kind("app"),
            &args(&["app", "--server", "web-01.dc", "--port", "8080"]),
        )
        .unwrap();
        assert_eq!(n, "web_01_dc_8080");
        assert_eq!(notes.len(), 1);
        assert!(notes[0].contains("became '_'"));
        let (n, _) = role_name(
            &kind("k8s"),
            &args(&["k8s", "--prefix", "dv", "--farm", "gear"]),
        )
        .unwrap();
        assert_eq!(n, "dv_gear");
        let (n, notes) = role_name(&kind("devqa"), &args(&["devqa", "jsmith"])).unwrap();
        assert_eq!((n.as_str(), notes.len()), ("jsmith", 0));
        let (n, _) = role_name(&kind("devqa"), &args(&["devqa", "--username", "jdoe"])).unwrap();
        assert_eq!(n, "jdoe");
    }

    #[test]
    fn bad_names_are_usage_errors_naming_the_argument() {
        let cases: &[(&str, &[&str], &str)] = &[
            ("app", &["app", "--server", "web01"], "--service-port"),
            ("app", &["app", "--port", "8080"], "--server"),
            (
                "app",
                &["app", "--server", "web01", "--port", "0"],
                "--service-port",
            ),
            (
                "app",
                &["app", "--server", "web01", "--port", "65536"],
                "--service-port",
            ),
            (
                "app",
                &["app", "--server", "web01", "--port", "80a"],
                "--service-port",
            ),
            (
                "app",
                &["app", "--server", "Web01", "--port", "80"],
                "--server",
            ),
            (
                "app",
                &["app", "--server", "web;01", "--port", "80"],
                "--server",
            ),
            ("k8s", &["k8s", "--prefix", "dv"], "--farm"),
            ("devqa", &["devqa"], "username"),
            ("devqa", &["devqa", "x", "--server", "a"], "--server"),
        ];
        for (k, line, arg) in cases {
            let e = role_name(&kind(k), &args(line)).unwrap_err();
            assert_eq!(e.exit_code().code(), 2, "{line:?}");
            assert!(e.message.contains(arg), "{line:?}: {}", e.message);
        }
    }

    #[test]
    fn limits_and_expiry() {
        let k = kind("devqa");
        assert_eq!(conn_limit(&k, &args(&["devqa", "x"])).unwrap(), 20);
        assert_eq!(
            conn_limit(&k, &args(&["devqa", "x", "--conn-limit", "5"])).unwrap(),
            5
        );
        assert_eq!(
            conn_limit(&k, &args(&["devqa", "x", "--conn-limit", "21"]))
                .unwrap_err()
                .exit_code()
                .code(),
            2
        );
        let now = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_800_000_000);
        let v = valid_until(&k, &args(&["devqa", "x"]), now)
            .unwrap()
            .unwrap();
        assert_eq!(v, "2027-04-15T08:00:00Z"); // now + 90 days
        let v = valid_until(&k, &args(&["devqa", "x", "--expires-in", "1d"]), now).unwrap();
        assert_eq!(v.as_deref(), Some("2027-01-16T08:00:00Z"));
        let v = valid_until(
            &k,
            &args(&["devqa", "x", "--valid-until", "2030-05-01"]),
            now,
        )
        .unwrap();
        assert_eq!(v.as_deref(), Some("2030-05-01T23:59:59Z"));
        assert!(
            valid_until(
                &k,
                &args(&["devqa", "x", "--valid-until", "2001-05-01"]),
                now
            )
            .is_err()
        );
        assert!(valid_until(&k, &args(&["devqa", "x", "--valid-until", "soon"]), now).is_err());
        assert_eq!(
            valid_until(&kind("app"), &args(&["app"]), now).unwrap(),
            None
        );
    }
}
