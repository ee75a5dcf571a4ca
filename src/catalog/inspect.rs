//! Catalog reads for `user list`, `user find` and the lifecycle verbs: roles with their
//! attributes, memberships, comments and open sessions (one query for the whole cluster),
//! per-database settings, privileges (direct and through which role), ownership and the
//! cluster-wide dependencies that decide whether a role can be dropped. Bind parameters
//! only; every name read here is data, never SQL.

use crate::kinds::Marker;
use crate::plan::drop::DatabaseDeps;
use crate::plan::lifecycle::{DirectPrivilege, LoginState, Membership, ObjectType};
use postgres::types::Type;
use postgres::{GenericClient, Row};
use serde::Serialize;

type PgResult<T> = std::result::Result<T, postgres::Error>;

/// One role of the cluster, as `user list` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleInfo {
    pub name: String,
    #[serde(skip)]
    pub oid: u32,
    /// The role pgacct connects as on this target.
    pub admin: bool,
    pub login: bool,
    pub superuser: bool,
    /// A superuser role (or `rds_superuser`, the managed services' stand-in) this role is
    /// a member of, directly or through other roles: it can act as that role, so it is
    /// protected like a superuser.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub superuser_via: Option<String>,
    pub createdb: bool,
    pub createrole: bool,
    pub replication: bool,
    pub bypassrls: bool,
    /// -1 = no limit.
    pub connection_limit: i32,
    /// RFC 3339 UTC, or None for no expiry.
    pub valid_until: Option<String>,
    pub expired: bool,
    /// Roles it is a direct member of.
    pub member_of: Vec<String>,
    /// True when pgacct's comment marks the role as managed.
    pub managed: bool,
    /// The pgacct kind from that comment (users) or the access level (group roles).
    pub kind: Option<String>,
    pub comment: Option<String>,
    /// Sessions open now.
    pub sessions: i64,
}

impl RoleInfo {
    pub fn login_state(&self) -> LoginState {
        LoginState {
            login: self.login,
            valid_until: self.valid_until.clone(),
            conn_limit: self.connection_limit,
        }
    }
}

/// Filters of `user list`, applied in the query (kind is applied to the comment after).
#[derive(Debug, Clone, Default)]
pub struct RoleFilter {
    pub name: Option<String>,
    pub like: Option<String>,
    pub login: Option<bool>,
    /// Only roles whose VALID UNTIL is before now + this many seconds.
    pub expiring_within_secs: Option<f64>,
}

/// Read pgacct's marker out of a role comment: (managed, kind of a user or access level
/// of a group role). The format is [`crate::kinds::Marker`]'s.
pub fn managed_kind(comment: Option<&str>) -> (bool, Option<String>) {
    match comment.and_then(Marker::parse) {
        None => (false, None),
        Some(Marker::User { kind }) => (true, Some(kind)),
        Some(Marker::Group { level, .. }) => (true, Some(format!("group:{level}"))),
    }
}

/// The database a pgacct group role belongs to, from its comment.
pub fn group_database(comment: Option<&str>) -> Option<String> {
    match comment.and_then(Marker::parse) {
        Some(Marker::Group { database, .. }) => Some(database),
        _ => None,
    }
}

