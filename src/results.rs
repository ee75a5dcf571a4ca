//! Typed results: what a command reports per target, built as Rust values and turned
//! into JSON in one place ([`TargetReport`]'s `Serialize`) and into tables in one place
//! (per verb, here).
//!
//! JSON keys come out sorted, nested objects too, as they always have (docs/json.md is
//! tested against real output byte for byte): a report is serialized through
//! `serde_json::Value`, whose objects keep their keys in order.

use crate::error::Error;
use crate::inventory::targets::Target;
use crate::output::{Grid, Output, sanitize, yes_no};
use crate::secret::Reveal;
use serde::{Serialize, Serializer};

/// Who and where: the fields every per-target result starts with.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TargetFields {
    pub username: String,
    pub env: String,
    pub database: String,
    pub hostname: String,
    pub port: u16,
}

impl TargetFields {
    pub fn of(target: &Target, role: &str) -> TargetFields {
        TargetFields {
            username: role.to_string(),
            env: target.env.clone(),
            database: target.database.clone(),
            hostname: target.host.clone(),
            port: target.port,
        }
    }

    /// `env/db`.
    pub fn target(&self) -> String {
        format!("{}/{}", self.env, self.database)
    }
}

/// One target's result: where, what the verb reports, and the error if it failed there
/// (the same object as on stderr, docs/json.md "Errors").
#[derive(Debug, Clone)]
pub struct TargetReport {
    pub at: TargetFields,
    pub report: VerbReport,
    pub error: Option<Error>,
}

/// What each verb reports on a target.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum VerbReport {
    /// `user find`.
    Find(FindReport),
    /// A verb that changes a role: `user reset`, `search-path`, `lock`, `unlock`,
    /// `revoke`, `drop`, `repair`, and `undo`.
    Change(Box<ChangeReport>),
}

impl VerbReport {
    /// The new password this result shows, if any.
    fn password(&self) -> Option<&Reveal> {
        match self {
            VerbReport::Change(c) => c.password.as_ref(),
            VerbReport::Find(_) => None,
        }
    }
}

impl Serialize for TargetReport {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Flat<'a> {
            #[serde(flatten)]
            at: &'a TargetFields,
            #[serde(flatten)]
            report: &'a VerbReport,
            #[serde(skip_serializing_if = "Option::is_none")]
            error: Option<serde_json::Value>,
        }
        use serde::ser::SerializeMap;
        let flat = Flat {
            at: &self.at,
            report: &self.report,
            error: self.error.as_ref().map(Error::to_json),
        };
        // Through a Value: its objects sort their keys, the order the JSON always had.
        // The password is not in it (`serde(skip)`): it goes from its Reveal straight
        // into the writer, at its place in that order.
        let serde_json::Value::Object(fields) =
            serde_json::to_value(&flat).map_err(serde::ser::Error::custom)?
        else {
            return Err(serde::ser::Error::custom("a report is an object"));
        };
        let mut password = self.report.password();
        let mut m = s.serialize_map(Some(fields.len() + usize::from(password.is_some())))?;
        for (k, v) in &fields {
            if k.as_str() > "password" {
                if let Some(pw) = password.take() {
                    m.serialize_entry("password", pw)?;
                }
            }
            m.serialize_entry(k, v)?;
        }
        if let Some(pw) = password {
            m.serialize_entry("password", pw)?;
        }
        m.end()
    }
}

impl TargetReport {
    pub fn new(at: TargetFields, report: VerbReport) -> TargetReport {
        TargetReport {
            at,
            report,
            error: None,
        }
    }

    pub fn with_error(mut self, e: Error) -> TargetReport {
        self.error = Some(e);
        self
    }

    /// Print this result for people.
    pub fn print(&self, out: &Output) {
        match &self.report {
            VerbReport::Find(f) => f.print(out, &self.at),
            VerbReport::Change(_) => out.print(results_table(out, std::slice::from_ref(self), &[])),
        }
    }
}

