//! Notifications after an audited attempt: Slack, Webex, email (sendmail-style), exec hook.
//!
//! Channels live in the inventory (`notify_channels`, JSON config). A message is built
//! from the audit entry only (which never holds a password or verifier) and says who did
//! what to which role on which target, with the outcome. Delivery is best effort with a
//! short timeout: a failed delivery never fails or undoes the operation; it becomes a
//! warning on stderr and a follow-up audit row (`action = "notify"`, `entry_id` = the
//! attempt, outcome `failed`). HTTP is a minimal HTTP/1.1 POST over std `TcpStream`,
//! wrapped in OpenSSL (peer and host name verified) for `https://`.

use crate::context::Context;
use crate::error::{Error, Result};
use crate::inventory::Inventory;
use crate::inventory::audit::{Attempt, NOTIFY_ACTION, Outcome, Record};
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The Webex messages API, used when a webex channel gives no `--url`.
pub const WEBEX_API: &str = "https://webexapis.com/v1/messages";
/// The default email command: reads the message (with its headers) on stdin.
pub const DEFAULT_SENDMAIL: &str = "sendmail -t";

/// Which entries a channel wants. Empty lists match everything, except that reads are
/// only sent when `outcomes` names `read`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    #[serde(default)]
    pub actions: Vec<String>,
    #[serde(default)]
    pub envs: Vec<String>,
    #[serde(default)]
    pub outcomes: Vec<String>,
}

impl Filter {
    pub fn matches(&self, a: &Attempt) -> bool {
        let env_ok = self.envs.is_empty()
            || a.env
                .as_ref()
                .is_some_and(|e| self.envs.iter().any(|x| x == e));
        let action_ok = self.actions.is_empty() || self.actions.contains(&a.action);
        let outcome_ok = if self.outcomes.is_empty() {
            !a.is_read && a.outcome != Outcome::Read.as_str()
        } else {
            self.outcomes.contains(&a.outcome)
        };
        env_ok && action_ok && outcome_ok
    }
}

/// A channel's configuration as stored (JSON). Holds no secret: the Webex token is read
/// from the environment variable `token_env` names, at delivery time.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_env: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub to: Vec<String>,
    #[serde(default = "default_timeout")]
    pub timeout_secs: u64,
    #[serde(default)]
    pub filter: Filter,
}

fn default_timeout() -> u64 {
    5
}

/// A stored channel.
#[derive(Debug, Clone, Serialize)]
pub struct Channel {
    pub id: i64,
    /// `slack`, `webex`, `email` or `exec`.
    pub kind: String,
    #[serde(skip)]
    pub config: ChannelConfig,
    pub created_at: String,
}

impl Channel {
    /// Where messages go, with the secret part of webhook URLs left out.
    pub fn destination(&self) -> String {
        let c = &self.config;
        match self.kind.as_str() {
            "slack" => redact_url(c.url.as_deref().unwrap_or("")),
            "webex" => format!(
                "room {} via {} (token from ${})",
                c.room_id.as_deref().unwrap_or("?"),
                redact_url(c.url.as_deref().unwrap_or(WEBEX_API)),
                c.token_env.as_deref().unwrap_or("?")
            ),
            "email" => format!(
                "{} via `{}`",
                c.to.join(", "),
                c.command.as_deref().unwrap_or(DEFAULT_SENDMAIL)
            ),
            _ => format!("`{}`", c.command.as_deref().unwrap_or("")),
        }
    }

    /// The JSON `notify list` prints: destination redacted, filters, timeout.
    pub fn summary(&self) -> serde_json::Value {
        serde_json::json!({
            "id": self.id,
            "kind": self.kind,
            "destination": self.destination(),
            "timeout_secs": self.config.timeout_secs,
            "filter": self.config.filter,
            "created_at": self.created_at,
        })
    }
}

/// `scheme://host[:port]/…`: Slack webhook paths are bearer secrets, so never shown.
pub fn redact_url(url: &str) -> String {
    match parse_url(url) {
        Ok(u) => {
            let default = if u.tls { 443 } else { 80 };
            let port = if u.port == default {
                String::new()
            } else {
                format!(":{}", u.port)
            };
            let rest = if u.path == "/" { "" } else { "/…" };
            format!(
                "{}://{}{port}{rest}",
                if u.tls { "https" } else { "http" },
                u.host
            )
        }
        Err(_) => "(invalid URL)".to_string(),
    }
}

