//! The plan of `user create`: a login role of a kind, and its access to one database
//! through the per-database group roles pgacct manages.
//!
//! # Group roles
//!
//! Privileges are never granted to users. Each database gets four NOLOGIN group roles,
//! one per access level, and a user is only made a member of its kind's level:
//!
//! | level   | privileges in the database                                       | member of |
//! |---------|------------------------------------------------------------------|-----------|
//! | connect | CONNECT                                                          | -         |
//! | read    | USAGE on the schemas; SELECT on tables, views, sequences         | connect   |
//! | write   | INSERT, UPDATE, DELETE on tables; USAGE, UPDATE on sequences     | read      |
//! | owner   | CREATE on the schemas                                            | write     |
//!
//! Names ([`group_name`]): `pgacct_<level>_<stem>_<hash>` where `<hash>` is the first 8
//! hex digits of SHA-256 over the database name's bytes and `<stem>` is the database
//! name lowercased, every run of characters other than `a-z0-9` turned into one `_`,
//! trimmed of `_` and cut to 32 bytes (empty for a name with no ASCII letter or digit).
//! The longest is `pgacct_connect_` + 32 + `_` + 8 = 56 bytes, so it fits 63 bytes for
//! any database name, and the hash keeps names that share a stem apart.
//!
//! # Tables created later
//!
//! Default privileges apply only to objects created by the role they are declared FOR,
//! not by its members. So for every schema pgacct declares them FOR each role that
//! creates objects there:
//! - the schema's owner (the database owner when the schema belongs to
//!   `pg_database_owner`, as `public` does since PostgreSQL 15), which covers what the
//!   application's migrations create;
//! - the admin (which often runs the migrations on cloud servers);
//! - the owners of the tables and sequences found in the schema;
//! - the database's owner group: a devlead user gets
//!   `ALTER ROLE u IN DATABASE d SET role = <owner group>`, so in that database its
//!   sessions act as the owner group from login on, and every object it creates is owned
//!   by the group (so dropping the user never trips on ownership either, and other
//!   devleads can alter it).
//!
//! Each declares SELECT on tables and sequences to the read group and INSERT, UPDATE,
//! DELETE on tables, USAGE, UPDATE on sequences to the write group. Objects created by
//! other roles (or by a devlead after `RESET ROLE`) are covered the next time
//! `user create` runs on that database, which grants on all existing tables it finds
//! ungranted.
//!
//! # What the admin needs, and what it cannot cover
//!
//! A superuser admin can do all of it. Otherwise the admin needs CREATEROLE (to create
//! the login and group roles, comment on them and grant memberships; on PostgreSQL 16+
//! also ADMIN OPTION on groups another role created, and CREATEDB to give CREATEDB) and
//! can grant only on what it owns or has the privileges of (`pg_has_role(.., 'USAGE')`):
//! the database (CONNECT), each schema (USAGE, CREATE), each table and sequence, and the
//! default privileges FOR each creator. The plan makes it a member of the owner group so
//! that it may declare default privileges for that group.
//!
//! What it cannot grant is not skipped in silence and does not fail the command:
//! - where the kind's core promise would fail (its users could not connect to the
//!   database or use a schema asked for, a devlead could not create in it; 16+ ADMIN
//!   OPTION or CREATEDB missing), the plan is refused (exit 5) before anything changes,
//!   naming the owner and the GRANT that fixes it; PUBLIC's CONNECT and USAGE count (an
//!   upgraded `public` is usable by everyone);
//! - everything else is a [`Gap`] (what, why, the SQL a superuser runs): tables owned by
//!   a role out of reach (the others are then granted one by one, since GRANT ON ALL
//!   TABLES fails on an object the admin has no privilege on), default privileges FOR a
//!   creator out of reach (the bootstrap superuser owning an upgraded `public`), CREATE
//!   for the owner group on a schema out of reach.
//!
//! A readonly kind's schema where the read group (or PUBLIC) may CREATE gets a warning:
//! its users are not read-only there (docs/SERVERS.md, `pgacct registry harden`).
//! Such an admin cannot turn statement logging off (`log_statement` is superuser-only
//! unless granted with `GRANT SET ON PARAMETER`), so with `log_statement=ddl|all` the
//! server logs the SCRAM verifier (never the password).
//!
//! # Idempotence
//!
//! Every step is planned only when the observed state lacks it, so a second run plans
//! nothing. Differences between an existing role and its kind are reported as drift,
//! never changed.

use super::{Phase, Plan, VERIFIER_PLACEHOLDER};
use crate::error::{Error, Result};
use crate::ident::{
    DbName, RoleName, SchemaName, parse_search_path, quote_literal, search_path_sql,
};
use crate::intent::guard::{RoleFacts, protected_role};
use crate::kinds::{Access, Marker, RoleKind};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The group level names, in the order of [`Access`].
pub fn level_name(a: Access) -> &'static str {
    match a {
        Access::None => "connect",
        Access::Read => "read",
        Access::Write => "write",
        Access::Owner => "owner",
    }
}

/// The level group one level below `a` (the group `a` is a member of).
fn parent(a: Access) -> Option<Access> {
    match a {
        Access::None => None,
        Access::Read => Some(Access::None),
        Access::Write => Some(Access::Read),
        Access::Owner => Some(Access::Write),
    }
}

const STEM_MAX: usize = 32;

/// The name of the group role of level `a` in `database` (see the module docs).
pub fn group_name(a: Access, database: &str) -> RoleName {
    let mut stem = String::new();
    let mut gap = false;
    for c in database.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            if gap && !stem.is_empty() {
                stem.push('_');
            }
            gap = false;
            stem.push(c);
        } else {
            gap = true;
        }
    }
    stem.truncate(STEM_MAX);
    while stem.ends_with('_') {
        stem.pop();
    }
    let hash = hex::encode(Sha256::digest(database.as_bytes()));
    let name = if stem.is_empty() {
        format!("pgacct_{}_{}", level_name(a), &hash[..8])
    } else {
        format!("pgacct_{}_{}_{}", level_name(a), stem, &hash[..8])
    };
    debug_assert!(name.len() <= crate::ident::MAX_NAME_BYTES);
    RoleName::from_catalog(name)
}

/// The planner's input for `user create` on one target (built by the command from the
/// typed `intent::create::CreateIntent` and the target's facts).
#[derive(Debug, Clone)]
pub struct CreateInput {
    pub role: RoleName,
    pub kind: RoleKind,
    pub database: DbName,
    pub schemas: Vec<SchemaName>,
    pub conn_limit: i32,
    /// RFC 3339 timestamp for VALID UNTIL of a new role.
    pub valid_until: Option<String>,
}

/// The admin the plan runs as.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AdminState {
    pub name: String,
    pub superuser: bool,
    /// May `SET LOCAL log_statement` and the other logging settings the session steps
    /// turn off (superuser, or PostgreSQL 15's SET privilege on each).
    pub can_silence_log: bool,
    /// Groups (of this database's four) the admin is a member of.
    pub member_of: Vec<String>,
    /// The admin's CREATEDB attribute (PostgreSQL 16+: needed to give CREATEDB).
    pub createdb: bool,
    /// PostgreSQL 16+ CREATEROLE rules apply (server 16 or later, admin not superuser).
    pub pg16_rules: bool,
    /// PostgreSQL 16+ rules: existing groups of this database the admin holds no ADMIN
    /// OPTION on (it cannot grant them to anyone).
    pub no_admin_option: Vec<String>,
    /// PostgreSQL 16+ rules: the admin holds ADMIN OPTION on the existing user role (or
    /// the role does not exist, or the rules do not apply).
    pub role_admin: bool,
    /// May grant on the database (superuser, or has the privileges of its owner).
    pub can_grant_connect: bool,
    /// PUBLIC has CONNECT on the database.
    pub public_connect: bool,
    /// The database's owner.
    pub db_owner: String,
}