/// `user find` on one target: whether the role is there (None when the target could not
/// be read) and, when it is, everything about it.
#[derive(Debug, Clone, Serialize)]
pub struct FindReport {
    pub found: Option<bool>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub role: Option<Box<FoundRole>>,
}

/// A role as `user find` reports it: its attributes (`RoleInfo` without its name) and
/// what it has on the target and in the cluster.
#[derive(Debug, Clone, Serialize)]
pub struct FoundRole {
    pub admin: bool,
    pub login: bool,
    pub superuser: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub superuser_via: Option<String>,
    pub createdb: bool,
    pub createrole: bool,
    pub replication: bool,
    pub bypassrls: bool,
    pub connection_limit: i32,
    pub valid_until: Option<String>,
    pub expired: bool,
    pub member_of: Vec<String>,
    pub managed: bool,
    pub kind: Option<String>,
    pub comment: Option<String>,
    pub sessions: i64,
    pub settings: Vec<crate::catalog::inspect::DbSetting>,
    pub memberships: Vec<FoundMembership>,
    pub privileges: Vec<PrivilegeGroup>,
    pub owned_objects: Vec<String>,
    pub owned_objects_count: i64,
    pub owns_objects_in: Vec<crate::catalog::inspect::OwnedIn>,
    pub databases_owned: Vec<String>,
}

impl FoundRole {
    /// The role's attributes from the catalog; the rest starts empty.
    pub fn of(r: crate::catalog::inspect::RoleInfo) -> FoundRole {
        FoundRole {
            admin: r.admin,
            login: r.login,
            superuser: r.superuser,
            superuser_via: r.superuser_via,
            createdb: r.createdb,
            createrole: r.createrole,
            replication: r.replication,
            bypassrls: r.bypassrls,
            connection_limit: r.connection_limit,
            valid_until: r.valid_until,
            expired: r.expired,
            member_of: r.member_of,
            managed: r.managed,
            kind: r.kind,
            comment: r.comment,
            sessions: r.sessions,
            settings: vec![],
            memberships: vec![],
            privileges: vec![],
            owned_objects: vec![],
            owned_objects_count: 0,
            owns_objects_in: vec![],
            databases_owned: vec![],
        }
    }
}

/// A direct membership, with the database whose pgacct group it is.
#[derive(Debug, Clone, Serialize)]
pub struct FoundMembership {
    pub group: String,
    pub admin_option: bool,
    pub pgacct_group_of: Option<String>,
}

/// Privileges on one object from one source (`owner`, `direct`, a group).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PrivilegeGroup {
    pub object: String,
    pub privileges: Vec<String>,
    pub via: String,
}

