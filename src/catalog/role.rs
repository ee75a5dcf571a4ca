//! Role lookups: one role's attributes, memberships and settings in the current
//! database, and everything `user create` plans from.

use crate::engine::Failure;
use crate::error::Error;
use crate::ident::SchemaName;
use crate::kinds::Access;
use crate::plan::create::{AdminState, GroupState, Observed, RoleState, SchemaState, group_name};
use crate::target::flight::p;
use postgres::GenericClient;
use postgres::types::{ToSql, Type};

/// The columns of one role `r` (a row of `pg_roles`), as [`role_from_row`] reads them.
/// Member-of names are DISTINCT (PostgreSQL 16+ keeps one pg_auth_members row per grantor).
/// Member-of names and the comment come from syscache lookups (`pg_get_userbyid`, one
/// `pg_shdescription` probe) rather than joins and `shobj_description`: on a new
/// connection the server parses and plans these reads for every command, and each
/// joined view or SQL function adds to that.
macro_rules! role_columns {
    () => {
        "r.rolname::text, r.rolsuper, r.rolcanlogin, r.rolcreatedb, r.rolcreaterole,
       r.rolreplication, r.rolbypassrls, r.rolconnlimit,
       CASE WHEN r.rolvaliduntil IS NULL THEN NULL
            WHEN NOT isfinite(r.rolvaliduntil) THEN 'infinity'
            ELSE to_char(r.rolvaliduntil AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') END,
       (SELECT c.description FROM pg_shdescription c
        WHERE c.objoid = r.oid AND c.classoid = 'pg_catalog.pg_authid'::regclass),
       ARRAY(SELECT DISTINCT pg_get_userbyid(m.roleid)::text FROM pg_auth_members m
             WHERE m.member = r.oid ORDER BY 1),
       COALESCE((SELECT s.setconfig FROM pg_db_role_setting s
                 WHERE s.setrole = r.oid
                   AND s.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())),
                '{}'::text[]),
       (SELECT min(su.rolname)::text FROM pg_roles su
        WHERE (su.rolsuper OR su.rolname = 'rds_superuser') AND su.oid <> r.oid
          AND NOT r.rolsuper AND pg_has_role(r.oid, su.oid, 'MEMBER'))"
    };
}

const ROLE_SQL: &str = concat!(
    "SELECT ",
    role_columns!(),
    " FROM pg_roles r WHERE r.rolname = $1"
);

/// One role as seen from the current database (settings are this database's), or None.
pub fn read_role(
    c: &mut impl GenericClient,
    name: &str,
) -> Result<Option<RoleState>, postgres::Error> {
    let row = c.query_typed_opt(ROLE_SQL, &[(&name, Type::NAME)])?;
    Ok(row.and_then(|r| role_from_row(&r, 0)))
}

/// The role in ROLE_SQL's columns from column `at` of `r` on, or None when they are
/// NULL (no such role, in a LEFT JOIN).
fn role_from_row(r: &postgres::Row, at: usize) -> Option<RoleState> {
    let name: Option<String> = r.get(at);
    Some(RoleState {
        name: name?,
        superuser: r.get(at + 1),
        superuser_via: r.get(at + 12),
        login: r.get(at + 2),
        createdb: r.get(at + 3),
        createrole: r.get(at + 4),
        replication: r.get(at + 5),
        bypassrls: r.get(at + 6),
        conn_limit: r.get(at + 7),
        valid_until: r.get(at + 8),
        comment: r.get(at + 9),
        member_of: r.get(at + 10),
        settings: r.get(at + 11),
    })
}

