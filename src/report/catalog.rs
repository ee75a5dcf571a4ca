//! The report's catalog reads, ONE query per database (not per role). The first database
//! of a server gets [`REPORT_SQL`]: every role of the cluster with its attributes, expiry,
//! pgacct's marker, direct memberships (with each group's marker), open sessions, and, in
//! that database, its settings and the privileges granted to it directly. The server's
//! other databases get [`DATABASE_SQL`]: only their settings and direct privileges, laid
//! over the first read (roles, memberships and sessions are cluster-wide). Bind
//! parameters only (`$1`: one role's name, or NULL for all); names read here are data.

use super::{CatalogRole, MemberOf, PrivilegeGrant};
use postgres::GenericClient;

/// A catalog read that failed: the server's error, or an answer pgacct could not read.
#[derive(Debug)]
pub enum ReadError {
    Pg(postgres::Error),
    Answer(String),
}

impl From<postgres::Error> for ReadError {
    fn from(e: postgres::Error) -> Self {
        ReadError::Pg(e)
    }
}

fn json<T: serde::de::DeserializeOwned>(what: &str, text: &str) -> Result<T, ReadError> {
    serde_json::from_str(text).map_err(|e| {
        ReadError::Answer(format!(
            "could not read the {what} in the server's answer to the report query: {e}"
        ))
    })
}

/// Schemas left out of the privilege scan (system schemas, temporary and toast).
macro_rules! user_schema {
    () => {
        "n.nspname NOT IN ('pg_catalog', 'information_schema') \
         AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'"
    };
}

/// ACL entries are read only where an ACL was set (`acl IS NOT NULL`): a default ACL
/// grants to the owner and PUBLIC alone, never to another role. The bootstrap superuser
/// (oid 10) and `pg_*` roles are left out.
macro_rules! acl_ctes {
    () => {
        concat!(
    "WITH acl AS (
  SELECT 'database'::text AS t, NULL::text AS sch, d.datname::text AS nm, NULL::text AS args,
                 NULL::text AS col, d.datdba AS owner, (aclexplode(d.datacl)).*
  FROM pg_database d WHERE d.datname = current_database() AND d.datacl IS NOT NULL
  UNION ALL
  SELECT 'schema', NULL, n.nspname::text, NULL, NULL, n.nspowner, (aclexplode(n.nspacl)).*
  FROM pg_namespace n WHERE n.nspacl IS NOT NULL AND ",
            user_schema!(),
            "
  UNION ALL
  SELECT CASE WHEN c.relkind = 'S' THEN 'sequence' ELSE 'table' END, n.nspname::text,
                 c.relname::text, NULL, NULL, c.relowner, (aclexplode(c.relacl)).*
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relacl IS NOT NULL AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND ",
            user_schema!(),
            "
  UNION ALL
  SELECT 'table', n.nspname::text, c.relname::text, NULL, a.attname::text, c.relowner,
                 (aclexplode(a.attacl)).*
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE a.attacl IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped
            AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND ",
            user_schema!(),
            "
  UNION ALL
  SELECT CASE WHEN p.prokind = 'p' THEN 'procedure' ELSE 'function' END, n.nspname::text,
                 p.proname::text, pg_get_function_identity_arguments(p.oid), NULL, p.proowner,
                 (aclexplode(p.proacl)).*
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
  WHERE p.proacl IS NOT NULL AND ",
            user_schema!(),
            "
), direct AS (
  SELECT grantee, json_agg(json_build_object(
                   'object_type', t, 'schema', sch, 'name', nm, 'args', args, 'column', col,
                   'privilege', privilege_type, 'grantable', is_grantable,
                   'granted_by', CASE WHEN grantor <> owner
                                       AND grantor <> (SELECT oid FROM pg_roles WHERE rolname = current_user)
                                      THEN pg_get_userbyid(grantor)::text END)
                 ORDER BY t, sch, nm, args, col, privilege_type)::text AS privs
  FROM acl WHERE grantee <> owner AND grantee <> 0
  GROUP BY grantee
)")
    };
}

