//! `pgacct registry check`: connect to targets and report what pgacct can do there.
//!
//! Per target, concurrently: can connect (to the target's database), server version, TLS
//! in use / protocol / verified, the admin role's attributes and the memberships that
//! matter, whether PostgreSQL 16's CREATEROLE rules apply, `password_encryption`, and
//! the server's identity (recorded at the first check, compared at later ones). Then
//! predictions: per kind, what `user create` would do for a new user in `public`
//! (planned read-only with the same catalog reads and planner: can it create, why not
//! and the fix, the gaps), what managing users needs (`pg_signal_backend`, 16+ ADMIN
//! OPTION), PUBLIC's CREATE for readonly kinds (a problem), MD5 on 18+ (a warning). One
//! audit row per target; exit 0 only when every target passes, else 4 (one target, or
//! all failed) or 6 (some failed).

use crate::cli::registry::CheckArgs;
use crate::context::Context;
use crate::error::{Error, ErrorKind, ExitCode, Result};
use crate::inventory::audit::{Outcome, Record};
use crate::inventory::targets::{Target, TargetKey, validate_env};
use crate::output::sanitize;
use crate::target::{self, ConnectSettings, Purpose, Session, TlsInfo};
use serde::Serialize;
use std::sync::Mutex;
use std::time::Instant;

/// Targets checked at the same time.
const PARALLEL: usize = 8;

/// The admin role's attributes and memberships.
#[derive(Debug, Clone, Serialize)]
pub struct AdminInfo {
    pub role: String,
    pub superuser: bool,
    pub createrole: bool,
    pub createdb: bool,
    pub bypassrls: bool,
    /// Of rds_superuser, pg_read_all_data, pg_write_all_data, pg_monitor,
    /// pg_signal_backend: those the admin is a member of (directly or through other
    /// roles; a superuser's implicit rights are not listed).
    pub member_of: Vec<String>,
    /// Can create and change roles at all (superuser, CREATEROLE or rds_superuser).
    pub can_manage_roles: bool,
}

/// The error part of a failed check: the fields of every error object (docs/json.md
/// "Errors"), the message under `error`.
#[derive(Debug, Clone, Serialize)]
pub struct CheckError {
    #[serde(rename = "error")]
    pub message: String,
    pub code: i32,
    pub kind: &'static str,
    pub hint: Option<String>,
    pub sqlstate: Option<String>,
}

impl From<&Error> for CheckError {
    fn from(e: &Error) -> Self {
        CheckError {
            message: e.message.clone(),
            code: e.exit_code().code(),
            kind: e.kind.as_str(),
            hint: e.hint.clone(),
            sqlstate: e.sqlstate.clone(),
        }
    }
}

/// One target's result: one table row, one JSON object.
#[derive(Debug, Clone, Serialize)]
pub struct CheckRow {
    pub target: String,
    pub env: String,
    pub database: String,
    pub server: String,
    pub ok: bool,
    pub connected: bool,
    pub sslmode: Option<String>,
    pub tls: Option<TlsInfo>,
    pub server_version: Option<String>,
    pub server_version_num: Option<i32>,
    /// PostgreSQL 16+: a CREATEROLE admin may only manage roles it has ADMIN OPTION on.
    pub pg16_createrole_rules: Option<bool>,
    pub password_encryption: Option<String>,
    pub admin: Option<AdminInfo>,
    pub credential_source: Option<String>,
    pub database_exists: Option<bool>,
    pub database_connect: bool,
    pub server_identity: Option<String>,
    /// "recorded" (first check), "same", "changed", "upgraded" (a stronger identity
    /// replaced a weaker one), "not compared", or null when not connected.
    pub identity_status: Option<&'static str>,
    pub previous_identity: Option<String>,
    /// Per kind: can this admin create its users here, and if not why and the fix
    /// (read-only planning of `user create` for a new user in schema public).
    pub kinds: Vec<KindPrediction>,
    /// Managing existing users: ending their sessions, changing roles made by others.
    pub manage: Option<ManagePrediction>,
    /// The database's schemas (up to 100, system schemas left out) as this admin sees
    /// them: what it can grant on, what it cannot (for `user create --schema`).
    pub schemas: Vec<SchemaPrediction>,
    pub problems: Vec<String>,
    pub warnings: Vec<String>,
    pub error: Option<CheckError>,
    pub duration_ms: i64,
}