// Roles that are members (directly or through other roles, as pg_has_role's MEMBER) of
// a superuser, found by walking pg_auth_members down from the superusers once: a
// pg_has_role call per role (let alone per pair of roles, as the planner chose for a
// correlated subquery) took 0.5-13 s on a cluster with 10,000 roles. Comments are read by
// a query of their own and matched here ([`COMMENTS_QUERY`]). Groups are DISTINCT:
// PostgreSQL 16+ keeps one pg_auth_members row per grantor of the same membership.
pub const ROLE_QUERY: &str = r#"
WITH RECURSIVE su AS (
  SELECT oid, rolname FROM pg_roles WHERE rolsuper OR rolname = 'rds_superuser'
), via(member, su) AS (
  SELECT am.member, su.rolname FROM pg_auth_members am JOIN su ON am.roleid = su.oid
  UNION
  SELECT am.member, via.su FROM pg_auth_members am JOIN via ON am.roleid = via.member
)
SELECT r.oid, r.rolname::text, r.rolcanlogin, r.rolsuper, r.rolcreatedb, r.rolcreaterole,
       r.rolreplication, r.rolbypassrls, r.rolconnlimit,
       CASE WHEN r.rolvaliduntil IS NULL OR r.rolvaliduntil = 'infinity' THEN NULL
            ELSE to_char(r.rolvaliduntil AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') END,
       COALESCE(r.rolvaliduntil < now(), false),
       COALESCE(m.groups, '{}'::text[]),
       COALESCE(s.n, 0),
       CASE WHEN r.rolsuper THEN NULL ELSE v.su END
FROM pg_roles r
LEFT JOIN (SELECT via.member, min(via.su)::text AS su FROM via
           JOIN pg_roles s ON s.rolname = via.su WHERE s.oid <> via.member
           GROUP BY via.member) v ON v.member = r.oid
LEFT JOIN (SELECT am.member, array_agg(DISTINCT g.rolname::text ORDER BY g.rolname::text) AS groups
           FROM pg_auth_members am JOIN pg_roles g ON g.oid = am.roleid
           GROUP BY am.member) m ON m.member = r.oid
LEFT JOIN (SELECT usesysid, count(*) AS n FROM pg_stat_activity
           WHERE usesysid IS NOT NULL GROUP BY usesysid) s ON s.usesysid = r.oid
WHERE (r.rolname !~ '^pg_' OR $1::text IS NOT NULL)
  AND ($1::text IS NULL OR r.rolname = $1)
  AND ($2::text IS NULL OR r.rolname LIKE $2)
  AND ($3::bool IS NULL OR r.rolcanlogin = $3)
  AND ($4::float8 IS NULL OR (r.rolvaliduntil IS NOT NULL AND r.rolvaliduntil <> 'infinity'
       AND r.rolvaliduntil < now() + make_interval(secs => $4)))
ORDER BY r.rolname
"#;

/// Every role matching `f` (never `pg_*`), in one query. `admin` is the role pgacct
/// connects as, marked in the result.
pub fn roles(c: &mut impl GenericClient, f: &RoleFilter, admin: &str) -> PgResult<Vec<RoleInfo>> {
    let rows = c.query_typed(
        ROLE_QUERY,
        &[
            (&f.name, Type::TEXT),
            (&f.like, Type::TEXT),
            (&f.login, Type::BOOL),
            (&f.expiring_within_secs, Type::FLOAT8),
        ],
    )?;
    let comments = c.query_typed(COMMENTS_QUERY, &[(&f.name, Type::TEXT)])?;
    Ok(roles_from(&rows, &comments, admin))
}

/// Add [`roles`]'s two reads to a flight; their rows go to [`roles_from`].
pub fn roles_in(f: &mut crate::target::flight::Flight, filter: &RoleFilter) -> (usize, usize) {
    use crate::target::flight::p;
    let roles = f.add(
        ROLE_QUERY,
        vec![
            p(filter.name.clone(), Type::TEXT),
            p(filter.like.clone(), Type::TEXT),
            p(filter.login, Type::BOOL),
            p(filter.expiring_within_secs, Type::FLOAT8),
        ],
    );
    let comments = f.add(COMMENTS_QUERY, vec![p(filter.name.clone(), Type::TEXT)]);
    (roles, comments)
}

/// The roles of [`ROLE_QUERY`]'s rows, with the comments of [`COMMENTS_QUERY`]'s.
pub fn roles_from(rows: &[Row], comments: &[Row], admin: &str) -> Vec<RoleInfo> {
    let mut comments: std::collections::HashMap<u32, String> =
        comments.iter().map(|r| (r.get(0), r.get(1))).collect();
    rows.iter()
        .map(|r| {
            let name: String = r.get(1);
            let oid: u32 = r.get(0);
            let comment = comments.remove(&oid);
            let (managed, kind) = managed_kind(comment.as_deref());
            RoleInfo {
                oid,
                admin: name == admin,
                name,
                login: r.get(2),
                superuser: r.get(3),
                superuser_via: r.get(13),
                createdb: r.get(4),
                createrole: r.get(5),
                replication: r.get(6),
                bypassrls: r.get(7),
                connection_limit: r.get(8),
                valid_until: r.get(9),
                expired: r.get(10),
                member_of: r.get(11),
                managed,
                kind,
                comment,
                sessions: r.get(12),
            }
        })
        .collect()
}

/// Every role's comment (pgacct's kind marker among them). Matched with the roles in
/// Rust rather than joined in SQL: as a join, the planner picked a nested loop with a
/// join filter when the catalog's statistics were stale (right after roles were created
/// in bulk, before pg_authid was analyzed): 22 million comparisons and 1-3 s for 12,000
/// roles; a probe per role instead costs 0.1 s.
/// `$1`: only this role's (a lookup by name), or NULL for all.
pub const COMMENTS_QUERY: &str = "SELECT objoid, description FROM pg_shdescription
     WHERE classoid = 'pg_catalog.pg_authid'::regclass
       AND ($1::text IS NULL OR objoid = to_regrole(quote_ident($1))::oid)";

/// One role by exact name (a `pg_*` role too, so that callers can show it or refuse it).
pub fn role(c: &mut impl GenericClient, name: &str, admin: &str) -> PgResult<Option<RoleInfo>> {
    let f = RoleFilter {
        name: Some(name.to_string()),
        ..Default::default()
    };
    let mut v = roles(c, &f, admin)?;
    Ok(v.pop())
}

/// [`role`] in a transaction: both reads in one flight, with what the transaction has
/// queued (its BEGIN, the role's lock).
pub fn role_in(
    tx: &mut postgres::Transaction<'_>,
    name: &str,
    admin: &str,
) -> PgResult<Option<RoleInfo>> {
    role_in_and(tx, name, admin, vec![]).map(|(r, _)| r)
}

/// [`role_in`], with `extra` reads (SQL and parameters) in the same flight: their rows,
/// in order.
pub fn role_in_and(
    tx: &mut postgres::Transaction<'_>,
    name: &str,
    admin: &str,
    extra: Vec<(String, Vec<crate::target::flight::Param>)>,
) -> PgResult<(Option<RoleInfo>, Vec<Vec<Row>>)> {
    let mut f = crate::target::flight::Flight::new();
    let filter = RoleFilter {
        name: Some(name.to_string()),
        ..Default::default()
    };
    let (roles, comments) = roles_in(&mut f, &filter);
    for (sql, params) in extra {
        f.add(sql, params);
    }
    let mut rows = crate::target::flight::run_in(tx, &f)?;
    let more = rows.split_off(2);
    Ok((roles_from(&rows[roles], &rows[comments], admin).pop(), more))
}

/// The role's settings in one database (or for all databases when `database` is None).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DbSetting {
    /// None = ALTER ROLE ... SET without IN DATABASE.
    pub database: Option<String>,
    pub search_path: Option<String>,
    pub default_transaction_read_only: Option<String>,
    /// Every `name=value` as stored.
    pub settings: Vec<String>,
}

