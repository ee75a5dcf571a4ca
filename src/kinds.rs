//! The user kinds as data: attributes, connection limit, access level, default expiry,
//! naming rule. Six built-ins (app, k8s, devqa, devlead, readonly, dba), which an
//! organization may change or add to in its inventory (`pgacct kinds set`).
//!
//! Also the marker pgacct writes as the comment of the roles it manages (see [`Marker`]),
//! so that listing verbs can tell a role's kind without the inventory.
//!
//! Pure: no client library, no SQLite; the inventory layer hands in the stored overrides
//! as JSON text.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::time::Duration;

/// What a kind's users may do in the target database. Each level includes the ones
/// before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Access {
    /// CONNECT only.
    None,
    /// + USAGE on the schemas, SELECT on tables, views and sequences.
    Read,
    /// + INSERT, UPDATE, DELETE on tables, USAGE and UPDATE on sequences.
    Write,
    /// + CREATE in the schemas; objects are created as the database's owner group.
    Owner,
}

impl Access {
    pub const ALL: [Access; 4] = [Access::None, Access::Read, Access::Write, Access::Owner];

    pub fn as_str(self) -> &'static str {
        match self {
            Access::None => "none",
            Access::Read => "read",
            Access::Write => "write",
            Access::Owner => "owner",
        }
    }

    pub fn parse(s: &str) -> Result<Access> {
        match s {
            "none" => Ok(Access::None),
            "read" => Ok(Access::Read),
            "write" => Ok(Access::Write),
            "owner" => Ok(Access::Owner),
            _ => Err(
                Error::usage(format!("access: {s:?} is not an access level"))
                    .hint("use one of none, read, write, owner"),
            ),
        }
    }

    /// The group level that carries this access (see `plan::create::GroupLevel`):
    /// `None` still needs CONNECT.
    pub fn describe(self) -> &'static str {
        match self {
            Access::None => "CONNECT only",
            Access::Read => "read (SELECT)",
            Access::Write => "read + write (DML)",
            Access::Owner => "read + write + create objects",
        }
    }
}

/// How the role name of a kind's user is formed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameRule {
    /// `<server>_<port>` from `--server` and `--port`.
    ServerPort,
    /// `<prefix>_<farm>` from `--prefix` and `--farm`.
    PrefixFarm,
    /// The NAME argument or `--username`.
    Username,
}

impl NameRule {
    pub fn as_str(self) -> &'static str {
        match self {
            NameRule::ServerPort => "server_port",
            NameRule::PrefixFarm => "prefix_farm",
            NameRule::Username => "username",
        }
    }
    pub fn parse(s: &str) -> Result<NameRule> {
        match s {
            "server_port" => Ok(NameRule::ServerPort),
            "prefix_farm" => Ok(NameRule::PrefixFarm),
            "username" => Ok(NameRule::Username),
            _ => Err(
                Error::usage(format!("name-rule: {s:?} is not a naming rule"))
                    .hint("use one of username, server_port, prefix_farm"),
            ),
        }
    }
}

/// The highest connection limit any kind may have (PostgreSQL has no real maximum; this
/// keeps typos like 20000 out).
pub const MAX_CONN_LIMIT: i32 = 10_000;

/// One kind of user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleKind {
    pub name: String,
    pub access: Access,
    pub createdb: bool,
    pub createrole: bool,
    /// Default and maximum connection limit.
    pub conn_limit: i32,
    /// Default password lifetime; `None`: no VALID UNTIL (service accounts).
    #[serde(serialize_with = "ser_expiry")]
    pub default_expiry: Option<Duration>,
    pub name_rule: NameRule,
    /// `default_transaction_read_only = on` in the target database.
    pub read_only_default_tx: bool,
    /// Built into pgacct (possibly changed in this inventory).
    pub builtin: bool,
    /// Changed or added in this inventory.
    pub customized: bool,
}

fn ser_expiry<S: serde::Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&format_duration(*d)),
        None => s.serialize_none(),
    }
}

/// `90d`, `12h`, or humantime's form for odd values.
pub fn format_duration(d: Duration) -> String {
    let secs = d.as_secs();
    if secs % 86_400 == 0 && secs > 0 {
        format!("{}d", secs / 86_400)
    } else {
        humantime::format_duration(d).to_string()
    }
}