/// What `user create <kind>` would do on a target, predicted by planning it read-only.
#[derive(Debug, Clone, Serialize)]
pub struct KindPrediction {
    pub kind: String,
    /// `user create` would create a user of this kind here.
    pub can_create: bool,
    /// Why not (when it cannot).
    pub why: Option<String>,
    /// The fix (the GRANT or ALTER a superuser runs).
    pub fix: Option<String>,
    /// What it would create but could not cover (as `user create` reports them).
    pub gaps: Vec<crate::plan::create::Gap>,
    /// Loud warnings `user create` would give (readonly where PUBLIC may CREATE).
    pub warnings: Vec<String>,
}

/// One schema of the target database, for `user create --schema`.
#[derive(Debug, Clone, Serialize)]
pub struct SchemaPrediction {
    pub schema: String,
    pub owner: String,
    /// The admin may grant on the schema (superuser, or has its owner's privileges).
    pub admin_can_grant: bool,
    /// PUBLIC may CREATE in it (readonly users are not read-only there).
    pub public_create: bool,
    /// Tables, views and sequences the admin cannot grant on (their owner is out of
    /// reach) that pgacct's groups have not been granted.
    pub objects_out_of_reach: Vec<String>,
    /// Roles creating objects there whose default privileges the admin cannot declare.
    pub creators_out_of_reach: Vec<String>,
}

/// Managing existing users on a target.
#[derive(Debug, Clone, Serialize)]
pub struct ManagePrediction {
    /// `--terminate-sessions` can end other roles' sessions (superuser or
    /// pg_signal_backend; a member of a user's role can end that user's sessions).
    pub end_sessions: bool,
    /// PostgreSQL 16+: pgacct's users this admin holds no ADMIN OPTION on (it cannot
    /// lock, reset or drop them).
    pub users_without_admin_option: Vec<String>,
    /// The fixes, as SQL a superuser runs.
    pub fix: Vec<String>,
}

impl CheckRow {
    fn new(t: &Target) -> CheckRow {
        CheckRow {
            target: t.name(),
            env: t.env.clone(),
            database: t.database.clone(),
            server: t.server(),
            ok: false,
            connected: false,
            sslmode: None,
            tls: None,
            server_version: None,
            server_version_num: None,
            pg16_createrole_rules: None,
            password_encryption: None,
            admin: None,
            credential_source: None,
            database_exists: None,
            database_connect: false,
            server_identity: None,
            identity_status: None,
            previous_identity: None,
            kinds: vec![],
            manage: None,
            schemas: vec![],
            problems: vec![],
            warnings: vec![],
            error: None,
            duration_ms: 0,
        }
    }
}

/// Which targets: the named ones (inactive too: they were asked for), else every active
/// one (of `--env`).
fn select(ctx: &Context, a: &CheckArgs) -> Result<Vec<Target>> {
    if let Some(e) = &a.env {
        validate_env(e)?;
    }
    let inv = ctx.inventory()?;
    if a.targets.is_empty() {
        return inv.targets(false, a.env.as_deref());
    }
    let mut out: Vec<Target> = vec![];
    for name in &a.targets {
        let key: TargetKey = name.parse()?;
        if let Some(e) = &a.env {
            if &key.env != e {
                return Err(Error::usage(format!(
                    "target {key} is not in env {e} given with --env"
                ))
                .hint("drop --env, or name targets of that env only"));
            }
        }
        let t = inv.require_target(&key)?;
        if !out.iter().any(|o| o.id == t.id) {
            out.push(t);
        }
    }
    Ok(out)
}

