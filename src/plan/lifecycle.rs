//! Plans for the lifecycle verbs (reset, search-path, lock, unlock, revoke and the
//! re-grant that undoes a revoke): pure functions from validated names and the observed
//! catalog state to ordered SQL steps. No client library in here.
//!
//! Session termination is never part of the transaction: a backend terminated before
//! the NOLOGIN or the new password is committed could log in again with the old state,
//! so it comes as a separate `after_commit` step.

pub use super::Step;
use super::{Phase, Plan, Stage, StepKind, VERIFIER_PLACEHOLDER};
use crate::ident::{
    RoleName, SchemaName, parse_search_path, quote_ident, quote_literal, search_path_sql,
};
use serde::{Deserialize, Serialize};

fn step(phase: Phase, sql: String, description: String) -> Step {
    Step::new(phase, sql, description)
}

/// The statement that ends every other session of `role` and returns how many it ended.
/// From PostgreSQL 14 on, it waits up to 5 s for each backend to exit, so a caller that
/// sees the count can rely on those sessions being gone.
pub fn terminate_sessions_sql(role: &RoleName, server_version_num: i32) -> String {
    let call = if server_version_num >= 140000 {
        "pg_terminate_backend(pid, 5000)"
    } else {
        "pg_terminate_backend(pid)"
    };
    format!(
        "SELECT count(*) FILTER (WHERE {call}) FROM pg_stat_activity WHERE usename = {} AND pid <> pg_backend_pid()",
        quote_literal(role.as_str())
    )
}

/// The step that ends the role's other sessions, at `stage`.
pub fn terminate_step(role: &RoleName, server_version_num: i32, stage: Stage) -> Step {
    step(
        Phase::Drop,
        terminate_sessions_sql(role, server_version_num),
        format!("end the open sessions of {role}"),
    )
    .at(stage)
    .of_kind(StepKind::TerminateSessions)
}

/// What `reset` needs to know: the planner's input (built by the command from the typed
/// `intent::verbs::ResetIntent` and the target's facts).
#[derive(Debug, Clone)]
pub struct ResetInput<'a> {
    pub role: &'a RoleName,
    /// New VALID UNTIL as a timestamp literal text (e.g. `2027-01-31T00:00:00Z`).
    pub valid_until: Option<&'a str>,
    pub terminate_sessions: bool,
    /// Turn statement logging (and error-statement logging) off for this transaction
    /// (only allowed to superusers).
    pub quiet_log: bool,
    pub server_version_num: i32,
}

/// Rotate a password: always a change (a new verifier every time).
pub fn reset(i: &ResetInput<'_>) -> Plan {
    let mut p = Plan::default();
    if i.quiet_log {
        p.steps.push(step(
            Phase::Session,
            "SET LOCAL log_statement = 'none'".into(),
            "turn statement logging off for this transaction".into(),
        ));
        // A failing ALTER ROLE would be logged with its verifier all the same.
        p.steps.push(step(
            Phase::Session,
            "SET LOCAL log_min_error_statement = 'panic'".into(),
            "keep failing statements of this transaction out of the server log".into(),
        ));
        // Duration logging prints statement texts whatever log_statement says.
        p.steps.push(step(
            Phase::Session,
            "SET LOCAL log_min_duration_statement = -1".into(),
            "keep this transaction's statements out of the server's duration log".into(),
        ));
        p.steps.push(step(
            Phase::Session,
            "SET LOCAL log_min_duration_sample = -1".into(),
            "keep this transaction's statements out of the server's sampled duration log".into(),
        ));
    }
    let mut sql = format!(
        "ALTER ROLE {} PASSWORD {VERIFIER_PLACEHOLDER}",
        i.role.sql()
    );
    let mut desc = format!("set a new password for {}", i.role);
    if let Some(v) = i.valid_until {
        sql.push_str(&format!(" VALID UNTIL {}", quote_literal(v)));
        desc.push_str(&format!(", valid until {v}"));
    }
    p.push_with_verifier(Phase::Alter, sql, desc, i.role.as_str());
    if i.terminate_sessions {
        p.steps.push(terminate_step(
            i.role,
            i.server_version_num,
            Stage::AfterCommit,
        ));
    }
    p
}