/// One schema's state for the read (`$2`), write (`$3`) and owner (`$4`) groups. Each
/// table's (sequence's, default ACL's) grants are read with one `aclexplode` pass that
/// counts the wanted (grantee, privilege) pairs: 4 for tables (read SELECT; write INSERT,
/// UPDATE, DELETE), 3 for sequences (read SELECT; write USAGE, UPDATE). Group oids come
/// from `to_regrole` (NULL when the group does not exist: nothing matches, all
/// ungranted). What the admin may do is read with `pg_has_role(..., 'USAGE')` (has the
/// privileges of the owner: what GRANT and, on 16+, ALTER DEFAULT PRIVILEGES FOR ROLE
/// check), or superuser.
macro_rules! schema_sql {
    ($schema:literal) => {
        concat!(
            "
WITH n AS (
  SELECT n.oid, n.nspacl, n.nspowner,
         CASE WHEN n.nspowner = to_regrole('pg_database_owner')::oid
              THEN (SELECT datdba FROM pg_database WHERE datname = current_database())
              ELSE n.nspowner END AS creator,
         to_regrole(quote_ident($2))::oid AS rd,
         to_regrole(quote_ident($3))::oid AS wr,
         to_regrole(quote_ident($4))::oid AS ow,
         (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS su
  FROM pg_namespace n WHERE n.nspname = ",
            $schema,
            "
), d AS (
  SELECT d.defaclrole,
         (SELECT count(DISTINCT (a.grantee, a.privilege_type)) FROM aclexplode(d.defaclacl) a
          WHERE (a.grantee = n.rd AND a.privilege_type = 'SELECT')
             OR (a.grantee = n.wr AND a.privilege_type = ANY (CASE d.defaclobjtype
                   WHEN 'r' THEN '{INSERT,UPDATE,DELETE}'::text[] ELSE '{USAGE,UPDATE}'::text[] END)))
         = CASE d.defaclobjtype WHEN 'r' THEN 4 ELSE 3 END AS full
  FROM pg_default_acl d, n WHERE d.defaclnamespace = n.oid AND d.defaclobjtype IN ('r', 'S')
), rel AS (
  SELECT c.relname, c.relowner, c.relkind = 'S' AS seq,
         (n.su OR pg_has_role(c.relowner, 'USAGE')) AS reach,
         (SELECT count(DISTINCT (a.grantee, a.privilege_type)) FROM aclexplode(c.relacl) a
          WHERE (a.grantee = n.rd AND a.privilege_type = 'SELECT')
             OR (a.grantee = n.wr AND a.privilege_type = ANY (CASE c.relkind
                   WHEN 'S' THEN '{USAGE,UPDATE}'::text[] ELSE '{INSERT,UPDATE,DELETE}'::text[] END)))
         < CASE c.relkind WHEN 'S' THEN 3 ELSE 4 END AS ungranted
  FROM pg_class c, n WHERE c.relnamespace = n.oid AND c.relkind IN ('r','p','v','m','f','S')
), o AS (
  SELECT x.r, min(x.ord) AS ord FROM (
    SELECT n.creator AS r, 0 AS ord FROM n
    UNION ALL SELECT oid, 1 FROM pg_roles WHERE rolname = current_user
    UNION ALL SELECT relowner, 2 FROM rel) x, n
  WHERE x.r IS DISTINCT FROM n.ow GROUP BY x.r
)
SELECT pg_get_userbyid(n.creator)::text,
  EXISTS (SELECT 1 FROM aclexplode(n.nspacl) a WHERE a.grantee = n.rd AND a.privilege_type = 'USAGE'),
  EXISTS (SELECT 1 FROM aclexplode(n.nspacl) a WHERE a.grantee = n.ow AND a.privilege_type = 'CREATE'),
  EXISTS (SELECT 1 FROM rel WHERE NOT rel.seq AND rel.reach AND rel.ungranted),
  EXISTS (SELECT 1 FROM rel WHERE rel.seq AND rel.reach AND rel.ungranted),
  (SELECT count(*) FROM d WHERE d.defaclrole = n.ow AND d.full) = 2,
  pg_get_userbyid(n.nspowner)::text,
  n.su OR pg_has_role(n.nspowner, 'USAGE'),
  EXISTS (SELECT 1 FROM aclexplode(n.nspacl) a WHERE a.grantee = 0 AND a.privilege_type = 'USAGE'),
  EXISTS (SELECT 1 FROM aclexplode(n.nspacl) a WHERE a.grantee = 0 AND a.privilege_type = 'CREATE'),
  CASE WHEN n.rd IS NULL
       THEN EXISTS (SELECT 1 FROM aclexplode(n.nspacl) a WHERE a.grantee = 0 AND a.privilege_type = 'CREATE')
       ELSE has_schema_privilege(n.rd, n.oid, 'CREATE') END,
  (SELECT COALESCE(json_agg(json_build_object('name', rel.relname::text,
              'owner', pg_get_userbyid(rel.relowner)::text, 'sequence', rel.seq)
            ORDER BY rel.relname), '[]') FROM rel WHERE NOT rel.reach AND rel.ungranted)::text,
  (SELECT COALESCE(json_agg(json_build_object('role', pg_get_userbyid(o.r)::text,
              'reachable', n.su OR pg_has_role(o.r, 'USAGE'),
              'defaults', (SELECT count(*) FROM d WHERE d.defaclrole = o.r AND d.full) = 2)
            ORDER BY o.ord, pg_get_userbyid(o.r)::text), '[]') FROM o)::text,
  (SELECT COALESCE(json_agg(json_build_object('name', rel.relname::text,
              'owner', pg_get_userbyid(rel.relowner)::text, 'sequence', rel.seq)
            ORDER BY rel.relname), '[]') FROM rel WHERE rel.reach AND rel.ungranted)::text
FROM n"
        )
    };
}

const SCHEMA_SQL: &str = schema_sql!("$1");

/// [`SCHEMA_SQL`] for every schema of the database but the system ones, up to 100,
/// `public` first (the order and limit `registry check` lists them in): column 0 the
/// schema's name, then [`SCHEMA_SQL`]'s columns. Its parameters are [`SCHEMA_SQL`]'s;
/// `$1` (typed, so allowed) is not used.
const ALL_SCHEMAS_SQL: &str = concat!(
    "SELECT s.nspname::text, x.* FROM (
  SELECT nspname FROM pg_namespace
  WHERE nspname !~ '^pg_' AND nspname <> 'information_schema'
  ORDER BY nspname <> 'public', nspname LIMIT 100) s
CROSS JOIN LATERAL (",
    schema_sql!("s.nspname"),
    ") x
ORDER BY s.nspname <> 'public', s.nspname"
);

/// The admin's "may turn statement logging off" check: PostgreSQL 15 added per-parameter
/// SET privileges; before it only a superuser may. One text for every version: a create's
/// first read goes out before the server's version is known (the login is pipelined with
/// it), and `has_parameter_privilege` does not exist before 15, so it is called through
/// `query_to_xml` (parsed only when run), which the CASE runs on 15+ only.
const SILENCE: &str =
    "me.rolsuper OR CASE WHEN current_setting('server_version_num')::int >= 150000
    THEN query_to_xml('SELECT has_parameter_privilege(''log_statement'', ''SET'')
                          AND has_parameter_privilege(''log_min_error_statement'', ''SET'')
                          AND has_parameter_privilege(''log_min_duration_statement'', ''SET'')
                          AND has_parameter_privilege(''log_min_duration_sample'', ''SET'') AS s',
                      false, true, '')::text LIKE '%<s>true</s>%'
    ELSE false END";
const SILENCE_OLD: &str = "me.rolsuper";

/// Everything but the schemas, in one round trip: `$1` the role, `$2` the group names
/// (connect, read, write, owner) of the database the caller expects to be in. Column 0
/// is `current_database()`: should it not be that database, the caller reads again with
/// the names of the one it is in. The groups' memberships come as a JSON object (group
/// name to its sorted memberships), one key per existing group.
fn observe_sql(silence: &str) -> String {
    format!(
        "SELECT current_database()::text, current_user::text, me.rolsuper,
  {silence},
  (SELECT COALESCE(json_object_agg(pg_get_userbyid(g.oid),
            ARRAY(SELECT DISTINCT pg_get_userbyid(m.roleid)::text FROM pg_auth_members m
                  WHERE m.member = g.oid ORDER BY 1)), '{{}}')::text
   FROM unnest(ARRAY(SELECT to_regrole(quote_ident(n))::oid FROM unnest($2::name[]) AS n)) AS g(oid)
   WHERE g.oid IS NOT NULL),
  ARRAY(SELECT DISTINCT pg_get_userbyid(m.roleid)::text FROM pg_auth_members m
        WHERE m.member = me.oid AND pg_get_userbyid(m.roleid) = ANY($2)),
  EXISTS (SELECT 1 FROM pg_database d, aclexplode(d.datacl) a
          WHERE d.datname = current_database() AND a.privilege_type = 'CONNECT'
            AND a.grantee = to_regrole(quote_ident(($2)[1]))::oid),
  {},
  me.rolcreatedb,
  ARRAY(SELECT n::text FROM unnest($2::name[]) AS n
        WHERE to_regrole(quote_ident(n)) IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM pg_auth_members m
                          WHERE m.roleid = to_regrole(quote_ident(n))::oid AND m.admin_option
                            AND pg_has_role(m.member, 'USAGE'))),
  r.oid IS NULL OR EXISTS (SELECT 1 FROM pg_auth_members m
                           WHERE m.roleid = r.oid AND m.admin_option AND pg_has_role(m.member, 'USAGE')),
  me.rolsuper OR pg_has_role((SELECT datdba FROM pg_database WHERE datname = current_database()), 'USAGE'),
  EXISTS (SELECT 1 FROM pg_database d, aclexplode(COALESCE(d.datacl, acldefault('d', d.datdba))) a
          WHERE d.datname = current_database() AND a.grantee = 0 AND a.privilege_type = 'CONNECT'),
  (SELECT pg_get_userbyid(datdba)::text FROM pg_database WHERE datname = current_database()),
  current_setting('server_version_num')::int4
FROM pg_roles me LEFT JOIN pg_roles r ON r.rolname = $1
WHERE me.rolname = current_user",
        role_columns!()
    )
}

