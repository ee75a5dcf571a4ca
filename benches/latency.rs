//! Latency benchmarks (issue 15; not tests): pgacct and raw psql through a delaying TCP
//! proxy (tests/support/proxy.rs, 127.0.0.1 only) at several round-trip times, with the
//! round trips each command made. Four throwaway clusters (`pgacct::cluster`), each behind
//! its own proxy, registered as targets lat0/app .. lat3/app, sslmode disable.
//!
//! Cases, at each round-trip time: one create, find, list, reset, lock, undo (of the
//! lock), unlock, `registry check`, drop, each against raw `psql -c 'select 1'` (connect +
//! one query) and the create against `psql -c` of the plan's statements; N users by
//! `user apply` against `psql -f` of the same statements; the same user on 4 targets
//! against 1. docs/BENCHMARKS.md keeps the figures.
//!
//! Run: `cargo bench --bench latency [-- CASE...]` (or `scripts/bench latency [CASE...]`),
//! cases `commands`, `batch`, `fanout` (default all; also `PGACCT_BENCH_LATENCY_CASES`).
//! Settings: `PGACCT_BENCH_RTTS` round-trip times in ms (default `20,80`; `0` is
//! loopback), `PGACCT_BENCH_RUNS` runs per median (default 3),
//! `PGACCT_BENCH_LATENCY_USERS` batch sizes (default `100,1000`),
//! `PGACCT_BENCH_APPLY_JOBS` the `--jobs` of the `user apply` runs (default: its own),
//! `PGACCT_BENCH_PSQL_F_USERS` (default 100): `psql -f` runs at most this many users and
//! is scaled linearly above (it sends one statement per round trip: at 80 ms, 1,000 users
//! would take about 15 minutes). Progress goes to stderr; stdout gets Markdown tables for
//! docs/BENCHMARKS.md, with the round trips of each command.

#[path = "../tests/support/proxy.rs"]
mod proxy;

use pgacct::cluster::{Cluster, ClusterOptions};
use proxy::Proxy;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const PGACCT: &str = env!("CARGO_BIN_EXE_pgacct");
const TARGETS: usize = 4;

struct Bench {
    dir: tempfile::TempDir,
    inventory: PathBuf,
    clusters: Vec<Cluster>,
    proxies: Vec<Proxy>,
    n: std::cell::Cell<u64>,
}

/// The psql binary itself (`pg_config --bindir`), not Debian's /usr/bin/psql, a Perl
/// wrapper that picks a version and adds 50-70 ms of start-up to every call; falls back to
/// /usr/bin/psql without pg_config.
fn psql_bin() -> PathBuf {
    Command::new("pg_config")
        .arg("--bindir")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()).join("psql"))
        .filter(|p| p.exists())
        .unwrap_or_else(|| PathBuf::from("/usr/bin/psql"))
}