fn setting_value(settings: &[String], key: &str) -> Option<String> {
    settings.iter().find_map(|s| {
        s.split_once('=')
            .filter(|(k, _)| *k == key)
            .map(|(_, v)| v.to_string())
    })
}

/// Per-database settings of a role (pg_db_role_setting).
pub fn settings(c: &mut impl GenericClient, oid: u32) -> PgResult<Vec<DbSetting>> {
    let rows = c.query_typed(SETTINGS_SQL, &[(&oid, Type::OID)])?;
    Ok(settings_from(&rows))
}

/// `$1`: the role's oid.
pub const SETTINGS_SQL: &str = "SELECT d.datname::text, s.setconfig FROM pg_db_role_setting s
         LEFT JOIN pg_database d ON d.oid = s.setdatabase
         WHERE s.setrole = $1 ORDER BY d.datname NULLS FIRST";

/// The settings of [`SETTINGS_SQL`]'s rows.
pub fn settings_from(rows: &[Row]) -> Vec<DbSetting> {
    rows.iter()
        .map(|r| {
            let settings: Vec<String> = r.get::<_, Option<Vec<String>>>(1).unwrap_or_default();
            DbSetting {
                database: r.get(0),
                search_path: setting_value(&settings, "search_path"),
                default_transaction_read_only: setting_value(
                    &settings,
                    "default_transaction_read_only",
                ),
                settings,
            }
        })
        .collect()
}

