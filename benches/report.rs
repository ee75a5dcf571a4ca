//! Benchmark of `pgacct report` (not a test): many targets on several throwaway clusters
//! with many roles, the release binary run as a process, median wall and CPU time.
//! docs/BENCHMARKS.md ("report") keeps the figures.
//!
//! Run: `cargo build --release && cargo bench --bench report`. Sizes:
//! `PGACCT_BENCH_CLUSTERS` (default 4), `PGACCT_BENCH_DBS` databases per cluster (default
//! 12, so 48 targets), `PGACCT_BENCH_ROLES` pgacct users in all (default 10000, spread over
//! the databases), `PGACCT_BENCH_RUNS` runs per median (default 9).

use pgacct::cluster::{Cluster, ClusterOptions};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const PGACCT: &str = env!("CARGO_BIN_EXE_pgacct");

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// CPU time (user + system) of all waited-for children so far.
fn children_cpu() -> Duration {
    // SAFETY: getrusage fills the struct we pass.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe {
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut ru);
    }
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(ru.ru_utime) + tv(ru.ru_stime)
}

fn main() {
    let (nc, ndb, nroles, runs) = (
        env_or("PGACCT_BENCH_CLUSTERS", 4),
        env_or("PGACCT_BENCH_DBS", 12),
        env_or("PGACCT_BENCH_ROLES", 10_000),
        env_or("PGACCT_BENCH_RUNS", 9),
    );
    let dir = tempfile::tempdir().unwrap();
    let inventory = dir.path().join("inventory.db");
    let pgacct = || {
        let mut c = Command::new(PGACCT);
        for (k, _) in std::env::vars_os() {
            let k = k.to_string_lossy();
            if k.starts_with("PG") || k.starts_with("XDG_") {
                c.env_remove(k.as_ref());
            }
        }
        c.env("HOME", dir.path())
            .env("PGACCT_INVENTORY", &inventory)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null());
        c
    };
    let run = |mut c: Command| {
        let out = c.output().unwrap();
        assert!(
            out.status.success(),
            "{c:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    };
    let clusters: Vec<Cluster> = (0..nc)
        .map(|_| Cluster::start(ClusterOptions::default()).expect("start a cluster"))
        .collect();
    let t = Instant::now();
    let per_db = nroles / (nc * ndb).max(1);
    for (i, c) in clusters.iter().enumerate() {
        let mut su = c.client("postgres").unwrap();
        for d in 0..ndb {
            let db = format!("db{d}");
            su.batch_execute(&format!("CREATE DATABASE {db}")).unwrap();
            let pwcmd = format!("cat {}", c.password_file.display());
            let mut reg = pgacct();
            reg.args(["registry", "add", "--env", &format!("c{i}"), "--db", &db])
                .args(["--host", &c.host, "--port", &c.port.to_string()])
                .args(["--admin-user", &c.superuser, "--sslmode", "disable"])
                .args(["--password-command", &pwcmd]);
            run(reg);
            // One user through pgacct sets up the database's groups (and an audit entry).
            let mut first = pgacct();
            first
                .args(["user", "create", "devqa", &format!("seed_{d}")])
                .args(["--target", &format!("c{i}/{db}")])
                .args([
                    "--password-file",
                    &dir.path().join(format!("pw{i}_{d}")).to_string_lossy(),
                ]);
            run(first);
            // The rest made in bulk as pgacct would leave them: marker, group, setting.
            let group = pgacct::plan::create::group_name(pgacct::kinds::Access::Write, &db);
            su.batch_execute(&format!(
                "DO $$ BEGIN FOR n IN 1..{per_db} LOOP
                   EXECUTE format('CREATE ROLE %I LOGIN CONNECTION LIMIT 20', 'u_{d}_' || n);
                   EXECUTE format('COMMENT ON ROLE %I IS %L', 'u_{d}_' || n, 'pgacct:kind=devqa');
                   EXECUTE format('GRANT %I TO %I', '{group}', 'u_{d}_' || n);
                   EXECUTE format('ALTER ROLE %I IN DATABASE {db} SET search_path = public', 'u_{d}_' || n);
                 END LOOP; END $$; ANALYZE;"
            ))
            .unwrap();
        }
        su.batch_execute(
            "VACUUM ANALYZE pg_authid, pg_auth_members, pg_shdescription, pg_db_role_setting",
        )
        .unwrap();
    }
    eprintln!(
        "set up {nc} clusters, {} targets, {} roles in {:.1}s",
        nc * ndb,
        per_db * nc * ndb + nc * ndb,
        t.elapsed().as_secs_f64()
    );
    let mut walls = vec![];
    let mut cpus = vec![];
    let mut entries = 0;
    for _ in 0..runs {
        let before = children_cpu();
        let t = Instant::now();
        let mut c = pgacct();
        c.args(["--json", "--quiet", "report"]);
        let out = run(c);
        walls.push(t.elapsed());
        cpus.push(children_cpu().saturating_sub(before));
        entries = serde_json::from_slice::<serde_json::Value>(&out.stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .len();
    }
    walls.sort();
    cpus.sort();
    println!(
        "report: {} targets on {nc} clusters, {entries} entries: median {:.0} ms wall, {:.0} ms pgacct CPU (min {:.0}, max {:.0} ms wall; {runs} runs)",
        nc * ndb,
        walls[runs / 2].as_secs_f64() * 1000.0,
        cpus[runs / 2].as_secs_f64() * 1000.0,
        walls[0].as_secs_f64() * 1000.0,
        walls[runs - 1].as_secs_f64() * 1000.0,
    );
}
