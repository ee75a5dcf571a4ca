//! examples/ansible/provision.yml really provisions users: run twice against a throwaway
//! cluster, the first run reports changes and writes each new password to a 0600 file,
//! the second reports `changed=0`, the users exist and log in with those passwords, and
//! no password reaches Ansible's output or the server log.
//!
//! Needs `ansible-playbook`: without it the test FAILS, naming the install command
//! (`apt-get install -y ansible-core`, or `python3 -m pip install ansible-core`); `.ci/run`
//! installs it. Never a silent pass.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use support::TestEnv;

fn ansible_playbook() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("ansible-playbook"))
        .find(|p| p.is_file())
}

/// `ansible-playbook provision.yml` with the test's private pgacct environment.
fn run_playbook(
    bin: &Path,
    env: &TestEnv,
    secrets: &Path,
    users: &serde_json::Value,
) -> std::process::Output {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ansible");
    let template = env.std_cmd();
    let mut cmd = Command::new(bin);
    for (k, v) in template.get_envs() {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    let extra = serde_json::json!({
        "pgacct_bin": env!("CARGO_BIN_EXE_pgacct"),
        "pgacct_secrets_dir": secrets,
        "pgacct_users": users,
        "pgacct_ticket": "CHG-ANSIBLE-TEST",
    });
    let ansible_home = env.dir.path().join("ansible");
    cmd.arg("-i")
        .arg(example.join("inventory.ini"))
        .arg(example.join("provision.yml"))
        .arg("-e")
        .arg(extra.to_string())
        .env("ANSIBLE_HOME", &ansible_home)
        .env("ANSIBLE_LOCAL_TEMP", ansible_home.join("tmp"))
        .env("ANSIBLE_NOCOLOR", "1")
        .env("ANSIBLE_FORCE_COLOR", "0")
        .env("ANSIBLE_LOCALHOST_WARNING", "false")
        .env("ANSIBLE_RETRY_FILES_ENABLED", "false")
        .env("LC_ALL", "C.UTF-8")
        .env("LANG", "C.UTF-8")
        .current_dir(env.dir.path());
    cmd.output().expect("run ansible-playbook")
}

/// The `changed=N` and `failed=N` counts of the localhost line of the play recap.
fn recap(stdout: &str) -> (u32, u32) {
    let line = stdout
        .lines()
        .find(|l| l.starts_with("localhost") && l.contains("changed="))
        .unwrap_or_else(|| panic!("no play recap in ansible's output:\n{stdout}"));
    let count = |key: &str| -> u32 {
        line.split_whitespace()
            .find_map(|w| w.strip_prefix(key))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no {key} in recap line {line}"))
    };
    (count("changed="), count("failed="))
}

#[test]
fn playbook_creates_users_once_and_reports_no_change_the_second_time() {
    let Some(bin) = ansible_playbook() else {
        panic!(
            "ansible-playbook is not on PATH: this test runs examples/ansible with it. \
             Install it: apt-get install -y ansible-core (Debian), or python3 -m pip install ansible-core \
             (.ci/run installs it)"
        );
    };

    let c = support::cluster();
    let env = TestEnv::new();
    let db_dev = support::fresh_db(c, "app");
    let db_qa = support::fresh_db(c, "app");
    env.register(c, "dev", &db_dev);
    env.register(c, "qa", &db_qa);
    let dev = format!("dev/{db_dev}");
    let qa = format!("qa/{db_qa}");
    let dev_user = support::unique("alice");
    let ro_user = support::unique("report_ro");
    let users = serde_json::json!([
        { "kind": "devqa", "name": dev_user, "target": dev },
        { "kind": "devqa", "name": dev_user, "target": qa },
        { "kind": "readonly", "name": ro_user, "target": dev, "args": ["--expires-in", "30d"] },
    ]);
    let secrets = env.dir.path().join("secrets");

    // First run: everything is new.
    let first = run_playbook(&bin, &env, &secrets, &users);
    let out1 = String::from_utf8_lossy(&first.stdout).to_string();
    assert!(
        first.status.success(),
        "first ansible run failed:\n{out1}\n{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let (changed, failed) = recap(&out1);
    assert_eq!(failed, 0, "{out1}");
    // The create task and the password-file task both changed something.
    assert!(
        changed >= 2,
        "first run reported changed={changed}:\n{out1}"
    );
    assert!(out1.contains("user created"), "{out1}");

    // Each new password is in its own 0600 file; the user logs in with it.
    let pw_file = |target: &str, name: &str| {
        secrets.join(format!("{}_{name}.password", target.replace('/', "_")))
    };
    let mut passwords = vec![];
    for (target, db, name) in [
        (&dev, &db_dev, &dev_user),
        (&qa, &db_qa, &dev_user),
        (&dev, &db_dev, &ro_user),
    ] {
        let f = pw_file(target, name);
        let Ok(pw) = std::fs::read_to_string(&f) else {
            // The same role on the second database of the cluster already existed:
            // pgacct set up access there but gave no password (it set none).
            assert_eq!(target, &qa, "no password file {}", f.display());
            continue;
        };
        let pw = pw.trim_end().to_string();
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&f).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{} has mode {mode:o}", f.display());
        let mut cfg = postgres::Config::new();
        cfg.host(&c.host)
            .port(c.port)
            .user(name)
            .password(&pw)
            .dbname(db);
        let mut client = cfg.connect(postgres::NoTls).unwrap_or_else(|e| {
            panic!("{name} cannot log in to {db} with the saved password: {e}")
        });
        client.simple_query("SELECT 1").unwrap();
        passwords.push(pw);
    }
    assert_eq!(passwords.len(), 2, "one password per new role");

    // Second run: nothing to do, and Ansible says so.
    let second = run_playbook(&bin, &env, &secrets, &users);
    let out2 = String::from_utf8_lossy(&second.stdout).to_string();
    assert!(
        second.status.success(),
        "second ansible run failed:\n{out2}\n{}",
        String::from_utf8_lossy(&second.stderr)
    );
    assert_eq!(
        recap(&out2),
        (0, 0),
        "second run changed something:\n{out2}"
    );
    assert!(out2.contains("user already exists"), "{out2}");

    // The roles exist with the kinds asked for (pgacct's own view).
    for (target, name, kind) in [
        (&dev, &dev_user, "devqa"),
        (&qa, &dev_user, "devqa"),
        (&dev, &ro_user, "readonly"),
    ] {
        let out = env
            .cmd()
            .args(["--json", "user", "find", name, "--target", target])
            .output()
            .unwrap();
        assert!(out.status.success(), "{name} not found on {target}");
        // An array of per-target results, one target here.
        let v = support::only_result(&support::json_stdout(&out));
        assert_eq!(v["kind"], kind, "{v}");
    }

    // no_log kept the passwords out of Ansible's output; SCRAM kept them off the server.
    let all = format!(
        "{out1}{}{out2}{}",
        String::from_utf8_lossy(&first.stderr),
        String::from_utf8_lossy(&second.stderr)
    );
    let log = c.log();
    for pw in &passwords {
        assert!(
            !all.contains(pw.as_str()),
            "a password reached Ansible's output"
        );
        assert!(
            !log.contains(pw.as_str()),
            "a password reached the server log"
        );
    }

    // The ticket given to the playbook is in the audit log of each create.
    let csv = env
        .cmd()
        .args([
            "audit",
            "list",
            "--action",
            "user create",
            "--csv",
            "--limit",
            "0",
        ])
        .output()
        .unwrap();
    let csv = String::from_utf8_lossy(&csv.stdout);
    assert!(
        csv.lines()
            .filter(|l| l.contains("CHG-ANSIBLE-TEST"))
            .count()
            >= 6,
        "each create of both runs is audited with the ticket:\n{csv}"
    );
}