/// The stored search_path of a role in one database, if set.
pub fn search_path_in(
    c: &mut impl GenericClient,
    oid: u32,
    database: &str,
) -> PgResult<Option<String>> {
    let rows = c.query_typed(
        SEARCH_PATH_SQL,
        &[(&oid, Type::OID), (&database, Type::NAME)],
    )?;
    Ok(search_path_from(&rows))
}

/// `$1`: the role's oid; `$2`: the database (name).
pub const SEARCH_PATH_SQL: &str =
    "SELECT s.setconfig FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase
         WHERE s.setrole = $1 AND d.datname = $2";

/// The search_path of [`SEARCH_PATH_SQL`]'s rows.
pub fn search_path_from(rows: &[Row]) -> Option<String> {
    rows.first().and_then(|r| {
        let v: Option<Vec<String>> = r.get(0);
        setting_value(&v.unwrap_or_default(), "search_path")
    })
}

/// Of these schema names, the ones that do not exist in the current database.
pub fn missing_schemas(c: &mut impl GenericClient, names: &[String]) -> PgResult<Vec<String>> {
    let rows = c.query_typed(MISSING_SCHEMAS_SQL, &[(&names, Type::TEXT_ARRAY)])?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

/// `$1`: schema names (text[]); the rows: those that do not exist.
pub const MISSING_SCHEMAS_SQL: &str = "SELECT n FROM unnest($1::text[]) AS n
         WHERE NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = n)";

/// One privilege a role can use in the current database, and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrivilegeRow {
    pub object_type: String,
    pub schema: Option<String>,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub args: Option<String>,
    pub privilege: String,
    pub grantable: bool,
    /// `direct`, `PUBLIC`, or the role it is held through.
    pub via: String,
    /// The role owns this object (owner privileges).
    pub owner: bool,
    /// For a column privilege: the column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// Granted by a role other than the object's owner (and other than the admin): a
    /// REVOKE by the admin (which acts as the owner) does not remove it, only one by
    /// that grantor does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub granted_by: Option<String>,
}

