//! `pgacct report`: the fleet at a glance. What one catalog read per database
//! ([`catalog::read`]) says about every role, turned into one [`Entry`] per role and
//! target: kind, the audit entry that created it, expiry, lock, sessions, groups, drift
//! from its kind ([`crate::plan::repair::differences`]) and findings.
//!
//! Which roles get an entry on which target (roles are cluster-wide, access is per
//! database):
//! - a pgacct user (marker `pgacct:kind=…`) on every selected target where it has a
//!   footprint: membership in one of pgacct's groups of that database, a setting there, a
//!   privilege granted to it there, or an audit entry of this inventory for that target.
//!   A user with no footprint on any selected target of its server is left out when it
//!   has access to another database of that server, and reported on the server's first
//!   target otherwise (it has no access anywhere: drift);
//! - a role without pgacct's user marker that is a member of one of pgacct's groups of
//!   the database (`not_pgacct_user_in_group`), on that target;
//! - any other login role without the marker (`unmanaged`), once per server, on the
//!   server's first selected target.
//!
//! The admin role pgacct connects as, the bootstrap superuser and pgacct's group roles
//! get no entry. Cluster-wide facts (attributes, connection limit, expiry) of a user with
//! access to several selected databases of one cluster show on each of its entries; the
//! findings summary ([`summary`]) counts each of those once per server.

pub mod catalog;

use crate::inventory::targets::Target;
use crate::kinds::{Marker, RoleKind};
use crate::plan::lifecycle::{DirectPrivilege, Membership, ObjectType};
use crate::plan::repair::{self, Difference, RoleShape};
use serde::{Deserialize, Serialize};

/// A direct membership as the report query reads it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MemberOf {
    pub group: String,
    pub admin_option: bool,
    pub comment: Option<String>,
}

/// A privilege granted to a role itself, as the report query reads it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PrivilegeGrant {
    pub object_type: String,
    pub schema: Option<String>,
    pub name: String,
    pub args: Option<String>,
    pub column: Option<String>,
    pub privilege: String,
    pub grantable: bool,
    /// Granted by a role other than the owner and the admin.
    pub granted_by: Option<String>,
}

impl PrivilegeGrant {
    fn direct(&self) -> Option<DirectPrivilege> {
        let object_type = match self.object_type.as_str() {
            "database" => ObjectType::Database,
            "schema" => ObjectType::Schema,
            "table" => ObjectType::Table,
            "sequence" => ObjectType::Sequence,
            "function" => ObjectType::Function,
            "procedure" => ObjectType::Procedure,
            _ => return None,
        };
        Some(DirectPrivilege {
            object_type,
            schema: self.schema.clone(),
            name: self.name.clone(),
            args: self.args.clone(),
            privilege: self.privilege.clone(),
            grantable: self.grantable,
            column: self.column.clone(),
        })
    }
}

/// One role of the cluster, seen from one database.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogRole {
    pub oid: u32,
    pub name: String,
    pub login: bool,
    pub superuser: bool,
    pub inherit: bool,
    pub createdb: bool,
    pub createrole: bool,
    pub replication: bool,
    pub bypassrls: bool,
    pub conn_limit: i32,
    pub valid_until: Option<String>,
    /// Seconds until VALID UNTIL (negative: expired).
    pub secs_left: Option<f64>,
    pub comment: Option<String>,
    pub member_of: Vec<MemberOf>,
    /// Settings in this database (`name=value`).
    pub settings: Vec<String>,
    pub sessions: i64,
    pub privileges: Vec<PrivilegeGrant>,
}

fn setting(settings: &[String], key: &str) -> Option<String> {
    settings.iter().find_map(|s| {
        s.split_once('=')
            .filter(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.to_string())
    })
}

impl CatalogRole {
    fn marker(&self) -> Option<Marker> {
        self.comment.as_deref().and_then(Marker::parse)
    }

    /// The user kind from pgacct's marker.
    pub fn user_kind(&self) -> Option<String> {
        match self.marker() {
            Some(Marker::User { kind }) => Some(kind),
            _ => None,
        }
    }

    fn is_group(&self) -> bool {
        matches!(self.marker(), Some(Marker::Group { .. }))
    }

    /// The database whose pgacct group `m` is, if it is one.
    fn group_db(m: &MemberOf) -> Option<String> {
        match m.comment.as_deref().and_then(Marker::parse) {
            Some(Marker::Group { database, .. }) => Some(database),
            _ => None,
        }
    }

    fn in_groups_of(&self, db: &str) -> bool {
        self.member_of
            .iter()
            .any(|m| Self::group_db(m).as_deref() == Some(db))
    }

