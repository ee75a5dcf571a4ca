//! The engine's sessions send their own first read (the server's identity among it) with
//! the work's first flight (issue 15): the identity check must still refuse every change
//! on a server other than the one `registry check` recorded, for a batch's pipelined
//! create lines, a lifecycle verb and drop alike, before anything changes that server.

mod support;
use pgacct::cluster::{Cluster, ClusterOptions};
use std::sync::OnceLock;
use support::*;

static OTHER: OnceLock<Cluster> = OnceLock::new();

#[test]
fn batch_and_lifecycle_refused_on_a_repointed_target() {
    let a = cluster();
    let b = shared_cluster(&OTHER, ClusterOptions::default);
    let db = unique("repoint");
    for c in [a, b] {
        c.client("postgres")
            .unwrap()
            .batch_execute(&format!("CREATE DATABASE \"{db}\""))
            .unwrap();
    }
    let env = TestEnv::new();
    env.register(a, "dev", &db);
    let target = format!("dev/{db}");
    env.cmd()
        .args(["registry", "check", &target])
        .assert()
        .success();
    let inv = rusqlite::Connection::open(&env.inventory).unwrap();
    inv.execute(
        "UPDATE targets SET port = ?1, password_command = ?2",
        rusqlite::params![
            i64::from(b.port),
            format!("cat {}", b.password_file.display())
        ],
    )
    .unwrap();
    drop(inv);
    let r1 = unique("bx");
    let r2 = unique("bx");
    let file = env.dir.path().join("x.batch");
    std::fs::write(
        &file,
        format!("verb,target,kind,name\ncreate,{target},devqa,{r1}\ncreate,{target},devqa,{r2}\n"),
    )
    .unwrap();
    let out = env
        .cmd()
        .args(["--json", "user", "apply"])
        .arg(&file)
        .arg("--jobs")
        .arg("1")
        .output()
        .unwrap();
    // Every line refused: 1, as when all lines of a batch fail.
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.matches("different server").count(), 2, "{err}");
    let n: i64 = b
        .client(&db)
        .unwrap()
        .query_one(
            "SELECT count(*) FROM pg_roles WHERE rolname IN ($1, $2)",
            &[&r1, &r2],
        )
        .unwrap()
        .get(0);
    assert_eq!(n, 0, "nothing created on the other cluster");
    // A lifecycle verb and drop, on a role that exists there.
    b.client(&db)
        .unwrap()
        .batch_execute(&format!("CREATE ROLE {r1} LOGIN"))
        .unwrap();
    for args in [
        vec!["user", "lock", r1.as_str(), "--target", target.as_str()],
        vec![
            "user",
            "drop",
            r1.as_str(),
            "--target",
            target.as_str(),
            "--yes",
        ],
    ] {
        let out = env.cmd().args(&args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(5), "{args:?}: {err}");
        assert!(err.contains("different server"), "{args:?}: {err}");
    }
    let n: i64 = b
        .client(&db)
        .unwrap()
        .query_one(
            "SELECT count(*) FROM pg_roles WHERE rolname = $1 AND rolcanlogin",
            &[&r1],
        )
        .unwrap()
        .get(0);
    assert_eq!(n, 1, "still there and able to log in");
}