/// Parse `90d`, `12h`, `1w 2d` (humantime).
pub fn parse_duration(what: &str, s: &str) -> Result<Duration> {
    let d = humantime::parse_duration(s.trim()).map_err(|e| {
        Error::usage(format!("{what}: {s:?} is not a duration: {e}"))
            .hint("write a duration like 90d, 12h or 2w")
    })?;
    if d.is_zero() {
        return Err(Error::usage(format!(
            "{what}: the duration must be positive"
        )));
    }
    Ok(d)
}

/// The last second RFC 3339 (and so pgacct's output) can write: 9999-12-31T23:59:59Z.
const LAST_WRITABLE_SECS: u64 = 253_402_300_799;

/// `now + d` for an expiry, refused (usage error naming `what`) when it lies beyond the
/// year 9999 instead of overflowing or failing to print later.
pub fn expiry_at(
    what: &str,
    now: std::time::SystemTime,
    d: Duration,
) -> Result<std::time::SystemTime> {
    let last = std::time::UNIX_EPOCH + Duration::from_secs(LAST_WRITABLE_SECS);
    match now.checked_add(d) {
        Some(t) if t <= last => Ok(t),
        _ => Err(Error::usage(format!("{what}: that is after the year 9999"))
            .hint("give a shorter duration, e.g. 90d or 52w")),
    }
}

/// VALID UNTIL as RFC 3339 (UTC, whole seconds), for `user create` and `user reset`:
/// `--valid-until` (a date means the end of that day, UTC; must be in the future),
/// `--expires-in`, or `default` (a kind's default expiry); None for no expiry.
pub fn valid_until(
    valid_until: Option<&str>,
    expires_in: Option<&str>,
    default: Option<Duration>,
    now: std::time::SystemTime,
) -> Result<Option<String>> {
    let at = if let Some(v) = valid_until {
        let text = if v.len() == 10 {
            format!("{v}T23:59:59Z")
        } else {
            v.to_string()
        };
        let t = humantime::parse_rfc3339_weak(&text).map_err(|e| {
            Error::usage(format!("--valid-until: {v:?} is not a date: {e}"))
                .hint("write YYYY-MM-DD or an RFC 3339 time like 2027-01-31T18:00:00Z")
        })?;
        if t <= now {
            return Err(Error::usage(format!("--valid-until: {v} is in the past"))
                .hint("give a date in the future, or leave --valid-until out"));
        }
        Some(t)
    } else if let Some(d) = expires_in {
        let d = parse_duration("--expires-in", d)?;
        Some(expiry_at("--expires-in", now, d)?)
    } else {
        match default {
            Some(d) => Some(expiry_at("the kind's default expiry", now, d)?),
            None => None,
        }
    };
    Ok(at.map(|t| {
        let secs = t
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or(Duration::ZERO)
            .as_secs();
        humantime::format_rfc3339_seconds(std::time::UNIX_EPOCH + Duration::from_secs(secs))
            .to_string()
    }))
}

const DAY: u64 = 86_400;

/// The six kinds pgacct knows out of the box.
pub fn builtins() -> Vec<RoleKind> {
    let k = |name: &str,
             access,
             createdb,
             createrole,
             conn_limit,
             expiry_days: Option<u64>,
             name_rule,
             ro| RoleKind {
        name: name.to_string(),
        access,
        createdb,
        createrole,
        conn_limit,
        default_expiry: expiry_days.map(|d| Duration::from_secs(d * DAY)),
        name_rule,
        read_only_default_tx: ro,
        builtin: true,
        customized: false,
    };
    vec![
        k(
            "app",
            Access::Write,
            false,
            false,
            200,
            None,
            NameRule::ServerPort,
            false,
        ),
        k(
            "k8s",
            Access::Write,
            false,
            false,
            200,
            None,
            NameRule::PrefixFarm,
            false,
        ),
        k(
            "devqa",
            Access::Write,
            false,
            false,
            20,
            Some(90),
            NameRule::Username,
            false,
        ),
        k(
            "devlead",
            Access::Owner,
            false,
            false,
            20,
            Some(90),
            NameRule::Username,
            false,
        ),
        k(
            "readonly",
            Access::Read,
            false,
            false,
            20,
            Some(90),
            NameRule::Username,
            true,
        ),
        k(
            "dba",
            Access::None,
            true,
            true,
            20,
            Some(90),
            NameRule::Username,
            false,
        ),
    ]
}