impl FindReport {
    fn print(&self, out: &Output, at: &TargetFields) {
        let opt = |v: &Option<String>| v.as_deref().map(sanitize).unwrap_or_default();
        let list = |v: &[String]| v.iter().map(|x| sanitize(x)).collect::<Vec<_>>().join(", ");
        let mut t = out.table(&["field", "value"]);
        t.add_row(vec![
            "target".into(),
            format!("{}/{}", sanitize(&at.env), sanitize(&at.database)),
        ]);
        t.add_row(vec!["username".into(), sanitize(&at.username)]);
        t.add_row(vec![
            "found".into(),
            self.found
                .map(|f| yes_no(f).to_string())
                .unwrap_or_default(),
        ]);
        let (Some(true), Some(r)) = (self.found, self.role.as_deref()) else {
            out.print(t);
            return;
        };
        for (k, v) in [
            ("admin", yes_no(r.admin).to_string()),
            ("login", yes_no(r.login).to_string()),
            ("superuser", yes_no(r.superuser).to_string()),
            ("createdb", yes_no(r.createdb).to_string()),
            ("createrole", yes_no(r.createrole).to_string()),
            ("replication", yes_no(r.replication).to_string()),
            ("bypassrls", yes_no(r.bypassrls).to_string()),
            ("connection limit", r.connection_limit.to_string()),
            ("valid until", opt(&r.valid_until)),
            ("expired", yes_no(r.expired).to_string()),
            ("member of", list(&r.member_of)),
            ("managed", yes_no(r.managed).to_string()),
            ("kind", opt(&r.kind)),
            ("sessions", r.sessions.to_string()),
            ("owned objects count", r.owned_objects_count.to_string()),
            ("databases owned", list(&r.databases_owned)),
        ] {
            t.add_row(vec![k.to_string(), v]);
        }
        for st in &r.settings {
            let db = st.database.as_deref().unwrap_or("(all databases)");
            let values: Vec<String> = st.settings.iter().map(|s| sanitize(s)).collect();
            t.add_row(vec![
                format!("settings in {}", sanitize(db)),
                values.join("\n"),
            ]);
        }
        let owns: Vec<String> = r
            .owns_objects_in
            .iter()
            .map(|d| format!("{} ({})", sanitize(&d.database), d.objects))
            .collect();
        // Listed even when empty, and so is the privileges table below.
        t.add_row(vec!["owns objects in".into(), owns.join(", ")]);
        out.print(t);
        let mut pt = out.table(&["object", "privileges", "via"]);
        for p in &r.privileges {
            pt.add_row(vec![
                sanitize(&p.object),
                p.privileges.join(", "),
                sanitize(&p.via),
            ]);
        }
        out.print(pt);
        if !r.owned_objects.is_empty() {
            out.print(format!(
                "owns in {}: {}",
                sanitize(&at.database),
                list(&r.owned_objects)
            ));
        }
    }
}

/// What a verb that changes a role reports on one target, beyond where: typed fields,
/// each present in the JSON only when set (`Some`); `Some(None)` is a JSON null
/// (docs/json.md, per verb).
#[derive(Debug, Clone, Default, Serialize)]
pub struct ChangeReport {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changed: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
    /// The plan's statements (a dry run).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sql: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audit_id: Option<Option<i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sessions_open: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sessions_terminated: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sessions_still_open: Option<i64>,
    /// The new password (reset), shown once: serialized by [`TargetReport`] from the
    /// Reveal itself.
    #[serde(skip)]
    pub password: Option<Reveal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search_path: Option<SearchPathValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_search_path: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing_schemas: Option<Vec<String>>,
    /// `revoke`: what was taken away.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoked: Option<AccessList>,
    /// `undo` of a revoke: what was given back.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub granted: Option<AccessList>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub still_has: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remaining_privileges: Option<Vec<RemainingPrivilege>>,
    /// `drop`: the preflight report, as lines and as data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preflight: Option<crate::plan::drop::Preflight>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub databases_done: Option<Vec<String>>,
    /// `repair`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repaired: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_repaired: Option<Vec<String>>,
    /// `undo`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undo_of: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undone_action: Option<String>,
}

/// `search_path` in a result: the schemas set (`user search-path`), or the setting
/// restored by an undo (null: none).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum SearchPathValue {
    Schemas(Vec<String>),
    Setting(Option<String>),
}

/// Groups and privileges (`revoke`'s `revoked`, undo's `granted`).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct AccessList {
    pub groups: Vec<String>,
    pub privileges: Vec<String>,
}

/// A privilege the role keeps after a revoke.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RemainingPrivilege {
    pub object: String,
    pub privilege: String,
    pub via: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub granted_by: Option<String>,
}

