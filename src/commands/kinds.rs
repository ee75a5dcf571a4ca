//! `pgacct kinds` and `pgacct kinds set`: the user kinds of this inventory (built-ins
//! merged with the organization's changes and additions, stored in the `kinds` table).

use crate::cli::user::{KindSetArgs, KindsArgs, KindsCommand};
use crate::context::Context;
use crate::error::{ExitCode, Result};
use crate::inventory::Inventory;
use crate::inventory::audit::{self, Outcome, Record};
use crate::inventory::store::StoreTx;
use crate::kinds::{
    self, Access, KindSettings, NameRule, RoleKind, apply_settings, custom_base, format_duration,
    parse_attributes, validate_kind_name,
};
use crate::output::yes_no;
use serde::Serialize;

/// The kinds of this inventory: built-ins with the organization's changes, then its own.
pub fn load(inv: &Inventory) -> Result<Vec<RoleKind>> {
    kinds::effective(&inv.stored_kinds()?)
}

pub fn run(ctx: &Context, a: KindsArgs) -> Result<ExitCode> {
    match a.command {
        None => list(ctx),
        Some(KindsCommand::Set(s)) => set(ctx, s),
    }
}

fn list(ctx: &Context) -> Result<ExitCode> {
    let inv = ctx.inventory()?;
    let ks = load(&inv)?;
    if ctx.out.is_json() {
        ctx.out.json(&ks);
        return Ok(ExitCode::Success);
    }
    let mut t = ctx.out.table(&[
        "kind",
        "access",
        "attributes",
        "conn limit",
        "default expiry",
        "name rule",
        "read-only tx",
        "source",
    ]);
    for k in &ks {
        t.add_row(row(k));
    }
    ctx.out.print(t);
    Ok(ExitCode::Success)
}

fn row(k: &RoleKind) -> Vec<String> {
    let mut attrs = vec!["login"];
    if k.createdb {
        attrs.push("createdb");
    }
    if k.createrole {
        attrs.push("createrole");
    }
    vec![
        k.name.clone(),
        // `write: read + write (DML)`: the level, then what it gives.
        format!("{}: {}", k.access.as_str(), k.access.describe()),
        attrs.join(", "),
        k.conn_limit.to_string(),
        k.default_expiry
            .map(format_duration)
            .unwrap_or_else(|| "none".into()),
        k.name_rule.as_str().to_string(),
        yes_no(k.read_only_default_tx).to_string(),
        match (k.builtin, k.customized) {
            (true, false) => "built-in",
            (true, true) => "built-in, changed here",
            _ => "added here",
        }
        .to_string(),
    ]
}

/// The settings `kinds set` was given (validated).
fn requested(a: &KindSetArgs) -> Result<KindSettings> {
    let mut s = KindSettings::default();
    if let Some(x) = &a.access {
        s.access = Some(Access::parse(x)?);
    }
    s.conn_limit = a.conn_limit;
    if let Some(e) = &a.default_expiry {
        if e != "none" {
            let d = kinds::parse_duration("default-expiry", e)?;
            // Refused now, not at every later create of the kind: an expiry that lands
            // after the year 9999 cannot be written.
            kinds::expiry_at("default-expiry", std::time::SystemTime::now(), d)?;
        }
        s.default_expiry = Some(e.clone());
    }
    if let Some(r) = &a.name_rule {
        s.name_rule = Some(NameRule::parse(r)?);
    }
    if let Some(at) = &a.attributes {
        s.attributes = Some(parse_attributes(at)?);
    }
    Ok(s)
}

/// The audit detail of `kinds set`: the settings as stored (parsed back from their text).
#[derive(Serialize)]
struct KindsSetDetail {
    settings: Option<serde_json::Value>,
}

/// `kinds set --json`. Fields in sorted order, as the output has always had them.
#[derive(Serialize)]
struct KindsSetReport<'a> {
    audit_id: i64,
    changed: bool,
    dry_run: bool,
    kind: SortedKind<'a>,
    status: &'a str,
}

/// A [`RoleKind`] with its keys in sorted order, as `kinds set --json` has always shown it
/// (`kinds list` shows them in `RoleKind`'s order). Every `RoleKind` field is here: the
/// test below checks that the two carry the same keys and values.
#[derive(Serialize)]
struct SortedKind<'a> {
    access: Access,
    builtin: bool,
    conn_limit: i32,
    createdb: bool,
    createrole: bool,
    customized: bool,
    default_expiry: Option<String>,
    name: &'a str,
    name_rule: NameRule,
    read_only_default_tx: bool,
}