pub fn run(ctx: &Context, a: CheckArgs) -> Result<ExitCode> {
    let targets = select(ctx, &a)?;
    if targets.is_empty() {
        if ctx.out.is_json() {
            ctx.out.json(&Vec::<CheckRow>::new());
        } else {
            ctx.out.info("no active targets to check; `pgacct registry list --all` shows the registered ones");
        }
        return Ok(ExitCode::Success);
    }
    let settings = ConnectSettings::from_context(ctx);
    let kinds = super::kinds::load(&ctx.inventory()?)?;
    let mut rows = check_all(&settings, &targets, &kinds);

    // Identity and audit, in the main thread (one inventory connection).
    let mut inv = ctx.inventory()?;
    for (t, row) in targets.iter().zip(rows.iter_mut()) {
        if let Some(id) = row.server_identity.clone() {
            identity(&mut inv, t, &id, row, a.accept_identity)?;
            row.ok = row.problems.is_empty() && row.database_connect;
        }
        for w in &row.warnings {
            ctx.out
                .warn(format!("{}: {}", sanitize(&row.target), sanitize(w)));
        }
        let rec = Record {
            action: "registry check".into(),
            env: Some(t.env.clone()),
            db_name: Some(t.database.clone()),
            server: Some(t.server()),
            role: row.admin.as_ref().map(|a| a.role.clone()),
            outcome: Some(if row.ok {
                Outcome::Read
            } else {
                Outcome::Failed
            }),
            is_read: true,
            error: if row.ok {
                None
            } else {
                Some(failure_text(row))
            },
            duration_ms: Some(row.duration_ms),
            detail: Some(serde_json::to_value(&*row).unwrap_or_default()),
            ..Record::default()
        };
        inv.record_read(&ctx.actor, &rec)?;
    }

    if ctx.out.is_json() {
        ctx.out.json(&rows);
    } else {
        print_table(ctx, &rows);
    }
    let failed = rows.iter().filter(|r| !r.ok).count();
    Ok(if failed == 0 {
        ExitCode::Success
    } else if failed == rows.len() {
        ExitCode::Connect
    } else {
        ExitCode::Partial
    })
}

/// Check every target, `PARALLEL` at a time; results in the order of `targets`.
pub fn check_all(
    settings: &ConnectSettings,
    targets: &[Target],
    kinds: &[crate::kinds::RoleKind],
) -> Vec<CheckRow> {
    let results: Mutex<Vec<Option<CheckRow>>> = Mutex::new(vec![None; targets.len()]);
    let indexed: Vec<(usize, &Target)> = targets.iter().enumerate().collect();
    crate::engine::fanout::each(&indexed, PARALLEL, |&(i, t)| {
        let row = check_one(settings, t, kinds);
        results.lock().unwrap_or_else(|p| p.into_inner())[i] = Some(row);
    });
    results
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
        .into_iter()
        .zip(targets)
        .map(|(r, t)| {
            r.unwrap_or_else(|| {
                let mut row = CheckRow::new(t);
                row.problems.push("the check did not complete".into());
                row
            })
        })
        .collect()
}

/// Check one target.
pub fn check_one(
    settings: &ConnectSettings,
    t: &Target,
    kinds: &[crate::kinds::RoleKind],
) -> CheckRow {
    let started = Instant::now();
    let mut row = CheckRow::new(t);
    row.sslmode = target::effective_sslmode(t)
        .ok()
        .map(|m| m.as_str().to_string());
    // Every read goes with the session's first read: one round trip after login.
    let reads = Reads::new(&t.database);
    let session = match target::connect_reading(settings, t, Purpose::Read, &reads.flight) {
        Ok((s, rows)) => {
            row.database_exists = Some(true);
            row.database_connect = true;
            Some((s, Some(rows)))
        }
        Err(e) => {
            // The database may be missing or closed to the admin while the server is
            // fine: look at the rest through the maintenance database.
            let retry = e.sqlstate.as_deref() == Some("3D000")
                || (e.sqlstate.as_deref() == Some("42501") && e.message.contains("database"));
            row.database_exists = match e.sqlstate.as_deref() {
                Some("3D000") => Some(false),
                Some("42501") => Some(true),
                _ => None,
            };
            row.problems.push(e.message.clone());
            row.error = Some(CheckError::from(&e));
            if retry && t.database != "postgres" {
                target::connect_database(settings, t, "postgres", Purpose::Read)
                    .ok()
                    .map(|s| (s, None))
            } else {
                None
            }
        }
    };
    if let Some((mut s, rows)) = session {
        row.connected = true;
        let admin = match &rows {
            Some(rows) => match reads.flight.error(reads.admin) {
                Some(e) => Err(e),
                None => Ok(rows.get(reads.admin).and_then(|r| r.first()).cloned()),
            },
            // The maintenance database, after the target's refused: read it now.
            None => s.client.query_typed_opt(ADMIN_SQL, &[]),
        };
        inspect(&s, &mut row, admin);
        if let Some(rows) = rows.filter(|_| {
            row.database_connect && row.admin.as_ref().is_some_and(|a| a.can_manage_roles)
        }) {
            predict(&mut s, &mut row, kinds, &reads, &rows);
        }
    }
    row.ok = row.problems.is_empty() && row.database_connect;
    row.duration_ms = started.elapsed().as_millis() as i64;
    row
}