// ---------------------------------------------------------------------------------------
// Storage
// ---------------------------------------------------------------------------------------

// Channels are stored by `inventory::store` (`Inventory::channels`, `StoreTx::insert_channel`).

/// Check a new channel's configuration: what each kind needs, and nothing it ignores.
pub fn validate(kind: &str, c: &ChannelConfig) -> Result<()> {
    let given = |name: &str, present: bool| -> Result<()> {
        if present {
            Err(Error::usage(format!(
                "--{name} does not apply to {kind} channels"
            )))
        } else {
            Ok(())
        }
    };
    if c.timeout_secs == 0 || c.timeout_secs > 120 {
        return Err(Error::usage("--timeout must be between 1 and 120 seconds"));
    }
    match kind {
        "slack" => {
            let url = c.url.as_deref().ok_or_else(|| {
                Error::usage("a slack channel needs --url (the incoming webhook URL)")
            })?;
            parse_url(url).map_err(|e| Error::usage(format!("--url: {e}")))?;
            given("room-id", c.room_id.is_some())?;
            given("token-env", c.token_env.is_some())?;
            given("command", c.command.is_some())?;
            given("to", !c.to.is_empty())?;
        }
        "webex" => {
            if let Some(url) = &c.url {
                parse_url(url).map_err(|e| Error::usage(format!("--url: {e}")))?;
            }
            let room = c
                .room_id
                .as_deref()
                .ok_or_else(|| Error::usage("a webex channel needs --room-id"))?;
            if room.trim().is_empty() || room.chars().any(char::is_control) {
                return Err(Error::usage(
                    "--room-id is empty or holds control characters",
                ));
            }
            let var = c.token_env.as_deref().ok_or_else(|| {
                Error::usage("a webex channel needs --token-env VAR (the environment variable holding the bearer token)")
                    .hint("the token itself is never stored; export it in the environment pgacct runs in")
            })?;
            let valid = var
                .chars()
                .next()
                .is_some_and(|ch| ch.is_ascii_alphabetic() || ch == '_')
                && var
                    .chars()
                    .all(|ch| ch.is_ascii_alphanumeric() || ch == '_');
            if !valid {
                return Err(Error::usage(format!(
                    "--token-env {var:?} is not an environment variable name"
                ))
                .hint("give the NAME of the variable (e.g. WEBEX_TOKEN), not the token"));
            }
            given("command", c.command.is_some())?;
            given("to", !c.to.is_empty())?;
        }
        "email" => {
            if c.to.is_empty() {
                return Err(Error::usage("an email channel needs --to ADDRESS"));
            }
            for a in &c.to {
                let ok = a.contains('@')
                    && !a.starts_with('@')
                    && !a.ends_with('@')
                    && !a
                        .chars()
                        .any(|ch| ch.is_whitespace() || ch.is_control() || ch == ',');
                if !ok {
                    return Err(Error::usage(format!("--to {a:?} is not an email address")));
                }
            }
            if let Some(cmd) = &c.command {
                if cmd.trim().is_empty() {
                    return Err(Error::usage("--command is empty"));
                }
            }
            given("url", c.url.is_some())?;
            given("room-id", c.room_id.is_some())?;
            given("token-env", c.token_env.is_some())?;
        }
        "exec" => {
            let cmd = c
                .command
                .as_deref()
                .ok_or_else(|| Error::usage("an exec channel needs --command"))?;
            if cmd.trim().is_empty() {
                return Err(Error::usage("--command is empty"));
            }
            given("url", c.url.is_some())?;
            given("room-id", c.room_id.is_some())?;
            given("token-env", c.token_env.is_some())?;
            given("to", !c.to.is_empty())?;
        }
        other => return Err(Error::usage(format!("unknown channel kind {other:?}"))),
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------

/// The event a channel receives (exec hooks get it as JSON on stdin). Built from the
/// audit entry only.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub source: &'static str,
    /// The attempt's audit entry id (`pgacct audit show ID`).
    pub id: i64,
    pub completion_id: Option<i64>,
    pub time: String,
    pub actor: String,
    pub os_user: String,
    pub machine: Option<String>,
    pub action: String,
    pub env: Option<String>,
    pub database: Option<String>,
    pub server: Option<String>,
    pub role: Option<String>,
    pub kind: Option<String>,
    pub outcome: String,
    pub error: Option<String>,
    pub reason: Option<String>,
    pub ticket: Option<String>,
    pub duration_ms: Option<i64>,
    pub steps: Vec<String>,
    /// The one-line message (what Slack and Webex show).
    pub text: String,
}

/// One line, no control characters (messages end up in chat, mail headers, terminals).
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// "who did what to which role on which target, and the outcome".
pub fn message_text(a: &Attempt) -> String {
    let mut who = a.actor.clone();
    if a.os_user != a.actor {
        who.push_str(&format!(" (OS user {})", a.os_user));
    }
    if let Some(m) = &a.machine {
        who.push_str(&format!(" on {m}"));
    }
    let mut what = a.action.clone();
    if let Some(r) = &a.role {
        what.push_str(&format!(" role {r}"));
        if let Some(k) = &a.kind {
            what.push_str(&format!(" ({k})"));
        }
    }
    let target = match (&a.env, &a.database) {
        (Some(e), Some(d)) => format!(" on {e}/{d}"),
        (Some(e), None) => format!(" on {e}"),
        _ => String::new(),
    };
    let server = a
        .server
        .as_ref()
        .map(|s| format!(" [{s}]"))
        .unwrap_or_default();
    let mut text = format!("pgacct: {who}: {what}{target}{server}: {}", a.outcome);
    if let Some(e) = &a.error {
        text.push_str(&format!(" ({e})"));
    }
    if let Some(r) = &a.reason {
        text.push_str(&format!("; reason: {r}"));
    }
    if let Some(t) = &a.ticket {
        text.push_str(&format!("; ticket: {t}"));
    }
    text.push_str(&format!(" (audit #{})", a.id));
    clean(&text)
}

pub fn event(a: &Attempt) -> Event {
    Event {
        source: "pgacct",
        id: a.id,
        completion_id: a.completion_id,
        time: a.finished.clone().unwrap_or_else(|| a.time.clone()),
        actor: a.actor.clone(),
        os_user: a.os_user.clone(),
        machine: a.machine.clone(),
        action: a.action.clone(),
        env: a.env.clone(),
        database: a.database.clone(),
        server: a.server.clone(),
        role: a.role.clone(),
        kind: a.kind.clone(),
        outcome: a.outcome.clone(),
        error: a.error.clone(),
        reason: a.reason.clone(),
        ticket: a.ticket.clone(),
        duration_ms: a.duration_ms,
        steps: a.steps.clone(),
        text: message_text(a),
    }
}

fn email_message(c: &ChannelConfig, ev: &Event) -> String {
    let target = match (&ev.env, &ev.database) {
        (Some(e), Some(d)) => format!(" {e}/{d}"),
        _ => String::new(),
    };
    let role = ev
        .role
        .as_ref()
        .map(|r| format!(" {r}"))
        .unwrap_or_default();
    let subject = clean(&format!(
        "[pgacct] {}{role}{target}: {}",
        ev.action, ev.outcome
    ));
    format!(
        "To: {}\nSubject: {subject}\nContent-Type: text/plain; charset=utf-8\nX-Pgacct-Entry: {}\n\n{}\n\n{}\n",
        c.to.join(", "),
        ev.id,
        ev.text,
        serde_json::to_string_pretty(ev).expect("events serialize")
    )
}

// ---------------------------------------------------------------------------------------
// Delivery
// ---------------------------------------------------------------------------------------

/// Deliver `ev` to one channel. Errors name what failed, never a token or a webhook path.
pub fn deliver(ch: &Channel, ev: &Event) -> std::result::Result<(), String> {
    let c = &ch.config;
    let timeout = Duration::from_secs(c.timeout_secs.max(1));
    match ch.kind.as_str() {
        "slack" => {
            let url = c.url.as_deref().ok_or("the channel has no URL")?;
            let body = serde_json::json!({ "text": ev.text }).to_string();
            http_post(url, &[], body.as_bytes(), timeout)
        }
        "webex" => {
            let url = c.url.as_deref().unwrap_or(WEBEX_API);
            let var = c
                .token_env
                .as_deref()
                .ok_or("the channel names no token variable")?;
            let token = zeroize::Zeroizing::new(std::env::var(var).map_err(|_| {
                format!("the environment variable {var} (the Webex bearer token) is not set")
            })?);
            if token.trim().is_empty() || token.chars().any(char::is_control) {
                return Err(format!(
                    "the environment variable {var} does not hold a usable token"
                ));
            }
            let auth = zeroize::Zeroizing::new(format!("Bearer {}", token.trim()));
            let body = serde_json::json!({ "roomId": c.room_id, "text": ev.text }).to_string();
            http_post(
                url,
                &[("Authorization", auth.as_str())],
                body.as_bytes(),
                timeout,
            )
        }
        "email" => {
            let cmd = c.command.as_deref().unwrap_or(DEFAULT_SENDMAIL);
            run_hook(cmd, email_message(c, ev).as_bytes(), ev.id, timeout)
        }
        "exec" => {
            let cmd = c.command.as_deref().ok_or("the channel has no command")?;
            let json = serde_json::to_string(ev).expect("events serialize");
            run_hook(cmd, json.as_bytes(), ev.id, timeout)
        }
        other => Err(format!("unknown channel kind {other:?}")),
    }
}

/// A parsed `http://` or `https://` URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    pub tls: bool,
    pub host: String,
    pub port: u16,
    /// Path and query, starting with `/`.
    pub path: String,
}

