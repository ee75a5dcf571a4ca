//! Warm target connections for a command on a PostgreSQL inventory (issue 16): the
//! targets named on the command line start connecting while the inventory connects,
//! instead of after it answered with their registry rows.
//!
//! - The addresses come from a local cache of the inventory's registry rows: one file per
//!   inventory URI under the user's cache directory (`<cache dir>/pgacct/`, 0600 in a
//!   0700 directory), rewritten by [`save`] whenever the inventory's first read brings
//!   rows that differ from it. It holds what `registry show` shows (hosts, ports, TLS
//!   settings, password commands), never a password.
//! - [`start`] starts, on a thread per target, what [`super::connect_deferred`] does for the
//!   cached row: resolve the credentials (never a prompt: a target whose credentials
//!   have no password from a non-interactive source is not warmed) and connect. Connecting
//!   changes nothing: a login, the session's own first read queued (not sent) as
//!   [`super::connect_deferred`] leaves it.
//! - [`take`], called by [`super::connect_deferred`] (the engine's one way to connect),
//!   hands the warm session, made the same way (its own first read queued), over only when the
//!   row the inventory returned is the cached row (every field) and the purpose and
//!   settings are the ones the warm connection used; otherwise it is dropped unused and
//!   the target is connected to as usual. Nothing else is sent on a warm connection before
//!   it is handed over, and the pipeline sends nothing on it before the started audit row
//!   is in (as with any connection it opens).

use super::{Credentials, Purpose, Session};
use crate::error::{Error, Result};
use crate::inventory::targets::Target;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;

/// One connection started from a cached row.
struct Warm {
    /// The cached row it was started from.
    target: Target,
    purpose: Purpose,
    settings: super::ConnectSettings,
    handle: JoinHandle<Result<(Session, Arc<Credentials>)>>,
}

fn warm() -> &'static Mutex<Vec<Warm>> {
    static WARM: OnceLock<Mutex<Vec<Warm>>> = OnceLock::new();
    WARM.get_or_init(|| Mutex::new(Vec::new()))
}

/// The cache file of the inventory at `uri` (the URI holds no password).
pub fn cache_path(uri: &str) -> Option<PathBuf> {
    use sha2::{Digest, Sha256};
    let key = hex::encode(Sha256::digest(uri.as_bytes()));
    Some(
        dirs::cache_dir()?
            .join("pgacct")
            .join(format!("inventory-{}.json", &key[..16])),
    )
}

fn load(uri: &str) -> Vec<Target> {
    cache_path(uri)
        .and_then(|p| std::fs::read(p).ok())
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

/// Keep `targets` (the inventory's registry rows, as just read) as the cache of the
/// inventory at `uri`, when they differ from it. Best effort: a cache that cannot be
/// written only means no warm connections.
pub fn save(uri: &str, targets: &[Target]) {
    use std::io::Write;
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    let Some(path) = cache_path(uri) else { return };
    let Ok(json) = serde_json::to_vec(targets) else {
        return;
    };
    if std::fs::read(&path).ok().as_deref() == Some(json.as_slice()) {
        return;
    }
    let Some(dir) = path.parent() else { return };
    if std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .is_err()
    {
        return;
    }
    // Written aside and renamed: a reader never sees half a file.
    let tmp = dir.join(format!(".{}.{}", std::process::id(), unique()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&tmp)
        .and_then(|mut f| f.write_all(&json));
    if written.is_err() || std::fs::rename(&tmp, &path).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

/// Start connecting to the targets `names` (`ENV/DB`, each named on the command line),
/// as the command's PostgreSQL inventory
/// last listed them (a command on a SQLite inventory, or without a cache, warms
/// nothing). `dry_run`: a read-only session, as the pipeline opens for a dry run.
pub fn start(ctx: &crate::context::Context, names: &[String], dry_run: bool) {
    let Some(uri) = ctx.inventory_uri() else {
        return;
    };
    if names.is_empty() || std::env::var("PGACCT_WARM").is_ok_and(|v| v == "off") {
        return;
    }
    let cached = load(&uri);
    let settings = super::ConnectSettings::from_context(ctx);
    let purpose = if dry_run {
        Purpose::Read
    } else {
        Purpose::Change
    };
    let mut list = warm().lock().unwrap_or_else(|p| p.into_inner());
    for name in names {
        let Some(t) = cached.iter().find(|t| t.active && t.name() == *name) else {
            continue;
        };
        if list.iter().any(|w| w.target.name() == *name) {
            continue;
        }
        let (target, s) = (t.clone(), settings);
        let handle = std::thread::spawn(move || {
            // Never a prompt here: without a password from a non-interactive source the
            // target is connected to as usual (which may prompt, on a terminal).
            let creds = super::credentials::resolve(&target, &super::warn_once)?;
            if creds.password.is_none() {
                return Err(Error::failed("no password without a prompt: not warmed"));
            }
            let creds = Arc::new(creds);
            // As `connect_deferred` connects (the one way the engine does): the session's
            // own first read stays queued, to go with the work's first flight.
            let defer = super::flight::Flight::deferring();
            let mut none = vec![];
            let session = super::connect_full(
                &s,
                &target,
                &target.database,
                purpose,
                creds.clone(),
                Some((&defer, &mut none)),
            )?;
            Ok((session, creds))
        });
        list.push(Warm {
            target: t.clone(),
            purpose,
            settings,
            handle,
        });
    }
}

/// The warm session for `target` (the row the inventory returned), if one was started
/// from the same row, for the same purpose and settings, and it connected. A warm
/// connection that does not match is dropped unused (closed when its thread ends).
pub(super) fn take(
    settings: &super::ConnectSettings,
    target: &Target,
    purpose: Purpose,
) -> Option<Session> {
    let w = {
        let mut list = warm().lock().unwrap_or_else(|p| p.into_inner());
        let at = list.iter().position(|w| w.target.name() == target.name())?;
        list.remove(at)
    };
    let same = w.target == *target && w.purpose == purpose && w.settings == *settings;
    if !same {
        // Dropping the handle detaches the thread; its session closes when it ends.
        return None;
    }
    let (session, creds) = w.handle.join().ok()?.ok()?;
    super::remember(target, creds);
    Some(session)
}