impl PrivilegeRow {
    pub fn is_direct(&self) -> bool {
        self.via == "direct"
    }
    pub fn object_label(&self) -> String {
        let mut s = format!("{} ", self.object_type);
        if let Some(sch) = &self.schema {
            s.push_str(sch);
            s.push('.');
        }
        s.push_str(&self.name);
        if let Some(a) = &self.args {
            s.push_str(&format!("({a})"));
        }
        if let Some(c) = &self.column {
            s.push_str(&format!(" column {c}"));
        }
        s
    }
    fn to_direct(&self) -> Option<DirectPrivilege> {
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

const USER_SCHEMA: &str = "n.nspname NOT IN ('pg_catalog', 'information_schema') \
     AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)' \
     AND ($2::text[] IS NULL OR n.nspname = ANY($2))";

/// Every privilege `oid` can use in the current database on the database itself, its
/// schemas, tables, views, sequences, functions and procedures (system schemas left
/// out): held directly, through PUBLIC, or through a role it inherits from. `schemas`
/// restricts schemas and the objects in them (the database row is always included).
pub fn privileges(
    c: &mut impl GenericClient,
    oid: u32,
    schemas: Option<&[String]>,
) -> PgResult<Vec<PrivilegeRow>> {
    let schemas: Option<Vec<String>> = schemas.map(|s| s.to_vec());
    let rows = c.query_typed(
        &privileges_sql(),
        &[(&oid, Type::OID), (&schemas, Type::TEXT_ARRAY)],
    )?;
    Ok(privileges_from(&rows))
}

/// `$1`: the role's oid; `$2`: the schemas (text[], NULL for all).
pub fn privileges_sql() -> String {
    format!(
        r#"
WITH acl AS (
  SELECT 'database'::text AS t, NULL::text AS sch, d.datname::text AS nm, NULL::text AS args,
         NULL::text AS col, d.datdba AS owner,
         (aclexplode(COALESCE(d.datacl, acldefault('d', d.datdba)))).*
  FROM pg_database d WHERE d.datname = current_database()
  UNION ALL
  SELECT 'schema', NULL, n.nspname::text, NULL, NULL, n.nspowner,
         (aclexplode(COALESCE(n.nspacl, acldefault('n', n.nspowner)))).*
  FROM pg_namespace n WHERE {USER_SCHEMA}
  UNION ALL
  SELECT CASE WHEN c.relkind = 'S' THEN 'sequence' ELSE 'table' END, n.nspname::text,
         c.relname::text, NULL, NULL, c.relowner,
         (aclexplode(COALESCE(c.relacl, acldefault(CASE WHEN c.relkind = 'S' THEN 's'::"char" ELSE 'r'::"char" END, c.relowner)))).*
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND {USER_SCHEMA}
  UNION ALL
  SELECT 'table', n.nspname::text, c.relname::text, NULL, a.attname::text, c.relowner,
         (aclexplode(a.attacl)).*
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE a.attacl IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped
    AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND {USER_SCHEMA}
  UNION ALL
  SELECT CASE WHEN p.prokind = 'p' THEN 'procedure' ELSE 'function' END, n.nspname::text,
         p.proname::text, pg_get_function_identity_arguments(p.oid), NULL, p.proowner,
         (aclexplode(COALESCE(p.proacl, acldefault('f', p.proowner)))).*
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE {USER_SCHEMA}
)
SELECT t, sch, nm, args, privilege_type::text, is_grantable,
       CASE WHEN grantee = $1 THEN 'direct' WHEN grantee = 0 THEN 'PUBLIC'
            ELSE pg_get_userbyid(grantee)::text END,
       owner = $1, col,
       CASE WHEN grantor <> owner
             AND grantor <> (SELECT oid FROM pg_roles WHERE rolname = current_user)
            THEN pg_get_userbyid(grantor)::text END
FROM acl
WHERE grantee = $1 OR grantee = 0 OR pg_has_role($1, grantee, 'USAGE')
ORDER BY CASE t WHEN 'database' THEN 0 WHEN 'schema' THEN 1 WHEN 'table' THEN 2
                WHEN 'sequence' THEN 3 ELSE 4 END, sch, nm, args, col NULLS FIRST, 7, 5
"#
    )
}

/// The privileges of [`privileges_sql`]'s rows.
pub fn privileges_from(rows: &[Row]) -> Vec<PrivilegeRow> {
    rows.iter()
        .map(|r| PrivilegeRow {
            object_type: r.get(0),
            schema: r.get(1),
            name: r.get(2),
            args: r.get(3),
            privilege: r.get(4),
            grantable: r.get(5),
            via: r.get(6),
            owner: r.get(7),
            column: r.get(8),
            granted_by: r.get(9),
        })
        .collect()
}

/// The privileges granted to the role itself on objects it does not own: what revoke
/// removes. Grants made by another grantor are left out: the admin's REVOKE would leave
/// them in place (and report them revoked on every run).
pub fn direct_privileges(rows: &[PrivilegeRow]) -> Vec<DirectPrivilege> {
    rows.iter()
        .filter(|r| r.is_direct() && !r.owner && r.granted_by.is_none())
        .filter_map(PrivilegeRow::to_direct)
        .collect()
}

/// A direct membership of a role in a group, with the group's comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MembershipRow {
    pub group: String,
    pub admin_option: bool,
    pub group_comment: Option<String>,
    /// The group holds a privilege directly on the current database.
    pub group_has_database_acl: bool,
}

impl MembershipRow {
    pub fn membership(&self) -> Membership {
        Membership {
            group: self.group.clone(),
            admin_option: self.admin_option,
        }
    }
}

/// The role's direct memberships, one per group, with what tells a pgacct group of this
/// database apart. PostgreSQL 16+ keeps one pg_auth_members row per grantor (the same
/// membership granted by two roles is two rows): they are one membership here, with ADMIN
/// OPTION if any grantor gave it.
pub fn memberships(c: &mut impl GenericClient, oid: u32) -> PgResult<Vec<MembershipRow>> {
    let rows = c.query_typed(MEMBERSHIPS_SQL, &[(&oid, Type::OID)])?;
    Ok(memberships_from(&rows))
}

/// `$1`: the role's oid.
pub const MEMBERSHIPS_SQL: &str = "SELECT g.rolname::text, bool_or(am.admin_option), d.description,
                EXISTS (SELECT 1 FROM pg_database db, aclexplode(db.datacl) a
                        WHERE db.datname = current_database() AND a.grantee = g.oid)
         FROM pg_auth_members am
         JOIN pg_roles g ON g.oid = am.roleid
         LEFT JOIN pg_shdescription d ON d.objoid = g.oid AND d.classoid = 'pg_authid'::regclass
         WHERE am.member = $1
         GROUP BY g.oid, g.rolname, d.description
         ORDER BY g.rolname";

/// The memberships of [`MEMBERSHIPS_SQL`]'s rows.
pub fn memberships_from(rows: &[Row]) -> Vec<MembershipRow> {
    rows.iter()
        .map(|r| MembershipRow {
            group: r.get(0),
            admin_option: r.get(1),
            group_comment: r.get(2),
            group_has_database_acl: r.get(3),
        })
        .collect()
}

/// Objects the role owns in the current database, described by the server (at most
/// `limit`), and their total count.
pub fn owned_here(
    c: &mut impl GenericClient,
    oid: u32,
    limit: i64,
) -> PgResult<(Vec<String>, i64)> {
    let rows = c.query_typed(OWNED_HERE_SQL, &[(&oid, Type::OID), (&limit, Type::INT8)])?;
    Ok(owned_here_from(&rows))
}

/// `$1`: the role's oid; `$2`: at most this many (int8).
pub const OWNED_HERE_SQL: &str =
    "SELECT pg_describe_object(s.classid, s.objid, s.objsubid), count(*) OVER ()
         FROM pg_shdepend s
         WHERE s.refclassid = 'pg_authid'::regclass AND s.refobjid = $1 AND s.deptype = 'o'
           AND s.classid <> 'pg_default_acl'::regclass
           AND s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
         ORDER BY 1 LIMIT $2";

/// The objects of [`OWNED_HERE_SQL`]'s rows, and their total count.
pub fn owned_here_from(rows: &[Row]) -> (Vec<String>, i64) {
    let total = rows.first().map(|r| r.get::<_, i64>(1)).unwrap_or(0);
    (rows.iter().map(|r| r.get(0)).collect(), total)
}

/// Databases where the role owns objects, with how many (from the shared catalog).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OwnedIn {
    pub database: String,
    pub objects: i64,
}