pub fn parse_url(url: &str) -> std::result::Result<Url, String> {
    let (tls, rest) = if let Some(r) = url.strip_prefix("https://") {
        (true, r)
    } else if let Some(r) = url.strip_prefix("http://") {
        (false, r)
    } else {
        return Err("the URL must start with https:// or http://".into());
    };
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("the URL holds spaces or control characters".into());
    }
    let (authority, path) = match rest.find(['/', '?']) {
        Some(i) if rest.as_bytes()[i] == b'/' => (&rest[..i], rest[i..].to_string()),
        Some(i) => (&rest[..i], format!("/{}", &rest[i..])),
        None => (rest, "/".to_string()),
    };
    if authority.contains('@') {
        return Err("user names or passwords in the URL are not supported".into());
    }
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let end = v6.find(']').ok_or("unclosed [ in the URL's host")?;
        let port = &v6[end + 1..];
        (v6[..end].to_string(), port.strip_prefix(':'))
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h.to_string(), Some(p)),
            None => (authority.to_string(), None),
        }
    };
    if host.is_empty() {
        return Err("the URL has no host".into());
    }
    let port = match port {
        Some(p) => p
            .parse::<u16>()
            .map_err(|_| format!("bad port {p:?} in the URL"))?,
        None if tls => 443,
        None => 80,
    };
    Ok(Url {
        tls,
        host,
        port,
        path,
    })
}

