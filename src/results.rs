//! Typed results: what a command reports per target, built as Rust values and turned
//! into JSON in one place ([`TargetReport`]'s `Serialize`) and into tables in one place
//! (per verb, here).
//!
//! JSON keys come out sorted, nested objects too, as they always have (docs/json.md is
//! tested against real output byte for byte): a report is serialized through
//! `serde_json::Value`, whose objects keep their keys in order.

use crate::error::Error;
use crate::inventory::targets::Target;
use crate::output::{Output, sanitize, yes_no};
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
        let flat = Flat {
            at: &self.at,
            report: &self.report,
            error: self.error.as_ref().map(Error::to_json),
        };
        // Through a Value: its objects sort their keys, the order the JSON always had.
        serde_json::to_value(&flat)
            .map_err(serde::ser::Error::custom)?
            .serialize(s)
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