/// The group names (connect, read, write, owner) of database `db`.
pub(crate) fn group_names(db: &str) -> Vec<String> {
    Access::ALL
        .iter()
        .map(|a| group_name(*a, db).to_string())
        .collect()
}

fn admin_missing() -> Failure {
    Failure::Other(Error::failed(
        "the admin role was not found in pg_roles while reading the catalog",
    ))
}

/// Everything `plan_create` needs (tables and sequences the admin cannot grant on,
/// because it neither owns them nor is a member of their owner, are left out of the
/// "ungranted" checks: GRANT ON ALL TABLES would skip them with a warning and a second
/// run would never settle), read in the current database (which must be the
/// target's, `database`) on `c` (a transaction when applying). One round trip for the
/// admin, the role, the groups and the CONNECT grant, and one per schema.
pub fn observe_create(
    c: &mut postgres::Transaction<'_>,
    st: &super::Statements,
    role: &str,
    database: &str,
    schemas: &[SchemaName],
) -> Result<Observed, Failure> {
    let sql = observe_sql(SILENCE);
    let mut names = group_names(database);
    // The main read and every schema's in one flight (with what the transaction has
    // queued: BEGIN, the role's lock), assuming the session's database is the target's
    // (it is, unless the target's name differs in case or the like: then the reads run
    // again with the current database's group names). A batch executes its prepared
    // statements the same way.
    let mut rows = {
        let main: [(&(dyn ToSql + Sync), Type); 2] =
            [(&role, Type::NAME), (&names, Type::NAME_ARRAY)];
        let schema_names: Vec<&str> = schemas.iter().map(|s| s.as_str()).collect();
        let per_schema: Vec<[(&(dyn ToSql + Sync), Type); 4]> = schema_names
            .iter()
            .map(|s| {
                [
                    (s as &(dyn ToSql + Sync), Type::NAME),
                    (&names[1] as &(dyn ToSql + Sync), Type::NAME),
                    (&names[2] as &(dyn ToSql + Sync), Type::NAME),
                    (&names[3] as &(dyn ToSql + Sync), Type::NAME),
                ]
            })
            .collect();
        let mut queries: Vec<super::Query<'_>> = vec![(&sql, &main)];
        queries.extend(per_schema.iter().map(|p| (SCHEMA_SQL, &p[..])));
        st.query_all(c, &queries)?
    };
    let mut row = rows
        .remove(0)
        .into_iter()
        .next()
        .ok_or_else(admin_missing)?;
    let mut early: Option<Vec<Option<postgres::Row>>> =
        Some(rows.into_iter().map(|r| r.into_iter().next()).collect());
    let current: String = row.get(0);
    if current != database {
        names = group_names(&current);
        early = None;
        row = st
            .query_opt(c, &sql, &[(&role, Type::NAME), (&names, Type::NAME_ARRAY)])?
            .ok_or_else(admin_missing)?;
    }
    let mut schema_states = vec![];
    let mut early = early.map(Vec::into_iter);
    for s in schemas {
        let row = match early.as_mut().and_then(Iterator::next) {
            Some(r) => r,
            None => st.query_opt(
                c,
                SCHEMA_SQL,
                &[
                    (&s.as_str(), Type::NAME),
                    (&names[1], Type::NAME),
                    (&names[2], Type::NAME),
                    (&names[3], Type::NAME),
                ],
            )?,
        };
        schema_states.push(schema_state(&s.to_string(), row.as_ref(), 0)?);
    }
    observed(&row, &names, schema_states)
}