/// Cluster-wide: per database, how many objects the role owns, privileges it was granted
/// and default privileges it defines or gets; databases and tablespaces it owns; open
/// sessions per database. One read of the shared catalogs from any database. Privileges
/// on shared objects (databases, tablespaces) count for the current database, whose
/// DROP OWNED revokes them.
pub fn cluster_dependencies(
    c: &mut impl GenericClient,
    oid: u32,
) -> PgResult<(Vec<DatabaseDeps>, Vec<String>, Vec<String>)> {
    let mut rows = vec![];
    for sql in CLUSTER_DEPENDENCIES_SQL {
        rows.push(c.query_typed(sql, &[(&oid, Type::OID)])?);
    }
    Ok(cluster_dependencies_from(
        &rows[0], &rows[1], &rows[2], &rows[3],
    ))
}

/// The reads of [`cluster_dependencies`], `$1` the role's oid: dependencies per
/// database, sessions per database, databases owned, tablespaces owned.
pub const CLUSTER_DEPENDENCIES_SQL: [&str; 4] = [
    "SELECT COALESCE(d.datname, current_database())::text AS db,
                count(*) FILTER (WHERE s.deptype = 'o' AND s.dbid <> 0
                                   AND s.classid <> 'pg_default_acl'::regclass),
                count(*) FILTER (WHERE s.deptype IN ('a', 'r') AND s.classid <> 'pg_default_acl'::regclass),
                count(*) FILTER (WHERE s.classid = 'pg_default_acl'::regclass)
         FROM pg_shdepend s LEFT JOIN pg_database d ON d.oid = s.dbid
         WHERE s.refclassid = 'pg_authid'::regclass AND s.refobjid = $1
           AND s.deptype IN ('o', 'a', 'r')
         GROUP BY 1 ORDER BY 1",
    "SELECT datname::text, count(*) FROM pg_stat_activity
         WHERE usesysid = $1 AND pid <> pg_backend_pid() AND datname IS NOT NULL
         GROUP BY datname",
    "SELECT datname::text FROM pg_database WHERE datdba = $1 ORDER BY 1",
    "SELECT spcname::text FROM pg_tablespace WHERE spcowner = $1 ORDER BY 1",
];

