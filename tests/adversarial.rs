//! Adversarial tests: hostile input, protection bypasses and leaks that a review found,
//! each written to fail before its fix.

mod support;

use std::process::Output;
use support::*;

/// A target that points at nothing: enough for checks that must stop before connecting.
fn env_with_unreachable_target() -> TestEnv {
    let env = TestEnv::new();
    env.cmd()
        .args(["registry", "add", "--env", "dev", "--db", "app"])
        .args([
            "--host",
            "127.0.0.1",
            "--port",
            "1",
            "--admin-user",
            "admin",
        ])
        .assert()
        .success();
    env
}

/// Usage error (exit 2), not a panic (exit 101), and the message names the option.
fn assert_usage_error(out: &Output, option: &str) {
    let all = run_text(out);
    assert!(!all.contains("panicked"), "{all}");
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(option),
        "{all}"
    );
}

#[test]
fn expiry_beyond_what_a_timestamp_can_say_is_a_usage_error_not_a_panic() {
    let env = env_with_unreachable_target();
    for huge in ["99999999999d", "500000000y"] {
        let out = env
            .cmd()
            .args(["user", "create", "devqa", "jsmith", "--target", "dev/app"])
            .args(["--dry-run", "--expires-in", huge])
            .output()
            .unwrap();
        assert_usage_error(&out, "expires-in");
        let out = env
            .cmd()
            .args(["user", "reset", "jsmith", "--target", "dev/app"])
            .args(["--dry-run", "--expires-in", huge])
            .output()
            .unwrap();
        assert_usage_error(&out, "expires-in");
    }
}

