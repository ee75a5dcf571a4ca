//! `pgacct inventory info`, `copy`, `grant-sql`.

use crate::cli::inventory::{CopyArgs, GrantSqlArgs, InventoryCommand};
use crate::context::Context;
use crate::error::{ExitCode, Result};

pub fn run(ctx: &Context, c: InventoryCommand) -> Result<ExitCode> {
    match c {
        InventoryCommand::Info => info(ctx),
        InventoryCommand::Copy(a) => copy(ctx, a),
        InventoryCommand::GrantSql(a) => grant_sql(ctx, a),
    }
}

fn grant_sql(ctx: &Context, a: GrantSqlArgs) -> Result<ExitCode> {
    let owner = crate::ident::RoleName::parse_new_as("--owner", &a.owner)?;
    let role = crate::ident::RoleName::parse_new_as("--role", &a.role)?;
    let sql = crate::inventory::pg::grant_sql(&owner, &role);
    if ctx.out.is_json() {
        ctx.out.json(&serde_json::json!({ "sql": sql }));
    } else {
        use std::io::Write;
        let _ = std::io::stdout().write_all(sql.as_bytes());
    }
    Ok(ExitCode::Success)
}

fn copy(ctx: &Context, a: CopyArgs) -> Result<ExitCode> {
    let src = ctx.open_inventory_at(&a.from, true)?;
    let mut dst = ctx.open_inventory_at(&a.to, false)?;
    let r = crate::inventory::copy::copy(&src, &mut dst)?;
    if ctx.out.is_json() {
        ctx.out.json(&r);
    } else {
        ctx.out.print(format!(
            "{}: {} target(s), {} kind(s), {} setting(s), {} notification channel(s), {} audit row(s) copied; the destination holds {} audit row(s)",
            if r.changed { "copied" } else { "nothing to copy" },
            r.targets,
            r.kinds,
            r.settings,
            r.notify_channels,
            r.audit_rows,
            r.audit_total
        ));
    }
    Ok(ExitCode::Success)
}

fn info(ctx: &Context) -> Result<ExitCode> {
    let inv = ctx.inventory_for_reading()?;
    let i = inv.info()?;
    if ctx.out.is_json() {
        ctx.out.json(&i);
        return Ok(ExitCode::Success);
    }
    let mut t = ctx.out.table(&["field", "value"]);
    let version = if i.schema_version == i.current_version {
        i.schema_version.to_string()
    } else {
        format!(
            "{} (this pgacct writes {})",
            i.schema_version, i.current_version
        )
    };
    for (k, v) in [
        ("store", i.store.to_string()),
        ("location", i.location.clone()),
        ("schema version", version),
        ("read-only", crate::output::yes_no(i.read_only).to_string()),
        ("targets", i.targets.to_string()),
        ("kinds", i.kinds.to_string()),
        ("settings", i.settings.to_string()),
        ("notification channels", i.notify_channels.to_string()),
        ("audit rows", i.audit_rows.to_string()),
    ] {
        t.add_row(vec![k.to_string(), v]);
    }
    ctx.out.print(t);
    Ok(ExitCode::Success)
}
