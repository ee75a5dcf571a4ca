//! Benchmark: `audit list` (and `audit verify`) on an inventory of 1,000,000 audit rows.
//!
//! Fills a fresh inventory with a valid hash chain spread over a year (pairs of started +
//! completion rows, reads, a few crashed attempts), then times each filter shape
//! in-process (median of 5 runs) and end-to-end through the `pgacct` binary, and prints
//! SQLite's query plan for each. Run: `cargo bench --bench audit_list` (optionally
//! `-- ROWS` to change the size). Figures go in docs/BENCHMARKS.md.
//!
//! `cargo bench --bench audit_list -- --pg` does the same
//! on a PostgreSQL inventory: it fills the SQLite file as above, starts a throwaway
//! cluster, moves the log there with `pgacct inventory copy`, and times the same filters
//! in-process and through the binary (over TCP on loopback, login included), `audit
//! show` and `audit verify`, with PostgreSQL's plans (EXPLAIN ANALYZE).

use pgacct::inventory::Inventory;
use pgacct::inventory::audit::{self, GENESIS, ListFilter, StoredRow};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::time::{Duration, Instant, SystemTime};

const ACTIONS: &[(&str, u32)] = &[
    ("user create", 30),
    ("user rotate", 25),
    ("user lock", 10),
    ("user unlock", 8),
    ("user drop", 5),
    ("user grant", 15),
    ("undo", 1),
];

fn pick_action(rng: &mut StdRng) -> &'static str {
    let total: u32 = ACTIONS.iter().map(|a| a.1).sum();
    let mut x = rng.gen_range(0..total);
    for (a, w) in ACTIONS {
        if x < *w {
            return a;
        }
        x -= w;
    }
    ACTIONS[0].0
}