fn env_or<T: std::str::FromStr>(key: &str, default: T) -> T {
    std::env::var(key)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

impl Bench {
    fn new() -> Bench {
        let dir = tempfile::tempdir().unwrap();
        let inventory = dir.path().join("inventory.db");
        let clusters: Vec<Cluster> = (0..TARGETS)
            .map(|_| Cluster::start(ClusterOptions::default()).expect("start a cluster"))
            .collect();
        let proxies: Vec<Proxy> = clusters
            .iter()
            .map(|c| Proxy::start(c.port, Duration::ZERO))
            .collect();
        let b = Bench {
            dir,
            inventory,
            clusters,
            proxies,
            n: std::cell::Cell::new(0),
        };
        for (i, c) in b.clusters.iter().enumerate() {
            c.client("postgres")
                .unwrap()
                .batch_execute("CREATE DATABASE app")
                .unwrap();
            let pwcmd = format!("cat {}", c.password_file.display());
            let st = b
                .pgacct()
                .args([
                    "registry",
                    "add",
                    "--env",
                    &format!("lat{i}"),
                    "--db",
                    "app",
                ])
                .args(["--host", "127.0.0.1"])
                .args(["--port", &b.proxies[i].port.to_string()])
                .args(["--admin-user", &c.superuser, "--sslmode", "disable"])
                .args(["--password-command", &pwcmd])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .unwrap();
            assert!(st.success());
        }
        b
    }

    fn set_rtt(&self, rtt_ms: u64) {
        for p in &self.proxies {
            p.set_delay(Duration::from_micros(rtt_ms * 500));
        }
    }

    fn name(&self, prefix: &str) -> String {
        let n = self.n.get();
        self.n.set(n + 1);
        format!("{prefix}_{}_{n}", std::process::id())
    }

    /// The release pgacct with a private home and this inventory.
    fn pgacct(&self) -> Command {
        let mut c = Command::new(PGACCT);
        for (k, _) in std::env::vars_os() {
            let k = k.to_string_lossy();
            if k.starts_with("PG") || k.starts_with("XDG_") {
                c.env_remove(k.as_ref());
            }
        }
        c.env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("share"))
            .env("PGACCT_INVENTORY", &self.inventory)
            .env("NO_COLOR", "1");
        c
    }

    /// psql to database app of cluster `i` through its proxy, password in the environment.
    fn psql(&self, i: usize) -> Command {
        let c = &self.clusters[i];
        let mut cmd = Command::new(psql_bin());
        cmd.env("PGPASSWORD", c.password().expose())
            .env("PGSSLMODE", "disable")
            .env("PGGSSENCMODE", "disable")
            .env("PGCONNECT_TIMEOUT", "10")
            .args(["-X", "-q", "-v", "ON_ERROR_STOP=1"])
            .args(["-h", "127.0.0.1", "-p", &self.proxies[i].port.to_string()])
            .args(["-U", &c.superuser, "-d", "app"]);
        cmd
    }

    /// Run `cmd`; wall time, round trips through proxy 0 (connection included), stdout.
    fn run(&self, mut cmd: Command) -> (Duration, u64, String) {
        for p in &self.proxies {
            p.reset();
        }
        let t = Instant::now();
        let out = cmd.stdin(Stdio::null()).output().unwrap();
        let d = t.elapsed();
        assert!(
            out.status.success(),
            "{cmd:?}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let rt = self.proxies.iter().map(|p| p.round_trips()).sum();
        (d, rt, String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// The statements `user create devqa` runs for one more user on lat0/app, for psql:
    /// a dry run's plan with NAME and VERIFIER to fill in.
    fn create_template(&self) -> String {
        let first = self.name("tmpl_first");
        let mut c = self.pgacct();
        c.args(["user", "create", "devqa", &first, "--target", "lat0/app"]);
        c.args(["--password-file"])
            .arg(self.dir.path().join(&first));
        self.run(c);
        let tmpl = self.name("tmpl");
        let mut c = self.pgacct();
        c.args(["--json", "user", "create", "devqa", &tmpl]).args([
            "--target",
            "lat0/app",
            "--dry-run",
        ]);
        let (_, _, out) = self.run(c);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let v = match v {
            serde_json::Value::Array(mut a) => a.remove(0),
            other => other,
        };
        let sql: Vec<String> = v["sql"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect();
        format!("BEGIN;\n{}\nCOMMIT;\n", sql.join("\n"))
            .replace(&tmpl, "NAME")
            .replace("'<verifier>'", "'VERIFIER'")
    }
}

fn fill(template: &str, name: &str) -> String {
    let v = postgres_protocol::password::scram_sha_256(name.as_bytes());
    template.replace("NAME", name).replace("VERIFIER", &v)
}

fn audit_id(stdout: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(stdout).unwrap();
    let v = match v {
        serde_json::Value::Array(mut a) => a.remove(0),
        other => other,
    };
    v["audit_id"].to_string()
}

/// One user's life on lat0/app, each command timed: (label, wall, round trips).
fn one_life(b: &Bench, template: &str) -> Vec<Timed> {
    let mut out = Vec::new();
    let name = b.name("lat");
    let n = name.as_str();
    let t = "lat0/app";
    let pg = |args: &[&str]| {
        let mut c = b.pgacct();
        c.arg("--json").args(args);
        c.args(["--password-file"])
            .arg(b.dir.path().join(b.name("pw")));
        c
    };
    let plain = |args: &[&str]| {
        let mut c = b.pgacct();
        c.arg("--json").args(args);
        c
    };
    let mut c = b.psql(0);
    c.args(["-c", "select 1"]);
    let (d, rt, _) = b.run(c);
    out.push(("psql -c 'select 1'", d, rt));
    let mut c = b.psql(0);
    c.args(["-c", &fill(template, &b.name("psql"))]);
    let (d, rt, _) = b.run(c);
    out.push(("psql -c <create statements>", d, rt));
    let (d, rt, _) = b.run(pg(&["user", "create", "devqa", n, "--target", t]));
    out.push(("user create devqa", d, rt));
    let (d, rt, _) = b.run(plain(&["user", "find", n, "--target", t]));
    out.push(("user find", d, rt));
    let (d, rt, _) = b.run(plain(&["user", "list", "--target", t]));
    out.push(("user list", d, rt));
    let (d, rt, _) = b.run(pg(&["user", "reset", n, "--target", t]));
    out.push(("user reset", d, rt));
    let (d, rt, s) = b.run(plain(&["user", "lock", n, "--target", t]));
    out.push(("user lock", d, rt));
    let (d, rt, _) = b.run(plain(&["undo", &audit_id(&s)]));
    out.push(("undo (of the lock)", d, rt));
    b.run(plain(&["user", "lock", n, "--target", t]));
    let (d, rt, _) = b.run(plain(&["user", "unlock", n, "--target", t]));
    out.push(("user unlock", d, rt));
    let (d, rt, _) = b.run(plain(&["registry", "check", t]));
    out.push(("registry check", d, rt));
    let (d, rt, _) = b.run(plain(&["user", "drop", n, "--target", t, "--yes"]));
    out.push(("user drop", d, rt));
    out
}

/// One command's (label, time, round trips).
type Timed = (&'static str, Duration, u64);

/// One batch case at one round-trip time.
struct BatchFigure {
    rtt: u64,
    users: usize,
    apply: Duration,
    apply_rt: u64,
    psql: Duration,
    psql_rt: u64,
    /// `psql -f` was run for this many users and scaled (None: measured as is).
    psql_from: Option<usize>,
}

/// What the cases measured, per round-trip time, for the tables printed at the end.
#[derive(Default)]
struct Figures {
    /// Per round-trip time: each command's median.
    commands: Vec<(u64, Vec<Timed>)>,
    batch: Vec<BatchFigure>,
    /// (rtt, 1 target wall, round trips, 4 targets wall, round trips in all).
    fanout: Vec<(u64, Duration, u64, Duration, u64)>,
}

fn bench_commands(b: &Bench, rtt: u64, runs: usize, template: &str, fig: &mut Figures) {
    eprintln!("{rtt} ms round trip: one command (median of {runs} runs)");
    let mut all: Vec<Vec<Timed>> = Vec::new();
    for _ in 0..runs {
        all.push(one_life(b, template));
    }
    let rows = all[0]
        .iter()
        .enumerate()
        .map(|(i, (label, _, rt))| (*label, median(all.iter().map(|r| r[i].1).collect()), *rt))
        .collect();
    fig.commands.push((rtt, rows));
}

fn bench_batch(
    b: &Bench,
    rtt: u64,
    users: usize,
    psql_max: usize,
    template: &str,
    fig: &mut Figures,
) {
    if users == 0 {
        return;
    }
    eprintln!("{rtt} ms round trip: {users} users by user apply, and psql -f");
    let base = b.name("batch");
    let mut text = String::from("verb,target,kind,name\n");
    for i in 0..users {
        text.push_str(&format!("create,lat0/app,devqa,{base}_{i}\n"));
    }
    let file = b.dir.path().join(format!("{base}.csv"));
    std::fs::write(&file, text).unwrap();
    let mut c = b.pgacct();
    c.args(["user", "apply"])
        .arg(&file)
        .args(["--password-file"])
        .arg(b.dir.path().join(format!("{base}.pgpass")));
    if let Ok(j) = std::env::var("PGACCT_BENCH_APPLY_JOBS") {
        c.args(["--jobs", &j]);
    }
    let (d, rt, _) = b.run(c);
    // psql -f sends its statements one at a time: time and round trips grow linearly
    // with the users, so above `psql_max` users it runs `psql_max` and scales.
    // The psql run of the same size at this round-trip time is reused.
    let n = users.min(psql_max.max(1));
    let measured = fig
        .batch
        .iter()
        .find(|x| x.rtt == rtt && x.users == n && x.psql_from.is_none())
        .map(|x| (x.psql, x.psql_rt));
    let (d2, rt2) = match measured {
        Some(m) => m,
        None => {
            let base = b.name("script");
            let mut script = String::new();
            for i in 0..n {
                script.push_str(&fill(template, &format!("{base}_{i}")));
            }
            let file = b.dir.path().join(format!("{base}.sql"));
            std::fs::write(&file, script).unwrap();
            let mut c = b.psql(0);
            c.arg("-f").arg(&file);
            let (d2, rt2, _) = b.run(c);
            (d2, rt2)
        }
    };
    let (d2, rt2, from) = if n < users {
        let k = users as f64 / n as f64;
        (d2.mul_f64(k), (rt2 as f64 * k).round() as u64, Some(n))
    } else {
        (d2, rt2, None)
    };
    fig.batch.push(BatchFigure {
        rtt,
        users,
        apply: d,
        apply_rt: rt,
        psql: d2,
        psql_rt: rt2,
        psql_from: from,
    });
}

fn bench_fanout(b: &Bench, rtt: u64, runs: usize, fig: &mut Figures) {
    eprintln!("{rtt} ms round trip: the same user on 1 and 4 targets");
    let (mut one, mut four, mut rt1, mut rt4) = (vec![], vec![], 0, 0);
    for _ in 0..runs {
        let name = b.name("fan1");
        let mut c = b.pgacct();
        c.args([
            "--json", "user", "create", "devqa", &name, "--target", "lat0/app",
        ]);
        c.args(["--password-file"]).arg(b.dir.path().join(&name));
        let (d, rt, _) = b.run(c);
        one.push(d);
        rt1 = rt;
        let name = b.name("fan4");
        let mut c = b.pgacct();
        c.args(["--json", "user", "create", "devqa", &name]);
        for i in 0..TARGETS {
            c.args(["--target", &format!("lat{i}/app")]);
        }
        c.args(["--password-file"]).arg(b.dir.path().join(&name));
        let (d, rt, _) = b.run(c);
        four.push(d);
        rt4 = rt;
    }
    fig.fanout.push((rtt, median(one), rt1, median(four), rt4));
}

/// A duration for a table cell: ms below 10 s, else s.
fn cell(d: Duration) -> String {
    if d.as_secs_f64() < 10.0 {
        format!("{:.0} ms", ms(d))
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// The figures as Markdown tables, ready for docs/BENCHMARKS.md.
fn print_tables(fig: &Figures, runs: usize) {
    let rtts: Vec<u64> = fig.commands.iter().map(|(r, _)| *r).collect();
    if let Some((_, first)) = fig.commands.first() {
        println!(
            "\nOne command on lat0/app, median of {runs} runs; x = / raw `psql -c 'select 1'` at the same round-trip time.\n"
        );
        let mut head = String::from("| command | round trips |");
        let mut rule = String::from("|---|---:|");
        for r in &rtts {
            head.push_str(&format!(" {r} ms | x |"));
            rule.push_str("---:|---:|");
        }
        println!("{head}\n{rule}");
        for (i, (label, _, rt)) in first.iter().enumerate() {
            // Round trips of a sequential client do not depend on the delay; say so
            // should they differ.
            let rts: Vec<u64> = fig.commands.iter().map(|(_, c)| c[i].2).collect();
            let rt_cell = if rts.iter().all(|r| r == rt) {
                rt.to_string()
            } else {
                rts.iter()
                    .map(u64::to_string)
                    .collect::<Vec<_>>()
                    .join(" / ")
            };
            let mut line = format!("| {} | {rt_cell} |", md_label(label));
            for (_, c) in &fig.commands {
                let base = c[0].1.as_secs_f64();
                line.push_str(&format!(
                    " {} | {:.2}x |",
                    cell(c[i].1),
                    c[i].1.as_secs_f64() / base
                ));
            }
            println!("{line}");
        }
    }
    if !fig.batch.is_empty() {
        println!(
            "\nBatch: `user apply` (default --jobs) against one `psql -f` of the same statements (one connection), lat0/app, one run each.\n"
        );
        println!(
            "| round trip | users | `user apply` | round trips | `psql -f` | round trips | apply faster |"
        );
        println!("|---:|---:|---:|---:|---:|---:|---:|");
        for x in &fig.batch {
            let note = match x.psql_from {
                Some(n) => format!(" (extrapolated from {n} users)"),
                None => String::new(),
            };
            println!(
                "| {} ms | {} | {} ({:.0} users/s) | {} | {}{note} | {} | {:.1}x |",
                x.rtt,
                x.users,
                cell(x.apply),
                x.users as f64 / x.apply.as_secs_f64(),
                x.apply_rt,
                cell(x.psql),
                x.psql_rt,
                x.psql.as_secs_f64() / x.apply.as_secs_f64()
            );
        }
    }
    if !fig.fanout.is_empty() {
        println!(
            "\nFan-out: the same `user create devqa` on 1 target and on 4 (4 clusters), median of {runs} runs.\n"
        );
        println!(
            "| round trip | 1 target | round trips | 4 targets | round trips in all | 4 / 1 |"
        );
        println!("|---:|---:|---:|---:|---:|---:|");
        for (rtt, one, rt1, four, rt4) in &fig.fanout {
            println!(
                "| {rtt} ms | {} | {rt1} | {} | {rt4} | {:.2}x |",
                cell(*one),
                cell(*four),
                four.as_secs_f64() / one.as_secs_f64()
            );
        }
    }
}

/// A command's label for a Markdown cell: pgacct commands and psql calls in backticks.
fn md_label(label: &str) -> String {
    match label {
        "psql -c 'select 1'" => "raw `psql -c 'select 1'`".into(),
        "psql -c <create statements>" => "raw `psql -c` of a create's statements".into(),
        "undo (of the lock)" => "`undo` (of the lock)".into(),
        l => format!("`{l}`"),
    }
}

const CASES: &[&str] = &["commands", "batch", "fanout"];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--list") {
        return;
    }
    // Cases: the arguments (`cargo bench --bench latency -- commands fanout`), else
    // PGACCT_BENCH_LATENCY_CASES, else all. cargo passes `--bench`: flags are ignored.
    let mut cases: Vec<String> = args
        .iter()
        .filter(|a| !a.starts_with('-'))
        .cloned()
        .collect();
    if cases.is_empty() {
        cases = std::env::var("PGACCT_BENCH_LATENCY_CASES")
            .unwrap_or_else(|_| CASES.join(","))
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
    }
    if let Some(bad) = cases.iter().find(|c| !CASES.contains(&c.as_str())) {
        eprintln!(
            "latency: unknown case {bad:?}; the cases are {}",
            CASES.join(", ")
        );
        std::process::exit(2);
    }
    let has = |c: &str| cases.iter().any(|x| x == c);
    let list = |key: &str, default: &str| -> Vec<u64> {
        std::env::var(key)
            .unwrap_or_else(|_| default.into())
            .split(',')
            .filter_map(|s| s.trim().parse().ok())
            .collect()
    };
    let rtts = list("PGACCT_BENCH_RTTS", "20,80");
    let users = list("PGACCT_BENCH_LATENCY_USERS", "100,1000");
    let psql_max: usize = env_or("PGACCT_BENCH_PSQL_F_USERS", 100);
    let runs: usize = env_or("PGACCT_BENCH_RUNS", 3).max(1);
    eprintln!(
        "latency: cases {}; round trips {rtts:?} ms; {runs} runs; batches of {users:?} users (psql -f measured up to {psql_max}, scaled above)",
        cases.join(", ")
    );
    let b = Bench::new();
    b.set_rtt(0);
    // Warm up (the first create also makes the database's group roles).
    let template = b.create_template();
    one_life(&b, &template);
    let mut fig = Figures::default();
    for &rtt in &rtts {
        b.set_rtt(rtt);
        if has("commands") {
            bench_commands(&b, rtt, runs, &template, &mut fig);
        }
        if has("batch") {
            for &n in &users {
                bench_batch(&b, rtt, n as usize, psql_max, &template, &mut fig);
            }
        }
        if has("fanout") {
            bench_fanout(&b, rtt, runs, &mut fig);
        }
    }
    print_tables(&fig, runs);
}