/// Set the role's search_path in one database. `current` is the stored value from
/// pg_db_role_setting for that role and database, if any. Unchanged when equal.
pub fn search_path(
    role: &RoleName,
    database: &str,
    schemas: &[SchemaName],
    current: Option<&str>,
) -> Plan {
    let want: Vec<String> = schemas.iter().map(|s| s.as_str().to_string()).collect();
    if current.map(parse_search_path).as_ref() == Some(&want) {
        return Plan::default();
    }
    Plan {
        steps: vec![step(
            Phase::Settings,
            format!(
                "ALTER ROLE {} IN DATABASE {} SET search_path TO {}",
                role.sql(),
                quote_ident(database),
                search_path_sql(schemas)
            ),
            format!(
                "set the search_path of {role} in {database} to {}",
                want.join(", ")
            ),
        )],
    }
}

/// Put a stored search_path back (the inverse of [`search_path`]): `previous` None means
/// there was no setting, so RESET it.
pub fn restore_search_path(
    role: &RoleName,
    database: &str,
    previous: Option<&str>,
    current: Option<&str>,
) -> Plan {
    match previous {
        None if current.is_none() => Plan::default(),
        None => Plan {
            steps: vec![step(
                Phase::Settings,
                format!(
                    "ALTER ROLE {} IN DATABASE {} RESET search_path",
                    role.sql(),
                    quote_ident(database)
                ),
                format!("remove the search_path setting of {role} in {database}"),
            )],
        },
        Some(prev) => {
            let schemas: Vec<SchemaName> = parse_search_path(prev)
                .iter()
                .filter_map(|s| SchemaName::parse(s).ok())
                .collect();
            if schemas.is_empty() {
                // An empty search_path (stored as `""`): no schema to quote, and
                // `SET search_path TO` with nothing after it is a syntax error.
                if current == Some(prev) {
                    return Plan::default();
                }
                return Plan {
                    steps: vec![step(
                        Phase::Settings,
                        format!(
                            "ALTER ROLE {} IN DATABASE {} SET search_path TO ''",
                            role.sql(),
                            quote_ident(database)
                        ),
                        format!("set the search_path of {role} in {database} back to empty"),
                    )],
                };
            }
            search_path(role, database, &schemas, current)
        }
    }
}

/// A role's login state, as recorded by lock for unlock and undo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginState {
    pub login: bool,
    pub valid_until: Option<String>,
    pub conn_limit: i32,
}

/// Lock: NOLOGIN (unchanged when already NOLOGIN), then optionally end sessions.
pub fn lock(
    role: &RoleName,
    observed: &LoginState,
    terminate_sessions: bool,
    open_sessions: i64,
    server_version_num: i32,
) -> Plan {
    let mut p = Plan::default();
    if observed.login {
        p.steps.push(step(
            Phase::Alter,
            format!("ALTER ROLE {} NOLOGIN", role.sql()),
            format!("forbid {role} to log in (NOLOGIN)"),
        ));
    }
    if terminate_sessions && (observed.login || open_sessions > 0) {
        p.steps
            .push(terminate_step(role, server_version_num, Stage::AfterCommit));
    }
    p
}

/// Unlock: LOGIN again, and the prior VALID UNTIL / CONNECTION LIMIT where `prior` (the
/// state recorded by the lock) differs from what the role has now.
pub fn unlock(role: &RoleName, observed: &LoginState, prior: Option<&LoginState>) -> Plan {
    let mut p = Plan::default();
    if !observed.login {
        p.steps.push(step(
            Phase::Alter,
            format!("ALTER ROLE {} LOGIN", role.sql()),
            format!("let {role} log in again (LOGIN)"),
        ));
    }
    if let Some(prior) = prior {
        if !observed.login && prior.valid_until != observed.valid_until {
            let v = prior.valid_until.as_deref().unwrap_or("infinity");
            p.steps.push(step(
                Phase::Alter,
                format!("ALTER ROLE {} VALID UNTIL {}", role.sql(), quote_literal(v)),
                format!("restore the password expiry of {role} to {v}"),
            ));
        }
        if !observed.login && prior.conn_limit != observed.conn_limit {
            p.steps.push(step(
                Phase::Alter,
                format!(
                    "ALTER ROLE {} CONNECTION LIMIT {}",
                    role.sql(),
                    prior.conn_limit
                ),
                format!(
                    "restore the connection limit of {role} to {}",
                    prior.conn_limit
                ),
            ));
        }
    }
    p
}