/// Everything about every role, as seen from the current database (the first database
/// of a server, and `user repair`).
pub const REPORT_SQL: &str = concat!(
    acl_ctes!(),
    ", mem AS (
  SELECT am.member, json_agg(json_build_object(
           'group', g.rolname::text, 'admin_option', am.admin_option,
           'comment', (SELECT c.description FROM pg_shdescription c
                       WHERE c.objoid = g.oid AND c.classoid = 'pg_catalog.pg_authid'::regclass))
         ORDER BY g.rolname)::text AS groups
  FROM pg_auth_members am JOIN pg_roles g ON g.oid = am.roleid
  GROUP BY am.member
), sess AS (
  SELECT usesysid, count(*) AS n FROM pg_stat_activity
  WHERE usesysid IS NOT NULL AND pid <> pg_backend_pid() GROUP BY usesysid
)
SELECT r.oid, r.rolname::text, r.rolcanlogin, r.rolsuper, r.rolinherit, r.rolcreatedb,
       r.rolcreaterole, r.rolreplication, r.rolbypassrls, r.rolconnlimit,
       CASE WHEN r.rolvaliduntil IS NULL OR NOT isfinite(r.rolvaliduntil) THEN NULL
            ELSE to_char(r.rolvaliduntil AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') END,
       CASE WHEN r.rolvaliduntil IS NULL OR NOT isfinite(r.rolvaliduntil) THEN NULL
            ELSE extract(epoch FROM r.rolvaliduntil - now())::float8 END,
       (SELECT c.description FROM pg_shdescription c
        WHERE c.objoid = r.oid AND c.classoid = 'pg_catalog.pg_authid'::regclass),
       COALESCE(m.groups, '[]'),
       COALESCE(s.setconfig, '{}'::text[]),
       COALESCE(x.n, 0),
       COALESCE(d.privs, '[]'),
       current_database()::text
FROM pg_roles r
LEFT JOIN mem m ON m.member = r.oid
LEFT JOIN pg_db_role_setting s ON s.setrole = r.oid
      AND s.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
LEFT JOIN sess x ON x.usesysid = r.oid
LEFT JOIN direct d ON d.grantee = r.oid
WHERE r.rolname !~ '^pg_' AND r.oid <> 10 AND ($1::text IS NULL OR r.rolname = $1)
ORDER BY r.rolname"
);

/// The per-database part alone (the other databases of a server, whose roles, memberships
/// and sessions the first database's read already gave): the roles with settings in the
/// current database or privileges granted to them directly on its objects.
pub const DATABASE_SQL: &str = concat!(
    acl_ctes!(),
    "
SELECT r.oid, COALESCE(s.setconfig, '{}'::text[]), COALESCE(d.privs, '[]')
FROM pg_roles r
LEFT JOIN pg_db_role_setting s ON s.setrole = r.oid
      AND s.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
LEFT JOIN direct d ON d.grantee = r.oid
WHERE (s.setrole IS NOT NULL OR d.grantee IS NOT NULL)
  AND r.rolname !~ '^pg_' AND r.oid <> 10"
);

/// `cluster` (what [`read`] gave on another database of the same server) as seen from
/// the current database: its settings and direct privileges replaced by this database's,
/// in ONE query.
pub fn read_database(
    c: &mut impl GenericClient,
    cluster: &[CatalogRole],
) -> Result<Vec<CatalogRole>, ReadError> {
    let mut here: std::collections::HashMap<u32, (Vec<String>, String)> = c
        .query(DATABASE_SQL, &[])?
        .iter()
        .map(|r| (r.get(0), (r.get(1), r.get(2))))
        .collect();
    cluster
        .iter()
        .map(|r| {
            let (settings, privs) = here.remove(&r.oid).unwrap_or_else(|| (vec![], "[]".into()));
            Ok(CatalogRole {
                settings,
                privileges: json("privileges", &privs)?,
                ..r.clone()
            })
        })
        .collect()
}

/// Every role of the cluster (or only `name`) as the report sees it from the current
/// database: one query, one round trip.
pub fn read(c: &mut impl GenericClient, name: Option<&str>) -> Result<Vec<CatalogRole>, ReadError> {
    let rows = c.query(REPORT_SQL, &[&name])?;
    rows.iter()
        .map(|r| {
            let members: &str = r.get(13);
            let privs: &str = r.get(16);
            Ok(CatalogRole {
                oid: r.get(0),
                name: r.get(1),
                login: r.get(2),
                superuser: r.get(3),
                inherit: r.get(4),
                createdb: r.get(5),
                createrole: r.get(6),
                replication: r.get(7),
                bypassrls: r.get(8),
                conn_limit: r.get(9),
                valid_until: r.get(10),
                secs_left: r.get(11),
                comment: r.get(12),
                member_of: json::<Vec<MemberOf>>("memberships", members)?,
                settings: r.get(14),
                sessions: r.get(15),
                privileges: json::<Vec<PrivilegeGrant>>("privileges", privs)?,
            })
        })
        .collect()
}
