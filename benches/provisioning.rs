//! Benchmarks of provisioning (not tests): `user create` end to end against `psql -c`,
//! 1,000 users from a batch file against a psql loop and a psql script, fan-out to four
//! clusters against one, and `registry list` start-up. Each runs the release `pgacct`
//! binary as a process on throwaway clusters started here (`pgacct::cluster`), and
//! prints medians; docs/BENCHMARKS.md keeps the figures and how they were taken.
//!
//! Run: `scripts/bench` (or `cargo bench --bench provisioning [-- CASE...]`, CASE one of
//! create, batch, fanout, list, startup; default all). `list` prints a TODO line when
//! the build has no `user list` yet. `PGACCT_BENCH_RUNS` sets the number of
//! runs per median (default 15), `PGACCT_BENCH_USERS` the batch size (default 1000).

use pgacct::cluster::{Cluster, ClusterOptions};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const PGACCT: &str = env!("CARGO_BIN_EXE_pgacct");

struct Bench {
    dir: tempfile::TempDir,
    inventory: PathBuf,
    clusters: Vec<Cluster>,
    runs: usize,
    n: std::cell::Cell<u64>,
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

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn psql_raw() -> PathBuf {
    let out = Command::new("pg_config")
        .arg("--bindir")
        .output()
        .expect("pg_config (apt-get install -y postgresql)");
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()).join("psql")
}

