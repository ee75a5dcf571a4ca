//! Batch files for `pgacct user apply`: read every line (CSV with a header, or JSON
//! lines) and validate all of them before anything runs, collecting every error with
//! its line number.
//!
//! # Format
//!
//! CSV (the first non-comment line is the header) or JSON lines (one object per line;
//! chosen when the first non-blank, non-`#` line starts with `{`). Blank lines and lines
//! starting with `#` are skipped; line numbers are the file's physical lines.
//!
//! | column / key | meaning |
//! |---|---|
//! | `verb` | required: `create`, `reset`, `lock`, `unlock`, `drop` or `search-path` |
//! | `target` | `ENV/DB`; or `env` and `db` (every verb) |
//! | `kind` | the kind of a create (see `pgacct kinds`) |
//! | `name` or `username` | the user name (every verb; for create, kinds with the username rule) |
//! | `server`, `port` / `prefix`, `farm` | the name parts of app / k8s kinds (create) |
//! | `schemas` (or `schema`) | create and search-path: `;`-separated in CSV, a list (or one string) in JSON; default `public` |
//! | `valid_until`, `expires_in` | create and reset, as their options |
//! | `conn_limit` | create |
//! | `reassign_to` | drop: the role that receives the dropped user's objects |
//! | `reason`, `ticket` | every verb: kept in the audit log (default: the command's `--reason`/`--ticket`) |
//!
//! Columns per verb (a non-empty value in a column the verb does not use is an error):
//! - `create`: target, kind, name/username or the name parts, schemas, valid_until or
//!   expires_in, conn_limit;
//! - `reset`: target, name, valid_until or expires_in (the new password is delivered like
//!   a created user's: `--password-file` or the JSON output);
//! - `lock`, `unlock`: target, name (sessions are not ended: `pgacct user lock
//!   --terminate-sessions` does that);
//! - `search-path`: target, name, schemas;
//! - `drop`: target, name, reassign_to.
//!
//! Names of existing users go through [`RoleName::parse_any`], schemas through
//! [`SchemaName`]. `--atomic` covers create, reset, lock, unlock and search-path lines
//! (all lines of a target in one transaction); a drop line with `--atomic` is refused at
//! validation (drop commits one transaction per database of the cluster, so it cannot
//! join one transaction).
//!
//! An empty CSV cell is the same as a missing column. Unknown columns are errors (a typo
//! must not silently drop a setting). Two lines for the same user on the same target are
//! an error, whatever their verbs (their order would matter; apply runs lines of a target
//! concurrently). A role's password, LOGIN and existence are cluster-wide, so a `reset`,
//! `lock`, `unlock` or `drop` line also excludes any other line for that user on another
//! target of the same cluster (same host and port).
//!
//! Validation reuses `user create`'s rules (names through [`crate::ident`], kinds through
//! [`crate::kinds`], limits and expiry) and needs the targets to exist and be enabled.

use crate::error::{Error, Result};
use crate::ident::{RoleName, SchemaName};
use crate::intent::Change;
use crate::intent::Source;
use crate::intent::create::{CreateIntent, CreateRequest};
use crate::intent::guard::{RoleFacts, protected_role};
use crate::intent::verbs::{DropIntent, ResetIntent, SearchPathIntent, existing_role};
use crate::inventory::targets::{Target, TargetKey};
use crate::kinds::RoleKind;
use std::collections::BTreeMap;
use std::time::SystemTime;

/// The verbs a line may name.
pub const VERBS: &[&str] = &["create", "reset", "lock", "unlock", "drop", "search-path"];

const KEYS: &[&str] = &[
    "verb",
    "target",
    "env",
    "db",
    "kind",
    "name",
    "username",
    "server",
    "port",
    "prefix",
    "farm",
    "schemas",
    "schema",
    "valid_until",
    "expires_in",
    "conn_limit",
    "reassign_to",
    "reason",
    "ticket",
];

/// The keys only create lines use.
const CREATE_ONLY: &[&str] = &["kind", "server", "port", "prefix", "farm", "conn_limit"];

/// One value of a line: text, or a list (JSON arrays, for schemas).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    List(Vec<String>),
}

/// One line as read, before validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawLine {
    /// The physical line number in the file (1-based).
    pub line: usize,
    pub fields: BTreeMap<String, Value>,
}