/// POST `body` as JSON; Ok on a 2xx answer. The whole exchange is bounded by `timeout`
/// per step (connect, each write, each read).
pub fn http_post(
    url: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    timeout: Duration,
) -> std::result::Result<(), String> {
    let u = parse_url(url)?;
    let place = format!("{}:{}", u.host, u.port);
    let addrs: Vec<_> = (u.host.as_str(), u.port)
        .to_socket_addrs()
        .map_err(|e| format!("cannot resolve {}: {e}", u.host))?
        .collect();
    let mut last = format!("no address for {}", u.host);
    let mut stream = None;
    for a in addrs {
        match TcpStream::connect_timeout(&a, timeout) {
            Ok(s) => {
                stream = Some(s);
                break;
            }
            Err(e) => last = format!("cannot connect to {place}: {e}"),
        }
    }
    let stream = stream.ok_or(last)?;
    stream
        .set_read_timeout(Some(timeout))
        .and_then(|_| stream.set_write_timeout(Some(timeout)))
        .map_err(|e| format!("{place}: {e}"))?;
    let mut req = format!(
        "POST {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: pgacct/{}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
        u.path,
        if u.port == if u.tls { 443 } else { 80 } {
            u.host.clone()
        } else {
            place.clone()
        },
        env!("CARGO_PKG_VERSION"),
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    let mut bytes = zeroize::Zeroizing::new(req.into_bytes());
    bytes.extend_from_slice(body);
    let deadline = Instant::now() + timeout * 3;
    let status = if u.tls {
        let connector = openssl::ssl::SslConnector::builder(openssl::ssl::SslMethod::tls())
            .map_err(|e| format!("TLS setup: {e}"))?
            .build();
        let mut tls = connector
            .connect(&u.host, stream)
            .map_err(|e| format!("TLS handshake with {place} failed: {e}"))?;
        exchange(&mut tls, &bytes, deadline, &place)?
    } else {
        let mut s = stream;
        exchange(&mut s, &bytes, deadline, &place)?
    };
    if (200..300).contains(&status.0) {
        Ok(())
    } else {
        Err(format!(
            "{place} answered HTTP {} {}",
            status.0,
            crate::output::sanitize(&clean(&status.1))
        ))
    }
}

/// Send the request, read the status line.
fn exchange<S: Read + Write>(
    s: &mut S,
    req: &[u8],
    deadline: Instant,
    place: &str,
) -> std::result::Result<(u16, String), String> {
    let timed_out = |e: &std::io::Error| {
        matches!(
            e.kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
        )
    };
    s.write_all(req).and_then(|_| s.flush()).map_err(|e| {
        if timed_out(&e) {
            format!("{place} did not take the request in time")
        } else {
            format!("sending to {place}: {e}")
        }
    })?;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 1024];
    loop {
        if let Some(end) = buf.windows(2).position(|w| w == b"\r\n") {
            let line = String::from_utf8_lossy(&buf[..end]).to_string();
            let mut parts = line.splitn(3, ' ');
            let proto = parts.next().unwrap_or("");
            let code = parts.next().and_then(|c| c.parse::<u16>().ok());
            return match (proto.starts_with("HTTP/"), code) {
                (true, Some(c)) => Ok((c, parts.next().unwrap_or("").to_string())),
                _ => Err(format!("{place} did not answer with HTTP")),
            };
        }
        if Instant::now() > deadline || buf.len() > 8192 {
            return Err(format!("{place} did not answer in time"));
        }
        match s.read(&mut chunk) {
            Ok(0) => return Err(format!("{place} closed the connection without an answer")),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if timed_out(&e) => {
                return Err(format!("{place} did not answer in time"));
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(format!("reading from {place}: {e}")),
        }
    }
}

/// Run `sh -c cmd` with `input` on stdin, in its own process group; kill the group when
/// it outlives `timeout`. Ok when it exits 0.
fn run_hook(
    cmd: &str,
    input: &[u8],
    entry: i64,
    timeout: Duration,
) -> std::result::Result<(), String> {
    use std::os::unix::process::CommandExt;
    // The input goes through an in-memory file, not a pipe: a hook that exits without
    // reading it must not raise SIGPIPE in pgacct (which keeps SIGPIPE's default action).
    let stdin = memfile(input).map_err(|e| format!("cannot prepare the input of `{cmd}`: {e}"))?;
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .env("PGACCT_EVENT_ID", entry.to_string())
        // The admin password is pgacct's alone, not the hook's.
        .env_remove(crate::target::credentials::ENV_PASSWORD)
        .stdin(Stdio::from(stdin))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .map_err(|e| format!("cannot run `{cmd}`: {e}"))?;
    let stderr = child.stderr.take();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(mut e) = stderr {
            let _ = e.by_ref().take(4096).read_to_string(&mut s);
        }
        s
    });
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(st)) => break st,
            Ok(None) if Instant::now() >= deadline => {
                // SAFETY: kill(2) on the process group we created for the hook.
                unsafe {
                    libc::kill(-(child.id() as i32), libc::SIGKILL);
                }
                let _ = child.wait();
                return Err(format!(
                    "`{cmd}` did not finish within {}s and was killed",
                    timeout.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(format!("waiting for `{cmd}`: {e}")),
        }
    };
    if status.success() {
        return Ok(());
    }
    let err = reader.join().unwrap_or_default();
    let first = clean(err.lines().next().unwrap_or("").trim());
    let how = match status.code() {
        Some(c) => format!("exited with status {c}"),
        None => "was killed by a signal".to_string(),
    };
    Err(if first.is_empty() {
        format!("`{cmd}` {how}")
    } else {
        format!("`{cmd}` {how}: {first}")
    })
}