/// The reads of [`observe_create`] for every schema of a database, added to a flight by
/// [`observe_all_in`] (`registry check`'s predictions).
pub struct CreateReads {
    main: usize,
    schemas: usize,
    database: String,
    names: Vec<String>,
}

/// Add to `f` what [`observe_create`] reads for `role` in `database` (the session's),
/// for every schema of the database but the system ones (up to 100, `public` first),
/// as caught queries (their error does not fail the flight: [`observed_from`] returns
/// it), outside a transaction. They go out before the server's version is known, so the
/// admin's "may turn statement logging off" is read as before PostgreSQL 15 (superuser
/// only): a lower bound on 15+, which only decides whether a create's plan starts with
/// the quiet step; `registry check`'s predictions do not depend on it.
pub fn observe_all_in(
    f: &mut crate::target::flight::Flight,
    role: &str,
    database: &str,
) -> CreateReads {
    let names = group_names(database);
    let main = f.add_caught(
        observe_sql(SILENCE_OLD),
        vec![
            p(role.to_string(), Type::NAME),
            p(names.clone(), Type::NAME_ARRAY),
        ],
    );
    let schemas = f.add_caught(ALL_SCHEMAS_SQL, schema_params("", &names));
    CreateReads {
        main,
        schemas,
        database: database.to_string(),
        names,
    }
}