/// A validation error on one line.
#[derive(Debug, Clone)]
pub struct LineError {
    pub line: usize,
    pub error: Error,
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.error.message)
    }
}

/// A validated create line.
#[derive(Debug, Clone)]
pub struct CreateLine {
    pub line: usize,
    pub target: Target,
    pub role: RoleName,
    pub kind: RoleKind,
    pub schemas: Vec<SchemaName>,
    pub conn_limit: i32,
    pub valid_until: Option<String>,
    pub reason: Option<String>,
    pub ticket: Option<String>,
    /// Notes about the name (`-` and `.` became `_`).
    pub notes: Vec<String>,
}

/// A verb other than create.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Reset,
    Lock,
    Unlock,
    Drop,
    SearchPath,
}

impl Verb {
    pub fn as_str(self) -> &'static str {
        match self {
            Verb::Reset => "reset",
            Verb::Lock => "lock",
            Verb::Unlock => "unlock",
            Verb::Drop => "drop",
            Verb::SearchPath => "search-path",
        }
    }

    fn parse(s: &str) -> Option<Verb> {
        Some(match s {
            "reset" => Verb::Reset,
            "lock" => Verb::Lock,
            "unlock" => Verb::Unlock,
            "drop" => Verb::Drop,
            "search-path" => Verb::SearchPath,
            _ => return None,
        })
    }

    /// The keys a line of this verb may use besides verb, target/env/db, name/username,
    /// reason and ticket.
    fn keys(self) -> &'static [&'static str] {
        match self {
            Verb::Reset => &["valid_until", "expires_in"],
            Verb::Lock | Verb::Unlock => &[],
            Verb::Drop => &["reassign_to"],
            Verb::SearchPath => &["schemas", "schema"],
        }
    }
}

/// A validated line of another verb than create, on an existing user.
#[derive(Debug, Clone)]
pub struct VerbLine {
    pub line: usize,
    pub verb: Verb,
    pub target: Target,
    pub role: RoleName,
    /// search-path: the schemas (default `public`).
    pub schemas: Vec<SchemaName>,
    /// reset: the new VALID UNTIL, if given.
    pub valid_until: Option<String>,
    /// drop: who receives the objects.
    pub reassign_to: Option<RoleName>,
    pub reason: Option<String>,
    pub ticket: Option<String>,
}

/// Every validated line, by verb, each list in file order.
#[derive(Debug, Clone, Default)]
pub struct Validated {
    pub creates: Vec<CreateLine>,
    pub verbs: Vec<VerbLine>,
}

/// One validated line.
enum Line {
    Create(CreateLine),
    Verb(VerbLine),
}

impl Line {
    /// True for verbs whose change is cluster-wide (a role's password, LOGIN, existence).
    fn cluster_wide(&self) -> bool {
        matches!(self, Line::Verb(l) if l.verb != Verb::SearchPath)
    }
    fn key(&self) -> (usize, i64, &RoleName) {
        match self {
            Line::Create(l) => (l.line, l.target.id, &l.role),
            Line::Verb(l) => (l.line, l.target.id, &l.role),
        }
    }
    fn target(&self) -> &Target {
        match self {
            Line::Create(l) => &l.target,
            Line::Verb(l) => &l.target,
        }
    }
}

/// Read a batch file's text into the raw lines that could be read and the errors of
/// those that could not (validate the first, then report both, sorted by line).
pub fn parse(text: &str) -> (Vec<RawLine>, Vec<LineError>) {
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'));
    match first {
        None => (
            vec![],
            vec![LineError {
                line: 0,
                error: Error::usage("the batch file has no lines")
                    .hint("write a CSV header (verb,target,kind,name) and one line per user"),
            }],
        ),
        Some(l) if l.starts_with('{') => parse_json_lines(text),
        Some(_) => parse_csv(text),
    }
}

/// A JSON object's members in the order given, duplicates kept (serde_json's `Value`
/// keeps only the last of a duplicated key).
struct Pairs(Vec<(String, serde_json::Value)>);

impl<'de> serde::Deserialize<'de> for Pairs {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Pairs;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Pairs, A::Error> {
                let mut out = vec![];
                while let Some(kv) = map.next_entry::<String, serde_json::Value>()? {
                    out.push(kv);
                }
                Ok(Pairs(out))
            }
        }
        d.deserialize_map(V)
    }
}