/// The kind of object a privilege is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectType {
    Database,
    Schema,
    Table,
    Sequence,
    Function,
    Procedure,
}

impl ObjectType {
    pub fn keyword(self) -> &'static str {
        match self {
            ObjectType::Database => "DATABASE",
            ObjectType::Schema => "SCHEMA",
            ObjectType::Table => "TABLE",
            ObjectType::Sequence => "SEQUENCE",
            ObjectType::Function => "FUNCTION",
            ObjectType::Procedure => "PROCEDURE",
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectType::Database => "database",
            ObjectType::Schema => "schema",
            ObjectType::Table => "table",
            ObjectType::Sequence => "sequence",
            ObjectType::Function => "function",
            ObjectType::Procedure => "procedure",
        }
    }
}

/// One privilege held directly by a role on one object: what revoke removes and what
/// its undo grants back, exactly.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DirectPrivilege {
    pub object_type: ObjectType,
    /// Schema of the object (None for databases and schemas).
    pub schema: Option<String>,
    /// Object name (database or schema name for those types).
    pub name: String,
    /// Identity argument list of a function or procedure, as the server prints it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub args: Option<String>,
    /// SELECT, INSERT, ... as aclexplode names them.
    pub privilege: String,
    pub grantable: bool,
    /// For a column privilege of a table: the column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
}