impl ChangeReport {
    /// Take every field `other` sets (later facts win, as the steps of a run report
    /// them: prepare, apply, after the commit).
    pub fn merge(&mut self, other: ChangeReport) {
        macro_rules! take {
            ($($f:ident),*) => { $( if other.$f.is_some() { self.$f = other.$f; } )* };
        }
        take!(
            status,
            changed,
            dry_run,
            sql,
            audit_id,
            kind,
            valid_until,
            warning,
            sessions_open,
            sessions_terminated,
            sessions_still_open,
            password,
            password_file,
            search_path,
            previous_search_path,
            missing_schemas,
            revoked,
            granted,
            still_has,
            remaining_privileges,
            report,
            preflight,
            databases_done,
            repaired,
            not_repaired,
            undo_of,
            undone_action
        );
    }

    /// A column's cell in the results table, by its JSON key (None: not set).
    fn cell(&self, key: &str) -> Option<String> {
        let list = |v: &[String]| v.iter().map(|s| sanitize(s)).collect::<Vec<_>>().join("\n");
        let opt = |v: &Option<String>| v.as_deref().map(sanitize).unwrap_or_default();
        Some(match key {
            "status" => sanitize(self.status.as_deref()?),
            "changed" => yes_no(self.changed?).to_string(),
            "password" => crate::output::password_cell(self.password.as_ref()?),
            "password_file" => sanitize(self.password_file.as_deref()?),
            "sessions_terminated" => self.sessions_terminated?.to_string(),
            "sessions_open" => self.sessions_open?.to_string(),
            "sessions_still_open" => self.sessions_still_open?.to_string(),
            "warning" => sanitize(self.warning.as_deref()?),
            "search_path" => match self.search_path.as_ref()? {
                SearchPathValue::Schemas(s) => list(s),
                SearchPathValue::Setting(s) => opt(s),
            },
            "missing_schemas" => list(self.missing_schemas.as_deref()?),
            "still_has" => list(self.still_has.as_deref()?),
            "databases_done" => list(self.databases_done.as_deref()?),
            "repaired" => list(self.repaired.as_deref()?),
            "not_repaired" => list(self.not_repaired.as_deref()?),
            "undone_action" => sanitize(self.undone_action.as_deref()?),
            "kind" => opt(self.kind.as_ref()?),
            "valid_until" => opt(self.valid_until.as_ref()?),
            _ => return None,
        })
    }
}

/// The results table of verbs that change roles: target, username, status, changed,
/// then the `extra` columns (JSON keys) that any result sets, named as words.
pub fn results_table(out: &Output, results: &[TargetReport], extra: &[&str]) -> Grid {
    fn change(r: &TargetReport) -> Option<&ChangeReport> {
        match &r.report {
            VerbReport::Change(c) => Some(c),
            VerbReport::Find(_) => None,
        }
    }
    let none = ChangeReport::default();
    let present: Vec<&str> = extra
        .iter()
        .copied()
        .filter(|k| {
            results
                .iter()
                .any(|r| change(r).is_some_and(|c| c.cell(k).is_some()))
        })
        .collect();
    let spaced: Vec<String> = present.iter().map(|k| k.replace('_', " ")).collect();
    let mut headers = vec!["target", "username", "status", "changed"];
    headers.extend(spaced.iter().map(String::as_str));
    let mut t = out.table(&headers);
    for r in results {
        let c = change(r).unwrap_or(&none);
        let mut row = vec![
            format!("{}/{}", sanitize(&r.at.env), sanitize(&r.at.database)),
            sanitize(&r.at.username),
            c.cell("status").unwrap_or_default(),
            c.cell("changed").unwrap_or_default(),
        ];
        row.extend(present.iter().map(|k| c.cell(k).unwrap_or_default()));
        t.add_row(row);
    }
    t
}

