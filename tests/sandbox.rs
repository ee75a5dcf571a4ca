//! `pgacct sandbox up|status|down`: a real cluster is started, registered as
//! sandbox/postgres with a password command that works, reported, and removed again.

mod support;

use serde_json::Value;
use std::path::PathBuf;
use support::TestEnv;

/// Runs `sandbox down` when a test ends, passing or not, so no server is left behind.
struct Down<'a>(&'a TestEnv);
impl Drop for Down<'_> {
    fn drop(&mut self) {
        let _ = self.0.cmd().args(["sandbox", "down"]).output();
    }
}

fn json(env: &TestEnv, args: &[&str]) -> Value {
    let out = env.cmd().arg("--json").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "pgacct {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "pgacct {args:?}: not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

fn audit_actions(env: &TestEnv) -> Vec<(String, String)> {
    let db = rusqlite::Connection::open(&env.inventory).unwrap();
    let mut st = db
        .prepare("SELECT action, outcome FROM audit_log WHERE action LIKE 'sandbox%' ORDER BY id")
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn sandbox_up_registers_a_working_target_and_down_removes_it() {
    // Make sure the server binaries are there, or fail saying how to get them.
    support::cluster_binaries_or_panic();
    let env = TestEnv::new();
    let _down = Down(&env);

    let st = json(&env, &["sandbox", "status"]);
    assert_eq!(st["running"], false);
    assert_eq!(st["status"], "no sandbox");

    let out = env.cmd().args(["sandbox", "up"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "sandbox up failed: {stderr}");
    assert!(stdout.contains("sandbox started"), "{stdout}");
    assert!(
        stderr.contains("pgacct user create devqa alice --target sandbox/postgres"),
        "no next step shown: {stderr}"
    );

    let st = json(&env, &["sandbox", "status"]);
    assert_eq!(st["running"], true, "{st}");
    assert_eq!(st["registered"], true);
    let port = st["port"].as_u64().expect("port") as u16;
    let dir = PathBuf::from(st["dir"].as_str().expect("dir"));
    assert!(dir.join("data/PG_VERSION").exists());
    // The sandbox does not live in the (temporary) home when running as root.
    assert!(dir.exists());

    // Idempotent: a second up changes nothing.
    let again = json(&env, &["sandbox", "up"]);
    assert_eq!(again["changed"], false, "{again}");
    assert_eq!(again["port"].as_u64(), Some(port as u64));

    // The target is registered like `registry add` would, and its password command works.
    let t = json(&env, &["registry", "show", "sandbox/postgres"]);
    assert_eq!(t["host"], "127.0.0.1");
    assert_eq!(t["port"].as_u64(), Some(port as u64));
    assert_eq!(t["admin_user"], "postgres");
    let pwcmd = t["password_command"].as_str().expect("password command");
    let pw = std::process::Command::new("sh")
        .args(["-c", pwcmd])
        .output()
        .unwrap();
    assert!(pw.status.success());
    let password = String::from_utf8(pw.stdout).unwrap();
    let password = password.lines().next().unwrap_or("");
    assert!(password.len() >= 16);
    let mut client = postgres::Config::new()
        .host("127.0.0.1")
        .port(port)
        .user("postgres")
        .password(password)
        .dbname("postgres")
        .connect(postgres::NoTls)
        .expect("connect with the registered password command");
    let su: bool = client
        .query_one(
            "SELECT rolsuper FROM pg_roles WHERE rolname = current_user",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(su);
    drop(client);
    // The password file is private.
    use std::os::unix::fs::PermissionsExt;
    let pwfile = PathBuf::from(st["password_file"].as_str().unwrap());
    assert_eq!(
        std::fs::metadata(&pwfile).unwrap().permissions().mode() & 0o777,
        0o600
    );

    // down: server stopped, directory and target gone, audited.
    let down = json(&env, &["sandbox", "down"]);
    assert_eq!(down["changed"], true, "{down}");
    assert!(!dir.exists(), "{} still exists", dir.display());
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
        "the sandbox server still listens on {port}"
    );
    env.cmd()
        .args(["registry", "show", "sandbox/postgres"])
        .assert()
        .code(3);
    let st = json(&env, &["sandbox", "status"]);
    assert_eq!(st["running"], false);
    let down = json(&env, &["sandbox", "down"]);
    assert_eq!(down["changed"], false);

    let actions = audit_actions(&env);
    let want: Vec<(String, String)> = [
        ("sandbox up", "changed"),
        ("sandbox up", "unchanged"),
        ("sandbox down", "changed"),
    ]
    .iter()
    .map(|(a, o)| (a.to_string(), o.to_string()))
    .collect();
    assert_eq!(actions, want);
}

#[test]
fn two_sandbox_up_at_once_start_one_cluster() {
    support::cluster_binaries_or_panic();
    let env = TestEnv::new();
    let _down = Down(&env);
    let children: Vec<_> = (0..2)
        .map(|_| {
            let mut c = env.std_cmd();
            c.args(["--json", "sandbox", "up"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let reports: Vec<Value> = children
        .into_iter()
        .map(|c| {
            let out = c.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            serde_json::from_slice(&out.stdout).unwrap()
        })
        .collect();
    let changed: Vec<bool> = reports
        .iter()
        .map(|r| r["changed"].as_bool().unwrap())
        .collect();
    assert_eq!(
        changed.iter().filter(|c| **c).count(),
        1,
        "exactly one up must start the sandbox: {reports:?}"
    );
    assert_eq!(reports[0]["port"], reports[1]["port"]);
    assert_eq!(reports[0]["dir"], reports[1]["dir"]);
}

/// As root the sandbox runs its server as `postgres` under /var/tmp; an ordinary user's
/// sandbox lives in their data dir and runs as them. Check that path as `nobody`.
#[test]
fn sandbox_works_for_an_unprivileged_user_in_their_data_dir() {
    support::cluster_binaries_or_panic();
    // Never a silent pass: as another user this test cannot switch to `nobody`.
    assert!(
        support::running_as_root(),
        "this test runs `pgacct sandbox` as the OS user `nobody` through runuser, which needs root: \
         run the tests as root (as CI does), e.g. `sudo -E cargo test --test sandbox`"
    );
    let env = TestEnv::new();
    let nobody = std::ffi::CString::new("nobody").unwrap();
    // SAFETY: getpwnam returns NULL or a pointer to a passwd record read at once.
    let pw = unsafe { libc::getpwnam(nobody.as_ptr()) };
    assert!(!pw.is_null(), "no `nobody` user");
    let (uid, gid) = unsafe { ((*pw).pw_uid, (*pw).pw_gid) };
    std::os::unix::fs::chown(env.dir.path(), Some(uid), Some(gid)).unwrap();
    let run = |args: &[&str]| {
        let mut c = env.std_cmd();
        c.arg("--json").args(args);
        let out = support::as_user(&c, "nobody").output().unwrap();
        assert!(
            out.status.success(),
            "pgacct {args:?} as nobody: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    let up = run(&["sandbox", "up"]);
    let guard = scopeguard_down(&env);
    assert_eq!(up["changed"], true, "{up}");
    let dir = PathBuf::from(up["dir"].as_str().unwrap());
    assert!(
        dir.starts_with(env.dir.path().join(".local/share/pgacct/sandbox")),
        "{}",
        dir.display()
    );
    use std::os::unix::fs::MetadataExt;
    assert_eq!(std::fs::metadata(dir.join("data")).unwrap().uid(), uid);
    let port = up["port"].as_u64().unwrap() as u16;
    let pw = std::fs::read_to_string(up["password_file"].as_str().unwrap()).unwrap();
    postgres::Config::new()
        .host("127.0.0.1")
        .port(port)
        .user("postgres")
        .password(pw.trim_end())
        .dbname("postgres")
        .connect(postgres::NoTls)
        .expect("connect to the unprivileged sandbox");
    let down = run(&["sandbox", "down"]);
    assert_eq!(down["changed"], true);
    assert!(!dir.exists());
    drop(guard);
}

/// Stops the sandbox as `nobody` if the test fails half-way.
fn scopeguard_down(env: &TestEnv) -> impl Drop + '_ {
    struct G<'a>(&'a TestEnv);
    impl Drop for G<'_> {
        fn drop(&mut self) {
            let mut c = self.0.std_cmd();
            c.args(["sandbox", "down"]);
            let _ = support::as_user(&c, "nobody").output();
        }
    }
    G(env)
}