/// The admin role's attributes and memberships (through pg_auth_members, direct or
/// inherited through other roles; not pg_has_role, which is true for every role when the
/// admin is a superuser), and the server's version string.
const ADMIN_SQL: &str = "WITH RECURSIVE m(roleid) AS (
             SELECT oid FROM pg_roles WHERE rolname = current_user
             UNION
             SELECT a.roleid FROM pg_auth_members a JOIN m ON a.member = m.roleid)
         SELECT current_setting('server_version'), r.rolname::text, r.rolsuper,
                r.rolcreaterole, r.rolcreatedb, r.rolbypassrls,
                coalesce(array(SELECT g.rolname::text FROM pg_roles g
                   WHERE g.oid IN (SELECT roleid FROM m) AND g.oid <> r.oid
                     AND g.rolname IN ('rds_superuser', 'pg_read_all_data', 'pg_write_all_data',
                                       'pg_monitor', 'pg_signal_backend')
                   ORDER BY g.rolname), '{}')
         FROM pg_roles r WHERE r.rolname = current_user";

/// Whether the admin may end other roles' sessions.
const SIGNAL_SQL: &str =
    "SELECT rolsuper OR pg_has_role(current_user, 'pg_signal_backend', 'USAGE')
                 FROM pg_roles WHERE rolname = current_user";

/// On 16+ for a non-superuser: the pgacct users no role the admin has the privileges of
/// holds ADMIN OPTION on (empty elsewhere).
const FOREIGN_SQL: &str = "SELECT ARRAY(SELECT r.rolname::text FROM pg_roles r
                   WHERE current_setting('server_version_num')::int >= 160000
                     AND current_setting('is_superuser') <> 'on'
                     AND r.rolcanlogin AND NOT r.rolsuper
                     AND (SELECT c.description FROM pg_shdescription c
                          WHERE c.objoid = r.oid AND c.classoid = 'pg_catalog.pg_authid'::regclass)
                         LIKE 'pgacct:kind=%'
                     AND NOT EXISTS (SELECT 1 FROM pg_auth_members m
                                     WHERE m.roleid = r.oid AND m.admin_option
                                       AND pg_has_role(m.member, 'USAGE'))
                   ORDER BY 1)";

/// Everything a check reads, in one flight sent with the session's first read: the
/// admin's attributes, whether it may end sessions, the managed users it holds no ADMIN
/// OPTION on, and what `user create` plans from, for every schema. No transaction: each
/// is one read-only statement, and each is caught, so that one failing read is reported
/// as before (the admin's attributes a problem, the predictions a warning) while the
/// others are used.
struct Reads {
    flight: target::flight::Flight,
    admin: usize,
    signal: usize,
    foreign: usize,
    create: crate::catalog::role::CreateReads,
}

impl Reads {
    fn new(database: &str) -> Reads {
        let mut flight = target::flight::Flight::new();
        let admin = flight.add_caught(ADMIN_SQL, vec![]);
        let signal = flight.add_caught(SIGNAL_SQL, vec![]);
        let foreign = flight.add_caught(FOREIGN_SQL, vec![]);
        let create = crate::catalog::role::observe_all_in(&mut flight, PROBE, database);
        Reads {
            flight,
            admin,
            signal,
            foreign,
            create,
        }
    }
}