#[test]
fn audit_list_since_before_the_epoch_lists_everything_instead_of_panicking() {
    let env = env_with_unreachable_target();
    for (flag, n) in [("--since", 1), ("--until", 0)] {
        // The end of the last day RFC 3339 can write: everything until then, nothing
        // since then.
        let out = env
            .cmd()
            .args(["--json", "audit", "list", flag, "9999-12-31"])
            .output()
            .unwrap();
        let all = run_text(&out);
        assert!(out.status.success(), "{all}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect(&all);
        assert_eq!(v.as_array().map(Vec::len), Some(1 - n), "{flag}: {all}");

        let out = env
            .cmd()
            .args(["--json", "audit", "list", flag, "99999999999d"])
            .output()
            .unwrap();
        let all = run_text(&out);
        assert!(out.status.success(), "{all}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect(&all);
        // The registry add above is the one entry: all of it since "before the
        // epoch", none of it until then.
        assert_eq!(v.as_array().map(Vec::len), Some(n), "{flag}: {all}");
    }
}

/// Log in as `user` over TCP (SCRAM) to `db`.
fn login(
    c: &pgacct::cluster::Cluster,
    db: &str,
    user: &str,
    password: &str,
) -> Result<postgres::Client, String> {
    support::login(c, db, user, password).map_err(|e| e.to_string())
}

#[test]
fn a_member_of_a_superuser_role_is_protected_like_a_superuser() {
    // A role that can SET ROLE to a superuser is one: resetting its password (or
    // unlocking it) would hand out superuser access. It is refused by every verb.
    let c = cluster();
    let db = fresh_db(c, "susm");
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let target = format!("dev/{db}");
    let su = unique("hidden_su");
    let mid = unique("ops_group");
    let direct = unique("su_member");
    let indirect = unique("su_member_indirect");
    let pw = "Orig-pw-for-su-members-1";
    let q = postgres_protocol::escape::escape_identifier;
    let mut admin = c.client(&db).expect("connect as superuser");
    admin
        .batch_execute(&format!(
            "CREATE ROLE {su} SUPERUSER NOLOGIN;
             CREATE ROLE {mid} NOLOGIN IN ROLE {su};
             CREATE ROLE {direct} LOGIN PASSWORD '{pw}' IN ROLE {su};
             CREATE ROLE {indirect} LOGIN PASSWORD '{pw}' IN ROLE {mid};",
            su = q(&su),
            mid = q(&mid),
            direct = q(&direct),
            indirect = q(&indirect),
        ))
        .unwrap();
    for role in [&direct, &indirect] {
        for verb in [
            vec!["reset"],
            vec!["lock"],
            vec!["unlock"],
            vec!["revoke"],
            vec!["drop"],
            vec!["search-path", "--schema", "public"],
        ] {
            let out = env
                .cmd()
                .args(["--json", "user", verb[0], role, "--target", &target])
                .args(&verb[1..])
                .output()
                .unwrap();
            let all = run_text(&out);
            assert_eq!(out.status.code(), Some(5), "{verb:?} {role}: {all}");
            assert!(
                String::from_utf8_lossy(&out.stdout).contains(&su),
                "the refusal names the superuser role: {all}"
            );
            assert!(!all.contains("\"password\""), "{all}");
        }
        login(c, &db, role, pw).expect("the original password still works");
    }
    // And `user create` of such an existing name refuses too instead of granting.
    let out = env
        .cmd()
        .args([
            "--json", "user", "create", "devqa", &direct, "--target", &target,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", run_text(&out));
}

#[test]
fn concurrent_drops_of_one_role_drop_it_once_and_the_rest_say_it_is_gone() {
    let c = cluster();
    let db = fresh_db(c, "cdrop");
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let target = format!("dev/{db}");
    for round in 0..3 {
        let role = unique("dropped_once");
        c.client(&db)
            .unwrap()
            .batch_execute(&format!(
                "CREATE ROLE {} LOGIN",
                postgres_protocol::escape::escape_identifier(&role)
            ))
            .unwrap();
        let children: Vec<_> = (0..6)
            .map(|_| {
                let mut cmd = env.std_cmd();
                cmd.args(["--json", "user", "drop", &role, "--target", &target])
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped());
                cmd.spawn().unwrap()
            })
            .collect();
        let mut dropped = 0;
        for child in children {
            let out = child.wait_with_output().unwrap();
            let all = run_text(&out);
            assert_eq!(out.status.code(), Some(0), "round {round}: {all}");
            let v = support::only_result(&support::json_stdout(&out)); // always an array
            if v["changed"] == true {
                assert_eq!(v["status"], "user dropped", "{all}");
                dropped += 1;
            } else {
                assert_eq!(v["status"], "user does not exist", "{all}");
            }
        }
        assert_eq!(dropped, 1, "round {round}: exactly one run dropped {role}");
    }
}

#[test]
fn reset_refuses_a_valid_until_in_the_past_and_a_date_means_the_end_of_that_day() {
    let c = cluster();
    let db = fresh_db(c, "rstvu");
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let target = format!("dev/{db}");
    let role = unique("expiring");
    c.client(&db)
        .unwrap()
        .batch_execute(&format!(
            "CREATE ROLE {role} LOGIN PASSWORD 'x-unchanged-1'"
        ))
        .unwrap();
    // A new password that has expired before it is handed out is refused before
    // anything is sent, as `user create` does.
    let out = env
        .cmd()
        .args(["--json", "user", "reset", &role, "--target", &target])
        .args(["--valid-until", "2020-01-01"])
        .output()
        .unwrap();
    assert_usage_error(&out, "valid-until");
    assert!(
        !run_text(&out).contains("\"password\""),
        "{}",
        run_text(&out)
    );
    login(c, &db, &role, "x-unchanged-1").expect("the old password is untouched");
    // The same help text as create ("valid until this date"): the whole day counts.
    let out = env
        .cmd()
        .args(["--json", "user", "reset", &role, "--target", &target])
        .args(["--valid-until", "2031-03-04", "--dry-run"])
        .output()
        .unwrap();
    let all = run_text(&out);
    assert!(out.status.success(), "{all}");
    let v = support::only_result(&support::json_stdout(&out)); // always an array
    assert_eq!(v["valid_until"], "2031-03-04T23:59:59Z", "{all}");
}

#[test]
fn reset_checks_password_input_like_create_before_touching_anything() {
    let c = cluster();
    let db = fresh_db(c, "rstin");
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let target = format!("dev/{db}");
    let role = unique("stdin_reset");
    c.client(&db)
        .unwrap()
        .batch_execute(&format!(
            "CREATE ROLE {role} LOGIN PASSWORD 'x-unchanged-2'"
        ))
        .unwrap();
    // A terminal escape sequence is no password (create refuses it; reset set it and
    // echoed it raw into the result).
    let out = env
        .cmd()
        .args(["--json", "user", "reset", &role, "--target", &target])
        .arg("--password-stdin")
        .write_stdin("evil\x1b]0;pwned\x07pass-word-1\n")
        .output()
        .unwrap();
    assert_usage_error(&out, "control characters");
    login(c, &db, &role, "x-unchanged-2").expect("the old password is untouched");
    // A length out of range is a usage error before the server is contacted (it was
    // found only after connecting and starting an audit entry).
    let out = env
        .cmd()
        .args(["user", "reset", &role, "--target", &target])
        .args(["--password-length", "5000"])
        .output()
        .unwrap();
    assert_usage_error(&out, "password-length");
    let conn = rusqlite::Connection::open(&env.inventory).unwrap();
    let resets: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'user reset'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(resets, 0, "neither attempt got as far as a target");
}

#[test]
fn a_reset_that_fails_keeps_the_verifier_out_of_the_server_log() {
    // log_statement = 'none' hides the ALTER ROLE ... PASSWORD of a reset, but a failing
    // statement is logged anyway (log_min_error_statement): `user create` turns that off
    // too; reset must as well.
    let c = cluster();
    let db = fresh_db(c, "rstlog");
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let target = format!("dev/{db}");
    let role = unique("blocked_reset");
    let mut blocker = c.client(&db).unwrap();
    blocker
        .batch_execute(&format!("CREATE ROLE {role} LOGIN"))
        .unwrap();
    // Hold the role's catalog row: the reset's ALTER ROLE waits and hits lock_timeout.
    let mut tx = blocker.transaction().unwrap();
    tx.batch_execute(&format!("ALTER ROLE {role} CONNECTION LIMIT 7"))
        .unwrap();
    let out = env
        .cmd()
        .args(["--lock-timeout", "1", "--json", "user", "reset", &role])
        .args(["--target", &target])
        .output()
        .unwrap();
    tx.rollback().unwrap();
    let all = run_text(&out);
    assert_eq!(out.status.code(), Some(1), "the reset failed: {all}");
    assert!(all.contains("55P03"), "lock timeout: {all}");
    let log = c.log();
    let leaked: Vec<&str> = log
        .lines()
        .filter(|l| l.contains(&format!("ALTER ROLE \"{role}\" PASSWORD")))
        .collect();
    assert!(
        leaked.is_empty(),
        "the verifier reached the server log: {leaked:?}"
    );
}

#[test]
fn undo_of_search_path_restores_an_empty_search_path() {
    let c = cluster();
    let db = fresh_db(c, "spempty");
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let target = format!("dev/{db}");
    let role = unique("empty_path");
    let mut admin = c.client(&db).unwrap();
    admin
        .batch_execute(&format!(
            "CREATE ROLE {role} LOGIN; ALTER ROLE {role} IN DATABASE {db} SET search_path = ''"
        ))
        .unwrap();
    let stored = |admin: &mut postgres::Client| -> Vec<String> {
        admin
            .query_one(
                "SELECT COALESCE((SELECT setconfig FROM pg_db_role_setting s
                   JOIN pg_database d ON d.oid = s.setdatabase
                   WHERE s.setrole = $1::text::regrole AND d.datname = $2), '{}')",
                &[&role, &db],
            )
            .unwrap()
            .get(0)
    };
    let before = stored(&mut admin);
    assert_eq!(before, vec!["search_path=\"\"".to_string()]);
    let out = env
        .cmd()
        .args(["--json", "user", "search-path", &role, "--schema", "public"])
        .args(["--target", &target])
        .output()
        .unwrap();
    let all = run_text(&out);
    assert!(out.status.success(), "{all}");
    let v = support::only_result(&support::json_stdout(&out)); // always an array
    let id = v["audit_id"].as_i64().expect(&all).to_string();
    let out = env.cmd().args(["--json", "undo", &id]).output().unwrap();
    assert!(out.status.success(), "{}", run_text(&out));
    assert_eq!(stored(&mut admin), before, "{}", run_text(&out));
}

#[test]
fn notification_hooks_do_not_inherit_the_admin_password() {
    // An exec hook or mail command is an organization's script; the admin password of
    // PGACCT_ADMIN_PASSWORD is none of its business (it may log or forward its env).
    let env = TestEnv::new();
    let dump = env.dir.path().join("hook-env.txt");
    let mail = env.dir.path().join("mail-env.txt");
    env.cmd()
        .args(["notify", "add", "exec", "--command"])
        .arg(format!("env > '{}'", dump.display()))
        .assert()
        .success();
    env.cmd()
        .args([
            "notify",
            "add",
            "email",
            "--to",
            "dba@example.com",
            "--command",
        ])
        .arg(format!("env > '{}'", mail.display()))
        .assert()
        .success();
    let secret = "Adm1n-Pa55word-in-env-9f3c";
    env.cmd()
        .env("PGACCT_ADMIN_PASSWORD", secret)
        .args(["registry", "add", "--env", "dev", "--db", "app"])
        .args(["--host", "127.0.0.1", "--port", "1"])
        .assert()
        .success();
    for f in [&dump, &mail] {
        let seen = std::fs::read_to_string(f).expect("the hook ran");
        assert!(seen.contains("PGACCT_EVENT_ID") || f == &mail, "{seen}");
        assert!(
            !seen.contains(secret),
            "{} got the admin password",
            f.display()
        );
    }
}

#[test]
fn undo_of_a_create_never_drops_a_later_role_of_the_same_name() {
    let c = cluster();
    let db = fresh_db(c, "undocr");
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let target = format!("dev/{db}");
    let create = |name: &str| -> i64 {
        let out = env
            .cmd()
            .args([
                "--json", "user", "create", "devqa", name, "--target", &target,
            ])
            .output()
            .unwrap();
        let all = run_text(&out);
        assert!(out.status.success(), "{all}");
        let v = support::only_result(&support::json_stdout(&out)); // always an array
        assert_eq!(v["status"], "user created", "{all}");
        v["audit_id"].as_i64().unwrap()
    };
    let exists = |name: &str| -> bool {
        c.client(&db)
            .unwrap()
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)",
                &[&name],
            )
            .unwrap()
            .get(0)
    };

    // 1. The role pgacct created was dropped by hand and someone made a new one of that
    //    name by hand: the undo of the old create must not drop the new role.
    let by_hand = unique("recreated_by_hand");
    let first = create(&by_hand);
    c.client(&db)
        .unwrap()
        .batch_execute(&format!(
            "DROP ROLE {by_hand}; CREATE ROLE {by_hand} LOGIN PASSWORD 'someone-elses-1'"
        ))
        .unwrap();
    let out = env
        .cmd()
        .args(["--json", "undo", &first.to_string()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", run_text(&out));
    assert!(exists(&by_hand), "undo dropped a role it never created");

    // 2. Dropped and created again through pgacct: the later create is the one to undo.
    let again = unique("recreated_by_pgacct");
    let first = create(&again);
    let out = env
        .cmd()
        .args(["--json", "user", "revoke", &again, "--target", &target])
        .output()
        .unwrap();
    let all = run_text(&out);
    let revoke = support::only_result(&support::json_stdout(&out)); // always an array
    assert_eq!(revoke["changed"], true, "{all}");
    env.cmd()
        .args(["user", "drop", &again, "--target", &target])
        .assert()
        .success();
    let second = create(&again);
    // Granting the old role's access back to the new one is refused as well.
    let out = env
        .cmd()
        .args(["--json", "undo", &revoke["audit_id"].to_string()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", run_text(&out));
    let out = env
        .cmd()
        .args(["--json", "undo", &first.to_string()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", run_text(&out));
    assert!(
        run_text(&out).contains(&second.to_string()),
        "{}",
        run_text(&out)
    );
    assert!(
        exists(&again),
        "undo of the first create dropped the second's role"
    );
    // The later entry's undo still works.
    env.cmd()
        .args(["undo", &second.to_string()])
        .assert()
        .success();
    assert!(!exists(&again));
}

#[test]
fn pgacct_group_roles_are_not_users_and_no_user_verb_touches_them() {
    // The per-database group roles carry every user's privileges: `user revoke` or
    // `user drop` on one strips all users of that level, `user unlock` + `user reset`
    // turn it into a login with those privileges.
    let c = cluster();
    let db = fresh_db(c, "grpprot");
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let target = format!("dev/{db}");
    let user = unique("reader");
    let out = env
        .cmd()
        .args([
            "--json", "user", "create", "readonly", &user, "--target", &target,
        ])
        .output()
        .unwrap();
    let all = run_text(&out);
    assert!(out.status.success(), "{all}");
    let v = support::only_result(&support::json_stdout(&out)); // always an array
    let group = v["groups"][0].as_str().expect(&all).to_string();
    let acl = |c: &pgacct::cluster::Cluster| -> String {
        c.client(&db)
            .unwrap()
            .query_one(
                "SELECT COALESCE(n.nspacl::text, '') || (SELECT rolcanlogin::text FROM pg_roles WHERE rolname = $1)
                 FROM pg_namespace n WHERE n.nspname = 'public'",
                &[&group],
            )
            .unwrap()
            .get(0)
    };
    let before = acl(c);
    for verb in [
        vec!["revoke"],
        vec!["unlock"],
        vec!["lock"],
        vec!["reset"],
        vec!["drop", "--reassign-to", &c.superuser],
        vec!["search-path", "--schema", "public"],
    ] {
        let out = env
            .cmd()
            .args(["--json", "user", verb[0], &group, "--target", &target])
            .args(&verb[1..])
            .output()
            .unwrap();
        let all = run_text(&out);
        assert_eq!(out.status.code(), Some(5), "{verb:?}: {all}");
        assert!(all.contains("group role"), "{all}");
    }
    let out = env
        .cmd()
        .args([
            "--json", "user", "create", "readonly", &group, "--target", &target,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", run_text(&out));
    assert_eq!(
        acl(c),
        before,
        "the group's grants and NOLOGIN are untouched"
    );
}

#[test]
fn registry_add_replace_never_drops_a_targets_protection_silently() {
    let env = TestEnv::new();
    let add = |extra: &[&str]| {
        env.cmd()
            .args(["--json", "registry", "add", "--env", "qa", "--db", "app"])
            .args(["--host", "127.0.0.1", "--port", "1"])
            .args(extra)
            .output()
            .unwrap()
    };
    let protected = || -> bool {
        let out = env
            .cmd()
            .args(["--json", "registry", "show", "qa/app"])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["protected"].as_bool().unwrap()
    };
    assert!(add(&["--protected"]).status.success());
    assert!(protected());
    // Changing a protected target needs --yes (one rule), and keeps the protection.
    let out = add(&["--replace", "--notes", "moved"]);
    assert_eq!(out.status.code(), Some(5), "{}", run_text(&out));
    let out = add(&["--replace", "--notes", "moved", "--yes"]);
    assert!(out.status.success(), "{}", run_text(&out));
    assert!(protected(), "a plain --replace unprotected the target");
    // Taking it away is a guarded act, like removing the target.
    let out = add(&["--replace", "--no-protected", "--notes", "moved"]);
    assert_eq!(out.status.code(), Some(5), "{}", run_text(&out));
    assert!(protected());
    let out = add(&["--replace", "--no-protected", "--notes", "moved", "--yes"]);
    assert!(out.status.success(), "{}", run_text(&out));
    assert!(!protected());
    // The refusal is in the audit log.
    let conn = rusqlite::Connection::open(&env.inventory).unwrap();
    let refused: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'registry add' AND outcome = 'refused'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(refused, 2);
}

#[test]
fn reset_with_an_unwritable_password_file_changes_nothing() {
    // The new password must never be set when it cannot be delivered: the old one would
    // stop working and nobody would know the new one.
    let c = cluster();
    let db = fresh_db(c, "rstpf");
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let target = format!("dev/{db}");
    let role = unique("pwfile_reset");
    c.client(&db)
        .unwrap()
        .batch_execute(&format!(
            "CREATE ROLE {role} LOGIN PASSWORD 'x-unchanged-3'"
        ))
        .unwrap();
    let file = env.dir.path().join("no-such-dir").join("pw.txt");
    let out = env
        .cmd()
        .args(["--json", "user", "reset", &role, "--target", &target])
        .arg("--password-file")
        .arg(&file)
        .output()
        .unwrap();
    let all = run_text(&out);
    assert_ne!(out.status.code(), Some(0), "{all}");
    assert!(all.contains("password-file"), "{all}");
    login(c, &db, &role, "x-unchanged-3").expect("the old password still works");
    // A writable path: the file is created with the new password, which works.
    let file = env.dir.path().join("pw.txt");
    let out = env
        .cmd()
        .args(["--json", "user", "reset", &role, "--target", &target])
        .arg("--password-file")
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", run_text(&out));
    let pw = std::fs::read_to_string(&file).unwrap();
    login(c, &db, &role, pw.trim_end()).expect("the new password from the file works");
    // A missing role: no password, and the file made for it is removed again.
    let file = env.dir.path().join("pw-missing.txt");
    let out = env
        .cmd()
        .args([
            "--json",
            "user",
            "reset",
            "no_such_role_here",
            "--target",
            &target,
        ])
        .arg("--password-file")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", run_text(&out));
    assert!(!file.exists(), "an empty password file was left behind");
}

#[test]
fn revoke_is_honest_about_grants_made_by_another_grantor() {
    // gvictim's SELECT was granted by gmid (holding the grant option), not by the owner.
    // The admin's REVOKE acts as the owner and leaves gmid's grant in place: revoke must
    // not report it revoked (it did, with changed:true on every run) nor grant it back
    // as the owner on undo.
    let c = cluster();
    let db = fresh_db(c, "rvkgr");
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let target = format!("dev/{db}");
    let owner = unique("gowner");
    let mid = unique("gmid");
    let victim = unique("gvictim");
    let mut admin = c.client(&db).unwrap();
    admin
        .batch_execute(&format!(
            "CREATE ROLE {owner}; CREATE ROLE {mid}; CREATE ROLE {victim} LOGIN;
             CREATE SCHEMA gs AUTHORIZATION {owner};
             CREATE TABLE gs.t (a int); ALTER TABLE gs.t OWNER TO {owner};
             GRANT USAGE ON SCHEMA gs TO {mid}, {victim};
             GRANT SELECT ON gs.t TO {mid} WITH GRANT OPTION;
             SET ROLE {mid}; GRANT SELECT ON gs.t TO {victim}; RESET ROLE;"
        ))
        .unwrap();
    let acl = |admin: &mut postgres::Client| -> String {
        admin
            .query_one(
                "SELECT relacl::text FROM pg_class WHERE oid = 'gs.t'::regclass",
                &[],
            )
            .unwrap()
            .get(0)
    };
    let before = acl(&mut admin);
    let revoke = || {
        let out = env
            .cmd()
            .args(["--json", "user", "revoke", &victim, "--target", &target])
            .output()
            .unwrap();
        let all = run_text(&out);
        assert!(out.status.success(), "{all}");
        let v = support::only_result(&support::json_stdout(&out)); // always an array
        v
    };
    let first = revoke();
    let revoked = first["revoked"]["privileges"].to_string();
    assert!(revoked.contains("USAGE on schema gs"), "{first}");
    assert!(
        !revoked.contains("gs.t"),
        "reported revoked but still held: {first}"
    );
    let remaining = first["remaining_privileges"].to_string();
    assert!(remaining.contains(&mid), "the grantor is named: {first}");
    // Idempotent: nothing left that this admin's REVOKE can remove.
    let second = revoke();
    assert_eq!(second["changed"], false, "{second}");
    // Undo grants back only the schema USAGE; the table's ACL is as before.
    let out = env
        .cmd()
        .args(["--json", "undo", &first["audit_id"].to_string()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", run_text(&out));
    assert_eq!(acl(&mut admin), before);
}

#[test]
fn password_file_force_does_not_follow_a_planted_symlink() {
    // `--force` overwrites a file; it must not write through a symlink someone planted
    // at that path (in a shared directory) onto another file, nor chmod that file.
    use std::os::unix::fs::PermissionsExt;
    let env = env_with_unreachable_target();
    let victim = env.dir.path().join("victim.conf");
    std::fs::write(&victim, "keep me\n").unwrap();
    std::fs::set_permissions(&victim, std::fs::Permissions::from_mode(0o644)).unwrap();
    let link = env.dir.path().join("pw.txt");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    for verb in [
        vec!["user", "create", "devqa", "jsmith"],
        vec!["user", "reset", "jsmith"],
    ] {
        let out = env
            .cmd()
            .args(&verb)
            .args(["--target", "dev/app", "--force", "--password-file"])
            .arg(&link)
            .output()
            .unwrap();
        let all = run_text(&out);
        assert!(!out.status.success(), "{all}");
        assert!(all.contains("password-file"), "{verb:?}: {all}");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me\n");
        let mode = std::fs::metadata(&victim).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode, 0o644,
            "{verb:?} changed the mode of the symlink's target"
        );
    }
}

#[test]
fn create_grants_nothing_in_system_schemas() {
    // `--schema pg_catalog` planned GRANT SELECT ON ALL TABLES (pg_authid: every
    // password verifier) to the read group, INSERT/UPDATE/DELETE (UPDATE pg_authid SET
    // rolsuper) to the write group and CREATE on the schema to the owner group.
    let c = cluster();
    let db = fresh_db(c, "sysschema");
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let target = format!("dev/{db}");
    for schema in ["pg_catalog", "information_schema", "pg_toast"] {
        for kind in ["readonly", "devqa", "devlead"] {
            let role = unique("sys_schema_user");
            let out = env
                .cmd()
                .args(["--json", "user", "create", kind, &role, "--target", &target])
                .args(["--schema", "public", "--schema", schema])
                .output()
                .unwrap();
            assert_usage_error(&out, schema);
            let exists: bool = c
                .client(&db)
                .unwrap()
                .query_one(
                    "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)",
                    &[&role],
                )
                .unwrap()
                .get(0);
            assert!(!exists, "{role} was created");
        }
    }
    let acl: Option<String> = c
        .client(&db)
        .unwrap()
        .query_one(
            "SELECT relacl::text FROM pg_class WHERE oid = 'pg_catalog.pg_authid'::regclass",
            &[],
        )
        .unwrap()
        .get(0);
    let acl = acl.unwrap_or_default();
    assert!(
        !acl.contains("pgacct_"),
        "pg_authid was granted to a group: {acl}"
    );
}

#[test]
fn undo_refuses_an_audit_entry_that_was_edited() {
    // The audit log is tamper-evident; undo runs SQL from an entry (role, target, what
    // was revoked), so it must not act on one that was changed after it was written.
    let c = cluster();
    let db = fresh_db(c, "undotamper");
    let env = TestEnv::new();
    env.register(c, "dev", &db);
    let target = format!("dev/{db}");
    let locked = unique("locked_by_pgacct");
    let kept = unique("locked_on_purpose");
    c.client(&db)
        .unwrap()
        .batch_execute(&format!(
            "CREATE ROLE {locked} LOGIN; CREATE ROLE {kept} NOLOGIN"
        ))
        .unwrap();
    let out = env
        .cmd()
        .args(["--json", "user", "lock", &locked, "--target", &target])
        .output()
        .unwrap();
    let all = run_text(&out);
    assert!(out.status.success(), "{all}");
    let v = support::only_result(&support::json_stdout(&out)); // always an array
    let id = v["audit_id"].as_i64().unwrap();
    // Redirect the entry to a role that was locked on purpose.
    let conn = rusqlite::Connection::open(&env.inventory).unwrap();
    conn.execute(
        "UPDATE audit_log SET role = ?1 WHERE id = ?2",
        rusqlite::params![kept, id],
    )
    .unwrap();
    drop(conn);
    let out = env
        .cmd()
        .args(["--json", "undo", &id.to_string()])
        .output()
        .unwrap();
    let all = run_text(&out);
    assert_eq!(out.status.code(), Some(5), "{all}");
    assert!(all.contains("hash check"), "{all}");
    let can_login: bool = c
        .client(&db)
        .unwrap()
        .query_one(
            "SELECT rolcanlogin FROM pg_roles WHERE rolname = $1",
            &[&kept],
        )
        .unwrap()
        .get(0);
    assert!(!can_login, "undo unlocked a role the entry never locked");
}