/// [`cluster_dependencies`] from the rows of [`CLUSTER_DEPENDENCIES_SQL`].
pub fn cluster_dependencies_from(
    deps: &[Row],
    sessions: &[Row],
    databases: &[Row],
    tablespaces: &[Row],
) -> (Vec<DatabaseDeps>, Vec<String>, Vec<String>) {
    let mut dbs: Vec<DatabaseDeps> = deps
        .iter()
        .map(|r| DatabaseDeps {
            database: r.get(0),
            owned_count: r.get(1),
            privilege_count: r.get(2),
            default_privilege_count: r.get(3),
            ..Default::default()
        })
        .collect();
    for r in sessions {
        let db: String = r.get(0);
        let n: i64 = r.get(1);
        match dbs.iter_mut().find(|d| d.database == db) {
            Some(d) => d.sessions = n,
            None => dbs.push(DatabaseDeps {
                database: db,
                sessions: n,
                ..Default::default()
            }),
        }
    }
    dbs.sort_by(|a, b| a.database.cmp(&b.database));
    let databases_owned = databases.iter().map(|r| r.get(0)).collect();
    let tablespaces_owned = tablespaces.iter().map(|r| r.get(0)).collect();
    (dbs, databases_owned, tablespaces_owned)
}

/// `sql`, whose `$1` is a role's oid, with `$1` the role's name instead (type `name`):
/// a read that can go in the same flight as the one that finds the role.
pub fn by_name(sql: &str) -> String {
    sql.replace(
        "$1",
        "(SELECT pgacct_r.oid FROM pg_catalog.pg_roles pgacct_r WHERE pgacct_r.rolname = $1)",
    )
}