/// What [`observe_all_in`]'s reads found, once `f` was sent and gave `rows`: the
/// observation, whose schemas are `public` first (`exists` false when there is none),
/// then the other schemas whose names pgacct accepts. `Ok(None)` when the session's
/// database is not the one the reads were made for (read again with
/// [`observe_create`]).
pub fn observed_from(
    reads: &CreateReads,
    f: &crate::target::flight::Flight,
    rows: &[Vec<postgres::Row>],
) -> Result<Option<Observed>, Failure> {
    for i in [reads.main, reads.schemas] {
        if let Some(e) = f.error(i) {
            return Err(Failure::Pg(e));
        }
    }
    let row = rows
        .get(reads.main)
        .and_then(|r| r.first())
        .ok_or_else(admin_missing)?;
    if row.get::<_, String>(0) != reads.database {
        return Ok(None);
    }
    let found = rows.get(reads.schemas).map(Vec::as_slice).unwrap_or(&[]);
    let mut schema_states = vec![];
    let public = found.iter().find(|r| r.get::<_, &str>(0) == "public");
    schema_states.push(schema_state("public", public, 1)?);
    for r in found {
        let name: &str = r.get(0);
        if name == "public" {
            continue;
        }
        if let Ok(sn) = SchemaName::parse(name) {
            schema_states.push(schema_state(&sn.to_string(), Some(r), 1)?);
        }
    }
    observed(row, &reads.names, schema_states).map(Some)
}