fn parse_json_lines(text: &str) -> (Vec<RawLine>, Vec<LineError>) {
    let mut out = vec![];
    let mut errors = vec![];
    for (i, l) in text.lines().enumerate() {
        let line = i + 1;
        let t = l.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let err = |m: String| LineError {
            line,
            error: Error::usage(m),
        };
        // Keys in the order given, so that a key given twice is an error, not "the last
        // one wins" silently.
        let pairs: Pairs = match serde_json::from_str(t) {
            Ok(v) => v,
            Err(e) => {
                errors.push(err(format!("not a JSON object: {e}")));
                continue;
            }
        };
        let mut seen = std::collections::BTreeSet::new();
        let dups: Vec<&str> = pairs
            .0
            .iter()
            .filter(|(k, _)| !seen.insert(k.as_str()))
            .map(|(k, _)| k.as_str())
            .collect();
        if !dups.is_empty() {
            errors.push(err(format!(
                "{} given more than once; give each key once",
                dups.join(", ")
            )));
            continue;
        }
        let obj = &pairs.0;
        let mut fields = BTreeMap::new();
        let mut bad = false;
        for (k, v) in obj {
            let value = match v {
                serde_json::Value::Null => continue,
                serde_json::Value::String(s) => Value::Text(s.clone()),
                serde_json::Value::Number(n) => Value::Text(n.to_string()),
                serde_json::Value::Array(a) => {
                    let mut items = vec![];
                    for x in a {
                        match x.as_str() {
                            Some(s) => items.push(s.to_string()),
                            None => {
                                errors.push(err(format!("{k}: list items must be strings")));
                                bad = true;
                            }
                        }
                    }
                    Value::List(items)
                }
                _ => {
                    errors.push(err(format!("{k}: must be a string, a number or a list")));
                    bad = true;
                    continue;
                }
            };
            fields.insert(k.clone(), value);
        }
        if !bad {
            out.push(RawLine { line, fields });
        }
    }
    (out, errors)
}

fn parse_csv(text: &str) -> (Vec<RawLine>, Vec<LineError>) {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .comment(Some(b'#'))
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match rdr.headers() {
        Ok(h) => h.iter().map(|s| s.to_ascii_lowercase()).collect(),
        Err(e) => {
            return (
                vec![],
                vec![LineError {
                    line: 1,
                    error: Error::usage(format!("cannot read the CSV header: {e}")),
                }],
            );
        }
    };
    let header_line = text
        .lines()
        .position(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|i| i + 1)
        .unwrap_or(1);
    let mut errors = vec![];
    for h in &headers {
        if !KEYS.contains(&h.as_str()) {
            errors.push(LineError {
                line: header_line,
                error: unknown_key(h),
            });
        }
    }
    let mut out = vec![];
    let mut rec = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {
                let line = rec.position().map(|p| line_of(text, p.byte())).unwrap_or(0);
                let mut fields = BTreeMap::new();
                for (h, v) in headers.iter().zip(rec.iter()) {
                    // Unknown columns were reported once, on the header line.
                    if v.is_empty() || !KEYS.contains(&h.as_str()) {
                        continue;
                    }
                    let value = if h == "schemas" || h == "schema" {
                        Value::List(
                            v.split(';')
                                .map(str::trim)
                                .filter(|s| !s.is_empty())
                                .map(String::from)
                                .collect(),
                        )
                    } else {
                        Value::Text(v.to_string())
                    };
                    fields.insert(h.clone(), value);
                }
                if fields.is_empty() {
                    continue;
                }
                out.push(RawLine { line, fields });
            }
            Err(e) => {
                let line = e.position().map(|p| line_of(text, p.byte())).unwrap_or(0);
                errors.push(LineError {
                    line,
                    error: Error::usage(format!("unreadable CSV: {e}")),
                });
                if !matches!(e.kind(), csv::ErrorKind::UnequalLengths { .. }) {
                    break;
                }
            }
        }
    }
    (out, errors)
}