/// Read version, TLS, admin attributes (`attrs`: [`ADMIN_SQL`]'s row) and identity from
/// an open session.
fn inspect(
    s: &Session,
    row: &mut CheckRow,
    attrs: std::result::Result<Option<postgres::Row>, postgres::Error>,
) {
    row.tls = Some(s.tls.clone());
    row.sslmode = Some(s.sslmode.as_str().to_string());
    // Read at connect (a check session's first read is not deferred).
    let version = s.server_version_num();
    if version.is_none() {
        row.problems.push(
            "internal error: the server version is not known yet (the session's first read was not answered)"
                .into(),
        );
    }
    row.server_version_num = version;
    row.pg16_createrole_rules = version.map(|v| v >= 160000);
    row.password_encryption = Some(s.password_encryption.clone());
    if s.password_encryption.eq_ignore_ascii_case("md5") {
        row.problems.push(
            "password_encryption is md5: passwords set here would be stored as md5 hashes, which log in like the password; pgacct refuses to set them without --allow-md5-password; on the server: ALTER SYSTEM SET password_encryption = 'scram-sha-256'; SELECT pg_reload_conf();".into(),
        );
    }
    row.credential_source = Some(s.credential_source.clone());
    match attrs {
        Ok(Some(r)) => {
            row.server_version = Some(r.get(0));
            let member_of: Vec<String> = r.get(6);
            let superuser: bool = r.get(2);
            let createrole: bool = r.get(3);
            let rds = member_of.iter().any(|m| m == "rds_superuser");
            let info = AdminInfo {
                role: r.get(1),
                superuser,
                createrole,
                createdb: r.get(4),
                bypassrls: r.get(5),
                can_manage_roles: superuser || createrole || rds,
                member_of,
            };
            if !info.can_manage_roles {
                row.problems.push(format!(
                    "admin role {} can neither create nor change roles (not superuser, no CREATEROLE)",
                    info.role
                ));
                row.error.get_or_insert(CheckError {
                    code: ExitCode::Failed.code(),
                    kind: ErrorKind::Failed.as_str(),
                    message: format!("admin role {} lacks CREATEROLE", info.role),
                    hint: Some(format!(
                        "as a superuser: ALTER ROLE {} CREATEROLE;",
                        crate::ident::quote_ident(&info.role)
                    )),
                    sqlstate: None,
                });
            } else if !info.superuser && version.is_some_and(|v| v >= 160000) {
                row.warnings.push(format!(
                    "PostgreSQL 16+ CREATEROLE rules apply: {} manages only roles it created or holds ADMIN OPTION on",
                    info.role
                ));
            }
            row.admin = Some(info);
        }
        Ok(None) => row.problems.push(
            "cannot read the admin role's attributes: the server found no role of the session's user in pg_roles".into(),
        ),
        Err(e) => {
            let err = s.pg_error(&e);
            row.problems.push(format!(
                "cannot read the admin role's attributes: {}",
                err.message
            ));
        }
    }
    // The server's identity: system_identifier where readable, else host:port + major.
    // Read with the session's first read.
    let sysid = s.system_identifier.clone();
    row.server_identity = Some(match sysid {
        Some(id) => format!("system_identifier:{id}"),
        None => match version {
            Some(v) => format!("server:{} major:{}", s.target.server(), v / 10000),
            None => format!("server:{}", s.target.server()),
        },
    });
}

/// The role name the predictions plan for (never created: planning only).
const PROBE: &str = "pgacct_check_probe";