impl DirectPrivilege {
    /// The object as SQL: `DATABASE "d"`, `TABLE "s"."t"`, `FUNCTION "s"."f"(integer)`.
    pub fn object_sql(&self) -> String {
        let qualified = match &self.schema {
            Some(s) => format!("{}.{}", quote_ident(s), quote_ident(&self.name)),
            None => quote_ident(&self.name),
        };
        match &self.args {
            Some(a) => format!("{} {qualified}({a})", self.object_type.keyword()),
            None => format!("{} {qualified}", self.object_type.keyword()),
        }
    }
    /// The privilege as SQL: `SELECT`, or `SELECT ("col")` for a column.
    pub fn privilege_sql(&self) -> String {
        match &self.column {
            Some(c) => format!("{} ({})", self.privilege, quote_ident(c)),
            None => self.privilege.clone(),
        }
    }
    /// The object for people: `table s.t`, `table s.t column c`.
    pub fn object_label(&self) -> String {
        let mut s = self.object_type.as_str().to_string();
        s.push(' ');
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
}

/// What revoke removed, recorded in the audit `undo` so that undo grants back exactly that.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revoked {
    /// Group roles the user was a direct member of (membership removed).
    pub memberships: Vec<Membership>,
    pub privileges: Vec<DirectPrivilege>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Membership {
    pub group: String,
    pub admin_option: bool,
}

impl Revoked {
    pub fn is_empty(&self) -> bool {
        self.memberships.is_empty() && self.privileges.is_empty()
    }
}

/// Group privileges by object (keeping the observed order of objects) so that one
/// statement covers one object.
fn by_object(privs: &[DirectPrivilege]) -> Vec<(String, String, Vec<&DirectPrivilege>)> {
    let mut out: Vec<(String, String, Vec<&DirectPrivilege>)> = vec![];
    for p in privs {
        let obj = p.object_sql();
        match out.iter_mut().find(|(o, _, _)| *o == obj) {
            Some((_, _, v)) => v.push(p),
            None => {
                let label = DirectPrivilege {
                    column: None,
                    ..p.clone()
                }
                .object_label();
                out.push((obj, label, vec![p]))
            }
        }
    }
    out
}

/// Revoke: memberships first, then privileges, one statement per object.
pub fn revoke(role: &RoleName, what: &Revoked) -> Plan {
    let mut p = Plan::default();
    for m in &what.memberships {
        p.steps.push(step(
            Phase::Membership,
            format!("REVOKE {} FROM {}", quote_ident(&m.group), role.sql()),
            format!("remove {role} from the group {}", m.group),
        ));
    }
    for (obj, label, privs) in by_object(&what.privileges) {
        let list: Vec<String> = privs.iter().map(|p| p.privilege_sql()).collect();
        p.steps.push(step(
            Phase::Revoke,
            format!("REVOKE {} ON {obj} FROM {}", list.join(", "), role.sql()),
            format!("revoke {} on {label} from {role}", list.join(", ")),
        ));
    }
    p
}

/// The inverse of [`revoke`]: grant back exactly what was revoked (with grant option
/// where it had it, with admin option where the membership had it).
pub fn regrant(role: &RoleName, what: &Revoked) -> Plan {
    let mut p = Plan::default();
    for m in &what.memberships {
        let opt = if m.admin_option {
            " WITH ADMIN OPTION"
        } else {
            ""
        };
        p.steps.push(step(
            Phase::Membership,
            format!("GRANT {} TO {}{opt}", quote_ident(&m.group), role.sql()),
            format!("add {role} to the group {} again", m.group),
        ));
    }
    for (obj, label, privs) in by_object(&what.privileges) {
        for grantable in [false, true] {
            let list: Vec<String> = privs
                .iter()
                .filter(|p| p.grantable == grantable)
                .map(|p| p.privilege_sql())
                .collect();
            if list.is_empty() {
                continue;
            }
            let opt = if grantable { " WITH GRANT OPTION" } else { "" };
            p.steps.push(step(
                Phase::Grant,
                format!("GRANT {} ON {obj} TO {}{opt}", list.join(", "), role.sql()),
                format!("grant {} on {label} to {role} again", list.join(", ")),
            ));
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> RoleName {
        RoleName::parse_any(s).unwrap()
    }

    #[test]
    fn reset_sends_the_verifier_and_ends_sessions_after_commit() {
        let role = r("jsmith");
        let p = reset(&ResetInput {
            role: &role,
            valid_until: Some("2027-01-31T00:00:00Z"),
            terminate_sessions: true,
            quiet_log: true,
            server_version_num: 150000,
        });
        assert_eq!(
            p.sql(),
            vec![
                "SET LOCAL log_statement = 'none';".to_string(),
                "SET LOCAL log_min_error_statement = 'panic';".to_string(),
                "SET LOCAL log_min_duration_statement = -1;".to_string(),
                "SET LOCAL log_min_duration_sample = -1;".to_string(),
                "ALTER ROLE \"jsmith\" PASSWORD '<verifier>' VALID UNTIL '2027-01-31T00:00:00Z';".into(),
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000)) FROM pg_stat_activity WHERE usename = 'jsmith' AND pid <> pg_backend_pid();".into(),
            ]
        );
        assert_eq!(p.after_commit().count(), 1);
        assert!(
            p.after_commit()
                .all(|s| s.kind == StepKind::TerminateSessions)
        );
    }

    #[test]
    fn an_empty_search_path_is_restored_as_empty() {
        let role = r("jsmith");
        let p = restore_search_path(&role, "app", Some("\"\""), Some("public"));
        assert_eq!(
            p.sql(),
            vec!["ALTER ROLE \"jsmith\" IN DATABASE \"app\" SET search_path TO '';".to_string()]
        );
        assert!(restore_search_path(&role, "app", Some("\"\""), Some("\"\"")).is_empty());
    }

    #[test]
    fn search_path_is_quoted_per_schema_and_idempotent() {
        let role = r("jsmith");
        let schemas = [
            SchemaName::parse("sales").unwrap(),
            SchemaName::parse("My Schema").unwrap(),
        ];
        let p = search_path(&role, "app", &schemas, None);
        assert_eq!(
            p.sql(),
            vec![
                "ALTER ROLE \"jsmith\" IN DATABASE \"app\" SET search_path TO \"sales\", \"My Schema\";"
                    .to_string()
            ]
        );
        // As PostgreSQL stores it: quotes only where needed.
        assert!(search_path(&role, "app", &schemas, Some("sales, \"My Schema\"")).is_empty());
        assert!(!search_path(&role, "app", &schemas, Some("sales")).is_empty());
    }

    #[test]
    fn restore_search_path_resets_when_there_was_none() {
        let role = r("u");
        let p = restore_search_path(&role, "app", None, Some("sales"));
        assert_eq!(
            p.sql(),
            vec!["ALTER ROLE \"u\" IN DATABASE \"app\" RESET search_path;".to_string()]
        );
        assert!(restore_search_path(&role, "app", None, None).is_empty());
        let p = restore_search_path(&role, "app", Some("public, x"), Some("sales"));
        assert_eq!(
            p.sql(),
            vec![
                "ALTER ROLE \"u\" IN DATABASE \"app\" SET search_path TO \"public\", \"x\";"
                    .to_string()
            ]
        );
    }

    #[test]
    fn lock_and_unlock_are_idempotent() {
        let role = r("Hand Made");
        let open = LoginState {
            login: true,
            valid_until: None,
            conn_limit: 20,
        };
        let locked = LoginState {
            login: false,
            ..open.clone()
        };
        assert_eq!(
            lock(&role, &open, false, 0, 150000).sql(),
            vec!["ALTER ROLE \"Hand Made\" NOLOGIN;".to_string()]
        );
        assert!(lock(&role, &locked, false, 0, 150000).is_empty());
        // Locked already but sessions open and asked to end them: only that.
        let p = lock(&role, &locked, true, 2, 150000);
        assert!(p.at(&Stage::Tx).next().is_none() && p.after_commit().count() == 1);
        assert_eq!(
            unlock(&role, &locked, Some(&open)).sql(),
            vec!["ALTER ROLE \"Hand Made\" LOGIN;".to_string()]
        );
        assert!(unlock(&role, &open, Some(&open)).is_empty());
        let prior = LoginState {
            login: true,
            valid_until: Some("2030-01-01T00:00:00Z".into()),
            conn_limit: 5,
        };
        assert_eq!(
            unlock(&role, &locked, Some(&prior)).sql(),
            vec![
                "ALTER ROLE \"Hand Made\" LOGIN;".to_string(),
                "ALTER ROLE \"Hand Made\" VALID UNTIL '2030-01-01T00:00:00Z';".into(),
                "ALTER ROLE \"Hand Made\" CONNECTION LIMIT 5;".into(),
            ]
        );
    }

    #[test]
    fn revoke_and_regrant_are_exact_inverses() {
        let role = r("jsmith");
        let priv_ = |t, schema: Option<&str>, name: &str, p: &str, g| DirectPrivilege {
            object_type: t,
            schema: schema.map(String::from),
            name: name.into(),
            args: None,
            privilege: p.into(),
            grantable: g,
            column: None,
        };
        let mut f = priv_(ObjectType::Function, Some("s"), "f", "EXECUTE", false);
        f.args = Some("integer, text".into());
        let what = Revoked {
            memberships: vec![Membership {
                group: "pgacct_app_read".into(),
                admin_option: false,
            }],
            privileges: vec![
                priv_(ObjectType::Database, None, "app", "CONNECT", false),
                priv_(ObjectType::Table, Some("s"), "t\"x", "SELECT", false),
                priv_(ObjectType::Table, Some("s"), "t\"x", "UPDATE", true),
                DirectPrivilege {
                    column: Some("c 1".into()),
                    ..priv_(ObjectType::Table, Some("s"), "t\"x", "INSERT", false)
                },
                f,
            ],
        };
        assert_eq!(
            revoke(&role, &what).sql(),
            vec![
                "REVOKE \"pgacct_app_read\" FROM \"jsmith\";".to_string(),
                "REVOKE CONNECT ON DATABASE \"app\" FROM \"jsmith\";".into(),
                "REVOKE SELECT, UPDATE, INSERT (\"c 1\") ON TABLE \"s\".\"t\"\"x\" FROM \"jsmith\";".into(),
                "REVOKE EXECUTE ON FUNCTION \"s\".\"f\"(integer, text) FROM \"jsmith\";".into(),
            ]
        );
        assert_eq!(
            regrant(&role, &what).sql(),
            vec![
                "GRANT \"pgacct_app_read\" TO \"jsmith\";".to_string(),
                "GRANT CONNECT ON DATABASE \"app\" TO \"jsmith\";".into(),
                "GRANT SELECT, INSERT (\"c 1\") ON TABLE \"s\".\"t\"\"x\" TO \"jsmith\";".into(),
                "GRANT UPDATE ON TABLE \"s\".\"t\"\"x\" TO \"jsmith\" WITH GRANT OPTION;".into(),
                "GRANT EXECUTE ON FUNCTION \"s\".\"f\"(integer, text) TO \"jsmith\";".into(),
            ]
        );
        // The record survives the audit log's JSON.
        let json = serde_json::to_value(&what).unwrap();
        let back: Revoked = serde_json::from_value(json).unwrap();
        assert_eq!(back, what);
    }
}