fn main() {
    // `cargo bench` passes --bench: the full 1,000,000 rows. Under `cargo test
    // --all-targets` (no --bench) a small smoke run checks that the benchmark still works.
    let args: Vec<String> = std::env::args().skip(1).collect();
    let full = args.iter().any(|a| a == "--bench");
    let rows_wanted: i64 =
        args.iter()
            .find_map(|a| a.parse().ok())
            .unwrap_or(if full { 1_000_000 } else { 2_000 });
    let dir = tempfile::tempdir().unwrap();
    // PGACCT_BENCH_DB=PATH keeps the filled inventory (and reuses it when it exists).
    let keep = std::env::var_os("PGACCT_BENCH_DB").map(std::path::PathBuf::from);
    let path = keep
        .clone()
        .unwrap_or_else(|| dir.path().join("inventory.db"));
    let reuse = keep.is_some() && path.exists();
    let mut inv = Inventory::open(&path).unwrap();
    let now = SystemTime::now();
    let year = Duration::from_secs(365 * 86_400);
    let start = now - year;
    let step = year.as_secs_f64() / rows_wanted as f64;
    let mut rng = StdRng::seed_from_u64(42);

    let t0 = Instant::now();
    if !reuse {
        inv.write_sqlite(|tx| {
            let mut prev = GENESIS.to_string();
            let mut id = 0i64;
            let push = |mut r: StoredRow, prev: &mut String, id: &mut i64| {
                *id += 1;
                r.id = *id;
                r.time = humantime::format_rfc3339_millis(
                    start + Duration::from_secs_f64(step * *id as f64),
                )
                .to_string();
                r.prev_hash = prev.clone();
                let h = r.compute_hash();
                audit::insert_row(tx, &r, &h).unwrap();
                *prev = h;
            };
            while id < rows_wanted {
                let env = match rng.gen_range(0..100) {
                    0..40 => "dev",
                    40..65 => "qa",
                    65..80 => "uat",
                    _ => "prod",
                };
                let db = format!("db_{}", rng.gen_range(0..200));
                let actor_n = rng.gen_range(0..40);
                let (actor, os_user) = if actor_n == 0 {
                    ("ci".to_string(), "deploy".to_string())
                } else {
                    (format!("user_{actor_n}"), format!("user_{actor_n}"))
                };
                let role = format!("role_{}", rng.gen_range(0..20_000));
                let base = StoredRow {
                    id: 0,
                    entry_id: None,
                    time: String::new(),
                    actor,
                    os_user,
                    machine: Some("bastion-1".into()),
                    version: "0.1.0".into(),
                    action: String::new(),
                    env: Some(env.into()),
                    db_name: Some(db),
                    server: Some("pg-01.example.com:5432".into()),
                    role: Some(role.clone()),
                    kind: Some("devqa".into()),
                    outcome: String::new(),
                    is_read: false,
                    steps: None,
                    error: None,
                    reason: Some("routine".into()),
                    ticket: Some("OPS-1234".into()),
                    duration_ms: None,
                    undo: None,
                    undo_of: None,
                    detail: None,
                    prev_hash: String::new(),
                    hash: String::new(),
                };
                if rng.gen_range(0..100) < 70 {
                    let action = pick_action(&mut rng);
                    let mut s = base.clone();
                    s.action = action.into();
                    s.outcome = "started".into();
                    s.steps = Some(format!("[\"{action} {role}\"]"));
                    push(s, &mut prev, &mut id);
                    let started = id;
                    if rng.gen_range(0..1000) == 0 || id >= rows_wanted {
                        continue; // crashed attempt: no completion
                    }
                    let mut c = base;
                    c.action = action.into();
                    c.entry_id = Some(started);
                    c.outcome = match rng.gen_range(0..100) {
                        0..60 => "changed",
                        60..90 => "unchanged",
                        90..97 => "failed",
                        97..99 => "refused",
                        _ => "dry-run",
                    }
                    .into();
                    if c.outcome == "failed" {
                        c.error = Some("permission denied to alter role (SQLSTATE 42501)".into());
                    }
                    c.duration_ms = Some(rng.gen_range(5..500));
                    push(c, &mut prev, &mut id);
                } else {
                    let mut r = base;
                    r.action = if rng.gen_range(0..10_000) == 0 {
                        "registry remove".into()
                    } else {
                        "user find".into()
                    };
                    r.outcome = "read".into();
                    r.is_read = true;
                    push(r, &mut prev, &mut id);
                }
            }
            tx.execute(
                "UPDATE audit_head SET entries = ?1, last_id = ?1, last_hash = ?2",
                rusqlite::params![id, prev],
            )
            .unwrap();
            audit::rebuild_open(tx).unwrap();
            Ok(())
        })
        .unwrap();
    }
    let n: i64 = inv
        .conn()
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    let size = std::fs::metadata(&path).unwrap().len();
    println!(
        "filled {n} audit rows ({:.0} MB) in {:.1} s",
        size as f64 / 1e6,
        t0.elapsed().as_secs_f64()
    );

    let ago = |d: &str| audit::parse_when(d, false, now).unwrap();
    let f = |limit: u32| ListFilter {
        limit,
        ..ListFilter::default()
    };
    let cases: Vec<(&str, &str, ListFilter)> = vec![
        ("newest 100", "", f(100)),
        (
            "--user role_12345",
            "--user role_12345",
            ListFilter {
                role: Some("role_12345".into()),
                ..f(100)
            },
        ),
        (
            "--env prod",
            "--env prod",
            ListFilter {
                env: Some("prod".into()),
                ..f(100)
            },
        ),
        (
            "--env prod --db db_17",
            "--env prod --db db_17",
            ListFilter {
                env: Some("prod".into()),
                db: Some("db_17".into()),
                ..f(100)
            },
        ),
        (
            "--actor ci",
            "--actor ci",
            ListFilter {
                actor: Some("ci".into()),
                ..f(100)
            },
        ),
        (
            "--actor nobody-here (no match)",
            "--actor nobody-here",
            ListFilter {
                actor: Some("nobody-here".into()),
                ..f(100)
            },
        ),
        (
            "--actor user_1",
            "--actor user_1",
            ListFilter {
                actor: Some("user_1".into()),
                ..f(100)
            },
        ),
        (
            "--db db_17",
            "--db db_17",
            ListFilter {
                db: Some("db_17".into()),
                ..f(100)
            },
        ),
        (
            "--action 'user drop'",
            "--action=user drop",
            ListFilter {
                action: Some("user drop".into()),
                ..f(100)
            },
        ),
        (
            "--action 'registry remove' (rare)",
            "--action=registry remove",
            ListFilter {
                action: Some("registry remove".into()),
                ..f(100)
            },
        ),
        (
            "--outcome failed",
            "--outcome failed",
            ListFilter {
                outcome: Some("failed".into()),
                ..f(100)
            },
        ),
        (
            "--outcome changed (60% of attempts)",
            "--outcome changed",
            ListFilter {
                outcome: Some("changed".into()),
                ..f(100)
            },
        ),
        (
            "--outcome read (30% of rows)",
            "--outcome read",
            ListFilter {
                outcome: Some("read".into()),
                ..f(100)
            },
        ),
        (
            "--outcome refused --env prod",
            "--outcome refused --env prod",
            ListFilter {
                outcome: Some("refused".into()),
                env: Some("prod".into()),
                ..f(100)
            },
        ),
        (
            "--outcome started (crashed)",
            "--outcome started",
            ListFilter {
                outcome: Some("started".into()),
                ..f(100)
            },
        ),
        (
            "--since 7d",
            "--since 7d",
            ListFilter {
                since: Some(ago("7d")),
                ..f(100)
            },
        ),
        (
            "--since 60d --until 30d",
            "--since 60d --until 30d",
            ListFilter {
                since: Some(ago("60d")),
                until: Some(ago("30d")),
                ..f(100)
            },
        ),
        (
            "--since 300d --until 299d",
            "--since 300d --until 299d",
            ListFilter {
                since: Some(ago("300d")),
                until: Some(ago("299d")),
                ..f(100)
            },
        ),
        (
            "--until 300d",
            "--until 300d",
            ListFilter {
                until: Some(ago("300d")),
                ..f(100)
            },
        ),
        (
            "--env prod --outcome failed --since 30d",
            "--env prod --outcome failed --since 30d",
            ListFilter {
                env: Some("prod".into()),
                outcome: Some("failed".into()),
                since: Some(ago("30d")),
                ..f(100)
            },
        ),
        (
            "--user role_12345 --since 90d --limit 1000",
            "--user role_12345 --since 90d --limit 1000",
            ListFilter {
                role: Some("role_12345".into()),
                since: Some(ago("90d")),
                ..f(1000)
            },
        ),
        ("newest 10000 (no filter)", "--limit 10000", f(10_000)),
    ];
    drop(inv);
    if args.iter().any(|a| a == "--pg") {
        pg::run(&path, &cases, n);
        return;
    }
    let conn = rusqlite::Connection::open(&path).unwrap();
    let bin = env!("CARGO_BIN_EXE_pgacct");
    println!();
    println!("| filter | rows | in-process median (ms) | `pgacct --json audit list` (ms) |");
    println!("|---|---:|---:|---:|");
    let mut plans = vec![];
    for (name, cli, filter) in &cases {
        let mut times = vec![];
        let mut count = 0;
        for _ in 0..5 {
            let t = Instant::now();
            count = audit::list(&conn, filter).unwrap().len();
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(|a, b| a.partial_cmp(b).unwrap());
        let args = cli_args(cli);
        let t = Instant::now();
        let out = std::process::Command::new(bin)
            .args(&args)
            .env("PGACCT_INVENTORY", &path)
            .output()
            .unwrap();
        let wall = t.elapsed().as_secs_f64() * 1000.0;
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        println!("| `{name}` | {count} | {:.1} | {wall:.0} |", times[2]);
        let (sql, params) = audit::list_query(&conn, filter).unwrap();
        let mut st = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let plan: Vec<String> = st
            .query_map(rusqlite::params_from_iter(params), |r| {
                Ok(format!("{}{}", " ".repeat(0), r.get::<_, String>(3)?))
            })
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        plans.push((name.to_string(), plan));
    }
    println!();
    for (name, plan) in plans {
        println!("plan for {name}:");
        for line in plan {
            println!("    {line}");
        }
    }
    let t = Instant::now();
    let v = audit::verify(&conn, None).unwrap();
    println!(
        "\naudit verify over {} rows: ok={} in {:.1} s",
        v.entries,
        v.ok,
        t.elapsed().as_secs_f64()
    );
}

/// `pgacct --json audit list` and the filter's words as arguments (`--action=user drop`
/// keeps the space inside one argument).
fn cli_args(cli: &str) -> Vec<String> {
    let mut args: Vec<String> = vec!["--json".into(), "audit".into(), "list".into()];
    let mut rest = cli.to_string();
    while !rest.is_empty() {
        let rest_trim = rest.trim_start().to_string();
        if let Some(r) = rest_trim.strip_prefix("--action=") {
            let (val, tail) = match r.find(" --") {
                Some(i) => (r[..i].to_string(), r[i..].to_string()),
                None => (r.to_string(), String::new()),
            };
            args.push("--action".into());
            args.push(val);
            rest = tail;
        } else {
            let (word, tail) = match rest_trim.find(' ') {
                Some(i) => (rest_trim[..i].to_string(), rest_trim[i + 1..].to_string()),
                None => (rest_trim.clone(), String::new()),
            };
            if !word.is_empty() {
                args.push(word);
            }
            rest = tail;
        }
    }
    args
}

/// The same cases on a PostgreSQL inventory.
mod pg {
    use super::{ListFilter, cli_args};
    use pgacct::cluster::{Cluster, ClusterOptions};
    use pgacct::inventory::Inventory;
    use postgres::types::{ToSql, Type};
    use std::time::Instant;

    fn median(mut v: Vec<f64>) -> f64 {
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        v[v.len() / 2]
    }

    pub fn run(sqlite: &std::path::Path, cases: &[(&str, &str, ListFilter)], rows: i64) {
        let bin = env!("CARGO_BIN_EXE_pgacct");
        let c = Cluster::start(ClusterOptions::default()).expect("start a cluster");
        c.client("postgres")
            .unwrap()
            .batch_execute("CREATE DATABASE inventory")
            .unwrap();
        let uri = format!(
            "postgresql://{}@{}:{}/inventory?sslmode=disable",
            c.superuser, c.host, c.port
        );
        let pwcmd = format!("cat {}", c.password_file.display());
        // SAFETY: set before any thread of this process reads the environment.
        unsafe { std::env::set_var("PGACCT_INVENTORY_PASSWORD_COMMAND", &pwcmd) };
        let pgacct = |args: &[String]| {
            let t = Instant::now();
            let out = std::process::Command::new(bin)
                .args(args)
                .env("PGACCT_INVENTORY", &uri)
                .output()
                .unwrap();
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            assert!(
                out.status.success(),
                "pgacct {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            (out, ms)
        };
        let t = Instant::now();
        pgacct(&[
            "--json".into(),
            "inventory".into(),
            "copy".into(),
            sqlite.display().to_string(),
            uri.clone(),
        ]);
        println!(
            "\nPostgreSQL {}: copied {rows} audit rows with `pgacct inventory copy` in {:.1} s",
            c.major_version().unwrap_or(0),
            t.elapsed().as_secs_f64()
        );
        let mut admin = c.client("inventory").unwrap();
        admin
            .batch_execute("VACUUM ANALYZE pgacct.audit_log")
            .unwrap();
        // As pgacct's own inventory session (`PgStore::open`), for the plans below.
        admin
            .batch_execute("SET jit = off; SET max_parallel_workers_per_gather = 0")
            .unwrap();
        let size: i64 = admin
            .query_one("SELECT pg_total_relation_size('pgacct.audit_log')", &[])
            .unwrap()
            .get(0);
        println!(
            "pgacct.audit_log with its indexes: {:.0} MB",
            size as f64 / 1e6
        );
        let inv = Inventory::open_server(&uri, &Default::default()).unwrap();
        println!();
        println!("| filter | rows | in-process median (ms) | `pgacct --json audit list` (ms) |");
        println!("|---|---:|---:|---:|");
        let mut plans = vec![];
        let mut slow = vec![];
        for (name, cli, filter) in cases {
            let mut times = vec![];
            let mut count = 0;
            for _ in 0..5 {
                let t = Instant::now();
                count = inv.audit_list(filter).unwrap().len();
                times.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            let mut walls = vec![];
            for _ in 0..3 {
                walls.push(pgacct(&cli_args(cli)).1);
            }
            let (inproc, wall) = (median(times), median(walls));
            if inproc >= 100.0 && filter.limit <= 1000 {
                slow.push(name.to_string());
            }
            println!("| `{name}` | {count} | {inproc:.1} | {wall:.0} |");
            let (sql, params) = inv.pg().unwrap().list_query(filter).unwrap();
            let refs: Vec<(&(dyn ToSql + Sync), Type)> = params
                .iter()
                .map(|(b, t)| (b.as_ref(), t.clone()))
                .collect();
            let plan: Vec<String> = admin
                .query_typed(&format!("EXPLAIN (ANALYZE, COSTS OFF) {sql}"), &refs)
                .unwrap()
                .iter()
                .map(|r| r.get(0))
                .collect();
            plans.push((name.to_string(), plan));
        }
        // `audit show` of an entry in the middle of the log.
        let mid = (rows / 2).to_string();
        let mut walls = vec![];
        for _ in 0..3 {
            walls.push(pgacct(&["--json".into(), "audit".into(), "show".into(), mid.clone()]).1);
        }
        let t = Instant::now();
        let a = inv.attempt(rows / 2).unwrap();
        println!(
            "\n`audit show {mid}`: in-process {:.1} ms, `pgacct --json audit show` {:.0} ms (found: {})",
            t.elapsed().as_secs_f64() * 1000.0,
            median(walls),
            a.is_some()
        );
        println!();
        for (name, plan) in plans {
            println!("plan for {name}:");
            for line in plan {
                println!("    {line}");
            }
        }
        let t = Instant::now();
        let v = inv.audit_verify(None).unwrap();
        println!(
            "\naudit verify over {} rows: ok={} in {:.1} s (in-process)",
            v.entries,
            v.ok,
            t.elapsed().as_secs_f64()
        );
        let (_, ms) = pgacct(&["--json".into(), "audit".into(), "verify".into()]);
        println!("`pgacct --json audit verify`: {:.1} s", ms / 1000.0);
        if !slow.is_empty() {
            println!("\nat or above 100 ms in-process: {}", slow.join(", "));
        }
        drop(inv);
        c.destroy();
    }
}