/// An existing role.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoleState {
    pub name: String,
    pub superuser: bool,
    /// A superuser role (or `rds_superuser`) it is a member of, directly or not: it can
    /// act as that role, so it is refused like a superuser.
    pub superuser_via: Option<String>,
    pub login: bool,
    pub createdb: bool,
    pub createrole: bool,
    pub replication: bool,
    pub bypassrls: bool,
    /// -1: no limit.
    pub conn_limit: i32,
    pub valid_until: Option<String>,
    pub comment: Option<String>,
    /// Roles it is a direct member of.
    pub member_of: Vec<String>,
    /// Its settings in the target database (`name=value`, as in pg_db_role_setting).
    pub settings: Vec<String>,
}

/// One of the database's group roles.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupState {
    pub name: String,
    pub exists: bool,
    /// Roles it is a direct member of.
    pub member_of: Vec<String>,
}

/// One requested schema, as the four groups see it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SchemaState {
    pub name: String,
    pub exists: bool,
    /// The schema's owner (`pg_database_owner` for `public` since PostgreSQL 15).
    pub owner: String,
    /// The role objects in it are normally created by: its owner, or the database owner
    /// when the schema belongs to `pg_database_owner`.
    pub creator: String,
    /// The admin may grant on the schema (superuser, or has the privileges of its owner).
    pub admin_grants: bool,
    /// PUBLIC has USAGE on the schema.
    pub public_usage: bool,
    /// PUBLIC has CREATE on the schema.
    pub public_create: bool,
    /// The read group (PUBLIC while the group does not exist) may CREATE in the schema:
    /// a read-only user could create tables there.
    pub read_can_create: bool,
    /// The read group has USAGE (an explicit ACL entry).
    pub read_usage: bool,
    /// The owner group has CREATE.
    pub owner_create: bool,
    /// Some table, view or sequence the admin can grant on lacks the read/write groups'
    /// grants.
    pub tables_ungranted: bool,
    pub sequences_ungranted: bool,
    /// Tables, views and sequences lacking the groups' grants whose owner the admin
    /// cannot act as (it cannot grant on them).
    pub unreachable: Vec<ObjectState>,
    /// The tables, views and sequences the admin can grant on that lack the groups'
    /// grants (granted one by one when some in the schema are out of reach: GRANT ... ON
    /// ALL TABLES fails on an object the admin has no privilege on).
    pub ungranted: Vec<ObjectState>,
    /// The roles that create objects here (the creator, the admin, the owners of the
    /// objects found in the schema; not the owner group), first the creator.
    pub creators: Vec<CreatorState>,
    /// Default privileges FOR ROLE owner group are in place.
    pub defaults_for_owner_group: bool,
}

/// A table, view or sequence (see [`SchemaState::unreachable`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct ObjectState {
    pub name: String,
    pub owner: String,
    pub sequence: bool,
}

/// A role that creates objects in a schema, for default privileges.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct CreatorState {
    pub role: String,
    /// The admin may declare default privileges for it (superuser, or member of it).
    pub reachable: bool,
    /// Its default privileges for the read and write groups are in place.
    pub defaults: bool,
}

/// Something the admin could not set up: in words, why, and the SQL a superuser (or the
/// owner named) runs to close it. Reported in the result (`gaps`) and the audit entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gap {
    pub what: String,
    pub why: String,
    pub fix_sql: String,
}

/// What the catalog says, for one target.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Observed {
    pub admin: AdminState,
    pub role: Option<RoleState>,
    /// The four groups, in level order (connect, read, write, owner).
    pub groups: Vec<GroupState>,
    /// The connect group has CONNECT on the database.
    pub connect_granted: bool,
    pub schemas: Vec<SchemaState>,
}

/// The outcome words `user create` reports (kept from the original service).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Status {
    #[serde(rename = "user created")]
    Created,
    #[serde(rename = "user already exists")]
    AlreadyExists,
    #[serde(rename = "access granted")]
    AccessGranted,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Created => "user created",
            Status::AlreadyExists => "user already exists",
            Status::AccessGranted => "access granted",
        }
    }
}

/// The plan of one create, with what the result and the audit need to say about it.
#[derive(Debug, Clone)]
pub struct CreatePlan {
    pub plan: Plan,
    pub status: Status,
    /// The role is created by this plan (so a password is set and returned).
    pub creates_role: bool,
    /// Differences between the existing role and the kind, not changed.
    pub drift: Vec<String>,
    /// The user's pgacct groups in this database once applied.
    pub groups: Vec<String>,
    /// Groups this plan creates.
    pub created_groups: Vec<String>,
    /// Groups the user is made a member of by this plan.
    pub granted_groups: Vec<String>,
    /// Per-database settings this plan sets (`search_path`, ...).
    pub settings_set: Vec<String>,
    /// Connection limit and expiry the role has once applied.
    pub connection_limit: i32,
    pub valid_until: Option<String>,
    /// What the admin could not set up here, with the fix (see [`Gap`]).
    pub gaps: Vec<Gap>,
    /// What weakens the kind's promise without being pgacct's to change (a readonly
    /// user's schema where PUBLIC may CREATE).
    pub warnings: Vec<String>,
}

impl CreatePlan {
    pub fn changed(&self) -> bool {
        self.plan.changes()
    }

    /// What `undo` needs: the created role (only if this entry created it), the groups it
    /// was granted, the settings set.
    pub fn undo_json(&self, intent: &CreateInput) -> serde_json::Value {
        crate::results::UndoPayload::Create(crate::results::CreateUndo {
            database: intent.database.as_str().to_string(),
            role: intent.role.as_str().to_string(),
            created_role: self.creates_role.then(|| intent.role.as_str().to_string()),
            created_groups: self.created_groups.clone(),
            granted_groups: self.granted_groups.clone(),
            settings_set: self.settings_set.clone(),
        })
        .to_value()
    }
}

