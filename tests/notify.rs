//! Notifications as operators rely on them: the JSON Slack and Webex receive (token from
//! the named env var, never stored), exec and email hooks get the event, filters choose
//! events, and a dead endpoint gives a warning, exit 0 and a `notify` audit row.

mod support;

use support::{pgacct_at as pgacct, temp_inventory as inventory};

use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

struct Request {
    head: String,
    body: Value,
}

/// Read one HTTP request and answer 200.
fn handle<S: Read + Write>(s: &mut S) -> Option<Request> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        match s.read(&mut chunk) {
            Ok(0) | Err(_) => return None,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let len: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().parse().unwrap())
        })
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < len {
        let n = s.read(&mut chunk).ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    let _ = s.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
    let body = serde_json::from_slice(&body).unwrap_or(Value::Null);
    Some(Request { head, body })
}

/// A webhook receiver on 127.0.0.1 answering 200 to every POST, handing each request
/// to the test.
fn receiver() -> (u16, mpsc::Receiver<Request>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut s) = conn else { continue };
            if let Some(r) = handle(&mut s) {
                if tx.send(r).is_err() {
                    return;
                }
            }
        }
    });
    (port, rx)
}

/// Wait for the next request (the bound only keeps a broken build from hanging).
fn next(rx: &mpsc::Receiver<Request>) -> Request {
    rx.recv_timeout(Duration::from_secs(30))
        .expect("the webhook receiver got no request")
}

fn audit_rows(inv: &Path) -> Vec<Value> {
    let conn = rusqlite::Connection::open(inv).unwrap();
    let mut st = conn
        .prepare("SELECT id, entry_id, action, outcome, error, detail FROM audit_log ORDER BY id")
        .unwrap();
    st.query_map([], |r| {
        Ok(serde_json::json!({
            "id": r.get::<_, i64>(0)?,
            "entry_id": r.get::<_, Option<i64>>(1)?,
            "action": r.get::<_, String>(2)?,
            "outcome": r.get::<_, String>(3)?,
            "error": r.get::<_, Option<String>>(4)?,
            "detail": r.get::<_, Option<String>>(5)?,
        }))
    })
    .unwrap()
    .map(|r| r.unwrap())
    .collect()
}