/// Predict, read-only, what `user create <kind>` would do for each kind (in schema
/// public), what managing existing users needs, and the server-wide warnings (PUBLIC's
/// CREATE, md5 on 18+).
fn predict(
    s: &mut Session,
    row: &mut CheckRow,
    kinds: &[crate::kinds::RoleKind],
    reads: &Reads,
    rows: &[Vec<postgres::Row>],
) {
    use crate::plan::create::{CreateInput, plan_create};
    let version = match s.version() {
        Ok(v) => v,
        Err(e) => {
            row.warnings.push(format!(
                "could not predict what each kind can do here: {}",
                e.message
            ));
            return;
        }
    };
    let database = s.database.clone();
    let admin = s.admin_user.clone();
    let admin_q = crate::ident::quote_ident(&admin);
    let public = match crate::ident::SchemaName::parse("public") {
        Ok(p) => p,
        Err(_) => return,
    };
    let Ok(db) = crate::ident::DbName::parse(&database) else {
        return;
    };
    let read = (|| -> std::result::Result<_, crate::engine::Failure> {
        let first = |i: usize| -> std::result::Result<&postgres::Row, crate::engine::Failure> {
            if let Some(e) = reads.flight.error(i) {
                return Err(e.into());
            }
            rows.get(i).and_then(|r| r.first()).ok_or_else(|| {
                crate::engine::Failure::Other(crate::error::Error::failed(
                    "the server answered a catalog read with no row",
                ))
            })
        };
        let signal: bool = first(reads.signal)?.get(0);
        let managed_without_admin: Vec<String> = first(reads.foreign)?.get(0);
        let mut obs = match crate::catalog::role::observed_from(&reads.create, &reads.flight, rows)?
        {
            Some(obs) => obs,
            // The session is in another database than the target names (a pooler's
            // alias): read again there, in a read-only transaction.
            None => {
                let schemas: Vec<crate::ident::SchemaName> =
                    crate::catalog::role::observed_schema_names(&reads.create, rows);
                crate::engine::tx::transact(s, true, |tx| {
                    crate::catalog::observe_create(
                        tx.reads()?,
                        &crate::catalog::Statements::once(),
                        PROBE,
                        &database,
                        &schemas,
                    )
                })?
            }
        };
        let all_schemas = std::mem::take(&mut obs.schemas);
        obs.schemas = all_schemas.iter().take(1).cloned().collect();
        let foreign: Vec<String> = if version >= 160000 && !obs.admin.superuser {
            managed_without_admin
        } else {
            vec![]
        };
        Ok((obs, all_schemas, signal, foreign))
    })();
    let (obs, all_schemas, signal, foreign) = match read {
        Ok(x) => x,
        Err(f) => {
            let e = crate::engine::map_failure(f, &s.target);
            row.warnings.push(format!(
                "could not predict what each kind can do here: {}",
                e.message
            ));
            return;
        }
    };
    for sc in all_schemas.iter().filter(|sc| sc.exists) {
        let p = SchemaPrediction {
            schema: sc.name.clone(),
            owner: sc.owner.clone(),
            admin_can_grant: sc.admin_grants,
            public_create: sc.public_create,
            objects_out_of_reach: sc
                .unreachable
                .iter()
                .map(|o| format!("{} (owner {})", o.name, o.owner))
                .collect(),
            creators_out_of_reach: sc
                .creators
                .iter()
                .filter(|c| !c.reachable)
                .map(|c| c.role.clone())
                .collect(),
        };
        if !p.admin_can_grant {
            row.warnings.push(format!(
                "schema {} belongs to {}, which the admin {admin} does not have the privileges of: `user create {}` is refused for kinds that read unless PUBLIC may use it (fix, as a superuser: GRANT {} TO {admin_q};)",
                p.schema,
                p.owner,
                schema_arg(&p.schema),
                crate::ident::quote_ident(if p.owner == "pg_database_owner" {
                    &sc.creator
                } else {
                    &p.owner
                })
            ));
        } else if !p.objects_out_of_reach.is_empty() {
            row.warnings.push(format!(
                "schema {}: the admin {admin} cannot grant on {} (not a member of their owners): users would get \"permission denied\" there",
                p.schema,
                p.objects_out_of_reach.join(", ")
            ));
        }
        row.schemas.push(p);
    }
    if obs.schemas.first().is_some_and(|p| !p.exists) {
        row.warnings.push(format!(
            "database {database} has no schema public: kinds were not predicted (user create needs --schema)"
        ));
        return;
    }
    let mut gap_whats: Vec<String> = vec![];
    for k in kinds {
        let intent = CreateInput {
            role: crate::ident::RoleName::from_catalog(PROBE),
            kind: k.clone(),
            database: db.clone(),
            schemas: vec![public.clone()],
            conn_limit: k.conn_limit,
            valid_until: None,
        };
        let p = match plan_create(&intent, &obs) {
            Ok(cp) => KindPrediction {
                kind: k.name.clone(),
                can_create: true,
                why: None,
                fix: None,
                gaps: cp.gaps,
                warnings: cp.warnings,
            },
            Err(e) => KindPrediction {
                kind: k.name.clone(),
                can_create: false,
                why: Some(e.message.replace(PROBE, "a new user")),
                fix: e.hint.clone(),
                gaps: vec![],
                warnings: vec![],
            },
        };
        if !p.can_create {
            row.problems.push(format!(
                "kind {} cannot be created here: {}{}",
                p.kind,
                p.why.as_deref().unwrap_or_default(),
                p.fix
                    .as_deref()
                    .map(|f| format!(" (fix: {f})"))
                    .unwrap_or_default()
            ));
        }
        for g in &p.gaps {
            let line = format!(
                "not covered for new users: {} (fix, as a superuser: {})",
                g.what,
                g.fix_sql.replace('\n', " ")
            );
            if !gap_whats.contains(&line) {
                gap_whats.push(line);
            }
        }
        if !p.warnings.is_empty() {
            row.problems.push(format!(
                "kind {}: PUBLIC may CREATE in schema public, so its users are not read-only; fix: `pgacct registry harden {}` (REVOKE CREATE ON SCHEMA public FROM PUBLIC)",
                p.kind,
                row.target
            ));
        }
        row.kinds.push(p);
    }
    row.warnings.extend(gap_whats);
    let mut fix = vec![];
    if !signal {
        fix.push(format!("GRANT pg_signal_backend TO {admin_q};"));
        row.warnings.push(format!(
            "--terminate-sessions cannot end the sessions of users whose role {admin} is not a member of: it lacks pg_signal_backend (fix, as a superuser: GRANT pg_signal_backend TO {admin_q};)"
        ));
    }
    if !foreign.is_empty() {
        for u in &foreign {
            fix.push(format!(
                "GRANT {} TO {admin_q} WITH ADMIN OPTION;",
                crate::ident::quote_ident(u)
            ));
        }
        row.warnings.push(format!(
            "PostgreSQL 16+: {admin} holds no ADMIN OPTION on the pgacct users {} (made by another role): it cannot lock, reset or drop them",
            foreign.join(", ")
        ));
    }
    row.manage = Some(ManagePrediction {
        end_sessions: signal,
        users_without_admin_option: foreign,
        fix,
    });
    if version >= 180000 && s.password_encryption.eq_ignore_ascii_case("md5") {
        row.warnings.push(
            "password_encryption is md5: PostgreSQL 18 deprecates MD5 passwords (a warning at every md5 password set; a later release removes them); set password_encryption = 'scram-sha-256' on the server and reset the md5 users' passwords".to_string(),
        );
    }
}