/// The physical line (1-based) of the record the CSV reader started at byte `at`: the
/// reader starts a record before the blank and comment lines it skips, so skip them too.
fn line_of(text: &str, at: u64) -> usize {
    let mut at = (at as usize).min(text.len());
    while at < text.len() {
        let rest = &text[at..];
        let end = rest.find('\n').map(|i| i + 1).unwrap_or(rest.len());
        let l = rest[..end].trim();
        if l.is_empty() || l.starts_with('#') {
            at += end;
        } else {
            break;
        }
    }
    text.as_bytes()[..at]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

fn unknown_key(k: &str) -> Error {
    Error::usage(format!("unknown column {k:?}")).hint(format!("known: {}", KEYS.join(", ")))
}

fn text(raw: &RawLine, key: &str) -> Result<Option<String>> {
    match raw.fields.get(key) {
        None => Ok(None),
        Some(Value::Text(s)) => Ok(Some(s.clone())),
        Some(Value::List(_)) => Err(Error::usage(format!("{key}: must be a string, not a list"))),
    }
}

/// Validate every line. `target` looks a target up (exit 3 with the closest entries when
/// unknown); `kinds` are the inventory's kinds; `change` gives the default reason and
/// ticket. Returns the create lines, or every error.
pub fn validate(
    raws: &[RawLine],
    kinds: &[RoleKind],
    target: &dyn Fn(&TargetKey) -> Result<Target>,
    change: &Change,
    atomic: bool,
    now: SystemTime,
) -> std::result::Result<Validated, Vec<LineError>> {
    let mut out: Vec<Line> = vec![];
    let mut errors = vec![];
    for raw in raws {
        match validate_line(raw, kinds, target, change, atomic, now) {
            Ok(l) => {
                let (line, tid, role) = l.key();
                if let Some(prev) = out.iter().find(|o| {
                    let (_, t, r) = o.key();
                    t == tid && r == role
                }) {
                    errors.push(LineError {
                        line,
                        error: Error::usage(format!(
                            "user {role} on {} is already on line {}",
                            l.target().name(),
                            prev.key().0
                        ))
                        .hint("keep one line per user and target (apply a second file for a second change)"),
                    });
                } else if let Some(prev) = out.iter().find(|o| {
                    (o.cluster_wide() || l.cluster_wide())
                        && o.key().2 == role
                        && o.target().server() == l.target().server()
                }) {
                    // Two targets on one cluster share the role: a reset, lock, unlock or
                    // drop on one acts on both, and the order of the lines would matter.
                    errors.push(LineError {
                        line,
                        error: Error::usage(format!(
                            "user {role} on {} is already on line {} (on {}, the same cluster {}); a reset, lock, unlock or drop acts on the whole cluster",
                            l.target().name(),
                            prev.key().0,
                            prev.target().name(),
                            l.target().server()
                        ))
                        .hint("keep one line per user and cluster for reset, lock, unlock and drop"),
                    });
                } else {
                    out.push(l);
                }
            }
            Err(e) => errors.push(LineError {
                line: raw.line,
                error: e,
            }),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut v = Validated::default();
    for l in out {
        match l {
            Line::Create(c) => v.creates.push(c),
            Line::Verb(x) => v.verbs.push(x),
        }
    }
    Ok(v)
}

fn validate_line(
    raw: &RawLine,
    kinds: &[RoleKind],
    lookup: &dyn Fn(&TargetKey) -> Result<Target>,
    change: &Change,
    atomic: bool,
    now: SystemTime,
) -> Result<Line> {
    if let Some(k) = raw.fields.keys().find(|k| !KEYS.contains(&k.as_str())) {
        return Err(unknown_key(k));
    }
    let verb = text(raw, "verb")?.ok_or_else(|| {
        Error::usage("verb: missing").hint(format!("one of {}", VERBS.join(", ")))
    })?;
    if !VERBS.contains(&verb.as_str()) {
        return Err(Error::usage(format!("verb: {verb:?} is not a verb"))
            .hint(format!("one of {}", VERBS.join(", "))));
    }
    let other = Verb::parse(&verb);
    if let Some(v) = other {
        if atomic && v == Verb::Drop {
            return Err(Error::usage(
                "verb: drop cannot run with --atomic, which covers create, reset, lock, unlock and search-path lines",
            )
            .hint("drop commits one transaction per database of the cluster; apply this line without --atomic"));
        }
        for k in raw.fields.keys() {
            if CREATE_ONLY.contains(&k.as_str())
                || ([
                    "valid_until",
                    "expires_in",
                    "reassign_to",
                    "schemas",
                    "schema",
                ]
                .contains(&k.as_str())
                    && !v.keys().contains(&k.as_str()))
            {
                return Err(Error::usage(format!("{k}: not used by a {verb} line"))
                    .hint(format!("leave the {k} column empty on {verb} lines")));
            }
        }
    } else {
        if let Some(k) = raw.fields.keys().find(|k| k.as_str() == "reassign_to") {
            return Err(Error::usage(format!("{k}: not used by a create line")));
        }
    }
    let key: TargetKey = match (text(raw, "target")?, text(raw, "env")?, text(raw, "db")?) {
        (Some(t), None, None) => t.parse()?,
        (None, Some(e), Some(d)) => format!("{e}/{d}").parse()?,
        (None, None, None) => {
            return Err(Error::usage("target: missing").hint("give target ENV/DB, or env and db"));
        }
        _ => {
            return Err(Error::usage(
                "target: give either target ENV/DB or both env and db",
            ));
        }
    };
    let target = lookup(&key)?;
    if !target.active {
        return Err(
            Error::refused(format!("target {} is disabled", target.name())).hint(format!(
                "`pgacct registry enable {}` enables it",
                target.name()
            )),
        );
    }
    if let Some(v) = other {
        return verb_line(raw, v, target, change).map(Line::Verb);
    }
    let kind_name = text(raw, "kind")?.ok_or_else(|| Error::usage("kind: missing"))?;
    let kind = crate::kinds::find(kinds, &kind_name)?.clone();
    let schemas_in: Vec<String> = match raw.fields.get("schemas").or(raw.fields.get("schema")) {
        None => vec![],
        Some(Value::Text(s)) => vec![s.clone()],
        Some(Value::List(l)) => l.clone(),
    };
    let req = CreateRequest {
        name: text(raw, "name")?,
        username: text(raw, "username")?,
        server: text(raw, "server")?,
        port: text(raw, "port")?,
        prefix: text(raw, "prefix")?,
        farm: text(raw, "farm")?,
        schemas: schemas_in,
        valid_until: text(raw, "valid_until")?,
        expires_in: text(raw, "expires_in")?,
        conn_limit: match text(raw, "conn_limit")? {
            None => None,
            Some(s) => Some(
                s.parse::<i32>()
                    .map_err(|_| Error::usage(format!("conn_limit: {s:?} is not a number")))?,
            ),
        },
    };
    let i = CreateIntent::build(
        &kind,
        &req,
        Source::Batch,
        target.admin_user.as_deref(),
        now,
    )?;
    Ok(Line::Create(CreateLine {
        line: raw.line,
        conn_limit: i.conn_limit,
        valid_until: i.valid_until,
        target,
        role: i.role,
        kind: i.kind,
        schemas: i.schemas,
        reason: text(raw, "reason")?.or(change.reason.clone()),
        ticket: text(raw, "ticket")?.or(change.ticket.clone()),
        notes: i.notes,
    }))
}

/// The rest of a line of another verb than create: the existing user's name, and the
/// verb's own columns.
fn verb_line(raw: &RawLine, verb: Verb, target: Target, change: &Change) -> Result<VerbLine> {
    let name = match (text(raw, "name")?, text(raw, "username")?) {
        (Some(_), Some(_)) => return Err(Error::usage("name and username: give one of them")),
        (Some(n), None) | (None, Some(n)) => n,
        (None, None) => {
            return Err(Error::usage("name: missing")
                .hint(format!("a {} line names an existing user", verb.as_str())));
        }
    };
    let role = existing_role(&name)?;
    if let Some(e) = protected_role(
        &RoleFacts::named(role.as_str()),
        target.admin_user.as_deref(),
    ) {
        return Err(e);
    }
    let schemas = if verb == Verb::SearchPath {
        let given: Vec<String> = match raw.fields.get("schemas").or(raw.fields.get("schema")) {
            None => vec![],
            Some(Value::Text(s)) => vec![s.clone()],
            Some(Value::List(l)) => l.clone(),
        };
        SearchPathIntent::build(&name, &given)?.schemas
    } else {
        vec![]
    };
    let valid_until = if verb == Verb::Reset {
        let (vu, ei) = (text(raw, "valid_until")?, text(raw, "expires_in")?);
        ResetIntent::build(&name, vu.as_deref(), ei.as_deref(), false)?.valid_until
    } else {
        None
    };
    let reassign_to = match text(raw, "reassign_to")? {
        Some(r) => DropIntent::build(&name, Some(&r), Source::Batch)?.reassign_to,
        None => None,
    };
    Ok(VerbLine {
        line: raw.line,
        verb,
        target,
        role,
        schemas,
        valid_until,
        reassign_to,
        reason: text(raw, "reason")?.or(change.reason.clone()),
        ticket: text(raw, "ticket")?.or(change.ticket.clone()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(env: &str, db: &str, id: i64) -> Target {
        Target {
            id,
            env: env.into(),
            database: db.into(),
            host: "127.0.0.1".into(),
            port: 5432,
            active: true,
            notes: None,
            admin_user: Some("admin".into()),
            sslmode: crate::inventory::targets::SslMode::Disable,
            sslmode_explicit: true,
            sslrootcert: None,
            sslcert: None,
            sslkey: None,
            password_command: None,
            hostaddr: None,
            require_auth: None,
            protected: false,
            server_identity: None,
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    fn lookup(k: &TargetKey) -> Result<Target> {
        match k.to_string().as_str() {
            "dev/app" => Ok(target("dev", "app", 1)),
            "qa/app" => Ok(target("qa", "app", 2)),
            other => Err(Error::not_found(format!("no target {other}"))),
        }
    }

    fn change() -> Change {
        Change {
            dry_run: false,
            reason: Some("onboarding".into()),
            ticket: None,
            yes: false,
        }
    }

    fn check(text: &str) -> std::result::Result<Vec<CreateLine>, Vec<LineError>> {
        check_all(text, false).map(|v| v.creates)
    }

    fn check_all(text: &str, atomic: bool) -> std::result::Result<Validated, Vec<LineError>> {
        let (raws, mut errs) = parse(text);
        match validate(
            &raws,
            &crate::kinds::builtins(),
            &lookup,
            &change(),
            atomic,
            SystemTime::now(),
        ) {
            Ok(lines) if errs.is_empty() => Ok(lines),
            Ok(_) => Err(errs),
            Err(more) => {
                errs.extend(more);
                errs.sort_by_key(|e| e.line);
                Err(errs)
            }
        }
    }

    #[test]
    fn csv_and_json_lines_give_the_same_lines() {
        let csv = "# team onboarding\nverb,target,kind,name,schemas,ticket\ncreate,dev/app,devqa,jsmith,sales;public,CHG-1\n\ncreate,qa/app,readonly,analyst01,,\n";
        let json = "{\"verb\":\"create\",\"target\":\"dev/app\",\"kind\":\"devqa\",\"name\":\"jsmith\",\"schemas\":[\"sales\",\"public\"],\"ticket\":\"CHG-1\"}\n# comment\n{\"verb\":\"create\",\"env\":\"qa\",\"db\":\"app\",\"kind\":\"readonly\",\"username\":\"analyst01\"}\n";
        for text in [csv, json] {
            let lines = check(text).unwrap_or_else(|e| panic!("{e:?}"));
            assert_eq!(lines.len(), 2);
            assert_eq!(lines[0].role.as_str(), "jsmith");
            assert_eq!(lines[0].target.name(), "dev/app");
            let s: Vec<&str> = lines[0].schemas.iter().map(|s| s.as_str()).collect();
            assert_eq!(s, ["sales", "public"]);
            assert_eq!(lines[0].ticket.as_deref(), Some("CHG-1"));
            assert_eq!(lines[0].reason.as_deref(), Some("onboarding"));
            assert_eq!(lines[1].role.as_str(), "analyst01");
            assert_eq!(lines[1].kind.name, "readonly");
            assert_eq!(lines[1].schemas[0].as_str(), "public");
        }
        // Physical line numbers (comments and blank lines count).
        assert_eq!(check(csv).unwrap()[1].line, 5);
        assert_eq!(check(json).unwrap()[1].line, 3);
    }

    #[test]
    fn app_and_k8s_names_from_their_parts() {
        let lines = check(
            "verb,target,kind,server,port,prefix,farm\ncreate,dev/app,app,web-01,8080,,\ncreate,dev/app,k8s,,,dv,gear\n",
        )
        .unwrap();
        assert_eq!(lines[0].role.as_str(), "web_01_8080");
        assert_eq!(lines[0].notes.len(), 1);
        assert_eq!(lines[1].role.as_str(), "dv_gear");
    }

    #[test]
    fn every_error_is_listed_with_its_line() {
        let text = "verb,target,kind,name\n\
                    create,dev/app,devqa,ok_user\n\
                    create,dev/app,devqa,Bad\n\
                    create,dev/nosuch,devqa,x1\n\
                    create,dev/app,wizard,x2\n\
                    lock,dev/app,devqa,x3\n\
                    fly,dev/app,devqa,x4\n\
                    create,dev/app,devqa,ok_user\n\
                    create,dev/app,devqa,admin\n\
                    create,dev/app,devqa,pg_x\n\
                    create,dev/app,devqa,\n";
        let errs = check(text).unwrap_err();
        let lines: Vec<usize> = errs.iter().map(|e| e.line).collect();
        assert_eq!(lines, [3, 4, 5, 6, 7, 8, 9, 10, 11], "{errs:?}");
        let msg = |n: usize| {
            errs.iter()
                .find(|e| e.line == n)
                .unwrap()
                .error
                .message
                .clone()
        };
        assert!(msg(3).contains("uppercase"), "{}", msg(3));
        assert!(msg(4).contains("nosuch"), "{}", msg(4));
        assert!(msg(5).contains("wizard"), "{}", msg(5));
        assert!(
            msg(6).contains("kind: not used by a lock line"),
            "{}",
            msg(6)
        );
        assert!(msg(7).contains("not a verb"), "{}", msg(7));
        assert!(msg(8).contains("already on line 2"), "{}", msg(8));
        assert!(msg(9).contains("admin role"), "{}", msg(9));
        assert!(msg(10).contains("pg_"), "{}", msg(10));
        assert!(msg(11).contains("missing"), "{}", msg(11));
        // Every one is a usage error or a refusal, none a server error.
        assert!(
            errs.iter()
                .all(|e| matches!(e.error.exit_code().code(), 2 | 3 | 5))
        );
    }

    #[test]
    fn lifecycle_verbs_take_their_own_columns() {
        let text = "verb,target,kind,name,schemas,valid_until,reassign_to,ticket\n\
                    create,dev/app,devqa,newbie,,,,\n\
                    search-path,dev/app,,sp_user,sales;public,,,CHG-2\n\
                    lock,dev/app,,lk_user,,,,\n\
                    unlock,qa/app,,ul_user,,,,\n\
                    reset,dev/app,,rs_user,,2999-01-31,,\n\
                    drop,dev/app,,Old.User,,,owner1,\n\
                    search-path,qa/app,,sp_user,,,,\n";
        let v = check_all(text, false).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(v.creates.len(), 1);
        let verbs: Vec<(usize, Verb, &str)> = v
            .verbs
            .iter()
            .map(|l| (l.line, l.verb, l.role.as_str()))
            .collect();
        assert_eq!(
            verbs,
            [
                (3, Verb::SearchPath, "sp_user"),
                (4, Verb::Lock, "lk_user"),
                (5, Verb::Unlock, "ul_user"),
                (6, Verb::Reset, "rs_user"),
                (7, Verb::Drop, "Old.User"),
                (8, Verb::SearchPath, "sp_user"),
            ]
        );
        let sp: Vec<&str> = v.verbs[0].schemas.iter().map(|s| s.as_str()).collect();
        assert_eq!(sp, ["sales", "public"]);
        assert_eq!(v.verbs[0].ticket.as_deref(), Some("CHG-2"));
        assert_eq!(v.verbs[0].reason.as_deref(), Some("onboarding"));
        assert_eq!(v.verbs[5].schemas[0].as_str(), "public");
        assert_eq!(
            v.verbs[3].valid_until.as_deref(),
            Some("2999-01-31T23:59:59Z")
        );
        assert_eq!(v.verbs[4].reassign_to.as_ref().unwrap().as_str(), "owner1");

        // Errors, each with its line.
        let text = "verb,target,name,schemas,valid_until,conn_limit,reassign_to\n\
                    lock,dev/app,,,,,\n\
                    unlock,dev/app,x1,public,,,\n\
                    reset,dev/app,x2,,2020-01-01,,\n\
                    drop,dev/app,x3,,,,x3\n\
                    search-path,dev/app,x4,ssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss,,,\n\
                    lock,dev/app,x5,,,5,\n\
                    unlock,dev/app,admin,,,,\n\
                    create,dev/app,x6,,,,x7\n\
                    lock,dev/app,pg_monitor,,,,\n";
        let errs = check_all(text, false).unwrap_err();
        let lines: Vec<usize> = errs.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3, 4, 5, 6, 7, 8, 9, 10], "{errs:?}");
        let msg = |n: usize| {
            errs.iter()
                .find(|e| e.line == n)
                .unwrap()
                .error
                .message
                .clone()
        };
        assert!(msg(2).contains("name: missing"), "{}", msg(2));
        assert!(
            msg(3).contains("schemas: not used by a unlock line"),
            "{}",
            msg(3)
        );
        assert!(msg(4).contains("in the past"), "{}", msg(4));
        assert!(msg(5).contains("to itself"), "{}", msg(5));
        assert!(msg(6).contains("schema"), "{}", msg(6));
        assert!(msg(7).contains("conn_limit: not used"), "{}", msg(7));
        assert!(msg(8).contains("admin role"), "{}", msg(8));
        assert!(
            msg(9).contains("reassign_to: not used by a create line"),
            "{}",
            msg(9)
        );
        assert!(msg(10).contains("pg_"), "{}", msg(10));

        // --atomic covers every verb but drop: a drop line is refused, with the reason.
        let text = "verb,target,kind,name,schemas\ncreate,dev/app,devqa,a1,\ndrop,dev/app,,a2,\nreset,dev/app,,a3,\nlock,dev/app,,a4,\nunlock,dev/app,,a5,\nsearch-path,dev/app,,a6,public\n";
        let errs = check_all(text, true).unwrap_err();
        let lines: Vec<usize> = errs.iter().map(|e| e.line).collect();
        assert_eq!(lines, [3], "{errs:?}");
        assert!(errs[0].error.message.contains("--atomic"));
        assert!(
            errs[0]
                .error
                .hint
                .as_deref()
                .unwrap()
                .contains("per database")
        );
        let ok = check_all(&text.replace("drop,dev/app,,a2,\n", ""), true).unwrap();
        assert_eq!((ok.creates.len(), ok.verbs.len()), (1, 4));

        // dev/app and qa/app are on one cluster here: a cluster-wide verb excludes any
        // other line for that user there; creates and search-paths per database don't.
        let text = "verb,target,kind,name\n\
                    create,dev/app,devqa,c1\n\
                    create,qa/app,devqa,c1\n\
                    search-path,dev/app,,s1\n\
                    search-path,qa/app,,s1\n\
                    reset,dev/app,,r1\n\
                    lock,qa/app,,r1\n\
                    create,dev/app,devqa,d1\n\
                    drop,qa/app,,d1\n";
        let errs = check_all(text, false).unwrap_err();
        let lines: Vec<usize> = errs.iter().map(|e| e.line).collect();
        assert_eq!(lines, [7, 9], "{errs:?}");
        assert!(errs[0].error.message.contains("already on line 6"));
        assert!(errs[0].error.message.contains("same cluster"));
    }

    #[test]
    fn unknown_columns_and_bad_json_are_errors() {
        let errs = check("verb,target,kind,nmae\ncreate,dev/app,devqa,x\n").unwrap_err();
        assert!(errs[0].error.message.contains("nmae"), "{errs:?}");
        let errs = check("{\"verb\":\"create\"\n{\"verb\":\"create\",\"target\":\"dev/app\",\"kind\":\"devqa\",\"name\":\"x\",\"colour\":\"red\"}\n").unwrap_err();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert_eq!(errs[0].line, 1);
        assert!(errs[1].error.message.contains("colour"));
        assert!(check("\n# nothing\n").is_err());
    }
}
