//! Role lookups: one role's attributes, memberships and settings in the current
//! database, and everything `user create` plans from.

use crate::ident::SchemaName;
use crate::kinds::Access;
use crate::plan::create::{AdminState, GroupState, Observed, RoleState, SchemaState, group_name};
use postgres::GenericClient;
use postgres::types::Type;

const ROLE_SQL: &str = "
SELECT r.rolname::text, r.rolsuper, r.rolcanlogin, r.rolcreatedb, r.rolcreaterole,
       r.rolreplication, r.rolbypassrls, r.rolconnlimit,
       CASE WHEN r.rolvaliduntil IS NULL THEN NULL
            WHEN NOT isfinite(r.rolvaliduntil) THEN 'infinity'
            ELSE to_char(r.rolvaliduntil AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') END,
       shobj_description(r.oid, 'pg_authid'),
       ARRAY(SELECT g.rolname::text FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
             WHERE m.member = r.oid ORDER BY 1),
       COALESCE((SELECT s.setconfig FROM pg_db_role_setting s
                 WHERE s.setrole = r.oid
                   AND s.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())),
                '{}'::text[]),
       (SELECT min(su.rolname)::text FROM pg_roles su
        WHERE (su.rolsuper OR su.rolname = 'rds_superuser') AND su.oid <> r.oid
          AND NOT r.rolsuper AND pg_has_role(r.oid, su.oid, 'MEMBER'))
FROM pg_roles r WHERE r.rolname = $1";

/// One role as seen from the current database (settings are this database's), or None.
pub fn read_role(
    c: &mut impl GenericClient,
    name: &str,
) -> Result<Option<RoleState>, postgres::Error> {
    let row = c.query_typed_opt(ROLE_SQL, &[(&name, Type::NAME)])?;
    Ok(row.map(|r| RoleState {
        name: r.get(0),
        superuser: r.get(1),
        superuser_via: r.get(12),
        login: r.get(2),
        createdb: r.get(3),
        createrole: r.get(4),
        replication: r.get(5),
        bypassrls: r.get(6),
        conn_limit: r.get(7),
        valid_until: r.get(8),
        comment: r.get(9),
        member_of: r.get(10),
        settings: r.get(11),
    }))
}

const SCHEMA_SQL: &str = "
WITH g AS (
  SELECT (SELECT oid FROM pg_roles WHERE rolname = $2) AS rd,
         (SELECT oid FROM pg_roles WHERE rolname = $3) AS wr,
         (SELECT oid FROM pg_roles WHERE rolname = $4) AS ow
), n AS (
  SELECT n.oid, n.nspacl,
         CASE WHEN n.nspowner = (SELECT oid FROM pg_roles WHERE rolname = 'pg_database_owner')
              THEN (SELECT datdba FROM pg_database WHERE datname = current_database())
              ELSE n.nspowner END AS creator
  FROM pg_namespace n WHERE n.nspname = $1
), d AS (
  SELECT d.defaclrole, d.defaclobjtype, d.defaclacl, g.rd, g.wr
  FROM pg_default_acl d, n, g WHERE d.defaclnamespace = n.oid
)
SELECT pg_get_userbyid(n.creator)::text,
  EXISTS (SELECT 1 FROM aclexplode(n.nspacl) a WHERE a.grantee = g.rd AND a.privilege_type = 'USAGE'),
  EXISTS (SELECT 1 FROM aclexplode(n.nspacl) a WHERE a.grantee = g.ow AND a.privilege_type = 'CREATE'),
  EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid AND c.relkind IN ('r','p','v','m','f')
          AND pg_has_role(c.relowner, 'USAGE')
          AND NOT (EXISTS (SELECT 1 FROM aclexplode(c.relacl) a WHERE a.grantee = g.rd AND a.privilege_type = 'SELECT')
                   AND (SELECT count(DISTINCT a.privilege_type) FROM aclexplode(c.relacl) a
                        WHERE a.grantee = g.wr AND a.privilege_type IN ('INSERT','UPDATE','DELETE')) = 3)),
  EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid AND c.relkind = 'S'
          AND pg_has_role(c.relowner, 'USAGE')
          AND NOT (EXISTS (SELECT 1 FROM aclexplode(c.relacl) a WHERE a.grantee = g.rd AND a.privilege_type = 'SELECT')
                   AND (SELECT count(DISTINCT a.privilege_type) FROM aclexplode(c.relacl) a
                        WHERE a.grantee = g.wr AND a.privilege_type IN ('USAGE','UPDATE')) = 2)),
  (SELECT count(*) FROM d WHERE d.defaclrole = n.creator AND (
      (d.defaclobjtype = 'r'
       AND EXISTS (SELECT 1 FROM aclexplode(d.defaclacl) a WHERE a.grantee = d.rd AND a.privilege_type = 'SELECT')
       AND (SELECT count(DISTINCT a.privilege_type) FROM aclexplode(d.defaclacl) a
            WHERE a.grantee = d.wr AND a.privilege_type IN ('INSERT','UPDATE','DELETE')) = 3)
   OR (d.defaclobjtype = 'S'
       AND EXISTS (SELECT 1 FROM aclexplode(d.defaclacl) a WHERE a.grantee = d.rd AND a.privilege_type = 'SELECT')
       AND (SELECT count(DISTINCT a.privilege_type) FROM aclexplode(d.defaclacl) a
            WHERE a.grantee = d.wr AND a.privilege_type IN ('USAGE','UPDATE')) = 2))) = 2,
  (SELECT count(*) FROM d WHERE d.defaclrole = g.ow AND (
      (d.defaclobjtype = 'r'
       AND EXISTS (SELECT 1 FROM aclexplode(d.defaclacl) a WHERE a.grantee = d.rd AND a.privilege_type = 'SELECT')
       AND (SELECT count(DISTINCT a.privilege_type) FROM aclexplode(d.defaclacl) a
            WHERE a.grantee = d.wr AND a.privilege_type IN ('INSERT','UPDATE','DELETE')) = 3)
   OR (d.defaclobjtype = 'S'
       AND EXISTS (SELECT 1 FROM aclexplode(d.defaclacl) a WHERE a.grantee = d.rd AND a.privilege_type = 'SELECT')
       AND (SELECT count(DISTINCT a.privilege_type) FROM aclexplode(d.defaclacl) a
            WHERE a.grantee = d.wr AND a.privilege_type IN ('USAGE','UPDATE')) = 2))) = 2