    fn in_any_pgacct_group(&self) -> bool {
        self.member_of.iter().any(|m| Self::group_db(m).is_some())
    }

    /// What the kind defines, as this role has it in `db`; and the privileges granted
    /// directly by someone the admin cannot revoke for.
    pub fn shape(&self, db: &str) -> (RoleShape, Vec<(DirectPrivilege, String)>) {
        let mut memberships: Vec<Membership> = self
            .member_of
            .iter()
            .filter(|m| match Self::group_db(m) {
                Some(d) => d == db,
                None => true,
            })
            .map(|m| Membership {
                group: m.group.clone(),
                admin_option: m.admin_option,
            })
            .collect();
        memberships.sort();
        let mut privileges = vec![];
        let mut foreign = vec![];
        for p in &self.privileges {
            if let Some(d) = p.direct() {
                match &p.granted_by {
                    None => privileges.push(d),
                    Some(by) => foreign.push((d, by.clone())),
                }
            }
        }
        privileges.sort();
        (
            RoleShape {
                createdb: self.createdb,
                createrole: self.createrole,
                replication: self.replication,
                bypassrls: self.bypassrls,
                inherit: self.inherit,
                conn_limit: self.conn_limit,
                memberships,
                read_only: setting(&self.settings, "default_transaction_read_only"),
                role_setting: setting(&self.settings, "role"),
                privileges,
            },
            foreign,
        )
    }

    /// Every difference from `kind` in `db` (a superuser: that, not repairable).
    pub fn differences(&self, kind: &RoleKind, db: &str) -> Vec<Difference> {
        let (shape, foreign) = self.shape(db);
        let mut d = vec![];
        if self.superuser {
            d.push(Difference {
                what: "attribute",
                detail: "SUPERUSER (pgacct never makes or touches superusers)".into(),
                repairable: false,
            });
        }
        d.extend(repair::differences(
            kind,
            db,
            &shape,
            setting(&self.settings, "search_path").is_some(),
            &foreign,
        ));
        d
    }
}

/// The audit entry behind a role on a target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditInfo {
    pub audit_id: i64,
    pub time: String,
    pub actor: String,
    pub ticket: Option<String>,
    /// `ENV/DB` of that entry.
    pub target: String,
    /// `created` (this entry created the role) or `granted access` (the role existed).
    pub how: &'static str,
}

/// A completed, changing `user create` (or `user revoke`, `undo user revoke`) from the
/// inventory's audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateEntry {
    pub id: i64,
    pub action: String,
    pub time: String,
    pub actor: String,
    pub ticket: Option<String>,
    pub env: String,
    pub database: String,
    pub server: String,
    pub role: String,
    /// The entry created the role (its undo names it as `created_role`).
    pub created: bool,
}

/// The `user create` entries of the inventory, looked up by server and role.
#[derive(Debug, Default)]
pub struct AuditIndex {
    entries: Vec<CreateEntry>,
}

impl AuditIndex {
    pub fn new(mut entries: Vec<CreateEntry>) -> AuditIndex {
        entries.sort_by_key(|e| e.id);
        AuditIndex { entries }
    }

    /// The latest entry that created `role` on `server`, else the latest that gave it
    /// access to this target.
    pub fn for_role(&self, t: &Target, role: &str) -> Option<AuditInfo> {
        let server = t.server();
        let info = |e: &CreateEntry, how| AuditInfo {
            audit_id: e.id,
            time: e.time.clone(),
            actor: e.actor.clone(),
            ticket: e.ticket.clone(),
            target: format!("{}/{}", e.env, e.database),
            how,
        };
        let mine = || {
            self.entries
                .iter()
                .rev()
                .filter(|e| e.action == "user create" && e.role == role && e.server == server)
        };
        mine()
            .find(|e| e.created)
            .map(|e| info(e, "created"))
            .or_else(|| {
                mine()
                    .find(|e| e.env == t.env && e.database == t.database)
                    .map(|e| info(e, "granted access"))
            })
    }

    fn on_target(&self, t: &Target, role: &str) -> bool {
        self.here(t, role).any(|e| e.action == "user create")
    }

    /// The entries of `role` on target `t`, newest first.
    fn here<'a>(&'a self, t: &'a Target, role: &'a str) -> impl Iterator<Item = &'a CreateEntry> {
        let server = t.server();
        self.entries.iter().rev().filter(move |e| {
            e.role == role && e.server == server && e.env == t.env && e.database == t.database
        })
    }

    /// `user revoke` took the role's access to this target after its last create (and no
    /// undo gave it back): a missing group membership there is intended, not drift.
    pub fn revoked(&self, t: &Target, role: &str) -> bool {
        self.here(t, role)
            .next()
            .is_some_and(|e| e.action == "user revoke")
    }
}