fn setting<'a>(settings: &'a [String], name: &str) -> Option<&'a str> {
    settings.iter().find_map(|s| {
        s.split_once('=')
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

fn same_path(have: &str, want: &[SchemaName]) -> bool {
    let have = parse_search_path(have);
    have.len() == want.len() && have.iter().zip(want).all(|(h, w)| h == w.as_str())
}

/// True when the database's shared set-up (group roles, their chain, grants on the
/// database and schemas, default privileges, the admin's membership) is incomplete, so
/// the plan touches shared objects and must run under the per-database lock.
pub fn needs_database_lock(obs: &Observed) -> bool {
    let Some(owner) = obs.groups.get(Access::Owner as usize) else {
        return true;
    };
    let groups_ok = obs.groups.iter().all(|g| g.exists)
        && Access::ALL.iter().all(|a| match parent(*a) {
            None => true,
            Some(p) => obs.groups[*a as usize]
                .member_of
                .iter()
                .any(|m| *m == obs.groups[p as usize].name),
        });
    let admin_ok = obs.admin.superuser || obs.admin.member_of.contains(&owner.name);
    let schemas_ok = obs.schemas.iter().all(|s| {
        !s.exists
            || ((s.read_usage || (!s.admin_grants && s.public_usage))
                && (s.owner_create || !s.admin_grants)
                && !s.tables_ungranted
                && !s.sequences_ungranted
                && s.creators
                    .iter()
                    .all(|c| c.defaults || !c.reachable || c.role == owner.name)
                && s.defaults_for_owner_group)
    });
    let connect_ok = obs.connect_granted || !obs.admin.can_grant_connect;
    !(groups_ok && admin_ok && schemas_ok && connect_ok)
}

/// Plan `user create` from the intent and the observed state. Refuses (exit 5) to touch
/// a protected role ([`protected_role`]); fails when a requested schema does not exist.
pub fn plan_create(intent: &CreateInput, obs: &Observed) -> Result<CreatePlan> {
    let role = &intent.role;
    let db = &intent.database;
    let kind = &intent.kind;
    let facts = obs
        .role
        .as_ref()
        .map_or(RoleFacts::named(role.as_str()), RoleFacts::from);
    if let Some(e) = protected_role(&facts, Some(&obs.admin.name)) {
        return Err(e.hint("pick another name"));
    }
    if let Some(s) = obs.schemas.iter().find(|s| !s.exists) {
        return Err(Error::not_found(format!(
            "schema {:?} does not exist in database {db}",
            s.name
        ))
        .hint("create the schema first, or pass the right --schema"));
    }
    if obs.groups.len() != 4 {
        return Err(Error::failed(
            "internal error: the observed state lacks the group roles",
        ));
    }

    let g = |a: Access| group_name(a, db.as_str());
    let gs = |a: Access| &obs.groups[a as usize];
    let mut plan = Plan::default();
    let mut created_groups = vec![];
    let creates_role = obs.role.is_none();
    let mut drift = vec![];

    // Session.
    if creates_role && obs.admin.can_silence_log {
        plan.push(
            Phase::Session,
            "SET LOCAL log_statement = 'none'",
            "turn off statement logging for this transaction",
        );
        plan.push(
            Phase::Session,
            "SET LOCAL log_min_error_statement = 'panic'",
            "keep failing statements of this transaction out of the server log",
        );
        plan.push(
            Phase::Session,
            "SET LOCAL log_min_duration_statement = -1",
            "keep this transaction's statements out of the server's duration log",
        );
        plan.push(
            Phase::Session,
            "SET LOCAL log_min_duration_sample = -1",
            "keep this transaction's statements out of the server's sampled duration log",
        );
    }

    // Create: missing groups, then the role.
    for a in Access::ALL {
        if !gs(a).exists {
            let name = g(a);
            plan.push(
                Phase::Create,
                format!("CREATE ROLE {} NOLOGIN INHERIT", name.sql()),
                format!(
                    "create group role {name} ({} in database {db})",
                    level_name(a)
                ),
            );
            plan.push(
                Phase::Alter,
                format!(
                    "COMMENT ON ROLE {} IS {}",
                    name.sql(),
                    quote_literal(
                        &Marker::Group {
                            level: level_name(a).to_string(),
                            database: db.as_str().to_string(),
                        }
                        .text()
                    )
                ),
                format!("mark {name} as managed by pgacct"),
            );
            created_groups.push(name.to_string());
        }
    }
    let (connection_limit, valid_until) = match &obs.role {
        None => {
            let mut sql = format!(
                "CREATE ROLE {} WITH LOGIN NOSUPERUSER {} {} INHERIT NOREPLICATION NOBYPASSRLS CONNECTION LIMIT {}",
                role.sql(),
                if kind.createdb {
                    "CREATEDB"
                } else {
                    "NOCREATEDB"
                },
                if kind.createrole {
                    "CREATEROLE"
                } else {
                    "NOCREATEROLE"
                },
                intent.conn_limit
            );
            if let Some(v) = &intent.valid_until {
                sql.push_str(&format!(" VALID UNTIL {}", quote_literal(v)));
            }
            sql.push_str(&format!(" PASSWORD {VERIFIER_PLACEHOLDER}"));
            plan.push_with_verifier(
                Phase::Create,
                sql,
                format!(
                    "create login role {role} (kind {}, connection limit {}{})",
                    kind.name,
                    intent.conn_limit,
                    intent
                        .valid_until
                        .as_ref()
                        .map(|v| format!(", valid until {v}"))
                        .unwrap_or_default()
                ),
                role.as_str(),
            );
            plan.push(
                Phase::Alter,
                format!(
                    "COMMENT ON ROLE {} IS {}",
                    role.sql(),
                    quote_literal(
                        &Marker::User {
                            kind: kind.name.clone()
                        }
                        .text()
                    )
                ),
                format!("mark {role} as a pgacct {} user", kind.name),
            );
            (intent.conn_limit, intent.valid_until.clone())
        }
        Some(r) => {
            if !r.login {
                drift.push("cannot log in (NOLOGIN: locked?)".to_string());
            }
            if r.createdb != kind.createdb {
                drift.push(format!(
                    "createdb is {} (kind {} says {})",
                    r.createdb, kind.name, kind.createdb
                ));
            }
            if r.createrole != kind.createrole {
                drift.push(format!(
                    "createrole is {} (kind {} says {})",
                    r.createrole, kind.name, kind.createrole
                ));
            }
            if r.replication {
                drift.push("has REPLICATION".to_string());
            }
            if r.bypassrls {
                drift.push("has BYPASSRLS".to_string());
            }
            if r.conn_limit != intent.conn_limit {
                drift.push(format!(
                    "connection limit is {} (wanted {})",
                    r.conn_limit, intent.conn_limit
                ));
            }
            match r.comment.as_deref().and_then(Marker::parse) {
                Some(Marker::User { kind: k }) if k == kind.name => {}
                Some(Marker::User { kind: k }) => {
                    drift.push(format!("managed by pgacct as kind {k}, not {}", kind.name))
                }
                _ => drift.push("not created by pgacct".to_string()),
            }
            (r.conn_limit, r.valid_until.clone())
        }
    };

    // Alter: a non-superuser admin must be a member of the owner group to declare
    // default privileges for it (and, on PostgreSQL 16, to manage the groups).
    let owner_group = g(Access::Owner);
    if !obs.admin.superuser
        && !obs
            .admin
            .member_of
            .iter()
            .any(|m| m == owner_group.as_str())
    {
        plan.push(
            Phase::Alter,
            format!(
                "GRANT {} TO {}",
                owner_group.sql(),
                crate::ident::quote_ident(&obs.admin.name)
            ),
            format!(
                "make the admin {} a member of {owner_group} (to declare default privileges for it)",
                obs.admin.name
            ),
        );
    }

    // Grant: what the admin can grant, gaps (with the fix) for what it cannot, a refusal
    // when the kind's core promise cannot be kept.
    let (connect, read, write) = (g(Access::None), g(Access::Read), g(Access::Write));
    let admin_q = crate::ident::quote_ident(&obs.admin.name);
    let mut gaps: Vec<Gap> = vec![];
    let mut warnings: Vec<String> = vec![];
    if !obs.connect_granted {
        let sql = format!(
            "GRANT CONNECT ON DATABASE {} TO {}",
            db.sql(),
            connect.sql()
        );
        if obs.admin.can_grant_connect {
            plan.push(
                Phase::Grant,
                sql,
                format!("let {connect} connect to database {db}"),
            );
        } else if !obs.admin.public_connect {
            let owner = crate::ident::quote_ident(&obs.admin.db_owner);
            return Err(Error::refused(format!(
                "{role} could not connect to database {db}: PUBLIC may not connect, and the admin {} cannot grant CONNECT (the database belongs to {}); nothing was changed",
                obs.admin.name, obs.admin.db_owner
            ))
            .hint(format!(
                "as a superuser (or {}): `GRANT {owner} TO {admin_q};` (the admin then manages the database), or once: `{sql};`",
                obs.admin.db_owner
            )));
        }
    }
    for (schema, s) in intent.schemas.iter().zip(&obs.schemas) {
        let sq = schema.sql();
        // `public` belongs to pg_database_owner since 15: the real owner is the database's.
        let owner_name = if s.owner == "pg_database_owner" {
            s.creator.as_str()
        } else {
            s.owner.as_str()
        };
        let owner_q = crate::ident::quote_ident(owner_name);
        let join_owner = format!("GRANT {owner_q} TO {admin_q};");
        if !s.read_usage {
            let sql = format!("GRANT USAGE ON SCHEMA {sq} TO {}", read.sql());
            if s.admin_grants {
                plan.push(Phase::Grant, sql, format!("let {read} use schema {schema}"));
            } else if s.public_usage {
                // PUBLIC may use it: the read group can, without a grant of its own.
            } else if kind.access >= Access::Read {
                return Err(Error::refused(format!(
                    "{role} could not read schema {schema}: it belongs to {}, which the admin {} is not a member of, so the admin cannot grant USAGE on it; nothing was changed",
                    owner_name, obs.admin.name
                ))
                .hint(format!(
                    "as a superuser (or {}): `{join_owner}` (the admin may then grant on its schemas and tables), or once: `{sql};` and grant on its tables",
                    owner_name
                )));
            } else {
                gaps.push(Gap {
                    what: format!("{read} cannot use schema {schema}"),
                    why: format!(
                        "the schema belongs to {}, which the admin {} is not a member of",
                        owner_name, obs.admin.name
                    ),
                    fix_sql: format!("{sql};"),
                });
            }
        }
        if !s.owner_create {
            let sql = format!("GRANT CREATE ON SCHEMA {sq} TO {}", owner_group.sql());
            if s.admin_grants {
                plan.push(
                    Phase::Grant,
                    sql,
                    format!("let {owner_group} create objects in schema {schema}"),
                );
            } else if kind.access == Access::Owner && !s.public_create {
                return Err(Error::refused(format!(
                    "{role} could not create objects in schema {schema}: it belongs to {}, which the admin {} is not a member of, so the admin cannot grant CREATE on it; nothing was changed",
                    owner_name, obs.admin.name
                ))
                .hint(format!(
                    "as a superuser (or {}): `{join_owner}`, or once: `{sql};`",
                    owner_name
                )));
            } else {
                gaps.push(Gap {
                    what: format!(
                        "{owner_group} (devlead users) {} in schema {schema}",
                        if s.public_create {
                            "may create objects only through PUBLIC's CREATE (gone once it is revoked)"
                        } else {
                            "cannot create objects"
                        }
                    ),
                    why: format!(
                        "the schema belongs to {}, which the admin {} is not a member of, so the admin cannot grant CREATE on it",
                        owner_name, obs.admin.name
                    ),
                    fix_sql: format!("{sql};"),
                });
            }
        }
        if kind.access == Access::Read && s.read_can_create {
            warnings.push(format!(
                "NOT READ-ONLY: {} may CREATE in schema {schema} of database {db}, so {role} can create tables there (its read-only default transaction can be switched off); `pgacct registry harden ENV/DB` applies PostgreSQL's hardening (REVOKE CREATE ON SCHEMA ... FROM PUBLIC)",
                if s.public_create { "PUBLIC" } else { "a group it is in" }
            ));
        }
        let mut tables_ungranted = s.tables_ungranted;
        let mut sequences_ungranted = s.sequences_ungranted;
        let mut one_by_one: Vec<&ObjectState> = s.ungranted.iter().collect();
        let mut out_of_reach: Vec<&ObjectState> = vec![];
        for o in &s.unreachable {
            if o.owner == owner_group.as_str() {
                // The admin joins the owner group before granting.
                if o.sequence {
                    sequences_ungranted = true;
                } else {
                    tables_ungranted = true;
                }
                one_by_one.push(o);
            } else {
                out_of_reach.push(o);
            }
        }
        if !out_of_reach.is_empty() {
            // GRANT ... ON ALL TABLES would fail on the objects out of reach.
            for o in one_by_one {
                let obj = format!("{sq}.{}", crate::ident::quote_ident(&o.name));
                let (r, w, what) = if o.sequence {
                    ("SELECT", "USAGE, UPDATE", "SEQUENCE")
                } else {
                    ("SELECT", "INSERT, UPDATE, DELETE", "TABLE")
                };
                plan.push(
                    Phase::Grant,
                    format!("GRANT {r} ON {what} {obj} TO {}", read.sql()),
                    format!("let {read} read {obj}"),
                );
                plan.push(
                    Phase::Grant,
                    format!("GRANT {w} ON {what} {obj} TO {}", write.sql()),
                    format!("let {write} write {obj}"),
                );
            }
            tables_ungranted = false;
            sequences_ungranted = false;
        }
        if tables_ungranted {
            plan.push(
                Phase::Grant,
                format!(
                    "GRANT SELECT ON ALL TABLES IN SCHEMA {sq} TO {}",
                    read.sql()
                ),
                format!("let {read} read the existing tables and views of schema {schema}"),
            );
            plan.push(
                Phase::Grant,
                format!(
                    "GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {sq} TO {}",
                    write.sql()
                ),
                format!("let {write} write the existing tables of schema {schema}"),
            );
        }
        if sequences_ungranted {
            plan.push(
                Phase::Grant,
                format!(
                    "GRANT SELECT ON ALL SEQUENCES IN SCHEMA {sq} TO {}",
                    read.sql()
                ),
                format!("let {read} read the existing sequences of schema {schema}"),
            );
            plan.push(
                Phase::Grant,
                format!(
                    "GRANT USAGE, UPDATE ON ALL SEQUENCES IN SCHEMA {sq} TO {}",
                    write.sql()
                ),
                format!("let {write} use the existing sequences of schema {schema}"),
            );
        }
        // Objects whose owner the admin cannot act as: one gap per owner, never skipped
        // in silence.
        let mut owners: Vec<&str> = out_of_reach.iter().map(|o| o.owner.as_str()).collect();
        owners.sort();
        owners.dedup();
        for owner in owners {
            let objs: Vec<&&ObjectState> =
                out_of_reach.iter().filter(|o| o.owner == owner).collect();
            let mut fix = vec![];
            for o in &objs {
                let obj = format!("{sq}.{}", crate::ident::quote_ident(&o.name));
                if o.sequence {
                    fix.push(format!("GRANT SELECT ON SEQUENCE {obj} TO {};", read.sql()));
                    fix.push(format!(
                        "GRANT USAGE, UPDATE ON SEQUENCE {obj} TO {};",
                        write.sql()
                    ));
                } else {
                    fix.push(format!("GRANT SELECT ON TABLE {obj} TO {};", read.sql()));
                    fix.push(format!(
                        "GRANT INSERT, UPDATE, DELETE ON TABLE {obj} TO {};",
                        write.sql()
                    ));
                }
            }
            let names: Vec<&str> = objs.iter().map(|o| o.name.as_str()).collect();
            gaps.push(Gap {
                what: format!(
                    "{} {} in schema {schema} (owned by {owner}) {} not granted to {read} and {write}: users of this database get \"permission denied\" on {}",
                    if objs.len() == 1 { "object" } else { "objects" },
                    names.join(", "),
                    if objs.len() == 1 { "is" } else { "are" },
                    if objs.len() == 1 { "it" } else { "them" }
                ),
                why: format!(
                    "only their owner {owner} (or a member of it, or a superuser) may grant on them, and the admin {} is not a member of {owner}; alternatively `GRANT {} TO {admin_q};` and run pgacct again",
                    obs.admin.name,
                    crate::ident::quote_ident(owner)
                ),
                fix_sql: fix.join("\n"),
            });
        }
        let mut creators: Vec<(&str, bool, bool)> = s
            .creators
            .iter()
            .filter(|c| c.role != owner_group.as_str())
            .map(|c| (c.role.as_str(), c.reachable, c.defaults))
            .collect();
        creators.push((owner_group.as_str(), true, s.defaults_for_owner_group));
        for (creator, reachable, present) in creators {
            if present {
                continue;
            }
            let c = crate::ident::quote_ident(creator);
            let adp = |what: &str, on: &str, to: &RoleName| {
                format!(
                    "ALTER DEFAULT PRIVILEGES FOR ROLE {c} IN SCHEMA {sq} GRANT {what} ON {on} TO {}",
                    to.sql()
                )
            };
            let steps = [
                (
                    adp("SELECT", "TABLES", &read),
                    format!("tables {creator} creates later in {schema}: readable by {read}"),
                ),
                (
                    adp("INSERT, UPDATE, DELETE", "TABLES", &write),
                    format!("tables {creator} creates later in {schema}: writable by {write}"),
                ),
                (
                    adp("SELECT", "SEQUENCES", &read),
                    format!("sequences {creator} creates later in {schema}: readable by {read}"),
                ),
                (
                    adp("USAGE, UPDATE", "SEQUENCES", &write),
                    format!("sequences {creator} creates later in {schema}: usable by {write}"),
                ),
            ];
            if reachable {
                for (sql, what) in steps {
                    plan.push(Phase::Grant, sql, what);
                }
            } else {
                gaps.push(Gap {
                    what: format!(
                        "tables and sequences {creator} creates later in schema {schema} will not be readable or writable by this database's users"
                    ),
                    why: format!(
                        "default privileges FOR ROLE {creator} can only be declared by {creator}, a member of it or a superuser, and the admin {} is none of them",
                        obs.admin.name
                    ),
                    fix_sql: steps
                        .iter()
                        .map(|(sql, _)| format!("{sql};"))
                        .collect::<Vec<_>>()
                        .join("\n"),
                });
            }
        }
    }

    // Membership: the group chain, then the user.
    for a in Access::ALL {
        if let Some(p) = parent(a) {
            let (child, par) = (g(a), g(p));
            if !gs(a).member_of.iter().any(|m| m == par.as_str()) {
                plan.push(
                    Phase::Membership,
                    format!("GRANT {} TO {}", par.sql(), child.sql()),
                    format!("{child} includes the privileges of {par}"),
                );
            }
        }
    }
    let level = g(kind.access);
    let mut granted_groups = vec![];
    let is_member = obs
        .role
        .as_ref()
        .is_some_and(|r| r.member_of.iter().any(|m| m == level.as_str()));
    if !is_member {
        plan.push(
            Phase::Membership,
            format!("GRANT {} TO {}", level.sql(), role.sql()),
            format!(
                "make {role} a member of {level} ({} in database {db})",
                kind.access.describe()
            ),
        );
        granted_groups.push(level.to_string());
    }

    // Settings in this database.
    let empty = vec![];
    let settings = obs.role.as_ref().map(|r| &r.settings).unwrap_or(&empty);
    let mut settings_set = vec![];
    let want_path = search_path_sql(&intent.schemas);
    match setting(settings, "search_path") {
        None => {
            plan.push(
                Phase::Settings,
                format!(
                    "ALTER ROLE {} IN DATABASE {} SET search_path TO {want_path}",
                    role.sql(),
                    db.sql()
                ),
                format!("set the search_path of {role} in database {db} to {want_path}"),
            );
            settings_set.push("search_path".to_string());
        }
        Some(have) if !same_path(have, &intent.schemas) => drift.push(format!(
            "search_path in database {db} is {have} (kind wants {want_path}; change it with `pgacct user search-path`)"
        )),
        Some(_) => {}
    }
    if kind.read_only_default_tx {
        match setting(settings, "default_transaction_read_only") {
            Some("on" | "true" | "1") => {}
            _ => {
                plan.push(
                    Phase::Settings,
                    format!(
                        "ALTER ROLE {} IN DATABASE {} SET default_transaction_read_only = on",
                        role.sql(),
                        db.sql()
                    ),
                    format!("make the transactions of {role} in database {db} read-only"),
                );
                settings_set.push("default_transaction_read_only".to_string());
            }
        }
    }
    if kind.access == Access::Owner {
        match setting(settings, "role") {
            Some(r) if r.trim_matches('"') == owner_group.as_str() => {}
            Some(r) => drift.push(format!(
                "role in database {db} is set to {r}, not {owner_group}: objects it creates may not be covered"
            )),
            None => {
                plan.push(
                    Phase::Settings,
                    format!(
                        "ALTER ROLE {} IN DATABASE {} SET role = {}",
                        role.sql(),
                        db.sql(),
                        quote_literal(owner_group.as_str())
                    ),
                    format!(
                        "in database {db}, {role} acts as {owner_group}, so what it creates is covered"
                    ),
                );
                settings_set.push("role".to_string());
            }
        }
    }

    // PostgreSQL 16+ CREATEROLE rules: refuse, naming the GRANT, what the server would.
    if obs.admin.pg16_rules {
        if creates_role && kind.createdb && !obs.admin.createdb {
            return Err(Error::refused(format!(
                "the admin {} cannot create {role} with CREATEDB (kind {}): on PostgreSQL 16+ only a role with CREATEDB may give it; nothing was changed",
                obs.admin.name, kind.name
            ))
            .hint(format!(
                "as a superuser: `ALTER ROLE {admin_q} CREATEDB;`"
            )));
        }
        let mut needed: Vec<String> = vec![];
        for step in &plan.steps {
            if step.phase == Phase::Membership || step.sql.starts_with("GRANT \"pgacct_") {
                if let Some(granted) = step
                    .sql
                    .strip_prefix("GRANT ")
                    .and_then(|r| r.split(" TO ").next())
                {
                    let granted = granted.trim_matches('"').to_string();
                    if !needed.contains(&granted) {
                        needed.push(granted);
                    }
                }
            }
        }
        let lacking: Vec<&String> = obs
            .admin
            .no_admin_option
            .iter()
            .filter(|g| needed.contains(g))
            .collect();
        if !lacking.is_empty() {
            let names: Vec<&str> = lacking.iter().map(|g| g.as_str()).collect();
            return Err(Error::refused(format!(
                "the admin {} holds no ADMIN OPTION on {} (created by another role), and on PostgreSQL 16+ a CREATEROLE admin may grant only roles it holds ADMIN OPTION on; nothing was changed",
                obs.admin.name,
                names.join(", ")
            ))
            .hint(format!(
                "as a superuser: {}",
                lacking
                    .iter()
                    .map(|g| format!(
                        "`GRANT {} TO {admin_q} WITH ADMIN OPTION;`",
                        crate::ident::quote_ident(g)
                    ))
                    .collect::<Vec<_>>()
                    .join(" ")
            )));
        }
        if !creates_role
            && !obs.admin.role_admin
            && plan.steps.iter().any(|s| s.phase == Phase::Settings)
        {
            return Err(Error::refused(format!(
                "the admin {} holds no ADMIN OPTION on {role} (created by another role), and on PostgreSQL 16+ a CREATEROLE admin may change only roles it holds ADMIN OPTION on; nothing was changed",
                obs.admin.name
            ))
            .hint(format!(
                "as a superuser: `GRANT {} TO {admin_q} WITH ADMIN OPTION;`",
                role.sql()
            )));
        }
    }

    let plan = plan.finish();
    let status = if creates_role {
        Status::Created
    } else if plan.changes() {
        Status::AccessGranted
    } else {
        Status::AlreadyExists
    };
    Ok(CreatePlan {
        plan,
        status,
        creates_role,
        drift,
        groups: vec![level.to_string()],
        created_groups,
        granted_groups,
        settings_set,
        connection_limit,
        valid_until,
        gaps,
        warnings,
    })
}

/// A role as `user create` observes it.
impl<'a> From<&'a RoleState> for RoleFacts<'a> {
    fn from(r: &'a RoleState) -> Self {
        RoleFacts {
            name: &r.name,
            superuser: r.superuser,
            superuser_via: r.superuser_via.as_deref(),
            group: matches!(
                r.comment.as_deref().and_then(crate::kinds::Marker::parse),
                Some(crate::kinds::Marker::Group { .. })
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::{builtins, find};

    fn kind(n: &str) -> RoleKind {
        find(&builtins(), n).unwrap().clone()
    }

    fn intent(k: &str) -> CreateInput {
        let kind = kind(k);
        CreateInput {
            role: RoleName::parse_new("jsmith").unwrap(),
            conn_limit: kind.conn_limit,
            kind,
            database: DbName::parse("app").unwrap(),
            schemas: vec![SchemaName::parse("public").unwrap()],
            valid_until: Some("2027-01-01T00:00:00Z".into()),
        }
    }

    fn empty_db() -> Observed {
        Observed {
            admin: AdminState {
                name: "postgres".into(),
                superuser: true,
                can_silence_log: true,
                member_of: vec![],
                can_grant_connect: true,
                public_connect: true,
                role_admin: true,
                db_owner: "app_owner".into(),
                ..Default::default()
            },
            role: None,
            groups: Access::ALL
                .iter()
                .map(|a| GroupState {
                    name: group_name(*a, "app").to_string(),
                    ..Default::default()
                })
                .collect(),
            connect_granted: false,
            schemas: vec![SchemaState {
                name: "public".into(),
                exists: true,
                owner: "app_owner".into(),
                creator: "app_owner".into(),
                admin_grants: true,
                public_usage: true,
                tables_ungranted: true,
                sequences_ungranted: false,
                creators: vec![CreatorState {
                    role: "app_owner".into(),
                    reachable: true,
                    defaults: false,
                }],
                ..Default::default()
            }],
        }
    }

    /// The state after `p` was applied to `obs` (as the catalog would read it).
    fn applied(i: &CreateInput, mut obs: Observed) -> Observed {
        let db = i.database.as_str();
        for (n, a) in Access::ALL.iter().enumerate() {
            obs.groups[n].exists = true;
            obs.groups[n].member_of = parent(*a)
                .map(|p| vec![group_name(p, db).to_string()])
                .unwrap_or_default();
        }
        obs.connect_granted = true;
        for s in &mut obs.schemas {
            s.read_usage = true;
            s.owner_create = true;
            s.tables_ungranted = false;
            s.sequences_ungranted = false;
            for c in &mut s.creators {
                c.defaults = c.defaults || c.reachable;
            }
            s.defaults_for_owner_group = true;
        }
        let mut r = obs.role.take().unwrap_or(RoleState {
            name: i.role.to_string(),
            login: true,
            createdb: i.kind.createdb,
            createrole: i.kind.createrole,
            conn_limit: i.conn_limit,
            comment: Some(format!("pgacct:kind={}", i.kind.name)),
            ..Default::default()
        });
        r.member_of.push(group_name(i.kind.access, db).to_string());
        r.settings.push("search_path=public".into());
        if i.kind.read_only_default_tx {
            r.settings.push("default_transaction_read_only=on".into());
        }
        if i.kind.access == Access::Owner {
            r.settings
                .push(format!("role={}", group_name(Access::Owner, db)));
        }
        obs.role = Some(r);
        obs
    }

    #[test]
    fn group_names_fit_63_bytes_for_any_database_name() {
        let g = group_name(Access::Read, "app");
        assert!(g.as_str().starts_with("pgacct_read_app_"), "{g}");
        assert_eq!(g.as_str().len(), "pgacct_read_app_".len() + 8);
        let long = "x".repeat(63);
        for a in Access::ALL {
            let n = group_name(a, &long);
            assert!(n.as_str().len() <= 63, "{n}");
            assert!(RoleName::parse_new(n.as_str()).is_ok(), "{n}");
        }
        let utf = "données clients ünïcode ✓ ".repeat(3);
        let utf = &utf[..utf
            .char_indices()
            .take_while(|(i, _)| *i < 60)
            .last()
            .unwrap()
            .0];
        let n = group_name(Access::Owner, utf);
        assert!(n.as_str().len() <= 63);
        assert!(RoleName::parse_new(n.as_str()).is_ok(), "{n}");
        assert!(
            n.as_str()
                .starts_with("pgacct_owner_donn_es_clients_n_code_"),
            "{n}"
        );
        // Names that share a stem differ by the hash.
        assert_ne!(
            group_name(Access::Read, "App"),
            group_name(Access::Read, "app")
        );
        assert_ne!(
            group_name(Access::Read, "a-b"),
            group_name(Access::Read, "a_b")
        );
        // No ASCII at all.
        let n = group_name(Access::Write, "日本語");
        assert_eq!(n.as_str().len(), "pgacct_write_".len() + 8, "{n}");
        // Deterministic and documented: first 8 hex digits of SHA-256("app").
        assert_eq!(
            group_name(Access::None, "app").as_str(),
            "pgacct_connect_app_a172cedc"
        );
    }

    #[test]
    fn a_new_role_on_an_empty_database_gets_everything_in_order() {
        let i = intent("devqa");
        let p = plan_create(&i, &empty_db()).unwrap();
        assert_eq!(p.status, Status::Created);
        assert!(p.changed() && p.creates_role);
        let sql = p.plan.sql();
        assert_eq!(sql[0], "SET LOCAL log_statement = 'none';");
        assert_eq!(sql[1], "SET LOCAL log_min_error_statement = 'panic';");
        assert_eq!(sql[2], "SET LOCAL log_min_duration_statement = -1;");
        assert_eq!(sql[3], "SET LOCAL log_min_duration_sample = -1;");
        assert_eq!(
            sql[4],
            "CREATE ROLE \"pgacct_connect_app_a172cedc\" NOLOGIN INHERIT;"
        );
        assert_eq!(
            sql[8],
            "CREATE ROLE \"jsmith\" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 20 VALID UNTIL '2027-01-01T00:00:00Z' PASSWORD '<verifier>';"
        );
        assert!(p.plan.steps[8].verifier_for.as_deref() == Some("jsmith"));
        assert_eq!(
            sql[9],
            "COMMENT ON ROLE \"pgacct_connect_app_a172cedc\" IS 'pgacct:group=connect;db=app';"
        );
        assert!(sql.contains(&"COMMENT ON ROLE \"jsmith\" IS 'pgacct:kind=devqa';".to_string()));
        let w = group_name(Access::Write, "app");
        assert!(sql.contains(&format!("GRANT {} TO \"jsmith\";", w.sql())));
        assert!(sql.contains(
            &"GRANT CONNECT ON DATABASE \"app\" TO \"pgacct_connect_app_a172cedc\";".to_string()
        ));
        assert!(sql.contains(&format!(
            "ALTER DEFAULT PRIVILEGES FOR ROLE \"app_owner\" IN SCHEMA \"public\" GRANT SELECT ON TABLES TO {};",
            group_name(Access::Read, "app").sql()
        )));
        assert!(sql.contains(&format!(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA \"public\" GRANT INSERT, UPDATE, DELETE ON TABLES TO {};",
            group_name(Access::Owner, "app").sql(),
            w.sql()
        )));
        assert_eq!(
            sql.last().unwrap(),
            "ALTER ROLE \"jsmith\" IN DATABASE \"app\" SET search_path TO \"public\";"
        );
        // Phases never go backwards.
        let phases: Vec<_> = p.plan.steps.iter().map(|s| s.phase).collect();
        assert!(phases.windows(2).all(|w| w[0] <= w[1]));
        // Superuser admin: no self-grant; devqa: no read-only or role setting.
        assert!(!sql.iter().any(|s| s.contains("\"postgres\"")));
        assert!(
            !sql.iter()
                .any(|s| s.contains("read_only") || s.contains("SET role"))
        );
        assert_eq!(p.granted_groups, [w.to_string()]);
        assert_eq!(p.created_groups.len(), 4);
        let undo = p.undo_json(&i);
        assert_eq!(undo["created_role"], "jsmith");
    }

    #[test]
    fn applying_the_plan_twice_plans_nothing_for_every_kind() {
        for k in ["app", "k8s", "devqa", "devlead", "readonly", "dba"] {
            let i = intent(k);
            let after = applied(&i, empty_db());
            let p = plan_create(&i, &after).unwrap();
            assert_eq!(p.status, Status::AlreadyExists, "{k}: {:?}", p.plan.sql());
            assert!(!p.changed(), "{k}");
            assert!(p.plan.is_empty(), "{k}: {:?}", p.plan.sql());
            assert!(p.drift.is_empty(), "{k}: {:?}", p.drift);
            assert_eq!(p.undo_json(&i)["created_role"], serde_json::Value::Null);
            assert!(!needs_database_lock(&after), "{k}");
        }
        assert!(needs_database_lock(&empty_db()));
    }

    #[test]
    fn kind_specific_steps() {
        let ro = plan_create(&intent("readonly"), &empty_db())
            .unwrap()
            .plan
            .sql();
        assert!(ro.contains(&"ALTER ROLE \"jsmith\" IN DATABASE \"app\" SET default_transaction_read_only = on;".to_string()));
        assert!(ro.contains(&format!(
            "GRANT {} TO \"jsmith\";",
            group_name(Access::Read, "app").sql()
        )));
        let lead = plan_create(&intent("devlead"), &empty_db())
            .unwrap()
            .plan
            .sql();
        let og = group_name(Access::Owner, "app");
        assert!(lead.contains(&format!(
            "ALTER ROLE \"jsmith\" IN DATABASE \"app\" SET role = '{og}';"
        )));
        let dba = plan_create(&intent("dba"), &empty_db()).unwrap().plan.sql();
        assert!(dba.iter().any(|s| s.contains("CREATEDB CREATEROLE")));
        assert!(dba.contains(&format!(
            "GRANT {} TO \"jsmith\";",
            group_name(Access::None, "app").sql()
        )));
        let mut app = intent("app");
        app.valid_until = None;
        let app = plan_create(&app, &empty_db()).unwrap().plan.sql();
        assert!(
            app.iter()
                .any(|s| s.contains("CONNECTION LIMIT 200 PASSWORD"))
        );
    }

    #[test]
    fn an_existing_role_on_a_second_database_gets_only_what_is_missing() {
        let i = intent("devqa");
        let first = applied(&i, empty_db());
        // Same role, a second database: the role's membership and settings are for "app".
        let mut i2 = i.clone();
        i2.database = DbName::parse("billing").unwrap();
        let mut obs = empty_db();
        for (n, a) in Access::ALL.iter().enumerate() {
            obs.groups[n].name = group_name(*a, "billing").to_string();
        }
        let mut r = first.role.clone().unwrap();
        r.settings.clear(); // settings are per database
        obs.role = Some(r);
        let p = plan_create(&i2, &obs).unwrap();
        assert_eq!(p.status, Status::AccessGranted);
        assert!(p.changed() && !p.creates_role);
        let sql = p.plan.sql();
        assert!(
            !sql.iter()
                .any(|s| s.contains("PASSWORD") || s.starts_with("SET LOCAL"))
        );
        assert!(!sql.iter().any(|s| s.contains("COMMENT ON ROLE \"jsmith\"")));
        assert!(sql.contains(&format!(
            "GRANT {} TO \"jsmith\";",
            group_name(Access::Write, "billing").sql()
        )));
        assert!(
            sql.contains(
                &"ALTER ROLE \"jsmith\" IN DATABASE \"billing\" SET search_path TO \"public\";"
                    .to_string()
            )
        );
        // Only the missing setting on a database where groups exist.
        let mut obs = applied(&i, empty_db());
        obs.role.as_mut().unwrap().settings.clear();
        let p = plan_create(&i, &obs).unwrap();
        assert_eq!(
            p.plan.sql(),
            ["ALTER ROLE \"jsmith\" IN DATABASE \"app\" SET search_path TO \"public\";"]
        );
        assert_eq!(p.status, Status::AccessGranted);
    }

    #[test]
    fn drift_is_reported_not_changed() {
        let i = intent("devqa");
        let mut obs = applied(&i, empty_db());
        {
            let r = obs.role.as_mut().unwrap();
            r.createdb = true;
            r.conn_limit = 5;
            r.comment = None;
            r.login = false;
            r.settings = vec!["search_path=sales".into()];
        }
        let p = plan_create(&i, &obs).unwrap();
        assert!(p.plan.is_empty(), "{:?}", p.plan.sql());
        assert_eq!(p.status, Status::AlreadyExists);
        let d = p.drift.join("\n");
        for want in [
            "createdb is true",
            "connection limit is 5",
            "not created by pgacct",
            "NOLOGIN",
            "search_path in database app is sales",
        ] {
            assert!(d.contains(want), "{want} in {d}");
        }
        assert_eq!(p.connection_limit, 5);
    }

    #[test]
    fn refusals_and_missing_schemas() {
        let i = intent("devqa");
        let mut obs = empty_db();
        obs.role = Some(RoleState {
            name: "jsmith".into(),
            superuser: true,
            ..Default::default()
        });
        assert_eq!(plan_create(&i, &obs).unwrap_err().exit_code().code(), 5);
        obs.role = Some(RoleState {
            name: "jsmith".into(),
            superuser_via: Some("rds_superuser".into()),
            ..Default::default()
        });
        assert_eq!(plan_create(&i, &obs).unwrap_err().exit_code().code(), 5);
        let mut obs = empty_db();
        obs.admin.name = "jsmith".into();
        assert_eq!(plan_create(&i, &obs).unwrap_err().exit_code().code(), 5);
        let mut obs = empty_db();
        obs.schemas[0].exists = false;
        let e = plan_create(&i, &obs).unwrap_err();
        assert!(
            e.message.contains("schema \"public\" does not exist"),
            "{}",
            e.message
        );
    }

    #[test]
    fn a_non_superuser_admin_joins_the_owner_group_and_cannot_silence_the_log() {
        let i = intent("readonly");
        let mut obs = empty_db();
        obs.admin = AdminState {
            name: "admin".into(),
            superuser: false,
            can_silence_log: false,
            member_of: vec![],
            can_grant_connect: true,
            public_connect: true,
            role_admin: true,
            db_owner: "admin".into(),
            ..Default::default()
        };
        let sql = plan_create(&i, &obs).unwrap().plan.sql();
        assert!(!sql[0].starts_with("SET LOCAL"));
        let og = group_name(Access::Owner, "app");
        let grant = format!("GRANT {} TO \"admin\";", og.sql());
        let pos = sql.iter().position(|s| *s == grant).expect("admin joins");
        let first_adp = sql
            .iter()
            .position(|s| s.starts_with("ALTER DEFAULT"))
            .unwrap();
        assert!(pos < first_adp);
        obs.admin.member_of = vec![og.to_string()];
        let sql = plan_create(&i, &obs).unwrap().plan.sql();
        assert!(!sql.contains(&grant));
    }

    #[test]
    fn stored_search_paths_are_parsed() {
        let want = [
            SchemaName::parse("My S").unwrap(),
            SchemaName::parse("sales").unwrap(),
        ];
        assert!(same_path("\"My S\", sales", &want));
        assert!(!same_path("sales, \"My S\"", &want));
    }

    #[test]
    fn hostile_schema_names_are_quoted() {
        let mut i = intent("devqa");
        i.schemas = vec![
            SchemaName::parse("sales\"; DROP TABLE x; --").unwrap(),
            SchemaName::parse("My Schema").unwrap(),
        ];
        let mut obs = empty_db();
        obs.schemas = i
            .schemas
            .iter()
            .map(|s| SchemaState {
                name: s.to_string(),
                exists: true,
                owner: "o".into(),
                creator: "o".into(),
                admin_grants: true,
                ..Default::default()
            })
            .collect();
        let sql = plan_create(&i, &obs).unwrap().plan.sql();
        assert!(sql.contains(&format!(
            "GRANT USAGE ON SCHEMA \"sales\"\"; DROP TABLE x; --\" TO {};",
            group_name(Access::Read, "app").sql()
        )));
        assert_eq!(
            sql.last().unwrap(),
            "ALTER ROLE \"jsmith\" IN DATABASE \"app\" SET search_path TO \"sales\"\"; DROP TABLE x; --\", \"My Schema\";"
        );
    }

    /// A cloud admin (not superuser) on an upgraded `public`: the bootstrap superuser
    /// owns the schema and a table.
    fn upgraded_public() -> Observed {
        let mut obs = empty_db();
        obs.admin = AdminState {
            name: "admin".into(),
            can_grant_connect: true,
            public_connect: true,
            role_admin: true,
            db_owner: "admin".into(),
            ..Default::default()
        };
        obs.schemas[0] = SchemaState {
            name: "public".into(),
            exists: true,
            owner: "postgres".into(),
            creator: "postgres".into(),
            admin_grants: false,
            public_usage: true,
            public_create: true,
            read_can_create: true,
            tables_ungranted: true,
            unreachable: vec![ObjectState {
                name: "t_su".into(),
                owner: "postgres".into(),
                sequence: false,
            }],
            ungranted: vec![ObjectState {
                name: "t_adm".into(),
                owner: "admin".into(),
                sequence: false,
            }],
            creators: vec![
                CreatorState {
                    role: "postgres".into(),
                    reachable: false,
                    defaults: false,
                },
                CreatorState {
                    role: "admin".into(),
                    reachable: true,
                    defaults: false,
                },
            ],
            ..Default::default()
        };
        obs
    }

    #[test]
    fn what_the_admin_cannot_grant_is_a_gap_with_the_fix_not_a_failure() {
        let p = plan_create(&intent("readonly"), &upgraded_public()).unwrap();
        let sql = p.plan.sql();
        // The reachable table one by one (ON ALL TABLES would fail on t_su) ...
        assert!(
            sql.iter()
                .any(|s| s.starts_with("GRANT SELECT ON TABLE \"public\".\"t_adm\""))
        );
        assert!(!sql.iter().any(|s| s.contains("ALL TABLES")), "{sql:?}");
        // ... no USAGE/CREATE grant on a schema it cannot grant on (PUBLIC has USAGE) ...
        assert!(!sql.iter().any(|s| s.contains("ON SCHEMA")), "{sql:?}");
        // ... default privileges for the admin, not for the superuser.
        assert!(sql.iter().any(|s| s.contains("FOR ROLE \"admin\"")));
        assert!(!sql.iter().any(|s| s.contains("FOR ROLE \"postgres\"")));
        let what: Vec<&str> = p.gaps.iter().map(|g| g.what.as_str()).collect();
        assert_eq!(p.gaps.len(), 3, "{what:?}");
        let t = p.gaps.iter().find(|g| g.what.contains("t_su")).unwrap();
        assert!(
            t.fix_sql
                .contains("GRANT SELECT ON TABLE \"public\".\"t_su\" TO")
        );
        let later = p
            .gaps
            .iter()
            .find(|g| g.what.contains("creates later"))
            .unwrap();
        assert_eq!(later.fix_sql.lines().count(), 4);
        assert!(
            later
                .fix_sql
                .starts_with("ALTER DEFAULT PRIVILEGES FOR ROLE \"postgres\"")
        );
        // Readonly where PUBLIC may CREATE: warned.
        assert_eq!(p.warnings.len(), 1);
        assert!(p.warnings[0].contains("NOT READ-ONLY"));
        let p = plan_create(&intent("devqa"), &upgraded_public()).unwrap();
        assert!(p.warnings.is_empty());
    }

    #[test]
    fn a_broken_core_promise_is_refused_naming_the_owner_and_the_grant() {
        let mut obs = upgraded_public();
        obs.schemas[0].owner = "migr".into();
        obs.schemas[0].public_usage = false;
        obs.schemas[0].public_create = false;
        for k in ["app", "k8s", "devqa", "devlead", "readonly"] {
            let e = plan_create(&intent(k), &obs).unwrap_err();
            assert_eq!(e.exit_code().code(), 5, "{k}");
            assert!(e.message.contains("migr"), "{}", e.message);
            assert!(
                e.hint
                    .as_deref()
                    .unwrap()
                    .contains("GRANT \"migr\" TO \"admin\";"),
                "{:?}",
                e.hint
            );
        }
        // dba only needs CONNECT: created, the schema a gap.
        let p = plan_create(&intent("dba"), &obs).unwrap();
        assert!(
            p.gaps
                .iter()
                .any(|g| g.fix_sql.starts_with("GRANT USAGE ON SCHEMA"))
        );
        // Usable through PUBLIC, but no CREATE for devleads: devlead refused, others not.
        obs.schemas[0].public_usage = true;
        assert_eq!(
            plan_create(&intent("devlead"), &obs)
                .unwrap_err()
                .exit_code()
                .code(),
            5
        );
        assert!(plan_create(&intent("devqa"), &obs).is_ok());
        // No CONNECT anywhere: refused with the database owner named.
        let mut obs = upgraded_public();
        obs.admin.can_grant_connect = false;
        obs.admin.public_connect = false;
        obs.admin.db_owner = "app_owner".into();
        let e = plan_create(&intent("dba"), &obs).unwrap_err();
        assert!(
            e.hint
                .unwrap()
                .contains("GRANT \"app_owner\" TO \"admin\";")
        );
    }

    #[test]
    fn postgres_16_rules_name_the_grant() {
        let mut obs = upgraded_public();
        obs.admin.pg16_rules = true;
        // The groups exist (made by another role) and are chained; the admin is in the
        // owner group.
        for (n, a) in Access::ALL.iter().enumerate() {
            obs.groups[n].exists = true;
            obs.groups[n].member_of = parent(*a)
                .map(|p| vec![group_name(p, "app").to_string()])
                .unwrap_or_default();
        }
        obs.admin.member_of = vec![group_name(Access::Owner, "app").to_string()];
        let w = group_name(Access::Write, "app").to_string();
        obs.admin.no_admin_option = vec![w.clone()];
        let e = plan_create(&intent("devqa"), &obs).unwrap_err();
        assert_eq!(e.exit_code().code(), 5);
        assert!(
            e.hint
                .unwrap()
                .contains(&format!("GRANT \"{w}\" TO \"admin\" WITH ADMIN OPTION;"))
        );
        // A kind that does not need that group is not refused for it.
        assert!(plan_create(&intent("readonly"), &obs).is_ok());
        // dba: CREATEDB on the admin.
        obs.admin.no_admin_option.clear();
        let e = plan_create(&intent("dba"), &obs).unwrap_err();
        assert!(e.hint.unwrap().contains("ALTER ROLE \"admin\" CREATEDB;"));
        obs.admin.createdb = true;
        assert!(plan_create(&intent("dba"), &obs).is_ok());
    }
}
