//! `pgacct inventory info`.

use crate::cli::inventory::InventoryCommand;
use crate::context::Context;
use crate::error::{ExitCode, Result};

pub fn run(ctx: &Context, c: InventoryCommand) -> Result<ExitCode> {
    match c {
        InventoryCommand::Info => info(ctx),
    }
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
