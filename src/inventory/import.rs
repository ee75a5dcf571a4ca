//! Reading targets to import: the original service's `pg_registry.db` (table
//! `db_registry`) or a CSV file with the header `env,db_name,hostname,port,active,notes`.

use super::targets::{NewTarget, validate_database, validate_env, validate_host, validate_port};
use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

/// One source row: a target, or why it can't be one.
#[derive(Debug, Clone)]
pub struct SourceRow {
    /// 1-based row number in the source (CSV: the line number; SQLite: the row id).
    pub row: i64,
    pub parsed: std::result::Result<NewTarget, String>,
}

/// Read every row of `path`, SQLite or CSV, without judging duplicates.
pub fn read_source(path: &Path) -> Result<Vec<SourceRow>> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::usage(format!("import: cannot read {}: {e}", path.display())))?;
    if bytes.starts_with(b"SQLite format 3\0") {
        read_sqlite(path)
    } else {
        read_csv(&bytes, path)
    }
}

fn build(
    env: &str,
    db: &str,
    host: &str,
    port: &str,
    active: &str,
    notes: Option<String>,
) -> std::result::Result<NewTarget, String> {
    let env = env.trim();
    let db = db.trim();
    let host = host.trim();
    validate_env(env).map_err(|e| e.message)?;
    validate_database(db).map_err(|e| e.message)?;
    validate_host(host).map_err(|e| e.message)?;
    let port = match port.trim() {
        "" => 5432,
        p => {
            let n: u32 = p
                .parse()
                .map_err(|_| format!("port: {p:?} is not a number"))?;
            validate_port(n).map_err(|e| e.message)?
        }
    };
    let active = match active.trim() {
        "" | "1" | "true" | "yes" => true,
        "0" | "false" | "no" => false,
        a => return Err(format!("active: {a:?} is not 0 or 1")),
    };
    Ok(NewTarget {
        env: env.to_string(),
        database: db.to_string(),
        host: host.to_string(),
        port,
        active,
        notes: notes.filter(|n| !n.trim().is_empty()),
        protected: env == "prod",
        ..NewTarget::default()
    })
}

fn read_sqlite(path: &Path) -> Result<Vec<SourceRow>> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| Error::usage(format!("import: cannot open {}: {e}", path.display())))?;
    let mut stmt = conn
        .prepare("SELECT rowid, env, db_name, hostname, port, active, notes FROM db_registry ORDER BY rowid")
        .map_err(|e| {
            Error::usage(format!(
                "import: {} has no readable db_registry table: {e}",
                path.display()
            ))
            .hint("import takes the original service's pg_registry.db, or a CSV with the header env,db_name,hostname,port,active,notes")
        })?;
    let text = |r: &rusqlite::Row<'_>, i: usize| -> rusqlite::Result<String> {
        use rusqlite::types::ValueRef;
        Ok(match r.get_ref(i)? {
            ValueRef::Null => String::new(),
            ValueRef::Integer(n) => n.to_string(),
            ValueRef::Real(f) => f.to_string(),
            ValueRef::Text(t) | ValueRef::Blob(t) => String::from_utf8_lossy(t).into_owned(),
        })
    };
    let rows = stmt
        .query_map([], |r| {
            let row: i64 = r.get(0)?;
            let notes = text(r, 6)?;
            Ok(SourceRow {
                row,
                parsed: build(
                    &text(r, 1)?,
                    &text(r, 2)?,
                    &text(r, 3)?,
                    &text(r, 4)?,
                    &text(r, 5)?,
                    Some(notes),
                ),
            })
        })
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
        .map_err(|e| Error::usage(format!("import: reading {}: {e}", path.display())))?;
    Ok(rows)
}

fn read_csv(bytes: &[u8], path: &Path) -> Result<Vec<SourceRow>> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let headers = rdr
        .headers()
        .map_err(|e| Error::usage(format!("import: {}: {e}", path.display())))?
        .clone();
    let col = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let (Some(env), Some(db), Some(host)) = (col("env"), col("db_name"), col("hostname")) else {
        return Err(Error::usage(format!(
            "import: {} is neither a pg_registry.db nor a CSV with the columns env, db_name, hostname",
            path.display()
        ))
        .hint("the CSV header is env,db_name,hostname,port,active,notes (port, active and notes optional)"));
    };
    let (port, active, notes) = (col("port"), col("active"), col("notes"));
    let mut out = vec![];
    for rec in rdr.records() {
        let rec = rec.map_err(|e| Error::usage(format!("import: {}: {e}", path.display())))?;
        let line = rec.position().map(|p| p.line() as i64).unwrap_or(0);
        let get = |i: Option<usize>| i.and_then(|i| rec.get(i)).unwrap_or("").to_string();
        out.push(SourceRow {
            row: line,
            parsed: build(
                &get(Some(env)),
                &get(Some(db)),
                &get(Some(host)),
                &get(port),
                &get(active),
                Some(get(notes)),
            ),
        });
    }
    Ok(out)
}