/// `--schema NAME` as a shell command line takes it: the name as is when the shell and
/// pgacct read it as one word, else single-quoted; `--schema=NAME` when it starts with
/// `-` (else it would be read as an option).
fn schema_arg(name: &str) -> String {
    let plain = !name.is_empty()
        && name.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | ':' | '@' | '+' | ',')
        });
    let word = if plain {
        name.to_string()
    } else {
        super::sandbox::shell_quote(name)
    };
    if name.starts_with('-') {
        format!("--schema={word}")
    } else {
        format!("--schema {word}")
    }
}

/// Record the identity at the first check; compare it at later ones.
fn identity(
    inv: &mut crate::inventory::Inventory,
    t: &Target,
    seen: &str,
    row: &mut CheckRow,
    accept: bool,
) -> Result<()> {
    let key = TargetKey {
        env: t.env.clone(),
        database: t.database.clone(),
    };
    let strong = |s: &str| s.starts_with("system_identifier:");
    match t.server_identity.as_deref() {
        None => {
            inv.set_server_identity(&key, seen)?;
            row.identity_status = Some("recorded");
        }
        Some(prev) if prev == seen => row.identity_status = Some("same"),
        Some(prev) if accept => {
            // --accept-identity: the DBA confirms the server that answers now.
            inv.set_server_identity(&key, seen)?;
            row.identity_status = Some("accepted");
            row.previous_identity = Some(prev.to_string());
        }
        Some(prev) if strong(prev) == strong(seen) => {
            row.identity_status = Some("changed");
            row.previous_identity = Some(prev.to_string());
            row.problems.push(format!(
                "a DIFFERENT SERVER answers at {}: its identity is {seen}, the inventory recorded {prev}",
                t.server()
            ));
            row.warnings.push(format!(
                "a different server answers at {} than at the first check ({seen}, was {prev}); changes on {} are refused until you confirm it: `pgacct registry check {} --accept-identity`",
                t.server(),
                t.name(),
                t.name()
            ));
        }
        Some(prev) if strong(seen) => {
            inv.set_server_identity(&key, seen)?;
            row.identity_status = Some("upgraded");
            row.previous_identity = Some(prev.to_string());
        }
        Some(prev) => {
            row.identity_status = Some("not compared");
            row.previous_identity = Some(prev.to_string());
            row.warnings.push(format!(
                "cannot read system_identifier any more (pg_control_system); the server identity ({prev}) was not compared"
            ));
        }
    }
    Ok(())
}

fn failure_text(row: &CheckRow) -> String {
    match &row.error {
        Some(e) => match &e.sqlstate {
            Some(s) => format!("{} (SQLSTATE {s})", e.message),
            None => e.message.clone(),
        },
        None => row.problems.join("; "),
    }
}