/// An anonymous in-memory file holding `data`, positioned at its start.
fn memfile(data: &[u8]) -> std::io::Result<std::fs::File> {
    use std::io::{Seek, SeekFrom};
    use std::os::fd::FromRawFd;
    // SAFETY: memfd_create returns a new file descriptor we own (or -1).
    let fd = unsafe { libc::memfd_create(c"pgacct-event".as_ptr(), libc::MFD_CLOEXEC) };
    if fd < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: fd is a fresh, valid descriptor owned by nothing else.
    let mut f = unsafe { std::fs::File::from_raw_fd(fd) };
    f.write_all(data)?;
    f.seek(SeekFrom::Start(0))?;
    Ok(f)
}

/// The result of one delivery, for `notify test`.
#[derive(Debug, Clone, Serialize)]
pub struct Delivery {
    pub channel: i64,
    pub kind: String,
    pub destination: String,
    pub delivered: bool,
    pub error: Option<String>,
    /// The audit row recording the failure.
    pub audit_id: Option<i64>,
}

/// Deliver the completed audit entry `entry` to every matching channel. Never fails the
/// operation: delivery problems become warnings and audit rows.
pub fn send(ctx: &Context, inv: &mut Inventory, entry: i64) {
    let _ = deliver_all(ctx, inv, entry, false);
}