FROM n, g";

const GROUPS_SQL: &str = "
SELECT r.rolname::text,
       ARRAY(SELECT g.rolname::text FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
             WHERE m.member = r.oid ORDER BY 1)
FROM pg_roles r WHERE r.rolname = ANY($1)";

/// Everything `plan_create` needs (tables and sequences the admin cannot grant on,
/// because it neither owns them nor is a member of their owner, are left out of the
/// "ungranted" checks: GRANT ON ALL TABLES would skip them with a warning and a second
/// run would never settle), read in the current database (which must be the
/// target's) on `c` (a transaction when applying).
pub fn observe_create(
    c: &mut impl GenericClient,
    role: &str,
    schemas: &[SchemaName],
    server_version_num: i32,
) -> Result<Observed, postgres::Error> {
    let database: String = c
        .query_typed_one("SELECT current_database()::text", &[])?
        .get(0);
    let admin_row = if server_version_num >= 150000 {
        c.query_typed_one(
            "SELECT current_user::text, r.rolsuper,
                    r.rolsuper OR (has_parameter_privilege('log_statement', 'SET')
                                    AND has_parameter_privilege('log_min_error_statement', 'SET')
                                    AND has_parameter_privilege('log_min_duration_statement', 'SET')
                                    AND has_parameter_privilege('log_min_duration_sample', 'SET'))
             FROM pg_roles r WHERE r.rolname = current_user",
            &[],
        )?
    } else {
        c.query_typed_one(
            "SELECT current_user::text, r.rolsuper, r.rolsuper FROM pg_roles r WHERE r.rolname = current_user",
            &[],
        )?
    };
    let names: Vec<String> = Access::ALL
        .iter()
        .map(|a| group_name(*a, &database).to_string())
        .collect();
    let rows = c.query_typed(GROUPS_SQL, &[(&names, Type::NAME_ARRAY)])?;
    let groups: Vec<GroupState> = names
        .iter()
        .map(|n| {
            let row = rows.iter().find(|r| r.get::<_, String>(0) == *n);
            GroupState {
                name: n.clone(),
                exists: row.is_some(),
                member_of: row.map(|r| r.get(1)).unwrap_or_default(),
            }
        })
        .collect();
    let admin_member_of: Vec<String> = c
        .query_typed(
            "SELECT g.rolname::text FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
             WHERE m.member = (SELECT oid FROM pg_roles WHERE rolname = current_user)
               AND g.rolname = ANY($1)",
            &[(&names, Type::NAME_ARRAY)],
        )?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let connect_granted: bool = c
        .query_typed_one(
            "SELECT EXISTS (SELECT 1 FROM pg_database d, aclexplode(d.datacl) a
                            WHERE d.datname = current_database() AND a.privilege_type = 'CONNECT'
                              AND a.grantee = (SELECT oid FROM pg_roles WHERE rolname = $1))",
            &[(&names[0], Type::NAME)],
        )?
        .get(0);
    let mut schema_states = vec![];
    for s in schemas {
        let row = c.query_typed_opt(
            SCHEMA_SQL,
            &[
                (&s.as_str(), Type::NAME),
                (&names[1], Type::NAME),
                (&names[2], Type::NAME),
                (&names[3], Type::NAME),
            ],
        )?;
        schema_states.push(match row {
            None => SchemaState {
                name: s.to_string(),
                exists: false,
                ..Default::default()
            },
            Some(r) => SchemaState {
                name: s.to_string(),
                exists: true,
                creator: r.get(0),
                read_usage: r.get(1),
                owner_create: r.get(2),
                tables_ungranted: r.get(3),
                sequences_ungranted: r.get(4),
                defaults_for_creator: r.get(5),
                defaults_for_owner_group: r.get(6),
            },
        });
    }
    Ok(Observed {
        admin: AdminState {
            name: admin_row.get(0),
            superuser: admin_row.get(1),
            can_silence_log: admin_row.get(2),
            member_of: admin_member_of,
        },
        role: read_role(c, role)?,
        groups,
        connect_granted,
        schemas: schema_states,
    })
}
