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
//! Run: `cargo bench --bench latency` (or `scripts/bench latency`). Settings:
//! `PGACCT_BENCH_RTTS` round-trip times in ms (default `0,20,80`), `PGACCT_BENCH_RUNS`
//! runs per median (default 3), `PGACCT_BENCH_LATENCY_USERS` users per batch (default 100;
//! 0 skips the batch case).

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
fn one_life(b: &Bench, template: &str) -> Vec<(&'static str, Duration, u64)> {
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

fn bench_commands(b: &Bench, rtt: u64, runs: usize, template: &str) {
    println!("\n{rtt} ms round trip: one command (median of {runs} runs)");
    let mut all: Vec<Vec<(&'static str, Duration, u64)>> = Vec::new();
    for _ in 0..runs {
        all.push(one_life(b, template));
    }
    let select1 = median(all.iter().map(|r| r[0].1).collect());
    println!(
        "  {:<30} {:>11} {:>10} {:>16}",
        "command", "round trips", "median ms", "/ psql select 1"
    );
    for (i, (label, _, rt)) in all[0].iter().enumerate() {
        let d = median(all.iter().map(|r| r[i].1).collect());
        println!(
            "  {label:<30} {rt:>11} {:>10.1} {:>15.1}x",
            ms(d),
            d.as_secs_f64() / select1.as_secs_f64()
        );
    }
}

fn bench_batch(b: &Bench, users: usize, template: &str) {
    if users == 0 {
        return;
    }
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
    let (d, rt, _) = b.run(c);
    println!(
        "  {users} users by user apply                 {:>9.2} s {:>7.0} users/s  {rt} round trips",
        d.as_secs_f64(),
        users as f64 / d.as_secs_f64()
    );
    let base = b.name("script");
    let mut script = String::new();
    for i in 0..users {
        script.push_str(&fill(template, &format!("{base}_{i}")));
    }
    let file = b.dir.path().join(format!("{base}.sql"));
    std::fs::write(&file, script).unwrap();
    let mut c = b.psql(0);
    c.arg("-f").arg(&file);
    let (d2, rt, _) = b.run(c);
    println!(
        "  psql -f of the same statements          {:>9.2} s {:>7.0} users/s  {rt} round trips  (pgacct {:.1}x faster)",
        d2.as_secs_f64(),
        users as f64 / d2.as_secs_f64(),
        d2.as_secs_f64() / d.as_secs_f64()
    );
}

fn bench_fanout(b: &Bench, runs: usize) {
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
    let (one, four) = (median(one), median(four));
    println!(
        "  same user, 1 target                      {:>9.1} ms  {rt1} round trips",
        ms(one)
    );
    println!(
        "  same user, 4 targets (4 clusters)        {:>9.1} ms  {rt4} round trips in all  ({:.2}x one target)",
        ms(four),
        four.as_secs_f64() / one.as_secs_f64()
    );
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let rtts: Vec<u64> = std::env::var("PGACCT_BENCH_RTTS")
        .unwrap_or_else(|_| "0,20,80".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let runs: usize = env_or("PGACCT_BENCH_RUNS", 3).max(1);
    let users: usize = env_or("PGACCT_BENCH_LATENCY_USERS", 100);
    let b = Bench::new();
    b.set_rtt(0);
    // Warm up (the first create also makes the database's group roles).
    let template = b.create_template();
    one_life(&b, &template);
    for rtt in rtts {
        b.set_rtt(rtt);
        bench_commands(&b, rtt, runs, &template);
        println!("\n{rtt} ms round trip: batch and fan-out");
        bench_batch(&b, users, &template);
        bench_fanout(&b, runs);
    }
}