/// As [`send`] for workers sharing one inventory: the inventory is locked only to read
/// the entry and its channels and to record failed deliveries, never while delivering
/// (a slow webhook stalls no other worker).
pub fn send_shared(ctx: &Context, inv: &std::sync::Mutex<&mut Inventory>, entry: i64) {
    let lock = || inv.lock().unwrap_or_else(|p| p.into_inner());
    let Some(pending) = pending(ctx, &lock(), entry) else {
        return;
    };
    let done = pending.deliver(ctx, false);
    record_failures(ctx, &mut lock(), done);
}

/// Deliver `entry` to every channel (all of them when `every` is set, else the ones whose
/// filter matches). Failures are warned about and recorded; the results are returned.
pub fn deliver_all(ctx: &Context, inv: &mut Inventory, entry: i64, every: bool) -> Vec<Delivery> {
    let Some(pending) = pending(ctx, inv, entry) else {
        return vec![];
    };
    let done = pending.deliver(ctx, every);
    record_failures(ctx, inv, done)
}

/// An audit entry and the channels to tell about it, read from the inventory.
pub struct Pending {
    attempt: Attempt,
    channels: Vec<Channel>,
}

/// Read the entry `entry` and the channels (None when there is nothing to send).
fn pending(ctx: &Context, inv: &Inventory, entry: i64) -> Option<Pending> {
    // The channels first: without any, the entry need not be read (on a PostgreSQL
    // inventory the channels come with the connection's first read).
    let channels = inv.channels();
    if channels.as_ref().is_ok_and(|c| c.is_empty()) {
        return None;
    }
    match (inv.attempt(entry), channels) {
        (Ok(Some(attempt)), Ok(channels)) => Some(Pending { attempt, channels }),
        (Ok(None), _) => None,
        (Err(e), _) | (_, Err(e)) => {
            ctx.out.warn(format!(
                "notifications for audit entry {entry} were not sent: cannot read the inventory: {}",
                e.message
            ));
            None
        }
    }
}

impl Pending {
    /// Deliver to the matching channels (every one with `every`), without the inventory:
    /// each delivery with the audit record of its failure, if it failed.
    fn deliver(&self, ctx: &Context, every: bool) -> Vec<(Delivery, Option<Record>)> {
        let attempt = &self.attempt;
        let ev = event(attempt);
        let mut out = vec![];
        for ch in self
            .channels
            .iter()
            .filter(|c| every || c.config.filter.matches(attempt))
        {
            let result = deliver(ch, &ev);
            let d = Delivery {
                channel: ch.id,
                kind: ch.kind.clone(),
                destination: ch.destination(),
                delivered: result.is_ok(),
                error: result.as_ref().err().cloned(),
                audit_id: None,
            };
            let mut rec = None;
            if let Err(err) = result {
                ctx.out.warn(format!(
                    "notification to channel {} ({} {}) failed: {}; the operation itself is unaffected (audit entry {})",
                    ch.id,
                    ch.kind,
                    crate::output::sanitize(&d.destination),
                    crate::output::sanitize(&err),
                    attempt.id
                ));
                rec = Some(Record {
                    entry_id: Some(attempt.id),
                    action: NOTIFY_ACTION.to_string(),
                    env: attempt.env.clone(),
                    db_name: attempt.database.clone(),
                    server: attempt.server.clone(),
                    role: attempt.role.clone(),
                    outcome: Some(Outcome::Failed),
                    error: Some(err),
                    detail: Some(serde_json::json!({
                        "channel": ch.id,
                        "kind": ch.kind,
                        "destination": d.destination,
                    })),
                    ..Record::default()
                });
            }
            out.push((d, rec));
        }
        out
    }
}