impl<'a> SortedKind<'a> {
    fn of(k: &'a RoleKind) -> Self {
        // Destructured, so that a new field of RoleKind fails to compile here.
        let RoleKind {
            name,
            access,
            createdb,
            createrole,
            conn_limit,
            default_expiry,
            name_rule,
            read_only_default_tx,
            builtin,
            customized,
        } = k;
        SortedKind {
            access: *access,
            builtin: *builtin,
            conn_limit: *conn_limit,
            createdb: *createdb,
            createrole: *createrole,
            customized: *customized,
            default_expiry: default_expiry.map(format_duration),
            name,
            name_rule: *name_rule,
            read_only_default_tx: *read_only_default_tx,
        }
    }
}

fn set(ctx: &Context, a: KindSetArgs) -> Result<ExitCode> {
    validate_kind_name(&a.kind)?;
    let over = requested(&a)?;
    let mut inv = ctx.inventory()?;
    let current = load(&inv)?;
    let existing = current.iter().find(|k| k.name == a.kind).cloned();
    if existing.is_none() && over == KindSettings::default() {
        return Err(crate::error::Error::usage(format!(
            "kind {:?} does not exist; say what it is to add it",
            a.kind
        ))
        .hint(
            "e.g. `pgacct kinds set analyst --access read --conn-limit 5 --name-rule username`",
        ));
    }
    let base = existing.clone().unwrap_or_else(|| custom_base(&a.kind));
    let mut new = apply_settings(&base, &over)?;
    new.customized = true;
    let changed = existing.as_ref().is_none_or(|e| {
        let mut e2 = e.clone();
        e2.customized = true;
        e2 != new
    });
    let settings_json = serde_json::to_string(&KindSettings::of(&new)).expect("settings serialize");
    let name = a.kind.clone();
    let dry = a.change.dry_run;
    let mut rec = Record {
        action: "kinds set".into(),
        kind: Some(name.clone()),
        reason: a.change.reason.clone(),
        ticket: a.change.ticket.clone(),
        detail: serde_json::to_value(KindsSetDetail {
            settings: serde_json::from_str(&settings_json).ok(),
        })
        .ok(),
        ..Default::default()
    };
    let id = inv.write(|tx| {
        let previous = tx.kind_settings(&name)?;
        rec.outcome = Some(if dry {
            Outcome::DryRun
        } else if changed {
            Outcome::Changed
        } else {
            Outcome::Unchanged
        });
        if changed && !dry {
            tx.put_kind(&name, &settings_json)?;
            rec.steps = vec![format!("set the settings of kind {name}")];
            rec.undo = Some(
                crate::results::UndoPayload::KindsSet(crate::results::KindsSetUndo {
                    kind: name.clone(),
                    previous_settings: previous
                        .as_deref()
                        .and_then(|p| serde_json::from_str::<serde_json::Value>(p).ok()),
                })
                .to_value(),
            );
        }
        audit::append(tx, &ctx.actor, &rec)
    })?;
    crate::notify::send(ctx, &mut inv, id);
    let status = if !changed {
        "kind unchanged"
    } else if existing.is_none() {
        "kind added"
    } else {
        "kind changed"
    };
    if ctx.out.is_json() {
        ctx.out.json(&KindsSetReport {
            audit_id: id,
            changed,
            dry_run: dry,
            kind: SortedKind::of(&new),
            status,
        });
    } else {
        let mut t = ctx.out.table(&[
            "kind",
            "access",
            "attributes",
            "conn limit",
            "default expiry",
            "name rule",
            "read-only tx",
            "source",
        ]);
        t.add_row(row(&new));
        ctx.out.print(t);
        ctx.out.info(format!(
            "{status}{} (audit entry {id})",
            if dry {
                " (dry run: nothing written)"
            } else {
                ""
            }
        ));
    }
    Ok(ExitCode::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sorted_kind_is_the_role_kind_with_sorted_keys() {
        for k in kinds::builtins() {
            let sorted = serde_json::to_string(&SortedKind::of(&k)).unwrap();
            let value = serde_json::to_string(&serde_json::to_value(&k).unwrap()).unwrap();
            assert_eq!(sorted, value, "kind {}", k.name);
        }
    }
}