/// What a change records for `undo` (the audit row's `undo` JSON), one type per action;
/// written with [`UndoPayload::to_value`] and read back with [`UndoPayload::parse`]. The
/// stored JSON is what it always was (keys sorted), so entries written before read the
/// same.
#[derive(Debug, Clone, PartialEq)]
pub enum UndoPayload {
    /// `user create`.
    Create(CreateUndo),
    /// `user lock` and `user unlock`: the login state before.
    Login(LoginUndo),
    /// `user search-path`.
    SearchPath(SearchPathUndo),
    /// `user revoke` (and the undo of one, which records what it gave back).
    Revoke(RevokeUndo),
    /// `user repair` (and its undo).
    Repair(RepairUndo),
    /// `kinds set` (and its undo).
    KindsSet(KindsSetUndo),
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct CreateUndo {
    pub database: String,
    pub role: String,
    /// The role, when this entry created it (else it existed and only got access).
    pub created_role: Option<String>,
    pub created_groups: Vec<String>,
    pub granted_groups: Vec<String>,
    pub settings_set: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct LoginUndo {
    pub prior: crate::plan::lifecycle::LoginState,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct SearchPathUndo {
    pub database: String,
    /// The search_path set in that database before (None: none was set).
    pub previous: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct RevokeUndo {
    pub database: String,
    pub revoked: crate::plan::lifecycle::Revoked,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct RepairUndo {
    pub database: String,
    pub before: crate::plan::repair::RoleShape,
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct KindsSetUndo {
    pub kind: String,
    /// The kind's settings document before (None: the built-in, or no such kind).
    pub previous_settings: Option<serde_json::Value>,
}

impl UndoPayload {
    /// The JSON the audit row stores.
    pub fn to_value(&self) -> serde_json::Value {
        let v = match self {
            UndoPayload::Create(u) => serde_json::to_value(u),
            UndoPayload::Login(u) => serde_json::to_value(u),
            UndoPayload::SearchPath(u) => serde_json::to_value(u),
            UndoPayload::Revoke(u) => serde_json::to_value(u),
            UndoPayload::Repair(u) => serde_json::to_value(u),
            UndoPayload::KindsSet(u) => serde_json::to_value(u),
        };
        v.expect("undo payloads serialize")
    }

    /// Read the payload an entry of `action` recorded (None: that action has no inverse).
    pub fn parse(action: &str, v: serde_json::Value) -> Result<Option<UndoPayload>, String> {
        let e = |e: serde_json::Error| e.to_string();
        Ok(Some(match action {
            "user create" => UndoPayload::Create(serde_json::from_value(v).map_err(e)?),
            "user lock" | "user unlock" => {
                UndoPayload::Login(serde_json::from_value(v).map_err(e)?)
            }
            "user search-path" => UndoPayload::SearchPath(serde_json::from_value(v).map_err(e)?),
            "user revoke" | "undo user revoke" => {
                UndoPayload::Revoke(serde_json::from_value(v).map_err(e)?)
            }
            "user repair" | "undo user repair" => {
                UndoPayload::Repair(serde_json::from_value(v).map_err(e)?)
            }
            "kinds set" | "undo kinds set" => {
                UndoPayload::KindsSet(serde_json::from_value(v).map_err(e)?)
            }
            _ => return Ok(None),
        }))
    }
}

/// `undo` of an entry that was undone already: nothing is run. Fields in key order (the
/// JSON's order).
#[derive(Debug, Clone, Serialize)]
pub struct AlreadyUndone {
    pub action: String,
    pub changed: bool,
    pub database: Option<String>,
    pub env: Option<String>,
    pub status: &'static str,
    pub undo_of: i64,
    pub undone_action: String,
    pub undone_by: i64,
    pub username: Option<String>,
}

/// `undo` of a `kinds set` (an inventory change, no target). Fields in key order.
#[derive(Debug, Clone, Serialize)]
pub struct KindsUndoReport {
    pub audit_id: i64,
    pub changed: bool,
    pub dry_run: bool,
    pub kind: String,
    pub status: &'static str,
    pub undo_of: i64,
    pub undone_action: String,
}

/// `registry enable|disable|remove`: what happened to the target. Fields in key order
/// (the JSON's order).
#[derive(Debug, Clone, Serialize)]
pub struct RegistryChange<'a> {
    /// enable/disable: whether the target is active now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    pub changed: bool,
    pub database: &'a str,
    pub env: &'a str,
    pub status: &'a str,
}

/// `audit reads` without a value: whether reads are logged, and why.
#[derive(Debug, Clone, Serialize)]
pub struct ReadsSetting<'a> {
    pub reads: &'a str,
    pub source: &'a str,
}

/// `audit reads on|off`. Fields in key order.
#[derive(Debug, Clone, Serialize)]
pub struct ReadsChange<'a> {
    pub audit_id: i64,
    pub changed: bool,
    pub reads: &'a str,
}

/// `notify remove`. Fields in key order.
#[derive(Debug, Clone, Serialize)]
pub struct ChannelRemoved<'a> {
    pub audit_id: i64,
    pub changed: bool,
    pub id: i64,
    pub kind: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn at() -> TargetFields {
        TargetFields {
            username: "jsmith".into(),
            env: "dev".into(),
            database: "app".into(),
            hostname: "db1".into(),
            port: 5432,
        }
    }

    /// Byte for byte the JSON the results had when they were maps (keys sorted, a null
    /// where a field was set to null, absent where it was not set), the password at its
    /// place among the keys.
    #[test]
    fn a_change_report_serializes_as_the_sorted_object_it_always_was() {
        let pw = crate::secret::Secret::new("pw-123".into());
        let r = TargetReport::new(
            at(),
            VerbReport::Change(Box::new(ChangeReport {
                status: Some("password reset".into()),
                changed: Some(true),
                audit_id: Some(Some(7)),
                kind: Some(None),
                valid_until: Some(None),
                sessions_open: Some(0),
                password: Some(pw.reveal()),
                ..Default::default()
            })),
        );
        let want = json!({
            "username": "jsmith", "env": "dev", "database": "app", "hostname": "db1",
            "port": 5432, "status": "password reset", "changed": true, "audit_id": 7,
            "kind": null, "valid_until": null, "sessions_open": 0, "password": "pw-123",
        });
        assert_eq!(
            serde_json::to_string_pretty(&r).unwrap(),
            serde_json::to_string_pretty(&want).unwrap()
        );
        // A failed one: audit_id null, the error object as on stderr.
        let e = Error::failed("boom").on("dev/app");
        let r = TargetReport::new(
            at(),
            VerbReport::Change(Box::new(ChangeReport {
                status: Some("failed".into()),
                changed: Some(false),
                audit_id: Some(None),
                ..Default::default()
            })),
        )
        .with_error(e.clone());
        let mut want = json!({
            "username": "jsmith", "env": "dev", "database": "app", "hostname": "db1",
            "port": 5432, "status": "failed", "changed": false, "audit_id": null,
        });
        want["error"] = e.to_json();
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            serde_json::to_string(&want).unwrap()
        );
    }

    #[test]
    fn undo_payloads_store_what_they_stored_and_read_back_as_their_type() {
        let v = UndoPayload::SearchPath(SearchPathUndo {
            database: "app".into(),
            previous: None,
        })
        .to_value();
        assert_eq!(v, json!({ "database": "app", "previous": null }));
        assert_eq!(
            UndoPayload::parse("user search-path", v).unwrap(),
            Some(UndoPayload::SearchPath(SearchPathUndo {
                database: "app".into(),
                previous: None,
            }))
        );
        // An entry of a create written by any version: only what undo reads is needed.
        let Some(UndoPayload::Create(c)) =
            UndoPayload::parse("user create", json!({ "created_role": "jsmith" })).unwrap()
        else {
            panic!("a create payload")
        };
        assert_eq!(c.created_role.as_deref(), Some("jsmith"));
        assert!(UndoPayload::parse("user revoke", json!({ "database": "app" })).is_err());
        assert_eq!(UndoPayload::parse("user reset", json!({})).unwrap(), None);
    }
}