/// In the current database: descriptions of what the role owns, is granted, and the
/// default privileges involving it (each list capped at `limit`).
pub fn describe_dependencies(
    c: &mut impl GenericClient,
    oid: u32,
    limit: i64,
) -> PgResult<(Vec<String>, Vec<String>, Vec<String>)> {
    let rows = c.query_typed(
        "SELECT cat, descr FROM (
           SELECT CASE WHEN s.classid = 'pg_default_acl'::regclass THEN 'default'
                       WHEN s.deptype = 'o' THEN 'owned' ELSE 'privilege' END AS cat,
                  pg_describe_object(s.classid, s.objid, s.objsubid) AS descr,
                  row_number() OVER (PARTITION BY CASE WHEN s.classid = 'pg_default_acl'::regclass THEN 'default'
                       WHEN s.deptype = 'o' THEN 'owned' ELSE 'privilege' END
                       ORDER BY pg_describe_object(s.classid, s.objid, s.objsubid)) AS n
           FROM pg_shdepend s
           WHERE s.refclassid = 'pg_authid'::regclass AND s.refobjid = $1
             AND s.deptype IN ('o', 'a', 'r')
             AND (s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                  OR (s.dbid = 0 AND s.deptype <> 'o'))
         ) x WHERE n <= $2 ORDER BY cat, descr",
        &[(&oid, Type::OID), (&limit, Type::INT8)],
    )?;
    let (mut owned, mut privs, mut defaults) = (vec![], vec![], vec![]);
    for r in rows {
        let cat: String = r.get(0);
        let d: Option<String> = r.get(1);
        let d = d.unwrap_or_else(|| "(unknown object)".into());
        match cat.as_str() {
            "owned" => owned.push(d),
            "default" => defaults.push(d),
            _ => privs.push(d),
        }
    }
    Ok((owned, privs, defaults))
}

/// Databases where the role owns objects (from the shared catalog).
pub fn owned_in_databases(c: &mut impl GenericClient, oid: u32) -> PgResult<Vec<OwnedIn>> {
    let (dbs, _, _) = cluster_dependencies(c, oid)?;
    Ok(dbs
        .into_iter()
        .filter(|d| d.owned_count > 0)
        .map(|d| OwnedIn {
            database: d.database,
            objects: d.owned_count,
        })
        .collect())
}

/// Open sessions of a role (other than this one).
pub fn open_sessions(c: &mut impl GenericClient, oid: u32) -> PgResult<i64> {
    Ok(c.query_typed_one(
        "SELECT count(*) FROM pg_stat_activity WHERE usesysid = $1 AND pid <> pg_backend_pid()",
        &[(&oid, Type::OID)],
    )?
    .get(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn managed_kind_reads_the_comment() {
        assert_eq!(managed_kind(None), (false, None));
        assert_eq!(managed_kind(Some("made by hand")), (false, None));
        assert_eq!(
            managed_kind(Some("pgacct:kind=devqa")),
            (true, Some("devqa".into()))
        );
        assert_eq!(
            managed_kind(Some("pgacct:group=read;db=app")),
            (true, Some("group:read".into()))
        );
        assert_eq!(
            group_database(Some("pgacct:group=read;db=my;db")).as_deref(),
            Some("my;db")
        );
    }

    #[test]
    fn settings_are_split_on_the_first_equals() {
        let s = vec![
            "search_path=sales, \"x=y\"".to_string(),
            "default_transaction_read_only=on".into(),
        ];
        assert_eq!(
            setting_value(&s, "search_path").as_deref(),
            Some("sales, \"x=y\"")
        );
        assert_eq!(
            setting_value(&s, "default_transaction_read_only").as_deref(),
            Some("on")
        );
        assert_eq!(setting_value(&s, "work_mem"), None);
    }
}