/// Finding codes, in the order they are listed.
pub const FINDINGS: [&str; 9] = [
    "drift",
    "expired",
    "expiring",
    "unmanaged",
    "not_pgacct_user_in_group",
    "no_audit_entry",
    "unknown_kind",
    "locked_with_sessions",
    "unreachable",
];

/// One role on one target (or, with `status: unreachable`, a target that could not be
/// read). Every key is always present (null when not known); see docs/json.md.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub target: String,
    pub env: String,
    pub database: String,
    pub server: String,
    /// `ok` or `unreachable`.
    pub status: &'static str,
    pub role: Option<String>,
    /// The pgacct kind from the role's marker (null: not a pgacct user).
    pub kind: Option<String>,
    pub managed: bool,
    pub login: bool,
    /// A pgacct user that cannot log in (NOLOGIN, `user lock`).
    pub locked: bool,
    /// `user revoke` took its access to this target (its missing group is not drift).
    pub revoked: bool,
    pub superuser: bool,
    pub valid_until: Option<String>,
    /// Whole days until VALID UNTIL, rounded up (negative once expired).
    pub days_left: Option<i64>,
    pub expired: bool,
    /// VALID UNTIL falls within the window (`--expiring-within`, default 14d).
    pub expiring: bool,
    pub sessions: i64,
    pub connection_limit: Option<i32>,
    /// Every role it is a direct member of.
    pub groups: Vec<String>,
    pub created: Option<AuditInfo>,
    pub drift: Vec<Difference>,
    /// Finding codes ([`FINDINGS`]); empty when all is well.
    pub findings: Vec<&'static str>,
    /// Why the target could not be read (status `unreachable`).
    pub error: Option<serde_json::Value>,
}

impl Entry {
    /// The target that could not be read.
    pub fn unreachable(t: &Target, error: serde_json::Value) -> Entry {
        Entry {
            target: t.name(),
            env: t.env.clone(),
            database: t.database.clone(),
            server: t.server(),
            status: "unreachable",
            role: None,
            kind: None,
            managed: false,
            login: false,
            locked: false,
            revoked: false,
            superuser: false,
            valid_until: None,
            days_left: None,
            expired: false,
            expiring: false,
            sessions: 0,
            connection_limit: None,
            groups: vec![],
            created: None,
            drift: vec![],
            findings: vec!["unreachable"],
            error: Some(error),
        }
    }

    /// The matrix cell: kind (or `unmanaged`, `member`) and what is wrong or notable.
    pub fn cell(&self) -> String {
        if self.status != "ok" {
            return "unreachable".into();
        }
        let mut s = match (&self.kind, self.findings.contains(&"unmanaged")) {
            (Some(k), _) => k.clone(),
            (None, true) => "unmanaged".into(),
            (None, false) => "not pgacct".into(),
        };
        let mut notes: Vec<String> = vec![];
        if !self.drift.is_empty() {
            notes.push(format!("drift ({})", self.drift.len()));
        }
        if self.expired {
            notes.push("expired".into());
        } else if self.expiring {
            notes.push(format!("expires in {}d", self.days_left.unwrap_or(0)));
        }
        if self.locked {
            notes.push("locked".into());
        }
        if self.revoked {
            notes.push("revoked".into());
        }
        for f in ["not_pgacct_user_in_group", "no_audit_entry", "unknown_kind"] {
            if self.findings.contains(&f) {
                notes.push(f.replace('_', " "));
            }
        }
        if !notes.is_empty() {
            s.push_str(": ");
            s.push_str(&notes.join(", "));
        }
        s
    }
}

/// One reached target of a server and what its catalog said.
pub struct TargetRead {
    pub target: Target,
    pub admin: String,
    pub roles: Vec<CatalogRole>,
}