/// Record the failed deliveries in the audit log.
fn record_failures(
    ctx: &Context,
    inv: &mut Inventory,
    done: Vec<(Delivery, Option<Record>)>,
) -> Vec<Delivery> {
    let mut out = vec![];
    for (mut d, rec) in done {
        if let Some(rec) = rec {
            match inv.record(&ctx.actor, &rec) {
                Ok(id) => d.audit_id = Some(id),
                Err(e) => ctx.out.warn(format!(
                    "the failed notification could not be recorded either: {e}"
                )),
            }
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_parse_with_defaults_and_redact_their_path() {
        let u = parse_url("https://hooks.slack.com/services/T0/B0/secret").unwrap();
        assert_eq!(
            u,
            Url {
                tls: true,
                host: "hooks.slack.com".into(),
                port: 443,
                path: "/services/T0/B0/secret".into()
            }
        );
        assert_eq!(
            redact_url("https://hooks.slack.com/services/T0/B0/secret"),
            "https://hooks.slack.com/…"
        );
        let u = parse_url("http://127.0.0.1:8080").unwrap();
        assert_eq!((u.port, u.path.as_str(), u.tls), (8080, "/", false));
        assert_eq!(parse_url("http://[::1]:9/x").unwrap().host, "::1");
        assert!(parse_url("ftp://x").is_err());
        assert!(parse_url("https://user:pw@host/").is_err());
        assert!(parse_url("http://host:99999/").is_err());
    }

    fn attempt(outcome: &str, is_read: bool) -> Attempt {
        Attempt {
            id: 12,
            completion_id: Some(13),
            time: "2026-11-22T10:00:00.000Z".into(),
            actor: "ci-pipeline".into(),
            os_user: "ann".into(),
            machine: Some("bastion".into()),
            version: "0.1.0".into(),
            action: "user create".into(),
            env: Some("prod".into()),
            database: Some("app".into()),
            server: Some("pg1:5432".into()),
            role: Some("jsmith".into()),
            kind: Some("devqa".into()),
            outcome: outcome.into(),
            is_read,
            steps: vec![],
            error: None,
            reason: None,
            ticket: Some("OPS-1\nBcc: x".into()),
            duration_ms: Some(5),
            finished: None,
        }
    }

    #[test]
    fn message_says_who_did_what_to_which_role_where() {
        let t = message_text(&attempt("changed", false));
        assert_eq!(
            t,
            "pgacct: ci-pipeline (OS user ann) on bastion: user create role jsmith (devqa) on prod/app [pg1:5432]: changed; ticket: OPS-1 Bcc: x (audit #12)"
        );
    }

    #[test]
    fn filters_match_on_action_env_outcome_and_skip_reads_by_default() {
        let all = Filter::default();
        assert!(all.matches(&attempt("changed", false)));
        assert!(!all.matches(&attempt("read", true)));
        let f = Filter {
            actions: vec!["user drop".into()],
            ..Filter::default()
        };
        assert!(!f.matches(&attempt("changed", false)));
        let f = Filter {
            envs: vec!["prod".into()],
            outcomes: vec!["failed".into(), "read".into()],
            ..Filter::default()
        };
        assert!(!f.matches(&attempt("changed", false)));
        assert!(f.matches(&attempt("failed", false)));
        assert!(f.matches(&attempt("read", true)));
    }

    #[test]
    fn validation_wants_what_each_kind_needs() {
        let mut c = ChannelConfig {
            timeout_secs: 5,
            ..ChannelConfig::default()
        };
        assert!(validate("slack", &c).is_err());
        c.url = Some("https://hooks.example/x".into());
        assert!(validate("slack", &c).is_ok());
        c.command = Some("x".into());
        assert!(validate("slack", &c).is_err());
        let w = ChannelConfig {
            room_id: Some("room".into()),
            token_env: Some("not a name".into()),
            timeout_secs: 5,
            ..ChannelConfig::default()
        };
        assert!(validate("webex", &w).is_err());
        let e = ChannelConfig {
            to: vec!["a@b.example\nBcc: evil@x".into()],
            timeout_secs: 5,
            ..ChannelConfig::default()
        };
        assert!(validate("email", &e).is_err());
    }
}