/// A kind's settings as stored in the inventory's `kinds.settings` (JSON). Every field
/// is present in what pgacct writes; missing fields (hand edits) keep the built-in or
/// derived value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindSettings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<Access>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conn_limit: Option<i32>,
    /// `"90d"`, or `"none"` for no expiry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_expiry: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_rule: Option<NameRule>,
    /// Role attributes: `createdb`, `createrole`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_only_default_tx: Option<bool>,
}

impl KindSettings {
    /// The full settings of a kind, as `kinds set` stores them.
    pub fn of(k: &RoleKind) -> KindSettings {
        let mut attributes = vec![];
        if k.createdb {
            attributes.push("createdb".to_string());
        }
        if k.createrole {
            attributes.push("createrole".to_string());
        }
        KindSettings {
            access: Some(k.access),
            conn_limit: Some(k.conn_limit),
            default_expiry: Some(
                k.default_expiry
                    .map(format_duration)
                    .unwrap_or_else(|| "none".to_string()),
            ),
            name_rule: Some(k.name_rule),
            attributes: Some(attributes),
            read_only_default_tx: Some(k.read_only_default_tx),
        }
    }

    /// Lay `over` on top of `self` (fields set in `over` win).
    pub fn merged(&self, over: &KindSettings) -> KindSettings {
        KindSettings {
            access: over.access.or(self.access),
            conn_limit: over.conn_limit.or(self.conn_limit),
            default_expiry: over
                .default_expiry
                .clone()
                .or_else(|| self.default_expiry.clone()),
            name_rule: over.name_rule.or(self.name_rule),
            attributes: over.attributes.clone().or_else(|| self.attributes.clone()),
            read_only_default_tx: over.read_only_default_tx.or(self.read_only_default_tx),
        }
    }
}

/// A kind name: `[a-z][a-z0-9_]{0,31}`.
pub fn validate_kind_name(s: &str) -> Result<()> {
    let mut c = s.chars();
    let ok = matches!(c.next(), Some('a'..='z'))
        && s.len() <= 32
        && c.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_'));
    if ok {
        Ok(())
    } else {
        Err(
            Error::usage(format!("kind: {s:?} is not a valid kind name"))
                .hint("a kind name is a lowercase letter followed by up to 31 of a-z, 0-9 and _"),
        )
    }
}

/// Parse `createdb,createrole` (empty or `none` for no attributes).
pub fn parse_attributes(s: &str) -> Result<Vec<String>> {
    let mut out = vec![];
    for a in s.split(',').map(str::trim).filter(|a| !a.is_empty()) {
        match a {
            "none" => {}
            "createdb" | "createrole" => {
                if !out.iter().any(|x| x == a) {
                    out.push(a.to_string());
                }
            }
            _ => {
                return Err(Error::usage(format!(
                    "attributes: {a:?} is not an attribute pgacct gives to users"
                ))
                .hint("use createdb and/or createrole (superuser, replication and bypassrls are never given)"));
            }
        }
    }
    Ok(out)
}

/// Build a kind from a base (the built-in, or a fresh custom kind) and settings.
pub fn apply_settings(base: &RoleKind, s: &KindSettings) -> Result<RoleKind> {
    let mut k = base.clone();
    if let Some(a) = s.access {
        k.access = a;
        if s.read_only_default_tx.is_none() && !base.builtin {
            k.read_only_default_tx = a == Access::Read;
        }
    }
    if let Some(n) = s.conn_limit {
        if !(1..=MAX_CONN_LIMIT).contains(&n) {
            return Err(Error::usage(format!(
                "conn-limit: {n} is out of range 1-{MAX_CONN_LIMIT}"
            )));
        }
        k.conn_limit = n;
    }
    if let Some(e) = &s.default_expiry {
        k.default_expiry = if e == "none" {
            None
        } else {
            Some(parse_duration("default-expiry", e)?)
        };
    }
    if let Some(r) = s.name_rule {
        k.name_rule = r;
    }
    if let Some(attrs) = &s.attributes {
        let joined = attrs.join(",");
        let attrs = parse_attributes(&joined)?;
        k.createdb = attrs.iter().any(|a| a == "createdb");
        k.createrole = attrs.iter().any(|a| a == "createrole");
    }
    if let Some(ro) = s.read_only_default_tx {
        k.read_only_default_tx = ro;
    }
    Ok(k)
}