/// The entries of the reached targets of ONE server (in target order, roles by name).
pub fn server_entries(
    reads: &[TargetRead],
    kinds: &[RoleKind],
    audit: &AuditIndex,
    window_secs: f64,
) -> Vec<Entry> {
    let mut out: Vec<Entry> = vec![];
    let mut placed: std::collections::HashSet<String> = Default::default();
    let mut homeless: Vec<String> = vec![];
    for read in reads {
        let t = &read.target;
        let db = t.database.as_str();
        for r in &read.roles {
            if r.name == read.admin || r.is_group() {
                continue;
            }
            let here = match r.user_kind() {
                Some(_) => {
                    r.in_groups_of(db)
                        || !r.settings.is_empty()
                        || !r.privileges.is_empty()
                        || audit.on_target(t, &r.name)
                }
                None => r.in_groups_of(db),
            };
            if here {
                placed.insert(r.name.clone());
                out.push(entry(t, r, kinds, audit, window_secs));
            } else if !homeless.contains(&r.name) {
                homeless.push(r.name.clone());
            }
        }
    }
    // Roles with no footprint on any selected target: once, on the first target.
    if let Some(first) = reads.first() {
        for r in &first.roles {
            if !homeless.contains(&r.name) || placed.contains(&r.name) {
                continue;
            }
            let report = match r.user_kind() {
                Some(_) => !r.in_any_pgacct_group(),
                None => r.login,
            };
            if report {
                out.push(entry(&first.target, r, kinds, audit, window_secs));
            }
        }
    }
    let order = |t: &str| reads.iter().position(|x| x.target.name() == t);
    out.sort_by(|a, b| {
        order(&a.target)
            .cmp(&order(&b.target))
            .then_with(|| a.role.cmp(&b.role))
    });
    out
}

fn entry(
    t: &Target,
    r: &CatalogRole,
    kinds: &[RoleKind],
    audit: &AuditIndex,
    window: f64,
) -> Entry {
    let db = t.database.as_str();
    let kind = r.user_kind();
    let mut findings = vec![];
    let mut drift = vec![];
    let created = kind.as_ref().and_then(|_| audit.for_role(t, &r.name));
    let revoked = kind.is_some() && audit.revoked(t, &r.name);
    if let Some(k) = &kind {
        match kinds.iter().find(|x| &x.name == k) {
            Some(def) => {
                drift = r.differences(def, db);
                if revoked {
                    drift.retain(|d| {
                        !(d.what == "membership" && d.detail.starts_with("not a member of"))
                    });
                }
            }
            None => findings.push("unknown_kind"),
        }
    }
    if !drift.is_empty() {
        findings.push("drift");
    }
    let expired = r.secs_left.is_some_and(|s| s <= 0.0);
    let expiring = r.secs_left.is_some_and(|s| s > 0.0 && s <= window);
    if expired {
        findings.push("expired");
    }
    if expiring {
        findings.push("expiring");
    }
    if kind.is_none() && r.login {
        findings.push("unmanaged");
    }
    if kind.is_none() && r.in_groups_of(db) {
        findings.push("not_pgacct_user_in_group");
    }
    if kind.is_some() && created.is_none() {
        findings.push("no_audit_entry");
    }
    let locked = kind.is_some() && !r.login;
    if locked && r.sessions > 0 {
        findings.push("locked_with_sessions");
    }
    findings.sort_by_key(|f| FINDINGS.iter().position(|x| x == f));
    Entry {
        target: t.name(),
        env: t.env.clone(),
        database: t.database.clone(),
        server: t.server(),
        status: "ok",
        role: Some(r.name.clone()),
        managed: kind.is_some(),
        kind,
        login: r.login,
        locked,
        revoked,
        superuser: r.superuser,
        valid_until: r.valid_until.clone(),
        days_left: r.secs_left.map(|s| (s / 86_400.0).ceil() as i64),
        expired,
        expiring,
        sessions: r.sessions,
        connection_limit: Some(r.conn_limit),
        groups: r.member_of.iter().map(|m| m.group.clone()).collect(),
        created,
        drift,
        findings,
        error: None,
    }
}

/// Findings counted once each: per role and target, except that cluster-wide facts
/// (expiry, unmanaged, attributes, connection limit) count once per server and role.
pub fn summary(entries: &[Entry]) -> Vec<(String, usize)> {
    let mut seen: std::collections::HashSet<(String, String, String)> = Default::default();
    let mut counts: Vec<(String, usize)> = FINDINGS.iter().map(|f| (f.to_string(), 0)).collect();
    for e in entries {
        for f in &e.findings {
            let cluster_wide = matches!(*f, "expired" | "expiring" | "unmanaged");
            let place = if cluster_wide || *f == "unreachable" {
                e.server.clone() + if *f == "unreachable" { &e.target } else { "" }
            } else {
                e.target.clone()
            };
            let key = (f.to_string(), place, e.role.clone().unwrap_or_default());
            if seen.insert(key) {
                if let Some(c) = counts.iter_mut().find(|(n, _)| n == f) {
                    c.1 += 1;
                }
            }
        }
    }
    counts.retain(|(_, n)| *n > 0);
    counts
}