fn tls_cell(t: &Option<TlsInfo>) -> String {
    match t {
        None => String::new(),
        Some(t) if !t.in_use => "no".into(),
        Some(t) => format!(
            "{} ({})",
            t.protocol.as_deref().unwrap_or("yes"),
            if t.hostname_verified {
                "verified, host name checked"
            } else if t.verified {
                "CA verified, host name not checked"
            } else {
                "not verified"
            }
        ),
    }
}

/// The kinds `user create` can make here: `all`, `all, with gaps`, or which cannot.
fn kinds_cell(kinds: &[KindPrediction]) -> String {
    if kinds.is_empty() {
        return String::new();
    }
    let cannot: Vec<&str> = kinds
        .iter()
        .filter(|k| !k.can_create)
        .map(|k| k.kind.as_str())
        .collect();
    let gaps = kinds.iter().any(|k| !k.gaps.is_empty());
    let head = if cannot.is_empty() {
        "all".to_string()
    } else {
        format!("not: {}", sanitize(&cannot.join(", ")))
    };
    if gaps {
        format!("{head} (with gaps)")
    } else {
        head
    }
}

fn print_table(ctx: &Context, rows: &[CheckRow]) {
    let mut t = ctx.out.table(&[
        "target",
        "server",
        "result",
        "version",
        "tls",
        "admin",
        "member of",
        "password encryption",
        "database",
        "identity",
        "kinds",
        "problems",
    ]);
    for r in rows {
        let admin = r.admin.as_ref().map(|a| {
            let mut v = vec![];
            if a.superuser {
                v.push("superuser");
            }
            if a.createrole {
                v.push("createrole");
            }
            if a.createdb {
                v.push("createdb");
            }
            if a.bypassrls {
                v.push("bypassrls");
            }
            let attrs = if v.is_empty() {
                "no attributes".into()
            } else {
                v.join(" ")
            };
            format!("{} ({attrs})", sanitize(&a.role))
        });
        let version = match (&r.server_version, r.pg16_createrole_rules) {
            (Some(v), Some(pg16)) => format!(
                "{}{}",
                sanitize(v.split_whitespace().next().unwrap_or(v)),
                if pg16 {
                    " (pg16+ createrole rules)"
                } else {
                    ""
                }
            ),
            _ => String::new(),
        };
        let database = match (r.database_exists, r.database_connect) {
            (_, true) => "ok".to_string(),
            (Some(false), _) => "missing".into(),
            (Some(true), false) => "no access".into(),
            (None, false) => String::new(),
        };
        let mut problems = r.problems.clone();
        if let Some(h) = r.error.as_ref().and_then(|e| e.hint.clone()) {
            problems.push(format!("hint: {h}"));
        }
        t.add_row(vec![
            sanitize(&r.target),
            sanitize(&r.server),
            if r.ok { "ok" } else { "FAILED" }.to_string(),
            version,
            tls_cell(&r.tls),
            admin.unwrap_or_default(),
            r.admin
                .as_ref()
                .map(|a| a.member_of.join(" "))
                .unwrap_or_default(),
            r.password_encryption
                .as_deref()
                .map(sanitize)
                .unwrap_or_default(),
            database,
            r.identity_status.unwrap_or("").to_string(),
            kinds_cell(&r.kinds),
            sanitize(&problems.join("\n")),
        ]);
    }
    t.below("problems");
    ctx.out.print(t);
    let failed = rows.iter().filter(|r| !r.ok).count();
    if failed > 0 {
        ctx.out.info(format!(
            "{failed} of {} targets failed the check",
            rows.len()
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::schema_arg;

    #[test]
    fn schema_hint_is_shell_quoted_when_needed() {
        assert_eq!(schema_arg("sales"), "--schema sales");
        assert_eq!(schema_arg("Sales_2024"), "--schema Sales_2024");
        assert_eq!(schema_arg("my schema"), "--schema 'my schema'");
        assert_eq!(schema_arg("it's"), r#"--schema 'it'\''s'"#);
        assert_eq!(schema_arg("a$(rm -rf x)`y`"), "--schema 'a$(rm -rf x)`y`'");
        assert_eq!(schema_arg("-x"), "--schema=-x");
        assert_eq!(schema_arg("-x y"), "--schema='-x y'");
        assert_eq!(schema_arg("é"), "--schema 'é'");
    }
}