/// The starting point of a kind an organization adds: username rule, read access,
/// 20 connections, 90 days.
pub fn custom_base(name: &str) -> RoleKind {
    RoleKind {
        name: name.to_string(),
        access: Access::Read,
        createdb: false,
        createrole: false,
        conn_limit: 20,
        default_expiry: Some(Duration::from_secs(90 * DAY)),
        name_rule: NameRule::Username,
        read_only_default_tx: true,
        builtin: false,
        customized: true,
    }
}

/// The kinds of an inventory: built-ins, overridden and extended by the stored
/// `(name, settings JSON)` rows. A row that can't be read is an error naming the kind.
pub fn effective(stored: &[(String, String)]) -> Result<Vec<RoleKind>> {
    let mut kinds: BTreeMap<String, RoleKind> = BTreeMap::new();
    let mut order: Vec<String> = vec![];
    for k in builtins() {
        order.push(k.name.clone());
        kinds.insert(k.name.clone(), k);
    }
    for (name, json) in stored {
        let s: KindSettings = serde_json::from_str(json).map_err(|e| {
            Error::failed(format!(
                "the inventory's settings of kind {name:?} cannot be read: {e}"
            ))
            .hint(format!("fix them with `pgacct kinds set {name} ...`"))
        })?;
        let base = kinds
            .get(name)
            .cloned()
            .unwrap_or_else(|| custom_base(name));
        let mut k = apply_settings(&base, &s)?;
        k.customized = true;
        if !kinds.contains_key(name) {
            order.push(name.clone());
        }
        kinds.insert(name.clone(), k);
    }
    Ok(order.into_iter().filter_map(|n| kinds.remove(&n)).collect())
}

/// Find a kind by name, or a usage error listing the known ones.
pub fn find<'a>(kinds: &'a [RoleKind], name: &str) -> Result<&'a RoleKind> {
    kinds.iter().find(|k| k.name == name).ok_or_else(|| {
        let names: Vec<&str> = kinds.iter().map(|k| k.name.as_str()).collect();
        Error::usage(format!("kind: {name:?} is not a known kind")).hint(format!(
            "known kinds: {}; `pgacct kinds set {name} ...` adds one",
            names.join(", ")
        ))
    })
}

/// The marker pgacct puts in the comment of every role it manages
/// (`COMMENT ON ROLE ... IS '<marker>'`), so that `user list`/`find` can show the kind
/// from the catalog alone.
///
/// Format (stable; readers must accept unknown keys):
/// - a login role made by `user create`: `pgacct:kind=<kind>`
/// - a group role pgacct manages: `pgacct:group=<level>;db=<database name>`
///   (`db` is always the last key, its value runs to the end of the comment and may
///   contain any character).
///
/// The prefix `pgacct:` is what makes a role "managed"; the rest is `key=value` pairs
/// separated by `;`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Marker {
    User { kind: String },
    Group { level: String, database: String },
}

pub const MARKER_PREFIX: &str = "pgacct:";

impl Marker {
    pub fn text(&self) -> String {
        match self {
            Marker::User { kind } => format!("{MARKER_PREFIX}kind={kind}"),
            Marker::Group { level, database } => {
                format!("{MARKER_PREFIX}group={level};db={database}")
            }
        }
    }

