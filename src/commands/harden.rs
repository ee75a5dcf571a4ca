//! `pgacct registry harden ENV/DB...`: PostgreSQL's documented hardening of the `public`
//! schema (CVE-2018-1058; the "secure schema usage pattern" of the docs), applied only
//! when a DBA asks for it: `REVOKE CREATE ON SCHEMA <s> FROM PUBLIC` in each target
//! database where PUBLIC may still create there. Databases created on PostgreSQL 14 or
//! older keep that CREATE after `pg_upgrade`; while it stands, every role, readonly users
//! included, can create tables in the schema.
//!
//! Through the engine like every change: audited (started and completion rows),
//! `--dry-run` shows the SQL, protected targets need `--yes`. Idempotent: a schema
//! already hardened plans nothing. An admin that may not revoke (the schema belongs to a
//! role it does not have the privileges of, e.g. the bootstrap superuser's `public` in an
//! upgraded database) is refused (exit 5) with the statement a superuser runs, because
//! PostgreSQL would only warn and revoke nothing. So is a PUBLIC CREATE granted by a role
//! other than the owner (which held it WITH GRANT OPTION): the admin's REVOKE would not
//! take it back.

use crate::cli::harden::HardenArgs;
use crate::cli::user::TargetSelection;
use crate::context::Context;
use crate::engine::Failure;
use crate::engine::{self, Operation, Planned, SessionFacts, TargetRun};
use crate::error::{Error, ErrorKind, ExitCode, Result};
use crate::ident::SchemaName;
use crate::intent::Change;
use crate::output::sanitize;
use crate::plan::{Phase, Plan};
use postgres::Transaction;
use postgres::types::Type;
use serde::Serialize;

/// One target's hardening: the schemas whose PUBLIC CREATE is (or would be) revoked.
pub struct HardenDetail {
    pub revoked: Vec<String>,
}

struct HardenOp {
    schemas: Vec<SchemaName>,
    change: Change,
}