/// The schemas [`observed_from`] gives the states of: `public`, then the other schemas
/// the reads found whose names pgacct accepts.
pub fn observed_schema_names(reads: &CreateReads, rows: &[Vec<postgres::Row>]) -> Vec<SchemaName> {
    let mut out: Vec<SchemaName> = SchemaName::parse("public").into_iter().collect();
    for r in rows.get(reads.schemas).map(Vec::as_slice).unwrap_or(&[]) {
        if let Ok(sn) = SchemaName::parse(r.get::<_, &str>(0)) {
            if !out.contains(&sn) {
                out.push(sn);
            }
        }
    }
    out
}

/// One schema's state from [`SCHEMA_SQL`]'s columns from column `at` of `row` (None:
/// the schema does not exist).
fn schema_state(
    name: &str,
    row: Option<&postgres::Row>,
    at: usize,
) -> Result<SchemaState, Failure> {
    let Some(r) = row else {
        return Ok(SchemaState {
            name: name.to_string(),
            exists: false,
            ..Default::default()
        });
    };
    let json = |i: usize, what: &str| -> Result<serde_json::Value, Failure> {
        serde_json::from_str(r.get::<_, &str>(at + i)).map_err(|e| {
            Failure::Other(Error::failed(format!(
                "could not read the {what} of schema {name} from the server's answer: {e}"
            )))
        })
    };
    let unreachable = serde_json::from_value(json(11, "objects")?)
        .map_err(|e| Failure::Other(Error::failed(format!("{e}"))))?;
    let creators = serde_json::from_value(json(12, "creators")?)
        .map_err(|e| Failure::Other(Error::failed(format!("{e}"))))?;
    let ungranted = serde_json::from_value(json(13, "objects")?)
        .map_err(|e| Failure::Other(Error::failed(format!("{e}"))))?;
    Ok(SchemaState {
        name: name.to_string(),
        exists: true,
        creator: r.get(at),
        read_usage: r.get(at + 1),
        owner_create: r.get(at + 2),
        tables_ungranted: r.get(at + 3),
        sequences_ungranted: r.get(at + 4),
        defaults_for_owner_group: r.get(at + 5),
        owner: r.get(at + 6),
        admin_grants: r.get(at + 7),
        public_usage: r.get(at + 8),
        public_create: r.get(at + 9),
        read_can_create: r.get(at + 10),
        unreachable,
        ungranted,
        creators,
    })
}

/// The observation from the main read's `row` (for the groups `names`) and the schemas.
/// The server version is the row's own (its last column): the read may have gone out
/// before the session knew it.
fn observed(
    row: &postgres::Row,
    names: &[String],
    schemas: Vec<SchemaState>,
) -> Result<Observed, Failure> {
    // observe_sql's last column.
    let server_version_num: i32 = row.get(row.len() - 1);
    let found: std::collections::HashMap<String, Vec<String>> =
        serde_json::from_str(row.get::<_, &str>(4)).map_err(|e| {
            Failure::Other(Error::failed(format!(
                "could not read the group roles' memberships from the server's answer: {e}"
            )))
        })?;
    let groups: Vec<GroupState> = names
        .iter()
        .map(|n| GroupState {
            name: n.clone(),
            exists: found.contains_key(n),
            member_of: found.get(n).cloned().unwrap_or_default(),
        })
        .collect();
    Ok(Observed {
        admin: AdminState {
            name: row.get(1),
            superuser: row.get(2),
            can_silence_log: row.get(3),
            member_of: row.get(5),
            createdb: row.get(20),
            pg16_rules: server_version_num >= 160000 && !row.get::<_, bool>(2),
            no_admin_option: row.get(21),
            role_admin: row.get(22),
            can_grant_connect: row.get(23),
            public_connect: row.get(24),
            db_owner: row.get(25),
        },
        role: role_from_row(row, 7),
        groups,
        connect_granted: row.get(6),
        schemas,
    })
}

/// The parameters of [`SCHEMA_SQL`] for schema `s`, with the database's group names.
fn schema_params(s: &str, names: &[String]) -> Vec<crate::target::flight::Param> {
    vec![
        p(s.to_string(), Type::NAME),
        p(names[1].clone(), Type::NAME),
        p(names[2].clone(), Type::NAME),
        p(names[3].clone(), Type::NAME),
    ]
}