    /// Read a role comment; `None` when the role is not managed by pgacct.
    pub fn parse(comment: &str) -> Option<Marker> {
        let rest = comment.strip_prefix(MARKER_PREFIX)?;
        let (head, db) = match rest.find(";db=") {
            Some(i) => (&rest[..i], Some(&rest[i + 4..])),
            None => (rest, None),
        };
        let mut kind = None;
        let mut level = None;
        for pair in head.split(';') {
            match pair.split_once('=') {
                Some(("kind", v)) => kind = Some(v.to_string()),
                Some(("group", v)) => level = Some(v.to_string()),
                _ => {}
            }
        }
        match (kind, level, db) {
            (_, Some(level), Some(db)) => Some(Marker::Group {
                level,
                database: db.to_string(),
            }),
            (Some(kind), None, _) => Some(Marker::User { kind }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_match_the_issue_table() {
        let ks = builtins();
        let names: Vec<_> = ks.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(names, ["app", "k8s", "devqa", "devlead", "readonly", "dba"]);
        let by = |n: &str| ks.iter().find(|k| k.name == n).unwrap().clone();
        assert_eq!(by("app").conn_limit, 200);
        assert_eq!(by("app").name_rule, NameRule::ServerPort);
        assert_eq!(by("app").default_expiry, None);
        assert_eq!(by("k8s").name_rule, NameRule::PrefixFarm);
        assert_eq!(by("k8s").default_expiry, None);
        assert_eq!(by("devqa").access, Access::Write);
        assert_eq!(by("devlead").access, Access::Owner);
        assert!(by("readonly").read_only_default_tx);
        assert_eq!(by("readonly").access, Access::Read);
        let dba = by("dba");
        assert!(dba.createdb && dba.createrole);
        assert_eq!(dba.access, Access::None);
        for n in ["devqa", "devlead", "readonly", "dba"] {
            assert_eq!(by(n).conn_limit, 20, "{n}");
        }
    }

    #[test]
    fn stored_settings_override_and_add() {
        let stored = vec![
            (
                "readonly".to_string(),
                r#"{"conn_limit":10,"default_expiry":"30d"}"#.to_string(),
            ),
            (
                "analyst".to_string(),
                r#"{"access":"read","conn_limit":5}"#.to_string(),
            ),
        ];
        let ks = effective(&stored).unwrap();
        let ro = find(&ks, "readonly").unwrap();
        assert_eq!(ro.conn_limit, 10);
        assert_eq!(ro.default_expiry, Some(Duration::from_secs(30 * DAY)));
        assert!(ro.customized && ro.builtin);
        assert!(ro.read_only_default_tx);
        let an = find(&ks, "analyst").unwrap();
        assert_eq!(an.access, Access::Read);
        assert_eq!(an.conn_limit, 5);
        assert!(!an.builtin);
        assert_eq!(ks.last().unwrap().name, "analyst");
        assert_eq!(find(&ks, "nope").unwrap_err().exit_code().code(), 2);
    }

    #[test]
    fn bad_stored_settings_name_the_kind() {
        let e = effective(&[("devqa".into(), "{not json".into())]).unwrap_err();
        assert!(e.message.contains("devqa"), "{}", e.message);
        let e = effective(&[("devqa".into(), r#"{"conn_limit":0}"#.into())]).unwrap_err();
        assert_eq!(e.exit_code().code(), 2);
    }

    #[test]
    fn settings_round_trip_through_json() {
        for k in builtins() {
            let s = KindSettings::of(&k);
            let json = serde_json::to_string(&s).unwrap();
            let back: KindSettings = serde_json::from_str(&json).unwrap();
            let mut k2 = apply_settings(&custom_base(&k.name), &back).unwrap();
            k2.builtin = true;
            k2.customized = false;
            assert_eq!(k2, k, "{json}");
        }
    }

    #[test]
    fn attributes_and_names_are_checked() {
        assert_eq!(
            parse_attributes("createdb, createrole").unwrap(),
            ["createdb", "createrole"]
        );
        assert!(parse_attributes("none").unwrap().is_empty());
        assert_eq!(
            parse_attributes("superuser")
                .unwrap_err()
                .exit_code()
                .code(),
            2
        );
        assert!(validate_kind_name("analyst_2").is_ok());
        for bad in ["", "2x", "Analyst", "a-b", &"a".repeat(33)] {
            assert!(validate_kind_name(bad).is_err(), "{bad:?}");
        }
        assert_eq!(Access::parse("owner").unwrap(), Access::Owner);
        assert!(Access::parse("all").is_err());
        assert_eq!(
            NameRule::parse("prefix_farm").unwrap(),
            NameRule::PrefixFarm
        );
    }

    #[test]
    fn markers_round_trip() {
        let u = Marker::User {
            kind: "devqa".into(),
        };
        assert_eq!(u.text(), "pgacct:kind=devqa");
        assert_eq!(Marker::parse(&u.text()), Some(u));
        let g = Marker::Group {
            level: "read".into(),
            database: "we;ird db=x".into(),
        };
        assert_eq!(g.text(), "pgacct:group=read;db=we;ird db=x");
        assert_eq!(Marker::parse(&g.text()), Some(g));
        assert_eq!(Marker::parse("made by hand"), None);
        assert_eq!(Marker::parse("pgacct:"), None);
    }
}