#[test]
fn slack_gets_a_text_message_saying_who_did_what() {
    let (_d, inv) = inventory();
    let (port, rx) = receiver();
    let url = format!("http://127.0.0.1:{port}/services/T000/B000/very-secret-path");
    pgacct(&inv)
        .env("PGACCT_ACTOR", "release-bot")
        .args(["notify", "add", "slack", "--url", &url])
        .assert()
        .success();
    // The new channel is announced, to itself too.
    let add = next(&rx);
    assert!(
        add.head
            .starts_with("POST /services/T000/B000/very-secret-path HTTP/1.1\r\n"),
        "{}",
        add.head
    );
    assert!(
        add.head
            .to_ascii_lowercase()
            .contains("content-type: application/json")
    );
    let text = add.body["text"].as_str().unwrap();
    assert!(text.starts_with("pgacct: release-bot (OS user "), "{text}");
    assert!(
        text.contains("notify add") && text.contains(": changed"),
        "{text}"
    );
    assert_eq!(
        add.body.as_object().unwrap().len(),
        1,
        "Slack gets only text"
    );

    let out = pgacct(&inv)
        .args(["--json", "notify", "test"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!(v["deliveries"][0]["delivered"], true);
    let test = next(&rx);
    let text = test.body["text"].as_str().unwrap();
    assert!(text.contains("notify test"), "{text}");
    assert!(
        text.ends_with(&format!("(audit #{})", v["audit_id"])),
        "{text}"
    );

    // The webhook path is a credential: listings and the audit log show only the host.
    let list = pgacct(&inv)
        .args(["--json", "notify", "list"])
        .output()
        .unwrap();
    let list = String::from_utf8_lossy(&list.stdout);
    assert!(list.contains("http://127.0.0.1"), "{list}");
    assert!(!list.contains("very-secret-path"), "{list}");
    for r in audit_rows(&inv) {
        assert!(!r.to_string().contains("very-secret-path"), "{r}");
    }
}

#[test]
fn webex_gets_room_and_text_with_the_bearer_token_from_the_named_variable() {
    let (_d, inv) = inventory();
    let (port, rx) = receiver();
    let url = format!("http://127.0.0.1:{port}/v1/messages");
    pgacct(&inv)
        .env("PGACCT_TEST_WEBEX", "tok-SECRET-123")
        .args([
            "notify",
            "add",
            "webex",
            "--url",
            &url,
            "--room-id",
            "room-42",
        ])
        .args([
            "--token-env",
            "PGACCT_TEST_WEBEX",
            "--action",
            "notify test",
        ])
        .assert()
        .success();
    pgacct(&inv)
        .env("PGACCT_TEST_WEBEX", "tok-SECRET-123")
        .args(["notify", "test"])
        .assert()
        .success();
    // Only the test event: the channel's filter keeps the `notify add` event away.
    let r = next(&rx);
    assert!(
        r.head.starts_with("POST /v1/messages HTTP/1.1"),
        "{}",
        r.head
    );
    assert!(
        r.head.contains("\r\nAuthorization: Bearer tok-SECRET-123"),
        "{}",
        r.head
    );
    assert_eq!(r.body["roomId"], "room-42");
    assert!(r.body["text"].as_str().unwrap().contains("notify test"));
    assert!(rx.try_recv().is_err(), "no other event passed the filter");
    // The token is read at delivery time and never stored.
    let bytes = std::fs::read(&inv).unwrap();
    let wal = std::fs::read(inv.with_extension("db-wal")).unwrap_or_default();
    let needle = b"tok-SECRET-123";
    for b in [&bytes, &wal] {
        assert!(
            !b.windows(needle.len()).any(|w| w == needle),
            "token stored"
        );
    }
    // Without the variable the delivery fails, the command says why and records it.
    let out = pgacct(&inv)
        .env_remove("PGACCT_TEST_WEBEX")
        .args(["notify", "test"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("PGACCT_TEST_WEBEX") && stderr.contains("not set"),
        "{stderr}"
    );
}

#[test]
fn an_exec_hook_gets_the_event_as_json_and_an_email_command_a_message() {
    let (dir, inv) = inventory();
    let event_file = dir.path().join("event.json");
    let mail_file = dir.path().join("mail.txt");
    pgacct(&inv)
        .args(["notify", "add", "exec", "--command"])
        .arg(format!("cat > '{}'", event_file.display()))
        .args(["--action", "audit reads"])
        .assert()
        .success();
    assert!(
        !event_file.exists(),
        "the filter kept the notify add event away"
    );
    pgacct(&inv)
        .args([
            "notify",
            "add",
            "email",
            "--to",
            "dba@example.com",
            "--command",
        ])
        .arg(format!("cat > '{}'", mail_file.display()))
        .args(["--action", "audit reads"])
        .assert()
        .success();
    pgacct(&inv)
        .env("PGACCT_ACTOR", "ann")
        .args(["audit", "reads", "off"])
        .assert()
        .success();
    let ev: Value = serde_json::from_str(&std::fs::read_to_string(&event_file).unwrap()).unwrap();
    assert_eq!(ev["source"], "pgacct");
    assert_eq!(ev["action"], "audit reads");
    assert_eq!(ev["actor"], "ann");
    assert_eq!(ev["outcome"], "changed");
    let id = ev["id"].as_i64().unwrap();
    assert!(
        ev["text"]
            .as_str()
            .unwrap()
            .contains(&format!("(audit #{id})"))
    );
    let mail = std::fs::read_to_string(&mail_file).unwrap();
    assert!(
        mail.starts_with("To: dba@example.com\nSubject: [pgacct] audit reads: changed\n"),
        "{mail}"
    );
    assert!(mail.contains(&format!("X-Pgacct-Entry: {id}\n")), "{mail}");
    assert!(mail.contains("\n\npgacct: ann"), "{mail}");
}

#[test]
fn a_failing_hook_is_a_warning_and_an_audit_row_not_a_failure() {
    let (_d, inv) = inventory();
    let out = pgacct(&inv)
        .args([
            "notify",
            "add",
            "exec",
            "--command",
            "echo hook broke >&2; exit 3",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "the operation itself succeeded");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: notification to channel 1"),
        "{stderr}"
    );
    assert!(
        stderr.contains("exited with status 3: hook broke"),
        "{stderr}"
    );
    let rows = audit_rows(&inv);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[1]["action"], "notify");
    assert_eq!(rows[1]["outcome"], "failed");
    assert_eq!(rows[1]["entry_id"], rows[0]["id"]);
}

#[test]
fn an_unreachable_webhook_warns_within_its_timeout_and_the_operation_succeeds() {
    let (_d, inv) = inventory();
    // A listener that accepts connections (kernel backlog) and never answers.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let out = pgacct(&inv)
        .args(["notify", "add", "slack", "--timeout", "1", "--url"])
        .arg(format!("http://127.0.0.1:{port}/hook"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: notification to channel 1 (slack"),
        "{stderr}"
    );
    assert!(stderr.contains("did not answer in time"), "{stderr}");
    // A port where nothing listens.
    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let out = pgacct(&inv)
        .args(["notify", "add", "slack", "--timeout", "1", "--url"])
        .arg(format!("http://127.0.0.1:{closed}/hook"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot connect to 127.0.0.1"), "{stderr}");
    drop(silent);
    // A server that hangs up at once.
    let rude = TcpListener::bind("127.0.0.1:0").unwrap();
    let rude_port = rude.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for c in rude.incoming() {
            drop(c);
        }
    });
    let out = pgacct(&inv)
        .args(["notify", "add", "slack", "--timeout", "1", "--url"])
        .arg(format!("http://127.0.0.1:{rude_port}/hook"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "no SIGPIPE, no failure");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: notification to channel 3"),
        "{stderr}"
    );

    // Each failed delivery is recorded against the entry it was about.
    let rows = audit_rows(&inv);
    let failed: Vec<&Value> = rows.iter().filter(|r| r["action"] == "notify").collect();
    assert!(failed.len() >= 3, "{rows:?}");
    assert!(
        failed
            .iter()
            .all(|r| r["outcome"] == "failed" && r["error"].is_string())
    );
    let first_add = rows.iter().find(|r| r["action"] == "notify add").unwrap();
    assert_eq!(failed[0]["entry_id"], first_add["id"]);
    let out = pgacct(&inv)
        .args(["--json", "audit", "show"])
        .arg(first_add["id"].to_string())
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v["related"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["relation"] == "notification delivery"),
        "{v}"
    );
    // Delivery rows are not attempts of their own in the list, and the chain holds.
    let out = pgacct(&inv)
        .args(["--json", "audit", "list"])
        .output()
        .unwrap();
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(list.iter().all(|r| r["action"] != "notify"));
    assert!(list.iter().all(|r| r["outcome"] == "changed"), "{list:?}");
    pgacct(&inv).args(["audit", "verify"]).assert().success();
}

#[test]
fn removing_a_channel_is_audited_and_unknown_ids_are_not_found() {
    let (_d, inv) = inventory();
    pgacct(&inv)
        .args(["notify", "add", "exec", "--command", "true"])
        .assert()
        .success();
    pgacct(&inv)
        .args(["notify", "remove", "1"])
        .assert()
        .success();
    pgacct(&inv)
        .args(["notify", "remove", "1"])
        .assert()
        .code(3);
    let out = pgacct(&inv)
        .args(["--json", "notify", "list"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v, serde_json::json!([]));
    let actions: Vec<String> = audit_rows(&inv)
        .iter()
        .map(|r| r["action"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(actions, vec!["notify add", "notify remove"]);
}

#[test]
fn channel_options_are_checked_before_anything_is_stored() {
    let (_d, inv) = inventory();
    for args in [
        vec!["slack"],
        vec!["slack", "--url", "ftp://x/"],
        vec!["webex", "--room-id", "r", "--token-env", "not a name"],
        vec!["webex", "--room-id", "r"],
        vec!["email", "--to", "nobody"],
        vec!["exec"],
        vec!["exec", "--command", "true", "--url", "http://x/"],
    ] {
        pgacct(&inv)
            .args(["notify", "add"])
            .args(&args)
            .assert()
            .code(2);
    }
    let rows = if inv.exists() {
        audit_rows(&inv)
    } else {
        vec![]
    };
    assert!(rows.is_empty(), "{rows:?}");
}

/// A self-signed certificate for `localhost` and its key, as PEM files in `dir`.
fn self_signed(
    dir: &Path,
) -> (
    PathBuf,
    openssl::x509::X509,
    openssl::pkey::PKey<openssl::pkey::Private>,
) {
    use openssl::asn1::Asn1Time;
    use openssl::bn::BigNum;
    use openssl::ec::{EcGroup, EcKey};
    use openssl::hash::MessageDigest;
    use openssl::nid::Nid;
    use openssl::pkey::PKey;
    use openssl::x509::extension::{BasicConstraints, SubjectAlternativeName};
    use openssl::x509::{X509, X509NameBuilder};
    let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
    let key = PKey::from_ec_key(EcKey::generate(&group).unwrap()).unwrap();
    let mut name = X509NameBuilder::new().unwrap();
    name.append_entry_by_text("CN", "localhost").unwrap();
    let name = name.build();
    let mut b = X509::builder().unwrap();
    b.set_version(2).unwrap();
    b.set_serial_number(&BigNum::from_u32(1).unwrap().to_asn1_integer().unwrap())
        .unwrap();
    b.set_subject_name(&name).unwrap();
    b.set_issuer_name(&name).unwrap();
    b.set_pubkey(&key).unwrap();
    b.set_not_before(&Asn1Time::days_from_now(0).unwrap())
        .unwrap();
    b.set_not_after(&Asn1Time::days_from_now(1).unwrap())
        .unwrap();
    b.append_extension(BasicConstraints::new().critical().ca().build().unwrap())
        .unwrap();
    let san = SubjectAlternativeName::new()
        .dns("localhost")
        .build(&b.x509v3_context(None, None))
        .unwrap();
    b.append_extension(san).unwrap();
    b.sign(&key, MessageDigest::sha256()).unwrap();
    let cert = b.build();
    let path = dir.join("ca.pem");
    std::fs::write(&path, cert.to_pem().unwrap()).unwrap();
    (path, cert, key)
}

#[test]
fn https_webhooks_verify_the_server_certificate() {
    let (dir, inv) = inventory();
    let (ca, cert, key) = self_signed(dir.path());
    let mut acceptor =
        openssl::ssl::SslAcceptor::mozilla_intermediate_v5(openssl::ssl::SslMethod::tls()).unwrap();
    acceptor.set_private_key(&key).unwrap();
    acceptor.set_certificate(&cert).unwrap();
    let acceptor = acceptor.build();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(s) = conn else { continue };
            // A client that rejects the certificate ends the handshake here.
            let Ok(mut tls) = acceptor.accept(s) else {
                continue;
            };
            if let Some(r) = handle(&mut tls) {
                if tx.send(r).is_err() {
                    return;
                }
            }
        }
    });
    let url = format!("https://localhost:{port}/services/T/B/X");
    // Trusting the test CA (OpenSSL reads SSL_CERT_FILE): delivered over TLS.
    let out = pgacct(&inv)
        .env("SSL_CERT_FILE", &ca)
        .args(["notify", "add", "slack", "--url", &url])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("warning"), "{stderr}");
    let r = next(&rx);
    assert!(
        r.head.starts_with("POST /services/T/B/X HTTP/1.1"),
        "{}",
        r.head
    );
    assert!(r.body["text"].as_str().unwrap().contains("notify add"));
    // Without it, the self-signed certificate is refused and nothing is sent.
    let empty = dir.path().join("no-ca.pem");
    std::fs::write(&empty, "").unwrap();
    let out = pgacct(&inv)
        .env("SSL_CERT_FILE", &empty)
        .env("SSL_CERT_DIR", dir.path().join("none"))
        .args(["notify", "test"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("TLS handshake with localhost:{port} failed")),
        "{stderr}"
    );
    assert!(stderr.contains("certificate verify failed"), "{stderr}");
    assert!(
        rx.try_recv().is_err(),
        "nothing reached the untrusted server"
    );
}

#[test]
fn a_user_create_on_a_real_server_notifies_who_what_where_and_never_the_password() {
    let c = support::cluster();
    let db = support::fresh_db(c, "notify");
    let env = support::TestEnv::new();
    env.register(c, "dev", &db);
    let events = env.dir.path().join("events.jsonl");
    env.cmd()
        .args([
            "notify",
            "add",
            "exec",
            "--action",
            "user create",
            "--command",
        ])
        .arg(format!(
            "cat >> '{}'; echo >> '{}'",
            events.display(),
            events.display()
        ))
        .assert()
        .success();
    let out = env
        .cmd()
        .env("PGACCT_ACTOR", "onboarding-bot")
        .args(["--json", "user", "create", "devqa", "notify_qa", "--target"])
        .arg(format!("dev/{db}"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let r = if r.is_array() { r[0].clone() } else { r };
    let password = r["password"]
        .as_str()
        .expect("the new password, printed once");
    let username = r["username"].as_str().unwrap();
    let text = std::fs::read_to_string(&events).unwrap();
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one event for one attempt: {text}");
    let ev: Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(ev["action"], "user create");
    assert_eq!(ev["actor"], "onboarding-bot");
    assert_eq!(ev["role"], username);
    assert_eq!(ev["kind"], "devqa");
    assert_eq!(ev["env"], "dev");
    assert_eq!(ev["database"], db.as_str());
    assert_eq!(ev["server"], format!("{}:{}", c.host, c.port));
    assert_eq!(ev["outcome"], "changed");
    assert!(
        ev["completion_id"].is_i64(),
        "sent after the attempt completed: {ev}"
    );
    let msg = ev["text"].as_str().unwrap();
    assert!(
        msg.contains(&format!("user create role {username} (devqa) on dev/{db}")),
        "{msg}"
    );
    assert!(
        !text.contains(password),
        "the password reached a notification"
    );
    assert!(
        !text.contains("SCRAM-SHA-256$"),
        "a verifier reached a notification"
    );
}

#[test]
fn registry_changes_notify_their_channels() {
    let (dir, inv) = inventory();
    let event_file = dir.path().join("events.jsonl");
    pgacct(&inv)
        .args(["notify", "add", "exec", "--command"])
        .arg(format!(
            "cat >> '{}'; echo >> '{}'",
            event_file.display(),
            event_file.display()
        ))
        .args(["--env", "qa"])
        .assert()
        .success();
    pgacct(&inv)
        .args([
            "registry", "add", "--env", "qa", "--db", "app", "--host", "pg-qa-01",
        ])
        .assert()
        .success();
    pgacct(&inv)
        .args(["registry", "disable", "qa/app"])
        .assert()
        .success();
    pgacct(&inv)
        .args([
            "registry",
            "add",
            "--env",
            "dev",
            "--db",
            "app",
            "--host",
            "pg-dev-01",
        ])
        .assert()
        .success();
    let text = std::fs::read_to_string(&event_file).unwrap();
    let events: Vec<Value> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let actions: Vec<&str> = events
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["registry add", "registry disable"],
        "the env filter keeps dev out"
    );
    assert!(events.iter().all(|e| e["env"] == "qa"));
}
