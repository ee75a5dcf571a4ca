//! `user list` / `user find` and the catalog reads behind them, against a real cluster.

mod support;

use pgacct::catalog::inspect;
use support::*;

#[test]
fn catalog_privileges_say_where_they_come_from() {
    let c = cluster();
    let db = fresh_db(c, "cat");
    let user = unique("cat_user");
    let group = unique("cat_group");
    let mut su = c.client(&db).unwrap();
    su.batch_execute(&format!(
        "CREATE ROLE {user} LOGIN; CREATE ROLE {group} NOLOGIN; GRANT {group} TO {user};
         CREATE SCHEMA s; CREATE TABLE s.t (id int); CREATE SEQUENCE s.q;
         CREATE FUNCTION s.f(a integer) RETURNS int LANGUAGE sql AS 'SELECT 1';
         GRANT USAGE ON SCHEMA s TO {group}; GRANT SELECT ON s.t TO {group};
         GRANT UPDATE ON s.t TO {user} WITH GRANT OPTION; GRANT USAGE ON s.q TO {user};
         GRANT CONNECT ON DATABASE \"{db}\" TO {user};
         CREATE TABLE s.mine (id int); ALTER TABLE s.mine OWNER TO {user};"
    ))
    .unwrap();
    let info = inspect::role(&mut su, &user, "postgres").unwrap().unwrap();
    assert_eq!(info.member_of, vec![group.clone()]);
    let privs = inspect::privileges(&mut su, info.oid, None).unwrap();
    let has = |label: &str, p: &str, via: &str| {
        privs
            .iter()
            .any(|r| r.object_label() == label && r.privilege == p && r.via == via)
    };
    assert!(has("table s.t", "SELECT", &group), "{privs:#?}");
    assert!(has("table s.t", "UPDATE", "direct"));
    assert!(has("schema s", "USAGE", &group));
    assert!(has("sequence s.q", "USAGE", "direct"));
    assert!(has(&format!("database {db}"), "CONNECT", "direct"));
    assert!(has(&format!("database {db}"), "CONNECT", "PUBLIC"));
    assert!(has("function s.f(a integer)", "EXECUTE", "PUBLIC"));
    // What revoke would take: direct grants on objects the user does not own.
    let direct = inspect::direct_privileges(&privs);
    let labels: Vec<String> = direct
        .iter()
        .map(|d| format!("{} {}", d.privilege, d.object_label()))
        .collect();
    assert_eq!(
        labels,
        vec![
            format!("CONNECT database {db}"),
            "UPDATE table s.t".to_string(),
            "USAGE sequence s.q".to_string(),
        ]
    );
    assert!(direct.iter().any(|d| d.grantable));
    let (owned, n) = inspect::owned_here(&mut su, info.oid, 10).unwrap();
    assert_eq!((owned, n), (vec!["table s.mine".to_string()], 1));
    let (deps, dbs_owned, _) = inspect::cluster_dependencies(&mut su, info.oid).unwrap();
    let here = deps.iter().find(|d| d.database == db).unwrap();
    assert_eq!(here.owned_count, 1);
    assert_eq!(here.privilege_count, 3, "{here:?}");
    let (o, p, _) = inspect::describe_dependencies(&mut su, info.oid, 10).unwrap();
    assert_eq!(o, vec!["table s.mine".to_string()]);
    assert_eq!(p.len(), 3, "{p:?}");
    assert!(dbs_owned.is_empty());
}