const SCHEMA_SQL: &str = "
SELECT pg_get_userbyid(n.nspowner)::text,
       (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
         OR pg_has_role(n.nspowner, 'USAGE'),
       EXISTS (SELECT 1 FROM aclexplode(n.nspacl) a
               WHERE a.grantee = 0 AND a.privilege_type = 'CREATE'),
       ARRAY(SELECT DISTINCT pg_get_userbyid(a.grantor)::text FROM aclexplode(n.nspacl) a
             WHERE a.grantee = 0 AND a.privilege_type = 'CREATE' AND a.grantor <> n.nspowner
             ORDER BY 1)
FROM pg_namespace n WHERE n.nspname = $1";

impl Operation for HardenOp {
    type Output = HardenDetail;

    fn action(&self) -> &str {
        "registry harden"
    }
    fn change(&self) -> &Change {
        &self.change
    }
    fn plan(
        &self,
        tx: &mut Transaction<'_>,
        facts: &SessionFacts,
        _apply: bool,
    ) -> std::result::Result<Planned<HardenDetail>, Failure> {
        let mut plan = Plan::default();
        let mut revoked = vec![];
        let db = &facts.target.database;
        for s in &self.schemas {
            let row = tx.query_typed_opt(SCHEMA_SQL, &[(&s.as_str(), Type::NAME)])?;
            let Some(row) = row else {
                return Err(Error::not_found(format!(
                    "schema {s} does not exist in database {db}"
                ))
                .hint("name an existing schema with --schema")
                .into());
            };
            let owner: String = row.get(0);
            let may: bool = row.get(1);
            let public_create: bool = row.get(2);
            // PUBLIC's CREATE granted by another role (one holding it WITH GRANT OPTION):
            // a REVOKE made as the owner leaves that grant, so it would report hardened
            // and change nothing.
            let other_grantors: Vec<String> = row.get(3);
            if !public_create {
                continue;
            }
            let sql = format!("REVOKE CREATE ON SCHEMA {} FROM PUBLIC", s.sql());
            if let Some(g) = other_grantors.first() {
                return Err(Error::refused(format!(
                    "PUBLIC may create in schema {s} of database {db} through a grant made by {} (not the schema's owner {owner}), which a REVOKE by the admin does not take back; nothing was changed",
                    other_grantors.join(", ")
                ))
                .hint(format!(
                    "as a superuser, in database {db}, for each of them: `SET ROLE {}; {sql}; RESET ROLE;`, then run this again",
                    crate::ident::quote_ident(g)
                ))
                .into());
            }
            if !may {
                return Err(Error::refused(format!(
                    "schema {s} of database {db} belongs to {owner}, and the admin {} does not have its privileges, so it cannot take CREATE from PUBLIC (PostgreSQL would only warn); nothing was changed",
                    facts.admin_user
                ))
                .hint(format!("as a superuser (or {owner}), in database {db}: `{sql};`"))
                .into());
            }
            plan.push(
                Phase::Revoke,
                sql,
                format!(
                    "take CREATE on schema {s} from PUBLIC (PostgreSQL's documented hardening)"
                ),
            );
            revoked.push(s.to_string());
        }
        Ok(Planned {
            plan: plan.finish(),
            detail: HardenDetail { revoked },
            undo: None,
            reads_after: None,
        })
    }
}

/// The JSON of one target's result (docs/json.md).
#[derive(Debug, Serialize)]
pub struct HardenResult {
    pub target: String,
    pub env: String,
    pub database: String,
    /// `hardened`, `already hardened`, `refused` or `failed`.
    pub status: String,
    pub changed: bool,
    /// Schemas whose PUBLIC CREATE was (dry run: would be) revoked.
    pub revoked: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sql: Option<Vec<String>>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub dry_run: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<serde_json::Value>,
    pub audit_id: Option<i64>,
}

pub fn run(ctx: &Context, a: HardenArgs) -> Result<ExitCode> {
    let mut inv = ctx.inventory()?;
    let mut schemas = vec![];
    for s in if a.schemas.is_empty() {
        vec!["public".to_string()]
    } else {
        a.schemas.clone()
    } {
        let s = SchemaName::parse(&s)?;
        if !schemas.contains(&s) {
            schemas.push(s);
        }
    }
    let sel = TargetSelection {
        targets: a.targets.clone(),
        env: a.env.clone(),
        db: None,
        all_envs: false,
        jobs: engine::DEFAULT_JOBS,
    };
    let targets = super::lifecycle::resolve_targets(&inv, &sel)?;
    let op = HardenOp {
        schemas,
        change: Change::from(&a.change),
    };
    let runs = engine::run(ctx, &mut inv, &targets, &op);
    let results: Vec<HardenResult> = runs.iter().map(|r| result_of(r, &op)).collect();
    if ctx.out.is_json() {
        for r in &runs {
            if let Err(e) = &r.result {
                ctx.out.error(e);
            }
        }
        ctx.out.json(&results);
    } else {
        let mut t = ctx
            .out
            .table(&["target", "status", "revoked", "audit entry"]);
        for r in &results {
            t.add_row(vec![
                sanitize(&r.target),
                r.status.clone(),
                sanitize(&r.revoked.join(", ")),
                r.audit_id.map(|i| i.to_string()).unwrap_or_default(),
            ]);
        }
        ctx.out.print(t);
        for r in &runs {
            match &r.result {
                Ok(d) if d.dry_run => {
                    ctx.out.info(format!(
                        "dry run on {}: nothing was changed{}",
                        r.target.name(),
                        if d.plan.is_empty() {
                            "; nothing to revoke"
                        } else {
                            "; this would run:"
                        }
                    ));
                    for s in d.plan.sql() {
                        ctx.out.print(sanitize(&s));
                    }
                }
                Ok(_) => {}
                Err(e) => ctx.out.error(e),
            }
        }
    }
    if runs.len() > 1 {
        engine::summary(ctx, &runs);
    }
    Ok(engine::exit_code(&runs))
}

fn result_of(r: &TargetRun<HardenDetail>, op: &HardenOp) -> HardenResult {
    let t = &r.target;
    let mut out = HardenResult {
        target: t.name(),
        env: t.env.clone(),
        database: t.database.clone(),
        status: "failed".into(),
        changed: false,
        revoked: vec![],
        sql: None,
        dry_run: op.change.dry_run,
        error: None,
        audit_id: r.audit_id,
    };
    match &r.result {
        Ok(d) => {
            out.changed = d.changed;
            out.revoked = d.detail.revoked.clone();
            out.status = if d.detail.revoked.is_empty() {
                "already hardened"
            } else {
                "hardened"
            }
            .into();
            if d.dry_run {
                out.sql = Some(d.plan.sql());
            }
        }
        Err(e) => {
            if e.kind == ErrorKind::Refused {
                out.status = "refused".into();
            }
            out.error = Some(e.to_json());
        }
    }
    out
}