impl Bench {
    fn new(clusters: usize) -> Bench {
        let dir = tempfile::tempdir().unwrap();
        let inventory = dir.path().join("inventory.db");
        let clusters: Vec<Cluster> = (0..clusters)
            .map(|_| Cluster::start(ClusterOptions::default()).expect("start a cluster"))
            .collect();
        let runs = std::env::var("PGACCT_BENCH_RUNS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(15);
        let b = Bench {
            dir,
            inventory,
            clusters,
            runs,
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
                    &format!("bench{i}"),
                    "--db",
                    "app",
                ])
                .args(["--host", &c.host, "--port", &c.port.to_string()])
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

    /// psql to cluster `i`, database app, password in the environment.
    fn psql(&self, bin: &Path, i: usize) -> Command {
        let c = &self.clusters[i];
        let mut cmd = Command::new(bin);
        cmd.env("PGPASSWORD", c.password().expose())
            .env("PGCONNECT_TIMEOUT", "10")
            .args(["-X", "-q", "-v", "ON_ERROR_STOP=1"])
            .args(["-h", &c.host, "-p", &c.port.to_string(), "-U", &c.superuser])
            .args(["-d", "app"]);
        cmd
    }

    fn time(&self, cmd: Command) -> Duration {
        self.time_cpu(cmd).0
    }

    /// Wall time and the child's CPU time (user + system, from getrusage).
    fn time_cpu(&self, mut cmd: Command) -> (Duration, Duration) {
        let before = children_cpu();
        let t = Instant::now();
        let out = cmd.stdin(Stdio::null()).output().unwrap();
        let d = t.elapsed();
        let cpu = children_cpu().saturating_sub(before);
        assert!(
            out.status.success(),
            "{cmd:?}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (d, cpu)
    }

    /// The SQL `user create devqa` runs for one more user on target bench0/app (once the
    /// database's groups exist), for psql to run the same statements: a dry run's plan,
    /// with NAME for the user and VERIFIER for the password verifier.
    fn create_template(&self) -> String {
        let first = self.name("tmpl_first");
        let mut c = self.pgacct();
        c.args(["user", "create", "devqa", &first, "--target", "bench0/app"]);
        c.args([
            "--password-file",
            &self.dir.path().join(&first).to_string_lossy(),
        ]);
        self.time(c);
        let tmpl = self.name("tmpl");
        let out = self
            .pgacct()
            .args(["--json", "user", "create", "devqa", &tmpl])
            .args(["--target", "bench0/app", "--dry-run"])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
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

fn report(label: &str, d: Duration) {
    println!("  {label:<58} {:>9.1} ms", ms(d));
}

fn bench_create(b: &Bench) {
    println!(
        "\n(1) one user create, end to end (median of {} runs, interleaved; wall / client CPU)",
        b.runs
    );
    let template = b.create_template();
    let admin_pw = b.clusters[0].password();
    let raw_bin = psql_raw();
    let mut rows: Vec<(&str, Vec<Duration>, Vec<Duration>)> = vec![
        (
            "pgacct user create devqa (PGACCT_ADMIN_PASSWORD)",
            vec![],
            vec![],
        ),
        (
            "raw psql -c, the same statements (pg_config --bindir)",
            vec![],
            vec![],
        ),
        (
            "raw psql -c 'CREATE ROLE ... PASSWORD <verifier>'",
            vec![],
            vec![],
        ),
        (
            "psql -c on PATH (Debian wrapper), the same statements",
            vec![],
            vec![],
        ),
    ];
    for _ in 0..b.runs {
        let name = b.name("one");
        let mut c = b.pgacct();
        c.env("PGACCT_ADMIN_PASSWORD", admin_pw.expose());
        c.args(["user", "create", "devqa", &name, "--target", "bench0/app"]);
        c.args([
            "--password-file",
            &b.dir.path().join(&name).to_string_lossy(),
        ]);
        let mut cmds = vec![c];
        let mut c = b.psql(&raw_bin, 0);
        c.args(["-c", &fill(&template, &b.name("rawc"))]);
        cmds.push(c);
        let mut c = b.psql(&raw_bin, 0);
        let name = b.name("rawmin");
        let v = postgres_protocol::password::scram_sha_256(name.as_bytes());
        c.args(["-c", &format!("CREATE ROLE {name} LOGIN PASSWORD '{v}'")]);
        cmds.push(c);
        let mut c = b.psql(Path::new("psql"), 0);
        c.args(["-c", &fill(&template, &b.name("wrapc"))]);
        cmds.push(c);
        for (k, c) in cmds.into_iter().enumerate() {
            let (wall, cpu) = b.time_cpu(c);
            rows[k].1.push(wall);
            rows[k].2.push(cpu);
        }
    }
    let med: Vec<(Duration, Duration)> = rows
        .iter()
        .map(|r| (median(r.1.clone()), median(r.2.clone())))
        .collect();
    for (r, m) in rows.iter().zip(&med) {
        println!("  {:<58} {:>7.1} ms  cpu {:>5.1} ms", r.0, ms(m.0), ms(m.1));
    }
    println!(
        "  ratio pgacct / raw psql: {:.2} (goal <= 1.2); pgacct / wrapper: {:.2} (goal < 1)",
        ms(med[0].0) / ms(med[1].0),
        ms(med[0].0) / ms(med[3].0)
    );
}

fn bench_batch(b: &Bench) {
    let users: usize = std::env::var("PGACCT_BENCH_USERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    println!("\n(2) {users} users, one target (users per second)");
    let template = b.create_template();
    let rate = |n: usize, d: Duration| n as f64 / d.as_secs_f64();
    for jobs in [1usize, 2, 4, 8] {
        let base = b.name(&format!("batch{jobs}"));
        let mut text = String::from("verb,target,kind,name\n");
        for i in 0..users {
            text.push_str(&format!("create,bench0/app,devqa,{base}_{i}\n"));
        }
        let file = b.dir.path().join(format!("{base}.csv"));
        std::fs::write(&file, text).unwrap();
        let pwfile = b.dir.path().join(format!("{base}.pgpass"));
        let mut c = b.pgacct();
        c.args(["user", "apply"])
            .arg(&file)
            .args(["--jobs", &jobs.to_string(), "--password-file"])
            .arg(&pwfile);
        let d = b.time(c);
        println!(
            "  pgacct user apply --jobs {jobs:<2}                {:>8.0} users/s ({:.2} s)",
            rate(users, d),
            d.as_secs_f64()
        );
    }
    let raw_bin = psql_raw();
    // One psql script with the same statements, one connection.
    let mut script = String::new();
    let base = b.name("script");
    for i in 0..users {
        script.push_str(&fill(&template, &format!("{base}_{i}")));
    }
    let file = b.dir.path().join("script.sql");
    std::fs::write(&file, script).unwrap();
    let mut c = b.psql(&raw_bin, 0);
    c.arg("-f").arg(&file);
    let d = b.time(c);
    println!(
        "  one psql -f script, the same statements        {:>8.0} users/s ({:.2} s)",
        rate(users, d),
        d.as_secs_f64()
    );
    // A psql -c per user (timed on a sample of 100 calls).
    let sample = 100.min(users);
    let base = b.name("loop");
    let t = Instant::now();
    for i in 0..sample {
        let mut c = b.psql(&raw_bin, 0);
        c.args(["-c", &fill(&template, &format!("{base}_{i}"))]);
        b.time(c);
    }
    let d = t.elapsed();
    println!(
        "  raw psql -c per user ({sample} calls)                 {:>8.0} users/s ({:.2} s)",
        rate(sample, d),
        d.as_secs_f64()
    );
}

fn bench_fanout(b: &Bench) {
    println!(
        "\n(3) the same user on 4 targets (4 clusters) vs 1 target (median of {} runs; wall / client CPU)",
        b.runs
    );
    let (mut one, mut one_cpu, mut four, mut four_cpu) = (vec![], vec![], vec![], vec![]);
    // The machine's own limit, without pgacct: the same statements by one raw `psql -c`
    // against 4 of them at once (one per cluster), interleaved with pgacct's runs (the
    // first 4-target pgacct run makes the group roles the statements grant).
    let raw = psql_raw();
    let template = b.create_template();
    let (mut psql_one, mut psql_four) = (vec![], vec![]);
    for run in 0..b.runs {
        let name = b.name("f1");
        let mut c = b.pgacct();
        c.args([
            "--json",
            "user",
            "create",
            "devqa",
            &name,
            "--target",
            "bench0/app",
        ]);
        let (w, cpu) = b.time_cpu(c);
        one.push(w);
        one_cpu.push(cpu);
        let name = b.name("f4");
        let mut c = b.pgacct();
        c.args(["--json", "user", "create", "devqa", &name]);
        for i in 0..4 {
            c.args(["--target", &format!("bench{i}/app")]);
        }
        let (w, cpu) = b.time_cpu(c);
        four.push(w);
        four_cpu.push(cpu);
        if run == 0 {
            continue;
        }
        let mut c = b.psql(&raw, 0);
        c.args(["-c", &fill(&template, &b.name("p1"))]);
        psql_one.push(b.time(c));
        let name = b.name("p4");
        let t = Instant::now();
        let kids: Vec<_> = (0..4)
            .map(|i| {
                let mut c = b.psql(&raw, i);
                c.args(["-c", &fill(&template, &name)])
                    .stdin(Stdio::null())
                    .stdout(Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for mut k in kids {
            assert!(k.wait().unwrap().success(), "psql failed");
        }
        psql_four.push(t.elapsed());
    }
    let (psql_one, psql_four) = (median(psql_one), median(psql_four));
    let (one, four) = (median(one), median(four));
    let (one_cpu, four_cpu) = (median(one_cpu), median(four_cpu));
    println!(
        "  {:<58} {:>7.1} ms  cpu {:>5.1} ms",
        "pgacct user create, 1 target",
        ms(one),
        ms(one_cpu)
    );
    println!(
        "  {:<58} {:>7.1} ms  cpu {:>5.1} ms",
        "pgacct user create, 4 targets (--jobs 4)",
        ms(four),
        ms(four_cpu)
    );
    println!("  ratio 4 / 1: {:.2} (goal <= 1.3)", ms(four) / ms(one));
    report("raw psql -c, the same statements, 1 cluster", psql_one);
    report(
        "raw psql -c, the same statements, 4 clusters at once",
        psql_four,
    );
    println!(
        "  ratio 4 / 1 for psql (what this machine allows): {:.2}",
        ms(psql_four) / ms(psql_one)
    );
}

fn bench_list(b: &Bench) {
    println!(
        "\n(4) user list on a cluster with 10,000 roles (median of {} runs)",
        b.runs
    );
    let mut c = b.clusters[0].client("postgres").unwrap();
    c.batch_execute(
        "DO $$ BEGIN FOR i IN 1..10000 LOOP
           EXECUTE format('CREATE ROLE %I LOGIN CONNECTION LIMIT 5', 'listed_' || i);
         END LOOP; END $$",
    )
    .unwrap();
    let probe = b
        .pgacct()
        .args(["--json", "user", "list", "--target", "bench0/app"])
        .output()
        .unwrap();
    if !probe.status.success() {
        println!(
            "  TODO: `pgacct user list` is not available in this build ({})",
            String::from_utf8_lossy(&probe.stderr)
                .lines()
                .next()
                .unwrap_or("")
                .trim()
        );
        return;
    }
    let mut v = vec![];
    for _ in 0..b.runs {
        let mut c = b.pgacct();
        c.args(["--json", "user", "list", "--target", "bench0/app"]);
        c.stdout(Stdio::null());
        v.push(b.time(c));
    }
    report("pgacct --json user list (10,000+ roles)", median(v));
}

fn bench_startup(b: &Bench) {
    let runs = b.runs.max(30);
    println!("\n(5) pgacct registry list start-up (median of {runs} runs)");
    let mut v = vec![];
    for _ in 0..runs {
        let mut c = b.pgacct();
        c.args(["registry", "list"]);
        v.push(b.time(c));
    }
    let mut w = vec![];
    for _ in 0..runs {
        w.push(b.time(Command::new("/bin/true")));
    }
    report("pgacct registry list (4 targets)", median(v));
    report("/bin/true (process spawn floor)", median(w));
}

fn main() {
    let cases: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let want = |c: &str| cases.is_empty() || cases.iter().any(|x| x == c);
    if let Err(e) = Cluster::bindir() {
        eprintln!(
            "the benchmarks need PostgreSQL's server binaries: {e}\nto fix: apt-get install -y postgresql"
        );
        std::process::exit(1);
    }
    let b = Bench::new(if want("fanout") { 4 } else { 1 });
    println!(
        "pgacct benchmarks: {} cores, {}",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
        String::from_utf8_lossy(
            &Command::new(psql_raw())
                .arg("--version")
                .output()
                .map(|o| o.stdout)
                .unwrap_or_default()
        )
        .trim()
    );
    if want("create") {
        bench_create(&b);
    }
    if want("batch") {
        bench_batch(&b);
    }
    if want("fanout") {
        bench_fanout(&b);
    }
    if want("list") {
        bench_list(&b);
    }
    if want("startup") {
        bench_startup(&b);
    }
}
